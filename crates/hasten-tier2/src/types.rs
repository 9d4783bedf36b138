//! LLVM spellings of Cranelift types and constants.

use cranelift_codegen::ir::{types, Type};

pub(crate) fn ty(t: Type) -> Result<String, String> {
    if t.is_vector() {
        return Ok(format!("<{} x {}>", t.lane_count(), ty(t.lane_type())?));
    }
    Ok(match t {
        types::I8 => "i8".into(),
        types::I16 => "i16".into(),
        types::I32 => "i32".into(),
        types::I64 => "i64".into(),
        types::I128 => "i128".into(),
        types::F32 => "float".into(),
        types::F64 => "double".into(),
        other => return Err(format!("the Cranelift type {other}")),
    })
}

/// The suffix of an overloaded intrinsic's name (`llvm.sqrt.f64`, `llvm.smax.v2i64`).
pub(crate) fn mangle(t: Type) -> String {
    let lane = t.lane_type();
    let base = if lane.is_float() { format!("f{}", lane.bits()) } else { format!("i{}", lane.bits()) };
    if t.is_vector() {
        format!("v{}{base}", t.lane_count())
    } else {
        base
    }
}

/// An integer constant as LLVM reads it: the value sign-extended from the type's width.
pub(crate) fn int_literal(bits: i64, t: Type) -> String {
    let w = t.bits();
    if w >= 64 {
        return bits.to_string();
    }
    let shift = 64 - w;
    ((bits << shift) >> shift).to_string()
}

/// A scalar or a vector with every lane `lit`.
pub(crate) fn splat_literal(lit: &str, t: Type) -> Result<String, String> {
    if t.is_vector() {
        Ok(format!("splat ({} {lit})", ty(t.lane_type())?))
    } else {
        Ok(lit.to_string())
    }
}

/// The bits of a double in LLVM's exact hexadecimal form.
pub(crate) fn f64_literal(bits: u64) -> String {
    format!("0x{bits:016X}")
}

/// A vector constant from its little-endian bytes.
pub(crate) fn vector_literal(bytes: &[u8], t: Type) -> Result<String, String> {
    let lane = t.lane_type();
    let size = lane.bytes() as usize;
    if bytes.len() != size * t.lane_count() as usize {
        return Err("a vector constant of the wrong size".into());
    }
    let lane_ty = ty(lane)?;
    let lanes: Vec<String> = bytes
        .chunks(size)
        .map(|c| {
            let mut raw = [0u8; 8];
            raw[..size].copy_from_slice(c);
            let v = u64::from_le_bytes(raw);
            match lane {
                types::F64 => format!("{lane_ty} {}", f64_literal(v)),
                types::F32 => format!("{lane_ty} {}", f64_literal((f32::from_bits(v as u32) as f64).to_bits())),
                _ => format!("{lane_ty} {}", int_literal(v as i64, lane)),
            }
        })
        .collect();
    Ok(format!("<{}>", lanes.join(", ")))
}
