//! NumPy's iteration order for float sums over arrays whose layout is known only at run time: the
//! axes permuted as NumPy's iterator orders them, decided from the strides at run time (runtime
//! `iter_order.rs`), so that the loop nest visits the elements in NumPy's order.

use super::fused::Leaf;
use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// Permutes `shape` and each operand's `strides` (in place) to NumPy's iteration order, outermost
    /// first; `scale` multiplies an operand's strides into bytes for the comparison. Returns how
    /// NumPy groups a sum of the first operand alone, `cast` to the sum's dtype or not:
    /// `(block, piece)` (see `sum_in_pieces`).
    pub(super) fn numpy_order(&mut self, shape: &mut [Value], strides: &mut [&mut Vec<Value>], scale: &[i64], cast: bool) -> (Value, Value) {
        let nd = shape.len();
        let nops = strides.len();
        let shape_at = self.stack_slot((nd * 8) as u32);
        let mine = self.stack_slot((nops * nd * 8) as u32);
        let bytes = self.stack_slot((nops * nd * 8) as u32);
        for (k, n) in shape.iter().enumerate() {
            self.b.ins().store(MemFlagsData::trusted(), *n, shape_at, (k * 8) as i32);
        }
        for (op, row) in strides.iter().enumerate() {
            for (k, s) in row.iter().enumerate() {
                let at = ((op * nd + k) * 8) as i32;
                self.b.ins().store(MemFlagsData::trusted(), *s, mine, at);
                let b = self.b.ins().imul_imm_s(*s, scale[op]);
                self.b.ins().store(MemFlagsData::trusted(), b, bytes, at);
            }
        }
        let perm = self.stack_slot((nd * 8) as u32);
        let chunks = self.stack_slot(16);
        let f = self.helper(Helper::IterOrder);
        let (ndv, nopsv) = (self.iconst(types::I64, nd as i64), self.iconst(types::I64, nops as i64));
        let cast = self.iconst(types::I64, cast as i64);
        self.call(f, &[ndv, shape_at, bytes, nopsv, perm, chunks, cast]);
        for k in 0..nd {
            let axis = self.b.ins().load(types::I64, MemFlagsData::trusted(), perm, (k * 8) as i32);
            let off = self.b.ins().imul_imm_s(axis, 8);
            let at = self.b.ins().iadd(shape_at, off);
            shape[k] = self.b.ins().load(types::I64, MemFlagsData::trusted(), at, 0);
            for (op, row) in strides.iter_mut().enumerate() {
                let at = self.b.ins().iadd(mine, off);
                row[k] = self.b.ins().load(types::I64, MemFlagsData::trusted(), at, (op * nd * 8) as i32);
            }
        }
        let block = self.b.ins().load(types::I64, MemFlagsData::trusted(), chunks, 0);
        let piece = self.b.ins().load(types::I64, MemFlagsData::trusted(), chunks, 8);
        (block, piece)
    }

    /// `numpy_order` over the array leaves of a fused expression (an `np.arange` counts elements;
    /// NumPy's would be int64 or float64, 8 bytes).
    pub(super) fn numpy_leaf_order(&mut self, leaves: &mut [Leaf], shape: &mut [Value], cast: bool) -> (Value, Value) {
        let mut scale = Vec::new();
        let mut rows: Vec<&mut Vec<Value>> = Vec::new();
        for leaf in leaves.iter_mut() {
            if matches!(leaf.expr.ty, Type::Array(_)) && leaf.strides.len() == shape.len() {
                scale.push(if leaf.is_arange() { 8 } else { 1 });
                rows.push(&mut leaf.strides);
            }
        }
        self.numpy_order(shape, &mut rows, &scale, cast)
    }

    /// The `(block, piece)` of a sum NumPy buffers as one run of `count` elements (an array cast to
    /// the sum's dtype, walked in memory order or 1-D): pieces of its buffer size.
    pub(super) fn buffered_run(&mut self, count: Value) -> (Value, Value) {
        (count, self.iconst(types::I64, hasten_runtime::iter_order::BUFSIZE))
    }
}
