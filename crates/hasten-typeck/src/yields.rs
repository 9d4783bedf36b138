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
//! exception from `body` is not seen by `g` (a `yield` inside a `try` of `g` is refused), and a
//! StopIteration out of `g`'s own code becomes CPython's RuntimeError (PEP 479) through a `try`
//! around the whole that tells it from one out of `body`. Inner functions and comprehensions of
//! `g` capture its renamed locals (its handler ids are renamed too). Errors inside the inlined
//! code are reported at the `for` loop.

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
    has_yield(&f.body)
}

fn has_yield(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| yielded(s).is_some() || s.kind.blocks().into_iter().any(has_yield))
}

/// The driver of generator function `g` called from Python, `for v in g(params): if
/// YieldOut(v): return` with `g` inlined, which `hasten_runtime::generators` runs as a coroutine.
/// `YieldOut` is true when Python closes the generator: the driver then returns from where `g`
/// is suspended, releasing what it holds as CPython's GeneratorExit would there (a `yield` is
/// never inside a `try` of `g`, so no handler of `g` could see that exception). Returns the
/// driver and `v`, whose type is the type of the values.
pub(crate) fn driver(g: &Function) -> R<(Function, LocalId)> {
    let sp = g.span;
    let n = g.params.len();
    let mut locals = g.locals[..n].to_vec();
    let v = n as LocalId;
    locals.push(Local { name: "(yielded value)".to_string(), ty: hasten_ir::Type::Unknown, maybe_unbound: false, declared: false });
    let (mut args, mut kwargs) = (Vec::new(), Vec::new());
    for (k, p) in g.params.iter().enumerate() {
        match p.keyword_only {
            true => kwargs.push((p.name.clone(), local(k as LocalId, sp))),
            false => args.push(local(k as LocalId, sp)),
        }
    }
    let out = Expr::new(ExprKind::Call(Callee::Builtin(Builtin::YieldOut), vec![local(v, sp)], Vec::new()), sp);
    let closed = StmtKind::If { cond: out, then: vec![stmt(StmtKind::Return(None), sp)], orelse: Vec::new() };
    let each = StmtKind::ForIter {
        target: Target::Local(v, sp),
        iter: Expr::new(ExprKind::Call(Callee::Function(g.id), args, kwargs), sp),
        body: vec![stmt(closed, sp)],
        orelse: Vec::new(),
    };
    let mut d = Function { id: g.id, name: g.name.clone(), params: g.params.clone(), locals, body: vec![stmt(each, sp)], span: sp };
    inline(&mut d, &HashMap::from([(g.id, g.clone())]))?;
    Ok((d, v))
}

/// Refuses the arguments a generator called from Python cannot keep between its values: lists,
/// dicts, sets and strings passed in are copies that a call writes back when it returns.
pub(crate) fn generator_args(g: &Function, args: &[hasten_ir::Type]) -> R<()> {
    use hasten_ir::Type;
    fn copied_in(t: &Type) -> bool {
        match t {
            Type::List(_) | Type::Dict(..) | Type::Set(_) | Type::Str => true,
            Type::Tuple(items) => items.iter().any(copied_in),
            Type::Optional(v) => copied_in(v),
            _ => false,
        }
    }
    match g.params.iter().zip(args).find(|(_, t)| copied_in(t)) {
        Some((p, t)) => Err(Diagnostic::unsupported(
            format!("a generator function called from Python takes arrays, numbers and tuples of them; argument '{}' of {}() is {t}, which is not supported yet", p.name, g.name),
            g.span,
        )),
        None => Ok(()),
    }
}

/// Whether Python can take a value of type `t` from a suspended generator that still holds it:
/// an array becomes a view of the generator's block, a string a copy (`compiled_generator.rs`).
/// Not a list, dict or set: Python would get a copy, which misses what the generator does to the
/// container after the `yield`, where CPython's consumer holds the container itself.
fn lendable(t: &hasten_ir::Type) -> bool {
    use hasten_ir::Type;
    match t {
        Type::Array(_) | Type::Str => true,
        Type::Tuple(items) => items.iter().all(lendable),
        Type::Optional(v) => lendable(v),
        _ => !t.has_refs(),
    }
}

/// The type of the values of a generator called from Python, from its driver's local `v`.
pub(crate) fn yielded_type(d: &Function, v: LocalId) -> R<hasten_ir::Type> {
    let t = d.locals[v as usize].ty.clone();
    if matches!(t, hasten_ir::Type::Unknown | hasten_ir::Type::Never) {
        return Err(Diagnostic::typing(format!("cannot type the generator {}(): it yields no value", d.name), d.span));
    }
    if !lendable(&t) {
        return Err(Diagnostic::unsupported(
            format!("the generator {}() yields {t}: a generator called from Python yields numbers, booleans, complex numbers, None, arrays, strings and tuples of them; other values are not supported yet", d.name),
            d.span,
        )
        .note("iterating it in a jitted function (`for x in gen(...)`) supports every type"));
    }
    Ok(t)
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
    let next_handler = handlers_after(&body);
    let result = Inliner { locals: &mut f.locals, generators, next_handler }.block(&mut body);
    f.body = body;
    result
}

struct Inliner<'a> {
    locals: &'a mut Vec<Local>,
    generators: &'a HashMap<FuncId, Function>,
    /// A handler id above every `except` clause's in the function so far.
    next_handler: u32,
}

/// The most statements one inlined loop over a generator may grow to (compile time grows with it).
const MAX_INLINED_STATEMENTS: usize = 4_000;

/// The number of statements of `stmts`, nested ones included.
fn size(stmts: &[Stmt]) -> usize {
    stmts.iter().map(|s| 1 + s.kind.blocks().into_iter().map(|b| size(b)).sum::<usize>()).sum()
}

/// One more than the largest handler id of `stmts` (0 if there is none).
fn handlers_after(stmts: &[Stmt]) -> u32 {
    let mut next = 0;
    for s in stmts {
        if let StmtKind::Try { handlers, .. } = &s.kind {
            next = handlers.iter().map(|h| h.id + 1).fold(next, u32::max);
        }
        next = next.max(s.kind.blocks().into_iter().map(handlers_after).max().unwrap_or(0));
    }
    next
}

/// Whether the generator's own code may raise StopIteration (`next()`, `raise StopIteration`, a
/// call of a function), which CPython turns into RuntimeError in a generator (PEP 479).
fn may_stop(stmts: &[Stmt]) -> bool {
    fn calls(e: &Expr) -> bool {
        let mut found = matches!(e.kind, ExprKind::Call(Callee::Builtin(Builtin::Next) | Callee::Function(_) | Callee::Spec(..), ..) | ExprKind::CallValue(..));
        e.for_each_child(|c| found |= calls(c));
        found
    }
    let mut found = false;
    for_each_expr(stmts, &mut |e| found |= calls(e));
    found || stmts.iter().any(|s| matches!(&s.kind, StmtKind::Raise { exc, .. } if exc.name == "StopIteration") || s.kind.blocks().into_iter().any(may_stop))
}

fn class(name: &str) -> ExcClass {
    ExcClass { name: name.to_string(), ancestry: Vec::new() }
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
                    let sp = s.span;
                    let expanded = self.expand(s)?;
                    // Each yield runs its own copy of the loop's body: loops over generators of
                    // several yields nested in each other multiply the code.
                    if size(&expanded) > MAX_INLINED_STATEMENTS {
                        return Err(Diagnostic::unsupported(
                            format!("this loop over a generator grows past {MAX_INLINED_STATEMENTS} statements when inlined (the loop's body is copied at each yield of the generator, and again for each generator loop around it); move the inner loops into a jitted function"),
                            sp,
                        ));
                    }
                    out.extend(expanded);
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
        Remap { local: &|id| id + base, handlers: self.next_handler, span: Some(sp) }.block(&mut gbody);
        self.next_handler += handlers_after(&g.body) + 2;
        // PEP 479: a StopIteration out of the generator's own code is a RuntimeError; one out of
        // the loop's body (flagged as it leaves) stays itself.
        let guard = may_stop(&g.body).then(|| {
            let flag = self.fresh("<loop body raised>");
            out.push(set(flag, false, sp));
            (flag, self.next_handler - 2)
        });
        let count = start.map(|start| {
            let count = self.fresh("<enumerate count>");
            out.push(stmt(StmtKind::Assign { targets: vec![Target::Local(count, sp)], value: start }, sp));
            count
        });
        let each = Each { target, count, body: consumer(body, finished, broken, sp), finished, guard, span: sp };
        let mut run = generator_block(gbody, &each);
        run.push(stmt(StmtKind::Break, sp));
        let run = forever(run, sp);
        match guard {
            Some((flag, id)) => {
                let reraise = stmt(StmtKind::Reraise(None), sp);
                let runtime = stmt(StmtKind::Raise { exc: class("RuntimeError"), args: vec![RaiseArg::Str("generator raised StopIteration".into())] }, sp);
                let body = vec![stmt(StmtKind::If { cond: local(flag, sp), then: vec![reraise], orelse: vec![runtime] }, sp)];
                let handler = Handler { classes: vec![class("StopIteration")], id: id + 1, body, span: sp };
                out.push(stmt(StmtKind::Try { body: vec![run], handlers: vec![handler], orelse: Vec::new(), finalbody: Vec::new() }, sp));
            }
            None => out.push(run),
        }
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
    /// Where the generator may raise StopIteration: the local flagging one out of the loop's body,
    /// and the id of the `except` clause that flags it.
    guard: Option<(LocalId, u32)>,
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
    if g.params.iter().any(|p| p.varargs) {
        return Err(Diagnostic::unsupported(format!("the generator function {name}() with a *args parameter is not supported yet"), sp));
    }
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
            // The loop's body would run inside it, its exceptions caught by the generator's clauses.
            StmtKind::Try { .. } if s.kind.blocks().into_iter().any(has_yield) => return refuse("a yield inside a try statement"),
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
            if let Some((flag, id)) = each.guard {
                let body = vec![set(flag, true, sp), stmt(StmtKind::Reraise(None), sp)];
                let handler = Handler { classes: vec![class("StopIteration")], id, body, span: sp };
                once = vec![stmt(StmtKind::Try { body: once, handlers: vec![handler], orelse: Vec::new(), finalbody: Vec::new() }, sp)];
            }
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
            // Clearing the flags lets a `continue` in a `finally` override the `break` it ran after.
            StmtKind::Continue => {
                out.push(set(broken, false, span));
                out.push(set(finished, false, span));
                out.push(stmt(StmtKind::Break, span));
            }
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

/// Statements moved or copied within a function: each local through `local`, handler ids up by
/// `handlers`, and, for a generator's statements moved into the caller (another function's
/// source), every span the loop's (`span`).
pub(crate) struct Remap<'m> {
    pub(crate) local: &'m dyn Fn(LocalId) -> LocalId,
    pub(crate) handlers: u32,
    pub(crate) span: Option<Span>,
}

impl Remap<'_> {
    fn at(&self, s: &mut Span) {
        if let Some(sp) = self.span {
            *s = sp;
        }
    }

    pub(crate) fn block(&self, stmts: &mut [Stmt]) {
        for s in stmts.iter_mut() {
            self.at(&mut s.span);
            match &mut s.kind {
                StmtKind::Assign { targets, value } => {
                    targets.iter_mut().for_each(|t| self.target(t));
                    self.expr(value);
                }
                StmtKind::AugAssign { target, value, .. } => {
                    self.target(target);
                    self.expr(value);
                }
                StmtKind::Expr(e) | StmtKind::Return(Some(e)) | StmtKind::Assert { test: e, .. } => self.expr(e),
                StmtKind::If { cond, .. } | StmtKind::While { cond, .. } => self.expr(cond),
                StmtKind::ForRange { var, start, stop, step, .. } => {
                    *var = (self.local)(*var);
                    [start, stop, step].into_iter().for_each(|e| self.expr(e));
                }
                StmtKind::ForIter { target, iter, .. } => {
                    self.target(target);
                    self.expr(iter);
                }
                StmtKind::Raise { args, .. } => args.iter_mut().for_each(|a| {
                    if let RaiseArg::Value(e) = a {
                        self.expr(e);
                    }
                }),
                StmtKind::Reraise(Some(id)) => *id += self.handlers,
                StmtKind::Try { handlers, .. } => handlers.iter_mut().for_each(|h| {
                    h.id += self.handlers;
                    self.at(&mut h.span);
                }),
                StmtKind::Return(None) | StmtKind::Break | StmtKind::Continue | StmtKind::Pass | StmtKind::Reraise(None) => {}
            }
            for b in s.kind.blocks_mut() {
                self.block(b);
            }
        }
    }

    fn target(&self, t: &mut Target) {
        match t {
            Target::Local(id, s) => {
                *id = (self.local)(*id);
                self.at(s);
            }
            Target::Index { base, indices, span } => {
                self.at(span);
                self.expr(base);
                indices.iter_mut().for_each(|i| self.expr(i));
            }
            Target::Tuple(items, s) => {
                self.at(s);
                items.iter_mut().for_each(|i| self.target(i));
            }
        }
    }

    fn expr(&self, e: &mut Expr) {
        self.at(&mut e.span);
        match &mut e.kind {
            ExprKind::Local(id) | ExprKind::Bound(id) => *id = (self.local)(*id),
            ExprKind::CaughtStr(id) | ExprKind::CaughtArgs(id) => *id += self.handlers,
            ExprKind::RangeReduce(r) => {
                r.var = (self.local)(r.var);
                if let Some(src) = &mut r.iter {
                    self.target(&mut src.0);
                }
            }
            _ => {}
        }
        e.for_each_child_mut(|c| self.expr(c));
    }
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
