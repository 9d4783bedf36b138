//! `a, b = x` of a list, a string or an array, whose length only the run time knows: the
//! statement becomes a block doing what CPython's unpacking does. The value goes into a hidden
//! local; a length other than the number of targets raises CPython's ValueError (naming the
//! length found when it is short); every item is read into a hidden local of its own before any
//! target is stored (a target may change the value: `l[1], l[0] = l`); then each target takes its
//! item. The hidden locals are named after the statement's position, so every inference pass
//! finds the ones the first made.

use crate::function::{FnCx, R};
use hasten_ir::hir::*;
use hasten_ir::{Span, Type};

impl FnCx<'_, '_, '_> {
    /// Whether `targets = value` unpacks a value of type `ty` whose length is known at run time.
    pub(crate) fn unpacks_at_run_time(targets: &[Target], ty: &Type) -> bool {
        matches!((targets, ty), ([Target::Tuple(..)], Type::List(_) | Type::Str | Type::Array(_)))
    }

    /// The block `targets = value` becomes (see the module's comment).
    pub(crate) fn run_time_unpacking(&mut self, target: Target, value: Expr, span: Span) -> R<StmtKind> {
        let Target::Tuple(items, tspan) = target else { unreachable!("unpacks_at_run_time checked") };
        let k = items.len() as i64;
        let tmp = self.hidden_local(format!("$unpack{}", span.start));
        let read = |id| Expr::new(ExprKind::Local(id), span);
        let int = |v: i64| Expr::new(ExprKind::Const(Const::Int(v)), span);
        let text = |s: String| Expr::new(ExprKind::Const(Const::Str(s)), span);
        let len = Expr::new(ExprKind::Call(Callee::Builtin(Builtin::Len), vec![read(tmp)], Vec::new()), span);
        let compare = |op| Expr::new(ExprKind::Compare(Box::new(len.clone()), vec![(op, int(k))]), span);
        let raise = |message: Expr| {
            let exc = ExcClass { name: "ValueError".into(), ancestry: Vec::new() };
            Stmt { kind: StmtKind::Raise { exc, args: vec![RaiseArg::Value(message)] }, span: tspan }
        };
        let got = Expr::new(ExprKind::Call(Callee::Builtin(Builtin::Str), vec![len.clone()], Vec::new()), span);
        let short = Expr::new(ExprKind::Binary(BinOp::Add, Box::new(text(format!("not enough values to unpack (expected {k}, got "))), Box::new(got)), span);
        let short = Expr::new(ExprKind::Binary(BinOp::Add, Box::new(short), Box::new(text(")".into()))), span);
        let long = text(format!("too many values to unpack (expected {k})"));
        let long_check = Stmt { kind: StmtKind::If { cond: compare(CmpOp::Gt), then: vec![raise(long)], orelse: Vec::new() }, span };
        let mut body = vec![
            Stmt { kind: StmtKind::Assign { targets: vec![Target::Local(tmp, span)], value }, span },
            Stmt { kind: StmtKind::If { cond: compare(CmpOp::Lt), then: vec![raise(short)], orelse: vec![long_check] }, span },
        ];
        let held: Vec<LocalId> = (0..k).map(|j| self.hidden_local(format!("$unpack{}.{j}", span.start))).collect();
        for (j, &h) in held.iter().enumerate() {
            let item = Expr::new(ExprKind::Index(Box::new(read(tmp)), vec![int(j as i64)]), span);
            body.push(Stmt { kind: StmtKind::Assign { targets: vec![Target::Local(h, span)], value: item }, span });
        }
        for (t, h) in items.into_iter().zip(held) {
            body.push(Stmt { kind: StmtKind::Assign { targets: vec![t], value: read(h) }, span });
        }
        Ok(StmtKind::If { cond: Expr::new(ExprKind::Const(Const::Bool(true)), span), then: body, orelse: Vec::new() })
    }

    /// The local named `name`, made on first use (the checker's own, no Python name).
    pub(crate) fn hidden_local(&mut self, name: String) -> LocalId {
        if let Some(k) = self.locals.iter().position(|l| l.name == name) {
            return k as LocalId;
        }
        self.locals.push(Local { name, ty: Type::Unknown, maybe_unbound: false, declared: false });
        (self.locals.len() - 1) as LocalId
    }
}
