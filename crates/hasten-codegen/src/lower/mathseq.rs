//! `math.fsum`, `math.dist` (CPython's algorithms in `hasten_runtime::mathseq`, over the item
//! slots of the lists the front end made) and `math.prod` (a left fold with the recorded `*`).

use super::*;
use hasten_runtime::list::ITEMS_OFFSET;
use hasten_runtime::mathseq as m;

/// How the runtime reads an item slot of a list of `item`.
fn kind_of(item: &Type) -> i64 {
    match item {
        Type::Float | Type::Scalar(Dtype::F64) => m::KIND_F64,
        Type::Int | Type::Scalar(Dtype::I64) => m::KIND_I64,
        Type::Bool | Type::Scalar(Dtype::Bool | Dtype::I8) => m::KIND_I8,
        Type::Scalar(Dtype::F32) => m::KIND_F32,
        Type::Scalar(Dtype::I32) => m::KIND_I32,
        Type::Scalar(Dtype::I16) => m::KIND_I16,
        Type::Scalar(Dtype::U8) => m::KIND_U8,
        Type::Scalar(Dtype::U16) => m::KIND_U16,
        Type::Scalar(Dtype::U32) => m::KIND_U32,
        Type::Scalar(Dtype::U64) => m::KIND_U64,
        t => unreachable!("the type checker allows lists of real numbers only, not {t}"),
    }
}

fn item_of(list: &Type) -> &Type {
    let Type::List(item) = list else { unreachable!("the front end passes lists") };
    item
}

impl<'a, 'f> Lower<'a, 'f> {
    pub(super) fn math_of_lists(&mut self, f: MathFn, args: &[Expr], ty: &Type, plan: &Plan, span: Span) -> R<Value> {
        let mut vals = Vec::new();
        for a in args {
            vals.push(self.expr(a)?[0]);
        }
        match f {
            MathFn::Fsum => {
                let mut words = self.list_words(vals[0]);
                words.push(self.iconst(types::I64, kind_of(item_of(&args[0].ty))));
                Ok(self.math_status_call(Helper::MathFsum, &words, types::F64, span))
            }
            MathFn::Dist => {
                let mut words = Vec::new();
                for (v, a) in vals.iter().zip(args) {
                    words.extend(self.list_words(*v));
                    words.push(self.iconst(types::I64, kind_of(item_of(&a.ty))));
                }
                Ok(self.math_status_call(Helper::MathDist, &words, types::F64, span))
            }
            _ => self.math_prod(vals[0], item_of(&args[0].ty), vals[1], &args[1].ty, ty, plan, span),
        }
    }

    /// A list's item block and length.
    fn list_words(&mut self, list: Value) -> Vec<Value> {
        let len = self.list_len(list);
        let body = self.list_body(list);
        let items = self.b.ins().load(types::I64, MemFlagsData::trusted(), body, ITEMS_OFFSET);
        vec![items, len]
    }

    /// `start * l[0] * l[1] ...` from the left, CPython's order, each step in the result type.
    #[allow(clippy::too_many_arguments)]
    fn math_prod(&mut self, list: Value, item: &Type, start: Value, start_ty: &Type, ty: &Type, plan: &Plan, span: Span) -> R<Value> {
        let Plan::Binary(mul) = plan else { unreachable!("the type checker plans math.prod") };
        let acc = self.temp_var(scalar_clif(ty));
        let init = self.convert(start, start_ty, ty);
        self.b.def_var(acc, init);
        let words = self.list_words(list);
        let (items, len) = (words[0], words[1]);
        let zero = self.iconst(types::I64, 0);
        let clif = scalar_clif(item);
        self.index_loop(zero, len, |cx, i, _| {
            let at = cx.b.ins().imul_imm_s(i, 8);
            let at = cx.b.ins().iadd(items, at);
            let v = cx.b.ins().load(clif, MemFlagsData::trusted(), at, 0);
            let cur = cx.b.use_var(acc);
            let (p, pty) = cx.binary(BinOp::Mul, cur, ty, v, item, mul, span)?;
            let p = cx.convert(p, &pty, ty);
            cx.b.def_var(acc, p);
            Ok(())
        })?;
        Ok(self.b.use_var(acc))
    }
}
