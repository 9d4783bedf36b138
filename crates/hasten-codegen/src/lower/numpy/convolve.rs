//! Products of neighbours and of blocks. `np.correlate` and `np.convolve` of 1-d arrays, as
//! NumPy's `_pyarray_correlate` computes them: the longer operand slides under the shorter one;
//! each output is the sum, in order, of the overlapping products in the result dtype. `correlate`
//! with the shorter operand first computes the swapped correlation and reverses it; `convolve`
//! swaps to put the longer first and correlates with the shorter reversed. `np.trapezoid`: the
//! terms `d * (y[1:] + y[:-1]) / 2.0` (NumPy's broadcasting of `d` against them) summed pairwise
//! as `np.sum` sums. `np.kron`: every product of an element of `a` with one of `b`.

use super::tiling::TOO_BIG;
use super::*;
use hasten_typeck::compare::trapezoid_plans;

/// One operand: its values and dtype.
type Operand = (ArrayVals, Dtype);

impl<'a, 'f> Lower<'a, 'f> {
    pub(in crate::lower) fn sliding_product(&mut self, f: NumpyFn, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let (Type::Array(at), Type::Array(vt), Type::Array(out)) = (&args[0].ty, &args[1].ty, ty) else { unreachable!("1-d arrays") };
        let ExprKind::Const(Const::Int(mode)) = args[2].kind else { unreachable!("the front end numbers the mode") };
        let a = (self.array_operand(&args[0])?, at.dtype);
        let v = (self.array_operand(&args[1])?, vt.dtype);
        let (n1, n2) = (a.0.shape[0], v.0.shape[0]);
        let convolve = f == NumpyFn::Convolve;
        let names = if convolve { ["a", "v"] } else { ["first array argument", "second array argument"] };
        for (n, name) in [n1, n2].into_iter().zip(names) {
            let empty = self.b.ins().icmp_imm_s(IntCC::Equal, n, 0);
            self.fail_if(empty, "ValueError", &format!("{name} cannot be empty"), span);
        }
        let (long, short) = (self.b.ins().smax(n1, n2), self.b.ins().smin(n1, n2));
        let (length, n_left) = match mode {
            0 => {
                let d = self.b.ins().isub(long, short);
                (self.b.ins().iadd_imm_s(d, 1), self.iconst(types::I64, 0))
            }
            1 => (long, self.b.ins().sshr_imm_s(short, 1)),
            _ => {
                let s1 = self.b.ins().iadd_imm_s(short, -1);
                (self.b.ins().iadd(long, s1), s1)
            }
        };
        let (data, owner, _) = self.allocate(&[length], out.dtype, false, span);
        let swap = self.b.ins().icmp(IntCC::SignedLessThan, n1, n2);
        let (swapped, plain, join) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.ins().brif(swap, swapped, &[], plain, &[]);
        // `np.correlate` conjugates its second argument (NumPy's `PyArray_Correlate2`).
        let conj = !convolve && out.dtype.is_complex();
        for (block, first, second, inverted, conj) in [(swapped, &v, &a, !convolve, [conj, false]), (plain, &a, &v, false, [false, conj])] {
            self.b.switch_to_block(block);
            self.correlate_into(first, second, (convolve, conj), (length, n_left), (data, out.dtype), inverted)?;
            self.b.ins().jump(join, &[]);
        }
        self.b.switch_to_block(join);
        Ok(self.contiguous_vals(data, owner, vec![length], out.dtype.itemsize() as i64))
    }

    /// Output `t` (of `length`) is the sum over `j` of `long[t - n_left + j] * short[j]` where the
    /// index is in range, `short` read backwards when `reverse_short`, each operand conjugated
    /// where `conj` says, stored at `length - 1 - t` when `inverted`.
    fn correlate_into(&mut self, long: &Operand, short: &Operand, (reverse_short, conj): (bool, [bool; 2]), (length, n_left): (Value, Value), (out, od): (Value, Dtype), inverted: bool) -> R<()> {
        let ((l, ld), (s, sd)) = (long, short);
        let (n1, n2) = (l.shape[0], s.shape[0]);
        let (mut s_data, mut s_stride) = (s.data, s.strides[0]);
        if reverse_short {
            let last = self.b.ins().iadd_imm_s(n2, -1);
            let off = self.b.ins().imul(last, s_stride);
            s_data = self.b.ins().iadd(s_data, off);
            s_stride = self.b.ins().ineg(s_stride);
        }
        let itemsize = od.itemsize() as i64;
        let complex = od.is_complex();
        let clif = if complex { types::F64 } else { scalar_clif(&Type::Scalar(od)) };
        let acc = self.temp_var(clif);
        let acc_im = self.temp_var(clif);
        self.counted_loop(length, |cx, t| {
            let zero = cx.iconst(types::I64, 0);
            let lo = cx.b.ins().isub(n_left, t);
            let lo = cx.b.ins().smax(lo, zero);
            let hi = cx.b.ins().isub(n1, t);
            let hi = cx.b.ins().iadd(hi, n_left);
            let hi = cx.b.ins().smin(hi, n2);
            let start = cx.zero(clif);
            cx.b.def_var(acc, start);
            cx.b.def_var(acc_im, start);
            let shift = cx.b.ins().isub(t, n_left);
            cx.index_loop(lo, hi, |cx, j, _| {
                let i = cx.b.ins().iadd(shift, j);
                let off = cx.b.ins().imul(i, l.strides[0]);
                let addr = cx.b.ins().iadd(l.data, off);
                let off = cx.b.ins().imul(j, s_stride);
                let s_addr = cx.b.ins().iadd(s_data, off);
                if complex {
                    let x = cx.conjugated_item(addr, *ld, conj[0]);
                    let y = cx.conjugated_item(s_addr, *sd, conj[1]);
                    cx.accumulate_product([acc, acc_im], x, y);
                    return Ok(());
                }
                let x = cx.load_elem(addr, *ld);
                let x = cx.convert(x, &Type::Scalar(*ld), &Type::Scalar(od));
                let y = cx.load_elem(s_addr, *sd);
                let y = cx.convert(y, &Type::Scalar(*sd), &Type::Scalar(od));
                let sum = cx.b.use_var(acc);
                let sum = match od {
                    Dtype::Bool => {
                        let both = cx.b.ins().band(x, y);
                        cx.b.ins().bor(sum, both)
                    }
                    d if d.is_float() => {
                        let p = cx.b.ins().fmul(x, y);
                        cx.b.ins().fadd(sum, p)
                    }
                    _ => {
                        let p = cx.b.ins().imul(x, y);
                        cx.b.ins().iadd(sum, p)
                    }
                };
                cx.b.def_var(acc, sum);
                Ok(())
            })?;
            let at = if inverted {
                let last = cx.b.ins().iadd_imm_s(length, -1);
                cx.b.ins().isub(last, t)
            } else {
                t
            };
            let off = cx.b.ins().imul_imm_s(at, itemsize);
            let addr = cx.b.ins().iadd(out, off);
            let sum = cx.b.use_var(acc);
            cx.b.ins().store(MemFlagsData::trusted(), sum, addr, 0);
            if complex {
                let im = cx.b.use_var(acc_im);
                cx.b.ins().store(MemFlagsData::trusted(), im, addr, 8);
            }
            Ok(())
        })
    }

    /// The complex128 parts of the element at `addr` (a real one with a zero imaginary part, as
    /// NumPy converts the operands first), the imaginary part negated when `conj`.
    fn conjugated_item(&mut self, addr: Value, d: Dtype, conj: bool) -> (Value, Value) {
        let v = self.load_item(addr, d);
        let (re, im) = self.parts_of(&v, &d.item(), Dtype::C128);
        (re, if conj { self.b.ins().fneg(im) } else { im })
    }

    /// `acc += x * y` in NumPy's complex dot order (`CDOUBLE_dot`): the real part adds
    /// `xr * yr - xi * yi`, the imaginary part `xr * yi + xi * yr`.
    fn accumulate_product(&mut self, [re, im]: [Variable; 2], (xr, xi): (Value, Value), (yr, yi): (Value, Value)) {
        let (rr, ii) = (self.b.ins().fmul(xr, yr), self.b.ins().fmul(xi, yi));
        let real = self.b.ins().fsub(rr, ii);
        let (ri, ir) = (self.b.ins().fmul(xr, yi), self.b.ins().fmul(xi, yr));
        let imag = self.b.ins().fadd(ri, ir);
        let sum = self.b.use_var(re);
        let sum = self.b.ins().fadd(sum, real);
        self.b.def_var(re, sum);
        let sum = self.b.use_var(im);
        let sum = self.b.ins().fadd(sum, imag);
        self.b.def_var(im, sum);
    }

    /// `np.trapezoid(y, x, dx)` of a 1-d `y`.
    pub(in crate::lower) fn trapezoid(&mut self, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(yt) = &args[0].ty else { unreachable!("y is an array") };
        let xd = if let Type::Array(xt) = &args[1].ty { Some(xt.dtype) } else { None };
        let plans = trapezoid_plans(yt.dtype, xd, &args[2].ty).expect("the type checker planned np.trapezoid");
        let y = self.array_operand(&args[0])?;
        let x = match xd {
            Some(_) => Some(self.array_operand(&args[1])?),
            None => None,
        };
        let dx = self.expr(&args[2])?;
        let zero = self.iconst(types::I64, 0);
        let terms = |cx: &mut Self, n: Value| {
            let m = cx.b.ins().iadd_imm_s(n, -1);
            cx.b.ins().smax(m, zero)
        };
        let ly = terms(self, y.shape[0]);
        // The differences of x and the sums of y broadcast against each other.
        let (count, lx) = match &x {
            Some(x) => {
                let lx = terms(self, x.shape[0]);
                let same = self.b.ins().icmp(IntCC::Equal, lx, ly);
                let x_one = self.b.ins().icmp_imm_s(IntCC::Equal, lx, 1);
                let y_one = self.b.ins().icmp_imm_s(IntCC::Equal, ly, 1);
                let fits = self.b.ins().bor(same, x_one);
                let fits = self.b.ins().bor(fits, y_one);
                let bad = self.b.ins().bxor_imm_u(fits, 1);
                self.fail_if_with(bad, |cx| {
                    let buf = cx.stack_slot(16);
                    cx.b.ins().store(MemFlagsData::trusted(), lx, buf, 0);
                    cx.b.ins().store(MemFlagsData::trusted(), ly, buf, 8);
                    let one = cx.iconst(types::I64, 1);
                    let code = cx.iconst(types::I32, 0);
                    let (lp, ll) = cx.location(span);
                    let h = cx.helper(Helper::RaiseBroadcast);
                    cx.call(h, &[buf, one, one, code, lp, ll]);
                    cx.leave_to_error_exit();
                });
                (self.b.ins().select(x_one, ly, lx), Some(lx))
            }
            None => (ly, None),
        };
        let yd = Type::Scalar(yt.dtype);
        let red = self.start_reduction(Reduction::Sum, ty, count, span);
        self.counted_loop(count, |cx, i| {
            let pair = |cx: &mut Self, a: &ArrayVals, d: Dtype, len: Value| {
                let single = cx.b.ins().icmp_imm_s(IntCC::Equal, len, 1);
                let k = cx.b.ins().select(single, zero, i);
                let off = cx.b.ins().imul(k, a.strides[0]);
                let at = cx.b.ins().iadd(a.data, off);
                let lo = cx.load_elem(at, d);
                let at = cx.b.ins().iadd(at, a.strides[0]);
                (cx.load_elem(at, d), lo)
            };
            let (y1, y0) = pair(cx, &y, yt.dtype, ly);
            let (s, sty) = cx.binary(BinOp::Add, y1, &yd, y0, &yd, &plans.add, span)?;
            let (d, dty) = match (&x, xd, lx, &plans.sub) {
                (Some(x), Some(xd), Some(lx), Some(sub)) => {
                    let (x1, x0) = pair(cx, x, xd, lx);
                    cx.binary(BinOp::Sub, x1, &Type::Scalar(xd), x0, &Type::Scalar(xd), sub, span)?
                }
                _ => (dx[0], args[2].ty.clone()),
            };
            let (p, pty) = cx.binary(BinOp::Mul, d, &dty, s, &sty, &plans.mul, span)?;
            let two = cx.b.ins().f64const(2.0);
            let (t, tty) = cx.binary(BinOp::Div, p, &pty, two, &Type::Float, &plans.div, span)?;
            cx.accumulate(&red, t, &tty);
            Ok(())
        })?;
        Ok(vec![self.finish_reduction(&red, count)])
    }

    /// `np.kron(a, b)`: both padded with leading unit axes to the result's; axis `k` of the result
    /// is walked as the pair (index in `a`, index in `b`).
    pub(in crate::lower) fn kron(&mut self, args: &[Expr], ty: &Type, plan: &Plan, span: Span) -> R<Vals> {
        let (Type::Array(at), Type::Array(bt), Type::Array(out), Plan::Binary(mul)) = (&args[0].ty, &args[1].ty, ty, plan) else { unreachable!("the verifier checks np.kron") };
        let nd = out.ndim as usize;
        let mut a = self.array_operand(&args[0])?;
        let mut b = self.array_operand(&args[1])?;
        let (zero, one) = (self.iconst(types::I64, 0), self.iconst(types::I64, 1));
        for v in [&mut a, &mut b] {
            while v.shape.len() < nd {
                v.shape.insert(0, one);
                v.strides.insert(0, zero);
            }
        }
        let mut shape = Vec::new();
        for k in 0..nd {
            let (n, of) = self.b.ins().smul_overflow(a.shape[k], b.shape[k]);
            self.fail_if(of, "ValueError", TOO_BIG, span);
            shape.push(n);
        }
        let (data, owner, _) = self.allocate(&shape, out.dtype, false, span);
        let strides = self.c_strides(&shape, out.dtype.itemsize() as i64);
        let (mut walk_shape, mut sa, mut sb, mut so) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for k in 0..nd {
            let block = self.b.ins().imul(b.shape[k], strides[k]);
            walk_shape.extend([a.shape[k], b.shape[k]]);
            sa.extend([a.strides[k], zero]);
            sb.extend([zero, b.strides[k]]);
            so.extend([block, strides[k]]);
        }
        let (ad, bd, od) = (Type::Scalar(at.dtype), Type::Scalar(bt.dtype), Type::Scalar(out.dtype));
        self.walk(&walk_shape, vec![(a.data, sa), (b.data, sb), (data, so)], &mut |cx, p| {
            if out.dtype == Dtype::C128 {
                // NumPy's complex multiply loop, the real operand cast to complex first.
                let (x, y) = (cx.load_item(p[0], at.dtype), cx.load_item(p[1], bt.dtype));
                let v = cx.numpy_complex_binary(BinOp::Mul, &x, &ad, &y, &bd, Dtype::C128);
                cx.store_parts(p[2], &v);
                return Ok(());
            }
            let x = cx.load_elem(p[0], at.dtype);
            let y = cx.load_elem(p[1], bt.dtype);
            let (v, vt) = cx.binary(BinOp::Mul, x, &ad, y, &bd, mul, span)?;
            let v = cx.convert(v, &vt, &od);
            cx.b.ins().store(MemFlagsData::trusted(), v, p[2], 0);
            Ok(())
        })?;
        Ok(ArrayVals { data, owner, shape, strides }.into_vals())
    }
}
