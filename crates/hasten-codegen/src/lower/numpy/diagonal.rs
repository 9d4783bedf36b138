//! Diagonals: `np.trace(a, offset)` (summed as `np.sum` sums) and `np.diag(v, k)` (a new 2-d array
//! with `v` on diagonal `k`, or a copy of diagonal `k` of a 2-d array).

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
        // Diagonal k of a 2-d array: from (max(0, -k), max(0, k)), min(rows + min(0, k), cols - max(0, k)) long.
        let zero = self.iconst(types::I64, 0);
        let (row0, col0) = {
            let minus_k = self.b.ins().ineg(k);
            (self.b.ins().smax(zero, minus_k), self.b.ins().smax(zero, k))
        };
        let rows = self.b.ins().isub(a.shape[0], row0);
        let cols = self.b.ins().isub(a.shape[1], col0);
        let len = self.b.ins().smin(rows, cols);
        let len = self.b.ins().smax(zero, len);
        let o0 = self.b.ins().imul(row0, a.strides[0]);
        let o1 = self.b.ins().imul(col0, a.strides[1]);
        let start = self.b.ins().iadd(a.data, o0);
        let start = self.b.ins().iadd(start, o1);
        let step = self.b.ins().iadd(a.strides[0], a.strides[1]);
        let element = |cx: &mut Self, i: Value| {
            let off = cx.b.ins().imul(i, step);
            let addr = cx.b.ins().iadd(start, off);
            cx.load_elem(addr, at.dtype)
        };
        if f == NumpyFn::Trace {
            let sum_ty = reduce::reduction_type(Reduction::Sum, ty.value_dtype(), &Type::Scalar(at.dtype));
            let r = self.start_reduction(Reduction::Sum, &sum_ty, len, span);
            self.counted_loop(len, |cx, i| {
                let v = element(cx, i);
                cx.accumulate(&r, v, &Type::Scalar(at.dtype));
                Ok(())
            })?;
            let total = self.finish_reduction(&r, len);
            return Ok(vec![self.convert(total, &sum_ty, ty)]);
        }
        let itemsize = at.dtype.itemsize() as i64;
        let (data, owner, _) = self.allocate(&[len], at.dtype, false, span);
        self.counted_loop(len, |cx, i| {
            let v = element(cx, i);
            let off = cx.b.ins().imul_imm_s(i, itemsize);
            let addr = cx.b.ins().iadd(data, off);
            cx.b.ins().store(MemFlagsData::trusted(), v, addr, 0);
            Ok(())
        })?;
        Ok(self.contiguous_vals(data, owner, vec![len], itemsize))
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
            let x = cx.load_elem(src, d);
            let r = cx.b.ins().iadd(i, row0);
            let c = cx.b.ins().iadd(i, col0);
            let at = cx.b.ins().imul(r, n);
            let at = cx.b.ins().iadd(at, c);
            let off = cx.b.ins().imul_imm_s(at, itemsize);
            let addr = cx.b.ins().iadd(data, off);
            cx.b.ins().store(MemFlagsData::trusted(), x, addr, 0);
            Ok(())
        })?;
        Ok(self.contiguous_vals(data, owner, vec![n, n], itemsize))
    }
}
