//! The driver: runs a program through the pipeline — front end, type checking of every reachable
//! specialisation, code generation — and hands back native code with a uniform entry point.
//!
//! Entry ABI: `entry(args, ret) -> status`. `args` holds the flattened arguments and `ret` receives the
//! flattened result, one 8-byte slot per `hasten_ir::types::Slot`, each value at the start of its slot.
//! Status 0 is success; 1 means an exception is pending in `hasten_runtime::error`.

pub mod cache;

use hasten_ir::{Diagnostic, FuncId, Program, SourceMap, Type};
use std::time::{Duration, Instant};

pub use hasten_codegen::EntryFn;

pub struct Compiled {
    code: hasten_codegen::CompiledModule,
    pub arg_types: Vec<Type>,
    pub ret_type: Type,
    pub compile_time: Duration,
    /// Loaded from a cache entry rather than compiled (`cache=True`).
    pub from_cache: bool,
}

impl Compiled {
    pub fn entry(&self) -> EntryFn {
        self.code.entry
    }

    /// Per loop, what the loop optimisations did and why not (`f.explain()`).
    pub fn explain(&self) -> &str {
        &self.code.report
    }

}

/// The module `compile` makes of `root` for `args`, lowered for the second tier and written as LLVM
/// IR. An `Unsupported` diagnostic names a Cranelift construct the translation lacks.
pub fn tier2_ir(program: &Program, root: FuncId, args: &[Type]) -> Result<String, Diagnostic> {
    catch_internal(|| {
        let (typed, maps, options) = check(program, root, args)?;
        let clif = hasten_codegen::lower_for_tier2(&typed, &maps, &options).map_err(|(id, d)| d.locate(&maps[id]))?;
        hasten_tier2::translate(&clif).map_err(|what| Diagnostic::unsupported(format!("tier 2 cannot translate {what}"), hasten_ir::Span::default()))
    })
}

/// The name LLVM IR gives the entry trampoline.
pub const TIER2_ENTRY: &str = hasten_tier2::ENTRY;

/// Every runtime helper and C math function compiled code calls, with its address here.
pub fn runtime_symbols() -> Vec<(&'static str, usize)> {
    hasten_codegen::runtime_symbols().into_iter().map(|(n, p)| (n, p as usize)).collect()
}

/// What machine code depends on besides the program: the target and Cranelift's ISA flags.
pub fn isa_fingerprint() -> String {
    hasten_codegen::isa_fingerprint()
}

pub fn source_map(program: &Program, id: FuncId) -> SourceMap {
    let f = &program.functions[id];
    SourceMap::new(f.filename.clone(), f.source.clone(), f.first_line, f.indent)
}

/// Compiles `root` specialised for `args`. Errors carry their rendered source location.
pub fn compile(program: &Program, root: FuncId, args: &[Type]) -> Result<Compiled, Diagnostic> {
    catch_internal(|| compile_inner(program, root, args, false))
}

/// The listings of every function that compiling `root` for `args` produces: the Cranelift IR after
/// optimisation, and the machine code. It compiles again with listings on, which normal compiles
/// skip because they cost time.
pub fn listings(program: &Program, root: FuncId, args: &[Type]) -> Result<(String, String), Diagnostic> {
    catch_internal(|| compile_inner(program, root, args, true)).map(|c| (c.code.ir_text, c.code.asm_text))
}

/// Runs a compile, turning a panic (always a bug in hasten) into an internal-error diagnostic, so
/// that it reaches Python as an ordinary exception instead of unwinding into the binding.
fn catch_internal<T>(compile: impl FnOnce() -> Result<T, Diagnostic>) -> Result<T, Diagnostic> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(compile)).unwrap_or_else(|payload| {
        let message = match (payload.downcast_ref::<&str>(), payload.downcast_ref::<String>()) {
            (Some(s), _) => s.to_string(),
            (_, Some(s)) => s.clone(),
            _ => "a panic without a message".to_string(),
        };
        Err(Diagnostic::internal(message))
    })
}

/// The front end and the type checker: every reachable specialisation, typed, with the source map
/// and options of each function.
fn check(program: &Program, root: FuncId, args: &[Type]) -> Result<(hasten_typeck::TypedProgram, Vec<SourceMap>, Vec<hasten_ir::Options>), Diagnostic> {
    check_with(program, root, args, &mut None)
}

/// The first overloaded call (`hasten.extending.overload`) compiling `root` for `args` meets that
/// `program.overloads` does not resolve yet: the embedder resolves it, extends the program and
/// asks again until this is None, then compiles. Other errors are left for the compile to report.
pub fn missing_overload(program: &Program, root: FuncId, args: &[Type]) -> Option<hasten_ir::OverloadCall> {
    let mut missing = None;
    let _ = catch_internal(|| check_with(program, root, args, &mut missing));
    missing
}

fn check_with(
    program: &Program,
    root: FuncId,
    args: &[Type],
    missing: &mut Option<hasten_ir::OverloadCall>,
) -> Result<(hasten_typeck::TypedProgram, Vec<SourceMap>, Vec<hasten_ir::Options>), Diagnostic> {
    // Inner functions (`def`/`lambda` in a body) get ids after the program's; each shares the
    // source map and options of the function it is in.
    let lowering = std::cell::RefCell::new(hasten_front::Front::new(&program.functions));
    let origin = |id: FuncId| lowering.borrow().origin(id);
    let mut front = |id: FuncId| {
        let lowered = lowering.borrow_mut().lower(id);
        lowered.map_err(|d| d.locate(&source_map(program, origin(id))))
    };
    let mut typed = hasten_typeck::check_program_with(&mut front, &program.overloads, root, args).map_err(|((id, d), unresolved)| {
        *missing = unresolved;
        d.locate(&source_map(program, origin(id)))
    })?;
    let count = lowering.borrow().count();
    let options: Vec<_> = (0..count).map(|id| program.functions[origin(id)].options.clone()).collect();
    hasten_typeck::parallel::resolve(&mut typed, |f| options[f].parallel)
        .map_err(|(id, d)| d.locate(&source_map(program, origin(id))))?;
    if cfg!(debug_assertions) || std::env::var_os("HASTEN_VERIFY").is_some() {
        // Code generation relies on these invariants; a failure is a type checker bug. The test
        // suite sets HASTEN_VERIFY to check every typed tree it compiles in release builds too.
        hasten_typeck::verify(&typed).map_err(Diagnostic::internal)?;
    }
    let maps: Vec<SourceMap> = (0..count).map(|id| source_map(program, origin(id))).collect();
    Ok((typed, maps, options))
}

fn compile_inner(program: &Program, root: FuncId, args: &[Type], disasm: bool) -> Result<Compiled, Diagnostic> {
    let start = Instant::now();
    let (typed, maps, options) = check(program, root, args)?;
    // A generator's driver returns nothing; what the caller boxes are its values.
    let ret_type = typed.yields.clone().unwrap_or_else(|| typed.specs[typed.root].ret.clone());
    let code = hasten_codegen::compile_module(&typed, &maps, &options, disasm)
        .map_err(|(id, d)| d.locate(&maps[id]))?;
    Ok(Compiled { code, arg_types: args.to_vec(), ret_type, compile_time: start.elapsed(), from_cache: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let d = catch_internal::<()>(|| panic!("broken invariant {}", 7)).expect_err("the panic is caught");
        assert_eq!(d.kind, hasten_ir::ErrorKind::Internal);
        assert!(d.to_string().starts_with("error[InternalError]: internal compiler error: broken invariant 7; please report it"), "{d}");
        assert!(catch_internal(|| Ok::<_, Diagnostic>(3)).is_ok_and(|v| v == 3));
    }
}
