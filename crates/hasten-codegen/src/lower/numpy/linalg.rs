//! Products: `np.dot`, `np.inner`, `np.matmul` and `@` of arrays of any rank, as one loop nest
//! over the result's axes with each operand's stride along them (0 where an operand does not move,
//! or is broadcast), and a sum over the shared axis. Float64 and float32 products of vectors and
//! matrices, each core of a stacked `matmul` and each element of a stacked `np.dot`/`np.inner`
//! go through NumPy's own BLAS as NumPy sends them (`hasten_runtime::linalg`).

use super::*;

/// How a product walks its operands.
struct Walk {
    shape: Vec<Value>,
    a_str: Vec<Value>,
    b_str: Vec<Value>,
    /// The length of the summed axis and each operand's stride along it.
    k: Value,
    a_inner: Value,
    b_inner: Value,
    /// A stacked `matmul` of float64 or float32 operands: each core (the matrix, or vector, of
    /// the last result axes) goes to the runtime's matrix product, NumPy's matmul loop.
    core_matmat: Option<CoreMatmat>,
    /// `np.dot`/`np.inner` of float64 or float32 arrays of more than two dimensions: NumPy takes
    /// each element's sum from its `dot` function (`DOUBLE_dot`), with these flags.
    element_dot: Option<i64>,
}

/// How a stacked `matmul` hands its cores to the runtime: a 1-D operand is a matrix of one
/// column (`b`) or one row (`a`) with stride 0 across it, as the gufunc loop sees it.
#[derive(Clone, Copy)]
struct CoreMatmat {
    flags: i64,
    a_vector: bool,
    b_vector: bool,
}

impl CoreMatmat {
    /// The result axes one core covers.
    fn axes(self) -> usize {
        2 - self.a_vector as usize - self.b_vector as usize
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// `np.dot`/`np.inner`/`np.matmul`/`@`: each result element is a sum of products over the
    /// shared axis, in order, in the promoted dtype (booleans: `or` of `and`s).
    pub(in crate::lower) fn dot(&mut self, f: NumpyFn, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let (a, mut b) = (ArrayVals::from_vals(&self.expr(&args[0])?), ArrayVals::from_vals(&self.expr(&args[1])?));
        let (Type::Array(at), Type::Array(bt)) = (&args[0].ty, &args[1].ty) else { unreachable!("type checker allows arrays only") };
        let (na, nb) = (at.ndim as usize, bt.ndim as usize);
        if f == NumpyFn::Inner && nb >= 2 {
            b.shape.swap(nb - 1, nb - 2);
            b.strides.swap(nb - 1, nb - 2);
        }
        let kb = if nb == 1 { 0 } else { nb - 2 };
        let mut bad = self.b.ins().icmp(IntCC::NotEqual, a.shape[na - 1], b.shape[kb]);
        let mut walk = if f == NumpyFn::Matmul {
            self.matmul_walk(&a, &b, &mut bad)
        } else {
            self.dot_walk(&a, &b)
        };
        let dims: Vals = a.shape.iter().chain(&b.shape).copied().collect();
        self.fail_if_with(bad, |cx| {
            let buf = cx.stack_slot(8 * dims.len() as u32);
            for (k, d) in dims.iter().enumerate() {
                cx.b.ins().store(MemFlagsData::trusted(), *d, buf, (8 * k) as i32);
            }
            let (x, y) = (cx.iconst(types::I64, na as i64), cx.iconst(types::I64, nb as i64));
            let (lp, ll) = cx.location(span);
            let raise = cx.helper(if f == NumpyFn::Matmul { Helper::RaiseMatmul } else { Helper::RaiseNotAligned });
            cx.call(raise, &[buf, x, y, lp, ll]);
            cx.leave_to_error_exit();
        });
        let d = ty.element().value_dtype();
        let blas_dtype = at.dtype == bt.dtype && matches!(d, Dtype::F64 | Dtype::F32);
        if walk.shape.is_empty() && blas_dtype {
            return Ok(vec![self.vector_dot(f, &a, &b, d)]);
        }
        if blas_dtype && na <= 2 && nb <= 2 {
            return Ok(self.blas_product(f, (&a, &b), d, walk.shape, span));
        }
        if blas_dtype && f == NumpyFn::Matmul {
            walk.core_matmat = Some(CoreMatmat { flags: blas_flags(f, d), a_vector: na == 1, b_vector: nb == 1 });
        } else if blas_dtype {
            walk.element_dot = Some(blas_flags(NumpyFn::Matmul, d));
        }
        // A scalar result (1-D · 1-D) is summed into a stack slot: no heap block per call.
        let (data, owner) = if walk.shape.is_empty() {
            (self.stack_slot(d.itemsize().max(8) as u32), None)
        } else {
            let (data, owner, _) = self.allocate(&walk.shape, d, false, span);
            (data, Some(owner))
        };
        let cursor = self.temp_var(types::I64);
        self.b.def_var(cursor, data);
        self.product_nest(&walk, 0, a.data, b.data, (at.dtype, bt.dtype, d), cursor)?;
        match owner {
            None => Ok(self.load_item(data, d)),
            Some(owner) => Ok(self.contiguous_vals(data, owner, walk.shape, d.itemsize() as i64)),
        }
    }

    /// A float64 or float32 vector times a vector, as NumPy computes it (through its own BLAS,
    /// `hasten_runtime::linalg::dot`): `np.matmul` (and `np.vdot`, made one) as `DOUBLE_dot`,
    /// `np.dot`/`np.inner` with `cblas_matrixproduct`'s copies and scalar cases first.
    fn vector_dot(&mut self, f: NumpyFn, a: &ArrayVals, b: &ArrayVals, d: Dtype) -> Value {
        let flags = self.iconst(types::I64, blas_flags(f, d));
        let h = self.helper(Helper::VectorDot);
        let r = self.call(h, &[flags, a.shape[0], a.data, a.strides[0], b.data, b.strides[0]])[0];
        if d == Dtype::F32 {
            self.b.ins().fdemote(types::F32, r)
        } else {
            r
        }
    }

    /// A float64 or float32 product with a matrix, as NumPy computes it, into a new C-ordered
    /// result: a matrix times a vector on either side through its own `gemv` where it calls it
    /// (`hasten_runtime::linalg::gemv`; flag 4: the vector first), a matrix times a matrix through
    /// its `gemm`/`syrk` (`matmat`).
    fn blas_product(&mut self, f: NumpyFn, (a, b): (&ArrayVals, &ArrayVals), d: Dtype, shape: Vals, span: Span) -> Vals {
        let (data, owner, _) = self.allocate(&shape, d, false, span);
        let left = a.shape.len() == 1;
        let flags = self.iconst(types::I64, blas_flags(f, d) | ((left as i64) << 2));
        let (helper, words) = match (a.shape.len(), b.shape.len()) {
            (2, 2) => (Helper::Matmat, vec![flags, a.shape[0], a.shape[1], b.shape[1], a.data, a.strides[0], a.strides[1], b.data, b.strides[0], b.strides[1], data]),
            _ => {
                let (mat, vec) = if left { (b, a) } else { (a, b) };
                (Helper::Gemv, vec![flags, mat.shape[0], mat.shape[1], mat.data, mat.strides[0], mat.strides[1], vec.data, vec.strides[0], data])
            }
        };
        let buf = self.stack_slot(8 * words.len() as u32);
        for (k, w) in words.into_iter().enumerate() {
            self.b.ins().store(MemFlagsData::trusted(), w, buf, (8 * k) as i32);
        }
        let h = self.helper(helper);
        self.call(h, &[buf]);
        self.contiguous_vals(data, owner, shape, d.itemsize() as i64)
    }

    /// `np.dot`: the axes of `a` but its last, then those of `b` but the one summed over.
    fn dot_walk(&mut self, a: &ArrayVals, b: &ArrayVals) -> Walk {
        let (na, nb) = (a.shape.len(), b.shape.len());
        let zero = self.iconst(types::I64, 0);
        let kb = if nb == 1 { 0 } else { nb - 2 };
        let b_axes: Vec<usize> = (0..nb).filter(|&d| d != kb).collect();
        let mut shape: Vec<Value> = a.shape[..na - 1].to_vec();
        shape.extend(b_axes.iter().map(|&d| b.shape[d]));
        let mut a_str: Vec<Value> = a.strides[..na - 1].to_vec();
        a_str.extend(b_axes.iter().map(|_| zero));
        let mut b_str = vec![zero; na - 1];
        b_str.extend(b_axes.iter().map(|&d| b.strides[d]));
        Walk { shape, a_str, b_str, k: a.shape[na - 1], a_inner: a.strides[na - 1], b_inner: b.strides[kb], core_matmat: None, element_dot: None }
    }

    /// `np.matmul`: the stack axes broadcast (right-aligned; a length-1 axis is walked with stride
    /// 0; lengths that differ otherwise set `bad`), then the rows of a 2-D `a`, the columns of a
    /// 2-D `b`.
    fn matmul_walk(&mut self, a: &ArrayVals, b: &ArrayVals, bad: &mut Value) -> Walk {
        let (na, nb) = (a.shape.len(), b.shape.len());
        let zero = self.iconst(types::I64, 0);
        let (sa, sb) = (na.saturating_sub(2), nb.saturating_sub(2));
        let stack = sa.max(sb);
        let (mut shape, mut a_str, mut b_str) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..stack {
            let ax = (i + sa).checked_sub(stack);
            let bx = (i + sb).checked_sub(stack);
            match (ax, bx) {
                (Some(x), Some(y)) => {
                    let (da, db) = (a.shape[x], b.shape[y]);
                    let (a_one, b_one) = (self.b.ins().icmp_imm_s(IntCC::Equal, da, 1), self.b.ins().icmp_imm_s(IntCC::Equal, db, 1));
                    let differ = self.b.ins().icmp(IntCC::NotEqual, da, db);
                    let (a_long, b_long) = (self.b.ins().icmp_imm_s(IntCC::NotEqual, da, 1), self.b.ins().icmp_imm_s(IntCC::NotEqual, db, 1));
                    let both_long = self.b.ins().band(a_long, b_long);
                    let clash = self.b.ins().band(differ, both_long);
                    *bad = self.b.ins().bor(*bad, clash);
                    shape.push(self.b.ins().select(a_one, db, da));
                    a_str.push(self.b.ins().select(a_one, zero, a.strides[x]));
                    b_str.push(self.b.ins().select(b_one, zero, b.strides[y]));
                }
                (Some(x), None) => {
                    shape.push(a.shape[x]);
                    a_str.push(a.strides[x]);
                    b_str.push(zero);
                }
                (None, Some(y)) => {
                    shape.push(b.shape[y]);
                    a_str.push(zero);
                    b_str.push(b.strides[y]);
                }
                (None, None) => unreachable!("one operand has the longest stack"),
            }
        }
        if na >= 2 {
            shape.push(a.shape[na - 2]);
            a_str.push(a.strides[na - 2]);
            b_str.push(zero);
        }
        if nb >= 2 {
            shape.push(b.shape[nb - 1]);
            a_str.push(zero);
            b_str.push(b.strides[nb - 1]);
        }
        let kb = if nb == 1 { 0 } else { nb - 2 };
        Walk { shape, a_str, b_str, k: a.shape[na - 1], a_inner: a.strides[na - 1], b_inner: b.strides[kb], core_matmat: None, element_dot: None }
    }

    /// The loops over result axes `depth..`, writing elements at `cursor` in C order.
    fn product_nest(&mut self, w: &Walk, depth: usize, a: Value, b: Value, dts: (Dtype, Dtype, Dtype), cursor: Variable) -> R<()> {
        let rest = w.shape.len() - depth;
        if let Some(core) = w.core_matmat.filter(|c| c.axes() == rest) {
            self.core_matmat(w, depth, (a, b), core, dts.2, cursor);
            return Ok(());
        }
        if rest > 0 {
            return self.counted_loop(w.shape[depth], |cx, i| {
                let (ao, bo) = (cx.b.ins().imul(i, w.a_str[depth]), cx.b.ins().imul(i, w.b_str[depth]));
                let (an, bn) = (cx.b.ins().iadd(a, ao), cx.b.ins().iadd(b, bo));
                cx.product_nest(w, depth + 1, an, bn, dts, cursor)
            });
        }
        self.sum_of_products(w, a, b, dts, cursor)
    }

    /// One core of a stacked `matmul` (the result axes from `depth`) through the runtime's matrix
    /// product, written at `cursor`, which moves past it.
    fn core_matmat(&mut self, w: &Walk, depth: usize, (a, b): (Value, Value), core: CoreMatmat, d: Dtype, cursor: Variable) {
        let (one, zero) = (self.iconst(types::I64, 1), self.iconst(types::I64, 0));
        let (n, a_row) = if core.a_vector { (one, zero) } else { (w.shape[depth], w.a_str[depth]) };
        let (m, b_col) = if core.b_vector { (one, zero) } else { (w.shape[w.shape.len() - 1], w.b_str[w.shape.len() - 1]) };
        let out = self.b.use_var(cursor);
        let flags = self.iconst(types::I64, core.flags);
        let words = [flags, n, w.k, m, a, a_row, w.a_inner, b, w.b_inner, b_col, out];
        let buf = self.stack_slot(8 * words.len() as u32);
        for (k, v) in words.into_iter().enumerate() {
            self.b.ins().store(MemFlagsData::trusted(), v, buf, (8 * k) as i32);
        }
        let h = self.helper(Helper::Matmat);
        self.call(h, &[buf]);
        let size = self.b.ins().imul(n, m);
        let bytes = self.b.ins().imul_imm_s(size, d.itemsize() as i64);
        let next = self.b.ins().iadd(out, bytes);
        self.b.def_var(cursor, next);
    }

    /// One result element: the sum over the shared axis, stored at `cursor`, which moves on.
    fn sum_of_products(&mut self, w: &Walk, a: Value, b: Value, (ad, bd, d): (Dtype, Dtype, Dtype), cursor: Variable) -> R<()> {
        if d.is_complex() {
            return self.complex_sum_of_products(w.k, (a, w.a_inner, ad), (b, w.b_inner, bd), cursor);
        }
        if let Some(flags) = w.element_dot {
            let flags = self.iconst(types::I64, flags);
            let h = self.helper(Helper::VectorDot);
            let r = self.call(h, &[flags, w.k, a, w.a_inner, b, w.b_inner])[0];
            let v = if d == Dtype::F32 { self.b.ins().fdemote(types::F32, r) } else { r };
            let at = self.b.use_var(cursor);
            self.b.ins().store(MemFlagsData::trusted(), v, at, 0);
            let next = self.b.ins().iadd_imm_s(at, d.itemsize() as i64);
            self.b.def_var(cursor, next);
            return Ok(());
        }
        let acc = self.temp_var(scalar_clif(&Type::Scalar(d)));
        let init = self.zero(scalar_clif(&Type::Scalar(d)));
        self.b.def_var(acc, init);
        self.counted_loop(w.k, |cx, i| {
            let (ao, bo) = (cx.b.ins().imul(i, w.a_inner), cx.b.ins().imul(i, w.b_inner));
            let (ap, bp) = (cx.b.ins().iadd(a, ao), cx.b.ins().iadd(b, bo));
            let (x, y) = (cx.load_elem(ap, ad), cx.load_elem(bp, bd));
            let (x, y) = (cx.convert(x, &Type::Scalar(ad), &Type::Scalar(d)), cx.convert(y, &Type::Scalar(bd), &Type::Scalar(d)));
            let cur = cx.b.use_var(acc);
            let next_acc = if d.is_float() {
                let p = cx.b.ins().fmul(x, y);
                cx.b.ins().fadd(cur, p)
            } else if d == Dtype::Bool {
                let p = cx.b.ins().band(x, y);
                cx.b.ins().bor(cur, p)
            } else {
                let p = cx.b.ins().imul(x, y);
                cx.b.ins().iadd(cur, p)
            };
            cx.b.def_var(acc, next_acc);
            Ok(())
        })?;
        let v = self.b.use_var(acc);
        let at = self.b.use_var(cursor);
        self.b.ins().store(MemFlagsData::trusted(), v, at, 0);
        let next = self.b.ins().iadd_imm_s(at, d.itemsize() as i64);
        self.b.def_var(cursor, next);
        Ok(())
    }
}

/// The runtime BLAS entries' flags: `& 1` float32, `& 2` `np.dot`'s rules rather than matmul's.
fn blas_flags(f: NumpyFn, d: Dtype) -> i64 {
    (d == Dtype::F32) as i64 | (((f != NumpyFn::Matmul) as i64) << 1)
}
