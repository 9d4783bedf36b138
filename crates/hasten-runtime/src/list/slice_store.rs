//! `l[start:stop:step] = other` and `del l[start:stop:step]`, once Python's slice rules have
//! given the `count` positions `first`, `first + step`, …: a step of 1 replaces the run (any
//! length), another step replaces item by item and needs as many items as positions.

use super::{body, decref, incref};
use crate::error::{ffi_str, set_error};

/// The items of `other` (which may be the list itself), a reference taken to each heap value.
unsafe fn copied_items(owner_words: u64, other: u64) -> (Vec<u64>, usize) {
    let src = body(other);
    let n = src.len as usize * src.words();
    let words = if n == 0 { Vec::new() } else { std::slice::from_raw_parts(src.items, n).to_vec() };
    if owner_words != 0 {
        for item in words.chunks(src.words().max(1)) {
            src.each_owner(item, |o| incref(o));
        }
    }
    (words, src.len as usize)
}

/// `l[slice] = other`. Status 1 with CPython's ValueError when an extended slice and `other`
/// differ in length, or on MemoryError; the list is unchanged then.
///
/// # Safety
/// `owner` and `other` are live lists of the same item type; the positions lie inside `owner`;
/// `loc` is a (pointer, length) string.
pub unsafe extern "C" fn hasten_rt_list_set_slice(owner: u64, first: i64, count: i64, step: i64, other: u64, loc: *const u8, loc_len: usize) -> i32 {
    let count = count.max(0) as usize;
    let (owners, w) = {
        let b = body(owner);
        (b.owners, b.words())
    };
    let other_len = body(other).len as usize;
    if step != 1 && other_len != count {
        let msg = format!("attempt to assign sequence of size {other_len} to extended slice of size {count}");
        set_error("ValueError", Some(msg), &ffi_str(loc, loc_len));
        return 1;
    }
    let (added, _) = copied_items(owners, other);
    let b = body(owner);
    let mut items = b.take_items();
    let removed: Vec<u64> = if step == 1 {
        let start = (first.clamp(0, b.len) as usize) * w;
        let end = (start + count * w).min(items.len());
        if added.len() > end - start && items.try_reserve(added.len() - (end - start)).is_err() {
            b.put_back(items);
            release(owners, w, &added);
            set_error("MemoryError", None, "");
            return 1;
        }
        items.splice(start..end, added).collect()
    } else {
        let mut removed = Vec::with_capacity(count * w);
        for (k, new) in added.chunks(w.max(1)).enumerate().take(count) {
            let at = (first + k as i64 * step) as usize * w;
            removed.extend_from_slice(&items[at..at + w]);
            items[at..at + w].copy_from_slice(new);
        }
        removed
    };
    b.put_back(items);
    release(owners, w, &removed);
    0
}

/// `del l[slice]`: removes the items at the positions, keeping the others in order.
///
/// # Safety
/// `owner` is a live list; the positions lie inside it.
pub unsafe extern "C" fn hasten_rt_list_del_slice(owner: u64, first: i64, count: i64, step: i64) {
    let count = count.max(0) as usize;
    let b = body(owner);
    let (owners, w) = (b.owners, b.words());
    let len = b.len as usize;
    let mut gone = vec![false; len];
    for k in 0..count {
        gone[(first + k as i64 * step) as usize] = true;
    }
    let items = b.take_items();
    let mut kept = Vec::with_capacity(items.capacity());
    let mut removed = Vec::with_capacity(count * w);
    for (i, item) in items.chunks(w.max(1)).enumerate().take(len) {
        if gone[i] { removed.extend_from_slice(item) } else { kept.extend_from_slice(item) }
    }
    b.put_back(kept);
    release(owners, w, &removed);
}

/// Drops the references the items `words` hold.
unsafe fn release(owners: u64, w: usize, words: &[u64]) {
    if owners == 0 || w == 0 {
        return;
    }
    for item in words.chunks(w) {
        for (k, o) in item.iter().enumerate() {
            if owners >> k & 1 == 1 {
                decref(*o);
            }
        }
    }
}
