//! A float64 or float32 matrix times a vector, on either side, as NumPy computes it: NumPy's own
//! `cblas_dgemv`/`cblas_sgemv` (`dot.rs` holds the addresses) with the storage order and
//! transposition NumPy passes, and NumPy's own loops where it does not call BLAS:
//!
//! - `np.dot`/`np.inner` (`cblas_matrixproduct`): operands with bad strides copied first, a matrix
//!   that is neither C- nor Fortran-contiguous copied C-ordered; a matrix with one row or column,
//!   or a vector of one item, takes the vector product or `daxpy`'s `0 + a*x`.
//! - `np.matmul`/`@` (its ufunc loop): BLAS where the matrix has one unit stride and the vector a
//!   positive one; otherwise each element summed in order from zero.

use super::dot::{routine, vector_dot_with, DotRules, Routine};
use super::matmat::{bad_strides, copy_c, read, write, M2};

const ROW_MAJOR: i32 = 101;
const COL_MAJOR: i32 = 102;
const NO_TRANS: i32 = 111;
const TRANS: i32 = 112;

type Dgemv64 = unsafe extern "C" fn(i32, i32, i64, i64, f64, *const f64, i64, *const f64, i64, f64, *mut f64, i64);
type Dgemv32 = unsafe extern "C" fn(i32, i32, i32, i32, f64, *const f64, i32, *const f64, i32, f64, *mut f64, i32);
type Sgemv64 = unsafe extern "C" fn(i32, i32, i64, i64, f32, *const f32, i64, *const f32, i64, f32, *mut f32, i64);
type Sgemv32 = unsafe extern "C" fn(i32, i32, i32, i32, f32, *const f32, i32, *const f32, i32, f32, *mut f32, i32);

/// The call of `cblas_?gemv` NumPy makes: order, transposition, the dimensions it passes, lda.
struct Gemv {
    order: i32,
    trans: i32,
    rows: i64,
    cols: i64,
    lda: i64,
}

/// `words`: flags (`& 1` float32, `& 2` `np.dot`'s rules rather than matmul's, `& 4` the vector
/// on the left), `m`, `n` (the matrix's shape), the matrix's data and byte strides, the vector's
/// data and byte stride, and the contiguous output (`n` items with the vector on the left, else `m`).
///
/// # Safety
/// The words describe live arrays of the dtype and shapes given.
pub unsafe extern "C" fn hasten_rt_gemv(words: *const i64) {
    let w = std::slice::from_raw_parts(words, 9);
    let (flags, m, n) = (w[0], w[1], w[2]);
    let (single, dot_rules, left) = (flags & 1 != 0, flags & 2 != 0, flags & 4 != 0);
    let size = if single { 4 } else { 8 };
    let a = M2 { ptr: w[3] as *const u8, d0: m, d1: n, s0: w[4], s1: w[5] };
    let (x, sx, out) = (w[6] as *const u8, w[7], w[8] as *mut u8);
    let len = if left { n } else { m };
    let put = |i: i64, v: f64| write(out, i, v, single);
    for i in 0..len {
        put(i, 0.0);
    }
    if m == 0 || n == 0 {
        return;
    }
    let rules = if dot_rules { DotRules::Dot } else { DotRules::Matmul };
    // np.dot first copies a matrix with a negative, misaligned or repeating stride.
    let (_held_bad, a) = if dot_rules && bad_strides(a, size) { copy_c(a, size) } else { (Vec::new(), a) };
    // Shapes with a unit axis: a vector product, or the products one by one.
    let (inner, outer) = if left { (m, n) } else { (n, m) };
    if outer == 1 {
        let (sa, count) = if left { (a.s0, m) } else { (a.s1, n) };
        put(0, vector_dot_with(single, rules, count, (a.ptr, sa), (x, sx)));
        return;
    }
    if inner == 1 {
        let sa = if left { a.s1 } else { a.s0 };
        let x0 = read(x, single);
        for i in 0..outer {
            put(i, 0.0 + x0 * read(a.ptr.offset((i * sa) as isize), single));
        }
        return;
    }
    let routine = routine(Routine::Gemv, single);
    let (held, a, plan) = if dot_rules { dot_plan(a, m, n, size, left) } else { (Vec::new(), a, matmul_plan(a, m, n, size, left)) };
    let (held_x, x, sx) = match dot_rules {
        true => super::dot::contiguous(x, sx, inner, size),
        false => (Vec::new(), x, sx),
    };
    let x_ok = sx > 0 && sx % size == 0;
    match (routine, plan) {
        (Some((addr, ilp64)), Some(g)) if x_ok => call_gemv(addr, ilp64, single, &g, a.ptr, x, sx / size, out),
        _ => in_order(single, a, (m, n), left, (x, sx), out),
    }
    drop((held, held_x));
}

/// `cblas_matrixproduct`'s call: a matrix not laid out in one piece is copied C-ordered; then
/// row-major with lda its row length when C-contiguous, column-major with its column length else.
unsafe fn dot_plan(a: M2, m: i64, n: i64, size: i64, left: bool) -> (Vec<u64>, M2, Option<Gemv>) {
    let c = a.s1 == size && a.s0 == n * size;
    let f = a.s0 == size && a.s1 == m * size;
    let (held, a, c) = if c || f {
        (Vec::new(), a, c)
    } else {
        let (copy, a) = copy_c(a, size);
        (copy, a, true)
    };
    let trans = if left { TRANS } else { NO_TRANS };
    let plan = match c {
        true => Gemv { order: ROW_MAJOR, trans, rows: m, cols: n, lda: n },
        false => Gemv { order: COL_MAJOR, trans, rows: m, cols: n, lda: m },
    };
    (held, a, Some(plan))
}

/// The matmul loop's call, where the matrix has a unit stride along one axis and room along the
/// other (`is_blasable2d`); `None` for its in-order loop.
fn matmul_plan(a: M2, m: i64, n: i64, size: i64, left: bool) -> Option<Gemv> {
    let blasable = |unit: i64, outer: i64, d2: i64| unit == size && outer % size == 0 && outer / size >= d2;
    // As matmul sees it: the matrix's rows are (m, n) for M @ v, and (n, m), its transpose, for v @ M.
    let (s_rows, s_cols, rows, cols) = if left { (a.s1, a.s0, n, m) } else { (a.s0, a.s1, m, n) };
    if !(blasable(s_cols, s_rows, cols) || blasable(s_rows, s_cols, rows)) {
        return None;
    }
    Some(match blasable(s_cols, s_rows, cols) {
        true => Gemv { order: COL_MAJOR, trans: TRANS, rows: cols, cols: rows, lda: s_rows / size },
        false => Gemv { order: ROW_MAJOR, trans: TRANS, rows: cols, cols: rows, lda: s_cols / size },
    })
}

#[allow(clippy::too_many_arguments)]
unsafe fn call_gemv(addr: usize, ilp64: bool, single: bool, g: &Gemv, a: *const u8, x: *const u8, incx: i64, out: *mut u8) {
    // SAFETY: the address is NumPy's routine of this signature (`dot::set_numpy_dot`).
    match (single, ilp64) {
        (false, true) => std::mem::transmute::<usize, Dgemv64>(addr)(g.order, g.trans, g.rows, g.cols, 1.0, a.cast(), g.lda, x.cast(), incx, 0.0, out.cast(), 1),
        (false, false) => std::mem::transmute::<usize, Dgemv32>(addr)(g.order, g.trans, g.rows as i32, g.cols as i32, 1.0, a.cast(), g.lda as i32, x.cast(), incx as i32, 0.0, out.cast(), 1),
        (true, true) => std::mem::transmute::<usize, Sgemv64>(addr)(g.order, g.trans, g.rows, g.cols, 1.0, a.cast(), g.lda, x.cast(), incx, 0.0, out.cast(), 1),
        (true, false) => std::mem::transmute::<usize, Sgemv32>(addr)(g.order, g.trans, g.rows as i32, g.cols as i32, 1.0, a.cast(), g.lda as i32, x.cast(), incx as i32, 0.0, out.cast(), 1),
    }
}

/// Each result element summed in order from zero, in the items' precision (matmul's loop).
unsafe fn in_order(single: bool, a: M2, (m, n): (i64, i64), left: bool, (x, sx): (*const u8, i64), out: *mut u8) {
    let (outer, inner) = if left { (n, m) } else { (m, n) };
    for i in 0..outer {
        let at = |k: i64| if left { a.ptr.offset((k * a.s0 + i * a.s1) as isize) } else { a.ptr.offset((i * a.s0 + k * a.s1) as isize) };
        if single {
            let mut sum = 0.0f32;
            for k in 0..inner {
                sum += at(k).cast::<f32>().read_unaligned() * x.offset((k * sx) as isize).cast::<f32>().read_unaligned();
            }
            out.cast::<f32>().add(i as usize).write_unaligned(sum);
        } else {
            let mut sum = 0.0f64;
            for k in 0..inner {
                sum += at(k).cast::<f64>().read_unaligned() * x.offset((k * sx) as isize).cast::<f64>().read_unaligned();
            }
            out.cast::<f64>().add(i as usize).write_unaligned(sum);
        }
    }
}
