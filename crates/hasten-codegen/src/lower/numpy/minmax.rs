//! Float `np.min`/`np.max`/`np.nanmin`/`np.nanmax` (whole-array and along an axis) as NumPy
//! computes them: the runtime (`hasten_runtime::minmax`) folds the elements in NumPy's runs and SIMD
//! lanes, which decide which NaN and which zero come out. A computed operand is first stored, in
//! NumPy's order, as the temporary array NumPy reduces.

use super::reduce::LineOrder;
use super::*;

/// The runtime's flags for a float min/max reduction over `dtype` (`nanmin`/`nanmax` are
/// NumPy's `fmin`/`fmax` reductions), or `None` for other reductions and dtypes.
fn minmax_flags(kind: Reduction, dtype: Dtype) -> Option<i64> {
    let family = match kind {
        Reduction::Min => 0,
        Reduction::Max => 1,
        Reduction::Nanmin => 8,
        Reduction::Nanmax => 8 | 1,
        _ => return None,
    };
    match dtype {
        Dtype::F64 => Some(family),
        Dtype::F32 => Some(family | 2),
        _ => None,
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// The whole-array float min or max of `arg`, with NumPy's `initial=` (`initial`, of any number
    /// type), which starts the fold and answers for an empty array; `None` for every other reduction.
    pub(super) fn numpy_minmax(&mut self, kind: Reduction, arg: &Expr, initial: Option<&Expr>, span: Span) -> R<Option<Value>> {
        let Type::Array(at) = arg.ty else { return Ok(None) };
        let Some(flags) = minmax_flags(kind, at.dtype) else { return Ok(None) };
        let itemsize = at.dtype.itemsize() as i64;
        let (data, shape, strides) = if is_fused_root(arg) {
            // NumPy's temporary of the expression, walked as the one line it is in memory.
            let a = self.elementwise_as_numpy(arg)?.0;
            let one = self.iconst(types::I64, 1);
            let count = a.shape.iter().fold(one, |n, &k| self.b.ins().imul(n, k));
            (a.data, vec![count], vec![self.iconst(types::I64, itemsize)])
        } else {
            let a = ArrayVals::from_vals(&self.expr(arg)?);
            (a.data, a.shape, a.strides)
        };
        let mut count = self.iconst(types::I64, 1);
        for n in &shape {
            count = self.b.ins().imul(count, *n);
        }
        let initial = match initial {
            Some(e) => {
                let v = self.expr(e)?[0];
                let v = self.convert(v, &e.ty, &Type::Scalar(at.dtype));
                Some(if at.dtype == Dtype::F32 {
                    let bits = self.b.ins().bitcast(types::I32, MemFlagsData::new(), v);
                    self.b.ins().uextend(types::I64, bits)
                } else {
                    self.b.ins().bitcast(types::I64, MemFlagsData::new(), v)
                })
            }
            None => {
                self.fail_if_no_identity(kind, count, span);
                None
            }
        };
        let nd = shape.len();
        let (shape_at, strides_at) = (self.stack_slot((nd * 8) as u32), self.stack_slot((nd * 8) as u32));
        for k in 0..nd {
            self.b.ins().store(MemFlagsData::trusted(), shape[k], shape_at, (k * 8) as i32);
            self.b.ins().store(MemFlagsData::trusted(), strides[k], strides_at, (k * 8) as i32);
        }
        let (ndv, flags) = (self.iconst(types::I64, nd as i64), self.iconst(types::I64, flags));
        let bits = match initial {
            Some(first) => {
                let f = self.helper(Helper::MinmaxArrayFrom);
                self.call(f, &[data, ndv, shape_at, strides_at, flags, first])[0]
            }
            None => {
                let f = self.helper(Helper::MinmaxArray);
                self.call(f, &[data, ndv, shape_at, strides_at, flags])[0]
            }
        };
        Ok(Some(self.float_from_bits(bits, at.dtype)))
    }

    /// The float min or max of one line of `n >= 1` elements of an axis reduction, whose result
    /// goes to `at` (results `itemsize` bytes apart); `None` for every other reduction.
    pub(super) fn numpy_minmax_line(&mut self, kind: Reduction, elem: Dtype, base: Value, (n, stride): (Value, Value), order: LineOrder, (at, itemsize): (Value, i64)) -> Option<Value> {
        let flags = minmax_flags(kind, elem)?;
        let seq = self.b.ins().ishl_imm_u(order.sequential, 2);
        let flags = self.b.ins().bor_imm_u(seq, flags);
        // This result's place in NumPy's inner loop, which decides the step of `fmin`'s lines.
        let off = self.b.ins().isub(at, order.first_out);
        let index = self.b.ins().udiv_imm_u(off, itemsize);
        let j = self.b.ins().urem(index, order.width);
        let f = self.helper(Helper::MinmaxLine);
        let bits = self.call(f, &[base, n, stride, flags, j, order.width])[0];
        Some(self.float_from_bits(bits, elem))
    }

    /// How many results of an axis reduction NumPy's inner loop computes at a time when it
    /// combines lines element-wise: all of them when they are one run (two axes, or the first
    /// reduced), else those along the last axis. At least 1, as the result may be empty.
    pub(super) fn inner_results(&mut self, out_shape: &[Value], axis: usize) -> Value {
        let mut w = self.iconst(types::I64, 1);
        let axes = if out_shape.len() <= 1 || axis == 0 { out_shape } else { &out_shape[out_shape.len() - 1..] };
        for n in axes {
            w = self.b.ins().imul(w, *n);
        }
        let one = self.iconst(types::I64, 1);
        let empty = self.b.ins().icmp_imm_s(IntCC::Equal, w, 0);
        self.b.ins().select(empty, one, w)
    }

    /// The float of `dtype` whose bits are the low bits of the i64 `bits`.
    fn float_from_bits(&mut self, bits: Value, dtype: Dtype) -> Value {
        if dtype == Dtype::F32 {
            let low = self.b.ins().ireduce(types::I32, bits);
            self.b.ins().bitcast(types::F32, MemFlagsData::new(), low)
        } else {
            self.b.ins().bitcast(types::F64, MemFlagsData::new(), bits)
        }
    }
}
