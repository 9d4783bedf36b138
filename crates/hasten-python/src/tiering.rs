//! The two tiers of a specialisation. Every specialisation starts on tier 1 (Cranelift). Under
//! `tier='auto'` the dispatcher adds up the time its calls take; past `PROMOTE_AFTER` it asks
//! `hasten._tier2.promote` to recompile the module with LLVM on a background thread, and the new
//! entry is swapped in atomically: calls already running finish on tier 1, later calls take tier 2.
//! `tier=2` compiles tier 2 before the first call returns; `tier=1` never promotes.

use hasten_compiler::EntryFn;
use pyo3::prelude::*;
use std::sync::atomic::{AtomicPtr, AtomicU64, AtomicU8, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Time in compiled calls after which a specialisation is promoted, in nanoseconds (changed by
/// `set_promote_after`). A tier-2 compile costs tens to hundreds of milliseconds of one core;
/// promoting after a comparable amount of run time bounds the compile work by the work already
/// done.
static PROMOTE_AFTER_NS: AtomicU64 = AtomicU64::new(200_000_000);

pub(crate) const AUTO: u8 = 0;
pub(crate) const TIER2: u8 = 2;

const RUNNING_TIER1: u8 = 0;
const COMPILING: u8 = 1;
const RUNNING_TIER2: u8 = 2;
const FAILED: u8 = 3;

pub(crate) struct Tiering {
    entry: AtomicPtr<u8>,
    state: AtomicU8,
    mode: u8,
    ticks: AtomicU64,
    /// Keeps tier 2's machine code alive (the llvmlite engine), and what compiling it cost.
    tier2: OnceLock<(Py<PyAny>, f64)>,
    error: OnceLock<String>,
}

impl Tiering {
    pub(crate) fn new(entry: EntryFn, mode: u8) -> Tiering {
        Tiering {
            entry: AtomicPtr::new(entry as *mut u8),
            state: AtomicU8::new(RUNNING_TIER1),
            mode,
            ticks: AtomicU64::new(0),
            tier2: OnceLock::new(),
            error: OnceLock::new(),
        }
    }

    #[inline]
    pub(crate) fn entry(&self) -> EntryFn {
        // SAFETY: only ever set from an `EntryFn` or from a tier-2 entry with the same signature.
        unsafe { std::mem::transmute::<*mut u8, EntryFn>(self.entry.load(Ordering::Acquire)) }
    }

    /// Whether calls should be timed: the policy is automatic and nothing is promoted yet.
    #[inline]
    pub(crate) fn timing(&self) -> bool {
        self.mode == AUTO && self.state.load(Ordering::Relaxed) == RUNNING_TIER1
    }

    /// Adds a call's duration; true exactly once, for the call that crosses the threshold (that
    /// call starts the promotion).
    pub(crate) fn account(&self, elapsed: u64) -> bool {
        let total = self.ticks.fetch_add(elapsed, Ordering::Relaxed) + elapsed;
        total >= threshold()
            && self.state.compare_exchange(RUNNING_TIER1, COMPILING, Ordering::AcqRel, Ordering::Relaxed).is_ok()
    }

    /// Marks an explicit (`tier=2`) promotion as started.
    pub(crate) fn begin(&self) {
        self.state.store(COMPILING, Ordering::Release);
    }

    pub(crate) fn install(&self, address: usize, keep: Py<PyAny>, seconds: f64) -> bool {
        if address == 0 || self.tier2.set((keep, seconds)).is_err() {
            return false;
        }
        self.entry.store(address as *mut u8, Ordering::Release);
        self.state.store(RUNNING_TIER2, Ordering::Release);
        true
    }

    pub(crate) fn fail(&self, message: String) {
        let _ = self.error.set(message);
        self.state.store(FAILED, Ordering::Release);
    }

    pub(crate) fn tier(&self) -> u8 {
        if self.state.load(Ordering::Acquire) == RUNNING_TIER2 {
            2
        } else {
            1
        }
    }

    pub(crate) fn compile_seconds(&self) -> Option<f64> {
        self.tier2.get().map(|t| t.1)
    }

    pub(crate) fn error(&self) -> Option<&str> {
        self.error.get().map(String::as_str)
    }

    pub(crate) fn describe(&self) -> String {
        match (self.tier(), self.compile_seconds(), self.error(), self.state.load(Ordering::Acquire)) {
            (2, Some(s), _, _) => format!("tier 2 (LLVM, compiled in {:.1} ms)", s * 1e3),
            (_, _, Some(e), _) => format!("tier 1 (Cranelift); tier 2 failed: {e}"),
            (_, _, _, COMPILING) => "tier 1 (Cranelift); tier 2 compiling".to_string(),
            _ => "tier 1 (Cranelift)".to_string(),
        }
    }
}

/// A cheap clock for timing calls: the time-stamp counter where there is one.
#[inline]
pub(crate) fn now() -> u64 {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: rdtsc has no preconditions on x86-64.
        unsafe { core::arch::x86_64::_rdtsc() }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        static START: OnceLock<Instant> = OnceLock::new();
        START.get_or_init(Instant::now).elapsed().as_nanos() as u64
    }
}

/// Counter ticks per nanosecond, once `calibrate` has measured them.
static RATE: OnceLock<f64> = OnceLock::new();

/// The promotion threshold in units of `now()`; a 3 GHz counter is assumed until calibrated.
fn threshold() -> u64 {
    (PROMOTE_AFTER_NS.load(Ordering::Relaxed) as f64 * RATE.get().copied().unwrap_or(3.0)) as u64
}

/// `_core._set_promote_after(seconds)`: the automatic policy's threshold (tests set it low).
#[pyfunction]
pub(crate) fn _set_promote_after(seconds: f64) {
    PROMOTE_AFTER_NS.store((seconds.max(0.0) * 1e9) as u64, Ordering::Relaxed);
}

/// Measures the counter's rate against the monotonic clock on a thread of its own, so that no
/// call waits for it.
pub(crate) fn calibrate() {
    std::thread::spawn(|| {
        let (t0, c0) = (Instant::now(), now());
        std::thread::sleep(Duration::from_millis(20));
        let (dt, dc) = (t0.elapsed().as_nanos().max(1) as f64, now().saturating_sub(c0) as f64);
        let _ = RATE.set(dc / dt);
    });
}
