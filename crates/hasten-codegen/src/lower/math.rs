//! The `math` module: libm calls with CPython's domain and range errors checked after the call.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    pub(super) fn math(&mut self, f: MathFn, args: &[Expr], span: Span) -> R<Value> {
        let mut xs = Vec::new();
        for a in args {
            let v = self.expr(a)?;
            xs.push((v[0], a.ty.clone()));
        }
        let (x0, t0) = xs[0].clone();
        if matches!(f, MathFn::Floor | MathFn::Ceil | MathFn::Trunc) && t0.is_intlike() {
            return Ok(self.convert(x0, &t0, &Type::Int));
        }
        let x = self.f64_value(x0, &t0);
        let y = xs.get(1).map(|(v, t)| self.f64_value(*v, &t.clone()));
        let unary = |cx: &mut Self, h: Helper| {
            let h = cx.helper(h);
            cx.call(h, &[x])[0]
        };
        let binary = |cx: &mut Self, h: Helper| {
            let h = cx.helper(h);
            cx.call(h, &[x, y.unwrap()])[0]
        };
        Ok(match f {
            MathFn::Sqrt => {
                let zero = self.b.ins().f64const(0.0);
                let neg = self.b.ins().fcmp(FloatCC::LessThan, x, zero);
                self.fail_if(neg, "ValueError", "math domain error", span);
                self.b.ins().sqrt(x)
            }
            MathFn::Exp | MathFn::Expm1 | MathFn::Sinh | MathFn::Cosh => {
                let h = match f {
                    MathFn::Exp => Helper::Exp,
                    MathFn::Expm1 => Helper::Expm1,
                    MathFn::Sinh => Helper::Sinh,
                    _ => Helper::Cosh,
                };
                let r = unary(self, h);
                self.math_check(x, r, true, span);
                r
            }
            MathFn::Log | MathFn::Log2 | MathFn::Log10 | MathFn::Log1p | MathFn::Sin | MathFn::Cos | MathFn::Tan
            | MathFn::Asin | MathFn::Acos | MathFn::Atan | MathFn::Tanh => {
                let h = match f {
                    MathFn::Log => Helper::Log,
                    MathFn::Log2 => Helper::Log2,
                    MathFn::Log10 => Helper::Log10,
                    MathFn::Log1p => Helper::Log1p,
                    MathFn::Sin => Helper::Sin,
                    MathFn::Cos => Helper::Cos,
                    MathFn::Tan => Helper::Tan,
                    MathFn::Asin => Helper::Asin,
                    MathFn::Acos => Helper::Acos,
                    MathFn::Atan => Helper::Atan,
                    _ => Helper::Tanh,
                };
                let r = unary(self, h);
                self.math_check(x, r, false, span);
                r
            }
            MathFn::Atan2 => binary(self, Helper::Atan2),
            MathFn::Hypot => binary(self, Helper::Hypot),
            MathFn::Pow => {
                let y = y.unwrap();
                let r = binary(self, Helper::Pow);
                self.math_pow_check(x, y, r, span);
                // A NaN result past the check comes from a NaN operand, which CPython returns
                // itself, its sign kept (libm's NaN may have another sign bit).
                let r_nan = self.b.ins().fcmp(FloatCC::Unordered, r, r);
                let x_nan = self.b.ins().fcmp(FloatCC::Unordered, x, x);
                let operand = self.b.ins().select(x_nan, x, y);
                self.b.ins().select(r_nan, operand, r)
            }
            MathFn::Copysign => self.b.ins().fcopysign(x, y.unwrap()),
            MathFn::Fabs => self.b.ins().fabs(x),
            MathFn::Floor | MathFn::Ceil | MathFn::Trunc => {
                let r = match f {
                    MathFn::Floor => self.b.ins().floor(x),
                    MathFn::Ceil => self.b.ins().ceil(x),
                    _ => self.b.ins().trunc(x),
                };
                self.float_to_py_int(r, span)
            }
            MathFn::Isnan => self.b.ins().fcmp(FloatCC::Unordered, x, x),
            MathFn::Isinf | MathFn::Isfinite => {
                let a = self.b.ins().fabs(x);
                let inf = self.b.ins().f64const(f64::INFINITY);
                let cc = if f == MathFn::Isinf { FloatCC::Equal } else { FloatCC::LessThan };
                self.b.ins().fcmp(cc, a, inf)
            }
        })
    }

    pub(super) fn is_finite(&mut self, x: Value) -> Value {
        let a = self.b.ins().fabs(x);
        let inf = self.b.ins().f64const(f64::INFINITY);
        self.b.ins().fcmp(FloatCC::LessThan, a, inf)
    }

    /// CPython's `math_1` rule: a nan from a non-nan argument is a domain error; an infinity from a
    /// finite argument is a range error for functions that can overflow, a domain error otherwise.
    pub(super) fn math_check(&mut self, x: Value, r: Value, can_overflow: bool, span: Span) {
        let r_nan = self.b.ins().fcmp(FloatCC::Unordered, r, r);
        let x_num = self.b.ins().fcmp(FloatCC::Ordered, x, x);
        let domain = self.b.ins().band(r_nan, x_num);
        self.fail_if(domain, "ValueError", "math domain error", span);
        let x_fin = self.is_finite(x);
        let r_fin = self.is_finite(r);
        let r_inf = self.b.ins().bxor_imm_u(r_fin, 1);
        let r_inf = self.b.ins().band(r_inf, x_fin);
        if can_overflow {
            self.fail_if(r_inf, "OverflowError", "math range error", span);
        } else {
            self.fail_if(r_inf, "ValueError", "math domain error", span);
        }
    }

    /// CPython's `math.pow` errors for finite arguments: nan → domain error, inf → domain error for
    /// a zero base, range error otherwise.
    pub(super) fn math_pow_check(&mut self, x: Value, y: Value, r: Value, span: Span) {
        let xf = self.is_finite(x);
        let yf = self.is_finite(y);
        let both = self.b.ins().band(xf, yf);
        let r_nan = self.b.ins().fcmp(FloatCC::Unordered, r, r);
        let domain = self.b.ins().band(both, r_nan);
        self.fail_if(domain, "ValueError", "math domain error", span);
        let r_fin = self.is_finite(r);
        let r_inf = self.b.ins().bxor_imm_u(r_fin, 1);
        let r_inf = self.b.ins().band(r_inf, both);
        let zero = self.b.ins().f64const(0.0);
        let x_zero = self.b.ins().fcmp(FloatCC::Equal, x, zero);
        let zero_base = self.b.ins().band(r_inf, x_zero);
        self.fail_if(zero_base, "ValueError", "math domain error", span);
        self.fail_if(r_inf, "OverflowError", "math range error", span);
    }
}
