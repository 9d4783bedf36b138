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
//! - `strings.rs`: f-strings, the arguments of string methods and of `print`;
//! - `numpy.rs`: everything NumPy-specific (`np.*`, array methods and their arguments).

use hasten_ir::hir::{Const, Expr, ExprKind, Function};
use hasten_ir::{Diagnostic, FuncId, FunctionSource, Span};
use lowerer::Lowerer;
use ruff_python_ast as ast;
use ruff_text_size::Ranged;

mod bind;
mod calls;
mod entity;
mod exceptions;
mod expr;
mod lowerer;
mod names;
mod numpy;
mod random;
mod stmt;
mod strings;
#[cfg(test)]
mod tests;

type Result<T> = std::result::Result<T, Diagnostic>;

/// Lowers the first `def` in `src.source` to HIR, as function `id` of the program.
pub fn lower(src: &FunctionSource, id: FuncId) -> Result<Function> {
    let parsed = ruff_python_parser::parse_module(&src.source).map_err(|e| {
        let r = e.location;
        Diagnostic::unsupported(format!("syntax error: {}", e.error), span(r))
    })?;
    let module = parsed.into_syntax();
    let def = module
        .body
        .iter()
        .find_map(|s| match s {
            ast::Stmt::FunctionDef(f) => Some(f),
            _ => None,
        })
        .ok_or_else(|| Diagnostic::unsupported("no function definition found in source", Span::new(0, 0)))?;
    Lowerer::new(src, id).function(def)
}

/// Folds literal constants (after the front end's own folding of negation).
pub fn fold(e: &Expr) -> Option<Const> {
    match &e.kind {
        ExprKind::Const(c) => Some(c.clone()),
        _ => None,
    }
}

fn span(r: ruff_text_size::TextRange) -> Span {
    Span::new(r.start().to_u32(), r.end().to_u32())
}

fn spanned(node: &impl Ranged) -> Span {
    span(node.range())
}
