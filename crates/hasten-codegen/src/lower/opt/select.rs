//! If-conversion: an `if` whose branches only give scalar locals new values from cheap arithmetic
//! (`if mask[i]: c += 1`, `if x < lo: lo = x`, `if x % 2 == 0: x //= 2 else: x = 3 * x + 1`) is
//! emitted without a branch: both sides are computed and each local takes its value through a
//! `select` on the condition; so is a conditional expression of two cheap scalar arms
//! (`x if x > t else t - x`). A branch on data-dependent conditions is mispredicted about half of
//! the time, which costs more than the few instructions of the side not taken.
//!
//! Exactness: nothing either side computes can be observed unless its side is taken. The sides read
//! no memory and call nothing; their checks (overflow, division by zero) raise only when the
//! condition selects their side (`Lower::fail_if_with` ands the predicate in while one is set).

use super::*;

/// The most operator nodes the two sides may hold together: beyond that the branch is cheaper.
const MAX_NODES: usize = 12;

/// Whether `if cond: then else: orelse` can be emitted as selects.
pub(in crate::lower) fn convertible(locals: &[Local], then: &[Stmt], orelse: &[Stmt]) -> bool {
    let mut nodes = 0;
    let mut side = |stmts: &[Stmt]| {
        stmts.len() <= 3
            && stmts.iter().all(|s| match &s.kind {
                StmtKind::Assign { targets, value } => matches!(targets[..], [Target::Local(..)]) && targets.iter().all(|t| scalar_target(locals, t)) && cheap(value, &mut nodes),
                StmtKind::AugAssign { target, op, value, .. } => scalar_target(locals, target) && cheap_op(*op, value) && cheap(value, &mut nodes),
                _ => false,
            })
    };
    !then.is_empty() && side(then) && side(orelse) && nodes <= MAX_NODES
}

fn scalar_target(locals: &[Local], t: &Target) -> bool {
    matches!(t, Target::Local(id, _) if is_scalar(&locals[*id as usize].ty))
}

fn is_scalar(ty: &Type) -> bool {
    matches!(ty, Type::Int | Type::Float | Type::Bool | Type::Scalar(_))
}

/// Operators that cost a few instructions: no division except by a power-of-two constant.
fn cheap_op(op: BinOp, right: &Expr) -> bool {
    match op {
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => true,
        BinOp::FloorDiv | BinOp::Mod => matches!(right.kind, ExprKind::Const(Const::Int(k)) if k > 0 && (k as u64).is_power_of_two()),
        _ => false,
    }
}

/// Scalar expressions of constants, locals and cheap operators, counting their operator nodes.
fn cheap(e: &Expr, nodes: &mut usize) -> bool {
    if !is_scalar(&e.ty) {
        return false;
    }
    match &e.kind {
        ExprKind::Const(_) | ExprKind::Local(_) => true,
        ExprKind::Binary(op, l, r) => {
            *nodes += 1;
            cheap_op(*op, r) && cheap(l, nodes) && cheap(r, nodes)
        }
        ExprKind::Unary(UnaryOp::Neg | UnaryOp::Not | UnaryOp::Pos, x) => {
            *nodes += 1;
            cheap(x, nodes)
        }
        ExprKind::Compare(first, rest) if rest.len() == 1 => {
            *nodes += 1;
            cheap(first, nodes) && cheap(&rest[0].1, nodes)
        }
        _ => false,
    }
}

/// Whether `a if c else b` can be emitted as a select: both arms cheap scalar expressions.
pub(in crate::lower) fn cheap_arms(a: &Expr, b: &Expr) -> bool {
    let mut nodes = 0;
    cheap(a, &mut nodes) && cheap(b, &mut nodes) && nodes <= MAX_NODES
}

impl<'a, 'f> Lower<'a, 'f> {
    /// `a if c else b` with `cheap_arms`: both arms computed (each one's checks raising only when
    /// it is chosen), one `select` per slot of the result type `ty`.
    pub(in crate::lower) fn select_expr(&mut self, c: &Expr, a: &Expr, b: &Expr, ty: &Type) -> R<Vals> {
        let p = self.condition(c)?;
        let outer = self.select_pred;
        self.select_pred = Some(match outer {
            Some(o) => self.b.ins().band(o, p),
            None => p,
        });
        let mut taken = Vals::new();
        self.guarded(c, |cx| {
            let v = cx.expr(a)?;
            taken = cx.coerce(v, &a.ty, ty);
            Ok(())
        })?;
        let not_p = self.b.ins().bxor_imm_u(p, 1);
        self.select_pred = Some(match outer {
            Some(o) => self.b.ins().band(o, not_p),
            None => not_p,
        });
        let v = self.expr(b)?;
        let other = self.coerce(v, &b.ty, ty);
        self.select_pred = outer;
        Ok(taken.iter().zip(&other).map(|(t, e)| self.b.ins().select(p, *t, *e)).collect())
    }

    /// Emits a convertible `if` (see `convertible`): each side from the values before the `if`,
    /// then one `select` per variable either side assigns.
    pub(in crate::lower) fn select_if(&mut self, cond: &Expr, then: &[Stmt], orelse: &[Stmt]) -> R<()> {
        let p = self.condition(cond)?;
        let mut vars = Vec::new();
        for s in then.iter().chain(orelse) {
            let target = match &s.kind {
                StmtKind::Assign { targets, .. } => &targets[0],
                StmtKind::AugAssign { target, .. } => target,
                _ => unreachable!("checked by convertible"),
            };
            let Target::Local(id, _) = target else { unreachable!("checked by convertible") };
            let local = &self.locals[*id as usize];
            for v in local.vars.iter().chain(&local.defined) {
                if !vars.contains(v) {
                    vars.push(*v);
                }
            }
        }
        let before: Vec<Value> = vars.iter().map(|v| self.b.use_var(*v)).collect();
        let outer = self.select_pred;
        self.select_pred = Some(match outer {
            Some(o) => self.b.ins().band(o, p),
            None => p,
        });
        self.guarded(cond, |cx| cx.block(then))?;
        let taken: Vec<Value> = vars.iter().map(|v| self.b.use_var(*v)).collect();
        for (v, old) in vars.iter().zip(&before) {
            self.b.def_var(*v, *old);
        }
        let not_p = self.b.ins().bxor_imm_u(p, 1);
        self.select_pred = Some(match outer {
            Some(o) => self.b.ins().band(o, not_p),
            None => not_p,
        });
        self.block(orelse)?;
        self.select_pred = outer;
        for (v, t) in vars.iter().zip(taken) {
            let e = self.b.use_var(*v);
            let chosen = self.b.ins().select(p, t, e);
            self.b.def_var(*v, chosen);
        }
        self.remark(|cx| format!("if-converted: `if {}` computed without a branch", cx.text(cond.span)));
        Ok(())
    }
}
