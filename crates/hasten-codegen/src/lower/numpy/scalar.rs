//! Arrays to and from single numbers: `a.item()` and `a.fill(value)`.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// `a.item()`: NumPy's ValueError unless `a` has exactly one element, which becomes a Python
    /// number.
    pub(in crate::lower) fn item(&mut self, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(at) = args[0].ty else {
            // `x.item()` of a number.
            let v = self.expr(&args[0])?;
            return Ok(self.coerce(v, &args[0].ty, ty));
        };
        let a = self.array_operand(&args[0])?;
        let mut n = self.iconst(types::I64, 1);
        for s in &a.shape {
            n = self.b.ins().imul(n, *s);
        }
        let not_one = self.b.ins().icmp_imm_s(IntCC::NotEqual, n, 1);
        self.fail_if(not_one, "ValueError", "can only convert an array of size 1 to a Python scalar", span);
        if at.dtype.is_complex() {
            let v = self.load_item(a.data, at.dtype);
            let (re, im) = self.complex_parts(&v, &Type::Scalar(at.dtype));
            return Ok(vec![re, im]);
        }
        let v = self.load_elem(a.data, at.dtype);
        Ok(vec![self.convert(v, &Type::Scalar(at.dtype), ty)])
    }

    /// `a.fill(value)`: `value` cast as a store casts it (NumPy's errors), then written to every
    /// element of `a` itself.
    pub(in crate::lower) fn fill_call(&mut self, args: &[Expr], span: Span) -> R<Vals> {
        let Type::Array(at) = args[0].ty else { unreachable!("fill of an array") };
        let a = ArrayVals::from_vals(&self.expr(&args[0])?);
        let v = self.expr(&args[1])?;
        if !self.check_writeable(at, span) {
            return Ok(Vec::new());
        }
        let parts = if at.dtype.is_complex() {
            let (re, im) = self.parts_of(&v, &args[1].ty, at.dtype);
            vec![re, im]
        } else {
            vec![self.stored_value(v[0], &args[1].ty, at.dtype, span)]
        };
        self.walk(&a.shape, vec![(a.data, a.strides.clone())], &mut |cx, at| {
            cx.store_parts(at[0], &parts);
            Ok(())
        })?;
        Ok(Vec::new())
    }
}
