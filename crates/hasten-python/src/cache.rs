//! `cache=True`: compiled machine code kept on disk between processes.
//!
//! `hasten._cache` (Python) derives the key of an entry (hasten's build, the program's sources and
//! frozen globals and options, the argument types, the ISA flags), chooses the directory and does
//! the file I/O, writing atomically. This side checks and loads an entry
//! (`hasten_compiler::cache`), compiles on a miss or a refused entry, and hands the new entry back
//! to be written. Counters say what happened (`hasten.cache_stats()`), which the tests read to
//! tell a hit from a compile.

use crate::dispatcher::{compile_error, Hooks};
use hasten_compiler::Compiled;
use hasten_ir::{Program, Type};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use std::sync::atomic::{AtomicU64, Ordering};

static HITS: AtomicU64 = AtomicU64::new(0);
static MISSES: AtomicU64 = AtomicU64::new(0);
static REJECTED: AtomicU64 = AtomicU64::new(0);
static STORED: AtomicU64 = AtomicU64::new(0);
static UNCACHEABLE: AtomicU64 = AtomicU64::new(0);

/// The specialisation of `program`'s root for `types`: loaded from the cache when a sound entry
/// exists, else compiled and stored.
pub fn load_or_compile(py: Python<'_>, hooks: &Hooks, dispatcher: &Bound<'_, PyAny>, program: &Program, types: &[Type], signature: &str) -> PyResult<Compiled> {
    let found = hooks.cache_load.bind(py).call1((dispatcher, signature, hasten_compiler::isa_fingerprint()))?;
    let (key, blob): (String, Option<Bound<'_, PyBytes>>) = found.extract()?;
    if let Some(blob) = blob {
        let bytes = blob.as_bytes().to_vec();
        match py.detach(|| hasten_compiler::cache::deserialize(&bytes, &key, types)) {
            Ok(compiled) => {
                HITS.fetch_add(1, Ordering::Relaxed);
                return Ok(compiled);
            }
            Err(_) => {
                REJECTED.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
    MISSES.fetch_add(1, Ordering::Relaxed);
    let compiled = py.detach(|| hasten_compiler::compile(program, 0, types)).map_err(compile_error)?;
    match hasten_compiler::cache::serialize(&compiled, &key) {
        Ok(entry) => {
            if hooks.cache_store.bind(py).call1((dispatcher, key, PyBytes::new(py, &entry)))?.is_truthy()? {
                STORED.fetch_add(1, Ordering::Relaxed);
            }
        }
        Err(why) => {
            UNCACHEABLE.fetch_add(1, Ordering::Relaxed);
            let msg = format!("hasten: cannot cache this specialisation ({signature}): its code holds {why}; it runs uncached");
            let msg = std::ffi::CString::new(msg).unwrap_or_default();
            PyErr::warn(py, &py.get_type::<pyo3::exceptions::PyRuntimeWarning>(), &msg, 1)?;
        }
    }
    Ok(compiled)
}

/// Counters of this process: entries loaded (`hits`), compiles of cached functions (`misses`),
/// entries refused as stale or corrupt (`rejected`, each also a miss), entries written (`stored`),
/// and modules that could not be made relocatable (`uncacheable`).
#[pyfunction]
pub fn cache_stats(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let d = PyDict::new(py);
    for (name, counter) in [("hits", &HITS), ("misses", &MISSES), ("rejected", &REJECTED), ("stored", &STORED), ("uncacheable", &UNCACHEABLE)] {
        d.set_item(name, counter.load(Ordering::Relaxed))?;
    }
    Ok(d)
}
