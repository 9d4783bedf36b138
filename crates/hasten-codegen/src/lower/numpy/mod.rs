//! NumPy functions inside compiled code, one family per file.

use super::*;

mod create;
pub(super) mod fused;
mod reduce;
mod linalg;
mod shape;
mod ufunc;

impl<'a, 'f> Lower<'a, 'f> {
    /// A call of a NumPy function: the one place that sends each `NumpyFn` to its family's file.
    pub(in crate::lower) fn numpy_call(&mut self, f: NumpyFn, callee: &Callee, args: &[Expr], ty: &Type, plan: &Plan, span: Span) -> R<Vals> {
        match f {
            f @ (NumpyFn::Full | NumpyFn::FullLike) => self.full_array(f, args, ty),
            NumpyFn::Reduce(r) => self.reduction_call(r, args, ty, span),
            NumpyFn::Ufunc(u) if args.len() > u.arity() => self.ufunc_into_out(u, callee, args, plan, span),
            NumpyFn::Ufunc(u) => {
                let mut vals = Vec::new();
                for a in args {
                    let v = self.expr(a)?;
                    vals.push((v[0], a.ty.clone()));
                }
                let Plan::Ufunc(_, op) = plan else { unreachable!("the verifier checks ufunc plans") };
                Ok(vec![self.ufunc_value(u, &vals, ty, op.as_ref(), span)?])
            }
            NumpyFn::Copy | NumpyFn::Arange => unreachable!("copies and aranges are fused loops"),
            NumpyFn::Pad => self.pad(args, ty),
            NumpyFn::Dot => self.dot(args, ty, span),
            NumpyFn::Linspace => self.linspace(args, ty, span),
            f @ (NumpyFn::Ascontiguousarray | NumpyFn::Ravel | NumpyFn::Reshape) => self.contiguous(f, args, span),
            f @ (NumpyFn::Flipud | NumpyFn::Fliplr | NumpyFn::Transpose) => self.flipped(f, &args[0]),
            f => self.new_array(f, args, ty),
        }
    }
}
