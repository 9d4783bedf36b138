//! Lowering of one typed function to Cranelift IR.
//!
//! Values are flattened: every typed value is a `Vec<Value>` with one entry per machine slot of its
//! type (see `Type::slots`). Locals are Cranelift variables, one per slot. Control flow is emitted
//! structurally; code after a `return`/`break`/`continue`/`raise` in the same block is not emitted
//! (`reachable` is false there). Every failure calls a runtime helper to record the exception and
//! returns status 1 from a cold block.

mod elementwise;
mod parallel;
mod vector;

use crate::affine::{self, Affine, Update};
use crate::memo;
use crate::ranges;
use crate::unswitch;
use crate::unroll;
use crate::vectorize;
use crate::report::Report;
use crate::induction;
use crate::{clif_type, slots_of};
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{
    self, types, AbiParam, Block, FuncRef, InstBuilder, MemFlagsData, Signature, StackSlotData, StackSlotKind,
    Value,
};
use cranelift_frontend::{FunctionBuilder, Variable};
use cranelift_jit::JITModule;
use cranelift_module::{FuncId as ClifFuncId, Linkage, Module};
use hasten_ir::hir::*;
use hasten_ir::{ArrayType, Diagnostic, Dtype, Layout, Options, SourceMap, Span, Type};
use hasten_typeck::{is_negative_int_const, rules, TypedProgram};
use std::collections::HashMap;

type Vals = Vec<Value>;
type R<T> = Result<T, Diagnostic>;

/// Constant strings (messages, rendered locations) that compiled code points at. They live as long as
/// the compiled module.
#[derive(Default)]
pub(crate) struct Strings {
    index: HashMap<String, usize>,
    data: Vec<Box<[u8]>>,
}

impl Strings {
    fn intern(&mut self, s: &str) -> (i64, i64) {
        let i = *self.index.entry(s.to_string()).or_insert_with(|| {
            self.data.push(s.as_bytes().to_vec().into_boxed_slice());
            self.data.len() - 1
        });
        let bytes = &self.data[i];
        (bytes.as_ptr() as i64, bytes.len() as i64)
    }

    pub(crate) fn into_inner(self) -> Vec<Box<[u8]>> {
        self.data
    }
}

struct LocalVars {
    vars: Vec<Variable>,
    defined: Option<Variable>,
    ty: Type,
    name: String,
}

struct Loop {
    continue_to: Block,
    break_to: Block,
}

/// The values an array update reads: a temporary array with strides aligned to the target (0 where
/// it broadcasts), or one scalar.
enum Source {
    Array(Value, Vals, Dtype),
    Scalar(Value, Type),
}

/// The part of `Lower` that belongs to one function body, swapped out while a callee is inlined.
struct Body<'a> {
    func: &'a Function,
    map: &'a SourceMap,
    opts: &'a Options,
    inline_ret: Option<(Block, Vec<Variable>)>,
    locals: Vec<LocalVars>,
    ret_ptr: Option<Value>,
    ret_ty: Type,
    loops: Vec<Loop>,
    facts: HashMap<LocalId, ranges::Interval>,
    stable: Vec<bool>,
    sizes: HashMap<LocalId, (ranges::Size, i128)>,
    dims: HashMap<LocalId, Vec<(ranges::Size, i128)>>,
    below: HashMap<LocalId, Vec<ranges::Below>>,
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
}

pub(crate) fn lower_function(
    b: FunctionBuilder<'_>,
    module: &mut JITModule,
    info: &ModuleInfo,
    index: usize,
    strings: &mut Strings,
    outlined: &mut Vec<Listing>,
    report: &mut Report,
) -> R<()> {
    let spec = &info.program.specs[index];
    let (map, opts) = (&info.maps[spec.func], &info.options[spec.func]);
    let mut cx = Lower::new(b, module, info, outlined, strings, report, &spec.hir, map, opts, ranges::stable_locals(&spec.hir));
    cx.ret_ty = spec.ret.clone();
    cx.function(&spec.hir, info.recursive[index])?;
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
    strings: &'a mut Strings,
    /// What the loop optimisations did (`f.explain()`), and the notes of the loops being lowered.
    report: &'a mut Report,
    open_loops: Vec<usize>,
    locals: Vec<LocalVars>,
    ret_ptr: Option<Value>,
    ret_ty: Type,
    loops: Vec<Loop>,
    reachable: bool,
    helpers: HashMap<&'static str, FuncRef>,
    specs: HashMap<usize, FuncRef>,
    error_exit: Option<Block>,
    /// Set while lowering `divmod`, whose division by zero has its own message.
    divmod: bool,
    /// Values of loop invariants computed before the loop being emitted (see `versioned_loop`).
    invariants: HashMap<*const Expr, Vals>,
    /// False inside the unversioned copy of a loop, so that nesting duplicates code at most once.
    versioning: bool,
    /// Where failures branch while invariants are evaluated speculatively, and how many branches
    /// went there.
    error_target: Option<Block>,
    speculative_exits: usize,
    /// The continuation of the check whose raise block is being emitted (see `leave_to_error_exit`).
    raise_cont: Option<Block>,
    /// Conditions whose truth the loop copy being emitted already knows (see `unswitched_loop`).
    known: HashMap<*const Expr, bool>,
    /// The `range` loops being lowered, innermost last, for strength reduction of addresses.
    inductions: Vec<induction::Induction>,
    /// Value ranges of int locals (see `ranges`), and which locals hold one value for their life.
    facts: HashMap<LocalId, ranges::Interval>,
    stable: Vec<bool>,
    /// Int locals known to equal an array length, array locals whose axis lengths are known, and
    /// upper bounds of index locals: together they prove indexing in bounds.
    sizes: HashMap<LocalId, (ranges::Size, i128)>,
    dims: HashMap<LocalId, Vec<(ranges::Size, i128)>>,
    below: HashMap<LocalId, Vec<ranges::Below>>,
}

pub(crate) const OVERFLOW: &str = "integer overflow: the result does not fit in 64 bits (hasten ints are 64-bit)";

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

/// An index `size - offset - v`, see `Lower::mirrored_index`.
#[derive(Clone, Copy)]
struct Mirrored {
    size: ranges::Size,
    offset: i128,
    /// The lower bound of `v`, when the facts give one.
    var_lo: Option<i128>,
    nonnegative: bool,
}

impl<'a, 'f> Lower<'a, 'f> {
    /// The state for lowering a body of `func` into `b`, with no facts known yet.
    #[allow(clippy::too_many_arguments)] // the borrowed context of one function
    fn new(
        b: FunctionBuilder<'f>,
        module: &'a mut JITModule,
        info: &'a ModuleInfo<'a>,
        outlined: &'a mut Vec<Listing>,
        strings: &'a mut Strings,
        report: &'a mut Report,
        func: &'a Function,
        map: &'a SourceMap,
        opts: &'a Options,
        stable: Vec<bool>,
    ) -> Self {
        Lower {
            b,
            module,
            info,
            outlined,
            func,
            map,
            opts,
            strings,
            report,
            open_loops: Vec::new(),
            inline_ret: None,
            locals: Vec::new(),
            ret_ptr: None,
            ret_ty: Type::None,
            loops: Vec::new(),
            reachable: true,
            helpers: HashMap::new(),
            specs: HashMap::new(),
            error_exit: None,
            divmod: false,
            invariants: HashMap::new(),
            versioning: true,
            error_target: None,
            speculative_exits: 0,
            raise_cont: None,
            known: HashMap::new(),
            inductions: Vec::new(),
            facts: HashMap::new(),
            stable,
            sizes: HashMap::new(),
            dims: HashMap::new(),
            below: HashMap::new(),
        }
    }

    /// Emits the shared error exit, if any check branches to it: it returns status 1.
    fn emit_error_exit(&mut self) {
        if let Some(exit) = self.error_exit {
            self.b.switch_to_block(exit);
            let one = self.iconst(types::I32, 1);
            self.b.ins().return_(&[one]);
        }
    }

    /// Seals and finalizes the function once its body is lowered.
    fn finish(mut self) {
        self.b.seal_all_blocks();
        let config = self.module.isa().frontend_config();
        self.b.finalize(config);
    }

    // ---- infrastructure -------------------------------------------------------------------------

    fn helper(&mut self, name: &'static str, params: &[ir::Type], rets: &[ir::Type]) -> FuncRef {
        if let Some(f) = self.helpers.get(name) {
            return *f;
        }
        let mut sig = Signature::new(self.module.isa().default_call_conv());
        sig.params.extend(params.iter().map(|t| AbiParam::new(*t)));
        sig.returns.extend(rets.iter().map(|t| AbiParam::new(*t)));
        let id = self.module.declare_function(name, Linkage::Import, &sig).expect("helper signature is consistent");
        let f = self.module.declare_func_in_func(id, self.b.func);
        self.helpers.insert(name, f);
        f
    }

    fn call(&mut self, f: FuncRef, args: &[Value]) -> Vals {
        let inst = self.b.ins().call(f, args);
        self.b.inst_results(inst).to_vec()
    }

    fn str_consts(&mut self, s: &str) -> (Value, Value) {
        let (p, l) = self.strings.intern(s);
        (self.b.ins().iconst(types::I64, p), self.b.ins().iconst(types::I64, l))
    }

    fn location(&mut self, span: Span) -> (Value, Value) {
        let text = self.map.render_location(span);
        self.str_consts(&text)
    }

    fn error_exit(&mut self) -> Block {
        if let Some(t) = self.error_target {
            self.speculative_exits += 1;
            return t;
        }
        if let Some(b) = self.error_exit {
            return b;
        }
        let block = self.b.create_block();
        self.b.set_cold_block(block);
        self.error_exit = Some(block);
        block
    }

    /// Emits the raise of `exc(msg)` at the current point, leaving the block terminated.
    fn emit_raise(&mut self, exc: &str, msg: Option<&str>, span: Span) {
        let (ep, el) = self.str_consts(exc);
        let (mp, ml) = match msg {
            Some(m) => self.str_consts(m),
            None => (self.b.ins().iconst(types::I64, 0), self.b.ins().iconst(types::I64, 0)),
        };
        let (lp, ll) = self.location(span);
        let f = self.helper("hasten_rt_raise", &[types::I64; 6], &[]);
        self.call(f, &[ep, el, mp, ml, lp, ll]);
        self.leave_to_error_exit();
    }

    /// Ends a raise block with a jump to the error exit. Inside `fail_if_with` the block also gets a
    /// never-taken edge back to the checked code's continuation: Cranelift's egraph stops hoisting
    /// loop invariants for the rest of a loop body once its walk of the dominator tree has entered
    /// a block outside the loop, and this keeps raise blocks inside their loop.
    fn leave_to_error_exit(&mut self) {
        let exit = self.error_exit();
        match self.raise_cont {
            Some(cont) => {
                let always = self.b.ins().iconst(types::I8, 1);
                self.b.ins().brif(always, exit, &[], cont, &[]);
            }
            None => {
                self.b.ins().jump(exit, &[]);
            }
        }
    }

    /// Branches to a cold block that runs `raise` and fails when `cond` is true.
    fn fail_if_with(&mut self, cond: Value, raise: impl FnOnce(&mut Self)) {
        let cold = self.b.create_block();
        let cont = self.b.create_block();
        self.b.set_cold_block(cold);
        self.b.ins().brif(cond, cold, &[], cont, &[]);
        self.b.switch_to_block(cold);
        let outer = self.raise_cont.replace(cont);
        raise(self);
        self.raise_cont = outer;
        self.b.switch_to_block(cont);
    }

    fn fail_if(&mut self, cond: Value, exc: &str, msg: &str, span: Span) {
        self.fail_if_with(cond, |cx| cx.emit_raise(exc, Some(msg), span));
    }

    /// Propagates an error already recorded by a helper when `status` is nonzero.
    fn check_status(&mut self, status: Value) {
        let exit = self.error_exit();
        let cont = self.b.create_block();
        self.b.ins().brif(status, exit, &[], cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// Emits `for i in 0..n: body(i)` with the exit test first (so LICM can hoist invariants).
    fn counted_loop(&mut self, n: Value, body: impl FnOnce(&mut Self, Value) -> R<()>) -> R<()> {
        let zero = self.iconst(types::I64, 0);
        self.index_loop(zero, n, |cx, i, _| body(cx, i))
    }

    /// Emits `for i in lo..hi: body(i, latch)` with the exit test first; `body` may branch to
    /// `latch` to go on with the next index, and otherwise falls through to it.
    fn index_loop(&mut self, lo: Value, hi: Value, body: impl FnOnce(&mut Self, Value, Block) -> R<()>) -> R<()> {
        self.stepped_loop(lo, hi, 1, body)
    }

    /// `index_loop` with the index going up by `step`.
    fn stepped_loop(&mut self, lo: Value, hi: Value, step: i64, body: impl FnOnce(&mut Self, Value, Block) -> R<()>) -> R<()> {
        let counter = self.b.declare_var(types::I64);
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

    fn iconst(&mut self, ty: ir::Type, v: i64) -> Value {
        self.b.ins().iconst(ty, v)
    }

    fn stack_slot(&mut self, bytes: u32) -> Value {
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, bytes.max(8), 3));
        self.b.ins().stack_addr(types::I64, slot, 0)
    }

    /// The value of `v` when it is an integer constant defined by an instruction.
    fn const_int(&self, v: Value) -> Option<i64> {
        let dfg = &self.b.func.dfg;
        match dfg.value_def(v) {
            ir::ValueDef::Result(inst, _) => match dfg.insts[inst] {
                ir::InstructionData::UnaryImm { opcode: ir::Opcode::Iconst, imm } => Some(imm.bits()),
                _ => None,
            },
            _ => None,
        }
    }

    /// `a op b` for 64-bit `+`, `-` or `*`, and whether it overflowed. With a constant operand the
    /// overflow test is a comparison of the other operand with a bound: unlike the flag of an
    /// `*_overflow` instruction, Cranelift can merge it and hoist it out of loops.
    fn checked(&mut self, op: BinOp, a: Value, b: Value) -> (Value, Value) {
        let (max, min) = (i64::MAX, i64::MIN);
        let (x, c) = match (self.const_int(a), self.const_int(b)) {
            (Some(0), None) if op == BinOp::Sub => {
                let of = self.b.ins().icmp_imm_s(IntCC::Equal, b, min);
                return (self.b.ins().ineg(b), of);
            }
            (_, Some(c)) => (a, c),
            (Some(c), None) if op != BinOp::Sub => (b, c),
            _ => {
                return match op {
                    BinOp::Add => self.b.ins().sadd_overflow(a, b),
                    BinOp::Sub => self.b.ins().ssub_overflow(a, b),
                    _ => self.b.ins().smul_overflow(a, b),
                };
            }
        };
        // The operands for which the result fits, as an inclusive range [lo, hi].
        let (r, lo, hi) = match op {
            BinOp::Add if c >= 0 => (self.b.ins().iadd_imm_s(x, c), min, max - c),
            BinOp::Add => (self.b.ins().iadd_imm_s(x, c), min - c, max),
            BinOp::Sub if c >= 0 => (self.b.ins().isub(a, b), min + c, max),
            BinOp::Sub => (self.b.ins().isub(a, b), min, max + c),
            _ => {
                let r = self.b.ins().imul_imm_s(x, c);
                match c {
                    0 | 1 => (r, min, max),
                    -1 => (r, min + 1, max),
                    c if c > 1 => (r, min / c, max / c),
                    c => (r, max / c, min / c),
                }
            }
        };
        let of = if (lo, hi) == (min, max) {
            self.b.ins().iconst(types::I8, 0)
        } else {
            let offset = self.b.ins().iadd_imm_s(x, lo.wrapping_neg());
            self.b.ins().icmp_imm_u(IntCC::UnsignedGreaterThan, offset, hi.wrapping_sub(lo))
        };
        (r, of)
    }

    /// `v`, where `taken` is a condition known to hold, made to depend on `taken`. Cranelift's
    /// egraph hoists pure instructions out of loops even from cold blocks; a cold path computed from
    /// such copies of its inputs, with `taken` computed in the loop, stays in its block instead of
    /// occupying registers across the loop.
    fn pinned(&mut self, v: Value, taken: Value) -> Value {
        let zero = self.b.ins().iconst(types::I64, 0);
        self.b.ins().select(taken, v, zero)
    }

    // ---- function ------------------------------------------------------------------------------

    fn function(&mut self, f: &Function, recursive: bool) -> R<()> {
        let entry = self.b.create_block();
        self.b.append_block_params_for_function_params(entry);
        self.b.switch_to_block(entry);
        if recursive {
            // Native recursion has no interpreter to stop it: raise before the stack runs out.
            let limit = self.helper("hasten_rt_stack_limit", &[], &[types::I64]);
            let limit = self.call(limit, &[])[0];
            let here = self.stack_slot(8);
            let deep = self.b.ins().icmp(IntCC::UnsignedLessThan, here, limit);
            self.fail_if(deep, "RecursionError", "maximum recursion depth exceeded", f.span);
        }
        let params: Vec<Value> = self.b.block_params(entry).to_vec();
        self.ret_ptr = Some(params[0]);
        self.declare_locals(f, &params[1..], f.params.len());
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

    /// Variables for every local of `f`, the first `params` holding the flattened `args`.
    fn declare_locals(&mut self, f: &Function, args: &[Value], params: usize) {
        let mut next_arg = 0;
        for (i, local) in f.locals.iter().enumerate() {
            let slots = slots_of(&local.ty);
            let vars: Vec<Variable> = slots.iter().map(|s| self.b.declare_var(clif_type(*s))).collect();
            let is_param = i < params;
            for (v, s) in vars.iter().zip(&slots) {
                let init = if is_param {
                    next_arg += 1;
                    args[next_arg - 1]
                } else {
                    self.zero(clif_type(*s))
                };
                self.b.def_var(*v, init);
            }
            let defined = (local.maybe_unbound && !is_param).then(|| {
                let d = self.b.declare_var(types::I8);
                let zero = self.iconst(types::I8, 0);
                self.b.def_var(d, zero);
                d
            });
            self.locals.push(LocalVars { vars, defined, ty: local.ty.clone(), name: local.name.clone() });
        }
    }

    /// Lowers a call to a small leaf function in place: the callee's body runs with its own locals,
    /// facts, source map and options, and its returns jump to a join block. Errors still leave through
    /// the caller's error exit, with the callee's source locations.
    fn inline_call(&mut self, index: usize, arg_exprs: &[Expr], args: Vals) -> R<Vals> {
        let spec = &self.info.program.specs[index];
        let stable = ranges::stable_locals(&spec.hir);
        let (facts, below) = self.argument_facts(arg_exprs, &stable);
        let join = self.b.create_block();
        let ret_vars: Vec<Variable> = slots_of(&spec.ret).iter().map(|s| self.b.declare_var(clif_type(*s))).collect();
        let caller = self.swap_body(Body {
            func: &spec.hir,
            map: &self.info.maps[spec.func],
            opts: &self.info.options[spec.func],
            inline_ret: Some((join, ret_vars.clone())),
            locals: Vec::new(),
            ret_ptr: None,
            ret_ty: spec.ret.clone(),
            loops: Vec::new(),
            facts,
            stable,
            sizes: HashMap::new(),
            dims: HashMap::new(),
            below,
        });
        self.declare_locals(&spec.hir, &args, spec.hir.params.len());
        let result = self.block(&spec.hir.body);
        if result.is_ok() && self.reachable {
            self.emit_return(Vec::new(), &Type::None);
        }
        self.swap_body(caller);
        result?;
        self.b.switch_to_block(join);
        self.reachable = true;
        Ok(ret_vars.iter().map(|v| self.b.use_var(*v)).collect())
    }

    /// What the caller knows of an inlined callee's arguments, as facts about the parameters (local
    /// `k` is parameter `k`) that the callee never reassigns: their ranges, and bounds below the
    /// lengths of arrays that are themselves passed to such parameters.
    #[allow(clippy::type_complexity)]
    fn argument_facts(
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

    /// Installs the state of another function body, returning the current one.
    fn swap_body(&mut self, b: Body<'a>) -> Body<'a> {
        use std::mem::replace;
        Body {
            func: replace(&mut self.func, b.func),
            map: replace(&mut self.map, b.map),
            opts: replace(&mut self.opts, b.opts),
            inline_ret: replace(&mut self.inline_ret, b.inline_ret),
            locals: replace(&mut self.locals, b.locals),
            ret_ptr: replace(&mut self.ret_ptr, b.ret_ptr),
            ret_ty: replace(&mut self.ret_ty, b.ret_ty),
            loops: replace(&mut self.loops, b.loops),
            facts: replace(&mut self.facts, b.facts),
            stable: replace(&mut self.stable, b.stable),
            sizes: replace(&mut self.sizes, b.sizes),
            dims: replace(&mut self.dims, b.dims),
            below: replace(&mut self.below, b.below),
        }
    }

    fn zero(&mut self, ty: ir::Type) -> Value {
        match ty {
            types::F32 => self.b.ins().f32const(0.0),
            types::F64 => self.b.ins().f64const(0.0),
            t => self.b.ins().iconst(t, 0),
        }
    }

    fn emit_return(&mut self, vals: Vals, ty: &Type) {
        let ret_ty = self.ret_ty.clone();
        let vals = self.coerce(vals, ty, &ret_ty);
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

    // ---- statements ----------------------------------------------------------------------------

    /// Starts the explain note of the loop at `span`; `close_loop` ends it.
    fn open_loop(&mut self, span: Span) {
        let at = self.report.open(self.map, span);
        self.open_loops.push(at);
    }

    fn close_loop(&mut self) {
        self.open_loops.pop();
    }

    /// Adds a remark to the note of the innermost loop being lowered, if any; `text` runs only then.
    fn remark(&mut self, text: impl FnOnce(&Self) -> String) {
        if let Some(&at) = self.open_loops.last() {
            let text = text(self);
            self.report.remark(at, text);
        }
    }

    /// The source text of a span, for remarks.
    fn text(&self, span: Span) -> String {
        self.map.source[span.start as usize..span.end as usize].to_string()
    }

    fn block(&mut self, stmts: &[Stmt]) -> R<()> {
        for s in stmts {
            if !self.reachable {
                break;
            }
            self.stmt(s)?;
        }
        Ok(())
    }

    /// Switches to `block` if some path reaches it.
    fn enter(&mut self, block: Block, reached: bool) {
        if reached {
            self.b.switch_to_block(block);
        }
        self.reachable = reached;
    }

    fn jump(&mut self, to: Block) -> bool {
        if self.reachable {
            self.b.ins().jump(to, &[]);
            self.reachable = false;
            true
        } else {
            false
        }
    }

    fn stmt(&mut self, s: &Stmt) -> R<()> {
        match &s.kind {
            StmtKind::Assign { targets, value } => {
                let vals = self.expr(value)?;
                for t in targets {
                    self.record_facts(t, value);
                    self.assign(t, vals.clone(), &value.ty)?;
                }
            }
            StmtKind::AugAssign { target, op, value } => self.aug_assign(target, *op, value, s.span)?,
            StmtKind::Expr(e) => {
                self.expr(e)?;
            }
            StmtKind::If { cond, then, orelse } => {
                let (tb, eb, merge) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
                self.branch(cond, tb, eb)?;
                self.enter(tb, true);
                let (mut lower, mut upper) = (Vec::new(), Vec::new());
                self.guard_facts(cond, &mut lower, &mut upper);
                let saved_facts: Vec<_> = lower.iter().map(|(v, _)| (*v, self.facts.get(v).copied())).collect();
                let saved_below: Vec<_> = upper.iter().map(|(v, _)| (*v, self.below.get(v).cloned())).collect();
                for (v, lo) in lower {
                    let (old_lo, hi) = self.facts.get(&v).copied().unwrap_or((i64::MIN as i128, i64::MAX as i128));
                    self.facts.insert(v, (old_lo.max(lo), hi));
                }
                for (v, b) in upper {
                    self.below.entry(v).or_default().push(b);
                }
                self.block(then)?;
                for (v, old) in saved_facts.into_iter().rev() {
                    match old {
                        Some(iv) => self.facts.insert(v, iv),
                        None => self.facts.remove(&v),
                    };
                }
                for (v, old) in saved_below.into_iter().rev() {
                    match old {
                        Some(b) => self.below.insert(v, b),
                        None => self.below.remove(&v),
                    };
                }
                let a = self.jump(merge);
                self.enter(eb, true);
                self.block(orelse)?;
                let b = self.jump(merge);
                self.enter(merge, a || b);
            }
            StmtKind::While { cond, body, orelse } => {
                self.open_loop(s.span);
                self.versioned_loop(body, &[], |cx| cx.while_loop(cond, body, orelse))?;
                self.close_loop();
            }
            StmtKind::ForRange { parallel: true, .. } if self.opts.parallel => {
                self.open_loop(s.span);
                self.remark(|_| "parallel: iterations run in chunks on the thread pool".into());
                self.parallel_for(s)?;
                self.close_loop();
            }
            StmtKind::ForRange { var, start, stop, step, body, orelse, .. } => {
                self.open_loop(s.span);
                let infos: Vec<affine::LocalInfo> = self
                    .locals
                    .iter()
                    .map(|l| affine::LocalInfo { ty: l.ty.clone(), maybe_unbound: l.defined.is_some() })
                    .collect();
                if let Some(a) = affine::analyze(s, &infos) {
                    self.remark(|_| "closed form: the loop's sums are computed without running it".into());
                    self.closed_form(&a, s.span)?
                } else if let Some(values) = unroll::values(start, stop, step, body) {
                    self.remark(|_| format!("unrolled: {} copies of the body, with the variable a constant in each", values.len()));
                    self.unrolled(*var, &values, body, orelse)?
                } else {
                    let vector = if unswitch::contains_loop(body) {
                        None
                    } else {
                        let locals: Vec<(&Type, bool)> = self.locals.iter().map(|l| (&l.ty, l.defined.is_some())).collect();
                        match vectorize::plan(*var, step, body, self.opts.fastmath, &locals) {
                            Ok(p) => {
                                self.remark(|cx| {
                                    let mut text = format!("vectorised: {} iterations at a time in f64x2 registers, the rest and overlapping arrays in the scalar loop", vectorize::LANES);
                                    for id in &p.sums {
                                        text += &format!("; `{}` summed in {} partial sums (fastmath=True reassociates)", cx.locals[*id as usize].name, vectorize::LANES);
                                    }
                                    text
                                });
                                Some(p)
                            }
                            Err(why) => {
                                self.remark(|cx| format!("not vectorised: `{}` {}", cx.text(why.span), why.what));
                                None
                            }
                        }
                    };
                    self.versioned_loop(body, &[*var], |cx| {
                        cx.unswitched_loop(*var, body, |cx| cx.for_range(*var, start, stop, step, body, orelse, vector.as_ref()))
                    })?
                }
                self.close_loop();
            }
            StmtKind::ForIter { target, iter, body, orelse } => {
                self.open_loop(s.span);
                let mut targets = Vec::new();
                target.for_each_local(&mut |id| targets.push(id));
                self.versioned_loop(body, &targets, |cx| cx.for_iter(target, iter, body, orelse))?;
                self.close_loop();
            }
            StmtKind::Break => {
                let to = self.loops.last().expect("break inside a loop").break_to;
                self.jump(to);
            }
            StmtKind::Continue => {
                let to = self.loops.last().expect("continue inside a loop").continue_to;
                self.jump(to);
            }
            StmtKind::Return(v) => match v {
                Some(e) => {
                    let vals = self.expr(e)?;
                    self.emit_return(vals, &e.ty);
                }
                None => self.emit_return(Vec::new(), &Type::None),
            },
            StmtKind::Pass => {}
            StmtKind::Assert { test, msg } => {
                let c = self.condition(test)?;
                let failed = self.b.ins().bxor_imm_u(c, 1);
                let text = msg.as_ref().map(const_text);
                self.fail_if_with(failed, |cx| cx.emit_raise("AssertionError", text.as_deref(), s.span));
            }
            StmtKind::Raise { exc, msg } => {
                let text = msg.as_ref().map(const_text);
                self.emit_raise(exc, text.as_deref(), s.span);
                self.reachable = false;
            }
        }
        Ok(())
    }

    /// Runs an affine loop (see `affine`) in closed form: every accumulator `v` becomes
    /// `v + n * inc` for the trip count `n` and the per-iteration increment `inc`, and the loop
    /// variables take their last values. The trip counts are evaluated first, where CPython would
    /// evaluate them; the sums are then computed in 64-bit arithmetic, and only if some step
    /// overflows are they recomputed exactly in 128 bits, which raises if a result does not fit.
    fn closed_form(&mut self, a: &Affine, span: Span) -> R<()> {
        let (n, start, step) = self.trip_count(a)?;
        let done = self.b.create_block();
        // A loop known to run is applied in the current block, where the accumulators' values may
        // still be the constants they were set to, which makes their overflow tests constant.
        if !matches!(affine_trip_count(a), Some(k) if k > 0) {
            let apply = self.b.create_block();
            self.b.ins().brif(n, apply, &[], done, &[]);
            self.b.switch_to_block(apply);
        }
        self.set_last_value(a.var, start, n, step);
        let nested = self.nested_counts(a)?;
        let counts = Counts { n: None, nested };

        let mut overflow = self.b.ins().iconst(types::I8, 0);
        let mut fast = Vec::new();
        let n = match affine_trip_count(a) {
            Some(k) => self.b.ins().iconst(types::I64, k),
            None => n,
        };
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, n, 0);
        self.flagged((n, negative), &mut overflow);
        for (v, inc) in self.increments_i64(a, &counts, &mut overflow) {
            let r = self.checked(BinOp::Mul, n, inc);
            let total = self.flagged(r, &mut overflow);
            let cur = self.read_local(v, span)[0];
            let r = self.checked(BinOp::Add, cur, total);
            fast.push((v, cur, self.flagged(r, &mut overflow)));
        }
        let (exact, commit) = (self.b.create_block(), self.b.create_block());
        self.b.set_cold_block(exact);
        self.b.ins().brif(overflow, exact, &[], commit, &[]);
        self.b.switch_to_block(commit);
        for &(v, _, new) in &fast {
            self.assign_local(v, vec![new], &Type::Int);
        }
        self.b.ins().jump(done, &[]);

        self.b.switch_to_block(exact);
        let n = self.pinned(n, overflow);
        let n128 = self.b.ins().uextend(types::I128, n);
        for ((v, inc), (_, cur, _)) in self.increments_i128(a, &counts, overflow, span).into_iter().zip(fast) {
            // `n * inc` and `cur + n * inc` stay within 128 bits once `inc` fits in 64; the sum may
            // fit in 64 bits even where the product does not.
            self.check_fits_i64(inc, None, span);
            let total = self.b.ins().imul(n128, inc);
            // An accumulator that starts at 0 (Cranelift does not fold 128-bit constants).
            let new = if self.const_int(cur) == Some(0) {
                total
            } else {
                let cur = self.pinned(cur, overflow);
                let cur = self.b.ins().sextend(types::I128, cur);
                self.b.ins().iadd(cur, total)
            };
            self.check_fits_i64(new, None, span);
            let new = self.b.ins().ireduce(types::I64, new);
            self.assign_local(v, vec![new], &Type::Int);
        }
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
        Ok(())
    }

    /// Evaluates the trip counts of the loops nested in `a` (whose body is known to run), each only
    /// when its enclosing loop runs, and gives their variables their last values. A count that is
    /// not evaluated stays 0.
    fn nested_counts(&mut self, a: &Affine) -> R<Vec<Counts>> {
        let mut out = Vec::new();
        for u in &a.updates {
            let Update::Nested(inner) = u else { continue };
            let (n, start, step) = self.trip_count(inner)?;
            let var = self.b.declare_var(types::I64);
            self.b.def_var(var, n);
            let known = affine_trip_count(inner);
            if matches!(known, Some(k) if k > 0) {
                self.set_last_value(inner.var, start, n, step);
                let nested = self.nested_counts(inner)?;
                out.push(Counts { n: Some((var, known)), nested });
                continue;
            }
            let (runs, join) = (self.b.create_block(), self.b.create_block());
            self.b.ins().brif(n, runs, &[], join, &[]);
            self.b.switch_to_block(runs);
            self.set_last_value(inner.var, start, n, step);
            let nested = self.nested_counts(inner)?;
            self.b.ins().jump(join, &[]);
            self.b.switch_to_block(join);
            out.push(Counts { n: Some((var, known)), nested });
        }
        Ok(out)
    }

    /// The per-iteration increments of an affine loop's accumulators in 64-bit arithmetic; a step
    /// that overflows (or a trip count of 2**63 or more) sets `overflow`.
    fn increments_i64(&mut self, a: &Affine, counts: &Counts, overflow: &mut Value) -> Vec<(LocalId, Value)> {
        let mut acc = Vec::new();
        let mut nested = counts.nested.iter();
        for u in &a.updates {
            match u {
                Update::Add { local, negate, term } => {
                    let mut v = self.affine_term(term);
                    if *negate {
                        let zero = self.b.ins().iconst(types::I64, 0);
                        let r = self.checked(BinOp::Sub, zero, v);
                        v = self.flagged(r, overflow);
                    }
                    accumulate(&mut acc, *local, v, |x, y| {
                        let r = self.checked(BinOp::Add, x, y);
                        self.flagged(r, overflow)
                    });
                }
                Update::Nested(inner) => {
                    let c = nested.next().expect("one count per nested loop");
                    let n = self.nested_count(c);
                    let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, n, 0);
                    self.flagged((n, negative), overflow);
                    for (local, inc) in self.increments_i64(inner, c, overflow) {
                        let r = self.checked(BinOp::Mul, n, inc);
                        let total = self.flagged(r, overflow);
                        accumulate(&mut acc, local, total, |x, y| {
                            let r = self.checked(BinOp::Add, x, y);
                            self.flagged(r, overflow)
                        });
                    }
                }
            }
        }
        acc
    }

    /// A nested loop's trip count: a constant when its range is, so that the products with it get
    /// cheap overflow checks (see `checked`).
    fn nested_count(&mut self, c: &Counts) -> Value {
        match c.n.expect("nested loops have a count") {
            (_, Some(k)) => self.b.ins().iconst(types::I64, k),
            (var, None) => self.b.use_var(var),
        }
    }

    /// The value of a checked operation (see `checked`), with its overflow flag or-ed into `overflow`.
    fn flagged(&mut self, (v, of): (Value, Value), overflow: &mut Value) -> Value {
        *overflow = self.b.ins().bor(*overflow, of);
        v
    }

    /// The same increments exactly, as 128-bit values, on the path where `overflow` holds. Each
    /// nested increment is checked to fit in 64 bits when its loop runs, which keeps every product
    /// within 128 bits.
    fn increments_i128(&mut self, a: &Affine, counts: &Counts, overflow: Value, span: Span) -> Vec<(LocalId, Value)> {
        let mut acc = Vec::new();
        let mut nested = counts.nested.iter();
        for u in &a.updates {
            match u {
                Update::Add { local, negate, term } => {
                    let v = self.affine_term(term);
                    let v = self.pinned(v, overflow);
                    let mut v = self.b.ins().sextend(types::I128, v);
                    if *negate {
                        v = self.b.ins().ineg(v);
                    }
                    accumulate(&mut acc, *local, v, |x, y| self.b.ins().iadd(x, y));
                }
                Update::Nested(inner) => {
                    let c = nested.next().expect("one count per nested loop");
                    let n = self.nested_count(c);
                    let n = self.pinned(n, overflow);
                    let n128 = self.b.ins().uextend(types::I128, n);
                    for (local, inc) in self.increments_i128(inner, c, overflow, span) {
                        self.check_fits_i64(inc, Some(n), span);
                        let total = self.b.ins().imul(n128, inc);
                        self.check_fits_i64(total, None, span);
                        accumulate(&mut acc, local, total, |x, y| self.b.ins().iadd(x, y));
                    }
                }
            }
        }
        acc
    }

    /// An increment's term (a constant or a local the nest does not assign) as a 64-bit int.
    fn affine_term(&mut self, term: &Expr) -> Value {
        let v = self.expr(term).expect("affine terms are constants and locals");
        self.convert(v[0], &term.ty, &Type::Int)
    }

    /// The number of iterations of `range(start, stop, step)` as an unsigned 64-bit value, with the
    /// bounds evaluated once (ValueError for a zero step, as CPython).
    fn trip_count(&mut self, a: &Affine) -> R<(Value, Value, Value)> {
        let start = self.int_operand(a.start)?;
        let stop = self.int_operand(a.stop)?;
        let step = self.int_operand(a.step)?;
        if !matches!(a.step.kind, ExprKind::Const(Const::Int(k)) if k != 0) {
            let zero = self.b.ins().icmp_imm_s(IntCC::Equal, step, 0);
            self.fail_if(zero, "ValueError", "range() arg 3 must not be zero", a.step.span);
        }
        Ok((self.range_length(start, stop, step), start, step))
    }

    /// `len(range(start, stop, step))` as an unsigned 64-bit value; `step` is not zero.
    pub(crate) fn range_length(&mut self, start: Value, stop: Value, step: Value) -> Value {
        let up = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, step, 0);
        let has_up = self.b.ins().icmp(IntCC::SignedGreaterThan, stop, start);
        let has_down = self.b.ins().icmp(IntCC::SignedGreaterThan, start, stop);
        let has = self.b.ins().select(up, has_up, has_down);
        let dist_up = self.b.ins().isub(stop, start);
        let dist_down = self.b.ins().isub(start, stop);
        let dist = self.b.ins().select(up, dist_up, dist_down);
        let neg_step = self.b.ins().ineg(step);
        let magnitude = self.b.ins().select(up, step, neg_step);
        let one = self.iconst(types::I64, 1);
        let safe = self.b.ins().select(has, magnitude, one);
        let before_last = self.b.ins().iadd_imm_s(dist, -1);
        let q = self.b.ins().udiv(before_last, safe);
        let count = self.b.ins().iadd_imm_s(q, 1);
        let zero = self.iconst(types::I64, 0);
        self.b.ins().select(has, count, zero)
    }

    /// One application of a ufunc to scalars, with NumPy's semantics (no Python exceptions: nan, inf
    /// and wrap-around instead). `out` is the element type of the result.
    fn ufunc_value(&mut self, u: Ufunc, args: &[(Value, Type)], out: &Type, span: Span) -> R<Value> {
        let d = rules::value_dtype(out);
        // Python numbers act as the NumPy scalars they become (`np.add(1, 2)` is int64 arithmetic).
        let numpy_ty = |t: &Type| if matches!(t, Type::Scalar(_)) { t.clone() } else { Type::Scalar(rules::value_dtype(t)) };
        let (x, tx) = args[0].clone();
        let as_out = |cx: &mut Self, v: Value, t: &Type| cx.convert(v, t, out);
        Ok(match u {
            Ufunc::Sqrt => {
                let v = as_out(self, x, &tx);
                self.b.ins().sqrt(v)
            }
            Ufunc::Exp | Ufunc::Log | Ufunc::Sin | Ufunc::Cos => {
                let v = as_out(self, x, &tx);
                let name = match (u, d == Dtype::F32) {
                    (Ufunc::Exp, false) => "hasten_m_exp",
                    (Ufunc::Log, false) => "hasten_m_log",
                    (Ufunc::Sin, false) => "hasten_m_sin",
                    (Ufunc::Cos, false) => "hasten_m_cos",
                    (Ufunc::Exp, true) => "hasten_m_expf",
                    (Ufunc::Log, true) => "hasten_m_logf",
                    (Ufunc::Sin, true) => "hasten_m_sinf",
                    _ => "hasten_m_cosf",
                };
                let t = scalar_clif(out);
                let f = self.helper(name, &[t], &[t]);
                self.call(f, &[v])[0]
            }
            Ufunc::Abs => {
                let v = as_out(self, x, &tx);
                if d.is_float() {
                    self.b.ins().fabs(v)
                } else if d.is_signed() {
                    self.b.ins().iabs(v)
                } else {
                    v
                }
            }
            Ufunc::Square => {
                let v = as_out(self, x, &tx);
                if d.is_float() {
                    self.b.ins().fmul(v, v)
                } else {
                    self.b.ins().imul(v, v)
                }
            }
            Ufunc::Negative => {
                let v = as_out(self, x, &tx);
                if d.is_float() {
                    self.b.ins().fneg(v)
                } else {
                    self.b.ins().ineg(v)
                }
            }
            Ufunc::Isnan => {
                if rules::is_floatlike(&tx) {
                    self.b.ins().fcmp(FloatCC::Unordered, x, x)
                } else {
                    self.iconst(types::I8, 0)
                }
            }
            Ufunc::Minimum | Ufunc::Maximum => {
                let (y, ty) = args[1].clone();
                let (a, b) = (as_out(self, x, &tx), as_out(self, y, &ty));
                self.numpy_extremum(u == Ufunc::Minimum, a, b, d.is_float(), d.is_signed())
            }
            Ufunc::Where => {
                let c = self.truth(&vec![x], &tx);
                let (a, ta) = args[1].clone();
                let (b, tb) = args[2].clone();
                let (a, b) = (as_out(self, a, &ta), as_out(self, b, &tb));
                self.b.ins().select(c, a, b)
            }
            _ => {
                let op = u.operator().expect("arithmetic ufuncs are operators");
                let (y, ty) = args[1].clone();
                let both_python = !matches!(tx, Type::Scalar(_)) && !matches!(ty, Type::Scalar(_));
                let (x, tx, y, ty) = if both_python {
                    let (nx, ny) = (numpy_ty(&tx), numpy_ty(&ty));
                    (self.convert(x, &tx, &nx), nx, self.convert(y, &ty, &ny), ny)
                } else {
                    (x, tx, y, ty)
                };
                let (v, vt) = self.binary(op, x, &tx, y, &ty, false, span)?;
                self.convert(v, &vt, out)
            }
        })
    }

    /// `np.pad(array, pad_width, constant_values)`: a new array filled with the constant, with the
    /// source copied into its interior.
    fn pad(&mut self, args: &[Expr], ty: &Type) -> R<Vals> {
        let Type::Array(at) = ty else { unreachable!("pad gives an array") };
        let nd = at.ndim as usize;
        let src = self.expr(&args[0])?;
        let widths = self.expr(&args[1])?;
        let fill = self.expr(&args[2])?;
        // pad_width broadcasts to one (before, after) pair per axis, as in NumPy.
        let pairs: Vec<(Value, Value)> = match &args[1].ty {
            Type::Tuple(items) if items.iter().any(|t| matches!(t, Type::Tuple(_))) => {
                let mut flat = widths.iter();
                let per_axis: Vec<(Value, Value)> = items
                    .iter()
                    .map(|t| {
                        let n = t.slot_count();
                        let a = *flat.next().expect("slots of pad_width");
                        let b = if n == 2 { *flat.next().expect("slots of pad_width") } else { a };
                        (a, b)
                    })
                    .collect();
                if per_axis.len() == 1 {
                    vec![per_axis[0]; nd]
                } else if per_axis.len() == nd {
                    per_axis
                } else {
                    return Err(Diagnostic::typing(format!("pad_width has {} pairs for a {nd}-d array", per_axis.len()), args[1].span));
                }
            }
            Type::Tuple(items) if items.len() == 2 => vec![(widths[0], widths[1]); nd],
            Type::Tuple(items) if items.len() == 1 => vec![(widths[0], widths[0]); nd],
            Type::Tuple(items) => {
                return Err(Diagnostic::typing(format!("pad_width of {} numbers does not fit a {nd}-d array", items.len()), args[1].span))
            }
            _ => vec![(widths[0], widths[0]); nd],
        };
        let wty = match &args[1].ty {
            Type::Tuple(items) => match items.first() {
                Some(Type::Tuple(inner)) => inner[0].clone(),
                Some(t) => t.clone(),
                None => Type::Int,
            },
            t => t.clone(),
        };
        let mut shape = Vec::new();
        let mut before = Vec::new();
        for (k, (b, a)) in pairs.iter().enumerate() {
            let (b, a) = (self.i64_value(*b, &wty), self.i64_value(*a, &wty));
            let neg = self.b.ins().bor(b, a);
            let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, neg, 0);
            self.fail_if(neg, "ValueError", "index can't contain negative values", args[1].span);
            let n = self.b.ins().iadd(src[2 + k], b);
            shape.push(self.b.ins().iadd(n, a));
            before.push(b);
        }
        let value = self.convert(fill[0], &args[2].ty, &Type::Scalar(at.dtype));
        let (data, owner, count) = self.allocate(&shape, at.dtype, false, args[0].span);
        self.fill(data, count, at.dtype, value)?;
        let strides = self.c_strides(&shape, at.dtype.itemsize() as i64);
        let mut origin = data;
        for (b, st) in before.iter().zip(&strides) {
            let off = self.b.ins().imul(*b, *st);
            origin = self.b.ins().iadd(origin, off);
        }
        self.copy_strided(at.dtype, &src[2..2 + nd], src[0], &src[2 + nd..2 + 2 * nd], origin, &strides)?;
        let mut vals = vec![data, owner];
        vals.extend(shape);
        vals.extend(strides);
        Ok(vals)
    }

    /// `np.dot`/`@` of 1-D and 2-D arrays: each result element is a sum of products over the shared
    /// axis, in order, in the promoted dtype (booleans: `or` of `and`s).
    fn dot(&mut self, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let (a, b) = (self.expr(&args[0])?, self.expr(&args[1])?);
        let (Type::Array(at), Type::Array(bt)) = (&args[0].ty, &args[1].ty) else { unreachable!("type checker allows arrays only") };
        let (na, nb) = (at.ndim as usize, bt.ndim as usize);
        let (ashape, astr) = (a[2..2 + na].to_vec(), a[2 + na..2 + 2 * na].to_vec());
        let (bshape, bstr) = (b[2..2 + nb].to_vec(), b[2 + nb..2 + 2 * nb].to_vec());
        let (ka, kb) = (ashape[na - 1], bshape[0]);
        let bad = self.b.ins().icmp(IntCC::NotEqual, ka, kb);
        let dims: Vals = ashape.iter().chain(&bshape).copied().collect();
        self.fail_if_with(bad, |cx| {
            let buf = cx.stack_slot(8 * dims.len() as u32);
            for (k, d) in dims.iter().enumerate() {
                cx.b.ins().store(MemFlagsData::trusted(), *d, buf, (8 * k) as i32);
            }
            let (x, y) = (cx.iconst(types::I64, na as i64), cx.iconst(types::I64, nb as i64));
            let (lp, ll) = cx.location(span);
            let f = cx.helper("hasten_rt_raise_not_aligned", &[types::I64; 5], &[]);
            cx.call(f, &[buf, x, y, lp, ll]);
            cx.leave_to_error_exit();
        });
        let d = rules::value_dtype(&rules::element(ty));
        // Result axes: the rows of a 2-D `a`, then the columns of a 2-D `b`.
        let mut out_shape = Vec::new();
        let mut a_out = Vec::new();
        let mut b_out = Vec::new();
        let zero = self.iconst(types::I64, 0);
        if na == 2 {
            out_shape.push(ashape[0]);
            a_out.push(astr[0]);
            b_out.push(zero);
        }
        if nb == 2 {
            out_shape.push(bshape[1]);
            a_out.push(zero);
            b_out.push(bstr[1]);
        }
        let (a_inner, b_inner) = (astr[na - 1], bstr[0]);
        let (data, owner, _) = self.allocate(&out_shape, d, false, span);
        let cursor = self.b.declare_var(types::I64);
        self.b.def_var(cursor, data);
        self.dot_nest(&out_shape, &a_out, &b_out, a[0], b[0], ka, a_inner, b_inner, (at.dtype, bt.dtype, d), cursor)?;
        if out_shape.is_empty() {
            return Ok(vec![self.load_elem(data, d)]);
        }
        Ok(self.contiguous_vals(data, owner, out_shape, d.itemsize() as i64))
    }

    #[allow(clippy::too_many_arguments)]
    fn dot_nest(
        &mut self,
        shape: &[Value],
        a_str: &[Value],
        b_str: &[Value],
        a: Value,
        b: Value,
        k: Value,
        a_inner: Value,
        b_inner: Value,
        (ad, bd, d): (Dtype, Dtype, Dtype),
        cursor: Variable,
    ) -> R<()> {
        if let Some((&n, rest)) = shape.split_first() {
            self.counted_loop(n, |cx, i| {
                let (ao, bo) = (cx.b.ins().imul(i, a_str[0]), cx.b.ins().imul(i, b_str[0]));
                let (an, bn) = (cx.b.ins().iadd(a, ao), cx.b.ins().iadd(b, bo));
                cx.dot_nest(rest, &a_str[1..], &b_str[1..], an, bn, k, a_inner, b_inner, (ad, bd, d), cursor)?;
                Ok(())
            })?;
            return Ok(());
        }
        let acc = self.b.declare_var(scalar_clif(&Type::Scalar(d)));
        let init = self.zero(scalar_clif(&Type::Scalar(d)));
        self.b.def_var(acc, init);
        self.counted_loop(k, |cx, i| {
            let (ao, bo) = (cx.b.ins().imul(i, a_inner), cx.b.ins().imul(i, b_inner));
            let (ap, bp) = (cx.b.ins().iadd(a, ao), cx.b.ins().iadd(b, bo));
            let (x, y) = (cx.load_elem(ap, ad), cx.load_elem(bp, bd));
            let (x, y) = (cx.convert(x, &Type::Scalar(ad), &Type::Scalar(d)), cx.convert(y, &Type::Scalar(bd), &Type::Scalar(d)));
            let cur = cx.b.use_var(acc);
            let next_acc = if d.is_float() {
                let p = cx.b.ins().fmul(x, y);
                cx.b.ins().fadd(cur, p)
            } else if d == Dtype::Bool {
                let p = cx.b.ins().band(x, y);
                cx.b.ins().bor(cur, p)
            } else {
                let p = cx.b.ins().imul(x, y);
                cx.b.ins().iadd(cur, p)
            };
            cx.b.def_var(acc, next_acc);
            Ok(())
        })?;
        let v = self.b.use_var(acc);
        let at = self.b.use_var(cursor);
        self.b.ins().store(MemFlagsData::trusted(), v, at, 0);
        let next = self.b.ins().iadd_imm_s(at, d.itemsize() as i64);
        self.b.def_var(cursor, next);
        Ok(())
    }

    /// `np.linspace(start, stop, num, endpoint)` with NumPy's formula: `i * step + start`, the last
    /// element set to `stop` exactly when `endpoint`.
    fn linspace(&mut self, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(at) = ty else { unreachable!("linspace gives an array") };
        let mut v = Vec::new();
        for a in &args[..4] {
            v.push(self.expr(a)?[0]);
        }
        let start = self.f64_value(v[0], &args[0].ty);
        let stop = self.f64_value(v[1], &args[1].ty);
        let num = self.i64_value(v[2], &args[2].ty);
        let endpoint = self.truth(&vec![v[3]], &args[3].ty);
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, num, 0);
        self.fail_if_with(negative, |cx| {
            let (ep, el) = cx.str_consts("ValueError");
            let (mp, ml) = cx.str_consts("Number of samples, {}, must be non-negative.");
            let (lp, ll) = cx.location(span);
            let f = cx.helper("hasten_rt_raise_int", &[types::I64; 7], &[]);
            cx.call(f, &[ep, el, mp, ml, num, lp, ll]);
            cx.leave_to_error_exit();
        });
        let one = self.iconst(types::I64, 1);
        let endpoint64 = self.b.ins().uextend(types::I64, endpoint);
        let div = self.b.ins().isub(num, endpoint64);
        let divf = self.b.ins().fcvt_from_sint(types::F64, div);
        let delta = self.b.ins().fsub(stop, start);
        let step = self.b.ins().fdiv(delta, divf);
        let zero = self.b.ins().f64const(0.0);
        let step_zero = self.b.ins().fcmp(FloatCC::Equal, step, zero);
        let (data, owner, _) = self.allocate(&[num], at.dtype, false, span);
        self.counted_loop(num, |cx, i| {
            let fi = cx.b.ins().fcvt_from_sint(types::F64, i);
            let stepped = cx.b.ins().fmul(fi, step);
            let scaled = cx.b.ins().fdiv(fi, divf);
            let scaled = cx.b.ins().fmul(scaled, delta);
            let y = cx.b.ins().select(step_zero, scaled, stepped);
            // With nothing to divide by (one sample with the end point), NumPy multiplies by delta.
            let plain = cx.b.ins().fmul(fi, delta);
            let has_div = cx.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, div, 0);
            let y = cx.b.ins().select(has_div, y, plain);
            let y = cx.b.ins().fadd(y, start);
            let last = cx.b.ins().iadd_imm_s(num, -1);
            let is_last = cx.b.ins().icmp(IntCC::Equal, i, last);
            let more_than_one = cx.b.ins().icmp(IntCC::SignedGreaterThan, num, one);
            let exact = cx.b.ins().band(is_last, endpoint);
            let exact = cx.b.ins().band(exact, more_than_one);
            let y = cx.b.ins().select(exact, stop, y);
            // NumPy 2 floors before casting to an integer dtype.
            let y = if at.dtype.is_int() { cx.b.ins().floor(y) } else { y };
            let y = cx.convert(y, &Type::Float, &Type::Scalar(at.dtype));
            let off = cx.b.ins().imul_imm_s(i, at.dtype.itemsize() as i64);
            let addr = cx.b.ins().iadd(data, off);
            cx.b.ins().store(MemFlagsData::trusted(), y, addr, 0);
            Ok(())
        })?;
        let itemsize = self.iconst(types::I64, at.dtype.itemsize() as i64);
        Ok(vec![data, owner, num, itemsize])
    }

    /// `np.ascontiguousarray`, `reshape` and `ravel`: the array's own data when it is C-contiguous
    /// (a view, as NumPy returns), else a C-ordered copy.
    fn contiguous(&mut self, f: NumpyFn, args: &[Expr], span: Span) -> R<Vals> {
        let src = self.expr(&args[0])?;
        let Type::Array(at) = args[0].ty else { unreachable!("type checker allows arrays only") };
        let nd = at.ndim as usize;
        let shape = src[2..2 + nd].to_vec();
        let itemsize = at.dtype.itemsize() as i64;
        let cstrides = self.c_strides(&shape, itemsize);
        let contiguous = if at.layout == Layout::C {
            self.iconst(types::I8, 1)
        } else {
            // NumPy ignores the stride of an axis of length 1, and an empty array is contiguous.
            let mut ok = self.iconst(types::I8, 1);
            let mut size = self.iconst(types::I64, 1);
            for k in 0..nd {
                let same = self.b.ins().icmp(IntCC::Equal, src[2 + nd + k], cstrides[k]);
                let unit = self.b.ins().icmp_imm_s(IntCC::Equal, shape[k], 1);
                let fine = self.b.ins().bor(same, unit);
                ok = self.b.ins().band(ok, fine);
                size = self.b.ins().imul(size, shape[k]);
            }
            let empty = self.b.ins().icmp_imm_s(IntCC::Equal, size, 0);
            self.b.ins().bor(ok, empty)
        };
        let (data, owner) = (self.b.declare_var(types::I64), self.b.declare_var(types::I64));
        self.b.def_var(data, src[0]);
        self.b.def_var(owner, src[1]);
        let (copy, join) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(contiguous, join, &[], copy, &[]);
        self.b.switch_to_block(copy);
        let (d, o, _) = self.allocate(&shape, at.dtype, false, span);
        self.copy_strided(at.dtype, &shape, src[0], &src[2 + nd..2 + 2 * nd], d, &cstrides)?;
        self.b.def_var(data, d);
        self.b.def_var(owner, o);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
        let (data, owner) = (self.b.use_var(data), self.b.use_var(owner));
        let mut size = self.iconst(types::I64, 1);
        for n in &shape {
            size = self.b.ins().imul(size, *n);
        }
        let new_shape = match f {
            NumpyFn::Ascontiguousarray => shape,
            NumpyFn::Ravel => vec![size],
            _ => self.reshape_dims(&args[1], size, span)?,
        };
        Ok(self.contiguous_vals(data, owner, new_shape, itemsize))
    }

    /// The dimensions of `reshape(..., newshape)` for an array of `size` elements, with one -1
    /// inferred, and NumPy's errors.
    fn reshape_dims(&mut self, e: &Expr, size: Value, span: Span) -> R<Vals> {
        let v = self.expr(e)?;
        let dims: Vals = match &e.ty {
            Type::Tuple(items) => v.iter().zip(items.clone()).map(|(x, t)| self.i64_value(*x, &t)).collect(),
            t => vec![self.i64_value(v[0], &t.clone())],
        };
        let mut unknown = self.iconst(types::I64, 0);
        let mut known = self.iconst(types::I64, 1);
        let one = self.iconst(types::I64, 1);
        for d in &dims {
            let is_unknown = self.b.ins().icmp_imm_s(IntCC::Equal, *d, -1);
            let inc = self.b.ins().uextend(types::I64, is_unknown);
            unknown = self.b.ins().iadd(unknown, inc);
            let factor = self.b.ins().select(is_unknown, one, *d);
            known = self.b.ins().imul(known, factor);
        }
        let many = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, unknown, 1);
        self.fail_if(many, "ValueError", "can only specify one unknown dimension", span);
        let has_unknown = self.b.ins().icmp_imm_s(IntCC::Equal, unknown, 1);
        let known_zero = self.b.ins().icmp_imm_s(IntCC::Equal, known, 0);
        let safe_known = self.b.ins().select(known_zero, one, known);
        let inferred = self.b.ins().sdiv(size, safe_known);
        let rem = self.b.ins().srem(size, safe_known);
        let divides = self.b.ins().icmp_imm_s(IntCC::Equal, rem, 0);
        let known_nonzero = self.b.ins().bxor_imm_u(known_zero, 1);
        let ok_unknown = self.b.ins().band(divides, known_nonzero);
        let ok_known = self.b.ins().icmp(IntCC::Equal, known, size);
        let mut no_negative = self.iconst(types::I8, 1);
        for d in &dims {
            let fine = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, *d, -1);
            no_negative = self.b.ins().band(no_negative, fine);
        }
        let ok = self.b.ins().select(has_unknown, ok_unknown, ok_known);
        let ok = self.b.ins().band(ok, no_negative);
        let bad = self.b.ins().bxor_imm_u(ok, 1);
        let shown = dims.clone();
        self.fail_if_with(bad, |cx| {
            let buf = cx.stack_slot(8 * shown.len().max(1) as u32);
            for (k, d) in shown.iter().enumerate() {
                cx.b.ins().store(MemFlagsData::trusted(), *d, buf, (8 * k) as i32);
            }
            let n = cx.iconst(types::I64, shown.len() as i64);
            let (lp, ll) = cx.location(span);
            let f = cx.helper("hasten_rt_raise_reshape", &[types::I64; 5], &[]);
            cx.call(f, &[size, buf, n, lp, ll]);
            cx.leave_to_error_exit();
        });
        Ok(dims
            .iter()
            .map(|d| {
                let is_unknown = self.b.ins().icmp_imm_s(IntCC::Equal, *d, -1);
                self.b.ins().select(is_unknown, inferred, *d)
            })
            .collect())
    }

    /// Copies every element of a strided source of `shape` to a strided destination.
    fn copy_strided(&mut self, d: Dtype, shape: &[Value], src: Value, src_strides: &[Value], dst: Value, dst_strides: &[Value]) -> R<()> {
        let Some((&n, rest)) = shape.split_first() else {
            let v = self.load_elem(src, d);
            self.b.ins().store(MemFlagsData::trusted(), v, dst, 0);
            return Ok(());
        };
        self.counted_loop(n, |cx, i| {
            let so = cx.b.ins().imul(i, src_strides[0]);
            let s = cx.b.ins().iadd(src, so);
            let dof = cx.b.ins().imul(i, dst_strides[0]);
            let t = cx.b.ins().iadd(dst, dof);
            cx.copy_strided(d, rest, s, &src_strides[1..], t, &dst_strides[1..])
        })
    }

    /// `np.full`/`np.full_like`: a new array with every element set to the fill value.
    fn full_array(&mut self, f: NumpyFn, args: &[Expr], ty: &Type) -> R<Vals> {
        let Type::Array(at) = ty else { unreachable!("full gives an array") };
        let first = self.expr(&args[0])?;
        let fill = self.expr(&args[1])?;
        let shape: Vals = match (f, &args[0].ty) {
            (NumpyFn::FullLike, Type::Array(src)) => first[2..2 + src.ndim as usize].to_vec(),
            (_, Type::Tuple(items)) => {
                let items = items.clone();
                first.iter().zip(&items).map(|(v, t)| self.i64_value(*v, t)).collect()
            }
            (_, t) => vec![self.i64_value(first[0], &t.clone())],
        };
        let value = self.convert(fill[0], &args[1].ty, &Type::Scalar(at.dtype));
        let (data, owner, count) = self.allocate(&shape, at.dtype, false, args[0].span);
        self.fill(data, count, at.dtype, value)?;
        Ok(self.contiguous_vals(data, owner, shape, at.dtype.itemsize() as i64))
    }

    /// Gives a loop variable the value of its last iteration; the caller knows the loop ran.
    fn set_last_value(&mut self, var: LocalId, start: Value, n: Value, step: Value) {
        let k = self.b.ins().iadd_imm_s(n, -1);
        let offset = self.b.ins().imul(k, step);
        let last = self.b.ins().iadd(start, offset);
        self.assign_local(var, vec![last], &Type::Int);
    }

    /// Raises OverflowError when the 128-bit `v` does not fit in 64 bits, and, given `count`, only
    /// when that trip count is not zero.
    fn check_fits_i64(&mut self, v: Value, count: Option<Value>, span: Span) {
        let low = self.b.ins().ireduce(types::I64, v);
        let back = self.b.ins().sextend(types::I128, low);
        let mut lost = self.b.ins().icmp(IntCC::NotEqual, back, v);
        if let Some(n) = count {
            let runs = self.b.ins().icmp_imm_s(IntCC::NotEqual, n, 0);
            lost = self.b.ins().band(lost, runs);
        }
        self.fail_if(lost, "OverflowError", OVERFLOW, span);
    }

    /// `sum/min/max(elt for var in range(...) if ...)`: a counted loop with Python's semantics (the sum
    /// starts at int 0 and adds left to right; min/max keep the first of equal items).
    fn range_reduce(&mut self, r: &RangeReduce, ty: &Type, span: Span) -> R<Value> {
        let (start, stop, step) = self.range_operands(&r.start, &r.stop, &r.step)?;
        let n = self.range_length(start, stop, step);
        let acc = self.b.declare_var(scalar_clif(ty));
        let zero = self.iconst(types::I64, 0);
        let init = self.convert(zero, &Type::Int, ty);
        self.b.def_var(acc, init);
        let seen = self.b.declare_var(types::I8);
        let no = self.iconst(types::I8, 0);
        self.b.def_var(seen, no);
        self.index_loop(zero, n, |cx, i, latch| {
            let offset = cx.b.ins().imul(i, step);
            let x = cx.b.ins().iadd(start, offset);
            cx.assign_local(r.var, vec![x], &Type::Int);
            for c in &r.conds {
                let t = cx.condition(c)?;
                let next = cx.b.create_block();
                cx.b.ins().brif(t, next, &[], latch, &[]);
                cx.b.switch_to_block(next);
            }
            let v = cx.expr(&r.elt)?[0];
            let cur = cx.b.use_var(acc);
            let new = match r.op {
                Builtin::Sum => {
                    let (s, sty) = cx.binary(BinOp::Add, cur, ty, v, &r.elt.ty, false, span)?;
                    cx.convert(s, &sty, ty)
                }
                _ => {
                    let v = cx.convert(v, &r.elt.ty, ty);
                    let op = if r.op == Builtin::Min { CmpOp::Lt } else { CmpOp::Gt };
                    let better = cx.compare_values(op, v, ty, cur, ty);
                    let s = cx.b.use_var(seen);
                    let first = cx.b.ins().icmp_imm_s(IntCC::Equal, s, 0);
                    let take = cx.b.ins().bor(first, better);
                    cx.b.ins().select(take, v, cur)
                }
            };
            cx.b.def_var(acc, new);
            let yes = cx.iconst(types::I8, 1);
            cx.b.def_var(seen, yes);
            Ok(())
        })?;
        if r.op != Builtin::Sum {
            let s = self.b.use_var(seen);
            let empty = self.b.ins().icmp_imm_s(IntCC::Equal, s, 0);
            let msg = if r.op == Builtin::Min { "min() arg is an empty sequence" } else { "max() arg is an empty sequence" };
            self.fail_if(empty, "ValueError", msg, span);
        }
        Ok(self.b.use_var(acc))
    }

    fn while_loop(&mut self, cond: &Expr, body: &[Stmt], orelse: &[Stmt]) -> R<()> {
        let (header, bodyb, elseb, exit) =
            (self.b.create_block(), self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.ins().jump(header, &[]);
        self.b.switch_to_block(header);
        self.branch_exit_first(cond, bodyb, elseb)?;
        self.loop_body(bodyb, header, exit, body)?;
        self.enter(elseb, true);
        self.block(orelse)?;
        self.jump(exit);
        self.enter(exit, true);
        Ok(())
    }

    /// Emits a loop body starting at `bodyb`; `continue` goes to `latch`, `break` to `exit`.
    fn loop_body(&mut self, bodyb: Block, latch: Block, exit: Block, body: &[Stmt]) -> R<()> {
        self.loops.push(Loop { continue_to: latch, break_to: exit });
        self.enter(bodyb, true);
        self.block(body)?;
        self.jump(latch);
        self.loops.pop();
        Ok(())
    }

    /// Evaluates the arguments of `range(start, stop, step)`, raising CPython's ValueError for a zero
    /// step unless the step is a nonzero constant.
    fn range_operands(&mut self, start: &Expr, stop: &Expr, step: &Expr) -> R<(Value, Value, Value)> {
        let start_v = self.int_operand(start)?;
        let stop_v = self.int_operand(stop)?;
        let step_v = self.int_operand(step)?;
        if !matches!(step.kind, ExprKind::Const(Const::Int(k)) if k != 0) {
            let zero = self.b.ins().icmp_imm_s(IntCC::Equal, step_v, 0);
            self.fail_if(zero, "ValueError", "range() arg 3 must not be zero", step.span);
        }
        Ok((start_v, stop_v, step_v))
    }

    /// Records what the loop variable `var` of `range(start, stop, step)` is known to satisfy.
    fn range_var_facts(&mut self, var: LocalId, start: &Expr, stop: &Expr, step: &Expr) {
        if !self.stable[var as usize] {
            return;
        }
        if let Some(iv) = ranges::loop_interval(start, stop, step, &self.facts) {
            self.facts.insert(var, iv);
        }
        if matches!(step.kind, ExprKind::Const(Const::Int(k)) if k > 0) {
            if let Some((size, slack)) = self.size_of(stop) {
                self.below.entry(var).or_default().push(ranges::Below { size, slack });
            }
        }
    }

    /// A `range` loop; with a vector plan, its vector part runs first and this loop the rest.
    #[allow(clippy::too_many_arguments)]
    fn for_range(&mut self, var: LocalId, start: &Expr, stop: &Expr, step: &Expr, body: &[Stmt], orelse: &[Stmt], vector: Option<&vectorize::Plan>) -> R<()> {
        let (start_v, stop_v, step_v) = self.range_operands(start, stop, step)?;
        let const_step = match step.kind {
            ExprKind::Const(Const::Int(k)) => Some(k),
            _ => None,
        };
        self.range_var_facts(var, start, stop, step);
        let start_v = match vector {
            Some(plan) => self.vector_loop(var, plan, start_v, stop_v)?,
            None => start_v,
        };
        let ctr = self.b.declare_var(types::I64);
        self.b.def_var(ctr, start_v);
        let (header, bodyb, latch, elseb, exit) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        self.b.ins().jump(header, &[]);
        self.b.switch_to_block(header);
        let i = self.b.use_var(ctr);
        let done = match const_step {
            Some(k) if k > 0 => self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, i, stop_v),
            Some(_) => self.b.ins().icmp(IntCC::SignedLessThanOrEqual, i, stop_v),
            None => {
                let up = self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, i, stop_v);
                let down = self.b.ins().icmp(IntCC::SignedLessThanOrEqual, i, stop_v);
                let positive = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, step_v, 0);
                self.b.ins().select(positive, up, down)
            }
        };
        self.b.ins().brif(done, elseb, &[], bodyb, &[]);
        self.b.switch_to_block(bodyb);
        self.assign_local(var, vec![i], &Type::Int);
        self.loops.push(Loop { continue_to: latch, break_to: exit });
        self.inductions.push(induction::Induction::new(var, body));
        for s in body {
            if !self.reachable {
                break;
            }
            self.stmt(s)?;
            let facts = &self.facts;
            self.inductions.last_mut().expect("pushed above").note(s, &|v| exact(facts, v));
        }
        self.inductions.pop();
        self.jump(latch);
        self.loops.pop();
        self.b.switch_to_block(latch);
        let i = self.b.use_var(ctr);
        let next = self.b.ins().iadd(i, step_v);
        self.b.def_var(ctr, next);
        self.b.ins().jump(header, &[]);
        self.enter(elseb, true);
        self.block(orelse)?;
        self.jump(exit);
        self.enter(exit, true);
        Ok(())
    }

    /// A `range` loop over a few constants, as one copy of the body per value with the variable a
    /// constant in each: index arithmetic folds, and the copies' addresses differ by constants.
    fn unrolled(&mut self, var: LocalId, values: &[i64], body: &[Stmt], orelse: &[Stmt]) -> R<()> {
        let exit = self.b.create_block();
        for &v in values {
            let next = self.b.create_block();
            let c = self.iconst(types::I64, v);
            self.assign_local(var, vec![c], &Type::Int);
            if self.stable[var as usize] {
                self.facts.insert(var, (v as i128, v as i128));
            }
            self.loops.push(Loop { continue_to: next, break_to: exit });
            self.block(body)?;
            self.loops.pop();
            self.jump(next);
            // `continue` may reach it even when the body's end does not.
            self.enter(next, true);
        }
        self.facts.remove(&var);
        self.block(orelse)?;
        self.jump(exit);
        self.enter(exit, true);
        Ok(())
    }

    fn for_iter(&mut self, target: &Target, iter: &Expr, body: &[Stmt], orelse: &[Stmt]) -> R<()> {
        let arr = self.expr(iter)?;
        let Type::Array(at) = iter.ty else { unreachable!("type checker allows arrays only") };
        let (data, n, stride) = (arr[0], arr[2], arr[2 + at.ndim as usize]);
        let ctr = self.b.declare_var(types::I64);
        let zero = self.iconst(types::I64, 0);
        self.b.def_var(ctr, zero);
        let (header, bodyb, latch, elseb, exit) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        self.b.ins().jump(header, &[]);
        self.b.switch_to_block(header);
        let i = self.b.use_var(ctr);
        let done = self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, i, n);
        self.b.ins().brif(done, elseb, &[], bodyb, &[]);
        self.b.switch_to_block(bodyb);
        let off = self.b.ins().imul(i, stride);
        let addr = self.b.ins().iadd(data, off);
        if at.ndim == 1 {
            let elem = self.load_elem(addr, at.dtype);
            self.assign(target, vec![elem], &Type::Scalar(at.dtype))?;
        } else {
            // A view of the first axis: the remaining shape and strides of the array.
            let nd = at.ndim as usize;
            let mut row = vec![addr, arr[1]];
            row.extend(&arr[3..2 + nd]);
            row.extend(&arr[3 + nd..2 + 2 * nd]);
            let layout = if at.layout == Layout::C { Layout::C } else { Layout::A };
            let row_ty = Type::Array(ArrayType { ndim: at.ndim - 1, layout, ..at });
            self.assign(target, row, &row_ty)?;
        }
        self.loops.push(Loop { continue_to: latch, break_to: exit });
        self.block(body)?;
        self.jump(latch);
        self.loops.pop();
        self.b.switch_to_block(latch);
        let i = self.b.use_var(ctr);
        let next = self.b.ins().iadd_imm_s(i, 1);
        self.b.def_var(ctr, next);
        self.b.ins().jump(header, &[]);
        self.enter(elseb, true);
        self.block(orelse)?;
        self.jump(exit);
        self.enter(exit, true);
        Ok(())
    }

    /// Remembers what is known of a local assigned in one place: its range, the array length it
    /// equals, or the lengths of the array it holds.
    fn record_facts(&mut self, target: &Target, value: &Expr) {
        self.forget_facts(target);
        match target {
            Target::Local(id, _) if self.stable[*id as usize] => {
                if let Some(iv) = ranges::interval(value, &self.facts) {
                    self.facts.insert(*id, iv);
                }
                if value.ty == Type::Int {
                    if let Some(size) = self.size_of(value) {
                        self.sizes.insert(*id, size);
                    }
                }
                if let ExprKind::Call(Callee::Numpy(NumpyFn::Empty | NumpyFn::Zeros | NumpyFn::Ones), args, _) = &value.kind {
                    let items: Vec<&Expr> = match &args[0].kind {
                        ExprKind::Tuple(items) => items.iter().collect(),
                        _ => vec![&args[0]],
                    };
                    let dims = items
                        .iter()
                        .enumerate()
                        .map(|(k, e)| self.size_of(e).unwrap_or((ranges::Size::Axis(*id, k), 0)))
                        .collect();
                    self.dims.insert(*id, dims);
                }
            }
            Target::Tuple(items, _) => {
                if let ExprKind::Attr(base, Attr::Shape) = &value.kind {
                    for (k, item) in items.iter().enumerate() {
                        if let Target::Local(id, _) = item {
                            if self.stable[*id as usize] {
                                self.facts.insert(*id, ranges::SHAPE);
                                if let Some(size) = self.axis_size(base, k) {
                                    self.sizes.insert(*id, size);
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Drops every fact about the locals a target assigns: they held for the previous value.
    fn forget_facts(&mut self, target: &Target) {
        target.for_each_local(&mut |id| {
            self.facts.remove(&id);
            self.below.remove(&id);
            self.sizes.remove(&id);
            self.dims.remove(&id);
        });
    }

    /// The length of axis `k` of `base` as `size - slack`, when `base` is an array local that is
    /// never reassigned.
    fn axis_size(&self, base: &Expr, k: usize) -> Option<(ranges::Size, i128)> {
        let ExprKind::Local(a) = base.kind else { return None };
        if !self.stable[a as usize] {
            return None;
        }
        Some(self.dims.get(&a).and_then(|d| d.get(k)).copied().unwrap_or((ranges::Size::Axis(a, k), 0)))
    }

    /// `e` as `size - slack` for a named array length.
    fn size_of(&self, e: &Expr) -> Option<(ranges::Size, i128)> {
        match &e.kind {
            ExprKind::Local(h) => match self.sizes.get(h) {
                Some(size) => Some(*size),
                None if self.stable[*h as usize] && e.ty == Type::Int => Some((ranges::Size::Local(*h), 0)),
                None => None,
            },
            ExprKind::Index(base, idx) => match (&base.kind, &idx[0].kind) {
                (ExprKind::Attr(arr, Attr::Shape), ExprKind::Const(Const::Int(k))) => self.axis_size(arr, *k as usize),
                _ => None,
            },
            ExprKind::Call(Callee::Builtin(Builtin::Len), args, _) => self.axis_size(&args[0], 0),
            ExprKind::Binary(BinOp::Sub, x, c) => match c.kind {
                ExprKind::Const(Const::Int(c)) => self.size_of(x).map(|(s, d)| (s, d + c as i128)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Facts a true condition establishes: `lo <= v` and `v < size - slack` from the comparisons of
    /// an `and` chain, for locals that are never reassigned.
    fn guard_facts(&self, cond: &Expr, lower: &mut Vec<(LocalId, i128)>, upper: &mut Vec<(LocalId, ranges::Below)>) {
        match &cond.kind {
            ExprKind::Logical(LogicalOp::And, parts) => parts.iter().for_each(|p| self.guard_facts(p, lower, upper)),
            ExprKind::Compare(first, rest) => {
                let mut left = &**first;
                for (op, right) in rest {
                    let local = |e: &Expr| match e.kind {
                        ExprKind::Local(v) if self.stable[v as usize] && e.ty == Type::Int => Some(v),
                        _ => None,
                    };
                    let constant = |e: &Expr| match e.kind {
                        ExprKind::Const(Const::Int(c)) => Some(c as i128),
                        _ => None,
                    };
                    // Normalise `x > y` to `y < x`.
                    let (l, op, r) = match op {
                        CmpOp::Gt => (right, CmpOp::Lt, left),
                        CmpOp::GtE => (right, CmpOp::LtE, left),
                        _ => (left, *op, right),
                    };
                    let strict = match op {
                        CmpOp::Lt => 1,
                        CmpOp::LtE => 0,
                        _ => {
                            left = right;
                            continue;
                        }
                    };
                    if let (Some(c), Some(v)) = (constant(l), local(r)) {
                        lower.push((v, c + strict));
                    }
                    if let (Some(v), Some((size, slack))) = (local(l), self.size_of(r)) {
                        upper.push((v, ranges::Below { size, slack: slack + strict - 1 }));
                    }
                    left = right;
                }
            }
            _ => {}
        }
    }

    fn assign_local(&mut self, id: LocalId, vals: Vals, ty: &Type) {
        let local_ty = self.locals[id as usize].ty.clone();
        let vals = self.coerce(vals, ty, &local_ty);
        let local = &self.locals[id as usize];
        for (var, v) in local.vars.iter().zip(vals) {
            self.b.def_var(*var, v);
        }
        if let Some(d) = local.defined {
            let one = self.b.ins().iconst(types::I8, 1);
            self.b.def_var(d, one);
        }
    }

    fn assign(&mut self, target: &Target, vals: Vals, ty: &Type) -> R<()> {
        match target {
            Target::Local(id, _) => self.assign_local(*id, vals, ty),
            Target::Index { base, indices, span } if Self::is_view(base, indices) => {
                let target = self.view(base, indices)?;
                let Type::Array(at) = base.ty else { unreachable!("views are of arrays") };
                let nd = at.ndim as usize - indices.iter().filter(|i| !matches!(i.kind, ExprKind::Slice(..))).count();
                let tat = ArrayType { ndim: nd as u8, layout: Layout::A, ..at };
                self.update_view(&target, tat, &vals, ty, None, *span)?;
            }
            Target::Index { base, indices, span } => {
                let (addr, at) = self.element_address(base, indices)?;
                self.store_elem(addr, at, vals[0], ty, *span);
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

    fn aug_assign(&mut self, target: &Target, op: BinOp, value: &Expr, span: Span) -> R<()> {
        match target {
            Target::Local(id, tspan) if matches!(self.locals[*id as usize].ty, Type::Array(_)) => {
                let Type::Array(at) = self.locals[*id as usize].ty else { unreachable!() };
                let cur = self.read_local(*id, *tspan);
                let v = self.expr(value)?;
                self.update_view(&cur, at, &v, &value.ty, Some(op), span)?;
            }
            Target::Index { base, indices, span: tspan } if Self::is_view(base, indices) => {
                let target = self.view(base, indices)?;
                let Type::Array(at) = base.ty else { unreachable!("views are of arrays") };
                let nd = at.ndim as usize - indices.iter().filter(|i| !matches!(i.kind, ExprKind::Slice(..))).count();
                let tat = ArrayType { ndim: nd as u8, layout: Layout::A, ..at };
                let v = self.expr(value)?;
                self.update_view(&target, tat, &v, &value.ty, Some(op), *tspan)?;
            }
            Target::Local(id, tspan) => {
                let cur_ty = self.locals[*id as usize].ty.clone();
                let cur = self.read_local(*id, *tspan);
                let v = self.expr(value)?;
                let negative = is_negative_int_const(value);
                let (r, rty) = self.binary(op, cur[0], &cur_ty, v[0], &value.ty, negative, span)?;
                self.assign_local(*id, vec![r], &rty);
            }
            Target::Index { base, indices, span: tspan } => {
                let (addr, at) = self.element_address(base, indices)?;
                let cur = self.load_elem(addr, at.dtype);
                let v = self.expr(value)?;
                let negative = is_negative_int_const(value);
                let (r, rty) = self.binary(op, cur, &Type::Scalar(at.dtype), v[0], &value.ty, negative, span)?;
                self.store_elem(addr, at, r, &rty, *tspan);
            }
            Target::Tuple(..) => unreachable!("rejected by the front end"),
        }
        Ok(())
    }

    // ---- arrays --------------------------------------------------------------------------------

    fn load_elem(&mut self, addr: Value, d: Dtype) -> Value {
        let ty = scalar_clif(&Type::Scalar(d));
        self.b.ins().load(ty, MemFlagsData::trusted(), addr, 0)
    }

    fn store_elem(&mut self, addr: Value, at: ArrayType, v: Value, vty: &Type, span: Span) {
        if !self.check_writeable(at, span) {
            return;
        }
        let converted = self.stored_value(v, vty, at.dtype, span);
        self.b.ins().store(MemFlagsData::trusted(), converted, addr, 0);
    }

    /// Raises NumPy's error for a store into a read-only array; false when the store is unreachable.
    fn check_writeable(&mut self, at: ArrayType, span: Span) -> bool {
        if at.readonly {
            self.emit_raise("ValueError", Some("assignment destination is read-only"), span);
            let dead = self.b.create_block();
            self.b.switch_to_block(dead);
            return false;
        }
        true
    }

    /// A scalar converted as NumPy converts it when storing it into an array of dtype `d`: a float
    /// into an integer array goes through Python's int() (nan and inf raise), and a Python int must
    /// fit the dtype.
    fn stored_value(&mut self, v: Value, vty: &Type, d: Dtype, span: Span) -> Value {
        let (v, vty) = if rules::is_floatlike(vty) && d.is_int() {
            let f = self.f64_value(v, vty);
            (self.float_to_py_int(f, span), Type::Int)
        } else {
            (v, vty.clone())
        };
        if vty == Type::Int && d.is_int() && d != Dtype::I64 {
            self.check_python_int_fits(v, d, span);
        }
        self.convert(v, &vty, &Type::Scalar(d))
    }

    /// Whether `base[indices]` is a view rather than one element.
    fn is_view(base: &Expr, indices: &[Expr]) -> bool {
        let Type::Array(at) = &base.ty else { return false };
        indices.len() < at.ndim as usize || indices.iter().any(|i| matches!(i.kind, ExprKind::Slice(..)))
    }

    /// `target[...] = value` or `target[...] op= value` over a whole array or view, with NumPy's
    /// broadcasting of the value. An array value is first copied to a temporary, so that overlapping
    /// memory (`a[1:] = a[:-1]`) behaves as in NumPy.
    fn update_view(&mut self, target: &Vals, tat: ArrayType, value: &Vals, vty: &Type, op: Option<BinOp>, span: Span) -> R<()> {
        if !self.check_writeable(tat, span) {
            return Ok(());
        }
        let nd = tat.ndim as usize;
        let shape = target[2..2 + nd].to_vec();
        let source = match vty {
            Type::Array(vat) => {
                let vnd = vat.ndim as usize;
                let vshape = value[2..2 + vnd].to_vec();
                for (k, vdim) in vshape.iter().enumerate() {
                    let tdim = shape[k + nd - vnd];
                    let same = self.b.ins().icmp(IntCC::Equal, *vdim, tdim);
                    let one = self.b.ins().icmp_imm_s(IntCC::Equal, *vdim, 1);
                    let ok = self.b.ins().bor(same, one);
                    let bad = self.b.ins().bxor_imm_u(ok, 1);
                    self.raise_broadcast_if(bad, &vshape, &shape, true, span);
                }
                let itemsize = vat.dtype.itemsize() as i64;
                let (temp, _, _) = self.allocate(&vshape, vat.dtype, false, span);
                let cstrides = self.c_strides(&vshape, itemsize);
                self.copy_strided(vat.dtype, &vshape, value[0], &value[2 + vnd..2 + 2 * vnd], temp, &cstrides)?;
                let zero = self.iconst(types::I64, 0);
                let strides: Vals = (0..nd)
                    .map(|j| match (j + vnd).checked_sub(nd) {
                        None => zero,
                        Some(k) => {
                            let one = self.b.ins().icmp_imm_s(IntCC::Equal, vshape[k], 1);
                            self.b.ins().select(one, zero, cstrides[k])
                        }
                    })
                    .collect();
                Source::Array(temp, strides, vat.dtype)
            }
            // A scalar is converted once; with an operator the arithmetic follows NEP 50 per element.
            _ if op.is_none() => Source::Scalar(self.stored_value(value[0], vty, tat.dtype, span), Type::Scalar(tat.dtype)),
            _ => Source::Scalar(value[0], vty.clone()),
        };
        let zero = self.iconst(types::I64, 0);
        self.update_nest(&shape, target[0], &target[2 + nd..2 + 2 * nd], zero, &source, tat.dtype, op, span)
    }

    #[allow(clippy::too_many_arguments)]
    fn update_nest(&mut self, shape: &[Value], t: Value, t_strides: &[Value], v_off: Value, source: &Source, d: Dtype, op: Option<BinOp>, span: Span) -> R<()> {
        let level = t_strides.len() - shape.len();
        let Some((&n, rest)) = shape.split_first() else {
            let (v, vty) = match source {
                Source::Array(data, _, vd) => {
                    let addr = self.b.ins().iadd(*data, v_off);
                    (self.load_elem(addr, *vd), Type::Scalar(*vd))
                }
                Source::Scalar(v, vty) => (*v, vty.clone()),
            };
            let r = match op {
                Some(op) => {
                    let cur = self.load_elem(t, d);
                    let (r, rty) = self.binary(op, cur, &Type::Scalar(d), v, &vty, false, span)?;
                    self.convert(r, &rty, &Type::Scalar(d))
                }
                None => self.convert(v, &vty, &Type::Scalar(d)),
            };
            self.b.ins().store(MemFlagsData::trusted(), r, t, 0);
            return Ok(());
        };
        self.counted_loop(n, |cx, i| {
            let toff = cx.b.ins().imul(i, t_strides[level]);
            let t_next = cx.b.ins().iadd(t, toff);
            let v_next = match source {
                Source::Array(_, strides, _) => {
                    let step = cx.b.ins().imul(i, strides[level]);
                    cx.b.ins().iadd(v_off, step)
                }
                Source::Scalar(..) => v_off,
            };
            cx.update_nest(rest, t_next, t_strides, v_next, source, d, op, span)?;
            Ok(())
        })?;
        Ok(())
    }

    /// NumPy 2 refuses to store a Python int that does not fit the array's integer dtype.
    fn check_python_int_fits(&mut self, v: Value, d: Dtype, span: Span) {
        let bits = d.itemsize() * 8;
        let (lo, hi): (i64, i64) = if d.is_signed() {
            (-(1i64 << (bits - 1)), (1i64 << (bits - 1)) - 1)
        } else if bits == 64 {
            (0, i64::MAX)
        } else {
            (0, (1i64 << bits) - 1)
        };
        let below = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, v, lo);
        let above = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, v, hi);
        let bad = self.b.ins().bor(below, above);
        let msg = format!("Python integer {{}} out of bounds for {d}");
        self.fail_if_with(bad, |cx| {
            let (ep, el) = cx.str_consts("OverflowError");
            let (mp, ml) = cx.str_consts(&msg);
            let (lp, ll) = cx.location(span);
            let f = cx.helper("hasten_rt_raise_int", &[types::I64; 7], &[]);
            cx.call(f, &[ep, el, mp, ml, v, lp, ll]);
            cx.leave_to_error_exit();
        });
    }

    /// Address of `base[indices]`, with negative indices wrapped and bounds checked.
    fn element_address(&mut self, base: &Expr, indices: &[Expr]) -> R<(Value, ArrayType)> {
        let arr = self.expr(base)?;
        let Type::Array(at) = base.ty else { unreachable!("type checker allows arrays only") };
        let nd = at.ndim as usize;
        let mut checked = Vec::new();
        let mut strides = Vec::new();
        for (k, idx) in indices.iter().enumerate() {
            checked.push(self.checked_index(base, k, idx, arr[2 + k])?);
            // The unit-stride axis of a contiguous array has the item size as its stride (NumPy may
            // report another stride for an axis of length 1, where the only index is 0).
            let unit_axis = match at.layout {
                Layout::C => k + 1 == nd,
                Layout::F => k == 0,
                Layout::A => false,
            };
            strides.push(if unit_axis { Err(at.dtype.itemsize() as i64) } else { Ok(arr[2 + nd + k]) });
        }
        if checked.iter().all(|(_, wraps)| !wraps) {
            if let Some(addr) = self.reduced_address(arr[0], indices, &strides) {
                return Ok((addr, at));
            }
        }
        let mut addr = arr[0];
        for ((i, _), stride) in checked.into_iter().zip(strides) {
            let stride = stride.unwrap_or_else(|size| self.iconst(types::I64, size));
            let off = self.b.ins().imul(i, stride);
            addr = self.b.ins().iadd(addr, off);
        }
        Ok((addr, at))
    }

    /// The address of an element whose indices (already checked, none negative) are linear in the
    /// innermost loop's variable, as `(data + Σ invariant part · stride) + var · Σ coef · stride`: the
    /// first sum does not change in the loop, so Cranelift computes it once before it. A stride is an
    /// SSA value, or `Err(size)` for a constant one.
    fn reduced_address(&mut self, data: Value, indices: &[Expr], strides: &[Result<Value, i64>]) -> Option<Value> {
        let ind = self.inductions.last()?;
        let facts = &self.facts;
        let forms: Vec<induction::Linear> = indices.iter().map(|i| ind.linear(i, &|v| exact(facts, v))).collect::<Option<_>>()?;
        if forms.iter().all(|f| f.coef == 0) {
            return None;
        }
        let var = ind.var;
        let mut base = data;
        let mut step: Option<Value> = None;
        let mut const_step = 0i64;
        for (form, stride) in forms.iter().zip(strides) {
            let mut part = self.iconst(types::I64, form.konst);
            for (atom, k) in &form.terms {
                let v = self.expr(atom).ok()?[0];
                let kv = self.b.ins().imul_imm_s(v, *k);
                part = self.b.ins().iadd(part, kv);
            }
            let stride_v = match stride {
                Ok(v) => *v,
                Err(size) => self.iconst(types::I64, *size),
            };
            let off = self.b.ins().imul(part, stride_v);
            base = self.b.ins().iadd(base, off);
            match stride {
                Err(size) => const_step = const_step.wrapping_add(form.coef.wrapping_mul(*size)),
                Ok(v) if form.coef != 0 => {
                    let s = self.b.ins().imul_imm_s(*v, form.coef);
                    step = Some(match step {
                        Some(t) => self.b.ins().iadd(t, s),
                        None => s,
                    });
                }
                Ok(_) => {}
            }
        }
        let i = self.b.use_var(self.locals[var as usize].vars[0]);
        let mut off = self.b.ins().imul_imm_s(i, const_step);
        if let Some(s) = step {
            let t = self.b.ins().imul(i, s);
            off = self.b.ins().iadd(off, t);
        }
        self.remark(|cx| {
            let shown: Vec<String> = indices.iter().map(|i| cx.text(i.span)).collect();
            let name = &cx.locals[var as usize].name;
            format!("strength-reduced: the address of `[{}]` is an invariant base plus `{name}` times a stride", shown.join(", "))
        });
        Some(self.b.ins().iadd(base, off))
    }

    /// Index `idx` into axis `k` (of length `n`) of `base`: negative values wrap, and IndexError is
    /// raised out of bounds unless the value ranges prove it in bounds or boundscheck is off.
    /// Also says whether a negative index had to be wrapped, that is, whether it was not proven
    /// nonnegative.
    fn checked_index(&mut self, base: &Expr, k: usize, idx: &Expr, n: Value) -> R<(Value, bool)> {
        let i = self.int_operand(idx)?;
        let mirrored = self.mirrored_index(idx);
        let nonnegative = ranges::interval(idx, &self.facts).is_some_and(|(lo, _)| lo >= 0) || mirrored.is_some_and(|m| m.nonnegative);
        let wrapped = if nonnegative {
            i
        } else {
            let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
            let shifted = self.b.ins().iadd(i, n);
            self.b.ins().select(neg, shifted, i)
        };
        // `v < size - slack_v` and a length of `size - slack_axis` put `v + c` in bounds when
        // `c + slack_axis <= slack_v`.
        // `size - d - v` with `v >= lo` is below a length of `size - slack_axis` when `d + lo > slack_axis`.
        let proven = nonnegative
            && self.axis_size(base, k).is_some_and(|(size, slack_axis)| {
                ranges::local_plus_const(idx, &|v| exact(&self.facts, v).map(i128::from)).is_some_and(|(v, c)| {
                    self.below.get(&v).is_some_and(|bs| bs.iter().any(|b| b.size == size && b.slack >= c + slack_axis))
                }) || mirrored.is_some_and(|m| m.size == size && m.var_lo.is_some_and(|lo| m.offset + lo > slack_axis))
            });
        self.remark(|cx| {
            let (bt, it) = (cx.text(base.span), cx.text(idx.span));
            match (cx.opts.boundscheck, proven) {
                (false, _) => "bounds checks off (boundscheck=False)".into(),
                (true, true) => format!("bounds check removed: `{it}` is proven within axis {k} of `{bt}`"),
                (true, false) => format!("bounds check kept: `{it}` on axis {k} of `{bt}` is not proven in bounds"),
            }
        });
        if self.opts.boundscheck && !proven {
            let oob = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, wrapped, n);
            let ispan = idx.span;
            self.fail_if_with(oob, |cx| {
                let axis = cx.iconst(types::I64, k as i64);
                let (lp, ll) = cx.location(ispan);
                let f = cx.helper("hasten_rt_raise_index", &[types::I64; 5], &[]);
                cx.call(f, &[i, axis, n, lp, ll]);
                cx.leave_to_error_exit();
            });
        }
        Ok((wrapped, !nonnegative))
    }

    /// An index written `size - d - v` (or `size - v - d`) for a local `v` and a named array length,
    /// the form of a loop that walks an axis backwards, with what the facts say about it.
    fn mirrored_index(&self, idx: &Expr) -> Option<Mirrored> {
        let ExprKind::Binary(BinOp::Sub, l, r) = &idx.kind else { return None };
        let (x, v, extra) = match &r.kind {
            ExprKind::Local(_) => (&**l, &**r, 0),
            ExprKind::Const(Const::Int(c)) => match &l.kind {
                ExprKind::Binary(BinOp::Sub, x, v) => (&**x, &**v, *c as i128),
                _ => return None,
            },
            _ => return None,
        };
        let (ExprKind::Local(v), Type::Int) = (&v.kind, &v.ty) else { return None };
        let v = *v;
        let (size, d) = self.size_of(x)?;
        let offset = d + extra;
        // `v < size - s` gives `size - offset - v > s - offset`, so the index is at least 0 when `offset <= s + 1`.
        let nonnegative = self.below.get(&v).is_some_and(|bs| bs.iter().any(|b| b.size == size && offset <= b.slack + 1));
        let var_lo = self.facts.get(&v).map(|iv| iv.0);
        Some(Mirrored { size, offset, var_lo, nonnegative })
    }

    /// `base[indices]` as a view: integer indices fix an axis (checked as for an element), slices
    /// keep it with Python's clamping, and unindexed trailing axes are kept whole.
    fn view(&mut self, base: &Expr, indices: &[Expr]) -> R<Vals> {
        let arr = self.expr(base)?;
        let Type::Array(at) = base.ty else { unreachable!("type checker allows arrays only") };
        let nd = at.ndim as usize;
        let (mut data, owner) = (arr[0], arr[1]);
        let (mut shape, mut strides) = (Vec::new(), Vec::new());
        for k in 0..nd {
            let (n, stride) = (arr[2 + k], arr[2 + nd + k]);
            match indices.get(k) {
                None => {
                    shape.push(n);
                    strides.push(stride);
                }
                Some(Expr { kind: ExprKind::Slice(start, stop, step), span, .. }) => {
                    let (first, len, step) = self.slice_axis(start.as_deref(), stop.as_deref(), step.as_deref(), n, *span)?;
                    let off = self.b.ins().imul(first, stride);
                    data = self.b.ins().iadd(data, off);
                    shape.push(len);
                    strides.push(self.b.ins().imul(stride, step));
                }
                Some(idx) => {
                    let (i, _) = self.checked_index(base, k, idx, n)?;
                    let off = self.b.ins().imul(i, stride);
                    data = self.b.ins().iadd(data, off);
                }
            }
        }
        let mut vals = vec![data, owner];
        vals.extend(shape);
        vals.extend(strides);
        Ok(vals)
    }

    /// Python's slice semantics on an axis of length `n` (`slice.indices`): the first index, the
    /// number of elements and the step. A zero step is a ValueError.
    fn slice_axis(&mut self, start: Option<&Expr>, stop: Option<&Expr>, step: Option<&Expr>, n: Value, span: Span) -> R<(Value, Value, Value)> {
        let bound = |cx: &mut Self, e: Option<&Expr>| -> R<Option<Value>> {
            match e {
                Some(e) if e.ty != Type::None => Ok(Some(cx.int_operand(e)?)),
                _ => Ok(None),
            }
        };
        let step_v = bound(self, step)?;
        let const_step = match step.map(|e| &e.kind) {
            Some(ExprKind::Const(Const::Int(k))) => Some(*k),
            None | Some(ExprKind::Const(Const::None)) => Some(1),
            _ => None,
        };
        let step_v = match step_v {
            Some(v) => v,
            None => self.iconst(types::I64, 1),
        };
        if const_step.is_none() {
            let zero = self.b.ins().icmp_imm_s(IntCC::Equal, step_v, 0);
            self.fail_if(zero, "ValueError", "slice step cannot be zero", span);
        } else if const_step == Some(0) {
            self.emit_raise("ValueError", Some("slice step cannot be zero"), span);
            let dead = self.b.create_block();
            self.b.switch_to_block(dead);
        }
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, step_v, 0);
        let minus_one = self.iconst(types::I64, -1);
        let zero = self.iconst(types::I64, 0);
        let n_minus_one = self.b.ins().iadd_imm_s(n, -1);
        // Clamped positions, and the defaults for omitted bounds, depend on the step's sign.
        let low = self.b.ins().select(negative, minus_one, zero);
        let high = self.b.ins().select(negative, n_minus_one, n);
        let clamp = |cx: &mut Self, v: Option<Value>, default: Value| match v {
            None => default,
            Some(v) => {
                let below = cx.b.ins().icmp_imm_s(IntCC::SignedLessThan, v, 0);
                let shifted = cx.b.ins().iadd(v, n);
                let v = cx.b.ins().select(below, shifted, v);
                let still_below = cx.b.ins().icmp_imm_s(IntCC::SignedLessThan, v, 0);
                let above = cx.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, v, n);
                let v = cx.b.ins().select(above, high, v);
                cx.b.ins().select(still_below, low, v)
            }
        };
        let start_v = bound(self, start)?;
        let stop_v = bound(self, stop)?;
        let start_default = self.b.ins().select(negative, n_minus_one, zero);
        let first = clamp(self, start_v, start_default);
        let stop_default = self.b.ins().select(negative, minus_one, n);
        let last = clamp(self, stop_v, stop_default);
        let len = self.range_length(first, last, step_v);
        Ok((first, len, step_v))
    }

    fn new_array(&mut self, f: NumpyFn, args: &[Expr], ty: &Type) -> R<Vals> {
        let Type::Array(at) = ty else { unreachable!("constructors return arrays") };
        let first = self.expr(&args[0])?;
        let shape: Vals = match (f, &args[0].ty) {
            (NumpyFn::EmptyLike | NumpyFn::ZerosLike | NumpyFn::OnesLike, Type::Array(src)) => {
                first[2..2 + src.ndim as usize].to_vec()
            }
            (_, Type::Tuple(items)) => {
                let items = items.clone();
                first.iter().zip(&items).map(|(v, t)| self.i64_value(*v, t)).collect()
            }
            (_, t) => vec![self.i64_value(first[0], &t.clone())],
        };
        let itemsize = at.dtype.itemsize() as i64;
        let zeroed = matches!(f, NumpyFn::Zeros | NumpyFn::ZerosLike);
        let (data, owner, count) = self.allocate(&shape, at.dtype, zeroed, args[0].span);
        let strides = match (&args[0].ty, f) {
            (Type::Array(src), NumpyFn::EmptyLike | NumpyFn::ZerosLike | NumpyFn::OnesLike) if src.layout != Layout::C => {
                let nd = src.ndim as usize;
                self.k_order_strides(&shape, &first[2 + nd..2 + 2 * nd], itemsize)
            }
            _ => self.c_strides(&shape, itemsize),
        };
        if matches!(f, NumpyFn::Ones | NumpyFn::OnesLike) {
            let one = self.convert_const_one(at.dtype);
            self.fill(data, count, at.dtype, one)?;
        }
        let mut vals = vec![data, owner];
        vals.extend(shape);
        vals.extend(strides);
        Ok(vals)
    }

    /// A new buffer for an array of `shape` (checked: no negative dimension, none of 2**62 or more,
    /// no size overflow); returns its data pointer, its owner handle and the element count.
    fn allocate(&mut self, shape: &[Value], dtype: Dtype, zeroed: bool, span: Span) -> (Value, Value, Value) {
        let too_big = "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.";
        let mut count = self.iconst(types::I64, 1);
        for n in shape {
            let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, *n, 0);
            self.fail_if(neg, "ValueError", "negative dimensions are not allowed", span);
            // Dimensions stay below 2**62, which `ranges` relies on (see `ranges::SHAPE`).
            let huge = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, *n, ranges::MAX_DIM);
            self.fail_if(huge, "ValueError", too_big, span);
            let (c, of) = self.b.ins().smul_overflow(count, *n);
            self.fail_if(of, "ValueError", too_big, span);
            count = c;
        }
        let size = self.iconst(types::I64, dtype.itemsize() as i64);
        let (nbytes, of) = self.b.ins().smul_overflow(count, size);
        self.fail_if(of, "ValueError", too_big, span);
        let zeroed = self.iconst(types::I32, zeroed as i64);
        let alloc = self.helper("hasten_rt_alloc", &[types::I64, types::I32], &[types::I64]);
        let handle = self.call(alloc, &[nbytes, zeroed])[0];
        let failed = self.b.ins().icmp_imm_s(IntCC::Equal, handle, 0);
        self.check_status(failed);
        let data = self.b.ins().load(types::I64, MemFlagsData::trusted(), handle, 0);
        let owner = self.b.ins().bor_imm_u(handle, 1);
        (data, owner, count)
    }

    /// The values of a fresh C-contiguous array: data, owner, shape, then strides.
    fn contiguous_vals(&mut self, data: Value, owner: Value, shape: Vals, itemsize: i64) -> Vals {
        let strides = self.c_strides(&shape, itemsize);
        let mut vals = vec![data, owner];
        vals.extend(shape);
        vals.extend(strides);
        vals
    }

    fn c_strides(&mut self, shape: &[Value], itemsize: i64) -> Vals {
        let mut strides = vec![self.iconst(types::I64, itemsize); shape.len()];
        for k in (0..shape.len().saturating_sub(1)).rev() {
            strides[k] = self.b.ins().imul(strides[k + 1], shape[k + 1]);
        }
        strides
    }

    /// Contiguous strides that keep the axis order of `src_strides` (NumPy's `order='K'`, which the
    /// `*_like` constructors use): an axis is inner to another when its stride is smaller in magnitude,
    /// ties keeping the later axis inner.
    fn k_order_strides(&mut self, shape: &[Value], src_strides: &[Value], itemsize: i64) -> Vals {
        let mags: Vals = src_strides.iter().map(|s| self.b.ins().iabs(*s)).collect();
        let one = self.iconst(types::I64, 1);
        (0..shape.len())
            .map(|k| {
                let mut acc = self.iconst(types::I64, itemsize);
                for j in (0..shape.len()).filter(|j| *j != k) {
                    let tie_order = if j > k { IntCC::UnsignedLessThanOrEqual } else { IntCC::UnsignedLessThan };
                    let inner = self.b.ins().icmp(tie_order, mags[j], mags[k]);
                    let factor = self.b.ins().select(inner, shape[j], one);
                    acc = self.b.ins().imul(acc, factor);
                }
                acc
            })
            .collect()
    }

    /// Stores `value` into each of the `count` elements of a contiguous buffer.
    fn fill(&mut self, data: Value, count: Value, d: Dtype, value: Value) -> R<()> {
        self.counted_loop(count, |cx, i| {
            let off = cx.b.ins().imul_imm_s(i, d.itemsize() as i64);
            let addr = cx.b.ins().iadd(data, off);
            cx.b.ins().store(MemFlagsData::trusted(), value, addr, 0);
            Ok(())
        })
    }

    fn convert_const_one(&mut self, d: Dtype) -> Value {
        match d {
            Dtype::F32 => self.b.ins().f32const(1.0),
            Dtype::F64 => self.b.ins().f64const(1.0),
            _ => self.iconst(scalar_clif(&Type::Scalar(d)), 1),
        }
    }

    // ---- expressions ---------------------------------------------------------------------------

    fn read_local(&mut self, id: LocalId, span: Span) -> Vals {
        if let Some(d) = self.locals[id as usize].defined {
            let flag = self.b.use_var(d);
            let unbound = self.b.ins().icmp_imm_s(IntCC::Equal, flag, 0);
            let msg = format!(
                "cannot access local variable '{}' where it is not associated with a value",
                self.locals[id as usize].name
            );
            self.fail_if(unbound, "UnboundLocalError", &msg, span);
        }
        let vars = self.locals[id as usize].vars.clone();
        vars.into_iter().map(|v| self.b.use_var(v)).collect()
    }

    /// Branches to `then` if `cond` is true, else to `otherwise`. `and`, `or`, `not` and chained
    /// comparisons become branches of their own, so that no truth value is merged in a block
    /// parameter and the blocks a true `and` reaches are dominated by every test it made.
    fn branch(&mut self, cond: &Expr, then: Block, otherwise: Block) -> R<()> {
        self.branch_on(cond, then, otherwise, false)
    }

    /// `branch` for a loop test: each test branches to the exit on its taken side, so that Cranelift
    /// hoists invariant code out of the loop rather than sinking it into the body.
    fn branch_exit_first(&mut self, cond: &Expr, body: Block, exit: Block) -> R<()> {
        self.branch_on(cond, body, exit, true)
    }

    fn branch_on(&mut self, cond: &Expr, then: Block, otherwise: Block, flip: bool) -> R<()> {
        if let Some(&truth) = self.known.get(&(cond as *const Expr)) {
            self.b.ins().jump(if truth { then } else { otherwise }, &[]);
            return Ok(());
        }
        if self.invariants.contains_key(&(cond as *const Expr)) {
            let c = self.condition(cond)?;
            self.test(c, then, otherwise, flip);
            return Ok(());
        }
        match &cond.kind {
            ExprKind::Logical(op, parts) => {
                let (last, init) = parts.split_last().expect("a logical operation has operands");
                for p in init {
                    let next = self.b.create_block();
                    match op {
                        LogicalOp::And => self.branch_on(p, next, otherwise, flip)?,
                        LogicalOp::Or => self.branch_on(p, then, next, flip)?,
                    }
                    self.b.switch_to_block(next);
                }
                self.branch_on(last, then, otherwise, flip)
            }
            ExprKind::Unary(UnaryOp::Not, x) => self.branch_on(x, otherwise, then, !flip),
            ExprKind::Compare(first, rest) if rest.len() > 1 => {
                let left = self.expr(first)?;
                self.compare_chain(left, &first.ty, rest, then, otherwise, flip)
            }
            _ => {
                let c = self.condition(cond)?;
                self.test(c, then, otherwise, flip);
                Ok(())
            }
        }
    }

    /// `brif c, then, otherwise`, or with `flip` the same test written as `brif !c, otherwise, then`.
    fn test(&mut self, c: Value, then: Block, otherwise: Block, flip: bool) {
        if flip {
            let not = self.b.ins().bxor_imm_u(c, 1);
            self.b.ins().brif(not, otherwise, &[], then, &[]);
        } else {
            self.b.ins().brif(c, then, &[], otherwise, &[]);
        }
    }

    fn condition(&mut self, e: &Expr) -> R<Value> {
        let v = self.expr(e)?;
        Ok(self.truth(&v, &e.ty))
    }

    /// An integer operand widened to i64 (indices, range bounds, shapes).
    fn int_operand(&mut self, e: &Expr) -> R<Value> {
        let v = self.expr(e)?;
        Ok(self.i64_value(v[0], &e.ty))
    }

    fn i64_value(&mut self, v: Value, ty: &Type) -> Value {
        let cl = scalar_clif(ty);
        if cl == types::I64 {
            v
        } else if is_signed_num(ty) {
            self.b.ins().sextend(types::I64, v)
        } else {
            self.b.ins().uextend(types::I64, v)
        }
    }

    fn expr(&mut self, e: &Expr) -> R<Vals> {
        if let Some(v) = self.invariants.get(&(e as *const Expr)) {
            return Ok(v.clone());
        }
        self.compute(e)
    }

    /// Emits a loop through `emit`, versioned on its invariants: the expensive pure expressions of
    /// the body whose operands the loop never assigns are evaluated once, speculatively, before the
    /// loop. If none of them would raise, the loop runs with their values; otherwise the original
    /// loop runs, evaluating them in place so that any error is raised exactly where CPython raises
    /// it. Pure expressions give the same value either way.
    fn versioned_loop(&mut self, body: &[Stmt], assigned_too: &[LocalId], emit: impl Fn(&mut Self) -> R<()>) -> R<()> {
        let mut assigned: Vec<LocalId> = assigned_too.to_vec();
        assigned_locals(body, &mut assigned);
        let mut found = Vec::new();
        memo::candidates(body, &assigned, &mut found);
        found.retain(|e| !self.invariants.contains_key(&(*e as *const Expr)));
        if !self.versioning || found.is_empty() {
            return emit(self);
        }
        for e in &found {
            self.remark(|cx| format!("hoisted: `{}` is computed once before the loop", cx.text(e.span)));
        }
        let (fast, slow, join) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        let (values, can_fail) = self.speculate(slow, |cx| found.iter().map(|e| cx.compute(e)).collect::<R<Vec<_>>>())?;
        self.b.ins().jump(fast, &[]);

        self.b.switch_to_block(fast);
        for (e, v) in found.iter().zip(values) {
            self.invariants.insert(*e as *const Expr, v);
        }
        emit(self)?;
        for e in &found {
            self.invariants.remove(&(*e as *const Expr));
        }
        let mut reached = self.jump(join);
        if can_fail {
            reached |= self.emit_unversioned(slow, join, &emit)?;
        }
        self.enter(join, reached);
        Ok(())
    }

    /// Runs `eval` with every failure branching to `slow` instead of raising; also says whether any
    /// failure can branch there (if none can, `slow` stays empty and unreachable).
    fn speculate<T>(&mut self, slow: Block, eval: impl FnOnce(&mut Self) -> R<T>) -> R<(T, bool)> {
        let outer = (self.error_target.replace(slow), std::mem::take(&mut self.speculative_exits));
        let result = eval(self);
        let can_fail = self.speculative_exits > 0;
        (self.error_target, self.speculative_exits) = outer;
        Ok((result?, can_fail))
    }

    /// Emits the loop unmodified in `slow`, where a failed speculation goes, and joins at `join`;
    /// returns whether `join` is reached from it.
    fn emit_unversioned(&mut self, slow: Block, join: Block, emit: &impl Fn(&mut Self) -> R<()>) -> R<bool> {
        self.enter(slow, true);
        self.versioning = false;
        emit(self)?;
        self.versioning = true;
        Ok(self.jump(join))
    }

    /// Emits an innermost loop through `emit`, unswitched on the invariant test of an `if` in its body
    /// (see `unswitch`): the test is evaluated once before the loop, speculatively, and the loop is
    /// emitted twice, once knowing it true and once knowing it false, so that neither copy tests it
    /// per iteration. If evaluating it would raise, the original loop runs instead and raises in place.
    fn unswitched_loop(&mut self, var: LocalId, body: &[Stmt], emit: impl Fn(&mut Self) -> R<()>) -> R<()> {
        let plan = match unswitch::plan(var, body) {
            Some(p) if self.versioning && !self.known.contains_key(&(p.cond as *const Expr)) => p,
            _ => return emit(self),
        };
        self.remark(|cx| {
            let tests: Vec<String> = plan.tests.iter().map(|t| cx.text(t.span)).collect();
            format!("unswitched on `{}`: tested once before the loop, which is emitted for each outcome", tests.join(" and "))
        });
        let (yes, no, slow, join) = (self.b.create_block(), self.b.create_block(), self.b.create_block(), self.b.create_block());
        let mut bound = Vec::new();
        let evaluated = self.speculate(slow, |cx| {
            let mut values: HashMap<LocalId, Vals> = HashMap::new();
            for (id, e) in &plan.defs {
                cx.bind_reads(e, &values, &mut bound);
                let v = cx.compute(e)?;
                values.insert(*id, v);
            }
            let mut truth = None;
            for t in &plan.tests {
                cx.bind_reads(t, &values, &mut bound);
                let c = cx.condition(t)?;
                truth = Some(match truth {
                    Some(all) => cx.b.ins().band(all, c),
                    None => c,
                });
            }
            Ok(truth.expect("a plan has tests"))
        });
        for e in bound {
            self.invariants.remove(&e);
        }
        let (truth, can_fail) = evaluated?;
        self.b.ins().brif(truth, yes, &[], no, &[]);

        let mut reached = false;
        for (block, copy) in [(yes, true), (no, false)] {
            self.enter(block, true);
            let keys: Vec<*const Expr> = if copy { plan.tests.iter().map(|t| *t as *const Expr).collect() } else { vec![plan.cond] };
            for k in &keys {
                self.known.insert(*k, copy);
            }
            emit(self)?;
            for k in &keys {
                self.known.remove(k);
            }
            reached |= self.jump(join);
        }
        if can_fail {
            reached |= self.emit_unversioned(slow, join, &emit)?;
        }
        self.enter(join, reached);
        Ok(())
    }

    /// Makes the reads of the locals in `values` inside `e` evaluate to those values.
    fn bind_reads(&mut self, e: &Expr, values: &HashMap<LocalId, Vals>, bound: &mut Vec<*const Expr>) {
        unswitch::local_reads(e, &mut |x, id| {
            if let Some(v) = values.get(&id) {
                self.invariants.insert(x as *const Expr, v.clone());
                bound.push(x as *const Expr);
            }
        });
    }

    fn compute(&mut self, e: &Expr) -> R<Vals> {
        let span = e.span;
        Ok(match &e.kind {
            ExprKind::Const(c) => match c {
                Const::None => Vec::new(),
                Const::Bool(b) => vec![self.iconst(types::I8, *b as i64)],
                Const::Int(v) => vec![self.iconst(types::I64, *v)],
                Const::Float(v) => vec![self.b.ins().f64const(*v)],
                Const::Str(_) => unreachable!("type checker rejects strings as values"),
            },
            ExprKind::Local(id) => self.read_local(*id, span),
            ExprKind::Tuple(items) => {
                let mut vals = Vec::new();
                for i in items {
                    vals.extend(self.expr(i)?);
                }
                vals
            }
            _ if elementwise::is_fused_root(e) => self.elementwise(e)?,
            ExprKind::Binary(op @ (BinOp::Add | BinOp::Sub | BinOp::Mul), l, r)
                if e.ty == Type::Int && ranges::interval(e, &self.facts).is_some_and(ranges::fits_i64) =>
            {
                // The operands' ranges prove the result fits in 64 bits: no overflow check.
                let a = self.expr(l)?;
                let b = self.expr(r)?;
                let a = self.convert(a[0], &l.ty, &Type::Int);
                let b = self.convert(b[0], &r.ty, &Type::Int);
                vec![match op {
                    BinOp::Add => self.b.ins().iadd(a, b),
                    BinOp::Sub => self.b.ins().isub(a, b),
                    _ => self.b.ins().imul(a, b),
                }]
            }
            ExprKind::Binary(op, l, r) => {
                let a = self.expr(l)?;
                let b = self.expr(r)?;
                let negative = *op == BinOp::Pow && is_negative_int_const(r);
                vec![self.binary(*op, a[0], &l.ty, b[0], &r.ty, negative, span)?.0]
            }
            ExprKind::Unary(op, x) => {
                let v = self.expr(x)?;
                vec![self.unary(*op, v, &x.ty, span)]
            }
            ExprKind::Compare(first, rest) => vec![self.compare(first, rest)?],
            ExprKind::Logical(op, values) => self.logical(*op, values, &e.ty)?,
            ExprKind::IfExp(c, a, b) => {
                let cond = self.condition(c)?;
                let slots = slots_of(&e.ty);
                let vars: Vec<Variable> = slots.iter().map(|s| self.b.declare_var(clif_type(*s))).collect();
                let (tb, eb, merge) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
                self.b.ins().brif(cond, tb, &[], eb, &[]);
                for (block, branch) in [(tb, a), (eb, b)] {
                    self.b.switch_to_block(block);
                    let v = self.expr(branch)?;
                    let v = self.coerce(v, &branch.ty, &e.ty);
                    for (var, x) in vars.iter().zip(v) {
                        self.b.def_var(*var, x);
                    }
                    self.b.ins().jump(merge, &[]);
                }
                self.b.switch_to_block(merge);
                vars.iter().map(|v| self.b.use_var(*v)).collect()
            }
            ExprKind::Index(base, indices) => {
                if let Type::Tuple(items) = &base.ty {
                    let vals = self.expr(base)?;
                    let ExprKind::Const(Const::Int(k)) = indices[0].kind else { unreachable!() };
                    let k = if k < 0 { k + items.len() as i64 } else { k } as usize;
                    let start: usize = items[..k].iter().map(|t| t.slot_count()).sum();
                    vals[start..start + items[k].slot_count()].to_vec()
                } else if matches!(e.ty, Type::Array(_)) {
                    self.view(base, indices)?
                } else {
                    let (addr, at) = self.element_address(base, indices)?;
                    vec![self.load_elem(addr, at.dtype)]
                }
            }
            ExprKind::Attr(base, attr) => {
                let v = self.expr(base)?;
                let Type::Array(at) = base.ty else { unreachable!("attributes of arrays only") };
                let nd = at.ndim as usize;
                match attr {
                    Attr::Shape => v[2..2 + nd].to_vec(),
                    Attr::Ndim => vec![self.iconst(types::I64, nd as i64)],
                    Attr::Size => {
                        let mut n = self.iconst(types::I64, 1);
                        for k in 0..nd {
                            n = self.b.ins().imul(n, v[2 + k]);
                        }
                        vec![n]
                    }
                    Attr::Dtype => unreachable!("dtype is only an argument"),
                    Attr::T => {
                        let mut out = vec![v[0], v[1]];
                        out.extend(v[2..2 + nd].iter().rev());
                        out.extend(v[2 + nd..2 + 2 * nd].iter().rev());
                        out
                    }
                }
            }
            ExprKind::Call(callee, args, _) => self.call_expr(callee, args, &e.ty, span)?,
            ExprKind::Dtype(_) => Vec::new(),
            ExprKind::Slice(..) => unreachable!("slices are lowered by `view`"),
            ExprKind::RangeReduce(r) => vec![self.range_reduce(r, &e.ty, span)?],
        })
    }

    fn logical(&mut self, op: LogicalOp, values: &[Expr], ty: &Type) -> R<Vals> {
        let slots = slots_of(ty);
        let vars: Vec<Variable> = slots.iter().map(|s| self.b.declare_var(clif_type(*s))).collect();
        let merge = self.b.create_block();
        for (k, v) in values.iter().enumerate() {
            let raw = self.expr(v)?;
            let truth = (k + 1 < values.len()).then(|| self.truth(&raw, &v.ty));
            let conv = self.coerce(raw, &v.ty, ty);
            for (var, x) in vars.iter().zip(conv) {
                self.b.def_var(*var, x);
            }
            match truth {
                Some(t) => {
                    let next = self.b.create_block();
                    match op {
                        LogicalOp::And => self.b.ins().brif(t, next, &[], merge, &[]),
                        LogicalOp::Or => self.b.ins().brif(t, merge, &[], next, &[]),
                    };
                    self.b.switch_to_block(next);
                }
                None => {
                    self.b.ins().jump(merge, &[]);
                }
            }
        }
        self.b.switch_to_block(merge);
        Ok(vars.iter().map(|v| self.b.use_var(*v)).collect())
    }

    fn compare(&mut self, first: &Expr, rest: &[(CmpOp, Expr)]) -> R<Value> {
        let left = self.expr(first)?;
        if let [(op, right)] = rest {
            let r = self.expr(right)?;
            return Ok(self.compare_link(*op, &left, &first.ty, &r, &right.ty));
        }
        let result = self.b.declare_var(types::I8);
        let (yes, no, merge) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.compare_chain(left, &first.ty, rest, yes, no, false)?;
        for (block, v) in [(yes, 1), (no, 0)] {
            self.b.switch_to_block(block);
            let c = self.iconst(types::I8, v);
            self.b.def_var(result, c);
            self.b.ins().jump(merge, &[]);
        }
        self.b.switch_to_block(merge);
        Ok(self.b.use_var(result))
    }

    /// Branches on a comparison chain whose first operand is `left`: each link is evaluated only if
    /// the ones before it held, as in Python, and the first false one branches to `otherwise`.
    #[allow(clippy::too_many_arguments)] // `branch_on`'s operands
    fn compare_chain(&mut self, mut left: Vals, first_ty: &Type, rest: &[(CmpOp, Expr)], then: Block, otherwise: Block, flip: bool) -> R<()> {
        let mut left_ty = first_ty.clone();
        for (k, (op, right)) in rest.iter().enumerate() {
            let r = self.expr(right)?;
            let c = self.compare_link(*op, &left, &left_ty, &r, &right.ty);
            if k + 1 < rest.len() {
                let next = self.b.create_block();
                self.test(c, next, otherwise, flip);
                self.b.switch_to_block(next);
            } else {
                self.test(c, then, otherwise, flip);
            }
            left = r;
            left_ty = right.ty.clone();
        }
        Ok(())
    }

    /// One link `l op r` of a comparison; `is` compares types, the only identity hasten's values have.
    fn compare_link(&mut self, op: CmpOp, l: &Vals, lt: &Type, r: &Vals, rt: &Type) -> Value {
        match op {
            CmpOp::Is | CmpOp::IsNot => {
                let same = (*lt == Type::None) == (*rt == Type::None);
                self.iconst(types::I8, (same == (op == CmpOp::Is)) as i64)
            }
            _ => self.compare_values(op, l[0], lt, r[0], rt),
        }
    }

    fn compare_values(&mut self, op: CmpOp, l: Value, lt: &Type, r: Value, rt: &Type) -> Value {
        let common = rules::common(lt, rt).expect("type checker checked comparability");
        if common == Type::Float && rules::is_intlike(lt) != rules::is_intlike(rt) {
            return self.compare_int_float(op, l, lt, r, rt);
        }
        let numpy_int = |t: &Type| matches!(t, Type::Scalar(d) if d.is_int());
        if (numpy_int(lt) && *rt == Type::Int) || (*lt == Type::Int && numpy_int(rt)) {
            // NumPy 2 compares a NumPy integer with a Python int by value, even when the Python int
            // does not fit the NumPy type (`np.uint8(3) < -2` is False): compare both in 128 bits.
            let wide = |cx: &mut Self, v: Value, t: &Type| {
                let v64 = cx.i64_value(v, t);
                if matches!(t, Type::Scalar(Dtype::U64)) {
                    cx.b.ins().uextend(types::I128, v64)
                } else {
                    cx.b.ins().sextend(types::I128, v64)
                }
            };
            let (a, b) = (wide(self, l, lt), wide(self, r, rt));
            return self.b.ins().icmp(int_cc(op, true), a, b);
        }
        let a = self.convert(l, lt, &common);
        let b = self.convert(r, rt, &common);
        if rules::is_floatlike(&common) {
            let cc = match op {
                CmpOp::Eq => FloatCC::Equal,
                CmpOp::NotEq => FloatCC::NotEqual,
                CmpOp::Lt => FloatCC::LessThan,
                CmpOp::LtE => FloatCC::LessThanOrEqual,
                CmpOp::Gt => FloatCC::GreaterThan,
                CmpOp::GtE => FloatCC::GreaterThanOrEqual,
                CmpOp::Is | CmpOp::IsNot => unreachable!(),
            };
            self.b.ins().fcmp(cc, a, b)
        } else {
            self.b.ins().icmp(int_cc(op, is_signed_num(&common)), a, b)
        }
    }

    /// Python compares an int with a float exactly. Comparing `float(i)` with `f` is exact unless the
    /// two are equal as floats, where `i` may have been rounded; then `f` is integral and the
    /// comparison is redone on integers (`f == 2**63` is above every i64).
    fn compare_int_float(&mut self, op: CmpOp, l: Value, lt: &Type, r: Value, rt: &Type) -> Value {
        let (i, it, f, int_left) = if rules::is_intlike(lt) { (l, lt, r, true) } else { (r, rt, l, false) };
        let i = self.convert(i, it, &Type::Int);
        let fi = self.b.ins().fcvt_from_sint(types::F64, i);
        let (a, b) = if int_left { (fi, f) } else { (f, fi) };
        let approx = self.compare_values(op, a, &Type::Float, b, &Type::Float);
        let same = self.b.ins().fcmp(FloatCC::Equal, fi, f);
        let limit = self.b.ins().f64const(9223372036854775808.0);
        let above = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, f, limit);
        let fint = self.b.ins().fcvt_to_sint_sat(types::I64, f);
        let (x, y) = if int_left { (i, fint) } else { (fint, i) };
        let exact = self.compare_values(op, x, &Type::Int, y, &Type::Int);
        let int_is_less = matches!((op, int_left), (CmpOp::Lt | CmpOp::LtE | CmpOp::NotEq, true) | (CmpOp::Gt | CmpOp::GtE | CmpOp::NotEq, false));
        let when_above = self.iconst(types::I8, int_is_less as i64);
        let exact = self.b.ins().select(above, when_above, exact);
        self.b.ins().select(same, exact, approx)
    }

    fn unary(&mut self, op: UnaryOp, v: Vals, ty: &Type, span: Span) -> Value {
        let x = v[0];
        match op {
            UnaryOp::Not => {
                let t = self.truth(&v, ty);
                self.b.ins().bxor_imm_u(t, 1)
            }
            UnaryOp::Pos => self.convert(x, ty, &if *ty == Type::Bool { Type::Int } else { ty.clone() }),
            UnaryOp::Neg => match ty {
                Type::Bool | Type::Int => {
                    let x = self.convert(x, ty, &Type::Int);
                    let zero = self.iconst(types::I64, 0);
                    let (r, of) = self.checked(BinOp::Sub, zero, x);
                    self.fail_if(of, "OverflowError", OVERFLOW, span);
                    r
                }
                t if rules::is_floatlike(t) => self.b.ins().fneg(x),
                _ => self.b.ins().ineg(x),
            },
            UnaryOp::Invert => match ty {
                Type::Bool => {
                    let x = self.convert(x, ty, &Type::Int);
                    self.b.ins().bnot(x)
                }
                Type::Scalar(Dtype::Bool) => self.b.ins().bxor_imm_u(x, 1),
                _ => self.b.ins().bnot(x),
            },
        }
    }

    // ---- arithmetic ----------------------------------------------------------------------------

    #[allow(clippy::too_many_arguments)]
    fn binary(&mut self, op: BinOp, l: Value, lt: &Type, r: Value, rt: &Type, negative_exp: bool, span: Span) -> R<(Value, Type)> {
        let plan = rules::binary(op, lt, rt, negative_exp).map_err(|m| Diagnostic::typing(m, span))?;
        let ints_divided = op == BinOp::Div && rules::is_intlike(lt) && rules::is_intlike(rt)
            && !matches!(lt, Type::Scalar(_)) && !matches!(rt, Type::Scalar(_));
        if ints_divided {
            let a = self.convert(l, lt, &Type::Int);
            let b = self.convert(r, rt, &Type::Int);
            return Ok((self.int_true_divide(a, b, span), Type::Float));
        }
        if let Type::Scalar(d) = plan.operands {
            // NEP 50: a Python int adopts the NumPy integer type and must fit in it.
            if d.is_int() && d != Dtype::I64 {
                for (v, t) in [(l, lt), (r, rt)] {
                    if *t == Type::Int {
                        self.check_python_int_fits(v, d, span);
                    }
                }
            }
        }
        let a = self.convert(l, lt, &plan.operands);
        let b = self.convert(r, rt, &plan.operands);
        let v = match &plan.operands {
            Type::Int => self.py_int_op(op, a, b, span),
            Type::Bool => self.bitwise(op, a, b),
            Type::Float => self.float_op(op, a, b, true, Dtype::F64, span),
            Type::Scalar(d) if d.is_float() => self.float_op(op, a, b, false, *d, span),
            Type::Scalar(Dtype::Bool) => match op {
                BinOp::Add => self.b.ins().bor(a, b),
                BinOp::Mul => self.b.ins().band(a, b),
                _ => self.bitwise(op, a, b),
            },
            Type::Scalar(d) => self.np_int_op(op, a, b, *d, span),
            _ => unreachable!("arithmetic on scalars only"),
        };
        Ok((v, plan.result))
    }

    fn bitwise(&mut self, op: BinOp, a: Value, b: Value) -> Value {
        match op {
            BinOp::BitAnd => self.b.ins().band(a, b),
            BinOp::BitOr => self.b.ins().bor(a, b),
            BinOp::BitXor => self.b.ins().bxor(a, b),
            _ => unreachable!("rules allow only bitwise operators here"),
        }
    }

    /// Python's `int / int`, correctly rounded like CPython even above 2**53.
    fn int_true_divide(&mut self, a: Value, b: Value, span: Span) -> Value {
        let zero = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
        self.fail_if(zero, "ZeroDivisionError", "division by zero", span);
        let f = self.helper("hasten_m_int_truediv", &[types::I64, types::I64], &[types::F64]);
        self.call(f, &[a, b])[0]
    }

    fn py_int_op(&mut self, op: BinOp, a: Value, b: Value, span: Span) -> Value {
        let ins = |cx: &mut Self, of: Value, r: Value| {
            cx.fail_if(of, "OverflowError", OVERFLOW, span);
            r
        };
        match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul => {
                let (r, of) = self.checked(op, a, b);
                ins(self, of, r)
            }
            BinOp::FloorDiv | BinOp::Mod => {
                let zero = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
                let msg = if op == BinOp::Mod && !self.divmod {
                    "integer modulo by zero"
                } else {
                    "integer division or modulo by zero"
                };
                self.fail_if(zero, "ZeroDivisionError", msg, span);
                if op == BinOp::FloorDiv {
                    let min = self.b.ins().icmp_imm_s(IntCC::Equal, a, i64::MIN);
                    let minus_one = self.b.ins().icmp_imm_s(IntCC::Equal, b, -1);
                    let of = self.b.ins().band(min, minus_one);
                    self.fail_if(of, "OverflowError", OVERFLOW, span);
                }
                let (q, r) = self.floor_divmod_signed(a, b);
                if op == BinOp::FloorDiv {
                    q
                } else {
                    r
                }
            }
            BinOp::Pow => {
                let out = self.stack_slot(8);
                let (lp, ll) = self.location(span);
                let f = self.helper("hasten_rt_int_pow", &[types::I64; 5], &[types::I32]);
                let status = self.call(f, &[a, b, out, lp, ll])[0];
                self.check_status(status);
                self.b.ins().load(types::I64, MemFlagsData::trusted(), out, 0)
            }
            BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => self.bitwise(op, a, b),
            BinOp::LShift | BinOp::RShift => {
                let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, b, 0);
                self.fail_if(neg, "ValueError", "negative shift count", span);
                let big = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, b, 64);
                if op == BinOp::LShift {
                    let shifted = self.b.ins().ishl(a, b);
                    let back = self.b.ins().sshr(shifted, b);
                    let lost = self.b.ins().icmp(IntCC::NotEqual, back, a);
                    let nonzero = self.b.ins().icmp_imm_s(IntCC::NotEqual, a, 0);
                    let of = self.b.ins().select(big, nonzero, lost);
                    self.fail_if(of, "OverflowError", OVERFLOW, span);
                    let zero = self.iconst(types::I64, 0);
                    self.b.ins().select(big, zero, shifted)
                } else {
                    let sixty_three = self.iconst(types::I64, 63);
                    let count = self.b.ins().select(big, sixty_three, b);
                    self.b.ins().sshr(a, count)
                }
            }
            BinOp::Div => unreachable!("int / int is handled as a float division"),
        }
    }

    /// Floor division and modulo for signed integers; the caller excludes b == 0. `b == -1` is
    /// computed without the hardware division, which faults on `MIN / -1`.
    fn floor_divmod_signed(&mut self, a: Value, b: Value) -> (Value, Value) {
        let ty = self.b.func.dfg.value_type(a);
        let minus_one = self.b.ins().icmp_imm_s(IntCC::Equal, b, -1);
        let one = self.iconst(ty, 1);
        let safe_b = self.b.ins().select(minus_one, one, b);
        let q0 = self.b.ins().sdiv(a, safe_b);
        let r0 = self.b.ins().srem(a, safe_b);
        let neg_a = self.b.ins().ineg(a);
        let q0 = self.b.ins().select(minus_one, neg_a, q0);
        let zero = self.iconst(ty, 0);
        let r0 = self.b.ins().select(minus_one, zero, r0);
        let rnz = self.b.ins().icmp_imm_s(IntCC::NotEqual, r0, 0);
        let sign = self.b.ins().bxor(r0, b);
        let differ = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, sign, 0);
        let adjust = self.b.ins().band(rnz, differ);
        let q1 = self.b.ins().iadd_imm_s(q0, -1);
        let r1 = self.b.ins().iadd(r0, b);
        (self.b.ins().select(adjust, q1, q0), self.b.ins().select(adjust, r1, r0))
    }

    fn np_int_op(&mut self, op: BinOp, a: Value, b: Value, d: Dtype, span: Span) -> Value {
        let ty = scalar_clif(&Type::Scalar(d));
        let bits = (d.itemsize() * 8) as i64;
        match op {
            BinOp::Add => self.b.ins().iadd(a, b),
            BinOp::Sub => self.b.ins().isub(a, b),
            BinOp::Mul => self.b.ins().imul(a, b),
            BinOp::FloorDiv | BinOp::Mod => {
                // NumPy gives 0 for division by zero (with a warning), never an exception.
                let zero = self.iconst(ty, 0);
                let one = self.iconst(ty, 1);
                let by_zero = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
                let safe_b = self.b.ins().select(by_zero, one, b);
                let (q, r) = if d.is_signed() {
                    self.floor_divmod_signed(a, safe_b)
                } else {
                    (self.b.ins().udiv(a, safe_b), self.b.ins().urem(a, safe_b))
                };
                let v = if op == BinOp::FloorDiv { q } else { r };
                self.b.ins().select(by_zero, zero, v)
            }
            BinOp::Pow => {
                let a64 = self.i64_value(a, &Type::Scalar(d));
                let b64 = self.i64_value(b, &Type::Scalar(d));
                if d.is_signed() {
                    let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, b64, 0);
                    self.fail_if(neg, "ValueError", "Integers to negative integer powers are not allowed.", span);
                }
                let f = self.helper("hasten_m_ipow_wrap", &[types::I64, types::I64], &[types::I64]);
                let r = self.call(f, &[a64, b64])[0];
                if ty == types::I64 {
                    r
                } else {
                    self.b.ins().ireduce(ty, r)
                }
            }
            BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => self.bitwise(op, a, b),
            BinOp::LShift | BinOp::RShift => {
                let in_range = self.b.ins().icmp_imm_s(IntCC::UnsignedLessThan, b, bits);
                let shifted = if op == BinOp::LShift {
                    self.b.ins().ishl(a, b)
                } else if d.is_signed() {
                    self.b.ins().sshr(a, b)
                } else {
                    self.b.ins().ushr(a, b)
                };
                let overflowed = if op == BinOp::RShift && d.is_signed() {
                    self.b.ins().sshr_imm_u(a, bits - 1)
                } else {
                    self.iconst(ty, 0)
                };
                self.b.ins().select(in_range, shifted, overflowed)
            }
            BinOp::Div => unreachable!("integer true division computes in floats"),
        }
    }

    fn float_op(&mut self, op: BinOp, a: Value, b: Value, python: bool, d: Dtype, span: Span) -> Value {
        let raises = python && !self.opts.numpy_errors;
        let check_zero = |cx: &mut Self, msg: &str| {
            if raises {
                let zero = cx.b.ins().f64const(0.0);
                let is_zero = cx.b.ins().fcmp(FloatCC::Equal, b, zero);
                cx.fail_if(is_zero, "ZeroDivisionError", msg, span);
            }
        };
        match op {
            BinOp::Add => self.b.ins().fadd(a, b),
            BinOp::Sub => self.b.ins().fsub(a, b),
            BinOp::Mul => self.b.ins().fmul(a, b),
            BinOp::Div => {
                check_zero(self, "float division by zero");
                self.b.ins().fdiv(a, b)
            }
            BinOp::FloorDiv | BinOp::Mod => {
                let msg = match op {
                    _ if self.divmod => "float divmod()",
                    BinOp::FloorDiv => "float floor division by zero",
                    _ => "float modulo",
                };
                check_zero(self, msg);
                let name = if op == BinOp::FloorDiv { "hasten_rt_float_floordiv" } else { "hasten_rt_float_mod" };
                let f = self.helper(name, &[types::F64, types::F64], &[types::F64]);
                if d == Dtype::F32 {
                    let (a64, b64) = (self.b.ins().fpromote(types::F64, a), self.b.ins().fpromote(types::F64, b));
                    let r = self.call(f, &[a64, b64])[0];
                    self.b.ins().fdemote(types::F32, r)
                } else {
                    self.call(f, &[a, b])[0]
                }
            }
            BinOp::Pow if python => {
                // A positive finite base and a finite exponent give libm's `pow`, which then only
                // overflows (CPython's ERANGE); everything else goes through CPython's rules in the
                // runtime. Testing the operands before the call keeps them from living across it.
                let inf = self.b.ins().f64const(f64::INFINITY);
                let zero = self.b.ins().f64const(0.0);
                let positive = self.b.ins().fcmp(FloatCC::GreaterThan, a, zero);
                let a_finite = self.b.ins().fcmp(FloatCC::LessThan, a, inf);
                let b_abs = self.b.ins().fabs(b);
                let b_finite = self.b.ins().fcmp(FloatCC::LessThan, b_abs, inf);
                let ok = self.b.ins().band(positive, a_finite);
                let ok = self.b.ins().band(ok, b_finite);
                let (libm, general, done) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
                let result = self.b.append_block_param(done, types::F64);
                self.b.set_cold_block(general);
                self.b.ins().brif(ok, libm, &[], general, &[]);
                self.b.switch_to_block(libm);
                let pow = self.helper("hasten_m_pow", &[types::F64, types::F64], &[types::F64]);
                let r = self.call(pow, &[a, b])[0];
                let overflow = self.b.ins().fcmp(FloatCC::Equal, r, inf);
                self.fail_if(overflow, "OverflowError", "(34, 'Numerical result out of range')", span);
                self.b.ins().jump(done, &[r.into()]);
                self.b.switch_to_block(general);
                let out = self.stack_slot(8);
                let (lp, ll) = self.location(span);
                let f = self.helper("hasten_rt_float_pow", &[types::F64, types::F64, types::I64, types::I64, types::I64], &[types::I32]);
                let status = self.call(f, &[a, b, out, lp, ll])[0];
                self.check_status(status);
                let exact = self.b.ins().load(types::F64, MemFlagsData::trusted(), out, 0);
                self.b.ins().jump(done, &[exact.into()]);
                self.b.switch_to_block(done);
                result
            }
            BinOp::Pow if d == Dtype::F32 => {
                let f = self.helper("hasten_m_powf", &[types::F32, types::F32], &[types::F32]);
                self.call(f, &[a, b])[0]
            }
            BinOp::Pow => {
                let f = self.helper("hasten_m_pow", &[types::F64, types::F64], &[types::F64]);
                self.call(f, &[a, b])[0]
            }
            _ => unreachable!("rules reject bitwise operators on floats"),
        }
    }

    // ---- conversions ---------------------------------------------------------------------------

    fn truth(&mut self, vals: &Vals, ty: &Type) -> Value {
        match ty {
            Type::None => self.iconst(types::I8, 0),
            Type::Tuple(items) => self.iconst(types::I8, !items.is_empty() as i64),
            Type::Bool | Type::Scalar(Dtype::Bool) => vals[0],
            t if rules::is_floatlike(t) => {
                let zero = self.zero(scalar_clif(t));
                self.b.ins().fcmp(FloatCC::NotEqual, vals[0], zero)
            }
            _ => self.b.ins().icmp_imm_s(IntCC::NotEqual, vals[0], 0),
        }
    }

    /// Converts between value types as assignment, unification and NumPy casts do.
    fn coerce(&mut self, vals: Vals, from: &Type, to: &Type) -> Vals {
        if from == to {
            return vals;
        }
        match (from, to) {
            (Type::Tuple(fs), Type::Tuple(ts)) => {
                let mut out = Vec::new();
                let mut offset = 0;
                for (f, t) in fs.iter().zip(ts) {
                    let n = f.slot_count();
                    out.extend(self.coerce(vals[offset..offset + n].to_vec(), f, t));
                    offset += n;
                }
                out
            }
            (Type::Array(_), Type::Array(_)) => vals,
            _ if from.is_numeric_scalar() && to.is_numeric_scalar() => vec![self.convert(vals[0], from, to)],
            _ => vals,
        }
    }

    /// Numeric conversion of one scalar (C-style casts between machine types; NumPy's semantics).
    fn convert(&mut self, v: Value, from: &Type, to: &Type) -> Value {
        if from == to {
            return v;
        }
        let (fd, td) = (num_dtype(from), num_dtype(to));
        if td == Dtype::Bool {
            return self.truth(&vec![v], from);
        }
        let (fc, tc) = (scalar_clif(from), scalar_clif(to));
        if td.is_float() {
            if fd.is_float() {
                return match (fc, tc) {
                    (a, b) if a == b => v,
                    (types::F32, _) => self.b.ins().fpromote(tc, v),
                    _ => self.b.ins().fdemote(tc, v),
                };
            }
            let wide = self.i64_value(v, from);
            return if fd.is_unsigned() || fd == Dtype::Bool {
                self.b.ins().fcvt_from_uint(tc, wide)
            } else {
                self.b.ins().fcvt_from_sint(tc, wide)
            };
        }
        if fd.is_float() {
            let wide = if td == Dtype::U64 {
                self.b.ins().fcvt_to_uint_sat(types::I64, v)
            } else {
                self.b.ins().fcvt_to_sint_sat(types::I64, v)
            };
            return if tc == types::I64 { wide } else { self.b.ins().ireduce(tc, wide) };
        }
        let fbits = fc.bits();
        let tbits = tc.bits();
        if fbits == tbits {
            v
        } else if fbits > tbits {
            self.b.ins().ireduce(tc, v)
        } else if is_signed_num(from) {
            self.b.ins().sextend(tc, v)
        } else {
            self.b.ins().uextend(tc, v)
        }
    }

    /// Python's `int(x)` for a float: truncation, with CPython's errors for nan and inf, and an
    /// OverflowError past 64 bits.
    fn float_to_py_int(&mut self, x: Value, span: Span) -> Value {
        let lo = self.b.ins().f64const(-9223372036854775808.0);
        let hi = self.b.ins().f64const(9223372036854775808.0);
        let ge = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, x, lo);
        let lt = self.b.ins().fcmp(FloatCC::LessThan, x, hi);
        let ok = self.b.ins().band(ge, lt);
        let bad = self.b.ins().bxor_imm_u(ok, 1);
        self.fail_if_with(bad, |cx| {
            let (lp, ll) = cx.location(span);
            let f = cx.helper("hasten_rt_float_to_int_error", &[types::F64, types::I64, types::I64], &[]);
            cx.call(f, &[x, lp, ll]);
            cx.leave_to_error_exit();
        });
        self.b.ins().fcvt_to_sint_sat(types::I64, x)
    }

    fn f64_value(&mut self, v: Value, ty: &Type) -> Value {
        self.convert(v, ty, &Type::Float)
    }

    // ---- calls ---------------------------------------------------------------------------------

    fn call_expr(&mut self, callee: &Callee, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        match callee {
            Callee::Spec(i) => self.call_spec(*i, args),
            Callee::Function(_) => unreachable!("type checker specialises every call"),
            Callee::Builtin(b) => self.builtin(*b, args, ty, span),
            Callee::Math(f) => self.math(*f, args, span).map(|v| vec![v]),
            Callee::Numpy(f @ (NumpyFn::Full | NumpyFn::FullLike)) => self.full_array(*f, args, ty),
            Callee::Numpy(NumpyFn::Reduce(r)) => match (args.get(1).map(|a| &a.kind), &args[0].ty) {
                (Some(ExprKind::Const(Const::Int(axis))), Type::Array(a)) => {
                    let nd = a.ndim as i64;
                    let axis = if *axis < 0 { axis + nd } else { *axis } as usize;
                    self.reduce_axis(*r, &args[0], axis, ty, span)
                }
                _ => {
                    let d = rules::value_dtype(ty);
                    Ok(vec![self.reduce(*r, &args[0], d, span)?])
                }
            },
            Callee::Numpy(NumpyFn::Ufunc(u)) if args.len() > u.arity() => {
                // `out=`: compute into a fresh result, then store it into `out`, which is returned.
                let operands = &args[..u.arity()];
                let elems: Vec<Type> = operands.iter().map(|a| rules::element(&a.ty)).collect();
                let d = rules::ufunc_dtype(*u, &elems).map_err(|m| Diagnostic::typing(m, span))?;
                let ndim = operands.iter().filter_map(|a| if let Type::Array(x) = &a.ty { Some(x.ndim) } else { None }).max();
                let mut inner = Expr::new(ExprKind::Call(callee.clone(), operands.to_vec(), Vec::new()), span);
                inner.ty = match ndim {
                    Some(n) => Type::array(d, n),
                    None => Type::Scalar(d),
                };
                let fresh = self.expr(&inner)?;
                let out = self.expr(&args[u.arity()])?;
                let Type::Array(oat) = args[u.arity()].ty else { unreachable!("out= is an array") };
                self.update_view(&out, oat, &fresh, &inner.ty, None, span)?;
                Ok(out)
            }
            Callee::Numpy(NumpyFn::Ufunc(u)) => {
                let mut vals = Vec::new();
                for a in args {
                    let v = self.expr(a)?;
                    vals.push((v[0], a.ty.clone()));
                }
                Ok(vec![self.ufunc_value(*u, &vals, ty, span)?])
            }
            Callee::Numpy(NumpyFn::Copy | NumpyFn::Arange) => unreachable!("copies and aranges are fused loops"),
            Callee::Numpy(NumpyFn::Pad) => self.pad(args, ty),
            Callee::Numpy(NumpyFn::Dot) => self.dot(args, ty, span),
            Callee::Numpy(NumpyFn::Linspace) => self.linspace(args, ty, span),
            Callee::Numpy(f @ (NumpyFn::Ascontiguousarray | NumpyFn::Ravel | NumpyFn::Reshape)) => self.contiguous(*f, args, span),
            Callee::Numpy(f @ (NumpyFn::Flipud | NumpyFn::Fliplr | NumpyFn::Transpose)) => {
                let v = self.expr(&args[0])?;
                let Type::Array(at) = args[0].ty else { unreachable!("type checker allows arrays only") };
                let nd = at.ndim as usize;
                let (mut data, owner) = (v[0], v[1]);
                let (mut shape, mut strides) = (v[2..2 + nd].to_vec(), v[2 + nd..2 + 2 * nd].to_vec());
                if *f == NumpyFn::Transpose {
                    shape.reverse();
                    strides.reverse();
                } else {
                    // Reversing an axis starts at its last element and walks back.
                    let ax = if *f == NumpyFn::Flipud { 0 } else { 1 };
                    let last = self.b.ins().iadd_imm_s(shape[ax], -1);
                    let zero = self.iconst(types::I64, 0);
                    let nonempty = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, shape[ax], 0);
                    let last = self.b.ins().select(nonempty, last, zero);
                    let off = self.b.ins().imul(last, strides[ax]);
                    data = self.b.ins().iadd(data, off);
                    strides[ax] = self.b.ins().ineg(strides[ax]);
                }
                let mut out = vec![data, owner];
                out.extend(shape);
                out.extend(strides);
                Ok(out)
            }
            Callee::Numpy(f) => self.new_array(*f, args, ty),
            Callee::ScalarCtor(_) => {
                let v = self.expr(&args[0])?;
                Ok(vec![self.convert(v[0], &args[0].ty, ty)])
            }
        }
    }

    fn call_spec(&mut self, index: usize, args: &[Expr]) -> R<Vals> {
        let mut flat = Vec::new();
        for a in args {
            flat.extend(self.expr(a)?);
        }
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
        Ok(slots
            .iter()
            .enumerate()
            .map(|(k, s)| self.b.ins().load(clif_type(*s), MemFlagsData::trusted(), out, (8 * k) as i32))
            .collect())
    }

    fn builtin(&mut self, b: Builtin, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let mut vals = Vec::new();
        for a in args {
            vals.push(self.expr(a)?);
        }
        let t0 = args.first().map(|a| a.ty.clone()).unwrap_or(Type::None);
        let v0 = vals.first().and_then(|v| v.first().copied());
        Ok(match b {
            Builtin::Abs => {
                let x = v0.unwrap();
                vec![match &t0 {
                    Type::Bool => self.convert(x, &t0, &Type::Int),
                    Type::Int => {
                        let zero = self.iconst(types::I64, 0);
                        let (neg, of) = self.checked(BinOp::Sub, zero, x);
                        let is_neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, 0);
                        let bad = self.b.ins().band(is_neg, of);
                        self.fail_if(bad, "OverflowError", OVERFLOW, span);
                        self.b.ins().select(is_neg, neg, x)
                    }
                    t if rules::is_floatlike(t) => self.b.ins().fabs(x),
                    Type::Scalar(d) if d.is_signed() => self.b.ins().iabs(x),
                    _ => x,
                }]
            }
            Builtin::Min | Builtin::Max => {
                // CPython keeps the first of equal items and replaces it only on a strict comparison,
                // which decides what happens with nan.
                let mut cur = self.convert(vals[0][0], &args[0].ty, ty);
                for (a, v) in args.iter().zip(&vals).skip(1) {
                    let x = self.convert(v[0], &a.ty, ty);
                    let op = if b == Builtin::Max { CmpOp::Gt } else { CmpOp::Lt };
                    let better = self.compare_values(op, x, ty, cur, ty);
                    cur = self.b.ins().select(better, x, cur);
                }
                vec![cur]
            }
            Builtin::Int => {
                let x = v0.unwrap();
                vec![match &t0 {
                    t if rules::is_floatlike(t) => {
                        let f = self.f64_value(x, t);
                        self.float_to_py_int(f, span)
                    }
                    Type::Scalar(Dtype::U64) => {
                        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, 0);
                        self.fail_if(neg, "OverflowError", OVERFLOW, span);
                        x
                    }
                    t => self.convert(x, t, &Type::Int),
                }]
            }
            Builtin::Float => vec![self.f64_value(v0.unwrap(), &t0)],
            Builtin::Bool => vec![self.truth(&vals[0], &t0)],
            Builtin::Round => {
                let x = v0.unwrap();
                if args.len() == 2 && rules::is_intlike(&t0) {
                    let xi = self.convert(x, &t0, &Type::Int);
                    let n = self.i64_value(vals[1][0], &args[1].ty);
                    let out = self.stack_slot(8);
                    let (lp, ll) = self.location(span);
                    let h = self.helper("hasten_m_round_int", &[types::I64; 5], &[types::I32]);
                    let status = self.call(h, &[xi, n, out, lp, ll])[0];
                    self.check_status(status);
                    vec![self.b.ins().load(types::I64, MemFlagsData::trusted(), out, 0)]
                } else if args.len() == 2 {
                    let f = self.f64_value(x, &t0);
                    let n = self.i64_value(vals[1][0], &args[1].ty);
                    let h = self.helper("hasten_rt_round_ndigits", &[types::F64, types::I64], &[types::F64]);
                    vec![self.call(h, &[f, n])[0]]
                } else if rules::is_floatlike(&t0) {
                    let f = self.f64_value(x, &t0);
                    let r = self.b.ins().nearest(f);
                    vec![self.float_to_py_int(r, span)]
                } else {
                    vec![self.convert(x, &t0, &Type::Int)]
                }
            }
            Builtin::Len => match &t0 {
                Type::Tuple(items) => vec![self.iconst(types::I64, items.len() as i64)],
                _ => vec![vals[0][2]],
            },
            Builtin::Sum => unreachable!("sum() only reduces generators, a RangeReduce"),
            Builtin::Divmod => {
                let (a, bb) = (vals[0][0], vals[1][0]);
                self.divmod = true;
                let q = self.binary(BinOp::FloorDiv, a, &args[0].ty, bb, &args[1].ty, false, span);
                let r = self.binary(BinOp::Mod, a, &args[0].ty, bb, &args[1].ty, false, span);
                self.divmod = false;
                vec![q?.0, r?.0]
            }
        })
    }

    fn math(&mut self, f: MathFn, args: &[Expr], span: Span) -> R<Value> {
        let mut xs = Vec::new();
        for a in args {
            let v = self.expr(a)?;
            xs.push((v[0], a.ty.clone()));
        }
        let (x0, t0) = xs[0].clone();
        if matches!(f, MathFn::Floor | MathFn::Ceil | MathFn::Trunc) && rules::is_intlike(&t0) {
            return Ok(self.convert(x0, &t0, &Type::Int));
        }
        let x = self.f64_value(x0, &t0);
        let y = xs.get(1).map(|(v, t)| self.f64_value(*v, &t.clone()));
        let unary = |cx: &mut Self, name: &'static str| {
            let h = cx.helper(name, &[types::F64], &[types::F64]);
            cx.call(h, &[x])[0]
        };
        let binary = |cx: &mut Self, name: &'static str| {
            let h = cx.helper(name, &[types::F64, types::F64], &[types::F64]);
            cx.call(h, &[x, y.unwrap()])[0]
        };
        Ok(match f {
            MathFn::Sqrt => {
                let zero = self.b.ins().f64const(0.0);
                let neg = self.b.ins().fcmp(FloatCC::LessThan, x, zero);
                self.fail_if(neg, "ValueError", "math domain error", span);
                self.b.ins().sqrt(x)
            }
            MathFn::Exp | MathFn::Expm1 | MathFn::Sinh | MathFn::Cosh => {
                let name = match f {
                    MathFn::Exp => "hasten_m_exp",
                    MathFn::Expm1 => "hasten_m_expm1",
                    MathFn::Sinh => "hasten_m_sinh",
                    _ => "hasten_m_cosh",
                };
                let r = unary(self, name);
                self.math_check(x, r, true, span);
                r
            }
            MathFn::Log | MathFn::Log2 | MathFn::Log10 | MathFn::Log1p | MathFn::Sin | MathFn::Cos | MathFn::Tan
            | MathFn::Asin | MathFn::Acos | MathFn::Atan | MathFn::Tanh => {
                let name = match f {
                    MathFn::Log => "hasten_m_log",
                    MathFn::Log2 => "hasten_m_log2",
                    MathFn::Log10 => "hasten_m_log10",
                    MathFn::Log1p => "hasten_m_log1p",
                    MathFn::Sin => "hasten_m_sin",
                    MathFn::Cos => "hasten_m_cos",
                    MathFn::Tan => "hasten_m_tan",
                    MathFn::Asin => "hasten_m_asin",
                    MathFn::Acos => "hasten_m_acos",
                    MathFn::Atan => "hasten_m_atan",
                    _ => "hasten_m_tanh",
                };
                let r = unary(self, name);
                self.math_check(x, r, false, span);
                r
            }
            MathFn::Atan2 => binary(self, "hasten_m_atan2"),
            MathFn::Hypot => binary(self, "hasten_m_hypot"),
            MathFn::Pow => {
                let r = binary(self, "hasten_m_pow");
                self.math_pow_check(x, y.unwrap(), r, span);
                r
            }
            MathFn::Copysign => self.b.ins().fcopysign(x, y.unwrap()),
            MathFn::Fabs => self.b.ins().fabs(x),
            MathFn::Floor | MathFn::Ceil | MathFn::Trunc => {
                let r = match f {
                    MathFn::Floor => self.b.ins().floor(x),
                    MathFn::Ceil => self.b.ins().ceil(x),
                    _ => self.b.ins().trunc(x),
                };
                self.float_to_py_int(r, span)
            }
            MathFn::Isnan => self.b.ins().fcmp(FloatCC::Unordered, x, x),
            MathFn::Isinf | MathFn::Isfinite => {
                let a = self.b.ins().fabs(x);
                let inf = self.b.ins().f64const(f64::INFINITY);
                let cc = if f == MathFn::Isinf { FloatCC::Equal } else { FloatCC::LessThan };
                self.b.ins().fcmp(cc, a, inf)
            }
        })
    }

    fn is_finite(&mut self, x: Value) -> Value {
        let a = self.b.ins().fabs(x);
        let inf = self.b.ins().f64const(f64::INFINITY);
        self.b.ins().fcmp(FloatCC::LessThan, a, inf)
    }

    /// CPython's `math_1` rule: a nan from a non-nan argument is a domain error; an infinity from a
    /// finite argument is a range error for functions that can overflow, a domain error otherwise.
    fn math_check(&mut self, x: Value, r: Value, can_overflow: bool, span: Span) {
        let r_nan = self.b.ins().fcmp(FloatCC::Unordered, r, r);
        let x_num = self.b.ins().fcmp(FloatCC::Ordered, x, x);
        let domain = self.b.ins().band(r_nan, x_num);
        self.fail_if(domain, "ValueError", "math domain error", span);
        let x_fin = self.is_finite(x);
        let r_fin = self.is_finite(r);
        let r_inf = self.b.ins().bxor_imm_u(r_fin, 1);
        let r_inf = self.b.ins().band(r_inf, x_fin);
        if can_overflow {
            self.fail_if(r_inf, "OverflowError", "math range error", span);
        } else {
            self.fail_if(r_inf, "ValueError", "math domain error", span);
        }
    }

    /// CPython's `math.pow` errors for finite arguments: nan → domain error, inf → domain error for
    /// a zero base, range error otherwise.
    fn math_pow_check(&mut self, x: Value, y: Value, r: Value, span: Span) {
        let xf = self.is_finite(x);
        let yf = self.is_finite(y);
        let both = self.b.ins().band(xf, yf);
        let r_nan = self.b.ins().fcmp(FloatCC::Unordered, r, r);
        let domain = self.b.ins().band(both, r_nan);
        self.fail_if(domain, "ValueError", "math domain error", span);
        let r_fin = self.is_finite(r);
        let r_inf = self.b.ins().bxor_imm_u(r_fin, 1);
        let r_inf = self.b.ins().band(r_inf, both);
        let zero = self.b.ins().f64const(0.0);
        let x_zero = self.b.ins().fcmp(FloatCC::Equal, x, zero);
        let zero_base = self.b.ins().band(r_inf, x_zero);
        self.fail_if(zero_base, "ValueError", "math domain error", span);
        self.fail_if(r_inf, "OverflowError", "math range error", span);
    }
}

/// The value of a local that the facts pin to one value.
fn exact(facts: &HashMap<LocalId, ranges::Interval>, v: LocalId) -> Option<i64> {
    facts.get(&v).filter(|(lo, hi)| lo == hi).map(|iv| iv.0 as i64)
}

fn int_cc(op: CmpOp, signed: bool) -> IntCC {
    match (op, signed) {
        (CmpOp::Eq, _) => IntCC::Equal,
        (CmpOp::NotEq, _) => IntCC::NotEqual,
        (CmpOp::Lt, true) => IntCC::SignedLessThan,
        (CmpOp::LtE, true) => IntCC::SignedLessThanOrEqual,
        (CmpOp::Gt, true) => IntCC::SignedGreaterThan,
        (CmpOp::GtE, true) => IntCC::SignedGreaterThanOrEqual,
        (CmpOp::Lt, false) => IntCC::UnsignedLessThan,
        (CmpOp::LtE, false) => IntCC::UnsignedLessThanOrEqual,
        (CmpOp::Gt, false) => IntCC::UnsignedGreaterThan,
        (CmpOp::GtE, false) => IntCC::UnsignedGreaterThanOrEqual,
        (CmpOp::Is | CmpOp::IsNot, _) => unreachable!("identity is decided at compile time"),
    }
}

/// Every accumulator an affine loop updates, nested loops included.
/// The trip-count variables of the loops nested in an affine loop (with their values when the
/// ranges are constant), in the order of its updates.
struct Counts {
    n: Option<(Variable, Option<i64>)>,
    nested: Vec<Counts>,
}


/// The trip count of an affine loop over a range of literals, when it fits in 64 bits.
fn affine_trip_count(a: &Affine) -> Option<i64> {
    ranges::constant_range(a.start, a.stop, a.step).and_then(|(_, _, n)| i64::try_from(n).ok())
}

/// Adds `v` to `local`'s entry of `acc` with `add`, or starts the entry.
fn accumulate(acc: &mut Vec<(LocalId, Value)>, local: LocalId, v: Value, mut add: impl FnMut(Value, Value) -> Value) {
    match acc.iter_mut().find(|(l, _)| *l == local) {
        Some((_, cur)) => *cur = add(*cur, v),
        None => acc.push((local, v)),
    }
}

fn const_text(c: &Const) -> String {
    match c {
        Const::Str(s) => s.clone(),
        Const::Int(v) => v.to_string(),
        Const::Float(v) => format!("{v:?}"),
        Const::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        Const::None => "None".to_string(),
    }
}
