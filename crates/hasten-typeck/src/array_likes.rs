//! Which operands NumPy takes as the arrays it makes of them (`np.roll([1, 2], 1)`,
//! `np.interp(x, (1, 2), (3, 4))`), and the containers whose values lack NumPy's methods.

use crate::function::{err, FnCx, R};
use hasten_ir::hir::*;
use hasten_ir::{Span, Type};

impl FnCx<'_, '_, '_> {
    /// A list of numbers (nested lists too) where NumPy takes an array (`np.append(a, [1.0, 2.0])`,
    /// `np.take(a, [1, 2])`) is the array NumPy makes of it: `np.array(list)`.
    /// Shapes, axes and repetitions (`np.zeros([2, 3])`, `np.moveaxis(a, [0], [1])`) stay lists.
    pub(crate) fn lists_as_arrays(&mut self, f: NumpyFn, args: &mut [Expr], types: &mut [Type]) -> R<()> {
        use NumpyFn::*;
        let array_at = |k: usize| match f {
            FromList | Empty | Zeros | Ones | Full | Eye | Identity | Tri | Arange | Linspace => false,
            Reshape | Tile | Moveaxis | Swapaxes | ExpandDims | Squeeze | Transpose | Restride | Pad | Flip | FullLike => k == 0,
            _ => true,
        };
        // The functions NumPy gives `asarray(a)` of a number: of a 0-d array (its dtype NumPy's).
        // `np.where` is one: of numbers only, a 0-d array.
        let of_number = matches!(f, EmptyLike | ZerosLike | OnesLike | FullLike | Var | Std | Nanvar | Nanstd | Cumsum | Cumprod | Ravel | Atleast(_) | Median | Nanmedian | Percentile | Quantile | Ptp | Argwhere | Ufunc(hasten_ir::hir::Ufunc::Where));
        for (k, (a, t)) in args.iter_mut().zip(types.iter_mut()).enumerate() {
            if k == 0 && of_number && t.is_numeric_scalar() {
                let span = a.span;
                let mut x = std::mem::replace(a, Expr::new(ExprKind::Const(Const::None), span));
                // A running total flattens its operand: of the number, a 1-d array.
                if matches!(f, Cumsum | Cumprod) {
                    x = Expr::new(ExprKind::List(vec![x]), span);
                }
                *a = Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::FromList), vec![x], Vec::new()), span);
                *t = self.expr(a)?;
                continue;
            }
            // `np.take(a, (1, 5))`: NumPy's index array of the tuple.
            let index_tuple = f == Take && k == 1 && matches!(t, Type::Tuple(items) if !items.is_empty() && items.iter().all(|i| i.is_intlike()));
            if (array_at(k) && numbers_list(t)) || index_tuple {
                let span = a.span;
                let list = std::mem::replace(a, Expr::new(ExprKind::Const(Const::None), span));
                *a = Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::FromList), vec![list], Vec::new()), span);
                *t = self.expr(a)?;
            }
        }
        // `np.hstack((a, [1.0, 2.0]))`: the lists among the arrays a join takes are arrays too.
        if let (Concatenate | Stack | Vstack | Hstack | ColumnStack, Some(Expr { kind: ExprKind::Tuple(items), .. })) = (f, args.first_mut()) {
            let mut changed = false;
            for item in items.iter_mut().filter(|i| numbers_list(&i.ty)) {
                let span = item.span;
                let list = std::mem::replace(item, Expr::new(ExprKind::Const(Const::None), span));
                *item = Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::FromList), vec![list], Vec::new()), span);
                changed = true;
            }
            if changed {
                types[0] = self.expr(&mut args[0])?;
            }
        }
        Ok(())
    }
}

/// A tuple of numbers, or a nest of them: an array-like NumPy takes where it wants an array.
pub(crate) fn numbers_tuple(t: &Type) -> bool {
    match t {
        Type::Tuple(items) => !items.is_empty() && items.iter().all(|i| i.is_numeric_scalar() || numbers_tuple(i) || numbers_list(i)),
        _ => false,
    }
}

/// Whether `t` is a list of numbers, or of such lists (a list of arrays is not: joins take those).
fn numbers_list(t: &Type) -> bool {
    match t {
        Type::List(item) => item.is_numeric_scalar() || numbers_list(item),
        _ => false,
    }
}

/// `x.f()` of a container or string `x` read as NumPy's method `f` (`[1, 2].sum()`): refused as
/// CPython refuses it, but for the methods lists, sets and dicts have themselves (`copy`, `sort`).
pub(crate) fn container_receiver(f: NumpyFn, t: &Type, span: Span) -> R<()> {
    let own_method = match f {
        NumpyFn::Copy => matches!(t, Type::List(_) | Type::Dict(..) | Type::Set(_)),
        NumpyFn::SortInPlace => matches!(t, Type::List(_)),
        _ => false,
    };
    match container_class(t).filter(|_| !own_method) {
        Some(what) => err(format!("'{what}' object has no attribute of this name: it is a method of NumPy arrays (CPython raises AttributeError; np.asarray makes an array of it)"), span),
        None => Ok(()),
    }
}

/// The Python class of a container or string, whose values lack NumPy's methods.
fn container_class(t: &Type) -> Option<&'static str> {
    Some(match t {
        Type::List(_) => "list",
        Type::Tuple(_) => "tuple",
        Type::Dict(..) => "dict",
        Type::Set(_) => "set",
        Type::Str => "str",
        _ => return None,
    })
}
