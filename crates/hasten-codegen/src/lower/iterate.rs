//! `for` loops over `zip(...)` and `enumerate(...)` (nested in each other too): one counter walks
//! all the iterables and the loop ends with the shortest. A list's length is read again at every
//! step, as CPython's list iterator does, since the body may change it; an array's is fixed.

use super::*;

/// An iterable of the loop, evaluated and held once before it starts.
pub(super) enum Seq {
    Array(ArrayVals, ArrayType),
    List(Value, Type),
    /// `reversed(l)` of a list, with the length it had when the loop started.
    Reversed(Value, Type, Value),
    /// A `zip`, or an `enumerate` (with its start).
    Zip(Vec<Seq>, Option<Value>),
    /// A `range` in a zip: its start, step and length.
    Range(Value, Value, Value),
    /// A string in a zip: its characters by position.
    Str(Value),
}

impl<'a, 'f> Lower<'a, 'f> {
    pub(super) fn zip_for(&mut self, target: &Target, iter: &Expr, body: &[Stmt], orelse: &[Stmt]) -> R<()> {
        self.scoped(|cx| cx.zip_for_inner(target, iter, body, orelse))
    }

    fn zip_for_inner(&mut self, target: &Target, iter: &Expr, body: &[Stmt], orelse: &[Stmt]) -> R<()> {
        self.seq_loop(iter, target, orelse, |cx, latch, exit| {
            cx.loops.push(Loop { continue_to: latch, break_to: exit, tries: cx.tries.len(), temps: cx.temps.len() });
            cx.block(body)?;
            cx.loops.pop();
            Ok(())
        })
    }

    /// A loop over an array, a list, or a `zip`/`enumerate` of them: each item is assigned to
    /// `target`, then `body(latch, exit)` runs (it may branch to either); `orelse` runs when the
    /// items run out.
    pub(super) fn seq_loop(&mut self, iter: &Expr, target: &Target, orelse: &[Stmt], body: impl FnOnce(&mut Self, Block, Block) -> R<()>) -> R<()> {
        let seq = self.open_seq(iter)?;
        let item = match (&iter.ty, &iter.kind) {
            (_, ExprKind::Call(Callee::Builtin(Builtin::Zip | Builtin::Enumerate), ..)) => iter.ty.clone(),
            (Type::Array(at), _) if at.ndim == 1 => at.dtype.item(),
            (Type::Array(at), _) => {
                let layout = if at.layout == Layout::C { Layout::C } else { Layout::A };
                Type::Array(ArrayType { ndim: at.ndim - 1, layout, ..*at })
            }
            (Type::List(item), _) => (**item).clone(),
            (t, _) => unreachable!("the type checker iterates arrays and lists only, not {t}"),
        };
        let ctr = self.temp_var(types::I64);
        let zero = self.iconst(types::I64, 0);
        self.b.def_var(ctr, zero);
        let (i, [header, bodyb, latch, elseb, exit]) = self.counter_header(ctr);
        let done = self.seq_done(&seq, i);
        self.b.ins().brif(done, elseb, &[], bodyb, &[]);
        self.b.switch_to_block(bodyb);
        self.scoped(|cx| {
            let mut vals = Vec::new();
            cx.seq_item(&seq, i, iter.span, &mut vals);
            cx.assign(target, vals, &item)
        })?;
        body(self, latch, exit)?;
        self.jump(latch);
        // Lists may grow while they are iterated: always polled.
        self.counter_latch(ctr, [header, latch, elseb, exit], orelse, true, |cx, i| cx.b.ins().iadd_imm_s(i, 1))
    }

    /// Evaluates an iterable (arguments left to right, as CPython does before the loop starts) and
    /// holds it for the loop.
    pub(super) fn open_seq(&mut self, e: &Expr) -> R<Seq> {
        if let ExprKind::Call(Callee::Builtin(b @ (Builtin::Zip | Builtin::Enumerate)), args, _) = &e.kind {
            let n = if *b == Builtin::Enumerate { 1 } else { args.len() };
            let seqs = args[..n].iter().map(|a| self.open_seq(a)).collect::<R<Vec<_>>>()?;
            let start = match args.get(n) {
                Some(s) => Some(self.int_operand(s)?),
                None => None,
            };
            return Ok(Seq::Zip(seqs, start));
        }
        if let ExprKind::Call(Callee::Builtin(Builtin::IterRange), args, _) = &e.kind {
            let start = self.int_operand(&args[0])?;
            let stop = self.int_operand(&args[1])?;
            let step = self.int_operand(&args[2])?;
            let zero = self.b.ins().icmp_imm_s(IntCC::Equal, step, 0);
            self.fail_if(zero, "ValueError", "range() arg 3 must not be zero", e.span);
            let len = self.range_length(start, stop, step);
            return Ok(Seq::Range(start, step, len));
        }
        if let ExprKind::Call(Callee::Builtin(Builtin::Reversed), args, _) = &e.kind {
            let vals = self.expr(&args[0])?;
            self.hold(&vals, &args[0].ty);
            let len0 = self.list_len(vals[0]);
            return Ok(Seq::Reversed(vals[0], Type::clone(list_item_type(&e.ty)), len0));
        }
        let vals = self.expr(e)?;
        self.hold(&vals, &e.ty);
        Ok(match &e.ty {
            Type::Array(at) => Seq::Array(ArrayVals::from_vals(&vals), *at),
            Type::List(item) => Seq::List(vals[0], (**item).clone()),
            Type::Str => Seq::Str(vals[0]),
            t => unreachable!("the type checker iterates arrays, lists and strings only, not {t}"),
        })
    }

    /// Whether step `i` is past the end of any of the iterables.
    pub(super) fn seq_done(&mut self, seq: &Seq, i: Value) -> Value {
        let n = match seq {
            Seq::Array(arr, _) => arr.shape[0],
            Seq::Range(_, _, len) => *len,
            Seq::List(list, _) => self.list_len(*list),
            Seq::Str(s) => self.str_len(*s),
            // CPython's reverse iterator stops at index -1, or once the index is past the end of
            // a list that shrank meanwhile.
            Seq::Reversed(list, _, len0) => {
                let past = self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, i, *len0);
                let k = self.reversed_index(*len0, i);
                let len = self.list_len(*list);
                let gone = self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, k, len);
                return self.b.ins().bor(past, gone);
            }
            Seq::Zip(seqs, _) => {
                let past: Vec<Value> = seqs.iter().map(|s| self.seq_done(s, i)).collect();
                return past.into_iter().reduce(|a, b| self.b.ins().bor(a, b)).expect("zip of at least one iterable");
            }
        };
        self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, i, n)
    }

    /// The machine values of item `i` of the iterable, appended to `vals`.
    pub(super) fn seq_item(&mut self, seq: &Seq, i: Value, span: Span, vals: &mut Vals) {
        match seq {
            Seq::Array(arr, at) => vals.extend(self.array_item(arr, *at, i).0),
            Seq::List(list, item) => vals.extend(self.list_item(*list, i, item)),
            Seq::Str(s) => vals.push(self.str_char(*s, i, span)),
            // Within the range's bounds, so within int64 (a wrapped product wraps back).
            Seq::Range(start, step, _) => {
                let off = self.b.ins().imul(i, *step);
                vals.push(self.b.ins().iadd(*start, off));
            }
            Seq::Reversed(list, item, len0) => {
                let k = self.reversed_index(*len0, i);
                vals.extend(self.list_item(*list, k, item))
            }
            Seq::Zip(seqs, start) => {
                if let Some(start) = *start {
                    let (k, of) = self.checked(BinOp::Add, start, i);
                    self.fail_if(of, "OverflowError", OVERFLOW, span);
                    vals.push(k);
                }
                for s in seqs {
                    self.seq_item(s, i, span, vals);
                }
            }
        }
    }

    /// Index `n - 1 - i`: step `i` of a walk back from the end of `n` items.
    pub(super) fn reversed_index(&mut self, n: Value, i: Value) -> Value {
        let last = self.b.ins().iadd_imm_s(n, -1);
        self.b.ins().isub(last, i)
    }
}

/// The item type of a list type.
fn list_item_type(ty: &Type) -> &Type {
    let Type::List(item) = ty else { unreachable!("reversed() of a list is typed as that list") };
    item
}
