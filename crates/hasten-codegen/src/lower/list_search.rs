//! Searching lists: `x in l`, `l.count(x)`, `l.index(x)`, `l.remove(x)`, each item compared with
//! `x` in the type the type checker chose for them (complex numbers part by part), with CPython's
//! ValueErrors, and NotImplementedError where CPython's answer rests on object identity.

use super::list::item_of;
use super::*;
use hasten_runtime::list::ITEMS_OFFSET;
use hasten_runtime::print::TextOf;

const NAN_IN_LIST: &str = "looking for a NaN in a list holding a NaN is not supported in compiled code: CPython's answer depends on whether both are one object";

impl<'a, 'f> Lower<'a, 'f> {
    /// Whether the number `v` of type `t` is a NaN (a complex one: a part is), for the types that
    /// have NaNs.
    fn nan_of(&mut self, v: &[Value], t: &Type) -> Option<Value> {
        match t {
            Type::Complex | Type::Scalar(Dtype::C128) => {
                let (re, im) = (self.b.ins().fcmp(FloatCC::Unordered, v[0], v[0]), self.b.ins().fcmp(FloatCC::Unordered, v[1], v[1]));
                Some(self.b.ins().bor(re, im))
            }
            t if t.is_floatlike() => Some(self.b.ins().fcmp(FloatCC::Unordered, v[0], v[0])),
            _ => None,
        }
    }

    /// CPython asks `is` before `==`: a NaN looked for (`x_nan`, set when `x` is a NaN) finds a NaN
    /// item `v` only when both are one object, which compiled numbers cannot tell.
    fn refuse_nan_meeting_nan(&mut self, x_nan: Option<Value>, v: &[Value], item: &Type, span: Span) {
        if let Some(x_nan) = x_nan {
            if let Some(v_nan) = self.nan_of(v, item) {
                let both = self.b.ins().band(x_nan, v_nan);
                self.fail_if(both, "NotImplementedError", NAN_IN_LIST, span);
            }
        }
    }

    /// `v == x` in the type `common` the type checker chose: part by part for complex numbers.
    fn item_equals(&mut self, v: &[Value], vt: &Type, x: &[Value], xt: &Type, common: &Type) -> Value {
        // A string and a number (`lists::never_equal`): CPython finds none equal.
        if *common == Type::Never {
            return self.iconst(types::I8, 0);
        }
        if !common.is_c128() {
            return self.compare_values(CmpOp::Eq, v[0], vt, x[0], xt, common);
        }
        let ((vr, vi), (xr, xi)) = (self.complex_parts(v, vt), self.complex_parts(x, xt));
        let (re, im) = (self.b.ins().fcmp(FloatCC::Equal, vr, xr), self.b.ins().fcmp(FloatCC::Equal, vi, xi));
        self.b.ins().band(re, im)
    }

    /// One step of a search: `count` counts the matches (`eq`), `first` keeps the first one's
    /// position `i` (-1 until there is one).
    fn tally(&mut self, eq: Value, i: Value, count: Variable, first: Variable) {
        let eq64 = self.b.ins().uextend(types::I64, eq);
        let c = self.b.use_var(count);
        let c2 = self.b.ins().iadd(c, eq64);
        self.b.def_var(count, c2);
        let f = self.b.use_var(first);
        let unset = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, f, 0);
        let take = self.b.ins().band(unset, eq);
        let f2 = self.b.ins().select(take, i, f);
        self.b.def_var(first, f2);
    }

    /// `l.count(x)`, `l.index(x)`, `l.remove(x)` of a list of numbers (complex too) or strings, comparing in
    /// `common` as `x in l` does (a NaN meeting a NaN raises), with CPython's ValueErrors (`x`'s
    /// repr in `index`'s).
    pub(super) fn list_search(&mut self, m: ListMethod, args: &[Expr], common: &Type, span: Span) -> R<Vals> {
        let list = self.expr(&args[0])?[0];
        let (item, x) = (item_of(&args[0].ty).clone(), &args[1]);
        let xvals = self.expr(x)?;
        let x_nan = self.nan_of(&xvals, &x.ty);
        let len = self.list_len(list);
        let (count, first) = (self.temp_var(types::I64), self.temp_var(types::I64));
        let (zero, none) = (self.iconst(types::I64, 0), self.iconst(types::I64, -1));
        self.b.def_var(count, zero);
        self.b.def_var(first, none);
        self.index_loop(zero, len, |cx, i, _| {
            let v = cx.peek_item(list, i, &item);
            cx.refuse_nan_meeting_nan(x_nan, &v, &item, span);
            let eq = cx.item_equals(&v, &item, &xvals, &x.ty, common);
            cx.tally(eq, i, count, first);
            Ok(())
        })?;
        if m == ListMethod::Count {
            return Ok(vec![self.b.use_var(count)]);
        }
        let at = self.b.use_var(first);
        let missing = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, at, 0);
        let x_ty = x.ty.clone();
        // `t.index(x)` of a tuple (the type checker's `list(t)`) has CPython's tuple message.
        let of_tuple = matches!(&args[0].kind, ExprKind::Call(Callee::Builtin(Builtin::List), a, _) if matches!(a[0].ty, Type::Tuple(_)));
        self.fail_if_with(missing, |cx| {
            if m == ListMethod::Remove || of_tuple {
                let message = if of_tuple { "tuple.index(x): x not in tuple" } else { "list.remove(x): x not in list" };
                cx.emit_raise("ValueError", Some(message), span);
                return;
            }
            // The message's strings live only on this path: the raise copies the message, so they
            // are released before leaving (a handler in this function may catch the error).
            let mark = cx.temps.len();
            // A NumPy scalar's repr wraps its Python number's: `np.float64(0.5)`, `np.True_`.
            let (python, head, tail) = match &x_ty {
                // NumPy's own repr: `np.complex128(1+2j)`, `np.complex128(2j)`.
                Type::Scalar(Dtype::C128) => (x_ty.clone(), String::new(), " is not in list"),
                Type::Scalar(Dtype::Bool) => (Type::Bool, "np.".to_string(), "_ is not in list"),
                Type::Scalar(d) if d.is_int() => (Type::Int, format!("np.{}(", d.name()), ") is not in list"),
                Type::Scalar(d) => (Type::Float, format!("np.{}(", d.name()), ") is not in list"),
                t => (t.clone(), String::new(), " is not in list"),
            };
            let shown = if python == Type::Scalar(Dtype::C128) {
                cx.boxed_text(&xvals, &python, TextOf::Repr, span)
            } else if python == Type::Complex {
                let h = cx.helper(Helper::ComplexRepr);
                let handle = cx.call(h, &[xvals[0], xvals[1]])[0];
                cx.tracked_str(handle)
            } else {
                let number = cx.convert(xvals[0], &x_ty, &python);
                cx.format_value(number, &python, "", true, span)
            };
            let (head, tail) = (cx.str_const(&head), cx.str_const(tail));
            let message = cx.str_values(BinOp::Add, &vec![head], &Type::Str, &vec![shown], &Type::Str, span);
            let message = cx.str_values(BinOp::Add, &vec![message], &Type::Str, &vec![tail], &Type::Str, span);
            let (p, l) = cx.str_bytes(message);
            let buf = cx.stack_slot(24);
            let tag = cx.iconst(types::I64, 3);
            for (k, w) in [tag, p, l].into_iter().enumerate() {
                cx.b.ins().store(MemFlagsData::trusted(), w, buf, 8 * k as i32);
            }
            let (ep, el) = cx.str_consts("ValueError");
            let (ap, al) = cx.str_consts("");
            let one = cx.iconst(types::I64, 1);
            let (lp, ll) = cx.location(span);
            let f = cx.helper(Helper::RaiseArgs);
            cx.call(f, &[ep, el, ap, al, buf, one, lp, ll]);
            cx.release_temps_from(mark);
            cx.leave_to_error_exit();
        });
        if m == ListMethod::Index {
            return Ok(vec![at]);
        }
        let buf = self.stack_slot(8 * item.slot_count() as u32);
        let (lp, ll) = self.location(span);
        let pop = self.helper(Helper::ListPop);
        self.call(pop, &[list, at, buf, lp, ll]);
        // The removed item's reference comes out with it.
        let removed: Vals = slots_of(&item).iter().enumerate().map(|(k, s)| self.b.ins().load(clif_type(*s), MemFlagsData::trusted(), buf, 8 * k as i32)).collect();
        self.track(&removed, &item);
        Ok(Vec::new())
    }

    /// `x in l` for a list of numbers (complex too) or strings: whether some item equals `x` (in the
    /// type `common`). CPython asks `is` before `==`, so a NaN `x` finds a NaN item only when both
    /// are one object, which compiled numbers cannot tell: that meeting raises NotImplementedError.
    pub(super) fn list_contains(&mut self, x: &[Value], xt: &Type, list: Value, lt: &Type, common: &Type, span: Span) -> Value {
        let item = item_of(lt).clone();
        let len = self.list_len(list);
        let lbody = self.list_body(list);
        let items = self.b.ins().load(types::I64, MemFlagsData::trusted(), lbody, ITEMS_OFFSET);
        let slots = slots_of(&item);
        let found = self.temp_var(types::I8);
        let no = self.iconst(types::I8, 0);
        self.b.def_var(found, no);
        let zero = self.iconst(types::I64, 0);
        let x_nan = self.nan_of(x, xt);
        let r: R<()> = self.index_loop(zero, len, |cx, i, _| {
            let at = cx.b.ins().imul_imm_s(i, 8 * slots.len() as i64);
            let at = cx.b.ins().iadd(items, at);
            let v: Vals = slots.iter().enumerate().map(|(k, s)| cx.b.ins().load(clif_type(*s), MemFlagsData::trusted(), at, 8 * k as i32)).collect();
            cx.refuse_nan_meeting_nan(x_nan, &v, &item, span);
            let eq = cx.item_equals(x, xt, &v, &item, common);
            let cur = cx.b.use_var(found);
            let any = cx.b.ins().bor(cur, eq);
            cx.b.def_var(found, any);
            Ok(())
        });
        r.expect("comparisons of integers cannot fail");
        self.b.use_var(found)
    }
}
