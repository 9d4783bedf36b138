//! Sets: at run time a dict whose entries have no value words (`hasten_runtime::dict`), so
//! membership, `len` and iteration are the dict's (`dict.rs`); here are literals, the methods, the
//! operators `| & - ^` (in place too) and the comparisons of sets and of dicts, whole-set work being
//! done by `hasten_runtime::dict::ops`.

use super::*;

/// The runtime's code of a set operation (`hasten_rt_set_update`).
fn algebra_code(op: BinOp) -> i64 {
    match op {
        BinOp::BitOr => 0,
        BinOp::BitAnd => 1,
        BinOp::Sub => 2,
        _ => 3,
    }
}

/// The operator a set method applies.
fn method_op(m: ListMethod) -> BinOp {
    match m {
        ListMethod::Union | ListMethod::Update => BinOp::BitOr,
        ListMethod::Intersection | ListMethod::IntersectionUpdate => BinOp::BitAnd,
        ListMethod::Difference | ListMethod::DifferenceUpdate => BinOp::Sub,
        _ => BinOp::BitXor,
    }
}

/// How `hasten_rt_dict_eq` compares each word of a value: four bits per word.
fn value_word_kinds(t: &Type, kinds: &mut Vec<i64>) {
    match t {
        Type::Tuple(items) => items.iter().for_each(|i| value_word_kinds(i, kinds)),
        Type::Str => kinds.push(6),
        Type::Bool => kinds.push(1),
        Type::Float | Type::Scalar(Dtype::F64) => kinds.push(4),
        Type::Scalar(Dtype::F32) => kinds.push(5),
        Type::Scalar(d) => kinds.push(match d.itemsize() {
            1 => 1,
            2 => 2,
            4 => 3,
            _ => 0,
        }),
        _ => kinds.push(0),
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// `{a, b, ...}` and `set()`.
    pub(super) fn set_literal(&mut self, items: &[Expr], ty: &Type) -> R<Vals> {
        let s = self.new_dict(ty);
        for e in items {
            let key = self.key_arg(e, ty)?;
            self.set_add(s, key);
        }
        Ok(vec![s])
    }

    /// Adds the packed `key` (a value of no words follows it, so any address serves).
    fn set_add(&mut self, s: Value, key: Value) {
        let set = self.helper(Helper::DictSet);
        let status = self.call(set, &[s, key, key])[0];
        self.check_status(status);
    }

    /// The methods of sets; the result has type `ty`.
    pub(super) fn set_method(&mut self, m: ListMethod, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let s = self.expr(&args[0])?[0];
        let st = args[0].ty.clone();
        // Every argument is evaluated before the set is changed, as CPython evaluates them.
        let values: Vec<Vals> = args[1..].iter().map(|e| self.expr(e)).collect::<R<_>>()?;
        let others: Vals = values.iter().map(|v| v[0]).collect();
        match m {
            ListMethod::Clear => {
                let clear = self.helper(Helper::DictClear);
                self.call(clear, &[s]);
                return Ok(Vec::new());
            }
            ListMethod::Copy => return Ok(vec![self.dict_copy(s)]),
            ListMethod::Pop => return Ok(self.pop_entry(s, &st, ty, "pop from an empty set", span)),
            ListMethod::Add | ListMethod::Discard | ListMethod::Remove => {}
            ListMethod::Issubset | ListMethod::Issuperset | ListMethod::Isdisjoint => {
                let (a, b, code) = match m {
                    ListMethod::Issubset => (s, others[0], 0),
                    ListMethod::Issuperset => (others[0], s, 0),
                    _ => (s, others[0], 3),
                };
                return Ok(vec![self.set_compare_call(a, b, code)]);
            }
            ListMethod::Union | ListMethod::Intersection | ListMethod::Difference | ListMethod::SymmetricDifference => {
                let r = self.dict_copy(s);
                let code = algebra_code(method_op(m));
                others.iter().for_each(|o| self.set_update_call(r, *o, code));
                return Ok(vec![r]);
            }
            _ => {
                let code = algebra_code(method_op(m));
                others.iter().for_each(|o| self.set_update_call(s, *o, code));
                return Ok(Vec::new());
            }
        }
        let key = self.key_words(values[0].clone(), &args[1].ty, &st);
        if m == ListMethod::Add {
            self.set_add(s, key);
            return Ok(Vec::new());
        }
        let pop = self.helper(Helper::DictPop);
        let status = self.call(pop, &[s, key, key])[0];
        if m == ListMethod::Remove {
            let missing = self.b.ins().icmp_imm_s(IntCC::NotEqual, status, 0);
            self.key_error_if(missing, key, &st, span);
        }
        Ok(Vec::new())
    }

    /// `a op b` of two sets: a new set.
    pub(super) fn set_binary(&mut self, op: BinOp, l: &Expr, r: &Expr) -> R<Value> {
        let a = self.expr(l)?[0];
        let b = self.expr(r)?[0];
        let code = self.iconst(types::I64, algebra_code(op));
        let f = self.helper(Helper::SetBinary);
        let block = self.call(f, &[a, b, code])[0];
        Ok(self.made_dict(block))
    }

    /// `s op= t` of a local set: updated in place, the same set.
    pub(super) fn set_aug_assign(&mut self, id: LocalId, op: BinOp, value: &Expr, span: Span) -> R<()> {
        let s = self.read_local(id, span)[0];
        let t = self.expr(value)?[0];
        self.set_update_call(s, t, algebra_code(op));
        Ok(())
    }

    fn set_update_call(&mut self, s: Value, t: Value, code: i64) {
        let code = self.iconst(types::I64, code);
        let f = self.helper(Helper::SetUpdate);
        let status = self.call(f, &[s, t, code])[0];
        self.check_status(status);
    }

    /// `hasten_rt_set_compare` as a bool.
    fn set_compare_call(&mut self, a: Value, b: Value, code: i64) -> Value {
        let code = self.iconst(types::I64, code);
        let f = self.helper(Helper::SetCompare);
        let r = self.call(f, &[a, b, code])[0];
        self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0)
    }

    /// `l op r` of two sets (each order is inclusion) or two dicts (`==` and `!=`) of type `ty`.
    pub(super) fn container_compare(&mut self, op: CmpOp, l: Value, r: Value, ty: &Type) -> Value {
        let equal = match ty {
            Type::Dict(_, value) => {
                let mut kinds = Vec::new();
                value_word_kinds(value, &mut kinds);
                let kinds = kinds.iter().enumerate().fold(0i64, |m, (i, k)| m | k << (4 * i));
                let kinds = self.iconst(types::I64, kinds);
                let f = self.helper(Helper::DictEq);
                let eq = self.call(f, &[l, r, kinds])[0];
                self.b.ins().icmp_imm_s(IntCC::NotEqual, eq, 0)
            }
            _ => match op {
                CmpOp::LtE => return self.set_compare_call(l, r, 0),
                CmpOp::Lt => return self.set_compare_call(l, r, 1),
                CmpOp::GtE => return self.set_compare_call(r, l, 0),
                CmpOp::Gt => return self.set_compare_call(r, l, 1),
                _ => self.set_compare_call(l, r, 2),
            },
        };
        if op == CmpOp::NotEq { self.b.ins().bxor_imm_u(equal, 1) } else { equal }
    }
}
