//! Reductions (`np.sum`, `a.mean()`, `np.argmax`, `a.any()`, … whole-array or along one axis): the
//! fused loop nest of `fused.rs` with an accumulator as its sink, so the reduced expression is
//! never stored. Float sums and means follow NumPy's pairwise summation operation for operation
//! (runtime `pairwise.rs`): elements are collected into a buffer of one leaf (at most 128) and each
//! full leaf is handed to the runtime, which sums it and combines the halves as NumPy does.

use super::*;
use super::iter_order::ExprOrder;

/// The running state of a reduction.
pub(super) struct Reducer {
    kind: Reduction,
    /// The element type the reduction computes in.
    ty: Type,
    acc: Variable,
    /// Float sums: NumPy's pairwise order (see the module comment).
    pairwise: Option<Pairwise>,
    /// Argmin/argmax: the best index, whether a value was seen, and the flat position.
    arg: Option<(Variable, Variable, Variable)>,
    /// NaN-skipping float reductions other than `nansum`: how many elements were not NaN.
    valid: Option<Variable>,
    /// Where `nanargmin`/`nanargmax` of only NaNs raise.
    span: Span,
}

impl Reducer {
    /// How many elements a NaN-skipping float reduction kept.
    pub(super) fn valid_count(&self) -> Option<Variable> {
        self.valid
    }
}

/// Whether `kind` skips NaNs and must count the elements it kept (`nanmean`, `nanmin`, `nanmax`
/// of floats).
fn counts_valid(kind: Reduction, ty: &Type) -> bool {
    matches!(kind, Reduction::Nanmean | Reduction::Nanmin | Reduction::Nanmax) && ty.is_floatlike()
}

/// The type a reduction computes in: sums and products in the result dtype (a mean of integers in
/// float64), comparisons in the element dtype, `any`/`all` in bool.
pub(super) fn reduction_type(kind: Reduction, out: Dtype, elem: &Type) -> Type {
    match kind {
        Reduction::Sum | Reduction::Prod | Reduction::Nansum => Type::Scalar(out),
        Reduction::Mean | Reduction::Nanmean => Type::Scalar(if out.is_float() { out } else { Dtype::F64 }),
        Reduction::Any | Reduction::All => Type::Bool,
        Reduction::CountNonzero => Type::Scalar(Dtype::I64),
        _ => Type::Scalar(elem.value_dtype()),
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// Whether NumPy's iterator does not walk `axis` innermost when it reduces along it (an i64, 1
    /// when it does not): it walks innermost the axis longer than 1 of the smallest stride — the
    /// last of a C array, the first of a Fortran one; for views of other layouts the strides are
    /// compared at run time (equal or zero strides keep C order). Only lines walked innermost are
    /// summed pairwise.
    pub(super) fn sequential_lines(&mut self, a: &ArrayType, axis: usize, shape: &[Value], strides: &[Value]) -> Value {
        let mut longer = self.iconst(types::I8, 0);
        for k in (0..a.ndim as usize).filter(|k| *k != axis) {
            let inner = match a.layout {
                Layout::C => k > axis,
                Layout::F => k < axis,
                Layout::A => {
                    let inner = self.walked_inside(strides[k], strides[axis], k > axis);
                    let l = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, shape[k], 1);
                    let l = self.b.ins().band(l, inner);
                    longer = self.b.ins().bor(longer, l);
                    continue;
                }
            };
            if inner {
                let l = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, shape[k], 1);
                longer = self.b.ins().bor(longer, l);
            }
        }
        self.b.ins().uextend(types::I64, longer)
    }

    /// Whether NumPy's iterator walks an axis of stride `sk` inside one of stride `sa` (an i8):
    /// a smaller absolute stride is inner; equal ones, or a zero one, keep C order (`later`: the
    /// first axis comes after the second).
    fn walked_inside(&mut self, sk: Value, sa: Value, later: bool) -> Value {
        let (ak, aa) = (self.b.ins().iabs(sk), self.b.ins().iabs(sa));
        let smaller = self.b.ins().icmp(IntCC::UnsignedLessThan, ak, aa);
        let equal = self.b.ins().icmp(IntCC::Equal, ak, aa);
        let zk = self.b.ins().icmp_imm_s(IntCC::Equal, sk, 0);
        let za = self.b.ins().icmp_imm_s(IntCC::Equal, sa, 0);
        let c_order = self.b.ins().bor(equal, zk);
        let c_order = self.b.ins().bor(c_order, za);
        let later = self.iconst(types::I8, later as i64);
        let by_order = self.b.ins().band(c_order, later);
        let not_c = self.b.ins().bxor_imm_u(c_order, 1);
        let by_stride = self.b.ins().band(not_c, smaller);
        self.b.ins().bor(by_order, by_stride)
    }
}

/// How NumPy walks the lines of an axis reduction: `sequential` (an i64) when it does not walk the
/// axis innermost and combines the lines element-wise into the result, `width` results at a time
/// (its inner loop), the results starting at `first_out`.
#[derive(Clone, Copy)]
pub(super) struct LineOrder {
    pub(super) sequential: Value,
    pub(super) first_out: Value,
    pub(super) width: Value,
}

/// A float sum in NumPy's pairwise order: the runtime's recursion state, the current leaf's buffer,
/// how many elements it holds and how many it takes.
#[derive(Clone, Copy)]
pub(super) struct Pairwise {
    state: Value,
    buf: Value,
    pos: Variable,
    leaf: Variable,
}

impl<'a, 'f> Lower<'a, 'f> {
    /// A whole-array reduction of an array expression (fused: its elements are never stored).
    pub(in crate::lower) fn reduce(&mut self, kind: Reduction, arg: &Expr, out: Dtype, span: Span) -> R<Value> {
        if let Some(v) = self.direct_sum(kind, arg, out)? {
            return Ok(v);
        }
        if let Some(v) = self.numpy_minmax(kind, arg, None, span)? {
            return Ok(v);
        }
        let mut leaves = Vec::new();
        self.evaluate_leaves(arg, &mut leaves)?;
        let mut shape = self.broadcast_shape(arg, &leaves);
        self.align_strides(&mut leaves, shape.len());
        let ty = reduction_type(kind, out, &arg.ty.element());
        // NumPy sums an array itself in pieces; an expression (and `nansum`'s copy) it first
        // computes into a new array, which it sums whole, unless it converts it to the sum's dtype
        // (`dtype=`, `np.mean` and `np.nanmean` of integers): then in buffers, whatever it sums.
        let float_sum = matches!(ty, Type::Scalar(Dtype::F64 | Dtype::F32));
        let elem = arg.ty.element();
        let bare = float_sum && !is_fused_root(arg) && matches!(kind, Reduction::Sum | Reduction::Mean | Reduction::Nanmean);
        let cast = float_sum && elem != ty && matches!(kind, Reduction::Sum | Reduction::Mean | Reduction::Nansum | Reduction::Nanmean);
        let uncast = bare && elem == ty && kind != Reduction::Nanmean;
        let mut chunks = None;
        if matches!(kind, Reduction::Sum | Reduction::Mean | Reduction::Nansum | Reduction::Nanmean) {
            // Sums depend on the order of the elements; the other reductions' results do not, or
            // (arg reductions) follow C order whatever the layout.
            if arg.is_elementwise() {
                // NumPy sums the temporary it computed the tree into, in its memory order.
                if let ExprOrder::RunTime { chunks: pieces, .. } = self.expression_order(arg, &mut leaves, &mut shape, cast) {
                    chunks = cast.then_some(pieces);
                }
            } else if shape.len() > 1 && matches!(&arg.ty, Type::Array(a) if a.layout == Layout::A) {
                let pieces = self.numpy_leaf_order(&mut leaves, &mut shape, cast);
                chunks = (uncast || cast).then_some(pieces);
            } else {
                Self::fortran_order(&mut leaves, &mut shape);
            }
        }
        let mut count = self.iconst(types::I64, 1);
        for n in &shape {
            count = self.b.ins().imul(count, *n);
        }
        if cast && chunks.is_none() {
            chunks = Some(self.buffered_run(count));
        }
        let reducer = self.start_reduction(kind, &ty, count, span);
        if let Some(chunks) = chunks {
            self.sum_in_pieces(&reducer, count, chunks);
        }
        let offsets: Vec<Value> = leaves.iter().map(|_| self.iconst(types::I64, 0)).collect();
        let sink = Sink::Reduce(reducer);
        self.nest(arg, &leaves, &shape, 0, offsets, &sink)?;
        let Sink::Reduce(reducer) = sink else { unreachable!() };
        Ok(self.finish_reduction(&reducer, count))
    }

    /// The sum or mean of a float array taken as it is (nothing computed per element, one line in
    /// NumPy's order: a 1-D array at its stride, a contiguous one in memory order), summed by the
    /// runtime straight from the array's memory; the sum of a bool or int array into NumPy's 64-bit
    /// accumulator likewise; `None` for everything else.
    fn direct_sum(&mut self, kind: Reduction, arg: &Expr, out: Dtype) -> R<Option<Value>> {
        let Type::Array(at) = arg.ty else { return Ok(None) };
        let one_line = at.ndim == 1 || matches!(at.layout, Layout::C | Layout::F);
        let same_dtype = reduction_type(kind, out, &arg.ty.element()) == Type::Scalar(at.dtype);
        // (`np.count_nonzero` of bools is their sum.)
        let int_sum = (kind == Reduction::Sum && (at.dtype.is_int() || at.dtype == Dtype::Bool) && matches!(out, Dtype::I64 | Dtype::U64))
            || (kind == Reduction::CountNonzero && at.dtype == Dtype::Bool);
        let float_sum = matches!(kind, Reduction::Sum | Reduction::Mean) && matches!(at.dtype, Dtype::F64 | Dtype::F32) && same_dtype;
        if !(int_sum || float_sum) || !one_line || is_fused_root(arg) {
            return Ok(None);
        }
        let a = ArrayVals::from_vals(&self.expr(arg)?);
        let (count, stride) = if at.ndim == 1 {
            (a.shape[0], a.strides[0])
        } else {
            let mut count = self.iconst(types::I64, 1);
            for n in &a.shape {
                count = self.b.ins().imul(count, *n);
            }
            (count, self.iconst(types::I64, at.dtype.itemsize() as i64))
        };
        if int_sum {
            let signed = if at.dtype.is_int() && at.dtype.is_signed() { hasten_runtime::int_sum::SIGNED } else { 0 };
            let code = self.iconst(types::I64, at.dtype.itemsize() as i64 | signed);
            let f = self.helper(Helper::IntSum);
            return Ok(Some(self.call(f, &[a.data, count, stride, code])[0]));
        }
        let f32 = at.dtype == Dtype::F32;
        let f = self.helper(if f32 { Helper::PairwiseSumF32 } else { Helper::PairwiseSumF64 });
        let total = self.call(f, &[a.data, count, stride])[0];
        let total = if f32 { self.b.ins().fdemote(types::F32, total) } else { total };
        let ty = Type::Scalar(at.dtype);
        // NumPy's `0.0 + sum`: the reduction starts from its identity.
        let zero = self.zero(scalar_clif(&ty));
        let sum = self.b.ins().fadd(zero, total);
        if kind == Reduction::Mean {
            return Ok(Some(self.mean_divide(sum, count, &ty)));
        }
        Ok(Some(sum))
    }

    /// A mean's `sum / count` in the float type `ty`. NumPy divides by its count as an `intp`, so a
    /// float32 sum is divided in float64 and then rounded (a count beyond 2**24 is not rounded to
    /// float32 first).
    pub(in crate::lower) fn mean_divide(&mut self, sum: Value, count: Value, ty: &Type) -> Value {
        if scalar_clif(ty) != types::F32 {
            let n = self.convert(count, &Type::Int, ty);
            return self.b.ins().fdiv(sum, n);
        }
        let wide = self.b.ins().fpromote(types::F64, sum);
        let n = self.convert(count, &Type::Int, &Type::Float);
        let q = self.b.ins().fdiv(wide, n);
        self.b.ins().fdemote(types::F32, q)
    }

    /// A reduction along one axis of an array: each element of the result reduces one line of it.
    pub(in crate::lower) fn reduce_axis(&mut self, kind: Reduction, arg: &Expr, axis: usize, out: &Type, span: Span) -> R<Vals> {
        self.reduce_axes(kind, arg, (axis, axis), out, span)
    }

    /// A reduction along the consecutive axes `lo..=hi` of an array: along the one axis NumPy's
    /// iterator makes of them (they are contiguous in memory in a C-contiguous array; any other's
    /// are checked at run time, `merged_stride`).
    pub(in crate::lower) fn reduce_axes(&mut self, kind: Reduction, arg: &Expr, (lo, hi): (usize, usize), out: &Type, span: Span) -> R<Vals> {
        let Type::Array(mut sat) = arg.ty else { unreachable!("axis reductions are of arrays") };
        let od = match out {
            Type::Array(a) => a.dtype,
            t => t.value_dtype(),
        };
        // Sums, products and means of floats depend on NumPy's order of the elements; the other
        // reductions' results do not.
        let ordered = kind.takes_dtype() && matches!(reduction_type(kind, od, &Type::Scalar(sat.dtype)).value_dtype(), d if d.is_float() || d.is_complex());
        // NumPy reduces the temporary of an expression, laid out after its operands.
        let mut src = if arg.is_elementwise() && ordered {
            let (vals, layout) = self.elementwise_as_numpy(arg)?;
            sat.layout = layout;
            vals
        } else {
            ArrayVals::from_vals(&if is_fused_root(arg) { self.elementwise(arg)? } else { self.expr(arg)? })
        };
        if lo < hi && sat.layout != Layout::C && !ordered {
            src = self.c_copy(&src, sat.dtype, span)?;
            sat.layout = Layout::C;
        }
        let merged = src.shape[lo + 1..=hi].iter().fold(src.shape[lo], |n, m| self.b.ins().imul(n, *m));
        let inner = if lo < hi && sat.layout != Layout::C { self.merged_stride(&src, (lo, hi), span) } else { src.strides[hi] };
        src.shape.splice(lo..=hi, [merged]);
        src.strides.splice(lo..=hi, [inner]);
        sat.ndim -= (hi - lo) as u8;
        let axis = lo;
        let nd = sat.ndim as usize;
        let ArrayVals { shape, strides, .. } = &src;
        let (n, line_stride) = (shape[axis], strides[axis]);
        // NumPy raises for an empty reduced axis even where the result is empty: (0, 0) along axis 0
        self.fail_if_no_identity(kind, n, span);
        let outer: Vec<usize> = (0..nd).filter(|k| *k != axis).collect();
        let out_shape: Vals = outer.iter().map(|k| shape[*k]).collect();
        let out_strides: Vals = outer.iter().map(|k| strides[*k]).collect();
        let out_arr = matches!(out, Type::Array(_));
        let ty = reduction_type(kind, od, &Type::Scalar(sat.dtype));
        let (data, owner, _) = self.allocate(&out_shape, od, false, span);
        let cursor = self.temp_var(types::I64);
        self.b.def_var(cursor, data);
        let sequential = self.sequential_lines(&sat, axis, shape, strides);
        let order = LineOrder { sequential, first_out: data, width: self.inner_results(&out_shape, axis) };
        self.reduce_lines(&out_shape, &out_strides, src.data, (n, line_stride), kind, &ty, sat.dtype, od, cursor, order, span)?;
        if !out_arr {
            return Ok(vec![self.load_elem(data, od)]);
        }
        Ok(self.contiguous_vals(data, owner, out_shape, od.itemsize() as i64))
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn reduce_lines(
        &mut self,
        shape: &[Value],
        strides: &[Value],
        base: Value,
        (n, line_stride): (Value, Value),
        kind: Reduction,
        ty: &Type,
        elem: Dtype,
        out: Dtype,
        cursor: Variable,
        order: LineOrder,
        span: Span,
    ) -> R<()> {
        let Some((&m, rest)) = shape.split_first() else {
            let at = self.b.use_var(cursor);
            let result = match self.numpy_minmax_line(kind, elem, base, (n, line_stride), order, (at, out.itemsize() as i64)) {
                Some(v) => v,
                None => {
                    let r = self.start_reduction_in(kind, ty, n, order.sequential, span);
                    if r.pairwise.is_some() && Type::Scalar(elem) != *ty {
                        // NumPy converts the elements in buffers: a line walked innermost is
                        // summed in pieces of a buffer's length.
                        let piece = self.iconst(types::I64, hasten_runtime::iter_order::BUFSIZE);
                        self.sum_in_pieces(&r, n, (n, piece));
                    }
                    self.counted_loop(n, |cx, i| {
                        let off = cx.b.ins().imul(i, line_stride);
                        let addr = cx.b.ins().iadd(base, off);
                        let v = cx.load_elem(addr, elem);
                        cx.accumulate(&r, v, &Type::Scalar(elem));
                        Ok(())
                    })?;
                    self.finish_reduction(&r, n)
                }
            };
            let result = self.convert(result, &self.result_type(kind, ty), &Type::Scalar(out));
            let at = self.b.use_var(cursor);
            self.b.ins().store(MemFlagsData::trusted(), result, at, 0);
            let next = self.b.ins().iadd_imm_s(at, out.itemsize() as i64);
            self.b.def_var(cursor, next);
            return Ok(());
        };
        self.counted_loop(m, |cx, i| {
            let off = cx.b.ins().imul(i, strides[0]);
            let next_base = cx.b.ins().iadd(base, off);
            cx.reduce_lines(rest, &strides[1..], next_base, (n, line_stride), kind, ty, elem, out, cursor, order, span)?;
            Ok(())
        })?;
        Ok(())
    }

    /// The type a reduction's result comes out in before the final conversion.
    pub(super) fn result_type(&self, kind: Reduction, ty: &Type) -> Type {
        match kind {
            Reduction::Argmin | Reduction::Argmax | Reduction::Nanargmin | Reduction::Nanargmax => Type::Int,
            _ => ty.clone(),
        }
    }

    /// Declares and initialises a reduction's state, raising NumPy's error first where an empty
    /// input has no answer. Float sums are pairwise, as NumPy sums a line it walks innermost.
    pub(super) fn start_reduction(&mut self, kind: Reduction, ty: &Type, count: Value, span: Span) -> Reducer {
        let pairwise = self.iconst(types::I64, 0);
        self.start_reduction_in(kind, ty, count, pairwise, span)
    }

    /// `start_reduction`, with float sums in plain order when `sequential` (an i64) is nonzero: NumPy
    /// adds the lines of an axis that is not the innermost one element-wise into the result.
    pub(super) fn start_reduction_in(&mut self, kind: Reduction, ty: &Type, count: Value, sequential: Value, span: Span) -> Reducer {
        self.fail_if_no_identity(kind, count, span);
        let clif = scalar_clif(ty);
        let acc = self.temp_var(clif);
        let init = self.reduction_identity(kind, ty);
        self.b.def_var(acc, init);
        let float_sum = matches!(kind, Reduction::Sum | Reduction::Mean | Reduction::Nansum | Reduction::Nanmean) && ty.is_floatlike();
        let pairwise = float_sum.then(|| {
            let state = self.stack_slot(hasten_runtime::pairwise::STATE_BYTES as u32);
            let buf = self.stack_slot((hasten_runtime::pairwise::LEAF * 8) as u32);
            let f = self.helper(Helper::PairwiseStart);
            let first = self.call(f, &[state, count, sequential])[0];
            let (pos, leaf) = (self.temp_var(types::I64), self.temp_var(types::I64));
            let zi = self.iconst(types::I64, 0);
            self.b.def_var(pos, zi);
            self.b.def_var(leaf, first);
            Pairwise { state, buf, pos, leaf }
        });
        let arg = matches!(kind, Reduction::Argmin | Reduction::Argmax | Reduction::Nanargmin | Reduction::Nanargmax).then(|| {
            let (idx, seen, pos) = (self.temp_var(types::I64), self.temp_var(types::I8), self.temp_var(types::I64));
            let zi = self.iconst(types::I64, 0);
            self.b.def_var(idx, zi);
            self.b.def_var(pos, zi);
            let zb = self.iconst(types::I8, 0);
            self.b.def_var(seen, zb);
            (idx, seen, pos)
        });
        let valid = counts_valid(kind, ty).then(|| {
            let v = self.temp_var(types::I64);
            let zi = self.iconst(types::I64, 0);
            self.b.def_var(v, zi);
            v
        });
        Reducer { kind, ty: ty.clone(), acc, pairwise, arg, valid, span }
    }

    /// The 64-bit integer accumulator of a sum or count that lanes may add to in any order (integer
    /// sums wrap as NumPy's do, so their order does not matter), with whether it counts only.
    pub(super) fn integer_total(r: &Reducer) -> Option<(Variable, bool)> {
        let count = match r.kind {
            Reduction::CountNonzero => true,
            Reduction::Sum if r.ty == Type::Scalar(Dtype::I64) && r.pairwise.is_none() => false,
            _ => return None,
        };
        Some((r.acc, count))
    }

    /// NumPy's ValueError where a reduction without identity (min, max, argmin, argmax) meets
    /// `count == 0` elements.
    pub(super) fn fail_if_no_identity(&mut self, kind: Reduction, count: Value, span: Span) {
        let msg = match kind {
            Reduction::Nanmin => "zero-size array to reduction operation fmin which has no identity",
            Reduction::Nanmax => "zero-size array to reduction operation fmax which has no identity",
            Reduction::Min => "zero-size array to reduction operation minimum which has no identity",
            Reduction::Max => "zero-size array to reduction operation maximum which has no identity",
            Reduction::Argmin | Reduction::Nanargmin => "attempt to get argmin of an empty sequence",
            Reduction::Argmax | Reduction::Nanargmax => "attempt to get argmax of an empty sequence",
            _ => return,
        };
        let empty = self.b.ins().icmp_imm_s(IntCC::Equal, count, 0);
        self.fail_if(empty, "ValueError", msg, span);
    }

    /// Makes a started float sum of `count` elements add them as NumPy's buffered iteration does:
    /// `(block, piece)` from `numpy_order` (runtime `pairwise::hasten_rt_pairwise_chunks`).
    pub(super) fn sum_in_pieces(&mut self, r: &Reducer, count: Value, (block, piece): (Value, Value)) {
        let p = r.pairwise.expect("float sums are pairwise");
        let f = self.helper(Helper::PairwiseChunks);
        let first = self.call(f, &[p.state, count, block, piece])[0];
        self.b.def_var(p.leaf, first);
    }

    /// The value of a finished reduction over `count` elements.
    pub(super) fn finish_reduction(&mut self, r: &Reducer, count: Value) -> Value {
        match (r.kind, r.pairwise) {
            (Reduction::Argmin | Reduction::Argmax, _) => {
                let (idx, _, _) = r.arg.expect("set for arg reductions");
                self.b.use_var(idx)
            }
            (Reduction::Nanargmin | Reduction::Nanargmax, _) => {
                let (idx, seen, _) = r.arg.expect("set for arg reductions");
                let s = self.b.use_var(seen);
                let none = self.b.ins().icmp_imm_s(IntCC::Equal, s, 0);
                self.fail_if(none, "ValueError", "All-NaN slice encountered", r.span);
                self.b.use_var(idx)
            }
            (_, Some(p)) => {
                let f = self.helper(Helper::PairwiseTotal);
                let total = self.call(f, &[p.state])[0];
                let total = if scalar_clif(&r.ty) == types::F32 { self.b.ins().fdemote(types::F32, total) } else { total };
                // The reduction's identity, then the pairwise sum: NumPy's `0.0 + sum` (so -0.0 sums to 0.0).
                let zero = self.zero(scalar_clif(&r.ty));
                let sum = self.b.ins().fadd(zero, total);
                match (r.kind, r.valid) {
                    (Reduction::Mean, _) => self.mean_divide(sum, count, &r.ty),
                    (Reduction::Nanmean, Some(valid)) => {
                        let k = self.b.use_var(valid);
                        self.mean_divide(sum, k, &r.ty)
                    }
                    _ => sum,
                }
            }
            (Reduction::Mean | Reduction::Nanmean, None) => {
                let total = self.b.use_var(r.acc);
                self.mean_divide(total, count, &r.ty)
            }
            (Reduction::Nanmin | Reduction::Nanmax, _) if r.valid.is_some() => {
                // Only NaNs (NumPy warns and answers NaN).
                let best = self.b.use_var(r.acc);
                let k = self.b.use_var(r.valid.expect("counted"));
                let none = self.b.ins().icmp_imm_s(IntCC::Equal, k, 0);
                let nan = self.fconst(r.ty.value_dtype(), f64::NAN);
                self.b.ins().select(none, nan, best)
            }
            _ => self.b.use_var(r.acc),
        }
    }

    pub(super) fn reduction_identity(&mut self, kind: Reduction, ty: &Type) -> Value {
        let d = ty.value_dtype();
        let clif = scalar_clif(ty);
        let float = |cx: &mut Self, v: f64| if clif == types::F32 { cx.b.ins().f32const(v as f32) } else { cx.b.ins().f64const(v) };
        match kind {
            Reduction::Sum | Reduction::Mean | Reduction::Any | Reduction::Argmin | Reduction::Argmax | Reduction::CountNonzero => self.zero(clif),
            Reduction::Nanargmin | Reduction::Nanargmax => self.zero(clif),
            Reduction::Nansum | Reduction::Nanmean => self.zero(clif),
            Reduction::Prod | Reduction::All => {
                if d.is_float() {
                    float(self, 1.0)
                } else {
                    self.iconst(clif, 1)
                }
            }
            Reduction::Min | Reduction::Max | Reduction::Nanmin | Reduction::Nanmax => {
                let min = matches!(kind, Reduction::Min | Reduction::Nanmin);
                if d.is_float() {
                    float(self, if min { f64::INFINITY } else { f64::NEG_INFINITY })
                } else {
                    let bits = clif.bits();
                    let v: i64 = match (d.is_signed(), min) {
                        (_, _) if d == Dtype::Bool => min as i64,
                        (true, true) => ((1u64 << (bits - 1)) - 1) as i64,
                        (true, false) => -(1i64 << (bits - 1).min(63)),
                        (false, true) => if bits == 64 { -1 } else { ((1u64 << bits) - 1) as i64 },
                        (false, false) => 0,
                    };
                    self.iconst(clif, v)
                }
            }
        }
    }

    /// Adds one element to a pairwise sum: into the leaf's buffer, and the full leaf to the runtime.
    fn pairwise_add(&mut self, p: Pairwise, x: Value, clif: types::Type) {
        let pos = self.b.use_var(p.pos);
        let size = clif.bytes() as i64;
        let off = self.b.ins().imul_imm_s(pos, size);
        let at = self.b.ins().iadd(p.buf, off);
        self.b.ins().store(MemFlagsData::trusted(), x, at, 0);
        let pos = self.b.ins().iadd_imm_s(pos, 1);
        self.b.def_var(p.pos, pos);
        let leaf = self.b.use_var(p.leaf);
        let full = self.b.ins().icmp(IntCC::Equal, pos, leaf);
        let (hand_over, join) = (self.b.create_block(), self.b.create_block());
        self.b.set_cold_block(hand_over);
        self.b.ins().brif(full, hand_over, &[], join, &[]);
        self.b.switch_to_block(hand_over);
        let f = self.helper(if clif == types::F32 { Helper::PairwiseLeafF32 } else { Helper::PairwiseLeafF64 });
        let next = self.call(f, &[p.state, p.buf, pos])[0];
        self.b.def_var(p.leaf, next);
        let zi = self.iconst(types::I64, 0);
        self.b.def_var(p.pos, zi);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
    }

    /// Folds one element into a reduction.
    pub(super) fn accumulate(&mut self, r: &Reducer, v: Value, vty: &Type) {
        let acc = self.b.use_var(r.acc);
        let float = r.ty.is_floatlike();
        let signed = matches!(r.ty, Type::Scalar(d) if d.is_signed());
        match r.kind {
            Reduction::Any | Reduction::All => {
                let t = self.truth(&vec![v], vty);
                let next = if r.kind == Reduction::Any { self.b.ins().bor(acc, t) } else { self.b.ins().band(acc, t) };
                self.b.def_var(r.acc, next);
            }
            Reduction::CountNonzero => {
                let t = self.truth(&vec![v], vty);
                let t = self.b.ins().uextend(types::I64, t);
                let next = self.b.ins().iadd(acc, t);
                self.b.def_var(r.acc, next);
            }
            Reduction::Nanmin | Reduction::Nanmax if float => {
                // NaN compares false and is never taken; the identity (±inf) stands until a number.
                let x = self.convert(v, vty, &r.ty);
                let cc = if r.kind == Reduction::Nanmin { FloatCC::LessThan } else { FloatCC::GreaterThan };
                let better = self.b.ins().fcmp(cc, x, acc);
                let m = self.b.ins().select(better, x, acc);
                self.b.def_var(r.acc, m);
                self.count_valid(r, x);
            }
            Reduction::Nanmin | Reduction::Nanmax => {
                let x = self.convert(v, vty, &r.ty);
                let m = self.numpy_extremum(r.kind == Reduction::Nanmin, acc, x, false, signed);
                self.b.def_var(r.acc, m);
            }
            Reduction::Sum | Reduction::Mean | Reduction::Prod | Reduction::Nansum | Reduction::Nanmean => {
                let x = self.convert(v, vty, &r.ty);
                // NumPy's nansum and nanmean sum with each NaN replaced by 0.0.
                let x = if float && matches!(r.kind, Reduction::Nansum | Reduction::Nanmean) {
                    self.count_valid(r, x);
                    let nan = self.b.ins().fcmp(FloatCC::Unordered, x, x);
                    let zero = self.zero(scalar_clif(&r.ty));
                    self.b.ins().select(nan, zero, x)
                } else {
                    x
                };
                match (r.kind, float, r.pairwise) {
                    (Reduction::Prod, true, _) => {
                        let p = self.b.ins().fmul(acc, x);
                        self.b.def_var(r.acc, p);
                    }
                    (Reduction::Prod, false, _) => {
                        let p = self.b.ins().imul(acc, x);
                        self.b.def_var(r.acc, p);
                    }
                    (_, true, Some(p)) => self.pairwise_add(p, x, scalar_clif(&r.ty)),
                    _ => {
                        let s = self.b.ins().iadd(acc, x);
                        self.b.def_var(r.acc, s);
                    }
                }
            }
            Reduction::Min | Reduction::Max => {
                let x = self.convert(v, vty, &r.ty);
                let m = self.numpy_extremum(r.kind == Reduction::Min, acc, x, float, signed);
                self.b.def_var(r.acc, m);
            }
            Reduction::Nanargmin | Reduction::Nanargmax => {
                // NumPy's: argmin/argmax with each NaN replaced by +inf/-inf; `seen` says
                // whether any number was seen (none is NumPy's ValueError).
                let (idx, seen, pos) = r.arg.expect("set for arg reductions");
                let x = self.convert(v, vty, &r.ty);
                let min = r.kind == Reduction::Nanargmin;
                let number = if float { self.b.ins().fcmp(FloatCC::Ordered, x, x) } else { self.iconst(types::I8, 1) };
                let x = if float {
                    let inf = self.fconst(r.ty.value_dtype(), if min { f64::INFINITY } else { f64::NEG_INFINITY });
                    self.b.ins().select(number, x, inf)
                } else {
                    x
                };
                let op = if min { CmpOp::Lt } else { CmpOp::Gt };
                let better = self.compare_values(op, x, &r.ty, acc, &r.ty, &r.ty);
                let p = self.b.use_var(pos);
                let first = self.b.ins().icmp_imm_s(IntCC::Equal, p, 0);
                let take = self.b.ins().bor(first, better);
                let s = self.b.use_var(seen);
                self.take_if(take, &[(r.acc, x), (idx, p)]);
                let s = self.b.ins().bor(s, number);
                self.b.def_var(seen, s);
                let p = self.b.ins().iadd_imm_s(p, 1);
                self.b.def_var(pos, p);
            }
            Reduction::Argmin | Reduction::Argmax => {
                let (idx, seen, pos) = r.arg.expect("set for arg reductions");
                let x = self.convert(v, vty, &r.ty);
                let min = r.kind == Reduction::Argmin;
                let s = self.b.use_var(seen);
                let first = self.b.ins().icmp_imm_s(IntCC::Equal, s, 0);
                let p = self.b.use_var(pos);
                let (check, done) = (self.b.create_block(), self.b.create_block());
                if float {
                    // One comparison decides most elements: only where `x` is better or either is
                    // NaN does the exact test run.
                    let maybe = self.b.ins().fcmp(if min { FloatCC::UnorderedOrLessThan } else { FloatCC::UnorderedOrGreaterThan }, x, acc);
                    let maybe = self.b.ins().bor(maybe, first);
                    self.b.ins().brif(maybe, check, &[], done, &[]);
                } else {
                    self.b.ins().jump(check, &[]);
                }
                self.b.switch_to_block(check);
                let better = self.compare_values(if min { CmpOp::Lt } else { CmpOp::Gt }, x, &r.ty, acc, &r.ty, &r.ty);
                // The first nan wins and is never replaced, as in NumPy.
                let better = if float {
                    let x_nan = self.b.ins().fcmp(FloatCC::Unordered, x, x);
                    let acc_nan = self.b.ins().fcmp(FloatCC::Unordered, acc, acc);
                    let acc_num = self.b.ins().bxor_imm_u(acc_nan, 1);
                    let nan_first = self.b.ins().band(x_nan, acc_num);
                    self.b.ins().bor(better, nan_first)
                } else {
                    better
                };
                let take = self.b.ins().bor(first, better);
                self.take_if(take, &[(r.acc, x), (idx, p)]);
                self.b.ins().jump(done, &[]);
                self.b.switch_to_block(done);
                let one = self.iconst(types::I8, 1);
                self.b.def_var(seen, one);
                let p = self.b.ins().iadd_imm_s(p, 1);
                self.b.def_var(pos, p);
            }
        }
    }

    /// Sets each variable to its value where `take` holds, by a branch: an arg reduction's best so
    /// far changes rarely on most data, and selects would chain every element's comparison to the
    /// previous one's (on tier 1 argmax of 10^6 random floats took 5 ms that way, 1 ms branching).
    fn take_if(&mut self, take: Value, updates: &[(Variable, Value)]) {
        let (update, done) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(take, update, &[], done, &[]);
        self.b.switch_to_block(update);
        for (var, v) in updates {
            self.b.def_var(*var, *v);
        }
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
    }

    /// Counts `x` among the elements a NaN-skipping reduction kept, if it counts them.
    fn count_valid(&mut self, r: &Reducer, x: Value) {
        if let Some(valid) = r.valid {
            let number = self.b.ins().fcmp(FloatCC::Ordered, x, x);
            let number = self.b.ins().uextend(types::I64, number);
            let k = self.b.use_var(valid);
            let k = self.b.ins().iadd(k, number);
            self.b.def_var(valid, k);
        }
    }

    /// NumPy's `minimum`/`maximum` of two values: `a` when it is strictly better or nan, else `b`.
    pub(in crate::lower) fn numpy_extremum(&mut self, min: bool, a: Value, b: Value, float: bool, signed: bool) -> Value {
        let better = if float {
            let cc = if min { FloatCC::LessThan } else { FloatCC::GreaterThan };
            let strict = self.b.ins().fcmp(cc, a, b);
            let nan = self.b.ins().fcmp(FloatCC::Unordered, a, a);
            self.b.ins().bor(strict, nan)
        } else {
            let cc = match (min, signed) {
                (true, true) => IntCC::SignedLessThan,
                (true, false) => IntCC::UnsignedLessThan,
                (false, true) => IntCC::SignedGreaterThan,
                (false, false) => IntCC::UnsignedGreaterThan,
            };
            self.b.ins().icmp(cc, a, b)
        };
        self.b.ins().select(better, a, b)
    }

    /// `np.sum(a)` and the other reductions, whole-array or along a constant `axis`.
    pub(in crate::lower) fn reduction_call(&mut self, r: Reduction, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        // A complex sum of elements the type checker converted keeps a dtype argument typed as a
        // dtype value (`hasten_typeck`'s `buffered_marker`).
        let converted = matches!(r, Reduction::Sum | Reduction::Mean) && args.get(2).is_some_and(|d| matches!((&d.kind, &d.ty), (ExprKind::Dtype(_), Type::DtypeOf(_))));
        if let (Reduction::Min | Reduction::Max, Some(initial)) = (r, args.get(2)) {
            // `initial=` (the type checker allows it for whole float arrays only).
            let v = self.numpy_minmax(r, &args[0], Some(initial), span)?.expect("a float min or max");
            return Ok(vec![v]);
        }
        match (args.get(1).map(|a| &a.kind), &args[0].ty) {
            // The only axis of a 1-D array: the whole array, which a converting sum takes in
            // NumPy's buffered pieces.
            (Some(ExprKind::Const(Const::Int(axis))), Type::Array(a)) if a.dtype.is_complex() => {
                let axis = if *axis < 0 { axis + a.ndim as i64 } else { *axis } as usize;
                self.complex_axis_sum(r, &args[0], axis, converted, span)
            }
            (Some(ExprKind::Const(Const::Int(_))), Type::Array(a)) if a.ndim == 1 && r.takes_dtype() => Ok(vec![self.reduce(r, &args[0], ty.value_dtype(), span)?]),
            (Some(ExprKind::Tuple(items)), Type::Array(a)) if items.len() < a.ndim as usize => {
                let nd = a.ndim as i64;
                let axes: Vec<usize> = items.iter().map(|e| match e.kind {
                    ExprKind::Const(Const::Int(k)) => (if k < 0 { k + nd } else { k }) as usize,
                    _ => unreachable!("the type checker takes constant axes"),
                }).collect();
                let (lo, hi) = (*axes.iter().min().expect("some axes"), *axes.iter().max().expect("some axes"));
                self.reduce_axes(r, &args[0], (lo, hi), ty, span)
            }
            (Some(ExprKind::Const(Const::Int(axis))), Type::Array(a)) => {
                let nd = a.ndim as i64;
                let axis = if *axis < 0 { axis + nd } else { *axis } as usize;
                self.reduce_axis(r, &args[0], axis, ty, span)
            }
            _ if ty.is_complex_number() => self.complex_sum(r, &args[0], converted, span),
            _ if matches!(&args[0].ty, Type::Array(a) if a.dtype.is_complex()) => self.complex_sum(r, &args[0], converted, span),
            _ => {
                let d = ty.value_dtype();
                Ok(vec![self.reduce(r, &args[0], d, span)?])
            }
        }
    }
}
