//! Python values → `hasten_ir::Type`, and argument marshalling into the 8-byte slots of the entry ABI.
//!
//! Everything here works on raw object pointers with the GIL held: type checks are pointer compares
//! against cached type objects and NumPy arrays are read through the NumPy C structs, so the common
//! cases never look up a Python attribute. NumPy itself is only touched once a value could be a NumPy
//! object, which keeps `import hasten` free of the NumPy import.

use hasten_ir::{ArrayType, Dtype, FuncRef, Layout, Type};
use numpy::npyffi::{self, NpyTypes, PY_ARRAY_API};
use pyo3::exceptions::{PyOverflowError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use std::ffi::{c_int, c_long, c_void};
use std::collections::HashMap;
use std::ptr;

/// Type objects and descriptors of NumPy, fetched once NumPy is imported.
pub struct Numpy {
    pub array_type: *mut ffi::PyTypeObject,
    /// Exact NumPy scalar types and their dtypes (`np.int_` and `np.longlong` are distinct types
    /// of the same width, hence more entries than dtypes).
    scalar_types: Vec<(*mut ffi::PyTypeObject, Dtype)>,
    /// A descriptor per `Dtype::ALL` entry; the references are kept for the life of the process.
    descrs: Vec<*mut npyffi::PyArray_Descr>,
}

// The pointers refer to immortal NumPy type objects and descriptors that are never freed.
unsafe impl Send for Numpy {}
unsafe impl Sync for Numpy {}

static NUMPY: PyOnceLock<Numpy> = PyOnceLock::new();

const NPY_BOOL: c_int = 0;
const NPY_BYTE: c_int = 1;
const NPY_UBYTE: c_int = 2;
const NPY_SHORT: c_int = 3;
const NPY_USHORT: c_int = 4;
const NPY_INT: c_int = 5;
const NPY_UINT: c_int = 6;
const NPY_LONG: c_int = 7;
const NPY_ULONG: c_int = 8;
const NPY_LONGLONG: c_int = 9;
const NPY_ULONGLONG: c_int = 10;
const NPY_FLOAT: c_int = 11;
const NPY_DOUBLE: c_int = 12;
const NPY_CFLOAT: c_int = 14;
const NPY_CDOUBLE: c_int = 15;

fn dtype_of_typenum(num: c_int) -> Option<Dtype> {
    let long_is_64 = std::mem::size_of::<c_long>() == 8;
    Some(match num {
        NPY_BOOL => Dtype::Bool,
        NPY_BYTE => Dtype::I8,
        NPY_UBYTE => Dtype::U8,
        NPY_SHORT => Dtype::I16,
        NPY_USHORT => Dtype::U16,
        NPY_INT => Dtype::I32,
        NPY_UINT => Dtype::U32,
        NPY_LONG if long_is_64 => Dtype::I64,
        NPY_LONG => Dtype::I32,
        NPY_ULONG if long_is_64 => Dtype::U64,
        NPY_ULONG => Dtype::U32,
        NPY_LONGLONG => Dtype::I64,
        NPY_ULONGLONG => Dtype::U64,
        NPY_FLOAT => Dtype::F32,
        NPY_DOUBLE => Dtype::F64,
        NPY_CFLOAT => Dtype::C64,
        NPY_CDOUBLE => Dtype::C128,
        _ => return None,
    })
}

/// The type number whose scalar type is `np.<dtype name>` (on LP64, int64 is `long`, not `longlong`).
fn typenum_of_dtype(d: Dtype) -> c_int {
    let long_is_64 = std::mem::size_of::<c_long>() == 8;
    match d {
        Dtype::Bool => NPY_BOOL,
        Dtype::I8 => NPY_BYTE,
        Dtype::U8 => NPY_UBYTE,
        Dtype::I16 => NPY_SHORT,
        Dtype::U16 => NPY_USHORT,
        Dtype::I32 => NPY_INT,
        Dtype::U32 => NPY_UINT,
        Dtype::I64 if long_is_64 => NPY_LONG,
        Dtype::I64 => NPY_LONGLONG,
        Dtype::U64 if long_is_64 => NPY_ULONG,
        Dtype::U64 => NPY_ULONGLONG,
        Dtype::F32 => NPY_FLOAT,
        Dtype::F64 => NPY_DOUBLE,
        Dtype::C64 => NPY_CFLOAT,
        Dtype::C128 => NPY_CDOUBLE,
    }
}

fn dtype_index(d: Dtype) -> usize {
    Dtype::ALL.iter().position(|&x| x == d).expect("Dtype::ALL lists every dtype")
}

impl Numpy {
    /// The table, importing NumPy if needed (for boxing array and NumPy scalar results).
    pub fn get(py: Python<'_>) -> PyResult<&'static Numpy> {
        NUMPY.get_or_try_init(py, || Numpy::load(py))
    }

    /// The table if NumPy has been imported by anyone: a value cannot be a NumPy object otherwise.
    pub fn if_loaded(py: Python<'_>) -> PyResult<Option<&'static Numpy>> {
        if let Some(np) = NUMPY.get(py) {
            return Ok(Some(np));
        }
        let modules = py.import("sys")?.getattr("modules")?;
        if modules.contains("numpy")? {
            Numpy::get(py).map(Some)
        } else {
            Ok(None)
        }
    }

    fn load(py: Python<'_>) -> PyResult<Numpy> {
        use NpyTypes::*;
        let t = |ty| unsafe { npyffi::get_type_object(py, ty) };
        let scalar_types = vec![
            (t(PyBoolArrType_Type), Dtype::Bool),
            (t(PyByteArrType_Type), Dtype::I8),
            (t(PyShortArrType_Type), Dtype::I16),
            (t(PyIntArrType_Type), Dtype::I32),
            (t(PyLongArrType_Type), dtype_of_typenum(NPY_LONG).unwrap()),
            (t(PyLongLongArrType_Type), Dtype::I64),
            (t(PyUByteArrType_Type), Dtype::U8),
            (t(PyUShortArrType_Type), Dtype::U16),
            (t(PyUIntArrType_Type), Dtype::U32),
            (t(PyULongArrType_Type), dtype_of_typenum(NPY_ULONG).unwrap()),
            (t(PyULongLongArrType_Type), Dtype::U64),
            (t(PyFloatArrType_Type), Dtype::F32),
            (t(PyDoubleArrType_Type), Dtype::F64),
            (t(PyCFloatArrType_Type), Dtype::C64),
            (t(PyCDoubleArrType_Type), Dtype::C128),
        ];
        let descrs = Dtype::ALL
            .iter()
            .map(|&d| unsafe { PY_ARRAY_API.PyArray_DescrFromType(py, typenum_of_dtype(d)) })
            .collect::<Vec<_>>();
        if descrs.iter().any(|d| d.is_null()) {
            return Err(PyErr::fetch(py));
        }
        Ok(Numpy { array_type: t(PyArray_Type), scalar_types, descrs })
    }

    pub fn descr(&self, d: Dtype) -> *mut npyffi::PyArray_Descr {
        self.descrs[dtype_index(d)]
    }

    fn scalar_dtype(&self, tp: *mut ffi::PyTypeObject) -> Option<Dtype> {
        self.scalar_types.iter().find(|(t, _)| *t == tp).map(|&(_, d)| d)
    }

    pub unsafe fn is_array(&self, o: *mut ffi::PyObject) -> bool {
        unsafe { ffi::PyObject_TypeCheck(o, self.array_type) != 0 }
    }
}

/// The array fields the marshaller and the boxer read.
pub struct ArrayView {
    pub data: *mut c_void,
    pub ndim: usize,
    pub shape: *const isize,
    pub strides: *const isize,
    pub typenum: c_int,
    pub byteorder: u8,
    pub flags: c_int,
}

/// # Safety
/// `o` must be a NumPy array.
pub unsafe fn array_view(o: *mut ffi::PyObject) -> ArrayView {
    unsafe {
        let a = &(*(o as *mut npyffi::PyArrayObject)).fields;
        // `type_num` and `byteorder` sit in the prefix of the descriptor shared by NumPy 1 and 2.
        let d = &(*a.descr).fields;
        ArrayView {
            data: a.data as *mut c_void,
            ndim: a.nd as usize,
            shape: a.dimensions,
            strides: a.strides,
            typenum: d.type_num,
            byteorder: d.byteorder as u8,
            flags: a.flags,
        }
    }
}

pub fn dtype_of_view(a: &ArrayView) -> Option<Dtype> {
    dtype_of_typenum(a.typenum)
}

impl ArrayView {
    pub fn shape(&self) -> &[isize] {
        if self.ndim == 0 { &[] } else { unsafe { std::slice::from_raw_parts(self.shape, self.ndim) } }
    }

    pub fn strides(&self) -> &[isize] {
        if self.ndim == 0 { &[] } else { unsafe { std::slice::from_raw_parts(self.strides, self.ndim) } }
    }

    fn array_type(&self) -> Option<ArrayType> {
        let dtype = dtype_of_typenum(self.typenum)?;
        let foreign = if cfg!(target_endian = "little") { b'>' } else { b'<' };
        if self.byteorder == foreign || self.ndim > u8::MAX as usize {
            return None;
        }
        let layout = if self.flags & npyffi::NPY_ARRAY_C_CONTIGUOUS != 0 {
            Layout::C
        } else if self.flags & npyffi::NPY_ARRAY_F_CONTIGUOUS != 0 {
            Layout::F
        } else {
            Layout::A
        };
        let readonly = self.flags & npyffi::NPY_ARRAY_WRITEABLE == 0;
        Some(ArrayType { dtype, ndim: self.ndim as u8, layout, readonly })
    }
}

fn type_name(o: &Bound<'_, PyAny>) -> String {
    o.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into())
}

/// `np.matrix` and masked arrays are ndarrays whose operations mean something else (matrix
/// products, masked elements): compiled as plain arrays they would give wrong answers, so they are
/// refused. Other subclasses (`np.memmap`, …) are plain arrays. Only subclasses get here.
fn is_refused_subclass(o: &Bound<'_, PyAny>) -> bool {
    let refused = |cls: &Bound<'_, PyAny>| {
        let name = |attr| cls.getattr(attr).and_then(|v| v.extract::<String>()).unwrap_or_default();
        matches!((name("__module__").as_str(), name("__qualname__").as_str()), ("numpy", "matrix") | ("numpy.ma" | "numpy.ma.core", "MaskedArray"))
    };
    o.get_type().mro().iter().any(|cls| refused(&cls))
}

/// The hasten type of a Python value, or `None` if hasten does not take such values.
pub fn typeof_value(py: Python<'_>, o: &Bound<'_, PyAny>) -> PyResult<Option<Type>> {
    let p = o.as_ptr();
    unsafe {
        let tp = ffi::Py_TYPE(p);
        if tp == ptr::addr_of_mut!(ffi::PyBool_Type) {
            return Ok(Some(Type::Bool));
        }
        if tp == ptr::addr_of_mut!(ffi::PyLong_Type) {
            return Ok(Some(Type::Int));
        }
        if tp == ptr::addr_of_mut!(ffi::PyFloat_Type) {
            return Ok(Some(Type::Float));
        }
        if tp == ptr::addr_of_mut!(ffi::PyComplex_Type) {
            return Ok(Some(Type::Complex));
        }
        if p == ffi::Py_None() {
            return Ok(Some(Type::None));
        }
        if p == ffi::Py_Ellipsis() {
            return Ok(Some(Type::Ellipsis));
        }
        if let Some((t, _)) = crate::typed::container(py, o)? {
            return Ok(Some(t));
        }
        if ffi::PyTuple_Check(p) != 0 {
            let mut items = Vec::with_capacity(ffi::PyTuple_Size(p) as usize);
            for item in o.cast_unchecked::<pyo3::types::PyTuple>().iter() {
                // A list inside a tuple would not be written back to the caller: refused.
                match typeof_value(py, &item)? {
                    Some(Type::List(_)) | None => return Ok(None),
                    Some(t) => items.push(t),
                }
            }
            // A namedtuple instance is a tuple that goes back to Python as its class.
            let class = if tp == ptr::addr_of_mut!(ffi::PyTuple_Type) { None } else { crate::named::class_of(&o.get_type())? };
            return Ok(Some(Type::Tuple(hasten_ir::TupleType { items, class })));
        }
        if ffi::PyList_CheckExact(p) != 0 {
            return typeof_list(py, o);
        }
        if ffi::PySlice_Check(p) != 0 {
            return crate::named::slice_type(o);
        }
        if ffi::PyDict_CheckExact(p) != 0 || ffi::PySet_CheckExact(p) != 0 {
            return typeof_dict(py, o);
        }
        if ffi::PyUnicode_CheckExact(p) != 0 {
            return Ok(Some(Type::Str));
        }
        // NumPy scalars before int/float: np.float64 subclasses float.
        if let Some(np) = Numpy::if_loaded(py)? {
            if np.is_array(p) {
                if tp != np.array_type && is_refused_subclass(o) {
                    return Ok(None);
                }
                return Ok(array_view(p).array_type().map(Type::Array));
            }
            if let Some(d) = np.scalar_dtype(tp) {
                return Ok(Some(Type::Scalar(d)));
            }
            if let Some(d) = dtype_object(py, &np, o)? {
                // The class `np.float32` goes back as itself, a dtype object as a dtype.
                let class = ffi::PyType_Check(p) != 0;
                return Ok(Some(if class { Type::ScalarClass(d) } else { Type::DtypeOf(d) }));
            }
        }
        if ffi::PyLong_Check(p) != 0 {
            return Ok(Some(Type::Int));
        }
        if ffi::PyFloat_Check(p) != 0 {
            return Ok(Some(Type::Float));
        }
    }
    if crate::generator::is_generator(py, o)? {
        return Ok(Some(Type::Generator));
    }
    function_value(py, o)
}

/// A jitted function (by its dispatcher's address: the binding resolves it into the program
/// before compiling, and the program keeps the dispatcher alive) or a builtin or `operator`
/// function taken as a value.
fn function_value(py: Python<'_>, o: &Bound<'_, PyAny>) -> PyResult<Option<Type>> {
    if o.is_instance_of::<crate::dispatcher::Dispatcher>() {
        return Ok(Some(Type::Func(Box::new(FuncRef::Object(o.as_ptr() as usize)))));
    }
    if unsafe { ffi::PyCFunction_Check(o.as_ptr()) } == 0 {
        return Ok(None);
    }
    let name = py.import("hasten._program")?.getattr("builtin_function_name")?.call1((o,))?;
    Ok(name.extract::<Option<String>>()?.map(|n| Type::Func(Box::new(FuncRef::Builtin(n)))))
}

/// `typeof_value`, with hasten's TypeError for unsupported values.
pub fn typeof_arg(py: Python<'_>, o: &Bound<'_, PyAny>, param: &str, func: &str) -> PyResult<Type> {
    if let Some(t) = typeof_value(py, o)? {
        return Ok(t);
    }
    let is_array = match Numpy::if_loaded(py)? {
        Some(np) => unsafe { np.is_array(o.as_ptr()) },
        None => false,
    };
    if is_array && is_refused_subclass(o) {
        let ty = type_name(o);
        return Err(crate::unsupported_argument(
            py,
            format!("hasten: argument '{param}' of {func}() has unsupported type '{ty}': its operations differ from a plain array's; pass np.asarray(...) of it if that is what is meant"),
        ));
    }
    if let Ok(list) = o.cast::<pyo3::types::PyList>() {
        let why = if list.is_empty() {
            "an empty list: its item type cannot be known (pass a list with items, or build it inside)".to_string()
        } else {
            "a list whose items are not all of one supported type (compiled lists keep one item type; the innermost lists of a list of lists may not all be empty)".to_string()
        };
        return Err(crate::unsupported_argument(py, format!("hasten: argument '{param}' of {func}() is {why}")));
    }
    if o.is_exact_instance_of::<pyo3::types::PyDict>() || o.is_exact_instance_of::<pyo3::types::PySet>() {
        return Err(crate::unsupported_argument(
            py,
            format!("hasten: argument '{param}' of {func}() has unsupported type '{0}': an empty {0} or a {0} whose keys or values are not all of one supported type (ints, bools, floats, strings or tuples of them as keys and items; numbers, bools, strings, arrays or tuples of them as values)", type_name(o)),
        ));
    }
    if o.is_instance_of::<pyo3::types::PyFunction>() {
        return Err(crate::unsupported_argument(
            py,
            format!("hasten: argument '{param}' of {func}() is a plain Python function; compiled code can only take jitted functions (decorate it with @njit) and builtin or operator functions"),
        ));
    }
    if is_array && o.getattr("dtype")?.getattr("kind")?.extract::<String>()? == "c" {
        let dtype = o.getattr("dtype")?.str()?;
        return Err(crate::unsupported_argument(py, format!("hasten: argument '{param}' of {func}() is an array of dtype {dtype}: {dtype} arrays are not supported yet (complex64 and complex128 arrays are)")));
    }
    let ty = if is_array { format!("ndarray of dtype {}", o.getattr("dtype")?.str()?) } else { type_name(o) };
    Err(crate::unsupported_argument(py, format!("hasten: argument '{param}' of {func}() has unsupported type '{ty}'")))
}

/// A list whose items all have one type (as list items: arrays of any layout are strided ones).
/// An empty list, or one mixing types, has none: compiled code fixes a list's item type. An empty
/// list inside one takes the type of the lists beside it (`[[1.0], []]`).
fn typeof_list(py: Python<'_>, o: &Bound<'_, PyAny>) -> PyResult<Option<Type>> {
    Ok(typeof_list_items(py, o, 0)?.filter(|t| !holds_unknown(t)))
}

/// How deep lists may nest in an argument: deeper (a list that holds itself) has no type.
const MAX_LIST_DEPTH: usize = 32;

fn holds_unknown(t: &Type) -> bool {
    match t {
        Type::Unknown => true,
        Type::List(item) => holds_unknown(item),
        _ => false,
    }
}

/// The type of a list, `list(?)` for an empty one (`typeof_list` refuses what stays unknown).
fn typeof_list_items(py: Python<'_>, o: &Bound<'_, PyAny>, depth: usize) -> PyResult<Option<Type>> {
    if depth > MAX_LIST_DEPTH {
        return Ok(None);
    }
    let list = o.cast::<pyo3::types::PyList>()?;
    // Lists of floats, the common case, by their items' exact type alone.
    let all_floats = !list.is_empty() && list.iter().all(|x| unsafe { ffi::PyFloat_CheckExact(x.as_ptr()) != 0 });
    if all_floats {
        return Ok(Some(Type::List(Box::new(Type::Float))));
    }
    let mut item = Type::Unknown;
    for x in list.iter() {
        let t = if x.is_exact_instance_of::<pyo3::types::PyList>() {
            typeof_list_items(py, &x, depth + 1)?
        } else {
            let t = typeof_value(py, &x)?;
            // A typed container inside a plain list is not taken: the list would hold its block.
            if matches!(t, Some(Type::List(_) | Type::Dict(..))) && crate::typed::container(py, &x)?.is_some() {
                return Ok(None);
            }
            t
        };
        let Some(t) = t else { return Ok(None) };
        let Some(merged) = merge_unknown(&item, &t.as_list_item()) else { return Ok(None) };
        item = merged;
    }
    Ok(Some(Type::List(Box::new(item))))
}

/// `a` and `b` as one type where they differ only by what is unknown in one of them.
fn merge_unknown(a: &Type, b: &Type) -> Option<Type> {
    match (a, b) {
        (Type::Unknown, t) | (t, Type::Unknown) => Some(t.clone()),
        (Type::List(x), Type::List(y)) => Some(Type::List(Box::new(merge_unknown(x, y)?))),
        (a, b) if a == b => Some(a.clone()),
        _ => None,
    }
}

/// Writes a list (of type `list(item)`) as a new runtime list holding its items, into one slot.
/// The items' heap values stay the Python objects' (arrays are borrowed for the call); lists in
/// it go through `marshal`, which makes one runtime list per Python list object.
fn marshal_list<'py>(py: Python<'py>, o: &Bound<'py, PyAny>, item: &Type, seen: &mut Seen<'py>) -> PyResult<u64> {
    let list = o.cast::<pyo3::types::PyList>()?;
    let words = item.slot_count();
    let mask = item.owner_slots().into_iter().fold(0u64, |m, k| m | 1 << k);
    let block = hasten_runtime::list::hasten_rt_list_new(words as u64, mask, list.len() as u64);
    if block.is_null() {
        return Err(pyo3::exceptions::PyMemoryError::new_err("unable to allocate a list"));
    }
    let owner = block as u64 | 1;
    if *item == Type::Float {
        // Floats are read directly, in one pass, and appended in one piece.
        let words: Vec<u64> = list.iter().map(|x| unsafe { ffi::PyFloat_AS_DOUBLE(x.as_ptr()) }.to_bits()).collect();
        // SAFETY: a live list of one-word items.
        unsafe { hasten_runtime::list::extend_words(owner, &words) };
        unsafe { hasten_runtime::list::set_clean(owner) };
        return Ok(owner);
    }
    let mut buf = vec![0u64; words];
    for x in list.iter() {
        let mut pos = 0;
        marshal(py, &x, item, &mut buf, &mut pos, seen)?;
        // SAFETY: a live list of items of `words` words, and one item's words.
        if unsafe { hasten_runtime::list::hasten_rt_list_append(owner, buf.as_ptr()) } != 0 {
            return Err(pyo3::exceptions::PyMemoryError::new_err("unable to allocate a list"));
        }
    }
    // SAFETY: the list was just made.
    unsafe { hasten_runtime::list::set_clean(owner) };
    Ok(owner)
}

/// Values a dict argument may have: what a compiled dict holds, lists excepted (a list inside
/// would not be written back to the caller).
fn dict_value(t: &Type) -> bool {
    crate::typed::storable(t)
}

/// A dict whose keys share one type and values another, or a set whose items share one type;
/// None if empty (no types to know) or mixed.
fn typeof_dict(py: Python<'_>, o: &Bound<'_, PyAny>) -> PyResult<Option<Type>> {
    let one_type = |items: &mut dyn Iterator<Item = Bound<'_, PyAny>>, ok: fn(&Type) -> bool| -> PyResult<Option<Type>> {
        let mut seen: Option<Type> = None;
        for x in items {
            match typeof_value(py, &x)?.map(|t| t.as_list_item()) {
                Some(t) if ok(&t) && seen.as_ref().is_none_or(|s| *s == t) => seen = Some(t),
                _ => return Ok(None),
            }
        }
        Ok(seen)
    };
    if let Ok(d) = o.cast::<pyo3::types::PyDict>() {
        let Some(k) = one_type(&mut d.keys().iter(), arg_key_ok)? else { return Ok(None) };
        let Some(v) = one_type(&mut d.values().iter(), dict_value)? else { return Ok(None) };
        return Ok(Some(Type::Dict(Box::new(k), Box::new(v))));
    }
    let set = o.cast::<pyo3::types::PySet>()?;
    Ok(one_type(&mut set.iter(), arg_key_ok)?.map(|k| Type::Set(Box::new(k))))
}

/// Writes a dict (or, with no `value` type, a set) as a new runtime dict holding its entries, into
/// one slot; marked clean, so that the binding writes it back only if the call changes it. The
/// dict holds the one reference to each string made for it (arrays stay the caller's objects,
/// borrowed for the call).
fn marshal_dict<'py>(py: Python<'py>, o: &Bound<'py, PyAny>, key: &Type, value: Option<&Type>, seen: &mut Seen<'py>) -> PyResult<u64> {
    let value_words = value.map_or(0, |v| v.slot_count());
    let mask = |k: Vec<usize>| k.into_iter().fold(0u64, |m, k| m | 1 << k);
    let (owners, strs) = (mask(value.map_or(Vec::new(), |v| v.owner_slots())), crate::boxing::str_slots(key));
    let block = hasten_runtime::dict::hasten_rt_dict_new(key.slot_count() as u64, value_words as u64, owners, mask(strs.clone()), crate::typed::key_floats(key));
    if block.is_null() {
        return Err(pyo3::exceptions::PyMemoryError::new_err("unable to allocate a dict"));
    }
    let owner = block as u64 | 1;
    let (mut kbuf, mut vbuf) = (vec![0u64; key.slot_count()], vec![0u64; value_words]);
    let mut put = |k: &Bound<'py, PyAny>, v: Option<&Bound<'py, PyAny>>| -> PyResult<()> {
        marshal(py, k, key, &mut kbuf, &mut 0, seen)?;
        widen_key(key, &mut kbuf, &mut 0);
        if let (Some(v), Some(t)) = (v, value) {
            marshal(py, v, t, &mut vbuf, &mut 0, seen)?;
        }
        // SAFETY: a live dict of this layout, and its key and value words.
        if unsafe { hasten_runtime::dict::hasten_rt_dict_set(owner, kbuf.as_ptr(), vbuf.as_ptr()) } != 0 {
            return Err(crate::typed::store_failed("dict"));
        }
        // The dict took its own reference to the key's strings.
        for &s in &strs {
            // SAFETY: a string block just made, which the dict also holds.
            unsafe { hasten_runtime::hasten_rt_decref(kbuf[s]) };
        }
        Ok(())
    };
    match value {
        Some(_) => {
            for (k, v) in o.cast::<pyo3::types::PyDict>()?.iter() {
                put(&k, Some(&v))?;
            }
        }
        None => {
            for k in o.cast::<pyo3::types::PySet>()?.iter() {
                put(&k, None)?;
            }
        }
    }
    // SAFETY: the dict was just made.
    unsafe { hasten_runtime::dict::set_clean(owner) };
    Ok(owner)
}

/// The keys of a Python dict or set passed in: a hasten.typed.Dict's (`typed_dict::key_ok`), and
/// float32s, which `marshal_dict` widens as compiled code does.
fn arg_key_ok(t: &Type) -> bool {
    match t {
        Type::Tuple(items) => !items.is_empty() && items.iter().all(arg_key_ok),
        t => crate::typed_dict::key_ok(t) || *t == Type::Scalar(Dtype::F32),
    }
}

/// A key's words as compiled code makes them (`key_words`): a narrow signed NumPy int widened
/// with its sign, where `marshal` leaves the rest of the slot zero, and a float32 as the float64
/// of its value.
fn widen_key(key: &Type, words: &mut [u64], at: &mut usize) {
    match key {
        Type::Tuple(items) => items.iter().for_each(|t| widen_key(t, words, at)),
        Type::Scalar(d) if d.is_int() && d.is_signed() && d.itemsize() < 8 => {
            let bits = 8 * d.itemsize() as u32;
            words[*at] = (((words[*at] << (64 - bits)) as i64) >> (64 - bits)) as u64;
            *at += 1;
        }
        Type::Scalar(Dtype::F32) => {
            words[*at] = (f32::from_bits(words[*at] as u32) as f64).to_bits();
            *at += 1;
        }
        t => *at += t.slot_count(),
    }
}

/// The slots of a key held in a dict's words: a float32 back from the float64 of its value.
pub fn key_slots<'w>(key: &Type, words: &'w [u64]) -> std::borrow::Cow<'w, [u64]> {
    fn narrow(key: &Type, words: &mut [u64], at: &mut usize) {
        match key {
            Type::Tuple(items) => items.iter().for_each(|t| narrow(t, words, at)),
            Type::Scalar(Dtype::F32) => {
                words[*at] = (f64::from_bits(words[*at]) as f32).to_bits() as u64;
                *at += 1;
            }
            t => *at += t.slot_count(),
        }
    }
    fn has_f32(t: &Type) -> bool {
        match t {
            Type::Tuple(items) => items.iter().any(has_f32),
            t => *t == Type::Scalar(Dtype::F32),
        }
    }
    if !has_f32(key) {
        return std::borrow::Cow::Borrowed(words);
    }
    let mut owned = words.to_vec();
    narrow(key, &mut owned, &mut 0);
    std::borrow::Cow::Owned(owned)
}

/// Whether `typeof_value(o) == Some(t)`, without allocating for the common cases.
pub fn matches(py: Python<'_>, o: &Bound<'_, PyAny>, t: &Type) -> PyResult<bool> {
    let p = o.as_ptr();
    unsafe {
        let tp = ffi::Py_TYPE(p);
        let exact = match t {
            Type::Int => tp == ptr::addr_of_mut!(ffi::PyLong_Type),
            Type::Float => tp == ptr::addr_of_mut!(ffi::PyFloat_Type),
            Type::Complex => tp == ptr::addr_of_mut!(ffi::PyComplex_Type),
            Type::Bool => tp == ptr::addr_of_mut!(ffi::PyBool_Type),
            Type::Str => tp == ptr::addr_of_mut!(ffi::PyUnicode_Type),
            Type::None => p == ffi::Py_None(),
            Type::Array(at) => {
                if let Some(np) = NUMPY.get(py) {
                    if tp == np.array_type {
                        return Ok(array_view(p).array_type() == Some(*at));
                    }
                }
                false
            }
            Type::Scalar(d) => {
                if let Some(np) = NUMPY.get(py) {
                    if np.scalar_dtype(tp) == Some(*d) {
                        return Ok(true);
                    }
                }
                false
            }
            _ => false,
        };
        if exact {
            return Ok(true);
        }
    }
    Ok(typeof_value(py, o)?.as_ref() == Some(t))
}

/// The largest array dimension compiled code accepts.
const MAX_DIM: u64 = hasten_ir::types::MAX_DIM as u64;

/// The lists, dicts and sets one call's arguments hold, by the address of their Python object:
/// their runtime owner, the object and its type. A Python object met twice (`f(l, l)`,
/// `[[0.0] * 3] * 2`) is one runtime container, as it is one object to CPython.
pub type Seen<'py> = HashMap<usize, (u64, Bound<'py, PyAny>, Type)>;

/// The runtime container of type `t` for the Python one `o` of this call: the one made already
/// (one more reference to it), or a new one from `make`.
fn container_once<'py>(o: &Bound<'py, PyAny>, t: &Type, seen: &mut Seen<'py>, make: impl FnOnce(&mut Seen<'py>) -> PyResult<u64>) -> PyResult<u64> {
    if let Some((owner, _, _)) = seen.get(&(o.as_ptr() as usize)) {
        // SAFETY: a live runtime container made for this call.
        unsafe { hasten_runtime::list::incref(*owner) };
        return Ok(*owner);
    }
    let owner = make(seen)?;
    seen.insert(o.as_ptr() as usize, (owner, o.clone(), t.clone()));
    Ok(owner)
}

/// Writes `o`, known to have type `t`, into `out[*pos..]`, one 8-byte slot per machine value.
pub fn marshal<'py>(py: Python<'py>, o: &Bound<'py, PyAny>, t: &Type, out: &mut [u64], pos: &mut usize, seen: &mut Seen<'py>) -> PyResult<()> {
    let p = o.as_ptr();
    let mut put = |bits: u64| {
        out[*pos] = bits;
        *pos += 1;
    };
    match t {
        // A function or a dtype passed in is a compile-time constant of its type (no closure comes
        // from Python).
        Type::Unknown | Type::Never | Type::None | Type::Ellipsis | Type::Func(_) | Type::DtypeOf(_) | Type::ScalarClass(_) => {}
        Type::Iter(_) => unreachable!("no iterator comes from Python"),
        Type::List(item) => put(match crate::typed::container(py, o)? {
            // A hasten.typed container is passed as it is: its owner, borrowed for the call.
            Some((_, owner)) => owner,
            None => container_once(o, t, seen, |seen| marshal_list(py, o, item, seen))?,
        }),
        Type::Generator => put(crate::generator::bitgen_address(py, o)?),
        Type::Dict(k, v) => put(match crate::typed::container(py, o)? {
            Some((_, owner)) => owner,
            None => container_once(o, t, seen, |seen| marshal_dict(py, o, k, Some(v), seen))?,
        }),
        Type::Set(k) => put(container_once(o, t, seen, |seen| marshal_dict(py, o, k, None, seen))?),
        Type::Optional(_) => unreachable!("optional arguments are refused when typed"),
        Type::Slice(parts) => crate::named::marshal_slice(o, parts, put)?,
        Type::Str => {
            // A new string block for the call, released by the binding afterwards (`Boxer::finish`).
            let mut len: ffi::Py_ssize_t = 0;
            let utf8 = unsafe { ffi::PyUnicode_AsUTF8AndSize(p, &mut len) };
            if utf8.is_null() {
                return Err(PyErr::fetch(py));
            }
            // SAFETY: CPython's UTF-8 form of the string, `len` bytes, alive while `o` is.
            let text = unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(utf8 as *const u8, len as usize)) };
            let block = hasten_runtime::string::new_str(text);
            if block.is_null() {
                return Err(pyo3::exceptions::PyMemoryError::new_err("unable to allocate a string"));
            }
            put(block as u64 | 1);
        }
        Type::Bool => put(unsafe { (p == ffi::Py_True()) as u64 }),
        Type::Int => {
            // A float converted for an explicit signature is truncated as `int()` truncates it.
            let converted;
            let mut p = p;
            if unsafe { ffi::PyIndex_Check(p) } == 0 {
                converted = unsafe { Bound::from_owned_ptr_or_err(py, ffi::PyNumber_Long(p))? };
                p = converted.as_ptr();
            }
            let v = unsafe { ffi::PyLong_AsLongLong(p) };
            if v == -1 && unsafe { !ffi::PyErr_Occurred().is_null() } {
                let err = PyErr::fetch(py);
                return Err(if err.is_instance_of::<PyOverflowError>(py) {
                    PyOverflowError::new_err("int too large to convert to 64-bit integer")
                } else {
                    err
                });
            }
            put(v as u64);
        }
        Type::Float => {
            let v = unsafe { ffi::PyFloat_AsDouble(p) };
            if v == -1.0 && unsafe { !ffi::PyErr_Occurred().is_null() } {
                return Err(PyErr::fetch(py));
            }
            put(v.to_bits());
        }
        Type::Complex => {
            let (re, im) = unsafe { (ffi::PyComplex_RealAsDouble(p), ffi::PyComplex_ImagAsDouble(p)) };
            put(re.to_bits());
            put(im.to_bits());
        }
        Type::Scalar(d) => {
            // An argument converted for an explicit signature (`conversion_cost`) becomes the
            // signature's NumPy scalar first, with NumPy's errors (a Python int out of range).
            let converted;
            let mut p = p;
            if NUMPY.get(py).and_then(|np| unsafe { np.scalar_dtype(ffi::Py_TYPE(p)) }) != Some(*d) {
                converted = py.import("numpy")?.getattr(d.name())?.call1((o,))?;
                p = converted.as_ptr();
            }
            // NumPy writes the value in its native width; the rest of the slots stays zero.
            let mut slots = [0u64; 2];
            unsafe { PY_ARRAY_API.PyArray_ScalarAsCtype(py, p, slots.as_mut_ptr() as *mut c_void) };
            match d {
                // Two f32 parts, the real part in the low half (little-endian): a slot each.
                Dtype::C64 => {
                    put(slots[0] & 0xffff_ffff);
                    put(slots[0] >> 32);
                }
                Dtype::C128 => {
                    put(slots[0]);
                    put(slots[1]);
                }
                _ => put(slots[0]),
            }
        }
        Type::Array(_) => {
            // In the order of `hasten_ir::types::array_slots`.
            let a = unsafe { array_view(p) };
            put(a.data as u64);
            put(p as u64);
            for &n in a.shape() {
                // Compiled code relies on dimensions below 2**62 to prove index arithmetic in range.
                if n as u64 > MAX_DIM {
                    return Err(PyValueError::new_err(
                        "hasten: arrays with a dimension of 2**62 or more are not supported",
                    ));
                }
                put(n as u64);
            }
            for &s in a.strides() {
                put(s as u64);
            }
        }
        Type::Tuple(items) => {
            for (item, t) in o.cast::<pyo3::types::PyTuple>()?.iter().zip(items) {
                marshal(py, &item, t, out, pos, seen)?;
            }
        }
    }
    Ok(())
}

/// Whether an argument of type `actual` may be passed where an explicit signature declares
/// `declared`; `conversion_cost` says how.
pub fn converts(actual: &Type, declared: &Type) -> bool {
    conversion_cost(actual, declared).is_some()
}

/// How far an argument of type `actual` is from an explicit signature's `declared` type, as
/// numba's dispatcher ranks conversions: 0 exact; 1 a promotion (bool to int, a NumPy scalar to
/// the Python number of its kind, a narrower scalar to a wider one of its kind, an array of any
/// layout to a signature's layout `A`, a writeable array to a readonly one); 2 a safe conversion
/// (ints to floats, real numbers to complex); 3 an unsafe one (to a narrower NumPy scalar, floats
/// to ints), which `marshal` makes through NumPy's scalar type or `int()`, with their errors. Tuples add
/// their items'. None where no conversion exists.
pub fn conversion_cost(actual: &Type, declared: &Type) -> Option<u32> {
    // (kind, bits) of a real number: 0 bool, 1 int, 2 float.
    let real = |t: &Type| match t {
        Type::Bool => Some((0, 1)),
        Type::Int => Some((1, 64)),
        Type::Float => Some((2, 64)),
        Type::Scalar(d) if d.is_complex() => None,
        Type::Scalar(d) if *d == Dtype::Bool => Some((0, 1)),
        Type::Scalar(d) => Some((if d.is_float() { 2 } else { 1 }, 8 * d.itemsize() as u32)),
        _ => None,
    };
    match (actual, declared) {
        (a, d) if a == d => Some(0),
        (Type::Array(a), Type::Array(d)) => {
            let fits = a.dtype == d.dtype
                && a.ndim == d.ndim
                && (d.layout == a.layout || d.layout == hasten_ir::Layout::A)
                && (d.readonly || !a.readonly);
            fits.then_some(1)
        }
        (Type::Tuple(a), Type::Tuple(d)) if a.len() == d.len() => a.iter().zip(d).map(|(a, d)| conversion_cost(a, d)).sum(),
        // A complex NumPy scalar to a Python complex, or a complex to an np.complex128.
        (Type::Scalar(d), Type::Complex) if d.is_complex() => Some(1),
        (Type::Complex | Type::Scalar(Dtype::C64), Type::Scalar(Dtype::C128)) => Some(1),
        (a, Type::Complex | Type::Scalar(Dtype::C128)) => real(a).map(|_| 2),
        (a, Type::Int | Type::Float | Type::Bool | Type::Scalar(_)) => {
            let (ak, ab) = real(a)?;
            let (dk, db) = real(declared)?;
            if declared == &Type::Bool {
                return None;
            }
            Some(if ak == dk && ab <= db || ak < dk && dk == 1 { 1 } else if ak < dk { 2 } else { 3 })
        }
        _ => None,
    }
}

/// The dtype `o` stands for, if it is a NumPy scalar type (`np.float32`) or a native-order
/// `np.dtype` of one hasten compiles: an argument compiled as a constant of its type.
fn dtype_object(py: Python<'_>, np: &Numpy, o: &Bound<'_, PyAny>) -> PyResult<Option<Dtype>> {
    let p = o.as_ptr();
    // SAFETY: `p` is a live object; a type object's pointer is its PyTypeObject.
    if unsafe { ffi::PyType_Check(p) } != 0 {
        return Ok(np.scalar_dtype(p as *mut ffi::PyTypeObject));
    }
    let dtype_class = py.import("numpy")?.getattr("dtype")?;
    if !o.is_instance(&dtype_class)? || !o.getattr("isnative")?.extract::<bool>()? {
        return Ok(None);
    }
    Ok(Dtype::from_name(&o.getattr("name")?.extract::<String>()?))
}
