//! `hasten._core`: the native half of hasten's Python package — argument typing and marshalling,
//! the dispatcher that calls compiled code, and the bridge to the compiler.

mod alloc;
mod boxing;

/// Every Rust allocation of the extension, the runtime's blocks included (see `alloc.rs`).
#[global_allocator]
static ALLOCATOR: alloc::Hybrid = alloc::Hybrid;

mod cache;
mod compiled_generator;
mod dispatcher;
mod generator;
mod named;
mod overloads;
mod print;
mod program;
mod tiering;
mod typed;
mod typed_dict;
mod typed_heap;
mod typed_list;
mod types;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

pyo3::create_exception!(hasten, HastenError, pyo3::exceptions::PyException, "Base class of hasten's compile-time errors.");
pyo3::create_exception!(hasten, TypingError, HastenError, "The function's types do not fit together.");
pyo3::create_exception!(hasten, UnsupportedError, HastenError, "The function uses something hasten does not compile.");
pyo3::create_exception!(hasten, InternalError, HastenError, "A bug in hasten, never in the compiled function: please report it.");

static ARGUMENT_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `UnsupportedArgumentError(UnsupportedError, TypeError)`: an argument hasten cannot take is
/// hasten's unsupported feature and, as in CPython, a wrong-type call.
fn argument_error_type(py: Python<'_>) -> PyResult<Bound<'_, PyType>> {
    ARGUMENT_ERROR
        .get_or_try_init(py, || {
            let bases = (py.get_type::<UnsupportedError>(), py.get_type::<PyTypeError>());
            let namespace = PyDict::new(py);
            namespace.set_item("__module__", "hasten")?;
            namespace.set_item("__doc__", "A call passed a value of a type hasten does not compile for.")?;
            let cls = py.get_type::<PyType>().call1(("UnsupportedArgumentError", bases, namespace))?;
            Ok::<_, PyErr>(cls.cast_into::<PyType>()?.unbind())
        })
        .map(|t| t.bind(py).clone())
}

pub(crate) fn unsupported_argument(py: Python<'_>, message: String) -> PyErr {
    match argument_error_type(py) {
        Ok(cls) => PyErr::from_type(cls, message),
        Err(e) => e,
    }
}

/// The hasten type of a value, as it would appear in a signature.
#[pyfunction(name = "typeof")]
fn typeof_py(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<String> {
    match types::typeof_value(py, value)? {
        Some(t) => Ok(t.to_string()),
        None => Err(unsupported_argument(py, format!("hasten: unsupported type '{}'", value.get_type().name()?))),
    }
}

/// Counters of the runtime's allocator: `allocations` ever made, `live` ones and their
/// `live_bytes`, the most bytes live at once (`peak_bytes`, since `reset_alloc_peak()`); blocks `reclaimed` after calls that raised; and two that stay zero unless reference
/// counting is wrong: blocks `leaked` by calls that returned, returned blocks `miscounted`.
#[pyfunction]
fn alloc_stats(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let s = hasten_runtime::memory::stats();
    let d = PyDict::new(py);
    d.set_item("allocations", s.allocations)?;
    d.set_item("live", s.live)?;
    d.set_item("live_bytes", s.live_bytes)?;
    d.set_item("peak_bytes", s.peak_bytes)?;
    d.set_item("reclaimed", s.reclaimed)?;
    d.set_item("leaked", s.leaked)?;
    d.set_item("miscounted", s.miscounted)?;
    Ok(d)
}

/// Starts measuring `alloc_stats()["peak_bytes"]` afresh from the bytes live now.
#[pyfunction]
fn reset_alloc_peak() {
    hasten_runtime::memory::reset_peak();
}

/// Sets the number of threads `prange` loops use from now on: 1 to the pool size
/// (`HASTEN_NUM_THREADS`, else the cores this process may use).
#[pyfunction]
fn set_num_threads(n: i64) -> PyResult<()> {
    let n = usize::try_from(n).unwrap_or(0);
    hasten_runtime::parallel::set_num_threads(n).map_err(pyo3::exceptions::PyValueError::new_err)
}

/// The number of threads `prange` loops use.
#[pyfunction]
fn get_num_threads() -> usize {
    hasten_runtime::parallel::get_num_threads()
}

/// Installs the Python callbacks of `hasten._decorators` and `hasten._cache` (once, at `import hasten`).
#[pyfunction]
fn _set_hooks(py: Python<'_>, build_program: Py<PyAny>, bind_args: Py<PyAny>, cache_load: Py<PyAny>, cache_store: Py<PyAny>, promote: Py<PyAny>) {
    let _ = dispatcher::HOOKS.set(py, dispatcher::Hooks { build_program, bind_args, cache_load, cache_store, promote });
}

/// The addresses of SciPy's LAPACK routines `hasten_runtime::linalg` calls, from
/// `hasten._linalg` (run when a program that mentions `linalg` is compiled, or at the first
/// large `@`, so only programs that use them import SciPy); the error names the package to install.
fn lapack_loader() -> Result<Vec<usize>, String> {
    Python::attach(|py| {
        let names = hasten_runtime::linalg::NAMES.to_vec();
        py.import("hasten._linalg")
            .and_then(|m| m.getattr("lapack_addresses")?.call1((names,))?.extract::<Vec<usize>>())
            .map_err(|e| e.value(py).to_string())
    })
}

/// The addresses of the `cblas_` routines `hasten._blas._ROUTINES` names in NumPy's own BLAS (0
/// where not found) and whether they take 64-bit integers, from `hasten._blas` before the first
/// compile.
#[pyfunction]
fn _set_numpy_dot(addresses: Vec<usize>, ilp64: bool) {
    hasten_runtime::linalg::set_numpy_dot(&addresses, ilp64);
}

/// Loads SciPy's LAPACK for `np.linalg` now (once per process; a failure is reported by the
/// first linalg call, as ImportError).
#[pyfunction]
fn load_lapack() {
    hasten_runtime::linalg::preload();
}

/// `(symbol, address)` of every runtime helper compiled code calls, for tier 2's linker.
#[pyfunction]
fn runtime_symbols() -> Vec<(&'static str, usize)> {
    hasten_compiler::runtime_symbols()
}

extern "C" {
    /// CPython's hash key (`Include/pyhash.h`): its first 16 bytes are SipHash's two key words.
    static _Py_HashSecret: [u64; 3];
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    // SAFETY: CPython sets the key before any module is imported and never changes it.
    let key = unsafe { _Py_HashSecret };
    hasten_runtime::pyhash::set_secret(key[0], key[1]);
    m.add_class::<dispatcher::Dispatcher>()?;
    m.add_class::<dispatcher::CompiledPy>()?;
    m.add_class::<compiled_generator::CompiledGenerator>()?;
    m.add_class::<boxing::BufferOwner>()?;
    m.add_class::<typed_list::TypedList>()?;
    m.add_class::<typed_dict::TypedDict>()?;
    dispatcher::install_vectorcall(py)?;
    hasten_runtime::linalg::set_loader(lapack_loader);
    print::install();
    m.add("HastenError", py.get_type::<HastenError>())?;
    m.add("TypingError", py.get_type::<TypingError>())?;
    m.add("UnsupportedError", py.get_type::<UnsupportedError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    m.add("UnsupportedArgumentError", argument_error_type(py)?)?;
    m.add_function(wrap_pyfunction!(typeof_py, m)?)?;
    m.add_function(wrap_pyfunction!(alloc_stats, m)?)?;
    m.add_function(wrap_pyfunction!(reset_alloc_peak, m)?)?;
    m.add_function(wrap_pyfunction!(_set_hooks, m)?)?;
    m.add_function(wrap_pyfunction!(cache::cache_stats, m)?)?;
    m.add_function(wrap_pyfunction!(set_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(get_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(install_interrupt_handler, m)?)?;
    let main = py.import("threading")?.call_method0("main_thread")?.getattr("ident")?.extract::<u64>()?;
    dispatcher::MAIN_THREAD.store(main, std::sync::atomic::Ordering::Relaxed);
    hasten_runtime::interrupt::install();
    m.add_function(wrap_pyfunction!(load_lapack, m)?)?;
    m.add_function(wrap_pyfunction!(_set_numpy_dot, m)?)?;
    m.add_function(wrap_pyfunction!(runtime_symbols, m)?)?;
    m.add_function(wrap_pyfunction!(_set_minmax_simd, m)?)?;
    m.add_function(wrap_pyfunction!(tiering::_set_promote_after, m)?)?;
    tiering::calibrate();
    Ok(())
}

/// Tells the runtime how NumPy's float min/max reductions fold float32 (`f32`) or float64 on
/// this CPU, as `hasten._simd` measured: the SIMD lanes, the NaN `minimum` returns for lanes that
/// hold one, which way each halving level breaks ties, and `fmin`'s scalar steps (see
/// `hasten_runtime::minmax`).
#[pyfunction]
fn _set_minmax_simd(f32: bool, lanes: u64, nan: u64, ties_minimum: u64, ties_fmin: u64, fmin_sites: u64) {
    hasten_runtime::minmax::set_simd(f32, lanes, nan, [ties_minimum, ties_fmin], fmin_sites);
}

/// Puts hasten's Ctrl-C handler in front of SIGINT's current one again (the package calls it after
/// Python's `signal.signal` changes SIGINT, which replaces the C-level handler).
#[pyfunction]
fn install_interrupt_handler() {
    hasten_runtime::interrupt::install();
}
