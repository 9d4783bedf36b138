//! Typing expressions, one helper per kind; `expr` records the type on the node.

use crate::function::{err, FnCx, R};
use crate::{is_negative_int_const, rules};
use hasten_ir::hir::*;
use hasten_ir::{ArrayType, Diagnostic, Dtype, Layout, Span, Type};

impl FnCx<'_, '_, '_> {
    pub(crate) fn expr(&mut self, e: &mut Expr) -> R<Type> {
        let optional_ok = std::mem::take(&mut self.optional_ok);
        let inner = self.expr_inner(e)?;
        if let (Type::Optional(v), false) = (&inner, optional_ok) {
            return Err(Diagnostic::unsupported(
                format!("this value is None or {v} depending on the path taken; compiled code supports such optional values only as operands of arithmetic and comparisons, in `is None` tests, assignments and returns"),
                e.span,
            ));
        }
        let ty = crate::layouts::memory_order(e, inner);
        if self.strict && matches!(ty, Type::Unknown) {
            return err("cannot infer the type of this expression", e.span);
        }
        e.ty = ty.clone();
        if !matches!(ty, Type::Unknown | Type::Never) {
            e.plan = plan(e);
        }
        Ok(ty)
    }

    /// Stops at the first type not known yet and gives it as `Err`: the caller's type is that too.
    pub(crate) fn arg_types(&mut self, exprs: &mut [Expr]) -> R<Result<Vec<Type>, Type>> {
        let mut types = Vec::new();
        for a in exprs.iter_mut() {
            let t = self.expr(a)?;
            if matches!(t, Type::Unknown | Type::Never) {
                return Ok(Err(t));
            }
            types.push(t);
        }
        Ok(Ok(types))
    }

    pub(crate) fn expr_inner(&mut self, e: &mut Expr) -> R<Type> {
        let span = e.span;
        if matches!(&e.kind, ExprKind::Compare(_, rest) if matches!(rest.as_slice(), [(CmpOp::In | CmpOp::NotIn, _)])) && self.contains_of_array(e)? {
            return self.expr(e);
        }
        if self.c64_ufunc_as_operator(e)? {
            return self.expr_inner(e);
        }
        if self.mixed_advanced_index(e)? || self.unrelated_compare(e)? || self.mixed_sum(e)? {
            return self.expr_inner(e);
        }
        match &mut e.kind {
            ExprKind::Const(c) => Ok(const_type(c)),
            ExprKind::Local(id) => {
                let id = *id;
                if let Some(read) = self.none_arg_read(e, id) {
                    return read;
                }
                let local = &self.locals[id as usize];
                if self.strict && local.ty == Type::Unknown {
                    return err(format!("local variable '{}' is referenced before assignment", local.name), span);
                }
                Ok(local.ty.clone())
            }
            ExprKind::Tuple(items) => Ok(match {
                // The tuples the front end packs from call arguments (`np.random.rand(*shape)`).
                if !self.expand_starred(items)? {
                    return Ok(Type::Unknown);
                }
                self.arg_types(items)?
            } {
                Ok(types) => Type::tuple(types),
                Err(pending) => pending,
            }),
            ExprKind::List(items) => self.list_literal(items, span),
            ExprKind::Dict(items) => self.dict_literal(items, span),
            ExprKind::Set(items) => self.set_literal(items),
            ExprKind::Binary(op, l, r) => self.binary(*op, l, r, span),
            ExprKind::Unary(op, x) => self.unary(*op, x, span),
            // `dtype is None` of a dtype: decided (the library's functions take dtype= so).
            ExprKind::Compare(first, rest) if matches!(first.kind, ExprKind::Dtype(_)) && matches!(rest.as_slice(), [(CmpOp::Is | CmpOp::IsNot, r)] if matches!(r.kind, ExprKind::Const(Const::None))) => {
                e.kind = ExprKind::Decided(rest[0].0 == CmpOp::IsNot);
                Ok(Type::Bool)
            }
            ExprKind::Compare(first, rest) => {
                if let Some(t) = self.optional_compare(first, rest)? {
                    return Ok(t);
                }
                match self.dtype_compare(first, rest)?.map_or_else(|| self.bool_identity(first, rest), |d| Ok(Some(d)))? {
                    Some(equal) => {
                        e.kind = ExprKind::Decided(equal);
                        Ok(Type::Bool)
                    }
                    None => self.compare(first, rest, span),
                }
            }
            ExprKind::Logical(op, values) => self.logical(*op, values, span),
            ExprKind::IfExp(c, ..) => {
                self.condition(c)?;
                match crate::typetests::static_truth(c) {
                    // The arm the condition rules out is dropped untyped.
                    Some(live) => {
                        let ExprKind::IfExp(_, a, b) = std::mem::replace(&mut e.kind, ExprKind::Const(Const::None)) else { unreachable!() };
                        e.kind = if live { a.kind } else { b.kind };
                        self.expr_inner(e)
                    }
                    None => {
                        let ExprKind::IfExp(_, a, b) = &mut e.kind else { unreachable!() };
                        self.if_exp(a, b, span)
                    }
                }
            }
            ExprKind::Index(base, indices) => self.index(base, indices, span),
            ExprKind::Attr(base, Attr::Receiver) => {
                let t = self.expr(base)?;
                if matches!(t, Type::Int | Type::Float | Type::Bool) {
                    let what = match t {
                        Type::Int => "int",
                        Type::Float => "float",
                        _ => "bool",
                    };
                    return err(format!("'{what}' object has no attribute of this name: it is a method of NumPy arrays and NumPy scalars (CPython raises AttributeError)"), span);
                }
                if !matches!(t, Type::Unknown | Type::Never) {
                    let ExprKind::Attr(inner, _) = std::mem::replace(&mut e.kind, ExprKind::Const(Const::None)) else { unreachable!() };
                    e.kind = inner.kind;
                    e.span = inner.span;
                }
                Ok(t)
            }
            ExprKind::Attr(base, attr) => self.attr(base, *attr, span),
            ExprKind::Call(Callee::Numpy(NumpyFn::DtypeOf), args, _) => {
                let t = self.expr(&mut args[0])?;
                if !t.is_numeric_scalar() && !t.is_c128() {
                    return err(format!("np._dtype_of() takes a number, not {t}"), span);
                }
                let d = t.value_dtype();
                e.kind = ExprKind::Dtype(d);
                Ok(Type::DtypeOf(d))
            }
            ExprKind::Call(Callee::Builtin(Builtin::Unwrap), args, _) => self.unwrap_again(args),
            ExprKind::Call(Callee::Builtin(Builtin::Field), ..) => self.field(e),
            ExprKind::Call(Callee::Builtin(Builtin::Slice), args, _) => self.slice_value(args, span),
            ExprKind::Call(Callee::Builtin(Builtin::SlicePart), args, _) => {
                for a in args.iter_mut() {
                    self.expr(a)?;
                }
                Ok(Type::Int)
            }
            ExprKind::Call(callee, args, kwargs) => self.call(callee, args, kwargs, span),
            ExprKind::Dtype(d) => Ok(Type::DtypeOf(*d)),
            ExprKind::Slice(..) => err("a slice can only be used as an array index", span),
            ExprKind::RangeReduce(r) => match self.range_reduce(r, span)? {
                Some(t) => Ok(t),
                None => self.reduce_item_list(e),
            },
            ExprKind::Function(f) => Ok(Type::Func(Box::new(f.clone()))),
            ExprKind::Frozen(a) => Ok(Type::Array(ArrayType { dtype: a.dtype, ndim: a.shape.len() as u8, layout: Layout::C, readonly: true })),
            ExprKind::MakeClosure(id, captures) => self.make_closure(*id, captures),
            ExprKind::Captures(closure) => self.captures(closure, span),
            ExprKind::CallValue(..) => self.call_value(e),
            ExprKind::TypeTest(..) => self.type_test(e),
            ExprKind::Decided(_) => Ok(Type::Bool),
            // `maybe_unbound` is marked on the untyped body before typing (see `infer`).
            ExprKind::Bound(id) => Ok(if self.locals[*id as usize].maybe_unbound { Type::Bool } else { Type::None }),
            ExprKind::CaughtStr(_) => Ok(Type::Str),
            ExprKind::CaughtArgs(id) => match self.caught.iter().rev().find(|(h, _)| h == id) {
                Some((_, ty)) => ty.clone(),
                None => Err(Diagnostic::unsupported("e.args outside the except clause that binds e", span)),
            },
        }
    }

    fn binary(&mut self, op: BinOp, l: &mut Expr, r: &mut Expr, span: Span) -> R<Type> {
        let (lt, rt) = self.unwrapped_operands(l, r, crate::optional::Operator::Binary(op))?;
        if let Some(t) = pending(&lt, &rt) {
            return Ok(t);
        }
        if let Some(t) = crate::tuples::tuple_binary(op, (&lt, l), (&rt, r), span)? {
            return Ok(t);
        }
        if matches!(lt, Type::List(_)) || matches!(rt, Type::List(_)) {
            return self.list_binary(op, &lt, &rt, span);
        }
        if matches!(lt, Type::Set(_)) || matches!(rt, Type::Set(_)) {
            return self.set_binary(op, &lt, &rt, span);
        }
        if lt == Type::Str && op == BinOp::Mod {
            self.percent_numpy_scalars(l, r)?;
            return self.str_binary(op, &lt, &r.ty.clone(), span);
        }
        if lt == Type::Str || rt == Type::Str {
            return self.str_binary(op, &lt, &rt, span);
        }
        // 0-d arrays only: NumPy gives a scalar, computed on their elements.
        let (lt, rt) = if rules::array_operands(&lt, &rt) == Some(0) { (self.element_of_0d(l)?, self.element_of_0d(r)?) } else { (lt, rt) };
        if let Some(d) = crate::complex64::plan_dtype(&lt, &rt) {
            return crate::complex64::binary_type(op, d, &lt, &rt, span);
        }
        if let Some(t) = crate::complex::elementwise_binary(op, &lt, &rt, span)? {
            return Ok(t);
        }
        let negative = op == BinOp::Pow && is_negative_int_const(r);
        if let Some(ndim) = rules::array_operands(&lt, &rt) {
            // Element-wise: the element types follow the scalar rules (NEP 50).
            let (el, er) = (lt.element(), rt.element());
            let result = rules::binary(op, &el, &er, negative).or_else(|m| err(m, span))?.result;
            return Ok(Type::array(result.scalar_dtype().expect("array operands give NumPy scalars"), ndim));
        }
        Ok(rules::binary(op, &lt, &rt, negative).or_else(|m| err(m, span))?.result)
    }

    /// A typed operand that is a 0-d array made its element `x[()]` (a NumPy scalar), as NumPy
    /// reads operands that leave a 0-d result; its type after.
    pub(crate) fn element_of_0d(&mut self, x: &mut Expr) -> R<Type> {
        if !matches!(&x.ty, Type::Array(a) if a.ndim == 0) {
            return Ok(x.ty.clone());
        }
        let span = x.span;
        let base = std::mem::replace(x, Expr::new(ExprKind::Const(Const::None), span));
        let mut e = Expr::new(ExprKind::Index(Box::new(base), Vec::new()), span);
        let ExprKind::Index(base, indices) = &mut e.kind else { unreachable!("made above") };
        e.ty = self.index_type(base, indices, span)?;
        e.plan = plan(&e);
        *x = e;
        Ok(x.ty.clone())
    }

    fn unary(&mut self, op: UnaryOp, x: &mut Expr, span: Span) -> R<Type> {
        let t = if op == UnaryOp::Not { self.expr_optional(x)? } else { self.expr(x)? };
        if matches!(t, Type::Unknown | Type::Never) {
            return Ok(t);
        }
        // `-w` of a 0-d array: NumPy's scalar of its element.
        let t = if matches!(&t, Type::Array(a) if a.ndim == 0) && op != UnaryOp::Not { self.element_of_0d(x)? } else { t };
        if let Type::Array(a) = &t {
            return match op {
                UnaryOp::Neg | UnaryOp::Pos if a.dtype != Dtype::Bool => Ok(Type::array(a.dtype, a.ndim)),
                UnaryOp::Invert if a.dtype.is_int() || a.dtype == Dtype::Bool => Ok(Type::array(a.dtype, a.ndim)),
                UnaryOp::Not => self.truthy(&t, x.span).map(|_| Type::Bool),
                _ => err(format!("bad operand type for unary operator: {t}"), span),
            };
        }
        Ok(match op {
            UnaryOp::Not => {
                self.truthy(&t, x.span)?;
                Type::Bool
            }
            UnaryOp::Neg | UnaryOp::Pos => match t {
                Type::Bool | Type::Int => Type::Int,
                Type::Float => Type::Float,
                Type::Complex => Type::Complex,
                Type::Scalar(d) if d != Dtype::Bool => t,
                _ => return err(format!("bad operand type for unary operator: {t}"), span),
            },
            UnaryOp::Invert => match t {
                Type::Bool | Type::Int => Type::Int,
                Type::Scalar(d) if d.is_int() || d == Dtype::Bool => t,
                _ => return err(format!("bad operand type for unary ~: {t}"), span),
            },
        })
    }

    /// `x in a` of an array `a` (NumPy's `ndarray.__contains__`): rewrites `e` as
    /// `bool(np.any(a == x))` (`not` of it for `not in`) and says whether it did.
    fn contains_of_array(&mut self, e: &mut Expr) -> R<bool> {
        let ExprKind::Compare(first, rest) = &mut e.kind else { unreachable!("a comparison") };
        if !matches!(self.expr(&mut rest[0].1)?, Type::Array(_)) {
            return Ok(false);
        }
        let span = e.span;
        let (op, a) = rest.pop().expect("one link");
        let x = std::mem::replace(first.as_mut(), Expr::new(ExprKind::Const(Const::None), span));
        let call = |callee, args| Expr::new(ExprKind::Call(callee, args, Vec::new()), span);
        let equal = Expr::new(ExprKind::Compare(Box::new(a), vec![(CmpOp::Eq, x)]), span);
        let found = call(Callee::Builtin(Builtin::Bool), vec![call(Callee::Numpy(NumpyFn::Reduce(Reduction::Any)), vec![equal])]);
        e.kind = if op == CmpOp::In { found.kind } else { ExprKind::Unary(UnaryOp::Not, Box::new(found)) };
        Ok(true)
    }

    /// `x is True`, `x is not False` (either side the literal): for a Python bool `x` its equality
    /// with the literal (the bools are two singletons), which the comparison then types; for any
    /// other type, decided (no other object is `True`), if `x` has no effects to keep.
    fn bool_identity(&mut self, first: &mut Expr, rest: &mut [(CmpOp, Expr)]) -> R<Option<bool>> {
        let [(op @ (CmpOp::Is | CmpOp::IsNot), r)] = rest else { return Ok(None) };
        let literal = |e: &Expr| matches!(e.kind, ExprKind::Const(Const::Bool(_)));
        let other = match (literal(first), literal(r)) {
            (true, _) => r,
            (_, true) => &mut *first,
            _ => return Ok(None),
        };
        match self.expr(other)? {
            Type::Bool => {
                *op = if *op == CmpOp::Is { CmpOp::Eq } else { CmpOp::NotEq };
                Ok(None)
            }
            Type::Unknown | Type::Never | Type::Optional(_) => Ok(None),
            _ if crate::functions::pure(other) => Ok(Some(*op == CmpOp::IsNot)),
            _ => Ok(None),
        }
    }

    /// `a.dtype == np.float32` (`!=`, of any two dtype values): decided from the types.
    fn dtype_compare(&mut self, first: &mut Expr, rest: &mut [(CmpOp, Expr)]) -> R<Option<bool>> {
        let [(op @ (CmpOp::Eq | CmpOp::NotEq), r)] = rest else { return Ok(None) };
        // An empty list literal is typed by the other operand (`compare`), not on its own.
        let empty = |e: &Expr| matches!(&e.kind, ExprKind::List(items) if items.is_empty());
        if empty(first) || empty(r) {
            return Ok(None);
        }
        let lt = self.expr(first)?;
        if !matches!(lt, Type::DtypeOf(_) | Type::ScalarClass(_)) && !matches!(r.kind, ExprKind::Dtype(_) | ExprKind::Attr(_, Attr::Dtype)) {
            return Ok(None);
        }
        // A scalar class equals its dtype (`np.dtype(np.float32) == np.float32`).
        let as_dtype = |t: Type| match t {
            Type::ScalarClass(d) => Type::DtypeOf(d),
            t => t,
        };
        let same = match (as_dtype(lt), as_dtype(self.expr(r)?)) {
            (Type::DtypeOf(a), Type::DtypeOf(b)) => a == b,
            // `a.dtype == "float64"`: NumPy reads the string as a dtype.
            (Type::DtypeOf(a), Type::Str) | (Type::Str, Type::DtypeOf(a)) => match (&first.kind, &r.kind) {
                (ExprKind::Const(Const::Str(s)), _) | (_, ExprKind::Const(Const::Str(s))) => Dtype::from_name(s) == Some(a),
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
        Ok(Some(same == (*op == CmpOp::Eq)))
    }

    /// The type of the operand `e` compared with a value of type `other`: an empty list literal
    /// (`l == []`) takes a list's type, which it cannot infer on its own.
    pub(crate) fn operand_like(&mut self, e: &mut Expr, other: &Type) -> R<Type> {
        match (&e.kind, other) {
            (ExprKind::List(items), Type::List(item)) if items.is_empty() && **item != Type::Unknown => {
                e.ty = other.clone();
                Ok(other.clone())
            }
            _ => self.expr(e),
        }
    }

    fn compare(&mut self, first: &mut Expr, rest: &mut [(CmpOp, Expr)], span: Span) -> R<Type> {
        let mut lt = match rest {
            [(_, r)] if matches!(&first.kind, ExprKind::List(items) if items.is_empty()) => {
                let rt = self.expr(r)?;
                self.operand_like(first, &rt)?
            }
            _ => self.expr(first)?,
        };
        if let [(op, r)] = rest {
            let rt = self.operand_like(r, &lt)?;
            if rules::array_operands(&lt, &rt) == Some(0) && !matches!(op, CmpOp::Is | CmpOp::IsNot | CmpOp::In | CmpOp::NotIn) {
                // 0-d arrays only: NumPy compares their elements, giving a NumPy bool.
                lt = self.element_of_0d(first)?;
                self.element_of_0d(r)?;
            } else if let Some(ndim) = rules::array_operands(&lt, &rt) {
                if matches!(op, CmpOp::Is | CmpOp::IsNot) {
                    return Err(Diagnostic::unsupported("'is' is supported for comparisons with None, True and False", span));
                }
                if matches!(op, CmpOp::In | CmpOp::NotIn) {
                    return Err(Diagnostic::unsupported("`in` of an array (ndarray.__contains__) is not supported yet", span));
                }
                if let Some(t) = crate::complex::elementwise_compare(*op, &lt, &rt, span)? {
                    return Ok(t);
                }
                if rules::common(&lt.element(), &rt.element()).is_none() {
                    return err(format!("cannot compare {lt} with {rt}"), span);
                }
                return Ok(Type::array(Dtype::Bool, ndim));
            }
        } else if rest.iter().any(|_| matches!(lt, Type::Array(_))) {
            return Err(Diagnostic::unsupported("chained comparisons of arrays are not supported", span));
        }
        // A single comparison's right operand is typed again here.
        let mut numpy = false;
        for (op, r) in rest.iter_mut() {
            let mut rt = self.operand_like(r, &lt)?;
            if matches!(op, CmpOp::In | CmpOp::NotIn) && matches!(rt, Type::Tuple(_)) {
                rt = self.tuple_as_list(r, "`in` over")?.expect("a tuple");
            }
            if pending(&lt, &rt).is_some() {
                return Ok(Type::Unknown);
            }
            match op {
                CmpOp::Is | CmpOp::IsNot => {
                    if !(lt == Type::None || rt == Type::None) {
                        return Err(Diagnostic::unsupported("'is' is supported for comparisons with None, True and False", span));
                    }
                }
                CmpOp::In | CmpOp::NotIn if rt == Type::Str => {
                    if lt != Type::Str {
                        return err(format!("'in <string>' requires string as left operand, not {lt}"), span);
                    }
                }
                _ if lt == Type::Str && rt == Type::Str => {}
                CmpOp::In | CmpOp::NotIn => match &rt {
                    Type::Dict(k, _) if **k == Type::Unknown => {}
                    Type::Dict(k, _) => crate::dicts::dict_membership(&lt, k, span)?,
                    Type::Set(item) if **item == Type::Unknown => {}
                    Type::Set(item) => crate::sets::set_membership(&lt, item, span)?,
                    _ => crate::lists::membership(&lt, &rt, span)?,
                },
                _ if matches!(lt, Type::Set(_) | Type::Dict(..)) || matches!(rt, Type::Set(_) | Type::Dict(..)) => {
                    crate::sets::container_compare(*op, &lt, &rt, span)?
                }
                _ if matches!(lt, Type::Tuple(_) | Type::List(_)) || matches!(rt, Type::Tuple(_) | Type::List(_)) => {
                    if crate::compare::sequence_common(&lt, &rt, *op).is_none() {
                        return err(format!("cannot compare {lt} with {rt}"), span);
                    }
                }
                _ => match rules::common_ordered(&lt, &rt) {
                    Some(Type::Complex) if !matches!(op, CmpOp::Eq | CmpOp::NotEq) => {
                        return err(format!("'{}' not supported between instances of '{lt}' and '{rt}'", crate::complex::order_symbol(*op)), span)
                    }
                    Some(c) => numpy |= matches!(c, Type::Scalar(_)) || crate::complex64::holds_c64(&lt) || crate::complex64::holds_c64(&rt),
                    None => {
                        return err(format!("cannot compare {lt} with {rt}"), span);
                    }
                },
            }
            lt = rt;
        }
        // A chain is an `and` of comparisons: a Python bool.
        Ok(if numpy && rest.len() == 1 { Type::Scalar(Dtype::Bool) } else { Type::Bool })
    }

    /// `and` / `or` return an operand, so all operands share one type.
    fn logical(&mut self, op: LogicalOp, values: &mut Vec<Expr>, span: Span) -> R<Type> {
        let mut ty = Type::Never;
        let mut k = 0;
        while k < values.len() {
            let v = &mut values[k];
            let t = self.expr(v)?;
            // An operand known to end the evaluation (`x is not None and ...` for a None `x`):
            // the rest is never evaluated, so it is dropped untyped.
            if crate::typetests::static_truth(v) == Some(op == LogicalOp::Or) {
                values.truncate(k + 1);
                if values.len() == 1 {
                    return Ok(t);
                }
            }
            let v = &values[k];
            if t == Type::Unknown {
                return Ok(t);
            }
            self.truthy(&t, v.span)?;
            ty = rules::unify(&ty, &t).ok_or_else(|| {
                Diagnostic::unsupported(format!("operands of and/or of different types ({ty} and {t}) are not supported: a value has one type in compiled code"), span)
            })?;
            k += 1;
        }
        Ok(ty)
    }

    fn if_exp(&mut self, a: &mut Expr, b: &mut Expr, span: Span) -> R<Type> {
        let at = self.expr_optional(a)?;
        let bt = self.expr_optional(b)?;
        if at == Type::Unknown || bt == Type::Unknown {
            return Ok(Type::Unknown);
        }
        self.no_function_choice(&at, &bt, span)?;
        // `x if c else None` of a number: optional (`optional.rs`).
        if let Some(Ok(t)) = rules::unify(&at, &bt).is_none().then(|| crate::optional::merged_local(&at, &bt)).flatten() {
            return Ok(t);
        }
        rules::unify(&at, &bt).ok_or_else(|| {
            Diagnostic::unsupported(format!("a conditional expression whose branches have different types ({at} and {bt}) is not supported: a value has one type in compiled code"), span)
        })
    }

    pub(crate) fn index(&mut self, base: &mut Expr, indices: &mut Vec<Expr>, span: Span) -> R<Type> {
        let bty = self.expr(base)?;
        if matches!(bty, Type::Tuple(_) | Type::List(_) | Type::Str) {
            self.slice_values_as_slices(indices)?;
        }
        if let Type::Tuple(items) = &bty {
            let [idx] = indices.as_mut_slice() else {
                return err("tuples take a single index", span);
            };
            if matches!(idx.kind, ExprKind::Slice(..)) {
                self.slice_bounds(idx)?;
                let Some(positions) = constant_slice(idx, items.len()) else {
                    return Err(Diagnostic::unsupported("tuples can only be sliced by integer constants (a tuple's length is part of its type)", idx.span));
                };
                return Ok(Type::Tuple(positions.into_iter().map(|k| items[k].clone()).collect()));
            }
            let it = self.expr(idx)?;
            let ExprKind::Const(Const::Int(k)) = idx.kind else {
                // An index known at run time picks among items of one type.
                if !matches!(it, Type::Int | Type::Bool | Type::Unknown | Type::Never) && !matches!(it, Type::Scalar(d) if d.is_int()) {
                    return err(format!("tuple indices must be integers or slices, not {it}"), idx.span);
                }
                return one_item_type(items).ok_or_else(|| {
                    Diagnostic::unsupported(format!("indexing a tuple of items of different types ({bty}) by an index known only at run time is not supported (the result's type would depend on it); index it by a constant"), idx.span)
                });
            };
            let n = items.len() as i64;
            let k2 = if k < 0 { k + n } else { k };
            if !(0..n).contains(&k2) {
                return err(format!("tuple index {k} out of range for a tuple of {n} items"), idx.span);
            }
            return Ok(items[k2 as usize].clone());
        }
        if let Type::List(item) = &bty {
            return self.list_index(item, indices, span);
        }
        if bty == Type::Str {
            return self.str_index(indices, span);
        }
        if let Type::Dict(k, v) = &bty {
            if **k == Type::Unknown {
                return Ok(Type::Unknown);
            }
            return self.dict_index(k, v, indices, span);
        }
        self.index_type(base, indices, span)
    }

    /// `a[t]` with `t` a tuple of integers (`for idx in np.ndindex(a.shape): a[idx]`): a local
    /// tuple becomes the tuple literal of its items (`a[t[0], t[1]]`), which `index_type` spreads
    /// over the axes. Another expression giving a tuple is refused: it would be evaluated once per
    /// item.
    fn tuple_index_as_indices(&mut self, i: &mut Expr, span: Span) -> R<()> {
        if matches!(i.kind, ExprKind::Slice(..) | ExprKind::Tuple(_)) {
            return Ok(());
        }
        let Type::Tuple(items) = self.expr(i)? else { return Ok(()) };
        // Ints, or index arrays (`t = np.triu_indices(3)`, then `a[t]`).
        let index = |t: &Type| (t.is_intlike() && *t != Type::Bool) || matches!(t, Type::Array(a) if a.dtype.is_int() || a.dtype == hasten_ir::Dtype::Bool) || matches!(t, Type::Slice(_) | Type::None | Type::Ellipsis);
        if !items.iter().all(index) {
            return err(format!("array indices must be integers, not {}", Type::Tuple(items)), span);
        }
        if !matches!(i.kind, ExprKind::Local(_)) {
            return Err(Diagnostic::unsupported("indexing an array with a tuple computed in the index is not supported yet; assign the tuple to a variable first", span));
        }
        let whole = i.clone();
        let parts = (0..items.len())
            .map(|k| {
                let at = Expr::new(ExprKind::Const(Const::Int(k as i64)), span);
                Expr::new(ExprKind::Index(Box::new(whole.clone()), vec![at]), span)
            })
            .collect();
        *i = Expr::new(ExprKind::Tuple(parts), span);
        Ok(())
    }

    /// The indices of an array of `ndim` axes, one per axis they index: a tuple held in a local
    /// spread into its items, slice values made slices, `...` spread into full slices. True where
    /// a `...` stood among integers fixing every axis (NumPy's 0-d view; refused unless `zero_d`).
    pub(crate) fn array_indices(&mut self, ndim: u8, indices: &mut Vec<Expr>, zero_d: bool, span: Span) -> R<bool> {
        if let [i] = indices.as_mut_slice() {
            let at = i.span;
            self.tuple_index_as_indices(i, at)?;
            if let ExprKind::Tuple(items) = &mut indices[0].kind {
                let items = std::mem::take(items);
                *indices = items;
            }
        }
        self.slice_values_as_slices(indices)?;
        self.spread_ellipsis(indices, ndim as usize, zero_d, span)
    }

    /// `a[..., j]`: the `...` stands for as many full slices as the other indices leave axes (a
    /// boolean mask takes as many axes as it has). With it, NumPy gives a view even when every axis
    /// gets an integer (a 0-d array): then the `...` is dropped and true returned, where `zero_d`
    /// says the caller makes that view (`fancy.rs`), else refused.
    fn spread_ellipsis(&mut self, indices: &mut Vec<Expr>, ndim: usize, zero_d: bool, span: Span) -> R<bool> {
        let is_ellipsis = |i: &Expr| matches!(i.kind, ExprKind::Const(Const::Ellipsis));
        let Some(at) = indices.iter().position(is_ellipsis) else { return Ok(false) };
        if indices.iter().filter(|i| is_ellipsis(i)).count() > 1 {
            return err("an index can only have a single ellipsis ('...')", indices[at].span);
        }
        let mut taken = 0;
        for i in indices.iter_mut().filter(|i| !is_ellipsis(i) && !matches!(i.kind, ExprKind::Slice(..))) {
            taken += match self.expr(i)? {
                Type::None => 0,
                Type::Array(m) if m.dtype == Dtype::Bool => m.ndim as usize,
                _ => 1,
            };
        }
        taken += indices.iter().filter(|i| matches!(i.kind, ExprKind::Slice(..))).count();
        let full = ndim.saturating_sub(taken);
        let leaves_axis = full > 0 || indices.iter().any(|i| matches!(i.kind, ExprKind::Slice(..)) || i.ty == Type::None || matches!(i.ty, Type::Array(_)));
        if !leaves_axis && !zero_d {
            return Err(Diagnostic::unsupported("an index with ... that fixes every axis (NumPy's 0-d view) is not supported here", span));
        }
        let whole = |sp| Expr::new(ExprKind::Slice(None, None, None), sp);
        let sp = indices[at].span;
        indices.splice(at..=at, (0..full).map(|_| whole(sp)));
        Ok(!leaves_axis)
    }

    /// Types the bounds of the slice `i` (integers or None); the slice itself has no value type.
    pub(crate) fn slice_bounds(&mut self, i: &mut Expr) -> R<()> {
        let ExprKind::Slice(start, stop, step) = &mut i.kind else { unreachable!("called for slices") };
        for b in [start, stop, step].into_iter().flatten() {
            let t = self.expr(b)?;
            if !(t.is_intlike() || matches!(t, Type::None | Type::Unknown | Type::Never)) {
                return err(format!("slice indices must be integers or None, not {t}"), b.span);
            }
        }
        i.ty = Type::None;
        Ok(())
    }

    /// The type of `base[indices]` on an array: an element when every axis gets an integer, else a
    /// view keeping the sliced and the unindexed axes.
    pub(crate) fn index_type(&mut self, base: &mut Expr, indices: &mut Vec<Expr>, span: Span) -> R<Type> {
        let bty = self.expr(base)?;
        if let Type::Array(a) = &bty {
            self.array_indices(a.ndim, indices, false, span)?;
        }
        let (mut slices, mut new_axes) = (0, 0);
        for k in 0..indices.len() {
            let i = &mut indices[k];
            if matches!(i.kind, ExprKind::Slice(..)) {
                self.slice_bounds(i)?;
                slices += 1;
                continue;
            }
            let t = self.expr(i)?;
            if t == Type::None && matches!(bty, Type::Array(_)) {
                // `None` / `np.newaxis`: a new axis of length 1 (NumPy's stride 0).
                new_axes += 1;
                continue;
            }
            if let (Type::List(_), Type::Array(_)) = (&t, &bty) {
                self.list_index_as_array(i)?;
            }
            let at = i.span;
            if matches!(indices[k].ty, Type::Array(_) | Type::List(_)) {
                if new_axes > 0 {
                    return Err(Diagnostic::unsupported("None (np.newaxis) together with an index array is not supported yet", at));
                }
                return self.fancy_index_type(&bty, indices, k, span);
            }
            let ok = matches!(t, Type::Int | Type::Unknown | Type::Never)
                || matches!(t, Type::Scalar(d) if d.is_int());
            if !ok {
                return err(format!("array indices must be integers, not {t}"), at);
            }
        }
        match &bty {
            Type::Array(a) => {
                let ndim = a.ndim as usize;
                if indices.len() - new_axes > ndim {
                    return err(
                        format!("too many indices for array: array is {ndim}-dimensional, but {} were indexed", indices.len() - new_axes),
                        span,
                    );
                }
                let ints = indices.len() - slices - new_axes;
                if ints == ndim && new_axes == 0 {
                    return Ok(a.dtype.item());
                }
                // Fixing leading axes of a C-contiguous array leaves a C-contiguous view; any other
                // view is strided.
                let layout = if slices == 0 && new_axes == 0 && a.layout == Layout::C { Layout::C } else { Layout::A };
                Ok(Type::Array(ArrayType { dtype: a.dtype, ndim: (ndim - ints + new_axes) as u8, layout, readonly: a.readonly }))
            }
            Type::Unknown | Type::Never => Ok(Type::Unknown),
            _ => err(format!("cannot index a value of type {bty} this way"), span),
        }
    }

    fn attr(&mut self, base: &mut Expr, attr: Attr, span: Span) -> R<Type> {
        let bty = self.expr(base)?;
        Ok(match (&bty, attr) {
            (Type::Unknown | Type::Never, _) => Type::Unknown,
            (Type::Array(a), Attr::Shape) => Type::tuple(vec![Type::Int; a.ndim as usize]),
            (Type::Array(_), Attr::Ndim | Attr::Size | Attr::Itemsize | Attr::Nbytes) => Type::Int,
            (Type::Array(a), Attr::Strides) => Type::tuple(vec![Type::Int; a.ndim as usize]),
            (Type::Array(a), Attr::T) => {
                let layout = match a.layout {
                    Layout::C if a.ndim > 1 => Layout::F,
                    Layout::F if a.ndim > 1 => Layout::C,
                    l => l,
                };
                Type::Array(ArrayType { layout, ..*a })
            }
            (Type::Array(a), Attr::Dtype) => Type::DtypeOf(a.dtype),
            // A NumPy scalar's as a 0-d array's; a dtype's item size.
            (Type::Scalar(_), Attr::Ndim | Attr::Size | Attr::Itemsize | Attr::Nbytes) | (Type::DtypeOf(_), Attr::Itemsize) => Type::Int,
            (Type::Scalar(_), Attr::Shape | Attr::Strides) => Type::tuple(Vec::new()),
            (Type::Scalar(d), Attr::Dtype) => Type::DtypeOf(*d),
            (Type::Scalar(_) | Type::DtypeOf(_), _) => {
                return Err(Diagnostic::unsupported(format!("the attribute '.{}' of {bty} is not supported", attr_name(attr)), span))
            }
            _ => return err(format!("{bty} has no attribute '.{}'", attr_name(attr)), span),
        })
    }

    /// `min(g)`/`max(g)` of a generator of tuples or strings: the reduction of the list of its
    /// items, which orders them as CPython does (the items cannot raise when compared).
    fn reduce_item_list(&mut self, e: &mut Expr) -> R<Type> {
        let span = e.span;
        let ExprKind::RangeReduce(mut r) = std::mem::replace(&mut e.kind, ExprKind::Const(Const::None)) else { unreachable!("a RangeReduce") };
        let op = std::mem::replace(&mut r.op, Builtin::List);
        e.kind = ExprKind::Call(Callee::Builtin(op), vec![Expr::new(ExprKind::RangeReduce(r), span)], Vec::new());
        self.expr(e)
    }

    /// The type of a reduction over a generator, or None for a `min`/`max` of tuples or strings,
    /// which reduces the list of the items instead.
    fn range_reduce(&mut self, r: &mut RangeReduce, span: Span) -> R<Option<Type>> {
        self.range_bounds([&mut r.start, &mut r.stop, &mut r.step])?;
        self.assign_local(r.var, &Type::Int, span)?;
        if let Some(src) = r.iter.as_mut() {
            let (target, iter) = &mut **src;
            let view = self.dict_loop_item(iter)?.is_some();
            let mut item = if view { Type::Unknown } else { self.loop_item(iter)? };
            // `min(s)`, `max(s)` and `sum(s)` of ints over a set walk its sorted list: the same
            // answer in any order (a set holds no NaN), and CPython's order is its own.
            let order_free = matches!(r.op, Builtin::Min | Builtin::Max) || (r.op == Builtin::Sum && item.is_intlike());
            if matches!(iter.ty, Type::Set(_)) && order_free && !view {
                let span = iter.span;
                let set = std::mem::replace(iter, Expr::new(ExprKind::Const(Const::None), span));
                let reverse = Expr::new(ExprKind::Const(Const::Bool(false)), span);
                *iter = Expr::new(ExprKind::Call(Callee::Builtin(Builtin::Sorted), vec![set, reverse], Vec::new()), span);
                item = self.loop_item(iter)?;
            }
            if matches!(iter.ty, Type::Dict(..) | Type::Set(_)) || view {
                return Err(Diagnostic::unsupported("generators and comprehensions over dicts and sets are not supported yet", iter.span));
            }
            self.assign(target, &item, iter.span)?;
        }
        for c in r.conds.iter_mut() {
            self.condition(c)?;
        }
        let t = self.expr(&mut r.elt)?;
        if matches!(t, Type::Unknown | Type::Never) {
            return Ok(Some(t));
        }
        if r.op == Builtin::List {
            return self.list_of(&t, r.elt.span).map(Some);
        }
        if matches!(r.op, Builtin::Any | Builtin::All) {
            self.truthy(&t, r.elt.span)?;
            return Ok(Some(Type::Bool));
        }
        if matches!(r.op, Builtin::Min | Builtin::Max) && matches!(t, Type::Tuple(_) | Type::Str) && crate::lists::sortable(&t) {
            return Ok(None);
        }
        if t.is_c128() {
            return Err(Diagnostic::unsupported("sum()/min()/max() of complex numbers over a generator is not supported yet", r.elt.span));
        }
        if !t.is_numeric_scalar() {
            return err(format!("cannot reduce values of type {t}"), r.elt.span);
        }
        match r.op {
            Builtin::Sum => sum_type(&t, span).map(Some),
            _ => Ok(Some(t)),
        }
    }
}

fn const_type(c: &Const) -> Type {
    match c {
        Const::None => Type::None,
        Const::Bool(_) => Type::Bool,
        Const::Int(_) => Type::Int,
        Const::Float(_) => Type::Float,
        Const::Str(_) => Type::Str,
        Const::Ellipsis => Type::Ellipsis,
    }
}

/// Python starts the sum at int 0; the accumulator takes the type of `0 + elt + ...`.
fn sum_type(elt: &Type, span: Span) -> R<Type> {
    let mut acc = Type::Int;
    loop {
        let next = rules::binary(BinOp::Add, &acc, elt, false).or_else(|m| err(m, span))?.result;
        let next = rules::unify(&acc, &next).expect("numeric scalars unify");
        if next == acc {
            return Ok(acc);
        }
        acc = next;
    }
}

/// A type that is not known yet in a non-final pass.
fn pending(a: &Type, b: &Type) -> Option<Type> {
    for t in [a, b] {
        if matches!(t, Type::Unknown | Type::Never) {
            return Some(t.clone());
        }
    }
    None
}

fn attr_name(a: Attr) -> &'static str {
    match a {
        Attr::Shape => "shape",
        Attr::Ndim => "ndim",
        Attr::Size => "size",
        Attr::Itemsize => "itemsize",
        Attr::Nbytes => "nbytes",
        Attr::Strides => "strides",
        Attr::Dtype => "dtype",
        Attr::T => "T",
        Attr::Receiver => unreachable!("a receiver is typed apart"),
    }
}

/// How a typed node computes, for the nodes where code generation must not decide again (see
/// `Plan`): the operator plan of `Binary` (per element for arrays), of `divmod`, of a `sum(...)`
/// accumulator, the comparison type of each link, and the dtype of a ufunc. Its children are typed;
/// where the rules refuse the operation, typing has already reported it, and `Plan::None` is left
/// for the verifier to catch.
fn plan(e: &Expr) -> Plan {
    let binary = |op: BinOp, l: &Type, r: &Type, negative: bool| rules::binary(op, l, r, negative).ok();
    let found = match &e.kind {
        // Concatenation and repetition of lists, strings and tuples, and %-formatting: the plan
        // names the result type.
        ExprKind::Binary(_, l, r) if matches!(e.ty, Type::List(_) | Type::Str | Type::Set(_) | Type::Tuple(_)) => {
            let _ = (l, r);
            Some(Plan::Binary(BinaryPlan { operands: e.ty.clone(), result: e.ty.clone() }))
        }
        ExprKind::Call(Callee::Builtin(Builtin::Sum), args, _) if matches!(args.first().map(|a| &a.ty), Some(Type::List(_))) => {
            let Type::List(item) = &args[0].ty else { unreachable!() };
            binary(BinOp::Add, &e.ty, item, false).map(Plan::Binary)
        }
        // `math.prod`: the product so far (of the result type) times each item.
        ExprKind::Call(Callee::Math(MathFn::Prod), args, _) => {
            let Type::List(item) = &args[0].ty else { return Plan::None };
            binary(BinOp::Mul, &e.ty, item, false).map(Plan::Binary)
        }
        ExprKind::Binary(op, l, r) if crate::complex64::plan_dtype(&l.ty, &r.ty).is_some() => {
            let c = crate::complex64::plan_dtype(&l.ty, &r.ty).expect("checked").item();
            binary(*op, &c, &c, false).map(Plan::Binary)
        }
        ExprKind::Binary(op, l, r) => {
            let negative = *op == BinOp::Pow && is_negative_int_const(r);
            binary(*op, &l.ty.element(), &r.ty.element(), negative).map(Plan::Binary)
        }
        ExprKind::Compare(first, rest) => {
            let mut left = &first.ty;
            let mut types = Vec::new();
            for (op, r) in rest {
                types.push(match op {
                    // Identity compares types, not values.
                    CmpOp::Is | CmpOp::IsNot => Type::None,
                    // Membership compares with each item.
                    _ if *left == Type::Str && r.ty == Type::Str => Type::Str,
                    CmpOp::In | CmpOp::NotIn => match &r.ty {
                        Type::List(item) if **item == Type::Str && *left == Type::Str => Type::Str,
                        Type::List(item) if crate::lists::never_equal(left, item) => Type::Never,
                        Type::List(item) => rules::common(&left.element(), item).unwrap_or(Type::Unknown),
                        _ => Type::Unknown,
                    },
                    _ if matches!(left, Type::Set(_) | Type::Dict(..)) => left.clone(),
                    _ if matches!(left, Type::Tuple(_) | Type::List(_)) => crate::compare::sequence_common(left, &r.ty, *op).unwrap_or(Type::Unknown),
                    _ if crate::complex64::plan_dtype(left, &r.ty).is_some() => crate::complex64::plan_dtype(left, &r.ty).expect("checked").item(),
                    _ => rules::common_ordered(&left.element(), &r.ty.element()).unwrap_or(Type::Unknown),
                });
                left = &r.ty;
            }
            Some(Plan::Compare(types))
        }
        // `l.index(x)`, `l.count(x)`, `l.remove(x)`: the type the items and `x` compare in, as in
        // `x in l`.
        ExprKind::Call(Callee::ListMethod(ListMethod::Count | ListMethod::Index | ListMethod::Remove), args, _) if matches!(args[0].ty, Type::List(_)) => {
            let Type::List(item) = &args[0].ty else { unreachable!("matched a list") };
            let common = if crate::lists::never_equal(&args[1].ty, item) {
                Some(Type::Never)
            } else if **item == Type::Str {
                Some(Type::Str)
            } else {
                rules::common(&args[1].ty.element(), item)
            };
            common.map(|t| Plan::Compare(vec![t]))
        }
        ExprKind::Call(Callee::Builtin(Builtin::Divmod), args, _) => {
            binary(BinOp::FloorDiv, &args[0].ty, &args[1].ty, false).map(Plan::Binary)
        }
        ExprKind::RangeReduce(r) if r.op == Builtin::Sum => binary(BinOp::Add, &e.ty, &r.elt.ty, false).map(Plan::Binary),
        ExprKind::Call(Callee::Numpy(NumpyFn::Ufunc(u)), args, _) => ufunc_plan(*u, args),
        ExprKind::Call(Callee::Numpy(NumpyFn::Divmod), args, _) => ufunc_plan(Ufunc::FloorDivide, args),
        ExprKind::Call(Callee::Numpy(NumpyFn::Isin | NumpyFn::ArrayEqual), args, _) => crate::compare::comparison_type(args).map(|t| Plan::Compare(vec![t])),
        ExprKind::Call(Callee::Numpy(NumpyFn::Kron), args, _) => crate::compare::kron_plan(args).map(Plan::Binary),
        _ => None,
    };
    found.unwrap_or_default()
}

/// A ufunc computes in the dtype NumPy's type resolution gives, and applies its operator, if any,
/// as `rules::ufunc_operator` plans it.
fn ufunc_plan(u: Ufunc, operands: &[Expr]) -> Option<Plan> {
    let elems: Vec<Type> = operands.iter().map(|a| a.ty.element()).collect();
    let d = rules::ufunc_dtype(u, &elems).ok()?;
    Some(Plan::Ufunc(d, rules::ufunc_operator(u, &elems).ok()?))
}


/// The type of an item of a tuple picked at run time: the items' one type, or for arrays of one
/// dtype and number of axes whose layouts differ, the array of any layout (their slots are alike).
fn one_item_type(items: &[Type]) -> Option<Type> {
    let first = items.first()?;
    if items.iter().all(|t| t == first) {
        return Some(first.clone());
    }
    let Type::Array(a) = first else { return None };
    let mut out = ArrayType { layout: Layout::A, ..*a };
    for t in items {
        match t {
            Type::Array(b) if b.dtype == a.dtype && b.ndim == a.ndim => out.readonly |= b.readonly,
            _ => return None,
        }
    }
    Some(Type::Array(out))
}
