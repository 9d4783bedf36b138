//! `np.random.default_rng(seed)` made in compiled code: NumPy's `SeedSequence` spreads the seed
//! over PCG64's 256 bits of state, and PCG64 (a 128-bit LCG with the XSL-RR output) draws behind a
//! `bitgen_t` of its own, so the Generator methods of `generator.rs` draw from it as from a
//! generator passed in, and its draws equal NumPy's after the same seed. The `bitgen_t` and the
//! state live in one reference-counted block (see `memory`): the generator is an owner value.

use super::generator::Bitgen;
use crate::error::{ffi_str, set_error};
use crate::memory::{new_block, Block};
use std::ffi::c_void;

// NumPy's `SeedSequence` constants (`bit_generator.pyx`).
const INIT_A: u32 = 0x43b0_d7e5;
const MULT_A: u32 = 0x931e_8875;
const INIT_B: u32 = 0x8b51_f9dd;
const MULT_B: u32 = 0x58f3_8ded;
const MIX_MULT_L: u32 = 0xca01_f9dd;
const MIX_MULT_R: u32 = 0x4973_f715;
const XSHIFT: u32 = 16;
const POOL: usize = 4;

/// PCG's default 128-bit multiplier.
const MULTIPLIER: u128 = (2_549_297_995_355_413_924u128 << 64) | 4_865_540_595_714_422_341u128;

/// The words `SeedSequence` takes of a non-negative int: 32 bits at a time from the low end, `[0]`
/// for zero.
fn entropy_words(mut n: u128) -> Vec<u32> {
    let mut words = vec![(n & 0xffff_ffff) as u32];
    n >>= 32;
    while n > 0 {
        words.push((n & 0xffff_ffff) as u32);
        n >>= 32;
    }
    words
}

fn hashmix(value: u32, hash: &mut u32) -> u32 {
    let mut v = value ^ *hash;
    *hash = hash.wrapping_mul(MULT_A);
    v = v.wrapping_mul(*hash);
    v ^ (v >> XSHIFT)
}

fn mix(x: u32, y: u32) -> u32 {
    let r = MIX_MULT_L.wrapping_mul(x).wrapping_sub(MIX_MULT_R.wrapping_mul(y));
    r ^ (r >> XSHIFT)
}

/// `SeedSequence.mix_entropy`: the pool of four words.
fn pool_of(entropy: &[u32]) -> [u32; POOL] {
    let mut hash = INIT_A;
    let mut pool = [0u32; POOL];
    for (i, slot) in pool.iter_mut().enumerate() {
        *slot = hashmix(entropy.get(i).copied().unwrap_or(0), &mut hash);
    }
    for src in 0..POOL {
        for dst in 0..POOL {
            if src != dst {
                pool[dst] = mix(pool[dst], hashmix(pool[src], &mut hash));
            }
        }
    }
    for &word in entropy.iter().skip(POOL) {
        for slot in pool.iter_mut() {
            *slot = mix(*slot, hashmix(word, &mut hash));
        }
    }
    pool
}

/// `SeedSequence.generate_state(n, np.uint64)`: 32-bit words cycled from the pool, hashed, paired
/// little end first.
fn generate_state<const N: usize>(pool: &[u32; POOL]) -> [u64; N] {
    let mut hash = INIT_B;
    let mut word = |i: usize| {
        let mut v = pool[i % POOL] ^ hash;
        hash = hash.wrapping_mul(MULT_B);
        v = v.wrapping_mul(hash);
        (v ^ (v >> XSHIFT)) as u64
    };
    let mut out = [0u64; N];
    for (k, o) in out.iter_mut().enumerate() {
        let lo = word(2 * k);
        *o = lo | (word(2 * k + 1) << 32);
    }
    out
}

/// PCG64's state, as NumPy's `pcg64_state` keeps it (with the half of a draw `next_uint32` saved).
#[repr(C)]
struct Pcg64 {
    state: u128,
    inc: u128,
    has_uint32: bool,
    uinteger: u32,
}

impl Pcg64 {
    /// `pcg64_set_seed` of the four words NumPy draws from the seed sequence.
    fn seeded(words: [u64; 4]) -> Pcg64 {
        let init = ((words[0] as u128) << 64) | words[1] as u128;
        let seq = ((words[2] as u128) << 64) | words[3] as u128;
        let mut g = Pcg64 { state: 0, inc: (seq << 1) | 1, has_uint32: false, uinteger: 0 };
        g.step();
        g.state = g.state.wrapping_add(init);
        g.step();
        g
    }

    fn step(&mut self) {
        self.state = self.state.wrapping_mul(MULTIPLIER).wrapping_add(self.inc);
    }

    fn next64(&mut self) -> u64 {
        self.step();
        let (hi, lo) = ((self.state >> 64) as u64, self.state as u64);
        (hi ^ lo).rotate_right((self.state >> 122) as u32)
    }
}

unsafe extern "C" fn next_uint64(state: *mut c_void) -> u64 {
    (*(state as *mut Pcg64)).next64()
}

unsafe extern "C" fn next_uint32(state: *mut c_void) -> u32 {
    let g = &mut *(state as *mut Pcg64);
    if g.has_uint32 {
        g.has_uint32 = false;
        return g.uinteger;
    }
    let next = g.next64();
    g.has_uint32 = true;
    g.uinteger = (next >> 32) as u32;
    next as u32
}

unsafe extern "C" fn next_double(state: *mut c_void) -> f64 {
    ((*(state as *mut Pcg64)).next64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
}

/// The block's data: the `bitgen_t` (at offset 0, where compiled code finds it) and its state.
#[repr(C)]
struct Owned {
    bitgen: Bitgen,
    pcg: Pcg64,
}

/// 128 bits of entropy from the OS, for `default_rng()` without a seed.
fn os_entropy() -> u128 {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    if std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes)).is_ok() {
        return u128::from_le_bytes(bytes);
    }
    use std::hash::{BuildHasher, Hasher};
    let half = || std::collections::hash_map::RandomState::new().build_hasher().finish() as u128;
    (half() << 64) | half()
}

/// `np.random.default_rng(seed)` (`seeded` 0: `default_rng()`, from OS entropy): a new generator
/// block, null with NumPy's ValueError pending for a negative seed (or a MemoryError).
#[no_mangle]
pub extern "C" fn hasten_rt_gen_default_rng(seed: i64, seeded: i64, loc_ptr: *const u8, loc_len: usize) -> *mut Block {
    if seeded != 0 && seed < 0 {
        // SAFETY: the location is a string constant of the compiled function.
        set_error("ValueError", Some("expected non-negative integer".into()), &unsafe { ffi_str(loc_ptr, loc_len) });
        return std::ptr::null_mut();
    }
    let entropy = if seeded != 0 { seed as u128 } else { os_entropy() };
    let pcg = Pcg64::seeded(generate_state::<4>(&pool_of(&entropy_words(entropy))));
    let block = new_block(std::mem::size_of::<Owned>() as u64, false, None);
    if block.is_null() {
        return block;
    }
    // SAFETY: a fresh block of `Owned`'s size, 16-byte aligned; the `bitgen_t` points into it and
    // the block never moves.
    unsafe {
        let owned = (*block).data() as *mut Owned;
        let state = std::ptr::addr_of_mut!((*owned).pcg);
        state.write(pcg);
        std::ptr::addr_of_mut!((*owned).bitgen).write(Bitgen::new(state as *mut c_void, next_uint64, next_uint32, next_double));
    }
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    // Values printed by NumPy 2.4: `SeedSequence(s).pool`, `.generate_state(4, np.uint64)` and
    // `PCG64(s).random_raw(3)`.
    #[test]
    fn seed_sequence_matches_numpy() {
        assert_eq!(pool_of(&entropy_words(12345)), [4069775156, 4251353637, 4182767765, 2267058336]);
        let words = generate_state::<4>(&pool_of(&entropy_words(12345)));
        assert_eq!(words, [0xb5ae6482a03d837c, 0xbbe2996ffa1f7a2f, 0x64e39a9f37158f94, 0x3ebb0f96a013fd73]);
        let big = generate_state::<4>(&pool_of(&entropy_words((1 << 70) + 5)));
        assert_eq!(big, [0x0a14346bef71fe56, 0x6c60906e9c13de68, 0x9b12832d9c9d1cba, 0x7c8fcd316a15af4e]);
        assert_eq!(entropy_words(0), vec![0]);
    }

    #[test]
    fn pcg64_draws_match_numpy() {
        let mut g = Pcg64::seeded(generate_state::<4>(&pool_of(&entropy_words(12345))));
        assert_eq!([g.next64(), g.next64(), g.next64()], [0x3a32b18db2ffc19d, 0x51171315c9e4c4de, 0xcc2024823444efd9]);
    }
}
