//! Memory made by compiled code: reference-counted blocks, and the per-call scopes that reclaim
//! what a failed call left behind.
//!
//! Every buffer compiled code allocates ([`hasten_rt_alloc`]) sits behind a [`Block`] header that
//! counts the references to it. Compiled code passes the header around as the array's *owner*
//! (tagged with bit 0, which tells it from a Python object), increments the count in place and
//! calls [`hasten_rt_decref`] when a reference dies; the last release frees the block, so a
//! temporary made in an iteration is freed in that iteration.
//!
//! Errors do not run that bookkeeping: a failing check leaves the function at once. Instead every
//! block is also listed in the innermost [`ArenaScope`] of the thread that made it (the binding opens
//! one around each call from Python, the thread pool one around each chunk), and closing a scope
//! frees the blocks still listed. After a call that returned normally there must be none: the
//! counters tell them apart (`leaked` against `reclaimed`), so tests can hold the reference counts
//! to exactness. A returned array's block leaves the scope through [`ArenaScope::take`].

use std::alloc::{alloc, alloc_zeroed, dealloc, Layout};
use std::cell::{Cell, RefCell, UnsafeCell};
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::ptr::{self, NonNull};
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, AtomicUsize, Ordering};

use crate::error::set_error;

/// Alignment of every data buffer: NumPy's own guarantee, and what `malloc` gives without going
/// through `memalign`.
pub const ALIGN: usize = 16;

/// Where compiled code finds the reference count in a block header.
pub const REFCOUNT_OFFSET: i32 = 8;

/// The header of an allocation, as compiled code sees it through the owner handle.
#[repr(C)]
pub struct Block {
    /// Start of the buffer. Must stay the first field: compiled code loads it at offset 0.
    pub data: *mut u8,
    /// References held by compiled code; at `REFCOUNT_OFFSET`, where compiled code increments it.
    refs: AtomicI64,
    nbytes: usize,
    /// The scope listing this block, null once taken (or when made outside every scope).
    scope: *const ScopeList,
    prev: *mut Block,
    next: *mut Block,
    /// What else dies with a container's data (its items); `release` says whether the items'
    /// own references are released too, which a scope reclaiming all its blocks at once must skip.
    drop: Option<unsafe fn(data: *mut u8, release: bool)>,
    /// The data follows the header in the header's own allocation (`new_inline_block`).
    inline: bool,
}

/// Where the data of an inline block starts: after the header, aligned.
const INLINE_DATA: usize = std::mem::size_of::<Block>().next_multiple_of(ALIGN);

impl Block {
    /// The block's data.
    pub(crate) fn data(&self) -> *mut u8 {
        self.data
    }

    /// Adds `n` references (a container taking its items' over).
    pub(crate) fn refs_add(&self, n: i64) {
        self.refs.fetch_add(n, Ordering::Relaxed);
    }
}

/// Process-wide allocation counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllocStats {
    /// Allocations ever made.
    pub allocations: u64,
    /// Buffers currently alive, those owned by NumPy arrays included.
    pub live: u64,
    /// Bytes (as requested) in the live buffers.
    pub live_bytes: u64,
    /// The most `live_bytes` has been since the last [`reset_peak`].
    pub peak_bytes: u64,
    /// Blocks freed when a call that raised ended: what its failing check skipped.
    pub reclaimed: u64,
    /// Blocks still listed when a call that returned normally ended: a reference-counting bug.
    pub leaked: u64,
    /// Returned blocks whose count disagreed with the references the result holds: a bug too.
    pub miscounted: u64,
}

// Each is one atomic read-modify-write, which waits for the stores before it: an allocation
// and a free count one each (the live blocks are those made less those freed).
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static FREES: AtomicU64 = AtomicU64::new(0);
static LIVE_BYTES: AtomicU64 = AtomicU64::new(0);
static PEAK_BYTES: AtomicU64 = AtomicU64::new(0);
static RECLAIMED: AtomicU64 = AtomicU64::new(0);
static LEAKED: AtomicU64 = AtomicU64::new(0);
static MISCOUNTED: AtomicU64 = AtomicU64::new(0);

pub fn stats() -> AllocStats {
    let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
    let frees = get(&FREES);
    let allocations = get(&ALLOCATIONS);
    AllocStats {
        allocations,
        live: allocations.saturating_sub(frees),
        live_bytes: get(&LIVE_BYTES),
        peak_bytes: get(&PEAK_BYTES),
        reclaimed: get(&RECLAIMED),
        leaked: get(&LEAKED),
        miscounted: get(&MISCOUNTED),
    }
}

/// Starts measuring the peak of `live_bytes` afresh from its current value.
pub fn reset_peak() {
    PEAK_BYTES.store(LIVE_BYTES.load(Ordering::Relaxed), Ordering::Relaxed);
}

/// Counts a new block of `nbytes`; the peak is written only when the bytes live pass it.
fn count_allocation(nbytes: u64) {
    ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
    let now = LIVE_BYTES.fetch_add(nbytes, Ordering::Relaxed) + nbytes;
    if now > PEAK_BYTES.load(Ordering::Relaxed) {
        PEAK_BYTES.fetch_max(now, Ordering::Relaxed);
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

/// Whether `size` bytes can be had now; what is allocated to find out is released at once, never
/// touched, so it costs no memory.
pub(crate) fn can_allocate(size: usize) -> bool {
    let Some(layout) = layout(size) else { return false };
    // SAFETY: `layout` has a non-zero size; the buffer is freed with the layout it was allocated with.
    unsafe {
        // `black_box`: an allocation never used is otherwise removed by the optimiser, as if it
        // had succeeded.
        let data = std::hint::black_box(alloc(layout));
        if data.is_null() {
            return false;
        }
        dealloc(data, layout);
    }
    true
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
    FREES.fetch_add(1, Ordering::Relaxed);
    LIVE_BYTES.fetch_sub(nbytes as u64, Ordering::Relaxed);
}

/// Frees a block that no scope lists any more: its buffer and its header.
///
/// # Safety
/// `block` must be a live header from `hasten_rt_alloc`, unlisted, with no other user.
unsafe fn free_block(block: *mut Block, release: bool) {
    if (*block).inline {
        let nbytes = (*block).nbytes;
        if let Some(layout) = layout(INLINE_DATA + nbytes) {
            dealloc(block as *mut u8, layout);
        }
        FREES.fetch_add(1, Ordering::Relaxed);
        LIVE_BYTES.fetch_sub(nbytes as u64, Ordering::Relaxed);
        return;
    }
    let b = Box::from_raw(block);
    if let Some(drop) = b.drop {
        drop(b.data, release);
    }
    free_data(b.data, b.nbytes);
}

/// A lock taken once per allocation and once per free and almost never contended (see
/// `ScopeList`): a flag taken by one compare-exchange and given back by a plain store, where a
/// mutex gives back by an atomic swap too.
struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

struct SpinGuard<'a, T>(&'a SpinLock<T>);

impl<T> SpinLock<T> {
    fn new(value: T) -> Self {
        SpinLock { locked: AtomicBool::new(false), value: UnsafeCell::new(value) }
    }

    fn lock(&self) -> SpinGuard<'_, T> {
        let mut spins = 0u32;
        while self.locked.compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed).is_err() {
            while self.locked.load(Ordering::Relaxed) {
                spins += 1;
                // A holder that lost its core: let it run instead of spinning through its slice.
                if spins % 64 == 0 {
                    std::thread::yield_now();
                } else {
                    std::hint::spin_loop();
                }
            }
        }
        SpinGuard(self)
    }
}

impl<T> Deref for SpinGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the guard holds the lock.
        unsafe { &*self.0.value.get() }
    }
}

impl<T> DerefMut for SpinGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the guard holds the lock.
        unsafe { &mut *self.0.value.get() }
    }
}

impl<T> Drop for SpinGuard<'_, T> {
    fn drop(&mut self) {
        self.0.locked.store(false, Ordering::Release);
    }
}

/// The blocks of one scope, as an intrusive doubly-linked list. Locked, because a block may die on
/// another thread than the one that made it (a `prange` worker dropping a view of the caller's
/// array); the lock is taken once per allocation and once per free, never per element.
struct ScopeList {
    head: SpinLock<*mut Block>,
    /// How many blocks are listed, so that closing an empty scope (most calls) takes no lock.
    listed: AtomicUsize,
}

impl ScopeList {
    /// # Safety
    /// `block` is live and in no list.
    unsafe fn push(&self, block: *mut Block) {
        let mut head = self.head.lock();
        (*block).next = *head;
        (*block).prev = ptr::null_mut();
        if !head.is_null() {
            (**head).prev = block;
        }
        *head = block;
        // Written only under the lock: a store, not a read-modify-write.
        self.listed.store(self.listed.load(Ordering::Relaxed) + 1, Ordering::Release);
    }

    /// # Safety
    /// `block` is live and in this list.
    unsafe fn unlink(&self, block: *mut Block) {
        let mut head = self.head.lock();
        let (prev, next) = ((*block).prev, (*block).next);
        if prev.is_null() {
            *head = next;
        } else {
            (*prev).next = next;
        }
        if !next.is_null() {
            (*next).prev = prev;
        }
        (*block).scope = ptr::null();
        self.listed.store(self.listed.load(Ordering::Relaxed) - 1, Ordering::Release);
    }

    /// Frees every listed block; returns how many there were. Nothing else may use the list then.
    fn free_all(&self) -> u64 {
        if self.listed.load(Ordering::Acquire) == 0 {
            return 0;
        }
        let mut head = self.head.lock();
        self.listed.store(0, Ordering::Relaxed);
        let mut n = 0;
        while !head.is_null() {
            let block = *head;
            // SAFETY: listed blocks are live; whatever still referred to them was in the call
            // that ended, so nothing can use them after this.
            unsafe {
                *head = (*block).next;
                // The items' blocks are in this list too, or in an enclosing scope's.
                free_block(block, false);
            }
            n += 1;
        }
        n
    }
}

thread_local! {
    /// The innermost open scope of this thread, where new blocks are listed.
    static CURRENT: Cell<*const ScopeList> = const { Cell::new(ptr::null()) };
    /// Lists of closed scopes, empty, kept for the next calls: a scope per call must cost no
    /// allocation. Boxed, because blocks hold their list's address.
    #[allow(clippy::vec_box)]
    static SPARE: RefCell<Vec<Box<ScopeList>>> = const { RefCell::new(Vec::new()) };
}

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

/// Allocates `nbytes` bytes aligned to [`ALIGN`], zero-filled if `zeroed != 0`, holding one
/// reference. Returns null with a pending MemoryError when the memory cannot be had.
pub extern "C" fn hasten_rt_alloc(nbytes: u64, zeroed: u32) -> *mut Block {
    new_block(nbytes, zeroed != 0, None)
}

/// A block of `nbytes` (zeroed if asked) whose `drop` runs before its data is freed; null with a
/// pending MemoryError when the memory cannot be had.
pub(crate) fn new_block(nbytes: u64, zeroed: bool, drop: Option<unsafe fn(*mut u8, bool)>) -> *mut Block {
    let Some((data, size)) = usize::try_from(nbytes).ok().and_then(|n| Some((raw_alloc(n, zeroed)?, n))) else {
        set_error("MemoryError", Some(format!("unable to allocate {nbytes} bytes")), "");
        return ptr::null_mut();
    };
    count_allocation(nbytes);
    let block = Box::into_raw(Box::new(Block {
        data,
        refs: AtomicI64::new(1),
        nbytes: size,
        scope: ptr::null(),
        prev: ptr::null_mut(),
        next: ptr::null_mut(),
        drop,
        inline: false,
    }));
    list_in_scope(block);
    block
}

/// Counts a new block and lists it in the current scope.
fn list_in_scope(block: *mut Block) {
    // During thread teardown there is no scope: the block is then counted only.
    let scope = CURRENT.try_with(Cell::get).unwrap_or(ptr::null());
    if !scope.is_null() {
        // SAFETY: an open scope outlives the code running inside it; the block is new.
        unsafe {
            (*block).scope = scope;
            (*scope).push(block);
        }
    }
}

/// A block of `nbytes` whose data shares the header's allocation (one allocation instead of two,
/// for small immutable values: strings); null with a pending MemoryError. An `immortal` block is
/// listed in no scope and starts with so many references that releases never free it.
pub(crate) fn new_inline_block(nbytes: u64, immortal: bool) -> *mut Block {
    let Some(layout) = usize::try_from(nbytes).ok().and_then(|n| layout(INLINE_DATA.checked_add(n)?)) else {
        set_error("MemoryError", Some(format!("unable to allocate {nbytes} bytes")), "");
        return ptr::null_mut();
    };
    // SAFETY: the layout has a non-zero size.
    let raw = unsafe { alloc(layout) };
    if raw.is_null() {
        set_error("MemoryError", Some(format!("unable to allocate {nbytes} bytes")), "");
        return ptr::null_mut();
    }
    count_allocation(nbytes);
    let block = raw as *mut Block;
    // SAFETY: the allocation holds a header, then the data at `INLINE_DATA`.
    unsafe {
        block.write(Block {
            data: raw.add(INLINE_DATA),
            refs: AtomicI64::new(if immortal { 1 << 62 } else { 1 }),
            nbytes: nbytes as usize,
            scope: ptr::null(),
            prev: ptr::null_mut(),
            next: ptr::null_mut(),
            drop: None,
            inline: true,
        });
    }
    if !immortal {
        list_in_scope(block);
    }
    block
}

/// Releases one reference to the block behind a tagged owner handle; the last frees it.
///
/// # Safety
/// `owner` must be `block | 1` for a live block from `hasten_rt_alloc`, and the caller must hold
/// the reference it releases.
pub unsafe extern "C" fn hasten_rt_decref(owner: u64) {
    let block = (owner & !1) as *mut Block;
    if (*block).refs.fetch_sub(1, Ordering::AcqRel) == 1 {
        let scope = (*block).scope;
        if !scope.is_null() {
            (*scope).unlink(block);
        }
        free_block(block, true);
    }
}

/// A block a Python object holds outside every scope (a `hasten.typed` container): made where
/// no scope is open, or taken out of the one that is, so that no scope frees it.
///
/// # Safety
/// `owner` is a tagged handle of a live block.
pub unsafe fn unscope(owner: u64) {
    let block = (owner & !1) as *mut Block;
    let scope = (*block).scope;
    if !scope.is_null() {
        (*scope).unlink(block);
    }
}

/// The reference count of the block behind `owner`.
///
/// # Safety
/// `owner` is a tagged handle of a live block.
pub unsafe fn refcount(owner: u64) -> i64 {
    (*((owner & !1) as *mut Block)).refs.load(Ordering::Acquire)
}

/// After a call that borrowed an unscoped block (see [`unscope`]) whose count was `before`:
/// releases the `result` references the call's result holds to it (Python gets the block's own
/// object instead), and counts a miscount unless that brings the count back to `before`; after a
/// call that failed (`result` negative), releases the references it took and skipped releasing.
/// Relative, not a store: another thread's `nogil` call may hold references of its own.
///
/// # Safety
/// `owner` is a tagged handle of a live unscoped block, held by the caller.
pub unsafe fn settle(owner: u64, before: i64, result: i64) {
    let refs = &(*((owner & !1) as *mut Block)).refs;
    if result >= 0 {
        if refs.fetch_sub(result, Ordering::AcqRel) - result != before {
            MISCOUNTED.fetch_add(1, Ordering::Relaxed);
        }
        return;
    }
    let skipped = refs.load(Ordering::Acquire) - before;
    if skipped > 0 {
        refs.fetch_sub(skipped, Ordering::AcqRel);
    }
}

/// Sets `count` elements of `itemsize` bytes (1, 2, 4 or 8) at `data` to the low bytes of `bits`:
/// `np.ones` and `np.full`. Here rather than as a loop in compiled code because Rust's compiler
/// turns it into wide stores, four times the speed of a Cranelift store loop.
///
/// # Safety
/// `data` must hold `count` elements of `itemsize` bytes, aligned to `itemsize`.
pub unsafe extern "C" fn hasten_rt_fill(data: *mut u8, count: u64, itemsize: u64, bits: u64) {
    let n = count as usize;
    match itemsize {
        1 => std::slice::from_raw_parts_mut(data, n).fill(bits as u8),
        2 => std::slice::from_raw_parts_mut(data.cast::<u16>(), n).fill(bits as u16),
        4 => std::slice::from_raw_parts_mut(data.cast::<u32>(), n).fill(bits as u32),
        _ => std::slice::from_raw_parts_mut(data.cast::<u64>(), n).fill(bits),
    }
}

/// The scope open on a thread, named to hand blocks over to it from another thread (a `prange`
/// chunk's survivors go to the scope of the call that started the region).
#[derive(Clone, Copy)]
pub struct ScopeHandle(*const ScopeList);

// SAFETY: a scope list is shared behind its mutex; the handle is only used while that scope is open
// (the region's caller waits for every chunk).
unsafe impl Send for ScopeHandle {}
unsafe impl Sync for ScopeHandle {}

impl ScopeHandle {
    /// The innermost scope open on this thread (none during thread teardown).
    pub fn current() -> ScopeHandle {
        ScopeHandle(CURRENT.try_with(Cell::get).unwrap_or(ptr::null()))
    }

    /// Makes this the innermost scope of the thread; returns the one it was. A generator's
    /// scope is entered at each resumption and left at each `yield` (`crate::generators`), where
    /// scopes do not nest.
    pub fn enter(self) -> ScopeHandle {
        ScopeHandle(CURRENT.try_with(|c| c.replace(self.0)).unwrap_or(ptr::null()))
    }
}

/// One level of allocation recording; see the module documentation.
/// Bound to the thread that opened it.
pub struct ArenaScope {
    list: Option<Box<ScopeList>>,
    outer: *const ScopeList,
    returned: bool,
    _not_send: PhantomData<*const ()>,
}

impl ArenaScope {
    /// Opens a scope; blocks made on this thread are listed in it until it (or an inner scope) ends.
    pub fn begin() -> ArenaScope {
        let spare = SPARE.try_with(|s| s.borrow_mut().pop()).ok().flatten();
        let list = spare.unwrap_or_else(|| Box::new(ScopeList { head: SpinLock::new(ptr::null_mut()), listed: AtomicUsize::new(0) }));
        let outer = CURRENT.with(|c| c.replace(&*list));
        if outer.is_null() {
            // The outermost scope is a top-level call into compiled code: budget its stack there.
            crate::stack::mark();
        }
        ArenaScope { list: Some(list), outer, returned: false, _not_send: PhantomData }
    }

    /// Transfers a block of this scope to the caller, so it survives the scope; `refs` is the
    /// number of references the result holds to it, which its count should equal (not checked if
    /// negative: after an error, counts are what the failing path left). `None` if
    /// `owner` is not a tagged handle of a block listed here.
    pub fn take(&mut self, owner: u64, refs: i64) -> Option<OwnedBuffer> {
        let list = self.list.as_deref()?;
        let block = (owner & !1) as *mut Block;
        if owner & 1 == 0 || block.is_null() {
            return None;
        }
        // SAFETY: the result refers to the block, so it is live; listed ones point at their scope.
        unsafe {
            if !ptr::eq((*block).scope, list) {
                return None;
            }
            list.unlink(block);
            if refs >= 0 && (*block).refs.load(Ordering::Acquire) != refs {
                MISCOUNTED.fetch_add(1, Ordering::Relaxed);
            }
        }
        Some(OwnedBuffer { block: NonNull::new(block)? })
    }

    /// Frees a container block of this scope whose items went into Python objects (which took
    /// their blocks over): its items are not released. `refs` is as for `take`. False if `owner`
    /// is not a block listed here (then nothing is done).
    pub fn consume(&mut self, owner: u64, refs: i64) -> bool {
        let Some(buffer) = self.take(owner, refs) else { return false };
        let block = buffer.block.as_ptr();
        std::mem::forget(buffer);
        // SAFETY: taken, so unlisted and ours alone.
        unsafe { free_block(block, false) };
        true
    }

    /// Says that the call inside the scope returned normally: whatever is still listed when the
    /// scope ends is then a leak, not the remains of an error.
    pub fn returned(&mut self) {
        self.returned = true;
    }

    /// Ends a scope whose code returned normally by moving the blocks still listed into `parent`:
    /// a `prange` chunk's values that outlive it (stored into a list or a typed container the
    /// region's caller holds) are the caller's call's to release or take.
    pub fn hand_over(mut self, parent: ScopeHandle) {
        let Some(list) = self.list.as_deref() else { return };
        if parent.0.is_null() || list.listed.load(Ordering::Acquire) == 0 {
            self.returned = true;
            return;
        }
        let mut head = list.head.lock();
        while !head.is_null() {
            let block = *head;
            // SAFETY: listed blocks are live; the parent scope is open (its call waits for this
            // chunk) and takes each one under its own lock.
            unsafe {
                *head = (*block).next;
                (*block).scope = parent.0;
                (*parent.0).push(block);
            }
        }
        list.listed.store(0, Ordering::Release);
    }
}

impl Drop for ArenaScope {
    fn drop(&mut self) {
        let _ = CURRENT.try_with(|c| c.set(self.outer));
        let Some(list) = self.list.take() else { return };
        let n = list.free_all();
        if n > 0 {
            let counter = if self.returned { &LEAKED } else { &RECLAIMED };
            counter.fetch_add(n, Ordering::Relaxed);
        }
        // A few spare lists cover any nesting depth that recurs.
        let _ = SPARE.try_with(|s| {
            let mut s = s.borrow_mut();
            if s.len() < 8 {
                s.push(list);
            }
        });
    }
}

/// A block taken out of a scope: NumPy's array owns it now and frees it when dropped, whatever
/// count compiled code left on it.
pub struct OwnedBuffer {
    block: NonNull<Block>,
}

// SAFETY: the block is plain memory exclusively owned by this value.
unsafe impl Send for OwnedBuffer {}

impl OwnedBuffer {
    pub fn data(&self) -> *mut u8 {
        // SAFETY: the block lives as long as this value.
        unsafe { self.block.as_ref().data }
    }

    pub fn nbytes(&self) -> usize {
        // SAFETY: as above.
        unsafe { self.block.as_ref().nbytes }
    }
}

impl Drop for OwnedBuffer {
    fn drop(&mut self) {
        // SAFETY: the block came from `hasten_rt_alloc`, is unlisted and owned only by us.
        unsafe { free_block(self.block.as_ptr(), true) };
    }
}

pub mod foreign;

#[cfg(test)]
pub(crate) mod tests;
