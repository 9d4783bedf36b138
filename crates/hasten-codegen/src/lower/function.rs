//! One function body: entry block, locals as Cranelift variables, returns, and the swap of
//! per-body state while an inlined callee is lowered.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    pub(super) fn function(&mut self, f: &Function, param_tys: &[Type], recursive: bool) -> R<()> {
        let entry = self.b.create_block();
        self.b.append_block_params_for_function_params(entry);
        self.b.switch_to_block(entry);
        if recursive {
            // Native recursion has no interpreter to stop it: raise before the stack runs out.
            let limit = self.helper(Helper::StackLimit);
            let limit = self.call(limit, &[])[0];
            let here = self.stack_slot(8);
            let deep = self.b.ins().icmp(IntCC::UnsignedLessThan, here, limit);
            self.fail_if(deep, "RecursionError", "maximum recursion depth exceeded", f.span);
        }
        let params: Vec<Value> = self.b.block_params(entry).to_vec();
        self.ret_ptr = Some(params[0]);
        let (starts, deferred) = crate::starts::local_starts(f);
        self.local_starts = starts;
        self.declare_locals(f, &params[1..], param_tys, &deferred);
        // A never-taken edge from the entry puts the error exit outside every loop in the
        // dominator tree (see `leave_to_error_exit`).
        let exit = self.error_exit();
        let body = self.b.create_block();
        let never = self.b.ins().iconst(types::I8, 0);
        self.b.ins().brif(never, exit, &[], body, &[]);
        self.b.switch_to_block(body);
        self.block(&f.body)?;
        if self.reachable {
            self.emit_return(Vec::new(), &Type::None);
        }
        self.emit_error_exit();
        Ok(())
    }

    /// Variables for every local of `f`, the first `params` holding the flattened `args`; the
    /// locals `deferred` names get their zero at their first statement (`starts`), the others here.
    /// Parameters arrive as the specialisation's argument types (`param_tys`) and are converted to
    /// their locals' types, which may be wider (`def g(a): a = a * 0.5` called with an int).
    pub(super) fn declare_locals(&mut self, f: &Function, args: &[Value], param_tys: &[Type], deferred: &[bool]) {
        let mut next_arg = 0;
        let borrows = ownership::borrowers(f, &self.stable);
        for (i, local) in f.locals.iter().enumerate() {
            let slots = slots_of(&local.ty);
            let vars: Vec<Variable> = slots.iter().map(|s| self.b.declare_var(clif_type(*s))).collect();
            let is_param = i < param_tys.len();
            // A parameter called with None that the body rebinds starts empty, as any local: the
            // type checker turned its reads before the assignment into the constant None.
            let rebound_none = is_param && param_tys[i] == Type::None && local.ty != Type::None;
            let inits: Vals = if is_param && !rebound_none {
                let n = slots_of(&param_tys[i]).len();
                next_arg += n;
                self.coerce(args[next_arg - n..next_arg].to_vec(), &param_tys[i], &local.ty)
            } else {
                slots.iter().map(|s| self.zero(clif_type(*s))).collect()
            };
            let owned = local.ty.has_refs() && !borrows[i];
            if owned && is_param && !rebound_none {
                let owners: Vals = local.ty.owner_slots().into_iter().map(|k| inits[k]).collect();
                owners.into_iter().for_each(|o| self.incref(o));
            }
            let later = deferred.get(i).copied().unwrap_or(false);
            if !later {
                for (v, init) in vars.iter().zip(inits) {
                    self.b.def_var(*v, init);
                }
            }
            let defined = (local.maybe_unbound && !is_param).then(|| {
                let d = self.b.declare_var(types::I8);
                if !later {
                    let zero = self.iconst(types::I8, 0);
                    self.b.def_var(d, zero);
                }
                d
            });
            self.locals.push(LocalVars { vars, defined, owned, ty: local.ty.clone(), name: local.name.clone() });
        }
        // A captured variable that may be unbound is defined as its flag parameter says.
        for (i, p) in f.params.iter().enumerate() {
            if !f.locals[i].maybe_unbound {
                continue;
            }
            let name = p.name.strip_prefix(hasten_ir::hir::CAPTURED_PREFIX).and_then(|x| x.strip_suffix('>')).expect("only captured parameters may be unbound");
            let flag = f.params.iter().position(|q| q.name == hasten_ir::hir::bound_param(name)).expect("a flag beside each capture");
            self.locals[i].defined = Some(self.locals[flag].vars[0]);
        }
    }

    /// Installs the state of another function body, returning the current one.
    pub(super) fn swap_body(&mut self, b: Body<'a>) -> Body<'a> {
        use std::mem::replace;
        Body {
            func: replace(&mut self.func, b.func),
            map: replace(&mut self.map, b.map),
            opts: replace(&mut self.opts, b.opts),
            inline_ret: replace(&mut self.inline_ret, b.inline_ret),
            locals: replace(&mut self.locals, b.locals),
            temp_base: replace(&mut self.temp_base, b.temp_base),
            dead: replace(&mut self.dead, b.dead),
            ret_ptr: replace(&mut self.ret_ptr, b.ret_ptr),
            ret_ty: replace(&mut self.ret_ty, b.ret_ty),
            loops: replace(&mut self.loops, b.loops),
            facts: replace(&mut self.facts, b.facts),
            counters: replace(&mut self.counters, b.counters),
            descending: replace(&mut self.descending, b.descending),
            stable: replace(&mut self.stable, b.stable),
            loop_only: replace(&mut self.loop_only, b.loop_only),
            groups: replace(&mut self.groups, b.groups),
            sizes: replace(&mut self.sizes, b.sizes),
            dims: replace(&mut self.dims, b.dims),
            below: replace(&mut self.below, b.below),
            longer: replace(&mut self.longer, b.longer),
        }
    }

    pub(super) fn emit_return(&mut self, vals: Vals, ty: &Type) {
        let ret_ty = self.ret_ty.clone();
        let vals = self.coerce(vals, ty, &ret_ty);
        self.take_over(&vals, &ret_ty);
        self.release_body();
        if let Some((join, vars)) = &self.inline_ret {
            for (var, v) in vars.iter().zip(vals) {
                self.b.def_var(*var, v);
            }
            self.b.ins().jump(*join, &[]);
            self.reachable = false;
            return;
        }
        let ptr = self.ret_ptr.expect("set at entry");
        for (k, v) in vals.iter().enumerate() {
            self.b.ins().store(MemFlagsData::trusted(), *v, ptr, (8 * k) as i32);
        }
        let zero = self.iconst(types::I32, 0);
        self.b.ins().return_(&[zero]);
        self.reachable = false;
    }
}
