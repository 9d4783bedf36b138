//! Arithmetic on scalars with CPython's semantics for Python ints and floats (overflow
//! checks on 64-bit ints, floor division and modulo, `**`) and NumPy's for NumPy scalars
//! (wrapping ints, IEEE floats).

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// `a op b` for 64-bit `+`, `-` or `*`, and whether it overflowed. With a constant operand the
    /// overflow test is a comparison of the other operand with a bound: unlike the flag of an
    /// `*_overflow` instruction, Cranelift can merge it and hoist it out of loops.
    pub(super) fn checked(&mut self, op: BinOp, a: Value, b: Value) -> (Value, Value) {
        let (max, min) = (i64::MAX, i64::MIN);
        let (x, c) = match (self.const_int(a), self.const_int(b)) {
            (Some(0), None) if op == BinOp::Sub => {
                let of = self.b.ins().icmp_imm_s(IntCC::Equal, b, min);
                return (self.b.ins().ineg(b), of);
            }
            (_, Some(c)) => (a, c),
            (Some(c), None) if op != BinOp::Sub => (b, c),
            _ => {
                return match op {
                    BinOp::Add => self.b.ins().sadd_overflow(a, b),
                    BinOp::Sub => self.b.ins().ssub_overflow(a, b),
                    _ => self.b.ins().smul_overflow(a, b),
                };
            }
        };
        // The operands for which the result fits, as an inclusive range [lo, hi].
        let (r, lo, hi) = match op {
            BinOp::Add if c >= 0 => (self.b.ins().iadd_imm_s(x, c), min, max - c),
            BinOp::Add => (self.b.ins().iadd_imm_s(x, c), min - c, max),
            BinOp::Sub if c >= 0 => (self.b.ins().isub(a, b), min + c, max),
            BinOp::Sub => (self.b.ins().isub(a, b), min, max + c),
            _ => {
                let r = self.b.ins().imul_imm_s(x, c);
                match c {
                    0 | 1 => (r, min, max),
                    -1 => (r, min + 1, max),
                    c if c > 1 => (r, min / c, max / c),
                    c => (r, max / c, min / c),
                }
            }
        };
        let of = if (lo, hi) == (min, max) {
            self.b.ins().iconst(types::I8, 0)
        } else {
            let offset = self.b.ins().iadd_imm_s(x, lo.wrapping_neg());
            self.b.ins().icmp_imm_u(IntCC::UnsignedGreaterThan, offset, hi.wrapping_sub(lo))
        };
        (r, of)
    }

    /// `l op r` computed as the type checker planned it (`plan`, recorded on the tree): both
    /// operands converted to `plan.operands`, the result of type `plan.result`, which is returned.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn binary(&mut self, op: BinOp, l: Value, lt: &Type, r: Value, rt: &Type, plan: &BinaryPlan, span: Span) -> R<(Value, Type)> {
        let ints_divided = op == BinOp::Div && lt.is_intlike() && rt.is_intlike()
            && !matches!(lt, Type::Scalar(_)) && !matches!(rt, Type::Scalar(_));
        if ints_divided {
            let a = self.convert(l, lt, &Type::Int);
            let b = self.convert(r, rt, &Type::Int);
            return Ok((self.int_true_divide(a, b, span), Type::Float));
        }
        if let Type::Scalar(d) = plan.operands {
            // NEP 50: a Python int adopts the NumPy integer type and must fit in it.
            if d.is_int() && d != Dtype::I64 {
                for (v, t) in [(l, lt), (r, rt)] {
                    if *t == Type::Int {
                        self.check_python_int_fits(v, d, span);
                    }
                }
            }
        }
        let a = self.convert(l, lt, &plan.operands);
        let b = self.convert(r, rt, &plan.operands);
        let v = match &plan.operands {
            Type::Int => self.py_int_op(op, a, b, span),
            Type::Bool => self.bitwise(op, a, b),
            Type::Float => self.float_op(op, a, b, true, Dtype::F64, span),
            Type::Scalar(d) if d.is_float() => self.float_op(op, a, b, false, *d, span),
            Type::Scalar(Dtype::Bool) => match op {
                BinOp::Add => self.b.ins().bor(a, b),
                BinOp::Mul => self.b.ins().band(a, b),
                _ => self.bitwise(op, a, b),
            },
            Type::Scalar(d) => self.np_int_op(op, a, b, *d, span),
            _ => unreachable!("arithmetic on scalars only"),
        };
        Ok((v, plan.result.clone()))
    }

    pub(super) fn bitwise(&mut self, op: BinOp, a: Value, b: Value) -> Value {
        match op {
            BinOp::BitAnd => self.b.ins().band(a, b),
            BinOp::BitOr => self.b.ins().bor(a, b),
            BinOp::BitXor => self.b.ins().bxor(a, b),
            _ => unreachable!("rules allow only bitwise operators here"),
        }
    }

    /// Python's `int / int`, correctly rounded like CPython even above 2**53.
    pub(super) fn int_true_divide(&mut self, a: Value, b: Value, span: Span) -> Value {
        let zero = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
        self.fail_if(zero, "ZeroDivisionError", "division by zero", span);
        let f = self.helper(Helper::IntTruediv);
        self.call(f, &[a, b])[0]
    }

    pub(super) fn py_int_op(&mut self, op: BinOp, a: Value, b: Value, span: Span) -> Value {
        let ins = |cx: &mut Self, of: Value, r: Value| {
            cx.fail_if(of, "OverflowError", OVERFLOW, span);
            r
        };
        match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul => {
                let (r, of) = self.checked(op, a, b);
                ins(self, of, r)
            }
            BinOp::FloorDiv | BinOp::Mod => self.py_floor_divmod(op, a, b, span),
            BinOp::Pow => {
                let out = self.stack_slot(8);
                let (lp, ll) = self.location(span);
                let f = self.helper(Helper::IntPow);
                let status = self.call(f, &[a, b, out, lp, ll])[0];
                self.check_status(status);
                self.b.ins().load(types::I64, MemFlagsData::trusted(), out, 0)
            }
            BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => self.bitwise(op, a, b),
            BinOp::LShift | BinOp::RShift => {
                let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, b, 0);
                self.fail_if(neg, "ValueError", "negative shift count", span);
                let big = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, b, 64);
                if op == BinOp::LShift {
                    let shifted = self.b.ins().ishl(a, b);
                    let back = self.b.ins().sshr(shifted, b);
                    let lost = self.b.ins().icmp(IntCC::NotEqual, back, a);
                    let nonzero = self.b.ins().icmp_imm_s(IntCC::NotEqual, a, 0);
                    let of = self.b.ins().select(big, nonzero, lost);
                    self.fail_if(of, "OverflowError", OVERFLOW, span);
                    let zero = self.iconst(types::I64, 0);
                    self.b.ins().select(big, zero, shifted)
                } else {
                    let sixty_three = self.iconst(types::I64, 63);
                    let count = self.b.ins().select(big, sixty_three, b);
                    self.b.ins().sshr(a, count)
                }
            }
            BinOp::Div => unreachable!("int / int is handled as a float division"),
        }
    }

    /// Python's `a // b` and `a % b` for 64-bit ints.
    fn py_floor_divmod(&mut self, op: BinOp, a: Value, b: Value, span: Span) -> Value {
        // Floor semantics are exactly two's-complement masks and arithmetic shifts.
        if let Some(k) = self.const_int(b).filter(|k| *k > 0 && (*k as u64).is_power_of_two()) {
            return match op {
                BinOp::Mod => self.b.ins().band_imm_s(a, k - 1),
                _ => self.b.ins().sshr_imm_s(a, i64::from(k.trailing_zeros())),
            };
        }
        let zero = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
        let msg = if op == BinOp::Mod && !self.divmod {
            "integer modulo by zero"
        } else {
            "integer division or modulo by zero"
        };
        self.fail_if(zero, "ZeroDivisionError", msg, span);
        if op == BinOp::FloorDiv {
            let min = self.b.ins().icmp_imm_s(IntCC::Equal, a, i64::MIN);
            let minus_one = self.b.ins().icmp_imm_s(IntCC::Equal, b, -1);
            let of = self.b.ins().band(min, minus_one);
            self.fail_if(of, "OverflowError", OVERFLOW, span);
            return self.floor_divmod_signed(a, b).0;
        }
        if self.const_int(b).is_some() {
            return self.floor_mod_signed(a, b);
        }
        // A run-time divisor: wrap-around indices (`(i + 1) % n`) are mostly in range already, and
        // a predictable branch around the division costs far less than the division.
        let below = self.b.ins().icmp(IntCC::UnsignedLessThan, a, b);
        let positive = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, b, 0);
        let fast = self.b.ins().band(below, positive);
        let (slow, join) = (self.b.create_block(), self.b.create_block());
        self.b.append_block_param(join, types::I64);
        self.b.ins().brif(fast, join, &[a.into()], slow, &[]);
        self.b.switch_to_block(slow);
        let r = self.floor_mod_signed(a, b);
        self.b.ins().jump(join, &[r.into()]);
        self.b.switch_to_block(join);
        self.b.block_params(join)[0]
    }

    /// Python's `a % b` alone (one division); the caller excludes b == 0.
    fn floor_mod_signed(&mut self, a: Value, b: Value) -> Value {
        // `srem` by -1 faults on MIN; every remainder by -1 is 0, as by 1.
        let minus_one = self.b.ins().icmp_imm_s(IntCC::Equal, b, -1);
        let one = self.iconst(types::I64, 1);
        let safe_b = self.b.ins().select(minus_one, one, b);
        let r0 = self.b.ins().srem(a, safe_b);
        let rnz = self.b.ins().icmp_imm_s(IntCC::NotEqual, r0, 0);
        let sign = self.b.ins().bxor(r0, b);
        let differ = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, sign, 0);
        let adjust = self.b.ins().band(rnz, differ);
        let r1 = self.b.ins().iadd(r0, b);
        self.b.ins().select(adjust, r1, r0)
    }

    /// Floor division and modulo for signed integers; the caller excludes b == 0. `b == -1` is
    /// computed without the hardware division, which faults on `MIN / -1`.
    pub(super) fn floor_divmod_signed(&mut self, a: Value, b: Value) -> (Value, Value) {
        let ty = self.b.func.dfg.value_type(a);
        let minus_one = self.b.ins().icmp_imm_s(IntCC::Equal, b, -1);
        let one = self.iconst(ty, 1);
        let safe_b = self.b.ins().select(minus_one, one, b);
        let q0 = self.b.ins().sdiv(a, safe_b);
        let r0 = self.b.ins().srem(a, safe_b);
        let neg_a = self.b.ins().ineg(a);
        let q0 = self.b.ins().select(minus_one, neg_a, q0);
        let zero = self.iconst(ty, 0);
        let r0 = self.b.ins().select(minus_one, zero, r0);
        let rnz = self.b.ins().icmp_imm_s(IntCC::NotEqual, r0, 0);
        let sign = self.b.ins().bxor(r0, b);
        let differ = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, sign, 0);
        let adjust = self.b.ins().band(rnz, differ);
        let q1 = self.b.ins().iadd_imm_s(q0, -1);
        let r1 = self.b.ins().iadd(r0, b);
        (self.b.ins().select(adjust, q1, q0), self.b.ins().select(adjust, r1, r0))
    }

    pub(super) fn np_int_op(&mut self, op: BinOp, a: Value, b: Value, d: Dtype, span: Span) -> Value {
        let ty = scalar_clif(&Type::Scalar(d));
        let bits = (d.itemsize() * 8) as i64;
        match op {
            BinOp::Add => self.b.ins().iadd(a, b),
            BinOp::Sub => self.b.ins().isub(a, b),
            BinOp::Mul => self.b.ins().imul(a, b),
            BinOp::FloorDiv | BinOp::Mod => {
                // NumPy gives 0 for division by zero (with a warning), never an exception.
                let zero = self.iconst(ty, 0);
                let one = self.iconst(ty, 1);
                let by_zero = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
                let safe_b = self.b.ins().select(by_zero, one, b);
                let (q, r) = if d.is_signed() {
                    self.floor_divmod_signed(a, safe_b)
                } else {
                    (self.b.ins().udiv(a, safe_b), self.b.ins().urem(a, safe_b))
                };
                let v = if op == BinOp::FloorDiv { q } else { r };
                self.b.ins().select(by_zero, zero, v)
            }
            BinOp::Pow => {
                let a64 = self.i64_value(a, &Type::Scalar(d));
                let b64 = self.i64_value(b, &Type::Scalar(d));
                if d.is_signed() {
                    let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, b64, 0);
                    self.fail_if(neg, "ValueError", "Integers to negative integer powers are not allowed.", span);
                }
                let f = self.helper(Helper::IpowWrap);
                let r = self.call(f, &[a64, b64])[0];
                if ty == types::I64 {
                    r
                } else {
                    self.b.ins().ireduce(ty, r)
                }
            }
            BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => self.bitwise(op, a, b),
            BinOp::LShift | BinOp::RShift => {
                let in_range = self.b.ins().icmp_imm_s(IntCC::UnsignedLessThan, b, bits);
                let shifted = if op == BinOp::LShift {
                    self.b.ins().ishl(a, b)
                } else if d.is_signed() {
                    self.b.ins().sshr(a, b)
                } else {
                    self.b.ins().ushr(a, b)
                };
                let overflowed = if op == BinOp::RShift && d.is_signed() {
                    self.b.ins().sshr_imm_u(a, bits - 1)
                } else {
                    self.iconst(ty, 0)
                };
                self.b.ins().select(in_range, shifted, overflowed)
            }
            BinOp::Div => unreachable!("integer true division computes in floats"),
        }
    }

    pub(super) fn float_op(&mut self, op: BinOp, a: Value, b: Value, python: bool, d: Dtype, span: Span) -> Value {
        let raises = python && !self.opts.numpy_errors;
        let check_zero = |cx: &mut Self, msg: &str| {
            if raises {
                let zero = cx.b.ins().f64const(0.0);
                let is_zero = cx.b.ins().fcmp(FloatCC::Equal, b, zero);
                cx.fail_if(is_zero, "ZeroDivisionError", msg, span);
            }
        };
        match op {
            BinOp::Add => self.b.ins().fadd(a, b),
            BinOp::Sub => self.b.ins().fsub(a, b),
            BinOp::Mul => self.b.ins().fmul(a, b),
            BinOp::Div => {
                check_zero(self, "float division by zero");
                self.b.ins().fdiv(a, b)
            }
            BinOp::FloorDiv | BinOp::Mod => {
                let msg = match op {
                    _ if self.divmod => "float divmod()",
                    BinOp::FloorDiv => "float floor division by zero",
                    _ => "float modulo",
                };
                check_zero(self, msg);
                // float32 operands are divided in float32, as NumPy does.
                let f = self.helper(match (op, d) {
                    (BinOp::FloorDiv, Dtype::F32) => Helper::Float32Floordiv,
                    (_, Dtype::F32) => Helper::Float32Mod,
                    (BinOp::FloorDiv, _) => Helper::FloatFloordiv,
                    _ => Helper::FloatMod,
                });
                self.call(f, &[a, b])[0]
            }
            BinOp::Pow if python => {
                // A positive finite base and a finite exponent give libm's `pow`, which then only
                // overflows (CPython's ERANGE); everything else goes through CPython's rules in the
                // runtime. Testing the operands before the call keeps them from living across it.
                let inf = self.b.ins().f64const(f64::INFINITY);
                let zero = self.b.ins().f64const(0.0);
                let positive = self.b.ins().fcmp(FloatCC::GreaterThan, a, zero);
                let a_finite = self.b.ins().fcmp(FloatCC::LessThan, a, inf);
                let b_abs = self.b.ins().fabs(b);
                let b_finite = self.b.ins().fcmp(FloatCC::LessThan, b_abs, inf);
                let ok = self.b.ins().band(positive, a_finite);
                let ok = self.b.ins().band(ok, b_finite);
                let (libm, general, done) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
                let result = self.b.append_block_param(done, types::F64);
                self.b.set_cold_block(general);
                self.b.ins().brif(ok, libm, &[], general, &[]);
                self.b.switch_to_block(libm);
                let r = match self.fast_pow(a, b).or_else(|| self.exact_pow(a, b)) {
                    Some(r) => r,
                    None => {
                        let pow = self.helper(Helper::Pow);
                        self.call(pow, &[a, b])[0]
                    }
                };
                let overflow = self.b.ins().fcmp(FloatCC::Equal, r, inf);
                self.fail_if(overflow, "OverflowError", "(34, 'Numerical result out of range')", span);
                self.b.ins().jump(done, &[r.into()]);
                self.b.switch_to_block(general);
                let out = self.stack_slot(8);
                let (lp, ll) = self.location(span);
                let f = self.helper(Helper::FloatPow);
                let status = self.call(f, &[a, b, out, lp, ll])[0];
                self.check_status(status);
                let exact = self.b.ins().load(types::F64, MemFlagsData::trusted(), out, 0);
                self.b.ins().jump(done, &[exact.into()]);
                self.b.switch_to_block(done);
                result
            }
            BinOp::Pow if d == Dtype::F32 => {
                let f = self.helper(Helper::PowF);
                self.call(f, &[a, b])[0]
            }
            BinOp::Pow => match self.fast_pow(a, b).or_else(|| self.exact_pow(a, b)) {
                Some(r) => r,
                None => {
                    let f = self.helper(Helper::Pow);
                    self.call(f, &[a, b])[0]
                }
            },
            _ => unreachable!("rules reject bitwise operators on floats"),
        }
    }

    /// Under fastmath, `x ** 0.5` as `sqrt(x)` and `x ** k` for a small integral constant `k` as
    /// multiplications (numba's forms, which differ from libm's `pow` in the last bits); `None` to
    /// call `pow`. The caller has excluded bases that are not positive and finite where CPython's
    /// rules differ.
    fn fast_pow(&mut self, a: Value, b: Value) -> Option<Value> {
        if !self.opts.fastmath {
            return None;
        }
        let k = self.const_f64(b)?;
        if k == 0.5 {
            return Some(self.b.ins().sqrt(a));
        }
        if k.fract() != 0.0 || k.abs() > 16.0 || k == 0.0 {
            return None;
        }
        // Binary powering: x**6 is (x*x) * ((x*x)*(x*x)), three multiplications.
        let (mut n, mut base, mut acc) = (k.abs() as u32, a, None::<Value>);
        while n > 0 {
            if n & 1 == 1 {
                acc = Some(match acc {
                    Some(p) => self.b.ins().fmul(p, base),
                    None => base,
                });
            }
            n >>= 1;
            if n > 0 {
                base = self.b.ins().fmul(base, base);
            }
        }
        let p = acc?;
        if k > 0.0 {
            return Some(p);
        }
        let one = if self.b.func.dfg.value_type(a) == types::F32 { self.b.ins().f32const(1.0) } else { self.b.ins().f64const(1.0) };
        Some(self.b.ins().fdiv(one, p))
    }
}
