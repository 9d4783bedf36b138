//! Advanced indexing (the rules are in hasten-typeck's `fancy.rs`): gathering the selected items
//! of an array into a new one, and scattering values into them. A scatter first computes the byte
//! offsets of every selected item, checking every index, so that nothing is written when one is
//! out of bounds and an index array that is (a view of) the target is read before it changes —
//! NumPy also computes all indices before it writes.

use super::*;
use crate::lower::numpy::BroadcastForm;

/// An array's machine values and its type.
type Arr<'v> = (&'v ArrayVals, ArrayType);

impl<'a, 'f> Lower<'a, 'f> {
    /// `base[idx]`: a new C-contiguous array.
    pub(in crate::lower) fn fancy_get(&mut self, base: &Expr, idx: &Expr, span: Span) -> R<Vals> {
        let arr = ArrayVals::from_vals(&self.expr(base)?);
        let ivals = ArrayVals::from_vals(&self.expr(idx)?);
        let (&Type::Array(at), &Type::Array(it)) = (&base.ty, &idx.ty) else { unreachable!("fancy indexing of arrays by arrays") };
        self.gather((&arr, at), (&ivals, it), idx.span, span)
    }

    /// `base[idx] = value`, the value already evaluated (CPython evaluates it first).
    pub(in crate::lower) fn fancy_set(&mut self, base: &Expr, idx: &Expr, value: &Vals, vty: &Type, span: Span) -> R<()> {
        let arr = ArrayVals::from_vals(&self.expr(base)?);
        let ivals = ArrayVals::from_vals(&self.expr(idx)?);
        let (&Type::Array(at), &Type::Array(it)) = (&base.ty, &idx.ty) else { unreachable!("fancy indexing of arrays by arrays") };
        if !self.check_writeable(at, span) {
            return Ok(());
        }
        let (offsets, count, sel_shape) = self.selection_offsets((&arr, at), (&ivals, it), idx.span, span)?;
        let k = consumed_axes(it);
        let row_shape = arr.shape[k..].to_vec();
        let row_strides = arr.strides[k..].to_vec();
        let Type::Array(vat) = vty else {
            // A scalar is stored, with NumPy's cast, into every element of every selected item.
            return self.counted_loop(count, |cx, j| {
                let dst = cx.offset_at(arr.data, offsets, j);
                cx.walk(&row_shape, vec![(dst, row_strides.clone())], &mut |cx, addrs| {
                    cx.store_item(addrs[0], at, value, vty, span);
                    Ok(())
                })
            });
        };
        // An array is broadcast (and cast) into a new array of the selection's shape first.
        let vals = ArrayVals::from_vals(value);
        let shape: Vals = sel_shape.iter().chain(&row_shape).copied().collect();
        let form = if it.dtype == Dtype::Bool && k == at.ndim as usize && vat.ndim <= 1 { BroadcastForm::MaskAssign } else { BroadcastForm::IntoIndexed };
        self.check_value_shape(&vals.shape, &shape, form, span);
        let staged = self.staged(at.dtype, &shape, span);
        self.update_view(&staged.clone().into_vals(), ArrayType { layout: Layout::C, readonly: false, ndim: shape.len() as u8, ..at }, value, vty, None, span)?;
        self.scatter_rows((&arr, at), k, offsets, count, &staged)
    }

    /// `base[idx] op= value`: the selected items are gathered, updated as an array would be (NumPy's
    /// broadcasting and messages of an in-place operator), and written back.
    pub(in crate::lower) fn fancy_update(&mut self, base: &Expr, idx: &Expr, op: BinOp, value: &Expr, plan: &BinaryPlan, span: Span) -> R<()> {
        let arr = ArrayVals::from_vals(&self.expr(base)?);
        let ivals = ArrayVals::from_vals(&self.expr(idx)?);
        let (&Type::Array(at), &Type::Array(it)) = (&base.ty, &idx.ty) else { unreachable!("fancy indexing of arrays by arrays") };
        let staged = ArrayVals::from_vals(&self.gather((&arr, at), (&ivals, it), idx.span, span)?);
        let v = self.expr(value)?;
        let sat = ArrayType { layout: Layout::C, readonly: false, ndim: staged.shape.len() as u8, ..at };
        self.update_view(&staged.clone().into_vals(), sat, &v, &value.ty, Some((op, plan)), span)?;
        if !self.check_writeable(at, span) {
            return Ok(());
        }
        let (offsets, count, _) = self.selection_offsets((&arr, at), (&ivals, it), idx.span, span)?;
        self.scatter_rows((&arr, at), consumed_axes(it), offsets, count, &staged)
    }

    /// A new C-contiguous array of `shape` whose items are the selected items of `arr`.
    fn gather(&mut self, (arr, at): Arr, (ivals, it): Arr, ispan: Span, span: Span) -> R<Vals> {
        let k = consumed_axes(it);
        let sel_shape = if it.dtype == Dtype::Bool {
            self.check_mask_shape((arr, at), ivals, span);
            vec![self.count_true(ivals)?]
        } else {
            ivals.shape.clone()
        };
        let shape: Vals = sel_shape.iter().chain(&arr.shape[k..]).copied().collect();
        let staged = self.staged(at.dtype, &shape, span);
        let row_shape = arr.shape[k..].to_vec();
        let row_strides = arr.strides[k..].to_vec();
        let dst_strides = staged.strides[sel_shape.len()..].to_vec();
        let row_bytes = self.row_bytes(at.dtype, &row_shape);
        self.walk_selection((arr, at), (ivals, it), ispan, &mut |cx, j, src| {
            let off = cx.b.ins().imul(j, row_bytes);
            let dst = cx.b.ins().iadd(staged.data, off);
            cx.copy_strided(at.dtype, &row_shape, src, &row_strides, dst, &dst_strides)
        })?;
        Ok(staged.into_vals())
    }

    /// Copies item `j` of the C-contiguous `staged` to the selected item at `offsets[j]`, for each `j`.
    fn scatter_rows(&mut self, (arr, at): Arr, k: usize, offsets: Value, count: Value, staged: &ArrayVals) -> R<()> {
        let row_shape = arr.shape[k..].to_vec();
        let row_strides = arr.strides[k..].to_vec();
        let src_strides = staged.strides[staged.shape.len() - row_shape.len()..].to_vec();
        let row_bytes = self.row_bytes(at.dtype, &row_shape);
        self.counted_loop(count, |cx, j| {
            let dst = cx.offset_at(arr.data, offsets, j);
            let off = cx.b.ins().imul(j, row_bytes);
            let src = cx.b.ins().iadd(staged.data, off);
            cx.copy_strided(at.dtype, &row_shape, src, &src_strides, dst, &row_strides)
        })
    }

    /// The byte offsets (from `arr.data`) of the selected items, in a new int64 buffer, with their
    /// count and the shape of the selection.
    fn selection_offsets(&mut self, (arr, at): Arr, (ivals, it): Arr, ispan: Span, span: Span) -> R<(Value, Value, Vals)> {
        let (count, sel_shape) = if it.dtype == Dtype::Bool {
            self.check_mask_shape((arr, at), ivals, span);
            let n = self.count_true(ivals)?;
            (n, vec![n])
        } else {
            let n = ivals.shape.iter().copied().reduce(|a, b| self.b.ins().imul(a, b)).unwrap_or_else(|| self.iconst(types::I64, 1));
            (n, ivals.shape.clone())
        };
        let (offsets, _, _) = self.allocate(&[count], Dtype::I64, false, span);
        self.walk_selection((arr, at), (ivals, it), ispan, &mut |cx, j, src| {
            let off = cx.b.ins().isub(src, arr.data);
            let slot = cx.b.ins().ishl_imm_u(j, 3);
            let at = cx.b.ins().iadd(offsets, slot);
            cx.b.ins().store(MemFlagsData::trusted(), off, at, 0);
            Ok(())
        })?;
        Ok((offsets, count, sel_shape))
    }

    /// `base + offsets[j]`.
    fn offset_at(&mut self, base: Value, offsets: Value, j: Value) -> Value {
        let slot = self.b.ins().ishl_imm_u(j, 3);
        let at = self.b.ins().iadd(offsets, slot);
        let off = self.b.ins().load(types::I64, MemFlagsData::trusted(), at, 0);
        self.b.ins().iadd(base, off)
    }

    /// Calls `f(j, address)` for the `j`-th selected item of `arr`, in C order of the index.
    fn walk_selection(&mut self, (arr, _): Arr, (ivals, it): Arr, ispan: Span, f: &mut dyn FnMut(&mut Self, Value, Value) -> R<()>) -> R<()> {
        let j = self.b.declare_var(types::I64);
        let zero = self.iconst(types::I64, 0);
        self.b.def_var(j, zero);
        let mut visit = |cx: &mut Self, addr: Value| -> R<()> {
            let jv = cx.b.use_var(j);
            f(cx, jv, addr)?;
            let next = cx.b.ins().iadd_imm_s(jv, 1);
            cx.b.def_var(j, next);
            Ok(())
        };
        if it.dtype == Dtype::Bool {
            let k = it.ndim as usize;
            let operands = vec![(ivals.data, ivals.strides.clone()), (arr.data, arr.strides[..k].to_vec())];
            return self.walk(&ivals.shape, operands, &mut |cx, addrs| {
                let m = cx.load_elem(addrs[0], Dtype::Bool);
                let (take, skip) = (cx.b.create_block(), cx.b.create_block());
                cx.b.ins().brif(m, take, &[], skip, &[]);
                cx.b.switch_to_block(take);
                visit(cx, addrs[1])?;
                cx.b.ins().jump(skip, &[]);
                cx.b.switch_to_block(skip);
                Ok(())
            });
        }
        let n = arr.shape[0];
        self.walk(&ivals.shape, vec![(ivals.data, ivals.strides.clone())], &mut |cx, addrs| {
            let raw = cx.load_elem(addrs[0], it.dtype);
            let i = cx.i64_value(raw, &Type::Scalar(it.dtype));
            // An unsigned 64-bit index is never negative: its large values are out of bounds.
            let wrapped = if it.dtype == Dtype::U64 {
                i
            } else {
                let neg = cx.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
                let shifted = cx.b.ins().iadd(i, n);
                cx.b.ins().select(neg, shifted, i)
            };
            let oob = cx.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, wrapped, n);
            cx.fail_if_with(oob, |cx| {
                cx.raise_class("IndexError", |cx| {
                    let axis = cx.iconst(types::I64, 0);
                    let (lp, ll) = cx.location(ispan);
                    let f = cx.helper(Helper::RaiseIndex);
                    cx.call(f, &[i, axis, n, lp, ll]);
                });
            });
            let off = cx.b.ins().imul(wrapped, arr.strides[0]);
            let addr = cx.b.ins().iadd(arr.data, off);
            visit(cx, addr)
        })
    }

    /// The number of true elements of a boolean array.
    fn count_true(&mut self, mask: &ArrayVals) -> R<Value> {
        let n = self.b.declare_var(types::I64);
        let zero = self.iconst(types::I64, 0);
        self.b.def_var(n, zero);
        self.walk(&mask.shape, vec![(mask.data, mask.strides.clone())], &mut |cx, addrs| {
            let m = cx.load_elem(addrs[0], Dtype::Bool);
            let m = cx.b.ins().uextend(types::I64, m);
            let cur = cx.b.use_var(n);
            let next = cx.b.ins().iadd(cur, m);
            cx.b.def_var(n, next);
            Ok(())
        })?;
        Ok(self.b.use_var(n))
    }

    /// IndexError unless the mask's shape is the array's leading axes, as NumPy requires.
    fn check_mask_shape(&mut self, (arr, _): Arr, mask: &ArrayVals, span: Span) {
        for (axis, (&m, &a)) in mask.shape.iter().zip(&arr.shape).enumerate() {
            let bad = self.b.ins().icmp(IntCC::NotEqual, m, a);
            let axis = self.iconst(types::I64, axis as i64);
            self.raise_broadcast_if(bad, &[axis, a], &[m], BroadcastForm::MaskMismatch, span);
        }
    }

    /// ValueError unless `value` broadcasts to the selection's `shape` (NumPy's message for `form`).
    fn check_value_shape(&mut self, value: &[Value], shape: &[Value], form: BroadcastForm, span: Span) {
        if value.len() > shape.len() {
            let bad = self.b.ins().iconst(types::I8, 1);
            return self.raise_broadcast_if(bad, value, shape, form, span);
        }
        for (k, &v) in value.iter().enumerate() {
            let s = shape[k + shape.len() - value.len()];
            let same = self.b.ins().icmp(IntCC::Equal, v, s);
            let one = self.b.ins().icmp_imm_s(IntCC::Equal, v, 1);
            let ok = self.b.ins().bor(same, one);
            let bad = self.b.ins().bxor_imm_u(ok, 1);
            self.raise_broadcast_if(bad, value, shape, form, span);
        }
    }

    /// A new C-contiguous array of `shape`, a temporary of the current scope.
    fn staged(&mut self, d: Dtype, shape: &[Value], span: Span) -> ArrayVals {
        let (data, owner, _) = self.allocate(shape, d, false, span);
        ArrayVals::from_vals(&self.contiguous_vals(data, owner, shape.to_vec(), d.itemsize() as i64))
    }

    /// The bytes of one C-contiguous item of `shape`.
    fn row_bytes(&mut self, d: Dtype, shape: &[Value]) -> Value {
        let size = self.iconst(types::I64, d.itemsize() as i64);
        shape.iter().fold(size, |acc, n| self.b.ins().imul(acc, *n))
    }
}

/// How many leading axes of the array an index consumes: a boolean mask its own, an integer array one.
fn consumed_axes(it: ArrayType) -> usize {
    if it.dtype == Dtype::Bool {
        it.ndim as usize
    } else {
        1
    }
}
