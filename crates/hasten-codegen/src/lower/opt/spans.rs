//! Versioning a `range` loop on the span of its indices. In `for c in range(cap, w - 1, -1):
//! best[c - w]` no fact ties `c - w` to `best`'s length, and `opt::lengths` only reasons about
//! upward loops over stable arrays. But the loop variable runs between two values known before the
//! loop, so an index `±v + e` (with `e` a sum of constants and of int locals the loop does not
//! assign) runs between two values known there too. `Lower::span_versioned` computes both ends of
//! each such index once before the loop (with overflow tests) and checks them against the array's
//! length: when every index stays in bounds (or the range is empty) a copy of the loop without
//! those bounds checks runs, else the loop unchanged, which raises IndexError where CPython does.
//!
//! An index qualifies when its array local and the locals of `e` are not assigned in the loop, and
//! the loop variable is not either; the range's bounds must be side-effect-free expressions, as
//! the test evaluates them a second time. What the facts or `opt::lengths` prove already, and
//! indices the loop does not change, are left out (see `needs`): a versioned loop compiles twice.

use super::*;
use hasten_ir::hir::*;

/// Loops larger than this (statements and expression nodes) are not duplicated.
const MAX_NODES: usize = 600;

/// Nor loops holding other loops larger than this.
const MAX_NEST_NODES: usize = 120;

/// `coef * v + konst + Σ sign · local` for the loop variable `v`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Affine {
    pub coef: i64,
    pub konst: i128,
    pub locals: Vec<(LocalId, i64)>,
}

/// The index `index` into axis `axis` of the array local `array`, of the form `form`.
#[derive(Clone, Debug)]
pub(crate) struct SpanNeed {
    pub array: LocalId,
    pub axis: usize,
    pub index: *const Expr,
    pub form: Affine,
}

/// Int types whose arithmetic is exact within 64 bits: Python ints (checked) and int64 scalars
/// (which wrap only where the test's overflow checks would fail).
fn int64_like(t: &Type) -> bool {
    matches!(t, Type::Int | Type::Scalar(Dtype::I64))
}

/// `e` as an affine form of `v`, if it is one (coefficients of `v` in {-1, 0, 1}).
pub(crate) fn affine(e: &Expr, v: LocalId) -> Option<Affine> {
    fn walk(e: &Expr, sign: i64, v: LocalId, out: &mut Affine) -> Option<()> {
        if !int64_like(&e.ty) {
            return None;
        }
        match &e.kind {
            ExprKind::Const(Const::Int(c)) => out.konst += sign as i128 * *c as i128,
            ExprKind::Local(w) if *w == v => out.coef += sign,
            ExprKind::Local(w) => out.locals.push((*w, sign)),
            ExprKind::Binary(BinOp::Add, l, r) => {
                walk(l, sign, v, out)?;
                walk(r, sign, v, out)?;
            }
            ExprKind::Binary(BinOp::Sub, l, r) => {
                walk(l, sign, v, out)?;
                walk(r, -sign, v, out)?;
            }
            _ => return None,
        }
        Some(())
    }
    let mut out = Affine { coef: 0, konst: 0, locals: Vec::new() };
    walk(e, 1, v, &mut out)?;
    (out.coef.abs() <= 1 && out.konst.unsigned_abs() < 1 << 62).then_some(out)
}

/// Whether `e` can be evaluated twice with no effect beyond what evaluating it once has.
fn repeatable(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Const(Const::Int(_)) | ExprKind::Local(_) => true,
        ExprKind::Binary(BinOp::Add | BinOp::Sub, l, r) => repeatable(l) && repeatable(r),
        ExprKind::Call(Callee::Builtin(Builtin::Len), args, _) => args.len() == 1 && matches!(args[0].kind, ExprKind::Local(_)),
        ExprKind::Index(base, idx) => matches!(&base.kind, ExprKind::Attr(a, Attr::Shape) if matches!(a.kind, ExprKind::Local(_)))
            && idx.len() == 1 && matches!(idx[0].kind, ExprKind::Const(Const::Int(_))),
        _ => false,
    }
}

/// Every element index of an array local in `stmts`, loads and stores: (array, axis, index).
fn indices(stmts: &[Stmt]) -> Vec<(LocalId, usize, &Expr)> {
    super::lengths::accesses(stmts).into_iter().flat_map(|(a, idx)| idx.iter().enumerate().map(move |(k, i)| (a, k, i))).collect()
}

/// What `needs` asks of the lowering's facts.
pub(crate) struct SpanEnv<'a> {
    /// Whether `stop` names the length of axis `k` of `a` closely enough that the facts prove
    /// `a[v + c]` of an upward loop from a large enough constant start: `own_axis(a, k, stop, c)`.
    pub own_axis: &'a dyn Fn(LocalId, usize, &Expr, i128) -> bool,
    /// Whether `e` names a length or an int local (`Lower::size_of`).
    pub sized: &'a dyn Fn(&Expr) -> bool,
    /// Whether a local holds one value for its whole life.
    pub stable: &'a dyn Fn(LocalId) -> bool,
    /// Whether an enclosing test proved the index already.
    pub proven: &'a dyn Fn(*const Expr) -> bool,
}

/// The indices of the `range` loop `s` to prove by one test before it.
pub(crate) fn needs(s: &Stmt, env: &SpanEnv) -> Vec<SpanNeed> {
    let StmtKind::ForRange { var, start, stop, step, parallel: false, body, .. } = &s.kind else { return Vec::new() };
    let ExprKind::Const(Const::Int(k)) = step.kind else { return Vec::new() };
    // An outer loop only when its nest is small: an index of an outer loop's variable is invariant
    // in the loops inside, which test it themselves, and copying a whole nest costs compile time.
    fn has_loop(stmts: &[Stmt]) -> bool {
        stmts.iter().any(|s| matches!(s.kind, StmtKind::ForRange { .. } | StmtKind::ForIter { .. } | StmtKind::While { .. }) || s.kind.blocks().into_iter().any(has_loop))
    }
    // A window `range(i - 1, i + 2)` is unrolled, and its indices proven through `i`'s facts.
    if (has_loop(body) && super::unroll::size(body) > MAX_NEST_NODES) || k == 0 || !repeatable(start) || !repeatable(stop) || super::unroll::size(body) > MAX_NODES || super::unroll::window(start, stop, step, body).is_some() {
        return Vec::new();
    }
    let start_const = match start.kind {
        ExprKind::Const(Const::Int(c)) => Some(c as i128),
        _ => None,
    };
    let mut assigned = Vec::new();
    assigned_locals(body, &mut assigned);
    // A generator expression's variables are bound inside an expression, which `assigned_locals`
    // does not look into: they change as it runs.
    fn generator_locals(e: &Expr, out: &mut Vec<LocalId>) {
        if let ExprKind::RangeReduce(r) = &e.kind {
            r.for_each_bound(|id| out.push(id));
        }
        e.for_each_child(|x| generator_locals(x, out));
    }
    for_each_expr(body, &mut |e| generator_locals(e, &mut assigned));
    if assigned.contains(var) {
        return Vec::new();
    }
    let (own_axis, sized, stable, proven) = (env.own_axis, env.sized, env.stable, env.proven);
    let mut out: Vec<SpanNeed> = Vec::new();
    for (array, axis, idx) in indices(body) {
        let Some(form) = affine(idx, *var) else { continue };
        if assigned.contains(&array) || form.locals.iter().any(|(w, _)| assigned.contains(w)) || proven(idx) {
            continue;
        }
        // Left out, each to keep compile time down (a versioned loop is compiled twice): what the
        // facts prove (an upward walk of the array's own axis), what `opt::lengths` versions (an
        // upward `v + constant` into a stable array, bounded by a length or an int local), mirrored
        // upward indices (`n - 1 - v`, which the facts prove against `n`), and indices the loop
        // does not change, whose check is the same well-predicted branch at every iteration.
        let by_facts = k > 0 && form.coef == 1 && form.locals.is_empty() && start_const.is_some_and(|c| c + form.konst >= 0) && own_axis(array, axis, stop, form.konst);
        let by_lengths = k > 0 && form.coef == 1 && form.locals.is_empty() && stable(array) && sized(stop);
        if by_facts || by_lengths || form.coef == 0 || (k > 0 && form.coef == -1) {
            continue;
        }
        if !out.iter().any(|n| std::ptr::eq(n.index, idx)) {
            out.push(SpanNeed { array, axis, index: idx, form });
        }
    }
    out
}

impl<'a, 'f> Lower<'a, 'f> {
    /// Emits the `range` loop `s` through `emit`, versioned on the spans of `spans::needs`: the
    /// copy that runs when every index stays in bounds knows it (`Lower::spans`), the other is the
    /// loop unchanged.
    pub(in crate::lower) fn span_versioned(&mut self, s: &Stmt, emit: impl Fn(&mut Self) -> R<()>) -> R<()> {
        if !self.versioning || !self.reachable {
            return emit(self);
        }
        let found = {
            // `v < size - slack` from the stop, and an axis `size - slack_axis` long (see `checked_index`).
            let own_axis = |a: LocalId, k: usize, stop: &Expr, c: i128| {
                matches!((self.size_of(stop), self.local_axis_size(a, k)), (Some((x, slack)), Some((y, slack_axis))) if x == y && c + slack_axis <= slack)
            };
            let proven = |e: *const Expr| self.spans.contains_key(&e);
            let sized = |e: &Expr| self.size_of(e).is_some();
            let stable = |v: LocalId| self.stable[v as usize];
            needs(s, &SpanEnv { own_axis: &own_axis, sized: &sized, stable: &stable, proven: &proven })
        };
        if found.is_empty() {
            return emit(self);
        }
        let StmtKind::ForRange { start, stop, step, .. } = &s.kind else { unreachable!("needs takes range loops only") };
        let ExprKind::Const(Const::Int(k)) = step.kind else { unreachable!("needs takes constant steps only") };
        self.remark(|cx| {
            let mut texts: Vec<String> = Vec::new();
            for n in &found {
                let t = format!("`{}`", cx.text(unsafe { &*n.index }.span));
                if !texts.contains(&t) {
                    texts.push(t);
                }
            }
            format!("versioned on index spans: {} tested once before the loop to stay in bounds, and a copy that keeps the bounds checks runs when they do not", texts.join(", "))
        });
        let a = self.int_operand(start)?;
        let b = self.int_operand(stop)?;
        // The loop variable's least and greatest values when the range is not empty.
        let (empty, vmin, vmax) = if k > 0 {
            (self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, a, b), a, self.b.ins().iadd_imm_s(b, -1))
        } else {
            (self.b.ins().icmp(IntCC::SignedLessThanOrEqual, a, b), self.b.ins().iadd_imm_s(b, 1), a)
        };
        let mut ok = self.b.ins().iconst(types::I8, 1);
        for n in &found {
            let in_bounds = self.span_in_bounds(n, vmin, vmax);
            ok = self.b.ins().band(ok, in_bounds);
        }
        let go = self.b.ins().bor(empty, ok);
        let (fast, slow, join) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.ins().brif(go, fast, &[], slow, &[]);
        self.enter(fast, true);
        for n in &found {
            // A single `v ± w` or `v ± c` stays in the checked span: its own overflow test goes too.
            let single = matches!(unsafe { &*n.index }.kind, ExprKind::Binary(_, ref l, ref r) if !matches!(l.kind, ExprKind::Binary(..)) && !matches!(r.kind, ExprKind::Binary(..)));
            self.spans.insert(n.index, single);
        }
        let emitted = emit(self);
        for n in &found {
            self.spans.remove(&n.index);
        }
        emitted?;
        let mut reached = self.jump(join);
        reached |= self.emit_unversioned(slow, join, &emit)?;
        self.enter(join, reached);
        Ok(())
    }

    /// Whether the index `n` stays within its axis for every value of the loop variable in
    /// `[vmin, vmax]`: both ends computed without overflow, the least at least 0 and the greatest
    /// below the length.
    fn span_in_bounds(&mut self, n: &SpanNeed, vmin: Value, vmax: Value) -> Value {
        let mut of = self.b.ins().iconst(types::I8, 0);
        let mut e = self.b.ins().iconst(types::I64, n.form.konst as i64);
        for &(w, sign) in &n.form.locals {
            let vars = self.locals[w as usize].vars.clone();
            let x = self.b.use_var(vars[0]);
            let (sum, o) = if sign > 0 { self.b.ins().sadd_overflow(e, x) } else { self.b.ins().ssub_overflow(e, x) };
            of = self.b.ins().bor(of, o);
            e = sum;
        }
        let (lo, hi) = match n.form.coef {
            1 => {
                let (lo, o1) = self.b.ins().sadd_overflow(e, vmin);
                let (hi, o2) = self.b.ins().sadd_overflow(e, vmax);
                of = self.b.ins().bor(of, o1);
                of = self.b.ins().bor(of, o2);
                (lo, hi)
            }
            -1 => {
                let (lo, o1) = self.b.ins().ssub_overflow(e, vmax);
                let (hi, o2) = self.b.ins().ssub_overflow(e, vmin);
                of = self.b.ins().bor(of, o1);
                of = self.b.ins().bor(of, o2);
                (lo, hi)
            }
            _ => (e, e),
        };
        let len = self.raw_length(n.array, n.axis);
        let low_ok = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, lo, 0);
        let high_ok = self.b.ins().icmp(IntCC::SignedLessThan, hi, len);
        let fits = self.b.ins().bxor_imm_u(of, 1);
        let both = self.b.ins().band(low_ok, high_ok);
        self.b.ins().band(both, fits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hasten_typeck::testing::*;

    /// The needs of the `k`-th loop of `f` as source-like texts `array[axis]: form`.
    fn needed(src: &str, args: &[Type], k: usize) -> Vec<String> {
        let f = typed(src, args);
        let name = |v: LocalId| f.locals[v as usize].name.clone();
        // `len(a)` is the length of `a`'s axis 0, as the facts would say.
        let own_axis = |a: LocalId, k: usize, stop: &Expr, c: i128| {
            k == 0 && c <= 0 && matches!(&stop.kind, ExprKind::Call(Callee::Builtin(Builtin::Len), args, _) if matches!(args[0].kind, ExprKind::Local(x) if x == a))
        };
        let stable = ranges::stable_locals(&f);
        let sized = |e: &Expr| matches!(e.kind, ExprKind::Call(Callee::Builtin(Builtin::Len), ..));
        needs(loops(&f.body)[k], &SpanEnv { own_axis: &own_axis, sized: &sized, stable: &|v| stable[v as usize], proven: &|_| false })
            .iter()
            .map(|n| {
                let terms: Vec<String> = n.form.locals.iter().map(|(w, s)| format!("{}{}", if *s > 0 { "+" } else { "-" }, name(*w))).collect();
                format!("{}[{}]: {}v{}{:+}", name(n.array), n.axis, n.form.coef, terms.join(""), n.form.konst)
            })
            .collect()
    }

    #[test]
    fn a_downward_loop_with_a_local_offset() {
        let src = "def f(best, w, cap):\n    for c in range(cap, w - 1, -1):\n        if best[c - w] + 1.0 > best[c]:\n            best[c] = best[c - w] + 1.0\n    return best";
        let mut got = needed(src, &[f64_1d(), Type::Int, Type::Int], 0);
        got.sort();
        got.dedup();
        assert_eq!(got, ["best[0]: 1v+0", "best[0]: 1v-w+0"]);
    }

    #[test]
    fn an_upward_walk_of_the_arrays_own_axis_is_left_to_the_facts() {
        let src = "def f(a, n):\n    s = 0.0\n    for i in range(1, len(a)):\n        s += a[i - 1] + a[i]\n    for i in range(1, n):\n        s += a[i - 1]\n    return s";
        assert!(needed(src, &[f64_1d(), Type::Int], 0).is_empty());
        let window = "def f(a):\n    s = 0.0\n    for i in range(1, len(a) - 1):\n        for k in range(i - 1, i + 2):\n            s += a[k]\n    return s";
        assert!(needed(window, &[f64_1d()], 1).is_empty(), "windows are unrolled and proven through i");
        assert_eq!(needed(src, &[f64_1d(), Type::Int], 1), ["a[0]: 1v-1"], "a stop that is not a's length needs the test");
    }

    #[test]
    fn swapped_buffers_qualify_and_invariant_indices_do_not() {
        let src = "def f(a, b, n, k):\n    for t in range(n):\n        for j in range(1, n):\n            b[j] = a[j - 1] + a[k]\n        a, b = b, a\n    return a";
        let got = needed(src, &[f64_1d(), f64_1d(), Type::Int, Type::Int], 1);
        assert_eq!(got, ["a[0]: 1v-1", "b[0]: 1v+0"]);
        assert!(needed(src, &[f64_1d(), f64_1d(), Type::Int, Type::Int], 0).is_empty(), "the outer loop assigns both arrays");
    }

    #[test]
    fn assigned_offsets_loop_variables_and_effectful_bounds_disqualify() {
        let src = "def f(a, w, n):\n    for c in range(n, 0, -1):\n        a[c - w] = 0.0\n        w += 1\n    for c in range(n, 0, -1):\n        a[c] = 0.0\n        c = 3\n    for c in range(len(a) * 2, 0, -1):\n        a[c] = 0.0\n    return a";
        for k in 0..3 {
            assert!(needed(src, &[f64_1d(), Type::Int, Type::Int], k).is_empty(), "loop {k}");
        }
    }

    #[test]
    fn a_generator_variable_is_no_invariant() {
        let src = "def f(a, n):\n    s = 0.0\n    for c in range(n, 0, -1):\n        s += sum(a[c - j] for j in range(3))\n    return s";
        assert!(needed(src, &[f64_1d(), Type::Int], 0).is_empty());
    }

    #[test]
    fn mirrored_indices_have_coefficient_minus_one() {
        let src = "def f(a, n, m):\n    for i in range(n, -1, -1):\n        a[m - i] = 1.0\n    return a";
        assert_eq!(needed(src, &[f64_1d(), Type::Int, Type::Int], 0), ["a[0]: -1v+m+0"]);
    }
}
