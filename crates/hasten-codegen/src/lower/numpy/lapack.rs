//! `np.linalg.*`: one call of the runtime's `hasten_rt_linalg`, which checks, computes through
//! LAPACK and allocates the results. The operands travel as 7 words each (data, dtype code,
//! ndim, the last two axes' lengths and strides), then the flag of a float32 result, four
//! parameters, and the stack axes before those (their number, then per operand their lengths
//! and strides; the runtime writes back their broadcast lengths); each item of the result comes
//! back as three words (a block handle and the member's two dimensions, or a scalar).

use super::sort::dtype_code;
use super::*;
use hasten_ir::linalg::{NormOrd, NormPlan, QrMode};
use hasten_runtime::linalg as rt;

/// The runtime's code and constant parameters of `f`.
fn op_of(f: LinalgFn) -> (rt::Op, Vec<i64>) {
    let ord = |o: NormOrd| match o {
        NormOrd::Default => vec![rt::NormOrd::Default as i64, 0],
        NormOrd::Number(bits) => vec![rt::NormOrd::Number as i64, bits as i64],
        NormOrd::Fro => vec![rt::NormOrd::Fro as i64, 0],
        NormOrd::Nuc => vec![rt::NormOrd::Nuc as i64, 0],
    };
    match f {
        LinalgFn::Solve => (rt::Op::Solve, vec![]),
        LinalgFn::Inv => (rt::Op::Inv, vec![]),
        LinalgFn::Det => (rt::Op::Det, vec![]),
        LinalgFn::Slogdet => (rt::Op::Slogdet, vec![]),
        LinalgFn::Cholesky { upper } => (rt::Op::Cholesky, vec![upper as i64]),
        LinalgFn::Eigh { upper, vectors } => (rt::Op::Eigh, vec![upper as i64, vectors as i64]),
        LinalgFn::Eig { vectors } => (rt::Op::Eig, vec![vectors as i64]),
        LinalgFn::Svd { full_matrices, compute_uv, hermitian } => (rt::Op::Svd, vec![full_matrices as i64, compute_uv as i64, hermitian as i64]),
        LinalgFn::Lstsq => (rt::Op::Lstsq, vec![]),
        LinalgFn::Qr(mode) => {
            let m = match mode {
                QrMode::Reduced => rt::QrMode::Reduced,
                QrMode::Complete => rt::QrMode::Complete,
                QrMode::R => rt::QrMode::R,
            };
            (rt::Op::Qr, vec![m as i64])
        }
        LinalgFn::Pinv { hermitian } => (rt::Op::Pinv, vec![hermitian as i64]),
        LinalgFn::MatrixRank { hermitian } => (rt::Op::MatrixRank, vec![hermitian as i64]),
        LinalgFn::MatrixPower => (rt::Op::MatrixPower, vec![]),
        LinalgFn::Cond(o) => (rt::Op::Cond, ord(o)),
        LinalgFn::Norm(n) => {
            let (kind, axis) = match n.plan {
                NormPlan::Flat => (rt::NormKind::Flat, 0),
                // 1 for `axis=None`, where NumPy takes the flattened 2-norm's `dot`; 2 for a
                // line of a stack (summed in order: its axis is not known to be the inner one).
                NormPlan::Vector => (rt::NormKind::Vector, matches!(n.axis, hasten_ir::linalg::NormAxis::None) as i64),
                NormPlan::Lines(a) => (rt::NormKind::Lines, a as i64),
                NormPlan::Matrix { transposed } => (rt::NormKind::Matrix, transposed as i64),
                NormPlan::StackedMatrix(..) => (rt::NormKind::Matrix, 0),
                NormPlan::StackedVector(_) => (rt::NormKind::Vector, 2),
                NormPlan::Undecided => unreachable!("the verifier checks that norms are planned"),
            };
            let mut p = vec![kind as i64];
            p.extend(ord(n.ord));
            p.push(axis);
            (rt::Op::Norm, p)
        }
    }
}

/// The order in which a norm's operand is seen: for stacked norms its other axes, then those it
/// reduces; else as it is.
fn norm_order(plan: NormPlan, ndim: u8) -> Vec<usize> {
    if !matches!(plan, NormPlan::StackedMatrix(..) | NormPlan::StackedVector(_)) {
        return (0..ndim as usize).collect();
    }
    let reduced = plan.reduced(ndim);
    let others = (0..ndim).filter(|d| !reduced.contains(d));
    others.chain(reduced.iter().copied()).map(usize::from).collect()
}

impl<'a, 'f> Lower<'a, 'f> {
    /// Writes the 7 words of an array operand at `words + 8 * slot`: its last `core` axes (one or
    /// two) as the matrix, `ndim` as the runtime's checks see it.
    fn operand_words(&mut self, a: &ArrayVals, dtype: Dtype, (core, ndim): (usize, i64), words: Value, slot: usize) {
        let zero = self.iconst(types::I64, 0);
        let n = a.shape.len();
        let (d0, s0) = (a.shape[n - core], a.strides[n - core]);
        let (d1, s1) = if core == 2 { (a.shape[n - 1], a.strides[n - 1]) } else { (zero, zero) };
        let code = self.iconst(types::I64, dtype_code(dtype));
        let ndim = self.iconst(types::I64, ndim);
        for (k, v) in [a.data, code, ndim, d0, d1, s0, s1].into_iter().enumerate() {
            self.b.ins().store(MemFlagsData::trusted(), v, words, (8 * (slot + k)) as i32);
        }
    }

    pub(in crate::lower) fn linalg_call(&mut self, f: LinalgFn, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let ndims: Vec<u8> = args[..f.arrays()].iter().map(|a| if let Type::Array(at) = &a.ty { at.ndim } else { 0 }).collect();
        let rank = f.stack_rank(&ndims) as usize;
        let norm = match f {
            LinalgFn::Norm(n) => Some(n),
            _ => None,
        };
        let keepdims = norm.is_some_and(|n| n.keepdims);
        // A norm with `keepdims` always runs as a stack (of one member when it has none), so that
        // each item comes back as an array.
        let words_rank = if keepdims { rank.max(1) } else { rank };
        let words = self.stack_slot(8 * (20 + 5 * words_rank) as u32);
        let (zero, one) = (self.iconst(types::I64, 0), self.iconst(types::I64, 1));
        let mut whole = Vec::new();
        for (k, arg) in args.iter().take(f.arrays()).enumerate() {
            let Type::Array(mut at) = arg.ty else { unreachable!("the verifier checks the operands") };
            // NumPy's flattened norm of any other rank is the vector norm of `ravel(a)`.
            let a = if norm.is_some_and(|n| n.plan == NormPlan::Flat) && !matches!(at.ndim, 1 | 2) {
                at.ndim = 1;
                ArrayVals::from_vals(&self.contiguous(NumpyFn::Ravel, std::slice::from_ref(arg), span)?)
            } else {
                self.array_operand(arg)?
            };
            whole.push(a.shape.clone());
            let (a, core, ndim) = match norm {
                Some(n) => {
                    let order = norm_order(n.plan, at.ndim);
                    let a = ArrayVals { shape: order.iter().map(|&d| a.shape[d]).collect(), strides: order.iter().map(|&d| a.strides[d]).collect(), ..a };
                    let core = if matches!(n.plan, NormPlan::StackedVector(_)) || at.ndim == 1 { 1 } else { 2 };
                    (a, core, core as i64)
                }
                None => (a, if at.ndim >= 2 { 2 } else { 1 }, at.ndim as i64),
            };
            self.operand_words(&a, at.dtype, (core, ndim), words, 7 * k);
            let own = a.shape.len() - core;
            for i in 0..words_rank {
                let axis = (i + own).checked_sub(words_rank);
                let (len, stride) = axis.map_or((one, zero), |j| (a.shape[j], a.strides[j]));
                let at = 20 + 2 * words_rank * k + i;
                self.b.ins().store(MemFlagsData::trusted(), len, words, (8 * at) as i32);
                self.b.ins().store(MemFlagsData::trusted(), stride, words, (8 * (at + words_rank)) as i32);
            }
        }
        let rank_word = self.iconst(types::I64, words_rank as i64);
        self.b.ins().store(MemFlagsData::trusted(), rank_word, words, 8 * 19);
        let (mut op, consts) = op_of(f);
        if f == LinalgFn::MatrixPower && ty_dtype(ty).is_some_and(|d| !d.is_float()) {
            op = rt::Op::IntMatrixPower;
        }
        let mut params: Vec<Value> = consts.into_iter().map(|c| self.iconst(types::I64, c)).collect();
        for arg in &args[f.arrays()..] {
            let v = self.expr(arg)?;
            params.push(match &arg.ty {
                // `rcond=None`/`tol=None`: NaN, which the runtime reads as NumPy's default.
                Type::None => self.iconst(types::I64, f64::NAN.to_bits() as i64),
                t if f == LinalgFn::MatrixPower => self.i64_value(v[0], &t.clone()),
                t => {
                    let x = self.f64_value(v[0], &t.clone());
                    self.b.ins().bitcast(types::I64, MemFlagsData::new(), x)
                }
            });
        }
        let single = self.iconst(types::I64, (ty_dtype(ty) == Some(Dtype::F32)) as i64);
        self.b.ins().store(MemFlagsData::trusted(), single, words, 8 * 14);
        for (k, p) in params.into_iter().enumerate() {
            self.b.ins().store(MemFlagsData::trusted(), p, words, (8 * (15 + k)) as i32);
        }
        let outs = self.stack_slot(8 * 3 * 4);
        let code = self.iconst(types::I64, op as i64);
        let (lp, ll) = self.location(span);
        let entry = self.helper(Helper::Linalg);
        let status = self.call(entry, &[code, words, outs, lp, ll])[0];
        self.check_status(status);
        // The result's leading axes: the broadcast stack, or with `keepdims` every axis of the
        // operand, those reduced as 1.
        let lead: Vec<Value> = match norm {
            Some(n) if keepdims => {
                let reduced = n.plan.reduced(ndims[0]);
                (0..ndims[0]).map(|d| if reduced.contains(&d) { one } else { whole[0][d as usize] }).collect()
            }
            _ => (0..rank).map(|i| self.b.ins().load(types::I64, MemFlagsData::trusted(), words, (8 * (20 + 4 * rank + i)) as i32)).collect(),
        };
        let items = match ty {
            Type::Tuple(items) => items.to_vec(),
            t => vec![t.clone()],
        };
        let mut vals = Vec::new();
        for (k, item) in items.iter().enumerate() {
            vals.extend(self.linalg_result(item, outs, 24 * k as i32, &lead));
        }
        Ok(vals)
    }

    /// One item of the result from its three words: a fresh array taken over as a temporary (its
    /// axes: `lead`, then the member's), or a scalar.
    fn linalg_result(&mut self, ty: &Type, outs: Value, at: i32, lead: &[Value]) -> Vals {
        let load = |cx: &mut Self, t, off: i32| cx.b.ins().load(t, MemFlagsData::trusted(), outs, at + off);
        match ty {
            Type::Array(a) => {
                let handle = load(self, types::I64, 0);
                let data = self.b.ins().load(types::I64, MemFlagsData::trusted(), handle, 0);
                let owner = self.b.ins().bor_imm_u(handle, 1);
                self.temps.push(owner);
                self.fresh.insert(owner);
                let mut dims = lead.to_vec();
                for d in 0..(a.ndim as usize).saturating_sub(lead.len()) {
                    dims.push(load(self, types::I64, 8 + 8 * d as i32));
                }
                self.contiguous_vals(data, owner, dims, a.dtype.itemsize() as i64)
            }
            Type::Scalar(Dtype::F32) => {
                let x = load(self, types::F64, 0);
                vec![self.b.ins().fdemote(types::F32, x)]
            }
            Type::Scalar(Dtype::F64) => vec![load(self, types::F64, 0)],
            Type::Scalar(Dtype::I32) => {
                let x = load(self, types::I64, 0);
                vec![self.b.ins().ireduce(types::I32, x)]
            }
            _ => vec![load(self, types::I64, 0)],
        }
    }
}

/// The dtype of a result's arrays or scalars (all items share it, but `lstsq`'s int32 rank).
fn ty_dtype(ty: &Type) -> Option<Dtype> {
    match ty {
        Type::Array(a) => Some(a.dtype),
        Type::Scalar(d) => Some(*d),
        Type::Tuple(items) => items.first().and_then(ty_dtype),
        _ => None,
    }
}
