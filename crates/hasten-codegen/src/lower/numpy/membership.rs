//! Comparisons of whole arrays: `np.isin` (each element against every test element) and
//! `np.array_equal` (same shape, then every pair of elements), comparing in the type the type
//! checker recorded on the call.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// `np.isin(element, test_elements, invert)`: a new bool array of `element`'s shape; each
    /// element is compared with every test element, O(n·m).
    pub(in crate::lower) fn isin(&mut self, args: &[Expr], plan: &Plan, span: Span) -> R<Vals> {
        let (Type::Array(et), Type::Array(tt), Plan::Compare(common)) = (&args[0].ty, &args[1].ty, plan) else { unreachable!("the verifier checks np.isin") };
        let (ed, td, common) = (Type::Scalar(et.dtype), Type::Scalar(tt.dtype), common[0].clone());
        let ExprKind::Const(Const::Bool(invert)) = args[2].kind else { unreachable!("the front end makes invert= a constant") };
        let el = self.array_operand(&args[0])?;
        let test = ArrayVals::from_vals(&self.expr(&args[1])?);
        let (data, owner, _) = self.allocate(&el.shape, Dtype::Bool, false, span);
        let strides = self.c_strides(&el.shape, 1);
        let found = self.b.declare_var(types::I8);
        self.walk(&el.shape, vec![(el.data, el.strides.clone()), (data, strides.clone())], &mut |cx, at| {
            let v = cx.load_elem(at[0], et.dtype);
            let no = cx.iconst(types::I8, 0);
            cx.b.def_var(found, no);
            cx.counted_loop(test.shape[0], |cx, j| {
                let off = cx.b.ins().imul(j, test.strides[0]);
                let addr = cx.b.ins().iadd(test.data, off);
                let t = cx.load_elem(addr, tt.dtype);
                let eq = cx.compare_values(CmpOp::Eq, v, &ed, t, &td, &common);
                let any = cx.b.use_var(found);
                let any = cx.b.ins().bor(any, eq);
                cx.b.def_var(found, any);
                Ok(())
            })?;
            let r = cx.b.use_var(found);
            let r = if invert { cx.b.ins().bxor_imm_u(r, 1) } else { r };
            cx.b.ins().store(MemFlagsData::trusted(), r, at[1], 0);
            Ok(())
        })?;
        Ok(ArrayVals { data, owner, shape: el.shape, strides }.into_vals())
    }

    /// `np.array_equal(a1, a2, equal_nan)`: False for different shapes (decided statically for
    /// different numbers of axes); with `equal_nan`, two NaNs are equal.
    pub(in crate::lower) fn array_equal(&mut self, args: &[Expr], plan: &Plan) -> R<Vals> {
        let (Type::Array(at), Type::Array(bt), Plan::Compare(common)) = (&args[0].ty, &args[1].ty, plan) else { unreachable!("the verifier checks np.array_equal") };
        let (ad, bd, common) = (Type::Scalar(at.dtype), Type::Scalar(bt.dtype), common[0].clone());
        let ExprKind::Const(Const::Bool(equal_nan)) = args[2].kind else { unreachable!("the front end makes equal_nan= a constant") };
        let a = self.array_operand(&args[0])?;
        let b = self.array_operand(&args[1])?;
        if a.shape.len() != b.shape.len() {
            return Ok(vec![self.iconst(types::I8, 0)]);
        }
        let result = self.b.declare_var(types::I8);
        let mut same = self.iconst(types::I8, 1);
        for (m, n) in a.shape.iter().zip(&b.shape) {
            let eq = self.b.ins().icmp(IntCC::Equal, *m, *n);
            same = self.b.ins().band(same, eq);
        }
        self.b.def_var(result, same);
        let (body, done) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(same, body, &[], done, &[]);
        self.b.switch_to_block(body);
        let nan_aware = equal_nan && at.dtype.is_float() && bt.dtype.is_float();
        self.walk(&a.shape, vec![(a.data, a.strides.clone()), (b.data, b.strides.clone())], &mut |cx, at_| {
            let l = cx.load_elem(at_[0], at.dtype);
            let r = cx.load_elem(at_[1], bt.dtype);
            let mut eq = cx.compare_values(CmpOp::Eq, l, &ad, r, &bd, &common);
            if nan_aware {
                let ln = cx.b.ins().fcmp(FloatCC::Unordered, l, l);
                let rn = cx.b.ins().fcmp(FloatCC::Unordered, r, r);
                let both = cx.b.ins().band(ln, rn);
                eq = cx.b.ins().bor(eq, both);
            }
            let all = cx.b.use_var(result);
            let all = cx.b.ins().band(all, eq);
            cx.b.def_var(result, all);
            Ok(())
        })?;
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
        Ok(vec![self.b.use_var(result)])
    }
}
