//! Bounded integers as `RandomState` draws them: `randint`'s masked rejection (32-bit words for
//! ranges that fit in 32 bits, 64-bit ones otherwise) and the bounded draw of `shuffle`.

use super::mt19937::Mt19937;

/// `randint(low, high)`'s check of the half-open interval, with NumPy's message.
pub(super) fn check(low: i64, high: i64) -> Result<(), String> {
    if (low as i128) > high as i128 - 1 {
        return Err(if low == 0 { "high <= 0".into() } else { "low >= high".into() });
    }
    Ok(())
}

/// The smallest mask of low bits covering `max`.
pub(super) fn mask_of(max: u64) -> u64 {
    if max == 0 {
        0
    } else {
        u64::MAX >> max.leading_zeros()
    }
}

/// A value in `[0, rng]` by masked rejection (NumPy's `random_bounded_uint64` with `use_masked`).
#[inline]
fn masked(mt: &mut Mt19937, rng: u64, mask: u64) -> u64 {
    if rng == 0 {
        0
    } else if rng <= 0xFFFF_FFFF {
        if rng == 0xFFFF_FFFF {
            return mt.next_u32() as u64;
        }
        loop {
            let v = (mt.next_u32() as u64) & mask;
            if v <= rng {
                return v;
            }
        }
    } else if rng == u64::MAX {
        mt.next_u64()
    } else {
        loop {
            let v = mt.next_u64() & mask;
            if v <= rng {
                return v;
            }
        }
    }
}

/// The range and offset of `[low, high)` as NumPy's unsigned arithmetic computes them.
fn range(low: i64, high: i64) -> (u64, u64) {
    let rng = (high as i128 - 1 - low as i128) as u64;
    (rng, low as u64)
}

pub(super) fn one(mt: &mut Mt19937, low: i64, high: i64) -> i64 {
    let (rng, off) = range(low, high);
    off.wrapping_add(masked(mt, rng, mask_of(rng))) as i64
}

pub(super) fn fill(mt: &mut Mt19937, low: i64, high: i64, out: &mut [u64]) {
    let (rng, off) = range(low, high);
    let mask = mask_of(rng);
    for o in out {
        *o = off.wrapping_add(masked(mt, rng, mask));
    }
}

/// A value in `[0, max]` (NumPy's `random_interval`, used by `shuffle`).
pub(super) fn interval(mt: &mut Mt19937, max: u64) -> u64 {
    if max == 0 {
        return 0;
    }
    let mask = mask_of(max);
    loop {
        let v = if max <= 0xFFFF_FFFF { mt.next_u32() as u64 & mask } else { mt.next_u64() & mask };
        if v <= max {
            return v;
        }
    }
}

/// Calls `f` with the address of each element of a strided array, in C order.
pub(super) fn for_each_element(data: *const u8, shape: &[i64], strides: &[i64], f: &mut dyn FnMut(*const u8)) {
    match shape.split_first() {
        None => f(data),
        Some((&n, rest)) => {
            for k in 0..n {
                // SAFETY: `k < shape[0]`, so the offset stays inside the array.
                for_each_element(unsafe { data.offset((k * strides[0]) as isize) }, rest, &strides[1..], f);
            }
        }
    }
}

/// Swaps the sub-arrays `i` and `j` along the first axis, element by element.
fn swap_rows(data: *mut u8, i: i64, j: i64, shape: &[i64], strides: &[i64], itemsize: usize) {
    // SAFETY: `i` and `j` index the first axis; the walk stays inside each row.
    let (a, b) = unsafe { (data.offset((i * strides[0]) as isize), data.offset((j * strides[0]) as isize)) };
    let delta = b as isize - a as isize;
    for_each_element(a, &shape[1..], &strides[1..], &mut |p| {
        // SAFETY: `p` and `p + delta` are the same element of rows i and j, which differ.
        unsafe { std::ptr::swap_nonoverlapping(p as *mut u8, (p as *mut u8).offset(delta), itemsize) };
    });
}

/// `RandomState.shuffle` of an array's first axis: for `i` from the last position down to 1, a
/// draw `j` in `[0, i]` and a swap of rows `i` and `j`. An empty array takes no draw.
pub(super) fn shuffle(mt: &mut Mt19937, data: *mut u8, shape: &[i64], strides: &[i64], itemsize: usize) {
    shuffle_with(&mut |max| interval(mt, max), data, shape, strides, itemsize);
}

/// The shuffle of `RandomState` and `Generator` alike, with `interval` drawing in `[0, max]`.
pub(super) fn shuffle_with(interval: &mut dyn FnMut(u64) -> u64, data: *mut u8, shape: &[i64], strides: &[i64], itemsize: usize) {
    // The type checker refuses 0-d arrays; an empty shape must still not index `shape[0]`.
    if shape.is_empty() || shape.contains(&0) {
        return;
    }
    for i in (1..shape[0]).rev() {
        let j = interval(i as u64) as i64;
        if i != j {
            swap_rows(data, i, j, shape, strides, itemsize);
        }
    }
}
