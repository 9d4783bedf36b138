//! Value ranges of Python-int expressions, so that code generation can drop overflow checks and
//! negative-index wrap-around that can never trigger.
//!
//! Facts come from constants, array shapes (`0 <= n < 2**62`, see `MAX_DIM`), loop variables of `range` loops
//! with a constant step (bounded by the ranges of their bounds), and locals assigned exactly once (the
//! range of their one defining expression holds wherever they are read). Intervals are computed in
//! 128 bits, so sums and products of 64-bit bounds never wrap.

use hasten_ir::hir::*;
use hasten_ir::Type;
use std::collections::HashMap;

pub(crate) type Interval = (i128, i128);

pub(crate) use hasten_ir::types::MAX_DIM;

pub(crate) const SHAPE: Interval = (0, MAX_DIM as i128);

pub(crate) fn fits_i64((lo, hi): Interval) -> bool {
    lo >= i64::MIN as i128 && hi <= i64::MAX as i128
}

/// For each local, whether it holds one value for its whole life: a parameter the body never
/// assigns, or a local the body assigns in exactly one place (a statement in a loop re-evaluates the
/// same expression, so facts about that expression still hold).
pub(crate) fn stable_locals(f: &Function) -> Vec<bool> {
    let mut counts = vec![0u32; f.locals.len()];
    let mut assigned = Vec::new();
    assigned_locals(&f.body, &mut assigned);
    for id in assigned {
        counts[id as usize] += 1;
    }
    counts.iter().enumerate().map(|(i, c)| if i < f.params.len() { *c == 0 } else { *c == 1 }).collect()
}

const I64: Interval = (i64::MIN as i128, i64::MAX as i128);

/// The range of an int-valued expression, when the facts bound it. A Python-int `+ - *` whose
/// operands' ranges do not prove it fits in 64 bits is checked (`unchecked_interval`), so the value
/// it gives is in 64 bits — and a product by a constant `c`, a multiple of `c` there, which
/// makes `3 * x + 1` fit whatever `x` is.
pub(crate) fn interval(e: &Expr, facts: &HashMap<LocalId, Interval>) -> Option<Interval> {
    match &e.kind {
        ExprKind::Binary(op @ (BinOp::Add | BinOp::Sub | BinOp::Mul), l, r) if e.ty == Type::Int => {
            match unchecked_interval(e, facts) {
                Some(iv) if fits_i64(iv) => Some(iv),
                raw => {
                    let (lo, hi) = raw.map_or(I64, |(lo, hi)| (lo.max(I64.0), hi.min(I64.1)));
                    let factor = match (&l.kind, &r.kind, op) {
                        (ExprKind::Const(Const::Int(c)), _, BinOp::Mul) | (_, ExprKind::Const(Const::Int(c)), BinOp::Mul) if *c != 0 => c.unsigned_abs() as i128,
                        _ => 1,
                    };
                    Some((lo.div_euclid(factor) * factor + if lo.rem_euclid(factor) == 0 { 0 } else { factor }, hi.div_euclid(factor) * factor))
                }
            }
        }
        _ => unchecked_interval(e, facts),
    }
}

/// The range of the value an int-valued expression computes before any overflow check: a Python-int
/// `+ - *` needs none when this fits in 64 bits.
pub(crate) fn unchecked_interval(e: &Expr, facts: &HashMap<LocalId, Interval>) -> Option<Interval> {
    if !matches!(e.ty, Type::Int | Type::Bool) {
        return None;
    }
    let iv = |x: &Expr| interval(x, facts);
    match &e.kind {
        ExprKind::Const(Const::Int(v)) => Some((*v as i128, *v as i128)),
        ExprKind::Const(Const::Bool(b)) => Some((*b as i128, *b as i128)),
        ExprKind::Local(id) => facts.get(id).copied(),
        ExprKind::Attr(_, Attr::Size) => Some(SHAPE),
        ExprKind::Attr(_, Attr::Ndim) => Some((0, 64)),
        ExprKind::Index(base, _) if matches!(base.kind, ExprKind::Attr(_, Attr::Shape)) => Some(SHAPE),
        ExprKind::Call(Callee::Builtin(Builtin::Len), args, _) if matches!(args[0].ty, Type::Array(_)) => Some(SHAPE),
        ExprKind::Unary(UnaryOp::Neg, x) => iv(x).and_then(|(lo, hi)| Some((hi.checked_neg()?, lo.checked_neg()?))),
        // Bounds beyond 128 bits are no bound at all (products of products grow fast).
        ExprKind::Binary(op, l, r) => {
            let ((a, b), (c, d)) = (iv(l)?, iv(r)?);
            match op {
                BinOp::Add => Some((a.checked_add(c)?, b.checked_add(d)?)),
                BinOp::Sub => Some((a.checked_sub(d)?, b.checked_sub(c)?)),
                BinOp::Mul => {
                    let p = [a.checked_mul(c)?, a.checked_mul(d)?, b.checked_mul(c)?, b.checked_mul(d)?];
                    Some((*p.iter().min()?, *p.iter().max()?))
                }
                BinOp::FloorDiv if c == d && c > 0 => Some((a.div_euclid(c), b.div_euclid(c))),
                BinOp::Mod if c == d && c > 0 => Some((0, c - 1)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `(start, step, len(range(start, stop, step)))` when the bounds are int literals and the step is
/// not zero.
pub(crate) fn constant_range(start: &Expr, stop: &Expr, step: &Expr) -> Option<(i128, i128, i128)> {
    let (ExprKind::Const(Const::Int(a)), ExprKind::Const(Const::Int(b)), ExprKind::Const(Const::Int(s))) =
        (&start.kind, &stop.kind, &step.kind)
    else {
        return None;
    };
    let (a, b, s) = (*a as i128, *b as i128, *s as i128);
    if s == 0 {
        return None;
    }
    let trips = if s > 0 { (b - a + s - 1).div_euclid(s) } else { (a - b - s - 1).div_euclid(-s) }.max(0);
    Some((a, s, trips))
}

/// The sign of a `range` step the facts decide: 1 when it is at least 1, -1 when at most -1.
pub(crate) fn step_sign(step: &Expr, facts: &HashMap<LocalId, Interval>) -> Option<i64> {
    match interval(step, facts)? {
        (lo, _) if lo > 0 => Some(1),
        (_, hi) if hi < 0 => Some(-1),
        _ => None,
    }
}

/// The range of the loop variable of `range(start, stop, step)` with a step of known sign: from
/// its start towards its stop, which is a 64-bit int when the facts do not bound it.
pub(crate) fn loop_interval(start: &Expr, stop: &Expr, step: &Expr, facts: &HashMap<LocalId, Interval>) -> Option<Interval> {
    let sign = step_sign(step, facts)?;
    let s = interval(start, facts)?;
    let t = interval(stop, facts).unwrap_or((i64::MIN as i128, i64::MAX as i128));
    Some(if sign > 0 { (s.0, t.1 - 1) } else { (t.0 + 1, s.1) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use hasten_ir::Span;

    fn e(kind: ExprKind) -> Expr {
        Expr { kind, span: Span::default(), ty: Type::Int, plan: Plan::None }
    }

    #[test]
    fn neighbours_of_an_interior_loop_variable_cannot_overflow() {
        let facts = HashMap::from([(0, (1, MAX_DIM as i128 - 2))]);
        let i = || Box::new(e(ExprKind::Local(0)));
        let one = || Box::new(e(ExprKind::Const(Const::Int(1))));
        let minus = e(ExprKind::Binary(BinOp::Sub, i(), one()));
        let plus = e(ExprKind::Binary(BinOp::Add, i(), one()));
        assert_eq!(interval(&minus, &facts), Some((0, MAX_DIM as i128 - 3)));
        assert!(fits_i64(unchecked_interval(&plus, &facts).unwrap()));
        let sum = e(ExprKind::Binary(BinOp::Add, i(), i()));
        assert!(fits_i64(unchecked_interval(&sum, &facts).unwrap()), "two indices never overflow");
        let four = e(ExprKind::Binary(BinOp::Mul, i(), Box::new(e(ExprKind::Const(Const::Int(4))))));
        assert!(!fits_i64(unchecked_interval(&four, &facts).unwrap()), "4 * i needs its check");
        assert_eq!(interval(&four, &facts), Some((4, i64::MAX as i128 - 3)), "after which it is a multiple of 4 in 64 bits");
    }

    #[test]
    fn index_as_one_local_plus_constants() {
        let local = |id| Box::new(e(ExprKind::Local(id)));
        let one = || Box::new(e(ExprKind::Const(Const::Int(1))));
        // (i + a) - 1 with a == 2 is i + 1; with a unknown it has two locals.
        let idx = e(ExprKind::Binary(BinOp::Sub, Box::new(e(ExprKind::Binary(BinOp::Add, local(0), local(1)))), one()));
        assert_eq!(local_plus_const(&idx, &|v| (v == 1).then_some(2)), Some((0, 1)));
        assert_eq!(local_plus_const(&idx, &|_| None), None);
        // 1 - i is not `i + c`.
        let neg = e(ExprKind::Binary(BinOp::Sub, one(), local(0)));
        assert_eq!(local_plus_const(&neg, &|_| None), None);
    }
}

/// The length of an array axis, named so that two expressions for the same length compare equal: an
/// axis of an array local that is never reassigned, or an int local that is never reassigned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Size {
    Axis(LocalId, usize),
    Local(LocalId),
}

/// `v < size - slack`: a fact that makes `a[v + c]` in bounds along an axis of length `size` when
/// `c <= slack` (and `v + c >= 0`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Below {
    pub size: Size,
    pub slack: i128,
}

/// Splits an index expression into `local + constant`: one local with coefficient 1, plus
/// constants and locals that `constant` knows the value of (the variable of an unrolled loop).
pub(crate) fn local_plus_const(e: &Expr, constant: &dyn Fn(LocalId) -> Option<i128>) -> Option<(LocalId, i128)> {
    fn walk(e: &Expr, sign: i128, constant: &dyn Fn(LocalId) -> Option<i128>, local: &mut Option<LocalId>, sum: &mut i128) -> Option<()> {
        match &e.kind {
            ExprKind::Const(Const::Int(c)) => *sum += sign * *c as i128,
            ExprKind::Local(v) => match constant(*v) {
                Some(c) => *sum += sign * c,
                None if sign == 1 && local.is_none() => *local = Some(*v),
                None => return None,
            },
            ExprKind::Binary(BinOp::Add, l, r) => {
                walk(l, sign, constant, local, sum)?;
                walk(r, sign, constant, local, sum)?;
            }
            ExprKind::Binary(BinOp::Sub, l, r) => {
                walk(l, sign, constant, local, sum)?;
                walk(r, -sign, constant, local, sum)?;
            }
            _ => return None,
        }
        Some(())
    }
    let (mut local, mut sum) = (None, 0);
    walk(e, 1, constant, &mut local, &mut sum)?;
    Some((local?, sum))
}

#[cfg(test)]
mod typed_tests {
    use super::*;
    use hasten_typeck::testing::*;

    fn int(v: i64) -> Expr {
        Expr { kind: ExprKind::Const(Const::Int(v)), span: hasten_ir::Span::default(), ty: Type::Int, plan: hasten_ir::hir::Plan::None }
    }

    #[test]
    fn intervals_of_int_expressions_from_facts_and_shapes() {
        let f = typed(
            "def f(a, n, m):\n    return (n % 4, n // 3, -n, n * -2, len(a), a.shape[1], n - a.size, n / 2, n % m, n // -2, m + 1)",
            &[f64_2d(), Type::Int, Type::Int],
        );
        let facts = HashMap::from([(local(&f, "n"), (0, 10))]);
        let got: Vec<Option<Interval>> = returned(&f).into_iter().map(|e| interval(e, &facts)).collect();
        let max = MAX_DIM as i128;
        assert_eq!(
            got,
            [
                Some((0, 3)),
                Some((0, 3)),
                Some((-10, 0)),
                Some((-20, 0)),
                Some(SHAPE),
                Some(SHAPE),
                Some((-max, 10)),
                None, // a float
                None, // a divisor that is not a positive constant
                None,
                Some((i64::MIN as i128, i64::MAX as i128)), // `m` has no fact: some 64-bit int
            ]
        );
    }

    #[test]
    fn floor_division_and_modulo_of_negative_values_follow_python() {
        let f = typed("def f(n):\n    return (n // 2, n % 3, n // 1)", &[Type::Int]);
        let facts = HashMap::from([(local(&f, "n"), (-7, 7))]);
        let got: Vec<Option<Interval>> = returned(&f).into_iter().map(|e| interval(e, &facts)).collect();
        // -7 // 2 == -4 in Python (floor, not truncation), and n % 3 is never negative.
        assert_eq!(got, [Some((-4, 3)), Some((0, 2)), Some((-7, 7))]);
    }

    #[test]
    fn loop_variables_are_bounded_by_their_range_bounds() {
        let f = typed(
            "def f(a, n, k):\n    s = 0\n    for i in range(1, n):\n        s += i\n    for j in range(n, -1, -1):\n        s += j\n    for l in range(0, n, k):\n        s += l\n    for m in range(len(a)):\n        s += m\n    return s",
            &[f64_1d(), Type::Int, Type::Int],
        );
        let facts = HashMap::from([(local(&f, "n"), (0, 100))]);
        let got: Vec<Option<Interval>> = loops(&f.body)
            .into_iter()
            .map(|s| {
                let l = range_loop(s);
                loop_interval(l.start, l.stop, l.step, &facts)
            })
            .collect();
        assert_eq!(got, [Some((1, 99)), Some((0, 100)), None, Some((0, MAX_DIM as i128 - 1))]);
        // Without a fact on `n` the first loop's variable is bounded by its start and by 64 bits.
        let l = range_loop(nth_loop(&f, 0));
        assert_eq!(loop_interval(l.start, l.stop, l.step, &HashMap::new()), Some((1, i64::MAX as i128 - 1)));
        let l = range_loop(nth_loop(&f, 1));
        assert_eq!(loop_interval(l.start, l.stop, l.step, &HashMap::new()), None, "the start `n` is unbounded");
        // A step the facts show positive (a counter from 2 up) or negative bounds the variable too.
        let l = range_loop(nth_loop(&f, 2));
        let positive = HashMap::from([(local(&f, "n"), (0, 100)), (local(&f, "k"), (2, 1 << 62))]);
        assert_eq!(loop_interval(l.start, l.stop, l.step, &positive), Some((0, 99)));
        let negative = HashMap::from([(local(&f, "n"), (0, 100)), (local(&f, "k"), (-3, -1))]);
        assert_eq!(loop_interval(l.start, l.stop, l.step, &negative), Some((1, 0)), "empty: `range(0, n, k)` with k < 0 never runs");
        let unknown = HashMap::from([(local(&f, "n"), (0, 100)), (local(&f, "k"), (-3, 3))]);
        assert_eq!(loop_interval(l.start, l.stop, l.step, &unknown), None);
        assert_eq!(step_sign(l.step, &negative), Some(-1));
    }

    #[test]
    fn constant_ranges_count_python_trips() {
        let f = typed(
            "def f(n):\n    s = 0\n    for i in range(0, 10, 3):\n        s += i\n    for i in range(10, 0, -3):\n        s += i\n    for i in range(5, 2):\n        s += i\n    for i in range(2, 5, -1):\n        s += i\n    for i in range(-2, 3):\n        s += i\n    for i in range(n):\n        s += i\n    return s",
            &[Type::Int],
        );
        let got: Vec<Option<(i128, i128, i128)>> = loops(&f.body)
            .into_iter()
            .map(|s| {
                let l = range_loop(s);
                constant_range(l.start, l.stop, l.step)
            })
            .collect();
        assert_eq!(got, [Some((0, 3, 4)), Some((10, -3, 4)), Some((5, 1, 0)), Some((2, -1, 0)), Some((-2, 1, 5)), None]);
        // The whole 64-bit range has 2**64 - 1 trips, which only 128 bits hold.
        assert_eq!(constant_range(&int(i64::MIN), &int(i64::MAX), &int(1)), Some((i64::MIN as i128, 1, (1i128 << 64) - 1)));
        assert_eq!(constant_range(&int(0), &int(5), &int(0)), None);
    }

    #[test]
    fn stable_locals_are_unassigned_params_and_locals_assigned_once() {
        let f = typed(
            "def f(a, n, m):\n    m = m + 1\n    k = n * 2\n    s = 0\n    for i in range(k):\n        t = i + 1\n        s += t\n    for j in range(3):\n        pass\n    for j in range(4):\n        pass\n    x, y = n, k\n    return s + m + x + y",
            &[f64_1d(), Type::Int, Type::Int],
        );
        let stable = stable_locals(&f);
        let of = |name| stable[local(&f, name) as usize];
        for name in ["a", "n", "k", "i", "t", "x", "y"] {
            assert!(of(name), "`{name}` holds one value");
        }
        for name in ["m", "s", "j"] {
            assert!(!of(name), "`{name}` is assigned in two places");
        }
    }

    #[test]
    fn products_beyond_128_bits_are_not_proven_to_fit() {
        let f = typed("def f(a):\n    m = len(a) % 1099511627777\n    return m * m * m * m", &[f64_1d()]);
        let StmtKind::Assign { value, .. } = &f.body[0].kind else { panic!("m = ...") };
        let m = interval(value, &HashMap::new()).expect("a remainder by a constant is bounded");
        assert_eq!(m, (0, 1 << 40));
        let facts = HashMap::from([(local(&f, "m"), m)]);
        // With m == 2**20, m**3 fits in 64 bits and m**4 does not: the last product must stay checked.
        let got = unchecked_interval(returned(&f)[0], &facts);
        assert!(got.is_none_or(|iv| !fits_i64(iv)), "m**4 reaches 2**160, but the interval is {got:?}");
        // Once checked, the product is some 64-bit int.
        assert_eq!(interval(returned(&f)[0], &facts), Some((0, i64::MAX as i128)));
    }

    #[test]
    fn checked_results_are_64_bit_ints_and_multiples_of_constant_factors() {
        let f = typed("def f(x, y):\n    return (3 * x + 1, x * -4, x * y, x + y, 3 * x + 2, -x)", &[Type::Int, Type::Int]);
        let none = HashMap::new();
        let got: Vec<(Option<Interval>, Option<Interval>)> = returned(&f).into_iter().map(|e| (unchecked_interval(e, &none), interval(e, &none))).collect();
        let (min, max) = (i64::MIN as i128, i64::MAX as i128);
        // MAX = 3 * 3074457345618258602 + 1: after its check `3 * x` is at most MAX - 1, so `+ 1` fits.
        assert_eq!(got[0], (Some((3 * (min / 3) + 1, max)), Some((3 * (min / 3) + 1, max))));
        assert_eq!(got[1], (None, Some((min, max - 3))), "multiples of 4");
        assert_eq!(got[2], (None, Some((min, max))));
        assert_eq!(got[3], (None, Some((min, max))));
        // `3 * x + 2` can leave 64 bits: it keeps its check.
        assert!(!fits_i64(got[4].0.expect("bounded operands")));
        assert_eq!(got[5], (None, None), "a negation is not checked as a product");
    }
}

