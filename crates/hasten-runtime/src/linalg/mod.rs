//! `np.linalg` for compiled code: one entry, `hasten_rt_linalg`, that reads its operands from
//! words compiled code fills, calls LAPACK (`lapack.rs`, SciPy's exports), and returns fresh
//! C-ordered blocks with their shapes, or raises NumPy's exception (`LinAlgError` is a
//! `ValueError` subclass, named by the key `_program.py` maps to NumPy's class).
//! `hasten_rt_vector_dot` is the dot product of two vectors, `hasten_rt_gemv` a matrix times a
//! vector and `hasten_rt_matmat` a matrix times a matrix through NumPy's own BLAS (`dot.rs`,
//! `gemv.rs`, `matmat.rs`).

mod decompose;
mod dot;
mod gemm;
mod gemv;
mod matmat;
mod lapack;
mod matrix;
mod norm;
mod solve;
mod stack;

pub use dot::{hasten_rt_vector_dot, set_numpy_dot};
pub use gemv::hasten_rt_gemv;
pub use matmat::hasten_rt_matmat;
pub use lapack::{preload, set_loader, Loader, NAMES};

use crate::error::{ffi_str, set_error, store, PendingError};
use matrix::{Input, Outs};

/// The key of `numpy.linalg.LinAlgError` in raised exceptions.
pub const LINALG_ERROR: &str = "numpy.linalg.LinAlgError";

/// What the entry computes; compiled code passes the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i64)]
pub enum Op {
    Solve,
    Inv,
    Det,
    Slogdet,
    /// Param 0: the upper factor (`upper=True`).
    Cholesky,
    /// Param 0: the upper triangle (`UPLO='U'`); param 1: eigenvectors too.
    Eigh,
    /// Param 0: `full_matrices`; param 1: `compute_uv`.
    Svd,
    /// Param 0: `rcond` bits, NaN for None.
    Lstsq,
    /// Param 0: `mode` (`QrMode`).
    Qr,
    /// Param 0: `rcond` bits.
    Pinv,
    /// Param 0: `tol` bits, NaN for None.
    MatrixRank,
    /// Param 0: `NormOrd` code, param 1: its value bits.
    Cond,
    /// Param 0: `NormKind`, param 1: `NormOrd` code, param 2: its value bits, param 3: the axis.
    Norm,
    /// Param 0: eigenvectors too.
    Eig,
    /// Param 0: the exponent.
    MatrixPower,
    /// `matrix_power` of an integer or bool matrix, in its dtype. Param 0: the exponent.
    IntMatrixPower,
}

/// `np.linalg.qr`'s modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i64)]
pub enum QrMode {
    Reduced,
    Complete,
    R,
}

/// Which norm `np.linalg.norm` computes, as NumPy decides it from `ord`, `axis` and the rank.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i64)]
pub enum NormKind {
    /// `ord=None, axis=None`: the 2-norm of the flattened array.
    Flat,
    /// A vector norm of a 1-D array; param 3 is 1 for `axis=None`, 2 for one line of a stack.
    Vector,
    /// Vector norms along axis param 3 of a 2-D array.
    Lines,
    /// A matrix norm of a 2-D array; param 3 is 1 for `axis=(1, 0)`.
    Matrix,
}

/// `ord`: a number (param value), or one of the named orders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i64)]
pub enum NormOrd {
    Default,
    Number,
    Fro,
    Nuc,
}

/// Why a call failed.
pub(crate) enum Fail {
    LinAlg(String),
    Value(String),
    Import(String),
    /// Already recorded (a MemoryError).
    Pending,
}

impl Fail {
    fn raise(self, location: &str) {
        match self {
            Fail::LinAlg(m) => store(PendingError {
                exc: LINALG_ERROR.into(),
                message: Some(m),
                location: location.into(),
                args: None,
                ancestry: [LINALG_ERROR, "ValueError", "Exception", "BaseException"].map(String::from).to_vec(),
            }),
            Fail::Value(m) => set_error("ValueError", Some(m), location),
            Fail::Import(m) => set_error("ImportError", Some(m), location),
            Fail::Pending => {}
        }
    }
}

pub(crate) type Res<T> = Result<T, Fail>;

/// Operands and parameters as compiled code lays them out: two 7-word operands, the flag of a
/// float32 result, four parameters, then the stack axes (`stack.rs`).
pub(crate) struct Call {
    words: *const i64,
}

impl Call {
    pub(crate) fn new(words: *const i64) -> Call {
        Call { words }
    }

    pub(crate) fn input(&self, k: usize) -> Input {
        // SAFETY: compiled code describes each operand the op takes.
        unsafe { Input::read(self.words.add(7 * k)) }
    }

    fn single(&self) -> bool {
        // SAFETY: the layout above.
        unsafe { *self.words.add(14) != 0 }
    }

    pub(crate) fn param(&self, k: usize) -> i64 {
        // SAFETY: the layout above.
        unsafe { *self.words.add(15 + k) }
    }

    pub(crate) fn float(&self, k: usize) -> f64 {
        f64::from_bits(self.param(k) as u64)
    }
}

/// Computes `op` on the operands in `words`, writing the result's items to `outs` (three words
/// each, see `Outs`); 0 on success, 1 with a pending exception.
///
/// # Safety
/// `words` and `outs` must be laid out as `Call` and `Outs` describe, for live arrays.
pub unsafe extern "C" fn hasten_rt_linalg(op: i64, words: *mut i64, outs: *mut i64, loc_ptr: *const u8, loc_len: usize) -> i32 {
    let call = Call { words };
    let operands = if matches!(OPS.get(op as usize), Some(Op::Solve | Op::Lstsq)) { 2 } else { 1 };
    let stack = stack::Stack::read(words, operands);
    let (mut out, result);
    if stack.rank() == 0 {
        out = Outs::new(outs, call.single());
        result = run(op, &call, &mut out);
    } else {
        out = Outs::stacked(outs, call.single(), stack.members());
        result = stack::each(&stack, &call, &mut out, |c, o| run(op, c, o));
    }
    match result {
        Ok(()) => 0,
        Err(e) => {
            out.abandon();
            e.raise(&ffi_str(loc_ptr, loc_len));
            1
        }
    }
}

/// The ops by the codes compiled code passes.
const OPS: [Op; 16] = [
    Op::Solve,
    Op::Inv,
    Op::Det,
    Op::Slogdet,
    Op::Cholesky,
    Op::Eigh,
    Op::Svd,
    Op::Lstsq,
    Op::Qr,
    Op::Pinv,
    Op::MatrixRank,
    Op::Cond,
    Op::Norm,
    Op::Eig,
    Op::MatrixPower,
    Op::IntMatrixPower,
];

fn run(op: i64, call: &Call, out: &mut Outs) -> Res<()> {
    let op = OPS[op as usize];
    match op {
        Op::Norm => return norm::norm(call, out),
        Op::IntMatrixPower => return solve::int_matrix_power(call, out),
        _ => {}
    }
    let lp = lapack::lapack().map_err(Fail::Import)?;
    match op {
        Op::Solve => solve::solve(lp, call, out),
        Op::Inv => solve::inv(lp, call, out),
        Op::Det | Op::Slogdet => solve::det(lp, call, out, op == Op::Slogdet),
        Op::Cholesky => solve::cholesky(lp, call, out),
        Op::MatrixPower => solve::matrix_power(lp, call, out),
        Op::Eigh => decompose::eigh(lp, call, out),
        Op::Eig => decompose::eig(lp, call, out),
        Op::Svd => decompose::svd_call(lp, call, out),
        Op::Lstsq => decompose::lstsq(lp, call, out),
        Op::Qr => decompose::qr(lp, call, out),
        Op::Pinv => decompose::pinv(lp, call, out),
        Op::MatrixRank => decompose::matrix_rank(lp, call, out),
        Op::Cond => norm::cond(lp, call, out),
        Op::Norm | Op::IntMatrixPower => unreachable!("above"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::take_error;

    #[test]
    fn without_a_loader_a_call_raises_importerror() {
        let a = [1.0f64, 0.0, 0.0, 1.0];
        let mut words = [0i64; 20];
        words[..7].copy_from_slice(&[a.as_ptr() as i64, 10, 2, 2, 2, 16, 8]);
        let mut outs = [0i64; 12];
        // SAFETY: the words describe `a`, a 2 × 2 float64 array.
        let status = unsafe { hasten_rt_linalg(Op::Inv as i64, words.as_mut_ptr(), outs.as_mut_ptr(), std::ptr::null(), 0) };
        assert_eq!(status, 1);
        let err = take_error().expect("pending");
        assert_eq!(err.exc, "ImportError");
    }
}
