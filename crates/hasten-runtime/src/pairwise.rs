//! NumPy's pairwise summation, reproduced operation for operation so that float sums and means equal
//! NumPy's to the last bit.
//!
//! NumPy sums `n` contiguous or strided elements recursively: a run of fewer than 8 is added in order
//! from 0.0; a run of at most 128 goes into 8 accumulators (element `i` into `r[i % 8]`), which are
//! combined as `((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))` before the last `n % 8` elements
//! are added in order; a longer run is split at `n / 2` rounded down to a multiple of 8 and the two
//! halves' sums are added. The reduction then adds that sum to its identity, 0.0.
//!
//! Compiled code produces the elements one at a time (often computed, never stored, see the fused
//! reductions of codegen `lower/numpy/reduce.rs`), so the recursion runs here as an explicit stack:
//! [`hasten_rt_pairwise_start`] descends to the first leaf and says how many elements it holds; the
//! code collects that many into a buffer and hands it to `hasten_rt_pairwise_leaf_*`, which sums the
//! leaf, climbs while halves are complete, descends to the next leaf and says its length (0 at the
//! end); `hasten_rt_pairwise_total_*` gives the sum.

/// Leaves hold at most this many elements (NumPy's `PW_BLOCKSIZE`).
pub const LEAF: usize = 128;

/// The recursion's state: the right halves still to sum and the left sums waiting for them. A split
/// halves the length, so 64 levels cover any 64-bit count.
#[repr(C)]
pub struct PairwiseState {
    /// Nonzero for a sum in plain order (leaves of at most `LEAF` added one by one to `total`).
    sequential: u64,
    depth: u64,
    /// Whether the frame's left half is summed (its sum in `left`) and its right half is being summed.
    in_right: [u8; 64],
    right: [u64; 64],
    left: [f64; 64],
    total: f64,
    /// Nonzero for a sum in pieces (NumPy's buffered iteration, `iter_order.rs`): each piece is a
    /// pairwise sum added to `total`; pieces are at most `piece` long and never cross a `block`.
    chunked: u64,
    piece: u64,
    block: u64,
    block_left: u64,
    /// The elements not yet in a piece.
    unassigned: u64,
}

/// The bytes compiled code reserves for a [`PairwiseState`].
pub const STATE_BYTES: usize = std::mem::size_of::<PairwiseState>();

trait Float: Copy + std::ops::Add<Output = Self> {
    const ZERO: Self;
    fn widen(self) -> f64;
    fn narrow(v: f64) -> Self;
}

impl Float for f64 {
    const ZERO: f64 = 0.0;
    fn widen(self) -> f64 {
        self
    }
    fn narrow(v: f64) -> f64 {
        v
    }
}

// Sums of float32 values are kept as f64 between calls; each one is an exact float32 value, and every
// addition happens in float32.
impl Float for f32 {
    const ZERO: f32 = 0.0;
    fn widen(self) -> f64 {
        self as f64
    }
    fn narrow(v: f64) -> f32 {
        v as f32
    }
}

/// A leaf's sum, as NumPy's `pairwise_sum` computes a run of at most `LEAF` elements.
fn leaf_sum<T: Float>(a: &[T]) -> T {
    if a.len() < 8 {
        return a.iter().fold(T::ZERO, |s, &x| s + x);
    }
    let mut r = [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]];
    let full = a.len() - a.len() % 8;
    for chunk in a[8..full].chunks_exact(8) {
        for (acc, &x) in r.iter_mut().zip(chunk) {
            *acc = *acc + x;
        }
    }
    let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for &x in &a[full..] {
        res = res + x;
    }
    res
}

impl PairwiseState {
    /// Pushes the splits of a run of `n` elements down to its first leaf; returns the leaf's length.
    fn descend(&mut self, mut n: u64) -> u64 {
        while n > LEAF as u64 {
            let half = n / 2 - (n / 2) % 8;
            let d = self.depth as usize;
            self.in_right[d] = 0;
            self.right[d] = n - half;
            self.depth += 1;
            n = half;
        }
        n
    }

    /// Takes the sum of the subtree just finished; returns the next leaf's length, or 0 when the
    /// whole run is summed.
    fn finish<T: Float>(&mut self, mut sum: T) -> u64 {
        while self.depth > 0 {
            let d = self.depth as usize - 1;
            if self.in_right[d] == 0 {
                self.in_right[d] = 1;
                self.left[d] = sum.widen();
                return self.descend(self.right[d]);
            }
            sum = T::narrow(self.left[d]) + sum;
            self.depth -= 1;
        }
        if self.chunked == 0 {
            self.total = sum.widen();
            return 0;
        }
        self.total = (T::narrow(self.total) + sum).widen();
        match self.next_piece() {
            0 => 0,
            n => self.descend(n),
        }
    }

    /// The length of the next piece of a sum in pieces (0 when none is left).
    fn next_piece(&mut self) -> u64 {
        let n = self.piece.min(self.block_left).min(self.unassigned);
        self.unassigned -= n;
        self.block_left -= n;
        if self.block_left == 0 {
            self.block_left = self.block;
        }
        n
    }
}

/// Starts a sum of `n` elements; returns the length of the first leaf (`n` itself when `n <= 128`).
/// With `sequential` nonzero the elements are added in plain order instead, as NumPy adds the lines
/// of an axis it does not walk innermost; then `right[0]` counts the elements still to come.
///
/// # Safety
/// `state` points to `STATE_BYTES` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_pairwise_start(state: *mut PairwiseState, n: i64, sequential: i64) -> i64 {
    let s = &mut *state;
    let n = n.max(0) as u64;
    s.depth = 0;
    s.total = 0.0;
    s.chunked = 0;
    s.sequential = (sequential != 0) as u64;
    if s.sequential != 0 {
        s.right[0] = n;
        return n.min(LEAF as u64) as i64;
    }
    s.descend(n) as i64
}

/// Restarts a started sum of `n` elements as NumPy's buffered reduction adds them: `0.0 + s1 + s2 …`,
/// each `s` the pairwise sum of a piece of at most `piece` elements, pieces never crossing a multiple
/// of `block`; returns the first leaf's length.
///
/// # Safety
/// `state` was started by [`hasten_rt_pairwise_start`].
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_pairwise_chunks(state: *mut PairwiseState, n: i64, block: i64, piece: i64) -> i64 {
    let s = &mut *state;
    if s.sequential != 0 {
        // A sum in plain order stays one: pieces change nothing there.
        return s.right[0].min(LEAF as u64) as i64;
    }
    s.depth = 0;
    s.total = 0.0;
    s.chunked = 1;
    s.block = block.max(1) as u64;
    s.piece = piece.max(1) as u64;
    s.block_left = s.block;
    s.unassigned = n.max(0) as u64;
    match s.next_piece() {
        0 => 0,
        len => s.descend(len) as i64,
    }
}

unsafe fn leaf<T: Float>(state: *mut PairwiseState, buf: *const T, len: i64) -> i64 {
    let a = std::slice::from_raw_parts(buf, len as usize);
    let s = &mut *state;
    if s.sequential != 0 {
        s.total = a.iter().fold(T::narrow(s.total), |t, &x| t + x).widen();
        s.right[0] -= len as u64;
        return s.right[0].min(LEAF as u64) as i64;
    }
    s.finish(leaf_sum(a)) as i64
}

/// Sums the current leaf of `len` float64 values at `buf`; returns the next leaf's length or 0.
///
/// # Safety
/// `state` was started by [`hasten_rt_pairwise_start`]; `buf` holds `len` values.
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_pairwise_leaf_f64(state: *mut PairwiseState, buf: *const f64, len: i64) -> i64 {
    leaf(state, buf, len)
}

/// [`hasten_rt_pairwise_leaf_f64`] for float32 values.
///
/// # Safety
/// As for [`hasten_rt_pairwise_leaf_f64`].
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_pairwise_leaf_f32(state: *mut PairwiseState, buf: *const f32, len: i64) -> i64 {
    leaf(state, buf, len)
}

/// The finished sum (0.0 for no elements), as a float64 value exact for either element type.
///
/// # Safety
/// `state` was started and every leaf was handed over.
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_pairwise_total(state: *const PairwiseState) -> f64 {
    (*state).total
}

/// NumPy's pairwise sum of `n` values `stride` bytes apart, recursively as NumPy computes it (for
/// arrays summed as they are, with nothing computed per element).
unsafe fn strided_sum<T: Float>(data: *const u8, n: usize, stride: isize) -> T {
    if stride == std::mem::size_of::<T>() as isize {
        return contiguous_sum(std::slice::from_raw_parts(data as *const T, n));
    }
    if n <= LEAF {
        let mut buf = [T::ZERO; LEAF];
        for (k, slot) in buf[..n].iter_mut().enumerate() {
            *slot = *(data.offset(k as isize * stride) as *const T);
        }
        return leaf_sum(&buf[..n]);
    }
    let half = n / 2 - (n / 2) % 8;
    strided_sum::<T>(data, half, stride) + strided_sum::<T>(data.offset(half as isize * stride), n - half, stride)
}

fn contiguous_sum<T: Float>(a: &[T]) -> T {
    if a.len() <= LEAF {
        return leaf_sum(a);
    }
    let half = a.len() / 2 - (a.len() / 2) % 8;
    contiguous_sum(&a[..half]) + contiguous_sum(&a[half..])
}

/// The pairwise sum of `n` float64 values at `data`, `stride` bytes apart.
///
/// # Safety
/// `data` addresses `n` readable values at that stride.
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_pairwise_sum_f64(data: *const u8, n: i64, stride: i64) -> f64 {
    strided_sum::<f64>(data, n.max(0) as usize, stride as isize)
}

/// [`hasten_rt_pairwise_sum_f64`] for float32 values (the sum is a float32 value, widened).
///
/// # Safety
/// As for [`hasten_rt_pairwise_sum_f64`].
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_pairwise_sum_f32(data: *const u8, n: i64, stride: i64) -> f64 {
    strided_sum::<f32>(data, n.max(0) as usize, stride as isize) as f64
}

/// NumPy's pairwise sum of `n` complex128 values `stride` bytes apart, written to `out[0..2]`; in
/// pieces of `piece` values from the first where `piece` is positive (`in_pieces`).
///
/// # Safety
/// `data` addresses `n` readable values at that stride; `out` two writable f64.
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_pairwise_sum_c128(data: *const u8, n: i64, stride: i64, piece: i64, out: *mut f64) {
    let (re, im) = in_pieces::<f64>(data, n.max(0) as usize, stride as isize, piece);
    *out = re;
    *out.add(1) = im;
}

/// [`hasten_rt_pairwise_sum_c128`] for complex64 values, computed in float32 as NumPy does.
///
/// # Safety
/// `data` addresses `n` readable values at that stride; `out` two writable f32.
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_pairwise_sum_c64(data: *const u8, n: i64, stride: i64, piece: i64, out: *mut f32) {
    let (re, im) = in_pieces::<f32>(data, n.max(0) as usize, stride as isize, piece);
    *out = re;
    *out.add(1) = im;
}

/// A sum NumPy makes of elements it converts to the sum's dtype in buffers of `piece`: each
/// piece summed pairwise, the pieces added in order from zero (the whole line at once where
/// `piece` is not positive).
unsafe fn in_pieces<T: Float>(data: *const u8, n: usize, stride: isize, piece: i64) -> (T, T) {
    if piece <= 0 || n <= piece as usize {
        return complex_sum::<T>(data, n, stride);
    }
    let mut total = (T::ZERO, T::ZERO);
    for start in (0..n).step_by(piece as usize) {
        let part = complex_sum::<T>(data.offset(start as isize * stride), (n - start).min(piece as usize), stride);
        total = (total.0 + part.0, total.1 + part.1);
    }
    total
}

/// NumPy's complex pairwise sum, which runs its float recursion over the interleaved parts: fewer
/// than 4 values are added in order, a leaf of at most `LEAF / 2` keeps four accumulators per part
/// (value `i` in `r[i % 4]`, combined as `(r0 + r1) + (r2 + r3)`) before the rest is added in
/// order, and a longer run splits at `n / 2` parts rounded down to a multiple of 8.
unsafe fn complex_sum<T: Float>(data: *const u8, n: usize, stride: isize) -> (T, T) {
    let at = |k: usize| {
        let p = data.offset(k as isize * stride) as *const T;
        (*p, *p.add(1))
    };
    let add = |s: &mut (T, T), (re, im): (T, T)| {
        s.0 = s.0 + re;
        s.1 = s.1 + im;
    };
    if n < 4 {
        let mut s = (T::ZERO, T::ZERO);
        (0..n).for_each(|k| add(&mut s, at(k)));
        return s;
    }
    if n <= LEAF / 2 {
        let mut r = [at(0), at(1), at(2), at(3)];
        let full = n - n % 4;
        for k in (4..full).step_by(4) {
            for (j, acc) in r.iter_mut().enumerate() {
                add(acc, at(k + j));
            }
        }
        let mut s = ((r[0].0 + r[1].0) + (r[2].0 + r[3].0), (r[0].1 + r[1].1) + (r[2].1 + r[3].1));
        (full..n).for_each(|k| add(&mut s, at(k)));
        return s;
    }
    let half = (n - n % 8) / 2;
    let (a, b) = (complex_sum::<T>(data, half, stride), complex_sum::<T>(data.offset(half as isize * stride), n - half, stride));
    (a.0 + b.0, a.1 + b.1)
}

/// NumPy's pairwise sum of a slice, through the same calls compiled code makes (for tests).
pub fn pairwise_sum_f64(a: &[f64]) -> f64 {
    let mut state = std::mem::MaybeUninit::<PairwiseState>::uninit();
    let p = state.as_mut_ptr();
    let mut at = 0usize;
    unsafe {
        let mut len = hasten_rt_pairwise_start(p, a.len() as i64, 0) as usize;
        if a.is_empty() {
            return 0.0;
        }
        while len > 0 {
            let next = hasten_rt_pairwise_leaf_f64(p, a[at..].as_ptr(), len as i64) as usize;
            at += len;
            len = next;
        }
        assert_eq!(at, a.len(), "the leaves cover the run");
        hasten_rt_pairwise_total(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// NumPy's recursion, written recursively.
    fn reference(a: &[f64]) -> f64 {
        if a.len() <= LEAF {
            return leaf_sum(a);
        }
        let half = a.len() / 2 - (a.len() / 2) % 8;
        reference(&a[..half]) + reference(&a[half..])
    }

    fn values(n: usize) -> Vec<f64> {
        // Magnitudes that make every change of order visible in the last bits.
        (0..n).map(|i| ((i as f64 * 0.618_033_988_7).fract() - 0.5) * 10f64.powi((i % 11) as i32 - 5)).collect()
    }

    #[test]
    fn the_explicit_stack_follows_numpys_recursion() {
        for n in (0..300).chain([1000, 4097, 65_549]) {
            let a = values(n);
            assert_eq!(pairwise_sum_f64(&a).to_bits(), reference(&a).to_bits(), "n = {n}");
        }
    }

    #[test]
    fn direct_sums_of_strided_values_equal_the_fed_ones() {
        for n in [0usize, 5, 100, 129, 1000, 5000] {
            let a = values(2 * n);
            let every_other: Vec<f64> = a.iter().step_by(2).copied().collect();
            let direct = unsafe { hasten_rt_pairwise_sum_f64(a.as_ptr() as *const u8, n as i64, 16) };
            assert_eq!(direct.to_bits(), pairwise_sum_f64(&every_other).to_bits(), "n = {n}");
            let contiguous = unsafe { hasten_rt_pairwise_sum_f64(a.as_ptr() as *const u8, 2 * n as i64, 8) };
            assert_eq!(contiguous.to_bits(), pairwise_sum_f64(&a).to_bits());
            let back = unsafe { hasten_rt_pairwise_sum_f64(a.as_ptr().add(2 * n).wrapping_sub(1) as *const u8, n as i64, -8) };
            let reversed: Vec<f64> = a.iter().rev().take(n).copied().collect();
            assert_eq!(back.to_bits(), pairwise_sum_f64(&reversed).to_bits());
        }
    }

    #[test]
    fn sums_in_pieces_add_each_pieces_pairwise_sum() {
        for (n, block, piece) in [(40_000usize, 40_000usize, 8192usize), (15_000, 5000, 5000), (300, 120, 120), (1000, 300, 128), (0, 1, 1)] {
            let a = values(n);
            let mut expected = 0.0;
            for b in a.chunks(block) {
                for p in b.chunks(piece) {
                    expected += reference(p);
                }
            }
            let mut state = std::mem::MaybeUninit::<PairwiseState>::uninit();
            let p = state.as_mut_ptr();
            let got = unsafe {
                hasten_rt_pairwise_start(p, n as i64, 0);
                let mut len = hasten_rt_pairwise_chunks(p, n as i64, block as i64, piece as i64) as usize;
                let mut at = 0;
                while len > 0 {
                    let next = hasten_rt_pairwise_leaf_f64(p, a[at..].as_ptr(), len as i64) as usize;
                    at += len;
                    len = next;
                }
                assert_eq!(at, n, "the leaves cover the run");
                hasten_rt_pairwise_total(p)
            };
            assert_eq!(got.to_bits(), expected.to_bits(), "n = {n}, block = {block}, piece = {piece}");
        }
    }

    #[test]
    fn leaves_use_eight_accumulators_then_add_the_rest_in_order() {
        let a: Vec<f64> = vec![1e16, 1.0, -1e16, 1.0, 0.5, 0.25, 0.125, 3.0, 1.0];
        let r = [1e16 + 1.0, 1.0, -1e16, 1.0, 0.5, 0.25, 0.125, 3.0];
        let expected = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7])) + 1.0;
        assert_eq!(leaf_sum(&a), expected);
        assert_eq!(leaf_sum(&[1.0f64, 2.0, 3.0]), 6.0);
    }

    #[test]
    fn complex_sums_in_pieces_add_each_pieces_sum_in_order() {
        let a = values(2 * 20_001);
        let sum = |data: &[f64], piece: i64| {
            let mut out = [0.0f64; 2];
            unsafe { hasten_rt_pairwise_sum_c128(data.as_ptr() as *const u8, (data.len() / 2) as i64, 16, piece, out.as_mut_ptr()) };
            (out[0].to_bits(), out[1].to_bits())
        };
        let mut expected = (0.0f64, 0.0f64);
        for p in a.chunks(2 * 8192) {
            let (re, im) = sum(p, 0);
            expected = (expected.0 + f64::from_bits(re), expected.1 + f64::from_bits(im));
        }
        assert_eq!(sum(&a, 8192), (expected.0.to_bits(), expected.1.to_bits()));
        assert_ne!(sum(&a, 8192), sum(&a, 0), "the values must tell the two orders apart");
        assert_eq!(sum(&a[..2 * 8192], 8192), sum(&a[..2 * 8192], 0));
    }

    #[test]
    fn sequential_sums_add_in_plain_order() {
        let a = values(300);
        let mut state = std::mem::MaybeUninit::<PairwiseState>::uninit();
        let p = state.as_mut_ptr();
        unsafe {
            let mut len = hasten_rt_pairwise_start(p, 300, 1) as usize;
            let mut at = 0;
            while len > 0 {
                let next = hasten_rt_pairwise_leaf_f64(p, a[at..].as_ptr(), len as i64) as usize;
                at += len;
                len = next;
            }
            assert_eq!(at, 300);
            assert_eq!(hasten_rt_pairwise_total(p).to_bits(), a.iter().fold(0.0, |s, x| s + x).to_bits());
        }
    }

    #[test]
    fn float32_leaves_add_in_float32() {
        let a: Vec<f32> = (0..200).map(|i| 1.0 + i as f32 * 1e-7).collect();
        let mut state = std::mem::MaybeUninit::<PairwiseState>::uninit();
        let p = state.as_mut_ptr();
        unsafe {
            let mut len = hasten_rt_pairwise_start(p, 200, 0) as usize;
            let mut at = 0;
            while len > 0 {
                let next = hasten_rt_pairwise_leaf_f32(p, a[at..].as_ptr(), len as i64) as usize;
                at += len;
                len = next;
            }
            let half = 96;
            let expected = leaf_sum(&a[..half]) + leaf_sum(&a[half..]);
            assert_eq!(hasten_rt_pairwise_total(p) as f32, expected);
        }
    }
}
