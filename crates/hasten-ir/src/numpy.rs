//! NumPy's functions, reductions and ufuncs as the tree IR names them (`hir::NumpyFn`).

use crate::hir::{BinOp, CmpOp};

/// The largest `n` of `np.diff` compiled as one loop: the differences of each output element are
/// unrolled (larger and run-time orders repeat first differences in the library).
pub const MAX_DIFF_ORDER: i64 = 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumpyFn {
    /// The ufuncs of two outputs, a tuple of two scalars or arrays: `np.frexp(x)` (mantissa in
    /// the float loop's dtype, exponent int32), `np.modf(x)` (fraction, integral part),
    /// `np.divmod(x1, x2)` (`floor_divide`, `remainder`; its `Plan::Ufunc` is `floor_divide`'s).
    Frexp,
    Modf,
    Divmod,
    /// `np.unique(ar, return_index, return_inverse, return_counts)`: the flags are bool constants;
    /// the sorted distinct values, then the arrays asked for, as a tuple when any is.
    Unique,
    /// `np.nonzero(a)`, `a.nonzero()` and one-argument `np.where(a)`: a tuple of one int64 array
    /// of indices per axis. `np.flatnonzero(a)` is made `Flatnonzero(np.ravel(a))` (1-d).
    Nonzero,
    Flatnonzero,
    /// `np.argwhere(a)`: an int64 array of shape (count, a.ndim).
    Argwhere,
    /// `np.take(a, indices, axis)`: `axis` an int constant; the front end makes `axis=None`
    /// `take(np.ravel(a), indices, 0)`.
    Take,
    /// `np.compress(condition, a, axis)`: the front end makes `axis=None` `compress(condition,
    /// np.ravel(a), 0)`; `np.extract(c, a)` is `Extract(np.ravel(c), np.ravel(a), 0)`, which
    /// later stages treat as that `Compress`.
    Compress,
    Extract,
    /// `np.median(a, axis)`, `np.nanmedian(a, axis)`, `np.percentile(a, q, axis)`,
    /// `np.quantile(a, q, axis)` (NumPy's default linear interpolation); `axis` None or an int
    /// constant (the front end fills in None).
    Median,
    Nanmedian,
    Percentile,
    Quantile,
    /// `np.ptp(a, axis)`: `max - min` in the array's dtype.
    Ptp,
    /// `np.average(a, None, weights, returned)`: the weighted mean of the whole array (weights of its
    /// shape), with the sum of the weights when `returned` (a bool constant) is True; the front end
    /// makes `np.average` without weights `np.mean`.
    Average,
    /// `np.histogram(np.ravel(a), bins, range)`: `bins` an int or an array of edges, `range` None
    /// or a pair of numbers; gives `(counts, edges)`.
    Histogram,
    /// `np.digitize(x, bins, right)`: `right` a bool constant.
    Digitize,
    /// `np.interp(x, xp, fp, left, right)`: `left`/`right` None or numbers.
    Interp,
    /// Joins of a tuple of arrays: `np.concatenate((a, b), axis)`, `np.stack`, `np.vstack`,
    /// `np.hstack`, `np.column_stack`.
    Concatenate,
    Stack,
    Vstack,
    Hstack,
    ColumnStack,
    /// `np.eye(N, M, k)` and `np.identity(n)`: arguments `[N, M or None, k]` plus the dtype.
    Eye,
    Identity,
    /// `np.searchsorted(a, v, side)`: insertion points in a sorted 1-d array.
    Searchsorted,
    /// `np.bincount(x, weights or None, minlength)`.
    Bincount,
    /// `np.trace(a, offset)` of a 2-d array; `np.diag(v, k)`.
    Trace,
    Diag,
    Empty,
    Zeros,
    Ones,
    EmptyLike,
    ZerosLike,
    OnesLike,
    /// `np.full(shape, fill_value, dtype)`
    Full,
    /// `np.full_like(a, fill_value, dtype)`
    FullLike,
    /// `np.arange(start, stop, step, dtype)`; the front end fills in the defaults.
    Arange,
    /// `a.copy()`: a new C-ordered array.
    Copy,
    /// `a.astype(dtype)`: a new C-ordered array of the elements under NumPy's casts.
    Astype,
    /// `np.pad(array, pad_width, constant_values=0)` in NumPy's default `mode='constant'`.
    Pad,
    /// Views with one axis reversed (`np.flipud`: axis 0, `np.fliplr`: axis 1), or all axes reversed
    /// in order (`np.transpose`, as `.T`).
    Flipud,
    Fliplr,
    Transpose,
    /// `np.linspace(start, stop, num, endpoint, dtype)`; the front end fills in the defaults.
    Linspace,
    /// `np.ascontiguousarray(a)`, `np.reshape(a, shape)` / `a.reshape(...)`, `np.ravel(a)` /
    /// `a.ravel()`: views of C-contiguous data, copies otherwise, as NumPy.
    Ascontiguousarray,
    Reshape,
    Ravel,
    /// `np.dot(a, b)` (`a.dot(b)`): sums over the last axis of `a` and the second-to-last of `b`
    /// (its only axis when 1-D).
    Dot,
    /// `np.matmul(a, b)` and `a @ b`: stacks of matrices, the stack axes broadcast, 1-D operands
    /// promoted to a row (`a`) or a column (`b`) and their axis removed from the result.
    Matmul,
    /// `np.inner(a, b)`: `np.dot(a, b)` with the last two axes of `b` swapped (NumPy's message too).
    Inner,
    Reduce(Reduction),
    /// `np.cumsum(a, axis)`, `np.cumprod(a, axis)` (and the methods): running sums and products in
    /// the dtype of `np.sum`/`np.prod`, over the flattened array when `axis` is absent or None.
    Cumsum,
    Cumprod,
    /// `np.diff(a, n, axis)`: `n` (a constant, default 1) repeated differences along `axis`
    /// (default -1); `!=` for booleans, as NumPy.
    Diff,
    /// `np.sort(a, axis, kind)` (a sorted copy) and `np.argsort(a, axis, kind)` (the stable
    /// permutation), along `axis` (default -1, None for the flattened array); `a.sort(axis, kind)`
    /// sorts in place and gives None.
    Sort,
    Argsort,
    SortInPlace,
    /// `np.var(a, axis, ddof)`, `np.std(a, axis, ddof)` (and the methods) by NumPy's formula: the
    /// mean of the squared deviations from the mean, divided by `max(n - ddof, 0)`; the front end
    /// fills an absent axis with None.
    Var,
    Std,
    /// `np.nanvar`, `np.nanstd`: NaNs left out of the mean, the squares and the count; NaN where
    /// `count - ddof <= 0`.
    Nanvar,
    Nanstd,
    /// `a.item()` of an array of one element: that element as a Python number; `a.fill(value)`:
    /// every element set to `value` under NumPy's cast, giving None.
    Item,
    /// `np._unsupported(message)` in the front end's library (`library/*.py`): a case it does not
    /// compile, refused as unsupported when the call's types leave its branch live.
    Unsupported,
    /// `np._dtype_of(value)` in generated code (`@stencil`'s output): the dtype NumPy gives the
    /// value as array data, decided from its type; the type checker replaces the call by that
    /// dtype, so the value is never evaluated.
    DtypeOf,
    /// `np._store_cast(a, i, v)` in the library: `a[i] = v` with NumPy's casting store of array
    /// data (a ufunc's `at()` writes its results so), where a NumPy scalar stored by `a[i] = v`
    /// would be checked against the dtype.
    StoreCast,
    /// A primitive of Python's `random` module, which `library/pyrandom.py` builds the module on.
    PyRandom(PyRand),
    Fill,
    /// `np.roll(a, shift, axis)`: a new array with the elements shifted by `shift` (modulo the
    /// length) along `axis`, or along the flattened array when `axis` is absent or None.
    Roll,
    /// `np.array(x)` / `np.asarray(x)` of a nest of lists, tuples and arrays of numbers.
    FromList,
    /// `a.tolist()`: nested lists of Python numbers (a 0-d array's element itself).
    Tolist,
    /// Views that only rearrange axes (`hasten_typeck::shapes::view_axes` gives the axes each one
    /// touches, for the type checker and code generation alike): `np.flip(m, axis)` (axes
    /// reversed), `np.expand_dims(a, axis)` (unit axes inserted), `np.squeeze(a, axis)` / the method
    /// (unit axes removed, checked at run time), `np.atleast_1d/2d/3d(a)` (`Atleast(n)`).
    /// `np.swapaxes(a, axis1, axis2)` / the method, `np.moveaxis(a, source, destination)`: views
    /// with the axes permuted (the front end makes `np.rot90` flips and a swap).
    Flip,
    Swapaxes,
    Moveaxis,
    ExpandDims,
    Squeeze,
    Atleast(u8),
    /// `np.tri(N, M, k, dtype)` (`M` None for `N`); `np.tril(m, k)`, `np.triu(m, k)` (copies with the
    /// elements above/below diagonal `k` of the last two axes zeroed).
    Tri,
    Tril,
    Triu,
    /// `np.vander(x, N, increasing)`: `N` None for `len(x)`, `increasing` a bool constant.
    Vander,
    /// `np.repeat(a, repeats, axis)` (`repeats` an int or a 1-d int array, `axis` None for the
    /// flattened array); `np.tile(A, reps)` (`reps` an int or a tuple of ints).
    Repeat,
    Tile,
    /// `np.meshgrid(x1, ..., xn, indexing)`: the inputs raveled by the front end, then whether
    /// `indexing` is 'ij' (a bool constant); a tuple of `n` new n-d arrays.
    Meshgrid,
    /// `np.isin(element, np.ravel(test_elements), invert)`: `invert` a bool constant; a bool array
    /// of `element`'s shape. The call carries `Plan::Compare` with the type elements compare in.
    Isin,
    /// `np.array_equal(a1, a2, equal_nan)`: `equal_nan` a bool constant; a Python bool. The call
    /// carries `Plan::Compare` with the type elements compare in.
    ArrayEqual,
    /// `np.convolve(a, v, mode)`, `np.correlate(a, v, mode)` of 1-d arrays: `mode` an int constant
    /// (0 'valid', 1 'same', 2 'full'), NumPy's own numbering.
    Convolve,
    Correlate,
    /// `np.trapezoid(y, x or None, dx, axis)` of a 1-d `y`: the pairwise sum of
    /// `d * (y[1:] + y[:-1]) / 2.0` as NumPy computes it (`hasten_typeck::compare::trapezoid_plans`).
    Trapezoid,
    /// `np.kron(a, b)`: every product `a[i] * b[k]` at `i * b.shape + k`; the call carries the
    /// `Plan::Binary` of that multiplication.
    Kron,
    /// `np._restride(a, shape, strides, offset, ndim, writeable, dtype)` of the front end's library:
    /// the view of `a`'s memory from `offset` bytes on, with the first `ndim` entries of the int64
    /// arrays `shape` and `strides` (in bytes) and elements of `dtype` (`ndim` and `writeable` known at compile time; the
    /// library checks that the view stays inside `a`). `np._data_address(a)`: where `a`'s first
    /// element is, as an int (for `a.flags.aligned`); `np._writeable(a)`: whether compiled code may
    /// write to `a` (its type says).
    Restride,
    DataAddress,
    Writeable,
    /// A ufunc applied to its operands (exactly `arity()` of them).
    Ufunc(Ufunc),
    /// `np.add(a, b, out=o)`: the arguments are the ufunc's call on its operands and `o`, into which
    /// the result is stored and which is the value.
    UfuncOut(Ufunc),
}

/// Whole-array reductions (`np.sum(a)`, `a.sum()`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduction {
    Sum,
    Prod,
    Min,
    Max,
    Mean,
    Argmin,
    Argmax,
    Any,
    All,
    /// `np.count_nonzero`: how many elements are true.
    CountNonzero,
    /// `np.nansum`, `np.nanmean`, `np.nanmin`, `np.nanmax`: NaNs count as zero in sums and are
    /// skipped otherwise (an all-NaN min, max or mean is NaN).
    Nansum,
    Nanmean,
    Nanmin,
    Nanmax,
    /// `np.nanargmin`, `np.nanargmax`: the position of the best number, NaNs skipped (an all-NaN
    /// input raises NumPy's ValueError).
    Nanargmin,
    Nanargmax,
}

impl Reduction {
    /// Whether NumPy's function takes `dtype=`: sums, products and means.
    pub fn takes_dtype(self) -> bool {
        matches!(self, Reduction::Sum | Reduction::Prod | Reduction::Mean | Reduction::Nansum | Reduction::Nanmean)
    }
}

/// Element-wise NumPy functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ufunc {
    Sqrt,
    Exp,
    Log,
    Sin,
    Cos,
    Abs,
    Square,
    Negative,
    Isnan,
    Add,
    Subtract,
    Multiply,
    Divide,
    Power,
    Minimum,
    Maximum,
    Where,
    /// `np.clip(a, a_min, a_max)`: `minimum(maximum(a, a_min), a_max)` with NumPy's NaN propagation.
    Clip,
    // Float functions of one operand, computed by the C library.
    Tan,
    Arcsin,
    Arccos,
    Arctan,
    Sinh,
    Cosh,
    Tanh,
    Arcsinh,
    Arccosh,
    Arctanh,
    Log2,
    Log10,
    Log1p,
    Expm1,
    Exp2,
    Cbrt,
    // Other functions of one operand.
    Reciprocal,
    Floor,
    Ceil,
    Trunc,
    Rint,
    Sign,
    Fabs,
    Positive,
    Deg2rad,
    Rad2deg,
    Isinf,
    Isfinite,
    Signbit,
    /// `np.isposinf`/`np.isneginf` (NumPy's `isinf(x) & (signbit(x) == neg)`, not ufuncs there).
    Isposinf,
    Isneginf,
    LogicalNot,
    Invert,
    // Functions of two operands that are no Python operator.
    Arctan2,
    Hypot,
    Copysign,
    Fmod,
    Fmin,
    Fmax,
    Heaviside,
    LogicalAnd,
    LogicalOr,
    LogicalXor,
    // Python operators and comparisons as ufuncs.
    Remainder,
    FloorDivide,
    BitwiseAnd,
    BitwiseOr,
    BitwiseXor,
    LeftShift,
    RightShift,
    /// `np.isclose(a, b, rtol, atol, equal_nan)`, NumPy's formula element by element.
    Isclose,
    /// `np.round(a, decimals)` with a constant `decimals`, NumPy's scaling and `rint`.
    Round,
    Greater,
    GreaterEqual,
    Less,
    LessEqual,
    Equal,
    NotEqual,
    // NumPy's own float functions (npy_math) and the integer ones.
    Logaddexp,
    Logaddexp2,
    Nextafter,
    Spacing,
    /// `ldexp(x, i)`: a float and an integer exponent.
    Ldexp,
    Gcd,
    Lcm,
}

impl Ufunc {
    pub fn arity(self) -> usize {
        use Ufunc::*;
        match self {
            Sqrt | Exp | Log | Sin | Cos | Abs | Square | Negative | Isnan => 1,
            Tan | Arcsin | Arccos | Arctan | Sinh | Cosh | Tanh | Arcsinh | Arccosh | Arctanh | Log2 | Log10 | Log1p | Expm1 | Exp2 | Cbrt => 1,
            Reciprocal | Floor | Ceil | Trunc | Rint | Sign | Fabs | Positive | Deg2rad | Rad2deg | Isinf | Isfinite | Signbit | Isposinf | Isneginf | LogicalNot | Invert => 1,
            Spacing => 1,
            Where | Clip => 3,
            Isclose => 5,
            _ => 2,
        }
    }

    /// The operator a binary ufunc applies, for the ones that are Python operators.
    pub fn operator(self) -> Option<BinOp> {
        Some(match self {
            Ufunc::Add => BinOp::Add,
            Ufunc::Subtract => BinOp::Sub,
            Ufunc::Multiply => BinOp::Mul,
            Ufunc::Divide => BinOp::Div,
            Ufunc::Power => BinOp::Pow,
            Ufunc::Remainder => BinOp::Mod,
            Ufunc::FloorDivide => BinOp::FloorDiv,
            Ufunc::BitwiseAnd => BinOp::BitAnd,
            Ufunc::BitwiseOr => BinOp::BitOr,
            Ufunc::BitwiseXor => BinOp::BitXor,
            Ufunc::LeftShift => BinOp::LShift,
            Ufunc::RightShift => BinOp::RShift,
            _ => return None,
        })
    }

    /// The comparison a comparison ufunc applies (`np.less` is `<`).
    pub fn comparison(self) -> Option<CmpOp> {
        Some(match self {
            Ufunc::Greater => CmpOp::Gt,
            Ufunc::GreaterEqual => CmpOp::GtE,
            Ufunc::Less => CmpOp::Lt,
            Ufunc::LessEqual => CmpOp::LtE,
            Ufunc::Equal => CmpOp::Eq,
            Ufunc::NotEqual => CmpOp::NotEq,
            _ => return None,
        })
    }

    /// Whether the type checker records a `BinaryPlan` for this ufunc: the operator's plan, or for
    /// a comparison the type both operands are compared in.
    pub fn is_planned(self) -> bool {
        self.operator().is_some() || self.comparison().is_some()
    }
}

/// The primitives of Python's `random` module (hasten's own per-thread state, as numba's):
/// `_pyrand_random()` a float in [0, 1), `_pyrand_bits()` one 32-bit word as an int,
/// `_pyrand_seed(n)` (None: from entropy), `_pyrand_gauss(mu, sigma)` with CPython's cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PyRand {
    Random,
    Bits,
    Seed,
    Gauss,
}
