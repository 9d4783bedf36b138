//! Which innermost `range` loops `Lower::vector_loop` runs several iterations at a time in vector
//! registers (`ModuleInfo::vector_lanes` float64 lanes: f64x2 on tier 1, f64x8 on tier 2), and what
//! each iteration reads and writes.
//!
//! A loop qualifies when its step is 1 and every statement of its body stores into one float64
//! element, `a[i0, .., v + c] = value` or `a[i0, .., v + c] op= value`, where `v` is the loop
//! variable, `c` a constant and the leading indices do not change in the loop. The values are `+ - * /`
//! and negation of float64 elements indexed the same way and of loop-invariant scalars. Lanes then
//! compute exactly what the iterations would (IEEE arithmetic per lane, no reassociation), so the
//! results are bit-identical; what can differ is only the order of memory accesses, which
//! `Lower::vector_loop` tests at run time (see `Access`), falling back to the scalar loop.
//! With `fastmath=True` a statement may also be `s += value` (or `-=`) for a float local `s`: each
//! lane then sums its own iterations, which reassociates the additions (the only change of result
//! fastmath brings; products are never fused).

use hasten_ir::hir::*;
use hasten_ir::{Dtype, Span, Type};
use std::collections::HashMap;
use super::*;

/// Offsets `c` in `v + c` stay small so that the bound tests on `start + c` cannot overflow.
const MAX_OFFSET: i64 = 1 << 20;

/// One element access of an iteration: `base[lead.., v + offset]`.
pub(crate) struct Access<'e> {
    pub base: &'e Expr,
    pub lead: &'e [Expr],
    pub offset: i64,
    pub store: bool,
}

/// A statement of the body.
pub(crate) enum Step<'e> {
    /// `element = value`, the element an index into `Plan::accesses`; for `element op= value`, the
    /// operator and the access that reads the element first.
    Store { target: usize, value: &'e Expr, update: Option<(BinOp, usize)> },
    /// `local += value` or `local -= value` (`subtract`) for a float local, under fastmath only:
    /// each lane keeps a partial sum, added to the local after the loop (a reassociation).
    Sum { local: LocalId, value: &'e Expr, subtract: bool },
}

pub(crate) struct Plan<'e> {
    /// Every element access in the order an iteration makes them.
    pub accesses: Vec<Access<'e>>,
    pub steps: Vec<Step<'e>>,
    /// The locals the `Sum` steps accumulate into, each once.
    pub sums: Vec<LocalId>,
    /// The access each element read in a value reads.
    pub loads: HashMap<*const Expr, usize>,
    /// The outermost loop-invariant parts of the values, with the type each is converted to before
    /// it is broadcast to the lanes.
    pub invariants: Vec<(&'e Expr, Type)>,
    /// The loop variable and the sums' locals: the locals whose value changes in the loop.
    varying: Vec<LocalId>,
}

/// Why a loop is not vectorised: the code at `span` and what is wrong with it.
pub(crate) struct Why {
    pub span: Span,
    pub what: &'static str,
}

/// The vector plan of `for var in range(.., .., step): body`, or why there is none. `locals` gives
/// each local's type and whether it may be unbound; `fastmath` allows sums into float locals.
pub(crate) fn plan<'e>(var: LocalId, step: &Expr, body: &'e [Stmt], fastmath: bool, lanes: i64, locals: &[(&Type, bool)]) -> Result<Plan<'e>, Why> {
    if !matches!(step.kind, ExprKind::Const(Const::Int(1))) {
        return Err(Why { span: step.span, what: "is a step other than 1" });
    }
    let mut p = Plan { accesses: Vec::new(), steps: Vec::new(), sums: Vec::new(), loads: HashMap::new(), invariants: Vec::new(), varying: vec![var] };
    for s in body {
        if let StmtKind::AugAssign { target: Target::Local(id, _), .. } = &s.kind {
            if !p.varying.contains(id) {
                p.varying.push(*id);
                p.sums.push(*id);
            }
        }
    }
    for s in body {
        let other = Why { span: s.span, what: "is not an assignment to one float64 element" };
        match &s.kind {
            StmtKind::Assign { targets, value } => {
                let [Target::Index { base, indices, .. }] = targets.as_slice() else { return Err(other) };
                p.value(value, &Type::Scalar(Dtype::F64))?;
                let target = p.access(base, indices, true)?;
                p.steps.push(Step::Store { target, value, update: None });
            }
            StmtKind::AugAssign { target: Target::Index { base, indices, .. }, op, value, plan } => {
                let element = Type::Scalar(Dtype::F64);
                if !arithmetic(*op, plan.as_ref()) {
                    return Err(Why { span: s.span, what: "is not float64 arithmetic" });
                }
                let first = p.access(base, indices, false)?;
                p.value(value, &element)?;
                let target = p.access(base, indices, true)?;
                p.steps.push(Step::Store { target, value, update: Some((*op, first)) });
            }
            StmtKind::AugAssign { target: Target::Local(id, _), op: op @ (BinOp::Add | BinOp::Sub), value, plan } => {
                if !fastmath {
                    return Err(Why { span: s.span, what: "is a sum, which runs in lanes only with fastmath=True (it reassociates the additions)" });
                }
                let (ty, maybe_unbound) = locals[*id as usize];
                let operands = plan.as_ref().map(|p| &p.operands);
                if maybe_unbound || !matches!(ty, Type::Float | Type::Scalar(Dtype::F64)) || !matches!(operands, Some(Type::Float | Type::Scalar(Dtype::F64))) {
                    return Err(Why { span: s.span, what: "is not a sum of float64 values into a float local" });
                }
                p.value(value, operands.expect("checked above"))?;
                p.steps.push(Step::Sum { local: *id, value, subtract: *op == BinOp::Sub });
            }
            _ => return Err(other),
        }
    }
    // Accesses to one row of one array are reordered whenever `Lower::vector_loop`'s run-time test
    // would find them so; saying it here keeps `explain` truthful.
    for (x, a) in p.accesses.iter().enumerate() {
        for b in &p.accesses[x + 1..] {
            let apart = b.offset - a.offset;
            if (a.store || b.store) && 0 < apart && apart < lanes && same(a.base, b.base) && a.lead.iter().zip(b.lead).all(|(x, y)| same(x, y)) {
                return Err(Why { span: a.base.span, what: "carries values from one iteration to the next" });
            }
        }
    }
    Ok(p)
}

/// The element access `base[lead.., v + c]` of an array variable, `v` being `varying[0]`, whose
/// leading indices do not change in the loop (`varying` lists the locals that do); a store needs a
/// writable array.
pub(super) fn element_access<'e>(varying: &[LocalId], base: &'e Expr, indices: &'e [Expr], store: bool) -> Result<Access<'e>, Why> {
    let bad = |what| Err(Why { span: base.span, what });
    let (ExprKind::Local(_), Type::Array(at)) = (&base.kind, &base.ty) else { return bad("is not an array variable") };
    if store && at.readonly {
        return bad("is read-only");
    }
    let Some((last, lead)) = indices.split_last() else { return bad("is not indexed") };
    if indices.len() != at.ndim as usize || indices.iter().any(|i| matches!(i.kind, ExprKind::Slice(..))) {
        return bad("is indexed by a slice or too few indices");
    }
    let Some(offset) = offset_from(last, varying[0]) else {
        return Err(Why { span: last.span, what: "is not the loop variable plus a constant" });
    };
    if let Some(i) = lead.iter().find(|i| !invariant(i, varying) || !i.ty.is_intlike()) {
        return Err(Why { span: i.span, what: "changes in the loop" });
    }
    Ok(Access { base, lead, offset, store })
}

/// Whether two invariant expressions are written alike (and so have equal values).
pub(super) fn same(a: &Expr, b: &Expr) -> bool {
    match (&a.kind, &b.kind) {
        (ExprKind::Const(x), ExprKind::Const(y)) => x == y,
        (ExprKind::Local(x), ExprKind::Local(y)) => x == y,
        (ExprKind::Binary(o, l, r), ExprKind::Binary(p, m, s)) => o == p && same(l, m) && same(r, s),
        (ExprKind::Unary(o, x), ExprKind::Unary(p, y)) => o == p && same(x, y),
        _ => false,
    }
}

impl<'e> Plan<'e> {
    /// Records the element access `base[indices]`, which must be a float64 element whose last index
    /// is `var + c` and whose other indices are invariant.
    fn access(&mut self, base: &'e Expr, indices: &'e [Expr], store: bool) -> Result<usize, Why> {
        let bad = |what| Err(Why { span: base.span, what });
        let (ExprKind::Local(_), Type::Array(at)) = (&base.kind, &base.ty) else {
            return bad("is not a float64 array variable");
        };
        if at.dtype != Dtype::F64 {
            return bad("is not a float64 array");
        }
        self.accesses.push(element_access(&self.varying, base, indices, store)?);
        Ok(self.accesses.len() - 1)
    }

    /// Checks that `e` is computed lane by lane, recording its element reads and its invariant
    /// parts (converted to `to`, the type its consumer computes in).
    fn value(&mut self, e: &'e Expr, to: &Type) -> Result<(), Why> {
        if invariant(e, &self.varying) && e.ty.is_numeric_scalar() {
            self.invariants.push((e, to.clone()));
            return Ok(());
        }
        let f64 = Type::Scalar(Dtype::F64);
        match &e.kind {
            ExprKind::Index(base, indices) if e.ty == f64 => {
                let k = self.access(base, indices, false)?;
                self.loads.insert(e as *const Expr, k);
                Ok(())
            }
            ExprKind::Binary(op, l, r) if arithmetic(*op, Some(e.binary_plan())) => {
                self.value(l, &f64)?;
                self.value(r, &f64)
            }
            ExprKind::Unary(UnaryOp::Neg | UnaryOp::Pos, x) if x.ty == f64 => self.value(x, &f64),
            _ => Err(Why { span: e.span, what: "is not float64 arithmetic on elements" }),
        }
    }
}

/// `+ - * /` that the type checker planned in float64 (NumPy's rules: no ZeroDivisionError).
fn arithmetic(op: BinOp, plan: Option<&BinaryPlan>) -> bool {
    matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div)
        && plan.is_some_and(|p| p.operands == Type::Scalar(Dtype::F64))
}

/// `c` when `e` is `var`, `var + c`, `c + var` or `var - c`.
pub(super) fn offset_from(e: &Expr, var: LocalId) -> Option<i64> {
    let is_var = |x: &Expr| matches!(x.kind, ExprKind::Local(id) if id == var);
    let c = match &e.kind {
        _ if is_var(e) => 0,
        ExprKind::Binary(BinOp::Add, l, r) => match (&l.kind, &r.kind) {
            (_, ExprKind::Const(Const::Int(c))) if is_var(l) => *c,
            (ExprKind::Const(Const::Int(c)), _) if is_var(r) => *c,
            _ => return None,
        },
        ExprKind::Binary(BinOp::Sub, l, r) => match &r.kind {
            ExprKind::Const(Const::Int(c)) if is_var(l) => c.checked_neg()?,
            _ => return None,
        },
        _ => return None,
    };
    (c.abs() <= MAX_OFFSET).then_some(c)
}

/// Whether `e` has the same value in every iteration and can be evaluated once before the loop
/// without effects (it may raise; the vector loop's preparation is speculative). The body assigns
/// only elements and the `varying` locals.
pub(super) fn invariant(e: &Expr, varying: &[LocalId]) -> bool {
    let inv = |x: &Expr| invariant(x, varying);
    match &e.kind {
        ExprKind::Const(c) => matches!(c, Const::Int(_) | Const::Float(_) | Const::Bool(_)),
        ExprKind::Local(id) => !varying.contains(id),
        ExprKind::Binary(_, l, r) => inv(l) && inv(r),
        ExprKind::Unary(_, x) => inv(x),
        ExprKind::Attr(base, Attr::Shape | Attr::Ndim | Attr::Size | Attr::Itemsize | Attr::Nbytes | Attr::Strides) => inv(base),
        ExprKind::Index(base, indices) => matches!(base.ty, Type::Tuple(_)) && inv(base) && indices.iter().all(inv),
        ExprKind::Call(Callee::Math(_), args, _) => args.iter().all(inv),
        _ => false,
    }
}

// ---- emission --------------------------------------------------------------------------------
// The vector part of an innermost `range` loop (see `crate::vectorize`): `lanes` iterations per
// trip in one vector register, before the scalar loop that runs the rest. Sums (fastmath only) keep a
// partial sum per lane, added to their local once the vector loop ends.
//
// A preparation block decides once per loop entry whether the vector loop may run: at least `lanes`
// iterations, every leading index in bounds, every last-axis index `v + c` in bounds and
// nonnegative over the iterations it covers, unit stride, the invariant values computable, and no
// two accesses ordered differently by running lanes together (see `overlaps`). It is speculative:
// any failing test sends the whole loop to the scalar code, which raises where CPython would.


const ITEM: i64 = 8;

impl<'a, 'f> Lower<'a, 'f> {
    fn vector_type(&self) -> ir::Type {
        types::F64.by(self.info.vector_lanes as u32).expect("a power of two lanes")
    }

    /// Emits the vector loop for `for var in range(start, stop)` and returns the value of the loop
    /// variable at which the scalar loop goes on: `start` when the vector loop did not run.
    pub(in crate::lower) fn vector_loop(&mut self, var: LocalId, plan: &Plan, start: Value, stop: Value) -> R<Value> {
        let (lanes, vty) = (self.info.vector_lanes, self.vector_type());
        // Tier 1 runs two vectors a trip: the loop's own instructions are half as many per element.
        // (The two run one after the other, so memory sees the iterations' order as with one.)
        let copies = if lanes == 2 { 2 } else { 1 };
        let (count, from, scalar) = self.vector_entry(start, stop, copies * lanes);
        let (prepared, _) = self.speculate(scalar, |cx| cx.prepare_vector(plan, start, count))?;
        let (rows, splats) = prepared;

        let end = self.b.ins().iadd(start, count);
        // -0.0 is the identity of addition, signed zeros included.
        let identity = self.b.ins().f64const(-0.0);
        let identity = self.b.ins().splat(vty, identity);
        let partials: HashMap<LocalId, Variable> = plan
            .sums
            .iter()
            .map(|id| {
                let v = self.temp_var(vty);
                self.b.def_var(v, identity);
                (*id, v)
            })
            .collect();
        self.stepped_loop(start, end, copies * lanes, |cx, i, _| {
            let offset = cx.b.ins().imul_imm_s(i, ITEM);
            let firsts: Vec<Value> = rows.iter().map(|r| cx.b.ins().iadd(*r, offset)).collect();
            for copy in 0..copies {
                let addrs: Vec<Value> = firsts.iter().map(|a| cx.b.ins().iadd_imm_s(*a, copy * lanes * ITEM)).collect();
                cx.vector_steps(plan, &addrs, &splats, &partials);
            }
            Ok(())
        })?;
        for id in &plan.sums {
            let acc = self.b.use_var(partials[id]);
            let mut total = self.b.ins().extractlane(acc, 0);
            for lane in 1..lanes {
                let l = self.b.ins().extractlane(acc, lane as u8);
                total = self.b.ins().fadd(total, l);
            }
            let ty = self.locals[*id as usize].ty.clone();
            let cur = self.read_local(*id, Span::default())[0];
            let new = self.b.ins().fadd(cur, total);
            self.assign_local(*id, vec![new], &ty);
        }
        Ok(self.vector_exit(var, end, from, scalar))
    }

    /// The entry of a vector part that runs `per_trip` iterations a trip (a power of two): the
    /// number of iterations it covers, the variable holding where the scalar loop goes on (its
    /// start until the vector part ends) and the scalar loop's block, which the emission now in
    /// the preparation block (reached when `count` is positive) jumps to when it gives up.
    pub(in crate::lower) fn vector_entry(&mut self, start: Value, stop: Value, per_trip: i64) -> (Value, Variable, Block) {
        let one = self.iconst(types::I64, 1);
        let n = self.range_length(start, stop, one);
        let count = self.b.ins().band_imm_s(n, !(per_trip - 1));
        let from = self.temp_var(types::I64);
        self.b.def_var(from, start);
        let (prepare, scalar) = (self.b.create_block(), self.b.create_block());
        let enough = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, count, 0);
        self.b.ins().brif(enough, prepare, &[], scalar, &[]);
        self.b.switch_to_block(prepare);
        (count, from, scalar)
    }

    /// The end of a vector part that stopped at `end`: the loop variable gets its last value and
    /// the scalar loop goes on from `end`; returns where it starts.
    pub(in crate::lower) fn vector_exit(&mut self, var: LocalId, end: Value, from: Variable, scalar: Block) -> Value {
        let last = self.b.ins().iadd_imm_s(end, -1);
        self.assign_local(var, vec![last], &Type::Int);
        self.b.def_var(from, end);
        self.b.ins().jump(scalar, &[]);
        self.b.switch_to_block(scalar);
        self.b.use_var(from)
    }

    /// One vector's worth of iterations: each step of the plan on the elements at `addrs`.
    fn vector_steps(&mut self, plan: &Plan, addrs: &[Value], splats: &HashMap<*const Expr, Value>, partials: &HashMap<LocalId, Variable>) {
        let (vty, flags) = (self.vector_type(), MemFlagsData::new().with_notrap());
        for step in &plan.steps {
            match *step {
                Step::Store { target, value, update } => {
                    let mut v = self.lanes(value, plan, addrs, splats);
                    if let Some((op, first)) = update {
                        let cur = self.b.ins().load(vty, flags, addrs[first], 0);
                        v = self.lane_op(op, cur, v);
                    }
                    self.b.ins().store(flags, v, addrs[target], 0);
                }
                Step::Sum { local, value, subtract } => {
                    let v = self.lanes(value, plan, addrs, splats);
                    let acc = self.b.use_var(partials[&local]);
                    let acc = self.lane_op(if subtract { BinOp::Sub } else { BinOp::Add }, acc, v);
                    self.b.def_var(partials[&local], acc);
                }
            }
        }
    }

    /// The tests before the vector loop, and what it needs: for each access the address of the
    /// element `v = 0` would reach (rows of the leading indices, offset by `c`), and the invariant
    /// values broadcast to the lanes.
    fn prepare_vector(&mut self, plan: &Plan, start: Value, count: Value) -> R<(Vals, HashMap<*const Expr, Value>)> {
        let last = self.b.ins().iadd(start, count);
        let last = self.b.ins().iadd_imm_s(last, -1);
        let mut rows = Vec::new();
        let mut firsts = Vec::new();
        for a in &plan.accesses {
            let (row, first) = self.access_row(a, start, last, ITEM)?;
            rows.push(row);
            firsts.push(first);
        }
        for (x, a) in plan.accesses.iter().enumerate() {
            for (y, b) in plan.accesses.iter().enumerate().skip(x + 1) {
                if a.store || b.store {
                    let clash = self.overlaps(firsts[x], firsts[y]);
                    self.bail_if(clash);
                }
            }
        }
        let mut splats = HashMap::new();
        for (e, to) in &plan.invariants {
            let v = self.expr(e)?;
            let v = self.convert(v[0], &e.ty, to);
            let vty = self.vector_type();
            splats.insert(*e as *const Expr, self.b.ins().splat(vty, v));
        }
        Ok((rows, splats))
    }

    /// For an access `base[lead.., v + c]` of `item`-byte elements made by the iterations `start`
    /// to `last`: the address `v = 0` would reach (rows of the leading indices, offset by `c`) and
    /// that of the first iteration's element, after testing (speculatively) that the leading
    /// indices are in bounds, the last axis has unit stride, and `v + c` stays within it.
    pub(in crate::lower) fn access_row(&mut self, a: &Access, start: Value, last: Value, item: i64) -> R<(Value, Value)> {
        let arr = ArrayVals::from_vals(&self.expr(a.base)?);
        let Type::Array(at) = &a.base.ty else { unreachable!("the plan accesses arrays") };
        let nd = at.ndim as usize;
        let mut row = arr.data;
        for (k, idx) in a.lead.iter().enumerate() {
            let i = self.int_operand(idx)?;
            let (i, _) = self.checked_index(a.base, k, idx, i, arr.shape[k]);
            let off = self.b.ins().imul(i, arr.strides[k]);
            row = self.b.ins().iadd(row, off);
        }
        let unit = matches!(at.layout, Layout::C) || (nd == 1 && matches!(at.layout, Layout::F));
        if !unit {
            let strided = self.b.ins().icmp_imm_s(IntCC::NotEqual, arr.strides[nd - 1], item);
            self.bail_if(strided);
        }
        // `start + c >= 0` and `last + c < len`, written so that neither side can overflow.
        let len = arr.shape[nd - 1];
        let below = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, start, -a.offset);
        let limit = self.b.ins().iadd_imm_s(len, -a.offset);
        let beyond = self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, last, limit);
        let out = self.b.ins().bor(below, beyond);
        self.bail_if(out);
        let row = self.b.ins().iadd_imm_s(row, a.offset * item);
        let first = self.b.ins().imul_imm_s(start, item);
        Ok((row, self.b.ins().iadd(row, first)))
    }

    /// Whether running lanes together reorders an access at `first` (in an iteration's order) and
    /// a later one at `second`, both stepping one element per iteration: the later access of
    /// iteration `k` and the earlier one of iteration `k + j` (`0 < j < lanes`) run in the other
    /// order, and they touch common bytes exactly when `0 < second - first < lanes * ITEM`.
    fn overlaps(&mut self, first: Value, second: Value) -> Value {
        let d = self.b.ins().isub(second, first);
        let d = self.b.ins().iadd_imm_s(d, -1);
        self.b.ins().icmp_imm_u(IntCC::UnsignedLessThan, d, self.info.vector_lanes * ITEM - 1)
    }

    /// Leaves the preparation for the scalar loop when `cond` holds (the preparation runs under
    /// `speculate`, whose error target is the scalar loop).
    pub(in crate::lower) fn bail_if(&mut self, cond: Value) {
        debug_assert!(self.error_target.is_some(), "the vector preparation is speculative");
        let (to, cont) = (self.error_exit(), self.b.create_block());
        self.b.ins().brif(cond, to, &[], cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// The lanes of a value of the plan.
    fn lanes(&mut self, e: &Expr, plan: &Plan, addrs: &[Value], splats: &HashMap<*const Expr, Value>) -> Value {
        if let Some(v) = splats.get(&(e as *const Expr)) {
            return *v;
        }
        match &e.kind {
            ExprKind::Index(..) => {
                let addr = addrs[plan.loads[&(e as *const Expr)]];
                let vty = self.vector_type();
                self.b.ins().load(vty, MemFlagsData::new().with_notrap(), addr, 0)
            }
            ExprKind::Binary(op, l, r) => {
                let a = self.lanes(l, plan, addrs, splats);
                let b = self.lanes(r, plan, addrs, splats);
                self.lane_op(*op, a, b)
            }
            ExprKind::Unary(UnaryOp::Neg, x) => {
                let v = self.lanes(x, plan, addrs, splats);
                self.b.ins().fneg(v)
            }
            ExprKind::Unary(UnaryOp::Pos, x) => self.lanes(x, plan, addrs, splats),
            _ => unreachable!("the plan admits element arithmetic only"),
        }
    }

    fn lane_op(&mut self, op: BinOp, a: Value, b: Value) -> Value {
        match op {
            BinOp::Add => self.b.ins().fadd(a, b),
            BinOp::Sub => self.b.ins().fsub(a, b),
            BinOp::Mul => self.b.ins().fmul(a, b),
            BinOp::Div => self.b.ins().fdiv(a, b),
            _ => unreachable!("the plan admits + - * / only"),
        }
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// The vector plan of an innermost range loop, with its remark for `f.explain()`: what is
    /// vectorised, or the construct that prevents it. Loops that contain loops are not considered.
    /// A body of integer sums has a plan of its own on tier 1 (`int_sums`).
    pub(in crate::lower) fn vector_plan<'s>(&mut self, var: LocalId, step: &'s Expr, body: &'s [Stmt]) -> Option<Lanes<'s>> {
        if unswitch::contains_loop(body) {
            return None;
        }
        let locals: Vec<(&Type, bool)> = self.locals.iter().map(|l| (&l.ty, l.defined.is_some())).collect();
        let why = match plan(var, step, body, self.opts.fastmath, self.info.vector_lanes, &locals) {
            Ok(p) => {
                self.remark(|cx| {
                    let lanes = cx.info.vector_lanes;
                    let mut text = format!("vectorised: {lanes} iterations at a time in f64x{lanes} registers, the rest and overlapping arrays in the scalar loop");
                    for id in &p.sums {
                        text += &format!("; `{}` summed in {lanes} partial sums (fastmath=True reassociates)", cx.locals[*id as usize].name);
                    }
                    text
                });
                return Some(Lanes::Float(p));
            }
            Err(why) => why,
        };
        // Tier 2 leaves integer sums to LLVM's vectoriser, which widens them to its full width.
        let sums = if self.info.vector_lanes == 2 { int_sums::plan(var, step, body, &locals) } else { Err(None) };
        match sums {
            Ok(p) => {
                let (per_trip, width) = (128 / (p.element.itemsize() * 8), int_sums::width(&p.local));
                self.remark(|_| format!("vectorised: {per_trip} iterations at a time, summed exactly in i{width}x{} registers, the rest in the scalar loop", 128 / width));
                Some(Lanes::Sums(p))
            }
            Err(other) => {
                let why = other.unwrap_or(why);
                self.remark(|cx| format!("not vectorised: `{}` {}", cx.text(why.span), why.what));
                None
            }
        }
    }
}

/// How an innermost loop runs in vector lanes.
pub(crate) enum Lanes<'e> {
    /// Float64 element arithmetic (this module).
    Float(Plan<'e>),
    /// Integer sums and counts (`int_sums`).
    Sums(int_sums::SumPlan<'e>),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(kind: ExprKind) -> Expr {
        Expr { kind, span: Span::default(), ty: Type::Int, plan: hasten_ir::hir::Plan::None }
    }

    fn bin(op: BinOp, l: Expr, r: Expr) -> Expr {
        e(ExprKind::Binary(op, Box::new(l), Box::new(r)))
    }

    #[test]
    fn last_index_forms() {
        let v = || e(ExprKind::Local(3));
        let c = |k| e(ExprKind::Const(Const::Int(k)));
        assert_eq!(offset_from(&v(), 3), Some(0));
        assert_eq!(offset_from(&bin(BinOp::Add, v(), c(2)), 3), Some(2));
        assert_eq!(offset_from(&bin(BinOp::Add, c(-1), v()), 3), Some(-1));
        assert_eq!(offset_from(&bin(BinOp::Sub, v(), c(4)), 3), Some(-4));
        assert_eq!(offset_from(&bin(BinOp::Sub, c(4), v()), 3), None);
        assert_eq!(offset_from(&bin(BinOp::Mul, v(), c(1)), 3), None);
        assert_eq!(offset_from(&e(ExprKind::Local(2)), 3), None);
        assert_eq!(offset_from(&bin(BinOp::Sub, v(), c(i64::MIN)), 3), None);
        assert_eq!(offset_from(&bin(BinOp::Add, v(), c(MAX_OFFSET + 1)), 3), None);
    }

    /// What a plan holds, in words: `load a+0`, `store out[r]-1`; `store #2`, `store #2 Add= #0`,
    /// `sum s`, `sum -s`; the sums; the invariants' text.
    #[derive(Debug, PartialEq)]
    struct Shown {
        accesses: Vec<String>,
        steps: Vec<String>,
        sums: Vec<String>,
        invariants: Vec<String>,
        loads: usize,
    }

    fn show(p: &Plan, f: &Function, src: &str) -> Shown {
        let text = |s: Span| hasten_typeck::testing::text(src, s).to_string();
        let accesses = p
            .accesses
            .iter()
            .map(|a| {
                let lead: Vec<String> = a.lead.iter().map(|i| text(i.span)).collect();
                let lead = if lead.is_empty() { String::new() } else { format!("[{}]", lead.join(", ")) };
                format!("{} {}{lead}{:+}", if a.store { "store" } else { "load" }, text(a.base.span), a.offset)
            })
            .collect();
        let name = |id: LocalId| f.locals[id as usize].name.clone();
        let steps = p
            .steps
            .iter()
            .map(|s| match s {
                Step::Store { target, update: None, .. } => format!("store #{target}"),
                Step::Store { target, update: Some((op, first)), .. } => format!("store #{target} {op:?}= #{first}"),
                Step::Sum { local, subtract, .. } => format!("sum {}{}", if *subtract { "-" } else { "" }, name(*local)),
            })
            .collect();
        Shown {
            accesses,
            steps,
            sums: p.sums.iter().map(|id| name(*id)).collect(),
            invariants: p.invariants.iter().map(|(e, _)| text(e.span)).collect(),
            loads: p.loads.len(),
        }
    }

    /// The plan of the first loop of `src`, or why there is none: the text at the span and the reason.
    fn planned(src: &str, args: &[Type], fastmath: bool) -> Result<Shown, (String, &'static str)> {
        let f = hasten_typeck::testing::typed(src, args);
        let l = hasten_typeck::testing::range_loop(hasten_typeck::testing::nth_loop(&f, 0));
        let locals: Vec<(&Type, bool)> = f.locals.iter().enumerate().map(|(i, l)| (&l.ty, l.maybe_unbound && i >= f.params.len())).collect();
        match plan(l.var, l.step, l.body, fastmath, 2, &locals) {
            Ok(p) => Ok(show(&p, &f, src)),
            Err(why) => Err((hasten_typeck::testing::text(src, why.span).to_string(), why.what)),
        }
    }

    /// `for i in range(n): body` in `def f(a, b, c, x, n)` on 1-D float64 arrays.
    fn body(body: &str, fastmath: bool) -> Result<Shown, (String, &'static str)> {
        let src = format!("def f(a, b, c, x, n):\n    s = 0.0\n    for i in range(n):\n{body}\n    return s");
        let v = hasten_typeck::testing::f64_1d();
        planned(&src, &[v.clone(), v.clone(), v, Type::Float, Type::Int], fastmath)
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    const CARRIES: &str = "carries values from one iteration to the next";

    #[test]
    fn element_arithmetic_with_invariants_is_planned() {
        let p = body("        c[i] = a[i] * x + b[i + 1]\n        c[i + 2] = -a[i] / 2.0", false).unwrap_or_else(|w| panic!("{w:?}"));
        assert_eq!(
            p,
            Shown {
                accesses: strings(&["load a+0", "load b+1", "store c+0", "load a+0", "store c+2"]),
                steps: strings(&["store #2", "store #4"]),
                sums: vec![],
                invariants: strings(&["x", "2.0"]),
                loads: 3,
            }
        );
    }

    #[test]
    fn updates_and_invariant_leading_indices_are_planned() {
        let src = "def f(out, a, r, n):\n    for i in range(n):\n        out[r, i] += a[i - 1] * 2.0\n    return out";
        let p = planned(src, &[hasten_typeck::testing::f64_2d(), hasten_typeck::testing::f64_1d(), Type::Int, Type::Int], false).unwrap_or_else(|w| panic!("{w:?}"));
        assert_eq!(p.accesses, strings(&["load out[r]+0", "load a-1", "store out[r]+0"]));
        assert_eq!(p.steps, strings(&["store #2 Add= #0"]));
        let lead = "def f(out, a, n):\n    for i in range(n):\n        out[i, i] = a[i]\n    return out";
        assert_eq!(planned(lead, &[hasten_typeck::testing::f64_2d(), hasten_typeck::testing::f64_1d(), Type::Int], false).err(), Some(("i".into(), "changes in the loop")));
    }

    #[test]
    fn recurrences_are_refused_at_the_earlier_access() {
        let src = "def f(a, n):\n    for i in range(1, n):\n        a[i] = a[i - 1] * 0.5\n    return a";
        let f = hasten_typeck::testing::typed(src, &[hasten_typeck::testing::f64_1d(), Type::Int]);
        let l = hasten_typeck::testing::range_loop(hasten_typeck::testing::nth_loop(&f, 0));
        let locals: Vec<(&Type, bool)> = f.locals.iter().map(|l| (&l.ty, false)).collect();
        let Err(why) = plan(l.var, l.step, l.body, false, 2, &locals) else { panic!("a recurrence was vectorised") };
        assert_eq!(why.what, CARRIES);
        assert_eq!(why.span.start as usize, src.find("a[i - 1]").unwrap(), "the caret is on the read of the previous element");
        assert_eq!(body("        a[i] += a[i - 1]", false).err(), Some(("a".into(), CARRIES)));
        assert_eq!(body("        a[i + 1] = a[i] + x", false).err(), Some(("a".into(), CARRIES)));
    }

    #[test]
    fn reads_ahead_and_distances_of_a_whole_vector_are_not_recurrences() {
        // Lanes read a[i + 1] before any lane stores it, as the iterations do.
        assert!(body("        a[i] = a[i + 1] * 0.5", false).is_ok());
        // Two elements back is a whole f64x2 register back: computed by the previous vector iteration.
        assert!(body("        a[i] = a[i - 2] * 0.5", false).is_ok());
        // Different arrays are tested at run time, not refused.
        assert!(body("        b[i] = a[i - 1] * 0.5", false).is_ok());
    }

    #[test]
    fn only_float64_elements_are_planned() {
        let ints = Type::array(Dtype::I64, 1);
        let src = "def f(a, b, c, n):\n    for i in range(n):\n        c[i] = a[i] + b[i]\n    return c";
        assert_eq!(planned(src, &[ints.clone(), ints.clone(), ints.clone(), Type::Int], false).err(), Some(("a[i] + b[i]".into(), "is not float64 arithmetic on elements")));
        let store = "def f(a, c, n):\n    for i in range(n):\n        c[i] = 1.0\n    return c";
        assert_eq!(planned(store, &[hasten_typeck::testing::f64_1d(), ints, Type::Int], false).err(), Some(("c".into(), "is not a float64 array")));
        let singles = Type::array(Dtype::F32, 1);
        let copy = "def f(a, c, n):\n    for i in range(n):\n        c[i] = a[i]\n    return c";
        assert_eq!(planned(copy, &[singles.clone(), singles, Type::Int], false).err(), Some(("a[i]".into(), "is not float64 arithmetic on elements")));
        assert_eq!(body("        c[i] = a[i] ** 2.0", false).err(), Some(("a[i] ** 2.0".into(), "is not float64 arithmetic on elements")));
    }

    #[test]
    fn only_unit_steps_are_planned() {
        let src = |range: &str| format!("def f(a, n):\n    for i in {range}:\n        a[i] = 1.0\n    return a");
        let args = [hasten_typeck::testing::f64_1d(), Type::Int];
        assert_eq!(planned(&src("range(0, n, 2)"), &args, false).err(), Some(("2".into(), "is a step other than 1")));
        assert_eq!(planned(&src("range(n, 0, -1)"), &args, false).err(), Some(("-1".into(), "is a step other than 1")));
        assert!(planned(&src("range(2, n, 1)"), &args, false).is_ok());
    }

    #[test]
    fn sums_run_in_lanes_only_with_fastmath() {
        let sum = "        s += a[i] * b[i]\n        s -= x";
        assert_eq!(
            body(sum, false).err(),
            Some(("s += a[i] * b[i]".into(), "is a sum, which runs in lanes only with fastmath=True (it reassociates the additions)"))
        );
        let p = body(sum, true).unwrap_or_else(|w| panic!("{w:?}"));
        assert_eq!((p.steps, p.sums), (strings(&["sum s", "sum -s"]), strings(&["s"])));
    }

    #[test]
    fn sums_need_a_float64_local_that_is_bound() {
        let unbound = "def f(a, n, c):\n    if c:\n        s = 0.0\n    for i in range(n):\n        s += a[i]\n    return s";
        let args = [hasten_typeck::testing::f64_1d(), Type::Int, Type::Bool];
        assert_eq!(planned(unbound, &args, true).err(), Some(("s += a[i]".into(), "is not a sum of float64 values into a float local")));
        let single = "def f(a, n):\n    s = np.float32(0.0)\n    for i in range(n):\n        s += a[i]\n    return s";
        let args = [Type::array(Dtype::F32, 1), Type::Int];
        assert_eq!(planned(single, &args, true).err(), Some(("s += a[i]".into(), "is not a sum of float64 values into a float local")));
    }

    #[test]
    fn other_statements_and_indices_are_refused_with_their_span() {
        let other = "is not an assignment to one float64 element";
        assert_eq!(body("        t = a[i]\n        c[i] = t", false).err(), Some(("t = a[i]".into(), other)));
        assert_eq!(body("        if x > 0.0:\n            c[i] = x", false).err(), Some(("if x > 0.0:\n            c[i] = x".into(), other)));
        assert_eq!(body("        c[2 * i] = x", false).err(), Some(("2 * i".into(), "is not the loop variable plus a constant")));
        assert_eq!(body("        c[n - i] = x", false).err(), Some(("n - i".into(), "is not the loop variable plus a constant")));
        let readonly = Type::Array(hasten_ir::ArrayType { dtype: Dtype::F64, ndim: 1, layout: hasten_ir::Layout::C, readonly: true });
        let src = "def f(a, b, n):\n    for i in range(n):\n        b[i] = a[i]\n        a[i] = 0.0\n    return b";
        assert_eq!(planned(src, &[readonly, hasten_typeck::testing::f64_1d(), Type::Int], false).err(), Some(("a".into(), "is read-only")));
    }
}
