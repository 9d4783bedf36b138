//! `FnCx`, one walk over a function body, and its statement level; `expr`, `calls`, `builtins` and
//! `numpy` add the rest of its methods. Until the last (strict) walk, `Unknown` (not assigned yet)
//! and `Never` (a pending recursive call) are let through: types are not known yet.

use crate::rules::in_place_check;
use crate::program::Checker;
use crate::unbound::mark_maybe_unbound;
use crate::{always_exits, Error};
use crate::{is_negative_int_const, rules};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Dtype, Span, Type};
use std::collections::HashMap;

pub(crate) struct FnCx<'c, 'a, 'b> {
    pub(crate) checker: &'c mut Checker<'a, 'b>,
    pub(crate) locals: &'c mut Vec<Local>,
    pub(crate) ret: Type,
    pub(crate) strict: bool,
    /// Parameters called with `None`, and what each holds at this point of the walk (`optional.rs`).
    pub(crate) nones: Vec<(LocalId, crate::optional::Holds)>,
    /// The `except` clauses being typed, innermost last: each one's id and the type of `e.args`
    /// there (an error if its raises disagree, reported where `e.args` is read).
    pub(crate) caught: Vec<(u32, R<Type>)>,
    /// The calls of functions with keyword-only parameters bound already in this walk: a call
    /// typed twice is bound once (`calls.rs` `bind_call`).
    pub(crate) bound_calls: std::collections::HashSet<Span>,
    /// Whether the expression typed next may be an optional local (`optional.rs`); each typing
    /// takes it, so the expressions inside it may not.
    pub(crate) optional_ok: bool,
    /// The type of the next empty list literal typed, where an enclosing comprehension's target
    /// knows it (`lists.rs` `comprehension_of_empty_lists`).
    pub(crate) empty_list_as: Option<Type>,
    /// List displays of Python numbers of two types (`[1, 2.5]`) met so far, by the display's span,
    /// with their refusal: NumPy takes such a display where it wants an array (`a[:2] = [1, 2.5]`),
    /// which drops it (`mixed_list_taken`); one left when the body is typed is refused.
    pub(crate) mixed_lists: Vec<(Span, Diagnostic)>,
    /// How often the untyped body names each local (`unroll::occurrences`).
    pub(crate) occurrences: &'c HashMap<LocalId, usize>,
    /// The locals of the copies of loops over tuples whose items differ in type, by the loop's
    /// key (`unroll.rs`), the copy and the local copied: kept from one inference pass to the next.
    pub(crate) copies: &'c mut HashMap<(u32, LocalId, usize, LocalId), LocalId>,
}

pub(crate) type R<T> = Result<T, Diagnostic>;

pub(crate) fn err<T>(msg: impl Into<String>, span: Span) -> R<T> {
    Err(Diagnostic::typing(msg, span))
}

/// `l += xs` and `l *= n` change the list in place, as `list.__iadd__`/`__imul__` do (other names
/// of the list see it): `l.extend(xs)`, and `l[:] = l * n`.
fn list_in_place(id: LocalId, span: Span, op: BinOp, value: Expr) -> StmtKind {
    let list = || Expr::new(ExprKind::Local(id), span);
    if op == BinOp::Add {
        return StmtKind::Expr(Expr::new(ExprKind::Call(Callee::ListMethod(ListMethod::Extend), vec![list(), value], Vec::new()), span));
    }
    let all = Expr::new(ExprKind::Slice(None, None, None), span);
    let repeated = Expr::new(ExprKind::Binary(BinOp::Mul, Box::new(list()), Box::new(value)), span);
    StmtKind::Assign { targets: vec![Target::Index { base: list(), indices: vec![all], span }], value: repeated }
}

impl FnCx<'_, '_, '_> {
    pub(crate) fn block(&mut self, stmts: &mut Vec<Stmt>) -> R<()> {
        for k in 0..stmts.len() {
            self.stmt(&mut stmts[k])?;
            // An `if` whose condition the types decide and whose live branch always leaves ends
            // the block: what follows is never run, so it is dropped untyped.
            // A condition without effects is dropped with its dead branch, so that the block
            // visibly always leaves.
            if let StmtKind::If { cond, then, orelse } = &mut stmts[k].kind {
                let live = match crate::typetests::static_truth(cond) {
                    Some(true) => then,
                    Some(false) => orelse,
                    None => continue,
                };
                if always_exits(live) {
                    if crate::typetests::pure_condition(cond) {
                        let live = std::mem::take(live);
                        stmts.truncate(k);
                        stmts.extend(live);
                    } else {
                        // The condition is still evaluated; the live branch stays where it is.
                        stmts.truncate(k + 1);
                    }
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    pub(crate) fn assign_local(&mut self, id: LocalId, ty: &Type, span: Span) -> R<()> {
        self.none_arg_assigned(id);
        if matches!(ty, Type::Unknown | Type::Never) {
            return Ok(());
        }
        let local = &mut self.locals[id as usize];
        if local.declared {
            // A declared local keeps its type: the value is converted to it, as numba does, when
            // the two unify to the declaration.
            return match rules::unify(&local.ty, ty) {
                Some(t) if t == local.ty => Ok(()),
                _ => Err(Diagnostic::typing(
                    format!("cannot assign a value of type {ty} to '{}', declared {} in locals=", local.name, local.ty),
                    span,
                )),
            };
        }
        let previous = local.ty.clone();
        self.no_function_choice(&previous, ty, span)?;
        let local = &mut self.locals[id as usize];
        match rules::unify(&local.ty, ty).map(Ok).or_else(|| crate::optional::merged_local(&local.ty, ty)) {
            Some(Ok(t)) => {
                local.ty = t;
                Ok(())
            }
            Some(Err(missing)) => Err(Diagnostic::unsupported(missing, span)),
            None => Err(Diagnostic::typing(
                format!("cannot unify {} and {ty} for variable '{}'", local.ty, local.name),
                span,
            )
            .note(format!("'{}' already holds a value of type {}; a variable keeps one type in compiled code", local.name, local.ty))),
        }
    }

    pub(crate) fn assign(&mut self, target: &mut Target, ty: &Type, value_span: Span) -> R<()> {
        if let (Type::Optional(v), false) = (ty, matches!(target, Target::Local(..))) {
            return Err(Diagnostic::unsupported(format!("storing an optional value (None or {v}) anywhere but in a variable is not supported yet"), value_span));
        }
        match target {
            Target::Local(id, span) => self.assign_local(*id, ty, span.to_owned()),
            Target::Index { base, indices, span } => {
                if self.is_list(base)? {
                    return self.list_store(base, indices, ty, *span);
                }
                if matches!(base.ty, Type::Dict(..)) {
                    return self.dict_store(base, indices, ty, *span);
                }
                let target = self.index_type(base, indices, *span)?;
                let real_target = match &target {
                    Type::Array(a) => !a.dtype.is_complex(),
                    t => t.is_numeric_scalar() && !crate::complex::holds_complex(t),
                };
                if real_target && crate::complex::holds_complex(ty) {
                    return Err(Diagnostic::unsupported("storing complex values into a real array is not supported (NumPy drops the imaginary parts)", value_span));
                }
                match (&target, ty) {
                    (_, Type::Unknown | Type::Never) => Ok(()),
                    (_, t) if t.is_numeric_scalar() => Ok(()),
                    (Type::Complex | Type::Scalar(hasten_ir::Dtype::C64 | hasten_ir::Dtype::C128), t) if t.is_c128() => Ok(()),
                    (Type::Array(view), t) if t.is_c128() && view.dtype.is_complex() => Ok(()),
                    // `a[1:-1] = values`: NumPy broadcasts the values into the view (leading axes of
                    // length 1 dropped, checked at run time).
                    (Type::Array(_), Type::Array(_)) => Ok(()),
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

    /// Whether `e` (typed here) is a list.
    fn is_list(&mut self, e: &mut Expr) -> R<bool> {
        Ok(matches!(self.expr(e)?, Type::List(_)))
    }

    pub(crate) fn condition(&mut self, e: &mut Expr) -> R<()> {
        if let ExprKind::Logical(op, parts) = &mut e.kind {
            // `while q and k < n:`: only each operand's truth counts here, so an operand that is
            // no bool (a list, a number) is tested as `bool(x)` and the operands need no common type.
            // An operand known to end the evaluation leaves the rest untyped (`logical` drops them).
            let stop = *op == LogicalOp::Or;
            for p in parts.iter_mut() {
                self.condition(p)?;
                if crate::typetests::static_truth(p) == Some(stop) {
                    break;
                }
                if !matches!(p.ty, Type::Bool | Type::Scalar(Dtype::Bool) | Type::Unknown | Type::Never) {
                    let span = p.span;
                    let x = std::mem::replace(p, Expr::new(ExprKind::Const(Const::None), span));
                    *p = Expr::new(ExprKind::Call(Callee::Builtin(Builtin::Bool), vec![x], Vec::new()), span);
                    self.expr(p)?;
                }
            }
        }
        // `if best:` of an optional local: None is false.
        let ty = if matches!(e.kind, ExprKind::Local(_)) { self.expr_optional(e)? } else { self.expr(e)? };
        self.truthy(&ty, e.span)
    }

    pub(crate) fn truthy(&self, ty: &Type, span: Span) -> R<()> {
        match ty {
            Type::Array(_) => err(
                "the truth value of an array is ambiguous; use a.any() or a.all()",
                span,
            ),
            _ => Ok(()),
        }
    }

    pub(crate) fn range_bounds(&mut self, bounds: [&mut Expr; 3]) -> R<()> {
        for e in bounds {
            let ty = self.expr(e)?;
            if !(ty.is_intlike() || matches!(ty, Type::Unknown | Type::Never)) {
                return err(format!("range() arguments must be integers, not {ty}"), e.span);
            }
        }
        Ok(())
    }

    pub(crate) fn stmt(&mut self, s: &mut Stmt) -> R<()> {
        // `a[i, :, j] = v`, `a[i, :, j] += v`: the target made one code generation stores through.
        match &mut s.kind {
            StmtKind::Assign { targets, value } if targets.len() == 1 => {
                if let Target::Index { base, indices, span } = &mut targets[0] {
                    self.mixed_advanced_store(base, indices, value, *span)?;
                }
            }
            StmtKind::AugAssign { target: Target::Index { base, indices, span }, value, .. } => {
                self.mixed_advanced_store(base, indices, value, *span)?;
            }
            _ => {}
        }
        match &mut s.kind {
            StmtKind::Assign { targets, value } => {
                let ty = match (&value.kind, targets.as_slice()) {
                    (ExprKind::List(items), [Target::Local(id, _)]) if items.is_empty() => self.empty_list_for(*id, value)?,
                    (ExprKind::Dict(items), [Target::Local(id, _)]) if items.is_empty() => self.empty_dict_for(*id, value)?,
                    (ExprKind::Call(Callee::Builtin(Builtin::Dict), args, _), [Target::Local(id, _)]) if args.is_empty() => {
                        self.empty_dict_for(*id, value)?
                    }
                    (ExprKind::Call(Callee::Builtin(b @ (Builtin::TypedList | Builtin::TypedDict)), args, _), [Target::Local(id, _)]) if args.is_empty() => {
                        self.typed_container_for(*b, *id, value)?
                    }
                    (ExprKind::Call(Callee::Builtin(Builtin::Set), args, _), [Target::Local(id, _)]) if args.is_empty() => {
                        self.empty_set_for(*id, value)?
                    }
                    (ExprKind::RangeReduce(r), [Target::Local(id, _)]) if r.op == Builtin::List && matches!(&r.elt.kind, ExprKind::List(v) if v.is_empty()) => {
                        self.comprehension_of_empty_lists(*id, value)?
                    }
                    _ => self.expr_optional(value)?,
                };
                let mut ty = self.sequence_into_array(targets, value, ty)?;
                if matches!(&ty, Type::Array(a) if a.ndim == 0) && self.stores_into_arrays(targets)? {
                    // `out[i] = np.where(c, x, y)`: a 0-d array stores its element, as NumPy's does.
                    ty = self.element_of_0d(value)?;
                }
                if Self::unpacks_at_run_time(targets, &ty) {
                    let (target, value) = (targets.remove(0), std::mem::replace(value, Expr::new(ExprKind::Const(Const::None), s.span)));
                    s.kind = self.run_time_unpacking(target, value, s.span)?;
                    return self.stmt(s);
                }
                for t in targets.iter_mut() {
                    self.assign(t, &ty, value.span)?;
                }
            }
            StmtKind::AugAssign { target: Target::Local(id, tspan), op: op @ (BinOp::Add | BinOp::Mul), value, .. }
                if matches!(self.locals[*id as usize].ty, Type::List(_)) =>
            {
                // CPython tries NumPy's `__radd__` before `list.__iadd__`: `l += a` adds elementwise.
                if let Type::Array(_) = self.expr(value)? {
                    return Err(Diagnostic::unsupported("`l += a` of a list and an array (NumPy's elementwise sum, rebinding `l` to an array) is not supported; write `l.extend(a)` or `np.asarray(l) + a`", s.span));
                }
                s.kind = list_in_place(*id, *tspan, *op, std::mem::replace(value, Expr::new(ExprKind::Const(Const::None), s.span)));
                return self.stmt(s);
            }
            StmtKind::AugAssign { target, op, value, plan } => *plan = self.aug_assign(target, *op, value, s.span)?,
            StmtKind::Expr(e) => {
                self.expr(e)?;
            }
            StmtKind::If { cond, then, orelse } => {
                self.condition(cond)?;
                self.branches(cond, then, orelse)?;
            }
            StmtKind::While { cond, body, orelse } => {
                let entry = self.none_args_enter(&[body, orelse]);
                self.condition(cond)?;
                self.block(body)?;
                self.block(orelse)?;
                self.none_args_leave(&entry);
            }
            StmtKind::ForRange { var, start, stop, step, body, orelse, .. } => {
                self.range_bounds([&mut *start, &mut *stop, &mut *step])?;
                // Any other zero step is a ValueError at run time.
                if let ExprKind::Const(Const::Int(0)) = step.kind {
                    return Err(Diagnostic::typing("range() arg 3 must not be zero", step.span));
                }
                let entry = self.none_args_enter(&[body, orelse]);
                self.assign_local(*var, &Type::Int, s.span)?;
                self.block(body)?;
                self.block(orelse)?;
                self.none_args_leave(&entry);
            }
            StmtKind::ForIter { target, iter, body, orelse } => {
                // The front end's own loops (`math.fsum(t)` lists `t`'s items under `<item>`)
                // keep the refusal: their items go into one list.
                let own = matches!(target, Target::Local(id, _) if self.locals[*id as usize].name.starts_with('<'));
                if let Some(n) = if own { None } else { self.differing_tuple(iter)? } {
                    return self.unroll(s, n);
                }
                let elem = self.loop_item(iter)?;
                if let (Target::Tuple(_, span), true) = (&*target, Self::unpacks_at_run_time(std::slice::from_ref(target), &elem)) {
                    // `for a, b in rows` of lists, strings or arrays: each item unpacked in the body.
                    let (span, hidden) = (*span, self.hidden_local(format!("$item{}", s.span.start)));
                    let unpacked = std::mem::replace(target, Target::Local(hidden, span));
                    body.insert(0, Stmt { kind: StmtKind::Assign { targets: vec![unpacked], value: Expr::new(ExprKind::Local(hidden), span) }, span });
                }
                let entry = self.none_args_enter(&[body, orelse]);
                self.assign(target, &elem, iter.span)?;
                self.block(body)?;
                self.block(orelse)?;
                self.none_args_leave(&entry);
            }
            StmtKind::Return(value) => {
                let ty = match value {
                    Some(v) => self.returned_value(v)?,
                    None => Type::None,
                };
                if crate::iterators::holds_iterator(&ty) {
                    let span = value.as_ref().map_or(s.span, |v| v.span);
                    return Err(Diagnostic::unsupported("returning an iterator from compiled code is not supported yet; return a list of its items", span));
                }
                if crate::generator::holds_generator(&ty) {
                    let span = value.as_ref().map_or(s.span, |v| v.span);
                    return Err(Diagnostic::unsupported("returning an np.random.Generator from compiled code is not supported", span));
                }
                if let Some(f) = crate::functions::held_function(&ty) {
                    let name = self.function_name(&f);
                    return Err(Diagnostic::unsupported(
                        format!("returning a function ({name}) from compiled code is not supported"),
                        value.as_ref().map_or(s.span, |v| v.span),
                    ));
                }
                self.ret = crate::optional::returned(&self.ret, &ty).ok_or_else(|| {
                    Diagnostic::typing(format!("this returns {ty}, but another return gives {}", self.ret), s.span)
                })?;
            }
            StmtKind::Assert { test, .. } => self.condition(test)?,
            StmtKind::Raise { args, .. } => {
                for a in args {
                    if let RaiseArg::Value(e) = a {
                        self.raise_arg(e)?;
                    }
                }
            }
            StmtKind::Try { .. } => {
                let entry = self.none_args_enter(&s.kind.blocks_mut().iter().map(|b| &**b).collect::<Vec<_>>());
                let StmtKind::Try { body, handlers, orelse, finalbody } = &mut s.kind else { unreachable!("a try") };
                self.block(body)?;
                for h in handlers.iter_mut() {
                    // What `e.args` gives in this clause, from the typed body.
                    let args = crate::caught::caught_args_type(body, h, &self.checker.specs);
                    self.caught.push((h.id, args));
                    let r = self.block(&mut h.body);
                    self.caught.pop();
                    r?;
                }
                self.block(orelse)?;
                self.block(finalbody)?;
                self.none_args_leave(&entry);
            }
            StmtKind::Break | StmtKind::Continue | StmtKind::Pass | StmtKind::Reraise(_) => {}
        }
        Ok(())
    }

    /// An argument of a raised exception: compiled code passes numbers and bools to the binding,
    /// which makes the exception with them as its `args`.
    fn raise_arg(&mut self, e: &mut Expr) -> R<()> {
        match self.expr(e)? {
            Type::Bool | Type::Int | Type::Float | Type::Str | Type::None | Type::Unknown | Type::Never => Ok(()),
            ty => Err(Diagnostic::unsupported(format!("an exception argument of type {ty} is not supported (only Python ints, floats, bools, strings and None)"), e.span)),
        }
    }

    /// Whether every target is an element or a view of an array.
    fn stores_into_arrays(&mut self, targets: &mut [Target]) -> R<bool> {
        for t in targets.iter_mut() {
            let Target::Index { base, .. } = t else { return Ok(false) };
            if !matches!(self.expr(base)?, Type::Array(_)) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Types `target op= value` and gives how the operation computes (per element for arrays), or
    /// `None` while a type is still unknown.
    fn aug_assign(&mut self, target: &mut Target, op: BinOp, value: &mut Expr, stmt_span: Span) -> R<Option<BinaryPlan>> {
        let vty = match target {
            Target::Local(id, span) => {
                let cur = self.locals[*id as usize].ty.clone();
                if let Type::Optional(v) = &cur {
                    return Err(Diagnostic::unsupported(format!("an augmented assignment to a variable that holds None or {v} is not supported yet"), *span));
                }
                self.unwrapped_value(value, crate::optional::Operator::InPlace(op), &cur)?
            }
            _ => self.expr(value)?,
        };
        // `s += np.where(c, x, y)`: NumPy computes with a 0-d array's element.
        let vty = if matches!(&vty, Type::Array(a) if a.ndim == 0) { self.element_of_0d(value)? } else { vty };
        let negative = is_negative_int_const(value);
        if let Target::Index { base, indices, span } = target {
            if matches!(self.expr(base)?, Type::Dict(..)) {
                let target = self.index(base, indices, *span)?;
                if matches!(vty, Type::Unknown | Type::Never) || matches!(target, Type::Unknown | Type::Never) {
                    return Ok(None);
                }
                if !target.is_numeric_scalar() {
                    return Err(Diagnostic::unsupported(format!("`d[k] {}= v` on a dict of {target} is not supported yet", op.symbol()), stmt_span));
                }
                let plan = rules::binary(op, &target, &vty, negative).or_else(|m| err(m, stmt_span))?;
                if plan.result != target {
                    return err(format!("this dict holds values of {target}, not {}", plan.result), stmt_span)
                        .map_err(|d| d.note("a dict's values keep one type in compiled code; convert the value first"));
                }
                return Ok(Some(plan));
            }
            if matches!(base.ty, Type::List(_)) {
                return self.list_aug_assign(base, indices, op, (&vty, negative), *span, stmt_span);
            }
        }
        match target {
            Target::Local(id, span) => {
                let cur = self.locals[*id as usize].ty.clone();
                if matches!(cur, Type::Unknown) {
                    if self.strict {
                        return err(format!("local variable '{}' is referenced before assignment", self.locals[*id as usize].name), *span);
                    }
                    return Ok(None);
                }
                if matches!(vty, Type::Unknown | Type::Never) {
                    return Ok(None);
                }
                if let Type::Array(a) = &cur {
                    if let Some(plan) = crate::complex64::in_place(op, a, &vty, stmt_span)? {
                        return Ok(Some(plan));
                    }
                    if let Some(plan) = crate::complex::in_place(op, a, &vty, stmt_span)? {
                        return Ok(Some(plan));
                    }
                    // `a += b` on an array updates it in place, as NumPy's `__iadd__`.
                    crate::complex::refuse_complex_array(&[&cur, &vty], "an in-place operator", stmt_span)?;
                    return in_place_check(op, a, &vty, negative, stmt_span).map(Some);
                }
                if let Type::Set(_) = cur {
                    // `s |= t`, ...: the set is updated in place, and keeps its type.
                    return match self.set_binary(op, &cur, &vty, stmt_span)? {
                        Type::Unknown => Ok(None),
                        _ => Ok(Some(BinaryPlan { operands: cur.clone(), result: cur })),
                    };
                }
                if cur == Type::Str {
                    // `s += t`, `s *= n`, `s %= v`: a new string rebinds the local.
                    let result = self.str_binary(op, &cur, &vty, stmt_span)?;
                    return Ok(Some(BinaryPlan { operands: Type::Str, result }));
                }
                if let Some(d) = crate::complex64::aug_dtype(&cur, &vty, stmt_span)? {
                    let c = d.item();
                    let plan = rules::binary(op, &c, &c, false).or_else(|m| err(m, stmt_span))?;
                    self.assign_local(*id, &plan.result, *span)?;
                    return Ok(Some(plan));
                }
                let plan = rules::binary(op, &cur, &vty, negative).or_else(|m| err(m, stmt_span))?;
                self.assign_local(*id, &plan.result, *span)?;
                Ok(Some(plan))
            }
            Target::Index { base, indices, span } => {
                let target = self.index_type(base, indices, *span)?;
                if matches!(vty, Type::Unknown | Type::Never) {
                    return Ok(None);
                }
                if let Type::Array(a) = &target {
                    if let Some(plan) = crate::complex64::in_place(op, a, &vty, stmt_span)? {
                        return Ok(Some(plan));
                    }
                    // Through index arrays too: gathered, updated as an array, written back.
                    if let Some(plan) = crate::complex::in_place(op, a, &vty, stmt_span)? {
                        return Ok(Some(plan));
                    }
                }
                match &target {
                    Type::Array(a) => {
                        crate::complex::refuse_complex_array(&[&target, &vty], "an in-place operator", stmt_span)?;
                        in_place_check(op, a, &vty, negative, stmt_span).map(Some)
                    }
                    // Stored back with a cast: only the operation must be valid.
                    elem => rules::binary(op, elem, &vty, negative).or_else(|m| err(m, stmt_span)).map(Some),
                }
            }
            Target::Tuple(_, span) => err("augmented assignment to a tuple", *span),
        }
    }

    /// `a[i] = (x, y, z)` (or a list) into an array view: NumPy makes an array of the sequence
    /// first, so the value becomes `np.array(value)` (its type returned), then broadcast as any
    /// array value is.
    fn sequence_into_array(&mut self, targets: &mut [Target], value: &mut Expr, ty: Type) -> R<Type> {
        if !matches!(ty, Type::Tuple(_) | Type::List(_)) {
            return Ok(ty);
        }
        for t in targets.iter_mut() {
            let Target::Index { base, .. } = t else { return Ok(ty) };
            if !matches!(self.expr(base)?, Type::Array(_)) {
                return Ok(ty);
            }
        }
        let span = value.span;
        let seq = std::mem::replace(value, Expr::new(ExprKind::Const(Const::None), span));
        *value = Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::FromList), vec![seq], Vec::new()), span);
        self.expr(value)
    }

    /// `l[i] op= v`: CPython's `l[i] = l[i] op v` with `l` and `i` evaluated once. A number or a
    /// string item is replaced by the result, which must keep the list's item type; an array item
    /// is updated in place (NumPy's `__iadd__`), as the same object is stored back.
    fn list_aug_assign(&mut self, base: &mut Expr, indices: &mut Vec<Expr>, op: BinOp, (vty, negative): (&Type, bool), span: Span, stmt_span: Span) -> R<Option<BinaryPlan>> {
        if matches!(indices.as_slice(), [Expr { kind: ExprKind::Slice(..), .. }]) {
            return Err(Diagnostic::unsupported(format!("`l[a:b] {}= v` on a list slice is not supported yet", op.symbol()), stmt_span));
        }
        let item = self.index(base, indices, span)?;
        if matches!(vty, Type::Unknown | Type::Never) || matches!(item, Type::Unknown | Type::Never) {
            return Ok(None);
        }
        match &item {
            Type::Array(a) => {
                crate::complex::refuse_complex_array(&[&item, vty], "an in-place operator", stmt_span)?;
                in_place_check(op, a, vty, negative, stmt_span).map(Some)
            }
            Type::Str => {
                let result = self.str_binary(op, &item, vty, stmt_span)?;
                Ok(Some(BinaryPlan { operands: Type::Str, result }))
            }
            t if t.is_numeric_scalar() && !crate::complex::holds_complex(t) && !crate::complex::holds_complex(vty) => {
                let plan = rules::binary(op, t, vty, negative).or_else(|m| err(m, stmt_span))?;
                if plan.result != *t {
                    return Err(Diagnostic::unsupported(format!("`l[i] {}= v` giving {} in a list of {t} is not supported: a compiled list keeps one item type", op.symbol(), plan.result), stmt_span)
                        .note("convert the value first, or make the list's items the result's type"));
                }
                Ok(Some(plan))
            }
            t => Err(Diagnostic::unsupported(format!("`l[i] {}= v` on a list of {t} is not supported yet", op.symbol()), stmt_span)),
        }
    }
}

/// Whether the statements contain a `return`, nested ones included.
fn has_return(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        StmtKind::Return(_) => true,
        kind => kind.blocks().into_iter().any(has_return),
    })
}

impl Checker<'_, '_> {
    /// Infers spec `i` from its untyped HIR. `strict` is the final pass: nothing may stay unknown.
    pub(crate) fn infer(&mut self, i: usize, strict: bool) -> Result<(), Error> {
        let func = self.specs[i].func;
        let mut hir = self.untyped(func)?.clone();
        let nones = crate::optional::tracked(&self.specs[i].args);
        for (local, ty) in hir.locals.iter_mut().zip(self.specs[i].args.iter()) {
            // A parameter called with None takes the type of what the body assigns to it, if anything.
            local.ty = if *ty == Type::None { Type::Unknown } else { ty.clone() };
            // A parameter's type is its argument's; a declaration of it is not applied.
            local.declared = false;
        }
        // Which captured variables may be unbound where an inner function is called decides the
        // type of what it is passed (`ExprKind::Bound`): marked on the untyped body, which types
        // and pruning only make more defined.
        mark_maybe_unbound(&mut hir, &self.specs[i].args);
        let occurrences = crate::unroll::occurrences(&hir.body, self.specs[i].args.len());
        let mut copies = HashMap::new();
        let mut ret;
        loop {
            let before: Vec<Type> = hir.locals.iter().map(|l| l.ty.clone()).collect();
            let mut body = self.untyped(func)?.body.clone();
            let mut fx = FnCx { checker: self, locals: &mut hir.locals, ret: Type::Never, strict: false, nones: nones.clone(), caught: Vec::new(), bound_calls: Default::default(), optional_ok: false, empty_list_as: None, mixed_lists: Vec::new(), occurrences: &occurrences, copies: &mut copies };
            fx.block(&mut body).map_err(|d| (d.func.unwrap_or(func), d))?;
            if let Some((_, d)) = std::mem::take(&mut fx.mixed_lists).into_iter().next() {
                return Err((func, d));
            }
            ret = fx.ret;
            // A body that only ever raises returns nothing: None, as if it fell off its end.
            if !always_exits(&body) || !has_return(&body) {
                ret = crate::optional::returned(&ret, &Type::None).ok_or_else(|| {
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
            let mut fx = FnCx { checker: self, locals: &mut hir.locals, ret: Type::Never, strict: true, nones, caught: Vec::new(), bound_calls: Default::default(), optional_ok: false, empty_list_as: None, mixed_lists: Vec::new(), occurrences: &occurrences, copies: &mut copies };
            fx.block(&mut body).map_err(|d| (d.func.unwrap_or(func), d))?;
            if let Some((_, d)) = std::mem::take(&mut fx.mixed_lists).into_iter().next() {
                return Err((func, d));
            }
            crate::complex64::gate(&body).map_err(|d| (func, d))?;
            hir.body = body;
            // A local assigned only in branches the types ruled out appears nowhere in the typed
            // tree (a read would have failed above): it holds nothing.
            for local in hir.locals.iter_mut().filter(|l| l.ty == Type::Unknown) {
                local.ty = Type::None;
            }
            mark_maybe_unbound(&mut hir, &self.specs[i].args);
        }
        self.specs[i].hir = hir;
        self.specs[i].ret = ret;
        Ok(())
    }
}
