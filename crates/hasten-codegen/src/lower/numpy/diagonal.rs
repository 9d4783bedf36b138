//! Diagonals: `np.trace(a, offset, axis1, axis2)` (summed as `np.sum` sums; an array of the other
//! axes' traces for more than two dimensions) and `np.diag(v, k)` (a new 2-d array
//! with `v` on diagonal `k`, or NumPy's read-only view of diagonal `k` of a 2-d array).

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    pub(in crate::lower) fn diagonal(&mut self, f: NumpyFn, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(at) = args[0].ty else { unreachable!("diagonals of arrays") };
        let a = ArrayVals::from_vals(&self.expr(&args[0])?);
        let k = match args.get(1) {
            Some(e) => {
                let v = self.expr(e)?[0];
                self.i64_value(v, &e.ty)
            }
            None => self.iconst(types::I64, 0),
        };
        if at.ndim == 1 {
            return self.diag_matrix(&a, at.dtype, k, span);
        }
        // The plane of the diagonal: `np.trace`'s axis1 (rows) and axis2 (columns), made
        // non-negative by the type checker; `np.diag`'s 2-d array.
        let axis = |e: &Expr| match e.kind {
            ExprKind::Const(Const::Int(v)) => v as usize,
            _ => unreachable!("the type checker makes trace's axes constants"),
        };
        let (r, c) = if f == NumpyFn::Trace { (axis(&args[2]), axis(&args[3])) } else { (0, 1) };
        // Diagonal k: from (max(0, -k), max(0, k)), min(rows + min(0, k), cols - max(0, k)) long.
        let zero = self.iconst(types::I64, 0);
        let (row0, col0) = {
            let minus_k = self.b.ins().ineg(k);
            (self.b.ins().smax(zero, minus_k), self.b.ins().smax(zero, k))
        };
        let rows = self.b.ins().isub(a.shape[r], row0);
        let cols = self.b.ins().isub(a.shape[c], col0);
        let len = self.b.ins().smin(rows, cols);
        let len = self.b.ins().smax(zero, len);
        let o0 = self.b.ins().imul(row0, a.strides[r]);
        let o1 = self.b.ins().imul(col0, a.strides[c]);
        let first = self.b.ins().iadd(o0, o1);
        let step = self.b.ins().iadd(a.strides[r], a.strides[c]);
        if f == NumpyFn::Trace {
            let sum = Type::Scalar(ty.element().value_dtype());
            if at.ndim == 2 && at.dtype == Dtype::C128 {
                let start = self.b.ins().iadd(a.data, first);
                let (re, im) = self.complex_pairwise_sum(start, len, step, at.dtype, 0);
                return Ok(vec![re, im]);
            }
            if at.ndim == 2 {
                let start = self.b.ins().iadd(a.data, first);
                return Ok(vec![self.trace_sum(start, step, len, at.dtype, &sum, span)?]);
            }
            // One trace per index of the other axes, in C order.
            let others: Vec<usize> = (0..at.ndim as usize).filter(|d| *d != r && *d != c).collect();
            let shape: Vec<Value> = others.iter().map(|&d| a.shape[d]).collect();
            let strides: Vec<Value> = others.iter().map(|&d| a.strides[d]).collect();
            let d = sum.value_dtype();
            let (data, owner, _) = self.allocate(&shape, d, false, span);
            let cursor = self.temp_var(types::I64);
            self.b.def_var(cursor, data);
            let start = self.b.ins().iadd(a.data, first);
            self.trace_nest(&shape, &strides, start, (step, len, at.dtype, &sum), cursor, span)?;
            return Ok(self.contiguous_vals(data, owner, shape, d.itemsize() as i64));
        }
        // NumPy's diagonal of a 2-d array: a read-only view (an empty one starts at the array).
        let start = self.b.ins().iadd(a.data, first);
        let some = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, len, 0);
        let data = self.b.ins().select(some, start, a.data);
        Ok(ArrayVals { data, owner: a.owner, shape: vec![len], strides: vec![step] }.into_vals())
    }

    /// The sum of `len` elements of dtype `d` from `start`, `step` bytes apart, as `np.sum` sums,
    /// in the type `sum`.
    fn trace_sum(&mut self, start: Value, step: Value, len: Value, d: Dtype, sum: &Type, span: Span) -> R<Value> {
        let acc_ty = reduce::reduction_type(Reduction::Sum, sum.value_dtype(), &Type::Scalar(d));
        let r = self.start_reduction(Reduction::Sum, &acc_ty, len, span);
        self.counted_loop(len, |cx, i| {
            let off = cx.b.ins().imul(i, step);
            let addr = cx.b.ins().iadd(start, off);
            let v = cx.load_elem(addr, d);
            cx.accumulate(&r, v, &Type::Scalar(d));
            Ok(())
        })?;
        let total = self.finish_reduction(&r, len);
        Ok(self.convert(total, &acc_ty, sum))
    }

    /// The traces of the planes at each index of the axes `shape` (with `strides`), stored at
    /// `cursor` in C order.
    fn trace_nest(&mut self, shape: &[Value], strides: &[Value], start: Value, plane: (Value, Value, Dtype, &Type), cursor: Variable, span: Span) -> R<()> {
        let Some((&n, rest)) = shape.split_first() else {
            let (step, len, d, sum) = plane;
            let v = self.trace_sum(start, step, len, d, sum, span)?;
            let at = self.b.use_var(cursor);
            self.b.ins().store(MemFlagsData::trusted(), v, at, 0);
            let next = self.b.ins().iadd_imm_s(at, sum.value_dtype().itemsize() as i64);
            self.b.def_var(cursor, next);
            return Ok(());
        };
        self.counted_loop(n, |cx, i| {
            let off = cx.b.ins().imul(i, strides[0]);
            let base = cx.b.ins().iadd(start, off);
            cx.trace_nest(rest, &strides[1..], base, plane, cursor, span)
        })
    }

    /// `np.diag(v, k)` of a 1-d `v`: an (n + |k|) x (n + |k|) array of zeros with `v` on diagonal k.
    fn diag_matrix(&mut self, v: &ArrayVals, d: Dtype, k: Value, span: Span) -> R<Vals> {
        let zero = self.iconst(types::I64, 0);
        let minus_k = self.b.ins().ineg(k);
        let (row0, col0) = (self.b.ins().smax(zero, minus_k), self.b.ins().smax(zero, k));
        let abs_k = self.b.ins().iadd(row0, col0);
        let n = self.b.ins().iadd(v.shape[0], abs_k);
        let (data, owner, _) = self.allocate(&[n, n], d, true, span);
        let itemsize = d.itemsize() as i64;
        self.counted_loop(v.shape[0], |cx, i| {
            let off = cx.b.ins().imul(i, v.strides[0]);
            let src = cx.b.ins().iadd(v.data, off);
            let r = cx.b.ins().iadd(i, row0);
            let c = cx.b.ins().iadd(i, col0);
            let at = cx.b.ins().imul(r, n);
            let at = cx.b.ins().iadd(at, c);
            let off = cx.b.ins().imul_imm_s(at, itemsize);
            let addr = cx.b.ins().iadd(data, off);
            cx.copy_item(src, addr, d);
            Ok(())
        })?;
        Ok(self.contiguous_vals(data, owner, vec![n, n], itemsize))
    }
}
