//! Kernighan's bit count, `while x: x &= x - 1; c += 1`, on a NumPy 64-bit int: one population
//! count instead of a trip per set bit. numba gets this from LLVM's loop-idiom pass; hasten's loops
//! poll for Ctrl-C, which would hide the idiom from LLVM on tier 2, and Cranelift has no such pass.
//!
//! The loop runs once per set bit of `x`'s 64-bit pattern (NumPy's `x - 1` wraps, so a negative `x`
//! ends too) and leaves `x` zero, so `c += popcount(x); x = 0` is the same effect. It applies only
//! when `c` is a counter (see `facts::counters`: the loop's additions cannot overflow, so no
//! exception can stop it half-way) and is certainly bound (the loop reads it only if `x` is not 0).

use hasten_ir::hir::*;
use hasten_ir::{Dtype, Type};

use super::*;

/// The locals of a bit-counting loop.
pub(crate) struct Popcount {
    pub x: LocalId,
    pub counter: LocalId,
}

/// The bit-counting loop `while x` (or `while x != 0`) with `body`, when it is one.
pub(crate) fn analyze(cond: &Expr, body: &[Stmt], orelse: &[Stmt]) -> Option<Popcount> {
    let x = match &cond.kind {
        ExprKind::Local(x) => *x,
        ExprKind::Compare(l, links) => match (&l.kind, links.as_slice()) {
            (ExprKind::Local(x), [(CmpOp::NotEq, zero)]) if is_int(zero, 0) => *x,
            _ => return None,
        },
        _ => return None,
    };
    if !matches!(local_type(cond, x)?, Type::Scalar(Dtype::I64 | Dtype::U64)) || !orelse.is_empty() {
        return None;
    }
    let [a, b] = body else { return None };
    let counter = match (clears_lowest_bit(a, x), clears_lowest_bit(b, x)) {
        (true, false) => increments(b)?,
        (false, true) => increments(a)?,
        _ => return None,
    };
    (counter != x).then_some(Popcount { x, counter })
}

/// The type of local `x` where `cond` reads it.
fn local_type(cond: &Expr, x: LocalId) -> Option<&Type> {
    match &cond.kind {
        ExprKind::Local(id) if *id == x => Some(&cond.ty),
        ExprKind::Compare(l, _) => local_type(l, x),
        _ => None,
    }
}

fn is_int(e: &Expr, v: i64) -> bool {
    matches!(e.kind, ExprKind::Const(Const::Int(k)) if k == v)
}

fn is_local(e: &Expr, x: LocalId) -> bool {
    matches!(e.kind, ExprKind::Local(id) if id == x)
}

/// `x - 1`.
fn minus_one(e: &Expr, x: LocalId) -> bool {
    matches!(&e.kind, ExprKind::Binary(BinOp::Sub, l, r) if is_local(l, x) && is_int(r, 1))
}

/// `x &= x - 1` or `x = x & (x - 1)`.
fn clears_lowest_bit(s: &Stmt, x: LocalId) -> bool {
    match &s.kind {
        StmtKind::AugAssign { target: Target::Local(t, _), op: BinOp::BitAnd, value, .. } => *t == x && minus_one(value, x),
        StmtKind::Assign { targets, value } => {
            matches!(targets.as_slice(), [Target::Local(t, _)] if *t == x)
                && matches!(&value.kind, ExprKind::Binary(BinOp::BitAnd, l, r) if is_local(l, x) && minus_one(r, x))
        }
        _ => false,
    }
}

/// The local of `c += 1` or `c = c + 1`.
fn increments(s: &Stmt) -> Option<LocalId> {
    match &s.kind {
        StmtKind::AugAssign { target: Target::Local(c, _), op: BinOp::Add, value, .. } if is_int(value, 1) => Some(*c),
        StmtKind::Assign { targets, value } => match (targets.as_slice(), &value.kind) {
            ([Target::Local(c, _)], ExprKind::Binary(BinOp::Add, l, r)) if is_local(l, *c) && is_int(r, 1) => Some(*c),
            _ => None,
        },
        _ => None,
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// The bit-counting loop of `analyze`, when its counter qualifies.
    pub(in crate::lower) fn popcount_plan(&self, cond: &Expr, body: &[Stmt], orelse: &[Stmt]) -> Option<Popcount> {
        let p = analyze(cond, body, orelse)?;
        let counter = &self.locals[p.counter as usize];
        (self.counters.contains(&p.counter) && counter.defined.is_none()).then_some(p)
    }

    /// `c += popcount(x); x = 0`.
    pub(in crate::lower) fn popcount(&mut self, p: &Popcount, x_ty: &Type, span: Span) {
        let x = self.read_local(p.x, span)[0];
        let bits = self.b.ins().popcnt(x);
        let c = self.read_local(p.counter, span)[0];
        let sum = self.b.ins().iadd(c, bits);
        self.assign_local(p.counter, vec![sum], &Type::Int);
        let zero = self.b.ins().iconst(types::I64, 0);
        self.assign_local(p.x, vec![zero], x_ty);
        self.remark(|_| "bit count: the loop is one population count of the int".into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hasten_typeck::testing::*;

    fn found(src: &str) -> bool {
        let f = typed(src, &[Type::Scalar(Dtype::I64)]);
        let mut hit = false;
        visit(&f.body, &mut |s| {
            if let StmtKind::While { cond, body, orelse } = &s.kind {
                hit |= analyze(cond, body, orelse).is_some();
            }
        });
        hit
    }

    fn visit(stmts: &[Stmt], f: &mut dyn FnMut(&Stmt)) {
        for s in stmts {
            f(s);
            s.kind.blocks().into_iter().for_each(|b| visit(b, f));
        }
    }

    #[test]
    fn kernighans_loop_is_found_in_its_spellings() {
        assert!(found("def f(x):\n    c = 0\n    while x:\n        x &= x - 1\n        c += 1\n    return c\n"));
        assert!(found("def f(x):\n    c = 0\n    while x != 0:\n        c = c + 1\n        x = x & (x - 1)\n    return c\n"));
    }

    #[test]
    fn other_loops_are_left_alone() {
        assert!(!found("def f(x):\n    c = 0\n    while x:\n        x &= x - 2\n        c += 1\n    return c\n"));
        assert!(!found("def f(x):\n    c = 0\n    while x:\n        x &= x - 1\n        c += 2\n    return c\n"));
        assert!(!found("def f(x):\n    c = 0\n    while x > 0:\n        x &= x - 1\n        c += 1\n    return c\n"));
        assert!(!found("def f(x):\n    c = 0\n    while x:\n        x &= x - 1\n        c += 1\n    else:\n        c = 5\n    return c\n"));
    }
}
