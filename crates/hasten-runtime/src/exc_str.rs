//! `str(e)` of an exception compiled code is handling: CPython's `BaseException.__str__` of the
//! exception the binding would make from it (no arguments: `''`; one: `str` of it; more: the
//! `repr` of the tuple), with `KeyError`'s own rule (the `repr` of a single argument).

use crate::error::{ExcArg, PendingError};
use crate::handlers::{handled_at, is_instance};
use crate::memory::Block;
use crate::string::convert::str_repr;
use crate::string::format::float_repr;
use crate::string::new_str;

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

/// CPython's `str()` of the exception `err` stands for.
pub fn exception_str(err: &PendingError) -> String {
    let args: Vec<ExcArg> = match (&err.args, &err.message) {
        (Some(args), _) => args.clone(),
        (None, Some(m)) => vec![ExcArg::Str(m.clone())],
        (None, None) => Vec::new(),
    };
    match args.as_slice() {
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
        let nested = vec![ExcArg::Tuple(vec![ExcArg::Int(1)])];
        assert_eq!(exception_str(&err("KeyError", None, Some(nested))), "(1,)");
    }
}
