//! Whole-dict operations: copies, `d.update(e)`, `popitem`, equality, and the algebra and order of
//! sets (dicts without value words). Each reads the other operand's live entries into a list of
//! its own first, so that an operand given twice (`s -= s`, `d.update(d)`) sees itself unchanged.

use super::*;

/// The live entries of a dict as owned words: (key, value) each, no references taken.
unsafe fn live(owner: u64) -> Vec<(Vec<u64>, Vec<u64>)> {
    entries(owner).into_iter().map(|(k, v)| (k.to_vec(), v.to_vec())).collect()
}

/// Stores a copy of `value` under `key`, adding a reference for each heap value it holds.
unsafe fn set_shared(owner: u64, key: &[u64], value: &[u64]) -> i32 {
    body(owner).each_value_owner(value, |o| crate::list::incref(o));
    let status = hasten_rt_dict_set(owner, key.as_ptr(), value.as_ptr());
    if status != 0 {
        body(owner).each_value_owner(value, |o| decref(o));
    }
    status
}

/// `d.copy()`, `set(s)`: a new dict of `owner`'s layout holding its entries. Null with a pending
/// MemoryError if the memory cannot be had (the partial copy is released).
///
/// # Safety
/// `owner` is a live dict.
pub unsafe extern "C" fn hasten_rt_dict_copy(owner: u64) -> *mut Block {
    let b = body(owner);
    let block = hasten_rt_dict_new(b.key_words, b.value_words, b.value_owners, b.key_strs, b.key_floats);
    if block.is_null() {
        return block;
    }
    let copy = block as u64 | 1;
    if hasten_rt_dict_update(copy, owner) != 0 {
        hasten_rt_decref(copy);
        return std::ptr::null_mut();
    }
    block
}

/// `d.update(e)` for a dict `e` of the same layout: its entries stored in its order. Status 1 on
/// MemoryError.
///
/// # Safety
/// `owner` and `other` are live dicts of one layout.
pub unsafe extern "C" fn hasten_rt_dict_update(owner: u64, other: u64) -> i32 {
    for (k, v) in live(other) {
        if set_shared(owner, &k, &v) != 0 {
            return 1;
        }
    }
    0
}

/// `d.popitem()` and `s.pop()`: moves the last live entry's key words to `key` and value words to
/// `value` (with the dict's references). Returns 1 if the dict is empty (nothing raised).
///
/// # Safety
/// `owner` is a live dict; `key` and `value` have room for its key and value words.
pub unsafe extern "C" fn hasten_rt_dict_popitem(owner: u64, key: *mut u64, value: *mut u64) -> i32 {
    let b = body(owner);
    if b.len == 0 {
        return 1;
    }
    // Trailing holes are dropped from the entries, so that repeated pops stay O(1).
    while b.entry(b.used as usize - 1)[0] == 0 {
        b.used -= 1;
    }
    let kw = b.key_words as usize;
    let e = b.entry(b.used as usize - 1).to_vec();
    let Ok(at) = b.find(&e[1..1 + kw]) else { unreachable!("a live entry is in the table") };
    b.table()[at] = DELETED;
    b.entry(b.used as usize - 1)[0] = 0;
    b.used -= 1;
    b.len -= 1;
    b.dirty = 1;
    std::ptr::copy_nonoverlapping(e[1..1 + kw].as_ptr(), key, kw);
    std::ptr::copy_nonoverlapping(e[1 + kw..].as_ptr(), value, b.value_words as usize);
    0
}

/// The comparison of one value word by `dict_eq`: four bits per word (see `hasten_rt_dict_eq`).
unsafe fn same_word(kind: u64, a: u64, b: u64) -> bool {
    match kind {
        1 => a as u8 == b as u8,
        2 => a as u16 == b as u16,
        3 => a as u32 == b as u32,
        4 => f64::from_bits(a) == f64::from_bits(b),
        5 => f32::from_bits(a as u32) == f32::from_bits(b as u32),
        6 => a == b || crate::string::as_str(a) == crate::string::as_str(b),
        _ => a == b,
    }
}

/// `a == b` of two dicts of one layout: the same keys, and equal values. `kinds` holds four bits
/// per value word: 0 a 64-bit integer, 1/2/3 an integer of 8/16/32 bits (the rest of the word is
/// not written), 4/5 a float64/float32 (compared as floats: NaN is unequal to itself, where
/// CPython's boxed floats compare equal by identity first), 6 a string (by content).
///
/// # Safety
/// `a` and `b` are live dicts of one layout.
pub unsafe extern "C" fn hasten_rt_dict_eq(a: u64, b: u64, kinds: u64) -> i32 {
    if body(a).len != body(b).len {
        return 0;
    }
    for (k, v) in entries(a) {
        let found = hasten_rt_dict_get(b, k.as_ptr());
        if found.is_null() {
            return 0;
        }
        let w = std::slice::from_raw_parts(found, v.len());
        if !v.iter().zip(w).enumerate().all(|(i, (x, y))| same_word(kinds >> (4 * i) & 15, *x, *y)) {
            return 0;
        }
    }
    1
}

/// Whether every key of `a` is a key of `b`.
unsafe fn all_in(a: u64, b: u64) -> bool {
    entries(a).into_iter().all(|(k, _)| !hasten_rt_dict_get(b, k.as_ptr()).is_null())
}

/// Orders of sets: `op` 0 `a <= b`, 1 `a < b`, 2 `a == b`, 3 `a.isdisjoint(b)`. Returns 0 or 1.
///
/// # Safety
/// `a` and `b` are live sets of one layout.
pub unsafe extern "C" fn hasten_rt_set_compare(a: u64, b: u64, op: u64) -> i32 {
    let (la, lb) = (body(a).len, body(b).len);
    let holds = match op {
        0 => la <= lb && all_in(a, b),
        1 => la < lb && all_in(a, b),
        2 => la == lb && all_in(a, b),
        _ => entries(a).into_iter().all(|(k, _)| hasten_rt_dict_get(b, k.as_ptr()).is_null()),
    };
    holds as i32
}

/// `a |= b` (`op` 0), `a &= b` (1), `a -= b` (2), `a ^= b` (3) of two sets of one layout. Status
/// 1 on MemoryError.
///
/// # Safety
/// `a` and `b` are live sets of one layout.
pub unsafe extern "C" fn hasten_rt_set_update(a: u64, b: u64, op: u64) -> i32 {
    let none: [u64; 0] = [];
    let mut out = [0u64; 0];
    match op {
        0 => return hasten_rt_dict_update(a, b),
        1 => {
            let gone: Vec<Vec<u64>> = live(a).into_iter().map(|(k, _)| k).filter(|k| hasten_rt_dict_get(b, k.as_ptr()).is_null()).collect();
            for k in gone {
                hasten_rt_dict_pop(a, k.as_ptr(), out.as_mut_ptr());
            }
        }
        _ => {
            for (k, _) in live(b) {
                // A key already removed from `a` (which `b` may be) is not added back.
                let missing = hasten_rt_dict_pop(a, k.as_ptr(), out.as_mut_ptr()) != 0;
                if op == 3 && missing && hasten_rt_dict_set(a, k.as_ptr(), none.as_ptr()) != 0 {
                    return 1;
                }
            }
        }
    }
    body(a).dirty = 1;
    0
}

/// `a | b`, `a & b`, `a - b`, `a ^ b` (`op` as `hasten_rt_set_update`): a new set. Null with a
/// pending MemoryError if the memory cannot be had.
///
/// # Safety
/// `a` and `b` are live sets of one layout.
pub unsafe extern "C" fn hasten_rt_set_binary(a: u64, b: u64, op: u64) -> *mut Block {
    let block = hasten_rt_dict_copy(a);
    if block.is_null() || hasten_rt_set_update(block as u64 | 1, b, op) == 0 {
        return block;
    }
    hasten_rt_decref(block as u64 | 1);
    std::ptr::null_mut()
}

#[cfg(test)]
mod tests {
    use super::*;

    unsafe fn set_of(keys: &[u64]) -> u64 {
        let s = hasten_rt_dict_new(1, 0, 0, 0, 0) as u64 | 1;
        for k in keys {
            assert_eq!(hasten_rt_dict_set(s, k, k), 0);
        }
        s
    }

    unsafe fn keys(s: u64) -> Vec<u64> {
        let mut k: Vec<u64> = entries(s).iter().map(|(k, _)| k[0]).collect();
        k.sort();
        k
    }

    #[test]
    fn set_algebra_and_aliasing() {
        let _guard = crate::memory::tests::lock();
        let _scope = crate::memory::ArenaScope::begin();
        unsafe {
            let (a, b) = (set_of(&[1, 2, 3, 4]), set_of(&[3, 4, 5]));
            let cases = [(0, vec![1, 2, 3, 4, 5]), (1, vec![3, 4]), (2, vec![1, 2]), (3, vec![1, 2, 5])];
            for (op, want) in cases {
                let r = hasten_rt_set_binary(a, b, op) as u64 | 1;
                assert_eq!(keys(r), want, "op {op}");
                hasten_rt_decref(r);
            }
            assert_eq!(hasten_rt_set_update(a, a, 3), 0);
            assert!(keys(a).is_empty());
            assert_eq!(hasten_rt_set_compare(a, b, 0), 1);
            assert_eq!(hasten_rt_set_compare(b, b, 1), 0);
            assert_eq!(hasten_rt_set_compare(b, b, 2), 1);
            let mut out = [0u64; 1];
            let mut none = [0u64; 0];
            for want in [5, 4, 3] {
                assert_eq!(hasten_rt_dict_popitem(b, out.as_mut_ptr(), none.as_mut_ptr()), 0);
                assert_eq!(out[0], want);
            }
            assert_eq!(hasten_rt_dict_popitem(b, out.as_mut_ptr(), none.as_mut_ptr()), 1);
            hasten_rt_decref(a);
            hasten_rt_decref(b);
        }
    }
}
