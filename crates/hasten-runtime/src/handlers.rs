//! Exceptions handled inside compiled code (`try`/`except`/`finally`).
//!
//! An exception raised inside a `try` body is recorded as pending like any other; the failing
//! check branches to the `try`'s dispatch instead of the function's error exit. The dispatch asks
//! `hasten_rt_exc_matches` about each `except` clause (CPython's class hierarchy), and the clause
//! that matches moves the exception onto this thread's stack of handled exceptions
//! (`hasten_rt_exc_catch`), leaving no pending error. A bare `raise` copies it back
//! (`hasten_rt_exc_reraise`); every way out of the handler truncates the stack to where it was
//! (`hasten_rt_exc_unwind`). A `finally` entered by an exception parks it on the same stack
//! (`hasten_rt_exc_save`) and re-raises it at its end.

use crate::error::{ffi_str, peek_error, set_error, store, take_error, ExcArg, PendingError};
use std::cell::RefCell;

thread_local! {
    /// The exceptions being handled, innermost last: by an `except` clause, or by a `finally`
    /// entered by them (where CPython's bare `raise` re-raises them too).
    static HANDLED: RefCell<Vec<PendingError>> = const { RefCell::new(Vec::new()) };
}

/// The base class of a builtin exception class compiled code can raise or name (the type checker
/// reads it too, to type `e.args`).
pub fn builtin_base(name: &str) -> Option<&'static str> {
    Some(match name {
        "Exception" | "KeyboardInterrupt" => "BaseException",
        "ArithmeticError" | "AssertionError" | "AttributeError" | "LookupError" | "MemoryError" | "NameError" | "RuntimeError"
        | "StopIteration" | "TypeError" | "ValueError" => "Exception",
        "FloatingPointError" | "OverflowError" | "ZeroDivisionError" => "ArithmeticError",
        "IndexError" | "KeyError" => "LookupError",
        "NotImplementedError" | "RecursionError" => "RuntimeError",
        "UnboundLocalError" => "NameError",
        _ => return None,
    })
}

/// Whether `err` is an instance of the class named `class`.
pub fn is_instance(err: &PendingError, class: &str) -> bool {
    if class == "BaseException" {
        return true;
    }
    if !err.ancestry.is_empty() {
        return err.ancestry.iter().any(|c| c == class);
    }
    let mut c = Some(err.exc.as_str());
    while let Some(name) = c {
        if name == class {
            return true;
        }
        c = builtin_base(name);
    }
    false
}

/// Whether the pending exception is an instance of one of `classes` (names separated by `\n`).
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with a valid (ptr, len) pair
pub extern "C" fn hasten_rt_exc_matches(classes_ptr: *const u8, classes_len: usize) -> i32 {
    // SAFETY: compiled code passes a pointer into its constant pool with its length.
    let classes = unsafe { ffi_str(classes_ptr, classes_len) };
    peek_error(|e| e.is_some_and(|e| classes.split('\n').any(|c| is_instance(e, c)))) as i32
}

fn push() -> i64 {
    let err = take_error().unwrap_or_default();
    if err.exc == "KeyboardInterrupt" {
        // The Ctrl-C is being handled (or parked by a `finally`, which then runs to its end).
        crate::interrupt::handled();
    }
    HANDLED
        .try_with(|h| {
            let mut h = h.borrow_mut();
            h.push(err);
            h.len() as i64 - 1
        })
        .unwrap_or(0)
}

/// An `except` clause takes the pending exception: it is being handled. Returns its depth.
pub extern "C" fn hasten_rt_exc_catch() -> i64 {
    push()
}

/// A `finally` entered by an exception parks it, to re-raise at its end. Returns its depth.
pub extern "C" fn hasten_rt_exc_save() -> i64 {
    push()
}

/// Leaving a handler or a `finally`: forgets the exceptions from `depth` on.
pub extern "C" fn hasten_rt_exc_unwind(depth: i64) {
    let _ = HANDLED.try_with(|h| h.borrow_mut().truncate(depth.max(0) as usize));
}

/// Makes the exception at `depth` pending again (`raise e`, the end of a `finally`). A negative
/// depth is a bare `raise`: it re-raises the innermost exception being handled on this thread, or
/// raises CPython's RuntimeError.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with a valid (ptr, len) pair
pub extern "C" fn hasten_rt_exc_reraise(depth: i64, loc_ptr: *const u8, loc_len: usize) {
    let found = HANDLED
        .try_with(|h| {
            let h = h.borrow();
            let at = if depth >= 0 { depth as usize } else { h.len().wrapping_sub(1) };
            h.get(at).cloned()
        })
        .ok()
        .flatten();
    match found {
        Some(err) => store(err),
        None => {
            // SAFETY: compiled code passes a pointer into its constant pool with its length.
            let loc = unsafe { ffi_str(loc_ptr, loc_len) };
            set_error("RuntimeError", Some("No active exception to reraise".into()), &loc);
        }
    }
}

/// The exception handled at `depth` on this thread.
pub(crate) fn handled_at(depth: i64) -> Option<PendingError> {
    HANDLED.try_with(|h| h.borrow().get(depth.max(0) as usize).cloned()).ok().flatten()
}

/// How many exceptions this thread is handling (for tests: zero between calls).
pub fn handled_depth() -> usize {
    HANDLED.try_with(|h| h.borrow().len()).unwrap_or(0)
}

/// Raises `exc(*args)`: `args` holds `nargs` triples of words `(tag, a, b)`: tag 0 an int `a`,
/// 1 a float with the bits `a`, 2 a bool `a`, 3 a string at pointer `a` of length `b`. `ancestry`
/// is that of a class defined at module level (names separated by `\n`), empty for a builtin.
#[allow(clippy::not_unsafe_ptr_arg_deref, clippy::too_many_arguments)] // called only by compiled code
pub extern "C" fn hasten_rt_raise_args(
    exc_ptr: *const u8,
    exc_len: usize,
    ancestry_ptr: *const u8,
    ancestry_len: usize,
    args: *const i64,
    nargs: usize,
    loc_ptr: *const u8,
    loc_len: usize,
) {
    // SAFETY: compiled code passes pointers into its constant pool and a stack buffer of
    // `3 * nargs` words, whose strings point into the constant pool.
    let (exc, ancestry, loc, words) = unsafe {
        let words: &[i64] = if nargs == 0 { &[] } else { std::slice::from_raw_parts(args, 3 * nargs) };
        (ffi_str(exc_ptr, exc_len), ffi_str(ancestry_ptr, ancestry_len), ffi_str(loc_ptr, loc_len), words)
    };
    let args = words
        .chunks(3)
        .map(|w| match w[0] {
            0 => ExcArg::Int(w[1]),
            1 => ExcArg::Float(f64::from_bits(w[1] as u64)),
            2 => ExcArg::Bool(w[1] != 0),
            4 => ExcArg::None,
            // SAFETY: as above, a string of the constant pool or the bytes of a live string block.
            _ => ExcArg::Str(unsafe { ffi_str(w[1] as *const u8, w[2] as usize) }.into_owned()),
        })
        .collect();
    store(PendingError {
        exc: exc.into_owned(),
        message: None,
        location: loc.into_owned(),
        args: Some(args),
        ancestry: if ancestry.is_empty() { Vec::new() } else { ancestry.split('\n').map(str::to_owned).collect() },
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(s: &str) -> (*const u8, usize) {
        (s.as_ptr(), s.len())
    }

    #[test]
    fn matching_follows_the_class_hierarchy() {
        let e = |name: &str| PendingError { exc: name.into(), ..Default::default() };
        assert!(is_instance(&e("IndexError"), "LookupError"));
        assert!(is_instance(&e("KeyError"), "Exception"));
        assert!(is_instance(&e("ZeroDivisionError"), "ArithmeticError"));
        assert!(is_instance(&e("RecursionError"), "RuntimeError"));
        assert!(!is_instance(&e("ValueError"), "ArithmeticError"));
        assert!(!is_instance(&e("IndexError"), "KeyError"));
        assert!(is_instance(&e("ValueError"), "BaseException"));
        let user = PendingError { exc: "m.E".into(), ancestry: vec!["m.E".into(), "ValueError".into(), "Exception".into()], ..Default::default() };
        assert!(is_instance(&user, "ValueError") && is_instance(&user, "m.E") && !is_instance(&user, "LookupError"));
    }

    #[test]
    fn catch_reraise_and_unwind_keep_the_stack_balanced() {
        set_error("KeyError", Some("k".into()), "here");
        let (c, cl) = raw("ValueError\nLookupError");
        assert_eq!(hasten_rt_exc_matches(c, cl), 1);
        let d = hasten_rt_exc_catch();
        assert_eq!((d, take_error()), (0, None));
        hasten_rt_exc_reraise(-1, std::ptr::null(), 0);
        assert_eq!(take_error().unwrap().exc, "KeyError");
        set_error("ValueError", None, "inner");
        let d2 = hasten_rt_exc_save();
        assert_eq!(d2, 1);
        hasten_rt_exc_reraise(-1, std::ptr::null(), 0);
        assert_eq!(take_error().unwrap().exc, "ValueError", "a finally entered by an exception handles it");
        hasten_rt_exc_reraise(d2, std::ptr::null(), 0);
        assert_eq!(take_error().unwrap().exc, "ValueError");
        hasten_rt_exc_unwind(d);
        assert_eq!(handled_depth(), 0);
        hasten_rt_exc_reraise(-1, std::ptr::null(), 0);
        let e = take_error().unwrap();
        assert_eq!((e.exc.as_str(), e.message.as_deref()), ("RuntimeError", Some("No active exception to reraise")));
    }

    #[test]
    fn raise_args_decodes_each_kind() {
        let s = "bad";
        let words = [3i64, s.as_ptr() as i64, 3, 0, -7, 0, 1, 2.5f64.to_bits() as i64, 0, 2, 1, 0];
        let (e, el) = raw("ValueError");
        hasten_rt_raise_args(e, el, std::ptr::null(), 0, words.as_ptr(), 4, std::ptr::null(), 0);
        let err = take_error().unwrap();
        assert_eq!(err.args, Some(vec![ExcArg::Str("bad".into()), ExcArg::Int(-7), ExcArg::Float(2.5), ExcArg::Bool(true)]));
    }
}
