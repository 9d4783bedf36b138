//! The scalar case of the ufuncs that are neither arithmetic operators nor the first few of
//! `ufunc.rs`: float functions through the C library (as NumPy's loops call it), rounding, signs,
//! predicates, logical operations, comparisons and the NaN-ignoring extrema, each with NumPy's
//! semantics (no exceptions: nan, inf and zeros instead).

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// One application of `u` to scalars whose result has the element type `out`; `plan` is the
    /// comparison plan of a comparison ufunc.
    pub(in crate::lower) fn more_ufunc_value(&mut self, u: Ufunc, args: &[(Value, Type)], out: &Type, plan: Option<&BinaryPlan>) -> Value {
        let d = out.value_dtype();
        let (x, tx) = args[0].clone();
        if let Some(op) = u.comparison() {
            let plan = plan.expect("the type checker plans comparison ufuncs");
            let (y, ty) = args[1].clone();
            // Two Python numbers compare as the NumPy scalars they become.
            let numpy = |t: &Type| if args.iter().all(|(_, t)| !matches!(t, Type::Scalar(_))) { Type::Scalar(t.value_dtype()) } else { t.clone() };
            let (nx, ny) = (numpy(&tx), numpy(&ty));
            let (x, y) = (self.convert(x, &tx, &nx), self.convert(y, &ty, &ny));
            return self.compare_values(op, x, &nx, y, &ny, &plan.operands);
        }
        if u == Ufunc::Isclose {
            return self.isclose(args);
        }
        if u.arity() == 2 {
            let (y, ty) = args[1].clone();
            return self.binary_ufunc_value(u, (x, &tx), (y, &ty), out);
        }
        match u {
            Ufunc::Isinf | Ufunc::Isfinite | Ufunc::Signbit | Ufunc::Isposinf | Ufunc::Isneginf | Ufunc::LogicalNot => return self.predicate(u, x, &tx),
            _ => {}
        }
        let v = self.convert(x, &tx, out);
        match u {
            Ufunc::Floor | Ufunc::Ceil | Ufunc::Trunc | Ufunc::Rint | Ufunc::Positive if !d.is_float() => v,
            Ufunc::Positive => v,
            Ufunc::Floor => self.b.ins().floor(v),
            Ufunc::Ceil => self.b.ins().ceil(v),
            Ufunc::Trunc => self.b.ins().trunc(v),
            Ufunc::Rint => self.b.ins().nearest(v),
            Ufunc::Fabs => self.b.ins().fabs(v),
            Ufunc::Sign => self.sign(v, d),
            Ufunc::Invert if d == Dtype::Bool => self.b.ins().bxor_imm_u(v, 1),
            Ufunc::Invert => self.b.ins().bnot(v),
            Ufunc::Reciprocal if d.is_float() => {
                let one = self.fconst(d, 1.0);
                self.b.ins().fdiv(one, v)
            }
            // NumPy divides 1.0 by the integer and casts the quotient back (1/0 is the cast of inf).
            Ufunc::Reciprocal => {
                let f = self.convert(x, &tx, &Type::Float);
                let one = self.fconst(Dtype::F64, 1.0);
                let q = self.b.ins().fdiv(one, f);
                self.convert(q, &Type::Float, out)
            }
            Ufunc::Deg2rad | Ufunc::Rad2deg => {
                // NumPy multiplies by the factor computed in the result's own precision.
                let factor = match (u == Ufunc::Deg2rad, d) {
                    (true, Dtype::F32) => (std::f32::consts::PI / 180.0f32) as f64,
                    (false, Dtype::F32) => (180.0f32 / std::f32::consts::PI) as f64,
                    (true, _) => std::f64::consts::PI / 180.0,
                    (false, _) => 180.0 / std::f64::consts::PI,
                };
                let k = self.fconst(d, factor);
                self.b.ins().fmul(v, k)
            }
            _ => {
                let h = c_function(u, d == Dtype::F32);
                let f = self.helper(h);
                self.call(f, &[v])[0]
            }
        }
    }

    /// The ufuncs of two operands that are no operator or comparison.
    fn binary_ufunc_value(&mut self, u: Ufunc, (x, tx): (Value, &Type), (y, ty): (Value, &Type), out: &Type) -> Value {
        let d = out.value_dtype();
        if matches!(u, Ufunc::LogicalAnd | Ufunc::LogicalOr | Ufunc::LogicalXor) {
            let (a, b) = (self.truth(&vec![x], tx), self.truth(&vec![y], ty));
            return match u {
                Ufunc::LogicalAnd => self.b.ins().band(a, b),
                Ufunc::LogicalOr => self.b.ins().bor(a, b),
                _ => self.b.ins().bxor(a, b),
            };
        }
        if u == Ufunc::Ldexp {
            let (a, e) = (self.convert(x, tx, out), self.convert(y, ty, &Type::Int));
            let f = self.helper(if d == Dtype::F32 { Helper::NpyLdexpF } else { Helper::NpyLdexp });
            return self.call(f, &[a, e])[0];
        }
        let (a, b) = (self.convert(x, tx, out), self.convert(y, ty, out));
        match u {
            Ufunc::Gcd | Ufunc::Lcm => {
                // In the operands' own width, through one helper for every integer dtype.
                let (a, b) = (self.convert(a, out, &Type::Int), self.convert(b, out, &Type::Int));
                let is_lcm = self.iconst(types::I64, (u == Ufunc::Lcm) as i64);
                let code = self.iconst(types::I64, crate::npymath::int_code(d));
                let f = self.helper(Helper::NpyGcdLcm);
                let r = self.call(f, &[is_lcm, code, a, b])[0];
                self.convert(r, &Type::Int, out)
            }
            Ufunc::Copysign => self.b.ins().fcopysign(a, b),
            Ufunc::Fmin | Ufunc::Fmax if d.is_float() => {
                // The first operand unless the second is smaller (larger) or the first is NaN, so
                // NaN only comes out of two NaNs, and equal zeros keep the first one's sign.
                let cc = if u == Ufunc::Fmin { FloatCC::LessThanOrEqual } else { FloatCC::GreaterThanOrEqual };
                let keeps = self.b.ins().fcmp(cc, a, b);
                let b_nan = self.b.ins().fcmp(FloatCC::Unordered, b, b);
                let first = self.b.ins().bor(keeps, b_nan);
                self.b.ins().select(first, a, b)
            }
            Ufunc::Fmin | Ufunc::Fmax => self.numpy_extremum(u == Ufunc::Fmin, a, b, false, d.is_signed()),
            Ufunc::Heaviside => {
                // 0 below zero, 1 above, the second operand at zero, NaN for NaN.
                let (zero, one) = (self.fconst(d, 0.0), self.fconst(d, 1.0));
                let is_zero = self.b.ins().fcmp(FloatCC::Equal, a, zero);
                let at_zero = self.b.ins().select(is_zero, b, a);
                let above = self.b.ins().fcmp(FloatCC::GreaterThan, a, zero);
                let v = self.b.ins().select(above, one, at_zero);
                let below = self.b.ins().fcmp(FloatCC::LessThan, a, zero);
                self.b.ins().select(below, zero, v)
            }
            Ufunc::Fmod if !d.is_float() => self.int_fmod(a, b, d),
            _ => {
                let h = c_function(u, d == Dtype::F32);
                let f = self.helper(h);
                self.call(f, &[a, b])[0]
            }
        }
    }

    /// NumPy's `isclose` of one element (see `ufunc_rules::isclose_types`): within the tolerance
    /// where `y` is finite, or equal, or (with `equal_nan`) both NaN.
    fn isclose(&mut self, args: &[(Value, Type)]) -> Value {
        let types: Vec<Type> = args.iter().map(|(_, t)| t.clone()).collect();
        let t = hasten_typeck::ufunc_rules::isclose_types(&types).expect("the type checker checked isclose's operands");
        let (x, tx) = args[0].clone();
        let y = self.convert(args[1].0, &args[1].1, &t.y);
        // Each step is a float operation in its plan's type.
        let float_op = |cx: &mut Self, op: BinOp, (a, ta): (Value, &Type), (b, tb): (Value, &Type), plan: &BinaryPlan| {
            let (a, b) = (cx.convert(a, ta, &plan.operands), cx.convert(b, tb, &plan.operands));
            match op {
                BinOp::Sub => cx.b.ins().fsub(a, b),
                BinOp::Mul => cx.b.ins().fmul(a, b),
                _ => cx.b.ins().fadd(a, b),
            }
        };
        let diff = float_op(self, BinOp::Sub, (x, &tx), (y, &t.y), &t.sub);
        let diff = self.b.ins().fabs(diff);
        let ay = self.b.ins().fabs(y);
        let scaled = float_op(self, BinOp::Mul, (args[2].0, &args[2].1), (ay, &t.y), &t.mul);
        let tol = float_op(self, BinOp::Add, (args[3].0, &args[3].1), (scaled, &t.mul.result), &t.add);
        let within = self.compare_values(CmpOp::LtE, diff, &t.sub.result, tol, &t.add.result, &t.le);
        let finite = self.predicate(Ufunc::Isfinite, y, &t.y);
        let equal = self.compare_values(CmpOp::Eq, x, &tx, y, &t.y, &t.eq);
        let close = self.b.ins().band(within, finite);
        let close = self.b.ins().bor(close, equal);
        let equal_nan = self.truth(&vec![args[4].0], &args[4].1);
        let x_nan = if tx.is_floatlike() { self.b.ins().fcmp(FloatCC::Unordered, x, x) } else { self.iconst(types::I8, 0) };
        let y_nan = self.b.ins().fcmp(FloatCC::Unordered, y, y);
        let both_nan = self.b.ins().band(x_nan, y_nan);
        let both_nan = self.b.ins().band(both_nan, equal_nan);
        self.b.ins().bor(close, both_nan)
    }

    /// `isinf`, `isfinite`, `signbit`, `isposinf`, `isneginf` and `logical_not` of a number of type `t`.
    fn predicate(&mut self, u: Ufunc, x: Value, t: &Type) -> Value {
        if matches!(u, Ufunc::Isposinf | Ufunc::Isneginf) {
            let inf = self.predicate(Ufunc::Isinf, x, t);
            let neg = self.predicate(Ufunc::Signbit, x, t);
            let neg = if u == Ufunc::Isposinf { self.b.ins().bxor_imm_u(neg, 1) } else { neg };
            return self.b.ins().band(inf, neg);
        }
        if u == Ufunc::LogicalNot {
            let v = self.truth(&vec![x], t);
            return self.b.ins().bxor_imm_u(v, 1);
        }
        if !t.is_floatlike() {
            return match u {
                Ufunc::Isinf => self.iconst(types::I8, 0),
                Ufunc::Isfinite => self.iconst(types::I8, 1),
                _ if is_signed_num(t) => self.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, 0),
                _ => self.iconst(types::I8, 0),
            };
        }
        let d = t.value_dtype();
        match u {
            Ufunc::Signbit => {
                let ity = if d == Dtype::F32 { types::I32 } else { types::I64 };
                let bits = self.b.ins().bitcast(ity, MemFlagsData::new(), x);
                self.b.ins().icmp_imm_s(IntCC::SignedLessThan, bits, 0)
            }
            _ => {
                let (a, inf) = (self.b.ins().fabs(x), self.fconst(d, f64::INFINITY));
                let cc = if u == Ufunc::Isinf { FloatCC::Equal } else { FloatCC::LessThan };
                self.b.ins().fcmp(cc, a, inf)
            }
        }
    }

    /// NumPy's `sign`: -1, 0 or 1 of the operand's type; NaN stays NaN and -0.0 gives 0.0.
    fn sign(&mut self, v: Value, d: Dtype) -> Value {
        if d.is_float() {
            let (zero, one, minus) = (self.fconst(d, 0.0), self.fconst(d, 1.0), self.fconst(d, -1.0));
            let is_zero = self.b.ins().fcmp(FloatCC::Equal, v, zero);
            let s = self.b.ins().select(is_zero, zero, v);
            let below = self.b.ins().fcmp(FloatCC::LessThan, v, zero);
            let s = self.b.ins().select(below, minus, s);
            let above = self.b.ins().fcmp(FloatCC::GreaterThan, v, zero);
            return self.b.ins().select(above, one, s);
        }
        let ty = scalar_clif(&Type::Scalar(d));
        let widen = |cx: &mut Self, flag: Value| if ty == types::I8 { flag } else { cx.b.ins().uextend(ty, flag) };
        let above = self.b.ins().icmp_imm_s(if d.is_signed() { IntCC::SignedGreaterThan } else { IntCC::UnsignedGreaterThan }, v, 0);
        let above = widen(self, above);
        if !d.is_signed() {
            return above;
        }
        let below = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, v, 0);
        let below = widen(self, below);
        self.b.ins().isub(above, below)
    }

    /// C's `%` on integers as NumPy's `fmod` gives it: the sign of the dividend, 0 for a zero
    /// divisor (and for the one quotient that overflows, `MIN % -1`).
    fn int_fmod(&mut self, a: Value, b: Value, d: Dtype) -> Value {
        let ty = scalar_clif(&Type::Scalar(d));
        let (zero, one) = (self.iconst(ty, 0), self.iconst(ty, 1));
        let by_zero = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
        if !d.is_signed() {
            let safe = self.b.ins().select(by_zero, one, b);
            let r = self.b.ins().urem(a, safe);
            return self.b.ins().select(by_zero, zero, r);
        }
        // x % -1 is 0 for every x: dividing by 1 instead gives it without the overflow.
        let minus_one = self.b.ins().icmp_imm_s(IntCC::Equal, b, -1);
        let trivial = self.b.ins().bor(by_zero, minus_one);
        let safe = self.b.ins().select(trivial, one, b);
        self.b.ins().srem(a, safe)
    }

    /// NumPy's `round(x, decimals)`: `rint(x * 10**decimals) / 10**decimals` in the result's float
    /// type (divided and multiplied for negative decimals); integers are kept for decimals >= 0,
    /// otherwise rounded in float64 and cast back.
    pub(in crate::lower) fn round_value(&mut self, x: Value, tx: &Type, out: &Type, decimals: i64) -> Value {
        let d = out.value_dtype();
        if !d.is_float() && decimals >= 0 {
            return self.convert(x, tx, out);
        }
        let fd = if d.is_float() { d } else { Dtype::F64 };
        let v = self.convert(x, tx, &Type::Scalar(fd));
        if decimals == 0 {
            return self.b.ins().nearest(v);
        }
        let f = self.fconst(fd, hasten_runtime::mathfns::power_of_ten(decimals.unsigned_abs()));
        let r = if decimals > 0 {
            let y = self.b.ins().fmul(v, f);
            let y = self.b.ins().nearest(y);
            self.b.ins().fdiv(y, f)
        } else {
            let y = self.b.ins().fdiv(v, f);
            let y = self.b.ins().nearest(y);
            self.b.ins().fmul(y, f)
        };
        self.convert(r, &Type::Scalar(fd), out)
    }

    /// `round_value` with decimals known only at run time (an int64 `decimals`): both forms
    /// computed and the one for its sign chosen; integers are kept for decimals >= 0. NumPy takes
    /// decimals as a C int: beyond it, its OverflowError.
    pub(in crate::lower) fn round_value_dynamic(&mut self, x: Value, tx: &Type, out: &Type, decimals: Value, span: Span) -> Value {
        let above = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, decimals, i64::from(i32::MAX));
        self.fail_if(above, "OverflowError", "signed integer is greater than maximum", span);
        let below = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, decimals, i64::from(i32::MIN));
        self.fail_if(below, "OverflowError", "signed integer is less than minimum", span);
        let d = out.value_dtype();
        let fd = if d.is_float() { d } else { Dtype::F64 };
        let v = self.convert(x, tx, &Type::Scalar(fd));
        let h = self.helper(Helper::PowerOfTen);
        let f = self.call(h, &[decimals])[0];
        let f = if fd == Dtype::F32 { self.b.ins().fdemote(types::F32, f) } else { f };
        let up = self.b.ins().fmul(v, f);
        let up = self.b.ins().nearest(up);
        let up = self.b.ins().fdiv(up, f);
        let down = self.b.ins().fdiv(v, f);
        let down = self.b.ins().nearest(down);
        let down = self.b.ins().fmul(down, f);
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, decimals, 0);
        let r = self.b.ins().select(negative, down, up);
        let r = self.convert(r, &Type::Scalar(fd), out);
        if d.is_float() {
            return r;
        }
        let kept = self.convert(x, tx, out);
        self.b.ins().select(negative, r, kept)
    }

    /// A float constant of dtype `d` (float32 or float64).
    pub(in crate::lower) fn fconst(&mut self, d: Dtype, v: f64) -> Value {
        if d == Dtype::F32 {
            self.b.ins().f32const(v as f32)
        } else {
            self.b.ins().f64const(v)
        }
    }
}

/// The C library function of a float ufunc, in single or double precision.
fn c_function(u: Ufunc, single: bool) -> Helper {
    use Helper as H;
    match (u, single) {
        (Ufunc::Tan, false) => H::Tan,
        (Ufunc::Arcsin, false) => H::Asin,
        (Ufunc::Arccos, false) => H::Acos,
        (Ufunc::Arctan, false) => H::Atan,
        (Ufunc::Sinh, false) => H::Sinh,
        (Ufunc::Cosh, false) => H::Cosh,
        (Ufunc::Tanh, false) => H::Tanh,
        (Ufunc::Arcsinh, false) => H::CAsinh,
        (Ufunc::Arccosh, false) => H::CAcosh,
        (Ufunc::Arctanh, false) => H::CAtanh,
        (Ufunc::Log2, false) => H::Log2,
        (Ufunc::Log10, false) => H::Log10,
        (Ufunc::Log1p, false) => H::Log1p,
        (Ufunc::Expm1, false) => H::Expm1,
        (Ufunc::Exp2, false) => H::CExp2,
        (Ufunc::Cbrt, false) => H::CCbrt,
        (Ufunc::Arctan2, false) => H::Atan2,
        (Ufunc::Hypot, false) => H::CHypot,
        (Ufunc::Fmod, false) => H::CFmod,
        (Ufunc::Tan, true) => H::CTanF,
        (Ufunc::Arcsin, true) => H::CAsinF,
        (Ufunc::Arccos, true) => H::CAcosF,
        (Ufunc::Arctan, true) => H::CAtanF,
        (Ufunc::Sinh, true) => H::CSinhF,
        (Ufunc::Cosh, true) => H::CCoshF,
        (Ufunc::Tanh, true) => H::CTanhF,
        (Ufunc::Arcsinh, true) => H::CAsinhF,
        (Ufunc::Arccosh, true) => H::CAcoshF,
        (Ufunc::Arctanh, true) => H::CAtanhF,
        (Ufunc::Log2, true) => H::CLog2F,
        (Ufunc::Log10, true) => H::CLog10F,
        (Ufunc::Log1p, true) => H::CLog1pF,
        (Ufunc::Expm1, true) => H::CExpm1F,
        (Ufunc::Exp2, true) => H::CExp2F,
        (Ufunc::Cbrt, true) => H::CCbrtF,
        (Ufunc::Arctan2, true) => H::CAtan2F,
        (Ufunc::Hypot, true) => H::CHypotF,
        (Ufunc::Fmod, true) => H::CFmodF,
        (Ufunc::Logaddexp, false) => H::NpyLogaddexp,
        (Ufunc::Logaddexp2, false) => H::NpyLogaddexp2,
        (Ufunc::Nextafter, false) => H::NpyNextafter,
        (Ufunc::Spacing, false) => H::NpySpacing,
        (Ufunc::Logaddexp, true) => H::NpyLogaddexpF,
        (Ufunc::Logaddexp2, true) => H::NpyLogaddexp2F,
        (Ufunc::Nextafter, true) => H::NpyNextafterF,
        (Ufunc::Spacing, true) => H::NpySpacingF,
        (u, _) => unreachable!("{u:?} is no C library function"),
    }
}
