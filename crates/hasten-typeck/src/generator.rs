//! Typing the methods of an `np.random.Generator` passed in: NumPy's result types (Python floats
//! for scalar draws, Python ints for scalar discrete draws, `np.int64` for a scalar `integers`,
//! float64/int64 arrays with `size=`),
//! number and int parameters, arrays for `shuffle`; array-valued parameters refused by name.

use crate::function::{err, FnCx, R};
use crate::random::size_ndim;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Dtype, Type};

impl FnCx<'_, '_, '_> {
    pub(crate) fn generator_call(&mut self, m: GenMethod, args: &mut [Expr]) -> R<Type> {
        let mut types = match self.arg_types(args)? {
            Ok(types) => types,
            Err(pending) => return Ok(pending),
        };
        if matches!(m, GenMethod::Multinomial | GenMethod::Dirichlet) {
            let k = 1 + usize::from(m == GenMethod::Multinomial);
            self.float_vector(&mut args[k], &mut types[k])?;
        }
        if types[0] != Type::Generator {
            return err(format!("'{}' object has no attribute '{}'", types[0], m.name()), args[0].span);
        }
        let params = &types[1..];
        let param_args = &args[1..];
        let scalar_param = |k: usize, int: bool| -> R<()> {
            match &params[k] {
                Type::Array(_) => Err(Diagnostic::unsupported(
                    format!("array-valued parameters of Generator.{} (broadcasting) are not supported; pass scalars", m.name()),
                    param_args[k].span,
                )),
                t if int && !(t.is_intlike() && *t != Type::Bool) => {
                    let what = match m {
                        GenMethod::Integers => "bounds must be ints".to_string(),
                        m => format!("{} must be an int", m.params()[k].0),
                    };
                    Err(Diagnostic::unsupported(format!("Generator.{}'s {what} here, not {t}", m.name()), param_args[k].span))
                }
                t if !t.is_numeric_scalar() => err(format!("expected a number, got {t}"), param_args[k].span),
                _ => Ok(()),
            }
        };
        match m {
            GenMethod::Shuffle => match &params[0] {
                Type::Array(a) if a.ndim == 0 => err("len() of unsized object", param_args[0].span),
                Type::Array(_) => Ok(Type::None),
                t => Err(Diagnostic::unsupported(format!("Generator.shuffle of {t} (only arrays are supported)"), param_args[0].span)),
            },
            GenMethod::Permutation => match &params[0] {
                Type::Array(a) if a.ndim == 0 => err("axis 0 is out of bounds for array of dimension 0", param_args[0].span),
                Type::Array(a) => Ok(Type::array(a.dtype, a.ndim)),
                t if t.is_intlike() && *t != Type::Bool => Ok(Type::array(Dtype::I64, 1)),
                t => err(format!("x must be an integer or at least 1-dimensional, not {t}"), param_args[0].span),
            },
            GenMethod::Choice => match &params[0] {
                Type::Array(a) if a.ndim != 1 => Err(Diagnostic::unsupported(
                    format!("Generator.choice of a {}-d array (a choice of rows) is not supported yet", a.ndim),
                    param_args[0].span,
                )),
                _ if params[4] != Type::Bool => Err(Diagnostic::unsupported("Generator.choice's shuffle= must be a bool", param_args[4].span)),
                _ => crate::random::choice(&params[..4], &param_args[..4]),
            },
            GenMethod::Integers => {
                scalar_param(0, true)?;
                scalar_param(1, true)?;
                if params[3] != Type::Bool {
                    return Err(Diagnostic::unsupported("Generator.integers's endpoint= must be a bool", param_args[3].span));
                }
                Ok(match size_ndim(&params[2], &param_args[2])? {
                    None => Type::Scalar(Dtype::I64),
                    Some(ndim) => Type::array(Dtype::I64, ndim),
                })
            }
            GenMethod::Multinomial | GenMethod::Dirichlet => {
                crate::random::vector(m == GenMethod::Multinomial, &format!("Generator.{}", m.name()), params, param_args)
            }
            m => {
                let n = m.params().len();
                let ints = m.int_params();
                for (k, int) in ints.iter().enumerate().take(n) {
                    scalar_param(k, *int)?;
                }
                Ok(match size_ndim(&params[n], &param_args[n])? {
                    None if m.int_values() => Type::Int,
                    None => Type::Float,
                    Some(ndim) => Type::array(if m.int_values() { Dtype::I64 } else { Dtype::F64 }, ndim),
                })
            }
        }
    }
}

/// Whether a value of type `t` holds a generator (which only Python's caller can own).
pub(crate) fn holds_generator(t: &Type) -> bool {
    match t {
        Type::Generator => true,
        Type::Tuple(items) => items.iter().any(holds_generator),
        Type::List(t) | Type::Set(t) | Type::Optional(t) => holds_generator(t),
        Type::Dict(k, v) => holds_generator(k) || holds_generator(v),
        _ => false,
    }
}
