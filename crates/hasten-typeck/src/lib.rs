//! Type inference: specialises each reachable function for the argument types it is called with and
//! fills in the type of every expression and local.
//!
//! Each local has one type for the whole function, the unification of everything assigned to it; the
//! body is re-walked until those types stop changing. Calls specialise the callee on demand; a call to
//! a specialisation still being inferred (recursion) has type `Never` until its return type is known,
//! and the whole program is re-inferred until every return type is stable.

pub mod rules;

use hasten_ir::hir::*;
use hasten_ir::{ArrayType, Diagnostic, Dtype, FuncId, Layout, Span, Type};
use std::collections::HashMap;

pub struct Spec {
    pub func: FuncId,
    pub args: Vec<Type>,
    pub ret: Type,
    /// The function with every type filled in.
    pub hir: Function,
}

pub struct TypedProgram {
    pub specs: Vec<Spec>,
    pub root: usize,
}

type Error = (FuncId, Diagnostic);
type Front<'a> = dyn FnMut(FuncId) -> Result<Function, Diagnostic> + 'a;

pub fn check_program(front: &mut Front, root: FuncId, args: &[Type]) -> Result<TypedProgram, Error> {
    let mut checker = Checker { front, untyped: HashMap::new(), specs: Vec::new(), index: HashMap::new() };
    let root = checker.specialize(root, args.to_vec())?;
    // Re-infer until return types settle: a caller may have seen a callee's return type while it was
    // still being inferred.
    for _ in 0..32 {
        let before: Vec<Type> = checker.specs.iter().map(|s| s.ret.clone()).collect();
        for i in 0..checker.specs.len() {
            checker.infer(i, false)?;
        }
        if checker.specs.iter().map(|s| &s.ret).eq(before.iter()) {
            break;
        }
    }
    for i in 0..checker.specs.len() {
        checker.infer(i, true)?;
        let spec = &checker.specs[i];
        if spec.ret == Type::Never {
            return Err((
                spec.func,
                Diagnostic::typing(
                    format!("cannot infer the return type of '{}': every return is a recursive call", spec.hir.name),
                    spec.hir.span,
                ),
            ));
        }
    }
    Ok(TypedProgram { specs: checker.specs, root })
}

struct Checker<'a, 'b> {
    front: &'a mut Front<'b>,
    untyped: HashMap<FuncId, Function>,
    specs: Vec<Spec>,
    index: HashMap<(FuncId, Vec<Type>), usize>,
}

impl Checker<'_, '_> {
    fn untyped(&mut self, id: FuncId) -> Result<&Function, Error> {
        if !self.untyped.contains_key(&id) {
            let f = (self.front)(id).map_err(|d| (id, d))?;
            self.untyped.insert(id, f);
        }
        Ok(&self.untyped[&id])
    }

    fn specialize(&mut self, func: FuncId, args: Vec<Type>) -> Result<usize, Error> {
        if let Some(&i) = self.index.get(&(func, args.clone())) {
            return Ok(i);
        }
        let hir = self.untyped(func)?.clone();
        if hir.params.len() != args.len() {
            return Err((
                func,
                Diagnostic::typing(
                    format!("'{}' takes {} arguments but {} were given", hir.name, hir.params.len(), args.len()),
                    hir.span,
                ),
            ));
        }
        let i = self.specs.len();
        self.specs.push(Spec { func, args: args.clone(), ret: Type::Never, hir });
        self.index.insert((func, args), i);
        self.infer(i, false)?;
        Ok(i)
    }

    /// Infers spec `i` from its untyped HIR. `strict` is the final pass: nothing may stay unknown.
    fn infer(&mut self, i: usize, strict: bool) -> Result<(), Error> {
        let func = self.specs[i].func;
        let mut hir = self.untyped(func)?.clone();
        for (local, ty) in hir.locals.iter_mut().zip(self.specs[i].args.iter()) {
            local.ty = ty.clone();
        }
        let mut ret;
        loop {
            let before: Vec<Type> = hir.locals.iter().map(|l| l.ty.clone()).collect();
            let mut body = self.untyped(func)?.body.clone();
            let mut fx = FnCx { checker: self, locals: &mut hir.locals, ret: Type::Never, strict: false };
            fx.block(&mut body).map_err(|d| (func, d))?;
            ret = fx.ret;
            if !always_exits(&body) {
                ret = rules::unify(&ret, &Type::None).ok_or_else(|| {
                    (func, Diagnostic::typing(format!("'{}' returns {ret} on some paths and None on others", hir.name), hir.span))
                })?;
            }
            hir.body = body;
            if hir.locals.iter().map(|l| &l.ty).eq(before.iter()) {
                break;
            }
        }
        if strict {
            let mut body = self.untyped(func)?.body.clone();
            let mut fx = FnCx { checker: self, locals: &mut hir.locals, ret: Type::Never, strict: true };
            fx.block(&mut body).map_err(|d| (func, d))?;
            hir.body = body;
            mark_maybe_unbound(&mut hir);
        }
        self.specs[i].hir = hir;
        self.specs[i].ret = ret;
        Ok(())
    }
}

struct FnCx<'c, 'a, 'b> {
    checker: &'c mut Checker<'a, 'b>,
    locals: &'c mut Vec<Local>,
    ret: Type,
    strict: bool,
}

type R<T> = Result<T, Diagnostic>;

fn err<T>(msg: impl Into<String>, span: Span) -> R<T> {
    Err(Diagnostic::typing(msg, span))
}

impl FnCx<'_, '_, '_> {
    fn block(&mut self, stmts: &mut [Stmt]) -> R<()> {
        stmts.iter_mut().try_for_each(|s| self.stmt(s))
    }

    fn assign_local(&mut self, id: LocalId, ty: &Type, span: Span) -> R<()> {
        if matches!(ty, Type::Unknown | Type::Never) {
            return Ok(());
        }
        let local = &mut self.locals[id as usize];
        match rules::unify(&local.ty, ty) {
            Some(t) => {
                local.ty = t;
                Ok(())
            }
            None => Err(Diagnostic::typing(
                format!("cannot unify {} and {ty} for variable '{}'", local.ty, local.name),
                span,
            )
            .note(format!("'{}' already holds a value of type {}; a variable keeps one type in compiled code", local.name, local.ty))),
        }
    }

    fn assign(&mut self, target: &mut Target, ty: &Type, value_span: Span) -> R<()> {
        match target {
            Target::Local(id, span) => self.assign_local(*id, ty, span.to_owned()),
            Target::Index { base, indices, span } => {
                let target = self.index_type(base, indices, *span)?;
                match (&target, ty) {
                    (_, Type::Unknown | Type::Never) => Ok(()),
                    (_, t) if t.is_numeric_scalar() => Ok(()),
                    // `a[1:-1] = values`: NumPy broadcasts the values into the view.
                    (Type::Array(view), Type::Array(v)) => {
                        if v.ndim > view.ndim {
                            return Err(Diagnostic::unsupported(
                                format!("assigning a {}-d array into a {}-d view is not supported", v.ndim, view.ndim),
                                value_span,
                            ));
                        }
                        Ok(())
                    }
                    _ => err(format!("cannot store a value of type {ty} into an array element"), value_span),
                }
            }
            Target::Tuple(items, span) => match ty {
                Type::Tuple(types) if types.len() == items.len() => {
                    for (t, ty) in items.iter_mut().zip(types) {
                        self.assign(t, ty, value_span)?;
                    }
                    Ok(())
                }
                Type::Unknown | Type::Never => {
                    for t in items.iter_mut() {
                        self.assign(t, &Type::Unknown, value_span)?;
                    }
                    Ok(())
                }
                Type::Tuple(types) => err(
                    format!("cannot unpack a tuple of {} values into {} targets", types.len(), items.len()),
                    *span,
                ),
                _ => err(format!("cannot unpack a value of type {ty}"), *span),
            },
        }
    }

    fn condition(&mut self, e: &mut Expr) -> R<()> {
        let ty = self.expr(e)?;
        self.truthy(&ty, e.span)
    }

    fn truthy(&self, ty: &Type, span: Span) -> R<()> {
        match ty {
            Type::Array(_) => err(
                "the truth value of an array is ambiguous; use a.any() or a.all()",
                span,
            ),
            _ => Ok(()),
        }
    }

    fn stmt(&mut self, s: &mut Stmt) -> R<()> {
        match &mut s.kind {
            StmtKind::Assign { targets, value } => {
                let ty = self.expr(value)?;
                for t in targets.iter_mut() {
                    self.assign(t, &ty, value.span)?;
                }
            }
            StmtKind::AugAssign { target, op, value } => {
                let vty = self.expr(value)?;
                let negative = is_negative_int_const(value);
                match target {
                    Target::Local(id, span) => {
                        let cur = self.locals[*id as usize].ty.clone();
                        if matches!(cur, Type::Unknown) {
                            if self.strict {
                                return err(format!("local variable '{}' is referenced before assignment", self.locals[*id as usize].name), *span);
                            }
                            return Ok(());
                        }
                        if matches!(vty, Type::Unknown | Type::Never) {
                            return Ok(());
                        }
                        if let Type::Array(a) = &cur {
                            // `a += b` on an array updates it in place, as NumPy's `__iadd__`.
                            in_place_check(*op, a, &vty, negative, s.span)?;
                            return Ok(());
                        }
                        let plan = rules::binary(*op, &cur, &vty, negative).or_else(|m| err(m, s.span))?;
                        self.assign_local(*id, &plan.result, *span)?;
                    }
                    Target::Index { base, indices, span } => {
                        let target = self.index_type(base, indices, *span)?;
                        if !matches!(vty, Type::Unknown | Type::Never) {
                            match &target {
                                Type::Array(a) => in_place_check(*op, a, &vty, negative, s.span)?,
                                elem => {
                                    rules::binary(*op, elem, &vty, negative).or_else(|m| err(m, s.span))?;
                                }
                            }
                        }
                    }
                    Target::Tuple(_, span) => return err("augmented assignment to a tuple", *span),
                }
            }
            StmtKind::Expr(e) => {
                self.expr(e)?;
            }
            StmtKind::If { cond, then, orelse } => {
                self.condition(cond)?;
                self.block(then)?;
                self.block(orelse)?;
            }
            StmtKind::While { cond, body, orelse } => {
                self.condition(cond)?;
                self.block(body)?;
                self.block(orelse)?;
            }
            StmtKind::ForRange { var, start, stop, step, body, orelse, .. } => {
                for e in [&mut *start, &mut *stop, &mut *step] {
                    let ty = self.expr(e)?;
                    if !(rules::is_intlike(&ty) || matches!(ty, Type::Unknown | Type::Never)) {
                        return err(format!("range() arguments must be integers, not {ty}"), e.span);
                    }
                }
                if let ExprKind::Const(Const::Int(0)) = step.kind {
                    return Err(Diagnostic::typing("range() arg 3 must not be zero", step.span));
                }
                self.assign_local(*var, &Type::Int, s.span)?;
                self.block(body)?;
                self.block(orelse)?;
            }
            StmtKind::ForIter { target, iter, body, orelse } => {
                let ty = self.expr(iter)?;
                let elem = match &ty {
                    Type::Array(a) if a.ndim == 1 => Type::Scalar(a.dtype),
                    // Iterating over an n-d array yields views of its first axis, as `a[i]`.
                    Type::Array(a) => {
                        let layout = if a.layout == Layout::C { Layout::C } else { Layout::A };
                        Type::Array(ArrayType { ndim: a.ndim - 1, layout, ..*a })
                    }
                    Type::Unknown | Type::Never => Type::Unknown,
                    _ => return Err(Diagnostic::unsupported(format!("iterating over {ty} is not supported"), iter.span)),
                };
                self.assign(target, &elem, iter.span)?;
                self.block(body)?;
                self.block(orelse)?;
            }
            StmtKind::Return(value) => {
                let ty = match value {
                    Some(v) => self.expr(v)?,
                    None => Type::None,
                };
                self.ret = rules::unify(&self.ret, &ty).ok_or_else(|| {
                    Diagnostic::typing(format!("this returns {ty}, but another return gives {}", self.ret), s.span)
                })?;
            }
            StmtKind::Assert { test, .. } => self.condition(test)?,
            StmtKind::Break | StmtKind::Continue | StmtKind::Pass | StmtKind::Raise { .. } => {}
        }
        Ok(())
    }

    /// The type of `base[indices]` on an array: an element when every axis gets an integer, else a
    /// view keeping the sliced and the unindexed axes.
    fn index_type(&mut self, base: &mut Expr, indices: &mut [Expr], span: Span) -> R<Type> {
        let bty = self.expr(base)?;
        let mut slices = 0;
        for i in indices.iter_mut() {
            if let ExprKind::Slice(start, stop, step) = &mut i.kind {
                for b in [start, stop, step].into_iter().flatten() {
                    let t = self.expr(b)?;
                    if !(rules::is_intlike(&t) || matches!(t, Type::None | Type::Unknown | Type::Never)) {
                        return err(format!("slice indices must be integers or None, not {t}"), b.span);
                    }
                }
                i.ty = Type::None;
                slices += 1;
                continue;
            }
            let t = self.expr(i)?;
            let ok = matches!(t, Type::Int | Type::Unknown | Type::Never)
                || matches!(t, Type::Scalar(d) if d.is_int());
            if !ok {
                return err(format!("array indices must be integers, not {t}"), i.span);
            }
        }
        match &bty {
            Type::Array(a) => {
                let ndim = a.ndim as usize;
                if indices.len() > ndim {
                    return err(
                        format!("too many indices for array: array is {ndim}-dimensional, but {} were indexed", indices.len()),
                        span,
                    );
                }
                let ints = indices.len() - slices;
                if ints == ndim {
                    return Ok(Type::Scalar(a.dtype));
                }
                // Fixing leading axes of a C-contiguous array leaves a C-contiguous view; any other
                // view is strided.
                let layout = if slices == 0 && a.layout == Layout::C { Layout::C } else { Layout::A };
                Ok(Type::Array(ArrayType { dtype: a.dtype, ndim: (ndim - ints) as u8, layout, readonly: a.readonly }))
            }
            Type::Unknown | Type::Never => Ok(Type::Unknown),
            _ => err(format!("cannot index a value of type {bty} this way"), span),
        }
    }

    fn expr(&mut self, e: &mut Expr) -> R<Type> {
        let ty = self.expr_inner(e)?;
        if self.strict && matches!(ty, Type::Unknown) {
            return err("cannot infer the type of this expression", e.span);
        }
        e.ty = ty.clone();
        Ok(ty)
    }

    fn expr_inner(&mut self, e: &mut Expr) -> R<Type> {
        let span = e.span;
        Ok(match &mut e.kind {
            ExprKind::Const(c) => match c {
                Const::None => Type::None,
                Const::Bool(_) => Type::Bool,
                Const::Int(_) => Type::Int,
                Const::Float(_) => Type::Float,
                Const::Str(_) => return Err(Diagnostic::unsupported("strings are not supported here", span)),
            },
            ExprKind::Local(id) => {
                let local = &self.locals[*id as usize];
                if self.strict && local.ty == Type::Unknown {
                    return err(format!("local variable '{}' is referenced before assignment", local.name), span);
                }
                local.ty.clone()
            }
            ExprKind::Tuple(items) => {
                let mut types = Vec::new();
                for i in items.iter_mut() {
                    let t = self.expr(i)?;
                    if matches!(t, Type::Unknown | Type::Never) {
                        return Ok(t);
                    }
                    types.push(t);
                }
                Type::Tuple(types)
            }
            ExprKind::Binary(op, l, r) => {
                let lt = self.expr(l)?;
                let rt = self.expr(r)?;
                if let Some(t) = pending(&lt, &rt) {
                    return Ok(t);
                }
                let negative = *op == BinOp::Pow && is_negative_int_const(r);
                if let Some(ndim) = rules::array_operands(&lt, &rt) {
                    // Element-wise: the element types follow the scalar rules (NEP 50).
                    let (el, er) = (rules::element(&lt), rules::element(&rt));
                    let result = rules::binary(*op, &el, &er, negative).or_else(|m| err(m, span))?.result;
                    return Ok(Type::array(result.scalar_dtype().expect("array operands give NumPy scalars"), ndim));
                }
                rules::binary(*op, &lt, &rt, negative).or_else(|m| err(m, span))?.result
            }
            ExprKind::Unary(op, x) => {
                let t = self.expr(x)?;
                if matches!(t, Type::Unknown | Type::Never) {
                    return Ok(t);
                }
                if let Type::Array(a) = &t {
                    return match op {
                        UnaryOp::Neg | UnaryOp::Pos if a.dtype != Dtype::Bool => Ok(Type::array(a.dtype, a.ndim)),
                        UnaryOp::Invert if a.dtype.is_int() || a.dtype == Dtype::Bool => Ok(Type::array(a.dtype, a.ndim)),
                        UnaryOp::Not => self.truthy(&t, x.span).map(|_| Type::Bool),
                        _ => err(format!("bad operand type for unary operator: {t}"), span),
                    };
                }
                match op {
                    UnaryOp::Not => {
                        self.truthy(&t, x.span)?;
                        Type::Bool
                    }
                    UnaryOp::Neg | UnaryOp::Pos => match t {
                        Type::Bool | Type::Int => Type::Int,
                        Type::Float => Type::Float,
                        Type::Scalar(d) if d != Dtype::Bool => t,
                        _ => return err(format!("bad operand type for unary operator: {t}"), span),
                    },
                    UnaryOp::Invert => match t {
                        Type::Bool | Type::Int => Type::Int,
                        Type::Scalar(d) if d.is_int() || d == Dtype::Bool => t,
                        _ => return err(format!("bad operand type for unary ~: {t}"), span),
                    },
                }
            }
            ExprKind::Compare(first, rest) => {
                let mut lt = self.expr(first)?;
                if let [(op, r)] = rest.as_mut_slice() {
                    let rt = self.expr(r)?;
                    if let Some(ndim) = rules::array_operands(&lt, &rt) {
                        if matches!(op, CmpOp::Is | CmpOp::IsNot) {
                            return Err(Diagnostic::unsupported("'is' is only supported for comparisons with None", span));
                        }
                        if rules::common(&rules::element(&lt), &rules::element(&rt)).is_none() {
                            return err(format!("cannot compare {lt} with {rt}"), span);
                        }
                        return Ok(Type::array(Dtype::Bool, ndim));
                    }
                } else if rest.iter().any(|_| matches!(lt, Type::Array(_))) {
                    return Err(Diagnostic::unsupported("chained comparisons of arrays are not supported", span));
                }
                let mut numpy = false;
                for (op, r) in rest.iter_mut() {
                    let rt = self.expr(r)?;
                    if pending(&lt, &rt).is_some() {
                        return Ok(Type::Unknown);
                    }
                    match op {
                        CmpOp::Is | CmpOp::IsNot => {
                            if !(lt == Type::None || rt == Type::None) {
                                return Err(Diagnostic::unsupported("'is' is only supported for comparisons with None", span));
                            }
                        }
                        _ => match rules::common(&lt, &rt) {
                            Some(c) => numpy |= matches!(c, Type::Scalar(_)),
                            None => return err(format!("cannot compare {lt} with {rt}"), span),
                        },
                    }
                    lt = rt;
                }
                if numpy && rest.len() == 1 {
                    Type::Scalar(Dtype::Bool)
                } else {
                    Type::Bool
                }
            }
            ExprKind::Logical(_, values) => {
                let mut ty = Type::Never;
                for v in values.iter_mut() {
                    let t = self.expr(v)?;
                    if t == Type::Unknown {
                        return Ok(t);
                    }
                    self.truthy(&t, v.span)?;
                    ty = rules::unify(&ty, &t).ok_or_else(|| {
                        Diagnostic::typing(format!("operands of and/or have incompatible types {ty} and {t}"), span)
                    })?;
                }
                ty
            }
            ExprKind::IfExp(c, a, b) => {
                self.condition(c)?;
                let at = self.expr(a)?;
                let bt = self.expr(b)?;
                if at == Type::Unknown || bt == Type::Unknown {
                    return Ok(Type::Unknown);
                }
                rules::unify(&at, &bt).ok_or_else(|| {
                    Diagnostic::typing(format!("the branches of this conditional expression have incompatible types {at} and {bt}"), span)
                })?
            }
            ExprKind::Index(base, indices) => {
                let bty = self.expr(base)?;
                if let Type::Tuple(items) = &bty {
                    let [idx] = indices.as_mut_slice() else {
                        return err("tuples take a single index", span);
                    };
                    self.expr(idx)?;
                    let ExprKind::Const(Const::Int(k)) = idx.kind else {
                        return Err(Diagnostic::unsupported("tuples can only be indexed by an integer constant", idx.span));
                    };
                    let n = items.len() as i64;
                    let k2 = if k < 0 { k + n } else { k };
                    if !(0..n).contains(&k2) {
                        return err(format!("tuple index {k} out of range for a tuple of {n} items"), idx.span);
                    }
                    return Ok(items[k2 as usize].clone());
                }
                self.index_type(base, indices, span)?
            }
            ExprKind::Attr(base, attr) => {
                let bty = self.expr(base)?;
                match (&bty, *attr) {
                    (Type::Unknown | Type::Never, _) => Type::Unknown,
                    (Type::Array(a), Attr::Shape) => Type::Tuple(vec![Type::Int; a.ndim as usize]),
                    (Type::Array(_), Attr::Ndim | Attr::Size) => Type::Int,
                    (Type::Array(a), Attr::T) => {
                        let layout = match a.layout {
                            Layout::C if a.ndim > 1 => Layout::F,
                            Layout::F if a.ndim > 1 => Layout::C,
                            l => l,
                        };
                        Type::Array(ArrayType { layout, ..*a })
                    }
                    (Type::Array(_), Attr::Dtype) => {
                        return Err(Diagnostic::unsupported("a.dtype is only supported as a dtype= argument", span))
                    }
                    _ => return err(format!("{bty} has no attribute '.{}'", attr_name(*attr)), span),
                }
            }
            ExprKind::Call(callee, args, kwargs) => return self.call(callee, args, kwargs, span),
            ExprKind::Dtype(_) => {
                return Err(Diagnostic::unsupported("a dtype can only be used as a dtype= argument or called", span))
            }
            ExprKind::Slice(..) => return err("a slice can only be used as an array index", span),
            ExprKind::RangeReduce(r) => {
                for b in [&mut r.start, &mut r.stop, &mut r.step] {
                    let t = self.expr(b)?;
                    if !(rules::is_intlike(&t) || matches!(t, Type::Unknown | Type::Never)) {
                        return err(format!("range() arguments must be integers, not {t}"), b.span);
                    }
                }
                self.assign_local(r.var, &Type::Int, span)?;
                for c in r.conds.iter_mut() {
                    self.condition(c)?;
                }
                let t = self.expr(&mut r.elt)?;
                if matches!(t, Type::Unknown | Type::Never) {
                    return Ok(t);
                }
                if !t.is_numeric_scalar() {
                    return err(format!("cannot reduce values of type {t}"), r.elt.span);
                }
                match r.op {
                    // Python starts the sum at int 0; the accumulator takes the type of `0 + elt + ...`.
                    Builtin::Sum => {
                        let mut acc = Type::Int;
                        loop {
                            let next = rules::binary(BinOp::Add, &acc, &t, false).or_else(|m| err(m, span))?.result;
                            let next = rules::unify(&acc, &next).expect("numeric scalars unify");
                            if next == acc {
                                break acc;
                            }
                            acc = next;
                        }
                    }
                    _ => t,
                }
            }
        })
    }

    fn call(&mut self, callee: &mut Callee, args: &mut Vec<Expr>, kwargs: &mut Vec<(String, Expr)>, span: Span) -> R<Type> {
        match callee.clone() {
            Callee::Function(id) | Callee::Spec(id) if matches!(callee, Callee::Function(_)) || kwargs.is_empty() => {
                let func = match callee {
                    Callee::Function(_) => id,
                    _ => self.checker.specs[id].func,
                };
                self.bind_call(func, args, kwargs, span)?;
                let mut types = Vec::new();
                for a in args.iter_mut() {
                    let t = self.expr(a)?;
                    if matches!(t, Type::Unknown | Type::Never) {
                        return Ok(t);
                    }
                    types.push(t);
                }
                let spec = self.checker.specialize(func, types).map_err(|(_, d)| d)?;
                *callee = Callee::Spec(spec);
                Ok(self.checker.specs[spec].ret.clone())
            }
            Callee::Function(_) | Callee::Spec(_) => unreachable!("keyword arguments are bound before specialisation"),
            Callee::Builtin(Builtin::Abs) if args.len() == 1 && {
                let t = self.expr(&mut args[0])?;
                matches!(t, Type::Array(_))
            } =>
            {
                // `abs(array)` is NumPy's `np.abs` (`ndarray.__abs__`).
                *callee = Callee::Numpy(NumpyFn::Ufunc(Ufunc::Abs));
                self.numpy_call(NumpyFn::Ufunc(Ufunc::Abs), args)
            }
            Callee::Builtin(b) => self.builtin(b, args, span),
            Callee::Math(f) => {
                if args.len() != f.arity() {
                    return err(format!("this math function takes {} argument(s), got {}", f.arity(), args.len()), span);
                }
                for a in args.iter_mut() {
                    let t = self.expr(a)?;
                    if matches!(t, Type::Unknown | Type::Never) {
                        return Ok(t);
                    }
                    if !t.is_numeric_scalar() {
                        return err(format!("must be a real number, not {t}"), a.span);
                    }
                }
                Ok(match f {
                    MathFn::Floor | MathFn::Ceil | MathFn::Trunc => Type::Int,
                    MathFn::Isnan | MathFn::Isinf | MathFn::Isfinite => Type::Bool,
                    _ => Type::Float,
                })
            }
            Callee::Numpy(f) => self.numpy_call(f, args),
            Callee::ScalarCtor(d) => {
                let [a] = args.as_mut_slice() else {
                    return err(format!("np.{d}() takes exactly one argument here"), span);
                };
                let t = self.expr(a)?;
                if !(t.is_numeric_scalar() || matches!(t, Type::Unknown | Type::Never)) {
                    return err(format!("cannot convert {t} to np.{d}"), a.span);
                }
                Ok(Type::Scalar(d))
            }
        }
    }

    /// Reorders keyword arguments of a jitted call into positions and fills in defaults.
    fn bind_call(&mut self, func: FuncId, args: &mut Vec<Expr>, kwargs: &mut Vec<(String, Expr)>, span: Span) -> R<()> {
        let callee = self.checker.untyped(func).map_err(|(_, d)| d)?;
        let params = callee.params.clone();
        let name = callee.name.clone();
        if args.len() > params.len() {
            return err(format!("{name}() takes {} arguments but {} were given", params.len(), args.len()), span);
        }
        let mut slots: Vec<Option<Expr>> = args.drain(..).map(Some).collect();
        slots.resize(params.len(), None);
        for (kw, value) in kwargs.drain(..) {
            let Some(i) = params.iter().position(|p| p.name == kw) else {
                return err(format!("{name}() got an unexpected keyword argument '{kw}'"), value.span);
            };
            if slots[i].is_some() {
                return err(format!("{name}() got multiple values for argument '{kw}'"), value.span);
            }
            slots[i] = Some(value);
        }
        for (slot, p) in slots.iter_mut().zip(&params) {
            if slot.is_none() {
                match &p.default {
                    Some(c) => *slot = Some(Expr::new(ExprKind::Const(c.clone()), span)),
                    None => return err(format!("{name}() missing required argument: '{}'", p.name), span),
                }
            }
        }
        *args = slots.into_iter().flatten().collect();
        Ok(())
    }

    fn builtin(&mut self, b: Builtin, args: &mut [Expr], span: Span) -> R<Type> {
        let mut types = Vec::new();
        for a in args.iter_mut() {
            let t = self.expr(a)?;
            if matches!(t, Type::Unknown | Type::Never) {
                return Ok(t);
            }
            types.push(t);
        }
        let arity = |n: usize| -> R<()> {
            if types.len() == n {
                Ok(())
            } else {
                err(format!("expected {n} argument(s), got {}", types.len()), span)
            }
        };
        let numeric = |i: usize| -> R<()> {
            if types[i].is_numeric_scalar() {
                Ok(())
            } else {
                err(format!("expected a number, got {}", types[i]), args[i].span)
            }
        };
        Ok(match b {
            Builtin::Abs => {
                arity(1)?;
                numeric(0)?;
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
            Builtin::Min | Builtin::Max => {
                if types.len() < 2 {
                    return Err(Diagnostic::unsupported(
                        "min()/max() of one argument is supported for a generator expression over range(); use np.min for arrays",
                        span,
                    ));
                }
                let mut ty = Type::Never;
                for (i, t) in types.iter().enumerate() {
                    numeric(i)?;
                    ty = rules::unify(&ty, t).expect("numeric scalars unify");
                }
                ty
            }
            Builtin::Int => {
                arity(1)?;
                numeric(0)?;
                Type::Int
            }
            Builtin::Float => {
                arity(1)?;
                numeric(0)?;
                Type::Float
            }
            Builtin::Bool => {
                arity(1)?;
                self.truthy(&types[0], span)?;
                Type::Bool
            }
            Builtin::Round => {
                numeric(0)?;
                match types.len() {
                    1 => Type::Int,
                    2 => {
                        if !rules::is_intlike(&types[1]) {
                            return err("ndigits must be an integer", args[1].span);
                        }
                        match &types[0] {
                            Type::Float => Type::Float,
                            Type::Scalar(d) if d.is_float() => Type::Float,
                            _ => Type::Int,
                        }
                    }
                    _ => return err("round() takes 1 or 2 arguments", span),
                }
            }
            Builtin::Len => {
                arity(1)?;
                match &types[0] {
                    Type::Array(a) if a.ndim > 0 => Type::Int,
                    Type::Array(_) => return err("len() of unsized object", span),
                    Type::Tuple(_) => Type::Int,
                    t => return err(format!("object of type {t} has no len()"), span),
                }
            }
            Builtin::Divmod => {
                arity(2)?;
                numeric(0)?;
                numeric(1)?;
                let q = rules::binary(BinOp::FloorDiv, &types[0], &types[1], false).or_else(|m| err(m, span))?;
                Type::Tuple(vec![q.result.clone(), q.result])
            }
        })
    }

    fn numpy_call(&mut self, f: NumpyFn, args: &mut [Expr]) -> R<Type> {
        // Where a dtype argument sits, when the function takes one.
        let last_dtype = match f {
            NumpyFn::Empty | NumpyFn::Zeros | NumpyFn::Ones | NumpyFn::EmptyLike | NumpyFn::ZerosLike | NumpyFn::OnesLike => Some(1),
            NumpyFn::Full | NumpyFn::FullLike => Some(2),
            NumpyFn::Arange => Some(3),
            NumpyFn::Linspace => Some(4),
            _ => None,
        };
        let explicit = match last_dtype.and_then(|k| args.get_mut(k)) {
            Some(d) => Some(self.dtype_arg(d)?),
            None => None,
        };
        let value_args = last_dtype.map_or(args.len(), |k| k.min(args.len()));
        let mut types = Vec::new();
        for a in args[..value_args].iter_mut() {
            let t = self.expr(a)?;
            if matches!(t, Type::Unknown | Type::Never) {
                return Ok(t);
            }
            types.push(t);
        }
        let numeric = |k: usize| -> R<()> {
            if types[k].is_numeric_scalar() {
                Ok(())
            } else {
                err(format!("expected a number, got {}", types[k]), args[k].span)
            }
        };
        let shape_ndim = |t: &Type, span: Span| -> R<u8> {
            match t {
                t if rules::is_intlike(t) && *t != Type::Bool => Ok(1),
                Type::Tuple(items) if items.iter().all(|t| rules::is_intlike(t) && *t != Type::Bool) => Ok(items.len() as u8),
                t => err(format!("the shape must be an integer or a tuple of integers, not {t}"), span),
            }
        };
        let array_arg = |k: usize| -> R<ArrayType> {
            match &types[k] {
                Type::Array(a) => Ok(*a),
                t => Err(Diagnostic::unsupported(format!("expected an array here, got {t}"), args[k].span)),
            }
        };
        Ok(match f {
            NumpyFn::Empty | NumpyFn::Zeros | NumpyFn::Ones => {
                Type::array(explicit.unwrap_or(Dtype::F64), shape_ndim(&types[0], args[0].span)?)
            }
            NumpyFn::EmptyLike | NumpyFn::ZerosLike | NumpyFn::OnesLike => {
                let a = array_arg(0)?;
                Type::array(explicit.unwrap_or(a.dtype), a.ndim)
            }
            NumpyFn::Full => {
                numeric(1)?;
                let ndim = shape_ndim(&types[0], args[0].span)?;
                Type::array(explicit.unwrap_or(rules::value_dtype(&types[1])), ndim)
            }
            NumpyFn::FullLike => {
                numeric(1)?;
                let a = array_arg(0)?;
                Type::array(explicit.unwrap_or(a.dtype), a.ndim)
            }
            NumpyFn::Arange => {
                for k in 0..3 {
                    numeric(k)?;
                }
                let ints = types.iter().all(rules::is_intlike);
                Type::array(explicit.unwrap_or(if ints { Dtype::I64 } else { Dtype::F64 }), 1)
            }
            NumpyFn::Copy => {
                let a = array_arg(0)?;
                Type::array(a.dtype, a.ndim)
            }
            NumpyFn::Pad => {
                let a = array_arg(0)?;
                numeric(2)?;
                let widths_ok = match &types[1] {
                    t if rules::is_intlike(t) => true,
                    Type::Tuple(items) => items.iter().all(|t| match t {
                        Type::Tuple(pair) => pair.len() <= 2 && pair.iter().all(rules::is_intlike),
                        t => rules::is_intlike(t),
                    }),
                    _ => false,
                };
                if !widths_ok {
                    return err("pad_width must be an int, a pair, or one pair per axis", args[1].span);
                }
                Type::array(a.dtype, a.ndim)
            }
            NumpyFn::Linspace => {
                numeric(0)?;
                numeric(1)?;
                numeric(3)?;
                if !rules::is_intlike(&types[2]) {
                    return err(format!("num must be an integer, not {}", types[2]), args[2].span);
                }
                Type::array(explicit.unwrap_or(Dtype::F64), 1)
            }
            NumpyFn::Ascontiguousarray | NumpyFn::Ravel => {
                let a = array_arg(0)?;
                if a.ndim == 0 && f == NumpyFn::Ascontiguousarray {
                    return Err(Diagnostic::unsupported("np.ascontiguousarray of a 0-d array is not supported", args[0].span));
                }
                let ndim = if f == NumpyFn::Ravel { 1 } else { a.ndim };
                Type::Array(ArrayType { ndim, layout: Layout::C, ..a })
            }
            NumpyFn::Reshape => {
                let a = array_arg(0)?;
                let ndim = shape_ndim(&types[1], args[1].span)?;
                Type::Array(ArrayType { ndim, layout: Layout::C, ..a })
            }
            NumpyFn::Dot => {
                let (a, b) = (array_arg(0)?, array_arg(1)?);
                if !(1..=2).contains(&a.ndim) || !(1..=2).contains(&b.ndim) {
                    return Err(Diagnostic::unsupported("np.dot and @ are supported for 1-d and 2-d arrays", args[0].span));
                }
                let d = Dtype::promote(a.dtype, b.dtype);
                match (a.ndim, b.ndim) {
                    (1, 1) => Type::Scalar(d),
                    (2, 2) => Type::array(d, 2),
                    _ => Type::array(d, 1),
                }
            }
            NumpyFn::Flipud | NumpyFn::Fliplr | NumpyFn::Transpose => {
                let a = array_arg(0)?;
                let need = if f == NumpyFn::Fliplr { 2 } else { 1 };
                if f != NumpyFn::Transpose && a.ndim < need {
                    return err(format!("Input must be >= {need}-d."), args[0].span);
                }
                let layout = match (f, a.layout) {
                    (NumpyFn::Transpose, Layout::C) if a.ndim > 1 => Layout::F,
                    (NumpyFn::Transpose, Layout::F) if a.ndim > 1 => Layout::C,
                    (NumpyFn::Transpose, l) => l,
                    _ => Layout::A,
                };
                Type::Array(ArrayType { layout, ..a })
            }
            NumpyFn::Reduce(r) => {
                let d = rules::value_dtype(&rules::element(&types[0]));
                if !(types[0].is_numeric_scalar() || matches!(types[0], Type::Array(_))) {
                    return err(format!("cannot reduce a value of type {}", types[0]), args[0].span);
                }
                let out = rules::reduction_dtype(r, d);
                match (args.get(1).map(|a| &a.kind), &types[0]) {
                    (None | Some(ExprKind::Const(Const::None)), _) => Type::Scalar(out),
                    (Some(ExprKind::Const(Const::Int(axis))), Type::Array(a)) => {
                        let nd = a.ndim as i64;
                        if *axis >= nd || *axis < -nd {
                            return err(format!("axis {axis} is out of bounds for array of dimension {nd}"), args[1].span);
                        }
                        // Reducing the only axis gives a NumPy scalar, as in NumPy.
                        if nd == 1 {
                            Type::Scalar(out)
                        } else {
                            Type::array(out, a.ndim - 1)
                        }
                    }
                    (Some(_), _) => {
                        return Err(Diagnostic::unsupported("axis= must be an integer constant (or None) on an array", args[1].span))
                    }
                }
            }
            NumpyFn::Ufunc(u) if types.len() > u.arity() => {
                // `out=`: the result is stored into `out` (same_kind casting) and `out` is returned.
                let out = array_arg(types.len() - 1)?;
                let mut inner = args[..u.arity()].to_vec();
                let result = self.numpy_call(f, &mut inner)?;
                args[..u.arity()].clone_from_slice(&inner);
                let (rd, rn) = match &result {
                    Type::Array(a) => (a.dtype, a.ndim),
                    t => (rules::value_dtype(t), 0),
                };
                if rn > out.ndim {
                    return err(format!("out= has {} dimensions but the result has {rn}", out.ndim), args[u.arity()].span);
                }
                let kind = |d: Dtype| match d {
                    Dtype::Bool => 0,
                    d if d.is_unsigned() => 1,
                    d if d.is_signed() => 2,
                    _ => 3,
                };
                if kind(rd) > kind(out.dtype) {
                    return err(
                        format!("Cannot cast ufunc '{}' output from dtype('{rd}') to dtype('{}') with casting rule 'same_kind'", format!("{u:?}").to_lowercase(), out.dtype),
                        args[u.arity()].span,
                    );
                }
                Type::Array(out)
            }
            NumpyFn::Ufunc(u) => {
                for k in 0..types.len() {
                    if !(types[k].is_numeric_scalar() || matches!(types[k], Type::Array(_))) {
                        return err(format!("expected a number or an array, got {}", types[k]), args[k].span);
                    }
                }
                let elems: Vec<Type> = types.iter().map(rules::element).collect();
                let d = rules::ufunc_dtype(u, &elems).map_err(|m| Diagnostic::typing(m, args[0].span))?;
                let ndim = types.iter().filter_map(|t| if let Type::Array(a) = t { Some(a.ndim) } else { None }).max();
                match ndim {
                    Some(n) => Type::array(d, n),
                    None => Type::Scalar(d),
                }
            }
        })
    }

    fn dtype_arg(&mut self, d: &mut Expr) -> R<Dtype> {
        match &mut d.kind {
            ExprKind::Dtype(dt) => {
                let dt = *dt;
                d.ty = Type::None;
                Ok(dt)
            }
            ExprKind::Attr(base, Attr::Dtype) => {
                let t = self.expr(base)?;
                d.ty = Type::None;
                match t {
                    Type::Array(a) => Ok(a.dtype),
                    _ => err(format!("{t} has no dtype"), d.span),
                }
            }
            _ => Err(Diagnostic::unsupported("dtype= must be a NumPy type such as np.float32", d.span)),
        }
    }
}

/// NumPy's rule for `a op= value` on an array: the operation's result must cast back to the array's
/// dtype under `same_kind` casting (no float into an int array, no signed into unsigned).
fn in_place_check(op: BinOp, a: &ArrayType, value: &Type, negative: bool, span: Span) -> R<()> {
    if !(value.is_numeric_scalar() || matches!(value, Type::Array(_))) {
        return err(format!("unsupported operand types for {}=: {} and {value}", op.symbol(), Type::Array(*a)), span);
    }
    if let Type::Array(v) = value {
        if v.ndim > a.ndim {
            return Err(Diagnostic::unsupported(format!("updating a {}-d array with a {}-d one is not supported", a.ndim, v.ndim), span));
        }
    }
    let result = rules::binary(op, &Type::Scalar(a.dtype), &rules::element(value), negative).or_else(|m| err(m, span))?.result;
    let from = rules::value_dtype(&result);
    let kind = |d: Dtype| match d {
        Dtype::Bool => 0,
        d if d.is_unsigned() => 1,
        d if d.is_signed() => 2,
        _ => 3,
    };
    if kind(from) > kind(a.dtype) {
        let name = match op {
            BinOp::Add => "add",
            BinOp::Sub => "subtract",
            BinOp::Mul => "multiply",
            BinOp::Div => "divide",
            BinOp::FloorDiv => "floor_divide",
            BinOp::Mod => "remainder",
            BinOp::Pow => "power",
            BinOp::BitAnd => "bitwise_and",
            BinOp::BitOr => "bitwise_or",
            BinOp::BitXor => "bitwise_xor",
            BinOp::LShift => "left_shift",
            BinOp::RShift => "right_shift",
        };
        return err(
            format!("Cannot cast ufunc '{name}' output from dtype('{from}') to dtype('{}') with casting rule 'same_kind'", a.dtype),
            span,
        );
    }
    Ok(())
}

fn attr_name(a: Attr) -> &'static str {
    match a {
        Attr::Shape => "shape",
        Attr::Ndim => "ndim",
        Attr::Size => "size",
        Attr::Dtype => "dtype",
        Attr::T => "T",
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

pub fn is_negative_int_const(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Const(Const::Int(v)) if v < 0)
}

/// Whether control can never fall off the end of the block.
pub fn always_exits(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        StmtKind::Return(_) | StmtKind::Raise { .. } => true,
        StmtKind::If { then, orelse, .. } => always_exits(then) && always_exits(orelse),
        StmtKind::While { cond, body, .. } => {
            matches!(cond.kind, ExprKind::Const(Const::Bool(true))) && !contains_break(body)
        }
        _ => false,
    })
}

fn contains_break(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        StmtKind::Break => true,
        StmtKind::If { then, orelse, .. } => contains_break(then) || contains_break(orelse),
        _ => false,
    })
}

/// Marks locals that some read may reach before any assignment (definite-assignment analysis over
/// the tree; loops may run zero times, `break`/`continue` end a path).
fn mark_maybe_unbound(f: &mut Function) {
    let n = f.locals.len();
    let mut assigned = vec![false; n];
    for a in assigned.iter_mut().take(f.params.len()) {
        *a = true;
    }
    let mut flagged = vec![false; n];
    walk_block(&f.body, &mut assigned, &mut flagged);
    for (l, flag) in f.locals.iter_mut().zip(flagged) {
        l.maybe_unbound = flag;
    }
}

type Defs = Vec<bool>;

fn meet(a: &Defs, b: &Defs) -> Defs {
    a.iter().zip(b).map(|(x, y)| *x && *y).collect()
}

/// Returns false when the block always leaves by return/raise/break/continue (its end is unreachable).
fn walk_block(stmts: &[Stmt], defs: &mut Defs, flagged: &mut Vec<bool>) -> bool {
    for s in stmts {
        if !walk_stmt(s, defs, flagged) {
            return false;
        }
    }
    true
}

fn walk_stmt(s: &Stmt, defs: &mut Defs, flagged: &mut Vec<bool>) -> bool {
    match &s.kind {
        StmtKind::Assign { targets, value } => {
            walk_expr(value, defs, flagged);
            targets.iter().for_each(|t| walk_target(t, defs, flagged));
        }
        StmtKind::AugAssign { target, value, .. } => {
            walk_expr(value, defs, flagged);
            if let Target::Local(id, _) = target {
                if !defs[*id as usize] {
                    flagged[*id as usize] = true;
                }
            }
            walk_target(target, defs, flagged);
        }
        StmtKind::Expr(e) => walk_expr(e, defs, flagged),
        StmtKind::If { cond, then, orelse } => {
            walk_expr(cond, defs, flagged);
            let mut a = defs.clone();
            let mut b = defs.clone();
            let ra = walk_block(then, &mut a, flagged);
            let rb = walk_block(orelse, &mut b, flagged);
            *defs = match (ra, rb) {
                (true, true) => meet(&a, &b),
                (true, false) => a,
                (false, true) => b,
                (false, false) => return false,
            };
        }
        StmtKind::While { cond, body, orelse } => {
            walk_expr(cond, defs, flagged);
            let mut inner = defs.clone();
            walk_block(body, &mut inner, flagged);
            let mut e = defs.clone();
            walk_block(orelse, &mut e, flagged);
        }
        StmtKind::ForRange { var, start, stop, step, body, orelse, .. } => {
            for e in [start, stop, step] {
                walk_expr(e, defs, flagged);
            }
            let mut inner = defs.clone();
            inner[*var as usize] = true;
            walk_block(body, &mut inner, flagged);
            let mut e = defs.clone();
            walk_block(orelse, &mut e, flagged);
        }
        StmtKind::ForIter { target, iter, body, orelse } => {
            walk_expr(iter, defs, flagged);
            let mut inner = defs.clone();
            walk_target(target, &mut inner, flagged);
            walk_block(body, &mut inner, flagged);
            let mut e = defs.clone();
            walk_block(orelse, &mut e, flagged);
        }
        StmtKind::Return(v) => {
            if let Some(v) = v {
                walk_expr(v, defs, flagged);
            }
            return false;
        }
        StmtKind::Assert { test, .. } => walk_expr(test, defs, flagged),
        StmtKind::Raise { .. } | StmtKind::Break | StmtKind::Continue => return false,
        StmtKind::Pass => {}
    }
    true
}

fn walk_target(t: &Target, defs: &mut Defs, flagged: &mut Vec<bool>) {
    if let Target::Index { base, indices, .. } = t {
        walk_expr(base, defs, flagged);
        indices.iter().for_each(|i| walk_expr(i, defs, flagged));
    }
    t.for_each_local(&mut |id| defs[id as usize] = true);
}

fn walk_expr(e: &Expr, defs: &Defs, flagged: &mut Vec<bool>) {
    match &e.kind {
        ExprKind::Local(id) if !defs[*id as usize] => flagged[*id as usize] = true,
        ExprKind::RangeReduce(r) => {
            // The generator's variable is bound inside it.
            for b in [&r.start, &r.stop, &r.step] {
                walk_expr(b, defs, flagged);
            }
            let mut inner = defs.clone();
            inner[r.var as usize] = true;
            r.conds.iter().for_each(|c| walk_expr(c, &inner, flagged));
            walk_expr(&r.elt, &inner, flagged);
            return;
        }
        _ => {}
    }
    e.for_each_child(|x| walk_expr(x, defs, flagged));
}
