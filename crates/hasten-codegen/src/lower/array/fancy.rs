//! Advanced indexing (the rules are in hasten-typeck's `fancy.rs`): gathering the selected items
//! of an array (or of the view its other indices make) into a new one, and scattering values into
//! them. A scatter first computes the byte offsets of every selected item, checking every index,
//! so that nothing is written when one is out of bounds and an index array that is (a view of) the
//! target is read before it changes — NumPy also computes all indices before it writes.

use super::*;
use crate::lower::numpy::BroadcastForm;
use hasten_ir::hir::fancy_position;

/// An array's machine values and its type.
type Arr<'v> = (&'v ArrayVals, ArrayType);

/// An advanced index made ready: the array, or the view its integer and slice indices make of it;
/// how many of the view's axes come before the selection (`a[:, idx]`: one); the index array; and
/// the original array's axis the index array stands at (NumPy's messages name it).
struct Selection {
    arr: ArrayVals,
    at: ArrayType,
    outer: usize,
    idx: ArrayVals,
    it: ArrayType,
    axis: usize,
    ispan: Span,
}

impl Selection {
    /// The axes of the view from the selection on, starting at `data` (an item of the outer axes).
    fn inner(&self, data: Value) -> ArrayVals {
        ArrayVals { data, owner: self.arr.owner, shape: self.arr.shape[self.outer..].to_vec(), strides: self.arr.strides[self.outer..].to_vec() }
    }

    fn outer_operand(&self) -> (Value, Vals) {
        (self.arr.data, self.arr.strides[..self.outer].to_vec())
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// `base[indices]`: a new C-contiguous array.
    pub(in crate::lower) fn fancy_get(&mut self, base: &Expr, indices: &[Expr], span: Span) -> R<Vals> {
        let s = self.selection(base, indices)?;
        self.gather(&s, span)
    }

    /// `base[indices] = value`, the value already evaluated (CPython evaluates it first).
    pub(in crate::lower) fn fancy_set(&mut self, base: &Expr, indices: &[Expr], value: &Vals, vty: &Type, span: Span) -> R<()> {
        let s = self.selection(base, indices)?;
        if !self.check_writeable(s.at, span) {
            return Ok(());
        }
        let (offsets, count, sel_shape) = self.selection_offsets(&s, span)?;
        let k = consumed_axes(s.it);
        let inner = s.inner(s.arr.data);
        let (row_shape, row_strides) = (inner.shape[k..].to_vec(), inner.strides[k..].to_vec());
        let Type::Array(vat) = vty else {
            // A scalar is stored, with NumPy's cast, into every element of every selected item.
            let at = s.at;
            return self.walk(&s.arr.shape[..s.outer], vec![s.outer_operand()], &mut |cx, addrs| {
                cx.counted_loop(count, |cx, j| {
                    let dst = cx.offset_at(addrs[0], offsets, j);
                    cx.walk(&row_shape, vec![(dst, row_strides.clone())], &mut |cx, addrs| {
                        cx.store_item(addrs[0], at, value, vty, span);
                        Ok(())
                    })
                })
            });
        };
        // An array is broadcast (and cast) into a new array of the selection's shape first.
        let vals = ArrayVals::from_vals(value);
        let whole_mask = s.it.dtype == Dtype::Bool && s.outer == 0 && k == s.at.ndim as usize;
        let form = if whole_mask && vat.ndim <= 1 { BroadcastForm::MaskAssign } else { BroadcastForm::IntoIndexed };
        let staged = self.staged_selection(&s, &sel_shape, span);
        self.check_value_shape(&vals.shape, &staged.shape, form, span);
        let layout = if s.outer > 0 { Layout::A } else { Layout::C };
        self.update_view(&staged.clone().into_vals(), ArrayType { layout, readonly: false, ndim: staged.shape.len() as u8, ..s.at }, value, vty, None, span)?;
        self.move_rows(&s, offsets, count, &staged, true)
    }

    /// `base[indices] op= value`: the selected items are gathered, updated as an array would be
    /// (NumPy's broadcasting and messages of an in-place operator), and written back.
    pub(in crate::lower) fn fancy_update(&mut self, base: &Expr, indices: &[Expr], op: BinOp, value: &Expr, plan: &BinaryPlan, span: Span) -> R<()> {
        let s = self.selection(base, indices)?;
        let staged = ArrayVals::from_vals(&self.gather(&s, span)?);
        let v = self.expr(value)?;
        let layout = if s.outer > 0 { Layout::A } else { Layout::C };
        let sat = ArrayType { layout, readonly: false, ndim: staged.shape.len() as u8, ..s.at };
        self.update_view(&staged.clone().into_vals(), sat, &v, &value.ty, Some((op, plan)), span)?;
        if !self.check_writeable(s.at, span) {
            return Ok(());
        }
        let (offsets, count, _) = self.selection_offsets(&s, span)?;
        self.move_rows(&s, offsets, count, &staged, true)
    }

    /// Evaluates `base[indices]`'s parts: the view made by the integer and slice indices (the
    /// index array's axes kept whole), then the index array.
    fn selection(&mut self, base: &Expr, indices: &[Expr]) -> R<Selection> {
        let k = fancy_position(indices).expect("called for advanced indices");
        let (&Type::Array(bt), &Type::Array(it)) = (&base.ty, &indices[k].ty) else { unreachable!("fancy indexing of arrays by arrays") };
        let (arr, at) = if indices.len() == 1 {
            (ArrayVals::from_vals(&self.expr(base)?), bt)
        } else {
            let mut whole = Expr::new(ExprKind::Slice(None, None, None), indices[k].span);
            whole.ty = Type::None;
            let spread: Vec<Expr> = indices[..k].iter().cloned().chain(std::iter::repeat_n(whole, consumed_axes(it))).chain(indices[k + 1..].iter().cloned()).collect();
            let ints = indices.iter().filter(|i| !matches!(i.kind, ExprKind::Slice(..)) && !matches!(i.ty, Type::Array(_))).count();
            let arr = ArrayVals::from_vals(&self.view(base, &spread)?);
            (arr, ArrayType { ndim: bt.ndim - ints as u8, layout: Layout::A, ..bt })
        };
        let idx = ArrayVals::from_vals(&self.expr(&indices[k])?);
        let outer = indices[..k].iter().filter(|i| matches!(i.kind, ExprKind::Slice(..))).count();
        Ok(Selection { arr, at, outer, idx, it, axis: k, ispan: indices[k].span })
    }

    /// A new C-contiguous array of the selection's shape whose items are the selected items.
    fn gather(&mut self, s: &Selection, span: Span) -> R<Vals> {
        let k = consumed_axes(s.it);
        let inner = s.inner(s.arr.data);
        if s.outer > 0 {
            let (offsets, count, sel_shape) = self.selection_offsets(s, span)?;
            let staged = self.staged_selection(s, &sel_shape, span);
            self.move_rows(s, offsets, count, &staged, false)?;
            return Ok(staged.into_vals());
        }
        let sel_shape = if s.it.dtype == Dtype::Bool {
            self.check_mask_shape(&inner, &s.idx, s.axis, span);
            vec![self.count_true(&s.idx)?]
        } else {
            s.idx.shape.clone()
        };
        let shape: Vals = sel_shape.iter().chain(&inner.shape[k..]).copied().collect();
        let staged = self.staged(s.at.dtype, &shape, span);
        let (row_shape, row_strides) = (inner.shape[k..].to_vec(), inner.strides[k..].to_vec());
        let dst_strides = staged.strides[sel_shape.len()..].to_vec();
        let row_bytes = self.row_bytes(s.at.dtype, &row_shape);
        self.walk_selection((&inner, s.at), (&s.idx, s.it), s.axis, s.ispan, &mut |cx, j, src| {
            let off = cx.b.ins().imul(j, row_bytes);
            let dst = cx.b.ins().iadd(staged.data, off);
            cx.copy_strided(s.at.dtype, &row_shape, src, &row_strides, dst, &dst_strides)
        })?;
        Ok(staged.into_vals())
    }

    /// The new array of the selection `s` (`sel_shape`): shaped as the view's outer axes, the
    /// selection, then the rows, and laid out as NumPy lays it out, the selection outermost in
    /// memory (a C-contiguous array of the selection, the outer axes and the rows, transposed).
    fn staged_selection(&mut self, s: &Selection, sel_shape: &[Value], span: Span) -> ArrayVals {
        let k = consumed_axes(s.it);
        let (outer, rows) = (&s.arr.shape[..s.outer], &s.arr.shape[s.outer + k..]);
        let memory: Vals = sel_shape.iter().chain(outer).chain(rows).copied().collect();
        let c = self.staged(s.at.dtype, &memory, span);
        let (ns, no) = (sel_shape.len(), outer.len());
        let order = (ns..ns + no).chain(0..ns).chain(ns + no..memory.len());
        let (shape, strides) = order.map(|a| (c.shape[a], c.strides[a])).unzip();
        ArrayVals { shape, strides, ..c }
    }

    /// For each item of the outer axes and each `j`, copies between item `j` of `staged` (made by
    /// `staged_selection`: item `j` is `j` outer blocks of rows in) and the selected item at
    /// `offsets[j]`: into the array when `to_array`, out of it otherwise.
    fn move_rows(&mut self, s: &Selection, offsets: Value, count: Value, staged: &ArrayVals, to_array: bool) -> R<()> {
        let inner = s.inner(s.arr.data);
        let k = consumed_axes(s.it);
        let (row_shape, row_strides) = (inner.shape[k..].to_vec(), inner.strides[k..].to_vec());
        let staged_rows = staged.strides[staged.shape.len() - row_shape.len()..].to_vec();
        let row_bytes = self.row_bytes(s.at.dtype, &row_shape);
        let item_bytes = s.arr.shape[..s.outer].iter().fold(row_bytes, |acc, n| self.b.ins().imul(acc, *n));
        let operands = vec![s.outer_operand(), (staged.data, staged.strides[..s.outer].to_vec())];
        self.walk(&s.arr.shape[..s.outer], operands, &mut |cx, addrs| {
            cx.counted_loop(count, |cx, j| {
                let item = cx.offset_at(addrs[0], offsets, j);
                let off = cx.b.ins().imul(j, item_bytes);
                let kept = cx.b.ins().iadd(addrs[1], off);
                match to_array {
                    true => cx.copy_strided(s.at.dtype, &row_shape, kept, &staged_rows, item, &row_strides),
                    false => cx.copy_strided(s.at.dtype, &row_shape, item, &row_strides, kept, &staged_rows),
                }
            })
        })
    }

    /// The byte offsets (from the start of an outer item) of the selected items, in a new int64
    /// buffer, with their count and the shape of the selection. Every index is checked here, once.
    fn selection_offsets(&mut self, s: &Selection, span: Span) -> R<(Value, Value, Vals)> {
        let inner = s.inner(s.arr.data);
        let (count, sel_shape) = if s.it.dtype == Dtype::Bool {
            self.check_mask_shape(&inner, &s.idx, s.axis, span);
            let n = self.count_true(&s.idx)?;
            (n, vec![n])
        } else {
            let n = s.idx.shape.iter().copied().reduce(|a, b| self.b.ins().imul(a, b)).unwrap_or_else(|| self.iconst(types::I64, 1));
            (n, s.idx.shape.clone())
        };
        let (offsets, _, _) = self.allocate(&[count], Dtype::I64, false, span);
        self.walk_selection((&inner, s.at), (&s.idx, s.it), s.axis, s.ispan, &mut |cx, j, src| {
            let off = cx.b.ins().isub(src, inner.data);
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
    fn walk_selection(&mut self, (arr, _): Arr, (ivals, it): Arr, axis: usize, ispan: Span, f: &mut dyn FnMut(&mut Self, Value, Value) -> R<()>) -> R<()> {
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
                    let axis = cx.iconst(types::I64, axis as i64);
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

    /// IndexError unless the mask's shape is the array's leading axes, as NumPy requires; the
    /// first of them is the original array's axis `first`.
    fn check_mask_shape(&mut self, arr: &ArrayVals, mask: &ArrayVals, first: usize, span: Span) {
        for (axis, (&m, &a)) in mask.shape.iter().zip(&arr.shape).enumerate() {
            let bad = self.b.ins().icmp(IntCC::NotEqual, m, a);
            let axis = self.iconst(types::I64, (first + axis) as i64);
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
