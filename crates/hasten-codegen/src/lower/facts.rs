//! Facts about int locals that prove bounds checks and overflow checks away: value ranges
//! recorded at assignments, lengths of arrays, and bounds learnt from `if` guards (see `crate::ranges`).

use super::opt::closed_form::{self, LocalInfo};
use super::*;

/// The bound on a counter's magnitude (see [`counters`]).
const COUNTER_BOUND: i128 = 1 << 62;

/// Starting values and steps of a counter, in magnitude.
const COUNTER_START: i64 = 1 << 32;
const COUNTER_STEP: i64 = 8;

/// Int locals that are counters, with the range each stays in: every assignment sets a constant of
/// magnitude at most 2**32 or adds (subtracts) one of at most 8, one statement at a time. Such a local
/// stays within ±2**62 in any run that can happen — leaving it takes more than 5 × 10**17 executed
/// steps, decades at one a nanosecond — so `c += 1` needs no overflow check. A counter that only steps
/// up never goes below the least constant it is set to (one that only steps down, above the greatest),
/// which makes `i * i` and a `range` step of `i` nonnegative. Locals that a loop in closed form updates
/// are left out: their steps are not executed one by one.
pub(super) fn counters(f: &Function) -> Vec<(LocalId, ranges::Interval)> {
    let n = f.locals.len();
    let mut sites = vec![0u32; n];
    let mut steps = vec![Steps::default(); n];
    let mut assigned = Vec::new();
    assigned_locals(&f.body, &mut assigned);
    assigned.into_iter().for_each(|id| sites[id as usize] += 1);
    let infos: Vec<LocalInfo> = f.locals.iter().map(|l| LocalInfo { ty: l.ty.clone(), maybe_unbound: false }).collect();
    let mut folded = Vec::new();
    counter_steps(&f.body, &infos, &mut steps, &mut folded);
    (0..n)
        .filter(|&i| i >= f.params.len() && f.locals[i].ty == Type::Int && sites[i] > 0 && sites[i] == steps[i].count)
        .filter(|&i| !folded.contains(&(i as LocalId)))
        .map(|i| (i as LocalId, steps[i].interval()))
        .collect()
}

/// The counter-shaped assignments of one local: how many, the least and greatest constant set, and
/// whether some step goes up or down.
#[derive(Clone, Copy)]
struct Steps {
    count: u32,
    least: i128,
    greatest: i128,
    up: bool,
    down: bool,
}

impl Default for Steps {
    fn default() -> Self {
        Steps { count: 0, least: COUNTER_BOUND, greatest: -COUNTER_BOUND, up: false, down: false }
    }
}

impl Steps {
    fn set(&mut self, c: i64) {
        self.count += 1;
        self.least = self.least.min(c as i128);
        self.greatest = self.greatest.max(c as i128);
    }

    fn step(&mut self, delta: i64) {
        self.count += 1;
        self.up |= delta > 0;
        self.down |= delta < 0;
    }

    fn interval(&self) -> ranges::Interval {
        if self.least > self.greatest {
            // Never set to a constant: only unbound reads, which raise.
            return (-COUNTER_BOUND, COUNTER_BOUND);
        }
        (if self.down { -COUNTER_BOUND } else { self.least }, if self.up { COUNTER_BOUND } else { self.greatest })
    }
}

/// Counts the counter-shaped assignments of each local, and collects the accumulators of loops that
/// `closed_form` could fold.
fn counter_steps(stmts: &[Stmt], infos: &[LocalInfo], steps: &mut [Steps], folded: &mut Vec<LocalId>) {
    let small = |e: &Expr, bound: i64| match e.kind {
        ExprKind::Const(Const::Int(k)) if (-bound..=bound).contains(&k) => Some(k),
        _ => None,
    };
    let is = |e: &Expr, id: LocalId| matches!(e.kind, ExprKind::Local(x) if x == id);
    for s in stmts {
        match &s.kind {
            StmtKind::Assign { targets, value } => {
                for t in targets {
                    let Target::Local(id, _) = t else { continue };
                    let at = &mut steps[*id as usize];
                    match &value.kind {
                        ExprKind::Binary(BinOp::Add, l, r) if is(l, *id) => small(r, COUNTER_STEP).map(|k| at.step(k)),
                        ExprKind::Binary(BinOp::Add, l, r) if is(r, *id) => small(l, COUNTER_STEP).map(|k| at.step(k)),
                        ExprKind::Binary(BinOp::Sub, l, r) if is(l, *id) => small(r, COUNTER_STEP).map(|k| at.step(-k)),
                        ExprKind::Binary(BinOp::Add | BinOp::Sub, ..) => None,
                        _ => small(value, COUNTER_START).map(|k| at.set(k)),
                    };
                }
            }
            StmtKind::AugAssign { target: Target::Local(id, _), op: op @ (BinOp::Add | BinOp::Sub), value, .. } => {
                if let Some(k) = small(value, COUNTER_STEP) {
                    steps[*id as usize].step(if *op == BinOp::Add { k } else { -k });
                }
            }
            StmtKind::ForRange { .. } => {
                if let Some(a) = closed_form::analyze(s, infos) {
                    folded.extend(closed_form::accumulators(&a));
                }
            }
            _ => {}
        }
        s.kind.blocks().into_iter().for_each(|b| counter_steps(b, infos, steps, folded));
    }
}

/// For each local, whether it is an int that only `range` loops assign, none of them inside the body
/// of another that assigns it (`for i in range(n): ...` then `for i in range(1, n): ...`). Inside
/// each loop it holds that loop's values, so the loop's facts hold there (and are dropped after it).
pub(super) fn loop_only(f: &Function) -> Vec<bool> {
    fn walk(stmts: &[Stmt], open: &mut Vec<LocalId>, heads: &mut [u32], nested: &mut [bool]) {
        for s in stmts {
            if let StmtKind::ForRange { var, body, orelse, .. } = &s.kind {
                heads[*var as usize] += 1;
                nested[*var as usize] |= open.contains(var);
                open.push(*var);
                walk(body, open, heads, nested);
                open.pop();
                walk(orelse, open, heads, nested);
            } else {
                s.kind.blocks().into_iter().for_each(|b| walk(b, open, heads, nested));
            }
        }
    }
    let n = f.locals.len();
    let (mut heads, mut nested, mut sites) = (vec![0u32; n], vec![false; n], vec![0u32; n]);
    walk(&f.body, &mut Vec::new(), &mut heads, &mut nested);
    let mut assigned = Vec::new();
    assigned_locals(&f.body, &mut assigned);
    assigned.into_iter().for_each(|id| sites[id as usize] += 1);
    (0..n).map(|i| i >= f.params.len() && f.locals[i].ty == Type::Int && heads[i] > 0 && heads[i] == sites[i] && !nested[i]).collect()
}

/// `c` when `value`, assigned to `id`, is `id - c` for a constant `c`.
fn decrement(id: LocalId, value: &Expr) -> Option<i64> {
    match &value.kind {
        ExprKind::Binary(BinOp::Sub, l, r) if matches!(l.kind, ExprKind::Local(x) if x == id) => match r.kind {
            ExprKind::Const(Const::Int(c)) => Some(c),
            _ => None,
        },
        _ => None,
    }
}

fn decrement_of(id: LocalId, value: &Expr) -> bool {
    decrement(id, value).is_some_and(|c| c >= 0)
}

/// The local a statement decreases and by how much: `id -= c` or `id = id - c`, `c` a constant.
pub(super) fn decrease(s: &Stmt) -> Option<(LocalId, i64)> {
    match &s.kind {
        StmtKind::Assign { targets, value } => match targets.as_slice() {
            [Target::Local(id, _)] => decrement(*id, value).map(|c| (*id, c)),
            _ => None,
        },
        StmtKind::AugAssign { target: Target::Local(id, _), op: BinOp::Sub, value, .. } => match value.kind {
            ExprKind::Const(Const::Int(c)) => Some((*id, c)),
            _ => None,
        },
        _ => None,
    }
}

/// Int locals (not parameters, not counters) set in exactly one place and otherwise only
/// decreased by constants (`j = i - 1`, then `j -= 1` in a `while`). Every value such a local
/// holds is at most a value of its one setting, so the upper bounds known of that value (below an
/// array's length) hold wherever the local is read; its lower bounds do not.
pub(super) fn descending(f: &Function, counters: &[LocalId]) -> HashMap<LocalId, Option<Vec<ranges::Below>>> {
    fn decrements(stmts: &[Stmt], out: &mut Vec<(LocalId, bool)>) {
        for s in stmts {
            let down = decrease(s).filter(|(_, c)| *c >= 0);
            match &s.kind {
                StmtKind::Assign { targets, .. } => {
                    if let [Target::Local(id, _)] = targets.as_slice() {
                        out.push((*id, down.is_some()));
                    }
                }
                _ => down.into_iter().for_each(|(id, _)| out.push((id, true))),
            }
            s.kind.blocks().into_iter().for_each(|b| decrements(b, out));
        }
    }
    let n = f.locals.len();
    let (mut sites, mut down, mut set) = (vec![0u32; n], vec![0u32; n], vec![0u32; n]);
    let (mut assigned, mut plain) = (Vec::new(), Vec::new());
    assigned_locals(&f.body, &mut assigned);
    decrements(&f.body, &mut plain);
    assigned.into_iter().for_each(|id| sites[id as usize] += 1);
    plain.into_iter().for_each(|(id, decrease)| if decrease { down[id as usize] += 1 } else { set[id as usize] += 1 });
    // The one other assignment is a plain `id = value`, never `id += x` or an unpacking.
    (f.params.len()..n)
        .filter(|&i| f.locals[i].ty == Type::Int && down[i] > 0 && set[i] == 1 && sites[i] == down[i] + 1 && !counters.contains(&(i as LocalId)))
        .map(|i| (i as LocalId, None))
        .collect()
}

impl<'a, 'f> Lower<'a, 'f> {
    /// Remembers what is known of a local assigned in one place: its range, the array length it
    /// equals, or the lengths of the array it holds.
    pub(super) fn record_facts(&mut self, target: &Target, value: &Expr) {
        if let Target::Local(id, _) = target {
            if self.descending.contains_key(id) {
                return self.descending_facts(*id, Some(value));
            }
        }
        self.forget_facts(target);
        match target {
            Target::Local(id, _) if self.stable[*id as usize] => {
                if let Some(iv) = ranges::interval(value, &self.facts) {
                    self.facts.insert(*id, iv);
                }
                if value.ty == Type::Int {
                    if let Some(size) = self.size_of(value) {
                        self.sizes.insert(*id, size);
                    }
                }
                if let Some(dims) = self.new_array_dims(*id, value) {
                    self.dims.insert(*id, dims);
                }
            }
            Target::Tuple(items, _) => {
                if let ExprKind::Attr(base, Attr::Shape) = &value.kind {
                    for (k, item) in items.iter().enumerate() {
                        if let Target::Local(id, _) = item {
                            if self.stable[*id as usize] {
                                self.facts.insert(*id, ranges::SHAPE);
                                if let Some(size) = self.axis_size(base, k) {
                                    self.sizes.insert(*id, size);
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// The axis lengths of a new array `value` that local `id` receives, named by the lengths they
    /// equal: the items of the shape of `np.empty/zeros/ones/full`, the axes of the prototype of
    /// `np.*_like` and `a.copy()`.
    fn new_array_dims(&self, id: LocalId, value: &Expr) -> Option<Vec<(ranges::Size, i128)>> {
        let ExprKind::Call(Callee::Numpy(f), args, _) = &value.kind else { return None };
        let own = |k: usize| (ranges::Size::Axis(id, k), 0);
        match f {
            NumpyFn::Empty | NumpyFn::Zeros | NumpyFn::Ones | NumpyFn::Full => {
                let items: Vec<&Expr> = match &args[0].kind {
                    ExprKind::Tuple(items) => items.iter().collect(),
                    _ => vec![&args[0]],
                };
                Some(items.iter().enumerate().map(|(k, e)| self.size_of(e).unwrap_or(own(k))).collect())
            }
            NumpyFn::EmptyLike | NumpyFn::ZerosLike | NumpyFn::OnesLike | NumpyFn::FullLike | NumpyFn::Copy => {
                let (Type::Array(made), Type::Array(proto)) = (&value.ty, &args[0].ty) else { return None };
                (made.ndim == proto.ndim).then(|| (0..made.ndim as usize).map(|k| self.axis_size(&args[0], k).unwrap_or(own(k))).collect())
            }
            _ => None,
        }
    }

    /// What a descending local (see [`descending`]) is known to satisfy after an assignment of
    /// `value` (`None`: an augmented one, a decrease). A decrease keeps the upper bounds and drops
    /// the lower. A setting gives the upper bounds of the value set; those of every copy of the
    /// setting emitted so far (versioned loops emit it more than once) are joined, so that they hold
    /// for whichever copy set the value read.
    fn descending_facts(&mut self, id: LocalId, value: Option<&Expr>) {
        if let Some(v) = value.filter(|v| !decrement_of(id, v)) {
            let mut new = self.below_of(v);
            if let Some(Some(old)) = self.descending.get(&id) {
                new.retain(|b| old.contains(b));
            }
            self.descending.insert(id, Some(new.clone()));
            self.below.insert(id, new);
        }
        // A bound below a length (at most i64::MAX) leaves room for `id + 1 + slack`.
        let slack = self.below.get(&id).into_iter().flatten().map(|b| b.slack).filter(|s| *s >= 0).max();
        match slack {
            Some(s) => self.facts.insert(id, (i64::MIN as i128, i64::MAX as i128 - 1 - s)),
            None => self.facts.remove(&id),
        };
    }

    /// The bounds `e < size - slack` that hold for an int expression: its own length, if it is
    /// one, and those of a local plus or minus a constant.
    fn below_of(&self, e: &Expr) -> Vec<ranges::Below> {
        let mut out: Vec<ranges::Below> = self.size_of(e).map(|(size, slack)| ranges::Below { size, slack: slack - 1 }).into_iter().collect();
        let shifted = |x: &Expr, by: i128| self.below_of(x).into_iter().map(move |b| ranges::Below { size: b.size, slack: b.slack + by });
        match &e.kind {
            ExprKind::Local(v) => out.extend(self.below.get(v).into_iter().flatten().copied()),
            ExprKind::Binary(BinOp::Sub, x, c) => {
                if let ExprKind::Const(Const::Int(c)) = c.kind {
                    out.extend(shifted(x, c as i128));
                }
            }
            ExprKind::Binary(BinOp::Add, x, c) => {
                if let ExprKind::Const(Const::Int(c)) = c.kind {
                    out.extend(shifted(x, -(c as i128)));
                }
            }
            _ => {}
        }
        out
    }

    /// Drops every fact about the locals a target assigns: they held for the previous value.
    pub(super) fn forget_facts(&mut self, target: &Target) {
        if let Target::Local(id, _) = target {
            if self.descending.contains_key(id) {
                return self.descending_facts(*id, None);
            }
        }
        target.for_each_local(&mut |id| {
            if !self.counters.contains(&id) {
                self.facts.remove(&id);
            }
            self.below.remove(&id);
            self.sizes.remove(&id);
            self.dims.remove(&id);
        });
    }

    /// The length of axis `k` of `base` as `size - slack`, when `base` is an array local that is
    /// never reassigned.
    pub(super) fn axis_size(&self, base: &Expr, k: usize) -> Option<(ranges::Size, i128)> {
        let ExprKind::Local(a) = base.kind else { return None };
        if !self.stable[a as usize] {
            // A rebound array whose every value has one origin's shape (see `shapes`).
            return self.groups[a as usize].map(|g| (ranges::Size::Axis(g, k), 0));
        }
        Some(self.dims.get(&a).and_then(|d| d.get(k)).copied().unwrap_or((ranges::Size::Axis(a, k), 0)))
    }

    /// `e` as `size - slack` for a named array length.
    pub(super) fn size_of(&self, e: &Expr) -> Option<(ranges::Size, i128)> {
        match &e.kind {
            ExprKind::Local(h) => match self.sizes.get(h) {
                Some(size) => Some(*size),
                None if self.stable[*h as usize] && e.ty == Type::Int => Some((ranges::Size::Local(*h), 0)),
                None => None,
            },
            ExprKind::Index(base, idx) => match (&base.kind, &idx[0].kind) {
                (ExprKind::Attr(arr, Attr::Shape), ExprKind::Const(Const::Int(k))) => self.axis_size(arr, *k as usize),
                _ => None,
            },
            // `len` of a tuple or a list is no array's axis.
            ExprKind::Call(Callee::Builtin(Builtin::Len), args, _) if matches!(args[0].ty, Type::Array(_)) => self.axis_size(&args[0], 0),
            ExprKind::Binary(BinOp::Sub, x, c) => match c.kind {
                ExprKind::Const(Const::Int(c)) => self.size_of(x).map(|(s, d)| (s, d + c as i128)),
                _ => None,
            },
            ExprKind::Binary(BinOp::Add, x, c) => match c.kind {
                ExprKind::Const(Const::Int(c)) => self.size_of(x).map(|(s, d)| (s, d - c as i128)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Facts a true condition establishes: `lo <= v` and `v < size - slack` from the comparisons of
    /// an `and` chain, for the int locals `may` accepts.
    pub(super) fn guard_facts(&self, cond: &Expr, may: &dyn Fn(LocalId) -> bool, lower: &mut Vec<(LocalId, i128)>, upper: &mut Vec<(LocalId, ranges::Below)>) {
        match &cond.kind {
            ExprKind::Logical(LogicalOp::And, parts) => parts.iter().for_each(|p| self.guard_facts(p, may, lower, upper)),
            ExprKind::Compare(first, rest) => {
                self.index_facts(first, may, upper);
                rest.iter().for_each(|(_, e)| self.index_facts(e, may, upper));
                let mut left = &**first;
                for (op, right) in rest {
                    let local = |e: &Expr| match e.kind {
                        ExprKind::Local(v) if may(v) && e.ty == Type::Int => Some(v),
                        _ => None,
                    };
                    let constant = |e: &Expr| match e.kind {
                        ExprKind::Const(Const::Int(c)) => Some(c as i128),
                        _ => None,
                    };
                    // Normalise `x > y` to `y < x`.
                    let (l, op, r) = match op {
                        CmpOp::Gt => (right, CmpOp::Lt, left),
                        CmpOp::GtE => (right, CmpOp::LtE, left),
                        _ => (left, *op, right),
                    };
                    let strict = match op {
                        CmpOp::Lt => 1,
                        CmpOp::LtE => 0,
                        _ => {
                            left = right;
                            continue;
                        }
                    };
                    if let (Some(c), Some(v)) = (constant(l), local(r)) {
                        lower.push((v, c + strict));
                    }
                    if let (Some(v), Some((size, slack))) = (local(l), self.size_of(r)) {
                        upper.push((v, ranges::Below { size, slack: slack + strict - 1 }));
                    }
                    left = right;
                }
            }
            _ => {}
        }
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// Facts of the elements a true comparison read: an operand that indexes an array element
    /// with locals (`a[j]`, `m[i, j]`) did not fail, so each index is below its axis's length (a
    /// negative one too). Only operands evaluated whenever the condition is: arithmetic of them.
    fn index_facts(&self, e: &Expr, may: &dyn Fn(LocalId) -> bool, upper: &mut Vec<(LocalId, ranges::Below)>) {
        match &e.kind {
            ExprKind::Index(base, indices) if matches!(base.ty, Type::Array(_)) && indices.iter().all(|i| i.ty == Type::Int) => {
                for (k, i) in indices.iter().enumerate() {
                    if let (ExprKind::Local(v), Some((size, slack))) = (&i.kind, self.axis_size(base, k)) {
                        if may(*v) {
                            upper.push((*v, ranges::Below { size, slack }));
                        }
                    }
                }
            }
            ExprKind::Binary(_, l, r) => {
                self.index_facts(l, may, upper);
                self.index_facts(r, may, upper);
            }
            ExprKind::Unary(_, x) => self.index_facts(x, may, upper),
            _ => {}
        }
    }
}

/// The value of a local that the facts pin to one value.
pub(super) fn exact(facts: &HashMap<LocalId, ranges::Interval>, v: LocalId) -> Option<i64> {
    facts.get(&v).filter(|(lo, hi)| lo == hi).map(|iv| iv.0 as i64)
}

impl<'a, 'f> Lower<'a, 'f> {
    /// Runs `emit` (the `then` branch of `if cond`) with the facts that `cond` proves: lower bounds
    /// and bounds below array lengths of its locals. They are dropped again afterwards, since the
    /// other branch and the code after the `if` do not have them.
    pub(super) fn guarded(&mut self, cond: &Expr, emit: impl FnOnce(&mut Self) -> R<()>) -> R<()> {
        let stable = self.stable.clone();
        self.guarded_where(cond, &|v| stable[v as usize], emit)
    }

    /// `guarded` for the locals `may` accepts. A local that changes may be accepted where every
    /// change while `emit` runs is an assignment it lowers after the point of use (which forgets
    /// the facts, `forget_facts`), none in a loop it emits: the facts hold from its start until then.
    pub(super) fn guarded_where(&mut self, cond: &Expr, may: &dyn Fn(LocalId) -> bool, emit: impl FnOnce(&mut Self) -> R<()>) -> R<()> {
        let (mut lower, mut upper) = (Vec::new(), Vec::new());
        self.guard_facts(cond, may, &mut lower, &mut upper);
        let narrowed = lower.iter().map(|(v, _)| *v).chain(upper.iter().map(|(v, _)| *v));
        let saved_facts: Vec<_> = narrowed.map(|v| (v, self.facts.get(&v).copied())).collect();
        let saved_below: Vec<_> = upper.iter().map(|(v, _)| (*v, self.below.get(v).cloned())).collect();
        let whole = (i64::MIN as i128, i64::MAX as i128);
        for (v, lo) in lower {
            let (old_lo, hi) = self.facts.get(&v).copied().unwrap_or(whole);
            self.facts.insert(v, (old_lo.max(lo), hi));
        }
        for (v, b) in upper {
            // A length is at most i64::MAX: below one, `v + 1` fits.
            if b.slack >= 0 {
                let (lo, old_hi) = self.facts.get(&v).copied().unwrap_or(whole);
                self.facts.insert(v, (lo, old_hi.min(i64::MAX as i128 - 1 - b.slack)));
            }
            self.below.entry(v).or_default().push(b);
        }
        emit(self)?;
        for (v, old) in saved_facts.into_iter().rev() {
            match old {
                Some(iv) => self.facts.insert(v, iv),
                None => self.facts.remove(&v),
            };
        }
        for (v, old) in saved_below.into_iter().rev() {
            match old {
                Some(b) => self.below.insert(v, b),
                None => self.below.remove(&v),
            };
        }
        Ok(())
    }
}
