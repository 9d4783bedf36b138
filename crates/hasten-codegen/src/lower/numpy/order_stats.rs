//! Order statistics: `np.unique`, `np.median`, `np.nanmedian`, `np.percentile`, `np.quantile`
//! (each line copied into a contiguous buffer the runtime may reorder: `hasten_runtime::stats`)
//! and `np.ptp` (a max and a min in one pass, as NumPy's two reductions give them).

use super::cumulative::const_axis;
use super::sort::dtype_code;
use super::*;
use hasten_runtime::stats::{OUT_F32, QUANTILES, SKIP_NAN};

impl<'a, 'f> Lower<'a, 'f> {
    /// A new C-ordered copy of `a` with the axes in the order `axes`; returns its data and the
    /// permuted shape.
    fn permuted_copy(&mut self, a: &ArrayVals, d: Dtype, axes: &[usize], span: Span) -> R<(Value, Vals)> {
        let shape: Vals = axes.iter().map(|k| a.shape[*k]).collect();
        let strides: Vals = axes.iter().map(|k| a.strides[*k]).collect();
        let (data, _, _) = self.allocate(&shape, d, false, span);
        let dst = self.c_strides(&shape, d.itemsize() as i64);
        self.copy_strided(d, &shape, a.data, &strides, data, &dst)?;
        Ok((data, shape))
    }

    /// `np.unique(ar, return_index, return_inverse, return_counts)`: a sorted copy (or the stable
    /// permutation that sorts it, when indices are asked for), the runtime counting the groups,
    /// then filling the outputs allocated to that size.
    pub(in crate::lower) fn unique(&mut self, args: &[Expr], span: Span) -> R<Vals> {
        let Type::Array(at) = args[0].ty else { unreachable!("unique takes an array") };
        let flag = |k: usize| matches!(args[k].kind, ExprKind::Const(Const::Bool(true)));
        let (index, inverse, counts) = (flag(1), flag(2), flag(3));
        let a = self.array_operand(&args[0])?;
        let d = at.dtype;
        let axes: Vec<usize> = (0..a.shape.len()).collect();
        let (buf, _) = self.permuted_copy(&a, d, &axes, span)?;
        let mut n = self.iconst(types::I64, 1);
        for s in &a.shape {
            n = self.b.ins().imul(n, *s);
        }
        let code = self.iconst(types::I64, dtype_code(d));
        let stride = self.iconst(types::I64, d.itemsize() as i64);
        let null = self.iconst(types::I64, 0);
        // Complex values go through the permutation too: NumPy's hashed unique keeps the first
        // NaN of the input (`hasten_runtime::stats::unique_line`).
        let perm = if index || inverse || d.is_complex() {
            let (perm, _, _) = self.allocate(&[n], Dtype::I64, false, span);
            let (argsort, eight) = (self.helper(Helper::Argsort), self.iconst(types::I64, 8));
            self.call(argsort, &[buf, n, stride, code, perm, eight]);
            perm
        } else {
            let sort = self.helper(Helper::Sort);
            self.call(sort, &[buf, n, stride, code]);
            null
        };
        let unique = self.helper(Helper::Unique);
        let k = self.call(unique, &[buf, n, code, perm, null, null, null, null])[0];
        let (values, vowner, _) = self.allocate(&[k], d, false, span);
        let mut out = self.contiguous_vals(values, vowner, vec![k], d.itemsize() as i64);
        let mut ptrs = [null; 3];
        for (slot, (wanted, shape)) in [(index, vec![k]), (inverse, a.shape.clone()), (counts, vec![k])].into_iter().enumerate() {
            if wanted {
                let (data, owner, _) = self.allocate(&shape, Dtype::I64, false, span);
                ptrs[slot] = data;
                out.extend(self.contiguous_vals(data, owner, shape, 8));
            }
        }
        self.call(unique, &[buf, n, code, perm, values, ptrs[0], ptrs[1], ptrs[2]]);
        Ok(out)
    }

    /// `np.median`, `np.nanmedian`, `np.percentile`, `np.quantile` over the whole array or along
    /// one axis: the lines are copied contiguous (the axis last), `q` made float64 and checked,
    /// then the runtime computes each line's results into `q`'s positions of the output.
    pub(in crate::lower) fn order_statistic(&mut self, f: NumpyFn, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(at) = args[0].ty else { unreachable!("order statistics take an array") };
        let quantiles = matches!(f, NumpyFn::Percentile | NumpyFn::Quantile);
        let axis_at = if quantiles { 2 } else { 1 };
        let rd = match ty {
            Type::Array(r) => r.dtype,
            t => t.value_dtype(),
        };
        let a = self.array_operand(&args[0])?;
        let (qs, nq, q_shape) = if quantiles { self.quantiles(f, &args[1], span)? } else { (self.iconst(types::I64, 0), self.iconst(types::I64, 1), Vec::new()) };
        let nd = a.shape.len();
        let axis = const_axis(args, axis_at, nd, None);
        let axes: Vec<usize> = match axis {
            Some(k) => (0..nd).filter(|j| *j != k).chain([k]).collect(),
            None => (0..nd).collect(),
        };
        let (buf, shape) = self.permuted_copy(&a, at.dtype, &axes, span)?;
        let (n, others) = match axis {
            Some(_) => (shape[nd - 1], shape[..nd - 1].to_vec()),
            None => {
                let mut n = self.iconst(types::I64, 1);
                for s in &shape {
                    n = self.b.ins().imul(n, *s);
                }
                (n, Vec::new())
            }
        };
        if quantiles {
            let empty = self.b.ins().icmp_imm_s(IntCC::Equal, n, 0);
            self.fail_if(empty, "IndexError", "index -1 is out of bounds for axis 0 with size 0", span);
        }
        let mut lines = self.iconst(types::I64, 1);
        for s in &others {
            lines = self.b.ins().imul(lines, *s);
        }
        let rsize = rd.itemsize() as i64;
        let out_shape: Vals = q_shape.iter().chain(&others).copied().collect();
        let (out, owner) = match ty {
            Type::Array(_) => {
                let (data, owner, _) = self.allocate(&out_shape, rd, false, span);
                (data, Some(owner))
            }
            _ => (self.stack_slot(8), None),
        };
        let flags = (rd == Dtype::F32) as i64 * OUT_F32 + quantiles as i64 * QUANTILES + (f == NumpyFn::Nanmedian) as i64 * SKIP_NAN;
        let (code, flags) = (self.iconst(types::I64, dtype_code(at.dtype)), self.iconst(types::I64, flags));
        let line_bytes = self.b.ins().imul_imm_s(n, at.dtype.itemsize() as i64);
        let q_stride = self.b.ins().imul_imm_s(lines, rsize);
        let helper = self.helper(Helper::Quantile);
        self.counted_loop(lines, |cx, j| {
            let off = cx.b.ins().imul(j, line_bytes);
            let line = cx.b.ins().iadd(buf, off);
            let ooff = cx.b.ins().imul_imm_s(j, rsize);
            let o = cx.b.ins().iadd(out, ooff);
            cx.call(helper, &[line, n, code, qs, nq, o, q_stride, flags]);
            Ok(())
        })?;
        Ok(match owner {
            Some(owner) => self.contiguous_vals(out, owner, out_shape, rsize),
            None => vec![self.load_elem(out, rd)],
        })
    }

    /// `q` as contiguous float64s (divided by 100 for percentiles) with NumPy's ValueError when
    /// one is outside [0, 1]: their address, count and shape.
    fn quantiles(&mut self, f: NumpyFn, q: &Expr, span: Span) -> R<(Value, Value, Vals)> {
        let v = self.expr(q)?;
        let (data, count, shape) = match &q.ty {
            Type::Array(qt) => {
                let qa = ArrayVals::from_vals(&v);
                let (data, count) = self.contiguous_f64(&qa, qt.dtype, span)?;
                (data, count, qa.shape)
            }
            t => {
                let slot = self.stack_slot(8);
                let x = self.f64_value(v[0], t);
                self.b.ins().store(MemFlagsData::trusted(), x, slot, 0);
                (slot, self.iconst(types::I64, 1), Vec::new())
            }
        };
        let (scale, msg) = match f {
            NumpyFn::Percentile => (100.0, "Percentiles must be in the range [0, 100]"),
            _ => (1.0, "Quantiles must be in the range [0, 1]"),
        };
        let scale = self.b.ins().f64const(scale);
        let valid = self.helper(Helper::QuantilesValid);
        let ok = self.call(valid, &[data, count, scale])[0];
        let bad = self.b.ins().icmp_imm_s(IntCC::Equal, ok, 0);
        self.fail_if(bad, "ValueError", msg, span);
        Ok((data, count, shape))
    }

    /// `np.ptp(a, axis)`: `max - min` of each line in the array's dtype (integers wrap, as
    /// NumPy's scalars do); an empty line raises the maximum's ValueError.
    pub(in crate::lower) fn ptp(&mut self, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(at) = args[0].ty else { unreachable!("ptp takes an array") };
        let (d, nd) = (at.dtype, at.ndim as usize);
        let src = self.array_operand(&args[0])?;
        if let (true, Some(along)) = (d.is_complex() && nd > 1, const_axis(args, 1, nd, None)) {
            // Along an axis: each line's maximum less its minimum, each folded in index order
            // (as `np.max`/`np.min` along an axis).
            return self.complex_lines(&src, along, d, span, &mut |cx, s, line| {
                let hi = cx.complex_extreme(Reduction::Max, s, line, d, span)?;
                let lo = cx.complex_extreme(Reduction::Min, s, line, d, span)?;
                Ok(vec![cx.b.ins().fsub(hi[0], lo[0]), cx.b.ins().fsub(hi[1], lo[1])])
            });
        }
        if d.is_complex() {
            // The whole of a line in memory (the type checker's condition; an element-wise result
            // is made so), in memory order as NumPy's iterator walks it: its maximum less its
            // minimum.
            let (data, n, stride) = if nd == 1 {
                (src.data, src.shape[0], src.strides[0])
            } else {
                let mut n = self.iconst(types::I64, 1);
                for s in &src.shape {
                    n = self.b.ins().imul(n, *s);
                }
                (src.data, n, self.iconst(types::I64, d.itemsize() as i64))
            };
            let hi = self.complex_extreme(Reduction::Max, data, (n, stride), d, span)?;
            let lo = self.complex_extreme(Reduction::Min, data, (n, stride), d, span)?;
            return Ok(vec![self.b.ins().fsub(hi[0], lo[0]), self.b.ins().fsub(hi[1], lo[1])]);
        }
        match const_axis(args, 1, nd, None) {
            Some(along) if nd > 1 => {
                let outer: Vec<usize> = (0..nd).filter(|k| *k != along).collect();
                let shape: Vals = outer.iter().map(|k| src.shape[*k]).collect();
                let strides: Vals = outer.iter().map(|k| src.strides[*k]).collect();
                let (data, owner, _) = self.allocate(&shape, d, false, span);
                let out_strides = self.c_strides(&shape, d.itemsize() as i64);
                let (n, ss) = (src.shape[along], src.strides[along]);
                self.for_each_line(&shape, &strides, &out_strides, src.data, data, &mut |cx, s, o| {
                    let v = cx.line_ptp(s, n, ss, d, span)?;
                    cx.b.ins().store(MemFlagsData::trusted(), v, o, 0);
                    Ok(())
                })?;
                let Type::Array(_) = ty else { unreachable!("an axis of an n-d array leaves an array") };
                Ok(self.contiguous_vals(data, owner, shape, d.itemsize() as i64))
            }
            _ if nd == 1 => Ok(vec![self.line_ptp(src.data, src.shape[0], src.strides[0], d, span)?]),
            _ => {
                let axes: Vec<usize> = (0..nd).collect();
                let (flat, shape) = self.permuted_copy(&src, d, &axes, span)?;
                let mut n = self.iconst(types::I64, 1);
                for s in &shape {
                    n = self.b.ins().imul(n, *s);
                }
                let step = self.iconst(types::I64, d.itemsize() as i64);
                Ok(vec![self.line_ptp(flat, n, step, d, span)?])
            }
        }
    }

    fn line_ptp(&mut self, base: Value, n: Value, stride: Value, d: Dtype, span: Span) -> R<Value> {
        let ety = Type::Scalar(d);
        let max = self.start_reduction(Reduction::Max, &ety, n, span);
        let min = self.start_reduction(Reduction::Min, &ety, n, span);
        self.counted_loop(n, |cx, i| {
            let off = cx.b.ins().imul(i, stride);
            let addr = cx.b.ins().iadd(base, off);
            let v = cx.load_elem(addr, d);
            cx.accumulate(&max, v, &ety);
            cx.accumulate(&min, v, &ety);
            Ok(())
        })?;
        let (hi, lo) = (self.finish_reduction(&max, n), self.finish_reduction(&min, n));
        Ok(if d.is_float() { self.b.ins().fsub(hi, lo) } else { self.b.ins().isub(hi, lo) })
    }
}
