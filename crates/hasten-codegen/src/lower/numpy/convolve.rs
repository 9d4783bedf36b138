//! `np.correlate` and `np.convolve` of 1-d arrays, as NumPy's `_pyarray_correlate` computes them:
//! the longer operand slides under the shorter one; each output is the sum, in order, of the
//! overlapping products in the result dtype. `correlate` with the shorter operand first computes
//! the swapped correlation and reverses it; `convolve` swaps to put the longer first and
//! correlates with the shorter reversed.

use super::*;

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
        for (block, first, second, inverted) in [(swapped, &v, &a, !convolve), (plain, &a, &v, false)] {
            self.b.switch_to_block(block);
            self.correlate_into(first, second, convolve, (length, n_left), (data, out.dtype), inverted)?;
            self.b.ins().jump(join, &[]);
        }
        self.b.switch_to_block(join);
        Ok(self.contiguous_vals(data, owner, vec![length], out.dtype.itemsize() as i64))
    }

    /// Output `t` (of `length`) is the sum over `j` of `long[t - n_left + j] * short[j]` where the
    /// index is in range, `short` read backwards when `reverse_short`, stored at `length - 1 - t`
    /// when `inverted`.
    fn correlate_into(&mut self, long: &Operand, short: &Operand, reverse_short: bool, (length, n_left): (Value, Value), (out, od): (Value, Dtype), inverted: bool) -> R<()> {
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
        let clif = scalar_clif(&Type::Scalar(od));
        let acc = self.b.declare_var(clif);
        self.counted_loop(length, |cx, t| {
            let zero = cx.iconst(types::I64, 0);
            let lo = cx.b.ins().isub(n_left, t);
            let lo = cx.b.ins().smax(lo, zero);
            let hi = cx.b.ins().isub(n1, t);
            let hi = cx.b.ins().iadd(hi, n_left);
            let hi = cx.b.ins().smin(hi, n2);
            let start = cx.zero(clif);
            cx.b.def_var(acc, start);
            let shift = cx.b.ins().isub(t, n_left);
            cx.index_loop(lo, hi, |cx, j, _| {
                let i = cx.b.ins().iadd(shift, j);
                let off = cx.b.ins().imul(i, l.strides[0]);
                let addr = cx.b.ins().iadd(l.data, off);
                let x = cx.load_elem(addr, *ld);
                let x = cx.convert(x, &Type::Scalar(*ld), &Type::Scalar(od));
                let off = cx.b.ins().imul(j, s_stride);
                let addr = cx.b.ins().iadd(s_data, off);
                let y = cx.load_elem(addr, *sd);
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
            Ok(())
        })
    }
}
