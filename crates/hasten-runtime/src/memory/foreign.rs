//! Blocks that stand for a Python object: how a `hasten.typed` container holds an array NumPy
//! made. Compiled code counts references to such a block like to any other (it is the array's
//! owner); the block holds one reference to the Python object, which it gives up when it dies.
//!
//! The last release may happen where the GIL is not held (a `nogil` call, a `prange` worker), so
//! the object is not released there: it is queued, and the binding releases the queue whenever it
//! holds the GIL ([`take_released`]).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use super::{new_block, unscope, Block};

/// Python objects whose blocks died, waiting for the binding to release them.
static RELEASED: Mutex<Vec<u64>> = Mutex::new(Vec::new());
/// Whether `RELEASED` may be non-empty: the binding looks after every call, mostly in vain.
static PENDING: AtomicBool = AtomicBool::new(false);

/// A block's data: the Python object it holds.
unsafe fn queue_object(data: *mut u8, _release: bool) {
    let object = *(data as *const u64);
    RELEASED.lock().unwrap_or_else(|e| e.into_inner()).push(object);
    PENDING.store(true, Ordering::Release);
}

/// A new block, listed in no scope, that holds the reference to the Python object `object` which
/// the caller gives it (the caller increments the object's count). Null with a pending
/// MemoryError if the memory cannot be had.
pub fn new_foreign_block(object: u64) -> *mut Block {
    let block = new_block(8, false, Some(queue_object));
    if !block.is_null() {
        // SAFETY: a new block with 8 bytes of data, made here.
        unsafe {
            *((*block).data as *mut u64) = object;
            unscope(block as u64 | 1);
        }
    }
    block
}

/// The Python objects whose blocks died since the last call, each owed one release.
pub fn take_released() -> Vec<u64> {
    if !PENDING.swap(false, Ordering::AcqRel) {
        return Vec::new();
    }
    let mut queue = RELEASED.lock().unwrap_or_else(|e| e.into_inner());
    if queue.is_empty() { Vec::new() } else { std::mem::take(&mut *queue) }
}
