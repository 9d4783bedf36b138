//! LAPACK and BLAS as SciPy exports them (`scipy.linalg.cython_lapack`/`cython_blas`): the Python
//! package reads the function pointers out of their `__pyx_capi__` capsules and the binding hands
//! them over once, at the first linalg call (`set_loader`). Every argument is a pointer, Fortran's
//! convention; integers are 32-bit.

use std::sync::OnceLock;

type I = i32;
type Dgesv = unsafe extern "C" fn(*const I, *const I, *mut f64, *const I, *mut I, *mut f64, *const I, *mut I);
type Dgetrf = unsafe extern "C" fn(*const I, *const I, *mut f64, *const I, *mut I, *mut I);
type Dsyevd = unsafe extern "C" fn(*const u8, *const u8, *const I, *mut f64, *const I, *mut f64, *mut f64, *const I, *mut I, *const I, *mut I);
type Dgesdd = unsafe extern "C" fn(
    *const u8, *const I, *const I, *mut f64, *const I, *mut f64, *mut f64, *const I, *mut f64, *const I, *mut f64, *const I, *mut I, *mut I,
);
type Dgelsd = unsafe extern "C" fn(
    *const I, *const I, *const I, *mut f64, *const I, *mut f64, *const I, *mut f64, *const f64, *mut I, *mut f64, *const I, *mut I, *mut I,
);
type Dpotrf = unsafe extern "C" fn(*const u8, *const I, *mut f64, *const I, *mut I);
type Dgeqrf = unsafe extern "C" fn(*const I, *const I, *mut f64, *const I, *mut f64, *mut f64, *const I, *mut I);
type Dorgqr = unsafe extern "C" fn(*const I, *const I, *const I, *mut f64, *const I, *const f64, *mut f64, *const I, *mut I);
type Dgeev = unsafe extern "C" fn(
    *const u8, *const u8, *const I, *mut f64, *const I, *mut f64, *mut f64, *mut f64, *const I, *mut f64, *const I, *mut f64, *const I, *mut I,
);
type Dgemm = unsafe extern "C" fn(
    *const u8, *const u8, *const I, *const I, *const I, *const f64, *const f64, *const I, *const f64, *const I, *const f64, *mut f64, *const I,
);

/// The routines hasten calls, by the names SciPy exports them under.
pub const NAMES: [&str; 10] = ["dgesv", "dgetrf", "dsyevd", "dgesdd", "dgelsd", "dpotrf", "dgeqrf", "dorgqr", "dgeev", "dgemm"];

pub(crate) struct Lapack {
    pub dgesv: Dgesv,
    pub dgetrf: Dgetrf,
    pub dsyevd: Dsyevd,
    pub dgesdd: Dgesdd,
    pub dgelsd: Dgelsd,
    pub dpotrf: Dpotrf,
    pub dgeqrf: Dgeqrf,
    pub dorgqr: Dorgqr,
    pub dgeev: Dgeev,
    pub dgemm: Dgemm,
}

/// Finds the routines' addresses (in the order of `NAMES`), or says why they cannot be had.
pub type Loader = fn() -> Result<Vec<usize>, String>;

static LOADER: OnceLock<Loader> = OnceLock::new();
static TABLE: OnceLock<Result<Lapack, String>> = OnceLock::new();

/// Installs the embedder's loader; the first linalg call runs it, once per process.
pub fn set_loader(loader: Loader) {
    let _ = LOADER.set(loader);
}

/// Loads the routines if they are not yet (the embedder calls it where it holds the GIL).
pub fn preload() {
    let _ = lapack();
}

/// The routines, loaded at the first call; the error says which package to install.
pub(crate) fn lapack() -> Result<&'static Lapack, String> {
    TABLE.get_or_init(load).as_ref().map_err(Clone::clone)
}

fn load() -> Result<Lapack, String> {
    let loader = LOADER.get().ok_or("np.linalg in compiled code needs SciPy's LAPACK, which only the Python package can load")?;
    let addrs = loader()?;
    if addrs.len() != NAMES.len() || addrs.contains(&0) {
        return Err("SciPy's LAPACK table is incomplete".into());
    }
    // SAFETY: each address is the C function SciPy exports under the name in `NAMES`, whose
    // signature (from the capsule's name) is the type it is read as.
    unsafe {
        use std::mem::transmute as t;
        Ok(Lapack {
            dgesv: t::<usize, Dgesv>(addrs[0]),
            dgetrf: t::<usize, Dgetrf>(addrs[1]),
            dsyevd: t::<usize, Dsyevd>(addrs[2]),
            dgesdd: t::<usize, Dgesdd>(addrs[3]),
            dgelsd: t::<usize, Dgelsd>(addrs[4]),
            dpotrf: t::<usize, Dpotrf>(addrs[5]),
            dgeqrf: t::<usize, Dgeqrf>(addrs[6]),
            dorgqr: t::<usize, Dorgqr>(addrs[7]),
            dgeev: t::<usize, Dgeev>(addrs[8]),
            dgemm: t::<usize, Dgemm>(addrs[9]),
        })
    }
}
