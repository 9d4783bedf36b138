//! The on-disk form of a compiled specialisation (`cache=True`): a header that says whose entry it
//! is and guards the rest, then the machine code as a relocatable image.
//!
//! Layout: magic, format version, hasten version, the cache key the embedder derived (a hash of the
//! sources, frozen globals, options, argument types and ISA flags), the payload length and an
//! FNV-1a checksum of the payload. An entry whose header does not match exactly, or whose payload
//! does not check, is refused (`Err`), never loaded; the embedder then compiles afresh.

use crate::Compiled;
use hasten_codegen::image::{Image, Reader, Writer};
use hasten_codegen::CompiledModule;
use hasten_ir::Type;
use std::time::Instant;

const MAGIC: &[u8; 8] = b"HASTENC\0";
const FORMAT: u32 = 1;

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ *b as u64).wrapping_mul(0x0100_0000_01b3))
}

/// The entry for `compiled` under `key`; `Err` says why the module cannot be cached.
pub fn serialize(compiled: &Compiled, key: &str) -> Result<Vec<u8>, String> {
    let image = compiled.code.image.as_ref().map_err(|e| e.clone())?;
    let mut payload = Writer::default();
    payload.bytes(compiled.ret_type.to_string().as_bytes());
    payload.bytes(compiled.code.ir_text.as_bytes());
    payload.bytes(compiled.code.report.as_bytes());
    image.write(&mut payload);
    let mut out = Writer::default();
    out.0.extend_from_slice(MAGIC);
    out.u32(FORMAT);
    out.bytes(env!("CARGO_PKG_VERSION").as_bytes());
    out.bytes(key.as_bytes());
    out.u64(fnv1a(&payload.0));
    out.bytes(&payload.0);
    Ok(out.0)
}

/// Loads the entry in `bytes` if it is a sound entry for `key` made by this version of hasten.
pub fn deserialize(bytes: &[u8], key: &str, args: &[Type]) -> Result<Compiled, String> {
    let start = Instant::now();
    let mut r = Reader::new(bytes);
    if r.take(MAGIC.len()).ok() != Some(&MAGIC[..]) {
        return Err("not a hasten cache entry".into());
    }
    if r.u32()? != FORMAT || r.bytes()? != env!("CARGO_PKG_VERSION").as_bytes() {
        return Err("made by another version of hasten".into());
    }
    if r.bytes()? != key.as_bytes() {
        return Err("an entry for another key".into());
    }
    let checksum = r.u64()?;
    let payload = r.bytes()?;
    if !r.is_empty() || fnv1a(payload) != checksum {
        return Err("corrupt (checksum mismatch)".into());
    }
    let mut p = Reader::new(payload);
    let ret_type: Type = p.str()?.parse()?;
    let (ir_text, report) = (p.str()?, p.str()?);
    let image = Image::read(&mut p)?;
    if !p.is_empty() {
        return Err("trailing bytes in the payload".into());
    }
    let code = CompiledModule::load(image, ir_text, report)?;
    Ok(Compiled { code, arg_types: args.to_vec(), ret_type, compile_time: start.elapsed(), from_cache: true })
}

#[cfg(test)]
mod tests {
    use super::*;
    use hasten_ir::{FunctionSource, Options, Program};

    fn program(source: &str) -> Program {
        Program {
            functions: vec![FunctionSource {
                name: "f".into(),
                filename: "<test>".into(),
                source: source.into(),
                first_line: 1,
                indent: 0,
                globals: Default::default(),
                options: Options::default(),
            }],
            overloads: Default::default(),
        }
    }

    fn call(c: &Compiled, args: &[u64]) -> (i32, u64) {
        let mut ret = [0u64; 4];
        let status = unsafe { (c.entry())(args.as_ptr(), ret.as_mut_ptr()) };
        (status, ret[0])
    }

    const SOURCE: &str = "def f(n):\n    s = 0\n    for i in range(n):\n        s += i * i\n    if n > 100:\n        raise ValueError('too big')\n    return s\n";

    #[test]
    fn a_loaded_entry_runs_like_the_compiled_module() {
        let c = crate::compile(&program(SOURCE), 0, &[Type::Int]).unwrap();
        let bytes = serialize(&c, "k").unwrap();
        let loaded = deserialize(&bytes, "k", &[Type::Int]).unwrap();
        assert!(loaded.from_cache && loaded.ret_type == Type::Int && loaded.explain() == c.explain());
        for n in [0u64, 1, 10, 100] {
            assert_eq!(call(&loaded, &[n]), call(&c, &[n]));
        }
        // The raise path reads its message through the relocated data object.
        assert_eq!(call(&loaded, &[101]).0, 1);
        let err = hasten_runtime::error::take_error().expect("a pending error");
        assert_eq!((err.exc.as_str(), err.message.as_deref()), ("ValueError", Some("too big")));
    }

    #[test]
    fn calls_between_functions_and_helpers_are_relocated() {
        let src = "def f(x):\n    return g(x) + math.sqrt(x)\n";
        let mut p = program(src);
        p.functions[0].globals.insert("g".into(), hasten_ir::GlobalValue::Function(1));
        p.functions[0].globals.insert("math".into(), hasten_ir::GlobalValue::MathModule);
        let mut g = program("def g(x):\n    t = 0.0\n    for i in range(10):\n        t += math.exp(x / (i + 1))\n    return t\n");
        g.functions[0].name = "g".into();
        g.functions[0].globals.insert("math".into(), hasten_ir::GlobalValue::MathModule);
        p.functions.push(g.functions.remove(0));
        let c = crate::compile(&p, 0, &[Type::Float]).unwrap();
        let loaded = deserialize(&serialize(&c, "k").unwrap(), "k", &[Type::Float]).unwrap();
        for x in [0.0f64, 0.5, 2.0] {
            assert_eq!(call(&loaded, &[x.to_bits()]), call(&c, &[x.to_bits()]));
        }
    }

    #[test]
    fn damaged_or_foreign_entries_are_refused() {
        let c = crate::compile(&program(SOURCE), 0, &[Type::Int]).unwrap();
        let bytes = serialize(&c, "key").unwrap();
        assert!(deserialize(&bytes, "other", &[Type::Int]).err().expect("refused").contains("another key"));
        for cut in [0, 7, 20, bytes.len() / 2, bytes.len() - 1] {
            assert!(deserialize(&bytes[..cut], "key", &[Type::Int]).is_err(), "truncated at {cut}");
        }
        let mut flipped = bytes.clone();
        *flipped.last_mut().unwrap() ^= 0x40;
        assert!(deserialize(&flipped, "key", &[Type::Int]).err().expect("refused").contains("checksum"));
        let mut version = bytes.clone();
        version[8] ^= 1;
        assert!(deserialize(&version, "key", &[Type::Int]).err().expect("refused").contains("version"));
    }

    #[test]
    fn an_image_with_a_bad_relocation_is_not_loaded() {
        use hasten_codegen::image::Target;
        let c = crate::compile(&program(SOURCE), 0, &[Type::Int]).unwrap();
        let image = c.code.image.clone().unwrap();
        let (f, r) = image
            .functions
            .iter()
            .enumerate()
            .find_map(|(i, f)| f.relocs.iter().position(|r| matches!(r.target, Target::Symbol(_))).map(|k| (i, k)))
            .expect("the module calls a helper");
        let mut unknown = image.clone();
        unknown.functions[f].relocs[r].target = Target::Symbol("no_such_helper".into());
        assert!(unknown.load().err().expect("refused").contains("unknown symbol"));
        let mut outside = image.clone();
        outside.functions[f].relocs[r].offset = outside.functions[f].code.len() as u32;
        assert!(outside.load().err().expect("refused").contains("outside"));
        let mut missing = image;
        missing.functions[f].relocs[r].target = Target::Function(99);
        assert!(missing.load().err().expect("refused").contains("missing function"));
    }
}
