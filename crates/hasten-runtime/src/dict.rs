//! Dicts made by compiled code: a reference-counted block (see `memory`) whose data is a
//! [`DictBody`]. Entries are kept in insertion order, as CPython's compact dict keeps them: each is
//! a flag word (the key's hash with the top bit set while the entry lives, 0 once deleted), the
//! key's words, then the value's words, in one growable buffer; deleting an entry clears its flag
//! and leaves a hole that the next rebuild of the table closes. An open-addressing table of entry
//! positions finds a key, comparing the stored hashes before the keys.
//!
//! Keys are integers, floats and strings (or tuples of them), one 64-bit word each: integers widened by
//! compiled code so that equal keys have equal words, floats (the words `key_floats` marks) their
//! float64 bits, hashed with `-0.0` as `0.0` and compared as floats, strings (the words `key_strs`
//! marks) their owners, hashed and compared by content (`string::hash`). A NaN key is refused when
//! it would be inserted (CPython finds a NaN key by the identity of its float object, which compiled
//! code's floats do not have); looking one up finds nothing, as in CPython for a NaN made apart. The dict owns one reference to every
//! heap value its values hold (the owner words that `value_owners` marks) and to every string key,
//! which it takes when the key is inserted. Compiled code reads `len`, `used` and `entries` in
//! place to iterate, and calls the functions here for everything else.

pub mod ops;

use crate::error::{set_error, ExcArg, PendingError};
use crate::memory::{hasten_rt_decref, new_block, Block};

/// Where compiled code finds the number of live entries, the number of entry slots used (holes
/// included) and the entries buffer in a dict's body.
pub const LEN_OFFSET: i32 = 0;
pub const USED_OFFSET: i32 = 8;
pub const ENTRIES_OFFSET: i32 = 16;
/// Where compiled code that writes a value in place (`d[k] += v`) marks the dict changed.
pub const DIRTY_OFFSET: i32 = std::mem::offset_of!(DictBody, dirty) as i32;

/// The message of a NaN key's insertion.
pub const NAN_KEY: &str = "a NaN dict key or set item (or an int that a float key cannot hold exactly) is not supported in compiled code: CPython finds NaN keys by the identity of their float objects";

const EMPTY: i64 = -1;
const DELETED: i64 = -2;

#[repr(C)]
pub struct DictBody {
    len: i64,
    used: i64,
    entries: *mut u64,
    entries_cap: u64,
    table: *mut i64,
    /// A power of two, at least 8, more than twice the entry slots in use.
    table_len: u64,
    key_words: u64,
    value_words: u64,
    /// Bit k set: word k of a value is the owner of a heap value.
    value_owners: u64,
    /// Bit k set: word k of a key is a string.
    key_strs: u64,
    /// Set by every change, so that the binding knows a dict passed in changed.
    dirty: u64,
    /// Made by `hasten.typed.Dict()` in compiled code: Python receives it as a typed dict.
    typed: u64,
    /// Bit k set: word k of a key is a float64.
    key_floats: u64,
}

/// The word a key word is hashed as: a float's `-0.0` as `0.0`, which it equals.
fn hash_word(w: u64, k: usize, strs: u64, floats: u64) -> u64 {
    if strs >> k & 1 == 1 {
        // SAFETY: a word marked as a string is a live string's owner.
        unsafe { crate::string::hash(w) }
    } else if floats >> k & 1 == 1 && w == (-0.0f64).to_bits() {
        0
    } else {
        w
    }
}

/// The flag word of a live entry whose key hashes to `h`: never 0, and `h` in the bits a table
/// position uses.
fn live_flag(h: u64) -> u64 {
    h | 1 << 63
}

/// SplitMix64's finaliser over the key's words (a string's word being its content hash): any
/// good mixer will do, since the order of iteration is that of insertion.
fn hash(key: &[u64], strs: u64, floats: u64) -> u64 {
    key.iter().enumerate().fold(0x9e37_79b9_7f4a_7c15, |h, (k, w)| {
        let w = hash_word(*w, k, strs, floats);
        let mut z = h ^ w.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    })
}

impl DictBody {
    fn entry_words(&self) -> usize {
        1 + (self.key_words + self.value_words) as usize
    }

    unsafe fn take_entries(&mut self) -> Vec<u64> {
        let (n, cap) = (self.used as usize * self.entry_words(), self.entries_cap as usize);
        if self.entries.is_null() { Vec::new() } else { Vec::from_raw_parts(self.entries, n, cap) }
    }

    fn put_entries(&mut self, mut entries: Vec<u64>) {
        self.used = (entries.len() / self.entry_words()) as i64;
        self.entries_cap = entries.capacity() as u64;
        self.entries = if entries.capacity() == 0 { std::ptr::null_mut() } else { entries.as_mut_ptr() };
        std::mem::forget(entries);
    }

    unsafe fn table(&mut self) -> &mut [i64] {
        std::slice::from_raw_parts_mut(self.table, self.table_len as usize)
    }

    unsafe fn entry(&self, k: usize) -> &mut [u64] {
        let w = self.entry_words();
        std::slice::from_raw_parts_mut(self.entries.add(k * w), w)
    }

    /// Whether two keys are equal: word by word, strings by content, floats as floats.
    unsafe fn same_key(&self, a: &[u64], b: &[u64]) -> bool {
        if self.key_strs == 0 && self.key_floats == 0 {
            return a == b;
        }
        a.iter().zip(b).enumerate().all(|(k, (x, y))| {
            if self.key_floats >> k & 1 == 1 {
                return f64::from_bits(*x) == f64::from_bits(*y);
            }
            x == y || self.key_strs >> k & 1 == 1 && crate::string::as_str(*x) == crate::string::as_str(*y)
        })
    }

    /// Whether a float word of `key` is NaN.
    fn has_nan(&self, key: &[u64]) -> bool {
        key.iter().enumerate().any(|(k, w)| self.key_floats >> k & 1 == 1 && f64::from_bits(*w).is_nan())
    }

    /// Calls `f` with every string word of `key`.
    fn each_key_str(&self, key: &[u64], mut f: impl FnMut(u64)) {
        for (k, w) in key.iter().enumerate() {
            if self.key_strs >> k & 1 == 1 {
                f(*w);
            }
        }
    }

    /// The table slot holding `key`'s entry, or `Err` with the slot where it would go.
    unsafe fn find(&mut self, key: &[u64]) -> Result<usize, usize> {
        let flag = live_flag(hash(key, self.key_strs, self.key_floats));
        self.find_hashed(key, flag)
    }

    /// `find` for a key whose live flag (see `live_flag`) is known.
    unsafe fn find_hashed(&mut self, key: &[u64], flag: u64) -> Result<usize, usize> {
        let mask = self.table_len as usize - 1;
        let mut at = flag as usize & mask;
        let mut free = None;
        let kw = self.key_words as usize;
        loop {
            match self.table()[at] {
                EMPTY => return Err(free.unwrap_or(at)),
                DELETED => free = free.or(Some(at)),
                e => {
                    let entry = self.entry(e as usize);
                    if entry[0] == flag && self.same_key(&entry[1..1 + kw], key) {
                        return Ok(at);
                    }
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// Closes the holes of deleted entries and rebuilds the table for `room` more entries.
    unsafe fn rebuild(&mut self, room: usize) -> bool {
        let w = self.entry_words();
        let mut entries = self.take_entries();
        let mut live = Vec::new();
        if live.try_reserve_exact((self.len as usize + room) * w).is_err() {
            self.put_entries(entries);
            return false;
        }
        for e in entries.chunks(w).filter(|e| e[0] != 0) {
            live.extend_from_slice(e);
        }
        entries.clear();
        drop(entries);
        let need = (self.len as usize + room) * 2 + 1;
        let table_len = need.next_power_of_two().max(8);
        let mut table = Vec::new();
        if table.try_reserve_exact(table_len).is_err() {
            self.put_entries(live);
            return false;
        }
        table.resize(table_len, EMPTY);
        drop(Vec::from_raw_parts(self.table, self.table_len as usize, self.table_len as usize));
        let mut table = std::mem::ManuallyDrop::new(table);
        self.table = table.as_mut_ptr();
        self.table_len = table_len as u64;
        self.put_entries(live);
        // The keys are distinct: each goes to the first free slot from its stored hash.
        let mask = table_len - 1;
        for k in 0..self.used as usize {
            let mut at = self.entry(k)[0] as usize & mask;
            while self.table()[at] != EMPTY {
                at = (at + 1) & mask;
            }
            self.table()[at] = k as i64;
        }
        true
    }

    fn each_value_owner(&self, value: &[u64], mut f: impl FnMut(u64)) {
        for (k, w) in value.iter().enumerate() {
            if self.value_owners >> k & 1 == 1 {
                f(*w);
            }
        }
    }
}

unsafe fn decref(owner: u64) {
    if owner & 1 == 1 {
        hasten_rt_decref(owner);
    }
}

/// The body of the dict behind a tagged owner.
unsafe fn body<'a>(owner: u64) -> &'a mut DictBody {
    &mut *((*((owner & !1) as *mut Block)).data as *mut DictBody)
}

unsafe fn drop_dict(data: *mut u8, release: bool) {
    let body = &mut *(data as *mut DictBody);
    let entries = body.take_entries();
    if release {
        release_entries(body, &entries);
    }
    drop(Vec::from_raw_parts(body.table, body.table_len as usize, body.table_len as usize));
}

/// Releases the string keys and the values' heap values of the live entries among `entries`.
unsafe fn release_entries(body: &DictBody, entries: &[u64]) {
    if body.value_owners == 0 && body.key_strs == 0 {
        return;
    }
    let kw = 1 + body.key_words as usize;
    for e in entries.chunks(body.entry_words()).filter(|e| e[0] != 0) {
        body.each_key_str(&e[1..kw], |o| decref(o));
        body.each_value_owner(&e[kw..], |o| decref(o));
    }
}

/// A new empty dict with keys of `key_words` words (strings where `key_strs` says, floats where
/// `key_floats` says) and values of `value_words` words whose owner words `value_owners` marks.
/// Null with a pending MemoryError if the memory cannot be had.
pub extern "C" fn hasten_rt_dict_new(key_words: u64, value_words: u64, value_owners: u64, key_strs: u64, key_floats: u64) -> *mut Block {
    let block = new_block(std::mem::size_of::<DictBody>() as u64, false, Some(drop_dict));
    if block.is_null() {
        return block;
    }
    let mut table = std::mem::ManuallyDrop::new(vec![EMPTY; 8]);
    // SAFETY: the block's data has room for a body, and nothing reads it before this write.
    unsafe {
        let body = (*block).data as *mut DictBody;
        body.write(DictBody {
            len: 0,
            used: 0,
            entries: std::ptr::null_mut(),
            entries_cap: 0,
            table: table.as_mut_ptr(),
            table_len: 8,
            key_words,
            value_words,
            value_owners,
            key_strs,
            dirty: 0,
            typed: 0,
            key_floats,
        });
    }
    block
}

/// The address of the value words of `key`'s entry, or null if the dict has no such key.
///
/// # Safety
/// `owner` is a live dict; `key` points at its key words.
pub unsafe extern "C" fn hasten_rt_dict_get(owner: u64, key: *const u64) -> *mut u64 {
    let body = body(owner);
    let key = std::slice::from_raw_parts(key, body.key_words as usize);
    match body.find(key) {
        Ok(at) => {
            let e = body.table()[at] as usize;
            body.entry(e)[1 + key.len()..].as_mut_ptr()
        }
        Err(_) => std::ptr::null_mut(),
    }
}

/// `d[key] = value`: the value's references move into the dict; an old value is released.
/// Status 1 on MemoryError, or NotImplementedError for a new NaN key (nothing is taken then).
///
/// # Safety
/// `owner` is a live dict; `key` and `value` point at its key and value words.
pub unsafe extern "C" fn hasten_rt_dict_set(owner: u64, key: *const u64, value: *const u64) -> i32 {
    let body = body(owner);
    body.dirty = 1;
    let key = std::slice::from_raw_parts(key, body.key_words as usize);
    let value = std::slice::from_raw_parts(value, body.value_words as usize);
    let flag = live_flag(hash(key, body.key_strs, body.key_floats));
    if let Ok(at) = body.find_hashed(key, flag) {
        let e = body.table()[at] as usize;
        let slot = &mut body.entry(e)[1 + key.len()..];
        let old = slot.to_vec();
        slot.copy_from_slice(value);
        body.each_value_owner(&old, |o| decref(o));
        return 0;
    }
    if body.has_nan(key) {
        set_error("NotImplementedError", Some(NAN_KEY.into()), "");
        return 1;
    }
    // Keep the table at most half full, counting holes, so that probing stays short.
    if (body.used as u64 + 1) * 2 >= body.table_len && !body.rebuild(body.len as usize + 1) {
        set_error("MemoryError", None, "");
        return 1;
    }
    let mut entries = body.take_entries();
    if entries.try_reserve(body.entry_words()).is_err() {
        body.put_entries(entries);
        set_error("MemoryError", None, "");
        return 1;
    }
    entries.push(flag);
    entries.extend_from_slice(key);
    entries.extend_from_slice(value);
    body.put_entries(entries);
    body.each_key_str(key, |o| crate::list::incref(o));
    let Err(at) = body.find_hashed(key, flag) else { unreachable!("the key is new") };
    body.table()[at] = body.used - 1;
    body.len += 1;
    0
}

/// Removes `key`'s entry, moving its value words to `out`. Returns 0, or 1 if there is no such key
/// (nothing raised: the caller raises KeyError or returns a default).
///
/// # Safety
/// `owner` is a live dict; `key` points at its key words; `out` has room for a value.
pub unsafe extern "C" fn hasten_rt_dict_pop(owner: u64, key: *const u64, out: *mut u64) -> i32 {
    let body = body(owner);
    let key = std::slice::from_raw_parts(key, body.key_words as usize);
    let Ok(at) = body.find(key) else { return 1 };
    body.dirty = 1;
    let e = body.table()[at] as usize;
    body.table()[at] = DELETED;
    let entry = body.entry(e);
    entry[0] = 0;
    std::ptr::copy_nonoverlapping(entry[1 + key.len()..].as_ptr(), out, body.value_words as usize);
    let dead: Vec<u64> = entry[1..1 + key.len()].to_vec();
    body.len -= 1;
    body.each_key_str(&dead, |o| decref(o));
    0
}

/// `d.clear()`: releases every value.
///
/// # Safety
/// `owner` is a live dict.
pub unsafe extern "C" fn hasten_rt_dict_clear(owner: u64) {
    let body = body(owner);
    body.dirty = 1;
    let entries = body.take_entries();
    body.put_entries(Vec::new());
    body.len = 0;
    body.table().fill(EMPTY);
    release_entries(body, &entries);
}

/// Raises CPython's `KeyError(key)` for the key of `n` words at `key` (bit i of `bools` /
/// `unsigned` / `strs` / `floats`: word i is a bool / an unsigned integer / a string / a float64;
/// `tuple`: the key is a tuple of the words).
///
/// # Safety
/// `key` points at `n` words (live strings where `strs` says); `loc` is a (pointer, length) string.
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn hasten_rt_raise_key(key: *const u64, n: u64, bools: u64, unsigned: u64, strs: u64, floats: u64, tuple: u64, loc: *const u8, loc_len: usize) {
    let words = std::slice::from_raw_parts(key, n as usize);
    let arg = |(i, w): (usize, &u64)| match (bools >> i & 1, unsigned >> i & 1, strs >> i & 1, floats >> i & 1) {
        (1, _, _, _) => ExcArg::Bool(*w != 0),
        (_, 1, _, _) => ExcArg::UInt(*w),
        (_, _, 1, _) => ExcArg::Str(crate::string::as_str(*w).to_string()),
        (_, _, _, 1) => ExcArg::Float(f64::from_bits(*w)),
        _ => ExcArg::Int(*w as i64),
    };
    let mut items: Vec<ExcArg> = words.iter().enumerate().map(arg).collect();
    let key = if tuple == 0 && items.len() == 1 { items.remove(0) } else { ExcArg::Tuple(items) };
    let location = crate::error::ffi_str(loc, loc_len).into_owned();
    crate::error::store(PendingError { exc: "KeyError".into(), message: None, location, args: Some(vec![key]), ancestry: Vec::new() });
}

/// The live entries of the dict behind `owner`, for the binding: (key words, value words) each.
///
/// # Safety
/// `owner` is a live dict, unchanged while the slices are used.
pub unsafe fn entries<'a>(owner: u64) -> Vec<(&'a [u64], &'a [u64])> {
    let body = body(owner);
    let kw = body.key_words as usize;
    (0..body.used as usize)
        .map(|k| &*body.entry(k))
        .filter(|e| e[0] != 0)
        .map(|e| (&e[1..1 + kw], &e[1 + kw..]))
        .collect()
}

/// The live entries of the dict behind `owner`, writable: the binding gives the heap values a
/// call stored into a typed dict to the dict (`typed_heap.rs`), without changing any key's value.
///
/// # Safety
/// `owner` is a live dict, unchanged while the slices are used.
pub unsafe fn entries_mut<'a>(owner: u64) -> Vec<(&'a mut [u64], &'a mut [u64])> {
    let body = body(owner);
    let kw = body.key_words as usize;
    (0..body.used as usize)
        .map(|k| &mut *(body.entry(k) as *mut [u64]))
        .filter(|e| e[0] != 0)
        .map(|e| e[1..].split_at_mut(kw))
        .collect()
}

/// Whether the dict behind `owner` changed since it was made or last marked clean.
///
/// # Safety
/// `owner` is a live dict.
pub unsafe fn is_dirty(owner: u64) -> bool {
    body(owner).dirty != 0
}

/// Marks the dict a typed one (`hasten.typed.Dict()` in compiled code).
///
/// # Safety
/// `owner` is a live dict.
pub unsafe extern "C" fn hasten_rt_dict_mark_typed(owner: u64) {
    body(owner).typed = 1;
}

/// Whether the dict was made as a `hasten.typed.Dict`.
///
/// # Safety
/// `owner` is a live dict.
pub unsafe fn is_typed(owner: u64) -> bool {
    body(owner).typed != 0
}

/// # Safety
/// `owner` is a live dict.
pub unsafe fn set_clean(owner: u64) {
    body(owner).dirty = 0;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(block: *mut Block) -> u64 {
        block as u64 | 1
    }

    #[test]
    fn only_marking_makes_a_dict_typed() {
        let _guard = crate::memory::tests::lock();
        let _scope = crate::memory::ArenaScope::begin();
        let d = owner(hasten_rt_dict_new(1, 1, 0, 0, 0));
        unsafe {
            assert_eq!(hasten_rt_dict_set(d, &1, &2), 0);
            assert!(!is_typed(d));
            hasten_rt_dict_mark_typed(d);
            hasten_rt_dict_clear(d);
            assert!(is_typed(d));
        }
    }

    #[test]
    fn float_keys_equal_as_floats_and_nan_is_refused() {
        let _guard = crate::memory::tests::lock();
        let _scope = crate::memory::ArenaScope::begin();
        let d = owner(hasten_rt_dict_new(1, 1, 0, 0, 1));
        let w = |x: f64| x.to_bits();
        unsafe {
            assert_eq!(hasten_rt_dict_set(d, &w(-0.0), &1), 0);
            assert_eq!(hasten_rt_dict_set(d, &w(0.0), &2), 0);
            assert_eq!(entries(d).len(), 1);
            assert_eq!(entries(d)[0].0[0], w(-0.0), "the first key stays");
            assert_eq!(*hasten_rt_dict_get(d, &w(0.0)), 2);
            assert!(hasten_rt_dict_get(d, &w(f64::NAN)).is_null());
            assert_eq!(hasten_rt_dict_set(d, &w(f64::NAN), &3), 1);
            assert!(crate::error::take_error().is_some());
            assert_eq!(entries(d).len(), 1);
            hasten_rt_decref(d);
        }
    }

    #[test]
    fn insertion_order_survives_deletes_and_rebuilds() {
        let _guard = crate::memory::tests::lock();
        let _scope = crate::memory::ArenaScope::begin();
        let d = owner(hasten_rt_dict_new(1, 1, 0, 0, 0));
        unsafe {
            for k in 0..100u64 {
                assert_eq!(hasten_rt_dict_set(d, &k, &(k * 10)), 0);
            }
            let mut out = 0u64;
            for k in (0..100u64).step_by(2) {
                assert_eq!(hasten_rt_dict_pop(d, &k, &mut out), 0);
                assert_eq!(out, k * 10);
            }
            assert_eq!(hasten_rt_dict_pop(d, &0, &mut out), 1);
            for k in 100..200u64 {
                hasten_rt_dict_set(d, &k, &k);
            }
            hasten_rt_dict_set(d, &1, &7);
            let keys: Vec<u64> = entries(d).iter().map(|(k, _)| k[0]).collect();
            let expected: Vec<u64> = (1..100).step_by(2).chain(100..200).collect();
            assert_eq!(keys, expected);
            assert_eq!(*hasten_rt_dict_get(d, &1), 7);
            assert!(hasten_rt_dict_get(d, &2).is_null());
            hasten_rt_decref(d);
        }
    }
}
