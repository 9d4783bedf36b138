//! Finds the loop-invariant expensive expressions that `Lower::versioned_loop` evaluates before a loop.
//!
//! A candidate is a call into libm or a power (`x ** y`, `math.*`, `round(x, n)`) whose value depends
//! only on constants and on locals the loop never assigns. Array elements are never invariant (the loop
//! may store into the array), and calls to jitted functions are never candidates (they may have effects).

use hasten_ir::hir::*;
use super::*;

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

// ---- emission --------------------------------------------------------------------------------

impl<'a, 'f> Lower<'a, 'f> {
    /// Emits a loop through `emit`, versioned on its invariants: the expensive pure expressions of
    /// the body whose operands the loop never assigns are evaluated once, speculatively, before the
    /// loop. If none of them would raise, the loop runs with their values; otherwise the original
    /// loop runs, evaluating them in place so that any error is raised exactly where CPython raises
    /// it. Pure expressions give the same value either way.
    pub(in crate::lower) fn versioned_loop(&mut self, body: &[Stmt], assigned_too: &[LocalId], emit: impl Fn(&mut Self) -> R<()>) -> R<()> {
        let mut assigned: Vec<LocalId> = assigned_too.to_vec();
        assigned_locals(body, &mut assigned);
        let mut found = Vec::new();
        candidates(body, &assigned, &mut found);
        found.retain(|e| !self.invariants.contains_key(&(*e as *const Expr)));
        if !self.versioning || found.is_empty() {
            return emit(self);
        }
        for e in &found {
            self.remark(|cx| format!("hoisted: `{}` is computed once before the loop", cx.text(e.span)));
        }
        let (fast, slow, join) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        let (values, can_fail) = self.speculate(slow, |cx| found.iter().map(|e| cx.compute(e)).collect::<R<Vec<_>>>())?;
        self.b.ins().jump(fast, &[]);

        self.b.switch_to_block(fast);
        for (e, v) in found.iter().zip(values) {
            self.invariants.insert(*e as *const Expr, v);
        }
        emit(self)?;
        for e in &found {
            self.invariants.remove(&(*e as *const Expr));
        }
        let mut reached = self.jump(join);
        if can_fail {
            reached |= self.emit_unversioned(slow, join, &emit)?;
        }
        self.enter(join, reached);
        Ok(())
    }

    /// Runs `eval` with every failure branching to `slow` instead of raising; also says whether any
    /// failure can branch there (if none can, `slow` stays empty and unreachable).
    pub(in crate::lower) fn speculate<T>(&mut self, slow: Block, eval: impl FnOnce(&mut Self) -> R<T>) -> R<(T, bool)> {
        let outer = (self.error_target.replace(slow), std::mem::take(&mut self.speculative_exits));
        let result = eval(self);
        let can_fail = self.speculative_exits > 0;
        (self.error_target, self.speculative_exits) = outer;
        Ok((result?, can_fail))
    }

    /// Emits the loop unmodified in `slow`, where a failed speculation goes, and joins at `join`;
    /// returns whether `join` is reached from it.
    pub(in crate::lower) fn emit_unversioned(&mut self, slow: Block, join: Block, emit: &impl Fn(&mut Self) -> R<()>) -> R<bool> {
        self.enter(slow, true);
        self.versioning = false;
        emit(self)?;
        self.versioning = true;
        Ok(self.jump(join))
    }
}
