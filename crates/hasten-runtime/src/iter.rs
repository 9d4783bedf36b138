//! Iterators made by `iter(x)` in compiled code (`hasten_ir::iterators`): a reference-counted
//! block (see `memory`) whose data is a header and then words compiled code reads and writes in
//! place: the position, then the iterator's state (the walked value's slots and a few counters).
//! The block owns one reference to each heap value among the state words (those `owners` marks),
//! released when the iterator dies.

use crate::memory::{hasten_rt_decref, new_block, Block};

/// Where compiled code finds the position and the first state word in an iterator's data.
pub const POS_OFFSET: i32 = 16;
pub const STATE_OFFSET: i32 = 24;

/// The header: which state words are owners, and how many there are.
#[repr(C)]
struct Header {
    owners: u64,
    words: u64,
}

unsafe fn drop_iter(data: *mut u8, release: bool) {
    let h = &*(data as *const Header);
    if !release {
        return;
    }
    let state = data.add(STATE_OFFSET as usize) as *const u64;
    for k in 0..h.words as usize {
        let w = *state.add(k);
        if h.owners >> k & 1 == 1 && w & 1 == 1 {
            hasten_rt_decref(w);
        }
    }
}

/// A new iterator of `words` state words (at most 64), owners where `owners` says, position 0;
/// compiled code writes the state words. Null with a pending MemoryError if the memory cannot be had.
pub extern "C" fn hasten_rt_iter_new(words: u64, owners: u64) -> *mut Block {
    let block = new_block(STATE_OFFSET as u64 + 8 * words, true, Some(drop_iter));
    if block.is_null() {
        return block;
    }
    // SAFETY: the block's data has room for the header, zeroed.
    unsafe { ((*block).data as *mut Header).write(Header { owners, words }) };
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_iterator_releases_the_values_it_holds() {
        let _guard = crate::memory::tests::lock();
        let _scope = crate::memory::ArenaScope::begin();
        let held = crate::memory::hasten_rt_alloc(8, 1) as u64 | 1;
        let it = hasten_rt_iter_new(2, 0b10) as u64 | 1;
        unsafe {
            let data = (*((it & !1) as *mut Block)).data;
            *(data.add(STATE_OFFSET as usize + 8) as *mut u64) = held;
            assert_eq!(*(data.add(POS_OFFSET as usize) as *const u64), 0);
            let before = crate::memory::stats().live;
            hasten_rt_decref(it);
            assert_eq!(crate::memory::stats().live, before - 2);
        }
    }
}
