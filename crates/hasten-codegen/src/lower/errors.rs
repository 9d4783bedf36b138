//! Raising exceptions from compiled code. A check branches to a cold block that records the
//! exception in the runtime's error state (with the pre-rendered source location) and jumps to the
//! function's one error exit, which returns status 1. Errors are never traps: a trap kills the
//! process.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    /// Emits the failure paths' deferred blocks and the shared error exit, if any check branches
    /// to it: it returns status 1, first releasing the owned locals if a caller may catch the
    /// failure (see `handlers`).
    pub(super) fn emit_error_exit(&mut self) {
        self.emit_deferred();
        if let Some(exit) = self.error_exit {
            self.b.switch_to_block(exit);
            if self.info.handles_errors {
                for var in self.owned_vars() {
                    let owner = self.b.use_var(var);
                    self.decref(owner);
                }
            }
            let one = self.iconst(types::I32, 1);
            self.b.ins().return_(&[one]);
        }
    }

    /// The function's shared error exit.
    pub(super) fn function_error_exit(&mut self) -> Block {
        if let Some(b) = self.error_exit {
            return b;
        }
        let block = self.b.create_block();
        self.b.set_cold_block(block);
        self.error_exit = Some(block);
        block
    }

    pub(super) fn location(&mut self, span: Span) -> (Value, Value) {
        let text = self.map.render_location(span);
        self.str_consts(&text)
    }

    pub(super) fn error_exit(&mut self) -> Block {
        if let Some(t) = self.error_target {
            self.speculative_exits += 1;
            return t;
        }
        if self.info.handles_errors {
            return self.handled_error_exit();
        }
        self.function_error_exit()
    }

    /// Emits the raise of `exc(msg)` at the current point, leaving the block terminated.
    pub(super) fn emit_raise(&mut self, exc: &str, msg: Option<&str>, span: Span) {
        self.raise_class(exc, |cx| {
            let (ep, el) = cx.str_consts(exc);
            let (mp, ml) = match msg {
                Some(m) => cx.str_consts(m),
                None => (cx.b.ins().iconst(types::I64, 0), cx.b.ins().iconst(types::I64, 0)),
            };
            let (lp, ll) = cx.location(span);
            let f = cx.helper(Helper::Raise);
            cx.call(f, &[ep, el, mp, ml, lp, ll]);
        });
    }

    /// Raises the builtin class `exc`, which `record` puts in the runtime's error state (a helper
    /// that formats the message), and leaves the block terminated; or, where the `try` around
    /// catches it in a clause that never looks at it, jumps straight to that clause
    /// (`direct_handler`).
    pub(super) fn raise_class(&mut self, exc: &str, record: impl FnOnce(&mut Self)) {
        if let Some(handler) = self.direct_handler(exc) {
            self.leave_to(handler);
            return;
        }
        record(self);
        self.leave_to_error_exit();
    }

    /// Ends a raise block with a jump to the error exit. Inside `fail_if_with` the block also gets a
    /// never-taken edge back to the checked code's continuation: Cranelift's egraph stops hoisting
    /// loop invariants for the rest of a loop body once its walk of the dominator tree has entered
    /// a block outside the loop, and this keeps raise blocks inside their loop.
    pub(super) fn leave_to_error_exit(&mut self) {
        let exit = self.error_exit();
        self.leave_to(exit);
    }

    /// Ends a raise block with a jump to `exit` (with the edge `leave_to_error_exit` describes).
    pub(super) fn leave_to(&mut self, exit: Block) {
        match self.raise_cont {
            Some(cont) => {
                let always = self.b.ins().iconst(types::I8, 1);
                self.b.ins().brif(always, exit, &[], cont, &[]);
            }
            None => {
                self.b.ins().jump(exit, &[]);
            }
        }
    }

    /// Branches to a cold block that runs `raise` and fails when `cond` is true.
    pub(super) fn fail_if_with(&mut self, cond: Value, raise: impl FnOnce(&mut Self)) {
        let cond = match self.select_pred {
            Some(p) => self.b.ins().band(cond, p),
            None => cond,
        };
        let cold = self.b.create_block();
        let cont = self.b.create_block();
        self.b.set_cold_block(cold);
        self.b.ins().brif(cond, cold, &[], cont, &[]);
        self.b.switch_to_block(cold);
        let outer = self.raise_cont.replace(cont);
        raise(self);
        self.raise_cont = outer;
        self.b.switch_to_block(cont);
    }

    pub(super) fn fail_if(&mut self, cond: Value, exc: &str, msg: &str, span: Span) {
        self.fail_if_with(cond, |cx| cx.emit_raise(exc, Some(msg), span));
    }

    /// Ctrl-C: reads the runtime's interrupt flag (one byte) and leaves through the error exit when it
    /// is set; the runtime makes the KeyboardInterrupt when the failure is looked at (see
    /// `hasten_runtime::interrupt`). A plain load: every poll sits in a loop whose other path calls
    /// or stores, so Cranelift never merges it with an earlier read of the flag.
    pub(super) fn poll_interrupt(&mut self) {
        let flag = self.helper(Helper::InterruptFlag);
        let addr = self.b.ins().func_addr(types::I64, flag);
        let set = self.b.ins().atomic_load(types::I8, MemFlagsData::trusted(), addr);
        self.check_status(set);
    }

    /// Polls for Ctrl-C when the count `n` of iterations done is a multiple of `POLL_CHUNK`: a
    /// register test per iteration instead of a load, for loops that are not `range` loops.
    pub(super) fn poll_interrupt_every(&mut self, n: Value) {
        let (poll, cont) = (self.b.create_block(), self.b.create_block());
        let within = self.b.ins().band_imm_s(n, super::loops::POLL_CHUNK - 1);
        self.b.set_cold_block(poll);
        self.b.ins().brif(within, cont, &[], poll, &[]);
        self.b.switch_to_block(poll);
        self.poll_interrupt();
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// Propagates an error already recorded by a helper when `status` is nonzero.
    pub(super) fn check_status(&mut self, status: Value) {
        let exit = self.error_exit();
        let cont = self.b.create_block();
        self.b.ins().brif(status, exit, &[], cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// Raises OverflowError when the 128-bit `v` does not fit in 64 bits, and, given `count`, only
    /// when that trip count is not zero.
    pub(super) fn check_fits_i64(&mut self, v: Value, count: Option<Value>, span: Span) {
        let low = self.b.ins().ireduce(types::I64, v);
        let back = self.b.ins().sextend(types::I128, low);
        let mut lost = self.b.ins().icmp(IntCC::NotEqual, back, v);
        if let Some(n) = count {
            let runs = self.b.ins().icmp_imm_s(IntCC::NotEqual, n, 0);
            lost = self.b.ins().band(lost, runs);
        }
        self.fail_if(lost, "OverflowError", OVERFLOW, span);
    }

    /// NumPy 2 refuses to store a Python int that does not fit the array's integer dtype.
    pub(super) fn check_python_int_fits(&mut self, v: Value, d: Dtype, span: Span) {
        let bits = d.itemsize() * 8;
        let (lo, hi): (i64, i64) = if d.is_signed() {
            (-(1i64 << (bits - 1)), (1i64 << (bits - 1)) - 1)
        } else if bits == 64 {
            (0, i64::MAX)
        } else {
            (0, (1i64 << bits) - 1)
        };
        let below = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, v, lo);
        let above = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, v, hi);
        let bad = self.b.ins().bor(below, above);
        let msg = format!("Python integer {{}} out of bounds for {d}");
        self.fail_if_with(bad, |cx| {
            let (ep, el) = cx.str_consts("OverflowError");
            let (mp, ml) = cx.str_consts(&msg);
            let (lp, ll) = cx.location(span);
            let f = cx.helper(Helper::RaiseInt);
            cx.call(f, &[ep, el, mp, ml, v, lp, ll]);
            cx.leave_to_error_exit();
        });
    }
}
