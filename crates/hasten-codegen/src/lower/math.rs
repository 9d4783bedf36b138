//! The `math` module: libm calls with CPython's domain and range errors checked after the call.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// A `math` call's value: one value, two for the tuples of `frexp` and `modf`.
    pub(super) fn math(&mut self, f: MathFn, args: &[Expr], span: Span) -> R<Vec<Value>> {
        let mut xs = Vec::new();
        for a in args {
            let v = self.expr(a)?;
            xs.push((v[0], a.ty.clone()));
        }
        if matches!(f, MathFn::Factorial | MathFn::Comb | MathFn::Perm | MathFn::Isqrt | MathFn::Gcd | MathFn::Lcm) {
            let ints: Vec<Value> = xs.iter().map(|(v, t)| self.convert(*v, t, &Type::Int)).collect();
            return Ok(vec![self.math_int(f, &ints, span)]);
        }
        let (x0, t0) = xs[0].clone();
        if matches!(f, MathFn::Floor | MathFn::Ceil | MathFn::Trunc) && t0.is_intlike() {
            return Ok(vec![self.convert(x0, &t0, &Type::Int)]);
        }
        match f {
            MathFn::Ldexp => {
                let x = self.f64_value(x0, &t0);
                let i = self.convert(xs[1].0, &xs[1].1, &Type::Int);
                return Ok(vec![self.math_status_call(Helper::MathLdexp, &[x, i], types::F64, span)]);
            }
            MathFn::Isclose => {
                let fs: Vec<Value> = xs.iter().map(|(v, t)| self.f64_value(*v, t)).collect();
                let r = self.math_status_call(Helper::MathIsclose, &fs, types::I64, span);
                return Ok(vec![self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0)]);
            }
            _ => {}
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
        Ok(vec![match f {
            MathFn::Sqrt => {
                let zero = self.b.ins().f64const(0.0);
                let neg = self.b.ins().fcmp(FloatCC::LessThan, x, zero);
                self.fail_if(neg, "ValueError", "math domain error", span);
                self.b.ins().sqrt(x)
            }
            // libm's function, with CPython's errors (`math_1`: can it overflow?).
            MathFn::Exp | MathFn::Expm1 | MathFn::Sinh | MathFn::Cosh | MathFn::Exp2 | MathFn::Log | MathFn::Log2 | MathFn::Log10
            | MathFn::Log1p | MathFn::Sin | MathFn::Cos | MathFn::Tan | MathFn::Asin | MathFn::Acos | MathFn::Atan | MathFn::Tanh
            | MathFn::Asinh | MathFn::Acosh | MathFn::Atanh | MathFn::Cbrt => {
                let (h, can_overflow) = libm_unary(f).expect("a libm function");
                let r = unary(self, h);
                self.math_check(x, r, can_overflow, span);
                r
            }
            MathFn::Atan2 => binary(self, Helper::Atan2),
            MathFn::Nextafter => binary(self, Helper::NpyNextafter),
            MathFn::Ulp => self.math_ulp(x),
            MathFn::Hypot => binary(self, Helper::Hypot),
            // C's fmod; CPython's domain error where it gives NaN of numbers (x infinite, y zero).
            MathFn::Fmod => {
                let r = binary(self, Helper::CFmod);
                let r_nan = self.b.ins().fcmp(FloatCC::Unordered, r, r);
                let x_num = self.b.ins().fcmp(FloatCC::Ordered, x, x);
                let y_num = self.b.ins().fcmp(FloatCC::Ordered, y.unwrap(), y.unwrap());
                let numbers = self.b.ins().band(x_num, y_num);
                let domain = self.b.ins().band(r_nan, numbers);
                self.fail_if(domain, "ValueError", "math domain error", span);
                r
            }
            MathFn::Pow => {
                let y = y.unwrap();
                let r = match self.exact_pow(x, y) {
                    Some(r) => r,
                    None => binary(self, Helper::Pow),
                };
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
            MathFn::Erf => unary(self, Helper::CErf),
            MathFn::Erfc => unary(self, Helper::CErfc),
            MathFn::Gamma | MathFn::Lgamma => {
                let op = self.iconst(types::I64, (f == MathFn::Lgamma) as i64);
                self.math_status_call(Helper::MathGamma, &[op, x], types::F64, span)
            }
            // CPython multiplies by its constants 180/pi and pi/180.
            MathFn::Degrees => {
                let k = self.b.ins().f64const(180.0 / std::f64::consts::PI);
                self.b.ins().fmul(x, k)
            }
            MathFn::Radians => {
                let k = self.b.ins().f64const(std::f64::consts::PI / 180.0);
                self.b.ins().fmul(x, k)
            }
            MathFn::Frexp => {
                let (m, e) = self.frexp_parts(x);
                return Ok(vec![m, e]);
            }
            MathFn::Modf => {
                let (frac, int) = self.modf_parts(x, false);
                return Ok(vec![frac, int]);
            }
            MathFn::Ldexp | MathFn::Isclose | MathFn::Factorial | MathFn::Comb | MathFn::Perm | MathFn::Isqrt
            | MathFn::Gcd | MathFn::Lcm | MathFn::Fsum | MathFn::Prod | MathFn::Dist => unreachable!("handled above"),
        }])
    }

    /// C's `frexp` of an f64: the mantissa and the exponent (an i64).
    pub(super) fn frexp_parts(&mut self, x: Value) -> (Value, Value) {
        let slot = self.stack_slot(8);
        let h = self.helper(Helper::MathFrexp);
        let m = self.call(h, &[x, slot])[0];
        (m, self.b.ins().load(types::I64, MemFlagsData::trusted(), slot, 0))
    }

    /// C's `modf` of an f64 (or f32): the fraction and the integral part. The integral part
    /// keeps x's sign, and so does the fraction (-0.0 for -2.0); infinities give (±0.0, x) and NaN
    /// (nan, nan).
    pub(super) fn modf_parts(&mut self, x: Value, f32: bool) -> (Value, Value) {
        let int = self.b.ins().trunc(x);
        let diff = self.b.ins().fsub(x, int);
        let inf = self.b.ins().fabs(x);
        let (big, zero) = if f32 {
            (self.b.ins().f32const(f32::INFINITY), self.b.ins().f32const(0.0))
        } else {
            (self.b.ins().f64const(f64::INFINITY), self.b.ins().f64const(0.0))
        };
        let is_inf = self.b.ins().fcmp(FloatCC::Equal, inf, big);
        let diff = self.b.ins().select(is_inf, zero, diff);
        (self.b.ins().fcopysign(diff, x), int)
    }

    /// A helper `(args..., out, loc_ptr, loc_len) -> status` whose result of type `ty` comes
    /// through a stack slot.
    pub(super) fn math_status_call(&mut self, h: Helper, args: &[Value], ty: ir::Type, span: Span) -> Value {
        let out = self.stack_slot(8);
        let (lp, ll) = self.location(span);
        let h = self.helper(h);
        let mut all = args.to_vec();
        all.extend([out, lp, ll]);
        let status = self.call(h, &all)[0];
        self.check_status(status);
        self.b.ins().load(ty, MemFlagsData::trusted(), out, 0)
    }

    /// The exact integer functions; `gcd`/`lcm` of any number of arguments fold pairwise.
    fn math_int(&mut self, f: MathFn, ints: &[Value], span: Span) -> Value {
        use hasten_runtime::mathfns as m;
        let op = match f {
            MathFn::Factorial => m::FACTORIAL,
            MathFn::Comb => m::COMB,
            MathFn::Perm => m::PERM,
            MathFn::Isqrt => m::ISQRT,
            MathFn::Gcd => m::GCD,
            _ => m::LCM,
        };
        let opv = self.iconst(types::I64, op);
        match f {
            // CPython's ints are unbounded, so only the final value may overflow: gcd folds over
            // magnitudes (2**63 included) from 0 and checks at the end; lcm is 0 when any
            // argument is, and otherwise folds from 1 with partial results below the final one.
            MathFn::Gcd => {
                let mut acc = self.iconst(types::I64, 0);
                for &b in ints {
                    acc = self.math_status_call(Helper::MathInt, &[opv, acc, b], types::I64, span);
                }
                let done = self.iconst(types::I64, m::GCD_DONE);
                self.math_status_call(Helper::MathInt, &[done, acc, acc], types::I64, span)
            }
            MathFn::Lcm => {
                let (zero, one) = (self.iconst(types::I64, 0), self.iconst(types::I64, 1));
                let mut any_zero = self.b.ins().iconst(types::I8, 0);
                for &a in ints {
                    let z = self.b.ins().icmp_imm_s(IntCC::Equal, a, 0);
                    any_zero = self.b.ins().bor(any_zero, z);
                }
                let mut acc = one;
                for &a in ints {
                    let a = self.b.ins().select(any_zero, one, a);
                    acc = self.math_status_call(Helper::MathInt, &[opv, acc, a], types::I64, span);
                }
                self.b.ins().select(any_zero, zero, acc)
            }
            _ => {
                let b = ints.get(1).copied().unwrap_or(ints[0]);
                self.math_status_call(Helper::MathInt, &[opv, ints[0], b], types::I64, span)
            }
        }
    }

    pub(super) fn is_finite(&mut self, x: Value) -> Value {
        let a = self.b.ins().fabs(x);
        let inf = self.fconst_like(x, f64::INFINITY);
        self.b.ins().fcmp(FloatCC::LessThan, a, inf)
    }

    /// CPython's `math_1` rule: a nan from a non-nan argument is a domain error; an infinity from a
    /// finite argument is a range error for functions that can overflow, a domain error otherwise.
    /// CPython's `math.ulp`: the step above `|x|`, or below it at the largest float; NaN and
    /// infinities are their own.
    fn math_ulp(&mut self, x: Value) -> Value {
        let a = self.b.ins().fabs(x);
        let inf = self.b.ins().f64const(f64::INFINITY);
        let next = self.helper(Helper::NpyNextafter);
        let up = self.call(next, &[a, inf])[0];
        let ninf = self.b.ins().f64const(f64::NEG_INFINITY);
        let down = self.call(next, &[a, ninf])[0];
        let step_up = self.b.ins().fsub(up, a);
        let step_down = self.b.ins().fsub(a, down);
        let up_fin = self.is_finite(up);
        let step = self.b.ins().select(up_fin, step_up, step_down);
        let a_fin = self.is_finite(a);
        let r = self.b.ins().select(a_fin, step, a);
        let x_nan = self.b.ins().fcmp(FloatCC::Unordered, x, x);
        self.b.ins().select(x_nan, x, r)
    }

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

/// The C library's function behind a `math` function of one float, and whether CPython reports an
/// infinite result of a finite argument as an overflow (else a domain error).
fn libm_unary(f: MathFn) -> Option<(Helper, bool)> {
    Some(match f {
        MathFn::Exp => (Helper::Exp, true),
        MathFn::Expm1 => (Helper::Expm1, true),
        MathFn::Sinh => (Helper::Sinh, true),
        MathFn::Cosh => (Helper::Cosh, true),
        MathFn::Exp2 => (Helper::CExp2, true),
        MathFn::Log => (Helper::Log, false),
        MathFn::Log2 => (Helper::Log2, false),
        MathFn::Log10 => (Helper::Log10, false),
        MathFn::Log1p => (Helper::Log1p, false),
        MathFn::Sin => (Helper::Sin, false),
        MathFn::Cos => (Helper::Cos, false),
        MathFn::Tan => (Helper::Tan, false),
        MathFn::Asin => (Helper::Asin, false),
        MathFn::Acos => (Helper::Acos, false),
        MathFn::Atan => (Helper::Atan, false),
        MathFn::Tanh => (Helper::Tanh, false),
        MathFn::Asinh => (Helper::CAsinh, false),
        MathFn::Acosh => (Helper::CAcosh, false),
        MathFn::Atanh => (Helper::CAtanh, false),
        MathFn::Cbrt => (Helper::CCbrt, false),
        _ => return None,
    })
}
