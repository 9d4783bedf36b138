use super::format::{float_repr, format_float, format_int, format_str};
use super::*;

#[test]
fn float_repr_is_cpythons() {
    for (x, want) in [
        (1e16, "1e+16"),
        (1e-5, "1e-05"),
        (0.1, "0.1"),
        (-0.0, "-0.0"),
        (f64::INFINITY, "inf"),
        (f64::NAN, "nan"),
        (1e15, "1000000000000000.0"),
        (123.456, "123.456"),
        (0.0001, "0.0001"),
        (1.5e300, "1.5e+300"),
        (5e-324, "5e-324"),
        (562949953421312.25, "562949953421312.2"),
        (562949953421312.75, "562949953421312.8"),
    ] {
        assert_eq!(float_repr(x), want);
    }
}

#[test]
fn format_specs() {
    assert_eq!(format_float(3.14159, ".3f").unwrap(), "3.142");
    assert_eq!(format_float(1234.5, "e").unwrap(), "1.234500e+03");
    assert_eq!(format_float(1234.5, "g").unwrap(), "1234.5");
    assert_eq!(format_float(1e-7, "g").unwrap(), "1e-07");
    assert_eq!(format_float(2.5, ">8").unwrap(), "     2.5");
    assert_eq!(format_int(42, "5d").unwrap(), "   42");
    assert_eq!(format_int(1234567, ",").unwrap(), "1,234,567");
    assert_eq!(format_int(1234, "09,").unwrap(), "0,001,234");
    assert_eq!(format_int(-42, "08").unwrap(), "-0000042");
    assert_eq!(format_str("ab", "<10").unwrap(), "ab        ");
    assert_eq!(format_str("ab", "^5").unwrap(), " ab  ");
}

#[test]
fn slices_and_indexing_count_code_points() {
    let s = new_str("héllo") as u64 | 1;
    unsafe {
        assert_eq!(char_len(s), 5);
        let t = hasten_rt_str_slice(s, 1, 3, 1) as u64 | 1;
        assert_eq!(as_str(t), "éll");
        let r = hasten_rt_str_slice(s, 4, 5, -1) as u64 | 1;
        assert_eq!(as_str(r), "olléh");
        let c = hasten_rt_str_index(s, -4, std::ptr::null(), 0) as u64 | 1;
        assert_eq!(as_str(c), "é");
        for o in [s, t, r, c] {
            crate::memory::hasten_rt_decref(o);
        }
    }
}
