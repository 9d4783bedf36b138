//! Code generation: typed HIR → Cranelift IR → native code in a JIT module.
//!
//! Every specialisation becomes one native function `(ret_ptr, flattened args...) -> status`. The
//! status is 0 on success and 1 when an exception is pending in the runtime's error state: errors are
//! values, never traps, because a Cranelift trap kills the process. Results are written to `ret_ptr`,
//! one 8-byte slot per flattened value. The root also gets an entry trampoline
//! `(args_ptr, ret_ptr) -> status` that reads its arguments from a slot buffer.

mod abi;
mod blend;
pub mod clif;
mod helpers;
pub mod image;
mod libm;
mod ownership;
mod lower;
mod npymath;
mod phis;
mod ranges;
mod report;
mod shapes;
mod starts;

use cranelift_codegen::ir::{self, types, AbiParam, InstBuilder, MemFlagsData, Signature};
use cranelift_codegen::isa::{OwnedTargetIsa, TargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::Context;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, FuncId as ClifFuncId, Linkage, Module};
use hasten_ir::types::Slot;
use hasten_ir::hir::{for_each_expr, Callee, Expr, ExprKind, Stmt, StmtKind};
use hasten_ir::{Diagnostic, FuncId, Options, SourceMap, Type};
use hasten_typeck::TypedProgram;
use std::sync::OnceLock;

pub type EntryFn = unsafe extern "C" fn(args: *const u64, ret: *mut u64) -> i32;

pub struct CompiledModule {
    pub entry: EntryFn,
    pub ir_text: String,
    pub asm_text: String,
    /// Per loop, what the optimisations did (`f.explain()`).
    pub report: String,
    /// The module as relocatable code for `cache=True`, or why it cannot be.
    pub image: Result<image::Image, String>,
    /// Owns the machine code and the constant data it points to.
    _module: ModuleHolder,
}

impl CompiledModule {
    /// Loads an image made by `compile_module` (in this or another process) with the listings that
    /// were stored with it.
    pub fn load(image: image::Image, ir_text: String, report: String) -> Result<CompiledModule, String> {
        let (module, entry) = image.load()?;
        // SAFETY: the image's entry is the trampoline `define_entry` built with this signature.
        let entry = unsafe { std::mem::transmute::<*const u8, EntryFn>(entry) };
        Ok(CompiledModule { entry, ir_text, asm_text: String::new(), report, image: Ok(image), _module: ModuleHolder(module) })
    }
}

/// What compiled code was compiled for: the target and every ISA and shared flag Cranelift used.
/// Machine code cached under one fingerprint is only loaded under the same one.
pub fn isa_fingerprint() -> String {
    let isa = isa();
    let flags: Vec<String> = isa.isa_flags().iter().map(|v| v.to_string()).collect();
    format!("{} {} {}", isa.triple(), flags.join(","), isa.flags())
}

/// Every symbol compiled code may call, with its address in this process.
pub fn runtime_symbols() -> Vec<(&'static str, *const u8)> {
    let mut all = hasten_runtime::symbols();
    all.extend(libm::symbols());
    all
}

fn jit_module() -> JITModule {
    let mut builder = JITBuilder::with_isa(isa().clone(), default_libcall_names());
    for (name, ptr) in runtime_symbols() {
        builder.symbol(name, ptr);
    }
    JITModule::new(builder)
}

struct ModuleHolder(#[allow(dead_code)] JITModule);

// SAFETY: the module is never touched after finalisation; it only keeps code memory alive, and code
// memory is immutable and callable from any thread.
unsafe impl Send for ModuleHolder {}
unsafe impl Sync for ModuleHolder {}

fn isa() -> &'static OwnedTargetIsa {
    static ISA: OnceLock<OwnedTargetIsa> = OnceLock::new();
    ISA.get_or_init(|| host_isa("backtracking"))
}

/// The host ISA whose register allocator is `regalloc` (Cranelift's names).
fn host_isa(regalloc: &str) -> OwnedTargetIsa {
    let mut flags = settings::builder();
    flags.set("opt_level", "speed").expect("valid flag");
    flags.set("is_pic", "false").expect("valid flag");
    flags.set("regalloc_algorithm", regalloc).expect("valid flag");
    // Cranelift's IR verifier catches code generation bugs before they become machine code;
    // debug builds and the test suite (HASTEN_VERIFY, as for the typed tree) keep it on, release
    // compiles skip its cost.
    let verify = cfg!(debug_assertions) || std::env::var_os("HASTEN_VERIFY").is_some();
    flags.set("enable_verifier", if verify { "true" } else { "false" }).expect("valid flag");
    let isa = cranelift_native::builder().expect("host ISA is supported");
    isa.finish(settings::Flags::new(flags)).expect("host ISA builds")
}

/// The size (Cranelift instructions) beyond which a function is compiled with the single-pass
/// register allocator: the backtracking one's time grows faster than the function (a 2,000-line
/// function of NumPy calls took 15 s, 3 s single-pass). Hot code gets tier 2's allocator anyway.
pub(crate) const LARGE_FUNCTION_INSTS: usize = 40_000;

/// The host ISA with the single-pass register allocator.
fn single_pass_isa() -> &'static OwnedTargetIsa {
    static ISA: OnceLock<OwnedTargetIsa> = OnceLock::new();
    ISA.get_or_init(|| host_isa("single_pass"))
}

/// Compiles the large function `ctx` holds with `single_pass_isa` and defines its bytes as `id`,
/// as `JITModule::define_function` defines a function compiled with the module's own ISA.
pub(crate) fn define_large(module: &mut JITModule, id: ClifFuncId, ctx: &mut Context) -> Result<(), String> {
    let isa = single_pass_isa();
    ctx.compile(isa.as_ref(), &mut Default::default()).map_err(|e| format!("{:?}", e.inner))?;
    let code = ctx.compiled_code().expect("compiled above");
    let align = (code.buffer.alignment as u64).max(isa.function_alignment().minimum as u64).max(isa.symbol_alignment());
    let relocs: Vec<cranelift_module::ModuleReloc> = code.buffer.relocs().iter().map(|r| cranelift_module::ModuleReloc::from_mach_reloc(r, &ctx.func, id)).collect();
    module.define_function_bytes(id, align, code.code_buffer(), &relocs).map_err(|e| format!("{e:?}"))
}

pub(crate) fn clif_type(slot: Slot) -> ir::Type {
    match slot {
        Slot::I8 => types::I8,
        Slot::I16 => types::I16,
        Slot::I32 => types::I32,
        Slot::I64 => types::I64,
        Slot::F32 => types::F32,
        Slot::F64 => types::F64,
    }
}

pub(crate) fn slots_of(ty: &Type) -> Vec<Slot> {
    let mut v = Vec::new();
    ty.slots(&mut v);
    v
}

fn signature(isa: &dyn TargetIsa, args: &[Type]) -> Signature {
    let mut sig = Signature::new(isa.default_call_conv());
    sig.params.push(AbiParam::new(types::I64));
    for a in args {
        for s in slots_of(a) {
            sig.params.push(AbiParam::new(clif_type(s)));
        }
    }
    sig.returns.push(AbiParam::new(types::I32));
    sig
}

/// Compiles every specialisation of `program` into one module. `disasm` also records the listings
/// (the optimised Cranelift IR and the machine code), which cost compile time (a tenth of a typical
/// compile for the IR text alone), so only `inspect_ir`/`inspect_asm` ask for them.
pub fn compile_module(
    program: &TypedProgram,
    maps: &[SourceMap],
    options: &[Options],
    disasm: bool,
) -> Result<CompiledModule, (FuncId, Diagnostic)> {
    let root = program.specs[program.root].func;
    let lowered = lower_module(program, maps, options, disasm, None)?;
    let Lowered { mut module, data, entry_id, ir_text, asm_text, report } = lowered;
    let (data_id, bytes, recorder, _) = data.into_parts();
    image::define_data(&mut module, data_id, &bytes).map_err(|e| (root, Diagnostic::internal(format!("JIT: {e}"))))?;
    let image = recorder.image(&module, data_id, bytes, entry_id);
    module.finalize_definitions().map_err(|e| (root, Diagnostic::internal(format!("JIT: {e:?}"))))?;
    let ptr = module.get_finalized_function(entry_id);
    // SAFETY: the entry trampoline was defined with exactly this signature.
    let entry = unsafe { std::mem::transmute::<*const u8, EntryFn>(ptr) };
    Ok(CompiledModule { entry, ir_text, asm_text, report: report.render(), image, _module: ModuleHolder(module) })
}

/// Lowers every specialisation of `program` for the second tier: the Cranelift IR is kept rather
/// than compiled, and vector loops are eight lanes wide (`ModuleInfo::vector_lanes`), which LLVM
/// compiles for the host's wider registers and Cranelift cannot.
pub fn lower_for_tier2(program: &TypedProgram, maps: &[SourceMap], options: &[Options]) -> Result<clif::ClifModule, (FuncId, Diagnostic)> {
    let lowered = lower_module(program, maps, options, false, Some(clif::Keeper::default()))?;
    let Lowered { module, data, entry_id, .. } = lowered;
    let (data_id, bytes, _, keeper) = data.into_parts();
    let keeper = keeper.expect("lowered for tier 2");
    Ok(keeper.finish(&module, data_id, &bytes, entry_id))
}

struct Lowered {
    module: JITModule,
    data: lower::ModuleData,
    entry_id: ClifFuncId,
    ir_text: String,
    asm_text: String,
    report: report::Report,
}

/// Lowers every specialisation and the entry trampoline: defined in the JIT module (tier 1), or
/// kept by `keeper` (tier 2).
fn lower_module(
    program: &TypedProgram,
    maps: &[SourceMap],
    options: &[Options],
    disasm: bool,
    keeper: Option<clif::Keeper>,
) -> Result<Lowered, (FuncId, Diagnostic)> {
    let isa = isa().clone();
    let mut module = jit_module();
    let ids: Vec<ClifFuncId> = program
        .specs
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let sig = signature(isa.as_ref(), &spec.args);
            module.declare_function(&format!("hasten_f{i}"), Linkage::Local, &sig).expect("fresh name")
        })
        .collect();

    let recursive = recursive_specs(program);
    let inline = inline_specs(program, &recursive, options);
    let handles_errors = program.specs.iter().any(|s| has_try(&s.hir.body));
    let vector_lanes = if keeper.is_some() { 8 } else { 2 };
    let info = lower::ModuleInfo { program, ids: &ids, maps, options, recursive: &recursive, inline: &inline, disasm, handles_errors, vector_lanes };
    let mut data = lower::ModuleData::new(image::declare_data(&mut module), keeper);
    let mut ctx = module.make_context();
    let mut fctx = FunctionBuilderContext::new();
    let mut ir_text = String::new();
    let mut asm_text = String::new();
    let mut report = report::Report::default();
    for (i, spec) in program.specs.iter().enumerate() {
        ctx.func.signature = signature(isa.as_ref(), &spec.args);
        ctx.set_disasm(disasm);
        let mut outlined = Vec::new();
        {
            let builder = FunctionBuilder::new(&mut ctx.func, &mut fctx);
            lower::lower_function(builder, &mut module, &info, i, &mut data, &mut outlined, &mut report)
            .map_err(|d| (spec.func, d))?;
        }
        phis::remove_copies(&mut ctx.func);
        data.define(&mut module, ids[i], &mut ctx, options[spec.func].fastmath).map_err(|e| {
            (spec.func, Diagnostic::internal(format!("code generation: {e}")))
        })?;
        if disasm && ctx.compiled_code().is_some() {
            ir_text.push_str(&format!("; {} {}\n{}\n", spec.hir.name, describe(&spec.args), ctx.func.display()));
        }
        if let Some(code) = ctx.compiled_code().and_then(|c| c.vcode.clone()) {
            asm_text.push_str(&format!("; {} {}\n{code}\n", spec.hir.name, describe(&spec.args)));
        }
        for l in outlined.into_iter().filter(|_| disasm) {
            ir_text.push_str(&format!("; {}\n{}\n", l.name, l.ir));
            if let Some(code) = l.asm {
                asm_text.push_str(&format!("; {}\n{code}\n", l.name));
            }
        }
        module.clear_context(&mut ctx);
    }

    let entry_id = define_entry(&mut module, &mut ctx, &mut fctx, &mut data, ids[program.root], &program.specs[program.root].args);
    module.clear_context(&mut ctx);
    Ok(Lowered { module, data, entry_id, ir_text, asm_text, report })
}

/// Which specialisations can call themselves, directly or through others: only they need a stack check.
fn recursive_specs(program: &TypedProgram) -> Vec<bool> {
    let edges: Vec<Vec<usize>> = program
        .specs
        .iter()
        .map(|s| {
            let mut out = Vec::new();
            callees(&s.hir.body, &mut out);
            out
        })
        .collect();
    (0..edges.len())
        .map(|start| {
            let mut seen = vec![false; edges.len()];
            let mut stack = edges[start].clone();
            while let Some(n) = stack.pop() {
                if n == start {
                    return true;
                }
                if !std::mem::replace(&mut seen[n], true) {
                    stack.extend(&edges[n]);
                }
            }
            false
        })
        .collect()
}

/// Leaf specialisations small enough that a call costs more than their body, or declared
/// `inline='always'`: they are lowered in place at each call site.
fn inline_specs(program: &TypedProgram, recursive: &[bool], options: &[Options]) -> Vec<bool> {
    const MAX_STATEMENTS: usize = 24;
    program
        .specs
        .iter()
        .zip(recursive)
        .map(|(s, rec)| {
            let mut calls = Vec::new();
            callees(&s.hir.body, &mut calls);
            let small = statement_count(&s.hir.body) <= MAX_STATEMENTS || options[s.func].inline_always;
            !rec && calls.is_empty() && small
        })
        .collect()
}

/// Statements in a body, nested ones included: the size limit of inlining and unrolling.
pub(crate) fn statement_count(stmts: &[Stmt]) -> usize {
    stmts
        .iter()
        .map(|s| {
            1 + s.kind.blocks().into_iter().map(statement_count).sum::<usize>()
        })
        .sum()
}

/// Whether the statements contain a `try`, nested ones included.
fn has_try(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| matches!(s.kind, StmtKind::Try { .. }) || s.kind.blocks().into_iter().any(has_try))
}

fn callees(stmts: &[Stmt], out: &mut Vec<usize>) {
    fn expr(e: &Expr, out: &mut Vec<usize>) {
        if let ExprKind::Call(Callee::Spec(j, _), ..) = e.kind {
            out.push(j);
        }
        e.for_each_child(|c| expr(c, out));
    }
    for_each_expr(stmts, &mut |e| expr(e, out));
}

fn describe(args: &[Type]) -> String {
    let items: Vec<String> = args.iter().map(|t| t.to_string()).collect();
    format!("({})", items.join(", "))
}

fn define_entry(
    module: &mut JITModule,
    ctx: &mut Context,
    fctx: &mut FunctionBuilderContext,
    data: &mut lower::ModuleData,
    target: ClifFuncId,
    args: &[Type],
) -> ClifFuncId {
    let isa = module.isa();
    let config = isa.frontend_config();
    let mut sig = Signature::new(isa.default_call_conv());
    sig.params.push(AbiParam::new(types::I64));
    sig.params.push(AbiParam::new(types::I64));
    sig.returns.push(AbiParam::new(types::I32));
    let id = module.declare_function("hasten_entry", Linkage::Export, &sig).expect("fresh name");
    ctx.func.signature = sig;
    {
        let mut b = FunctionBuilder::new(&mut ctx.func, fctx);
        let block = b.create_block();
        b.append_block_params_for_function_params(block);
        b.switch_to_block(block);
        let (args_ptr, ret_ptr) = (b.block_params(block)[0], b.block_params(block)[1]);
        let mut call_args = vec![ret_ptr];
        let mut offset = 0;
        for a in args {
            for s in slots_of(a) {
                call_args.push(b.ins().load(clif_type(s), MemFlagsData::trusted(), args_ptr, offset));
                offset += 8;
            }
        }
        let callee = module.declare_func_in_func(target, b.func);
        let call = b.ins().call(callee, &call_args);
        let status = b.inst_results(call)[0];
        b.ins().return_(&[status]);
        b.seal_all_blocks();
        b.finalize(config);
    }
    data.define(module, id, ctx, false).expect("entry trampoline compiles");
    id
}
