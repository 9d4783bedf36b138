//! What a name, an attribute or a call's callee can refer to at compile time, besides a runtime
//! value: the vocabulary that name resolution, calls and the NumPy room share.

use hasten_ir::hir::*;

/// What a name or attribute refers to when it is not a runtime value.
#[derive(Clone, Debug)]
pub(crate) enum Entity {
    Value(Expr),
    MathModule,
    NumpyModule,
    /// `np.random`.
    RandomModule,
    /// The `operator` module.
    OperatorModule,
    /// `np.linalg`.
    LinalgModule,
    /// The `cmath` module.
    CmathModule,
    /// A NumPy submodule whose functions the library holds (`np.polynomial.polynomial`,
    /// `np.lib.stride_tricks`...), by its dotted name under `numpy` (`library::module_attr`).
    LibraryModule(&'static str),
    Callable(Callable),
}

/// Something that can be called. Only `Callee`s become HIR calls; `range`/`prange` are only allowed
/// where they are consumed whole (a `for` loop, `sum/min/max`) and exceptions only in `raise`.
#[derive(Clone, Debug)]
pub(crate) enum Callable {
    Callee(Callee),
    Range,
    Prange,
    /// `np.random.rand`/`randn`, whose positional arguments are the dimensions of the result.
    RandomDims(RandomFn),
    /// `np.random.random_integers(low, high, size)`: NumPy's `randint(low, high + 1, size)`.
    RandomIntegers,
    Exception(ExcClass),
    /// `np.allclose(...)`: `bool(np.all(np.isclose(...)))`.
    Allclose,
    /// An inner function (`def` or `lambda`): its name, id and the variables it captures.
    Inner(String, hasten_ir::FuncId, Vec<String>),
    /// `np.vdot`, `np.inner`, `np.outer`: `np.dot` of reshaped operands (`linalg::product_call`).
    Product(Product),
    /// `np.rot90`, `np.append`: compositions of other NumPy calls (`numpy_shapes::rewrite_call`).
    Rewrite(crate::numpy_shapes::Rewrite),
    /// A NumPy function written in Python (`library.rs`), by its name there.
    Library(&'static str),
    /// `np.finfo` (true) or `np.iinfo`, whose calls are only the bases of attributes (`numpy_info.rs`).
    Info(bool),
    /// A `collections.namedtuple` class and the defaults of its last fields (`named.rs`).
    NamedTuple(std::sync::Arc<hasten_ir::NamedClass>, Vec<hasten_ir::GlobalValue>),
}

/// The products NumPy defines through `np.dot`.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Product {
    Vdot,
    Inner,
    Outer,
}
