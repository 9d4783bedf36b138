//! Assignment expressions (`v := e`) that are the first thing their statement evaluates: a rewrite
//! of the syntax tree before it is lowered, into an assignment statement run just before.
//!
//! "First" follows the operand Python evaluates first: the left of a comparison or a binary
//! operator, the first value of `and`/`or`, the operand of a unary operator, the value of a
//! subscript or an attribute, the first item of a tuple or list display, the first argument of a
//! call of a name. A later operand of an `and` in an `if` or `while` test takes one too: the
//! operands are then tested one after another. So `if (m := f(x)) is not None:`, `y = (n := len(a)) * 2` and
//! `while (v := a[i]) > 0:` take it; a `while` becomes `while True:` whose body assigns, then
//! breaks when the test fails (so `continue` evaluates the test again); an `elif` becomes an
//! `else:` holding the assignment and the `if`. An assignment expression anywhere else is left
//! for the lowering, which refuses it by name.

use ruff_python_ast::{self as ast, ExprContext};
use ruff_text_size::Ranged;

/// Rewrites the assignment expressions of `body` and of the functions defined in it.
pub(crate) fn rewrite<C>(body: &mut C)
where
    C: Default + IntoIterator<Item = ast::Stmt> + FromIterator<ast::Stmt>,
{
    suite(body);
}

fn suite<C>(body: &mut C)
where
    C: Default + IntoIterator<Item = ast::Stmt> + FromIterator<ast::Stmt>,
{
    let mut out = Vec::new();
    for s in std::mem::take(body) {
        stmt(s, &mut out);
    }
    *body = out.into_iter().collect();
}

/// `s` with its assignment expressions rewritten, after the assignments it needs, onto `out`.
fn stmt(mut s: ast::Stmt, out: &mut Vec<ast::Stmt>) {
    match &mut s {
        ast::Stmt::FunctionDef(f) => suite(&mut f.body),
        ast::Stmt::Assign(ast::StmtAssign { value, .. }) | ast::Stmt::Expr(ast::StmtExpr { value, .. }) => hoist(value, out),
        ast::Stmt::AnnAssign(ast::StmtAnnAssign { value: Some(value), .. }) | ast::Stmt::Return(ast::StmtReturn { value: Some(value), .. }) => hoist(value, out),
        ast::Stmt::For(f) => {
            hoist(&mut f.iter, out);
            suite(&mut f.body);
            suite(&mut f.orelse);
        }
        ast::Stmt::While(w) => {
            suite(&mut w.body);
            suite(&mut w.orelse);
            if w.orelse.is_empty() && conjuncts(&mut w.test).iter_mut().any(|c| first_named(c).is_some()) {
                while_true(w);
            }
        }
        ast::Stmt::If(i) => {
            if later_conjunct_named(&mut i.test) {
                flag_test(i, out);
            }
            hoist(&mut i.test, out);
            suite(&mut i.body);
            elifs(&mut i.elif_else_clauses);
        }
        ast::Stmt::With(w) => suite(&mut w.body),
        ast::Stmt::Try(t) => {
            suite(&mut t.body);
            for ast::ExceptHandler::ExceptHandler(h) in &mut t.handlers {
                suite(&mut h.body);
            }
            suite(&mut t.orelse);
            suite(&mut t.finalbody);
        }
        _ => {}
    }
    out.push(s);
}

/// Moves the assignment expressions `e` evaluates first into statements on `out`.
fn hoist(e: &mut ast::Expr, out: &mut Vec<ast::Stmt>) {
    while let Some(named) = first_named(e) {
        let range = named.range();
        let ast::Expr::Named(n) = std::mem::replace(named, ast::Expr::NoneLiteral(ast::ExprNoneLiteral { node_index: Default::default(), range })) else {
            unreachable!("first_named finds assignment expressions")
        };
        let ast::ExprNamed { target, value, .. } = n;
        let mut load = (*target).clone();
        if let ast::Expr::Name(name) = &mut load {
            name.ctx = ExprContext::Load;
        }
        *named = load;
        let assign = ast::Stmt::Assign(ast::StmtAssign { node_index: Default::default(), range, targets: vec![*target], value });
        stmt(assign, out);
    }
}

/// The assignment expression `e` evaluates before anything else, if there is one.
fn first_named(e: &mut ast::Expr) -> Option<&mut ast::Expr> {
    let first = match e {
        ast::Expr::Named(_) => return Some(e),
        ast::Expr::Compare(c) => &mut c.left,
        ast::Expr::BinOp(b) => &mut b.left,
        ast::Expr::BoolOp(b) => b.values.first_mut()?,
        ast::Expr::UnaryOp(u) => &mut u.operand,
        ast::Expr::Subscript(s) => &mut s.value,
        ast::Expr::Attribute(a) => &mut a.value,
        ast::Expr::Tuple(t) => t.elts.first_mut()?,
        ast::Expr::List(l) => l.elts.first_mut()?,
        // Looking up a function's name does nothing; its first argument is evaluated next.
        ast::Expr::Call(c) if matches!(*c.func, ast::Expr::Name(_)) => c.arguments.args.first_mut()?,
        _ => return None,
    };
    first_named(first)
}

/// The operands of `e` if it is an `and`, else `e` alone.
fn conjuncts(e: &mut ast::Expr) -> Vec<&mut ast::Expr> {
    match e {
        ast::Expr::BoolOp(ast::ExprBoolOp { op: ast::BoolOp::And, values, .. }) => values.iter_mut().collect(),
        _ => vec![e],
    }
}

/// Whether an operand of `and` other than the first starts with an assignment expression.
fn later_conjunct_named(e: &mut ast::Expr) -> bool {
    conjuncts(e).into_iter().skip(1).any(|c| first_named(c).is_some())
}

fn name(id: &str, ctx: ExprContext, range: ruff_text_size::TextRange) -> ast::Expr {
    ast::Expr::Name(ast::ExprName { node_index: Default::default(), range, id: ast::name::Name::new(id), ctx })
}

fn constant(value: bool, range: ruff_text_size::TextRange) -> ast::Expr {
    ast::Expr::BooleanLiteral(ast::ExprBooleanLiteral { node_index: Default::default(), range, value })
}

fn if_stmt(test: ast::Expr, body: Vec<ast::Stmt>, range: ruff_text_size::TextRange) -> ast::Stmt {
    ast::Stmt::If(ast::StmtIf { node_index: Default::default(), range, test: Box::new(test), body: body.into(), elif_else_clauses: Vec::new() })
}

/// `while c1 and c2: body` as `while True:` whose body breaks at the first operand that fails,
/// each preceded by the assignments it needs, then runs `body`.
fn while_true(w: &mut ast::StmtWhile) {
    let range = w.test.range();
    let test = std::mem::replace(&mut *w.test, constant(true, range));
    let operands = match test {
        ast::Expr::BoolOp(ast::ExprBoolOp { op: ast::BoolOp::And, values, .. }) => values,
        t => vec![t],
    };
    let mut body = Vec::new();
    for mut c in operands {
        hoist(&mut c, &mut body);
        let not = ast::Expr::UnaryOp(ast::ExprUnaryOp { node_index: Default::default(), range, op: ast::UnaryOp::Not, operand: Box::new(c) });
        body.push(if_stmt(not, vec![ast::Stmt::Break(ast::StmtBreak { node_index: Default::default(), range })], range));
    }
    body.extend(std::mem::take(&mut w.body));
    w.body = body.into();
}

/// `if c1 and c2:` where `c2` assigns: a flag set by nested `if`s, one per operand, each preceded
/// by the assignments it needs (so an operand is evaluated only when those before it hold), and
/// the `if` made a test of the flag.
fn flag_test(i: &mut ast::StmtIf, out: &mut Vec<ast::Stmt>) {
    let range = i.test.range();
    let flag = format!("walrus.{}", u32::from(range.start()));
    let assign = |value: bool| ast::Stmt::Assign(ast::StmtAssign { node_index: Default::default(), range, targets: vec![name(&flag, ExprContext::Store, range)], value: Box::new(constant(value, range)) });
    let test = std::mem::replace(&mut *i.test, name(&flag, ExprContext::Load, range));
    let ast::Expr::BoolOp(ast::ExprBoolOp { values, .. }) = test else { unreachable!("an `and` with a later operand that assigns") };
    let mut inner = vec![assign(true)];
    for mut c in values.into_iter().rev() {
        let mut body = Vec::new();
        hoist(&mut c, &mut body);
        body.push(if_stmt(c, inner, range));
        inner = body;
    }
    out.push(assign(false));
    out.extend(inner);
}

/// The `elif`s of an `if`: the first whose test starts with an assignment expression becomes an
/// `else:` of the assignment and an `if` of it and the clauses after it.
fn elifs(clauses: &mut Vec<ast::ElifElseClause>) {
    let Some(k) = clauses.iter_mut().position(|c| c.test.as_mut().is_some_and(|t| first_named(t).is_some() || later_conjunct_named(t))) else {
        clauses.iter_mut().for_each(|c| suite(&mut c.body));
        return;
    };
    let mut rest = clauses.split_off(k);
    clauses.iter_mut().for_each(|c| suite(&mut c.body));
    let head = rest.remove(0);
    let range = head.range;
    let test = head.test.expect("an elif");
    let nested = ast::Stmt::If(ast::StmtIf { node_index: Default::default(), range, test: Box::new(test), body: head.body, elif_else_clauses: rest });
    let mut body = Vec::new();
    stmt(nested, &mut body);
    clauses.push(ast::ElifElseClause { node_index: Default::default(), range, test: None, body: body.into() });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(src: &str) -> Vec<ast::Stmt> {
        let mut body = ruff_python_parser::parse_module(src).expect("parses").into_syntax().body;
        rewrite(&mut body);
        body.into_iter().collect()
    }

    fn kinds(body: &[ast::Stmt]) -> Vec<&'static str> {
        body.iter()
            .map(|s| match s {
                ast::Stmt::Assign(_) => "assign",
                ast::Stmt::If(_) => "if",
                ast::Stmt::While(_) => "while",
                ast::Stmt::Break(_) => "break",
                ast::Stmt::Expr(_) => "expr",
                ast::Stmt::Return(_) => "return",
                _ => "other",
            })
            .collect()
    }

    #[test]
    fn a_while_test_is_assigned_then_tested_in_the_body() {
        let body = rewritten("while (v := f()) > 0:\n    g(v)\n");
        let ast::Stmt::While(w) = &body[0] else { panic!("a while") };
        assert!(matches!(*w.test, ast::Expr::BooleanLiteral(ast::ExprBooleanLiteral { value: true, .. })));
        assert_eq!(kinds(&w.body), ["assign", "if", "expr"]);
    }

    #[test]
    fn an_if_test_is_assigned_before_the_if() {
        let body = rewritten("if (m := f()) is not None:\n    g(m)\n");
        assert_eq!(kinds(&body), ["assign", "if"]);
    }

    #[test]
    fn a_later_operand_of_and_sets_a_flag_in_nested_ifs() {
        let body = rewritten("if a and (v := f()) > 0:\n    g(v)\n");
        assert_eq!(kinds(&body), ["assign", "if", "if"]);
        let ast::Stmt::If(outer) = &body[1] else { panic!("an if") };
        assert_eq!(kinds(&outer.body), ["assign", "if"]);
    }

    #[test]
    fn an_elif_becomes_an_else_holding_the_assignment() {
        let body = rewritten("if a:\n    pass\nelif (v := f()) > 0:\n    g(v)\n");
        let ast::Stmt::If(i) = &body[0] else { panic!("an if") };
        assert!(i.elif_else_clauses[0].test.is_none());
        assert_eq!(kinds(&i.elif_else_clauses[0].body), ["assign", "if"]);
    }

    #[test]
    fn a_later_operand_elsewhere_is_left_in_place() {
        let body = rewritten("x = a + (b := 2)\n");
        assert_eq!(kinds(&body), ["assign"]);
        let ast::Stmt::Assign(a) = &body[0] else { panic!("an assignment") };
        assert!(matches!(&*a.value, ast::Expr::BinOp(b) if matches!(*b.right, ast::Expr::Named(_))));
    }
}
