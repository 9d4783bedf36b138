//! The race rules of `prange` loops under `parallel=True`: what a loop shares and what it keeps
//! private, decided here and recorded on the loop (`ParallelRegion`) for code generation, which
//! outlines the body into a worker.
//!
//! Iterations of a parallel loop run in any order on any thread, so the loop must not carry values
//! from one iteration to the next except through a reduction. The rules, each checked here with a
//! caret at the offending code rather than left to give a wrong answer:
//!
//! - a local assigned in the body is private to an iteration: it must be assigned before it is read
//!   in the iteration, and not used outside the loop (its value there would be whichever iteration
//!   ran last);
//! - except a reduction: `s += e`, `s -= e`, `s *= e`, `s = s + e` (and `-`, `*`),
//!   `s = min(s, e)`, `s = max(s, e)`, with `s` read nowhere else in the body;
//! - an array from outside the loop is written only at an element indexed, on some axis, by the
//!   loop variable (`out[i]`, `out[i + 1, j]`, `out[k * i]`), so no two iterations write one element;
//!   an array local of the body may be written freely if it is a new array or a view indexed by the
//!   loop variable (`row = out[i]`), and not if it may alias shared data another way (`row = out[0]`).
//!
//! `a.sort()` writes all of `a`, so it is checked as a write `a[…]` with no index of its own. Arrays
//! written by functions the body calls, or through `out=` arguments, are not checked.

use hasten_ir::hir::*;
use crate::{rules, TypedProgram};
use hasten_ir::{Diagnostic, FuncId, Span, Type};
use std::collections::{HashMap, HashSet};

/// Records the region of every `prange` loop in the specialisations whose function is compiled with
/// `parallel=True` (`parallel(func)`), or gives the first rule a loop breaks.
pub fn resolve(program: &mut TypedProgram, parallel: impl Fn(FuncId) -> bool) -> Result<(), (FuncId, Diagnostic)> {
    for spec in program.specs.iter_mut().filter(|s| parallel(s.func)) {
        let mut regions = Vec::new();
        collect(&spec.hir, &spec.hir.body, &mut regions).map_err(|d| (spec.func, d))?;
        let mut regions = regions.into_iter();
        record(&mut spec.hir.body, &mut regions);
    }
    Ok(())
}

/// The regions of the `prange` loops of `stmts`, outer loops before the loops they contain.
fn collect(f: &Function, stmts: &[Stmt], out: &mut Vec<ParallelRegion>) -> Result<(), Diagnostic> {
    for s in stmts {
        match &s.kind {
            StmtKind::ForRange { parallel, body, orelse, .. } => {
                if *parallel {
                    out.push(analyze(f, s)?);
                }
                collect(f, body, out)?;
                collect(f, orelse, out)?;
            }
            kind => {
                for b in kind.blocks() {
                    collect(f, b, out)?;
                }
            }
        }
    }
    Ok(())
}

/// Stores `regions` on the `prange` loops of `stmts`, in the order `collect` found them.
fn record(stmts: &mut [Stmt], regions: &mut impl Iterator<Item = ParallelRegion>) {
    for s in stmts {
        match &mut s.kind {
            StmtKind::ForRange { parallel, region, body, orelse, .. } => {
                if *parallel {
                    *region = regions.next().map(Box::new);
                }
                record(body, regions);
                record(orelse, regions);
            }
            kind => {
                for b in kind.blocks_mut() {
                    record(b, regions);
                }
            }
        }
    }
}

/// Checks the `prange` loop `stmt` of `f` and says which locals it captures and reduces.
pub(crate) fn analyze(f: &Function, stmt: &Stmt) -> Result<ParallelRegion, Diagnostic> {
    let StmtKind::ForRange { var, body, orelse, .. } = &stmt.kind else { unreachable!("a range loop") };
    if !orelse.is_empty() {
        return Err(Diagnostic::unsupported("a prange loop cannot have an `else` clause", stmt.span));
    }
    exits(body, 0)?;

    let mut assigned = Vec::new();
    assigned_locals(body, &mut assigned);
    let mut comprehension = Vec::new();
    for_each_expr(body, &mut |e| range_reduce_vars(e, &mut comprehension));
    let private: HashSet<LocalId> = assigned.iter().chain(&comprehension).copied().collect();

    let mut outside = Uses::default();
    outside.stmts(&f.body, Some(stmt));

    let mut sites: HashMap<LocalId, Vec<(Option<ReduceOp>, Span)>> = HashMap::new();
    assignment_sites(body, &mut sites);
    let mut reductions = Vec::new();
    for (&id, list) in &sites {
        let name = &f.locals[id as usize].name;
        let ops: HashSet<Option<ReduceOp>> = list.iter().map(|(op, _)| *op).collect();
        let op = match ops.iter().collect::<Vec<_>>()[..] {
            [Some(op)] if id != *var => Some(*op),
            _ => None,
        };
        if let Some(op) = op {
            if matches!(f.locals[id as usize].ty, Type::Array(_)) {
                return Err(Diagnostic::typing(
                    format!("every iteration of the prange loop updates the array `{name}` in place"),
                    list[0].1,
                )
                .note("iterations run at once on several threads; write elements indexed by the loop variable (`a[i] += 1.0`)"));
            }
            if !f.locals[id as usize].ty.is_numeric_scalar() {
                return Err(Diagnostic::unsupported(
                    format!("`{name}` is reduced over a prange loop, but only numbers can be reduced"),
                    list[0].1,
                ));
            }
            reductions.push((id, op));
            continue;
        }
        if ops.len() > 1 && ops.iter().all(Option::is_some) && id != *var {
            return Err(Diagnostic::typing(
                format!("`{name}` is reduced with different operators in one prange loop"),
                list[1].1,
            )
            .note("a reduction variable must combine every iteration with one operator: `+=`/`-=`, `*=`, min or max"));
        }
        if outside.read.contains(&id) {
            return Err(Diagnostic::typing(
                format!("`{name}` is assigned in every iteration of the prange loop and also used outside it"),
                list[0].1,
            )
            .note("iterations run in any order, so its value after the loop would be whichever ran last; use a variable private to the loop, or a reduction such as `s += ...`"));
        }
    }
    reductions.sort_by_key(|r| r.0);
    let reduced: HashSet<LocalId> = reductions.iter().map(|r| r.0).collect();

    let mut defined: HashSet<LocalId> = comprehension.iter().copied().collect();
    defined.insert(*var);
    let mut check = Check { f, var: *var, private: &private, reduced: &reduced, aliasing: HashSet::new() };
    check.find_aliasing(body);
    check.stmts(body, &mut defined)?;

    let mut inside = Uses::default();
    inside.stmts(body, None);
    let mut captured: Vec<LocalId> = inside
        .read
        .iter()
        .copied()
        .filter(|id| !private.contains(id))
        .chain(reductions.iter().filter(|r| matches!(r.1, ReduceOp::Min | ReduceOp::Max)).map(|r| r.0))
        .collect();
    captured.sort_unstable();
    captured.dedup();
    let reductions = reductions
        .into_iter()
        .map(|(local, op)| {
            // Chunks' partials combine with the variable's own `+` or `*` (an int sum still raises
            // OverflowError); min and max compare two values of its type.
            let ty = &f.locals[local as usize].ty;
            let plan = match op {
                ReduceOp::Add => rules::binary(BinOp::Add, ty, ty, false).ok(),
                ReduceOp::Mul => rules::binary(BinOp::Mul, ty, ty, false).ok(),
                ReduceOp::Min | ReduceOp::Max => None,
            };
            ParallelReduction { local, op, plan }
        })
        .collect();
    Ok(ParallelRegion { captured, reductions })
}

/// Rejects `break` out of the parallel loop itself and `return` anywhere in it.
fn exits(stmts: &[Stmt], depth: usize) -> Result<(), Diagnostic> {
    for s in stmts {
        match &s.kind {
            StmtKind::Break if depth == 0 => {
                return Err(Diagnostic::unsupported("`break` cannot leave a prange loop", s.span)
                    .note("every iteration of a parallel loop runs; there is no order in which to stop"));
            }
            StmtKind::Return(_) => {
                return Err(Diagnostic::unsupported("`return` inside a prange loop is not supported", s.span));
            }
            StmtKind::If { then, orelse, .. } => {
                exits(then, depth)?;
                exits(orelse, depth)?;
            }
            StmtKind::While { body, orelse, .. }
            | StmtKind::ForRange { body, orelse, .. }
            | StmtKind::ForIter { body, orelse, .. } => {
                exits(body, depth + 1)?;
                exits(orelse, depth)?;
            }
            StmtKind::Try { .. } => s.kind.blocks().into_iter().try_for_each(|b| exits(b, depth))?,
            _ => {}
        }
    }
    Ok(())
}

fn range_reduce_vars(e: &Expr, out: &mut Vec<LocalId>) {
    if let ExprKind::RangeReduce(r) = &e.kind {
        r.for_each_bound(|id| out.push(id));
    }
    e.for_each_child(|c| range_reduce_vars(c, out));
}

/// Every assignment of a local in `stmts`, with the reduction it performs if it has a reduction's
/// shape. Loop variables of inner loops count as plain assignments.
fn assignment_sites(stmts: &[Stmt], out: &mut HashMap<LocalId, Vec<(Option<ReduceOp>, Span)>>) {
    for s in stmts {
        match &s.kind {
            StmtKind::Assign { targets, value } => {
                for t in targets {
                    let op = match t {
                        Target::Local(id, _) if targets.len() == 1 => reduction_value(*id, value),
                        _ => None,
                    };
                    t.for_each_local(&mut |id| out.entry(id).or_default().push((op, s.span)));
                }
            }
            StmtKind::AugAssign { target, op, .. } => {
                let op = match op {
                    BinOp::Add | BinOp::Sub => Some(ReduceOp::Add),
                    BinOp::Mul => Some(ReduceOp::Mul),
                    _ => None,
                };
                target.for_each_local(&mut |id| out.entry(id).or_default().push((op, s.span)));
            }
            StmtKind::If { then: a, orelse: b, .. } | StmtKind::While { body: a, orelse: b, .. } => {
                assignment_sites(a, out);
                assignment_sites(b, out);
            }
            StmtKind::ForRange { var, body, orelse, .. } => {
                out.entry(*var).or_default().push((None, s.span));
                assignment_sites(body, out);
                assignment_sites(orelse, out);
            }
            StmtKind::ForIter { target, body, orelse, .. } => {
                target.for_each_local(&mut |id| out.entry(id).or_default().push((None, s.span)));
                assignment_sites(body, out);
                assignment_sites(orelse, out);
            }
            StmtKind::Try { .. } => s.kind.blocks().into_iter().for_each(|b| assignment_sites(b, out)),
            _ => {}
        }
    }
}

/// The reduction `id = value` performs: `id + e`, `id - e`, `id * e`, `min(id, e)`, `max(e, id)`…
/// where `e` does not read `id`.
fn reduction_value(id: LocalId, value: &Expr) -> Option<ReduceOp> {
    let is_id = |e: &Expr| matches!(e.kind, ExprKind::Local(x) if x == id);
    let free = |e: &Expr| !reads(e, id);
    match &value.kind {
        ExprKind::Binary(op @ (BinOp::Add | BinOp::Sub | BinOp::Mul), l, r) if is_id(l) && free(r) => {
            Some(if *op == BinOp::Mul { ReduceOp::Mul } else { ReduceOp::Add })
        }
        ExprKind::Binary(op @ (BinOp::Add | BinOp::Mul), l, r) if is_id(r) && free(l) => {
            Some(if *op == BinOp::Mul { ReduceOp::Mul } else { ReduceOp::Add })
        }
        ExprKind::Call(Callee::Builtin(b @ (Builtin::Min | Builtin::Max)), args, kw)
            if args.len() == 2 && kw.is_empty() && ((is_id(&args[0]) && free(&args[1])) || (is_id(&args[1]) && free(&args[0]))) =>
        {
            Some(if *b == Builtin::Min { ReduceOp::Min } else { ReduceOp::Max })
        }
        _ => None,
    }
}

fn reads(e: &Expr, id: LocalId) -> bool {
    let mut found = matches!(e.kind, ExprKind::Local(x) if x == id);
    e.for_each_child(|c| found |= reads(c, id));
    found
}

/// Locals read by statements, skipping one statement (the parallel loop) when asked.
#[derive(Default)]
struct Uses {
    read: HashSet<LocalId>,
}

impl Uses {
    fn stmts(&mut self, stmts: &[Stmt], skip: Option<&Stmt>) {
        for s in stmts {
            if skip.is_some_and(|k| std::ptr::eq(k, s)) {
                continue;
            }
            match &s.kind {
                StmtKind::If { cond, then, orelse } | StmtKind::While { cond, body: then, orelse } => {
                    self.expr(cond);
                    self.stmts(then, skip);
                    self.stmts(orelse, skip);
                }
                StmtKind::ForRange { start, stop, step, body, orelse, .. } => {
                    [start, stop, step].into_iter().for_each(|e| self.expr(e));
                    self.stmts(body, skip);
                    self.stmts(orelse, skip);
                }
                StmtKind::ForIter { target, iter, body, orelse } => {
                    self.target(target);
                    self.expr(iter);
                    self.stmts(body, skip);
                    self.stmts(orelse, skip);
                }
                StmtKind::AugAssign { target, value, .. } => {
                    target.for_each_local(&mut |id| {
                        self.read.insert(id);
                    });
                    self.target(target);
                    self.expr(value);
                }
                StmtKind::Try { .. } => s.kind.blocks().into_iter().for_each(|b| self.stmts(b, skip)),
                _ => for_each_expr(std::slice::from_ref(s), &mut |e| self.expr(e)),
            }
        }
    }

    fn target(&mut self, t: &Target) {
        match t {
            Target::Local(..) => {}
            Target::Index { base, indices, .. } => {
                self.expr(base);
                indices.iter().for_each(|i| self.expr(i));
            }
            Target::Tuple(items, _) => items.iter().for_each(|i| self.target(i)),
        }
    }

    fn expr(&mut self, e: &Expr) {
        if let ExprKind::Local(id) = e.kind {
            self.read.insert(id);
        }
        e.for_each_child(|c| self.expr(c));
    }
}

/// Walks the body in execution order with the set of private locals surely assigned so far.
struct Check<'a> {
    f: &'a Function,
    var: LocalId,
    private: &'a HashSet<LocalId>,
    reduced: &'a HashSet<LocalId>,
    /// Array locals of the body that may view shared data not indexed by the loop variable.
    aliasing: HashSet<LocalId>,
}

impl Check<'_> {
    fn name(&self, id: LocalId) -> &str {
        &self.f.locals[id as usize].name
    }

    fn stmts(&mut self, stmts: &[Stmt], defined: &mut HashSet<LocalId>) -> Result<(), Diagnostic> {
        for s in stmts {
            match &s.kind {
                StmtKind::Assign { targets, value } => {
                    let reduction = matches!(&targets[..], [Target::Local(id, _)] if self.reduced.contains(id));
                    match (&targets[..], reduction) {
                        ([Target::Local(id, _)], true) => self.reduction_operand(value, *id, defined)?,
                        _ => self.expr(value, defined)?,
                    }
                    for t in targets {
                        self.target(t, defined)?;
                    }
                }
                StmtKind::AugAssign { target, value, .. } => {
                    if let Target::Local(id, span) = target {
                        // An array updated in place is written, not rebound: it must be the
                        // iteration's own; a scalar must be a reduction or assigned earlier.
                        let own = defined.contains(id) && !self.aliasing.contains(id);
                        if !self.reduced.contains(id) && !own {
                            return Err(self.not_a_reduction(*id, *span));
                        }
                    }
                    self.expr(value, defined)?;
                    self.target(target, defined)?;
                }
                StmtKind::If { cond, then, orelse } => {
                    self.expr(cond, defined)?;
                    let mut a = defined.clone();
                    self.stmts(then, &mut a)?;
                    let mut b = defined.clone();
                    self.stmts(orelse, &mut b)?;
                    defined.extend(a.intersection(&b).copied().collect::<Vec<_>>());
                }
                StmtKind::While { cond, body, orelse } => {
                    self.expr(cond, defined)?;
                    self.stmts(body, &mut defined.clone())?;
                    self.stmts(orelse, &mut defined.clone())?;
                }
                StmtKind::ForRange { var, start, stop, step, body, orelse, .. } => {
                    for e in [start, stop, step] {
                        self.expr(e, defined)?;
                    }
                    let mut inner = defined.clone();
                    inner.insert(*var);
                    self.stmts(body, &mut inner)?;
                    self.stmts(orelse, &mut defined.clone())?;
                }
                StmtKind::ForIter { target, iter, body, orelse } => {
                    self.expr(iter, defined)?;
                    let mut inner = defined.clone();
                    self.target(target, &mut inner)?;
                    self.stmts(body, &mut inner)?;
                    self.stmts(orelse, &mut defined.clone())?;
                }
                StmtKind::Try { body, handlers, orelse, finalbody } => self.try_stmt(body, handlers, orelse, finalbody, defined)?,
                _ => {
                    let mut result = Ok(());
                    for_each_expr(std::slice::from_ref(s), &mut |e| {
                        if result.is_ok() {
                            result = self.expr(e, defined);
                        }
                    });
                    result?;
                }
            }
        }
        Ok(())
    }

    /// A `try` in the loop: a handler or `finally` may run after any prefix of the body, so it
    /// sees what was assigned before the `try`; after it, what every way through assigned.
    fn try_stmt(&mut self, body: &[Stmt], handlers: &[Handler], orelse: &[Stmt], finalbody: &[Stmt], defined: &mut HashSet<LocalId>) -> Result<(), Diagnostic> {
        let mut main = defined.clone();
        self.stmts(body, &mut main)?;
        self.stmts(orelse, &mut main)?;
        let mut both = main;
        for h in handlers {
            let mut d = defined.clone();
            self.stmts(&h.body, &mut d)?;
            both = both.intersection(&d).copied().collect();
        }
        let mut fin = defined.clone();
        self.stmts(finalbody, &mut fin)?;
        defined.extend(both.union(&fin).copied().collect::<Vec<_>>());
        Ok(())
    }

    /// The operand of a reduction statement: everything but the reduced local itself.
    fn reduction_operand(&mut self, value: &Expr, id: LocalId, defined: &HashSet<LocalId>) -> Result<(), Diagnostic> {
        match &value.kind {
            ExprKind::Binary(_, l, r) => [l.as_ref(), r.as_ref()],
            ExprKind::Call(_, args, _) => [&args[0], &args[1]],
            _ => unreachable!("reductions have two operands"),
        }
        .into_iter()
        .filter(|e| !matches!(e.kind, ExprKind::Local(x) if x == id))
        .try_for_each(|e| self.expr(e, defined))
    }

    /// Checks the reads of an assignment target and records the locals it assigns.
    fn target(&mut self, t: &Target, defined: &mut HashSet<LocalId>) -> Result<(), Diagnostic> {
        match t {
            Target::Local(id, _) => {
                defined.insert(*id);
            }
            Target::Index { base, indices, span } => {
                self.expr(base, defined)?;
                for i in indices {
                    self.expr(i, defined)?;
                }
                self.element_write(base, indices, *span)?;
            }
            Target::Tuple(items, _) => {
                for i in items {
                    self.target(i, defined)?;
                }
            }
        }
        Ok(())
    }

    /// A write `base[indices] = …` is safe when the array is private to the iteration or when some
    /// index (of this subscript or of the view it writes through) is injective in the loop variable.
    fn element_write(&self, base: &Expr, indices: &[Expr], span: Span) -> Result<(), Diagnostic> {
        // A store into a dict changes its table, whatever the key.
        if matches!(base.ty, Type::Dict(..)) && !self.owned(base) {
            return Err(Diagnostic::typing("a store changes a dict shared by the iterations of the prange loop", span)
                .note("iterations run at once on several threads; build a dict per iteration, or write into an array indexed by the loop variable"));
        }
        if indices.iter().any(|i| self.injective(i)) {
            return Ok(());
        }
        match &base.kind {
            ExprKind::Index(inner, idx) => self.element_write(inner, idx, span),
            ExprKind::Attr(inner, _) => self.element_write(inner, &[], span),
            ExprKind::Local(id) if self.private.contains(id) && !self.aliasing.contains(id) => Ok(()),
            ExprKind::Local(id) => Err(Diagnostic::typing(
                format!("write to `{}[…]` is not indexed by the prange variable `{}`", self.name(*id), self.name(self.var)),
                span,
            )
            .note("iterations run at once on several threads and may write the same element; index one axis with the loop variable (`out[i, j]`), or collect a value with a reduction")),
            _ => Err(Diagnostic::typing(
                format!("write through a view that is not indexed by the prange variable `{}`", self.name(self.var)),
                span,
            )),
        }
    }

    fn not_a_reduction(&self, id: LocalId, span: Span) -> Diagnostic {
        Diagnostic::typing(
            format!("every iteration of the prange loop updates `{}`, which is not a reduction", self.name(id)),
            span,
        )
        .note("a reduction is `s += e`, `s -= e`, `s *= e`, `s = min(s, e)` or `s = max(s, e)` on a number `s` read nowhere else in the loop; an array updated in place must be created in the iteration")
    }

    /// Marks the array locals of the body that some assignment makes a view of shared data not
    /// indexed by the loop variable, until no more are found (one may alias through another).
    fn find_aliasing(&mut self, body: &[Stmt]) {
        let mut bindings = Vec::new();
        array_bindings(self.f, body, &mut bindings);
        loop {
            let before = self.aliasing.len();
            for (id, value) in &bindings {
                if value.is_none_or(|v| !self.owned(v)) {
                    self.aliasing.insert(*id);
                }
            }
            if self.aliasing.len() == before {
                return;
            }
        }
    }

    /// Whether an array value is the iteration's own: a new array, or a view indexed by the loop
    /// variable or of an array that is the iteration's own.
    fn owned(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Local(id) => self.private.contains(id) && !self.aliasing.contains(id),
            ExprKind::Index(base, idx) => idx.iter().any(|i| self.injective(i)) || self.owned(base),
            ExprKind::Attr(x, _) => self.owned(x),
            ExprKind::IfExp(_, a, b) => self.owned(a) && self.owned(b),
            ExprKind::Call(
                Callee::Numpy(
                    NumpyFn::Flipud
                    | NumpyFn::Fliplr
                    | NumpyFn::Transpose
                    | NumpyFn::Ascontiguousarray
                    | NumpyFn::Reshape
                    | NumpyFn::Ravel
                    | NumpyFn::Flip
                    | NumpyFn::Swapaxes
                    | NumpyFn::Moveaxis
                    | NumpyFn::ExpandDims
                    | NumpyFn::Squeeze
                    | NumpyFn::Atleast(_)
                    | NumpyFn::Restride,
                ),
                args,
                _,
            ) => self.owned(&args[0]),
            // `np.diag` of a matrix is a view of its diagonal (of a vector, a new matrix).
            ExprKind::Call(Callee::Numpy(NumpyFn::Diag), args, _) if matches!(&args[0].ty, Type::Array(a) if a.ndim == 2) => self.owned(&args[0]),
            ExprKind::Call(Callee::Spec(..), ..) => false,
            _ => true,
        }
    }

    /// `i`, `i ± e`, `e + i`, `-i`, `k * i` with `e` the same in every iteration and `k` a nonzero
    /// constant: distinct iterations give distinct values.
    fn injective(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Local(id) => *id == self.var,
            ExprKind::Unary(UnaryOp::Neg, x) => self.injective(x),
            ExprKind::Binary(BinOp::Add | BinOp::Sub, l, r) => {
                (self.injective(l) && self.invariant(r)) || (self.invariant(l) && self.injective(r))
            }
            ExprKind::Binary(BinOp::Mul, l, r) => {
                let nonzero = |x: &Expr| matches!(x.kind, ExprKind::Const(Const::Int(k)) if k != 0);
                (self.injective(l) && nonzero(r)) || (nonzero(l) && self.injective(r))
            }
            _ => false,
        }
    }

    fn invariant(&self, e: &Expr) -> bool {
        let mut ok = match &e.kind {
            ExprKind::Local(id) => *id != self.var && !self.private.contains(id),
            ExprKind::Const(_) | ExprKind::Attr(..) | ExprKind::Binary(..) | ExprKind::Unary(..) => true,
            // `a.shape[k]`; an element of an array could be written by the loop itself.
            ExprKind::Index(base, _) => matches!(base.kind, ExprKind::Attr(_, Attr::Shape)),
            _ => false,
        };
        e.for_each_child(|c| ok &= self.invariant(c));
        ok
    }

    fn read(&self, id: LocalId, span: Span, defined: &HashSet<LocalId>) -> Result<(), Diagnostic> {
        if self.reduced.contains(&id) {
            return Err(Diagnostic::typing(
                format!("the reduction variable `{}` is read inside the prange loop", self.name(id)),
                span,
            )
            .note("its value there would be a partial result of one thread; read it after the loop"));
        }
        if self.private.contains(&id) && !defined.contains(&id) {
            return Err(Diagnostic::typing(
                format!("`{}` may be read before it is assigned in this iteration of the prange loop", self.name(id)),
                span,
            )
            .note("its value would come from another iteration, which may run on another thread; assign it first in the loop body"));
        }
        Ok(())
    }

    fn expr(&self, e: &Expr, defined: &HashSet<LocalId>) -> Result<(), Diagnostic> {
        if let ExprKind::Local(id) = e.kind {
            self.read(id, e.span, defined)?;
        }
        if let ExprKind::Call(Callee::Numpy(NumpyFn::SortInPlace | NumpyFn::Fill) | Callee::Random(RandomFn::Shuffle), args, _) = &e.kind {
            self.element_write(&args[0], &[], e.span)?;
        }
        // A generator's state is one, advanced by every draw: threads drawing from it would race,
        // whether the body calls its methods or hands it to a function that does.
        if e.ty == Type::Generator {
            return Err(Diagnostic::unsupported(
                "an np.random.Generator used in a prange loop: the iterations would draw from one generator state at once",
                e.span,
            )
            .note("draw before the loop (size=...), or give each chunk its own generator"));
        }
        // An iterator's position is one, advanced by every step: only an iterator the iteration
        // made itself may be used.
        if let (Type::Iter(_), ExprKind::Local(id)) = (&e.ty, &e.kind) {
            if !defined.contains(id) {
                return Err(Diagnostic::unsupported("an iterator made before a prange loop used in it: the iterations would advance one position at once", e.span)
                    .note("make the iterator inside the loop body"));
            }
        }
        // A list's or dict's methods change its length and may move its items: only a container
        // the iteration made itself may be changed.
        if let ExprKind::Call(Callee::ListMethod(m), args, _) = &e.kind {
            let reads = matches!(
                m,
                ListMethod::Get
                    | ListMethod::Keys
                    | ListMethod::Values
                    | ListMethod::Items
                    | ListMethod::Copy
                    | ListMethod::Union
                    | ListMethod::Intersection
                    | ListMethod::Difference
                    | ListMethod::SymmetricDifference
                    | ListMethod::Issubset
                    | ListMethod::Issuperset
                    | ListMethod::Isdisjoint
            );
            if !reads && !self.owned(&args[0]) {
                let what = match args[0].ty {
                    Type::Dict(..) => "dict",
                    Type::Set(_) => "set",
                    _ => "list",
                };
                return Err(Diagnostic::typing(
                    format!("`.{}()` changes a {what} shared by the iterations of the prange loop", m.name()),
                    e.span,
                )
                .note("iterations run at once on several threads; build a list per iteration, or write into an array indexed by the loop variable"));
            }
        }
        if let ExprKind::RangeReduce(r) = &e.kind {
            let mut inner = defined.clone();
            r.for_each_bound(|id| {
                inner.insert(id);
            });
            for c in [&r.start, &r.stop, &r.step].into_iter().chain(r.iter.as_ref().map(|s| &s.1)) {
                self.expr(c, defined)?;
            }
            for c in r.conds.iter().chain([&r.elt]) {
                self.expr(c, &inner)?;
            }
            return Ok(());
        }
        let mut result = Ok(());
        e.for_each_child(|c| {
            if result.is_ok() {
                result = self.expr(c, defined);
            }
        });
        result
    }
}

/// Every binding of an array or list local in `stmts`: `(local, Some(value))` for `a = value`,
/// `None` where the value is not one expression (tuple unpacking of a call, iteration over rows).
fn array_bindings<'e>(f: &Function, stmts: &'e [Stmt], out: &mut Vec<(LocalId, Option<&'e Expr>)>) {
    let is_array = |id: LocalId| matches!(f.locals[id as usize].ty, Type::Array(_) | Type::List(_) | Type::Dict(..) | Type::Set(_));
    fn bind<'e>(t: &Target, value: Option<&'e Expr>, is_array: &dyn Fn(LocalId) -> bool, out: &mut Vec<(LocalId, Option<&'e Expr>)>) {
        match (t, value.map(|v| &v.kind)) {
            (Target::Local(id, _), _) if is_array(*id) => out.push((*id, value)),
            (Target::Tuple(items, _), Some(ExprKind::Tuple(values))) if items.len() == values.len() => {
                items.iter().zip(values).for_each(|(t, v)| bind(t, Some(v), is_array, out))
            }
            (Target::Tuple(items, _), _) => items.iter().for_each(|t| bind(t, None, is_array, out)),
            _ => {}
        }
    }
    for s in stmts {
        match &s.kind {
            StmtKind::Assign { targets, value } => targets.iter().for_each(|t| bind(t, Some(value), &is_array, out)),
            StmtKind::If { then: a, orelse: b, .. } | StmtKind::While { body: a, orelse: b, .. } | StmtKind::ForRange { body: a, orelse: b, .. } => {
                array_bindings(f, a, out);
                array_bindings(f, b, out);
            }
            StmtKind::ForIter { target, iter, body, orelse } => {
                // Rows of `iter` are views of it: as owned as `iter` itself.
                bind(target, Some(iter), &is_array, out);
                array_bindings(f, body, out);
                array_bindings(f, orelse, out);
            }
            StmtKind::Try { .. } => s.kind.blocks().into_iter().for_each(|b| array_bindings(f, b, out)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    /// The captured locals and the reductions by name, or an error's message and caret text.
    type Outcome = Result<(Vec<String>, Vec<(String, ReduceOp)>), (String, String)>;

    /// The region of the first loop of `src` (a prange loop): the captured locals and the
    /// reductions, by name; or the error's message and the text at its caret.
    fn region(src: &str, args: &[Type]) -> Outcome {
        let f = typed(src, args);
        let name = |id: LocalId| f.locals[id as usize].name.clone();
        match analyze(&f, nth_loop(&f, 0)) {
            Ok(r) => Ok((r.captured.iter().map(|id| name(*id)).collect(), r.reductions.iter().map(|r| (name(r.local), r.op)).collect())),
            Err(d) => Err((d.message, text(src, d.span.expect("a caret")).to_string())),
        }
    }

    /// `for i in prange(n): body` in `def f(a, out, n, x)` on 1-D float64 arrays, with a float
    /// local `s` set before the loop and returned after it.
    fn in_body(body: &str) -> Outcome {
        let src = format!("def f(a, out, n, x):\n    s = 0.0\n    for i in prange(n):\n{body}\n    return s");
        region(&src, &[f64_1d(), f64_1d(), Type::Int, Type::Float])
    }

    fn message(r: Outcome) -> (String, String) {
        r.expect_err("the loop is refused")
    }

    #[test]
    fn reductions_are_recognised_by_their_shape() {
        let src = "def f(a, n):\n    s = 0.0\n    p = 1.0\n    lo = 0.0\n    hi = 0.0\n    d = 0.0\n    for i in prange(n):\n        s += a[i]\n        p *= a[i]\n        lo = min(lo, a[i])\n        hi = max(a[i], hi)\n        d = d - a[i]\n        d -= 1.0\n    return s + p + lo + hi + d";
        let (mut captured, mut reductions) = region(src, &[f64_1d(), Type::Int]).unwrap_or_else(|e| panic!("{e:?}"));
        captured.sort();
        reductions.sort_by(|x, y| x.0.cmp(&y.0));
        let expected = [("d", ReduceOp::Add), ("hi", ReduceOp::Max), ("lo", ReduceOp::Min), ("p", ReduceOp::Mul), ("s", ReduceOp::Add)];
        assert_eq!(reductions, expected.map(|(n, op)| (n.to_string(), op)));
        // Min and max reductions start from their value before the loop; sums and products do not.
        // (The loop variable is passed too, harmlessly: the worker assigns it before the body runs.)
        captured.retain(|c| c != "i");
        assert_eq!(captured, ["a", "hi", "lo"]);
    }

    #[test]
    fn a_value_minus_the_local_is_not_a_reduction() {
        assert_eq!(
            message(in_body("        s = a[i] - s")),
            ("`s` is assigned in every iteration of the prange loop and also used outside it".into(), "s = a[i] - s".into())
        );
        assert_eq!(
            message(in_body("        s = s + s")),
            ("`s` is assigned in every iteration of the prange loop and also used outside it".into(), "s = s + s".into())
        );
    }

    #[test]
    fn reduction_variables_are_read_nowhere_else() {
        assert_eq!(message(in_body("        s += a[i]\n        out[i] = s")), ("the reduction variable `s` is read inside the prange loop".into(), "s".into()));
        assert_eq!(
            message(in_body("        s += a[i]\n        s *= 2.0")),
            ("`s` is reduced with different operators in one prange loop".into(), "s *= 2.0".into())
        );
    }

    #[test]
    fn private_locals_must_be_assigned_before_they_are_read() {
        let read_first = message(in_body("        out[i] = t\n        t = a[i]"));
        assert_eq!(read_first.1, "t");
        assert!(read_first.0.starts_with("`t` may be read before it is assigned"), "{}", read_first.0);
        // Assigned on one branch only.
        let one_branch = message(in_body("        if a[i] > 0.0:\n            t = a[i]\n        out[i] = t"));
        assert!(one_branch.0.starts_with("`t` may be read before it is assigned"), "{}", one_branch.0);
        // On both branches, or first: private to the iteration, and not captured.
        let src = "def f(a, out, n, x):\n    for i in prange(n):\n        if a[i] > 0.0:\n            t = a[i]\n        else:\n            t = x\n        u = t * 2.0\n        out[i] = u\n    return out";
        let (mut captured, reductions) = region(src, &[f64_1d(), f64_1d(), Type::Int, Type::Float]).unwrap_or_else(|e| panic!("{e:?}"));
        captured.retain(|c| c != "i");
        assert_eq!((captured, reductions), (vec!["a".to_string(), "out".into(), "x".into()], vec![]));
    }

    #[test]
    fn private_locals_are_not_used_after_the_loop() {
        let src = "def f(a, out, n):\n    t = 0.0\n    for i in prange(n):\n        t = a[i]\n        out[i] = t\n    return t";
        assert_eq!(
            message(region(src, &[f64_1d(), f64_1d(), Type::Int])),
            ("`t` is assigned in every iteration of the prange loop and also used outside it".into(), "t = a[i]".into())
        );
    }

    #[test]
    fn writes_must_be_injective_in_the_loop_variable() {
        // The analysis also accepts `n - i` and `-i`, not pinned here: an injective index is not an
        // injective element once negative indices wrap around (`out[-i]` over `prange(len(out) + 1)`
        // writes element 0 in iterations 0 and len(out)).
        for index in ["i", "i + 1", "2 * i", "i * 3 + n", "a.shape[0] + i"] {
            assert!(in_body(&format!("        out[{index}] = a[i]")).is_ok(), "out[{index}]");
        }
        for index in ["0", "i // 2", "i * n", "i % 4", "n - 1", "i * 0", "i + j"] {
            let (msg, caret) = message(in_body(&format!("        j = 1\n        out[{index}] = a[i]")));
            assert_eq!(msg, "write to `out[…]` is not indexed by the prange variable `i`", "out[{index}]");
            assert_eq!(caret, format!("out[{index}]"));
        }
    }

    #[test]
    fn writes_to_the_iteration_s_own_row_are_allowed() {
        let src = |body: &str| format!("def f(out, n, m):\n    for i in prange(n):\n        for j in range(m):\n{body}\n    return out");
        let args = [f64_2d(), Type::Int, Type::Int];
        for body in ["            out[i, j] = 1.0", "            out[j, i] = 1.0", "            out[i][j] = 1.0", "            row = out[i]\n            row[j] = 1.0", "            tmp = np.zeros(m)\n            tmp[j] = 1.0"] {
            assert!(region(&src(body), &args).is_ok(), "{body}");
        }
        for (body, array) in [("            out[j, 0] = 1.0", "out"), ("            row = out[0]\n            row[j] = 1.0", "row"), ("            row = out[i]\n            row = out[0]\n            row[j] = 1.0", "row")] {
            let (msg, _) = message(region(&src(body), &args));
            assert_eq!(msg, format!("write to `{array}[…]` is not indexed by the prange variable `i`"), "{body}");
        }
    }

    #[test]
    fn in_place_sorts_write_their_whole_array() {
        let src = |body: &str| format!("def f(out, n):\n    for i in prange(n):\n{body}\n    return out");
        let args = [f64_2d(), Type::Int];
        for body in ["        out[i].sort()", "        row = out[i]\n        row.sort()", "        tmp = out[i] * 2.0\n        tmp.sort()"] {
            assert!(region(&src(body), &args).is_ok(), "{body}");
        }
        for (body, array) in [("        out.sort()", "out"), ("        row = out[0]\n        row.sort()", "row")] {
            let (msg, _) = message(region(&src(body), &args));
            assert_eq!(msg, format!("write to `{array}[…]` is not indexed by the prange variable `i`"), "{body}");
        }
    }

    #[test]
    fn break_and_return_cannot_leave_the_loop() {
        assert_eq!(message(in_body("        if a[i] > 0.0:\n            break")), ("`break` cannot leave a prange loop".into(), "break".into()));
        assert_eq!(message(in_body("        return 1.0")).0, "`return` inside a prange loop is not supported");
        let inner = "        for j in range(n):\n            if a[j] > 0.0:\n                break\n        out[i] = 1.0";
        assert!(in_body(inner).is_ok(), "a break of an inner loop stays in the iteration");
    }

    #[test]
    fn try_in_the_body_follows_the_rules_and_loops_inside_try_are_found() {
        let body = "        try:\n            out[i] = 1.0 / a[i]\n            s += out[i]\n        except ZeroDivisionError:\n            out[i] = 0.0";
        assert_eq!(in_body(body).expect("accepted").1, [("s".to_string(), ReduceOp::Add)]);
        let body = "        try:\n            y = 1.0 / a[i]\n        except ZeroDivisionError:\n            out[i] = y";
        assert!(message(in_body(body)).0.contains("y"), "a handler may run before the body assigned `y`");
        let body = "        try:\n            out[0] = 1.0\n        finally:\n            pass";
        assert!(in_body(body).is_err(), "writes inside a try follow the race rules");
        let body = "        try:\n            out[i] = 1.0\n        except ValueError:\n            return 1.0";
        assert!(in_body(body).is_err(), "no return from a handler either");
        let src = "def f(a, out, n):\n    try:\n        for i in prange(n):\n            out[i] = a[i]\n    except IndexError:\n        pass\n    return out";
        let mut p = typed_program(&[src], &[f64_1d(), f64_1d(), Type::Int]);
        resolve(&mut p, |_| true).expect("the loop is accepted");
        let StmtKind::Try { body, .. } = &p.specs[p.root].hir.body[0].kind else { panic!("a try") };
        assert!(matches!(&body[0].kind, StmtKind::ForRange { region: Some(_), .. }), "the prange inside the try has its region");
    }

    #[test]
    fn only_arrays_of_the_iteration_are_updated_in_place() {
        let shared = "def f(a, acc, n):\n    for i in prange(n):\n        acc += a\n    return acc";
        assert_eq!(
            message(region(shared, &[f64_1d(), f64_1d(), Type::Int])),
            ("every iteration of the prange loop updates the array `acc` in place".into(), "acc += a".into())
        );
        let own = "def f(a, n):\n    s = 0.0\n    for i in prange(n):\n        row = np.zeros(3)\n        row += a[i]\n        s += row[0]\n    return s";
        let (_, reductions) = region(own, &[f64_1d(), Type::Int]).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(reductions, [("s".to_string(), ReduceOp::Add)]);
    }

    #[test]
    fn only_lists_of_the_iteration_change() {
        let shared = "def f(n):\n    l = [0.0]\n    for i in prange(n):\n        l.append(1.0)\n    return l";
        assert_eq!(
            message(region(shared, &[Type::Int])),
            ("`.append()` changes a list shared by the iterations of the prange loop".into(), "l.append(1.0)".into())
        );
        let alias = "def f(n):\n    l = [0.0]\n    s = 0.0\n    for i in prange(n):\n        m = l\n        m.pop()\n        s += 1.0\n    return s";
        assert!(region(alias, &[Type::Int]).is_err(), "a local bound to the shared list is the shared list");
        let own = "def f(n):\n    s = 0.0\n    for i in prange(n):\n        m = [1.0, 2.0]\n        m.append(3.0)\n        s += m[2]\n    return s";
        assert!(region(own, &[Type::Int]).is_ok());
    }
}
