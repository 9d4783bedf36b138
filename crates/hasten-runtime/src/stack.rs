//! A stack budget for recursive compiled code. Native recursion has no interpreter to stop it, and a
//! stack overflow would kill the process; recursive functions compare their stack address with a limit
//! on entry and raise RecursionError past it, as CPython does at its recursion limit.

use std::cell::Cell;

/// Stack a top-level call may use for compiled frames: thousands of frames of recursion, well inside
/// the 8 MiB that Linux gives the main thread and Python's threads by default.
const BUDGET: usize = 1 << 20;

thread_local! {
    static LIMIT: Cell<usize> = const { Cell::new(0) };
}

/// Sets the limit `BUDGET` bytes below the caller's stack position; called when a top-level call into
/// compiled code starts.
#[inline(never)]
pub fn mark() {
    let here = 0u8;
    let addr = std::ptr::addr_of!(here) as usize;
    LIMIT.with(|l| l.set(addr.saturating_sub(BUDGET)));
}

/// The lowest stack address compiled frames may use on this thread (0: no limit set).
pub extern "C" fn hasten_rt_stack_limit() -> u64 {
    LIMIT.with(|l| l.get()) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_lies_below_the_marking_frame() {
        assert_eq!(std::thread::spawn(|| hasten_rt_stack_limit()).join().unwrap(), 0);
        mark();
        let here = 0u8;
        let limit = hasten_rt_stack_limit() as usize;
        assert!(limit > 0 && limit < std::ptr::addr_of!(here) as usize);
    }
}
