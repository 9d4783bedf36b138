//! `nonlocal`: an inner function that assigns variables of its enclosing function. Its captured
//! copies are its locals (they are hidden parameters, `closures.rs`); it returns their final values
//! after its result, `(result, x, y)`, and each call assigns them back where it stands:
//! `g(...)` becomes `(<result>, x, y) = g(...)` and `v = g(...)` becomes `(v, x, y) = g(...)`.
//! The enclosing function is suspended while `g` runs and nothing else holds its variables, so the
//! copy in and out is CPython's shared cell. Such a function can therefore only be called as a
//! statement or assigned, outside `try` bodies (an exception would skip the copy out, where CPython's
//! handler sees the assignments); used any other way it is refused by name.

use crate::closures::Def;
use crate::lowerer::Lowerer;
use crate::{spanned, Result};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span};
use ruff_python_ast as ast;

/// The refusal of a function that assigns the nonlocal `names` used other than as a call statement.
pub(crate) fn rebinding_refused(names: &[String], sp: Span) -> Diagnostic {
    Diagnostic::unsupported(
        format!("an inner function that assigns the nonlocal variable '{}' can only be called as a statement (`g(...)`) or assigned (`v = g(...)`)", names[0]),
        sp,
    )
}

impl Lowerer<'_> {
    /// One statement, with the assignments back of the call of a rebinding inner function in it.
    pub(crate) fn stmt(&mut self, stmt: &ast::Stmt) -> Result<Stmt> {
        let mark = self.rebinding_calls.len();
        let s = self.plain_stmt(stmt)?;
        if self.rebinding_calls.len() == mark {
            return Ok(s);
        }
        let calls = self.rebinding_calls.split_off(mark);
        let (id, call_span) = calls[0];
        let rebinds = self.inner_fns.values().find(|f| f.id == id).map(|f| f.rebinds.clone()).expect("a rebinding function");
        if self.in_try > 0 {
            // An exception raised after the callee assigned would lose the assignments, where CPython
            // keeps them for the handler to see.
            return Err(Diagnostic::unsupported(
                format!("calling an inner function that assigns the nonlocal variable '{}' inside a try body is not supported", rebinds[0]),
                call_span,
            ));
        }
        let is_the_call = |e: &Expr| calls.len() == 1 && matches!(&e.kind, ExprKind::Call(Callee::Function(f), ..) if *f == id);
        let back = |me: &mut Self| -> Vec<Target> { rebinds.iter().map(|n| Target::Local(me.by_name[n.as_str()], call_span)).collect() };
        let kind = match s.kind {
            StmtKind::Expr(call) if is_the_call(&call) => {
                let result = Target::Local(self.local(&format!("<result of the call at {}>", call_span.start)), call_span);
                let targets = std::iter::once(result).chain(back(self)).collect();
                StmtKind::Assign { targets: vec![Target::Tuple(targets, s.span)], value: call }
            }
            StmtKind::Assign { mut targets, value } if targets.len() == 1 && is_the_call(&value) => {
                let target = targets.pop().expect("one target");
                let all = std::iter::once(target).chain(back(self)).collect();
                StmtKind::Assign { targets: vec![Target::Tuple(all, s.span)], value }
            }
            _ => return Err(rebinding_refused(&rebinds, call_span)),
        };
        Ok(Stmt { kind, span: s.span })
    }

    /// `nonlocal x, y`: names this inner function assigns back (a statement of no effect here).
    pub(crate) fn nonlocal_stmt(&self, n: &ast::StmtNonlocal) -> Result<StmtKind> {
        match n.names.iter().find(|name| !self.rebinds.iter().any(|r| r == name.id.as_str())) {
            None => Ok(StmtKind::Pass),
            Some(name) => Err(Diagnostic::unsupported(format!("no binding for nonlocal '{}' in a compiled enclosing function", name.id), spanned(n))),
        }
    }

    /// What `return value` returns: with the rebound variables after it in a rebinding function.
    pub(crate) fn returned(&self, value: Option<Expr>, sp: Span) -> Option<Expr> {
        if self.rebinds.is_empty() {
            return value;
        }
        let value = value.unwrap_or_else(|| Expr::new(ExprKind::Const(Const::None), sp));
        let items = std::iter::once(value).chain(self.rebinds.iter().map(|n| Expr::new(ExprKind::Local(self.by_name[n.as_str()]), sp)));
        Some(Expr::new(ExprKind::Tuple(items.collect()), sp))
    }

    /// A rebinding function's body ends with `return None` (with the variables) unless it ends
    /// with a `return` or `raise` on every path.
    pub(crate) fn with_final_return(&self, mut body: Vec<Stmt>, sp: Span) -> Vec<Stmt> {
        if !self.rebinds.is_empty() && !ends(&body) {
            body.push(Stmt { kind: StmtKind::Return(self.returned(None, sp)), span: sp });
        }
        body
    }

    /// The enclosing variables that the inner function `d` (reading `free`) assigns: those it
    /// declares `nonlocal` (or a function nested in it does), and those the inner functions it
    /// calls assign.
    pub(crate) fn rebinds_of(&self, d: &Def<'_>, free: &[String]) -> Vec<String> {
        let mut declared = Vec::new();
        if let crate::closures::Body::Block(stmts) = d.body {
            nonlocal_names(stmts, &mut declared);
        }
        let mut out: Vec<String> = Vec::new();
        for name in free {
            let from_callee = self.inner_fns.get(name).map(|f| f.rebinds.clone()).unwrap_or_default();
            let own = (declared.contains(name) && self.by_name.contains_key(name)).then(|| name.clone());
            for n in own.into_iter().chain(from_callee) {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
        out
    }
}

/// Whether a block leaves by `return` or `raise` on every path (its last statement).
fn ends(body: &[Stmt]) -> bool {
    match body.last().map(|s| &s.kind) {
        Some(StmtKind::Return(_) | StmtKind::Raise { .. } | StmtKind::Reraise(_)) => true,
        Some(StmtKind::If { then, orelse, .. }) => ends(then) && ends(orelse),
        _ => false,
    }
}

/// The names `nonlocal` statements declare in `stmts`, nested functions' included.
fn nonlocal_names(stmts: &[ast::Stmt], out: &mut Vec<String>) {
    for s in stmts {
        match s {
            ast::Stmt::Nonlocal(n) => out.extend(n.names.iter().map(|i| i.id.to_string())),
            ast::Stmt::FunctionDef(f) => nonlocal_names(&f.body, out),
            ast::Stmt::For(l) => {
                nonlocal_names(&l.body, out);
                nonlocal_names(&l.orelse, out);
            }
            ast::Stmt::While(w) => {
                nonlocal_names(&w.body, out);
                nonlocal_names(&w.orelse, out);
            }
            ast::Stmt::If(i) => {
                nonlocal_names(&i.body, out);
                i.elif_else_clauses.iter().for_each(|c| nonlocal_names(&c.body, out));
            }
            ast::Stmt::Try(t) => {
                nonlocal_names(&t.body, out);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    nonlocal_names(&h.body, out);
                }
                nonlocal_names(&t.orelse, out);
                nonlocal_names(&t.finalbody, out);
            }
            _ => {}
        }
    }
}
