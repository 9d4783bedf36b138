//! Comparisons of whole arrays: `np.isin` (each element looked up among the sorted test
//! elements) and `np.array_equal` (same shape, then every pair of elements), comparing in the type
//! the type checker recorded on the call.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// `np.isin(element, test_elements, invert)`: a new bool array of `element`'s shape. The test
    /// elements are copied and sorted (NumPy's order, which converting to the comparison type
    /// keeps), and each element is looked up by binary search, O((n + m) log m).
    pub(in crate::lower) fn isin(&mut self, args: &[Expr], plan: &Plan, span: Span) -> R<Vals> {
        let (Type::Array(et), Type::Array(tt), Plan::Compare(common)) = (&args[0].ty, &args[1].ty, plan) else { unreachable!("the verifier checks np.isin") };
        let (ed, td, common) = (Type::Scalar(et.dtype), Type::Scalar(tt.dtype), common[0].clone());
        let ExprKind::Const(Const::Bool(invert)) = args[2].kind else { unreachable!("the front end makes invert= a constant") };
        let el = self.array_operand(&args[0])?;
        let test = ArrayVals::from_vals(&self.expr(&args[1])?);
        let m = test.shape[0];
        let itemsize = tt.dtype.itemsize() as i64;
        let (buf, _, _) = self.allocate(&[m], tt.dtype, false, span);
        let step = self.iconst(types::I64, itemsize);
        self.copy_strided(tt.dtype, &[m], test.data, &test.strides, buf, &[step])?;
        let (sort, code) = (self.helper(Helper::Sort), self.iconst(types::I64, super::sort::dtype_code(tt.dtype)));
        self.call(sort, &[buf, m, step, code]);
        let sorted = super::search::Sorted { data: buf, len: m, stride: step, dtype: tt.dtype, common: common.clone(), right: false };
        let (data, owner, _) = self.allocate(&el.shape, Dtype::Bool, false, span);
        let strides = self.c_strides(&el.shape, 1);
        let found = self.temp_var(types::I8);
        self.walk(&el.shape, vec![(el.data, el.strides.clone()), (data, strides.clone())], &mut |cx, at| {
            let v = cx.load_elem(at[0], et.dtype);
            let no = cx.iconst(types::I8, 0);
            cx.b.def_var(found, no);
            // The first test element not below `v` is `v`'s equal if any is.
            let i = cx.insertion_point(&sorted, &[v], &ed);
            let inside = cx.b.ins().icmp(IntCC::SignedLessThan, i, m);
            let (look, done) = (cx.b.create_block(), cx.b.create_block());
            cx.b.ins().brif(inside, look, &[], done, &[]);
            cx.b.switch_to_block(look);
            let off = cx.b.ins().imul_imm_s(i, itemsize);
            let addr = cx.b.ins().iadd(buf, off);
            let t = cx.load_elem(addr, tt.dtype);
            let eq = cx.compare_values(CmpOp::Eq, v, &ed, t, &td, &common);
            cx.b.def_var(found, eq);
            cx.b.ins().jump(done, &[]);
            cx.b.switch_to_block(done);
            let r = cx.b.use_var(found);
            let r = if invert { cx.b.ins().bxor_imm_u(r, 1) } else { r };
            cx.b.ins().store(MemFlagsData::trusted(), r, at[1], 0);
            Ok(())
        })?;
        Ok(ArrayVals { data, owner, shape: el.shape, strides }.into_vals())
    }

    /// `np.array_equal(a1, a2, equal_nan)`: False for different shapes (decided statically for
    /// different numbers of axes); with `equal_nan`, two NaNs are equal.
    /// Whether two elements, one complex, are equal as NumPy's `==` compares them (both parts, a
    /// real one with a zero imaginary part); with `equal_nan`, also when both hold a NaN part, as
    /// NumPy's `isnan` of a complex number is.
    fn complex_elements_equal(&mut self, (l, ld): (Value, Dtype), (r, rd): (Value, Dtype), equal_nan: bool) -> Value {
        let d = if ld == Dtype::C64 && rd == Dtype::C64 { Dtype::C64 } else { Dtype::C128 };
        let (lv, rv) = (self.load_item(l, ld), self.load_item(r, rd));
        let (ar, ai) = self.parts_of(&lv, &ld.item(), d);
        let (br, bi) = self.parts_of(&rv, &rd.item(), d);
        let re = self.b.ins().fcmp(FloatCC::Equal, ar, br);
        let im = self.b.ins().fcmp(FloatCC::Equal, ai, bi);
        let eq = self.b.ins().band(re, im);
        if !equal_nan {
            return eq;
        }
        let mut nans = Vec::new();
        for (x, y) in [(ar, ai), (br, bi)] {
            let (xn, yn) = (self.b.ins().fcmp(FloatCC::Unordered, x, x), self.b.ins().fcmp(FloatCC::Unordered, y, y));
            nans.push(self.b.ins().bor(xn, yn));
        }
        let both = self.b.ins().band(nans[0], nans[1]);
        self.b.ins().bor(eq, both)
    }

    pub(in crate::lower) fn array_equal(&mut self, args: &[Expr], plan: &Plan) -> R<Vals> {
        let (Type::Array(at), Type::Array(bt), Plan::Compare(common)) = (&args[0].ty, &args[1].ty, plan) else { unreachable!("the verifier checks np.array_equal") };
        let (ad, bd, common) = (Type::Scalar(at.dtype), Type::Scalar(bt.dtype), common[0].clone());
        let ExprKind::Const(Const::Bool(equal_nan)) = args[2].kind else { unreachable!("the front end makes equal_nan= a constant") };
        let a = self.array_operand(&args[0])?;
        let b = self.array_operand(&args[1])?;
        if a.shape.len() != b.shape.len() {
            return Ok(vec![self.iconst(types::I8, 0)]);
        }
        let result = self.temp_var(types::I8);
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
        let complex = at.dtype.is_complex() || bt.dtype.is_complex();
        self.walk(&a.shape, vec![(a.data, a.strides.clone()), (b.data, b.strides.clone())], &mut |cx, at_| {
            if complex {
                let eq = cx.complex_elements_equal((at_[0], at.dtype), (at_[1], bt.dtype), equal_nan);
                let all = cx.b.use_var(result);
                let all = cx.b.ins().band(all, eq);
                cx.b.def_var(result, all);
                return Ok(());
            }
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
