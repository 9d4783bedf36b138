//! `hash()` as CPython computes it, for the values compiled code has: integers reduced modulo the
//! Mersenne prime 2**61 - 1, floats by the same reduction of their exact rational value, strings by
//! SipHash-1-3 of their PEP 393 code units under the process's hash key, tuples by CPython's
//! xxHash-based combination of their items' hashes. A hash of -1 becomes -2, as in CPython.
//!
//! A NaN has no fixed hash in CPython (it hashes by the identity of its float object, which
//! compiled code's floats do not have): it hashes to 0 here, as it did before Python 3.10.

use std::sync::atomic::{AtomicU64, Ordering};

/// `sys.hash_info.modulus`.
const MODULUS: u64 = (1 << 61) - 1;
const INF: i64 = 314_159;

/// The process's SipHash key (`_Py_HashSecret.siphash`), set by the binding at import.
static KEY: [AtomicU64; 2] = [AtomicU64::new(0), AtomicU64::new(0)];

pub fn set_secret(k0: u64, k1: u64) {
    KEY[0].store(k0, Ordering::Relaxed);
    KEY[1].store(k1, Ordering::Relaxed);
}

/// CPython never returns -1 from a hash (it means an error there).
fn fixed(h: i64) -> i64 {
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash(n)` of an integer of magnitude `magnitude`, negative if `negative`.
fn int_hash(magnitude: u64, negative: bool) -> i64 {
    let h = (magnitude % MODULUS) as i64;
    fixed(if negative { -h } else { h })
}

/// `hash(x)` of a float: its value `m * 2**e` reduced modulo 2**61 - 1, 28 bits of the mantissa
/// at a time, then the power of two as a rotation of the 61-bit residue.
pub fn float_hash(x: f64) -> i64 {
    if x.is_nan() {
        return 0;
    }
    if x.is_infinite() {
        return if x > 0.0 { INF } else { -INF };
    }
    let (mut m, mut e) = frexp(x.abs());
    let mut acc: u64 = 0;
    while m != 0.0 {
        acc = ((acc << 28) & MODULUS) | acc >> (61 - 28);
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        acc += y;
        if acc >= MODULUS {
            acc -= MODULUS;
        }
    }
    let e = if e >= 0 { e % 61 } else { 60 - ((-1 - e) % 61) };
    acc = ((acc << e) & MODULUS) | acc >> (61 - e);
    let h = acc as i64;
    fixed(if x < 0.0 { -h } else { h })
}

/// `frexp` of a finite non-negative value: `x = m * 2**e` with `0.5 <= m < 1` (0 for 0).
fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 {
        return (0.0, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(x * f64::powi(2.0, 64));
        return (m, e - 64);
    }
    (f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52)), exp - 1022)
}

/// `hash(s)`: SipHash-1-3 of the string's code units as CPython stores them (one, two or four
/// bytes each, as the largest code point needs), 0 for the empty string.
pub fn str_hash(s: &str) -> i64 {
    if s.is_empty() {
        return 0;
    }
    let widest = s.chars().map(|c| c as u32).max().unwrap_or(0);
    let bytes: Vec<u8> = match widest {
        0..=0xff => s.chars().map(|c| c as u8).collect(),
        0x100..=0xffff => s.chars().flat_map(|c| (c as u16).to_le_bytes()).collect(),
        _ => s.chars().flat_map(|c| (c as u32).to_le_bytes()).collect(),
    };
    fixed(siphash13(KEY[0].load(Ordering::Relaxed), KEY[1].load(Ordering::Relaxed), &bytes) as i64)
}

fn sip_round(v: &mut [u64; 4]) {
    v[0] = v[0].wrapping_add(v[1]);
    v[2] = v[2].wrapping_add(v[3]);
    v[1] = v[1].rotate_left(13) ^ v[0];
    v[3] = v[3].rotate_left(16) ^ v[2];
    v[0] = v[0].rotate_left(32);
    v[2] = v[2].wrapping_add(v[1]);
    v[0] = v[0].wrapping_add(v[3]);
    v[1] = v[1].rotate_left(17) ^ v[2];
    v[3] = v[3].rotate_left(21) ^ v[0];
    v[2] = v[2].rotate_left(32);
}

/// SipHash with one compression round and three finalisation rounds (CPython's default since 3.11).
fn siphash13(k0: u64, k1: u64, data: &[u8]) -> u64 {
    let mut v = [k0 ^ 0x736f_6d65_7073_6575, k1 ^ 0x646f_7261_6e64_6f6d, k0 ^ 0x6c79_6765_6e65_7261, k1 ^ 0x7465_6462_7974_6573];
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let m = u64::from_le_bytes(c.try_into().expect("eight bytes"));
        v[3] ^= m;
        sip_round(&mut v);
        v[0] ^= m;
    }
    let mut last = [0u8; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    let b = (data.len() as u64) << 56 | u64::from_le_bytes(last);
    v[3] ^= b;
    sip_round(&mut v);
    v[0] ^= b;
    v[2] ^= 0xff;
    for _ in 0..3 {
        sip_round(&mut v);
    }
    (v[0] ^ v[1]) ^ (v[2] ^ v[3])
}

/// CPython's tuple hash of items whose hashes are `lanes`.
fn tuple_hash(lanes: &[i64]) -> i64 {
    const P1: u64 = 11_400_714_785_074_694_791;
    const P2: u64 = 14_029_467_366_897_019_727;
    const P5: u64 = 2_870_177_450_012_600_261;
    let mut acc = P5;
    for &lane in lanes {
        acc = acc.wrapping_add((lane as u64).wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add(lanes.len() as u64 ^ (P5 ^ 3_527_539));
    if acc == u64::MAX {
        return 1_546_275_796;
    }
    acc as i64
}

/// The kinds of the leaves `hasten_rt_hash` reads, in `kinds` (a tuple is `TUPLE | n << 8`,
/// followed by its items' kinds).
pub const INT: u64 = 0;
pub const UINT: u64 = 1;
pub const BOOL: u64 = 2;
pub const FLOAT: u64 = 3;
pub const STR: u64 = 4;
pub const TUPLE: u64 = 5;

unsafe fn hash_next(kinds: &mut std::slice::Iter<u64>, words: &mut std::slice::Iter<u64>) -> i64 {
    let kind = *kinds.next().expect("a kind per value");
    if kind & 0xff == TUPLE {
        let lanes: Vec<i64> = (0..kind >> 8).map(|_| hash_next(kinds, words)).collect();
        return tuple_hash(&lanes);
    }
    let w = *words.next().expect("a word per leaf");
    match kind {
        INT => int_hash((w as i64).unsigned_abs(), (w as i64) < 0),
        UINT => int_hash(w, false),
        BOOL => (w & 0xff != 0) as i64,
        FLOAT => float_hash(f64::from_bits(w)),
        _ => str_hash(crate::string::as_str(w)),
    }
}

/// `hash(value)` of a value described by `nkinds` kinds (see `INT`..`TUPLE`, in prefix order) whose
/// leaves are the words at `words` (floats widened to float64 bits, integers to 64 bits, strings
/// their owners).
///
/// # Safety
/// `kinds` holds `nkinds` words describing the leaves at `words`; string words are live strings.
pub unsafe extern "C" fn hasten_rt_hash(kinds: *const u64, nkinds: u64, words: *const u64) -> i64 {
    let kinds = std::slice::from_raw_parts(kinds, nkinds as usize);
    let leaves = kinds.iter().filter(|k| *k & 0xff != TUPLE).count();
    hash_next(&mut kinds.iter(), &mut std::slice::from_raw_parts(words, leaves).iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_hash_as_in_cpython() {
        // Values from CPython 3.11.
        assert_eq!(int_hash(1, true), -2);
        assert_eq!(int_hash(1 << 61, false), 1);
        assert_eq!(int_hash(u64::MAX, false), 7);
        assert_eq!(float_hash(0.5), 1 << 60);
        assert_eq!(float_hash(1.5), 1_152_921_504_606_846_977);
        assert_eq!(float_hash(-1.0), -2);
        assert_eq!(float_hash(2.0_f64.powi(61)), 1);
        assert_eq!(float_hash(1e300), 1_224_995_262_755_759_164);
        assert_eq!(float_hash(5e-324), 16_777_216);
        assert_eq!(float_hash(f64::NEG_INFINITY), -INF);
    }

    #[test]
    fn tuples_combine_their_items() {
        // hash((1, 2)) and hash(()) in CPython 3.11.
        assert_eq!(tuple_hash(&[1, 2]), -3_550_055_125_485_641_917);
        assert_eq!(tuple_hash(&[]), 5_740_354_900_026_072_187);
    }

    #[test]
    fn strings_hash_as_in_cpython_under_a_zero_key() {
        // `PYTHONHASHSEED=0 python -c 'print(hash(...))'` (the key is then zero): one-, two- and
        // four-byte code units, a whole block of eight bytes and a tail.
        set_secret(0, 0);
        assert_eq!(str_hash("a"), 4_644_417_185_603_328_019);
        assert_eq!(str_hash("hello world!"), 839_851_713_330_019_024);
        assert_eq!(str_hash("\u{e9}t\u{e9}"), -1_033_370_291_238_291_217);
        assert_eq!(str_hash("\u{20ac}"), -5_529_981_157_763_016_009);
        assert_eq!(str_hash("\u{1f600}x"), -8_926_728_262_118_538_918);
        assert_eq!(str_hash("abcdefgh"), 4_574_395_652_268_504_554);
        assert_eq!(str_hash(""), 0);
    }
}
