//! The order in which NumPy's iterator visits the elements of arrays of a layout known only at run
//! time, for float sums that must equal NumPy's bit for bit (codegen `lower/numpy/reduce.rs`).
//!
//! NumPy orders the axes by an insertion sort on the operands' absolute strides, innermost first:
//! an axis moves inside another when every operand with nonzero strides on both has a smaller
//! absolute stride there (zero strides, broadcast or length-1 axes, say nothing; ties keep C order).
//! A reduction does not flip negative strides, so each axis is walked in index order. A whole-array
//! sum of one array then merges axes that are contiguous in that order and, with more than one left,
//! copies runs of them into a buffer of at most `BUFSIZE` elements; each buffer (or, unbuffered,
//! each innermost line) is one pairwise sum added to the result.

/// NumPy's default buffer size, in elements.
pub const BUFSIZE: i64 = 8192;

/// NumPy's limit on the number of dimensions; scratch of this size lives on the stack (these run
/// once per reduction or temporary, often inside the user's loops).
pub(crate) const MAX_DIMS: usize = 64;

/// `n` items of scratch: in `stack` up to [`MAX_DIMS`], else in `heap`.
pub(crate) fn scratch<'a, T: Copy + Default>(stack: &'a mut [T; MAX_DIMS], heap: &'a mut Vec<T>, n: usize) -> &'a mut [T] {
    if n <= MAX_DIMS {
        &mut stack[..n]
    } else {
        heap.resize(n, T::default());
        heap
    }
}

/// Writes to `perm` the axes of `shape` in NumPy's iteration order, innermost first, given each
/// operand's strides (`strides[op * ndim + k]`). An axis of length 1 in the shape, or in an
/// operand's `dims` (rows like the strides') where given, says nothing: NumPy's iterator zeroes
/// such strides.
pub(crate) fn axis_order(shape: &[i64], strides: &[i64], dims: Option<&[i64]>, nops: usize, perm: &mut [usize]) {
    let nd = shape.len();
    let s = |op: usize, k: usize| {
        let i = op * nd + k;
        if shape[k] == 1 || dims.is_some_and(|d| d[i] == 1) { 0 } else { strides[i] }
    };
    for (i, p) in perm.iter_mut().enumerate() {
        *p = nd - 1 - i;
    }
    for i0 in 1..nd {
        let j0 = perm[i0];
        let mut ipos = i0;
        for i1 in (0..i0).rev() {
            let j1 = perm[i1];
            let (mut ambiguous, mut swap) = (true, false);
            for op in 0..nops {
                let (s0, s1) = (s(op, j0), s(op, j1));
                if s0 != 0 && s1 != 0 {
                    // Any operand that keeps the order wins over the others.
                    if s1.unsigned_abs() <= s0.unsigned_abs() {
                        swap = false;
                    } else if ambiguous {
                        swap = true;
                    }
                    ambiguous = false;
                }
            }
            if !ambiguous {
                if !swap {
                    break;
                }
                ipos = i1;
            }
        }
        perm[ipos..=i0].rotate_right(1);
    }
}

/// How NumPy groups a whole-array sum of one operand walked in `perm` order: `(block, piece)`, each
/// `block` consecutive elements being summed as pieces of at most `piece` (one pairwise sum each).
/// An operand `cast` to the sum's dtype (integers to a float mean) is always buffered.
fn chunking(shape: &[i64], strides: &[i64], perm: &[usize], cast: bool) -> (i64, i64) {
    let (mut stack, mut heap) = ([(0, 0); MAX_DIMS], Vec::new());
    let dims = scratch(&mut stack, &mut heap, perm.len());
    let n = merged_dims(shape, strides, perm, dims);
    let c = plan(&dims[..n], cast);
    (c.block, c.piece)
}

/// The axes of `perm` (innermost first) merged where they are contiguous in iteration order
/// (length-1 axes merge with anything, whatever their strides), written to `dims` as
/// `(length, stride)` pairs, innermost first; returns how many.
pub(crate) fn merged_dims(shape: &[i64], strides: &[i64], perm: &[usize], dims: &mut [(i64, i64)]) -> usize {
    let mut n = 0;
    for &k in perm {
        let (len, st) = (shape[k], strides[k]);
        match dims[..n].last_mut() {
            Some(last) if last.0 == 1 => *last = (len, st),
            Some(_) if len == 1 => {}
            Some(last) if last.1 * last.0 == st => last.0 *= len,
            _ => {
                dims[n] = (len, st);
                n += 1;
            }
        }
    }
    n
}

/// How NumPy's buffered reduction walks merged axes (see [`chunking`]).
pub(crate) struct Chunks {
    pub block: i64,
    pub piece: i64,
    /// Whether each piece is copied into a contiguous buffer (the core spans more than the
    /// innermost merged axis); otherwise the inner loop walks the innermost axis in place.
    pub buffered: bool,
}

/// NumPy's choice of buffered core for a whole-array reduction over the merged axes `dims`.
pub(crate) fn plan(dims: &[(i64, i64)], cast: bool) -> Chunks {
    // Grow the buffered core axis by axis while it costs less per element (NumPy weighs a
    // buffered operand double; beyond BUFSIZE a buffer holds BUFSIZE).
    let mut size = dims[0].0;
    let first_cost = 1 + cast as i64;
    let (mut cost, mut best_cost, mut best_size, mut best_core, mut best_dim, mut single) = (first_cost, first_cost, size, 1i64, 0usize, 1usize);
    for idim in 1..dims.len() {
        if size >= BUFSIZE && cost > 1 {
            break;
        }
        if single == idim {
            if dims[idim - 1].1 * dims[idim - 1].0 == dims[idim].1 {
                single += 1;
            } else if !cast {
                cost += 1;
            }
        }
        let core = size;
        size *= dims[idim].0;
        if size == 0 {
            break;
        }
        let bufsize = if size > BUFSIZE && cost > 1 { BUFSIZE } else { size };
        if (cost as f64) * (best_size as f64) <= (best_cost as f64) * (bufsize as f64) {
            (best_cost, best_core, best_size, best_dim) = (cost, core, size, idim);
        }
    }
    let block: i64 = dims[..=best_dim].iter().map(|d| d.0).product();
    let piece = if (cast || single <= best_dim) && best_size > BUFSIZE { best_core * (BUFSIZE / best_core) } else { best_size };
    Chunks { block, piece: piece.max(1), buffered: cast || single <= best_dim }
}

/// Writes NumPy's iteration order of `ndim` axes, outermost first, to `perm` (the operands' strides
/// at `strides`, `nops` rows of `ndim`), and to `chunks` the `(block, piece)` grouping of a
/// whole-array sum of the first operand alone (`cast` nonzero: converted to the sum's dtype).
///
/// # Safety
/// `shape` holds `ndim` values, `strides` `nops * ndim`; `perm` has room for `ndim`, `chunks` for 2.
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_iter_order(ndim: i64, shape: *const i64, strides: *const i64, nops: i64, perm: *mut i64, chunks: *mut i64, cast: i64) {
    let nd = ndim.max(0) as usize;
    let shape = std::slice::from_raw_parts(shape, nd);
    let strides = std::slice::from_raw_parts(strides, nd * nops.max(0) as usize);
    let (mut stack, mut heap) = ([0; MAX_DIMS], Vec::new());
    let order = scratch(&mut stack, &mut heap, nd);
    axis_order(shape, strides, None, nops.max(0) as usize, order);
    for (k, &axis) in order.iter().rev().enumerate() {
        *perm.add(k) = axis as i64;
    }
    let (block, piece) = if nd == 0 || shape.contains(&0) { (1, 1) } else { chunking(shape, &strides[..nd], order, cast != 0) };
    *chunks = block;
    *chunks.add(1) = piece;
}

/// The dimensions and strides of the temporary NumPy allocates for an element-wise operation on
/// `nops` operands (each a row of `ndim` aligned dimensions in `dims`, 1 where it lacks the axis,
/// and of strides in `strides`, 0 where it broadcasts): the broadcast dimensions, and strides in
/// elements contiguous in the operands' iteration order (order `K`), on every axis as NumPy
/// allocates them. Nested operations are chained through this, so that a
/// sum of the whole tree walks the memory order of NumPy's last temporary.
///
/// # Safety
/// `dims` and `strides` hold `nops * ndim` values; `out` has room for `2 * ndim` (dimensions, then
/// strides).
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_temp_layout(ndim: i64, nops: i64, dims: *const i64, strides: *const i64, out: *mut i64) {
    let (nd, nops) = (ndim.max(0) as usize, nops.max(0) as usize);
    let dims = std::slice::from_raw_parts(dims, nd * nops);
    let strides = std::slice::from_raw_parts(strides, nd * nops);
    let out = std::slice::from_raw_parts_mut(out, 2 * nd);
    let (shape, rest) = out.split_at_mut(nd);
    temp_layout(dims, strides, nops, shape, rest);
}

/// The stride of the one line that the axes `lo..=hi` of an array (`ndim` dimensions at `shape`,
/// strides at `strides`) make when they are contiguous with each other in memory, walked in memory
/// order as NumPy's iterator coalesces them; `i64::MIN` where another axis lies between them.
///
/// # Safety
/// `shape` and `strides` hold `ndim` values; `lo <= hi < ndim`.
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_merged_stride(ndim: i64, shape: *const i64, strides: *const i64, lo: i64, hi: i64) -> i64 {
    let nd = ndim.max(0) as usize;
    let shape = std::slice::from_raw_parts(shape, nd);
    let strides = std::slice::from_raw_parts(strides, nd);
    merged_stride(shape, strides, lo as usize..=hi as usize)
}

fn merged_stride(shape: &[i64], strides: &[i64], axes: std::ops::RangeInclusive<usize>) -> i64 {
    if shape.contains(&0) {
        return 0;
    }
    let mut lines: Vec<(i64, i64)> = axes.filter(|&k| shape[k] != 1).map(|k| (strides[k], shape[k])).collect();
    lines.sort_by_key(|l| l.0.unsigned_abs());
    match lines.first() {
        None => 0,
        Some(&(first, _)) if lines.windows(2).all(|w| w[1].0 == w[0].0 * w[0].1) => first,
        Some(_) => i64::MIN,
    }
}

fn temp_layout(dims: &[i64], strides: &[i64], nops: usize, shape: &mut [i64], temp: &mut [i64]) {
    let nd = shape.len();
    for (k, n) in shape.iter_mut().enumerate() {
        *n = (0..nops).map(|op| dims[op * nd + k]).find(|&d| d != 1).unwrap_or(1);
    }
    // The iterator sees a zero stride wherever an operand has length 1 (broadcast, or the
    // result's length too); the temporary it allocates has a stride on every axis.
    let (mut stack, mut heap) = ([0; MAX_DIMS], Vec::new());
    let order = scratch(&mut stack, &mut heap, nd);
    axis_order(shape, strides, Some(dims), nops, order);
    let mut step = 1;
    for &k in order.iter() {
        temp[k] = step;
        step *= shape[k];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order_of(shape: &[i64], strides: &[i64], cast: bool) -> (Vec<i64>, (i64, i64)) {
        let mut perm = vec![0; shape.len()];
        let mut chunks = [0i64; 2];
        unsafe { hasten_rt_iter_order(shape.len() as i64, shape.as_ptr(), strides.as_ptr(), 1, perm.as_mut_ptr(), chunks.as_mut_ptr(), cast as i64) };
        (perm, (chunks[0], chunks[1]))
    }

    fn order(shape: &[i64], strides: &[i64]) -> (Vec<i64>, (i64, i64)) {
        order_of(shape, strides, false)
    }

    fn layout(dims: &[i64], strides: &[i64]) -> (Vec<i64>, Vec<i64>) {
        let nd = 2;
        let (mut shape, mut temp) = (vec![0; nd], vec![0; nd]);
        temp_layout(dims, strides, dims.len() / nd, &mut shape, &mut temp);
        (shape, temp)
    }

    #[test]
    fn temporaries_are_laid_out_like_numpys() {
        // A Fortran (2, 3) minus a row: the row's zero stride says nothing, so Fortran.
        assert_eq!(layout(&[2, 3, 1, 3], &[8, 16, 0, 8]), (vec![2, 3], vec![1, 2]));
        // A C-ordered operand that keeps C order wins over a Fortran one.
        assert_eq!(layout(&[2, 3, 2, 3], &[8, 16, 24, 8]), (vec![2, 3], vec![3, 1]));
        // A column plus a row: neither says anything, C order.
        assert_eq!(layout(&[2, 1, 1, 3], &[8, 0, 0, 8]), (vec![2, 3], vec![3, 1]));
        // A length-1 axis says nothing, whatever its stride, and gets one as NumPy allocates it.
        assert_eq!(layout(&[1, 3, 1, 3], &[0, 8, 0, 8]), (vec![1, 3], vec![3, 1]));
        assert_eq!(layout(&[1, 3], &[1, 2]), (vec![1, 3], vec![3, 1]));
    }

    #[test]
    fn merges_axes_contiguous_in_memory() {
        // Axes 1 and 2 of a Fortran (4, 2, 3): one line of stride 4 (elements); of a C one, 1.
        assert_eq!(merged_stride(&[4, 2, 3], &[1, 4, 8], 1..=2), 4);
        assert_eq!(merged_stride(&[4, 2, 3], &[6, 3, 1], 1..=2), 1);
        // Length-1 axes say nothing; axis 0 between axes 1 and 2 keeps them apart.
        assert_eq!(merged_stride(&[4, 1, 3], &[1, 0, 4], 1..=2), 4);
        assert_eq!(merged_stride(&[4, 2, 3], &[2, 1, 8], 1..=2), i64::MIN);
        assert_eq!(merged_stride(&[0, 2, 3], &[2, 1, 8], 1..=2), 0);
    }

    #[test]
    fn orders_and_chunks_like_numpy() {
        // A reversed C (3, 40): not contiguous, buffered whole.
        assert_eq!(order(&[3, 40], &[-320, 8]), (vec![0, 1], (120, 120)));
        // A transpose walks the original memory order.
        assert_eq!(order(&[40, 3], &[8, 320]), (vec![1, 0], (120, 120)));
        // Lines longer than half a buffer are summed one by one.
        assert_eq!(order(&[3, 5000], &[-40000, 8]), (vec![0, 1], (5000, 5000)));
        // (20000, 2) reversed: buffers of 8192 within the whole.
        assert_eq!(order(&[20000, 2], &[-16, 8]), (vec![0, 1], (40000, 8192)));
        // Converted (an integer mean): buffered even when contiguous.
        assert_eq!(order_of(&[20000], &[8], true), (vec![0], (20000, 8192)));
        assert_eq!(order_of(&[3, 5000], &[-40000, 8], true), (vec![0, 1], (15000, 5000)));
    }
}
