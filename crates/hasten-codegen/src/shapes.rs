//! Array locals that are rebound yet only ever hold arrays of one shape: the buffers a time-stepping
//! loop swaps (`u, un = un, u` after `un = np.empty_like(u)`). Every value such a group of locals
//! holds has the shape of one origin, so a length read from any of them (`n = u.shape[0]`) bounds
//! indices into all of them, as it does for an array local that is never rebound (see `ranges`).

use hasten_ir::hir::*;
use hasten_ir::Type;

/// For each local, the representative of its shape group (the group's smallest local id), or `None`.
/// A group is the locals connected by assignments of one to another; it qualifies when every value
/// assigned to a member is another member or a same-shape copy of one (`np.empty_like/zeros_like/
/// ones_like/full_like(m)`, `m.copy()`), and its values come from exactly one origin: a parameter,
/// or one assignment of another form in the function's top-level statements (run at most once).
pub(crate) fn shape_groups(f: &Function) -> Vec<Option<LocalId>> {
    let n = f.locals.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut origins = vec![0u32; n];
    let mut spoiled = vec![false; n];
    for p in 0..f.params.len() {
        origins[p] += 1;
    }
    let mut edges = Vec::new();
    walk(&f.body, true, &mut |id, value, top| {
        if !matches!(f.locals[id as usize].ty, Type::Array(_)) {
            return;
        }
        match value.and_then(same_shape_source) {
            Some(src) => edges.push((id, src)),
            None if top && value.is_some() => origins[id as usize] += 1,
            None => spoiled[id as usize] = true,
        }
    });
    for &(a, b) in &edges {
        let (ra, rb) = (find(&mut parent, a as usize), find(&mut parent, b as usize));
        parent[ra.max(rb)] = ra.min(rb);
    }
    let mut total = vec![0u32; n];
    let mut bad = vec![false; n];
    let mut size = vec![0u32; n];
    for id in 0..n {
        let r = find(&mut parent, id);
        total[r] += origins[id];
        bad[r] |= spoiled[id];
        size[r] += 1;
    }
    (0..n)
        .map(|id| {
            let r = find(&mut parent, id);
            (size[r] > 1 && total[r] == 1 && !bad[r] && matches!(f.locals[id].ty, Type::Array(_))).then_some(r as LocalId)
        })
        .collect()
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// The local whose shape `value` has, when it is that local or a fresh array of its shape.
fn same_shape_source(value: &Expr) -> Option<LocalId> {
    let local = |e: &Expr| match e.kind {
        ExprKind::Local(id) => Some(id),
        _ => None,
    };
    match &value.kind {
        ExprKind::Local(id) => Some(*id),
        ExprKind::Call(Callee::Numpy(NumpyFn::EmptyLike | NumpyFn::ZerosLike | NumpyFn::OnesLike | NumpyFn::FullLike | NumpyFn::Copy), args, _) => {
            args.first().and_then(local)
        }
        _ => None,
    }
}

/// Calls `each(local, value, top_level)` for every binding of a local: `value` is the expression
/// assigned (`None` where the value comes from elsewhere: loop targets, augmented assignments).
fn walk(stmts: &[Stmt], top: bool, each: &mut dyn FnMut(LocalId, Option<&Expr>, bool)) {
    for s in stmts {
        match &s.kind {
            StmtKind::Assign { targets, value } => {
                for t in targets {
                    bind(t, Some(value), top, each);
                }
            }
            StmtKind::AugAssign { target, .. } => target.for_each_local(&mut |id| each(id, None, false)),
            StmtKind::ForIter { target, .. } => target.for_each_local(&mut |id| each(id, None, false)),
            _ => {}
        }
        for block in s.kind.blocks() {
            walk(block, false, each);
        }
    }
}

/// A target bound to `value`, item by item when both are tuples (`u, un = un, u`).
fn bind(t: &Target, value: Option<&Expr>, top: bool, each: &mut dyn FnMut(LocalId, Option<&Expr>, bool)) {
    match (t, value.map(|v| &v.kind)) {
        (Target::Local(id, _), _) => each(*id, value, top),
        (Target::Tuple(items, _), Some(ExprKind::Tuple(values))) if items.len() == values.len() => {
            for (item, v) in items.iter().zip(values) {
                bind(item, Some(v), top, each);
            }
        }
        _ => t.for_each_local(&mut |id| each(id, None, false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hasten_typeck::testing::*;

    fn groups(src: &str, args: &[Type]) -> Vec<(String, Option<String>)> {
        let f = typed(src, args);
        let g = shape_groups(&f);
        f.locals.iter().zip(&g).map(|(l, r)| (l.name.clone(), r.map(|r| f.locals[r as usize].name.clone()))).collect()
    }

    fn group_of(all: &[(String, Option<String>)], name: &str) -> Option<String> {
        all.iter().find(|(n, _)| n == name).and_then(|(_, g)| g.clone())
    }

    #[test]
    fn swapped_buffers_share_their_origin_shape() {
        let src = "def f(u, steps):\n    un = np.empty_like(u)\n    for _ in range(steps):\n        un[0] = u[0]\n        u, un = un, u\n    return u";
        let all = groups(src, &[f64_1d(), Type::Int]);
        assert_eq!(group_of(&all, "u"), Some("u".into()));
        assert_eq!(group_of(&all, "un"), Some("u".into()));
    }

    #[test]
    fn other_values_or_two_origins_spoil_a_group() {
        // A slice has another shape.
        let all = groups("def f(u, v):\n    w = u.copy()\n    for k in range(3):\n        u, w = w, u[1:]\n    return u", &[f64_1d(), f64_1d()]);
        assert_eq!(group_of(&all, "u"), None);
        // Two parameters are two origins.
        let all = groups("def f(u, v):\n    for k in range(3):\n        u, v = v, u\n    return u", &[f64_1d(), f64_1d()]);
        assert_eq!(group_of(&all, "u"), None);
        // A constructor inside a loop runs more than once.
        let all = groups("def f(n):\n    a = np.zeros(n)\n    b = a\n    for k in range(3):\n        a = np.zeros(k)\n    return b", &[Type::Int]);
        assert_eq!(group_of(&all, "a"), None);
        // One top-level constructor is one origin.
        let all = groups("def f(n):\n    a = np.zeros(n)\n    b = np.empty_like(a)\n    for k in range(3):\n        a, b = b, a\n    return b", &[Type::Int]);
        assert_eq!(group_of(&all, "b"), Some("a".into()));
    }
}
