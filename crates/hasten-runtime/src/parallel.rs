//! The thread pool that runs `prange` loops.
//!
//! Compiled code outlines the body of a parallel loop into a *worker* function that runs the
//! iterations `lo..hi` of a chunk, and calls [`hasten_rt_parallel_for`]. The iteration space is cut
//! into a number of equal chunks that depends only on the trip count, and each chunk writes its
//! reduction partials to its own slot, which the caller combines in chunk order: a float reduction
//! gives the same bits on every run and for every thread count (a laptop's result equals a server's),
//! whichever thread ran which chunk.
//!
//! The pool belongs to hasten (no process-global runtime shared with other libraries). It starts
//! lazily, and a forked child, whose copy has no threads behind it, starts its own. The calling
//! thread runs chunks too, so a region completes even if no helper thread ever shows up; nested
//! regions and regions entered while the pool is busy with another caller's region run on the calling
//! thread alone, with the same chunks.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::thread::Thread;

use crate::memory::{ArenaScope, ScopeHandle};
use crate::random::{NestedGuard, Region};
use crate::error::{restore_error, take_error, PendingError};

/// `worker(ctx, lo, hi, partial) -> status`: runs iterations `lo..hi` with the captured values at
/// `ctx`, storing the chunk's reduction partials at `partial`. Status 0 is success; 1 means an
/// exception is pending in the calling thread's error state.
pub type Worker = unsafe extern "C" fn(ctx: *const u8, lo: i64, hi: i64, partial: *mut u8) -> i32;

/// Most chunks a region is cut into; compiled code reserves this many partial slots.
pub const MAX_CHUNKS: usize = 1024;

/// Chunks a region of many iterations is cut into: enough for the threads of a large machine, with
/// some to spare so that threads that finish early take over from slow ones (uneven iterations, a core
/// shared with another process).
const REGION_CHUNKS: usize = 256;

/// Fewest chunks a region of at least this many iterations gets, so that a short loop of heavy
/// iterations still spreads over many threads.
const MIN_CHUNKS: usize = 64;

/// Iterations per chunk below which a region takes fewer than `REGION_CHUNKS` chunks (down to
/// `MIN_CHUNKS`): claiming a chunk costs tens of nanoseconds.
const GRAIN: usize = 4096;

/// Spins a waiting thread does before sleeping: back-to-back regions then start without a futex wake.
const SPINS: u32 = 20_000;

thread_local! {
    /// Set while this thread runs a chunk: a region entered then runs serially.
    static IN_REGION: Cell<bool> = const { Cell::new(false) };
}

/// Threads a region may use; 0 until first asked, then the pool size unless set.
static THREADS: AtomicUsize = AtomicUsize::new(0);

/// The most threads a region can use: `HASTEN_NUM_THREADS` if set to a positive integer, else the
/// number of cores this process may run on. Fixed at first use, as numba's `NUMBA_NUM_THREADS`.
pub fn max_threads() -> usize {
    static MAX: OnceLock<usize> = OnceLock::new();
    *MAX.get_or_init(|| {
        std::env::var("HASTEN_NUM_THREADS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .min(MAX_CHUNKS)
    })
}

/// Threads the next parallel region uses.
pub fn get_num_threads() -> usize {
    match THREADS.load(Ordering::Relaxed) {
        0 => max_threads(),
        n => n,
    }
}

/// Sets the threads later regions use, from 1 to [`max_threads`].
pub fn set_num_threads(n: usize) -> Result<(), String> {
    let max = max_threads();
    if n == 0 || n > max {
        return Err(format!(
            "the number of threads must be between 1 and {max} (HASTEN_NUM_THREADS or the usable cores), got {n}"
        ));
    }
    THREADS.store(n, Ordering::Relaxed);
    Ok(())
}

/// Chunks for `n > 0` iterations: a function of the trip count alone, never of the thread count, so
/// that partials combined in chunk order give the same bits however many threads ran them.
pub fn chunk_count(n: i64) -> usize {
    let n = usize::try_from(n).unwrap_or(usize::MAX).max(1);
    n.div_ceil(GRAIN).clamp(MIN_CHUNKS.min(n), REGION_CHUNKS)
}

struct Job {
    worker: Worker,
    ctx: usize,
    n: i64,
    chunks: usize,
    partials: usize,
    stride: usize,
    /// Helper threads with an index below this take part; the rest leave the job to them.
    helpers: usize,
    next: AtomicUsize,
    done: AtomicUsize,
    failed: AtomicBool,
    error: Mutex<Option<PendingError>>,
    caller: Thread,
    /// The caller's memory scope, which takes the blocks a chunk leaves listed when it returns.
    scope: ScopeHandle,
    streams: Region,
}

impl Job {
    fn bounds(&self, k: usize) -> (i64, i64) {
        let at = |k: usize| (self.n as i128 * k as i128 / self.chunks as i128) as i64;
        (at(k), at(k + 1))
    }

    /// Claims and runs chunks until none is left. Each chunk runs in its own memory scope, which
    /// reclaims what a failing chunk left behind (see `memory`).
    fn run_chunks(&self) {
        let was = IN_REGION.with(|r| r.replace(true));
        let _outer_stream = NestedGuard::new();
        loop {
            let k = self.next.fetch_add(1, Ordering::Relaxed);
            if k >= self.chunks {
                break;
            }
            if !self.failed.load(Ordering::Relaxed) {
                let (lo, hi) = self.bounds(k);
                let scope = ArenaScope::begin();
                // SAFETY: the compiled caller keeps `ctx` and the partial slots alive until every chunk
                // is done, and gave a worker with this signature.
                let status = self.streams.run_chunk(k, || unsafe {
                    (self.worker)(self.ctx as *const u8, lo, hi, (self.partials + k * self.stride) as *mut u8)
                });
                if status == 0 {
                    scope.hand_over(self.scope);
                } else {
                    drop(scope);
                }
                if status != 0 {
                    self.fail(take_error());
                }
            }
            if self.done.fetch_add(1, Ordering::AcqRel) + 1 == self.chunks {
                self.caller.unpark();
            }
        }
        IN_REGION.with(|r| r.set(was));
    }

    /// Records the first exception; chunks not started yet are skipped.
    fn fail(&self, err: Option<PendingError>) {
        self.failed.store(true, Ordering::Relaxed);
        let mut slot = self.error.lock().unwrap_or_else(|e| e.into_inner());
        if slot.is_none() {
            *slot = err;
        }
    }

    fn wait(&self) {
        let mut spins = 0;
        while self.done.load(Ordering::Acquire) < self.chunks {
            if spins < SPINS {
                spins += 1;
                std::hint::spin_loop();
            } else {
                std::thread::park();
            }
        }
    }
}

struct Pool {
    pid: u32,
    helpers: usize,
    /// The current job and its generation number; helpers wait on `wake` for a new generation.
    slot: Mutex<(u64, Option<Arc<Job>>)>,
    generation: AtomicU64,
    wake: Condvar,
    /// Held by the caller whose region the pool is running.
    busy: Mutex<()>,
}

static POOL: AtomicPtr<Pool> = AtomicPtr::new(std::ptr::null_mut());

/// The pool of this process, started on first use. Pools are never freed: helpers run for the life
/// of the process, and a pool inherited through `fork` has no threads left to stop.
fn pool() -> &'static Pool {
    let pid = std::process::id();
    let current = POOL.load(Ordering::Acquire);
    // SAFETY: pointers stored in POOL come from `Box::leak` and are never freed.
    if let Some(p) = unsafe { current.as_ref() } {
        if p.pid == pid {
            return p;
        }
    }
    let fresh: &'static Pool = Box::leak(Box::new(Pool {
        pid,
        helpers: max_threads() - 1,
        slot: Mutex::new((0, None)),
        generation: AtomicU64::new(0),
        wake: Condvar::new(),
        busy: Mutex::new(()),
    }));
    match POOL.compare_exchange(current, fresh as *const Pool as *mut Pool, Ordering::AcqRel, Ordering::Acquire) {
        Ok(_) => {
            for index in 0..fresh.helpers {
                let spawned = std::thread::Builder::new()
                    .name(format!("hasten-{index}"))
                    .stack_size(8 << 20)
                    .spawn(move || helper(fresh, index));
                // A helper that cannot start only means fewer hands: the caller runs what is left.
                if spawned.is_err() {
                    break;
                }
            }
            fresh
        }
        // Another thread installed a pool first; ours has no threads and is simply leaked.
        // SAFETY: as above.
        Err(winner) => unsafe { &*winner },
    }
}

fn helper(pool: &'static Pool, index: usize) {
    let mut seen = 0;
    loop {
        let mut spins = 0;
        while pool.generation.load(Ordering::Acquire) == seen && spins < SPINS {
            spins += 1;
            std::hint::spin_loop();
        }
        let job = {
            let mut slot = pool.slot.lock().unwrap_or_else(|e| e.into_inner());
            while slot.0 == seen {
                slot = pool.wake.wait(slot).unwrap_or_else(|e| e.into_inner());
            }
            seen = slot.0;
            slot.1.clone()
        };
        if let Some(job) = job {
            if index < job.helpers {
                job.run_chunks();
            }
        }
    }
}

impl Pool {
    fn run(&self, job: &Arc<Job>) {
        {
            let mut slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
            slot.0 += 1;
            slot.1 = Some(job.clone());
            self.generation.store(slot.0, Ordering::Release);
        }
        self.wake.notify_all();
        job.run_chunks();
        job.wait();
        // Helpers that wake late find every chunk claimed; drop the job's context pointer now.
        self.slot.lock().unwrap_or_else(|e| e.into_inner()).1 = None;
    }
}

/// Runs `worker` over the iterations `0..n`, cut into chunks, on the pool. Chunk `k` stores its
/// partials at `partials + k * stride`. Returns the number of chunks (0 when `n <= 0`), or -1 with
/// the first exception raised by any chunk pending on the calling thread.
///
/// # Safety
/// `worker` must be a compiled worker; `ctx` and `partials` (room for [`MAX_CHUNKS`] slots) must stay
/// valid for the call.
pub unsafe extern "C" fn hasten_rt_parallel_for(worker: Worker, ctx: *const u8, n: i64, partials: *mut u8, stride: i64) -> i64 {
    if n <= 0 {
        return 0;
    }
    let threads = get_num_threads();
    let chunks = chunk_count(n);
    let job = Arc::new(Job {
        worker,
        ctx: ctx as usize,
        n,
        chunks,
        partials: partials as usize,
        stride: stride as usize,
        helpers: threads - 1,
        next: AtomicUsize::new(0),
        done: AtomicUsize::new(0),
        failed: AtomicBool::new(false),
        error: Mutex::new(None),
        caller: std::thread::current(),
        scope: ScopeHandle::current(),
        streams: Region::enter(),
    });
    let nested = IN_REGION.with(|r| r.get());
    if threads == 1 || chunks == 1 || nested {
        job.run_chunks();
    } else {
        let pool = pool();
        match pool.busy.try_lock() {
            Ok(_guard) => pool.run(&job),
            Err(_) => job.run_chunks(),
        }
    }
    if job.failed.load(Ordering::Acquire) {
        let err = job.error.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(err) = err {
            restore_error(err);
        }
        return -1;
    }
    chunks as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::set_error;

    /// Sums `lo..hi` into the partial; fails on the iteration equal to `*ctx` (when non-negative).
    unsafe extern "C" fn sum_worker(ctx: *const u8, lo: i64, hi: i64, partial: *mut u8) -> i32 {
        let fail_at = *(ctx as *const i64);
        let mut s = 0i64;
        for i in lo..hi {
            if i == fail_at {
                set_error("ValueError", Some(format!("bad {i}")), "");
                return 1;
            }
            s += i;
        }
        *(partial as *mut i64) = s;
        0
    }

    fn run(n: i64, fail_at: i64) -> (i64, i64) {
        let mut partials = vec![0i64; MAX_CHUNKS];
        let chunks = unsafe {
            hasten_rt_parallel_for(sum_worker, (&fail_at as *const i64).cast(), n, partials.as_mut_ptr().cast(), 8)
        };
        let total = partials[..chunks.max(0) as usize].iter().sum();
        (chunks, total)
    }

    #[test]
    fn chunks_cover_the_iterations_once() {
        for n in [0, 1, 2, 3, 7, 1000, 123_457] {
            let (chunks, total) = run(n, -1);
            assert_eq!(chunks as usize, if n == 0 { 0 } else { chunk_count(n) });
            assert_eq!(total, n * (n - 1) / 2);
        }
    }

    #[test]
    fn the_first_exception_reaches_the_caller() {
        let (chunks, _) = run(100_000, 77_777);
        assert_eq!(chunks, -1);
        let err = take_error().expect("pending error");
        assert_eq!((err.exc.as_str(), err.message.as_deref()), ("ValueError", Some("bad 77777")));
    }

    #[test]
    fn chunking_depends_only_on_the_trip_count() {
        assert_eq!(chunk_count(1), 1);
        assert_eq!(chunk_count(10), 10);
        assert_eq!(chunk_count(1000), MIN_CHUNKS);
        assert_eq!(chunk_count(1_000_000), 245);
        assert_eq!(chunk_count(i64::MAX), REGION_CHUNKS);
        assert!(REGION_CHUNKS <= MAX_CHUNKS);
    }

    #[test]
    fn thread_count_is_bounded() {
        assert!(set_num_threads(0).is_err());
        assert!(set_num_threads(max_threads() + 1).is_err());
        set_num_threads(max_threads()).unwrap();
        assert_eq!(get_num_threads(), max_threads());
    }
}
