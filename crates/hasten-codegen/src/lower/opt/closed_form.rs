//! Recognises counted loops whose only effect is to add loop-invariant integers to Python-int
//! accumulators (`for j in range(m): s = s + x`, nested to any depth), so that `Lower::closed_form`
//! can compute the result as `s + n * x` instead of iterating.
//!
//! This is exact for Python ints: the closed form is evaluated in 128-bit arithmetic and gives CPython's
//! value whenever it fits in 64 bits. Floats are never folded (their rounding depends on the order of
//! additions). Increments are restricted to constants and locals that cannot be unbound, which cannot
//! raise, so evaluating them once is indistinguishable from evaluating them every iteration; range
//! bounds may raise, and are evaluated exactly when CPython would evaluate them.

use hasten_ir::hir::*;
use hasten_ir::Type;
use super::*;

pub(crate) struct Affine<'e> {
    pub var: LocalId,
    pub start: &'e Expr,
    pub stop: &'e Expr,
    pub step: &'e Expr,
    pub updates: Vec<Update<'e>>,
}

pub(crate) enum Update<'e> {
    /// `local += term` (or `-=` when `negate`).
    Add { local: LocalId, negate: bool, term: &'e Expr },
    /// A nested counted loop that is itself affine.
    Nested(Affine<'e>),
}

/// What the analysis needs to know of each local: its type and whether it may be read unbound.
pub(crate) struct LocalInfo {
    pub ty: Type,
    pub maybe_unbound: bool,
}

pub(crate) fn analyze<'e>(stmt: &'e Stmt, locals: &[LocalInfo]) -> Option<Affine<'e>> {
    let mut assigned = Vec::new();
    assigned_locals(std::slice::from_ref(stmt), &mut assigned);
    let affine = nest(stmt, &assigned, locals)?;
    // A loop variable that is also accumulated is reset by its loop on every outer iteration, which
    // is not an affine effect.
    let (mut vars, mut accumulators) = (Vec::new(), Vec::new());
    collect(&affine, &mut vars, &mut accumulators);
    if vars.iter().any(|v| accumulators.contains(v)) {
        return None;
    }
    Some(affine)
}

/// One level of the nest. `assigned` holds every local the outermost loop assigns: a term or a
/// nested range bound must be invariant in the whole nest, not only in its own loop, since the
/// closed form reads each of them once.
fn nest<'e>(stmt: &'e Stmt, assigned: &[LocalId], locals: &[LocalInfo]) -> Option<Affine<'e>> {
    let StmtKind::ForRange { var, start, stop, step, body, orelse, .. } = &stmt.kind else {
        return None;
    };
    if !orelse.is_empty() || body.is_empty() {
        return None;
    }
    let mut updates = Vec::new();
    for s in body {
        match &s.kind {
            StmtKind::Pass => {}
            StmtKind::AugAssign { target: Target::Local(v, _), op, value, .. } => {
                let negate = match op {
                    BinOp::Add => false,
                    BinOp::Sub => true,
                    _ => return None,
                };
                updates.push(add(*v, negate, value, assigned, locals)?);
            }
            StmtKind::Assign { targets, value } => {
                let [Target::Local(v, _)] = targets.as_slice() else { return None };
                let ExprKind::Binary(op, l, r) = &value.kind else { return None };
                let is_v = |e: &Expr| matches!(e.kind, ExprKind::Local(x) if x == *v);
                let update = match op {
                    BinOp::Add if is_v(l) => add(*v, false, r, assigned, locals)?,
                    BinOp::Add if is_v(r) => add(*v, false, l, assigned, locals)?,
                    BinOp::Sub if is_v(l) => add(*v, true, r, assigned, locals)?,
                    _ => return None,
                };
                if value.ty != Type::Int {
                    return None;
                }
                updates.push(update);
            }
            StmtKind::ForRange { start: s2, stop: e2, step: t2, .. } => {
                if [s2, e2, t2].iter().any(|e| !super::invariants::invariant(e, assigned)) {
                    return None;
                }
                updates.push(Update::Nested(nest(s, assigned, locals)?));
            }
            _ => return None,
        }
    }
    Some(Affine { var: *var, start, stop, step, updates })
}

/// The locals a closed-form loop adds to.
pub(crate) fn accumulators(a: &Affine) -> Vec<LocalId> {
    let (mut vars, mut acc) = (Vec::new(), Vec::new());
    collect(a, &mut vars, &mut acc);
    acc
}

fn collect(a: &Affine, vars: &mut Vec<LocalId>, accumulators: &mut Vec<LocalId>) {
    vars.push(a.var);
    for u in &a.updates {
        match u {
            Update::Add { local, .. } => accumulators.push(*local),
            Update::Nested(inner) => collect(inner, vars, accumulators),
        }
    }
}

fn add<'e>(local: LocalId, negate: bool, term: &'e Expr, assigned: &[LocalId], locals: &[LocalInfo]) -> Option<Update<'e>> {
    if locals[local as usize].ty != Type::Int || !matches!(term.ty, Type::Int | Type::Bool) {
        return None;
    }
    let simple = match &term.kind {
        ExprKind::Const(_) => true,
        ExprKind::Local(x) => !assigned.contains(x) && !locals[*x as usize].maybe_unbound,
        _ => false,
    };
    simple.then_some(Update::Add { local, negate, term })
}

// ---- emission --------------------------------------------------------------------------------

impl<'a, 'f> Lower<'a, 'f> {
    /// Runs an affine loop (see `affine`) in closed form: every accumulator `v` becomes
    /// `v + n * inc` for the trip count `n` and the per-iteration increment `inc`, and the loop
    /// variables take their last values. The trip counts are evaluated first, where CPython would
    /// evaluate them; the sums are then computed in 64-bit arithmetic, and only if some step
    /// overflows are they recomputed exactly in 128 bits, which raises if a result does not fit.
    pub(in crate::lower) fn closed_form(&mut self, a: &Affine, span: Span) -> R<()> {
        let (n, start, step) = self.trip_count(a)?;
        let done = self.b.create_block();
        // A loop known to run is applied in the current block, where the accumulators' values may
        // still be the constants they were set to, which makes their overflow tests constant.
        if !matches!(affine_trip_count(a), Some(k) if k > 0) {
            let apply = self.b.create_block();
            self.b.ins().brif(n, apply, &[], done, &[]);
            self.b.switch_to_block(apply);
        }
        self.set_last_value(a.var, start, n, step);
        let nested = self.nested_counts(a)?;
        let counts = Counts { n: None, nested };

        let mut overflow = self.b.ins().iconst(types::I8, 0);
        let mut fast = Vec::new();
        let n = match affine_trip_count(a) {
            Some(k) => self.b.ins().iconst(types::I64, k),
            None => n,
        };
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, n, 0);
        self.flagged((n, negative), &mut overflow);
        for (v, inc) in self.increments_i64(a, &counts, &mut overflow) {
            let r = self.checked(BinOp::Mul, n, inc);
            let total = self.flagged(r, &mut overflow);
            let cur = self.read_local(v, span)[0];
            let r = self.checked(BinOp::Add, cur, total);
            fast.push((v, cur, self.flagged(r, &mut overflow)));
        }
        let (exact, commit) = (self.b.create_block(), self.b.create_block());
        self.b.set_cold_block(exact);
        self.b.ins().brif(overflow, exact, &[], commit, &[]);
        self.b.switch_to_block(commit);
        for &(v, _, new) in &fast {
            self.assign_local(v, vec![new], &Type::Int);
        }
        self.b.ins().jump(done, &[]);

        self.b.switch_to_block(exact);
        let n = self.pinned(n, overflow);
        let n128 = self.b.ins().uextend(types::I128, n);
        for ((v, inc), (_, cur, _)) in self.increments_i128(a, &counts, overflow, span).into_iter().zip(fast) {
            // `n * inc` and `cur + n * inc` stay within 128 bits once `inc` fits in 64; the sum may
            // fit in 64 bits even where the product does not.
            self.check_fits_i64(inc, None, span);
            let total = self.b.ins().imul(n128, inc);
            // An accumulator that starts at 0 (Cranelift does not fold 128-bit constants).
            let new = if self.const_int(cur) == Some(0) {
                total
            } else {
                let cur = self.pinned(cur, overflow);
                let cur = self.b.ins().sextend(types::I128, cur);
                self.b.ins().iadd(cur, total)
            };
            self.check_fits_i64(new, None, span);
            let new = self.b.ins().ireduce(types::I64, new);
            self.assign_local(v, vec![new], &Type::Int);
        }
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
        Ok(())
    }

    /// Evaluates the trip counts of the loops nested in `a` (whose body is known to run), each only
    /// when its enclosing loop runs, and gives their variables their last values. A count that is
    /// not evaluated stays 0.
    pub(in crate::lower) fn nested_counts(&mut self, a: &Affine) -> R<Vec<Counts>> {
        let mut out = Vec::new();
        for u in &a.updates {
            let Update::Nested(inner) = u else { continue };
            let (n, start, step) = self.trip_count(inner)?;
            let var = self.temp_var(types::I64);
            self.b.def_var(var, n);
            let known = affine_trip_count(inner);
            if matches!(known, Some(k) if k > 0) {
                self.set_last_value(inner.var, start, n, step);
                let nested = self.nested_counts(inner)?;
                out.push(Counts { n: Some((var, known)), nested });
                continue;
            }
            let (runs, join) = (self.b.create_block(), self.b.create_block());
            self.b.ins().brif(n, runs, &[], join, &[]);
            self.b.switch_to_block(runs);
            self.set_last_value(inner.var, start, n, step);
            let nested = self.nested_counts(inner)?;
            self.b.ins().jump(join, &[]);
            self.b.switch_to_block(join);
            out.push(Counts { n: Some((var, known)), nested });
        }
        Ok(out)
    }

    /// The per-iteration increments of an affine loop's accumulators in 64-bit arithmetic; a step
    /// that overflows (or a trip count of 2**63 or more) sets `overflow`.
    pub(in crate::lower) fn increments_i64(&mut self, a: &Affine, counts: &Counts, overflow: &mut Value) -> Vec<(LocalId, Value)> {
        let mut acc = Vec::new();
        let mut nested = counts.nested.iter();
        for u in &a.updates {
            match u {
                Update::Add { local, negate, term } => {
                    let mut v = self.affine_term(term);
                    if *negate {
                        let zero = self.b.ins().iconst(types::I64, 0);
                        let r = self.checked(BinOp::Sub, zero, v);
                        v = self.flagged(r, overflow);
                    }
                    accumulate(&mut acc, *local, v, |x, y| {
                        let r = self.checked(BinOp::Add, x, y);
                        self.flagged(r, overflow)
                    });
                }
                Update::Nested(inner) => {
                    let c = nested.next().expect("one count per nested loop");
                    let n = self.nested_count(c);
                    let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, n, 0);
                    self.flagged((n, negative), overflow);
                    for (local, inc) in self.increments_i64(inner, c, overflow) {
                        let r = self.checked(BinOp::Mul, n, inc);
                        let total = self.flagged(r, overflow);
                        accumulate(&mut acc, local, total, |x, y| {
                            let r = self.checked(BinOp::Add, x, y);
                            self.flagged(r, overflow)
                        });
                    }
                }
            }
        }
        acc
    }

    /// A nested loop's trip count: a constant when its range is, so that the products with it get
    /// cheap overflow checks (see `checked`).
    pub(in crate::lower) fn nested_count(&mut self, c: &Counts) -> Value {
        match c.n.expect("nested loops have a count") {
            (_, Some(k)) => self.b.ins().iconst(types::I64, k),
            (var, None) => self.b.use_var(var),
        }
    }

    /// The value of a checked operation (see `checked`), with its overflow flag or-ed into `overflow`.
    pub(in crate::lower) fn flagged(&mut self, (v, of): (Value, Value), overflow: &mut Value) -> Value {
        *overflow = self.b.ins().bor(*overflow, of);
        v
    }

    /// The same increments exactly, as 128-bit values, on the path where `overflow` holds. Each
    /// nested increment is checked to fit in 64 bits when its loop runs, which keeps every product
    /// within 128 bits.
    pub(in crate::lower) fn increments_i128(&mut self, a: &Affine, counts: &Counts, overflow: Value, span: Span) -> Vec<(LocalId, Value)> {
        let mut acc = Vec::new();
        let mut nested = counts.nested.iter();
        for u in &a.updates {
            match u {
                Update::Add { local, negate, term } => {
                    let v = self.affine_term(term);
                    let v = self.pinned(v, overflow);
                    let mut v = self.b.ins().sextend(types::I128, v);
                    if *negate {
                        v = self.b.ins().ineg(v);
                    }
                    accumulate(&mut acc, *local, v, |x, y| self.b.ins().iadd(x, y));
                }
                Update::Nested(inner) => {
                    let c = nested.next().expect("one count per nested loop");
                    let n = self.nested_count(c);
                    let n = self.pinned(n, overflow);
                    let n128 = self.b.ins().uextend(types::I128, n);
                    for (local, inc) in self.increments_i128(inner, c, overflow, span) {
                        self.check_fits_i64(inc, Some(n), span);
                        let total = self.b.ins().imul(n128, inc);
                        self.check_fits_i64(total, None, span);
                        accumulate(&mut acc, local, total, |x, y| self.b.ins().iadd(x, y));
                    }
                }
            }
        }
        acc
    }

    /// An increment's term (a constant or a local the nest does not assign) as a 64-bit int.
    pub(in crate::lower) fn affine_term(&mut self, term: &Expr) -> Value {
        let v = self.expr(term).expect("affine terms are constants and locals");
        self.convert(v[0], &term.ty, &Type::Int)
    }

    /// The number of iterations of `range(start, stop, step)` as an unsigned 64-bit value, with the
    /// bounds evaluated once (ValueError for a zero step, as CPython).
    pub(in crate::lower) fn trip_count(&mut self, a: &Affine) -> R<(Value, Value, Value)> {
        let start = self.int_operand(a.start)?;
        let stop = self.int_operand(a.stop)?;
        let step = self.int_operand(a.step)?;
        if !matches!(a.step.kind, ExprKind::Const(Const::Int(k)) if k != 0) {
            let zero = self.b.ins().icmp_imm_s(IntCC::Equal, step, 0);
            self.fail_if(zero, "ValueError", "range() arg 3 must not be zero", a.step.span);
        }
        Ok((self.range_length(start, stop, step), start, step))
    }
}

/// Every accumulator an affine loop updates, nested loops included.
/// The trip-count variables of the loops nested in an affine loop (with their values when the
/// ranges are constant), in the order of its updates.
pub(in crate::lower) struct Counts {
    n: Option<(Variable, Option<i64>)>,
    nested: Vec<Counts>,
}


/// The trip count of an affine loop over a range of literals, when it fits in 64 bits.
fn affine_trip_count(a: &Affine) -> Option<i64> {
    ranges::constant_range(a.start, a.stop, a.step).and_then(|(_, _, n)| i64::try_from(n).ok())
}

/// Adds `v` to `local`'s entry of `acc` with `add`, or starts the entry.
fn accumulate(acc: &mut Vec<(LocalId, Value)>, local: LocalId, v: Value, mut add: impl FnMut(Value, Value) -> Value) {
    match acc.iter_mut().find(|(l, _)| *l == local) {
        Some((_, cur)) => *cur = add(*cur, v),
        None => acc.push((local, v)),
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// The closed form of a range loop, when `analyze` finds one.
    pub(in crate::lower) fn closed_form_plan<'s>(&self, s: &'s Stmt) -> Option<Affine<'s>> {
        let infos: Vec<LocalInfo> = self
            .locals
            .iter()
            .map(|l| LocalInfo { ty: l.ty.clone(), maybe_unbound: l.defined.is_some() })
            .collect();
        analyze(s, &infos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hasten_typeck::testing::*;

    fn infos(f: &Function) -> Vec<LocalInfo> {
        f.locals
            .iter()
            .enumerate()
            .map(|(i, l)| LocalInfo { ty: l.ty.clone(), maybe_unbound: l.maybe_unbound && i >= f.params.len() })
            .collect()
    }

    /// `var: acc += term, ..., [nested]`, with locals by name.
    fn describe(a: &Affine, f: &Function) -> String {
        let name = |id: LocalId| f.locals[id as usize].name.clone();
        let updates: Vec<String> = a
            .updates
            .iter()
            .map(|u| match u {
                Update::Add { local, negate, term } => {
                    let term = match &term.kind {
                        ExprKind::Const(Const::Int(k)) => k.to_string(),
                        ExprKind::Const(Const::Bool(b)) => b.to_string(),
                        ExprKind::Local(x) => name(*x),
                        other => format!("{other:?}"),
                    };
                    format!("{} {}= {term}", name(*local), if *negate { '-' } else { '+' })
                }
                Update::Nested(inner) => format!("[{}]", describe(inner, f)),
            })
            .collect();
        format!("{}: {}", name(a.var), updates.join(", "))
    }

    /// The closed form of the `k`-th loop of the function.
    fn closed_at(src: &str, args: &[Type], k: usize) -> Option<String> {
        let f = typed(src, args);
        let infos = infos(&f);
        analyze(nth_loop(&f, k), &infos).map(|a| describe(&a, &f))
    }

    fn closed(src: &str, args: &[Type]) -> Option<String> {
        closed_at(src, args, 0)
    }

    const INTS: [Type; 2] = [Type::Int, Type::Int];

    #[test]
    fn constant_and_invariant_increments_qualify() {
        let src = "def f(n, x):\n    s = 0\n    t = 0\n    for i in range(n):\n        s += 3\n        t -= x\n        s = s + x\n        t = x + t\n        s = s - 2\n        pass\n    return s + t";
        assert_eq!(closed(src, &INTS).as_deref(), Some("i: s += 3, t -= x, s += x, t += x, s -= 2"));
    }

    #[test]
    fn updates_that_are_not_additions_do_not_qualify() {
        for update in ["s = x - s", "s *= 2", "s = s * x", "s = s + x * 2", "s = s + s", "s = x"] {
            let src = format!("def f(n, x):\n    s = 0\n    for i in range(n):\n        {update}\n    return s");
            assert_eq!(closed(&src, &INTS), None, "{update}");
        }
    }

    #[test]
    fn float_accumulators_never_qualify() {
        for (init, update) in [("0.0", "s += 1.0"), ("0.0", "s += 1"), ("0.0", "s = s + 1"), ("0", "s += 0.5")] {
            let src = format!("def f(n):\n    s = {init}\n    for i in range(n):\n        {update}\n    return s");
            assert_eq!(closed(&src, &[Type::Int]), None, "{init}; {update}");
        }
    }

    #[test]
    fn bool_terms_count_as_ints() {
        let src = "def f(n, c):\n    s = 0\n    for i in range(n):\n        s += c\n    return s";
        assert_eq!(closed(src, &[Type::Int, Type::Bool]).as_deref(), Some("i: s += c"));
    }

    #[test]
    fn terms_assigned_in_the_nest_do_not_qualify() {
        let own = "def f(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s";
        assert_eq!(closed(own, &[Type::Int]), None, "the loop variable changes every iteration");
        let outer = "def f(n, m):\n    s = 0\n    for i in range(n):\n        for j in range(m):\n            s += i\n    return s";
        assert_eq!(closed_at(outer, &INTS, 0), None, "a term assigned by the outer loop is not invariant in the nest");
        assert_eq!(closed_at(outer, &INTS, 1).as_deref(), Some("j: s += i"), "but it is in the inner loop alone");
        let other = "def f(n, m):\n    s = 0\n    t = 0\n    for i in range(n):\n        t += 1\n        s += t\n    return s";
        assert_eq!(closed(other, &INTS), None, "an accumulator is not a term");
    }

    #[test]
    fn nested_affine_loops_qualify() {
        let src = "def f(n, m, x):\n    s = 0\n    t = 0\n    for i in range(n):\n        s += 1\n        for j in range(m):\n            t += 2\n            for k in range(3):\n                s -= x\n    return s + t";
        assert_eq!(closed(src, &[Type::Int, Type::Int, Type::Int]).as_deref(), Some("i: s += 1, [j: t += 2, [k: s -= x]]"));
    }

    #[test]
    fn nested_bounds_must_be_invariant_in_the_nest() {
        let triangle = "def f(n):\n    s = 0\n    for i in range(n):\n        for j in range(i):\n            s += 1\n    return s";
        assert_eq!(closed_at(triangle, &[Type::Int], 0), None);
        assert_eq!(closed_at(triangle, &[Type::Int], 1).as_deref(), Some("j: s += 1"));
        let accumulated = "def f(n):\n    s = 0\n    for i in range(n):\n        s += 1\n        for j in range(s):\n            pass\n    return s";
        assert_eq!(closed(accumulated, &[Type::Int]), None);
    }

    #[test]
    fn maybe_unbound_terms_do_not_qualify() {
        let src = |orelse: &str| {
            format!("def f(n, c):\n    if c:\n        x = 1\n{orelse}    s = 0\n    for i in range(n):\n        s += x\n    return s")
        };
        assert_eq!(closed(&src(""), &[Type::Int, Type::Bool]), None, "reading `x` may raise UnboundLocalError");
        assert_eq!(closed(&src("    else:\n        x = 2\n"), &[Type::Int, Type::Bool]).as_deref(), Some("i: s += x"));
    }

    #[test]
    fn accumulated_loop_variables_do_not_qualify() {
        let own = "def f(n):\n    for i in range(n):\n        i += 1\n    return 0";
        assert_eq!(closed(own, &[Type::Int]), None);
        let outer = "def f(n, m):\n    for i in range(n):\n        for j in range(m):\n            i += 1\n    return 0";
        assert_eq!(closed_at(outer, &INTS, 0), None, "the outer loop resets `i` every iteration");
    }

    #[test]
    fn other_statements_and_else_clauses_do_not_qualify() {
        for body in ["s += 1\n        if s > 3:\n            s += 1", "s += 1\n        a[0] = 1.0", "s += 1\n        break", "s += 1\n    else:\n        s += 2"] {
            let src = format!("def f(a, n):\n    s = 0\n    for i in range(n):\n        {body}\n    return s");
            assert_eq!(closed(&src, &[f64_1d(), Type::Int]), None, "{body}");
        }
        let w = "def f(n):\n    s = 0\n    while n > 0:\n        s += 1\n    return s";
        assert_eq!(closed(w, &[Type::Int]), None, "only range loops");
    }
}
