//! Random streams of `prange` chunks. A parallel region cuts its iterations into chunks that depend
//! on the trip count alone (`parallel.rs`); chunk `k` draws from a state of its own, seeded from
//! the pair (region key, `k`), so a seeded program draws the same values whichever thread runs
//! which chunk and however many threads there are. The region key is drawn from the state of the
//! thread that entered the region, the first time any chunk draws: a region whose body never draws
//! leaves that state, and so the serial stream, as NumPy's.

use super::legacy::Legacy;
use std::cell::{Cell, UnsafeCell};
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

/// The state a chunk draws from, and the (region, chunk) it was seeded for.
struct ChunkState {
    region: u64,
    chunk: usize,
    state: Box<Legacy>,
}

thread_local! {
    static STATE: UnsafeCell<Legacy> = const { UnsafeCell::new(Legacy::unseeded()) };
    /// The region and chunk this thread runs, if any.
    static CURRENT: Cell<Option<(*const Region, usize)>> = const { Cell::new(None) };
    static CHUNK: UnsafeCell<Option<ChunkState>> = const { UnsafeCell::new(None) };
}

impl Region {
    /// The streams of a region entered by this thread (inside a chunk, a nested region's parent
    /// is that chunk's state).
    pub fn enter() -> Region {
        Region { id: REGIONS.fetch_add(1, Ordering::Relaxed), parent: with_state(|s| s as *mut Legacy), key: OnceLock::new() }
    }

    /// Runs `f` as chunk `k` of this region on this thread.
    pub fn run_chunk<R>(&self, k: usize, f: impl FnOnce() -> R) -> R {
        let outer = CURRENT.with(|c| c.replace(Some((self as *const Region, k))));
        let r = f();
        CURRENT.with(|c| c.set(outer));
        r
    }

    fn seed_of(&self, k: usize) -> u64 {
        // SAFETY: see `parent`.
        let key = *self.key.get_or_init(|| unsafe { (*self.parent).mt.next_u64() });
        key ^ (k as u64).wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
}

/// Keeps this thread's chunk state aside while it runs the chunks of a region nested in a chunk,
/// and puts it back when dropped.
pub struct NestedGuard(Option<ChunkState>);

impl NestedGuard {
    pub fn new() -> NestedGuard {
        // SAFETY: the slot is this thread's, and no borrow of it is held across calls.
        NestedGuard(CHUNK.with(|c| unsafe { (*c.get()).take() }))
    }
}

impl Default for NestedGuard {
    fn default() -> Self {
        NestedGuard::new()
    }
}

impl Drop for NestedGuard {
    fn drop(&mut self) {
        let saved = self.0.take();
        // SAFETY: as in `new`.
        CHUNK.with(|c| unsafe { *c.get() = saved });
    }
}

/// Runs `f` on the state this thread draws from: its chunk's inside a parallel region, else its
/// own. Entries never nest, so the borrow is unique.
#[inline]
pub(crate) fn with_state<R>(f: impl FnOnce(&mut Legacy) -> R) -> R {
    match CURRENT.with(|c| c.get()) {
        // SAFETY: the state is thread-local and no entry calls another while holding it.
        None => STATE.with(|s| f(unsafe { &mut *s.get() })),
        Some((region, k)) => CHUNK.with(|c| {
            // SAFETY: as above; `region` outlives the chunk that set it as current.
            let (slot, region) = unsafe { (&mut *c.get(), &*region) };
            if !matches!(slot, Some(cs) if cs.region == region.id && cs.chunk == k) {
                let mut state = slot.take().map_or_else(|| Box::new(Legacy::unseeded()), |cs| cs.state);
                state.seed_mixed(region.seed_of(k));
                *slot = Some(ChunkState { region: region.id, chunk: k, state });
            }
            f(&mut slot.as_mut().expect("seeded above").state)
        }),
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
