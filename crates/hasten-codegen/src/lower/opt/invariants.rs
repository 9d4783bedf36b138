//! Finds the loop-invariant expensive expressions that `Lower::versioned_loop` evaluates before a loop.
//!
//! A candidate is a call into libm or a power (`x ** y`, `math.*`, `round(x, n)`) whose value depends
//! only on constants and on locals the loop never assigns. Array elements are never invariant (the loop
//! may store into the array), and calls to jitted functions are never candidates (they may have effects).

use hasten_ir::hir::*;
use super::*;

pub(crate) fn invariant(e: &Expr, assigned: &[LocalId]) -> bool {
    let inv = |x: &Expr| invariant(x, assigned);
    // An array, string or container other than a local's is made afresh (`v / v`): evaluated
    // speculatively before the loop, its block would be released at the function's exit on paths
    // that never made it.
    if !matches!(e.kind, ExprKind::Local(_) | ExprKind::Bound(_) | ExprKind::Const(_)) && !plain_value(&e.ty) {
        return false;
    }
    match &e.kind {
        ExprKind::Const(_) | ExprKind::Function(_) | ExprKind::Frozen(_) | ExprKind::Decided(_) => true,
        ExprKind::MakeClosure(_, x) | ExprKind::Captures(x) => inv(x),
        // A list, dict or set changes without being assigned (`l.append(x)`, `d[k] = v`).
        ExprKind::Local(id) | ExprKind::Bound(id) => !assigned.contains(id) && !matches!(e.ty, hasten_ir::Type::List(_) | hasten_ir::Type::Dict(..) | hasten_ir::Type::Set(_)),
        ExprKind::Tuple(items) => items.iter().all(inv),
        // A new list each time, which the loop may change.
        ExprKind::List(_) | ExprKind::Dict(_) | ExprKind::Set(_) | ExprKind::CaughtStr(_) | ExprKind::CaughtArgs(_) => false,
        ExprKind::Binary(_, l, r) => inv(l) && inv(r),
        ExprKind::Unary(_, x) => inv(x),
        ExprKind::Compare(first, rest) => inv(first) && rest.iter().all(|(_, r)| inv(r)),
        ExprKind::Logical(_, values) => values.iter().all(inv),
        ExprKind::IfExp(c, a, b) => inv(c) && inv(a) && inv(b),
        ExprKind::Attr(base, _) => inv(base),
        // Only an array's length is fixed: `int(a)` or `bool(a)` read its elements.
        ExprKind::Call(Callee::Builtin(b), args, _) if *b != Builtin::Len && args.iter().any(|a| matches!(a.ty, hasten_ir::Type::Array(_))) => false,
        ExprKind::Call(Callee::ScalarCtor(_), args, _) if args.iter().any(|a| matches!(a.ty, hasten_ir::Type::Array(_))) => false,
        ExprKind::Call(Callee::Math(_) | Callee::Builtin(_) | Callee::ScalarCtor(_), args, _) => args.iter().all(inv),
        ExprKind::Index(..) | ExprKind::Call(..) | ExprKind::Dtype(_) | ExprKind::Slice(..) | ExprKind::RangeReduce(_) | ExprKind::CallValue(..) | ExprKind::TypeTest(..) => false,
    }
}

/// Whether values of `ty` live in registers only (no block to own).
fn plain_value(ty: &hasten_ir::Type) -> bool {
    use hasten_ir::Type;
    match ty {
        Type::None | Type::Bool | Type::Int | Type::Float | Type::Complex | Type::Scalar(_) => true,
        Type::Func(f) => plain_value(&f.captures()),
        Type::Tuple(items) => items.iter().all(plain_value),
        _ => false,
    }
}

fn expensive(e: &Expr) -> bool {
    // An array-valued power reads every element, which the loop may store into (`v[:] = v ** 2`),
    // and allocates: it is evaluated in place.
    if matches!(e.ty, hasten_ir::Type::Array(_)) {
        return false;
    }
    match &e.kind {
        ExprKind::Binary(BinOp::Pow, ..) => true,
        ExprKind::Call(Callee::Math(f), ..) => !matches!(
            f,
            MathFn::Fabs | MathFn::Copysign | MathFn::Isnan | MathFn::Isinf | MathFn::Isfinite | MathFn::Sqrt
                // Tuples, and cheap.
                | MathFn::Frexp | MathFn::Modf | MathFn::Degrees | MathFn::Radians
        ),
        ExprKind::Call(Callee::Builtin(Builtin::Round), args, _) => args.len() == 2,
        _ => false,
    }
}

/// Collects the outermost invariant expensive expressions of the statements.
pub(crate) fn candidates<'e>(stmts: &'e [Stmt], assigned: &[LocalId], out: &mut Vec<&'e Expr>) {
    for_each_expr(stmts, &mut |e| expr(e, assigned, out));
}

fn expr<'e>(e: &'e Expr, assigned: &[LocalId], out: &mut Vec<&'e Expr>) {
    if expensive(e) && invariant(e, assigned) {
        out.push(e);
        return;
    }
    if let ExprKind::RangeReduce(r) = &e.kind {
        // A generator's variable changes inside the expression: its conditions and element depend
        // on it even where the loop never assigns it.
        let mut inner = assigned.to_vec();
        r.for_each_bound(|id| inner.push(id));
        [&r.start, &r.stop, &r.step].into_iter().chain(r.iter.as_ref().map(|s| &s.1)).for_each(|x| expr(x, assigned, out));
        r.conds.iter().chain([&r.elt]).for_each(|x| expr(x, &inner, out));
        return;
    }
    e.for_each_child(|x| expr(x, assigned, out));
}

// ---- emission --------------------------------------------------------------------------------

impl<'a, 'f> Lower<'a, 'f> {
    /// Emits a loop through `emit`, versioned on its invariants: the expensive pure expressions of
    /// the body whose operands the loop never assigns are evaluated once, speculatively, before the
    /// loop. If none of them would raise, the loop runs with their values; otherwise the original
    /// loop runs, evaluating them in place so that any error is raised exactly where CPython raises
    /// it. Pure expressions give the same value either way.
    pub(in crate::lower) fn versioned_loop(&mut self, body: &[Stmt], assigned_too: &[LocalId], emit: impl Fn(&mut Self) -> R<()>) -> R<()> {
        let mut assigned: Vec<LocalId> = assigned_too.to_vec();
        assigned_locals(body, &mut assigned);
        let mut found = Vec::new();
        candidates(body, &assigned, &mut found);
        found.retain(|e| !self.invariants.contains_key(&(*e as *const Expr)));
        if !self.versioning || found.is_empty() {
            return emit(self);
        }
        for e in &found {
            self.remark(|cx| format!("hoisted: `{}` is computed once before the loop", cx.text(e.span)));
        }
        let (fast, slow, join) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        let (values, can_fail) = self.speculate(slow, |cx| found.iter().map(|e| cx.compute(e)).collect::<R<Vec<_>>>())?;
        self.b.ins().jump(fast, &[]);

        self.b.switch_to_block(fast);
        for (e, v) in found.iter().zip(values) {
            self.invariants.insert(*e as *const Expr, v);
        }
        emit(self)?;
        for e in &found {
            self.invariants.remove(&(*e as *const Expr));
        }
        let mut reached = self.jump(join);
        if can_fail {
            reached |= self.emit_unversioned(slow, join, &emit)?;
        }
        self.enter(join, reached);
        Ok(())
    }

    /// Runs `eval` with every failure branching to `slow` instead of raising; also says whether any
    /// failure can branch there (if none can, `slow` stays empty and unreachable).
    pub(in crate::lower) fn speculate<T>(&mut self, slow: Block, eval: impl FnOnce(&mut Self) -> R<T>) -> R<(T, bool)> {
        let outer = (self.error_target.replace(slow), std::mem::take(&mut self.speculative_exits));
        let result = eval(self);
        let can_fail = self.speculative_exits > 0;
        (self.error_target, self.speculative_exits) = outer;
        Ok((result?, can_fail))
    }

    /// Emits the loop unmodified in `slow`, where a failed speculation goes, and joins at `join`;
    /// returns whether `join` is reached from it.
    pub(in crate::lower) fn emit_unversioned(&mut self, slow: Block, join: Block, emit: &impl Fn(&mut Self) -> R<()>) -> R<bool> {
        self.enter(slow, true);
        self.versioning = false;
        emit(self)?;
        self.versioning = true;
        Ok(self.jump(join))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hasten_typeck::testing::*;
    use hasten_ir::Type;

    /// The candidates of the first loop of the program's first function, as source text, with the
    /// loop's variable and every local its body assigns counted as assigned (as `versioned_loop`).
    fn found(sources: &[&str], args: &[Type]) -> Vec<String> {
        let f = typed_calling(sources, args);
        let l = range_loop(nth_loop(&f, 0));
        let mut assigned = vec![l.var];
        assigned_locals(l.body, &mut assigned);
        let mut out = Vec::new();
        candidates(l.body, &assigned, &mut out);
        out.iter().map(|e| text(sources[0], e.span).to_string()).collect()
    }

    /// `s += value` in `for i in range(n)` of `def f(a, x, y, n)`.
    fn found_in(value: &str) -> Vec<String> {
        let src = format!("def f(a, x, y, n):\n    s = 0.0\n    for i in range(n):\n        s += {value}\n    return s");
        found(&[&src], &[f64_1d(), Type::Float, Type::Float, Type::Int])
    }

    #[test]
    fn powers_and_libm_calls_on_invariants_qualify() {
        assert_eq!(found_in("x ** 2 + math.exp(y) * a[i] + round(x, 2) + math.atan2(x, y)"), ["x ** 2", "math.exp(y)", "round(x, 2)", "math.atan2(x, y)"]);
        // Operands built from invariants, conditionals and attributes of arrays are invariant.
        assert_eq!(found_in("(x if n > 0 else y) ** (n - 1) + a.size ** 0.5"), ["(x if n > 0 else y) ** (n - 1)", "a.size ** 0.5"]);
    }

    #[test]
    fn array_powers_do_not_qualify() {
        // `(a ** 2)` reads elements the loop may store into, and allocates
        assert!(found_in("(a ** 2)[0] + (a ** 2.5).sum()").is_empty());
    }

    #[test]
    fn a_generator_variable_is_not_invariant_in_the_generator() {
        // `g ** 2` changes with `g` though the loop never assigns `g`; `x ** 3` does not.
        assert_eq!(found_in("sum(g ** 2 + x ** 3 for g in range(3))"), ["x ** 3"]);
        assert_eq!(found_in("sum(sum(g ** h for h in range(2)) for g in range(3))"), Vec::<String>::new());
    }

    #[test]
    fn only_the_outermost_invariant_expression_is_a_candidate() {
        assert_eq!(found_in("math.exp(x) ** 2"), ["math.exp(x) ** 2"]);
        // Inside a variant expression, its invariant expensive parts are found.
        assert_eq!(found_in("math.exp(i * math.log(x))"), ["math.log(x)"]);
    }

    #[test]
    fn cheap_math_is_not_a_candidate() {
        assert!(found_in("math.sqrt(x) + math.fabs(y) + math.copysign(x, y) + round(x) + x * y").is_empty());
    }

    #[test]
    fn operands_the_loop_assigns_are_not_invariant() {
        assert!(found_in("x ** i + math.exp(s)").is_empty());
        let src = "def f(x, n):\n    s = 0.0\n    for i in range(n):\n        t = x * 2.0\n        s += math.exp(t)\n    return s";
        assert!(found(&[src], &[Type::Float, Type::Int]).is_empty(), "a local assigned in the body, even to an invariant");
    }

    #[test]
    fn array_elements_are_never_invariant() {
        assert!(found_in("math.exp(a[0]) + a[1] ** 2").is_empty(), "the loop may store into the array");
    }

    #[test]
    fn jitted_calls_are_never_candidates() {
        let src = "def f(x, n):\n    s = 0.0\n    for i in range(n):\n        s += g(x) ** 2 + math.exp(g(x))\n    return s";
        let got = found(&[src, "def g(x):\n    return x + 1.0"], &[Type::Float, Type::Int]);
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn while_bodies_are_searched_too() {
        let src = "def f(x, n):\n    s = 0.0\n    while n > 0:\n        n -= 1\n        s += x ** 3 + 2.0 ** n\n    return s";
        let f = typed(src, &[Type::Float, Type::Int]);
        let StmtKind::While { body, .. } = &nth_loop(&f, 0).kind else { panic!("a while loop") };
        let mut assigned = Vec::new();
        assigned_locals(body, &mut assigned);
        let mut out = Vec::new();
        candidates(body, &assigned, &mut out);
        let got: Vec<&str> = out.iter().map(|e| text(src, e.span)).collect();
        assert_eq!(got, ["x ** 3"]);
    }
}
