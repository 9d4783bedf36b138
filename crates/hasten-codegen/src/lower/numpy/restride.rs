//! The primitives of the library's stride tricks (`hasten_typeck`'s `restride.rs`): a view of an
//! array's memory with the shape and byte strides the library computed and checked, and the
//! address of an array's first element.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// `np._restride(a, shape, strides, offset, ndim, writeable, dtype)`: `a`'s data moved by
    /// `offset` and its owner, with the first `ndim` entries of `shape` and `strides`; the number
    /// of axes, the dtype and whether it may be written are the result type's.
    pub(in crate::lower) fn restride(&mut self, args: &[Expr], ty: &Type) -> R<Vals> {
        let Type::Array(rt) = ty else { unreachable!("a view is an array") };
        let base = ArrayVals::from_vals(&self.expr(&args[0])?);
        let shape = self.array_operand(&args[1])?;
        let strides = self.array_operand(&args[2])?;
        let offset = self.expr(&args[3])?[0];
        let offset = self.convert(offset, &args[3].ty, &Type::Int);
        let entries = |cx: &mut Self, arr: &ArrayVals| -> Vec<Value> {
            (0..rt.ndim as i64)
                .map(|k| {
                    let off = cx.b.ins().imul_imm_s(arr.strides[0], k);
                    let at = cx.b.ins().iadd(arr.data, off);
                    cx.b.ins().load(types::I64, MemFlagsData::trusted(), at, 0)
                })
                .collect()
        };
        let shape = entries(self, &shape);
        let strides = entries(self, &strides);
        let data = self.b.ins().iadd(base.data, offset);
        Ok(ArrayVals { data, owner: base.owner, shape, strides }.into_vals())
    }

    /// `np._data_address(a)`: the address of `a`'s first element.
    pub(in crate::lower) fn data_address(&mut self, args: &[Expr]) -> R<Vals> {
        Ok(vec![ArrayVals::from_vals(&self.expr(&args[0])?).data])
    }
}
