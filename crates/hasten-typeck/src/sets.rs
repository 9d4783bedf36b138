//! Typing sets: literals, `set()`, `add`/`discard`/`remove`/`clear`, `in`, `len` and iteration.
//! Items follow the rules of dict keys (integers, bools, tuples of them; one type per set), since a
//! set is a dict without values at run time. An empty `set()` takes its item type from the local it
//! is assigned to, which `add` fixes.

use crate::dicts::{check_key, key_fits};
use crate::function::{err, FnCx, R};
use crate::rules;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span, Type};

impl FnCx<'_, '_, '_> {
    /// `{a, b, ...}`.
    pub(crate) fn set_literal(&mut self, items: &mut [Expr]) -> R<Type> {
        let mut item = Type::Unknown;
        for e in items.iter_mut() {
            let t = self.expr(e)?;
            if matches!(t, Type::Never) {
                return Ok(Type::Never);
            }
            check_key(&t, e.span)?;
            item = rules::unify(&item, &t.as_list_item())
                .ok_or_else(|| Diagnostic::typing(format!("set items must have one type: {item} and {t} differ"), e.span))?;
        }
        Ok(Type::Set(Box::new(item)))
    }

    /// `name = set()`: the empty set gets the type the local has from its other uses.
    pub(crate) fn empty_set_for(&mut self, id: LocalId, value: &mut Expr) -> R<Type> {
        let ty = match &self.locals[id as usize].ty {
            t @ Type::Set(item) if **item != Type::Unknown => t.clone(),
            _ if self.strict => return Err(empty_set_error(value.span)),
            _ => Type::Set(Box::new(Type::Unknown)),
        };
        value.ty = ty.clone();
        Ok(ty)
    }

    /// A method of a set; `args[0]` is the set.
    pub(crate) fn set_method(&mut self, m: ListMethod, args: &mut [Expr], span: Span) -> R<Type> {
        let arity = match m {
            ListMethod::Add | ListMethod::Discard | ListMethod::Remove => 2,
            ListMethod::Clear => 1,
            _ => return Err(Diagnostic::unsupported(format!("set.{}() is not supported yet", m.name()), span)),
        };
        if args.len() != arity {
            return err(format!("set.{}() takes {} arguments, {} given", m.name(), arity - 1, args.len() - 1), span);
        }
        let (s, rest) = args.split_first_mut().expect("the receiver");
        let item = match self.expr(s)? {
            Type::Set(item) if *item != Type::Unknown => Some(*item),
            _ => None,
        };
        let Some(x) = rest.first_mut() else { return Ok(Type::None) };
        let t = self.expr(x)?;
        check_key(&t, x.span)?;
        match (&item, m) {
            (Some(item), _) if !matches!(t, Type::Unknown | Type::Never) && !key_fits(item, &t) => {
                err(format!("this set holds {item}, not {t}"), x.span)
            }
            (None, ListMethod::Add) if !matches!(t, Type::Unknown | Type::Never) => {
                if let ExprKind::Local(id) = s.kind {
                    self.assign_local(id, &Type::Set(Box::new(t.as_list_item())), span)?;
                }
                Ok(Type::None)
            }
            _ => Ok(Type::None),
        }
    }
}

/// Whether `x in s` is supported for a set of `item`s.
pub(crate) fn set_membership(x: &Type, item: &Type, span: Span) -> R<()> {
    if key_fits(item, x) {
        return Ok(());
    }
    Err(Diagnostic::unsupported(format!("`in` of {x} in a set of {item} is not supported"), span))
}

pub(crate) fn empty_set_error(span: Span) -> Diagnostic {
    Diagnostic::typing("cannot infer the item type of this empty set", span)
        .note("assign it to a variable and add to it (`s.add(x)`), so that the item type is known")
}
