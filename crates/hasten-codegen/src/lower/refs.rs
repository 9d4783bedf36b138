//! Reference counting of heap values (the blocks of `hasten_runtime::memory`): which values own a
//! reference, and where references are taken over and released.
//!
//! - A value an expression makes (a new array, a callee's result) owns one reference. It is a
//!   *temporary*, listed in `temps` by its owner value, until something takes it over or the
//!   construct that made it ends: its statement; its expression, when that expression's own value
//!   holds no reference (`np.ones(n).sum()`); a `for` loop's iterable, the loop.
//! - A view has the owner value of its base, so it is the same temporary, or borrows from the same
//!   local, with no count of its own.
//! - Locals own their values, except parameters the body never reassigns (and a `prange` worker's
//!   captured locals), which borrow from the caller for the whole call.
//! - Storing into a local or returning takes a value over: a temporary moves, anything else is
//!   incremented. Rebinding a local releases what it held.
//! - A `return` releases the body's temporaries and owned locals. A failing check does not: the
//!   runtime's scope around the call reclaims what it skipped.
//!
//! Element loads and stores never touch a count, and a function that makes no heap value and
//! rebinds no array emits none of this.

use super::*;
use cranelift_codegen::ir::AtomicRmwOp;
use hasten_runtime::memory::REFCOUNT_OFFSET;

impl<'a, 'f> Lower<'a, 'f> {
    /// Lists the owners of a value that was just made, holding one reference each.
    pub(super) fn track(&mut self, vals: &[Value], ty: &Type) {
        for k in ty.owner_slots() {
            self.temps.push(vals[k]);
        }
    }

    /// Takes over one reference to each heap value in `vals`: a temporary of the innermost scope
    /// moves out of the list, anything else is incremented. (A temporary of an enclosing scope, such
    /// as a loop's iterable, must stay where it is: the code taking it over may run many times.)
    pub(super) fn take_over(&mut self, vals: &[Value], ty: &Type) {
        for k in ty.owner_slots() {
            let owner = vals[k];
            match self.temps[self.scope_start..].iter().rposition(|t| *t == owner) {
                Some(pos) => {
                    self.temps.remove(self.scope_start + pos);
                    // Something refers to it now: writes through that may overlap it.
                    self.fresh.remove(&owner);
                }
                None => self.incref(owner),
            }
        }
    }

    /// Makes sure the innermost scope owns a reference to each heap value in `vals`: borrowed ones
    /// are incremented and listed as its temporaries.
    pub(super) fn hold(&mut self, vals: &[Value], ty: &Type) {
        for k in ty.owner_slots() {
            let owner = vals[k];
            if !self.temps[self.scope_start..].contains(&owner) {
                self.incref(owner);
                self.temps.push(owner);
            }
        }
    }

    /// Releases an owned local's values after their last use; the local then holds none.
    pub(super) fn release_local(&mut self, id: LocalId) {
        if !self.reachable || !self.locals[id as usize].owned {
            return;
        }
        for var in self.locals[id as usize].owner_vars() {
            let owner = self.b.use_var(var);
            self.decref(owner);
            let none = self.iconst(types::I64, 0);
            self.b.def_var(var, none);
        }
    }

    /// Runs `f`, then releases the temporaries it made (unless its code ended in a jump away, which
    /// released them or left them to the runtime).
    pub(super) fn scoped<T>(&mut self, f: impl FnOnce(&mut Self) -> R<T>) -> R<T> {
        self.scoped_pinning(f, |_| Vec::new())
    }

    /// `scoped`, computing the values `pinned` names from the result before any release (see `pin`).
    pub(super) fn scoped_pinning<T>(&mut self, f: impl FnOnce(&mut Self) -> R<T>, pinned: impl FnOnce(&T) -> Vals) -> R<T> {
        let mark = self.temps.len();
        let outer = std::mem::replace(&mut self.scope_start, mark);
        let out = f(self);
        self.scope_start = outer;
        let out = out?;
        if self.reachable && self.temps.len() > mark {
            pinned(&out).into_iter().for_each(|v| self.pin(v));
        }
        self.release_temps_from(mark);
        Ok(out)
    }

    /// Makes `v` computed here, before the releases that follow. Cranelift places pure values where
    /// they are first needed: a sum's final combination would move past the release call after it,
    /// and the accumulators, live across that call, would be spilled inside the summing loop. A
    /// store is a use it cannot move.
    pub(super) fn pin(&mut self, v: Value) {
        let slot = *self.pin_slot.get_or_insert_with(|| {
            self.b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 16, 4))
        });
        self.b.ins().stack_store(types::I64, v, slot, 0);
    }

    /// Releases and forgets the temporaries listed after `mark`.
    pub(super) fn release_temps_from(&mut self, mark: usize) {
        let dead = self.temps.split_off(mark);
        if self.reachable {
            for owner in dead {
                self.decref(owner);
            }
        }
    }

    /// Before a `return`: releases every temporary of this body and every owned local. The list is
    /// kept, for the paths that do not return.
    pub(super) fn release_body(&mut self) {
        let temps = self.temps[self.temp_base..].to_vec();
        for owner in temps {
            self.decref(owner);
        }
        let owned: Vec<Variable> = self.locals.iter().filter(|l| l.owned).flat_map(|l| l.owner_vars()).collect();
        for var in owned {
            let owner = self.b.use_var(var);
            self.decref(owner);
        }
    }

    /// Replaces the value of an owned local by `vals`, which it takes over; releases the old one
    /// after, so that `a = a[1:]` keeps the block alive.
    pub(super) fn rebind(&mut self, id: LocalId, vals: &[Value], ty: &Type) {
        self.take_over(vals, ty);
        for var in self.locals[id as usize].owner_vars() {
            let owner = self.b.use_var(var);
            self.decref(owner);
        }
    }

    /// Adds a reference to the block behind `owner`, if it is one (bit 0 set; else it is a Python
    /// object, which the caller keeps alive, or null for a local not yet bound).
    pub(super) fn incref(&mut self, owner: Value) {
        let (yes, done) = (self.b.create_block(), self.b.create_block());
        let tagged = self.b.ins().band_imm_u(owner, 1);
        self.b.ins().brif(tagged, yes, &[], done, &[]);
        self.b.switch_to_block(yes);
        // The header is at `owner - 1`; compiled code shares blocks across threads under `prange`.
        let count = self.b.ins().iadd_imm_s(owner, REFCOUNT_OFFSET as i64 - 1);
        let one = self.iconst(types::I64, 1);
        self.b.ins().atomic_rmw(types::I64, MemFlagsData::trusted(), AtomicRmwOp::Add, count, one);
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
    }

    /// Releases a reference to the block behind `owner`, if it is one; the last frees it.
    pub(super) fn decref(&mut self, owner: Value) {
        let (yes, done) = (self.b.create_block(), self.b.create_block());
        let tagged = self.b.ins().band_imm_u(owner, 1);
        self.b.ins().brif(tagged, yes, &[], done, &[]);
        self.b.switch_to_block(yes);
        let release = self.helper(Helper::Decref);
        self.call(release, &[owner]);
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
    }
}

impl LocalVars {
    /// The variables holding this local's owners.
    pub(super) fn owner_vars(&self) -> Vec<Variable> {
        self.ty.owner_slots().into_iter().map(|k| self.vars[k]).collect()
    }
}
