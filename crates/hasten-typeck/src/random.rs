//! Typing `np.random.*` calls: NumPy's result types (Python floats and ints for scalar draws,
//! float64 and int64 arrays for `size=`), parameters that must be numbers or ints, and the
//! cases compiled code refuses by name (array-valued parameters).

use crate::function::{err, FnCx, R};
use hasten_ir::hir::*;
use hasten_ir::{ArrayType, Diagnostic, Dtype, Type};

/// How many dimensions a `size` argument gives: None for a scalar draw.
pub(crate) fn size_ndim(t: &Type, e: &Expr) -> R<Option<u8>> {
    match t {
        Type::None => Ok(None),
        t if t.is_intlike() && *t != Type::Bool => Ok(Some(1)),
        Type::Tuple(items) if items.is_empty() => Err(Diagnostic::unsupported("size=() (a 0-d array) is not supported", e.span)),
        Type::Tuple(items) if items.iter().all(|t| t.is_intlike() && *t != Type::Bool) => Ok(Some(items.len() as u8)),
        t => err(format!("size must be an integer, a tuple of integers or None, not {t}"), e.span),
    }
}

fn array_param(f: RandomFn, e: &Expr) -> Diagnostic {
    Diagnostic::unsupported(format!("array-valued parameters of np.random.{} (broadcasting) are not supported; pass scalars", f.name()), e.span)
}

impl FnCx<'_, '_, '_> {
    pub(crate) fn random_call(&mut self, f: RandomFn, args: &mut [Expr]) -> R<Type> {
        let mut types = match self.arg_types(args)? {
            Ok(types) => types,
            Err(pending) => return Ok(pending),
        };
        if matches!(f, RandomFn::Multinomial | RandomFn::Dirichlet) {
            let k = usize::from(f == RandomFn::Multinomial);
            self.float_vector(&mut args[k], &mut types[k])?;
        }
        match f {
            RandomFn::Seed => match &types[0] {
                Type::None => Ok(Type::None),
                t if t.is_intlike() => Ok(Type::None),
                t => err(format!("Cannot cast seed of type {t} to a seed (an int or None)"), args[0].span),
            },
            RandomFn::DefaultRng => match &types[0] {
                Type::None => Ok(Type::Generator),
                t if t.is_intlike() => Ok(Type::Generator),
                t => Err(Diagnostic::unsupported(format!("np.random.default_rng of {t} is not supported (an int seed or None is)"), args[0].span)),
            },
            RandomFn::Shuffle => match &types[0] {
                Type::Array(a) if a.ndim == 0 => err("len() of unsized object", args[0].span),
                Type::Array(_) => Ok(Type::None),
                t => Err(Diagnostic::unsupported(format!("np.random.shuffle of {t} (only arrays are supported)"), args[0].span)),
            },
            RandomFn::Permutation => match &types[0] {
                Type::Array(a) if a.ndim == 0 => err("x must be an integer or at least 1-dimensional", args[0].span),
                Type::Array(a) => Ok(Type::array(a.dtype, a.ndim)),
                t if t.is_intlike() && *t != Type::Bool => Ok(Type::array(Dtype::I64, 1)),
                t => err(format!("x must be an integer or at least 1-dimensional, not {t}"), args[0].span),
            },
            RandomFn::Choice => choice(&types, args),
            RandomFn::Multinomial | RandomFn::Dirichlet => vector(f == RandomFn::Multinomial, &format!("np.random.{}", f.name()), &types, args),
            f => {
                let nparams = f.params().len();
                let ints = f.int_params();
                for (k, (t, e)) in types[..nparams].iter().zip(&args[..nparams]).enumerate() {
                    match t {
                        Type::Array(_) => return Err(array_param(f, e)),
                        t if ints[k] && !t.is_intlike() => {
                            return Err(Diagnostic::unsupported(format!("np.random.{}'s {} must be an int here, not {t}", f.name(), f.params()[k].0), e.span))
                        }
                        t if !t.is_numeric_scalar() => return err(format!("expected a number, got {t}"), e.span),
                        _ => {}
                    }
                }
                let dtype = if f.int_values() { Dtype::I64 } else { Dtype::F64 };
                Ok(match size_ndim(&types[nparams], &args[nparams])? {
                    None if f.int_values() => Type::Int,
                    None => Type::Float,
                    Some(ndim) => Type::array(dtype, ndim),
                })
            }
        }
    }
}

/// `choice(a, size, replace, p)`: elements of `a` (an array) or int64 indices (an int `a`);
/// `p` a float64 array or None.
pub(crate) fn choice(types: &[Type], args: &[Expr]) -> R<Type> {
    let elem = match &types[0] {
        Type::Array(a) => Type::Scalar(a.dtype),
        t if t.is_intlike() && *t != Type::Bool => Type::Int,
        t => return err(format!("a must be 1-dimensional or an integer, not {t}"), args[0].span),
    };
    if !matches!(types[2], Type::Bool) {
        return Err(Diagnostic::unsupported("choice's replace= must be a bool", args[2].span));
    }
    match &types[3] {
        Type::None | Type::Array(ArrayType { dtype: Dtype::F64, ndim: 1, .. }) => {}
        t => return Err(Diagnostic::unsupported(format!("choice's p= must be a 1-d float64 array or None, not {t}"), args[3].span)),
    }
    Ok(match (size_ndim(&types[1], &args[1])?, elem) {
        (None, elem) => elem,
        (Some(ndim), Type::Scalar(d)) => Type::array(d, ndim),
        (Some(ndim), _) => Type::array(Dtype::I64, ndim),
    })
}

impl FnCx<'_, '_, '_> {
    /// `pvals`/`alpha` as NumPy takes them, a float64 array: a list or tuple of real numbers, or
    /// a 1-d array of another real dtype, becomes `np.array(x, np.float64)`.
    pub(crate) fn float_vector(&mut self, arg: &mut Expr, t: &mut Type) -> R<()> {
        let real = |t: &Type| t.is_numeric_scalar() && !t.is_complex_number();
        let convert = match &*t {
            Type::List(item) => real(item),
            Type::Tuple(items) => !items.is_empty() && items.iter().all(real),
            Type::Array(a) => a.ndim == 1 && a.dtype != Dtype::F64 && !a.dtype.is_complex(),
            _ => false,
        };
        if convert {
            let span = arg.span;
            let x = std::mem::replace(arg, Expr::new(ExprKind::Const(Const::None), span));
            *arg = Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::FromList), vec![x, Expr::new(ExprKind::Dtype(Dtype::F64), span)], Vec::new()), span);
            *t = self.expr(arg)?;
        }
        Ok(())
    }
}

/// `multinomial(n, pvals, size)` and `dirichlet(alpha, size)` (of `np.random` or a Generator,
/// `what` naming the function): a 1-d float64 array of probabilities or concentrations
/// (`float_vector` makes one of other real sequences), and
/// one more axis than `size` gives.
pub(crate) fn vector(multinomial: bool, what: &str, types: &[Type], args: &[Expr]) -> R<Type> {
    let k = if multinomial {
        if !(types[0].is_intlike() && types[0] != Type::Bool) {
            return Err(Diagnostic::unsupported(format!("{what}'s n must be an int here, not {}", types[0]), args[0].span));
        }
        1
    } else {
        0
    };
    let name = if multinomial { "pvals" } else { "alpha" };
    if !matches!(types[k], Type::Array(ArrayType { dtype: Dtype::F64, ndim: 1, .. })) {
        return Err(Diagnostic::unsupported(format!("{what}'s {name} must be a 1-d float64 array here, not {}", types[k]), args[k].span));
    }
    let ndim = size_ndim(&types[k + 1], &args[k + 1])?.unwrap_or(0);
    Ok(Type::array(if multinomial { Dtype::I64 } else { Dtype::F64 }, ndim + 1))
}
