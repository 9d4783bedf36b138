//! Joining a tuple or a list of arrays (`np.concatenate`, `np.stack`, `np.vstack`, `np.hstack`,
//! `np.column_stack`): each input, with its unit axes inserted as `hasten_typeck::joining::layout`
//! says, is copied (cast to the result's dtype) into its place in one new C-contiguous array.

use super::*;
use hasten_typeck::joining::layout;

impl<'a, 'f> Lower<'a, 'f> {
    pub(in crate::lower) fn join(&mut self, f: NumpyFn, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        if let (Type::List(item), Type::Array(out)) = (&args[0].ty, ty) {
            let Type::Array(item) = **item else { unreachable!("joins take arrays") };
            return self.join_list(f, args, item, *out, span);
        }
        let (Type::Tuple(items), Type::Array(out)) = (&args[0].ty, ty) else { unreachable!("joins take a tuple of arrays") };
        let axis = match args.get(1).map(|a| &a.kind) {
            Some(ExprKind::Const(Const::Int(k))) => Some(*k),
            _ => None,
        };
        let dtypes: Vec<(u8, Dtype)> = items.iter().map(|t| match t { Type::Array(a) => (a.ndim, a.dtype), _ => unreachable!("arrays only") }).collect();
        let ndims: Vec<u8> = dtypes.iter().map(|(nd, _)| *nd).collect();
        let plan = layout(f, &ndims, axis).expect("the type checker checked the join");
        let vals = self.expr(&args[0])?;
        let mut inputs = Vec::new();
        let mut at = 0;
        for (t, ins) in items.iter().zip(&plan.inserts) {
            let n = t.slot_count();
            inputs.push(self.with_unit_axes(ArrayVals::from_vals(&vals[at..at + n]), ins));
            at += n;
        }
        let first = inputs[0].shape.clone();
        for (i, input) in inputs.iter().enumerate().skip(1) {
            for k in (0..first.len()).filter(|k| *k != plan.axis) {
                let differ = self.b.ins().icmp(IntCC::NotEqual, input.shape[k], first[k]);
                let dim = if plan.stack { -1 } else { k as i64 };
                let (s0, si) = (first[k], input.shape[k]);
                self.fail_if_with(differ, |cx| {
                    let (d, i) = (cx.iconst(types::I64, dim), cx.iconst(types::I64, i as i64));
                    let (lp, ll) = cx.location(span);
                    let h = cx.helper(Helper::RaiseJoin);
                    cx.call(h, &[d, i, s0, si, lp, ll]);
                    cx.leave_to_error_exit();
                });
            }
        }
        let mut shape = first;
        for input in &inputs[1..] {
            shape[plan.axis] = self.b.ins().iadd(shape[plan.axis], input.shape[plan.axis]);
        }
        let itemsize = out.dtype.itemsize() as i64;
        let (data, owner, _) = self.allocate(&shape, out.dtype, false, span);
        let strides = self.c_strides(&shape, itemsize);
        let mut place = data;
        for (input, (_, d)) in inputs.iter().zip(&dtypes) {
            self.copy_cast(&input.shape, input.data, &input.strides, *d, place, &strides, out.dtype)?;
            let step = self.b.ins().imul(input.shape[plan.axis], strides[plan.axis]);
            place = self.b.ins().iadd(place, step);
        }
        Ok(self.contiguous_vals(data, owner, shape, itemsize))
    }

    /// A join of the arrays of a list (of type `item` each): NumPy's ValueError for none, its
    /// shape checks item by item against the first, then each copied into its place.
    fn join_list(&mut self, f: NumpyFn, args: &[Expr], item: ArrayType, out: ArrayType, span: Span) -> R<Vals> {
        let axis = match args.get(1).map(|a| &a.kind) {
            Some(ExprKind::Const(Const::Int(k))) => Some(*k),
            _ => None,
        };
        let plan = layout(f, &[item.ndim], axis).expect("the type checker checked the join");
        let ins = plan.inserts[0].clone();
        let item_ty = Type::Array(item);
        let list = self.expr(&args[0])?[0];
        let n = self.list_len(list);
        let empty = self.b.ins().icmp_imm_s(IntCC::Equal, n, 0);
        let what = if plan.stack { "need at least one array to stack" } else { "need at least one array to concatenate" };
        self.fail_if(empty, "ValueError", what, span);
        let zero = self.iconst(types::I64, 0);
        let first = self.scoped(|cx| Ok(cx.list_array(list, zero, &item_ty, &ins).shape))?;
        let total = self.temp_var(types::I64);
        self.b.def_var(total, first[plan.axis]);
        let one = self.iconst(types::I64, 1);
        let rest = self.b.ins().isub(n, one);
        self.counted_loop(rest, |cx, j| {
            cx.scoped(|cx| {
                let i = cx.b.ins().iadd_imm_s(j, 1);
                let input = cx.list_array(list, i, &item_ty, &ins);
                for k in (0..first.len()).filter(|k| *k != plan.axis) {
                    let differ = cx.b.ins().icmp(IntCC::NotEqual, input.shape[k], first[k]);
                    let dim = if plan.stack { -1 } else { k as i64 };
                    let (s0, si) = (first[k], input.shape[k]);
                    cx.fail_if_with(differ, |cx| {
                        let d = cx.iconst(types::I64, dim);
                        let (lp, ll) = cx.location(span);
                        let h = cx.helper(Helper::RaiseJoin);
                        cx.call(h, &[d, i, s0, si, lp, ll]);
                        cx.leave_to_error_exit();
                    });
                }
                let sum = cx.b.use_var(total);
                let sum = cx.b.ins().iadd(sum, input.shape[plan.axis]);
                cx.b.def_var(total, sum);
                Ok(())
            })
        })?;
        let mut shape = first;
        shape[plan.axis] = self.b.use_var(total);
        let itemsize = out.dtype.itemsize() as i64;
        let (data, owner, _) = self.allocate(&shape, out.dtype, false, span);
        let strides = self.c_strides(&shape, itemsize);
        let place = self.temp_var(types::I64);
        self.b.def_var(place, data);
        self.counted_loop(n, |cx, i| {
            cx.scoped(|cx| {
                let input = cx.list_array(list, i, &item_ty, &ins);
                let at = cx.b.use_var(place);
                cx.copy_cast(&input.shape, input.data, &input.strides, item.dtype, at, &strides, out.dtype)?;
                let step = cx.b.ins().imul(input.shape[plan.axis], strides[plan.axis]);
                let next = cx.b.ins().iadd(at, step);
                cx.b.def_var(place, next);
                Ok(())
            })
        })?;
        Ok(self.contiguous_vals(data, owner, shape, itemsize))
    }

    /// Item `i` of a list of arrays, with the unit axes `inserts`.
    fn list_array(&mut self, list: Value, i: Value, item: &Type, inserts: &[usize]) -> ArrayVals {
        let a = ArrayVals::from_vals(&self.list_item(list, i, item));
        self.with_unit_axes(a, inserts)
    }

    /// `a` with a unit axis (stride 0) inserted at each of `inserts`, positions of the result.
    fn with_unit_axes(&mut self, mut a: ArrayVals, inserts: &[usize]) -> ArrayVals {
        for &k in inserts {
            let (one, zero) = (self.iconst(types::I64, 1), self.iconst(types::I64, 0));
            a.shape.insert(k, one);
            a.strides.insert(k, zero);
        }
        a
    }

    /// Copies the elements of a strided array of dtype `sd` into one of dtype `dd` of the same
    /// shape, with NumPy's casts (a real number into a complex element gets a `+0.0` imaginary
    /// part; the type checker never casts complex to real here).
    #[allow(clippy::too_many_arguments)]
    pub(in crate::lower) fn copy_cast(&mut self, shape: &[Value], src: Value, src_strides: &[Value], sd: Dtype, dst: Value, dst_strides: &[Value], dd: Dtype) -> R<()> {
        let operands = vec![(src, src_strides.to_vec()), (dst, dst_strides.to_vec())];
        self.walk(shape, operands, &mut |cx, at| {
            if dd.is_complex() {
                let v = cx.load_item(at[0], sd);
                let (re, im) = cx.parts_of(&v, &sd.item(), dd);
                cx.store_parts(at[1], &[re, im]);
                return Ok(());
            }
            let v = cx.load_elem(at[0], sd);
            let v = cx.convert(v, &Type::Scalar(sd), &Type::Scalar(dd));
            cx.b.ins().store(MemFlagsData::trusted(), v, at[1], 0);
            Ok(())
        })
    }
}
