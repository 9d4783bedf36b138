//! Conversions between scalar types: coercions to the type an operation computes in,
//! values stored into array elements, and float to int as `int()` does.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// A scalar converted as NumPy converts it when storing it into an array of dtype `d`: a float
    /// into an integer array goes through Python's int() (nan and inf raise), and a Python int must
    /// fit the dtype.
    pub(super) fn stored_value(&mut self, v: Value, vty: &Type, d: Dtype, span: Span) -> Value {
        // NumPy 2 stores a NumPy scalar into an unsigned array by its C cast (wrapping); any other
        // number into an integer array goes through a Python int, checked against the dtype.
        if matches!(vty, Type::Scalar(_)) && d.is_unsigned() {
            return self.convert(v, vty, &Type::Scalar(d));
        }
        let (v, vty) = if vty.is_floatlike() && d.is_int() {
            let f = self.f64_value(v, vty);
            (self.float_to_py_int(f, span), Type::Int)
        } else {
            (v, vty.clone())
        };
        match vty {
            Type::Int if d.is_int() && d != Dtype::I64 => self.check_python_int_fits(v, d, span),
            Type::Scalar(s) if s.is_int() && d.is_signed() => {
                let wide = self.convert(v, &vty, &Type::Int);
                if s == Dtype::U64 {
                    let huge = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, wide, 0);
                    self.fail_if(huge, "OverflowError", "Python int too large to convert to C long", span);
                }
                if d != Dtype::I64 {
                    self.check_python_int_fits(wide, d, span);
                }
            }
            _ => {}
        }
        self.convert(v, &vty, &Type::Scalar(d))
    }

    pub(super) fn convert_const_one(&mut self, d: Dtype) -> Value {
        match d {
            Dtype::F32 => self.b.ins().f32const(1.0),
            Dtype::F64 => self.b.ins().f64const(1.0),
            _ => self.iconst(scalar_clif(&Type::Scalar(d)), 1),
        }
    }

    /// The value of an optional local (`Builtin::Unwrap`): the TypeError its constant message gives
    /// when it holds `None`.
    pub(super) fn unwrap_optional(&mut self, args: &[Expr], span: Span) -> R<Vals> {
        let vals = self.expr(&args[0])?;
        if !matches!(args[0].ty, Type::Optional(_)) {
            return Ok(vals);
        }
        let ExprKind::Const(Const::Str(message)) = &args[1].kind else { unreachable!("the type checker writes the message") };
        let none = self.b.ins().icmp_imm_u(IntCC::Equal, vals[0], 0);
        self.fail_if(none, "TypeError", message, span);
        Ok(vals[1..].to_vec())
    }

    /// Converts between value types as assignment, unification and NumPy casts do.
    pub(super) fn coerce(&mut self, vals: Vals, from: &Type, to: &Type) -> Vals {
        if from == to {
            return vals;
        }
        match (from, to) {
            (Type::Tuple(fs), Type::Tuple(ts)) => {
                let mut out = Vec::new();
                let mut offset = 0;
                for (f, t) in fs.iter().zip(ts) {
                    let n = f.slot_count();
                    out.extend(self.coerce(vals[offset..offset + n].to_vec(), f, t));
                    offset += n;
                }
                out
            }
            (Type::Array(_), Type::Array(_)) => vals,
            // An optional result: a flag, then the value, or zeros that refer to nothing.
            (Type::Optional(f), Type::Optional(t)) => {
                let mut out = vec![vals[0]];
                out.extend(self.coerce(vals[1..].to_vec(), f, t));
                out
            }
            (Type::None, Type::Optional(value)) => {
                let mut out = vec![self.iconst(types::I8, 0)];
                out.extend(slots_of(value).into_iter().map(|s| self.zero(clif_type(s))));
                out
            }
            (_, Type::Optional(value)) => {
                let mut out = vec![self.iconst(types::I8, 1)];
                out.extend(self.coerce(vals, from, value));
                out
            }
            (_, Type::Scalar(Dtype::C64)) if from.is_numeric_scalar() || *from == Type::Complex => {
                let (re, im) = self.parts_of(&vals, from, Dtype::C64);
                vec![re, im]
            }
            (_, Type::Complex | Type::Scalar(Dtype::C128)) if from.is_numeric_scalar() || *from == Type::Complex => {
                let (re, im) = self.complex_parts(&vals, from);
                vec![re, im]
            }
            _ if from.is_numeric_scalar() && to.is_numeric_scalar() => vec![self.convert(vals[0], from, to)],
            _ => vals,
        }
    }

    /// Numeric conversion of one scalar (C-style casts between machine types; NumPy's semantics).
    pub(super) fn convert(&mut self, v: Value, from: &Type, to: &Type) -> Value {
        if from == to {
            return v;
        }
        let (fd, td) = (num_dtype(from), num_dtype(to));
        if td == Dtype::Bool {
            return self.truth(&vec![v], from);
        }
        let (fc, tc) = (scalar_clif(from), scalar_clif(to));
        if td.is_float() {
            if fd.is_float() {
                return match (fc, tc) {
                    (a, b) if a == b => v,
                    (types::F32, _) => self.b.ins().fpromote(tc, v),
                    _ => self.b.ins().fdemote(tc, v),
                };
            }
            let wide = self.i64_value(v, from);
            return if fd.is_unsigned() || fd == Dtype::Bool {
                self.b.ins().fcvt_from_uint(tc, wide)
            } else {
                self.b.ins().fcvt_from_sint(tc, wide)
            };
        }
        if fd.is_float() {
            return self.float_to_int_cast(v, fc, td, tc);
        }
        let fbits = fc.bits();
        let tbits = tc.bits();
        if fbits == tbits {
            v
        } else if fbits > tbits {
            self.b.ins().ireduce(tc, v)
        } else if is_signed_num(from) {
            self.b.ins().sextend(tc, v)
        } else {
            self.b.ins().uextend(tc, v)
        }
    }

    /// Python's `int(x)` for a float: truncation, with CPython's errors for nan and inf, and an
    /// OverflowError past 64 bits.
    pub(super) fn float_to_py_int(&mut self, x: Value, span: Span) -> Value {
        let lo = self.b.ins().f64const(-9223372036854775808.0);
        let hi = self.b.ins().f64const(9223372036854775808.0);
        let ge = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, x, lo);
        let lt = self.b.ins().fcmp(FloatCC::LessThan, x, hi);
        let ok = self.b.ins().band(ge, lt);
        let bad = self.b.ins().bxor_imm_u(ok, 1);
        self.fail_if_with(bad, |cx| {
            let (lp, ll) = cx.location(span);
            let f = cx.helper(Helper::FloatToIntError);
            cx.call(f, &[x, lp, ll]);
            cx.leave_to_error_exit();
        });
        self.b.ins().fcvt_to_sint_sat(types::I64, x)
    }

    pub(super) fn f64_value(&mut self, v: Value, ty: &Type) -> Value {
        self.convert(v, ty, &Type::Float)
    }

    /// A float cast to an integer dtype as NumPy's casts do on x86-64, where they compile to the
    /// truncating conversion that gives the lowest integer for nan and out-of-range values: int64
    /// and int32 convert at their width, narrower types through int32 and then wrap, and unsigned
    /// types above the signed range subtract half the range first (the usual compiler sequence).
    fn float_to_int_cast(&mut self, x: Value, fc: ir::Type, td: Dtype, tc: ir::Type) -> Value {
        let (bits, unsigned) = match td {
            Dtype::I64 => (64, false),
            Dtype::U64 => (64, true),
            Dtype::U32 => (32, true),
            _ => (32, false),
        };
        let it = if bits == 64 { types::I64 } else { types::I32 };
        let half = if bits == 64 { 9223372036854775808.0 } else { 2147483648.0 };
        let half_v = if fc == types::F32 { self.b.ins().f32const(half as f32) } else { self.b.ins().f64const(half) };
        let wide = if unsigned {
            let above = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, x, half_v);
            let shifted = self.b.ins().fsub(x, half_v);
            let high = self.truncating_cvt(shifted, half_v, it);
            let high = self.b.ins().bxor_imm_s(high, i64::MIN >> (64 - bits));
            let low = self.truncating_cvt(x, half_v, it);
            self.b.ins().select(above, high, low)
        } else {
            self.truncating_cvt(x, half_v, it)
        };
        match it.bits().cmp(&tc.bits()) {
            std::cmp::Ordering::Equal => wide,
            std::cmp::Ordering::Greater => self.b.ins().ireduce(tc, wide),
            std::cmp::Ordering::Less => self.b.ins().sextend(tc, wide),
        }
    }

    /// x86's truncating conversion to `it`: the integer part, or the lowest integer when `x` is nan
    /// or not below `half` (2**(bits-1)); values below the range saturate to that same lowest one.
    fn truncating_cvt(&mut self, x: Value, half: Value, it: ir::Type) -> Value {
        let sat = self.b.ins().fcvt_to_sint_sat(it, x);
        let in_range = self.b.ins().fcmp(FloatCC::LessThan, x, half);
        let lowest = self.b.ins().iconst(it, if it == types::I64 { i64::MIN } else { i32::MIN as i64 });
        self.b.ins().select(in_range, sat, lowest)
    }
}
