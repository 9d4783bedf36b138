//! Comprehensions the one-loop `RangeReduce` does not cover: several `for`s, set and dict
//! comprehensions, and `any`/`all`/`sum`/`min`/`max` of a generator with several `for`s. Each
//! becomes an inner function of no parameters, called where the comprehension stands, whose body
//! is the loop nest CPython's comprehension scope runs:
//!
//! ```text
//! <comp> = []                      # {} or an empty set
//! for x in xs:
//!     if c:
//!         for y in ys:
//!             <comp>.append(elt)   # <comp>.add(elt), <comp>[k] = v
//! return <comp>
//! ```
//!
//! The targets are the inner function's own locals (they do not leak, as in Python 3), and the
//! enclosing variables it reads are captured by the closure machinery with late binding, which is
//! what a comprehension called at once sees. `any`/`all` return at the deciding item.

use crate::closures::{free_names, Body, Def, InnerFn};
use crate::lowerer::Lowerer;
use crate::{spanned, Result};
use hasten_ir::hir::Expr;
use hasten_ir::Diagnostic;
use ruff_python_ast as ast;
use ruff_text_size::TextRange;

/// What the loop nest does with each item.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Collect {
    List,
    Set,
    /// Items are `(key, value)`: the dict comprehension's two expressions.
    Dict,
    Any,
    All,
}

const RESULT: &str = "<comp>";
const KEY: &str = "<key>";

impl Lowerer<'_> {
    /// The call of the inner function that runs the comprehension `generators` with item `elt`
    /// (and `value`, for a dict comprehension).
    pub(crate) fn comprehension_call(&mut self, collect: Collect, generators: &[ast::Comprehension], elt: &ast::Expr, value: Option<&ast::Expr>, range: TextRange) -> Result<Expr> {
        if let Some(g) = generators.iter().find(|g| g.is_async) {
            return Err(Diagnostic::unsupported("async comprehensions are not supported", spanned(g)));
        }
        first_iterable_apart(generators)?;
        let body = loop_nest(collect, generators, elt, value, range);
        let name = match collect {
            Collect::List => "<listcomp>",
            Collect::Set => "<setcomp>",
            Collect::Dict => "<dictcomp>",
            Collect::Any | Collect::All => "<genexpr>",
        };
        self.comprehension_fn(name, &body, range)
    }

    /// `List(iterable)` of `hasten.typed` (`empty`: the user's constructor called with no
    /// arguments): a typed list filled as `list(iterable)` fills a list, typed by its items.
    pub(crate) fn typed_list_of(&mut self, empty: ast::Expr, iterable: &ast::Expr, range: TextRange) -> Result<Expr> {
        let item = name("<item>", ast::ExprContext::Load, range);
        let (generators, elt) = match iterable {
            ast::Expr::Generator(g) => (g.generators.clone(), g.elt.as_ref().clone()),
            _ => {
                let target = name("<item>", ast::ExprContext::Store, range);
                (vec![ast::Comprehension { range, node_index: Default::default(), target, iter: iterable.clone(), ifs: Vec::new(), is_async: false }], item)
            }
        };
        if let Some(g) = generators.iter().find(|g| g.is_async) {
            return Err(Diagnostic::unsupported("async comprehensions are not supported", spanned(g)));
        }
        first_iterable_apart(&generators)?;
        let mut body = loop_nest(Collect::List, &generators, &elt, None, range);
        body[0] = assign(name(RESULT, ast::ExprContext::Store, range), empty, range);
        self.comprehension_fn("<listcomp>", &body, range)
    }

    /// The call of an inner function of no parameters whose statements are `body`.
    fn comprehension_fn(&mut self, name: &str, body: &[ast::Stmt], range: TextRange) -> Result<Expr> {
        let d = Def { name, params: None, body: Body::Block(body), span: crate::span(range) };
        let f = InnerFn { id: self.next_inner_id(), captures: self.captures_of(&free_names(&d)), rebinds: Vec::new() };
        self.lower_inner(&d, &f)?;
        let sp = crate::span(range);
        match self.inner_call(f.id, &f.captures, Vec::new(), Vec::new(), sp)? {
            crate::entity::Entity::Value(e) => Ok(e),
            _ => unreachable!("a call of an inner function is a value"),
        }
    }
}

/// The statements of the comprehension's function.
fn loop_nest(collect: Collect, generators: &[ast::Comprehension], elt: &ast::Expr, value: Option<&ast::Expr>, range: TextRange) -> Vec<ast::Stmt> {
    let mut body = innermost(collect, elt, value, range);
    for g in generators.iter().rev() {
        for cond in g.ifs.iter().rev() {
            body = vec![if_stmt(cond.clone(), body, range)];
        }
        body = vec![ast::Stmt::For(ast::StmtFor {
            node_index: Default::default(),
            range,
            is_async: false,
            target: Box::new(g.target.clone()),
            iter: Box::new(g.iter.clone()),
            body: body.into(),
            orelse: Default::default(),
        })];
    }
    let (init, result) = match collect {
        Collect::List => (Some(ast::Expr::List(ast::ExprList { node_index: Default::default(), range, elts: Vec::new(), ctx: ast::ExprContext::Load })), name(RESULT, ast::ExprContext::Load, range)),
        // `set()`: an empty set typed by the `add`s that follow, as the user would write it.
        Collect::Set => (Some(call(name("set", ast::ExprContext::Load, range), None, range)), name(RESULT, ast::ExprContext::Load, range)),
        Collect::Dict => (Some(ast::Expr::Dict(ast::ExprDict { node_index: Default::default(), range, items: Vec::new() })), name(RESULT, ast::ExprContext::Load, range)),
        Collect::Any => (None, boolean(false, range)),
        Collect::All => (None, boolean(true, range)),
    };
    let mut stmts = Vec::new();
    if let Some(init) = init {
        stmts.push(assign(name(RESULT, ast::ExprContext::Store, range), init, range));
    }
    stmts.extend(body);
    stmts.push(ret(result, range));
    stmts
}

/// What the innermost loop does with an item.
fn innermost(collect: Collect, elt: &ast::Expr, value: Option<&ast::Expr>, range: TextRange) -> Vec<ast::Stmt> {
    let method = |m: &str| {
        let func = ast::Expr::Attribute(ast::ExprAttribute {
            node_index: Default::default(),
            range,
            value: Box::new(name(RESULT, ast::ExprContext::Load, range)),
            attr: ast::Identifier::new(m, range),
            ctx: ast::ExprContext::Load,
        });
        ast::Stmt::Expr(ast::StmtExpr { node_index: Default::default(), range, value: Box::new(call(func, Some(elt.clone()), range)) })
    };
    match collect {
        Collect::List => vec![method("append")],
        Collect::Set => vec![method("add")],
        // CPython evaluates the key before the value; an assignment evaluates its value first.
        Collect::Dict => vec![
                assign(name(KEY, ast::ExprContext::Store, range), elt.clone(), range),
                assign(
                    ast::Expr::Subscript(ast::ExprSubscript {
                        node_index: Default::default(),
                        range,
                        value: Box::new(name(RESULT, ast::ExprContext::Load, range)),
                        slice: Box::new(name(KEY, ast::ExprContext::Load, range)),
                        ctx: ast::ExprContext::Store,
                    }),
                    value.expect("a dict comprehension's value").clone(),
                    range,
                ),
            ],
        Collect::Any => vec![if_stmt(elt.clone(), vec![ret(boolean(true, range), range)], range)],
        Collect::All => {
            let not = ast::Expr::UnaryOp(ast::ExprUnaryOp { node_index: Default::default(), range, op: ast::UnaryOp::Not, operand: Box::new(elt.clone()) });
            vec![if_stmt(not, vec![ret(boolean(false, range), range)], range)]
        }
    }
}

fn name(id: &str, ctx: ast::ExprContext, range: TextRange) -> ast::Expr {
    ast::Expr::Name(ast::ExprName { node_index: Default::default(), range, id: ast::name::Name::new(id), ctx })
}

fn call(func: ast::Expr, arg: Option<ast::Expr>, range: TextRange) -> ast::Expr {
    ast::Expr::Call(ast::ExprCall {
        node_index: Default::default(),
        range_start: range.start(),
        func: Box::new(func),
        arguments: ast::Arguments { node_index: Default::default(), range, args: arg.into_iter().collect(), keywords: Default::default() },
    })
}

fn assign(target: ast::Expr, value: ast::Expr, range: TextRange) -> ast::Stmt {
    ast::Stmt::Assign(ast::StmtAssign { node_index: Default::default(), range, targets: vec![target], value: Box::new(value) })
}

fn boolean(value: bool, range: TextRange) -> ast::Expr {
    ast::Expr::BooleanLiteral(ast::ExprBooleanLiteral { node_index: Default::default(), range, value })
}

fn ret(value: ast::Expr, range: TextRange) -> ast::Stmt {
    ast::Stmt::Return(ast::StmtReturn { node_index: Default::default(), range, value: Some(Box::new(value)) })
}

fn if_stmt(test: ast::Expr, body: Vec<ast::Stmt>, range: TextRange) -> ast::Stmt {
    ast::Stmt::If(ast::StmtIf { node_index: Default::default(), range, test: Box::new(test), body: body.into(), elif_else_clauses: Vec::new() })
}

/// CPython evaluates the first iterable in the enclosing scope; the inner function evaluates it
/// in its own, where a target of the same name would shadow the enclosing variable.
fn first_iterable_apart(generators: &[ast::Comprehension]) -> Result<()> {
    let Some(first) = generators.first() else { return Ok(()) };
    let probe = [ast::Stmt::Expr(ast::StmtExpr { node_index: Default::default(), range: first.range, value: Box::new(first.iter.clone()) })];
    let read = free_names(&Def { name: "", params: None, body: Body::Block(&probe), span: spanned(first) });
    let mut bound = Vec::new();
    for g in generators {
        crate::calls::target_names(&g.target, &mut bound)?;
    }
    match read.iter().find(|n| bound.contains(n)) {
        Some(n) => Err(Diagnostic::unsupported(
            format!("a comprehension whose first iterable reads '{n}', a name its own targets bind, is not supported; rename the target"),
            spanned(&first.iter),
        )),
        None => Ok(()),
    }
}
