//! End-to-end tests of the pipeline on source strings: compile, call the native entry point through
//! its slot buffers, and compare with values computed by CPython.

use hasten_compiler::compile;
use hasten_ir::{Dtype, FunctionSource, GlobalValue, Program, Type};
use std::collections::HashMap;

fn program(sources: &[&str], globals: &[(&str, GlobalValue)]) -> Program {
    let globals: HashMap<String, GlobalValue> = globals.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    Program {
        functions: sources
            .iter()
            .map(|s| FunctionSource {
                name: "f".into(),
                filename: "test.py".into(),
                source: s.to_string(),
                first_line: 1,
                indent: 0,
                globals: globals.clone(),
                options: Default::default(),
            })
            .collect(),
        overloads: HashMap::new(),
    }
}

/// Compiles function 0 for `types`, calls it with `args` slots, returns (status, return slots).
fn run(p: &Program, types: &[Type], args: &[u64]) -> (i32, Vec<u64>) {
    let compiled = compile(p, 0, types).unwrap_or_else(|d| panic!("{d}"));
    let mut ret = vec![0u64; compiled.ret_type.slot_count().max(1)];
    let status = unsafe { (compiled.entry())(args.as_ptr(), ret.as_mut_ptr()) };
    (status, ret)
}

fn f(bits: u64) -> f64 {
    f64::from_bits(bits)
}

#[test]
fn basel_loop_uses_python_negative_power() {
    let p = program(&["def basel(N):\n    s = 0.0\n    for x in range(1, N):\n        s += x**(-2)\n    return s\n"], &[]);
    let (status, ret) = run(&p, &[Type::Int], &[1000]);
    assert_eq!(status, 0);
    // CPython: sum(x**(-2) for x in range(1, 1000)) accumulated left to right.
    let mut s = 0.0f64;
    for x in 1..1000 {
        s += (x as f64).powf(-2.0);
    }
    assert_eq!(f(ret[0]), s);
}

#[test]
fn floor_division_and_modulo_follow_python() {
    let p = program(&["def g(a, b):\n    return (a // b, a % b)\n"], &[]);
    for (a, b, q, r) in [(-5i64, 10i64, -1i64, 5i64), (5, -10, -1, -5), (-7, -2, 3, -1), (7, 2, 3, 1), (i64::MIN, -1, 0, 0)] {
        let (status, ret) = run(&p, &[Type::Int, Type::Int], &[a as u64, b as u64]);
        if a == i64::MIN {
            assert_eq!(status, 1, "MIN // -1 overflows 64 bits");
            let e = hasten_runtime::take_error().unwrap();
            assert_eq!(e.exc, "OverflowError");
            continue;
        }
        assert_eq!(status, 0);
        assert_eq!((ret[0] as i64, ret[1] as i64), (q, r), "{a} // {b}");
    }
}

#[test]
fn division_by_zero_reports_location() {
    let p = program(&["def g(a, b):\n    return a // b\n"], &[]);
    let (status, _) = run(&p, &[Type::Int, Type::Int], &[1, 0]);
    assert_eq!(status, 1);
    let e = hasten_runtime::take_error().unwrap();
    assert_eq!(e.exc, "ZeroDivisionError");
    assert_eq!(e.message.as_deref(), Some("integer division or modulo by zero"));
    assert!(e.location.contains("test.py:2:12"), "{}", e.location);
}

#[test]
fn recursion_infers_return_type() {
    let p = program(
        &["def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n"],
        &[("fib", GlobalValue::Function(0))],
    );
    let (status, ret) = run(&p, &[Type::Int], &[20]);
    assert_eq!((status, ret[0]), (0, 6765));
}

#[test]
fn arrays_index_with_bounds_checks() {
    let src = "def total(a):\n    s = 0.0\n    for i in range(a.shape[0]):\n        for j in range(a.shape[1]):\n            s += a[i, j]\n    a[0, -1] = s\n    return a[2, 0]\n";
    let p = program(&[src], &[]);
    let mut data: Vec<f64> = (0..6).map(|x| x as f64).collect();
    let ty = Type::array(Dtype::F64, 2);
    let args = [data.as_mut_ptr() as u64, 0, 2, 3, 24, 8];
    let (status, _) = run(&p, &[ty], &args);
    assert_eq!(status, 1, "a[2, 0] is out of bounds");
    let e = hasten_runtime::take_error().unwrap();
    assert_eq!(e.message.as_deref(), Some("index 2 is out of bounds for axis 0 with size 2"));
    assert_eq!(data[2], 15.0, "the store before the failing read is visible");
}

#[test]
fn calls_between_jitted_functions_and_tuples() {
    let p = program(
        &[
            "def outer(x, y):\n    a, b = inner(x, y=y)\n    return b, a\n",
            "def inner(x, y=1):\n    return x + y, x * 2.5\n",
        ],
        &[("inner", GlobalValue::Function(1))],
    );
    let (status, ret) = run(&p, &[Type::Int, Type::Int], &[4, 3]);
    assert_eq!(status, 0);
    assert_eq!((f(ret[0]), ret[1]), (10.0, 7));
}

#[test]
fn unification_of_int_and_float_and_errors_for_arrays() {
    let p = program(&["def g(c):\n    x = 0\n    if c:\n        x = 1.5\n    return x\n"], &[]);
    let (_, ret) = run(&p, &[Type::Bool], &[0]);
    assert_eq!(f(ret[0]), 0.0);
    let p = program(&["def g(a):\n    x = 0\n    x = a\n    return x\n"], &[]);
    let err = compile(&p, 0, &[Type::array(Dtype::F64, 1)]).err().unwrap();
    let text = err.to_string();
    assert!(text.contains("error[TypingError]: cannot unify int and array(float64, 1d, C)"), "{text}");
    assert!(text.contains("test.py:3:5"), "{text}");
}

#[test]
fn arrays_made_inside_are_returned_holding_one_reference() {
    let src = "def g(n):\n    t = np.zeros(n)\n    a = np.ones((n, 2), dtype=np.int32)\n    a[1, 1] = 7\n    b = a\n    return b\n";
    let p = program(&[src], &[("np", GlobalValue::NumpyModule)]);
    let before = hasten_runtime::stats();
    {
        let mut scope = hasten_runtime::ArenaScope::begin();
        let (status, ret) = run(&p, &[Type::Int], &[3]);
        assert_eq!(status, 0);
        scope.returned();
        assert_eq!(&ret[2..6], &[3, 2, 8, 4]);
        let data = ret[0] as *const i32;
        let values: Vec<i32> = (0..6).map(|i| unsafe { *data.add(i) }).collect();
        assert_eq!(values, [1, 1, 1, 7, 1, 1]);
        assert_eq!(ret[1] & 1, 1, "owner is a tagged allocation handle");
        assert_eq!(hasten_runtime::stats().live, before.live + 1, "`t` died with the call");
        let owned = scope.take(ret[1], 1).expect("the result's block, listed in the call's scope");
        drop(scope);
        assert_eq!(hasten_runtime::stats().live, before.live + 1);
        drop(owned);
    }
    let after = hasten_runtime::stats();
    assert_eq!((after.live, after.leaked, after.miscounted), (before.live, before.leaked, before.miscounted));
}

#[test]
fn unbound_loop_variable_raises() {
    let p = program(&["def g(n):\n    for j in range(n):\n        pass\n    return j\n"], &[]);
    assert_eq!(run(&p, &[Type::Int], &[3]).1[0], 2);
    let (status, _) = run(&p, &[Type::Int], &[0]);
    assert_eq!(status, 1);
    assert_eq!(hasten_runtime::take_error().unwrap().exc, "UnboundLocalError");
}

#[test]
fn caught_failures_leave_no_pending_error_and_finally_runs() {
    let src = "def g(a, b):\n    r = 0\n    for k in range(3):\n        try:\n            try:\n                r += a // (b - k)\n            except ZeroDivisionError:\n                r -= 100\n                if k == 2:\n                    raise\n            finally:\n                r += 1000\n        except ArithmeticError:\n            return -r\n    return r\n";
    let p = program(&[src], &[]);
    // CPython: g(10, 5) == 3007, g(10, 1) == 2900, g(10, 2) == -2915.
    for (b, expected) in [(5u64, 3007i64), (1, 2900), (2, -2915)] {
        let (status, ret) = run(&p, &[Type::Int, Type::Int], &[10, b]);
        assert_eq!(status, 0);
        assert_eq!(ret[0] as i64, expected, "b = {b}");
        assert_eq!(hasten_runtime::take_error(), None, "a handled error leaves nothing pending");
        assert_eq!(hasten_runtime::handlers::handled_depth(), 0);
    }
}
