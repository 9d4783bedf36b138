//! Small instruction-building helpers shared by every room: runtime helper imports, constants,
//! stack slots, and the counted loops that generated loop nests are built from.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// The import of runtime helper `h`, declared in the module and the function on first use.
    pub(super) fn helper(&mut self, h: Helper) -> FuncRef {
        if let Some(f) = self.helpers.get(&h) {
            return *f;
        }
        let sig = h.signature(self.module.isa().default_call_conv());
        let id = self.module.declare_function(h.name(), Linkage::Import, &sig).expect("helper signature is consistent");
        let f = self.module.declare_func_in_func(id, self.b.func);
        self.helpers.insert(h, f);
        f
    }

    pub(super) fn call(&mut self, f: FuncRef, args: &[Value]) -> Vals {
        let inst = self.b.ins().call(f, args);
        self.b.inst_results(inst).to_vec()
    }

    /// The address and length of a constant string. The address is a symbol in the module's data
    /// object, not an immediate, so that the code can be cached and loaded elsewhere; it is
    /// declared far (an absolute relocation), as the JIT maps data apart from code. It is built as
    /// the object's base plus a constant: Cranelift rematerialises an add of a constant where it is
    /// used, so the many messages and locations of a loop's cold raise blocks do not each become a
    /// loop invariant held in a register (or spilled) across the loop; only the base is.
    pub(super) fn str_consts(&mut self, s: &str) -> (Value, Value) {
        let (offset, len) = self.data.intern(s);
        let gv = match self.string_base {
            Some(gv) => gv,
            None => {
                let name = self.b.func.declare_imported_user_function(ir::UserExternalName::new(1, self.data.id.as_u32()));
                let gv = self.b.func.create_global_value(ir::GlobalValueData::Symbol {
                    name: ir::ExternalName::user(name),
                    offset: ir::immediates::Imm64::new(0),
                    colocated: false,
                    tls: false,
                });
                self.string_base = Some(gv);
                gv
            }
        };
        let base = self.b.ins().symbol_value(types::I64, gv);
        (self.b.ins().iadd_imm_s(base, offset), self.b.ins().iconst(types::I64, len))
    }

    /// Emits `for i in 0..n: body(i)` with the exit test first (so LICM can hoist invariants).
    pub(super) fn counted_loop(&mut self, n: Value, body: impl FnOnce(&mut Self, Value) -> R<()>) -> R<()> {
        let zero = self.iconst(types::I64, 0);
        self.index_loop(zero, n, |cx, i, _| body(cx, i))
    }

    /// Emits `for i in lo..hi: body(i, latch)` with the exit test first; `body` may branch to
    /// `latch` to go on with the next index, and otherwise falls through to it.
    pub(super) fn index_loop(&mut self, lo: Value, hi: Value, body: impl FnOnce(&mut Self, Value, Block) -> R<()>) -> R<()> {
        self.stepped_loop(lo, hi, 1, body)
    }

    /// `index_loop` with the index going up by `step`.
    pub(super) fn stepped_loop(&mut self, lo: Value, hi: Value, step: i64, body: impl FnOnce(&mut Self, Value, Block) -> R<()>) -> R<()> {
        let counter = self.temp_var(types::I64);
        self.b.def_var(counter, lo);
        let (header, block, latch, exit) = (self.b.create_block(), self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.ins().jump(header, &[]);
        self.b.switch_to_block(header);
        let i = self.b.use_var(counter);
        let done = self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, i, hi);
        self.b.ins().brif(done, exit, &[], block, &[]);
        self.b.switch_to_block(block);
        body(self, i, latch)?;
        self.jump(latch);
        self.b.switch_to_block(latch);
        let i = self.b.use_var(counter);
        let next = self.b.ins().iadd_imm_s(i, step);
        self.b.def_var(counter, next);
        self.b.ins().jump(header, &[]);
        self.b.switch_to_block(exit);
        self.reachable = true;
        Ok(())
    }

    pub(super) fn iconst(&mut self, ty: ir::Type, v: i64) -> Value {
        self.b.ins().iconst(ty, v)
    }

    pub(super) fn stack_slot(&mut self, bytes: u32) -> Value {
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, bytes.max(8), 3));
        self.b.ins().stack_addr(types::I64, slot, 0)
    }

    /// The value of `v` when it is an integer constant defined by an instruction.
    pub(super) fn const_int(&self, v: Value) -> Option<i64> {
        let dfg = &self.b.func.dfg;
        match dfg.value_def(v) {
            ir::ValueDef::Result(inst, _) => match dfg.insts[inst] {
                ir::InstructionData::UnaryImm { opcode: ir::Opcode::Iconst, imm } => Some(imm.bits()),
                _ => None,
            },
            _ => None,
        }
    }

    /// The value of `v` when it is a float constant, or an int constant converted to float.
    pub(super) fn const_f64(&self, v: Value) -> Option<f64> {
        let dfg = &self.b.func.dfg;
        let ir::ValueDef::Result(inst, _) = dfg.value_def(v) else { return None };
        match dfg.insts[inst] {
            ir::InstructionData::UnaryIeee64 { opcode: ir::Opcode::F64const, imm } => Some(f64::from_bits(imm.bits())),
            ir::InstructionData::UnaryIeee32 { opcode: ir::Opcode::F32const, imm } => Some(f32::from_bits(imm.bits()) as f64),
            ir::InstructionData::Unary { opcode: ir::Opcode::FcvtFromSint, arg } => self.const_int(arg).map(|k| k as f64),
            _ => None,
        }
    }

    /// `v`, where `taken` is a condition known to hold, made to depend on `taken`. Cranelift's
    /// egraph hoists pure instructions out of loops even from cold blocks; a cold path computed from
    /// such copies of its inputs, with `taken` computed in the loop, stays in its block instead of
    /// occupying registers across the loop.
    pub(super) fn pinned(&mut self, v: Value, taken: Value) -> Value {
        let zero = self.b.ins().iconst(types::I64, 0);
        self.b.ins().select(taken, v, zero)
    }

    pub(super) fn zero(&mut self, ty: ir::Type) -> Value {
        match ty {
            types::F32 => self.b.ins().f32const(0.0),
            types::F64 => self.b.ins().f64const(0.0),
            t => self.b.ins().iconst(t, 0),
        }
    }

    /// A variable of type `ty` for a temporary of the statement being lowered, starting at zero
    /// here. It serves again after that statement (`stmt`): a temporary lives inside the
    /// construct that made it, and each construct defines its variables before reading them.
    pub(super) fn temp_var(&mut self, ty: ir::Type) -> Variable {
        let var = match self.spare_temps.get_mut(&ty).and_then(Vec::pop) {
            Some(var) => {
                let lane = self.zero(ty.lane_type());
                let zero = if ty.is_vector() { self.b.ins().splat(ty, lane) } else { lane };
                self.b.def_var(var, zero);
                var
            }
            None => self.b.declare_var(ty),
        };
        self.live_temps.push((ty, var));
        var
    }

    /// Frees the temporaries made since `mark` (`live_temps`' length then) for later statements.
    pub(super) fn free_temp_vars(&mut self, mark: usize) {
        for (ty, var) in self.live_temps.drain(mark..) {
            self.spare_temps.entry(ty).or_default().push(var);
        }
    }

    /// Switches to `block` if some path reaches it.
    pub(super) fn enter(&mut self, block: Block, reached: bool) {
        if reached {
            self.b.switch_to_block(block);
        }
        self.reachable = reached;
    }

    pub(super) fn jump(&mut self, to: Block) -> bool {
        if self.reachable {
            self.b.ins().jump(to, &[]);
            self.reachable = false;
            true
        } else {
            false
        }
    }
}
