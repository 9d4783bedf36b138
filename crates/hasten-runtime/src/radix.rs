//! Stable least-significant-digit radix sorts for `np.argsort` of long lines of numbers: each
//! element has a key whose unsigned order is NumPy's order of the elements
//! (`SortKey::radix_key`: equal keys for the elements that order ties, `-0.0` and `0.0`, every
//! NaN), and a pass per key byte moves the elements stably into the buckets of that byte. The
//! result is the stable comparison sort's, element for element, in time linear in the length.

/// The length from which a line is radix sorted: below it the comparison sort is as fast.
pub(crate) const RADIX_MIN: usize = 1024;

/// Sorts `v` stably by the low `bytes` bytes of `key`.
pub(crate) fn radix_sort<T: Copy>(v: &mut [T], bytes: usize, key: impl Fn(&T) -> u64) {
    let n = v.len();
    let Some(&first) = v.first() else { return };
    let mut counts = vec![[0usize; 256]; bytes];
    for x in v.iter() {
        let k = key(x);
        for (d, c) in counts.iter_mut().enumerate() {
            c[((k >> (8 * d)) & 255) as usize] += 1;
        }
    }
    let mut from = v.to_vec();
    let mut to = vec![first; n];
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
        for x in &from {
            let b = ((key(x) >> (8 * d)) & 255) as usize;
            // SAFETY: the bucket starts and counts partition 0..n, so `at[b]` stays below n.
            unsafe { *to.get_unchecked_mut(at[b]) = *x };
            at[b] += 1;
        }
        std::mem::swap(&mut from, &mut to);
    }
    v.copy_from_slice(&from);
}

/// The permutation that sorts `keys` stably (`np.argsort(kind='stable')`): the positions, radix
/// sorted with their keys.
pub(crate) fn radix_order(keys: impl Iterator<Item = u64>, bytes: usize) -> Vec<usize> {
    let mut pairs: Vec<(u64, usize)> = keys.enumerate().map(|(i, k)| (k, i)).collect();
    radix_sort(&mut pairs, bytes, |p| p.0);
    pairs.into_iter().map(|(_, i)| i).collect()
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
        let mut v: Vec<(u64, usize)> = (0..5000).map(|i| ((i * 7919 % 613) as u64 & 0xF0F, i)).collect();
        let mut expected = v.clone();
        expected.sort_by_key(|p| p.0);
        radix_sort(&mut v, 2, |p| p.0);
        assert_eq!(v, expected);
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
        assert_eq!(radix_order(keys.iter().copied(), 1), expected);
    }
}
