//! The innermost loop of a fused element-wise tree of float64, float32 or int64 values in vector
//! registers: 128 bits on tier 1 (f64x2, f32x4, i64x2), 512 on tier 2 (`ModuleInfo::vector_lanes`
//! is the float64 lanes).
//!
//! A tree qualifies when all its nodes compute in one of those dtypes: `+ - *`, `/` of floats,
//! negation, the ufuncs `add subtract multiply negative square minimum maximum`, and of floats
//! `divide absolute sqrt`, and `np.where` whose condition compares values of the same dtype; its
//! arrays have that dtype and its other leaves are real numbers (converted as the scalar code
//! converts them, then broadcast to the lanes). Its root may also be a comparison (`a > 0.5`) of
//! two such values, whose lane masks are narrowed to the bytes of a bool array.
//! Each lane computes what one iteration would (IEEE operations with no reassociation or fused
//! multiply-add; integers wrap, as NumPy's), so the result is bit for bit the scalar loop's. A row
//! runs in vectors when every array steps one element along it (tested at run time, once a row);
//! the rest of the row, and rows that broadcast or stride, take the scalar loop.

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{types, InstBuilder, MemFlagsData, Value};
use hasten_ir::hir::*;
use hasten_ir::{Dtype, Type};
use super::fused::Leaf;
use super::*;

/// How the lanes of a qualifying tree's root are stored.
#[derive(Clone, Copy)]
pub(super) enum Root {
    /// Elements of the tree's dtype.
    Value,
    /// The bools of a comparison.
    Compare(CmpOp),
}

/// Where a row's lanes go: stored at and advancing the cursor, or added to a 64-bit integer total
/// (the bools of a comparison as 0 and 1, int64 values as they are).
#[derive(Clone, Copy)]
pub(super) enum RowOut {
    Store(Variable),
    Add(Variable),
}

/// What a row of `a[...] = value` or `a[...] op= value` reads: an array's row (the address of its
/// first element and its stride) or one number.
pub(in crate::lower) enum RowSource {
    Array(Value, Value),
    Scalar(Value, Type),
}

/// The root of a tree whose row can run in lanes, and the dtype its values compute in.
pub(super) fn vector_root(e: &Expr, leaves: &[Leaf]) -> Option<(Root, Dtype)> {
    if let ExprKind::Compare(l, rest) = &e.kind {
        let [(op, r)] = rest.as_slice() else { return None };
        let Type::Scalar(d) = e.compare_plan()[0] else { return None };
        let order = matches!(op, CmpOp::Eq | CmpOp::NotEq | CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE);
        return (order && lane_dtype(d) && vector_tree(l, leaves, d) && vector_tree(r, leaves, d)).then_some((Root::Compare(*op), d));
    }
    let Type::Scalar(d) = e.ty.element() else { return None };
    (lane_dtype(d) && vector_tree(e, leaves, d)).then_some((Root::Value, d))
}

fn lane_dtype(d: Dtype) -> bool {
    matches!(d, Dtype::F64 | Dtype::F32 | Dtype::I64)
}

/// Whether `e` (a node or leaf of a fused tree whose leaves are `leaves`) computes in lanes of `d`.
fn vector_tree(e: &Expr, leaves: &[Leaf], d: Dtype) -> bool {
    if let Some(leaf) = super::fused::find(leaves, e) {
        return match &e.ty {
            Type::Array(a) => a.dtype == d && !leaf.is_arange(),
            t if d.is_float() => (t.is_intlike() || t.is_floatlike()) && !t.is_c128(),
            t => t.is_intlike(),
        };
    }
    if e.ty.element() != Type::Scalar(d) {
        return false;
    }
    let float = d.is_float();
    match &e.kind {
        ExprKind::Binary(op, l, r) => {
            let lanes_op = matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul) || (float && *op == BinOp::Div);
            lanes_op && e.binary_plan().operands == Type::Scalar(d) && vector_tree(l, leaves, d) && vector_tree(r, leaves, d)
        }
        ExprKind::Unary(UnaryOp::Neg | UnaryOp::Pos, x) => vector_tree(x, leaves, d),
        ExprKind::Call(Callee::Numpy(NumpyFn::Ufunc(Ufunc::Where)), args, kwargs) if kwargs.is_empty() => {
            lane_condition(&args[0], leaves, d).is_some() && args[1..].iter().all(|a| vector_tree(a, leaves, d))
        }
        ExprKind::Call(Callee::Numpy(NumpyFn::Ufunc(u)), args, kwargs) if kwargs.is_empty() => {
            let lanes_op = matches!(u, Ufunc::Add | Ufunc::Subtract | Ufunc::Multiply | Ufunc::Negative | Ufunc::Square | Ufunc::Minimum | Ufunc::Maximum)
                || (float && matches!(u, Ufunc::Divide | Ufunc::Abs | Ufunc::Sqrt));
            lanes_op && args.iter().all(|a| vector_tree(a, leaves, d))
        }
        _ => false,
    }
}

/// The comparison and operands of `np.where`'s condition `c` when it compares values of `d` in
/// lanes (a node of the tree, not a bool array).
fn lane_condition<'e>(c: &'e Expr, leaves: &[Leaf], d: Dtype) -> Option<(CmpOp, &'e Expr, &'e Expr)> {
    let ExprKind::Compare(l, rest) = &c.kind else { return None };
    let [(op, r)] = rest.as_slice() else { return None };
    let order = matches!(op, CmpOp::Eq | CmpOp::NotEq | CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE);
    let fits = super::fused::find(leaves, c).is_none() && c.compare_plan()[0] == Type::Scalar(d);
    (order && fits && vector_tree(l, leaves, d) && vector_tree(r, leaves, d)).then_some((*op, l, r))
}

impl Lower<'_, '_> {
    /// The vector type of `d` in the tier's registers.
    fn lanes_type(&self, d: Dtype) -> cranelift_codegen::ir::Type {
        let lanes = self.info.vector_lanes as u32 * 8 / d.itemsize() as u32;
        scalar_clif(&Type::Scalar(d)).by(lanes).expect("a power of two lanes")
    }

    /// The row at axis `level` (the last) of a qualifying tree: the vector loop over the first
    /// elements of the row, a multiple of the elements a trip takes, when every array steps one
    /// element along it, its lanes going `to` the cursor or the total; returns the index at which
    /// the scalar loop goes on (0 if the vector loop did not run).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn vector_row(&mut self, e: &Expr, (root, d): (Root, Dtype), leaves: &[Leaf], n: Value, level: usize, offsets: &[Value], to: RowOut) -> R<Value> {
        let vty = self.lanes_type(d);
        let (lanes, item) = (vty.lane_count() as i64, d.itemsize() as i64);
        let tier1 = self.info.vector_lanes == 2;
        // Tier 1 runs two vectors a trip (the loop's own instructions are half as many per
        // element), and sixteen comparisons to store: the bytes of one 128-bit store.
        let per_trip = match (root, to) {
            (Root::Compare(_), RowOut::Store(_)) if tier1 => 16,
            _ if tier1 => 2 * lanes,
            _ => lanes,
        };
        // A total's lanes: 64-bit integers (the masks of 8-byte values), zero at the row's start.
        let total_ty = types::I64.by(lanes as u32).expect("a power of two lanes");
        let total = matches!(to, RowOut::Add(_)).then(|| self.temp_var(total_ty));
        let out_item = if matches!(root, Root::Value) { item } else { 1 };
        let strides: Vec<Value> = leaves.iter().filter(|l| matches!(l.expr.ty, Type::Array(_))).map(|l| l.strides[level]).collect();
        let (count, from, rest) = self.lane_row_entry(n, per_trip, item, &strides);
        let zero = self.iconst(types::I64, 0);
        // Per leaf: the address of the row's first element (arrays) or the value in every lane.
        let mut firsts = Vec::with_capacity(leaves.len());
        for (leaf, off) in leaves.iter().zip(offsets) {
            firsts.push(match &leaf.expr.ty {
                Type::Array(_) => self.b.ins().iadd(leaf.data(), *off),
                t => {
                    let v = self.convert(leaf.scalar(), t, &Type::Scalar(d));
                    self.b.ins().splat(vty, v)
                }
            });
        }
        if let Some(t) = total {
            let z = self.b.ins().splat(total_ty, zero);
            self.b.def_var(t, z);
        }
        let out = match to {
            RowOut::Store(cursor) => self.b.use_var(cursor),
            RowOut::Add(_) => zero,
        };
        self.stepped_loop(zero, count, per_trip, |cx, i, _| {
            let bytes = cx.b.ins().imul_imm_s(i, item);
            let mut masks = Vec::new();
            for copy in 0..per_trip / lanes {
                let skip = copy * lanes * item;
                let addrs: Vec<Value> = leaves
                    .iter()
                    .zip(&firsts)
                    .map(|(leaf, first)| match leaf.expr.ty {
                        Type::Array(_) => {
                            let at = cx.b.ins().iadd(*first, bytes);
                            cx.b.ins().iadd_imm_s(at, skip)
                        }
                        _ => *first,
                    })
                    .collect();
                match (root, &e.kind, total) {
                    (Root::Compare(op), ExprKind::Compare(l, rest), _) => {
                        let (a, b) = (cx.lanes_of(l, leaves, &addrs, vty), cx.lanes_of(&rest[0].1, leaves, &addrs, vty));
                        let mask = cx.lane_compare(op, a, b, d);
                        match total {
                            // A mask lane is -1 where the comparison holds.
                            Some(t) => {
                                let sum = cx.b.use_var(t);
                                let sum = cx.b.ins().isub(sum, mask);
                                cx.b.def_var(t, sum);
                            }
                            None => masks.push(mask),
                        }
                    }
                    (_, _, Some(t)) => {
                        let v = cx.lanes_of(e, leaves, &addrs, vty);
                        let sum = cx.b.use_var(t);
                        let sum = cx.b.ins().iadd(sum, v);
                        cx.b.def_var(t, sum);
                    }
                    _ => {
                        let v = cx.lanes_of(e, leaves, &addrs, vty);
                        let at = cx.b.ins().iadd(out, bytes);
                        cx.b.ins().store(MemFlagsData::new().with_notrap(), v, at, skip as i32);
                    }
                }
            }
            if !masks.is_empty() {
                let v = cx.mask_bytes(&masks);
                let at = cx.b.ins().iadd(out, i);
                cx.b.ins().store(MemFlagsData::new().with_notrap(), v, at, 0);
            }
            Ok(())
        })?;
        match (to, total) {
            (RowOut::Add(acc), Some(t)) => {
                let lanes_sum = self.b.use_var(t);
                let mut sum = self.b.use_var(acc);
                for lane in 0..lanes {
                    let x = self.b.ins().extractlane(lanes_sum, lane as u8);
                    sum = self.b.ins().iadd(sum, x);
                }
                self.b.def_var(acc, sum);
            }
            (RowOut::Store(cursor), _) => {
                let bytes = self.b.ins().imul_imm_s(count, out_item);
                let next = self.b.ins().iadd(out, bytes);
                self.b.def_var(cursor, next);
            }
            (RowOut::Add(_), None) => unreachable!("a total has its lanes"),
        }
        Ok(self.lane_row_exit(count, from, rest))
    }

    /// The start of a row in lanes: the elements whole trips of `per_trip` cover, the variable
    /// holding where the scalar loop goes on (0 until the vector loop ran) and the scalar loop's
    /// block; emission goes on in the vector loop's block, reached when those elements are some
    /// and every stride in `strides` is one element of `item` bytes.
    fn lane_row_entry(&mut self, n: Value, per_trip: i64, item: i64, strides: &[Value]) -> (Value, Variable, ir::Block) {
        let count = self.b.ins().band_imm_s(n, !(per_trip - 1));
        let mut ok = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, count, 0);
        for stride in strides {
            let unit = self.b.ins().icmp_imm_s(IntCC::Equal, *stride, item);
            ok = self.b.ins().band(ok, unit);
        }
        let from = self.temp_var(types::I64);
        let zero = self.iconst(types::I64, 0);
        self.b.def_var(from, zero);
        let (vector, rest) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(ok, vector, &[], rest, &[]);
        self.b.switch_to_block(vector);
        (count, from, rest)
    }

    /// The end of a row's vector loop, which covered `count` elements: the scalar loop goes on
    /// from there; returns where it starts.
    fn lane_row_exit(&mut self, count: Value, from: Variable, rest: ir::Block) -> Value {
        self.b.def_var(from, count);
        self.b.ins().jump(rest, &[]);
        self.b.switch_to_block(rest);
        self.b.use_var(from)
    }

    /// The lane masks of `a op b`, as the scalar code compares (`a > b` asked as `b < a` for
    /// floats, which is the same for NaN).
    fn lane_compare(&mut self, op: CmpOp, a: Value, b: Value, d: Dtype) -> Value {
        if !d.is_float() {
            return self.b.ins().icmp(crate::lower::branch::int_cc(op, true), a, b);
        }
        let (cc, swap) = crate::lower::branch::float_cc(op);
        let (a, b) = if swap { (b, a) } else { (a, b) };
        self.b.ins().fcmp(cc, a, b)
    }

    /// The row of `n` elements of `d` at `t` (stride `t_stride`) of `a[...] = value` (`op` None) or
    /// `a[...] op= value` in lanes, when the operation is `+ - *` or a float `/` in `d` and the row
    /// and an array source step one element (tested at run time; the source never overlaps the
    /// target: the caller made it, or copied it, for this statement). The index at which the
    /// scalar loop goes on; None where lanes cannot take the update.
    #[allow(clippy::too_many_arguments)]
    pub(in crate::lower) fn vector_update_row(&mut self, n: Value, t: Value, t_stride: Value, src: RowSource, d: Dtype, op: Option<(BinOp, &BinaryPlan)>) -> Option<Value> {
        let lanes_op = match op {
            None => true,
            Some((o, plan)) => {
                let same = plan.operands == Type::Scalar(d) && plan.result == Type::Scalar(d);
                same && (matches!(o, BinOp::Add | BinOp::Sub | BinOp::Mul) || (d.is_float() && o == BinOp::Div))
            }
        };
        let src_ok = match &src {
            RowSource::Array(..) => true,
            RowSource::Scalar(_, t) => (t.is_intlike() || (d.is_float() && t.is_floatlike())) && !t.is_c128() && (op.is_some() || *t == Type::Scalar(d)),
        };
        if !(lane_dtype(d) && lanes_op && src_ok) {
            return None;
        }
        let vty = self.lanes_type(d);
        let (lanes, item) = (vty.lane_count() as i64, d.itemsize() as i64);
        let per_trip = if self.info.vector_lanes == 2 { 2 * lanes } else { lanes };
        let mut strides = vec![t_stride];
        if let RowSource::Array(_, stride) = &src {
            strides.push(*stride);
        }
        let (count, from, rest) = self.lane_row_entry(n, per_trip, item, &strides);
        let zero = self.iconst(types::I64, 0);
        let splat = match &src {
            RowSource::Scalar(v, t) => {
                let v = self.convert(*v, t, &Type::Scalar(d));
                Some(self.b.ins().splat(vty, v))
            }
            RowSource::Array(..) => None,
        };
        let flags = MemFlagsData::new().with_notrap();
        let float = d.is_float();
        let stepped = self.stepped_loop(zero, count, per_trip, |cx, i, _| {
            let bytes = cx.b.ins().imul_imm_s(i, item);
            let at = cx.b.ins().iadd(t, bytes);
            for copy in 0..per_trip / lanes {
                let skip = (copy * lanes * item) as i32;
                let v = match (&src, splat) {
                    (_, Some(v)) => v,
                    (RowSource::Array(first, _), None) => {
                        let from = cx.b.ins().iadd(*first, bytes);
                        cx.b.ins().load(vty, flags, from, skip)
                    }
                    (RowSource::Scalar(..), None) => unreachable!("a number is splat"),
                };
                let r = match op {
                    None => v,
                    Some((o, _)) => {
                        let cur = cx.b.ins().load(vty, flags, at, skip);
                        match (o, float) {
                            (BinOp::Add, true) => cx.b.ins().fadd(cur, v),
                            (BinOp::Sub, true) => cx.b.ins().fsub(cur, v),
                            (BinOp::Mul, true) => cx.b.ins().fmul(cur, v),
                            (BinOp::Add, false) => cx.b.ins().iadd(cur, v),
                            (BinOp::Sub, false) => cx.b.ins().isub(cur, v),
                            (BinOp::Mul, false) => cx.b.ins().imul(cur, v),
                            _ => cx.b.ins().fdiv(cur, v),
                        }
                    }
                };
                cx.b.ins().store(flags, r, at, skip);
            }
            Ok(())
        });
        stepped.expect("the vector loop emits no checks");
        Some(self.lane_row_exit(count, from, rest))
    }

    /// Lane by lane `x` where `mask` is all ones, else `y` (floats selected by their bits).
    fn lane_select(&mut self, mask: Value, x: Value, y: Value) -> Value {
        let vty = self.b.func.dfg.value_type(x);
        if !vty.lane_type().is_float() {
            return self.b.ins().bitselect(mask, x, y);
        }
        let little = MemFlagsData::new().with_endianness(ir::Endianness::Little);
        let bits = self.b.func.dfg.value_type(mask);
        let (x, y) = (self.b.ins().bitcast(bits, little, x), self.b.ins().bitcast(bits, little, y));
        let picked = self.b.ins().bitselect(mask, x, y);
        self.b.ins().bitcast(vty, little, picked)
    }

    /// `np.minimum(a, b)` / `np.maximum(a, b)` lane by lane as the scalar code computes them
    /// (`numpy_extremum`): `a` where it is strictly better or NaN, else `b`.
    fn lane_extremum(&mut self, min: bool, a: Value, b: Value) -> Value {
        let (x, y) = if min { (a, b) } else { (b, a) };
        let better = if self.b.func.dfg.value_type(a).lane_type().is_float() {
            let strict = self.b.ins().fcmp(FloatCC::LessThan, x, y);
            let nan = self.b.ins().fcmp(FloatCC::Unordered, a, a);
            self.b.ins().bor(strict, nan)
        } else {
            self.b.ins().icmp(IntCC::SignedLessThan, x, y)
        };
        self.lane_select(better, a, b)
    }

    /// The bools of the comparisons whose lane masks (all ones or zeros) are `masks`, as bytes
    /// 0 or 1: on tier 2 one vector of masks truncated to bytes; on tier 1 the sixteen masks of
    /// eight i64x2 or four i32x4 in one i8x16, narrowed pairwise (an i64 mask read as two i32
    /// lanes gives each twice; read as i16 lanes, the duplicated bytes of the second-last step
    /// are the masks again).
    fn mask_bytes(&mut self, masks: &[Value]) -> Value {
        let little = MemFlagsData::new().with_endianness(ir::Endianness::Little);
        let one = self.iconst(types::I8, 1);
        if let [m] = masks {
            let bytes_ty = types::I8.by(self.b.func.dfg.value_type(*m).lane_count()).expect("a power of two lanes");
            let bytes = self.b.ins().ireduce(bytes_ty, *m);
            let ones = self.b.ins().splat(bytes_ty, one);
            return self.b.ins().band(bytes, ones);
        }
        let narrow = |cx: &mut Self, vals: &[Value], as_ty: cranelift_codegen::ir::Type| -> Vec<Value> {
            vals.chunks(2)
                .map(|p| {
                    let (a, b) = (cx.b.ins().bitcast(as_ty, little, p[0]), cx.b.ins().bitcast(as_ty, little, p[1]));
                    cx.b.ins().snarrow(a, b)
                })
                .collect()
        };
        let mut vals = masks.to_vec();
        if masks.len() == 8 {
            vals = narrow(self, &vals, types::I32X4);
            vals = narrow(self, &vals, types::I16X8);
            vals = narrow(self, &vals, types::I16X8);
        } else {
            vals = narrow(self, &vals, types::I32X4);
            vals = narrow(self, &vals, types::I16X8);
        }
        let ones = self.b.ins().splat(types::I8X16, one);
        self.b.ins().band(vals[0], ones)
    }

    /// The lanes (of type `vty`) of node `e`; `addrs` holds, per leaf, its elements' address
    /// (arrays) or its lanes (other leaves).
    fn lanes_of(&mut self, e: &Expr, leaves: &[Leaf], addrs: &[Value], vty: cranelift_codegen::ir::Type) -> Value {
        if let Some(k) = leaves.iter().position(|l| std::ptr::eq(l.expr, e)) {
            return match e.ty {
                Type::Array(_) => self.b.ins().load(vty, MemFlagsData::new().with_notrap(), addrs[k], 0),
                _ => addrs[k],
            };
        }
        let float = vty.lane_type().is_float();
        let ins = |cx: &mut Self, op: BinOp, a: Value, b: Value| match (op, float) {
            (BinOp::Add, true) => cx.b.ins().fadd(a, b),
            (BinOp::Sub, true) => cx.b.ins().fsub(a, b),
            (BinOp::Mul, true) => cx.b.ins().fmul(a, b),
            (BinOp::Add, false) => cx.b.ins().iadd(a, b),
            (BinOp::Sub, false) => cx.b.ins().isub(a, b),
            (BinOp::Mul, false) => cx.b.ins().imul(a, b),
            _ => cx.b.ins().fdiv(a, b),
        };
        let negate = |cx: &mut Self, v: Value| if float { cx.b.ins().fneg(v) } else { cx.b.ins().ineg(v) };
        match &e.kind {
            ExprKind::Binary(op, l, r) => {
                let (a, b) = (self.lanes_of(l, leaves, addrs, vty), self.lanes_of(r, leaves, addrs, vty));
                ins(self, *op, a, b)
            }
            ExprKind::Unary(UnaryOp::Neg, x) => {
                let v = self.lanes_of(x, leaves, addrs, vty);
                negate(self, v)
            }
            ExprKind::Unary(_, x) => self.lanes_of(x, leaves, addrs, vty),
            ExprKind::Call(Callee::Numpy(NumpyFn::Ufunc(Ufunc::Where)), args, _) => {
                let d = lane_dtype_of(vty);
                let (op, l, r) = lane_condition(&args[0], leaves, d).expect("checked by `vector_tree`");
                let (a, b) = (self.lanes_of(l, leaves, addrs, vty), self.lanes_of(r, leaves, addrs, vty));
                let mask = self.lane_compare(op, a, b, d);
                let (x, y) = (self.lanes_of(&args[1], leaves, addrs, vty), self.lanes_of(&args[2], leaves, addrs, vty));
                self.lane_select(mask, x, y)
            }
            ExprKind::Call(Callee::Numpy(NumpyFn::Ufunc(u)), args, _) => {
                let vals: Vec<Value> = args.iter().map(|a| self.lanes_of(a, leaves, addrs, vty)).collect();
                match (u, u.operator()) {
                    (_, Some(op)) => ins(self, op, vals[0], vals[1]),
                    (Ufunc::Negative, _) => negate(self, vals[0]),
                    (Ufunc::Square, _) => ins(self, BinOp::Mul, vals[0], vals[0]),
                    (Ufunc::Abs, _) => self.b.ins().fabs(vals[0]),
                    (Ufunc::Minimum | Ufunc::Maximum, _) => self.lane_extremum(*u == Ufunc::Minimum, vals[0], vals[1]),
                    _ => self.b.ins().sqrt(vals[0]),
                }
            }
            _ => unreachable!("`vector_tree` admits these nodes only"),
        }
    }
}

/// The dtype of the lanes of `vty`.
fn lane_dtype_of(vty: cranelift_codegen::ir::Type) -> Dtype {
    match vty.lane_type() {
        types::F64 => Dtype::F64,
        types::F32 => Dtype::F32,
        _ => Dtype::I64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hasten_typeck::testing::{f64_1d, returned, typed};

    /// The leaves `evaluate_leaves` would make of `e` (without their values).
    fn leaves_of<'e>(e: &'e Expr, out: &mut Vec<Leaf<'e>>) {
        if e.is_elementwise() {
            for x in super::super::fused::operands(e) {
                leaves_of(x, out);
            }
        } else {
            out.push(Leaf::new(e, Vec::new()));
        }
    }

    /// What `vector_root` says of each returned expression of `body` (arguments `a`, `b`, `x`).
    fn roots(body: &str, args: &[Type]) -> Vec<Option<(bool, Dtype)>> {
        let f = typed(&format!("def f(a, b, x):\n    return {body}\n"), args);
        returned(&f)
            .into_iter()
            .map(|e| {
                let mut leaves = Vec::new();
                leaves_of(e, &mut leaves);
                vector_root(e, &leaves).map(|(root, d)| (matches!(root, Root::Compare(_)), d))
            })
            .collect()
    }

    #[test]
    fn float64_trees_and_comparisons_qualify() {
        let got = roots("a * 2.0 + b / 3, np.sqrt(np.abs(a)) - x, a > b, np.where(a > 0.5, a, 0), np.maximum(a, x), -a", &[f64_1d(), f64_1d(), Type::Float]);
        let value = Some((false, Dtype::F64));
        assert_eq!(got, vec![value, value, Some((true, Dtype::F64)), value, value, value]);
    }

    #[test]
    fn other_operations_and_mixed_dtypes_do_not() {
        let i64_1d = Type::array(Dtype::I64, 1);
        // Powers and floor division call out or branch; an int64 array meeting a float64 one is
        // converted per element; `np.where` on a bool array has no comparison to take lanes from;
        // int64 division gives floats; `a // b` and `a % b` of floats call the runtime.
        let got = roots("a ** 2.0, a + b, np.where(x, a, a), b / b, a // 2.0, a % 3.0, np.exp(a)", &[f64_1d(), i64_1d, Type::array(Dtype::Bool, 1)]);
        assert_eq!(got, vec![None; 7]);
        let got = roots("a * b - 3, a > b, np.minimum(a, x), -b", &[Type::array(Dtype::I64, 1), Type::array(Dtype::I64, 1), Type::Int]);
        assert_eq!(got, vec![Some((false, Dtype::I64)), Some((true, Dtype::I64)), Some((false, Dtype::I64)), Some((false, Dtype::I64))]);
    }
}
