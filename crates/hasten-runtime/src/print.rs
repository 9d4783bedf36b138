//! `print()` from compiled code. The runtime cannot box values into Python objects itself (it is
//! free of Python); the binding installs a hook that takes the GIL, boxes the values from their
//! slots by their type and calls Python's `print`, so output goes through `sys.stdout` as CPython's
//! would (pytest's capture and redirections see it), from any thread. `str()`/`repr()` of
//! containers, arrays and None take the same way: CPython's text of the boxed value.

use crate::error::{ffi_str, set_error};
use std::sync::OnceLock;

/// Prints the values held in `slots`, whose types are the items of the tuple type `types` (its
/// text, as `hasten_ir::Type` displays it), separated by `sep` and followed by `end` (both string
/// owners), flushing if asked. `Err` carries the Python exception's class name and message.
pub type PrintHook = unsafe fn(types: &str, slots: *const u64, sep: u64, end: u64, flush: bool) -> Result<(), (String, String)>;

static HOOK: OnceLock<PrintHook> = OnceLock::new();

/// How `hasten_rt_text` makes a value's text: Python's `str(v)`, `repr(v)` or `format(v, "")`
/// (an f-string field; a NumPy float32 formats as a Python float there).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextOf {
    Str = 0,
    Repr = 1,
    Format = 2,
}

/// The text of the value held in `slots` of the type `ty` (its text), as CPython makes it.
/// `Err` carries the Python exception's class name and message.
pub type TextHook = unsafe fn(ty: &str, slots: *const u64, how: TextOf) -> Result<String, (String, String)>;

static TEXT_HOOK: OnceLock<TextHook> = OnceLock::new();

/// Installs the binding's text maker (once; later calls are ignored).
pub fn set_text_hook(hook: TextHook) {
    let _ = TEXT_HOOK.set(hook);
}

/// `str(v)`, `repr(v)` or `format(v, "")` (`how`, a `TextOf`) of a value of the type `ty`: a new
/// string, or null with the exception set.
///
/// # Safety
/// As for `hasten_rt_print`: `ty` and `loc` are (pointer, length) strings; `slots` holds a value
/// of that type.
pub unsafe extern "C" fn hasten_rt_text(ty: *const u8, ty_len: usize, slots: *const u64, how: i64, loc: *const u8, loc_len: usize) -> *mut crate::memory::Block {
    let Some(hook) = TEXT_HOOK.get() else {
        set_error("RuntimeError", Some("hasten: str() of this value needs the Python binding".into()), &ffi_str(loc, loc_len));
        return std::ptr::null_mut();
    };
    let how = match how {
        0 => TextOf::Str,
        1 => TextOf::Repr,
        _ => TextOf::Format,
    };
    match hook(&ffi_str(ty, ty_len), slots, how) {
        Ok(text) => crate::string::new_str(&text),
        Err((exc, msg)) => {
            set_error(&exc, Some(msg), &ffi_str(loc, loc_len));
            std::ptr::null_mut()
        }
    }
}

/// Installs the binding's printer (once; later calls are ignored).
pub fn set_hook(hook: PrintHook) {
    let _ = HOOK.set(hook);
}

/// `print(*values, sep=sep, end=end, flush=flush)`; status 1 with the exception printing raised.
///
/// # Safety
/// `types` and `loc` are (pointer, length) strings; `slots` holds values of those types; `sep` and
/// `end` are live strings.
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn hasten_rt_print(types: *const u8, types_len: usize, slots: *const u64, sep: u64, end: u64, flush: i64, loc: *const u8, loc_len: usize) -> i32 {
    let Some(hook) = HOOK.get() else {
        set_error("RuntimeError", Some("hasten: print() needs the Python binding".into()), &ffi_str(loc, loc_len));
        return 1;
    };
    match hook(&ffi_str(types, types_len), slots, sep, end, flush != 0) {
        Ok(()) => 0,
        Err((exc, msg)) => {
            set_error(&exc, Some(msg), &ffi_str(loc, loc_len));
            1
        }
    }
}
