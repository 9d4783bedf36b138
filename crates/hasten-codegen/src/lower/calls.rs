//! Calls: jitted callees (called, or inlined when small leaves), and the dispatch of
//! builtins, `math` and NumPy functions to their rooms.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// Lowers a call to a small leaf function in place: the callee's body runs with its own locals,
    /// facts, source map and options, and its returns jump to a join block. Errors still leave through
    /// the caller's error exit, with the callee's source locations.
    pub(super) fn inline_call(&mut self, index: usize, arg_exprs: &[Expr], args: Vals) -> R<Vals> {
        let spec = &self.info.program.specs[index];
        let stable = ranges::stable_locals(&spec.hir);
        let (facts, below) = self.argument_facts(arg_exprs, &stable);
        let join = self.b.create_block();
        let ret_vars: Vec<Variable> = slots_of(&spec.ret).iter().map(|s| self.temp_var(clif_type(*s))).collect();
        // Failures inside the callee release the caller's locals too, unless a `try` catches them.
        self.outer_owned.push(self.owned_vars());
        let serial = std::mem::replace(&mut self.body_serial, self.next_serial);
        self.next_serial += 1;
        let caller = self.swap_body(Body {
            func: &spec.hir,
            map: &self.info.maps[spec.func],
            opts: &self.info.options[spec.func],
            inline_ret: Some((join, ret_vars.clone())),
            locals: Vec::new(),
            temp_base: self.temps.len(),
            dead: ownership::dead_after(&spec.hir, &spec.hir.locals.iter().map(|l| l.ty.has_refs()).collect::<Vec<_>>()),
            ret_ptr: None,
            ret_ty: spec.ret.clone(),
            loops: Vec::new(),
            facts,
            counters: Vec::new(),
            descending: HashMap::new(),
            loop_only: vec![false; spec.hir.locals.len()],
            stable,
            groups: crate::shapes::shape_groups(&spec.hir),
            sizes: HashMap::new(),
            dims: HashMap::new(),
            below,
            longer: Vec::new(),
        });
        self.declare_locals(&spec.hir, &args, &spec.args, &[]);
        let result = self.block(&spec.hir.body);
        if result.is_ok() && self.reachable {
            self.emit_return(Vec::new(), &Type::None);
        }
        self.swap_body(caller);
        self.outer_owned.pop();
        self.body_serial = serial;
        result?;
        self.b.switch_to_block(join);
        self.reachable = true;
        let vals: Vals = ret_vars.iter().map(|v| self.b.use_var(*v)).collect();
        self.track(&vals, &spec.ret);
        Ok(vals)
    }

    /// What the caller knows of an inlined callee's arguments, as facts about the parameters (local
    /// `k` is parameter `k`) that the callee never reassigns: their ranges, and bounds below the
    /// lengths of arrays that are themselves passed to such parameters.
    #[allow(clippy::type_complexity)]
    pub(super) fn argument_facts(
        &self,
        args: &[Expr],
        stable: &[bool],
    ) -> (HashMap<LocalId, ranges::Interval>, HashMap<LocalId, Vec<ranges::Below>>) {
        let param_of = |caller: LocalId| {
            args.iter()
                .position(|a| matches!(a.kind, ExprKind::Local(v) if v == caller))
                .filter(|&k| stable[k])
                .map(|k| k as LocalId)
        };
        let (mut facts, mut below) = (HashMap::new(), HashMap::new());
        for (k, a) in args.iter().enumerate().filter(|&(k, _)| stable[k]) {
            if let Some(iv) = ranges::interval(a, &self.facts) {
                facts.insert(k as LocalId, iv);
            }
            let ExprKind::Local(v) = a.kind else { continue };
            let translated: Vec<ranges::Below> = self
                .below
                .get(&v)
                .into_iter()
                .flatten()
                .filter_map(|b| {
                    let size = match b.size {
                        ranges::Size::Axis(array, axis) => ranges::Size::Axis(param_of(array)?, axis),
                        ranges::Size::Local(n) => ranges::Size::Local(param_of(n)?),
                    };
                    Some(ranges::Below { size, slack: b.slack })
                })
                .collect();
            if !translated.is_empty() {
                below.insert(k as LocalId, translated);
            }
        }
        (facts, below)
    }

    pub(super) fn call_expr(&mut self, callee: &Callee, args: &[Expr], ty: &Type, plan: &Plan, span: Span) -> R<Vals> {
        match callee {
            Callee::Spec(i, order) => self.call_spec(*i, args, order),
            Callee::Function(_) | Callee::Overload(_) => unreachable!("type checker specialises every call"),
            Callee::Builtin(Builtin::Unwrap) => self.unwrap_optional(args, span),
            // A named tuple is its items' values, as a tuple display is.
            Callee::NamedTuple(_, order) => {
                let mut each = Vec::new();
                for a in args {
                    each.push(self.expr(a)?);
                }
                if order.is_empty() {
                    return Ok(each.concat());
                }
                Ok(order.iter().flat_map(|k| each[*k].clone()).collect())
            }
            Callee::Builtin(b) => self.builtin(*b, args, ty, plan, span),
            Callee::Math(f @ (MathFn::Fsum | MathFn::Prod | MathFn::Dist)) => Ok(vec![self.math_of_lists(*f, args, ty, plan, span)?]),
            Callee::Math(f) => self.math(*f, args, span),
            Callee::Cmath(f) => self.cmath_call(*f, args, ty, span),
            Callee::Numpy(f) => self.numpy_call(*f, args, ty, plan, span),
            Callee::ListMethod(m) if matches!(args[0].ty, Type::Dict(..)) => self.dict_method(*m, args, ty, span),
            Callee::ListMethod(m) if matches!(args[0].ty, Type::Set(_)) => self.set_method(*m, args, ty, span),
            Callee::ListMethod(m @ (ListMethod::Count | ListMethod::Index | ListMethod::Remove)) => {
                let Plan::Compare(common) = plan else { unreachable!("the type checker plans list searches") };
                self.list_search(*m, args, &common[0], span)
            }
            Callee::ListMethod(m) => self.list_method(*m, args, ty, span),
            Callee::Random(f) => self.random_call(*f, args, ty, span),
            Callee::Generator(m) => self.generator_call(*m, args, ty, span),
            Callee::Linalg(f) => self.linalg_call(*f, args, ty, span),
            Callee::StrMethod(m) => self.str_method(*m, args, ty, span),
            Callee::ScalarCtor(d @ (Dtype::C64 | Dtype::C128)) => {
                let v = self.expr(&args[0])?;
                let (re, im) = self.parts_of(&v, &args[0].ty, *d);
                Ok(vec![re, im])
            }
            Callee::ScalarCtor(_) => {
                let v = self.expr(&args[0])?;
                Ok(vec![self.convert(v[0], &args[0].ty, ty)])
            }
        }
    }

    pub(super) fn call_spec(&mut self, index: usize, args: &[Expr], order: &[usize]) -> R<Vals> {
        let params = &self.info.program.specs[index].hir.params;
        let captured: Vec<bool> = params.iter().map(|p| p.name.starts_with(hasten_ir::hir::CAPTURED_PREFIX)).collect();
        let mut values: Vec<Option<Vals>> = vec![None; args.len()];
        let in_order: Vec<usize> = if order.is_empty() { (0..args.len()).collect() } else { order.to_vec() };
        for k in in_order {
            let a = &args[k];
            values[k] = Some(if captured.get(k).copied().unwrap_or(false) { self.captured_arg(a) } else { self.expr(a) }?);
        }
        let flat: Vals = values.into_iter().flat_map(|v| v.expect("every argument is evaluated")).collect();
        if self.info.inline[index] {
            return self.inline_call(index, args, flat);
        }
        let ret = self.info.program.specs[index].ret.clone();
        let slots = slots_of(&ret);
        let out = self.stack_slot(8 * slots.len() as u32);
        let f = match self.specs.get(&index) {
            Some(f) => *f,
            None => {
                let f = self.module.declare_func_in_func(self.info.ids[index], self.b.func);
                self.specs.insert(index, f);
                f
            }
        };
        let mut call_args = vec![out];
        call_args.extend(flat);
        let status = self.call(f, &call_args)[0];
        self.check_status(status);
        let vals: Vals = slots
            .iter()
            .enumerate()
            .map(|(k, s)| self.b.ins().load(clif_type(*s), MemFlagsData::trusted(), out, (8 * k) as i32))
            .collect();
        self.track(&vals, &ret);
        Ok(vals)
    }
}
