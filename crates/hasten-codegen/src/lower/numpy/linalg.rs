//! Linear algebra: `np.dot`, `np.matmul` and `@` for 1-D and 2-D operands (large float64
//! matrices through BLAS `dgemm`, `hasten_runtime::linalg`).

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// `np.dot`/`@` of 1-D and 2-D arrays: each result element is a sum of products over the shared
    /// axis, in order, in the promoted dtype (booleans: `or` of `and`s).
    pub(in crate::lower) fn dot(&mut self, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let (a, b) = (ArrayVals::from_vals(&self.expr(&args[0])?), ArrayVals::from_vals(&self.expr(&args[1])?));
        let (Type::Array(at), Type::Array(bt)) = (&args[0].ty, &args[1].ty) else { unreachable!("type checker allows arrays only") };
        let (na, nb) = (at.ndim as usize, bt.ndim as usize);
        let (ashape, astr) = (&a.shape, &a.strides);
        let (bshape, bstr) = (&b.shape, &b.strides);
        let (ka, kb) = (ashape[na - 1], bshape[0]);
        let bad = self.b.ins().icmp(IntCC::NotEqual, ka, kb);
        let dims: Vals = ashape.iter().chain(bshape).copied().collect();
        self.fail_if_with(bad, |cx| {
            let buf = cx.stack_slot(8 * dims.len() as u32);
            for (k, d) in dims.iter().enumerate() {
                cx.b.ins().store(MemFlagsData::trusted(), *d, buf, (8 * k) as i32);
            }
            let (x, y) = (cx.iconst(types::I64, na as i64), cx.iconst(types::I64, nb as i64));
            let (lp, ll) = cx.location(span);
            let f = cx.helper(Helper::RaiseNotAligned);
            cx.call(f, &[buf, x, y, lp, ll]);
            cx.leave_to_error_exit();
        });
        let d = ty.element().value_dtype();
        // Result axes: the rows of a 2-D `a`, then the columns of a 2-D `b`.
        let mut out_shape = Vec::new();
        let mut a_out = Vec::new();
        let mut b_out = Vec::new();
        let zero = self.iconst(types::I64, 0);
        if na == 2 {
            out_shape.push(ashape[0]);
            a_out.push(astr[0]);
            b_out.push(zero);
        }
        if nb == 2 {
            out_shape.push(bshape[1]);
            a_out.push(zero);
            b_out.push(bstr[1]);
        }
        let (a_inner, b_inner) = (astr[na - 1], bstr[0]);
        // A scalar result (1-D · 1-D) is summed into a stack slot: no heap block per call.
        let (data, owner) = if out_shape.is_empty() {
            (self.stack_slot(d.itemsize().max(8) as u32), None)
        } else {
            let (data, owner, _) = self.allocate(&out_shape, d, false, span);
            (data, Some(owner))
        };
        // Large float64 matrix products go to BLAS, which declines (0) small ones or when SciPy
        // is absent; the loop below computes those.
        let join = self.b.create_block();
        if na == 2 && nb == 2 && at.dtype == Dtype::F64 && bt.dtype == Dtype::F64 {
            let words = self.stack_slot(8 * 14);
            self.operand_words(&a, at, words, 0);
            self.operand_words(&b, bt, words, 7);
            let b_words = self.b.ins().iadd_imm_s(words, 56);
            let gemm = self.helper(Helper::Dgemm);
            let done = self.call(gemm, &[words, b_words, data])[0];
            let by_loop = self.b.create_block();
            self.b.ins().brif(done, join, &[], by_loop, &[]);
            self.b.switch_to_block(by_loop);
        }
        let cursor = self.b.declare_var(types::I64);
        self.b.def_var(cursor, data);
        self.dot_nest(&out_shape, &a_out, &b_out, a.data, b.data, ka, a_inner, b_inner, (at.dtype, bt.dtype, d), cursor)?;
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
        match owner {
            None => Ok(vec![self.load_elem(data, d)]),
            Some(owner) => Ok(self.contiguous_vals(data, owner, out_shape, d.itemsize() as i64)),
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(in crate::lower) fn dot_nest(
        &mut self,
        shape: &[Value],
        a_str: &[Value],
        b_str: &[Value],
        a: Value,
        b: Value,
        k: Value,
        a_inner: Value,
        b_inner: Value,
        (ad, bd, d): (Dtype, Dtype, Dtype),
        cursor: Variable,
    ) -> R<()> {
        if let Some((&n, rest)) = shape.split_first() {
            self.counted_loop(n, |cx, i| {
                let (ao, bo) = (cx.b.ins().imul(i, a_str[0]), cx.b.ins().imul(i, b_str[0]));
                let (an, bn) = (cx.b.ins().iadd(a, ao), cx.b.ins().iadd(b, bo));
                cx.dot_nest(rest, &a_str[1..], &b_str[1..], an, bn, k, a_inner, b_inner, (ad, bd, d), cursor)?;
                Ok(())
            })?;
            return Ok(());
        }
        let acc = self.b.declare_var(scalar_clif(&Type::Scalar(d)));
        let init = self.zero(scalar_clif(&Type::Scalar(d)));
        self.b.def_var(acc, init);
        self.counted_loop(k, |cx, i| {
            let (ao, bo) = (cx.b.ins().imul(i, a_inner), cx.b.ins().imul(i, b_inner));
            let (ap, bp) = (cx.b.ins().iadd(a, ao), cx.b.ins().iadd(b, bo));
            let (x, y) = (cx.load_elem(ap, ad), cx.load_elem(bp, bd));
            let (x, y) = (cx.convert(x, &Type::Scalar(ad), &Type::Scalar(d)), cx.convert(y, &Type::Scalar(bd), &Type::Scalar(d)));
            let cur = cx.b.use_var(acc);
            let next_acc = if d.is_float() {
                let p = cx.b.ins().fmul(x, y);
                cx.b.ins().fadd(cur, p)
            } else if d == Dtype::Bool {
                let p = cx.b.ins().band(x, y);
                cx.b.ins().bor(cur, p)
            } else {
                let p = cx.b.ins().imul(x, y);
                cx.b.ins().iadd(cur, p)
            };
            cx.b.def_var(acc, next_acc);
            Ok(())
        })?;
        let v = self.b.use_var(acc);
        let at = self.b.use_var(cursor);
        self.b.ins().store(MemFlagsData::trusted(), v, at, 0);
        let next = self.b.ins().iadd_imm_s(at, d.itemsize() as i64);
        self.b.def_var(cursor, next);
        Ok(())
    }
}
