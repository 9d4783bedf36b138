//! Python builtins: `abs`, `min`, `max`, `sum`, `int`, `float`, `bool`, `round`, `len`,
//! `divmod`, and `sum`/`min`/`max` of a generator over a `range`.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// `sum/min/max(elt for var in range(...) if ...)`: a counted loop with Python's semantics (the sum
    /// starts at int 0 and adds left to right; min/max keep the first of equal items).
    pub(super) fn range_reduce(&mut self, r: &RangeReduce, ty: &Type, plan: &Plan, span: Span) -> R<Value> {
        if matches!(r.op, Builtin::Any | Builtin::All) {
            return self.any_all(r);
        }
        let acc = self.temp_var(scalar_clif(ty));
        let zero = self.iconst(types::I64, 0);
        let init = self.convert(zero, &Type::Int, ty);
        self.b.def_var(acc, init);
        let seen = self.temp_var(types::I8);
        let no = self.iconst(types::I8, 0);
        self.b.def_var(seen, no);
        self.generator_iterations(r, None, None, |cx| {
            let v = cx.expr(&r.elt)?[0];
            let cur = cx.b.use_var(acc);
            let new = match r.op {
                Builtin::Sum => {
                    let Plan::Binary(add) = plan else { unreachable!("the verifier checks sum plans") };
                    let (s, sty) = cx.binary(BinOp::Add, cur, ty, v, &r.elt.ty, add, span)?;
                    cx.convert(s, &sty, ty)
                }
                _ => {
                    let v = cx.convert(v, &r.elt.ty, ty);
                    let op = if r.op == Builtin::Min { CmpOp::Lt } else { CmpOp::Gt };
                    let better = cx.compare_values(op, v, ty, cur, ty, ty);
                    let s = cx.b.use_var(seen);
                    let first = cx.b.ins().icmp_imm_s(IntCC::Equal, s, 0);
                    let take = cx.b.ins().bor(first, better);
                    cx.b.ins().select(take, v, cur)
                }
            };
            cx.b.def_var(acc, new);
            let yes = cx.iconst(types::I8, 1);
            cx.b.def_var(seen, yes);
            Ok(())
        })?;
        if r.op != Builtin::Sum {
            let s = self.b.use_var(seen);
            let empty = self.b.ins().icmp_imm_s(IntCC::Equal, s, 0);
            let msg = if r.op == Builtin::Min { "min() arg is an empty sequence" } else { "max() arg is an empty sequence" };
            self.fail_if(empty, "ValueError", msg, span);
        }
        Ok(self.b.use_var(acc))
    }

    /// `any(...)`/`all(...)`: CPython stops at the first item that decides, so no later item (or
    /// condition) is evaluated.
    fn any_all(&mut self, r: &RangeReduce) -> R<Value> {
        let any = r.op == Builtin::Any;
        let decided = self.temp_var(types::I8);
        let no = self.iconst(types::I8, 0);
        self.b.def_var(decided, no);
        self.generator_iterations(r, None, Some(decided), |cx| {
            let v = cx.expr(&r.elt)?;
            let t = cx.truth(&v, &r.elt.ty);
            let d = if any { t } else { cx.b.ins().bxor_imm_u(t, 1) };
            cx.b.def_var(decided, d);
            Ok(())
        })?;
        let d = self.b.use_var(decided);
        Ok(if any { d } else { self.b.ins().bxor_imm_u(d, 1) })
    }

    /// The iterations of a generator: over `range(start, …, step)` (its `n` items), or over an
    /// iterable. The variable is set, the conditions skip to the next iteration, and `each` runs
    /// for the rest. `range` gives the range's operands when the caller evaluated them already;
    /// once `decided` is set, the remaining iterations do nothing.
    pub(super) fn generator_iterations(&mut self, r: &RangeReduce, range: Option<(Value, Value, Value)>, decided: Option<Variable>, each: impl FnOnce(&mut Self) -> R<()>) -> R<()> {
        if let Some(src) = &r.iter {
            return self.seq_loop(&src.1, &src.0, &[], |cx, latch, _| cx.generator_body(r, latch, decided, each));
        }
        let (start, stop, step) = match range {
            Some(bounds) => bounds,
            None => self.range_operands(&r.start, &r.stop, &r.step)?,
        };
        let n = self.range_length(start, stop, step);
        let zero = self.iconst(types::I64, 0);
        self.index_loop(zero, n, |cx, i, latch| {
            let offset = cx.b.ins().imul(i, step);
            let x = cx.b.ins().iadd(start, offset);
            cx.assign_local(r.var, vec![x], &Type::Int);
            cx.generator_body(r, latch, decided, each)
        })
    }

    /// A generator's conditions (each false one goes on to `latch`), then `each`; the range or
    /// iterable was evaluated in the function's scope, these in the generator's.
    fn generator_body(&mut self, r: &RangeReduce, latch: Block, decided: Option<Variable>, each: impl FnOnce(&mut Self) -> R<()>) -> R<()> {
        if let Some(decided) = decided {
            let done = self.b.use_var(decided);
            let next = self.b.create_block();
            self.b.ins().brif(done, latch, &[], next, &[]);
            self.b.switch_to_block(next);
        }
        let outer = std::mem::replace(&mut self.in_generator, true);
        let body = (|| {
            for c in &r.conds {
                let t = self.condition(c)?;
                let next = self.b.create_block();
                self.b.ins().brif(t, next, &[], latch, &[]);
                self.b.switch_to_block(next);
            }
            each(self)
        })();
        self.in_generator = outer;
        body
    }

    /// Hands a generator's value to Python through its slots, which stay on the generator's own
    /// stack while it is suspended (`hasten_runtime::generators`); true when Python closes it.
    fn yield_out(&mut self, value: &Expr) -> R<Vals> {
        let vals = self.expr(value)?;
        let slots = self.stack_slot(8 * vals.len() as u32);
        for (k, v) in vals.iter().enumerate() {
            self.b.ins().store(MemFlagsData::trusted(), *v, slots, (8 * k) as i32);
        }
        let f = self.helper(Helper::Yield);
        let closed = self.call(f, &[slots])[0];
        Ok(vec![self.b.ins().icmp_imm_s(IntCC::NotEqual, closed, 0)])
    }

    pub(super) fn builtin(&mut self, b: Builtin, args: &[Expr], ty: &Type, plan: &Plan, span: Span) -> R<Vals> {
        if let ([a], Builtin::Sum | Builtin::Min | Builtin::Max) = (args, b) {
            if matches!(a.ty, Type::List(_)) {
                return self.list_reduce(b, a, ty, plan, span);
            }
        }
        let str_arg = args.first().is_some_and(|a| a.ty == Type::Str);
        match b {
            Builtin::Str | Builtin::Repr | Builtin::Format | Builtin::Ord | Builtin::Chr => return self.str_builtin(b, args, span),
            Builtin::Int | Builtin::Float if str_arg => return self.str_builtin(b, args, span),
            Builtin::Print => return self.print(args, span),
            Builtin::YieldOut => return self.yield_out(&args[0]),
            Builtin::Iter | Builtin::IterRange | Builtin::Next => return self.iter_builtin(b, args, ty, span),
            // The arguments name the item types (the type checker read them), not evaluated.
            Builtin::TypedList | Builtin::TypedDict => {
                let (made, mark) = match b {
                    Builtin::TypedList => (self.list_literal(&[], ty, span)?, Helper::ListMarkTyped),
                    _ => (self.dict_literal(&[], ty)?, Helper::DictMarkTyped),
                };
                let mark = self.helper(mark);
                self.call(mark, &[made[0]]);
                return Ok(made);
            }
            _ => {}
        }
        let mut vals = Vec::new();
        for a in args {
            vals.push(self.expr(a)?);
        }
        let t0 = args.first().map(|a| a.ty.clone()).unwrap_or(Type::None);
        let v0 = vals.first().and_then(|v| v.first().copied());
        Ok(match b {
            Builtin::Abs if t0 == Type::Complex => vec![self.complex_abs(&vals[0], "absolute value too large", span)],
            Builtin::Abs if t0 == Type::Scalar(Dtype::C64) => vec![self.c64_scalar_abs(&vals[0])],
            // NumPy's scalar `abs` is the C library's `hypot`, without CPython's OverflowError.
            Builtin::Abs if t0 == Type::Scalar(Dtype::C128) => {
                let f = self.helper(Helper::CHypot);
                vec![self.call(f, &[vals[0][0], vals[0][1]])[0]]
            }
            Builtin::Abs => vec![self.py_abs(v0.unwrap(), &t0, span)],
            Builtin::Min | Builtin::Max if ty.is_complex_number() => {
                // np.complex128 (or complex64) scalars in NumPy's scalar order, each part chosen.
                let op = if b == Builtin::Max { CmpOp::Gt } else { CmpOp::Lt };
                let d = ty.value_dtype();
                let mut cur = vals[0].clone();
                for v in &vals[1..] {
                    let better = self.numpy_scalar_compare(op, v, ty, &cur, ty, d);
                    cur = (0..2).map(|k| self.b.ins().select(better, v[k], cur[k])).collect();
                }
                cur
            }
            Builtin::Min | Builtin::Max => {
                // CPython keeps the first of equal items and replaces it only on a strict comparison,
                // which decides what happens with nan.
                let mut cur = self.convert(vals[0][0], &args[0].ty, ty);
                for (a, v) in args.iter().zip(&vals).skip(1) {
                    let x = self.convert(v[0], &a.ty, ty);
                    let op = if b == Builtin::Max { CmpOp::Gt } else { CmpOp::Lt };
                    let better = self.compare_values(op, x, ty, cur, ty, ty);
                    cur = self.b.ins().select(better, x, cur);
                }
                vec![cur]
            }
            Builtin::Int => vec![self.py_int(v0.unwrap(), &t0, span)],
            Builtin::Float => vec![self.f64_value(v0.unwrap(), &t0)],
            Builtin::Bool => vec![self.truth(&vals[0], &t0)],
            Builtin::Round => vec![self.py_round(v0.unwrap(), args, &vals, span)],
            Builtin::Len => match &t0 {
                Type::Str => vec![self.str_len(vals[0][0])],
                Type::Tuple(items) => vec![self.iconst(types::I64, items.len() as i64)],
                Type::List(_) => vec![self.list_len(vals[0][0])],
                Type::Dict(..) | Type::Set(_) => vec![self.dict_len(vals[0][0])],
                _ => vec![ArrayVals::from_vals(&vals[0]).shape[0]],
            },
            Builtin::Sum => unreachable!("sum() only takes generators, a RangeReduce"),
            // `list(t)` of a tuple: the type checker's form of a tuple iterated.
            Builtin::List => match t0 {
                // `min`/`max`/`sum`/`sorted` of a string or a 1-D array (`items_as_list`).
                Type::Str => vec![self.list_of_chars(vals[0][0], span)?],
                Type::Array(at) => self.list_of_elements(&vals[0], at.dtype, ty, span)?,
                _ => vec![self.list_from_tuple(&vals[0], &t0, ty, span)],
            },
            // `tuple(sorted(t))`: the list has as many items as the tuple type says.
            Builtin::Tuple => match (&t0, ty) {
                (Type::List(item), Type::Tuple(items)) => {
                    let mut out = Vec::new();
                    for k in 0..items.len() {
                        let i = self.iconst(types::I64, k as i64);
                        out.extend(self.list_item(vals[0][0], i, item));
                    }
                    out
                }
                _ => vals[0].clone(),
            },
            Builtin::Reversed => unreachable!("reversed() is only the iterable of a for loop"),
            Builtin::Yield => unreachable!("the type checker inlines or refuses every yield"),
            Builtin::YieldOut => unreachable!("lowered above"),
            Builtin::Unwrap => unreachable!("call_expr lowers an Unwrap"),
            Builtin::Field => unreachable!("the type checker makes a field an index"),
            // The int parts, as Python ints.
            Builtin::Slice => args.iter().zip(&vals).filter(|(a, _)| a.ty != Type::None).map(|(a, v)| self.i64_value(v[0], &a.ty)).collect(),
            Builtin::SlicePart => {
                let (Type::Slice(parts), ExprKind::Const(Const::Int(k))) = (&args[0].ty, &args[1].kind) else { unreachable!("a part of a slice") };
                vec![vals[0][parts[..*k as usize].iter().filter(|p| **p).count()]]
            }
            Builtin::Starred => unreachable!("the type checker expands `*t` into the tuple's items"),
            Builtin::Zip | Builtin::Enumerate => unreachable!("zip() and enumerate() are only the iterables of for loops"),
            Builtin::Any | Builtin::All => unreachable!("any() and all() are always a RangeReduce"),
            Builtin::Str | Builtin::Repr | Builtin::Format | Builtin::Ord | Builtin::Chr | Builtin::Print | Builtin::Iter | Builtin::IterRange | Builtin::Next | Builtin::TypedList | Builtin::TypedDict => unreachable!("lowered above"),
            Builtin::Sorted => {
                let reverse = self.i64_value(vals[1][0], &args[1].ty);
                match vals.get(2) {
                    Some(keys) => vec![self.list_sorted_by(vals[0][0], keys[0], &args[2].ty, reverse)],
                    None => vec![self.list_sorted(vals[0][0], &t0, reverse)],
                }
            }
            Builtin::Dict => self.dict_literal(&[], ty)?,
            Builtin::Set => self.set_literal(&[], ty)?,
            Builtin::PowMod => {
                let ints: Vec<Value> = (0..3).map(|k| self.i64_value(vals[k][0], &args[k].ty)).collect();
                let out = self.stack_slot(8);
                let (lp, ll) = self.location(span);
                let h = self.helper(Helper::PowMod);
                let status = self.call(h, &[ints[0], ints[1], ints[2], out, lp, ll])[0];
                self.check_status(status);
                vec![self.b.ins().load(types::I64, MemFlagsData::trusted(), out, 0)]
            }
            Builtin::Hash => vec![self.py_hash(&vals[0], &args[0].ty)],
            Builtin::Divmod => {
                let (a, bb) = (vals[0][0], vals[1][0]);
                self.divmod = true;
                // `%` computes in the same types as `//`, whose plan is recorded.
                let Plan::Binary(p) = plan else { unreachable!("the verifier checks divmod plans") };
                let q = self.binary(BinOp::FloorDiv, a, &args[0].ty, bb, &args[1].ty, p, span);
                let r = self.binary(BinOp::Mod, a, &args[0].ty, bb, &args[1].ty, p, span);
                self.divmod = false;
                vec![q?.0, r?.0]
            }
        })
    }

    /// `hash(x)`: the value's leaves as 64-bit words beside their kinds (`hasten_runtime::pyhash`).
    fn py_hash(&mut self, v: &[Value], t: &Type) -> Value {
        let (mut kinds, mut words) = (Vec::new(), Vec::new());
        self.hash_leaves(v, &mut 0, t, &mut kinds, &mut words);
        let kinds_at = self.stack_slot(8 * kinds.len() as u32);
        for (k, kind) in kinds.iter().enumerate() {
            let c = self.iconst(types::I64, *kind as i64);
            self.b.ins().store(MemFlagsData::trusted(), c, kinds_at, 8 * k as i32);
        }
        let words_at = self.stack_slot(8 * words.len().max(1) as u32);
        for (k, w) in words.iter().enumerate() {
            self.b.ins().store(MemFlagsData::trusted(), *w, words_at, 8 * k as i32);
        }
        let n = self.iconst(types::I64, kinds.len() as i64);
        let h = self.helper(Helper::Hash);
        self.call(h, &[kinds_at, n, words_at])[0]
    }

    /// The kinds (in prefix order, a tuple before its items) and the leaf words of `hash`'s value.
    fn hash_leaves(&mut self, v: &[Value], pos: &mut usize, t: &Type, kinds: &mut Vec<u64>, words: &mut Vec<Value>) {
        use hasten_runtime::pyhash::{BOOL, FLOAT, INT, STR, TUPLE, UINT};
        if let Type::Tuple(items) = t {
            kinds.push(TUPLE | (items.len() as u64) << 8);
            items.iter().for_each(|item| self.hash_leaves(v, pos, item, kinds, words));
            return;
        }
        let x = v[*pos];
        *pos += t.slot_count();
        let (kind, word) = match t {
            Type::Int => (INT, x),
            Type::Str => (STR, x),
            Type::Bool | Type::Scalar(Dtype::Bool) => (BOOL, self.b.ins().uextend(types::I64, x)),
            t if t.is_floatlike() => {
                let wide = self.convert(x, t, &Type::Float);
                (FLOAT, self.b.ins().bitcast(types::I64, MemFlagsData::new(), wide))
            }
            Type::Scalar(d) if d.itemsize() == 8 => (if d.is_signed() { INT } else { UINT }, x),
            Type::Scalar(d) if d.is_signed() => (INT, self.b.ins().sextend(types::I64, x)),
            _ => (UINT, self.b.ins().uextend(types::I64, x)),
        };
        kinds.push(kind);
        words.push(word);
    }

    /// `abs(x)` of a real number (a bool's is an int); of the int -2**63 it overflows 64 bits.
    fn py_abs(&mut self, x: Value, t: &Type, span: Span) -> Value {
        match t {
            Type::Bool => self.convert(x, t, &Type::Int),
            Type::Int => {
                let zero = self.iconst(types::I64, 0);
                let (neg, of) = self.checked(BinOp::Sub, zero, x);
                let is_neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, 0);
                let bad = self.b.ins().band(is_neg, of);
                self.fail_if(bad, "OverflowError", OVERFLOW, span);
                self.b.ins().select(is_neg, neg, x)
            }
            t if t.is_floatlike() => self.b.ins().fabs(x),
            Type::Scalar(d) if d.is_signed() => self.b.ins().iabs(x),
            _ => x,
        }
    }

    /// `int(x)` of a number: a float truncated, with CPython's errors (nan, inf, past 64 bits); a
    /// uint64 must fit in 64 signed bits.
    fn py_int(&mut self, x: Value, t: &Type, span: Span) -> Value {
        match t {
            t if t.is_floatlike() => {
                let f = self.f64_value(x, t);
                self.float_to_py_int(f, span)
            }
            Type::Scalar(Dtype::U64) => {
                let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, 0);
                self.fail_if(neg, "OverflowError", OVERFLOW, span);
                x
            }
            t => self.convert(x, t, &Type::Int),
        }
    }

    /// `round(x)` and `round(x, ndigits)`, `x` the value of `args[0]`: with digits, by the runtime's
    /// helpers (CPython's exact rounding); a float alone to the nearest int, ties to even.
    fn py_round(&mut self, x: Value, args: &[Expr], vals: &[Vals], span: Span) -> Value {
        let t0 = &args[0].ty;
        if args.len() == 2 && t0.is_intlike() {
            let xi = self.convert(x, t0, &Type::Int);
            let n = self.i64_value(vals[1][0], &args[1].ty);
            let out = self.stack_slot(8);
            let (lp, ll) = self.location(span);
            let h = self.helper(Helper::RoundInt);
            let status = self.call(h, &[xi, n, out, lp, ll])[0];
            self.check_status(status);
            self.b.ins().load(types::I64, MemFlagsData::trusted(), out, 0)
        } else if args.len() == 2 {
            let f = self.f64_value(x, t0);
            let n = self.i64_value(vals[1][0], &args[1].ty);
            let h = self.helper(Helper::RoundNdigits);
            self.call(h, &[f, n])[0]
        } else if t0.is_floatlike() {
            let f = self.f64_value(x, t0);
            let r = self.b.ins().nearest(f);
            self.float_to_py_int(r, span)
        } else {
            self.convert(x, t0, &Type::Int)
        }
    }
}
