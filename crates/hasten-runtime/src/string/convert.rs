//! Conversions between strings and numbers: `str(x)`/`repr(x)`/`format(x, spec)` of ints, floats,
//! bools and strings, `int(s)`, `float(s)`, `ord`, `chr`, with CPython's errors.

use super::format::{float_repr, format_bool, format_float, format_int, format_str, Fail};
use super::quick_format::write_quick;
use super::{as_str, char_len, new_str};
use crate::error::{ffi_str, set_error};
use crate::memory::Block;

/// The kinds of value `hasten_rt_str_format` formats; `bits` holds the value as its slot would.
pub const KIND_INT: i64 = 0;
pub const KIND_FLOAT: i64 = 1;
pub const KIND_BOOL: i64 = 2;
pub const KIND_STR: i64 = 3;

/// `repr(s)` of a string, as CPython quotes and escapes it (non-ASCII text as CPython's tables
/// say which characters are printable).
pub fn str_repr(s: &str) -> String {
    if !s.is_ascii() {
        if let Some(r) = super::ask_python("__repr__", s) {
            return r;
        }
    }
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if !is_printable(c) => {
                let v = c as u32;
                if v <= 0xff {
                    out.push_str(&format!("\\x{v:02x}"));
                } else if v <= 0xffff {
                    out.push_str(&format!("\\u{v:04x}"));
                } else {
                    out.push_str(&format!("\\U{v:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// CPython's `str.isprintable` for one character, as far as Rust's standard library can tell:
/// controls, separators other than the space, and unassigned or private characters are not.
fn is_printable(c: char) -> bool {
    let v = c as u32;
    if v < 0x7f {
        return v >= 0x20;
    }
    if (0x7f..0xa1).contains(&v) || v == 0xad {
        return false;
    }
    !(c.is_control() || c.is_whitespace() || (0xe000..=0xf8ff).contains(&v) || (0xfff9..=0xfffb).contains(&v) || v == 0x2028 || v == 0x2029 || (0x200b..=0x200f).contains(&v) || (0x202a..=0x202e).contains(&v) || (0x2060..=0x206f).contains(&v) || v == 0xfeff || v >= 0xf0000)
}

/// `format(value, spec)` for a value of kind `kind` (see `KIND_*`), or its `repr` when `repr` is
/// set (then formatted by `spec` as a string, as `{x!r:spec}` is).
fn format_value(kind: i64, bits: u64, spec: &str, repr: bool) -> Result<String, Fail> {
    if repr {
        let r = match kind {
            KIND_INT => (bits as i64).to_string(),
            KIND_FLOAT => float_repr(f64::from_bits(bits)),
            KIND_BOOL => (if bits & 0xff != 0 { "True" } else { "False" }).to_string(),
            // SAFETY: compiled code passes a live string for this kind.
            _ => str_repr(unsafe { as_str(bits) }),
        };
        return format_str(&r, spec);
    }
    match kind {
        KIND_INT => format_int(bits as i64, spec),
        KIND_FLOAT => format_float(f64::from_bits(bits), spec),
        KIND_BOOL => format_bool(bits & 0xff != 0, spec),
        // SAFETY: as above.
        _ => format_str(unsafe { as_str(bits) }, spec),
    }
}

/// `format(value, spec)`, `str(value)` (an empty spec) and, with bit 2 of `kind` set, `repr(value)`
/// then formatted by `spec`: a new string, or null with CPython's ValueError for a bad spec.
///
/// # Safety
/// `spec` and `loc` are (pointer, length) strings; `bits` is a live string for `KIND_STR`.
pub unsafe extern "C" fn hasten_rt_str_format(kind: i64, bits: u64, spec: *const u8, spec_len: usize, loc: *const u8, loc_len: usize) -> *mut Block {
    let spec = ffi_str(spec, spec_len);
    let mut quick = String::new();
    if write_quick(&mut quick, kind & 3, bits, &spec, kind & 4 != 0) {
        return new_str(&quick);
    }
    match format_value(kind & 3, bits, &spec, kind & 4 != 0) {
        Ok(s) => new_str(&s),
        Err((exc, msg)) => {
            set_error(exc, Some(msg), &ffi_str(loc, loc_len));
            std::ptr::null_mut()
        }
    }
}

/// Whether `format(value, spec)` of a value of `kind` can only succeed, whatever the value: the
/// spec is valid for the kind, and is not `c` (whose range check depends on the value). Such a
/// format may be done after the f-string's later fields are evaluated (`hasten_rt_str_build`).
pub fn spec_never_fails(kind: i64, spec: &str, repr: bool) -> bool {
    if spec.ends_with('c') {
        return false;
    }
    match kind {
        _ if repr => format_str("", spec).is_ok(),
        KIND_INT => format_int(0, spec).is_ok(),
        KIND_FLOAT => format_float(0.0, spec).is_ok(),
        KIND_BOOL => format_bool(false, spec).is_ok(),
        _ => format_str("", spec).is_ok(),
    }
}

/// An f-string in one allocation: `n` parts of six words each, `[0, s, ..]` a string `s`,
/// `[-1, text, len, ..]` literal text, or `[1 + kind, bits, spec, spec_len, loc, loc_len]` the
/// value `format(value, spec)` (`kind` as for `hasten_rt_str_format`) that compiled code did not
/// make a string of its own. Null with the format's exception pending (at `loc`).
///
/// # Safety
/// `parts` holds `6 * n` words as described; strings are live; texts, specs and locations are
/// (pointer, length) UTF-8 strings.
pub unsafe extern "C" fn hasten_rt_str_build(parts: *const u64, n: usize) -> *mut Block {
    let parts = std::slice::from_raw_parts(parts, 6 * n);
    let text = |p: u64, len: u64| std::str::from_utf8_unchecked(std::slice::from_raw_parts(p as *const u8, len as usize));
    let mut s = String::with_capacity(16 * n);
    for p in parts.chunks_exact(6) {
        match p[0] as i64 {
            0 => s.push_str(as_str(p[1])),
            -1 => s.push_str(text(p[1], p[2])),
            tag if write_quick(&mut s, (tag - 1) & 3, p[1], text(p[2], p[3]), (tag - 1) & 4 != 0) => {}
            tag => match format_value((tag - 1) & 3, p[1], text(p[2], p[3]), (tag - 1) & 4 != 0) {
                Ok(t) => s.push_str(&t),
                Err((exc, msg)) => {
                    set_error(exc, Some(msg), &ffi_str(p[4] as *const u8, p[5] as usize));
                    return std::ptr::null_mut();
                }
            },
        }
    }
    new_str(&s)
}

/// CPython's `str.isspace` of one character: Unicode's White_Space plus the information
/// separators U+001C..U+001F.
pub(crate) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The value of `int(s, base)` once stripped (`base` 0, or 2 to 36): a sign, for bases 2, 8 and 16
/// (and 0, which the prefix decides) an optional `0b`/`0o`/`0x` prefix and one underscore after
/// it, then ASCII digits below the base with single underscores between them. Base 0 refuses a
/// nonzero decimal with a leading zero (`010`), as CPython does.
fn parse_int(t: &str, base: u32) -> Option<Result<i64, ()>> {
    let (neg, rest) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let b = rest.as_bytes();
    let prefix = |c: u8| match c.to_ascii_lowercase() {
        b'x' => 16,
        b'o' => 8,
        b'b' => 2,
        _ => 0,
    };
    let marked = if b.len() >= 2 && b[0] == b'0' { prefix(b[1]) } else { 0 };
    let (base, leading_zero_check) = match base {
        0 if marked != 0 => (marked, false),
        0 => (10, b.first() == Some(&b'0')),
        n => (n, false),
    };
    let mut digits = b;
    if marked != 0 && marked == base {
        digits = &b[2..];
        if digits.first() == Some(&b'_') {
            digits = &digits[1..];
        }
    }
    if digits.is_empty() || digits[0] == b'_' || digits[digits.len() - 1] == b'_' || digits.windows(2).any(|w| w == b"__") {
        return None;
    }
    let mut v: i128 = 0;
    for &c in digits {
        if c == b'_' {
            continue;
        }
        let d = (c as char).to_digit(36)?;
        if d >= base {
            return None;
        }
        v = (v * base as i128 + d as i128).min(1 << 80);
    }
    if leading_zero_check && v != 0 {
        return None;
    }
    let v = if neg { -v } else { v };
    Some(i64::try_from(v).map_err(|_| ()))
}

/// `int(s)`: the value into `*out`; status 1 with CPython's ValueError (or hasten's OverflowError
/// past 64 bits).
///
/// # Safety
/// `s` is a live string; `out` is writable; `loc` is a (pointer, length) string.
pub unsafe extern "C" fn hasten_rt_str_to_int(s: u64, out: *mut i64, loc: *const u8, loc_len: usize) -> i32 {
    hasten_rt_str_to_int_base(s, 10, out, loc, loc_len)
}

/// `int(s, base)`: as `hasten_rt_str_to_int`, with CPython's ValueError for a base that is not
/// 0 or 2..36 and its message naming the base.
///
/// # Safety
/// As `hasten_rt_str_to_int`.
pub unsafe extern "C" fn hasten_rt_str_to_int_base(s: u64, base: i64, out: *mut i64, loc: *const u8, loc_len: usize) -> i32 {
    let text = as_str(s);
    let loc = ffi_str(loc, loc_len);
    if !(base == 0 || (2..=36).contains(&base)) {
        set_error("ValueError", Some("int() base must be >= 2 and <= 36, or 0".into()), &loc);
        return 1;
    }
    // CPython strips Unicode's White_Space here, without the separators U+001C..U+001F.
    match parse_int(text.trim_matches(char::is_whitespace), base as u32) {
        Some(Ok(v)) => {
            *out = v;
            0
        }
        Some(Err(())) => {
            set_error("OverflowError", Some("int too large to convert to 64-bit integer".into()), &loc);
            1
        }
        None => {
            // CPython's `%.200R`: the repr cut to 200 characters.
            let r: String = str_repr(text).chars().take(200).collect();
            set_error("ValueError", Some(format!("invalid literal for int() with base {base}: {r}")), &loc);
            1
        }
    }
}

/// Python's float literal grammar (after stripping): Rust's parser, once underscores between
/// digits are removed, and with Rust's extra spellings (`infinity` is Python's too) checked.
fn parse_float(t: &str) -> Option<f64> {
    let b = t.as_bytes();
    for (k, &c) in b.iter().enumerate() {
        if c == b'_' && !(k > 0 && b[k - 1].is_ascii_digit() && b.get(k + 1).is_some_and(u8::is_ascii_digit)) {
            return None;
        }
        if !(c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'+' | b'-')) {
            return None;
        }
    }
    let clean: String = t.chars().filter(|c| *c != '_').collect();
    let body = clean.trim_start_matches(['+', '-']);
    if clean.len() - body.len() > 1 {
        return None;
    }
    let lower = body.to_ascii_lowercase();
    if lower.chars().any(|c| c.is_ascii_alphabetic()) && !matches!(lower.as_str(), "inf" | "infinity" | "nan") && !lower.contains('e') {
        return None;
    }
    clean.parse::<f64>().ok()
}

/// `float(s)`: the value into `*out`; status 1 with CPython's ValueError.
///
/// # Safety
/// As `hasten_rt_str_to_int`.
pub unsafe extern "C" fn hasten_rt_str_to_float(s: u64, out: *mut f64, loc: *const u8, loc_len: usize) -> i32 {
    let text = as_str(s);
    match parse_float(text.trim_matches(char::is_whitespace)) {
        Some(v) => {
            *out = v;
            0
        }
        None => {
            set_error("ValueError", Some(format!("could not convert string to float: {}", str_repr(text))), &ffi_str(loc, loc_len));
            1
        }
    }
}

/// `ord(s)`: the code point into `*out`; status 1 with CPython's TypeError unless `s` is one
/// character.
///
/// # Safety
/// As `hasten_rt_str_to_int`.
pub unsafe extern "C" fn hasten_rt_str_ord(s: u64, out: *mut i64, loc: *const u8, loc_len: usize) -> i32 {
    let n = char_len(s);
    if n != 1 {
        set_error("TypeError", Some(format!("ord() expected a character, but string of length {n} found")), &ffi_str(loc, loc_len));
        return 1;
    }
    *out = as_str(s).chars().next().map_or(0, |c| c as i64);
    0
}

/// `chr(i)`: a new one-character string; null with CPython's ValueError out of range (surrogates,
/// which UTF-8 cannot hold, are refused as not supported).
///
/// # Safety
/// `loc` is a (pointer, length) string.
pub unsafe extern "C" fn hasten_rt_str_chr(i: i64, loc: *const u8, loc_len: usize) -> *mut Block {
    let loc = ffi_str(loc, loc_len);
    if !(0..0x110000).contains(&i) {
        set_error("ValueError", Some("chr() arg not in range(0x110000)".into()), &loc);
        return std::ptr::null_mut();
    }
    match char::from_u32(i as u32) {
        Some(c) => new_str(c.encode_utf8(&mut [0; 4])),
        None => {
            set_error("ValueError", Some(format!("hasten: chr({i:#x}) is a lone surrogate, which compiled strings cannot hold")), &loc);
            std::ptr::null_mut()
        }
    }
}
