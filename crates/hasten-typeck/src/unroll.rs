//! `for x in t` over a tuple whose items differ in type (also through numba's `literal_unroll`,
//! `enumerate(t)` and `zip(t, u)` of tuples): the loop becomes one copy of its body per item, as
//! numba compiles it, so that `x` may have each item's type. Each copy runs inside a one-trip
//! `range` loop, where the body's `continue` goes on to the next copy; a `break` of the loop sets a
//! flag that skips the copies after it and the loop's `else`. The locals that nothing outside the loop names and each
//! iteration assigns before reading them (`x` itself, `s = x.sum()`) get a local of their own in
//! each copy; the others keep one type, as any local. (Which locals those are is counted, not read
//! from source spans: the library's functions carry their caller's span on every node.)

use crate::function::{FnCx, R};
use crate::yields::Remap;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span, Type};
use std::collections::HashMap;

/// How many times each local is named in a function's untyped body (reads and assignments; a
/// parameter once more, for its value on entry): a loop that names a local as often owns it.
pub(crate) fn occurrences(body: &[Stmt], params: usize) -> HashMap<LocalId, usize> {
    let mut out: HashMap<LocalId, usize> = (0..params as LocalId).map(|p| (p, 1)).collect();
    walk_stmts(body, &mut |id| *out.entry(id).or_default() += 1);
    out
}

impl FnCx<'_, '_, '_> {
    /// The number of items of the tuple `iter` iterates (typed here; also under `enumerate`)
    /// where their types differ, for `unroll`; `None` for any other iterable, which the loop then
    /// types as it is.
    pub(crate) fn differing_tuple(&mut self, iter: &mut Expr) -> R<Option<usize>> {
        let tuples: &mut [Expr] = match &mut iter.kind {
            ExprKind::Call(Callee::Builtin(Builtin::Enumerate), args, _) if args.len() == 2 => &mut args[..1],
            // `zip(t, u)` of tuples, one of whose items differ: as many copies as the shortest.
            ExprKind::Call(Callee::Builtin(Builtin::Zip), args, kw) if !args.is_empty() && kw.is_empty() => args,
            _ => std::slice::from_mut(iter),
        };
        let (mut shortest, mut differ) = (usize::MAX, false);
        for tuple in tuples.iter_mut() {
            if !matches!(tuple.kind, ExprKind::Local(_) | ExprKind::Tuple(_) | ExprKind::Call(Callee::Function(_), ..)) {
                return Ok(None);
            }
            let Type::Tuple(t) = self.expr(tuple)? else { return Ok(None) };
            let first = t.items.first().map(Type::as_list_item);
            differ |= t.items.iter().any(|i| Some(i.as_list_item()) != first);
            shortest = shortest.min(t.items.len());
        }
        Ok(differ.then_some(shortest))
    }

    /// Rewrites the `for` loop `s` over a tuple of `n` items into its copies (see the module
    /// comment) and types them.
    pub(crate) fn unroll(&mut self, s: &mut Stmt, n: usize) -> R<()> {
        let span = s.span;
        let StmtKind::ForIter { target, iter, body, orelse } = std::mem::replace(&mut s.kind, StmtKind::Pass) else { unreachable!("a for loop") };
        let (iters, start, zipped) = match iter.kind {
            ExprKind::Call(Callee::Builtin(Builtin::Enumerate), mut args, _) => {
                let start = args.pop().expect("enumerate's start");
                (vec![args.pop().expect("enumerate's iterable")], Some(start), false)
            }
            ExprKind::Call(Callee::Builtin(Builtin::Zip), args, _) => (args, None, true),
            _ => (vec![iter], None, false),
        };
        if let Some(what) = refused(&body) {
            return Err(Diagnostic::unsupported(format!("a loop over a tuple whose items differ in type, whose body holds {what}, is not supported yet"), span));
        }
        let mut own = Vec::new();
        target.for_each_local(&mut |id| own.push(id));
        own.extend(defined_first(&body));
        own.sort_unstable();
        own.dedup();
        // A copy's local counts as the local it copies (a loop nested in a copied body).
        let original = |id: LocalId| self.copies.iter().find(|(_, v)| **v == id).map_or(id, |((.., orig), _)| *orig);
        let mut named: HashMap<LocalId, usize> = HashMap::new();
        let iter = Expr::new(ExprKind::Tuple(iters.clone()), span);
        let whole = [Stmt { kind: StmtKind::ForIter { target: target.clone(), iter, body: body.clone(), orelse: orelse.clone() }, span }];
        walk_stmts(&whole, &mut |id| *named.entry(original(id)).or_default() += 1);
        own.retain(|id| named.get(&original(*id)) == self.occurrences.get(&original(*id)));
        // The loop's `else` runs once, after the copies: what it reads stays one local.
        walk_stmts(&orelse, &mut |id| own.retain(|o| *o != id));
        // The loop's key: its span and target (the library's loops share their caller's span).
        let mut key = (span.start, LocalId::MAX);
        target.for_each_local(&mut |id| key.1 = key.1.min(id));
        let at = |x: ExprKind| Expr::new(x, span);
        let local = |id| at(ExprKind::Local(id));
        let assign = |id, value| Stmt { kind: StmtKind::Assign { targets: vec![Target::Local(id, span)], value }, span };
        let broke = has_break(&body).then(|| self.hidden_local(format!("$broke{}.{}", key.0, key.1)));
        let mut tuples = Vec::new();
        let mut out = Vec::new();
        for (i, iter) in iters.into_iter().enumerate() {
            let tuple = self.hidden_local(format!("$tuple{}.{}.{i}", key.0, key.1));
            out.push(assign(tuple, iter));
            tuples.push(tuple);
        }
        let count = start.map(|start| {
            let count = self.hidden_local(format!("$start{}.{}", key.0, key.1));
            out.push(assign(count, start));
            count
        });
        if let Some(b) = broke {
            out.push(assign(b, at(ExprKind::Const(Const::Bool(false)))));
        }
        let not_broken = |stmts: Vec<Stmt>| match broke {
            Some(b) => Stmt { kind: StmtKind::If { cond: at(ExprKind::Unary(UnaryOp::Not, Box::new(local(b)))), then: stmts, orelse: Vec::new() }, span },
            None => Stmt { kind: StmtKind::If { cond: at(ExprKind::Const(Const::Bool(true))), then: stmts, orelse: Vec::new() }, span },
        };
        for k in 0..n {
            let renamed: HashMap<LocalId, LocalId> = own.iter().map(|&id| (id, self.copy_local(id, key, k))).collect();
            let int = |v| at(ExprKind::Const(Const::Int(v)));
            let items: Vec<Expr> = tuples.iter().map(|&t| at(ExprKind::Index(Box::new(local(t)), vec![int(k as i64)]))).collect();
            let mut item = if zipped { at(ExprKind::Tuple(items)) } else { items.into_iter().next().expect("one tuple") };
            if let Some(c) = count {
                // `enumerate(t, start)`: the count beside the item.
                item = at(ExprKind::Tuple(vec![at(ExprKind::Binary(BinOp::Add, Box::new(local(c)), Box::new(int(k as i64)))), item]));
            }
            let mut copy = vec![Stmt { kind: StmtKind::Assign { targets: vec![target.clone()], value: item }, span }];
            copy.extend(body.iter().cloned());
            Remap { local: &|id| *renamed.get(&id).unwrap_or(&id), handlers: 0, span: None }.block(&mut copy);
            if let Some(b) = broke {
                mark_breaks(&mut copy, b, span);
            }
            let once = self.hidden_local(format!("$once{}.{}.{k}", key.0, key.1));
            let trip = StmtKind::ForRange { var: once, start: int(0), stop: int(1), step: int(1), parallel: false, region: None, body: copy, orelse: Vec::new() };
            out.push(not_broken(vec![Stmt { kind: trip, span }]));
        }
        if !orelse.is_empty() {
            out.push(not_broken(orelse));
        }
        s.kind = StmtKind::If { cond: at(ExprKind::Const(Const::Bool(true))), then: out, orelse: Vec::new() };
        self.stmt(s)
    }

    /// `sum(t)` of a tuple whose items differ in type, and `sum(t, start)` of any tuple: CPython's
    /// additions one item after another, `((start + t[0]) + t[1]) + ...`, each with its operands'
    /// types (an int prefix adds exactly before a float joins). `t` is read once: a local, or a
    /// display of values that evaluate nothing (`simple`), so that the order of evaluation cannot
    /// show.
    pub(crate) fn mixed_sum(&mut self, e: &mut Expr) -> R<bool> {
        // The front end makes `sum(t)` the reduction of the generator of `t`'s items.
        let mut plain;
        let args: &mut Vec<Expr> = match &mut e.kind {
            ExprKind::Call(Callee::Builtin(Builtin::Sum), args, kw) if kw.is_empty() && (1..=2).contains(&args.len()) => args,
            ExprKind::RangeReduce(r) if r.op == Builtin::Sum && r.conds.is_empty() => match r.iter.as_deref() {
                Some((Target::Local(x, _), iterable)) if matches!(r.elt.kind, ExprKind::Local(y) if y == *x) => {
                    plain = vec![iterable.clone()];
                    &mut plain
                }
                _ => return Ok(false),
            },
            _ => return Ok(false),
        };
        // Values that evaluate nothing: locals, constants and NumPy scalar constants (`HALF`).
        let simple = |x: &Expr| match &x.kind {
            ExprKind::Local(_) | ExprKind::Const(_) => true,
            ExprKind::Call(Callee::ScalarCtor(_), a, _) => a.iter().all(|y| matches!(y.kind, ExprKind::Const(_))),
            _ => false,
        };
        // A string start is CPython's TypeError.
        if let Some(Expr { kind: ExprKind::Const(Const::Str(_)), span, .. }) = args.get(1) {
            return Err(Diagnostic::typing("sum() can't sum strings [use ''.join(seq) instead]", *span));
        }
        // The front end's choice for a dict (`sum(d)` sums its keys) is decided: a tuple's arm.
        let tuple = match &args[0].kind {
            ExprKind::IfExp(_, _, tuple) => (**tuple).clone(),
            _ => args[0].clone(),
        };
        // Checked before anything is typed: other iterables (`reversed(a)`) type in their place.
        // With a start (which the front end sends here for tuples only), CPython evaluates the
        // items, then the start: the additions may take the start first where one side computes
        // nothing.
        let start_simple = args.get(1).is_none_or(simple);
        let items_ok = match &tuple.kind {
            ExprKind::Local(_) => true,
            ExprKind::Tuple(items) if args.len() == 2 => start_simple || items.iter().all(simple),
            ExprKind::Tuple(items) => items.iter().all(simple),
            _ => false,
        };
        if !items_ok {
            return match args.len() {
                1 => Ok(false),
                _ => Err(Diagnostic::unsupported("sum(t, start) of a tuple display and a start that both compute values is not supported yet: assign one of them to a variable first", e.span)),
            };
        }
        let Type::Tuple(t) = self.expr(&mut args[0])? else { return Ok(false) };
        let first = t.items.first().map(Type::as_list_item);
        // Without a start, a tuple of one item type is summed as the list of its items.
        if args.len() == 1 && !t.items.iter().any(|i| Some(i.as_list_item()) != first) {
            return Ok(false);
        }
        let span = e.span;
        let at = |x: ExprKind| Expr::new(x, span);
        let mut total = match args.get(1) {
            Some(start) => start.clone(),
            None => at(ExprKind::Const(Const::Int(0))),
        };
        for k in 0..t.items.len() {
            let item = match &tuple.kind {
                ExprKind::Tuple(items) => items[k].clone(),
                _ => at(ExprKind::Index(Box::new(tuple.clone()), vec![at(ExprKind::Const(Const::Int(k as i64)))])),
            };
            total = at(ExprKind::Binary(BinOp::Add, Box::new(total), Box::new(item)));
        }
        *e = total;
        Ok(true)
    }

    /// Copy `k`'s own local standing for `id` in the loop `key`: the same one in every pass of
    /// the inference (`FnCx::copies`), with the original's name for messages.
    fn copy_local(&mut self, id: LocalId, key: (u32, LocalId), k: usize) -> LocalId {
        if let Some(&found) = self.copies.get(&(key.0, key.1, k, id)) {
            return found;
        }
        let mut l = self.locals[id as usize].clone();
        l.ty = Type::Unknown;
        self.locals.push(l);
        let new = (self.locals.len() - 1) as LocalId;
        self.copies.insert((key.0, key.1, k, id), new);
        new
    }
}

/// The locals the body assigns by a statement of its own (not nested in an `if` or a loop)
/// before it names them anywhere: no iteration reads the value of an earlier one, so each copy
/// may have its own. (`last = x` read at the start of the next iteration is carried, and stays
/// one local.)
fn defined_first(body: &[Stmt]) -> Vec<LocalId> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for s in body {
        if let StmtKind::Assign { targets, value } = &s.kind {
            let mut read = Vec::new();
            walk_stmts(&[Stmt { kind: StmtKind::Expr(value.clone()), span: s.span }], &mut |id| read.push(id));
            for t in targets {
                t.for_each_local(&mut |id| {
                    if !seen.contains(&id) && !read.contains(&id) {
                        out.push(id);
                    }
                });
            }
        }
        walk_stmts(std::slice::from_ref(s), &mut |id| seen.push(id));
    }
    out
}

/// What a body must not hold to be copied: handler ids and inner functions are the body's own.
fn refused(body: &[Stmt]) -> Option<&'static str> {
    let mut found = None;
    for_each_stmt(body, &mut |s| {
        if matches!(s.kind, StmtKind::Try { .. } | StmtKind::Reraise(_)) {
            found = found.or(Some("a try statement"));
        }
        if matches!(s.kind, StmtKind::ForRange { parallel: true, .. }) {
            found = found.or(Some("a prange loop"));
        }
    });
    walk_exprs(body, &mut |e| {
        if matches!(e.kind, ExprKind::MakeClosure(..) | ExprKind::Bound(_) | ExprKind::CaughtStr(_) | ExprKind::CaughtArgs(_)) {
            found = found.or(Some("an inner function or an exception's value"));
        }
    });
    found
}

fn for_each_stmt(stmts: &[Stmt], f: &mut impl FnMut(&Stmt)) {
    for s in stmts {
        f(s);
        s.kind.blocks().into_iter().for_each(|b| for_each_stmt(b, f));
    }
}

/// Every expression of the statements, nested ones included.
fn walk_exprs(stmts: &[Stmt], f: &mut impl FnMut(&Expr)) {
    fn expr(e: &Expr, f: &mut impl FnMut(&Expr)) {
        f(e);
        e.for_each_child(|x| expr(x, f));
    }
    for_each_expr(stmts, &mut |e| expr(e, f));
}

/// Calls `f` with each local the statements name, once per naming.
fn walk_stmts(stmts: &[Stmt], f: &mut impl FnMut(LocalId)) {
    for_each_stmt(stmts, &mut |s| match &s.kind {
        StmtKind::Assign { targets, .. } => targets.iter().for_each(|t| t.for_each_local(f)),
        StmtKind::AugAssign { target: t, .. } | StmtKind::ForIter { target: t, .. } => t.for_each_local(f),
        StmtKind::ForRange { var, .. } => f(*var),
        _ => {}
    });
    walk_exprs(stmts, &mut |e| match &e.kind {
        ExprKind::Local(id) | ExprKind::Bound(id) => f(*id),
        ExprKind::RangeReduce(r) => r.for_each_bound(&mut *f),
        _ => {}
    });
}

/// Whether the loop's own body (not a loop nested in it) breaks out of it.
fn has_break(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        StmtKind::Break => true,
        // A nested loop's `else` runs after that loop: its `break` is the outer loop's.
        StmtKind::ForRange { orelse, .. } | StmtKind::ForIter { orelse, .. } | StmtKind::While { orelse, .. } => has_break(orelse),
        kind => kind.blocks().into_iter().any(has_break),
    })
}

/// The loop's own `break`s also set the flag `broke`.
fn mark_breaks(stmts: &mut Vec<Stmt>, broke: LocalId, span: Span) {
    let mut k = 0;
    while k < stmts.len() {
        match &mut stmts[k].kind {
            StmtKind::Break => {
                let value = Expr::new(ExprKind::Const(Const::Bool(true)), span);
                stmts.insert(k, Stmt { kind: StmtKind::Assign { targets: vec![Target::Local(broke, span)], value }, span });
                k += 1;
            }
            StmtKind::ForRange { orelse, .. } | StmtKind::ForIter { orelse, .. } | StmtKind::While { orelse, .. } => mark_breaks(orelse, broke, span),
            kind => kind.blocks_mut().into_iter().for_each(|b| mark_breaks(b, broke, span)),
        }
        k += 1;
    }
}
