//! Typing NumPy's comparisons of whole arrays and products of neighbours: `np.isin`,
//! `np.array_equal` (the type their elements compare in is recorded as the call's
//! `Plan::Compare`, see `expr.rs`), `np.convolve`, `np.correlate`, `np.trapezoid` (its three
//! operators planned by `trapezoid_plans`, shared with code generation), `np.kron` (its
//! multiplication recorded as the call's `Plan::Binary`); the types tuples' items compare in; and
//! `==`/`!=` of values CPython never finds equal, decided from their types (`unrelated_compare`).

use crate::calls::Operands;
use crate::function::{err, FnCx, R};
use crate::rules;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Dtype, Type};

/// The plans of `np.trapezoid`'s operators.
pub struct TrapezoidPlans {
    /// `x[1:] - x[:-1]`, when `x` is given.
    pub sub: Option<BinaryPlan>,
    /// `y[1:] + y[:-1]`, then `d * that`, then `that / 2.0`.
    pub add: BinaryPlan,
    pub mul: BinaryPlan,
    pub div: BinaryPlan,
}

/// The plans of `d * (y[1:] + y[:-1]) / 2.0` for elements of `y` of dtype `y` and `d` either the
/// differences of an array of dtype `x` or the spacing `dx` (of type `dx`).
pub fn trapezoid_plans(y: Dtype, x: Option<Dtype>, dx: &Type) -> Result<TrapezoidPlans, String> {
    let sub = x.map(|x| rules::binary(BinOp::Sub, &Type::Scalar(x), &Type::Scalar(x), false)).transpose()?;
    let d = sub.as_ref().map_or(dx, |s| &s.result);
    let add = rules::binary(BinOp::Add, &Type::Scalar(y), &Type::Scalar(y), false)?;
    let mul = rules::binary(BinOp::Mul, d, &add.result, false)?;
    let div = rules::binary(BinOp::Div, &mul.result, &Type::Float, false)?;
    Ok(TrapezoidPlans { sub, add, mul, div })
}

/// The multiplication of `np.kron`: NumPy's `np.multiply` of the two element types.
pub(crate) fn kron_plan(args: &[Expr]) -> Option<BinaryPlan> {
    let elems = [args[0].ty.element(), args[1].ty.element()];
    rules::ufunc_operator(Ufunc::Multiply, &elems).ok().flatten()
}

/// The type elements of the first two operands compare in (NumPy's promotion of their dtypes).
pub(crate) fn comparison_type(args: &[Expr]) -> Option<Type> {
    rules::common(&args[0].ty.element(), &args[1].ty.element())
}

pub(crate) fn compare_call(f: NumpyFn, ops: &Operands) -> R<Type> {
    if f == NumpyFn::Trapezoid {
        return trapezoid(ops);
    }
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
        NumpyFn::Kron => {
            if a.ndim == 0 || b.ndim == 0 {
                return Err(Diagnostic::unsupported("np.kron of 0-d arrays is not supported", ops.args[0].span));
            }
            let Some(plan) = kron_plan(ops.args) else { return err(format!("cannot multiply {} by {}", a.dtype, b.dtype), ops.args[1].span) };
            Type::array(plan.result.value_dtype(), a.ndim.max(b.ndim))
        }
        _ => unreachable!("not of this family"),
    })
}

/// `np.trapezoid(y, x, dx, axis)`: `y` 1-d, `x` None or a 1-d array of numbers, `dx` a number; the
/// dtype of the terms, as a NumPy scalar.
pub(crate) fn trapezoid(ops: &Operands) -> R<Type> {
    let y = ops.array(0)?;
    if y.ndim != 1 {
        return Err(Diagnostic::unsupported("np.trapezoid is supported for 1-d y", ops.args[0].span));
    }
    crate::numpy::axis_arg(ops, 3, y, Some(-1))?;
    let x = match &ops.types[1] {
        Type::None => None,
        Type::Array(x) if x.ndim == 1 && x.dtype != Dtype::Bool => Some(x.dtype),
        t => return Err(Diagnostic::unsupported(format!("np.trapezoid's x must be None or a 1-d array of numbers, not {t}"), ops.args[1].span)),
    };
    ops.numeric(2)?;
    let plans = trapezoid_plans(y.dtype, x, &ops.types[2]).map_err(|m| Diagnostic::typing(m, ops.args[0].span))?;
    Ok(Type::Scalar(plans.div.result.value_dtype()))
}

/// The types the items of two tuples (or two lists) compare in: for tuples, position by position
/// up to the shorter one's length, as a tuple; for lists, a list of the type their items compare
/// in (Python compares both item by item, then by length). None where a pair does not compare with
/// `op`. Python complex items only compare for equality here (NumPy's order theirs).
pub fn sequence_common(l: &Type, r: &Type, op: CmpOp) -> Option<Type> {
    let number = |t: &Type| t.is_numeric_scalar() || t.is_c128();
    match (l, r) {
        (Type::Tuple(a), Type::Tuple(b)) => a.iter().zip(b).map(|(x, y)| sequence_common(x, y, op)).collect::<Option<Vec<_>>>().map(Type::tuple),
        (Type::List(a), Type::List(b)) => sequence_common(a, b, op).map(|c| Type::List(Box::new(c))),
        (Type::Str, Type::Str) => Some(Type::Str),
        (Type::Dict(..), Type::Dict(..)) | (Type::Set(_), Type::Set(_)) if l == r && matches!(op, CmpOp::Eq | CmpOp::NotEq) => Some(l.clone()),
        // Python's complex numbers do not order; NumPy's do.
        _ if number(l) && number(r) => rules::common(l, r).filter(|c| *c != Type::Complex || matches!(op, CmpOp::Eq | CmpOp::NotEq)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::sequence_common;
    use hasten_ir::hir::CmpOp;
    use hasten_ir::{Dtype, Type};

    #[test]
    fn tuples_and_lists_compare_item_by_item() {
        let t = |items: Vec<Type>| Type::tuple(items);
        let pair = sequence_common(&t(vec![Type::Int, Type::Str]), &t(vec![Type::Float, Type::Str, Type::Int]), CmpOp::Lt);
        assert_eq!(pair, Some(t(vec![Type::Float, Type::Str])));
        let numpy = sequence_common(&t(vec![Type::Scalar(Dtype::F64)]), &t(vec![Type::Int]), CmpOp::Eq);
        assert_eq!(numpy, Some(t(vec![Type::Scalar(Dtype::F64)])));
        let lists = sequence_common(&Type::List(Box::new(Type::Int)), &Type::List(Box::new(Type::Float)), CmpOp::GtE);
        assert_eq!(lists, Some(Type::List(Box::new(Type::Float))));
        // Complex items order nothing; strings and numbers do not compare.
        assert_eq!(sequence_common(&t(vec![Type::Complex]), &t(vec![Type::Complex]), CmpOp::Lt), None);
        assert!(sequence_common(&t(vec![Type::Complex]), &t(vec![Type::Complex]), CmpOp::Eq).is_some());
        assert_eq!(sequence_common(&t(vec![Type::Str]), &t(vec![Type::Int]), CmpOp::Eq), None);
    }
}

/// Python's kinds of values for `==`: a value of one kind never equals one of another (CPython's
/// `==` falls back to identity), except that a NumPy scalar compares with numbers by value and
/// element-wise with sequences; it is decided only against a string.
#[derive(PartialEq)]
enum EqKind {
    Number,
    NumpyScalar,
    Str,
    List,
    Tuple,
    Dict,
    Set,
}

fn eq_kind(t: &Type) -> Option<EqKind> {
    Some(match t {
        Type::Int | Type::Float | Type::Bool | Type::Complex => EqKind::Number,
        Type::Scalar(_) => EqKind::NumpyScalar,
        Type::Str => EqKind::Str,
        Type::List(_) => EqKind::List,
        Type::Tuple(_) => EqKind::Tuple,
        Type::Dict(..) => EqKind::Dict,
        Type::Set(_) => EqKind::Set,
        _ => return None,
    })
}

impl FnCx<'_, '_, '_> {
    /// Whether evaluating `e` can neither raise nor have an effect, so that a comparison decided
    /// from the types may skip it: what `functions::pure` says of a node, but a local that may be
    /// unbound (UnboundLocalError) and an item of anything but a tuple (IndexError) are not;
    /// container displays of such items are.
    fn effect_free(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::List(items) | ExprKind::Tuple(items) | ExprKind::Set(items) | ExprKind::Dict(items) => items.iter().all(|i| self.effect_free(i)),
            ExprKind::Local(id) => !self.locals[*id as usize].maybe_unbound,
            ExprKind::Index(base, _) => matches!(base.ty, Type::Tuple(_)) && self.effect_free(base) && crate::functions::pure(e),
            ExprKind::IfExp(c, a, b) => self.effect_free(c) && self.effect_free(a) && self.effect_free(b),
            _ => crate::functions::pure(e),
        }
    }

    /// `x == y` and `x != y` where CPython never finds the two equal (`"a" == 1`, `[1] == (1,)`):
    /// decided from the types, a NumPy bool where a NumPy scalar meets a string, as NumPy gives.
    /// True when `e` was decided.
    pub(crate) fn unrelated_compare(&mut self, e: &mut Expr) -> R<bool> {
        let ExprKind::Compare(first, rest) = &mut e.kind else { return Ok(false) };
        let [(op @ (CmpOp::Eq | CmpOp::NotEq), r)] = rest.as_mut_slice() else { return Ok(false) };
        // An empty list literal is typed by the other operand (`compare`), not on its own.
        let empty = |e: &Expr| matches!(&e.kind, ExprKind::List(items) if items.is_empty());
        if empty(first) || empty(r) {
            return Ok(false);
        }
        // (Optional operands are typed as such here; `compare` and `optional.rs` take them.)
        let (Some(a), Some(b)) = (eq_kind(&self.expr_optional(first)?), eq_kind(&self.expr_optional(r)?)) else { return Ok(false) };
        let numpy = a == EqKind::NumpyScalar || b == EqKind::NumpyScalar;
        if a == b || (numpy && a != EqKind::Str && b != EqKind::Str) {
            return Ok(false);
        }
        if !(self.effect_free(first) && self.effect_free(r)) {
            let what = format!("comparing {} with {} (never equal in CPython) where an operand is computed in the comparison is not supported yet; assign it to a variable first", first.ty, r.ty);
            return Err(Diagnostic::unsupported(what, e.span));
        }
        let decided = Expr::new(ExprKind::Decided(*op == CmpOp::NotEq), e.span);
        e.kind = if numpy { ExprKind::Call(Callee::ScalarCtor(Dtype::Bool), vec![decided], Vec::new()) } else { decided.kind };
        Ok(true)
    }
}
