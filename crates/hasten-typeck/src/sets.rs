//! Typing sets: literals, `set()`, methods, the operators `| & - ^` and their in-place forms,
//! comparisons (of dicts too), `in`, `len` and iteration.
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
                .ok_or_else(|| Diagnostic::unsupported(format!("sets whose items differ in type ({item} and {t}) are not supported yet: a compiled set keeps one item type"), e.span))?;
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
        use ListMethod::*;
        let arity = match m {
            Add | Discard | Remove | SymmetricDifference | SymmetricDifferenceUpdate | Issubset | Issuperset | Isdisjoint => 2..=2,
            Clear | Pop | Copy => 1..=1,
            Union | Intersection | Difference | Update | IntersectionUpdate | DifferenceUpdate => 1..=usize::MAX,
            _ => return Err(Diagnostic::unsupported(format!("set.{}() is not a method of sets", m.name()), span)),
        };
        if !arity.contains(&args.len()) {
            return err(format!("set.{}() takes {} arguments, {} given", m.name(), arity.end() - 1, args.len() - 1), span);
        }
        let (s, rest) = args.split_first_mut().expect("the receiver");
        let st = self.expr(s)?;
        let item = match &st {
            Type::Set(item) if **item != Type::Unknown => Some((**item).clone()),
            _ => None,
        };
        match m {
            Clear => return Ok(Type::None),
            Pop => return Ok(item.unwrap_or(Type::Unknown)),
            Copy => return Ok(st),
            Add | Discard | Remove => {}
            _ => {
                let mut known = true;
                for other in rest.iter_mut() {
                    let ot = self.expr(other)?;
                    known &= set_operands(&st, &ot, || format!("set.{}() of {ot}", m.name()), other.span)?.is_some();
                    // `s = set(); s.update(items)`: the items type the empty set.
                    if let (Update, None, ExprKind::Local(id), Type::Set(i)) = (m, &item, &s.kind, &ot) {
                        if **i != Type::Unknown {
                            self.assign_local(*id, &ot, span)?;
                        }
                    }
                }
                return Ok(match m {
                    Issubset | Issuperset | Isdisjoint => Type::Bool,
                    Update | IntersectionUpdate | DifferenceUpdate | SymmetricDifferenceUpdate => Type::None,
                    _ if known => st,
                    _ => Type::Unknown,
                });
            }
        }
        let x = &mut rest[0];
        let t = self.expr(x)?;
        check_key(&t, x.span)?;
        match (&item, m) {
            (Some(item), _) if !matches!(t, Type::Unknown | Type::Never) && !key_fits(item, &t) => {
                Err(Diagnostic::unsupported(format!("this set holds {item}, not {t}: sets whose items differ in type are not supported yet"), x.span))
            }
            (None, Add) if !matches!(t, Type::Unknown | Type::Never) => {
                if let ExprKind::Local(id) = s.kind {
                    self.assign_local(id, &Type::Set(Box::new(t.as_list_item())), span)?;
                }
                Ok(Type::None)
            }
            _ => Ok(Type::None),
        }
    }

    /// `a | b`, `a & b`, `a - b`, `a ^ b` with a set operand: the set type, or Unknown while an
    /// operand's items are.
    pub(crate) fn set_binary(&mut self, op: BinOp, lt: &Type, rt: &Type, span: Span) -> R<Type> {
        let operator = matches!(op, BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor);
        if !operator || !matches!((lt, rt), (Type::Set(_), Type::Set(_))) {
            return err(format!("unsupported operand type(s) for {}: {lt} and {rt}", op.symbol()), span);
        }
        Ok(match set_operands(lt, rt, || format!("`{}` of {lt} and {rt}", op.symbol()), span)? {
            Some(_) => lt.clone(),
            None => Type::Unknown,
        })
    }
}

/// The item type two sets share, None while either's is unknown; sets of different items are
/// refused (CPython would mix them in one set).
fn set_operands(a: &Type, b: &Type, what: impl Fn() -> String, span: Span) -> R<Option<Type>> {
    match (a, b) {
        (Type::Set(x), Type::Set(y)) if **x == Type::Unknown || **y == Type::Unknown => Ok(None),
        (Type::Set(x), Type::Set(y)) if x == y => Ok(Some((**x).clone())),
        (Type::Set(_), Type::Set(_)) => Err(Diagnostic::unsupported(format!("{} is not supported: the sets must hold one type", what()), span)),
        (_, Type::Unknown | Type::Never) => Ok(None),
        _ => Err(Diagnostic::unsupported(format!("{} is not supported yet (only sets)", what()), span)),
    }
}

/// Whether `l op r` of two sets or two dicts is supported: sets of one item type (every order),
/// dicts of one key and value type whose values compare word by word (`==` and `!=` only).
pub(crate) fn container_compare(op: CmpOp, lt: &Type, rt: &Type, span: Span) -> R<()> {
    let unknown = |t: &Type| matches!(t, Type::Set(i) if **i == Type::Unknown) || matches!(t, Type::Dict(k, _) if **k == Type::Unknown);
    if unknown(lt) || unknown(rt) {
        return Ok(());
    }
    match (lt, rt) {
        (Type::Set(_), Type::Set(_)) => set_operands(lt, rt, || format!("comparing {lt} with {rt}"), span).map(|_| ()),
        (Type::Dict(..), Type::Dict(..)) if !matches!(op, CmpOp::Eq | CmpOp::NotEq) => {
            let symbol = match op {
                CmpOp::Lt => "<",
                CmpOp::LtE => "<=",
                CmpOp::Gt => ">",
                _ => ">=",
            };
            err(format!("'{symbol}' not supported between instances of 'dict' and 'dict'"), span)
        }
        (Type::Dict(..), Type::Dict(_, v)) if lt == rt && value_words_comparable(v) => Ok(()),
        _ => Err(Diagnostic::unsupported(format!("comparing {lt} with {rt} is not supported"), span)),
    }
}

/// Values `dict ==` compares word by word in the runtime: numbers, bools and strings, or tuples of
/// them, of at most 16 words.
fn value_words_comparable(v: &Type) -> bool {
    fn leaves_ok(t: &Type) -> bool {
        match t {
            Type::Tuple(items) => items.iter().all(leaves_ok),
            t => t.is_numeric_scalar() || *t == Type::Str,
        }
    }
    leaves_ok(v) && v.slot_count() <= 16
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
