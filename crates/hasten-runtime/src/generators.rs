//! Generators called from Python. The compiled driver of a generator function (a `for` loop over
//! its call whose body hands each value out, `hasten_typeck`'s `yields.rs`) runs on a stack of its
//! own, a coroutine: [`hasten_rt_yield`] suspends it at each value until Python asks for the next,
//! so the generator's code runs lazily, between the consumer's steps, as CPython runs it.
//!
//! What the driver allocates is listed in a scope of its own, entered at each resumption and left
//! at each suspension, which frees what an exception left behind when the generator ends. A
//! generator dropped before its end is resumed once more with `close`: the suspended `yield` then
//! returns true and the driver returns from there, releasing what it holds (a `yield` is never
//! inside a `try`, so that is all CPython's GeneratorExit would do).

use std::cell::{Cell, RefCell};
use std::ptr;

use corosensei::stack::{DefaultStack, Stack};
use corosensei::{Coroutine, CoroutineResult, Yielder};

use crate::memory::{ArenaScope, ScopeHandle};

/// A compiled entry point: the argument slots, the return slots; the status (0: returned).
pub type Entry = unsafe extern "C" fn(*const u64, *mut u64) -> i32;

/// Input of a resumption: whether to close the generator; output of a suspension: the address of
/// the yielded value's slots, valid while the generator is suspended.
type Link = Yielder<bool, *const u64>;

/// The stack of a generator's compiled frames: the budget of a top-level call with room below it
/// for the runtime helpers they call. Reserved, not committed: pages are touched as used.
const STACK_SIZE: usize = 2 << 20;

/// Stacks of finished generators kept for the next ones: mapping a stack costs more than a short
/// generator's whole run.
const SPARE_STACKS: usize = 16;

type Co = Coroutine<bool, *const u64, i32, DefaultStack>;

thread_local! {
    /// The running generator's link, set by [`Resumable::resume`] around each resumption.
    static RUNNING: Cell<*const Link> = const { Cell::new(ptr::null()) };
    static SPARE: RefCell<Vec<DefaultStack>> = const { RefCell::new(Vec::new()) };
}

/// What a resumption ended with.
pub enum Step {
    /// The generator suspended at a value: its slots, valid until the next resumption.
    Yielded(*const u64),
    /// The driver returned with this status (0: the generator is exhausted; otherwise an
    /// exception is pending, `crate::error`).
    Finished(i32),
}

/// A generator's driver, started on the first resumption.
pub struct Resumable {
    /// Taken only when dropped, to keep its stack.
    co: Option<Co>,
    link: *const Link,
    /// The scope the driver's allocations are listed in, while it is suspended.
    scope: ScopeHandle,
    limit: usize,
    finished: bool,
}

impl Resumable {
    /// A generator that will call `entry` with `args` (slots kept alive by the caller, who also
    /// keeps alive whatever they refer to) and `ret_slots` return slots.
    pub fn new(entry: Entry, args: *const u64, ret_slots: usize) -> std::io::Result<Resumable> {
        let spare = SPARE.try_with(|s| s.borrow_mut().pop()).ok().flatten();
        let stack = match spare {
            Some(stack) => stack,
            None => DefaultStack::new(STACK_SIZE)?,
        };
        let limit = crate::stack::limit_above(stack.limit().get());
        let args = args as usize;
        let co = Coroutine::with_stack(stack, move |link: &Link, _close: bool| {
            RUNNING.with(|r| r.set(link));
            let mut scope = ArenaScope::begin();
            crate::stack::swap_limit(limit);
            let mut ret = vec![0u64; ret_slots.max(1)];
            // SAFETY: the caller keeps the arguments alive for the generator's life.
            let status = unsafe { entry(args as *const u64, ret.as_mut_ptr()) };
            if status == 0 {
                scope.returned();
            }
            status
        });
        Ok(Resumable { co: Some(co), link: ptr::null(), scope: ScopeHandle::current(), limit, finished: false })
    }

    /// Whether the generator has run (its first resumption happened).
    pub fn started(&self) -> bool {
        self.co().started()
    }

    fn co(&self) -> &Co {
        self.co.as_ref().expect("taken only when dropped")
    }

    /// Runs the generator to its next value or its end (then it stays finished).
    pub fn resume(&mut self) -> Step {
        if self.finished {
            return Step::Finished(0);
        }
        self.switch(false)
    }

    /// Ends a generator suspended at a value by returning from there. Nothing happens to one not
    /// yet started or already finished.
    pub fn close(&mut self) {
        if self.started() && !self.finished {
            if let Step::Finished(status) = self.switch(true) {
                if status != 0 {
                    crate::error::take_error();
                }
            }
        }
    }

    fn switch(&mut self, close: bool) -> Step {
        let outer_link = RUNNING.with(|r| r.replace(self.link));
        let outer_limit = crate::stack::swap_limit(self.limit);
        let outer_scope = if self.started() { self.scope.enter() } else { ScopeHandle::current() };
        let step = match self.co.as_mut().expect("taken only when dropped").resume(close) {
            CoroutineResult::Yield(values) => Step::Yielded(values),
            CoroutineResult::Return(status) => {
                self.finished = true;
                Step::Finished(status)
            }
        };
        self.link = RUNNING.with(|r| r.replace(outer_link));
        self.scope = outer_scope.enter();
        crate::stack::swap_limit(outer_limit);
        step
    }
}

impl Drop for Resumable {
    fn drop(&mut self) {
        self.close();
        let Some(co) = self.co.take() else { return };
        if co.done() {
            let stack = co.into_stack();
            let _ = SPARE.try_with(|s| {
                let mut s = s.borrow_mut();
                if s.len() < SPARE_STACKS {
                    s.push(stack);
                }
            });
        } else if co.started() {
            // Unwinding compiled frames is impossible; a driver that did not return when closed
            // keeps its stack rather than being unwound.
            std::mem::forget(co);
        }
    }
}

/// `yield value` of a generator called from Python: suspends the running generator with the
/// address of the value's slots; returns 1 when it is being closed (or, never in compiled code,
/// when no generator is running).
///
/// # Safety
/// Called by compiled code on a generator's stack, `values` pointing at its value's slots.
pub unsafe extern "C" fn hasten_rt_yield(values: *const u64) -> i32 {
    let link = RUNNING.with(Cell::get);
    if link.is_null() {
        return 1;
    }
    (*link).suspend(values) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Yields 0, 10, 20, ... as a compiled driver would; its argument is how many. Fails when
    /// closed, which a driver never does, so that the tests see where it returned from.
    unsafe extern "C" fn count(args: *const u64, _ret: *mut u64) -> i32 {
        for k in 0..*args {
            let v = [k * 10];
            if hasten_rt_yield(v.as_ptr()) != 0 {
                crate::error::set_error("GeneratorExit", None, "");
                return 1;
            }
        }
        0
    }

    #[test]
    fn values_come_one_resumption_at_a_time() {
        let args = [3u64];
        let mut g = Resumable::new(count, args.as_ptr(), 1).unwrap();
        let mut seen = Vec::new();
        while let Step::Yielded(p) = g.resume() {
            seen.push(unsafe { *p });
        }
        assert_eq!(seen, [0, 10, 20]);
        assert!(matches!(g.resume(), Step::Finished(0)));
    }

    #[test]
    fn closing_resumes_the_suspended_yield_once() {
        let args = [5u64];
        let mut g = Resumable::new(count, args.as_ptr(), 1).unwrap();
        assert!(matches!(g.resume(), Step::Yielded(_)));
        g.close();
        assert!(g.finished && g.co().done());
        assert!(crate::error::take_error().is_none(), "close discards what a failing close left");
    }

    #[test]
    fn finished_generators_leave_their_stacks_for_the_next() {
        let args = [1u64];
        let spare = || SPARE.with(|s| s.borrow().len());
        let before = spare();
        let mut g = Resumable::new(count, args.as_ptr(), 1).unwrap();
        while let Step::Yielded(_) = g.resume() {}
        drop(g);
        assert_eq!(spare(), (before + 1).min(SPARE_STACKS));
        let h = Resumable::new(count, args.as_ptr(), 1).unwrap();
        assert_eq!(spare(), before.min(SPARE_STACKS), "the next one takes it");
        drop(h);
        assert_eq!(spare(), before, "one never started drops its stack");
    }

    #[test]
    fn interleaved_generators_keep_their_own_links() {
        let (a, b) = ([2u64], [3u64]);
        let mut g = Resumable::new(count, a.as_ptr(), 1).unwrap();
        let mut h = Resumable::new(count, b.as_ptr(), 1).unwrap();
        let mut seen = Vec::new();
        for _ in 0..3 {
            for r in [&mut g, &mut h] {
                if let Step::Yielded(p) = r.resume() {
                    seen.push(unsafe { *p });
                }
            }
        }
        assert_eq!(seen, [0, 0, 10, 10, 20]);
        assert_eq!(unsafe { hasten_rt_yield([1].as_ptr()) }, 1, "no generator runs here");
        crate::error::take_error();
    }
}
