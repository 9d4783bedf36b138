//! NumPy functions written in Python (`library/*.py`), as numba writes much of its NumPy support:
//! a call of one lowers its `def` as an inner function of the caller (as a comprehension is),
//! which the type checker then types for the call's arguments like any inner function.
//!
//! The front end binds the call's arguments to the `def`'s parameters itself. A parameter whose
//! argument (or default) is a constant (`None`, a bool, a number, a string, a dtype) becomes a
//! constant of the definition, as a module global is: `axis=0` reaches `np.sum(x, axis)` inside as
//! the constant NumPy functions require, and `if y is None` is decided from the call. The other
//! arguments are passed. A parameter whose default is `...` is one NumPy has that is not
//! compiled: passing it is refused by name. The definitions see only `np` and `math` and never
//! assign a parameter; their spans are the call's, so that a diagnostic or a traceback inside one
//! points at the user's call.

use crate::closures::{Body, Def};
use crate::bind::Kwargs;
use crate::entity::{Callable, Entity};
use crate::lowerer::Lowerer;
use crate::Result;
use hasten_ir::hir::{Builtin, Callee, Const, Expr, ExprKind, NumpyFn, Reduction};
use hasten_ir::{Diagnostic, FunctionSource, GlobalValue, Options, Span};
use ruff_python_ast as ast;
use std::collections::HashMap;

/// The library's files, each a module of `def`s named as NumPy names the function.
const SOURCES: &[&str] = &[
    include_str!("library/stats.py"),
    include_str!("library/shapes.py"),
    include_str!("library/create.py"),
    include_str!("library/sets.py"),
    include_str!("library/order.py"),
    include_str!("library/iterate.py"),
    include_str!("library/complex.py"),
    include_str!("library/strides.py"),
    include_str!("library/poly.py"),
    include_str!("library/kinds.py"),
    include_str!("library/heapq.py"),
    include_str!("library/bisect.py"),
    include_str!("library/ufuncs.py"),
    include_str!("library/ranges.py"),
    include_str!("library/pyrandom.py"),
    include_str!("library/numbers.py"),
    include_str!("library/outputs.py"),
    include_str!("library/text.py"),
    include_str!("library/operators.py"),
];

/// The methods that are library functions (`a.flatten()` is `_flatten(a)`, `n.bit_length()` is
/// `_bit_length(n)`).
pub(crate) fn method(name: &str) -> Option<&'static str> {
    match name {
        "flatten" => Some("_flatten"),
        "bit_length" => Some("_bit_length"),
        "bit_count" => Some("_bit_count"),
        "diagonal" => Some("diagonal"),
        "view" => Some("_view"),
        "expandtabs" => Some("_expandtabs"),
        "removeprefix" => Some("_removeprefix"),
        "removesuffix" => Some("_removesuffix"),
        _ => None,
    }
}

/// NumPy's submodules the library holds functions of, by their dotted names under `numpy` (the
/// top level is ""), each with its submodules and its functions' names in the library (prefixed
/// with `_`, as `np.polyadd` is a different function than `np.polynomial.polynomial.polyadd`);
/// and the standard library's modules it holds (`STDLIB`).
const MODULES: &[(&str, &[&str], &[&str])] = &[
    ("heapq", &[], &["heapify", "heappush", "heappop", "heapreplace", "heappushpop", "nsmallest", "nlargest"]),
    ("bisect", &[], &["bisect_left", "bisect_right", "bisect", "insort_left", "insort_right", "insort"]),
    ("random", &[], &["seed", "random", "uniform", "randint", "randrange", "getrandbits", "choice", "shuffle", "gauss", "normalvariate", "expovariate", "triangular", "lognormvariate", "paretovariate", "weibullvariate", "vonmisesvariate", "gammavariate", "betavariate"]),
    ("", &["polynomial", "lib"], &[]),
    ("polynomial", &["polynomial", "polyutils"], &[]),
    ("polynomial.polynomial", &[], &["polyadd", "polysub", "polymul", "polydiv", "polyval", "polyint"]),
    ("polynomial.polyutils", &[], &["as_series", "trimseq"]),
    ("lib", &["stride_tricks"], &[]),
    ("lib.stride_tricks", &[], &["as_strided", "sliding_window_view"]),
];

/// The modules of `MODULES` that are Python's own, not NumPy's.
const STDLIB: &[&str] = &["heapq", "bisect", "random"];

/// The standard library's module `name` as a module of the table.
pub(crate) fn stdlib_module(name: &str, sp: Span) -> Result<Entity> {
    match STDLIB.iter().find(|m| **m == name) {
        Some(m) => Ok(Entity::LibraryModule(m)),
        None => Err(Diagnostic::unsupported(format!("the module {name} is not supported"), sp)),
    }
}

/// `attr` of the submodule `module` (`LibraryModule`): a submodule or a library function.
pub(crate) fn module_attr(module: &str, attr: &str, sp: Span) -> Result<Entity> {
    let (_, subs, functions) = MODULES.iter().find(|(m, ..)| *m == module).expect("a module of the table");
    let inner = if module.is_empty() { attr.to_string() } else { format!("{module}.{attr}") };
    if subs.contains(&attr) {
        let (name, ..) = MODULES.iter().find(|(m, ..)| *m == inner).expect("its submodules are in the table");
        return Ok(Entity::LibraryModule(name));
    }
    match functions.contains(&attr).then(|| self::attr(&format!("_{attr}"))).flatten() {
        Some(name) => Ok(Entity::Callable(crate::entity::Callable::Library(name))),
        None if STDLIB.contains(&module) => Err(Diagnostic::unsupported(format!("{inner} is not supported yet"), sp)),
        None => Err(Diagnostic::unsupported(format!("np.{inner} is not supported yet"), sp)),
    }
}

/// The library function computing `f(args)` where an argument compiled code takes as a constant is
/// known only at run time: `np.diff`'s order (also 0 and beyond the unrolled orders: repeated first
/// differences), `np.convolve`/`np.correlate`'s mode (the library's choice, told which function),
/// `np.swapaxes`/`np.moveaxis`/`np.transpose`/`np.expand_dims`'s axes (views of the permuted or
/// extended shape and strides), `np.concatenate`'s
/// axis (or None: the arrays flattened), `np.take`'s axis.
fn run_time_form(f: NumpyFn, args: &[Expr]) -> Option<&'static str> {
    let axes = |a: &Expr| matches!(a.kind, ExprKind::Const(_) | ExprKind::Tuple(_) | ExprKind::List(_));
    match f {
        NumpyFn::Diff => args.get(1).is_some_and(|n| !matches!(n.kind, ExprKind::Const(Const::Int(k)) if (1..=hasten_ir::hir::MAX_DIFF_ORDER).contains(&k))).then_some("_diff_n"),
        NumpyFn::Convolve | NumpyFn::Correlate => (!matches!(args[2].kind, ExprKind::Const(_))).then_some("_convolve_mode"),
        NumpyFn::Take if !matches!(args[2].kind, ExprKind::Const(_)) => Some("_take_rt"),
        NumpyFn::Concatenate if args.len() == 2 => match args[1].kind {
            ExprKind::Const(Const::None) => Some("_concatenate_flat"),
            ExprKind::Const(_) => None,
            _ => Some("_concatenate_rt"),
        },
        NumpyFn::Swapaxes | NumpyFn::Moveaxis if args.len() == 3 && !(axes(&args[1]) && axes(&args[2])) => {
            Some(if f == NumpyFn::Swapaxes { "_swapaxes_rt" } else { "_moveaxis_rt" })
        }
        NumpyFn::Transpose if args.len() == 2 && !axes(&args[1]) => Some("_transpose_rt"),
        NumpyFn::ExpandDims if args.len() == 2 && !axes(&args[1]) => Some("_expand_dims_rt"),
        _ => None,
    }
}

/// The library function `np.name`, if there is one: its name as the library spells it. (The
/// library's helpers, `np._name`, are reached the same way.)
pub(crate) fn attr(name: &str) -> Option<&'static str> {
    find(name).map(|(text, start)| &text[start..start + name.len()])
}

/// The file defining `name` and where the name starts in it.
fn find(name: &str) -> Option<(&'static str, usize)> {
    static INDEX: std::sync::OnceLock<HashMap<&'static str, (&'static str, usize)>> = std::sync::OnceLock::new();
    // Every `def` at the start of a line of the library, by name, the first file's first: a
    // function naming many NumPy members looks each up here.
    let index = INDEX.get_or_init(|| {
        let mut index = HashMap::new();
        for text in SOURCES {
            for (at, _) in text.match_indices("\ndef ") {
                let start = at + "\ndef ".len();
                if let Some(len) = text[start..].find('(') {
                    index.entry(&text[start..start + len]).or_insert((*text, start));
                }
            }
        }
        index
    });
    index.get(name).copied()
}

thread_local! {
    /// The library's modules, parsed once per thread: a function making many library calls
    /// (each call lowers its `def` anew) would otherwise parse a module per call.
    static PARSED: std::cell::RefCell<HashMap<usize, std::rc::Rc<ast::ModModule>>> = std::cell::RefCell::new(HashMap::new());
}

/// The parsed module of the library text `text`.
fn parsed(text: &'static str) -> std::rc::Rc<ast::ModModule> {
    PARSED.with(|m| {
        m.borrow_mut()
            .entry(text.as_ptr() as usize)
            .or_insert_with(|| std::rc::Rc::new(ruff_python_parser::parse_module(text).expect("the library parses").into_syntax()))
            .clone()
    })
}

impl Lowerer<'_> {
    /// A reduction along an axis known only at run time: along the last axis of the view with that
    /// axis moved last (`_axis_last`, which checks it as NumPy does); the other calls that need an
    /// argument known only at run time, the library function `run_time_form` names. Other calls
    /// stay as they are.
    pub(crate) fn run_time_axis(&mut self, mut e: Expr, sp: Span) -> Result<Expr> {
        if let ExprKind::Call(Callee::Numpy(f), args, _) = &mut e.kind {
            if let Some(name) = run_time_form(*f, args) {
                let mut args = std::mem::take(args);
                if matches!(f, NumpyFn::Convolve | NumpyFn::Correlate) {
                    args.push(Expr::new(ExprKind::Const(Const::Bool(*f == NumpyFn::Correlate)), sp));
                }
                let Entity::Value(v) = self.library_call(name, args, Vec::new(), sp)? else { unreachable!("a library call is a value") };
                return Ok(v);
            }
        }
        // Where each reduction takes its axis.
        let axis_at = |f: &NumpyFn| match f {
            NumpyFn::Reduce(_) | NumpyFn::Var | NumpyFn::Std | NumpyFn::Nanvar | NumpyFn::Nanstd | NumpyFn::Median | NumpyFn::Nanmedian | NumpyFn::Ptp => Some(1),
            NumpyFn::Percentile | NumpyFn::Quantile => Some(2),
            _ => None,
        };
        // The running totals and sorts keep the axes: their result's last axis is put back.
        let keeps_axes = |f: &NumpyFn| matches!(f, NumpyFn::Cumsum | NumpyFn::Cumprod | NumpyFn::Sort | NumpyFn::Argsort);
        let (mut back, mut whole) = (None, None);
        if let ExprKind::Call(Callee::Numpy(f), args, _) = &mut e.kind {
            let Some(k) = axis_at(f).or_else(|| keeps_axes(f).then_some(1)) else { return Ok(e) };
            if args.len() > k && crate::numpy::run_time_axis(&args[k]) {
                // A variable may hold None (`def f(a, axis=None)`): the whole-array call then,
                // chosen when the variable's type is known.
                if let ExprKind::Local(_) = args[k].kind {
                    let mut call = ExprKind::Call(Callee::Numpy(*f), args.clone(), Vec::new());
                    if let ExprKind::Call(_, whole_args, _) = &mut call {
                        whole_args[k] = Expr::new(ExprKind::Const(Const::None), args[k].span);
                    }
                    whole = Some((args[k].clone(), Expr::new(call, sp)));
                }
                if keeps_axes(f) {
                    if !matches!(args[k].kind, ExprKind::Local(_)) {
                        return Err(Diagnostic::unsupported("this function's axis= known only at run time must be a variable", args[k].span));
                    }
                    back = Some(args[k].clone());
                }
                let last = Expr::new(ExprKind::Const(Const::Int(-1)), args[k].span);
                let axis = std::mem::replace(&mut args[k], last);
                let a = std::mem::replace(&mut args[0], Expr::new(ExprKind::Const(Const::None), sp));
                // Sums, products, extremes and truth tests may also take a tuple of axes; the
                // others one axis.
                let name = match f {
                    NumpyFn::Reduce(Reduction::Sum | Reduction::Prod | Reduction::Min | Reduction::Max) => "_reduced_axes_last",
                    NumpyFn::Reduce(Reduction::Any | Reduction::All) => "_truth_axes_last",
                    _ => "_axis_last",
                };
                let Entity::Value(moved) = self.library_call(name, vec![a, axis], Vec::new(), sp)? else { unreachable!("a library call is a value") };
                args[0] = moved;
            }
        }
        if let Some(axis) = back {
            let Entity::Value(put_back) = self.library_call("_axis_back", vec![e, axis], Vec::new(), sp)? else { unreachable!("a library call is a value") };
            e = put_back;
        }
        Ok(match whole {
            Some((axis, whole)) => {
                let none = Expr::new(ExprKind::Const(Const::None), sp);
                let is_none = Expr::new(ExprKind::Compare(Box::new(axis), vec![(hasten_ir::hir::CmpOp::Is, none)]), sp);
                Expr::new(ExprKind::IfExp(Box::new(is_none), Box::new(whole), Box::new(e)), sp)
            }
            None => e,
        })
    }

    /// The call of the library function `name` on `args`.
    pub(crate) fn library_call(&mut self, name: &'static str, mut args: Vec<Expr>, kwargs: Vec<(String, Expr)>, sp: Span) -> Result<Entity> {
        let starred = |e: &Expr| matches!(e.kind, ExprKind::Call(Callee::Builtin(Builtin::Starred), ..));
        let packs = name == "ndindex" || name == "broadcast_shapes" || name == "broadcast_arrays";
        if packs && args.len() == 1 && starred(&args[0]) {
            // `np.ndindex(*shape)`, `np.broadcast_arrays(*arrays)`: the tuple itself.
            let ExprKind::Call(_, inner, _) = args.pop().expect("one").kind else { unreachable!("starred") };
            args = inner;
        } else if args.iter().any(starred) {
            return Err(Diagnostic::unsupported(format!("*x among the arguments of {}() is not supported", name.trim_start_matches('_')), sp));
        } else if packs && (name != "ndindex" || args.len() > 1) {
            // `np.ndindex(2, 3)`: the dimensions as one shape; the shapes or arrays of the
            // broadcasting functions as one tuple.
            args = vec![Expr::new(ExprKind::Tuple(args), sp)];
        }
        let (text, _) = find(name).expect("attr found it");
        let module = parsed(text);
        let def = module
            .body
            .iter()
            .find_map(|s| match s {
                ast::Stmt::FunctionDef(f) if f.name.id.as_str() == name => Some(f),
                _ => None,
            })
            .expect("attr found it");
        let shown = name.trim_start_matches('_');
        let params = &def.parameters.args;
        let names: Vec<&str> = params.iter().map(|p| p.parameter.name.id.as_str()).collect();
        let slots = crate::numpy_stats::slots(args, kwargs, &names, &[], sp)?;
        if let Some((_, k, form)) = RUN_TIME_ORDERS.iter().find(|(n, ..)| *n == name) {
            if slots.get(*k).and_then(Option::as_ref).is_some_and(|v| constant(v).is_none()) {
                // Keyword arguments are in their slots by now; the form takes the same parameters.
                let args = slots.into_iter().map_while(|s| s).collect();
                return self.library_call(form, args, Vec::new(), sp);
            }
        }
        let mut globals = HashMap::from([("np".to_string(), GlobalValue::NumpyModule), ("math".to_string(), GlobalValue::MathModule)]);
        let mut passed = Vec::new();
        let mut kept = def.parameters.as_ref().clone();
        kept.args.clear();
        for (p, slot) in params.iter().zip(slots) {
            let pname = p.parameter.name.id.as_str();
            let default = p.default.as_deref();
            if matches!(default, Some(ast::Expr::EllipsisLiteral(_))) {
                if let Some(v) = slot {
                    return Err(Diagnostic::unsupported(format!("np.{shown}'s {pname}= argument is not supported yet"), v.span));
                }
                continue;
            }
            let value = match (slot, default) {
                (Some(v), _) => v,
                (None, Some(d)) => Expr::new(ExprKind::Const(default_const(d)), sp),
                (None, None) => return Err(Diagnostic::typing(format!("{shown}() missing required argument '{pname}'"), sp)),
            };
            match constant(&value) {
                Some(g) => {
                    globals.insert(pname.to_string(), g);
                }
                None => {
                    let mut p = p.clone();
                    p.default = None;
                    kept.args.push(p);
                    passed.push(value);
                }
            }
        }
        let src = FunctionSource {
            name: format!("np.{shown}"),
            filename: self.src.filename.clone(),
            source: String::new(),
            first_line: self.src.first_line,
            indent: self.src.indent,
            globals,
            options: Options { locals: Vec::new(), ..self.src.options.clone() },
        };
        let id = self.next_inner_id();
        let d = Def { name: src.name.as_str(), params: Some(&kept), body: Body::Block(&def.body), span: sp };
        let function = crate::with_span(sp, || Lowerer::new(&src, id, self.inner_out).function(&d, &[]))?;
        self.inner_out.borrow_mut().functions.push(function);
        self.inner_call(id, &[], passed, Vec::new(), sp)
    }
}

/// The library functions whose argument at the index compiled code decides on while compiling
/// (an order of 0 returns the input as it is), each with the form taking that argument known only
/// at run time.
const RUN_TIME_ORDERS: &[(&str, usize, &str)] = &[("polyder", 1, "_polyder_rt"), ("polyint", 1, "_polyint_rt")];

/// A constant argument as the global the definition sees.
fn constant(e: &Expr) -> Option<GlobalValue> {
    Some(match &e.kind {
        ExprKind::Const(Const::None) => GlobalValue::None,
        ExprKind::Const(Const::Bool(b)) => GlobalValue::Bool(*b),
        ExprKind::Const(Const::Int(k)) => GlobalValue::Int(*k),
        ExprKind::Const(Const::Float(x)) => GlobalValue::Float(*x),
        ExprKind::Const(Const::Str(s)) => GlobalValue::Str(s.clone()),
        ExprKind::Dtype(d) => GlobalValue::Dtype(*d),
        _ => return None,
    })
}

/// A default of the library's (a literal).
fn default_const(e: &ast::Expr) -> Const {
    match e {
        ast::Expr::NoneLiteral(_) => Const::None,
        ast::Expr::BooleanLiteral(b) => Const::Bool(b.value),
        ast::Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => Const::Int(i.as_i64().expect("a small default")),
            ast::Number::Float(x) => Const::Float(*x),
            ast::Number::Complex { .. } => unreachable!("the library has no complex default"),
        },
        ast::Expr::StringLiteral(s) => Const::Str(s.value.to_str().to_string()),
        ast::Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => match default_const(&u.operand) {
            Const::Int(k) => Const::Int(-k),
            Const::Float(x) => Const::Float(-x),
            _ => unreachable!("the library negates numbers only"),
        },
        _ => unreachable!("the library's defaults are literals"),
    }
}

/// The name `_reduce_out` (library `outputs.py`) knows a reduction by, for those that take `out=`.
fn reduction_name(f: NumpyFn) -> Option<&'static str> {
    Some(match f {
        NumpyFn::Reduce(Reduction::Sum) => "sum",
        NumpyFn::Reduce(Reduction::Prod) => "prod",
        NumpyFn::Reduce(Reduction::Mean) => "mean",
        NumpyFn::Reduce(Reduction::Min) => "min",
        NumpyFn::Reduce(Reduction::Max) => "max",
        NumpyFn::Reduce(Reduction::Any) => "any",
        NumpyFn::Reduce(Reduction::All) => "all",
        NumpyFn::Reduce(Reduction::Argmin) => "argmin",
        NumpyFn::Reduce(Reduction::Argmax) => "argmax",
        NumpyFn::Std => "std",
        NumpyFn::Var => "var",
        _ => return None,
    })
}

/// The library function a NumPy call with these arguments is (the forms NumPy's own functions
/// take that the library writes with them: `out=`, `initial=` along an axis, weighted averages
/// along an axis, `np.pad`'s copying modes, `np.diff`'s ends), its operation name put among the
/// arguments where it serves several.
pub(crate) fn library_form(callable: &Callable, args: &mut Vec<Expr>, kwargs: &Kwargs, sp: Span) -> Option<&'static str> {
    // `sum(xs, start)`: the library's fold from `start`.
    if matches!(*callable, Callable::Callee(Callee::Builtin(Builtin::Sum))) && (args.len() == 2 || kwargs.iter().any(|(n, _)| n == "start")) {
        return Some("_sum_start");
    }
    // `np.diff(a, prepend=p, append=q)`: the library's diff of `a` joined with its ends.
    if matches!(*callable, Callable::Callee(Callee::Numpy(NumpyFn::Diff))) && kwargs.iter().any(|(n, _)| n == "prepend" || n == "append") {
        return Some("_diff_ends");
    }
    // `np.cumsum(a, axis, out=o)` (and `cumprod`): the library's totals stored into `o`.
    if let Callable::Callee(Callee::Numpy(f @ (NumpyFn::Cumsum | NumpyFn::Cumprod))) = *callable {
        if kwargs.iter().any(|(n, _)| n == "out") {
            let op = if f == NumpyFn::Cumsum { "sum" } else { "prod" };
            args.insert(1.min(args.len()), Expr::new(ExprKind::Const(Const::Str(op.into())), sp));
            return Some("_cumulative_out");
        }
    }
    // `np.sum(a, axis, out=o)` and the other reductions: the library's result stored into `o`.
    if let Callable::Callee(Callee::Numpy(f)) = *callable {
        if let Some(op) = reduction_name(f).filter(|_| args.len() <= 2 && kwargs.iter().any(|(n, _)| n == "out")) {
            args.insert(1.min(args.len()), Expr::new(ExprKind::Const(Const::Str(op.into())), sp));
            return Some("_reduce_out");
        }
    }
    // `np.max(a, axis, initial=v)` (and `np.min`) along an axis: the library's reduction with
    // `v` as one more item.
    if let Callable::Callee(Callee::Numpy(NumpyFn::Reduce(r @ (Reduction::Min | Reduction::Max)))) = *callable {
        let axis = args.get(1).or_else(|| kwargs.iter().find(|(n, _)| n == "axis").map(|(_, v)| v));
        if kwargs.iter().any(|(n, _)| n == "initial") && axis.is_some_and(|a| !matches!(a.kind, ExprKind::Const(Const::None))) {
            let op = if r == Reduction::Min { "min" } else { "max" };
            args.insert(1.min(args.len()), Expr::new(ExprKind::Const(Const::Str(op.into())), sp));
            return Some("_extreme_initial");
        }
    }
    // `np.average(a, axis, weights)`: the library's weighted sums along the axis.
    if matches!(*callable, Callable::Callee(Callee::Numpy(NumpyFn::Average))) {
        let given = |k: usize, name: &str| args.get(k).or_else(|| kwargs.iter().find(|(n, _)| n == name).map(|(_, v)| v)).is_some_and(|e| !matches!(e.kind, ExprKind::Const(Const::None)));
        if given(1, "axis") && given(2, "weights") {
            return Some("_average_axis");
        }
    }
    // `np.pad(a, w, mode='edge')` and the other modes that copy values: the library's fill.
    if matches!(*callable, Callable::Callee(Callee::Numpy(NumpyFn::Pad))) {
        let mode = args.get(2).or_else(|| kwargs.iter().find(|(n, _)| n == "mode").map(|(_, v)| v));
        if matches!(mode.map(|m| &m.kind), Some(ExprKind::Const(Const::Str(m))) if matches!(m.as_str(), "edge" | "reflect" | "symmetric" | "wrap")) {
            return Some("_pad_mode");
        }
    }
    None
}
