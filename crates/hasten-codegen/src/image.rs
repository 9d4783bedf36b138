//! Relocatable machine code: what `cache=True` stores on disk and loads into a fresh JIT module.
//!
//! While a module is compiled, `Recorder` keeps each function's code bytes and relocations as
//! Cranelift emitted them. `Image` is that module with every relocation target named independently
//! of the process: another function of the image (by index), the module's constant data (the
//! strings error paths point at), or a runtime helper (by symbol). `load` declares the functions and
//! the data in a new `JITModule` and lets it copy, relocate and map the code (written first, then
//! made executable, never both). Nothing in machine code is an address of this process: strings
//! are a data object, helpers and calls go through relocations.

use cranelift_codegen::binemit::Reloc;
use cranelift_codegen::ir::Signature;
use cranelift_codegen::Context;
use cranelift_jit::JITModule;
use cranelift_module::{DataDescription, DataId, FuncId, Linkage, Module, ModuleReloc, ModuleRelocTarget};
use std::collections::HashMap;

/// The relocation kinds an image may hold (their index is the stored code); any other kind makes a
/// module uncacheable rather than wrongly loaded.
const KINDS: [Reloc; 4] = [Reloc::Abs4, Reloc::Abs8, Reloc::X86PCRel4, Reloc::X86CallPCRel4];

#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// A function of the image, by index.
    Function(u32),
    /// The module's constant data.
    Data,
    /// A runtime helper, by symbol.
    Symbol(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Relocation {
    pub offset: u32,
    kind: u8,
    pub target: Target,
    pub addend: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunctionCode {
    pub align: u64,
    pub code: Vec<u8>,
    pub relocs: Vec<Relocation>,
}

/// A whole compiled module, relocatable.
#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    pub functions: Vec<FunctionCode>,
    pub data: Vec<u8>,
    /// Index of the entry trampoline in `functions`.
    pub entry: u32,
}

/// The code of each function as `define_function` produced it, in definition order.
#[derive(Default)]
pub(crate) struct Recorder {
    functions: Vec<(FuncId, u64, Vec<u8>, Vec<ModuleReloc>)>,
}

impl Recorder {
    /// Records the function `ctx` holds, just defined as `id`.
    pub(crate) fn record(&mut self, id: FuncId, ctx: &Context) {
        let code = ctx.compiled_code().expect("recorded right after define_function");
        let relocs = code.buffer.relocs().iter().map(|r| ModuleReloc::from_mach_reloc(r, &ctx.func, id)).collect();
        self.functions.push((id, code.buffer.alignment as u64, code.code_buffer().to_vec(), relocs));
    }

    /// The image of the finished module; an error names what cannot be made relocatable.
    pub(crate) fn image(self, module: &JITModule, data_id: DataId, data: Vec<u8>, entry: FuncId) -> Result<Image, String> {
        let index: HashMap<FuncId, u32> = self.functions.iter().enumerate().map(|(i, f)| (f.0, i as u32)).collect();
        let target = |name: &ModuleRelocTarget| -> Result<Target, String> {
            match *name {
                ModuleRelocTarget::User { namespace: 0, index: i } => {
                    let id = FuncId::from_u32(i);
                    if let Some(&k) = index.get(&id) {
                        return Ok(Target::Function(k));
                    }
                    let decl = module.declarations().get_function_decl(id);
                    match (&decl.name, decl.linkage) {
                        (Some(name), Linkage::Import) => Ok(Target::Symbol(name.clone())),
                        _ => Err(format!("a call of an undefined function {id}")),
                    }
                }
                ModuleRelocTarget::User { namespace: 1, index: i } if DataId::from_u32(i) == data_id => Ok(Target::Data),
                ref other => Err(format!("a relocation against {other}")),
            }
        };
        let mut functions = Vec::with_capacity(self.functions.len());
        for (_, align, code, relocs) in self.functions {
            let relocs = relocs
                .iter()
                .map(|r| {
                    let kind = KINDS.iter().position(|k| *k == r.kind).ok_or_else(|| format!("a {:?} relocation", r.kind))?;
                    Ok(Relocation { offset: r.offset, kind: kind as u8, target: target(&r.name)?, addend: r.addend })
                })
                .collect::<Result<Vec<_>, String>>()?;
            functions.push(FunctionCode { align, code, relocs });
        }
        let entry = *index.get(&entry).ok_or("the entry was not recorded")?;
        Ok(Image { functions, data, entry })
    }
}

/// Declares the module's constant data object; every function addresses it with an offset.
pub(crate) fn declare_data(module: &mut JITModule) -> DataId {
    module.declare_anonymous_data(false, false).expect("a fresh data object")
}

pub(crate) fn define_data(module: &mut JITModule, id: DataId, bytes: &[u8]) -> Result<(), String> {
    let mut desc = DataDescription::new();
    // A zero-sized object is not mapped; a byte keeps the symbol valid when no string was used.
    desc.define(if bytes.is_empty() { vec![0u8].into_boxed_slice() } else { bytes.to_vec().into_boxed_slice() });
    module.define_data(id, &desc).map_err(|e| format!("{e:?}"))
}

impl Image {
    /// Checks that every relocation stays inside its function and names something that exists
    /// here, then defines the image in a fresh module. Returns the module (which owns the code) and
    /// the entry trampoline's address.
    pub fn load(&self) -> Result<(JITModule, *const u8), String> {
        let symbols: HashMap<&str, *const u8> = crate::runtime_symbols().into_iter().collect();
        let n = self.functions.len();
        if self.entry as usize >= n {
            return Err("the entry is not a function of the image".into());
        }
        for f in &self.functions {
            if !f.align.is_power_of_two() || f.align > 4096 {
                return Err(format!("a function alignment of {}", f.align));
            }
            for r in &f.relocs {
                let size = match KINDS.get(r.kind as usize) {
                    Some(Reloc::Abs8) => 8,
                    Some(_) => 4,
                    None => return Err(format!("an unknown relocation kind {}", r.kind)),
                };
                if r.offset as usize + size > f.code.len() {
                    return Err("a relocation outside its function".into());
                }
                match &r.target {
                    Target::Function(k) if *k as usize >= n => return Err("a call of a missing function".into()),
                    Target::Symbol(s) if !symbols.contains_key(s.as_str()) => return Err(format!("an unknown symbol {s}")),
                    _ => {}
                }
            }
        }
        let mut module = crate::jit_module();
        let data_id = declare_data(&mut module);
        define_data(&mut module, data_id, &self.data)?;
        // Signatures matter to declarations only; the code is already compiled.
        let sig = Signature::new(module.isa().default_call_conv());
        let ids: Vec<FuncId> = (0..n).map(|_| module.declare_anonymous_function(&sig).expect("fresh")).collect();
        let mut imports: HashMap<&str, FuncId> = HashMap::new();
        for f in &self.functions {
            for r in &f.relocs {
                if let Target::Symbol(s) = &r.target {
                    if !imports.contains_key(s.as_str()) {
                        let id = module.declare_function(s, Linkage::Import, &sig).map_err(|e| format!("{e:?}"))?;
                        imports.insert(s, id);
                    }
                }
            }
        }
        for (f, &id) in self.functions.iter().zip(&ids) {
            let relocs: Vec<ModuleReloc> = f
                .relocs
                .iter()
                .map(|r| ModuleReloc {
                    offset: r.offset,
                    kind: KINDS[r.kind as usize],
                    name: match &r.target {
                        Target::Function(k) => ids[*k as usize].into(),
                        Target::Data => data_id.into(),
                        Target::Symbol(s) => imports[s.as_str()].into(),
                    },
                    addend: r.addend,
                })
                .collect();
            module.define_function_bytes(id, f.align, &f.code, &relocs).map_err(|e| format!("{e:?}"))?;
        }
        module.finalize_definitions().map_err(|e| format!("{e:?}"))?;
        let entry = module.get_finalized_function(ids[self.entry as usize]);
        Ok((module, entry))
    }

    pub fn write(&self, w: &mut Writer) {
        w.u32(self.entry);
        w.bytes(&self.data);
        w.u32(self.functions.len() as u32);
        for f in &self.functions {
            w.u64(f.align);
            w.bytes(&f.code);
            w.u32(f.relocs.len() as u32);
            for r in &f.relocs {
                w.u32(r.offset);
                w.u8(r.kind);
                w.i64(r.addend);
                match &r.target {
                    Target::Function(k) => {
                        w.u8(0);
                        w.u32(*k);
                    }
                    Target::Data => w.u8(1),
                    Target::Symbol(s) => {
                        w.u8(2);
                        w.bytes(s.as_bytes());
                    }
                }
            }
        }
    }

    pub fn read(r: &mut Reader) -> Result<Image, String> {
        let entry = r.u32()?;
        let data = r.bytes()?.to_vec();
        let count = r.u32()?;
        let mut functions = Vec::new();
        for _ in 0..count {
            let align = r.u64()?;
            let code = r.bytes()?.to_vec();
            let nrelocs = r.u32()?;
            let mut relocs = Vec::new();
            for _ in 0..nrelocs {
                let (offset, kind, addend) = (r.u32()?, r.u8()?, r.i64()?);
                let target = match r.u8()? {
                    0 => Target::Function(r.u32()?),
                    1 => Target::Data,
                    2 => Target::Symbol(r.str()?),
                    t => return Err(format!("an unknown relocation target tag {t}")),
                };
                relocs.push(Relocation { offset, kind, target, addend });
            }
            functions.push(FunctionCode { align, code, relocs });
        }
        Ok(Image { functions, data, entry })
    }
}

/// Little-endian writer of the cache format.
#[derive(Default)]
pub struct Writer(pub Vec<u8>);

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    /// A length-prefixed byte string.
    pub fn bytes(&mut self, v: &[u8]) {
        self.u64(v.len() as u64);
        self.0.extend_from_slice(v);
    }
}

/// Reader of what `Writer` wrote; every read is bounds-checked, so a truncated file is an error.
pub struct Reader<'a> {
    buf: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf }
    }
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if n > self.buf.len() {
            return Err("truncated".into());
        }
        let (head, rest) = self.buf.split_at(n);
        self.buf = rest;
        Ok(head)
    }
    pub fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    pub fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")))
    }
    pub fn u64(&mut self) -> Result<u64, String> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8 bytes")))
    }
    pub fn i64(&mut self) -> Result<i64, String> {
        Ok(i64::from_le_bytes(self.take(8)?.try_into().expect("8 bytes")))
    }
    pub fn bytes(&mut self) -> Result<&'a [u8], String> {
        let n = self.u64()?;
        self.take(usize::try_from(n).map_err(|_| "truncated")?)
    }
    pub fn str(&mut self) -> Result<String, String> {
        String::from_utf8(self.bytes()?.to_vec()).map_err(|_| "a string that is not UTF-8".to_string())
    }
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reloc(offset: u32, kind: Reloc, target: Target, addend: i64) -> Relocation {
        let kind = KINDS.iter().position(|k| *k == kind).expect("a stored kind") as u8;
        Relocation { offset, kind, target, addend }
    }

    /// Function 0 loads a byte of the data object through an absolute relocation, calls function 1
    /// through a PC-relative one and adds the two: both kinds of relocation the x86-64 code uses.
    #[cfg(target_arch = "x86_64")]
    fn sample() -> Image {
        let mut f0 = vec![0x48, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0]; // movabs rax, <data + 1>
        f0.extend([0x0F, 0xB6, 0x08]); // movzx ecx, byte [rax]
        f0.extend([0x51]); // push rcx (also aligns the stack for the call)
        f0.extend([0xE8, 0, 0, 0, 0]); // call <function 1>
        f0.extend([0x59, 0x01, 0xC8, 0xC3]); // pop rcx; add eax, ecx; ret
        let f1 = vec![0xB8, 7, 0, 0, 0, 0xC3]; // mov eax, 7; ret
        Image {
            functions: vec![
                FunctionCode {
                    align: 16,
                    code: f0,
                    relocs: vec![reloc(2, Reloc::Abs8, Target::Data, 1), reloc(15, Reloc::X86CallPCRel4, Target::Function(1), -4)],
                },
                FunctionCode { align: 16, code: f1, relocs: vec![] },
            ],
            data: vec![1, 35, 3],
            entry: 0,
        }
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn a_loaded_image_is_relocated_against_its_data_and_functions() {
        let image = sample();
        let (_module, entry) = image.load().expect("loads");
        let f = unsafe { std::mem::transmute::<*const u8, extern "C" fn() -> u32>(entry) };
        assert_eq!(f(), 35 + 7);
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn an_image_survives_writing_and_reading() {
        let mut image = sample();
        image.functions[1].relocs.push(reloc(1, Reloc::Abs4, Target::Symbol("hasten_rt_decref".into()), 0));
        let mut w = Writer::default();
        image.write(&mut w);
        let mut r = Reader::new(&w.0);
        assert_eq!(Image::read(&mut r), Ok(image));
        assert!(r.is_empty());
        for cut in 0..w.0.len() {
            assert!(Image::read(&mut Reader::new(&w.0[..cut])).is_err(), "truncated at {cut}");
        }
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn an_image_that_points_outside_itself_is_refused() {
        let mut bad_entry = sample();
        bad_entry.entry = 2;
        assert!(bad_entry.load().is_err());
        let mut bad_kind = sample();
        bad_kind.functions[0].relocs[0].kind = 200;
        assert!(bad_kind.load().err().expect("refused").contains("relocation kind"));
        let mut bad_align = sample();
        bad_align.functions[0].align = 3;
        assert!(bad_align.load().is_err());
        let mut past_end = sample();
        past_end.functions[0].relocs[0].offset = past_end.functions[0].code.len() as u32 - 7;
        assert!(past_end.load().err().expect("refused").contains("outside"));
    }
}
