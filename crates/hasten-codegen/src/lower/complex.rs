//! Python complex numbers: two `f64` values, the real part first. `+ - *`, negation, equality and
//! the parts are inline; division, `**` and the `cmath` functions call `hasten_rt_complex`, which
//! computes as CPython does and raises its errors.

use super::*;
use hasten_ir::complex::CmathFn;
use hasten_runtime::complex::{OP_DIV, OP_LOG_BASE, OP_POW, OP_RECT};

impl<'a, 'f> Lower<'a, 'f> {
    /// The parts of a number of type `t` made a Python complex (a real number's imaginary part is
    /// `+0.0`, as CPython's conversion gives).
    pub(super) fn complex_parts(&mut self, v: &[Value], t: &Type) -> (Value, Value) {
        match t {
            Type::Complex | Type::Scalar(Dtype::C128) => (v[0], v[1]),
            Type::Scalar(Dtype::C64) => (self.b.ins().fpromote(types::F64, v[0]), self.b.ins().fpromote(types::F64, v[1])),
            _ => {
                let re = self.f64_value(v[0], t);
                (re, self.b.ins().f64const(0.0))
            }
        }
    }

    /// The parts of a number of type `t` cast to the complex dtype `d` as NumPy casts it: the
    /// parts of a complex64 are `f32`, narrowed from complex128 parts, a real number's real part
    /// cast to `float32` (its imaginary part `+0.0`).
    pub(super) fn parts_of(&mut self, v: &[Value], t: &Type, d: Dtype) -> (Value, Value) {
        if d == Dtype::C128 {
            return self.complex_parts(v, t);
        }
        match t {
            Type::Scalar(Dtype::C64) => (v[0], v[1]),
            Type::Complex | Type::Scalar(Dtype::C128) => (self.b.ins().fdemote(types::F32, v[0]), self.b.ins().fdemote(types::F32, v[1])),
            _ => {
                let re = self.convert(v[0], t, &Type::Scalar(Dtype::F32));
                (re, self.b.ins().f32const(0.0))
            }
        }
    }

    /// A float constant of the type of `like` (`f32` for complex64 parts, else `f64`).
    pub(super) fn fconst_like(&mut self, like: Value, x: f64) -> Value {
        if self.b.func.dfg.value_type(like) == types::F32 {
            self.b.ins().f32const(x as f32)
        } else {
            self.b.ins().f64const(x)
        }
    }

    /// `l op r` of NumPy scalars computed in complex64: NumPy's scalar arithmetic, which (unlike
    /// its array loop) rounds each product of `*`, divides as the array loop does and takes
    /// `npy_cpowf` for `**`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn c64_scalar_binary(&mut self, op: BinOp, l: &[Value], lt: &Type, r: &[Value], rt: &Type) -> Vals {
        let (ar, ai) = self.parts_of(l, lt, Dtype::C64);
        let (br, bi) = self.parts_of(r, rt, Dtype::C64);
        match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul => self.complex_binary_parts(op, [ar, ai, br, bi]),
            BinOp::Div => self.smith_divide(ar, ai, br, bi),
            // NumPy's scalar power: npymath's `npy_cpowf`, no fast square.
            BinOp::Pow => self.npy_complex64(hasten_runtime::npy_complex::POWER, [ar, ai, br, bi]),
            _ => unreachable!("the type checker refuses {op:?} on complex64 scalars"),
        }
    }

    /// `l op r` of NumPy scalars computed in complex128: NumPy's scalar arithmetic, whose products
    /// round each product (as CPython's do), whose quotient is its array loop's (a zero divisor
    /// gives infinities and NaNs, no ZeroDivisionError) and whose power is npymath's `npy_cpow`.
    pub(super) fn c128_scalar_binary(&mut self, op: BinOp, l: &[Value], lt: &Type, r: &[Value], rt: &Type) -> Vals {
        let (ar, ai) = self.complex_parts(l, lt);
        let (br, bi) = self.complex_parts(r, rt);
        match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul => self.complex_binary_parts(op, [ar, ai, br, bi]),
            BinOp::Div => self.smith_divide(ar, ai, br, bi),
            BinOp::Pow => self.npy_complex(hasten_runtime::npy_complex::POWER, [ar, ai, br, bi]),
            _ => unreachable!("the type checker refuses {op:?} on complex128 scalars"),
        }
    }

    /// One element of `a op= value` on a complex64 array (`value` already cast to complex64):
    /// NumPy's array loop with `a` as an input, its product the fused one except where `single`
    /// (the update of one element) holds (the type checker refuses the strided products that
    /// NumPy computes in its other loop).
    pub(super) fn c64_in_place(&mut self, op: BinOp, at: Value, value: [Value; 2], single: Option<Value>) -> Vals {
        let c64 = Type::Scalar(Dtype::C64);
        let cur = self.load_item(at, Dtype::C64);
        let fused = self.numpy_complex_binary(op, &cur, &c64, &value, &c64, Dtype::C64);
        let Some(single) = single else { return fused };
        let plain = self.c64_scalar_binary(op, &cur, &c64, &value, &c64);
        (0..2).map(|k| self.b.ins().select(single, plain[k], fused[k])).collect()
    }

    /// One element of `a op= value` on a complex128 array: NumPy's loop, whose product is
    /// fused except when `single` (a one-element update), which takes the rounding product.
    pub(super) fn c128_in_place(&mut self, op: BinOp, at: Value, value: [Value; 2], single: Option<Value>) -> Vals {
        let c = Type::Complex;
        let cur = self.load_item(at, Dtype::C128);
        let fused = self.numpy_complex_binary(op, &cur, &c, &value, &c, Dtype::C128);
        let Some(single) = single else { return fused };
        let plain = self.complex_binary_parts(op, [cur[0], cur[1], value[0], value[1]]);
        (0..2).map(|k| self.b.ins().select(single, plain[k], fused[k])).collect()
    }

    /// `abs` of a complex64 scalar: the C library's `hypotf` (NumPy's scalar `abs`), which takes
    /// the square root of the sum of the squares in `f64` (exact squares) and rounds it to `f32`;
    /// an infinite part gives infinity, even beside a NaN.
    pub(super) fn c64_scalar_abs(&mut self, v: &[Value]) -> Value {
        let re = self.b.ins().fpromote(types::F64, v[0]);
        let im = self.b.ins().fpromote(types::F64, v[1]);
        let rr = self.b.ins().fmul(re, re);
        let ii = self.b.ins().fmul(im, im);
        let sum = self.b.ins().fadd(rr, ii);
        let root = self.b.ins().sqrt(sum);
        let h = self.b.ins().fdemote(types::F32, root);
        let inf = self.b.ins().f32const(f32::INFINITY);
        let (ra, ia) = (self.b.ins().fabs(v[0]), self.b.ins().fabs(v[1]));
        let re_inf = self.b.ins().fcmp(FloatCC::Equal, ra, inf);
        let im_inf = self.b.ins().fcmp(FloatCC::Equal, ia, inf);
        let any_inf = self.b.ins().bor(re_inf, im_inf);
        self.b.ins().select(any_inf, inf, h)
    }

    /// `l op r` where the type checker planned the operation in `complex`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn complex_binary(&mut self, op: BinOp, l: &[Value], lt: &Type, r: &[Value], rt: &Type, span: Span) -> Vals {
        let (ar, ai) = self.complex_parts(l, lt);
        let (br, bi) = self.complex_parts(r, rt);
        match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul => self.complex_binary_parts(op, [ar, ai, br, bi]),
            BinOp::Div => self.complex_helper(OP_DIV, [ar, ai, br, bi], span),
            BinOp::Pow => self.complex_helper(OP_POW, [ar, ai, br, bi], span),
            _ => unreachable!("the type checker refuses {op:?} on complex numbers"),
        }
    }

    /// `+ - *` of two complex numbers by their parts `[ar, ai, br, bi]`: CPython's product,
    /// without the special cases of C99's Annex G.
    fn complex_binary_parts(&mut self, op: BinOp, [ar, ai, br, bi]: [Value; 4]) -> Vals {
        match op {
            BinOp::Add => vec![self.b.ins().fadd(ar, br), self.b.ins().fadd(ai, bi)],
            BinOp::Sub => vec![self.b.ins().fsub(ar, br), self.b.ins().fsub(ai, bi)],
            _ => {
                let (rr, ii) = (self.b.ins().fmul(ar, br), self.b.ins().fmul(ai, bi));
                let (ri, ir) = (self.b.ins().fmul(ar, bi), self.b.ins().fmul(ai, br));
                vec![self.b.ins().fsub(rr, ii), self.b.ins().fadd(ri, ir)]
            }
        }
    }

    /// `l op r` planned in a complex type (`operands`): CPython's arithmetic for `complex`,
    /// NumPy's scalar arithmetic for `np.complex64`/`np.complex128`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn planned_complex_binary(&mut self, op: BinOp, l: &[Value], lt: &Type, r: &[Value], rt: &Type, operands: &Type, span: Span) -> Vals {
        match operands {
            Type::Complex => self.complex_binary(op, l, lt, r, rt, span),
            Type::Scalar(Dtype::C64) => self.c64_scalar_binary(op, l, lt, r, rt),
            _ => self.c128_scalar_binary(op, l, lt, r, rt),
        }
    }

    /// One operation of `hasten_rt_complex` on the parts of two operands.
    fn complex_helper(&mut self, op: i64, parts: [Value; 4], span: Span) -> Vals {
        let out = self.stack_slot(16);
        let (lp, ll) = self.location(span);
        let code = self.iconst(types::I64, op);
        let f = self.helper(Helper::Complex);
        let status = self.call(f, &[code, parts[0], parts[1], parts[2], parts[3], out, lp, ll])[0];
        self.check_status(status);
        let flags = MemFlagsData::trusted();
        vec![self.b.ins().load(types::F64, flags, out, 0), self.b.ins().load(types::F64, flags, out, 8)]
    }

    /// `l == r` or `l != r` where one side is complex: both parts equal, a real number's imaginary
    /// part being zero (its real part compared exactly, as CPython compares an int with a float).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn complex_equal(&mut self, op: CmpOp, l: &[Value], lt: &Type, r: &[Value], rt: &Type) -> Value {
        let eq = match (lt, rt) {
            (Type::Complex, Type::Complex) => {
                let re = self.b.ins().fcmp(FloatCC::Equal, l[0], r[0]);
                let im = self.b.ins().fcmp(FloatCC::Equal, l[1], r[1]);
                self.b.ins().band(re, im)
            }
            (Type::Complex, real) | (real, Type::Complex) => {
                let (z, x) = if *lt == Type::Complex { (l, r[0]) } else { (r, l[0]) };
                let re = self.compare_values(CmpOp::Eq, z[0], &Type::Float, x, real, &Type::Float);
                let zero = self.b.ins().f64const(0.0);
                let im = self.b.ins().fcmp(FloatCC::Equal, z[1], zero);
                self.b.ins().band(re, im)
            }
            _ => unreachable!("one operand is complex"),
        };
        if op == CmpOp::Eq { eq } else { self.b.ins().bxor_imm_u(eq, 1) }
    }

    /// Whether a complex value is true (not both parts zero).
    pub(super) fn complex_truth(&mut self, v: &[Value]) -> Value {
        let zero = self.b.ins().f64const(0.0);
        let re = self.b.ins().fcmp(FloatCC::NotEqual, v[0], zero);
        let im = self.b.ins().fcmp(FloatCC::NotEqual, v[1], zero);
        self.b.ins().bor(re, im)
    }

    /// `abs(z)`: the C library's `hypot`, CPython's OverflowError when finite parts overflow.
    pub(super) fn complex_abs(&mut self, v: &[Value], msg: &str, span: Span) -> Value {
        let f = self.helper(Helper::CHypot);
        let r = self.call(f, &[v[0], v[1]])[0];
        let re_fin = self.is_finite(v[0]);
        let im_fin = self.is_finite(v[1]);
        let r_fin = self.is_finite(r);
        let both = self.b.ins().band(re_fin, im_fin);
        let r_inf = self.b.ins().bxor_imm_u(r_fin, 1);
        let overflow = self.b.ins().band(both, r_inf);
        self.fail_if(overflow, "OverflowError", msg, span);
        r
    }

    /// `complex(...)`, `cmath.*`, `.real`, `.imag` and `.conjugate()`.
    pub(super) fn cmath_call(&mut self, f: CmathFn, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        if let [a @ Expr { ty: Type::Array(at), .. }] = args {
            return self.array_parts(f, a, *at, span);
        }
        let mut vals = Vec::new();
        for a in args {
            vals.push(self.expr(a)?);
        }
        let t0 = args.first().map(|a| a.ty.clone()).unwrap_or(Type::None);
        if let Some(op) = f.runtime_op() {
            let (re, im) = self.complex_parts(&vals[0], &t0);
            let (bre, bim) = match args.get(1) {
                Some(base) => self.complex_parts(&vals[1], &base.ty),
                None => (re, im),
            };
            let op = if args.len() == 2 { OP_LOG_BASE } else { op };
            return Ok(self.complex_helper(op, [re, im, bre, bim], span));
        }
        Ok(match f {
            CmathFn::Complex => match args {
                [] => {
                    let z = self.b.ins().f64const(0.0);
                    vec![z, z]
                }
                [_] => {
                    let (re, im) = self.complex_parts(&vals[0], &t0);
                    vec![re, im]
                }
                [a, b] => {
                    // CPython's complex(a, b) is a + b*1j without rounding through a product.
                    let (ar, ai) = self.complex_parts(&vals[0], &a.ty);
                    let (br, bi) = self.complex_parts(&vals[1], &b.ty);
                    let re = if b.ty.is_complex_number() { self.b.ins().fsub(ar, bi) } else { ar };
                    let im = if a.ty.is_complex_number() { self.b.ins().fadd(br, ai) } else { br };
                    vec![re, im]
                }
                _ => unreachable!("the type checker checks the arity"),
            },
            CmathFn::Real | CmathFn::Imag | CmathFn::Conjugate if !t0.is_complex_number() => {
                let v = self.convert(vals[0][0], &t0, ty);
                if f == CmathFn::Imag {
                    vec![self.zero(scalar_clif(ty))]
                } else {
                    vec![v]
                }
            }
            CmathFn::Real => vec![vals[0][0]],
            CmathFn::Imag => vec![vals[0][1]],
            CmathFn::Conjugate => vec![vals[0][0], self.b.ins().fneg(vals[0][1])],
            CmathFn::Phase | CmathFn::Polar => {
                let (re, im) = self.complex_parts(&vals[0], &t0);
                let h = self.helper(Helper::Atan2);
                let phi = self.call(h, &[im, re])[0];
                if f == CmathFn::Phase {
                    // CPython reports the C library's underflow of `atan2` to zero (a nonzero
                    // imaginary part over a finite real part) as an OverflowError; `polar` clears it.
                    let zero = self.b.ins().f64const(0.0);
                    let phi_zero = self.b.ins().fcmp(FloatCC::Equal, phi, zero);
                    let im_nonzero = self.b.ins().fcmp(FloatCC::NotEqual, im, zero);
                    let re_finite = self.is_finite(re);
                    let under = self.b.ins().band(phi_zero, im_nonzero);
                    let under = self.b.ins().band(under, re_finite);
                    self.fail_if(under, "OverflowError", "math range error", span);
                    vec![phi]
                } else {
                    vec![self.complex_abs(&[re, im], "math range error", span), phi]
                }
            }
            CmathFn::Rect => {
                let r = self.f64_value(vals[0][0], &t0);
                let phi = self.f64_value(vals[1][0], &args[1].ty);
                self.complex_helper(OP_RECT, [r, r, phi, phi], span)
            }
            CmathFn::Isnan | CmathFn::Isinf | CmathFn::Isfinite => {
                let (re, im) = self.complex_parts(&vals[0], &t0);
                let test = |cx: &mut Self, x: Value| match f {
                    CmathFn::Isnan => cx.b.ins().fcmp(FloatCC::Unordered, x, x),
                    CmathFn::Isfinite => cx.is_finite(x),
                    _ => cx.is_infinite(x),
                };
                let (a, b) = (test(self, re), test(self, im));
                vec![if f == CmathFn::Isfinite { self.b.ins().band(a, b) } else { self.b.ins().bor(a, b) }]
            }
            _ => unreachable!("functions of the runtime are lowered above"),
        })
    }

    fn is_infinite(&mut self, x: Value) -> Value {
        let a = self.b.ins().fabs(x);
        let inf = self.b.ins().f64const(f64::INFINITY);
        self.b.ins().fcmp(FloatCC::Equal, a, inf)
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// One element of NumPy's complex128 `+ - * /`: both operands cast to complex128 first (a real
    /// one gets a `+0.0` imaginary part), the product with fused multiply-adds, the quotient by
    /// Smith's method as NumPy's loop computes it (a zero divisor gives infinities and NaNs, no
    /// error).
    pub(super) fn numpy_complex_binary(&mut self, op: BinOp, l: &[Value], lt: &Type, r: &[Value], rt: &Type, d: Dtype) -> Vals {
        let (ar, ai) = self.parts_of(l, lt, d);
        let (br, bi) = self.parts_of(r, rt, d);
        match op {
            BinOp::Add | BinOp::Sub => self.complex_binary_parts(op, [ar, ai, br, bi]),
            BinOp::Mul => {
                // NumPy's SIMD loop (on x86-64 with FMA, every layout) fuses each part's second
                // product: `fma(ar, br, -(ai*bi))`, `fma(ar, bi, ai*br)`.
                let ii = self.b.ins().fmul(ai, bi);
                let ii = self.b.ins().fneg(ii);
                let ir = self.b.ins().fmul(ai, br);
                vec![self.b.ins().fma(ar, br, ii), self.b.ins().fma(ar, bi, ir)]
            }
            BinOp::Div => self.smith_divide(ar, ai, br, bi),
            _ => unreachable!("the type checker refuses {op:?} on complex arrays"),
        }
    }

    /// NumPy's complex division: scaled by the larger part of the divisor (the real part when the
    /// parts compare false, as with a NaN); a zero divisor divides each part by its magnitude.
    pub(super) fn smith_divide(&mut self, ar: Value, ai: Value, br: Value, bi: Value) -> Vals {
        let one = self.fconst_like(ar, 1.0);
        let zero = self.fconst_like(ar, 0.0);
        let (br_abs, bi_abs) = (self.b.ins().fabs(br), self.b.ins().fabs(bi));
        let real_larger = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, br_abs, bi_abs);
        // |br| >= |bi|: rat = bi / br.
        let rat = self.b.ins().fdiv(bi, br);
        let den = self.b.ins().fmul(bi, rat);
        let den = self.b.ins().fadd(br, den);
        let scl = self.b.ins().fdiv(one, den);
        let t = self.b.ins().fmul(ai, rat);
        let t = self.b.ins().fadd(ar, t);
        let re1 = self.b.ins().fmul(t, scl);
        let t = self.b.ins().fmul(ar, rat);
        let t = self.b.ins().fsub(ai, t);
        let im1 = self.b.ins().fmul(t, scl);
        let r_zero = self.b.ins().fcmp(FloatCC::Equal, br_abs, zero);
        let i_zero = self.b.ins().fcmp(FloatCC::Equal, bi_abs, zero);
        let by_zero = self.b.ins().band(r_zero, i_zero);
        let re_z = self.b.ins().fdiv(ar, br_abs);
        let im_z = self.b.ins().fdiv(ai, bi_abs);
        let re1 = self.b.ins().select(by_zero, re_z, re1);
        let im1 = self.b.ins().select(by_zero, im_z, im1);
        // |br| < |bi|: rat = br / bi.
        let rat = self.b.ins().fdiv(br, bi);
        let den = self.b.ins().fmul(br, rat);
        let den = self.b.ins().fadd(bi, den);
        let scl = self.b.ins().fdiv(one, den);
        let t = self.b.ins().fmul(ar, rat);
        let t = self.b.ins().fadd(t, ai);
        let re2 = self.b.ins().fmul(t, scl);
        let t = self.b.ins().fmul(ai, rat);
        let t = self.b.ins().fsub(t, ar);
        let im2 = self.b.ins().fmul(t, scl);
        vec![self.b.ins().select(real_larger, re1, re2), self.b.ins().select(real_larger, im1, im2)]
    }

    /// NumPy's complex `==`/`!=`: both operands cast to complex128, then both parts compared.
    pub(super) fn numpy_complex_equal(&mut self, op: CmpOp, l: &[Value], lt: &Type, r: &[Value], rt: &Type, d: Dtype) -> Value {
        let (ar, ai) = self.parts_of(l, lt, d);
        let (br, bi) = self.parts_of(r, rt, d);
        let re = self.b.ins().fcmp(FloatCC::Equal, ar, br);
        let im = self.b.ins().fcmp(FloatCC::Equal, ai, bi);
        let eq = self.b.ins().band(re, im);
        match op {
            CmpOp::Eq => eq,
            CmpOp::NotEq => self.b.ins().bxor_imm_u(eq, 1),
            // NumPy's `CLT`/`CLE`/`CGT`/`CGE`: by real part where neither imaginary part is NaN,
            // else by imaginary part where the real parts are equal.
            _ => {
                let (strict, same) = match op {
                    CmpOp::Lt => (FloatCC::LessThan, FloatCC::LessThan),
                    CmpOp::LtE => (FloatCC::LessThan, FloatCC::LessThanOrEqual),
                    CmpOp::Gt => (FloatCC::GreaterThan, FloatCC::GreaterThan),
                    _ => (FloatCC::GreaterThan, FloatCC::GreaterThanOrEqual),
                };
                let by_real = self.b.ins().fcmp(strict, ar, br);
                let imag_numbers = self.b.ins().fcmp(FloatCC::Ordered, ai, bi);
                let by_real = self.b.ins().band(by_real, imag_numbers);
                let by_imag = self.b.ins().fcmp(same, ai, bi);
                let by_imag = self.b.ins().band(re, by_imag);
                self.b.ins().bor(by_real, by_imag)
            }
        }
    }

    /// A comparison of NumPy complex scalars (`z < w`): its scalar arithmetic's, which orders by
    /// the real parts, then the imaginary parts, without the array loop's care for NaNs.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn numpy_scalar_compare(&mut self, op: CmpOp, l: &[Value], lt: &Type, r: &[Value], rt: &Type, d: Dtype) -> Value {
        let (strict, same) = match op {
            CmpOp::Lt => (FloatCC::LessThan, FloatCC::LessThan),
            CmpOp::LtE => (FloatCC::LessThan, FloatCC::LessThanOrEqual),
            CmpOp::Gt => (FloatCC::GreaterThan, FloatCC::GreaterThan),
            CmpOp::GtE => (FloatCC::GreaterThan, FloatCC::GreaterThanOrEqual),
            _ => return self.numpy_complex_equal(op, l, lt, r, rt, d),
        };
        let (ar, ai) = self.parts_of(l, lt, d);
        let (br, bi) = self.parts_of(r, rt, d);
        let by_real = self.b.ins().fcmp(strict, ar, br);
        let tie = self.b.ins().fcmp(FloatCC::Equal, ar, br);
        let by_imag = self.b.ins().fcmp(same, ai, bi);
        let by_imag = self.b.ins().band(tie, by_imag);
        self.b.ins().bor(by_real, by_imag)
    }

    /// NumPy's ufuncs of complex operands with real results: `absolute`, `isnan`, `isinf`,
    /// `isfinite`, and (any real operand cast to complex128) the comparisons as ufuncs and the
    /// logical ufuncs (a complex number's truth: a nonzero part, NaN included).
    pub(super) fn complex_predicate(&mut self, u: Ufunc, args: &[(Vals, Type)]) -> Value {
        let cmp = match u {
            Ufunc::Equal => Some(CmpOp::Eq),
            Ufunc::NotEqual => Some(CmpOp::NotEq),
            Ufunc::Less => Some(CmpOp::Lt),
            Ufunc::LessEqual => Some(CmpOp::LtE),
            Ufunc::Greater => Some(CmpOp::Gt),
            Ufunc::GreaterEqual => Some(CmpOp::GtE),
            _ => None,
        };
        if let Some(op) = cmp {
            return self.numpy_complex_equal(op, &args[0].0, &args[0].1, &args[1].0, &args[1].1, Dtype::C128);
        }
        let mut truths = Vec::new();
        for (v, t) in args {
            let (re, im) = self.parts_of(v, t, Dtype::C128);
            let zero = self.b.ins().f64const(0.0);
            let (r, i) = (self.b.ins().fcmp(FloatCC::NotEqual, re, zero), self.b.ins().fcmp(FloatCC::NotEqual, im, zero));
            truths.push(self.b.ins().bor(r, i));
        }
        match u {
            Ufunc::LogicalNot => self.b.ins().bxor_imm_u(truths[0], 1),
            Ufunc::LogicalAnd => self.b.ins().band(truths[0], truths[1]),
            Ufunc::LogicalOr => self.b.ins().bor(truths[0], truths[1]),
            Ufunc::LogicalXor => self.b.ins().bxor(truths[0], truths[1]),
            // One complex operand, in its own precision (`absolute` of complex64 is float32).
            _ => self.complex_ufunc(u, &args[0].0),
        }
    }

    /// `a.real`/`a.imag` of a complex128 array: float64 views of the parts (the same strides, the
    /// data address moved to the part); `a.real` of a real array is the array itself;
    /// `a.conjugate()` a new C-ordered array.
    fn array_parts(&mut self, f: CmathFn, a: &Expr, at: ArrayType, span: Span) -> R<Vals> {
        let vals = self.expr(a)?;
        let src = ArrayVals::from_vals(&vals);
        match f {
            CmathFn::Real if !at.dtype.is_complex() => Ok(vals),
            CmathFn::Imag | CmathFn::Conjugate if !at.dtype.is_complex() => {
                let itemsize = at.dtype.itemsize() as i64;
                let (data, owner, _) = self.allocate(&src.shape, at.dtype, f == CmathFn::Imag, span);
                let strides = self.c_strides(&src.shape, itemsize);
                if f == CmathFn::Conjugate {
                    self.copy_strided(at.dtype, &src.shape, src.data, &src.strides, data, &strides)?;
                }
                Ok(ArrayVals { data, owner, shape: src.shape, strides }.into_vals())
            }
            CmathFn::Real | CmathFn::Imag => {
                let part = at.dtype.part().itemsize() as i64;
                let data = self.b.ins().iadd_imm_s(src.data, if f == CmathFn::Imag { part } else { 0 });
                Ok(ArrayVals { data, ..src }.into_vals())
            }
            CmathFn::Conjugate => {
                let (itemsize, dtype) = (at.dtype.itemsize() as i64, at.dtype);
                let (data, owner, _) = self.allocate(&src.shape, at.dtype, false, span);
                let strides = self.c_strides(&src.shape, itemsize);
                let operands = vec![(src.data, src.strides.clone()), (data, strides.clone())];
                self.walk(&src.shape, operands, &mut |cx, at| {
                    let v = cx.load_item(at[0], dtype);
                    let im = cx.b.ins().fneg(v[1]);
                    cx.store_parts(at[1], &[v[0], im]);
                    Ok(())
                })?;
                Ok(ArrayVals { data, owner, shape: src.shape, strides }.into_vals())
            }
            _ => unreachable!("the type checker takes no other cmath function of an array"),
        }
    }

    /// NumPy's `absolute`, `isnan`, `isinf` (either part) and `isfinite` (both parts) of one
    /// complex element.
    pub(super) fn complex_ufunc(&mut self, u: Ufunc, v: &[Value]) -> Value {
        match u {
            Ufunc::Abs => self.numpy_complex_abs(v[0], v[1]),
            Ufunc::Isnan => {
                let re = self.b.ins().fcmp(FloatCC::Unordered, v[0], v[0]);
                let im = self.b.ins().fcmp(FloatCC::Unordered, v[1], v[1]);
                self.b.ins().bor(re, im)
            }
            Ufunc::Isinf => {
                let inf = self.fconst_like(v[0], f64::INFINITY);
                let (re, im) = (self.b.ins().fabs(v[0]), self.b.ins().fabs(v[1]));
                let re = self.b.ins().fcmp(FloatCC::Equal, re, inf);
                let im = self.b.ins().fcmp(FloatCC::Equal, im, inf);
                self.b.ins().bor(re, im)
            }
            Ufunc::Isfinite => {
                let (re, im) = (self.is_finite(v[0]), self.is_finite(v[1]));
                self.b.ins().band(re, im)
            }
            _ => unreachable!("the type checker computes no other ufunc of complex elements"),
        }
    }

    /// NumPy's `isclose(x, y, rtol, atol, equal_nan)` with a complex operand, in complex128:
    /// `abs(x - y) <= atol + rtol * abs(y)` where `y` is finite, or `x == y`, or (with
    /// `equal_nan`) both holding a NaN part. `rest`: rtol, atol and equal_nan with their types.
    /// Elements of arrays take NumPy's array `absolute`; scalars (`scalar`, the call's span) the
    /// scalars' own: the C library's `hypot`, with CPython's OverflowError for Python numbers.
    pub(super) fn complex_isclose(&mut self, (x, tx): (&[Value], &Type), (y, ty): (&[Value], &Type), rest: &[(Value, Type)], scalar: Option<Span>) -> Value {
        let (xr, xi) = self.parts_of(x, tx, Dtype::C128);
        let (yr, yi) = self.parts_of(y, ty, Dtype::C128);
        let (dr, di) = (self.b.ins().fsub(xr, yr), self.b.ins().fsub(xi, yi));
        let python = |t: &Type| !matches!(t, Type::Scalar(_));
        let (diff, ay) = match scalar {
            None => (self.numpy_complex_abs(dr, di), self.numpy_complex_abs(yr, yi)),
            Some(span) => (self.scalar_abs(dr, di, python(tx) && python(ty), span), self.scalar_abs(yr, yi, python(ty), span)),
        };
        let rtol = self.convert(rest[0].0, &rest[0].1, &Type::Float);
        let atol = self.convert(rest[1].0, &rest[1].1, &Type::Float);
        let scaled = self.b.ins().fmul(rtol, ay);
        let tol = self.b.ins().fadd(atol, scaled);
        let within = self.b.ins().fcmp(FloatCC::LessThanOrEqual, diff, tol);
        let finite = self.complex_ufunc(Ufunc::Isfinite, &[yr, yi]);
        let (re_eq, im_eq) = (self.b.ins().fcmp(FloatCC::Equal, xr, yr), self.b.ins().fcmp(FloatCC::Equal, xi, yi));
        let equal = self.b.ins().band(re_eq, im_eq);
        let close = self.b.ins().band(within, finite);
        let close = self.b.ins().bor(close, equal);
        let equal_nan = self.truth(&vec![rest[2].0], &rest[2].1);
        let (x_nan, y_nan) = (self.complex_ufunc(Ufunc::Isnan, &[xr, xi]), self.complex_ufunc(Ufunc::Isnan, &[yr, yi]));
        let both = self.b.ins().band(x_nan, y_nan);
        let both = self.b.ins().band(both, equal_nan);
        self.b.ins().bor(close, both)
    }

    /// The `abs` of a complex scalar: CPython's (OverflowError where finite parts overflow) for a
    /// Python number, NumPy's scalar one (the C library's `hypot`) otherwise.
    fn scalar_abs(&mut self, re: Value, im: Value, python: bool, span: Span) -> Value {
        if python {
            return self.complex_abs(&[re, im], "absolute value too large", span);
        }
        let f = self.helper(Helper::CHypot);
        self.call(f, &[re, im])[0]
    }

    /// NumPy's complex `absolute` (its SIMD loop, taken for every layout): an infinite part makes
    /// the result infinite, else a NaN part NaN; otherwise `larger * sqrt(fma(r, r, 1))` with
    /// `r = smaller / larger` (0 where `larger` is zero or `smaller` infinite).
    fn numpy_complex_abs(&mut self, re: Value, im: Value) -> Value {
        let inf = self.fconst_like(re, f64::INFINITY);
        let nan = self.fconst_like(re, f64::NAN);
        let zero = self.fconst_like(re, 0.0);
        let one = self.fconst_like(re, 1.0);
        let (re, im) = (self.b.ins().fabs(re), self.b.ins().fabs(im));
        let re_inf = self.b.ins().fcmp(FloatCC::Equal, re, inf);
        let im_inf = self.b.ins().fcmp(FloatCC::Equal, im, inf);
        let im = self.b.ins().select(re_inf, inf, im);
        let re = self.b.ins().select(im_inf, inf, re);
        let re_num = self.b.ins().fcmp(FloatCC::Ordered, re, re);
        let im_num = self.b.ins().fcmp(FloatCC::Ordered, im, im);
        let im = self.b.ins().select(re_num, im, nan);
        let re = self.b.ins().select(im_num, re, nan);
        let larger = self.b.ins().fmax(re, im);
        let smaller = self.b.ins().fmin(im, re);
        let larger_zero = self.b.ins().fcmp(FloatCC::Equal, larger, zero);
        let smaller_inf = self.b.ins().fcmp(FloatCC::Equal, smaller, inf);
        let no_ratio = self.b.ins().bor(larger_zero, smaller_inf);
        let ratio = self.b.ins().fdiv(smaller, larger);
        let ratio = self.b.ins().select(no_ratio, zero, ratio);
        let h = self.b.ins().fma(ratio, ratio, one);
        let h = self.b.ins().sqrt(h);
        self.b.ins().fmul(h, larger)
    }

    /// NumPy's pairwise sum of `count` complex elements of dtype `d` from `data`, `stride` bytes
    /// apart, added to the identity (so `-0.0` parts sum to `0.0`); in pieces of `piece` elements
    /// where it is positive (NumPy's buffers of converted elements).
    pub(super) fn complex_pairwise_sum(&mut self, data: Value, count: Value, stride: Value, d: Dtype, piece: i64) -> (Value, Value) {
        let (part, helper) = if d == Dtype::C64 { (types::F32, Helper::PairwiseSumC64) } else { (types::F64, Helper::PairwiseSumC128) };
        let out = self.stack_slot(16);
        let f = self.helper(helper);
        let piece = self.iconst(types::I64, piece);
        self.call(f, &[data, count, stride, piece, out]);
        let flags = MemFlagsData::trusted();
        let parts: Vals = (0..2).map(|k| self.b.ins().load(part, flags, out, part.bytes() as i32 * k)).collect();
        let zero = self.fconst_like(parts[0], 0.0);
        (self.b.ins().fadd(zero, parts[0]), self.b.ins().fadd(zero, parts[1]))
    }

    /// NumPy's `nansum` of `count` complex elements `stride` apart: a copy with each element that
    /// has a NaN part made zero, summed pairwise as `sum` sums; with the number of the others
    /// (`nanmean`'s count).
    pub(super) fn complex_nan_sum(&mut self, data: Value, (count, stride): (Value, Value), d: Dtype, span: Span) -> R<(Value, Value, Value)> {
        let (copy, _, _) = self.allocate(&[count], d, false, span);
        let numbers = self.temp_var(types::I64);
        let zero = self.iconst(types::I64, 0);
        self.b.def_var(numbers, zero);
        let itemsize = d.itemsize() as i64;
        self.counted_loop(count, |cx, i| {
            let off = cx.b.ins().imul(i, stride);
            let at = cx.b.ins().iadd(data, off);
            let v = cx.load_item(at, d);
            let nan = cx.complex_ufunc(Ufunc::Isnan, &v);
            let zero = cx.fconst_like(v[0], 0.0);
            let parts = [cx.b.ins().select(nan, zero, v[0]), cx.b.ins().select(nan, zero, v[1])];
            let to = cx.b.ins().imul_imm_s(i, itemsize);
            let to = cx.b.ins().iadd(copy, to);
            cx.store_parts(to, &parts);
            let number = cx.b.ins().bxor_imm_u(nan, 1);
            let number = cx.b.ins().uextend(types::I64, number);
            let n = cx.b.use_var(numbers);
            let n = cx.b.ins().iadd(n, number);
            cx.b.def_var(numbers, n);
            Ok(())
        })?;
        let step = self.iconst(types::I64, itemsize);
        let (re, im) = self.complex_pairwise_sum(copy, count, step, d, 0);
        Ok((re, im, self.b.use_var(numbers)))
    }

    /// `np.sum`/`np.mean` of a complex array that is one line in memory (by its type, or checked at
    /// run time; an element-wise tree is computed into a new array first): NumPy's pairwise sum
    /// added to the identity, in its buffers' pieces where the elements were `converted` to the
    /// sum's dtype; the mean divided by the count as NumPy divides complex numbers.
    pub(super) fn complex_sum(&mut self, kind: Reduction, arg: &Expr, converted: bool, span: Span) -> R<Vals> {
        let Type::Array(at) = arg.ty else { unreachable!("sums of arrays") };
        // NumPy reduces an n-d expression's temporary, laid out after its operands, in memory order.
        let a = if at.ndim > 1 && arg.is_elementwise() {
            self.elementwise_as_numpy(arg)?.0
        } else {
            ArrayVals::from_vals(&if super::numpy::is_fused_root(arg) { self.elementwise(arg)? } else { self.expr(arg)? })
        };
        let mut count = self.iconst(types::I64, 1);
        for n in &a.shape {
            count = self.b.ins().imul(count, *n);
        }
        // An n-d array of run-time layout is walked as the one line NumPy's iterator makes of it.
        let stride = match (at.ndim, at.layout) {
            (1, _) => a.strides[0],
            (_, Layout::A) if !arg.is_elementwise() => self.merged_stride(&a, (0, a.shape.len() - 1), span),
            _ => self.iconst(types::I64, at.dtype.itemsize() as i64),
        };
        if kind == Reduction::Prod {
            return self.complex_product(a.data, count, stride, at.dtype);
        }
        if matches!(kind, Reduction::Max | Reduction::Min | Reduction::Nanmax | Reduction::Nanmin) {
            return self.complex_extreme(kind, a.data, (count, stride), at.dtype, span);
        }
        if matches!(kind, Reduction::Argmax | Reduction::Argmin) {
            return Ok(vec![self.complex_arg_extreme(kind == Reduction::Argmax, a.data, (count, stride), at.dtype, span)?]);
        }
        let (re, im, count) = if matches!(kind, Reduction::Nansum | Reduction::Nanmean) {
            self.complex_nan_sum(a.data, (count, stride), at.dtype, span)?
        } else {
            let piece = if converted { hasten_runtime::iter_order::BUFSIZE } else { 0 };
            let (re, im) = self.complex_pairwise_sum(a.data, count, stride, at.dtype, piece);
            (re, im, count)
        };
        if matches!(kind, Reduction::Mean | Reduction::Nanmean) {
            // NumPy divides by the count as an int64 scalar, which makes a complex64 sum
            // complex128 for the division (then cast back).
            let (re, im) = self.complex_parts(&[re, im], &at.dtype.item());
            let n = self.b.ins().fcvt_from_sint(types::F64, count);
            let zero = self.b.ins().f64const(0.0);
            let q = self.smith_divide(re, im, n, zero);
            let (re, im) = self.parts_of(&q, &Type::Complex, at.dtype);
            return Ok(vec![re, im]);
        }
        Ok(vec![re, im])
    }
}
