//! Element-wise array expressions, fused: a maximal tree of operators whose value is an array is
//! evaluated in one loop nest that writes one new array, with no temporaries. Its leaves (arrays and
//! numbers) are evaluated once, first, in Python's order; shapes broadcast as NumPy's do, checked node
//! by node bottom-up so that an incompatible pair is reported with NumPy's message and operands.
//! Under `parallel=True` the rows of a large result are computed by the thread pool.

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{self, types, InstBuilder, MemFlagsData, Value};
use cranelift_module::Module;
use hasten_ir::hir::*;
use hasten_ir::types::array_slots;
use hasten_ir::{Dtype, Span, Type};
use crate::lower::array::{TOO_BIG, TWO_63};
use super::*;
use super::fused_simd::{Root, RowOut};


/// The operands of a node, in evaluation order.
pub(super) fn operands(e: &Expr) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::Binary(_, l, r) => vec![l, r],
        ExprKind::Unary(_, x) => vec![x],
        ExprKind::Compare(l, rest) => vec![l, &rest[0].1],
        // The dtype of `astype` is no operand.
        ExprKind::Call(Callee::Numpy(NumpyFn::Astype), args, _) => vec![&args[0]],
        ExprKind::Call(_, args, _) => args.iter().collect(),
        _ => Vec::new(),
    }
}

/// A leaf of the tree: the expression, its value and, for an array, its strides aligned to the
/// result's axes (0 where it broadcasts). Kept in evaluation order.
pub(super) struct Leaf<'e> {
    pub(super) expr: &'e Expr,
    vals: Vals,
    pub(super) strides: Vec<Value>,
    /// For `np.arange`: its first two values and its increment; its strides count elements.
    arange: Option<(Value, Value, Value)>,
}

impl<'e> Leaf<'e> {
    /// Whether the leaf is an `np.arange` (its strides count elements).
    pub(super) fn is_arange(&self) -> bool {
        self.arange.is_some()
    }

    /// The leaf of operand `expr`, evaluated to `vals`.
    pub(super) fn new(expr: &'e Expr, vals: Vals) -> Self {
        Leaf { expr, vals, strides: Vec::new(), arange: None }
    }

    /// The address of an array leaf's first element.
    pub(super) fn data(&self) -> Value {
        ArrayVals::from_vals(&self.vals).data
    }

    /// The value of a leaf that is a number.
    pub(super) fn scalar(&self) -> Value {
        self.vals[0]
    }

    /// The dimensions of an array leaf. An arange's `vals` are `0, 0, len`: the slots of a 1-d array
    /// without its stride, which counts elements.
    pub(super) fn shape(&self) -> &[Value] {
        let Type::Array(a) = &self.expr.ty else { return &[] };
        &self.vals[array_slots::shape(a.ndim as usize)]
    }
}


pub(super) fn find<'l, 'e>(leaves: &'l [Leaf<'e>], e: &Expr) -> Option<&'l Leaf<'e>> {
    leaves.iter().find(|l| std::ptr::eq(l.expr, e))
}

/// Which of NumPy's messages a broadcasting failure gets (see `hasten_rt_raise_broadcast`).
#[derive(Clone, Copy)]
pub(in crate::lower) enum BroadcastForm {
    /// Two operands: `a + b`.
    Operands = 0,
    /// A value stored into a view: `a[...] = value`.
    Into = 1,
    /// An operator applied in place: `a[...] += value`.
    InPlace = 2,
    /// A value stored through an index array: `a[idx] = value` (the value's shape, the selection's).
    IntoIndexed = 3,
    /// A 1-d value stored through a boolean mask of all the axes (the value's shape, the count).
    MaskAssign = 4,
    /// A boolean mask whose shape is not the array's leading axes: IndexError (`[axis, size]`,
    /// then `[mask size]`).
    MaskMismatch = 5,
    /// Integer index arrays that do not broadcast together: IndexError naming every array's shape
    /// (each of the first one's number of dimensions).
    IndexArrays = 7,
}

impl Lower<'_, '_> {
    pub(in crate::lower) fn elementwise(&mut self, e: &Expr) -> R<Vals> {
        let Type::Array(out) = e.ty else { unreachable!("only array-valued trees are fused") };
        // A result of layout `A` (operands laid out at run time) is laid out as NumPy's.
        match out.layout {
            Layout::A => Ok(self.elementwise_as_numpy(e)?.0.into_vals()),
            Layout::C => {
                let (leaves, shape) = self.aligned_leaves(e)?;
                let (data, owner) = self.fill_new(e, &leaves, &shape, out.dtype)?;
                Ok(self.contiguous_vals(data, owner, shape, out.dtype.itemsize() as i64))
            }
            Layout::F => unreachable!("the type checker lays element-wise results out C or A (`layouts.rs`)"),
        }
    }

    /// The leaves of the fused tree `e`, evaluated, with their strides along the broadcast shape
    /// (also returned).
    pub(super) fn aligned_leaves<'e>(&mut self, e: &'e Expr) -> R<(Vec<Leaf<'e>>, Vec<Value>)> {
        let mut leaves = Vec::new();
        self.evaluate_leaves(e, &mut leaves)?;
        let shape = self.broadcast_shape(e, &leaves);
        self.align_strides(&mut leaves, shape.len());
        Ok((leaves, shape))
    }

    /// A new C-ordered array of `shape` filled with the fused tree `e` (its leaves' strides in the
    /// order of `shape`), row by row or by threads: its data and owner.
    pub(super) fn fill_new(&mut self, e: &Expr, leaves: &[Leaf], shape: &[Value], dtype: Dtype) -> R<(Value, Value)> {
        let itemsize = dtype.itemsize() as i64;
        let (data, owner, _) = self.allocate(shape, dtype, false, e.span);
        if self.opts.parallel && !shape.is_empty() {
            self.parallel_nest(e, leaves, shape, data, itemsize)?;
        } else {
            self.rows(e, leaves, shape, data, itemsize, None)?;
        }
        Ok((data, owner))
    }

    /// Computes the rows `lo..lo + shape[0]` of the result (all of it when `lo` is `None`) into the
    /// C-ordered buffer at `data`.
    pub(super) fn rows(&mut self, e: &Expr, leaves: &[Leaf], shape: &[Value], data: Value, itemsize: i64, lo: Option<Value>) -> R<()> {
        let cursor = self.temp_var(types::I64);
        let offsets: Vec<Value> = match lo {
            None => {
                self.b.def_var(cursor, data);
                leaves.iter().map(|_| self.iconst(types::I64, 0)).collect()
            }
            Some(lo) => {
                let mut row = self.iconst(types::I64, itemsize);
                for d in &shape[1..] {
                    row = self.b.ins().imul(row, *d);
                }
                let skip = self.b.ins().imul(lo, row);
                let start = self.b.ins().iadd(data, skip);
                self.b.def_var(cursor, start);
                leaves
                    .iter()
                    .map(|l| match l.strides.first() {
                        Some(stride) => self.b.ins().imul(lo, *stride),
                        None => self.iconst(types::I64, 0),
                    })
                    .collect()
            }
        };
        self.nest(e, leaves, shape, 0, offsets, &Sink::Store { cursor, itemsize })
    }

    /// `parallel=True`: the rows of a result of at least `PARALLEL_MIN` elements are cut into chunks
    /// that the pool runs; the worker receives the leaves, the shape and the buffer through its
    /// context block. Smaller results call the same worker once, on this thread.
    pub(super) fn parallel_nest(&mut self, e: &Expr, leaves: &[Leaf], shape: &[Value], data: Value, itemsize: i64) -> R<()> {
        const PARALLEL_MIN: i64 = 1 << 14;
        let mut context = Vec::new();
        for l in leaves {
            context.extend(&l.vals);
            context.extend(&l.strides);
            context.extend(l.arange.iter().flat_map(|(a, b, c)| [*a, *b, *c]));
        }
        context.extend(shape);
        context.push(data);
        // Each distinct value travels once, so that the worker sees, as this function does, that
        // views of one array share their strides, and computes their offsets once.
        let mut distinct: Vec<Value> = Vec::new();
        let slots: Vec<usize> = context
            .iter()
            .map(|v| distinct.iter().position(|d| d == v).unwrap_or_else(|| {
                distinct.push(*v);
                distinct.len() - 1
            }))
            .collect();
        let tys: Vec<ir::Type> = distinct.iter().map(|v| self.b.func.dfg.value_type(*v)).collect();
        let ctx = self.pack(&distinct);
        let worker = self.outline(e.span, |cx, [ctx, lo, hi, _]| {
            let loaded = cx.unpack(ctx, &tys);
            let mut vals = slots.iter().map(|k| loaded[*k]);
            let mut take = |n: usize| -> Vals { vals.by_ref().take(n).collect() };
            let mine: Vec<Leaf> = leaves
                .iter()
                .map(|l| Leaf {
                    expr: l.expr,
                    vals: take(l.vals.len()),
                    strides: take(l.strides.len()),
                    arange: l.arange.map(|_| {
                        let v = take(3);
                        (v[0], v[1], v[2])
                    }),
                })
                .collect();
            let mut shape = take(shape.len());
            let data = take(1)[0];
            shape[0] = cx.b.ins().isub(hi, lo);
            cx.rows(e, &mine, &shape, data, itemsize, Some(lo))
        })?;
        let worker = self.module.declare_func_in_func(worker, self.b.func);
        let mut total = shape[0];
        for d in &shape[1..] {
            total = self.b.ins().imul(total, *d);
        }
        let zero = self.iconst(types::I64, 0);
        let (small, large, join) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        let few = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, total, PARALLEL_MIN);
        self.b.ins().brif(few, small, &[], large, &[]);
        self.b.switch_to_block(small);
        let status = self.call(worker, &[ctx, zero, shape[0], zero])[0];
        self.check_status(status);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(large);
        let addr = self.b.ins().func_addr(types::I64, worker);
        self.run_on_pool(addr, ctx, shape[0], zero, 0);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
        Ok(())
    }

    /// Walks the nest in Fortran order when every array operand is Fortran-contiguous, as NumPy's
    /// iterator does (memory order): reverses the shape and each leaf's aligned strides. Returns
    /// whether it did.
    pub(super) fn fortran_order(leaves: &mut [Leaf], shape: &mut [Value]) -> bool {
        let arrays = || leaves.iter().filter_map(|l| if let Type::Array(a) = &l.expr.ty { Some(a) } else { None });
        if shape.len() < 2 || arrays().next().is_none() || !arrays().all(|a| a.layout == Layout::F && a.ndim as usize == shape.len()) {
            return false;
        }
        shape.reverse();
        for leaf in leaves.iter_mut() {
            leaf.strides.reverse();
        }
        true
    }

    /// Each array leaf's strides along the result's axes: 0 where it broadcasts or lacks the axis.
    pub(super) fn align_strides(&mut self, leaves: &mut [Leaf], ndim: usize) {
        for leaf in leaves.iter_mut() {
            if let Type::Array(a) = &leaf.expr.ty {
                let k = a.ndim as usize;
                let zero = self.iconst(types::I64, 0);
                let own_strides = leaf.arange.is_none().then(|| ArrayVals::from_vals(&leaf.vals).strides);
                leaf.strides = (0..ndim)
                    .map(|j| match (j + k).checked_sub(ndim) {
                        None => zero,
                        Some(axis) => {
                            let dim = leaf.shape()[axis];
                            let stride = match &own_strides {
                                Some(s) => s[axis],
                                None => self.iconst(types::I64, 1),
                            };
                            let one = self.b.ins().icmp_imm_s(IntCC::Equal, dim, 1);
                            self.b.ins().select(one, zero, stride)
                        }
                    })
                    .collect();
            }
        }
    }

    pub(super) fn evaluate_leaves<'e>(&mut self, e: &'e Expr, leaves: &mut Vec<Leaf<'e>>) -> R<()> {
        if e.is_elementwise() {
            let ops = operands(e);
            let mut starts = Vec::with_capacity(ops.len());
            for (i, x) in ops.iter().enumerate() {
                // Python completes an operand that is an operation before it evaluates the next
                // one; the loop computes it only after every leaf is evaluated. A later operand that
                // calls a jitted function (which may write arrays) must not change what the earlier
                // operations see, so their leaves are copied first. A bare array operand is read
                // when the operator runs, after the call, in Python too.
                if calls_jitted(x) {
                    for (j, prev) in ops[..i].iter().enumerate() {
                        if prev.is_elementwise() {
                            for leaf in leaves[starts[j]..].iter_mut().take(leaf_count(prev)) {
                                self.snapshot(leaf)?;
                            }
                        }
                    }
                }
                starts.push(leaves.len());
                self.evaluate_leaves(x, leaves)?;
            }
        } else if is_arange(e) {
            let (first, second, delta, len) = self.arange(e)?;
            let zero = self.iconst(types::I64, 0);
            leaves.push(Leaf { expr: e, vals: vec![zero, zero, len], strides: Vec::new(), arange: Some((first, second, delta)) });
        } else {
            let vals = self.expr(e)?;
            leaves.push(Leaf { expr: e, vals, strides: Vec::new(), arange: None });
        }
        Ok(())
    }

    /// Replaces an array leaf that some other code could write by a copy of its data.
    fn snapshot(&mut self, leaf: &mut Leaf) -> R<()> {
        let Type::Array(at) = leaf.expr.ty else { return Ok(()) };
        if leaf.arange.is_some() {
            return Ok(());
        }
        let arr = ArrayVals::from_vals(&leaf.vals);
        if self.fresh.contains(&arr.owner) && self.temps[self.scope_start..].contains(&arr.owner) {
            return Ok(());
        }
        let itemsize = at.dtype.itemsize() as i64;
        let (data, owner, _) = self.allocate(&arr.shape, at.dtype, false, leaf.expr.span);
        let strides = self.c_strides(&arr.shape, itemsize);
        self.copy_strided(at.dtype, &arr.shape, arr.data, &arr.strides, data, &strides)?;
        leaf.vals = ArrayVals { data, owner, shape: arr.shape, strides }.into_vals();
        Ok(())
    }

    /// `np.arange(start, stop, step)` in the result dtype: its first two values, its increment and its
    /// length. NumPy stores `start`, then `start + step` (each as a Python value, so an integer one
    /// must fit the dtype), then `start + i * delta` with `delta = (start + step) - start`.
    pub(super) fn arange(&mut self, e: &Expr) -> R<(Value, Value, Value, Value)> {
        let ExprKind::Call(_, args, _) = &e.kind else { unreachable!("an arange call") };
        let Type::Array(at) = e.ty else { unreachable!("arange gives an array") };
        let (d, ty) = (at.dtype, Type::Scalar(at.dtype));
        let mut v = Vec::new();
        for a in &args[..3] {
            let x = self.expr(a)?;
            v.push((x[0], a.ty.clone()));
        }
        if d.is_float() || v.iter().any(|(_, t)| t.is_floatlike()) {
            let f = |cx: &mut Self, (x, t): &(Value, Type)| cx.convert(*x, t, &Type::Float);
            let (start, stop, step) = (f(self, &v[0]), f(self, &v[1]), f(self, &v[2]));
            let len = self.arange_length(Helper::ArangeLenF64, [start, stop, step], e.span);
            self.arange_room(len, d, e.span);
            let second = self.b.ins().fadd(start, step);
            if !d.is_float() {
                self.arange_float_fits(start, len, 1, d, e.span);
                self.arange_float_fits(second, len, 2, d, e.span);
            }
            let first = self.convert(start, &Type::Float, &ty);
            let second = self.convert(second, &Type::Float, &ty);
            if d.is_float() {
                let delta = self.b.ins().fsub(second, first);
                return Ok((first, second, delta, len));
            }
            // Integer elements from float bounds: the first two cast, then their difference as
            // the step (`np.arange(0.5, 4, 0.75, np.int16)` is 0, 1, 2, 3, 4), in 64 bits.
            let (first, second) = (self.i64_value(first, &ty), self.i64_value(second, &ty));
            let delta = self.b.ins().isub(second, first);
            return Ok((first, second, delta, len));
        }
        let i = |cx: &mut Self, (x, t): &(Value, Type)| cx.i64_value(*x, t);
        let (start, stop, step) = (i(self, &v[0]), i(self, &v[1]), i(self, &v[2]));
        let len = self.arange_length(Helper::ArangeLenI64, [start, stop, step], e.span);
        self.arange_room(len, d, e.span);
        let (second, of) = self.b.ins().sadd_overflow(start, step);
        let zi = self.iconst(types::I64, 0);
        let two = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, len, 2);
        // `start + step` past 64 bits is a Python int NumPy cannot convert, except into uint64,
        // where the wrapped bits are the value.
        let lost = self.b.ins().band(of, two);
        if d != Dtype::U64 {
            self.fail_if(lost, "OverflowError", "Python int too large to convert to C long", e.span);
        }
        if d != Dtype::I64 {
            let one = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, len, 1);
            let checked = self.b.ins().select(one, start, zi);
            self.check_python_int_fits(checked, d, e.span);
            let kept = self.b.ins().bxor_imm_u(lost, 1);
            let kept = self.b.ins().band(two, kept);
            let checked = self.b.ins().select(kept, second, zi);
            self.check_python_int_fits(checked, d, e.span);
        }
        Ok((start, second, step, len))
    }

    /// An arange's length as NumPy computes it (`hasten_runtime::arange`), raising its errors.
    fn arange_length(&mut self, helper: Helper, bounds: [Value; 3], span: Span) -> Value {
        let (lp, ll) = self.location(span);
        let f = self.helper(helper);
        let len = self.call(f, &[bounds[0], bounds[1], bounds[2], lp, ll])[0];
        let failed = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, len, 0);
        self.check_status(failed);
        len
    }

    /// NumPy's checks on an arange's length before it allocates: a byte count an intp holds, memory
    /// that can be had (probed only for lengths of 2 GiB or more, as a fused arange is never
    /// allocated), and booleans only up to two.
    fn arange_room(&mut self, len: Value, d: Dtype, span: Span) {
        let itemsize = d.itemsize() as i64;
        let huge = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, len, isize::MAX as i64 / itemsize);
        self.fail_if(huge, "ValueError", TOO_BIG, span);
        let big = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, len, (1 << 31) / itemsize);
        let (probe, cont) = (self.b.create_block(), self.b.create_block());
        self.b.set_cold_block(probe);
        self.b.ins().brif(big, probe, &[], cont, &[]);
        self.b.switch_to_block(probe);
        let size = self.iconst(types::I64, itemsize);
        let (dp, dl) = self.str_consts(d.name());
        let f = self.helper(Helper::AllocProbe);
        let failed = self.call(f, &[len, size, dp, dl])[0];
        self.check_status(failed);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
        if d == Dtype::Bool {
            let long = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, len, 2);
            self.fail_if(long, "TypeError", "arange() is only supported for booleans when the result has at most length 2.", span);
        }
    }

    /// Raises NumPy's OverflowError when the float `x`, stored as the `k`-th value of an arange of
    /// `len` elements, is a Python int beyond 64 bits or outside the integer dtype `d`.
    fn arange_float_fits(&mut self, x: Value, len: Value, k: i64, d: Dtype, span: Span) {
        let active = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, len, k);
        let t = self.b.ins().trunc(x);
        let top = if d == Dtype::U64 { 2.0 * TWO_63 } else { TWO_63 };
        let (lo, hi) = (self.b.ins().f64const(-TWO_63), self.b.ins().f64const(top));
        let below = self.b.ins().fcmp(FloatCC::LessThan, t, lo);
        let above = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, t, hi);
        let out = self.b.ins().bor(below, above);
        let out = self.b.ins().band(out, active);
        self.fail_if(out, "OverflowError", "Python int too large to convert to C long", span);
        if d != Dtype::I64 && d != Dtype::Bool {
            let n = self.b.ins().fcvt_to_sint_sat(types::I64, t);
            let zi = self.iconst(types::I64, 0);
            let checked = self.b.ins().select(active, n, zi);
            self.check_python_int_fits(checked, d, span);
        }
    }

    /// The broadcast shape of a node, aligned to the right, raising NumPy's ValueError for a pair of
    /// operands that do not broadcast.
    pub(super) fn broadcast_shape(&mut self, e: &Expr, leaves: &[Leaf]) -> Vec<Value> {
        if !e.is_elementwise() {
            return match &e.ty {
                Type::Array(_) => find(leaves, e).expect("every leaf was evaluated").shape().to_vec(),
                _ => Vec::new(),
            };
        }
        let shapes: Vec<Vec<Value>> = operands(e).into_iter().map(|x| self.broadcast_shape(x, leaves)).collect();
        let mut shapes = shapes.into_iter();
        let first = shapes.next().expect("nodes have operands");
        shapes.fold(first, |a, b| self.broadcast_pair(&a, &b, e.span))
    }

    pub(super) fn broadcast_pair(&mut self, a: &[Value], b: &[Value], span: Span) -> Vec<Value> {
        let ndim = a.len().max(b.len());
        let mut out = Vec::with_capacity(ndim);
        for j in 0..ndim {
            let da = (j + a.len()).checked_sub(ndim).map(|k| a[k]);
            let db = (j + b.len()).checked_sub(ndim).map(|k| b[k]);
            out.push(match (da, db) {
                (Some(x), Some(y)) => {
                    let same = self.b.ins().icmp(IntCC::Equal, x, y);
                    let x_one = self.b.ins().icmp_imm_s(IntCC::Equal, x, 1);
                    let y_one = self.b.ins().icmp_imm_s(IntCC::Equal, y, 1);
                    let ok = self.b.ins().bor(same, x_one);
                    let ok = self.b.ins().bor(ok, y_one);
                    let bad = self.b.ins().bxor_imm_u(ok, 1);
                    self.raise_broadcast_if(bad, a, b, BroadcastForm::Operands, span);
                    self.b.ins().select(x_one, y, x)
                }
                (Some(x), None) | (None, Some(x)) => x,
                (None, None) => unreachable!("axis belongs to an operand"),
            });
        }
        out
    }

    /// Raises NumPy's broadcast ValueError for shapes `a` and `b` when `bad`; `into` selects the
    /// message of an assignment of `a` into `b`.
    pub(in crate::lower) fn raise_broadcast_if(&mut self, bad: Value, a: &[Value], b: &[Value], form: BroadcastForm, span: Span) {
        let (a, b) = (a.to_vec(), b.to_vec());
        self.fail_if_with(bad, |cx| {
            let buf = cx.pack(&[a.as_slice(), b.as_slice()].concat());
            let (na, nb) = (cx.iconst(types::I64, a.len() as i64), cx.iconst(types::I64, b.len() as i64));
            let into = cx.iconst(types::I32, form as i64);
            let (lp, ll) = cx.location(span);
            let f = cx.helper(Helper::RaiseBroadcast);
            cx.call(f, &[buf, na, nb, into, lp, ll]);
            cx.leave_to_error_exit();
        });
    }

    /// Loops over axis `level` of the result; the innermost level computes one element and stores it
    /// at `cursor`, which walks the result in C order.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn nest(
        &mut self,
        e: &Expr,
        leaves: &[Leaf],
        shape: &[Value],
        level: usize,
        offsets: Vec<Value>,
        sink: &Sink,
    ) -> R<()> {
        if level == shape.len() {
            let v = self.element_vals(e, leaves, &offsets)?;
            match sink {
                Sink::Store { cursor, itemsize } => {
                    let at = self.b.use_var(*cursor);
                    self.store_parts(at, &v);
                    let next = self.b.ins().iadd_imm_s(at, *itemsize);
                    self.b.def_var(*cursor, next);
                }
                Sink::Reduce(r) => self.accumulate(r, v[0], &e.ty.element()),
            }
            return Ok(());
        }
        let from = match sink {
            Sink::Store { cursor, .. } if level + 1 == shape.len() => match super::fused_simd::vector_root(e, leaves) {
                Some(root) => self.vector_row(e, root, leaves, shape[level], level, &offsets, RowOut::Store(*cursor))?,
                None => self.iconst(types::I64, 0),
            },
            Sink::Reduce(r) if level + 1 == shape.len() => {
                match (super::fused_simd::vector_root(e, leaves), Self::integer_total(r)) {
                    // A count of comparisons, or the sum of an int64 tree (or of comparisons).
                    (Some(root @ (Root::Compare(_), Dtype::F64 | Dtype::I64)), Some((acc, _))) | (Some(root @ (Root::Value, Dtype::I64)), Some((acc, false))) => {
                        self.vector_row(e, root, leaves, shape[level], level, &offsets, RowOut::Add(acc))?
                    }
                    _ => self.iconst(types::I64, 0),
                }
            }
            _ => self.iconst(types::I64, 0),
        };
        self.index_loop(from, shape[level], |cx, i, _| {
            let inner: Vec<Value> = leaves
                .iter()
                .zip(&offsets)
                .map(|(leaf, off)| match leaf.strides.get(level) {
                    Some(stride) => {
                        let step = cx.b.ins().imul(i, *stride);
                        cx.b.ins().iadd(*off, step)
                    }
                    None => *off,
                })
                .collect();
            cx.nest(e, leaves, shape, level + 1, inner, sink)?;
            Ok(())
        })?;
        Ok(())
    }

    /// One element of the tree as the values of its element type: two for a complex element
    /// (NumPy's complex128 loops, real operands cast to complex first), one otherwise (`element`).
    pub(super) fn element_vals(&mut self, e: &Expr, leaves: &[Leaf], offsets: &[Value]) -> R<Vals> {
        let d = match e.ty.element() {
            Type::Complex | Type::Scalar(Dtype::C128) => Dtype::C128,
            Type::Scalar(Dtype::C64) => Dtype::C64,
            _ => return Ok(vec![self.element(e, leaves, offsets)?]),
        };
        if let Some(k) = leaves.iter().position(|l| std::ptr::eq(l.expr, e)) {
            let leaf = &leaves[k];
            return Ok(match &e.ty {
                Type::Array(a) => {
                    let addr = self.b.ins().iadd(ArrayVals::from_vals(&leaf.vals).data, offsets[k]);
                    self.load_item(addr, a.dtype)
                }
                _ => leaf.vals.clone(),
            });
        }
        let ty = |x: &Expr| x.ty.element();
        Ok(match &e.kind {
            // An array to one number's power: NumPy's fast scalar powers (`complex_power_operator`).
            ExprKind::Binary(BinOp::Pow, l, r) if matches!(l.ty, Type::Array(_)) && !matches!(r.ty, Type::Array(_)) => {
                let (a, b) = (self.element_vals(l, leaves, offsets)?, self.element_vals(r, leaves, offsets)?);
                let backwards = (d == Dtype::C64).then(|| self.steps_backwards(&[l], leaves));
                self.complex_power_operator((&a, &ty(l)), (&b, r), d, backwards)
            }
            ExprKind::Binary(BinOp::Pow, l, r) => {
                let (a, b) = (self.element_vals(l, leaves, offsets)?, self.element_vals(r, leaves, offsets)?);
                if d == Dtype::C64 {
                    return Ok(self.c64_ufunc_vals(Ufunc::Power, &[(a, ty(l)), (b, ty(r))]));
                }
                self.complex_ufunc_vals(Ufunc::Power, &[(a, ty(l)), (b, ty(r))])
            }
            ExprKind::Binary(op, l, r) => {
                let (a, b) = (self.element_vals(l, leaves, offsets)?, self.element_vals(r, leaves, offsets)?);
                let fused = self.numpy_complex_binary(*op, &a, &ty(l), &b, &ty(r), d);
                if *op != BinOp::Mul || d != Dtype::C64 {
                    return Ok(fused);
                }
                let backwards = self.steps_backwards(&[l, r], leaves);
                let plain = self.c64_scalar_binary(BinOp::Mul, &a, &ty(l), &b, &ty(r));
                (0..2).map(|k| self.b.ins().select(backwards, plain[k], fused[k])).collect()
            }
            ExprKind::Call(Callee::Numpy(NumpyFn::Ufunc(u)), args, _) => {
                let mut vals = Vec::new();
                for a in args {
                    vals.push((self.element_vals(a, leaves, offsets)?, ty(a)));
                }
                if *u == Ufunc::Where {
                    // Each part chosen by the (real) condition.
                    let c = self.truth(&vals[0].0, &vals[0].1);
                    let (xr, xi) = self.parts_of(&vals[1].0, &vals[1].1, d);
                    let (yr, yi) = self.parts_of(&vals[2].0, &vals[2].1, d);
                    return Ok(vec![self.b.ins().select(c, xr, yr), self.b.ins().select(c, xi, yi)]);
                }
                if d == Dtype::C64 && *u == Ufunc::Square {
                    let backwards = self.steps_backwards(&[&args[0]], leaves);
                    return Ok(self.c64_square_in_loop(&vals[0].0, &vals[0].1, backwards));
                }
                if d == Dtype::C64 {
                    return Ok(self.c64_ufunc_vals(*u, &vals));
                }
                self.complex_ufunc_vals(*u, &vals)
            }
            ExprKind::Unary(UnaryOp::Neg, x) => {
                let v = self.element_vals(x, leaves, offsets)?;
                v.iter().map(|p| self.b.ins().fneg(*p)).collect()
            }
            ExprKind::Unary(UnaryOp::Pos, x) => self.element_vals(x, leaves, offsets)?,
            ExprKind::Call(Callee::Numpy(NumpyFn::Copy | NumpyFn::Astype), args, _) => {
                let v = self.element_vals(&args[0], leaves, offsets)?;
                let (re, im) = self.parts_of(&v, &ty(&args[0]), d);
                vec![re, im]
            }
            _ => unreachable!("the type checker computes nothing else in complex element-wise"),
        })
    }

    /// Whether a 1-d input array among `operands` steps backwards (even over one element): NumPy's
    /// complex64 product and square then take their other loop, which rounds each product, where
    /// its fused loop uses multiply-adds. (The type checker lets n-d products take only C- and
    /// Fortran-ordered arrays; NumPy's iterator turns n-d axes that step backwards around.)
    fn steps_backwards(&mut self, operands: &[&Expr], leaves: &[Leaf]) -> Value {
        let mut backwards = self.iconst(types::I8, 0);
        for x in operands {
            let leaf = leaves.iter().find(|leaf| std::ptr::eq(leaf.expr, *x) && leaf.arange.is_none());
            if let Some(leaf) = leaf.filter(|leaf| matches!(&leaf.expr.ty, Type::Array(a) if a.ndim == 1)) {
                let stride = ArrayVals::from_vals(&leaf.vals).strides[0];
                let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, stride, 0);
                backwards = self.b.ins().bor(backwards, negative);
            }
        }
        backwards
    }

    /// One element of the tree, with the scalar semantics of its element types.
    pub(super) fn element(&mut self, e: &Expr, leaves: &[Leaf], offsets: &[Value]) -> R<Value> {
        if let Some(k) = leaves.iter().position(|l| std::ptr::eq(l.expr, e)) {
            let leaf = &leaves[k];
            if let (Some((first, second, delta)), Type::Array(a)) = (leaf.arange, &e.ty) {
                return Ok(if a.dtype.is_float() {
                    let i = self.convert(offsets[k], &Type::Int, &Type::Scalar(a.dtype));
                    let step = self.b.ins().fmul(i, delta);
                    let general = self.b.ins().fadd(first, step);
                    let is_first = self.b.ins().icmp_imm_s(IntCC::Equal, offsets[k], 0);
                    let is_second = self.b.ins().icmp_imm_s(IntCC::Equal, offsets[k], 1);
                    let v = self.b.ins().select(is_second, second, general);
                    self.b.ins().select(is_first, first, v)
                } else {
                    let step = self.b.ins().imul(offsets[k], delta);
                    let v = self.b.ins().iadd(first, step);
                    self.convert(v, &Type::Scalar(Dtype::I64), &Type::Scalar(a.dtype))
                });
            }
            return Ok(match &e.ty {
                Type::Array(a) => {
                    let addr = self.b.ins().iadd(ArrayVals::from_vals(&leaf.vals).data, offsets[k]);
                    self.b.ins().load(scalar_clif(&Type::Scalar(a.dtype)), MemFlagsData::trusted(), addr, 0)
                }
                _ => leaf.vals[0],
            });
        }
        let ty = |x: &Expr| x.ty.element();
        Ok(match &e.kind {
            ExprKind::Binary(op, l, r) => {
                let (a, b) = (self.element(l, leaves, offsets)?, self.element(r, leaves, offsets)?);
                let plan = e.binary_plan();
                match (op, &l.ty, &r.ty, &plan.operands) {
                    // An array to one scalar power: NumPy's fast cases (see `scalar_exponent_power`).
                    (BinOp::Pow, Type::Array(_), rt, Type::Scalar(d)) if !matches!(rt, Type::Array(_)) && d.is_float() => {
                        let (x, y) = (self.convert(a, &ty(l), &plan.operands), self.convert(b, &ty(r), &plan.operands));
                        self.scalar_exponent_power(x, y, r, *d, e.span)
                    }
                    _ => self.binary(*op, a, &ty(l), b, &ty(r), plan, e.span)?.0,
                }
            }
            ExprKind::Unary(op, x) => {
                let v = self.element(x, leaves, offsets)?;
                self.unary(*op, vec![v], &ty(x), e.span)
            }
            ExprKind::Compare(l, rest) if matches!(e.compare_plan()[0], Type::Complex | Type::Scalar(Dtype::C64 | Dtype::C128)) => {
                let (op, r) = (&rest[0].0, &rest[0].1);
                let (a, b) = (self.element_vals(l, leaves, offsets)?, self.element_vals(r, leaves, offsets)?);
                self.numpy_complex_equal(*op, &a, &ty(l), &b, &ty(r), e.compare_plan()[0].value_dtype())
            }
            ExprKind::Compare(l, rest) => {
                let (op, r) = (&rest[0].0, &rest[0].1);
                let (a, b) = (self.element(l, leaves, offsets)?, self.element(r, leaves, offsets)?);
                self.compare_values(*op, a, &ty(l), b, &ty(r), &e.compare_plan()[0])
            }
            ExprKind::Call(Callee::Numpy(NumpyFn::Copy), args, _) => self.element(&args[0], leaves, offsets)?,
            ExprKind::Call(Callee::Numpy(NumpyFn::Astype), args, _) => {
                let v = self.element(&args[0], leaves, offsets)?;
                self.convert(v, &ty(&args[0]), &ty(e))
            }
            ExprKind::Call(Callee::Numpy(NumpyFn::Ufunc(Ufunc::Isclose)), args, _) if args[..2].iter().any(|a| ty(a).is_c128()) => {
                let (x, y) = (self.element_vals(&args[0], leaves, offsets)?, self.element_vals(&args[1], leaves, offsets)?);
                let mut rest = Vec::new();
                for a in &args[2..] {
                    rest.push((self.element(a, leaves, offsets)?, ty(a)));
                }
                self.complex_isclose((&x, &ty(&args[0])), (&y, &ty(&args[1])), &rest, None)
            }
            ExprKind::Call(Callee::Numpy(NumpyFn::Ufunc(u)), args, _) if args.iter().any(|a| matches!(ty(a), Type::Complex | Type::Scalar(Dtype::C64 | Dtype::C128))) => {
                let mut vals = Vec::new();
                for a in args {
                    vals.push((self.element_vals(a, leaves, offsets)?, ty(a)));
                }
                self.complex_predicate(*u, &vals)
            }
            ExprKind::Call(Callee::Numpy(NumpyFn::Ufunc(u)), args, _) => {
                let mut vals = Vec::new();
                for a in args {
                    vals.push((self.element(a, leaves, offsets)?, ty(a)));
                }
                let exponent = (matches!(u, Ufunc::Power | Ufunc::Round) && !matches!(args[1].ty, Type::Array(_))).then(|| &args[1]);
                self.ufunc_value(*u, &vals, &ty(e), e.ufunc_plan().1, exponent, e.span)?
            }
            _ => unreachable!("leaves are handled above"),
        })
    }
}

/// Whether evaluating `e` calls a jitted function, which may write any array it can reach.
fn calls_jitted(e: &Expr) -> bool {
    if matches!(e.kind, ExprKind::Call(Callee::Spec(..), ..)) {
        return true;
    }
    let mut found = false;
    e.for_each_child(|c| found = found || calls_jitted(c));
    found
}

/// How many leaves `evaluate_leaves` makes of `e`.
fn leaf_count(e: &Expr) -> usize {
    if e.is_elementwise() {
        operands(e).iter().map(|x| leaf_count(x)).sum()
    } else {
        1
    }
}
