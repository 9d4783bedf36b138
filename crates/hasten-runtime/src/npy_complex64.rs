//! NumPy's complex64 element functions, for the ufuncs of compiled code.
//!
//! NumPy computes `exp log sqrt sin ... arctanh` of complex64 by the C library's single-precision
//! C99 functions (`cexpf`, ...): on this platform its results equal theirs bit for bit, special
//! values included, so compiled code calls the same functions. The operation codes are
//! `npy_complex`'s.
//!
//! `hasten_rt_npy_complex64(op, re, im, out)` writes the result's two parts to `out`.

use crate::npy_complex as op;

#[repr(C)]
#[derive(Clone, Copy)]
struct Cf {
    re: f32,
    im: f32,
}

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
}

/// The C library function of operation `code`; `None` for an operation compiled code does not
/// compute in complex64 (the type checker refuses it).
fn function(code: i64) -> Option<unsafe extern "C" fn(Cf) -> Cf> {
    Some(match code {
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
        _ => return None,
    })
}

/// The entry compiled code calls; see the module's documentation. An operation it does not take
/// gives NaNs.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called by compiled code with a valid `out`
pub extern "C" fn hasten_rt_npy_complex64(code: i64, re: f32, im: f32, out: *mut f32) {
    let z = Cf { re, im };
    // SAFETY: the C library's functions take and return complex floats by value.
    let r = function(code).map_or(Cf { re: f32::NAN, im: f32::NAN }, |f| unsafe { f(z) });
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
        hasten_rt_npy_complex64(code, re, im, out.as_mut_ptr());
        (out[0], out[1])
    }

    #[test]
    fn calls_the_single_precision_functions() {
        // Values printed by NumPy 2.4: np.exp(np.complex64(0)), np.sqrt(np.complex64(-4)).
        assert_eq!(apply(op::EXP, 0.0, 0.0), (1.0, 0.0));
        assert_eq!(apply(op::SQRT, -4.0, 0.0), (0.0, 2.0));
        assert_eq!(apply(op::LOG, 1.0, 0.0), (0.0, 0.0));
        assert!(apply(op::LOG10, 1.0, 0.0).0.is_nan());
    }
}
