//! The strides of `a.reshape(newshape)` as a view of `a` where NumPy makes one without copying
//! (its `_attempt_nocopy_reshape`, C order): the old axes are grouped with the new ones whose
//! lengths multiply to the same size; each group of old axes must be laid out contiguously among
//! themselves (one stride apart), and then the new axes of the group get the strides of that layout.
//! Axes of length 1 carry no stride constraint.

/// Fills `out` with the new strides and returns 1, or returns 0 where the reshape needs a copy.
/// The element counts of both shapes are equal (checked before).
///
/// # Safety
/// `dims` and `strides` hold `nd` words, `new_dims` and `out` hold `new_nd`.
pub unsafe extern "C" fn hasten_rt_reshape_strides(nd: i64, dims: *const i64, strides: *const i64, new_nd: i64, new_dims: *const i64, out: *mut i64, itemsize: i64) -> i64 {
    let (dims, strides) = (std::slice::from_raw_parts(dims, nd as usize), std::slice::from_raw_parts(strides, nd as usize));
    let new_dims = std::slice::from_raw_parts(new_dims, new_nd as usize);
    let out = std::slice::from_raw_parts_mut(out, new_nd as usize);
    match nocopy_strides(dims, strides, new_dims, itemsize) {
        Some(s) => {
            out.copy_from_slice(&s);
            1
        }
        None => 0,
    }
}

fn nocopy_strides(dims: &[i64], strides: &[i64], new_dims: &[i64], itemsize: i64) -> Option<Vec<i64>> {
    // The old axes of length other than 1.
    let (od, os): (Vec<i64>, Vec<i64>) = dims.iter().zip(strides).filter(|(d, _)| **d != 1).map(|(d, s)| (*d, *s)).unzip();
    let mut new_strides = vec![0i64; new_dims.len()];
    let (mut oi, mut oj, mut ni, mut nj) = (0, 1, 0, 1);
    while ni < new_dims.len() && oi < od.len() {
        let (mut np, mut op) = (new_dims[ni], od[oi]);
        while np != op {
            if np < op {
                np *= *new_dims.get(nj)?;
                nj += 1;
            } else {
                op *= *od.get(oj)?;
                oj += 1;
            }
        }
        // The old axes oi..oj must be contiguous among themselves.
        if (oi..oj - 1).any(|k| os[k] != od[k + 1] * os[k + 1]) {
            return None;
        }
        new_strides[nj - 1] = os[oj - 1];
        for k in (ni + 1..nj).rev() {
            new_strides[k - 1] = new_strides[k] * new_dims[k];
        }
        (ni, nj, oi, oj) = (nj, nj + 1, oj, oj + 1);
    }
    // Trailing new axes of length 1 take the stride after the last group's.
    let last = if ni >= 1 { new_strides[ni - 1] } else { itemsize };
    for s in new_strides.iter_mut().skip(ni) {
        *s = last;
    }
    Some(new_strides)
}

#[cfg(test)]
mod tests {
    use super::nocopy_strides;

    #[test]
    fn strided_and_reversed_vectors_reshape_as_views() {
        // a[::2] of 12 float64s, reshaped to (2, 3).
        assert_eq!(nocopy_strides(&[6], &[16], &[2, 3], 8), Some(vec![48, 16]));
        assert_eq!(nocopy_strides(&[6], &[-8], &[6], 8), Some(vec![-8]));
        assert_eq!(nocopy_strides(&[6], &[-8], &[3, 1, 2], 8), Some(vec![-16, -16, -8]));
    }

    #[test]
    fn a_transpose_cannot_be_flattened_without_a_copy() {
        // (3, 4) C-ordered, transposed: (4, 3) with strides (8, 32).
        assert_eq!(nocopy_strides(&[4, 3], &[8, 32], &[12], 8), None);
        // Its axes may still be split or joined where they stay one stride apart.
        assert_eq!(nocopy_strides(&[4, 3], &[8, 32], &[2, 2, 3], 8), Some(vec![16, 8, 32]));
    }

    #[test]
    fn axes_of_length_one_are_free() {
        assert_eq!(nocopy_strides(&[1, 5], &[999, 8], &[5, 1], 8), Some(vec![8, 8]));
        assert_eq!(nocopy_strides(&[1], &[16], &[1, 1], 4), Some(vec![4, 4]));
    }
}
