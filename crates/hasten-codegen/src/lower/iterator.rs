//! Iterators (`Type::Iter`, `hasten_ir::iterators`): `iter(x)` makes a runtime block
//! (`hasten_runtime::iter`) holding a position and the values walked; `next(it)` and `for x in it`
//! read and advance the position in place, so every holder of the iterator sees one walk. The walk
//! is the one a `for` loop makes of the same iterable: arrays, lists, `reversed` lists, `zip` and
//! `enumerate` through `iterate.rs`'s `Seq`; a range from its start, step and length; a string by
//! its byte offset; a dict's or set's entries with CPython's "changed size" check (which stays
//! raised, as CPython's does). An exhausted iterator stays exhausted (its position is set past every
//! end), as CPython's list iterator does when the list grows afterwards.

use super::iterate::Seq;
use super::*;
use hasten_ir::iterators::IterOf;
use hasten_ir::types::array_slots;
use hasten_runtime::dict::{ENTRIES_OFFSET, USED_OFFSET};
use hasten_runtime::iter::{POS_OFFSET, STATE_OFFSET};

/// The position of an exhausted iterator: past the end of anything.
const EXHAUSTED: i64 = i64::MAX;

/// Where the walk of `iter_walk` stands: whether the iterator is exhausted, the block's data, the
/// position of the next item and the state words.
struct Walk {
    done: Value,
    data: Value,
    i: Value,
    state: Vals,
}

/// The walk of a `Seq`-shaped iterator rebuilt from its state words.
fn seq_of(of: &IterOf, words: &mut std::slice::Iter<'_, Value>) -> Seq {
    let mut next = || *words.next().expect("the state has the walked values");
    match of {
        IterOf::Seq(Type::Array(at)) => {
            let vals: Vals = (0..array_slots::count(at.ndim as usize)).map(|_| next()).collect();
            Seq::Array(ArrayVals::from_vals(&vals), *at)
        }
        IterOf::Seq(Type::List(item)) => Seq::List(next(), (**item).clone()),
        IterOf::Reversed(Type::List(item)) => {
            let list = next();
            Seq::Reversed(list, (**item).clone(), next())
        }
        IterOf::Zip(items) => Seq::Zip(items.iter().map(|i| seq_of(i, words)).collect(), None),
        IterOf::Enumerate(inner) => {
            let start = next();
            Seq::Zip(vec![seq_of(inner, words)], Some(start))
        }
        of => unreachable!("{of} is walked without a Seq"),
    }
}

/// The state words of an opened `Seq`, in `IterOf::state`'s order.
fn seq_state(seq: &Seq, out: &mut Vals) {
    match seq {
        Seq::Array(arr, _) => out.extend(arr.clone().into_vals()),
        Seq::List(list, _) => out.push(*list),
        Seq::Reversed(list, _, len0) => out.extend([*list, *len0]),
        Seq::Zip(seqs, start) => {
            out.extend(start.iter().copied());
            seqs.iter().for_each(|s| seq_state(s, out));
        }
        Seq::Range(..) | Seq::Str(_) => unreachable!("iter() of a zip holding a range or a string is refused by the type checker"),
    }
}

/// Whether the iterator walks a dict's or set's entries.
fn walks_entries(of: &IterOf) -> bool {
    matches!(of, IterOf::Seq(Type::Dict(..) | Type::Set(_)) | IterOf::DictView(..))
}

impl<'a, 'f> Lower<'a, 'f> {
    /// `iter(x)`, `iter(range(...))`, `next(it)` and `next(it, default)`; `ty` is the result's type.
    pub(super) fn iter_builtin(&mut self, b: Builtin, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        match b {
            Builtin::IterRange => self.range_iter(args, span),
            // `iter(it)` is `it` itself.
            Builtin::Iter if matches!(args[0].ty, Type::Iter(_)) => self.expr(&args[0]),
            Builtin::Iter => self.new_iter(&args[0], ty),
            _ => self.next_item(args, ty, span),
        }
    }

    /// `iter(range(start, stop, step))`: ValueError for a zero step, as `range` raises.
    fn range_iter(&mut self, args: &[Expr], span: Span) -> R<Vals> {
        let start = self.int_operand(&args[0])?;
        let stop = self.int_operand(&args[1])?;
        let step = self.int_operand(&args[2])?;
        let zero = self.b.ins().icmp_imm_s(IntCC::Equal, step, 0);
        self.fail_if(zero, "ValueError", "range() arg 3 must not be zero", span);
        let len = self.range_length(start, stop, step);
        self.make_iter(&[start, step, len], &IterOf::Range.state())
    }

    /// `iter(x)` of an iterable typed as a loop's (`ty` says what it walks).
    fn new_iter(&mut self, x: &Expr, ty: &Type) -> R<Vals> {
        let Type::Iter(of) = ty else { unreachable!("iter() is typed as an iterator") };
        let zero = self.iconst(types::I64, 0);
        let words = match &**of {
            IterOf::Seq(Type::Str) => {
                let v = self.expr(x)?;
                self.hold(&v, &x.ty);
                vec![v[0], zero]
            }
            of if walks_entries(of) => {
                let d = match &x.kind {
                    ExprKind::Call(Callee::ListMethod(_), args, _) => &args[0],
                    _ => x,
                };
                let v = self.expr(d)?;
                self.hold(&v, &d.ty);
                let len = self.dict_len(v[0]);
                vec![v[0], len]
            }
            _ => {
                let seq = self.open_seq(x)?;
                let mut words = Vec::new();
                seq_state(&seq, &mut words);
                words
            }
        };
        self.make_iter(&words, &of.state())
    }

    /// A new iterator block holding `words` (of the tuple type `state`), which it takes over.
    fn make_iter(&mut self, words: &[Value], state: &Type) -> R<Vals> {
        let owners = state.owner_slots().into_iter().fold(0i64, |m, k| m | 1 << k);
        let (n, o) = (self.iconst(types::I64, words.len() as i64), self.iconst(types::I64, owners));
        let new = self.helper(Helper::IterNew);
        let block = self.call(new, &[n, o])[0];
        let failed = self.b.ins().icmp_imm_s(IntCC::Equal, block, 0);
        self.check_status(failed);
        let data = self.b.ins().load(types::I64, MemFlagsData::trusted(), block, 0);
        for (k, w) in words.iter().enumerate() {
            self.b.ins().store(MemFlagsData::trusted(), *w, data, STATE_OFFSET + 8 * k as i32);
        }
        self.take_over(words, state);
        let it = self.b.ins().bor_imm_u(block, 1);
        self.temps.push(it);
        Ok(vec![it])
    }

    /// `next(it)` (StopIteration when exhausted) and `next(it, default)` (the default evaluated
    /// first, as CPython evaluates arguments).
    fn next_item(&mut self, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Iter(of) = &args[0].ty else { unreachable!("next() of an iterator") };
        let of = (**of).clone();
        let item = of.item();
        let it = self.expr(&args[0])?[0];
        let Some(d) = args.get(1) else {
            let walk = self.iter_walk(it, &of, span);
            let data = walk.data;
            self.fail_if_with(walk.done, |cx| {
                cx.exhaust(data);
                cx.emit_raise("StopIteration", None, span);
            });
            let v = self.iter_take(&of, &walk, span);
            return Ok(self.coerce(v, &item, ty));
        };
        let dv = self.expr(d)?;
        let dv = self.coerce(dv, &d.ty, ty);
        let result: Vec<Variable> = slots_of(ty).iter().map(|s| self.temp_var(clif_type(*s))).collect();
        let walk = self.iter_walk(it, &of, span);
        let (take, ended, join) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.ins().brif(walk.done, ended, &[], take, &[]);
        self.b.switch_to_block(ended);
        self.exhaust(walk.data);
        // The default becomes the result, which holds its own references like a taken item.
        ty.owner_slots().into_iter().for_each(|k| self.incref(dv[k]));
        result.iter().zip(&dv).for_each(|(r, x)| self.b.def_var(*r, *x));
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(take);
        // The item's references move from this scope's temporaries into the result.
        let mark = self.temps.len();
        let v = self.iter_take(&of, &walk, span);
        self.temps.truncate(mark);
        let v = self.coerce(v, &item, ty);
        result.iter().zip(&v).for_each(|(r, x)| self.b.def_var(*r, *x));
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
        let v: Vals = result.iter().map(|r| self.b.use_var(*r)).collect();
        self.track(&v, ty);
        Ok(v)
    }

    /// `for target in it`: each step reads the iterator's position again, so `next(it)` in the
    /// body skips items as in CPython.
    pub(super) fn iter_for(&mut self, target: &Target, iter: &Expr, body: &[Stmt], orelse: &[Stmt]) -> R<()> {
        self.scoped(|cx| {
            let v = cx.expr(iter)?;
            cx.hold(&v, &iter.ty);
            let Type::Iter(of) = &iter.ty else { unreachable!("a loop over an iterator") };
            let of = (**of).clone();
            let item = of.item();
            let [header, bodyb, ended, latch, elseb, exit] = [(); 6].map(|_| cx.b.create_block());
            cx.b.ins().jump(header, &[]);
            cx.b.switch_to_block(header);
            let walk = cx.iter_walk(v[0], &of, iter.span);
            cx.b.ins().brif(walk.done, ended, &[], bodyb, &[]);
            cx.b.switch_to_block(ended);
            cx.exhaust(walk.data);
            cx.b.ins().jump(elseb, &[]);
            cx.b.switch_to_block(bodyb);
            cx.scoped(|cx| {
                let vals = cx.iter_take(&of, &walk, iter.span);
                cx.assign(target, vals, &item)
            })?;
            cx.loops.push(Loop { continue_to: latch, break_to: exit, tries: cx.tries.len(), temps: cx.temps.len() });
            cx.block(body)?;
            cx.jump(latch);
            cx.loops.pop();
            cx.b.switch_to_block(latch);
            cx.poll_interrupt();
            cx.b.ins().jump(header, &[]);
            cx.enter(elseb, true);
            cx.block(orelse)?;
            cx.jump(exit);
            cx.enter(exit, true);
            Ok(())
        })
    }

    /// Reads the iterator's position and state and finds where its next item is.
    fn iter_walk(&mut self, it: Value, of: &IterOf, span: Span) -> Walk {
        let block = self.b.ins().iadd_imm_s(it, -1);
        let data = self.b.ins().load(types::I64, MemFlagsData::trusted(), block, 0);
        let n = of.state().slot_count();
        let state: Vals = (0..n).map(|k| self.b.ins().load(types::I64, MemFlagsData::trusted(), data, STATE_OFFSET + 8 * k as i32)).collect();
        let pos = self.b.ins().load(types::I64, MemFlagsData::trusted(), data, POS_OFFSET);
        if walks_entries(of) {
            let (done, i) = self.entries_walk(of, data, pos, &state, span);
            return Walk { done, data, i, state };
        }
        let done = match of {
            IterOf::Range => self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, pos, state[2]),
            IterOf::Seq(Type::Str) => {
                let len = self.str_len(state[0]);
                self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, pos, len)
            }
            _ => {
                let seq = seq_of(of, &mut state.iter());
                self.seq_done(&seq, pos)
            }
        };
        Walk { done, data, i: pos, state }
    }

    /// The next live entry of a dict or set at or after `pos`: (whether there is none, its
    /// index). RuntimeError if the size changed since the iterator was made.
    fn entries_walk(&mut self, of: &IterOf, data: Value, pos: Value, state: &[Value], span: Span) -> (Value, Value) {
        let (d, len0) = (state[0], state[1]);
        let (dict, msg) = match of {
            IterOf::Seq(t @ Type::Set(_)) => (t.clone(), "Set changed size during iteration"),
            IterOf::Seq(t) | IterOf::DictView(t, _) => (t.clone(), "dictionary changed size during iteration"),
            _ => unreachable!("entries of a dict or set"),
        };
        let (key, value) = super::dict::dict_types(&dict);
        let entry_words = 1 + key.slot_count() + value.slot_count();
        let (done_v, at_v) = (self.temp_var(types::I8), self.temp_var(types::I64));
        let (scan, check, join) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        let yes = self.iconst(types::I8, 1);
        self.b.def_var(done_v, yes);
        self.b.def_var(at_v, pos);
        let exhausted = self.b.ins().icmp_imm_s(IntCC::Equal, pos, EXHAUSTED);
        self.b.ins().brif(exhausted, join, &[], scan, &[]);
        self.b.switch_to_block(scan);
        let len = self.dict_len(d);
        let changed = self.b.ins().icmp(IntCC::NotEqual, len, len0);
        self.fail_if_with(changed, |cx| {
            // CPython's dict iterator keeps raising once the size changed.
            let gone = cx.iconst(types::I64, -1);
            cx.b.ins().store(MemFlagsData::trusted(), gone, data, STATE_OFFSET + 8);
            cx.emit_raise("RuntimeError", Some(msg), span);
        });
        let body = self.dict_body(d);
        let used = self.b.ins().load(types::I64, MemFlagsData::trusted(), body, USED_OFFSET);
        let i = self.b.use_var(at_v);
        let end = self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, i, used);
        self.b.ins().brif(end, join, &[], check, &[]);
        self.b.switch_to_block(check);
        let entries = self.b.ins().load(types::I64, MemFlagsData::trusted(), body, ENTRIES_OFFSET);
        let off = self.b.ins().imul_imm_s(i, 8 * entry_words as i64);
        let entry = self.b.ins().iadd(entries, off);
        let live = self.b.ins().load(types::I64, MemFlagsData::trusted(), entry, 0);
        let next = self.b.ins().iadd_imm_s(i, 1);
        let no = self.iconst(types::I8, 0);
        let found = self.b.ins().icmp_imm_s(IntCC::NotEqual, live, 0);
        let done = self.b.ins().select(found, no, yes);
        self.b.def_var(done_v, done);
        let at = self.b.ins().select(found, i, next);
        self.b.def_var(at_v, at);
        self.b.ins().brif(found, join, &[], scan, &[]);
        self.b.switch_to_block(join);
        (self.b.use_var(done_v), self.b.use_var(at_v))
    }

    /// The item at the walk's position, held by the current scope; the position moves past it.
    fn iter_take(&mut self, of: &IterOf, walk: &Walk, span: Span) -> Vals {
        let (data, i, state) = (walk.data, walk.i, &walk.state);
        let next = self.b.ins().iadd_imm_s(i, 1);
        let vals = match of {
            IterOf::Range => {
                let off = self.b.ins().imul(i, state[1]);
                vec![self.b.ins().iadd(state[0], off)]
            }
            IterOf::Seq(Type::Str) => {
                let cursor = self.b.ins().iadd_imm_s(data, STATE_OFFSET as i64 + 8);
                let h = self.helper(Helper::StrNext);
                let handle = self.call(h, &[state[0], cursor])[0];
                self.b.ins().store(MemFlagsData::trusted(), next, data, POS_OFFSET);
                return vec![self.tracked_str(handle)];
            }
            of if walks_entries(of) => {
                let (key, value) = super::dict::dict_types(match of {
                    IterOf::Seq(t) | IterOf::DictView(t, _) => t,
                    _ => unreachable!("entries of a dict or set"),
                });
                let (key, value) = (key.clone(), value.clone());
                let body = self.dict_body(state[0]);
                let entries = self.b.ins().load(types::I64, MemFlagsData::trusted(), body, ENTRIES_OFFSET);
                let off = self.b.ins().imul_imm_s(i, 8 * (1 + key.slot_count() + value.slot_count()) as i64);
                let entry = self.b.ins().iadd(entries, off);
                let at_key = self.b.ins().iadd_imm_s(entry, 8);
                let at_value = self.b.ins().iadd_imm_s(entry, 8 * (1 + key.slot_count()) as i64);
                match of {
                    IterOf::DictView(_, false) => {
                        self.b.ins().store(MemFlagsData::trusted(), next, data, POS_OFFSET);
                        return self.read_value(at_value, &value);
                    }
                    IterOf::DictView(_, true) => {
                        let mut v = self.key_from_words(at_key, &key);
                        self.hold(&v, &key);
                        v.extend(self.read_value(at_value, &value));
                        self.b.ins().store(MemFlagsData::trusted(), next, data, POS_OFFSET);
                        return v;
                    }
                    _ => self.key_from_words(at_key, &key),
                }
            }
            _ => {
                let seq = seq_of(of, &mut state.iter());
                let mut vals = Vec::new();
                self.seq_item(&seq, i, span, &mut vals);
                vals
            }
        };
        self.b.ins().store(MemFlagsData::trusted(), next, data, POS_OFFSET);
        self.hold(&vals, &of.item());
        vals
    }

    /// Marks the iterator exhausted: later steps stop at once.
    fn exhaust(&mut self, data: Value) {
        let past = self.iconst(types::I64, EXHAUSTED);
        self.b.ins().store(MemFlagsData::trusted(), past, data, POS_OFFSET);
    }
}
