//! The second tier: a compiled module's Cranelift IR (as the lowering built it, before Cranelift's
//! optimiser) translated to LLVM IR text, which `python/hasten/_tier2.py` optimises and compiles
//! with llvmlite. One lowering serves both tiers, so every language feature reaches tier 2 through
//! the same Cranelift instructions tier 1 compiles.
//!
//! The translation keeps tier 1's semantics exactly: no fast-math flags unless the function was
//! compiled with `fastmath=True` (then `reassoc contract`, as numba allows), Cranelift's masked
//! shift amounts, saturating float-to-int conversions, round-half-even `nearest`, and the same
//! runtime helpers and C math functions called by the same symbols.

mod func;
mod inst;
mod types;

use hasten_codegen::clif::ClifModule;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

/// The name of the entry trampoline in the LLVM module.
pub const ENTRY: &str = "hasten_entry";

/// What the functions of one module share while they are translated.
pub(crate) struct ModuleCx<'a> {
    module: &'a ClifModule,
    defined: HashMap<u32, usize>,
    /// `declare` lines of helpers and intrinsics used, each once.
    pub(crate) declares: BTreeSet<String>,
}

impl ModuleCx<'_> {
    /// The LLVM name of function `id` of the module: a defined function or an imported helper.
    pub(crate) fn function_name(&self, id: u32) -> Result<String, String> {
        if self.defined.contains_key(&id) {
            return Ok(local_name(self.module, id));
        }
        self.module.imports.get(&id).map(|s| format!("@{s}")).ok_or_else(|| format!("a call of the undeclared function {id}"))
    }

    pub(crate) fn is_defined(&self, id: u32) -> bool {
        self.defined.contains_key(&id)
    }

    pub(crate) fn data_id(&self) -> u32 {
        self.module.data_id
    }
}

fn local_name(module: &ClifModule, id: u32) -> String {
    if id == module.entry {
        format!("@{ENTRY}")
    } else {
        format!("@hf{id}")
    }
}

/// The LLVM IR of `module`, or the Cranelift construct that has no translation yet.
pub fn translate(module: &ClifModule) -> Result<String, String> {
    let defined = module.functions.iter().enumerate().map(|(i, f)| (f.id, i)).collect();
    let mut cx = ModuleCx { module, defined, declares: BTreeSet::new() };
    let mut bodies = String::new();
    for f in &module.functions {
        let name = local_name(module, f.id);
        let linkage = if f.id == module.entry { "" } else { "internal " };
        bodies.push_str(&func::translate(&mut cx, &f.func, &name, linkage, f.fastmath)?);
        bodies.push('\n');
    }
    let mut out = String::new();
    let data = if module.data.is_empty() { vec![0u8] } else { module.data.clone() };
    let mut bytes = String::with_capacity(data.len() * 3);
    for b in &data {
        let _ = write!(bytes, "\\{b:02X}");
    }
    let _ = writeln!(out, "@hasten_data = private unnamed_addr constant [{} x i8] c\"{bytes}\", align 16\n", data.len());
    for d in &cx.declares {
        let _ = writeln!(out, "{d}");
    }
    out.push('\n');
    out.push_str(&bodies);
    Ok(out)
}

#[cfg(test)]
mod tests;
