//! The format specs that f-strings in loops mostly use (`{i}`, `{i:6d}`, `{i:04d}`, `{x:.3f}`,
//! `{x:10.4f}`, `{s}`), written straight into the result: no parsed `Spec`, no intermediate
//! strings. Every other spec, and every spec that could fail, goes the general way (`format`);
//! both ways give CPython's text (tests compare them).

use super::as_str;
use super::convert::{KIND_BOOL, KIND_FLOAT, KIND_INT, KIND_STR};
use std::fmt::Write;

/// A spec `[0][width][.precision][type]` in ASCII digits: zero fill (CPython's `0` flag, which
/// pads between the sign and the digits), the width, the precision and the type byte (0 if none).
struct Simple {
    zero: bool,
    width: usize,
    precision: Option<usize>,
    ty: u8,
}

/// The run of at most three ASCII digits at `*i`, advancing past it (None if there is none or
/// the run is longer: such widths go the general way).
fn small_number(spec: &[u8], i: &mut usize) -> Option<usize> {
    let start = *i;
    while *i < spec.len() && spec[*i].is_ascii_digit() {
        *i += 1;
    }
    let digits = &spec[start..*i];
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    Some(digits.iter().fold(0, |v, d| v * 10 + (d - b'0') as usize))
}

fn simple(spec: &[u8]) -> Option<Simple> {
    let mut i = 0;
    let zero = spec.first() == Some(&b'0');
    let width = if spec.first().is_some_and(u8::is_ascii_digit) { small_number(spec, &mut i)? } else { 0 };
    let precision = if spec.get(i) == Some(&b'.') {
        i += 1;
        Some(small_number(spec, &mut i)?)
    } else {
        None
    };
    let ty = spec.get(i).copied().unwrap_or(0);
    if i + usize::from(ty != 0) != spec.len() {
        return None;
    }
    Some(Simple { zero, width, precision, ty })
}

/// Pads what was written to `out` since `start` (`sign_len` bytes of sign first) to `width`
/// characters: zeros after the sign under the `0` flag, else spaces before (numbers align right).
fn pad_from(out: &mut String, start: usize, sign_len: usize, width: usize, zero: bool) {
    let len = out.len() - start;
    if width <= len {
        return;
    }
    let fill = if zero { "0" } else { " " }.repeat(width - len);
    out.insert_str(if zero { start + sign_len } else { start }, &fill);
}

fn write_int(out: &mut String, v: i64, s: &Simple) {
    let start = out.len();
    let _ = write!(out, "{v}");
    pad_from(out, start, usize::from(v < 0), s.width, s.zero);
}

/// Appends `format(value, spec)` to `out` when the spec is one of the common forms that cannot
/// fail for the value's kind (see `hasten_rt_str_format` for `kind` and `bits`); false, with
/// `out` untouched, for anything else.
pub fn write_quick(out: &mut String, kind: i64, bits: u64, spec: &str, repr: bool) -> bool {
    if repr {
        return false;
    }
    match kind {
        KIND_STR if spec.is_empty() => {
            // SAFETY: compiled code passes a live string for this kind.
            out.push_str(unsafe { as_str(bits) });
            true
        }
        KIND_BOOL if spec.is_empty() => {
            out.push_str(if bits & 0xff != 0 { "True" } else { "False" });
            true
        }
        KIND_INT => match simple(spec.as_bytes()) {
            Some(s) if s.precision.is_none() && matches!(s.ty, 0 | b'd') => {
                write_int(out, bits as i64, &s);
                true
            }
            _ => false,
        },
        KIND_FLOAT => {
            let x = f64::from_bits(bits);
            match simple(spec.as_bytes()) {
                Some(s) if x.is_finite() && matches!(s.ty, b'f' | b'F') => {
                    let start = out.len();
                    let negative = x.is_sign_negative();
                    if negative {
                        out.push('-');
                    }
                    let _ = write!(out, "{:.*}", s.precision.unwrap_or(6), x.abs());
                    pad_from(out, start, usize::from(negative), s.width, s.zero);
                    true
                }
                _ => false,
            }
        }
        _ => false,
    }
}
