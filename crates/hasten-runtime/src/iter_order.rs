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

/// The axes of `shape` in NumPy's iteration order, innermost first, given each operand's strides
/// (`strides[op * ndim + k]`, zero for length-1 axes).
pub(crate) fn axis_order(shape: &[i64], strides: &[i64], nops: usize) -> Vec<usize> {
    let nd = shape.len();
    let s = |op: usize, k: usize| strides[op * nd + k];
    let mut perm: Vec<usize> = (0..nd).rev().collect();
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
    perm
}

/// How NumPy groups a whole-array sum of one operand walked in `perm` order: `(block, piece)`, each
/// `block` consecutive elements being summed as pieces of at most `piece` (one pairwise sum each).
/// An operand `cast` to the sum's dtype (integers to a float mean) is always buffered.
fn chunking(shape: &[i64], strides: &[i64], perm: &[usize], cast: bool) -> (i64, i64) {
    let c = plan(&merged_dims(shape, strides, perm), cast);
    (c.block, c.piece)
}

/// The axes of `perm` (innermost first) merged where they are contiguous in iteration order
/// (length-1 axes, of stride 0, merge with anything): `(length, stride)` pairs, innermost first.
pub(crate) fn merged_dims(shape: &[i64], strides: &[i64], perm: &[usize]) -> Vec<(i64, i64)> {
    let mut dims: Vec<(i64, i64)> = Vec::new();
    for &k in perm {
        let (n, st) = (shape[k], strides[k]);
        match dims.last_mut() {
            Some(last) if (last.0 == 1 && last.1 == 0) || (n == 1 && st == 0) || last.1 * last.0 == st => {
                last.0 *= n;
                if last.1 == 0 {
                    last.1 = st;
                }
            }
            _ => dims.push((n, st)),
        }
    }
    dims
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
    let order = axis_order(shape, strides, nops.max(0) as usize);
    for (k, &axis) in order.iter().rev().enumerate() {
        *perm.add(k) = axis as i64;
    }
    let (block, piece) = if nd == 0 || shape.contains(&0) { (1, 1) } else { chunking(shape, &strides[..nd], &order, cast != 0) };
    *chunks = block;
    *chunks.add(1) = piece;
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
