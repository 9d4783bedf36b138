//! Which locals holding heap values own them, and where the owned ones die.
//!
//! - `borrowers`: locals that need no reference of their own. A parameter the body never rebinds
//!   borrows the caller's for the whole call; so does a local assigned in one place from a view of
//!   such a borrower (`row = a[i]`, `for row in a`, `t = a.T`), since that base outlives it. They cost
//!   no counting at all, in loops included.
//! - `dead_after`: a backward liveness analysis over the structured statements. Lowering releases an
//!   owned local right after the statement that used it last (as CPython frees a value once nothing
//!   refers to it), rather than when it is rebound or the function returns: `t = np.ones(n);
//!   s += t.sum()` in a loop then holds one array at a time, not two.

use hasten_ir::hir::*;
use hasten_ir::Type;
use std::collections::{BTreeSet, HashMap};

type Live = BTreeSet<LocalId>;

/// For each local of `f`, whether it borrows (see the module documentation); `stable` says which
/// locals hold one value for their life (`ranges::stable_locals`).
pub(crate) fn borrowers(f: &Function, stable: &[bool]) -> Vec<bool> {
    let n = f.locals.len();
    let mut borrows: Vec<bool> = (0..n).map(|i| i < f.params.len() && stable[i]).collect();
    let mut sources: Vec<Option<&Expr>> = vec![None; n];
    single_sources(&f.body, &mut sources);
    // Chains (`b = a[1:]`, `c = b.T`) settle in as many rounds as they are long.
    loop {
        let mut changed = false;
        for id in f.params.len()..n {
            let from_borrower = sources[id].is_some_and(|e| view_of(e).is_some_and(|base| borrows[base as usize]));
            if !borrows[id] && stable[id] && from_borrower {
                borrows[id] = true;
                changed = true;
            }
        }
        if !changed {
            return borrows;
        }
    }
}

/// The value each local gets where it is assigned by a plain `name = value` or as the variable of
/// a `for` over an array or a list (the rows are views of the iterable); only consulted for locals assigned
/// in one place.
fn single_sources<'e>(stmts: &'e [Stmt], out: &mut Vec<Option<&'e Expr>>) {
    for s in stmts {
        match &s.kind {
            StmtKind::Assign { targets, value } => {
                if let [Target::Local(id, _)] = targets.as_slice() {
                    out[*id as usize] = Some(value);
                }
            }
            StmtKind::ForIter { target, iter, body, orelse } => {
                // A string's characters are new strings, not views; an iterator's items outlive
                // no holder of it.
                if let (Target::Local(id, _), false) = (target, matches!(iter.ty, Type::Str | Type::Iter(_))) {
                    out[*id as usize] = Some(iter);
                }
                single_sources(body, out);
                single_sources(orelse, out);
            }
            StmtKind::If { then: a, orelse: b, .. }
            | StmtKind::While { body: a, orelse: b, .. }
            | StmtKind::ForRange { body: a, orelse: b, .. } => {
                single_sources(a, out);
                single_sources(b, out);
            }
            _ => {}
        }
    }
}

/// The local whose array `e` is, or a view of (indexing that keeps an array, `.T`), if any.
pub(crate) fn view_of(e: &Expr) -> Option<LocalId> {
    match &e.kind {
        ExprKind::Local(id) => Some(*id),
        ExprKind::Index(base, indices)
            if matches!(e.ty, Type::Array(_))
                && matches!(base.ty, Type::Array(_))
                && indices.iter().all(|i| matches!(i.kind, ExprKind::Slice(..)) || i.ty.is_intlike()) =>
        {
            view_of(base)
        }
        ExprKind::Attr(base, Attr::T) => view_of(base),
        _ => None,
    }
}

/// For each statement after which some tracked locals are dead although it mentions them (reads
/// or assigns them, nested statements included): those locals. A local the statement does not
/// mention was already dead before it, so it is never listed there.
pub(crate) type DeadAfter = HashMap<*const Stmt, Vec<LocalId>>;

/// The dead-after sets of `f`'s statements for the locals with `tracked[id]` set.
pub(crate) fn dead_after(f: &Function, tracked: &[bool]) -> DeadAfter {
    let mut cx = Cx { tracked, dead: HashMap::new(), loops: Vec::new() };
    cx.block(&f.body, &Live::new());
    cx.dead
}

struct Cx<'t> {
    tracked: &'t [bool],
    dead: DeadAfter,
    /// Per enclosing loop: what is live where `break` goes, and where `continue` goes.
    loops: Vec<(Live, Live)>,
}

impl Cx<'_> {
    fn block(&mut self, stmts: &[Stmt], out: &Live) -> Live {
        stmts.iter().rev().fold(out.clone(), |live, s| self.stmt(s, &live))
    }

    fn stmt(&mut self, s: &Stmt, out: &Live) -> Live {
        let live = self.live_before(s, out);
        let mut mentioned = Live::new();
        self.mentions(s, &mut mentioned);
        let dead: Vec<LocalId> = mentioned.difference(out).copied().collect();
        // A loop's body is analysed once per round of its fixpoint; the last round is the answer.
        if dead.is_empty() {
            self.dead.remove(&(s as *const Stmt));
        } else {
            self.dead.insert(s as *const Stmt, dead);
        }
        live
    }

    fn live_before(&mut self, s: &Stmt, out: &Live) -> Live {
        match &s.kind {
            StmtKind::Assign { targets, value } => {
                let mut live = out.clone();
                for t in targets {
                    t.for_each_local(&mut |id| {
                        live.remove(&id);
                    });
                }
                for t in targets {
                    self.target_reads(t, &mut live);
                }
                self.uses(value, &mut live);
                live
            }
            StmtKind::AugAssign { target, value, .. } => {
                let mut live = out.clone();
                target.for_each_local(&mut |id| self.add(id, &mut live));
                self.target_reads(target, &mut live);
                self.uses(value, &mut live);
                live
            }
            StmtKind::Expr(e) | StmtKind::Assert { test: e, .. } => {
                let mut live = out.clone();
                self.uses(e, &mut live);
                live
            }
            StmtKind::If { cond, then, orelse } => {
                let mut live = self.block(then, out);
                live.extend(self.block(orelse, out));
                self.uses(cond, &mut live);
                live
            }
            StmtKind::While { cond, body, orelse } => {
                let exit = self.block(orelse, out);
                self.fixpoint(out, |cx, header| {
                    let mut live = cx.block(body, header);
                    live.extend(exit.iter().copied());
                    cx.uses(cond, &mut live);
                    live
                })
            }
            StmtKind::ForRange { var, start, stop, step, body, orelse, .. } => {
                let exit = self.block(orelse, out);
                let mut live = self.fixpoint(out, |cx, header| {
                    let mut live = cx.block(body, header);
                    live.remove(var);
                    live.extend(exit.iter().copied());
                    live
                });
                [start, stop, step].into_iter().for_each(|e| self.uses(e, &mut live));
                live
            }
            StmtKind::ForIter { target, iter, body, orelse } => {
                let exit = self.block(orelse, out);
                let mut live = self.fixpoint(out, |cx, header| {
                    let mut live = cx.block(body, header);
                    target.for_each_local(&mut |id| {
                        live.remove(&id);
                    });
                    live.extend(exit.iter().copied());
                    live
                });
                self.uses(iter, &mut live);
                live
            }
            StmtKind::Break => self.loops.last().expect("break inside a loop").0.clone(),
            StmtKind::Continue => self.loops.last().expect("continue inside a loop").1.clone(),
            StmtKind::Return(e) => {
                let mut live = Live::new();
                if let Some(e) = e {
                    self.uses(e, &mut live);
                }
                live
            }
            StmtKind::Raise { args, .. } => {
                let mut live = Live::new();
                for a in args {
                    if let RaiseArg::Value(e) = a {
                        self.uses(e, &mut live);
                    }
                }
                live
            }
            StmtKind::Reraise(_) => Live::new(),
            // A handler or `finally` may follow any point of the body, and `finally` runs again on
            // each way out: every local the statement mentions stays alive to its end, where the
            // dead ones are released. (Its nested statements get no dead-after sets.)
            // A `break` or `continue` in it leaves with what is live where it goes.
            StmtKind::Try { .. } => {
                let mut live = out.clone();
                self.mentions(s, &mut live);
                let (breaks, continues) = jumps(std::slice::from_ref(s));
                if let Some((exit, header)) = self.loops.last() {
                    if breaks {
                        live.extend(exit.iter().copied());
                    }
                    if continues {
                        live.extend(header.iter().copied());
                    }
                }
                live
            }
            StmtKind::Pass => out.clone(),
        }
    }

    /// The liveness at a loop's header: the least solution of `header = step(header)`, with `break`
    /// going to `out` and `continue` to the header. Sets only grow, so this ends.
    fn fixpoint(&mut self, out: &Live, step: impl Fn(&mut Self, &Live) -> Live) -> Live {
        let mut header = Live::new();
        loop {
            self.loops.push((out.clone(), header.clone()));
            let next = step(self, &header);
            self.loops.pop();
            if next == header {
                return header;
            }
            header = next;
        }
    }

    fn add(&self, id: LocalId, live: &mut Live) {
        if self.tracked[id as usize] {
            live.insert(id);
        }
    }

    fn uses(&self, e: &Expr, live: &mut Live) {
        match &e.kind {
            ExprKind::Local(id) => self.add(*id, live),
            ExprKind::RangeReduce(r) => {
                r.for_each_bound(|id| self.add(id, live));
                e.for_each_child(|c| self.uses(c, live));
            }
            _ => e.for_each_child(|c| self.uses(c, live)),
        }
    }

    /// What an assignment target reads: the array and indices of an element or view store.
    fn target_reads(&self, t: &Target, live: &mut Live) {
        match t {
            Target::Local(..) => {}
            Target::Index { base, indices, .. } => {
                self.uses(base, live);
                indices.iter().for_each(|i| self.uses(i, live));
            }
            Target::Tuple(items, _) => items.iter().for_each(|i| self.target_reads(i, live)),
        }
    }

    /// Every tracked local the statement reads or assigns, nested statements included.
    fn mentions(&self, s: &Stmt, out: &mut Live) {
        let one = std::slice::from_ref(s);
        for_each_expr(one, &mut |e| self.uses(e, out));
        let mut assigned = Vec::new();
        assigned_locals(one, &mut assigned);
        assigned.into_iter().for_each(|id| self.add(id, out));
    }
}

/// Whether `stmts` hold a `break` and a `continue` of the loop they are in (not of loops nested in them).
pub(crate) fn jumps(stmts: &[Stmt]) -> (bool, bool) {
    let (mut breaks, mut continues) = (false, false);
    for s in stmts {
        match &s.kind {
            StmtKind::Break => breaks = true,
            StmtKind::Continue => continues = true,
            StmtKind::While { .. } | StmtKind::ForRange { .. } | StmtKind::ForIter { .. } => {}
            kind => {
                for b in kind.blocks() {
                    let (x, y) = jumps(b);
                    breaks |= x;
                    continues |= y;
                }
            }
        }
    }
    (breaks, continues)
}

#[cfg(test)]
mod tests;
