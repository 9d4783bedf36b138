//! Sets: at run time a dict whose entries have no value words (`hasten_runtime::dict`), so
//! membership, `len` and iteration are the dict's (`dict.rs`); here are literals and the methods.

use super::*;

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

    /// `s.add(x)`, `s.discard(x)`, `s.remove(x)` (KeyError if missing), `s.clear()`.
    pub(super) fn set_method(&mut self, m: ListMethod, args: &[Expr], span: Span) -> R<Vals> {
        let s = self.expr(&args[0])?[0];
        let ty = args[0].ty.clone();
        if m == ListMethod::Clear {
            let clear = self.helper(Helper::DictClear);
            self.call(clear, &[s]);
            return Ok(Vec::new());
        }
        let key = self.key_arg(&args[1], &ty)?;
        if m == ListMethod::Add {
            self.set_add(s, key);
            return Ok(Vec::new());
        }
        let pop = self.helper(Helper::DictPop);
        let status = self.call(pop, &[s, key, key])[0];
        if m == ListMethod::Remove {
            let missing = self.b.ins().icmp_imm_s(IntCC::NotEqual, status, 0);
            self.key_error_if(missing, key, &ty, span);
        }
        Ok(Vec::new())
    }
}
