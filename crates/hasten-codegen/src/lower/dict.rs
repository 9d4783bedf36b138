//! Dicts (the runtime side is `hasten_runtime::dict`): literals, `d[k]`, stores, methods, `in`,
//! `len` and loops over keys, values and items. A key is passed to the runtime as one 64-bit word
//! per number, widened, so that equal keys have equal words (`True` and `1` are one key), per float
//! its bits (the runtime compares them as floats; an int looked up among float keys that no float
//! equals becomes NaN, which nothing equals), or per string, its owner (the runtime hashes and
//! compares its content, and takes a reference when the key is inserted).

use super::*;
use hasten_runtime::dict::{DIRTY_OFFSET, ENTRIES_OFFSET, LEN_OFFSET as DICT_LEN, USED_OFFSET};

/// The values of a set's entries: none.
static NO_VALUE: Type = Type::None;

/// The key and value types of a dict, or the items of a set and no value.
pub(super) fn dict_types(ty: &Type) -> (&Type, &Type) {
    match ty {
        Type::Dict(k, v) => (k, v),
        Type::Set(item) => (item, &NO_VALUE),
        _ => unreachable!("the type checker gives a dict or a set here"),
    }
}

/// The numbers a key is made of, in order.
pub(super) fn key_leaves(t: &Type, out: &mut Vec<Type>) {
    match t {
        Type::Tuple(items) => items.iter().for_each(|i| key_leaves(i, out)),
        t => out.push(t.clone()),
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// A new empty dict for `ty`, a temporary of the current scope.
    pub(super) fn new_dict(&mut self, ty: &Type) -> Value {
        let (k, v) = dict_types(ty);
        let mask = v.owner_slots().into_iter().fold(0i64, |m, s| m | 1 << s);
        let mut leaves = Vec::new();
        key_leaves(k, &mut leaves);
        let strs = leaves.iter().enumerate().filter(|(_, t)| **t == Type::Str).fold(0i64, |m, (i, _)| m | 1 << i);
        let floats = leaves.iter().enumerate().filter(|(_, t)| t.is_floatlike()).fold(0i64, |m, (i, _)| m | 1 << i);
        let args = [k.slot_count() as i64, v.slot_count() as i64, mask, strs, floats].map(|x| self.iconst(types::I64, x));
        let new = self.helper(Helper::DictNew);
        let handle = self.call(new, &args)[0];
        self.made_dict(handle)
    }

    /// The owner of a dict or set block a helper made (null: MemoryError), a temporary of the
    /// current scope.
    pub(super) fn made_dict(&mut self, block: Value) -> Value {
        let failed = self.b.ins().icmp_imm_s(IntCC::Equal, block, 0);
        self.check_status(failed);
        let d = self.b.ins().bor_imm_u(block, 1);
        self.temps.push(d);
        d
    }

    /// `d.copy()`, `s.copy()`.
    pub(super) fn dict_copy(&mut self, d: Value) -> Value {
        let copy = self.helper(Helper::DictCopy);
        let block = self.call(copy, &[d])[0];
        self.made_dict(block)
    }

    /// The key of type `key` from its widened words at `addr`.
    pub(super) fn key_from_words(&mut self, addr: Value, key: &Type) -> Vals {
        let mut leaves = Vec::new();
        key_leaves(key, &mut leaves);
        let mut vals = Vec::new();
        for (k, t) in leaves.iter().enumerate() {
            let w = self.b.ins().load(types::I64, MemFlagsData::trusted(), addr, 8 * k as i32);
            let clif = scalar_clif(t);
            vals.push(match clif {
                types::I64 => w,
                types::F64 => self.b.ins().bitcast(types::F64, MemFlagsData::new(), w),
                // A float32 key is held as the float64 of its value.
                types::F32 => {
                    let f = self.b.ins().bitcast(types::F64, MemFlagsData::new(), w);
                    self.b.ins().fdemote(types::F32, f)
                }
                _ => self.b.ins().ireduce(clif, w),
            });
        }
        vals
    }

    /// `d.popitem()` and `s.pop()`: the last entry, taken out with its references (`ty`: the
    /// result, a `(key, value)` tuple or a set's item); KeyError with `empty` if there is none.
    pub(super) fn pop_entry(&mut self, d: Value, dict: &Type, ty: &Type, empty: &str, span: Span) -> Vals {
        let (key, value) = dict_types(dict);
        let (key, value) = (key.clone(), value.clone());
        let kbuf = self.stack_slot(8 * key.slot_count() as u32);
        let vbuf = self.stack_slot(8 * value.slot_count().max(1) as u32);
        let f = self.helper(Helper::DictPopitem);
        let status = self.call(f, &[d, kbuf, vbuf])[0];
        self.fail_if(status, "KeyError", empty, span);
        let mut v = self.key_from_words(kbuf, &key);
        v.extend(slots_of(&value).iter().enumerate().map(|(k, s)| self.b.ins().load(clif_type(*s), MemFlagsData::trusted(), vbuf, 8 * k as i32)));
        self.track(&v, ty);
        v
    }

    /// `{k: v, ...}` (keys and values alternate in `items`), `{}` and `dict()`.
    pub(super) fn dict_literal(&mut self, items: &[Expr], ty: &Type) -> R<Vals> {
        let d = self.new_dict(ty);
        for pair in items.chunks(2) {
            let key = self.key_arg(&pair[0], ty)?;
            let v = self.expr(&pair[1])?;
            self.dict_store(d, key, v, &pair[1].ty, ty)?;
        }
        Ok(vec![d])
    }

    /// Evaluates a key and packs its widened words for the runtime.
    pub(super) fn key_arg(&mut self, e: &Expr, dict: &Type) -> R<Value> {
        let v = self.expr(e)?;
        Ok(self.key_words(v, &e.ty, dict))
    }

    /// Packs the widened words of the key `v` of type `from` for the runtime.
    pub(super) fn key_words(&mut self, v: Vals, from: &Type, dict: &Type) -> Value {
        let (k, _) = dict_types(dict);
        let converted = self.coerce(v.clone(), from, k);
        let (mut leaves, mut given) = (Vec::new(), Vec::new());
        key_leaves(k, &mut leaves);
        key_leaves(from, &mut given);
        let mut words = Vec::new();
        for (i, (x, t)) in converted.iter().zip(&leaves).enumerate() {
            words.push(if t.is_floatlike() {
                // The float64 of the given value (not of the key type: a float64 looked up among
                // float32 keys must not round to one), NaN for an int no float equals.
                let f = match given.get(i) {
                    Some(g) if slots_of(g).len() == 1 && scalar_clif(g) == types::I64 => {
                        let wide = self.f64_value(v[i], g);
                        self.exact_or_nan(v[i], g, wide)
                    }
                    Some(g) if g.is_floatlike() && slots_of(g).len() == 1 => self.f64_value(v[i], g),
                    _ => self.f64_value(*x, t),
                };
                self.b.ins().bitcast(types::I64, MemFlagsData::new(), f)
            } else {
                self.i64_value(*x, t)
            });
        }
        self.pack(&words)
    }

    /// The float `f` converted from the 64-bit int `n` of type `ty`, or NaN where the conversion
    /// rounded: no float equals such an int, and NaN equals no key.
    fn exact_or_nan(&mut self, n: Value, ty: &Type, f: Value) -> Value {
        let unsigned = matches!(ty, Type::Scalar(d) if !d.is_signed());
        let (back, limit) = if unsigned {
            (self.b.ins().fcvt_to_uint_sat(types::I64, f), 18446744073709551616.0)
        } else {
            (self.b.ins().fcvt_to_sint_sat(types::I64, f), 9223372036854775808.0)
        };
        let same = self.b.ins().icmp(IntCC::Equal, back, n);
        let limit = self.b.ins().f64const(limit);
        let below = self.b.ins().fcmp(FloatCC::LessThan, f, limit);
        let exact = self.b.ins().band(same, below);
        let nan = self.b.ins().f64const(f64::NAN);
        self.b.ins().select(exact, f, nan)
    }

    /// Stores the value `v` (of type `vt`) under the packed `key`; the dict takes it over. Code that
    /// runs only on some paths adds a reference instead (`shared`), leaving temporaries in place.
    fn dict_store(&mut self, d: Value, key: Value, v: Vals, vt: &Type, dict: &Type) -> R<()> {
        self.dict_store_as(d, key, v, vt, dict, false)
    }

    fn dict_store_as(&mut self, d: Value, key: Value, v: Vals, vt: &Type, dict: &Type, shared: bool) -> R<()> {
        let (_, value) = dict_types(dict);
        let v = self.coerce(v, vt, value);
        if shared {
            value.owner_slots().into_iter().for_each(|k| self.incref(v[k]));
        } else {
            self.take_over(&v, value);
        }
        let buf = self.pack(&v);
        let set = self.helper(Helper::DictSet);
        let status = self.call(set, &[d, key, buf])[0];
        self.check_status(status);
        Ok(())
    }

    /// `d[k] = v`, the value already evaluated (CPython evaluates it first).
    pub(super) fn dict_set(&mut self, base: &Expr, index: &Expr, v: Vals, ty: &Type) -> R<()> {
        let d = self.expr(base)?[0];
        let key = self.key_arg(index, &base.ty)?;
        self.dict_store(d, key, v, ty, &base.ty)
    }

    /// The address of the key's value words, or null.
    pub(super) fn dict_lookup(&mut self, d: Value, key: Value) -> Value {
        let get = self.helper(Helper::DictGet);
        self.call(get, &[d, key])[0]
    }

    /// Reads a value from `addr`, held by the current scope.
    pub(super) fn read_value(&mut self, addr: Value, value: &Type) -> Vals {
        let v: Vals = slots_of(value).iter().enumerate().map(|(k, s)| self.b.ins().load(clif_type(*s), MemFlagsData::trusted(), addr, 8 * k as i32)).collect();
        self.hold(&v, value);
        v
    }

    /// `KeyError(key)` when `missing`, with the key's repr as CPython's message.
    pub(super) fn key_error_if(&mut self, missing: Value, key: Value, dict: &Type, span: Span) {
        let (k, _) = dict_types(dict);
        let mut leaves = Vec::new();
        key_leaves(k, &mut leaves);
        let mask = |f: &dyn Fn(&Type) -> bool| leaves.iter().enumerate().filter(|(_, t)| f(t)).fold(0i64, |m, (i, _)| m | 1 << i);
        let bools = mask(&|t| matches!(t, Type::Bool | Type::Scalar(Dtype::Bool)));
        let unsigned = mask(&|t| matches!(t, Type::Scalar(d) if d.is_int() && !d.is_signed()));
        let strs = mask(&|t| *t == Type::Str);
        let floats = mask(&|t| t.is_floatlike());
        let args = [leaves.len() as i64, bools, unsigned, strs, floats, matches!(k, Type::Tuple(_)) as i64];
        self.fail_if_with(missing, |cx| {
            cx.raise_class("KeyError", |cx| {
                let [n, b, u, s, fl, t] = args.map(|x| cx.iconst(types::I64, x));
                let (lp, ll) = cx.location(span);
                let f = cx.helper(Helper::RaiseKey);
                cx.call(f, &[key, n, b, u, s, fl, t, lp, ll]);
            });
        });
    }

    /// `d[k]`.
    pub(super) fn dict_get(&mut self, base: &Expr, index: &Expr, span: Span) -> R<Vals> {
        let d = self.expr(base)?[0];
        let key = self.key_arg(index, &base.ty)?;
        let addr = self.dict_lookup(d, key);
        let missing = self.b.ins().icmp_imm_s(IntCC::Equal, addr, 0);
        self.key_error_if(missing, key, &base.ty, span);
        let (_, value) = dict_types(&base.ty);
        Ok(self.read_value(addr, &value.clone()))
    }

    /// `k in d`, the key `k` of type `kt` evaluated.
    pub(super) fn dict_contains(&mut self, k: &[Value], kt: &Type, d: Value, dict: &Type) -> Value {
        let key = self.key_words(k.to_vec(), kt, dict);
        let addr = self.dict_lookup(d, key);
        self.b.ins().icmp_imm_s(IntCC::NotEqual, addr, 0)
    }

    /// `d[k] op= v` for a value that is a number: updated where it lies (KeyError first if missing,
    /// as CPython reads `d[k]` before it evaluates `v`).
    pub(super) fn dict_update(&mut self, base: &Expr, index: &Expr, op: BinOp, value: &Expr, plan: &BinaryPlan, span: Span) -> R<()> {
        let d = self.expr(base)?[0];
        let key = self.key_arg(index, &base.ty)?;
        let addr = self.dict_lookup(d, key);
        let missing = self.b.ins().icmp_imm_s(IntCC::Equal, addr, 0);
        self.key_error_if(missing, key, &base.ty, span);
        let (_, vty) = dict_types(&base.ty);
        let vty = vty.clone();
        let cur = self.b.ins().load(scalar_clif(&vty), MemFlagsData::trusted(), addr, 0);
        let v = self.expr(value)?;
        let (r, rty) = self.binary(op, cur, &vty, v[0], &value.ty, plan, span)?;
        let r = self.convert(r, &rty, &vty);
        // The runtime may have moved the entries while `value` was evaluated, unless it is a
        // constant or a local (`counts[w] += 1`).
        let addr = match value.kind {
            ExprKind::Const(_) | ExprKind::Local(_) => addr,
            _ => self.dict_lookup(d, key),
        };
        self.b.ins().store(MemFlagsData::trusted(), r, addr, 0);
        // A dict passed in is written back to the caller only if marked changed.
        let body = self.dict_body(d);
        let one = self.iconst(types::I64, 1);
        self.b.ins().store(MemFlagsData::trusted(), one, body, DIRTY_OFFSET);
        Ok(())
    }

    pub(super) fn dict_len(&mut self, d: Value) -> Value {
        let body = self.dict_body(d);
        self.b.ins().load(types::I64, MemFlagsData::trusted(), body, DICT_LEN)
    }

    pub(super) fn dict_body(&mut self, d: Value) -> Value {
        let block = self.b.ins().iadd_imm_s(d, -1);
        self.b.ins().load(types::I64, MemFlagsData::trusted(), block, 0)
    }

    /// `d.get(k, default)`, `d.pop(k[, default])`, `d.setdefault(k, v)`, `d.clear()`, `d.copy()`,
    /// `d.popitem()`, `d.update(e)`; the result has type `ty`.
    pub(super) fn dict_method(&mut self, m: ListMethod, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let d = self.expr(&args[0])?[0];
        let dict = args[0].ty.clone();
        let (_, value) = dict_types(&dict);
        let value = value.clone();
        match m {
            ListMethod::Clear => {
                let clear = self.helper(Helper::DictClear);
                self.call(clear, &[d]);
                return Ok(Vec::new());
            }
            ListMethod::Copy => return Ok(vec![self.dict_copy(d)]),
            ListMethod::Popitem => return Ok(self.pop_entry(d, &dict, ty, "popitem(): dictionary is empty", span)),
            ListMethod::Update => {
                let other = self.expr(&args[1])?[0];
                let update = self.helper(Helper::DictUpdate);
                let status = self.call(update, &[d, other])[0];
                self.check_status(status);
                return Ok(Vec::new());
            }
            _ => {}
        }
        let key = self.key_arg(&args[1], &dict)?;
        if m == ListMethod::Delete {
            let buf = self.stack_slot(8 * value.slot_count().max(1) as u32);
            let pop = self.helper(Helper::DictPop);
            let status = self.call(pop, &[d, key, buf])[0];
            let missing = self.b.ins().icmp_imm_s(IntCC::NotEqual, status, 0);
            self.key_error_if(missing, key, &dict, span);
            // The value's references came out with it, and nothing keeps them.
            for k in value.owner_slots() {
                let owner = self.b.ins().load(types::I64, MemFlagsData::trusted(), buf, 8 * k as i32);
                self.decref(owner);
            }
            return Ok(Vec::new());
        }
        let given = match args.get(2) {
            Some(e) => Some((self.expr(e)?, e.ty.clone())),
            None => None,
        };
        if m == ListMethod::Setdefault {
            let (v, vt) = given.expect("setdefault has a value");
            let addr = self.dict_lookup(d, key);
            let missing = self.b.ins().icmp_imm_s(IntCC::Equal, addr, 0);
            let (store, done) = (self.b.create_block(), self.b.create_block());
            self.b.ins().brif(missing, store, &[], done, &[]);
            self.b.switch_to_block(store);
            self.dict_store_as(d, key, v, &vt, &dict, true)?;
            self.b.ins().jump(done, &[]);
            self.b.switch_to_block(done);
            let addr = self.dict_lookup(d, key);
            return Ok(self.read_value(addr, &value));
        }
        // get/pop: the value found, or the default; either way the result holds its references.
        let result: Vec<Variable> = slots_of(ty).iter().map(|s| self.temp_var(clif_type(*s))).collect();
        let (found, missing, done) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        let (addr, is_missing) = if m == ListMethod::Get {
            let addr = self.dict_lookup(d, key);
            (addr, self.b.ins().icmp_imm_s(IntCC::Equal, addr, 0))
        } else {
            let buf = self.stack_slot(8 * value.slot_count().max(1) as u32);
            let pop = self.helper(Helper::DictPop);
            let status = self.call(pop, &[d, key, buf])[0];
            (buf, self.b.ins().icmp_imm_s(IntCC::NotEqual, status, 0))
        };
        self.b.ins().brif(is_missing, missing, &[], found, &[]);
        self.b.switch_to_block(found);
        let v: Vals = slots_of(&value).iter().enumerate().map(|(k, s)| self.b.ins().load(clif_type(*s), MemFlagsData::trusted(), addr, 8 * k as i32)).collect();
        let v = self.coerce(v, &value, ty);
        // A popped value brings the dict's references with it; a value read is borrowed.
        if m == ListMethod::Get {
            ty.owner_slots().into_iter().for_each(|k| self.incref(v[k]));
        }
        result.iter().zip(&v).for_each(|(r, x)| self.b.def_var(*r, *x));
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(missing);
        match given {
            Some((dv, dt)) => {
                let dv = self.coerce(dv, &dt, ty);
                ty.owner_slots().into_iter().for_each(|k| self.incref(dv[k]));
                result.iter().zip(&dv).for_each(|(r, x)| self.b.def_var(*r, *x));
                self.b.ins().jump(done, &[]);
            }
            None if m == ListMethod::Get => {
                let none = self.coerce(Vec::new(), &Type::None, ty);
                result.iter().zip(&none).for_each(|(r, x)| self.b.def_var(*r, *x));
                self.b.ins().jump(done, &[]);
            }
            None => {
                let one = self.iconst(types::I8, 1);
                self.key_error_if(one, key, &dict, span);
                self.b.ins().jump(done, &[]);
            }
        }
        self.b.switch_to_block(done);
        let v: Vals = result.iter().map(|r| self.b.use_var(*r)).collect();
        self.track(&v, ty);
        Ok(v)
    }

    /// `for target in d` (the keys), `d.keys()`, `d.values()` or `d.items()`: the entries in
    /// insertion order, with CPython's RuntimeError if the dict changes size meanwhile.
    pub(super) fn dict_for(&mut self, target: &Target, iter: &Expr, body: &[Stmt], orelse: &[Stmt]) -> R<()> {
        self.scoped(|cx| cx.dict_for_inner(target, iter, body, orelse))
    }

    fn dict_for_inner(&mut self, target: &Target, iter: &Expr, body: &[Stmt], orelse: &[Stmt]) -> R<()> {
        // `reversed(d)` (or of a view) walks the entries from the last one there was at the start.
        let (iter, reverse) = match &iter.kind {
            ExprKind::Call(Callee::Builtin(Builtin::Reversed), args, _) => (&args[0], true),
            _ => (iter, false),
        };
        let (dexpr, m) = match &iter.kind {
            ExprKind::Call(Callee::ListMethod(m), args, _) => (&args[0], *m),
            _ => (iter, ListMethod::Keys),
        };
        let d = self.expr(dexpr)?;
        self.hold(&d, &dexpr.ty);
        let d = d[0];
        let (key, value) = dict_types(&dexpr.ty);
        let (key, value) = (key.clone(), value.clone());
        let entry_words = 1 + key.slot_count() + value.slot_count();
        let len0 = self.dict_len(d);
        let used0 = {
            let dbody = self.dict_body(d);
            self.b.ins().load(types::I64, MemFlagsData::trusted(), dbody, USED_OFFSET)
        };
        let ctr = self.temp_var(types::I64);
        let zero = self.iconst(types::I64, 0);
        self.b.def_var(ctr, zero);
        let (i, [header, bodyb, latch, elseb, exit]) = self.counter_header(ctr);
        let len = self.dict_len(d);
        let changed = self.b.ins().icmp(IntCC::NotEqual, len, len0);
        self.fail_if(changed, "RuntimeError", "dictionary changed size during iteration", iter.span);
        let dbody = self.dict_body(d);
        let used = self.b.ins().load(types::I64, MemFlagsData::trusted(), dbody, USED_OFFSET);
        let (done, i) = if reverse {
            // An entry the table no longer has (it was rebuilt smaller) is skipped, never read.
            let past = self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, i, used0);
            let k = self.reversed_index(used0, i);
            (past, k)
        } else {
            (self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, i, used), i)
        };
        let live = self.b.create_block();
        self.b.ins().brif(done, elseb, &[], live, &[]);
        self.b.switch_to_block(live);
        if reverse {
            let present = self.b.create_block();
            let gone = self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, i, used);
            self.b.ins().brif(gone, latch, &[], present, &[]);
            self.b.switch_to_block(present);
        }
        let entries = self.b.ins().load(types::I64, MemFlagsData::trusted(), dbody, ENTRIES_OFFSET);
        let off = self.b.ins().imul_imm_s(i, 8 * entry_words as i64);
        let entry = self.b.ins().iadd(entries, off);
        let flag = self.b.ins().load(types::I64, MemFlagsData::trusted(), entry, 0);
        self.b.ins().brif(flag, bodyb, &[], latch, &[]);
        self.b.switch_to_block(bodyb);
        self.scoped(|cx| {
            let mut vals = Vec::new();
            if m != ListMethod::Values {
                let at = cx.b.ins().iadd_imm_s(entry, 8);
                vals = cx.key_from_words(at, &key);
            }
            if m != ListMethod::Keys {
                let at = cx.b.ins().iadd_imm_s(entry, 8 * (1 + key.slot_count()) as i64);
                vals.extend(cx.read_value(at, &value));
            }
            let item = match m {
                ListMethod::Keys => key.clone(),
                ListMethod::Values => value.clone(),
                _ => Type::tuple(vec![key.clone(), value.clone()]),
            };
            cx.assign(target, vals, &item)
        })?;
        self.loops.push(Loop { continue_to: latch, break_to: exit, tries: self.tries.len(), temps: self.temps.len() });
        self.block(body)?;
        self.jump(latch);
        self.loops.pop();
        self.counter_latch(ctr, [header, latch, elseb, exit], orelse, loops::has_long_loop(body), |cx, i| cx.b.ins().iadd_imm_s(i, 1))
    }
}
