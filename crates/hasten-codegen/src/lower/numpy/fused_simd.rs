//! The innermost loop of a fused element-wise float64 tree in vector registers
//! (`ModuleInfo::vector_lanes` lanes: f64x2 on tier 1, f64x8 on tier 2).
//!
//! A tree qualifies when each of its nodes is float64 `+ - * /`, negation, or one of the ufuncs
//! `add subtract multiply divide negative absolute square sqrt` of float64 values, its arrays are
//! float64 and its other leaves real numbers (broadcast to the lanes once converted as the scalar
//! code converts them); its root may also be a comparison (`a > 0.5`) of two such values, whose
//! lane masks are narrowed to the bytes of a bool array. Each lane computes what one iteration
//! would (IEEE operations, no reassociation, no fused multiply-adds), so the result is bit for bit
//! the scalar loop's. A row runs in vectors when every array steps one element along it (tested
//! at run time, once a row); the rest of the row, and rows that broadcast or stride, take the
//! scalar loop.

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{types, InstBuilder, MemFlagsData, Value};
use hasten_ir::hir::*;
use hasten_ir::{Dtype, Type};
use super::fused::Leaf;
use super::*;

const F64: Type = Type::Scalar(Dtype::F64);

/// How the lanes of a qualifying tree's root are stored.
#[derive(Clone, Copy)]
pub(super) enum Root {
    /// float64 elements.
    Float,
    /// The bools of a comparison of float64 values: the condition and whether its operands swap
    /// (as the scalar code asks `a > b` as `b < a`).
    Compare(FloatCC, bool),
}

/// The root of a tree whose row can run in lanes, or None.
pub(super) fn vector_root(e: &Expr, leaves: &[Leaf]) -> Option<Root> {
    if let ExprKind::Compare(l, rest) = &e.kind {
        let [(op, r)] = rest.as_slice() else { return None };
        let (cc, swap) = match op {
            CmpOp::Eq => (FloatCC::Equal, false),
            CmpOp::NotEq => (FloatCC::NotEqual, false),
            CmpOp::Lt => (FloatCC::LessThan, false),
            CmpOp::LtE => (FloatCC::LessThanOrEqual, false),
            CmpOp::Gt => (FloatCC::LessThan, true),
            CmpOp::GtE => (FloatCC::LessThanOrEqual, true),
            _ => return None,
        };
        let ok = e.compare_plan()[0] == F64 && vector_tree(l, leaves) && vector_tree(r, leaves);
        return ok.then_some(Root::Compare(cc, swap));
    }
    vector_tree(e, leaves).then_some(Root::Float)
}

/// Whether `e` (a node or leaf of a fused tree whose leaves are `leaves`) computes in lanes.
fn vector_tree(e: &Expr, leaves: &[Leaf]) -> bool {
    if let Some(leaf) = super::fused::find(leaves, e) {
        return match &e.ty {
            Type::Array(a) => a.dtype == Dtype::F64 && !leaf.is_arange(),
            t => (t.is_intlike() || t.is_floatlike()) && !t.is_c128(),
        };
    }
    if e.ty.element() != F64 {
        return false;
    }
    match &e.kind {
        ExprKind::Binary(BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div, l, r) => {
            e.binary_plan().operands == F64 && vector_tree(l, leaves) && vector_tree(r, leaves)
        }
        ExprKind::Unary(UnaryOp::Neg | UnaryOp::Pos, x) => vector_tree(x, leaves),
        ExprKind::Call(Callee::Numpy(NumpyFn::Ufunc(u)), args, kwargs) if kwargs.is_empty() => {
            let lanes_op = matches!(
                u,
                Ufunc::Add | Ufunc::Subtract | Ufunc::Multiply | Ufunc::Divide | Ufunc::Negative | Ufunc::Abs | Ufunc::Square | Ufunc::Sqrt
            );
            lanes_op && args.iter().all(|a| vector_tree(a, leaves))
        }
        _ => false,
    }
}

impl Lower<'_, '_> {
    fn f64_lanes(&self) -> cranelift_codegen::ir::Type {
        types::F64.by(self.info.vector_lanes as u32).expect("a power of two lanes")
    }

    /// The row at axis `level` (the last) of a qualifying tree: the vector loop over the first
    /// `n & !(lanes - 1)` elements when every array steps 8 bytes along the row, storing at and
    /// advancing `cursor`; returns the index at which the scalar loop goes on (0 if the vector
    /// loop did not run).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn vector_row(&mut self, e: &Expr, root: Root, leaves: &[Leaf], n: Value, level: usize, offsets: &[Value], cursor: Variable) -> R<Value> {
        let lanes = self.info.vector_lanes;
        // Tier 1 runs two vectors a trip (the loop's own instructions are half as many per
        // element), and sixteen comparisons: the bytes of one 128-bit store.
        let per_trip = match (root, lanes) {
            (Root::Float, 2) => 4,
            (Root::Compare(..), 2) => 16,
            _ => lanes,
        };
        let itemsize = if matches!(root, Root::Float) { 8 } else { 1 };
        let count = self.b.ins().band_imm_s(n, !(per_trip - 1));
        let mut ok = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, count, 0);
        for leaf in leaves.iter().filter(|l| matches!(l.expr.ty, Type::Array(_))) {
            let unit = self.b.ins().icmp_imm_s(IntCC::Equal, leaf.strides[level], 8);
            ok = self.b.ins().band(ok, unit);
        }
        let from = self.b.declare_var(types::I64);
        let zero = self.iconst(types::I64, 0);
        self.b.def_var(from, zero);
        let (vector, rest) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(ok, vector, &[], rest, &[]);
        self.b.switch_to_block(vector);
        let vty = self.f64_lanes();
        // Per leaf: the address of the row's first element (arrays) or the value in every lane.
        let mut firsts = Vec::with_capacity(leaves.len());
        for (leaf, off) in leaves.iter().zip(offsets) {
            firsts.push(match &leaf.expr.ty {
                Type::Array(_) => self.b.ins().iadd(leaf.data(), *off),
                t => {
                    let v = self.convert(leaf.scalar(), t, &F64);
                    self.b.ins().splat(vty, v)
                }
            });
        }
        let out = self.b.use_var(cursor);
        self.stepped_loop(zero, count, per_trip, |cx, i, _| {
            let bytes = cx.b.ins().imul_imm_s(i, 8);
            let mut masks = Vec::new();
            for copy in 0..per_trip / lanes {
                let skip = copy * lanes * 8;
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
                match (root, &e.kind) {
                    (Root::Compare(cc, swap), ExprKind::Compare(l, rest)) => {
                        let (a, b) = (cx.lanes_of(l, leaves, &addrs), cx.lanes_of(&rest[0].1, leaves, &addrs));
                        let (a, b) = if swap { (b, a) } else { (a, b) };
                        masks.push(cx.b.ins().fcmp(cc, a, b));
                    }
                    _ => {
                        let v = cx.lanes_of(e, leaves, &addrs);
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
        let bytes = self.b.ins().imul_imm_s(count, itemsize);
        let next = self.b.ins().iadd(out, bytes);
        self.b.def_var(cursor, next);
        self.b.def_var(from, count);
        self.b.ins().jump(rest, &[]);
        self.b.switch_to_block(rest);
        Ok(self.b.use_var(from))
    }

    /// The bools of the comparisons whose lane masks (all ones or zeros) are `masks`, as bytes
    /// 0 or 1: one i8x8 from one i64x8 (tier 2), or one i8x16 from eight i64x2 (tier 1), whose
    /// halves narrow pairwise (an i64 mask read as two i32 lanes gives each twice; read as i16
    /// lanes, the duplicated bytes of the second-last step are the masks again).
    fn mask_bytes(&mut self, masks: &[Value]) -> Value {
        let little = MemFlagsData::new().with_endianness(ir::Endianness::Little);
        if let [m] = masks {
            let bytes = self.b.ins().ireduce(types::I8X8, *m);
            let one = self.iconst(types::I8, 1);
            let ones = self.b.ins().splat(types::I8X8, one);
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
        let halves = narrow(self, masks, types::I32X4);
        let quarters = narrow(self, &halves, types::I16X8);
        let bytes = narrow(self, &quarters, types::I16X8)[0];
        let one = self.iconst(types::I8, 1);
        let ones = self.b.ins().splat(types::I8X16, one);
        self.b.ins().band(bytes, ones)
    }

    /// The lanes of node `e`; `addrs` holds, per leaf, its elements' address (arrays) or its
    /// lanes (other leaves).
    fn lanes_of(&mut self, e: &Expr, leaves: &[Leaf], addrs: &[Value]) -> Value {
        if let Some(k) = leaves.iter().position(|l| std::ptr::eq(l.expr, e)) {
            return match e.ty {
                Type::Array(_) => {
                    let vty = self.f64_lanes();
                    self.b.ins().load(vty, MemFlagsData::new().with_notrap(), addrs[k], 0)
                }
                _ => addrs[k],
            };
        }
        let ins = |cx: &mut Self, op: BinOp, a: Value, b: Value| match op {
            BinOp::Add => cx.b.ins().fadd(a, b),
            BinOp::Sub => cx.b.ins().fsub(a, b),
            BinOp::Mul => cx.b.ins().fmul(a, b),
            _ => cx.b.ins().fdiv(a, b),
        };
        match &e.kind {
            ExprKind::Binary(op, l, r) => {
                let (a, b) = (self.lanes_of(l, leaves, addrs), self.lanes_of(r, leaves, addrs));
                ins(self, *op, a, b)
            }
            ExprKind::Unary(UnaryOp::Neg, x) => {
                let v = self.lanes_of(x, leaves, addrs);
                self.b.ins().fneg(v)
            }
            ExprKind::Unary(_, x) => self.lanes_of(x, leaves, addrs),
            ExprKind::Call(Callee::Numpy(NumpyFn::Ufunc(u)), args, _) => {
                let vals: Vec<Value> = args.iter().map(|a| self.lanes_of(a, leaves, addrs)).collect();
                match (u, u.operator()) {
                    (_, Some(op)) => ins(self, op, vals[0], vals[1]),
                    (Ufunc::Negative, _) => self.b.ins().fneg(vals[0]),
                    (Ufunc::Abs, _) => self.b.ins().fabs(vals[0]),
                    (Ufunc::Square, _) => self.b.ins().fmul(vals[0], vals[0]),
                    _ => self.b.ins().sqrt(vals[0]),
                }
            }
            _ => unreachable!("`vector_tree` admits these nodes only"),
        }
    }
}
