//! The binomial draw (inversion for small means, BTPE otherwise) of `RandomState` and
//! `Generator`, which differ in NumPy 2.4 only in the inversion's `log(1 - p)` against
//! `log1p(-p)`; and `RandomState`'s hypergeometric draw (HYP
//! for small samples, HRUA otherwise). NumPy caches the binomial set-up per (n, p); recomputing
//! it gives the same values.

use super::legacy::{c_long, loggam};
use super::mt19937::Mt19937;
use super::shared::Uniform;

impl Uniform for Mt19937 {
    fn uniform(&mut self) -> f64 {
        self.next_double()
    }
}

/// `random_binomial` (`generator`) or `legacy_random_binomial`, for n > 0 and p > 0.
pub(super) fn binomial(mt: &mut impl Uniform, p: f64, n: i64, generator: bool) -> i64 {
    if p <= 0.5 {
        if p * n as f64 <= 30.0 {
            inversion(mt, n, p, generator)
        } else {
            btpe(mt, n, p)
        }
    } else {
        let q = 1.0 - p;
        if q * n as f64 <= 30.0 {
            n - inversion(mt, n, q, generator)
        } else {
            n - btpe(mt, n, q)
        }
    }
}

fn inversion(mt: &mut impl Uniform, n: i64, p: f64, generator: bool) -> i64 {
    let q = 1.0 - p;
    let qn = (n as f64 * if generator { (-p).ln_1p() } else { q.ln() }).exp();
    let np = n as f64 * p;
    let bound = c_long((n as f64).min(np + 10.0 * (np * q + 1.0).sqrt()));
    let mut x = 0;
    let mut px = qn;
    let mut u = mt.uniform();
    while u > px {
        x += 1;
        if x > bound {
            x = 0;
            px = qn;
            u = mt.uniform();
        } else {
            u -= px;
            px = ((n - x + 1) as f64 * p * px) / (x as f64 * q);
        }
    }
    x
}

/// The triangle-parallelogram-exponential set-up of BTPE for (n, p).
struct Btpe {
    r: f64,
    q: f64,
    fm: f64,
    m: i64,
    p1: f64,
    xm: f64,
    xl: f64,
    xr: f64,
    c: f64,
    laml: f64,
    lamr: f64,
    p2: f64,
    p3: f64,
    p4: f64,
}

impl Btpe {
    fn new(n: i64, p: f64) -> Btpe {
        let nf = n as f64;
        let r = p.min(1.0 - p);
        let q = 1.0 - r;
        let fm = nf * r + r;
        let m = c_long(fm.floor());
        let p1 = (2.195 * (nf * r * q).sqrt() - 4.6 * q).floor() + 0.5;
        let xm = m as f64 + 0.5;
        let xl = xm - p1;
        let xr = xm + p1;
        let c = 0.134 + 20.5 / (15.3 + m as f64);
        let a = (fm - xl) / (fm - xl * r);
        let laml = a * (1.0 + a / 2.0);
        let a = (xr - fm) / (xr * q);
        let lamr = a * (1.0 + a / 2.0);
        let p2 = p1 * (1.0 + 2.0 * c);
        let p3 = p2 + c / laml;
        let p4 = p3 + c / lamr;
        Btpe { r, q, fm, m, p1, xm, xl, xr, c, laml, lamr, p2, p3, p4 }
    }
}

/// The Stirling terms of BTPE's final acceptance test, with the error of the 1988 paper (13680,
/// the last two terms added) that NumPy 2.4 keeps in both APIs.
fn stirling(t: f64) -> f64 {
    let t2 = t * t;
    (13680. - (462. - (132. - (99. - 140. / t2) / t2) / t2) / t2) / t / 166320.
}

fn btpe(mt: &mut impl Uniform, n: i64, p: f64) -> i64 {
    let b = Btpe::new(n, p);
    let (r, q, m, nf) = (b.r, b.q, b.m, n as f64);
    let y = loop {
        let nrq = nf * r * q;
        let u = mt.uniform() * b.p4;
        let mut v = mt.uniform();
        let y;
        if !(u > b.p1) {
            break c_long((b.xm - b.p1 * v + u).floor());
        } else if !(u > b.p2) {
            let x = b.xl + (u - b.p1) / b.c;
            v = v * b.c + 1.0 - (m as f64 - x + 0.5).abs() / b.p1;
            if v > 1.0 {
                continue;
            }
            y = c_long(x.floor());
        } else if !(u > b.p3) {
            y = c_long((b.xl + v.ln() / b.laml).floor());
            if y < 0 || v == 0.0 {
                continue;
            }
            v = v * (u - b.p2) * b.laml;
        } else {
            y = c_long((b.xr - v.ln() / b.lamr).floor());
            if y > n || v == 0.0 {
                continue;
            }
            v = v * (u - b.p3) * b.lamr;
        }
        let k = (y - m).abs();
        if !(k > 20 && (k as f64) < nrq / 2.0 - 1.0) {
            let s = r / q;
            let a = s * (nf + 1.0);
            let mut f = 1.0;
            if m < y {
                for i in m + 1..=y {
                    f *= a / i as f64 - s;
                }
            } else if m > y {
                for i in y + 1..=m {
                    f /= a / i as f64 - s;
                }
            }
            if v > f {
                continue;
            }
            break y;
        }
        let kf = k as f64;
        let rho = (kf / nrq) * ((kf * (kf / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5);
        let t = -kf * kf / (2.0 * nrq);
        let big_a = v.ln();
        if big_a < t - rho {
            break y;
        }
        if big_a > t + rho {
            continue;
        }
        let x1 = y as f64 + 1.0;
        let f1 = m as f64 + 1.0;
        let z = nf + 1.0 - m as f64;
        let w = nf - y as f64 + 1.0;
        let bound = b.xm * (f1 / x1).ln()
            + (nf - m as f64 + 0.5) * (z / w).ln()
            + (y - m) as f64 * (w * r / (x1 * q)).ln()
            + stirling(f1)
            + stirling(z)
            + stirling(x1)
            + stirling(w);
        if big_a > bound {
            continue;
        }
        break y;
    };
    let _ = b.fm;
    if p > 0.5 {
        n - y
    } else {
        y
    }
}

/// `hypergeometric`'s checks, in `RandomState`'s order.
pub(super) fn check_hypergeometric(i: [i64; 3]) -> Result<(), String> {
    let [good, bad, sample] = i;
    if (good as i128) + (bad as i128) < sample as i128 {
        return Err("ngood + nbad < nsample".into());
    }
    if good < 0 {
        return Err("ngood < 0".into());
    }
    if bad < 0 {
        return Err("nbad < 0".into());
    }
    if sample < 1 {
        return Err("nsample < 1 or nsample is NaN".into());
    }
    Ok(())
}

pub(super) fn hypergeometric(mt: &mut Mt19937, good: i64, bad: i64, sample: i64) -> i64 {
    if sample > 10 {
        hrua(mt, good, bad, sample)
    } else if sample > 0 {
        hyp(mt, good, bad, sample)
    } else {
        0
    }
}

fn hyp(mt: &mut Mt19937, good: i64, bad: i64, sample: i64) -> i64 {
    let d1 = bad + good - sample;
    let d2 = bad.min(good) as f64;
    let mut y = d2;
    let mut k = sample;
    while y > 0.0 {
        let u = mt.next_double();
        y -= c_long((u + y / (d1 + k) as f64).floor()) as f64;
        k -= 1;
        if k == 0 {
            break;
        }
    }
    let z = c_long(d2 - y);
    if good > bad {
        sample - z
    } else {
        z
    }
}

fn hrua(mt: &mut Mt19937, good: i64, bad: i64, sample: i64) -> i64 {
    const D1: f64 = 1.7155277699214135;
    const D2: f64 = 0.8989161620588988;
    let mingoodbad = good.min(bad);
    let popsize = good + bad;
    let maxgoodbad = good.max(bad);
    let m = sample.min(popsize - sample);
    let d4 = mingoodbad as f64 / popsize as f64;
    let d5 = 1.0 - d4;
    let d6 = m as f64 * d4 + 0.5;
    let d7 = ((popsize - m) as f64 * sample as f64 * d4 * d5 / (popsize - 1) as f64 + 0.5).sqrt();
    let d8 = D1 * d7 + D2;
    let d9 = c_long(((m + 1) as f64 * (mingoodbad + 1) as f64 / (popsize + 2) as f64).floor());
    let lg = |z: i64| loggam((z + 1) as f64) + loggam((mingoodbad - z + 1) as f64) + loggam((m - z + 1) as f64) + loggam((maxgoodbad - m + z + 1) as f64);
    let d10 = lg(d9);
    let d11 = (m.min(mingoodbad) as f64 + 1.0).min((d6 + 16.0 * d7).floor());
    let mut z;
    loop {
        let x = mt.next_double();
        let y = mt.next_double();
        let w = d6 + d8 * (y - 0.5) / x;
        if w < 0.0 || w >= d11 {
            continue;
        }
        z = c_long(w.floor());
        let t = d10 - lg(z);
        if x * (4.0 - x) - 3.0 <= t {
            break;
        }
        if x * (x - t) >= 1.0 {
            continue;
        }
        if 2.0 * x.ln() <= t {
            break;
        }
    }
    if good > bad {
        z = m - z;
    }
    if m < sample {
        z = good - z;
    }
    z
}
