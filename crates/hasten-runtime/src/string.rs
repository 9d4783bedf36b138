//! Strings made by compiled code: an immutable reference-counted block (see `memory`) whose data
//! is a [`StrHead`] followed by the string's UTF-8 bytes.
//!
//! The head keeps the number of code points and whether every byte is ASCII, so that `len` is a
//! load and indexing and slicing an ASCII string (the common case) are O(1); a string with other
//! characters is walked from its start. UTF-8 order of bytes is code-point order, so comparisons
//! are byte comparisons. The content hash (for dict keys and set items) is computed on demand and
//! cached in the head.
//!
//! Every helper that makes a string returns its block holding one reference, or null with a
//! pending exception. Strings are passed as tagged owners (`block | 1`).

use crate::error::{ffi_str, set_error};
use crate::memory::{new_inline_block, Block};
use std::sync::atomic::{AtomicU64, Ordering};

mod case;
pub mod convert;
pub mod format;
pub mod methods;
pub mod percent;
mod quick_format;
#[cfg(test)]
mod tests;

/// Where compiled code finds the number of UTF-8 bytes, the number of code points, and the bytes
/// themselves in a string's data.
pub const NBYTES_OFFSET: i32 = 0;
pub const LEN_OFFSET: i32 = 8;
pub const BYTES_OFFSET: i32 = HEAD as i32;

#[repr(C)]
struct StrHead {
    nbytes: u64,
    nchars: u64,
    ascii: u64,
    /// The content hash plus one; 0 until computed.
    hash: AtomicU64,
}

const HEAD: usize = std::mem::size_of::<StrHead>();

/// A new string block holding `s`; null with a pending MemoryError.
pub fn new_str(s: &str) -> *mut Block {
    str_block(s, false)
}

fn str_block(s: &str, immortal: bool) -> *mut Block {
    let block = new_inline_block((HEAD + s.len()) as u64, immortal);
    if block.is_null() {
        return block;
    }
    // SAFETY: the block's data has room for the head and the bytes.
    unsafe {
        let data = (*block).data;
        let nchars = if s.is_ascii() { s.len() } else { s.chars().count() };
        (data as *mut StrHead).write(StrHead { nbytes: s.len() as u64, nchars: nchars as u64, ascii: s.is_ascii() as u64, hash: AtomicU64::new(0) });
        std::ptr::copy_nonoverlapping(s.as_ptr(), data.add(HEAD), s.len());
    }
    block
}

unsafe fn head<'a>(owner: u64) -> &'a StrHead {
    &*((*((owner & !1) as *mut Block)).data as *const StrHead)
}

/// The text of the string behind a tagged owner.
///
/// # Safety
/// `owner` is a live string, which outlives the borrow.
pub unsafe fn as_str<'a>(owner: u64) -> &'a str {
    let data = (*((owner & !1) as *mut Block)).data;
    let n = (*(data as *const StrHead)).nbytes as usize;
    std::str::from_utf8_unchecked(std::slice::from_raw_parts(data.add(HEAD), n))
}

/// The number of code points of a string.
///
/// # Safety
/// `owner` is a live string.
pub unsafe fn char_len(owner: u64) -> usize {
    head(owner).nchars as usize
}

/// Whether the string is all ASCII.
unsafe fn is_ascii(owner: u64) -> bool {
    head(owner).ascii != 0
}

/// The content hash of a string (FNV-1a over its bytes, mixed by the dict's word hash), cached.
///
/// # Safety
/// `owner` is a live string.
pub unsafe fn hash(owner: u64) -> u64 {
    let h = head(owner);
    let cached = h.hash.load(Ordering::Relaxed);
    if cached != 0 {
        return cached - 1;
    }
    let v = as_str(owner).bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
    let v = v & (u64::MAX >> 1);
    h.hash.store(v + 1, Ordering::Relaxed);
    v
}

/// The byte offset of code point `k` (or the length at `k == nchars`).
///
/// # Safety
/// `owner` is a live string and `k <= nchars`.
unsafe fn byte_at(owner: u64, k: usize) -> usize {
    if is_ascii(owner) {
        return k;
    }
    as_str(owner).char_indices().nth(k).map_or(head(owner).nbytes as usize, |(b, _)| b)
}

/// The interned literals, by content: immortal blocks (never freed, listed in no scope).
static LITERALS: std::sync::Mutex<Option<std::collections::HashMap<Box<str>, u64>>> = std::sync::Mutex::new(None);

/// A string literal of the module (the `len` bytes at `ptr`): one immortal block per distinct
/// text in the process, so that evaluating a literal allocates nothing. Compiled code treats it as
/// borrowed. Null with a pending MemoryError.
///
/// # Safety
/// `ptr` points at `len` bytes of UTF-8.
pub unsafe extern "C" fn hasten_rt_str_new(ptr: *const u8, len: usize) -> *mut Block {
    let text = ffi_str(ptr, len);
    let mut map = LITERALS.lock().unwrap_or_else(|e| e.into_inner());
    let map = map.get_or_insert_with(Default::default);
    if let Some(b) = map.get(&*text) {
        return *b as *mut Block;
    }
    let block = str_block(&text, true);
    if !block.is_null() {
        map.insert(text.into(), block as u64);
    }
    block
}

/// `a + b`.
///
/// # Safety
/// Both are live strings.
pub unsafe extern "C" fn hasten_rt_str_concat(a: u64, b: u64) -> *mut Block {
    let (a, b) = (as_str(a), as_str(b));
    let mut s = String::new();
    if s.try_reserve_exact(a.len() + b.len()).is_err() {
        set_error("MemoryError", None, "");
        return std::ptr::null_mut();
    }
    s.push_str(a);
    s.push_str(b);
    new_str(&s)
}

/// `parts[0] + parts[1] + …` of `n` strings in one allocation (a chain of `+`, an f-string).
///
/// # Safety
/// `parts` holds `n` live strings.
pub unsafe extern "C" fn hasten_rt_str_concat_n(parts: *const u64, n: usize) -> *mut Block {
    let parts = std::slice::from_raw_parts(parts, n);
    let total: usize = parts.iter().map(|p| as_str(*p).len()).sum();
    let mut s = String::new();
    if s.try_reserve_exact(total).is_err() {
        set_error("MemoryError", None, "");
        return std::ptr::null_mut();
    }
    for p in parts {
        s.push_str(as_str(*p));
    }
    new_str(&s)
}

/// `s * n` (and `n * s`): empty for `n <= 0`.
///
/// # Safety
/// `s` is a live string.
pub unsafe extern "C" fn hasten_rt_str_repeat(s: u64, n: i64) -> *mut Block {
    let s = as_str(s);
    let n = n.max(0) as usize;
    if s.len().checked_mul(n).is_none_or(|t| t > isize::MAX as usize / 2) {
        set_error("OverflowError", Some("repeated string is too long".into()), "");
        return std::ptr::null_mut();
    }
    new_str(&s.repeat(n))
}

/// The order of two strings: -1, 0 or 1 (code-point order is UTF-8 byte order).
///
/// # Safety
/// Both are live strings.
pub unsafe extern "C" fn hasten_rt_str_cmp(a: u64, b: u64) -> i64 {
    if a == b {
        return 0;
    }
    as_str(a).cmp(as_str(b)) as i64
}

/// `sub in s`.
///
/// # Safety
/// Both are live strings.
pub unsafe extern "C" fn hasten_rt_str_contains(s: u64, sub: u64) -> i64 {
    as_str(s).contains(as_str(sub)) as i64
}

/// `s[i]`, negative `i` counting from the end; IndexError as CPython words it.
///
/// # Safety
/// `s` is a live string; `loc` is a (pointer, length) string.
pub unsafe extern "C" fn hasten_rt_str_index(s: u64, i: i64, loc: *const u8, loc_len: usize) -> *mut Block {
    let n = char_len(s) as i64;
    let k = if i < 0 { i + n } else { i };
    if !(0..n).contains(&k) {
        set_error("IndexError", Some("string index out of range".into()), &ffi_str(loc, loc_len));
        return std::ptr::null_mut();
    }
    let at = byte_at(s, k as usize);
    let text = as_str(s);
    let len = text[at..].chars().next().map_or(0, char::len_utf8);
    new_str(&text[at..at + len])
}

/// The character at byte offset `*pos` of `s`, advancing `*pos` past it: the items of `for ch in s`.
///
/// # Safety
/// `s` is a live string and `*pos` a character boundary before its end.
pub unsafe extern "C" fn hasten_rt_str_next(s: u64, pos: *mut i64) -> *mut Block {
    let text = as_str(s);
    let at = *pos as usize;
    let len = text[at..].chars().next().map_or(1, char::len_utf8);
    *pos = (at + len) as i64;
    new_str(&text[at..at + len])
}

/// `s[start:stop:step]` once Python's slice rules have been applied: the `count` characters at
/// `first`, `first + step`, ….
///
/// # Safety
/// `s` is a live string and the `count` indices lie inside it.
pub unsafe extern "C" fn hasten_rt_str_slice(s: u64, first: i64, count: i64, step: i64) -> *mut Block {
    let count = count.max(0);
    let text = as_str(s);
    if step == 1 {
        let (a, b) = (byte_at(s, first as usize), byte_at(s, (first + count) as usize));
        return new_str(&text[a..b]);
    }
    let mut out = String::with_capacity(count as usize);
    if is_ascii(s) {
        let bytes = text.as_bytes();
        for k in 0..count {
            out.push(bytes[(first + k * step) as usize] as char);
        }
    } else {
        let chars: Vec<char> = text.chars().collect();
        for k in 0..count {
            out.push(chars[(first + k * step) as usize]);
        }
    }
    new_str(&out)
}

/// CPython's own answer for what depends on its Unicode tables (`repr` of non-ASCII text, case
/// mappings, `isdigit`/`isalpha` beyond Latin-1), which Rust's tables (another Unicode version,
/// other property definitions) would answer differently: the binding installs a hook that asks
/// Python under the GIL. Without one (the runtime's own tests) Rust's answer is used.
pub type UnicodeHook = fn(method: &str, text: &str) -> Option<String>;

static UNICODE_HOOK: std::sync::OnceLock<UnicodeHook> = std::sync::OnceLock::new();

/// Installs the binding's hook (once).
pub fn set_unicode_hook(hook: UnicodeHook) {
    let _ = UNICODE_HOOK.set(hook);
}

/// `text.method()` (or `repr(text)` for `"__repr__"`) as CPython computes it, if the hook is there.
pub(crate) fn ask_python(method: &str, text: &str) -> Option<String> {
    UNICODE_HOOK.get().and_then(|h| h(method, text))
}
