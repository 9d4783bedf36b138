//! `np.linalg.*`: the functions compiled code calls through LAPACK, with the options that decide
//! their results' types folded in by the front end (constants only). A HIR call has its array
//! operands first, then its run-time parameters: `solve(a, b)`, `lstsq(a, b, rcond)`,
//! `pinv(a, rcond)`, `matrix_rank(a, tol)`, `matrix_power(a, n)`; the others `(a)`.
//! `rcond`/`tol` are None or numbers.

/// A function of `np.linalg`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinalgFn {
    Solve,
    Inv,
    Det,
    Slogdet,
    /// `upper=True` gives the transpose of the lower factor.
    Cholesky { upper: bool },
    /// `eigh` (`vectors`) and `eigvalsh`; `upper` is `UPLO='U'`.
    Eigh { upper: bool, vectors: bool },
    /// `eig` (`vectors`) and `eigvals`.
    Eig { vectors: bool },
    Svd { full_matrices: bool, compute_uv: bool, hermitian: bool },
    Lstsq,
    Qr(QrMode),
    Pinv { hermitian: bool },
    MatrixRank { hermitian: bool },
    Cond(NormOrd),
    Norm(Norm),
    MatrixPower,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QrMode {
    Reduced,
    Complete,
    R,
}

/// `ord=`: None, a number (as its bits, so that the enum stays `Eq`), `'fro'` or `'nuc'`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NormOrd {
    Default,
    Number(u64),
    Fro,
    Nuc,
}

/// `axis=` of `norm`: None, an axis, or a pair of axes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NormAxis {
    None,
    One(i64),
    Two(i64, i64),
}

/// `norm(x, ord, axis)`: what the front end read, and what the type checker decided from the
/// rank of `x` (`NormPlan::Undecided` until then).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Norm {
    pub ord: NormOrd,
    pub axis: NormAxis,
    pub keepdims: bool,
    pub plan: NormPlan,
}

/// NumPy's choice of norm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NormPlan {
    Undecided,
    /// `ord=None, axis=None`: the 2-norm of the flattened array.
    Flat,
    /// A vector norm of a 1-D array.
    Vector,
    /// Vector norms along axis `0` or `1` of a 2-D array.
    Lines(u8),
    /// A matrix norm of a 2-D array, of its transpose for `axis=(1, 0)`.
    Matrix { transposed: bool },
    /// Matrix norms over axes `(rows, cols)` of an array of more than two dimensions, one per
    /// index of its other axes.
    StackedMatrix(u8, u8),
    /// Vector norms along an axis of an array of more than two dimensions.
    StackedVector(u8),
}

impl NormPlan {
    /// The axes of an array of `ndim` dimensions the norm reduces.
    pub fn reduced(self, ndim: u8) -> Vec<u8> {
        match self {
            NormPlan::Flat | NormPlan::Vector | NormPlan::Matrix { .. } | NormPlan::Undecided => (0..ndim).collect(),
            NormPlan::Lines(a) | NormPlan::StackedVector(a) => vec![a],
            NormPlan::StackedMatrix(r, c) => vec![r, c],
        }
    }
}

impl LinalgFn {
    /// The number of stack axes (NumPy's loop over matrices) of a call whose array operands have
    /// `ndims` dimensions: those before each operand's last two (`solve`'s 1-D `b` has none),
    /// broadcast. Norms plan their own (`NormPlan::StackedMatrix`/`StackedVector`).
    pub fn stack_rank(self, ndims: &[u8]) -> u8 {
        match self {
            LinalgFn::Norm(n) => match n.plan {
                NormPlan::StackedMatrix(..) => ndims[0] - 2,
                NormPlan::StackedVector(_) => ndims[0] - 1,
                _ => 0,
            },
            _ => ndims.iter().map(|n| n.saturating_sub(2)).max().unwrap_or(0),
        }
    }

    /// How many leading arguments are arrays.
    pub fn arrays(self) -> usize {
        match self {
            LinalgFn::Solve | LinalgFn::Lstsq => 2,
            _ => 1,
        }
    }

    /// The name NumPy gives it, for messages.
    pub fn name(self) -> &'static str {
        match self {
            LinalgFn::Solve => "solve",
            LinalgFn::Inv => "inv",
            LinalgFn::Det => "det",
            LinalgFn::Slogdet => "slogdet",
            LinalgFn::Cholesky { .. } => "cholesky",
            LinalgFn::Eigh { vectors: true, .. } => "eigh",
            LinalgFn::Eigh { vectors: false, .. } => "eigvalsh",
            LinalgFn::Eig { vectors: true } => "eig",
            LinalgFn::Eig { vectors: false } => "eigvals",
            LinalgFn::Svd { .. } => "svd",
            LinalgFn::Lstsq => "lstsq",
            LinalgFn::Qr(_) => "qr",
            LinalgFn::Pinv { .. } => "pinv",
            LinalgFn::MatrixRank { .. } => "matrix_rank",
            LinalgFn::Cond(_) => "cond",
            LinalgFn::Norm(_) => "norm",
            LinalgFn::MatrixPower => "matrix_power",
        }
    }
}
