//! `hasten.typed`'s native side, shared by `typed_list.rs` and `typed_dict.rs`: which item types
//! a typed container holds, Python values written as an item's words and read back, numba's names
//! of the types, and what the binding needs to pass a typed container to compiled code as it is.
//!
//! A typed container is a Python object holding one reference to a runtime list or dict block
//! (`hasten_runtime::list`, `dict`), made outside every call's scope. Compiled code receives the
//! block's owner itself: no copy in, no write-back out. Between calls the block's count is that one
//! reference: after each call the binding releases the references the result holds (Python gets
//! the object itself) or, after a failure, those the call skipped releasing (`memory::settle`).
//! Items are numbers, bools, strings, arrays and tuples of them; `typed_heap.rs` keeps the strings
//! and arrays.

use crate::types::typeof_value;
use crate::typed_dict::TypedDict;
use crate::typed_list::TypedList;
use hasten_ir::{Dtype, Type};
use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// Whether a typed container holds items of type `t`: numbers, bools, strings, arrays and tuples
/// of them.
pub fn storable(t: &Type) -> bool {
    match t {
        Type::Scalar(d) => !d.is_complex(),
        Type::Int | Type::Float | Type::Bool | Type::Str | Type::Array(_) => true,
        Type::Tuple(items) => !items.is_empty() && items.iter().all(storable),
        _ => false,
    }
}

/// The words of a dict key of type `t` that are float64s (the runtime compares them as floats).
pub fn key_floats(t: &Type) -> u64 {
    fn leaves(t: &Type, at: &mut usize, mask: &mut u64) {
        match t {
            Type::Tuple(items) => items.iter().for_each(|i| leaves(i, at, mask)),
            t => {
                if matches!(t, Type::Float | Type::Scalar(Dtype::F64 | Dtype::F32)) {
                    *mask |= 1 << *at;
                }
                *at += 1;
            }
        }
    }
    let mut mask = 0;
    leaves(t, &mut 0, &mut mask);
    mask
}

/// The Python exception of a runtime store that failed: NotImplementedError for a NaN key,
/// otherwise MemoryError.
pub fn store_failed(what: &str) -> PyErr {
    match hasten_runtime::take_error() {
        Some(e) if e.exc == "NotImplementedError" => pyo3::exceptions::PyNotImplementedError::new_err(e.message.unwrap_or_default()),
        _ => pyo3::exceptions::PyMemoryError::new_err(format!("unable to grow a {what}")),
    }
}

/// The item type named by a hasten type text (`hasten._types.text_of`), if a typed container may
/// hold it.
pub fn parse_item(text: &str, what: &str) -> PyResult<Type> {
    let t: Type = text.parse::<Type>().map_err(|e| PyTypeError::new_err(format!("{what}: {e}")))?.as_list_item();
    if !storable(&t) {
        return Err(PyTypeError::new_err(format!(
            "{what}: hasten.typed containers hold numbers, bools, strings, arrays and tuples of them, not {}",
            numba_name(&t)
        )));
    }
    Ok(t)
}

/// The item type of a Python value, for a container whose type its first item fixes.
pub fn infer_item(py: Python<'_>, v: &Bound<'_, PyAny>, what: &str) -> PyResult<Type> {
    match typeof_value(py, v)? {
        Some(t) if storable(&t) => Ok(t.as_list_item()),
        _ => Err(PyTypeError::new_err(format!(
            "{what}: hasten.typed containers hold numbers, bools, strings, arrays and tuples of them, not {}",
            v.get_type().name()?
        ))),
    }
}

/// numba's name of a type (`float64`, `UniTuple(int64 x 2)`), as its typed containers print it.
pub fn numba_name(t: &Type) -> String {
    match t {
        Type::Int => "int64".into(),
        Type::Float => "float64".into(),
        Type::Bool => "bool".into(),
        Type::Str => "unicode_type".into(),
        Type::Scalar(d) => d.name().into(),
        Type::Tuple(items) if !items.is_empty() && items.iter().all(|i| *i == items[0]) => {
            format!("UniTuple({} x {})", numba_name(&items[0]), items.len())
        }
        Type::Tuple(items) => format!("Tuple({})", items.iter().map(numba_name).collect::<Vec<_>>().join(", ")),
        t => t.to_string(),
    }
}

/// What kind of number a Python value is: bool, integer or float (NumPy's scalars included).
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Bool,
    Int,
    Float,
}

fn kind(py: Python<'_>, v: &Bound<'_, PyAny>) -> PyResult<Option<Kind>> {
    let p = v.as_ptr();
    unsafe {
        if ffi::PyBool_Check(p) != 0 {
            return Ok(Some(Kind::Bool));
        }
        if ffi::PyLong_Check(p) != 0 {
            return Ok(Some(Kind::Int));
        }
        if ffi::PyFloat_Check(p) != 0 {
            return Ok(Some(Kind::Float));
        }
    }
    Ok(match typeof_value(py, v)? {
        Some(Type::Scalar(Dtype::Bool)) => Some(Kind::Bool),
        Some(Type::Scalar(d)) if d.is_int() => Some(Kind::Int),
        Some(Type::Scalar(_)) => Some(Kind::Float),
        _ => None,
    })
}

/// The range of an integer dtype.
fn int_range(d: Dtype) -> (i128, i128) {
    let bits = 8 * d.itemsize();
    if d.is_signed() { (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1) } else { (0, (1i128 << bits) - 1) }
}

/// Appends the words of `v` as an item of type `t`, converting as numba's typed containers
/// convert (bools and integers to floats, bools to integers, floats to float32; an integer out of
/// an integer dtype's range is an OverflowError). Integers are written widened to 64 bits, as
/// compiled code writes dict keys (narrow item slots read only their low bytes). The words hold a
/// reference to each string and array in them, which the caller owns. `Ok(false)`: `v` is not a
/// value of that type (and nothing was appended).
pub fn write_item(py: Python<'_>, v: &Bound<'_, PyAny>, t: &Type, out: &mut Vec<u64>) -> PyResult<bool> {
    let start = out.len();
    let written = write_words(py, v, t, out);
    if !matches!(written, Ok(true)) {
        // A tuple converted in part: release what its first items took.
        let done = out.len() - start;
        let owners: Vec<u64> = t.owner_slots().into_iter().filter(|&k| k < done).map(|k| out[start + k]).collect();
        crate::typed_heap::release_owners(py, &owners);
        out.truncate(start);
    }
    written
}

fn write_words(py: Python<'_>, v: &Bound<'_, PyAny>, t: &Type, out: &mut Vec<u64>) -> PyResult<bool> {
    match t {
        Type::Str => return write_str(v, out),
        Type::Array(at) => return write_array(py, v, at, out),
        _ => {}
    }
    if let Type::Tuple(items) = t {
        let Ok(tuple) = v.cast::<PyTuple>() else { return Ok(false) };
        if tuple.len() != items.len() {
            return Ok(false);
        }
        for (x, t) in tuple.iter().zip(items) {
            if !write_words(py, &x, t, out)? {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    // The common case first: a float into a float64 item.
    if *t == Type::Float && unsafe { ffi::PyFloat_CheckExact(v.as_ptr()) } != 0 {
        out.push(unsafe { ffi::PyFloat_AS_DOUBLE(v.as_ptr()) }.to_bits());
        return Ok(true);
    }
    let Some(k) = kind(py, v)? else { return Ok(false) };
    let word = match t {
        Type::Bool | Type::Scalar(Dtype::Bool) if k == Kind::Bool => v.is_truthy()? as u64,
        Type::Int if k != Kind::Float => match v.extract::<i64>() {
            Ok(i) => i as u64,
            Err(_) => return Err(PyOverflowError::new_err("int too large to convert to 64-bit integer")),
        },
        Type::Float => v.extract::<f64>()?.to_bits(),
        Type::Scalar(Dtype::F64) => v.extract::<f64>()?.to_bits(),
        Type::Scalar(Dtype::F32) => (v.extract::<f64>()? as f32).to_bits() as u64,
        Type::Scalar(d) if d.is_int() && k != Kind::Float => {
            let (lo, hi) = int_range(*d);
            match v.extract::<i128>() {
                Ok(i) if (lo..=hi).contains(&i) => i as i64 as u64,
                _ => return Err(PyOverflowError::new_err(format!("Python integer {} out of bounds for {}", v.str()?, d.name()))),
            }
        }
        _ => return Ok(false),
    };
    out.push(word);
    Ok(true)
}

/// A string item: a new string block, unscoped (Python code may run inside a call's scope).
fn write_str(v: &Bound<'_, PyAny>, out: &mut Vec<u64>) -> PyResult<bool> {
    let Ok(s) = v.cast::<pyo3::types::PyString>() else { return Ok(false) };
    let block = hasten_runtime::string::new_str(&s.to_cow()?);
    if block.is_null() {
        hasten_runtime::take_error();
        return Err(pyo3::exceptions::PyMemoryError::new_err("unable to allocate a string"));
    }
    // SAFETY: a live block just made.
    unsafe { hasten_runtime::memory::unscope(block as u64 | 1) };
    out.push(block as u64 | 1);
    Ok(true)
}

/// An array item: the array's slots, its owner a foreign block holding the array object.
fn write_array(py: Python<'_>, v: &Bound<'_, PyAny>, item: &hasten_ir::ArrayType, out: &mut Vec<u64>) -> PyResult<bool> {
    match typeof_value(py, v)? {
        Some(t @ Type::Array(_)) if crate::types::converts(&t, &Type::Array(*item)) => {}
        _ => return Ok(false),
    }
    let mut slots = vec![0u64; Type::Array(*item).slot_count()];
    crate::types::marshal(py, v, &Type::Array(*item), &mut slots, &mut 0, &mut Default::default())?;
    slots[hasten_ir::types::array_slots::OWNER] = crate::typed_heap::foreign_owner(v.as_ptr())?;
    out.extend_from_slice(&slots);
    Ok(true)
}

/// The item of type `t` whose words start at `words[*pos]`, as numba's typed containers give it
/// to Python: Python bools, ints and floats (NumPy's dtypes too), strings, arrays (over the item's
/// memory), tuples of them. The caller holds references to the heap values while this runs.
pub fn read_item<'py>(py: Python<'py>, t: &Type, words: &[u64], pos: &mut usize) -> PyResult<Bound<'py, PyAny>> {
    if let Type::Tuple(items) = t {
        let values = items.iter().map(|t| read_item(py, t, words, pos)).collect::<PyResult<Vec<_>>>()?;
        return crate::named::tuple_object(py, items, values);
    }
    if let Type::Array(at) = t {
        use hasten_ir::types::array_slots;
        let n = at.ndim as usize;
        let arr = &words[*pos..*pos + array_slots::count(n)];
        *pos += arr.len();
        let base = crate::typed_heap::held(py, arr[array_slots::OWNER])?;
        return crate::boxing::array_over(py, at, arr[array_slots::DATA], &arr[array_slots::shape(n)], &arr[array_slots::strides(n)], base);
    }
    let w = words[*pos];
    *pos += 1;
    let int = |i: i64| unsafe { Bound::from_owned_ptr_or_err(py, ffi::PyLong_FromLongLong(i)) };
    let float = |f: f64| unsafe { Bound::from_owned_ptr_or_err(py, ffi::PyFloat_FromDouble(f)) };
    match t {
        Type::Int => int(w as i64),
        Type::Float | Type::Scalar(Dtype::F64) => float(f64::from_bits(w)),
        Type::Scalar(Dtype::F32) => float(f32::from_bits(w as u32) as f64),
        Type::Bool | Type::Scalar(Dtype::Bool) => Ok(pyo3::types::PyBool::new(py, w as u8 != 0).to_owned().into_any()),
        // SAFETY: a live string the caller holds.
        Type::Str => Ok(pyo3::types::PyString::new(py, unsafe { hasten_runtime::string::as_str(w) }).into_any()),
        Type::Scalar(Dtype::U64) => Ok(w.into_pyobject(py)?.into_any()),
        Type::Scalar(d) => {
            // Narrow slots hold the value in their low bytes only.
            let bits = 64 - 8 * d.itemsize();
            let v = if d.is_signed() { ((w << bits) as i64) >> bits } else { ((w << bits) >> bits) as i64 };
            int(v)
        }
        _ => unreachable!("typed containers hold numbers, bools, strings, arrays and tuples of them"),
    }
}

/// All the items of `words` (whole items of type `t`, copied out of a container) as a Python
/// list. Their heap values are held meanwhile: boxing may run Python code that changes the
/// container.
pub fn read_all<'py>(py: Python<'py>, t: &Type, words: &[u64]) -> PyResult<Bound<'py, pyo3::types::PyList>> {
    let n = t.slot_count();
    crate::typed_heap::retain(t, words);
    let mut items = Vec::with_capacity(words.len() / n.max(1));
    let mut pos = 0;
    let mut result = Ok(());
    while pos < words.len() {
        match read_item(py, t, words, &mut pos) {
            Ok(item) => items.push(item),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    crate::typed_heap::release(py, t, words);
    result?;
    pyo3::types::PyList::new(py, items)
}

/// The type and owner of a typed container, for the binding; `None` if `o` is none. A container
/// whose item type is not known yet is an error naming the fix.
pub fn container(py: Python<'_>, o: &Bound<'_, PyAny>) -> PyResult<Option<(Type, u64)>> {
    if let Ok(l) = o.cast::<TypedList>() {
        return l.get().native(py).map(|(t, owner)| Some((Type::List(Box::new(t)), owner)));
    }
    if let Ok(d) = o.cast::<TypedDict>() {
        return d.get().native(py).map(|(k, v, owner)| Some((Type::Dict(Box::new(k), Box::new(v)), owner)));
    }
    Ok(None)
}
