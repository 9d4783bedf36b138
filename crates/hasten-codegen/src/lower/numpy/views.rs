//! Views that rearrange axes without touching the data: `np.flip` (axes walked backwards),
//! `np.swapaxes`/`np.moveaxis` (axes permuted), `np.expand_dims` and `np.atleast_1d/2d/3d` (unit
//! axes inserted), `np.squeeze` (unit axes removed), as `hasten_typeck::shapes::view_plan` says.

use super::*;
use hasten_typeck::shapes::{view_plan, ViewKind};

impl<'a, 'f> Lower<'a, 'f> {
    pub(in crate::lower) fn axis_view(&mut self, f: NumpyFn, args: &[Expr], span: Span) -> R<Vals> {
        let Type::Array(at) = &args[0].ty else { unreachable!("views take arrays") };
        let plan = view_plan(f, &args[1..], at.ndim).expect("the type checker checked the axes");
        let ArrayVals { mut data, owner, mut shape, mut strides } = ArrayVals::from_vals(&self.expr(&args[0])?);
        match plan.kind {
            ViewKind::Reverse => {
                // A reversed axis starts at its last element and walks back.
                for &ax in &plan.axes {
                    let last = self.b.ins().iadd_imm_s(shape[ax], -1);
                    let zero = self.iconst(types::I64, 0);
                    let last = self.b.ins().smax(last, zero);
                    let off = self.b.ins().imul(last, strides[ax]);
                    data = self.b.ins().iadd(data, off);
                    strides[ax] = self.b.ins().ineg(strides[ax]);
                }
            }
            ViewKind::Insert => {
                for &ax in &plan.axes {
                    // A unit axis is never stepped along, but its stride shows: NumPy's
                    // `np.atleast_*d` index arrays with `np.newaxis` (stride 0); `np.expand_dims`
                    // (and `np.atleast_*d` of a 0-d array) reshape: the next axis's span, or at
                    // the end the last stride.
                    let stride = match (f, strides.get(ax), strides.last()) {
                        (NumpyFn::Atleast(_), _, _) if at.ndim > 0 => self.iconst(types::I64, 0),
                        (_, Some(&s), _) => self.b.ins().imul(s, shape[ax]),
                        (_, None, Some(&last)) => last,
                        (_, None, None) => self.iconst(types::I64, at.dtype.itemsize() as i64),
                    };
                    let one = self.iconst(types::I64, 1);
                    shape.insert(ax, one);
                    strides.insert(ax, stride);
                }
            }
            ViewKind::Permute => {
                shape = plan.axes.iter().map(|k| shape[*k]).collect();
                strides = plan.axes.iter().map(|k| strides[*k]).collect();
            }
            ViewKind::Remove => {
                for &ax in plan.axes.iter().rev() {
                    let not_unit = self.b.ins().icmp_imm_s(IntCC::NotEqual, shape[ax], 1);
                    self.fail_if(not_unit, "ValueError", "cannot select an axis to squeeze out which has size not equal to one", span);
                    shape.remove(ax);
                    strides.remove(ax);
                }
            }
        }
        Ok(ArrayVals { data, owner, shape, strides }.into_vals())
    }
}
