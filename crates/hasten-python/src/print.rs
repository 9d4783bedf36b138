//! `print()` from compiled code (`hasten_runtime::print`): the hook takes the GIL, boxes copies of
//! the values (compiled code keeps its own, so nothing is taken over), and calls Python's `print`.
//! Also the hook that answers the string questions that need CPython's Unicode tables.

use crate::types::Numpy;
use hasten_ir::types::array_slots;
use hasten_ir::Type;
use numpy::npyffi::{self, PY_ARRAY_API};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PySet, PyString, PyTuple};
use std::collections::HashMap;
use std::ffi::c_void;
use std::sync::Mutex;

/// The types printed so far, by their text.
static TYPES: Mutex<Option<HashMap<String, Type>>> = Mutex::new(None);

pub fn install() {
    hasten_runtime::print::set_hook(print_hook);
    hasten_runtime::print::set_text_hook(text_hook);
    hasten_runtime::string::set_unicode_hook(unicode_hook);
}

fn parsed(text: &str) -> Result<Type, String> {
    let mut cache = TYPES.lock().unwrap_or_else(|e| e.into_inner());
    let map = cache.get_or_insert_with(HashMap::new);
    if let Some(t) = map.get(text) {
        return Ok(t.clone());
    }
    let t: Type = text.parse()?;
    map.insert(text.to_string(), t.clone());
    Ok(t)
}

unsafe fn print_hook(types: &str, slots: *const u64, sep: u64, end: u64, flush: bool) -> Result<(), (String, String)> {
    let ty = parsed(types).map_err(|e| ("SystemError".to_string(), format!("hasten: print of {types}: {e}")))?;
    let Type::Tuple(items) = ty else { return Err(("SystemError".into(), "hasten: print of a non-tuple".into())) };
    let n: usize = items.iter().map(Type::slot_count).sum();
    let slots = if n == 0 { &[][..] } else { std::slice::from_raw_parts(slots, n) };
    Python::attach(|py| -> PyResult<()> {
        let mut pos = 0;
        let values = items.iter().map(|t| copied(py, t, slots, &mut pos)).collect::<PyResult<Vec<_>>>()?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("sep", hasten_runtime::string::as_str(sep))?;
        kwargs.set_item("end", hasten_runtime::string::as_str(end))?;
        kwargs.set_item("flush", flush)?;
        py.import("builtins")?.getattr("print")?.call(PyTuple::new(py, values)?, Some(&kwargs))?;
        Ok(())
    })
    .map_err(|e| {
        Python::attach(|py| {
            let name = e.get_type(py).name().map(|n| n.to_string()).unwrap_or_else(|_| "RuntimeError".into());
            let msg = e.value(py).str().map(|s| s.to_string()).unwrap_or_default();
            (name, msg)
        })
    })
}

unsafe fn text_hook(ty: &str, slots: *const u64, how: hasten_runtime::print::TextOf) -> Result<String, (String, String)> {
    use hasten_runtime::print::TextOf;
    let t = parsed(ty).map_err(|e| ("SystemError".to_string(), format!("hasten: str() of {ty}: {e}")))?;
    let n = t.slot_count();
    let slots = if n == 0 { &[][..] } else { std::slice::from_raw_parts(slots, n) };
    Python::attach(|py| -> PyResult<String> {
        let v = copied(py, &t, slots, &mut 0)?;
        Ok(match how {
            TextOf::Str => v.str()?.to_string(),
            TextOf::Repr => v.repr()?.to_string(),
            TextOf::Format => py.import("builtins")?.getattr("format")?.call1((v, ""))?.str()?.to_string(),
        })
    })
    .map_err(|e| {
        Python::attach(|py| {
            let name = e.get_type(py).name().map(|n| n.to_string()).unwrap_or_else(|_| "RuntimeError".into());
            let msg = e.value(py).str().map(|s| s.to_string()).unwrap_or_default();
            (name, msg)
        })
    })
}

/// A Python object equal to the value of type `t` at `slots[*pos]`, sharing nothing with it.
fn copied<'py>(py: Python<'py>, t: &Type, slots: &[u64], pos: &mut usize) -> PyResult<Bound<'py, PyAny>> {
    if !t.has_refs() {
        return crate::boxing::plain_value(py, t, slots, pos);
    }
    let mut next = || {
        let v = slots[*pos];
        *pos += 1;
        v
    };
    Ok(match t {
        Type::Func(_) | Type::Optional(_) | Type::Generator | Type::Iter(_) => {
            unreachable!("the type checker refuses print() of functions, generators and optional results")
        }
        Type::Str => PyString::new(py, unsafe { hasten_runtime::string::as_str(next()) }).into_any(),
        Type::Tuple(items) => {
            let values = items.iter().map(|t| copied(py, t, slots, pos)).collect::<PyResult<Vec<_>>>()?;
            crate::named::tuple_object(py, items, values)?
        }
        Type::List(item) => {
            // SAFETY: compiled code holds the list while it prints.
            let (n, words, items) = unsafe { hasten_runtime::list::items(next()) };
            let values = (0..n).map(|k| copied(py, item, &items[k * words..(k + 1) * words], &mut 0)).collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, values)?.into_any()
        }
        Type::Dict(key, value) => {
            let d = PyDict::new(py);
            // SAFETY: as for lists.
            for (k, v) in unsafe { hasten_runtime::dict::entries(next()) } {
                d.set_item(copied(py, key, &crate::types::key_slots(key, k), &mut 0)?, copied(py, value, v, &mut 0)?)?;
            }
            d.into_any()
        }
        Type::Set(item) => {
            let s = PySet::empty(py)?;
            // SAFETY: as for lists.
            for (k, _) in unsafe { hasten_runtime::dict::entries(next()) } {
                s.add(copied(py, item, &crate::types::key_slots(item, k), &mut 0)?)?;
            }
            s.into_any()
        }
        Type::Array(at) => {
            let nd = at.ndim as usize;
            let arr = &slots[*pos..*pos + array_slots::count(nd)];
            *pos += arr.len();
            let np = Numpy::get(py)?;
            let (shape, strides) = (&arr[array_slots::shape(nd)], &arr[array_slots::strides(nd)]);
            let len: u64 = shape.iter().product();
            let mut dummy = 0u64;
            let data = if len == 0 { &mut dummy as *mut u64 as *mut c_void } else { arr[array_slots::DATA] as *mut c_void };
            // A view without a base over compiled code's memory, copied at once.
            let view = unsafe {
                let descr = np.descr(at.dtype);
                ffi::Py_INCREF(descr as *mut ffi::PyObject);
                let a = PY_ARRAY_API.PyArray_NewFromDescr(
                    py,
                    np.array_type,
                    descr,
                    nd as _,
                    shape.as_ptr() as *mut npyffi::npy_intp,
                    strides.as_ptr() as *mut npyffi::npy_intp,
                    data,
                    0,
                    std::ptr::null_mut(),
                );
                Bound::from_owned_ptr_or_err(py, a)?
            };
            view.call_method0("copy")?
        }
        _ => unreachable!("`plain_value` copies the types without blocks"),
    })
}

/// NumPy's dtype object of `d`.
pub(crate) fn dtype_object(py: Python<'_>, d: hasten_ir::Dtype) -> PyResult<Bound<'_, PyAny>> {
    let np = Numpy::get(py)?;
    let descr = np.descr(d) as *mut ffi::PyObject;
    // SAFETY: NumPy's builtin descriptors live as long as NumPy; the new reference is ours.
    unsafe {
        ffi::Py_INCREF(descr);
        Bound::from_owned_ptr_or_err(py, descr)
    }
}

/// `text.method()` (or `repr(text)`) computed by CPython, for `hasten_runtime::string::ask_python`.
fn unicode_hook(method: &str, text: &str) -> Option<String> {
    Python::attach(|py| -> PyResult<String> {
        let s = PyString::new(py, text);
        let r = if method == "__repr__" { s.repr()?.into_any() } else { s.call_method0(method)? };
        Ok(r.str()?.to_string())
    })
    .ok()
}
