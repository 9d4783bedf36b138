//! NumPy's complex64 element functions, for the ufuncs of compiled code.
//!
//! NumPy computes `exp log sqrt sin ... arctanh` and the general `power` of complex64 by the C
//! library's single-precision C99 functions (`cexpf`, ...): on this platform its results equal
//! theirs bit for bit, special values included, so compiled code calls the same functions. Its
//! other complex64 functions are its complex128 formulas in float32 (`npy_complex::apply`, over
//! `expm1f`, `hypotf`, ...). The operation codes are `npy_complex`'s.
//!
//! `hasten_rt_npy_complex64(op, a_re, a_im, b_re, b_im, out)` writes the result's two parts to
//! `out`.

use crate::npy_complex::{self as op, Z};

type Cf = Z<f32>;

extern "C" {
    fn cexpf(z: Cf) -> Cf;
    fn clogf(z: Cf) -> Cf;
    fn csqrtf(z: Cf) -> Cf;
    fn csinf(z: Cf) -> Cf;
    fn ccosf(z: Cf) -> Cf;
    fn ctanf(z: Cf) -> Cf;
    fn csinhf(z: Cf) -> Cf;
    fn ccoshf(z: Cf) -> Cf;
    fn ctanhf(z: Cf) -> Cf;
    fn casinf(z: Cf) -> Cf;
    fn cacosf(z: Cf) -> Cf;
    fn catanf(z: Cf) -> Cf;
    fn casinhf(z: Cf) -> Cf;
    fn cacoshf(z: Cf) -> Cf;
    fn catanhf(z: Cf) -> Cf;
    fn cpowf(a: Cf, b: Cf) -> Cf;
}

/// The C library's complex64 function of operation `code` (`EXP` ... `ARCTANH`).
fn library(code: i64, z: Cf) -> Cf {
    let f = match code {
        op::EXP => cexpf,
        op::LOG => clogf,
        op::SQRT => csqrtf,
        op::SIN => csinf,
        op::COS => ccosf,
        op::TAN => ctanf,
        op::SINH => csinhf,
        op::COSH => ccoshf,
        op::TANH => ctanhf,
        op::ARCSIN => casinf,
        op::ARCCOS => cacosf,
        op::ARCTAN => catanf,
        op::ARCSINH => casinhf,
        op::ARCCOSH => cacoshf,
        op::ARCTANH => catanhf,
        _ => unreachable!("no complex64 library function of code {code}"),
    };
    // SAFETY: the C library's functions take and return complex floats by value.
    unsafe { f(z) }
}

fn library_pow(a: Cf, b: Cf) -> Cf {
    // SAFETY: a pure C library function of values.
    unsafe { cpowf(a, b) }
}

/// The entry compiled code calls; see the module's documentation.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called by compiled code with a valid `out`
pub extern "C" fn hasten_rt_npy_complex64(code: i64, a_re: f32, a_im: f32, b_re: f32, b_im: f32, out: *mut f32) {
    let r = op::apply(code, Z { re: a_re, im: a_im }, Z { re: b_re, im: b_im }, library, library_pow);
    // SAFETY: compiled code passes an 8-byte stack slot.
    unsafe {
        *out = r.re;
        *out.add(1) = r.im;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(code: i64, re: f32, im: f32) -> (f32, f32) {
        let mut out = [0f32; 2];
        hasten_rt_npy_complex64(code, re, im, 0.0, 0.0, out.as_mut_ptr());
        (out[0], out[1])
    }

    #[test]
    fn calls_the_single_precision_functions() {
        // Values printed by NumPy 2.4: np.exp(np.complex64(0)), np.sqrt(np.complex64(-4)).
        assert_eq!(apply(op::EXP, 0.0, 0.0), (1.0, 0.0));
        assert_eq!(apply(op::SQRT, -4.0, 0.0), (0.0, 2.0));
        assert_eq!(apply(op::LOG, 1.0, 0.0), (0.0, 0.0));
        // np.log10(np.complex64(100)).
        assert_eq!(apply(op::LOG10, 100.0, 0.0), (2.0, 0.0));
    }
}
