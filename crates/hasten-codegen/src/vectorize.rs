//! Which innermost `range` loops `Lower::vector_loop` runs `LANES` iterations at a time in f64x2
//! registers, and what each iteration reads and writes.
//!
//! A loop qualifies when its step is 1 and every statement of its body stores into one float64
//! element, `a[i0, .., v + c] = value` or `a[i0, .., v + c] op= value`, where `v` is the loop
//! variable, `c` a constant and the leading indices do not change in the loop. The values are `+ - * /`
//! and negation of float64 elements indexed the same way and of loop-invariant scalars. Lanes then
//! compute exactly what the iterations would (IEEE arithmetic per lane, no reassociation), so the
//! results are bit-identical; what can differ is only the order of memory accesses, which
//! `Lower::vector_loop` tests at run time (see `Access`), falling back to the scalar loop.
//! With `fastmath=True` a statement may also be `s += value` (or `-=`) for a float local `s`: each
//! lane then sums its own iterations, which reassociates the additions (the only change of result
//! fastmath brings; products are never fused).

use hasten_ir::hir::*;
use hasten_ir::{Dtype, Span, Type};
use hasten_typeck::rules;
use std::collections::HashMap;

/// Iterations per vector iteration: an f64x2 register.
pub(crate) const LANES: i64 = 2;

/// Offsets `c` in `v + c` stay small so that the bound tests on `start + c` cannot overflow.
const MAX_OFFSET: i64 = 1 << 20;

/// One element access of an iteration: `base[lead.., v + offset]`.
pub(crate) struct Access<'e> {
    pub base: &'e Expr,
    pub lead: &'e [Expr],
    pub offset: i64,
    pub store: bool,
}

/// A statement of the body.
pub(crate) enum Step<'e> {
    /// `element = value`, the element an index into `Plan::accesses`; for `element op= value`, the
    /// operator and the access that reads the element first.
    Store { target: usize, value: &'e Expr, update: Option<(BinOp, usize)> },
    /// `local += value` or `local -= value` (`subtract`) for a float local, under fastmath only:
    /// each lane keeps a partial sum, added to the local after the loop (a reassociation).
    Sum { local: LocalId, value: &'e Expr, subtract: bool },
}

pub(crate) struct Plan<'e> {
    /// Every element access in the order an iteration makes them.
    pub accesses: Vec<Access<'e>>,
    pub steps: Vec<Step<'e>>,
    /// The locals the `Sum` steps accumulate into, each once.
    pub sums: Vec<LocalId>,
    /// The access each element read in a value reads.
    pub loads: HashMap<*const Expr, usize>,
    /// The outermost loop-invariant parts of the values, with the type each is converted to before
    /// it is broadcast to the lanes.
    pub invariants: Vec<(&'e Expr, Type)>,
    /// The loop variable and the sums' locals: the locals whose value changes in the loop.
    varying: Vec<LocalId>,
}

/// Why a loop is not vectorised: the code at `span` and what is wrong with it.
pub(crate) struct Why {
    pub span: Span,
    pub what: &'static str,
}

/// The vector plan of `for var in range(.., .., step): body`, or why there is none. `locals` gives
/// each local's type and whether it may be unbound; `fastmath` allows sums into float locals.
pub(crate) fn plan<'e>(var: LocalId, step: &Expr, body: &'e [Stmt], fastmath: bool, locals: &[(&Type, bool)]) -> Result<Plan<'e>, Why> {
    if !matches!(step.kind, ExprKind::Const(Const::Int(1))) {
        return Err(Why { span: step.span, what: "is a step other than 1" });
    }
    let mut p = Plan { accesses: Vec::new(), steps: Vec::new(), sums: Vec::new(), loads: HashMap::new(), invariants: Vec::new(), varying: vec![var] };
    for s in body {
        if let StmtKind::AugAssign { target: Target::Local(id, _), .. } = &s.kind {
            if !p.varying.contains(id) {
                p.varying.push(*id);
                p.sums.push(*id);
            }
        }
    }
    for s in body {
        let other = Why { span: s.span, what: "is not an assignment to one float64 element" };
        match &s.kind {
            StmtKind::Assign { targets, value } => {
                let [Target::Index { base, indices, .. }] = targets.as_slice() else { return Err(other) };
                p.value(value, &Type::Scalar(Dtype::F64))?;
                let target = p.access(base, indices, true)?;
                p.steps.push(Step::Store { target, value, update: None });
            }
            StmtKind::AugAssign { target: Target::Index { base, indices, .. }, op, value } => {
                let element = Type::Scalar(Dtype::F64);
                if !arithmetic(*op, &element, &value.ty) {
                    return Err(Why { span: s.span, what: "is not float64 arithmetic" });
                }
                let first = p.access(base, indices, false)?;
                p.value(value, &element)?;
                let target = p.access(base, indices, true)?;
                p.steps.push(Step::Store { target, value, update: Some((*op, first)) });
            }
            StmtKind::AugAssign { target: Target::Local(id, _), op: op @ (BinOp::Add | BinOp::Sub), value } => {
                if !fastmath {
                    return Err(Why { span: s.span, what: "is a sum, which runs in lanes only with fastmath=True (it reassociates the additions)" });
                }
                let (ty, maybe_unbound) = locals[*id as usize];
                let operands = rules::binary(*op, ty, &value.ty, false).map(|p| p.operands);
                if maybe_unbound || !matches!(ty, Type::Float | Type::Scalar(Dtype::F64)) || !matches!(operands, Ok(Type::Float | Type::Scalar(Dtype::F64))) {
                    return Err(Why { span: s.span, what: "is not a sum of float64 values into a float local" });
                }
                p.value(value, &operands.expect("checked above"))?;
                p.steps.push(Step::Sum { local: *id, value, subtract: *op == BinOp::Sub });
            }
            _ => return Err(other),
        }
    }
    // Accesses to one row of one array are reordered whenever `Lower::vector_loop`'s run-time test
    // would find them so; saying it here keeps `explain` truthful.
    for (x, a) in p.accesses.iter().enumerate() {
        for b in &p.accesses[x + 1..] {
            let apart = b.offset - a.offset;
            if (a.store || b.store) && 0 < apart && apart < LANES && same(a.base, b.base) && a.lead.iter().zip(b.lead).all(|(x, y)| same(x, y)) {
                return Err(Why { span: a.base.span, what: "carries values from one iteration to the next" });
            }
        }
    }
    Ok(p)
}

/// Whether two invariant expressions are written alike (and so have equal values).
fn same(a: &Expr, b: &Expr) -> bool {
    match (&a.kind, &b.kind) {
        (ExprKind::Const(x), ExprKind::Const(y)) => x == y,
        (ExprKind::Local(x), ExprKind::Local(y)) => x == y,
        (ExprKind::Binary(o, l, r), ExprKind::Binary(p, m, s)) => o == p && same(l, m) && same(r, s),
        (ExprKind::Unary(o, x), ExprKind::Unary(p, y)) => o == p && same(x, y),
        _ => false,
    }
}

impl<'e> Plan<'e> {
    /// Records the element access `base[indices]`, which must be a float64 element whose last index
    /// is `var + c` and whose other indices are invariant.
    fn access(&mut self, base: &'e Expr, indices: &'e [Expr], store: bool) -> Result<usize, Why> {
        let bad = |what| Err(Why { span: base.span, what });
        let (ExprKind::Local(_), Type::Array(at)) = (&base.kind, &base.ty) else {
            return bad("is not a float64 array variable");
        };
        if at.dtype != Dtype::F64 {
            return bad("is not a float64 array");
        }
        if store && at.readonly {
            return bad("is read-only");
        }
        let Some((last, lead)) = indices.split_last() else { return bad("is not indexed") };
        if indices.len() != at.ndim as usize || indices.iter().any(|i| matches!(i.kind, ExprKind::Slice(..))) {
            return bad("is indexed by a slice or too few indices");
        }
        let Some(offset) = offset_from(last, self.varying[0]) else {
            return Err(Why { span: last.span, what: "is not the loop variable plus a constant" });
        };
        if let Some(i) = lead.iter().find(|i| !invariant(i, &self.varying) || !rules::is_intlike(&i.ty)) {
            return Err(Why { span: i.span, what: "changes in the loop" });
        }
        self.accesses.push(Access { base, lead, offset, store });
        Ok(self.accesses.len() - 1)
    }

    /// Checks that `e` is computed lane by lane, recording its element reads and its invariant
    /// parts (converted to `to`, the type its consumer computes in).
    fn value(&mut self, e: &'e Expr, to: &Type) -> Result<(), Why> {
        if invariant(e, &self.varying) && e.ty.is_numeric_scalar() {
            self.invariants.push((e, to.clone()));
            return Ok(());
        }
        let f64 = Type::Scalar(Dtype::F64);
        match &e.kind {
            ExprKind::Index(base, indices) if e.ty == f64 => {
                let k = self.access(base, indices, false)?;
                self.loads.insert(e as *const Expr, k);
                Ok(())
            }
            ExprKind::Binary(op, l, r) if arithmetic(*op, &l.ty, &r.ty) => {
                self.value(l, &f64)?;
                self.value(r, &f64)
            }
            ExprKind::Unary(UnaryOp::Neg | UnaryOp::Pos, x) if x.ty == f64 => self.value(x, &f64),
            _ => Err(Why { span: e.span, what: "is not float64 arithmetic on elements" }),
        }
    }
}

/// `+ - * /` computed in float64 (NumPy's rules: no ZeroDivisionError).
fn arithmetic(op: BinOp, l: &Type, r: &Type) -> bool {
    matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div)
        && rules::binary(op, l, r, false).is_ok_and(|p| p.operands == Type::Scalar(Dtype::F64))
}

/// `c` when `e` is `var`, `var + c`, `c + var` or `var - c`.
fn offset_from(e: &Expr, var: LocalId) -> Option<i64> {
    let is_var = |x: &Expr| matches!(x.kind, ExprKind::Local(id) if id == var);
    let c = match &e.kind {
        _ if is_var(e) => 0,
        ExprKind::Binary(BinOp::Add, l, r) => match (&l.kind, &r.kind) {
            (_, ExprKind::Const(Const::Int(c))) if is_var(l) => *c,
            (ExprKind::Const(Const::Int(c)), _) if is_var(r) => *c,
            _ => return None,
        },
        ExprKind::Binary(BinOp::Sub, l, r) => match &r.kind {
            ExprKind::Const(Const::Int(c)) if is_var(l) => c.checked_neg()?,
            _ => return None,
        },
        _ => return None,
    };
    (c.abs() <= MAX_OFFSET).then_some(c)
}

/// Whether `e` has the same value in every iteration and can be evaluated once before the loop
/// without effects (it may raise; the vector loop's preparation is speculative). The body assigns
/// only elements and the `varying` locals.
fn invariant(e: &Expr, varying: &[LocalId]) -> bool {
    let inv = |x: &Expr| invariant(x, varying);
    match &e.kind {
        ExprKind::Const(c) => matches!(c, Const::Int(_) | Const::Float(_) | Const::Bool(_)),
        ExprKind::Local(id) => !varying.contains(id),
        ExprKind::Binary(_, l, r) => inv(l) && inv(r),
        ExprKind::Unary(_, x) => inv(x),
        ExprKind::Attr(base, Attr::Shape | Attr::Ndim | Attr::Size) => inv(base),
        ExprKind::Index(base, indices) => matches!(base.ty, Type::Tuple(_)) && inv(base) && indices.iter().all(inv),
        ExprKind::Call(Callee::Math(_), args, _) => args.iter().all(inv),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(kind: ExprKind) -> Expr {
        Expr { kind, span: Span::default(), ty: Type::Int }
    }

    fn bin(op: BinOp, l: Expr, r: Expr) -> Expr {
        e(ExprKind::Binary(op, Box::new(l), Box::new(r)))
    }

    #[test]
    fn last_index_forms() {
        let v = || e(ExprKind::Local(3));
        let c = |k| e(ExprKind::Const(Const::Int(k)));
        assert_eq!(offset_from(&v(), 3), Some(0));
        assert_eq!(offset_from(&bin(BinOp::Add, v(), c(2)), 3), Some(2));
        assert_eq!(offset_from(&bin(BinOp::Add, c(-1), v()), 3), Some(-1));
        assert_eq!(offset_from(&bin(BinOp::Sub, v(), c(4)), 3), Some(-4));
        assert_eq!(offset_from(&bin(BinOp::Sub, c(4), v()), 3), None);
        assert_eq!(offset_from(&bin(BinOp::Mul, v(), c(1)), 3), None);
        assert_eq!(offset_from(&e(ExprKind::Local(2)), 3), None);
        assert_eq!(offset_from(&bin(BinOp::Sub, v(), c(i64::MIN)), 3), None);
        assert_eq!(offset_from(&bin(BinOp::Add, v(), c(MAX_OFFSET + 1)), 3), None);
    }
}
