use super::*;
use crate::error::take_error;

// Generated tables, one case per line.
#[rustfmt::skip]
mod divmod_vectors;
#[rustfmt::skip]
mod pow_vectors;
#[rustfmt::skip]
mod round_vectors;

fn f(bits: u64) -> f64 {
    f64::from_bits(bits)
}

#[test]
fn float_pow_matches_cpython() {
    for &(x, y, want) in pow_vectors::FLOAT_POW {
        let got = float_pow(f(x), f(y)).map(f64::to_bits);
        assert_eq!(got, want, "{:?} ** {:?}", f(x), f(y));
    }
}

#[test]
fn float_pow_ffi_status_and_errors() {
    let loc = "t.py:3:5";
    let mut out = 0.0;
    assert_eq!(
        hasten_rt_float_pow(2.0, 0.5, &mut out, loc.as_ptr(), loc.len()),
        0
    );
    assert_eq!(out, 2.0f64.sqrt());
    let cases = [
        (
            0.0,
            -1.0,
            "ZeroDivisionError",
            "0.0 cannot be raised to a negative power",
        ),
        (
            -8.0,
            1.0 / 3.0,
            "ValueError",
            "negative number cannot be raised to a fractional power (the result would be complex)",
        ),
        (
            10.0,
            400.0,
            "OverflowError",
            "(34, 'Numerical result out of range')",
        ),
        (-10.0, 400.5, "OverflowError", "complex exponentiation"),
        (
            -10.0,
            401.0,
            "OverflowError",
            "(34, 'Numerical result out of range')",
        ),
    ];
    for (x, y, exc, msg) in cases {
        out = 42.0;
        assert_eq!(
            hasten_rt_float_pow(x, y, &mut out, loc.as_ptr(), loc.len()),
            1
        );
        assert_eq!(out, 42.0, "out untouched on error");
        let err = take_error().unwrap();
        assert_eq!(
            (
                err.exc.as_str(),
                err.message.as_deref(),
                err.location.as_str()
            ),
            (exc, Some(msg), loc)
        );
    }
    // Underflow is not an error.
    assert_eq!(
        hasten_rt_float_pow(10.0, -400.0, &mut out, loc.as_ptr(), 0),
        0
    );
    assert_eq!(out.to_bits(), 0);
    assert_eq!(take_error(), None);
}

#[test]
fn int_pow_matches_python() {
    for &(b, e, want) in pow_vectors::INT_POW {
        assert_eq!(int_pow(b, e).ok(), want, "{b} ** {e}");
    }
    assert_eq!(int_pow(2, -1), Err(IntPowError::NegativeExponent));
    assert_eq!(int_pow(0, i64::MIN), Err(IntPowError::NegativeExponent));
}

#[test]
fn int_pow_ffi() {
    let mut out = 0;
    assert_eq!(hasten_rt_int_pow(-2, 63, &mut out, std::ptr::null(), 0), 0);
    assert_eq!(out, i64::MIN);
    assert_eq!(hasten_rt_int_pow(2, 63, &mut out, std::ptr::null(), 0), 1);
    let err = take_error().unwrap();
    assert_eq!(err.exc, "OverflowError");
    assert_eq!(
        err.message.as_deref(),
        Some(crate::messages::OVERFLOW)
    );
    assert_eq!(hasten_rt_int_pow(3, -2, &mut out, std::ptr::null(), 0), 1);
    let err = take_error().unwrap();
    assert_eq!(err.exc, "ValueError");
    assert_eq!(
        err.message.as_deref(),
        Some("integer ** negative integer needs a constant exponent in compiled code")
    );
    assert_eq!(out, i64::MIN);
}

#[test]
fn float_divmod_matches_cpython_and_numpy() {
    for &(x, y, fd, m) in divmod_vectors::FLOAT_DIVMOD {
        let (x, y) = (f(x), f(y));
        let got_fd = hasten_rt_float_floordiv(x, y);
        let got_m = hasten_rt_float_mod(x, y);
        // A NaN's sign bit comes from the hardware's default NaN: compare NaN-ness only.
        let same = |got: f64, want: f64| {
            got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan())
        };
        assert!(
            same(got_fd, f(fd)),
            "{x:?} // {y:?}: got {got_fd:?}, want {:?}",
            f(fd)
        );
        assert!(
            same(got_m, f(m)),
            "{x:?} % {y:?}: got {got_m:?}, want {:?}",
            f(m)
        );
    }
}

#[test]
fn float_divmod_spot_checks() {
    assert_eq!(hasten_rt_float_mod(5.0, f64::INFINITY), 5.0);
    assert_eq!(hasten_rt_float_mod(-5.0, f64::INFINITY), f64::INFINITY);
    assert!(hasten_rt_float_mod(f64::INFINITY, 3.0).is_nan());
    assert_eq!(
        hasten_rt_float_floordiv(-0.0, 1.0).to_bits(),
        (-0.0f64).to_bits()
    );
    assert_eq!(hasten_rt_float_floordiv(-5.0, f64::INFINITY), -1.0);
    assert_eq!(hasten_rt_float_mod(-0.0, 1.0).to_bits(), 0.0f64.to_bits());
    assert_eq!(
        hasten_rt_float_mod(0.0, -1.0).to_bits(),
        (-0.0f64).to_bits()
    );
    assert_eq!(hasten_rt_float_floordiv(1.0, 0.0), f64::INFINITY);
    assert_eq!(hasten_rt_float_floordiv(-1.0, 0.0), f64::NEG_INFINITY);
    assert!(hasten_rt_float_floordiv(0.0, 0.0).is_nan());
    assert!(hasten_rt_float_mod(1.0, 0.0).is_nan());
    // Snapping: (x - mod) / y is not exactly integral here.
    assert_eq!(hasten_rt_float_floordiv(1.0, 0.1), 9.0);
    assert_eq!(hasten_rt_float_mod(1.0, 0.1), 0.09999999999999995);
}

#[test]
fn round_matches_cpython() {
    for &(x, n, want) in round_vectors::ROUND {
        let got = hasten_rt_round_ndigits(f(x), n);
        assert_eq!(
            got.to_bits(),
            want,
            "round({:?}, {n}) = {got:?}, want {:?}",
            f(x),
            f(want)
        );
    }
}

#[test]
fn round_spot_checks() {
    let r = hasten_rt_round_ndigits;
    assert_eq!(r(2.675, 2), 2.67);
    assert_eq!(r(0.125, 2), 0.12);
    assert_eq!(r(0.375, 2), 0.38);
    assert_eq!(r(2.5, 0), 2.0);
    assert_eq!(r(-0.5, 0).to_bits(), (-0.0f64).to_bits());
    assert_eq!(r(1234.5678, -2), 1200.0);
    assert_eq!(r(5e-324, 400), 5e-324);
    assert_eq!(r(-1.5, i64::MIN).to_bits(), (-0.0f64).to_bits());
    assert_eq!(r(1.5, i64::MAX), 1.5);
    assert_eq!(r(f64::NEG_INFINITY, 2), f64::NEG_INFINITY);
    assert!(r(f64::NAN, 2).is_nan());
    // Ties at negative ndigits go to even on the exact value.
    assert_eq!(r(15.0, -1), 20.0);
    assert_eq!(r(25.0, -1), 20.0);
    assert_eq!(r(25.000000000000004, -1), 30.0);
    assert_eq!(r(9999.0, -2), 10000.0);
    assert_eq!(r(500.0, -3), 0.0);
    assert_eq!(r(-1500.0, -3), -2000.0);
    // CPython raises OverflowError here; hasten returns a signed infinity.
    assert_eq!(r(-f64::MAX, -308), f64::NEG_INFINITY);
}

#[test]
fn float_to_int_errors() {
    let loc = "x.py:1:1";
    let cases = [
        (
            f64::NAN,
            "ValueError",
            "cannot convert float NaN to integer",
        ),
        (
            f64::INFINITY,
            "OverflowError",
            "cannot convert float infinity to integer",
        ),
        (
            f64::NEG_INFINITY,
            "OverflowError",
            "cannot convert float infinity to integer",
        ),
        (
            9.3e18,
            "OverflowError",
            "int too large to convert to 64-bit integer (hasten ints are 64-bit)",
        ),
    ];
    for (x, exc, msg) in cases {
        hasten_rt_float_to_int_error(x, loc.as_ptr(), loc.len());
        let err = take_error().unwrap();
        assert_eq!(
            (
                err.exc.as_str(),
                err.message.as_deref(),
                err.location.as_str()
            ),
            (exc, Some(msg), loc)
        );
    }
}
