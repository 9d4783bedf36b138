//! Generator functions (`def g(n): ... yield x ...`) run inlined into the `for` loop that iterates
//! their call, before anything is typed (`program.rs` `untyped`): numba's generators without a
//! generator object.
//!
//! `for t in g(args): body else: orelse` becomes
//!
//! ```text
//! finished = False; broken = False
//! <g's parameters> = args             (in the order the call evaluates them, then defaults)
//! while True:                         (g's body, its locals renamed to fresh ones of the caller)
//!     ...
//!     t = v                           (each `yield v`)
//!     while True: body'; break        (the loop's body once: `continue` is its `break`)
//!     if finished: break
//!     ...
//!     break
//! if not broken: orelse
//! ```
//!
//! where `break` in `body` sets both flags, a `return` of `g` sets `finished`, and every loop of `g`
//! is followed by `if finished: break`, so that the loops around a `yield` are left one after
//! another. What `g` runs between its `yield`s runs where CPython runs it, in the same order; an
//! exception from `body` is not seen by `g` (a `try` in `g` is refused). Inner functions and
//! comprehensions of `g` capture its renamed locals, read where the closure is made. Errors inside
//! the inlined code are reported at the `for` loop.

use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, FuncId, Span};
use std::collections::HashMap;

type R<T> = Result<T, Diagnostic>;

/// The `yield`ed value, if `s` is a `yield` statement.
fn yielded(s: &Stmt) -> Option<&Expr> {
    match &s.kind {
        StmtKind::Expr(Expr { kind: ExprKind::Call(Callee::Builtin(Builtin::Yield), args, _), .. }) => args.first(),
        _ => None,
    }
}

/// Whether `f` is a generator function: a `yield` among its statements.
pub(crate) fn is_generator(f: &Function) -> bool {
    fn any(stmts: &[Stmt]) -> bool {
        stmts.iter().any(|s| yielded(s).is_some() || s.kind.blocks().into_iter().any(any))
    }
    any(&f.body)
}

/// The jitted function whose call `iter` is, also under `enumerate(...)`.
fn iterated(iter: &Expr) -> Option<FuncId> {
    match &iter.kind {
        ExprKind::Call(Callee::Function(id), ..) => Some(*id),
        ExprKind::Call(Callee::Builtin(Builtin::Enumerate), args, _) => match args.first().map(|a| &a.kind) {
            Some(ExprKind::Call(Callee::Function(id), ..)) => Some(*id),
            _ => None,
        },
        _ => None,
    }
}

/// The jitted functions whose calls are the iterables of `for` loops in `stmts`.
pub(crate) fn iterated_calls(stmts: &[Stmt], out: &mut Vec<FuncId>) {
    for s in stmts {
        if let StmtKind::ForIter { iter, .. } = &s.kind {
            out.extend(iterated(iter));
        }
        s.kind.blocks().into_iter().for_each(|b| iterated_calls(b, out));
    }
}

/// Inlines into `f` every `for` loop over a call of one of `generators`.
pub(crate) fn inline(f: &mut Function, generators: &HashMap<FuncId, Function>) -> R<()> {
    let mut body = std::mem::take(&mut f.body);
    let result = Inliner { locals: &mut f.locals, generators }.block(&mut body);
    f.body = body;
    result
}

struct Inliner<'a> {
    locals: &'a mut Vec<Local>,
    generators: &'a HashMap<FuncId, Function>,
}

impl Inliner<'_> {
    fn block(&mut self, stmts: &mut Vec<Stmt>) -> R<()> {
        let mut out = Vec::with_capacity(stmts.len());
        for mut s in std::mem::take(stmts) {
            for b in s.kind.blocks_mut() {
                self.block(b)?;
            }
            match &s.kind {
                StmtKind::ForIter { iter, .. } if iterated(iter).is_some_and(|id| self.generators.contains_key(&id)) => {
                    out.extend(self.expand(s)?);
                }
                _ => out.push(s),
            }
        }
        *stmts = out;
        Ok(())
    }

    fn fresh(&mut self, name: &str) -> LocalId {
        self.locals.push(Local { name: name.to_string(), ty: hasten_ir::Type::Unknown, maybe_unbound: false, declared: false });
        (self.locals.len() - 1) as LocalId
    }

    /// The statements that run `for t in g(args)` (see the module's comment).
    fn expand(&mut self, s: Stmt) -> R<Vec<Stmt>> {
        let sp = s.span;
        let StmtKind::ForIter { target, iter, body, orelse } = s.kind else { unreachable!("a for loop over a generator") };
        // `enumerate(g(args), start)`: a counter beside the generator, `start` evaluated after the
        // call's arguments, as CPython evaluates it.
        let (call, start) = match iter.kind {
            ExprKind::Call(Callee::Builtin(Builtin::Enumerate), mut args, _) => {
                let start = if args.len() > 1 { args.remove(1) } else { Expr::new(ExprKind::Const(Const::Int(0)), sp) };
                (args.remove(0), Some(start))
            }
            _ => (iter, None),
        };
        let ExprKind::Call(Callee::Function(id), args, kwargs) = call.kind else { unreachable!("a call of a generator") };
        let g = &self.generators[&id];
        inlinable(&g.body, &g.name, sp)?;
        let base = self.locals.len() as LocalId;
        for l in &g.locals {
            self.locals.push(Local { name: format!("{}.{}", g.name, l.name), ty: l.ty.clone(), maybe_unbound: false, declared: l.declared });
        }
        let finished = self.fresh("<generator finished>");
        let broken = self.fresh("<generator broken>");
        let mut out = vec![set(finished, false, sp), set(broken, false, sp)];
        out.extend(bind(g, base, args, kwargs, sp)?);
        let mut gbody = g.body.clone();
        remap_block(&mut gbody, base, sp);
        let count = start.map(|start| {
            let count = self.fresh("<enumerate count>");
            out.push(stmt(StmtKind::Assign { targets: vec![Target::Local(count, sp)], value: start }, sp));
            count
        });
        let each = Each { target, count, body: consumer(body, finished, broken, sp), finished, span: sp };
        let mut run = generator_block(gbody, &each);
        run.push(stmt(StmtKind::Break, sp));
        out.push(forever(run, sp));
        let not_broken = Expr::new(ExprKind::Unary(UnaryOp::Not, Box::new(local(broken, sp))), sp);
        out.push(stmt(StmtKind::If { cond: not_broken, then: orelse, orelse: Vec::new() }, sp));
        Ok(out)
    }
}

/// What a `yield v` of the generator runs: the loop's target assigned `v`, then its body.
struct Each {
    target: Target,
    /// The count of `enumerate(g(...))`, paired with each item and then increased.
    count: Option<LocalId>,
    body: Vec<Stmt>,
    finished: LocalId,
    span: Span,
}

fn stmt(kind: StmtKind, span: Span) -> Stmt {
    Stmt { kind, span }
}

fn local(id: LocalId, sp: Span) -> Expr {
    Expr::new(ExprKind::Local(id), sp)
}

fn set(id: LocalId, value: bool, sp: Span) -> Stmt {
    stmt(StmtKind::Assign { targets: vec![Target::Local(id, sp)], value: Expr::new(ExprKind::Const(Const::Bool(value)), sp) }, sp)
}

fn forever(body: Vec<Stmt>, sp: Span) -> Stmt {
    stmt(StmtKind::While { cond: Expr::new(ExprKind::Const(Const::Bool(true)), sp), body, orelse: Vec::new() }, sp)
}

/// `if flag: break`.
fn leave_if(flag: LocalId, sp: Span) -> Stmt {
    stmt(StmtKind::If { cond: local(flag, sp), then: vec![stmt(StmtKind::Break, sp)], orelse: Vec::new() }, sp)
}

/// The generator's parameters assigned the call's arguments, in the order the call evaluates
/// them, then the defaults of those left out (Python's binding errors, as the call would raise).
fn bind(g: &Function, base: LocalId, args: Vec<Expr>, kwargs: Vec<(String, Expr)>, sp: Span) -> R<Vec<Stmt>> {
    let name = &g.name;
    let positional = g.params.iter().filter(|p| !p.keyword_only).count();
    if args.len() > positional {
        return Err(Diagnostic::typing(format!("{name}() takes {positional} positional arguments but {} were given", args.len()), sp));
    }
    let mut bound = vec![false; g.params.len()];
    let mut out = Vec::new();
    let mut assign = |k: usize, value: Expr, bound: &mut Vec<bool>| {
        bound[k] = true;
        out.push(stmt(StmtKind::Assign { targets: vec![Target::Local(base + k as LocalId, sp)], value }, sp));
    };
    for (k, a) in args.into_iter().enumerate() {
        assign(k, a, &mut bound);
    }
    for (n, v) in kwargs {
        let Some(k) = g.params.iter().position(|p| p.name == n) else {
            return Err(Diagnostic::typing(format!("{name}() got an unexpected keyword argument '{n}'"), sp));
        };
        if bound[k] {
            return Err(Diagnostic::typing(format!("{name}() got multiple values for argument '{n}'"), sp));
        }
        assign(k, v, &mut bound);
    }
    let missing: Vec<usize> = (0..g.params.len()).filter(|k| !bound[*k]).collect();
    for k in missing {
        let p = &g.params[k];
        let value = match &p.default {
            Some(Ok(c)) => Expr::new(ExprKind::Const(c.clone()), sp),
            Some(Err(d)) => return Err(d.clone()),
            None => return Err(Diagnostic::typing(format!("{name}() missing 1 required positional argument: '{}'", p.name), sp)),
        };
        assign(k, value, &mut bound);
    }
    Ok(out)
}

/// Refuses what the inlining does not keep CPython's semantics for, by name.
fn inlinable(stmts: &[Stmt], name: &str, sp: Span) -> R<()> {
    let refuse = |what: &str| Err(Diagnostic::unsupported(format!("the generator function '{name}' has {what}, which compiled generators do not support yet"), sp));
    for s in stmts {
        match &s.kind {
            StmtKind::Try { .. } | StmtKind::Reraise(_) => return refuse("a try statement"),
            StmtKind::ForRange { parallel: true, .. } => return refuse("a prange loop"),
            _ => {}
        }
        s.kind.blocks().into_iter().try_for_each(|b| inlinable(b, name, sp))?;
    }
    Ok(())
}

/// The generator's statements with each `yield` running the loop's body and each `return`
/// finishing it; every loop followed by `if finished: break`.
fn generator_block(stmts: Vec<Stmt>, each: &Each) -> Vec<Stmt> {
    let (finished, sp) = (each.finished, each.span);
    let mut out = Vec::with_capacity(stmts.len());
    for s in stmts {
        if let Some(v) = yielded(&s) {
            let value = match each.count {
                Some(k) => Expr::new(ExprKind::Tuple(vec![local(k, sp), v.clone()]), sp),
                None => v.clone(),
            };
            out.push(stmt(StmtKind::Assign { targets: vec![each.target.clone()], value }, sp));
            if let Some(k) = each.count {
                let one = Expr::new(ExprKind::Const(Const::Int(1)), sp);
                out.push(stmt(StmtKind::AugAssign { target: Target::Local(k, sp), op: BinOp::Add, value: one, plan: None }, sp));
            }
            let mut once = each.body.clone();
            once.push(stmt(StmtKind::Break, sp));
            out.push(forever(once, sp));
            out.push(leave_if(finished, sp));
            continue;
        }
        match s.kind {
            StmtKind::Return(value) => {
                out.extend(value.map(|v| stmt(StmtKind::Expr(v), sp)));
                out.push(set(finished, true, sp));
                out.push(stmt(StmtKind::Break, sp));
            }
            StmtKind::If { cond, then, orelse } => {
                out.push(stmt(StmtKind::If { cond, then: generator_block(then, each), orelse: generator_block(orelse, each) }, sp));
            }
            mut kind @ (StmtKind::While { .. } | StmtKind::ForRange { .. } | StmtKind::ForIter { .. }) => {
                for b in kind.blocks_mut() {
                    *b = generator_block(std::mem::take(b), each);
                }
                out.push(stmt(kind, sp));
                out.push(leave_if(finished, sp));
            }
            kind => out.push(stmt(kind, sp)),
        }
    }
    out
}

/// The loop's body, run once per item: its own `continue` ends that run, its `break` ends the
/// generator too (statements of loops nested in it keep theirs, but not their `else`s).
fn consumer(stmts: Vec<Stmt>, finished: LocalId, broken: LocalId, sp: Span) -> Vec<Stmt> {
    let mut out = Vec::with_capacity(stmts.len());
    for s in stmts {
        let span = s.span;
        match s.kind {
            StmtKind::Break => {
                out.push(set(broken, true, span));
                out.push(set(finished, true, span));
                out.push(stmt(StmtKind::Break, span));
            }
            StmtKind::Continue => out.push(stmt(StmtKind::Break, span)),
            StmtKind::If { cond, then, orelse } => {
                let (then, orelse) = (consumer(then, finished, broken, sp), consumer(orelse, finished, broken, sp));
                out.push(stmt(StmtKind::If { cond, then, orelse }, span));
            }
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                let handlers = handlers.into_iter().map(|h| Handler { body: consumer(h.body, finished, broken, sp), ..h }).collect();
                let (body, orelse, finalbody) = (consumer(body, finished, broken, sp), consumer(orelse, finished, broken, sp), consumer(finalbody, finished, broken, sp));
                out.push(stmt(StmtKind::Try { body, handlers, orelse, finalbody }, span));
            }
            StmtKind::While { cond, body, orelse } => {
                out.push(stmt(StmtKind::While { cond, body, orelse: consumer(orelse, finished, broken, sp) }, span));
            }
            StmtKind::ForRange { var, start, stop, step, parallel, region, body, orelse } => {
                let orelse = consumer(orelse, finished, broken, sp);
                out.push(stmt(StmtKind::ForRange { var, start, stop, step, parallel, region, body, orelse }, span));
            }
            StmtKind::ForIter { target, iter, body, orelse } => {
                out.push(stmt(StmtKind::ForIter { target, iter, body, orelse: consumer(orelse, finished, broken, sp) }, span));
            }
            kind => out.push(stmt(kind, span)),
        }
    }
    out
}

/// The generator's statements with its locals moved up by `base` and every span made `sp`.
fn remap_block(stmts: &mut [Stmt], base: LocalId, sp: Span) {
    for s in stmts.iter_mut() {
        s.span = sp;
        match &mut s.kind {
            StmtKind::Assign { targets, value } => {
                targets.iter_mut().for_each(|t| remap_target(t, base, sp));
                remap_expr(value, base, sp);
            }
            StmtKind::AugAssign { target, value, .. } => {
                remap_target(target, base, sp);
                remap_expr(value, base, sp);
            }
            StmtKind::Expr(e) | StmtKind::Return(Some(e)) | StmtKind::Assert { test: e, .. } => remap_expr(e, base, sp),
            StmtKind::If { cond, .. } | StmtKind::While { cond, .. } => remap_expr(cond, base, sp),
            StmtKind::ForRange { var, start, stop, step, .. } => {
                *var += base;
                [start, stop, step].into_iter().for_each(|e| remap_expr(e, base, sp));
            }
            StmtKind::ForIter { target, iter, .. } => {
                remap_target(target, base, sp);
                remap_expr(iter, base, sp);
            }
            StmtKind::Raise { args, .. } => args.iter_mut().for_each(|a| {
                if let RaiseArg::Value(e) = a {
                    remap_expr(e, base, sp);
                }
            }),
            StmtKind::Return(None) | StmtKind::Break | StmtKind::Continue | StmtKind::Pass | StmtKind::Reraise(_) | StmtKind::Try { .. } => {}
        }
        for b in s.kind.blocks_mut() {
            remap_block(b, base, sp);
        }
    }
}

fn remap_target(t: &mut Target, base: LocalId, sp: Span) {
    match t {
        Target::Local(id, s) => {
            *id += base;
            *s = sp;
        }
        Target::Index { base: b, indices, span } => {
            *span = sp;
            remap_expr(b, base, sp);
            indices.iter_mut().for_each(|i| remap_expr(i, base, sp));
        }
        Target::Tuple(items, s) => {
            *s = sp;
            items.iter_mut().for_each(|i| remap_target(i, base, sp));
        }
    }
}

fn remap_expr(e: &mut Expr, base: LocalId, sp: Span) {
    e.span = sp;
    match &mut e.kind {
        ExprKind::Local(id) | ExprKind::Bound(id) => *id += base,
        ExprKind::RangeReduce(r) => {
            r.var += base;
            if let Some(src) = &mut r.iter {
                remap_target(&mut src.0, base, sp);
            }
        }
        _ => {}
    }
    e.for_each_child_mut(|c| remap_expr(c, base, sp));
}

#[cfg(test)]
mod tests {
    use crate::testing::typed_program;
    use hasten_ir::hir::*;
    use hasten_ir::Type;

    const GEN: &str = "def g(n, k=2):\n    for i in range(n):\n        yield i * k\n    return\n";

    fn count(stmts: &[Stmt], f: &impl Fn(&StmtKind) -> bool) -> usize {
        stmts.iter().map(|s| usize::from(f(&s.kind)) + s.kind.blocks().into_iter().map(|b| count(b, f)).sum::<usize>()).sum()
    }

    #[test]
    fn a_for_loop_over_a_generator_runs_its_body_inlined() {
        let src = "def f(n):\n    s = 0\n    for v in g(n):\n        if v > 4:\n            break\n        s += v\n    return s\n";
        let p = typed_program(&[src, GEN], &[Type::Int]);
        let f = &p.specs[p.root].hir;
        let is_yield = |k: &StmtKind| matches!(k, StmtKind::Expr(Expr { kind: ExprKind::Call(Callee::Builtin(Builtin::Yield), ..), .. }));
        assert_eq!(count(&f.body, &is_yield), 0);
        assert_eq!(count(&f.body, &|k| matches!(k, StmtKind::ForIter { .. })), 0);
        // The generator's own loop stays a counted loop; the body runs once inside it.
        assert_eq!(count(&f.body, &|k| matches!(k, StmtKind::ForRange { .. })), 1);
        assert_eq!(p.specs.len(), 1, "the generator is not compiled as a function of its own");
        assert!(f.locals.iter().any(|l| l.name == "g.i"), "the generator's locals are the caller's, renamed");
    }

    #[test]
    fn a_generator_is_recognised_by_its_yields() {
        let p = typed_program(&["def f(n):\n    return [x for x in g(n)]\n", GEN], &[Type::Int]);
        assert!(p.specs.iter().all(|s| !super::is_generator(&s.hir)));
    }
}
