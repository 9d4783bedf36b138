//! Typing calls: dispatch by callee, and jitted callees, specialised for the argument types.

use crate::function::{err, FnCx, R};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, FuncId, Span, Type};
use std::cell::Cell;

/// The typed arguments of a builtin or NumPy call.
pub(crate) struct Operands<'e> {
    pub(crate) args: &'e [Expr],
    pub(crate) types: &'e [Type],
    /// The operand last refused for not being an array: a tuple of numbers there is retried as
    /// the array NumPy makes of it.
    pub(crate) wanted_array: &'e Cell<Option<usize>>,
}

impl Operands<'_> {
    pub(crate) fn numeric(&self, k: usize) -> R<()> {
        if self.types[k].is_numeric_scalar() {
            Ok(())
        } else if self.types[k] == Type::Scalar(hasten_ir::Dtype::C128) {
            // NumPy takes its complex scalars in more places than CPython takes a complex.
            Err(Diagnostic::unsupported("an np.complex128 is not supported here yet (it takes part in arithmetic, comparisons, abs(), .real/.imag, complex(), and min()/max() of np.complex128 values alone)", self.args[k].span))
        } else {
            err(format!("expected a number, got {}", self.types[k]), self.args[k].span)
        }
    }
}

impl FnCx<'_, '_, '_> {
    /// Whether the arguments of `min`/`max` are tuples, strings or lists, all of one type that
    /// orders.
    fn ordered_values(&mut self, args: &mut [Expr]) -> R<bool> {
        let first = self.expr(&mut args[0])?;
        if !matches!(first, Type::Tuple(_) | Type::Str | Type::List(_)) || !crate::lists::orderable(&first) {
            return Ok(false);
        }
        for a in args[1..].iter_mut() {
            let t = self.expr(a)?;
            if t != first {
                return Err(Diagnostic::unsupported(format!("min()/max() of values of types {first} and {t} is not supported yet (of values of one type it is)"), a.span));
            }
        }
        Ok(true)
    }

    /// A clip bound or a ufunc's `out` that is None by its type (a parameter given None, as a
    /// wrapper forwards its defaults): the call the front end makes of a literal None, `np.minimum`
    /// or `np.maximum` for one bound, the ufunc's own result without `out`.
    fn none_by_type(&mut self, callee: &mut Callee, args: &mut Vec<Expr>) -> R<()> {
        let none = |cx: &mut Self, e: &mut Expr| -> R<bool> { Ok(matches!(e.kind, ExprKind::Local(_)) && cx.expr(e)? == Type::None) };
        match callee {
            Callee::Numpy(NumpyFn::UfuncOut(_)) if args.len() == 2 && none(self, &mut args[1])? => {
                let ExprKind::Call(inner, operands, _) = std::mem::replace(&mut args[0].kind, ExprKind::Const(Const::None)) else { unreachable!("out= follows the ufunc's call") };
                *callee = inner;
                *args = operands;
                return self.none_by_type(callee, args);
            }
            Callee::Numpy(NumpyFn::Ufunc(Ufunc::Clip)) if args.len() == 3 => {
                let (lo, hi) = (none(self, &mut args[1])?, none(self, &mut args[2])?);
                let (u, drop) = match (lo, hi) {
                    (true, true) => (Ufunc::Positive, 1..3),
                    (true, false) => (Ufunc::Minimum, 1..2),
                    (false, true) => (Ufunc::Maximum, 2..3),
                    (false, false) => return Ok(()),
                };
                args.drain(drop);
                *callee = Callee::Numpy(NumpyFn::Ufunc(u));
            }
            _ => {}
        }
        Ok(())
    }

    pub(crate) fn call(&mut self, callee: &mut Callee, args: &mut Vec<Expr>, kwargs: &mut Vec<(String, Expr)>, span: Span) -> R<Type> {
        if !self.expand_starred(args)? {
            return Ok(Type::Unknown);
        }
        if let (Callee::Numpy(f), Some(Expr { kind: ExprKind::Attr(_, Attr::Receiver), .. })) = (&*callee, args.first()) {
            let t = self.expr(&mut args[0])?;
            crate::array_likes::container_receiver(*f, &t, args[0].span)?;
        }
        self.none_by_type(callee, args)?;
        // A call typed twice (the argument of `abs`, a compared operand) is already specialised.
        match callee.clone() {
            Callee::Function(id) | Callee::Spec(id, _) if matches!(callee, Callee::Function(_)) || kwargs.is_empty() => {
                let func = match callee {
                    Callee::Function(_) => id,
                    _ => self.checker.specs[id].func,
                };
                self.jitted_call(callee, func, args, kwargs, span)
            }
            Callee::Function(_) | Callee::Spec(..) => unreachable!("keyword arguments are bound before specialisation"),
            Callee::Overload(key) => self.overload_call(callee, &key, args, kwargs, span),
            Callee::NamedTuple(class, order) => self.named_tuple_call(class, &order, args, span),
            Callee::Builtin(Builtin::Abs) if args.len() == 1 && {
                let t = self.expr(&mut args[0])?;
                matches!(t, Type::Array(_))
            } =>
            {
                // `abs(array)` is NumPy's `np.abs` (`ndarray.__abs__`).
                *callee = Callee::Numpy(NumpyFn::Ufunc(Ufunc::Abs));
                self.numpy_call(NumpyFn::Ufunc(Ufunc::Abs), args)
            }
            Callee::Builtin(Builtin::Round) if args.len() == 2 && {
                let t = self.expr(&mut args[0])?;
                matches!(t, Type::Scalar(d) if d.is_float())
            } =>
            {
                // `round(x, n)` of a NumPy float is NumPy's `np.round` (`np.float64.__round__`):
                // scaled, rounded half to even and scaled back, a NumPy float again.
                if !matches!(args[1].kind, ExprKind::Const(Const::Int(_))) {
                    return Err(Diagnostic::unsupported("round(x, n) of a NumPy float with n not an integer constant is not supported yet", args[1].span));
                }
                *callee = Callee::Numpy(NumpyFn::Ufunc(Ufunc::Round));
                self.numpy_call(NumpyFn::Ufunc(Ufunc::Round), args)
            }
            Callee::Builtin(b @ (Builtin::Min | Builtin::Max)) if !kwargs.is_empty() => self.min_max_by(b, args, kwargs, span),
            Callee::Builtin(b @ (Builtin::Min | Builtin::Max)) if args.len() > 1 && self.ordered_values(args)? => {
                // `max(a, b, ...)` of tuples, strings or lists: the max of the list of them.
                let items = std::mem::take(args);
                args.push(Expr::new(ExprKind::List(items), span));
                self.builtin(b, args, span)
            }
            Callee::Builtin(b) => self.builtin(b, args, span),
            Callee::Math(f) => self.math_call(f, args, span),
            Callee::Cmath(hasten_ir::complex::CmathFn::NpConjugate) => {
                *callee = Callee::Cmath(hasten_ir::complex::CmathFn::Conjugate);
                self.numpy_conjugate(args, span)
            }
            Callee::Cmath(f) => self.cmath_call(f, args, span),
            Callee::Numpy(NumpyFn::Copy) if args.len() == 1 && matches!(self.expr(&mut args[0])?, Type::Set(_) | Type::Dict(..) | Type::List(_)) => {
                // `x.copy()` of a list, a set or a dict, which the front end read as NumPy's.
                *callee = Callee::ListMethod(ListMethod::Copy);
                self.call(callee, args, &mut Vec::new(), span)
            }
            Callee::Numpy(NumpyFn::SortInPlace) if matches!(self.expr(&mut args[0])?, Type::List(_)) => {
                // `l.sort()` of a list, which the front end read as NumPy's `a.sort()`.
                if args.len() > 1 {
                    return err("sort() takes no positional arguments", args[1].span);
                }
                *callee = Callee::ListMethod(ListMethod::Sort);
                args.push(Expr::new(ExprKind::Const(Const::Bool(false)), span));
                self.list_method(ListMethod::Sort, args, span)
            }
            Callee::Numpy(NumpyFn::FromList) if !matches!(args[0].kind, ExprKind::List(_) | ExprKind::Tuple(_)) && matches!(self.expr(&mut args[0])?, Type::Array(_)) => {
                // `np.array(a)` of an array is `a.astype(dtype)`: a new array in `a`'s memory
                // order (`order='K'`), of `a`'s dtype unless `dtype=` is given.
                if let (Type::Array(a), 1) = (&args[0].ty, args.len()) {
                    args.push(Expr::new(ExprKind::Dtype(a.dtype), span));
                }
                *callee = Callee::Numpy(NumpyFn::Astype);
                self.numpy_call(NumpyFn::Astype, args)
            }
            Callee::Numpy(NumpyFn::FromList) if !matches!(args[0].kind, ExprKind::List(_) | ExprKind::Tuple(_)) && matches!(self.expr(&mut args[0])?, t if t.is_numeric_scalar() || t.is_c128()) => {
                // `np.array(x)` of a number: the 0-d array `np.full((), x)`, of x's dtype unless
                // `dtype=` is given.
                args.insert(0, Expr::new(ExprKind::Tuple(Vec::new()), span));
                *callee = Callee::Numpy(NumpyFn::Full);
                self.numpy_call(NumpyFn::Full, args)
            }
            Callee::Numpy(f) => self.numpy_call(f, args),
            Callee::StrMethod(m) => self.str_method(m, args, span),
            Callee::ListMethod(m @ (ListMethod::Count | ListMethod::Index)) if matches!(self.expr(&mut args[0])?, Type::Tuple(_)) => {
                // `t.index(x)`, `t.count(x)`: searches of the list of the tuple's items.
                self.tuple_as_list(&mut args[0], &format!("tuple.{}() of", m.name()))?;
                self.list_method(m, args, span)
            }
            Callee::ListMethod(m @ (ListMethod::Count | ListMethod::Index)) if self.expr(&mut args[0])? == Type::Str => {
                let m = if m == ListMethod::Count { StrMethod::Count } else { StrMethod::Index };
                *callee = Callee::StrMethod(m);
                self.str_method(m, args, span)
            }
            Callee::ListMethod(m) => match self.expr(&mut args[0])? {
                Type::Dict(..) => self.dict_method(m, args, span),
                Type::Set(_) if m == ListMethod::Delete => err("'set' object doesn't support item deletion", span),
                Type::Array(_) if m == ListMethod::Delete => err("cannot delete array elements", span),
                Type::Set(_) => self.set_method(m, args, span),
                _ => self.list_method(m, args, span),
            },
            Callee::Random(f) => self.random_call(f, args),
            Callee::Generator(m) => self.generator_call(m, args),
            Callee::Linalg(_) => self.linalg_call(callee, args),
            Callee::ScalarCtor(d) => {
                let [a] = args.as_mut_slice() else {
                    return err(format!("np.{d}() takes exactly one argument here"), span);
                };
                let t = self.expr(a)?;
                if matches!(t, Type::Complex | Type::Scalar(hasten_ir::Dtype::C64 | hasten_ir::Dtype::C128)) && !d.is_complex() {
                    return Err(crate::complex::numpy_refusal(a.span));
                }
                if !(t.is_numeric_scalar() || t.is_c128() || matches!(t, Type::Unknown | Type::Never)) {
                    return err(format!("cannot convert {t} to np.{d}"), a.span);
                }
                Ok(d.item())
            }
        }
    }

    /// `f(a, *t, b)`: the items of the tuple `t` as arguments, `t[0], t[1], ...` (its length is in
    /// its type). `t` is read once per item, so it must be a name or another pure expression.
    /// False while some `t`'s type is not known yet (a loop's later pass expands it).
    pub(crate) fn expand_starred(&mut self, args: &mut Vec<Expr>) -> R<bool> {
        if !args.iter().any(|a| matches!(a.kind, ExprKind::Call(Callee::Builtin(Builtin::Starred), ..))) {
            return Ok(true);
        }
        let mut known = true;
        let mut out = Vec::with_capacity(args.len());
        for mut a in std::mem::take(args) {
            let ExprKind::Call(Callee::Builtin(Builtin::Starred), inner, _) = &mut a.kind else {
                out.push(a);
                continue;
            };
            let n = match self.expr(&mut inner[0])? {
                Type::Tuple(items) => items.len(),
                Type::Unknown | Type::Never => {
                    known = false;
                    out.push(a);
                    continue;
                }
                other => {
                    return Err(Diagnostic::unsupported(
                        format!("*x of {other} in a call is not supported: only tuples, whose length is part of their type, are unpacked into arguments"),
                        a.span,
                    ))
                }
            };
            let t = inner.pop().expect("the starred value");
            if let ExprKind::Tuple(items) = t.kind {
                out.extend(items);
                continue;
            }
            if !rereadable(&t) {
                return Err(Diagnostic::unsupported("*x in a call of an expression with side effects is not supported; assign it to a variable first", a.span));
            }
            for k in 0..n {
                let index = Expr::new(ExprKind::Const(Const::Int(k as i64)), t.span);
                out.push(Expr::new(ExprKind::Index(Box::new(t.clone()), vec![index]), t.span));
            }
        }
        *args = out;
        Ok(known)
    }

    fn jitted_call(
        &mut self,
        callee: &mut Callee,
        func: FuncId,
        args: &mut Vec<Expr>,
        kwargs: &mut Vec<(String, Expr)>,
        span: Span,
    ) -> R<Type> {
        let order = match callee {
            Callee::Spec(_, order) => std::mem::take(order),
            _ => self.bind_call(func, args, kwargs, span)?,
        };
        let types = match self.arg_types(args)? {
            Ok(types) => types,
            Err(pending) => return Ok(pending),
        };
        // A local empty list passed in takes the item type the callee gives its parameter
        // (`h = []` then `heapq.heappush(h, (x, i))`).
        let empty: Vec<(usize, LocalId, Span)> = args
            .iter()
            .zip(&types)
            .enumerate()
            .filter_map(|(k, (a, t))| match (&a.kind, t) {
                (ExprKind::Local(id), Type::List(item)) if **item == Type::Unknown => Some((k, *id, a.span)),
                _ => None,
            })
            .collect();
        let spec = self.checker.specialize(func, types).map_err(|(id, d)| d.in_function(id))?;
        *callee = Callee::Spec(spec, order);
        for (k, id, sp) in empty {
            let given = self.checker.specs[spec].hir.locals[k].ty.clone();
            if matches!(&given, Type::List(g) if **g != Type::Unknown) {
                self.assign_local(id, &given, sp)?;
            }
        }
        let ret = self.checker.specs[spec].ret.clone();
        if let Type::Optional(value) = &ret {
            let name = &self.checker.specs[spec].hir.name;
            return Err(Diagnostic::unsupported(
                format!("{name}() returns {value} on some paths and None on others; compiled callers cannot use such a result yet"),
                span,
            )
            .note("Python callers get the value or None; in compiled code, return one type on every path"));
        }
        Ok(ret)
    }

    /// Reorders keyword arguments of a jitted call into positions and fills in defaults; returns
    /// the order the source evaluates the bound arguments in, empty where that is theirs.
    fn bind_call(&mut self, func: FuncId, args: &mut Vec<Expr>, kwargs: &mut Vec<(String, Expr)>, span: Span) -> R<Vec<usize>> {
        let callee = self.checker.untyped(func).map_err(|(id, d)| d.in_function(id))?;
        let params = callee.params.clone();
        let name = callee.name.clone();
        // Bound already (a call typed twice, as a compared operand is); a call that passes all
        // parameters positionally looks the same, which only keyword-only parameters refuse.
        let varargs = params.iter().position(|p| p.varargs);
        let keyword_only = varargs.is_some() || params.iter().any(|p| p.keyword_only && !p.name.starts_with(CAPTURED_PREFIX));
        if kwargs.is_empty() && args.len() == params.len() && (!keyword_only || self.bound_calls.contains(&span)) {
            return Ok(Vec::new());
        }
        if keyword_only {
            self.bound_calls.insert(span);
        }
        // Keyword-only parameters follow the others, and an inner function's hidden parameters
        // (what it captured) come last, always by keyword; `*args` takes the positional
        // arguments beyond those before it, as a tuple.
        let visible = varargs.unwrap_or_else(|| params.iter().filter(|p| !p.keyword_only).count());
        let extra = match varargs {
            Some(_) => args.split_off(visible.min(args.len())),
            None if args.len() > visible => {
                let noun = if visible == 1 { "argument" } else { "arguments" };
                return err(format!("{name}() takes {visible} positional {noun} but {} were given", args.len()), span);
            }
            None => Vec::new(),
        };
        let mut order: Vec<usize> = (0..args.len()).collect();
        let mut slots: Vec<Option<Expr>> = args.drain(..).map(Some).collect();
        slots.resize(params.len(), None);
        if let Some(v) = varargs {
            order.push(v);
            slots[v] = Some(Expr::new(ExprKind::Tuple(extra), span));
        }
        for (kw, value) in kwargs.drain(..) {
            let Some(i) = params.iter().position(|p| p.name == kw && !p.varargs) else {
                return err(format!("{name}() got an unexpected keyword argument '{kw}'"), value.span);
            };
            if slots[i].is_some() {
                return err(format!("{name}() got multiple values for argument '{kw}'"), value.span);
            }
            order.push(i);
            slots[i] = Some(value);
        }
        for (k, (slot, p)) in slots.iter_mut().zip(&params).enumerate() {
            if slot.is_none() {
                order.push(k);
                match &p.default {
                    Some(Ok(c)) => *slot = Some(Expr::new(ExprKind::Const(c.clone()), span)),
                    // The default's own span lies in the callee.
                    Some(Err(d)) => return Err(d.clone().in_function(func)),
                    None => return err(format!("{name}() missing required argument: '{}'", p.name), span),
                }
            }
        }
        *args = slots.into_iter().flatten().collect();
        if order.windows(2).all(|w| w[0] < w[1]) {
            order.clear();
        }
        Ok(order)
    }

    fn math_call(&mut self, f: MathFn, args: &mut [Expr], span: Span) -> R<Type> {
        if let Some(n) = f.arity().filter(|n| *n != args.len()) {
            return err(format!("math.{}() takes {n} argument(s), got {}", f.name(), args.len()), span);
        }
        if matches!(f, MathFn::Fsum | MathFn::Prod | MathFn::Dist) {
            return self.math_of_lists(f, args);
        }
        // Which arguments must be integers: CPython's `__index__` arguments.
        let int_arg = |i: usize| match f {
            MathFn::Factorial | MathFn::Comb | MathFn::Perm | MathFn::Isqrt | MathFn::Gcd | MathFn::Lcm => true,
            MathFn::Ldexp => i == 1,
            _ => false,
        };
        for (i, a) in args.iter_mut().enumerate() {
            let t = self.expr(a)?;
            if matches!(t, Type::Unknown | Type::Never) {
                return Ok(t);
            }
            if int_arg(i) && !t.is_intlike() {
                return err(format!("'{t}' object cannot be interpreted as an integer"), a.span);
            }
            if !t.is_numeric_scalar() {
                return err(format!("must be a real number, not {t}"), a.span);
            }
        }
        Ok(match f {
            MathFn::Floor | MathFn::Ceil | MathFn::Trunc => Type::Int,
            MathFn::Isnan | MathFn::Isinf | MathFn::Isfinite | MathFn::Isclose => Type::Bool,
            MathFn::Factorial | MathFn::Comb | MathFn::Perm | MathFn::Isqrt | MathFn::Gcd | MathFn::Lcm => Type::Int,
            MathFn::Frexp => Type::tuple(vec![Type::Float, Type::Int]),
            MathFn::Modf => Type::tuple(vec![Type::Float, Type::Float]),
            _ => Type::Float,
        })
    }

    /// `fsum`/`dist` of lists of real numbers (a float), `prod(list, start)`: the type of
    /// `start * item * item ...` under Python's and NEP 50's rules, the same for every step.
    fn math_of_lists(&mut self, f: MathFn, args: &mut [Expr]) -> R<Type> {
        let mut items = Vec::new();
        for a in args.iter_mut() {
            let t = self.expr(a)?;
            if matches!(t, Type::Unknown | Type::Never) {
                return Ok(t);
            }
            items.push(t);
        }
        if f == MathFn::Prod {
            let (Type::List(item), start) = (&items[0], &items[1]) else { unreachable!("the front end passes a list") };
            if !item.is_numeric_scalar() || !start.is_numeric_scalar() {
                return Err(Diagnostic::unsupported(format!("math.prod() of {item} items from {start} is not supported; only numbers are"), args[0].span));
            }
            let mul = |a: &Type| crate::rules::binary(BinOp::Mul, a, item, false).map_err(|m| Diagnostic::typing(m, args[0].span));
            let mut acc = mul(start)?.result;
            loop {
                let next = mul(&acc)?.result;
                if next == acc {
                    return Ok(acc);
                }
                acc = next;
            }
        }
        for (t, a) in items.iter().zip(args.iter()) {
            let Type::List(item) = t else { unreachable!("the front end passes lists") };
            if !item.is_numeric_scalar() {
                return err(format!("must be real number, not {item}"), a.span);
            }
        }
        Ok(Type::Float)
    }
}

/// Whether `t` may be evaluated once per item of a `*t`: a pure expression, or a constant slice of
/// one (`*shape[1:]`).
fn rereadable(t: &Expr) -> bool {
    let constant = |b: &Option<Box<Expr>>| b.as_ref().is_none_or(|e| matches!(e.kind, ExprKind::Const(_)) || matches!(&e.kind, ExprKind::Unary(_, x) if matches!(x.kind, ExprKind::Const(_))));
    match &t.kind {
        ExprKind::Index(base, idx) if idx.len() == 1 => match &idx[0].kind {
            ExprKind::Slice(a, b, c) => rereadable(base) && constant(a) && constant(b) && constant(c),
            _ => crate::functions::pure(t),
        },
        ExprKind::Attr(base, _) => rereadable(base),
        _ => crate::functions::pure(t),
    }
}
