//! Versioning a loop nest on array lengths. An index is proven in bounds against the length that
//! bounds its loop variable (`for j in range(m)` with `m = a.shape[1]` proves `a[i, j]`), so an
//! access to another array, `b[i, j]`, keeps its checks: nothing ties `b`'s shape to `a`'s. When
//! every such length is known before the nest, `Lower::length_versioned` tests once, before it,
//! that each other array is at least as long along the axis where the loop variable indexes it,
//! and emits the nest twice: with those lengths as facts, which prove the accesses as `a`'s are,
//! and unchanged, for the calls where some array is shorter (which raise IndexError where CPython
//! does). The test reads only lengths and int locals, so it has no effect of its own.
//!
//! A length qualifies when it can be read before the nest with the value it has inside: an axis
//! of an array local, or an int local, that is assigned in one place only and not inside the nest.

use super::*;
use hasten_ir::hir::*;

/// What the analysis needs to know of the lowering's facts at the loop.
pub(crate) trait Lengths {
    /// The array length `e` equals, minus a constant (`Lower::size_of`).
    fn size(&self, e: &Expr) -> Option<ranges::Size>;
    /// The length of axis `k` of the array local `a`, as named by the facts.
    fn axis(&self, a: LocalId, k: usize) -> Option<ranges::Size>;
    /// The lengths a local not assigned in the nest is known to stay below.
    fn below(&self, v: LocalId) -> Vec<ranges::Size>;
    /// Whether a local holds one value for its whole life.
    fn stable(&self, v: LocalId) -> bool;
    /// Whether a test of the enclosing loop proved the index `e` in bounds (`opt::spans`).
    fn spanned(&self, e: &Expr) -> bool;
}

/// `len(array, axis) >= bound`, tested before the nest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Need {
    pub array: LocalId,
    pub axis: usize,
    pub bound: ranges::Size,
}

/// Nests larger than this (statements and expression nodes) are not duplicated.
const MAX_NODES: usize = 600;

/// How many loops a window of windows may chain through to reach its bounding length.
const MAX_CHAIN: usize = 4;

/// The lengths to test before the `range` loop `s`: for each element access `b[..., v + c, ...]`
/// in the nest whose loop variable `v` is bounded by a length other than `b`'s own along that axis.
pub(crate) fn needs(s: &Stmt, env: &dyn Lengths) -> Vec<Need> {
    let nest = std::slice::from_ref(s);
    if super::unroll::size(nest) > MAX_NODES {
        return Vec::new();
    }
    let mut assigned = Vec::new();
    assigned_locals(nest, &mut assigned);
    let once = |v: LocalId| assigned.iter().filter(|a| **a == v).count() == 1;
    // Loop variables of the nest with a positive constant step (they stay below their stop).
    let mut stops: HashMap<LocalId, &Expr> = HashMap::new();
    loop_stops(nest, &mut stops);
    stops.retain(|v, _| once(*v));
    let readable = |size: ranges::Size| match size {
        ranges::Size::Axis(v, _) | ranges::Size::Local(v) => env.stable(v) && !assigned.contains(&v),
    };
    let mut out = Vec::new();
    for (array, indices) in accesses(nest) {
        if !env.stable(array) || assigned.contains(&array) || indices.iter().any(|i| i.ty != Type::Int) {
            continue;
        }
        for (k, idx) in indices.iter().enumerate() {
            if env.spanned(idx) {
                continue;
            }
            let Some((v, _)) = ranges::local_plus_const(idx, &|_| None) else { continue };
            for bound in bounds(v, &stops, &assigned, env, 0) {
                let need = Need { array, axis: k, bound };
                if readable(bound) && env.axis(array, k) != Some(bound) && !out.contains(&need) {
                    out.push(need);
                }
            }
        }
    }
    out
}

/// The lengths that bound `v`: those bounding the local a window's stop is written from
/// (`range(i - 1, i + 2)` is bounded as `i` is), else the length its loop's stop names; for a local
/// the nest does not assign, what the facts say.
fn bounds(v: LocalId, stops: &HashMap<LocalId, &Expr>, assigned: &[LocalId], env: &dyn Lengths, depth: usize) -> Vec<ranges::Size> {
    match stops.get(&v) {
        Some(stop) => {
            if let Some((w, _)) = ranges::local_plus_const(stop, &|_| None).filter(|(w, _)| *w != v && depth < MAX_CHAIN) {
                let chained = bounds(w, stops, assigned, env, depth + 1);
                if !chained.is_empty() {
                    return chained;
                }
            }
            env.size(stop).into_iter().collect()
        }
        // Only axes: the facts also bound a window's variable by the local its stop is written
        // from (`k < i + 2`), which is no length worth a test.
        None if !assigned.contains(&v) => env.below(v).into_iter().filter(|s| matches!(s, ranges::Size::Axis(..))).collect(),
        None => Vec::new(),
    }
}

fn loop_stops<'e>(stmts: &'e [Stmt], out: &mut HashMap<LocalId, &'e Expr>) {
    for s in stmts {
        if let StmtKind::ForRange { var, stop, step, .. } = &s.kind {
            if matches!(step.kind, ExprKind::Const(Const::Int(k)) if k > 0) {
                out.insert(*var, stop);
            }
        }
        s.kind.blocks().into_iter().for_each(|b| loop_stops(b, out));
    }
}

/// Every element access `b[i, j, ...]` (loads and stores) of an array local: one index per axis.
pub(super) fn accesses(stmts: &[Stmt]) -> Vec<(LocalId, &[Expr])> {
    fn element<'e>(base: &'e Expr, indices: &'e [Expr], out: &mut Vec<(LocalId, &'e [Expr])>) {
        if let (ExprKind::Local(a), Type::Array(at)) = (&base.kind, &base.ty) {
            // A `None` entry (a new axis) takes no axis of the array: the positions would not match.
            if indices.len() == at.ndim as usize && !indices.iter().any(is_new_axis) {
                out.push((*a, indices));
            }
        }
    }
    fn expr<'e>(e: &'e Expr, out: &mut Vec<(LocalId, &'e [Expr])>) {
        if let ExprKind::Index(base, indices) = &e.kind {
            element(base, indices, out);
        }
        e.for_each_child(|x| expr(x, out));
    }
    fn stores<'e>(stmts: &'e [Stmt], out: &mut Vec<(LocalId, &'e [Expr])>) {
        fn target<'e>(t: &'e Target, out: &mut Vec<(LocalId, &'e [Expr])>) {
            match t {
                Target::Index { base, indices, .. } => element(base, indices, out),
                Target::Tuple(items, _) => items.iter().for_each(|t| target(t, out)),
                Target::Local(..) => {}
            }
        }
        for s in stmts {
            match &s.kind {
                StmtKind::Assign { targets, .. } => targets.iter().for_each(|t| target(t, out)),
                StmtKind::AugAssign { target: t, .. } => target(t, out),
                _ => {}
            }
            s.kind.blocks().into_iter().for_each(|b| stores(b, out));
        }
    }
    let mut out = Vec::new();
    for_each_expr(stmts, &mut |e| expr(e, &mut out));
    stores(stmts, &mut out);
    out
}

// ---- emission --------------------------------------------------------------------------------

impl Lengths for Lower<'_, '_> {
    fn size(&self, e: &Expr) -> Option<ranges::Size> {
        self.size_of(e).map(|(size, _)| size)
    }

    fn axis(&self, a: LocalId, k: usize) -> Option<ranges::Size> {
        self.local_axis_size(a, k).map(|(size, _)| size)
    }

    fn below(&self, v: LocalId) -> Vec<ranges::Size> {
        self.below.get(&v).into_iter().flatten().map(|b| b.size).collect()
    }

    fn stable(&self, v: LocalId) -> bool {
        self.stable[v as usize]
    }

    fn spanned(&self, e: &Expr) -> bool {
        self.spans.contains_key(&(e as *const Expr))
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// Emits the `range` loop `s` through `emit`, versioned on the lengths of `lengths::needs`: the
    /// copy that runs when every array is long enough knows it (`Lower::longer`), the other is the
    /// loop unchanged.
    pub(in crate::lower) fn length_versioned(&mut self, s: &Stmt, emit: impl Fn(&mut Self) -> R<()>) -> R<()> {
        if !self.versioning {
            return emit(self);
        }
        let mut found = lengths::needs(s, self);
        found.retain(|n| !self.longer.contains(n));
        if found.is_empty() {
            return emit(self);
        }
        self.remark(|cx| {
            let tests: Vec<String> = found.iter().map(|n| format!("{} >= {}", cx.length_text(n.array, n.axis), cx.size_text(n.bound))).collect();
            format!("versioned on lengths: `{}` is tested once before the loop, and a copy that keeps the bounds checks runs when it fails", tests.join(" and "))
        });
        let mut all = None;
        for n in &found {
            let have = self.raw_length(n.array, n.axis);
            let want = match n.bound {
                ranges::Size::Axis(a, k) => self.raw_length(a, k),
                ranges::Size::Local(v) => {
                    let vals = self.locals[v as usize].vars.clone();
                    self.b.use_var(vals[0])
                }
            };
            let ok = self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, have, want);
            all = Some(match all {
                Some(acc) => self.b.ins().band(acc, ok),
                None => ok,
            });
        }
        let (fast, slow, join) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.ins().brif(all.expect("found is not empty"), fast, &[], slow, &[]);
        self.enter(fast, true);
        let before = self.longer.len();
        self.longer.extend(found.iter().copied());
        let emitted = emit(self);
        self.longer.truncate(before);
        emitted?;
        let mut reached = self.jump(join);
        reached |= self.emit_unversioned(slow, join, &emit)?;
        self.enter(join, reached);
        Ok(())
    }

    /// What the facts name the length of axis `k` of the array local `a` (`Lower::axis_size`).
    pub(in crate::lower) fn local_axis_size(&self, a: LocalId, k: usize) -> Option<(ranges::Size, i128)> {
        let base = Expr { kind: ExprKind::Local(a), span: Span::default(), ty: self.func.locals[a as usize].ty.clone(), plan: Plan::None };
        self.axis_size(&base, k)
    }

    /// The length of axis `k` of array local `a`, read without the unbound check: `needs` takes
    /// only arrays whose every read inside the nest sees this value.
    pub(in crate::lower) fn raw_length(&mut self, a: LocalId, k: usize) -> Value {
        let vars = self.locals[a as usize].vars.clone();
        let vals: Vals = vars.into_iter().map(|v| self.b.use_var(v)).collect();
        ArrayVals::from_vals(&vals).shape[k]
    }

    fn length_text(&self, a: LocalId, k: usize) -> String {
        format!("{}.shape[{k}]", self.func.locals[a as usize].name)
    }

    fn size_text(&self, size: ranges::Size) -> String {
        match size {
            ranges::Size::Axis(a, k) => self.length_text(a, k),
            ranges::Size::Local(v) => self.func.locals[v as usize].name.clone(),
        }
    }

    /// Whether the versioning facts say that axis `k` of `base` is at least `size` long.
    pub(in crate::lower) fn at_least(&self, base: &Expr, k: usize, size: ranges::Size) -> bool {
        matches!(base.kind, ExprKind::Local(a) if self.longer.contains(&Need { array: a, axis: k, bound: size }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hasten_typeck::testing::*;

    /// The facts of a function body before its first loop, as `Lower` records them for the
    /// shapes these tests use: `n, m = a.shape` names `a`'s axes, an int parameter is its own length.
    struct Facts<'f> {
        f: &'f Function,
        sizes: HashMap<LocalId, ranges::Size>,
        below: HashMap<LocalId, Vec<ranges::Size>>,
    }

    impl Lengths for Facts<'_> {
        fn size(&self, e: &Expr) -> Option<ranges::Size> {
            match &e.kind {
                ExprKind::Local(v) => self.sizes.get(v).copied().or((self.f.locals[*v as usize].ty == Type::Int).then_some(ranges::Size::Local(*v))),
                ExprKind::Binary(BinOp::Sub | BinOp::Add, x, c) if matches!(c.kind, ExprKind::Const(_)) => self.size(x),
                ExprKind::Call(Callee::Builtin(Builtin::Len), args, _) => match args[0].kind {
                    ExprKind::Local(a) => Some(ranges::Size::Axis(a, 0)),
                    _ => None,
                },
                _ => None,
            }
        }
        fn axis(&self, a: LocalId, k: usize) -> Option<ranges::Size> {
            Some(ranges::Size::Axis(a, k))
        }
        fn below(&self, v: LocalId) -> Vec<ranges::Size> {
            self.below.get(&v).cloned().unwrap_or_default()
        }
        fn stable(&self, v: LocalId) -> bool {
            ranges::stable_locals(self.f)[v as usize]
        }
        fn spanned(&self, _: &Expr) -> bool {
            false
        }
    }

    /// The needs of the `k`-th loop of `f`, as `array.shape[axis] >= bound` texts.
    fn needed(f: &Function, k: usize, sizes: &[(&str, ranges::Size)], below: &[(&str, ranges::Size)]) -> Vec<String> {
        let facts = Facts {
            f,
            sizes: sizes.iter().map(|(n, s)| (local(f, n), *s)).collect(),
            below: below.iter().map(|(n, s)| (local(f, n), vec![*s])).collect(),
        };
        let name = |v: LocalId| f.locals[v as usize].name.clone();
        let size = |s: ranges::Size| match s {
            ranges::Size::Axis(a, k) => format!("{}.shape[{k}]", name(a)),
            ranges::Size::Local(v) => name(v),
        };
        needs(loops(&f.body)[k], &facts).iter().map(|n| format!("{}.shape[{}] >= {}", name(n.array), n.axis, size(n.bound))).collect()
    }

    #[test]
    fn a_second_array_indexed_by_the_first_ones_loop_variables() {
        let src = "def f(a, b):\n    n, m = a.shape\n    s = 0.0\n    for i in range(1, n - 1):\n        for j in range(m):\n            s += a[i, j] * b[i, j] + b[i - 1, j]\n    return s";
        let f = typed(src, &[f64_2d(), f64_2d()]);
        let (a, _) = (local(&f, "a"), ());
        let sizes = [("n", ranges::Size::Axis(a, 0)), ("m", ranges::Size::Axis(a, 1))];
        assert_eq!(needed(&f, 0, &sizes, &[]), ["b.shape[0] >= a.shape[0]", "b.shape[1] >= a.shape[1]"]);
        // The inner loop alone: `i` is bounded by what the facts say of it.
        assert_eq!(needed(&f, 1, &sizes, &[("i", ranges::Size::Axis(a, 0))]), ["b.shape[0] >= a.shape[0]", "b.shape[1] >= a.shape[1]"]);
    }

    #[test]
    fn windows_reach_the_length_of_their_enclosing_loop() {
        let src = "def f(a, b, n):\n    s = 0.0\n    for i in range(1, n - 1):\n        for k in range(i - 1, i + 2):\n            s += b[k]\n    return s";
        let f = typed(src, &[f64_1d(), f64_1d(), Type::Int]);
        assert_eq!(needed(&f, 0, &[], &[]), ["b.shape[0] >= n"]);
    }

    #[test]
    fn lengths_the_nest_assigns_are_not_read_before_it() {
        // `m` changes in the nest, `c` is rebound in it, and `d` is not stable.
        let src = "def f(a, c, d, n):\n    d = a\n    s = 0.0\n    for i in range(n):\n        m = i + 1\n        for j in range(m):\n            s += a[j]\n        c = a\n        s += c[i] + d[i] + a[i]\n    return s";
        let f = typed(src, &[f64_1d(), f64_1d(), f64_1d(), Type::Int]);
        assert_eq!(needed(&f, 0, &[], &[]), ["a.shape[0] >= n"]);
    }

    #[test]
    fn an_array_bounded_by_its_own_length_needs_nothing() {
        let src = "def f(a, b):\n    s = 0.0\n    for i in range(len(a)):\n        s += a[i] + a[-1]\n    for i in range(0, len(a), -1):\n        s += b[i]\n    return s";
        let f = typed(src, &[f64_1d(), f64_1d()]);
        assert!(needed(&f, 0, &[], &[]).is_empty());
        assert!(needed(&f, 1, &[], &[]).is_empty(), "a negative step bounds nothing from above");
    }

    #[test]
    fn stores_count_and_views_do_not() {
        let src = "def f(a, out, v):\n    for i in range(len(a)):\n        out[i] = a[i]\n        v[i, :] = 0.0\n    return out";
        let f = typed(src, &[f64_1d(), f64_1d(), f64_2d()]);
        assert_eq!(needed(&f, 0, &[], &[]), ["out.shape[0] >= a.shape[0]"]);
    }
}
