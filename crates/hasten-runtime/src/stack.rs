//! A stack budget for recursive compiled code. Native recursion has no interpreter to stop it, and a
//! stack overflow would kill the process; recursive functions compare their stack address with a limit
//! on entry and raise RecursionError past it, as CPython does at its recursion limit.

use std::cell::Cell;

/// Stack a top-level call may use for compiled frames: thousands of frames of recursion, well inside
/// the 8 MiB that Linux gives the main thread and Python's threads by default.
const BUDGET: usize = 1 << 20;

/// Stack left below the limit for what runs under the deepest compiled frame: runtime helpers (sorts,
/// formatting), a signal handler, Python code that compiled code calls back.
const RESERVE: usize = 96 << 10;

thread_local! {
    static LIMIT: Cell<usize> = const { Cell::new(0) };
    /// The lowest address of this thread's stack (0 until read; `usize::MAX` if it cannot be read).
    static STACK_LOW: Cell<usize> = const { Cell::new(0) };
}

/// The lowest usable address of the calling thread's stack, read once per thread: a thread started
/// with a small stack (`threading.stack_size(256 * 1024)`) has less than `BUDGET` of it.
fn stack_low() -> Option<usize> {
    let known = STACK_LOW.with(Cell::get);
    if known != 0 {
        return (known != usize::MAX).then_some(known);
    }
    let low = read_stack_low();
    STACK_LOW.with(|s| s.set(low.unwrap_or(usize::MAX)));
    low
}

#[cfg(target_os = "linux")]
fn read_stack_low() -> Option<usize> {
    // SAFETY: plain pthread calls on a zeroed attribute object, destroyed after use.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut addr: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let ok = libc::pthread_attr_getstack(&attr, &mut addr, &mut size) == 0;
        let mut guard: libc::size_t = 0;
        libc::pthread_attr_getguardsize(&attr, &mut guard);
        libc::pthread_attr_destroy(&mut attr);
        (ok && !addr.is_null()).then(|| addr as usize + guard)
    }
}

#[cfg(not(target_os = "linux"))]
fn read_stack_low() -> Option<usize> {
    None
}

/// The limit for a top-level call whose frame is at `here`: `BUDGET` below it, but never closer
/// than `RESERVE` to the end of the thread's stack.
fn limit_for(here: usize, low: Option<usize>) -> usize {
    let by_budget = here.saturating_sub(BUDGET);
    match low {
        Some(low) => by_budget.max(low.saturating_add(RESERVE)),
        None => by_budget,
    }
}

/// Sets the limit for this thread; called when a top-level call into compiled code starts.
#[inline(never)]
pub fn mark() {
    let here = 0u8;
    let addr = std::ptr::addr_of!(here) as usize;
    let limit = limit_for(addr, stack_low());
    LIMIT.with(|l| l.set(limit));
}

/// Makes `limit` this thread's limit and returns the one it replaces: a generator's compiled frames
/// run on a stack of their own (`crate::generators`), whose lowest address `low` gives it.
pub fn swap_limit(limit: usize) -> usize {
    LIMIT.with(|l| l.replace(limit))
}

/// The limit for compiled frames on a stack of their own whose lowest usable address is `low`.
pub fn limit_above(low: usize) -> usize {
    low.saturating_add(RESERVE)
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

    #[test]
    fn a_small_thread_stack_keeps_the_reserve() {
        let (here, low) = std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(|| {
                mark();
                let here = 0u8;
                (std::ptr::addr_of!(here) as usize, stack_low().expect("a thread's stack is known"))
            })
            .unwrap()
            .join()
            .unwrap();
        assert!(here - low < 256 << 10, "the stack read is this thread's");
        assert_eq!(limit_for(here, Some(low)), low + RESERVE);
        assert_eq!(limit_for(here, None), here - BUDGET);
    }
}
