//! What a `for` loop's target receives: the items of an array (scalars, or views of the first axis)
//! or of a list, and the tuples `zip(...)` and `enumerate(...)` make of them.

use crate::function::{err, FnCx, R};
use hasten_ir::hir::{Builtin, Callee, Expr, ExprKind, ListMethod};
use hasten_ir::{ArrayType, Diagnostic, Layout, Span, Type};

impl FnCx<'_, '_, '_> {
    /// Types the iterable of a `for` loop and gives the type of one item. A `zip`/`enumerate` call
    /// gets that tuple type as its own: code generation reads the items' types from it.
    pub(crate) fn loop_item(&mut self, iter: &mut Expr) -> R<Type> {
        if let Some(item) = self.dict_loop_item(iter)? {
            return Ok(item);
        }
        if let Some(item) = self.reversed_loop_item(iter)? {
            return Ok(item);
        }
        if !is_zip(iter) {
            let mut ty = self.expr(iter)?;
            if let Some(list) = self.tuple_as_list(iter, "iteration over")? {
                ty = list;
            }
            return iteration_type(&ty, iter.span);
        }
        let ExprKind::Call(Callee::Builtin(b), args, _) = &mut iter.kind else { unreachable!("checked by is_zip") };
        let b = *b;
        let mut items = Vec::with_capacity(args.len());
        let mut pending = false;
        for (k, arg) in args.iter_mut().enumerate() {
            if b == Builtin::Enumerate && k == 1 {
                let ty = self.expr(arg)?;
                match ty {
                    t if t.is_intlike() => items.insert(0, Type::Int),
                    Type::Unknown | Type::Never => pending = true,
                    t => return err(format!("'{t}' object cannot be interpreted as an integer"), arg.span),
                }
                continue;
            }
            if matches!(arg.kind, ExprKind::Call(Callee::Builtin(Builtin::IterRange), ..)) {
                // `range(...)` in a zip: its ints, walked by the loop's counter.
                self.expr(arg)?;
                items.push(Type::Int);
                continue;
            }
            let item = self.loop_item(arg)?;
            if matches!(arg.ty, Type::Dict(..) | Type::Set(_)) || matches!(arg.kind, ExprKind::Call(Callee::ListMethod(ListMethod::Keys | ListMethod::Values | ListMethod::Items), ..)) {
                return Err(Diagnostic::unsupported(format!("{}() of dicts or sets is not supported yet", if b == Builtin::Zip { "zip" } else { "enumerate" }), arg.span));
            }
            if let Type::Iter(_) = arg.ty {
                return Err(Diagnostic::unsupported(format!("{}() of an iterator is not supported yet; pass the iterable itself", if b == Builtin::Zip { "zip" } else { "enumerate" }), arg.span));
            }
            pending |= item == Type::Unknown;
            items.push(item);
        }
        if b == Builtin::Zip && items.is_empty() {
            return Err(Diagnostic::unsupported("zip() of no iterables", iter.span));
        }
        let ty = if pending { Type::Unknown } else { Type::tuple(items) };
        if !pending {
            iter.ty = ty.clone();
        }
        Ok(ty)
    }
}

/// The type of one item of an iterable.
pub(crate) fn iteration_type(ty: &Type, span: Span) -> R<Type> {
    Ok(match ty {
        Type::List(item) if **item == Type::Unknown => Type::Unknown,
        Type::List(item) => (**item).clone(),
        Type::Dict(key, _) | Type::Set(key) => (**key).clone(),
        Type::Str => Type::Str,
        Type::Iter(of) => of.item(),
        Type::Array(a) if a.ndim == 1 => a.dtype.item(),
        // Iterating over an n-d array yields views of its first axis, as `a[i]`.
        Type::Array(a) if a.ndim > 1 => {
            let layout = if a.layout == Layout::C { Layout::C } else { Layout::A };
            Type::Array(ArrayType { ndim: a.ndim - 1, layout, ..*a })
        }
        Type::Array(_) => return err("iteration over a 0-d array", span),
        Type::Unknown | Type::Never => Type::Unknown,
        _ => match number_class(ty) {
            Some(class) => return err(format!("'{class}' object is not iterable"), span),
            None => return Err(Diagnostic::unsupported(format!("iterating over {ty} is not supported"), span)),
        },
    })
}

/// The class CPython's messages name for a number of type `t` (`numpy.float64` for NumPy's).
pub(crate) fn number_class(t: &Type) -> Option<String> {
    Some(match t {
        Type::Bool => "bool".into(),
        Type::Int => "int".into(),
        Type::Float => "float".into(),
        Type::Complex => "complex".into(),
        Type::Scalar(d) => format!("numpy.{d}"),
        _ => return None,
    })
}

/// Whether `e` is a call of `zip` or `enumerate`, which exist only as iterables of loops (or of
/// each other).
pub(crate) fn is_zip(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Call(Callee::Builtin(Builtin::Zip | Builtin::Enumerate), ..))
}

#[cfg(test)]
mod tests {
    use crate::testing::{f64_1d, f64_2d, local, typed};
    use hasten_ir::{ArrayType, Dtype, Layout, Type};

    #[test]
    fn zip_and_enumerate_give_tuples_of_items() {
        let src = "def f(a, b):\n    for k, (x, row) in enumerate(zip(a, b), 1):\n        pass\n    return 0";
        let f = typed(src, &[f64_1d(), f64_2d()]);
        let ty = |name| f.locals[local(&f, name) as usize].ty.clone();
        assert_eq!(ty("k"), Type::Int);
        assert_eq!(ty("x"), Type::Scalar(Dtype::F64));
        assert_eq!(ty("row"), Type::Array(ArrayType { dtype: Dtype::F64, ndim: 1, layout: Layout::C, readonly: false }));
    }
}
