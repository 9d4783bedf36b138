//! Advanced ("fancy") indexing of arrays: `a[idx]` with an array of integers selects items of the
//! first axis (the result has shape `idx.shape + a.shape[1:]`), `a[mask]` with a boolean array
//! selects the items where the mask is true over its leading axes (shape `(count,) +
//! a.shape[mask.ndim:]`). Both make a new C-contiguous array; as targets they write into `a`.
//! One array index alone is supported; code generation reads which kind from the index's dtype.

use crate::function::{err, FnCx, R};
use hasten_ir::hir::Expr;
use hasten_ir::{ArrayType, Diagnostic, Dtype, Layout, Span, Type};

impl FnCx<'_, '_, '_> {
    /// The type of `base[indices]` where `indices[k]`, already typed, is an array (or a list,
    /// refused by name).
    pub(crate) fn fancy_index_type(&mut self, bty: &Type, indices: &[Expr], k: usize, span: Span) -> R<Type> {
        let it = match &indices[k].ty {
            Type::Array(it) => *it,
            _ => return Err(Diagnostic::unsupported("indexing an array with a list (use np.array(list) as the index)", indices[k].span)),
        };
        if indices.len() > 1 {
            return Err(Diagnostic::unsupported("an index array combined with other indices", span));
        }
        let Type::Array(a) = bty else {
            return match bty {
                Type::Unknown | Type::Never => Ok(Type::Unknown),
                _ => err(format!("cannot index a value of type {bty} with an array"), span),
            };
        };
        let ndim = if it.dtype == Dtype::Bool {
            if it.ndim == 0 || it.ndim > a.ndim {
                return Err(Diagnostic::unsupported(format!("a {}-d boolean index of a {}-d array", it.ndim, a.ndim), indices[k].span));
            }
            1 + a.ndim - it.ndim
        } else if it.dtype.is_int() {
            if a.ndim == 0 {
                return err("too many indices for array: array is 0-dimensional, but 1 were indexed", span);
            }
            it.ndim + a.ndim - 1
        } else {
            return err("arrays used as indices must be of integer (or boolean) type", indices[k].span);
        };
        Ok(Type::Array(ArrayType { dtype: a.dtype, ndim, layout: Layout::C, readonly: false }))
    }
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
    fn masks_flatten_the_axes_they_cover() {
        let src = "def f(a, m):\n    r = a[m]\n    return r";
        assert_eq!(ty_of(src, &[f64_2d(), Type::array(Dtype::Bool, 2)], "r"), c_array(Dtype::F64, 1));
        assert_eq!(ty_of(src, &[f64_2d(), Type::array(Dtype::Bool, 1)], "r"), c_array(Dtype::F64, 2));
    }
}
