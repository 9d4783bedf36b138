//! Index expressions as linear functions of the innermost `range` loop's variable, so that code
//! generation can split an element address into a part the loop never changes (which Cranelift
//! hoists) and a constant or invariant stride times the loop variable: induction-variable strength
//! reduction for `a[r, j + l - c]` inside `for l in range(...)`.
//!
//! A form is `var * coef + Σ atom * k + konst`, where an atom is a local the loop never assigns or an
//! array length, and `var` may also be reached through a local the loop body assigns once, at its top
//! level, from such a form (`col = j + l - c`), provided the read comes after that assignment.
//! Coefficients are computed with overflow checks; the address arithmetic built from a form wraps,
//! which is exact because the caller only uses it for an index that is in bounds once computed.

use hasten_ir::hir::*;
use hasten_ir::Type;
use super::*;

/// The innermost `range` loop being lowered.
pub(crate) struct Induction {
    pub var: LocalId,
    /// Whether the variable equals the loop counter throughout the body: false if the body assigns it.
    counter: bool,
    /// Locals the loop body assigns (its variable included).
    pub assigned: Vec<LocalId>,
    /// Locals assigned once at the top level of the body, from a linear form, that statements
    /// lowered so far have assigned.
    pub defs: Vec<(LocalId, Linear)>,
}

#[derive(Clone, Debug)]
pub(crate) struct Linear {
    pub coef: i64,
    pub terms: Vec<(Expr, i64)>,
    pub konst: i64,
}

impl Linear {
    fn scale(mut self, k: i64) -> Option<Linear> {
        self.coef = self.coef.checked_mul(k)?;
        self.konst = self.konst.checked_mul(k)?;
        for t in &mut self.terms {
            t.1 = t.1.checked_mul(k)?;
        }
        Some(self)
    }

    fn add(mut self, other: Linear) -> Option<Linear> {
        self.coef = self.coef.checked_add(other.coef)?;
        self.konst = self.konst.checked_add(other.konst)?;
        self.terms.extend(other.terms);
        Some(self)
    }
}

impl Induction {
    pub(crate) fn new(var: LocalId, body: &[Stmt]) -> Induction {
        let mut assigned = vec![var];
        assigned_locals(body, &mut assigned);
        let counter = assigned.iter().filter(|a| **a == var).count() == 1;
        Induction { var, counter, assigned, defs: Vec::new() }
    }

    /// `e` as a linear form, if it is one; `constant` gives the locals known to hold one value here
    /// (the variable of an unrolled loop).
    pub(crate) fn linear(&self, e: &Expr, constant: &dyn Fn(LocalId) -> Option<i64>) -> Option<Linear> {
        if e.ty != Type::Int {
            return None;
        }
        let konst = |k| Some(Linear { coef: 0, terms: Vec::new(), konst: k });
        let lin = |x: &Expr| self.linear(x, constant);
        match &e.kind {
            ExprKind::Const(Const::Int(k)) => konst(*k),
            ExprKind::Local(id) if constant(*id).is_some() => konst(constant(*id)?),
            ExprKind::Local(id) if *id == self.var => self.counter.then(|| Linear { coef: 1, terms: Vec::new(), konst: 0 }),
            ExprKind::Local(id) => match self.defs.iter().rev().find(|(d, _)| d == id) {
                Some((_, form)) => Some(form.clone()),
                None if !self.assigned.contains(id) => Some(Linear { coef: 0, terms: vec![(e.clone(), 1)], konst: 0 }),
                None => None,
            },
            ExprKind::Index(base, idx)
                if matches!(&base.kind, ExprKind::Attr(a, Attr::Shape) if matches!(&a.kind, ExprKind::Local(id) if !self.assigned.contains(id)))
                    && matches!(idx[0].kind, ExprKind::Const(_)) =>
            {
                Some(Linear { coef: 0, terms: vec![(e.clone(), 1)], konst: 0 })
            }
            ExprKind::Unary(UnaryOp::Neg, x) => lin(x)?.scale(-1),
            ExprKind::Binary(BinOp::Add, l, r) => lin(l)?.add(lin(r)?),
            ExprKind::Binary(BinOp::Sub, l, r) => lin(l)?.add(lin(r)?.scale(-1)?),
            ExprKind::Binary(BinOp::Mul, l, r) => match (&l.kind, &r.kind) {
                (_, ExprKind::Const(Const::Int(k))) => lin(l)?.scale(*k),
                (ExprKind::Const(Const::Int(k)), _) => lin(r)?.scale(*k),
                _ => None,
            },
            _ => None,
        }
    }

    /// Records `s` if it assigns a local that the body assigns nowhere else from a linear form.
    pub(crate) fn note(&mut self, s: &Stmt, constant: &dyn Fn(LocalId) -> Option<i64>) {
        let StmtKind::Assign { targets, value } = &s.kind else { return };
        let [Target::Local(id, _)] = targets.as_slice() else { return };
        if *id == self.var || self.assigned.iter().filter(|a| *a == id).count() != 1 {
            return;
        }
        if let Some(form) = self.linear(value, constant) {
            self.defs.push((*id, form));
        }
    }
}

// ---- emission --------------------------------------------------------------------------------

impl<'a, 'f> Lower<'a, 'f> {
    /// The address of an element whose indices (already checked, none negative) are linear in the
    /// innermost loop's variable, as `(data + Σ invariant part · stride) + var · Σ coef · stride`: the
    /// first sum does not change in the loop, so Cranelift computes it once before it. A stride is an
    /// SSA value, or `Err(size)` for a constant one.
    pub(in crate::lower) fn reduced_address(&mut self, data: Value, indices: &[Expr], strides: &[Result<Value, i64>]) -> Option<Value> {
        let ind = self.inductions.last()?;
        let facts = &self.facts;
        let forms: Vec<induction::Linear> = indices.iter().map(|i| ind.linear(i, &|v| exact(facts, v))).collect::<Option<_>>()?;
        if forms.iter().all(|f| f.coef == 0) {
            return None;
        }
        let var = ind.var;
        let mut base = data;
        let mut step: Option<Value> = None;
        let mut const_step = 0i64;
        for (form, stride) in forms.iter().zip(strides) {
            let mut part = self.iconst(types::I64, form.konst);
            for (atom, k) in &form.terms {
                let v = self.expr(atom).ok()?[0];
                let kv = self.b.ins().imul_imm_s(v, *k);
                part = self.b.ins().iadd(part, kv);
            }
            let stride_v = match stride {
                Ok(v) => *v,
                Err(size) => self.iconst(types::I64, *size),
            };
            let off = self.b.ins().imul(part, stride_v);
            base = self.b.ins().iadd(base, off);
            match stride {
                Err(size) => const_step = const_step.wrapping_add(form.coef.wrapping_mul(*size)),
                Ok(v) if form.coef != 0 => {
                    let s = self.b.ins().imul_imm_s(*v, form.coef);
                    step = Some(match step {
                        Some(t) => self.b.ins().iadd(t, s),
                        None => s,
                    });
                }
                Ok(_) => {}
            }
        }
        let i = self.b.use_var(self.locals[var as usize].vars[0]);
        let mut off = self.b.ins().imul_imm_s(i, const_step);
        if let Some(s) = step {
            let t = self.b.ins().imul(i, s);
            off = self.b.ins().iadd(off, t);
        }
        self.remark(|cx| {
            let shown: Vec<String> = indices.iter().map(|i| cx.text(i.span)).collect();
            let name = &cx.locals[var as usize].name;
            format!("strength-reduced: the address of `[{}]` is an invariant base plus `{name}` times a stride", shown.join(", "))
        });
        Some(self.b.ins().iadd(base, off))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hasten_typeck::testing::*;

    /// `(coef, [(atom text, k)], konst)`.
    type Form = (i64, Vec<(String, i64)>, i64);

    fn form(l: Linear, src: &str) -> Form {
        (l.coef, l.terms.iter().map(|(e, k)| (text(src, e.span).to_string(), *k)).collect(), l.konst)
    }

    fn none(_: LocalId) -> Option<i64> {
        None
    }

    /// The value of each statement `x = value` of the loop's body, in the first range loop of `src`,
    /// as a linear form of its variable.
    fn forms(src: &str, args: &[Type]) -> Vec<Option<Form>> {
        let f = typed(src, args);
        let l = range_loop(nth_loop(&f, 0));
        let ind = Induction::new(l.var, l.body);
        l.body
            .iter()
            .map(|s| {
                let StmtKind::Assign { value, .. } = &s.kind else { panic!("assignments only") };
                ind.linear(value, &none).map(|l| form(l, src))
            })
            .collect()
    }

    /// The last index of the element that the statement `s += a[.., index]` reads.
    fn last_index(s: &Stmt) -> &Expr {
        let StmtKind::AugAssign { value, .. } = &s.kind else { panic!("an augmented assignment") };
        let ExprKind::Index(_, indices) = &value.kind else { panic!("an element") };
        indices.last().expect("indexed")
    }

    fn atoms(names: &[(&str, i64)]) -> Vec<(String, i64)> {
        names.iter().map(|(n, k)| (n.to_string(), *k)).collect()
    }

    const ARGS: [Type; 5] = [Type::Int, Type::Int, Type::Int, Type::Int, Type::Int];

    #[test]
    fn a_shifted_column_is_the_variable_plus_invariant_atoms() {
        let src = "def f(a, r, j, c, w):\n    s = 0.0\n    for l in range(w):\n        s += a[r, j + l - c]\n    return s";
        let f = typed(src, &[f64_2d(), Type::Int, Type::Int, Type::Int, Type::Int]);
        let l = range_loop(nth_loop(&f, 0));
        let ind = Induction::new(l.var, l.body);
        let got = ind.linear(last_index(&l.body[0]), &none).map(|l| form(l, src));
        assert_eq!(got, Some((1, atoms(&[("j", 1), ("c", -1)]), 0)));
    }

    #[test]
    fn sums_products_by_constants_and_negations_are_linear() {
        let src = "def f(a, j, w, k, m):\n    for l in range(w):\n        x0 = 2 * (l + 1) - 3\n        x1 = -l + j * 4\n        x2 = a.shape[1] - l\n        x3 = l * l\n        x4 = l // 2\n        x5 = l * j\n        x6 = l * 9223372036854775807 * 2\n    return 0";
        let got = forms(src, &[f64_2d(), Type::Int, Type::Int, Type::Int, Type::Int]);
        assert_eq!(
            got,
            [
                Some((2, vec![], -1)),
                Some((-1, atoms(&[("j", 4)]), 0)),
                Some((-1, atoms(&[("a.shape[1]", 1)]), 0)),
                None,
                None,
                None,
                None, // the coefficient overflows
            ]
        );
    }

    #[test]
    fn locals_the_loop_assigns_are_not_atoms() {
        let src = "def f(j, w, k, m, n):\n    for l in range(w):\n        m = m + 1\n        x = l + m\n        y = l + j\n        z = l + 0.5\n    return 0";
        let got = forms(src, &ARGS);
        assert_eq!(got[1], None, "`m` changes in the loop");
        assert_eq!(got[2], Some((1, atoms(&[("j", 1)]), 0)));
        assert_eq!(got[3], None, "a float");
    }

    #[test]
    fn a_reassigned_loop_variable_is_not_the_counter() {
        let src = "def f(j, w, k, m, n):\n    for l in range(w):\n        x = l + 1\n        l = l + 2\n    return 0";
        assert_eq!(forms(src, &ARGS), [None, None]);
    }

    #[test]
    fn once_assigned_locals_carry_their_form_after_their_assignment() {
        let src = "def f(a, r, j, c, w):\n    s = 0.0\n    for l in range(w):\n        s += a[r, col]\n        col = j + l - c\n        s += a[r, col]\n    return s";
        let f = typed(src, &[f64_2d(), Type::Int, Type::Int, Type::Int, Type::Int]);
        let l = range_loop(nth_loop(&f, 0));
        let mut ind = Induction::new(l.var, l.body);
        let mut got = Vec::new();
        for s in l.body {
            if let StmtKind::AugAssign { .. } = s.kind {
                got.push(ind.linear(last_index(s), &none).map(|l| form(l, src)));
            }
            ind.note(s, &none);
        }
        assert_eq!(got, [None, Some((1, atoms(&[("j", 1), ("c", -1)]), 0))], "before its assignment `col` holds another iteration's value");

        let twice = "def f(a, r, j, c, w):\n    s = 0.0\n    for l in range(w):\n        col = j + l\n        s += a[r, col]\n        col = l\n    return s";
        let f = typed(twice, &[f64_2d(), Type::Int, Type::Int, Type::Int, Type::Int]);
        let l = range_loop(nth_loop(&f, 0));
        let mut ind = Induction::new(l.var, l.body);
        ind.note(&l.body[0], &none);
        assert!(ind.defs.is_empty(), "a local assigned twice is not recorded");
        assert!(ind.linear(last_index(&l.body[1]), &none).is_none());
    }

    #[test]
    fn constants_of_unrolled_loops_fold_into_the_constant() {
        let src = "def f(a, r, w):\n    s = 0.0\n    for k in range(3):\n        for l in range(w):\n            s += a[r, l + k - 1]\n    return s";
        let f = typed(src, &[f64_2d(), Type::Int, Type::Int]);
        let k = local(&f, "k");
        let l = range_loop(nth_loop(&f, 1));
        let ind = Induction::new(l.var, l.body);
        let index = last_index(&l.body[0]);
        let known = |v: LocalId| (v == k).then_some(2);
        assert_eq!(ind.linear(index, &known).map(|l| form(l, src)), Some((1, vec![], 1)));
        assert_eq!(ind.linear(index, &none).map(|l| form(l, src)), Some((1, atoms(&[("k", 1)]), -1)), "`k` is invariant in the inner loop");
    }
}
