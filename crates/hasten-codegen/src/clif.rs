//! The Cranelift IR of a compiled module as the lowering built it, before Cranelift optimised it:
//! what the second tier (`hasten-tier2`) translates to LLVM IR. Keeping it costs one copy of each
//! function per compile; the translation itself only runs when a specialisation is promoted.

use cranelift_codegen::ir;
use cranelift_jit::JITModule;
use cranelift_module::{DataId, FuncId, Linkage, Module};
use std::collections::HashMap;

pub struct ClifFunction {
    /// The function's id in the module (`UserExternalName` index of namespace 0).
    pub id: u32,
    pub func: ir::Function,
    /// `fastmath=True` for the specialisation this function was lowered from.
    pub fastmath: bool,
}

pub struct ClifModule {
    /// Every function of the module, in definition order.
    pub functions: Vec<ClifFunction>,
    /// Functions the module calls but does not define: runtime helpers, by id, with their symbol.
    pub imports: HashMap<u32, String>,
    /// The module's constant data object and its id (`UserExternalName` index of namespace 1).
    pub data: Vec<u8>,
    pub data_id: u32,
    /// The entry trampoline `(args, ret) -> status`.
    pub entry: u32,
}

/// The functions kept while a module is compiled.
#[derive(Default)]
pub(crate) struct Keeper {
    functions: Vec<ClifFunction>,
}

impl Keeper {
    /// Keeps `func` as it stands before `define_function` optimises it in place.
    pub(crate) fn keep(&mut self, id: FuncId, func: &ir::Function, fastmath: bool) {
        self.functions.push(ClifFunction { id: id.as_u32(), func: func.clone(), fastmath });
    }

    pub(crate) fn finish(self, module: &JITModule, data_id: DataId, data: &[u8], entry: FuncId) -> ClifModule {
        let imports = module
            .declarations()
            .get_functions()
            .filter(|(_, d)| d.linkage == Linkage::Import)
            .filter_map(|(id, d)| Some((id.as_u32(), d.name.clone()?)))
            .collect();
        ClifModule { functions: self.functions, imports, data: data.to_vec(), data_id: data_id.as_u32(), entry: entry.as_u32() }
    }
}
