//! Operands and results of the linalg entry: arrays described in words by compiled code, read
//! into column-major float64 matrices (LAPACK's layout, and a copy LAPACK may overwrite), and
//! results written into fresh C-ordered blocks of the result's dtype.

use super::Fail;
use crate::memory::{hasten_rt_alloc, hasten_rt_decref, Block};

/// One array operand: 7 words from compiled code (data, dtype index in `Dtype::ALL`, ndim,
/// shape, strides in bytes); a 1-D operand is one column.
pub(crate) struct Input {
    data: *const u8,
    pub dtype: i64,
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
        let (cols, s1) = if ndim >= 2 { (*w.add(4) as usize, *w.add(6) as isize) } else { (1, 0) };
        Input { data: *w as *const u8, dtype: *w.add(1), ndim, rows: *w.add(3) as usize, cols, strides: [*w.add(5) as isize, s1] }
    }

    /// The matrix of an integer or bool operand, exactly, column-major.
    pub(crate) fn int_mat(&self) -> Vec<i64> {
        let (m, [s0, s1]) = (self.rows, self.strides);
        let size = dtype_size(self.dtype);
        let signed = matches!(self.dtype, 1..=4);
        let mut a = vec![0i64; m * self.cols];
        tiles(m, self.cols, |i, j| {
            let mut bytes = [0u8; 8];
            // SAFETY: the words describe a live array of this dtype.
            unsafe { std::ptr::copy_nonoverlapping(self.data.offset(i as isize * s0 + j as isize * s1), bytes.as_mut_ptr(), size) };
            let negative = signed && bytes[size - 1] & 0x80 != 0;
            if negative {
                bytes[size..].fill(0xff);
            }
            a[j * m + i] = i64::from_le_bytes(bytes);
        });
        a
    }

    /// Whether the columns of a row lie closer together in memory than the rows (a C-ordered
    /// matrix): NumPy's iterators then walk each row in the inner loop.
    pub(crate) fn rows_inner(&self) -> bool {
        self.strides[1].abs() <= self.strides[0].abs()
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
        self.check_square()?;
        Ok(self.mat())
    }

    pub(crate) fn check_square(&self) -> Result<(), Fail> {
        self.at_least_2d()?;
        if self.rows != self.cols {
            return Err(Fail::LinAlg("Last 2 dimensions of the array must be square".into()));
        }
        Ok(())
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
///
/// For a stack of `members` matrices (`stack.rs`) the op runs once per member: each item's block
/// is made at the first member for the whole stack, and each member writes its own part (a scalar
/// becomes one element of an array of the stack's shape); with no members nothing is written.
pub(crate) struct Outs {
    words: *mut i64,
    next: usize,
    single: bool,
    made: Vec<*mut Block>,
    stacked: bool,
    members: usize,
    member: usize,
    /// The data of each block made, in the order of the items.
    places: Vec<*mut u8>,
}

/// How an element is stored: in the float result dtype, as an int64, or in a dtype's code.
#[derive(Clone, Copy)]
pub(crate) enum Elem {
    Float,
    Int64,
    Dtype(i64),
}

impl Outs {
    pub(crate) fn new(words: *mut i64, single: bool) -> Outs {
        Outs { words, next: 0, single, made: Vec::new(), stacked: false, members: 1, member: 0, places: Vec::new() }
    }

    /// Results for a stack of `members` matrices.
    pub(crate) fn stacked(words: *mut i64, single: bool, members: usize) -> Outs {
        Outs { stacked: true, members, ..Outs::new(words, single) }
    }

    /// Moves on to member `t` of the stack.
    pub(crate) fn member(&mut self, t: usize) {
        self.member = t;
        self.next = 0;
    }

    fn put(&mut self, w: [i64; 3]) {
        // SAFETY: compiled code passes three words per item of the result.
        unsafe { std::ptr::copy_nonoverlapping(w.as_ptr(), self.words.add(3 * self.next), 3) };
        self.next += 1;
    }

    fn size(&self, e: Elem) -> usize {
        match e {
            Elem::Float if self.single => 4,
            Elem::Float | Elem::Int64 => 8,
            Elem::Dtype(code) => dtype_size(code),
        }
    }

    /// Where this member's `count` elements of the next item go (null when nothing is written),
    /// making the item's block at the first member; records the item's words.
    fn place(&mut self, count: usize, e: Elem, dims: [i64; 2]) -> Result<*mut u8, Fail> {
        let size = self.size(e);
        if self.member == 0 {
            let block = hasten_rt_alloc((count * self.members * size) as u64, 0);
            if block.is_null() {
                return Err(Fail::Pending);
            }
            self.made.push(block);
            // SAFETY: a live block from `hasten_rt_alloc`.
            self.places.push(unsafe { (*block).data() });
            self.put([block as i64, dims[0], dims[1]]);
        } else {
            self.next += 1;
        }
        if self.members == 0 {
            return Ok(std::ptr::null_mut());
        }
        // Outside a stack scalars make no block, so only the first member's is the last one made;
        // in a stack every item has one, in order.
        let data = if self.member == 0 { *self.places.last().expect("just made") } else { self.places[self.next - 1] };
        // SAFETY: the block holds `members` parts of `count` elements.
        Ok(unsafe { data.add(self.member * count * size) })
    }

    /// A matrix as a C-ordered 2-D array.
    pub(crate) fn matrix(&mut self, x: &Mat) -> Result<(), Fail> {
        let data = self.place(x.m * x.n, Elem::Float, [x.m as i64, x.n as i64])?;
        tiles(x.m, x.n, |i, j| self.store(data, i * x.n + j, x.at(i, j), Elem::Float));
        Ok(())
    }

    /// A matrix of integers (column-major) in the dtype `code`.
    pub(crate) fn int_matrix(&mut self, m: usize, n: usize, x: &[i64], code: i64) -> Result<(), Fail> {
        let data = self.place(m * n, Elem::Dtype(code), [m as i64, n as i64])?;
        tiles(m, n, |i, j| self.store_int(data, i * n + j, x[j * m + i], code));
        Ok(())
    }

    pub(crate) fn vector(&mut self, v: &[f64]) -> Result<(), Fail> {
        let data = self.place(v.len(), Elem::Float, [v.len() as i64, 0])?;
        for (k, x) in v.iter().enumerate() {
            self.store(data, k, *x, Elem::Float);
        }
        Ok(())
    }

    /// A float scalar, as float64 bits (compiled code narrows it for a float32 result); in a
    /// stack, an element of the result dtype.
    pub(crate) fn scalar(&mut self, x: f64) -> Result<(), Fail> {
        self.scalar_as(x.to_bits() as i64, Elem::Float)
    }

    pub(crate) fn int(&mut self, x: i64) -> Result<(), Fail> {
        self.scalar_as(x, Elem::Int64)
    }

    fn scalar_as(&mut self, bits: i64, e: Elem) -> Result<(), Fail> {
        if !self.stacked {
            self.put([bits, 0, 0]);
            return Ok(());
        }
        let data = self.place(1, e, [0, 0])?;
        match e {
            Elem::Float => self.store(data, 0, f64::from_bits(bits as u64), e),
            _ => self.store_int(data, 0, bits, 4),
        }
        Ok(())
    }

    fn store(&self, data: *mut u8, k: usize, x: f64, e: Elem) {
        if data.is_null() {
            return;
        }
        // SAFETY: `data` holds at least `k + 1` elements of the result dtype.
        unsafe {
            match e {
                Elem::Float if self.single => data.cast::<f32>().add(k).write(x as f32),
                _ => data.cast::<f64>().add(k).write(x),
            }
        }
    }

    /// Stores the low bits of `x` (NumPy's wrap-around) in the integer dtype `code`.
    fn store_int(&self, data: *mut u8, k: usize, x: i64, code: i64) {
        if data.is_null() {
            return;
        }
        let size = dtype_size(code);
        let bytes = x.to_le_bytes();
        // SAFETY: `data` holds at least `k + 1` elements of that dtype.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), data.add(k * size), size) };
    }

    /// Releases the blocks of a failed call.
    pub(crate) fn abandon(&mut self) {
        for b in self.made.drain(..) {
            // SAFETY: each block was made here and holds the one reference released.
            unsafe { hasten_rt_decref(b as u64 | 1) };
        }
    }
}

/// The item size of the dtype `code` (an index in `Dtype::ALL`).
pub(crate) fn dtype_size(code: i64) -> usize {
    match code {
        0 | 1 | 5 => 1,
        2 | 6 => 2,
        3 | 7 | 9 => 4,
        _ => 8,
    }
}
