//! `np.searchsorted`: for each value, a binary search of the sorted 1-d array in NumPy's order
//! (NaN after every number; complex numbers as NumPy's `CDOUBLE_LT` orders them), in the common
//! type of the array and the values. A key is its values: one, or a complex number's two parts.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    pub(in crate::lower) fn searchsorted(&mut self, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(at) = args[0].ty else { unreachable!("searchsorted searches an array") };
        let right = matches!(args.get(2).map(|e| &e.kind), Some(ExprKind::Const(Const::Bool(true))));
        let common = hasten_typeck::rules::common(&at.dtype.item(), &args[1].ty.element()).expect("checked by the type checker");
        let a = ArrayVals::from_vals(&self.expr(&args[0])?);
        let vals = self.expr(&args[1])?;
        let sorted = Sorted { data: a.data, len: a.shape[0], stride: a.strides[0], dtype: at.dtype, common, right };
        let Type::Array(vt) = &args[1].ty else {
            return Ok(vec![self.insertion_point(&sorted, &vals, &args[1].ty)]);
        };
        let v = ArrayVals::from_vals(&vals);
        let (data, owner, _) = self.allocate(&v.shape, Dtype::I64, false, span);
        let strides = self.c_strides(&v.shape, 8);
        self.search_each(&sorted, &v.shape, v.data, &v.strides, vt.dtype, data, &strides)?;
        let Type::Array(_) = ty else { unreachable!("an array of values gives an array") };
        Ok(self.contiguous_vals(data, owner, v.shape, 8))
    }

    /// Stores the insertion point of each element of a strided array of values, visited in C
    /// order as NumPy visits them. Like NumPy, each search starts from the bounds the previous one
    /// left (all of the array above them when the key did not go down, else from zero up to one
    /// past the previous point), so an unsorted array gives NumPy's own answers too.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn search_each(&mut self, sorted: &Sorted, shape: &[Value], src: Value, src_strides: &[Value], vd: Dtype, dst: Value, dst_strides: &[Value]) -> R<()> {
        let operands = vec![(src, src_strides.to_vec()), (dst, dst_strides.to_vec())];
        let (point, first) = (self.temp_var(types::I64), self.temp_var(types::I8));
        let zero = self.iconst(types::I64, 0);
        self.b.def_var(point, zero);
        // The previous key, undefined (zeros) before the first.
        let mut last = Vec::new();
        for slot in slots_of(&sorted.common) {
            let clif = clif_type(slot);
            let var = self.temp_var(clif);
            let undefined = if clif.is_float() { self.b.ins().f64const(0.0) } else { self.iconst(clif, 0) };
            let undefined = if clif == types::F32 { self.b.ins().fdemote(types::F32, undefined) } else { undefined };
            self.b.def_var(var, undefined);
            last.push(var);
        }
        let yes = self.iconst(types::I8, 1);
        self.b.def_var(first, yes);
        let vt = vd.item();
        self.walk(shape, operands, &mut |cx, at| {
            let v = cx.load_item(at[0], vd);
            let key = cx.key_of(&v, &vt, &sorted.common);
            let prev: Vals = last.iter().map(|l| cx.b.use_var(*l)).collect();
            let was = cx.b.use_var(point);
            let went_up = cx.goes_right(sorted, &prev, &key);
            let next = cx.b.ins().iadd_imm_s(was, 1);
            let fits = cx.b.ins().icmp(IntCC::SignedLessThan, was, sorted.len);
            let capped = cx.b.ins().select(fits, next, sorted.len);
            let zero = cx.iconst(types::I64, 0);
            let lo = cx.b.ins().select(went_up, was, zero);
            let hi = cx.b.ins().select(went_up, sorted.len, capped);
            // The first key searches the whole array.
            let is_first = cx.b.use_var(first);
            let lo = cx.b.ins().select(is_first, zero, lo);
            let hi = cx.b.ins().select(is_first, sorted.len, hi);
            let i = cx.search_between(sorted, &key, lo, hi);
            cx.b.ins().store(MemFlagsData::trusted(), i, at[1], 0);
            cx.b.def_var(point, i);
            for (l, k) in last.iter().zip(&key) {
                cx.b.def_var(*l, *k);
            }
            let no = cx.iconst(types::I8, 0);
            cx.b.def_var(first, no);
            Ok(())
        })
    }

    /// The first index whose element is not below `v` (left) or is above `v` (right).
    pub(super) fn insertion_point(&mut self, sorted: &Sorted, v: &[Value], vty: &Type) -> Value {
        let key = self.key_of(v, vty, &sorted.common);
        let zero = self.iconst(types::I64, 0);
        self.search_between(sorted, &key, zero, sorted.len)
    }

    /// A value of type `vty` as a key of the common type: a number converted, or complex parts.
    fn key_of(&mut self, v: &[Value], vty: &Type, common: &Type) -> Vals {
        match common {
            Type::Complex | Type::Scalar(Dtype::C64 | Dtype::C128) => {
                let (re, im) = self.parts_of(v, vty, common.value_dtype());
                vec![re, im]
            }
            _ => vec![self.convert(v[0], vty, common)],
        }
    }

    /// Whether the search of `key` goes right of an element `x`: left, while `x < key`; right,
    /// while not `key < x`.
    fn goes_right(&mut self, sorted: &Sorted, x: &[Value], key: &[Value]) -> Value {
        if sorted.right {
            let below = self.sort_less(key, x, &sorted.common);
            self.b.ins().bxor_imm_u(below, 1)
        } else {
            self.sort_less(x, key, &sorted.common)
        }
    }

    /// The binary search of `key` (in the common type) between the indices `lo` and `hi`.
    fn search_between(&mut self, sorted: &Sorted, key: &[Value], lo: Value, hi: Value) -> Value {
        let (header, body, done) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.append_block_param(header, types::I64);
        self.b.append_block_param(header, types::I64);
        self.b.ins().jump(header, &[lo.into(), hi.into()]);
        self.b.switch_to_block(header);
        let (lo, hi) = (self.b.block_params(header)[0], self.b.block_params(header)[1]);
        let more = self.b.ins().icmp(IntCC::SignedLessThan, lo, hi);
        self.b.ins().brif(more, body, &[], done, &[]);
        self.b.switch_to_block(body);
        let width = self.b.ins().isub(hi, lo);
        let half = self.b.ins().ushr_imm_u(width, 1);
        let mid = self.b.ins().iadd(lo, half);
        let off = self.b.ins().imul(mid, sorted.stride);
        let addr = self.b.ins().iadd(sorted.data, off);
        let x = self.load_item(addr, sorted.dtype);
        let x = self.key_of(&x, &sorted.dtype.item(), &sorted.common);
        let go_right = self.goes_right(sorted, &x, key);
        let mid1 = self.b.ins().iadd_imm_s(mid, 1);
        let lo2 = self.b.ins().select(go_right, mid1, lo);
        let hi2 = self.b.ins().select(go_right, hi, mid);
        self.b.ins().jump(header, &[lo2.into(), hi2.into()]);
        self.b.switch_to_block(done);
        lo
    }

    /// NumPy's sort order: `x < y`, with NaN after every number.
    fn sort_less(&mut self, x: &[Value], y: &[Value], t: &Type) -> Value {
        if let [xr, xi] = x {
            return self.complex_sort_less([*xr, *xi], [y[0], y[1]]);
        }
        let (x, y) = (x[0], y[0]);
        if !t.is_floatlike() {
            return self.compare_values(CmpOp::Lt, x, t, y, t, t);
        }
        let lt = self.b.ins().fcmp(FloatCC::LessThan, x, y);
        let y_nan = self.b.ins().fcmp(FloatCC::Unordered, y, y);
        let x_num = self.b.ins().fcmp(FloatCC::Ordered, x, x);
        let nan_last = self.b.ins().band(y_nan, x_num);
        self.b.ins().bor(lt, nan_last)
    }

    /// NumPy's `CDOUBLE_LT`: by real part, then imaginary part, the NaNs of each part last.
    fn complex_sort_less(&mut self, [ar, ai]: [Value; 2], [br, bi]: [Value; 2]) -> Value {
        let ins = |cx: &mut Self, cc, a, b| cx.b.ins().fcmp(cc, a, b);
        let (lt_r, gt_r, eq_r) = (ins(self, FloatCC::LessThan, ar, br), ins(self, FloatCC::GreaterThan, ar, br), ins(self, FloatCC::Equal, ar, br));
        let (ar_nan, br_nan) = (ins(self, FloatCC::Unordered, ar, ar), ins(self, FloatCC::Unordered, br, br));
        let (ai_num, bi_nan) = (ins(self, FloatCC::Ordered, ai, ai), ins(self, FloatCC::Unordered, bi, bi));
        let above = self.b.ins().bor(ai_num, bi_nan);
        let nan_above = self.b.ins().band(bi_nan, ai_num);
        let im_lt = ins(self, FloatCC::LessThan, ai, bi);
        let by_imag = self.b.ins().bor(im_lt, nan_above);
        let both_nan = self.b.ins().band(ar_nan, br_nan);
        let same_real = self.b.ins().bor(eq_r, both_nan);
        let rest = self.b.ins().select(same_real, by_imag, br_nan);
        let rest = self.b.ins().select(gt_r, nan_above, rest);
        self.b.ins().select(lt_r, above, rest)
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
