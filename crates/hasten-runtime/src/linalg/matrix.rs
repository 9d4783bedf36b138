//! Operands and results of the linalg entry: arrays described in words by compiled code, read
//! into column-major float64 matrices (LAPACK's layout, and a copy LAPACK may overwrite), and
//! results written into fresh C-ordered blocks of the result's dtype.

use super::Fail;
use crate::memory::{hasten_rt_alloc, hasten_rt_decref, Block};

/// One array operand: 7 words from compiled code (data, dtype index in `Dtype::ALL`, ndim,
/// shape, strides in bytes); a 1-D operand is one column.
pub(crate) struct Input {
    data: *const u8,
    dtype: i64,
    pub ndim: usize,
    pub rows: usize,
    pub cols: usize,
    strides: [isize; 2],
}

trait Element: Copy {
    fn f64(self) -> f64;
}

macro_rules! element {
    ($($t:ty),*) => { $(impl Element for $t { fn f64(self) -> f64 { self as f64 } })* };
}
element!(u8, i8, i16, i32, i64, u16, u32, u64, f32, f64);

/// The side of the square tiles transposing copies walk, so that both the rows read and the
/// columns written stay in cache.
const TILE: usize = 64;

/// Calls `f(i, j)` for every index of an `m × n` matrix, tile by tile.
fn tiles(m: usize, n: usize, mut f: impl FnMut(usize, usize)) {
    for i0 in (0..m).step_by(TILE) {
        for j0 in (0..n).step_by(TILE) {
            for i in i0..(i0 + TILE).min(m) {
                for j in j0..(j0 + TILE).min(n) {
                    f(i, j);
                }
            }
        }
    }
}

/// Copies the `rows × cols` operand at `data` into `out`, column-major.
unsafe fn gather<T: Element>(inp: &Input, out: &mut [f64]) {
    let (m, [s0, s1]) = (inp.rows, inp.strides);
    tiles(m, inp.cols, |i, j| out[j * m + i] = inp.data.offset(i as isize * s0 + j as isize * s1).cast::<T>().read_unaligned().f64());
}

impl Input {
    /// # Safety
    /// `w` must point to 7 words describing a live array.
    pub(crate) unsafe fn read(w: *const i64) -> Input {
        let ndim = *w.add(2) as usize;
        let (cols, s1) = if ndim == 2 { (*w.add(4) as usize, *w.add(6) as isize) } else { (1, 0) };
        Input { data: *w as *const u8, dtype: *w.add(1), ndim, rows: *w.add(3) as usize, cols, strides: [*w.add(5) as isize, s1] }
    }

    pub(crate) fn mat(&self) -> Mat {
        let mut a = vec![0.0; self.rows * self.cols];
        // SAFETY: the words describe a live array of this dtype.
        unsafe {
            match self.dtype {
                0 | 5 => gather::<u8>(self, &mut a),
                1 => gather::<i8>(self, &mut a),
                2 => gather::<i16>(self, &mut a),
                3 => gather::<i32>(self, &mut a),
                4 => gather::<i64>(self, &mut a),
                6 => gather::<u16>(self, &mut a),
                7 => gather::<u32>(self, &mut a),
                8 => gather::<u64>(self, &mut a),
                9 => gather::<f32>(self, &mut a),
                _ => gather::<f64>(self, &mut a),
            }
        }
        Mat { m: self.rows, n: self.cols, a }
    }

    /// NumPy's checks of a stack of square matrices (`_assert_stacked_2d`, `_assert_stacked_square`).
    pub(crate) fn square(&self) -> Result<Mat, Fail> {
        self.at_least_2d()?;
        if self.rows != self.cols {
            return Err(Fail::LinAlg("Last 2 dimensions of the array must be square".into()));
        }
        Ok(self.mat())
    }

    pub(crate) fn at_least_2d(&self) -> Result<(), Fail> {
        if self.ndim < 2 {
            return Err(Fail::LinAlg(format!("{}-dimensional array given. Array must be at least two-dimensional", self.ndim)));
        }
        Ok(())
    }
}

/// A column-major float64 matrix.
#[derive(Clone)]
pub(crate) struct Mat {
    pub m: usize,
    pub n: usize,
    pub a: Vec<f64>,
}

impl Mat {
    pub(crate) fn zeros(m: usize, n: usize) -> Mat {
        Mat { m, n, a: vec![0.0; m * n] }
    }

    pub(crate) fn eye(n: usize) -> Mat {
        let mut e = Mat::zeros(n, n);
        for i in 0..n {
            e.a[i * n + i] = 1.0;
        }
        e
    }

    pub(crate) fn at(&self, i: usize, j: usize) -> f64 {
        self.a[j * self.m + i]
    }

    /// The leading dimension LAPACK is given: at least 1 even for an empty matrix.
    pub(crate) fn ld(&self) -> i32 {
        self.m.max(1) as i32
    }

    /// The first `k` rows.
    pub(crate) fn rows(&self, k: usize) -> Mat {
        let mut r = Mat::zeros(k, self.n);
        for j in 0..self.n {
            for i in 0..k {
                r.a[j * k + i] = self.at(i, j);
            }
        }
        r
    }
}

/// LAPACK's dimensions are 32-bit.
pub(crate) fn int(n: usize) -> Result<i32, Fail> {
    i32::try_from(n).map_err(|_| Fail::Value("array is too large for LAPACK's 32-bit dimensions".into()))
}

/// The result words compiled code reads, three per item of the result: an array's block handle
/// and two dimensions, or a scalar's bits. Arrays are written in the result dtype (float32 when
/// `single`); blocks made before a failure are released.
pub(crate) struct Outs {
    words: *mut i64,
    next: usize,
    single: bool,
    made: Vec<*mut Block>,
}

impl Outs {
    pub(crate) fn new(words: *mut i64, single: bool) -> Outs {
        Outs { words, next: 0, single, made: Vec::new() }
    }

    fn put(&mut self, w: [i64; 3]) {
        // SAFETY: compiled code passes three words per item of the result.
        unsafe { std::ptr::copy_nonoverlapping(w.as_ptr(), self.words.add(3 * self.next), 3) };
        self.next += 1;
    }

    fn block(&mut self, count: usize) -> Result<*mut u8, Fail> {
        let size = if self.single { 4 } else { 8 };
        let block = hasten_rt_alloc((count * size) as u64, 0);
        if block.is_null() {
            return Err(Fail::Pending);
        }
        self.made.push(block);
        // SAFETY: a live block from `hasten_rt_alloc`.
        Ok(unsafe { (*block).data() })
    }

    /// A matrix as a C-ordered 2-D array.
    pub(crate) fn matrix(&mut self, x: &Mat) -> Result<(), Fail> {
        let data = self.block(x.m * x.n)?;
        tiles(x.m, x.n, |i, j| self.store(data, i * x.n + j, x.at(i, j)));
        let handle = *self.made.last().expect("just made") as i64;
        self.put([handle, x.m as i64, x.n as i64]);
        Ok(())
    }

    pub(crate) fn vector(&mut self, v: &[f64]) -> Result<(), Fail> {
        let data = self.block(v.len())?;
        for (k, x) in v.iter().enumerate() {
            self.store(data, k, *x);
        }
        let handle = *self.made.last().expect("just made") as i64;
        self.put([handle, v.len() as i64, 0]);
        Ok(())
    }

    /// A float scalar, as float64 bits (compiled code narrows it for a float32 result).
    pub(crate) fn scalar(&mut self, x: f64) {
        self.put([x.to_bits() as i64, 0, 0]);
    }

    pub(crate) fn int(&mut self, x: i64) {
        self.put([x, 0, 0]);
    }

    fn store(&self, data: *mut u8, k: usize, x: f64) {
        // SAFETY: `data` holds at least `k + 1` elements of the result dtype.
        unsafe {
            if self.single {
                data.cast::<f32>().add(k).write(x as f32);
            } else {
                data.cast::<f64>().add(k).write(x);
            }
        }
    }

    /// Releases the blocks of a failed call.
    pub(crate) fn abandon(&mut self) {
        for b in self.made.drain(..) {
            // SAFETY: each block was made here and holds the one reference released.
            unsafe { hasten_rt_decref(b as u64 | 1) };
        }
    }
}
