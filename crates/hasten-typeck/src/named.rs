//! Named tuples (`collections.namedtuple`, `typing.NamedTuple`): a tuple type that carries its
//! class (`hasten_ir::TupleType::class`). A call of the class makes one; `p.x` becomes the index
//! of field `x`, decided here so that code generation sees a tuple index.

use crate::function::{err, FnCx, R};
use hasten_ir::hir::{Const, Expr, ExprKind};
use hasten_ir::{Diagnostic, NamedClass, TupleType, Type};
use std::sync::Arc;

impl FnCx<'_, '_, '_> {
    /// `Point(a, b)` with one argument per field (the front end bound keywords and defaults,
    /// `order` says which argument each field takes; arguments unpacked with `*` are counted here).
    pub(crate) fn named_tuple_call(&mut self, class: Arc<NamedClass>, order: &[usize], args: &mut Vec<Expr>, span: hasten_ir::Span) -> R<Type> {
        if !self.expand_starred(args)? {
            return Ok(Type::Unknown);
        }
        let types = match self.arg_types(args)? {
            Ok(types) => types,
            Err(pending) => return Ok(pending),
        };
        let items = if order.is_empty() { types } else { order.iter().map(|k| types[*k].clone()).collect() };
        let n = class.fields.len();
        if items.len() != n {
            return err(format!("{}.__new__() takes {} positional arguments but {} were given", class.name(), n + 1, items.len() + 1), span);
        }
        Ok(Type::Tuple(TupleType { items, class: Some(class) }))
    }

    /// `x.name` that the front end could not resolve (`Builtin::Field`): a named tuple's field
    /// becomes `x[k]`; anything else is refused.
    pub(crate) fn field(&mut self, e: &mut Expr) -> R<Type> {
        let ExprKind::Call(_, args, _) = &mut e.kind else { unreachable!("a Field is a call") };
        let ExprKind::Const(Const::Str(name)) = &args[1].kind else { unreachable!("the front end names the field") };
        let name = name.clone();
        let t = self.expr(&mut args[0])?;
        let k = match &t {
            Type::Unknown | Type::Never => return Ok(t),
            Type::Slice(parts) => return self.slice_attribute(e, *parts, &name),
            Type::Tuple(TupleType { class: Some(class), .. }) => match class.field(&name) {
                Some(k) => k,
                None if name == "_fields" => {
                    let names = class.fields.iter().map(|f| Expr::new(ExprKind::Const(Const::Str(f.clone())), e.span)).collect();
                    e.kind = ExprKind::Tuple(names);
                    return self.expr_inner(e);
                }
                None => return err(format!("'{}' object has no attribute '{name}'", class.name()), e.span),
            },
            _ => return Err(Diagnostic::unsupported(format!("attribute '.{name}' is not supported"), e.span)),
        };
        let base = args.swap_remove(0);
        let index = Expr::new(ExprKind::Const(Const::Int(k as i64)), e.span);
        e.kind = ExprKind::Index(Box::new(base), vec![index]);
        self.expr_inner(e)
    }
}
