use super::*;

use crate::error::take_error;
use std::sync::Mutex;

/// The counters are process-wide and tests run in parallel threads: every test that reads them
/// (here and in `list`) holds this lock.
static STATS_LOCK: Mutex<()> = Mutex::new(());

pub(crate) fn lock() -> std::sync::MutexGuard<'static, ()> {
    STATS_LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

fn data(b: *mut Block) -> *mut u8 {
    unsafe { (*b).data }
}

fn owner(b: *mut Block) -> u64 {
    b as u64 | 1
}

fn incref(b: *mut Block) {
    unsafe { (*b).refs.fetch_add(1, Ordering::Relaxed) };
}

#[test]
fn the_last_release_frees() {
    let _g = lock();
    let before = stats();
    let mut scope = ArenaScope::begin();
    let b = hasten_rt_alloc(100, 0);
    incref(b);
    assert_eq!((stats().live, stats().live_bytes), (before.live + 1, before.live_bytes + 100));
    unsafe { hasten_rt_decref(owner(b)) };
    assert_eq!(stats().live, before.live + 1, "one reference is left");
    unsafe { hasten_rt_decref(owner(b)) };
    assert_eq!((stats().live, stats().live_bytes), (before.live, before.live_bytes));
    scope.returned();
    drop(scope);
    assert_eq!(stats().leaked, before.leaked, "a freed block leaves its scope's list");
}

#[test]
fn a_failed_call_reclaims_a_returned_one_counts_leaks() {
    let _g = lock();
    let before = stats();
    {
        let _scope = ArenaScope::begin();
        hasten_rt_alloc(8, 0);
        hasten_rt_alloc(8, 0);
    }
    assert_eq!(stats().reclaimed, before.reclaimed + 2);
    {
        let mut scope = ArenaScope::begin();
        hasten_rt_alloc(8, 0);
        scope.returned();
    }
    assert_eq!(stats().leaked, before.leaked + 1);
    assert_eq!(stats().live, before.live);
}

#[test]
fn taken_blocks_survive_their_scope() {
    let _g = lock();
    let before = stats();
    let kept;
    {
        let mut scope = ArenaScope::begin();
        let a = hasten_rt_alloc(100, 0);
        let b = hasten_rt_alloc(200, 1);
        unsafe { data(b).write_bytes(7, 200) };
        kept = scope.take(owner(b), 1).unwrap();
        assert!(scope.take(owner(b), 1).is_none(), "already taken");
        assert!(scope.take(b as u64, 1).is_none(), "not a tagged handle");
        unsafe { hasten_rt_decref(owner(a)) };
        scope.returned();
    }
    let s = stats();
    assert_eq!((s.live, s.live_bytes, s.leaked, s.miscounted), (before.live + 1, before.live_bytes + 200, before.leaked, before.miscounted));
    assert_eq!(kept.nbytes(), 200);
    let bytes = unsafe { std::slice::from_raw_parts(kept.data(), 200) };
    assert!(bytes.iter().all(|&b| b == 7));
    // Owned buffers may be released from another thread.
    std::thread::spawn(move || drop(kept)).join().unwrap();
    assert_eq!((stats().live, stats().live_bytes), (before.live, before.live_bytes));
}

#[test]
fn a_count_that_disagrees_with_the_result_is_reported() {
    let _g = lock();
    let before = stats();
    let mut scope = ArenaScope::begin();
    let b = hasten_rt_alloc(8, 0);
    incref(b);
    let kept = scope.take(owner(b), 1).unwrap();
    assert_eq!(stats().miscounted, before.miscounted + 1);
    drop(kept);
    assert_eq!(stats().live, before.live);
}

#[test]
fn blocks_may_die_on_another_thread() {
    let _g = lock();
    let before = stats();
    let mut scope = ArenaScope::begin();
    let handles: Vec<u64> = (0..64).map(|_| owner(hasten_rt_alloc(16, 0))).collect();
    std::thread::scope(|s| {
        for chunk in handles.chunks(16) {
            s.spawn(move || chunk.iter().for_each(|&h| unsafe { hasten_rt_decref(h) }));
        }
    });
    scope.returned();
    drop(scope);
    assert_eq!((stats().live, stats().leaked), (before.live, before.leaked));
}

#[test]
fn the_peak_follows_the_live_bytes() {
    let _g = lock();
    let _scope = ArenaScope::begin();
    reset_peak();
    let base = stats().live_bytes;
    let a = hasten_rt_alloc(1000, 0);
    unsafe { hasten_rt_decref(owner(a)) };
    let b = hasten_rt_alloc(300, 0);
    assert_eq!(stats().peak_bytes, base + 1000);
    reset_peak();
    assert_eq!(stats().peak_bytes, base + 300);
    unsafe { hasten_rt_decref(owner(b)) };
}

#[test]
fn fill_writes_each_width() {
    let mut bytes = [0u8; 5];
    unsafe { hasten_rt_fill(bytes.as_mut_ptr(), 4, 1, 0x1_07) };
    assert_eq!(bytes, [7, 7, 7, 7, 0]);
    let mut halves = [0u16; 3];
    unsafe { hasten_rt_fill(halves.as_mut_ptr().cast(), 3, 2, 0xbeef) };
    assert_eq!(halves, [0xbeef; 3]);
    let mut words = [0u32; 3];
    unsafe { hasten_rt_fill(words.as_mut_ptr().cast(), 2, 4, 1.5f32.to_bits() as u64) };
    assert_eq!(words, [1.5f32.to_bits(), 1.5f32.to_bits(), 0]);
    let mut doubles = [0.0f64; 1000];
    unsafe { hasten_rt_fill(doubles.as_mut_ptr().cast(), 1000, 8, (-2.5f64).to_bits()) };
    assert!(doubles.iter().all(|&x| x == -2.5));
}

#[test]
fn zeroed_and_aligned() {
    let _g = lock();
    let _scope = ArenaScope::begin();
    for n in [1u64, 3, 64, 1000, 1 << 20] {
        let b = hasten_rt_alloc(n, 1);
        assert_eq!(data(b) as usize % ALIGN, 0);
        let bytes = unsafe { std::slice::from_raw_parts(data(b), n as usize) };
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
        let owned = scope.take(owner(a), 1).unwrap();
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
        assert!(inner.take(owner(a), 1).is_none(), "belongs to the outer scope");
        assert!(outer.take(owner(b), 1).is_none(), "belongs to the inner scope");
    }
    assert_eq!(stats().live, before.live + 1);
    let a = outer.take(owner(a), 1).unwrap();
    drop(outer);
    assert_eq!(stats().live, before.live + 1);
    drop(a);
    assert_eq!(stats().live, before.live);
}

#[test]
fn blocks_made_outside_every_scope_are_freed_by_their_count() {
    let _g = lock();
    let before = stats();
    let stray = hasten_rt_alloc(32, 1);
    assert!(!stray.is_null());
    assert_eq!(stats().live, before.live + 1);
    let mut scope = ArenaScope::begin();
    assert!(scope.take(owner(stray), 1).is_none());
    drop(scope);
    assert_eq!(stats().live, before.live + 1, "no scope lists it");
    unsafe { hasten_rt_decref(owner(stray)) };
    assert_eq!(stats().live, before.live);
}

#[test]
fn the_count_sits_where_compiled_code_looks() {
    let b = Block { data: ptr::null_mut(), refs: AtomicI64::new(0), nbytes: 0, scope: ptr::null(), prev: ptr::null_mut(), next: ptr::null_mut(), drop: None, inline: false };
    let base = &b as *const Block as usize;
    assert_eq!(&b.refs as *const AtomicI64 as usize - base, REFCOUNT_OFFSET as usize);
    assert_eq!(&b.data as *const *mut u8 as usize, base);
}

#[test]
fn unscoped_blocks_survive_their_scope_and_settle_relative_to_their_count() {
    let _g = lock();
    let before = stats();
    let mut scope = ArenaScope::begin();
    let b = hasten_rt_alloc(8, 0);
    unsafe { unscope(owner(b)) };
    // A call that returned the block twice: two references for the result, released by settle.
    incref(b);
    incref(b);
    unsafe { settle(owner(b), 1, 2) };
    assert_eq!(unsafe { refcount(owner(b)) }, 1);
    assert_eq!(stats().miscounted, before.miscounted);
    // A failed call that took a reference and skipped its release.
    incref(b);
    unsafe { settle(owner(b), 1, -1) };
    assert_eq!(unsafe { refcount(owner(b)) }, 1);
    // A returned call that left one reference too many is a miscount.
    incref(b);
    unsafe { settle(owner(b), 1, 0) };
    assert_eq!(stats().miscounted, before.miscounted + 1);
    unsafe { hasten_rt_decref(owner(b)) };
    scope.returned();
    drop(scope);
    assert_eq!(stats().leaked, before.leaked, "the unscoped block is not the scope's");
    assert_eq!(stats().live, before.live + 1, "still held once");
    unsafe { hasten_rt_decref(owner(b)) };
    assert_eq!(stats().live, before.live);
}

#[test]
fn a_foreign_block_outlives_scopes_and_queues_its_object_when_it_dies() {
    let _g = lock();
    let before = stats();
    let scope = ArenaScope::begin();
    let b = foreign::new_foreign_block(0x1234_5670);
    incref(b);
    drop(scope);
    assert_eq!(stats().live, before.live + 1, "a foreign block is in no scope");
    unsafe { hasten_rt_decref(owner(b)) };
    assert!(foreign::take_released().is_empty(), "one reference is left");
    unsafe { hasten_rt_decref(owner(b)) };
    assert_eq!(foreign::take_released(), vec![0x1234_5670]);
    assert!(foreign::take_released().is_empty(), "each object is released once");
    assert_eq!(stats().live, before.live);
}

#[test]
fn a_scope_handed_over_gives_its_blocks_to_the_parent() {
    let _g = lock();
    let before = stats();
    let parent = ArenaScope::begin();
    let handle = ScopeHandle::current();
    let child = ArenaScope::begin();
    let b = hasten_rt_alloc(64, 0);
    child.hand_over(handle);
    assert_eq!(stats().live, before.live + 1, "the block outlives the child scope");
    let mut parent = parent;
    assert!(parent.take(owner(b), 1).is_some(), "the parent lists it now");
    assert_eq!(stats().live, before.live, "taken and dropped");
}
