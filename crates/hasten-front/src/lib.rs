//! Front end: Python source of one function → untyped HIR.
//!
//! Parses with ruff's parser, decides which names are locals (Python's rule: assigned anywhere in the
//! body), folds module globals into constants or callees, binds keyword arguments of builtins, and
//! rejects everything hasten does not compile with an `UnsupportedError` pointing at the construct.
//!
//! One struct, `Lowerer`, walks the AST. Like ruff's `impl Parser`, its methods are spread over one
//! file per concern:
//!
//! - `lowerer.rs`: the struct, the locals table, the function itself, the "assigned anywhere" rule;
//! - `stmt.rs`: statements, assignment targets, `for` loops;
//! - `exceptions.rs`: `raise` and `try`;
//! - `expr.rs`: expressions: literals, operators, comparisons, subscripts;
//! - `names.rs`: what a name or attribute refers to (local, global, builtin, `math.*`);
//! - `calls.rs`: calls, keyword binding of builtins, `sum/min/max` over a `range`;
//! - `comprehensions.rs`: comprehensions with several `for`s, set and dict comprehensions;
//! - `strings.rs`: f-strings, the arguments of string methods and of `print`;
//! - `numpy.rs`: everything NumPy-specific (`np.*`, array methods and their arguments);
//! - `library.rs`: the NumPy functions written in Python (`library/*.py`);
//! - `ranges.rs`: range objects in variables, rewritten in the syntax tree before lowering.

use closures::{Body, Def, InnerOut};
use hasten_ir::hir::{Const, Expr, ExprKind, Function};
use hasten_ir::{Diagnostic, FuncId, FunctionSource, Span};
use lowerer::Lowerer;
use std::cell::RefCell;
use std::collections::HashMap;
use ruff_python_ast as ast;
use ruff_text_size::Ranged;

mod arrayattrs;
mod bind;
mod calls;
mod closures;
mod complex;
mod comprehensions;
mod containers;
mod typed;
mod entity;
mod exceptions;
mod generator;
mod held_generators;
mod expr;
mod lowerer;
mod mathseq;
mod named;
mod names;
mod nonlocals;
mod numpy;
mod library;
mod linalg;
mod numpy_stats;
mod numpy_shapes;
mod numpy_info;
mod overloads;
mod random;
mod sequences;
mod starred;
mod ranges;
mod stmt;
mod typetests;
mod ufunc_methods;
mod strings;
mod walrus;
#[cfg(test)]
mod tests;

type Result<T> = std::result::Result<T, Diagnostic>;

/// Lowers the first `def` in `src.source` to HIR, as function `id` of the program. Its inner
/// functions (`def`, `lambda`) become functions of their own, numbered from `first_inner` in the
/// order returned.
pub fn lower(src: &FunctionSource, id: FuncId, first_inner: FuncId) -> Result<(Function, Vec<Function>)> {
    let parsed = ruff_python_parser::parse_module(&src.source).map_err(|e| {
        let r = e.location;
        Diagnostic::unsupported(format!("syntax error: {}", e.error), span(r))
    })?;
    let mut module = parsed.into_syntax();
    walrus::rewrite(&mut module.body);
    held_generators::rewrite(&mut module.body);
    if !src.globals.contains_key("range") {
        ranges::rewrite(&mut module.body);
    }
    // A `def`, or a lambda on its own (an overload's implementation: `hasten._program._source`).
    let d = module
        .body
        .iter()
        .find_map(|s| match s {
            ast::Stmt::FunctionDef(f) => Some(Def { name: f.name.id.as_str(), params: Some(&f.parameters), body: Body::Block(&f.body), span: span(f.range) }),
            ast::Stmt::Expr(e) => match e.value.as_ref() {
                ast::Expr::Lambda(l) => Some(Def { name: "<lambda>", params: l.parameters.as_deref(), body: Body::Expr(&l.body), span: span(l.range) }),
                _ => None,
            },
            _ => None,
        })
        .ok_or_else(|| Diagnostic::unsupported("no function definition found in source", Span::new(0, 0)))?;
    let out = RefCell::new(InnerOut { next: first_inner, functions: Vec::new() });
    let function = Lowerer::new(src, id, &out).function(&d, &[])?;
    let mut inner = out.into_inner().functions;
    inner.sort_by_key(|f| f.id);
    Ok((function, inner))
}

/// The front end of a whole program: lowers the embedder's functions on demand and keeps their
/// inner functions, whose ids follow the embedder's, until they are asked for.
pub struct Front<'p> {
    functions: &'p [FunctionSource],
    inner: HashMap<FuncId, Function>,
    /// For each inner function (id `functions.len() + k`), the embedder's function it is in.
    origins: Vec<FuncId>,
}

impl<'p> Front<'p> {
    pub fn new(functions: &'p [FunctionSource]) -> Self {
        Front { functions, inner: HashMap::new(), origins: Vec::new() }
    }

    /// Function `id`'s HIR (each id is asked for once).
    pub fn lower(&mut self, id: FuncId) -> Result<Function> {
        if let Some(f) = self.inner.remove(&id) {
            return Ok(f);
        }
        let first_inner = self.functions.len() + self.origins.len();
        let (function, inner) = lower(&self.functions[id], id, first_inner)?;
        for f in inner {
            self.origins.push(id);
            self.inner.insert(f.id, f);
        }
        Ok(function)
    }

    /// The embedder's function whose source holds function `id` (itself, or the one an inner
    /// function is in): its source map and options are that function's.
    pub fn origin(&self, id: FuncId) -> FuncId {
        if id < self.functions.len() {
            id
        } else {
            self.origins[id - self.functions.len()]
        }
    }

    /// How many functions there are so far, inner ones included.
    pub fn count(&self) -> usize {
        self.functions.len() + self.origins.len()
    }
}

/// Folds literal constants (after the front end's own folding of negation).
pub fn fold(e: &Expr) -> Option<Const> {
    match &e.kind {
        ExprKind::Const(c) => Some(c.clone()),
        _ => None,
    }
}

thread_local! {
    /// The span every node gets while a library function (`library.rs`) is lowered: its call's.
    static SPAN_OVERRIDE: std::cell::Cell<Option<Span>> = const { std::cell::Cell::new(None) };
}

/// `f()` with every span made `sp`.
fn with_span<T>(sp: Span, f: impl FnOnce() -> T) -> T {
    let outer = SPAN_OVERRIDE.with(|o| o.replace(Some(sp)));
    let out = f();
    SPAN_OVERRIDE.with(|o| o.set(outer));
    out
}

fn span(r: ruff_text_size::TextRange) -> Span {
    SPAN_OVERRIDE.with(|o| o.get()).unwrap_or_else(|| Span::new(r.start().to_u32(), r.end().to_u32()))
}

fn spanned(node: &impl Ranged) -> Span {
    span(node.range())
}
