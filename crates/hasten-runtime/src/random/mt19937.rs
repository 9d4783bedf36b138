//! The 32-bit Mersenne Twister with NumPy's `MT19937` seeding and output conversions, so that a
//! state seeded here produces the words `np.random.RandomState` produces for the same seed.

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER: u32 = 0x8000_0000;
const LOWER: u32 = 0x7fff_ffff;

/// The generator: 624 words and the position of the next one to temper. A position past `N`
/// marks a state never seeded, which seeds itself from OS entropy before its first word.
pub(crate) struct Mt19937 {
    key: [u32; N],
    pos: usize,
}

const UNSEEDED: usize = N + 1;

impl Mt19937 {
    pub(crate) const fn unseeded() -> Mt19937 {
        Mt19937 { key: [0; N], pos: UNSEEDED }
    }

    /// NumPy's `mt19937_seed`: Knuth's linear congruential fill of the reference implementation.
    pub(crate) fn seed(&mut self, seed: u32) {
        let mut s = seed;
        for pos in 0..N {
            self.key[pos] = s;
            s = 1_812_433_253u32.wrapping_mul(s ^ (s >> 30)).wrapping_add(pos as u32 + 1);
        }
        self.pos = N;
    }

    /// The reference implementation's `init_by_array` (CPython's `random.seed` of an int).
    pub(crate) fn seed_by_array(&mut self, words: &[u32]) {
        self.seed(19_650_218);
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(words.len()) {
            let prev = self.key[i - 1];
            self.key[i] = (self.key[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525)).wrapping_add(words[j]).wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.key[0] = self.key[N - 1];
                i = 1;
            }
            if j >= words.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.key[i - 1];
            self.key[i] = (self.key[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.key[0] = self.key[N - 1];
                i = 1;
            }
        }
        self.key[0] = 0x8000_0000;
        self.pos = N;
    }

    /// What NumPy does for a seed of None: fresh words with the top bit of the first set, so that
    /// the state is never all zero.
    pub(crate) fn seed_from_entropy(&mut self) {
        let words = entropy_words();
        self.key.copy_from_slice(&words);
        self.key[0] = 0x8000_0000;
        self.pos = N;
    }

    /// A state for a `prange` chunk's stream (not one of NumPy's): 624 words of splitmix64 from
    /// `seed`, the first word's top bit set so that the state is never all zero.
    pub(crate) fn seed_mixed(&mut self, seed: u64) {
        let mut x = seed;
        for pos in 0..N {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            self.key[pos] = (z ^ (z >> 31)) as u32;
        }
        self.key[0] |= 0x8000_0000;
        self.pos = N;
    }

    fn generate(&mut self) {
        if self.pos == UNSEEDED {
            self.seed_from_entropy();
        }
        let twist = |a: u32, b: u32, c: u32| {
            let y = (a & UPPER) | (b & LOWER);
            c ^ (y >> 1) ^ (0u32.wrapping_sub(y & 1) & MATRIX_A)
        };
        for i in 0..N - M {
            self.key[i] = twist(self.key[i], self.key[i + 1], self.key[i + M]);
        }
        for i in N - M..N - 1 {
            self.key[i] = twist(self.key[i], self.key[i + 1], self.key[i + M - N]);
        }
        self.key[N - 1] = twist(self.key[N - 1], self.key[0], self.key[M - 1]);
        self.pos = 0;
    }

    #[inline]
    pub(crate) fn next_u32(&mut self) -> u32 {
        if self.pos >= N {
            self.generate();
        }
        let mut y = self.key[self.pos];
        self.pos += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// Two words, the first one high.
    #[inline]
    pub(crate) fn next_u64(&mut self) -> u64 {
        let hi = self.next_u32() as u64;
        (hi << 32) | self.next_u32() as u64
    }

    /// A double in [0, 1) from 53 bits of two words (27 + 26), as NumPy's `mt19937_next_double`.
    #[inline]
    pub(crate) fn next_double(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }
}

/// 624 words from the OS (`/dev/urandom`), or, where that cannot be read, from the clock, the
/// process id and the address of a stack value mixed by splitmix64.
fn entropy_words() -> [u32; N] {
    use std::io::Read;
    let mut bytes = [0u8; 4 * N];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    let mut words = [0u32; N];
    if read.is_ok() {
        for (w, c) in words.iter_mut().zip(bytes.chunks_exact(4)) {
            *w = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        }
        return words;
    }
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    let mut x = nanos ^ ((std::process::id() as u64) << 32) ^ (&bytes as *const _ as u64);
    for w in words.iter_mut() {
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        *w = ((z ^ (z >> 31)) >> 16) as u32;
    }
    words
}

#[cfg(test)]
mod tests {
    use super::Mt19937;

    #[test]
    fn seeded_words_match_the_reference_implementation() {
        // The first outputs of MT19937 seeded with 5489 by `init_genrand` (the reference's default).
        let mut mt = Mt19937::unseeded();
        mt.seed(5489);
        let first: Vec<u32> = (0..3).map(|_| mt.next_u32()).collect();
        assert_eq!(first, [3_499_211_612, 581_869_302, 3_890_346_734]);
    }

    #[test]
    fn numpy_seed_zero_first_double() {
        // `np.random.RandomState(0).random_sample()`.
        let mut mt = Mt19937::unseeded();
        mt.seed(0);
        assert_eq!(mt.next_double(), 0.5488135039273248);
    }

    #[test]
    fn an_unseeded_state_seeds_itself() {
        let mut a = Mt19937::unseeded();
        let mut b = Mt19937::unseeded();
        assert_ne!((a.next_u64(), a.next_u64()), (b.next_u64(), b.next_u64()));
    }
}
