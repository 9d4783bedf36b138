//! Advanced ("fancy") indexing of arrays: `a[idx]` with an array of integers selects items of the
//! first axis (the result has shape `idx.shape + a.shape[1:]`), `a[mask]` with a boolean array
//! selects the items where the mask is true over its leading axes (shape `(count,) +
//! a.shape[mask.ndim:]`). Both make a new C-contiguous array; as targets they write into `a`.
//! Several integer index arrays, one per leading axis, select items together (`a[rows, cols]`:
//! shape `broadcast(rows, cols).shape + a.shape[2:]`, shapes aligned at their last axes).
//! One index array is supported among integers and slices (`a[:, idx]`, `a[i, mask]`): the
//! integers and slices make a view first and the array selects along the view's axis where it
//! stands; the new array has NumPy's memory layout (the selection outermost, so not C-ordered
//! when slices come first). Code generation reads which kind from the index's dtype. Reads and
//! stores that mix several advanced indices with slices or `None` are rewritten into these forms
//! (`mixed_advanced_index`, `mixed_advanced_store`), and so is `a[i, ..., j]` with integers fixing
//! every axis (NumPy's 0-d view of the element).

use crate::function::{err, FnCx, R};
use hasten_ir::hir::{Callee, Const, Expr, ExprKind, NumpyFn};
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

/// What `mixed_indices` found.
enum Spread {
    /// Nothing to rewrite.
    Kept,
    /// `a[..., i, j]` with integers fixing every axis: NumPy's 0-d view (the `...` dropped).
    ZeroD,
    Mixed(Mixed),
}

/// Several advanced indices among slices (`mixed_advanced_index`): where they stand among the
/// indices (each one axis of the view of the others, `None` included), the array's axis each
/// stands at, how many axes that view has, and how many the indices' broadcast shape has.
struct Mixed {
    advanced: Vec<usize>,
    axes: Vec<usize>,
    ndim: usize,
    depth: usize,
}

impl Mixed {
    /// Where NumPy puts the broadcast shape when it is not first: at the first advanced index,
    /// when they stand next to each other after a slice.
    fn kept_at(&self) -> Option<usize> {
        let (first, last) = (self.advanced[0], self.advanced[self.advanced.len() - 1]);
        (first > 0 && last - first + 1 == self.advanced.len()).then_some(first)
    }
}

fn int_tuple(ks: impl Iterator<Item = usize>, span: Span) -> Expr {
    Expr::new(ExprKind::Tuple(ks.map(|k| Expr::new(ExprKind::Const(Const::Int(k as i64)), span)).collect()), span)
}

impl FnCx<'_, '_, '_> {
    /// `a[i, :, j]`, `a[1, :, i]`, `a[:, i, 2, j]`: several advanced indices (integer index arrays,
    /// and the integers beside them, which NumPy takes as 0-d index arrays) among slices, which
    /// code generation has no walk of its own for. Rewritten into the forms it has: the view of
    /// the slices (each advanced index's axis kept whole), transposed so that the advanced axes
    /// lead, indexed by the arrays together (their broadcast shape first); where the advanced
    /// indices stand next to each other NumPy puts that shape at the first one's place, which a
    /// `np.moveaxis` of the result does. True when `e` was rewritten.
    pub(crate) fn mixed_advanced_index(&mut self, e: &mut Expr) -> R<bool> {
        let span = e.span;
        let ExprKind::Index(base, indices) = &mut e.kind else { return Ok(false) };
        let m = match self.mixed_indices(base, indices, span)? {
            Spread::Kept => return Ok(false),
            // The one-element view `a[i, j, None]` with no axes: a view of the element.
            Spread::ZeroD => {
                indices.push(Expr::new(ExprKind::Const(Const::None), span));
                let one = std::mem::replace(e, Expr::new(ExprKind::Const(Const::None), span));
                let no_axes = Expr::new(ExprKind::Tuple(Vec::new()), span);
                *e = Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::Reshape), vec![one, no_axes], Vec::new()), span);
                return Ok(true);
            }
            Spread::Mixed(m) => m,
        };
        spread_mixed(base, indices, &m, span);
        if let Some(first) = m.kept_at() {
            let gathered = std::mem::replace(e, Expr::new(ExprKind::Const(Const::None), span));
            let (from, to) = (int_tuple(0..m.depth, span), int_tuple(first..first + m.depth, span));
            *e = Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::Moveaxis), vec![gathered, from, to], Vec::new()), span);
        }
        Ok(true)
    }

    /// `a[i, :, j] = value` (and `op=`): the target rewritten as `mixed_advanced_index` rewrites
    /// the read, and an array value's axes moved as the read's are, so that it broadcasts against
    /// the rewritten target as NumPy broadcasts it against the selection.
    pub(crate) fn mixed_advanced_store(&mut self, base: &mut Expr, indices: &mut Vec<Expr>, value: &mut Expr, span: Span) -> R<()> {
        let m = match self.mixed_indices(base, indices, span)? {
            // A store into the 0-d view of one element is a store into the element.
            Spread::Kept | Spread::ZeroD => return Ok(()),
            Spread::Mixed(m) => m,
        };
        spread_mixed(base, indices, &m, span);
        let (Some(first), Type::Array(v)) = (m.kept_at(), self.expr(value)?) else { return Ok(()) };
        // The value's missing leading axes made length-1 ones, then its selection axes led.
        let rank = m.ndim - m.advanced.len() + m.depth;
        let Some(missing) = rank.checked_sub(v.ndim as usize) else { return Ok(()) };
        let vspan = value.span;
        let mut moved = std::mem::replace(value, Expr::new(ExprKind::Const(Const::None), vspan));
        if missing > 0 {
            let none = || Expr::new(ExprKind::Const(Const::None), vspan);
            moved = Expr::new(ExprKind::Index(Box::new(moved), std::iter::repeat_with(none).take(missing).collect()), vspan);
        }
        let (from, to) = (int_tuple(first..first + m.depth, vspan), int_tuple(0..m.depth, vspan));
        *value = Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::Moveaxis), vec![moved, from, to], Vec::new()), vspan);
        Ok(())
    }

    /// Whether `base[indices]` mixes several advanced indices with slices in a way only the
    /// rewrite takes: several index arrays beside integers or slices, or one index array with a
    /// slice between it and an integer. Masks, lists and None are left to `index_type`.
    fn mixed_indices(&mut self, base: &mut Expr, indices: &mut Vec<Expr>, span: Span) -> R<Spread> {
        if indices.len() < 2 && !matches!(indices.first().map(|i| &i.kind), Some(ExprKind::Local(_))) {
            return Ok(Spread::Kept);
        }
        let Type::Array(a) = self.expr(base)? else { return Ok(Spread::Kept) };
        if self.array_indices(a.ndim, indices, true, span)? {
            return Ok(Spread::ZeroD);
        }
        let (mut advanced, mut axes, mut arrays, mut depth, mut new_axes) = (Vec::new(), Vec::new(), 0, 0, 0);
        for (k, i) in indices.iter_mut().enumerate() {
            if matches!(i.kind, ExprKind::Slice(..)) {
                continue;
            }
            match self.expr(i)? {
                Type::None => {
                    new_axes += 1;
                    continue;
                }
                Type::Array(it) if it.dtype.is_int() => {
                    arrays += 1;
                    depth = depth.max(it.ndim as usize);
                }
                Type::Int => {}
                Type::Scalar(d) if d.is_int() => {}
                _ => return Ok(Spread::Kept),
            }
            advanced.push(k);
            axes.push(k - new_axes);
        }
        let (Some(&first), Some(&last)) = (advanced.first(), advanced.last()) else { return Ok(Spread::Kept) };
        let adjacent = last - first + 1 == advanced.len();
        let beside = advanced.len() > arrays || advanced.len() < indices.len();
        if !((arrays > 1 && beside) || (arrays == 1 && (!adjacent || new_axes > 0))) {
            return Ok(Spread::Kept);
        }
        let indexed = indices.len() - new_axes;
        if indexed > a.ndim as usize {
            return err(format!("too many indices for array: array is {}-dimensional, but {indexed} were indexed", a.ndim), span);
        }
        Ok(Spread::Mixed(Mixed { advanced, axes, ndim: a.ndim as usize + new_axes, depth }))
    }
}

/// `base[indices]` made `np.transpose(base[slices], order)[arrays]` (see `mixed_advanced_index`):
/// the slices' view with the advanced axes kept whole, those axes moved first, indexed by the
/// advanced indices (an integer as a 0-d array).
fn spread_mixed(base: &mut Expr, indices: &mut Vec<Expr>, m: &Mixed, span: Span) {
    let mut picked = Vec::new();
    for k in &m.advanced {
        let i = std::mem::replace(&mut indices[*k], Expr::new(ExprKind::Slice(None, None, None), span));
        picked.push(match i.ty {
            Type::Array(_) => i,
            _ => Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::FromList), vec![i], Vec::new()), span),
        });
    }
    let whole = std::mem::replace(base, Expr::new(ExprKind::Const(Const::None), span));
    let view = Expr::new(ExprKind::Index(Box::new(whole), std::mem::replace(indices, picked)), span);
    let order = int_tuple(m.advanced.iter().copied().chain((0..m.ndim).filter(|k| !m.advanced.contains(k))), span);
    // The array's axes the advanced indices stand at, for code generation's messages: a keyword
    // the type checker never types otherwise, so typed here.
    let mut axes = int_tuple(m.axes.iter().copied(), span);
    axes.ty = Type::tuple(vec![Type::Int; m.axes.len()]);
    axes.for_each_child_mut(|c| c.ty = Type::Int);
    let marker = vec![(hasten_ir::hir::ADVANCED_AXES.to_string(), axes)];
    *base = Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::Transpose), vec![view, order], marker), span);
}

/// `a[i0, i1, ..]` with several index arrays: integer arrays only, one per leading axis, which
/// NumPy broadcasts together; the result has their broadcast shape followed by the axes not
/// indexed.
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
        ndim = ndim.max(Some(it.ndim));
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
