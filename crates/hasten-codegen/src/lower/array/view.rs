//! Array views and slices, and stores into a view (`a[i, :] = b`, `a[1:-1] += c`) with
//! broadcasting.

use super::*;
use crate::lower::numpy::BroadcastForm;

impl<'a, 'f> Lower<'a, 'f> {
    /// `target[...] = value` or `target[...] op= value` over a whole array or view, with NumPy's
    /// broadcasting of the value. An array value is first copied to a temporary, so that overlapping
    /// memory (`a[1:] = a[:-1]`) behaves as in NumPy, unless this statement made its buffer, which
    /// then overlaps nothing else (`a[1:-1] = u[2:] - u[:-2]`).
    pub(in crate::lower) fn update_view(&mut self, target: &Vals, tat: ArrayType, value: &Vals, vty: &Type, op: Option<(BinOp, &BinaryPlan)>, span: Span) -> R<()> {
        if !self.check_writeable(tat, span) {
            return Ok(());
        }
        let nd = tat.ndim as usize;
        let target = ArrayVals::from_vals(target);
        let shape = &target.shape;
        let source = match vty {
            Type::Array(vat) => {
                let ArrayVals { data: vdata, owner: vowner, shape: vshape, strides: vstrides } = ArrayVals::from_vals(value);
                // NumPy words it as a ufunc with `out=` for `op=`, as a copy for `=`.
                let form = if op.is_some() { BroadcastForm::InPlace } else { BroadcastForm::Into };
                // A value with more axes than the target: a copy drops its leading axes of length
                // 1 (any other length is NumPy's error); an in-place operator takes none.
                let extra = vshape.len().saturating_sub(nd);
                for vdim in &vshape[..extra] {
                    let bad = match op {
                        Some(_) => self.b.ins().iconst(types::I8, 1),
                        None => self.b.ins().icmp_imm_s(IntCC::NotEqual, *vdim, 1),
                    };
                    self.raise_broadcast_if(bad, &vshape, shape, form, span);
                }
                let (vshape, vstrides) = (vshape[extra..].to_vec(), vstrides[extra..].to_vec());
                let vnd = vshape.len();
                for (k, vdim) in vshape.iter().enumerate() {
                    let tdim = shape[k + nd - vnd];
                    let same = self.b.ins().icmp(IntCC::Equal, *vdim, tdim);
                    let one = self.b.ins().icmp_imm_s(IntCC::Equal, *vdim, 1);
                    let ok = self.b.ins().bor(same, one);
                    let bad = self.b.ins().bxor_imm_u(ok, 1);
                    // (NumPy's message names the value with its leading ones dropped.)
                    self.raise_broadcast_if(bad, &vshape, shape, form, span);
                }
                let made_here = self.fresh.contains(&vowner) && self.temps[self.scope_start..].contains(&vowner);
                let (source, sstrides) = if made_here && vowner != target.owner {
                    (vdata, vstrides)
                } else {
                    let itemsize = vat.dtype.itemsize() as i64;
                    let (temp, _, _) = self.allocate(&vshape, vat.dtype, false, span);
                    let cstrides = self.c_strides(&vshape, itemsize);
                    self.copy_strided(vat.dtype, &vshape, vdata, &vstrides, temp, &cstrides)?;
                    (temp, cstrides)
                };
                let zero = self.iconst(types::I64, 0);
                let strides: Vals = (0..nd)
                    .map(|j| match (j + vnd).checked_sub(nd) {
                        None => zero,
                        Some(k) => {
                            let one = self.b.ins().icmp_imm_s(IntCC::Equal, vshape[k], 1);
                            self.b.ins().select(one, zero, sstrides[k])
                        }
                    })
                    .collect();
                Source::Array(source, strides, vat.dtype)
            }
            // A number into complex elements: its parts, once.
            _ if tat.dtype.is_complex() => {
                let (re, im) = self.parts_of(value, vty, tat.dtype);
                Source::Complex(re, im)
            }
            // A scalar is converted once; with an operator the arithmetic follows NEP 50 per element.
            _ if op.is_none() => Source::Scalar(self.stored_value(value[0], vty, tat.dtype, span), Type::Scalar(tat.dtype)),
            _ => Source::Scalar(value[0], vty.clone()),
        };
        let zero = self.iconst(types::I64, 0);
        // NumPy's in-place complex product of a single element looks like a reduction to its
        // loop, which takes the rounding one.
        let single = match op {
            Some((BinOp::Mul, _)) if tat.dtype.is_complex() => {
                let count = shape.iter().fold(self.iconst(types::I64, 1), |c, n| self.b.ins().imul(c, *n));
                Some(self.b.ins().icmp_imm_s(IntCC::Equal, count, 1))
            }
            _ => None,
        };
        self.update_nest(shape, target.data, &target.strides, zero, &source, tat.dtype, op, single, span)
    }

    #[allow(clippy::too_many_arguments)]
    pub(in crate::lower) fn update_nest(&mut self, shape: &[Value], t: Value, t_strides: &[Value], v_off: Value, source: &Source, d: Dtype, op: Option<(BinOp, &BinaryPlan)>, single: Option<Value>, span: Span) -> R<()> {
        let level = t_strides.len() - shape.len();
        let Some((&n, rest)) = shape.split_first() else {
            if d.is_complex() {
                let (re, im) = match source {
                    Source::Array(data, _, vd) => {
                        let addr = self.b.ins().iadd(*data, v_off);
                        let v = self.load_item(addr, *vd);
                        self.parts_of(&v, &vd.item(), d)
                    }
                    Source::Complex(re, im) => (*re, *im),
                    Source::Scalar(..) => unreachable!("numbers into complex elements are `Source::Complex`"),
                };
                let parts = match op {
                    Some((op, _)) if d == Dtype::C64 => self.c64_in_place(op, t, [re, im], single),
                    Some((op, _)) => self.c128_in_place(op, t, [re, im], single),
                    None => vec![re, im],
                };
                self.store_parts(t, &parts);
                return Ok(());
            }
            let (v, vty) = match source {
                Source::Array(data, _, vd) => {
                    let addr = self.b.ins().iadd(*data, v_off);
                    (self.load_elem(addr, *vd), Type::Scalar(*vd))
                }
                Source::Scalar(v, vty) => (*v, vty.clone()),
                Source::Complex(..) => unreachable!("only complex elements take complex sources"),
            };
            let r = match op {
                Some((op, plan)) => {
                    let cur = self.load_elem(t, d);
                    let (r, rty) = self.binary(op, cur, &Type::Scalar(d), v, &vty, plan, span)?;
                    self.convert(r, &rty, &Type::Scalar(d))
                }
                None => self.convert(v, &vty, &Type::Scalar(d)),
            };
            self.b.ins().store(MemFlagsData::trusted(), r, t, 0);
            return Ok(());
        };
        // The innermost row in vector lanes where it can be.
        let lanes = match source {
            Source::Array(data, strides, vd) if rest.is_empty() && *vd == d => {
                let first = self.b.ins().iadd(*data, v_off);
                self.vector_update_row(n, t, t_strides[level], crate::lower::numpy::RowSource::Array(first, strides[level]), d, op)
            }
            Source::Scalar(v, vty) if rest.is_empty() => self.vector_update_row(n, t, t_strides[level], crate::lower::numpy::RowSource::Scalar(*v, vty.clone()), d, op),
            _ => None,
        };
        let from = lanes.unwrap_or_else(|| self.iconst(types::I64, 0));
        self.index_loop(from, n, |cx, i, _| {
            let toff = cx.b.ins().imul(i, t_strides[level]);
            let t_next = cx.b.ins().iadd(t, toff);
            let v_next = match source {
                Source::Array(_, strides, _) => {
                    let step = cx.b.ins().imul(i, strides[level]);
                    cx.b.ins().iadd(v_off, step)
                }
                Source::Scalar(..) | Source::Complex(..) => v_off,
            };
            cx.update_nest(rest, t_next, t_strides, v_next, source, d, op, single, span)?;
            Ok(())
        })?;
        Ok(())
    }

    /// `base[indices]` as a view: integer indices fix an axis (checked as for an element), slices
    /// keep it with Python's clamping, `None` inserts an axis of length 1 (stride 0, as NumPy's),
    /// and unindexed trailing axes are kept whole.
    pub(in crate::lower) fn view(&mut self, base: &Expr, indices: &[Expr]) -> R<Vals> {
        let arr = ArrayVals::from_vals(&self.expr(base)?);
        let Type::Array(at) = base.ty else { unreachable!("type checker allows arrays only") };
        let nd = at.ndim as usize;
        // The whole index tuple is evaluated before any check, as CPython builds it first.
        let values = indices.iter().map(|idx| self.index_value(idx)).collect::<R<Vec<_>>>()?;
        let (mut data, owner) = (arr.data, arr.owner);
        let (mut shape, mut strides) = (Vec::new(), Vec::new());
        let mut at_index = 0;
        for k in 0..nd {
            while matches!(values.get(at_index), Some(IndexValue::NewAxis)) {
                shape.push(self.iconst(types::I64, 1));
                strides.push(self.iconst(types::I64, 0));
                at_index += 1;
            }
            let (n, stride) = (arr.shape[k], arr.strides[k]);
            let (index, value) = (indices.get(at_index), values.get(at_index));
            at_index += 1;
            match (index, value) {
                (Some(Expr { kind: ExprKind::Slice(_, _, step), span, .. }), Some(IndexValue::Slice(bounds))) => {
                    let (first, len, step) = self.slice_axis(*bounds, step.as_deref(), n, *span);
                    let off = self.b.ins().imul(first, stride);
                    data = self.b.ins().iadd(data, off);
                    shape.push(len);
                    strides.push(self.b.ins().imul(stride, step));
                }
                (Some(idx), Some(IndexValue::Int(i))) => {
                    let (i, _) = self.checked_index(base, k, idx, *i, n);
                    let off = self.b.ins().imul(i, stride);
                    data = self.b.ins().iadd(data, off);
                }
                _ => {
                    shape.push(n);
                    strides.push(stride);
                }
            }
        }
        for _ in values.iter().skip(at_index).filter(|v| matches!(v, IndexValue::NewAxis)) {
            shape.push(self.iconst(types::I64, 1));
            strides.push(self.iconst(types::I64, 0));
        }
        Ok(ArrayVals { data, owner, shape, strides }.into_vals())
    }

    /// The value of one entry of an index tuple: an int, or a slice's bounds evaluated in Python's
    /// order (start, stop, step), `None` where omitted or `None`.
    fn index_value(&mut self, idx: &Expr) -> R<IndexValue> {
        if is_new_axis(idx) {
            return Ok(IndexValue::NewAxis);
        }
        let ExprKind::Slice(start, stop, step) = &idx.kind else { return Ok(IndexValue::Int(self.int_operand(idx)?)) };
        Ok(IndexValue::Slice(self.slice_bounds(start, stop, step)?))
    }

    /// A slice's bounds evaluated in Python's order (start, stop, step), `None` where omitted or `None`.
    pub(in crate::lower) fn slice_bounds(&mut self, start: &Option<Box<Expr>>, stop: &Option<Box<Expr>>, step: &Option<Box<Expr>>) -> R<[Option<Value>; 3]> {
        let mut bound = |e: &Option<Box<Expr>>| -> R<Option<Value>> {
            match e.as_deref() {
                Some(e) if e.ty != Type::None => Ok(Some(self.int_operand(e)?)),
                _ => Ok(None),
            }
        };
        Ok([bound(start)?, bound(stop)?, bound(step)?])
    }

    /// Python's slice semantics on an axis of length `n` (`slice.indices`), for the slice's bounds
    /// (`step` is its expression, for a constant step): the first index, the number of elements and
    /// the step. A zero step is a ValueError.
    pub(in crate::lower) fn slice_axis(&mut self, [start_v, stop_v, step_v]: [Option<Value>; 3], step: Option<&Expr>, n: Value, span: Span) -> (Value, Value, Value) {
        let const_step = match step.map(|e| &e.kind) {
            Some(ExprKind::Const(Const::Int(k))) => Some(*k),
            None | Some(ExprKind::Const(Const::None)) => Some(1),
            _ => None,
        };
        let step_v = match step_v {
            Some(v) => v,
            None => self.iconst(types::I64, 1),
        };
        if const_step.is_none() {
            let zero = self.b.ins().icmp_imm_s(IntCC::Equal, step_v, 0);
            self.fail_if(zero, "ValueError", "slice step cannot be zero", span);
        } else if const_step == Some(0) {
            self.emit_raise("ValueError", Some("slice step cannot be zero"), span);
            let dead = self.b.create_block();
            self.b.switch_to_block(dead);
        }
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, step_v, 0);
        let minus_one = self.iconst(types::I64, -1);
        let zero = self.iconst(types::I64, 0);
        let n_minus_one = self.b.ins().iadd_imm_s(n, -1);
        // Clamped positions, and the defaults for omitted bounds, depend on the step's sign.
        let low = self.b.ins().select(negative, minus_one, zero);
        let high = self.b.ins().select(negative, n_minus_one, n);
        let clamp = |cx: &mut Self, v: Option<Value>, default: Value| match v {
            None => default,
            Some(v) => {
                let below = cx.b.ins().icmp_imm_s(IntCC::SignedLessThan, v, 0);
                let shifted = cx.b.ins().iadd(v, n);
                let v = cx.b.ins().select(below, shifted, v);
                let still_below = cx.b.ins().icmp_imm_s(IntCC::SignedLessThan, v, 0);
                let above = cx.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, v, n);
                let v = cx.b.ins().select(above, high, v);
                cx.b.ins().select(still_below, low, v)
            }
        };
        let start_default = self.b.ins().select(negative, n_minus_one, zero);
        let first = clamp(self, start_v, start_default);
        let stop_default = self.b.ins().select(negative, minus_one, n);
        let last = clamp(self, stop_v, stop_default);
        let len = self.range_length(first, last, step_v);
        (first, len, step_v)
    }
}

/// The values an array update reads: a temporary array with strides aligned to the target (0 where
/// it broadcasts), or one scalar (a complex one as its parts).
pub(in crate::lower) enum Source {
    Array(Value, Vals, Dtype),
    Scalar(Value, Type),
    Complex(Value, Value),
}

/// One entry of an evaluated index tuple.
enum IndexValue {
    Int(Value),
    Slice([Option<Value>; 3]),
    NewAxis,
}
