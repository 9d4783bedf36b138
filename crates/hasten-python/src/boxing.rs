//! Compiled results → Python objects, read from the return slots by the return type.

use crate::types::{array_view, Numpy};
use hasten_ir::types::array_slots;
use hasten_ir::{ArrayType, Type};
use hasten_runtime::memory::{ArenaScope, OwnedBuffer};
use numpy::npyffi::{self, PY_ARRAY_API};
use pyo3::exceptions::PySystemError;
use pyo3::ffi;
use pyo3::prelude::*;
use std::ffi::c_void;
use std::collections::hash_map::DefaultHasher;
use std::hash::BuildHasherDefault;

/// Maps keyed by block addresses. A fixed hasher: the standard one seeds each map from a
/// thread-local, a dynamic-TLS lookup in this dlopen'ed module that every call's boxing would pay
/// four times.
type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<DefaultHasher>>;
use std::ptr::NonNull;
use std::sync::Mutex;

/// The base object of an array over memory that compiled code allocated: NumPy releases the
/// buffer by dropping this object once the last array viewing it is gone.
#[pyclass(frozen, module = "hasten._core", name = "_Buffer")]
pub struct BufferOwner {
    // The mutex only makes the buffer `Sync`, as every pyclass must be; nothing locks it.
    _buffer: Mutex<OwnedBuffer>,
}

pub struct Boxer<'a, 'py> {
    py: Python<'py>,
    /// The call's scope, whose blocks the result takes over; None for a value borrowed from a
    /// suspended generator (`compiled_generator.rs`), which takes none.
    scope: Option<&'a mut ArenaScope>,
    /// Allocations already taken in this result, so that several views of one share a base.
    /// Bound, not `Py`: the fast call path runs without PyO3's attach count, where dropping a `Py`
    /// would only queue its decref and keep every returned buffer alive until PyO3 is entered again.
    bases: Vec<(u64, Bound<'py, PyAny>)>,
    /// How many references the result holds to each owner: the count its block should have.
    refs: HashMap<u64, i64>,
    /// The lists, dicts, sets and strings boxed so far, by owner (a map: a result may hold
    /// hundreds of thousands of strings).
    lists: HashMap<u64, Bound<'py, PyAny>>,
    /// The typed containers compiled code made and returned (`hasten.typed.List()` inside), by
    /// owner: each Python object holds the block itself.
    adopted: HashMap<u64, Bound<'py, PyAny>>,
    /// The lists passed in, and where each owner's first entry is.
    args: Vec<ArgList<'py>>,
    arg_at: HashMap<u64, usize>,
    /// The strings passed in, each a block the binding holds one reference to.
    arg_strs: Vec<u64>,
    /// The arrays boxed so far, by their slots and type.
    arrays: Vec<(Vec<u64>, ArrayType, Bound<'py, PyAny>)>,
    /// Blocks the result holds that stay counted after the call (a typed container holds them
    /// too): the result's references to them are released once boxed.
    counted: Vec<u64>,
    exact: bool,
}

/// A Python list, dict or set passed to compiled code as the runtime one `owner` of type `ty`.
pub struct ArgList<'py> {
    pub owner: u64,
    pub list: Bound<'py, PyAny>,
    pub ty: Type,
    /// For a `hasten.typed` container (passed as it is, never written back), its block's count
    /// before the call.
    pub typed: Option<i64>,
    /// A list inside a list passed in (not itself an argument): the outer list holds its reference.
    pub nested: bool,
}

/// Adds the lists that the lists passed in hold (`seen`: every container made for the call) to
/// `lists`, so that the call's changes to them are written back into the caller's objects too.
pub fn add_nested<'py>(lists: &mut Vec<ArgList<'py>>, seen: crate::types::Seen<'py>) {
    if seen.len() <= lists.len() {
        return;
    }
    let passed: std::collections::HashSet<u64> = lists.iter().map(|a| a.owner).collect();
    let mut nested: Vec<(u64, Bound<'py, PyAny>, Type)> = seen.into_values().filter(|(owner, _, _)| !passed.contains(owner)).collect();
    nested.sort_by_key(|(owner, _, _)| *owner);
    for (owner, list, ty) in nested {
        lists.push(ArgList { owner, list, ty, typed: None, nested: true });
    }
}

/// Counts the references a value of type `t` in `slots` holds to each block, those its lists'
/// items hold included.
fn count_refs(t: &Type, slots: &[u64], refs: &mut HashMap<u64, i64>) {
    let bump = |owner: u64, refs: &mut HashMap<u64, i64>| -> bool {
        let n = refs.entry(owner).or_insert(0);
        *n += 1;
        *n == 1
    };
    match t {
        Type::Array(_) => {
            bump(slots[array_slots::OWNER], refs);
        }
        // A list's items are counted once, however many times the list itself appears; a typed
        // list's items hold references that stay its own.
        Type::List(item) if bump(slots[0], refs) && item.has_refs() && !unsafe { hasten_runtime::list::is_typed(slots[0]) } => {
            // SAFETY: the result refers to the list.
            let (n, words, items) = unsafe { hasten_runtime::list::items(slots[0]) };
            for k in 0..n {
                count_refs(item, &items[k * words..(k + 1) * words], refs);
            }
        }
        Type::Str => {
            bump(slots[0], refs);
        }
        // A set's items and a dict's keys and values are counted once, however many times the
        // container itself appears.
        Type::Set(key) | Type::Dict(key, _) if bump(slots[0], refs) && !unsafe { hasten_runtime::dict::is_typed(slots[0]) } => {
            let value = match t {
                Type::Dict(_, v) => &**v,
                _ => &Type::None,
            };
            if key.has_refs() || value.has_refs() {
                // SAFETY: the result refers to the dict.
                for (k, v) in unsafe { hasten_runtime::dict::entries(slots[0]) } {
                    count_refs(key, k, refs);
                    count_refs(value, v, refs);
                }
            }
        }
        Type::Tuple(items) => {
            let mut pos = 0;
            for item in items {
                let n = item.slot_count();
                count_refs(item, &slots[pos..pos + n], refs);
                pos += n;
            }
        }
        // Under a 0 flag the slots are zeros, which refer to nothing.
        Type::Optional(value) if slots[0] as u8 != 0 => count_refs(value, &slots[1..], refs),
        _ => {}
    }
}

impl<'a, 'py> Boxer<'a, 'py> {
    /// A boxer for the result of type `t` held in `slots`, whose references it takes over, and for
    /// the lists passed in. `exact`: the call returned, so the reference counts can be checked.
    pub fn new(py: Python<'py>, scope: Option<&'a mut ArenaScope>, t: &Type, slots: &[u64], args: Vec<ArgList<'py>>, arg_strs: Vec<u64>, exact: bool) -> Self {
        let mut refs: HashMap<u64, i64> = HashMap::default();
        if t.has_refs() {
            count_refs(t, slots, &mut refs);
        }
        // The binding holds one reference to each list, dict and set it passed in (those inside
        // them are held by them).
        for a in args.iter().filter(|a| a.typed.is_none() && !a.nested) {
            count_refs(&a.ty, &[a.owner], &mut refs);
        }
        for s in &arg_strs {
            count_refs(&Type::Str, &[*s], &mut refs);
        }
        let mut arg_at = HashMap::default();
        for (k, a) in args.iter().enumerate() {
            arg_at.entry(a.owner).or_insert(k);
        }
        Boxer { py, scope, refs, bases: Vec::new(), lists: HashMap::default(), adopted: HashMap::default(), args, arg_at, arg_strs, arrays: Vec::new(), counted: Vec::new(), exact }
    }

    /// Writes back the lists, dicts and sets passed in that the call changed, and frees the blocks of every list
    /// boxed: their items now live in Python objects.
    pub fn finish(mut self) -> PyResult<()> {
        let args: Vec<(u64, Type, Option<i64>)> = self.args.iter().map(|a| (a.owner, a.ty.clone(), a.typed)).collect();
        let mut result = Ok(());
        let mut settled = Vec::new();
        for (owner, ty, typed) in args {
            if let Some(before) = typed {
                // Python holds the result's references to a typed container through its object.
                if !settled.contains(&owner) {
                    settled.push(owner);
                    let held = if self.exact { self.refs.get(&owner).copied().unwrap_or(0) } else { -1 };
                    // SAFETY: a live unscoped block the caller's object holds.
                    unsafe { hasten_runtime::memory::settle(owner, before, held) };
                }
                continue;
            }
            let written = match &ty {
                Type::List(item) => self.list(item, owner),
                Type::Dict(key, value) => self.dict(key, value, owner),
                Type::Set(item) => self.set(item, owner),
                _ => unreachable!("only lists, dicts and sets are written back"),
            };
            if let Err(e) = written {
                result = result.and(Err(e));
            }
        }
        // A typed container made by the call leaves its scope, its count the Python object's one.
        for (owner, _) in std::mem::take(&mut self.adopted) {
            let refs = self.refs.get(&owner).copied().unwrap_or(1);
            if let Some(block) = self.scope.as_deref_mut().and_then(|s| s.take(owner, if self.exact { refs } else { -1 })) {
                std::mem::forget(block);
                // SAFETY: a live block, now unscoped, that the result held `refs` references to.
                unsafe { hasten_runtime::memory::settle(owner, 1, refs - 1) };
            }
        }
        // The strings passed in that the result does not hold are released with the rest.
        for s in &self.arg_strs {
            self.lists.entry(*s).or_insert_with(|| self.py.None().into_bound(self.py));
        }
        for (owner, _) in std::mem::take(&mut self.lists) {
            let refs = if self.exact { self.refs.get(&owner).copied().unwrap_or(1) } else { -1 };
            if !self.scope.as_deref_mut().is_some_and(|s| s.consume(owner, refs)) && owner & 1 == 1 {
                // A string a typed container holds: it lives on, counted.
                self.counted.push(owner);
            }
        }
        if self.exact {
            for owner in std::mem::take(&mut self.counted) {
                for _ in 0..self.refs.get(&owner).copied().unwrap_or(0) {
                    // SAFETY: a reference the result held, now given up (Python holds its own).
                    unsafe { hasten_runtime::hasten_rt_decref(owner) };
                }
            }
            crate::typed_heap::drain(self.py);
        }
        result
    }

    /// Writes the floats of the list behind `owner` into the caller's list `l` of the same length,
    /// replacing only the items whose bits changed (the others keep their objects, as in CPython).
    /// False if the lengths differ.
    fn write_floats_back(&mut self, l: &Bound<'py, PyAny>, owner: u64) -> PyResult<bool> {
        let l = l.cast::<pyo3::types::PyList>()?;
        // SAFETY: the list is live and unchanged while written back.
        let (n, _, words) = unsafe { hasten_runtime::list::items(owner) };
        if n != l.len() {
            return Ok(false);
        }
        for (k, w) in words.iter().enumerate() {
            let old = l.get_item(k)?;
            // Another thread may have changed the caller's list during a `nogil` call: check the type.
            let same = unsafe { ffi::PyFloat_Check(old.as_ptr()) != 0 && ffi::PyFloat_AS_DOUBLE(old.as_ptr()).to_bits() == *w };
            if !same {
                l.set_item(k, f64::from_bits(*w))?;
            }
        }
        Ok(true)
    }

    /// A Python list of the items of the list behind `owner`; the same list object each time one
    /// result refers to the same list more than once, and the caller's own list (with the call's
    /// changes written into it) for a list passed in.
    fn list(&mut self, item: &Type, owner: u64) -> PyResult<Bound<'py, PyAny>> {
        if let Some(l) = self.lists.get(&owner).cloned().or_else(|| self.typed_arg(owner)) {
            return Ok(l);
        }
        let passed = self.arg(owner).map(|a| a.list.clone());
        // SAFETY: the result refers to the list.
        if passed.is_none() && unsafe { hasten_runtime::list::is_typed(owner) } {
            return self.adopt(owner, |py| crate::typed_list::adopt(py, owner, item.clone()));
        }
        // SAFETY: the result refers to the list, which nothing changes while it is boxed.
        let unchanged = passed.is_some() && !unsafe { hasten_runtime::list::is_dirty(owner) };
        let l = match passed {
            Some(l) if unchanged => {
                self.release_items(item, owner)?;
                l
            }
            Some(l) if *item == Type::Float && self.write_floats_back(&l, owner)? => l,
            _ => {
                // SAFETY: as above.
                let (n, words, items) = unsafe { hasten_runtime::list::items(owner) };
                let fresh = match scalar_list(self.py, item, &items[..n * words])? {
                    Some(l) => l,
                    None => {
                        let mut values = Vec::with_capacity(n);
                        for k in 0..n {
                            let mut pos = 0;
                            values.push(self.value(item, &items[k * words..(k + 1) * words], &mut pos)?);
                        }
                        pyo3::types::PyList::new(self.py, values)?
                    }
                };
                match passed {
                    Some(l) => {
                        l.cast::<pyo3::types::PyList>()?.set_slice(0, isize::MAX as usize, &fresh)?;
                        l
                    }
                    None => fresh.into_any(),
                }
            }
        };
        self.lists.insert(owner, l.clone());
        Ok(l)
    }

    /// The list, dict or set passed in as `owner`, if one was.
    fn arg(&self, owner: u64) -> Option<&ArgList<'py>> {
        self.arg_at.get(&owner).map(|&k| &self.args[k])
    }

    /// The `hasten.typed` container passed in as `owner`, if one was, or made by the call and
    /// boxed already: the result is that object.
    fn typed_arg(&self, owner: u64) -> Option<Bound<'py, PyAny>> {
        let passed = self.arg(owner).filter(|a| a.typed.is_some()).map(|a| a.list.clone());
        passed.or_else(|| self.adopted.get(&owner).cloned())
    }

    /// The typed container `make` wraps the block `owner` in, once per result.
    fn adopt(&mut self, owner: u64, make: impl FnOnce(Python<'py>) -> PyResult<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        let obj = make(self.py)?;
        self.adopted.insert(owner, obj.clone());
        Ok(obj)
    }

    /// Lists the strings an unchanged list passed in holds (the items Python already has), so that
    /// `finish` frees them with the list; the lists in it, passed in too, are written back if the
    /// call changed them.
    fn release_items(&mut self, item: &Type, owner: u64) -> PyResult<()> {
        if !item.has_refs() {
            return Ok(());
        }
        // SAFETY: the list is live and unchanged while written back.
        let (n, words, items) = unsafe { hasten_runtime::list::items(owner) };
        if let Type::List(inner) = item {
            for &o in &items[..n] {
                self.list(inner, o)?;
            }
            return Ok(());
        }
        let py = self.py;
        for k in 0..n {
            for s in item.owner_slots() {
                let o = items[k * words + s];
                if o & 1 == 1 {
                    self.lists.entry(o).or_insert_with(|| py.None().into_bound(py));
                }
            }
        }
        Ok(())
    }

    /// A Python dict of the entries of the dict behind `owner`, in their order; the same dict object
    /// each time one result refers to the same dict more than once. (Keys are widened words, whose
    /// first bytes hold the value as its slot would.)
    fn dict(&mut self, key: &Type, value: &Type, owner: u64) -> PyResult<Bound<'py, PyAny>> {
        if let Some(d) = self.lists.get(&owner).cloned().or_else(|| self.typed_arg(owner)) {
            return Ok(d);
        }
        if let Some(d) = self.passed_unchanged(owner) {
            return Ok(d);
        }
        // SAFETY: the result refers to the dict.
        if self.arg(owner).is_none() && unsafe { hasten_runtime::dict::is_typed(owner) } {
            return self.adopt(owner, |py| crate::typed_dict::adopt(py, owner, key.clone(), value.clone()));
        }
        let d = pyo3::types::PyDict::new(self.py);
        // SAFETY: the result refers to the dict, which nothing changes while it is boxed.
        for (k, v) in unsafe { hasten_runtime::dict::entries(owner) } {
            let k = self.value(key, &crate::types::key_slots(key, k), &mut 0)?;
            let v = self.value(value, v, &mut 0)?;
            d.set_item(k, v)?;
        }
        self.replace_passed(owner, d.into_any())
    }

    /// A Python set of the items of the set behind `owner` (the same object for repeats).
    fn set(&mut self, item: &Type, owner: u64) -> PyResult<Bound<'py, PyAny>> {
        if let Some(s) = self.lists.get(&owner) {
            return Ok(s.clone());
        }
        if let Some(s) = self.passed_unchanged(owner) {
            return Ok(s);
        }
        let s = pyo3::types::PySet::empty(self.py)?;
        // SAFETY: the result refers to the set, which nothing changes while it is boxed.
        for (k, _) in unsafe { hasten_runtime::dict::entries(owner) } {
            s.add(self.value(item, &crate::types::key_slots(item, k), &mut 0)?)?;
        }
        self.replace_passed(owner, s.into_any())
    }

    /// The caller's dict or set for the one behind `owner` if it was passed in and the call did not
    /// change it; its strings (which Python already has) are listed for `finish` to free with it.
    fn passed_unchanged(&mut self, owner: u64) -> Option<Bound<'py, PyAny>> {
        let arg = self.arg(owner)?;
        let (passed, ty) = (arg.list.clone(), arg.ty.clone());
        // SAFETY: the dict is live and unchanged while it is boxed.
        if unsafe { hasten_runtime::dict::is_dirty(owner) } {
            return None;
        }
        let (key, value) = match &ty {
            Type::Dict(k, v) => (&**k, &**v),
            Type::Set(k) => (&**k, &Type::None),
            _ => unreachable!("a dict or a set"),
        };
        if key.has_refs() || value.has_refs() {
            let py = self.py;
            // SAFETY: as above.
            for (k, v) in unsafe { hasten_runtime::dict::entries(owner) } {
                let held = key.owner_slots().into_iter().map(|s| k[s]).chain(value.owner_slots().into_iter().map(|s| v[s]));
                for o in held.filter(|o| o & 1 == 1) {
                    self.lists.entry(o).or_insert_with(|| py.None().into_bound(py));
                }
            }
        }
        self.lists.insert(owner, passed.clone());
        Some(passed)
    }

    /// `fresh`, the boxed contents of the dict or set behind `owner`; for one passed in, the
    /// caller's object with its contents replaced by them (in their order), as CPython's caller
    /// sees the changes of the same object.
    fn replace_passed(&mut self, owner: u64, fresh: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let target = match self.arg(owner) {
            Some(a) => {
                let l = a.list.clone();
                l.call_method0("clear")?;
                l.call_method1("update", (fresh,))?;
                l
            }
            None => fresh,
        };
        self.lists.insert(owner, target.clone());
        Ok(target)
    }

    /// A Python str of the string behind `owner` (the same object for repeats).
    fn string(&mut self, owner: u64) -> PyResult<Bound<'py, PyAny>> {
        if let Some(s) = self.lists.get(&owner) {
            return Ok(s.clone());
        }
        // SAFETY: the result refers to the string.
        let s = pyo3::types::PyString::new(self.py, unsafe { hasten_runtime::string::as_str(owner) }).into_any();
        self.lists.insert(owner, s.clone());
        Ok(s)
    }

    /// Boxes the value of type `t` starting at `slots[*pos]`.
    pub fn value(&mut self, t: &Type, slots: &[u64], pos: &mut usize) -> PyResult<Bound<'py, PyAny>> {
        if !t.has_refs() {
            return plain_value(self.py, t, slots, pos);
        }
        let py = self.py;
        let mut next = || {
            let v = slots[*pos];
            *pos += 1;
            v
        };
        Ok(match t {
            Type::Optional(value) => {
                if next() as u8 == 0 {
                    *pos += value.slot_count();
                    py.None().into_bound(py)
                } else {
                    self.value(value, slots, pos)?
                }
            }
            Type::Tuple(items) => {
                let values = items.iter().map(|t| self.value(t, slots, pos)).collect::<PyResult<Vec<_>>>()?;
                crate::named::tuple_object(py, items, values)?
            }
            Type::List(item) => {
                let owner = next();
                self.list(item, owner)?
            }
            Type::Dict(key, value) => {
                let owner = next();
                self.dict(key, value, owner)?
            }
            Type::Set(item) => {
                let owner = next();
                self.set(item, owner)?
            }
            Type::Str => {
                let owner = next();
                self.string(owner)?
            }
            Type::Array(at) => {
                let n = at.ndim as usize;
                let arr = &slots[*pos..*pos + array_slots::count(n)];
                *pos += arr.len();
                self.array(at, arr[array_slots::DATA], arr[array_slots::OWNER], &arr[array_slots::shape(n)], &arr[array_slots::strides(n)])?
            }
            Type::Func(_) | Type::Generator | Type::Iter(_) => unreachable!("the type checker refuses returning functions, generators and iterators"),
            _ => unreachable!("`plain_value` boxes types without blocks"),
        })
    }

    /// The array with these slots: the same object each time the result (or a list written back)
    /// holds the same array twice, as CPython would return it.
    fn array(&mut self, at: &ArrayType, data: u64, owner: u64, shape: &[u64], strides: &[u64]) -> PyResult<Bound<'py, PyAny>> {
        let key: Vec<u64> = [data, owner].into_iter().chain(shape.iter().copied()).chain(strides.iter().copied()).collect();
        if let Some((_, _, a)) = self.arrays.iter().find(|(k, t, _)| *k == key && t == at) {
            return Ok(a.clone());
        }
        let a = self.new_array(at, data, owner, shape, strides)?;
        self.arrays.push((key, *at, a.clone()));
        Ok(a)
    }

    fn new_array(&mut self, at: &ArrayType, data: u64, owner: u64, shape: &[u64], strides: &[u64]) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        let np = Numpy::get(py)?;
        let base: Bound<'py, PyAny> = if owner & 1 == 1 {
            match self.bases.iter().find(|(h, _)| *h == owner) {
                Some((_, b)) => b.clone(),
                None => {
                    let refs = if self.exact { self.refs.get(&owner).copied().unwrap_or(1) } else { -1 };
                    let b = match self.scope.as_deref_mut().and_then(|s| s.take(owner, refs)) {
                        Some(buffer) => Bound::new(py, BufferOwner { _buffer: Mutex::new(buffer) })?.into_any(),
                        // Out of the scope: a block a typed container holds too, or one a
                        // suspended generator lends (listed in its scope, which must not free it
                        // now that this array holds it, counted).
                        None => {
                            // SAFETY: a live block the result refers to.
                            unsafe { hasten_runtime::memory::unscope(owner) };
                            self.counted.push(owner);
                            crate::typed_heap::held(py, owner)?
                        }
                    };
                    self.bases.push((owner, b.clone()));
                    b
                }
            }
        } else if owner == 0 {
            return Err(PySystemError::new_err("hasten: compiled code returned an array without an owner"));
        } else {
            // An argument array, kept alive by the caller for the whole call.
            let arg = unsafe { Bound::from_borrowed_ptr(py, owner as *mut ffi::PyObject) };
            if unsafe { np.is_array(arg.as_ptr()) && same_array(&arg, at, data, shape, strides) } {
                return Ok(arg);
            }
            arg
        };
        array_over(py, at, data, shape, strides, base)
    }
}

/// Boxes the value of type `t` starting at `slots[*pos]`, a type that holds no block (numbers,
/// None, NumPy scalars, slices, and tuples and optionals of them): no call's bookkeeping is needed.
pub fn plain_value<'py>(py: Python<'py>, t: &Type, slots: &[u64], pos: &mut usize) -> PyResult<Bound<'py, PyAny>> {
    let mut next = || {
        let v = slots[*pos];
        *pos += 1;
        v
    };
    Ok(match t {
        Type::None | Type::Never | Type::Unknown => py.None().into_bound(py),
        Type::Ellipsis => unsafe { Bound::from_borrowed_ptr(py, ffi::Py_Ellipsis()) },
        Type::DtypeOf(d) => crate::print::dtype_object(py, *d)?,
        Type::ScalarClass(d) => crate::print::dtype_object(py, *d)?.getattr("type")?,
        Type::Optional(value) => {
            if next() as u8 == 0 {
                *pos += value.slot_count();
                py.None().into_bound(py)
            } else {
                plain_value(py, value, slots, pos)?
            }
        }
        Type::Bool => unsafe { Bound::from_borrowed_ptr(py, bool_ptr(next() as u8 != 0)) },
        Type::Int => unsafe { Bound::from_owned_ptr_or_err(py, ffi::PyLong_FromLongLong(next() as i64))? },
        Type::Float => unsafe { Bound::from_owned_ptr_or_err(py, ffi::PyFloat_FromDouble(f64::from_bits(next())))? },
        Type::Complex => {
            let (re, im) = (f64::from_bits(next()), f64::from_bits(next()));
            unsafe { Bound::from_owned_ptr_or_err(py, ffi::PyComplex_FromDoubles(re, im))? }
        }
        Type::Scalar(d) => {
            let np = Numpy::get(py)?;
            let mut slots = [next(), 0];
            match d {
                // The two f32 slots of the parts, packed as NumPy's complex64 (real first).
                hasten_ir::Dtype::C64 => slots[0] = (slots[0] & 0xffff_ffff) | (next() << 32),
                hasten_ir::Dtype::C128 => slots[1] = next(),
                _ => {}
            }
            // NumPy reads `itemsize` bytes from the start of the slots, where the value sits.
            unsafe {
                let obj = PY_ARRAY_API.PyArray_Scalar(py, slots.as_mut_ptr() as *mut c_void, np.descr(*d), std::ptr::null_mut());
                Bound::from_owned_ptr_or_err(py, obj)?
            }
        }
        Type::Slice(parts) => crate::named::slice_object(py, parts, next)?,
        Type::Tuple(items) => {
            let values = items.iter().map(|t| plain_value(py, t, slots, pos)).collect::<PyResult<Vec<_>>>()?;
            crate::named::tuple_object(py, items, values)?
        }
        Type::Func(_) | Type::Generator | Type::Iter(_) => unreachable!("the type checker refuses returning functions, generators and iterators"),
        _ => unreachable!("`Boxer::value` boxes the types that hold blocks"),
    })
}

/// A NumPy array of type `at` over `data` (with these shape and strides), kept alive by `base`.
pub fn array_over<'py>(py: Python<'py>, at: &ArrayType, data: u64, shape: &[u64], strides: &[u64], base: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let np = Numpy::get(py)?;
    let len: u64 = shape.iter().product();
    let data = match data {
        0 if len == 0 => NonNull::<u64>::dangling().as_ptr() as *mut c_void,
        0 => return Err(PySystemError::new_err("hasten: compiled code returned an array without data")),
        p => p as *mut c_void,
    };
    let flags = if at.readonly { 0 } else { npyffi::NPY_ARRAY_WRITEABLE };
    unsafe {
        let descr = np.descr(at.dtype);
        ffi::Py_INCREF(descr as *mut ffi::PyObject); // stolen by PyArray_NewFromDescr
        let arr = PY_ARRAY_API.PyArray_NewFromDescr(
            py,
            np.array_type,
            descr,
            at.ndim as _,
            shape.as_ptr() as *mut npyffi::npy_intp,
            strides.as_ptr() as *mut npyffi::npy_intp,
            data,
            flags,
            std::ptr::null_mut(),
        );
        let arr = Bound::from_owned_ptr_or_err(py, arr)?;
        if PY_ARRAY_API.PyArray_SetBaseObject(py, arr.as_ptr() as *mut npyffi::PyArrayObject, base.into_ptr()) < 0 {
            return Err(PyErr::fetch(py));
        }
        Ok(arr)
    }
}

/// A Python list of the ints, floats or bools in `words` (one word each), built in place: the
/// common result lists box at the speed of the allocator. None for other item types.
fn scalar_list<'py>(py: Python<'py>, item: &Type, words: &[u64]) -> PyResult<Option<Bound<'py, pyo3::types::PyList>>> {
    let make: fn(u64) -> *mut ffi::PyObject = match item {
        // SAFETY (all three): called with the GIL held; a null result leaves Python's error set.
        Type::Int => |w| unsafe { ffi::PyLong_FromLongLong(w as i64) },
        Type::Float => |w| unsafe { ffi::PyFloat_FromDouble(f64::from_bits(w)) },
        Type::Bool => |w| unsafe { ffi::Py_NewRef(bool_ptr(w as u8 != 0)) },
        _ => return Ok(None),
    };
    // SAFETY: the list is owned here until returned; each slot is filled once, in order, before
    // anything else sees the list (a failed item leaves the rest null, which list_dealloc skips).
    unsafe {
        let list = Bound::from_owned_ptr_or_err(py, ffi::PyList_New(words.len() as ffi::Py_ssize_t))?;
        for (k, &w) in words.iter().enumerate() {
            let obj = make(w);
            if obj.is_null() {
                return Err(PyErr::fetch(py));
            }
            ffi::PyList_SET_ITEM(list.as_ptr(), k as ffi::Py_ssize_t, obj);
        }
        Ok(Some(list.cast_into_unchecked()))
    }
}

fn bool_ptr(b: bool) -> *mut ffi::PyObject {
    unsafe { if b { ffi::Py_True() } else { ffi::Py_False() } }
}

/// Whether the result is exactly the argument array `arg`, so that returning `arg` itself is right.
unsafe fn same_array(arg: &Bound<'_, PyAny>, at: &ArrayType, data: u64, shape: &[u64], strides: &[u64]) -> bool {
    let a = unsafe { array_view(arg.as_ptr()) };
    let writeable = a.flags & npyffi::NPY_ARRAY_WRITEABLE != 0;
    a.data as u64 == data
        && a.ndim == at.ndim as usize
        && a.shape().iter().zip(shape).all(|(&x, &y)| x as u64 == y)
        && a.strides().iter().zip(strides).all(|(&x, &y)| x as u64 == y)
        && crate::types::dtype_of_view(&a) == Some(at.dtype)
        && writeable != at.readonly
}

/// The positions among the slots of a value of type `t` of the strings it holds.
pub fn str_slots(t: &Type) -> Vec<usize> {
    fn walk(t: &Type, base: &mut usize, out: &mut Vec<usize>) {
        match t {
            Type::Str => out.push(*base),
            Type::Tuple(items) => {
                for item in items {
                    walk(item, base, out);
                }
                return;
            }
            _ => {}
        }
        *base += t.slot_count();
    }
    let mut out = Vec::new();
    walk(t, &mut 0, &mut out);
    out
}
