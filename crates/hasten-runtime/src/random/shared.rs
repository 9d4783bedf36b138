//! The transformations `RandomState` and `Generator` share: NumPy's `distributions.c` functions
//! that draw only uniform doubles (`next_double`), written once over either source. Legacy
//! `RandomState` feeds them its Mersenne Twister; a Generator its caller's bit generator.

use super::legacy::{c_long, loggam};
use std::f64::consts::PI;

/// A source of NumPy's uniform doubles in [0, 1).
pub(super) trait Uniform {
    fn uniform(&mut self) -> f64;
}

/// The standard normal and exponential draws that gamma draws are made of: the legacy API's
/// (polar Box–Muller, `-log(1 - u)`) and the Generator's (ziggurats) differ.
pub(super) trait Basic: Uniform {
    fn normal(&mut self) -> f64;
    fn exponential(&mut self) -> f64;
}

/// `random_standard_gamma` (legacy and Generator alike, each with its own normal and exponential
/// draws): Marsaglia and Tsang's method above 1, Johnk's rejection below.
pub(super) fn standard_gamma(s: &mut impl Basic, shape: f64) -> f64 {
    if shape == 1.0 {
        return s.exponential();
    }
    if shape == 0.0 {
        return 0.0;
    }
    if shape < 1.0 {
        loop {
            let u = s.uniform();
            let v = s.exponential();
            if u <= 1.0 - shape {
                let x = u.powf(1.0 / shape);
                if x <= v {
                    return x;
                }
            } else {
                let y = -((1.0 - u) / shape).ln();
                let x = (1.0 - shape + shape * y).powf(1.0 / shape);
                if x <= v + y {
                    return x;
                }
            }
        }
    }
    let b = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * b).sqrt();
    loop {
        let (x, v) = loop {
            let x = s.normal();
            let v = 1.0 + c * x;
            // C's `while (V <= 0.0)`: a NaN leaves the loop.
            if !(v <= 0.0) {
                break (x, v);
            }
        };
        let v = v * v * v;
        let u = s.uniform();
        if u < 1.0 - 0.0331 * (x * x) * (x * x) {
            return b * v;
        }
        if u.ln() < 0.5 * x * x + b * (1.0 - v + v.ln()) {
            return b * v;
        }
    }
}


/// `random_poisson`: multiplication of uniforms below 10, Hörmann's PTRS from 10 on.
pub(super) fn poisson(s: &mut impl Uniform, lam: f64) -> i64 {
    if lam >= 10.0 {
        poisson_ptrs(s, lam)
    } else if lam == 0.0 {
        0
    } else {
        let enlam = (-lam).exp();
        let mut x = 0;
        let mut prod = 1.0;
        loop {
            prod *= s.uniform();
            if prod > enlam {
                x += 1;
            } else {
                return x;
            }
        }
    }
}

/// Hörmann's transformed rejection.
fn poisson_ptrs(s: &mut impl Uniform, lam: f64) -> i64 {
    let slam = lam.sqrt();
    let loglam = lam.ln();
    let b = 0.931 + 2.53 * slam;
    let a = -0.059 + 0.02483 * b;
    let invalpha = 1.1239 + 1.1328 / (b - 3.4);
    let vr = 0.9277 - 3.6224 / (b - 2.0);
    loop {
        let u = s.uniform() - 0.5;
        let v = s.uniform();
        let us = 0.5 - u.abs();
        let k = c_long(((2.0 * a / us + b) * u + lam + 0.43).floor());
        if us >= 0.07 && v <= vr {
            return k;
        }
        if k < 0 || (us < 0.013 && v > us) {
            continue;
        }
        if v.ln() + invalpha.ln() - (a / (us * us) + b).ln() <= -lam + k as f64 * loglam - loggam(k as f64 + 1.0) {
            return k;
        }
    }
}

/// `random_laplace`: a draw of exactly 0 is rejected.
pub(super) fn laplace(s: &mut impl Uniform, loc: f64, scale: f64) -> f64 {
    loop {
        let u = s.uniform();
        if u >= 0.5 {
            return loc - scale * (2.0 - u - u).ln();
        } else if u > 0.0 {
            return loc + scale * (u + u).ln();
        }
    }
}

/// `random_logistic`: a draw of exactly 0 is rejected.
pub(super) fn logistic(s: &mut impl Uniform, loc: f64, scale: f64) -> f64 {
    loop {
        let u = s.uniform();
        if u > 0.0 {
            return loc + scale * (u / (1.0 - u)).ln();
        }
    }
}

/// `random_gumbel`: a draw of exactly 0 is rejected.
pub(super) fn gumbel(s: &mut impl Uniform, loc: f64, scale: f64) -> f64 {
    loop {
        let u = 1.0 - s.uniform();
        if u < 1.0 {
            return loc - scale * (-u.ln()).ln();
        }
    }
}

pub(super) fn triangular(s: &mut impl Uniform, left: f64, mode: f64, right: f64) -> f64 {
    let base = right - left;
    let leftbase = mode - left;
    let ratio = leftbase / base;
    let leftprod = leftbase * base;
    let rightprod = (right - mode) * base;
    let u = s.uniform();
    if u <= ratio {
        left + (u * leftprod).sqrt()
    } else {
        right - ((1.0 - u) * rightprod).sqrt()
    }
}

/// `random_geometric_search`: the sum of the probabilities up to the first that exceeds a uniform.
pub(super) fn geometric_search(s: &mut impl Uniform, p: f64) -> i64 {
    let u = s.uniform();
    let (mut x, mut sum, mut prod, q) = (1i64, p, p, 1.0 - p);
    while u > sum {
        prod *= q;
        sum += prod;
        x += 1;
    }
    x
}

/// `random_vonmises` up to kappa = 1e6 (all of `RandomState`'s): Best and Fisher's rejection,
/// the result folded into [-pi, pi] by C's `fmod` (Rust's `%` on floats).
pub(super) fn vonmises(src: &mut impl Uniform, mu: f64, kappa: f64) -> f64 {
    if kappa.is_nan() {
        return f64::NAN;
    }
    if kappa < 1e-8 {
        return PI * (2.0 * src.uniform() - 1.0);
    }
    let s = if kappa < 1e-5 {
        1.0 / kappa + kappa
    } else {
        let r = 1.0 + (1.0 + 4.0 * kappa * kappa).sqrt();
        let rho = (r - (2.0 * r).sqrt()) / (2.0 * kappa);
        (1.0 + rho * rho) / (2.0 * rho)
    };
    let w = loop {
        let u = src.uniform();
        let z = (PI * u).cos();
        let w = (1.0 + s * z) / (s + z);
        let y = kappa * (s - w);
        let v = src.uniform();
        if y * (2.0 - y) - v >= 0.0 || (y / v).ln() + 1.0 - y >= 0.0 {
            break w;
        }
    };
    let u = src.uniform();
    let mut result = w.acos();
    if u < 0.5 {
        result = -result;
    }
    result += mu;
    let neg = result < 0.0;
    let mut m = (result.abs() + PI) % (2.0 * PI) - PI;
    if neg {
        m *= -1.0;
    }
    m
}
