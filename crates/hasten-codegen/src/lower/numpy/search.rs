//! `np.searchsorted`: for each value, a binary search of the sorted 1-d array in NumPy's order
//! (NaN after every number), in the common type of the array and the values.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    pub(in crate::lower) fn searchsorted(&mut self, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(at) = args[0].ty else { unreachable!("searchsorted searches an array") };
        let right = matches!(args.get(2).map(|e| &e.kind), Some(ExprKind::Const(Const::Bool(true))));
        let common = hasten_typeck::rules::common(&Type::Scalar(at.dtype), &args[1].ty.element()).expect("checked by the type checker");
        let a = ArrayVals::from_vals(&self.expr(&args[0])?);
        let vals = self.expr(&args[1])?;
        let sorted = Sorted { data: a.data, len: a.shape[0], stride: a.strides[0], dtype: at.dtype, common, right };
        let Type::Array(vt) = &args[1].ty else {
            return Ok(vec![self.insertion_point(&sorted, vals[0], &args[1].ty)]);
        };
        let v = ArrayVals::from_vals(&vals);
        let (data, owner, _) = self.allocate(&v.shape, Dtype::I64, false, span);
        let strides = self.c_strides(&v.shape, 8);
        self.search_each(&sorted, &v.shape, v.data, &v.strides, vt.dtype, data, &strides)?;
        let Type::Array(_) = ty else { unreachable!("an array of values gives an array") };
        Ok(self.contiguous_vals(data, owner, v.shape, 8))
    }

    /// Stores the insertion point of each element of a strided array of values.
    #[allow(clippy::too_many_arguments)]
    fn search_each(&mut self, sorted: &Sorted, shape: &[Value], src: Value, src_strides: &[Value], vd: Dtype, dst: Value, dst_strides: &[Value]) -> R<()> {
        let operands = vec![(src, src_strides.to_vec()), (dst, dst_strides.to_vec())];
        self.walk(shape, operands, &mut |cx, at| {
            let v = cx.load_elem(at[0], vd);
            let i = cx.insertion_point(sorted, v, &Type::Scalar(vd));
            cx.b.ins().store(MemFlagsData::trusted(), i, at[1], 0);
            Ok(())
        })
    }

    /// The first index whose element is not below `v` (left) or is above `v` (right).
    pub(super) fn insertion_point(&mut self, sorted: &Sorted, v: Value, vty: &Type) -> Value {
        let key = self.convert(v, vty, &sorted.common);
        let (header, body, done) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.append_block_param(header, types::I64);
        self.b.append_block_param(header, types::I64);
        let zero = self.iconst(types::I64, 0);
        self.b.ins().jump(header, &[zero.into(), sorted.len.into()]);
        self.b.switch_to_block(header);
        let (lo, hi) = (self.b.block_params(header)[0], self.b.block_params(header)[1]);
        let more = self.b.ins().icmp(IntCC::SignedLessThan, lo, hi);
        self.b.ins().brif(more, body, &[], done, &[]);
        self.b.switch_to_block(body);
        let sum = self.b.ins().iadd(lo, hi);
        let mid = self.b.ins().ushr_imm_u(sum, 1);
        let off = self.b.ins().imul(mid, sorted.stride);
        let addr = self.b.ins().iadd(sorted.data, off);
        let x = self.load_elem(addr, sorted.dtype);
        let x = self.convert(x, &Type::Scalar(sorted.dtype), &sorted.common);
        // Left: go right while a[mid] < v; right: while not v < a[mid].
        let go_right = if sorted.right {
            let below = self.sort_less(key, x, &sorted.common);
            self.b.ins().bxor_imm_u(below, 1)
        } else {
            self.sort_less(x, key, &sorted.common)
        };
        let mid1 = self.b.ins().iadd_imm_s(mid, 1);
        let lo2 = self.b.ins().select(go_right, mid1, lo);
        let hi2 = self.b.ins().select(go_right, hi, mid);
        self.b.ins().jump(header, &[lo2.into(), hi2.into()]);
        self.b.switch_to_block(done);
        lo
    }

    /// NumPy's sort order: `x < y`, with NaN after every number.
    fn sort_less(&mut self, x: Value, y: Value, t: &Type) -> Value {
        if !t.is_floatlike() {
            return self.compare_values(CmpOp::Lt, x, t, y, t, t);
        }
        let lt = self.b.ins().fcmp(FloatCC::LessThan, x, y);
        let y_nan = self.b.ins().fcmp(FloatCC::Unordered, y, y);
        let x_num = self.b.ins().fcmp(FloatCC::Ordered, x, x);
        let nan_last = self.b.ins().band(y_nan, x_num);
        self.b.ins().bor(lt, nan_last)
    }
}

/// The sorted array a search reads, and how it compares.
pub(super) struct Sorted {
    pub(super) data: Value,
    pub(super) len: Value,
    pub(super) stride: Value,
    pub(super) dtype: Dtype,
    pub(super) common: Type,
    pub(super) right: bool,
}
