//! NumPy's sum of a whole bool or integer array taken as it is (`a.sum()`, `np.sum(mask)`): every
//! element widened to 64 bits and added with wrapping, as NumPy's int64 (uint64) accumulator does.
//! Integer addition wraps associatively, so any order gives NumPy's bits, and contiguous data is
//! summed in one loop the compiler vectorises.

/// Bit of an element code (`hasten_rt_int_sum`) set for signed integers; the low byte is the itemsize.
pub const SIGNED: i64 = 1 << 8;

/// The wrapping sum of `n` values of type `T` at `data`, `stride` bytes apart, each widened by `widen`.
///
/// # Safety
/// `data` addresses `n` readable values at that stride.
unsafe fn total<T: Copy>(data: *const u8, n: usize, stride: isize, widen: impl Fn(T) -> i64) -> i64 {
    let at = |k: usize, step: isize| std::ptr::read_unaligned(data.offset(k as isize * step) as *const T);
    let size = std::mem::size_of::<T>() as isize;
    if stride == size {
        return (0..n).fold(0i64, |acc, k| acc.wrapping_add(widen(at(k, size))));
    }
    (0..n).fold(0i64, |acc, k| acc.wrapping_add(widen(at(k, stride))))
}

/// The sum of `n` bools or integers at `data`, `stride` bytes apart, of the element `code` (the
/// itemsize, `SIGNED` for signed ints), wrapped to 64 bits.
///
/// # Safety
/// `data` addresses `n` readable values of that kind at that stride.
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_int_sum(data: *const u8, n: i64, stride: i64, code: i64) -> i64 {
    let (n, stride) = (n.max(0) as usize, stride as isize);
    match code {
        1 => total(data, n, stride, |x: u8| x as i64),
        2 => total(data, n, stride, |x: u16| x as i64),
        4 => total(data, n, stride, |x: u32| x as i64),
        8 => total(data, n, stride, |x: u64| x as i64),
        c if c == 1 | SIGNED => total(data, n, stride, |x: i8| x as i64),
        c if c == 2 | SIGNED => total(data, n, stride, |x: i16| x as i64),
        c if c == 4 | SIGNED => total(data, n, stride, |x: i32| x as i64),
        _ => total(data, n, stride, |x: i64| x),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_widen_with_sign_and_wrap() {
        let bytes: [i8; 5] = [-1, 2, -128, 127, 0];
        let s = unsafe { hasten_rt_int_sum(bytes.as_ptr() as *const u8, 5, 1, 1 | SIGNED) };
        assert_eq!(s, 0);
        let u = unsafe { hasten_rt_int_sum(bytes.as_ptr() as *const u8, 5, 1, 1) };
        assert_eq!(u, 255 + 2 + 128 + 127);
        // every other element, backwards
        let words: [i64; 4] = [i64::MAX, 5, 1, 7];
        let last = unsafe { (words.as_ptr() as *const u8).add(16) };
        assert_eq!(unsafe { hasten_rt_int_sum(last, 2, -16, 8 | SIGNED) }, i64::MAX.wrapping_add(1));
    }
}
