//! Functions along the lines of one axis that make a new array: `np.cumsum`, `np.cumprod`
//! (sequential, as NumPy's `add.accumulate`, so floats come out bit for bit), `np.diff` and
//! `np.roll`.

use super::*;

/// The axis a call's argument `k` names on an array of `nd` dimensions (the type checker has checked
/// it): `None` for an explicit None, `default` when absent.
pub(super) fn const_axis(args: &[Expr], k: usize, nd: usize, default: Option<usize>) -> Option<usize> {
    match args.get(k).map(|a| &a.kind) {
        None => default,
        Some(ExprKind::Const(Const::Int(axis))) => Some(if *axis < 0 { axis + nd as i64 } else { *axis } as usize),
        Some(_) => None,
    }
}

/// A line handler: called with the addresses of a line's first source and destination elements.
pub(super) type LineFn<'l, 'a, 'f> = dyn FnMut(&mut Lower<'a, 'f>, Value, Value) -> R<()> + 'l;

impl<'a, 'f> Lower<'a, 'f> {
    /// The values of an array operand, computing an element-wise expression into a new array.
    pub(super) fn array_operand(&mut self, arg: &Expr) -> R<ArrayVals> {
        Ok(ArrayVals::from_vals(&if is_fused_root(arg) { self.elementwise(arg)? } else { self.expr(arg)? }))
    }

    /// Calls `line` for every line of a source and a destination, in C order over the `outer` axes
    /// (every axis but the line's): `shape`, `src_strides` and `dst_strides` are those axes' only.
    pub(super) fn for_each_line(&mut self, shape: &[Value], src_strides: &[Value], dst_strides: &[Value], src: Value, dst: Value, line: &mut LineFn<'_, 'a, 'f>) -> R<()> {
        let Some((&n, rest)) = shape.split_first() else {
            return line(self, src, dst);
        };
        self.counted_loop(n, |cx, i| {
            let so = cx.b.ins().imul(i, src_strides[0]);
            let s = cx.b.ins().iadd(src, so);
            let dof = cx.b.ins().imul(i, dst_strides[0]);
            let d = cx.b.ins().iadd(dst, dof);
            cx.for_each_line(rest, &src_strides[1..], &dst_strides[1..], s, d, line)
        })
    }

    /// `np.cumsum`/`np.cumprod`: each element is the running total up to it, in the result dtype.
    /// Without an axis the lines along the last axis are walked in C order with the total carried
    /// from one to the next, which is the flattened array's running total.
    pub(in crate::lower) fn cumulative(&mut self, f: NumpyFn, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let (Type::Array(sat), Type::Array(out)) = (&args[0].ty, ty) else { unreachable!("cumulative functions map arrays to arrays") };
        let (elem, od) = (sat.dtype, out.dtype);
        let nd = sat.ndim as usize;
        let axis = const_axis(args, 1, nd, None);
        let src = self.array_operand(&args[0])?;
        let itemsize = od.itemsize() as i64;
        let (data, owner, count) = self.allocate(&src.shape, od, false, span);
        let dst_strides = self.c_strides(&src.shape, itemsize);
        let along = axis.unwrap_or(nd - 1);
        if od.is_complex() {
            self.complex_cumulative(f == NumpyFn::Cumsum, &src, data, &dst_strides, along, axis.is_some(), od)?;
            let shape = if axis.is_some() { src.shape } else { vec![count] };
            return Ok(self.contiguous_vals(data, owner, shape, itemsize));
        }
        let outer: Vec<usize> = (0..nd).filter(|k| *k != along).collect();
        let pick = |v: &[Value]| outer.iter().map(|k| v[*k]).collect::<Vals>();
        let (n, ss, ds) = (src.shape[along], src.strides[along], dst_strides[along]);
        let sum = f == NumpyFn::Cumsum;
        // -0.0 + x is x for every float x (0.0 + -0.0 is not): the first total is the first element.
        let start = match (sum, od) {
            (true, Dtype::F32) => self.b.ins().f32const(-0.0),
            (true, Dtype::F64) => self.b.ins().f64const(-0.0),
            (true, _) => self.zero(scalar_clif(&Type::Scalar(od))),
            (false, _) => self.convert_const_one(od),
        };
        let acc = self.temp_var(scalar_clif(&Type::Scalar(od)));
        self.b.def_var(acc, start);
        self.for_each_line(&pick(&src.shape), &pick(&src.strides), &pick(&dst_strides), src.data, data, &mut |cx, s, d| {
            if axis.is_some() {
                cx.b.def_var(acc, start);
            }
            cx.counted_loop(n, |cx, i| {
                let so = cx.b.ins().imul(i, ss);
                let sa = cx.b.ins().iadd(s, so);
                let v = cx.load_elem(sa, elem);
                let v = cx.convert(v, &Type::Scalar(elem), &Type::Scalar(od));
                let t = cx.b.use_var(acc);
                let t = match (sum, od.is_float()) {
                    (true, true) => cx.b.ins().fadd(t, v),
                    (true, false) => cx.b.ins().iadd(t, v),
                    (false, true) => cx.b.ins().fmul(t, v),
                    (false, false) => cx.b.ins().imul(t, v),
                };
                cx.b.def_var(acc, t);
                let dof = cx.b.ins().imul(i, ds);
                let da = cx.b.ins().iadd(d, dof);
                cx.b.ins().store(MemFlagsData::trusted(), t, da, 0);
                Ok(())
            })
        })?;
        let shape = if axis.is_some() { src.shape } else { vec![count] };
        Ok(self.contiguous_vals(data, owner, shape, itemsize))
    }

    /// `np.diff(a, n, axis)`: element `i` of a line is the `n`-th difference of source elements
    /// `i..=i + n`, computed level by level as NumPy's repeated `a[1:] - a[:-1]` (`!=` for
    /// booleans) so that the bits match; a line shorter than `n + 1` gives an empty one.
    pub(in crate::lower) fn diff(&mut self, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(at) = ty else { unreachable!("np.diff gives an array") };
        let d = at.dtype;
        let nd = at.ndim as usize;
        let order = match args[1].kind {
            ExprKind::Const(Const::Int(n)) => n as usize,
            _ => unreachable!("the type checker requires a constant order"),
        };
        let along = const_axis(args, 2, nd, Some(nd - 1)).expect("the type checker requires an integer axis");
        let src = self.array_operand(&args[0])?;
        let len = src.shape[along];
        let short = self.b.ins().iadd_imm_s(len, -(order as i64));
        let zero = self.iconst(types::I64, 0);
        let m = self.b.ins().smax(short, zero);
        let mut shape = src.shape.clone();
        shape[along] = m;
        let itemsize = d.itemsize() as i64;
        let (data, owner, _) = self.allocate(&shape, d, false, span);
        let dst_strides = self.c_strides(&shape, itemsize);
        let outer: Vec<usize> = (0..nd).filter(|k| *k != along).collect();
        let pick = |v: &[Value]| outer.iter().map(|k| v[*k]).collect::<Vals>();
        let (ss, ds) = (src.strides[along], dst_strides[along]);
        self.for_each_line(&pick(&shape), &pick(&src.strides), &pick(&dst_strides), src.data, data, &mut |cx, s, dst| {
            cx.counted_loop(m, |cx, i| {
                let so = cx.b.ins().imul(i, ss);
                let mut addr = cx.b.ins().iadd(s, so);
                // Each element as its parts (a complex one's two, subtracted part by part).
                let mut level: Vec<Vals> = Vec::with_capacity(order + 1);
                for _ in 0..=order {
                    level.push(cx.load_item(addr, d));
                    addr = cx.b.ins().iadd(addr, ss);
                }
                for _ in 0..order {
                    level = level.windows(2).map(|w| w[1].iter().zip(&w[0]).map(|(l, e)| cx.difference(*l, *e, d)).collect()).collect();
                }
                let dof = cx.b.ins().imul(i, ds);
                let da = cx.b.ins().iadd(dst, dof);
                let part = itemsize / level[0].len() as i64;
                for (k, v) in level[0].iter().enumerate() {
                    cx.b.ins().store(MemFlagsData::trusted(), *v, da, (k as i64 * part) as i32);
                }
                Ok(())
            })
        })?;
        Ok(self.contiguous_vals(data, owner, shape, itemsize))
    }

    /// `np.roll(a, shift, axis)`: each line rotated by `shift` modulo its length; without an axis
    /// the flattened array (a C-order copy) is one line.
    pub(in crate::lower) fn roll(&mut self, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(at) = ty else { unreachable!("np.roll gives an array") };
        let (d, nd) = (at.dtype, at.ndim as usize);
        let src = self.array_operand(&args[0])?;
        let shift = self.expr(&args[1])?[0];
        let shift = self.i64_value(shift, &args[1].ty);
        let itemsize = d.itemsize() as i64;
        let (data, owner, count) = self.allocate(&src.shape, d, false, span);
        let strides = self.c_strides(&src.shape, itemsize);
        let step = self.iconst(types::I64, itemsize);
        match const_axis(args, 2, nd, None) {
            Some(along) => {
                let outer: Vec<usize> = (0..nd).filter(|k| *k != along).collect();
                let pick = |v: &[Value]| outer.iter().map(|k| v[*k]).collect::<Vals>();
                let (n, ss, ds) = (src.shape[along], src.strides[along], strides[along]);
                self.for_each_line(&pick(&src.shape), &pick(&src.strides), &pick(&strides), src.data, data, &mut |cx, s, dst| {
                    cx.roll_line(s, ss, dst, ds, n, shift, d)
                })?;
            }
            None if nd == 1 => self.roll_line(src.data, src.strides[0], data, step, count, shift, d)?,
            None => {
                let (flat, _, _) = self.allocate(&src.shape, d, false, span);
                self.copy_strided(d, &src.shape, src.data, &src.strides, flat, &strides)?;
                self.roll_line(flat, step, data, step, count, shift, d)?;
            }
        }
        Ok(ArrayVals { data, owner, shape: src.shape, strides }.into_vals())
    }

    /// Copies the `n` elements at `src` to `dst` rotated by `shift` (Python's modulo; nothing for
    /// an empty line).
    #[allow(clippy::too_many_arguments)]
    fn roll_line(&mut self, src: Value, ss: Value, dst: Value, ds: Value, n: Value, shift: Value, d: Dtype) -> R<()> {
        let one = self.iconst(types::I64, 1);
        let len = self.b.ins().smax(n, one);
        let m = self.b.ins().srem(shift, len);
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, m, 0);
        let wrapped = self.b.ins().iadd(m, len);
        let r = self.b.ins().select(negative, wrapped, m);
        self.counted_loop(n, |cx, i| {
            let j = cx.b.ins().iadd(i, r);
            let past = cx.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, j, n);
            let back = cx.b.ins().isub(j, n);
            let j = cx.b.ins().select(past, back, j);
            let so = cx.b.ins().imul(i, ss);
            let sa = cx.b.ins().iadd(src, so);
            let dof = cx.b.ins().imul(j, ds);
            let da = cx.b.ins().iadd(dst, dof);
            cx.copy_item(sa, da, d);
            Ok(())
        })
    }

    /// `later - earlier` in dtype `d` as NumPy's `subtract` (wrapping integers), `!=` for booleans.
    fn difference(&mut self, later: Value, earlier: Value, d: Dtype) -> Value {
        match d {
            Dtype::Bool => self.b.ins().icmp(IntCC::NotEqual, later, earlier),
            d if d.is_float() || d.is_complex() => self.b.ins().fsub(later, earlier),
            _ => self.b.ins().isub(later, earlier),
        }
    }
}
