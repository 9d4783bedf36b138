//! Where each local of a function starts: the statement of the function's body (its top level)
//! that first mentions it. A local holds zero until assigned (an owner of nothing, a flag saying
//! unbound); giving it that zero just before its first statement, rather than in the entry block,
//! keeps Cranelift's SSA construction from walking back to the entry block from the local's first
//! assignment (which reads the old value to release it) through every block between: over a long
//! function that walk made compile time grow with the square of its length.

use hasten_ir::hir::*;
use std::collections::HashMap;

/// The locals (not parameters) each top-level statement of `f` mentions first, by the statement's
/// address, and per local whether it is among them. A top-level statement runs at most once and
/// in order, so no path reaches a local's statement having run any of its other mentions: zero
/// there is what it holds. Locals no statement mentions keep their zero in the entry block.
pub(crate) fn local_starts(f: &Function) -> (HashMap<*const Stmt, Vec<LocalId>>, Vec<bool>) {
    let params = f.params.len();
    let mut started = vec![false; f.locals.len()];
    let mut out = HashMap::new();
    for s in &f.body {
        let mut ids = Vec::new();
        mentions(s, &mut ids);
        ids.sort_unstable();
        ids.dedup();
        ids.retain(|&id| (id as usize) >= params && !started[id as usize]);
        ids.iter().for_each(|&id| started[id as usize] = true);
        if !ids.is_empty() {
            out.insert(s as *const Stmt, ids);
        }
    }
    (out, started)
}

/// Every local the statement reads, binds or assigns, nested statements included.
fn mentions(s: &Stmt, out: &mut Vec<LocalId>) {
    fn expr(e: &Expr, out: &mut Vec<LocalId>) {
        match &e.kind {
            ExprKind::Local(id) | ExprKind::Bound(id) => out.push(*id),
            ExprKind::RangeReduce(r) => r.for_each_bound(|id| out.push(id)),
            _ => {}
        }
        e.for_each_child(|c| expr(c, out));
    }
    let one = std::slice::from_ref(s);
    for_each_expr(one, &mut |e| expr(e, out));
    assigned_locals(one, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use hasten_ir::Type;
    use hasten_typeck::testing::*;

    /// The names starting at each top-level statement of `f` (sorted), and those left to the entry.
    fn starts(f: &Function) -> (Vec<Vec<String>>, Vec<String>) {
        let (at, started) = local_starts(f);
        let names = |ids: &[LocalId]| {
            let mut n: Vec<String> = ids.iter().map(|id| f.locals[*id as usize].name.clone()).collect();
            n.sort();
            n
        };
        let per_stmt = f.body.iter().map(|s| names(at.get(&(s as *const Stmt)).map_or(&[][..], Vec::as_slice))).collect();
        let entry: Vec<LocalId> = (f.params.len()..f.locals.len()).filter(|&i| !started[i]).map(|i| i as LocalId).collect();
        (per_stmt, names(&entry))
    }

    fn v(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn each_local_starts_at_the_statement_that_first_mentions_it() {
        let f = typed("def f(a, n):\n    s = 0.0\n    t = np.sort(a)\n    u = t * 2.0\n    s += u.sum() + t[0]\n    return s\n", &[f64_1d(), Type::Int]);
        let (per_stmt, entry) = starts(&f);
        assert_eq!(per_stmt, [v(&["s"]), v(&["t"]), v(&["u"]), v(&[]), v(&[])]);
        assert!(entry.is_empty(), "{entry:?}");
    }

    #[test]
    fn locals_of_a_loop_or_a_branch_start_before_the_whole_statement() {
        // A loop body runs many times and a branch may not run: the zero goes before them, at the
        // top level, so no iteration's value is lost and every path has it.
        let f = typed("def f(a, n):\n    x = 0.0\n    for i in range(n):\n        y = a[i] * 2.0\n        if y > x:\n            z = y\n            x = z\n    return x\n", &[f64_1d(), Type::Int]);
        let (per_stmt, _) = starts(&f);
        assert_eq!(per_stmt[0], v(&["x"]));
        assert!(per_stmt[1].contains(&"i".to_string()) && per_stmt[1].contains(&"y".to_string()) && per_stmt[1].contains(&"z".to_string()), "{:?}", per_stmt[1]);
        assert_eq!(per_stmt[2], v(&[]));
    }

    #[test]
    fn parameters_never_start_later() {
        let f = typed("def f(a, n):\n    n = n + 1\n    return a[n]\n", &[f64_1d(), Type::Int]);
        let (per_stmt, _) = starts(&f);
        assert!(per_stmt.iter().all(|names| !names.contains(&"n".to_string()) && !names.contains(&"a".to_string())), "{per_stmt:?}");
    }
}
