//! Products, sums along an axis and running totals of complex128 arrays, in NumPy's order:
//! `np.prod` (the identity times each element in turn), `np.sum`/`np.mean`/`np.prod` along an
//! axis (per line, as NumPy's iterator walks it), `np.cumsum`/`np.cumprod` (NumPy's `accumulate`:
//! the first element, then each total with the next) and the sums of products of
//! `np.dot`/`np.matmul`. NumPy's reduce and accumulate loops take its scalar complex product,
//! without fused multiply-adds (its SIMD loop does not take overlapping operands).

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// `np.sum`/`np.mean`/`np.prod` of a complex array along `axis` (complex64: sums and means):
    /// each line folded from the identity as NumPy's iterator walks it (`complex_line_fold`); a
    /// mean divided by the line's length as NumPy divides complex numbers. `np.max`/`np.min` (and
    /// the nan forms): each line folded from its first element in index order, which either walk
    /// of NumPy's keeps.
    pub(in crate::lower) fn complex_axis_sum(&mut self, r: Reduction, arg: &Expr, axis: usize, converted: bool, span: Span) -> R<Vals> {
        let Type::Array(mut sat) = arg.ty else { unreachable!("sums of arrays") };
        if sat.ndim == 1 {
            return self.complex_sum(r, arg, converted, span);
        }
        // NumPy reduces an expression's temporary, laid out after its operands.
        let src = if arg.is_elementwise() {
            let (src, layout) = self.elementwise_as_numpy(arg)?;
            sat.layout = layout;
            src
        } else {
            self.array_operand(arg)?
        };
        let d = sat.dtype;
        let sequential = self.sequential_lines(&sat, axis, &src.shape, &src.strides);
        let extreme = matches!(r, Reduction::Max | Reduction::Min | Reduction::Nanmax | Reduction::Nanmin);
        // NumPy refuses an empty axis without an identity even when there are no lines.
        self.fail_if_no_identity(r, src.shape[axis], span);
        self.complex_lines(&src, axis, d, span, &mut |cx, s, (n, step)| {
            if extreme {
                return cx.complex_extreme(r, s, (n, step), d, span);
            }
            let total = cx.complex_line_fold(r == Reduction::Prod, s, (n, step), sequential, d)?;
            if r != Reduction::Mean {
                return Ok(total);
            }
            // NumPy divides the sums by the count as an np.intp: in complex128, rounded back.
            let (re, im) = cx.parts_of(&total, &d.item(), Dtype::C128);
            let nf = cx.b.ins().fcvt_from_sint(types::F64, n);
            let zero = cx.b.ins().f64const(0.0);
            let q = cx.smith_divide(re, im, nf, zero);
            Ok(if d == Dtype::C64 { q.iter().map(|p| cx.b.ins().fdemote(types::F32, *p)).collect() } else { q })
        })
    }

    /// A new C-ordered array of the complex dtype `d` with one element per line of `src` along
    /// `axis`: what `line` computes from the line's first element and `(length, stride)`.
    pub(in crate::lower) fn complex_lines(&mut self, src: &ArrayVals, axis: usize, d: Dtype, span: Span, line: &mut dyn FnMut(&mut Self, Value, (Value, Value)) -> R<Vals>) -> R<Vals> {
        let outer: Vec<usize> = (0..src.shape.len()).filter(|k| *k != axis).collect();
        let shape: Vals = outer.iter().map(|k| src.shape[*k]).collect();
        let strides: Vals = outer.iter().map(|k| src.strides[*k]).collect();
        let (data, owner, _) = self.allocate(&shape, d, false, span);
        let out_strides = self.c_strides(&shape, d.itemsize() as i64);
        let along = (src.shape[axis], src.strides[axis]);
        self.for_each_line(&shape, &strides, &out_strides, src.data, data, &mut |cx, s, at| {
            let v = line(cx, s, along)?;
            cx.store_parts(at, &v);
            Ok(())
        })?;
        Ok(self.contiguous_vals(data, owner, shape, d.itemsize() as i64))
    }

    /// The sum (or `product`) of a line of `n` complex elements of dtype `d` from `base`, `step`
    /// bytes apart, from the identity. Where NumPy's iterator walks the line innermost
    /// (`sequential` is 0) its reduce loop: the pairwise sum, or each product rounded; else its
    /// element-wise loop once per element in turn (products fused).
    pub(in crate::lower) fn complex_line_fold(&mut self, product: bool, base: Value, (n, step): (Value, Value), sequential: Value, d: Dtype) -> R<Vals> {
        let part = if d == Dtype::C64 { types::F32 } else { types::F64 };
        let (re, im) = (self.temp_var(part), self.temp_var(part));
        let (innermost, in_turn, done) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.ins().brif(sequential, in_turn, &[], innermost, &[]);
        self.b.switch_to_block(innermost);
        let reduced = if product {
            self.complex_product(base, n, step, d)?
        } else {
            let (r, i) = self.complex_pairwise_sum(base, n, step, d, 0);
            vec![r, i]
        };
        self.b.def_var(re, reduced[0]);
        self.b.def_var(im, reduced[1]);
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(in_turn);
        let identity = self.iconst(types::I64, product as i64);
        let (first, zero) = self.parts_of(&[identity], &Type::Int, d);
        self.b.def_var(re, first);
        self.b.def_var(im, zero);
        self.counted_loop(n, |cx, i| {
            let off = cx.b.ins().imul(i, step);
            let addr = cx.b.ins().iadd(base, off);
            let v = cx.load_item(addr, d);
            let acc = [cx.b.use_var(re), cx.b.use_var(im)];
            let next = if product {
                cx.numpy_complex_binary(BinOp::Mul, &acc, &Type::Scalar(d), &v, &Type::Scalar(d), d)
            } else {
                vec![cx.b.ins().fadd(acc[0], v[0]), cx.b.ins().fadd(acc[1], v[1])]
            };
            cx.b.def_var(re, next[0]);
            cx.b.def_var(im, next[1]);
            Ok(())
        })?;
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
        Ok(vec![self.b.use_var(re), self.b.use_var(im)])
    }

    /// NumPy's complex product in its scalar loop.
    fn scalar_loop_product(&mut self, a: (Value, Value), b: (Value, Value)) -> (Value, Value) {
        let (rr, ii) = (self.b.ins().fmul(a.0, b.0), self.b.ins().fmul(a.1, b.1));
        let (ri, ir) = (self.b.ins().fmul(a.0, b.1), self.b.ins().fmul(a.1, b.0));
        (self.b.ins().fsub(rr, ii), self.b.ins().fadd(ri, ir))
    }

    /// `np.prod` of `count` complex128 elements from `data`, `stride` bytes apart: `1 + 0j` times
    /// each element in turn (so a lone `inf + nan j` gives NaNs, as in NumPy).
    pub(in crate::lower) fn complex_product(&mut self, data: Value, count: Value, stride: Value, d: Dtype) -> R<Vals> {
        let part = if d == Dtype::C64 { types::F32 } else { types::F64 };
        let (re, im) = (self.temp_var(part), self.temp_var(part));
        let one = self.iconst(types::I64, 1);
        let (one, zero) = self.parts_of(&[one], &Type::Int, d);
        self.b.def_var(re, one);
        self.b.def_var(im, zero);
        self.counted_loop(count, |cx, i| {
            let off = cx.b.ins().imul(i, stride);
            let at = cx.b.ins().iadd(data, off);
            let v = cx.load_item(at, d);
            let acc = (cx.b.use_var(re), cx.b.use_var(im));
            let (r, m) = cx.scalar_loop_product(acc, (v[0], v[1]));
            cx.b.def_var(re, r);
            cx.b.def_var(im, m);
            Ok(())
        })?;
        Ok(vec![self.b.use_var(re), self.b.use_var(im)])
    }

    /// `np.max`/`np.min` (`np.nanmax`/`np.nanmin`) of a complex array's `count` elements `stride`
    /// apart: NumPy's `maximum`/`minimum` (`fmax`/`fmin`) folded from the first element.
    pub(in crate::lower) fn complex_extreme(&mut self, r: Reduction, data: Value, (count, stride): (Value, Value), d: Dtype, span: Span) -> R<Vals> {
        self.fail_if_no_identity(r, count, span);
        let (max, ignore_nan) = (matches!(r, Reduction::Max | Reduction::Nanmax), matches!(r, Reduction::Nanmax | Reduction::Nanmin));
        let part = if d == Dtype::C64 { types::F32 } else { types::F64 };
        let first = self.load_item(data, d);
        let (re, im) = (self.temp_var(part), self.temp_var(part));
        self.b.def_var(re, first[0]);
        self.b.def_var(im, first[1]);
        let rest = self.b.ins().iadd_imm_s(count, -1);
        self.counted_loop(rest, |cx, i| {
            let k = cx.b.ins().iadd_imm_s(i, 1);
            let off = cx.b.ins().imul(k, stride);
            let at = cx.b.ins().iadd(data, off);
            let z = cx.load_item(at, d);
            let held = [cx.b.use_var(re), cx.b.use_var(im)];
            let next = cx.complex_extremum(max, ignore_nan, held, [z[0], z[1]]);
            cx.b.def_var(re, next[0]);
            cx.b.def_var(im, next[1]);
            Ok(())
        })?;
        Ok(vec![self.b.use_var(re), self.b.use_var(im)])
    }

    /// `np.argmax`/`np.argmin` of a complex array's `count` elements `stride` apart, as NumPy's
    /// `CDOUBLE_argmax` finds it: the first greatest (least) by real parts, then imaginary parts,
    /// unless an element with a NaN part comes first, which is taken and kept.
    pub(in crate::lower) fn complex_arg_extreme(&mut self, max: bool, data: Value, (count, stride): (Value, Value), d: Dtype, span: Span) -> R<Value> {
        let empty = self.b.ins().icmp_imm_s(IntCC::Equal, count, 0);
        let what = if max { "argmax" } else { "argmin" };
        self.fail_if(empty, "ValueError", &format!("attempt to get {what} of an empty sequence"), span);
        let beyond = if max { FloatCC::GreaterThan } else { FloatCC::LessThan };
        let part = if d == Dtype::C64 { types::F32 } else { types::F64 };
        let first = self.load_item(data, d);
        let (re, im, at) = (self.temp_var(part), self.temp_var(part), self.temp_var(types::I64));
        self.b.def_var(re, first[0]);
        self.b.def_var(im, first[1]);
        let zero = self.iconst(types::I64, 0);
        self.b.def_var(at, zero);
        let rest = self.b.ins().iadd_imm_s(count, -1);
        self.counted_loop(rest, |cx, i| {
            let k = cx.b.ins().iadd_imm_s(i, 1);
            let off = cx.b.ins().imul(k, stride);
            let addr = cx.b.ins().iadd(data, off);
            let z = cx.load_item(addr, d);
            let (hr, hi) = (cx.b.use_var(re), cx.b.use_var(im));
            let nan = |cx: &mut Self, r: Value, i: Value| {
                let (rn, inn) = (cx.b.ins().fcmp(FloatCC::Unordered, r, r), cx.b.ins().fcmp(FloatCC::Unordered, i, i));
                cx.b.ins().bor(rn, inn)
            };
            let (held_nan, z_nan) = (nan(cx, hr, hi), nan(cx, z[0], z[1]));
            let by_real = cx.b.ins().fcmp(beyond, z[0], hr);
            let same_real = cx.b.ins().fcmp(FloatCC::Equal, z[0], hr);
            let by_imag = cx.b.ins().fcmp(beyond, z[1], hi);
            let by_imag = cx.b.ins().band(same_real, by_imag);
            let better = cx.b.ins().bor(by_real, by_imag);
            let better = cx.b.ins().bor(better, z_nan);
            let take = cx.b.ins().band_not(better, held_nan);
            let (nr, ni, nk) = (cx.b.ins().select(take, z[0], hr), cx.b.ins().select(take, z[1], hi), cx.b.use_var(at));
            let nk = cx.b.ins().select(take, k, nk);
            cx.b.def_var(re, nr);
            cx.b.def_var(im, ni);
            cx.b.def_var(at, nk);
            Ok(())
        })?;
        Ok(self.b.use_var(at))
    }

    /// `np.cumsum`/`np.cumprod` of a complex array into the C-ordered buffer `data` of its dtype
    /// `dtype` (complex64: sums only, each part added in float32): along each line of `along` (every
    /// line continuing the total of the one before when there is no axis), the first element as
    /// it is, then each total with the next element. NumPy's accumulate of two elements (one
    /// product, whose operands do not overlap its output) takes the SIMD product with fused
    /// multiply-adds instead.
    #[allow(clippy::too_many_arguments)]
    pub(in crate::lower) fn complex_cumulative(&mut self, sum: bool, src: &ArrayVals, data: Value, dst_strides: &[Value], along: usize, per_line: bool, dtype: Dtype) -> R<()> {
        let nd = src.shape.len();
        let outer: Vec<usize> = (0..nd).filter(|k| *k != along).collect();
        let pick = |v: &[Value]| outer.iter().map(|k| v[*k]).collect::<Vals>();
        let (n, ss, ds) = (src.shape[along], src.strides[along], dst_strides[along]);
        let part = if dtype == Dtype::C64 { types::F32 } else { types::F64 };
        let (re, im, started) = (self.temp_var(part), self.temp_var(part), self.temp_var(types::I8));
        let zero = if dtype == Dtype::C64 { self.b.ins().f32const(0.0) } else { self.b.ins().f64const(0.0) };
        let no = self.iconst(types::I8, 0);
        let total = if per_line { n } else { src.shape.iter().skip(1).fold(src.shape[0], |t, d| self.b.ins().imul(t, *d)) };
        let pair = self.b.ins().icmp_imm_s(IntCC::Equal, total, 2);
        self.b.def_var(re, zero);
        self.b.def_var(im, zero);
        self.b.def_var(started, no);
        self.for_each_line(&pick(&src.shape), &pick(&src.strides), &pick(dst_strides), src.data, data, &mut |cx, s, d| {
            if per_line {
                let no = cx.iconst(types::I8, 0);
                cx.b.def_var(started, no);
            }
            cx.counted_loop(n, |cx, i| {
                let so = cx.b.ins().imul(i, ss);
                let sa = cx.b.ins().iadd(s, so);
                let v = cx.load_item(sa, dtype);
                let acc = (cx.b.use_var(re), cx.b.use_var(im));
                let (r, m) = if sum {
                    (cx.b.ins().fadd(acc.0, v[0]), cx.b.ins().fadd(acc.1, v[1]))
                } else {
                    let (r, m) = cx.scalar_loop_product(acc, (v[0], v[1]));
                    let fused = cx.numpy_complex_binary(BinOp::Mul, &[acc.0, acc.1], &Type::Complex, &v, &Type::Complex, Dtype::C128);
                    (cx.b.ins().select(pair, fused[0], r), cx.b.ins().select(pair, fused[1], m))
                };
                let first = cx.b.use_var(started);
                let (r, m) = (cx.b.ins().select(first, r, v[0]), cx.b.ins().select(first, m, v[1]));
                let yes = cx.iconst(types::I8, 1);
                cx.b.def_var(started, yes);
                cx.b.def_var(re, r);
                cx.b.def_var(im, m);
                let dof = cx.b.ins().imul(i, ds);
                let da = cx.b.ins().iadd(d, dof);
                cx.store_parts(da, &[r, m]);
                Ok(())
            })
        })
    }

    /// One complex element of a product of arrays: the sum over the shared axis of the products
    /// (NumPy's loop without BLAS: one running sum per part, each product rounded first), at
    /// `cursor`, which moves on.
    #[allow(clippy::too_many_arguments)]
    pub(in crate::lower) fn complex_sum_of_products(&mut self, k: Value, (a, a_inner, ad): (Value, Value, Dtype), (b, b_inner, bd): (Value, Value, Dtype), cursor: Variable) -> R<()> {
        let (re, im) = (self.temp_var(types::F64), self.temp_var(types::F64));
        let zero = self.b.ins().f64const(0.0);
        self.b.def_var(re, zero);
        self.b.def_var(im, zero);
        self.counted_loop(k, |cx, i| {
            let (ao, bo) = (cx.b.ins().imul(i, a_inner), cx.b.ins().imul(i, b_inner));
            let (ap, bp) = (cx.b.ins().iadd(a, ao), cx.b.ins().iadd(b, bo));
            let (x, y) = (cx.load_item(ap, ad), cx.load_item(bp, bd));
            let x = cx.complex_parts(&x, &ad.item());
            let y = cx.complex_parts(&y, &bd.item());
            let (pr, pi) = cx.scalar_loop_product(x, y);
            let (r, m) = (cx.b.use_var(re), cx.b.use_var(im));
            let (r, m) = (cx.b.ins().fadd(r, pr), cx.b.ins().fadd(m, pi));
            cx.b.def_var(re, r);
            cx.b.def_var(im, m);
            Ok(())
        })?;
        let at = self.b.use_var(cursor);
        let (r, m) = (self.b.use_var(re), self.b.use_var(im));
        self.store_parts(at, &[r, m]);
        let next = self.b.ins().iadd_imm_s(at, 16);
        self.b.def_var(cursor, next);
        Ok(())
    }
}
