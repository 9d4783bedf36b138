//! The native base of `hasten.typed.List`: a runtime list (`hasten_runtime::list`) that the
//! Python object holds one reference to, and the primitive operations `python/hasten/typed.py`
//! builds numba's API from. Indices reaching these are Python ints; the Python class turns slices
//! and wrong index types into CPython's errors.

use crate::typed::{infer_item, numba_name, parse_item, read_all, read_item, write_item};
use crate::typed_heap::{release, retain};
use hasten_ir::Type;
use hasten_runtime::list;
use pyo3::exceptions::{PyIndexError, PyMemoryError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use std::sync::OnceLock;

/// The runtime list and its item type, fixed once known.
struct Native {
    owner: u64,
    item: Type,
}

impl Drop for Native {
    fn drop(&mut self) {
        // SAFETY: the object's own reference; between calls it is the only one.
        unsafe { hasten_runtime::hasten_rt_decref(self.owner) };
        Python::attach(crate::typed_heap::drain);
    }
}

#[pyclass(subclass, frozen, module = "hasten._core", name = "_TypedList")]
pub struct TypedList {
    native: OnceLock<Native>,
}

impl TypedList {
    /// The item type and owner, or the error for a list whose item type is still unknown.
    pub fn native(&self, _py: Python<'_>) -> PyResult<(Type, u64)> {
        match self.native.get() {
            Some(n) => Ok((n.item.clone(), n.owner)),
            None => Err(crate::unsupported_argument(
                _py,
                "hasten: a hasten.typed.List whose item type is not known yet (nothing appended) cannot be passed to compiled code: append an item first, or make it with List.empty_list(item_type)".into(),
            )),
        }
    }

    fn typed(&self) -> Option<&Native> {
        self.native.get()
    }

    /// Fixes the item type to `item`, with room for `cap` items.
    fn init(&self, item: Type, cap: usize) -> PyResult<&Native> {
        let mask = item.owner_slots().into_iter().fold(0u64, |m, k| m | 1 << k);
        let block = list::hasten_rt_list_new(item.slot_count() as u64, mask, cap as u64);
        if block.is_null() {
            hasten_runtime::take_error();
            return Err(PyMemoryError::new_err("unable to allocate a list"));
        }
        let owner = block as u64 | 1;
        // SAFETY: a live block just made; marked typed so that results holding it leave its items
        // to it.
        unsafe {
            hasten_runtime::memory::unscope(owner);
            list::hasten_rt_list_mark_typed(owner);
        }
        let _ = self.native.set(Native { owner, item });
        Ok(self.native.get().expect("just set"))
    }

    /// The native list, its type fixed from `first` if it was unknown.
    fn typed_for(&self, py: Python<'_>, first: &Bound<'_, PyAny>) -> PyResult<&Native> {
        match self.native.get() {
            Some(n) => Ok(n),
            None => self.init(infer_item(py, first, "List")?, 0),
        }
    }

    /// The words of `v` as an item, or TypeError naming the list's type.
    fn words(&self, py: Python<'_>, n: &Native, v: &Bound<'_, PyAny>) -> PyResult<Vec<u64>> {
        let mut out = Vec::with_capacity(n.item.slot_count());
        if !write_item(py, v, &n.item, &mut out)? {
            return Err(PyTypeError::new_err(format!(
                "ListType[{}] cannot hold {} {}",
                numba_name(&n.item),
                v.get_type().name()?,
                v.repr()?
            )));
        }
        Ok(out)
    }

    /// The words of every value as an item, or (having released those converted) the first error.
    fn all_or_none(&self, py: Python<'_>, n: &Native, values: &[Bound<'_, PyAny>]) -> PyResult<Vec<u64>> {
        let mut words = Vec::with_capacity(values.len() * n.item.slot_count());
        for v in values {
            match self.words(py, n, v) {
                Ok(w) => words.extend(w),
                Err(e) => {
                    release(py, &n.item, &words);
                    return Err(e);
                }
            }
        }
        Ok(words)
    }

    fn len(&self) -> usize {
        // SAFETY: a live list.
        self.typed().map_or(0, |n| unsafe { list::items(n.owner) }.0)
    }

    /// `index` (negative counts from the end) as a position inside the list, if it is one.
    fn position(&self, index: isize) -> Option<usize> {
        let len = self.len() as isize;
        let k = if index < 0 { index + len } else { index };
        (0..len).contains(&k).then_some(k as usize)
    }

    /// A copy of the items' words: Python code that boxing may run (a collection) must not see
    /// a slice into a list it can change.
    fn all_words(&self) -> Vec<u64> {
        // SAFETY: a live list, copied before anything else runs.
        self.typed().map_or(Vec::new(), |n| unsafe { list::items(n.owner) }.2.to_vec())
    }
}

#[pymethods]
impl TypedList {
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn new(_args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, PyDict>>) -> Self {
        TypedList { native: OnceLock::new() }
    }

    /// Fixes the item type, named by a hasten type text, with room for `allocated` items.
    fn _set_type(&self, text: &str, allocated: usize) -> PyResult<()> {
        let item = parse_item(text, "List.empty_list")?;
        match self.typed() {
            Some(n) if n.item == item => Ok(()),
            Some(n) => Err(PyTypeError::new_err(format!("this list's items are already {}", numba_name(&n.item)))),
            None => self.init(item, allocated).map(|_| ()),
        }
    }

    /// The item type as hasten's type text, or None while unknown.
    #[getter]
    fn _item_type(&self) -> Option<String> {
        self.typed().map(|n| n.item.to_string())
    }

    /// numba's name of the item type (`float64`), or None while unknown.
    #[getter]
    fn _item_name(&self) -> Option<String> {
        self.typed().map(|n| numba_name(&n.item))
    }

    fn __len__(&self) -> usize {
        self.len()
    }

    fn _get<'py>(&self, py: Python<'py>, index: isize) -> PyResult<Bound<'py, PyAny>> {
        let (Some(n), Some(k)) = (self.typed(), self.position(index)) else {
            return Err(PyIndexError::new_err("list index out of range"));
        };
        let w = n.item.slot_count();
        // SAFETY: a live list; the item is copied out and held before boxing.
        let item: Vec<u64> = unsafe { list::items(n.owner) }.2[k * w..(k + 1) * w].to_vec();
        retain(&n.item, &item);
        let value = read_item(py, &n.item, &item, &mut 0);
        release(py, &n.item, &item);
        value
    }

    fn _set(&self, py: Python<'_>, index: isize, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let Some(n) = self.typed() else { return Err(PyIndexError::new_err("list assignment index out of range")) };
        let words = self.words(py, n, value)?;
        // Converting ran Python code: the position is found afterwards.
        let Some(k) = self.position(index) else {
            release(py, &n.item, &words);
            return Err(PyIndexError::new_err("list assignment index out of range"));
        };
        let w = words.len();
        // SAFETY: a live list, nothing else reading it; the old item's references are released.
        let old = unsafe {
            let slot = &mut list::items_mut(n.owner)[k * w..(k + 1) * w];
            let old = slot.to_vec();
            slot.copy_from_slice(&words);
            old
        };
        release(py, &n.item, &old);
        Ok(())
    }

    fn append(&self, py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let n = self.typed_for(py, value)?;
        let words = self.words(py, n, value)?;
        // SAFETY: a live list and one item's words.
        if unsafe { list::hasten_rt_list_append(n.owner, words.as_ptr()) } != 0 {
            hasten_runtime::take_error();
            release(py, &n.item, &words);
            return Err(PyMemoryError::new_err("unable to grow a list"));
        }
        Ok(())
    }

    /// `list.insert`, with CPython's clamping of the index.
    fn insert(&self, py: Python<'_>, index: isize, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let n = self.typed_for(py, value)?;
        let words = self.words(py, n, value)?;
        // SAFETY: a live list and one item's words.
        if unsafe { list::hasten_rt_list_insert(n.owner, index as i64, words.as_ptr()) } != 0 {
            hasten_runtime::take_error();
            release(py, &n.item, &words);
            return Err(PyMemoryError::new_err("unable to grow a list"));
        }
        Ok(())
    }

    fn _pop<'py>(&self, py: Python<'py>, index: isize) -> PyResult<Bound<'py, PyAny>> {
        let len = self.len();
        let (Some(n), Some(k)) = (self.typed(), self.position(index)) else {
            let msg = if len == 0 { "pop from empty list" } else { "pop index out of range" };
            return Err(PyIndexError::new_err(msg));
        };
        let mut out = vec![0u64; n.item.slot_count()];
        // SAFETY: a live list, `k` inside it, room for one item.
        unsafe { list::hasten_rt_list_pop(n.owner, k as i64, out.as_mut_ptr(), std::ptr::null(), 0) };
        let value = read_item(py, &n.item, &out, &mut 0);
        release(py, &n.item, &out);
        value
    }

    /// Appends every item of `iterable`, converted first (a wrong one leaves the list as it was).
    fn _extend(&self, py: Python<'_>, iterable: &Bound<'_, PyAny>) -> PyResult<()> {
        let values: Vec<Bound<'_, PyAny>> = match iterable.cast::<PyList>() {
            Ok(l) => l.iter().collect(),
            Err(_) => iterable.try_iter()?.collect::<PyResult<_>>()?,
        };
        let Some(first) = values.first() else { return Ok(()) };
        let n = self.typed_for(py, first)?;
        let words = self.all_or_none(py, n, &values)?;
        // SAFETY: a live list; whole items, whose references move into it.
        unsafe { list::extend_words(n.owner, &words) };
        Ok(())
    }

    /// The items as a new Python list.
    fn _tolist<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let words = self.all_words();
        match self.typed() {
            Some(n) => read_all(py, &n.item, &words),
            None => Ok(PyList::empty(py)),
        }
    }

    /// A new list of the same class and item type holding the items at `indices`.
    fn _take<'py>(slf: &Bound<'py, Self>, indices: Vec<usize>) -> PyResult<Bound<'py, PyAny>> {
        let new = slf.get_type().call0()?;
        let Some(n) = slf.get().typed() else { return Ok(new) };
        let w = n.item.slot_count();
        let all = slf.get().all_words();
        let words: Vec<u64> = indices.iter().flat_map(|&k| all[k * w..(k + 1) * w].iter().copied()).collect();
        retain(&n.item, &words);
        let target = new.cast::<TypedList>()?.get();
        let t = match target.typed() {
            Some(t) => t,
            None => target.init(n.item.clone(), indices.len())?,
        };
        // SAFETY: a live list of the same item type; whole items, each reference just taken.
        unsafe { list::extend_words(t.owner, &words) };
        Ok(new)
    }

    /// Replaces every item by those of `values` (converted first: a wrong one changes nothing).
    fn _replace(&self, py: Python<'_>, values: &Bound<'_, PyAny>) -> PyResult<()> {
        let values: Vec<Bound<'_, PyAny>> = values.try_iter()?.collect::<PyResult<_>>()?;
        let Some(n) = self.typed() else { return self._extend(py, PyList::new(py, values)?.as_any()) };
        let words = self.all_or_none(py, n, &values)?;
        // SAFETY: a live list; the old items are released, the new ones' references move in.
        unsafe {
            list::hasten_rt_list_clear(n.owner);
            list::extend_words(n.owner, &words);
        }
        crate::typed_heap::drain(py);
        Ok(())
    }

    fn clear(&self, py: Python<'_>) {
        if let Some(n) = self.typed() {
            // SAFETY: a live list.
            unsafe { list::hasten_rt_list_clear(n.owner) };
            crate::typed_heap::drain(py);
        }
    }

    fn reverse(&self) {
        if let Some(n) = self.typed() {
            // SAFETY: a live list.
            unsafe { list::hasten_rt_list_reverse(n.owner) };
        }
    }

    /// The runtime list's reference count (the tests check it stays 1 between calls).
    fn _refcount(&self) -> i64 {
        // SAFETY: a live block.
        self.typed().map_or(0, |n| unsafe { hasten_runtime::memory::refcount(n.owner) })
    }
}

/// A new `hasten.typed.List` holding the block `owner`, whose one reference it takes over: a typed
/// container compiled code made (`hasten.typed.List()` inside) and returned.
pub fn adopt<'py>(py: Python<'py>, owner: u64, item: Type) -> PyResult<Bound<'py, PyAny>> {
    let obj = py.import("hasten.typed")?.getattr("List")?.call0()?;
    let typed = obj.cast::<TypedList>()?;
    if let Err(native) = typed.get().native.set(Native { owner, item }) {
        // Not ours to release: the caller still holds that reference.
        std::mem::forget(native);
        return Err(pyo3::exceptions::PySystemError::new_err("hasten: a new typed container already held a block"));
    }
    Ok(obj)
}
