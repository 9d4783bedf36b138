//! Sorting for `np.sort`, `np.argsort` and `a.sort()`: stable sorts of one strided line of an array
//! in NumPy's order, where NaNs come last and ties (`-0.0 == 0.0` included) keep their order. A
//! stable sort gives NumPy's result for `kind='stable'` and a valid one for every other kind. The
//! permutations of long lines of real numbers are radix sorted (`radix.rs`): a comparison sort of
//! positions reads the line out of order, and was 1.4-1.7 times slower on 10^6 floats; the values
//! themselves sort by comparison as fast as by radix on this machine.
//!
//! Complex numbers sort as NumPy's `CDOUBLE_LT` orders them: by real part, then imaginary part,
//! with the NaNs of each part last (numbers, then those with a NaN imaginary part only, then a NaN
//! real part only, then both).
//!
//! Lines are given by their first element's address, their length and their stride in bytes; the
//! dtype is its index in `hasten_ir::Dtype::ALL` (bool, i8, i16, i32, i64, u8, u16, u32, u64, f32,
//! f64, complex64, complex128), which code generation passes.

use std::cmp::Ordering;

/// NumPy's sort order of an element type.
pub(crate) trait SortKey: Copy {
    fn order(a: &Self, b: &Self) -> Ordering;

    /// Whether `np.unique` puts two neighbours of the sorted line in one group: equal ones (its
    /// NaNs are equal, `equal_nan=True`).
    fn same(a: &Self, b: &Self) -> bool {
        Self::order(a, b) == Ordering::Equal
    }

    /// A key in the type's width whose unsigned order is `order`, equal where `order` ties
    /// (`radix.rs`); `None` for types sorted by comparison only.
    fn radix_key(&self) -> Option<u64> {
        None
    }
}

macro_rules! int_keys {
    ($($t:ty, $flip:expr);*) => {$(
        impl SortKey for $t {
            fn order(a: &Self, b: &Self) -> Ordering {
                a.cmp(b)
            }

            /// The bits, the sign bit flipped for signed types (so that negatives come first).
            fn radix_key(&self) -> Option<u64> {
                Some((*self as u64 ^ $flip) & (u64::MAX >> (64 - 8 * std::mem::size_of::<$t>())))
            }
        }
    )*};
}
int_keys!(u8, 0; u16, 0; u32, 0; u64, 0; i8, 0x80; i16, 0x8000; i32, 0x8000_0000; i64, 1 << 63);

macro_rules! float_keys {
    ($($t:ty),*) => {$(
        impl SortKey for $t {
            /// NaNs after every number and equal to each other, so that they keep their order.
            fn order(a: &Self, b: &Self) -> Ordering {
                match (a.is_nan(), b.is_nan()) {
                    (false, false) => a.partial_cmp(b).expect("neither is nan"),
                    (a_nan, b_nan) => a_nan.cmp(&b_nan),
                }
            }

            /// Zeros as `0.0`, NaNs as the greatest key, the others by their bits.
            fn radix_key(&self) -> Option<u64> {
                let width = 8 * std::mem::size_of::<$t>() as u32;
                Some(match (self.is_nan(), *self == 0.0) {
                    (true, _) => u64::MAX >> (64 - width),
                    (false, true) => crate::radix::float_key(0, width),
                    (false, false) => crate::radix::float_key(self.to_bits() as u64, width),
                })
            }
        }
    )*};
}
float_keys!(f32, f64);

/// A complex element: its real and imaginary parts.
#[derive(Clone, Copy)]
#[repr(C)]
pub(crate) struct Complex<F> {
    re: F,
    im: F,
}

macro_rules! complex_keys {
    ($($t:ty),*) => {$(
        impl SortKey for Complex<$t> {
            fn order(a: &Self, b: &Self) -> Ordering {
                // The NaN classes first, then the parts that are numbers in that class.
                let class = |z: &Self| (z.re.is_nan(), z.im.is_nan());
                class(a).cmp(&class(b)).then_with(|| <$t>::order(&a.re, &b.re)).then_with(|| <$t>::order(&a.im, &b.im))
            }

            /// Every complex number with a NaN part is one group for `np.unique`.
            fn same(a: &Self, b: &Self) -> bool {
                let nan = |z: &Self| z.re.is_nan() || z.im.is_nan();
                (nan(a) && nan(b)) || Self::order(a, b) == Ordering::Equal
            }
        }
    )*};
}
complex_keys!(f32, f64);

/// The `n` elements of a strided line.
///
/// # Safety
/// `data + k * stride` must be a readable `T` for every `k < n`.
unsafe fn gather<T: Copy>(data: *const u8, n: usize, stride: isize) -> Vec<T> {
    (0..n).map(|k| data.offset(k as isize * stride).cast::<T>().read_unaligned()).collect()
}

unsafe fn sort_line<T: SortKey>(data: *mut u8, n: usize, stride: isize) {
    if stride == std::mem::size_of::<T>() as isize && (data as usize).is_multiple_of(std::mem::align_of::<T>()) {
        std::slice::from_raw_parts_mut(data.cast::<T>(), n).sort_by(T::order);
        return;
    }
    let mut line = gather::<T>(data, n, stride);
    line.sort_by(T::order);
    for (k, v) in line.into_iter().enumerate() {
        data.offset(k as isize * stride).cast::<T>().write_unaligned(v);
    }
}

unsafe fn argsort_line<T: SortKey>(data: *const u8, n: usize, stride: isize, out: *mut u8, out_stride: isize) {
    let line = gather::<T>(data, n, stride);
    let keys = match n >= crate::radix::RADIX_MIN {
        true => line.iter().map(T::radix_key).collect::<Option<Vec<u64>>>(),
        false => None,
    };
    let order = if let Some(keys) = keys {
        crate::radix::radix_order(&keys, std::mem::size_of::<T>())
    } else {
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&i, &j| T::order(&line[i], &line[j]));
        order
    };
    for (k, i) in order.into_iter().enumerate() {
        out.offset(k as isize * out_stride).cast::<i64>().write_unaligned(i as i64);
    }
}

macro_rules! by_dtype {
    ($dtype:expr, $f:ident, $($arg:expr),*) => {
        match $dtype {
            0 | 5 => $f::<u8>($($arg),*),
            1 => $f::<i8>($($arg),*),
            2 => $f::<i16>($($arg),*),
            3 => $f::<i32>($($arg),*),
            4 => $f::<i64>($($arg),*),
            6 => $f::<u16>($($arg),*),
            7 => $f::<u32>($($arg),*),
            8 => $f::<u64>($($arg),*),
            9 => $f::<f32>($($arg),*),
            10 => $f::<f64>($($arg),*),
            d => unreachable!("dtype code {d} has no real elements"),
        }
    };
}
pub(crate) use by_dtype;

/// `by_dtype!` with the complex dtypes too (11 complex64, 12 complex128): the functions of NumPy's
/// order, which complex numbers have.
macro_rules! by_sort_key {
    ($dtype:expr, $f:ident, $($arg:expr),*) => {
        match $dtype {
            11 => $f::<$crate::sort::Complex<f32>>($($arg),*),
            12 => $f::<$crate::sort::Complex<f64>>($($arg),*),
            d => $crate::sort::by_dtype!(d, $f, $($arg),*),
        }
    };
}
pub(crate) use by_sort_key;

/// Sorts the line of `n` elements of dtype `dtype` at `data`, `stride` bytes apart, in place.
///
/// # Safety
/// Every element of the line must be a valid, writable element of that dtype.
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_sort(data: *mut u8, n: i64, stride: i64, dtype: i64) {
    by_sort_key!(dtype, sort_line, data, n as usize, stride as isize)
}

/// Writes to the int64 line at `out` (`out_stride` bytes apart) the stable permutation that sorts
/// the line of `n` elements at `data`.
///
/// # Safety
/// The source line must be readable elements of `dtype`, the output line `n` writable int64s.
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_argsort(data: *const u8, n: i64, stride: i64, dtype: i64, out: *mut u8, out_stride: i64) {
    by_sort_key!(dtype, argsort_line, data, n as usize, stride as isize, out, out_stride as isize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_sort_with_nans_last_and_stable_zeros() {
        let mut v = [f64::NAN, 0.0, -1.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, 0.0];
        unsafe { hasten_rt_sort(v.as_mut_ptr().cast(), 7, 8, 10) };
        let bits: Vec<u64> = v.iter().map(|x| x.to_bits()).collect();
        let want = [f64::NEG_INFINITY, -1.0, 0.0, -0.0, 0.0, f64::INFINITY];
        assert_eq!(&bits[..6], &want.iter().map(|x| x.to_bits()).collect::<Vec<_>>()[..]);
        assert!(v[6].is_nan());
    }

    #[test]
    fn strided_reversed_line_and_argsort() {
        let mut v = [3i32, 9, 1, 9, 2, 9];
        // Every other element, read backwards: 2, 1, 3.
        unsafe { hasten_rt_sort(v.as_mut_ptr().add(4).cast(), 3, -8, 3) };
        assert_eq!(v, [3, 9, 2, 9, 1, 9]);
        let keys = [2u8, 1, 2, 0];
        let mut out = [0i64; 4];
        unsafe { hasten_rt_argsort(keys.as_ptr(), 4, 1, 5, out.as_mut_ptr().cast(), 8) };
        assert_eq!(out, [3, 1, 0, 2]);
    }
}
