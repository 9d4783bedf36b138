//! Value types. Python's own scalars (`bool`, `int`, `float`) are distinct from NumPy scalars because
//! their arithmetic differs: Python ints are exact (hasten raises OverflowError past 64 bits) and Python
//! floats raise ZeroDivisionError, while NumPy scalars wrap and follow IEEE. Promotion follows NEP 50.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dtype {
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    /// `complex64`: two `f32`, the real part first. Unlike complex128 its elements are NumPy
    /// scalars, `Type::Scalar(Dtype::C64)`, two `f32` slots (Python has no such number).
    C64,
    /// `complex128`: two `f64`, the real part first. Its elements are typed as Python's
    /// `complex` (`Dtype::item`); no `Type::Scalar` holds it.
    C128,
}

impl Dtype {
    /// The dtype NumPy's `np.dtype(text)` gives for a name (`from_name`) or a type code of a dtype
    /// hasten has (native byte order; `<`, `=` and `|` accepted); None for any other.
    pub fn parse(text: &str) -> Option<Dtype> {
        let text = text.strip_prefix(['<', '=', '|']).unwrap_or(text);
        Dtype::from_name(text).or(match text {
            "?" | "b1" => Some(Dtype::Bool),
            "i1" | "b" => Some(Dtype::I8),
            "u1" | "B" => Some(Dtype::U8),
            "i2" | "h" => Some(Dtype::I16),
            "u2" | "H" => Some(Dtype::U16),
            "i4" | "i" => Some(Dtype::I32),
            "u4" | "I" => Some(Dtype::U32),
            "i8" | "l" | "q" | "p" | "long" | "longlong" | "int_" => Some(Dtype::I64),
            "u8" | "L" | "Q" | "P" | "ulong" | "ulonglong" => Some(Dtype::U64),
            "f4" | "f" => Some(Dtype::F32),
            "f8" | "d" => Some(Dtype::F64),
            "c8" | "F" => Some(Dtype::C64),
            "c16" | "D" | "complex" => Some(Dtype::C128),
            _ => None,
        })
    }

    pub const ALL: [Dtype; 13] = [
        Dtype::Bool,
        Dtype::I8,
        Dtype::I16,
        Dtype::I32,
        Dtype::I64,
        Dtype::U8,
        Dtype::U16,
        Dtype::U32,
        Dtype::U64,
        Dtype::F32,
        Dtype::F64,
        Dtype::C64,
        Dtype::C128,
    ];

    pub fn itemsize(self) -> u32 {
        match self {
            Dtype::Bool | Dtype::I8 | Dtype::U8 => 1,
            Dtype::I16 | Dtype::U16 => 2,
            Dtype::I32 | Dtype::U32 | Dtype::F32 => 4,
            Dtype::I64 | Dtype::U64 | Dtype::F64 | Dtype::C64 => 8,
            Dtype::C128 => 16,
        }
    }

    pub fn is_complex(self) -> bool {
        matches!(self, Dtype::C64 | Dtype::C128)
    }

    /// The dtype of each part of a complex dtype (of `.real`/`.imag`, and of `abs`).
    pub fn part(self) -> Dtype {
        match self {
            Dtype::C64 => Dtype::F32,
            _ => Dtype::F64,
        }
    }

    /// The type of one element read from an array of this dtype: a NumPy scalar. An
    /// `np.complex128` has the slots of a Python `complex` but NumPy's arithmetic (its division,
    /// `**`, ordering and no ZeroDivisionError).
    pub fn item(self) -> Type {
        Type::Scalar(self)
    }

    /// The Python number `.item()` gives for an element of this dtype.
    pub fn item_python(self) -> Type {
        match self {
            Dtype::Bool => Type::Bool,
            d if d.is_complex() => Type::Complex,
            d if d.is_float() => Type::Float,
            _ => Type::Int,
        }
    }

    pub fn is_float(self) -> bool {
        matches!(self, Dtype::F32 | Dtype::F64)
    }

    pub fn is_int(self) -> bool {
        self.is_signed() || self.is_unsigned()
    }

    pub fn is_signed(self) -> bool {
        matches!(self, Dtype::I8 | Dtype::I16 | Dtype::I32 | Dtype::I64)
    }

    pub fn is_unsigned(self) -> bool {
        matches!(self, Dtype::U8 | Dtype::U16 | Dtype::U32 | Dtype::U64)
    }

    /// NumPy's name for the dtype (`np.dtype(name)` accepts it).
    pub fn name(self) -> &'static str {
        match self {
            Dtype::Bool => "bool",
            Dtype::I8 => "int8",
            Dtype::I16 => "int16",
            Dtype::I32 => "int32",
            Dtype::I64 => "int64",
            Dtype::U8 => "uint8",
            Dtype::U16 => "uint16",
            Dtype::U32 => "uint32",
            Dtype::U64 => "uint64",
            Dtype::F32 => "float32",
            Dtype::F64 => "float64",
            Dtype::C64 => "complex64",
            Dtype::C128 => "complex128",
        }
    }

    pub fn from_name(name: &str) -> Option<Dtype> {
        Dtype::ALL.iter().copied().find(|d| d.name() == name).or(match name {
            "bool_" => Some(Dtype::Bool),
            "float" | "double" => Some(Dtype::F64),
            "int" | "intp" => Some(Dtype::I64),
            "uint" | "uintp" => Some(Dtype::U64),
            "single" => Some(Dtype::F32),
            "cdouble" => Some(Dtype::C128),
            "csingle" => Some(Dtype::C64),
            "byte" => Some(Dtype::I8),
            "ubyte" => Some(Dtype::U8),
            "short" => Some(Dtype::I16),
            "ushort" => Some(Dtype::U16),
            "intc" => Some(Dtype::I32),
            "uintc" => Some(Dtype::U32),
            _ => None,
        })
    }

    /// NumPy's promotion of two dtypes (`np.result_type`).
    pub fn promote(a: Dtype, b: Dtype) -> Dtype {
        use Dtype::*;
        if a == b {
            return a;
        }
        match (a, b) {
            (Bool, x) | (x, Bool) => x,
            (C128, _) | (_, C128) => C128,
            // complex64 holds float32 and the integers float32 holds exactly (NumPy's table).
            (C64, x) | (x, C64) => {
                if x == F32 || (x.is_int() && x.itemsize() <= 2) {
                    C64
                } else {
                    C128
                }
            }
            (F64, _) | (_, F64) => F64,
            (F32, x) | (x, F32) => {
                if x.itemsize() <= 2 {
                    F32
                } else {
                    F64
                }
            }
            _ => {
                let (sa, sb) = (a.is_signed(), b.is_signed());
                if sa == sb {
                    if a.itemsize() >= b.itemsize() {
                        a
                    } else {
                        b
                    }
                } else {
                    let (s, u) = if sa { (a, b) } else { (b, a) };
                    if s.itemsize() > u.itemsize() {
                        s
                    } else {
                        match u.itemsize() {
                            1 => I16,
                            2 => I32,
                            4 => I64,
                            _ => F64,
                        }
                    }
                }
            }
        }
    }
}

impl fmt::Display for Dtype {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Memory layout of an array argument, part of the compiled signature so that later passes may
/// specialise on it. `A` is any strided layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layout {
    C,
    F,
    A,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ArrayType {
    pub dtype: Dtype,
    pub ndim: u8,
    pub layout: Layout,
    pub readonly: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// Not yet inferred; never reaches code generation.
    Unknown,
    /// The result of a call whose callee never returns (e.g. a recursive call still being typed).
    Never,
    None,
    Bool,
    Int,
    Float,
    /// A Python `complex`: two `F64` slots, the real part first.
    Complex,
    Scalar(Dtype),
    Array(ArrayType),
    Tuple(crate::tuples::TupleType),
    /// A list of items of one type: one slot, the owner of its block (`hasten_runtime::list`).
    List(Box<Type>),
    /// A dict of keys of one type and values of one type: one slot, the owner of its block
    /// (`hasten_runtime::dict`).
    Dict(Box<Type>, Box<Type>),
    /// A set of items of one type: one slot, the owner of a dict block without values
    /// (`hasten_runtime::dict`).
    Set(Box<Type>),
    /// A string: one slot, the owner of its immutable block (`hasten_runtime::string`).
    Str,
    /// A function used as a value. Which function is part of the type (each distinct function
    /// specialises its users, like numba's dispatcher types); only a closure has slots: the values
    /// it captured, laid out as a tuple of them.
    Func(Box<FuncRef>),
    /// A function's result that is a value on some paths and `None` on others: a flag slot (1:
    /// the value) before the value's slots, zeros under a 0 flag. Only returned to Python.
    Optional(Box<Type>),
    /// An `np.random.Generator`: one slot, either the address of the `bitgen_t` of one passed in
    /// from Python (untagged: the caller keeps it alive, not counted) or the tagged owner of one
    /// made by `np.random.default_rng` in compiled code, whose block's data starts with its
    /// `bitgen_t`. Never a result nor an item of a container.
    Generator,
    /// An iterator made by `iter(x)` in compiled code: one slot, the owner of its block
    /// (`hasten_runtime::iter`, `crate::iterators`). Never an argument or a result.
    Iter(Box<crate::iterators::IterOf>),
    /// A NumPy dtype as a value (`a.dtype`, `np.dtype(np.float32)`, a dtype argument): no slots,
    /// the dtype is in the type (each dtype specialises its users).
    DtypeOf(Dtype),
    /// A NumPy scalar class passed in (`np.float32`): no slots, a dtype argument as `DtypeOf`
    /// is, but the class itself where it goes back to Python, and callable as the conversion.
    ScalarClass(Dtype),
    /// A slice object (`slice(start, stop, step)`): which of its three parts are ints (the others
    /// are None, known from the type as numba's slice types know them), one `I64` slot each.
    Slice([bool; 3]),
    /// `...` passed in or held in a tuple (an index such as `(..., 1)` given as an argument): no
    /// slots; an index of this type is spread over the axes as a written `...` is.
    Ellipsis,
}

/// The function a `Type::Func` value is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FuncRef {
    /// A jitted function of the program.
    Jitted(crate::program::FuncId),
    /// A builtin or `operator` function by its Python name (`"min"`, `"operator.add"`); the type
    /// checker turns a call of it into the operation itself.
    Builtin(String),
    /// An inner `def` or `lambda` of a compiled function (a function of the program the front end
    /// made) with the types of the values it captured.
    Closure(crate::program::FuncId, Vec<Type>),
    /// A jitted function passed in from Python, by the address of its dispatcher: the binding's
    /// form of an argument type, which it resolves to `Jitted` before compiling.
    Object(usize),
}

impl FuncRef {
    /// The captured values' types as one tuple type: a closure's layout.
    pub fn captures(&self) -> Type {
        match self {
            FuncRef::Closure(_, types) => Type::tuple(types.clone()),
            _ => Type::tuple(Vec::new()),
        }
    }
}

/// The machine representation of one slot of a flattened value. Every slot is 8 bytes wide in the
/// argument and return buffers; the value sits at the start of its slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    I8,
    I16,
    I32,
    I64,
    F32,
    F64,
}

/// The largest array dimension hasten accepts: the binding rejects arguments with larger ones and
/// compiled code refuses to create them. Only zero-stride broadcast views could exceed it, and the
/// bound lets sums of a few indices be proven free of overflow.
pub const MAX_DIM: i64 = (1 << 62) - 1;

/// Where each part of an array value sits among its slots (all `Slot::I64`): `data, owner,
/// shape[0..ndim], strides[0..ndim]`, strides in bytes. Stated once here because the code generator
/// and the binding both read and write flattened arrays.
pub mod array_slots {
    use std::ops::Range;

    /// The address of the element at index 0 of every axis.
    pub const DATA: usize = 0;
    /// What keeps the data alive: an argument's `PyObject*`, or a runtime allocation with bit 0 set.
    pub const OWNER: usize = 1;
    const HEADER: usize = 2;

    pub fn shape(ndim: usize) -> Range<usize> {
        HEADER..HEADER + ndim
    }

    pub fn strides(ndim: usize) -> Range<usize> {
        HEADER + ndim..HEADER + 2 * ndim
    }

    pub fn count(ndim: usize) -> usize {
        HEADER + 2 * ndim
    }

    /// The number of axes of an array of `count` slots.
    pub fn ndim(count: usize) -> usize {
        assert!(count >= HEADER && (count - HEADER).is_multiple_of(2), "{count} slots are no array");
        (count - HEADER) / 2
    }
}

impl Type {
    /// A plain tuple of `items`.
    pub fn tuple(items: Vec<Type>) -> Type {
        Type::Tuple(items.into())
    }

    pub fn array(dtype: Dtype, ndim: u8) -> Type {
        Type::Array(ArrayType { dtype, ndim, layout: Layout::C, readonly: false })
    }

    /// A complex number: Python's `complex` or a NumPy complex scalar.
    pub fn is_complex_number(&self) -> bool {
        matches!(self, Type::Complex | Type::Scalar(Dtype::C64 | Dtype::C128))
    }

    /// A complex number held in two `f64`: Python's `complex` or an `np.complex128`.
    pub fn is_c128(&self) -> bool {
        matches!(self, Type::Complex | Type::Scalar(Dtype::C128))
    }

    /// A real number, Python's or NumPy's (complex64 too, which `complex64::gate` polices): an
    /// `np.complex128` goes where a Python `complex` goes (`is_c128`).
    pub fn is_numeric_scalar(&self) -> bool {
        matches!(self, Type::Bool | Type::Int | Type::Float) || matches!(self, Type::Scalar(d) if *d != Dtype::C128)
    }

    /// Bools and integers, Python's or NumPy's: the operands of `//`, `%`, shifts and indexing.
    pub fn is_intlike(&self) -> bool {
        match self {
            Type::Bool | Type::Int => true,
            Type::Scalar(d) => d.is_int() || *d == Dtype::Bool,
            _ => false,
        }
    }

    /// Python floats and NumPy floating scalars.
    pub fn is_floatlike(&self) -> bool {
        matches!(self, Type::Float) || matches!(self, Type::Scalar(d) if d.is_float())
    }

    /// The type of one element of an operand: an array's dtype as a NumPy scalar; numbers stay as
    /// they are (a Python number is weak under NEP 50).
    pub fn element(&self) -> Type {
        match self {
            Type::Array(a) => a.dtype.item(),
            t => t.clone(),
        }
    }

    /// The dtype NumPy gives a number when it becomes array data (`np.full(n, 3)` is int64).
    pub fn value_dtype(&self) -> Dtype {
        match self {
            Type::Bool => Dtype::Bool,
            Type::Int => Dtype::I64,
            Type::Scalar(d) => *d,
            Type::Complex => Dtype::C128,
            _ => Dtype::F64,
        }
    }

    /// The dtype a scalar has when it is stored into, or compared with, NumPy data.
    pub fn scalar_dtype(&self) -> Option<Dtype> {
        match self {
            Type::Bool => Some(Dtype::Bool),
            Type::Int => Some(Dtype::I64),
            Type::Float => Some(Dtype::F64),
            Type::Scalar(d) => Some(*d),
            _ => None,
        }
    }

    /// Appends the machine slots of this type, in order. Arrays flatten to
    /// `data, owner, shape[0..ndim], strides[0..ndim]` (strides in bytes).
    pub fn slots(&self, out: &mut Vec<Slot>) {
        match self {
            Type::Unknown | Type::Never | Type::None | Type::Ellipsis | Type::DtypeOf(_) | Type::ScalarClass(_) => {}
            Type::Bool => out.push(Slot::I8),
            Type::Int => out.push(Slot::I64),
            Type::Float => out.push(Slot::F64),
            Type::Complex | Type::Scalar(Dtype::C128) => out.extend([Slot::F64, Slot::F64]),
            Type::Scalar(Dtype::C64) => out.extend([Slot::F32, Slot::F32]),
            Type::Scalar(d) => out.push(match d {
                Dtype::Bool | Dtype::I8 | Dtype::U8 => Slot::I8,
                Dtype::I16 | Dtype::U16 => Slot::I16,
                Dtype::I32 | Dtype::U32 => Slot::I32,
                Dtype::I64 | Dtype::U64 => Slot::I64,
                Dtype::F32 => Slot::F32,
                Dtype::F64 => Slot::F64,
                Dtype::C64 | Dtype::C128 => unreachable!("matched above"),
            }),
            Type::Array(a) => {
                for _ in 0..array_slots::count(a.ndim as usize) {
                    out.push(Slot::I64);
                }
            }
            Type::Tuple(items) => items.iter().for_each(|t| t.slots(out)),
            Type::Slice(parts) => parts.iter().filter(|p| **p).for_each(|_| out.push(Slot::I64)),
            Type::List(_) | Type::Dict(..) | Type::Set(_) | Type::Str | Type::Generator | Type::Iter(_) => out.push(Slot::I64),
            Type::Func(f) => f.captures().slots(out),
            Type::Optional(t) => {
                out.push(Slot::I8);
                t.slots(out);
            }
        }
    }

    /// The positions among this type's slots of the owners of the heap values it holds, one per
    /// array: the references that compiled code counts (see `hasten_runtime::memory`).
    pub fn owner_slots(&self) -> Vec<usize> {
        fn walk(t: &Type, base: &mut usize, out: &mut Vec<usize>) {
            match t {
                Type::Array(_) => out.push(*base + array_slots::OWNER),
                Type::List(_) | Type::Dict(..) | Type::Set(_) | Type::Str | Type::Iter(_) | Type::Generator => out.push(*base),
                Type::Tuple(items) => {
                    for item in items {
                        walk(item, base, out);
                    }
                    return;
                }
                Type::Func(f) => return walk(&f.captures(), base, out),
                Type::Optional(t) => {
                    *base += 1;
                    return walk(t, base, out);
                }
                _ => {}
            }
            *base += t.slot_count();
        }
        let mut out = Vec::new();
        walk(self, &mut 0, &mut out);
        out
    }

    /// The item type a list of values of this type has: arrays of any layout go into one list, so
    /// its arrays are strided ones (a C-ordered array is a strided one too).
    pub fn as_list_item(&self) -> Type {
        match self {
            Type::Array(a) => Type::Array(ArrayType { layout: Layout::A, ..*a }),
            Type::Tuple(items) => items.map(Type::as_list_item),
            t => t.clone(),
        }
    }

    /// Whether a value of this type goes into a list of `item`s as it is: the same type, or a NumPy
    /// scalar and the Python number of one machine representation (`np.float64` and `float`), item
    /// by item in tuples. The list keeps its item type, as numba's lists do.
    pub fn fits_list_item(&self, item: &Type) -> bool {
        match (self, item) {
            (Type::Tuple(a), Type::Tuple(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.fits_list_item(y)),
            (Type::Scalar(Dtype::F64), Type::Float) | (Type::Float, Type::Scalar(Dtype::F64)) => true,
            (Type::Scalar(Dtype::I64), Type::Int) | (Type::Int, Type::Scalar(Dtype::I64)) => true,
            (Type::Scalar(Dtype::Bool), Type::Bool) | (Type::Bool, Type::Scalar(Dtype::Bool)) => true,
            _ => self == item,
        }
    }

    /// Whether values of this type hold references to heap values.
    pub fn has_refs(&self) -> bool {
        match self {
            Type::Array(_) | Type::List(_) | Type::Dict(..) | Type::Set(_) | Type::Str | Type::Iter(_) | Type::Generator => true,
            Type::Tuple(items) => items.iter().any(Type::has_refs),
            Type::Func(f) => f.captures().has_refs(),
            Type::Optional(t) => t.has_refs(),
            _ => false,
        }
    }

    /// How many slots `slots` appends, without building them (the binding asks on every call).
    pub fn slot_count(&self) -> usize {
        match self {
            Type::Unknown | Type::Never | Type::None | Type::Ellipsis | Type::DtypeOf(_) | Type::ScalarClass(_) => 0,
            Type::Array(a) => array_slots::count(a.ndim as usize),
            Type::Tuple(items) => items.iter().map(Type::slot_count).sum(),
            Type::Slice(parts) => parts.iter().filter(|p| **p).count(),
            Type::Func(f) => f.captures().slot_count(),
            Type::Optional(t) => 1 + t.slot_count(),
            Type::Complex | Type::Scalar(Dtype::C64 | Dtype::C128) => 2,
            Type::Bool | Type::Int | Type::Float | Type::Scalar(_) | Type::List(_) | Type::Dict(..) | Type::Set(_) | Type::Str | Type::Generator | Type::Iter(_) => 1,
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Unknown => f.write_str("<unknown>"),
            Type::Never => f.write_str("<never>"),
            Type::None => f.write_str("none"),
            Type::Bool => f.write_str("bool"),
            Type::Int => f.write_str("int"),
            Type::Float => f.write_str("float"),
            Type::Complex => f.write_str("complex"),
            Type::Scalar(d) => write!(f, "np.{d}"),
            Type::Array(a) => {
                let layout = match a.layout {
                    Layout::C => "C",
                    Layout::F => "F",
                    Layout::A => "A",
                };
                write!(f, "array({}, {}d, {layout}", a.dtype, a.ndim)?;
                if a.readonly {
                    f.write_str(", readonly")?;
                }
                f.write_str(")")
            }
            Type::List(item) => write!(f, "list({item})"),
            Type::Dict(k, v) => write!(f, "dict({k}, {v})"),
            Type::Set(item) => write!(f, "set({item})"),
            Type::Func(func) => match &**func {
                FuncRef::Jitted(id) => write!(f, "function(#{id})"),
                FuncRef::Builtin(name) => write!(f, "function({name})"),
                FuncRef::Closure(id, _) => write!(f, "closure(#{id}, {})", func.captures()),
                FuncRef::Object(addr) => write!(f, "function(@{addr:#x})"),
            },
            Type::Str => f.write_str("str"),
            Type::Ellipsis => f.write_str("ellipsis"),
            Type::Generator => f.write_str("Generator"),
            Type::DtypeOf(d) => write!(f, "dtype({d})"),
            Type::ScalarClass(d) => write!(f, "class({d})"),
            Type::Slice(parts) => {
                let part = |p: bool| if p { "int" } else { "none" };
                write!(f, "slice({}, {}, {})", part(parts[0]), part(parts[1]), part(parts[2]))
            }
            Type::Iter(of) => write!(f, "iterator({of})"),
            Type::Optional(t) => write!(f, "optional({t})"),
            Type::Tuple(t) if t.class.is_some() => {
                let class = t.class.as_ref().expect("named");
                write!(f, "namedtuple({}:{}", class.module, class.qualname)?;
                for (name, item) in class.fields.iter().zip(&t.items) {
                    write!(f, ", {name}={item}")?;
                }
                f.write_str(")")
            }
            Type::Tuple(items) => {
                f.write_str("(")?;
                for (i, t) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                if items.len() == 1 {
                    f.write_str(",")?;
                }
                f.write_str(")")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dtype::*;
    use super::*;

    #[test]
    fn promotion_matches_numpy() {
        assert_eq!(Dtype::promote(I8, U8), I16);
        assert_eq!(Dtype::promote(I64, U64), F64);
        assert_eq!(Dtype::promote(U32, I64), I64);
        assert_eq!(Dtype::promote(F32, I16), F32);
        assert_eq!(Dtype::promote(F32, I32), F64);
        assert_eq!(Dtype::promote(Bool, U16), U16);
        assert_eq!(Dtype::promote(U8, U32), U32);
    }

    #[test]
    fn owners_are_found_inside_tuples() {
        let a1 = Type::array(Dtype::F64, 1);
        let a2 = Type::array(Dtype::I32, 2);
        let t = Type::tuple(vec![Type::Int, a2.clone(), Type::tuple(vec![Type::Float, a1.clone()]), Type::Bool]);
        // int, then 6 slots of a2 (owner at 1), float, then a1 (owner at 1).
        assert_eq!(t.owner_slots(), vec![2, 9]);
        assert_eq!(a1.owner_slots(), vec![1]);
        assert!(t.has_refs() && !Type::tuple(vec![Type::Int, Type::Float]).has_refs());
        assert!(Type::Int.owner_slots().is_empty());
        for ty in [t, a1, a2, Type::None, Type::Scalar(Dtype::U8)] {
            let mut slots = Vec::new();
            ty.slots(&mut slots);
            assert_eq!(ty.slot_count(), slots.len(), "{ty}");
        }
    }

    #[test]
    fn arrays_flatten_to_data_owner_shape_strides() {
        assert_eq!(Type::array(F64, 2).slot_count(), 6);
        assert_eq!(Type::tuple(vec![Type::Int, Type::None, Type::Float]).slot_count(), 2);
    }
}
