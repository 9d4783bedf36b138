//! Loops: the loop pipeline of `range` loops (which passes of `opt/` are tried, in order),
//! `while` loops, iteration over arrays, and the notes that `f.explain()` reports per loop.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// Starts the explain note of the loop at `span`; `close_loop` ends it.
    pub(super) fn open_loop(&mut self, span: Span) {
        let at = self.report.open(self.map, span);
        self.open_loops.push(at);
    }

    pub(super) fn close_loop(&mut self) {
        self.open_loops.pop();
    }

    /// Adds a remark to the note of the innermost loop being lowered, if any; `text` runs only then.
    pub(super) fn remark(&mut self, text: impl FnOnce(&Self) -> String) {
        if let Some(&at) = self.open_loops.last() {
            let text = text(self);
            self.report.remark(at, text);
        }
    }

    /// The source text of a span, for remarks.
    pub(super) fn text(&self, span: Span) -> String {
        self.map.source[span.start as usize..span.end as usize].to_string()
    }

    /// `len(range(start, stop, step))` as an unsigned 64-bit value; `step` is not zero.
    pub(crate) fn range_length(&mut self, start: Value, stop: Value, step: Value) -> Value {
        let up = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, step, 0);
        let has_up = self.b.ins().icmp(IntCC::SignedGreaterThan, stop, start);
        let has_down = self.b.ins().icmp(IntCC::SignedGreaterThan, start, stop);
        let has = self.b.ins().select(up, has_up, has_down);
        let dist_up = self.b.ins().isub(stop, start);
        let dist_down = self.b.ins().isub(start, stop);
        let dist = self.b.ins().select(up, dist_up, dist_down);
        let neg_step = self.b.ins().ineg(step);
        let magnitude = self.b.ins().select(up, step, neg_step);
        let one = self.iconst(types::I64, 1);
        let safe = self.b.ins().select(has, magnitude, one);
        let before_last = self.b.ins().iadd_imm_s(dist, -1);
        let q = self.b.ins().udiv(before_last, safe);
        let count = self.b.ins().iadd_imm_s(q, 1);
        let zero = self.iconst(types::I64, 0);
        self.b.ins().select(has, count, zero)
    }

    /// Gives a loop variable the value of its last iteration; the caller knows the loop ran.
    pub(super) fn set_last_value(&mut self, var: LocalId, start: Value, n: Value, step: Value) {
        let k = self.b.ins().iadd_imm_s(n, -1);
        let offset = self.b.ins().imul(k, step);
        let last = self.b.ins().iadd(start, offset);
        self.assign_local(var, vec![last], &Type::Int);
    }

    pub(super) fn while_loop(&mut self, cond: &Expr, body: &[Stmt], orelse: &[Stmt]) -> R<()> {
        let (header, bodyb, elseb, exit) =
            (self.b.create_block(), self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.ins().jump(header, &[]);
        self.b.switch_to_block(header);
        if !self.bounded_while(cond, body) {
            self.poll_interrupt();
        }
        self.branch_exit_first(cond, bodyb, elseb)?;
        // The body starts where the condition held: its facts stand for the stable locals and for
        // those the body changes only outside loops of its own, until it changes them (counters
        // keep their facts through assignments, so they are not among them).
        let mut churned = self.counters.clone();
        assigned_in_loops(body, &mut churned);
        let stable = self.stable.clone();
        self.guarded_where(cond, &|v| stable[v as usize] || !churned.contains(&v), |cx| cx.loop_body(bodyb, header, exit, body))?;
        self.enter(elseb, true);
        self.block(orelse)?;
        self.jump(exit);
        self.enter(exit, true);
        Ok(())
    }

    /// Whether `while cond: body` runs at most about an array's length of iterations, which, like a
    /// `range` over an axis, needs no Ctrl-C poll: `cond` requires `j >= c` (or `j > c`) of a local
    /// that stays below an axis's length (`facts::descending`), and every iteration decreases `j` by
    /// a positive constant (a statement of the body itself, no `continue`, no other assignment).
    fn bounded_while(&self, cond: &Expr, body: &[Stmt]) -> bool {
        let floor = |e: &Expr| match &e.kind {
            ExprKind::Compare(l, rest) if rest.len() == 1 => match (&l.kind, &rest[0]) {
                (ExprKind::Local(j), (CmpOp::Gt | CmpOp::GtE, r)) if matches!(r.kind, ExprKind::Const(Const::Int(c)) if c.abs() <= 1 << 20) => Some(*j),
                _ => None,
            },
            _ => None,
        };
        let parts = match &cond.kind {
            ExprKind::Logical(LogicalOp::And, parts) => parts.iter().collect(),
            _ => vec![cond],
        };
        let Some(j) = parts.into_iter().find_map(floor) else { return false };
        let axis_bound = matches!(self.descending.get(&j), Some(Some(b)) if b.iter().any(|b| matches!(b.size, ranges::Size::Axis(..))));
        let steps_down = body.iter().any(|s| super::facts::decrease(s).is_some_and(|(id, k)| id == j && k >= 1));
        let mut assigned = Vec::new();
        assigned_locals(body, &mut assigned);
        let once = assigned.iter().filter(|&&id| id == j).count() == 1;
        axis_bound && steps_down && once && !crate::ownership::jumps(body).1
    }

    /// Emits a loop body starting at `bodyb`; `continue` goes to `latch`, `break` to `exit`.
    pub(super) fn loop_body(&mut self, bodyb: Block, latch: Block, exit: Block, body: &[Stmt]) -> R<()> {
        self.loops.push(Loop { continue_to: latch, break_to: exit, tries: self.tries.len(), temps: self.temps.len() });
        self.enter(bodyb, true);
        self.block(body)?;
        self.jump(latch);
        self.loops.pop();
        Ok(())
    }

    /// Evaluates the arguments of `range(start, stop, step)`, raising CPython's ValueError for a zero
    /// step unless the step is a nonzero constant.
    pub(super) fn range_operands(&mut self, start: &Expr, stop: &Expr, step: &Expr) -> R<(Value, Value, Value)> {
        let start_v = self.int_operand(start)?;
        let stop_v = self.int_operand(stop)?;
        let step_v = self.int_operand(step)?;
        if !matches!(step.kind, ExprKind::Const(Const::Int(k)) if k != 0) {
            let zero = self.b.ins().icmp_imm_s(IntCC::Equal, step_v, 0);
            self.fail_if(zero, "ValueError", "range() arg 3 must not be zero", step.span);
        }
        Ok((start_v, stop_v, step_v))
    }

    /// Records what the loop variable `var` of `range(start, stop, step)` is known to satisfy.
    pub(super) fn range_var_facts(&mut self, var: LocalId, start: &Expr, stop: &Expr, step: &Expr) {
        if !self.stable[var as usize] && !self.loop_only[var as usize] {
            return;
        }
        if let Some(iv) = ranges::loop_interval(start, stop, step, &self.facts) {
            self.facts.insert(var, iv);
        }
        if ranges::step_sign(step, &self.facts) == Some(1) {
            // Both may hold: `size_of` names any stable int local a size (`i + 2` is `Local(i) + 2`),
            // and the bounds known of that local give the array lengths `var` stays below.
            if let Some((size, slack)) = self.size_of(stop) {
                self.below.entry(var).or_default().push(ranges::Below { size, slack });
            }
            if let Some((v, c)) = ranges::local_plus_const(stop, &|v| exact(&self.facts, v).map(i128::from)) {
                // `var < v + c` and `v < size - s` give `var < size - (s - c + 1)` (a window
                // `range(i - 1, i + 2)` around an interior `i`).
                let derived: Vec<ranges::Below> =
                    self.below.get(&v).into_iter().flatten().map(|b| ranges::Below { size: b.size, slack: b.slack - c + 1 }).collect();
                self.below.entry(var).or_default().extend(derived);
            }
        }
    }

    /// A `range` loop; with a vector plan, its vector part runs first and this loop the rest.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn for_range(&mut self, var: LocalId, start: &Expr, stop: &Expr, step: &Expr, body: &[Stmt], orelse: &[Stmt], vector: Option<&vectorize::Lanes>, carried: Option<&carry::Carry>) -> R<()> {
        let (start_v, stop_v, step_v) = self.range_operands(start, stop, step)?;
        let sign = ranges::step_sign(step, &self.facts);
        self.range_var_facts(var, start, stop, step);
        let start_v = match vector {
            Some(vectorize::Lanes::Float(plan)) => self.vector_loop(var, plan, start_v, stop_v)?,
            Some(vectorize::Lanes::Sums(plan)) => self.int_sum_loop(var, plan, start_v, stop_v)?,
            None => start_v,
        };
        let ctr = self.temp_var(types::I64);
        self.b.def_var(ctr, start_v);
        if let Some(c) = carried {
            self.open_carry(c);
        }
        let poll = self.needs_poll(start, stop, step, body);
        let result = if poll && !has_long_loop(body) {
            self.chunked_range(var, ctr, (start_v, stop_v, step_v), const_step(step), body, orelse)
        } else {
            let (i, [header, bodyb, latch, elseb, exit]) = self.counter_header(ctr);
            let done = self.range_done(i, stop_v, step_v, sign);
            self.b.ins().brif(done, elseb, &[], bodyb, &[]);
            self.range_body(var, ctr, [bodyb, latch, exit], body)?;
            self.counter_latch(ctr, [header, latch, elseb, exit], orelse, poll, |cx, i| cx.b.ins().iadd(i, step_v))
        };
        if let Some(c) = carried {
            self.close_carry(c);
        }
        result
    }

    /// The body of a `range` loop, entered at `bodyb` with the counter in `ctr`; `continue` goes
    /// to `latch`, `break` to `exit`.
    fn range_body(&mut self, var: LocalId, ctr: Variable, [bodyb, latch, exit]: [Block; 3], body: &[Stmt]) -> R<()> {
        self.b.switch_to_block(bodyb);
        let i = self.b.use_var(ctr);
        self.assign_local(var, vec![i], &Type::Int);
        self.loops.push(Loop { continue_to: latch, break_to: exit, tries: self.tries.len(), temps: self.temps.len() });
        self.inductions.push(induction::Induction::new(var, body));
        for s in body {
            if !self.reachable {
                break;
            }
            self.stmt(s)?;
            let facts = &self.facts;
            self.inductions.last_mut().expect("pushed above").note(s, &|v| exact(facts, v));
        }
        self.inductions.pop();
        self.jump(latch);
        self.loops.pop();
        Ok(())
    }

    /// A `range` loop that looks for Ctrl-C once per chunk of `POLL_CHUNK` iterations instead of at
    /// every one. An outer loop polls and counts down the iterations left (`range`'s length); each
    /// chunk of `k` iterations runs an inner loop that tests, after its body, whether the counter
    /// was the chunk's last value `i + (k - 1) * step`. That test of equality is exact where the
    /// counter wraps past the int64 limits (`range(2**63 - 9, 2**63 - 1, 7)`), and the inner loop has
    /// one exit and a computable trip count, which LLVM needs to vectorise it.
    fn chunked_range(&mut self, var: LocalId, ctr: Variable, (start, stop, step): (Value, Value, Value), const_step: Option<i64>, body: &[Stmt], orelse: &[Stmt]) -> R<()> {
        let [outer, chunk, bodyb, latch, elseb, exit] = [(); 6].map(|_| self.b.create_block());
        let (left, last) = (self.temp_var(types::I64), self.temp_var(types::I64));
        let count = match const_step {
            Some(k) => self.const_step_length(start, stop, k),
            None => self.range_length(start, stop, step),
        };
        self.b.def_var(left, count);
        self.b.ins().jump(outer, &[]);
        self.b.switch_to_block(outer);
        self.poll_interrupt();
        let n = self.b.use_var(left);
        self.b.ins().brif(n, chunk, &[], elseb, &[]);
        self.b.switch_to_block(chunk);
        let most = self.iconst(types::I64, POLL_CHUNK);
        let k = self.b.ins().umin(n, most);
        let rest = self.b.ins().isub(n, k);
        self.b.def_var(left, rest);
        let first = self.b.use_var(ctr);
        let before_last = self.b.ins().iadd_imm_s(k, -1);
        let span = self.b.ins().imul(before_last, step);
        let end = self.b.ins().iadd(first, span);
        self.b.def_var(last, end);
        self.b.ins().jump(bodyb, &[]);
        self.range_body(var, ctr, [bodyb, latch, exit], body)?;
        self.b.switch_to_block(latch);
        let i = self.b.use_var(ctr);
        let next = self.b.ins().iadd(i, step);
        self.b.def_var(ctr, next);
        let end = self.b.use_var(last);
        let done = self.b.ins().icmp(IntCC::Equal, i, end);
        self.b.ins().brif(done, outer, &[], bodyb, &[]);
        self.enter(elseb, true);
        self.block(orelse)?;
        self.jump(exit);
        self.enter(exit, true);
        Ok(())
    }

    /// `for target in array`: the iterable (a temporary, perhaps) lives until the loop ends.
    pub(super) fn for_iter(&mut self, target: &Target, iter: &Expr, body: &[Stmt], orelse: &[Stmt]) -> R<()> {
        self.scoped(|cx| cx.for_iter_inner(target, iter, body, orelse))
    }

    fn for_iter_inner(&mut self, target: &Target, iter: &Expr, body: &[Stmt], orelse: &[Stmt]) -> R<()> {
        let vals = self.expr(iter)?;
        // The loop holds its own reference, as CPython's iterator does, unless the array is (a view
        // of) a local that holds one value for its whole life, which the body cannot rebind.
        if !ownership::view_of(iter).is_some_and(|id| self.stable[id as usize]) {
            self.hold(&vals, &iter.ty);
        }
        let arr = ArrayVals::from_vals(&vals);
        let Type::Array(at) = iter.ty else { unreachable!("type checker allows arrays only") };
        let n = arr.shape[0];
        let ctr = self.temp_var(types::I64);
        let zero = self.iconst(types::I64, 0);
        self.b.def_var(ctr, zero);
        // The element's address steps by the stride, so it is not recomputed from the counter.
        let addr = self.temp_var(types::I64);
        self.b.def_var(addr, arr.data);
        let (i, [header, bodyb, latch, elseb, exit]) = self.counter_header(ctr);
        let done = self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, i, n);
        self.b.ins().brif(done, elseb, &[], bodyb, &[]);
        self.b.switch_to_block(bodyb);
        let at_item = self.b.use_var(addr);
        let (item, item_ty) = self.array_item_at(&arr, at, at_item);
        self.scoped(|cx| cx.assign(target, item, &item_ty))?;
        self.loops.push(Loop { continue_to: latch, break_to: exit, tries: self.tries.len(), temps: self.temps.len() });
        self.block(body)?;
        self.jump(latch);
        self.loops.pop();
        let stride = arr.strides[0];
        self.counter_latch(ctr, [header, latch, elseb, exit], orelse, has_long_loop(body), |cx, i| {
            let next = cx.b.use_var(addr);
            let next = cx.b.ins().iadd(next, stride);
            cx.b.def_var(addr, next);
            cx.b.ins().iadd_imm_s(i, 1)
        })
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// Whether the counter `i` of `range(…, stop, step)` has passed `stop`.
    fn range_done(&mut self, i: Value, stop: Value, step: Value, sign: Option<i64>) -> Value {
        match sign {
            Some(1) => self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, i, stop),
            Some(_) => self.b.ins().icmp(IntCC::SignedLessThanOrEqual, i, stop),
            None => {
                let up = self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, i, stop);
                let down = self.b.ins().icmp(IntCC::SignedLessThanOrEqual, i, stop);
                let positive = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, step, 0);
                self.b.ins().select(positive, up, down)
            }
        }
    }

    /// `len(range(start, stop, step))` for a constant `step`, without a division when it is ±1.
    fn const_step_length(&mut self, start: Value, stop: Value, step: i64) -> Value {
        if step != 1 && step != -1 {
            let step = self.iconst(types::I64, step);
            return self.range_length(start, stop, step);
        }
        let (from, to) = if step > 0 { (start, stop) } else { (stop, start) };
        // `to - from` is exact as an unsigned number when `to > from`, even where it wraps as a signed one.
        let has = self.b.ins().icmp(IntCC::SignedGreaterThan, to, from);
        let dist = self.b.ins().isub(to, from);
        let zero = self.iconst(types::I64, 0);
        self.b.ins().select(has, dist, zero)
    }

    /// Whether a `range` loop looks for Ctrl-C. A loop over an axis of an array (or a constant
    /// range) with nothing long inside ends within one pass over that axis and is not polled: a
    /// poll costs up to a third of a tight loop's time. The counter of a loop that is not polled
    /// must not pass the int64 limits: its step is small next to the axis it stops at, or the range
    /// is constant and ends inside them.
    pub(super) fn needs_poll(&self, start: &Expr, stop: &Expr, step: &Expr, body: &[Stmt]) -> bool {
        let small_step = const_step(step).is_some_and(|k| k.unsigned_abs() <= 1 << 32);
        let axis = small_step && matches!(self.size_of(stop), Some((ranges::Size::Axis(..), _)));
        let constant = ranges::constant_range(start, stop, step).is_some_and(|(a, s, n)| i64::try_from(a + n * s).is_ok());
        !(axis || constant) || has_long_loop(body)
    }
}

/// Iterations between two Ctrl-C polls of a loop polled per chunk (`chunked_range`).
pub(super) const POLL_CHUNK: i64 = 1024;

/// A constant step, whose range's length needs no division when it is ±1.
fn const_step(step: &Expr) -> Option<i64> {
    match step.kind {
        ExprKind::Const(Const::Int(k)) if k != 0 => Some(k),
        _ => None,
    }
}

/// The type of the int a bit-counting loop's condition tests.
fn cond_local_type(cond: &Expr) -> Type {
    match &cond.kind {
        ExprKind::Compare(l, _) => l.ty.clone(),
        _ => cond.ty.clone(),
    }
}

/// Whether `stmts` hold a loop that may run long: a `while`, or a loop whose bounds are not constants
/// (those get Ctrl-C polls, so the loops around them poll too). A window `range(i - 1, i + 2)` is as
/// short as a constant range: it is unrolled (`opt::unroll::window`).
pub(super) fn has_long_loop(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        // A bit-counting loop becomes one instruction (`opt::popcount`).
        StmtKind::While { cond, body, orelse } => super::opt::popcount::analyze(cond, body, orelse).is_none(),
        // A loop over an array ends within its first axis, like a `range` over an axis.
        StmtKind::ForIter { iter, body, .. } => !matches!(iter.ty, Type::Array(_)) || has_long_loop(body),
        StmtKind::ForRange { start, stop, step, body, .. }
            if ranges::constant_range(start, stop, step).is_none() && unroll::window(start, stop, step, body).is_none() =>
        {
            true
        }
        kind => kind.blocks().into_iter().any(has_long_loop),
    })
}

impl<'a, 'f> Lower<'a, 'f> {
    /// A loop statement, with its note for `f.explain()` open while it is lowered.
    pub(super) fn loop_stmt(&mut self, s: &Stmt) -> R<()> {
        self.open_loop(s.span);
        let result = match &s.kind {
            StmtKind::While { cond, body, orelse } if let Some(p) = self.popcount_plan(cond, body, orelse) => {
                self.popcount(&p, &cond_local_type(cond), s.span);
                Ok(())
            }
            StmtKind::While { cond, body, orelse } => self.versioned_loop(body, &[], |cx| cx.while_loop(cond, body, orelse)),
            // Versioning on index spans (opt/spans) and on lengths (opt/lengths) wraps the whole loop pipeline.
            StmtKind::ForRange { .. } => self.span_versioned(s, |cx| cx.length_versioned(s, |cx| cx.range_loop(s))),
            StmtKind::ForIter { target, iter, body, orelse } if matches!(iter.kind, ExprKind::Call(Callee::Builtin(Builtin::Reversed), ..)) && matches!(iter.ty, Type::List(_)) => {
                self.zip_for(target, iter, body, orelse)
            }
            // Before the others: a view's type is its item's (`for k in d.keys()` of string keys
            // would read as a loop over a string).
            StmtKind::ForIter { target, iter, body, orelse } if is_dict_loop(iter) => self.dict_for(target, iter, body, orelse),
            StmtKind::ForIter { target, iter, body, orelse } if matches!(iter.ty, Type::Iter(_)) => self.iter_for(target, iter, body, orelse),
            StmtKind::ForIter { target, iter, body, orelse } if matches!(iter.ty, Type::List(_)) => self.list_for(target, iter, body, orelse),
            StmtKind::ForIter { target, iter, body, orelse } if iter.ty == Type::Str => self.str_for(target, iter, body, orelse),
            StmtKind::ForIter { target, iter, body, orelse } if matches!(iter.kind, ExprKind::Call(Callee::Builtin(Builtin::Zip | Builtin::Enumerate), ..)) => {
                self.zip_for(target, iter, body, orelse)
            }
            StmtKind::ForIter { target, iter, body, orelse } => {
                let mut targets = Vec::new();
                target.for_each_local(&mut |id| targets.push(id));
                self.versioned_loop(body, &targets, |cx| cx.for_iter(target, iter, body, orelse))
            }
            _ => unreachable!("loop_stmt is called for loops"),
        };
        // The facts of a variable that several loops take in turn held inside this one only.
        if let StmtKind::ForRange { var, .. } = &s.kind {
            if !self.stable[*var as usize] {
                self.facts.remove(var);
                self.below.remove(var);
            }
        }
        self.close_loop();
        result
    }

    /// The loop pipeline of `for var in range(...)`. The passes are tried in this order; the first
    /// three take the whole loop when they apply, the others wrap one another around the loop.
    fn range_loop(&mut self, s: &Stmt) -> R<()> {
        let StmtKind::ForRange { var, start, stop, step, parallel, body, orelse, .. } = &s.kind else {
            unreachable!("range_loop is called for range loops")
        };
        // 1. `prange` under parallel=True: the body is outlined into a worker that the thread pool
        //    runs on chunks of the range (opt/parallel).
        if *parallel && self.opts.parallel {
            self.remark(|_| "parallel: iterations run in chunks on the thread pool".into());
            return self.parallel_for(s);
        }
        // 2. Closed form: a loop that only adds invariant ints to accumulators is not run at all
        //    (opt/closed_form).
        if let Some(a) = self.closed_form_plan(s) {
            self.remark(|_| "closed form: the loop's sums are computed without running it".into());
            return self.closed_form(&a, s.span);
        }
        // 3. Unrolling: a short constant range becomes one copy of the body per value (opt/unroll).
        if let Some(values) = unroll::values(start, stop, step, body) {
            self.remark(|_| format!("unrolled: {} copies of the body, with the variable a constant in each", values.len()));
            return self.unrolled(*var, &values, None, body, orelse);
        }
        if let Some(offsets) = unroll::window(start, stop, step, body) {
            self.remark(|_| format!("unrolled: {} copies of the body, the variable its start plus a constant in each", offsets.len()));
            let (base, _, _) = self.range_operands(start, stop, step)?;
            self.range_var_facts(*var, start, stop, step);
            return self.unrolled(*var, &offsets, Some(base), body, orelse);
        }
        // 4. Vectorisation: an innermost loop of float64 element arithmetic (opt/vectorize) or of
        //    integer sums (opt/int_sums) gets a vector part in front of the scalar loop, emitted by
        //    `for_range`.
        let vector = self.vector_plan(*var, step, body);
        //    A loop that stores an element the next iteration reads carries it in a register
        //    instead (opt/carry).
        let carried = if vector.is_none() { carry::analyze(*var, step, body) } else { None };
        // 5. Versioning: expensive invariant expressions are evaluated once before the loop
        //    (opt/invariants), around
        // 6. unswitching: invariant leading tests of `if … and …` are decided once before an
        //    innermost loop, which is emitted once per outcome (opt/unswitch), around
        // 7. the counted loop itself, whose element addresses are strength-reduced (opt/induction).
        self.versioned_loop(body, &[*var], |cx| {
            cx.unswitched_loop(*var, body, |cx| cx.for_range(*var, start, stop, step, body, orelse, vector.as_ref(), carried.as_ref()))
        })
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// Opens a loop counted by `ctr` that has an `else` clause: gives the counter's value in the
    /// header, where the caller emits the exit test, and the blocks `[header, body, latch, else,
    /// exit]` in that order.
    pub(super) fn counter_header(&mut self, ctr: Variable) -> (Value, [Block; 5]) {
        let blocks = [(); 5].map(|_| self.b.create_block());
        self.b.ins().jump(blocks[0], &[]);
        self.b.switch_to_block(blocks[0]);
        (self.b.use_var(ctr), blocks)
    }

    /// Closes a loop opened by `counter_header`: the latch advances the counter with `advance` and
    /// goes back to the header, the `else` clause runs when the header's test ends the loop.
    pub(super) fn counter_latch(&mut self, ctr: Variable, [header, latch, elseb, exit]: [Block; 4], orelse: &[Stmt], poll: bool, advance: impl FnOnce(&mut Self, Value) -> Value) -> R<()> {
        self.b.switch_to_block(latch);
        if poll {
            self.poll_interrupt();
        }
        let i = self.b.use_var(ctr);
        let next = advance(self, i);
        self.b.def_var(ctr, next);
        self.b.ins().jump(header, &[]);
        self.enter(elseb, true);
        self.block(orelse)?;
        self.jump(exit);
        self.enter(exit, true);
        Ok(())
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// Item `i` (in bounds) of an array: an element of a 1-d array, else the view of the first axis
    /// at `i` (the remaining shape and strides), as `a[i]`.
    pub(super) fn array_item(&mut self, arr: &ArrayVals, at: ArrayType, i: Value) -> (Vals, Type) {
        let off = self.b.ins().imul(i, arr.strides[0]);
        let addr = self.b.ins().iadd(arr.data, off);
        self.array_item_at(arr, at, addr)
    }

    /// `array_item` of the item at `addr`.
    pub(super) fn array_item_at(&mut self, arr: &ArrayVals, at: ArrayType, addr: Value) -> (Vals, Type) {
        if at.ndim == 1 {
            return (self.load_item(addr, at.dtype), at.dtype.item());
        }
        let row = ArrayVals { data: addr, owner: arr.owner, shape: arr.shape[1..].to_vec(), strides: arr.strides[1..].to_vec() };
        let layout = if at.layout == Layout::C { Layout::C } else { Layout::A };
        (row.into_vals(), Type::Array(ArrayType { ndim: at.ndim - 1, layout, ..at }))
    }
}

/// Whether a loop's iterable is a dict or `d.keys()`, `d.values()`, `d.items()`.
fn is_dict_loop(iter: &Expr) -> bool {
    matches!(iter.ty, Type::Dict(..) | Type::Set(_))
        || matches!(&iter.kind, ExprKind::Call(Callee::ListMethod(ListMethod::Keys | ListMethod::Values | ListMethod::Items), args, _) if matches!(args[0].ty, Type::Dict(..)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hasten_typeck::testing::*;

    #[test]
    fn windows_are_short_loops_and_their_bodies_are_searched() {
        let body = |inner: &str| {
            let src = format!("def f(a, n):\n    s = 0.0\n    for i in range(1, n - 1):\n{inner}\n    return s");
            let f = typed(&src, &[f64_1d(), Type::Int]);
            has_long_loop(range_loop(nth_loop(&f, 0)).body)
        };
        assert!(!body("        for k in range(i - 1, i + 2):\n            s += a[k]"), "a window is unrolled");
        assert!(!body("        for k in range(3):\n            s += a[k]"));
        assert!(body("        for k in range(i - 1, i + 2):\n            for l in range(n):\n                s += a[l]"), "a long loop inside a window");
        assert!(body("        for k in range(i - 1, n):\n            s += a[k]"), "not a window");
        assert!(body("        while s < 1.0:\n            s += 0.5"));
        assert!(!body("        for x in a:\n            s += x"), "a loop over an array ends within its axis");
        assert!(body("        for x in a:\n            while s < x:\n                s += 0.5"));
    }

    #[test]
    fn variables_only_loops_take_in_turn_and_decreasing_locals() {
        let src = "def f(a, n):\n    j = n - 1\n    for i in range(n):\n        j -= 1\n    for i in range(2, n):\n        for k in range(n):\n            pass\n        for k in range(3):\n            for k in range(2):\n                pass\n    while j > 0:\n        j = j - 2\n    return j\n";
        let f = typed(src, &[f64_1d(), Type::Int]);
        let only = super::super::facts::loop_only(&f);
        assert!(only[local(&f, "i") as usize], "two loops in turn");
        assert!(!only[local(&f, "k") as usize], "a loop inside another over the same name");
        assert!(!only[local(&f, "j") as usize]);
        let down = super::super::facts::descending(&f, &[]);
        assert!(down.contains_key(&local(&f, "j")), "set once, then `-= 1` and `= j - 2`");
        let up = typed("def f(n):\n    j = n\n    j -= 1\n    j += 1\n    return j\n", &[Type::Int]);
        assert!(super::super::facts::descending(&up, &[]).is_empty(), "an increase");
    }
}

/// The locals assigned inside the loops among `stmts` (nested in other statements too).
fn assigned_in_loops(stmts: &[Stmt], out: &mut Vec<LocalId>) {
    for s in stmts {
        match &s.kind {
            StmtKind::While { .. } | StmtKind::ForRange { .. } | StmtKind::ForIter { .. } => assigned_locals(std::slice::from_ref(s), out),
            kind => kind.blocks().into_iter().for_each(|b| assigned_in_loops(b, out)),
        }
    }
}
