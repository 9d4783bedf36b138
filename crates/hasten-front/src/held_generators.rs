//! Generator expressions held in a local for one use: `g = (x * x for x in xs)` followed by
//! `total = sum(g)` or `for v in g:`. A rewrite of the syntax tree before it is lowered: the
//! expression moves to where it is used, which compiled code takes (a call's argument, a loop's
//! iterable), and the assignment goes.
//!
//! Python evaluates a generator expression's first iterable when it is made and everything else
//! as it is consumed, so the move keeps the meaning when nothing runs between the two: the use is
//! in the next statement of the same block (past assignments of constants or names to names the
//! iterable does not read: `total = 0`) and is the first thing that statement evaluates (the
//! iterable of a `for`, or the first argument of a call of a name or an attribute of a name in
//! the statement's value, `first_in`), and the name appears nowhere else in the function (a second
//! use would see the generator exhausted; a nested function could run it later).

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast};
use std::collections::HashMap;

/// Rewrites the held generator expressions of the functions defined in `body`.
pub(crate) fn rewrite(body: &mut [ast::Stmt]) {
    for s in body {
        if let ast::Stmt::FunctionDef(f) = s {
            let mut names = Names::default();
            names.visit_body(&f.body);
            suite(&mut f.body, &names);
            // Inner functions have names of their own.
            rewrite(&mut f.body);
        }
    }
}

/// How often each name appears in a function, nested scopes included, and the names that
/// `global`/`nonlocal` statements declare.
#[derive(Default)]
struct Names {
    uses: HashMap<String, usize>,
    declared: Vec<String>,
}

impl<'a> Visitor<'a> for Names {
    fn visit_expr(&mut self, e: &'a ast::Expr) {
        if let ast::Expr::Name(n) = e {
            *self.uses.entry(n.id.to_string()).or_default() += 1;
        }
        visitor::walk_expr(self, e);
    }

    fn visit_stmt(&mut self, s: &'a ast::Stmt) {
        match s {
            ast::Stmt::Global(g) => self.declared.extend(g.names.iter().map(|n| n.id.to_string())),
            ast::Stmt::Nonlocal(g) => self.declared.extend(g.names.iter().map(|n| n.id.to_string())),
            _ => {}
        }
        visitor::walk_stmt(self, s);
    }
}

fn suite<C>(stmts: &mut C, names: &Names)
where
    C: Default + IntoIterator<Item = ast::Stmt> + FromIterator<ast::Stmt>,
{
    let mut body: Vec<ast::Stmt> = std::mem::take(stmts).into_iter().collect();
    let mut k = 0;
    while k < body.len() {
        if k + 1 < body.len() && moved_into_next(&mut body, k, names) {
            body.remove(k);
            continue;
        }
        match &mut body[k] {
            ast::Stmt::For(f) => {
                suite(&mut f.body, names);
                suite(&mut f.orelse, names);
            }
            ast::Stmt::While(w) => {
                suite(&mut w.body, names);
                suite(&mut w.orelse, names);
            }
            ast::Stmt::If(i) => {
                suite(&mut i.body, names);
                i.elif_else_clauses.iter_mut().for_each(|c| suite(&mut c.body, names));
            }
            ast::Stmt::With(w) => suite(&mut w.body, names),
            ast::Stmt::Try(t) => {
                suite(&mut t.body, names);
                for ast::ExceptHandler::ExceptHandler(h) in &mut t.handlers {
                    suite(&mut h.body, names);
                }
                suite(&mut t.orelse, names);
                suite(&mut t.finalbody, names);
            }
            _ => {}
        }
        k += 1;
    }
    *stmts = body.into_iter().collect();
}

/// Whether `body[k]` assigns a generator expression to a name used once, first, by the next
/// statement that runs anything; if so the expression has been moved there (the assignment is
/// left for the caller to drop).
fn moved_into_next(body: &mut [ast::Stmt], k: usize, names: &Names) -> bool {
    let (held, rest) = body[k..].split_at_mut(1);
    let ast::Stmt::Assign(a) = &held[0] else { return false };
    let ([ast::Expr::Name(target)], ast::Expr::Generator(g)) = (&a.targets[..], a.value.as_ref()) else { return false };
    let name = target.id.as_str();
    if names.uses.get(name) != Some(&2) || names.declared.iter().any(|d| d == name) {
        return false;
    }
    let mut read = Names::default();
    read.visit_expr(&g.generators[0].iter);
    let Some(next) = rest.iter_mut().find(|s| !inert(s, &read)) else { return false };
    let Some(slot) = first_use(next, name) else { return false };
    *slot = a.value.as_ref().clone();
    true
}

/// An assignment of a constant or a name to names the generator's first iterable does not read
/// (`total = 0`): it runs nothing, so the iterable may be evaluated after it.
fn inert(s: &ast::Stmt, read: &Names) -> bool {
    let ast::Stmt::Assign(a) = s else { return false };
    let simple = match a.value.as_ref() {
        ast::Expr::UnaryOp(u) => u.op == ast::UnaryOp::USub && matches!(u.operand.as_ref(), ast::Expr::NumberLiteral(_)),
        v => trivial(v),
    };
    simple && a.targets.iter().all(|t| matches!(t, ast::Expr::Name(n) if !read.uses.contains_key(n.id.as_str())))
}

/// The place in `s` of the name `name` where it is the first thing `s` evaluates.
fn first_use<'s>(s: &'s mut ast::Stmt, name: &str) -> Option<&'s mut ast::Expr> {
    let value = match s {
        ast::Stmt::For(f) => return is_name(&f.iter, name).then_some(f.iter.as_mut()),
        ast::Stmt::Expr(ast::StmtExpr { value, .. }) | ast::Stmt::Assign(ast::StmtAssign { value, .. }) => value.as_mut(),
        ast::Stmt::Return(ast::StmtReturn { value: Some(value), .. }) | ast::Stmt::AnnAssign(ast::StmtAnnAssign { value: Some(value), .. }) => value.as_mut(),
        // An augmented assignment reads its target first: a plain name has no effect to reorder.
        ast::Stmt::AugAssign(ast::StmtAugAssign { target, value, .. }) if matches!(target.as_ref(), ast::Expr::Name(_)) => value.as_mut(),
        _ => return None,
    };
    first_in(value, name)
}

/// The place of `name` in `e` where evaluating `e` reaches it before running anything: the first
/// argument of a call of a plain callee, after the trivial items of a display or the trivial left
/// operand of a binary operator.
fn first_in<'e>(e: &'e mut ast::Expr, name: &str) -> Option<&'e mut ast::Expr> {
    match e {
        ast::Expr::Call(c) if plain_callee(&c.func) => {
            let first = c.arguments.args.first_mut()?;
            match is_name(first, name) {
                true => Some(first),
                false => first_in(first, name),
            }
        }
        ast::Expr::Tuple(ast::ExprTuple { elts, .. }) | ast::Expr::List(ast::ExprList { elts, .. }) => first_in(elts.iter_mut().find(|x| !trivial(x))?, name),
        ast::Expr::BinOp(b) => {
            let side = if trivial(&b.left) { &mut b.right } else { &mut b.left };
            first_in(side, name)
        }
        _ => None,
    }
}

/// A name or a constant: evaluating it runs nothing.
fn trivial(e: &ast::Expr) -> bool {
    matches!(e, ast::Expr::Name(_) | ast::Expr::NumberLiteral(_) | ast::Expr::BooleanLiteral(_) | ast::Expr::NoneLiteral(_) | ast::Expr::StringLiteral(_))
}

fn is_name(e: &ast::Expr, name: &str) -> bool {
    matches!(e, ast::Expr::Name(n) if n.id.as_str() == name)
}

/// A callee whose evaluation runs nothing: a name, or attributes of one (`sum`, `np.max`).
fn plain_callee(e: &ast::Expr) -> bool {
    match e {
        ast::Expr::Name(_) => true,
        ast::Expr::Attribute(a) => plain_callee(&a.value),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use ruff_python_ast as ast;

    /// The statements of `f`'s body after the rewrite.
    fn rewritten(code: &str) -> Vec<ast::Stmt> {
        let mut module = ruff_python_parser::parse_module(code).unwrap().into_syntax();
        super::rewrite(&mut module.body);
        let ast::Stmt::FunctionDef(f) = &module.body[0] else { panic!("a def") };
        f.body.to_vec()
    }

    fn holds_generator(s: &ast::Stmt) -> bool {
        use ruff_python_ast::visitor::{self, Visitor};
        struct Found(bool);
        impl<'a> Visitor<'a> for Found {
            fn visit_expr(&mut self, e: &'a ast::Expr) {
                self.0 |= matches!(e, ast::Expr::Generator(_));
                visitor::walk_expr(self, e);
            }
        }
        let mut found = Found(false);
        found.visit_stmt(s);
        found.0
    }

    #[test]
    fn a_generator_used_once_next_moves_to_its_use() {
        let body = rewritten("def f(n):\n    g = (i for i in range(n))\n    total = 0\n    s = sum(g)\n    return s\n");
        assert_eq!(body.len(), 3);
        assert!(matches!(&body[0], ast::Stmt::Assign(a) if !holds_generator(&body[0]) && matches!(a.value.as_ref(), ast::Expr::NumberLiteral(_))));
        assert!(holds_generator(&body[1]));
    }

    #[test]
    fn a_for_loop_takes_it_as_its_iterable() {
        let body = rewritten("def f(xs):\n    g = (x for x in xs)\n    for v in g:\n        pass\n");
        let [ast::Stmt::For(f)] = &body[..] else { panic!("one loop") };
        assert!(matches!(f.iter.as_ref(), ast::Expr::Generator(_)));
    }

    #[test]
    fn it_stays_where_moving_it_could_change_the_meaning() {
        let cases = [
            // A second use would see it exhausted.
            "def f(n):\n    g = (i for i in range(n))\n    a = sum(g)\n    return sum(g)\n",
            // The first iterable read `n` when it was made.
            "def f(n):\n    g = (i for i in range(n))\n    n = 2\n    return sum(g)\n",
            // A call runs between the two.
            "def f(xs):\n    g = (x for x in xs)\n    xs.append(1)\n    return sum(g)\n",
            // Not what the statement evaluates first.
            "def f(xs):\n    g = (x for x in xs)\n    return h(xs.pop(), g)\n",
            // An inner function could run it later.
            "def f(xs):\n    g = (x for x in xs)\n    def h():\n        return g\n    return sum(g)\n",
        ];
        for code in cases {
            let body = rewritten(code);
            assert!(matches!(&body[0], ast::Stmt::Assign(a) if matches!(a.value.as_ref(), ast::Expr::Generator(_))), "{code}");
        }
    }
}
