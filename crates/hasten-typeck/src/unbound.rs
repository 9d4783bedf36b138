//! Definite-assignment analysis, for the run-time `UnboundLocalError` checks of code generation.

use hasten_ir::hir::*;
use hasten_ir::Type;

/// Marks locals that some read may reach before any assignment (definite-assignment analysis over
/// the tree; loops may run zero times, `break`/`continue` end a path), and the captured variables
/// of an inner function that its caller passes with a run-time flag (`args`: the parameters' types).
pub(crate) fn mark_maybe_unbound(f: &mut Function, args: &[Type]) {
    let n = f.locals.len();
    let mut assigned = vec![false; n];
    for a in assigned.iter_mut().take(f.params.len()) {
        *a = true;
    }
    let mut flagged = vec![false; n];
    walk_block(&f.body, &mut assigned, &mut flagged);
    for (i, p) in f.params.iter().enumerate() {
        if let Some(name) = p.name.strip_prefix(CAPTURED_PREFIX).and_then(|x| x.strip_suffix('>')) {
            let flag = f.params.iter().position(|q| q.name == bound_param(name));
            flagged[i] = flag.is_some_and(|j| args.get(j) == Some(&Type::Bool));
        }
    }
    for (l, flag) in f.locals.iter_mut().zip(flagged) {
        l.maybe_unbound = flag;
    }
}

/// Per local: assigned on every path reaching this point.
type Defs = Vec<bool>;

fn meet(a: &Defs, b: &Defs) -> Defs {
    a.iter().zip(b).map(|(x, y)| *x && *y).collect()
}

/// Returns false when the block always leaves by return/raise/break/continue (its end is unreachable).
fn walk_block(stmts: &[Stmt], defs: &mut Defs, flagged: &mut Vec<bool>) -> bool {
    for s in stmts {
        if !walk_stmt(s, defs, flagged) {
            return false;
        }
    }
    true
}

fn walk_stmt(s: &Stmt, defs: &mut Defs, flagged: &mut Vec<bool>) -> bool {
    match &s.kind {
        StmtKind::Assign { targets, value } => {
            walk_expr(value, defs, flagged);
            targets.iter().for_each(|t| walk_target(t, defs, flagged));
        }
        StmtKind::AugAssign { target, value, .. } => {
            walk_expr(value, defs, flagged);
            if let Target::Local(id, _) = target {
                if !defs[*id as usize] {
                    flagged[*id as usize] = true;
                }
            }
            walk_target(target, defs, flagged);
        }
        StmtKind::Expr(e) => walk_expr(e, defs, flagged),
        StmtKind::If { cond, then, orelse } => {
            walk_expr(cond, defs, flagged);
            let mut a = defs.clone();
            let mut b = defs.clone();
            let ra = walk_block(then, &mut a, flagged);
            let rb = walk_block(orelse, &mut b, flagged);
            *defs = match (ra, rb) {
                (true, true) => meet(&a, &b),
                (true, false) => a,
                (false, true) => b,
                (false, false) => return false,
            };
        }
        // What a loop's body or `else` assigns does not count after it.
        StmtKind::While { cond, body, orelse } => {
            walk_expr(cond, defs, flagged);
            let mut inner = defs.clone();
            walk_block(body, &mut inner, flagged);
            let mut e = defs.clone();
            walk_block(orelse, &mut e, flagged);
        }
        StmtKind::ForRange { var, start, stop, step, body, orelse, .. } => {
            for e in [start, stop, step] {
                walk_expr(e, defs, flagged);
            }
            let mut inner = defs.clone();
            inner[*var as usize] = true;
            walk_block(body, &mut inner, flagged);
            let mut e = defs.clone();
            walk_block(orelse, &mut e, flagged);
        }
        StmtKind::ForIter { target, iter, body, orelse } => {
            walk_expr(iter, defs, flagged);
            let mut inner = defs.clone();
            walk_target(target, &mut inner, flagged);
            walk_block(body, &mut inner, flagged);
            let mut e = defs.clone();
            walk_block(orelse, &mut e, flagged);
        }
        StmtKind::Return(v) => {
            if let Some(v) = v {
                walk_expr(v, defs, flagged);
            }
            return false;
        }
        StmtKind::Assert { test, .. } => walk_expr(test, defs, flagged),
        StmtKind::Raise { args, .. } => {
            for a in args {
                if let RaiseArg::Value(e) = a {
                    walk_expr(e, defs, flagged);
                }
            }
            return false;
        }
        StmtKind::Try { body, handlers, orelse, finalbody } => return walk_try(body, handlers, orelse, finalbody, defs, flagged),
        StmtKind::Reraise(_) | StmtKind::Break | StmtKind::Continue => return false,
        StmtKind::Pass => {}
    }
    true
}

/// A handler may start after any prefix of the body, so it sees only what was assigned before the
/// `try`; so does `finally`, whose own assignments hold after it on every path.
fn walk_try(body: &[Stmt], handlers: &[Handler], orelse: &[Stmt], finalbody: &[Stmt], defs: &mut Defs, flagged: &mut Vec<bool>) -> bool {
    let before = defs.clone();
    let mut ends = Vec::new();
    let mut main = before.clone();
    if walk_block(body, &mut main, flagged) && walk_block(orelse, &mut main, flagged) {
        ends.push(main);
    }
    for h in handlers {
        let mut d = before.clone();
        if walk_block(&h.body, &mut d, flagged) {
            ends.push(d);
        }
    }
    let mut fin = before;
    if !walk_block(finalbody, &mut fin, flagged) {
        return false;
    }
    let Some(first) = ends.pop() else { return false };
    let joined = ends.iter().fold(first, |acc, d| meet(&acc, d));
    *defs = joined.iter().zip(&fin).map(|(x, y)| *x || *y).collect();
    true
}

fn walk_target(t: &Target, defs: &mut Defs, flagged: &mut Vec<bool>) {
    if let Target::Index { base, indices, .. } = t {
        walk_expr(base, defs, flagged);
        indices.iter().for_each(|i| walk_expr(i, defs, flagged));
    }
    t.for_each_local(&mut |id| defs[id as usize] = true);
}

fn walk_expr(e: &Expr, defs: &Defs, flagged: &mut Vec<bool>) {
    match &e.kind {
        ExprKind::Local(id) | ExprKind::Bound(id) if !defs[*id as usize] => flagged[*id as usize] = true,
        ExprKind::RangeReduce(r) => {
            // The generator's variable is bound inside it.
            for b in [&r.start, &r.stop, &r.step].into_iter().chain(r.iter.as_ref().map(|s| &s.1)) {
                walk_expr(b, defs, flagged);
            }
            let mut inner = defs.clone();
            r.for_each_bound(|id| inner[id as usize] = true);
            r.conds.iter().for_each(|c| walk_expr(c, &inner, flagged));
            walk_expr(&r.elt, &inner, flagged);
            return;
        }
        _ => {}
    }
    e.for_each_child(|x| walk_expr(x, defs, flagged));
}

#[cfg(test)]
mod tests {
    use crate::testing::typed;
    use hasten_ir::Type;

    fn flagged(source: &str) -> Vec<String> {
        let f = typed(source, &[Type::Int]);
        f.locals.iter().filter(|l| l.maybe_unbound).map(|l| l.name.clone()).collect()
    }

    #[test]
    fn handlers_see_only_what_was_assigned_before_the_try() {
        let src = "def f(x):\n    try:\n        y = 1 // x\n    except ZeroDivisionError:\n        pass\n    return y\n";
        assert_eq!(flagged(src), ["y"]);
        let src = "def f(x):\n    try:\n        y = 1 // x\n    except ZeroDivisionError:\n        y = 0\n    return y\n";
        assert!(flagged(src).is_empty());
        let src = "def f(x):\n    try:\n        y = 1 // x\n    except ZeroDivisionError:\n        raise\n    return y\n";
        assert!(flagged(src).is_empty(), "a handler that re-raises does not reach the return");
    }

    #[test]
    fn finally_assignments_hold_after_it() {
        let src = "def f(x):\n    try:\n        y = 1 // x\n    finally:\n        z = 2\n    return y + z\n";
        assert!(flagged(src).is_empty());
        let src = "def f(x):\n    try:\n        y = 1 // x\n    finally:\n        z = y\n    return z\n";
        assert_eq!(flagged(src), ["y"], "finally may run before the body assigned anything");
    }

    #[test]
    fn exits_through_try_are_known() {
        use crate::always_exits;
        let f = typed("def f(x):\n    try:\n        return 1 // x\n    except ZeroDivisionError:\n        raise ValueError('zero', x)\n", &[Type::Int]);
        assert!(always_exits(&f.body));
        let f = typed("def f(x):\n    try:\n        return 1 // x\n    except ZeroDivisionError:\n        pass\n    return 0\n", &[Type::Int]);
        assert!(!always_exits(&f.body[..1]));
    }
}
