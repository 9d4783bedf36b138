//! `x ** 0.5` and `x ** k` (a small integral constant `k`) without calling libm's `pow` on most
//! operands, yet with `pow`'s bits.
//!
//! CPython computes both with the C library's `pow`. glibc's (and musl's, the same code) is accurate
//! to 0.54 ULP for normal results, so it returns the correctly rounded value unless the exact power
//! lies within 0.04 ULP of a midpoint between two doubles. The fast path computes the power to about
//! 100 bits (double-double arithmetic with `fma`, or `sqrt` and its exact residual), rounds it, and
//! keeps the rounded value when the exact power is at least 0.05 ULP away from every midpoint; the
//! other ~10% of operands, and every result near the ends of the normal range, call `pow` itself.
//! Older glibc's `pow` is correctly rounded, which the fast path's results are.

use super::*;

/// Beyond these magnitudes the fast path calls `pow`: its error terms stay normal numbers (exact)
/// and its result is a normal number (where the 0.54-ULP bound holds).
const SMALL: f64 = 1.0e-289;
const LARGE: f64 = 1.0e289;

/// The largest `|k|` taken by the fast path; more multiplications cost more than `pow`.
const MAX_EXPONENT: f64 = 16.0;

impl<'a, 'f> Lower<'a, 'f> {
    /// `a ** b` with libm's `pow` bits when `b` is the constant 0.5 or an integral constant `k` with
    /// `2 <= |k| <= 16`; `None` for other exponents. Any `a` is accepted: the ones off the fast path
    /// (negative, zero, infinite, NaN, tiny or huge) reach `pow` in a cold block.
    pub(super) fn exact_pow(&mut self, a: Value, b: Value) -> Option<Value> {
        // The error bound is glibc's and musl's; other C libraries' `pow` is always called.
        if !cfg!(target_os = "linux") || self.b.func.dfg.value_type(a) != types::F64 {
            return None;
        }
        let k = self.const_f64(b)?;
        let integral = k.fract() == 0.0 && (2.0..=MAX_EXPONENT).contains(&k.abs());
        if k != 0.5 && !integral {
            return None;
        }
        let (hi, safe) = if k == 0.5 { self.sqrt_rounding(a) } else { self.int_power_rounding(a, k as i32) };
        let (slow, done) = (self.b.create_block(), self.b.create_block());
        let result = self.b.append_block_param(done, types::F64);
        self.b.set_cold_block(slow);
        self.b.ins().brif(safe, done, &[hi.into()], slow, &[]);
        self.b.switch_to_block(slow);
        let pow = self.helper(Helper::Pow);
        let r = self.call(pow, &[a, b])[0];
        self.b.ins().jump(done, &[r.into()]);
        self.b.switch_to_block(done);
        Some(result)
    }

    /// `sqrt(a)` and whether it is `pow(a, 0.5)`: the residual `a - s*s` is exact under `fma`, and
    /// the exact root lies `residual / (2s)` away from `s`.
    fn sqrt_rounding(&mut self, a: Value) -> (Value, Value) {
        let s = self.b.ins().sqrt(a);
        let neg = self.b.ins().fneg(s);
        let residual = self.b.ins().fma(neg, s, a);
        let residual = self.b.ins().fabs(residual);
        let tolerance = self.rounding_tolerance(s);
        let two_s = self.b.ins().fadd(s, s);
        let bound = self.b.ins().fmul(tolerance, two_s);
        let close = self.b.ins().fcmp(FloatCC::LessThan, residual, bound);
        // `a` itself must be normal for the residual to be exact: `s` above sqrt(SMALL).
        let in_range = self.within(s, SMALL.sqrt() * 2.0, LARGE);
        (s, self.b.ins().band(close, in_range))
    }

    /// `a ** k` rounded, and whether that is `pow(a, k)`: binary powering in double-double
    /// arithmetic (each product's rounding error recovered by `fma`), a reciprocal for negative `k`.
    fn int_power_rounding(&mut self, a: Value, k: i32) -> (Value, Value) {
        let (mut n, mut base, mut acc) = (k.unsigned_abs(), (a, None), None);
        while n > 0 {
            if n & 1 == 1 {
                acc = Some(match acc {
                    Some(p) => self.dd_mul(p, base),
                    None => base,
                });
            }
            n >>= 1;
            if n > 0 {
                base = self.dd_mul(base, base);
            }
        }
        let (h, l) = acc.expect("|k| >= 2");
        let l = l.expect("a product has an error term");
        let (h, l) = if k > 0 {
            (h, l)
        } else {
            // 1 / (h + l) = q + q * (1 - q*(h + l)) to the precision needed.
            let one = self.b.ins().f64const(1.0);
            let q = self.b.ins().fdiv(one, h);
            let nq = self.b.ins().fneg(q);
            let r = self.b.ins().fma(nq, h, one);
            let ql = self.b.ins().fmul(q, l);
            let r = self.b.ins().fsub(r, ql);
            let rq = self.b.ins().fmul(r, q);
            (q, rq)
        };
        // Round: `hi` is the nearest double to the exact power, `lo` what was rounded off.
        let hi = self.b.ins().fadd(h, l);
        let d = self.b.ins().fsub(hi, h);
        let lo = self.b.ins().fsub(l, d);
        let lo = self.b.ins().fabs(lo);
        let tolerance = self.rounding_tolerance(hi);
        let close = self.b.ins().fcmp(FloatCC::LessThan, lo, tolerance);
        let in_range = self.within(hi, SMALL, LARGE);
        (hi, self.b.ins().band(close, in_range))
    }

    /// The product of two double-doubles (`lo` absent where exactly zero), its error term unnormalised.
    fn dd_mul(&mut self, (ah, al): (Value, Option<Value>), (bh, bl): (Value, Option<Value>)) -> (Value, Option<Value>) {
        let p = self.b.ins().fmul(ah, bh);
        let np = self.b.ins().fneg(p);
        let mut e = self.b.ins().fma(ah, bh, np);
        if let Some(bl) = bl {
            let t = self.b.ins().fmul(ah, bl);
            e = self.b.ins().fadd(e, t);
        }
        if let Some(al) = al {
            let t = self.b.ins().fmul(al, bh);
            e = self.b.ins().fadd(e, t);
        }
        (p, Some(e))
    }

    /// How far below a midpoint the rounded-off part of a positive normal `hi` may reach: 0.45 ULP
    /// (0.05 ULP from the midpoint), or 0.2 ULP when `hi` is a power of two, whose lower neighbour is
    /// only half an ULP away (its midpoint 0.25 ULP below).
    fn rounding_tolerance(&mut self, hi: Value) -> Value {
        let bits = self.b.ins().bitcast(types::I64, MemFlagsData::new(), hi);
        let exponent = self.b.ins().band_imm_u(bits, 0x7ff0_0000_0000_0000);
        let power = self.b.ins().bitcast(types::F64, MemFlagsData::new(), exponent);
        let is_power = self.b.ins().fcmp(FloatCC::Equal, hi, power);
        let ulp = 2f64.powi(-52);
        let wide = self.b.ins().f64const(0.45 * ulp);
        let narrow = self.b.ins().f64const(0.2 * ulp);
        let fraction = self.b.ins().select(is_power, narrow, wide);
        self.b.ins().fmul(power, fraction)
    }

    /// `lo < v < hi`, false for NaN.
    fn within(&mut self, v: Value, lo: f64, hi: f64) -> Value {
        let lo = self.b.ins().f64const(lo);
        let hi = self.b.ins().f64const(hi);
        let above = self.b.ins().fcmp(FloatCC::GreaterThan, v, lo);
        let below = self.b.ins().fcmp(FloatCC::LessThan, v, hi);
        self.b.ins().band(above, below)
    }
}
