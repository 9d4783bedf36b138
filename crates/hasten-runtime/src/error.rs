//! Thread-local pending exception.
//!
//! Compiled functions report failure by returning status 1; the helper that
//! detected the problem records the exception here and the Python binding
//! raises it once the compiled call has returned.

use std::borrow::Cow;
use std::cell::RefCell;

/// An exception waiting to be raised by the binding.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PendingError {
    /// Name of a builtin exception class, e.g. `"IndexError"`, or the key of a class defined at
    /// module level.
    pub exc: String,
    /// `None` raises the class without arguments.
    pub message: Option<String>,
    /// Pre-rendered source location that the binding attaches as a note.
    pub location: String,
    /// The arguments of an exception raised with run-time values (`raise ValueError("bad", i)`);
    /// when set they are the exception's `args` and `message` is unused.
    pub args: Option<Vec<ExcArg>>,
    /// The class's ancestry up to `BaseException`, itself first, for a class defined at module
    /// level; empty for a builtin class, whose ancestry the runtime knows (`handlers`).
    pub ancestry: Vec<String>,
}

/// One argument of an exception raised by compiled code.
#[derive(Debug, Clone, PartialEq)]
pub enum ExcArg {
    Int(i64),
    /// An unsigned 64-bit integer (a dict key of NumPy's `uint64`).
    UInt(u64),
    Float(f64),
    Bool(bool),
    Str(String),
    /// `None` (NumPy's AxisError is raised as `AxisError(axis, ndim, None)`).
    None,
    /// A tuple of arguments (a dict's tuple key in KeyError).
    Tuple(Vec<ExcArg>),
}

thread_local! {
    static PENDING: RefCell<Option<PendingError>> = const { RefCell::new(None) };
}

/// Removes and returns the pending exception of this thread: the one recorded, or KeyboardInterrupt
/// when compiled code stopped at a Ctrl-C (see `crate::interrupt`).
pub fn take_error() -> Option<PendingError> {
    PENDING.try_with(|p| p.borrow_mut().take()).ok().flatten().or_else(crate::interrupt::interrupted)
}

/// Calls `f` with the pending exception of this thread, leaving it in place.
pub(crate) fn peek_error<R>(f: impl FnOnce(Option<&PendingError>) -> R) -> R {
    let mut f = Some(f);
    match PENDING.try_with(|p| {
        let mut p = p.borrow_mut();
        if p.is_none() {
            *p = crate::interrupt::interrupted();
        }
        (f.take().expect("called once"))(p.as_ref())
    }) {
        Ok(r) => r,
        Err(_) => (f.take().expect("not called"))(None),
    }
}

/// Records an exception. The last write wins: compiled code raises at most
/// once per call, so an earlier one can only be a stale leftover.
pub fn set_error(exc: &str, message: Option<String>, location: &str) {
    store(PendingError {
        exc: exc.to_owned(),
        message,
        location: location.to_owned(),
        ..Default::default()
    });
}

/// Makes `err` the pending exception of this thread: how an exception raised on a pool thread
/// reaches the thread that entered the parallel region.
pub fn restore_error(err: PendingError) {
    store(err);
}

pub(crate) fn store(err: PendingError) {
    // `try_with` fails only during thread teardown, when nobody can observe the
    // error anyway; ignoring it keeps the FFI helpers panic-free.
    let _ = PENDING.try_with(|p| *p.borrow_mut() = Some(err));
}

/// Reads a UTF-8 string passed by compiled code as (pointer, length).
/// A null pointer reads as the empty string; invalid UTF-8 is replaced
/// rather than trusted, because a panic must not cross the FFI boundary.
///
/// # Safety
/// A non-null `ptr` must point to `len` readable bytes.
pub(crate) unsafe fn ffi_str<'a>(ptr: *const u8, len: usize) -> Cow<'a, str> {
    if ptr.is_null() {
        return Cow::Borrowed("");
    }
    String::from_utf8_lossy(std::slice::from_raw_parts(ptr, len))
}

/// Raises `exc(message)`, or `exc()` when `msg_ptr` is null.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with valid (ptr, len) pairs
pub extern "C" fn hasten_rt_raise(
    exc_ptr: *const u8,
    exc_len: usize,
    msg_ptr: *const u8,
    msg_len: usize,
    loc_ptr: *const u8,
    loc_len: usize,
) {
    // SAFETY: compiled code passes pointers into its constant pool with their lengths.
    let (exc, msg, loc) = unsafe {
        (
            ffi_str(exc_ptr, exc_len),
            (!msg_ptr.is_null()).then(|| ffi_str(msg_ptr, msg_len).into_owned()),
            ffi_str(loc_ptr, loc_len),
        )
    };
    set_error(&exc, msg, &loc);
}

/// Raises NumPy's IndexError for an out-of-bounds subscript; `index` is the
/// index as the user wrote it (before negative indices are wrapped).
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with a valid (ptr, len) pair
pub extern "C" fn hasten_rt_raise_index(
    index: i64,
    axis: i64,
    size: i64,
    loc_ptr: *const u8,
    loc_len: usize,
) {
    // SAFETY: compiled code passes a pointer into its constant pool with its length.
    let loc = unsafe { ffi_str(loc_ptr, loc_len) };
    let msg = format!("index {index} is out of bounds for axis {axis} with size {size}");
    set_error("IndexError", Some(msg), &loc);
}

/// Raises NumPy's ValueError for operands whose shapes do not broadcast. `dims` holds the first
/// operand's `a_ndim` dimensions followed by the second's `b_ndim`.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with valid (ptr, len) pairs
/// `into == 1` gives the message of an assignment (`a[...] = value`) instead, the value's shape
/// first; `into == 2` that of an in-place operator (`a[...] += value`), a ufunc whose output is the
/// target: the target's shape, the value's, the target's again; `into` 3 to 5 those of advanced
/// indexing (codegen's `BroadcastForm` says which); `into == 6` the shorter one of `np.repeat`;
/// `into == 7` IndexError for index arrays, `dims` holding each one's number of dimensions followed
/// by its dimensions.
pub extern "C" fn hasten_rt_raise_broadcast(dims: *const i64, a_ndim: usize, b_ndim: usize, into: u32, loc_ptr: *const u8, loc_len: usize) {
    // SAFETY: compiled code passes a buffer of `a_ndim + b_ndim` dimensions.
    let dims: &[i64] = if dims.is_null() { &[] } else { unsafe { std::slice::from_raw_parts(dims, a_ndim + b_ndim) } };
    let shape = |d: &[i64]| match d {
        [n] => format!("({n},)"),
        _ => format!("({})", d.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(",")),
    };
    let (a, b) = dims.split_at(a_ndim.min(dims.len()));
    let msg = match into {
        0 => format!("operands could not be broadcast together with shapes {} {} ", shape(a), shape(b)),
        1 => format!("could not broadcast input array from shape {} into shape {}", shape(a), shape(b)),
        2 => in_place_message(a, b, shape),
        3 => format!("shape mismatch: value array of shape {} could not be broadcast to indexing result of shape {}", shape(a), shape(b)),
        6 => format!("operands could not be broadcast together with shape {} {}", shape(a), shape(b)),
        7 => {
            let mut shapes = Vec::new();
            let mut rest = dims;
            while let [nd, tail @ ..] = rest {
                let (d, after) = tail.split_at((*nd as usize).min(tail.len()));
                shapes.push(shape(d));
                rest = after;
            }
            format!("shape mismatch: indexing arrays could not be broadcast together with shapes {} ", shapes.join(" "))
        }
        4 => format!(
            "NumPy boolean array indexing assignment cannot assign {} input values to the {} output values where the mask is true",
            a.iter().product::<i64>(),
            b[0]
        ),
        _ => format!(
            "boolean index did not match indexed array along axis {}; size of axis is {} but size of corresponding boolean axis is {}",
            a[0], a[1], b[0]
        ),
    };
    // SAFETY: compiled code passes a pointer into its constant pool with its length.
    let loc = unsafe { ffi_str(loc_ptr, loc_len) };
    set_error(if into == 5 || into == 7 { "IndexError" } else { "ValueError" }, Some(msg), &loc);
}

/// Raises NumPy's ValueError for `np.array` of `n` arrays whose shapes agree on their first
/// `depth` axes only (`shape`, those of the first array).
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with valid pointers
pub extern "C" fn hasten_rt_raise_inhomogeneous(n: i64, depth: i64, shape: *const i64, loc_ptr: *const u8, loc_len: usize) {
    // SAFETY: compiled code passes `depth` words of the first array's shape.
    let common = if depth > 0 { unsafe { std::slice::from_raw_parts(shape, depth as usize) } } else { &[] };
    let dims: Vec<String> = std::iter::once(n).chain(common.iter().copied()).map(|d| d.to_string()).collect();
    let detected = if dims.len() == 1 { format!("({},)", dims[0]) } else { format!("({})", dims.join(", ")) };
    let msg = format!(
        "setting an array element with a sequence. The requested array has an inhomogeneous shape after {} dimensions. The detected shape was {detected} + inhomogeneous part.",
        depth + 1
    );
    // SAFETY: compiled code passes a pointer into its constant pool with its length.
    let loc = unsafe { ffi_str(loc_ptr, loc_len) };
    set_error("ValueError", Some(msg), &loc);
}

/// Raises NumPy's ValueError for arrays whose shapes do not join: along axis `dim` the array at
/// `index` has `size` where the first has `first`. `dim < 0` is `np.stack`'s message.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with valid (ptr, len) pairs
pub extern "C" fn hasten_rt_raise_join(dim: i64, index: i64, first: i64, size: i64, loc_ptr: *const u8, loc_len: usize) {
    let msg = if dim < 0 {
        "all input arrays must have the same shape".to_string()
    } else {
        format!(
            "all the input array dimensions except for the concatenation axis must match exactly, but along dimension {dim}, the array at index 0 has size {first} and the array at index {index} has size {size}"
        )
    };
    // SAFETY: compiled code passes a pointer into its constant pool with its length.
    let loc = unsafe { ffi_str(loc_ptr, loc_len) };
    set_error("ValueError", Some(msg), &loc);
}

/// NumPy's message for `target op= value` whose shapes do not fit: if the two broadcast together
/// (only the target is too small), the output is the problem; otherwise the operands are.
fn in_place_message(value: &[i64], target: &[i64], shape: impl Fn(&[i64]) -> String) -> String {
    let n = value.len().max(target.len());
    let dim = |d: &[i64], k: usize| if k + d.len() >= n { d[k + d.len() - n] } else { 1 };
    let broadcast: Option<Vec<i64>> = (0..n)
        .map(|k| match (dim(value, k), dim(target, k)) {
            (x, y) if x == y || y == 1 => Some(x),
            (1, y) => Some(y),
            _ => None,
        })
        .collect();
    match broadcast {
        Some(b) => format!("non-broadcastable output operand with shape {} doesn't match the broadcast shape {}", shape(target), shape(&b)),
        None => format!("operands could not be broadcast together with shapes {} {} {} ", shape(target), shape(value), shape(target)),
    }
}

/// Raises NumPy's ValueError for `np.dot` of arrays whose inner dimensions differ. `dims` holds the
/// first operand's `a_ndim` dimensions followed by the second's `b_ndim`.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with valid (ptr, len) pairs
pub extern "C" fn hasten_rt_raise_not_aligned(dims: *const i64, a_ndim: usize, b_ndim: usize, loc_ptr: *const u8, loc_len: usize) {
    // SAFETY: compiled code passes a buffer of `a_ndim + b_ndim` dimensions.
    let dims: &[i64] = if dims.is_null() || a_ndim == 0 || b_ndim == 0 { &[] } else { unsafe { std::slice::from_raw_parts(dims, a_ndim + b_ndim) } };
    let shape = |d: &[i64]| match d {
        [n] => format!("({n},)"),
        _ => format!("({})", d.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(",")),
    };
    let msg = if dims.is_empty() {
        "shapes not aligned".to_string()
    } else {
        let (a, b) = dims.split_at(a_ndim);
        let b_axis = if b_ndim == 1 { 0 } else { b_ndim - 2 };
        format!("shapes {} and {} not aligned: {} (dim {}) != {} (dim {b_axis})", shape(a), shape(b), a[a_ndim - 1], a_ndim - 1, b[b_axis])
    };
    // SAFETY: compiled code passes a pointer into its constant pool with its length.
    let loc = unsafe { ffi_str(loc_ptr, loc_len) };
    set_error("ValueError", Some(msg), &loc);
}

/// Raises `np.matmul`'s ValueError for operands of shapes `dims` (`a_ndim` then `b_ndim`, both at
/// least 1): the mismatch of the summed dimension, else the stack axes that do not broadcast.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with valid (ptr, len) pairs
pub extern "C" fn hasten_rt_raise_matmul(dims: *const i64, a_ndim: usize, b_ndim: usize, loc_ptr: *const u8, loc_len: usize) {
    // SAFETY: compiled code passes a buffer of `a_ndim + b_ndim` dimensions.
    let dims: &[i64] = unsafe { std::slice::from_raw_parts(dims, a_ndim + b_ndim) };
    let (a, b) = dims.split_at(a_ndim);
    let (ka, kb) = (a[a_ndim - 1], b[b_ndim.saturating_sub(2)]);
    let msg = if ka != kb {
        format!("matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size {kb} is different from {ka})")
    } else {
        let list = |d: &[i64]| d.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(",");
        let remapped = |d: &[i64]| format!("({})->({},newaxis,newaxis)", list(d), list(&d[..d.len() - 2]));
        let requested = [a[a_ndim - 2], b[b_ndim - 1]];
        format!("operands could not be broadcast together with remapped shapes [original->remapped]: {} {}  and requested shape ({})", remapped(a), remapped(b), list(&requested))
    };
    // SAFETY: compiled code passes a pointer into its constant pool with its length.
    let loc = unsafe { ffi_str(loc_ptr, loc_len) };
    set_error("ValueError", Some(msg), &loc);
}

/// Raises NumPy's ValueError for a reshape that does not keep the size; a negative dimension (to be
/// inferred) shows as `newaxis`, as in NumPy's message.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with valid (ptr, len) pairs
pub extern "C" fn hasten_rt_raise_reshape(size: i64, dims: *const i64, ndim: usize, loc_ptr: *const u8, loc_len: usize) {
    // SAFETY: compiled code passes a buffer of `ndim` dimensions.
    let dims: &[i64] = if dims.is_null() { &[] } else { unsafe { std::slice::from_raw_parts(dims, ndim) } };
    let show = |d: &i64| if *d < 0 { "newaxis".to_string() } else { d.to_string() };
    let shape = match dims {
        [d] => format!("({},)", show(d)),
        _ => format!("({})", dims.iter().map(show).collect::<Vec<_>>().join(",")),
    };
    // SAFETY: compiled code passes a pointer into its constant pool with its length.
    let loc = unsafe { ffi_str(loc_ptr, loc_len) };
    set_error("ValueError", Some(format!("cannot reshape array of size {size} into shape {shape}")), &loc);
}

/// Raises `exc(template)` with the first `{}` of the template replaced by
/// `value`. A null template stands for `"{}"` (the value alone).
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with valid (ptr, len) pairs
pub extern "C" fn hasten_rt_raise_int(
    exc_ptr: *const u8,
    exc_len: usize,
    msg_ptr: *const u8,
    msg_len: usize,
    value: i64,
    loc_ptr: *const u8,
    loc_len: usize,
) {
    // SAFETY: compiled code passes pointers into its constant pool with their lengths.
    let (exc, template, loc) = unsafe {
        (
            ffi_str(exc_ptr, exc_len),
            ffi_str(msg_ptr, msg_len),
            ffi_str(loc_ptr, loc_len),
        )
    };
    let msg = if msg_ptr.is_null() {
        value.to_string()
    } else {
        template.replacen("{}", &value.to_string(), 1)
    };
    set_error(&exc, Some(msg), &loc);
}

#[cfg(test)]
mod broadcast_tests {
    use super::*;

    #[test]
    fn join_messages_match_numpy() {
        hasten_rt_raise_join(1, 2, 3, 4, std::ptr::null(), 0);
        let e = take_error().unwrap();
        assert_eq!(e.exc, "ValueError");
        assert_eq!(
            e.message.as_deref(),
            Some("all the input array dimensions except for the concatenation axis must match exactly, but along dimension 1, the array at index 0 has size 3 and the array at index 2 has size 4")
        );
        hasten_rt_raise_join(-1, 1, 3, 2, std::ptr::null(), 0);
        assert_eq!(take_error().unwrap().message.as_deref(), Some("all input arrays must have the same shape"));
    }

    #[test]
    fn inhomogeneous_messages_match_numpy() {
        let shape = [2i64, 3];
        hasten_rt_raise_inhomogeneous(3, 0, shape.as_ptr(), std::ptr::null(), 0);
        let e = take_error().unwrap();
        assert_eq!(e.exc, "ValueError");
        let text = |dims| format!("setting an array element with a sequence. The requested array has an inhomogeneous shape after {dims}. The detected shape was");
        assert_eq!(e.message.unwrap(), format!("{} (3,) + inhomogeneous part.", text("1 dimensions")));
        hasten_rt_raise_inhomogeneous(3, 1, shape.as_ptr(), std::ptr::null(), 0);
        assert_eq!(take_error().unwrap().message.unwrap(), format!("{} (3, 2) + inhomogeneous part.", text("2 dimensions")));
    }

    #[test]
    fn broadcast_message_matches_numpy() {
        let dims = [2i64, 3, 3, 2];
        hasten_rt_raise_broadcast(dims.as_ptr(), 2, 2, 0, std::ptr::null(), 0);
        let e = take_error().unwrap();
        assert_eq!(e.message.as_deref(), Some("operands could not be broadcast together with shapes (2,3) (3,2) "));
        let dims = [3i64, 4];
        hasten_rt_raise_broadcast(dims.as_ptr(), 1, 1, 0, std::ptr::null(), 0);
        assert_eq!(take_error().unwrap().message.as_deref(), Some("operands could not be broadcast together with shapes (3,) (4,) "));
        hasten_rt_raise_broadcast(dims.as_ptr(), 1, 1, 1, std::ptr::null(), 0);
        assert_eq!(take_error().unwrap().message.as_deref(), Some("could not broadcast input array from shape (3,) into shape (4,)"));
        hasten_rt_raise_broadcast(dims.as_ptr(), 1, 1, 2, std::ptr::null(), 0);
        assert_eq!(take_error().unwrap().message.as_deref(), Some("operands could not be broadcast together with shapes (4,) (3,) (4,) "));
        let dims = [5i64, 1];
        hasten_rt_raise_broadcast(dims.as_ptr(), 1, 1, 2, std::ptr::null(), 0);
        assert_eq!(
            take_error().unwrap().message.as_deref(),
            Some("non-broadcastable output operand with shape (1,) doesn't match the broadcast shape (5,)")
        );
        let dims = [4i64, -1];
        hasten_rt_raise_reshape(6, dims.as_ptr(), 2, std::ptr::null(), 0);
        assert_eq!(take_error().unwrap().message.as_deref(), Some("cannot reshape array of size 6 into shape (4,newaxis)"));
        let dims = [2i64, 3, 2];
        hasten_rt_raise_not_aligned(dims.as_ptr(), 2, 1, std::ptr::null(), 0);
        assert_eq!(take_error().unwrap().message.as_deref(), Some("shapes (2,3) and (2,) not aligned: 3 (dim 1) != 2 (dim 0)"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(s: &str) -> (*const u8, usize) {
        (s.as_ptr(), s.len())
    }

    #[test]
    fn raise_records_and_take_clears() {
        let (e, el) = raw("ValueError");
        let (m, ml) = raw("bad value");
        let (l, ll) = raw("f.py:1:2");
        hasten_rt_raise(e, el, m, ml, l, ll);
        let err = take_error().unwrap();
        assert_eq!(err.exc, "ValueError");
        assert_eq!(err.message.as_deref(), Some("bad value"));
        assert_eq!(err.location, "f.py:1:2");
        assert_eq!(take_error(), None);
    }

    #[test]
    fn raise_without_message() {
        let (e, el) = raw("ValueError");
        hasten_rt_raise(e, el, std::ptr::null(), 0, std::ptr::null(), 0);
        let err = take_error().unwrap();
        assert_eq!(
            err,
            PendingError {
                exc: "ValueError".into(),
                message: None,
                location: String::new(),
                ..Default::default()
            }
        );
    }

    #[test]
    fn last_write_wins() {
        set_error("KeyError", None, "a");
        set_error("TypeError", Some("x".into()), "b");
        assert_eq!(take_error().unwrap().exc, "TypeError");
        assert_eq!(take_error(), None);
    }

    #[test]
    fn index_error_messages_match_numpy() {
        let (l, ll) = raw("loc");
        hasten_rt_raise_index(10, 0, 10, l, ll);
        let err = take_error().unwrap();
        assert_eq!(err.exc, "IndexError");
        assert_eq!(
            err.message.as_deref(),
            Some("index 10 is out of bounds for axis 0 with size 10")
        );
        assert_eq!(err.location, "loc");
        hasten_rt_raise_index(-11, 1, 10, l, ll);
        let err = take_error().unwrap();
        assert_eq!(
            err.message.as_deref(),
            Some("index -11 is out of bounds for axis 1 with size 10")
        );
    }

    #[test]
    fn raise_int_fills_template() {
        let (e, el) = raw("OverflowError");
        let (m, ml) = raw("Python integer {} out of bounds for int8");
        hasten_rt_raise_int(e, el, m, ml, -300, std::ptr::null(), 0);
        let err = take_error().unwrap();
        assert_eq!(err.exc, "OverflowError");
        assert_eq!(
            err.message.as_deref(),
            Some("Python integer -300 out of bounds for int8")
        );
        hasten_rt_raise_int(e, el, std::ptr::null(), 0, i64::MIN, std::ptr::null(), 0);
        assert_eq!(
            take_error().unwrap().message.as_deref(),
            Some("-9223372036854775808")
        );
    }

    #[test]
    fn invalid_utf8_does_not_panic() {
        let bad = [b'E', 0xff, b'r'];
        hasten_rt_raise(
            bad.as_ptr(),
            bad.len(),
            std::ptr::null(),
            0,
            std::ptr::null(),
            0,
        );
        assert_eq!(take_error().unwrap().exc, "E\u{fffd}r");
    }
}
