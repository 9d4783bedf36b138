//! NumPy's MemoryError for an array that cannot be allocated ("Unable to allocate 64.0 TiB for an
//! array with shape (70368744177664,) and data type int8"), and the probe that a never-allocated
//! array (a fused `np.arange(n).sum()`) makes so that it fails where NumPy's allocation would.

use crate::error::{ffi_str, set_error};

/// A byte count in NumPy's words: whole bytes below 1 KiB, else three significant digits of the
/// largest binary unit it reaches (a trailing `.` where none are decimals, as Python's `#.3g`).
fn size_string(nbytes: u64) -> String {
    const UNITS: [&str; 7] = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let bits = 64 - nbytes.leading_zeros() as usize;
    let mut unit = bits.saturating_sub(1).max(1) / 10;
    let mut n = nbytes as f64 / (1u64 << (10 * unit)) as f64;
    if n.round() == 1024.0 {
        unit += 1;
        n /= 1024.0;
    }
    if unit == 0 {
        return format!("{n:.0} bytes");
    }
    if n.round() >= 1000.0 {
        return format!("{n:.0}. {}", UNITS[unit]);
    }
    // Three significant digits: as many decimals as the integer part leaves, re-counted when
    // rounding carries into a new digit (9.996 is "10.0").
    let mut decimals = 2 - (n.log10().floor() as i32).clamp(0, 2);
    let mut text = format!("{n:.*}", decimals as usize);
    if decimals > 0 && text.split('.').next().map_or(0, str::len) > (3 - decimals) as usize {
        decimals -= 1;
        text = format!("{n:.*}", decimals as usize);
    }
    if decimals == 0 {
        text.push('.');
    }
    format!("{text} {}", UNITS[unit])
}

/// NumPy's message for an array of `shape` and `dtype` that could not be allocated.
pub(crate) fn message(shape: &[i64], dtype: &str, itemsize: u64) -> String {
    let nbytes = shape.iter().fold(itemsize, |acc, &n| acc.saturating_mul(n.max(0) as u64));
    let dims = match shape {
        [n] => format!("({n},)"),
        _ => format!("({})", shape.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", ")),
    };
    format!("Unable to allocate {} for an array with shape {dims} and data type {dtype}", size_string(nbytes))
}

/// Replaces the pending MemoryError of a failed allocation by NumPy's, which names the array.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with valid (ptr, len) pairs
pub extern "C" fn hasten_rt_raise_alloc(dims: *const i64, ndim: usize, itemsize: u64, dtype_ptr: *const u8, dtype_len: usize) {
    // SAFETY: compiled code passes a buffer of `ndim` dimensions and a constant string.
    let (shape, dtype) = unsafe {
        let shape: &[i64] = if dims.is_null() { &[] } else { std::slice::from_raw_parts(dims, ndim) };
        (shape, ffi_str(dtype_ptr, dtype_len))
    };
    set_error("MemoryError", Some(message(shape, &dtype, itemsize)), "");
}

/// Whether `count` elements of `itemsize` bytes could be allocated now: returns 0 when so, else 1
/// with NumPy's MemoryError pending. The memory is released at once.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with a valid (ptr, len) pair
pub extern "C" fn hasten_rt_alloc_probe(count: i64, itemsize: u64, dtype_ptr: *const u8, dtype_len: usize) -> u32 {
    let fits = usize::try_from(count).ok().and_then(|n| n.checked_mul(itemsize as usize)).is_some_and(crate::memory::can_allocate);
    if fits {
        return 0;
    }
    hasten_rt_raise_alloc(&count, 1, itemsize, dtype_ptr, dtype_len);
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_numpys() {
        assert_eq!(size_string(0), "0 bytes");
        assert_eq!(size_string(1000), "1000 bytes");
        assert_eq!(size_string(1 << 46), "64.0 TiB");
        assert_eq!(size_string(1 << 62), "4.00 EiB");
        assert_eq!(size_string(800_000_000_000_000_000), "711. PiB");
        assert_eq!(size_string(1_000_000_000_000_000_000), "888. PiB");
        assert_eq!(size_string(1023 * 1024 + 1000), "1.00 MiB");
        assert_eq!(size_string(10_235), "10.0 KiB");
        assert_eq!(size_string(1_023_400), "999. KiB");
        assert_eq!(size_string(1_024_000), "1000. KiB");
    }

    #[test]
    fn the_probe_fails_where_no_allocation_can_succeed() {
        let name = "int64";
        assert_eq!(hasten_rt_alloc_probe(1 << 20, 8, name.as_ptr(), name.len()), 0);
        assert_eq!(hasten_rt_alloc_probe(100_000_000_000_000_000, 8, name.as_ptr(), name.len()), 1);
        let err = crate::error::take_error().expect("a pending MemoryError");
        assert_eq!(err.exc, "MemoryError");
        assert_eq!(err.message.as_deref(), Some("Unable to allocate 711. PiB for an array with shape (100000000000000000,) and data type int64"));
    }

    #[test]
    fn messages_name_the_shape_and_dtype() {
        assert_eq!(message(&[3, 1 << 44], "float64", 8), "Unable to allocate 384. TiB for an array with shape (3, 17592186044416) and data type float64");
        assert_eq!(message(&[1 << 46], "int8", 1), "Unable to allocate 64.0 TiB for an array with shape (70368744177664,) and data type int8");
    }
}
