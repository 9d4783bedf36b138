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

/// The quick way and the general way of formatting give the same text wherever the quick way
/// takes the spec, and the quick way leaves the specs it does not take untouched.
#[test]
fn quick_formats_equal_the_general_ones() {
    use super::convert::{KIND_FLOAT, KIND_INT};
    use super::quick_format::write_quick;
    let int_specs = ["", "d", "6d", "06d", "0", "1", "3", "05", "000", "12d", ",", "x", "+d", ".2", "<5", "1000d"];
    for v in [0i64, 7, -7, 42, -42, 123456, i64::MIN, i64::MAX] {
        for spec in int_specs {
            let mut quick = String::from("<");
            match (write_quick(&mut quick, KIND_INT, v as u64, spec, false), format_int(v, spec)) {
                (true, Ok(general)) => assert_eq!(quick, format!("<{general}"), "{v} {spec:?}"),
                (true, Err(e)) => panic!("quick took {spec:?}, which fails: {e:?}"),
                (false, _) => assert_eq!(quick, "<"),
            }
        }
    }
    let float_specs = [".3f", "f", "10.4f", "010.2f", ".0f", "8.3F", "0.1f", ".3", "e", "", "+.3f", ".f", "^9.2f"];
    for x in [0.0, -0.0, 2.5, -2.5, 0.0005, -0.0004, 1234.5678, 1e22, -1e-300, f64::INFINITY, f64::NAN, 5e-324] {
        for spec in float_specs {
            let mut quick = String::new();
            match (write_quick(&mut quick, KIND_FLOAT, x.to_bits(), spec, false), format_float(x, spec)) {
                (true, Ok(general)) => assert_eq!(quick, general, "{x} {spec:?}"),
                (true, Err(e)) => panic!("quick took {spec:?}, which fails: {e:?}"),
                (false, _) => assert!(quick.is_empty()),
            }
        }
    }
}
