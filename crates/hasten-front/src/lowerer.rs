//! The `Lowerer` itself and its function-level work: parameters, the locals table, the body, and
//! Python's rule that a name assigned anywhere in the body is local throughout it.

use crate::closures::{Body, Def, InnerFn, InnerOut};
use crate::{spanned, Result};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, FuncId, FunctionSource, Span};
use ruff_python_ast as ast;
use std::cell::RefCell;
use std::collections::HashMap;

/// Lowers one function's AST to HIR. Its methods live in the sibling modules, one per concern.
pub(crate) struct Lowerer<'a> {
    /// The function's source and the module globals it is compiled against.
    pub(crate) src: &'a FunctionSource,
    id: FuncId,
    /// Every local, indexed by `LocalId`: the parameters first, then the names assigned in the body in
    /// order of appearance, then generator-expression variables as they are met.
    pub(crate) locals: Vec<Local>,
    /// The local each name refers to at this point of the walk; a generator expression maps its
    /// variable to a fresh local while its body is lowered.
    pub(crate) by_name: HashMap<String, LocalId>,
    /// The names `except ... as name` clauses bind around the point being lowered, innermost last,
    /// with their handlers' ids; and the next id to give.
    pub(crate) caught: Vec<(String, u32)>,
    pub(crate) next_handler: u32,
    /// The inner functions visible by name: this function's and its enclosing functions'.
    pub(crate) inner_fns: HashMap<String, InnerFn>,
    /// Where the inner functions of the embedder's function go, at every depth.
    pub(crate) inner_out: &'a RefCell<InnerOut>,
    /// For an inner function that assigns captured variables: their names, returned after its
    /// result (`nonlocals.rs`).
    pub(crate) rebinds: Vec<String>,
    /// Calls of such functions in the statement being lowered, not yet given their assignments back.
    pub(crate) rebinding_calls: Vec<(FuncId, Span)>,
    /// How many `try` bodies enclose the point being lowered (such a call there is refused).
    pub(crate) in_try: u32,
}

impl<'a> Lowerer<'a> {
    pub(crate) fn new(src: &'a FunctionSource, id: FuncId, inner_out: &'a RefCell<InnerOut>) -> Self {
        Lowerer {
            src,
            id,
            locals: Vec::new(),
            by_name: HashMap::new(),
            caught: Vec::new(),
            next_handler: 0,
            inner_fns: HashMap::new(),
            inner_out,
            rebinds: Vec::new(),
            rebinding_calls: Vec::new(),
            in_try: 0,
        }
    }

    /// The local called `name`, created on first use.
    pub(crate) fn local(&mut self, name: &str) -> LocalId {
        if let Some(&id) = self.by_name.get(name) {
            return id;
        }
        let id = self.locals.len() as LocalId;
        let declared = self.src.options.locals.iter().find(|(n, _)| n == name).map(|(_, t)| t.clone());
        self.locals.push(Local {
            name: name.to_string(),
            ty: declared.clone().unwrap_or(hasten_ir::Type::Unknown),
            maybe_unbound: false,
            declared: declared.is_some(),
        });
        self.by_name.insert(name.to_string(), id);
        id
    }

    /// The `*args` parameter of `p`, if it has one: a local holding the tuple of the extra
    /// positional arguments (the callers pack it).
    fn varargs_param(&mut self, p: &ast::Parameters, params: &mut Vec<Param>) {
        if let Some(v) = &p.vararg {
            let name = v.name.id.as_str().to_string();
            self.local(&name);
            params.push(Param { name, default: None, keyword_only: false, varargs: true });
        }
    }

    /// Lowers the whole `def` (or an inner function, whose `captures` become hidden parameters
    /// after its own). Every local is declared before the body is lowered: a name assigned
    /// anywhere is the same local wherever it is read, and never the global of the same name.
    pub(crate) fn function(mut self, d: &Def<'_>, captures: &[String]) -> Result<Function> {
        let mut params = Vec::new();
        if let Some(p) = d.params {
            if let Some(v) = &p.kwarg {
                return Err(Diagnostic::unsupported("**kwargs parameters are not supported", spanned(v.as_ref())));
            }
            let positional = p.posonlyargs.len() + p.args.len();
            for (k, pw) in p.posonlyargs.iter().chain(p.args.iter()).chain(p.kwonlyargs.iter()).enumerate() {
                // `*args` comes between the positional parameters and the keyword-only ones.
                if k == positional {
                    self.varargs_param(p, &mut params);
                }
                let name = pw.parameter.name.id.as_str().to_string();
                self.local(&name);
                let default = pw.default.as_ref().map(|d| {
                    self.constant(d).map_err(|e| {
                        Diagnostic::unsupported(
                            format!("the default value of parameter '{name}' is not a constant hasten can compile; pass '{name}' explicitly"),
                            spanned(d.as_ref()),
                        )
                        .note(e.message)
                    })
                });
                params.push(Param { name, default, keyword_only: k >= positional, varargs: false });
            }
            if p.kwonlyargs.is_empty() {
                self.varargs_param(p, &mut params);
            }
        }
        for c in captures {
            self.local(c);
            params.push(Param { name: format!("{CAPTURED_PREFIX}{c}>"), default: None, keyword_only: true, varargs: false });
        }
        for c in captures {
            let name = bound_param(c);
            self.local(&name);
            params.push(Param { name, default: None, keyword_only: true, varargs: false });
        }
        let body = match d.body {
            Body::Block(stmts) => {
                self.declare_names(stmts)?;
                let mut body = Vec::new();
                for (i, stmt) in stmts.iter().enumerate() {
                    let is_docstring = i == 0
                        && matches!(stmt, ast::Stmt::Expr(e) if matches!(*e.value, ast::Expr::StringLiteral(_)));
                    if !is_docstring {
                        body.push(self.stmt(stmt)?);
                    }
                }
                body
            }
            Body::Expr(e) => {
                let value = self.expr(e)?;
                vec![Stmt { kind: StmtKind::Return(Some(value)), span: spanned(e) }]
            }
        };
        let body = self.with_final_return(body, d.span);
        Ok(Function { id: self.id, name: d.name.to_string(), params, locals: self.locals, body, span: d.span })
    }

    /// Declares the locals of a body, then its inner functions (which capture those locals);
    /// names bound to inner functions are not locals.
    fn declare_names(&mut self, stmts: &[ast::Stmt]) -> Result<()> {
        let mut names = Vec::new();
        collect_assigned(stmts, &mut |name| names.push(name.to_string()))?;
        let inner = crate::closures::inner_names(stmts);
        for name in &names {
            if !inner.contains(name) {
                self.local(name);
            }
        }
        self.declare_inner(stmts)?;
        Ok(())
    }
}

/// Calls `f` with every name the body binds (assignment, augmented assignment, loop targets).
pub(crate) fn collect_assigned(stmts: &[ast::Stmt], f: &mut impl FnMut(&str)) -> Result<()> {
    fn targets(e: &ast::Expr, f: &mut impl FnMut(&str)) {
        match e {
            ast::Expr::Name(n) => f(n.id.as_str()),
            ast::Expr::Tuple(t) => t.elts.iter().for_each(|x| targets(x, f)),
            ast::Expr::List(l) => l.elts.iter().for_each(|x| targets(x, f)),
            _ => {}
        }
    }
    for s in stmts {
        match s {
            ast::Stmt::Assign(a) => a.targets.iter().for_each(|t| targets(t, f)),
            ast::Stmt::AnnAssign(a) => targets(&a.target, f),
            ast::Stmt::AugAssign(a) => targets(&a.target, f),
            ast::Stmt::For(l) => {
                targets(&l.target, f);
                collect_assigned(&l.body, f)?;
                collect_assigned(&l.orelse, f)?;
            }
            ast::Stmt::While(w) => {
                collect_assigned(&w.body, f)?;
                collect_assigned(&w.orelse, f)?;
            }
            ast::Stmt::If(i) => {
                collect_assigned(&i.body, f)?;
                for c in &i.elif_else_clauses {
                    collect_assigned(&c.body, f)?;
                }
            }
            ast::Stmt::Try(t) => {
                collect_assigned(&t.body, f)?;
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    collect_assigned(&h.body, f)?;
                }
                collect_assigned(&t.orelse, f)?;
                collect_assigned(&t.finalbody, f)?;
            }
            _ => {}
        }
    }
    Ok(())
}
