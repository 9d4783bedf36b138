//! What the embedder hands the compiler: the source of every jitted function reachable from the one
//! being compiled, each with its module globals frozen to compile-time values.

use crate::types::{Dtype, Type};
use std::collections::HashMap;

/// Index of a function in `Program::functions`.
pub type FuncId = usize;

#[derive(Clone, Debug, PartialEq)]
pub enum GlobalValue {
    Int(i64),
    Float(f64),
    /// A Python `complex`: its real and imaginary parts.
    Complex(f64, f64),
    Bool(bool),
    None,
    Ellipsis,
    Str(String),
    Tuple(Vec<GlobalValue>),
    /// The `math` module.
    MathModule,
    /// The `cmath` module.
    CmathModule,
    /// A function of the `cmath` module bound to another name (`from cmath import exp`).
    CmathFn(String),
    /// The `operator` module.
    OperatorModule,
    /// A module of Python's standard library whose functions the front end's library defines
    /// (`heapq`, `bisect`, `random`), by its name.
    StdlibModule(String),
    /// A function of such a module bound to another name (`from heapq import heappush`): the
    /// module's name and the function's.
    StdlibFn(String, String),
    /// A builtin or `operator` function bound to a name (`from operator import add`), by its
    /// qualified name (`"operator.add"`, `"min"`): a function value (`FuncRef::Builtin`).
    BuiltinFn(String),
    /// The `numpy` module.
    NumpyModule,
    /// A function of the `math` module bound to another name (`from math import sqrt`).
    MathFn(String),
    /// A function of `numpy` bound to another name (`from numpy import zeros`).
    NumpyFn(String),
    /// The `numpy.random` module (`import numpy.random as npr`).
    NumpyRandomModule,
    /// A function of `numpy.random` bound to another name (`from numpy.random import seed`).
    RandomFn(String),
    /// The `numpy.linalg` module.
    NumpyLinalgModule,
    /// A function of `numpy.linalg` bound to another name (`from numpy.linalg import solve`).
    LinalgFn(String),
    /// A NumPy scalar type such as `np.float32`, usable as a dtype or a conversion function.
    Dtype(Dtype),
    /// Another jitted function.
    Function(FuncId),
    /// `hasten.prange` / `numba.prange`.
    Prange,
    /// A builtin exception class, by name.
    Exception(String),
    /// A plain Python function (not jitted), by name: calling it is a TypingError that says to
    /// decorate it.
    PyFunction(String),
    /// An exception class defined at module level: the key the binding finds it by again, and
    /// the keys or builtin names of its method resolution order up to `BaseException`.
    UserException(String, Vec<String>),
    /// A NumPy array, frozen when the program was described.
    Array(FrozenArray),
    /// `hasten.typed.List` (false) or `hasten.typed.Dict` (true).
    TypedClass(bool),
    /// A type object naming an item type (`hasten.types.float64`, numba's), as
    /// `List.empty_list(t)` and `Dict.empty(k, v)` take it.
    ItemType(Type),
    /// The `hasten.types` or `numba.types` module: its item types by name.
    TypesModule(Vec<(String, Type)>),
    /// A function with `hasten.extending.overload` implementations: the key the embedder
    /// resolves its calls by (`Program::overloads`), and its NumPy name where it is a NumPy
    /// function (hasten's own implementation of one wins over overloads of it).
    Overload { key: String, numpy: Option<String> },
    /// A `collections.namedtuple` (or `typing.NamedTuple`) class, with the defaults of its last
    /// fields.
    NamedTuple { class: std::sync::Arc<crate::tuples::NamedClass>, defaults: Vec<GlobalValue> },
    /// An instance of such a class: its class and items.
    NamedInstance(std::sync::Arc<crate::tuples::NamedClass>, Vec<GlobalValue>),
    /// A slice object: its start, stop and step.
    Slice(Vec<GlobalValue>),
    /// A NumPy scalar: its dtype and its value as a Python number.
    NumpyScalar(Dtype, Box<GlobalValue>),
    /// Any other object; using it is an UnsupportedError naming its Python type.
    Opaque(String),
}

/// A call of an overloaded function (`GlobalValue::Overload`) as the type checker meets it: the
/// types of its positional arguments then of its keyword arguments, named in order by `kwargs`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OverloadCall {
    pub key: String,
    pub args: Vec<Type>,
    pub kwargs: Vec<String>,
}

/// A module-level or captured NumPy array as numba freezes it: a read-only C-ordered copy made
/// when the program is described, which the embedder keeps alive as long as the compiled code;
/// compiled code holds its addresses as constants.
#[derive(Clone, Debug, PartialEq)]
pub struct FrozenArray {
    /// The address of its first element.
    pub data: u64,
    /// The address of the array object (an argument-like owner: compiled code never counts it).
    pub owner: u64,
    pub dtype: Dtype,
    pub shape: Vec<i64>,
    /// In bytes.
    pub strides: Vec<i64>,
}

/// Per-function compilation options (numba's decorator keywords).
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub boundscheck: bool,
    pub fastmath: bool,
    /// numba's `error_model='numpy'`: float division by zero gives inf/nan instead of raising.
    pub numpy_errors: bool,
    /// `parallel=True`: `prange` loops run on the thread pool.
    pub parallel: bool,
    /// `inline='always'`: calls of the function are lowered in place whatever its size (when it is
    /// a leaf that does not recurse; other calls stay calls).
    pub inline_always: bool,
    /// `locals={'x': float64}`: locals whose type is declared rather than inferred.
    pub locals: Vec<(String, Type)>,
}

impl Default for Options {
    fn default() -> Options {
        Options { boundscheck: true, fastmath: false, numpy_errors: false, parallel: false, inline_always: false, locals: Vec::new() }
    }
}

#[derive(Clone, Debug)]
pub struct FunctionSource {
    pub name: String,
    pub filename: String,
    /// The `def` statement, dedented so that `def` starts at column 0; decorators removed.
    pub source: String,
    /// Line of the `def` in `filename` (1-based).
    pub first_line: u32,
    /// Columns removed by dedenting.
    pub indent: u32,
    pub globals: HashMap<String, GlobalValue>,
    pub options: Options,
}

#[derive(Clone, Debug, Default)]
pub struct Program {
    pub functions: Vec<FunctionSource>,
    /// The implementation the embedder chose for each overloaded call met so far (a function of
    /// `functions`), or the TypingError message where no overload applies. The driver asks for a
    /// missing one (`hasten_compiler::missing_overload`) before compiling.
    pub overloads: HashMap<OverloadCall, Result<FuncId, String>>,
}
