//! Array creation: `np.empty`, `np.zeros`, `np.ones` and their `_like` forms, `np.full`,
//! `np.linspace`, `np.eye`/`np.identity`.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// `np.linspace(start, stop, num, endpoint)` with NumPy's formula: `i * step + start`, the last
    /// element set to `stop` exactly when `endpoint`.
    pub(in crate::lower) fn linspace(&mut self, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(at) = ty else { unreachable!("linspace gives an array") };
        let mut v = Vec::new();
        for a in &args[..4] {
            v.push(self.expr(a)?);
        }
        let num = self.i64_value(v[2][0], &args[2].ty);
        let endpoint = self.truth(&v[3], &args[3].ty);
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, num, 0);
        self.fail_if_with(negative, |cx| {
            let (ep, el) = cx.str_consts("ValueError");
            let (mp, ml) = cx.str_consts("Number of samples, {}, must be non-negative.");
            let (lp, ll) = cx.location(span);
            let f = cx.helper(Helper::RaiseInt);
            cx.call(f, &[ep, el, mp, ml, num, lp, ll]);
            cx.leave_to_error_exit();
        });
        let one = self.iconst(types::I64, 1);
        let endpoint64 = self.b.ins().uextend(types::I64, endpoint);
        let div = self.b.ins().isub(num, endpoint64);
        let divf = self.b.ins().fcvt_from_sint(types::F64, div);
        if args[..2].iter().any(|a| a.ty.is_c128()) {
            let ends = [self.complex_parts(&v[0], &args[0].ty), self.complex_parts(&v[1], &args[1].ty)];
            return self.complex_linspace(ends, (num, div, divf), endpoint, span);
        }
        let start = self.f64_value(v[0][0], &args[0].ty);
        let stop = self.f64_value(v[1][0], &args[1].ty);
        let delta = self.b.ins().fsub(stop, start);
        let step = self.b.ins().fdiv(delta, divf);
        let zero = self.b.ins().f64const(0.0);
        let step_zero = self.b.ins().fcmp(FloatCC::Equal, step, zero);
        let (data, owner, _) = self.allocate(&[num], at.dtype, false, span);
        self.counted_loop(num, |cx, i| {
            let fi = cx.b.ins().fcvt_from_sint(types::F64, i);
            let stepped = cx.b.ins().fmul(fi, step);
            let scaled = cx.b.ins().fdiv(fi, divf);
            let scaled = cx.b.ins().fmul(scaled, delta);
            let y = cx.b.ins().select(step_zero, scaled, stepped);
            // With nothing to divide by (one sample with the end point), NumPy multiplies by delta.
            let plain = cx.b.ins().fmul(fi, delta);
            let has_div = cx.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, div, 0);
            let y = cx.b.ins().select(has_div, y, plain);
            let y = cx.b.ins().fadd(y, start);
            let last = cx.b.ins().iadd_imm_s(num, -1);
            let is_last = cx.b.ins().icmp(IntCC::Equal, i, last);
            let more_than_one = cx.b.ins().icmp(IntCC::SignedGreaterThan, num, one);
            let exact = cx.b.ins().band(is_last, endpoint);
            let exact = cx.b.ins().band(exact, more_than_one);
            let y = cx.b.ins().select(exact, stop, y);
            // NumPy 2 floors before casting to an integer dtype.
            let y = if at.dtype.is_int() { cx.b.ins().floor(y) } else { y };
            let off = cx.b.ins().imul_imm_s(i, at.dtype.itemsize() as i64);
            let addr = cx.b.ins().iadd(data, off);
            // `astype`: a C cast, or a complex128 with a zero imaginary part.
            if at.dtype.is_complex() {
                let (re, im) = cx.parts_of(&[y], &Type::Float, at.dtype);
                cx.store_parts(addr, &[re, im]);
            } else {
                let y = cx.convert(y, &Type::Float, &Type::Scalar(at.dtype));
                cx.b.ins().store(MemFlagsData::trusted(), y, addr, 0);
            }
            Ok(())
        })?;
        let itemsize = self.iconst(types::I64, at.dtype.itemsize() as i64);
        Ok(ArrayVals { data, owner, shape: vec![num], strides: vec![itemsize] }.into_vals())
    }

    /// `np.linspace` of complex end points, as NumPy computes it in complex128: `i + 0j` times the
    /// step `(stop - start) / div` (its multiply loop, fused; a zero step divides `i` by `div`
    /// first and multiplies by the difference), plus `start`; the last element `stop` exactly.
    fn complex_linspace(&mut self, [start, stop]: [(Value, Value); 2], (num, div, divf): (Value, Value, Value), endpoint: Value, span: Span) -> R<Vals> {
        let c = Type::Complex;
        let zero = self.b.ins().f64const(0.0);
        let delta = [self.b.ins().fsub(stop.0, start.0), self.b.ins().fsub(stop.1, start.1)];
        let step = self.smith_divide(delta[0], delta[1], divf, zero);
        let step_zero = self.numpy_complex_equal(CmpOp::Eq, &step, &c, &[zero, zero], &c, Dtype::C128);
        let has_div = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, div, 0);
        let last = self.b.ins().iadd_imm_s(num, -1);
        let more_than_one = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, num, 1);
        let exact = self.b.ins().band(endpoint, more_than_one);
        let (data, owner, _) = self.allocate(&[num], Dtype::C128, false, span);
        self.counted_loop(num, |cx, i| {
            let fi = [cx.b.ins().fcvt_from_sint(types::F64, i), zero];
            let stepped = cx.numpy_complex_binary(BinOp::Mul, &fi, &c, &step, &c, Dtype::C128);
            let scaled = cx.smith_divide(fi[0], fi[1], divf, zero);
            let scaled = cx.numpy_complex_binary(BinOp::Mul, &scaled, &c, &delta, &c, Dtype::C128);
            let plain = cx.numpy_complex_binary(BinOp::Mul, &fi, &c, &delta, &c, Dtype::C128);
            let is_last = cx.b.ins().icmp(IntCC::Equal, i, last);
            let is_stop = cx.b.ins().band(is_last, exact);
            let addr = cx.b.ins().imul_imm_s(i, 16);
            let addr = cx.b.ins().iadd(data, addr);
            let parts: Vals = (0..2)
                .map(|k| {
                    let y = cx.b.ins().select(step_zero, scaled[k], stepped[k]);
                    let y = cx.b.ins().select(has_div, y, plain[k]);
                    let y = cx.b.ins().fadd(y, if k == 0 { start.0 } else { start.1 });
                    cx.b.ins().select(is_stop, if k == 0 { stop.0 } else { stop.1 }, y)
                })
                .collect();
            cx.store_parts(addr, &parts);
            Ok(())
        })?;
        let itemsize = self.iconst(types::I64, 16);
        Ok(ArrayVals { data, owner, shape: vec![num], strides: vec![itemsize] }.into_vals())
    }

    /// `np.eye(N, M, k)` (`np.identity(n)`): zeros with ones on the `k`-th diagonal, which runs
    /// over the rows `max(0, -k) <= i < min(N, M - k)`.
    pub(in crate::lower) fn eye(&mut self, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(at) = ty else { unreachable!("eye gives an array") };
        let mut v = Vec::new();
        for a in &args[..3] {
            v.push(self.expr(a)?.first().copied());
        }
        let n = self.i64_value(v[0].expect("N is a number"), &args[0].ty);
        let m = match v[1] {
            Some(m) if args[1].ty != Type::None => self.i64_value(m, &args[1].ty),
            _ => n,
        };
        let k = self.i64_value(v[2].expect("k is a number"), &args[2].ty);
        let (data, owner, _) = self.allocate(&[n, m], at.dtype, true, span);
        let zero = self.iconst(types::I64, 0);
        let minus_k = self.b.ins().ineg(k);
        let first = self.b.ins().smax(zero, minus_k);
        let end = self.b.ins().isub(m, k);
        let end = self.b.ins().smin(n, end);
        let count = self.b.ins().isub(end, first);
        let count = self.b.ins().smax(zero, count);
        // A complex one is its real part (the zeroed imaginary part stays).
        let one = self.convert_const_one(if at.dtype.is_complex() { at.dtype.part() } else { at.dtype });
        let itemsize = at.dtype.itemsize() as i64;
        // Element (i, i + k) of a C-ordered N x M array: offset (i * (M + 1) + k) items.
        let m1 = self.b.ins().iadd_imm_s(m, 1);
        self.counted_loop(count, |cx, t| {
            let i = cx.b.ins().iadd(first, t);
            let at_i = cx.b.ins().imul(i, m1);
            let at_i = cx.b.ins().iadd(at_i, k);
            let off = cx.b.ins().imul_imm_s(at_i, itemsize);
            let addr = cx.b.ins().iadd(data, off);
            cx.b.ins().store(MemFlagsData::trusted(), one, addr, 0);
            Ok(())
        })?;
        Ok(self.contiguous_vals(data, owner, vec![n, m], itemsize))
    }

    /// `np.full`/`np.full_like`: a new array with every element set to the fill value.
    pub(in crate::lower) fn full_array(&mut self, f: NumpyFn, args: &[Expr], ty: &Type) -> R<Vals> {
        let Type::Array(at) = ty else { unreachable!("full gives an array") };
        let first = self.expr(&args[0])?;
        let fill = self.expr(&args[1])?;
        let shape: Vals = match (f, &args[0].ty) {
            (NumpyFn::FullLike, Type::Array(_)) => ArrayVals::from_vals(&first).shape,
            (_, Type::Tuple(items)) => {
                let items = items.clone();
                first.iter().zip(&items).map(|(v, t)| self.i64_value(*v, t)).collect()
            }
            (_, t) => vec![self.i64_value(first[0], &t.clone())],
        };
        let (data, owner, count) = self.allocate(&shape, at.dtype, false, args[0].span);
        if at.dtype.is_complex() {
            let (re, im) = self.parts_of(&fill, &args[1].ty, at.dtype);
            self.fill_complex(data, count, re, im)?;
        } else {
            // NumPy 2 converts a Python int fill value to the dtype first, refusing one that does
            // not fit (also for an empty array); other values are cast as `copyto` casts them.
            if args[1].ty == Type::Int && at.dtype.is_int() && at.dtype != Dtype::I64 {
                self.check_python_int_fits(fill[0], at.dtype, args[1].span);
            }
            let value = self.convert(fill[0], &args[1].ty, &Type::Scalar(at.dtype));
            self.fill(data, count, at.dtype, value)?;
        }
        let strides = self.like_strides(&args[0].ty, &first, &shape, at.dtype.itemsize() as i64);
        Ok(ArrayVals { data, owner, shape, strides }.into_vals())
    }

    /// The strides of a new array made like `src` (of type `src_ty`, or a shape): NumPy's
    /// `order='K'`, the memory order of `src`, which the type checker's layout follows.
    fn like_strides(&mut self, src_ty: &Type, src: &[Value], shape: &[Value], itemsize: i64) -> Vals {
        match src_ty {
            Type::Array(a) if a.layout != Layout::C => self.k_order_strides(shape, &ArrayVals::from_vals(src).strides, itemsize),
            _ => self.c_strides(shape, itemsize),
        }
    }

    pub(in crate::lower) fn new_array(&mut self, f: NumpyFn, args: &[Expr], ty: &Type) -> R<Vals> {
        let Type::Array(at) = ty else { unreachable!("constructors return arrays") };
        let first = self.expr(&args[0])?;
        let shape: Vals = match (f, &args[0].ty) {
            (NumpyFn::EmptyLike | NumpyFn::ZerosLike | NumpyFn::OnesLike, Type::Array(_)) => ArrayVals::from_vals(&first).shape,
            (_, Type::Tuple(items)) => {
                let items = items.clone();
                first.iter().zip(&items).map(|(v, t)| self.i64_value(*v, t)).collect()
            }
            (_, t) => vec![self.i64_value(first[0], &t.clone())],
        };
        let itemsize = at.dtype.itemsize() as i64;
        let zeroed = matches!(f, NumpyFn::Zeros | NumpyFn::ZerosLike);
        let (data, owner, count) = self.allocate(&shape, at.dtype, zeroed, args[0].span);
        let strides = self.like_strides(&args[0].ty, &first, &shape, itemsize);
        if matches!(f, NumpyFn::Ones | NumpyFn::OnesLike) && at.dtype.is_complex() {
            let one = self.iconst(types::I64, 1);
            let (one, zero) = self.parts_of(&[one], &Type::Int, at.dtype);
            self.fill_complex(data, count, one, zero)?;
        } else if matches!(f, NumpyFn::Ones | NumpyFn::OnesLike) {
            let one = self.convert_const_one(at.dtype);
            self.fill(data, count, at.dtype, one)?;
        }
        Ok(ArrayVals { data, owner, shape, strides }.into_vals())
    }

    /// `a.copy()`/`np.copy(a)` of an array whose elements are more than one value (complex128): a
    /// new C-ordered array, element by element.
    pub(in crate::lower) fn copy_array(&mut self, a: &Expr, span: Span) -> R<Vals> {
        let Type::Array(at) = a.ty else { unreachable!("copy of an array") };
        let src = ArrayVals::from_vals(&self.expr(a)?);
        Ok(self.c_copy(&src, at.dtype, span)?.into_vals())
    }

    /// A new C-ordered copy of the array `src` of dtype `d`.
    pub(in crate::lower) fn c_copy(&mut self, src: &ArrayVals, d: Dtype, span: Span) -> R<ArrayVals> {
        let (data, owner, _) = self.allocate(&src.shape, d, false, span);
        let strides = self.c_strides(&src.shape, d.itemsize() as i64);
        self.copy_strided(d, &src.shape, src.data, &src.strides, data, &strides)?;
        Ok(ArrayVals { data, owner, shape: src.shape.clone(), strides })
    }
}
