//! CPython 3.11's `list.sort` step for step: natural runs (`count_run`) extended to `minrun` by
//! binary insertion, the powersort merge policy, and merges that gallop. Only `<` is asked, in the
//! order CPython asks it, so the result is CPython's even where `<` is no order (NaN).

const MIN_GALLOP: usize = 7;
const MAX_MINRUN: usize = 64;

/// A pending run `v[base..base + len]` and its power (depth in the merge tree) once known.
#[derive(Clone, Copy)]
struct Run {
    base: usize,
    len: usize,
    power: u32,
}

struct MergeState<F> {
    lt: F,
    pending: Vec<Run>,
    min_gallop: usize,
    len: usize,
}

/// Sorts `v` by `lt` as CPython 3.11 sorts a list whose items compare by `lt`.
pub(crate) fn sort<F: Fn(u64, u64) -> bool>(v: &mut [u64], lt: F) {
    let n = v.len();
    if n < 2 {
        return;
    }
    let mut ms = MergeState { lt, pending: Vec::new(), min_gallop: MIN_GALLOP, len: n };
    let minrun = minrun(n);
    let mut lo = 0;
    while lo < n {
        let rest = &mut v[lo..];
        let (mut run, descending) = count_run(rest, &ms.lt);
        if descending {
            rest[..run].reverse();
        }
        if run < minrun {
            let force = rest.len().min(minrun);
            binary_insertion(&mut rest[..force], run, &ms.lt);
            run = force;
        }
        ms.found_new_run(v, run);
        ms.pending.push(Run { base: lo, len: run, power: 0 });
        lo += run;
    }
    ms.force_collapse(v);
}

/// CPython's `merge_compute_minrun`.
fn minrun(mut n: usize) -> usize {
    let mut r = 0;
    while n >= MAX_MINRUN {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

/// CPython 3.11's `count_run`: the length of the run at the start, and whether it is strictly
/// descending.
pub(crate) fn count_run(v: &[u64], lt: &impl Fn(u64, u64) -> bool) -> (usize, bool) {
    if v.len() < 2 {
        return (v.len(), false);
    }
    let descending = lt(v[1], v[0]);
    let mut n = 2;
    while n < v.len() && lt(v[n], v[n - 1]) == descending {
        n += 1;
    }
    (n, descending)
}

/// CPython's `binarysort` of `v`, whose first `start` items are sorted.
pub(crate) fn binary_insertion(v: &mut [u64], start: usize, lt: &impl Fn(u64, u64) -> bool) {
    for i in start.max(1)..v.len() {
        let pivot = v[i];
        let (mut l, mut r) = (0, i);
        while l < r {
            let p = l + ((r - l) >> 1);
            if lt(pivot, v[p]) {
                r = p;
            } else {
                l = p + 1;
            }
        }
        v.copy_within(l..i, l + 1);
        v[l] = pivot;
    }
}

/// CPython's `powerloop`: the depth, in the conceptual merge tree over `0..n`, of the boundary
/// between the run `s1..s1 + n1` and the `n2` items after it.
fn powerloop(s1: usize, n1: usize, n2: usize, n: usize) -> u32 {
    let mut result = 0;
    let mut a = 2 * s1 + n1;
    let mut b = a + n1 + n2;
    loop {
        result += 1;
        if a >= n {
            a -= n;
            b -= n;
        } else if b >= n {
            break;
        }
        a <<= 1;
        b <<= 1;
    }
    result
}

/// `gallop_left`: the `k` with `a[k - 1] < key <= a[k]`, searched outwards from `hint`.
fn gallop_left(key: u64, a: &[u64], hint: usize, lt: &impl Fn(u64, u64) -> bool) -> usize {
    // After galloping, `a[lo - 1] < key <= a[hi]`; a binary search narrows that down.
    let (mut lo, mut hi);
    let (mut last, mut ofs) = (0, 1);
    if lt(a[hint], key) {
        let maxofs = a.len() - hint;
        while ofs < maxofs && lt(a[hint + ofs], key) {
            last = ofs;
            ofs = (ofs << 1) + 1;
        }
        (lo, hi) = (hint + last + 1, hint + ofs.min(maxofs));
    } else {
        let maxofs = hint + 1;
        while ofs < maxofs && !lt(a[hint - ofs], key) {
            last = ofs;
            ofs = (ofs << 1) + 1;
        }
        (lo, hi) = (hint + 1 - ofs.min(maxofs), hint - last);
    }
    while lo < hi {
        let m = lo + ((hi - lo) >> 1);
        if lt(a[m], key) {
            lo = m + 1;
        } else {
            hi = m;
        }
    }
    hi
}

/// `gallop_right`: the `k` with `a[k - 1] <= key < a[k]`, searched outwards from `hint`.
fn gallop_right(key: u64, a: &[u64], hint: usize, lt: &impl Fn(u64, u64) -> bool) -> usize {
    // After galloping, `a[lo - 1] <= key < a[hi]`; a binary search narrows that down.
    let (mut lo, mut hi);
    let (mut last, mut ofs) = (0, 1);
    if lt(key, a[hint]) {
        let maxofs = hint + 1;
        while ofs < maxofs && lt(key, a[hint - ofs]) {
            last = ofs;
            ofs = (ofs << 1) + 1;
        }
        (lo, hi) = (hint + 1 - ofs.min(maxofs), hint - last);
    } else {
        let maxofs = a.len() - hint;
        while ofs < maxofs && !lt(key, a[hint + ofs]) {
            last = ofs;
            ofs = (ofs << 1) + 1;
        }
        (lo, hi) = (hint + last + 1, hint + ofs.min(maxofs));
    }
    while lo < hi {
        let m = lo + ((hi - lo) >> 1);
        if lt(key, a[m]) {
            hi = m;
        } else {
            lo = m + 1;
        }
    }
    hi
}

impl<F: Fn(u64, u64) -> bool> MergeState<F> {
    /// `found_new_run`: before a run of `n2` items is pushed, merges the runs whose power exceeds
    /// that of the boundary between the top run and the new one.
    fn found_new_run(&mut self, v: &mut [u64], n2: usize) {
        let Some(top) = self.pending.last() else { return };
        let power = powerloop(top.base, top.len, n2, self.len);
        while self.pending.len() > 1 && self.pending[self.pending.len() - 2].power > power {
            self.merge_at(v, self.pending.len() - 2);
        }
        self.pending.last_mut().expect("a run remains").power = power;
    }

    /// `merge_force_collapse`: merges every pending run, at the end.
    fn force_collapse(&mut self, v: &mut [u64]) {
        while self.pending.len() > 1 {
            let mut n = self.pending.len() - 2;
            if n > 0 && self.pending[n - 1].len < self.pending[n + 1].len {
                n -= 1;
            }
            self.merge_at(v, n);
        }
    }

    /// `merge_at`: merges the pending runs `i` and `i + 1`.
    fn merge_at(&mut self, v: &mut [u64], i: usize) {
        let (a, b) = (self.pending[i], self.pending[i + 1]);
        self.pending[i].len = a.len + b.len;
        self.pending.remove(i + 1);
        let lt = &self.lt;
        let k = gallop_right(v[b.base], &v[a.base..a.base + a.len], 0, lt);
        let (pa, na) = (a.base + k, a.len - k);
        if na == 0 {
            return;
        }
        let nb = gallop_left(v[pa + na - 1], &v[b.base..b.base + b.len], b.len - 1, lt);
        if nb == 0 {
            return;
        }
        if na <= nb {
            self.merge_lo(v, pa, na, nb);
        } else {
            self.merge_hi(v, pa, na, nb);
        }
    }
}

/// How a merge ended: every item placed, or one item of a run left that belongs at the far end.
enum Ended {
    Done,
    OneLeft,
}

impl<F: Fn(u64, u64) -> bool> MergeState<F> {
    /// `merge_lo`: merges `v[pa..pa + na]` with the `nb` items after it, `na <= nb`, through a copy
    /// of the first run; `v[pa + na - 1]` belongs at the end.
    fn merge_lo(&mut self, v: &mut [u64], pa: usize, mut na: usize, mut nb: usize) {
        let tmp = v[pa..pa + na].to_vec();
        let (mut dest, mut ia, mut ib) = (pa, 0, pa + na);
        v[dest] = v[ib];
        (dest, ib, nb) = (dest + 1, ib + 1, nb - 1);
        let ended = 'merge: {
            if nb == 0 {
                break 'merge Ended::Done;
            }
            if na == 1 {
                break 'merge Ended::OneLeft;
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let (mut acount, mut bcount) = (0, 0);
                loop {
                    if (self.lt)(v[ib], tmp[ia]) {
                        v[dest] = v[ib];
                        (dest, ib, nb, bcount, acount) = (dest + 1, ib + 1, nb - 1, bcount + 1, 0);
                        if nb == 0 {
                            break 'merge Ended::Done;
                        }
                        if bcount >= min_gallop {
                            break;
                        }
                    } else {
                        v[dest] = tmp[ia];
                        (dest, ia, na, acount, bcount) = (dest + 1, ia + 1, na - 1, acount + 1, 0);
                        if na == 1 {
                            break 'merge Ended::OneLeft;
                        }
                        if acount >= min_gallop {
                            break;
                        }
                    }
                }
                min_gallop += 1;
                loop {
                    min_gallop -= (min_gallop > 1) as usize;
                    self.min_gallop = min_gallop;
                    let k = gallop_right(v[ib], &tmp[ia..ia + na], 0, &self.lt);
                    acount = k;
                    if k > 0 {
                        v[dest..dest + k].copy_from_slice(&tmp[ia..ia + k]);
                        (dest, ia, na) = (dest + k, ia + k, na - k);
                        if na == 1 {
                            break 'merge Ended::OneLeft;
                        }
                        if na == 0 {
                            break 'merge Ended::Done;
                        }
                    }
                    v[dest] = v[ib];
                    (dest, ib, nb) = (dest + 1, ib + 1, nb - 1);
                    if nb == 0 {
                        break 'merge Ended::Done;
                    }
                    let k = gallop_left(tmp[ia], &v[ib..ib + nb], 0, &self.lt);
                    bcount = k;
                    if k > 0 {
                        v.copy_within(ib..ib + k, dest);
                        (dest, ib, nb) = (dest + k, ib + k, nb - k);
                        if nb == 0 {
                            break 'merge Ended::Done;
                        }
                    }
                    v[dest] = tmp[ia];
                    (dest, ia, na) = (dest + 1, ia + 1, na - 1);
                    if na == 1 {
                        break 'merge Ended::OneLeft;
                    }
                    if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                        break;
                    }
                }
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        };
        match ended {
            Ended::Done => v[dest..dest + na].copy_from_slice(&tmp[ia..ia + na]),
            Ended::OneLeft => {
                v.copy_within(ib..ib + nb, dest);
                v[dest + nb] = tmp[ia];
            }
        }
    }

    /// `merge_hi`: merges `v[pa..pa + na]` with the `nb` items after it, `na >= nb`, from the
    /// right through a copy of the second run; `v[pa + na]` belongs at the start. Positions are
    /// signed: a cursor may step to one before `pa`.
    fn merge_hi(&mut self, v: &mut [u64], pa: usize, mut na: usize, mut nb: usize) {
        let tmp = v[pa + na..pa + na + nb].to_vec();
        let at = |i: isize| i as usize;
        let (mut dest, mut ia, mut ib) = ((pa + na + nb - 1) as isize, (pa + na - 1) as isize, nb as isize - 1);
        v[at(dest)] = v[at(ia)];
        (dest, ia, na) = (dest - 1, ia - 1, na - 1);
        let ended = 'merge: {
            if na == 0 {
                break 'merge Ended::Done;
            }
            if nb == 1 {
                break 'merge Ended::OneLeft;
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let (mut acount, mut bcount) = (0, 0);
                loop {
                    if (self.lt)(tmp[at(ib)], v[at(ia)]) {
                        v[at(dest)] = v[at(ia)];
                        (dest, ia, na, acount, bcount) = (dest - 1, ia - 1, na - 1, acount + 1, 0);
                        if na == 0 {
                            break 'merge Ended::Done;
                        }
                        if acount >= min_gallop {
                            break;
                        }
                    } else {
                        v[at(dest)] = tmp[at(ib)];
                        (dest, ib, nb, bcount, acount) = (dest - 1, ib - 1, nb - 1, bcount + 1, 0);
                        if nb == 1 {
                            break 'merge Ended::OneLeft;
                        }
                        if bcount >= min_gallop {
                            break;
                        }
                    }
                }
                min_gallop += 1;
                loop {
                    min_gallop -= (min_gallop > 1) as usize;
                    self.min_gallop = min_gallop;
                    let k = na - gallop_right(tmp[at(ib)], &v[pa..pa + na], na - 1, &self.lt);
                    acount = k;
                    if k > 0 {
                        (dest, ia) = (dest - k as isize, ia - k as isize);
                        v.copy_within(at(ia + 1)..at(ia + 1) + k, at(dest + 1));
                        na -= k;
                        if na == 0 {
                            break 'merge Ended::Done;
                        }
                    }
                    v[at(dest)] = tmp[at(ib)];
                    (dest, ib, nb) = (dest - 1, ib - 1, nb - 1);
                    if nb == 1 {
                        break 'merge Ended::OneLeft;
                    }
                    let k = nb - gallop_left(v[at(ia)], &tmp[..nb], nb - 1, &self.lt);
                    bcount = k;
                    if k > 0 {
                        (dest, ib) = (dest - k as isize, ib - k as isize);
                        v[at(dest + 1)..at(dest + 1) + k].copy_from_slice(&tmp[at(ib + 1)..at(ib + 1) + k]);
                        nb -= k;
                        if nb == 1 {
                            break 'merge Ended::OneLeft;
                        }
                        if nb == 0 {
                            break 'merge Ended::Done;
                        }
                    }
                    v[at(dest)] = v[at(ia)];
                    (dest, ia, na) = (dest - 1, ia - 1, na - 1);
                    if na == 0 {
                        break 'merge Ended::Done;
                    }
                    if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                        break;
                    }
                }
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        };
        match ended {
            Ended::Done => {
                let from = at(dest + 1) - nb;
                v[from..from + nb].copy_from_slice(&tmp[..nb]);
            }
            Ended::OneLeft => {
                let (to, from) = (at(dest + 1) - na, at(ia + 1) - na);
                v.copy_within(from..from + na, to);
                v[to - 1] = tmp[at(ib)];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values with runs up and down and many repeats; the low 16 bits number the items, which the
    /// comparison ignores, so that stability shows.
    fn data(n: usize, seed: u64) -> Vec<u64> {
        let mut x = seed;
        let mut next = move || {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            x >> 33
        };
        let mut v = Vec::new();
        while v.len() < n {
            let (len, up, base) = (next() % 300 + 1, next() % 2 == 0, next() % 1000);
            for k in 0..len {
                let key = if up { base + k / 3 } else { base + 500 - k / 3 };
                v.push(key % 1000);
            }
        }
        v.truncate(n);
        v.iter().enumerate().map(|(i, k)| (k << 16) | i as u64).collect()
    }

    #[test]
    fn sorts_stably_under_a_strict_order() {
        for (n, seed) in [(0, 1), (1, 1), (63, 2), (64, 3), (65, 4), (1000, 5), (4097, 6), (20000, 7)] {
            let mut v = data(n, seed);
            let mut expected = v.clone();
            expected.sort_by_key(|w| w >> 16);
            sort(&mut v, |a, b| (a >> 16) < (b >> 16));
            assert_eq!(v, expected, "n = {n}");
        }
    }

    #[test]
    fn minrun_and_powers_follow_cpython() {
        assert_eq!(minrun(63), 63);
        assert_eq!(minrun(64), 32);
        assert_eq!(minrun(65), 33);
        assert_eq!(minrun(1000), 63);
        // Two halves of 0..8 meet at the root; the boundary at 2 of 0..8 is two levels down.
        assert_eq!(powerloop(0, 4, 4, 8), 1);
        assert_eq!(powerloop(0, 2, 2, 8), 2);
    }
}
