//! Inner functions: `def` and `lambda` inside a compiled function. Each becomes a function of the
//! program of its own (numbered after the embedder's), whose extra hidden parameters receive the
//! enclosing variables it reads. A name bound once to an inner function is not a variable: every
//! call through it reads the captured variables at that moment, which is CPython's late binding.
//! As a value (passed to another function) it is a closure holding what it captured then; the
//! enclosing function is suspended while the callee runs, so that is still late binding.

use crate::entity::{Callable, Entity};
use crate::lowerer::{collect_assigned, Lowerer};
use crate::{span, spanned, Result};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, FuncId, Span};
use ruff_python_ast as ast;
use ruff_python_ast::visitor::{self, Visitor};
use std::collections::{HashMap, HashSet};

/// An inner function visible by name: its id and the names, in the scope that defines it, of
/// the variables it reads from enclosing functions.
#[derive(Clone, Debug)]
pub(crate) struct InnerFn {
    pub(crate) id: FuncId,
    pub(crate) captures: Vec<String>,
    /// The captured variables it assigns (`nonlocal`, its own or its callees'): a call gives their
    /// new values back with its result (`nonlocals.rs`).
    pub(crate) rebinds: Vec<String>,
}

/// The inner functions of one embedder function, as they are lowered: the next id to give and
/// the functions made so far (at any depth).
#[derive(Debug)]
pub(crate) struct InnerOut {
    pub(crate) next: FuncId,
    pub(crate) functions: Vec<Function>,
}

/// What an inner function is made of, from a `def` or a `lambda`.
#[derive(Clone, Copy)]
pub(crate) struct Def<'n> {
    pub(crate) name: &'n str,
    pub(crate) params: Option<&'n ast::Parameters>,
    pub(crate) body: Body<'n>,
    pub(crate) span: Span,
}

#[derive(Clone, Copy)]
pub(crate) enum Body<'n> {
    Block(&'n [ast::Stmt]),
    Expr(&'n ast::Expr),
}

impl Lowerer<'_> {
    /// Declares the inner functions `body` binds to names (`def g`, `g = lambda ...`), each bound
    /// once, and lowers them.
    pub(crate) fn declare_inner(&mut self, body: &[ast::Stmt]) -> Result<()> {
        let mut defs = Vec::new();
        find_defs(body, &mut defs)?;
        if defs.is_empty() {
            return Ok(());
        }
        let mut bindings: HashMap<String, usize> = HashMap::new();
        collect_assigned(body, &mut |n| *bindings.entry(n.to_string()).or_default() += 1)?;
        let mut names = HashSet::new();
        for (d, by_lambda) in &defs {
            // `g = lambda` is counted by `collect_assigned` already; `def g` is not.
            let others = bindings.get(d.name).copied().unwrap_or(0) - usize::from(*by_lambda);
            let params = self.locals.iter().any(|l| l.name == d.name);
            if others > 0 || params || !names.insert(d.name.to_string()) {
                return Err(Diagnostic::unsupported(
                    format!("the name '{}' is bound to an inner function and to other values; an inner function's name must be bound once", d.name),
                    d.span,
                ));
            }
        }
        for (d, _) in &defs {
            let id = self.next_inner_id();
            self.inner_fns.insert(d.name.to_string(), InnerFn { id, captures: Vec::new(), rebinds: Vec::new() });
        }
        // What each reads from this function, directly or through the inner functions it uses,
        // to a fixpoint (they may use each other, or themselves).
        let frees: Vec<Vec<String>> = defs.iter().map(|(d, _)| free_names(d)).collect();
        loop {
            let mut changed = false;
            for ((d, _), free) in defs.iter().zip(&frees) {
                let captures = self.captures_of(free);
                let rebinds = self.rebinds_of(d, free);
                let f = self.inner_fns.get_mut(d.name).expect("declared");
                if f.captures != captures || f.rebinds != rebinds {
                    f.captures = captures;
                    f.rebinds = rebinds;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        for (d, _) in &defs {
            let f = self.inner_fns[d.name].clone();
            self.lower_inner(d, &f)?;
        }
        Ok(())
    }

    /// A `lambda` used where it stands: an inner function of no name.
    pub(crate) fn lambda(&mut self, l: &ast::ExprLambda) -> Result<Entity> {
        let d = Def { name: "<lambda>", params: l.parameters.as_deref(), body: Body::Expr(&l.body), span: spanned(l) };
        let free = free_names(&d);
        let f = InnerFn { id: self.next_inner_id(), captures: self.captures_of(&free), rebinds: self.rebinds_of(&d, &free) };
        if !f.rebinds.is_empty() {
            return Err(Diagnostic::unsupported("a lambda that calls a function assigning a nonlocal variable is not supported", d.span));
        }
        self.lower_inner(&d, &f)?;
        Ok(Entity::Callable(Callable::Inner("<lambda>".to_string(), f.id, f.captures)))
    }

    /// `g(args)` of an inner function: the captured variables are read now and passed by keyword
    /// to its hidden parameters, each with whether it is bound (it is checked where `g` reads it).
    pub(crate) fn inner_call(&mut self, id: FuncId, captures: &[String], args: Vec<Expr>, mut kwargs: Vec<(String, Expr)>, sp: Span) -> Result<Entity> {
        if self.inner_fns.values().any(|f| f.id == id && !f.rebinds.is_empty()) {
            self.rebinding_calls.push((id, sp));
        }
        let names = captures.iter().map(|c| format!("{CAPTURED_PREFIX}{c}>")).chain(captures.iter().map(|c| bound_param(c)));
        kwargs.extend(names.zip(self.captured_values(captures, sp)));
        Self::value(ExprKind::Call(Callee::Function(id), args, kwargs), sp)
    }

    /// An inner function as a value: a closure of what it captures, read now.
    pub(crate) fn closure_value(&mut self, id: FuncId, captures: &[String], sp: Span) -> Result<Expr> {
        if let Some(f) = self.inner_fns.values().find(|f| f.id == id && !f.rebinds.is_empty()) {
            return Err(crate::nonlocals::rebinding_refused(&f.rebinds, sp));
        }
        let values = self.captured_values(captures, sp);
        Ok(Expr::new(ExprKind::MakeClosure(id, Box::new(Expr::new(ExprKind::Tuple(values), sp))), sp))
    }

    /// A function value: what a call's argument that is a bare name or a lambda may be, a closure
    /// of captured variables included.
    pub(crate) fn function_arg(&mut self, e: &ast::Expr) -> Result<Expr> {
        match self.entity(e)? {
            Entity::Callable(Callable::Inner(_, id, captures)) => self.closure_value(id, &captures, spanned(e)),
            entity => self.entity_value(entity, e),
        }
    }

    /// What an inner function's hidden parameters receive, in their order: the captured
    /// variables' values (read without a check), then whether each is bound.
    fn captured_values(&self, captures: &[String], sp: Span) -> Vec<Expr> {
        let ids: Vec<LocalId> = captures.iter().map(|c| self.by_name[c.as_str()]).collect();
        let values = ids.iter().map(|id| Expr::new(ExprKind::Local(*id), sp));
        values.chain(ids.iter().map(|id| Expr::new(ExprKind::Bound(*id), sp))).collect()
    }

    pub(crate) fn next_inner_id(&mut self) -> FuncId {
        let mut out = self.inner_out.borrow_mut();
        out.next += 1;
        out.next - 1
    }

    /// The variables of this function an inner function reading `free` needs: those it reads
    /// itself and those the inner functions it uses need, in a fixed order.
    pub(crate) fn captures_of(&self, free: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for name in free {
            if self.by_name.contains_key(name) {
                if !out.contains(name) {
                    out.push(name.clone());
                }
            } else if let Some(f) = self.inner_fns.get(name) {
                for c in &f.captures {
                    if !out.contains(c) {
                        out.push(c.clone());
                    }
                }
            }
        }
        out
    }

    pub(crate) fn lower_inner(&mut self, d: &Def<'_>, f: &InnerFn) -> Result<()> {
        let mut child = Lowerer::new(self.src, f.id, self.inner_out);
        child.inner_fns = self.inner_fns.clone();
        child.rebinds = f.rebinds.clone();
        let function = child.function(d, &f.captures)?;
        self.inner_out.borrow_mut().functions.push(function);
        Ok(())
    }
}

/// The inner functions `stmts` bind to names, with whether by a lambda assignment, outside nested
/// functions.
fn find_defs<'n>(stmts: &'n [ast::Stmt], out: &mut Vec<(Def<'n>, bool)>) -> Result<()> {
    for s in stmts {
        match s {
            ast::Stmt::FunctionDef(f) => {
                if let Some(d) = f.decorator_list.first() {
                    return Err(Diagnostic::unsupported("decorators on inner functions are not supported", spanned(d)));
                }
                if f.is_async {
                    return Err(Diagnostic::unsupported("async inner functions are not supported", spanned(f)));
                }
                out.push((Def { name: f.name.id.as_str(), params: Some(&f.parameters), body: Body::Block(&f.body), span: span(f.range) }, false));
            }
            ast::Stmt::Assign(a) => {
                if let ([ast::Expr::Name(n)], ast::Expr::Lambda(l)) = (a.targets.as_slice(), a.value.as_ref()) {
                    out.push((Def { name: n.id.as_str(), params: l.parameters.as_deref(), body: Body::Expr(&l.body), span: spanned(a) }, true));
                }
            }
            ast::Stmt::For(l) => {
                find_defs(&l.body, out)?;
                find_defs(&l.orelse, out)?;
            }
            ast::Stmt::While(w) => {
                find_defs(&w.body, out)?;
                find_defs(&w.orelse, out)?;
            }
            ast::Stmt::If(i) => {
                find_defs(&i.body, out)?;
                for c in &i.elif_else_clauses {
                    find_defs(&c.body, out)?;
                }
            }
            ast::Stmt::Try(t) => {
                find_defs(&t.body, out)?;
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    find_defs(&h.body, out)?;
                }
                find_defs(&t.orelse, out)?;
                find_defs(&t.finalbody, out)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The names `stmts` binds to inner functions.
pub(crate) fn inner_names(stmts: &[ast::Stmt]) -> HashSet<String> {
    let mut defs = Vec::new();
    // Errors (decorators) are reported by `declare_inner`.
    let _ = find_defs(stmts, &mut defs);
    defs.into_iter().map(|(d, _)| d.name.to_string()).collect()
}

/// Whether `a = lambda ...` binds an inner function's name (the statement then does nothing).
pub(crate) fn is_lambda_binding(a: &ast::StmtAssign) -> bool {
    matches!((a.targets.as_slice(), a.value.as_ref()), ([ast::Expr::Name(_)], ast::Expr::Lambda(_)))
}

/// The names a function reads that it does not bind (nor do its parameters), nested functions'
/// included, in order of first appearance.
pub(crate) fn free_names(d: &Def<'_>) -> Vec<String> {
    let mut scope = Scope::default();
    if let Some(p) = d.params {
        for pw in p.posonlyargs.iter().chain(p.args.iter()).chain(p.kwonlyargs.iter()) {
            scope.bound.insert(pw.parameter.name.id.to_string());
            // Defaults are evaluated where the function is defined.
            if let Some(default) = &pw.default {
                scope.visit_expr(default);
            }
        }
        for v in p.vararg.iter().chain(p.kwarg.iter()) {
            scope.bound.insert(v.name.id.to_string());
        }
    }
    match d.body {
        Body::Block(stmts) => stmts.iter().for_each(|s| scope.visit_stmt(s)),
        Body::Expr(e) => scope.visit_expr(e),
    }
    let Scope { bound, used, nonlocal } = scope;
    used.into_iter().filter(|n| !bound.contains(n) || nonlocal.contains(n)).collect()
}

/// One scope's names: those it binds and those it reads (in order), and those it declares
/// `nonlocal` (free even where it assigns them).
#[derive(Default)]
struct Scope {
    bound: HashSet<String>,
    used: Vec<String>,
    nonlocal: HashSet<String>,
}

impl Scope {
    fn read(&mut self, name: &str) {
        if !self.used.iter().any(|u| u == name) {
            self.used.push(name.to_string());
        }
    }

    /// A nested scope: what it reads freely is read here.
    fn nested(&mut self, d: &Def<'_>) {
        for n in free_names(d) {
            self.read(&n);
        }
    }
}

impl<'n> Visitor<'n> for Scope {
    fn visit_stmt(&mut self, s: &'n ast::Stmt) {
        match s {
            ast::Stmt::FunctionDef(f) => {
                self.bound.insert(f.name.id.to_string());
                self.nested(&Def { name: "", params: Some(&f.parameters), body: Body::Block(&f.body), span: span(f.range) });
            }
            ast::Stmt::Try(t) => {
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(n) = &h.name {
                        self.bound.insert(n.id.to_string());
                    }
                }
                visitor::walk_stmt(self, s);
            }
            ast::Stmt::Nonlocal(n) => {
                for name in &n.names {
                    self.read(name.id.as_str());
                    self.nonlocal.insert(name.id.to_string());
                }
            }
            _ => visitor::walk_stmt(self, s),
        }
    }

    fn visit_expr(&mut self, e: &'n ast::Expr) {
        match e {
            ast::Expr::Name(n) => match n.ctx {
                ast::ExprContext::Load => self.read(n.id.as_str()),
                _ => {
                    self.bound.insert(n.id.to_string());
                }
            },
            ast::Expr::Lambda(l) => {
                self.nested(&Def { name: "", params: l.parameters.as_deref(), body: Body::Expr(&l.body), span: spanned(l) })
            }
            ast::Expr::Generator(ast::ExprGenerator { elt, generators, .. })
            | ast::Expr::ListComp(ast::ExprListComp { elt, generators, .. })
            | ast::Expr::SetComp(ast::ExprSetComp { elt, generators, .. }) => self.comprehension(generators, &[elt]),
            ast::Expr::DictComp(ast::ExprDictComp { key, value, generators, .. }) => {
                let key = key.as_deref().expect("a dict comprehension has a key");
                self.comprehension(generators, &[key, value])
            }
            _ => visitor::walk_expr(self, e),
        }
    }
}

impl Scope {
    /// A comprehension is a scope of its own: its targets are bound there only; its first
    /// iterable is read here.
    fn comprehension<'n>(&mut self, generators: &'n [ast::Comprehension], elts: &[&'n ast::Expr]) {
        let mut inner = Scope::default();
        for (k, g) in generators.iter().enumerate() {
            if k == 0 {
                self.visit_expr(&g.iter);
            } else {
                inner.visit_expr(&g.iter);
            }
            inner.visit_expr(&g.target);
            g.ifs.iter().for_each(|c| inner.visit_expr(c));
        }
        elts.iter().for_each(|e| inner.visit_expr(e));
        let Scope { bound, used, .. } = inner;
        for n in used.into_iter().filter(|n| !bound.contains(n)) {
            self.read(&n);
        }
    }
}
