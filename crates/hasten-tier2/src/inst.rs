//! One Cranelift instruction as LLVM instructions. Anything without a translation is an error
//! naming it, so a module is either translated whole or left on tier 1.

use crate::func::{ext, ret_type, FnCx};
use crate::types::{mangle, splat_literal, ty, vector_literal};
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{self, AtomicRmwOp, ExternalName, GlobalValueData, Inst, InstructionData as D, Opcode as O, Type, Value};

type R<T = ()> = Result<T, String>;

impl FnCx<'_, '_> {
    pub(crate) fn inst(&mut self, inst: Inst) -> R {
        let data = self.f.dfg.insts[inst];
        let results = self.f.dfg.inst_results(inst).to_vec();
        let out = results.first().map(|&v| self.name(v)).unwrap_or_default();
        let rty = results.first().map(|&v| self.f.dfg.value_type(v));
        match data {
            D::UnaryImm { opcode: O::Iconst, .. } | D::UnaryIeee64 { opcode: O::F64const, .. } => {}
            D::UnaryIeee32 { opcode: O::F32const, imm } => self.line(format!("{out} = bitcast i32 {} to float", imm.bits() as i32)),
            D::UnaryConst { opcode: O::Vconst, constant_handle } => {
                let bytes = self.f.dfg.constants.get(constant_handle).as_slice().to_vec();
                let t = rty.ok_or("vconst without a result")?;
                let lit = vector_literal(&bytes, t)?;
                self.line(format!("{out} = bitcast {} {lit} to {}", ty(t)?, ty(t)?));
            }
            D::Binary { opcode, args } => self.binary(opcode, &out, args, rty.ok_or("a binary without result")?, &results)?,
            D::Unary { opcode, arg } => self.unary(opcode, &out, arg, rty.ok_or("a unary without result")?)?,
            D::Ternary { opcode, args } => self.ternary(opcode, &out, args, rty.ok_or("a ternary without result")?)?,
            D::IntCompare { args, cond, .. } => {
                let t = self.f.dfg.value_type(args[0]);
                let c = self.fresh();
                self.line(format!("{c} = icmp {} {} {}, {}", icmp(cond), ty(t)?, self.val(args[0]), self.val(args[1])));
                self.widen_mask(&out, &c, t, rty.ok_or("icmp")?)?;
            }
            D::FloatCompare { args, cond, .. } => {
                let t = self.f.dfg.value_type(args[0]);
                let c = self.fresh();
                self.line(format!("{c} = fcmp {}{} {} {}, {}", self.fast, fcmp(cond), ty(t)?, self.val(args[0]), self.val(args[1])));
                self.widen_mask(&out, &c, t, rty.ok_or("fcmp")?)?;
            }
            D::BinaryImm8 { opcode: O::Extractlane, arg, imm } => {
                let t = self.f.dfg.value_type(arg);
                self.line(format!("{out} = extractelement {} {}, i32 {}", ty(t)?, self.val(arg), imm));
            }
            D::TernaryImm8 { opcode: O::Insertlane, args, imm } => {
                let t = self.f.dfg.value_type(args[0]);
                self.line(format!("{out} = insertelement {} {}, {}, i32 {}", ty(t)?, self.val(args[0]), self.tval(args[1])?, imm));
            }
            D::Load { opcode, arg, offset, .. } => self.load(opcode, &out, arg, offset.into(), rty.ok_or("load")?)?,
            D::Store { opcode, args, offset, .. } => self.store(opcode, args, offset.into())?,
            D::LoadNoOffset { opcode: O::Bitcast, arg, .. } => self.unary(O::Bitcast, &out, arg, rty.ok_or("bitcast")?)?,
            D::LoadNoOffset { opcode: O::AtomicLoad, arg, .. } => {
                let t = rty.ok_or("atomic_load")?;
                let p = self.pointer(arg, 0);
                self.line(format!("{out} = load atomic {}, ptr {p} seq_cst, align {}", ty(t)?, t.bytes()));
            }
            D::StoreNoOffset { opcode: O::AtomicStore, args, .. } => {
                let t = self.f.dfg.value_type(args[0]);
                let p = self.pointer(args[1], 0);
                self.line(format!("store atomic {}, ptr {p} seq_cst, align {}", self.tval(args[0])?, t.bytes()));
            }
            D::AtomicRmw { args, op, .. } => {
                let p = self.pointer(args[0], 0);
                self.line(format!("{out} = atomicrmw {} ptr {p}, {} seq_cst", rmw(op), self.tval(args[1])?));
            }
            D::AtomicCas { args, .. } => {
                let t = self.f.dfg.value_type(args[1]);
                let p = self.pointer(args[0], 0);
                let pair = self.fresh();
                self.line(format!("{pair} = cmpxchg ptr {p}, {}, {} seq_cst seq_cst", self.tval(args[1])?, self.tval(args[2])?));
                self.line(format!("{out} = extractvalue {{ {}, i1 }} {pair}, 0", ty(t)?));
            }
            D::NullAry { opcode: O::Fence } => self.line("fence seq_cst"),
            D::NullAry { opcode: O::Nop } => {}
            D::StackAddr { opcode: O::StackAddr, stack_slot, offset } => {
                let p = self.fresh();
                self.line(format!("{p} = getelementptr i8, ptr %ss{}, i64 {}", stack_slot.as_u32(), i64::from(offset)));
                self.line(format!("{out} = ptrtoint ptr {p} to i64"));
            }
            D::UnaryGlobalValue { opcode: O::SymbolValue, global_value } => self.symbol(&out, global_value)?,
            D::FuncAddr { opcode: O::FuncAddr, func_ref } => {
                let name = self.callee(func_ref)?;
                self.line(format!("{out} = ptrtoint ptr {name} to i64"));
            }
            D::Call { opcode: O::Call, args, func_ref } => {
                let name = self.callee(func_ref)?;
                let sig = &self.f.dfg.signatures[self.f.dfg.ext_funcs[func_ref].signature];
                let args = args.as_slice(&self.f.dfg.value_lists).to_vec();
                self.call(&out, &name, sig, &args)?;
            }
            D::CallIndirect { opcode: O::CallIndirect, args, sig_ref } => {
                let all = args.as_slice(&self.f.dfg.value_lists).to_vec();
                let p = self.pointer(all[0], 0);
                let sig = &self.f.dfg.signatures[sig_ref];
                self.call(&out, &p, sig, &all[1..])?;
            }
            D::Jump { destination, .. } => {
                let l = self.edge(&destination, false)?;
                self.line(format!("br label %{l}"));
            }
            D::Brif { arg, blocks, .. } => {
                let c = self.nonzero(arg)?;
                let (a, b) = (self.edge(&blocks[0], true)?, self.edge(&blocks[1], true)?);
                let prof = self.cold_weights(&blocks);
                self.line(format!("br i1 {c}, label %{a}, label %{b}{prof}"));
            }
            D::BranchTable { arg, table, .. } => {
                let jt = &self.f.stencil.dfg.jump_tables[table];
                let t = ty(self.f.dfg.value_type(arg))?;
                let default = self.edge(&jt.default_block(), true)?;
                let mut cases = Vec::new();
                for (i, call) in jt.as_slice().iter().enumerate() {
                    cases.push(format!("{t} {i}, label %{}", self.edge(call, true)?));
                }
                self.line(format!("switch {t} {}, label %{default} [ {} ]", self.val(arg), cases.join(" ")));
            }
            D::MultiAry { opcode: O::Return, args } => {
                let vals = args.as_slice(&self.f.dfg.value_lists).to_vec();
                match vals.as_slice() {
                    [] => self.line("ret void"),
                    [v] => {
                        let t = self.tval(*v)?;
                        self.line(format!("ret {t}"));
                    }
                    _ => return Err("a return of several values".into()),
                }
            }
            D::Trap { .. } => {
                self.m.declares.insert("declare void @llvm.trap()".into());
                self.line("call void @llvm.trap()");
                self.line("unreachable");
            }
            D::CondTrap { opcode, arg, .. } => {
                let c = self.nonzero(arg)?;
                let c = if opcode == O::Trapz {
                    let z = self.fresh();
                    self.line(format!("{z} = xor i1 {c}, true"));
                    z
                } else {
                    c
                };
                self.trap_if(&c);
            }
            other => return Err(format!("the Cranelift instruction `{}`", other.opcode())),
        }
        Ok(())
    }

    /// `v != 0` as an `i1`.
    fn nonzero(&mut self, v: Value) -> R<String> {
        let c = self.fresh();
        let t = self.f.dfg.value_type(v);
        self.line(format!("{c} = icmp ne {} {}, 0", ty(t)?, self.val(v)));
        Ok(c)
    }

    /// A comparison's `i1` as Cranelift's result: a 0/1 `i8`, or lanes of all ones and zeros.
    fn widen_mask(&mut self, out: &str, c: &str, operand: Type, result: Type) -> R {
        if operand.is_vector() {
            self.line(format!("{out} = sext <{} x i1> {c} to {}", operand.lane_count(), ty(result)?));
        } else {
            self.line(format!("{out} = zext i1 {c} to {}", ty(result)?));
        }
        Ok(())
    }

    /// `base + offset` as a pointer. An address computed as `row + index + ...` is written as
    /// `getelementptr`s from the row, so that LLVM sees a pointer stepping through memory (what its
    /// alias analysis and vectoriser reason about) rather than an integer turned into a pointer.
    /// Every access to one array then steps from the same row, its data pointer, whatever the
    /// offsets added to it (`[i - 1, j]` and `[i, j - 1]` alike), so LLVM can tell how far apart
    /// two of them are: a store read back by the next iteration stays in a register.
    pub(crate) fn pointer(&mut self, base: Value, offset: i64) -> String {
        let (row, indices) = self.split_address(base);
        let mut p = self.fresh();
        self.line(format!("{p} = inttoptr i64 {} to ptr", self.val(row)));
        for index in indices {
            let q = self.fresh();
            self.line(format!("{q} = getelementptr i8, ptr {p}, i64 {}", self.val(index)));
            p = q;
        }
        if offset != 0 {
            let q = self.fresh();
            self.line(format!("{q} = getelementptr i8, ptr {p}, i64 {offset}"));
            p = q;
        }
        p
    }

    /// `(row, indices)` with `v = row + indices...`, where each index is computed from a count (a
    /// product, a shift, an extension or a constant), following sums through their non-index operand.
    fn split_address(&self, v: Value) -> (Value, Vec<Value>) {
        const DEPTH: usize = 6;
        let dfg = &self.f.dfg;
        let index_like = |w: Value| match dfg.value_def(dfg.resolve_aliases(w)) {
            ir::ValueDef::Result(i, _) => {
                matches!(dfg.insts[i].opcode(), O::Imul | O::Ishl | O::Iconst | O::Uextend | O::Sextend)
            }
            _ => false,
        };
        let (mut row, mut indices) = (dfg.resolve_aliases(v), Vec::new());
        while indices.len() < DEPTH {
            let ir::ValueDef::Result(inst, _) = dfg.value_def(row) else { break };
            let D::Binary { opcode: O::Iadd, args: [x, y] } = dfg.insts[inst] else { break };
            let (next, index) = match (index_like(x), index_like(y)) {
                (false, true) => (x, y),
                (true, false) => (y, x),
                _ => break,
            };
            indices.push(index);
            row = dfg.resolve_aliases(next);
        }
        indices.reverse();
        (row, indices)
    }

    fn load(&mut self, opcode: O, out: &str, addr: Value, offset: i64, t: Type) -> R {
        // A word of the runtime addressed by its symbol (the Ctrl-C flag) changes behind the
        // code's back: LLVM must read it every time, as Cranelift does.
        let volatile = match self.f.dfg.value_def(self.f.dfg.resolve_aliases(addr)) {
            ir::ValueDef::Result(inst, _) => self.f.dfg.insts[inst].opcode() == O::FuncAddr,
            _ => false,
        };
        let p = self.pointer(addr, offset);
        let narrow = match opcode {
            O::Load => None,
            O::Uload8 | O::Sload8 => Some("i8"),
            O::Uload16 | O::Sload16 => Some("i16"),
            O::Uload32 | O::Sload32 => Some("i32"),
            other => return Err(format!("the Cranelift load `{other}`")),
        };
        match narrow {
            None => self.line(format!("{out} = load {}{}, ptr {p}, align 1", if volatile { "volatile " } else { "" }, ty(t)?)),
            Some(n) => {
                let x = self.fresh();
                self.line(format!("{x} = load {n}, ptr {p}, align 1"));
                let how = if matches!(opcode, O::Sload8 | O::Sload16 | O::Sload32) { "sext" } else { "zext" };
                self.line(format!("{out} = {how} {n} {x} to {}", ty(t)?));
            }
        }
        Ok(())
    }

    fn store(&mut self, opcode: O, [value, addr]: [Value; 2], offset: i64) -> R {
        let p = self.pointer(addr, offset);
        let narrow = match opcode {
            O::Store => None,
            O::Istore8 => Some("i8"),
            O::Istore16 => Some("i16"),
            O::Istore32 => Some("i32"),
            other => return Err(format!("the Cranelift store `{other}`")),
        };
        match narrow {
            None => {
                let v = self.tval(value)?;
                self.line(format!("store {v}, ptr {p}, align 1"));
            }
            Some(n) => {
                let x = self.fresh();
                let v = self.tval(value)?;
                self.line(format!("{x} = trunc {v} to {n}"));
                self.line(format!("store {n} {x}, ptr {p}, align 1"));
            }
        }
        Ok(())
    }

    fn symbol(&mut self, out: &str, gv: ir::GlobalValue) -> R {
        let GlobalValueData::Symbol { name, offset, .. } = &self.f.global_values[gv] else {
            return Err("a global value that is not a symbol".into());
        };
        let ExternalName::User(r) = name else { return Err(format!("the symbol {name:?}")) };
        let user = &self.f.params.user_named_funcs()[*r];
        let base = match user.namespace {
            1 if user.index == self.m.data_id() => "@hasten_data".to_string(),
            0 => self.m.function_name(user.index)?,
            _ => return Err(format!("the symbol {name:?}")),
        };
        let p = self.fresh();
        self.line(format!("{p} = getelementptr i8, ptr {base}, i64 {}", i64::from(*offset)));
        self.line(format!("{out} = ptrtoint ptr {p} to i64"));
        Ok(())
    }

    /// The LLVM name of a called function; an imported helper is declared with its signature.
    fn callee(&mut self, func_ref: ir::FuncRef) -> R<String> {
        let ext_func = &self.f.dfg.ext_funcs[func_ref];
        let ExternalName::User(r) = &ext_func.name else { return Err(format!("a call of {:?}", ext_func.name)) };
        let user = &self.f.params.user_named_funcs()[*r];
        if user.namespace != 0 {
            return Err("a call of something that is not a function".into());
        }
        let name = self.m.function_name(user.index)?;
        if !self.m.is_defined(user.index) {
            let sig = &self.f.dfg.signatures[ext_func.signature];
            let params = sig.params.iter().map(|p| Ok(format!("{}{}", ty(p.value_type)?, ext(p)))).collect::<R<Vec<_>>>()?;
            self.m.declares.insert(format!("declare {} {name}({})", ret_type(sig)?, params.join(", ")));
        }
        Ok(name)
    }

    fn call(&mut self, out: &str, callee: &str, sig: &ir::Signature, args: &[Value]) -> R {
        let ret = ret_type(sig)?;
        let args = args
            .iter()
            .zip(&sig.params)
            .map(|(&a, p)| Ok(format!("{}{} {}", ty(p.value_type)?, ext(p), self.val(a))))
            .collect::<R<Vec<_>>>()?;
        if ret == "void" {
            self.line(format!("call void {callee}({})", args.join(", ")));
        } else {
            self.line(format!("{out} = call {ret} {callee}({})", args.join(", ")));
        }
        Ok(())
    }

    /// Calls intrinsic `llvm.{name}.{suffix}` returning `ret`.
    pub(crate) fn intrinsic(&mut self, out: &str, name: &str, ret: &str, args: &[String]) {
        let types: Vec<&str> = args.iter().map(|a| a.rsplit_once(' ').map_or("", |x| x.0)).collect();
        self.m.declares.insert(format!("declare {ret} @llvm.{name}({})", types.join(", ")));
        self.line(format!("{out} = call {ret} @llvm.{name}({})", args.join(", ")));
    }

    fn binary(&mut self, opcode: O, out: &str, [a, b]: [Value; 2], t: Type, results: &[Value]) -> R {
        let tn = ty(t)?;
        let simple = match opcode {
            O::Iadd => Some("add"),
            O::Isub => Some("sub"),
            O::Imul => Some("mul"),
            O::Sdiv => Some("sdiv"),
            O::Udiv => Some("udiv"),
            O::Srem => Some("srem"),
            O::Urem => Some("urem"),
            O::Band => Some("and"),
            O::Bor => Some("or"),
            O::Bxor => Some("xor"),
            _ => None,
        };
        if let Some(op) = simple {
            self.line(format!("{out} = {op} {tn} {}, {}", self.val(a), self.val(b)));
            return Ok(());
        }
        let float = match opcode {
            O::Fadd => Some("fadd"),
            O::Fsub => Some("fsub"),
            O::Fmul => Some("fmul"),
            O::Fdiv => Some("fdiv"),
            _ => None,
        };
        if let Some(op) = float {
            self.line(format!("{out} = {op} {}{tn} {}, {}", self.fast, self.val(a), self.val(b)));
            return Ok(());
        }
        let (x, y) = (format!("{tn} {}", self.val(a)), format!("{tn} {}", self.val(b)));
        let m = mangle(t);
        match opcode {
            O::Ishl | O::Ushr | O::Sshr | O::Rotl | O::Rotr => self.shift(opcode, out, a, b, t)?,
            O::Smin | O::Smax | O::Umin | O::Umax => {
                let name = format!("{}.{m}", opcode.to_string());
                self.intrinsic(out, &name, &tn, &[x, y]);
            }
            O::Fmin | O::Fmax => {
                let name = if opcode == O::Fmin { "minimum" } else { "maximum" };
                self.intrinsic(out, &format!("{name}.{m}"), &tn, &[x, y]);
            }
            O::Fcopysign => self.intrinsic(out, &format!("copysign.{m}"), &tn, &[x, y]),
            O::SaddOverflow | O::SsubOverflow | O::SmulOverflow | O::UaddOverflow | O::UsubOverflow | O::UmulOverflow => {
                let name = match opcode {
                    O::SaddOverflow => "sadd",
                    O::SsubOverflow => "ssub",
                    O::SmulOverflow => "smul",
                    O::UaddOverflow => "uadd",
                    O::UsubOverflow => "usub",
                    _ => "umul",
                };
                let pair = self.fresh();
                let pty = format!("{{ {tn}, i1 }}");
                self.intrinsic(&pair, &format!("{name}.with.overflow.{m}"), &pty, &[x, y]);
                self.line(format!("{out} = extractvalue {pty} {pair}, 0"));
                let flag = self.fresh();
                self.line(format!("{flag} = extractvalue {pty} {pair}, 1"));
                let of = self.name(results[1]);
                self.line(format!("{of} = zext i1 {flag} to i8"));
            }
            O::Smulhi | O::Umulhi => {
                let wide = format!("i{}", t.bits() * 2);
                let how = if opcode == O::Smulhi { "sext" } else { "zext" };
                let (p, q, r, s) = (self.fresh(), self.fresh(), self.fresh(), self.fresh());
                self.line(format!("{p} = {how} {x} to {wide}"));
                self.line(format!("{q} = {how} {y} to {wide}"));
                self.line(format!("{r} = mul {wide} {p}, {q}"));
                self.line(format!("{s} = lshr {wide} {r}, {}", t.bits()));
                self.line(format!("{out} = trunc {wide} {s} to {tn}"));
            }
            other => return Err(format!("the Cranelift instruction `{other}`")),
        }
        Ok(())
    }

    /// Cranelift takes shift amounts modulo the width, where LLVM would give poison.
    fn shift(&mut self, opcode: O, out: &str, a: Value, b: Value, t: Type) -> R {
        let tn = ty(t)?;
        let lane = t.lane_type();
        let bt = self.f.dfg.value_type(b);
        let mut amount = self.val(b);
        if bt.bits() != lane.bits() {
            let c = self.fresh();
            let how = if bt.bits() < lane.bits() { "zext" } else { "trunc" };
            self.line(format!("{c} = {how} {} {amount} to {}", ty(bt)?, ty(lane)?));
            amount = c;
        }
        let masked = self.fresh();
        self.line(format!("{masked} = and {} {amount}, {}", ty(lane)?, lane.bits() - 1));
        let amount = if t.is_vector() {
            let (i, s) = (self.fresh(), self.fresh());
            self.line(format!("{i} = insertelement {tn} poison, {} {masked}, i32 0", ty(lane)?));
            self.line(format!("{s} = shufflevector {tn} {i}, {tn} poison, <{} x i32> zeroinitializer", t.lane_count()));
            s
        } else {
            masked
        };
        match opcode {
            O::Ishl => self.line(format!("{out} = shl {tn} {}, {amount}", self.val(a))),
            O::Ushr => self.line(format!("{out} = lshr {tn} {}, {amount}", self.val(a))),
            O::Sshr => self.line(format!("{out} = ashr {tn} {}, {amount}", self.val(a))),
            _ => {
                let name = if opcode == O::Rotl { "fshl" } else { "fshr" };
                let x = format!("{tn} {}", self.val(a));
                self.intrinsic(out, &format!("{name}.{}", mangle(t)), &tn, &[x.clone(), x, format!("{tn} {amount}")]);
            }
        }
        Ok(())
    }

    fn unary(&mut self, opcode: O, out: &str, a: Value, t: Type) -> R {
        let at = self.f.dfg.value_type(a);
        let (tn, an) = (ty(t)?, ty(at)?);
        let x = format!("{an} {}", self.val(a));
        let m = mangle(t);
        let cast = |op: &str| format!("{out} = {op} {x} to {tn}");
        match opcode {
            O::Ineg => self.line(format!("{out} = sub {tn} {}, {}", splat_literal("0", t)?, self.val(a))),
            O::Bnot => self.line(format!("{out} = xor {tn} {}, {}", self.val(a), splat_literal("-1", t)?)),
            O::Fneg => self.line(format!("{out} = fneg {}{x}", self.fast)),
            O::Iabs => self.intrinsic(out, &format!("abs.{m}"), &tn, &[x, "i1 false".into()]),
            O::Fabs | O::Sqrt | O::Floor | O::Ceil | O::Trunc | O::Nearest | O::Popcnt | O::Bitrev | O::Bswap => {
                let name = match opcode {
                    O::Fabs => "fabs",
                    O::Sqrt => "sqrt",
                    O::Floor => "floor",
                    O::Ceil => "ceil",
                    O::Trunc => "trunc",
                    O::Nearest => "roundeven",
                    O::Popcnt => "ctpop",
                    O::Bitrev => "bitreverse",
                    _ => "bswap",
                };
                self.intrinsic(out, &format!("{name}.{m}"), &tn, &[x]);
            }
            O::Clz | O::Ctz => {
                let name = if opcode == O::Clz { "ctlz" } else { "cttz" };
                self.intrinsic(out, &format!("{name}.{m}"), &tn, &[x, "i1 false".into()]);
            }
            O::Uextend => self.line(cast("zext")),
            O::Sextend => self.line(cast("sext")),
            O::Ireduce => self.line(cast("trunc")),
            O::Fpromote => self.line(cast("fpext")),
            O::Fdemote => self.line(cast("fptrunc")),
            O::FcvtFromSint => self.line(cast("sitofp")),
            O::FcvtFromUint => self.line(cast("uitofp")),
            O::Bitcast => self.line(cast("bitcast")),
            O::FcvtToSintSat | O::FcvtToUintSat => {
                let name = if opcode == O::FcvtToSintSat { "fptosi.sat" } else { "fptoui.sat" };
                self.intrinsic(out, &format!("{name}.{m}.{}", mangle(at)), &tn, &[x]);
            }
            O::Bmask => {
                let c = self.fresh();
                self.line(format!("{c} = icmp ne {x}, 0"));
                self.line(format!("{out} = sext i1 {c} to {tn}"));
            }
            O::Splat => {
                let i = self.fresh();
                self.line(format!("{i} = insertelement {tn} poison, {x}, i32 0"));
                self.line(format!("{out} = shufflevector {tn} {i}, {tn} poison, <{} x i32> zeroinitializer", t.lane_count()));
            }
            O::ScalarToVector => {
                self.line(format!("{out} = insertelement {tn} zeroinitializer, {x}, i32 0"));
            }
            other => return Err(format!("the Cranelift instruction `{other}`")),
        }
        Ok(())
    }

    fn ternary(&mut self, opcode: O, out: &str, [c, a, b]: [Value; 3], t: Type) -> R {
        let tn = ty(t)?;
        match opcode {
            O::Select | O::SelectSpectreGuard => {
                let k = self.nonzero(c)?;
                self.line(format!("{out} = select i1 {k}, {tn} {}, {tn} {}", self.val(a), self.val(b)));
            }
            O::Bitselect => {
                let (p, n, q) = (self.fresh(), self.fresh(), self.fresh());
                let ct = ty(self.f.dfg.value_type(c))?;
                self.line(format!("{p} = and {ct} {}, {}", self.val(a), self.val(c)));
                self.line(format!("{n} = xor {ct} {}, {}", self.val(c), splat_literal("-1", t)?));
                self.line(format!("{q} = and {ct} {}, {n}", self.val(b)));
                self.line(format!("{out} = or {ct} {p}, {q}"));
            }
            O::Fma => {
                let args = [self.tval(c)?, self.tval(a)?, self.tval(b)?];
                self.intrinsic(out, &format!("fma.{}", mangle(t)), &tn, &args);
            }
            other => return Err(format!("the Cranelift instruction `{other}`")),
        }
        Ok(())
    }
}

fn icmp(cc: IntCC) -> &'static str {
    match cc {
        IntCC::Equal => "eq",
        IntCC::NotEqual => "ne",
        IntCC::SignedLessThan => "slt",
        IntCC::SignedLessThanOrEqual => "sle",
        IntCC::SignedGreaterThan => "sgt",
        IntCC::SignedGreaterThanOrEqual => "sge",
        IntCC::UnsignedLessThan => "ult",
        IntCC::UnsignedLessThanOrEqual => "ule",
        IntCC::UnsignedGreaterThan => "ugt",
        IntCC::UnsignedGreaterThanOrEqual => "uge",
    }
}

fn fcmp(cc: FloatCC) -> &'static str {
    match cc {
        FloatCC::Ordered => "ord",
        FloatCC::Unordered => "uno",
        FloatCC::Equal => "oeq",
        FloatCC::NotEqual => "une",
        FloatCC::OrderedNotEqual => "one",
        FloatCC::UnorderedOrEqual => "ueq",
        FloatCC::LessThan => "olt",
        FloatCC::LessThanOrEqual => "ole",
        FloatCC::GreaterThan => "ogt",
        FloatCC::GreaterThanOrEqual => "oge",
        FloatCC::UnorderedOrLessThan => "ult",
        FloatCC::UnorderedOrLessThanOrEqual => "ule",
        FloatCC::UnorderedOrGreaterThan => "ugt",
        FloatCC::UnorderedOrGreaterThanOrEqual => "uge",
    }
}

fn rmw(op: AtomicRmwOp) -> &'static str {
    match op {
        AtomicRmwOp::Add => "add",
        AtomicRmwOp::Sub => "sub",
        AtomicRmwOp::And => "and",
        AtomicRmwOp::Nand => "nand",
        AtomicRmwOp::Or => "or",
        AtomicRmwOp::Xor => "xor",
        AtomicRmwOp::Xchg => "xchg",
        AtomicRmwOp::Umin => "umin",
        AtomicRmwOp::Umax => "umax",
        AtomicRmwOp::Smin => "min",
        AtomicRmwOp::Smax => "max",
    }
}
