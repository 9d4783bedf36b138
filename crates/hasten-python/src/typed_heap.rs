//! Heap values in `hasten.typed` containers: strings and arrays, which the container holds by
//! reference count across calls (`typed.rs` has the numbers).
//!
//! A container from Python owns one reference to each heap value its items hold. A string is a
//! runtime string block. An array NumPy made is held through a foreign block (`memory::foreign`)
//! that owns a reference to the array object; its data stays NumPy's, so a change made through
//! the container is seen by the array and the other way round, as with numba's typed containers.
//!
//! A call may store into a typed container values whose blocks its scope lists, or arrays it
//! borrowed from Python (an owner word that is the Python object itself, holding no reference).
//! [`settle_items`] runs after every call that may have done so, before anything is boxed: it
//! takes those blocks out of the scope (the container's references keep them) and gives borrowed
//! arrays a foreign block. Such a block may then also be part of a result; the boxer holds it
//! through a [`HeldBlock`] rather than taking it over.

use hasten_ir::Type;
use hasten_runtime::memory::foreign;
use pyo3::exceptions::PyMemoryError;
use pyo3::ffi;
use pyo3::prelude::*;
use std::collections::HashSet;

/// The base object of an array whose memory a counted block keeps alive: it holds one reference
/// to the block, released when NumPy drops it.
#[pyclass(frozen, module = "hasten._core", name = "_Held")]
pub struct HeldBlock {
    owner: u64,
}

impl Drop for HeldBlock {
    fn drop(&mut self) {
        // SAFETY: the reference this object took in `held`.
        unsafe { hasten_runtime::hasten_rt_decref(self.owner) };
        Python::attach(drain);
    }
}

/// A new base object holding a reference (taken here) to the live block `owner`.
pub fn held(py: Python<'_>, owner: u64) -> PyResult<Bound<'_, PyAny>> {
    // SAFETY: the caller's reference keeps the block live while this one is taken.
    unsafe { hasten_runtime::list::incref(owner) };
    Ok(Bound::new(py, HeldBlock { owner })?.into_any())
}

/// Releases the Python objects whose foreign blocks died since the last time.
pub fn drain(_py: Python<'_>) {
    for object in foreign::take_released() {
        // SAFETY: each queued object carries the reference its block owned; the GIL is held.
        unsafe { ffi::Py_DECREF(object as *mut ffi::PyObject) };
    }
}

/// A foreign block holding a new reference to the Python object `object`: its owner word.
pub fn foreign_owner(object: *mut ffi::PyObject) -> PyResult<u64> {
    // SAFETY: a live object; the block takes the reference made here.
    unsafe { ffi::Py_INCREF(object) };
    let block = foreign::new_foreign_block(object as u64);
    if block.is_null() {
        // SAFETY: the reference just taken, which no block holds.
        unsafe { ffi::Py_DECREF(object) };
        hasten_runtime::take_error();
        return Err(PyMemoryError::new_err("unable to hold an array"));
    }
    Ok(block as u64 | 1)
}

/// Adds a reference to every heap value the item words `words` (whole items of type `t`) hold.
pub fn retain(t: &Type, words: &[u64]) {
    each_owner(t, words, |o| unsafe { hasten_runtime::list::incref(o) });
}

/// Releases the references the item words `words` (whole items of type `t`) hold.
pub fn release(py: Python<'_>, t: &Type, words: &[u64]) {
    let mut owners = Vec::new();
    each_owner(t, words, |o| owners.push(o));
    release_owners(py, &owners);
}

/// Releases one reference to each block among `owners` (other words are Python objects or null).
pub fn release_owners(py: Python<'_>, owners: &[u64]) {
    for &o in owners.iter().filter(|&&o| o & 1 == 1) {
        // SAFETY: the caller owns the references it gives up.
        unsafe { hasten_runtime::hasten_rt_decref(o) };
    }
    drain(py);
}

fn each_owner(t: &Type, words: &[u64], mut f: impl FnMut(u64)) {
    let n = t.slot_count();
    if n == 0 || !t.has_refs() {
        return;
    }
    let slots = t.owner_slots();
    for item in words.chunks(n) {
        for &k in &slots {
            f(item[k]);
        }
    }
}

/// Whether values of type `t` may hold a list or dict (where a typed container could sit).
fn may_hold_containers(t: &Type) -> bool {
    match t {
        Type::List(_) | Type::Dict(..) => true,
        Type::Tuple(items) => items.iter().any(may_hold_containers),
        Type::Optional(t) => may_hold_containers(t),
        _ => false,
    }
}

/// After a call: the typed containers that the value of type `t` in `slots` holds (itself, or
/// inside tuples, lists and dicts) keep their heap items beyond the call's scope. See the module
/// documentation.
pub fn settle_items(t: &Type, slots: &[u64], seen: &mut HashSet<u64>) -> PyResult<()> {
    if !may_hold_containers(t) {
        return Ok(());
    }
    match t {
        Type::Tuple(items) => {
            let mut pos = 0;
            for item in items {
                let n = item.slot_count();
                settle_items(item, &slots[pos..pos + n], seen)?;
                pos += n;
            }
        }
        Type::Optional(value) if slots[0] as u8 != 0 => settle_items(value, &slots[1..], seen)?,
        Type::List(item) if seen.insert(slots[0]) => {
            // SAFETY: the value refers to a live list, which nothing else touches now.
            let typed = unsafe { hasten_runtime::list::is_typed(slots[0]) };
            let words = unsafe { hasten_runtime::list::items_mut(slots[0]) };
            if typed {
                keep_items(item, words)?;
            } else {
                settle_items_of(item, words, seen)?;
            }
        }
        Type::Dict(key, value) if seen.insert(slots[0]) => {
            // SAFETY: as above, for a live dict.
            let typed = unsafe { hasten_runtime::dict::is_typed(slots[0]) };
            for (k, v) in unsafe { hasten_runtime::dict::entries_mut(slots[0]) } {
                if typed {
                    keep_items(key, k)?;
                    keep_items(value, v)?;
                } else {
                    settle_items_of(key, k, seen)?;
                    settle_items_of(value, v, seen)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn settle_items_of(t: &Type, words: &[u64], seen: &mut HashSet<u64>) -> PyResult<()> {
    let n = t.slot_count();
    if n == 0 || !may_hold_containers(t) {
        return Ok(());
    }
    words.chunks(n).try_for_each(|item| settle_items(t, item, seen))
}

/// The heap values of a typed container's items (whole items of type `t`) leave the call's scope;
/// a borrowed Python array gets a foreign block holding a reference to it.
fn keep_items(t: &Type, words: &mut [u64]) -> PyResult<()> {
    let n = t.slot_count();
    if n == 0 || !t.has_refs() {
        return Ok(());
    }
    let slots = t.owner_slots();
    for item in words.chunks_mut(n) {
        for &k in &slots {
            let o = item[k];
            if o & 1 == 1 {
                // SAFETY: a live block the container holds a reference to.
                unsafe { hasten_runtime::memory::unscope(o) };
            } else if o != 0 {
                item[k] = foreign_owner(o as *mut ffi::PyObject)?;
            }
        }
    }
    Ok(())
}

/// [`settle_items`] for a call's lists, dicts and sets passed in and, if it returned, its result.
pub fn settle_call(args: &[crate::boxing::ArgList<'_>], result: Option<(&Type, &[u64])>) -> PyResult<()> {
    if args.is_empty() && result.is_none_or(|(t, _)| !may_hold_containers(t)) {
        return Ok(());
    }
    let mut seen = HashSet::new();
    for a in args {
        settle_items(&a.ty, &[a.owner], &mut seen)?;
    }
    match result {
        Some((t, slots)) => settle_items(t, slots, &mut seen),
        None => Ok(()),
    }
}
