//! The ufuncs of two outputs (`np.frexp`, `np.modf`, `np.divmod`): on scalars a pair of values; on
//! arrays one loop nest over the broadcast shape that writes both new arrays, each operand
//! evaluated once.

use super::fused::Leaf;
use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    pub(super) fn two_outputs(&mut self, f: NumpyFn, args: &[Expr], ty: &Type, plan: &Plan, span: Span) -> R<Vals> {
        let Type::Tuple(outs) = ty else { unreachable!("the type checker types a pair") };
        let (t0, t1) = (outs[0].element(), outs[1].element());
        let mut leaves = Vec::new();
        for a in args {
            let vals = self.expr(a)?;
            leaves.push(Leaf::new(a, vals));
        }
        // Numbers and 0-d arrays give two NumPy scalars.
        if !matches!(outs[0], Type::Array(_)) {
            let offsets: Vec<Value> = leaves.iter().map(|_| self.iconst(types::I64, 0)).collect();
            let mut vals = Vec::new();
            for a in args {
                vals.push((self.element(a, &leaves, &offsets)?, a.ty.element()));
            }
            let (x, y) = self.pair_value(f, &vals, &t0, &t1, plan, span)?;
            return Ok(vec![x, y]);
        }
        let shape = match &leaves[..] {
            [x] => x.shape().to_vec(),
            [x, y] => {
                let (a, b) = (x.shape().to_vec(), y.shape().to_vec());
                self.broadcast_pair(&a, &b, span)
            }
            _ => unreachable!("one or two operands"),
        };
        self.align_strides(&mut leaves, shape.len());
        let (d0, d1) = (t0.value_dtype(), t1.value_dtype());
        let (data0, owner0, _) = self.allocate(&shape, d0, false, span);
        let (data1, owner1, _) = self.allocate(&shape, d1, false, span);
        let cursors = [self.temp_var(types::I64), self.temp_var(types::I64)];
        self.b.def_var(cursors[0], data0);
        self.b.def_var(cursors[1], data1);
        let sizes = [d0.itemsize() as i64, d1.itemsize() as i64];
        let offsets = leaves.iter().map(|_| self.iconst(types::I64, 0)).collect();
        let pair = PairNest { f, args, leaves: &leaves, shape: &shape, types: [&t0, &t1], cursors, sizes, plan, span };
        self.pair_nest(&pair, 0, offsets)?;
        let mut out = self.contiguous_vals(data0, owner0, shape.clone(), sizes[0]);
        out.extend(self.contiguous_vals(data1, owner1, shape, sizes[1]));
        Ok(out)
    }

    /// Loops over axis `level`; the innermost level computes both results of one element and
    /// stores each at its cursor (both results are C-ordered).
    fn pair_nest(&mut self, p: &PairNest, level: usize, offsets: Vec<Value>) -> R<()> {
        if level == p.shape.len() {
            let mut vals = Vec::new();
            for a in p.args {
                vals.push((self.element(a, p.leaves, &offsets)?, a.ty.element()));
            }
            let (x, y) = self.pair_value(p.f, &vals, p.types[0], p.types[1], p.plan, p.span)?;
            for (k, v) in [x, y].into_iter().enumerate() {
                let at = self.b.use_var(p.cursors[k]);
                self.b.ins().store(MemFlagsData::trusted(), v, at, 0);
                let next = self.b.ins().iadd_imm_s(at, p.sizes[k]);
                self.b.def_var(p.cursors[k], next);
            }
            return Ok(());
        }
        self.counted_loop(p.shape[level], |cx, i| {
            let inner = p
                .leaves
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
            cx.pair_nest(p, level + 1, inner)
        })
    }

    /// Both results for one element, NumPy's: `frexp` (C's, the exponent as int32), `modf`
    /// (fraction and integral part, both with x's sign), `divmod` (`floor_divide`, `remainder`).
    fn pair_value(&mut self, f: NumpyFn, vals: &[(Value, Type)], t0: &Type, t1: &Type, plan: &Plan, span: Span) -> R<(Value, Value)> {
        let (x, tx) = vals[0].clone();
        Ok(match f {
            NumpyFn::Frexp => {
                let wide = self.f64_value(x, &tx);
                let (m, e) = self.frexp_parts(wide);
                let e = self.b.ins().ireduce(types::I32, e);
                (self.convert(m, &Type::Float, t0), e)
            }
            NumpyFn::Modf => {
                let v = self.convert(x, &tx, t0);
                self.modf_parts(v, t0.value_dtype() == Dtype::F32)
            }
            _ => {
                let Plan::Ufunc(_, op) = plan else { unreachable!("the verifier checks divmod's plan") };
                let q = self.ufunc_value(Ufunc::FloorDivide, vals, t0, op.as_ref(), None, span)?;
                let r = self.ufunc_value(Ufunc::Remainder, vals, t1, op.as_ref(), None, span)?;
                (q, r)
            }
        })
    }
}

/// What every level of a two-output loop nest reads.
struct PairNest<'p, 'e> {
    f: NumpyFn,
    args: &'p [Expr],
    leaves: &'p [Leaf<'e>],
    shape: &'p [Value],
    types: [&'p Type; 2],
    cursors: [Variable; 2],
    sizes: [i64; 2],
    plan: &'p Plan,
    span: Span,
}
