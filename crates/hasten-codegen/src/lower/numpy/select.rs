//! Selection: `np.nonzero` (and one-argument `np.where`), `np.flatnonzero`, `np.argwhere`,
//! `np.take`, `np.compress`/`np.extract`. Results whose size depends on the data take two passes:
//! one counts, then the exact outputs are allocated and filled.

use super::cumulative::const_axis;
use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// Loops over `shape` in C order, calling `f` with the address of each element of the strided
    /// array at `base` and its index along each axis.
    fn walk_indexed(&mut self, shape: &[Value], base: Value, strides: &[Value], idx: &mut Vec<Value>, f: &mut dyn FnMut(&mut Self, Value, &[Value]) -> R<()>) -> R<()> {
        let Some((&n, rest)) = shape.split_first() else {
            return f(self, base, idx);
        };
        self.counted_loop(n, |cx, i| {
            let off = cx.b.ins().imul(i, strides[0]);
            let at = cx.b.ins().iadd(base, off);
            idx.push(i);
            cx.walk_indexed(rest, at, &strides[1..], idx, f)?;
            idx.pop();
            Ok(())
        })
    }

    /// Runs `then` when `cond` (an i8) is true.
    fn when(&mut self, cond: Value, then: impl FnOnce(&mut Self) -> R<()>) -> R<()> {
        let (yes, done) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(cond, yes, &[], done, &[]);
        self.b.switch_to_block(yes);
        then(self)?;
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
        Ok(())
    }

    /// The number of true elements of a strided array of dtype `d`.
    fn count_truthy(&mut self, a: &ArrayVals, d: Dtype) -> R<Value> {
        let count = self.temp_var(types::I64);
        let zero = self.iconst(types::I64, 0);
        self.b.def_var(count, zero);
        self.walk(&a.shape, vec![(a.data, a.strides.clone())], &mut |cx, at| {
            let v = cx.load_item(at[0], d);
            let t = cx.truth(&v, &d.item());
            let t = cx.b.ins().uextend(types::I64, t);
            let c = cx.b.use_var(count);
            let c = cx.b.ins().iadd(c, t);
            cx.b.def_var(count, c);
            Ok(())
        })?;
        Ok(self.b.use_var(count))
    }

    /// `np.nonzero` (one index array per axis), `np.flatnonzero` (of a raveled, 1-d array) and
    /// `np.argwhere` (one row of indices per true element).
    pub(in crate::lower) fn nonzero(&mut self, f: NumpyFn, args: &[Expr], span: Span) -> R<Vals> {
        let Type::Array(at) = args[0].ty else { unreachable!("nonzero takes an array") };
        let a = self.array_operand(&args[0])?;
        let nd = a.shape.len();
        let count = self.count_truthy(&a, at.dtype)?;
        let outs: Vec<(Value, Value)> = match f {
            NumpyFn::Argwhere => {
                let width = self.iconst(types::I64, nd as i64);
                let (data, owner, _) = self.allocate(&[count, width], Dtype::I64, false, span);
                vec![(data, owner)]
            }
            _ => (0..nd).map(|_| {
                let (data, owner, _) = self.allocate(&[count], Dtype::I64, false, span);
                (data, owner)
            }).collect(),
        };
        let cursor = self.temp_var(types::I64);
        let zero = self.iconst(types::I64, 0);
        self.b.def_var(cursor, zero);
        // `np.argwhere` is NumPy's transpose of `np.nonzero`: Fortran-ordered, a column per axis.
        let column = self.b.ins().imul_imm_s(count, 8);
        self.walk_indexed(&a.shape, a.data, &a.strides, &mut Vec::new(), &mut |cx, addr, idx| {
            let v = cx.load_item(addr, at.dtype);
            let t = cx.truth(&v, &at.dtype.item());
            cx.when(t, |cx| {
                let k = cx.b.use_var(cursor);
                for (d, i) in idx.iter().enumerate() {
                    let (base, off) = match f {
                        NumpyFn::Argwhere => {
                            let col = cx.b.ins().imul_imm_s(column, d as i64);
                            (cx.b.ins().iadd(outs[0].0, col), cx.b.ins().imul_imm_s(k, 8))
                        }
                        _ => (outs[d].0, cx.b.ins().imul_imm_s(k, 8)),
                    };
                    let at = cx.b.ins().iadd(base, off);
                    cx.b.ins().store(MemFlagsData::trusted(), *i, at, 0);
                }
                let next = cx.b.ins().iadd_imm_s(k, 1);
                cx.b.def_var(cursor, next);
                Ok(())
            })
        })?;
        Ok(match f {
            NumpyFn::Argwhere => {
                let width = self.iconst(types::I64, nd as i64);
                // (NumPy's strides of an empty result are zero.)
                let none = self.b.ins().icmp_imm_s(IntCC::Equal, count, 0);
                let (zero, eight) = (self.iconst(types::I64, 0), self.iconst(types::I64, 8));
                let step = self.b.ins().select(none, zero, eight);
                ArrayVals { data: outs[0].0, owner: outs[0].1, shape: vec![count, width], strides: vec![step, column] }.into_vals()
            }
            _ => outs.into_iter().flat_map(|(data, owner)| self.contiguous_vals(data, owner, vec![count], 8)).collect(),
        })
    }

    /// `np.take(a, indices, axis)`: the indices, wrapped and checked (NumPy's IndexError), then
    /// the slices they pick along the axis.
    pub(in crate::lower) fn take(&mut self, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(at) = args[0].ty else { unreachable!("take takes an array") };
        let a = self.array_operand(&args[0])?;
        let axis = const_axis(args, 2, a.shape.len(), None).expect("an int axis");
        let ind = self.expr(&args[1])?;
        let (ind_shape, ind_strides, ind_data, ind_dtype) = match &args[1].ty {
            Type::Array(it) => {
                let i = ArrayVals::from_vals(&ind);
                (i.shape, i.strides, i.data, it.dtype)
            }
            t => {
                let slot = self.stack_slot(8);
                let v = self.i64_value(ind[0], t);
                self.b.ins().store(MemFlagsData::trusted(), v, slot, 0);
                (Vec::new(), Vec::new(), slot, Dtype::I64)
            }
        };
        let (idx, _, m) = self.allocate(&ind_shape, Dtype::I64, false, span);
        let n = a.shape[axis];
        self.fail_if_empty_take(&a, axis, m, span);
        let idx_strides = self.c_strides(&ind_shape, 8);
        let axis_v = self.iconst(types::I64, axis as i64);
        // NumPy checks the indices once per slice before the axis: not at all when there is none.
        let any = self.any_before(&a, axis);
        self.when(any, |cx| {
            cx.walk(&ind_shape, vec![(ind_data, ind_strides), (idx, idx_strides)], &mut |cx, at| {
                let v = cx.load_elem(at[0], ind_dtype);
                let v = cx.i64_value(v, &Type::Scalar(ind_dtype));
                let pos = cx.wrapped_index(v, n, axis_v, span);
                cx.b.ins().store(MemFlagsData::trusted(), pos, at[1], 0);
                Ok(())
            })
        })?;
        let vals = self.gather_along(&a, at.dtype, axis, idx, m, &ind_shape, span)?;
        if !matches!(ty, Type::Array(_)) {
            return Ok(self.load_item(vals[0], at.dtype));
        }
        Ok(vals)
    }

    /// Whether `a` has any slice before `axis` (an i8).
    fn any_before(&mut self, a: &ArrayVals, axis: usize) -> Value {
        let mut count = self.iconst(types::I64, 1);
        for s in &a.shape[..axis] {
            count = self.b.ins().imul(count, *s);
        }
        self.b.ins().icmp_imm_s(IntCC::NotEqual, count, 0)
    }

    /// NumPy's IndexError for a non-empty result of `m` slices along an axis of length 0.
    fn fail_if_empty_take(&mut self, a: &ArrayVals, axis: usize, m: Value, span: Span) {
        let no_axis = self.b.ins().icmp_imm_s(IntCC::Equal, a.shape[axis], 0);
        let mut size = m;
        for (k, s) in a.shape.iter().enumerate() {
            if k != axis {
                size = self.b.ins().imul(size, *s);
            }
        }
        let some = self.b.ins().icmp_imm_s(IntCC::NotEqual, size, 0);
        let bad = self.b.ins().band(no_axis, some);
        self.fail_if(bad, "IndexError", "cannot do a non-empty take from an empty axes.", span);
    }

    /// `v` counted from the end when negative; NumPy's IndexError unless then in `0..n`.
    fn wrapped_index(&mut self, v: Value, n: Value, axis: Value, span: Span) -> Value {
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, v, 0);
        let plus = self.b.ins().iadd(v, n);
        let pos = self.b.ins().select(negative, plus, v);
        let out = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, pos, n);
        self.fail_if_with(out, |cx| {
            let (lp, ll) = cx.location(span);
            let f = cx.helper(Helper::RaiseIndex);
            cx.call(f, &[v, axis, n, lp, ll]);
            cx.leave_to_error_exit();
        });
        pos
    }

    /// `np.compress(condition, a, axis)`: the positions of the true elements of the 1-d
    /// condition, each checked against the axis (NumPy's IndexError), then those slices.
    pub(in crate::lower) fn compress(&mut self, args: &[Expr], span: Span) -> R<Vals> {
        let (Type::Array(ct), Type::Array(at)) = (&args[0].ty, &args[1].ty) else { unreachable!("compress takes arrays") };
        let (cd, ad) = (ct.dtype, at.dtype);
        let c = self.array_operand(&args[0])?;
        let a = self.array_operand(&args[1])?;
        let axis = const_axis(args, 2, a.shape.len(), None).expect("an int axis");
        let m = self.count_truthy(&c, cd)?;
        let (idx, _, _) = self.allocate(&[m], Dtype::I64, false, span);
        let n = a.shape[axis];
        self.fail_if_empty_take(&a, axis, m, span);
        let axis_v = self.iconst(types::I64, axis as i64);
        let cursor = self.temp_var(types::I64);
        let zero = self.iconst(types::I64, 0);
        self.b.def_var(cursor, zero);
        let any = self.any_before(&a, axis);
        let lines = self.b.ins().select(any, c.shape[0], zero);
        self.counted_loop(lines, |cx, i| {
            let off = cx.b.ins().imul(i, c.strides[0]);
            let addr = cx.b.ins().iadd(c.data, off);
            let v = cx.load_item(addr, cd);
            let t = cx.truth(&v, &cd.item());
            cx.when(t, |cx| {
                let pos = cx.wrapped_index(i, n, axis_v, span);
                let k = cx.b.use_var(cursor);
                let off = cx.b.ins().imul_imm_s(k, 8);
                let at = cx.b.ins().iadd(idx, off);
                cx.b.ins().store(MemFlagsData::trusted(), pos, at, 0);
                let next = cx.b.ins().iadd_imm_s(k, 1);
                cx.b.def_var(cursor, next);
                Ok(())
            })
        })?;
        self.gather_along(&a, ad, axis, idx, m, &[m], span)
    }

    /// A new C-ordered array of `a`'s slices along `axis` at the `m` checked positions `idx`,
    /// the axis replaced by the dimensions `idx_shape` (whose product is `m`).
    #[allow(clippy::too_many_arguments)]
    fn gather_along(&mut self, a: &ArrayVals, d: Dtype, axis: usize, idx: Value, m: Value, idx_shape: &[Value], span: Span) -> R<Vals> {
        let itemsize = d.itemsize() as i64;
        let (pre, post) = (&a.shape[..axis], &a.shape[axis + 1..]);
        let out_shape: Vals = pre.iter().chain(idx_shape).chain(post).copied().collect();
        let (out, owner, _) = self.allocate(&out_shape, d, false, span);
        let post_strides = self.c_strides(post, itemsize);
        let mut slice_bytes = self.iconst(types::I64, itemsize);
        for p in post {
            slice_bytes = self.b.ins().imul(slice_bytes, *p);
        }
        let block = self.b.ins().imul(slice_bytes, m);
        let pre_out_strides = {
            let mut strides = self.c_strides(pre, 1);
            for s in strides.iter_mut() {
                *s = self.b.ins().imul(*s, block);
            }
            strides
        };
        let (along, src_post) = (a.strides[axis], a.strides[axis + 1..].to_vec());
        let operands = vec![(a.data, a.strides[..axis].to_vec()), (out, pre_out_strides)];
        self.walk(pre, operands, &mut |cx, at| {
            let (src, dst) = (at[0], at[1]);
            cx.counted_loop(m, |cx, j| {
                let off = cx.b.ins().imul_imm_s(j, 8);
                let slot = cx.b.ins().iadd(idx, off);
                let pos = cx.b.ins().load(types::I64, MemFlagsData::trusted(), slot, 0);
                let soff = cx.b.ins().imul(pos, along);
                let s = cx.b.ins().iadd(src, soff);
                let doff = cx.b.ins().imul(j, slice_bytes);
                let t = cx.b.ins().iadd(dst, doff);
                cx.copy_strided(d, post, s, &src_post, t, &post_strides)
            })
        })?;
        Ok(self.contiguous_vals(out, owner, out_shape, itemsize))
    }
}
