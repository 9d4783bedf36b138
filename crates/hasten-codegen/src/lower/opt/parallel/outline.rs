//! `prange` loops under `parallel=True`: the body is outlined into a worker function
//! `(ctx, lo, hi, partial) -> status` that runs the iterations `lo..hi` of one chunk, and the loop
//! becomes a call to the runtime's pool (`hasten_rt_parallel_for`) followed by the combination of
//! the chunks' reduction partials in chunk order.
//!
//! The context block holds the range's start and step and the slots of every local the body reads
//! from outside (see `crate::parallel`); the worker loads them into its own copies of the locals, so
//! the body is lowered by the ordinary statement code with the value ranges known at the loop.

use super::*;
use cranelift_codegen::ir::UserFuncName;
use cranelift_codegen::Context;
use cranelift_frontend::FunctionBuilderContext;
use hasten_runtime::parallel::MAX_CHUNKS;

impl<'a, 'f> Lower<'a, 'f> {
    pub(in crate::lower) fn parallel_for(&mut self, s: &Stmt) -> R<()> {
        let StmtKind::ForRange { var, start, stop, step, region, .. } = &s.kind else { unreachable!("a range loop") };
        let region = region.as_deref().expect("the type checker records the region of every prange loop");
        let (start_v, stop_v, step_v) = self.range_operands(start, stop, step)?;
        let n = self.range_length(start_v, stop_v, step_v);

        let mut context = vec![start_v, step_v];
        for id in &region.captured {
            let l = &self.locals[*id as usize];
            let vars: Vec<Variable> = l.vars.iter().copied().chain(l.defined).collect();
            context.extend(vars.into_iter().map(|v| self.b.use_var(v)));
        }
        let ctx = self.pack(&context);

        let worker = self.outline(s.span, |cx, params| cx.worker_body(s, region, params))?;
        let worker = self.module.declare_func_in_func(worker, self.b.func);
        let worker = self.b.ins().func_addr(types::I64, worker);
        let stride = 8 * region.reductions.len() as i64;
        let partials = if stride > 0 { self.stack_slot((MAX_CHUNKS as i64 * stride) as u32) } else { self.iconst(types::I64, 0) };
        let chunks = self.run_on_pool(worker, ctx, n, partials, stride);

        if !region.reductions.is_empty() {
            self.counted_loop(chunks, |cx, k| {
                let offset = cx.b.ins().imul_imm_s(k, stride);
                let base = cx.b.ins().iadd(partials, offset);
                for (j, r) in region.reductions.iter().enumerate() {
                    let ty = cx.locals[r.local as usize].ty.clone();
                    let part = cx.b.ins().load(scalar_clif(&ty), MemFlagsData::trusted(), base, 8 * j as i32);
                    let cur = cx.read_local(r.local, s.span)[0];
                    let combined = cx.combine(r, cur, part, &ty, s.span)?;
                    cx.assign_local(r.local, vec![combined], &ty);
                }
                Ok(())
            })?;
        }

        // After the loop its variable holds the last value, as after `range`.
        let (ran, join) = (self.b.create_block(), self.b.create_block());
        let any = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, n, 0);
        self.b.ins().brif(any, ran, &[], join, &[]);
        self.b.switch_to_block(ran);
        self.set_last_value(*var, start_v, n, step_v);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
        Ok(())
    }

    /// Runs `worker` over `0..n` on the pool, each chunk's partials `stride` bytes after the last
    /// one's; propagates the first exception, else gives the number of chunks.
    pub(in crate::lower) fn run_on_pool(&mut self, worker: Value, ctx: Value, n: Value, partials: Value, stride: i64) -> Value {
        let stride = self.iconst(types::I64, stride);
        let run = self.helper(Helper::ParallelFor);
        let chunks = self.call(run, &[worker, ctx, n, partials, stride])[0];
        let failed = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, chunks, 0);
        self.check_status(failed);
        chunks
    }

    /// Stores `vals` in consecutive 8-byte slots of a new stack block; returns its address.
    pub(in crate::lower) fn pack(&mut self, vals: &[Value]) -> Value {
        let block = self.stack_slot(8 * vals.len() as u32);
        for (k, v) in vals.iter().enumerate() {
            self.b.ins().store(MemFlagsData::trusted(), *v, block, 8 * k as i32);
        }
        block
    }

    /// Loads values of types `tys` from a block made by `pack`.
    pub(in crate::lower) fn unpack(&mut self, block: Value, tys: &[ir::Type]) -> Vals {
        tys.iter().enumerate().map(|(k, t)| self.b.ins().load(*t, MemFlagsData::trusted(), block, 8 * k as i32)).collect()
    }

    /// `acc ⊕ part` for one reduction: Python's `+`/`*` on the variable's type (so an int sum
    /// still raises OverflowError), and `min`/`max`, which keep `acc` unless `part` is better.
    fn combine(&mut self, r: &ParallelReduction, acc: Value, part: Value, ty: &Type, span: Span) -> R<Value> {
        Ok(match r.op {
            ReduceOp::Add | ReduceOp::Mul => {
                let bin = if r.op == ReduceOp::Add { BinOp::Add } else { BinOp::Mul };
                let plan = r.plan.as_ref().expect("the type checker plans + and * reductions");
                let (v, vty) = self.binary(bin, acc, ty, part, ty, plan, span)?;
                self.convert(v, &vty, ty)
            }
            ReduceOp::Min | ReduceOp::Max => {
                let cmp = if r.op == ReduceOp::Min { CmpOp::Lt } else { CmpOp::Gt };
                let better = self.compare_values(cmp, part, ty, acc, ty, ty);
                self.b.ins().select(better, part, acc)
            }
        })
    }

    /// The starting value of a chunk's partial: the identity of `+` (`-0.0` for floats, which keeps
    /// the sign of an all-negative-zero sum) or of `*`; min/max start from the variable's value.
    fn partial_start(&mut self, op: ReduceOp, ty: &Type) -> Option<Value> {
        let one = match op {
            ReduceOp::Add => false,
            ReduceOp::Mul => true,
            ReduceOp::Min | ReduceOp::Max => return None,
        };
        let v = match scalar_clif(ty) {
            types::F64 => self.b.ins().f64const(if one { 1.0 } else { -0.0 }),
            types::F32 => self.b.ins().f32const(if one { 1.0 } else { -0.0 }),
            t => self.b.ins().iconst(t, one as i64),
        };
        Some(v)
    }

    /// Builds and defines a worker `(ctx, lo, hi, partial) -> status` whose body `emit` lowers
    /// (with the value ranges known here) after its entry block; returns its id in the module.
    pub(in crate::lower) fn outline(
        &mut self,
        span: Span,
        emit: impl for<'x, 'y> FnOnce(&mut Lower<'x, 'y>, [Value; 4]) -> R<()>,
    ) -> R<ClifFuncId> {
        let mut sig = Signature::new(self.module.isa().default_call_conv());
        sig.params.extend([AbiParam::new(types::I64); 4]);
        sig.returns.push(AbiParam::new(types::I32));
        let id = self.module.declare_anonymous_function(&sig).expect("a fresh anonymous function");
        let mut func = ir::Function::with_name_signature(UserFuncName::default(), sig);
        let mut fctx = FunctionBuilderContext::new();
        {
            let b = FunctionBuilder::new(&mut func, &mut fctx);
            let (func, map, opts, stable) = (self.func, self.map, self.opts, self.stable.clone());
            let mut cx = Lower::new(b, &mut *self.module, self.info, &mut *self.outlined, &mut *self.data, &mut *self.report, func, map, opts, stable);
            cx.open_loops = self.open_loops.clone();
            cx.facts = self.facts.clone();
            cx.sizes = self.sizes.clone();
            cx.dims = self.dims.clone();
            cx.below = self.below.clone();
            cx.longer = self.longer.clone();
            let entry = cx.b.create_block();
            cx.b.append_block_params_for_function_params(entry);
            cx.b.switch_to_block(entry);
            let &[ctx, lo, hi, partial] = cx.b.block_params(entry) else { unreachable!("four parameters") };
            cx.declare_locals(cx.func, &[], &[], &[]);
            emit(&mut cx, [ctx, lo, hi, partial])?;
            let zero = cx.iconst(types::I32, 0);
            cx.b.ins().return_(&[zero]);
            cx.emit_error_exit();
            cx.finish();
        }
        crate::phis::remove_copies(&mut func);
        let mut ctx = Context::for_function(func);
        ctx.set_disasm(self.info.disasm);
        let name = format!("parallel worker for {}", self.map.render_location(span).trim());
        self.data
            .define(self.module, id, &mut ctx, self.opts.fastmath)
            .map_err(|e| Diagnostic::internal(format!("code generation of a prange worker: {e}")))?;
        let asm = ctx.compiled_code().and_then(|c| c.vcode.clone());
        let ir = if self.info.disasm { ctx.func.display().to_string() } else { String::new() };
        self.outlined.push(Listing { name, ir, asm });
        Ok(id)
    }

    /// The chunk of a `prange` loop: captured locals loaded from `ctx`, partials stored at the end.
    fn worker_body(&mut self, s: &Stmt, region: &ParallelRegion, [ctx, lo, hi, partial]: [Value; 4]) -> R<()> {
        let StmtKind::ForRange { var, start, stop, step, body, .. } = &s.kind else { unreachable!("a range loop") };

        let mut vars = Vec::new();
        let mut tys = vec![types::I64, types::I64];
        for id in &region.captured {
            let l = &self.locals[*id as usize];
            vars.extend(l.vars.iter().copied().chain(l.defined));
            tys.extend(slots_of(&l.ty).into_iter().map(clif_type).chain(l.defined.map(|_| types::I8)));
        }
        let context = self.unpack(ctx, &tys);
        let (start_v, step_v) = (context[0], context[1]);
        for (v, x) in vars.into_iter().zip(&context[2..]) {
            self.b.def_var(v, *x);
        }
        // Captured locals borrow the caller's references; the chunk's own locals own theirs.
        for id in &region.captured {
            self.locals[*id as usize].owned = false;
        }
        for r in &region.reductions {
            let ty = self.locals[r.local as usize].ty.clone();
            if let Some(init) = self.partial_start(r.op, &ty) {
                self.assign_local(r.local, vec![init], &ty);
            }
        }

        self.range_var_facts(*var, start, stop, step);
        let poll = self.needs_poll(start, stop, step, body);
        self.versioned_loop(body, &[*var], |cx| cx.chunk_loop(*var, (start_v, step_v), lo, hi, poll, body))?;

        for (j, r) in region.reductions.iter().enumerate() {
            let v = self.b.use_var(self.locals[r.local as usize].vars[0]);
            self.b.ins().store(MemFlagsData::trusted(), v, partial, 8 * j as i32);
        }
        self.release_body();
        Ok(())
    }

    /// Iterations `lo..hi` of the range `start, start + step, …`; `continue` goes to the next one
    /// (the analysis refuses `break`). With `poll`, the loop looks for a Ctrl-C once per
    /// `POLL_CHUNK` iterations when nothing long is inside (as serial loops do), else at each one.
    fn chunk_loop(&mut self, var: LocalId, (start, step): (Value, Value), lo: Value, hi: Value, poll: bool, body: &[Stmt]) -> R<()> {
        if poll && !loops::has_long_loop(body) {
            return self.stepped_loop(lo, hi, loops::POLL_CHUNK, |cx, first, _| {
                cx.poll_interrupt();
                let left = cx.b.ins().isub(hi, first);
                let most = cx.iconst(types::I64, loops::POLL_CHUNK);
                let run = cx.b.ins().umin(left, most);
                let end = cx.b.ins().iadd(first, run);
                cx.chunk_loop(var, (start, step), first, end, false, body)
            });
        }
        self.index_loop(lo, hi, |cx, k, latch| {
            if poll {
                cx.poll_interrupt();
            }
            let offset = cx.b.ins().imul(k, step);
            let i = cx.b.ins().iadd(start, offset);
            cx.assign_local(var, vec![i], &Type::Int);
            cx.loops.push(Loop { continue_to: latch, break_to: latch, tries: cx.tries.len(), temps: cx.temps.len() });
            let result = cx.block(body);
            cx.loops.pop();
            result
        })
    }
}
