//! The object `@njit` returns. Calls enter through a vectorcall slot (`dispatcher_vectorcall`), so a
//! positional call goes straight from the interpreter to: find the specialisation whose argument
//! types match, marshal into a stack buffer, run the native entry, box the result.
//!
//! Specialisations live in an append-only linked list: readers walk it without a lock, and compiles
//! are serialised by `compile_state`, which also holds the program (globals frozen at first compile).

use crate::boxing::Boxer;
use crate::program::program_from_py;
use crate::types::{conversion_cost, marshal, matches, typeof_arg};
use crate::{InternalError, TypingError, UnsupportedError};
use crate::tiering::{self, Tiering};
use hasten_ir::{ErrorKind, FuncId, FuncRef, GlobalValue, Options, Program, Type};
use hasten_runtime::error::ExcArg;
use hasten_runtime::memory::ArenaScope;
use crate::boxing::ArgList;
use pyo3::exceptions::{PyKeyError, PyKeyboardInterrupt, PySystemError, PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::{MutexExt, PyOnceLock};
use pyo3::types::{PyBool, PyDict, PyTuple};
use pyo3::{Borrowed, PyTypeInfo};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// What the inspection methods say before the first call compiled anything.
const UNCOMPILED: &str = "nothing is compiled yet: hasten compiles at the first call for each tuple of argument types, so call the function first";

/// Python callables of the `hasten` package that the dispatcher calls back on slow paths.
pub struct Hooks {
    /// `build_program(dispatcher) -> list[dict]`, see `program.rs`.
    pub build_program: Py<PyAny>,
    /// `bind_args(dispatcher, args: tuple, kwargs: dict | None) -> tuple` of all parameters.
    pub bind_args: Py<PyAny>,
    /// `cache_load(dispatcher, signature, isa) -> (key, bytes | None)`, see `cache.rs`.
    pub cache_load: Py<PyAny>,
    /// `cache_store(dispatcher, key, bytes) -> bool` (whether it was written).
    pub cache_store: Py<PyAny>,
    /// `promote(compiled, wait: bool)`: compiles tier 2 of a specialisation (`hasten._tier2`).
    pub promote: Py<PyAny>,
}

pub static HOOKS: PyOnceLock<Hooks> = PyOnceLock::new();

/// A compiled module. The code is immutable once finalised and the entry is a plain function
/// pointer, so sharing it between threads is sound whatever the codegen types say.
struct SharedCode(hasten_compiler::Compiled);
unsafe impl Send for SharedCode {}
unsafe impl Sync for SharedCode {}

/// A compile-time diagnostic as hasten's Python exception of the same kind.
pub(crate) fn compile_error(diag: hasten_ir::Diagnostic) -> PyErr {
    match diag.kind {
        ErrorKind::Typing => TypingError::new_err(diag.to_string()),
        ErrorKind::Unsupported => UnsupportedError::new_err(diag.to_string()),
        ErrorKind::Internal => InternalError::new_err(diag.to_string()),
    }
}

/// One compiled specialisation, as Python sees it (`f.overloads[sig]`).
#[pyclass(frozen, module = "hasten._core", name = "Compiled")]
pub struct CompiledPy {
    code: SharedCode,
    signature: String,
    /// The program it was compiled from, to compile again with listings for `inspect_asm`.
    program: Arc<Program>,
    tiering: Arc<Tiering>,
}

#[pymethods]
impl CompiledPy {
    /// Cranelift IR of every function in the module, after optimisation (compiled again with
    /// listings on).
    fn inspect_ir(&self, py: Python<'_>) -> PyResult<String> {
        let types = self.code.0.arg_types.clone();
        py.detach(|| hasten_compiler::listings(&self.program, 0, &types)).map(|(ir, _)| ir).map_err(compile_error)
    }

    /// Which tier runs, then per loop of every function in the module: what the loop
    /// optimisations did, and why not.
    fn explain(&self) -> String {
        format!("runs on {}\n{}", self.tiering.describe(), self.code.0.explain())
    }

    /// 1 (Cranelift) or 2 (LLVM): the tier calls run on now.
    #[getter]
    fn tier(&self) -> u8 {
        self.tiering.tier()
    }

    /// Seconds the tier-2 compile took, once it is installed.
    #[getter]
    fn tier2_compile_time(&self) -> Option<f64> {
        self.tiering.compile_seconds()
    }

    /// Why tier 2 could not be made, if it could not.
    #[getter]
    fn tier2_error(&self) -> Option<String> {
        self.tiering.error().map(str::to_string)
    }

    /// The module as LLVM IR (the input of tier 2).
    fn _tier2_ir(&self, py: Python<'_>) -> PyResult<(String, String)> {
        let types = self.code.0.arg_types.clone();
        let ir = py.detach(|| hasten_compiler::tier2_ir(&self.program, 0, &types)).map_err(compile_error)?;
        Ok((ir, hasten_compiler::TIER2_ENTRY.to_string()))
    }

    /// Swaps in tier 2's entry; `keep` owns its machine code.
    fn _install_tier2(&self, address: usize, keep: Py<PyAny>, seconds: f64) -> bool {
        self.tiering.install(address, keep, seconds)
    }

    fn _tier2_failed(&self, message: String) {
        self.tiering.fail(message);
    }

    /// Machine code listing of every function in the module, as tier 1 (Cranelift) or tier 2
    /// (LLVM) compiles it.
    #[pyo3(signature = (tier = 1))]
    fn inspect_asm(slf: &Bound<'_, Self>, tier: u8) -> PyResult<String> {
        let py = slf.py();
        if tier == 2 {
            return py.import("hasten._tier2")?.call_method1("assembly", (slf,))?.extract();
        }
        let this = slf.get();
        let types = this.code.0.arg_types.clone();
        py.detach(|| hasten_compiler::listings(&this.program, 0, &types)).map(|(_, asm)| asm).map_err(compile_error)
    }

    /// The optimised LLVM IR tier 2 compiles the module from.
    fn inspect_llvm(slf: &Bound<'_, Self>) -> PyResult<String> {
        slf.py().import("hasten._tier2")?.call_method1("llvm_ir", (slf,))?.extract()
    }

    /// Seconds spent compiling this specialisation (front end to machine code).
    #[getter]
    fn compile_time(&self) -> f64 {
        self.code.0.compile_time.as_secs_f64()
    }

    /// Whether this specialisation was loaded from the on-disk cache (`cache=True`) rather than
    /// compiled in this process.
    #[getter]
    fn from_cache(&self) -> bool {
        self.code.0.from_cache
    }

    #[getter]
    fn signature(&self) -> &str {
        &self.signature
    }

    #[getter]
    fn return_type(&self) -> String {
        self.code.0.ret_type.to_string()
    }

    fn __repr__(&self) -> String {
        format!("<hasten.Compiled {} -> {}>", self.signature, self.code.0.ret_type)
    }
}

struct Spec {
    arg_types: Box<[Type]>,
    ret_type: Type,
    arg_slots: usize,
    ret_slots: usize,
    /// The result holds no block: boxed as it is, without the Boxer (`boxing::plain_value`).
    ret_plain: bool,
    tiering: Arc<Tiering>,
    /// Converts the result to an explicit signature's return type, where it differs (set once,
    /// before the signatures are frozen).
    ret_convert: std::sync::OnceLock<Py<PyAny>>,
    compiled: Py<CompiledPy>,
    next: *mut Spec,
}

#[pyclass(frozen, dict, weakref, module = "hasten._core")]
pub struct Dispatcher {
    /// Read by CPython at the type's `tp_vectorcall_offset` (set by `install_vectorcall`).
    vectorcall: ffi::vectorcallfunc,
    py_func: Py<PyAny>,
    name: String,
    params: Vec<String>,
    /// Positional calls with this many arguments and no keywords take the fast path; -1: never.
    fast_nargs: isize,
    nogil: bool,
    /// A generator function: a call returns a generator (`compiled_generator.rs`).
    generator: bool,
    /// `cache=True`: machine code is loaded from and stored to disk (`cache.rs`).
    cache: bool,
    /// `tier=`: 0 automatic promotion, 1 Cranelift only, 2 LLVM from the first call.
    tier: u8,
    options: Options,
    /// Set once explicit signatures are compiled: no other specialisation is made.
    frozen: AtomicBool,
    specs: AtomicPtr<Spec>,
    /// Serialises compiles; holds the program once built.
    compile_state: Mutex<Option<Arc<Program>>>,
}

// Specs are only appended while `compile_state` is held and never freed before the dispatcher.
unsafe impl Sync for Spec {}
unsafe impl Send for Spec {}

impl Drop for Dispatcher {
    fn drop(&mut self) {
        let mut p = *self.specs.get_mut();
        while !p.is_null() {
            let spec = unsafe { Box::from_raw(p) };
            p = spec.next;
        }
    }
}

fn slot_count(types: &[Type]) -> usize {
    types.iter().map(Type::slot_count).sum()
}

fn signature_string(types: &[Type]) -> String {
    Type::tuple(types.to_vec()).to_string()
}

fn parse_types(texts: &[String]) -> PyResult<Vec<Type>> {
    texts.iter().map(|t| t.parse::<Type>().map_err(|e| PyTypeError::new_err(format!("signature type '{t}': {e}")))).collect()
}

/// A small inline buffer of slots, spilling to the heap for large signatures.
struct Slots {
    inline: [u64; 16],
    heap: Vec<u64>,
    len: usize,
}

impl Slots {
    fn new(len: usize) -> Slots {
        Slots { inline: [0; 16], heap: if len > 16 { vec![0; len] } else { Vec::new() }, len }
    }

    fn as_mut(&mut self) -> &mut [u64] {
        if self.len > 16 { &mut self.heap } else { &mut self.inline[..self.len] }
    }
}

impl Dispatcher {
    fn specs(&self) -> impl Iterator<Item = &Spec> {
        let mut p = self.specs.load(Ordering::Acquire);
        std::iter::from_fn(move || {
            let spec = unsafe { p.as_ref()? };
            p = spec.next;
            Some(spec)
        })
    }

    fn specs_oldest_first(&self) -> impl Iterator<Item = &Spec> {
        let mut specs: Vec<&Spec> = self.specs().collect();
        specs.reverse();
        specs.into_iter()
    }

    /// A UserWarning from the inspection methods before anything is compiled, whose listings are
    /// then empty.
    fn warn_if_uncompiled(&self, py: Python<'_>, method: &str) -> PyResult<()> {
        if self.specs_oldest_first().next().is_none() {
            let msg = std::ffi::CString::new(format!("{}.{method}(): {UNCOMPILED}", self.name)).expect("no NUL in names");
            PyErr::warn(py, &py.get_type::<pyo3::exceptions::PyUserWarning>(), &msg, 1)?;
        }
        Ok(())
    }

    fn listing(&self, py: Python<'_>, signature: Option<&str>, text: fn(&Py<CompiledPy>, Python<'_>) -> PyResult<String>) -> PyResult<Py<PyAny>> {
        let mut all = self.specs_oldest_first().map(|s| (signature_string(&s.arg_types), &s.compiled));
        match signature {
            Some(sig) => match all.find(|(s, _)| s == sig) {
                Some((_, c)) => Ok(text(c, py)?.into_pyobject(py)?.into_any().unbind()),
                None => Err(PyKeyError::new_err(format!("hasten: no compiled signature {sig}; compiled: {:?}", self.signatures()))),
            },
            None => {
                let out = PyDict::new(py);
                for (sig, c) in all {
                    out.set_item(sig, text(c, py)?)?;
                }
                Ok(out.into_any().unbind())
            }
        }
    }

    fn call<'py>(slf: Borrowed<'_, 'py, Dispatcher>, args: &[Borrowed<'_, 'py, PyAny>]) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let d = slf.get();
        'specs: for spec in d.specs() {
            for (a, t) in args.iter().zip(spec.arg_types.iter()) {
                if !matches(py, a, t)? {
                    continue 'specs;
                }
            }
            return d.invoke(py, spec, args);
        }
        // Compiling runs Python code and drops `Py` handles: attach properly (see the vectorcall entry).
        let spec = Python::attach(|_| Dispatcher::compile_for(slf, args))?;
        d.invoke(py, spec, args)
    }

    fn invoke<'py>(&self, py: Python<'py>, spec: &Spec, args: &[Borrowed<'_, 'py, PyAny>]) -> PyResult<Bound<'py, PyAny>> {
        if self.generator {
            return self.start_generator(py, spec, args);
        }
        let mut arg_buf = Slots::new(spec.arg_slots);
        let arg_slots = arg_buf.as_mut();
        // Lists, dicts and sets passed in become runtime ones inside the call's scope, written back
        // afterwards.
        let mut scope = ArenaScope::begin();
        let mut pos = 0;
        let mut lists = Vec::new();
        let mut strs = Vec::new();
        let mut seen = crate::types::Seen::new();
        for (a, t) in args.iter().zip(spec.arg_types.iter()) {
            let at = pos;
            let a = (*a).to_owned();
            marshal(py, &a, t, arg_slots, &mut pos, &mut seen)?;
            if matches!(t, Type::List(_) | Type::Dict(..) | Type::Set(_)) {
                // SAFETY: a typed container's owner is a live block its object holds.
                let typed = crate::typed::container(py, &a)?.map(|_| unsafe { hasten_runtime::memory::refcount(arg_slots[at]) });
                lists.push(ArgList { owner: arg_slots[at], list: a, ty: t.clone(), typed, nested: false });
            }
            strs.extend(crate::boxing::str_slots(t).into_iter().map(|k| arg_slots[at + k]));
        }
        crate::boxing::add_nested(&mut lists, seen);
        let mut ret_buf = Slots::new(spec.ret_slots);
        let ret_slots = ret_buf.as_mut();
        let entry = spec.tiering.entry();
        let timed = spec.tiering.timing();
        let start = if timed { tiering::now() } else { 0 };
        // Ctrl-C interrupts compiled code on Python's main thread only, as CPython raises
        // KeyboardInterrupt there.
        let armed = on_main_thread();
        if armed {
            hasten_runtime::interrupt::arm();
            // A Ctrl-C that landed just before arming tripped only Python's flag, which nothing
            // would look at until the compiled call returns: raise it now, as CPython would at its
            // next instruction. One that lands after arming sets hasten's flag too.
            // SAFETY: the GIL is held on the main thread.
            if unsafe { ffi::PyErr_CheckSignals() } != 0 {
                hasten_runtime::interrupt::disarm();
                return Err(PyErr::fetch(py));
            }
        }
        let status = unsafe {
            if self.nogil {
                // The bare C API rather than `py.detach`: compiled code touches no Python object and
                // cannot unwind, and this halves the cost of releasing the GIL.
                let state = ffi::PyEval_SaveThread();
                let status = entry(arg_slots.as_ptr(), ret_slots.as_mut_ptr());
                ffi::PyEval_RestoreThread(state);
                status
            } else {
                entry(arg_slots.as_ptr(), ret_slots.as_mut_ptr())
            }
        };
        // Promotion runs Python code, which may raise a pending KeyboardInterrupt: it waits until the
        // call is disarmed, so that an early return cannot leave the interrupt armed for later calls.
        let promote = timed && spec.tiering.account(tiering::now().wrapping_sub(start));
        // The exception first: a Ctrl-C is one only while the call is armed.
        let failure = (status != 0).then(|| pending_error(py));
        if armed {
            hasten_runtime::interrupt::disarm();
            if hasten_runtime::interrupt::caught() {
                // SAFETY: the GIL is held on the main thread; this only clears Python's SIGINT record.
                unsafe { ffi::PyOS_InterruptOccurred() };
            }
        }
        // Typed containers keep what the call stored into them beyond its scope.
        let settled = crate::typed_heap::settle_call(&lists, failure.is_none().then_some((&spec.ret_type, &*ret_slots)));
        if let Some(err) = failure {
            // CPython's caller sees what the function did to its lists before raising.
            let err = if err.is_instance_of::<PyKeyboardInterrupt>(py) { python_interrupt(py).unwrap_or(err) } else { err };
            if !lists.is_empty() {
                Boxer::new(py, Some(&mut scope), &Type::None, &[], lists, Vec::new(), false).finish()?;
            }
            if promote {
                // The call's exception is the one raised; a Ctrl-C landing here is coalesced with it,
                // as Python coalesces signals.
                let _ = self.promote(py, spec, false);
            }
            return Err(err);
        }
        settled?;
        scope.returned();
        let result = if lists.is_empty() && strs.is_empty() && spec.ret_plain {
            // Nothing to write back or take over: numbers are boxed as they are.
            drop(scope);
            crate::typed_heap::drain(py);
            crate::boxing::plain_value(py, &spec.ret_type, ret_slots, &mut 0)
        } else {
            let mut boxer = Boxer::new(py, Some(&mut scope), &spec.ret_type, ret_slots, lists, strs, true);
            let result = boxer.value(&spec.ret_type, ret_slots, &mut 0);
            let written = boxer.finish();
            drop(scope);
            written?;
            result
        };
        if promote {
            self.promote(py, spec, false)?;
        }
        match spec.ret_convert.get() {
            Some(convert) => convert.bind(py).call1((result?,)),
            None => result,
        }
    }

    /// A generator over the values of the generator function's specialisation `spec` (whose
    /// `ret_type` is their type) for `args`; nothing runs until its first `next()`.
    fn start_generator<'py>(&self, py: Python<'py>, spec: &Spec, args: &[Borrowed<'_, 'py, PyAny>]) -> PyResult<Bound<'py, PyAny>> {
        let mut slots = vec![0u64; spec.arg_slots].into_boxed_slice();
        let (mut pos, mut seen) = (0, crate::types::Seen::new());
        let mut kept = Vec::with_capacity(args.len());
        for (a, t) in args.iter().zip(spec.arg_types.iter()) {
            let a = (*a).to_owned();
            marshal(py, &a, t, &mut slots, &mut pos, &mut seen)?;
            kept.push(a.unbind());
        }
        let code = spec.compiled.clone_ref(py).into_any();
        let g = crate::compiled_generator::CompiledGenerator::start(&self.name, spec.ret_type.clone(), spec.tiering.entry(), slots, kept, code)?;
        Ok(Bound::new(py, g)?.into_any())
    }

    /// Compiles the specialisation for `args` unless a racing call already did; returns it. With
    /// explicit signatures, picks the first one the arguments convert to, or raises TypeError.
    fn compile_for<'a>(slf: Borrowed<'a, '_, Dispatcher>, args: &[Borrowed<'_, '_, PyAny>]) -> PyResult<&'a Spec> {
        let py = slf.py();
        let d: &'a Dispatcher = slf.get();
        let types = args
            .iter()
            .zip(&d.params)
            .map(|(a, p)| typeof_arg(py, a, p, &d.name))
            .collect::<PyResult<Vec<Type>>>()?;
        // Waits for the lock detached from the interpreter: the holder needs it to finish compiling.
        let mut state = d.compile_state.lock_py_attached(py).unwrap_or_else(|e| e.into_inner());
        if let Some(spec) = d.specs().find(|s| *s.arg_types == *types) {
            return Ok(spec);
        }
        if d.frozen.load(Ordering::Acquire) {
            // The signature the arguments convert to most cheaply, the oldest of equals (numba's choice).
            let cost = |s: &Spec| -> Option<u32> {
                (s.arg_types.len() == types.len()).then_some(())?;
                types.iter().zip(s.arg_types.iter()).map(|(a, t)| conversion_cost(a, t)).sum()
            };
            let found = d.specs_oldest_first().filter_map(|s| cost(s).map(|c| (c, s))).min_by_key(|(c, _)| *c).map(|(_, s)| s);
            return found.ok_or_else(|| {
                PyTypeError::new_err(format!(
                    "No matching definition for argument type(s) {} of {}(); its explicit signatures are {}",
                    signature_string(&types),
                    d.name,
                    d.signatures().join(", ")
                ))
            });
        }
        Dispatcher::add_spec(slf, &mut state, types)
    }

    /// Compiles (or loads from the cache) the specialisation for `types` and lists it.
    fn add_spec<'a>(slf: Borrowed<'a, '_, Dispatcher>, state: &mut Option<Arc<Program>>, types: Vec<Type>) -> PyResult<&'a Spec> {
        let py = slf.py();
        let d: &'a Dispatcher = slf.get();
        let hooks = HOOKS.get(py).ok_or_else(|| PySystemError::new_err("hasten: hooks not installed"))?;
        let program = match &*state {
            Some(p) => p.clone(),
            None => {
                let description = hooks.build_program.call1(py, (slf.to_owned(),))?;
                let p = Arc::new(program_from_py(description.bind(py))?);
                *state = Some(p.clone());
                p
            }
        };
        let signature = signature_string(&types);
        let (program, resolved) = resolve_functions(slf, state, program, &types)?;
        let program = crate::overloads::resolve_overloads(slf, state, program, &resolved)?;
        // A function argument's type names a dispatcher of this process, and a frozen array is
        // an address of this process: no disk cache entry for either.
        let compiled = if d.cache && resolved == types && !freezes_arrays(&program) {
            SharedCode(crate::cache::load_or_compile(py, hooks, slf.as_any(), &program, &types, &signature)?)
        } else {
            py.detach(|| hasten_compiler::compile(&program, 0, &resolved).map(SharedCode)).map_err(compile_error)?
        };
        let ret_type = compiled.0.ret_type.clone();
        let tiering = Arc::new(Tiering::new(compiled.0.entry(), d.tier));
        let compiled = Py::new(py, CompiledPy { code: compiled, signature, program: program.clone(), tiering: tiering.clone() })?;
        let spec = Box::new(Spec {
            arg_slots: slot_count(&types),
            ret_slots: ret_type.slot_count(),
            ret_plain: !ret_type.has_refs(),
            arg_types: types.into_boxed_slice(),
            ret_type,
            tiering,
            ret_convert: std::sync::OnceLock::new(),
            compiled,
            next: d.specs.load(Ordering::Relaxed),
        });
        if d.tier == tiering::TIER2 {
            // `tier=2`: the specialisation is listed only once tier 2 is in place.
            spec.tiering.begin();
            d.promote(py, &spec, true)?;
        }
        let spec = Box::into_raw(spec);
        d.specs.store(spec, Ordering::Release);
        Ok(unsafe { &*spec })
    }

    /// Hands `spec` to `hasten._tier2.promote`; with `wait`, tier 2 is compiled before this returns
    /// and a failure is raised, otherwise it compiles in the background and failures are recorded.
    fn promote(&self, py: Python<'_>, spec: &Spec, wait: bool) -> PyResult<()> {
        let hooks = HOOKS.get(py).ok_or_else(|| PySystemError::new_err("hasten: hooks not installed"))?;
        hooks.promote.call1(py, (spec.compiled.clone_ref(py), wait)).map(drop)
    }

    /// A positional call that leaves trailing parameters to their defaults (read at each call, as
    /// CPython does); too few arguments for the defaults go to `call_slow` for its TypeError.
    fn call_with_defaults<'py>(slf: Borrowed<'_, 'py, Dispatcher>, args: &[*mut ffi::PyObject], nparams: usize) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let defaults = unsafe { ffi::PyFunction_GetDefaults(slf.get().py_func.as_ptr()) };
        let ndefaults = if defaults.is_null() { 0 } else { unsafe { ffi::PyTuple_Size(defaults) as usize } };
        let missing = nparams - args.len();
        if missing > ndefaults {
            return Dispatcher::call_slow(slf, args, ptr::null_mut());
        }
        let mut items: Vec<Borrowed<'_, 'py, PyAny>> = args.iter().map(|&p| unsafe { Borrowed::from_ptr(py, p) }).collect();
        let defaults = unsafe { Borrowed::from_ptr(py, defaults).cast_unchecked::<PyTuple>() };
        items.extend((ndefaults - missing..ndefaults).map(|i| unsafe { defaults.get_borrowed_item_unchecked(i) }));
        Dispatcher::call(slf, &items)
    }

    /// Keyword arguments or a wrong count: bind in Python, then take the fast path.
    fn call_slow<'py>(
        slf: Borrowed<'_, 'py, Dispatcher>,
        args: &[*mut ffi::PyObject],
        kwnames: *mut ffi::PyObject,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let nkw = if kwnames.is_null() { 0 } else { unsafe { ffi::PyTuple_Size(kwnames) as usize } };
        let npos = args.len() - nkw;
        let positional = PyTuple::new(py, args[..npos].iter().map(|&p| unsafe { Borrowed::from_ptr(py, p) }))?;
        let kwargs = if nkw == 0 {
            None
        } else {
            let kw = PyDict::new(py);
            let names = unsafe { Borrowed::from_ptr(py, kwnames).cast_unchecked::<PyTuple>() };
            for (name, &value) in names.iter().zip(&args[npos..]) {
                kw.set_item(name, unsafe { Borrowed::from_ptr(py, value) })?;
            }
            Some(kw)
        };
        let hooks = HOOKS.get(py).ok_or_else(|| PySystemError::new_err("hasten: hooks not installed"))?;
        let bound = hooks.bind_args.bind(py).call1((slf.to_owned(), positional, kwargs))?;
        let bound = bound.cast_into::<PyTuple>()?;
        let items: Vec<Borrowed<'_, 'py, PyAny>> = bound.iter_borrowed().collect();
        Dispatcher::call(slf, &items)
    }
}

/// Whether some function of the program reads a frozen array (`GlobalValue::Array`).
fn freezes_arrays(program: &Program) -> bool {
    fn array(g: &GlobalValue) -> bool {
        match g {
            GlobalValue::Array(_) => true,
            GlobalValue::Tuple(items) => items.iter().any(array),
            _ => false,
        }
    }
    program.functions.iter().any(|f| f.globals.values().any(array))
}

/// The argument types with each jitted function passed in (`FuncRef::Object`, its dispatcher's
/// address) replaced by its id in the program, which is extended with the functions it reaches.
/// The arguments are alive during the call, so each address is a live dispatcher.
fn resolve_functions(
    slf: Borrowed<'_, '_, Dispatcher>,
    state: &mut Option<Arc<Program>>,
    program: Arc<Program>,
    types: &[Type],
) -> PyResult<(Arc<Program>, Vec<Type>)> {
    fn objects(t: &Type, out: &mut Vec<usize>) {
        match t {
            Type::Func(f) => {
                if let FuncRef::Object(addr) = **f {
                    out.push(addr);
                }
            }
            Type::Tuple(items) => items.iter().for_each(|i| objects(i, out)),
            _ => {}
        }
    }
    fn resolve(t: &Type, ids: &std::collections::HashMap<usize, FuncId>) -> Type {
        match t {
            Type::Func(f) => match **f {
                FuncRef::Object(addr) => Type::Func(Box::new(FuncRef::Jitted(ids[&addr]))),
                _ => t.clone(),
            },
            Type::Tuple(items) => items.map(|i| resolve(i, ids)),
            _ => t.clone(),
        }
    }
    let mut addrs = Vec::new();
    types.iter().for_each(|t| objects(t, &mut addrs));
    if addrs.is_empty() {
        return Ok((program, types.to_vec()));
    }
    let py = slf.py();
    // SAFETY: each address is that of an argument of the call being compiled, alive until it returns.
    let dispatchers: Vec<Bound<'_, PyAny>> = addrs.iter().map(|&a| unsafe { Bound::from_borrowed_ptr(py, a as *mut ffi::PyObject) }).collect();
    let extended = py.import("hasten._program")?.getattr("extend_program")?.call1((slf.to_owned(), dispatchers))?;
    let (ids, added): (Vec<FuncId>, Bound<'_, PyAny>) = extended.extract()?;
    let program = if added.len()? > 0 {
        let mut p = (*program).clone();
        p.functions.extend(program_from_py(&added)?.functions);
        let p = Arc::new(p);
        *state = Some(p.clone());
        p
    } else {
        program
    };
    let ids = addrs.into_iter().zip(ids).collect();
    Ok((program, types.iter().map(|t| resolve(t, &ids)).collect()))
}

/// The exception compiled code left pending, as the builtin exception it names, with the source
/// location attached as a note (shown under the traceback since Python 3.11).
/// `threading.main_thread().ident`, set when the module loads.
pub(crate) static MAIN_THREAD: AtomicU64 = AtomicU64::new(0);

fn on_main_thread() -> bool {
    // SAFETY: pthread_self has no preconditions; CPython's thread ident is its value.
    (unsafe { libc::pthread_self() }) as u64 == MAIN_THREAD.load(Ordering::Relaxed)
}

/// After compiled code stopped at a Ctrl-C: Python's own SIGINT handler (tripped by the chained
/// signal handler) runs now, so the KeyboardInterrupt is the one it raises (or a user handler's
/// exception) and Python does not raise a second one later; `None` if it raised nothing.
fn python_interrupt(py: Python<'_>) -> Option<PyErr> {
    // SAFETY: called with the GIL held, on the main thread.
    if unsafe { ffi::PyErr_CheckSignals() } != 0 {
        return PyErr::take(py);
    }
    None
}

pub(crate) fn pending_error(py: Python<'_>) -> PyErr {
    let Some(pending) = hasten_runtime::error::take_error() else {
        return PySystemError::new_err("hasten: compiled code failed without an exception");
    };
    let make = || -> PyResult<PyErr> {
        let cls = if pending.ancestry.is_empty() {
            py.import("builtins")?.getattr(pending.exc.as_str())?
        } else {
            py.import("hasten._program")?.getattr("exception_class")?.call1((pending.exc.as_str(),))?
        };
        let exc = match (&pending.args, &pending.message) {
            (Some(args), _) => {
                let items = args.iter().map(|a| exc_arg(py, a)).collect::<PyResult<Vec<_>>>()?;
                cls.call1(PyTuple::new(py, items)?)?
            }
            (None, Some(m)) => cls.call1((m.as_str(),))?,
            (None, None) => cls.call0()?,
        };
        if !pending.location.is_empty() {
            exc.call_method1("add_note", (pending.location.as_str(),))?;
        }
        Ok(PyErr::from_value(exc))
    };
    make().unwrap_or_else(|e| e)
}

unsafe extern "C" fn dispatcher_vectorcall(
    callable: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargsf: usize,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    let py = unsafe { Python::assume_attached() };
    let outcome = catch_unwind(AssertUnwindSafe(|| unsafe {
        let slf = Borrowed::from_ptr(py, callable).cast_unchecked::<Dispatcher>();
        let nargs = ffi::PyVectorcall_NARGS(nargsf) as usize;
        let nkw = if kwnames.is_null() { 0 } else { ffi::PyTuple_Size(kwnames) as usize };
        let all = if nargs + nkw == 0 { &[][..] } else { std::slice::from_raw_parts(args, nargs + nkw) };
        let fast_nargs = slf.get().fast_nargs;
        if nkw == 0 && nargs as isize == fast_nargs {
            // Borrowed<PyAny> is a pointer wrapper, so the argument array can be viewed as one.
            let items = std::slice::from_raw_parts(all.as_ptr() as *const Borrowed<'_, '_, PyAny>, nargs);
            Dispatcher::call(slf, items)
        } else if nkw == 0 && (nargs as isize) < fast_nargs {
            Dispatcher::call_with_defaults(slf, all, fast_nargs as usize)
        } else {
            // Binding keywords runs Python code and drops `Py` handles: attach properly, so that their
            // decrefs happen now rather than at the next entry into PyO3.
            Python::attach(|_| Dispatcher::call_slow(slf, all, kwnames))
        }
    }));
    match outcome {
        Ok(Ok(obj)) => obj.into_ptr(),
        Ok(Err(err)) => {
            err.restore(py);
            ptr::null_mut()
        }
        Err(payload) => {
            let msg = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic in hasten dispatcher".into());
            pyo3::panic::PanicException::new_err(msg).restore(py);
            ptr::null_mut()
        }
    }
}

#[pymethods]
impl Dispatcher {
    #[new]
    #[allow(clippy::too_many_arguments)] // one argument per decorator option
    #[pyo3(signature = (py_func, params, fast_nargs, nogil, boundscheck, fastmath, numpy_errors, parallel, cache=false, inline_always=false, locals=Vec::new(), tier=0))]
    fn new(
        py: Python<'_>,
        py_func: Py<PyAny>,
        params: Vec<String>,
        fast_nargs: isize,
        nogil: bool,
        boundscheck: bool,
        fastmath: bool,
        numpy_errors: bool,
        parallel: bool,
        cache: bool,
        inline_always: bool,
        locals: Vec<(String, String)>,
        tier: u8,
    ) -> PyResult<Self> {
        let locals = locals
            .into_iter()
            .map(|(name, ty)| {
                let t = ty.parse().map_err(|e| PyValueError::new_err(format!("locals= type of '{name}': {e}")))?;
                Ok((name, t))
            })
            .collect::<PyResult<Vec<(String, Type)>>>()?;
        let name = py_func.bind(py).getattr("__name__")?.extract()?;
        const CO_GENERATOR: u32 = 0x20;
        let flags: u32 = py_func.bind(py).getattr("__code__")?.getattr("co_flags")?.extract()?;
        Ok(Dispatcher {
            vectorcall: dispatcher_vectorcall,
            py_func,
            name,
            params,
            fast_nargs,
            nogil,
            generator: flags & CO_GENERATOR != 0,
            cache,
            tier,
            options: Options { boundscheck, fastmath, numpy_errors, parallel, inline_always, locals },
            frozen: AtomicBool::new(false),
            specs: AtomicPtr::new(ptr::null_mut()),
            compile_state: Mutex::new(None),
        })
    }

    /// The original Python function.
    #[getter]
    fn py_func(&self, py: Python<'_>) -> Py<PyAny> {
        self.py_func.clone_ref(py)
    }

    #[getter]
    fn nogil(&self) -> bool {
        self.nogil
    }

    /// `(boundscheck, fastmath, numpy_errors, parallel, inline_always, locals)`, as the program
    /// description wants them (`locals` as `(name, type text)` pairs).
    #[getter]
    #[allow(clippy::type_complexity)]
    fn options(&self) -> (bool, bool, bool, bool, bool, Vec<(String, String)>) {
        let o = &self.options;
        let locals = o.locals.iter().map(|(n, t)| (n.clone(), t.to_string())).collect();
        (o.boundscheck, o.fastmath, o.numpy_errors, o.parallel, o.inline_always, locals)
    }

    /// Whether compiled code is cached on disk (`cache=True`).
    #[getter]
    fn cache(&self) -> bool {
        self.cache
    }

    /// Compiles the specialisation for an explicit signature's argument types (hasten type text);
    /// returns it.
    fn _compile_signature(slf: &Bound<'_, Self>, arg_types: Vec<String>) -> PyResult<Py<CompiledPy>> {
        let py = slf.py();
        let types = parse_types(&arg_types)?;
        let d = slf.get();
        if types.len() != d.params.len() {
            return Err(PyTypeError::new_err(format!(
                "signature has {} argument types but {}() takes {} parameters",
                types.len(),
                d.name,
                d.params.len()
            )));
        }
        let mut state = d.compile_state.lock_py_attached(py).unwrap_or_else(|e| e.into_inner());
        if let Some(spec) = d.specs().find(|s| *s.arg_types == *types) {
            return Ok(spec.compiled.clone_ref(py));
        }
        let spec = Dispatcher::add_spec(slf.as_borrowed(), &mut state, types)?;
        Ok(spec.compiled.clone_ref(py))
    }

    /// Makes results of the specialisation for `arg_types` go through `convert` (an explicit
    /// signature's return type that differs from the inferred one).
    fn _set_return_conversion(&self, arg_types: Vec<String>, convert: Py<PyAny>) -> PyResult<()> {
        let types = parse_types(&arg_types)?;
        let spec = self.specs().find(|s| *s.arg_types == *types).ok_or_else(|| PyKeyError::new_err("no such signature"))?;
        spec.ret_convert.set(convert).map_err(|_| PyValueError::new_err("the conversion is already set"))
    }

    /// After the explicit signatures are compiled: calls must match one of them.
    fn _freeze(&self) {
        self.frozen.store(true, Ordering::Release);
    }

    /// Argument types of every compiled specialisation, oldest first.
    #[getter]
    fn signatures(&self) -> Vec<String> {
        self.specs_oldest_first().map(|s| signature_string(&s.arg_types)).collect()
    }

    /// Signature → compiled specialisation, oldest first.
    #[getter]
    fn overloads<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for s in self.specs_oldest_first() {
            out.set_item(signature_string(&s.arg_types), s.compiled.bind(py))?;
        }
        Ok(out)
    }

    /// Cranelift IR of one specialisation (by signature string), or a dict of all of them.
    #[pyo3(signature = (signature = None))]
    fn inspect_ir(&self, py: Python<'_>, signature: Option<&str>) -> PyResult<Py<PyAny>> {
        self.warn_if_uncompiled(py, "inspect_ir")?;
        self.listing(py, signature, |c, py| c.get().inspect_ir(py))
    }

    /// The optimised LLVM IR (tier 2's) of one specialisation (by signature string), or a dict of
    /// all of them, as numba's `inspect_llvm`.
    #[pyo3(signature = (signature = None))]
    fn inspect_llvm(&self, py: Python<'_>, signature: Option<&str>) -> PyResult<Py<PyAny>> {
        self.warn_if_uncompiled(py, "inspect_llvm")?;
        self.listing(py, signature, |c, py| CompiledPy::inspect_llvm(c.bind(py)))
    }

    /// Machine code of one specialisation (by signature string), or a dict of all of them;
    /// `tier=2` lists what LLVM makes of them.
    #[pyo3(signature = (signature = None, tier = 1))]
    fn inspect_asm(&self, py: Python<'_>, signature: Option<&str>, tier: u8) -> PyResult<Py<PyAny>> {
        self.warn_if_uncompiled(py, "inspect_asm")?;
        match tier {
            1 => self.listing(py, signature, |c, py| CompiledPy::inspect_asm(c.bind(py), 1)),
            2 => self.listing(py, signature, |c, py| CompiledPy::inspect_asm(c.bind(py), 2)),
            _ => Err(PyValueError::new_err(format!("tier must be 1 or 2, not {tier}"))),
        }
    }

    /// Per loop, what the loop optimisations did and why not: for one specialisation (by signature
    /// string), or for all of them, each under its signature.
    #[pyo3(signature = (signature = None))]
    fn explain(&self, py: Python<'_>, signature: Option<&str>) -> PyResult<String> {
        if let Some(sig) = signature {
            let listing = self.listing(py, Some(sig), |c, _| Ok(c.get().explain()))?;
            return listing.extract(py);
        }
        let mut out = String::new();
        for s in self.specs_oldest_first() {
            out.push_str(&format!("{}\n{}", signature_string(&s.arg_types), s.compiled.get().explain()));
        }
        if out.is_empty() {
            out = format!("{}: {UNCOMPILED}\n", self.name);
        }
        Ok(out)
    }

    /// Per signature: the tier its calls run on, and the seconds each tier took to compile
    /// (`tier2_compile_time` is None until tier 2 is installed).
    #[getter]
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for s in self.specs_oldest_first() {
            let entry = PyDict::new(py);
            entry.set_item("tier", s.tiering.tier())?;
            entry.set_item("compile_time", s.compiled.get().code.0.compile_time.as_secs_f64())?;
            entry.set_item("tier2_compile_time", s.tiering.compile_seconds())?;
            out.set_item(signature_string(&s.arg_types), entry)?;
        }
        Ok(out)
    }

    fn __repr__(&self) -> String {
        format!("<hasten.Dispatcher {}>", self.name)
    }

    /// Binds to an instance when stored on a class, like a plain function.
    fn __get__(slf: &Bound<'_, Self>, obj: Option<&Bound<'_, PyAny>>, _cls: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        match obj {
            None => Ok(slf.clone().into_any().unbind()),
            Some(o) => Ok(py.import("types")?.getattr("MethodType")?.call1((slf, o))?.unbind()),
        }
    }
}

/// Points the type's vectorcall slot at `Dispatcher::vectorcall`. pyo3 does not offer vectorcall for
/// classes, so the offset of the field is measured on a throwaway instance and the type patched
/// before any dispatcher can be called; instances never change layout.
pub fn install_vectorcall(py: Python<'_>) -> PyResult<()> {
    let probe = Bound::new(
        py,
        Dispatcher {
            vectorcall: dispatcher_vectorcall,
            py_func: py.None(),
            name: String::new(),
            params: Vec::new(),
            fast_nargs: -1,
            nogil: false,
            generator: false,
            cache: false,
            tier: 0,
            options: Options::default(),
            frozen: AtomicBool::new(false),
            specs: AtomicPtr::new(ptr::null_mut()),
            compile_state: Mutex::new(None),
        },
    )?;
    let field = ptr::addr_of!(probe.get().vectorcall) as usize;
    let offset = (field - probe.as_ptr() as usize) as ffi::Py_ssize_t;
    unsafe {
        let tp = Dispatcher::type_object_raw(py);
        (*tp).tp_vectorcall_offset = offset;
        (*tp).tp_call = Some(ffi::PyVectorcall_Call);
        (*tp).tp_flags |= ffi::Py_TPFLAGS_HAVE_VECTORCALL;
    }
    Ok(())
}

/// One argument of an exception compiled code raised, as the Python object CPython would hold.
fn exc_arg<'py>(py: Python<'py>, a: &ExcArg) -> PyResult<Bound<'py, PyAny>> {
    Ok(match a {
        ExcArg::Int(v) => v.into_pyobject(py)?.into_any(),
        ExcArg::UInt(v) => v.into_pyobject(py)?.into_any(),
        ExcArg::Float(v) => v.into_pyobject(py)?.into_any(),
        ExcArg::Bool(v) => PyBool::new(py, *v).to_owned().into_any(),
        ExcArg::Str(v) => v.as_str().into_pyobject(py)?.into_any(),
        ExcArg::None => py.None().into_bound(py),
        ExcArg::Tuple(items) => PyTuple::new(py, items.iter().map(|i| exc_arg(py, i)).collect::<PyResult<Vec<_>>>()?)?.into_any(),
    })
}
