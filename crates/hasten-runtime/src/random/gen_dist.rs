//! The distributions of `np.random.Generator` on the caller's bit generator, written from the
//! algorithms of NumPy's `distributions.c` in its order of draws and operations so that every
//! value is bit-identical. They differ from `RandomState`'s (`legacy.rs`) where NumPy's do: the
//! ziggurat normal and exponential under the gamma family, `log1p`/`expm1` in place of
//! `log(1 - x)`/`exp(x) - 1`, inversion for geometric draws with small `p`, Zipf's truncated
//! uniform, the Wald draw's rearranged root, and the von Mises draw's wrapped normal. The entry compiled code calls is
//! `hasten_rt_gen_draw`, with the Generator's parameter checks and messages.

use super::gen_discrete;
use super::generator::{raise, Bitgen};
use super::legacy::c_long;
use super::shared::{self, Basic, Uniform};
use super::{constraint, poisson_lam_max, Cons};
use std::f64::consts::PI;

impl Uniform for Bitgen {
    fn uniform(&mut self) -> f64 {
        self.double()
    }
}

impl Basic for Bitgen {
    fn normal(&mut self) -> f64 {
        self.standard_normal()
    }

    fn exponential(&mut self) -> f64 {
        self.standard_exponential()
    }
}

/// Below this, `a` and `b` of a beta draw give 0 or 1 but with a chance of about 1e-100.
const BETA_TINY: f64 = 3e-103;

impl Bitgen {
    pub(super) fn standard_gamma(&mut self, shape: f64) -> f64 {
        shared::standard_gamma(self, shape)
    }

    fn chisquare(&mut self, df: f64) -> f64 {
        2.0 * self.standard_gamma(df / 2.0)
    }

    /// `random_beta`: Johnk's algorithm when both shapes are at most 1 (in logarithms when a
    /// power underflows), a ratio of gammas otherwise.
    pub(super) fn beta(&mut self, a: f64, b: f64) -> f64 {
        if !(a <= 1.0 && b <= 1.0) {
            let ga = self.standard_gamma(a);
            let gb = self.standard_gamma(b);
            return ga / (ga + gb);
        }
        if a < BETA_TINY && b < BETA_TINY {
            let u = self.double();
            return if (a + b) * u < a { 1.0 } else { 0.0 };
        }
        loop {
            let u = self.double();
            let v = self.double();
            let x = u.powf(1.0 / a);
            let y = v.powf(1.0 / b);
            let xpy = x + y;
            if xpy <= 1.0 && u + v > 0.0 {
                if x > 0.0 && y > 0.0 {
                    return x / xpy;
                }
                let delta = u.ln() / a - v.ln() / b;
                return if delta > 0.0 { (-(-delta).exp().ln_1p()).exp() } else { (delta - delta.exp().ln_1p()).exp() };
            }
        }
    }

    fn f(&mut self, dfnum: f64, dfden: f64) -> f64 {
        let num = self.chisquare(dfnum) * dfden;
        num / (self.chisquare(dfden) * dfnum)
    }

    /// `random_noncentral_chisquare`: NaN for a NaN `nonc` without drawing.
    fn noncentral_chisquare(&mut self, df: f64, nonc: f64) -> f64 {
        if nonc.is_nan() {
            return f64::NAN;
        }
        if nonc == 0.0 {
            return self.chisquare(df);
        }
        if 1.0 < df {
            let chi2 = self.chisquare(df - 1.0);
            let n = self.standard_normal() + nonc.sqrt();
            return chi2 + n * n;
        }
        let i = shared::poisson(self, nonc / 2.0);
        self.chisquare(df + i.wrapping_mul(2) as f64)
    }

    fn noncentral_f(&mut self, dfnum: f64, dfden: f64, nonc: f64) -> f64 {
        let t = self.noncentral_chisquare(dfnum, nonc) * dfden;
        t / (self.chisquare(dfden) * dfnum)
    }

    fn standard_t(&mut self, df: f64) -> f64 {
        let num = self.standard_normal();
        let denom = self.standard_gamma(df / 2.0);
        (df / 2.0).sqrt() * num / denom.sqrt()
    }

    fn standard_cauchy(&mut self) -> f64 {
        let num = self.standard_normal();
        num / self.standard_normal()
    }

    /// `random_wald`, with the root taken as `mean * (1 - 2 / d)`.
    fn wald(&mut self, mean: f64, scale: f64) -> f64 {
        let y = self.standard_normal();
        let y = mean * y * y;
        let d = 1.0 + (1.0 + 4.0 * scale / y).sqrt();
        let x = mean * (1.0 - 2.0 / d);
        let u = self.double();
        if u <= mean / (mean + x) {
            x
        } else {
            mean * mean / x
        }
    }

    fn negative_binomial(&mut self, n: f64, p: f64) -> i64 {
        let y = (1.0 - p) / p * self.standard_gamma(n);
        shared::poisson(self, y)
    }

    /// `random_geometric`: a search from p = 1/3 up, inversion of an exponential below.
    fn geometric(&mut self, p: f64) -> i64 {
        // NumPy's 0.333333333333333333333333, the double nearest to a third.
        if p >= 1.0 / 3.0 {
            return shared::geometric_search(self, p);
        }
        let z = (-self.standard_exponential() / (-p).ln_1p()).ceil();
        // 2**63, the least double above i64::MAX.
        if z >= 9.223372036854776e18 {
            i64::MAX
        } else {
            c_long(z)
        }
    }

    /// `random_zipf`: rejection from a uniform on (Umin, 1], so that values past `i64::MAX`
    /// are not drawn; `a >= 1025` gives 1 without drawing.
    fn zipf(&mut self, a: f64) -> i64 {
        if a >= 1025.0 {
            return 1;
        }
        let am1 = a - 1.0;
        let b = 2f64.powf(am1);
        let umin = (i64::MAX as f64).powf(-am1);
        loop {
            let u01 = self.double();
            let u = u01 * umin + (1.0 - u01);
            let v = self.double();
            let x = u.powf(-1.0 / am1).floor();
            if x > i64::MAX as f64 || x < 1.0 {
                continue;
            }
            let t = (1.0 + 1.0 / x).powf(am1);
            if v * x * (t - 1.0) / (b - 1.0) <= t / b {
                return c_long(x);
            }
        }
    }

    /// `random_vonmises`: above kappa = 1e6 a wrapped normal, `RandomState`'s rejection below.
    fn vonmises(&mut self, mu: f64, kappa: f64) -> f64 {
        if !(kappa > 1e6) {
            return shared::vonmises(self, mu, kappa);
        }
        let mut result = mu + (1.0 / kappa).sqrt() * self.standard_normal();
        if result < -PI {
            result += 2.0 * PI;
        }
        if result > PI {
            result -= 2.0 * PI;
        }
        result
    }

    /// `random_logseries`: Kemp's second accelerated generator.
    fn logseries(&mut self, p: f64) -> i64 {
        let r = (-p).ln_1p();
        loop {
            let v = self.double();
            if v >= p {
                return 1;
            }
            let u = self.double();
            let q = -(r * u).exp_m1();
            if v <= q * q {
                let result = c_long((1.0 + v.ln() / q.ln()).floor());
                if result < 1 || v == 0.0 {
                    continue;
                }
                return result;
            }
            return if v >= q { 1 } else { 2 };
        }
    }
}

/// The draws, with the code compiled code passes; three `f64` parameter words each. Those of
/// [`GenDraw::int_values`] give `i64` values, the others `f64`.
#[repr(i64)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenDraw {
    Random = 0,
    StandardNormal,
    Normal,
    Uniform,
    Exponential,
    StandardExponential,
    StandardGamma,
    Gamma,
    Beta,
    Chisquare,
    F,
    NoncentralChisquare,
    NoncentralF,
    StandardT,
    StandardCauchy,
    Lognormal,
    Laplace,
    Logistic,
    Gumbel,
    Pareto,
    Weibull,
    Power,
    Rayleigh,
    Triangular,
    Wald,
    Poisson,
    NegativeBinomial,
    Geometric,
    Zipf,
    Logseries,
    Vonmises,
    /// Parameter words `n` (an `i64`) and `p`.
    Binomial,
    /// Parameter words `ngood`, `nbad`, `nsample`, all `i64`.
    Hypergeometric,
}

const ALL: [GenDraw; 33] = {
    use GenDraw::*;
    [
        Random, StandardNormal, Normal, Uniform, Exponential, StandardExponential, StandardGamma, Gamma, Beta, Chisquare, F,
        NoncentralChisquare, NoncentralF, StandardT, StandardCauchy, Lognormal, Laplace, Logistic, Gumbel, Pareto, Weibull, Power,
        Rayleigh, Triangular, Wald, Poisson, NegativeBinomial, Geometric, Zipf, Logseries, Vonmises, Binomial, Hypergeometric,
    ]
};

impl GenDraw {
    /// Whether the values are `i64` (NumPy's `int64` for the discrete distributions).
    pub fn int_values(self) -> bool {
        use GenDraw::*;
        matches!(self, Poisson | NegativeBinomial | Geometric | Zipf | Logseries | Binomial | Hypergeometric)
    }
}

/// The parameter words as `i64`s (the integer parameters of binomial and hypergeometric).
fn ints(p: [f64; 3]) -> [i64; 3] {
    p.map(|w| w.to_bits() as i64)
}

fn validate_binomial(n: i64, p: f64) -> Result<(), String> {
    constraint(p, "p", Cons::Bounded01)?;
    constraint(n as f64, "n", Cons::NonNegative)
}

fn validate_hypergeometric([good, bad, sample]: [i64; 3]) -> Result<(), String> {
    // NumPy's HYPERGEOM_MAX, compared as doubles.
    if good as f64 >= 1e9 || bad as f64 >= 1e9 {
        return Err("both ngood and nbad must be less than 1000000000".into());
    }
    if good.wrapping_add(bad) < sample {
        return Err("ngood + nbad < nsample".into());
    }
    constraint(good as f64, "ngood", Cons::NonNegative)?;
    constraint(bad as f64, "nbad", Cons::NonNegative)?;
    constraint(sample as f64, "nsample", Cons::NonNegative)
}

/// The Generator's checks, in its order: (exception, message).
fn validate(draw: GenDraw, p: [f64; 3]) -> Result<(), (&'static str, String)> {
    use Cons::*;
    let value_error = |m: String| ("ValueError", m);
    let checks: &[(&str, Cons)] = match draw {
        GenDraw::Normal | GenDraw::Laplace | GenDraw::Logistic | GenDraw::Gumbel => &[("", None), ("scale", NonNegative)],
        GenDraw::Lognormal => &[("", None), ("sigma", NonNegative)],
        GenDraw::Exponential | GenDraw::Rayleigh => &[("scale", NonNegative)],
        GenDraw::StandardGamma => &[("shape", NonNegative)],
        GenDraw::Gamma => &[("shape", NonNegative), ("scale", NonNegative)],
        GenDraw::Beta => &[("a", Positive), ("b", Positive)],
        GenDraw::Chisquare | GenDraw::StandardT => &[("df", Positive)],
        GenDraw::F => &[("dfnum", Positive), ("dfden", Positive)],
        GenDraw::NoncentralChisquare => &[("df", Positive), ("nonc", NonNegative)],
        GenDraw::NoncentralF => &[("dfnum", Positive), ("dfden", Positive), ("nonc", NonNegative)],
        GenDraw::Pareto | GenDraw::Power => &[("a", Positive)],
        GenDraw::Weibull => &[("a", NonNegative)],
        GenDraw::Wald => &[("mean", Positive), ("scale", Positive)],
        GenDraw::Poisson => &[("lam", Poisson)],
        GenDraw::NegativeBinomial => &[("n", PositiveNotNan), ("p", BoundedGt01)],
        GenDraw::Geometric => &[("p", BoundedGt01)],
        GenDraw::Zipf => &[("a", Gt1)],
        GenDraw::Logseries => &[("p", BoundedLt01)],
        GenDraw::Vonmises => &[("", None), ("kappa", NonNegative)],
        GenDraw::Binomial => return validate_binomial(ints(p)[0], p[1]).map_err(value_error),
        GenDraw::Hypergeometric => return validate_hypergeometric(ints(p)).map_err(value_error),
        _ => &[],
    };
    for (k, (name, cons)) in checks.iter().enumerate() {
        constraint(p[k], name, *cons).map_err(value_error)?;
    }
    match draw {
        GenDraw::Uniform if !(p[1] - p[0]).is_finite() => Err(("OverflowError", "high - low range exceeds valid bounds".into())),
        GenDraw::Uniform => constraint(p[1] - p[0], "high - low", NonNegative).map_err(value_error),
        GenDraw::Triangular if p[0] > p[1] => Err(value_error("left > mode".into())),
        GenDraw::Triangular if p[1] > p[2] => Err(value_error("mode > right".into())),
        GenDraw::Triangular if p[0] == p[2] => Err(value_error("left == right".into())),
        // The largest Poisson mean the gamma-Poisson mixture is likely to reach.
        GenDraw::NegativeBinomial if (1.0 - p[1]) / p[1] * (p[0] + 10.0 * p[0].sqrt()) > poisson_lam_max() => {
            Err(value_error("n too large or p too small, see Generator.negative_binomial Notes".into()))
        }
        _ => Ok(()),
    }
}

/// One value of `draw`: its bits.
#[inline]
fn one(b: &mut Bitgen, draw: GenDraw, p: [f64; 3]) -> u64 {
    let x = match draw {
        GenDraw::Random => b.double(),
        GenDraw::StandardNormal => b.standard_normal(),
        GenDraw::Normal => p[0] + p[1] * b.standard_normal(),
        GenDraw::Uniform => p[0] + (p[1] - p[0]) * b.double(),
        GenDraw::Exponential => p[0] * b.standard_exponential(),
        GenDraw::StandardExponential => b.standard_exponential(),
        GenDraw::StandardGamma => b.standard_gamma(p[0]),
        GenDraw::Gamma => p[1] * b.standard_gamma(p[0]),
        GenDraw::Beta => b.beta(p[0], p[1]),
        GenDraw::Chisquare => b.chisquare(p[0]),
        GenDraw::F => b.f(p[0], p[1]),
        GenDraw::NoncentralChisquare => b.noncentral_chisquare(p[0], p[1]),
        GenDraw::NoncentralF => b.noncentral_f(p[0], p[1], p[2]),
        GenDraw::StandardT => b.standard_t(p[0]),
        GenDraw::StandardCauchy => b.standard_cauchy(),
        GenDraw::Lognormal => (p[0] + p[1] * b.standard_normal()).exp(),
        GenDraw::Laplace => shared::laplace(b, p[0], p[1]),
        GenDraw::Logistic => shared::logistic(b, p[0], p[1]),
        GenDraw::Gumbel => shared::gumbel(b, p[0], p[1]),
        GenDraw::Pareto => (b.standard_exponential() / p[0]).exp_m1(),
        GenDraw::Weibull if p[0] == 0.0 => 0.0,
        GenDraw::Weibull => b.standard_exponential().powf(1.0 / p[0]),
        GenDraw::Power => (-(-b.standard_exponential()).exp_m1()).powf(1.0 / p[0]),
        GenDraw::Rayleigh => p[0] * (2.0 * b.standard_exponential()).sqrt(),
        GenDraw::Triangular => shared::triangular(b, p[0], p[1], p[2]),
        GenDraw::Wald => b.wald(p[0], p[1]),
        GenDraw::Vonmises => b.vonmises(p[0], p[1]),
        GenDraw::Poisson => return shared::poisson(b, p[0]) as u64,
        GenDraw::NegativeBinomial => return b.negative_binomial(p[0], p[1]) as u64,
        GenDraw::Geometric => return b.geometric(p[0]) as u64,
        GenDraw::Zipf => return b.zipf(p[0]) as u64,
        GenDraw::Logseries => return b.logseries(p[0]) as u64,
        GenDraw::Binomial => return gen_discrete::binomial(b, p[1], ints(p)[0]) as u64,
        GenDraw::Hypergeometric => {
            let [good, bad, sample] = ints(p);
            return gen_discrete::hypergeometric(b, good, bad, sample) as u64;
        }
    };
    x.to_bits()
}

/// Draws `n` values of `kind` from the generator `bitgen` into `out` (`f64` or `i64` words),
/// after checking the three parameter words; `n == 0` only checks them. Returns 1 with the
/// exception recorded.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with valid pointers
#[no_mangle]
pub extern "C" fn hasten_rt_gen_draw(bitgen: *mut Bitgen, kind: i64, params: *const f64, out: *mut u64, n: i64, loc_ptr: *const u8, loc_len: usize) -> u32 {
    let draw = ALL[kind as usize];
    // SAFETY: compiled code passes a stack slot of three words.
    let p = unsafe { [*params, *params.add(1), *params.add(2)] };
    if let Err((exc, msg)) = validate(draw, p) {
        return raise(exc, msg, loc_ptr, loc_len);
    }
    if n <= 0 {
        return 0;
    }
    // SAFETY: the binding passes the caller's live `bitgen_t`; `out` holds `n` values.
    let (b, out) = unsafe { (&mut *bitgen, std::slice::from_raw_parts_mut(out, n as usize)) };
    for o in out {
        *o = one(b, draw, p);
    }
    0
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
    fn checks_give_numpys_messages() {
        let msg = |d, p| validate(d, p).unwrap_err().1;
        assert_eq!(msg(GenDraw::NegativeBinomial, [f64::NAN, 0.5, 0.0]), "n must not be NaN");
        assert_eq!(msg(GenDraw::NegativeBinomial, [0.0, 0.5, 0.0]), "n <= 0");
        assert_eq!(msg(GenDraw::NegativeBinomial, [1e19, 0.5, 0.0]), "n too large or p too small, see Generator.negative_binomial Notes");
        assert_eq!(msg(GenDraw::Logseries, [1.0, 0.0, 0.0]), "p < 0, p >= 1 or p is NaN");
        assert_eq!(msg(GenDraw::Triangular, [0.0, 2.0, 1.0]), "mode > right");
        assert!(validate(GenDraw::NegativeBinomial, [f64::INFINITY, 1.0, 0.0]).is_ok());
        let words = |i: [i64; 3]| i.map(|v| f64::from_bits(v as u64));
        assert_eq!(msg(GenDraw::Binomial, [words([-1, 0, 0])[0], f64::NAN, 0.0]), "p < 0, p > 1 or p is NaN");
        assert_eq!(msg(GenDraw::Binomial, [words([-1, 0, 0])[0], 0.5, 0.0]), "n < 0");
        assert_eq!(msg(GenDraw::Hypergeometric, words([1_000_000_000, 1, 1])), "both ngood and nbad must be less than 1000000000");
        assert_eq!(msg(GenDraw::Hypergeometric, words([3, 1, 5])), "ngood + nbad < nsample");
        assert_eq!(msg(GenDraw::Hypergeometric, words([3, -1, 1])), "nbad < 0");
    }
}
