//! Typing NumPy's comparisons of whole arrays and sliding products: `np.isin`,
//! `np.array_equal` (the type their elements compare in is recorded as the call's
//! `Plan::Compare`, see `expr.rs`), `np.convolve`, `np.correlate`.

use crate::calls::Operands;
use crate::function::{err, R};
use crate::rules;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Dtype, Type};

/// The type elements of the first two operands compare in (NumPy's promotion of their dtypes).
pub(crate) fn comparison_type(args: &[Expr]) -> Option<Type> {
    rules::common(&args[0].ty.element(), &args[1].ty.element())
}

pub(crate) fn compare_call(f: NumpyFn, ops: &Operands) -> R<Type> {
    let (a, b) = (ops.array(0)?, ops.array(1)?);
    Ok(match f {
        NumpyFn::Isin | NumpyFn::ArrayEqual => {
            if comparison_type(ops.args).is_none() {
                return err(format!("cannot compare elements of {} with elements of {}", a.dtype, b.dtype), ops.args[1].span);
            }
            if f == NumpyFn::Isin {
                Type::array(Dtype::Bool, a.ndim)
            } else {
                Type::Bool
            }
        }
        NumpyFn::Convolve | NumpyFn::Correlate => {
            for (k, t) in [a, b].iter().enumerate() {
                if t.ndim != 1 {
                    let msg = format!("np.{} is supported for 1-d arrays", if f == NumpyFn::Convolve { "convolve" } else { "correlate" });
                    return Err(Diagnostic::unsupported(msg, ops.args[k].span));
                }
            }
            Type::array(Dtype::promote(a.dtype, b.dtype), 1)
        }
        _ => unreachable!("not of this family"),
    })
}
