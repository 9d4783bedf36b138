//! Advanced indexing (the rules are in hasten-typeck's `fancy.rs`): gathering the selected items
//! of an array (or of the view its other indices make) into a new one, and scattering values into
//! them. A scatter first computes the byte offsets of every selected item, checking every index,
//! so that nothing is written when one is out of bounds and an index array that is (a view of) the
//! target is read before it changes — NumPy also computes all indices before it writes.

use super::*;
use crate::lower::numpy::BroadcastForm;
use hasten_ir::hir::{fancy_position, ADVANCED_AXES};

/// An advanced index made ready: the array, or the view its integer and slice indices make of it;
/// how many of the view's axes come before the selection (`a[:, idx]`: one); the index array; and
/// the original array's axis the index array stands at (NumPy's messages name it). Several integer
/// index arrays (`a[rows, cols]`) are the first and `more`, standing at the axes after it, walked
/// together over `shape`, their broadcast shape (the one array's own shape otherwise), with
/// `strides` (0 along the axes they are broadcast).
struct Selection {
    arr: ArrayVals,
    at: ArrayType,
    outer: usize,
    idx: ArrayVals,
    it: ArrayType,
    more: Vec<(ArrayVals, ArrayType)>,
    shape: Vals,
    strides: Vec<Vals>,
    axis: usize,
    /// The original array's axis each index array stands at, the first and then `more`.
    axes: Vec<usize>,
    ispan: Span,
}

impl Selection {
    /// How many leading axes of the view the selection consumes: a boolean mask its own, each
    /// integer array one.
    fn consumed(&self) -> usize {
        if self.it.dtype == Dtype::Bool {
            self.it.ndim as usize
        } else {
            1 + self.more.len()
        }
    }

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
        if s.it.dtype == Dtype::Bool && s.outer == 0 && s.at.ndim > 0 && s.consumed() == s.at.ndim as usize && s.at.dtype.is_float() && vty.is_numeric_scalar() {
            return self.masked_fill(&s, value[0], vty, span);
        }
        // NumPy checks an array value's shape against an integer selection's before the indices.
        let early = match vty {
            Type::Array(vat) if s.it.dtype != Dtype::Bool => Some(self.value_staging(&s, &s.shape.clone(), value, *vat, span)),
            _ => None,
        };
        let (offsets, count, sel_shape) = self.selection_offsets(&s, span)?;
        let k = s.consumed();
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
        let staged = match early {
            Some(staged) => staged,
            None => self.value_staging(&s, &sel_shape, value, *vat, span),
        };
        let layout = if s.outer > 0 { Layout::A } else { Layout::C };
        self.update_view(&staged.clone().into_vals(), ArrayType { layout, readonly: false, ndim: staged.shape.len() as u8, ..s.at }, value, vty, None, span)?;
        self.move_rows(&s, offsets, count, &staged, true)
    }

    /// `a[mask] = x` of a mask as large as a float array and a real number (which converts to
    /// the dtype without error): each element rewritten, the selected ones with `x`, by a select
    /// rather than a branch on the mask, which mispredicts on irregular masks.
    fn masked_fill(&mut self, s: &Selection, value: Value, vty: &Type, span: Span) -> R<()> {
        self.check_mask_shape(&s.arr, &s.idx, s.axis, span);
        let d = s.at.dtype;
        let x = self.stored_value(value, vty, d, span);
        let operands = vec![(s.idx.data, s.idx.strides.clone()), (s.arr.data, s.arr.strides.clone())];
        self.walk(&s.idx.shape, operands, &mut |cx, addrs| {
            let m = cx.load_elem(addrs[0], Dtype::Bool);
            let old = cx.load_elem(addrs[1], d);
            let new = cx.b.ins().select(m, x, old);
            cx.b.ins().store(MemFlagsData::trusted(), new, addrs[1], 0);
            Ok(())
        })
    }

    /// The new array of the selection's shape that an array value is broadcast (and cast) into
    /// before it is stored, after checking that the value's shape broadcasts to it.
    fn value_staging(&mut self, s: &Selection, sel_shape: &[Value], value: &Vals, vat: ArrayType, span: Span) -> ArrayVals {
        let vals = ArrayVals::from_vals(value);
        let whole_mask = s.it.dtype == Dtype::Bool && s.outer == 0 && s.consumed() == s.at.ndim as usize;
        let form = if whole_mask && vat.ndim <= 1 { BroadcastForm::MaskAssign } else { BroadcastForm::IntoIndexed };
        let staged = self.staged_selection(s, sel_shape, span);
        self.check_value_shape(&vals.shape, &staged.shape, form, span);
        staged
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
        if indices.len() > 1 && indices.iter().all(|i| matches!(i.ty, Type::Array(_))) {
            return self.index_arrays(base, indices);
        }
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
        let (shape, strides) = (idx.shape.clone(), vec![idx.strides.clone()]);
        Ok(Selection { arr, at, outer, idx, it, more: Vec::new(), shape, strides, axis: k, axes: vec![k], ispan: indices[k].span })
    }

    /// `base[i0, i1, ..]` with integer arrays only: their broadcast shape (IndexError where they
    /// do not broadcast, NumPy's message naming every shape), each one's strides over it.
    fn index_arrays(&mut self, base: &Expr, indices: &[Expr]) -> R<Selection> {
        let Type::Array(at) = base.ty else { unreachable!("fancy indexing of arrays") };
        let arr = ArrayVals::from_vals(&self.expr(base)?);
        let mut all = Vec::new();
        for i in indices {
            let Type::Array(it) = i.ty else { unreachable!("the type checker allows index arrays only") };
            all.push((ArrayVals::from_vals(&self.expr(i)?), it));
        }
        // Broadcast as NumPy does: shapes aligned at their last axes, missing ones of length 1.
        let ndim = all.iter().map(|(_, it)| it.ndim as usize).max().unwrap_or(0);
        let dim = |v: &ArrayVals, d: usize| (d + v.shape.len()).checked_sub(ndim).map(|k| v.shape[k]);
        let one = self.iconst(types::I64, 1);
        let mut shape = Vec::new();
        let mut bad = self.b.ins().iconst(types::I8, 0);
        for d in 0..ndim {
            let mut out = one;
            for n in all.iter().filter_map(|(v, _)| dim(v, d)) {
                let agree = self.b.ins().icmp(IntCC::Equal, n, out);
                let unit = self.b.ins().icmp_imm_s(IntCC::Equal, n, 1);
                let was_unit = self.b.ins().icmp_imm_s(IntCC::Equal, out, 1);
                let fits = self.b.ins().bor(agree, unit);
                let fits = self.b.ins().bor(fits, was_unit);
                let clash = self.b.ins().bxor_imm_u(fits, 1);
                bad = self.b.ins().bor(bad, clash);
                out = self.b.ins().select(was_unit, n, out);
            }
            shape.push(out);
        }
        // Each shape after its number of dimensions (`hasten_rt_raise_broadcast`'s form 7).
        let mut dims = Vec::new();
        for (v, _) in &all {
            dims.push(self.iconst(types::I64, v.shape.len() as i64));
            dims.extend(v.shape.iter().copied());
        }
        self.raise_broadcast_if(bad, &dims, &[], BroadcastForm::IndexArrays, indices[0].span);
        let zero = self.iconst(types::I64, 0);
        let mut strides = Vec::new();
        for (v, _) in &all {
            let mut st = Vec::new();
            for d in 0..ndim {
                st.push(match (d + v.shape.len()).checked_sub(ndim) {
                    Some(k) => {
                        let unit = self.b.ins().icmp_imm_s(IntCC::Equal, v.shape[k], 1);
                        self.b.ins().select(unit, zero, v.strides[k])
                    }
                    None => zero,
                });
            }
            strides.push(st);
        }
        // The type checker's form of mixed advanced indices (`mixed_advanced_index`): the arrays
        // index a transposed view, and NumPy's messages name the axes they stood at.
        let marked = match &base.kind {
            ExprKind::Call(Callee::Numpy(NumpyFn::Transpose), _, kwargs) => kwargs.iter().find(|(n, _)| n == ADVANCED_AXES),
            _ => None,
        };
        let axes = match marked.map(|(_, v)| &v.kind) {
            Some(ExprKind::Tuple(axes)) => axes
                .iter()
                .map(|o| match o.kind {
                    ExprKind::Const(Const::Int(k)) => k as usize,
                    _ => unreachable!("the type checker writes the axes as constants"),
                })
                .collect(),
            _ => (0..indices.len()).collect(),
        };
        let (idx, it) = all.remove(0);
        Ok(Selection { arr, at, outer: 0, idx, it, more: all, shape, strides, axis: 0, axes, ispan: indices[0].span })
    }

    /// A new C-contiguous array of the selection's shape whose items are the selected items.
    fn gather(&mut self, s: &Selection, span: Span) -> R<Vals> {
        let k = s.consumed();
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
            s.shape.clone()
        };
        let shape: Vals = sel_shape.iter().chain(&inner.shape[k..]).copied().collect();
        let staged = self.staged(s.at.dtype, &shape, span);
        let (row_shape, row_strides) = (inner.shape[k..].to_vec(), inner.strides[k..].to_vec());
        let dst_strides = staged.strides[sel_shape.len()..].to_vec();
        let row_bytes = self.row_bytes(s.at.dtype, &row_shape);
        self.walk_selection(&inner, s, &mut |cx, j, src| {
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
        let k = s.consumed();
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
        let k = s.consumed();
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
            let n = s.shape.iter().copied().reduce(|a, b| self.b.ins().imul(a, b)).unwrap_or_else(|| self.iconst(types::I64, 1));
            (n, s.shape.clone())
        };
        let (offsets, _, _) = self.allocate(&[count], Dtype::I64, false, span);
        self.walk_selection(&inner, s, &mut |cx, j, src| {
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

    /// Calls `f(j, address)` for the `j`-th selected item of `arr` (the selection's view from its
    /// axis on), in C order of the index.
    fn walk_selection(&mut self, arr: &ArrayVals, s: &Selection, f: &mut dyn FnMut(&mut Self, Value, Value) -> R<()>) -> R<()> {
        let j = self.temp_var(types::I64);
        let zero = self.iconst(types::I64, 0);
        self.b.def_var(j, zero);
        let mut visit = |cx: &mut Self, addr: Value| -> R<()> {
            let jv = cx.b.use_var(j);
            f(cx, jv, addr)?;
            let next = cx.b.ins().iadd_imm_s(jv, 1);
            cx.b.def_var(j, next);
            Ok(())
        };
        if s.it.dtype == Dtype::Bool {
            let k = s.it.ndim as usize;
            let operands = vec![(s.idx.data, s.idx.strides.clone()), (arr.data, arr.strides[..k].to_vec())];
            return self.walk(&s.idx.shape, operands, &mut |cx, addrs| {
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
        let arrays: Vec<(&ArrayVals, ArrayType)> = std::iter::once((&s.idx, s.it)).chain(s.more.iter().map(|(v, t)| (v, *t))).collect();
        // NumPy checks one index array after the other: with several, each is checked first over
        // the shape they broadcast to (none of them when it is empty).
        let several = arrays.len() > 1;
        if several {
            for (q, ((v, it), strides)) in arrays.iter().zip(&s.strides).enumerate() {
                self.walk(&s.shape, vec![(v.data, strides.clone())], &mut |cx, addrs| {
                    cx.checked_index_item(addrs[0], *it, arr.shape[q], s.axes[q], s.ispan, true);
                    Ok(())
                })?;
            }
        }
        let operands = arrays.iter().zip(&s.strides).map(|((v, _), strides)| (v.data, strides.clone())).collect();
        self.walk(&s.shape, operands, &mut |cx, addrs| {
            let mut addr = arr.data;
            for (q, ((_, it), at)) in arrays.iter().zip(addrs).enumerate() {
                let wrapped = cx.checked_index_item(*at, *it, arr.shape[q], s.axes[q], s.ispan, !several);
                let off = cx.b.ins().imul(wrapped, arr.strides[q]);
                addr = cx.b.ins().iadd(addr, off);
            }
            visit(cx, addr)
        })
    }

    /// The index element at `at` of an index array of type `it`, negative values wrapped, along
    /// an axis of length `n` (the original array's axis `axis`); IndexError when it is out of
    /// bounds and `check`.
    fn checked_index_item(&mut self, at: Value, it: ArrayType, n: Value, axis: usize, ispan: Span, check: bool) -> Value {
        let raw = self.load_elem(at, it.dtype);
        let i = self.i64_value(raw, &Type::Scalar(it.dtype));
        // An unsigned 64-bit index is never negative: its large values are out of bounds.
        let wrapped = if it.dtype == Dtype::U64 {
            i
        } else {
            let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
            let shifted = self.b.ins().iadd(i, n);
            self.b.ins().select(neg, shifted, i)
        };
        if check {
            let oob = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, wrapped, n);
            self.fail_if_with(oob, |cx| {
                cx.raise_class("IndexError", |cx| {
                    let axis = cx.iconst(types::I64, axis as i64);
                    let (lp, ll) = cx.location(ispan);
                    let f = cx.helper(Helper::RaiseIndex);
                    cx.call(f, &[i, axis, n, lp, ll]);
                });
            });
        }
        wrapped
    }

    /// The number of true elements of a boolean array.
    fn count_true(&mut self, mask: &ArrayVals) -> R<Value> {
        let n = self.temp_var(types::I64);
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
