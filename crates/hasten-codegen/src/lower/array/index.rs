//! Array elements: addresses, bounds checks with wrap-around of negative indices (removed
//! where the facts prove them), loads and stores.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    pub(in crate::lower) fn load_elem(&mut self, addr: Value, d: Dtype) -> Value {
        assert!(!d.is_complex(), "complex elements are two values: load_item");
        let ty = scalar_clif(&Type::Scalar(d));
        self.b.ins().load(ty, MemFlagsData::trusted(), addr, 0)
    }

    /// The element at `addr` as the values of `d.item()`: a complex element is its two parts.
    pub(in crate::lower) fn load_item(&mut self, addr: Value, d: Dtype) -> Vals {
        match d {
            Dtype::C128 => (0..2).map(|k| self.b.ins().load(types::F64, MemFlagsData::trusted(), addr, 8 * k)).collect(),
            Dtype::C64 => (0..2).map(|k| self.b.ins().load(types::F32, MemFlagsData::trusted(), addr, 4 * k)).collect(),
            _ => vec![self.load_elem(addr, d)],
        }
    }

    /// Stores a value of type `vty` as an element of `at`, converted as NumPy converts it (a real
    /// number into a complex element gets a `+0.0` imaginary part).
    pub(in crate::lower) fn store_item(&mut self, addr: Value, at: ArrayType, v: &[Value], vty: &Type, span: Span) {
        if !at.dtype.is_complex() {
            return self.store_elem(addr, at, v[0], vty, span);
        }
        if !self.check_writeable(at, span) {
            return;
        }
        let (re, im) = self.parts_of(v, vty, at.dtype);
        self.store_parts(addr, &[re, im]);
    }

    /// Copies the element of dtype `d` at `src` to `dst` (a complex element as its two parts).
    pub(in crate::lower) fn copy_item(&mut self, src: Value, dst: Value, d: Dtype) {
        let v = self.load_item(src, d);
        self.store_parts(dst, &v);
    }

    /// Stores element values already in the array's representation (`load_item`'s).
    pub(in crate::lower) fn store_parts(&mut self, addr: Value, parts: &[Value]) {
        for (k, p) in parts.iter().enumerate() {
            let offset = (self.b.func.dfg.value_type(*p).bytes() as usize * k) as i32;
            self.b.ins().store(MemFlagsData::trusted(), *p, addr, offset);
        }
    }

    pub(in crate::lower) fn store_elem(&mut self, addr: Value, at: ArrayType, v: Value, vty: &Type, span: Span) {
        assert!(!at.dtype.is_complex(), "complex elements are two values: store_item");
        if !self.check_writeable(at, span) {
            return;
        }
        let converted = self.stored_value(v, vty, at.dtype, span);
        self.b.ins().store(MemFlagsData::trusted(), converted, addr, 0);
    }

    /// Raises NumPy's error for a store into a read-only array; false when the store is unreachable.
    pub(in crate::lower) fn check_writeable(&mut self, at: ArrayType, span: Span) -> bool {
        if at.readonly {
            self.emit_raise("ValueError", Some("assignment destination is read-only"), span);
            let dead = self.b.create_block();
            self.b.switch_to_block(dead);
            return false;
        }
        true
    }

    /// Whether `base[indices]` is a view rather than one element.
    pub(in crate::lower) fn is_view(base: &Expr, indices: &[Expr]) -> bool {
        let Type::Array(at) = &base.ty else { return false };
        indices.len() < at.ndim as usize || indices.iter().any(|i| matches!(i.kind, ExprKind::Slice(..)) || is_new_axis(i))
    }

    /// Address of `base[indices]`, with negative indices wrapped and bounds checked. The whole
    /// index tuple is evaluated before any check, as CPython builds it before NumPy looks at it
    /// (`a[i, 1 // (i - 5)]` raises ZeroDivisionError even when `i` is out of bounds).
    pub(in crate::lower) fn element_address(&mut self, base: &Expr, indices: &[Expr]) -> R<(Value, ArrayType)> {
        let arr = ArrayVals::from_vals(&self.expr(base)?);
        let Type::Array(at) = base.ty else { unreachable!("type checker allows arrays only") };
        let nd = at.ndim as usize;
        let values = indices.iter().map(|idx| self.int_operand(idx)).collect::<R<Vec<_>>>()?;
        let mut checked = Vec::new();
        let mut strides = Vec::new();
        for (k, (idx, i)) in indices.iter().zip(values).enumerate() {
            checked.push(self.checked_index(base, k, idx, i, arr.shape[k]));
            // The unit-stride axis of a contiguous array has the item size as its stride (NumPy may
            // report another stride for an axis of length 1, where the only index is 0).
            let unit_axis = match at.layout {
                Layout::C => k + 1 == nd,
                Layout::F => k == 0,
                Layout::A => false,
            };
            strides.push(if unit_axis { Err(at.dtype.itemsize() as i64) } else { Ok(arr.strides[k]) });
        }
        if checked.iter().all(|(_, wraps)| !wraps) {
            if let Some(addr) = self.reduced_address(arr.data, indices, &strides) {
                return Ok((addr, at));
            }
        }
        let mut addr = arr.data;
        for ((i, _), stride) in checked.into_iter().zip(strides) {
            let stride = stride.unwrap_or_else(|size| self.iconst(types::I64, size));
            let off = self.b.ins().imul(i, stride);
            addr = self.b.ins().iadd(addr, off);
        }
        Ok((addr, at))
    }

    /// The length `d` of an index `x % d`: Python's `%` of ints by a `d` known not to be negative
    /// puts it in `[0, d)`, and `d == 0` raises ZeroDivisionError before the index is used (a
    /// wrap-around `a[(i + 1) % n]`).
    fn modulo_of_length(&self, idx: &Expr) -> Option<ranges::Size> {
        let ExprKind::Binary(BinOp::Mod, x, d) = &idx.kind else { return None };
        if idx.ty != Type::Int || x.ty != Type::Int {
            return None;
        }
        match self.size_of(d)? {
            (size @ ranges::Size::Axis(..), 0) => Some(size),
            (size @ ranges::Size::Local(_), 0) if ranges::interval(d, &self.facts).is_some_and(|(lo, _)| lo >= 0) => Some(size),
            _ => None,
        }
    }

    /// Index `idx`, whose value is `i`, into axis `k` (of length `n`) of `base`: negative values
    /// wrap, and IndexError is raised out of bounds unless the value ranges prove it in bounds or
    /// boundscheck is off. Also says whether a negative index had to be wrapped, that is, whether it
    /// was not proven nonnegative.
    pub(in crate::lower) fn checked_index(&mut self, base: &Expr, k: usize, idx: &Expr, i: Value, n: Value) -> (Value, bool) {
        let mirrored = self.mirrored_index(idx);
        let modulo = self.modulo_of_length(idx);
        // An index whose span a test before its loop checked (`opt::spans`) is in bounds outright.
        let spanned = self.spans.contains_key(&(idx as *const Expr));
        let nonnegative = spanned || ranges::interval(idx, &self.facts).is_some_and(|(lo, _)| lo >= 0) || mirrored.is_some_and(|m| m.nonnegative) || modulo.is_some();
        let wrapped = if nonnegative || self.opts.boundscheck {
            i
        } else {
            let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
            let shifted = self.b.ins().iadd(i, n);
            self.b.ins().select(neg, shifted, i)
        };
        // `v < size - slack_v` and a length of `size - slack_axis` put `v + c` in bounds when
        // `c + slack_axis <= slack_v`.
        // `size - d - v` with `v >= lo` is below a length of `size - slack_axis` when `d + lo > slack_axis`.
        let within = |size: ranges::Size, slack_axis: i128| {
            ranges::local_plus_const(idx, &|v| exact(&self.facts, v).map(i128::from)).is_some_and(|(v, c)| {
                self.below.get(&v).is_some_and(|bs| bs.iter().any(|b| b.size == size && b.slack >= c + slack_axis))
            }) || mirrored.is_some_and(|m| m.size == size && m.var_lo.is_some_and(|lo| m.offset + lo > slack_axis))
        };
        // An axis the loop's versioning tested to be at least `size` long (`opt::lengths`) is
        // `size - 0` or longer.
        // A constant `c` is below a length `size + e` with `e > c` (`d[i, 0]` of `np.zeros((n, m + 1))`).
        let constant = |slack_axis: i128| matches!(idx.kind, ExprKind::Const(Const::Int(c)) if (c as i128) < -slack_axis);
        let proven = spanned
            || nonnegative
            && (self.axis_size(base, k).is_some_and(|(size, slack_axis)| within(size, slack_axis) || modulo == Some(size) && slack_axis <= 0 || constant(slack_axis))
                || self.longer.iter().any(|n| self.at_least(base, k, n.bound) && (within(n.bound, 0) || modulo == Some(n.bound))));
        self.remark(|cx| {
            let (bt, it) = (cx.text(base.span), cx.text(idx.span));
            match (cx.opts.boundscheck, proven) {
                (false, _) => "bounds checks off (boundscheck=False)".into(),
                (true, true) => format!("bounds check removed: `{it}` is proven within axis {k} of `{bt}`"),
                (true, false) => format!("bounds check kept: `{it}` on axis {k} of `{bt}` is not proven in bounds"),
            }
        });
        let raise = move |cx: &mut Self| {
            cx.raise_class("IndexError", |cx| {
                let axis = cx.iconst(types::I64, k as i64);
                let (lp, ll) = cx.location(idx.span);
                let f = cx.helper(Helper::RaiseIndex);
                cx.call(f, &[i, axis, n, lp, ll]);
            });
        };
        if !self.opts.boundscheck || proven {
            return (wrapped, !nonnegative);
        }
        let oob = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, i, n);
        if nonnegative {
            self.fail_if_with(oob, raise);
            return (i, false);
        }
        // One unsigned compare takes an index in bounds as it is; a negative one wraps on a cold
        // path, which checks it again.
        let (wrap, join) = (self.b.create_block(), self.b.create_block());
        let k_in = self.b.append_block_param(join, types::I64);
        self.b.set_cold_block(wrap);
        self.b.ins().brif(oob, wrap, &[], join, &[i.into()]);
        self.b.switch_to_block(wrap);
        let shifted = self.b.ins().iadd(i, n);
        let still_out = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, shifted, n);
        self.fail_if_with(still_out, raise);
        self.b.ins().jump(join, &[shifted.into()]);
        self.b.switch_to_block(join);
        (k_in, true)
    }

    /// An index written `size - d - v` (or `size - v - d`) for a local `v` and a named array length,
    /// the form of a loop that walks an axis backwards, with what the facts say about it.
    pub(in crate::lower) fn mirrored_index(&self, idx: &Expr) -> Option<Mirrored> {
        let ExprKind::Binary(BinOp::Sub, l, r) = &idx.kind else { return None };
        let (x, v, extra) = match &r.kind {
            ExprKind::Local(_) => (&**l, &**r, 0),
            ExprKind::Const(Const::Int(c)) => match &l.kind {
                ExprKind::Binary(BinOp::Sub, x, v) => (&**x, &**v, *c as i128),
                _ => return None,
            },
            _ => return None,
        };
        let (ExprKind::Local(v), Type::Int) = (&v.kind, &v.ty) else { return None };
        let v = *v;
        let (size, d) = self.size_of(x)?;
        let offset = d + extra;
        // `v < size - s` gives `size - offset - v > s - offset`, so the index is at least 0 when `offset <= s + 1`.
        let nonnegative = self.below.get(&v).is_some_and(|bs| bs.iter().any(|b| b.size == size && offset <= b.slack + 1));
        let var_lo = self.facts.get(&v).map(|iv| iv.0);
        Some(Mirrored { size, offset, var_lo, nonnegative })
    }
}

/// An index `size - offset - v`, see `Lower::mirrored_index`.
#[derive(Clone, Copy)]
pub(in crate::lower) struct Mirrored {
    size: ranges::Size,
    offset: i128,
    /// The lower bound of `v`, when the facts give one.
    var_lo: Option<i128>,
    nonnegative: bool,
}
