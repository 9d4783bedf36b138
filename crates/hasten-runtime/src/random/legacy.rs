//! NumPy's legacy distributions (`RandomState`): the transformations of the Mersenne Twister's
//! words that `mtrand.pyx` applies, written from the algorithms of NumPy's
//! `legacy-distributions.c` and `distributions.c` in the same order of draws and operations, so
//! that every value is bit-identical. The libm functions are the C library's, as NumPy's.

use super::mt19937::Mt19937;
use super::shared::{self, geometric_search, poisson, Basic, Uniform};

/// The state `RandomState` keeps: the generator and the second value of the last polar-method
/// pair (`has_gauss`), which `seed` drops.
pub(crate) struct Legacy {
    pub(crate) mt: Mt19937,
    gauss: Option<f64>,
}

impl Uniform for Legacy {
    fn uniform(&mut self) -> f64 {
        self.mt.next_double()
    }
}

impl Basic for Legacy {
    fn normal(&mut self) -> f64 {
        self.gauss()
    }

    fn exponential(&mut self) -> f64 {
        self.standard_exponential()
    }
}

impl Legacy {
    pub(crate) const fn unseeded() -> Legacy {
        Legacy { mt: Mt19937::unseeded(), gauss: None }
    }

    pub(crate) fn seed(&mut self, seed: Option<u32>) {
        match seed {
            Some(s) => self.mt.seed(s),
            None => self.mt.seed_from_entropy(),
        }
        self.gauss = None;
    }

    pub(crate) fn seed_mixed(&mut self, seed: u64) {
        self.mt.seed_mixed(seed);
        self.gauss = None;
    }

    #[inline]
    pub(crate) fn double(&mut self) -> f64 {
        self.mt.next_double()
    }

    /// The polar method; the second value of each pair is kept for the next call.
    pub(crate) fn gauss(&mut self) -> f64 {
        if let Some(g) = self.gauss.take() {
            return g;
        }
        let (x1, x2, r2) = loop {
            let x1 = 2.0 * self.double() - 1.0;
            let x2 = 2.0 * self.double() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                break (x1, x2, r2);
            }
        };
        let f = (-2.0 * r2.ln() / r2).sqrt();
        self.gauss = Some(f * x1);
        f * x2
    }

    pub(crate) fn standard_exponential(&mut self) -> f64 {
        -(1.0 - self.double()).ln()
    }

    pub(crate) fn standard_gamma(&mut self, shape: f64) -> f64 {
        shared::standard_gamma(self, shape)
    }

    pub(crate) fn chisquare(&mut self, df: f64) -> f64 {
        2.0 * self.standard_gamma(df / 2.0)
    }

    pub(crate) fn beta(&mut self, a: f64, b: f64) -> f64 {
        if a <= 1.0 && b <= 1.0 {
            // Johnk's algorithm.
            loop {
                let u = self.double();
                let v = self.double();
                let x = u.powf(1.0 / a);
                let y = v.powf(1.0 / b);
                if x + y <= 1.0 {
                    if x + y > 0.0 {
                        return x / (x + y);
                    }
                    let mut log_x = u.ln() / a;
                    let mut log_y = v.ln() / b;
                    let log_m = if log_x > log_y { log_x } else { log_y };
                    log_x -= log_m;
                    log_y -= log_m;
                    return (log_x - (log_x.exp() + log_y.exp()).ln()).exp();
                }
            }
        }
        let ga = self.standard_gamma(a);
        let gb = self.standard_gamma(b);
        ga / (ga + gb)
    }

    pub(crate) fn f(&mut self, dfnum: f64, dfden: f64) -> f64 {
        let num = self.chisquare(dfnum) * dfden;
        num / (self.chisquare(dfden) * dfnum)
    }

    pub(crate) fn standard_t(&mut self, df: f64) -> f64 {
        let num = self.gauss();
        let denom = self.standard_gamma(df / 2.0);
        (df / 2.0).sqrt() * num / denom.sqrt()
    }

    pub(crate) fn wald(&mut self, mean: f64, scale: f64) -> f64 {
        let mu_2l = mean / (2.0 * scale);
        let y = self.gauss();
        let y = mean * y * y;
        let x = mean + mu_2l * (y - (4.0 * scale * y + y * y).sqrt());
        let u = self.double();
        if u <= mean / (mean + x) {
            x
        } else {
            mean * mean / x
        }
    }

    pub(crate) fn standard_cauchy(&mut self) -> f64 {
        let num = self.gauss();
        num / self.gauss()
    }

    pub(crate) fn negative_binomial(&mut self, n: f64, p: f64) -> i64 {
        let y = (1.0 - p) / p * self.standard_gamma(n);
        poisson(self, y)
    }

    /// `legacy_noncentral_chisquare`: a NaN `nonc` gives NaN only after the draws of `df <= 1`.
    pub(crate) fn noncentral_chisquare(&mut self, df: f64, nonc: f64) -> f64 {
        if nonc == 0.0 {
            return self.chisquare(df);
        }
        if 1.0 < df {
            let chi2 = self.chisquare(df - 1.0);
            let n = self.gauss() + nonc.sqrt();
            return chi2 + n * n;
        }
        let i = poisson(self, nonc / 2.0);
        let out = self.chisquare(df + i.wrapping_mul(2) as f64);
        if nonc.is_nan() {
            f64::NAN
        } else {
            out
        }
    }

    /// `legacy_logseries`: Kemp's second accelerated generator with `log(1 - p)` and
    /// `1 - exp(..)` (the Generator takes `log1p` and `expm1`).
    pub(crate) fn logseries(&mut self, p: f64) -> i64 {
        let r = (1.0 - p).ln();
        loop {
            let v = self.double();
            if v >= p {
                return 1;
            }
            let u = self.double();
            let q = 1.0 - (r * u).exp();
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

    pub(crate) fn geometric(&mut self, p: f64) -> i64 {
        // NumPy's 0.333333333333333333333333, the double nearest to a third.
        if p >= 1.0 / 3.0 {
            geometric_search(self, p)
        } else {
            c_long(((-self.double()).ln_1p() / (1.0 - p).ln()).ceil())
        }
    }

    pub(crate) fn zipf(&mut self, a: f64) -> i64 {
        let am1 = a - 1.0;
        let b = 2f64.powf(am1);
        loop {
            let u = 1.0 - self.double();
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
}

/// The logarithm of the gamma function by NumPy's series (`random_loggam`).
pub(crate) fn loggam(x: f64) -> f64 {
    const A: [f64; 10] = [
        8.333333333333333e-02,
        -2.777777777777778e-03,
        7.936507936507937e-04,
        -5.952380952380952e-04,
        8.417508417508418e-04,
        -1.917526917526918e-03,
        6.41025641025641e-03,
        -2.955065359477124e-02,
        1.796443723688307e-01,
        -1.39243221690590e+00,
    ];
    if x == 1.0 || x == 2.0 {
        return 0.0;
    }
    let n = if x < 7.0 { (7.0 - x) as i64 } else { 0 };
    let mut x0 = x + n as f64;
    let x2 = (1.0 / x0) * (1.0 / x0);
    let lg2pi = 1.8378770664093453e+00;
    let mut gl0 = A[9];
    for k in (0..9).rev() {
        gl0 *= x2;
        gl0 += A[k];
    }
    let mut gl = gl0 / x0 + 0.5 * lg2pi + (x0 - 0.5) * x0.ln() - x0;
    if x < 7.0 {
        for _ in 1..=n {
            gl -= (x0 - 1.0).ln();
            x0 -= 1.0;
        }
    }
    gl
}

/// C's conversion of a double to a long on x86-64 (`cvttsd2si`), which NumPy's casts compile to:
/// truncation, and `i64::MIN` for NaN and values out of range (Rust's `as` would saturate).
pub(crate) fn c_long(x: f64) -> i64 {
    // 2**63 is exactly representable; every double in [-2**63, 2**63) truncates into range.
    if x.is_nan() || !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&x) {
        i64::MIN
    } else {
        x as i64
    }
}
