//! `np.random` for compiled code: a per-thread `RandomState` (the Mersenne Twister of
//! `mt19937.rs` plus the legacy Gaussian cache of `legacy.rs`), separate from NumPy's own global
//! state, as in numba. A thread that never called `np.random.seed` starts from OS entropy. Inside
//! `prange`, each chunk draws from a stream of its own (`streams.rs`). Python's `random` module
//! has a per-thread state of its own (`pyrandom.rs`).
//!
//! Compiled code calls one entry per operation. A draw names its distribution ([`Draw`]) and
//! passes its parameters as three 8-byte words (each an `f64` or an `i64`, fixed per
//! distribution); it validates them as `RandomState` does before drawing anything, then writes
//! `n` values (`f64` or `i64`) to `out`. With `n == 0` it only validates, which code generation
//! uses before allocating the result, so that a bad parameter is reported before a bad size, as
//! NumPy does.

// The conditions keep the form of NumPy's C (`!(x > 0.0)`), whose NaN behaviour they must share.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

mod bounded;
mod choice;
mod discrete;
mod gen_choice;
mod gen_discrete;
mod gen_dist;
mod generator;
mod legacy;
mod mt19937;
mod pcg64;
mod pyrandom;
mod shared;
mod streams;
mod vector;
mod ziggurat;

use crate::error::{ffi_str, set_error};
use legacy::Legacy;

pub use choice::hasten_rt_random_choice;
pub use gen_choice::hasten_rt_gen_choice;
pub use gen_discrete::hasten_rt_gen_vector;
pub use streams::{NestedGuard, Region};
pub(crate) use streams::with_state;
pub use vector::hasten_rt_random_vector;
pub use gen_dist::{hasten_rt_gen_draw, GenDraw};
pub use generator::{hasten_rt_gen_integers, hasten_rt_gen_random, hasten_rt_gen_shuffle};
pub use pcg64::hasten_rt_gen_default_rng;
pub use pyrandom::{hasten_rt_pyrandom_bits, hasten_rt_pyrandom_gauss, hasten_rt_pyrandom_random, hasten_rt_pyrandom_seed};


/// The distributions, with the code compiled code passes. Parameters are `f64` words unless
/// [`Draw::int_params`] says otherwise; values are `f64` unless [`Draw::int_values`].
#[repr(i64)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Draw {
    RandomSample = 0,
    StandardNormal,
    Normal,
    Uniform,
    Randint,
    Exponential,
    StandardExponential,
    StandardGamma,
    Gamma,
    Beta,
    Chisquare,
    F,
    StandardT,
    Poisson,
    Binomial,
    Geometric,
    Lognormal,
    Logistic,
    Laplace,
    Gumbel,
    Weibull,
    Pareto,
    Power,
    Rayleigh,
    Triangular,
    StandardCauchy,
    Vonmises,
    Wald,
    Zipf,
    Hypergeometric,
    NegativeBinomial,
    Logseries,
    NoncentralChisquare,
}

const ALL: [Draw; 33] = [
    Draw::RandomSample,
    Draw::StandardNormal,
    Draw::Normal,
    Draw::Uniform,
    Draw::Randint,
    Draw::Exponential,
    Draw::StandardExponential,
    Draw::StandardGamma,
    Draw::Gamma,
    Draw::Beta,
    Draw::Chisquare,
    Draw::F,
    Draw::StandardT,
    Draw::Poisson,
    Draw::Binomial,
    Draw::Geometric,
    Draw::Lognormal,
    Draw::Logistic,
    Draw::Laplace,
    Draw::Gumbel,
    Draw::Weibull,
    Draw::Pareto,
    Draw::Power,
    Draw::Rayleigh,
    Draw::Triangular,
    Draw::StandardCauchy,
    Draw::Vonmises,
    Draw::Wald,
    Draw::Zipf,
    Draw::Hypergeometric,
    Draw::NegativeBinomial,
    Draw::Logseries,
    Draw::NoncentralChisquare,
];

impl Draw {
    /// Which of the three parameter words are `i64`.
    pub fn int_params(self) -> [bool; 3] {
        match self {
            Draw::Randint | Draw::Hypergeometric => [true, true, true],
            Draw::Binomial => [true, false, false],
            _ => [false; 3],
        }
    }

    /// Whether the values are `i64` (NumPy's `long`).
    pub fn int_values(self) -> bool {
        matches!(
            self,
            Draw::Randint
                | Draw::Poisson
                | Draw::Binomial
                | Draw::Geometric
                | Draw::Zipf
                | Draw::Hypergeometric
                | Draw::NegativeBinomial
                | Draw::Logseries
        )
    }
}

/// `RandomState`'s parameter constraints (`_common.pyx`'s `check_constraint`), with its messages.
#[derive(Clone, Copy)]
pub(super) enum Cons {
    None,
    NonNegative,
    Positive,
    PositiveNotNan,
    Bounded01,
    BoundedLt01,
    BoundedGt01,
    Gt1,
    Poisson,
}

pub(super) fn constraint(value: f64, name: &str, cons: Cons) -> Result<(), String> {
    let fails = match cons {
        Cons::None => false,
        Cons::NonNegative => !value.is_nan() && value.is_sign_negative(),
        Cons::Positive => value <= 0.0,
        Cons::PositiveNotNan => !(value > 0.0),
        Cons::Bounded01 => !(0.0..=1.0).contains(&value),
        Cons::BoundedLt01 => !(value >= 0.0 && value < 1.0),
        Cons::BoundedGt01 => !(value > 0.0 && value <= 1.0),
        Cons::Gt1 => !(value > 1.0),
        Cons::Poisson => !(value >= 0.0) || !(value <= poisson_lam_max()),
    };
    if !fails {
        return Ok(());
    }
    Err(match cons {
        Cons::NonNegative => format!("{name} < 0"),
        Cons::Positive => format!("{name} <= 0"),
        Cons::PositiveNotNan if value.is_nan() => format!("{name} must not be NaN"),
        Cons::PositiveNotNan => format!("{name} <= 0"),
        Cons::Bounded01 => format!("{name} < 0, {name} > 1 or {name} is NaN"),
        Cons::BoundedLt01 => format!("{name} < 0, {name} >= 1 or {name} is NaN"),
        Cons::BoundedGt01 => format!("{name} <= 0, {name} > 1 or {name} contains NaNs"),
        Cons::Gt1 => format!("{name} <= 1 or {name} is NaN"),
        Cons::Poisson if !(value >= 0.0) => format!("{name} < 0 or {name} is NaN"),
        Cons::Poisson => format!("{name} value too large"),
        Cons::None => unreachable!("no constraint fails"),
    })
}

/// NumPy's `LEGACY_POISSON_LAM_MAX`: `iinfo(long).max - sqrt(iinfo(long).max) * 10` in doubles.
fn poisson_lam_max() -> f64 {
    let max = i64::MAX as f64;
    max - max.sqrt() * 10.0
}

/// The constraints of each float parameter, in order; the error is (exception, message).
fn validate(draw: Draw, f: [f64; 3], i: [i64; 3]) -> Result<(), (&'static str, String)> {
    use Cons::*;
    let value_error = |m: String| ("ValueError", m);
    let checks: &[(&str, Cons)] = match draw {
        Draw::Normal => &[("", None), ("scale", NonNegative)],
        Draw::Exponential => &[("scale", NonNegative)],
        Draw::StandardGamma => &[("shape", NonNegative)],
        Draw::Gamma => &[("shape", NonNegative), ("scale", NonNegative)],
        Draw::Beta => &[("a", Positive), ("b", Positive)],
        Draw::Chisquare | Draw::StandardT => &[("df", Positive)],
        Draw::F => &[("dfnum", Positive), ("dfden", Positive)],
        Draw::Poisson => &[("lam", Poisson)],
        Draw::Geometric => &[("p", BoundedGt01)],
        Draw::Lognormal => &[("mean", None), ("sigma", NonNegative)],
        Draw::Logistic | Draw::Laplace | Draw::Gumbel => &[("loc", None), ("scale", NonNegative)],
        Draw::Weibull => &[("a", NonNegative)],
        Draw::Pareto | Draw::Power => &[("a", Positive)],
        Draw::Rayleigh => &[("scale", NonNegative)],
        Draw::Vonmises => &[("mu", None), ("kappa", NonNegative)],
        Draw::Wald => &[("mean", Positive), ("scale", Positive)],
        Draw::Zipf => &[("a", Gt1)],
        Draw::NegativeBinomial => &[("n", Positive), ("p", Bounded01)],
        Draw::Binomial => &[("", None), ("p", Bounded01)],
        Draw::Logseries => &[("p", BoundedLt01)],
        Draw::NoncentralChisquare => &[("df", Positive), ("nonc", NonNegative)],
        _ => &[],
    };
    for (k, (name, cons)) in checks.iter().enumerate() {
        constraint(f[k], name, *cons).map_err(value_error)?;
    }
    match draw {
        Draw::Uniform if !(f[1] - f[0]).is_finite() => Err(("OverflowError", "Range exceeds valid bounds".into())),
        Draw::Randint => bounded::check(i[0], i[1]).map_err(value_error),
        Draw::Triangular if f[0] > f[1] => Err(value_error("left > mode".into())),
        Draw::Triangular if f[1] > f[2] => Err(value_error("mode > right".into())),
        Draw::Triangular if f[0] == f[2] => Err(value_error("left == right".into())),
        Draw::Binomial if i[0] < 0 => Err(value_error("n < 0".into())),
        Draw::Hypergeometric => discrete::check_hypergeometric(i).map_err(value_error),
        _ => Ok(()),
    }
}

/// One value of `draw`: its bits.
#[inline]
fn one(s: &mut Legacy, draw: Draw, f: [f64; 3], i: [i64; 3]) -> u64 {
    let x = match draw {
        Draw::RandomSample => s.double(),
        Draw::StandardNormal => s.gauss(),
        Draw::Normal => f[0] + f[1] * s.gauss(),
        Draw::Uniform => f[0] + (f[1] - f[0]) * s.double(),
        Draw::Exponential => f[0] * s.standard_exponential(),
        Draw::StandardExponential => s.standard_exponential(),
        Draw::StandardGamma => s.standard_gamma(f[0]),
        Draw::Gamma => f[1] * s.standard_gamma(f[0]),
        Draw::Beta => s.beta(f[0], f[1]),
        Draw::Chisquare => s.chisquare(f[0]),
        Draw::F => s.f(f[0], f[1]),
        Draw::StandardT => s.standard_t(f[0]),
        Draw::Lognormal => (f[0] + f[1] * s.gauss()).exp(),
        Draw::Logistic => shared::logistic(s, f[0], f[1]),
        Draw::Laplace => shared::laplace(s, f[0], f[1]),
        Draw::Gumbel => shared::gumbel(s, f[0], f[1]),
        Draw::Weibull if f[0] == 0.0 => 0.0,
        Draw::Weibull => s.standard_exponential().powf(1.0 / f[0]),
        Draw::Pareto => (s.standard_exponential() / f[0]).exp() - 1.0,
        Draw::Power => (1.0 - (-s.standard_exponential()).exp()).powf(1.0 / f[0]),
        Draw::Rayleigh => f[0] * (-2.0 * (-s.double()).ln_1p()).sqrt(),
        Draw::Triangular => shared::triangular(s, f[0], f[1], f[2]),
        Draw::StandardCauchy => s.standard_cauchy(),
        Draw::Vonmises => shared::vonmises(s, f[0], f[1]),
        Draw::Wald => s.wald(f[0], f[1]),
        Draw::NoncentralChisquare => s.noncentral_chisquare(f[0], f[1]),
        Draw::Randint => return bounded::one(&mut s.mt, i[0], i[1]) as u64,
        Draw::Poisson => return shared::poisson(s, f[0]) as u64,
        Draw::Logseries => return s.logseries(f[0]) as u64,
        Draw::Binomial => return discrete::binomial(&mut s.mt, f[1], i[0], false) as u64,
        Draw::Geometric => return s.geometric(f[0]) as u64,
        Draw::Zipf => return s.zipf(f[0]) as u64,
        Draw::Hypergeometric => return discrete::hypergeometric(&mut s.mt, i[0], i[1], i[2]) as u64,
        Draw::NegativeBinomial => return s.negative_binomial(f[0], f[1]) as u64,
    };
    x.to_bits()
}

/// Draws `n` values of distribution `kind` with parameters `params` (three words) into `out`,
/// after checking the parameters; `n == 0` only checks them. Returns 1 with the exception
/// recorded when a parameter is out of its domain.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with valid pointers
#[no_mangle]
pub extern "C" fn hasten_rt_random_draw(kind: i64, params: *const u64, out: *mut u64, n: i64, loc_ptr: *const u8, loc_len: usize) -> u32 {
    let draw = ALL[kind as usize];
    // SAFETY: compiled code passes a stack slot of three words.
    let words = unsafe { std::slice::from_raw_parts(params, 3) };
    let ints = draw.int_params();
    let f: [f64; 3] = std::array::from_fn(|k| if ints[k] { 0.0 } else { f64::from_bits(words[k]) });
    let i: [i64; 3] = std::array::from_fn(|k| if ints[k] { words[k] as i64 } else { 0 });
    if let Err((exc, msg)) = validate(draw, f, i) {
        // SAFETY: compiled code passes a pointer into its constant pool with its length.
        set_error(exc, Some(msg), &unsafe { ffi_str(loc_ptr, loc_len) });
        return 1;
    }
    if n <= 0 {
        return 0;
    }
    // SAFETY: `out` holds `n` words (a stack slot or a fresh array of n elements).
    let out = unsafe { std::slice::from_raw_parts_mut(out, n as usize) };
    with_state(|s| {
        if draw == Draw::Randint {
            bounded::fill(&mut s.mt, i[0], i[1], out);
        } else {
            for o in out.iter_mut() {
                *o = one(s, draw, f, i);
            }
        }
    });
    0
}

/// `np.random.random()`: the one draw cheap enough to deserve its own entry.
#[no_mangle]
pub extern "C" fn hasten_rt_random_sample() -> f64 {
    with_state(|s| s.double())
}

/// `np.random.seed(seed)`, or `np.random.seed()` (fresh entropy) when `entropy` is nonzero.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with valid pointers
#[no_mangle]
pub extern "C" fn hasten_rt_random_seed(seed: i64, entropy: i64, loc_ptr: *const u8, loc_len: usize) -> u32 {
    if entropy != 0 {
        with_state(|s| s.seed(None));
        return 0;
    }
    if !(0..=u32::MAX as i64).contains(&seed) {
        // SAFETY: compiled code passes a pointer into its constant pool with its length.
        set_error("ValueError", Some("Seed must be between 0 and 2**32 - 1".into()), &unsafe { ffi_str(loc_ptr, loc_len) });
        return 1;
    }
    with_state(|s| s.seed(Some(seed as u32)));
    0
}

/// `np.random.shuffle(x)` on an array of `ndim` dimensions: its first axis, in place, with
/// `RandomState`'s draws (one bounded draw per position from the last down to 1; none for an
/// empty array).
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with valid pointers
#[no_mangle]
pub extern "C" fn hasten_rt_random_shuffle(data: *mut u8, ndim: i64, shape: *const i64, strides: *const i64, itemsize: i64) {
    // SAFETY: compiled code passes the array's shape and strides, `ndim` words each.
    let (shape, strides) = unsafe { (std::slice::from_raw_parts(shape, ndim as usize), std::slice::from_raw_parts(strides, ndim as usize)) };
    with_state(|s| bounded::shuffle(&mut s.mt, data, shape, strides, itemsize as usize));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_draw_has_its_code() {
        for (k, d) in ALL.iter().enumerate() {
            assert_eq!(*d as i64, k as i64);
        }
    }

    #[test]
    fn seeded_gauss_matches_numpy() {
        // `np.random.seed(0); np.random.standard_normal(2)`.
        hasten_rt_random_seed(0, 0, std::ptr::null(), 0);
        let mut out = [0u64; 2];
        let p = [0u64; 3];
        assert_eq!(hasten_rt_random_draw(Draw::StandardNormal as i64, p.as_ptr(), out.as_mut_ptr(), 2, std::ptr::null(), 0), 0);
        assert_eq!(f64::from_bits(out[0]), 1.764052345967664);
        assert_eq!(f64::from_bits(out[1]), 0.4001572083672233);
    }
}
