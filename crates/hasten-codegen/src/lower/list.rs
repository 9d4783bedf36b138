//! Lists (`hasten_runtime::list`): literals, `len`, indexing and stores with CPython's IndexError,
//! iteration, and the methods that change a list's length, which call the runtime.
//!
//! A list value is one slot, the tagged owner of its block; the block's data is the list's body,
//! whose length and items buffer compiled code reads in place. Items are stored flattened, one
//! 8-byte word per slot. The list owns one reference to each heap value its items hold: storing an
//! item takes a value over, and an item read out is held by the reading statement, so that a
//! change to the list in the same statement cannot free it under the reader.

use super::*;
use hasten_runtime::list::{CAP_OFFSET, DIRTY_OFFSET, ITEMS_OFFSET, LEN_OFFSET};

/// The item type of a list type.
pub(super) fn item_of(ty: &Type) -> &Type {
    let Type::List(item) = ty else { unreachable!("the type checker gives a list here") };
    item
}

/// The owner words of an item of type `item`, as a bit mask (bit k: word k).
fn owner_mask(item: &Type) -> i64 {
    item.owner_slots().into_iter().fold(0, |m, k| m | 1 << k)
}

impl<'a, 'f> Lower<'a, 'f> {
    /// A new empty list of `item`s with room for `cap`, a temporary of the current scope.
    pub(super) fn new_list(&mut self, item: &Type, cap: Value) -> Value {
        let (words, mask) = (self.iconst(types::I64, item.slot_count() as i64), self.iconst(types::I64, owner_mask(item)));
        let new = self.helper(Helper::ListNew);
        let handle = self.call(new, &[words, mask, cap])[0];
        self.tracked_list(handle)
    }

    /// The owner of a list the runtime just made (`handle`, null after a MemoryError), listed as
    /// a temporary.
    fn tracked_list(&mut self, handle: Value) -> Value {
        let failed = self.b.ins().icmp_imm_s(IntCC::Equal, handle, 0);
        self.check_status(failed);
        let list = self.b.ins().bor_imm_u(handle, 1);
        self.temps.push(list);
        list
    }

    /// `[a, b, …]`, and `[]` with the item type the type checker gave it.
    pub(super) fn list_literal(&mut self, items: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let item = item_of(ty).clone();
        let cap = self.iconst(types::I64, items.len() as i64);
        let list = self.new_list(&item, cap);
        for e in items {
            let v = self.expr(e)?;
            let v = self.coerce(v, &e.ty, &item);
            self.push_item(list, &v, &item, span);
        }
        Ok(vec![list])
    }

    /// `list(t)` of a tuple whose items (the values `vals` of type `tuple`) have the list's item
    /// type.
    pub(super) fn list_from_tuple(&mut self, vals: &[Value], tuple: &Type, ty: &Type, span: Span) -> Value {
        let item = item_of(ty).clone();
        let Type::Tuple(items) = tuple else { unreachable!("the type checker gives a tuple here") };
        let cap = self.iconst(types::I64, items.len() as i64);
        let list = self.new_list(&item, cap);
        let mut at = 0;
        for t in items {
            let n = t.slot_count();
            let v = self.coerce(vals[at..at + n].to_vec(), t, &item);
            self.push_item(list, &v, &item, span);
            at += n;
        }
        list
    }

    /// `[elt for var in range(...) if ...]` (and `list(range(...))`): a counted loop appending each
    /// item; every iteration's temporaries die in it.
    pub(super) fn range_list(&mut self, r: &RangeReduce, ty: &Type, span: Span) -> R<Value> {
        let item = item_of(ty).clone();
        // Room for every item of a range when no condition can drop one.
        let range = match r.iter {
            None => Some(self.range_operands(&r.start, &r.stop, &r.step)?),
            Some(_) => None,
        };
        let cap = match range {
            Some((start, stop, step)) if r.conds.is_empty() => self.range_length(start, stop, step),
            _ => self.iconst(types::I64, 0),
        };
        let list = self.new_list(&item, cap);
        self.generator_iterations(r, range, None, |cx| {
            cx.scoped(|cx| {
                let v = cx.expr(&r.elt)?;
                let v = cx.coerce(v, &r.elt.ty, &item);
                cx.push_item(list, &v, &item, span);
                Ok(())
            })
        })?;
        Ok(list)
    }

    /// `sorted(l)` of a list (or a set) of numbers, strings or tuples of them: a new list, sorted
    /// by the runtime as CPython sorts.
    pub(super) fn list_sorted(&mut self, list: Value, ty: &Type, reverse: Value) -> Value {
        let handle = match ty {
            Type::Set(item) => {
                // A set holds a float32 as the float64 of its value (`key_words`): sorted as such,
                // then narrowed into the list's float32 slots.
                let held = widened_floats(item);
                let [kinds, n] = self.sort_leaves(&held);
                let sorted = self.helper(Helper::SetSorted);
                let handle = self.call(sorted, &[list, kinds, n, reverse])[0];
                let list = self.tracked_list(handle);
                if held != **item {
                    self.narrow_float_items(list, item);
                }
                return list;
            }
            _ if matches!(item_of(ty), Type::Tuple(_)) => return self.list_sort_leaves(list, None, item_of(ty), reverse, true),
            _ => {
                let [kind, width] = self.sort_kind(item_of(ty));
                let sorted = self.helper(Helper::ListSorted);
                self.call(sorted, &[list, kind, width, reverse])[0]
            }
        };
        self.tracked_list(handle)
    }

    /// Rewrites the float32 leaves of the items of `list` (each held as the float64 of its value)
    /// as float32 slots.
    fn narrow_float_items(&mut self, list: Value, item: &Type) {
        let mut leaves = Vec::new();
        super::dict::key_leaves(item, &mut leaves);
        let words = item.slot_count() as i64;
        let len = self.list_len(list);
        let body = self.list_body(list);
        let items = self.b.ins().load(types::I64, MemFlagsData::trusted(), body, ITEMS_OFFSET);
        let zero = self.iconst(types::I64, 0);
        let r: R<()> = self.index_loop(zero, len, |cx, i, _| {
            let at = cx.b.ins().imul_imm_s(i, 8 * words);
            let at = cx.b.ins().iadd(items, at);
            for (k, _) in leaves.iter().enumerate().filter(|(_, t)| **t == Type::Scalar(Dtype::F32)) {
                let w = cx.b.ins().load(types::F64, MemFlagsData::trusted(), at, 8 * k as i32);
                let f = cx.b.ins().fdemote(types::F32, w);
                let bits = cx.b.ins().bitcast(types::I32, MemFlagsData::new(), f);
                let bits = cx.b.ins().uextend(types::I64, bits);
                cx.b.ins().store(MemFlagsData::trusted(), bits, at, 8 * k as i32);
            }
            Ok(())
        });
        r.expect("stores cannot fail");
    }

    /// Sorts `list` of tuples, or by `keys`, a list of tuples (`compared`: their type): a new
    /// list when `copy`, else in place (the list itself comes back).
    fn list_sort_leaves(&mut self, list: Value, keys: Option<Value>, compared: &Type, reverse: Value, copy: bool) -> Value {
        let [kinds, n] = self.sort_leaves(compared);
        let keys = keys.unwrap_or_else(|| self.iconst(types::I64, 0));
        let copy_flag = self.iconst(types::I64, copy as i64);
        let f = self.helper(Helper::ListSortLeaves);
        let handle = self.call(f, &[list, keys, kinds, n, reverse, copy_flag])[0];
        if copy {
            return self.tracked_list(handle);
        }
        let failed = self.b.ins().icmp_imm_s(IntCC::Equal, handle, 0);
        self.check_status(failed);
        list
    }

    /// The words of items of type `item` as the runtime compares them (`list_sort::Leaves`): a
    /// pointer to one `kind | width << 8` per word, and their number.
    fn sort_leaves(&mut self, item: &Type) -> [Value; 2] {
        let mut leaves = Vec::new();
        fn walk(t: &Type, out: &mut Vec<Type>) {
            match t {
                Type::Tuple(items) => items.iter().for_each(|i| walk(i, out)),
                t => out.push(t.clone()),
            }
        }
        walk(item, &mut leaves);
        let words: Vec<Value> = leaves
            .iter()
            .map(|t| {
                let (kind, width) = sort_code(t);
                self.iconst(types::I64, kind | width << 8)
            })
            .collect();
        let n = self.iconst(types::I64, words.len() as i64);
        [self.pack(&words), n]
    }

    /// `sorted(l, key=f)`: a new list of the items of `list` ordered by their `keys` (a list of
    /// numbers, strings or tuples of them, of type `keys_ty`), as CPython orders them.
    pub(super) fn list_sorted_by(&mut self, list: Value, keys: Value, keys_ty: &Type, reverse: Value) -> Value {
        if matches!(item_of(keys_ty), Type::Tuple(_)) {
            return self.list_sort_leaves(list, Some(keys), item_of(keys_ty), reverse, true);
        }
        let [kind, width] = self.sort_kind(item_of(keys_ty));
        let sorted = self.helper(Helper::ListSortedBy);
        let handle = self.call(sorted, &[list, keys, kind, width, reverse])[0];
        self.tracked_list(handle)
    }

    /// How the runtime compares items of type `item`, numbers or strings (`list_sort::Kind`).
    fn sort_kind(&mut self, item: &Type) -> [Value; 2] {
        let (kind, width) = sort_code(item);
        [self.iconst(types::I64, kind), self.iconst(types::I64, width)]
    }

    /// `a + b` and `a * n` / `n * a`: a new list, through the runtime.
    pub(super) fn list_binary(&mut self, op: BinOp, l: &Expr, r: &Expr) -> R<Value> {
        let a = self.expr(l)?[0];
        let b = self.expr(r)?[0];
        let (first, second, times) = match (op, &l.ty) {
            (BinOp::Add, _) => (a, b, self.iconst(types::I64, 1)),
            (_, Type::List(_)) => (a, self.iconst(types::I64, 0), self.i64_value(b, &r.ty)),
            _ => (b, self.iconst(types::I64, 0), self.i64_value(a, &l.ty)),
        };
        let concat = self.helper(Helper::ListConcat);
        let handle = self.call(concat, &[first, second, times])[0];
        Ok(self.tracked_list(handle))
    }

    /// `sum(l)` (from the int 0, left to right, with the recorded plan of `+`), `min(l)`, `max(l)`
    /// (the first of equal items; ValueError for an empty list), as CPython computes them.
    pub(super) fn list_reduce(&mut self, b: Builtin, arg: &Expr, ty: &Type, plan: &Plan, span: Span) -> R<Vals> {
        let list = self.expr(arg)?[0];
        let item = item_of(&arg.ty).clone();
        if b != Builtin::Sum && !item.is_numeric_scalar() {
            return self.list_extreme(b, list, &item, None, None, span);
        }
        let len = self.list_len(list);
        if item.is_c128() {
            return self.complex_list_sum(list, len);
        }
        let acc = self.temp_var(scalar_clif(ty));
        let zero = self.iconst(types::I64, 0);
        let init = self.convert(zero, &Type::Int, ty);
        self.b.def_var(acc, init);
        let lbody = self.list_body(list);
        let items = self.b.ins().load(types::I64, MemFlagsData::trusted(), lbody, ITEMS_OFFSET);
        let clif = scalar_clif(&item);
        self.index_loop(zero, len, |cx, i, _| {
            let addr = cx.b.ins().imul_imm_s(i, 8);
            let addr = cx.b.ins().iadd(items, addr);
            let v = cx.b.ins().load(clif, MemFlagsData::trusted(), addr, 0);
            let cur = cx.b.use_var(acc);
            let new = match b {
                Builtin::Sum => {
                    let Plan::Binary(add) = plan else { unreachable!("the type checker plans sum of a list") };
                    let (s, sty) = cx.binary(BinOp::Add, cur, ty, v, &item, add, span)?;
                    cx.convert(s, &sty, ty)
                }
                _ => {
                    let op = if b == Builtin::Min { CmpOp::Lt } else { CmpOp::Gt };
                    let better = cx.compare_values(op, v, ty, cur, ty, ty);
                    let first = cx.b.ins().icmp_imm_s(IntCC::Equal, i, 0);
                    let take = cx.b.ins().bor(first, better);
                    cx.b.ins().select(take, v, cur)
                }
            };
            cx.b.def_var(acc, new);
            Ok(())
        })?;
        if b != Builtin::Sum {
            let empty = self.b.ins().icmp_imm_s(IntCC::Equal, len, 0);
            let msg = if b == Builtin::Min { "min() arg is an empty sequence" } else { "max() arg is an empty sequence" };
            self.fail_if(empty, "ValueError", msg, span);
        }
        Ok(vec![self.b.use_var(acc)])
    }

    /// `sum(l)` of a list of Python complex numbers: `0 + z` is `complex(0.0, 0.0) + z` in CPython,
    /// then each part summed left to right.
    fn complex_list_sum(&mut self, list: Value, len: Value) -> R<Vals> {
        let parts = [self.temp_var(types::F64), self.temp_var(types::F64)];
        let zero = self.b.ins().f64const(0.0);
        for p in parts {
            self.b.def_var(p, zero);
        }
        let start = self.iconst(types::I64, 0);
        self.index_loop(start, len, |cx, i, _| {
            let z = cx.peek_item(list, i, &Type::Complex);
            for (p, v) in parts.iter().zip(z) {
                let cur = cx.b.use_var(*p);
                let new = cx.b.ins().fadd(cur, v);
                cx.b.def_var(*p, new);
            }
            Ok(())
        })?;
        Ok(parts.iter().map(|p| self.b.use_var(*p)).collect())
    }

    /// `min(xs, key=..., default=...)`/`max(...)` (`by`: the keywords the type checker read) of a
    /// list `xs`: the item whose key decides, as `list_extreme` finds it.
    pub(super) fn list_extreme_by(&mut self, b: Builtin, xs: &Expr, by: &[(String, Expr)], span: Span) -> R<Vals> {
        let list = self.expr(xs)?[0];
        // CPython has every argument before it calls the key function on the items.
        let default = match by.iter().find(|(k, _)| k == "default") {
            Some((_, d)) => Some(self.expr(d)?),
            None => None,
        };
        let keys = match by.iter().find(|(k, _)| k == "key") {
            Some((_, k)) => Some((self.expr(k)?[0], item_of(&k.ty).clone())),
            None => None,
        };
        self.list_extreme(b, list, item_of(&xs.ty), keys, default, span)
    }

    /// The first item of `list` whose key (the item itself, or the same item of the list `keys`)
    /// no later one beats by `<` (`min`) or `>` (`max`), as CPython's scan keeps it; `default`, or
    /// CPython's ValueError, for an empty list. Held by the current scope.
    pub(super) fn list_extreme(&mut self, b: Builtin, list: Value, item: &Type, keys: Option<(Value, Type)>, default: Option<Vals>, span: Span) -> R<Vals> {
        let (compared, kt) = keys.unwrap_or((list, item.clone()));
        let len = self.list_len(list);
        let best = self.temp_var(types::I64);
        let (zero, one) = (self.iconst(types::I64, 0), self.iconst(types::I64, 1));
        self.b.def_var(best, zero);
        let op = if b == Builtin::Min { CmpOp::Lt } else { CmpOp::Gt };
        self.index_loop(one, len, |cx, i, _| {
            let bi = cx.b.use_var(best);
            let (x, y) = (cx.peek_item(compared, i, &kt), cx.peek_item(compared, bi, &kt));
            let better = cx.compare_link(op, &x, &kt, &y, &kt, &kt, span);
            let next = cx.b.ins().select(better, i, bi);
            cx.b.def_var(best, next);
            Ok(())
        })?;
        let empty = self.b.ins().icmp_imm_s(IntCC::Equal, len, 0);
        let Some(default) = default else {
            let msg = if b == Builtin::Min { "min() arg is an empty sequence" } else { "max() arg is an empty sequence" };
            self.fail_if(empty, "ValueError", msg, span);
            let bi = self.b.use_var(best);
            return Ok(self.list_item(list, bi, item));
        };
        let (found, done) = (self.b.create_block(), self.b.create_block());
        let slots: Vec<Value> = slots_of(item).iter().map(|s| self.b.append_block_param(done, clif_type(*s))).collect();
        let args: Vec<_> = default.iter().map(|v| (*v).into()).collect();
        self.b.ins().brif(empty, done, &args, found, &[]);
        self.b.switch_to_block(found);
        let bi = self.b.use_var(best);
        let v = self.peek_item(list, bi, item);
        let args: Vec<_> = v.iter().map(|v| (*v).into()).collect();
        self.b.ins().jump(done, &args);
        self.b.switch_to_block(done);
        // Both the default and the item live on past the statement's end: take one reference.
        self.hold(&slots, item);
        Ok(slots)
    }

    /// Python's comparison of lists: item by item (the items compare in `common`'s item type), the
    /// first pair that differs by `==` decided by `op`, else the lengths; lists of different lengths
    /// are unequal without a look at their items. A NaN item refuses as in tuples (`item_equal`).
    #[allow(clippy::too_many_arguments)] // `compare_link`'s operands
    pub(super) fn list_compare(&mut self, op: CmpOp, l: Value, lt: &Type, r: Value, rt: &Type, common: &Type, span: Span) -> Value {
        let (li, ri, ci) = (item_of(lt).clone(), item_of(rt).clone(), item_of(common).clone());
        let (n, m) = (self.list_len(l), self.list_len(r));
        let result = self.temp_var(types::I8);
        let done = self.b.create_block();
        if matches!(op, CmpOp::Eq | CmpOp::NotEq) {
            let differ = self.b.ins().icmp(IntCC::NotEqual, n, m);
            let decided = self.iconst(types::I8, (op == CmpOp::NotEq) as i64);
            self.b.def_var(result, decided);
            let go_on = self.b.create_block();
            self.b.ins().brif(differ, done, &[], go_on, &[]);
            self.b.switch_to_block(go_on);
        }
        let shorter = self.b.ins().smin(n, m);
        let zero = self.iconst(types::I64, 0);
        let r: R<()> = self.index_loop(zero, shorter, |cx, i, latch| {
            let (x, y) = (cx.peek_item(l, i, &li), cx.peek_item(r, i, &ri));
            let same = cx.item_equal(&x, &li, &y, &ri, &ci, span);
            let differ = cx.b.create_block();
            cx.b.ins().brif(same, latch, &[], differ, &[]);
            cx.b.switch_to_block(differ);
            let decided = match op {
                CmpOp::Eq | CmpOp::NotEq => cx.iconst(types::I8, (op == CmpOp::NotEq) as i64),
                _ => cx.compare_link(op, &x, &li, &y, &ri, &ci, span),
            };
            cx.b.def_var(result, decided);
            cx.jump(done);
            Ok(())
        });
        r.expect("comparisons of items cannot fail");
        let by_length = self.compare_values(op, n, &Type::Int, m, &Type::Int, &Type::Int);
        self.b.def_var(result, by_length);
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
        self.b.use_var(result)
    }

    /// Item `i` (in bounds) of `list`, not held: for reading while the list is alive.
    pub(super) fn peek_item(&mut self, list: Value, i: Value, item: &Type) -> Vals {
        let body = self.list_body(list);
        self.peek_body_item(body, i, item)
    }

    /// Item `i` of the list whose body is `body` (a list's body never moves: loops read it once).
    fn peek_body_item(&mut self, body: Value, i: Value, item: &Type) -> Vals {
        let items = self.b.ins().load(types::I64, MemFlagsData::trusted(), body, ITEMS_OFFSET);
        let offset = self.b.ins().imul_imm_s(i, 8 * item.slot_count() as i64);
        let addr = self.b.ins().iadd(items, offset);
        slots_of(item).iter().enumerate().map(|(k, s)| self.b.ins().load(clif_type(*s), MemFlagsData::trusted(), addr, 8 * k as i32)).collect()
    }

    /// `np.array(l)` of a list of numbers: a new 1-D array, each item converted as NumPy stores it.
    pub(in crate::lower) fn array_from_list(&mut self, arg: &Expr, ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(at) = ty else { unreachable!("np.array gives an array") };
        if !matches!(&arg.ty, Type::List(item) if item.is_numeric_scalar() || matches!(**item, Type::Array(_) | Type::Complex)) {
            let v = self.expr(arg)?;
            return self.array_from_nest(&v, &arg.ty, at, span);
        }
        let item = item_of(&arg.ty).clone();
        let list = self.expr(arg)?[0];
        if let Type::Array(it) = item {
            return self.array_from_arrays(list, &it, at, span);
        }
        let n = self.list_len(list);
        let (data, owner, _) = self.allocate(&[n], at.dtype, false, span);
        if at.dtype.is_complex() {
            let itemsize = at.dtype.itemsize() as i64;
            self.counted_loop(n, |cx, i| {
                let v = cx.list_item(list, i, &item);
                let to = cx.b.ins().imul_imm_s(i, itemsize);
                let to = cx.b.ins().iadd(data, to);
                cx.store_item(to, *at, &v, &item, span);
                Ok(())
            })?;
            return Ok(self.contiguous_vals(data, owner, vec![n], itemsize));
        }
        let lbody = self.list_body(list);
        let items = self.b.ins().load(types::I64, MemFlagsData::trusted(), lbody, ITEMS_OFFSET);
        let (clif, itemsize) = (scalar_clif(&item), at.dtype.itemsize() as i64);
        self.counted_loop(n, |cx, i| {
            let from = cx.b.ins().imul_imm_s(i, 8);
            let from = cx.b.ins().iadd(items, from);
            let v = cx.b.ins().load(clif, MemFlagsData::trusted(), from, 0);
            let v = cx.stored_value(v, &item, at.dtype, span);
            let to = cx.b.ins().imul_imm_s(i, itemsize);
            let to = cx.b.ins().iadd(data, to);
            cx.b.ins().store(MemFlagsData::trusted(), v, to, 0);
            Ok(())
        })?;
        Ok(self.contiguous_vals(data, owner, vec![n], itemsize))
    }

    /// `np.array(l)` of a list of arrays of one shape: a new C-ordered array of them along a new
    /// first axis, NumPy's stacking (cast to `out`'s dtype). Shapes that differ raise NumPy's
    /// ValueError, which names the axes all items share with the first, so every item is looked
    /// at before anything is allocated. An empty list has no item shape (NumPy makes shape (0,),
    /// which the result's type cannot have): a ValueError that says so.
    fn array_from_arrays(&mut self, list: Value, item: &ArrayType, out: &ArrayType, span: Span) -> R<Vals> {
        let (k, item_ty) = (item.ndim as usize, Type::Array(*item));
        let n = self.list_len(list);
        let empty = self.b.ins().icmp_imm_s(IntCC::Equal, n, 0);
        self.fail_if(empty, "ValueError", "np.array of an empty list of arrays is not supported (NumPy gives an array of shape (0,), which has not the dimensions of its items plus one)", span);
        let zero = self.iconst(types::I64, 0);
        let first = self.scoped(|cx| Ok(ArrayVals::from_vals(&cx.list_item(list, zero, &item_ty)).shape))?;
        // The number of leading axes every item shares with the first.
        let depth = self.temp_var(types::I64);
        let all = self.iconst(types::I64, k as i64);
        self.b.def_var(depth, all);
        self.counted_loop(n, |cx, i| {
            cx.scoped(|cx| {
                let shape = ArrayVals::from_vals(&cx.list_item(list, i, &item_ty)).shape;
                let mut d = cx.iconst(types::I64, k as i64);
                for j in (0..k).rev() {
                    let differ = cx.b.ins().icmp(IntCC::NotEqual, shape[j], first[j]);
                    let at = cx.iconst(types::I64, j as i64);
                    d = cx.b.ins().select(differ, at, d);
                }
                let cur = cx.b.use_var(depth);
                let least = cx.b.ins().smin(cur, d);
                cx.b.def_var(depth, least);
                Ok(())
            })
        })?;
        let common = self.b.use_var(depth);
        let short = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, common, k as i64);
        let first_shape = first.clone();
        self.fail_if_with(short, |cx| {
            let words = if first_shape.is_empty() { cx.iconst(types::I64, 0) } else { cx.pack(&first_shape) };
            let (lp, ll) = cx.location(span);
            let h = cx.helper(Helper::RaiseInhomogeneous);
            cx.call(h, &[n, common, words, lp, ll]);
            cx.leave_to_error_exit();
        });
        let shape: Vals = std::iter::once(n).chain(first).collect();
        let itemsize = out.dtype.itemsize() as i64;
        let (data, owner, _) = self.allocate(&shape, out.dtype, false, span);
        let strides = self.c_strides(&shape, itemsize);
        self.counted_loop(n, |cx, i| {
            cx.scoped(|cx| {
                let a = ArrayVals::from_vals(&cx.list_item(list, i, &item_ty));
                let offset = cx.b.ins().imul(i, strides[0]);
                let place = cx.b.ins().iadd(data, offset);
                cx.copy_cast(&a.shape, a.data, &a.strides, item.dtype, place, &strides[1..], out.dtype)
            })
        })?;
        Ok(self.contiguous_vals(data, owner, shape, itemsize))
    }

    /// Appends `v` (taken over): in place while the buffer has room, else through the runtime,
    /// which grows it.
    pub(super) fn push_item(&mut self, list: Value, v: &[Value], item: &Type, _span: Span) {
        self.take_over(v, item);
        let body = self.list_body(list);
        let len = self.b.ins().load(types::I64, MemFlagsData::trusted(), body, LEN_OFFSET);
        let cap = self.b.ins().load(types::I64, MemFlagsData::trusted(), body, CAP_OFFSET);
        let room = self.b.ins().icmp(IntCC::SignedLessThan, len, cap);
        let (fast, slow, done) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.ins().brif(room, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        let items = self.b.ins().load(types::I64, MemFlagsData::trusted(), body, ITEMS_OFFSET);
        let offset = self.b.ins().imul_imm_s(len, 8 * item.slot_count() as i64);
        let addr = self.b.ins().iadd(items, offset);
        for (k, x) in v.iter().enumerate() {
            self.b.ins().store(MemFlagsData::trusted(), *x, addr, 8 * k as i32);
        }
        let longer = self.b.ins().iadd_imm_s(len, 1);
        self.b.ins().store(MemFlagsData::trusted(), longer, body, LEN_OFFSET);
        let one = self.iconst(types::I64, 1);
        self.b.ins().store(MemFlagsData::trusted(), one, body, DIRTY_OFFSET);
        self.b.ins().jump(done, &[]);
        self.b.set_cold_block(slow);
        self.b.switch_to_block(slow);
        let status = match v {
            [x] => {
                let word = self.word_of(*x);
                let append = self.helper(Helper::ListAppendWord);
                self.call(append, &[list, word])[0]
            }
            _ => {
                let buf = self.pack(v);
                let append = self.helper(Helper::ListAppend);
                self.call(append, &[list, buf])[0]
            }
        };
        self.check_status(status);
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
    }

    /// A one-slot value as the 64-bit word a list item holds (floats by their bits; narrower
    /// values zero-extended: only their low bytes are read back).
    fn word_of(&mut self, x: Value) -> Value {
        let t = self.b.func.dfg.value_type(x);
        let bits = match t {
            types::F64 => self.b.ins().bitcast(types::I64, MemFlagsData::new(), x),
            types::F32 => self.b.ins().bitcast(types::I32, MemFlagsData::new(), x),
            _ => x,
        };
        match self.b.func.dfg.value_type(bits) {
            types::I64 => bits,
            _ => self.b.ins().uextend(types::I64, bits),
        }
    }

    /// The list's body: its length at `LEN_OFFSET`, its items at `ITEMS_OFFSET`.
    pub(super) fn list_body(&mut self, list: Value) -> Value {
        let block = self.b.ins().iadd_imm_s(list, -1);
        self.b.ins().load(types::I64, MemFlagsData::trusted(), block, 0)
    }

    pub(super) fn list_len(&mut self, list: Value) -> Value {
        let body = self.list_body(list);
        self.b.ins().load(types::I64, MemFlagsData::trusted(), body, LEN_OFFSET)
    }

    /// The address of item `index` (negative counts from the end), checked as CPython checks it.
    fn item_address(&mut self, list: Value, index: Value, item: &Type, message: &str, span: Span) -> Value {
        let body = self.list_body(list);
        let len = self.b.ins().load(types::I64, MemFlagsData::trusted(), body, LEN_OFFSET);
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, index, 0);
        let wrapped = self.b.ins().iadd(index, len);
        let k = self.b.ins().select(negative, wrapped, index);
        let outside = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, k, len);
        self.fail_if(outside, "IndexError", message, span);
        let items = self.b.ins().load(types::I64, MemFlagsData::trusted(), body, ITEMS_OFFSET);
        let offset = self.b.ins().imul_imm_s(k, 8 * item.slot_count() as i64);
        self.b.ins().iadd(items, offset)
    }

    /// The item at `addr`, held by the current statement if it holds references.
    /// Item `i` (in bounds) of `list`, held by the current scope.
    pub(super) fn list_item(&mut self, list: Value, i: Value, item: &Type) -> Vals {
        let v = self.peek_item(list, i, item);
        self.hold(&v, item);
        v
    }

    fn read_item(&mut self, addr: Value, item: &Type) -> Vals {
        let v: Vals = slots_of(item).iter().enumerate().map(|(k, s)| self.b.ins().load(clif_type(*s), MemFlagsData::trusted(), addr, 8 * k as i32)).collect();
        self.hold(&v, item);
        v
    }

    /// `l[i]`, and `l[start:stop:step]` (a new list, Python's slice rules).
    pub(super) fn list_get(&mut self, base: &Expr, index: &Expr, span: Span) -> R<Vals> {
        let list = self.expr(base)?[0];
        if let ExprKind::Slice(start, stop, step) = &index.kind {
            let [first, count, step] = self.list_slice_positions(list, start, stop, step, span)?;
            return Ok(vec![self.list_slice(list, first, count, step)]);
        }
        let i = self.int_operand(index)?;
        let item = item_of(&base.ty).clone();
        let addr = self.item_address(list, i, &item, "list index out of range", span);
        Ok(self.read_item(addr, &item))
    }

    /// A new list of `count` items of `list` from `first` by `step`, a temporary of the scope.
    fn list_slice(&mut self, list: Value, first: Value, count: Value, step: Value) -> Value {
        let slice = self.helper(Helper::ListSlice);
        let handle = self.call(slice, &[list, first, count, step])[0];
        self.tracked_list(handle)
    }

    /// The first position, the count and the step of `list[start:stop:step]` (Python's rules).
    fn list_slice_positions(&mut self, list: Value, start: &Option<Box<Expr>>, stop: &Option<Box<Expr>>, step: &Option<Box<Expr>>, span: Span) -> R<[Value; 3]> {
        let bounds = self.slice_bounds(start, stop, step)?;
        let len = self.list_len(list);
        let (first, count, step) = self.slice_axis(bounds, step.as_deref(), len, span);
        Ok([first, count, step])
    }

    /// `l[i] = v`: the list takes `v` over and releases the item it replaces.
    pub(super) fn list_set(&mut self, base: &Expr, index: &Expr, v: Vals, ty: &Type, span: Span) -> R<()> {
        let list = self.expr(base)?[0];
        if let ExprKind::Slice(start, stop, step) = &index.kind {
            // `l[a:b:c] = m`: the runtime copies `m`'s items in; `m` stays the statement's.
            let [first, count, step] = self.list_slice_positions(list, start, stop, step, span)?;
            let (lp, ll) = self.location(span);
            let store = self.helper(Helper::ListSetSlice);
            let status = self.call(store, &[list, first, count, step, v[0], lp, ll])[0];
            self.check_status(status);
            return Ok(());
        }
        let i = self.int_operand(index)?;
        let item = item_of(&base.ty).clone();
        let v = self.coerce(v, ty, &item);
        self.replace_item(list, i, v, &item, span);
        Ok(())
    }

    /// `l[i] op= v`: the item read, then `v` evaluated, then the result stored at `i` (looked up
    /// again: `v` may have changed the list), as CPython does. An array item is updated in place.
    pub(super) fn list_update(&mut self, base: &Expr, index: &Expr, op: BinOp, value: &Expr, plan: &BinaryPlan, span: Span) -> R<()> {
        let list = self.expr(base)?[0];
        let i = self.int_operand(index)?;
        let item = item_of(&base.ty).clone();
        let addr = self.item_address(list, i, &item, "list index out of range", span);
        let cur = self.read_item(addr, &item);
        let v = self.expr(value)?;
        let r = match &item {
            Type::Array(at) => return self.update_view(&cur, *at, &v, &value.ty, Some((op, plan)), span),
            Type::Str => vec![self.str_values(op, &cur, &Type::Str, &v, &value.ty, span)],
            _ => {
                let (r, rty) = self.binary(op, cur[0], &item, v[0], &value.ty, plan, span)?;
                vec![self.convert(r, &rty, &item)]
            }
        };
        self.replace_item(list, i, r, &item, span);
        Ok(())
    }

    /// Stores `v` (of the list's item type) as item `i`: the list takes it over and releases the
    /// item it replaces.
    fn replace_item(&mut self, list: Value, i: Value, v: Vals, item: &Type, span: Span) {
        let addr = self.item_address(list, i, item, "list assignment index out of range", span);
        self.take_over(&v, item);
        let old: Vals = item.owner_slots().into_iter().map(|k| self.b.ins().load(types::I64, MemFlagsData::trusted(), addr, 8 * k as i32)).collect();
        for (k, x) in v.iter().enumerate() {
            self.b.ins().store(MemFlagsData::trusted(), *x, addr, 8 * k as i32);
        }
        let body = self.list_body(list);
        let one = self.iconst(types::I64, 1);
        self.b.ins().store(MemFlagsData::trusted(), one, body, DIRTY_OFFSET);
        old.into_iter().for_each(|o| self.decref(o));
    }

    /// `l.append(x)`, `l.pop(i)`, `l.insert(i, x)`, `l.clear()`, `l.extend(m)`.
    pub(super) fn list_method(&mut self, m: ListMethod, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let list = self.expr(&args[0])?[0];
        let item = item_of(&args[0].ty).clone();
        match m {
            ListMethod::Sort => {
                let reverse = self.expr(&args[1])?[0];
                let reverse = self.i64_value(reverse, &args[1].ty);
                let (keys, keys_ty) = match args.get(2) {
                    Some(e) => (self.expr(e)?[0], &e.ty),
                    None => (self.iconst(types::I64, 0), &args[0].ty),
                };
                if matches!(item_of(keys_ty), Type::Tuple(_)) {
                    let keys = args.get(2).map(|_| keys);
                    let compared = item_of(keys_ty).clone();
                    self.list_sort_leaves(list, keys, &compared, reverse, false);
                } else {
                    let [kind, width] = self.sort_kind(item_of(keys_ty));
                    let sort = self.helper(Helper::ListSort);
                    let status = self.call(sort, &[list, keys, kind, width, reverse])[0];
                    self.check_status(status);
                }
            }
            ListMethod::Append => {
                let v = self.expr(&args[1])?;
                let v = self.coerce(v, &args[1].ty, &item);
                self.push_item(list, &v, &item, span);
            }
            ListMethod::Insert => {
                let i = self.int_operand(&args[1])?;
                let v = self.expr(&args[2])?;
                let v = self.coerce(v, &args[2].ty, &item);
                self.take_over(&v, &item);
                let buf = self.pack(&v);
                let insert = self.helper(Helper::ListInsert);
                let status = self.call(insert, &[list, i, buf])[0];
                self.check_status(status);
            }
            ListMethod::Pop => {
                let i = match args.get(1) {
                    Some(e) => self.int_operand(e)?,
                    None => self.iconst(types::I64, -1),
                };
                let buf = self.stack_slot(8 * item.slot_count() as u32);
                let (lp, ll) = self.location(span);
                let pop = self.helper(Helper::ListPop);
                let status = self.call(pop, &[list, i, buf, lp, ll])[0];
                self.check_status(status);
                let v: Vals = slots_of(ty).iter().enumerate().map(|(k, s)| self.b.ins().load(clif_type(*s), MemFlagsData::trusted(), buf, 8 * k as i32)).collect();
                // The item's references came out of the list with it.
                self.track(&v, ty);
                return Ok(v);
            }
            ListMethod::Clear => {
                let clear = self.helper(Helper::ListClear);
                self.call(clear, &[list]);
            }
            ListMethod::Reverse => {
                let reverse = self.helper(Helper::ListReverse);
                self.call(reverse, &[list]);
            }
            ListMethod::Count | ListMethod::Index | ListMethod::Remove => unreachable!("call_expr sends list searches to list_search"),
            ListMethod::Delete if matches!(args[1].kind, ExprKind::Slice(..)) => {
                let ExprKind::Slice(start, stop, step) = &args[1].kind else { unreachable!() };
                let [first, count, step] = self.list_slice_positions(list, start, stop, step, span)?;
                let delete = self.helper(Helper::ListDelSlice);
                self.call(delete, &[list, first, count, step]);
            }
            ListMethod::Delete => {
                // Checked here for CPython's message; the pop then cannot fail.
                let i = self.int_operand(&args[1])?;
                self.item_address(list, i, &item, "list assignment index out of range", span);
                let buf = self.stack_slot(8 * item.slot_count().max(1) as u32);
                let (lp, ll) = self.location(span);
                let pop = self.helper(Helper::ListPop);
                self.call(pop, &[list, i, buf, lp, ll]);
                for k in item.owner_slots() {
                    let owner = self.b.ins().load(types::I64, MemFlagsData::trusted(), buf, 8 * k as i32);
                    self.decref(owner);
                }
            }
            ListMethod::Copy => {
                let first = self.iconst(types::I64, 0);
                let count = self.list_len(list);
                let step = self.iconst(types::I64, 1);
                return Ok(vec![self.list_slice(list, first, count, step)]);
            }
            ListMethod::Extend => {
                let other = self.expr(&args[1])?[0];
                let extend = self.helper(Helper::ListExtend);
                let status = self.call(extend, &[list, other])[0];
                self.check_status(status);
            }
            _ => unreachable!("the type checker allows dict and set methods on those only"),
        }
        Ok(Vec::new())
    }

    /// `for target in l`: CPython's list iterator, which reads the length again before every item
    /// (the body may append or pop). Ctrl-C is looked for once every `POLL_CHUNK` items.
    pub(super) fn list_for(&mut self, target: &Target, iter: &Expr, body: &[Stmt], orelse: &[Stmt]) -> R<()> {
        self.scoped(|cx| {
            let vals = cx.expr(iter)?;
            cx.hold(&vals, &iter.ty);
            let list = vals[0];
            let item = item_of(&iter.ty).clone();
            let (header, bodyb, latch, elseb, exit) =
                (cx.b.create_block(), cx.b.create_block(), cx.b.create_block(), cx.b.create_block(), cx.b.create_block());
            let ctr = cx.temp_var(types::I64);
            let zero = cx.iconst(types::I64, 0);
            cx.b.def_var(ctr, zero);
            let lbody = cx.list_body(list);
            cx.b.ins().jump(header, &[]);
            cx.b.switch_to_block(header);
            let i = cx.b.use_var(ctr);
            let len = cx.b.ins().load(types::I64, MemFlagsData::trusted(), lbody, LEN_OFFSET);
            let done = cx.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, i, len);
            cx.b.ins().brif(done, elseb, &[], bodyb, &[]);
            cx.b.switch_to_block(bodyb);
            cx.scoped(|cx| {
                let v = cx.peek_body_item(lbody, i, &item);
                cx.hold(&v, &item);
                cx.assign(target, v, &item)
            })?;
            cx.loops.push(Loop { continue_to: latch, break_to: exit, tries: cx.tries.len(), temps: cx.temps.len() });
            cx.block(body)?;
            cx.jump(latch);
            cx.loops.pop();
            cx.b.switch_to_block(latch);
            let i = cx.b.use_var(ctr);
            let next = cx.b.ins().iadd_imm_s(i, 1);
            cx.b.def_var(ctr, next);
            cx.poll_interrupt_every(next);
            cx.b.ins().jump(header, &[]);
            cx.enter(elseb, true);
            cx.block(orelse)?;
            cx.jump(exit);
            cx.enter(exit, true);
            Ok(())
        })
    }
}

/// The runtime's code for comparing a number or a string (`list_sort::Kind::decode`): the kind
/// and the width in bytes.
fn sort_code(t: &Type) -> (i64, i64) {
    if *t == Type::Str {
        return (3, 8);
    }
    // A list: its items' code as the width (`list_sort::Kind::List`).
    if let Type::List(item) = t {
        let (kind, width) = sort_code(item);
        return (4, kind | width << 8);
    }
    match t.scalar_dtype().expect("a number") {
        d if d.is_float() => (2, d.itemsize() as i64),
        d if d.is_int() && d.is_signed() => (0, d.itemsize() as i64),
        d => (1, d.itemsize() as i64),
    }
}

/// `t` with each float32 as a float64: how a dict or set holds its keys.
fn widened_floats(t: &Type) -> Type {
    match t {
        Type::Tuple(items) => items.map(widened_floats),
        Type::Scalar(Dtype::F32) => Type::Scalar(Dtype::F64),
        t => t.clone(),
    }
}
