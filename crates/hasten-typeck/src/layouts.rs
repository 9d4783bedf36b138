//! The memory layout NumPy gives an element-wise result (its order `K`), as far as the types of
//! the operands and the way they were made tell it; the rest is decided at run time by code
//! generation (`lower/numpy/iter_order.rs`).

use hasten_ir::hir::{Attr, Callee, Expr, ExprKind, NumpyFn};
use hasten_ir::{ArrayType, Layout, Type};

/// The layout of an element-wise result as NumPy makes it (`order='K'`, its operands' memory
/// order): C when every operand of two or more dimensions has its strides in C order (NumPy's
/// iterator then keeps C order: only such operands vote, and where none does, C stays), and
/// otherwise `A`, laid out at run time (codegen `elementwise_as_numpy`). Even all-Fortran
/// operands may give C: an operand broadcast along an axis (length 1, known at run time only)
/// has no say on it. Operands of fewer dimensions broadcast with zero strides and do not take
/// part. It is more than a flag: a reduction of the result adds in that order, as NumPy does.
pub(crate) fn memory_order(e: &Expr, ty: Type) -> Type {
    let Type::Array(a) = &ty else { return ty };
    if a.ndim < 2 || a.layout != Layout::C {
        return ty;
    }
    let operands: Vec<&Expr> = match &e.kind {
        ExprKind::Binary(_, l, r) => vec![l, r],
        ExprKind::Unary(_, x) => vec![x],
        ExprKind::Compare(l, rest) if rest.len() == 1 => vec![l, &rest[0].1],
        ExprKind::Call(Callee::Numpy(NumpyFn::Ufunc(_)), args, _) => args.iter().collect(),
        ExprKind::Call(Callee::Numpy(NumpyFn::Astype), args, _) => vec![&args[0]],
        _ => return ty,
    };
    let ranks: Vec<Option<Layout>> = operands.iter().filter_map(|o| match &o.ty {
        Type::Array(b) if b.ndim >= 2 => Some(stride_order(o, b.layout)),
        _ => None,
    }).collect();
    let layout = if ranks.iter().all(|r| *r == Some(Layout::C)) { Layout::C } else { Layout::A };
    Type::Array(ArrayType { layout, ..*a })
}

/// The order of an operand's strides where its type or its making tells it: its layout, or that of
/// the array it views by integers, slices and new axes, or reverses (an axis of two or more elements
/// still steps less, in absolute value, than the one outside it), or transposes whole.
fn stride_order(o: &Expr, layout: Layout) -> Option<Layout> {
    let of = |x: &Expr| match &x.ty {
        Type::Array(b) => stride_order(x, b.layout),
        _ => None,
    };
    match (layout, &o.kind) {
        (Layout::C | Layout::F, _) => Some(layout),
        (_, ExprKind::Index(base, indices)) => {
            let basic = |i: &Expr| matches!(i.ty, Type::None | Type::Int) || matches!(i.ty, Type::Scalar(d) if d.is_int());
            if indices.iter().all(basic) { of(base) } else { None }
        }
        (_, ExprKind::Call(Callee::Numpy(NumpyFn::Flip | NumpyFn::Flipud | NumpyFn::Fliplr), args, _)) => of(&args[0]),
        (_, ExprKind::Attr(x, Attr::T)) => of(x).map(|l| if l == Layout::C { Layout::F } else { Layout::C }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{local, typed};
    use hasten_ir::{ArrayType, Dtype, Layout, Type};

    fn layouts(src: &str, arg: Layout) -> Vec<Layout> {
        let f = typed(src, &[Type::Array(ArrayType { dtype: Dtype::F64, ndim: 2, layout: arg, readonly: false })]);
        ["r", "s", "t"]
            .iter()
            .map(|name| match &f.locals[local(&f, name) as usize].ty {
                Type::Array(a) => a.layout,
                t => panic!("{name} is {t}"),
            })
            .collect()
    }

    #[test]
    fn views_keep_the_order_of_their_arrays_strides() {
        // Slices, reversals and new axes of a C array keep C order; a transpose swaps it.
        // Fortran order is left to run time (a broadcast operand has no say).
        let src = "def f(m):\n    r = m[1:, ::-2] + m[:-1, ::2]\n    s = np.flipud(m)[None, :, :] * 2.0\n    t = m.T[::-1] - 1.0\n    return r";
        assert_eq!(layouts(src, Layout::C), [Layout::C, Layout::C, Layout::A]);
        assert_eq!(layouts(src, Layout::F), [Layout::A, Layout::A, Layout::C]);
    }

    #[test]
    fn other_operands_leave_the_layout_to_run_time() {
        // Mixed orders, an array of any layout, a view the rules do not follow: NumPy decides from
        // the strides. (An index array makes a new C array.)
        let src = "def f(m):\n    r = m + m.T\n    s = m[np.array([1, 0])] * 2.0\n    t = np.swapaxes(m, 0, 1) - 1.0\n    return r";
        assert_eq!(layouts(src, Layout::C), [Layout::A, Layout::C, Layout::A]);
        assert_eq!(layouts(src, Layout::A), [Layout::A, Layout::C, Layout::A]);
    }
}
