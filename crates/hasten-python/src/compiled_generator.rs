//! What calling a jitted generator function from Python returns: a generator whose compiled
//! driver (`hasten_runtime::generators`) runs up to the next `yield` at each `next()`, as CPython's
//! generator runs its frame. Its arguments stay in slots the driver reads for its whole life, so
//! the object keeps the Python objects they point into alive.

use crate::boxing::Boxer;
use hasten_ir::Type;
use hasten_runtime::generators::{Entry, Resumable, Step};
use pyo3::exceptions::{PyMemoryError, PyStopIteration, PyTypeError};
use pyo3::prelude::*;

#[pyclass(module = "hasten._core", name = "generator")]
pub struct CompiledGenerator {
    name: String,
    /// The type of the values: numbers, arrays, strings and tuples of them (the type checker
    /// refuses others). The generator still holds a value Python takes: an array becomes a view
    /// holding a counted reference to its block, a string a copy (`Boxer` without a scope, so
    /// that it takes none over).
    yields: Type,
    /// `yields`' slot count, and whether it holds no block (boxed without a Boxer).
    slots: usize,
    plain: bool,
    /// Declared before what it reads, so that dropping it (which closes the driver) comes first.
    resumable: Option<Resumable>,
    _slots: Box<[u64]>,
    _args: Vec<Py<PyAny>>,
    /// Keeps the machine code alive.
    _code: Py<PyAny>,
}

// SAFETY: the driver's stack and slots move with the object; the runtime state it uses is
// thread-local and set by each resumption on the resuming thread. Every use takes pyo3's
// exclusive borrow of the object, which keeps two threads from resuming it at once.
unsafe impl Send for CompiledGenerator {}
unsafe impl Sync for CompiledGenerator {}

impl CompiledGenerator {
    /// A generator that will run `entry` with the marshalled `slots` of `args`.
    pub fn start(name: &str, yields: Type, entry: Entry, slots: Box<[u64]>, args: Vec<Py<PyAny>>, code: Py<PyAny>) -> PyResult<CompiledGenerator> {
        let resumable = Resumable::new(entry, slots.as_ptr(), 0).map_err(|e| PyMemoryError::new_err(format!("hasten: no stack for the generator {name}(): {e}")))?;
        let (value_slots, plain) = (yields.slot_count(), !yields.has_refs());
        Ok(CompiledGenerator { name: name.to_string(), yields, slots: value_slots, plain, resumable: Some(resumable), _slots: slots, _args: args, _code: code })
    }
}

#[pymethods]
impl CompiledGenerator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let Some(r) = self.resumable.as_mut() else { return Err(PyStopIteration::new_err(())) };
        match r.resume() {
            Step::Yielded(values) => {
                // SAFETY: the driver's slots for a value of this type, live while it is suspended.
                let slots = unsafe { std::slice::from_raw_parts(values, self.slots) };
                if self.plain {
                    return crate::boxing::plain_value(py, &self.yields, slots, &mut 0);
                }
                let mut boxer = Boxer::new(py, None, &self.yields, slots, Vec::new(), Vec::new(), false);
                let value = boxer.value(&self.yields, slots, &mut 0);
                boxer.finish()?;
                value
            }
            Step::Finished(status) => {
                self.resumable = None;
                match status {
                    0 => Err(PyStopIteration::new_err(())),
                    _ => Err(crate::dispatcher::pending_error(py)),
                }
            }
        }
    }

    /// Ends the generator at its suspended `yield`: the driver returns from there, releasing what
    /// it holds, all that CPython's GeneratorExit does where no `try` holds the `yield`; the
    /// generator is then exhausted.
    fn close(&mut self) {
        self.resumable = None;
    }

    /// `next()` with a value for the suspended `yield`: compiled generators take `yield` only as
    /// a statement, which discards the value, so this is `next()` (with CPython's TypeError for a
    /// value sent to a generator that has not started).
    fn send<'py>(&mut self, py: Python<'py>, value: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        if !value.is_none() && self.resumable.as_ref().is_some_and(|r| !r.started()) {
            return Err(PyTypeError::new_err("can't send non-None value to a just-started generator"));
        }
        self.__next__(py)
    }

    /// Raises the exception at the suspended `yield`. No `try` of a compiled generator holds a
    /// `yield`, so nothing inside catches it: the generator ends as `close()` ends it and the
    /// exception reaches the caller, as in CPython.
    #[pyo3(signature = (typ, val=None, _tb=None))]
    fn throw(&mut self, typ: Bound<'_, PyAny>, val: Option<Bound<'_, PyAny>>, _tb: Option<Bound<'_, PyAny>>) -> PyResult<()> {
        self.resumable = None;
        let exc = if typ.is_instance_of::<pyo3::exceptions::PyBaseException>() {
            typ
        } else {
            match val {
                Some(v) if !v.is_none() => typ.call1((v,))?,
                _ => typ.call0()?,
            }
        };
        Err(PyErr::from_value(exc))
    }

    fn __repr__(&self) -> String {
        format!("<hasten generator object {} at {:p}>", self.name, self as *const Self)
    }
}
