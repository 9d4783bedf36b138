//! The Generator's binomial and hypergeometric draws and its `multinomial`/`dirichlet` vectors,
//! from the algorithms of NumPy 2.4's `distributions.c` and `random_hypergeometric.c`, which
//! differ from `RandomState`'s: the binomial inversion's `log1p` (`discrete.rs`), a
//! hypergeometric by sampling without replacement below 10 draws (on `random_interval`) and
//! HRUA on `logfactorial` above, and a Dirichlet by stick-breaking betas when every alpha is
//! below 0.1. The vector entry compiled code calls is `hasten_rt_gen_vector`.

use super::discrete;
use super::generator::{raise, Bitgen};
use super::vector::{kahan_sum, Call};

/// `random_binomial`: 0 without drawing for n == 0 or p == 0.
pub(super) fn binomial(b: &mut Bitgen, p: f64, n: i64) -> i64 {
    if n == 0 || p == 0.0 {
        return 0;
    }
    discrete::binomial(b, p, n, true)
}

/// `random_hypergeometric`, for non-negative counts with `sample <= good + bad`.
pub(super) fn hypergeometric(b: &mut Bitgen, good: i64, bad: i64, sample: i64) -> i64 {
    if sample >= 10 && sample <= good + bad - 10 {
        hrua(b, good, bad, sample)
    } else {
        by_sampling(b, good, bad, sample)
    }
}

/// Draws `min(sample, total - sample)` items one by one, counting the good ones left.
fn by_sampling(b: &mut Bitgen, good: i64, bad: i64, sample: i64) -> i64 {
    let total = good + bad;
    let complement = sample > total / 2;
    let mut left = if complement { total - sample } else { sample };
    let mut remaining_total = total;
    let mut remaining_good = good;
    while left > 0 && remaining_good > 0 && remaining_total > remaining_good {
        remaining_total -= 1;
        if (b.interval(remaining_total as u64) as i64) < remaining_good {
            remaining_good -= 1;
        }
        left -= 1;
    }
    if remaining_total == remaining_good {
        remaining_good -= left;
    }
    if complement {
        remaining_good
    } else {
        good - remaining_good
    }
}

/// log(k!) for k = 0..=125, the doubles of NumPy's `logfactorial.c` table.
#[rustfmt::skip]
#[allow(clippy::approx_constant)] // log(2!) is ln 2, kept as a table entry
const LOGFACT: [f64; 126] = [
    0.0, 0.0, 0.6931471805599453, 1.791759469228055,
    3.1780538303479458, 4.787491742782046, 6.579251212010101, 8.525161361065415,
    10.60460290274525, 12.801827480081469, 15.104412573075516, 17.502307845873887,
    19.987214495661885, 22.552163853123425, 25.19122118273868, 27.89927138384089,
    30.671860106080672, 33.50507345013689, 36.39544520803305, 39.339884187199495,
    42.335616460753485, 45.38013889847691, 48.47118135183523, 51.60667556776438,
    54.78472939811232, 58.00360522298052, 61.261701761002, 64.55753862700634,
    67.88974313718154, 71.25703896716801, 74.65823634883016, 78.0922235533153,
    81.55795945611504, 85.05446701758152, 88.58082754219768, 92.1361756036871,
    95.7196945421432, 99.33061245478743, 102.96819861451381, 106.63176026064346,
    110.32063971475739, 114.0342117814617, 117.77188139974507, 121.53308151543864,
    125.3172711493569, 129.12393363912722, 132.95257503561632, 136.80272263732635,
    140.67392364823425, 144.5657439463449, 148.47776695177302, 152.40959258449735,
    156.3608363030788, 160.3311282166309, 164.32011226319517, 168.32744544842765,
    172.3527971391628, 176.39584840699735, 180.45629141754378, 184.53382886144948,
    188.6281734236716, 192.7390472878449, 196.86618167289, 201.00931639928152,
    205.1681994826412, 209.34258675253685, 213.53224149456327, 217.73693411395422,
    221.95644181913033, 226.1905483237276, 230.43904356577696, 234.70172344281826,
    238.97838956183432, 243.2688490029827, 247.57291409618688, 251.8904022097232,
    256.22113555000954, 260.5649409718632, 264.9216497985528, 269.2910976510198,
    273.6731242856937, 278.0675734403661, 282.4742926876304, 286.893133295427,
    291.3239500942703, 295.76660135076065, 300.22094864701415, 304.6868567656687,
    309.1641935801469, 313.65282994987905, 318.1526396202093, 322.66349912672615,
    327.1852877037752, 331.7178871969285, 336.26118197919845, 340.815058870799,
    345.37940706226686, 349.95411804077025, 354.5390855194408, 359.1342053695754,
    363.73937555556347, 368.35449607240474, 372.979468885689, 377.61419787391867,
    382.25858877306, 386.91254912321756, 391.5759882173296, 396.24881705179155,
    400.93094827891576, 405.6222961611449, 410.32277652693733, 415.03230672824964,
    419.7508055995447, 424.4781934182571, 429.21439186665157, 433.9593239950148,
    438.71291418612117, 443.47508812091894, 448.2457727453846, 453.0248962384961,
    457.81238798127816, 462.6081785268749, 467.4121995716082, 472.2243839269806,
    477.04466549258564, 481.87297922988796,
];

/// `logfactorial`: the table, then Stirling's series to the 1/k**3 term.
fn logfactorial(k: i64) -> f64 {
    if k < LOGFACT.len() as i64 {
        return LOGFACT[k as usize];
    }
    const HALF_LN_2PI: f64 = 0.9189385332046728;
    let kf = k as f64;
    (kf + 0.5) * kf.ln() - kf + (HALF_LN_2PI + (1.0 / kf) * (1.0 / 12.0 - 1.0 / (360.0 * kf * kf)))
}

/// Stadlober's ratio-of-uniforms algorithm HRUA.
fn hrua(b: &mut Bitgen, good: i64, bad: i64, sample: i64) -> i64 {
    const D1: f64 = 1.7155277699214135;
    const D2: f64 = 0.8989161620588988;
    let popsize = good + bad;
    let n = sample.min(popsize - sample);
    let (min_gb, max_gb) = (good.min(bad), good.max(bad));
    let p = min_gb as f64 / popsize as f64;
    let q = max_gb as f64 / popsize as f64;
    let a = n as f64 * p + 0.5;
    let var = (popsize - n) as f64 * n as f64 * p * q / (popsize - 1) as f64;
    let c = (var + 0.5).sqrt();
    let h = D1 * c + D2;
    let m = ((n + 1) as f64 * (min_gb + 1) as f64 / (popsize + 2) as f64).floor() as i64;
    let lf = |k: i64| logfactorial(k) + logfactorial(min_gb - k) + logfactorial(n - k) + logfactorial(max_gb - n + k);
    let g = lf(m);
    let bound = ((n.min(min_gb) + 1) as f64).min((a + 16.0 * c).floor());
    let mut k = loop {
        let u = b.double();
        let v = b.double();
        let x = a + h * (v - 0.5) / u;
        if x < 0.0 || x >= bound {
            continue;
        }
        let k = x.floor() as i64;
        let t = g - lf(k);
        if u * (4.0 - u) - 3.0 <= t {
            break k;
        }
        if u * (u - t) >= 1.0 {
            continue;
        }
        if 2.0 * u.ln() <= t {
            break k;
        }
    };
    if good > bad {
        k = n - k;
    }
    if n < sample {
        k = good - k;
    }
    k
}

/// The Generator's checks of `multinomial(n, pvals, size)` or `dirichlet(alpha, size)`.
fn check(dirichlet: bool, call: &Call) -> Result<(), String> {
    if dirichlet {
        return if call.p.iter().any(|&a| a < 0.0) { Err("alpha < 0".into()) } else { Ok(()) };
    }
    if call.p.is_empty() {
        return Err("pvals must have at least 1 dimension and the last dimension of pvals must be greater than 0.".into());
    }
    if call.p.iter().any(|&p| !(0.0..=1.0).contains(&p)) {
        return Err("pvals < 0, pvals > 1 or pvals contains NaNs".into());
    }
    if kahan_sum(&call.p, call.p.len() - 1) > 1.0 + 1e-12 {
        return Err("sum(pvals[:-1]) > 1.0".into());
    }
    if !call.bad_size && call.n < 0 {
        return Err("n < 0".into());
    }
    Ok(())
}

/// `random_multinomial`: conditional binomials into a zeroed row.
#[allow(clippy::needless_range_loop)] // NumPy's loop over the first d - 1 cells, with an early exit
fn multinomial_row(b: &mut Bitgen, n: i64, p: &[f64], row: &mut [u64]) {
    let d = p.len();
    row.fill(0);
    let (mut remaining, mut dn) = (1.0, n);
    for j in 0..d - 1 {
        let x = binomial(b, p[j] / remaining, dn);
        row[j] = x as u64;
        dn -= x;
        if dn <= 0 {
            break;
        }
        remaining -= p[j];
    }
    if dn > 0 {
        row[d - 1] = dn as u64;
    }
}

/// One Dirichlet vector: stick-breaking betas when every alpha is below 0.1 (`csum` holds the
/// sums of alpha from the right), normalised gammas otherwise.
fn dirichlet_row(b: &mut Bitgen, alpha: &[f64], csum: Option<&[f64]>, row: &mut [u64]) {
    let k = alpha.len();
    let Some(csum) = csum else {
        let mut acc = 0.0;
        for (o, &a) in row.iter_mut().zip(alpha) {
            let v = b.standard_gamma(a);
            acc += v;
            *o = v.to_bits();
        }
        let inv = 1.0 / acc;
        row.iter_mut().for_each(|o| *o = (f64::from_bits(*o) * inv).to_bits());
        return;
    };
    row.fill(0);
    let mut acc = 1.0;
    for j in 0..k - 1 {
        let v = b.beta(alpha[j], csum[j + 1]);
        row[j] = (acc * v).to_bits();
        acc *= 1.0 - v;
        if csum[j + 1] == 0.0 {
            break;
        }
    }
    row[k - 1] = acc.to_bits();
}

/// Checks the call (null `out`) or fills `out` with `rows` vectors of `len(p)` values (int64
/// counts or float64 proportions) from the generator `bitgen`. Returns 1 with the ValueError
/// recorded.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with valid pointers
#[no_mangle]
pub extern "C" fn hasten_rt_gen_vector(bitgen: *mut Bitgen, dirichlet: i64, words: *const i64, out: *mut u64, loc_ptr: *const u8, loc_len: usize) -> u32 {
    let call = Call::read(words);
    let dirichlet = dirichlet != 0;
    if out.is_null() {
        return match check(dirichlet, &call) {
            Ok(()) => 0,
            Err(msg) => raise("ValueError", msg, loc_ptr, loc_len),
        };
    }
    let d = call.p.len();
    if d == 0 || call.rows <= 0 {
        return 0;
    }
    // SAFETY: the binding passes the caller's live `bitgen_t`; `out` is a fresh array of rows * d elements.
    let (b, out) = unsafe { (&mut *bitgen, std::slice::from_raw_parts_mut(out, call.rows as usize * d)) };
    // NumPy's `alpha.max() < 0.1`, false with a NaN.
    let small = dirichlet && call.p.iter().all(|&a| a < 0.1);
    let csum: Option<Vec<f64>> = small.then(|| {
        let mut sums = vec![0.0; d];
        let mut s = 0.0;
        for j in (0..d).rev() {
            s += call.p[j];
            sums[j] = s;
        }
        sums
    });
    // All alphas 0: every vector stays zero.
    if csum.as_ref().is_some_and(|c| !(c[0] > 0.0)) {
        out.fill(0);
        return 0;
    }
    for row in out.chunks_exact_mut(d) {
        if dirichlet {
            dirichlet_row(b, &call.p, csum.as_deref(), row);
        } else {
            multinomial_row(b, call.n, &call.p, row);
        }
    }
    0
}
