//! Typing lists: literals, the methods that change a list, indexing, `len` and iteration.
//!
//! A list's items have one type, fixed like a local's: `[1, 2.5]` is a list of floats, and storing
//! or appending a value of another type is an error (CPython would keep the int an int). An empty
//! literal takes its item type from the local it is assigned to, which `append`, `insert` and
//! `extend` on that local fix.

use crate::function::{err, FnCx, R};
use crate::rules;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Dtype, Span, Type};

/// What a list can hold. Lists of arrays and of tuples work like lists of numbers; the rest waits
/// for the containers that would hold them.
/// Items the runtime sorts by themselves: numbers (not complex), strings and tuples of them.
pub(crate) fn sortable(t: &Type) -> bool {
    match t {
        Type::Tuple(items) => !items.is_empty() && items.iter().all(sortable),
        t => (t.is_numeric_scalar() && !matches!(t, Type::Complex | Type::Scalar(Dtype::C64 | Dtype::C128))) || *t == Type::Str,
    }
}

/// Items (or keys) a list is sorted by: what `sortable` says, and lists of numbers or strings,
/// compared item by item (the runtime reads the items of two such lists as one-word values).
pub(crate) fn list_sortable(t: &Type) -> bool {
    match t {
        Type::List(item) => !matches!(**item, Type::List(_) | Type::Tuple(_)) && sortable(item),
        t => sortable(t),
    }
}

/// Whether `min`/`max` compare values of type `t`: what sorts, and lists of what they compare
/// (Python's item-by-item order).
pub(crate) fn orderable(t: &Type) -> bool {
    match t {
        Type::List(item) => orderable(item),
        t => sortable(t),
    }
}

pub(crate) fn item_type_ok(t: &Type) -> bool {
    match t {
        Type::Bool | Type::Int | Type::Float | Type::Complex | Type::Scalar(_) | Type::Array(_) | Type::Str => true,
        // An empty tuple has no machine words, which a list's layout cannot count.
        Type::Tuple(items) => !items.is_empty() && items.iter().all(item_type_ok),
        Type::List(item) => item_type_ok(item) || **item == Type::Unknown,
        Type::Dict(..) | Type::Set(_) => true,
        _ => false,
    }
}

impl FnCx<'_, '_, '_> {
    pub(crate) fn list_literal(&mut self, items: &mut [Expr], span: Span) -> R<Type> {
        if let (true, Some(t)) = (items.is_empty(), self.empty_list_as.take()) {
            return Ok(t);
        }
        let mut item = Type::Unknown;
        let mut seen = Vec::new();
        // An empty list among lists (`[[1, 2], []]`) takes its siblings' type.
        let empty = |e: &Expr| matches!(&e.kind, ExprKind::List(v) if v.is_empty());
        let has_sibling = items.iter().any(|e| !empty(e));
        for e in items.iter_mut() {
            if has_sibling && empty(e) {
                continue;
            }
            let t = self.expr(e)?;
            if matches!(t, Type::Never) {
                return Ok(Type::Never);
            }
            if !item_type_ok(&t) && t != Type::Unknown {
                return Err(Diagnostic::unsupported(format!("lists of {t} are not supported yet"), e.span));
            }
            let t = t.as_list_item();
            item = rules::unify(&item, &t).ok_or_else(|| {
                Diagnostic::unsupported(format!("lists whose items differ in type ({item} and {t}) are not supported yet: a compiled list keeps one item type"), e.span)
            })?;
            seen.push((t, e.span));
        }
        // Items unify across Python types (`[1, 2.5]`), but CPython keeps each item's own type:
        // converted, `l[0]` would read 1.0 where CPython reads 1.
        if let Some((t, at)) = seen.iter().find(|(t, _)| *t != Type::Unknown && !t.fits_list_item(&item)) {
            let refusal = Diagnostic::unsupported(
                format!("lists whose items differ in type ({t} among {item}) are not supported yet: a compiled list keeps one item type, and CPython keeps this item's"),
                *at,
            );
            self.mixed_lists.push((span, refusal));
        }
        if items.is_empty() && self.strict {
            return Err(empty_list_error(span));
        }
        for e in items.iter_mut().filter(|e| has_sibling && empty(e)) {
            match &item {
                Type::List(inner) if **inner != Type::Unknown => e.ty = item.clone(),
                Type::Unknown | Type::List(_) => {
                    self.expr(e)?;
                }
                _ => return Err(Diagnostic::unsupported(format!("lists whose items differ in type ({item} and an empty list) are not supported yet: a compiled list keeps one item type"), e.span)),
            }
        }
        Ok(Type::List(Box::new(item)))
    }

    /// A list display within `within` is taken by NumPy as an array: its items' types are NumPy's
    /// to promote.
    pub(crate) fn mixed_list_taken(&mut self, within: Span) {
        self.mixed_lists.retain(|(at, _)| !(within.start <= at.start && at.end <= within.end));
    }

    /// `a + b` of two lists of one item type (or of one machine representation, as `append` takes
    /// a NumPy scalar into a list of Python numbers: the result keeps `a`'s), `a * n` and `n * a`.
    pub(crate) fn list_binary(&mut self, op: BinOp, l: &Type, r: &Type, span: Span) -> R<Type> {
        match (op, l, r) {
            (BinOp::Add, Type::List(a), Type::List(b)) if b.fits_list_item(a) => Ok(l.clone()),
            // CPython makes a list of both item types.
            (BinOp::Add, Type::List(a), Type::List(b)) => Err(Diagnostic::unsupported(format!("lists whose items differ in type ({a} and {b}, from `+`) are not supported yet: a compiled list keeps one item type"), span)),
            (BinOp::Mul, Type::List(_), n) | (BinOp::Mul, n, Type::List(_)) if n.is_intlike() => {
                Ok(if matches!(l, Type::List(_)) { l.clone() } else { r.clone() })
            }
            _ => err(format!("unsupported operand types for {}: {l} and {r}", op.symbol()), span),
        }
    }

    /// `sum(l)` of a list of numbers, `min(l)`, `max(l)` of a list of numbers, strings, tuples of
    /// them or lists of those: the type of the result.
    pub(crate) fn list_reduction(&mut self, b: Builtin, item: &Type, span: Span) -> R<Type> {
        if b == Builtin::Sum && item.is_c128() {
            // Python's sum: `0 + z`, then `+` of complex numbers (of np.complex128 ones, one).
            return Ok(item.clone());
        }
        if !item.is_numeric_scalar() && (b == Builtin::Sum || !orderable(item)) {
            let name = match b {
                Builtin::Sum => "sum",
                Builtin::Min => "min",
                _ => "max",
            };
            return Err(Diagnostic::unsupported(format!("{name}() of a list of {item} is not supported yet"), span));
        }
        match b {
            // Python's sum starts from the int 0.
            Builtin::Sum => Ok(rules::binary(BinOp::Add, &Type::Int, item, false).map_err(|m| Diagnostic::typing(m, span))?.result),
            _ => Ok(item.clone()),
        }
    }

    /// The type of a list of values of type `t`, made by a comprehension.
    pub(crate) fn list_of(&mut self, t: &Type, span: Span) -> R<Type> {
        if !item_type_ok(t) {
            return Err(Diagnostic::unsupported(format!("lists of {t} are not supported yet"), span));
        }
        Ok(Type::List(Box::new(t.as_list_item())))
    }

    /// `name = []`: the empty list gets the type the local has from its other uses.
    pub(crate) fn empty_list_for(&mut self, id: LocalId, value: &mut Expr) -> R<Type> {
        let ty = match &self.locals[id as usize].ty {
            t @ Type::List(item) if **item != Type::Unknown => t.clone(),
            _ if self.strict => return Err(empty_list_error(value.span)),
            _ => Type::List(Box::new(Type::Unknown)),
        };
        value.ty = ty.clone();
        Ok(ty)
    }

    /// `adj = [[] for _ in range(n)]`: its empty lists take the item type that appends through
    /// `adj[i]` gave `adj` (`refine_nested_lists`), once known.
    pub(crate) fn comprehension_of_empty_lists(&mut self, id: LocalId, value: &mut Expr) -> R<Type> {
        if let Type::List(t) = &self.locals[id as usize].ty {
            if matches!(&**t, Type::List(i) if **i != Type::Unknown) {
                self.empty_list_as = Some((**t).clone());
            }
        }
        let t = self.expr(value);
        self.empty_list_as = None;
        t
    }

    /// The item type of the list `e` (typed here), or `None` while unknown.
    fn list_item(&mut self, e: &mut Expr, what: &str) -> R<Option<Type>> {
        match self.expr(e)? {
            Type::List(item) if *item == Type::Unknown => Ok(None),
            Type::List(item) => Ok(Some(*item)),
            Type::Unknown | Type::Never => Ok(None),
            t => err(format!("{what} is a method of lists, not of {t}"), e.span),
        }
    }

    /// A list method; `args[0]` is the list.
    pub(crate) fn list_method(&mut self, m: ListMethod, args: &mut [Expr], span: Span) -> R<Type> {
        let arity = match m {
            ListMethod::Remove | ListMethod::Count | ListMethod::Index => return self.list_search(m, args, span),
            ListMethod::Sort => return self.list_sort(args, span),
            ListMethod::Reverse => 1..=1,
            ListMethod::Copy if matches!(self.expr(&mut args[0])?, Type::List(_)) => {
                if args.len() > 1 {
                    return err(format!("list.copy() takes no arguments ({} given)", args.len() - 1), span);
                }
                return Ok(args[0].ty.clone());
            }
            ListMethod::Get
            | ListMethod::Setdefault
            | ListMethod::Keys
            | ListMethod::Values
            | ListMethod::Items
            | ListMethod::Popitem
            | ListMethod::Update
            | ListMethod::Copy
            | ListMethod::Add
            | ListMethod::Discard
            | ListMethod::Union
            | ListMethod::Intersection
            | ListMethod::Difference
            | ListMethod::SymmetricDifference
            | ListMethod::Issubset
            | ListMethod::Issuperset
            | ListMethod::Isdisjoint
            | ListMethod::IntersectionUpdate
            | ListMethod::DifferenceUpdate
            | ListMethod::SymmetricDifferenceUpdate => {
                let owner = match m {
                    ListMethod::Get | ListMethod::Setdefault | ListMethod::Keys | ListMethod::Values | ListMethod::Items | ListMethod::Popitem => "dicts",
                    ListMethod::Update | ListMethod::Copy => "dicts and sets",
                    _ => "sets",
                };
                return match self.expr(&mut args[0])? {
                    Type::Unknown | Type::Never => Ok(Type::Unknown),
                    t => err(format!("{} is a method of {owner}, not of {t}", m.name()), span),
                };
            }
            ListMethod::Append | ListMethod::Extend => 2..=2,
            ListMethod::Insert => 3..=3,
            ListMethod::Pop => 1..=2,
            ListMethod::Delete => 2..=2,
            ListMethod::Clear => 1..=1,
        };
        if !arity.contains(&args.len()) {
            return err(format!("list.{}() takes {} arguments, {} given", m.name(), arity.end() - 1, args.len() - 1), span);
        }
        let (list, rest) = args.split_first_mut().expect("the receiver");
        let item = self.list_item(list, m.name())?;
        let added = match m {
            // An empty list appended to a list of lists is one of them.
            ListMethod::Append => Some(match &item {
                Some(t) => self.operand_like(&mut rest[0], t)?,
                None => self.expr(&mut rest[0])?,
            }),
            ListMethod::Insert => {
                self.int_index(&mut rest[0])?;
                Some(self.expr(&mut rest[1])?)
            }
            ListMethod::Extend => match self.expr(&mut rest[0])? {
                Type::List(t) => Some(*t),
                // `l.extend(xs)` of a tuple, a string or a 1-D array takes the list of its items.
                t @ (Type::Tuple(_) | Type::Str | Type::Array(_)) => {
                    let list = match &t {
                        Type::Tuple(_) => self.tuple_as_list(&mut rest[0], "list.extend() of")?,
                        Type::Array(a) if a.ndim != 1 => None,
                        _ => self.items_as_list(Builtin::List, &mut rest[0])?,
                    };
                    match list {
                        Some(Type::List(item)) => Some(*item),
                        _ => return Err(Diagnostic::unsupported(format!("list.extend() of {t} is not supported yet"), rest[0].span)),
                    }
                }
                Type::Unknown | Type::Never => None,
                t => return Err(Diagnostic::unsupported(format!("list.extend() of {t} is not supported yet"), rest[0].span)),
            },
            ListMethod::Pop => {
                if let Some(i) = rest.first_mut() {
                    self.int_index(i)?;
                }
                return Ok(item.unwrap_or(Type::Unknown));
            }
            ListMethod::Delete => {
                if matches!(rest[0].kind, ExprKind::Slice(..)) {
                    self.slice_bounds(&mut rest[0])?;
                } else {
                    self.int_index(&mut rest[0])?;
                }
                return Ok(Type::None);
            }
            ListMethod::Clear | ListMethod::Reverse => None,
            _ => unreachable!("dict methods returned above"),
        };
        if let Some(new) = added.filter(|t| !matches!(t, Type::Unknown | Type::Never)) {
            let new = if m == ListMethod::Extend { new } else { new.as_list_item() };
            self.add_items(list, item.as_ref(), &new, span)?;
        }
        Ok(Type::None)
    }

    /// `l.count(x)`, `l.index(x)`, `l.remove(x)` of a list of ints or bools: like `x in l`, floats are
    /// refused (CPython compares identity before `==`).
    /// `l.sort(reverse=r)` of a list of numbers, `l.sort(key=f, reverse=r)` of any list with the
    /// list of its keys, numbers, third.
    fn list_sort(&mut self, args: &mut [Expr], span: Span) -> R<Type> {
        let types = args.iter_mut().map(|a| self.expr(a)).collect::<R<Vec<_>>>()?;
        if types.iter().any(|t| matches!(t, Type::Unknown | Type::Never)) {
            return Ok(Type::None);
        }
        if !types[1].is_intlike() {
            return err(format!("reverse must be a bool or an int, not {}", types[1]), args[1].span);
        }
        match (&types[0], types.get(2)) {
            (Type::List(_), Some(Type::List(key))) if list_sortable(key) => Ok(Type::None),
            (Type::List(_), Some(t)) => Err(Diagnostic::unsupported(format!("list.sort() with a key function giving {t} is not supported yet (number and string keys and tuples of them are)"), args[2].span)),
            (Type::List(item), None) if list_sortable(item) => Ok(Type::None),
            (t, _) => Err(Diagnostic::unsupported(format!("sort() of {t} is not supported yet (lists of numbers, strings, tuples of them or lists of them are, and lists of anything with a key function)"), span)),
        }
    }

    fn list_search(&mut self, m: ListMethod, args: &mut [Expr], span: Span) -> R<Type> {
        if args.len() != 2 {
            let what = if m == ListMethod::Index { "list.index() with start and stop is not supported yet" } else { "" };
            if !what.is_empty() && args.len() > 2 {
                return Err(Diagnostic::unsupported(what, span));
            }
            return err(format!("list.{}() takes exactly one argument ({} given)", m.name(), args.len() - 1), span);
        }
        let (list, rest) = args.split_first_mut().expect("the receiver");
        let item = self.list_item(list, m.name())?;
        let x = self.expr(&mut rest[0])?;
        if let Some(item) = &item {
            let number = |t: &Type| searchable_number(t) || matches!(t, Type::Unknown | Type::Never);
            let strings = *item == Type::Str && matches!(x, Type::Str | Type::Unknown | Type::Never);
            if !(strings || (number(item) && number(&x)) || never_equal(&x, item)) {
                return Err(Diagnostic::unsupported(format!("list.{}() of {x} in a list of {item} is not supported yet (numbers and strings are)", m.name()), span));
            }
            // The ValueError shows `x`'s repr: NumPy's own digits for these.
            if m == ListMethod::Index && matches!(x, Type::Scalar(hasten_ir::Dtype::F32 | hasten_ir::Dtype::U64)) {
                return Err(Diagnostic::unsupported(format!("list.index() of {x} is not supported yet"), span));
            }
        }
        Ok(if m == ListMethod::Remove { Type::None } else { Type::Int })
    }

    /// Values of type `new` go into the list `list` whose items are `item` (if known yet); a local
    /// list with no item type yet gets `new`.
    fn add_items(&mut self, list: &Expr, item: Option<&Type>, new: &Type, span: Span) -> R<()> {
        if !item_type_ok(new) {
            return Err(Diagnostic::unsupported(format!("lists of {new} are not supported yet"), span));
        }
        match item {
            Some(t) if new.fits_list_item(t) => Ok(()),
            // A TypingError, as numba's: a `typed.List` of a declared item type takes this path too.
            Some(t) => err(format!("this list holds {t}, not {new}"), span)
                .map_err(|d| d.note("a list's items keep one type in compiled code; convert the value first")),
            None => match &list.kind {
                ExprKind::Local(id) => self.assign_local(*id, &Type::List(Box::new(new.clone())), span),
                // `d.setdefault(k, []).append(x)` and `d[k].append(x)` of a local dict of lists
                // with no item type yet: the dict's values are lists of `new`; so are the items of
                // a local list of such lists (`adj = [[] for _ in range(n)]`, `adj[u].append(v)`).
                ExprKind::Call(Callee::ListMethod(ListMethod::Setdefault), args, _) => self.refine_nested_lists(&args[0], new, span),
                ExprKind::Index(base, _) => self.refine_nested_lists(base, new, span),
                _ => Ok(()),
            },
        }
    }

    /// A local dict whose values, or a local list whose items, are lists of no known item type
    /// gets lists of `item`.
    fn refine_nested_lists(&mut self, d: &Expr, item: &Type, span: Span) -> R<()> {
        let unknown_list = |t: &Type| matches!(t, Type::List(i) if **i == Type::Unknown);
        let lists = Box::new(Type::List(Box::new(item.clone())));
        match (&d.kind, &d.ty) {
            (ExprKind::Local(id), Type::Dict(k, v)) if unknown_list(v) => self.assign_local(*id, &Type::Dict(k.clone(), lists), span),
            (ExprKind::Local(id), Type::List(v)) if unknown_list(v) => self.assign_local(*id, &Type::List(lists), span),
            _ => Ok(()),
        }
    }

    fn int_index(&mut self, e: &mut Expr) -> R<()> {
        let t = self.expr(e)?;
        if t.is_intlike() || matches!(t, Type::Unknown | Type::Never) {
            Ok(())
        } else {
            err(format!("list indices must be integers, not {t}"), e.span)
        }
    }

    /// `l[i]`: the item type.
    pub(crate) fn list_index(&mut self, item: &Type, indices: &mut [Expr], span: Span) -> R<Type> {
        let [i] = indices else {
            return err("list indices must be integers, not tuple", span);
        };
        if matches!(i.kind, ExprKind::Slice(..)) {
            self.slice_bounds(i)?;
            return Ok(Type::List(Box::new(item.clone())));
        }
        self.int_index(i)?;
        Ok(item.clone())
    }

    /// `l[i] = value`.
    pub(crate) fn list_store(&mut self, base: &mut Expr, indices: &mut [Expr], value: &Type, span: Span) -> R<()> {
        let Some(item) = self.list_item(base, "item assignment")? else { return Ok(()) };
        if let [i] = indices {
            if matches!(i.kind, ExprKind::Slice(..)) {
                self.slice_bounds(i)?;
                return match value {
                    Type::Unknown | Type::Never => Ok(()),
                    Type::List(v) if **v == item || matches!(**v, Type::Unknown | Type::Never) => Ok(()),
                    Type::List(v) => err(format!("this list holds {item}, not {v}"), span),
                    v => Err(Diagnostic::unsupported(format!("assigning {v} to a slice of a list is not supported yet (a list of its item type is)"), span)),
                };
            }
        }
        self.list_index(&item, indices, span)?;
        match value {
            Type::Unknown | Type::Never => Ok(()),
            v if v.as_list_item().fits_list_item(&item) => Ok(()),
            v => err(format!("this list holds {item}, not {v}"), span),
        }
    }
}

/// `x in l` over a list of numbers (Python complex ones too) or strings. CPython compares each item
/// by identity before `==`, which decides `nan in [x]` by whether `x` is the same object: compiled
/// numbers have no identity, so code generation raises where a NaN meets a NaN.
pub(crate) fn membership(x: &Type, container: &Type, span: Span) -> R<()> {
    match container {
        Type::List(item) if searchable_number(item) && searchable_number(x) => Ok(()),
        Type::List(item) if **item == Type::Str && *x == Type::Str => Ok(()),
        Type::List(item) if never_equal(x, item) => Ok(()),
        t => Err(Diagnostic::unsupported(format!("`in` over {t} is not supported yet"), span)),
    }
}

/// A string looked for among numbers, or a number among strings: CPython compares each item and
/// finds none equal (`"a" in [1, 2]` is False, `[1].index("a")` a ValueError). The searches then
/// compare in `Type::Never`, which code generation reads as "never equal".
pub(crate) fn never_equal(x: &Type, item: &Type) -> bool {
    (*x == Type::Str && searchable_number(item)) || (*item == Type::Str && searchable_number(x))
}

/// A number `in`, `count`, `index` and `remove` compare with list items: a real number or a Python
/// complex (NumPy's complex64 scalars not yet).
fn searchable_number(t: &Type) -> bool {
    t.is_intlike() || t.is_floatlike() || t.is_c128()
}

pub(crate) fn empty_list_error(span: Span) -> Diagnostic {
    Diagnostic::typing("cannot infer the type of the items of this empty list", span)
        .note("assign it to a variable and append to it, or give it a first item (`[0.0]`), so that the item type is known")
}

impl FnCx<'_, '_, '_> {
    /// `min(xs, key=..., default=...)`, `max(...)` (made by the front end: `xs`, then the list of
    /// the keys and the default by name): the type of the result, an item of `xs`.
    pub(crate) fn min_max_by(&mut self, b: Builtin, args: &mut [Expr], kwargs: &mut [(String, Expr)], span: Span) -> R<Type> {
        let name = if b == Builtin::Min { "min" } else { "max" };
        let mut xs = self.expr(&mut args[0])?;
        if let Some(t) = self.tuple_as_list(&mut args[0], &format!("{name}() of"))? {
            xs = t;
        } else if let Some(t) = self.items_as_list(b, &mut args[0])? {
            xs = t;
        }
        let Type::List(item) = xs else {
            return Err(Diagnostic::unsupported(format!("{name}() with key= or default= of {xs} is not supported yet (of lists, tuples, strings, dicts and 1-D arrays it is)"), args[0].span));
        };
        let mut keyed = false;
        for (k, v) in kwargs.iter_mut() {
            let t = self.expr(v)?;
            match k.as_str() {
                "key" => {
                    keyed = true;
                    // The front end makes the list of the keys of a function; anything else is no key.
                    let Type::List(key) = t else { return err(format!("'{t}' object is not callable (the key= of {name}())"), v.span) };
                    if !sortable(&key) {
                        return Err(Diagnostic::unsupported(format!("{name}() with a key function returning {key} is not supported yet (number and string keys and tuples of them are)"), v.span));
                    }
                }
                _ if t == *item => {}
                _ => {
                    return Err(Diagnostic::unsupported(
                        format!("{name}() of items of type {item} with a default of type {t} is not supported: the result's type would depend on whether the iterable is empty; give a default of type {item}"),
                        v.span,
                    ))
                }
            }
        }
        if !keyed {
            return self.list_reduction(b, &item, span);
        }
        Ok(*item)
    }
}
