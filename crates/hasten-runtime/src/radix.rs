//! Stable least-significant-digit radix sorts for `np.argsort` of long lines of numbers: each
//! element has a key whose unsigned order is NumPy's order of the elements
//! (`SortKey::radix_key`: equal keys for the elements that order ties, `-0.0` and `0.0`, every
//! NaN), and a pass per key byte moves the elements stably into the buckets of that byte. The
//! result is the stable comparison sort's, element for element, in time linear in the length.

/// The length from which a line is radix sorted: below it the comparison sort is as fast.
pub(crate) const RADIX_MIN: usize = 1024;

/// The permutation that sorts `keys` stably (`np.argsort(kind='stable')`), reading their low
/// `bytes` bytes: each position moves with its key, a pass per byte into that byte's buckets.
pub(crate) fn radix_order(keys: &[u64], bytes: usize) -> Vec<usize> {
    let n = keys.len();
    let mut counts = vec![[0usize; 256]; bytes];
    for k in keys {
        for (d, c) in counts.iter_mut().enumerate() {
            c[((k >> (8 * d)) & 255) as usize] += 1;
        }
    }
    let mut from: Vec<(u64, usize)> = keys.iter().copied().zip(0..n).collect();
    let mut to = vec![(0, 0); n];
    for (d, c) in counts.iter().enumerate() {
        // A byte every key shares moves nothing.
        if c.contains(&n) {
            continue;
        }
        let mut at = [0usize; 256];
        let mut sum = 0;
        for (a, count) in at.iter_mut().zip(c) {
            *a = sum;
            sum += count;
        }
        for &(k, i) in &from {
            let b = ((k >> (8 * d)) & 255) as usize;
            // SAFETY: the bucket starts and counts partition 0..n, so `at[b]` stays below n.
            unsafe { *to.get_unchecked_mut(at[b]) = (k, i) };
            at[b] += 1;
        }
        std::mem::swap(&mut from, &mut to);
    }
    from.into_iter().map(|(_, i)| i).collect()
}

/// The key of a float's bits (`bits` of a float of `width` bits) whose unsigned order is the
/// float's: negative numbers have every bit flipped, the others the sign bit set.
pub(crate) fn float_key(bits: u64, width: u32) -> u64 {
    let sign = 1u64 << (width - 1);
    let all = if width == 64 { u64::MAX } else { (1u64 << width) - 1 };
    if bits & sign != 0 {
        !bits & all
    } else {
        bits | sign
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_by_the_key() {
        let keys: Vec<u64> = (0..5000u64).map(|i| (i * 7919 % 613) & 0xF0F).collect();
        let mut expected: Vec<usize> = (0..keys.len()).collect();
        expected.sort_by_key(|&i| keys[i]);
        assert_eq!(radix_order(&keys, 2), expected);
    }

    #[test]
    fn float_keys_order_as_the_floats() {
        let xs = [f64::NEG_INFINITY, -1e300, -1.0, -5e-324, -0.0, 5e-324, 1.0, f64::INFINITY];
        let keys: Vec<u64> = xs.iter().map(|x| float_key(x.to_bits(), 64)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        let ys = [-2.5f32, -0.0, 1.5];
        let keys: Vec<u64> = ys.iter().map(|y| float_key(y.to_bits() as u64, 32)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]) && keys.iter().all(|k| *k <= u32::MAX as u64));
    }

    #[test]
    fn the_order_is_the_stable_sorts() {
        let keys: Vec<u64> = (0..3000u64).map(|i| (i * 2654435761) % 97).collect();
        let mut expected: Vec<usize> = (0..keys.len()).collect();
        expected.sort_by_key(|&i| keys[i]);
        assert_eq!(radix_order(&keys, 1), expected);
    }
}
