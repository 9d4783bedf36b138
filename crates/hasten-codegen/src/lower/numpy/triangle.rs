//! Triangles and powers: `np.tri` (ones on and below diagonal `k`), `np.tril`/`np.triu` (copies of
//! the lower/upper triangle of the last two axes, the rest zero), `np.vander` (columns of powers,
//! each the previous one times `x` as NumPy's `multiply.accumulate` computes them).

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// An int argument as an i64.
    fn int_arg(&mut self, e: &Expr) -> R<Value> {
        let v = self.expr(e)?[0];
        Ok(self.i64_value(v, &e.ty))
    }

    /// The end of row `i`'s columns `j <= i + k` among `m`, as `clamp(i + k + 1, 0, m)`; `k` is first
    /// clamped to `[-rows - 1, m]`, which changes no row's end and keeps the sum from overflowing.
    fn row_end(&mut self, i: Value, k: Value, rows: Value, m: Value) -> Value {
        let lo = self.b.ins().iadd_imm_s(rows, 1);
        let lo = self.b.ins().ineg(lo);
        let k = self.b.ins().smax(k, lo);
        let k = self.b.ins().smin(k, m);
        let end = self.b.ins().iadd(i, k);
        let end = self.b.ins().iadd_imm_s(end, 1);
        let zero = self.iconst(types::I64, 0);
        let end = self.b.ins().smax(end, zero);
        self.b.ins().smin(end, m)
    }

    /// `np.tri(N, M, k, dtype)`: NumPy makes a negative `N` or `M` an empty axis.
    pub(in crate::lower) fn tri(&mut self, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(at) = ty else { unreachable!("tri gives an array") };
        let zero = self.iconst(types::I64, 0);
        let n = self.int_arg(&args[0])?;
        let n = self.b.ins().smax(n, zero);
        let m = if args[1].ty == Type::None { n } else { self.int_arg(&args[1])? };
        let m = self.b.ins().smax(m, zero);
        let k = self.int_arg(&args[2])?;
        let (data, owner, _) = self.allocate(&[n, m], at.dtype, true, span);
        let itemsize = at.dtype.itemsize() as i64;
        let one = self.convert_const_one(at.dtype);
        let row = self.b.ins().imul_imm_s(m, itemsize);
        self.counted_loop(n, |cx, i| {
            let end = cx.row_end(i, k, n, m);
            let off = cx.b.ins().imul(i, row);
            let base = cx.b.ins().iadd(data, off);
            cx.counted_loop(end, |cx, j| {
                let off = cx.b.ins().imul_imm_s(j, itemsize);
                let addr = cx.b.ins().iadd(base, off);
                cx.b.ins().store(MemFlagsData::trusted(), one, addr, 0);
                Ok(())
            })
        })?;
        Ok(self.contiguous_vals(data, owner, vec![n, m], itemsize))
    }

    /// `np.tril(m, k)`/`np.triu(m, k)`: a zeroed copy into which each row's kept columns are copied;
    /// a 1-d `m` is every row of a square result, as NumPy broadcasts it.
    pub(in crate::lower) fn triangle(&mut self, f: NumpyFn, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(at) = ty else { unreachable!("tril and triu give arrays") };
        let mut src = ArrayVals::from_vals(&self.expr(&args[0])?);
        let k = self.int_arg(&args[1])?;
        if src.shape.len() == 1 {
            let zero = self.iconst(types::I64, 0);
            src.shape.insert(0, src.shape[0]);
            src.strides.insert(0, zero);
        }
        let nd = src.shape.len();
        let itemsize = at.dtype.itemsize() as i64;
        let (data, owner, _) = self.allocate(&src.shape, at.dtype, true, span);
        let dst_strides = self.c_strides(&src.shape, itemsize);
        let (rows, cols) = (src.shape[nd - 2], src.shape[nd - 1]);
        let (srow, scol, drow) = (src.strides[nd - 2], src.strides[nd - 1], dst_strides[nd - 2]);
        let operands = vec![(src.data, src.strides[..nd - 2].to_vec()), (data, dst_strides[..nd - 2].to_vec())];
        self.walk(&src.shape[..nd - 2], operands, &mut |cx, at_| {
            let (s, d) = (at_[0], at_[1]);
            cx.counted_loop(rows, |cx, i| {
                // tril keeps the columns before row i's end; triu keeps those from row i's end for
                // `k - 1`, which is `clamp(i + k, 0, cols)`.
                let (lo, hi) = if f == NumpyFn::Tril {
                    (cx.iconst(types::I64, 0), cx.row_end(i, k, rows, cols))
                } else {
                    let floor = cx.b.ins().iadd_imm_s(rows, 1);
                    let floor = cx.b.ins().ineg(floor);
                    let kc = cx.b.ins().smax(k, floor);
                    let km1 = cx.b.ins().iadd_imm_s(kc, -1);
                    (cx.row_end(i, km1, rows, cols), cols)
                };
                let so = cx.b.ins().imul(i, srow);
                let s = cx.b.ins().iadd(s, so);
                let dof = cx.b.ins().imul(i, drow);
                let d = cx.b.ins().iadd(d, dof);
                cx.index_loop(lo, hi, |cx, j, _| {
                    let so = cx.b.ins().imul(j, scol);
                    let v = cx.b.ins().iadd(s, so);
                    let dof = cx.b.ins().imul_imm_s(j, itemsize);
                    let addr = cx.b.ins().iadd(d, dof);
                    cx.copy_item(v, addr, at.dtype);
                    Ok(())
                })
            })
        })?;
        Ok(ArrayVals { data, owner, shape: src.shape, strides: dst_strides }.into_vals())
    }

    /// `np.vander(x, N, increasing)`: `x` converted to the result's dtype, then each column the
    /// previous one times it (the first column ones); decreasing powers fill the columns from the right.
    pub(in crate::lower) fn vander(&mut self, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let (Type::Array(xt), Type::Array(at)) = (&args[0].ty, ty) else { unreachable!("vander maps an array to an array") };
        let (xd, od) = (xt.dtype, at.dtype);
        let x = ArrayVals::from_vals(&self.expr(&args[0])?);
        let n = x.shape[0];
        let cols = if args[1].ty == Type::None { n } else { self.int_arg(&args[1])? };
        let ExprKind::Const(Const::Bool(increasing)) = args[2].kind else { unreachable!("the front end checks increasing=") };
        let (data, owner, _) = self.allocate(&[n, cols], od, false, span);
        let itemsize = od.itemsize() as i64;
        let one = self.convert_const_one(od);
        let row = self.b.ins().imul_imm_s(cols, itemsize);
        let acc = self.temp_var(scalar_clif(&Type::Scalar(od)));
        self.counted_loop(n, |cx, i| {
            let xo = cx.b.ins().imul(i, x.strides[0]);
            let xa = cx.b.ins().iadd(x.data, xo);
            let xi = cx.load_elem(xa, xd);
            let xi = cx.convert(xi, &Type::Scalar(xd), &Type::Scalar(od));
            cx.b.def_var(acc, one);
            let off = cx.b.ins().imul(i, row);
            let base = cx.b.ins().iadd(data, off);
            cx.counted_loop(cols, |cx, j| {
                let c = if increasing {
                    j
                } else {
                    let last = cx.b.ins().iadd_imm_s(cols, -1);
                    cx.b.ins().isub(last, j)
                };
                let off = cx.b.ins().imul_imm_s(c, itemsize);
                let addr = cx.b.ins().iadd(base, off);
                let v = cx.b.use_var(acc);
                cx.b.ins().store(MemFlagsData::trusted(), v, addr, 0);
                // The second column is x itself, the later ones products.
                let product = if od.is_float() { cx.b.ins().fmul(v, xi) } else { cx.b.ins().imul(v, xi) };
                let first = cx.b.ins().icmp_imm_s(IntCC::Equal, j, 0);
                let next = cx.b.ins().select(first, xi, product);
                cx.b.def_var(acc, next);
                Ok(())
            })
        })?;
        Ok(self.contiguous_vals(data, owner, vec![n, cols], itemsize))
    }
}
