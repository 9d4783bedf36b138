//! Shapes and views: `np.reshape`, `np.ravel`, `np.ascontiguousarray`, `np.pad`,
//! `np.flipud`, `np.fliplr`, `np.transpose`.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// `np.pad(array, pad_width, constant_values)`: a new array filled with the constant, with the
    /// source copied into its interior.
    pub(in crate::lower) fn pad(&mut self, args: &[Expr], ty: &Type) -> R<Vals> {
        let Type::Array(at) = ty else { unreachable!("pad gives an array") };
        let nd = at.ndim as usize;
        let src = ArrayVals::from_vals(&self.expr(&args[0])?);
        let widths = self.expr(&args[1])?;
        let fill = self.expr(&args[2])?;
        // pad_width broadcasts to one (before, after) pair per axis, as in NumPy.
        let pairs: Vec<(Value, Value)> = match &args[1].ty {
            Type::Tuple(items) if items.iter().any(|t| matches!(t, Type::Tuple(_))) => {
                let mut flat = widths.iter();
                let per_axis: Vec<(Value, Value)> = items
                    .iter()
                    .map(|t| {
                        let n = t.slot_count();
                        let a = *flat.next().expect("slots of pad_width");
                        let b = if n == 2 { *flat.next().expect("slots of pad_width") } else { a };
                        (a, b)
                    })
                    .collect();
                if per_axis.len() == 1 {
                    vec![per_axis[0]; nd]
                } else if per_axis.len() == nd {
                    per_axis
                } else {
                    unreachable!("the type checker checks the pairs of pad_width")
                }
            }
            Type::Tuple(items) if items.len() == 2 => vec![(widths[0], widths[1]); nd],
            Type::Tuple(items) if items.len() == 1 => vec![(widths[0], widths[0]); nd],
            Type::Tuple(_) => unreachable!("the type checker checks the length of pad_width"),
            _ => vec![(widths[0], widths[0]); nd],
        };
        let wty = match &args[1].ty {
            Type::Tuple(items) => match items.first() {
                Some(Type::Tuple(inner)) => inner[0].clone(),
                Some(t) => t.clone(),
                None => Type::Int,
            },
            t => t.clone(),
        };
        let mut shape = Vec::new();
        let mut before = Vec::new();
        for (k, (b, a)) in pairs.iter().enumerate() {
            let (b, a) = (self.i64_value(*b, &wty), self.i64_value(*a, &wty));
            let neg = self.b.ins().bor(b, a);
            let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, neg, 0);
            self.fail_if(neg, "ValueError", "index can't contain negative values", args[1].span);
            let n = self.b.ins().iadd(src.shape[k], b);
            shape.push(self.b.ins().iadd(n, a));
            before.push(b);
        }
        let value = self.convert(fill[0], &args[2].ty, &Type::Scalar(at.dtype));
        let (data, owner, count) = self.allocate(&shape, at.dtype, false, args[0].span);
        self.fill(data, count, at.dtype, value)?;
        let strides = self.c_strides(&shape, at.dtype.itemsize() as i64);
        let mut origin = data;
        for (b, st) in before.iter().zip(&strides) {
            let off = self.b.ins().imul(*b, *st);
            origin = self.b.ins().iadd(origin, off);
        }
        self.copy_strided(at.dtype, &src.shape, src.data, &src.strides, origin, &strides)?;
        Ok(ArrayVals { data, owner, shape, strides }.into_vals())
    }

    /// `np.ascontiguousarray`, `reshape` and `ravel`: the array's own data when it is C-contiguous
    /// (a view, as NumPy returns), else a C-ordered copy.
    pub(in crate::lower) fn contiguous(&mut self, f: NumpyFn, args: &[Expr], span: Span) -> R<Vals> {
        let src = ArrayVals::from_vals(&self.expr(&args[0])?);
        let Type::Array(at) = args[0].ty else { unreachable!("type checker allows arrays only") };
        if f == NumpyFn::Reshape && at.layout != Layout::C {
            return self.reshape_strided(&args[1], src, at, span);
        }
        let nd = at.ndim as usize;
        let shape = src.shape.clone();
        let itemsize = at.dtype.itemsize() as i64;
        let cstrides = self.c_strides(&shape, itemsize);
        let contiguous = if at.layout == Layout::C {
            self.iconst(types::I8, 1)
        } else {
            // NumPy ignores the stride of an axis of length 1, and an empty array is contiguous.
            let mut ok = self.iconst(types::I8, 1);
            let mut size = self.iconst(types::I64, 1);
            for k in 0..nd {
                let same = self.b.ins().icmp(IntCC::Equal, src.strides[k], cstrides[k]);
                let unit = self.b.ins().icmp_imm_s(IntCC::Equal, shape[k], 1);
                let fine = self.b.ins().bor(same, unit);
                ok = self.b.ins().band(ok, fine);
                size = self.b.ins().imul(size, shape[k]);
            }
            let empty = self.b.ins().icmp_imm_s(IntCC::Equal, size, 0);
            self.b.ins().bor(ok, empty)
        };
        // A view or a copy, decided at run time: either way the result holds a reference of its own.
        let (data, owner) = (self.temp_var(types::I64), self.temp_var(types::I64));
        let (view, copy, join) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.ins().brif(contiguous, view, &[], copy, &[]);
        self.b.switch_to_block(view);
        self.incref(src.owner);
        self.b.def_var(data, src.data);
        self.b.def_var(owner, src.owner);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(copy);
        let (d, o, _) = self.allocate(&shape, at.dtype, false, span);
        self.temps.pop();
        self.copy_strided(at.dtype, &shape, src.data, &src.strides, d, &cstrides)?;
        self.b.def_var(data, d);
        self.b.def_var(owner, o);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
        let (data, owner) = (self.b.use_var(data), self.b.use_var(owner));
        self.temps.push(owner);
        let mut size = self.iconst(types::I64, 1);
        for n in &shape {
            size = self.b.ins().imul(size, *n);
        }
        let new_shape = match f {
            NumpyFn::Ascontiguousarray => shape,
            NumpyFn::Ravel => vec![size],
            _ => self.reshape_dims(&args[1], size, span)?,
        };
        Ok(self.contiguous_vals(data, owner, new_shape, itemsize))
    }

    /// `a.reshape(newshape)` of an array that may not be C-contiguous: a view with the strides
    /// NumPy gives it where its axes allow one (`hasten_runtime::reshape`), so writes through it
    /// reach `a` as in NumPy; a C-ordered copy otherwise.
    fn reshape_strided(&mut self, newshape: &Expr, src: ArrayVals, at: ArrayType, span: Span) -> R<Vals> {
        let (nd, itemsize) = (src.shape.len(), at.dtype.itemsize() as i64);
        let mut size = self.iconst(types::I64, 1);
        for n in &src.shape {
            size = self.b.ins().imul(size, *n);
        }
        let new_shape = self.reshape_dims(newshape, size, span)?;
        let nn = new_shape.len();
        let words = self.stack_slot(8 * (2 * nd + 2 * nn) as u32);
        for (k, v) in src.shape.iter().chain(&src.strides).chain(&new_shape).enumerate() {
            self.b.ins().store(MemFlagsData::trusted(), *v, words, (8 * k) as i32);
        }
        let at_word = |cx: &mut Self, k: usize| cx.b.ins().iadd_imm_s(words, 8 * k as i64);
        let (dims, strides, new_dims, out) = (words, at_word(self, nd), at_word(self, 2 * nd), at_word(self, 2 * nd + nn));
        let (nd_v, nn_v, item_v) = (self.iconst(types::I64, nd as i64), self.iconst(types::I64, nn as i64), self.iconst(types::I64, itemsize));
        let h = self.helper(Helper::ReshapeStrides);
        let view_ok = self.call(h, &[nd_v, dims, strides, nn_v, new_dims, out, item_v])[0];
        let (data, owner) = (self.temp_var(types::I64), self.temp_var(types::I64));
        let stride_vars: Vec<Variable> = (0..nn).map(|_| self.temp_var(types::I64)).collect();
        let (view, copy, join) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.ins().brif(view_ok, view, &[], copy, &[]);
        self.b.switch_to_block(view);
        self.incref(src.owner);
        self.b.def_var(data, src.data);
        self.b.def_var(owner, src.owner);
        for (k, var) in stride_vars.iter().enumerate() {
            let s = self.b.ins().load(types::I64, MemFlagsData::trusted(), out, (8 * k) as i32);
            self.b.def_var(*var, s);
        }
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(copy);
        let (d, o, _) = self.allocate(&src.shape, at.dtype, false, span);
        self.temps.pop();
        let cstrides = self.c_strides(&src.shape, itemsize);
        self.copy_strided(at.dtype, &src.shape, src.data, &src.strides, d, &cstrides)?;
        self.b.def_var(data, d);
        self.b.def_var(owner, o);
        let new_cstrides = self.c_strides(&new_shape, itemsize);
        for (var, s) in stride_vars.iter().zip(new_cstrides) {
            self.b.def_var(*var, s);
        }
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
        let (data, owner) = (self.b.use_var(data), self.b.use_var(owner));
        self.temps.push(owner);
        let strides = stride_vars.iter().map(|v| self.b.use_var(*v)).collect();
        Ok(ArrayVals { data, owner, shape: new_shape, strides }.into_vals())
    }

    /// The dimensions of `reshape(..., newshape)` for an array of `size` elements, with one
    /// negative dimension inferred (NumPy 2 takes any negative value as -1), and NumPy's errors.
    pub(in crate::lower) fn reshape_dims(&mut self, e: &Expr, size: Value, span: Span) -> R<Vals> {
        let v = self.expr(e)?;
        let dims: Vals = match &e.ty {
            Type::Tuple(items) => v.iter().zip(items.clone()).map(|(x, t)| self.i64_value(*x, &t)).collect(),
            t => vec![self.i64_value(v[0], &t.clone())],
        };
        let mut unknown = self.iconst(types::I64, 0);
        let mut known = self.iconst(types::I64, 1);
        let one = self.iconst(types::I64, 1);
        for d in &dims {
            let is_unknown = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, *d, 0);
            let inc = self.b.ins().uextend(types::I64, is_unknown);
            unknown = self.b.ins().iadd(unknown, inc);
            let factor = self.b.ins().select(is_unknown, one, *d);
            known = self.b.ins().imul(known, factor);
        }
        let many = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, unknown, 1);
        self.fail_if(many, "ValueError", "can only specify one unknown dimension", span);
        let has_unknown = self.b.ins().icmp_imm_s(IntCC::Equal, unknown, 1);
        let known_zero = self.b.ins().icmp_imm_s(IntCC::Equal, known, 0);
        let safe_known = self.b.ins().select(known_zero, one, known);
        let inferred = self.b.ins().sdiv(size, safe_known);
        let rem = self.b.ins().srem(size, safe_known);
        let divides = self.b.ins().icmp_imm_s(IntCC::Equal, rem, 0);
        let known_nonzero = self.b.ins().bxor_imm_u(known_zero, 1);
        let ok_unknown = self.b.ins().band(divides, known_nonzero);
        let ok_known = self.b.ins().icmp(IntCC::Equal, known, size);
        let ok = self.b.ins().select(has_unknown, ok_unknown, ok_known);
        let bad = self.b.ins().bxor_imm_u(ok, 1);
        let shown = dims.clone();
        self.fail_if_with(bad, |cx| {
            let buf = cx.pack(&shown);
            let n = cx.iconst(types::I64, shown.len() as i64);
            let (lp, ll) = cx.location(span);
            let f = cx.helper(Helper::RaiseReshape);
            cx.call(f, &[size, buf, n, lp, ll]);
            cx.leave_to_error_exit();
        });
        Ok(dims
            .iter()
            .map(|d| {
                let is_unknown = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, *d, 0);
                self.b.ins().select(is_unknown, inferred, *d)
            })
            .collect())
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// `np.flipud`, `np.fliplr` and `np.transpose`: views with one axis reversed, or all axes in
    /// reverse order.
    pub(in crate::lower) fn flipped(&mut self, f: NumpyFn, arg: &Expr) -> R<Vals> {
        let ArrayVals { mut data, owner, mut shape, mut strides } = ArrayVals::from_vals(&self.expr(arg)?);
        if f == NumpyFn::Transpose {
            shape.reverse();
            strides.reverse();
        } else {
            // Reversing an axis starts at its last element and walks back.
            let ax = if f == NumpyFn::Flipud { 0 } else { 1 };
            let last = self.b.ins().iadd_imm_s(shape[ax], -1);
            let zero = self.iconst(types::I64, 0);
            let nonempty = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, shape[ax], 0);
            let last = self.b.ins().select(nonempty, last, zero);
            let off = self.b.ins().imul(last, strides[ax]);
            data = self.b.ins().iadd(data, off);
            strides[ax] = self.b.ins().ineg(strides[ax]);
        }
        Ok(ArrayVals { data, owner, shape, strides }.into_vals())
    }
}
