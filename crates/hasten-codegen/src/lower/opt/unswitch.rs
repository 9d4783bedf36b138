//! Finds the test that `Lower::unswitched_loop` moves out of an innermost loop: the leading operands of
//! an `if … and …` in the body that the loop never changes, like the row test of a convolution,
//! `0 <= i + k - r < h`, inside the loop over columns.
//!
//! A test qualifies when it reads only constants, locals the loop never assigns, and locals the loop
//! assigns exactly once, at the top of its body and before the `if`, from an expression that
//! qualifies in turn (`row = i + k - r`). Such a local holds the same value in every iteration, so
//! the test can be evaluated once before the loop with each of those reads replaced by its defining
//! expression. Only pure expressions qualify (no element reads, no jitted calls: see
//! `invariants::invariant`), so evaluating them early has no effect other than an error, which the caller
//! turns into running the original loop.

use hasten_ir::hir::*;
use super::*;

pub(crate) struct Plan<'e> {
    /// The locals assigned once from an invariant expression, in body order, with that expression.
    pub defs: Vec<(LocalId, &'e Expr)>,
    /// The `if` whose condition starts with the tests.
    pub cond: &'e Expr,
    /// Its leading invariant operands: the whole condition, or a prefix of its `and` operands.
    pub tests: Vec<&'e Expr>,
}

/// The plan for a loop whose variable is `var` and whose body is `body`, if its body holds no loop
/// and an `if` at its top level starts with an invariant test (the first such `if`).
pub(crate) fn plan<'e>(var: LocalId, body: &'e [Stmt]) -> Option<Plan<'e>> {
    if contains_loop(body) {
        return None;
    }
    let mut assigned = vec![var];
    assigned_locals(body, &mut assigned);
    let once = |id: LocalId| assigned.iter().filter(|a| **a == id).count() == 1;
    let mut defs: Vec<(LocalId, &Expr)> = Vec::new();
    // Other statements before the `if` are passed over: they can only assign locals the loop assigns
    // anyway, and nothing they do changes a pure test's value.
    for s in body {
        match &s.kind {
            StmtKind::Assign { targets, value } => {
                if let [Target::Local(id, _)] = targets.as_slice() {
                    if once(*id) && qualifies(value, &assigned, &defs) {
                        defs.push((*id, value));
                    }
                }
            }
            StmtKind::If { cond, .. } => {
                let parts: Vec<&Expr> = match &cond.kind {
                    ExprKind::Logical(LogicalOp::And, parts) => parts.iter().collect(),
                    _ => vec![cond],
                };
                let tests: Vec<&Expr> = parts.into_iter().take_while(|p| qualifies(p, &assigned, &defs)).collect();
                if !tests.is_empty() {
                    return Some(Plan { defs: needed(defs, &tests), cond, tests });
                }
            }
            _ => {}
        }
    }
    None
}

/// The definitions the tests read, directly or through other definitions.
fn needed<'e>(defs: Vec<(LocalId, &'e Expr)>, tests: &[&Expr]) -> Vec<(LocalId, &'e Expr)> {
    let mut keep = vec![false; defs.len()];
    for k in (0..defs.len()).rev() {
        let id = defs[k].0;
        keep[k] = tests.iter().any(|t| reads(t, id)) || (k + 1..defs.len()).any(|j| keep[j] && reads(defs[j].1, id));
    }
    defs.into_iter().zip(keep).filter_map(|(d, k)| k.then_some(d)).collect()
}

/// Whether `e` is pure and reads only locals the loop leaves alone or that `defs` define.
fn qualifies(e: &Expr, assigned: &[LocalId], defs: &[(LocalId, &Expr)]) -> bool {
    let variant: Vec<LocalId> = assigned.iter().copied().filter(|id| !defs.iter().any(|(d, _)| d == id)).collect();
    invariants::invariant(e, &variant)
}

fn reads(e: &Expr, id: LocalId) -> bool {
    let mut found = false;
    local_reads(e, &mut |_, v| found |= v == id);
    found
}

/// Calls `f` with every read of a local inside `e`: the reading expression and the local.
pub(crate) fn local_reads<'e>(e: &'e Expr, f: &mut impl FnMut(&'e Expr, LocalId)) {
    match e.kind {
        ExprKind::Local(id) => f(e, id),
        _ => e.for_each_child(|x| local_reads(x, f)),
    }
}

pub(crate) fn contains_loop(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        StmtKind::ForRange { .. } | StmtKind::ForIter { .. } | StmtKind::While { .. } => true,
        kind => kind.blocks().into_iter().any(contains_loop),
    })
}

// ---- emission --------------------------------------------------------------------------------

impl<'a, 'f> Lower<'a, 'f> {
    /// Emits an innermost loop through `emit`, unswitched on the invariant test of an `if` in its body
    /// (see `unswitch`): the test is evaluated once before the loop, speculatively, and the loop is
    /// emitted twice, once knowing it true and once knowing it false, so that neither copy tests it
    /// per iteration. If evaluating it would raise, the original loop runs instead and raises in place.
    pub(in crate::lower) fn unswitched_loop(&mut self, var: LocalId, body: &[Stmt], emit: impl Fn(&mut Self) -> R<()>) -> R<()> {
        let plan = match unswitch::plan(var, body) {
            Some(p) if self.versioning && !self.known.contains_key(&(p.cond as *const Expr)) => p,
            _ => return emit(self),
        };
        self.remark(|cx| {
            let tests: Vec<String> = plan.tests.iter().map(|t| cx.text(t.span)).collect();
            format!("unswitched on `{}`: tested once before the loop, which is emitted for each outcome", tests.join(" and "))
        });
        let (yes, no, slow, join) = (self.b.create_block(), self.b.create_block(), self.b.create_block(), self.b.create_block());
        let mut bound = Vec::new();
        let evaluated = self.speculate(slow, |cx| {
            let mut values: HashMap<LocalId, Vals> = HashMap::new();
            for (id, e) in &plan.defs {
                cx.bind_reads(e, &values, &mut bound);
                let v = cx.compute(e)?;
                values.insert(*id, v);
            }
            let mut truth = None;
            for t in &plan.tests {
                cx.bind_reads(t, &values, &mut bound);
                let c = cx.condition(t)?;
                truth = Some(match truth {
                    Some(all) => cx.b.ins().band(all, c),
                    None => c,
                });
            }
            Ok(truth.expect("a plan has tests"))
        });
        for e in bound {
            self.invariants.remove(&e);
        }
        let (truth, can_fail) = evaluated?;
        self.b.ins().brif(truth, yes, &[], no, &[]);

        let mut reached = false;
        for (block, copy) in [(yes, true), (no, false)] {
            self.enter(block, true);
            let keys: Vec<*const Expr> = if copy { plan.tests.iter().map(|t| *t as *const Expr).collect() } else { vec![plan.cond] };
            for k in &keys {
                self.known.insert(*k, copy);
            }
            emit(self)?;
            for k in &keys {
                self.known.remove(k);
            }
            reached |= self.jump(join);
        }
        if can_fail {
            reached |= self.emit_unversioned(slow, join, &emit)?;
        }
        self.enter(join, reached);
        Ok(())
    }

    /// Makes the reads of the locals in `values` inside `e` evaluate to those values.
    pub(in crate::lower) fn bind_reads(&mut self, e: &Expr, values: &HashMap<LocalId, Vals>, bound: &mut Vec<*const Expr>) {
        unswitch::local_reads(e, &mut |x, id| {
            if let Some(v) = values.get(&id) {
                self.invariants.insert(x as *const Expr, v.clone());
                bound.push(x as *const Expr);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hasten_typeck::testing::*;
    use hasten_ir::Type;

    /// The plan of the innermost loop of `def f(a, h, w, i, k)` whose loop body is `body`: the
    /// names of its definitions and the text of its tests.
    fn planned(body: &str) -> Option<(Vec<String>, Vec<String>)> {
        let src = format!("def f(a, h, w, i, k):\n    s = 0.0\n    for j in range(w):\n{body}\n    return s");
        let f = typed(&src, &[f64_2d(), Type::Int, Type::Int, Type::Int, Type::Int]);
        let l = range_loop(nth_loop(&f, 0));
        let p = plan(l.var, l.body)?;
        let defs = p.defs.iter().map(|(id, _)| f.locals[*id as usize].name.clone()).collect();
        Some((defs, p.tests.iter().map(|t| text(&src, t.span).to_string()).collect()))
    }

    fn owned(defs: &[&str], tests: &[&str]) -> Option<(Vec<String>, Vec<String>)> {
        Some((defs.iter().map(|s| s.to_string()).collect(), tests.iter().map(|s| s.to_string()).collect()))
    }

    #[test]
    fn the_invariant_prefix_of_an_and_is_the_test() {
        let got = planned("        if 0 <= i + k < h and 0 <= j < w:\n            s += a[i + k, j]");
        assert_eq!(got, owned(&[], &["0 <= i + k < h"]));
        // An invariant operand after a variant one stays in the loop.
        let got = planned("        if i < h and j < w and k < h:\n            s += 1.0");
        assert_eq!(got, owned(&[], &["i < h"]));
        assert_eq!(planned("        if j < w and i < h:\n            s += 1.0"), None, "the leading operand changes");
    }

    #[test]
    fn a_whole_condition_without_and_is_one_test() {
        let src = "def f(n, c, x):\n    s = 0.0\n    for j in range(n):\n        if c or x > 2.0:\n            s += 1.0\n        else:\n            s -= 1.0\n    return s";
        let f = typed(src, &[Type::Int, Type::Bool, Type::Float]);
        let l = range_loop(nth_loop(&f, 0));
        let p = plan(l.var, l.body).expect("an invariant condition");
        assert_eq!(p.tests.len(), 1);
        assert!(std::ptr::eq(p.tests[0], p.cond), "the test is the whole condition");
        assert_eq!(text(src, p.cond.span), "c or x > 2.0");
        assert_eq!(planned("        if i < h or j < w:\n            s += 1.0"), None);
    }

    #[test]
    fn invariant_through_locals_assigned_once_before_the_if() {
        let body = "        row = i + k - 1\n        col = j - 1\n        if 0 <= row < h and 0 <= col < w:\n            s += a[row, col]";
        assert_eq!(planned(body), owned(&["row"], &["0 <= row < h"]));
        // Through a chain of definitions; a definition no test reads is left out.
        let body = "        base = i + 1\n        unused = i * 2\n        row = base * 2\n        if row < h:\n            s += a[row, unused]";
        assert_eq!(planned(body), owned(&["base", "row"], &["row < h"]));
    }

    #[test]
    fn locals_assigned_twice_after_the_if_or_from_variants_are_not_invariant() {
        let twice = "        row = i + k\n        if row < h:\n            s += a[row, j]\n        row = i";
        assert_eq!(planned(twice), None);
        let after = "        if row < h:\n            s += a[row, j]\n        row = i + k";
        assert_eq!(planned(after), None, "the first iteration reads the value from before the loop");
        let variant = "        row = i + j\n        if row < h:\n            s += a[row, j]";
        assert_eq!(planned(variant), None);
        let in_branch = "        if j > 0:\n            row = i\n        if row < h:\n            s += 1.0";
        assert_eq!(planned(in_branch), None, "only assignments at the top of the body define");
    }

    #[test]
    fn the_first_if_with_an_invariant_test_is_taken() {
        let body = "        if j > 0:\n            s += 1.0\n        if i < h:\n            s += 2.0\n        if k < h:\n            s += 3.0";
        assert_eq!(planned(body), owned(&[], &["i < h"]));
    }

    #[test]
    fn element_reads_and_jitted_calls_are_not_invariant() {
        assert_eq!(planned("        if a[i, 0] > 0.0:\n            s += 1.0"), None, "the loop may store into `a`");
        let src = "def f(n, i):\n    s = 0.0\n    for j in range(n):\n        if g(i) > 0:\n            s += 1.0\n    return s";
        let f = typed_calling(&[src, "def g(x):\n    return x + 1"], &[Type::Int, Type::Int]);
        let l = range_loop(nth_loop(&f, 0));
        assert!(plan(l.var, l.body).is_none(), "a jitted call may have effects");
        // A math call on invariants is pure.
        assert_eq!(planned("        if math.sqrt(i) < h:\n            s += 1.0"), owned(&[], &["math.sqrt(i) < h"]));
    }

    #[test]
    fn loops_in_the_body_prevent_unswitching() {
        assert_eq!(planned("        if i < h:\n            for l in range(3):\n                s += 1.0"), None);
        let f = typed(
            "def f(a, n):\n    for i in range(n):\n        if n > 2:\n            while n > 0:\n                n -= 1\n    for i in range(n):\n        for x in a:\n            pass\n    for i in range(n):\n        if n > 2:\n            a[i] = 1.0\n        else:\n            for x in a:\n                pass\n    for i in range(n):\n        if n > 2:\n            a[i] = 1.0\n        else:\n            pass\n    return a",
            &[f64_1d(), Type::Int],
        );
        // The outer loops of the function, not the loops nested in them.
        let has: Vec<bool> = [0, 2, 4, 6].iter().map(|k| contains_loop(range_loop(loops(&f.body)[*k]).body)).collect();
        assert_eq!(has, [true, true, true, false]);
    }
}
