//! Conditions as control flow: `and`, `or`, `not` and chained comparisons in `if` and
//! `while` tests are branches (not merged truth values), and comparisons and truth values of
//! scalars.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// Branches to `then` if `cond` is true, else to `otherwise`. `and`, `or`, `not` and chained
    /// comparisons become branches of their own, so that no truth value is merged in a block
    /// parameter and the blocks a true `and` reaches are dominated by every test it made.
    pub(super) fn branch(&mut self, cond: &Expr, then: Block, otherwise: Block) -> R<()> {
        self.branch_on(cond, then, otherwise, false)
    }

    /// `branch` for a loop test: each test branches to the exit on its taken side, so that Cranelift
    /// hoists invariant code out of the loop rather than sinking it into the body.
    pub(super) fn branch_exit_first(&mut self, cond: &Expr, body: Block, exit: Block) -> R<()> {
        self.branch_on(cond, body, exit, true)
    }

    pub(super) fn branch_on(&mut self, cond: &Expr, then: Block, otherwise: Block, flip: bool) -> R<()> {
        if let Some(&truth) = self.known.get(&(cond as *const Expr)) {
            self.b.ins().jump(if truth { then } else { otherwise }, &[]);
            return Ok(());
        }
        if self.invariants.contains_key(&(cond as *const Expr)) {
            let c = self.condition(cond)?;
            self.test(c, then, otherwise, flip);
            return Ok(());
        }
        match &cond.kind {
            ExprKind::Logical(LogicalOp::And, parts) => self.branch_and(parts, then, otherwise, flip),
            ExprKind::Logical(op, parts) => {
                let (last, init) = parts.split_last().expect("a logical operation has operands");
                for p in init {
                    let next = self.b.create_block();
                    match op {
                        LogicalOp::And => self.branch_on(p, next, otherwise, flip)?,
                        LogicalOp::Or => self.branch_on(p, then, next, flip)?,
                    }
                    self.b.switch_to_block(next);
                }
                self.branch_on(last, then, otherwise, flip)
            }
            ExprKind::Unary(UnaryOp::Not, x) => self.branch_on(x, otherwise, then, !flip),
            ExprKind::Compare(first, rest) if rest.len() > 1 => {
                let left = self.expr(first)?;
                self.compare_chain(left, &first.ty, rest, cond.compare_plan(), then, otherwise, flip)
            }
            _ => {
                let c = self.condition(cond)?;
                self.test(c, then, otherwise, flip);
                Ok(())
            }
        }
    }

    /// `a and b and ...` as branches. Nothing in a condition assigns a local (`:=` is refused), so
    /// what each operand proves holds while the ones after it are evaluated: `j >= 0 and a[j] > k`
    /// indexes without the negative-index wrap.
    fn branch_and(&mut self, parts: &[Expr], then: Block, otherwise: Block, flip: bool) -> R<()> {
        let (first, rest) = parts.split_first().expect("a logical operation has operands");
        if rest.is_empty() {
            return self.branch_on(first, then, otherwise, flip);
        }
        let next = self.b.create_block();
        self.branch_on(first, next, otherwise, flip)?;
        self.b.switch_to_block(next);
        self.guarded_where(first, &|_| true, |cx| cx.branch_and(rest, then, otherwise, flip))
    }

    /// `brif c, then, otherwise`, or with `flip` the same test written as `brif !c, otherwise, then`.
    pub(super) fn test(&mut self, c: Value, then: Block, otherwise: Block, flip: bool) {
        if flip {
            let not = self.negated_compare(c).unwrap_or_else(|| self.b.ins().bxor_imm_u(c, 1));
            self.b.ins().brif(not, otherwise, &[], then, &[]);
        } else {
            self.b.ins().brif(c, then, &[], otherwise, &[]);
        }
    }

    /// `!c` as one comparison when `c` is a comparison: Cranelift fuses a compare into the branch
    /// that tests it, but not once a `bxor` stands between them (which then costs a set, an xor and
    /// a test on every loop test). The complement of a float condition includes unordered, so a
    /// NaN still goes the way `!c` sends it.
    fn negated_compare(&mut self, c: Value) -> Option<Value> {
        use ir::condcodes::CondCode;
        let ir::ValueDef::Result(inst, 0) = self.b.func.dfg.value_def(c) else { return None };
        Some(match self.b.func.dfg.insts[inst] {
            ir::InstructionData::IntCompare { cond, args, .. } => self.b.ins().icmp(cond.complement(), args[0], args[1]),
            ir::InstructionData::FloatCompare { cond, args, .. } => self.b.ins().fcmp(cond.complement(), args[0], args[1]),
            _ => return None,
        })
    }

    pub(super) fn condition(&mut self, e: &Expr) -> R<Value> {
        let v = self.expr(e)?;
        Ok(self.truth(&v, &e.ty))
    }

    pub(super) fn logical(&mut self, op: LogicalOp, values: &[Expr], ty: &Type) -> R<Vals> {
        let slots = slots_of(ty);
        let vars: Vec<Variable> = slots.iter().map(|s| self.temp_var(clif_type(*s))).collect();
        let merge = self.b.create_block();
        // Heap values: each operand hands the merge a reference of its own, released where the
        // evaluation goes on to the next operand.
        let refs = ty.has_refs();
        for (k, v) in values.iter().enumerate() {
            let (conv, truth) = if refs {
                let conv = self.scoped(|cx| {
                    let raw = cx.expr(v)?;
                    let conv = cx.coerce(raw, &v.ty, ty);
                    cx.take_over(&conv, ty);
                    Ok(conv)
                })?;
                (conv.clone(), (k + 1 < values.len()).then(|| self.truth(&conv, ty)))
            } else {
                let raw = self.expr(v)?;
                let truth = (k + 1 < values.len()).then(|| self.truth(&raw, &v.ty));
                (self.coerce(raw, &v.ty, ty), truth)
            };
            for (var, x) in vars.iter().zip(&conv) {
                self.b.def_var(*var, *x);
            }
            match truth {
                Some(t) => {
                    let next = self.b.create_block();
                    match op {
                        LogicalOp::And => self.b.ins().brif(t, next, &[], merge, &[]),
                        LogicalOp::Or => self.b.ins().brif(t, merge, &[], next, &[]),
                    };
                    self.b.switch_to_block(next);
                    if refs {
                        for slot in ty.owner_slots() {
                            self.decref(conv[slot]);
                        }
                    }
                }
                None => {
                    self.b.ins().jump(merge, &[]);
                }
            }
        }
        self.b.switch_to_block(merge);
        let v: Vals = vars.iter().map(|v| self.b.use_var(*v)).collect();
        if refs {
            self.track(&v, ty);
        }
        Ok(v)
    }

    pub(super) fn compare(&mut self, first: &Expr, rest: &[(CmpOp, Expr)], commons: &[Type]) -> R<Value> {
        let left = self.expr(first)?;
        if let [(op, right)] = rest {
            let r = self.expr(right)?;
            return Ok(self.compare_link(*op, &left, &first.ty, &r, &right.ty, &commons[0], right.span));
        }
        let result = self.temp_var(types::I8);
        let (yes, no, merge) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.compare_chain(left, &first.ty, rest, commons, yes, no, false)?;
        for (block, v) in [(yes, 1), (no, 0)] {
            self.b.switch_to_block(block);
            let c = self.iconst(types::I8, v);
            self.b.def_var(result, c);
            self.b.ins().jump(merge, &[]);
        }
        self.b.switch_to_block(merge);
        Ok(self.b.use_var(result))
    }

    /// Branches on a comparison chain whose first operand is `left`: each link is evaluated only if
    /// the ones before it held, as in Python, and the first false one branches to `otherwise`.
    #[allow(clippy::too_many_arguments)] // `branch_on`'s operands
    pub(super) fn compare_chain(&mut self, mut left: Vals, first_ty: &Type, rest: &[(CmpOp, Expr)], commons: &[Type], then: Block, otherwise: Block, flip: bool) -> R<()> {
        let mut left_ty = first_ty.clone();
        for (k, (op, right)) in rest.iter().enumerate() {
            let r = self.expr(right)?;
            let c = self.compare_link(*op, &left, &left_ty, &r, &right.ty, &commons[k], right.span);
            if k + 1 < rest.len() {
                let next = self.b.create_block();
                self.test(c, next, otherwise, flip);
                self.b.switch_to_block(next);
            } else {
                self.test(c, then, otherwise, flip);
            }
            left = r;
            left_ty = right.ty.clone();
        }
        Ok(())
    }

    /// One link `l op r` of a comparison, in the type `common` the type checker chose for it; `is`
    /// compares types, the only identity hasten's values have.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn compare_link(&mut self, op: CmpOp, l: &[Value], lt: &Type, r: &[Value], rt: &Type, common: &Type, span: Span) -> Value {
        match op {
            CmpOp::Is | CmpOp::IsNot if matches!(lt, Type::Optional(_)) || matches!(rt, Type::Optional(_)) => {
                // An optional local against None (the type checker allows no other): its flag.
                let flag = if matches!(lt, Type::Optional(_)) { l[0] } else { r[0] };
                let cc = if op == CmpOp::Is { IntCC::Equal } else { IntCC::NotEqual };
                self.b.ins().icmp_imm_u(cc, flag, 0)
            }
            CmpOp::Is | CmpOp::IsNot => {
                let same = (*lt == Type::None) == (*rt == Type::None);
                self.iconst(types::I8, (same == (op == CmpOp::Is)) as i64)
            }
            CmpOp::In | CmpOp::NotIn => {
                let found = match rt {
                    Type::Str => self.str_contains(l[0], r[0]),
                    Type::Dict(..) | Type::Set(_) => self.dict_contains(l, lt, r[0], rt),
                    _ => self.list_contains(l, lt, r[0], rt, common, span),
                };
                if op == CmpOp::In { found } else { self.b.ins().bxor_imm_u(found, 1) }
            }
            // NumPy compares complex scalars in their promoted dtype, both operands cast to it.
            _ if matches!(common, Type::Scalar(d) if d.is_complex()) => self.numpy_scalar_compare(op, l, lt, r, rt, common.value_dtype()),
            _ if *common == Type::Complex => self.complex_equal(op, l, lt, r, rt),
            _ if matches!(common, Type::Tuple(_)) => self.tuple_compare(op, l, lt, r, rt, common, span),
            _ if matches!(common, Type::List(_)) => self.list_compare(op, l[0], lt, r[0], rt, common, span),
            _ => self.compare_values(op, l[0], lt, r[0], rt, common),
        }
    }

    /// Python's comparison of tuples: the first pair of items that differ (by `==`) decides, by
    /// `op`; when one tuple is the start of the other, their lengths do.
    #[allow(clippy::too_many_arguments)] // `compare_link`'s operands
    fn tuple_compare(&mut self, op: CmpOp, l: &[Value], lt: &Type, r: &[Value], rt: &Type, common: &Type, span: Span) -> Value {
        let (Type::Tuple(li), Type::Tuple(ri), Type::Tuple(ci)) = (lt, rt, common) else { unreachable!("the type checker compares tuples with tuples") };
        let result = self.temp_var(types::I8);
        let done = self.b.create_block();
        let (mut lo, mut ro) = (0, 0);
        for ((a, b), c) in li.iter().zip(ri).zip(ci) {
            let (x, y) = (l[lo..lo + slots_of(a).len()].to_vec(), r[ro..ro + slots_of(b).len()].to_vec());
            lo += x.len();
            ro += y.len();
            let same = self.item_equal(&x, a, &y, b, c, span);
            let (differ, next) = (self.b.create_block(), self.b.create_block());
            self.b.ins().brif(same, next, &[], differ, &[]);
            self.b.switch_to_block(differ);
            let decided = match op {
                CmpOp::Eq | CmpOp::NotEq => self.iconst(types::I8, (op == CmpOp::NotEq) as i64),
                _ => self.compare_link(op, &x, a, &y, b, c, span),
            };
            self.b.def_var(result, decided);
            self.b.ins().jump(done, &[]);
            self.b.switch_to_block(next);
        }
        let (n, m) = (self.iconst(types::I64, li.len() as i64), self.iconst(types::I64, ri.len() as i64));
        let by_length = self.compare_values(op, n, &Type::Int, m, &Type::Int, &Type::Int);
        self.b.def_var(result, by_length);
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
        self.b.use_var(result)
    }

    /// Whether two items of sequences being compared are equal. CPython tests an item's identity
    /// before `==`, so a NaN equals itself where both sequences hold the same float object (`l ==
    /// sorted(l)`) and not elsewhere; compiled floats have no identity, so a NaN float item met
    /// here is NotImplementedError rather than an answer that may be CPython's or not.
    pub(super) fn item_equal(&mut self, x: &[Value], a: &Type, y: &[Value], b: &Type, c: &Type, span: Span) -> Value {
        if c.is_floatlike() {
            let (xf, yf) = (self.convert(x[0], a, c), self.convert(y[0], b, c));
            let x_nan = self.b.ins().fcmp(FloatCC::Unordered, xf, xf);
            let y_nan = self.b.ins().fcmp(FloatCC::Unordered, yf, yf);
            let nan = self.b.ins().bor(x_nan, y_nan);
            self.fail_if(nan, "NotImplementedError", NAN_ITEM, span);
        }
        self.compare_link(CmpOp::Eq, x, a, y, b, c, span)
    }

    /// `l op r` for numbers, compared in `common` (the type checker's choice for a comparison in the
    /// source; the operands' own type where code generation compares two values of one type).
    pub(super) fn compare_values(&mut self, op: CmpOp, l: Value, lt: &Type, r: Value, rt: &Type, common: &Type) -> Value {
        if *common == Type::Str {
            return self.str_compare(op, l, r);
        }
        if matches!(common, Type::Set(_) | Type::Dict(..)) {
            return self.container_compare(op, l, r, common);
        }
        if *common == Type::Float && lt.is_intlike() != rt.is_intlike() {
            return self.compare_int_float(op, l, lt, r, rt);
        }
        let numpy_int = |t: &Type| matches!(t, Type::Scalar(d) if d.is_int());
        if (numpy_int(lt) && *rt == Type::Int) || (*lt == Type::Int && numpy_int(rt)) {
            // NumPy 2 compares a NumPy integer with a Python int by value, even when the Python int
            // does not fit the NumPy type (`np.uint8(3) < -2` is False): compare both in 128 bits.
            let wide = |cx: &mut Self, v: Value, t: &Type| {
                let v64 = cx.i64_value(v, t);
                if matches!(t, Type::Scalar(Dtype::U64)) {
                    cx.b.ins().uextend(types::I128, v64)
                } else {
                    cx.b.ins().sextend(types::I128, v64)
                }
            };
            let (a, b) = (wide(self, l, lt), wide(self, r, rt));
            return self.b.ins().icmp(int_cc(op, true), a, b);
        }
        let a = self.convert(l, lt, common);
        let b = self.convert(r, rt, common);
        if common.is_floatlike() {
            let (cc, swap) = float_cc(op);
            let (a, b) = if swap { (b, a) } else { (a, b) };
            self.b.ins().fcmp(cc, a, b)
        } else {
            self.b.ins().icmp(int_cc(op, is_signed_num(common)), a, b)
        }
    }

    /// Python compares an int with a float exactly. Comparing `float(i)` with `f` is exact unless the
    /// two are equal as floats, where `i` may have been rounded; then `f` is integral and the
    /// comparison is redone on integers (`f == 2**63` is above every i64).
    pub(super) fn compare_int_float(&mut self, op: CmpOp, l: Value, lt: &Type, r: Value, rt: &Type) -> Value {
        let (i, it, f, int_left) = if lt.is_intlike() { (l, lt, r, true) } else { (r, rt, l, false) };
        let i = self.convert(i, it, &Type::Int);
        let fi = self.b.ins().fcvt_from_sint(types::F64, i);
        let (a, b) = if int_left { (fi, f) } else { (f, fi) };
        let approx = self.compare_values(op, a, &Type::Float, b, &Type::Float, &Type::Float);
        let same = self.b.ins().fcmp(FloatCC::Equal, fi, f);
        let limit = self.b.ins().f64const(9223372036854775808.0);
        let above = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, f, limit);
        let fint = self.b.ins().fcvt_to_sint_sat(types::I64, f);
        let (x, y) = if int_left { (i, fint) } else { (fint, i) };
        let exact = self.compare_values(op, x, &Type::Int, y, &Type::Int, &Type::Int);
        let int_is_less = matches!((op, int_left), (CmpOp::Lt | CmpOp::LtE | CmpOp::NotEq, true) | (CmpOp::Gt | CmpOp::GtE | CmpOp::NotEq, false));
        let when_above = self.iconst(types::I8, int_is_less as i64);
        let exact = self.b.ins().select(above, when_above, exact);
        self.b.ins().select(same, exact, approx)
    }

    pub(super) fn truth(&mut self, vals: &Vals, ty: &Type) -> Value {
        match ty {
            Type::None => self.iconst(types::I8, 0),
            // None's value slots are zeros, which are false.
            Type::Optional(v) => self.truth(&vals[1..].to_vec(), v),
            Type::Tuple(items) => self.iconst(types::I8, !items.is_empty() as i64),
            Type::Bool | Type::Scalar(Dtype::Bool) => vals[0],
            Type::Complex | Type::Scalar(Dtype::C128) => self.complex_truth(vals),
            // A container is true when it is not empty (its slot is its block, never null).
            Type::Str | Type::List(_) | Type::Dict(..) | Type::Set(_) => {
                let n = match ty {
                    Type::Str => self.str_len(vals[0]),
                    Type::List(_) => self.list_len(vals[0]),
                    _ => self.dict_len(vals[0]),
                };
                self.b.ins().icmp_imm_s(IntCC::NotEqual, n, 0)
            }
            t if t.is_floatlike() => {
                let zero = self.zero(scalar_clif(t));
                self.b.ins().fcmp(FloatCC::NotEqual, vals[0], zero)
            }
            _ => self.b.ins().icmp_imm_s(IntCC::NotEqual, vals[0], 0),
        }
    }
}

/// Why a comparison of tuples or lists meeting a NaN float item refuses to answer.
const NAN_ITEM: &str = "comparing tuples or lists that hold a NaN float is not supported in compiled code: CPython's answer depends on whether both hold the same float object";

/// The float condition of `op` and whether the operands swap: `a > b` is asked as `b < a` (the
/// same for NaN), so that a select on the compared values takes the form Cranelift lowers to one
/// `maxsd`/`minsd` instead of a branch.
pub(super) fn float_cc(op: CmpOp) -> (FloatCC, bool) {
    match op {
        CmpOp::Eq => (FloatCC::Equal, false),
        CmpOp::NotEq => (FloatCC::NotEqual, false),
        CmpOp::Lt => (FloatCC::LessThan, false),
        CmpOp::LtE => (FloatCC::LessThanOrEqual, false),
        CmpOp::Gt => (FloatCC::LessThan, true),
        CmpOp::GtE => (FloatCC::LessThanOrEqual, true),
        CmpOp::Is | CmpOp::IsNot | CmpOp::In | CmpOp::NotIn => unreachable!("not an order or equality"),
    }
}

pub(super) fn int_cc(op: CmpOp, signed: bool) -> IntCC {
    match (op, signed) {
        (CmpOp::Eq, _) => IntCC::Equal,
        (CmpOp::NotEq, _) => IntCC::NotEqual,
        (CmpOp::Lt, true) => IntCC::SignedLessThan,
        (CmpOp::LtE, true) => IntCC::SignedLessThanOrEqual,
        (CmpOp::Gt, true) => IntCC::SignedGreaterThan,
        (CmpOp::GtE, true) => IntCC::SignedGreaterThanOrEqual,
        (CmpOp::Lt, false) => IntCC::UnsignedLessThan,
        (CmpOp::LtE, false) => IntCC::UnsignedLessThanOrEqual,
        (CmpOp::Gt, false) => IntCC::UnsignedGreaterThan,
        (CmpOp::GtE, false) => IntCC::UnsignedGreaterThanOrEqual,
        (CmpOp::Is | CmpOp::IsNot, _) => unreachable!("identity is decided at compile time"),
        (CmpOp::In | CmpOp::NotIn, _) => unreachable!("membership loops over the items"),
    }
}
