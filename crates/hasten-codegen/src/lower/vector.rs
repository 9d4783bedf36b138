//! The vector part of an innermost `range` loop (see `crate::vectorize`): `LANES` iterations per
//! trip in f64x2 registers, before the scalar loop that runs the rest. Sums (fastmath only) keep a
//! partial sum per lane, added to their local once the vector loop ends.
//!
//! A preparation block decides once per loop entry whether the vector loop may run: at least `LANES`
//! iterations, every leading index in bounds, every last-axis index `v + c` in bounds and
//! nonnegative over the iterations it covers, unit stride, the invariant values computable, and no
//! two accesses ordered differently by running lanes together (see `overlaps`). It is speculative:
//! any failing test sends the whole loop to the scalar code, which raises where CPython would.

use super::*;
use crate::vectorize::{Plan, Step, LANES};

const F64X2: ir::Type = types::F64X2;
const ITEM: i64 = 8;

impl<'a, 'f> Lower<'a, 'f> {
    /// Emits the vector loop for `for var in range(start, stop)` and returns the value of the loop
    /// variable at which the scalar loop goes on: `start` when the vector loop did not run.
    pub(super) fn vector_loop(&mut self, var: LocalId, plan: &Plan, start: Value, stop: Value) -> R<Value> {
        let one = self.iconst(types::I64, 1);
        let n = self.range_length(start, stop, one);
        let count = self.b.ins().band_imm_s(n, !(LANES - 1));
        let from = self.b.declare_var(types::I64);
        self.b.def_var(from, start);
        let (prepare, scalar) = (self.b.create_block(), self.b.create_block());
        let enough = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, count, 0);
        self.b.ins().brif(enough, prepare, &[], scalar, &[]);
        self.b.switch_to_block(prepare);
        let (prepared, _) = self.speculate(scalar, |cx| cx.prepare_vector(plan, start, count))?;
        let (rows, splats) = prepared;

        let end = self.b.ins().iadd(start, count);
        // -0.0 is the identity of addition, signed zeros included.
        let identity = self.b.ins().f64const(-0.0);
        let identity = self.b.ins().splat(F64X2, identity);
        let partials: HashMap<LocalId, Variable> = plan
            .sums
            .iter()
            .map(|id| {
                let v = self.b.declare_var(F64X2);
                self.b.def_var(v, identity);
                (*id, v)
            })
            .collect();
        self.stepped_loop(start, end, LANES, |cx, i, _| {
            let offset = cx.b.ins().imul_imm_s(i, ITEM);
            let addrs: Vec<Value> = rows.iter().map(|r| cx.b.ins().iadd(*r, offset)).collect();
            let flags = MemFlagsData::new().with_notrap();
            for step in &plan.steps {
                match *step {
                    Step::Store { target, value, update } => {
                        let mut v = cx.lanes(value, plan, &addrs, &splats);
                        if let Some((op, first)) = update {
                            let cur = cx.b.ins().load(F64X2, flags, addrs[first], 0);
                            v = cx.lane_op(op, cur, v);
                        }
                        cx.b.ins().store(flags, v, addrs[target], 0);
                    }
                    Step::Sum { local, value, subtract } => {
                        let v = cx.lanes(value, plan, &addrs, &splats);
                        let acc = cx.b.use_var(partials[&local]);
                        let acc = cx.lane_op(if subtract { BinOp::Sub } else { BinOp::Add }, acc, v);
                        cx.b.def_var(partials[&local], acc);
                    }
                }
            }
            Ok(())
        })?;
        for id in &plan.sums {
            let acc = self.b.use_var(partials[id]);
            let (l0, l1) = (self.b.ins().extractlane(acc, 0), self.b.ins().extractlane(acc, 1));
            let total = self.b.ins().fadd(l0, l1);
            let ty = self.locals[*id as usize].ty.clone();
            let cur = self.read_local(*id, Span::default())[0];
            let new = self.b.ins().fadd(cur, total);
            self.assign_local(*id, vec![new], &ty);
        }
        let last = self.b.ins().iadd_imm_s(end, -1);
        self.assign_local(var, vec![last], &Type::Int);
        self.b.def_var(from, end);
        self.b.ins().jump(scalar, &[]);
        self.b.switch_to_block(scalar);
        Ok(self.b.use_var(from))
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
            let arr = self.expr(a.base)?;
            let Type::Array(at) = a.base.ty else { unreachable!("the plan accesses arrays") };
            let nd = at.ndim as usize;
            let mut row = arr[0];
            for (k, idx) in a.lead.iter().enumerate() {
                let (i, _) = self.checked_index(a.base, k, idx, arr[2 + k])?;
                let off = self.b.ins().imul(i, arr[2 + nd + k]);
                row = self.b.ins().iadd(row, off);
            }
            let unit = matches!(at.layout, Layout::C) || (nd == 1 && matches!(at.layout, Layout::F));
            if !unit {
                let strided = self.b.ins().icmp_imm_s(IntCC::NotEqual, arr[2 * nd + 1], ITEM);
                self.bail_if(strided);
            }
            // `start + c >= 0` and `last + c < len`, written so that neither side can overflow.
            let len = arr[1 + nd];
            let below = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, start, -a.offset);
            let limit = self.b.ins().iadd_imm_s(len, -a.offset);
            let beyond = self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, last, limit);
            let out = self.b.ins().bor(below, beyond);
            self.bail_if(out);
            let row = self.b.ins().iadd_imm_s(row, a.offset * ITEM);
            let first = self.b.ins().imul_imm_s(start, ITEM);
            firsts.push(self.b.ins().iadd(row, first));
            rows.push(row);
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
            splats.insert(*e as *const Expr, self.b.ins().splat(F64X2, v));
        }
        Ok((rows, splats))
    }

    /// Whether running lanes together reorders an access at `first` (in an iteration's order) and
    /// a later one at `second`, both stepping one element per iteration: the later access of
    /// iteration `k` and the earlier one of iteration `k + j` (`0 < j < LANES`) run in the other
    /// order, and they touch common bytes exactly when `0 < second - first < LANES * ITEM`.
    fn overlaps(&mut self, first: Value, second: Value) -> Value {
        let d = self.b.ins().isub(second, first);
        let d = self.b.ins().iadd_imm_s(d, -1);
        self.b.ins().icmp_imm_u(IntCC::UnsignedLessThan, d, LANES * ITEM - 1)
    }

    /// Leaves the preparation for the scalar loop when `cond` holds (the preparation runs under
    /// `speculate`, whose error target is the scalar loop).
    fn bail_if(&mut self, cond: Value) {
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
                self.b.ins().load(F64X2, MemFlagsData::new().with_notrap(), addr, 0)
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
