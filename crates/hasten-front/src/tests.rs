//! End-to-end tests of the front end: source string in, HIR out.

use hasten_ir::hir::*;
use hasten_ir::{Dtype, FunctionSource, GlobalValue};
use std::collections::HashMap;

/// The function alone (the tests' sources have no inner functions unless they say so).
fn lower(src: &FunctionSource, id: hasten_ir::FuncId) -> crate::Result<Function> {
    crate::lower(src, id, 1).map(|(f, _)| f)
}

fn src(code: &str) -> FunctionSource {
    FunctionSource {
        name: "f".into(),
        filename: "t.py".into(),
        source: code.into(),
        first_line: 1,
        indent: 0,
        globals: HashMap::from([("math".into(), GlobalValue::MathModule), ("np".into(), GlobalValue::NumpyModule)]),
        options: Default::default(),
    }
}

#[test]
fn locals_are_names_assigned_anywhere() {
    let f = lower(&src("def f(a, b=2):\n    for i in range(a):\n        x = i\n    return x\n"), 0).unwrap();
    let names: Vec<_> = f.locals.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["a", "b", "i", "x"]);
    assert!(matches!(f.params[1].default, Some(Ok(Const::Int(2)))));
    assert!(matches!(f.body[0].kind, StmtKind::ForRange { .. }));
}

#[test]
fn negative_literals_fold_to_constants() {
    let f = lower(&src("def f(x):\n    return x ** -2\n"), 0).unwrap();
    let StmtKind::Return(Some(e)) = &f.body[0].kind else { panic!() };
    let ExprKind::Binary(BinOp::Pow, _, rhs) = &e.kind else { panic!() };
    assert!(matches!(rhs.kind, ExprKind::Const(Const::Int(-2))));
}

#[test]
fn math_constants_and_functions_resolve() {
    let f = lower(&src("def f(x):\n    return math.sqrt(x) + math.pi\n"), 0).unwrap();
    let StmtKind::Return(Some(e)) = &f.body[0].kind else { panic!() };
    let ExprKind::Binary(_, l, r) = &e.kind else { panic!() };
    assert!(matches!(l.kind, ExprKind::Call(Callee::Math(MathFn::Sqrt), _, _)));
    assert!(matches!(r.kind, ExprKind::Const(Const::Float(_))));
}

#[test]
fn unsupported_constructs_point_at_themselves() {
    let code = "def f(x):\n    y = 1 + (z := x)\n    return y\n";
    let err = lower(&src(code), 0).unwrap_err();
    assert!(err.message.contains("assignment expressions (:=)"));
    let s = err.span.unwrap();
    assert_eq!(&code[s.start as usize..s.end as usize], "z := x");
}

#[test]
fn dict_comprehensions_call_an_inner_function_of_their_loop_nest() {
    let code = "def f(x):\n    return {i: i for i in range(x) for j in range(i)}\n";
    let (f, inner) = crate::lower(&src(code), 0, 1).unwrap();
    let StmtKind::Return(Some(e)) = &f.body[0].kind else { panic!() };
    let ExprKind::Call(Callee::Function(1), args, captures) = &e.kind else { panic!("{:?}", e.kind) };
    assert!(args.is_empty() && captures.len() == 2, "x is captured, with whether it is bound");
    assert!(matches!(captures[1].1.kind, ExprKind::Bound(0)));
    assert_eq!(inner.len(), 1);
    assert!(matches!(inner[0].body.last().map(|s| &s.kind), Some(StmtKind::Return(Some(_)))));
}

#[test]
fn numpy_keywords_bind_to_positions() {
    let f = lower(&src("def f(n):\n    return np.zeros(dtype=np.int32, shape=n)\n"), 0).unwrap();
    let StmtKind::Return(Some(e)) = &f.body[0].kind else { panic!() };
    let ExprKind::Call(Callee::Numpy(NumpyFn::Zeros), args, _) = &e.kind else { panic!() };
    assert!(matches!(args[1].kind, ExprKind::Dtype(Dtype::I32)));
}

#[test]
fn unknown_names_are_typing_errors() {
    let err = lower(&src("def f(x):\n    return foo(x)\n"), 0).unwrap_err();
    assert!(err.message.contains("'foo' is not defined"));
}

#[test]
fn try_lowers_its_clauses_and_names() {
    let code = "def f(x):\n    try:\n        y = 1 // x\n    except (ZeroDivisionError, LookupError) as e:\n        raise e\n    except:\n        raise\n    else:\n        z = y\n    finally:\n        w = 2\n    return y\n";
    let f = lower(&src(code), 0).unwrap();
    let names: Vec<_> = f.locals.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["x", "y", "z", "w"], "assignments inside try are locals; the caught name is not");
    let StmtKind::Try { body, handlers, orelse, finalbody } = &f.body[0].kind else { panic!("a try") };
    assert_eq!((body.len(), orelse.len(), finalbody.len()), (1, 1, 1));
    let classes: Vec<_> = handlers[0].classes.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(classes, ["ZeroDivisionError", "LookupError"]);
    assert!(handlers[1].classes.is_empty(), "a bare except catches everything");
    assert!(matches!(handlers[0].body[0].kind, StmtKind::Reraise(Some(id)) if id == handlers[0].id));
    assert!(matches!(handlers[1].body[0].kind, StmtKind::Reraise(None)));
}

#[test]
fn raise_takes_values_and_strings() {
    let f = lower(&src("def f(x):\n    raise ValueError('bad', x + 1)\n"), 0).unwrap();
    let StmtKind::Raise { exc, args } = &f.body[0].kind else { panic!("a raise") };
    assert_eq!(exc.name, "ValueError");
    assert!(matches!(&args[..], [RaiseArg::Str(s), RaiseArg::Value(_)] if s == "bad"));
}

#[test]
fn caught_names_can_only_be_reraised() {
    let code = "def f(x):\n    try:\n        x = 1\n    except ValueError as err:\n        return err\n    return x\n";
    let err = lower(&src(code), 0).unwrap_err();
    assert!(err.message.contains("using the caught exception 'err' this way"));
    let code = "def f(x):\n    try:\n        x = 1\n    except ValueError as x:\n        pass\n    return x\n";
    assert!(lower(&src(code), 0).unwrap_err().message.contains("both a local variable"));
}

#[test]
fn inner_functions_capture_what_they_and_their_callees_read() {
    let code = "def f(a, k):\n    t = 2\n    def g(x):\n        return h(x) + t\n    def h(y):\n        return y * k\n    u = lambda z: z + a[0]\n    return g(1) + u(2)\n";
    let (f, inner) = crate::lower(&src(code), 0, 10).unwrap();
    // g reads k through h (first) and t itself; h reads k; the lambda reads a. The names bound to inner
    // functions are not locals of f.
    let params = |i: usize| inner[i].params.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
    assert_eq!(inner.iter().map(|f| (f.id, f.name.as_str())).collect::<Vec<_>>(), vec![(10, "g"), (11, "h"), (12, "u")]);
    // Each captured variable comes with whether it was bound (`ExprKind::Bound`).
    assert_eq!(params(0), vec!["x", "<captured k>", "<captured t>", "<captured k>?", "<captured t>?"]);
    assert_eq!(params(1), vec!["y", "<captured k>", "<captured k>?"]);
    assert_eq!(params(2), vec!["z", "<captured a>", "<captured a>?"]);
    assert!(f.locals.iter().all(|l| !["g", "h", "u"].contains(&l.name.as_str())));
}

#[test]
fn an_inner_function_name_bound_twice_is_refused() {
    let err = lower(&src("def f(k):\n    def g():\n        return k\n    g = 3\n    return g\n"), 0).unwrap_err();
    assert!(err.message.contains("bound to an inner function and to other values"), "{}", err.message);
}

#[test]
fn a_range_in_a_local_becomes_its_three_bounds() {
    let f = lower(&src("def f(n):\n    r = range(n)\n    s = r[1:]\n    return len(s)\n"), 0).unwrap();
    let names: Vec<_> = f.locals.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["n", "r.start", "r.stop", "r.step", "s.start", "s.stop", "s.step"]);
}

#[test]
fn a_name_also_bound_otherwise_stays_a_name() {
    // `r` is rebound to an int, so `r` is no range variable; `s`, a slice of it, is none either.
    let code = "def f(n):\n    r = range(n)\n    s = r[1:]\n    for r in range(2):\n        pass\n    return r\n";
    let err = lower(&src(code), 0).unwrap_err();
    assert!(err.message.contains("a range object as a value"), "{}", err.message);
    let s = err.span.unwrap();
    assert_eq!(&code[s.start as usize..s.end as usize], "range(n)");
}
