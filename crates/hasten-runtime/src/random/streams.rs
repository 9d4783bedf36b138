//! Random streams of `prange` chunks. A parallel region cuts its iterations into chunks that depend
//! on the trip count alone (`parallel.rs`); chunk `k` draws from a state of its own, seeded from
//! the pair (region key, `k`), so a seeded program draws the same values whichever thread runs
//! which chunk and however many threads there are. The region key is drawn from the state of the
//! thread that entered the region, the first time any chunk draws: a region whose body never draws
//! leaves that state, and so the serial stream, as NumPy's.

use super::legacy::Legacy;
use std::cell::{Cell, UnsafeCell};
use std::ptr::NonNull;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// The streams of one region.
pub struct Region {
    /// Distinguishes regions for the chunk states threads keep (an address could be reused).
    id: u64,
    /// The state of the entering thread, which is inside the region until every chunk is done and
    /// draws only through chunk states meanwhile, so this is its only user.
    parent: *mut Legacy,
    key: OnceLock<u64>,
}

// SAFETY: `parent` is used once, under `key`'s initialisation, while its thread waits in the region.
unsafe impl Send for Region {}
unsafe impl Sync for Region {}

static REGIONS: AtomicU64 = AtomicU64::new(1);

/// The state a chunk draws from, and the (region, chunk) it was seeded for. Its block is never
/// freed while the thread keeps it: pool threads live as long as the process.
#[derive(Clone, Copy)]
struct ChunkState {
    region: u64,
    chunk: usize,
    state: NonNull<Legacy>,
}

/// A thread's random states, in one thread-local without a destructor, so that a draw outside
/// `prange` reaches its state with a single thread-local access.
struct Local {
    /// The region and chunk this thread runs, if any.
    current: Cell<Option<(*const Region, usize)>>,
    state: UnsafeCell<Legacy>,
    chunk: Cell<Option<ChunkState>>,
}

thread_local! {
    static LOCAL: Local = const { Local { current: Cell::new(None), state: UnsafeCell::new(Legacy::unseeded()), chunk: Cell::new(None) } };
}

impl Region {
    /// The streams of a region entered by this thread (inside a chunk, a nested region's parent
    /// is that chunk's state).
    pub fn enter() -> Region {
        Region { id: REGIONS.fetch_add(1, Ordering::Relaxed), parent: with_state(|s| s as *mut Legacy), key: OnceLock::new() }
    }

    /// Runs `f` as chunk `k` of this region on this thread.
    pub fn run_chunk<R>(&self, k: usize, f: impl FnOnce() -> R) -> R {
        let outer = LOCAL.with(|l| l.current.replace(Some((self as *const Region, k))));
        let r = f();
        LOCAL.with(|l| l.current.set(outer));
        r
    }

    fn seed_of(&self, k: usize) -> u64 {
        // SAFETY: see `parent`.
        let key = *self.key.get_or_init(|| unsafe { (*self.parent).mt.next_u64() });
        key ^ (k as u64).wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
}

/// Keeps this thread's chunk state aside while it runs the chunks of a region nested in a chunk,
/// and puts it back when dropped (freeing the state the nested chunks used).
pub struct NestedGuard(Option<ChunkState>);

impl NestedGuard {
    pub fn new() -> NestedGuard {
        NestedGuard(LOCAL.with(|l| l.chunk.take()))
    }
}

impl Default for NestedGuard {
    fn default() -> Self {
        NestedGuard::new()
    }
}

impl Drop for NestedGuard {
    fn drop(&mut self) {
        let Some(outer) = self.0.take() else { return };
        if let Some(inner) = LOCAL.with(|l| l.chunk.replace(Some(outer))) {
            // SAFETY: the block came from `Box::into_raw` below and nothing refers to it now.
            drop(unsafe { Box::from_raw(inner.state.as_ptr()) });
        }
    }
}

/// Runs `f` on the state this thread draws from: its chunk's inside a parallel region, else its
/// own. Entries never nest, so the borrow is unique.
#[inline]
pub(crate) fn with_state<R>(f: impl FnOnce(&mut Legacy) -> R) -> R {
    let state = LOCAL.with(|l| match l.current.get() {
        None => l.state.get(),
        Some((region, k)) => chunk_state(l, region, k),
    });
    // SAFETY: the state is this thread's and no entry calls another while holding it.
    f(unsafe { &mut *state })
}

/// The state of chunk `k` of `region` on this thread, seeded on its first draw.
#[cold]
#[inline(never)]
fn chunk_state(l: &Local, region: *const Region, k: usize) -> *mut Legacy {
    // SAFETY: `region` outlives the chunk that set it as current.
    let region = unsafe { &*region };
    match l.chunk.get() {
        Some(cs) if cs.region == region.id && cs.chunk == k => cs.state.as_ptr(),
        old => {
            let state = old.map_or_else(|| NonNull::from(Box::leak(Box::new(Legacy::unseeded()))), |cs| cs.state);
            // SAFETY: this thread's block, not borrowed elsewhere.
            unsafe { (*state.as_ptr()).seed_mixed(region.seed_of(k)) };
            l.chunk.set(Some(ChunkState { region: region.id, chunk: k, state }));
            state.as_ptr()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw() -> f64 {
        with_state(|s| s.double())
    }

    #[test]
    fn a_chunk_stream_depends_on_the_parent_seed_and_the_chunk_only() {
        with_state(|s| s.seed(Some(5)));
        let r = Region::enter();
        let (a, a_next) = r.run_chunk(3, || (draw(), draw()));
        let b = r.run_chunk(1, draw);
        with_state(|s| s.seed(Some(5)));
        let again = Region::enter();
        let on_other_thread = std::thread::scope(|sc| sc.spawn(|| again.run_chunk(3, draw)).join().unwrap());
        assert_eq!(a, on_other_thread);
        assert_ne!(a, b);
        assert_ne!(a, a_next);
    }

    #[test]
    fn a_region_that_never_draws_leaves_the_parent_stream_alone() {
        with_state(|s| s.seed(Some(9)));
        let expected = {
            let mut l = Legacy::unseeded();
            l.seed(Some(9));
            l.double()
        };
        let r = Region::enter();
        r.run_chunk(0, || ());
        assert_eq!(draw(), expected);
    }

    #[test]
    fn a_nested_region_keeps_the_outer_chunk_stream() {
        with_state(|s| s.seed(Some(1)));
        let outer = Region::enter();
        let (first, second) = outer.run_chunk(0, || {
            let first = draw();
            let inner = Region::enter();
            {
                let _aside = NestedGuard::new();
                inner.run_chunk(0, draw);
            }
            (first, draw())
        });
        with_state(|s| s.seed(Some(1)));
        let plain = Region::enter();
        // The inner region's key is one draw of the outer chunk's stream, which then goes on.
        let expected = plain.run_chunk(0, || {
            let first = draw();
            with_state(|s| s.mt.next_u64());
            (first, draw())
        });
        assert_eq!((first, second), expected);
    }
}
