//! The two primitives the front end's library builds NumPy's stride tricks on (`a.view(dtype)`,
//! `np.lib.stride_tricks.as_strided`/`sliding_window_view`, `np.broadcast_arrays`, `a.flags`):
//! `np._restride(a, shape, strides, offset, ndim, writeable, dtype)` and `np._data_address(a)`. The
//! library computes and checks the shape and strides at run time; what the type holds (the number
//! of axes, the dtype, whether the view may be written) must be known here.

use crate::calls::Operands;
use crate::function::{err, R};
use hasten_ir::hir::*;
use hasten_ir::{ArrayType, Dtype, Layout, Type};

/// The type of `np._restride(...)`: `dtype` is the call's dtype argument.
pub(crate) fn restride(ops: &Operands, dtype: Dtype) -> R<Type> {
    let a = ops.array(0)?;
    for k in [1, 2] {
        let t = ops.array(k)?;
        if t.dtype != Dtype::I64 || t.ndim != 1 {
            return err("np._restride takes the shape and the strides as 1-d int64 arrays", ops.args[k].span);
        }
    }
    if !(ops.types[3].is_intlike() && ops.types[3] != Type::Bool) {
        return err("np._restride's offset must be an integer", ops.args[3].span);
    }
    let Some(ndim) = static_int(&ops.args[4]).filter(|n| (0..=32).contains(n)) else {
        return err("np._restride's number of axes must be known at compile time", ops.args[4].span);
    };
    let ExprKind::Const(Const::Bool(writeable)) = ops.args[5].kind else {
        return err("np._restride's writeable must be a constant", ops.args[5].span);
    };
    Ok(Type::Array(ArrayType { dtype, ndim: ndim as u8, layout: Layout::A, readonly: a.readonly || !writeable }))
}

/// The type of `np._data_address(a)`.
pub(crate) fn data_address(ops: &Operands) -> R<Type> {
    ops.array(0)?;
    Ok(Type::Int)
}

/// An int the types decide: a constant, the number of axes of an array or the length of a
/// tuple, and sums, differences and maxima of those.
fn static_int(e: &Expr) -> Option<i64> {
    match &e.kind {
        ExprKind::Const(Const::Int(k)) => Some(*k),
        ExprKind::Attr(a, Attr::Ndim) => match &a.ty {
            Type::Array(t) => Some(i64::from(t.ndim)),
            _ => None,
        },
        ExprKind::Call(Callee::Builtin(Builtin::Len), args, _) => match args.as_slice() {
            [Expr { ty: Type::Tuple(items), .. }] => Some(items.len() as i64),
            _ => None,
        },
        ExprKind::Call(Callee::Builtin(Builtin::Max), args, _) if !args.is_empty() && args.iter().all(|a| a.ty == Type::Int) => {
            args.iter().map(static_int).collect::<Option<Vec<_>>>()?.into_iter().max()
        }
        ExprKind::Binary(BinOp::Add, l, r) => Some(static_int(l)? + static_int(r)?),
        ExprKind::Binary(BinOp::Sub, l, r) => Some(static_int(l)? - static_int(r)?),
        _ => None,
    }
}
