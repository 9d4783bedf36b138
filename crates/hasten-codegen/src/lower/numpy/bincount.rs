//! `np.bincount(x, weights, minlength)`: one pass finds the largest value (raising NumPy's error
//! for a negative one), a second adds 1 or the weight into the zeroed bins.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    pub(in crate::lower) fn bincount(&mut self, args: &[Expr], span: Span) -> R<Vals> {
        let Type::Array(xt) = args[0].ty else { unreachable!("bincount counts an array") };
        let x = ArrayVals::from_vals(&self.expr(&args[0])?);
        let w = self.expr(&args[1])?;
        let weights = match &args[1].ty {
            Type::Array(wt) => Some((ArrayVals::from_vals(&w), wt.dtype)),
            _ => None,
        };
        let minlength = self.expr(&args[2])?[0];
        let minlength = self.i64_value(minlength, &args[2].ty);
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, minlength, 0);
        self.fail_if(negative, "ValueError", "'minlength' must not be negative", span);
        let n = x.shape[0];
        if let Some((wa, _)) = &weights {
            let differ = self.b.ins().icmp(IntCC::NotEqual, wa.shape[0], n);
            self.fail_if(differ, "ValueError", "The weights and list don't have the same length.", span);
        }
        let elem = |cx: &mut Self, i: Value| {
            let off = cx.b.ins().imul(i, x.strides[0]);
            let addr = cx.b.ins().iadd(x.data, off);
            let v = cx.load_elem(addr, xt.dtype);
            cx.i64_value(v, &Type::Scalar(xt.dtype))
        };
        let largest = self.temp_var(types::I64);
        let minus_one = self.iconst(types::I64, -1);
        self.b.def_var(largest, minus_one);
        self.counted_loop(n, |cx, i| {
            let v = elem(cx, i);
            let negative = cx.b.ins().icmp_imm_s(IntCC::SignedLessThan, v, 0);
            cx.fail_if(negative, "ValueError", "'list' argument must have no negative elements", span);
            let m = cx.b.use_var(largest);
            let m = cx.b.ins().smax(m, v);
            cx.b.def_var(largest, m);
            Ok(())
        })?;
        let m = self.b.use_var(largest);
        let len = self.b.ins().iadd_imm_s(m, 1);
        let len = self.b.ins().smax(len, minlength);
        let out = if weights.is_some() { Dtype::F64 } else { Dtype::I64 };
        let (data, owner, _) = self.allocate(&[len], out, true, span);
        self.counted_loop(n, |cx, i| {
            let v = elem(cx, i);
            let off = cx.b.ins().imul_imm_s(v, 8);
            let bin = cx.b.ins().iadd(data, off);
            let cur = cx.load_elem(bin, out);
            let next = match &weights {
                Some((wa, wd)) => {
                    let woff = cx.b.ins().imul(i, wa.strides[0]);
                    let waddr = cx.b.ins().iadd(wa.data, woff);
                    let wv = cx.load_elem(waddr, *wd);
                    let wv = cx.convert(wv, &Type::Scalar(*wd), &Type::Scalar(Dtype::F64));
                    cx.b.ins().fadd(cur, wv)
                }
                None => cx.b.ins().iadd_imm_s(cur, 1),
            };
            cx.b.ins().store(MemFlagsData::trusted(), next, bin, 0);
            Ok(())
        })?;
        Ok(self.contiguous_vals(data, owner, vec![len], 8))
    }
}
