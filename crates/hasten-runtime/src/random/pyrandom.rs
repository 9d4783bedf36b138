//! Python's `random` module for compiled code: a per-thread Mersenne Twister with CPython's
//! seeding (`init_by_array` over the 32-bit words of `abs(seed)`) and Gaussian cache, separate from
//! CPython's own module state as numba's is. After `random.seed(n)` in compiled code, the draws
//! are CPython's after the same seed. The module's other functions are Python over these
//! (`hasten-front/src/library/pyrandom.py`).

use super::mt19937::Mt19937;
use std::cell::RefCell;

struct PyRandom {
    mt: Mt19937,
    /// `Random.gauss`'s second value of its last pair, used by the next call.
    gauss_next: Option<f64>,
}

thread_local! {
    static STATE: RefCell<PyRandom> = const { RefCell::new(PyRandom { mt: Mt19937::unseeded(), gauss_next: None }) };
}

fn with<T>(f: impl FnOnce(&mut PyRandom) -> T) -> T {
    STATE.with(|s| f(&mut s.borrow_mut()))
}

/// `random.random()`: CPython's `genrand_res53`.
#[no_mangle]
pub extern "C" fn hasten_rt_pyrandom_random() -> f64 {
    with(|s| s.mt.next_double())
}

/// One 32-bit word (`getrandbits(32)`), as an int.
#[no_mangle]
pub extern "C" fn hasten_rt_pyrandom_bits() -> i64 {
    with(|s| s.mt.next_u32() as i64)
}

/// `random.seed(n)`, or `random.seed()` (fresh entropy) when `entropy` is nonzero; either clears
/// the Gaussian cache, as `Random.seed` does.
#[no_mangle]
pub extern "C" fn hasten_rt_pyrandom_seed(seed: i64, entropy: i64) {
    with(|s| {
        if entropy != 0 {
            s.mt.seed_from_entropy();
        } else {
            let n = seed.unsigned_abs();
            let words: Vec<u32> = if n >> 32 == 0 { vec![n as u32] } else { vec![n as u32, (n >> 32) as u32] };
            s.mt.seed_by_array(&words);
        }
        s.gauss_next = None;
    })
}

/// `random.gauss(mu, sigma)`: CPython's pairs of Box-Muller values, the second kept for the next
/// call.
#[no_mangle]
pub extern "C" fn hasten_rt_pyrandom_gauss(mu: f64, sigma: f64) -> f64 {
    with(|s| {
        let z = match s.gauss_next.take() {
            Some(z) => z,
            None => {
                let x2pi = s.mt.next_double() * (2.0 * std::f64::consts::PI);
                let g2rad = (-2.0 * (1.0 - s.mt.next_double()).ln()).sqrt();
                s.gauss_next = Some(x2pi.sin() * g2rad);
                x2pi.cos() * g2rad
            }
        };
        mu + z * sigma
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_draws_are_cpythons() {
        // CPython 3.11: random.seed(5); random.random(), random.getrandbits(32)
        hasten_rt_pyrandom_seed(5, 0);
        assert_eq!(hasten_rt_pyrandom_random(), 0.6229016948897019);
        hasten_rt_pyrandom_seed(-5, 0);
        assert_eq!(hasten_rt_pyrandom_random(), 0.6229016948897019);
        hasten_rt_pyrandom_seed(1 << 40, 0);
        assert_eq!(hasten_rt_pyrandom_random(), 0.1036394562812375);
        hasten_rt_pyrandom_seed(0, 0);
        assert_eq!(hasten_rt_pyrandom_random(), 0.8444218515250481);
        hasten_rt_pyrandom_seed(5, 0);
        assert_eq!(hasten_rt_pyrandom_gauss(0.0, 1.0), -1.1788417512306717);
        assert_eq!(hasten_rt_pyrandom_gauss(0.0, 1.0), -1.1481606807908016);
    }
}
