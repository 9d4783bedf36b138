//! `fmt % values`: printf-style formatting of ints, floats, bools and strings with CPython's
//! conversions (`%d` of a float truncates it, `%s` is `str`, `%r` is `repr`) and errors.

use super::convert::{str_repr, KIND_BOOL, KIND_FLOAT, KIND_INT, KIND_STR};
use super::format::{float_repr, format_float};
use super::{as_str, new_str};
use crate::error::{ffi_str, set_error};
use crate::memory::Block;

type Fail = (&'static str, String);

/// One argument: its kind (`KIND_*`) and word.
#[derive(Clone, Copy)]
struct Arg {
    kind: i64,
    word: u64,
}

impl Arg {
    fn type_name(self) -> &'static str {
        match self.kind {
            KIND_INT => "int",
            KIND_FLOAT => "float",
            KIND_BOOL => "bool",
            _ => "str",
        }
    }

    fn str(self, repr: bool) -> String {
        match self.kind {
            KIND_INT => (self.word as i64).to_string(),
            KIND_FLOAT => float_repr(f64::from_bits(self.word)),
            KIND_BOOL => (if self.word & 0xff != 0 { "True" } else { "False" }).into(),
            // SAFETY: compiled code passes a live string for this kind.
            _ if repr => str_repr(unsafe { as_str(self.word) }),
            _ => unsafe { as_str(self.word) }.to_string(),
        }
    }

    /// The integer `%d` and friends format: floats truncated (`%x` refuses them).
    fn int(self, conv: char, floats: bool) -> Result<i64, Fail> {
        match self.kind {
            KIND_INT => Ok(self.word as i64),
            KIND_BOOL => Ok((self.word & 0xff != 0) as i64),
            KIND_FLOAT if floats => {
                let x = f64::from_bits(self.word);
                if x.is_nan() {
                    return Err(("ValueError", "cannot convert float NaN to integer".into()));
                }
                if x.is_infinite() {
                    return Err(("OverflowError", "cannot convert float infinity to integer".into()));
                }
                let t = x.trunc();
                if !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&t) {
                    return Err(("OverflowError", "int too large to convert to 64-bit integer".into()));
                }
                Ok(t as i64)
            }
            _ if floats => Err(("TypeError", format!("%{conv} format: a real number is required, not {}", self.type_name()))),
            _ => Err(("TypeError", format!("%{conv} format: an integer is required, not {}", self.type_name()))),
        }
    }

    fn float(self, conv: char) -> Result<f64, Fail> {
        match self.kind {
            KIND_INT => Ok(self.word as i64 as f64),
            KIND_BOOL => Ok((self.word & 0xff != 0) as i64 as f64),
            KIND_FLOAT => Ok(f64::from_bits(self.word)),
            _ => Err(("TypeError", format!("%{conv} format: a real number is required, not {}", self.type_name()))),
        }
    }
}

/// Formats `fmt` with `args` (the right operand's items, or the one value).
fn percent(fmt: &str, args: &[Arg]) -> Result<String, Fail> {
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = String::with_capacity(fmt.len());
    let mut next = 0;
    let mut i = 0;
    let take = |next: &mut usize| -> Result<Arg, Fail> {
        let a = args.get(*next).copied().ok_or(("TypeError", "not enough arguments for format string".to_string()))?;
        *next += 1;
        Ok(a)
    };
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut flags = String::new();
        while i < chars.len() && matches!(chars[i], '-' | '+' | ' ' | '#' | '0') {
            flags.push(chars[i]);
            i += 1;
        }
        let mut width = String::new();
        while i < chars.len() && chars[i].is_ascii_digit() {
            width.push(chars[i]);
            i += 1;
        }
        let mut precision: Option<String> = None;
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            let mut p = String::new();
            while i < chars.len() && chars[i].is_ascii_digit() {
                p.push(chars[i]);
                i += 1;
            }
            precision = Some(if p.is_empty() { "0".into() } else { p });
        }
        if i < chars.len() && chars[i] == '*' {
            return Err(("ValueError", "hasten: '*' widths in %-formatting are not supported".into()));
        }
        let Some(&conv) = chars.get(i) else {
            return Err(("ValueError", "incomplete format".into()));
        };
        i += 1;
        if conv == '%' {
            out.push('%');
            continue;
        }
        let align = if flags.contains('-') { "<" } else { "" };
        let sign = if flags.contains('+') { "+" } else if flags.contains(' ') { " " } else { "" };
        let alt = if flags.contains('#') { "#" } else { "" };
        let zero = if flags.contains('0') && !flags.contains('-') { "0" } else { "" };
        let body = match conv {
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                let v = take(&mut next)?.int(conv, matches!(conv, 'd' | 'i' | 'u'))?;
                let ty = if matches!(conv, 'i' | 'u') { 'd' } else { conv };
                // A precision is a minimum number of digits.
                let digits = abs_digits(v, ty);
                let min = precision.as_deref().map_or(0, |p| p.parse::<usize>().unwrap_or(0));
                let digits = format!("{}{digits}", "0".repeat(min.saturating_sub(digits.len())));
                let prefix = match (alt, ty) {
                    ("#", 'x') => "0x",
                    ("#", 'X') => "0X",
                    ("#", 'o') => "0o",
                    _ => "",
                };
                let sign = if v < 0 { "-" } else { sign };
                pad_field(&format!("{sign}{prefix}"), &digits, align, zero, &width)
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let x = take(&mut next)?.float(conv)?;
                let p = precision.unwrap_or_else(|| "6".into());
                format_float(x, &format!("{align}{sign}{alt}{zero}{width}.{p}{conv}")).map_err(|e| ("ValueError", e.1))?
            }
            'c' => {
                let a = take(&mut next)?;
                let ch = match a.kind {
                    KIND_STR if unsafe { super::char_len(a.word) } == 1 => a.str(false),
                    KIND_STR | KIND_FLOAT => return Err(("TypeError", "%c requires int or char".to_string())),
                    _ => {
                        let v = a.int(conv, false)?;
                        let c = u32::try_from(v).ok().filter(|v| *v < 0x110000).ok_or(("OverflowError", "%c arg not in range(0x110000)".to_string()))?;
                        char::from_u32(c).ok_or(("ValueError", "hasten: lone surrogates cannot be held by compiled strings".to_string()))?.to_string()
                    }
                };
                pad_field("", &ch, align, "", &width)
            }
            's' | 'r' | 'a' => {
                let s = take(&mut next)?.str(conv != 's');
                let s: String = match &precision {
                    Some(p) => s.chars().take(p.parse().unwrap_or(usize::MAX)).collect(),
                    None => s,
                };
                pad_field("", &s, align, "", &width)
            }
            c => {
                return Err((
                    "ValueError",
                    format!("unsupported format character '{c}' (0x{:x}) at index {}", c as u32, i - 1),
                ))
            }
        };
        out.push_str(&body);
    }
    if next < args.len() {
        return Err(("TypeError", "not all arguments converted during string formatting".into()));
    }
    Ok(out)
}

/// The digits of `|v|` in the radix of conversion `ty`.
fn abs_digits(v: i64, ty: char) -> String {
    let m = v.unsigned_abs();
    match ty {
        'x' => format!("{m:x}"),
        'X' => format!("{m:X}"),
        'o' => format!("{m:o}"),
        _ => m.to_string(),
    }
}

/// Pads `prefix + body` to `width`: on the right for `-`, with zeros after the prefix for `0`,
/// else with spaces on the left.
fn pad_field(prefix: &str, body: &str, align: &str, zero: &str, width: &str) -> String {
    let w: usize = width.parse().unwrap_or(0);
    let len = prefix.chars().count() + body.chars().count();
    let n = w.saturating_sub(len);
    match (align, zero) {
        ("<", _) => format!("{prefix}{body}{}", " ".repeat(n)),
        (_, "0") => format!("{prefix}{}{body}", "0".repeat(n)),
        _ => format!("{}{prefix}{body}", " ".repeat(n)),
    }
}

/// `fmt % values`: `args` holds `n` (kind, word) pairs. A new string, or null with CPython's exception.
///
/// # Safety
/// `fmt` is a live string; `args` holds `n` pairs (string words live); `loc` a (pointer, length).
pub unsafe extern "C" fn hasten_rt_str_percent(fmt: u64, args: *const u64, n: i64, loc: *const u8, loc_len: usize) -> *mut Block {
    let args: Vec<Arg> = (0..n.max(0) as usize).map(|k| Arg { kind: *args.add(2 * k) as i64, word: *args.add(2 * k + 1) }).collect();
    match percent(as_str(fmt), &args) {
        Ok(s) => new_str(&s),
        Err((exc, msg)) => {
            set_error(exc, Some(msg), &ffi_str(loc, loc_len));
            std::ptr::null_mut()
        }
    }
}
