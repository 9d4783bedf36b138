//! Memory for arrays created by compiled code.
//!
//! Compiled code allocates through [`hasten_rt_alloc`]; every allocation is
//! recorded in the innermost [`ArenaScope`] of the thread. The binding opens a
//! scope around each top-level call, takes ownership ([`ArenaScope::take`]) of
//! the buffers the result refers to, and dropping the scope frees the rest, so
//! temporaries never leak even when the call fails half-way.
//!
//! Allocations made while no scope is open go to a per-thread "unscoped" list,
//! which is freed when the next scope on the thread ends (or at thread exit):
//! nothing can take them, and keeping them longer would only leak.

use std::alloc::{alloc, alloc_zeroed, dealloc, Layout};
use std::cell::RefCell;
use std::marker::PhantomData;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::set_error;

/// Alignment of every data buffer: NumPy's own guarantee, and what `malloc` gives without going
/// through `memalign`.
pub const ALIGN: usize = 16;

/// Handle returned to compiled code.
#[repr(C)]
pub struct Allocation {
    /// Start of the buffer. Must stay the first field: compiled code loads it at offset 0.
    pub data: *mut u8,
    nbytes: usize,
}

/// Process-wide allocation counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllocStats {
    /// Allocations ever made.
    pub allocations: u64,
    /// Buffers currently alive, owned buffers included.
    pub live: u64,
    /// Bytes (as requested) in the live buffers.
    pub live_bytes: u64,
}

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static LIVE: AtomicU64 = AtomicU64::new(0);
static LIVE_BYTES: AtomicU64 = AtomicU64::new(0);

pub fn stats() -> AllocStats {
    AllocStats {
        allocations: ALLOCATIONS.load(Ordering::Relaxed),
        live: LIVE.load(Ordering::Relaxed),
        live_bytes: LIVE_BYTES.load(Ordering::Relaxed),
    }
}

/// Zero-byte requests still get a real one-byte block so the pointer is
/// unique and can be freed like any other.
fn layout(nbytes: usize) -> Option<Layout> {
    Layout::from_size_align(nbytes.max(1), ALIGN).ok()
}

/// A buffer of `size` bytes, zero-filled if asked.
fn raw_alloc(size: usize, zeroed: bool) -> Option<*mut u8> {
    let layout = layout(size)?;
    // SAFETY: `layout` has a non-zero size.
    let data = unsafe { if zeroed { alloc_zeroed(layout) } else { alloc(layout) } };
    if data.is_null() {
        return None;
    }
    advise_huge_pages(data, size);
    Some(data)
}

/// Frees a data buffer and updates the counters.
///
/// # Safety
/// `data` must come from `hasten_rt_alloc` with this `nbytes` and not be freed yet.
unsafe fn free_data(data: *mut u8, nbytes: usize) {
    // The layout was valid when the buffer was allocated.
    if let Some(layout) = layout(nbytes) {
        dealloc(data, layout);
    }
    LIVE.fetch_sub(1, Ordering::Relaxed);
    LIVE_BYTES.fetch_sub(nbytes as u64, Ordering::Relaxed);
}

/// Frees an untaken allocation: its buffer and the handle itself.
///
/// # Safety
/// `handle` must come from `hasten_rt_alloc` and be neither taken nor freed.
unsafe fn free_allocation(handle: *mut Allocation) {
    let a = Box::from_raw(handle);
    free_data(a.data, a.nbytes);
}

fn free_all(handles: Vec<*mut Allocation>) {
    for h in handles {
        // SAFETY: the arena lists hold only live, untaken handles, each once.
        unsafe { free_allocation(h) };
    }
}

struct Frame {
    id: u64,
    allocs: Vec<*mut Allocation>,
}

#[derive(Default)]
struct Arena {
    frames: Vec<Frame>,
    unscoped: Vec<*mut Allocation>,
    next_id: u64,
}

impl Drop for Arena {
    fn drop(&mut self) {
        for f in self.frames.drain(..) {
            free_all(f.allocs);
        }
        free_all(std::mem::take(&mut self.unscoped));
    }
}

thread_local! {
    static ARENA: RefCell<Arena> = RefCell::new(Arena::default());
}

/// Allocates `nbytes` bytes aligned to [`ALIGN`], zero-filled if `zeroed != 0`.
/// Returns null with a pending MemoryError when the memory cannot be had.
/// Large buffers come straight from `mmap`, and touching them page by page costs more than the
/// arithmetic that fills them; asking for transparent huge pages, as NumPy does for arrays of 4 MiB
/// and more, cuts those faults by 512.
#[cfg(target_os = "linux")]
fn advise_huge_pages(data: *mut u8, size: usize) {
    const THRESHOLD: usize = 1 << 22;
    const PAGE: usize = 4096;
    const MADV_HUGEPAGE: i32 = 14;
    extern "C" {
        fn madvise(addr: *mut std::ffi::c_void, len: usize, advice: i32) -> i32;
    }
    if size < THRESHOLD {
        return;
    }
    let offset = (PAGE - data as usize % PAGE) % PAGE;
    // SAFETY: the range lies inside the allocation; madvise only changes how the kernel backs it,
    // and a failure (e.g. THP disabled) leaves the memory as it was.
    unsafe { madvise(data.add(offset).cast(), size - offset, MADV_HUGEPAGE) };
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages(_data: *mut u8, _size: usize) {}

pub extern "C" fn hasten_rt_alloc(nbytes: u64, zeroed: u32) -> *mut Allocation {
    let fail = || {
        set_error(
            "MemoryError",
            Some(format!("unable to allocate {nbytes} bytes")),
            "",
        );
        std::ptr::null_mut()
    };
    let Some((data, size)) = usize::try_from(nbytes).ok().and_then(|n| Some((raw_alloc(n, zeroed != 0)?, n))) else {
        return fail();
    };
    ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
    LIVE.fetch_add(1, Ordering::Relaxed);
    LIVE_BYTES.fetch_add(nbytes, Ordering::Relaxed);
    let handle = Box::into_raw(Box::new(Allocation { data, nbytes: size }));
    let recorded = ARENA.try_with(|a| {
        let mut a = a.borrow_mut();
        match a.frames.last_mut() {
            Some(f) => f.allocs.push(handle),
            None => a.unscoped.push(handle),
        }
    });
    if recorded.is_err() {
        // The thread is being torn down: nothing could ever free the buffer.
        // SAFETY: `handle` was just created and recorded nowhere.
        unsafe { free_allocation(handle) };
        return std::ptr::null_mut();
    }
    handle
}

/// One level of allocation recording; see the module documentation.
/// Bound to the thread that opened it.
pub struct ArenaScope {
    id: u64,
    _not_send: PhantomData<*const ()>,
}

impl ArenaScope {
    /// Opens a scope; allocations go to it until it (or an inner scope) ends.
    pub fn begin() -> ArenaScope {
        let id = ARENA.with(|a| {
            let mut a = a.borrow_mut();
            if a.frames.is_empty() {
                // The outermost scope is a top-level call into compiled code: budget its stack there.
                crate::stack::mark();
            }
            a.next_id += 1;
            let id = a.next_id;
            a.frames.push(Frame {
                id,
                allocs: Vec::new(),
            });
            id
        });
        ArenaScope {
            id,
            _not_send: PhantomData,
        }
    }

    /// Transfers an allocation of this scope to the caller, so it survives
    /// the scope. `None` if `handle` is not an untaken allocation of this scope.
    pub fn take(&mut self, handle: *mut Allocation) -> Option<OwnedBuffer> {
        let found = ARENA.with(|a| {
            let mut a = a.borrow_mut();
            let frame = a.frames.iter_mut().find(|f| f.id == self.id)?;
            let pos = frame.allocs.iter().position(|&h| h == handle)?;
            Some(frame.allocs.swap_remove(pos))
        })?;
        // SAFETY: the handle was live in this scope's list and is now removed from it.
        let a = unsafe { Box::from_raw(found) };
        Some(OwnedBuffer {
            data: NonNull::new(a.data)?,
            nbytes: a.nbytes,
        })
    }
}

impl Drop for ArenaScope {
    fn drop(&mut self) {
        let freed = ARENA.try_with(|a| {
            let mut a = a.borrow_mut();
            let mut handles = std::mem::take(&mut a.unscoped);
            if let Some(pos) = a.frames.iter().rposition(|f| f.id == self.id) {
                handles.extend(a.frames.remove(pos).allocs);
            }
            handles
        });
        if let Ok(handles) = freed {
            free_all(handles);
        }
    }
}

/// A buffer taken out of a scope; frees its memory when dropped.
pub struct OwnedBuffer {
    data: NonNull<u8>,
    nbytes: usize,
}

// SAFETY: the buffer is plain memory exclusively owned by this value.
unsafe impl Send for OwnedBuffer {}

impl OwnedBuffer {
    pub fn data(&self) -> *mut u8 {
        self.data.as_ptr()
    }

    pub fn nbytes(&self) -> usize {
        self.nbytes
    }
}

impl Drop for OwnedBuffer {
    fn drop(&mut self) {
        // SAFETY: the buffer came from `hasten_rt_alloc` and is owned only by us.
        unsafe { free_data(self.data.as_ptr(), self.nbytes) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::error::take_error;
    use std::sync::Mutex;

    /// The counters are process-wide and tests run in parallel threads.
    static STATS_LOCK: Mutex<()> = Mutex::new(());

    fn lock() -> std::sync::MutexGuard<'static, ()> {
        STATS_LOCK.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn data(h: *mut Allocation) -> *mut u8 {
        unsafe { (*h).data }
    }

    #[test]
    fn untaken_freed_taken_survive() {
        let _g = lock();
        let before = stats();
        let kept;
        {
            let mut scope = ArenaScope::begin();
            let a = hasten_rt_alloc(100, 0);
            let b = hasten_rt_alloc(200, 1);
            let c = hasten_rt_alloc(300, 0);
            assert!(!a.is_null() && !b.is_null() && !c.is_null());
            let s = stats();
            assert_eq!(s.allocations, before.allocations + 3);
            assert_eq!(s.live, before.live + 3);
            assert_eq!(s.live_bytes, before.live_bytes + 600);
            unsafe { data(b).write_bytes(7, 200) };
            kept = scope.take(b).unwrap();
            assert!(scope.take(b).is_none(), "already taken");
        }
        let s = stats();
        assert_eq!(s.live, before.live + 1);
        assert_eq!(s.live_bytes, before.live_bytes + 200);
        assert_eq!(kept.nbytes(), 200);
        let bytes = unsafe { std::slice::from_raw_parts(kept.data(), 200) };
        assert!(bytes.iter().all(|&b| b == 7));
        // Owned buffers may be released from another thread.
        std::thread::spawn(move || drop(kept)).join().unwrap();
        assert_eq!(stats().live, before.live);
        assert_eq!(stats().live_bytes, before.live_bytes);
    }

    #[test]
    fn zeroed_and_aligned() {
        let _g = lock();
        let _scope = ArenaScope::begin();
        for n in [1u64, 3, 64, 1000, 1 << 20] {
            let h = hasten_rt_alloc(n, 1);
            assert_eq!(data(h) as usize % ALIGN, 0);
            let bytes = unsafe { std::slice::from_raw_parts(data(h), n as usize) };
            assert!(bytes.iter().all(|&b| b == 0));
            assert_eq!(data(hasten_rt_alloc(n, 0)) as usize % ALIGN, 0);
        }
    }

    #[test]
    fn zero_bytes_is_valid() {
        let _g = lock();
        let before = stats();
        {
            let mut scope = ArenaScope::begin();
            let a = hasten_rt_alloc(0, 0);
            let b = hasten_rt_alloc(0, 1);
            assert!(!data(a).is_null() && !data(b).is_null());
            assert_ne!(data(a), data(b));
            let owned = scope.take(a).unwrap();
            assert_eq!(owned.nbytes(), 0);
        }
        assert_eq!(stats().live, before.live);
    }

    #[test]
    fn absurd_size_sets_memory_error() {
        let _g = lock();
        let before = stats();
        let _scope = ArenaScope::begin();
        for n in [u64::MAX, 1 << 63, isize::MAX as u64] {
            assert!(hasten_rt_alloc(n, 0).is_null());
            let err = take_error().unwrap();
            assert_eq!(err.exc, "MemoryError");
            assert_eq!(err.message, Some(format!("unable to allocate {n} bytes")));
        }
        assert_eq!(stats(), before);
    }

    #[test]
    fn nested_scopes() {
        let _g = lock();
        let before = stats();
        let mut outer = ArenaScope::begin();
        let a = hasten_rt_alloc(8, 0);
        {
            let mut inner = ArenaScope::begin();
            let b = hasten_rt_alloc(16, 0);
            assert!(inner.take(a).is_none(), "belongs to the outer scope");
            assert!(outer.take(b).is_none(), "belongs to the inner scope");
        }
        assert_eq!(stats().live, before.live + 1);
        let a = outer.take(a).unwrap();
        drop(outer);
        assert_eq!(stats().live, before.live + 1);
        drop(a);
        assert_eq!(stats().live, before.live);
    }

    #[test]
    fn unscoped_freed_at_next_scope_end() {
        let _g = lock();
        let before = stats();
        let stray = hasten_rt_alloc(32, 1);
        assert!(!stray.is_null());
        assert_eq!(stats().live, before.live + 1);
        let mut scope = ArenaScope::begin();
        assert!(scope.take(stray).is_none());
        drop(scope);
        assert_eq!(stats().live, before.live);
    }
}
