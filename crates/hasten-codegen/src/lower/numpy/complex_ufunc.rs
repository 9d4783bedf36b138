//! NumPy's ufuncs computed in complex128, one element at a time: the parts of the result from the
//! parts of the operands (a real operand cast to complex first, as NumPy's complex loops take it).
//! `square`, `reciprocal`, `negative` and the arithmetic are inline, as NumPy's loops compute them;
//! the C library's functions, `power` and `sign` go through `hasten_rt_npy_complex`.

use super::*;
use hasten_runtime::npy_complex as op;

/// The runtime's code for a one-operand complex ufunc it computes (`hasten_rt_npy_complex*`).
fn runtime_op(u: Ufunc) -> Option<i64> {
    Some(match u {
        Ufunc::Exp => op::EXP,
        Ufunc::Log => op::LOG,
        Ufunc::Log10 => op::LOG10,
        Ufunc::Log2 => op::LOG2,
        Ufunc::Sqrt => op::SQRT,
        Ufunc::Sin => op::SIN,
        Ufunc::Cos => op::COS,
        Ufunc::Tan => op::TAN,
        Ufunc::Sinh => op::SINH,
        Ufunc::Cosh => op::COSH,
        Ufunc::Tanh => op::TANH,
        Ufunc::Arcsin => op::ARCSIN,
        Ufunc::Arccos => op::ARCCOS,
        Ufunc::Arctan => op::ARCTAN,
        Ufunc::Arcsinh => op::ARCSINH,
        Ufunc::Arccosh => op::ARCCOSH,
        Ufunc::Arctanh => op::ARCTANH,
        Ufunc::Sign => op::SIGN,
        Ufunc::Exp2 => op::EXP2,
        Ufunc::Expm1 => op::EXPM1,
        Ufunc::Log1p => op::LOG1P,
        Ufunc::Rint => op::RINT,
        _ => return None,
    })
}

impl<'a, 'f> Lower<'a, 'f> {
    /// The complex128 result of ufunc `u` on operands given as their values and element types.
    pub(in crate::lower) fn complex_ufunc_vals(&mut self, u: Ufunc, args: &[(Vals, Type)]) -> Vals {
        let (re, im) = self.complex_parts(&args[0].0, &args[0].1);
        match u {
            Ufunc::Add | Ufunc::Subtract | Ufunc::Multiply | Ufunc::Divide => {
                let bop = u.operator().expect("arithmetic ufuncs are operators");
                self.numpy_complex_binary(bop, &[re, im], &Type::Complex, &args[1].0, &args[1].1, Dtype::C128)
            }
            Ufunc::Negative => vec![self.b.ins().fneg(re), self.b.ins().fneg(im)],
            Ufunc::Positive => vec![re, im],
            Ufunc::Square => self.complex_square(re, im),
            Ufunc::Reciprocal => self.complex_reciprocal(re, im),
            Ufunc::Power => {
                let (bre, bim) = self.complex_parts(&args[1].0, &args[1].1);
                self.npy_complex(op::POWER, [re, im, bre, bim])
            }
            // NumPy rounds each part as it rounds a float64 array (`PyArray_Round`).
            Ufunc::Round => {
                let decimals = self.const_int(args[1].0[0]).expect("the type checker requires constant decimals");
                vec![self.round_value(re, &Type::Float, &Type::Float, decimals), self.round_value(im, &Type::Float, &Type::Float, decimals)]
            }
            Ufunc::Clip => {
                let lo = self.complex_parts(&args[1].0, &args[1].1);
                let hi = self.complex_parts(&args[2].0, &args[2].1);
                let raised = self.complex_clip_bound(true, [re, im], [lo.0, lo.1]);
                self.complex_clip_bound(false, [raised[0], raised[1]], [hi.0, hi.1])
            }
            Ufunc::Maximum | Ufunc::Minimum | Ufunc::Fmax | Ufunc::Fmin => {
                let (bre, bim) = self.complex_parts(&args[1].0, &args[1].1);
                self.complex_extremum(matches!(u, Ufunc::Maximum | Ufunc::Fmax), matches!(u, Ufunc::Fmax | Ufunc::Fmin), [re, im], [bre, bim])
            }
            _ => {
                let code = runtime_op(u).unwrap_or_else(|| unreachable!("the type checker computes no other ufunc in complex128 ({u:?})"));
                self.npy_complex(code, [re, im, re, im])
            }
        }
    }

    /// NumPy's complex `maximum`/`minimum`: the first operand where it has a NaN part or orders
    /// lexicographically at or beyond the second (`CGE`/`CLE`: real parts first, then imaginary
    /// parts; a NaN imaginary part makes a real-part order false), else the second. With
    /// `ignore_nan`, `fmax`/`fmin`: the first where the second has a NaN part or the first orders
    /// at or beyond it.
    pub(in crate::lower) fn complex_extremum(&mut self, max: bool, ignore_nan: bool, [ar, ai]: [Value; 2], [br, bi]: [Value; 2]) -> Vals {
        let (beyond, at_least) = if max { (FloatCC::GreaterThan, FloatCC::GreaterThanOrEqual) } else { (FloatCC::LessThan, FloatCC::LessThanOrEqual) };
        let real_beyond = self.b.ins().fcmp(beyond, ar, br);
        let ai_num = self.b.ins().fcmp(FloatCC::Ordered, ai, ai);
        let bi_num = self.b.ins().fcmp(FloatCC::Ordered, bi, bi);
        let nums = self.b.ins().band(ai_num, bi_num);
        let by_real = self.b.ins().band(real_beyond, nums);
        let real_same = self.b.ins().fcmp(FloatCC::Equal, ar, br);
        let imag_ok = self.b.ins().fcmp(at_least, ai, bi);
        let by_imag = self.b.ins().band(real_same, imag_ok);
        let ordered = self.b.ins().bor(by_real, by_imag);
        let nan = if ignore_nan {
            let br_nan = self.b.ins().fcmp(FloatCC::Unordered, br, br);
            let bi_nan = self.b.ins().bxor_imm_u(bi_num, 1);
            self.b.ins().bor(br_nan, bi_nan)
        } else {
            let ar_nan = self.b.ins().fcmp(FloatCC::Unordered, ar, ar);
            let ai_nan = self.b.ins().bxor_imm_u(ai_num, 1);
            self.b.ins().bor(ar_nan, ai_nan)
        };
        let first = self.b.ins().bor(nan, ordered);
        vec![self.b.ins().select(first, ar, br), self.b.ins().select(first, ai, bi)]
    }

    /// One bound of NumPy's complex `clip` (`_NPY_MAX`/`_NPY_MIN` of its clip loop): `x` where it
    /// has a NaN part or orders beyond `bound` by `PyArray_CGT`/`CLT` (real parts, the imaginary
    /// parts where the real parts are equal), else `bound`.
    fn complex_clip_bound(&mut self, lower: bool, [xr, xi]: [Value; 2], [br, bi]: [Value; 2]) -> Vals {
        let beyond = if lower { FloatCC::GreaterThan } else { FloatCC::LessThan };
        let by_real = self.b.ins().fcmp(beyond, xr, br);
        let by_imag = self.b.ins().fcmp(beyond, xi, bi);
        let real_same = self.b.ins().fcmp(FloatCC::Equal, xr, br);
        let ordered = self.b.ins().select(real_same, by_imag, by_real);
        let xr_nan = self.b.ins().fcmp(FloatCC::Unordered, xr, xr);
        let xi_nan = self.b.ins().fcmp(FloatCC::Unordered, xi, xi);
        let nan = self.b.ins().bor(xr_nan, xi_nan);
        let keep = self.b.ins().bor(nan, ordered);
        vec![self.b.ins().select(keep, xr, br), self.b.ins().select(keep, xi, bi)]
    }

    /// `base ** exponent` of a complex array and one number, computed in `d`: NumPy's `array ** x`
    /// takes `square` for a Python int 2, `reciprocal` for -1 and `sqrt` for a Python float 0.5
    /// (its fast scalar powers, whose values differ from `power`'s in the last bits), `power` for
    /// anything else. A literal picks its case here, a variable at run time. `backwards` (an i8,
    /// complex64 only): a 1-d base read backwards, which NumPy squares in its unfused loop.
    pub(in crate::lower) fn complex_power_operator(&mut self, base: (&[Value], &Type), exponent: (&[Value], &Expr), d: Dtype, backwards: Option<Value>) -> Vals {
        let (re, im) = self.parts_of(base.0, base.1, d);
        let (ev, e) = exponent;
        let general = |cx: &mut Self| {
            let (bre, bim) = cx.parts_of(ev, &e.ty, d);
            if d == Dtype::C64 {
                cx.npy_complex64(op::POWER, [re, im, bre, bim])
            } else {
                cx.npy_complex(op::POWER, [re, im, bre, bim])
            }
        };
        let special: &[(f64, Ufunc)] = match e.ty {
            Type::Int => &[(2.0, Ufunc::Square), (-1.0, Ufunc::Reciprocal)],
            Type::Float => &[(0.5, Ufunc::Sqrt)],
            _ => &[],
        };
        let literal = match e.kind {
            ExprKind::Const(Const::Int(k)) => Some(k as f64),
            ExprKind::Const(Const::Float(v)) => Some(v),
            _ => None,
        };
        let fast = |cx: &mut Self, u: Ufunc| {
            if d == Dtype::C128 {
                return cx.complex_ufunc_vals(u, &[(vec![re, im], Type::Complex)]);
            }
            match backwards.filter(|_| u == Ufunc::Square) {
                Some(back) => cx.c64_square_in_loop(&[re, im], &Type::Scalar(Dtype::C64), back),
                None => cx.c64_ufunc_vals(u, &[(vec![re, im], Type::Scalar(Dtype::C64))]),
            }
        };
        if let Some(k) = literal {
            return match special.iter().find(|(v, _)| *v == k) {
                Some((_, u)) => fast(self, *u),
                None => general(self),
            };
        }
        if special.is_empty() {
            return general(self);
        }
        let part = if d == Dtype::C64 { types::F32 } else { types::F64 };
        let join = self.b.create_block();
        self.b.append_block_param(join, part);
        self.b.append_block_param(join, part);
        for (k, u) in special {
            let (hit, next) = (self.b.create_block(), self.b.create_block());
            let is_k = if e.ty == Type::Int {
                self.b.ins().icmp_imm_s(IntCC::Equal, ev[0], *k as i64)
            } else {
                let kv = self.b.ins().f64const(*k);
                self.b.ins().fcmp(FloatCC::Equal, ev[0], kv)
            };
            self.b.ins().brif(is_k, hit, &[], next, &[]);
            self.b.switch_to_block(hit);
            let v = fast(self, *u);
            self.b.ins().jump(join, &[v[0].into(), v[1].into()]);
            self.b.switch_to_block(next);
        }
        let v = general(self);
        self.b.ins().jump(join, &[v[0].into(), v[1].into()]);
        self.b.switch_to_block(join);
        self.b.block_params(join).to_vec()
    }

    /// NumPy's complex `square` (its SIMD loop, the product's fused multiply-adds).
    fn complex_square(&mut self, re: Value, im: Value) -> Vals {
        let ii = self.b.ins().fmul(im, im);
        let ii = self.b.ins().fneg(ii);
        let ir = self.b.ins().fmul(im, re);
        vec![self.b.ins().fma(re, re, ii), self.b.ins().fma(re, im, ir)]
    }

    /// NumPy's complex `reciprocal`: Smith's quotient of 1 by `re + im j`, scaled by the larger part
    /// (the imaginary part when the parts compare false, as with a NaN).
    fn complex_reciprocal(&mut self, re: Value, im: Value) -> Vals {
        let one = self.fconst_like(re, 1.0);
        let (re_abs, im_abs) = (self.b.ins().fabs(re), self.b.ins().fabs(im));
        let real_larger = self.b.ins().fcmp(FloatCC::LessThanOrEqual, im_abs, re_abs);
        // |im| <= |re|: r = im / re, d = re + im * r, (1 / d, -r / d).
        let r = self.b.ins().fdiv(im, re);
        let d = self.b.ins().fmul(im, r);
        let d = self.b.ins().fadd(re, d);
        let re1 = self.b.ins().fdiv(one, d);
        let nr = self.b.ins().fneg(r);
        let im1 = self.b.ins().fdiv(nr, d);
        // otherwise: r = re / im, d = re * r + im, (r / d, -1 / d).
        let r = self.b.ins().fdiv(re, im);
        let d = self.b.ins().fmul(re, r);
        let d = self.b.ins().fadd(d, im);
        let re2 = self.b.ins().fdiv(r, d);
        let minus_one = self.fconst_like(re, -1.0);
        let im2 = self.b.ins().fdiv(minus_one, d);
        vec![self.b.ins().select(real_larger, re1, re2), self.b.ins().select(real_larger, im1, im2)]
    }

    /// A ufunc computed in complex64: `maximum`/`minimum`/`fmax`/`fmin` (comparisons and a choice,
    /// exact in the float32 parts), `square` and `reciprocal` (the complex128 formulas in the
    /// float32 parts, as NumPy's loops are one template), or one of the runtime's
    /// (`hasten_rt_npy_complex64`, in float32).
    pub(in crate::lower) fn c64_ufunc_vals(&mut self, u: Ufunc, args: &[(Vals, Type)]) -> Vals {
        let (re, im) = self.parts_of(&args[0].0, &args[0].1, Dtype::C64);
        match u {
            Ufunc::Reciprocal => return self.complex_reciprocal(re, im),
            Ufunc::Square => return self.complex_square(re, im),
            _ => {}
        }
        if matches!(u, Ufunc::Maximum | Ufunc::Minimum | Ufunc::Fmax | Ufunc::Fmin) {
            let (br, bi) = self.parts_of(&args[1].0, &args[1].1, Dtype::C64);
            return self.complex_extremum(matches!(u, Ufunc::Maximum | Ufunc::Fmax), matches!(u, Ufunc::Fmax | Ufunc::Fmin), [re, im], [br, bi]);
        }
        let (code, (br, bi)) = match u {
            Ufunc::Power => (op::POWER, self.parts_of(&args[1].0, &args[1].1, Dtype::C64)),
            _ => (runtime_op(u).unwrap_or_else(|| unreachable!("the type checker computes no other ufunc in complex64 ({u:?})")), (re, im)),
        };
        self.npy_complex64(code, [re, im, br, bi])
    }

    /// `np.square` of a complex64 element in NumPy's array loop: its fused multiply-adds, or each
    /// product rounded where `backwards` (an i8) says a 1-d operand is read backwards.
    pub(in crate::lower) fn c64_square_in_loop(&mut self, z: &[Value], zt: &Type, backwards: Value) -> Vals {
        let fused = self.c64_ufunc_vals(Ufunc::Square, &[(z.to_vec(), zt.clone())]);
        let plain = self.c64_scalar_binary(BinOp::Mul, z, zt, z, zt);
        (0..2).map(|k| self.b.ins().select(backwards, plain[k], fused[k])).collect()
    }

    /// One operation of `hasten_rt_npy_complex64` on the float32 parts `[a_re, a_im, b_re, b_im]`.
    pub(in crate::lower) fn npy_complex64(&mut self, code: i64, parts: [Value; 4]) -> Vals {
        let out = self.stack_slot(8);
        let code = self.iconst(types::I64, code);
        let f = self.helper(Helper::NpyComplex64);
        self.call(f, &[code, parts[0], parts[1], parts[2], parts[3], out]);
        let flags = MemFlagsData::trusted();
        vec![self.b.ins().load(types::F32, flags, out, 0), self.b.ins().load(types::F32, flags, out, 4)]
    }

    /// One operation of `hasten_rt_npy_complex` on the parts `[a_re, a_im, b_re, b_im]`.
    pub(in crate::lower) fn npy_complex(&mut self, code: i64, parts: [Value; 4]) -> Vals {
        let out = self.stack_slot(16);
        let code = self.iconst(types::I64, code);
        let f = self.helper(Helper::NpyComplex);
        self.call(f, &[code, parts[0], parts[1], parts[2], parts[3], out]);
        let flags = MemFlagsData::trusted();
        vec![self.b.ins().load(types::F64, flags, out, 0), self.b.ins().load(types::F64, flags, out, 8)]
    }
}
