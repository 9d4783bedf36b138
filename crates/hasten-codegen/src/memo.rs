//! Finds the loop-invariant expensive expressions that `Lower::versioned_loop` evaluates before a loop.
//!
//! A candidate is a call into libm or a power (`x ** y`, `math.*`, `round(x, n)`) whose value depends
//! only on constants and on locals the loop never assigns. Array elements are never invariant (the loop
//! may store into the array), and calls to jitted functions are never candidates (they may have effects).

use hasten_ir::hir::*;

pub(crate) fn invariant(e: &Expr, assigned: &[LocalId]) -> bool {
    let inv = |x: &Expr| invariant(x, assigned);
    match &e.kind {
        ExprKind::Const(_) => true,
        ExprKind::Local(id) => !assigned.contains(id),
        ExprKind::Tuple(items) => items.iter().all(inv),
        ExprKind::Binary(_, l, r) => inv(l) && inv(r),
        ExprKind::Unary(_, x) => inv(x),
        ExprKind::Compare(first, rest) => inv(first) && rest.iter().all(|(_, r)| inv(r)),
        ExprKind::Logical(_, values) => values.iter().all(inv),
        ExprKind::IfExp(c, a, b) => inv(c) && inv(a) && inv(b),
        ExprKind::Attr(base, _) => inv(base),
        ExprKind::Call(Callee::Math(_) | Callee::Builtin(_) | Callee::ScalarCtor(_), args, _) => args.iter().all(inv),
        ExprKind::Index(..) | ExprKind::Call(..) | ExprKind::Dtype(_) | ExprKind::Slice(..) | ExprKind::RangeReduce(_) => false,
    }
}

fn expensive(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Binary(BinOp::Pow, ..) => true,
        ExprKind::Call(Callee::Math(f), ..) => !matches!(
            f,
            MathFn::Fabs | MathFn::Copysign | MathFn::Isnan | MathFn::Isinf | MathFn::Isfinite | MathFn::Sqrt
        ),
        ExprKind::Call(Callee::Builtin(Builtin::Round), args, _) => args.len() == 2,
        _ => false,
    }
}

/// Collects the outermost invariant expensive expressions of the statements.
pub(crate) fn candidates<'e>(stmts: &'e [Stmt], assigned: &[LocalId], out: &mut Vec<&'e Expr>) {
    for_each_expr(stmts, &mut |e| expr(e, assigned, out));
}

fn expr<'e>(e: &'e Expr, assigned: &[LocalId], out: &mut Vec<&'e Expr>) {
    if expensive(e) && invariant(e, assigned) {
        out.push(e);
        return;
    }
    e.for_each_child(|x| expr(x, assigned, out));
}
