//! The native base of `hasten.typed.Dict`: a runtime dict (`hasten_runtime::dict`) that the
//! Python object holds one reference to, and the primitive operations `python/hasten/typed.py`
//! builds numba's API from. Keys are integers and bools (NumPy's too), float64s, strings or tuples
//! of them, integers written widened as compiled code writes them, so that a key stored from Python
//! is found by compiled code and the other way round.

use crate::typed::{infer_item, numba_name, parse_item, read_all, read_item, write_item};
use crate::typed_heap::{release, retain};
use hasten_ir::Type;
use hasten_runtime::dict;
use pyo3::exceptions::{PyMemoryError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use std::sync::OnceLock;

struct Native {
    owner: u64,
    key: Type,
    value: Type,
}

impl Drop for Native {
    fn drop(&mut self) {
        // SAFETY: the object's own reference; between calls it is the only one.
        unsafe { hasten_runtime::hasten_rt_decref(self.owner) };
        Python::attach(crate::typed_heap::drain);
    }
}

/// Keys compiled code compares by their widened words, or as float64s.
pub(crate) fn key_ok(t: &Type) -> bool {
    match t {
        Type::Tuple(items) => !items.is_empty() && items.iter().all(key_ok),
        t => t.is_intlike() || matches!(t, Type::Float | Type::Str | Type::Scalar(hasten_ir::Dtype::F64)),
    }
}

fn check_key(t: Type) -> PyResult<Type> {
    if key_ok(&t) {
        return Ok(t);
    }
    Err(PyTypeError::new_err(format!(
        "hasten.typed.Dict keys are integers, bools, float64s, strings or tuples of them, not {}",
        numba_name(&t)
    )))
}

#[pyclass(subclass, frozen, module = "hasten._core", name = "_TypedDict")]
pub struct TypedDict {
    native: OnceLock<Native>,
}

impl TypedDict {
    /// The key and value types and the owner, or the error for a dict whose types are unknown.
    pub fn native(&self, py: Python<'_>) -> PyResult<(Type, Type, u64)> {
        match self.native.get() {
            Some(n) => Ok((n.key.clone(), n.value.clone(), n.owner)),
            None => Err(crate::unsupported_argument(
                py,
                "hasten: a hasten.typed.Dict whose key and value types are not known yet (nothing stored) cannot be passed to compiled code: store an entry first, or make it with Dict.empty(key_type, value_type)".into(),
            )),
        }
    }

    fn typed(&self) -> Option<&Native> {
        self.native.get()
    }

    fn init(&self, key: Type, value: Type) -> PyResult<&Native> {
        let mask = |k: Vec<usize>| k.into_iter().fold(0u64, |m, k| m | 1 << k);
        let (owners, strs) = (mask(value.owner_slots()), mask(crate::boxing::str_slots(&key)));
        let block = dict::hasten_rt_dict_new(key.slot_count() as u64, value.slot_count() as u64, owners, strs, crate::typed::key_floats(&key));
        if block.is_null() {
            hasten_runtime::take_error();
            return Err(PyMemoryError::new_err("unable to allocate a dict"));
        }
        let owner = block as u64 | 1;
        // SAFETY: a live block just made; marked typed so that results holding it leave its
        // entries to it.
        unsafe {
            hasten_runtime::memory::unscope(owner);
            dict::hasten_rt_dict_mark_typed(owner);
        }
        let _ = self.native.set(Native { owner, key, value });
        Ok(self.native.get().expect("just set"))
    }

    /// The words of `k` as a key, or None if it cannot be one of this dict's keys. They hold a
    /// reference to each string in the key, which the caller releases.
    fn key_words(&self, py: Python<'_>, n: &Native, k: &Bound<'_, PyAny>) -> PyResult<Option<Vec<u64>>> {
        let mut out = Vec::with_capacity(n.key.slot_count());
        Ok(write_item(py, k, &n.key, &mut out)?.then_some(out))
    }

    fn entries(&self) -> (Vec<u64>, Vec<u64>) {
        let (mut keys, mut values) = (Vec::new(), Vec::new());
        if let Some(n) = self.typed() {
            // SAFETY: a live dict; the words are copied before anything else runs.
            for (k, v) in unsafe { dict::entries(n.owner) } {
                keys.extend_from_slice(k);
                values.extend_from_slice(v);
            }
        }
        (keys, values)
    }
}

#[pymethods]
impl TypedDict {
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn new(_args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, PyDict>>) -> Self {
        TypedDict { native: OnceLock::new() }
    }

    /// Fixes the key and value types, named by hasten type texts.
    fn _set_types(&self, key: &str, value: &str) -> PyResult<()> {
        let key = check_key(parse_item(key, "Dict.empty key_type")?)?;
        let value = parse_item(value, "Dict.empty value_type")?;
        match self.typed() {
            Some(n) if n.key == key && n.value == value => Ok(()),
            Some(_) => Err(PyTypeError::new_err("this dict's key and value types are already fixed")),
            None => self.init(key, value).map(|_| ()),
        }
    }

    /// (key, value) type texts, or None while unknown.
    #[getter]
    fn _types(&self) -> Option<(String, String)> {
        self.typed().map(|n| (n.key.to_string(), n.value.to_string()))
    }

    /// numba's `DictType[int64,float64]` name, or None while unknown.
    #[getter]
    fn _type_name(&self) -> Option<String> {
        self.typed().map(|n| format!("DictType[{},{}]", numba_name(&n.key), numba_name(&n.value)))
    }

    fn __len__(&self) -> usize {
        // SAFETY: a live dict, whose body starts with its number of live entries.
        self.typed().map_or(0, |n| unsafe { *((*((n.owner & !1) as *const *const u8)).add(dict::LEN_OFFSET as usize) as *const i64) } as usize)
    }

    /// The value under `key`, or None if there is none (or `key` cannot be one of the keys).
    fn _lookup<'py>(&self, py: Python<'py>, key: &Bound<'_, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(n) = self.typed() else { return Ok(None) };
        let Some(k) = self.key_words(py, n, key)? else { return Ok(None) };
        // SAFETY: a live dict and its key words; the value is copied out and held before boxing.
        let value: Option<Vec<u64>> = unsafe {
            let at = dict::hasten_rt_dict_get(n.owner, k.as_ptr());
            (!at.is_null()).then(|| std::slice::from_raw_parts(at, n.value.slot_count()).to_vec())
        };
        release(py, &n.key, &k);
        let Some(value) = value else { return Ok(None) };
        retain(&n.value, &value);
        let boxed = read_item(py, &n.value, &value, &mut 0);
        release(py, &n.value, &value);
        boxed.map(Some)
    }

    /// `d[key] = value`; the first store fixes the types.
    fn _store(&self, py: Python<'_>, key: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let n = match self.typed() {
            Some(n) => n,
            None => {
                let k = check_key(infer_item(py, key, "Dict")?)?;
                self.init(k, infer_item(py, value, "Dict")?)?
            }
        };
        let wrong = |what: &str, t: &Type, v: &Bound<'_, PyAny>| -> PyResult<PyErr> {
            Ok(PyTypeError::new_err(format!("{}: the {what} must be {}, not {} {}", self._type_name().unwrap_or_default(), numba_name(t), v.get_type().name()?, v.repr()?)))
        };
        let Some(k) = self.key_words(py, n, key)? else { return Err(wrong("key", &n.key, key)?) };
        let mut v = Vec::with_capacity(n.value.slot_count());
        let converted = write_item(py, value, &n.value, &mut v);
        if !matches!(converted, Ok(true)) {
            release(py, &n.key, &k);
            converted?;
            return Err(wrong("value", &n.value, value)?);
        }
        // SAFETY: a live dict and its key and value words; the value's references move in, and
        // the dict takes its own references to the key's strings.
        let status = unsafe { dict::hasten_rt_dict_set(n.owner, k.as_ptr(), v.as_ptr()) };
        release(py, &n.key, &k);
        if status != 0 {
            release(py, &n.value, &v);
            return Err(crate::typed::store_failed("dict"));
        }
        Ok(())
    }

    /// Removes `key`'s entry and returns its value, or None if there is none.
    fn _remove<'py>(&self, py: Python<'py>, key: &Bound<'_, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(n) = self.typed() else { return Ok(None) };
        let Some(k) = self.key_words(py, n, key)? else { return Ok(None) };
        let mut out = vec![0u64; n.value.slot_count().max(1)];
        // SAFETY: a live dict, its key words, room for a value.
        let status = unsafe { dict::hasten_rt_dict_pop(n.owner, k.as_ptr(), out.as_mut_ptr()) };
        release(py, &n.key, &k);
        if status != 0 {
            return Ok(None);
        }
        let out = &out[..n.value.slot_count()];
        let boxed = read_item(py, &n.value, out, &mut 0);
        release(py, &n.value, out);
        boxed.map(Some)
    }

    /// The keys, in insertion order, as a new Python list.
    fn _keys<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let (keys, _) = self.entries();
        match self.typed() {
            Some(n) => read_all(py, &n.key, &keys),
            None => Ok(PyList::empty(py)),
        }
    }

    /// The values, in insertion order, as a new Python list.
    fn _values<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let (_, values) = self.entries();
        match self.typed() {
            Some(n) => read_all(py, &n.value, &values),
            None => Ok(PyList::empty(py)),
        }
    }

    /// The (key, value) pairs, in insertion order, as a new Python list.
    fn _items<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let keys = self._keys(py)?;
        let values = self._values(py)?;
        let pairs = keys.iter().zip(values.iter()).map(|(k, v)| PyTuple::new(py, [k, v])).collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, pairs)
    }

    fn clear(&self, py: Python<'_>) {
        if let Some(n) = self.typed() {
            // SAFETY: a live dict.
            unsafe { dict::hasten_rt_dict_clear(n.owner) };
            crate::typed_heap::drain(py);
        }
    }

    /// The runtime dict's reference count (the tests check it stays 1 between calls).
    fn _refcount(&self) -> i64 {
        // SAFETY: a live block.
        self.typed().map_or(0, |n| unsafe { hasten_runtime::memory::refcount(n.owner) })
    }
}

/// A new `hasten.typed.Dict` holding the block `owner`, whose one reference it takes over: a typed
/// container compiled code made (`hasten.typed.Dict()` inside) and returned.
pub fn adopt<'py>(py: Python<'py>, owner: u64, key: Type, value: Type) -> PyResult<Bound<'py, PyAny>> {
    let obj = py.import("hasten.typed")?.getattr("Dict")?.call0()?;
    let typed = obj.cast::<TypedDict>()?;
    if let Err(native) = typed.get().native.set(Native { owner, key, value }) {
        // Not ours to release: the caller still holds that reference.
        std::mem::forget(native);
        return Err(pyo3::exceptions::PySystemError::new_err("hasten: a new typed container already held a block"));
    }
    Ok(obj)
}
