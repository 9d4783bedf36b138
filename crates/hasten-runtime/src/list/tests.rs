use super::*;
use crate::error::take_error;
use crate::memory::tests::lock;
use crate::memory::{hasten_rt_alloc, stats, ArenaScope};

fn owner(b: *mut Block) -> u64 {
    b as u64 | 1
}

fn values(l: u64) -> Vec<u64> {
    unsafe { items(l).2.to_vec() }
}

#[test]
fn append_insert_pop_clear_follow_python() {
    let _g = lock();
    let _scope = ArenaScope::begin();
    let l = owner(hasten_rt_list_new(1, 0, 0));
    for v in [10u64, 20, 30] {
        assert_eq!(unsafe { hasten_rt_list_append(l, &v) }, 0);
    }
    unsafe {
        hasten_rt_list_insert(l, -1, &25);
        hasten_rt_list_insert(l, 100, &40);
        hasten_rt_list_insert(l, -100, &5);
    }
    assert_eq!(values(l), [5, 10, 20, 25, 30, 40]);
    let mut out = 0u64;
    assert_eq!(unsafe { hasten_rt_list_pop(l, -1, &mut out, std::ptr::null(), 0) }, 0);
    assert_eq!(out, 40);
    assert_eq!(unsafe { hasten_rt_list_pop(l, 1, &mut out, std::ptr::null(), 0) }, 0);
    assert_eq!((out, values(l)), (10, vec![5, 20, 25, 30]));
    assert_eq!(unsafe { hasten_rt_list_pop(l, 4, &mut out, std::ptr::null(), 0) }, 1);
    assert_eq!(take_error().unwrap().message.as_deref(), Some("pop index out of range"));
    unsafe { hasten_rt_list_extend(l, l) };
    assert_eq!(values(l), [5, 20, 25, 30, 5, 20, 25, 30]);
    unsafe { hasten_rt_list_clear(l) };
    assert_eq!(unsafe { hasten_rt_list_pop(l, -1, &mut out, std::ptr::null(), 0) }, 1);
    assert_eq!(take_error().unwrap().message.as_deref(), Some("pop from empty list"));
    unsafe { hasten_rt_decref(l) };
}

#[test]
fn concatenation_and_repetition() {
    let _g = lock();
    let _scope = ArenaScope::begin();
    let a = owner(hasten_rt_list_new(1, 0, 2));
    let b = owner(hasten_rt_list_new(1, 0, 1));
    unsafe {
        hasten_rt_list_append(a, &1);
        hasten_rt_list_append(a, &2);
        hasten_rt_list_append(b, &3);
    }
    let ab = owner(unsafe { hasten_rt_list_concat(a, b, 1) });
    assert_eq!(values(ab), [1, 2, 3]);
    let a3 = owner(unsafe { hasten_rt_list_concat(a, 0, 3) });
    assert_eq!(values(a3), [1, 2, 1, 2, 1, 2]);
    let a5 = owner(unsafe { hasten_rt_list_concat(a, 0, 5) });
    assert_eq!(values(a5), [1, 2].repeat(5));
    let none = owner(unsafe { hasten_rt_list_concat(a, 0, -2) });
    assert_eq!(values(none), Vec::<u64>::new());
    let zero = owner(unsafe { hasten_rt_list_concat(a, 0, 0) });
    assert_eq!(values(zero), Vec::<u64>::new());
    assert!(unsafe { hasten_rt_list_concat(a, 0, i64::MAX) }.is_null());
    assert_eq!(take_error().unwrap().exc, "MemoryError");
    for l in [a, b, ab, a3, a5, none, zero] {
        unsafe { hasten_rt_decref(l) };
    }
}

#[test]
fn slices_copy_the_chosen_items() {
    let _g = lock();
    let _scope = ArenaScope::begin();
    let l = owner(hasten_rt_list_new(1, 0, 5));
    for v in 0u64..5 {
        unsafe { hasten_rt_list_append(l, &v) };
    }
    let s = owner(unsafe { hasten_rt_list_slice(l, 4, 3, -2) });
    assert_eq!(values(s), [4, 2, 0]);
    let e = owner(unsafe { hasten_rt_list_slice(l, 0, 0, 1) });
    assert_eq!(values(e), Vec::<u64>::new());
    for x in [l, s, e] {
        unsafe { hasten_rt_decref(x) };
    }
}

#[test]
fn changes_mark_the_list() {
    let _g = lock();
    let _scope = ArenaScope::begin();
    let l = owner(hasten_rt_list_new(1, 0, 2));
    assert!(!unsafe { is_dirty(l) });
    unsafe { hasten_rt_list_append(l, &1) };
    assert!(unsafe { is_dirty(l) });
    unsafe { set_clean(l) };
    assert!(!unsafe { is_dirty(l) });
    unsafe { hasten_rt_list_clear(l) };
    assert!(unsafe { is_dirty(l) });
    let body = unsafe { (*((l & !1) as *mut Block)).data } as usize;
    assert_eq!(unsafe { &(*(body as *const ListBody)).dirty } as *const u64 as usize - body, DIRTY_OFFSET as usize);
    unsafe { hasten_rt_decref(l) };
}

#[test]
fn a_list_owns_the_arrays_it_holds() {
    let _g = lock();
    let _scope = ArenaScope::begin();
    let before = stats().live;
    // Items of two words: (owner, a number).
    let l = owner(hasten_rt_list_new(2, 0b01, 4));
    let a = owner(hasten_rt_alloc(64, 0));
    unsafe {
        hasten_rt_list_append(l, [a, 7].as_ptr());
        hasten_rt_list_extend(l, l);
    }
    assert_eq!(stats().live, before + 2, "the list and the array");
    let mut out = [0u64; 2];
    unsafe { hasten_rt_list_pop(l, 0, out.as_mut_ptr(), std::ptr::null(), 0) };
    assert_eq!(out, [a, 7]);
    // The popped item's reference moved out with it; the list keeps the other one.
    unsafe { hasten_rt_decref(out[0]) };
    assert_eq!(stats().live, before + 2);
    unsafe { hasten_rt_decref(l) };
    assert_eq!(stats().live, before, "the last list reference freed the array too");
}

#[test]
fn slice_stores_and_deletes_follow_python() {
    let _g = lock();
    let _scope = ArenaScope::begin();
    let l = owner(hasten_rt_list_new(1, 0, 0));
    let m = owner(hasten_rt_list_new(1, 0, 0));
    for v in [1u64, 2, 3, 4, 5] {
        unsafe { hasten_rt_list_append(l, &v) };
    }
    for v in [7u64, 8, 9] {
        unsafe { hasten_rt_list_append(m, &v) };
    }
    // l[1:3] = m: a run of 2 replaced by 3 items.
    assert_eq!(unsafe { hasten_rt_list_set_slice(l, 1, 2, 1, m, std::ptr::null(), 0) }, 0);
    assert_eq!(values(l), [1, 7, 8, 9, 4, 5]);
    // l[::2] = m: 3 positions, 3 items.
    assert_eq!(unsafe { hasten_rt_list_set_slice(l, 0, 3, 2, m, std::ptr::null(), 0) }, 0);
    assert_eq!(values(l), [7, 7, 8, 9, 9, 5]);
    // l[::3] = m: 2 positions, 3 items, the list unchanged.
    assert_eq!(unsafe { hasten_rt_list_set_slice(l, 0, 2, 3, m, std::ptr::null(), 0) }, 1);
    assert_eq!(take_error().unwrap().message.as_deref(), Some("attempt to assign sequence of size 3 to extended slice of size 2"));
    assert_eq!(values(l), [7, 7, 8, 9, 9, 5]);
    // del l[::-2] (positions 5, 3, 1), then l[1:] = l.
    unsafe { hasten_rt_list_del_slice(l, 5, 3, -2) };
    assert_eq!(values(l), [7, 8, 9]);
    assert_eq!(unsafe { hasten_rt_list_set_slice(l, 1, 2, 1, l, std::ptr::null(), 0) }, 0);
    assert_eq!(values(l), [7, 7, 8, 9]);
    unsafe {
        hasten_rt_decref(l);
        hasten_rt_decref(m);
    }
}

#[test]
fn only_marking_makes_a_list_typed() {
    let _g = lock();
    let _scope = ArenaScope::begin();
    let l = owner(hasten_rt_list_new(1, 0, 0));
    unsafe {
        hasten_rt_list_append(l, &7);
        hasten_rt_list_clear(l);
        assert!(!is_typed(l));
        hasten_rt_list_mark_typed(l);
        hasten_rt_list_append(l, &8);
        assert!(is_typed(l) && is_dirty(l));
    }
}
