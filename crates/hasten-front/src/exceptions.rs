//! Exceptions: `raise` (of a class, with arguments, or re-raising a caught exception) and
//! `try`/`except`/`else`/`finally`. The name an `except ... as e` clause binds is no local: compiled
//! code has no exception objects, so `e` may only be re-raised (`raise e`), or read as `str(e)` and
//! `e.args` (whose types the type checker takes from the `raise` statements the clause catches).

use crate::entity::{Callable, Entity};
use crate::lowerer::Lowerer;
use crate::{spanned, Result};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span};
use ruff_python_ast as ast;

impl Lowerer<'_> {
    /// `raise`, `raise e` (a caught exception), `raise E` or `raise E(arg, ...)`.
    pub(crate) fn raise(&mut self, r: &ast::StmtRaise) -> Result<StmtKind> {
        let Some(exc) = &r.exc else {
            return Ok(StmtKind::Reraise(None));
        };
        if let Some(c) = &r.cause {
            return Err(Diagnostic::unsupported("raise ... from ... is not supported", spanned(c.as_ref())));
        }
        if let ast::Expr::Name(n) = exc.as_ref() {
            if let Some(id) = self.caught_id(n.id.as_str()) {
                return Ok(StmtKind::Reraise(Some(id)));
            }
        }
        let (func, args): (&ast::Expr, &[ast::Expr]) = match exc.as_ref() {
            ast::Expr::Call(c) => {
                if let Some(k) = c.arguments.keywords.first() {
                    return Err(Diagnostic::unsupported("keyword arguments to an exception", spanned(k)));
                }
                (&c.func, &c.arguments.args)
            }
            e => (e, &[]),
        };
        let Entity::Callable(Callable::Exception(class)) = self.entity(func)? else {
            return Err(Diagnostic::unsupported(
                "only exception classes (builtin or defined at module level) can be raised",
                spanned(func),
            ));
        };
        let args = args
            .iter()
            .map(|a| match a {
                ast::Expr::StringLiteral(s) => Ok(RaiseArg::Str(s.value.to_str().to_string())),
                _ => match self.expr(a)? {
                    Expr { kind: ExprKind::Const(Const::Str(s)), .. } => Ok(RaiseArg::Str(s)),
                    e => Ok(RaiseArg::Value(e)),
                },
            })
            .collect::<Result<_>>()?;
        Ok(StmtKind::Raise { exc: class, args })
    }

    /// `try` with its clauses; `try`/`except*` groups are refused.
    pub(crate) fn try_stmt(&mut self, t: &ast::StmtTry, sp: Span) -> Result<StmtKind> {
        if t.is_star {
            return Err(Diagnostic::unsupported("except* (exception groups) is not supported", sp));
        }
        self.in_try += 1;
        let body = self.block(&t.body);
        self.in_try -= 1;
        let body = body?;
        let handlers = t
            .handlers
            .iter()
            .map(|h| {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                self.handler(h)
            })
            .collect::<Result<_>>()?;
        let orelse = self.block(&t.orelse)?;
        let finalbody = self.block(&t.finalbody)?;
        Ok(StmtKind::Try { body, handlers, orelse, finalbody })
    }

    fn handler(&mut self, h: &ast::ExceptHandlerExceptHandler) -> Result<Handler> {
        let sp = spanned(h);
        let classes = match h.type_.as_deref() {
            None => Vec::new(),
            Some(ast::Expr::Tuple(t)) => t.elts.iter().map(|e| self.exception_class(e)).collect::<Result<_>>()?,
            Some(e) => vec![self.exception_class(e)?],
        };
        let id = self.next_handler;
        self.next_handler += 1;
        let body = match &h.name {
            Some(name) => {
                let name = name.id.as_str();
                if self.by_name.contains_key(name) {
                    return Err(Diagnostic::unsupported(
                        format!("'{name}' is both a local variable and the name of a caught exception"),
                        spanned(h.name.as_ref().expect("named")),
                    ));
                }
                self.caught.push((name.to_string(), id));
                let body = self.block(&h.body);
                self.caught.pop();
                body?
            }
            None => self.block(&h.body)?,
        };
        Ok(Handler { classes, id, body, span: sp })
    }

    /// The class an `except` clause names.
    fn exception_class(&mut self, e: &ast::Expr) -> Result<ExcClass> {
        match self.entity(e) {
            Ok(Entity::Callable(Callable::Exception(c))) => Ok(c),
            Ok(_) => Err(Diagnostic::unsupported("an except clause must name exception classes", spanned(e))),
            Err(d) => Err(d),
        }
    }

    /// `str(e)` of a caught exception's name: that handler's id.
    pub(crate) fn str_of_caught(&self, c: &ast::ExprCall) -> Option<u32> {
        let ast::Expr::Name(f) = c.func.as_ref() else { return None };
        if f.id.as_str() != "str" || !self.is_builtin_name("str") || !c.arguments.keywords.is_empty() {
            return None;
        }
        match &c.arguments.args[..] {
            [ast::Expr::Name(n)] => self.caught_id(n.id.as_str()),
            _ => None,
        }
    }

    /// `e.args` of a caught exception's name: that handler's id.
    pub(crate) fn args_of_caught(&self, a: &ast::ExprAttribute) -> Option<u32> {
        match a.value.as_ref() {
            ast::Expr::Name(n) if a.attr.id.as_str() == "args" => self.caught_id(n.id.as_str()),
            _ => None,
        }
    }

    /// The handler id of a caught exception's name, innermost first.
    pub(crate) fn caught_id(&self, name: &str) -> Option<u32> {
        self.caught.iter().rev().find(|(n, _)| n == name).map(|(_, id)| *id)
    }
}
