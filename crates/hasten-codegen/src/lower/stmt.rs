//! Statements: assignments (to locals, array elements and views, tuples), `if`, `break`,
//! `continue`, `return`, `assert` and `raise`. Loops go to `loops.rs`.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    pub(super) fn block(&mut self, stmts: &[Stmt]) -> R<()> {
        for s in stmts {
            if !self.reachable {
                break;
            }
            self.stmt(s)?;
        }
        Ok(())
    }

    /// A statement; the temporaries its expressions make die at its end, and so do the values of
    /// the owned locals it used for the last time.
    pub(super) fn stmt(&mut self, s: &Stmt) -> R<()> {
        let mark = self.live_temps.len();
        if let Some(ids) = self.local_starts.get(&(s as *const Stmt)).cloned() {
            self.start_locals(&ids);
        }
        self.scoped(|cx| cx.stmt_inner(s))?;
        if let Some(dead) = self.dead.get(&(s as *const Stmt)).cloned() {
            if self.reachable {
                self.pin_assigned(s);
            }
            dead.into_iter().for_each(|id| self.release_local(id));
        }
        self.free_temp_vars(mark);
        Ok(())
    }

    /// The zero of locals that start at the statement about to be lowered (`crate::starts`).
    fn start_locals(&mut self, ids: &[LocalId]) {
        for &id in ids {
            let local = &self.locals[id as usize];
            let mut vars: Vec<(Variable, ir::Type)> = local.vars.iter().zip(slots_of(&local.ty)).map(|(v, s)| (*v, clif_type(s))).collect();
            vars.extend(local.defined.map(|d| (d, types::I8)));
            for (var, ty) in vars {
                let zero = self.zero(ty);
                self.b.def_var(var, zero);
            }
        }
    }

    /// Pins (see `pin`) the scalar locals a simple statement assigned, before releases follow it.
    fn pin_assigned(&mut self, s: &Stmt) {
        let mut ids = Vec::new();
        match &s.kind {
            StmtKind::Assign { targets, .. } => targets.iter().for_each(|t| t.for_each_local(&mut |id| ids.push(id))),
            StmtKind::AugAssign { target, .. } => target.for_each_local(&mut |id| ids.push(id)),
            _ => {}
        }
        for id in ids {
            let local = &self.locals[id as usize];
            if !local.ty.has_refs() {
                let vars = local.vars.clone();
                vars.into_iter().for_each(|var| {
                    let v = self.b.use_var(var);
                    self.pin(v);
                });
            }
        }
    }

    fn stmt_inner(&mut self, s: &Stmt) -> R<()> {
        match &s.kind {
            StmtKind::Assign { targets, value } => {
                let vals = self.expr(value)?;
                // Unpacking takes the whole value first: `a, b = b, a` must not free `a` before `b`
                // takes it. (A single local takes its value before releasing the old one.)
                if targets.iter().any(|t| matches!(t, Target::Tuple(..))) {
                    self.hold(&vals, &value.ty);
                }
                for t in targets {
                    self.record_facts(t, value);
                    self.assign(t, vals.clone(), &value.ty)?;
                }
                if let Some(&(_, c)) = self.carry_stores.iter().find(|(store, _)| std::ptr::eq(*store, s)) {
                    self.carry_stored(&vals, c);
                }
            }
            StmtKind::AugAssign { target, op, value, plan } => {
                let plan = plan.as_ref().expect("the type checker plans every augmented assignment");
                self.aug_assign(target, *op, value, plan, s.span)?;
                // What was known of the old value (a `while` condition's facts) is not of the new.
                self.forget_facts(target);
            }
            StmtKind::Expr(e) => {
                self.expr(e)?;
            }
            StmtKind::If { cond, then, orelse } if select::convertible(&self.func.locals, then, orelse) => self.select_if(cond, then, orelse)?,
            StmtKind::If { cond, then, orelse } => {
                let (tb, eb, merge) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
                self.branch(cond, tb, eb)?;
                self.enter(tb, true);
                self.guarded(cond, |cx| cx.block(then))?;
                let a = self.jump(merge);
                self.enter(eb, true);
                self.block(orelse)?;
                let b = self.jump(merge);
                self.enter(merge, a || b);
            }
            StmtKind::While { .. } | StmtKind::ForRange { .. } | StmtKind::ForIter { .. } => self.loop_stmt(s)?,
            StmtKind::Break | StmtKind::Continue => {
                let l = self.loops.last().expect("break or continue inside a loop");
                let (to, tries, mark) = (if matches!(s.kind, StmtKind::Break) { l.break_to } else { l.continue_to }, l.tries, l.temps);
                self.leave_tries(tries)?;
                if self.reachable {
                    // The jump abandons the temporaries above the loop's (a discarded return value).
                    let held = self.temps[mark..].to_vec();
                    held.into_iter().for_each(|owner| self.decref(owner));
                }
                self.jump(to);
            }
            StmtKind::Return(v) => {
                let (vals, ty) = match v {
                    Some(e) => (self.expr(e)?, e.ty.clone()),
                    None => (Vec::new(), Type::None),
                };
                let keep = self.tries_outside_body();
                if self.leaves_finally(keep) {
                    // The value is computed before `finally` runs, and must outlive it.
                    self.hold(&vals, &ty);
                }
                self.leave_tries(keep)?;
                if self.reachable {
                    self.emit_return(vals, &ty);
                }
            }
            StmtKind::Try { body, handlers, orelse, finalbody } => self.try_stmt(body, handlers, orelse, finalbody)?,
            StmtKind::Reraise(handler) => self.reraise_stmt(*handler, s.span),
            StmtKind::Pass => {}
            StmtKind::Assert { test, msg } => {
                let c = self.condition(test)?;
                let failed = self.b.ins().bxor_imm_u(c, 1);
                let text = msg.as_ref().map(const_text);
                self.fail_if_with(failed, |cx| cx.emit_raise("AssertionError", text.as_deref(), s.span));
            }
            StmtKind::Raise { exc, args } => self.raise_stmt(exc, args, s.span)?,
        }
        Ok(())
    }

    pub(super) fn assign_local(&mut self, id: LocalId, vals: Vals, ty: &Type) {
        let local_ty = self.locals[id as usize].ty.clone();
        let vals = self.coerce(vals, ty, &local_ty);
        if self.locals[id as usize].owned {
            self.rebind(id, &vals, &local_ty);
        }
        let local = &self.locals[id as usize];
        for (var, v) in local.vars.iter().zip(vals) {
            self.b.def_var(*var, v);
        }
        if let Some(d) = local.defined {
            let one = self.b.ins().iconst(types::I8, 1);
            self.b.def_var(d, one);
        }
    }

    pub(super) fn assign(&mut self, target: &Target, vals: Vals, ty: &Type) -> R<()> {
        match target {
            Target::Local(id, _) => self.assign_local(*id, vals, ty),
            Target::Index { base, indices, span } if matches!(base.ty, Type::List(_)) => self.list_set(base, &indices[0], vals, ty, *span)?,
            Target::Index { base, indices, span } if is_fancy_index(indices) => self.fancy_set(base, indices, &vals, ty, *span)?,
            Target::Index { base, indices, .. } if matches!(base.ty, Type::Dict(..)) => self.dict_set(base, &indices[0], vals, ty)?,
            Target::Index { base, indices, span } if Self::is_view(base, indices) => {
                let target = self.view(base, indices)?;
                let Type::Array(at) = base.ty else { unreachable!("views are of arrays") };
                let nd = view_ndim(at.ndim as usize, indices);
                let tat = ArrayType { ndim: nd as u8, layout: Layout::A, ..at };
                self.update_view(&target, tat, &vals, ty, None, *span)?;
            }
            Target::Index { base, indices, span } => {
                let (addr, at) = self.element_address(base, indices)?;
                self.store_item(addr, at, &vals, ty, *span);
            }
            Target::Tuple(items, _) => {
                let Type::Tuple(types) = ty else { unreachable!("type checker checked unpacking") };
                let mut offset = 0;
                for (t, item_ty) in items.iter().zip(types) {
                    let n = item_ty.slot_count();
                    self.assign(t, vals[offset..offset + n].to_vec(), item_ty)?;
                    offset += n;
                }
            }
        }
        Ok(())
    }

    /// For `local += value` (`-=`) on Python ints whose ranges prove the result fits in 64 bits:
    /// `Some(true)` for a subtraction, `Some(false)` for an addition.
    fn unchecked_step(&self, id: LocalId, op: BinOp, value: &Expr) -> Option<bool> {
        if self.locals[id as usize].ty != Type::Int || !matches!(op, BinOp::Add | BinOp::Sub) {
            return None;
        }
        let ((a, b), (c, d)) = (*self.facts.get(&id)?, ranges::interval(value, &self.facts)?);
        let sub = op == BinOp::Sub;
        let iv = if sub { (a.checked_sub(d)?, b.checked_sub(c)?) } else { (a.checked_add(c)?, b.checked_add(d)?) };
        ranges::fits_i64(iv).then_some(sub)
    }

    pub(super) fn aug_assign(&mut self, target: &Target, op: BinOp, value: &Expr, plan: &BinaryPlan, span: Span) -> R<()> {
        match target {
            Target::Local(id, tspan) if matches!(self.locals[*id as usize].ty, Type::Array(_)) => {
                let Type::Array(at) = self.locals[*id as usize].ty else { unreachable!() };
                let cur = self.read_local(*id, *tspan);
                let v = self.expr(value)?;
                self.update_view(&cur, at, &v, &value.ty, Some((op, plan)), span)?;
            }
            Target::Index { base, indices, span: tspan } if is_fancy_index(indices) => self.fancy_update(base, indices, op, value, plan, *tspan)?,
            Target::Index { base, indices, span: tspan } if matches!(base.ty, Type::Dict(..)) => self.dict_update(base, &indices[0], op, value, plan, *tspan)?,
            Target::Index { base, indices, span: tspan } if matches!(base.ty, Type::List(_)) => self.list_update(base, &indices[0], op, value, plan, *tspan)?,
            Target::Index { base, indices, span: tspan } if Self::is_view(base, indices) => {
                let target = self.view(base, indices)?;
                let Type::Array(at) = base.ty else { unreachable!("views are of arrays") };
                let nd = view_ndim(at.ndim as usize, indices);
                let tat = ArrayType { ndim: nd as u8, layout: Layout::A, ..at };
                let v = self.expr(value)?;
                self.update_view(&target, tat, &v, &value.ty, Some((op, plan)), *tspan)?;
            }
            Target::Local(id, tspan) if matches!(self.locals[*id as usize].ty, Type::Set(_)) => self.set_aug_assign(*id, op, value, *tspan)?,
            Target::Local(id, tspan) if self.locals[*id as usize].ty == Type::Str => {
                let cur = self.read_local(*id, *tspan);
                let v = self.expr(value)?;
                let r = self.str_values(op, &cur, &Type::Str, &v, &value.ty, span);
                self.assign_local(*id, vec![r], &Type::Str);
            }
            Target::Local(id, tspan) if plan.operands.is_complex_number() => {
                let cur_ty = self.locals[*id as usize].ty.clone();
                let cur = self.read_local(*id, *tspan);
                let v = self.expr(value)?;
                let r = self.planned_complex_binary(op, &cur, &cur_ty, &v, &value.ty, &plan.operands, span);
                self.assign_local(*id, r, &plan.result);
            }
            Target::Local(id, tspan) => {
                let cur_ty = self.locals[*id as usize].ty.clone();
                let cur = self.read_local(*id, *tspan);
                let v = self.expr(value)?;
                let (r, rty) = match self.unchecked_step(*id, op, value) {
                    // The ranges prove `local op value` fits in 64 bits: no overflow check.
                    Some(sub) => {
                        let v = self.convert(v[0], &value.ty, &Type::Int);
                        (if sub { self.b.ins().isub(cur[0], v) } else { self.b.ins().iadd(cur[0], v) }, Type::Int)
                    }
                    None => self.binary(op, cur[0], &cur_ty, v[0], &value.ty, plan, span)?,
                };
                self.assign_local(*id, vec![r], &rty);
            }
            Target::Index { base, indices, span: tspan } if plan.operands.is_c128() => {
                let (addr, at) = self.element_address(base, indices)?;
                let cur = self.load_item(addr, at.dtype);
                let v = self.expr(value)?;
                let r = self.planned_complex_binary(op, &cur, &at.dtype.item(), &v, &value.ty, &plan.operands, span);
                self.store_item(addr, at, &r, &plan.result, *tspan);
            }
            Target::Index { base, indices, span: tspan } => {
                let (addr, at) = self.element_address(base, indices)?;
                let cur = self.load_elem(addr, at.dtype);
                let v = self.expr(value)?;
                let (r, rty) = self.binary(op, cur, &Type::Scalar(at.dtype), v[0], &value.ty, plan, span)?;
                self.store_elem(addr, at, r, &rty, *tspan);
            }
            Target::Tuple(..) => unreachable!("rejected by the front end"),
        }
        Ok(())
    }
}

fn const_text(c: &Const) -> String {
    match c {
        Const::Str(s) => s.clone(),
        Const::Int(v) => v.to_string(),
        Const::Float(v) => format!("{v:?}"),
        Const::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        Const::None => "None".to_string(),
        Const::Ellipsis => "Ellipsis".to_string(),
    }
}

/// The number of axes of the view `a[indices]` of an array of `ndim` axes: an integer fixes one,
/// `None` adds one.
fn view_ndim(ndim: usize, indices: &[Expr]) -> usize {
    let ints = indices.iter().filter(|i| !matches!(i.kind, ExprKind::Slice(..)) && !is_new_axis(i)).count();
    ndim - ints + indices.iter().filter(|i| is_new_axis(i)).count()
}
