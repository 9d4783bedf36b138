//! Statements: assignment and its targets, `if`/`elif` chains, loops (`for` over `range`/`prange`
//! becomes `ForRange`), `return` and `assert` (`raise` and `try` are in `exceptions.rs`). Every other statement is
//! rejected here.

use crate::calls::range_bounds;
use crate::expr::binop;
use crate::lowerer::Lowerer;
use crate::entity::{Callable, Entity};
use crate::{spanned, Result};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span};
use ruff_python_ast as ast;

impl Lowerer<'_> {
    /// Whether `x` is a generator expression or a call of the builtin `range` or `reversed`:
    /// iterables compiled code walks but does not hold as values.
    pub(crate) fn lazy_iterable(&self, x: &ast::Expr) -> bool {
        match x {
            ast::Expr::Generator(_) => true,
            ast::Expr::Call(call) => matches!(call.func.as_ref(), ast::Expr::Name(n) if matches!(n.id.as_str(), "range" | "reversed") && self.is_builtin_name(n.id.as_str())),
            _ => false,
        }
    }

    pub(crate) fn block(&mut self, stmts: &[ast::Stmt]) -> Result<Vec<Stmt>> {
        stmts.iter().map(|s| self.stmt(s)).collect()
    }

    /// A statement (`nonlocals.rs`'s `stmt` then assigns back what a call in it rebinds).
    pub(crate) fn plain_stmt(&mut self, stmt: &ast::Stmt) -> Result<Stmt> {
        let sp = spanned(stmt);
        let kind = match stmt {
            // Inner functions are lowered by `declare_inner`; binding their names does nothing.
            ast::Stmt::FunctionDef(_) => StmtKind::Pass,
            ast::Stmt::Assign(a) if crate::closures::is_lambda_binding(a) => StmtKind::Pass,
            // `x[a:b] = []` deletes the run (an empty literal has no item type to copy from).
            ast::Stmt::Assign(a) if is_run_cleared(a) => self.delete_item(&a.targets[0], spanned(a))?,
            ast::Stmt::Assign(a) if crate::arrayattrs::is_flat_store(a) => self.flat_store(a, sp)?,
            ast::Stmt::Assign(a) if crate::sequences::starred_targets(a).is_some() => self.starred_assign(a, sp)?,
            ast::Stmt::Assign(a) => {
                // `x, y, z = range(3)`: of the list of the range's items, which CPython's unpacking walks.
                let unpacks = a.targets.iter().any(|t| matches!(t, ast::Expr::Tuple(_) | ast::Expr::List(_)));
                let value = if unpacks && self.lazy_iterable(&a.value) { self.expr(&crate::sequences::list_call(&a.value))? } else { self.expr(&a.value)? };
                let targets = a.targets.iter().map(|t| self.target(t)).collect::<Result<_>>()?;
                StmtKind::Assign { targets, value }
            }
            // A bare annotation `x: int` declares nothing at run time.
            ast::Stmt::AnnAssign(a) => match &a.value {
                Some(v) => StmtKind::Assign { targets: vec![self.target(&a.target)?], value: self.expr(v)? },
                None => StmtKind::Pass,
            },
            ast::Stmt::AugAssign(a) => {
                let target = self.target(&a.target)?;
                if let Target::Tuple(_, s) = target {
                    return Err(Diagnostic::unsupported("augmented assignment to a tuple", s));
                }
                // `l += range(n)`, `l += (x for ...)`: of the list of the items, as `list.__iadd__`
                // takes them (and a type error for anything but a list, as in CPython).
                let value = if a.op == ast::Operator::Add && self.lazy_iterable(&a.value) { self.expr(&crate::sequences::list_call(&a.value))? } else { self.expr(&a.value)? };
                StmtKind::AugAssign { target, op: binop(a.op, sp)?, value, plan: None }
            }
            ast::Stmt::Expr(e) => match &*e.value {
                // `yield v` of a generator function: a marker call that the type checker's
                // inlining into the consuming `for` loop replaces (`hasten_typeck::generators`).
                ast::Expr::Yield(y) => {
                    let value = match &y.value {
                        Some(v) => self.expr(v)?,
                        None => Expr::new(ExprKind::Const(Const::None), sp),
                    };
                    StmtKind::Expr(Expr::new(ExprKind::Call(Callee::Builtin(Builtin::Yield), vec![value], Vec::new()), sp))
                }
                // `yield from xs` is `for item in xs: yield item`.
                ast::Expr::YieldFrom(y) => self.for_stmt(&yield_from(y))?,
                _ => StmtKind::Expr(self.expr(&e.value)?),
            },
            ast::Stmt::Delete(d) => self.delete(d)?,
            ast::Stmt::If(s) => self.if_stmt(s)?,
            ast::Stmt::While(w) => StmtKind::While {
                cond: self.expr(&w.test)?,
                body: self.block(&w.body)?,
                orelse: self.block(&w.orelse)?,
            },
            ast::Stmt::For(f) => self.for_stmt(f)?,
            ast::Stmt::Break(_) => StmtKind::Break,
            ast::Stmt::Continue(_) => StmtKind::Continue,
            ast::Stmt::Pass(_) => StmtKind::Pass,
            ast::Stmt::Return(r) => {
                let value = match &r.value {
                    Some(v) => Some(self.expr(v)?),
                    None => None,
                };
                StmtKind::Return(self.returned(value, sp))
            }
            ast::Stmt::Assert(a) => StmtKind::Assert {
                test: self.expr(&a.test)?,
                msg: match &a.msg {
                    Some(m) => Some(self.constant(m)?),
                    None => None,
                },
            },
            ast::Stmt::Raise(r) => self.raise(r)?,
            ast::Stmt::Try(t) => self.try_stmt(t, sp)?,
            ast::Stmt::Nonlocal(n) => self.nonlocal_stmt(n)?,
            other => {
                let what = unsupported_stmt(other);
                return Err(Diagnostic::unsupported(format!("{what} is not supported"), sp));
            }
        };
        Ok(Stmt { kind, span: sp })
    }

    /// `if`/`elif`/`else` as nested ifs: each `elif` is an `if` alone in the `orelse` of the one before.
    /// The clauses are lowered in order, each test before its body.
    fn if_stmt(&mut self, s: &ast::StmtIf) -> Result<StmtKind> {
        let cond = self.expr(&s.test)?;
        let (then, orelse) = self.if_arms(&cond, &s.body, &s.elif_else_clauses)?;
        Ok(StmtKind::If { cond, then, orelse })
    }

    /// The blocks of an `if` (or `elif`) whose condition is `cond`. A condition decided here
    /// (`hasattr(np, "name")`) leaves the arm it rules out unlowered, so that it may name what
    /// this NumPy lacks (`np.trapz` where `np.trapezoid` is the live arm).
    fn if_arms(&mut self, cond: &Expr, body: &[ast::Stmt], rest: &[ast::ElifElseClause]) -> Result<(Vec<Stmt>, Vec<Stmt>)> {
        let live = if let ExprKind::Decided(b) = cond.kind { Some(b) } else { None };
        let then = if live != Some(false) { self.block(body)? } else { Vec::new() };
        let orelse = if live != Some(true) { self.else_chain(rest)? } else { Vec::new() };
        Ok((then, orelse))
    }

    fn else_chain(&mut self, clauses: &[ast::ElifElseClause]) -> Result<Vec<Stmt>> {
        let Some((clause, rest)) = clauses.split_first() else { return Ok(Vec::new()) };
        let Some(test) = &clause.test else { return self.block(&clause.body) };
        let cond = self.expr(test)?;
        let (then, orelse) = self.if_arms(&cond, &clause.body, rest)?;
        Ok(vec![Stmt { kind: StmtKind::If { cond, then, orelse }, span: spanned(clause) }])
    }

    /// A `for` loop: over a call of `range` or `prange` (under whatever name resolves to them) it is a
    /// counted `ForRange` with a single-name target, over anything else a `ForIter`.
    pub(crate) fn for_stmt(&mut self, f: &ast::StmtFor) -> Result<StmtKind> {
        if f.is_async {
            return Err(Diagnostic::unsupported("async for is not supported", spanned(f)));
        }
        if let ast::Expr::Tuple(ast::ExprTuple { elts, .. }) | ast::Expr::List(ast::ExprList { elts, .. }) = f.target.as_ref() {
            if elts.iter().any(|e| matches!(e, ast::Expr::Starred(_))) {
                return self.starred_for(f);
            }
        }
        if let Some(ast::Expr::Generator(g)) = self.map_as_generator(&f.iter) {
            return self.for_stmt(&for_of_generator(f, g));
        }
        if let Some(g) = generator_of_own_names(&f.iter) {
            return self.for_stmt(&for_of_generator(f, g));
        }
        let reversed = self.reversed_range(&f.iter);
        let iter = reversed.map_or(f.iter.as_ref(), |_| match f.iter.as_ref() {
            ast::Expr::Call(outer) => &outer.arguments.args[0],
            _ => unreachable!("reversed_range found a call"),
        });
        if let ast::Expr::Call(call) = iter {
            // Only `range`/`prange` are special here; any other callee (a method such as
            // `a.ravel()`, whose attribute alone is no entity) is lowered as an ordinary iterable.
            if let Ok(Entity::Callable(c @ (Callable::Range | Callable::Prange))) = self.entity(&call.func) {
                if let Some(k) = call.arguments.keywords.first() {
                    return Err(Diagnostic::typing("range() takes no keyword arguments", spanned(k)));
                }
                let args = call.arguments.args.iter().map(|a| self.expr(a)).collect::<Result<Vec<_>>>()?;
                let (start, stop, step) = range_bounds(&args, spanned(call))?;
                let (start, stop, step) = if reversed.is_some() { crate::sequences::reverse_bounds(start, stop, step, spanned(f.iter.as_ref()))? } else { (start, stop, step) };
                let var = match f.target.as_ref() {
                    ast::Expr::Name(n) => self.local(n.id.as_str()),
                    t => {
                        return Err(Diagnostic::typing(
                            "the target of a loop over range() must be a single name",
                            spanned(t),
                        ))
                    }
                };
                return Ok(StmtKind::ForRange {
                    var,
                    start,
                    stop,
                    step,
                    parallel: matches!(c, Callable::Prange),
                    region: None,
                    body: self.block(&f.body)?,
                    orelse: self.block(&f.orelse)?,
                });
            }
        }
        Ok(StmtKind::ForIter {
            target: self.target(&f.target)?,
            iter: self.expr(&f.iter)?,
            body: self.block(&f.body)?,
            orelse: self.block(&f.orelse)?,
        })
    }

    /// `del x[k]` of one item of a list or a dict, or `del l[a:b:c]`: a call of `ListMethod::Delete`.
    fn delete(&mut self, d: &ast::StmtDelete) -> Result<StmtKind> {
        let [t @ ast::Expr::Subscript(_)] = d.targets.as_slice() else {
            return Err(Diagnostic::unsupported("del is supported of one item (`del x[k]`) yet", spanned(d)));
        };
        self.delete_item(t, spanned(d))
    }

    fn delete_item(&mut self, target: &ast::Expr, sp: Span) -> Result<StmtKind> {
        let ast::Expr::Subscript(s) = target else { unreachable!("a subscript") };
        let base = self.expr(&s.value)?;
        let key = match s.slice.as_ref() {
            ast::Expr::Slice(_) => self.indices(&s.slice)?.pop().expect("one slice"),
            k => self.expr(k)?,
        };
        Ok(StmtKind::Expr(Expr::new(ExprKind::Call(Callee::ListMethod(ListMethod::Delete), vec![base, key], Vec::new()), sp)))
    }

    /// The target of an assignment or of a `for` loop: a local, an element or view `a[...]`, or a
    /// tuple or list of targets to unpack into.
    pub(crate) fn target(&mut self, e: &ast::Expr) -> Result<Target> {
        let sp = spanned(e);
        match e {
            ast::Expr::Name(n) => Ok(Target::Local(self.local(n.id.as_str()), sp)),
            ast::Expr::Subscript(s) => {
                crate::arrayattrs::refuse_flat_target(s, sp)?;
                let base = self.expr(&s.value)?;
                let indices = self.indices(&s.slice)?;
                Ok(Target::Index { base, indices, span: sp })
            }
            ast::Expr::Tuple(t) => {
                Ok(Target::Tuple(t.elts.iter().map(|x| self.target(x)).collect::<Result<_>>()?, sp))
            }
            ast::Expr::List(l) => {
                Ok(Target::Tuple(l.elts.iter().map(|x| self.target(x)).collect::<Result<_>>()?, sp))
            }
            ast::Expr::Starred(_) => Err(Diagnostic::unsupported("starred assignment targets", sp)),
            ast::Expr::Attribute(_) => Err(Diagnostic::unsupported("assignment to an attribute", sp)),
            _ => Err(Diagnostic::typing("cannot assign to this expression", sp)),
        }
    }
}

/// What to call a statement hasten does not compile, in "... is not supported".
fn unsupported_stmt(s: &ast::Stmt) -> &'static str {
    match s {
        ast::Stmt::ClassDef(_) => "class definitions",
        ast::Stmt::With(_) => "the with statement",
        ast::Stmt::Match(_) => "the match statement",
        ast::Stmt::Import(_) | ast::Stmt::ImportFrom(_) => "import inside a compiled function",
        ast::Stmt::Global(_) => "the global statement",
        _ => "this statement",
    }
}

/// `x[a:b] = []` (no step): CPython's list slice assignment of nothing, which is `del x[a:b]`.
fn is_run_cleared(a: &ast::StmtAssign) -> bool {
    let [ast::Expr::Subscript(s)] = a.targets.as_slice() else { return false };
    let empty = matches!(a.value.as_ref(), ast::Expr::List(l) if l.elts.is_empty());
    empty && matches!(s.slice.as_ref(), ast::Expr::Slice(sl) if sl.step.is_none())
}

/// `(elt for x in xs if c)` with one `for` whose variables are renamed apart from the function's
/// (`<gen x>`: a generator's variables are its own), so that a loop can take it over; None for
/// another expression, or where `elt` or `c` hold a scope of their own (a lambda, a comprehension)
/// that could bind those names again.
fn generator_of_own_names(e: &ast::Expr) -> Option<ast::ExprGenerator> {
    use ruff_python_ast::visitor::transformer::{walk_expr, Transformer};
    use ruff_python_ast::visitor::{self, Visitor};
    let ast::Expr::Generator(g) = e else { return None };
    let [comp] = &g.generators[..] else { return None };
    struct Scopes(bool);
    impl<'a> Visitor<'a> for Scopes {
        fn visit_expr(&mut self, e: &'a ast::Expr) {
            self.0 |= matches!(e, ast::Expr::Lambda(_) | ast::Expr::ListComp(_) | ast::Expr::SetComp(_) | ast::Expr::DictComp(_) | ast::Expr::Generator(_) | ast::Expr::Named(_));
            visitor::walk_expr(self, e);
        }
    }
    let mut scopes = Scopes(false);
    scopes.visit_expr(&g.elt);
    comp.ifs.iter().for_each(|c| scopes.visit_expr(c));
    if comp.is_async || scopes.0 {
        return None;
    }
    struct Rename(Vec<String>);
    impl Transformer for Rename {
        fn visit_expr(&self, e: &mut ast::Expr) {
            if let ast::Expr::Name(n) = e {
                if self.0.iter().any(|x| x == n.id.as_str()) {
                    n.id = format!("<gen {}>", n.id).into();
                }
            }
            walk_expr(self, e);
        }
    }
    let mut names = Vec::new();
    let mut targets = vec![&comp.target];
    while let Some(t) = targets.pop() {
        match t {
            ast::Expr::Name(n) => names.push(n.id.to_string()),
            ast::Expr::Tuple(ast::ExprTuple { elts, .. }) | ast::Expr::List(ast::ExprList { elts, .. }) => targets.extend(elts.iter()),
            ast::Expr::Starred(s) => targets.push(&s.value),
            _ => return None,
        }
    }
    let rename = Rename(names);
    let mut g = g.clone();
    let comp = &mut g.generators[0];
    rename.visit_expr(&mut comp.target);
    comp.ifs.iter_mut().for_each(|c| rename.visit_expr(c));
    rename.visit_expr(&mut g.elt);
    Some(g)
}

/// `for t in (elt for x in xs if c)` (what `map`/`filter` are) as `for x in xs:` whose body skips
/// the items failing `c`, assigns `t = elt` and runs the loop's own body.
fn for_of_generator(f: &ast::StmtFor, g: ast::ExprGenerator) -> ast::StmtFor {
    let [comp] = &g.generators[..] else { unreachable!("map_as_generator makes one loop") };
    let range = g.range;
    let mut body: Vec<ast::Stmt> = comp
        .ifs
        .iter()
        .map(|c| {
            let skip = ast::Expr::UnaryOp(ast::ExprUnaryOp { node_index: Default::default(), range, op: ast::UnaryOp::Not, operand: Box::new(c.clone()) });
            let cont = ast::Stmt::Continue(ast::StmtContinue { node_index: Default::default(), range });
            ast::Stmt::If(ast::StmtIf { node_index: Default::default(), range, test: Box::new(skip), body: std::iter::once(cont).collect(), elif_else_clauses: Vec::new() })
        })
        .collect();
    body.push(ast::Stmt::Assign(ast::StmtAssign { node_index: Default::default(), range, targets: vec![f.target.as_ref().clone()], value: g.elt }));
    body.extend(f.body.iter().cloned());
    ast::StmtFor { target: Box::new(comp.target.clone()), iter: Box::new(comp.iter.clone()), body: body.into_iter().collect(), ..f.clone() }
}

/// `for <yield from> in xs: yield <yield from>` for `yield from xs`.
fn yield_from(y: &ast::ExprYieldFrom) -> ast::StmtFor {
    let range = y.range;
    let item = |ctx| ast::Expr::Name(ast::ExprName { node_index: Default::default(), range, id: ast::name::Name::new("<yield from>"), ctx });
    let value = ast::Expr::Yield(ast::ExprYield { node_index: Default::default(), range, value: Some(Box::new(item(ast::ExprContext::Load))) });
    let body = ast::Stmt::Expr(ast::StmtExpr { node_index: Default::default(), range, value: Box::new(value) });
    ast::StmtFor { node_index: Default::default(), range, is_async: false, target: Box::new(item(ast::ExprContext::Store)), iter: y.value.clone(), body: vec![body].into(), orelse: Default::default() }
}
