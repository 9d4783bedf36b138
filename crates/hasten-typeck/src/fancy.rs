//! Advanced ("fancy") indexing of arrays: `a[idx]` with an array of integers selects items of the
//! first axis (the result has shape `idx.shape + a.shape[1:]`), `a[mask]` with a boolean array
//! selects the items where the mask is true over its leading axes (shape `(count,) +
//! a.shape[mask.ndim:]`). Both make a new C-contiguous array; as targets they write into `a`.
//! Several integer index arrays, one per leading axis, select items together (`a[rows, cols]`:
//! shape `broadcast(rows, cols).shape + a.shape[2:]`); they must have one number of dimensions.
//! One index array is supported among integers and slices (`a[:, idx]`, `a[i, mask]`): the
//! integers and slices make a view first and the array selects along the view's axis where it
//! stands; the new array has NumPy's memory layout (the selection outermost, so not C-ordered
//! when slices come first). Code generation reads which kind from the index's dtype.

use crate::function::{err, FnCx, R};
use hasten_ir::hir::{Callee, Expr, ExprKind, NumpyFn};
use hasten_ir::{ArrayType, Diagnostic, Dtype, Layout, Span, Type};

impl FnCx<'_, '_, '_> {
    /// The type of `base[indices]` where `indices[k]`, already typed, is an array (or a list,
    /// refused by name); the indices before it are typed ints and slices, those after it are
    /// typed here.
    pub(crate) fn fancy_index_type(&mut self, bty: &Type, indices: &mut [Expr], k: usize, span: Span) -> R<Type> {
        let it = match &indices[k].ty {
            Type::Array(it) => *it,
            _ => return Err(Diagnostic::unsupported("indexing an array with a list (use np.array(list) as the index)", indices[k].span)),
        };
        let Type::Array(a) = bty else {
            return match bty {
                Type::Unknown | Type::Never => Ok(Type::Unknown),
                _ => err(format!("cannot index a value of type {bty} with an array"), span),
            };
        };
        if self.basic_indices_after(indices, k)? {
            return several_index_arrays(a, indices, span);
        }
        let slices: Vec<usize> = (0..indices.len()).filter(|&j| matches!(indices[j].kind, ExprKind::Slice(..))).collect();
        let ints: Vec<usize> = (0..indices.len()).filter(|&j| j != k && !slices.contains(&j)).collect();
        // NumPy counts the integers as index arrays too; when a slice stands between them and the
        // array, the selected axes move to the front of the result.
        let (first, last) = ints.iter().fold((k, k), |(lo, hi), &j| (lo.min(j), hi.max(j)));
        if slices.iter().any(|&j| first < j && j < last) {
            return Err(Diagnostic::unsupported("an index array and an integer index with a slice between them are not supported (NumPy moves the selected axes first)", span));
        }
        let consumed = if it.dtype == Dtype::Bool { it.ndim as usize } else { 1 };
        let used = indices.len() - 1 + consumed;
        if used > a.ndim as usize {
            return err(format!("too many indices for array: array is {}-dimensional, but {used} were indexed", a.ndim), span);
        }
        // The integers fix their axes and the index array replaces the axes it consumes.
        let kept = a.ndim as usize - ints.len() - consumed;
        let ndim = if it.dtype == Dtype::Bool {
            if it.ndim == 0 {
                return Err(Diagnostic::unsupported("a 0-d boolean index is not supported", indices[k].span));
            }
            1 + kept
        } else if it.dtype.is_int() {
            it.ndim as usize + kept
        } else {
            return err("arrays used as indices must be of integer (or boolean) type", indices[k].span);
        };
        // With slices before the index array, NumPy lays the selection out outermost in memory:
        // the result is a transposed C-contiguous array.
        let layout = if slices.iter().any(|&j| j < k) { Layout::A } else { Layout::C };
        Ok(Type::Array(ArrayType { dtype: a.dtype, ndim: ndim as u8, layout, readonly: false }))
    }

    /// `a[[0, 2]]`: NumPy indexes with the array it makes of the list.
    pub(crate) fn list_index_as_array(&mut self, i: &mut Expr) -> R<Type> {
        let span = i.span;
        let list = std::mem::replace(i, Expr::new(ExprKind::Const(hasten_ir::hir::Const::None), span));
        *i = Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::FromList), vec![list], Vec::new()), span);
        self.expr(i)
    }

    /// Types the indices after the index array at `k`: slices and integers, or more index arrays
    /// (then says so).
    fn basic_indices_after(&mut self, indices: &mut [Expr], k: usize) -> R<bool> {
        let mut arrays = false;
        for i in &mut indices[k + 1..] {
            if matches!(i.kind, ExprKind::Slice(..)) {
                self.slice_bounds(i)?;
                continue;
            }
            let t = self.expr(i)?;
            match t {
                Type::Array(_) => arrays = true,
                Type::List(_) => {
                    self.list_index_as_array(i)?;
                    arrays = true;
                }
                Type::None => return Err(Diagnostic::unsupported("None (np.newaxis) together with an index array is not supported yet", i.span)),
                Type::Int | Type::Unknown | Type::Never => {}
                Type::Scalar(d) if d.is_int() => {}
                _ => return err(format!("array indices must be integers, not {t}"), i.span),
            }
        }
        Ok(arrays)
    }
}

/// `a[i0, i1, ..]` with several index arrays: integer arrays only, one per leading axis, of one
/// number of dimensions (NumPy broadcasts them together); the result has their broadcast shape
/// followed by the axes not indexed.
fn several_index_arrays(a: &ArrayType, indices: &[Expr], span: Span) -> R<Type> {
    let mut ndim = None;
    for i in indices {
        let Type::Array(it) = &i.ty else {
            return Err(Diagnostic::unsupported("several index arrays together with integer or slice indices are not supported yet", i.span));
        };
        if !it.dtype.is_int() {
            let what = if it.dtype == Dtype::Bool { "a boolean mask among several index arrays is not supported yet" } else { "arrays used as indices must be of integer (or boolean) type" };
            return if it.dtype == Dtype::Bool { Err(Diagnostic::unsupported(what, i.span)) } else { err(what, i.span) };
        }
        if *ndim.get_or_insert(it.ndim) != it.ndim {
            return Err(Diagnostic::unsupported("index arrays with different numbers of dimensions are not supported yet", i.span));
        }
    }
    if indices.len() > a.ndim as usize {
        return err(format!("too many indices for array: array is {}-dimensional, but {} were indexed", a.ndim, indices.len()), span);
    }
    let ndim = ndim.expect("several arrays") as usize + a.ndim as usize - indices.len();
    Ok(Type::Array(ArrayType { dtype: a.dtype, ndim: ndim as u8, layout: Layout::C, readonly: false }))
}

#[cfg(test)]
mod tests {
    use crate::testing::{f64_2d, local, typed};
    use hasten_ir::{ArrayType, Dtype, Layout, Type};

    fn ty_of(src: &str, args: &[Type], name: &str) -> Type {
        let f = typed(src, args);
        f.locals[local(&f, name) as usize].ty.clone()
    }

    fn c_array(dtype: Dtype, ndim: u8) -> Type {
        Type::Array(ArrayType { dtype, ndim, layout: Layout::C, readonly: false })
    }

    #[test]
    fn integer_arrays_select_items_of_the_first_axis() {
        let src = "def f(a, i):\n    r = a[i]\n    return r";
        assert_eq!(ty_of(src, &[f64_2d(), Type::array(Dtype::I32, 1)], "r"), c_array(Dtype::F64, 2));
        assert_eq!(ty_of(src, &[f64_2d(), Type::array(Dtype::I64, 2)], "r"), c_array(Dtype::F64, 3));
    }

    #[test]
    fn an_index_array_among_slices_and_integers() {
        let f64_3d = Type::Array(ArrayType { dtype: Dtype::F64, ndim: 3, layout: Layout::C, readonly: false });
        let src = "def f(a, i):\n    r = a[:, i]\n    s = a[1, i]\n    t = a[..., i]\n    return r";
        let f = typed(src, &[f64_3d, Type::array(Dtype::I64, 2)]);
        let ty = |name| f.locals[local(&f, name) as usize].ty.clone();
        // Slices first: NumPy lays the selection outermost, so the result is no C array.
        assert_eq!(ty("r"), Type::Array(ArrayType { dtype: Dtype::F64, ndim: 4, layout: Layout::A, readonly: false }));
        assert_eq!(ty("s"), c_array(Dtype::F64, 3));
        assert_eq!(ty("t"), Type::Array(ArrayType { dtype: Dtype::F64, ndim: 4, layout: Layout::A, readonly: false }));
    }

    #[test]
    fn masks_flatten_the_axes_they_cover() {
        let src = "def f(a, m):\n    r = a[m]\n    return r";
        assert_eq!(ty_of(src, &[f64_2d(), Type::array(Dtype::Bool, 2)], "r"), c_array(Dtype::F64, 1));
        assert_eq!(ty_of(src, &[f64_2d(), Type::array(Dtype::Bool, 1)], "r"), c_array(Dtype::F64, 2));
    }
}
