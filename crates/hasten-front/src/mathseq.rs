//! `math.fsum`, `math.prod` and `math.dist`: each iterable argument becomes the list of its items
//! (a list literal as it is, a tuple literal as a list literal, a generator's items, `[v for v in x]` otherwise), so that the later
//! stages see lists only, as CPython's C code sees one sequence of items.

use crate::comprehensions::Collect;
use crate::lowerer::Lowerer;
use crate::Result;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span};
use ruff_python_ast as ast;
use ruff_text_size::Ranged;

impl Lowerer<'_> {
    /// The call `math.f(...)` of a function of iterables, arguments bound as CPython binds them.
    pub(crate) fn math_of_iterables(&mut self, f: MathFn, c: &ast::ExprCall, sp: Span) -> Result<Expr> {
        let (args, keywords) = (&c.arguments.args[..], &c.arguments.keywords[..]);
        let count = args.len();
        let mut start = None;
        match f {
            MathFn::Fsum if !keywords.is_empty() => return Err(Diagnostic::typing("math.fsum() takes no keyword arguments", sp)),
            MathFn::Fsum if count != 1 => return Err(Diagnostic::typing(format!("math.fsum() takes exactly one argument ({count} given)"), sp)),
            MathFn::Dist if !keywords.is_empty() => return Err(Diagnostic::typing("dist() takes no keyword arguments", sp)),
            MathFn::Dist if count != 2 => return Err(Diagnostic::typing(format!("dist expected 2 arguments, got {count}"), sp)),
            MathFn::Prod => {
                if count != 1 {
                    return Err(Diagnostic::typing(format!("prod() takes exactly 1 positional argument ({count} given)"), sp));
                }
                for k in keywords {
                    match k.arg.as_ref().map(|n| n.id.as_str()) {
                        Some("start") => start = Some(self.expr(&k.value)?),
                        Some(name) => return Err(Diagnostic::typing(format!("'{name}' is an invalid keyword argument for prod()"), sp)),
                        None => return Err(Diagnostic::unsupported("**kwargs in calls is not supported", sp)),
                    }
                }
            }
            _ => {}
        }
        if args.iter().any(|a| matches!(a, ast::Expr::Starred(_))) {
            return Err(Diagnostic::unsupported(format!("*args in a call of math.{} is not supported", f.name()), sp));
        }
        let mut lists = Vec::new();
        for a in args {
            lists.push(self.items_list(a)?);
        }
        if f == MathFn::Prod {
            lists.push(start.unwrap_or_else(|| Expr::new(ExprKind::Const(Const::Int(1)), sp)));
        }
        Ok(Expr::new(ExprKind::Call(Callee::Math(f), lists, Vec::new()), sp))
    }

    /// The list of the items of iterable `a`, in iteration order.
    fn items_list(&mut self, a: &ast::Expr) -> Result<Expr> {
        match a {
            ast::Expr::List(_) => self.expr(a),
            // A tuple literal's items in order are those of the list literal.
            ast::Expr::Tuple(t) if !t.elts.iter().any(|e| matches!(e, ast::Expr::Starred(_))) => {
                let items = t.elts.iter().map(|e| self.expr(e)).collect::<Result<Vec<_>>>()?;
                Ok(Expr::new(ExprKind::List(items), crate::span(t.range)))
            }
            ast::Expr::Generator(g) => self.comprehension_call(Collect::List, &g.generators, &g.elt, None, g.range),
            _ => {
                let range = a.range();
                let name = |ctx| ast::Expr::Name(ast::ExprName { node_index: Default::default(), range, id: ast::name::Name::new("<item>"), ctx });
                let comp = ast::Comprehension { range, node_index: Default::default(), target: name(ast::ExprContext::Store), iter: a.clone(), ifs: Vec::new(), is_async: false };
                self.comprehension_call(Collect::List, &[comp], &name(ast::ExprContext::Load), None, range)
            }
        }
    }
}
