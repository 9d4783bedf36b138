//! Integer sums and counts of an innermost `range` loop in vector lanes (tier 1; tier 2 leaves them
//! to LLVM's own vectoriser): `s += a[i]`, `s += int(a[i])` and `if a[i]: s += k`, when every
//! statement of the body is one of them.
//!
//! Integer addition is associative, so lanes that each sum their own iterations give the exact
//! total when nothing overflows in between: a NumPy integer local wraps, so its lanes wrap in its own
//! width and give its result bit for bit; a Python int is exact only below 2**63, so its elements are
//! at most 32 bits wide, its counts add constants of at most 2**20, and the vector loop runs only for
//! fewer than 2**30 iterations (its lanes then stay below 2**62, and the one addition of their total
//! to the local is checked for overflow as the scalar loop's additions are). Narrow elements are
//! loaded a whole vector at a time and widened to the local's width.

use super::vectorize::{element_access, Access, Why};
use super::*;
use hasten_ir::hir::*;
use hasten_ir::{Dtype, Span, Type};

/// Bits of a tier-1 vector register.
const BITS: u32 = 128;
/// A Python int's vector loop runs for fewer iterations than this (see the module's comment).
const PYTHON_INT_TRIPS: i64 = 1 << 30;
/// The largest constant a count adds to a Python int.
const MAX_COUNT_STEP: i64 = 1 << 20;

/// What one statement adds to its local in each iteration.
pub(crate) enum Term {
    /// The element, converted (exactly) to the local's type.
    Element,
    /// `k` when the element is nonzero (true), else 0.
    Count(i64),
}

pub(crate) struct SumStep<'e> {
    pub local: LocalId,
    pub access: Access<'e>,
    pub term: Term,
    pub span: Span,
}

pub(crate) struct SumPlan<'e> {
    /// The dtype of every element read (one per statement).
    pub element: Dtype,
    /// The type of every local summed into: a NumPy int dtype (wrapping) or `Type::Int`.
    pub local: Type,
    pub steps: Vec<SumStep<'e>>,
}

/// The lanes' width in bits for sums into a local of type `local`: its own.
pub(crate) fn width(local: &Type) -> u32 {
    match local {
        Type::Scalar(d) => d.itemsize() * 8,
        _ => 64,
    }
}

/// The sum plan of `for var in range(.., .., step): body`. `Err(None)`: the body is not made of
/// sums (no remark of this pass); `Err(Some(why))`: it is, and `why` says what prevents it.
pub(crate) fn plan<'e>(var: LocalId, step: &Expr, body: &'e [Stmt], locals: &[(&Type, bool)]) -> Result<SumPlan<'e>, Option<Why>> {
    if !matches!(step.kind, ExprKind::Const(Const::Int(1))) || body.is_empty() {
        return Err(None);
    }
    let mut steps: Vec<SumStep> = Vec::new();
    let (mut element, mut local_ty) = (None, None);
    for s in body {
        let (id, access, term, ty) = statement(var, s, locals)?;
        if steps.iter().any(|t| t.local == id) {
            return Err(Some(Why { span: s.span, what: "adds to a local another statement also adds to" }));
        }
        let elem = array_dtype(access.base);
        if *element.get_or_insert(elem) != elem || *local_ty.get_or_insert(ty.clone()) != ty {
            return Err(Some(Why { span: s.span, what: "reads another dtype or sums into another type than the loop's other sums" }));
        }
        steps.push(SumStep { local: id, access, term, span: s.span });
    }
    Ok(SumPlan { element: element.expect("a statement"), local: local_ty.expect("a statement"), steps })
}

fn array_dtype(base: &Expr) -> Dtype {
    match &base.ty {
        Type::Array(at) => at.dtype,
        _ => unreachable!("accesses are of arrays"),
    }
}

/// One statement of the body as a sum: the local, the element it reads, what it adds, and the
/// local's type.
fn statement<'e>(var: LocalId, s: &'e Stmt, locals: &[(&Type, bool)]) -> Result<(LocalId, Access<'e>, Term, Type), Option<Why>> {
    let why = |what| Err(Some(Why { span: s.span, what }));
    let (id, value, term, plan) = match &s.kind {
        StmtKind::AugAssign { target: Target::Local(id, _), op: BinOp::Add, value, plan } => (*id, value, None, plan),
        StmtKind::If { cond, then, orelse } if orelse.is_empty() => match then.as_slice() {
            [Stmt { kind: StmtKind::AugAssign { target: Target::Local(id, _), op: BinOp::Add, value, plan }, .. }] => match value.kind {
                ExprKind::Const(Const::Int(k)) if k.abs() <= MAX_COUNT_STEP => (*id, cond, Some(k), plan),
                _ => return Err(None),
            },
            _ => return Err(None),
        },
        _ => return Err(None),
    };
    let (ty, maybe_unbound) = locals[id as usize];
    if maybe_unbound || !plan.as_ref().is_some_and(|p| p.operands == *ty) {
        return Err(None);
    }
    let wraps = matches!(ty, Type::Scalar(d) if d.is_int());
    if !wraps && *ty != Type::Int {
        return Err(None);
    }
    // `int(a[i])` makes a Python int of the element.
    let read = match &value.kind {
        ExprKind::Call(Callee::Builtin(Builtin::Int), args, kw) if args.len() == 1 && kw.is_empty() && term.is_none() => &args[0],
        _ => value,
    };
    let ExprKind::Index(base, indices) = &read.kind else { return Err(None) };
    let access = element_access(&[var], base, indices, false).map_err(Some)?;
    let elem = array_dtype(base);
    if !(elem.is_int() || elem == Dtype::Bool) {
        return Err(None);
    }
    let term = match term {
        Some(k) => {
            if let Type::Scalar(d) = ty {
                if !fits(k, *d) {
                    return why("adds a constant its NumPy integer type cannot hold");
                }
            }
            Term::Count(k)
        }
        // A bool element adds 1 when true, whatever byte holds it.
        None if elem == Dtype::Bool => Term::Count(1),
        None => {
            let exact = match ty {
                Type::Scalar(d) => widens(elem, *d),
                _ => elem.itemsize() <= 4,
            };
            if !exact {
                return why("is a sum of 64-bit elements into a Python int, whose overflow check runs at every addition");
            }
            Term::Element
        }
    };
    Ok((id, access, term, ty.clone()))
}

/// Whether every value of `from` converts exactly to `to` (a wider type, or the same).
fn widens(from: Dtype, to: Dtype) -> bool {
    from == to || (from.itemsize() < to.itemsize() && (from.is_signed() == to.is_signed() || from.is_unsigned()))
}

fn fits(k: i64, d: Dtype) -> bool {
    let bits = d.itemsize() * 8;
    if d.is_signed() {
        bits == 64 || (-(1i64 << (bits - 1))..(1i64 << (bits - 1))).contains(&k)
    } else {
        k >= 0 && (bits == 64 || k < 1i64 << bits)
    }
}

/// A register of `bits`-bit integer lanes.
fn lanes_of(bits: u32) -> ir::Type {
    ir::Type::int(bits as u16).expect("an integer width").by(BITS / bits).expect("lanes of a register")
}

/// Whether a step's terms widen with their sign: elements of a signed dtype (counts are 0 or 1).
fn signed(plan: &SumPlan, step: &SumStep) -> bool {
    plan.element.is_signed() && matches!(step.term, Term::Element)
}

impl<'a, 'f> Lower<'a, 'f> {
    /// Emits the vector part of `for var in range(start, stop)` for a sum plan and returns the value
    /// of the loop variable at which the scalar loop goes on (`start` when the vector part did not
    /// run).
    pub(in crate::lower) fn int_sum_loop(&mut self, var: LocalId, plan: &SumPlan, start: Value, stop: Value) -> R<Value> {
        let ebits = plan.element.itemsize() * 8;
        let per_trip = (BITS / ebits) as i64;
        let (count, from, scalar) = self.vector_entry(start, stop, per_trip);
        let (rows, _) = self.speculate(scalar, |cx| {
            if plan.local == Type::Int {
                let many = cx.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, count, PYTHON_INT_TRIPS);
                cx.bail_if(many);
            }
            let last = cx.b.ins().iadd(start, count);
            let last = cx.b.ins().iadd_imm_s(last, -1);
            plan.steps.iter().map(|s| Ok(cx.access_row(&s.access, start, last, ebits as i64 / 8)?.0)).collect::<R<Vec<Value>>>()
        })?;
        let wbits = width(&plan.local);
        // Lanes of the local's width, and of a middle width that narrow elements are summed in
        // for a chunk of trips before they are widened further (one widening per trip, not several).
        let mid = (2 * ebits).min(wbits);
        let accs = self.zero_lanes(plan.steps.len(), wbits);
        let end = self.b.ins().iadd(start, count);
        let sum_trips = |cx: &mut Self, lo: Value, hi: Value, into: &[Variable]| {
            cx.stepped_loop(lo, hi, per_trip, |cx, i, _| {
                let offset = cx.b.ins().imul_imm_s(i, ebits as i64 / 8);
                for ((step, row), acc) in plan.steps.iter().zip(&rows).zip(into) {
                    let addr = cx.b.ins().iadd(*row, offset);
                    let v = cx.b.ins().load(lanes_of(ebits), MemFlagsData::new().with_notrap(), addr, 0);
                    let term = cx.term(v, &step.term);
                    let parts = cx.widen(term, signed(plan, step), mid);
                    cx.add_parts(*acc, parts);
                }
                Ok(())
            })
        };
        if mid == wbits {
            sum_trips(self, start, end, &accs)?;
        } else {
            // Each trip adds at most 2**ebits to a middle lane (a count, at most 2); the chunk keeps
            // every middle lane within its signed range.
            let counts = plan.steps.iter().any(|s| matches!(s.term, Term::Count(_)));
            let trips = if counts { (1i64 << (2 * ebits - 2)) - 1 } else { (1i64 << (ebits - 1)) - 1 };
            self.stepped_loop(start, end, trips * per_trip, |cx, lo, _| {
                let left = cx.b.ins().isub(end, lo);
                let most = cx.iconst(types::I64, trips * per_trip);
                let chunk = cx.b.ins().umin(left, most);
                let hi = cx.b.ins().iadd(lo, chunk);
                let middles = cx.zero_lanes(plan.steps.len(), mid);
                sum_trips(cx, lo, hi, &middles)?;
                for ((step, m), acc) in plan.steps.iter().zip(&middles).zip(&accs) {
                    let v = cx.b.use_var(*m);
                    let parts = cx.widen(v, signed(plan, step), wbits);
                    cx.add_parts(*acc, parts);
                }
                Ok(())
            })?;
        }
        for (step, acc) in plan.steps.iter().zip(&accs) {
            let acc = self.b.use_var(*acc);
            let mut total = self.b.ins().extractlane(acc, 0);
            for l in 1..BITS / wbits {
                let x = self.b.ins().extractlane(acc, l as u8);
                total = self.b.ins().iadd(total, x);
            }
            if let Term::Count(k) = step.term {
                total = self.b.ins().imul_imm_s(total, k);
            }
            let cur = self.read_local(step.local, step.span)[0];
            let new = match plan.local {
                Type::Int => self.py_int_op(BinOp::Add, cur, total, step.span),
                _ => self.b.ins().iadd(cur, total),
            };
            self.assign_local(step.local, vec![new], &plan.local);
        }
        Ok(self.vector_exit(var, end, from, scalar))
    }

    /// `n` vector variables of `bits`-bit lanes, each zero.
    fn zero_lanes(&mut self, n: usize, bits: u32) -> Vec<Variable> {
        let ty = lanes_of(bits);
        let zero = self.b.ins().iconst(ty.lane_type(), 0);
        let zero = self.b.ins().splat(ty, zero);
        (0..n)
            .map(|_| {
                let v = self.temp_var(ty);
                self.b.def_var(v, zero);
                v
            })
            .collect()
    }

    /// What a trip's loaded elements `v` add: themselves, or 1 for each nonzero one (a count's
    /// constant multiplies the total at the end).
    fn term(&mut self, v: Value, term: &Term) -> Value {
        match term {
            Term::Element => v,
            Term::Count(_) => {
                let ty = self.b.func.dfg.value_type(v);
                let zero = self.b.ins().iconst(ty.lane_type(), 0);
                let zero = self.b.ins().splat(ty, zero);
                let one = self.b.ins().iconst(ty.lane_type(), 1);
                let one = self.b.ins().splat(ty, one);
                let mask = self.b.ins().icmp(IntCC::NotEqual, v, zero);
                self.b.ins().band(mask, one)
            }
        }
    }

    /// Adds the sum of `parts` to the vector variable `acc`.
    fn add_parts(&mut self, acc: Variable, parts: Vec<Value>) {
        let sum = parts.into_iter().reduce(|x, y| self.b.ins().iadd(x, y)).expect("a part");
        let cur = self.b.use_var(acc);
        let next = self.b.ins().iadd(cur, sum);
        self.b.def_var(acc, next);
    }

    /// The lanes of `v` widened (sign- or zero-extended) to `bits`-bit lanes: one vector per part,
    /// the lowest lanes first.
    fn widen(&mut self, v: Value, signed: bool, bits: u32) -> Vec<Value> {
        let mut parts = vec![v];
        while self.b.func.dfg.value_type(parts[0]).lane_bits() < bits {
            parts = parts
                .into_iter()
                .flat_map(|p| {
                    if signed {
                        [self.b.ins().swiden_low(p), self.b.ins().swiden_high(p)]
                    } else {
                        [self.b.ins().uwiden_low(p), self.b.ins().uwiden_high(p)]
                    }
                })
                .collect();
        }
        parts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hasten_typeck::testing::*;

    fn planned(src: &str, args: &[Type]) -> Result<(Dtype, Type, usize), Option<String>> {
        let f = typed(src, args);
        let l = range_loop(nth_loop(&f, 0));
        let locals: Vec<(&Type, bool)> = f.locals.iter().enumerate().map(|(i, l)| (&l.ty, l.maybe_unbound && i >= f.params.len())).collect();
        plan(l.var, l.step, l.body, &locals).map(|p| (p.element, p.local.clone(), p.steps.len())).map_err(|w| w.map(|w| w.what.to_string()))
    }

    fn array(d: Dtype) -> Type {
        Type::Array(hasten_ir::ArrayType { dtype: d, ndim: 1, layout: hasten_ir::Layout::C, readonly: false })
    }

    #[test]
    fn wrapping_sums_counts_and_exact_python_int_sums_are_planned() {
        let sum = "def f(a):\n    s = a[0]\n    for i in range(a.shape[0]):\n        s += a[i]\n    return s\n";
        assert_eq!(planned(sum, &[array(Dtype::I32)]), Ok((Dtype::I32, Type::Scalar(Dtype::I32), 1)));
        let count = "def f(m):\n    c = 0\n    for i in range(m.shape[0]):\n        if m[i]:\n            c += 1\n    return c\n";
        assert_eq!(planned(count, &[array(Dtype::Bool)]), Ok((Dtype::Bool, Type::Int, 1)));
        let exact = "def f(a):\n    s = 0\n    for i in range(a.shape[0]):\n        s += int(a[i])\n    return s\n";
        assert_eq!(planned(exact, &[array(Dtype::U32)]), Ok((Dtype::U32, Type::Int, 1)));
    }

    #[test]
    fn sums_that_could_overflow_or_are_not_sums_are_refused() {
        let exact = "def f(a):\n    s = 0\n    for i in range(a.shape[0]):\n        s += int(a[i])\n    return s\n";
        assert!(matches!(planned(exact, &[array(Dtype::I64)]), Err(Some(w)) if w.contains("64-bit elements")));
        let product = "def f(a):\n    s = a[0]\n    for i in range(a.shape[0]):\n        s *= a[i]\n    return s\n";
        assert_eq!(planned(product, &[array(Dtype::I32)]), Err(None));
        let float = "def f(a):\n    s = 0.0\n    for i in range(a.shape[0]):\n        s += a[i]\n    return s\n";
        assert_eq!(planned(float, &[array(Dtype::F64)]), Err(None));
        let step = "def f(a):\n    s = a[0]\n    for i in range(0, a.shape[0], 2):\n        s += a[i]\n    return s\n";
        assert_eq!(planned(step, &[array(Dtype::I32)]), Err(None));
        let other = "def f(a, b):\n    s = a[0]\n    for i in range(a.shape[0]):\n        s += a[i]\n        b[i] = 0\n    return s\n";
        assert_eq!(planned(other, &[array(Dtype::I32), array(Dtype::I32)]), Err(None));
    }
}
