//! Typing Python builtins (`abs`, `min`, `round`, `len`, ...). `sum` and one-argument `min`/`max`
//! exist only over a generator (`RangeReduce`).

use crate::calls::Operands;
use crate::function::{err, FnCx, R};
use crate::rules;
use hasten_ir::hir::{BinOp, Builtin, Callee, Const, Expr, ExprKind};
use hasten_ir::{Diagnostic, Dtype, Span, Type};

impl Operands<'_> {
    fn arity(&self, n: usize, span: Span) -> R<()> {
        if self.types.len() == n {
            Ok(())
        } else {
            err(format!("expected {n} argument(s), got {}", self.types.len()), span)
        }
    }
}

impl FnCx<'_, '_, '_> {
    /// `str(x)` and `format(x, spec)` (f-strings too) of a NumPy scalar whose text is its Python
    /// number's: an int dtype's (uint64 aside) and bool's always, float64's always (NumPy prints
    /// it as Python's float), float32's with a spec only (without one NumPy prints float32's own
    /// shortest digits). `x` becomes `int(x)`/`float(x)`/`bool(x)`; the new type, if it did.
    fn numpy_scalar_text(&mut self, b: Builtin, args: &mut [Expr], t: &Type) -> R<Option<Type>> {
        let Type::Scalar(d) = t else { return Ok(None) };
        let spec = matches!(args.get(1).map(|a| &a.kind), Some(ExprKind::Const(Const::Str(s))) if !s.is_empty());
        let (conv, ty) = match *d {
            Dtype::Bool => (Builtin::Bool, Type::Bool),
            Dtype::U64 => return Ok(None),
            d if d.is_int() => (Builtin::Int, Type::Int),
            Dtype::F64 => (Builtin::Float, Type::Float),
            Dtype::F32 if b == Builtin::Format && spec => (Builtin::Float, Type::Float),
            _ => return Ok(None),
        };
        let span = args[0].span;
        let x = std::mem::replace(&mut args[0], Expr::new(ExprKind::Const(Const::None), span));
        args[0] = Expr::new(ExprKind::Call(Callee::Builtin(conv), vec![x], Vec::new()), span);
        self.expr(&mut args[0])?;
        Ok(Some(ty))
    }

    /// `min`/`max`/`sum`/`sorted` of a string or of a 1-D array: of the list of its items
    /// (one-character strings, NumPy scalars), the items CPython's builtins walk. The new type of
    /// `e`, or None where it is neither.
    pub(crate) fn items_as_list(&mut self, b: Builtin, e: &mut Expr) -> R<Option<Type>> {
        let item = match &e.ty {
            Type::Str if b != Builtin::Sum => Type::Str,
            Type::Array(at) if at.ndim == 1 && !at.dtype.is_complex() => Type::Scalar(at.dtype),
            Type::Array(at) if at.ndim != 1 => {
                let name = match b {
                    Builtin::Sum => "sum",
                    Builtin::Min => "min",
                    Builtin::Max => "max",
                    _ => "sorted",
                };
                return Err(Diagnostic::unsupported(
                    format!("{name}() of a {}-D array is not supported: it walks the rows, comparing or adding them as arrays; use np.{} with axis=0", at.ndim, if b == Builtin::Sorted { "sort" } else { name }),
                    e.span,
                ));
            }
            _ => return Ok(None),
        };
        let list = Type::List(Box::new(item));
        let span = e.span;
        let x = std::mem::replace(e, Expr::new(ExprKind::Const(Const::None), span));
        *e = Expr::new(ExprKind::Call(Callee::Builtin(Builtin::List), vec![x], Vec::new()), span);
        e.ty = list.clone();
        Ok(Some(list))
    }

    pub(crate) fn builtin(&mut self, b: Builtin, args: &mut [Expr], span: Span) -> R<Type> {
        if matches!(b, Builtin::Iter | Builtin::IterRange | Builtin::Next) {
            return self.iter_builtin(b, args, span);
        }
        let mut types = match self.arg_types(args)? {
            Ok(types) => types,
            Err(pending) => return Ok(pending),
        };
        self.iterables_as_lists(b, args, &mut types, span)?;
        if let ([Type::List(item)], Builtin::Sum | Builtin::Min | Builtin::Max) = (types.as_slice(), b) {
            return self.list_reduction(b, item, span);
        }
        if matches!(b, Builtin::Str | Builtin::Format) && !types.is_empty() {
            if let Some(t) = self.numpy_scalar_text(b, args, &types[0])? {
                types[0] = t;
            }
        }
        if matches!(b, Builtin::Str | Builtin::Repr | Builtin::Format | Builtin::Ord | Builtin::Chr | Builtin::Print) {
            return self.str_builtin(b, args, &types, span);
        }
        if let ([Type::Str], Builtin::Int | Builtin::Float) = (types.as_slice(), b) {
            return Ok(if b == Builtin::Int { Type::Int } else { Type::Float });
        }
        // `int(s, base)`.
        if let (Builtin::Int, [s, base]) = (b, types.as_slice()) {
            if !(base.is_intlike() || matches!(base, Type::Unknown | Type::Never)) {
                return err(format!("'{base}' object cannot be interpreted as an integer"), args[1].span);
            }
            return match s {
                Type::Str | Type::Unknown | Type::Never => Ok(Type::Int),
                _ => err("int() can't convert non-string with explicit base", args[0].span),
            };
        }
        // `float(w)`, `abs(w)` of a 0-d array `w`: of its element, as NumPy's `__float__` is.
        if matches!(b, Builtin::Int | Builtin::Float | Builtin::Bool | Builtin::Abs) {
            for (a, t) in args.iter_mut().zip(types.iter_mut()) {
                if matches!(t, Type::Array(x) if x.ndim == 0) {
                    *t = self.element_of_0d(a)?;
                }
            }
        }
        let wanted_array = std::cell::Cell::new(None);
        let ops = Operands { args, types: &types, wanted_array: &wanted_array };
        Ok(match b {
            // Left by a generator function that is not inlined into a `for` loop.
            Builtin::Yield => {
                return Err(Diagnostic::unsupported(
                    "a generator function runs in compiled code as the iterable of a `for` loop or a comprehension in a jitted function (also under `enumerate`, and in `list/set/sorted/sum/min/max/any/all` of it), or called from Python; a recursive generator, or using its result otherwise (a generator object in compiled code) is not supported yet",
                    span,
                ))
            }
            Builtin::YieldOut => Type::Bool,
            Builtin::Unwrap | Builtin::Field => unreachable!("expr_inner types an Unwrap and a Field"),
            Builtin::Starred => return Err(Diagnostic::unsupported("*x is supported among the arguments of a call and the items of a tuple", span)),
            Builtin::Abs if types == [Type::Complex] => Type::Float,
            Builtin::Abs if types == [Type::Scalar(hasten_ir::Dtype::C128)] => Type::Scalar(hasten_ir::Dtype::F64),
            Builtin::Abs if types == [Type::Scalar(hasten_ir::Dtype::C64)] => Type::Scalar(hasten_ir::Dtype::F32),
            Builtin::Abs => {
                ops.arity(1, span)?;
                ops.numeric(0)?;
                match &types[0] {
                    Type::Bool => Type::Int,
                    t => t.clone(),
                }
            }
            Builtin::Sum => {
                return Err(Diagnostic::unsupported(
                    "sum() is supported over range() or a generator expression over range(); use np.sum for arrays",
                    span,
                ))
            }
            Builtin::Min | Builtin::Max => min_max(&ops, span)?,
            Builtin::List | Builtin::Tuple => return self.list_or_tuple_of(b, &types, args.first().and_then(crate::tuples::known_length), span),
            Builtin::Reversed => return Err(Diagnostic::unsupported("reversed() is supported as the iterable of a for loop or a comprehension, and in list(...), yet", span)),
            Builtin::Dict | Builtin::Set => self.empty_dict_or_set(b, &types, span)?,
            Builtin::TypedList | Builtin::TypedDict => return self.typed_container(b, &types, span),
            Builtin::Any | Builtin::All => unreachable!("the front end makes any() and all() a RangeReduce"),
            Builtin::Str | Builtin::Repr | Builtin::Format | Builtin::Ord | Builtin::Chr | Builtin::Print => unreachable!("typed above"),
            Builtin::Sorted => sorted(&ops, span)?,
            Builtin::Iter | Builtin::IterRange | Builtin::Next => unreachable!("typed above"),
            Builtin::Zip | Builtin::Enumerate => {
                let name = if b == Builtin::Zip { "zip" } else { "enumerate" };
                return Err(Diagnostic::unsupported(format!("{name}() is supported only as the iterable of a for loop yet"), span));
            }
            Builtin::Int => {
                ops.arity(1, span)?;
                ops.numeric(0)?;
                Type::Int
            }
            Builtin::Float => {
                ops.arity(1, span)?;
                ops.numeric(0)?;
                Type::Float
            }
            Builtin::Bool => {
                ops.arity(1, span)?;
                self.truthy(&types[0], span)?;
                Type::Bool
            }
            Builtin::Round => round(&ops, span)?,
            Builtin::PowMod => {
                if !types.iter().all(|t| t.is_intlike()) {
                    return err("pow() 3rd argument not allowed unless all arguments are integers", span);
                }
                Type::Int
            }
            Builtin::Len => len(&ops, span)?,
            Builtin::Hash => {
                ops.arity(1, span)?;
                let unhashable = match &types[0] {
                    Type::List(_) => Some("list"),
                    Type::Dict(..) => Some("dict"),
                    Type::Set(_) => Some("set"),
                    Type::Array(_) => Some("numpy.ndarray"),
                    _ => None,
                };
                if let Some(name) = unhashable {
                    return err(format!("unhashable type: '{name}'"), span);
                }
                if !hashable(&types[0]) {
                    return Err(Diagnostic::unsupported(format!("hash() of {} is not supported (numbers, strings and tuples of them are)", types[0]), span));
                }
                Type::Int
            }
            Builtin::Slice | Builtin::SlicePart => unreachable!("expr_inner types slices"),
            Builtin::Divmod => {
                ops.arity(2, span)?;
                ops.numeric(0)?;
                ops.numeric(1)?;
                let q = rules::binary(BinOp::FloorDiv, &types[0], &types[1], false).or_else(|m| err(m, span))?;
                Type::tuple(vec![q.result.clone(), q.result])
            }
        })
    }

    /// `sum/min/max(x)` and `sorted(x)` of a tuple, a string or a 1-D array, and `sum/min/max(s)` of
    /// a set: of the list of its items, which the list forms of these builtins take.
    fn iterables_as_lists(&mut self, b: Builtin, args: &mut [Expr], types: &mut [Type], span: Span) -> R<()> {
        // `sum/min/max(t)` and `sorted(t)` of a tuple: of the list of its items.
        if let (Builtin::Sum | Builtin::Min | Builtin::Max | Builtin::Sorted, Some(Type::Tuple(_))) = (b, types.first()) {
            if b == Builtin::Sorted || types.len() == 1 {
                let name = format!("{}() of", match b { Builtin::Sum => "sum", Builtin::Min => "min", Builtin::Max => "max", _ => "sorted" });
                types[0] = self.tuple_as_list(&mut args[0], &name)?.expect("a tuple");
            }
        }
        if matches!(b, Builtin::Sum | Builtin::Min | Builtin::Max | Builtin::Sorted) && (b == Builtin::Sorted || types.len() == 1) {
            if let Some(t) = self.items_as_list(b, &mut args[0])? {
                types[0] = t;
            }
        }
        // `min(s)`, `max(s)` and `sum(s)` of ints of a set: of its sorted list (the same answer in
        // any order: a set holds no NaN; CPython's order is its own).
        if let ([Type::Set(item)], Builtin::Sum | Builtin::Min | Builtin::Max) = (&*types, b) {
            if b != Builtin::Sum || item.is_intlike() {
                let sp = args[0].span;
                let set = std::mem::replace(&mut args[0], Expr::new(ExprKind::Const(Const::None), sp));
                let reverse = Expr::new(ExprKind::Const(Const::Bool(false)), sp);
                args[0] = Expr::new(ExprKind::Call(Callee::Builtin(Builtin::Sorted), vec![set, reverse], Vec::new()), sp);
                types[0] = self.expr(&mut args[0])?;
            } else {
                return Err(Diagnostic::unsupported("sum() of the floats of sets is not supported: CPython adds them in its own hash order, which sets the last bits", span));
            }
        }
        Ok(())
    }

    /// `dict()` and `set()`: empty, their item types inferred from later use (unless strict).
    fn empty_dict_or_set(&self, b: Builtin, types: &[Type], span: Span) -> R<Type> {
        Ok(match b {
            Builtin::Dict if types.is_empty() => {
                if self.strict {
                    return Err(Diagnostic::typing("cannot infer the key and value types of this empty dict", span)
                        .note("assign it to a variable and store into it (`d[k] = v`), so that the types are known"));
                }
                Type::Dict(Box::new(Type::Unknown), Box::new(Type::Unknown))
            }
            Builtin::Dict => return Err(Diagnostic::unsupported("dict() of arguments is not supported yet; use a literal", span)),
            Builtin::Set if types.is_empty() => {
                if self.strict {
                    return Err(crate::sets::empty_set_error(span));
                }
                Type::Set(Box::new(Type::Unknown))
            }
            Builtin::Set => return Err(Diagnostic::unsupported("set() of an iterable is not supported yet; use a literal or add()", span)),
            _ => unreachable!("not dict() or set()"),
        })
    }
}

/// `sorted(x, reverse)` (the front end's form) of a list or a set, with the list of the keys of a
/// key function third: a list.
fn sorted(ops: &Operands, span: Span) -> R<Type> {
    let (types, args) = (ops.types, ops.args);
    if !types[1].is_intlike() {
        return err(format!("reverse must be a bool or an int, not {}", types[1]), args[1].span);
    }
    Ok(match (&types[0], types.get(2)) {
        // With a key function: the list of the keys, which are numbers, comes third.
        (Type::List(_), Some(Type::List(key))) if crate::lists::list_sortable(key) => types[0].clone(),
        (Type::List(_), Some(t)) => {
            let key = match t {
                Type::List(k) => k.to_string(),
                t => t.to_string(),
            };
            return Err(Diagnostic::unsupported(format!("sorted() with a key function returning {key} is not supported yet (number and string keys and tuples of them are)"), args[2].span));
        }
        (Type::List(item), None) if crate::lists::list_sortable(item) => types[0].clone(),
        (Type::Set(item), None) if crate::lists::sortable(item) => Type::List(item.clone()),
        (t, _) => return Err(Diagnostic::unsupported(format!("sorted() of {t} is not supported yet (lists and sets of numbers, strings or tuples of them, lists of lists of them, and lists of anything with a key function are)"), span)),
    })
}

/// `len(x)` of a sized array, a tuple, a list, a dict, a set or a string.
fn len(ops: &Operands, span: Span) -> R<Type> {
    ops.arity(1, span)?;
    match &ops.types[0] {
        Type::Array(a) if a.ndim > 0 => Ok(Type::Int),
        Type::Array(_) => err("len() of unsized object", span),
        Type::Tuple(_) | Type::List(_) | Type::Dict(..) | Type::Set(_) | Type::Str => Ok(Type::Int),
        t => err(format!("object of type {t} has no len()"), span),
    }
}

fn min_max(ops: &Operands, span: Span) -> R<Type> {
    if let (Some(class), 1) = (crate::iterate::number_class(&ops.types[0]), ops.types.len()) {
        return err(format!("'{class}' object is not iterable"), span);
    }
    if ops.types.len() < 2 {
        return Err(Diagnostic::unsupported(
            "min()/max() of one argument is supported for a generator expression over range(); use np.min for arrays",
            span,
        ));
    }
    // NumPy's complex scalars of one type compare in its scalar order; CPython returns one of the
    // arguments, so with other types the result's type would depend on the values.
    if let Type::Scalar(d @ (Dtype::C64 | Dtype::C128)) = ops.types[0] {
        if ops.types.iter().all(|t| *t == Type::Scalar(d)) {
            return Ok(Type::Scalar(d));
        }
    }
    let mut ty = Type::Never;
    for (i, t) in ops.types.iter().enumerate() {
        ops.numeric(i)?;
        ty = rules::unify(&ty, t).expect("numeric scalars unify");
    }
    Ok(ty)
}

fn round(ops: &Operands, span: Span) -> R<Type> {
    ops.numeric(0)?;
    Ok(match ops.types.len() {
        1 => Type::Int,
        2 => {
            if !ops.types[1].is_intlike() {
                return err("ndigits must be an integer", ops.args[1].span);
            }
            match &ops.types[0] {
                Type::Float => Type::Float,
                Type::Scalar(d) if d.is_float() => Type::Float,
                _ => Type::Int,
            }
        }
        _ => return err("round() takes 1 or 2 arguments", span),
    })
}

impl FnCx<'_, '_, '_> {
    /// `List()`/`List.empty_list(t)`, `Dict()`/`Dict.empty(k, v)`: `types` are those of the item
    /// type constants, none for a container typed by its local's uses (`typed_container_for`).
    fn typed_container(&mut self, b: Builtin, types: &[Type], span: Span) -> R<Type> {
        let t = match (b, types) {
            (Builtin::TypedList, [item]) => Type::List(Box::new(item.as_list_item())),
            (Builtin::TypedDict, [k, v]) => Type::Dict(Box::new(k.as_list_item()), Box::new(v.as_list_item())),
            (Builtin::TypedList, _) if !self.strict => Type::List(Box::new(Type::Unknown)),
            (_, _) if !self.strict => Type::Dict(Box::new(Type::Unknown), Box::new(Type::Unknown)),
            (Builtin::TypedList, _) => return Err(crate::lists::empty_list_error(span)),
            _ => return err("cannot infer the key and value types of this empty typed Dict", span).map_err(|d| d.note("assign it to a variable and store into it, or make it with Dict.empty(key_type, value_type)")),
        };
        typed_items_ok(&t, span)?;
        Ok(t)
    }

    /// `name = List()` or `name = Dict()`: typed by the local's uses, as `name = []` is.
    pub(crate) fn typed_container_for(&mut self, b: Builtin, id: hasten_ir::hir::LocalId, value: &mut Expr) -> R<Type> {
        let t = if b == Builtin::TypedList { self.empty_list_for(id, value)? } else { self.empty_dict_for(id, value)? };
        typed_items_ok(&t, value.span)?;
        Ok(t)
    }
}

/// What a `hasten.typed` container holds: numbers, bools, strings, arrays and tuples of them (the
/// binding's `typed::storable`).
fn typed_items_ok(t: &Type, span: Span) -> R<()> {
    fn storable(t: &Type) -> bool {
        match t {
            Type::Scalar(d) => !d.is_complex(),
            Type::Int | Type::Float | Type::Bool | Type::Str | Type::Array(_) | Type::Unknown => true,
            Type::Tuple(items) => !items.is_empty() && items.iter().all(storable),
            _ => false,
        }
    }
    let items: Vec<&Type> = match t {
        Type::List(item) => vec![item],
        Type::Dict(k, v) => vec![k, v],
        _ => Vec::new(),
    };
    if let Some(bad) = items.into_iter().find(|t| !storable(t)) {
        return Err(Diagnostic::unsupported(format!("hasten.typed containers of {bad} are not supported (they hold numbers, bools, strings, arrays and tuples of them); use a plain list or dict"), span));
    }
    if let Type::Dict(k, _) = t {
        crate::dicts::check_key(k, span)?;
        // A hasten.typed.Dict is also written from Python, which stores a float32 as itself.
        fn has_float32(t: &Type) -> bool {
            match t {
                Type::Tuple(items) => items.iter().any(has_float32),
                t => *t == Type::Scalar(hasten_ir::Dtype::F32),
            }
        }
        if has_float32(k) {
            return Err(Diagnostic::unsupported("hasten.typed.Dict with float32 keys is not supported yet (a plain dict takes them)", span));
        }
    }
    Ok(())
}

/// Whether compiled code computes CPython's `hash()` of a value of type `t`.
fn hashable(t: &Type) -> bool {
    match t {
        Type::Int | Type::Bool | Type::Float | Type::Str => true,
        Type::Scalar(d) => !d.is_complex(),
        Type::Tuple(items) => items.iter().all(hashable),
        _ => false,
    }
}
