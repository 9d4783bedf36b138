//! Typing NumPy calls and NumPy's rule for `a op= value`. A new NumPy function needs an arm in
//! `numpy_type`, and in `dtype_position` if it takes `dtype=`.

use crate::calls::Operands;
use crate::function::{err, FnCx, R};
use crate::rules;
use hasten_ir::hir::*;
use hasten_ir::{ArrayType, Diagnostic, Dtype, Layout, Span, Type};
use std::cell::Cell;

impl Operands<'_> {
    pub(crate) fn array(&self, k: usize) -> R<ArrayType> {
        match &self.types[k] {
            Type::Array(a) => Ok(*a),
            t => {
                self.wanted_array.set(Some(k));
                Err(Diagnostic::unsupported(format!("expected an array here, got {t}"), self.args[k].span))
            }
        }
    }

    fn shape_ndim(&self, k: usize) -> R<u8> {
        match &self.types[k] {
            t if t.is_intlike() && *t != Type::Bool => Ok(1),
            Type::Tuple(items) if items.iter().all(|t| t.is_intlike() && *t != Type::Bool) => Ok(items.len() as u8),
            t => err(format!("the shape must be an integer or a tuple of integers, not {t}"), self.args[k].span),
        }
    }
}

/// Where a dtype argument sits, when the function takes one; the front end fills in the defaults
/// before it.
fn dtype_position(f: NumpyFn) -> Option<usize> {
    match f {
        NumpyFn::Empty | NumpyFn::Zeros | NumpyFn::Ones | NumpyFn::EmptyLike | NumpyFn::ZerosLike | NumpyFn::OnesLike => Some(1),
        NumpyFn::Full | NumpyFn::FullLike => Some(2),
        NumpyFn::Arange => Some(3),
        NumpyFn::Linspace => Some(4),
        NumpyFn::Eye | NumpyFn::Identity => Some(3),
        NumpyFn::Tri => Some(3),
        NumpyFn::Restride => Some(6),
        NumpyFn::Astype | NumpyFn::FromList => Some(1),
        NumpyFn::Reduce(r) if r.takes_dtype() => Some(2),
        NumpyFn::Cumsum | NumpyFn::Cumprod => Some(2),
        _ => None,
    }
}

impl FnCx<'_, '_, '_> {
    pub(crate) fn numpy_call(&mut self, f: NumpyFn, args: &mut [Expr]) -> R<Type> {
        if let (NumpyFn::Unsupported, [Expr { kind: ExprKind::Const(Const::Str(message)), span, .. }, rest @ ..]) = (f, &*args) {
            // The front end's deferred errors say whether they are typing errors.
            return match rest {
                [Expr { kind: ExprKind::Const(Const::Bool(true)), .. }] => Err(Diagnostic::typing(message.clone(), *span)),
                _ => Err(Diagnostic::unsupported(message.clone(), *span)),
            };
        }
        if let (NumpyFn::FromList, Some(a)) = (f, args.first_mut()) {
            literal_nest_as_tuples(a);
            self.mixed_list_taken(a.span);
        }
        if f == NumpyFn::Arange {
            self.arange_nones(args)?;
        }
        if let NumpyFn::Reduce(r) = f {
            self.split_axes(r, args)?;
        }
        let dtype_at = dtype_position(f);
        let mut explicit = match dtype_at.and_then(|k| args.get_mut(k)) {
            // `dtype=None`, NumPy's default (also what `complex_dtype_operand` leaves), and the
            // dtype of a sum of elements it converted, applied already.
            Some(Expr { kind: ExprKind::Const(Const::None), .. }) | None => None,
            Some(d) if crate::complex::is_buffered_marker(d) => None,
            Some(d) => self.dtype_arg(d)?,
        };
        if matches!(f, NumpyFn::Dot | NumpyFn::Matmul) {
            self.real_conjugate_operand(f, args)?;
        }
        let value_args = dtype_at.map_or(args.len(), |k| k.min(args.len()));
        let mut types = match self.arg_types(&mut args[..value_args])? {
            Ok(types) => types,
            Err(pending) => return Ok(pending),
        };
        self.lists_as_arrays(f, &mut args[..value_args], &mut types)?;
        explicit = self.complex_dtype_operand(f, args, &mut types, explicit)?;
        let complex_condition = f == NumpyFn::Ufunc(Ufunc::Where) && args.len() == 3 && (crate::complex::is_complex_array(&types[0]) || matches!(types[0], Type::Complex | Type::Scalar(Dtype::C64 | Dtype::C128)));
        if (matches!(f, NumpyFn::Reduce(Reduction::CountNonzero | Reduction::Any | Reduction::All)) && crate::complex::is_complex_array(&types[0])) || complex_condition {
            // Of `a != 0`: NumPy's truth of a complex element (a nonzero part).
            let span = args[0].span;
            let a = std::mem::replace(&mut args[0], Expr::new(ExprKind::Const(Const::None), span));
            args[0] = Expr::new(ExprKind::Compare(Box::new(a), vec![(CmpOp::NotEq, Expr::new(ExprKind::Const(Const::Int(0)), span))]), span);
            types[0] = self.expr(&mut args[0])?;
            // A 0-d array compared gives a NumPy scalar: np.where's condition is that 0-d array again.
            if complex_condition && !matches!(types[0], Type::Array(_)) {
                self.lists_as_arrays(f, &mut args[..1], &mut types[..1])?;
            }
        }
        if let Some(k) = types.iter().position(crate::complex::holds_complex) {
            if let NumpyFn::Ufunc(u) = f {
                // `np.where`'s condition is a truth value (complex ones were made `!= 0` above);
                // `np.isclose` of complex numbers is computed element-wise, of arrays, and of
                // complex128 scalars (complex64 ones are not taken yet).
                let c64_scalar_isclose = u == Ufunc::Isclose && !types.iter().any(|t| matches!(t, Type::Array(_))) && types.iter().any(crate::complex64::holds_c64);
                if crate::complex::ufunc_dtype(u).is_err() || (u == Ufunc::Where && k == 0) || c64_scalar_isclose || (u == Ufunc::Isclose && k > 1) {
                    return Err(crate::complex::ufunc_refusal(u, args[k].span));
                }
            }
            if !complex_ok(f, &types, explicit) {
                return Err(crate::complex::numpy_refusal(args[k].span));
            }
        }
        let c64_at = types.iter().position(crate::complex64::holds_c64).or(dtype_at.filter(|_| explicit == Some(Dtype::C64)));
        if let Some(k) = c64_at {
            crate::complex64::refuse_numpy(f, &types, explicit, args[k].span)?;
        }
        if let (Some(d), Some(k)) = (explicit.filter(|d| d.is_complex()), dtype_at) {
            if !complex_ok(f, &types, explicit) {
                return Err(Diagnostic::unsupported(format!("dtype={d} is not supported in this NumPy function yet"), args[k].span));
            }
        }
        if f == NumpyFn::Trace {
            trace_axes(args, &types)?;
        }
        loop {
            let wanted_array = Cell::new(None);
            let typed = self.numpy_type(f, args, &types, explicit, &wanted_array);
            // `np.roll((1, 2, 3), 1)`: NumPy takes a tuple of numbers as the array it makes of it.
            match wanted_array.get().filter(|&k| typed.is_err() && crate::array_likes::numbers_tuple(&types[k])) {
                Some(k) => {
                    let span = args[k].span;
                    let tuple = std::mem::replace(&mut args[k], Expr::new(ExprKind::Const(Const::None), span));
                    args[k] = Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::FromList), vec![tuple], Vec::new()), span);
                    types[k] = self.expr(&mut args[k])?;
                }
                None => return typed,
            }
        }
    }

    /// `f(args)` of typed arguments (NumPy's lists made arrays, the unsupported complex refused),
    /// `explicit` its `dtype=`: its type, by the family the function is of.
    fn numpy_type(&mut self, f: NumpyFn, args: &mut [Expr], types: &[Type], explicit: Option<Dtype>, wanted_array: &Cell<Option<usize>>) -> R<Type> {
        let ops = Operands { args, types, wanted_array };
        Ok(match f {
            NumpyFn::Empty | NumpyFn::Zeros | NumpyFn::Ones | NumpyFn::Full | NumpyFn::Eye | NumpyFn::Identity => new_array(f, &ops, explicit)?,
            NumpyFn::EmptyLike | NumpyFn::ZerosLike | NumpyFn::OnesLike | NumpyFn::FullLike => new_like(f, &ops, explicit)?,
            NumpyFn::Arange => arange(&ops, explicit)?,
            NumpyFn::Linspace => linspace(&ops, explicit)?,
            NumpyFn::Copy => {
                let a = ops.array(0)?;
                Type::array(a.dtype, a.ndim)
            }
            NumpyFn::Pad => pad(&ops)?,
            NumpyFn::Ascontiguousarray | NumpyFn::Ravel => contiguous(f, &ops)?,
            NumpyFn::Reshape => {
                let a = ops.array(0)?;
                let ndim = ops.shape_ndim(1)?;
                // A view of a strided array may keep strides of its own (NumPy's no-copy reshape).
                let layout = if a.layout == Layout::C { Layout::C } else { Layout::A };
                Type::Array(ArrayType { ndim, layout, ..a })
            }
            NumpyFn::Transpose if ops.args.len() == 2 => crate::shapes::shapes_call(f, &ops, explicit)?,
            NumpyFn::Flipud | NumpyFn::Fliplr | NumpyFn::Transpose => flip(f, &ops)?,
            NumpyFn::Dot | NumpyFn::Matmul | NumpyFn::Inner => dot(f, &ops)?,
            NumpyFn::Reduce(r) => reduction(r, &ops, explicit)?,
            NumpyFn::Cumsum | NumpyFn::Cumprod => cumulative(f, &ops, explicit)?,
            NumpyFn::Diff => diff(&ops)?,
            NumpyFn::Sort | NumpyFn::Argsort | NumpyFn::SortInPlace => sort(f, &ops)?,
            NumpyFn::Var | NumpyFn::Std | NumpyFn::Nanvar | NumpyFn::Nanstd => variance(f, &ops)?,
            NumpyFn::Roll => roll(&ops)?,
            NumpyFn::Tolist => tolist(&ops)?,
            // `a.item()`, and `x.item()` of a NumPy scalar: the Python number.
            NumpyFn::Item => match &ops.types[0] {
                t @ (Type::Int | Type::Float | Type::Bool | Type::Complex) => t.clone(),
                Type::Scalar(d) => Dtype::item_python(*d),
                _ => Dtype::item_python(ops.array(0)?.dtype),
            },
            NumpyFn::Fill => {
                // A complex value only into a complex array (NumPy would drop the imaginary part).
                if !(ops.array(0)?.dtype.is_complex() && types[1].is_c128()) {
                    ops.numeric(1)?;
                }
                Type::None
            }
            NumpyFn::StoreCast => {
                if ops.array(0)?.ndim != 1 || ops.array(0)?.dtype.is_complex() || !types[1].is_intlike() {
                    return Err(Diagnostic::internal("np._store_cast takes a real 1-d array and an int index"));
                }
                ops.numeric(2)?;
                Type::None
            }
            NumpyFn::Astype => Type::array(explicit.expect("astype's dtype is required"), ops.array(0)?.ndim),
            NumpyFn::FromList => from_list(&ops, explicit)?,
            NumpyFn::Searchsorted => searchsorted(&ops)?,
            NumpyFn::Bincount => bincount(&ops)?,
            NumpyFn::Trace | NumpyFn::Diag => diagonal(f, &ops)?,
            NumpyFn::Concatenate | NumpyFn::Stack | NumpyFn::Vstack | NumpyFn::Hstack | NumpyFn::ColumnStack => crate::joining::join(f, &ops)?,
            NumpyFn::Flip
            | NumpyFn::Swapaxes
            | NumpyFn::Moveaxis
            | NumpyFn::ExpandDims
            | NumpyFn::Squeeze
            | NumpyFn::Atleast(_)
            | NumpyFn::Tri
            | NumpyFn::Tril
            | NumpyFn::Triu
            | NumpyFn::Vander
            | NumpyFn::Repeat
            | NumpyFn::Tile
            | NumpyFn::Meshgrid => crate::shapes::shapes_call(f, &ops, explicit)?,
            NumpyFn::Isin | NumpyFn::ArrayEqual | NumpyFn::Convolve | NumpyFn::Correlate | NumpyFn::Trapezoid | NumpyFn::Kron => {
                crate::compare::compare_call(f, &ops)?
            }
            NumpyFn::Ufunc(u) => {
                let t = ufunc(u, &ops)?;
                if matches!(t, Type::Scalar(_) | Type::Complex) {
                    for a in args.iter_mut() {
                        self.element_of_0d(a)?;
                    }
                }
                t
            }
            NumpyFn::Unsupported => unreachable!("the library passes np._unsupported one string constant"),
            NumpyFn::DtypeOf => unreachable!("replaced by its dtype (expr.rs)"),
            NumpyFn::Restride => crate::restride::restride(&ops, explicit.expect("_restride's dtype is required"))?,
            NumpyFn::DataAddress => crate::restride::data_address(&ops)?,
            NumpyFn::Writeable => {
                ops.array(0)?;
                Type::Bool
            }
            NumpyFn::PyRandom(r) => py_random(r, &ops)?,
            NumpyFn::Frexp | NumpyFn::Modf | NumpyFn::Divmod => two_outputs(f, &ops)?,
            NumpyFn::UfuncOut(u) => ufunc_out(u, &ops)?,
            NumpyFn::Unique
            | NumpyFn::Nonzero
            | NumpyFn::Flatnonzero
            | NumpyFn::Argwhere
            | NumpyFn::Take
            | NumpyFn::Compress
            | NumpyFn::Extract
            | NumpyFn::Median
            | NumpyFn::Nanmedian
            | NumpyFn::Percentile
            | NumpyFn::Quantile
            | NumpyFn::Ptp
            | NumpyFn::Histogram
            | NumpyFn::Average
            | NumpyFn::Digitize
            | NumpyFn::Interp => crate::stats::stats_call(f, &ops)?,
        })
    }

    /// `np.arange(start, None, None)`, as NumPy reads it (also where the None is a name holding
    /// it): a step of None is 1, and a stop of None makes `start` the stop, counted from 0.
    fn arange_nones(&mut self, args: &mut [Expr]) -> R<()> {
        let span = args[0].span;
        let int = |v| Expr::new(ExprKind::Const(Const::Int(v)), span);
        for k in [2, 1] {
            let none = match &args[k].kind {
                ExprKind::Const(Const::None) => true,
                _ => crate::functions::pure(&args[k]) && self.expr_optional(&mut args[k])? == Type::None,
            };
            if none {
                args[k] = if k == 2 { int(1) } else { std::mem::replace(&mut args[0], int(0)) };
            }
        }
        Ok(())
    }

    /// The dtype a `dtype=` operand names; None for a name holding `None` (an argument passed as
    /// `None`), NumPy's default, which is then written as the constant.
    fn dtype_arg(&mut self, d: &mut Expr) -> R<Option<Dtype>> {
        match &mut d.kind {
            ExprKind::Dtype(dt) => {
                let dt = *dt;
                d.ty = Type::None;
                Ok(Some(dt))
            }
            ExprKind::Const(Const::Str(name)) => {
                let dt = Dtype::parse(name).ok_or_else(|| Diagnostic::unsupported(format!("dtype '{name}' is not supported (bool, the int and uint widths, float32, float64, complex64 and complex128 are)"), d.span))?;
                d.kind = ExprKind::Dtype(dt);
                d.ty = Type::None;
                Ok(Some(dt))
            }
            ExprKind::Attr(base, Attr::Dtype) => {
                let t = self.expr(base)?;
                d.ty = Type::None;
                match t {
                    Type::Array(a) => Ok(Some(a.dtype)),
                    _ => err(format!("{t} has no dtype"), d.span),
                }
            }
            _ => match self.expr(d)? {
                // A dtype value: a local holding `a.dtype`, an argument `np.float32`.
                Type::DtypeOf(dt) | Type::ScalarClass(dt) => Ok(Some(dt)),
                Type::None if crate::functions::pure(d) => {
                    d.kind = ExprKind::Const(Const::None);
                    Ok(None)
                }
                _ => Err(Diagnostic::unsupported("dtype= must be a NumPy type such as np.float32", d.span)),
            },
        }
    }
}

/// Whether `f` takes complex operands and results yet: creation, `copy`, the views any dtype has,
/// the functions that move elements without computing with them, and those that read only their
/// truth or equality. A complex fill needs a complex result (NumPy's unsafe cast would drop the
/// imaginary part).
fn complex_ok(f: NumpyFn, types: &[Type], explicit: Option<Dtype>) -> bool {
    let result = |k: usize| explicit.unwrap_or_else(|| types[k].element().value_dtype());
    match f {
        NumpyFn::Copy | NumpyFn::Empty | NumpyFn::Zeros | NumpyFn::Ones | NumpyFn::EmptyLike | NumpyFn::ZerosLike | NumpyFn::OnesLike | NumpyFn::Eye | NumpyFn::Identity => true,
        NumpyFn::Full => !crate::complex::holds_complex(&types[1]) || result(1).is_complex(),
        NumpyFn::FullLike => !crate::complex::holds_complex(&types[1]) || result(0).is_complex(),
        NumpyFn::Transpose | NumpyFn::Ravel | NumpyFn::Ascontiguousarray | NumpyFn::Reshape | NumpyFn::Restride | NumpyFn::DataAddress | NumpyFn::Writeable => true,
        f if crate::complex::moves_elements(f) => true,
        NumpyFn::Meshgrid => true,
        // The truth of a complex element: a nonzero part.
        NumpyFn::Nonzero | NumpyFn::Flatnonzero | NumpyFn::Argwhere => true,
        // NumPy refuses complex numbers into a real dtype (TypeError); hasten makes complex128.
        NumpyFn::FromList => explicit.is_none_or(|d| d == Dtype::C128),
        NumpyFn::Tolist | NumpyFn::ArrayEqual | NumpyFn::Item => true,
        f if crate::complex::ordered_or_reduced(f) => crate::complex::is_complex_array(&types[0]),
        NumpyFn::Cumsum | NumpyFn::Cumprod => crate::complex::is_complex_array(&types[0]),
        // Differences part by part, as NumPy subtracts complex numbers.
        NumpyFn::Diff => crate::complex::is_complex_array(&types[0]),
        // Searched in NumPy's order of complex numbers (`hasten_codegen`'s `search.rs`).
        NumpyFn::Searchsorted => matches!(types[0], Type::Array(_)),
        NumpyFn::Var | NumpyFn::Std => true,
        NumpyFn::Nanvar | NumpyFn::Nanstd => crate::complex::is_complex_array(&types[0]),
        // The pairwise sum of a matrix's diagonal (stacks of them not yet).
        NumpyFn::Trace => matches!(types[0], Type::Array(a) if a.ndim == 2 && a.dtype == Dtype::C128),
        NumpyFn::Fill => crate::complex::is_complex_array(&types[0]),
        NumpyFn::Astype => explicit.is_some_and(Dtype::is_complex),
        // Products of arrays: no Python complex operand (NumPy would take it as a 0-d array).
        NumpyFn::Dot | NumpyFn::Matmul | NumpyFn::Inner => types.iter().all(|t| matches!(t, Type::Array(_))),
        // In NumPy's complex dot order; `correlate` conjugates its second operand.
        NumpyFn::Convolve | NumpyFn::Correlate => types[..2].iter().all(|t| matches!(t, Type::Array(_))),
        // NumPy's formula in complex128 (`complex_linspace`).
        NumpyFn::Linspace => explicit.is_none_or(|d| d == Dtype::C128),
        // Every product by NumPy's complex multiply loop.
        NumpyFn::Kron => types[..2].iter().all(|t| matches!(t, Type::Array(_))),
        NumpyFn::Ufunc(u) => crate::complex::ufunc_dtype(u).is_ok(),
        NumpyFn::UfuncOut(_) => true,
        // Complex values at real sample points (`interp_complex_one` in the runtime); complex
        // `left`/`right` of real values are the type checker's TypeError.
        NumpyFn::Interp => !types[..2].iter().any(crate::complex::holds_complex),
        _ => false,
    }
}

/// `np.empty(shape)` and kin, `np.full(shape, value)` and `np.eye(n, m, k)`: new arrays of
/// `dtype=`, float64 by default (`value`'s dtype for `full`).
fn new_array(f: NumpyFn, ops: &Operands, explicit: Option<Dtype>) -> R<Type> {
    let types = ops.types;
    Ok(match f {
        NumpyFn::Empty | NumpyFn::Zeros | NumpyFn::Ones => Type::array(explicit.unwrap_or(Dtype::F64), ops.shape_ndim(0)?),
        NumpyFn::Full => {
            if !types[1].is_c128() {
                ops.numeric(1)?;
            }
            let ndim = ops.shape_ndim(0)?;
            Type::array(explicit.unwrap_or(types[1].value_dtype()), ndim)
        }
        NumpyFn::Eye | NumpyFn::Identity => {
            for k in [0, 2] {
                if !(types[k].is_intlike() && types[k] != Type::Bool) {
                    return err(format!("expected an integer, got {}", types[k]), ops.args[k].span);
                }
            }
            if !(types[1] == Type::None || (types[1].is_intlike() && types[1] != Type::Bool)) {
                return err(format!("expected an integer or None, got {}", types[1]), ops.args[1].span);
            }
            Type::array(explicit.unwrap_or(Dtype::F64), 2)
        }
        _ => unreachable!("not of this family"),
    })
}

/// `np.empty_like(a)` and kin; `np.full_like(a, value)` of a number (or a complex) `value`.
fn new_like(f: NumpyFn, ops: &Operands, explicit: Option<Dtype>) -> R<Type> {
    if f == NumpyFn::FullLike && !ops.types[1].is_c128() {
        ops.numeric(1)?;
    }
    like(ops, explicit)
}

/// `_pyrand_random()`, `_pyrand_bits()`, `_pyrand_seed(n)` and `_pyrand_gauss(mu, sigma)`: a Python
/// float, int, None and float.
fn py_random(r: PyRand, ops: &Operands) -> R<Type> {
    Ok(match r {
        PyRand::Random => Type::Float,
        PyRand::Bits => Type::Int,
        PyRand::Seed => match &ops.types[0] {
            Type::None => Type::None,
            t if t.is_intlike() => Type::None,
            t => return Err(Diagnostic::unsupported(format!("random.seed() of {t} is not supported (an int or None)"), ops.args[0].span)),
        },
        PyRand::Gauss => {
            ops.numeric(0)?;
            ops.numeric(1)?;
            Type::Float
        }
    })
}

/// `np.empty_like(a)` and kin: NumPy lays the new array out in `a`'s memory order (`order='K'`),
/// so it is C or Fortran as `a` is, and of a permuted contiguous order (layout A) otherwise.
fn like(ops: &Operands, explicit: Option<Dtype>) -> R<Type> {
    let a = ops.array(0)?;
    let layout = match a.layout {
        Layout::C | Layout::F if a.ndim > 1 => a.layout,
        _ if a.ndim <= 1 => Layout::C,
        _ => Layout::A,
    };
    Ok(Type::Array(ArrayType { dtype: explicit.unwrap_or(a.dtype), ndim: a.ndim, layout, readonly: false }))
}

fn arange(ops: &Operands, explicit: Option<Dtype>) -> R<Type> {
    for k in 0..3 {
        ops.numeric(k)?;
    }
    let ints = ops.types.iter().all(|t| t.is_intlike());
    Ok(Type::array(explicit.unwrap_or(if ints { Dtype::I64 } else { Dtype::F64 }), 1))
}

fn linspace(ops: &Operands, explicit: Option<Dtype>) -> R<Type> {
    let complex = ops.types[..2].iter().any(Type::is_c128);
    for k in [0, 1] {
        if !ops.types[k].is_c128() {
            ops.numeric(k)?;
        }
    }
    ops.numeric(3)?;
    if !ops.types[2].is_intlike() {
        return err(format!("num must be an integer, not {}", ops.types[2]), ops.args[2].span);
    }
    if complex && explicit.is_some_and(|d| d != Dtype::C128) {
        return Err(Diagnostic::unsupported("np.linspace of complex end points with a dtype= other than complex128 is not supported yet", ops.args[0].span));
    }
    Ok(Type::array(explicit.unwrap_or(if complex { Dtype::C128 } else { Dtype::F64 }), 1))
}

fn pad(ops: &Operands) -> R<Type> {
    let a = ops.array(0)?;
    ops.numeric(2)?;
    let widths_ok = match &ops.types[1] {
        t if t.is_intlike() => true,
        Type::Tuple(items) => items.iter().all(|t| match t {
            Type::Tuple(pair) => pair.len() <= 2 && pair.iter().all(|t| t.is_intlike()),
            t => t.is_intlike(),
        }),
        _ => false,
    };
    if !widths_ok {
        return err("pad_width must be an int, a pair, or one pair per axis", ops.args[1].span);
    }
    // pad_width broadcasts to one (before, after) pair per axis, as in NumPy.
    let nd = a.ndim as usize;
    if let Type::Tuple(items) = &ops.types[1] {
        if items.iter().any(|t| matches!(t, Type::Tuple(_))) {
            if items.len() != 1 && items.len() != nd {
                return err(format!("pad_width has {} pairs for a {nd}-d array", items.len()), ops.args[1].span);
            }
        } else if !matches!(items.len(), 1 | 2) {
            return err(format!("pad_width of {} numbers does not fit a {nd}-d array", items.len()), ops.args[1].span);
        }
    }
    Ok(Type::array(a.dtype, a.ndim))
}

fn contiguous(f: NumpyFn, ops: &Operands) -> R<Type> {
    let a = ops.array(0)?;
    if a.ndim == 0 && f == NumpyFn::Ascontiguousarray {
        return Err(Diagnostic::unsupported("np.ascontiguousarray of a 0-d array is not supported", ops.args[0].span));
    }
    let ndim = if f == NumpyFn::Ravel { 1 } else { a.ndim };
    Ok(Type::Array(ArrayType { ndim, layout: Layout::C, ..a }))
}

/// `np.array(x)` of a nest of lists, tuples, arrays and numbers: an array with one axis per level
/// of the nest and the dtype NumPy discovers from its numbers (int64 for Python ints, float64 for
/// floats, each NumPy scalar its own, promoted together), or `dtype=` (numbers are converted as
/// NumPy stores them: a Python int must fit, a float goes through `int()`). A nest with no numbers
/// at all (`np.array([])`) is float64, as NumPy's.
fn from_list(ops: &Operands, explicit: Option<Dtype>) -> R<Type> {
    let (ndim, found) = nest(&ops.types[0], ops.args[0].span)?;
    if ndim == 0 {
        return Err(Diagnostic::unsupported(format!("np.array/np.asarray of {} is not supported yet (lists and tuples of numbers are)", ops.types[0]), ops.args[0].span));
    }
    Ok(Type::array(explicit.or(found).unwrap_or(Dtype::F64), ndim))
}

/// `a.tolist()`: a list per axis, of the Python numbers NumPy's `item()` gives (int for every
/// integer dtype, float for both float dtypes, bool, complex for complex128).
fn tolist(ops: &Operands) -> R<Type> {
    let a = ops.array(0)?;
    let mut t = match a.dtype {
        Dtype::Bool => Type::Bool,
        d if d.is_float() => Type::Float,
        d if d.is_int() => Type::Int,
        Dtype::C128 => Type::Complex,
        d => return Err(Diagnostic::unsupported(format!("a.tolist() of a {d} array is not supported yet"), ops.args[0].span)),
    };
    for _ in 0..a.ndim {
        t = Type::List(Box::new(t));
    }
    Ok(t)
}

/// The number of axes of the nest `t` and the dtype of its numbers (none in an empty nest). Every
/// item of one level must have one depth: NumPy refuses the rest (an inhomogeneous shape).
fn nest(t: &Type, span: Span) -> R<(u8, Option<Dtype>)> {
    match t {
        t if t.is_numeric_scalar() || t.is_c128() => Ok((0, Some(t.value_dtype()))),
        Type::Array(a) => Ok((a.ndim, Some(a.dtype))),
        Type::List(item) if **item == Type::Unknown => Ok((1, None)),
        Type::List(item) => nest(item, span).map(|(n, d)| (n + 1, d)),
        Type::Tuple(items) => {
            let (mut depth, mut dtype) = (None, None);
            for item in items {
                let (n, d) = nest(item, span)?;
                if depth.is_some_and(|m| m != n) {
                    return err("np.array of items of different depths: NumPy raises ValueError (setting an array element with a sequence; an inhomogeneous shape)", span);
                }
                depth = Some(n);
                dtype = match (dtype, d) {
                    (Some(a), Some(b)) => Some(Dtype::promote(a, b)),
                    (a, b) => a.or(b),
                };
            }
            Ok((depth.unwrap_or(0) + 1, dtype))
        }
        t => Err(Diagnostic::unsupported(format!("np.array of a nest holding {t} is not supported yet (numbers, arrays, lists and tuples of them are)"), span)),
    }
}

/// `np.array([...])` of a literal: its list literals become tuple literals, so that each item keeps
/// its own type (`[np.float32(1), 2.0]` is float64 to NumPy, `[[1, 2], [3.5]]` is a nest to
/// check at run time) instead of the one type a list's items are unified to.
/// A literal of more than `MAX_LEAVES` numbers stays a list (one SSA value per item would cost
/// compile time); its items then share one type.
pub(crate) fn literal_nest_as_tuples(e: &mut Expr) {
    if literal_leaves(e) <= MAX_LEAVES {
        literal_as_tuples(e);
    }
}

const MAX_LEAVES: usize = 1024;

fn literal_leaves(e: &Expr) -> usize {
    match &e.kind {
        ExprKind::List(items) | ExprKind::Tuple(items) => items.iter().map(literal_leaves).sum::<usize>().max(1),
        _ => 1,
    }
}

fn literal_as_tuples(e: &mut Expr) {
    if let ExprKind::List(items) | ExprKind::Tuple(items) = &mut e.kind {
        items.iter_mut().for_each(literal_as_tuples);
        let items = std::mem::take(items);
        e.kind = ExprKind::Tuple(items);
    }
}

/// Flipping gives a strided view; transposing swaps C and Fortran order, as `.T`.
fn flip(f: NumpyFn, ops: &Operands) -> R<Type> {
    let a = ops.array(0)?;
    let need = if f == NumpyFn::Fliplr { 2 } else { 1 };
    if f != NumpyFn::Transpose && a.ndim < need {
        return err(format!("Input must be >= {need}-d."), ops.args[0].span);
    }
    let layout = match (f, a.layout) {
        (NumpyFn::Transpose, Layout::C) if a.ndim > 1 => Layout::F,
        (NumpyFn::Transpose, Layout::F) if a.ndim > 1 => Layout::C,
        (NumpyFn::Transpose, l) => l,
        _ => Layout::A,
    };
    Ok(Type::Array(ArrayType { layout, ..a }))
}

/// `np.searchsorted(a, v, side)`: `a` 1-d, `v` a number or an array (the result has its shape),
/// `side` (made by the front end) whether the side is 'right'; elements compare in their common type.
fn searchsorted(ops: &Operands) -> R<Type> {
    let a = ops.array(0)?;
    if a.ndim != 1 {
        return err("object too deep for desired array", ops.args[0].span);
    }
    let v = &ops.types[1];
    if !(v.is_numeric_scalar() || matches!(v, Type::Array(_)) || v.is_c128()) || rules::common(&a.dtype.item(), &v.element()).is_none() {
        return err(format!("cannot search for {v} in an array of {}", a.dtype), ops.args[1].span);
    }
    Ok(match v {
        Type::Array(va) => Type::array(Dtype::I64, va.ndim),
        _ => Type::Scalar(Dtype::I64),
    })
}

/// `np.bincount(x, weights, minlength)`: `x` a 1-d array of integers or bools; counts (int64) or
/// sums of the weights (float64).
fn bincount(ops: &Operands) -> R<Type> {
    let x = ops.array(0)?;
    if x.ndim != 1 {
        return err("object too deep for desired array", ops.args[0].span);
    }
    if x.dtype.is_float() {
        return err(format!("Cannot cast array data from dtype('{}') to dtype('int64') according to the rule 'safe'", x.dtype), ops.args[0].span);
    }
    if !(ops.types[2].is_intlike() && ops.types[2] != Type::Bool) {
        return err(format!("minlength must be an integer, not {}", ops.types[2]), ops.args[2].span);
    }
    Ok(match &ops.types[1] {
        Type::None => Type::array(Dtype::I64, 1),
        Type::Array(w) if w.ndim == 1 => Type::array(Dtype::F64, 1),
        t => return err(format!("weights must be a 1-d array, not {t}"), ops.args[1].span),
    })
}

/// `np.trace(a, offset, axis1, axis2)` (the dtype of its sum: a scalar of a 2-d array, else an array
/// of the other axes) and `np.diag(v, k)` (a 1-d array makes a 2-d one, a 2-d array gives its
/// diagonal).
fn diagonal(f: NumpyFn, ops: &Operands) -> R<Type> {
    let a = ops.array(0)?;
    if f == NumpyFn::Trace && a.ndim < 2 {
        return err("diag requires an array of at least two dimensions", ops.args[0].span);
    }
    if let Some(t) = ops.types.get(1) {
        if !(t.is_intlike() && *t != Type::Bool) {
            return err(format!("the diagonal offset must be an integer, not {t}"), ops.args[1].span);
        }
    }
    Ok(match (f, a.ndim) {
        (NumpyFn::Trace, 2) => rules::reduction_dtype(Reduction::Sum, a.dtype).item(),
        (NumpyFn::Trace, _) => Type::array(rules::reduction_dtype(Reduction::Sum, a.dtype), a.ndim - 2),
        (_, 1) => Type::array(a.dtype, 2),
        // A view of the diagonal, read-only as NumPy makes it.
        (_, 2) => Type::Array(hasten_ir::ArrayType { dtype: a.dtype, ndim: 1, layout: Layout::A, readonly: true }),
        _ => return err("Input must be 1- or 2-d.", ops.args[0].span),
    })
}

/// The result of `np.dot`, `np.inner` (both: `a`'s axes but the last, then `b`'s but the one
/// summed over) and `np.matmul`/`@` (the broadcast stack axes, then the rows of `a` and the
/// columns of `b` that are not 1-D promotions); a NumPy scalar when no axis is left.
fn dot(f: NumpyFn, ops: &Operands) -> R<Type> {
    let (a, b) = (ops.array(0)?, ops.array(1)?);
    let d = Dtype::promote(a.dtype, b.dtype);
    let ndim = match f {
        NumpyFn::Matmul => match (a.ndim, b.ndim) {
            (1, 1) => 0,
            (1, n) | (n, 1) => n - 1,
            (m, n) => m.max(n),
        },
        _ => (a.ndim + b.ndim).saturating_sub(2),
    };
    if a.ndim == 0 || b.ndim == 0 {
        return Err(Diagnostic::unsupported("np.dot, np.matmul and np.inner of 0-d arrays are not supported", ops.args[0].span));
    }
    Ok(if ndim == 0 { d.item() } else { Type::array(d, ndim) })
}

/// The dtype a sum, product or mean computes in and gives: `dtype=`'s where given (NumPy casts
/// each element to it, unsafely), else NumPy's default for the elements' dtype `d`.
fn computing_dtype(r: Reduction, d: Dtype, explicit: Option<Dtype>, ops: &Operands) -> R<Dtype> {
    let Some(t) = explicit else { return Ok(rules::reduction_dtype(r, d)) };
    let span = ops.args[2].span;
    if d.is_complex() || t.is_complex() {
        return Err(Diagnostic::unsupported("dtype= with complex numbers in this reduction is not supported yet", span));
    }
    if matches!(r, Reduction::Mean | Reduction::Nanmean) && !t.is_float() {
        return Err(Diagnostic::unsupported("a mean with an integer dtype= (NumPy truncates the quotient) is not supported yet", span));
    }
    Ok(t)
}

fn reduction(r: Reduction, ops: &Operands, explicit: Option<Dtype>) -> R<Type> {
    let types = ops.types;
    if let Type::Array(a) = types[0] {
        if a.dtype.is_complex() && explicit.is_none() {
            return crate::complex::reduction(r, a, ops.args);
        }
    }
    let d = types[0].element().value_dtype();
    if !(types[0].is_numeric_scalar() || matches!(types[0], Type::Array(_))) {
        return err(format!("cannot reduce a value of type {}", types[0]), ops.args[0].span);
    }
    let out = computing_dtype(r, d, explicit, ops)?;
    if let (Reduction::Min | Reduction::Max, Some(initial)) = (r, ops.args.get(2)) {
        let whole = matches!(ops.args[1].kind, ExprKind::Const(Const::None));
        if !whole || !d.is_float() || d.is_complex() || !(initial.ty.is_intlike() || initial.ty.is_floatlike()) {
            return Err(Diagnostic::unsupported(format!("initial= is supported for a whole float array and a number yet, not {} along an axis or of {}", types[0], initial.ty), initial.span));
        }
    }
    Ok(match (ops.args.get(1).map(|a| &a.kind), &types[0]) {
        (None | Some(ExprKind::Const(Const::None)), _) => Type::Scalar(out),
        (Some(ExprKind::Const(Const::Int(axis))), Type::Array(a)) => {
            let nd = a.ndim as i64;
            if *axis >= nd || *axis < -nd {
                return err(format!("axis {axis} is out of bounds for array of dimension {nd}"), ops.args[1].span);
            }
            // Reducing the only axis gives a NumPy scalar, as in NumPy.
            if nd == 1 {
                Type::Scalar(out)
            } else {
                Type::array(out, a.ndim - 1)
            }
        }
        (Some(ExprKind::Tuple(items)), Type::Array(a)) => {
            let axes = crate::axes::axis_tuple(items, a.ndim, ops.args[1].span)?;
            let nd = a.ndim as usize;
            match nd - axes.len() {
                0 => Type::Scalar(out),
                left => Type::array(out, left as u8),
            }
        }
        (Some(_), _) => {
            return Err(Diagnostic::unsupported("axis= must be an integer constant, a tuple of them, or None on an array", ops.args[1].span))
        }
    })
}

fn ufunc(u: Ufunc, ops: &Operands) -> R<Type> {
    let types = ops.types;
    for (k, t) in types.iter().enumerate() {
        if !(t.is_numeric_scalar() || t.is_c128() || matches!(t, Type::Array(_))) {
            return err(format!("expected a number or an array, got {t}"), ops.args[k].span);
        }
    }
    crate::complex::refuse_ufunc_complex64(types, ops.args[0].span)?;
    // Decimals known only at run time: an integer, of real values (`round_value_dynamic`).
    if u == Ufunc::Round && !matches!(ops.args[1].kind, ExprKind::Const(Const::Int(_))) {
        if !types[1].is_intlike() {
            return err(format!("decimals must be an integer, not {}", types[1]), ops.args[1].span);
        }
        if crate::complex::holds_complex(&types[0]) {
            return Err(Diagnostic::unsupported("np.round of complex values with decimals known only at run time is not supported yet (constant decimals are)", ops.args[1].span));
        }
    }
    let elems: Vec<Type> = types.iter().map(|t| t.element()).collect();
    let mut d = rules::ufunc_dtype(u, &elems).map_err(|m| crate::ufunc_rules::diagnostic(m, ops.args[0].span))?;
    // np.where's condition is only tested for truth: its dtype takes no part.
    let values = if u == Ufunc::Where { &types[1..] } else { types };
    if elems.contains(&Type::Scalar(Dtype::C64)) && values.iter().any(widens_complex64) {
        // complex64 with float64, complex128 or wide integers computes in complex128.
        d = crate::complex::ufunc_dtype(u).map_err(|m| Diagnostic::unsupported(m, ops.args[0].span))?;
    }
    // The operator must apply to the elements too (NumPy refuses `np.subtract` on booleans).
    rules::ufunc_operator(u, &elems).map_err(|m| Diagnostic::typing(m, ops.args[0].span))?;
    let ndim = types.iter().filter_map(|t| if let Type::Array(a) = t { Some(a.ndim) } else { None }).max();
    Ok(match ndim {
        // 0-d arrays only: NumPy's ufuncs give a scalar (the caller reads their elements);
        // np.where is no ufunc and gives a 0-d array.
        Some(0) if u != Ufunc::Where => d.item(),
        Some(n) => Type::array(d, n),
        None => d.item(),
    })
}

/// Whether an operand of a complex64 ufunc makes it compute in complex128: an array or NumPy
/// scalar of a dtype complex64 cannot hold (a Python number is weak, NEP 50).
fn widens_complex64(t: &Type) -> bool {
    let d = match t {
        Type::Array(a) => a.dtype,
        Type::Scalar(d) => *d,
        _ => return false,
    };
    Dtype::promote(Dtype::C64, d) == Dtype::C128
}

/// `np.frexp`, `np.modf` (NumPy's float loops: float32 stays, 16-bit ints in float32, other
/// numbers in float64; frexp's exponent int32) and `np.divmod` (`floor_divide`'s dtype): a tuple
/// of two NumPy scalars, or of two arrays of the broadcast rank.
fn two_outputs(f: NumpyFn, ops: &Operands) -> R<Type> {
    let types = ops.types;
    for (k, t) in types.iter().enumerate() {
        if !(t.is_numeric_scalar() || matches!(t, Type::Array(_))) {
            return err(format!("expected a number or an array, got {t}"), ops.args[k].span);
        }
    }
    let elems: Vec<Type> = types.iter().map(|t| t.element()).collect();
    let fail = |m: String| crate::ufunc_rules::diagnostic(m, ops.args[0].span);
    let (first, second) = match f {
        NumpyFn::Frexp => (crate::ufunc_rules::float_loop_of("frexp", &elems[0]).map_err(fail)?, Dtype::I32),
        NumpyFn::Modf => {
            let d = crate::ufunc_rules::float_loop_of("modf", &elems[0]).map_err(fail)?;
            (d, d)
        }
        _ => {
            let d = rules::ufunc_dtype(Ufunc::FloorDivide, &elems).map_err(fail)?;
            rules::ufunc_operator(Ufunc::FloorDivide, &elems).map_err(fail)?;
            (d, d)
        }
    };
    // 0-d arrays give NumPy scalars, as numbers do.
    let ndim = types.iter().filter_map(|t| if let Type::Array(a) = t { Some(a.ndim) } else { None }).max().unwrap_or(0);
    let of = |d| if ndim > 0 { Type::array(d, ndim) } else { Type::Scalar(d) };
    Ok(Type::tuple(vec![of(first), of(second)]))
}

/// A ufunc with `out=`: its result (the first argument, the ufunc's own call) is stored into `out`
/// under `same_kind` casting, and `out` is the value.
fn ufunc_out(u: Ufunc, ops: &Operands) -> R<Type> {
    let out = ops.array(1)?;
    let (rd, rn) = match &ops.types[0] {
        Type::Array(a) => (a.dtype, a.ndim),
        t => (t.value_dtype(), 0),
    };
    if rn > out.ndim {
        return err(format!("out= has {} dimensions but the result has {rn}", out.ndim), ops.args[1].span);
    }
    if rules::same_kind_rank(rd) > rules::same_kind_rank(out.dtype) {
        return err(
            format!("Cannot cast ufunc '{}' output from dtype('{rd}') to dtype('{}') with casting rule 'same_kind'", crate::ufunc_rules::ufunc_name(u), out.dtype),
            ops.args[1].span,
        );
    }
    Ok(Type::Array(out))
}

/// The axis argument at `k` of a function over `a`: `Ok(None)` for None (the flattened array), the
/// axis counted from 0 otherwise, `default` when absent. Out of range is NumPy's AxisError message.
pub(crate) fn axis_arg(ops: &Operands, k: usize, a: ArrayType, default: Option<i64>) -> R<Option<usize>> {
    let axis = match ops.args.get(k).map(|e| &e.kind) {
        None => default,
        Some(ExprKind::Const(Const::None)) => None,
        Some(ExprKind::Const(Const::Int(axis))) => Some(*axis),
        Some(_) => return Err(Diagnostic::unsupported("axis= must be an integer constant (or None)", ops.args[k].span)),
    };
    let Some(axis) = axis else { return Ok(None) };
    let nd = a.ndim as i64;
    if axis >= nd || axis < -nd {
        let sp = ops.args.get(k).map_or(ops.args[0].span, |e| e.span);
        return err(format!("axis {axis} is out of bounds for array of dimension {nd}"), sp);
    }
    Ok(Some(if axis < 0 { axis + nd } else { axis } as usize))
}

/// `np.cumsum`/`np.cumprod`: the accumulation dtype of `np.sum`/`np.prod`; the flattened array
/// without an axis.
fn cumulative(f: NumpyFn, ops: &Operands, explicit: Option<Dtype>) -> R<Type> {
    let a = ops.array(0)?;
    if a.ndim == 0 {
        return Err(Diagnostic::unsupported("cumulative functions of 0-d arrays are not supported", ops.args[0].span));
    }
    let r = if f == NumpyFn::Cumsum { Reduction::Sum } else { Reduction::Prod };
    let d = computing_dtype(r, a.dtype, explicit, ops)?;
    Ok(match axis_arg(ops, 1, a, None)? {
        None => Type::array(d, 1),
        Some(_) => Type::array(d, a.ndim),
    })
}

pub use hasten_ir::hir::MAX_DIFF_ORDER;

/// `np.diff(a, n, axis)`: `n` must be a constant from 1 to `MAX_DIFF_ORDER`; the dtype is `a`'s.
fn diff(ops: &Operands) -> R<Type> {
    let a = ops.array(0)?;
    if a.ndim == 0 {
        return err("diff requires input that is at least one dimensional", ops.args[0].span);
    }
    match ops.args.get(1).map(|e| &e.kind) {
        None => {}
        Some(ExprKind::Const(Const::Int(n))) if *n < 0 => return err(format!("order must be non-negative but got {n}"), ops.args[1].span),
        Some(ExprKind::Const(Const::Int(n))) if (1..=MAX_DIFF_ORDER).contains(n) => {}
        Some(_) => {
            let msg = format!("np.diff is supported with n a constant from 1 to {MAX_DIFF_ORDER}");
            return Err(Diagnostic::unsupported(msg, ops.args[1].span));
        }
    }
    if axis_arg(ops, 2, a, Some(-1))?.is_none() {
        return err("np.diff needs an integer axis, not None", ops.args[2].span);
    }
    Ok(Type::array(a.dtype, a.ndim))
}

/// `np.sort`, `np.argsort`, `a.sort()` (the front end has checked and dropped `kind`).
fn sort(f: NumpyFn, ops: &Operands) -> R<Type> {
    let a = ops.array(0)?;
    let axis = axis_arg(ops, 1, a, Some(-1))?;
    Ok(match (f, axis) {
        (NumpyFn::SortInPlace, None) => return err("'NoneType' object cannot be interpreted as an integer", ops.args[1].span),
        (NumpyFn::SortInPlace, Some(_)) => Type::None,
        (NumpyFn::Sort, None) => Type::array(a.dtype, 1),
        (NumpyFn::Sort, Some(_)) => Type::array(a.dtype, a.ndim),
        (_, None) => Type::array(Dtype::I64, 1),
        (_, Some(_)) => Type::array(Dtype::I64, a.ndim),
    })
}

/// `np.var`/`np.std`: float32 for float32 arrays, float64 otherwise (integers and booleans are
/// summed as float64, as NumPy does); a scalar without an axis or for a 1-d array. Of complex
/// arrays a float of the parts' precision: over the whole of a line in memory (NumPy's sum order
/// there is memory order), or along one axis of a complex128 array (`var`/`std`).
fn variance(f: NumpyFn, ops: &Operands) -> R<Type> {
    let a = ops.array(0)?;
    if ops.args.len() > 2 {
        ops.numeric(2)?;
    }
    let along = ops.args.get(1).is_some_and(|x| !matches!(x.kind, ExprKind::Const(Const::None)));
    let axis_ok = a.dtype == Dtype::C128 && matches!(f, NumpyFn::Var | NumpyFn::Std);
    // (An element-wise result is made contiguous, in NumPy's layout of it: one line in memory.)
    let strided = a.layout == Layout::A && !ops.args[0].is_elementwise();
    if a.dtype.is_complex() && ((along && !axis_ok) || (!along && a.ndim > 1 && strided)) {
        return Err(Diagnostic::unsupported(
            "np.var/np.std of complex arrays along an axis (other than of complex128 by var/std), or of non-contiguous n-d ones, are not supported yet",
            ops.args[0].span,
        ));
    }
    let d = if a.dtype.is_complex() { a.dtype.part() } else { rules::reduction_dtype(Reduction::Mean, a.dtype) };
    Ok(match axis_arg(ops, 1, a, None)? {
        Some(_) if a.ndim > 1 => Type::array(d, a.ndim - 1),
        _ => Type::Scalar(d),
    })
}

/// `np.roll(a, shift, axis)` with one integer shift and one axis (or None).
fn roll(ops: &Operands) -> R<Type> {
    let a = ops.array(0)?;
    if a.ndim == 0 {
        return Err(Diagnostic::unsupported("np.roll of a 0-d array is not supported", ops.args[0].span));
    }
    if !ops.types[1].is_intlike() {
        return Err(Diagnostic::unsupported(format!("np.roll is supported with one integer shift, not {}", ops.types[1]), ops.args[1].span));
    }
    axis_arg(ops, 2, a, None)?;
    Ok(Type::array(a.dtype, a.ndim))
}

/// `np.trace`'s `axis1`/`axis2`: constants, made non-negative in place for code generation, and
/// distinct, with NumPy's messages.
fn trace_axes(args: &mut [Expr], types: &[Type]) -> R<()> {
    let nd = match &types[0] {
        Type::Array(a) if a.ndim >= 2 => a.ndim as i64,
        _ => return Ok(()),
    };
    let mut axes = [0i64; 2];
    for (k, name) in [(2, "axis1"), (3, "axis2")] {
        let ExprKind::Const(Const::Int(v)) = args[k].kind else {
            return Err(Diagnostic::unsupported(format!("np.trace's {name}= must be an integer constant"), args[k].span));
        };
        if v >= nd || v < -nd {
            return err(format!("{name}: axis {v} is out of bounds for array of dimension {nd}"), args[k].span);
        }
        axes[k - 2] = v.rem_euclid(nd);
        args[k].kind = ExprKind::Const(Const::Int(axes[k - 2]));
    }
    if axes[0] == axes[1] {
        return err("axis1 and axis2 cannot be the same", args[2].span);
    }
    Ok(())
}

