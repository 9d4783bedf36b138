//! The methods of `str`, through one helper: `hasten_rt_str_method(op, s, a, b, c, out)` with the
//! operation's code (`op::*`), the receiver, a string operand or 0 (`a`), two integer operands
//! (`b`, `c`), and `out` for the result: a tagged string or list owner, an int, or a bool.
//!
//! Positions are code points, as in CPython; `start`/`end` follow Python's slice rules.

use super::convert::is_py_space;
use super::{as_str, char_len, new_str};
use crate::error::{ffi_str, set_error};
use crate::list::{hasten_rt_list_append, hasten_rt_list_new};

/// Operation codes. `find`, `rfind`, `index`, `count`, `startswith` and `endswith` take `start`
/// and `end` in `b` and `c`, with `HAS_START`/`HAS_END` or-ed into the code when written.
pub mod op {
    pub const STARTSWITH: i64 = 0;
    pub const ENDSWITH: i64 = 1;
    pub const FIND: i64 = 2;
    pub const RFIND: i64 = 3;
    pub const INDEX: i64 = 4;
    pub const COUNT: i64 = 5;
    pub const REPLACE: i64 = 6;
    pub const SPLIT: i64 = 7;
    pub const RSPLIT: i64 = 8;
    pub const JOIN: i64 = 9;
    pub const STRIP: i64 = 10;
    pub const LSTRIP: i64 = 11;
    pub const RSTRIP: i64 = 12;
    pub const UPPER: i64 = 13;
    pub const LOWER: i64 = 14;
    pub const ISDIGIT: i64 = 15;
    pub const ISALPHA: i64 = 16;
    pub const ISSPACE: i64 = 17;
    pub const ZFILL: i64 = 18;
    pub const RINDEX: i64 = 19;
    pub const CAPITALIZE: i64 = 20;
    pub const TITLE: i64 = 21;
    pub const SWAPCASE: i64 = 22;
    pub const CASEFOLD: i64 = 23;
    pub const ISUPPER: i64 = 24;
    pub const ISLOWER: i64 = 25;
    pub const ISALNUM: i64 = 26;
    pub const ISDECIMAL: i64 = 27;
    pub const ISNUMERIC: i64 = 28;
    pub const ISTITLE: i64 = 29;
    pub const CENTER: i64 = 30;
    pub const LJUST: i64 = 31;
    pub const RJUST: i64 = 32;
    pub const PARTITION: i64 = 33;
    pub const RPARTITION: i64 = 34;
    pub const SPLITLINES: i64 = 35;
    pub const ISASCII: i64 = 36;
    pub const ISPRINTABLE: i64 = 37;
    pub const ISIDENTIFIER: i64 = 38;
    pub const HAS_START: i64 = 1 << 8;
    pub const HAS_END: i64 = 1 << 9;
}

/// What a method gives back (a list's strings are slices of the receiver).
enum Out<'t> {
    Str(String),
    Int(i64),
    Bool(bool),
    List(Vec<&'t str>),
}

/// The byte range of `text[start:end]` (code points, Python's clamping), and its first code point.
fn window(text: &str, nchars: usize, start: Option<i64>, end: Option<i64>) -> Option<(usize, usize, usize)> {
    let n = nchars as i64;
    // As CPython's ADJUST_INDICES: the end is clamped to the length, the start is not.
    let adjust = |v: i64| if v < 0 { (v + n).max(0) } else { v };
    let (s, e) = (start.map_or(0, adjust), end.map_or(n, |v| adjust(v).min(n)));
    if s > e {
        return None;
    }
    let byte = |k: i64| -> usize {
        if text.len() == nchars { k as usize } else { text.char_indices().nth(k as usize).map_or(text.len(), |(b, _)| b) }
    };
    Some((byte(s), byte(e), s as usize))
}

/// The code-point index of byte offset `at` of `text`.
fn char_index(text: &str, at: usize) -> i64 {
    if text.is_ascii() { at as i64 } else { text[..at].chars().count() as i64 }
}

/// `s.split(None, maxsplit)` (`rsplit` when `right`): runs of whitespace separate, ends ignored;
/// the parts are slices of `text`.
fn split_space(text: &str, maxsplit: i64, right: bool) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut left = maxsplit;
    if !right {
        let mut rest = text;
        loop {
            rest = rest.trim_start_matches(is_py_space);
            if rest.is_empty() {
                break;
            }
            if left == 0 {
                parts.push(rest);
                break;
            }
            let end = rest.find(is_py_space).unwrap_or(rest.len());
            parts.push(&rest[..end]);
            rest = &rest[end..];
            left -= 1;
        }
    } else {
        let mut rest = text;
        loop {
            rest = rest.trim_end_matches(is_py_space);
            if rest.is_empty() {
                break;
            }
            if left == 0 {
                parts.push(rest);
                break;
            }
            let start = rest.rfind(is_py_space).map_or(0, |k| k + rest[k..].chars().next().map_or(1, char::len_utf8));
            parts.push(&rest[start..]);
            rest = &rest[..start];
            left -= 1;
        }
        parts.reverse();
    }
    parts
}

fn split_sep<'t>(text: &'t str, sep: &str, maxsplit: i64, right: bool) -> Vec<&'t str> {
    let n = if maxsplit < 0 { usize::MAX } else { maxsplit as usize + 1 };
    if right {
        let mut v: Vec<&str> = text.rsplitn(n, sep).collect();
        v.reverse();
        v
    } else {
        text.splitn(n, sep).collect()
    }
}

fn strip<'t>(text: &'t str, chars: Option<&str>, left: bool, right: bool) -> &'t str {
    let hit = |c: char| chars.map_or_else(|| is_py_space(c), |set| set.contains(c));
    let t = if left { text.trim_start_matches(hit) } else { text };
    if right { t.trim_end_matches(hit) } else { t }
}

/// `str.isdigit` of one character: ASCII and Latin-1 exactly; beyond Latin-1 CPython is asked
/// (`ask_python`), and this is Rust's `is_numeric` only without the binding.
fn is_digit(c: char) -> bool {
    match c as u32 {
        0..=0x7f => c.is_ascii_digit(),
        0xb2 | 0xb3 | 0xb9 => true,
        0x80..=0xff => false,
        _ => c.is_numeric(),
    }
}

/// `str.isalpha` of one character of Latin-1 (where Rust's `is_alphabetic` is CPython's letter
/// categories); beyond it CPython is asked.
fn is_alpha(c: char) -> bool {
    c.is_alphabetic()
}

/// One method. `Err` carries CPython's exception for the bad cases.
unsafe fn method<'t>(code: i64, s: u64, a: u64, b: i64, c: i64) -> Result<Out<'t>, (&'static str, String)> {
    let text = as_str(s);
    let arg = || as_str(a);
    let start = (code & op::HAS_START != 0).then_some(b);
    let end = (code & op::HAS_END != 0).then_some(c);
    let win = || window(text, char_len(s), start, end);
    Ok(match code & 0xff {
        op::STARTSWITH | op::ENDSWITH => Out::Bool(win().is_some_and(|(lo, hi, _)| {
            if code & 0xff == op::STARTSWITH { text[lo..hi].starts_with(arg()) } else { text[lo..hi].ends_with(arg()) }
        })),
        op::FIND | op::RFIND | op::INDEX | op::RINDEX => {
            let right = matches!(code & 0xff, op::RFIND | op::RINDEX);
            let found = win().and_then(|(lo, hi, first)| {
                let hay = &text[lo..hi];
                let at = if right { hay.rfind(arg()) } else { hay.find(arg()) }?;
                Some(first as i64 + char_index(hay, at))
            });
            match found {
                Some(k) => Out::Int(k),
                None if matches!(code & 0xff, op::INDEX | op::RINDEX) => return Err(("ValueError", "substring not found".into())),
                None => Out::Int(-1),
            }
        }
        op::COUNT => Out::Int(win().map_or(0, |(lo, hi, _)| {
            let hay = &text[lo..hi];
            if arg().is_empty() { char_index(hay, hay.len()) + 1 } else { hay.matches(arg()).count() as i64 }
        })),
        op::REPLACE => {
            let n = if c < 0 { usize::MAX } else { c as usize };
            Out::Str(text.replacen(arg(), as_str(b as u64), n))
        }
        op::SPLIT | op::RSPLIT => {
            let right = code & 0xff == op::RSPLIT;
            if a == 0 {
                Out::List(split_space(text, b, right))
            } else if arg().is_empty() {
                return Err(("ValueError", "empty separator".into()));
            } else {
                Out::List(split_sep(text, arg(), b, right))
            }
        }
        op::JOIN => {
            let (n, _, words) = crate::list::items(a);
            let mut out = String::new();
            for (k, w) in words.iter().take(n).enumerate() {
                if k > 0 {
                    out.push_str(text);
                }
                out.push_str(as_str(*w));
            }
            Out::Str(out)
        }
        op::STRIP | op::LSTRIP | op::RSTRIP => {
            let chars = (a != 0).then(arg);
            let (l, r) = match code & 0xff {
                op::STRIP => (true, true),
                op::LSTRIP => (true, false),
                _ => (false, true),
            };
            Out::Str(strip(text, chars, l, r).to_string())
        }
        op::UPPER if text.is_ascii() => Out::Str(text.to_ascii_uppercase()),
        op::LOWER if text.is_ascii() => Out::Str(text.to_ascii_lowercase()),
        op::UPPER => Out::Str(super::ask_python("upper", text).unwrap_or_else(|| text.to_uppercase())),
        op::LOWER => Out::Str(super::ask_python("lower", text).unwrap_or_else(|| text.to_lowercase())),
        op::ISDIGIT | op::ISALPHA if text.chars().any(|c| c as u32 > 0xff) => {
            let (name, native): (&str, fn(char) -> bool) = if code & 0xff == op::ISDIGIT { ("isdigit", is_digit) } else { ("isalpha", is_alpha) };
            Out::Bool(match super::ask_python(name, text) {
                Some(answer) => answer == "True",
                None => text.chars().all(native),
            })
        }
        op::ISDIGIT => Out::Bool(!text.is_empty() && text.chars().all(is_digit)),
        op::ISALPHA => Out::Bool(!text.is_empty() && text.chars().all(is_alpha)),
        op::ISSPACE => Out::Bool(!text.is_empty() && text.chars().all(is_py_space)),
        op::ZFILL => {
            let n = char_len(s) as i64;
            if b <= n {
                Out::Str(text.to_string())
            } else {
                let zeros = "0".repeat((b - n) as usize);
                match text.as_bytes().first() {
                    Some(b'+' | b'-') => Out::Str(format!("{}{zeros}{}", &text[..1], &text[1..])),
                    _ => Out::Str(format!("{zeros}{text}")),
                }
            }
        }
        op::CAPITALIZE | op::TITLE | op::SWAPCASE | op::CASEFOLD => Out::Str(super::case::case_change(op_name(code), text)),
        op::ISUPPER | op::ISLOWER | op::ISALNUM | op::ISDECIMAL | op::ISNUMERIC | op::ISTITLE | op::ISPRINTABLE | op::ISIDENTIFIER => {
            Out::Bool(super::case::predicate(op_name(code), text))
        }
        op::ISASCII => Out::Bool(text.is_ascii()),
        op::PARTITION | op::RPARTITION if arg().is_empty() => return Err(("ValueError", "empty separator".into())),
        op::PARTITION => Out::List(match text.split_once(arg()) {
            Some((a, b)) => vec![a, arg(), b],
            None => vec![text, "", ""],
        }),
        op::RPARTITION => Out::List(match text.rsplit_once(arg()) {
            Some((a, b)) => vec![a, arg(), b],
            None => vec!["", "", text],
        }),
        op::CENTER | op::LJUST | op::RJUST => Out::Str(super::case::pad(op_name(code), text, char_len(s), b, (a != 0).then(arg))?),
        op::SPLITLINES => Out::List(split_lines(text, b != 0)),
        other => return Err(("SystemError", format!("hasten: unknown string operation {other}"))),
    })
}

/// CPython's name of the methods `case.rs` takes by name.
fn op_name(code: i64) -> &'static str {
    match code & 0xff {
        op::CAPITALIZE => "capitalize",
        op::TITLE => "title",
        op::SWAPCASE => "swapcase",
        op::CASEFOLD => "casefold",
        op::ISUPPER => "isupper",
        op::ISLOWER => "islower",
        op::ISALNUM => "isalnum",
        op::ISDECIMAL => "isdecimal",
        op::ISNUMERIC => "isnumeric",
        op::ISTITLE => "istitle",
        op::ISPRINTABLE => "isprintable",
        op::ISIDENTIFIER => "isidentifier",
        op::CENTER => "center",
        op::LJUST => "ljust",
        _ => "rjust",
    }
}

/// `str.splitlines(keepends)`: CPython's line boundaries (`\r\n` one of them), no empty last line.
fn split_lines(text: &str, keepends: bool) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{1c}' | '\u{1d}' | '\u{1e}' | '\u{85}' | '\u{2028}' | '\u{2029}') {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
            chars.next();
            end += 1;
        }
        out.push(&text[start..if keepends { end } else { i }]);
        start = end;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// A new list of strings; null with a pending MemoryError.
fn list_of(parts: Vec<&str>) -> u64 {
    let list = hasten_rt_list_new(1, 1, parts.len() as u64);
    if list.is_null() {
        return 0;
    }
    let owner = list as u64 | 1;
    for p in parts {
        let item = new_str(p);
        // SAFETY: a live list of one-word items.
        if item.is_null() || unsafe { hasten_rt_list_append(owner, &(item as u64 | 1)) } != 0 {
            // SAFETY: the list holds the items appended so far, and this reference alone.
            unsafe { crate::memory::hasten_rt_decref(owner) };
            return 0;
        }
    }
    owner
}

/// Runs string method `code` (see `op`) on `s`; the result into `*out` (tagged owners for strings
/// and lists). Status 1 with a pending exception.
///
/// # Safety
/// `s` (and `a` where the method takes a string, or a list of strings for `join`) are live;
/// `b` is a live string for `replace`; `out` is writable; `loc` is a (pointer, length) string.
pub unsafe extern "C" fn hasten_rt_str_method(code: i64, s: u64, a: u64, b: i64, c: i64, out: *mut u64, loc: *const u8, loc_len: usize) -> i32 {
    // A null string or list (0, or 1 once tagged) is a MemoryError already pending.
    let (word, made) = match method(code, s, a, b, c) {
        Ok(Out::Str(t)) => (new_str(&t) as u64 | 1, true),
        Ok(Out::List(parts)) => (list_of(parts), true),
        Ok(Out::Int(v)) => (v as u64, false),
        Ok(Out::Bool(v)) => (v as u64, false),
        Err((exc, msg)) => {
            set_error(exc, Some(msg), &ffi_str(loc, loc_len));
            return 1;
        }
    };
    if made && word <= 1 {
        return 1;
    }
    *out = word;
    0
}
