//! Repetitions: `np.repeat` (each slice along an axis copied its number of times; the front end
//! has raveled the array for `axis=None`), `np.tile` (the whole array copied along each axis) and
//! `np.meshgrid` (each vector copied along the other axes).

use super::cumulative::const_axis;
use super::*;

pub(super) const TOO_BIG: &str = "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.";

impl<'a, 'f> Lower<'a, 'f> {
    /// `np.repeat(a, repeats, axis)`: the total along `axis` is summed first (NumPy's checks:
    /// a negative scalar count is a negative dimension, a negative count in an array is its own
    /// error, an array must have one count or one per slice); then each slice is copied.
    pub(in crate::lower) fn repeat(&mut self, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(at) = ty else { unreachable!("repeat gives an array") };
        let src = ArrayVals::from_vals(&self.expr(&args[0])?);
        let nd = src.shape.len();
        let ax = const_axis(args, 2, nd, None).expect("the front end gives an axis");
        let n = src.shape[ax];
        let counts = self.expr(&args[1])?;
        // The count of slice j: a scalar, or an element of the array (its only one when it has one).
        let (count_at, total): (Box<dyn Fn(&mut Self, Value) -> Value>, Value) = match &args[1].ty {
            Type::Array(rt) => {
                let (rd, reps) = (rt.dtype, ArrayVals::from_vals(&counts));
                let m = reps.shape[0];
                let single = self.b.ins().icmp_imm_s(IntCC::Equal, m, 1);
                let same = self.b.ins().icmp(IntCC::Equal, m, n);
                let fits = self.b.ins().bor(single, same);
                let bad = self.b.ins().bxor_imm_u(fits, 1);
                self.fail_if_with(bad, |cx| {
                    let buf = cx.stack_slot(16);
                    cx.b.ins().store(MemFlagsData::trusted(), n, buf, 0);
                    cx.b.ins().store(MemFlagsData::trusted(), m, buf, 8);
                    let one = cx.iconst(types::I64, 1);
                    let code = cx.iconst(types::I32, 6);
                    let (lp, ll) = cx.location(span);
                    let h = cx.helper(Helper::RaiseBroadcast);
                    cx.call(h, &[buf, one, one, code, lp, ll]);
                    cx.leave_to_error_exit();
                });
                let (data, stride) = (reps.data, reps.strides[0]);
                let count_at = move |cx: &mut Self, j: Value| {
                    let zero = cx.iconst(types::I64, 0);
                    let k = cx.b.ins().select(single, zero, j);
                    let off = cx.b.ins().imul(k, stride);
                    let addr = cx.b.ins().iadd(data, off);
                    let v = cx.load_elem(addr, rd);
                    cx.i64_value(v, &Type::Scalar(rd))
                };
                let sum = self.temp_var(types::I64);
                let zero = self.iconst(types::I64, 0);
                self.b.def_var(sum, zero);
                self.counted_loop(n, |cx, j| {
                    let r = count_at(cx, j);
                    // NumPy broadcasts a single count as it would a scalar one.
                    let neg = cx.b.ins().icmp_imm_s(IntCC::SignedLessThan, r, 0);
                    let neg_single = cx.b.ins().band(neg, single);
                    cx.fail_if(neg_single, "ValueError", "negative dimensions are not allowed", span);
                    cx.fail_if(neg, "ValueError", "repeats may not contain negative values.", span);
                    let s = cx.b.use_var(sum);
                    let (s, of) = cx.b.ins().sadd_overflow(s, r);
                    cx.fail_if(of, "ValueError", TOO_BIG, span);
                    cx.b.def_var(sum, s);
                    Ok(())
                })?;
                (Box::new(count_at), self.b.use_var(sum))
            }
            t => {
                let r = self.i64_value(counts[0], &t.clone());
                // A negative count of no slice is no error in NumPy.
                let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, r, 0);
                let some = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, n, 0);
                let neg = self.b.ins().band(neg, some);
                self.fail_if(neg, "ValueError", "negative dimensions are not allowed", span);
                let (total, of) = self.b.ins().smul_overflow(n, r);
                self.fail_if(of, "ValueError", TOO_BIG, span);
                (Box::new(move |_: &mut Self, _| r), total)
            }
        };
        let mut shape = src.shape.clone();
        shape[ax] = total;
        let itemsize = at.dtype.itemsize() as i64;
        let (data, owner, _) = self.allocate(&shape, at.dtype, false, span);
        let dst_strides = self.c_strides(&shape, itemsize);
        let operands = vec![(src.data, src.strides[..ax].to_vec()), (data, dst_strides[..ax].to_vec())];
        let pos = self.temp_var(types::I64);
        self.walk(&src.shape[..ax], operands, &mut |cx, at_| {
            let (s, d) = (at_[0], at_[1]);
            let zero = cx.iconst(types::I64, 0);
            cx.b.def_var(pos, zero);
            cx.counted_loop(n, |cx, j| {
                let r = count_at(cx, j);
                let so = cx.b.ins().imul(j, src.strides[ax]);
                let sj = cx.b.ins().iadd(s, so);
                cx.counted_loop(r, |cx, _| {
                    let p = cx.b.use_var(pos);
                    let dof = cx.b.ins().imul(p, dst_strides[ax]);
                    let dp = cx.b.ins().iadd(d, dof);
                    cx.copy_strided(at.dtype, &src.shape[ax + 1..], sj, &src.strides[ax + 1..], dp, &dst_strides[ax + 1..])?;
                    let p = cx.b.ins().iadd_imm_s(p, 1);
                    cx.b.def_var(pos, p);
                    Ok(())
                })
            })
        })?;
        Ok(ArrayVals { data, owner, shape, strides: dst_strides }.into_vals())
    }

    /// `np.tile(A, reps)`: `A` and `reps` padded with leading ones to the same length; axis `k` of
    /// the result is `reps[k]` copies of `A`'s, walked as the pair of axes (copy, index in `A`).
    pub(in crate::lower) fn tile(&mut self, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(at) = ty else { unreachable!("tile gives an array") };
        let out_nd = at.ndim as usize;
        let mut src = ArrayVals::from_vals(&self.expr(&args[0])?);
        let rv = self.expr(&args[1])?;
        let mut reps: Vals = match &args[1].ty {
            Type::Tuple(items) => rv.iter().zip(items.clone()).map(|(v, t)| self.i64_value(*v, &t)).collect(),
            t => vec![self.i64_value(rv[0], &t.clone())],
        };
        let (zero, one) = (self.iconst(types::I64, 0), self.iconst(types::I64, 1));
        while src.shape.len() < out_nd {
            src.shape.insert(0, one);
            src.strides.insert(0, zero);
        }
        while reps.len() < out_nd {
            reps.insert(0, one);
        }
        let mut shape = Vec::new();
        // A negative count of an empty axis gives an empty one, as in NumPy (which raises from its
        // final reshape, with another message, when another axis then comes out negative).
        for (s, r) in src.shape.iter().zip(&reps) {
            let (n, of) = self.b.ins().smul_overflow(*s, *r);
            self.fail_if(of, "ValueError", TOO_BIG, span);
            shape.push(n);
        }
        let itemsize = at.dtype.itemsize() as i64;
        let (data, owner, _) = self.allocate(&shape, at.dtype, false, span);
        let dst_strides = self.c_strides(&shape, itemsize);
        let (mut walk_shape, mut src_strides, mut dst_walk) = (Vec::new(), Vec::new(), Vec::new());
        for k in 0..out_nd {
            let block = self.b.ins().imul(src.shape[k], dst_strides[k]);
            walk_shape.extend([reps[k], src.shape[k]]);
            src_strides.extend([zero, src.strides[k]]);
            dst_walk.extend([block, dst_strides[k]]);
        }
        self.copy_strided(at.dtype, &walk_shape, src.data, &src_strides, data, &dst_walk)?;
        Ok(ArrayVals { data, owner, shape, strides: dst_strides }.into_vals())
    }

    /// `np.meshgrid(x1, ..., xn, ij)` of raveled inputs: output `k` has input `k`'s dtype and
    /// varies along axis `k`, except that 'xy' indexing swaps the first two axes.
    pub(in crate::lower) fn meshgrid(&mut self, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Tuple(items) = ty else { unreachable!("meshgrid gives a tuple") };
        let n = args.len() - 1;
        let ExprKind::Const(Const::Bool(ij)) = args[n].kind else { unreachable!("the front end makes indexing= a flag") };
        let mut xs = Vec::new();
        for a in &args[..n] {
            xs.push(ArrayVals::from_vals(&self.expr(a)?));
        }
        // The axis each input varies along.
        let mut axis_of: Vec<usize> = (0..n).collect();
        if !ij && n >= 2 {
            axis_of.swap(0, 1);
        }
        let mut shape = vec![xs[0].shape[0]; n];
        for (k, x) in xs.iter().enumerate() {
            shape[axis_of[k]] = x.shape[0];
        }
        let zero = self.iconst(types::I64, 0);
        let mut out = Vec::new();
        for (k, x) in xs.iter().enumerate() {
            let Type::Array(t) = &items[k] else { unreachable!("arrays") };
            let (data, owner, _) = self.allocate(&shape, t.dtype, false, span);
            let strides = self.c_strides(&shape, t.dtype.itemsize() as i64);
            let mut src_strides = vec![zero; n];
            src_strides[axis_of[k]] = x.strides[0];
            self.copy_strided(t.dtype, &shape, x.data, &src_strides, data, &strides)?;
            out.extend(ArrayVals { data, owner, shape: shape.clone(), strides }.into_vals());
        }
        Ok(out)
    }
}
