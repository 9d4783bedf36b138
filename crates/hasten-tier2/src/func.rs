//! One function: Cranelift's blocks become LLVM blocks, block parameters become phis, and the
//! instructions are translated in layout order by `inst`.

use crate::types::{f64_literal, int_literal, ty};
use crate::ModuleCx;
use cranelift_codegen::ir::{AbiParam, ArgumentExtension, Block, BlockArg, BlockCall, Function, InstructionData, Opcode, Signature, Value};
use std::collections::HashMap;
use std::fmt::Write;

/// How much likelier the hot side of a branch is than a cold block (LLVM's own weight for an
/// unlikely branch is about 1 in 2000).
const COLD_ODDS: u32 = 2000;

pub(crate) struct FnCx<'a, 'm> {
    pub(crate) m: &'a mut ModuleCx<'m>,
    pub(crate) f: &'a Function,
    /// The text of the block being translated.
    pub(crate) body: String,
    /// The label control is in at this point of the block (a trap check splits a block).
    pub(crate) label: String,
    /// Values defined by `iconst`/`f64const`, written as literals where they are used.
    consts: HashMap<Value, String>,
    /// Per block, its predecessors' labels and the arguments they pass.
    incoming: HashMap<Block, Vec<(String, Vec<String>)>>,
    /// Edge and trap blocks, appended after the translated blocks.
    extra: String,
    tmp: u32,
    /// Fast-math flags of float arithmetic (`""` unless `fastmath=True`).
    pub(crate) fast: &'static str,
}

pub(crate) fn translate(m: &mut ModuleCx<'_>, f: &Function, name: &str, linkage: &str, fastmath: bool) -> Result<String, String> {
    let mut cx = FnCx {
        m,
        f,
        body: String::new(),
        label: String::new(),
        consts: HashMap::new(),
        incoming: HashMap::new(),
        extra: String::new(),
        tmp: 0,
        fast: if fastmath { "reassoc contract " } else { "" },
    };
    cx.collect_constants();
    let first = f.layout.entry_block().ok_or("a function without blocks")?;
    let params: Vec<String> = (0..f.signature.params.len()).map(|i| format!("%a{i}")).collect();
    cx.incoming.entry(first).or_default().push(("entry".into(), params.clone()));

    let mut out = String::new();
    let typed: Vec<String> = f.signature.params.iter().zip(&params).map(|(p, n)| Ok(format!("{}{} {n}", ty(p.value_type)?, ext(p)))).collect::<Result<_, String>>()?;
    let _ = writeln!(out, "define {linkage}{} {name}({}) {{", ret_type(&f.signature)?, typed.join(", "));
    out.push_str("entry:\n");
    for (slot, data) in f.sized_stack_slots.iter() {
        let _ = writeln!(out, "  %ss{} = alloca [{} x i8], align {}", slot.as_u32(), data.size.max(1), 1u32 << data.align_shift);
    }
    let _ = writeln!(out, "  br label %b{}", first.as_u32());

    let mut blocks = Vec::new();
    for block in f.layout.blocks() {
        cx.label = format!("b{}", block.as_u32());
        cx.body.clear();
        for inst in f.layout.block_insts(block) {
            cx.inst(inst)?;
        }
        blocks.push((block, std::mem::take(&mut cx.body)));
    }
    for (block, body) in blocks {
        let _ = writeln!(out, "b{}:", block.as_u32());
        cx.phis(block, &mut out)?;
        out.push_str(&body);
    }
    out.push_str(&cx.extra);
    out.push_str("}\n");
    Ok(out)
}

pub(crate) fn ret_type(sig: &Signature) -> Result<String, String> {
    match sig.returns.as_slice() {
        [] => Ok("void".into()),
        [r] => Ok(format!("{}{}", ty(r.value_type)?, ext(r))),
        _ => Err("a call returning several values".into()),
    }
}

/// Cranelift extends narrow arguments only where the signature says so; LLVM's attributes say the same.
pub(crate) fn ext(p: &AbiParam) -> &'static str {
    match p.extension {
        ArgumentExtension::Uext => " zeroext",
        ArgumentExtension::Sext => " signext",
        ArgumentExtension::None => "",
    }
}

impl FnCx<'_, '_> {
    fn collect_constants(&mut self) {
        for block in self.f.layout.blocks() {
            for inst in self.f.layout.block_insts(block) {
                let lit = match self.f.dfg.insts[inst] {
                    InstructionData::UnaryImm { opcode: Opcode::Iconst, imm } => {
                        let t = self.f.dfg.ctrl_typevar(inst);
                        int_literal(imm.bits(), t)
                    }
                    InstructionData::UnaryIeee64 { opcode: Opcode::F64const, imm } => f64_literal(imm.bits()),
                    _ => continue,
                };
                let v = self.f.dfg.first_result(inst);
                self.consts.insert(v, lit);
            }
        }
    }


    /// A value as an operand: its literal if it is a constant, else its name.
    pub(crate) fn val(&self, v: Value) -> String {
        let v = self.f.dfg.resolve_aliases(v);
        self.consts.get(&v).cloned().unwrap_or_else(|| format!("%v{}", v.as_u32()))
    }

    /// An operand with its type, as call arguments are written.
    pub(crate) fn tval(&self, v: Value) -> Result<String, String> {
        Ok(format!("{} {}", ty(self.f.dfg.value_type(v))?, self.val(v)))
    }

    pub(crate) fn name(&self, v: Value) -> String {
        format!("%v{}", v.as_u32())
    }

    pub(crate) fn fresh(&mut self) -> String {
        self.tmp += 1;
        format!("%t{}", self.tmp)
    }

    pub(crate) fn line(&mut self, text: impl AsRef<str>) {
        self.body.push_str("  ");
        self.body.push_str(text.as_ref());
        self.body.push('\n');
    }

    /// The label to branch to for `call`. A conditional branch into a block with parameters goes
    /// through an edge block of its own, so that each phi entry names a distinct predecessor.
    pub(crate) fn edge(&mut self, call: &BlockCall, conditional: bool) -> Result<String, String> {
        let pool = &self.f.dfg.value_lists;
        let target = call.block(pool);
        let args = call
            .args(pool)
            .map(|a| match a {
                BlockArg::Value(v) => Ok(self.val(v)),
                _ => Err("a block argument that is not a value".to_string()),
            })
            .collect::<Result<Vec<_>, String>>()?;
        let label = format!("b{}", target.as_u32());
        if args.is_empty() {
            return Ok(label);
        }
        let from = if conditional {
            self.tmp += 1;
            let e = format!("e{}", self.tmp);
            let _ = writeln!(self.extra, "{e}:\n  br label %{label}");
            e
        } else {
            self.label.clone()
        };
        self.incoming.entry(target).or_default().push((from.clone(), args));
        Ok(if conditional { from } else { label })
    }

    /// Branch weights for a two-way branch of which one side is a block the lowering marked cold
    /// (a raise, a wrapped negative index, a list's growth): LLVM then lays the hot side out
    /// straight and optimises for it, as Cranelift does with its cold blocks.
    pub(crate) fn cold_weights(&mut self, blocks: &[BlockCall; 2]) -> &'static str {
        let cold = |b: &BlockCall| self.f.layout.is_cold(b.block(&self.f.dfg.value_lists));
        let prof = match (cold(&blocks[0]), cold(&blocks[1])) {
            (true, false) => ", !prof !0",
            (false, true) => ", !prof !1",
            _ => return "",
        };
        self.m.declares.insert(format!("!0 = !{{!\"branch_weights\", i32 1, i32 {COLD_ODDS}}}"));
        self.m.declares.insert(format!("!1 = !{{!\"branch_weights\", i32 {COLD_ODDS}, i32 1}}"));
        prof
    }

    /// Continues in a fresh block when `cond` (an `i1`) is false and traps when it is true.
    pub(crate) fn trap_if(&mut self, cond: &str) {
        self.m.declares.insert("declare void @llvm.trap()".into());
        self.tmp += 1;
        let (t, c) = (format!("trap{}", self.tmp), format!("c{}", self.tmp));
        let _ = writeln!(self.extra, "{t}:\n  call void @llvm.trap()\n  unreachable");
        self.line(format!("br i1 {cond}, label %{t}, label %{c}"));
        let _ = writeln!(self.body, "{c}:");
        self.label = c;
    }

    fn phis(&self, block: Block, out: &mut String) -> Result<(), String> {
        let params = self.f.dfg.block_params(block);
        if params.is_empty() {
            return Ok(());
        }
        let incoming = self.incoming.get(&block).map(Vec::as_slice).unwrap_or(&[]);
        for (i, &p) in params.iter().enumerate() {
            let t = ty(self.f.dfg.value_type(p))?;
            if incoming.is_empty() {
                let _ = writeln!(out, "  {} = select i1 true, {t} poison, {t} poison", self.name(p));
                continue;
            }
            let entries: Vec<String> = incoming.iter().map(|(l, args)| format!("[ {}, %{l} ]", args[i])).collect();
            let _ = writeln!(out, "  {} = phi {t} {}", self.name(p), entries.join(", "));
        }
        Ok(())
    }
}
