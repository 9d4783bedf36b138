//! A float64 or float32 matrix times a matrix as NumPy computes it: NumPy's own `cblas_?gemm` (and
//! `cblas_?syrk` for a matrix times its own transpose) with the transpositions and copies NumPy
//! makes, its vector, matrix-vector and `daxpy` paths for shapes with a unit axis, and its
//! in-order loop where it does not call BLAS:
//!
//! - `np.dot`/`np.inner` (`cblas_matrixproduct`): operands with bad strides copied, then any not
//!   C- or Fortran-contiguous copied C-ordered; a Fortran-contiguous one passed transposed.
//! - `np.matmul`/`@` (its ufunc loop): operands with one unit stride and room along the other
//!   passed as they are (transposed when the unit stride is the first); others copied first.

use super::dot::{gather, routine, vector_dot_with, DotRules, Routine};
use super::gemv::hasten_rt_gemv;

const ROW_MAJOR: i32 = 101;
const NO_TRANS: i32 = 111;
const TRANS: i32 = 112;
const UPPER: i32 = 121;

type Dgemm64 = unsafe extern "C" fn(i32, i32, i32, i64, i64, i64, f64, *const f64, i64, *const f64, i64, f64, *mut f64, i64);
type Dgemm32 = unsafe extern "C" fn(i32, i32, i32, i32, i32, i32, f64, *const f64, i32, *const f64, i32, f64, *mut f64, i32);
type Sgemm64 = unsafe extern "C" fn(i32, i32, i32, i64, i64, i64, f32, *const f32, i64, *const f32, i64, f32, *mut f32, i64);
type Sgemm32 = unsafe extern "C" fn(i32, i32, i32, i32, i32, i32, f32, *const f32, i32, *const f32, i32, f32, *mut f32, i32);
type Dsyrk64 = unsafe extern "C" fn(i32, i32, i32, i64, i64, f64, *const f64, i64, f64, *mut f64, i64);
type Dsyrk32 = unsafe extern "C" fn(i32, i32, i32, i32, i32, f64, *const f64, i32, f64, *mut f64, i32);
type Ssyrk64 = unsafe extern "C" fn(i32, i32, i32, i64, i64, f32, *const f32, i64, f32, *mut f32, i64);
type Ssyrk32 = unsafe extern "C" fn(i32, i32, i32, i32, i32, f32, *const f32, i32, f32, *mut f32, i32);

/// A matrix operand: data, shape and byte strides.
#[derive(Clone, Copy)]
pub(super) struct M2 {
    pub(super) ptr: *const u8,
    pub(super) d0: i64,
    pub(super) d1: i64,
    pub(super) s0: i64,
    pub(super) s1: i64,
}

/// `words`: flags (`& 1` float32, `& 2` `np.dot`'s rules rather than matmul's), `m`, `k`, `n`, the
/// first matrix's data and byte strides, the second's, and the C-ordered `m × n` output.
///
/// # Safety
/// The words describe live arrays of the dtype and shapes given.
pub unsafe extern "C" fn hasten_rt_matmat(words: *const i64) {
    let w = std::slice::from_raw_parts(words, 11);
    let (single, dot_rules) = (w[0] & 1 != 0, w[0] & 2 != 0);
    let (m, k, n) = (w[1], w[2], w[3]);
    let size = if single { 4 } else { 8 };
    let a = M2 { ptr: w[4] as *const u8, d0: m, d1: k, s0: w[5], s1: w[6] };
    let b = M2 { ptr: w[7] as *const u8, d0: k, d1: n, s0: w[8], s1: w[9] };
    let out = w[10] as *mut u8;
    std::ptr::write_bytes(out, 0, (m * n * size) as usize);
    if m == 0 || n == 0 || k == 0 {
        return;
    }
    if dot_rules {
        dot_product(single, a, b, out, size);
    } else {
        matmul_product(single, a, b, out, size);
    }
}

/// NumPy's matrix shapes: a matrix, a row, a column, or one item (`_select_matrix_shape`).
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Scalar,
    Column,
    Row,
    Matrix,
}

fn shape_of(x: M2) -> Shape {
    match (x.d0 > 1, x.d1 > 1) {
        (true, true) => Shape::Matrix,
        (true, false) => Shape::Column,
        (false, true) => Shape::Row,
        (false, false) => Shape::Scalar,
    }
}

/// NumPy's contiguity flags, which ignore the strides of axes of length 1.
fn contiguous(x: M2, size: i64, fortran: bool) -> bool {
    let axes = if fortran { [(x.d0, x.s0), (x.d1, x.s1)] } else { [(x.d1, x.s1), (x.d0, x.s0)] };
    let mut expected = size;
    for (d, s) in axes {
        if d != 1 && s != expected {
            return false;
        }
        expected *= d;
    }
    true
}

unsafe fn dot_product(single: bool, a: M2, b: M2, out: *mut u8, size: i64) {
    let fix = |x: M2| bad_strides(x, size).then(|| copy_c(x, size));
    let (held_a, held_b) = (fix(a), fix(b));
    let a = held_a.as_ref().map_or(a, |h| h.1);
    let b = held_b.as_ref().map_or(b, |h| h.1);
    let (sa, sb) = (shape_of(a), shape_of(b));
    let put = |i: i64, v: f64| write(out, i, v, single);
    match (sa, sb) {
        (Shape::Scalar, _) | (_, Shape::Scalar) => {
            // One operand of one item scales the other (`daxpy` onto zeros), or one product.
            let (s, x) = if sa == Shape::Scalar { (a, b) } else { (b, a) };
            let s0 = read(s.ptr, single);
            if x.d0 * x.d1 == 1 {
                return put(0, s0 * read(x.ptr, single));
            }
            let (count, stride) = if x.d0 > 1 { (x.d0, x.s0) } else { (x.d1, x.s1) };
            for i in 0..count {
                put(i, 0.0 + s0 * read(x.ptr.offset((i * stride) as isize), single));
            }
        }
        (Shape::Row, Shape::Column) => put(0, vector_dot_with(single, DotRules::Dot, a.d1, (a.ptr, a.s1), (b.ptr, b.s0))),
        (Shape::Matrix, Shape::Column) => gemv(single, true, a, false, (b.ptr, b.s0), out),
        (Shape::Row, Shape::Matrix) => gemv(single, true, b, true, (a.ptr, a.s1), out),
        _ => {
            let (ha, a) = one_segment(a, size);
            let (hb, b) = one_segment(b, size);
            let plan = |x: M2| match contiguous(x, size, true) {
                true => (TRANS, x.d0.max(1)),
                false => (NO_TRANS, x.d1.max(1)),
            };
            let ((t1, lda), (t2, ldb)) = (plan(a), plan(b));
            let syrk = a.ptr == b.ptr && a.d0 == b.d1 && a.d1 == b.d0 && a.s0 == b.s1 && a.s1 == b.s0 && t1 != t2;
            blas3(single, (a, t1, lda), (b, t2, ldb), syrk, out, a.d0, b.d1, a.d1);
            drop((ha, hb));
        }
    }
    drop((held_a, held_b));
}

unsafe fn matmul_product(single: bool, a: M2, b: M2, out: *mut u8, size: i64) {
    let (m, k, n) = (a.d0, a.d1, b.d1);
    let blasable = |unit: i64, outer: i64, d2: i64| unit == size && outer % size == 0 && outer / size >= d2;
    let c_like = |x: M2| blasable(x.s1, x.s0, x.d1);
    let f_like = |x: M2| blasable(x.s0, x.s1, x.d0);
    let vector_ok = |s: i64| s % size == 0 && s / size >= 1;
    if m == 1 || k == 1 || n == 1 {
        if m == 1 && n == 1 {
            return write(out, 0, vector_dot_with(single, DotRules::Matmul, k, (a.ptr, a.s1), (b.ptr, b.s0)), single);
        }
        if k != 1 && m == 1 && (c_like(b) || f_like(b)) && vector_ok(a.s1) {
            return gemv(single, false, b, true, (a.ptr, a.s1), out);
        }
        if k != 1 && n == 1 && (c_like(a) || f_like(a)) && vector_ok(b.s0) {
            return gemv(single, false, a, false, (b.ptr, b.s0), out);
        }
        return in_order(single, a, b, out);
    }
    if routine(Routine::Gemm, single).is_none() {
        return in_order(single, a, b, out);
    }
    // A matrix BLAS cannot read is copied, laid out like its smaller stride's axis first.
    let prepare = |x: M2| {
        if c_like(x) || f_like(x) {
            return (None, x);
        }
        let transpose = x.s0.abs() < x.s1.abs();
        let copy = if transpose { copy_f(x, size) } else { copy_c(x, size) };
        let y = copy.1;
        (Some(copy), y)
    };
    let (ha, a) = prepare(a);
    let (hb, b) = prepare(b);
    let plan = |x: M2| if c_like(x) { (NO_TRANS, x.s0 / size) } else { (TRANS, x.s1 / size) };
    let ((t1, lda), (t2, ldb)) = (plan(a), plan(b));
    let syrk = a.ptr == b.ptr && m == n && a.s0 == b.s1 && a.s1 == b.s0 && t1 != t2;
    blas3(single, (a, t1, lda), (b, t2, ldb), syrk, out, m, n, k);
    drop((ha, hb));
}

/// `cblas_?syrk` (then the upper triangle mirrored, as NumPy does) or `cblas_?gemm`, row-major,
/// into the C-ordered `m × n` output.
#[allow(clippy::too_many_arguments)]
unsafe fn blas3(single: bool, (a, t1, lda): (M2, i32, i64), (b, t2, ldb): (M2, i32, i64), syrk: bool, out: *mut u8, m: i64, n: i64, k: i64) {
    let ldc = n.max(1);
    if syrk {
        let Some((addr, ilp64)) = routine(Routine::Syrk, single) else { return in_order(single, a, b, out) };
        let (x, ld) = if t1 == NO_TRANS { (a.ptr, lda) } else { (b.ptr, ldb) };
        // SAFETY: the address is NumPy's routine of this signature (`dot::set_numpy_dot`).
        match (single, ilp64) {
            (false, true) => std::mem::transmute::<usize, Dsyrk64>(addr)(ROW_MAJOR, UPPER, t1, n, k, 1.0, x.cast(), ld, 0.0, out.cast(), ldc),
            (false, false) => std::mem::transmute::<usize, Dsyrk32>(addr)(ROW_MAJOR, UPPER, t1, n as i32, k as i32, 1.0, x.cast(), ld as i32, 0.0, out.cast(), ldc as i32),
            (true, true) => std::mem::transmute::<usize, Ssyrk64>(addr)(ROW_MAJOR, UPPER, t1, n, k, 1.0, x.cast(), ld, 0.0, out.cast(), ldc),
            (true, false) => std::mem::transmute::<usize, Ssyrk32>(addr)(ROW_MAJOR, UPPER, t1, n as i32, k as i32, 1.0, x.cast(), ld as i32, 0.0, out.cast(), ldc as i32),
        }
        let size = if single { 4 } else { 8 };
        for i in 0..n {
            for j in i + 1..n {
                std::ptr::copy_nonoverlapping(out.offset(((i * ldc + j) * size) as isize), out.offset(((j * ldc + i) * size) as isize), size as usize);
            }
        }
        return;
    }
    let Some((addr, ilp64)) = routine(Routine::Gemm, single) else { return in_order(single, a, b, out) };
    let (ap, bp) = (a.ptr, b.ptr);
    // SAFETY: as above.
    match (single, ilp64) {
        (false, true) => std::mem::transmute::<usize, Dgemm64>(addr)(ROW_MAJOR, t1, t2, m, n, k, 1.0, ap.cast(), lda, bp.cast(), ldb, 0.0, out.cast(), ldc),
        (false, false) => std::mem::transmute::<usize, Dgemm32>(addr)(ROW_MAJOR, t1, t2, m as i32, n as i32, k as i32, 1.0, ap.cast(), lda as i32, bp.cast(), ldb as i32, 0.0, out.cast(), ldc as i32),
        (true, true) => std::mem::transmute::<usize, Sgemm64>(addr)(ROW_MAJOR, t1, t2, m, n, k, 1.0, ap.cast(), lda, bp.cast(), ldb, 0.0, out.cast(), ldc),
        (true, false) => std::mem::transmute::<usize, Sgemm32>(addr)(ROW_MAJOR, t1, t2, m as i32, n as i32, k as i32, 1.0, ap.cast(), lda as i32, bp.cast(), ldb as i32, 0.0, out.cast(), ldc as i32),
    }
}

/// A matrix times a vector through `gemv.rs` (`left`: the vector first), into `out`.
unsafe fn gemv(single: bool, dot_rules: bool, mat: M2, left: bool, (x, sx): (*const u8, i64), out: *mut u8) {
    let flags = single as i64 | ((dot_rules as i64) << 1) | ((left as i64) << 2);
    let words = [flags, mat.d0, mat.d1, mat.ptr as i64, mat.s0, mat.s1, x as i64, sx, out as i64];
    hasten_rt_gemv(words.as_ptr());
}

/// `x` itself when C- or Fortran-contiguous, else a C-ordered copy.
unsafe fn one_segment(x: M2, size: i64) -> (Option<(Vec<u64>, M2)>, M2) {
    if contiguous(x, size, false) || contiguous(x, size, true) {
        return (None, x);
    }
    let copy = copy_c(x, size);
    let y = copy.1;
    (Some(copy), y)
}

/// NumPy's `_bad_strides`: a negative stride, one not a multiple of the item size, a zero stride
/// over more than one item, or misaligned data.
pub(super) fn bad_strides(x: M2, size: i64) -> bool {
    let bad = |s: i64, d: i64| s < 0 || s % size != 0 || (s == 0 && d > 1);
    (x.ptr as usize) % size as usize != 0 || bad(x.s0, x.d0) || bad(x.s1, x.d1)
}

/// A C-ordered copy of the matrix (kept alive by the buffer returned with it).
pub(super) unsafe fn copy_c(x: M2, size: i64) -> (Vec<u64>, M2) {
    let buf = gather(x.d0 * x.d1, size, |i| x.ptr.offset(((i / x.d1) * x.s0 + (i % x.d1) * x.s1) as isize));
    let ptr = buf.as_ptr().cast();
    (buf, M2 { ptr, s0: x.d1 * size, s1: size, ..x })
}

/// A Fortran-ordered copy of the matrix.
unsafe fn copy_f(x: M2, size: i64) -> (Vec<u64>, M2) {
    let buf = gather(x.d0 * x.d1, size, |i| x.ptr.offset(((i % x.d0) * x.s0 + (i / x.d0) * x.s1) as isize));
    let ptr = buf.as_ptr().cast();
    (buf, M2 { ptr, s0: size, s1: x.d0 * size, ..x })
}

/// Each element summed in order from zero, in the items' precision (matmul's loop).
unsafe fn in_order(single: bool, a: M2, b: M2, out: *mut u8) {
    for i in 0..a.d0 {
        for j in 0..b.d1 {
            let at = |l: i64| (a.ptr.offset((i * a.s0 + l * a.s1) as isize), b.ptr.offset((l * b.s0 + j * b.s1) as isize));
            let v = if single {
                let mut s = 0.0f32;
                for l in 0..a.d1 {
                    let (x, y) = at(l);
                    s += x.cast::<f32>().read_unaligned() * y.cast::<f32>().read_unaligned();
                }
                s as f64
            } else {
                let mut s = 0.0f64;
                for l in 0..a.d1 {
                    let (x, y) = at(l);
                    s += x.cast::<f64>().read_unaligned() * y.cast::<f64>().read_unaligned();
                }
                s
            };
            write(out, i * b.d1 + j, v, single);
        }
    }
}

pub(super) unsafe fn read(p: *const u8, single: bool) -> f64 {
    if single {
        p.cast::<f32>().read_unaligned() as f64
    } else {
        p.cast::<f64>().read_unaligned()
    }
}

pub(super) unsafe fn write(out: *mut u8, i: i64, v: f64, single: bool) {
    if single {
        out.cast::<f32>().add(i as usize).write_unaligned(v as f32);
    } else {
        out.cast::<f64>().add(i as usize).write_unaligned(v);
    }
}
