//! Typing dicts: literals, `dict()`, `d[k]`, stores, `get`/`pop`/`setdefault`/`clear`/`copy`/
//! `popitem`/`update`, `in`, `len`
//! and iteration over keys, values and items.
//!
//! Keys are integers, bools (NumPy's too), floats (float32s held as the float64 of their value),
//! strings or tuples of them, one type per dict
//! like a list's items; an int key and a bool key of equal value are one key, as in CPython, and an
//! int looks up the float key equal to it (a NaN key is refused at run time: `hasten_runtime::dict`).
//! Values have one type.
//! An empty literal takes its types from the local it is assigned to, which a store fixes.

use crate::function::{err, FnCx, R};
use crate::lists::item_type_ok;
use crate::rules;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Dtype, Span, Type};

/// What a dict key can be: values whose equality is that of their 64-bit words once widened,
/// floats (a float64 word each, compared as floats at run time) and strings (compared by content).
fn key_type_ok(t: &Type) -> bool {
    match t {
        Type::Tuple(items) => !items.is_empty() && items.iter().all(key_type_ok),
        Type::Str => true,
        t => t.is_intlike() || is_float(t),
    }
}

/// A Python float, an `np.float64` or an `np.float32`: one float64 word.
fn is_float(t: &Type) -> bool {
    matches!(t, Type::Float | Type::Scalar(Dtype::F64 | Dtype::F32))
}

/// Whether a key of type `k` can be looked up in a dict with keys of type `key`.
pub(crate) fn key_fits(key: &Type, k: &Type) -> bool {
    match (key, k) {
        (Type::Tuple(a), Type::Tuple(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| key_fits(x, y)),
        (Type::Str, Type::Str) => true,
        (a, b) if is_float(a) => b.is_intlike() || is_float(b),
        (a, b) => a.is_intlike() && b.is_intlike(),
    }
}

pub(crate) fn check_key(t: &Type, span: Span) -> R<()> {
    if key_type_ok(t) || matches!(t, Type::Unknown | Type::Never) {
        return Ok(());
    }
    let what = if t.is_floatlike() { "float16 keys (float64 and float32 ones are)" } else { "keys of this type" };
    Err(Diagnostic::unsupported(format!("dicts with {what} are not supported yet: {t}"), span))
}

fn check_value(t: &Type, span: Span) -> R<()> {
    if item_type_ok(t) || matches!(t, Type::Unknown | Type::Never) {
        return Ok(());
    }
    Err(Diagnostic::unsupported(format!("dicts with values of {t} are not supported yet"), span))
}

impl FnCx<'_, '_, '_> {
    /// `{k: v, ...}`; `items` alternate keys and values.
    pub(crate) fn dict_literal(&mut self, items: &mut [Expr], span: Span) -> R<Type> {
        let (mut key, mut value) = (Type::Unknown, Type::Unknown);
        // An empty list among lists as values (`{0: [1], 1: []}`) takes its siblings' type, typed last.
        let empty = |e: &Expr| matches!(&e.kind, ExprKind::List(v) if v.is_empty());
        let has_sibling = items.iter().skip(1).step_by(2).any(|e| !empty(e));
        let mut empties = Vec::new();
        for (n, e) in items.iter_mut().enumerate() {
            if n % 2 == 1 && has_sibling && empty(e) {
                empties.push(n);
                continue;
            }
            let t = self.expr(e)?;
            if matches!(t, Type::Never) {
                return Ok(Type::Never);
            }
            let (slot, what) = if n % 2 == 0 { (&mut key, "keys") } else { (&mut value, "values") };
            if n % 2 == 0 { check_key(&t, e.span)? } else { check_value(&t, e.span)? }
            let t = t.as_list_item();
            *slot = rules::unify(slot, &t)
                .ok_or_else(|| Diagnostic::unsupported(format!("dicts whose {what} differ in type ({slot} and {t}) are not supported yet: a compiled dict keeps one type of each"), e.span))?;
        }
        if items.is_empty() && self.strict {
            return Err(empty_dict_error(span));
        }
        for n in empties {
            if matches!(value, Type::List(_)) {
                self.operand_like(&mut items[n], &value)?;
            } else {
                self.expr(&mut items[n])?;
            }
        }
        Ok(Type::Dict(Box::new(key), Box::new(value)))
    }

    /// `name = {}` or `name = dict()`: the empty dict gets the types the local has from its uses.
    pub(crate) fn empty_dict_for(&mut self, id: LocalId, value: &mut Expr) -> R<Type> {
        let ty = match &self.locals[id as usize].ty {
            t @ Type::Dict(k, _) if **k != Type::Unknown => t.clone(),
            _ if self.strict => return Err(empty_dict_error(value.span)),
            _ => Type::Dict(Box::new(Type::Unknown), Box::new(Type::Unknown)),
        };
        value.ty = ty.clone();
        Ok(ty)
    }

    /// The key and value types of `d` once known; `d` is typed here.
    fn dict_types(&mut self, d: &mut Expr) -> R<Option<(Type, Type)>> {
        match self.expr(d)? {
            Type::Dict(k, v) if *k != Type::Unknown => Ok(Some((*k, *v))),
            _ => Ok(None),
        }
    }

    /// Types a key used with a dict whose keys are `key`.
    fn dict_key(&mut self, key: Option<&Type>, e: &mut Expr) -> R<Type> {
        let t = self.expr(e)?;
        check_key(&t, e.span)?;
        match key {
            Some(key) if !matches!(t, Type::Unknown | Type::Never) && !key_fits(key, &t) => {
                err(format!("this dict's keys are {key}, not {t}"), e.span)
            }
            _ => Ok(t),
        }
    }

    /// `d[k]`: the value type.
    pub(crate) fn dict_index(&mut self, key: &Type, value: &Type, indices: &mut Vec<Expr>, span: Span) -> R<Type> {
        let [k] = one_key(indices, span)? else { unreachable!("one key") };
        self.dict_key(Some(key), k)?;
        Ok(value.clone())
    }

    /// `d[k] = value`; a local dict with no types yet gets them from the store.
    pub(crate) fn dict_store(&mut self, base: &mut Expr, indices: &mut Vec<Expr>, value: &Type, span: Span) -> R<()> {
        let known = self.dict_types(base)?;
        let [k] = one_key(indices, span)? else { unreachable!("one key") };
        let kt = self.dict_key(known.as_ref().map(|(k, _)| k), k)?;
        check_value(value, span)?;
        self.add_entries(base, known, &kt, value, span)
    }

    /// Entries of key type `kt` and value type `vt` go into the dict `d`.
    fn add_entries(&mut self, d: &Expr, known: Option<(Type, Type)>, kt: &Type, vt: &Type, span: Span) -> R<()> {
        if matches!(kt, Type::Unknown | Type::Never) || matches!(vt, Type::Unknown | Type::Never) {
            return Ok(());
        }
        let vt = vt.as_list_item();
        match known {
            Some((_, v)) if v == vt => Ok(()),
            // A TypingError, as numba's: a `typed.Dict` of declared types takes this path too.
            Some((_, v)) => err(format!("this dict holds values of {v}, not {vt}"), span)
                .map_err(|d| d.note("a dict's values keep one type in compiled code; convert the value first")),
            None => match d.kind {
                ExprKind::Local(id) => self.assign_local(id, &Type::Dict(Box::new(kt.as_list_item()), Box::new(vt)), span),
                _ => Ok(()),
            },
        }
    }

    /// A method of a dict; `args[0]` is the dict.
    pub(crate) fn dict_method(&mut self, m: ListMethod, args: &mut [Expr], span: Span) -> R<Type> {
        let arity = match m {
            ListMethod::Setdefault => 3..=3,
            ListMethod::Get | ListMethod::Pop => 2..=3,
            ListMethod::Delete | ListMethod::Update => 2..=2,
            ListMethod::Copy | ListMethod::Popitem => 1..=1,
            ListMethod::Clear | ListMethod::Keys | ListMethod::Values | ListMethod::Items => 1..=1,
            _ => return Err(Diagnostic::unsupported(format!("dict.{}() is not a method of dicts", m.name()), span)),
        };
        if !arity.contains(&args.len()) {
            return err(format!("dict.{}() takes {} arguments, {} given", m.name(), arity.end() - 1, args.len() - 1), span);
        }
        let (d, rest) = args.split_first_mut().expect("the receiver");
        let known = self.dict_types(d)?;
        let key = known.as_ref().map(|(k, _)| k.clone());
        match m {
            ListMethod::Keys | ListMethod::Values | ListMethod::Items => {
                Err(Diagnostic::unsupported(format!("d.{}() is supported only as the iterable of a for loop yet", m.name()), span))
            }
            ListMethod::Clear => Ok(Type::None),
            ListMethod::Copy => Ok(known.map_or(Type::Unknown, |(k, v)| Type::Dict(Box::new(k), Box::new(v)))),
            ListMethod::Popitem => Ok(known.map_or(Type::Unknown, |(k, v)| Type::tuple(vec![k, v]))),
            ListMethod::Update => {
                let ot = self.expr(&mut rest[0])?;
                match &ot {
                    Type::Dict(k, _) if **k == Type::Unknown => Ok(Type::None),
                    Type::Dict(k, v) => match &known {
                        Some((dk, dv)) if dk != &**k || dv != &**v => Err(Diagnostic::unsupported(
                            format!("d.update() of {ot} into a dict of {dk} to {dv} is not supported: the dicts must have one type"),
                            rest[0].span,
                        )),
                        _ => self.add_entries(d, known.clone(), k, v, span).map(|_| Type::None),
                    },
                    Type::Unknown | Type::Never => Ok(Type::None),
                    _ => Err(Diagnostic::unsupported(format!("dict.update() of {ot} is not supported yet (only dicts)"), rest[0].span)),
                }
            }
            ListMethod::Delete => {
                self.dict_key(key.as_ref(), &mut rest[0])?;
                Ok(Type::None)
            }
            ListMethod::Setdefault => {
                let kt = self.dict_key(key.as_ref(), &mut rest[0])?;
                // An empty list literal as the default takes the dict's list type.
                let vt = match (&rest[1].kind, &known) {
                    (ExprKind::List(items), Some((_, v @ Type::List(item)))) if items.is_empty() && **item != Type::Unknown => {
                        rest[1].ty = v.clone();
                        v.clone()
                    }
                    _ => self.expr(&mut rest[1])?,
                };
                check_value(&vt, rest[1].span)?;
                self.add_entries(d, known.clone(), &kt, &vt, span)?;
                Ok(known.map_or(Type::Unknown, |(_, v)| v))
            }
            _ => {
                self.dict_key(key.as_ref(), &mut rest[0])?;
                let default = match rest.get_mut(1) {
                    Some(e) => Some(self.expr(e)?),
                    None if m == ListMethod::Get => Some(Type::None),
                    None => None,
                };
                // Before any store has typed the dict, the default's type stands for the result:
                // `d[k] = d.get(k, 0) + 1` then types the dict, and the next round checks the guess.
                let Some((_, v)) = known else {
                    return Ok(default.filter(|t| *t != Type::None).unwrap_or(Type::Unknown));
                };
                // The default and the values share one result type, as any two values of one local
                // do; a None default makes it optional.
                match default {
                    Some(Type::None) => match crate::optional::merged_local(&v, &Type::None) {
                        Some(Ok(t)) => Ok(t),
                        _ => Err(Diagnostic::unsupported(format!("d.get(key) whose result may be None, of a dict of {v} values, is not supported yet (of numbers and bools it is)"), span)),
                    },
                    Some(t) => rules::unify(&v, &t).ok_or_else(|| Diagnostic::typing(format!("the default {t} and the values {v} have no common type"), span)),
                    None => Ok(v),
                }
            }
        }
    }

    /// The item type of a loop over `d`, `d.keys()`, `d.values()` or `d.items()`, if `e` is one.
    pub(crate) fn dict_loop_item(&mut self, e: &mut Expr) -> R<Option<Type>> {
        let ExprKind::Call(Callee::ListMethod(m @ (ListMethod::Keys | ListMethod::Values | ListMethod::Items)), args, _) = &mut e.kind else {
            return Ok(None);
        };
        let m = *m;
        let [d] = args.as_mut_slice() else { return err(format!("dict.{}() takes no arguments", m.name()), e.span) };
        let item = match self.expr(d)? {
            Type::Dict(k, v) if *k != Type::Unknown => match m {
                ListMethod::Keys => *k,
                ListMethod::Values => *v,
                _ => Type::tuple(vec![*k, *v]),
            },
            Type::Dict(..) | Type::Unknown | Type::Never => Type::Unknown,
            t => return err(format!("{} is a method of dicts, not of {t}", m.name()), e.span),
        };
        if item != Type::Unknown {
            e.ty = item.clone();
        }
        Ok(Some(item))
    }
}

/// The key of `d[k]`: the front end reads `d[a, b]` (and `d[(a, b)]`) as two indices, which for a
/// dict are one tuple key.
fn one_key(indices: &mut Vec<Expr>, span: Span) -> R<&mut [Expr]> {
    if indices.iter().any(|i| matches!(i.kind, ExprKind::Slice(..))) {
        return err("a dict key cannot be a slice", span);
    }
    if indices.len() > 1 {
        let items = std::mem::take(indices);
        let start = items[0].span;
        let end = items[items.len() - 1].span;
        indices.push(Expr::new(ExprKind::Tuple(items), Span { start: start.start, end: end.end }));
    }
    Ok(indices.as_mut_slice())
}

fn empty_dict_error(span: Span) -> Diagnostic {
    Diagnostic::typing("cannot infer the key and value types of this empty dict", span)
        .note("assign it to a variable and store into it (`d[k] = v`), so that the types are known")
}

/// Whether `x in d` is supported for a dict with keys of type `key`.
pub(crate) fn dict_membership(x: &Type, key: &Type, span: Span) -> R<()> {
    if key_fits(key, x) {
        return Ok(());
    }
    Err(Diagnostic::unsupported(format!("`in` of {x} in a dict with keys of {key} is not supported"), span))
}
