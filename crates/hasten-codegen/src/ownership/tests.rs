use super::*;
use hasten_ir::Type;
use hasten_typeck::testing::*;

/// The names dead after each top-level statement of `f`'s body (empty where none), and after each
/// statement of the body of its first loop, when `in_loop`.
fn dead_names(f: &Function, in_loop: bool) -> Vec<Vec<String>> {
    let tracked: Vec<bool> = f.locals.iter().map(|l| l.ty.has_refs()).collect();
    let dead = dead_after(f, &tracked);
    let stmts = if in_loop {
        f.body.iter().find_map(|s| match &s.kind {
            StmtKind::ForRange { body, .. } | StmtKind::While { body, .. } | StmtKind::ForIter { body, .. } => Some(body),
            _ => None,
        }).expect("a loop")
    } else {
        &f.body
    };
    stmts
        .iter()
        .map(|s| {
            let mut names: Vec<String> = dead.get(&(s as *const Stmt)).into_iter().flatten().map(|id| f.locals[*id as usize].name.clone()).collect();
            names.sort();
            names
        })
        .collect()
}

fn v(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_temporary_local_dies_after_its_last_use_in_each_iteration() {
    let f = typed("def f(n):\n    s = 0.0\n    for k in range(n):\n        t = np.ones(n)\n        s += t.sum()\n    return s\n", &[Type::Int]);
    assert_eq!(dead_names(&f, true), [v(&[]), v(&["t"])]);
    assert_eq!(dead_names(&f, false), [v(&[]), v(&["t"]), v(&[])]);
}

#[test]
fn values_carried_around_the_loop_stay_alive() {
    let f = typed(
        "def f(n):\n    u = np.zeros(n)\n    for k in range(3):\n        v = u + 1.0\n        u = v\n    return u.sum()\n",
        &[Type::Int],
    );
    // The old `u` dies once read (the next statement rebinds it), `v` once copied into `u`; the new
    // `u` is read by the next iteration and after the loop.
    assert_eq!(dead_names(&f, true), [v(&["u"]), v(&["v"])]);
    assert_eq!(dead_names(&f, false), [v(&[]), v(&["v"]), v(&["u"])]);
}

#[test]
fn break_and_continue_see_the_exit_and_the_header() {
    let f = typed(
        "def f(n):\n    a = np.ones(n)\n    b = np.ones(n)\n    while n > 0:\n        n -= 1\n        c = a + 1.0\n        if n == 3:\n            continue\n        if n == 2:\n            break\n        c.sum()\n    return b\n",
        &[Type::Int],
    );
    // `a` is read again after `continue`; `c` is dead at the header; `b` is read after the loop.
    assert_eq!(dead_names(&f, true), [v(&[]), v(&[]), v(&[]), v(&[]), v(&["c"])]);
    assert_eq!(dead_names(&f, false), [v(&[]), v(&[]), v(&["a", "c"]), v(&["b"])]);
}

#[test]
fn an_unused_value_dies_where_it_is_made_and_branches_join() {
    let f = typed(
        "def f(n, x):\n    a = np.ones(n)\n    if x:\n        b = a\n    else:\n        b = np.zeros(n)\n    return b\n",
        &[Type::Int, Type::Bool],
    );
    assert_eq!(dead_names(&f, false), [v(&[]), v(&["a"]), v(&["b"])]);
}

#[test]
fn an_array_iterated_over_dies_after_the_loop_not_inside_it() {
    let f = typed("def f(a):\n    s = 0.0\n    for row in a:\n        s += row[0]\n    return s\n", &[f64_2d()]);
    assert_eq!(dead_names(&f, true), [v(&["row"])]);
    assert_eq!(dead_names(&f, false), [v(&[]), v(&["a", "row"]), v(&[])]);
}

fn borrowing_names(f: &Function) -> Vec<String> {
    let stable = crate::ranges::stable_locals(f);
    let b = borrowers(f, &stable);
    f.locals.iter().enumerate().filter(|(i, l)| b[*i] && l.ty.has_refs()).map(|(_, l)| l.name.clone()).collect()
}

#[test]
fn views_of_parameters_assigned_once_borrow() {
    let f = typed(
        "def f(a, b):\n    s = 0.0\n    for i in range(3):\n        row = a[i]\n        t = row.T\n        s += t[0]\n    for r in a:\n        s += r[0]\n    c = np.ones(3)\n    d = c[1:]\n    b = b[1:]\n    e = b[1:]\n    return s\n",
        &[f64_2d(), f64_1d()],
    );
    // `d` views an owned array, which may die first; `b` is rebound, so `e` views a changing value.
    assert_eq!(borrowing_names(&f), v(&["a", "row", "t", "r"]));
}

#[test]
fn locals_used_in_a_try_live_to_its_end() {
    // `a`'s last use is in the body, but the handler may run after any prefix of it, and reads `b`.
    let src = "def f(n, i):\n    a = np.ones(n)\n    b = np.zeros(n)\n    try:\n        s = a[i]\n        t = 1.0\n    except IndexError:\n        s = b[0]\n        t = 2.0\n    return s + t\n";
    let f = typed(src, &[Type::Int, Type::Int]);
    assert_eq!(dead_names(&f, false), [v(&[]), v(&[]), v(&["a", "b"]), v(&[])]);
    let StmtKind::Try { body, .. } = &f.body[2].kind else { panic!("a try") };
    let tracked: Vec<bool> = f.locals.iter().map(|l| l.ty.has_refs()).collect();
    let dead = dead_after(&f, &tracked);
    assert!(body.iter().all(|s| !dead.contains_key(&(s as *const Stmt))), "nothing is released inside the try");
}
