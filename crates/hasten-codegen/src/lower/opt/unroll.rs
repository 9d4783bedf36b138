//! Which `range` loops `Lower::unrolled` emits as straight-line copies of their body: constant bounds,
//! at most `MAX_TRIPS` iterations, and at most `MAX_NODES` statements and expressions in all copies
//! together, so that compile time and code size stay small. A 3×3 stencil's `for a in range(3)` is the
//! case this is for: Cranelift does not unroll, and each copy's indices fold to constant offsets.

use hasten_ir::hir::*;
use super::*;
use crate::statement_count;

const MAX_TRIPS: usize = 16;
const MAX_NODES: usize = 400;

/// The values the loop variable takes, if the loop is to be unrolled.
pub(crate) fn values(start: &Expr, stop: &Expr, step: &Expr, body: &[Stmt]) -> Option<Vec<i64>> {
    let (a, s, trips) = crate::ranges::constant_range(start, stop, step)?;
    if trips as usize > MAX_TRIPS || trips as usize * size(body) > MAX_NODES || has_prange(body) {
        return None;
    }
    Some((0..trips).map(|k| (a + k * s) as i64).collect())
}

/// The offsets from `start` that the loop variable takes, if the loop is a short window whose bounds
/// are one local plus constants (`range(i - 1, i + 2)`): a constant trip count, unrolled like
/// `values` with the variable `start + offset` in each copy.
pub(crate) fn window(start: &Expr, stop: &Expr, step: &Expr, body: &[Stmt]) -> Option<Vec<i64>> {
    let ExprKind::Const(Const::Int(s)) = step.kind else { return None };
    let (v, a) = crate::ranges::local_plus_const(start, &|_| None)?;
    let (w, b) = crate::ranges::local_plus_const(stop, &|_| None)?;
    if v != w || s == 0 {
        return None;
    }
    let trips = if s > 0 { (b - a + s as i128 - 1).div_euclid(s as i128) } else { (a - b - s as i128 - 1).div_euclid(-s as i128) }.max(0);
    if trips as usize > MAX_TRIPS || trips as usize * size(body) > MAX_NODES || has_prange(body) {
        return None;
    }
    Some((0..trips as i64).map(|k| k * s).collect())
}

pub(super) fn size(stmts: &[Stmt]) -> usize {
    fn expr(e: &Expr) -> usize {
        let mut n = 1;
        e.for_each_child(|x| n += expr(x));
        n
    }
    let mut n = statement_count(stmts);
    for_each_expr(stmts, &mut |e| n += expr(e));
    n
}

fn has_prange(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        StmtKind::ForRange { parallel: true, .. } => true,
        kind => kind.blocks().into_iter().any(has_prange),
    })
}

// ---- emission --------------------------------------------------------------------------------

impl<'a, 'f> Lower<'a, 'f> {
    /// A `range` loop over a few values, as one copy of the body per value: constants (`base` is
    /// `None`), or `base` plus constant offsets (see `window`). Index arithmetic folds, and the
    /// copies' addresses differ by constants.
    pub(in crate::lower) fn unrolled(&mut self, var: LocalId, values: &[i64], base: Option<Value>, body: &[Stmt], orelse: &[Stmt]) -> R<()> {
        let exit = self.b.create_block();
        for &v in values {
            let next = self.b.create_block();
            let c = match base {
                Some(b) => self.b.ins().iadd_imm_s(b, v),
                None => self.iconst(types::I64, v),
            };
            self.assign_local(var, vec![c], &Type::Int);
            if self.stable[var as usize] && base.is_none() {
                self.facts.insert(var, (v as i128, v as i128));
            }
            self.loops.push(Loop { continue_to: next, break_to: exit, tries: self.tries.len(), temps: self.temps.len() });
            self.block(body)?;
            self.loops.pop();
            self.jump(next);
            // `continue` may reach it even when the body's end does not.
            self.enter(next, true);
        }
        self.facts.remove(&var);
        self.below.remove(&var);
        self.block(orelse)?;
        self.jump(exit);
        self.enter(exit, true);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hasten_ir::{Span, Type};

    fn int(v: i64) -> Expr {
        Expr { kind: ExprKind::Const(Const::Int(v)), span: Span::default(), ty: Type::Int, plan: Plan::None }
    }

    #[test]
    fn python_range_values_and_limits() {
        assert_eq!(values(&int(7), &int(-2), &int(-3), &[]), Some(vec![7, 4, 1]));
        assert_eq!(values(&int(4), &int(2), &int(1), &[]), Some(vec![]));
        assert_eq!(values(&int(0), &int(3), &int(1), &[]), Some(vec![0, 1, 2]));
        assert_eq!(values(&int(0), &int(17), &int(1), &[]), None, "too many trips");
        assert_eq!(values(&int(0), &int(3), &int(0), &[]), None, "a zero step raises at run time");
    }

    fn typed_loop(src: &str, args: &[Type], k: usize, check: impl FnOnce(hasten_typeck::testing::RangeLoop)) {
        let f = hasten_typeck::testing::typed(src, args);
        check(hasten_typeck::testing::range_loop(hasten_typeck::testing::nth_loop(&f, k)));
    }

    #[test]
    fn short_literal_ranges_unroll_and_others_do_not() {
        let src = "def f(a, n):\n    s = 0.0\n    for k in range(3):\n        s += a[k]\n    for k in range(1, 9, 3):\n        s += a[k]\n    for k in range(n):\n        s += a[k]\n    return s";
        let args = [hasten_typeck::testing::f64_1d(), Type::Int];
        let got = |k| {
            let mut out = None;
            typed_loop(src, &args, k, |l| out = values(l.start, l.stop, l.step, l.body));
            out
        };
        assert_eq!(got(0), Some(vec![0, 1, 2]));
        assert_eq!(got(1), Some(vec![1, 4, 7]));
        assert_eq!(got(2), None, "bounds that are not literals");
    }

    #[test]
    fn size_counts_statements_and_expression_nodes() {
        // One statement; `a[k]` is three nodes (the element, `a`, `k`); a local target is none.
        typed_loop("def f(a):\n    s = 0.0\n    for k in range(3):\n        s += a[k]\n    return s", &[hasten_typeck::testing::f64_1d()], 0, |l| {
            assert_eq!(size(l.body), 4);
        });
        // A nested loop counts with its body and its bounds.
        typed_loop("def f(a):\n    s = 0.0\n    for k in range(3):\n        for j in range(2):\n            s += a[k]\n    return s", &[hasten_typeck::testing::f64_1d()], 0, |l| {
            assert_eq!(size(l.body), 2 + 3 + 3);
        });
    }

    #[test]
    fn copies_are_limited_to_max_nodes_in_all() {
        let src = "def f(a, b):\n    for k in range(2):\n        b[k] = (a[k] + a[k + 1]) * (a[k + 2] - a[k + 3]) + a[k] * a[k] * a[k] - a[k + 4] / (a[k + 5] + 1.0)\n    return b";
        let args = [hasten_typeck::testing::f64_1d(), hasten_typeck::testing::f64_1d()];
        typed_loop(src, &args, 0, |l| {
            let n = size(l.body);
            let most = (MAX_NODES / n) as i64;
            assert!(most < MAX_TRIPS as i64, "the body ({n} nodes) is large enough for the node limit to bind first");
            assert_eq!(values(&int(0), &int(most), &int(1), l.body).map(|v| v.len()), Some(most as usize));
            assert_eq!(values(&int(0), &int(most + 1), &int(1), l.body), None, "{} copies of {n} nodes", most + 1);
        });
        assert_eq!(values(&int(0), &int(16), &int(1), &[]).map(|v| v.len()), Some(16), "MAX_TRIPS itself unrolls");
    }

    #[test]
    fn windows_around_one_local_unroll_by_offsets() {
        let src = "def f(a, i, j):\n    s = 0.0\n    for k in range(i - 1, i + 2):\n        s += a[k]\n    for k in range(i + 4, i, -2):\n        s += a[k]\n    for k in range(i, j):\n        s += a[k]\n    for k in range(i, i + 40):\n        s += a[k]\n    return s";
        let args = [hasten_typeck::testing::f64_1d(), Type::Int, Type::Int];
        let got = |k| {
            let mut out = None;
            typed_loop(src, &args, k, |l| out = window(l.start, l.stop, l.step, l.body));
            out
        };
        assert_eq!(got(0), Some(vec![0, 1, 2]));
        assert_eq!(got(1), Some(vec![0, -2]));
        assert_eq!(got(2), None, "bounds on two locals");
        assert_eq!(got(3), None, "too many trips");
    }

    #[test]
    fn loops_containing_a_prange_are_not_unrolled() {
        let src = "def f(a, n):\n    for k in range(2):\n        if n > 0:\n            for i in prange(n):\n                a[i] += 1.0\n    for k in range(2):\n        for i in range(n):\n            a[i] += 1.0\n    return a";
        let args = [hasten_typeck::testing::f64_1d(), Type::Int];
        typed_loop(src, &args, 0, |l| assert_eq!(values(l.start, l.stop, l.step, l.body), None));
        typed_loop(src, &args, 2, |l| assert_eq!(values(l.start, l.stop, l.step, l.body), Some(vec![0, 1])));
    }
}
