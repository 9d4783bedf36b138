//! Element-wise array expressions, fused: a maximal tree of operators whose value is an array is
//! evaluated in one loop nest that writes one new array, with no temporaries. Its leaves (arrays and
//! numbers) are evaluated once, first, in Python's order; shapes broadcast as NumPy's do, checked node
//! by node bottom-up so that an incompatible pair is reported with NumPy's message and operands.

use super::{scalar_clif, Lower, Vals, R};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, InstBuilder, MemFlagsData, Value};
use cranelift_frontend::Variable;
use hasten_ir::hir::*;
use hasten_ir::{Span, Type};
use hasten_typeck::{is_negative_int_const, rules};

/// Whether `e` is an interior node of a fused tree: an operator whose result is an array.
pub(super) fn is_elementwise(e: &Expr) -> bool {
    matches!(e.ty, Type::Array(_))
        && match &e.kind {
            ExprKind::Binary(..) | ExprKind::Unary(..) => true,
            ExprKind::Compare(_, rest) => rest.len() == 1,
            _ => false,
        }
}

/// The operands of a node, in evaluation order.
fn operands(e: &Expr) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::Binary(_, l, r) => vec![l, r],
        ExprKind::Unary(_, x) => vec![x],
        ExprKind::Compare(l, rest) => vec![l, &rest[0].1],
        _ => Vec::new(),
    }
}

/// A leaf of the tree: the expression, its value and, for an array, its strides aligned to the
/// result's axes (0 where it broadcasts). Kept in evaluation order.
struct Leaf<'e> {
    expr: &'e Expr,
    vals: Vals,
    strides: Vec<Value>,
}

fn find<'l, 'e>(leaves: &'l [Leaf<'e>], e: &Expr) -> Option<&'l Leaf<'e>> {
    leaves.iter().find(|l| std::ptr::eq(l.expr, e))
}

impl Lower<'_, '_> {
    pub(super) fn elementwise(&mut self, e: &Expr) -> R<Vals> {
        let Type::Array(out) = e.ty else { unreachable!("only array-valued trees are fused") };
        let mut leaves = Vec::new();
        self.evaluate_leaves(e, &mut leaves)?;
        let shape = self.broadcast_shape(e, &leaves);
        let ndim = shape.len();
        for leaf in leaves.iter_mut() {
            if let Type::Array(a) = &leaf.expr.ty {
                let k = a.ndim as usize;
                let zero = self.iconst(types::I64, 0);
                leaf.strides = (0..ndim)
                    .map(|j| match (j + k).checked_sub(ndim) {
                        None => zero,
                        Some(axis) => {
                            let (dim, stride) = (leaf.vals[2 + axis], leaf.vals[2 + k + axis]);
                            let one = self.b.ins().icmp_imm_s(IntCC::Equal, dim, 1);
                            self.b.ins().select(one, zero, stride)
                        }
                    })
                    .collect();
            }
        }
        let itemsize = out.dtype.itemsize() as i64;
        let (data, owner, _) = self.allocate(&shape, out.dtype, false, e.span);
        let cursor = self.b.declare_var(types::I64);
        self.b.def_var(cursor, data);
        let offsets: Vec<Value> = leaves.iter().map(|_| self.iconst(types::I64, 0)).collect();
        self.nest(e, &leaves, &shape, 0, offsets, cursor, itemsize)?;
        let strides = self.c_strides(&shape, itemsize);
        let mut vals = vec![data, owner];
        vals.extend(shape);
        vals.extend(strides);
        Ok(vals)
    }

    fn evaluate_leaves<'e>(&mut self, e: &'e Expr, leaves: &mut Vec<Leaf<'e>>) -> R<()> {
        if is_elementwise(e) {
            for x in operands(e) {
                self.evaluate_leaves(x, leaves)?;
            }
        } else {
            let vals = self.expr(e)?;
            leaves.push(Leaf { expr: e, vals, strides: Vec::new() });
        }
        Ok(())
    }

    /// The broadcast shape of a node, aligned to the right, raising NumPy's ValueError for a pair of
    /// operands that do not broadcast.
    fn broadcast_shape(&mut self, e: &Expr, leaves: &[Leaf]) -> Vec<Value> {
        if !is_elementwise(e) {
            return match &e.ty {
                Type::Array(a) => find(leaves, e).expect("every leaf was evaluated").vals[2..2 + a.ndim as usize].to_vec(),
                _ => Vec::new(),
            };
        }
        let shapes: Vec<Vec<Value>> = operands(e).into_iter().map(|x| self.broadcast_shape(x, leaves)).collect();
        let [a, b] = match shapes.as_slice() {
            [a] => return a.clone(),
            [a, b] => [a.clone(), b.clone()],
            _ => unreachable!("nodes have one or two operands"),
        };
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
                    self.raise_broadcast_if(bad, &a, &b, e.span);
                    self.b.ins().select(x_one, y, x)
                }
                (Some(x), None) | (None, Some(x)) => x,
                (None, None) => unreachable!("axis belongs to an operand"),
            });
        }
        out
    }

    fn raise_broadcast_if(&mut self, bad: Value, a: &[Value], b: &[Value], span: Span) {
        let (a, b) = (a.to_vec(), b.to_vec());
        self.fail_if_with(bad, |cx| {
            let buf = cx.stack_slot(8 * (a.len() + b.len()) as u32);
            for (k, d) in a.iter().chain(&b).enumerate() {
                cx.b.ins().store(MemFlagsData::trusted(), *d, buf, (8 * k) as i32);
            }
            let (na, nb) = (cx.iconst(types::I64, a.len() as i64), cx.iconst(types::I64, b.len() as i64));
            let (lp, ll) = cx.location(span);
            let f = cx.helper("hasten_rt_raise_broadcast", &[types::I64; 5], &[]);
            cx.call(f, &[buf, na, nb, lp, ll]);
            let exit = cx.error_exit();
            cx.b.ins().jump(exit, &[]);
        });
    }

    /// Loops over axis `level` of the result; the innermost level computes one element and stores it
    /// at `cursor`, which walks the result in C order.
    #[allow(clippy::too_many_arguments)]
    fn nest(
        &mut self,
        e: &Expr,
        leaves: &[Leaf],
        shape: &[Value],
        level: usize,
        offsets: Vec<Value>,
        cursor: Variable,
        itemsize: i64,
    ) -> R<()> {
        if level == shape.len() {
            let v = self.element(e, leaves, &offsets)?;
            let at = self.b.use_var(cursor);
            self.b.ins().store(MemFlagsData::trusted(), v, at, 0);
            let next = self.b.ins().iadd_imm_s(at, itemsize);
            self.b.def_var(cursor, next);
            return Ok(());
        }
        let counter = self.b.declare_var(types::I64);
        let zero = self.iconst(types::I64, 0);
        self.b.def_var(counter, zero);
        let (header, body, exit) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.ins().jump(header, &[]);
        self.b.switch_to_block(header);
        let i = self.b.use_var(counter);
        let done = self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, i, shape[level]);
        self.b.ins().brif(done, exit, &[], body, &[]);
        self.b.switch_to_block(body);
        let inner: Vec<Value> = leaves
            .iter()
            .zip(&offsets)
            .map(|(leaf, off)| match leaf.strides.get(level) {
                Some(stride) => {
                    let step = self.b.ins().imul(i, *stride);
                    self.b.ins().iadd(*off, step)
                }
                None => *off,
            })
            .collect();
        self.nest(e, leaves, shape, level + 1, inner, cursor, itemsize)?;
        let next = self.b.ins().iadd_imm_s(i, 1);
        self.b.def_var(counter, next);
        self.b.ins().jump(header, &[]);
        self.b.switch_to_block(exit);
        Ok(())
    }

    /// One element of the tree, with the scalar semantics of its element types.
    fn element(&mut self, e: &Expr, leaves: &[Leaf], offsets: &[Value]) -> R<Value> {
        if let Some(k) = leaves.iter().position(|l| std::ptr::eq(l.expr, e)) {
            let leaf = &leaves[k];
            return Ok(match &e.ty {
                Type::Array(a) => {
                    let addr = self.b.ins().iadd(leaf.vals[0], offsets[k]);
                    self.b.ins().load(scalar_clif(&Type::Scalar(a.dtype)), MemFlagsData::trusted(), addr, 0)
                }
                _ => leaf.vals[0],
            });
        }
        let ty = |x: &Expr| rules::element(&x.ty);
        Ok(match &e.kind {
            ExprKind::Binary(op, l, r) => {
                let (a, b) = (self.element(l, leaves, offsets)?, self.element(r, leaves, offsets)?);
                let negative = *op == BinOp::Pow && is_negative_int_const(r);
                self.binary(*op, a, &ty(l), b, &ty(r), negative, e.span)?.0
            }
            ExprKind::Unary(op, x) => {
                let v = self.element(x, leaves, offsets)?;
                self.unary(*op, vec![v], &ty(x), e.span)
            }
            ExprKind::Compare(l, rest) => {
                let (op, r) = (&rest[0].0, &rest[0].1);
                let (a, b) = (self.element(l, leaves, offsets)?, self.element(r, leaves, offsets)?);
                self.compare_values(*op, a, &ty(l), b, &ty(r))
            }
            _ => unreachable!("leaves are handled above"),
        })
    }
}
