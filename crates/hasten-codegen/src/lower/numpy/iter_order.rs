//! NumPy's iteration order for float sums over arrays whose layout is known only at run time: the
//! axes permuted as NumPy's iterator orders them, decided from the strides at run time (runtime
//! `iter_order.rs`), so that the loop nest visits the elements in NumPy's order.

use super::fused::Leaf;
use super::*;

const AXES_APART: &str = "a reduction over several axes that are not contiguous with each other in memory (NumPy walks them as separate lines) is not supported yet";

/// How the nest of an element-wise tree is ordered (`Lower::expression_order`).
pub(super) enum ExprOrder {
    /// C order, known at compile time.
    C,
    /// Decided at run time: NumPy's temporary's strides in elements, along the tree's axes, and
    /// the `(block, piece)` of a sum of it (see `sum_in_pieces`).
    RunTime { temp: Vec<Value>, chunks: (Value, Value) },
}

impl<'a, 'f> Lower<'a, 'f> {
    /// Permutes `shape` and each operand's `strides` (in place) to NumPy's iteration order, outermost
    /// first; `scale` multiplies an operand's strides into bytes for the comparison. Returns how
    /// NumPy groups a sum of the first operand alone, `cast` to the sum's dtype or not:
    /// `(block, piece)` (see `sum_in_pieces`).
    /// Only the first `voters` operands decide the order; the others are permuted with them.
    pub(super) fn numpy_order(&mut self, shape: &mut [Value], strides: &mut [&mut Vec<Value>], scale: &[i64], cast: bool, voters: usize) -> (Value, Value) {
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
        let (ndv, nopsv) = (self.iconst(types::I64, nd as i64), self.iconst(types::I64, voters as i64));
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
        let voters = rows.len();
        self.numpy_order(shape, &mut rows, &scale, cast, voters)
    }

    /// Orders the nest of the element-wise tree `e` as NumPy's last temporary of it is laid out:
    /// each operation's result in its operands' iteration order (order `K`,
    /// `hasten_rt_temp_layout`), so Fortran operands give a Fortran temporary, which NumPy then
    /// reduces in memory order. Permutes `shape` and the leaves' strides like `numpy_order`.
    pub(super) fn expression_order(&mut self, e: &Expr, leaves: &mut [Leaf], shape: &mut [Value], cast: bool) -> ExprOrder {
        let nd = shape.len();
        if nd < 2 {
            return ExprOrder::C;
        }
        // C where the type checker found it from the operands' types (`layouts.rs`): no call at
        // run time.
        if matches!(&e.ty, Type::Array(a) if a.layout == Layout::C) {
            return ExprOrder::C;
        }
        let (_, temp) = self.temp_layout(e, leaves, nd).expect("an array expression has an array operand");
        let mut walk = temp.clone();
        let mut scale = vec![1];
        let mut rows: Vec<&mut Vec<Value>> = vec![&mut walk];
        for leaf in leaves.iter_mut() {
            if matches!(leaf.expr.ty, Type::Array(_)) && leaf.strides.len() == nd {
                scale.push(1);
                rows.push(&mut leaf.strides);
            }
        }
        let chunks = self.numpy_order(shape, &mut rows, &scale, cast, 1);
        ExprOrder::RunTime { temp, chunks }
    }

    /// The element-wise tree `e` computed into a new array laid out as NumPy lays out its
    /// temporary (`expression_order`), for a reduction to walk as NumPy does and for results of
    /// layout `A`; its layout: `A` where it is decided at run time.
    pub(in crate::lower) fn elementwise_as_numpy(&mut self, e: &Expr) -> R<(ArrayVals, Layout)> {
        let Type::Array(out) = e.ty else { unreachable!("only array-valued trees are fused") };
        let (mut leaves, mut shape) = self.aligned_leaves(e)?;
        let dims = shape.clone();
        let order = self.expression_order(e, &mut leaves, &mut shape, false);
        let itemsize = out.dtype.itemsize() as i64;
        let (data, owner) = self.fill_new(e, &leaves, &shape, out.dtype)?;
        let (strides, layout) = match order {
            ExprOrder::C => (self.c_strides(&dims, itemsize), Layout::C),
            ExprOrder::RunTime { temp, .. } => (temp.iter().map(|s| self.b.ins().imul_imm_s(*s, itemsize)).collect(), Layout::A),
        };
        Ok((ArrayVals { data, owner, shape: dims, strides }, layout))
    }

    /// The aligned dimensions and strides of `e` as NumPy holds it: a leaf's own, an operation's
    /// those of the temporary NumPy makes for it; `None` for a number.
    fn temp_layout(&mut self, e: &Expr, leaves: &[Leaf], nd: usize) -> Option<(Vec<Value>, Vec<Value>)> {
        if !e.is_elementwise() {
            let leaf = super::fused::find(leaves, e).filter(|l| matches!(l.expr.ty, Type::Array(_)))?;
            let own = leaf.shape();
            let one = self.iconst(types::I64, 1);
            let dims = (0..nd).map(|j| (j + own.len()).checked_sub(nd).map_or(one, |axis| own[axis])).collect();
            return Some((dims, leaf.strides.clone()));
        }
        let rows: Vec<_> = super::fused::operands(e).into_iter().filter_map(|x| self.temp_layout(x, leaves, nd)).collect();
        let (dims, strides) = (self.stack_slot((rows.len() * nd * 8) as u32), self.stack_slot((rows.len() * nd * 8) as u32));
        for (op, (d, s)) in rows.iter().enumerate() {
            for k in 0..nd {
                let at = ((op * nd + k) * 8) as i32;
                self.b.ins().store(MemFlagsData::trusted(), d[k], dims, at);
                self.b.ins().store(MemFlagsData::trusted(), s[k], strides, at);
            }
        }
        let out = self.stack_slot((2 * nd * 8) as u32);
        let f = self.helper(Helper::TempLayout);
        let (ndv, nops) = (self.iconst(types::I64, nd as i64), self.iconst(types::I64, rows.len() as i64));
        self.call(f, &[ndv, nops, dims, strides, out]);
        let load = |cx: &mut Self, k: usize| cx.b.ins().load(types::I64, MemFlagsData::trusted(), out, (k * 8) as i32);
        Some(((0..nd).map(|k| load(self, k)).collect(), (nd..2 * nd).map(|k| load(self, k)).collect()))
    }

    /// The stride of the one line NumPy's iterator makes of the consecutive axes `lo..=hi` of
    /// `a` (contiguous with each other in memory, walked in memory order); NotImplementedError
    /// where another axis lies between them, which NumPy walks as separate lines.
    pub(in crate::lower) fn merged_stride(&mut self, a: &ArrayVals, (lo, hi): (usize, usize), span: Span) -> Value {
        let nd = a.shape.len();
        let (shape, strides) = (self.pack(&a.shape), self.pack(&a.strides));
        let f = self.helper(Helper::MergedStride);
        let (ndv, lov, hiv) = (self.iconst(types::I64, nd as i64), self.iconst(types::I64, lo as i64), self.iconst(types::I64, hi as i64));
        let stride = self.call(f, &[ndv, shape, strides, lov, hiv])[0];
        let apart = self.b.ins().icmp_imm_s(IntCC::Equal, stride, i64::MIN);
        self.fail_if(apart, "NotImplementedError", AXES_APART, span);
        stride
    }

    /// The `(block, piece)` of a sum NumPy buffers as one run of `count` elements (an array cast to
    /// the sum's dtype, walked in memory order or 1-D): pieces of its buffer size.
    pub(super) fn buffered_run(&mut self, count: Value) -> (Value, Value) {
        (count, self.iconst(types::I64, hasten_runtime::iter_order::BUFSIZE))
    }
}
