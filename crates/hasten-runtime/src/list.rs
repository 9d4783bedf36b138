//! Lists made by compiled code: a reference-counted block (see `memory`) whose data is a
//! [`ListBody`]. Items are stored flattened, `slots` 8-byte words each, in a growable buffer of
//! their own; the list owns one reference to every heap value its items hold (the owner words that
//! `owners` marks), released when an item is removed or the list dies.
//!
//! Compiled code reads `len` and `items` in place (indexing, iteration, `len()`), and calls the
//! functions here for whatever changes the length.

use crate::error::set_error;
use crate::memory::{hasten_rt_decref, new_block, Block};

/// Where compiled code finds the length and the items buffer in a list's body.
pub const LEN_OFFSET: i32 = 0;
pub const ITEMS_OFFSET: i32 = 16;
pub const CAP_OFFSET: i32 = 8;
pub const DIRTY_OFFSET: i32 = 40;

#[repr(C)]
pub struct ListBody {
    len: i64,
    cap: i64,
    items: *mut u64,
    /// Words per item.
    slots: u64,
    /// Bit k set: word k of an item is the owner of a heap value.
    owners: u64,
    /// Set by every change, so that the binding writes back only the lists a call changed.
    dirty: u64,
    /// Made by `hasten.typed.List()` in compiled code: Python receives it as a typed list.
    typed: u64,
}

impl ListBody {
    fn words(&self) -> usize {
        self.slots as usize
    }

    /// The items as a vector (capacity included), to grow or shrink; `put_back` returns it.
    unsafe fn take_items(&mut self) -> Vec<u64> {
        let (n, cap) = (self.len as usize * self.words(), self.cap as usize * self.words());
        if self.items.is_null() { Vec::new() } else { Vec::from_raw_parts(self.items, n, cap) }
    }

    /// Installs `items` as the list's items, the list being changed.
    fn put_back(&mut self, mut items: Vec<u64>) {
        self.dirty = 1;
        let w = self.words().max(1);
        self.len = (items.len() / w) as i64;
        self.cap = (items.capacity() / w) as i64;
        self.items = if items.capacity() == 0 { std::ptr::null_mut() } else { items.as_mut_ptr() };
        std::mem::forget(items);
    }

    /// Calls `f` with every owner word of `item`.
    fn each_owner(&self, item: &[u64], mut f: impl FnMut(u64)) {
        for (k, w) in item.iter().enumerate() {
            if self.owners >> k & 1 == 1 {
                f(*w);
            }
        }
    }
}

/// Adds a reference to the block behind `owner`, if it is one.
///
/// # Safety
/// `owner` is zero, a Python object, or the tagged handle of a live block.
pub unsafe fn incref(owner: u64) {
    if owner & 1 == 1 {
        let block = (owner & !1) as *mut Block;
        (*block).refs_add(1);
    }
}

unsafe fn decref(owner: u64) {
    if owner & 1 == 1 {
        hasten_rt_decref(owner);
    }
}

/// The body of the list behind a tagged owner.
unsafe fn body<'a>(owner: u64) -> &'a mut ListBody {
    &mut *((*((owner & !1) as *mut Block)).data as *mut ListBody)
}

unsafe fn drop_list(data: *mut u8, release: bool) {
    let body = &mut *(data as *mut ListBody);
    let items = body.take_items();
    if release && body.owners != 0 {
        for item in items.chunks(body.words()) {
            body.each_owner(item, |o| decref(o));
        }
    }
}

/// A new empty list of items of `slots` words with owner words `owners`, room for `cap` items.
/// Null with a pending MemoryError if the memory cannot be had.
pub extern "C" fn hasten_rt_list_new(slots: u64, owners: u64, cap: u64) -> *mut Block {
    let block = new_block(std::mem::size_of::<ListBody>() as u64, false, Some(drop_list));
    if block.is_null() {
        return block;
    }
    let mut items = Vec::new();
    if items.try_reserve_exact((cap as usize).saturating_mul(slots as usize)).is_err() {
        set_error("MemoryError", None, "");
    }
    // SAFETY: the block's data has room for a body, and nothing reads it before this write.
    unsafe {
        let body = (*block).data as *mut ListBody;
        body.write(ListBody { len: 0, cap: 0, items: std::ptr::null_mut(), slots, owners, dirty: 0, typed: 0 });
        (*body).put_back(items);
        (*body).dirty = 0;
    }
    block
}

/// Appends the item at `item` (its references move into the list). Status 1 on MemoryError.
///
/// # Safety
/// `owner` is a live list; `item` points at one item's words.
pub unsafe extern "C" fn hasten_rt_list_append(owner: u64, item: *const u64) -> i32 {
    let body = body(owner);
    let mut items = body.take_items();
    if items.try_reserve(body.words()).is_err() {
        body.put_back(items);
        set_error("MemoryError", None, "");
        return 1;
    }
    items.extend_from_slice(std::slice::from_raw_parts(item, body.words()));
    body.put_back(items);
    0
}

/// Appends a one-word item passed by value: the call of compiled code's slow path needs no
/// buffer on the stack, whose address would otherwise hold a register through the whole loop.
///
/// # Safety
/// As `hasten_rt_list_append`, for a list of one-word items.
pub unsafe extern "C" fn hasten_rt_list_append_word(owner: u64, word: u64) -> i32 {
    hasten_rt_list_append(owner, &word)
}

/// `list.pop(index)`: moves item `index` (negative counts from the end) to `out` and closes the
/// gap. Status 1 with CPython's IndexError when there is no such item.
///
/// # Safety
/// `owner` is a live list; `out` has room for one item; `loc` is a (pointer, length) string.
pub unsafe extern "C" fn hasten_rt_list_pop(owner: u64, index: i64, out: *mut u64, loc: *const u8, loc_len: usize) -> i32 {
    let body = body(owner);
    let len = body.len;
    let k = if index < 0 { index + len } else { index };
    if len == 0 || !(0..len).contains(&k) {
        let msg = if len == 0 { "pop from empty list" } else { "pop index out of range" };
        let loc = crate::error::ffi_str(loc, loc_len);
        set_error("IndexError", Some(msg.to_string()), &loc);
        return 1;
    }
    let w = body.words();
    let mut items = body.take_items();
    let start = k as usize * w;
    std::ptr::copy_nonoverlapping(items.as_ptr().add(start), out, w);
    items.drain(start..start + w);
    body.put_back(items);
    0
}

/// `list.insert(index, item)`, with CPython's clamping of the index. Status 1 on MemoryError.
///
/// # Safety
/// As `hasten_rt_list_append`.
pub unsafe extern "C" fn hasten_rt_list_insert(owner: u64, index: i64, item: *const u64) -> i32 {
    let body = body(owner);
    let len = body.len;
    let k = if index < 0 { (index + len).max(0) } else { index.min(len) } as usize;
    let w = body.words();
    let mut items = body.take_items();
    if items.try_reserve(w).is_err() {
        body.put_back(items);
        set_error("MemoryError", None, "");
        return 1;
    }
    let new = std::slice::from_raw_parts(item, w);
    items.splice(k * w..k * w, new.iter().copied());
    body.put_back(items);
    0
}

/// `list.reverse()`: the items in reverse order, in place.
///
/// # Safety
/// `owner` is a live list.
pub unsafe extern "C" fn hasten_rt_list_reverse(owner: u64) {
    let body = body(owner);
    let w = body.words().max(1);
    let items = body.take_items();
    let mut reversed = Vec::with_capacity(items.capacity());
    for item in items.chunks(w).rev() {
        reversed.extend_from_slice(item);
    }
    body.put_back(reversed);
}

/// `list.clear()`: releases every item.
///
/// # Safety
/// `owner` is a live list.
pub unsafe extern "C" fn hasten_rt_list_clear(owner: u64) {
    let body = body(owner);
    let mut items = body.take_items();
    let dead: Vec<u64> = std::mem::take(&mut items);
    body.put_back(items);
    if body.owners != 0 {
        for item in dead.chunks(body.words()) {
            body.each_owner(item, |o| decref(o));
        }
    }
}

/// `list.extend(other)`: appends copies of `other`'s items (which may be the list itself), taking
/// a reference to each heap value they hold. Status 1 on MemoryError.
///
/// # Safety
/// Both are live lists of the same item type.
pub unsafe extern "C" fn hasten_rt_list_extend(owner: u64, other: u64) -> i32 {
    let added: Vec<u64> = {
        let src = body(other);
        let n = src.len as usize * src.words();
        if n == 0 { Vec::new() } else { std::slice::from_raw_parts(src.items, n).to_vec() }
    };
    let body = body(owner);
    if body.owners != 0 {
        for item in added.chunks(body.words().max(1)) {
            body.each_owner(item, |o| incref(o));
        }
    }
    let mut items = body.take_items();
    if items.try_reserve(added.len()).is_err() {
        body.put_back(items);
        set_error("MemoryError", None, "");
        return 1;
    }
    items.extend_from_slice(&added);
    body.put_back(items);
    0
}

/// `l[start:stop:step]` once Python's slice rules have been applied: a new list of the `count`
/// items `first`, `first + step`, …, taking a reference to each heap value they hold. Null with a
/// pending MemoryError if the memory cannot be had.
///
/// # Safety
/// `owner` is a live list and the `count` indices lie inside it.
pub unsafe extern "C" fn hasten_rt_list_slice(owner: u64, first: i64, count: i64, step: i64) -> *mut Block {
    let (slots, owners, words) = {
        let b = body(owner);
        let w = b.words();
        let n = b.len as usize * w;
        let all = if n == 0 { &[][..] } else { std::slice::from_raw_parts(b.items, n) };
        let mut words = Vec::new();
        if words.try_reserve_exact(count.max(0) as usize * w).is_err() {
            set_error("MemoryError", None, "");
            return std::ptr::null_mut();
        }
        for k in 0..count.max(0) {
            let at = (first + k * step) as usize * w;
            words.extend_from_slice(&all[at..at + w]);
        }
        (b.slots, b.owners, words)
    };
    list_of_copies(slots, owners, words)
}

/// A new list holding copies of the items of `owner` (a reference taken to each heap value).
/// Null with a pending MemoryError if the memory cannot be had.
///
/// # Safety
/// `owner` is a live list.
pub unsafe fn list_copy(owner: u64) -> *mut Block {
    let b = body(owner);
    let n = b.len as usize * b.words();
    let words = if n == 0 { Vec::new() } else { std::slice::from_raw_parts(b.items, n).to_vec() };
    list_of_copies(b.slots, b.owners, words)
}

/// A new list of the items of `owner` in the order of the item indices `order` (a reference
/// taken to each heap value). Null with a pending MemoryError if the memory cannot be had.
///
/// # Safety
/// `owner` is a live list; every index in `order` is below its length.
pub unsafe fn list_permuted(owner: u64, order: &[u64]) -> *mut Block {
    let b = body(owner);
    let w = b.words();
    let all = if b.len == 0 { &[][..] } else { std::slice::from_raw_parts(b.items, b.len as usize * w) };
    let words = order.iter().flat_map(|&i| all[i as usize * w..(i as usize + 1) * w].iter().copied()).collect();
    list_of_copies(b.slots, b.owners, words)
}

/// Puts the items of the list behind `owner` in the order of the item indices `order` (a
/// permutation of them), in place; the list counts as changed.
///
/// # Safety
/// `owner` is a live list of `order.len()` items.
pub unsafe fn permute(owner: u64, order: &[u64]) {
    let w = body(owner).words();
    let items = items_mut(owner);
    let words: Vec<u64> = order.iter().flat_map(|&i| items[i as usize * w..(i as usize + 1) * w].iter().copied()).collect();
    items.copy_from_slice(&words);
}

/// The item words of the list behind `owner`, to change in place (the list counts as changed).
///
/// # Safety
/// `owner` is a live list, and nothing else reads or changes it while the slice is used.
pub unsafe fn items_mut<'a>(owner: u64) -> &'a mut [u64] {
    let body = body(owner);
    body.dirty = 1;
    let n = body.len as usize * body.words();
    if n == 0 { &mut [] } else { std::slice::from_raw_parts_mut(body.items, n) }
}

/// Appends the words of whole items, for the binding: the references their heap values hold move
/// into the list.
///
/// # Safety
/// `owner` is a live list; `words` is a whole number of its items.
pub unsafe fn extend_words(owner: u64, words: &[u64]) {
    let body = body(owner);
    let mut items = body.take_items();
    items.extend_from_slice(words);
    body.put_back(items);
}

/// Whether the list behind `owner` changed since `set_clean`, and `set_clean` itself: the binding's
/// view of a list passed in from Python.
///
/// # Safety
/// `owner` is a live list.
pub unsafe fn is_dirty(owner: u64) -> bool {
    body(owner).dirty != 0
}

/// Marks the list a typed one (`hasten.typed.List()` in compiled code).
///
/// # Safety
/// `owner` is a live list.
pub unsafe extern "C" fn hasten_rt_list_mark_typed(owner: u64) {
    body(owner).typed = 1;
}

/// Whether the list was made as a `hasten.typed.List`.
///
/// # Safety
/// `owner` is a live list.
pub unsafe fn is_typed(owner: u64) -> bool {
    body(owner).typed != 0
}

/// # Safety
/// `owner` is a live list.
pub unsafe fn set_clean(owner: u64) {
    body(owner).dirty = 0;
}

/// A new list holding `words` (whole items copied from other lists), with a reference taken to
/// each heap value they hold.
pub(crate) unsafe fn list_of_copies(slots: u64, owners: u64, words: Vec<u64>) -> *mut Block {
    let block = hasten_rt_list_new(slots, owners, 0);
    if block.is_null() {
        return block;
    }
    let new = &mut *((*block).data as *mut ListBody);
    if owners != 0 {
        for item in words.chunks(new.words().max(1)) {
            new.each_owner(item, |o| incref(o));
        }
    }
    new.put_back(words);
    block
}

/// A new list of the items of `first` then those of `second` (`a + b`), or of `first` repeated
/// `times` times when `second` is 0 (`a * n`; none for `n <= 0`), taking a reference to each heap
/// value for each copy. Null with a pending MemoryError if the memory cannot be had.
///
/// # Safety
/// `first` (and `second`, unless 0) are live lists of one item type.
pub unsafe extern "C" fn hasten_rt_list_concat(first: u64, second: u64, times: i64) -> *mut Block {
    let (a, slots, owners) = {
        let b = body(first);
        let n = b.len as usize * b.words();
        (if n == 0 { Vec::new() } else { std::slice::from_raw_parts(b.items, n).to_vec() }, b.slots, b.owners)
    };
    let tail = if second == 0 {
        Vec::new()
    } else {
        let b = body(second);
        let n = b.len as usize * b.words();
        if n == 0 { Vec::new() } else { std::slice::from_raw_parts(b.items, n).to_vec() }
    };
    let copies = if second == 0 { times.max(0) as usize } else { 1 };
    let mut items = Vec::new();
    let Some(total) = (a.len() + tail.len()).checked_mul(copies).filter(|&t| items.try_reserve_exact(t).is_ok()) else {
        set_error("MemoryError", None, "");
        return std::ptr::null_mut();
    };
    if copies > 0 {
        items.extend_from_slice(&a);
        items.extend_from_slice(&tail);
    }
    // Doubling what is already there: a few long copies instead of one short copy per item.
    while !items.is_empty() && items.len() < total {
        let more = items.len().min(total - items.len());
        items.extend_from_within(..more);
    }
    list_of_copies(slots, owners, items)
}

/// The items of the list behind `owner`, for the binding: length, words per item, and the words.
///
/// # Safety
/// `owner` is a live list, unchanged while the slice is used.
pub unsafe fn items<'a>(owner: u64) -> (usize, usize, &'a [u64]) {
    let body = body(owner);
    let n = body.len as usize * body.words();
    let words = if n == 0 { &[][..] } else { std::slice::from_raw_parts(body.items, n) };
    (body.len as usize, body.words(), words)
}

mod slice_store;
pub use slice_store::{hasten_rt_list_del_slice, hasten_rt_list_set_slice};

#[cfg(test)]
mod tests;
