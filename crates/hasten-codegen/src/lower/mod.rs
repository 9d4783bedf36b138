//! Lowering of one typed function to Cranelift IR.
//!
//! Values are flattened: every typed value is a `Vec<Value>` with one entry per machine slot of its
//! type (see `Type::slots`); arrays are taken apart and built through `ArrayVals`. Locals are
//! Cranelift variables, one per slot. Control flow is emitted structurally; code after a
//! `return`/`break`/`continue`/`raise` in the same block is not emitted (`reachable` is false there).
//! Every failure calls a runtime helper to record the exception and returns status 1 from a cold
//! block.

mod arith;
mod array;
mod branch;
mod builtins;
mod calls;
mod complex;
mod convert;
mod emit;
mod errors;
mod exact_pow;
mod dict;
mod expr;
mod facts;
mod function;
mod iterate;
mod iterator;
mod handlers;
mod list;
mod list_search;
mod loops;
mod math;
mod mathseq;
mod numpy;
mod opt;
mod refs;
mod set;
mod stmt;
mod string;

use crate::abi::ArrayVals;
use crate::image::Recorder;
use cranelift_module::DataId;
use crate::helpers::Helper;
use crate::{ownership, ranges};
use crate::report::Report;
use facts::exact;
use opt::{carry, induction, lengths, select, unroll, vectorize};
use crate::{clif_type, slots_of};
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::Context;
use cranelift_codegen::ir::{
    self, types, AbiParam, Block, FuncRef, InstBuilder, MemFlagsData, Signature, StackSlotData, StackSlotKind,
    Value,
};
use cranelift_frontend::{FunctionBuilder, Variable};
use cranelift_jit::JITModule;
use cranelift_module::{FuncId as ClifFuncId, Linkage, Module};
use hasten_ir::hir::*;
use hasten_ir::{ArrayType, Diagnostic, Dtype, Layout, Options, SourceMap, Span, Type};
use hasten_runtime::messages::OVERFLOW;
use hasten_typeck::TypedProgram;
use std::collections::HashMap;

type Vals = Vec<Value>;
type R<T> = Result<T, Diagnostic>;

/// What the functions of one module share beyond their code: the constant strings (messages,
/// rendered locations) error paths point at, laid end to end in one data object of the module, and
/// the recorded code of every function defined (see `image`).
pub(crate) struct ModuleData {
    pub(crate) id: DataId,
    index: HashMap<String, i64>,
    bytes: Vec<u8>,
    pub recorder: Recorder,
    /// Set when lowering for tier 2: functions are kept, not compiled.
    keeper: Option<crate::clif::Keeper>,
}

impl ModuleData {
    pub(crate) fn new(id: DataId, keeper: Option<crate::clif::Keeper>) -> ModuleData {
        ModuleData { id, index: HashMap::new(), bytes: Vec::new(), recorder: Recorder::default(), keeper }
    }

    /// The offset of `s` in the data object, and its length.
    fn intern(&mut self, s: &str) -> (i64, i64) {
        let offset = *self.index.entry(s.to_string()).or_insert_with(|| {
            let at = self.bytes.len() as i64;
            self.bytes.extend_from_slice(s.as_bytes());
            at
        });
        (offset, s.len() as i64)
    }

    /// Compiles the function `ctx` holds as `id` and records its code (tier 1), or keeps its IR
    /// (tier 2).
    pub(crate) fn define(&mut self, module: &mut JITModule, id: ClifFuncId, ctx: &mut Context, fastmath: bool) -> Result<(), String> {
        if let Some(keeper) = &mut self.keeper {
            keeper.keep(id, &ctx.func, fastmath);
            return Ok(());
        }
        crate::blend::float_selects(&mut ctx.func);
        if ctx.func.dfg.num_insts() > crate::LARGE_FUNCTION_INSTS {
            crate::define_large(module, id, ctx)?;
        } else {
            module.define_function(id, ctx).map_err(|e| format!("{e:?}"))?;
        }
        self.recorder.record(id, ctx);
        Ok(())
    }

    pub(crate) fn into_parts(self) -> (DataId, Vec<u8>, Recorder, Option<crate::clif::Keeper>) {
        (self.id, self.bytes, self.recorder, self.keeper)
    }
}

struct LocalVars {
    vars: Vec<Variable>,
    defined: Option<Variable>,
    /// Whether the local owns references to the heap values it holds (see `refs`).
    owned: bool,
    ty: Type,
    name: String,
}

struct Loop {
    continue_to: Block,
    break_to: Block,
    /// How many `try` constructs were open where the loop starts: `break` and `continue` leave the
    /// ones above (see `handlers`).
    tries: usize,
    /// How many temporaries were listed where the body starts. `break` and `continue` release
    /// those listed after: none, unless they leave a `finally` lowered inside a `return`, which
    /// holds the returned value there.
    temps: usize,
}

/// The part of `Lower` that belongs to one function body, swapped out while a callee is inlined.
struct Body<'a> {
    func: &'a Function,
    map: &'a SourceMap,
    opts: &'a Options,
    inline_ret: Option<(Block, Vec<Variable>)>,
    locals: Vec<LocalVars>,
    temp_base: usize,
    dead: ownership::DeadAfter,
    ret_ptr: Option<Value>,
    ret_ty: Type,
    loops: Vec<Loop>,
    facts: HashMap<LocalId, ranges::Interval>,
    counters: Vec<LocalId>,
    descending: HashMap<LocalId, Option<Vec<ranges::Below>>>,
    stable: Vec<bool>,
    loop_only: Vec<bool>,
    groups: Vec<Option<LocalId>>,
    sizes: HashMap<LocalId, (ranges::Size, i128)>,
    dims: HashMap<LocalId, Vec<(ranges::Size, i128)>>,
    below: HashMap<LocalId, Vec<ranges::Below>>,
    longer: Vec<lengths::Need>,
}

/// What code generation knows of the whole module: every specialisation, the source map and options
/// of each function, and which specialisations recurse or are small enough to inline.
pub(crate) struct ModuleInfo<'a> {
    pub program: &'a TypedProgram,
    pub ids: &'a [ClifFuncId],
    pub maps: &'a [SourceMap],
    pub options: &'a [Options],
    pub recursive: &'a [bool],
    pub inline: &'a [bool],
    /// Whether machine-code listings are recorded (`inspect_asm`).
    pub disasm: bool,
    /// Whether some function of the module has a `try`: then every failure releases what its
    /// path holds, since a caller may catch it (see `handlers`).
    pub handles_errors: bool,
    /// float64 lanes of a vectorised loop: 2 (Cranelift's 128-bit vectors) on tier 1, 8 on tier 2,
    /// where LLVM compiles them to two of the host's wider registers.
    pub vector_lanes: i64,
}

pub(crate) fn lower_function(
    b: FunctionBuilder<'_>,
    module: &mut JITModule,
    info: &ModuleInfo,
    index: usize,
    data: &mut ModuleData,
    outlined: &mut Vec<Listing>,
    report: &mut Report,
) -> R<()> {
    let spec = &info.program.specs[index];
    let (map, opts) = (&info.maps[spec.func], &info.options[spec.func]);
    let mut cx = Lower::new(b, module, info, outlined, data, report, &spec.hir, map, opts, ranges::stable_locals(&spec.hir));
    cx.ret_ty = spec.ret.clone();
    cx.function(&spec.hir, &spec.args, info.recursive[index])?;
    cx.finish();
    Ok(())
}

/// The Cranelift IR and machine code of a function outlined from another (a `prange` worker).
pub(crate) struct Listing {
    pub name: String,
    pub ir: String,
    pub asm: Option<String>,
}

struct Lower<'a, 'f> {
    b: FunctionBuilder<'f>,
    module: &'a mut JITModule,
    info: &'a ModuleInfo<'a>,
    outlined: &'a mut Vec<Listing>,
    /// The function whose body is being lowered (the callee's while one is inlined).
    func: &'a Function,
    /// Where `return` goes while an inlined callee is lowered: a join block and the result variables.
    inline_ret: Option<(Block, Vec<Variable>)>,
    map: &'a SourceMap,
    opts: &'a Options,
    data: &'a mut ModuleData,
    /// What the loop optimisations did (`f.explain()`), and the notes of the loops being lowered.
    report: &'a mut Report,
    open_loops: Vec<usize>,
    locals: Vec<LocalVars>,
    /// Owners of the temporaries alive at this point (see `refs`): those of the current body start
    /// at `temp_base`, those of the innermost scope at `scope_start`.
    temps: Vec<Value>,
    temp_base: usize,
    scope_start: usize,
    /// The owned locals to release after each statement (see `ownership`).
    dead: ownership::DeadAfter,
    /// Where `pin` stores values, made on first use.
    pin_slot: Option<ir::StackSlot>,
    /// Owners of the buffers `allocate` made that are still only temporaries: memory no local and
    /// no other value can overlap.
    fresh: std::collections::HashSet<Value>,
    ret_ptr: Option<Value>,
    ret_ty: Type,
    loops: Vec<Loop>,
    reachable: bool,
    helpers: HashMap<Helper, FuncRef>,
    /// The symbol of the module's data object (strings are at offsets in it), made on first use.
    string_base: Option<ir::GlobalValue>,
    /// Index expressions that a test before their loop proved in bounds (`opt::spans`), each with
    /// whether that also proves its one `+`/`-` free of overflow.
    spans: HashMap<*const Expr, bool>,
    specs: HashMap<usize, FuncRef>,
    error_exit: Option<Block>,
    /// Set while lowering `divmod`, whose division by zero has its own message.
    divmod: bool,
    /// Set while lowering a generator's conditions and element, and the variables an inner
    /// function or comprehension captures, which CPython reads as free variables (an unbound one
    /// raises NameError).
    in_generator: bool,
    /// Values of loop invariants computed before the loop being emitted (see `versioned_loop`).
    invariants: HashMap<*const Expr, Vals>,
    /// False inside the unversioned copy of a loop, so that nesting duplicates code at most once.
    versioning: bool,
    /// Where failures branch while invariants are evaluated speculatively, and how many branches
    /// went there.
    error_target: Option<Block>,
    speculative_exits: usize,
    /// While a side of an if-converted `if` is emitted, the condition under which that side is
    /// taken: its checks raise only when it holds (see `opt::select`).
    select_pred: Option<Value>,
    /// The continuation of the check whose raise block is being emitted (see `leave_to_error_exit`).
    raise_cont: Option<Block>,
    /// The `try` constructs being lowered, innermost last, across inlined bodies (see `handlers`).
    tries: Vec<handlers::TryCx>,
    /// The owned locals' variables of the bodies an inlined callee was entered from, outermost
    /// first, and an id of the current body: failures release the locals of the bodies they leave.
    outer_owned: Vec<Vec<Variable>>,
    body_serial: u32,
    next_serial: u32,
    /// Cold blocks of failure paths that release values, emitted at the end (see `handlers`).
    deferred: Vec<handlers::Deferred>,
    unwinders: HashMap<(Block, u32), Block>,
    /// Conditions whose truth the loop copy being emitted already knows (see `unswitched_loop`).
    known: HashMap<*const Expr, bool>,
    /// The carried element of the innermost loop being emitted (`opt::carry`): its stores and the
    /// reads of it that take the stored value.
    carry_stores: Vec<(*const Stmt, carry::Carried)>,
    carry_reads: HashMap<*const Expr, carry::Carried>,
    /// The `range` loops being lowered, innermost last, for strength reduction of addresses.
    inductions: Vec<induction::Induction>,
    /// Value ranges of int locals (see `ranges`), and which locals hold one value for their life.
    facts: HashMap<LocalId, ranges::Interval>,
    /// The counters among them (`facts::counters`), whose range holds at every assignment.
    counters: Vec<LocalId>,
    /// Locals set once and otherwise decreased (`facts::descending`), with the upper bounds their
    /// settings emitted so far give.
    descending: HashMap<LocalId, Option<Vec<ranges::Below>>>,
    stable: Vec<bool>,
    loop_only: Vec<bool>,
    /// Rebound array locals whose values all have one shape: their group's representative (`shapes`).
    groups: Vec<Option<LocalId>>,
    /// Int locals known to equal an array length, array locals whose axis lengths are known, and
    /// upper bounds of index locals: together they prove indexing in bounds.
    sizes: HashMap<LocalId, (ranges::Size, i128)>,
    dims: HashMap<LocalId, Vec<(ranges::Size, i128)>>,
    below: HashMap<LocalId, Vec<ranges::Below>>,
    /// Array axes at least as long as a length, in the copy of a loop nest versioned on it
    /// (`opt::lengths`).
    longer: Vec<lengths::Need>,
    /// Temporary variables (`temp_var`) of the statements being lowered, and those of finished
    /// statements, free to serve again: Cranelift's SSA builder keeps a table per variable as long
    /// as the function's block count, so a fresh variable per temporary made big functions'
    /// compile times quadratic.
    live_temps: Vec<(ir::Type, Variable)>,
    spare_temps: HashMap<ir::Type, Vec<Variable>>,
    /// The locals whose zero is given before each top-level statement (`crate::starts`).
    local_starts: HashMap<*const Stmt, Vec<LocalId>>,
}

fn is_signed_num(ty: &Type) -> bool {
    match ty {
        Type::Int => true,
        Type::Scalar(d) => d.is_signed(),
        _ => false,
    }
}

fn num_dtype(ty: &Type) -> Dtype {
    ty.scalar_dtype().expect("numeric scalar type")
}

fn scalar_clif(ty: &Type) -> ir::Type {
    clif_type(slots_of(ty)[0])
}

impl<'a, 'f> Lower<'a, 'f> {
    /// The state for lowering a body of `func` into `b`, with no facts known yet.
    #[allow(clippy::too_many_arguments)] // the borrowed context of one function
    fn new(
        b: FunctionBuilder<'f>,
        module: &'a mut JITModule,
        info: &'a ModuleInfo<'a>,
        outlined: &'a mut Vec<Listing>,
        data: &'a mut ModuleData,
        report: &'a mut Report,
        func: &'a Function,
        map: &'a SourceMap,
        opts: &'a Options,
        stable: Vec<bool>,
    ) -> Self {
        let counters = facts::counters(func);
        let descending = facts::descending(func, &counters.iter().map(|(id, _)| *id).collect::<Vec<_>>());
        Lower {
            b,
            module,
            info,
            outlined,
            func,
            map,
            opts,
            data,
            report,
            string_base: None,
            spans: HashMap::new(),
            open_loops: Vec::new(),
            inline_ret: None,
            locals: Vec::new(),
            temps: Vec::new(),
            temp_base: 0,
            scope_start: 0,
            dead: ownership::dead_after(func, &func.locals.iter().map(|l| l.ty.has_refs()).collect::<Vec<_>>()),
            fresh: Default::default(),
            pin_slot: None,
            ret_ptr: None,
            ret_ty: Type::None,
            loops: Vec::new(),
            reachable: true,
            helpers: HashMap::new(),
            specs: HashMap::new(),
            error_exit: None,
            divmod: false,
            in_generator: false,
            invariants: HashMap::new(),
            versioning: true,
            error_target: None,
            speculative_exits: 0,
            select_pred: None,
            raise_cont: None,
            tries: Vec::new(),
            outer_owned: Vec::new(),
            body_serial: 0,
            next_serial: 1,
            deferred: Vec::new(),
            unwinders: HashMap::new(),
            known: HashMap::new(),
            carry_stores: Vec::new(),
            carry_reads: HashMap::new(),
            inductions: Vec::new(),
            facts: counters.iter().copied().collect(),
            counters: counters.into_iter().map(|(id, _)| id).collect(),
            descending,
            loop_only: facts::loop_only(func),
            live_temps: Vec::new(),
            spare_temps: HashMap::new(),
            local_starts: HashMap::new(),
            stable,
            groups: crate::shapes::shape_groups(func),
            sizes: HashMap::new(),
            dims: HashMap::new(),
            below: HashMap::new(),
            longer: Vec::new(),
        }
    }

    /// Seals and finalizes the function once its body is lowered.
    fn finish(mut self) {
        self.b.seal_all_blocks();
        let config = self.module.isa().frontend_config();
        self.b.finalize(config);
    }
}
