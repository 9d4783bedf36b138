//! Everything NumPy-specific in the front end: which `np.*` names and array methods exist, and how
//! the arguments of each NumPy function are put in the positional order the type checker and code
//! generation expect. Supporting a new NumPy function in the front end means touching this file only.

use crate::bind::{bind, Kwargs};
use crate::entity::{Callable, Entity, Product};
use crate::Result;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Dtype, Span};

/// The key of NumPy's `AxisError` (a ValueError and an IndexError), as `_program.exception_class`
/// knows it.
fn axis_error() -> ExcClass {
    let key = "numpy.exceptions.AxisError";
    ExcClass { name: key.into(), ancestry: [key, "ValueError", "IndexError", "LookupError", "Exception", "BaseException"].map(String::from).to_vec() }
}

/// Whether `e`, an `axis=` argument, is known only at run time (no constant, `None` or tuple).
pub(crate) fn run_time_axis(e: &Expr) -> bool {
    !matches!(e.kind, ExprKind::Const(_) | ExprKind::Tuple(_))
}

/// `np.attr`, also reached by `from numpy import attr`: constants fold to floats, functions are
/// callees, scalar types (`np.float32`) are conversion functions that also serve as dtypes.
pub(crate) fn numpy_attr(attr: &str, sp: Span) -> Result<Entity> {
    let constant = match attr {
        "pi" => Some(std::f64::consts::PI),
        "e" => Some(std::f64::consts::E),
        "inf" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(c) = constant {
        return Ok(Entity::Value(Expr::new(ExprKind::Const(Const::Float(c)), sp)));
    }
    if attr == "newaxis" {
        return Ok(Entity::Value(Expr::new(ExprKind::Const(Const::None), sp)));
    }
    let f = match attr {
        "empty" => NumpyFn::Empty,
        "zeros" => NumpyFn::Zeros,
        "ones" => NumpyFn::Ones,
        "empty_like" => NumpyFn::EmptyLike,
        "zeros_like" => NumpyFn::ZerosLike,
        "ones_like" => NumpyFn::OnesLike,
        "full" => NumpyFn::Full,
        "full_like" => NumpyFn::FullLike,
        "arange" => NumpyFn::Arange,
        "pad" => NumpyFn::Pad,
        "flipud" => NumpyFn::Flipud,
        "fliplr" => NumpyFn::Fliplr,
        "transpose" => NumpyFn::Transpose,
        "linspace" => NumpyFn::Linspace,
        "ascontiguousarray" => NumpyFn::Ascontiguousarray,
        "reshape" => NumpyFn::Reshape,
        "ravel" => NumpyFn::Ravel,
        "dot" => NumpyFn::Dot,
        "matmul" => NumpyFn::Matmul,
        "cumsum" => NumpyFn::Cumsum,
        "cumprod" => NumpyFn::Cumprod,
        "diff" => NumpyFn::Diff,
        "sort" => NumpyFn::Sort,
        "argsort" => NumpyFn::Argsort,
        "var" => NumpyFn::Var,
        "std" => NumpyFn::Std,
        "nanvar" => NumpyFn::Nanvar,
        "nanstd" => NumpyFn::Nanstd,
        "roll" => NumpyFn::Roll,
        "array" => NumpyFn::FromList,
        // No array method of this name: not in `reduction`.
        "eye" => NumpyFn::Eye,
        "searchsorted" => NumpyFn::Searchsorted,
        "bincount" => NumpyFn::Bincount,
        "trace" => NumpyFn::Trace,
        "frexp" => NumpyFn::Frexp,
        "modf" => NumpyFn::Modf,
        "divmod" => NumpyFn::Divmod,
        "diag" => NumpyFn::Diag,
        "identity" => NumpyFn::Identity,
        "concatenate" => NumpyFn::Concatenate,
        "stack" => NumpyFn::Stack,
        "vstack" => NumpyFn::Vstack,
        "hstack" => NumpyFn::Hstack,
        "column_stack" => NumpyFn::ColumnStack,
        "count_nonzero" => NumpyFn::Reduce(Reduction::CountNonzero),
        "nansum" => NumpyFn::Reduce(Reduction::Nansum),
        "nanmean" => NumpyFn::Reduce(Reduction::Nanmean),
        "nanmin" => NumpyFn::Reduce(Reduction::Nanmin),
        "nanmax" => NumpyFn::Reduce(Reduction::Nanmax),
        "nanargmin" => NumpyFn::Reduce(Reduction::Nanargmin),
        "nanargmax" => NumpyFn::Reduce(Reduction::Nanargmax),
        "allclose" => return Ok(Entity::Callable(Callable::Allclose)),
        "vdot" => return Ok(Entity::Callable(Callable::Product(Product::Vdot))),
        "inner" => return Ok(Entity::Callable(Callable::Product(Product::Inner))),
        "outer" => return Ok(Entity::Callable(Callable::Product(Product::Outer))),
        // The parts and conjugate of numbers and arrays: `x.real`, `x.imag`, `x.conjugate()`.
        "real" | "imag" | "conj" | "conjugate" => {
            let f = match attr {
                "real" => hasten_ir::complex::CmathFn::Real,
                "imag" => hasten_ir::complex::CmathFn::Imag,
                _ => hasten_ir::complex::CmathFn::NpConjugate,
            };
            return Ok(Entity::Callable(Callable::Callee(Callee::Cmath(f))));
        }
        "rot90" => return Ok(Entity::Callable(Callable::Rewrite(crate::numpy_shapes::Rewrite::Rot90))),
        "append" => return Ok(Entity::Callable(Callable::Rewrite(crate::numpy_shapes::Rewrite::Append))),
        "dstack" => return Ok(Entity::Callable(Callable::Rewrite(crate::numpy_shapes::Rewrite::Dstack))),
        "prange" => return Ok(Entity::Callable(Callable::Prange)),
        "_unsupported" => NumpyFn::Unsupported,
        "_dtype_of" => NumpyFn::DtypeOf,
        "_store_cast" => NumpyFn::StoreCast,
        "_restride" => NumpyFn::Restride,
        "_data_address" => NumpyFn::DataAddress,
        "_writeable" => NumpyFn::Writeable,
        "_pyrand_random" => NumpyFn::PyRandom(PyRand::Random),
        "_pyrand_bits" => NumpyFn::PyRandom(PyRand::Bits),
        "_pyrand_seed" => NumpyFn::PyRandom(PyRand::Seed),
        "_pyrand_gauss" => NumpyFn::PyRandom(PyRand::Gauss),
        "finfo" => return Ok(Entity::Callable(Callable::Info(true))),
        "iinfo" => return Ok(Entity::Callable(Callable::Info(false))),
        other if crate::library::attr(other).is_some() => return Ok(Entity::Callable(Callable::Library(crate::library::attr(other).expect("checked")))),
        "random" => return Ok(Entity::RandomModule),
        "linalg" => return Ok(Entity::LinalgModule),
        // NumPy's AxisError, raised by the library (`_axis_last`).
        "_AxisError" => return Ok(Entity::Callable(Callable::Exception(axis_error()))),
        "polynomial" | "lib" => return crate::library::module_attr("", attr, sp),
        // A submodule or its function captured as a global (`from numpy.lib import stride_tricks`).
        dotted if dotted.contains('.') => {
            let (module, name) = dotted.rsplit_once('.').expect("a dot");
            return match numpy_attr(module, sp)? {
                Entity::LibraryModule(m) => crate::library::module_attr(m, name, sp),
                _ => Err(Diagnostic::unsupported(format!("np.{dotted} is not supported yet"), sp)),
            };
        }
        other => match crate::numpy_stats::attr(other).or_else(|| crate::numpy_shapes::attr(other)).or_else(|| reduction(other).map(NumpyFn::Reduce)).or_else(|| ufunc(other).map(NumpyFn::Ufunc)) {
            Some(f) => f,
            None => {
                if let Some(d) = Dtype::from_name(attr) {
                    return Ok(Entity::Callable(Callable::Callee(Callee::ScalarCtor(d))));
                }
                return Err(Diagnostic::unsupported(format!("np.{attr} is not supported yet"), sp));
            }
        },
    };
    Ok(Entity::Callable(Callable::Callee(Callee::Numpy(f))))
}

/// The array method `a.name(...)`: the NumPy function `np.name(a, ...)`. `sp` is the method's span,
/// for the error when there is no such method.
pub(crate) fn numpy_method(name: &str, sp: Span) -> Result<NumpyFn> {
    Ok(match name {
        "copy" => NumpyFn::Copy,
        "astype" => NumpyFn::Astype,
        "reshape" => NumpyFn::Reshape,
        "ravel" => NumpyFn::Ravel,
        "transpose" => NumpyFn::Transpose,
        "dot" => NumpyFn::Dot,
        "matmul" => NumpyFn::Matmul,
        "cumsum" => NumpyFn::Cumsum,
        "cumprod" => NumpyFn::Cumprod,
        "sort" => NumpyFn::SortInPlace,
        "argsort" => NumpyFn::Argsort,
        "var" => NumpyFn::Var,
        "std" => NumpyFn::Std,
        "clip" => NumpyFn::Ufunc(Ufunc::Clip),
        "round" => NumpyFn::Ufunc(Ufunc::Round),
        "item" => NumpyFn::Item,
        "fill" => NumpyFn::Fill,
        "trace" => NumpyFn::Trace,
        "tolist" => NumpyFn::Tolist,
        _ => match crate::numpy_stats::method(name).or_else(|| crate::numpy_shapes::method(name)).or_else(|| reduction(name).map(NumpyFn::Reduce)) {
            Some(f) => f,
            None => return Err(Diagnostic::unsupported(format!("the method .{name}() is not supported yet"), sp)),
        },
    })
}

fn reduction(name: &str) -> Option<Reduction> {
    Some(match name {
        "sum" => Reduction::Sum,
        "prod" => Reduction::Prod,
        "min" | "amin" => Reduction::Min,
        "max" | "amax" => Reduction::Max,
        "mean" => Reduction::Mean,
        "argmin" => Reduction::Argmin,
        "argmax" => Reduction::Argmax,
        "any" => Reduction::Any,
        "all" => Reduction::All,
        _ => return None,
    })
}

fn ufunc(name: &str) -> Option<Ufunc> {
    Some(match name {
        "sqrt" => Ufunc::Sqrt,
        "exp" => Ufunc::Exp,
        "log" => Ufunc::Log,
        "sin" => Ufunc::Sin,
        "cos" => Ufunc::Cos,
        "abs" | "absolute" => Ufunc::Abs,
        "square" => Ufunc::Square,
        "negative" => Ufunc::Negative,
        "isnan" => Ufunc::Isnan,
        "add" => Ufunc::Add,
        "subtract" => Ufunc::Subtract,
        "multiply" => Ufunc::Multiply,
        "divide" | "true_divide" => Ufunc::Divide,
        "power" => Ufunc::Power,
        "minimum" => Ufunc::Minimum,
        "maximum" => Ufunc::Maximum,
        "where" => Ufunc::Where,
        "clip" => Ufunc::Clip,
        "tan" => Ufunc::Tan,
        "arcsin" => Ufunc::Arcsin,
        "arccos" => Ufunc::Arccos,
        "arctan" => Ufunc::Arctan,
        "sinh" => Ufunc::Sinh,
        "cosh" => Ufunc::Cosh,
        "tanh" => Ufunc::Tanh,
        "arcsinh" => Ufunc::Arcsinh,
        "arccosh" => Ufunc::Arccosh,
        "arctanh" => Ufunc::Arctanh,
        "log2" => Ufunc::Log2,
        "log10" => Ufunc::Log10,
        "log1p" => Ufunc::Log1p,
        "expm1" => Ufunc::Expm1,
        "exp2" => Ufunc::Exp2,
        "cbrt" => Ufunc::Cbrt,
        "reciprocal" => Ufunc::Reciprocal,
        "floor" => Ufunc::Floor,
        "ceil" => Ufunc::Ceil,
        "trunc" => Ufunc::Trunc,
        "rint" => Ufunc::Rint,
        "sign" => Ufunc::Sign,
        "fabs" => Ufunc::Fabs,
        "positive" => Ufunc::Positive,
        "deg2rad" | "radians" => Ufunc::Deg2rad,
        "rad2deg" | "degrees" => Ufunc::Rad2deg,
        "isinf" => Ufunc::Isinf,
        "isposinf" => Ufunc::Isposinf,
        "isneginf" => Ufunc::Isneginf,
        "isfinite" => Ufunc::Isfinite,
        "signbit" => Ufunc::Signbit,
        "logical_not" => Ufunc::LogicalNot,
        "invert" | "bitwise_not" | "bitwise_invert" => Ufunc::Invert,
        "arctan2" => Ufunc::Arctan2,
        "hypot" => Ufunc::Hypot,
        "copysign" => Ufunc::Copysign,
        "fmod" => Ufunc::Fmod,
        "fmin" => Ufunc::Fmin,
        "fmax" => Ufunc::Fmax,
        "heaviside" => Ufunc::Heaviside,
        "logical_and" => Ufunc::LogicalAnd,
        "logical_or" => Ufunc::LogicalOr,
        "logical_xor" => Ufunc::LogicalXor,
        "remainder" | "mod" => Ufunc::Remainder,
        "floor_divide" => Ufunc::FloorDivide,
        "bitwise_and" => Ufunc::BitwiseAnd,
        "bitwise_or" => Ufunc::BitwiseOr,
        "bitwise_xor" => Ufunc::BitwiseXor,
        "left_shift" | "bitwise_left_shift" => Ufunc::LeftShift,
        "right_shift" | "bitwise_right_shift" => Ufunc::RightShift,
        "greater" => Ufunc::Greater,
        "greater_equal" => Ufunc::GreaterEqual,
        "less" => Ufunc::Less,
        "less_equal" => Ufunc::LessEqual,
        "equal" => Ufunc::Equal,
        "not_equal" => Ufunc::NotEqual,
        "isclose" => Ufunc::Isclose,
        "round" | "around" => Ufunc::Round,
        "logaddexp" => Ufunc::Logaddexp,
        "logaddexp2" => Ufunc::Logaddexp2,
        "nextafter" => Ufunc::Nextafter,
        "spacing" => Ufunc::Spacing,
        "ldexp" => Ufunc::Ldexp,
        "gcd" => Ufunc::Gcd,
        "lcm" => Ufunc::Lcm,
        _ => return None,
    })
}

/// The call of `f` on `args` (an array method's receiver being the first): a ufunc with `out=` is a
/// `UfuncOut` of the ufunc's call on its operands and of `out`, so that later stages see the
/// computation and the store apart.
pub(crate) fn numpy_call(f: NumpyFn, args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<Expr> {
    // One-argument `np.where(a)` is `np.nonzero(a)`.
    let f = if f == NumpyFn::Ufunc(Ufunc::Where) && args.len() == 1 && kwargs.is_empty() { NumpyFn::Nonzero } else { f };
    if crate::numpy_stats::binds(f) {
        let (f, args) = crate::numpy_stats::call(f, args, kwargs, sp)?;
        return Ok(Expr::new(ExprKind::Call(Callee::Numpy(f), args, Vec::new()), sp));
    }
    if crate::numpy_shapes::binds(f) {
        return crate::numpy_shapes::call(f, args, kwargs, sp);
    }
    let (kwargs, keep) = keepdims(f, kwargs)?;
    // `initial=` of `np.min`/`np.max`: the third argument, after the axis (None when absent).
    let (initial, kwargs): (Kwargs, Kwargs) = kwargs.into_iter().partition(|(n, _)| n == "initial" && matches!(f, NumpyFn::Reduce(Reduction::Min | Reduction::Max)));
    let mut args = numpy_args(f, args, kwargs, sp)?;
    if let Some((_, v)) = initial.into_iter().next() {
        if args.len() == 1 {
            args.push(Expr::new(ExprKind::Const(Const::None), sp));
        }
        args.push(v);
    }
    if keep {
        // `np.sum(a, axis=k, keepdims=True)`: the reduction with the axis put back, of length 1.
        let axis = match args.get(1) {
            Some(e @ Expr { kind: ExprKind::Const(Const::Int(_)), .. }) => e.clone(),
            _ => return Err(Diagnostic::unsupported("keepdims=True without an integer axis= is not supported yet", sp)),
        };
        let reduced = Expr::new(ExprKind::Call(Callee::Numpy(f), args, Vec::new()), sp);
        return crate::numpy_shapes::call(NumpyFn::ExpandDims, vec![reduced, axis], Vec::new(), sp);
    }
    let f = if f == NumpyFn::Ufunc(Ufunc::Clip) { clip_bounds(&mut args) } else { f };
    if let NumpyFn::Ufunc(u) = f {
        if args.len() > u.arity() {
            let out = args.pop().expect("out= follows the operands");
            let inner = Expr::new(ExprKind::Call(Callee::Numpy(f), args, Vec::new()), sp);
            return Ok(Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::UfuncOut(u)), vec![inner, out], Vec::new()), sp));
        }
    }
    Ok(Expr::new(ExprKind::Call(Callee::Numpy(f), args, Vec::new()), sp))
}

/// A reduction's `keepdims=` taken out of `kwargs`: whether it is True (a constant bool; absent
/// is False).
fn keepdims(f: NumpyFn, mut kwargs: Kwargs) -> Result<(Kwargs, bool)> {
    let Some(k) = kwargs.iter().position(|(n, _)| n == "keepdims").filter(|_| matches!(f, NumpyFn::Reduce(_))) else { return Ok((kwargs, false)) };
    let (_, v) = kwargs.remove(k);
    match v.kind {
        ExprKind::Const(Const::Bool(b)) => Ok((kwargs, b)),
        _ => Err(Diagnostic::unsupported("keepdims= must be the constant True or False", v.span)),
    }
}

/// `np.allclose(a, b, rtol, atol, equal_nan)`: NumPy's `bool(np.all(np.isclose(...)))`.
pub(crate) fn allclose_call(args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<Expr> {
    let close = numpy_call(NumpyFn::Ufunc(Ufunc::Isclose), args, kwargs, sp)?;
    let all = Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::Reduce(Reduction::All)), vec![close], Vec::new()), sp);
    Ok(Expr::new(ExprKind::Call(Callee::Builtin(Builtin::Bool), vec![all], Vec::new()), sp))
}

/// The arguments of a call of `f` (an array method's receiver being the first positional one) in
/// the positional order of `f`'s HIR call, keywords bound. `out=` is only accepted by ufuncs and
/// `axis=` only by reductions.
fn numpy_args(f: NumpyFn, mut args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<Vec<Expr>> {
    let (params, required) = params(f);
    let out_ok = matches!(f, NumpyFn::Ufunc(_));
    let axis_ok = matches!(f, NumpyFn::Reduce(_) | NumpyFn::Cumsum | NumpyFn::Cumprod | NumpyFn::Diff | NumpyFn::Sort | NumpyFn::Argsort | NumpyFn::SortInPlace | NumpyFn::Var | NumpyFn::Std | NumpyFn::Nanvar | NumpyFn::Nanstd | NumpyFn::Roll | NumpyFn::Concatenate | NumpyFn::Stack);
    let unsupported = |n: &str| (n == "out" && !out_ok) || (n == "axis" && !axis_ok) || unsupported_params(f).contains(&n);
    if let Some((name, value)) = kwargs.iter().find(|(n, _)| unsupported(n)) {
        return Err(Diagnostic::unsupported(format!("the {name}= argument is not supported yet"), value.span));
    }
    let starred = |e: &Expr| matches!(e.kind, ExprKind::Call(Callee::Builtin(Builtin::Starred), ..));
    if let Some(k) = args.iter().position(starred) {
        // `a.reshape(*shape)`, `a.transpose(*axes)`: the tuple is the one shape (or axes) argument.
        if matches!(f, NumpyFn::Reshape | NumpyFn::Transpose) && k == 1 && args.len() == 2 {
            let ExprKind::Call(_, inner, _) = args.pop().expect("two").kind else { unreachable!("starred") };
            args.extend(inner);
        } else {
            return Err(Diagnostic::unsupported("*x among the arguments of a NumPy function is not supported", args[k].span));
        }
    }
    if f == NumpyFn::Transpose {
        // `np.transpose(a, axes)`, `a.transpose(axes)`, `a.transpose(1, 0)`: the call of the array
        // and the axes as one tuple (the permutation view); with no axes (or None), of the array.
        let mut rest = args.split_off(1.min(args.len()));
        if rest.len() > 1 {
            let sp2 = rest[0].span;
            rest = vec![Expr::new(ExprKind::Tuple(rest), sp2)];
        }
        let given = kwargs.into_iter().filter(|(n, _)| n == "axes").map(|(_, v)| v).chain(rest);
        args.extend(given.filter(|e| !matches!(e.kind, ExprKind::Const(Const::None))).take(1));
        if args.is_empty() {
            return Err(Diagnostic::typing("transpose() missing required argument 'a'", sp));
        }
        Ok(args)
    } else if f == NumpyFn::Pad {
        pad_args(args, kwargs, sp)
    } else if f == NumpyFn::Linspace {
        linspace_args(args, kwargs, sp)
    } else if f == NumpyFn::Reshape && args.len() > 2 {
        // `a.reshape(2, 3)` is `a.reshape((2, 3))`.
        let dims = args.split_off(1);
        let sp2 = dims[0].span;
        args.push(Expr::new(ExprKind::Tuple(dims), sp2));
        bind(args, kwargs, params, required, sp)
    } else if f == NumpyFn::Arange {
        arange_args(args, kwargs, sp)
    } else if f == NumpyFn::Trace {
        // `np.trace(a, offset=0, axis1=0, axis2=1)`: every slot filled, the axes constants.
        let mut kwargs = kwargs;
        for (k, (name, default)) in [("offset", 0), ("axis1", 0), ("axis2", 1)].into_iter().enumerate() {
            if args.len() <= k + 1 && !kwargs.iter().any(|(n, _)| n == name) {
                kwargs.push((name.to_string(), Expr::new(ExprKind::Const(Const::Int(default)), sp)));
            }
        }
        bind(args, kwargs, params, required, sp)
    } else if f == NumpyFn::Ufunc(Ufunc::Clip) {
        // NumPy 2 also names the bounds `min` and `max` (the method's only names); a bound not given
        // is None.
        let mut kwargs: Kwargs = kwargs.into_iter().map(|(n, v)| (match n.as_str() { "min" => "a_min".into(), "max" => "a_max".into(), _ => n }, v)).collect();
        for (k, name) in [(1, "a_min"), (2, "a_max")] {
            if args.len() <= k && !kwargs.iter().any(|(n, _)| n == name) {
                kwargs.push((name.into(), Expr::new(ExprKind::Const(Const::None), sp)));
            }
        }
        bind(args, kwargs, params, required, sp)
    } else if f == NumpyFn::Ufunc(Ufunc::Isclose) {
        // NumPy's defaults for the tolerances and equal_nan, as operands.
        let mut kwargs = kwargs;
        let defaults = [(2, "rtol", Const::Float(1e-5)), (3, "atol", Const::Float(1e-8)), (4, "equal_nan", Const::Bool(false))];
        for (k, name, value) in defaults {
            if args.len() <= k && !kwargs.iter().any(|(n, _)| n == name) {
                kwargs.push((name.into(), Expr::new(ExprKind::Const(value), sp)));
            }
        }
        bind(args, kwargs, params, required, sp)
    } else if f == NumpyFn::Searchsorted {
        let mut args = bind(args, kwargs, params, required, sp)?;
        if args.len() == 3 {
            let side = args.pop().expect("three arguments");
            args.push(search_side(side)?);
        }
        Ok(args)
    } else if f == NumpyFn::Bincount {
        // weights defaults to None, minlength to 0.
        let mut kwargs = kwargs;
        for (k, name, value) in [(1, "weights", Const::None), (2, "minlength", Const::Int(0))] {
            if args.len() <= k && !kwargs.iter().any(|(n, _)| n == name) {
                kwargs.push((name.into(), Expr::new(ExprKind::Const(value), sp)));
            }
        }
        bind(args, kwargs, params, required, sp)
    } else if f == NumpyFn::Eye {
        // M defaults to None (N), k to 0, so that a dtype alone leaves no gap.
        let mut kwargs = kwargs;
        for (k, name, value) in [(1, "M", Const::None), (2, "k", Const::Int(0))] {
            if args.len() <= k && !kwargs.iter().any(|(n, _)| n == name) {
                kwargs.push((name.into(), Expr::new(ExprKind::Const(value), sp)));
            }
        }
        bind(args, kwargs, params, required, sp)
    } else if f == NumpyFn::Identity {
        // `np.identity(n, dtype)` is `np.eye(n, None, 0, dtype)`.
        let mut args = bind(args, kwargs, params, required, sp)?;
        let rest = args.split_off(1);
        args.push(Expr::new(ExprKind::Const(Const::None), sp));
        args.push(Expr::new(ExprKind::Const(Const::Int(0)), sp));
        args.extend(rest);
        Ok(args)
    } else if f == NumpyFn::Ufunc(Ufunc::Round) {
        // decimals defaults to 0, an operand.
        let mut kwargs = kwargs;
        for (k, name, value) in [(1, "decimals", Const::Int(0))] {
            if args.len() <= k && !kwargs.iter().any(|(n, _)| n == name) {
                kwargs.push((name.into(), Expr::new(ExprKind::Const(value), sp)));
            }
        }
        bind(args, kwargs, params, required, sp)
    } else if matches!(f, NumpyFn::Var | NumpyFn::Std | NumpyFn::Nanvar | NumpyFn::Nanstd) {
        // `ddof` is a keyword in practice (it comes after dtype and out); it goes last, after an
        // axis of None when none was given.
        let (ddof, rest): (Kwargs, Kwargs) = kwargs.into_iter().partition(|(n, _)| n == "ddof");
        let mut args = bind(args, rest, params, required, sp)?;
        if let Some((_, d)) = ddof.into_iter().next() {
            if args.len() == 1 {
                args.push(Expr::new(ExprKind::Const(Const::None), sp));
            }
            args.push(d);
        }
        Ok(args)
    } else if matches!(f, NumpyFn::Sort | NumpyFn::Argsort | NumpyFn::SortInPlace) {
        let kwargs = sort_kind(&mut args, kwargs)?;
        bind(args, kwargs, params, required, sp)
    } else if takes_dtype(f) {
        // `dtype=None` is NumPy's default; a dtype given after no axis leaves the axis None.
        let mut kwargs: Kwargs = kwargs.into_iter().filter(|(n, v)| !(n == "dtype" && matches!(v.kind, ExprKind::Const(Const::None)))).collect();
        if args.len() < 2 && kwargs.iter().any(|(n, _)| n == "dtype") && !kwargs.iter().any(|(n, _)| n == "axis") {
            kwargs.push(("axis".into(), Expr::new(ExprKind::Const(Const::None), sp)));
        }
        let mut args = bind(args, kwargs, params, required, sp)?;
        if matches!(args.get(2).map(|d| &d.kind), Some(ExprKind::Const(Const::None))) {
            args.truncate(2);
        }
        Ok(args)
    } else if f == NumpyFn::Diff && args.len() == 1 && !kwargs.iter().any(|(n, _)| n == "n") {
        // `n` defaults to 1, so that `axis=` alone leaves no gap.
        args.push(Expr::new(ExprKind::Const(Const::Int(1)), sp));
        bind(args, kwargs, params, required, sp)
    } else {
        bind(args, kwargs, params, required, sp)
    }
}

/// The parameter names of `f` for `bind`, and how many of them are required. `np.arange`,
/// `np.linspace` and `np.pad` have none here: they have their own binding functions below.
fn params(f: NumpyFn) -> (&'static [&'static str], usize) {
    match f {
        NumpyFn::Empty | NumpyFn::Zeros | NumpyFn::Ones => (&["shape", "dtype"], 1),
        NumpyFn::EmptyLike | NumpyFn::ZerosLike | NumpyFn::OnesLike => (&["prototype", "dtype"], 1),
        NumpyFn::Full => (&["shape", "fill_value", "dtype"], 2),
        NumpyFn::FullLike => (&["a", "fill_value", "dtype"], 2),
        NumpyFn::Arange => (&[], 0),
        NumpyFn::Copy | NumpyFn::Flipud | NumpyFn::Fliplr | NumpyFn::Transpose | NumpyFn::Ascontiguousarray | NumpyFn::Ravel => (&["a"], 1),
        NumpyFn::Reshape => (&["a", "newshape"], 2),
        NumpyFn::Dot | NumpyFn::Matmul | NumpyFn::Inner => (&["a", "b"], 2),
        NumpyFn::Concatenate | NumpyFn::Stack => (&["arrays", "axis"], 1),
        NumpyFn::Eye => (&["N", "M", "k", "dtype"], 3),
        NumpyFn::Searchsorted => (&["a", "v", "side"], 2),
        NumpyFn::Bincount => (&["x", "weights", "minlength"], 3),
        NumpyFn::Trace => (&["a", "offset", "axis1", "axis2"], 1),
        NumpyFn::Diag => (&["v", "k"], 1),
        NumpyFn::Identity => (&["n", "dtype"], 1),
        NumpyFn::Vstack | NumpyFn::Hstack | NumpyFn::ColumnStack => (&["tup"], 1),
        NumpyFn::Linspace => (&[], 0),
        NumpyFn::Pad => (&[], 0),
        f if takes_dtype(f) => (&["a", "axis", "dtype"], 1),
        NumpyFn::Reduce(_) => (&["a", "axis"], 1),
        NumpyFn::Diff => (&["a", "n", "axis"], 1),
        NumpyFn::Roll => (&["a", "shift", "axis"], 2),
        NumpyFn::Astype => (&["a", "dtype"], 2),
        NumpyFn::Item | NumpyFn::Tolist => (&["a"], 1),
        NumpyFn::Unsupported => (&["message"], 1),
        NumpyFn::DtypeOf => (&["value"], 1),
        NumpyFn::StoreCast => (&["a", "i", "v"], 3),
        NumpyFn::Restride => (&["a", "shape", "strides", "offset", "ndim", "writeable", "dtype"], 7),
        NumpyFn::DataAddress | NumpyFn::Writeable => (&["a"], 1),
        NumpyFn::PyRandom(PyRand::Random | PyRand::Bits) => (&[], 0),
        NumpyFn::PyRandom(PyRand::Seed) => (&["a"], 1),
        NumpyFn::PyRandom(PyRand::Gauss) => (&["mu", "sigma"], 2),
        NumpyFn::Frexp | NumpyFn::Modf => (&["x"], 1),
        NumpyFn::Divmod => (&["x1", "x2"], 2),
        NumpyFn::Fill => (&["a", "value"], 2),
        NumpyFn::FromList => (&["object", "dtype"], 1),
        NumpyFn::Sort | NumpyFn::Argsort | NumpyFn::SortInPlace | NumpyFn::Var | NumpyFn::Std | NumpyFn::Nanvar | NumpyFn::Nanstd => (&["a", "axis"], 1),
        NumpyFn::UfuncOut(_) => unreachable!("made from a ufunc's own call by numpy_call"),
        // `out=` comes after the operands: one more parameter, optional.
        NumpyFn::Ufunc(u) => (
            match u.arity() {
                _ if u == Ufunc::Round => &["a", "decimals", "out"][..],
                1 => &["x", "out"][..],
                2 => &["x1", "x2", "out"][..],
                _ if u == Ufunc::Clip => &["a", "a_min", "a_max", "out"][..],
                _ if u == Ufunc::Isclose => &["a", "b", "rtol", "atol", "equal_nan"][..],
                _ => &["condition", "x", "y"][..],
            },
            u.arity(),
        ),
        _ => unreachable!("bound by numpy_stats"),
    }
}

/// `np.clip` with a bound of None is NumPy's `minimum` or `maximum` with the other bound, and
/// with both None its `positive` (a copy); removes those arguments and gives the ufunc.
fn clip_bounds(args: &mut Vec<Expr>) -> NumpyFn {
    let none = |e: &Expr| matches!(e.kind, ExprKind::Const(Const::None));
    match (none(&args[1]), none(&args[2])) {
        (true, true) => {
            args.drain(1..3);
            NumpyFn::Ufunc(Ufunc::Positive)
        }
        (true, false) => {
            args.remove(1);
            NumpyFn::Ufunc(Ufunc::Minimum)
        }
        (false, true) => {
            args.remove(2);
            NumpyFn::Ufunc(Ufunc::Maximum)
        }
        (false, false) => NumpyFn::Ufunc(Ufunc::Clip),
    }
}

/// NumPy parameters of `f` that are known but not compiled: refused by name rather than reported as
/// unexpected.
fn unsupported_params(f: NumpyFn) -> &'static [&'static str] {
    match f {
        NumpyFn::Cumsum | NumpyFn::Cumprod => &["out"],
        NumpyFn::Diff => &["prepend", "append"],
        NumpyFn::Sort | NumpyFn::Argsort | NumpyFn::SortInPlace => &["order", "stable"],
        NumpyFn::Var | NumpyFn::Std | NumpyFn::Nanvar | NumpyFn::Nanstd => &["dtype", "out", "keepdims", "where", "mean", "correction"],
        NumpyFn::Astype => &["order", "casting", "subok", "copy"],
        NumpyFn::Concatenate | NumpyFn::Stack | NumpyFn::Vstack | NumpyFn::Hstack | NumpyFn::ColumnStack => &["dtype", "casting"],
        NumpyFn::Eye => &["order", "like", "device"],
        NumpyFn::Identity => &["like"],
        NumpyFn::Searchsorted => &["sorter"],
        NumpyFn::Trace => &["dtype", "out"],
        // NumPy's reductions take these too; a missing feature, not a wrong call.
        NumpyFn::Reduce(r) if r.takes_dtype() => &["out", "keepdims", "initial", "where"],
        NumpyFn::Reduce(_) => &["dtype", "out", "keepdims", "initial", "where"],
        _ => &[],
    }
}

/// Whether `f` takes NumPy's `dtype=`, the dtype it computes and gives its result in, as its
/// third argument.
fn takes_dtype(f: NumpyFn) -> bool {
    match f {
        NumpyFn::Reduce(r) => r.takes_dtype(),
        NumpyFn::Cumsum | NumpyFn::Cumprod => true,
        _ => false,
    }
}

/// `np.searchsorted`'s `side` as an operand the later stages read: whether it is 'right'.
fn search_side(side: Expr) -> Result<Expr> {
    let right = match &side.kind {
        ExprKind::Const(Const::Str(s)) if s == "left" => false,
        ExprKind::Const(Const::Str(s)) if s == "right" => true,
        ExprKind::Const(Const::Str(s)) => return Err(Diagnostic::typing(format!("search side must be 'left' or 'right' (got '{s}')"), side.span)),
        _ => return Err(Diagnostic::unsupported("side= must be a string constant", side.span)),
    };
    Ok(Expr::new(ExprKind::Const(Const::Bool(right)), side.span))
}

/// Takes the `kind` of a sort out of its arguments (the third positional one or the keyword) and
/// checks it: every kind NumPy knows compiles to the same stable sort, which is a valid result for
/// each of them. Returns the other keywords.
fn sort_kind(args: &mut Vec<Expr>, kwargs: Kwargs) -> Result<Kwargs> {
    let (kinds, rest): (Kwargs, Kwargs) = kwargs.into_iter().partition(|(n, _)| n == "kind");
    let positional = (args.len() == 3).then(|| args.pop()).flatten();
    for kind in positional.into_iter().chain(kinds.into_iter().map(|(_, v)| v)) {
        match &kind.kind {
            ExprKind::Const(Const::None) => {}
            ExprKind::Const(Const::Str(k)) if k.starts_with(['q', 'Q', 'h', 'H', 'm', 'M', 's', 'S']) => {}
            ExprKind::Const(Const::Str(k)) => {
                return Err(Diagnostic::typing(format!("sort kind must be one of 'quick', 'heap', or 'stable' (got '{k}')"), kind.span));
            }
            _ => return Err(Diagnostic::unsupported("kind= must be a string constant", kind.span)),
        }
    }
    Ok(rest)
}

/// `np.pad` arguments as `[array, pad_width, constant_values]`: NumPy's default mode,
/// `'constant'` (the modes that copy values are the library's `_pad_mode`).
fn pad_args(mut args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<Vec<Expr>> {
    let mut mode = (args.len() == 3).then(|| args.pop()).flatten();
    let mut value = None;
    for (name, v) in kwargs {
        match name.as_str() {
            "mode" => mode = Some(v),
            "constant_values" => value = Some(v),
            _ => return Err(Diagnostic::typing(format!("unexpected keyword argument '{name}'"), v.span)),
        }
    }
    if args.len() != 2 {
        return Err(Diagnostic::typing("np.pad takes an array and pad_width", sp));
    }
    if let Some(m) = mode {
        if !matches!(&m.kind, ExprKind::Const(Const::Str(s)) if s == "constant") {
            return Err(Diagnostic::unsupported("np.pad is supported with the modes 'constant', 'edge', 'reflect', 'symmetric' and 'wrap' (a constant string) yet", m.span));
        }
    }
    args.push(value.unwrap_or_else(|| Expr::new(ExprKind::Const(Const::Int(0)), sp)));
    Ok(args)
}

/// `np.linspace` arguments as `[start, stop, num, endpoint]` plus the dtype if given.
fn linspace_args(mut args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<Vec<Expr>> {
    let mut slots: Vec<Option<Expr>> = vec![None; 5];
    if args.len() > 5 {
        return Err(Diagnostic::typing("np.linspace takes at most 5 positional arguments here", sp));
    }
    for (k, a) in args.drain(..).enumerate() {
        slots[k] = Some(a);
    }
    for (name, v) in kwargs {
        let k = match name.as_str() {
            "start" => 0,
            "stop" => 1,
            "num" => 2,
            "endpoint" => 3,
            "dtype" => 4,
            _ => return Err(Diagnostic::unsupported(format!("np.linspace's {name}= is not supported"), v.span)),
        };
        slots[k] = Some(v);
    }
    let (Some(start), Some(stop)) = (slots[0].take(), slots[1].take()) else {
        return Err(Diagnostic::typing("np.linspace needs start and stop", sp));
    };
    let num = slots[2].take().unwrap_or_else(|| Expr::new(ExprKind::Const(Const::Int(50)), sp));
    let endpoint = slots[3].take().unwrap_or_else(|| Expr::new(ExprKind::Const(Const::Bool(true)), sp));
    let mut out = vec![start, stop, num, endpoint];
    out.extend(slots[4].take());
    Ok(out)
}

/// `np.arange` arguments as `[start, stop, step]` plus the dtype if given: `arange(n)` is
/// `arange(0, n, 1)`. A dtype passed positionally or by keyword is always last.
fn arange_args(args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<Vec<Expr>> {
    // NumPy's `arange([start,] stop[, step,], dtype=None)`: positional arguments bind in order,
    // keywords by name; a stop not given makes a positional start the stop, counted from 0. The
    // result is the three bounds, then the dtype if one was given.
    const NAMES: [&str; 4] = ["start", "stop", "step", "dtype"];
    if args.len() > 4 {
        return Err(Diagnostic::typing("arange takes 1 to 3 bounds and a dtype", sp));
    }
    let positional = args.len();
    let mut slots: [Option<Expr>; 4] = Default::default();
    for (k, a) in args.into_iter().enumerate() {
        slots[k] = Some(a);
    }
    for (name, value) in kwargs {
        let Some(k) = NAMES.iter().position(|n| *n == name) else {
            return Err(Diagnostic::typing(format!("unexpected keyword argument '{name}'"), value.span));
        };
        if slots[k].is_some() {
            return Err(Diagnostic::typing(format!("argument for arange() given by name ('{name}') and position (position {k})"), value.span));
        }
        slots[k] = Some(value);
    }
    let int = |v| Expr::new(ExprKind::Const(Const::Int(v)), sp);
    let [start, stop, step, dtype] = slots;
    let (start, stop) = match (start, stop) {
        (start, Some(stop)) => (start.unwrap_or_else(|| int(0)), stop),
        (Some(start), None) if positional > 0 => (int(0), start),
        _ => return Err(Diagnostic::typing("arange() requires stop to be specified.", sp)),
    };
    Ok([start, stop, step.unwrap_or_else(|| int(1))].into_iter().chain(dtype).collect())
}
