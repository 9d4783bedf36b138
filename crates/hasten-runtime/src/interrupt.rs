//! Ctrl-C in compiled code. hasten's SIGINT handler sets [`FLAG`] while Python's main thread is in a
//! compiled call, and then runs the handler it replaced (Python's, which trips Python's own flag as if
//! hasten were not there). Compiled loops read the flag at each iteration (one load and a never-taken
//! branch to the error exit, like a failed check); the exception is made when it is looked at: with
//! no exception recorded and the flag set, the pending exception is KeyboardInterrupt
//! (`crate::error::take_error`). The `prange` chunks of that call stop the same way. Compiled code
//! that another thread runs at that moment stops too (documented): the flag is one for the process.
//!
//! The binding clears the flag when the outermost call starts and when it ends, so a Ctrl-C that
//! Python handled between calls does not interrupt the next one; a signal that lands in between is
//! still Python's to raise, since the chained handler tripped Python's flag too, and the binding runs
//! Python's pending signal handlers right after arming, so that one landing just before a long call
//! is not left waiting for the call's end (that lost one interrupt in about 45 under load). Compiled code that
//! catches the KeyboardInterrupt clears it (`crate::handlers`), as the interrupt is then handled.

use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::error::PendingError;

/// Nonzero once SIGINT arrived during a compiled call on the main thread; compiled code reads it as
/// one byte.
pub static FLAG: AtomicU8 = AtomicU8::new(0);

/// How many compiled calls the main thread is in (a compiled call may reach Python, which may call
/// compiled code again).
static DEPTH: AtomicUsize = AtomicUsize::new(0);

/// Whether compiled code caught a KeyboardInterrupt during the outermost call.
static CAUGHT: AtomicBool = AtomicBool::new(false);

/// Serialises `install`.
static INSTALLING: Mutex<()> = Mutex::new(());
/// The handler hasten's replaced, run after setting the flag.
static mut CHAINED: Option<libc::sigaction> = None;

extern "C" fn on_sigint(sig: libc::c_int, info: *mut libc::siginfo_t, context: *mut libc::c_void) {
    if DEPTH.load(Ordering::SeqCst) > 0 {
        FLAG.store(1, Ordering::SeqCst);
    }
    // SAFETY: CHAINED is written only while SIGINT is blocked (see `install`), and read here.
    let chained = unsafe { std::ptr::addr_of!(CHAINED).read() };
    if let Some(prev) = chained {
        let h = prev.sa_sigaction;
        if h == libc::SIG_DFL || h == libc::SIG_IGN {
            return;
        }
        // SAFETY: `h` is the handler the process had installed, called as its flags say it expects.
        unsafe {
            if prev.sa_flags & libc::SA_SIGINFO != 0 {
                let f: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) = std::mem::transmute(h);
                f(sig, info, context);
            } else {
                let f: extern "C" fn(libc::c_int) = std::mem::transmute(h);
                f(sig);
            }
        }
    }
}

/// Installs hasten's SIGINT handler in front of the current one, unless it is already there or the
/// current disposition is to ignore SIGINT or to terminate (then Ctrl-C is not Python's to raise and
/// compiled code is left alone). Called at import and whenever Python's `signal.signal` changes SIGINT.
pub fn install() {
    let _guard = INSTALLING.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: plain sigaction calls on a zeroed struct; SIGINT is blocked while CHAINED changes so the
    // handler never reads it half-written.
    unsafe {
        let mut current: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(libc::SIGINT, std::ptr::null(), &mut current) != 0 {
            return;
        }
        let ours = on_sigint as *const () as libc::sighandler_t;
        if current.sa_sigaction == ours || current.sa_sigaction == libc::SIG_DFL || current.sa_sigaction == libc::SIG_IGN {
            return;
        }
        let mut block: libc::sigset_t = std::mem::zeroed();
        let mut old_mask: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut block);
        libc::sigaddset(&mut block, libc::SIGINT);
        libc::pthread_sigmask(libc::SIG_BLOCK, &block, &mut old_mask);
        std::ptr::addr_of_mut!(CHAINED).write(Some(current));
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = ours;
        action.sa_flags = libc::SA_SIGINFO | (current.sa_flags & libc::SA_RESTART);
        action.sa_mask = current.sa_mask;
        libc::sigaction(libc::SIGINT, &action, std::ptr::null_mut());
        libc::pthread_sigmask(libc::SIG_SETMASK, &old_mask, std::ptr::null_mut());
    }
}

/// Starts a compiled call on Python's main thread: Ctrl-C from now on stops compiled code.
pub fn arm() {
    if DEPTH.fetch_add(1, Ordering::SeqCst) == 0 {
        FLAG.store(0, Ordering::SeqCst);
        CAUGHT.store(false, Ordering::SeqCst);
    }
}

/// Ends a call started by [`arm`].
pub fn disarm() {
    if DEPTH.fetch_sub(1, Ordering::SeqCst) == 1 {
        FLAG.store(0, Ordering::SeqCst);
    }
}

/// The address compiled code loads the flag from.
pub fn flag_address() -> *const u8 {
    FLAG.as_ptr() as *const u8
}

/// The exception of a compiled call that stopped without recording one: KeyboardInterrupt when the
/// flag is set (every other failure records its exception).
pub(crate) fn interrupted() -> Option<PendingError> {
    (FLAG.load(Ordering::SeqCst) != 0).then(|| PendingError { exc: "KeyboardInterrupt".to_owned(), ..Default::default() })
}

/// Compiled code caught a KeyboardInterrupt: the Ctrl-C is handled.
pub(crate) fn handled() {
    FLAG.store(0, Ordering::SeqCst);
    CAUGHT.store(true, Ordering::SeqCst);
}

/// Whether compiled code caught a KeyboardInterrupt during the call that just ended: then the
/// binding clears Python's own record of the Ctrl-C, which would raise it again.
pub fn caught() -> bool {
    CAUGHT.swap(false, Ordering::SeqCst)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_without_an_exception_is_the_interrupt_only_while_the_flag_is_set() {
        arm();
        assert!(crate::error::take_error().is_none());
        FLAG.store(1, Ordering::SeqCst);
        assert_eq!(crate::error::take_error().map(|e| e.exc), Some("KeyboardInterrupt".to_string()));
        arm();
        disarm();
        assert_eq!(FLAG.load(Ordering::SeqCst), 1, "an inner call leaves the outer call's interrupt");
        disarm();
        assert!(crate::error::take_error().is_none(), "the outermost call clears it");
    }
}
