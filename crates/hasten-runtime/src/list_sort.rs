//! `sorted(l)` of a list of numbers or strings with CPython's result, equal items and NaN
//! included: CPython sorts with `<` alone, and `timsort` asks the same questions in the same order,
//! so that even NaN (for which `<` is no order) lands where CPython puts it.

use crate::error::set_error;
use crate::list::{items_mut, list_copy};
use crate::memory::Block;
use crate::timsort;

/// How the words of the items compare: signed or unsigned integers of `width` bytes, floats,
/// strings (their owners; code-point order), or lists (their owners) of one-word items of the
/// kind coded `kind | width << 8`, compared item by item as CPython compares lists.
#[derive(Clone, Copy)]
enum Kind {
    Signed(u32),
    Unsigned(u32),
    Float(u32),
    Str,
    List(u64),
}

impl Kind {
    fn decode(kind: u64, width: u64) -> Kind {
        let w = width as u32;
        match kind {
            0 => Kind::Signed(w),
            1 => Kind::Unsigned(w),
            3 => Kind::Str,
            4 => Kind::List(width),
            _ => Kind::Float(w),
        }
    }

    /// `a < b` on the items' values (a slot's value sits in the low bytes of its word).
    fn lt(self, a: u64, b: u64) -> bool {
        match self {
            Kind::Signed(w) => {
                let shift = 64 - 8 * w;
                ((a << shift) as i64 >> shift) < ((b << shift) as i64 >> shift)
            }
            Kind::Unsigned(w) => {
                let mask = if w == 8 { u64::MAX } else { (1u64 << (8 * w)) - 1 };
                (a & mask) < (b & mask)
            }
            Kind::Float(4) => f32::from_bits(a as u32) < f32::from_bits(b as u32),
            Kind::Float(_) => f64::from_bits(a) < f64::from_bits(b),
            // SAFETY: the words of a list or set of strings are live strings.
            Kind::Str => unsafe { crate::string::as_str(a) < crate::string::as_str(b) },
            // SAFETY: the words of a list of lists are live lists of one-word items of that kind.
            Kind::List(code) => unsafe {
                let (inner, (_, _, x), (_, _, y)) = (Kind::decode(code & 0xff, code >> 8), crate::list::items(a), crate::list::items(b));
                // The first unequal pair decides; else the shorter list is the smaller.
                match x.iter().zip(y).find(|(p, q)| !inner.eq(**p, **q)) {
                    Some((p, q)) => inner.lt(*p, *q),
                    None => x.len() < y.len(),
                }
            },
        }
    }

    /// `a == b` on the items' values (floats as floats: NaN equals nothing).
    fn eq(self, a: u64, b: u64) -> bool {
        match self {
            Kind::Signed(w) | Kind::Unsigned(w) => {
                let mask = if w == 8 { u64::MAX } else { (1u64 << (8 * w)) - 1 };
                a & mask == b & mask
            }
            Kind::Float(4) => f32::from_bits(a as u32) == f32::from_bits(b as u32),
            Kind::Float(_) => f64::from_bits(a) == f64::from_bits(b),
            // SAFETY: as in `lt`.
            Kind::Str => a == b || unsafe { crate::string::as_str(a) == crate::string::as_str(b) },
            // SAFETY: as in `lt`.
            Kind::List(code) => unsafe {
                let (inner, (_, _, x), (_, _, y)) = (Kind::decode(code & 0xff, code >> 8), crate::list::items(a), crate::list::items(b));
                x.len() == y.len() && x.iter().zip(y).all(|(p, q)| inner.eq(*p, *q))
            },
        }
    }
}

/// Whether `words`, lists of `kind`, hold a NaN float, which CPython's item-by-item comparison
/// tests for identity before `==` (the answer then depends on whether two lists hold the same
/// float object, which compiled code does not know): such a sort raises NotImplementedError, as
/// comparing such lists does in compiled code.
///
/// # Safety
/// With a `Kind::List`, the words are live lists of one-word items of that list's kind.
unsafe fn refuses_nan(words: &[u64], kind: Kind) -> bool {
    let Kind::List(code) = kind else { return false };
    let nan = match Kind::decode(code & 0xff, code >> 8) {
        Kind::Float(4) => |w: u64| f32::from_bits(w as u32).is_nan(),
        Kind::Float(_) => |w: u64| f64::from_bits(w).is_nan(),
        _ => return false,
    };
    if !words.iter().any(|&l| crate::list::items(l).2.iter().any(|&w| nan(w))) {
        return false;
    }
    let msg = "sorting lists of lists that hold a NaN float is not supported in compiled code: CPython's answer depends on whether two lists hold the same float object";
    set_error("NotImplementedError", Some(msg.into()), "");
    true
}

/// How items of several words (tuples) compare: a kind per word, compared as CPython compares
/// tuples, the first unequal word deciding by `<`.
struct Leaves(Vec<Kind>);

impl Leaves {
    /// The kinds from compiled code: `kind | width << 8` per word (see [`Kind::decode`]).
    ///
    /// # Safety
    /// `kinds` points at `n` words.
    unsafe fn from_raw(kinds: *const u64, n: u64) -> Leaves {
        Leaves(std::slice::from_raw_parts(kinds, n as usize).iter().map(|k| Kind::decode(k & 0xff, k >> 8)).collect())
    }

    fn lt(&self, a: &[u64], b: &[u64]) -> bool {
        for (k, (x, y)) in self.0.iter().zip(a.iter().zip(b)) {
            if !k.eq(*x, *y) {
                return k.lt(*x, *y);
            }
        }
        false
    }

    /// The words that hold strings, as a list's owner mask.
    fn strs(&self) -> u64 {
        self.0.iter().enumerate().filter(|(_, k)| matches!(k, Kind::Str)).fold(0, |m, (i, _)| m | 1 << i)
    }

    /// The item positions of `data` (items of `self.0.len()` words) in sorted order.
    fn order(&self, data: &[u64], reverse: bool) -> Vec<u64> {
        let w = self.0.len().max(1);
        let mut order: Vec<u64> = (0..(data.len() / w) as u64).collect();
        let at = |i: u64| &data[i as usize * w..(i as usize + 1) * w];
        sort_by(&mut order, |a, b| self.lt(at(a), at(b)), reverse);
        order
    }
}

/// Sorts the words as CPython's `list.sort` would (`reverse` as CPython does it: reversed before and
/// after a stable sort).
fn sort_words(v: &mut [u64], kind: Kind, reverse: bool) {
    // Where `<` is a strict weak order (ints; floats without NaN) every stable sort gives the one
    // result CPython's does, and the standard library's is the fastest at hand. With a NaN the
    // result depends on which comparisons are made: CPython's own algorithm then.
    match kind {
        Kind::Signed(8) => stable(v, reverse, |v| v.sort_by_key(|w| *w as i64)),
        Kind::Float(8) if !v.iter().any(|w| f64::from_bits(*w).is_nan()) => {
            stable(v, reverse, |v| v.sort_by(|a, b| f64::from_bits(*a).partial_cmp(&f64::from_bits(*b)).unwrap_or(std::cmp::Ordering::Equal)))
        }
        _ => sort_by(v, |a, b| kind.lt(a, b), reverse),
    }
}

/// Runs a stable `sort` as CPython's `reverse=` asks: on the reversed items, reversed again.
fn stable(v: &mut [u64], reverse: bool, sort: impl FnOnce(&mut [u64])) {
    if reverse {
        v.reverse();
    }
    sort(v);
    if reverse {
        v.reverse();
    }
}

/// CPython's own sort (`timsort`) under `lt`, `reverse=` as CPython does it.
fn sort_by(v: &mut [u64], lt: impl Fn(u64, u64) -> bool, reverse: bool) {
    stable(v, reverse, |v| timsort::sort(v, lt));
}

/// `sorted(l)`: a new list of the items of `owner` (one word each, of `kind`/`width`, see
/// [`Kind::decode`]), sorted as CPython sorts them. Null with an exception pending when memory ran out.
///
/// # Safety
/// `owner` is a live list of one-word items of `kind` (numbers, strings or lists).
pub unsafe extern "C" fn hasten_rt_list_sorted(owner: u64, kind: u64, width: u64, reverse: u64) -> *mut Block {
    let kind = Kind::decode(kind, width);
    if refuses_nan(crate::list::items(owner).2, kind) {
        return std::ptr::null_mut();
    }
    let block = list_copy(owner);
    if block.is_null() {
        return block;
    }
    sort_words(items_mut(block as u64 | 1), kind, reverse != 0);
    block
}

/// `sorted(s)` of a set of numbers, strings or tuples of them (`n` key words each, of the kinds
/// at `kinds`): a new list of its items, sorted as CPython sorts them (the set's order, insertion
/// order, is the order `list(s)` gives before the sort). Null with an exception pending when
/// memory ran out.
///
/// # Safety
/// `set` is a live set of `n`-word keys; `kinds` points at `n` words.
pub unsafe extern "C" fn hasten_rt_set_sorted(set: u64, kinds: *const u64, n: u64, reverse: u64) -> *mut Block {
    let leaves = Leaves::from_raw(kinds, n);
    let words: Vec<u64> = crate::dict::entries(set).into_iter().flat_map(|(k, _)| k.iter().copied()).collect();
    let order = leaves.order(&words, reverse != 0);
    let w = n as usize;
    let sorted = order.iter().flat_map(|&i| words[i as usize * w..(i as usize + 1) * w].iter().copied()).collect();
    crate::list::list_of_copies(n, leaves.strs(), sorted)
}

/// `sorted(l)` and `l.sort()` (`copy` 0: in place) of a list of tuples, by the items themselves
/// when `keys` is 0, else by the list of their keys (`sorted(l, key=f)` with tuple keys); `kinds`
/// gives the `n` words of what is compared. The new list, or `owner`'s block when sorted in
/// place; null with an exception pending on failure (a key function that changed the list's
/// length, memory).
///
/// # Safety
/// `owner` is a live list; `keys` is 0 or a live list of as many `n`-word items; `kinds` points
/// at `n` words.
pub unsafe extern "C" fn hasten_rt_list_sort_leaves(owner: u64, keys: u64, kinds: *const u64, n: u64, reverse: u64, copy: u64) -> *mut Block {
    let leaves = Leaves::from_raw(kinds, n);
    let (len, _, data) = crate::list::items(if keys == 0 { owner } else { keys });
    if crate::list::items(owner).0 != len {
        set_error("ValueError", Some("list modified during sort".into()), "");
        return std::ptr::null_mut();
    }
    let order = leaves.order(&data[..len * n as usize], reverse != 0);
    if copy != 0 {
        return crate::list::list_permuted(owner, &order);
    }
    crate::list::permute(owner, &order);
    (owner & !1) as *mut Block
}

/// `sorted(l, key=f)`: a new list of the items of `owner` ordered by `keys`, the list of their keys
/// (one word each, of `kind`/`width`), as CPython orders them: each item keeps its key, and equal
/// keys keep their items' order. Null with an exception pending on failure.
///
/// # Safety
/// `owner` is a live list; `keys` a live list of as many one-word items of `kind`.
pub unsafe extern "C" fn hasten_rt_list_sorted_by(owner: u64, keys: u64, kind: u64, width: u64, reverse: u64) -> *mut Block {
    match key_order(owner, keys, Kind::decode(kind, width), reverse != 0) {
        Some(order) => crate::list::list_permuted(owner, &order),
        None => std::ptr::null_mut(),
    }
}

/// The order of the items of `owner` by their `keys` (see `hasten_rt_list_sorted_by`), or None
/// with an exception pending: a key function that changed the list's
/// length (CPython's ValueError).
unsafe fn key_order(owner: u64, keys: u64, kind: Kind, reverse: bool) -> Option<Vec<u64>> {
    let (_, _, k) = crate::list::items(keys);
    if crate::list::items(owner).0 != k.len() {
        set_error("ValueError", Some("list modified during sort".into()), "");
        return None;
    }
    if refuses_nan(k, kind) {
        return None;
    }
    let mut order: Vec<u64> = (0..k.len() as u64).collect();
    sort_by(&mut order, |a, b| kind.lt(k[a as usize], k[b as usize]), reverse);
    Some(order)
}

/// `l.sort(key=f, reverse=r)` in place: by the items themselves (one word each) when `keys` is 0,
/// else by the list of their keys, as `hasten_rt_list_sorted_by`. Status 1 with an exception
/// pending on failure (the list unchanged).
///
/// # Safety
/// `owner` is a live list; `keys` is 0 or a live list of one-word items of `kind`.
pub unsafe extern "C" fn hasten_rt_list_sort(owner: u64, keys: u64, kind: u64, width: u64, reverse: u64) -> i32 {
    let kind = Kind::decode(kind, width);
    if keys == 0 {
        if refuses_nan(crate::list::items(owner).2, kind) {
            return 1;
        }
        sort_words(items_mut(owner), kind, reverse != 0);
        return 0;
    }
    match key_order(owner, keys, kind, reverse != 0) {
        Some(order) => {
            crate::list::permute(owner, &order);
            0
        }
        None => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted_f64(xs: &[f64], reverse: bool) -> Vec<u64> {
        let mut v: Vec<u64> = xs.iter().map(|x| x.to_bits()).collect();
        sort_words(&mut v, Kind::Float(8), reverse);
        v
    }

    #[test]
    fn nan_lands_where_cpython_puts_it() {
        // CPython: sorted([3.0, nan, 1.0, 2.0]) == [3.0, nan, 1.0, 2.0]; sorted([2.0, 1.0, nan, 0.5]) == [0.5, 1.0, 2.0, nan]
        let nan = f64::NAN;
        let show = |v: Vec<u64>| v.into_iter().map(f64::from_bits).map(|x| if x.is_nan() { -99.0 } else { x }).collect::<Vec<_>>();
        assert_eq!(show(sorted_f64(&[3.0, nan, 1.0, 2.0], false)), [3.0, -99.0, 1.0, 2.0]);
        assert_eq!(show(sorted_f64(&[2.0, 1.0, nan, 0.5], false)), [0.5, 1.0, 2.0, -99.0]);
    }

    #[test]
    fn lists_compare_item_by_item_then_by_length() {
        // Lists of int64 (kind 0, width 8): [1, 2] < [1, 3], [1] < [1, 0], [1, 0] == [1, 0].
        let list = |xs: &[i64]| unsafe { crate::list::list_of_copies(1, 0, xs.iter().map(|x| *x as u64).collect()) as u64 | 1 };
        let kind = Kind::decode(4, 8 << 8);
        let (a, b, c, d) = (list(&[1, 2]), list(&[1, 3]), list(&[1]), list(&[1, 0]));
        assert!(kind.lt(a, b) && !kind.lt(b, a));
        assert!(kind.lt(c, d) && !kind.lt(d, c));
        assert!(kind.eq(d, list(&[1, 0])) && !kind.eq(c, d));
    }

    #[test]
    fn tuples_compare_item_by_item() {
        // (int64, float64) pairs: the first unequal item decides; -0.0 equals 0.0, NaN equals nothing.
        let leaves = Leaves(vec![Kind::Signed(8), Kind::Float(8)]);
        let pair = |a: i64, b: f64| [a as u64, b.to_bits()];
        assert!(leaves.lt(&pair(1, 9.0), &pair(2, 0.0)));
        assert!(leaves.lt(&pair(-1, 9.0), &pair(0, 0.0)));
        assert!(leaves.lt(&pair(1, 0.5), &pair(1, 1.5)));
        assert!(!leaves.lt(&pair(1, -0.0), &pair(1, 0.0)) && !leaves.lt(&pair(1, 0.0), &pair(1, -0.0)));
        assert!(!leaves.lt(&pair(1, f64::NAN), &pair(1, 1.0)) && !leaves.lt(&pair(1, 1.0), &pair(1, f64::NAN)));
        let data: Vec<u64> = [pair(2, 1.0), pair(1, 3.0), pair(1, -2.0), pair(2, 0.0)].concat();
        assert_eq!(leaves.order(&data, false), [2, 1, 3, 0]);
        assert_eq!(leaves.order(&data, true), [0, 3, 1, 2]);
    }

    #[test]
    fn signed_narrow_words_compare_by_value() {
        let mut v = vec![0xffu64, 1, 0x80];
        sort_words(&mut v, Kind::Signed(1), false);
        assert_eq!(v, [0x80, 0xff, 1]);
    }
}
