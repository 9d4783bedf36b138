//! `np.var` and `np.std`, whole-array or along one axis, by NumPy's formula (`numpy/_core/_methods.py`):
//! the mean as `np.mean` computes it, then the sum of the squared deviations (as `np.sum` sums)
//! divided by `max(n - ddof, 0)`; `std` is its square root. The sums are those of `reduce.rs`, so the
//! results are NumPy's bits wherever hasten's `np.sum` gives NumPy's.

use super::cumulative::const_axis;
use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    pub(in crate::lower) fn variance(&mut self, f: NumpyFn, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(sat) = args[0].ty else { unreachable!("np.var takes an array") };
        let (elem, nd) = (sat.dtype, sat.ndim as usize);
        let od = match ty {
            Type::Array(a) => a.dtype,
            t => t.value_dtype(),
        };
        let src = self.array_operand(&args[0])?;
        let ddof = match args.get(2) {
            Some(d) => {
                let v = self.expr(d)?[0];
                self.f64_value(v, &d.ty)
            }
            None => self.b.ins().f64const(0.0),
        };
        let std = matches!(f, NumpyFn::Std | NumpyFn::Nanstd);
        // Integers have no NaN: NumPy's nanvar is then var.
        let skip_nan = matches!(f, NumpyFn::Nanvar | NumpyFn::Nanstd) && (elem.is_float() || elem.is_complex());
        let itemsize = elem.itemsize() as i64;
        // NumPy's mean converts other dtypes (integers) in buffers, which groups the sum in pieces.
        let cast = elem != od && od.is_float() && !elem.is_complex();
        match const_axis(args, 1, nd, None) {
            Some(along) if nd > 1 => {
                let outer: Vec<usize> = (0..nd).filter(|k| *k != along).collect();
                let shape: Vals = outer.iter().map(|k| src.shape[*k]).collect();
                let strides: Vals = outer.iter().map(|k| src.strides[*k]).collect();
                let (data, owner, _) = self.allocate(&shape, od, false, span);
                let out_strides = self.c_strides(&shape, od.itemsize() as i64);
                let (n, ss) = (src.shape[along], src.strides[along]);
                let sequential = self.sequential_lines(&sat, along, &src.shape, &src.strides);
                self.for_each_line(&shape, &strides, &out_strides, src.data, data, &mut |cx, s, d| {
                    let v = cx.line_variance(s, (n, ss), elem, od, ddof, (std, skip_nan), (sequential, None), span)?;
                    cx.b.ins().store(MemFlagsData::trusted(), v, d, 0);
                    Ok(())
                })?;
                Ok(self.contiguous_vals(data, owner, shape, od.itemsize() as i64))
            }
            _ if nd == 1 => {
                let pairwise = self.iconst(types::I64, 0);
                let chunks = cast.then(|| self.buffered_run(src.shape[0]));
                Ok(vec![self.line_variance(src.data, (src.shape[0], src.strides[0]), elem, od, ddof, (std, skip_nan), (pairwise, chunks), span)?])
            }
            _ if matches!(sat.layout, Layout::C | Layout::F) || args[0].is_elementwise() => {
                // A contiguous array (an element-wise result is made so, in NumPy's layout) in
                // memory order, as one line: NumPy's iterator walks it so.
                let mut count = self.iconst(types::I64, 1);
                for n in &src.shape {
                    count = self.b.ins().imul(count, *n);
                }
                let step = self.iconst(types::I64, itemsize);
                let pairwise = self.iconst(types::I64, 0);
                let chunks = cast.then(|| self.buffered_run(count));
                Ok(vec![self.line_variance(src.data, (count, step), elem, od, ddof, (std, skip_nan), (pairwise, chunks), span)?])
            }
            _ => {
                // Copied into one line in NumPy's iteration order (decided at run time from the
                // strides): NumPy's deviations are a new array in that order, summed whole; its mean
                // sums the array itself, in pieces (`sum_in_pieces`).
                let (mut shape, mut strides) = (src.shape.clone(), src.strides.clone());
                let chunks = self.numpy_order(&mut shape, &mut [&mut strides], &[1], cast, 1);
                let (flat, _, count) = self.allocate(&shape, elem, false, span);
                let flat_strides = self.c_strides(&shape, itemsize);
                self.copy_strided(elem, &shape, src.data, &strides, flat, &flat_strides)?;
                let step = self.iconst(types::I64, itemsize);
                let pairwise = self.iconst(types::I64, 0);
                let chunks = (!skip_nan && (elem == od || cast)).then_some(chunks);
                Ok(vec![self.line_variance(flat, (count, step), elem, od, ddof, (std, skip_nan), (pairwise, chunks), span)?])
            }
        }
    }

    /// `np.average(a, None, weights, returned)`: `sum(a * w) / sum(w)` in the result dtype (and
    /// `sum(w)` when `returned`), both summed as `np.sum` sums; NumPy's TypeError for shapes that
    /// differ and ZeroDivisionError for weights summing to zero.
    pub(in crate::lower) fn average(&mut self, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let (Type::Array(at), Type::Array(wt)) = (&args[0].ty, &args[2].ty) else { unreachable!("average of arrays") };
        let rty = match ty {
            Type::Tuple(items) => items[0].clone(),
            t => t.clone(),
        };
        let (ad, wd) = (at.dtype, wt.dtype);
        let a = self.array_operand(&args[0])?;
        let w = self.array_operand(&args[2])?;
        let mut n = self.iconst(types::I64, 1);
        for (x, y) in a.shape.iter().zip(&w.shape) {
            let differ = self.b.ins().icmp(IntCC::NotEqual, *x, *y);
            self.fail_if(differ, "TypeError", "Axis must be specified when shapes of a and weights differ.", span);
            n = self.b.ins().imul(n, *x);
        }
        let num = self.start_reduction(Reduction::Sum, &rty, n, span);
        let den = self.start_reduction(Reduction::Sum, &rty, n, span);
        self.walk(&a.shape, vec![(a.data, a.strides.clone()), (w.data, w.strides.clone())], &mut |cx, at| {
            let x = cx.load_elem(at[0], ad);
            let x = cx.convert(x, &Type::Scalar(ad), &rty);
            let y = cx.load_elem(at[1], wd);
            let y = cx.convert(y, &Type::Scalar(wd), &rty);
            let xy = cx.b.ins().fmul(x, y);
            cx.accumulate(&num, xy, &rty);
            cx.accumulate(&den, y, &rty);
            Ok(())
        })?;
        let (num, den) = (self.finish_reduction(&num, n), self.finish_reduction(&den, n));
        let zero = self.fconst(rty.value_dtype(), 0.0);
        let none = self.b.ins().fcmp(FloatCC::Equal, den, zero);
        self.fail_if(none, "ZeroDivisionError", "Weights sum to zero, can't be normalized", span);
        let avg = self.b.ins().fdiv(num, den);
        // `returned=True` adds the sum of the weights.
        Ok(if matches!(ty, Type::Tuple(_)) { vec![avg, den] } else { vec![avg] })
    }

    /// The variance (or standard deviation) in dtype `od` of the `n` elements of dtype `elem` at
    /// `base`, `stride` bytes apart; sums in plain order when `sequential` (see `start_reduction_in`),
    /// the mean in pieces where `chunks` says so (see `sum_in_pieces`);
    /// `skip_nan` leaves NaNs out (`np.nanvar`: the sums treat them as 0.0, the count leaves them out,
    /// and a count not above `ddof` gives NaN).
    #[allow(clippy::too_many_arguments)]
    fn line_variance(&mut self, base: Value, (n, stride): (Value, Value), elem: Dtype, od: Dtype, ddof: Value, (std, skip_nan): (bool, bool), (sequential, chunks): (Value, Option<(Value, Value)>), span: Span) -> R<Value> {
        if elem.is_complex() {
            return self.complex_line_variance(base, (n, stride), elem, ddof, (std, skip_nan), sequential, span);
        }
        let (ety, oty) = (Type::Scalar(elem), Type::Scalar(od));
        let mean_kind = if skip_nan { Reduction::Nanmean } else { Reduction::Mean };
        let mean = self.start_reduction_in(mean_kind, &oty, n, sequential, span);
        if let Some(chunks) = chunks {
            self.sum_in_pieces(&mean, n, chunks);
        }
        self.counted_loop(n, |cx, i| {
            let off = cx.b.ins().imul(i, stride);
            let addr = cx.b.ins().iadd(base, off);
            let v = cx.load_elem(addr, elem);
            cx.accumulate(&mean, v, &ety);
            Ok(())
        })?;
        let valid = mean.valid_count().map(|v| self.b.use_var(v));
        let mean = self.finish_reduction(&mean, n);
        let squares = self.start_reduction_in(Reduction::Sum, &oty, n, sequential, span);
        self.counted_loop(n, |cx, i| {
            let off = cx.b.ins().imul(i, stride);
            let addr = cx.b.ins().iadd(base, off);
            let v = cx.load_elem(addr, elem);
            let x = cx.convert(v, &ety, &oty);
            let dev = cx.b.ins().fsub(x, mean);
            let sq = cx.b.ins().fmul(dev, dev);
            // NumPy zeroes the squares of the NaN elements only (an inf - inf stays NaN).
            let sq = if skip_nan {
                let nan = cx.b.ins().fcmp(FloatCC::Unordered, x, x);
                let zero = cx.fconst(od, 0.0);
                cx.b.ins().select(nan, zero, sq)
            } else {
                sq
            };
            cx.accumulate(&squares, sq, &oty);
            Ok(())
        })?;
        let total = self.finish_reduction(&squares, n);
        let var = self.divide_by_dof(total, valid.unwrap_or(n), ddof, od, skip_nan);
        Ok(if std { self.b.ins().sqrt(var) } else { var })
    }

    /// `total / max(n - ddof, 0)` in the result's precision, as NumPy's division casts it (NaN
    /// for `nanvar` with no degrees of freedom left).
    fn divide_by_dof(&mut self, total: Value, n: Value, ddof: Value, od: Dtype, skip_nan: bool) -> Value {
        let oty = Type::Scalar(od);
        let nf = self.b.ins().fcvt_from_sint(types::F64, n);
        let rest = self.b.ins().fsub(nf, ddof);
        let zero = self.b.ins().f64const(0.0);
        let positive = self.b.ins().fcmp(FloatCC::GreaterThan, rest, zero);
        let count = self.b.ins().select(positive, rest, zero);
        // NumPy divides by its count as an intp (or a float ddof's float64): a float32 total in
        // float64, then rounded.
        let var = if od == Dtype::F32 {
            let wide = self.b.ins().fpromote(types::F64, total);
            let q = self.b.ins().fdiv(wide, count);
            self.b.ins().fdemote(types::F32, q)
        } else {
            let count = self.convert(count, &Type::Float, &oty);
            self.b.ins().fdiv(total, count)
        };
        if skip_nan {
            let nan = self.fconst(od, f64::NAN);
            self.b.ins().select(positive, var, nan)
        } else {
            var
        }
    }

    /// The variance of a line of complex elements of dtype `d`, by NumPy's formula for complex
    /// input: the mean as `np.var` takes it (the pairwise sum, divided by the count in complex128
    /// as NumPy divides complex numbers, rounded back to `d`), then the pairwise sum of
    /// `re*re + im*im` of each deviation, in the parts' precision. With `skip_nan` (`np.nanvar` of
    /// complex128), elements with a NaN part count as zeros in the sums (`nansum`'s), their
    /// deviations as zeros, and are left out of the count, which gives NaN where not above `ddof`;
    /// the squares are then the real parts of complex products.
    #[allow(clippy::too_many_arguments)]
    fn complex_line_variance(&mut self, base: Value, (n, stride): (Value, Value), d: Dtype, ddof: Value, (std, skip_nan): (bool, bool), sequential: Value, span: Span) -> R<Value> {
        let (re, im, count) = if skip_nan {
            self.complex_nan_sum(base, (n, stride), d, span)?
        } else if d == Dtype::C128 {
            // Along an axis NumPy's iterator may walk the lines side by side (`sequential`).
            let total = self.complex_line_fold(false, base, (n, stride), sequential, Dtype::C128)?;
            (total[0], total[1], n)
        } else {
            let (re, im) = self.complex_pairwise_sum(base, n, stride, d, 0);
            (re, im, n)
        };
        let (re, im) = self.parts_of(&[re, im], &d.item(), Dtype::C128);
        let nf = self.b.ins().fcvt_from_sint(types::F64, count);
        let zero = self.b.ins().f64const(0.0);
        let mean = self.smith_divide(re, im, nf, zero);
        let mean = self.parts_of(&mean, &Type::Complex, d);
        let part = Type::Scalar(d.part());
        let squares = self.start_reduction_in(Reduction::Sum, &part, n, sequential, span);
        self.counted_loop(n, |cx, i| {
            let off = cx.b.ins().imul(i, stride);
            let addr = cx.b.ins().iadd(base, off);
            let v = cx.load_item(addr, d);
            let (mut dr, mut di) = (cx.b.ins().fsub(v[0], mean.0), cx.b.ins().fsub(v[1], mean.1));
            if skip_nan {
                let nan = cx.complex_ufunc(Ufunc::Isnan, &v);
                let zero = cx.fconst_like(dr, 0.0);
                (dr, di) = (cx.b.ins().select(nan, zero, dr), cx.b.ins().select(nan, zero, di));
            }
            let ii = cx.b.ins().fmul(di, di);
            let sq = if skip_nan {
                // `nanvar` multiplies by the conjugate: NumPy's complex product, whose real part
                // is fused (`numpy_complex_binary`).
                cx.b.ins().fma(dr, dr, ii)
            } else {
                // `var` squares the parts as a float array, then adds them.
                let rr = cx.b.ins().fmul(dr, dr);
                cx.b.ins().fadd(rr, ii)
            };
            cx.accumulate(&squares, sq, &part);
            Ok(())
        })?;
        let total = self.finish_reduction(&squares, n);
        let var = self.divide_by_dof(total, count, ddof, d.part(), skip_nan);
        Ok(if std { self.b.ins().sqrt(var) } else { var })
    }
}
