//! `np.random.Generator` arguments: recognised by their exact type (a subclass may override the
//! methods compiled code replaces), passed as the address of their bit generator's `bitgen_t`
//! (`bit_generator.capsule`), which compiled code draws from directly, so the caller's generator
//! advances exactly as NumPy's own methods would advance it.

use pyo3::ffi;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

static GENERATOR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Whether `o` is an `np.random.Generator` (looked up once NumPy's random module is loaded).
pub fn is_generator(py: Python<'_>, o: &Bound<'_, PyAny>) -> PyResult<bool> {
    if let Some(g) = GENERATOR.get(py) {
        return Ok(o.get_type().is(g));
    }
    let modules = py.import(intern!(py, "sys"))?.getattr(intern!(py, "modules"))?;
    let Ok(module) = modules.get_item(intern!(py, "numpy.random._generator")) else { return Ok(false) };
    let g = module.getattr(intern!(py, "Generator"))?.cast_into::<PyType>()?;
    Ok(o.get_type().is(GENERATOR.get_or_init(py, || g.unbind())))
}

/// The address of the `bitgen_t` of a Generator's bit generator.
pub fn bitgen_address(py: Python<'_>, o: &Bound<'_, PyAny>) -> PyResult<u64> {
    let capsule = o.getattr(intern!(py, "bit_generator"))?.getattr(intern!(py, "capsule"))?;
    // SAFETY: a live object; PyCapsule_GetPointer checks the capsule and its name.
    let p = unsafe { ffi::PyCapsule_GetPointer(capsule.as_ptr(), c"BitGenerator".as_ptr()) };
    if p.is_null() {
        return Err(PyErr::fetch(py));
    }
    Ok(p as u64)
}
