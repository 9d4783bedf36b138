//! Strings (`hasten_runtime::string`): literals, `+ * %`, comparisons, `in`, `len`, indexing and
//! slicing, iteration, methods, and the builtins that make or read strings.
//!
//! A string value is one slot, the tagged owner of its immutable block. Every operation that makes
//! a string calls the runtime, which returns the new block (or null with a pending exception); the
//! result is a temporary like a new list. `len` reads the code-point count in place.

use super::branch::int_cc;
use super::*;
use hasten_runtime::string::convert::{KIND_BOOL, KIND_FLOAT, KIND_INT, KIND_STR};
use hasten_runtime::string::methods::op;
use hasten_runtime::string::{BYTES_OFFSET, LEN_OFFSET, NBYTES_OFFSET};
use hasten_runtime::print::TextOf;

/// The runtime's operation code of a string method.
fn method_code(m: StrMethod) -> i64 {
    match m {
        StrMethod::Startswith => op::STARTSWITH,
        StrMethod::Endswith => op::ENDSWITH,
        StrMethod::Find => op::FIND,
        StrMethod::Rfind => op::RFIND,
        StrMethod::Index => op::INDEX,
        StrMethod::Rindex => op::RINDEX,
        StrMethod::Count => op::COUNT,
        StrMethod::Replace => op::REPLACE,
        StrMethod::Split => op::SPLIT,
        StrMethod::Rsplit => op::RSPLIT,
        StrMethod::Join => op::JOIN,
        StrMethod::Strip => op::STRIP,
        StrMethod::Lstrip => op::LSTRIP,
        StrMethod::Rstrip => op::RSTRIP,
        StrMethod::Upper => op::UPPER,
        StrMethod::Lower => op::LOWER,
        StrMethod::Isdigit => op::ISDIGIT,
        StrMethod::Isalpha => op::ISALPHA,
        StrMethod::Isspace => op::ISSPACE,
        StrMethod::Zfill => op::ZFILL,
        StrMethod::Capitalize => op::CAPITALIZE,
        StrMethod::Title => op::TITLE,
        StrMethod::Swapcase => op::SWAPCASE,
        StrMethod::Casefold => op::CASEFOLD,
        StrMethod::Isupper => op::ISUPPER,
        StrMethod::Islower => op::ISLOWER,
        StrMethod::Isalnum => op::ISALNUM,
        StrMethod::Isdecimal => op::ISDECIMAL,
        StrMethod::Isnumeric => op::ISNUMERIC,
        StrMethod::Istitle => op::ISTITLE,
        StrMethod::Center => op::CENTER,
        StrMethod::Ljust => op::LJUST,
        StrMethod::Rjust => op::RJUST,
        StrMethod::Partition => op::PARTITION,
        StrMethod::Rpartition => op::RPARTITION,
        StrMethod::Splitlines => op::SPLITLINES,
        StrMethod::Isascii => op::ISASCII,
        StrMethod::Isprintable => op::ISPRINTABLE,
        StrMethod::Isidentifier => op::ISIDENTIFIER,
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// The owner of a string the runtime just made (`handle`, null after an error), listed as a
    /// temporary.
    pub(super) fn tracked_str(&mut self, handle: Value) -> Value {
        let failed = self.b.ins().icmp_imm_s(IntCC::Equal, handle, 0);
        self.check_status(failed);
        let s = self.b.ins().bor_imm_u(handle, 1);
        self.temps.push(s);
        s
    }

    /// A string literal: the runtime's immortal block for the text, borrowed (never a temporary).
    pub(super) fn str_const(&mut self, text: &str) -> Value {
        let (p, l) = self.str_consts(text);
        let new = self.helper(Helper::StrNew);
        let handle = self.call(new, &[p, l])[0];
        let failed = self.b.ins().icmp_imm_s(IntCC::Equal, handle, 0);
        self.check_status(failed);
        self.b.ins().bor_imm_u(handle, 1)
    }

    /// The number of code points of a string.
    pub(super) fn str_len(&mut self, s: Value) -> Value {
        let block = self.b.ins().iadd_imm_s(s, -1);
        let data = self.b.ins().load(types::I64, MemFlagsData::trusted(), block, 0);
        self.b.ins().load(types::I64, MemFlagsData::trusted(), data, LEN_OFFSET)
    }

    /// The address and length of a string's UTF-8 bytes.
    pub(super) fn str_bytes(&mut self, s: Value) -> (Value, Value) {
        let block = self.b.ins().iadd_imm_s(s, -1);
        let data = self.b.ins().load(types::I64, MemFlagsData::trusted(), block, 0);
        let len = self.b.ins().load(types::I64, MemFlagsData::trusted(), data, NBYTES_OFFSET);
        (self.b.ins().iadd_imm_s(data, BYTES_OFFSET as i64), len)
    }

    /// `a + b`, `s * n`, `n * s` and `fmt % values` of strings. A chain `a + b + c …` (an f-string
    /// is one) evaluates its operands left to right and joins them in one allocation.
    pub(super) fn str_binary(&mut self, op: BinOp, l: &Expr, r: &Expr, span: Span) -> R<Value> {
        if op == BinOp::Add && matches!(&l.kind, ExprKind::Binary(BinOp::Add, ..)) && l.ty == Type::Str {
            let mut parts = vec![r];
            let mut left = l;
            while let (ExprKind::Binary(BinOp::Add, ll, lr), Type::Str) = (&left.kind, &left.ty) {
                parts.push(lr);
                left = ll;
            }
            parts.push(left);
            parts.reverse();
            if parts.iter().any(|p| fusable_format(p).is_some()) {
                return self.str_build(&parts);
            }
            let block = self.stack_slot(8 * parts.len() as u32);
            for (k, p) in parts.iter().enumerate() {
                let v = self.expr(p)?[0];
                self.b.ins().store(MemFlagsData::trusted(), v, block, 8 * k as i32);
            }
            let n = self.iconst(types::I64, parts.len() as i64);
            let h = self.helper(Helper::StrConcatN);
            let handle = self.call(h, &[block, n])[0];
            return Ok(self.tracked_str(handle));
        }
        let a = self.expr(l)?;
        let b = self.expr(r)?;
        Ok(self.str_values(op, &a, &l.ty, &b, &r.ty, span))
    }

    /// An f-string (or `+` chain) some of whose parts are formatted values: each evaluated in
    /// order, the strings and the values handed together to the runtime, which formats the values
    /// straight into the result (no string of their own). Only formats that cannot fail are left
    /// for then (`fusable_format`), so no error comes later than in CPython.
    fn str_build(&mut self, parts: &[&Expr]) -> R<Value> {
        let block = self.stack_slot(48 * parts.len() as u32);
        for (k, p) in parts.iter().enumerate() {
            let words = match fusable_format(p) {
                Some((arg, spec, repr)) => {
                    let v = self.expr(arg)?[0];
                    let (kind, word) = self.format_operand(v, &arg.ty);
                    let tag = self.iconst(types::I64, 1 + (kind | if repr { 4 } else { 0 }));
                    let (sp, sl) = self.str_consts(&spec);
                    let (lp, ll) = self.location(p.span);
                    [tag, word, sp, sl, lp, ll]
                }
                None => {
                    let zero = self.iconst(types::I64, 0);
                    if let ExprKind::Const(Const::Str(text)) = &p.kind {
                        let tag = self.iconst(types::I64, -1);
                        let (tp, tl) = self.str_consts(text);
                        [tag, tp, tl, zero, zero, zero]
                    } else {
                        let v = self.expr(p)?[0];
                        [zero, v, zero, zero, zero, zero]
                    }
                }
            };
            for (j, w) in words.into_iter().enumerate() {
                self.b.ins().store(MemFlagsData::trusted(), w, block, (48 * k + 8 * j) as i32);
            }
        }
        let n = self.iconst(types::I64, parts.len() as i64);
        let h = self.helper(Helper::StrBuild);
        let handle = self.call(h, &[block, n])[0];
        Ok(self.tracked_str(handle))
    }

    /// `str_binary` of evaluated operands (also `s += t`, `s *= n`, `s %= v`).
    pub(super) fn str_values(&mut self, op: BinOp, a: &Vals, at: &Type, b: &Vals, bt: &Type, span: Span) -> Value {
        let handle = match (op, at) {
            (BinOp::Add, _) => {
                let h = self.helper(Helper::StrConcat);
                self.call(h, &[a[0], b[0]])[0]
            }
            (BinOp::Mod, _) => return self.percent_format(a[0], b, bt, span),
            (_, Type::Str) => {
                let n = self.i64_value(b[0], bt);
                let h = self.helper(Helper::StrRepeat);
                self.call(h, &[a[0], n])[0]
            }
            _ => {
                let n = self.i64_value(a[0], at);
                let h = self.helper(Helper::StrRepeat);
                self.call(h, &[b[0], n])[0]
            }
        };
        self.tracked_str(handle)
    }

    /// `l op r` of two strings, in code-point order.
    pub(super) fn str_compare(&mut self, op: CmpOp, l: Value, r: Value) -> Value {
        let h = self.helper(Helper::StrCmp);
        let order = self.call(h, &[l, r])[0];
        self.b.ins().icmp_imm_s(int_cc(op, true), order, 0)
    }

    /// `sub in s`.
    pub(super) fn str_contains(&mut self, sub: Value, s: Value) -> Value {
        let h = self.helper(Helper::StrContains);
        let found = self.call(h, &[s, sub])[0];
        self.b.ins().ireduce(types::I8, found)
    }

    /// `s[i]` (IndexError as CPython words it) and `s[start:stop:step]`.
    pub(super) fn str_get(&mut self, base: &Expr, index: &Expr, span: Span) -> R<Vals> {
        let s = self.expr(base)?[0];
        let handle = if let ExprKind::Slice(start, stop, step) = &index.kind {
            let bounds = self.slice_bounds(start, stop, step)?;
            let len = self.str_len(s);
            let (first, count, step) = self.slice_axis(bounds, step.as_deref(), len, span);
            let h = self.helper(Helper::StrSlice);
            self.call(h, &[s, first, count, step])[0]
        } else {
            let i = self.int_operand(index)?;
            return Ok(vec![self.str_char(s, i, span)]);
        };
        Ok(vec![self.tracked_str(handle)])
    }

    /// Character `i` (in bounds) of `s`, a new string held by the current scope.
    pub(super) fn str_char(&mut self, s: Value, i: Value, span: Span) -> Value {
        let (lp, ll) = self.location(span);
        let h = self.helper(Helper::StrIndex);
        let handle = self.call(h, &[s, i, lp, ll])[0];
        self.tracked_str(handle)
    }

    /// `for ch in s`: each character a new one-character string, walked by byte offset.
    /// `list(s)` of a string: a new list of its characters.
    pub(super) fn list_of_chars(&mut self, s: Value, span: Span) -> R<Value> {
        let len = self.str_len(s);
        let list = self.new_list(&Type::Str, len);
        let pos = self.stack_slot(8);
        let zero = self.iconst(types::I64, 0);
        self.b.ins().store(MemFlagsData::trusted(), zero, pos, 0);
        self.counted_loop(len, |cx, _| {
            cx.scoped(|cx| {
                let next = cx.helper(Helper::StrNext);
                let handle = cx.call(next, &[s, pos])[0];
                let ch = cx.tracked_str(handle);
                cx.push_item(list, &[ch], &Type::Str, span);
                Ok(())
            })
        })?;
        Ok(list)
    }

    pub(super) fn str_for(&mut self, target: &Target, iter: &Expr, body: &[Stmt], orelse: &[Stmt]) -> R<()> {
        self.scoped(|cx| {
            let vals = cx.expr(iter)?;
            cx.hold(&vals, &iter.ty);
            let s = vals[0];
            let pos = cx.stack_slot(8);
            let zero = cx.iconst(types::I64, 0);
            cx.b.ins().store(MemFlagsData::trusted(), zero, pos, 0);
            let len = cx.str_len(s);
            let (header, bodyb, latch, elseb, exit) =
                (cx.b.create_block(), cx.b.create_block(), cx.b.create_block(), cx.b.create_block(), cx.b.create_block());
            let ctr = cx.temp_var(types::I64);
            cx.b.def_var(ctr, zero);
            cx.b.ins().jump(header, &[]);
            cx.b.switch_to_block(header);
            let i = cx.b.use_var(ctr);
            let done = cx.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, i, len);
            cx.b.ins().brif(done, elseb, &[], bodyb, &[]);
            cx.b.switch_to_block(bodyb);
            cx.scoped(|cx| {
                let h = cx.helper(Helper::StrNext);
                let handle = cx.call(h, &[s, pos])[0];
                let ch = cx.tracked_str(handle);
                cx.assign(target, vec![ch], &Type::Str)
            })?;
            cx.loops.push(Loop { continue_to: latch, break_to: exit, tries: cx.tries.len(), temps: cx.temps.len() });
            cx.block(body)?;
            cx.jump(latch);
            cx.loops.pop();
            cx.b.switch_to_block(latch);
            let i = cx.b.use_var(ctr);
            let next = cx.b.ins().iadd_imm_s(i, 1);
            cx.b.def_var(ctr, next);
            cx.b.ins().jump(header, &[]);
            cx.enter(elseb, true);
            cx.block(orelse)?;
            cx.jump(exit);
            cx.enter(exit, true);
            Ok(())
        })
    }

    /// The runtime's kind code and 64-bit word of a value `format` takes.
    fn format_operand(&mut self, v: Value, ty: &Type) -> (i64, Value) {
        match ty {
            Type::Int => (KIND_INT, v),
            Type::Float => (KIND_FLOAT, self.b.ins().bitcast(types::I64, MemFlagsData::new(), v)),
            Type::Bool => (KIND_BOOL, self.b.ins().uextend(types::I64, v)),
            Type::Str => (KIND_STR, v),
            t => unreachable!("the type checker formats no {t}"),
        }
    }

    /// `format(v, spec)`, and with `repr` set `format(repr(v), spec)`: a new string.
    pub(super) fn format_value(&mut self, v: Value, ty: &Type, spec: &str, repr: bool, span: Span) -> Value {
        let (kind, word) = self.format_operand(v, ty);
        let kind = self.iconst(types::I64, kind | if repr { 4 } else { 0 });
        let (sp, sl) = self.str_consts(spec);
        let (lp, ll) = self.location(span);
        let h = self.helper(Helper::StrFormat);
        let handle = self.call(h, &[kind, word, sp, sl, lp, ll])[0];
        self.tracked_str(handle)
    }

    /// `fmt % values`: the values (one, or a tuple's items) in a stack block of (kind, word) pairs.
    fn percent_format(&mut self, fmt: Value, vals: &Vals, ty: &Type, span: Span) -> Value {
        let items = match ty {
            Type::Tuple(items) => items.to_vec(),
            t => vec![t.clone()],
        };
        let block = self.stack_slot(16 * items.len().max(1) as u32);
        let mut at = 0;
        for (k, t) in items.iter().enumerate() {
            let (kind, word) = self.format_operand(vals[at], t);
            at += t.slot_count();
            let kind = self.iconst(types::I64, kind);
            self.b.ins().store(MemFlagsData::trusted(), kind, block, 16 * k as i32);
            self.b.ins().store(MemFlagsData::trusted(), word, block, 16 * k as i32 + 8);
        }
        let n = self.iconst(types::I64, items.len() as i64);
        let (lp, ll) = self.location(span);
        let h = self.helper(Helper::StrPercent);
        let handle = self.call(h, &[fmt, block, n, lp, ll])[0];
        self.tracked_str(handle)
    }

    /// `str(v)`/`repr(v)` of a container, an array or None: CPython's text of the boxed value,
    /// made by the binding (`hasten_runtime::print::hasten_rt_text`).
    pub(super) fn boxed_text(&mut self, v: &[Value], ty: &Type, how: TextOf, span: Span) -> Value {
        let block = self.stack_slot(8 * v.len().max(1) as u32);
        for (k, x) in v.iter().enumerate() {
            self.b.ins().store(MemFlagsData::trusted(), *x, block, 8 * k as i32);
        }
        let (tp, tl) = self.str_consts(&ty.to_string());
        let (lp, ll) = self.location(span);
        let how = self.iconst(types::I64, how as i64);
        let h = self.helper(Helper::Text);
        let handle = self.call(h, &[tp, tl, block, how, lp, ll])[0];
        self.tracked_str(handle)
    }

    /// `str`, `repr`, `format`, `ord`, `chr`, and `int`/`float` of a string.
    pub(super) fn str_builtin(&mut self, b: Builtin, args: &[Expr], span: Span) -> R<Vals> {
        if b == Builtin::Str && args.is_empty() {
            return Ok(vec![self.str_const("")]);
        }
        let v = self.expr(&args[0])?;
        let t0 = args[0].ty.clone();
        if t0 == Type::Complex {
            // `str`, `repr` and `format(z, "")` are one text (the type checker refuses specs).
            let h = self.helper(Helper::ComplexRepr);
            let handle = self.call(h, &[v[0], v[1]])[0];
            return Ok(vec![self.tracked_str(handle)]);
        }
        if !matches!(t0, Type::Int | Type::Float | Type::Bool | Type::Str) && matches!(b, Builtin::Str | Builtin::Repr | Builtin::Format) {
            let how = match b {
                Builtin::Str => TextOf::Str,
                Builtin::Repr => TextOf::Repr,
                _ => TextOf::Format,
            };
            return Ok(vec![self.boxed_text(&v, &t0, how, span)]);
        }
        Ok(vec![match b {
            // `str` of a string is the string itself.
            Builtin::Str if t0 == Type::Str => v[0],
            Builtin::Str => self.format_value(v[0], &t0, "", false, span),
            Builtin::Repr => self.format_value(v[0], &t0, "", true, span),
            Builtin::Format => {
                let spec = match args.get(1).map(|a| &a.kind) {
                    Some(ExprKind::Const(Const::Str(s))) => s.clone(),
                    _ => String::new(),
                };
                self.format_value(v[0], &t0, &spec, false, span)
            }
            Builtin::Chr => {
                let i = self.i64_value(v[0], &t0);
                let (lp, ll) = self.location(span);
                let h = self.helper(Helper::StrChr);
                let handle = self.call(h, &[i, lp, ll])[0];
                self.tracked_str(handle)
            }
            Builtin::Ord | Builtin::Int | Builtin::Float => {
                let helper = match b {
                    Builtin::Ord => Helper::StrOrd,
                    Builtin::Int => Helper::StrToInt,
                    _ => Helper::StrToFloat,
                };
                let out = self.stack_slot(8);
                let (lp, ll) = self.location(span);
                let status = match args.get(1) {
                    // `int(s, base)`.
                    Some(base) => {
                        let bv = self.expr(base)?[0];
                        let bv = self.i64_value(bv, &base.ty);
                        let h = self.helper(Helper::StrToIntBase);
                        self.call(h, &[v[0], bv, out, lp, ll])[0]
                    }
                    None => {
                        let h = self.helper(helper);
                        self.call(h, &[v[0], out, lp, ll])[0]
                    }
                };
                self.check_status(status);
                let clif = if b == Builtin::Float { types::F64 } else { types::I64 };
                self.b.ins().load(clif, MemFlagsData::trusted(), out, 0)
            }
            _ => unreachable!("not a string builtin"),
        }])
    }

    /// A string method: the runtime's one entry, with the receiver, a string operand, two integer
    /// operands and the result through a stack slot.
    pub(super) fn str_method(&mut self, m: StrMethod, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let mut vals = Vec::new();
        for a in args {
            vals.push(self.expr(a)?);
        }
        let zero = self.iconst(types::I64, 0);
        let mut code = method_code(m);
        let (mut sa, mut ib, mut ic) = (zero, zero, zero);
        let int_of = |cx: &mut Self, k: usize| cx.i64_value(vals[k][0], &args[k].ty);
        match m {
            StrMethod::Startswith | StrMethod::Endswith | StrMethod::Find | StrMethod::Rfind | StrMethod::Index | StrMethod::Rindex | StrMethod::Count => {
                // (An empty tuple of prefixes has no word: no call is made then.)
                sa = vals[1].first().copied().unwrap_or(zero);
                if args.len() > 2 && args[2].ty != Type::None {
                    code |= op::HAS_START;
                    ib = int_of(self, 2);
                }
                if args.len() > 3 && args[3].ty != Type::None {
                    code |= op::HAS_END;
                    ic = int_of(self, 3);
                }
            }
            StrMethod::Replace => {
                sa = vals[1][0];
                ib = vals[2][0];
                ic = if args.len() > 3 { int_of(self, 3) } else { self.iconst(types::I64, -1) };
            }
            StrMethod::Split | StrMethod::Rsplit => {
                if args[1].ty == Type::Str {
                    sa = vals[1][0];
                }
                ib = int_of(self, 2);
            }
            StrMethod::Join => sa = vals[1][0],
            StrMethod::Strip | StrMethod::Lstrip | StrMethod::Rstrip => {
                if args.len() > 1 && args[1].ty == Type::Str {
                    sa = vals[1][0];
                }
            }
            StrMethod::Zfill => ib = int_of(self, 1),
            StrMethod::Splitlines if args.len() > 1 => ib = int_of(self, 1),
            StrMethod::Partition | StrMethod::Rpartition => sa = vals[1][0],
            StrMethod::Center | StrMethod::Ljust | StrMethod::Rjust => {
                ib = int_of(self, 1);
                if args.len() > 2 {
                    sa = vals[2][0];
                }
            }
            _ => {}
        }
        let code = self.iconst(types::I64, code);
        let out = self.stack_slot(8);
        let (lp, ll) = self.location(span);
        let h = self.helper(Helper::StrMethod);
        // `s.startswith((a, b))`: true if any of the strings is a prefix (none: false).
        let subs = if matches!(args.get(1).map(|a| &a.ty), Some(Type::Tuple(_))) { vals[1].clone() } else { vec![sa] };
        let mut word = None;
        for sub in subs {
            let status = self.call(h, &[code, vals[0][0], sub, ib, ic, out, lp, ll])[0];
            self.check_status(status);
            let found = self.b.ins().load(types::I64, MemFlagsData::trusted(), out, 0);
            word = Some(word.map_or(found, |w| self.b.ins().bor(w, found)));
        }
        let word = word.unwrap_or(zero);
        if let Type::Tuple(_) = ty {
            // `partition`: the runtime's list of the three parts, read out (each held) and released.
            self.temps.push(word);
            return Ok((0..3).flat_map(|k| {
                let k = self.iconst(types::I64, k);
                self.list_item(word, k, &Type::Str)
            }).collect());
        }
        Ok(vec![match ty {
            Type::Bool => self.b.ins().ireduce(types::I8, word),
            Type::Int => word,
            _ => {
                self.temps.push(word);
                word
            }
        }])
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// `print(*values, sep, end, flush)`: the values' slots in a stack block, their types as the
    /// text of one tuple type, for the binding's printer.
    pub(super) fn print(&mut self, args: &[Expr], span: Span) -> R<Vals> {
        let n = args.len() - 3;
        let mut flat = Vec::new();
        for a in &args[..n] {
            flat.extend(self.expr(a)?);
        }
        let sep = self.expr(&args[n])?[0];
        let end = self.expr(&args[n + 1])?[0];
        let flush = self.expr(&args[n + 2])?;
        let flush = self.truth(&flush, &args[n + 2].ty);
        let flush = self.b.ins().uextend(types::I64, flush);
        let block = self.stack_slot(8 * flat.len().max(1) as u32);
        for (k, v) in flat.iter().enumerate() {
            self.b.ins().store(MemFlagsData::trusted(), *v, block, 8 * k as i32);
        }
        let ty = Type::Tuple(args[..n].iter().map(|a| a.ty.clone()).collect());
        let (tp, tl) = self.str_consts(&ty.to_string());
        let (lp, ll) = self.location(span);
        let h = self.helper(Helper::Print);
        let status = self.call(h, &[tp, tl, block, sep, end, flush, lp, ll])[0];
        self.check_status(status);
        Ok(Vec::new())
    }
}

/// A part of an f-string that is `format(x, spec)`, `str(x)` or `repr(x)` of a number, bool or (with
/// a spec or `repr`) string whose format cannot fail: the value, the spec and whether it is `repr`.
fn fusable_format(p: &Expr) -> Option<(&Expr, String, bool)> {
    let ExprKind::Call(Callee::Builtin(b), args, _) = &p.kind else { return None };
    let arg = args.first()?;
    let (spec, repr) = match (b, args.get(1).map(|a| &a.kind)) {
        (Builtin::Format, Some(ExprKind::Const(Const::Str(s)))) => (s.clone(), false),
        (Builtin::Format, None) | (Builtin::Str, _) => (String::new(), false),
        (Builtin::Repr, _) => (String::new(), true),
        _ => return None,
    };
    let kind = match arg.ty {
        Type::Int => KIND_INT,
        Type::Float => KIND_FLOAT,
        Type::Bool => KIND_BOOL,
        Type::Str if repr || !spec.is_empty() => KIND_STR,
        _ => return None,
    };
    hasten_runtime::string::convert::spec_never_fails(kind, &spec, repr).then(|| (arg, spec, repr))
}
