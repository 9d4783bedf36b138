//! `str(e)` of an exception compiled code is handling: CPython's `BaseException.__str__` of the
//! exception the binding would make from it (no arguments: `''`; one: `str` of it; more: the
//! `repr` of the tuple), with `KeyError`'s own rule (the `repr` of a single argument); and its
//! `e.args`, read into the tuple type compiled code gave it.

use crate::error::{ffi_str, set_error, ExcArg, PendingError};
use crate::handlers::{handled_at, is_instance};
use crate::memory::Block;
use crate::string::convert::str_repr;
use crate::string::format::float_repr;
use crate::string::new_str;

/// The key NumPy's AxisError is raised by (`hasten_front::numpy::axis_error`).
const AXIS_ERROR: &str = "numpy.exceptions.AxisError";

fn repr(a: &ExcArg) -> String {
    match a {
        ExcArg::Str(s) => str_repr(s),
        other => str_of(other),
    }
}

fn str_of(a: &ExcArg) -> String {
    match a {
        ExcArg::Int(i) => i.to_string(),
        ExcArg::UInt(u) => u.to_string(),
        ExcArg::Float(f) => float_repr(*f),
        ExcArg::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        ExcArg::Str(s) => s.clone(),
        ExcArg::None => "None".to_string(),
        ExcArg::Tuple(items) => tuple_repr(items),
    }
}

fn tuple_repr(items: &[ExcArg]) -> String {
    let parts: Vec<String> = items.iter().map(repr).collect();
    if parts.len() == 1 {
        format!("({},)", parts[0])
    } else {
        format!("({})", parts.join(", "))
    }
}

/// The `args` of the exception `err` stands for.
fn args_of(err: &PendingError) -> Vec<ExcArg> {
    match (&err.args, &err.message) {
        (Some(args), _) => args.clone(),
        (None, Some(m)) => vec![ExcArg::Str(m.clone())],
        (None, None) => Vec::new(),
    }
}

/// CPython's `str()` of the exception `err` stands for (NumPy's for its AxisError).
pub fn exception_str(err: &PendingError) -> String {
    match args_of(err).as_slice() {
        [ExcArg::Int(axis), ExcArg::Int(ndim), prefix] if err.exc == AXIS_ERROR => {
            let msg = format!("axis {axis} is out of bounds for array of dimension {ndim}");
            match prefix {
                ExcArg::Str(p) => format!("{p}: {msg}"),
                _ => msg,
            }
        }
        [] => String::new(),
        [one] if is_instance(err, "KeyError") => repr(one),
        [one] => str_of(one),
        many => tuple_repr(many),
    }
}

/// `str(e)` of the exception handled at `depth`: a new string block (null with a pending
/// MemoryError).
pub extern "C" fn hasten_rt_exc_str(depth: i64) -> *mut Block {
    let text = handled_at(depth).map(|e| exception_str(&e)).unwrap_or_default();
    new_str(&text)
}

/// The kind letter of an argument as compiled code types it: `i` int, `f` float, `b` bool, `s` str,
/// `n` None.
fn kind(a: &ExcArg) -> char {
    match a {
        ExcArg::Int(_) => 'i',
        ExcArg::Float(_) => 'f',
        ExcArg::Bool(_) => 'b',
        ExcArg::Str(_) => 's',
        ExcArg::None => 'n',
        ExcArg::UInt(_) | ExcArg::Tuple(_) => '?',
    }
}

fn kinds_text(kinds: &str) -> String {
    let names: Vec<&str> = kinds
        .chars()
        .map(|k| match k {
            'i' => "int",
            'f' => "float",
            'b' => "bool",
            's' => "str",
            'n' => "None",
            _ => "other",
        })
        .collect();
    if names.len() == 1 {
        format!("({},)", names[0])
    } else {
        format!("({})", names.join(", "))
    }
}

/// `e.args` of the exception handled at `depth`, read as the tuple compiled code typed it (`kinds`:
/// one letter per item, as `kind`): one word per item into `out` (a string as a new block). An
/// exception whose arguments have other types raises TypeError naming both; 1 on failure.
///
/// # Safety
/// `kinds` and `loc` point to so many bytes, and `out` to `kinds_len` writable words.
pub unsafe extern "C" fn hasten_rt_exc_args(
    depth: i64,
    kinds_ptr: *const u8,
    kinds_len: usize,
    out: *mut i64,
    loc_ptr: *const u8,
    loc_len: usize,
) -> i32 {
    let kinds = ffi_str(kinds_ptr, kinds_len);
    let args = handled_at(depth).map(|e| args_of(&e)).unwrap_or_default();
    let found: String = args.iter().map(kind).collect();
    if found != kinds {
        let msg = format!(
            "this exception's args are {}, but compiled code typed e.args as {} (from the raise statements the except clause catches)",
            kinds_text(&found),
            kinds_text(&kinds)
        );
        set_error("TypeError", Some(msg), &ffi_str(loc_ptr, loc_len));
        return 1;
    }
    for (k, a) in args.iter().enumerate() {
        let word = match a {
            ExcArg::Int(i) => *i,
            ExcArg::Float(f) => f.to_bits() as i64,
            ExcArg::Bool(b) => *b as i64,
            ExcArg::Str(s) => {
                let block = new_str(s);
                if block.is_null() {
                    for (w, made) in args[..k].iter().enumerate() {
                        if matches!(made, ExcArg::Str(_)) {
                            crate::memory::hasten_rt_decref(*out.add(w) as u64 | 1);
                        }
                    }
                    return 1;
                }
                block as i64
            }
            ExcArg::None => 0,
            ExcArg::UInt(_) | ExcArg::Tuple(_) => unreachable!("refused by kind"),
        };
        *out.add(k) = word;
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(exc: &str, message: Option<&str>, args: Option<Vec<ExcArg>>) -> PendingError {
        PendingError { exc: exc.into(), message: message.map(Into::into), args, ..Default::default() }
    }

    #[test]
    fn cpython_str_of_exceptions() {
        assert_eq!(exception_str(&err("ValueError", None, None)), "");
        assert_eq!(exception_str(&err("ValueError", Some("bad"), None)), "bad");
        assert_eq!(exception_str(&err("KeyError", Some("k"), None)), "'k'");
        assert_eq!(exception_str(&err("KeyError", None, Some(vec![ExcArg::Int(3)]))), "3");
        let two = vec![ExcArg::Str("it's".into()), ExcArg::Float(1.0), ExcArg::Bool(true)];
        assert_eq!(exception_str(&err("ValueError", None, Some(two))), "(\"it's\", 1.0, True)");
        let axis = vec![ExcArg::Int(2), ExcArg::Int(2), ExcArg::None];
        assert_eq!(exception_str(&err(AXIS_ERROR, None, Some(axis))), "axis 2 is out of bounds for array of dimension 2");
        let named = vec![ExcArg::Int(-3), ExcArg::Int(1), ExcArg::Str("source".into())];
        assert_eq!(exception_str(&err(AXIS_ERROR, None, Some(named))), "source: axis -3 is out of bounds for array of dimension 1");
        assert_eq!(exception_str(&err("ValueError", None, Some(vec![ExcArg::Int(1), ExcArg::None]))), "(1, None)");
        let nested = vec![ExcArg::Tuple(vec![ExcArg::Int(1)])];
        assert_eq!(exception_str(&err("KeyError", None, Some(nested))), "(1,)");
    }

    #[test]
    fn kinds_name_python_types() {
        assert_eq!(kinds_text("s"), "(str,)");
        assert_eq!(kinds_text("ifb"), "(int, float, bool)");
        assert_eq!(kinds_text(""), "()");
    }
}
