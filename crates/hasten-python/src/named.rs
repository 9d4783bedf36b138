//! `collections.namedtuple` classes: which Python class a `NamedClass` of a type is, both ways;
//! and slice objects, the other tuple-like values that go back to Python as their own class.
//!
//! A class is registered the first time an argument, a global or a cached result names it, and
//! kept alive from then on, so that results are made as instances of the very class (a type in a
//! cache file names it by module and qualified name, which an import finds again).

use hasten_ir::{NamedClass, TupleType};
use pyo3::prelude::*;
use pyo3::types::{PyTuple, PyType};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct Registry {
    /// The class object of each description.
    classes: HashMap<Arc<NamedClass>, Py<PyType>>,
    /// The description of each class object, by its address (the registry keeps the class alive,
    /// so the address is never reused).
    by_address: HashMap<usize, Arc<NamedClass>>,
}

static REGISTRY: Mutex<Option<Registry>> = Mutex::new(None);

fn with<T>(f: impl FnOnce(&mut Registry) -> T) -> T {
    f(REGISTRY.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert_with(Registry::default))
}

/// The description of `cls` when it is a named tuple class (a `tuple` subclass with a `_fields`
/// tuple of strings), registering it; `None` for any other class.
pub fn class_of(cls: &Bound<'_, PyType>) -> PyResult<Option<Arc<NamedClass>>> {
    let address = cls.as_ptr() as usize;
    if let Some(c) = with(|r| r.by_address.get(&address).cloned()) {
        return Ok(Some(c));
    }
    if !cls.is_subclass_of::<PyTuple>()? {
        return Ok(None);
    }
    let Ok(fields) = cls.getattr("_fields").and_then(|f| f.extract::<Vec<String>>()) else { return Ok(None) };
    let module: String = cls.getattr("__module__")?.extract()?;
    let qualname: String = cls.getattr("__qualname__")?.extract()?;
    let class = Arc::new(NamedClass { module, qualname, fields });
    with(|r| {
        r.classes.insert(class.clone(), cls.clone().unbind());
        r.by_address.insert(address, class.clone());
    });
    Ok(Some(class))
}

/// The class a description names: a registered one, or the one its module defines under its
/// qualified name.
fn class_object<'py>(py: Python<'py>, class: &Arc<NamedClass>) -> PyResult<Bound<'py, PyType>> {
    if let Some(cls) = with(|r| r.classes.get(class).map(|c| c.clone_ref(py))) {
        return Ok(cls.into_bound(py));
    }
    let mut found = py.import(class.module.as_str())?.into_any();
    for part in class.qualname.split('.') {
        found = found.getattr(part)?;
    }
    let cls = found.cast_into::<PyType>()?;
    match class_of(&cls)? {
        Some(c) if c == *class => Ok(cls),
        _ => Err(pyo3::exceptions::PyTypeError::new_err(format!("hasten: {}.{} is no longer the namedtuple class with fields {:?}", class.module, class.qualname, class.fields))),
    }
}

/// A tuple of `values` as Python has it: an instance of the named tuple's class, or a plain tuple.
pub fn tuple_object<'py>(py: Python<'py>, t: &TupleType, values: Vec<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
    let plain = PyTuple::new(py, values)?;
    match &t.class {
        None => Ok(plain.into_any()),
        // What `cls._make` does: the tuple's own constructor, whatever `__new__` the class has.
        Some(class) => py.get_type::<PyTuple>().call_method1("__new__", (class_object(py, class)?, plain)),
    }
}

/// A slice object of the parts `parts` says are ints (taken from `next` in order), None for the
/// others.
pub fn slice_object<'py>(py: Python<'py>, parts: &[bool; 3], mut next: impl FnMut() -> u64) -> PyResult<Bound<'py, PyAny>> {
    let mut items = Vec::with_capacity(3);
    for present in parts {
        items.push(if *present { (next() as i64).into_pyobject(py)?.into_any() } else { py.None().into_bound(py) });
    }
    // SAFETY: three live objects; PySlice_New takes its own references.
    unsafe { Bound::from_owned_ptr_or_err(py, pyo3::ffi::PySlice_New(items[0].as_ptr(), items[1].as_ptr(), items[2].as_ptr())) }
}

/// The type of a slice object passed in: which of its parts are ints (within 64 bits), or `None`
/// where a part is anything else but None.
pub fn slice_type(o: &Bound<'_, PyAny>) -> PyResult<Option<hasten_ir::Type>> {
    let mut parts = [false; 3];
    for (k, name) in ["start", "stop", "step"].iter().enumerate() {
        let v = o.getattr(*name)?;
        if v.is_none() {
            continue;
        }
        if !v.is_instance_of::<pyo3::types::PyInt>() || v.extract::<i64>().is_err() {
            return Ok(None);
        }
        parts[k] = true;
    }
    Ok(Some(hasten_ir::Type::Slice(parts)))
}

/// Writes the int parts of the slice `o` (of type `Slice(parts)`) with `put`.
pub fn marshal_slice(o: &Bound<'_, PyAny>, parts: &[bool; 3], mut put: impl FnMut(u64)) -> PyResult<()> {
    for (present, name) in parts.iter().zip(["start", "stop", "step"]) {
        if *present {
            put(o.getattr(name)?.extract::<i64>()? as u64);
        }
    }
    Ok(())
}
