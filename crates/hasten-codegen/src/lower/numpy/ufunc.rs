//! Element-wise NumPy functions on scalars, and ufuncs with `out=`.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// One application of a ufunc to scalars, with NumPy's semantics (no Python exceptions: nan, inf
    /// and wrap-around instead). `out` is the element type of the result; `scalar_exponent` is the
    /// second operand of `power` when it is one for the whole array, and `round`'s decimals.
    pub(in crate::lower) fn ufunc_value(&mut self, u: Ufunc, args: &[(Value, Type)], out: &Type, op_plan: Option<&BinaryPlan>, scalar_exponent: Option<&Expr>, span: Span) -> R<Value> {
        let d = out.value_dtype();
        // Python numbers act as the NumPy scalars they become (`np.add(1, 2)` is int64 arithmetic).
        let numpy_ty = |t: &Type| if matches!(t, Type::Scalar(_)) { t.clone() } else { Type::Scalar(t.value_dtype()) };
        let (x, tx) = args[0].clone();
        let as_out = |cx: &mut Self, v: Value, t: &Type| cx.convert(v, t, out);
        Ok(match u {
            Ufunc::Sqrt => {
                let v = as_out(self, x, &tx);
                self.b.ins().sqrt(v)
            }
            Ufunc::Exp | Ufunc::Log | Ufunc::Sin | Ufunc::Cos => {
                let v = as_out(self, x, &tx);
                let h = match (u, d == Dtype::F32) {
                    (Ufunc::Exp, false) => Helper::Exp,
                    (Ufunc::Log, false) => Helper::Log,
                    (Ufunc::Sin, false) => Helper::Sin,
                    (Ufunc::Cos, false) => Helper::Cos,
                    (Ufunc::Exp, true) => Helper::ExpF,
                    (Ufunc::Log, true) => Helper::LogF,
                    (Ufunc::Sin, true) => Helper::SinF,
                    _ => Helper::CosF,
                };
                let f = self.helper(h);
                self.call(f, &[v])[0]
            }
            Ufunc::Abs => {
                let v = as_out(self, x, &tx);
                if d.is_float() {
                    self.b.ins().fabs(v)
                } else if d.is_signed() {
                    self.b.ins().iabs(v)
                } else {
                    v
                }
            }
            Ufunc::Square => {
                let v = as_out(self, x, &tx);
                if d.is_float() {
                    self.b.ins().fmul(v, v)
                } else {
                    self.b.ins().imul(v, v)
                }
            }
            Ufunc::Negative => {
                let v = as_out(self, x, &tx);
                if d.is_float() {
                    self.b.ins().fneg(v)
                } else {
                    self.b.ins().ineg(v)
                }
            }
            Ufunc::Isnan => {
                if tx.is_floatlike() {
                    self.b.ins().fcmp(FloatCC::Unordered, x, x)
                } else {
                    self.iconst(types::I8, 0)
                }
            }
            Ufunc::Minimum | Ufunc::Maximum => {
                let (y, ty) = args[1].clone();
                let (a, b) = (as_out(self, x, &tx), as_out(self, y, &ty));
                self.numpy_extremum(u == Ufunc::Minimum, a, b, d.is_float(), d.is_signed())
            }
            Ufunc::Clip => {
                let (lo, tlo) = args[1].clone();
                let (hi, thi) = args[2].clone();
                let (x, lo, hi) = (as_out(self, x, &tx), as_out(self, lo, &tlo), as_out(self, hi, &thi));
                let floor = self.clip_bound(true, x, lo, d);
                self.clip_bound(false, floor, hi, d)
            }
            Ufunc::Where => {
                let c = self.truth(&vec![x], &tx);
                let (a, ta) = args[1].clone();
                let (b, tb) = args[2].clone();
                let (a, b) = (as_out(self, a, &ta), as_out(self, b, &tb));
                self.b.ins().select(c, a, b)
            }
            Ufunc::Round => match scalar_exponent.map(|e| &e.kind) {
                Some(ExprKind::Const(Const::Int(decimals))) => self.round_value(x, &tx, out, *decimals),
                _ => {
                    let decimals = self.convert(args[1].0, &args[1].1, &Type::Int);
                    self.round_value_dynamic(x, &tx, out, decimals, span)
                }
            },
            _ if u.operator().is_none() => self.more_ufunc_value(u, args, out, op_plan),
            _ => {
                let op = u.operator().expect("arithmetic ufuncs are operators");
                let plan = op_plan.expect("the type checker plans operator ufuncs");
                let (y, ty) = args[1].clone();
                let both_python = !matches!(tx, Type::Scalar(_)) && !matches!(ty, Type::Scalar(_));
                let (x, tx, y, ty) = if both_python {
                    let (nx, ny) = (numpy_ty(&tx), numpy_ty(&ty));
                    (self.convert(x, &tx, &nx), nx, self.convert(y, &ty, &ny), ny)
                } else {
                    (x, tx, y, ty)
                };
                if let (Ufunc::Power, Some(e), Type::Scalar(d)) = (u, scalar_exponent, &plan.operands) {
                    if d.is_float() {
                        let (x, y) = (self.convert(x, &tx, &plan.operands), self.convert(y, &ty, &plan.operands));
                        let v = self.scalar_exponent_power(x, y, e, *d, span);
                        return Ok(self.convert(v, &plan.result, out));
                    }
                }
                let (v, vt) = self.binary(op, x, &tx, y, &ty, plan, span)?;
                self.convert(v, &vt, out)
            }
        })
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// One side of NumPy's clip: the bound when `x` passes it (is below a lower bound or above an
    /// upper one) or the bound is NaN, else `x`; so `x` equal to the bound (`-0.0` against `0.0`)
    /// and a NaN `x` are kept.
    fn clip_bound(&mut self, lower: bool, x: Value, bound: Value, d: Dtype) -> Value {
        let passes = if d.is_float() {
            let past = self.b.ins().fcmp(if lower { FloatCC::LessThan } else { FloatCC::GreaterThan }, x, bound);
            let nan = self.b.ins().fcmp(FloatCC::Unordered, bound, bound);
            self.b.ins().bor(past, nan)
        } else {
            let cc = match (lower, d.is_signed()) {
                (true, true) => IntCC::SignedLessThan,
                (true, false) => IntCC::UnsignedLessThan,
                (false, true) => IntCC::SignedGreaterThan,
                (false, false) => IntCC::UnsignedGreaterThan,
            };
            self.b.ins().icmp(cc, x, bound)
        };
        self.b.ins().select(passes, bound, x)
    }

    /// A ufunc with `out=`: its result (a fresh value, the first argument) is stored into `out`, the
    /// second, which is returned.
    pub(in crate::lower) fn ufunc_into_out(&mut self, args: &[Expr], span: Span) -> R<Vals> {
        let fresh = self.expr(&args[0])?;
        let out = self.expr(&args[1])?;
        let Type::Array(oat) = args[1].ty else { unreachable!("out= is an array") };
        self.update_view(&out, oat, &fresh, &args[0].ty, None, span)?;
        Ok(out)
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// NumPy's `power` with one exponent for a whole array (`a ** e`, `np.power(x, e)` with a scalar
    /// `e`): the exponents 2, 0.5, -1, 1 and 0 are `x*x`, `sqrt`, `1/x`, `x` and 1, which differ from
    /// libm's `pow` on special values and in the last bit of some others. `x` and `y` are already
    /// in the float type `d`; a literal exponent picks its case here, any other at run time.
    pub(in crate::lower) fn scalar_exponent_power(&mut self, x: Value, y: Value, exponent: &Expr, d: Dtype, span: Span) -> Value {
        const SPECIAL: [f64; 5] = [2.0, 0.5, -1.0, 1.0, 0.0];
        let literal = match exponent.kind {
            ExprKind::Const(Const::Float(v)) => Some(v),
            ExprKind::Const(Const::Int(k)) => Some(k as f64),
            ExprKind::Const(Const::Bool(b)) => Some(b as i64 as f64),
            _ => None,
        };
        if let Some(k) = literal {
            return match SPECIAL.contains(&k) {
                true => self.special_power(x, k, d),
                false => self.float_op(BinOp::Pow, x, y, false, d, span),
            };
        }
        let ty = scalar_clif(&Type::Scalar(d));
        let join = self.b.create_block();
        self.b.append_block_param(join, ty);
        for k in SPECIAL {
            let (hit, next) = (self.b.create_block(), self.b.create_block());
            let kv = if d == Dtype::F32 { self.b.ins().f32const(k as f32) } else { self.b.ins().f64const(k) };
            let is_k = self.b.ins().fcmp(FloatCC::Equal, y, kv);
            self.b.ins().brif(is_k, hit, &[], next, &[]);
            self.b.switch_to_block(hit);
            let v = self.special_power(x, k, d);
            self.b.ins().jump(join, &[v.into()]);
            self.b.switch_to_block(next);
        }
        let v = self.float_op(BinOp::Pow, x, y, false, d, span);
        self.b.ins().jump(join, &[v.into()]);
        self.b.switch_to_block(join);
        self.b.block_params(join)[0]
    }

    fn special_power(&mut self, x: Value, k: f64, d: Dtype) -> Value {
        let one = |cx: &mut Self| if d == Dtype::F32 { cx.b.ins().f32const(1.0) } else { cx.b.ins().f64const(1.0) };
        match k {
            2.0 => self.b.ins().fmul(x, x),
            0.5 => self.b.ins().sqrt(x),
            -1.0 => {
                let one = one(self);
                self.b.ins().fdiv(one, x)
            }
            1.0 => x,
            _ => one(self),
        }
    }
}
