//! `np.histogram`, `np.digitize` and `np.interp`: operands made contiguous float64 where the
//! runtime reads them (`hasten_runtime::histogram`), `np.digitize` through `search.rs`'s binary
//! search of the bins in either direction.

use super::search::Sorted;
use super::sort::dtype_code;
use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// A new contiguous float64 copy of a strided array of dtype `d`; its data and element count.
    pub(super) fn contiguous_f64(&mut self, a: &ArrayVals, d: Dtype, span: Span) -> R<(Value, Value)> {
        let (data, _, count) = self.allocate(&a.shape, Dtype::F64, false, span);
        let dst = self.c_strides(&a.shape, 8);
        self.walk(&a.shape, vec![(a.data, a.strides.clone()), (data, dst)], &mut |cx, at| {
            let x = cx.load_elem(at[0], d);
            let x = cx.f64_value(x, &Type::Scalar(d));
            cx.b.ins().store(MemFlagsData::trusted(), x, at[1], 0);
            Ok(())
        })?;
        Ok((data, count))
    }

    /// `np.histogram(np.ravel(a), bins, range)`: `(counts, edges)`.
    pub(in crate::lower) fn histogram(&mut self, args: &[Expr], span: Span) -> R<Vals> {
        let Type::Array(at) = args[0].ty else { unreachable!("histogram bins an array") };
        let a = self.array_operand(&args[0])?;
        let bins = self.expr(&args[1])?;
        let range = self.expr(&args[2])?;
        let code = self.iconst(types::I64, dtype_code(at.dtype));
        let null = self.iconst(types::I64, 0);
        let (edges_in, nb, edges) = match &args[1].ty {
            Type::Array(bt) => {
                let b = ArrayVals::from_vals(&bins);
                let (f64s, len) = self.contiguous_f64(&b, bt.dtype, span)?;
                let nb = self.b.ins().iadd_imm_s(len, -1);
                let (copy, owner, _) = self.allocate(&b.shape, bt.dtype, false, span);
                let dst = self.c_strides(&b.shape, bt.dtype.itemsize() as i64);
                self.copy_strided(bt.dtype, &b.shape, b.data, &b.strides, copy, &dst)?;
                let edges = self.contiguous_vals(copy, owner, b.shape, bt.dtype.itemsize() as i64);
                (f64s, nb, edges)
            }
            t => {
                let nb = self.i64_value(bins[0], t);
                let bad = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, nb, 1);
                self.fail_if(bad, "ValueError", "`bins` must be positive, when an integer", span);
                let len = self.b.ins().iadd_imm_s(nb, 1);
                let (data, owner, _) = self.allocate(&[len], Dtype::F64, false, span);
                (null, nb, self.contiguous_vals(data, owner, vec![len], 8))
            }
        };
        let range_ptr = match &args[2].ty {
            Type::Tuple(items) => {
                let slot = self.stack_slot(16);
                for (k, (v, t)) in range.iter().zip(items).enumerate() {
                    let x = self.f64_value(*v, t);
                    self.b.ins().store(MemFlagsData::trusted(), x, slot, 8 * k as i32);
                }
                slot
            }
            _ => null,
        };
        let zero = self.iconst(types::I64, 0);
        let bins_count = self.b.ins().smax(nb, zero);
        let (hist, howner, _) = self.allocate(&[bins_count], Dtype::I64, true, span);
        let edges_out = if matches!(args[1].ty, Type::Array(_)) { null } else { edges[0] };
        let (lp, ll) = self.location(span);
        let f = self.helper(Helper::Histogram);
        let status = self.call(f, &[a.data, a.shape[0], a.strides[0], code, nb, range_ptr, edges_in, hist, edges_out, lp, ll])[0];
        self.check_status(status);
        let mut out = self.contiguous_vals(hist, howner, vec![bins_count], 8);
        out.extend(edges);
        Ok(out)
    }

    /// `np.digitize(x, bins, right)`: NumPy's monotonicity test, then `searchsorted` of the bins
    /// (read backwards, the count taken from the end, when they decrease) on the other side.
    pub(in crate::lower) fn digitize(&mut self, args: &[Expr], span: Span) -> R<Vals> {
        let right = matches!(args[2].kind, ExprKind::Const(Const::Bool(true)));
        let Type::Array(bt) = args[1].ty else { unreachable!("digitize's bins are an array") };
        let common = hasten_typeck::rules::common(&Type::Scalar(bt.dtype), &args[0].ty.element());
        let Some(common) = common else { unreachable!("numbers have a common type") };
        let x = self.expr(&args[0])?;
        let b = ArrayVals::from_vals(&self.expr(&args[1])?);
        let (len, stride) = (b.shape[0], b.strides[0]);
        let code = self.iconst(types::I64, dtype_code(bt.dtype));
        let mono = self.helper(Helper::Monotonicity);
        let mono = self.call(mono, &[b.data, len, stride, code])[0];
        let flat = self.b.ins().icmp_imm_s(IntCC::Equal, mono, 0);
        self.fail_if(flat, "ValueError", "bins must be monotonically increasing or decreasing", span);
        let down = self.b.ins().icmp_imm_s(IntCC::Equal, mono, -1);
        let last = self.b.ins().iadd_imm_s(len, -1);
        let back = self.b.ins().imul(last, stride);
        let end = self.b.ins().iadd(b.data, back);
        let neg = self.b.ins().ineg(stride);
        let data = self.b.ins().select(down, end, b.data);
        let stride = self.b.ins().select(down, neg, stride);
        let sorted = Sorted { data, len, stride, dtype: bt.dtype, common, right: !right };
        let place = |cx: &mut Self, v: Value, t: &Type| {
            let i = cx.insertion_point(&sorted, &[v], t);
            let from_end = cx.b.ins().isub(len, i);
            cx.b.ins().select(down, from_end, i)
        };
        let Type::Array(xt) = &args[0].ty else {
            return Ok(vec![place(self, x[0], &args[0].ty)]);
        };
        // NumPy's searches of an array of values (`search_each`: each from the bounds the previous
        // one left), which differ from searches of single values where NaN bins are out of order.
        let xa = ArrayVals::from_vals(&x);
        let (out, owner, _) = self.allocate(&xa.shape, Dtype::I64, false, span);
        let dst = self.c_strides(&xa.shape, 8);
        self.search_each(&sorted, &xa.shape, xa.data, &xa.strides, xt.dtype, out, &dst)?;
        self.walk(&xa.shape, vec![(out, dst)], &mut |cx, at| {
            let i = cx.b.ins().load(types::I64, MemFlagsData::trusted(), at[0], 0);
            let from_end = cx.b.ins().isub(len, i);
            let i = cx.b.ins().select(down, from_end, i);
            cx.b.ins().store(MemFlagsData::trusted(), i, at[0], 0);
            Ok(())
        })?;
        Ok(self.contiguous_vals(out, owner, xa.shape, 8))
    }

    /// `np.interp(x, xp, fp, left, right)` in float64, NumPy's checks of the sample points first.
    pub(in crate::lower) fn interp(&mut self, args: &[Expr], span: Span) -> R<Vals> {
        let (Type::Array(xpt), Type::Array(fpt)) = (&args[1].ty, &args[2].ty) else { unreachable!("sample points are arrays") };
        let (xpd, fpd) = (xpt.dtype, fpt.dtype);
        let x = self.expr(&args[0])?;
        let xp = ArrayVals::from_vals(&self.expr(&args[1])?);
        let fp = ArrayVals::from_vals(&self.expr(&args[2])?);
        let mut sides = Vec::new();
        for k in [3, 4] {
            let v = self.expr(&args[k])?;
            sides.push(match &args[k].ty {
                Type::None => None,
                t => Some(self.complex_parts(&v, t)),
            });
        }
        let m = xp.shape[0];
        let empty = self.b.ins().icmp_imm_s(IntCC::Equal, m, 0);
        self.fail_if(empty, "ValueError", "array of sample points is empty", span);
        let differ = self.b.ins().icmp(IntCC::NotEqual, fp.shape[0], m);
        self.fail_if(differ, "ValueError", "fp and xp are not of the same length.", span);
        let (xp64, _) = self.contiguous_f64(&xp, xpd, span)?;
        let has = sides.iter().enumerate().map(|(k, s)| (s.is_some() as i64) << k).sum::<i64>();
        let has = self.iconst(types::I64, has);
        if fpd.is_complex() {
            return self.interp_complex(&args[0].ty, &x, xp64, &fp, fpd, &sides, has, span);
        }
        let (fp64, _) = self.contiguous_f64(&fp, fpd, span)?;
        let nan = self.b.ins().f64const(f64::NAN);
        let (left, right) = (sides[0].map_or(nan, |s| s.0), sides[1].map_or(nan, |s| s.0));
        let f = self.helper(Helper::Interp);
        let Type::Array(xt) = &args[0].ty else {
            let slot = self.stack_slot(16);
            let v = self.f64_value(x[0], &args[0].ty);
            self.b.ins().store(MemFlagsData::trusted(), v, slot, 0);
            let one = self.iconst(types::I64, 1);
            let out = self.b.ins().iadd_imm_s(slot, 8);
            self.call(f, &[slot, one, xp64, fp64, m, left, right, has, out]);
            return Ok(vec![self.b.ins().load(types::F64, MemFlagsData::trusted(), out, 0)]);
        };
        let xa = ArrayVals::from_vals(&x);
        let (x64, n) = self.contiguous_f64(&xa, xt.dtype, span)?;
        let (out, owner, _) = self.allocate(&xa.shape, Dtype::F64, false, span);
        self.call(f, &[x64, n, xp64, fp64, m, left, right, has, out]);
        Ok(self.contiguous_vals(out, owner, xa.shape, 8))
    }

    /// `np.interp` with complex values: `fp` as contiguous complex128, the sides given (`has`)
    /// as (real, imaginary) pairs in a stack slot, a complex128 result.
    #[allow(clippy::too_many_arguments)]
    fn interp_complex(&mut self, xty: &Type, x: &[Value], xp64: Value, fp: &ArrayVals, fpd: Dtype, given: &[Option<(Value, Value)>], has: Value, span: Span) -> R<Vals> {
        let (fpc, _, _) = self.allocate(&fp.shape, Dtype::C128, false, span);
        let dst = self.c_strides(&fp.shape, 16);
        self.copy_cast(&fp.shape, fp.data, &fp.strides, fpd, fpc, &dst, Dtype::C128)?;
        let sides = self.stack_slot(32);
        for (k, (re, im)) in given.iter().enumerate().filter_map(|(k, s)| s.map(|s| (k, s))) {
            self.b.ins().store(MemFlagsData::trusted(), re, sides, 16 * k as i32);
            self.b.ins().store(MemFlagsData::trusted(), im, sides, 16 * k as i32 + 8);
        }
        let f = self.helper(Helper::InterpComplex);
        let m = fp.shape[0];
        let Type::Array(xt) = xty else {
            let slot = self.stack_slot(24);
            let v = self.f64_value(x[0], xty);
            self.b.ins().store(MemFlagsData::trusted(), v, slot, 0);
            let one = self.iconst(types::I64, 1);
            let out = self.b.ins().iadd_imm_s(slot, 8);
            self.call(f, &[slot, one, xp64, fpc, m, sides, has, out]);
            let re = self.b.ins().load(types::F64, MemFlagsData::trusted(), out, 0);
            let im = self.b.ins().load(types::F64, MemFlagsData::trusted(), out, 8);
            return Ok(vec![re, im]);
        };
        let xa = ArrayVals::from_vals(x);
        let (x64, n) = self.contiguous_f64(&xa, xt.dtype, span)?;
        let (out, owner, _) = self.allocate(&xa.shape, Dtype::C128, false, span);
        self.call(f, &[x64, n, xp64, fpc, m, sides, has, out]);
        Ok(self.contiguous_vals(out, owner, xa.shape, 16))
    }
}
