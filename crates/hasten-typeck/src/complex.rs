//! Typing complex numbers: `complex(...)`, the `cmath` functions, `.real`/`.imag`/`.conjugate()`
//! and `abs` of a complex value.
//!
//! The typing decision: a Python `complex` is `Type::Complex`, two `float` slots (real part first),
//! a value like a tuple of two floats that code generation keeps in registers. Python numbers
//! promote to it (bool < int < float < complex, `rules::binary`); its operators are `+ - * / **`,
//! `==`/`!=` and unary `-`/`+`; ordering, `//`, `%` and bit operators are refused as CPython refuses
//! them. A call's result type is the whole decision: code generation converts each argument to
//! `complex` (or reads its parts) by the argument's own type.

use crate::function::{err, FnCx, R};
use hasten_ir::complex::CmathFn;
use hasten_ir::hir::{BinOp, Callee, CmpOp, Const, Expr, ExprKind, NumpyFn, Reduction, Ufunc};
use hasten_ir::{ArrayType, Diagnostic, Dtype, Layout, Span, Type};

/// A number `complex(x)` and the `cmath` functions accept: Python's numbers and NumPy's real
/// scalars.
fn complex_like(t: &Type) -> bool {
    t.is_c128() || t.is_numeric_scalar()
}

/// A number that converts to `float` (`cmath.rect`'s arguments).
fn real_like(t: &Type) -> bool {
    t.is_numeric_scalar()
}

/// Whether a value of this type holds a Python complex (NumPy's functions refuse such
/// arguments by name until complex dtypes exist).
pub(crate) fn holds_complex(t: &Type) -> bool {
    match t {
        Type::Complex => true,
        Type::Scalar(d) => d.is_complex(),
        Type::Tuple(items) => items.iter().any(holds_complex),
        Type::List(item) => holds_complex(item),
        Type::Array(a) => a.dtype.is_complex(),
        _ => false,
    }
}

/// Whether `t` is an array of a complex dtype.
pub(crate) fn is_complex_array(t: &Type) -> bool {
    matches!(t, Type::Array(a) if a.dtype.is_complex())
}

/// Refuses `what` of a complex128 array: hasten reads, writes, views, copies and creates them,
/// and computes with their elements as Python complex numbers, but not yet element-wise.
pub(crate) fn refuse_complex_array(types: &[&Type], what: &str, span: Span) -> R<()> {
    match types.iter().find(|t| is_complex_array(t)) {
        Some(t) => Err(Diagnostic::unsupported(format!("{what} of complex128 arrays is not supported yet (got {t})"), span)),
        None => Ok(()),
    }
}

/// `a op= value` on a complex128 array `a` (a view or a whole array, not fancy-indexed): NumPy's
/// `+ - * /` computed in complex128 with any real or complex128 value (complex64 values are
/// `complex64::in_place`'s); `None` when `a` is not complex128.
pub(crate) fn in_place(op: BinOp, a: &ArrayType, value: &Type, span: Span) -> R<Option<hasten_ir::hir::BinaryPlan>> {
    if a.dtype != Dtype::C128 {
        return Ok(None);
    }
    let ok_value = match value {
        Type::Array(v) => v.dtype != Dtype::C64,
        t if t.is_c128() => true,
        t => t.is_numeric_scalar() && !matches!(t, Type::Scalar(Dtype::C64)),
    };
    if !ok_value {
        return Err(Diagnostic::unsupported(format!("`{}=` of a complex128 array with {value} is not supported yet", op.symbol()), span));
    }
    if !matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div) {
        return Err(Diagnostic::unsupported(format!("`{}=` of a complex128 array is not supported yet", op.symbol()), span));
    }
    if matches!(value, Type::Array(v) if v.ndim > a.ndim) {
        return Err(Diagnostic::unsupported(format!("updating a {}-d array with a {}-d one is not supported", a.ndim, value.element()), span));
    }
    Ok(Some(hasten_ir::hir::BinaryPlan { operands: Type::Complex, result: Type::Complex }))
}

/// The NumPy functions that only move complex elements (any complex dtype's bytes as they are).
pub(crate) fn moves_elements(f: NumpyFn) -> bool {
    use NumpyFn::*;
    matches!(
        f,
        Concatenate | Stack | Vstack | Hstack | ColumnStack | Flipud | Fliplr | Flip | Roll | Swapaxes | Moveaxis | ExpandDims | Squeeze | Atleast(_) | Tril
            | Triu | Repeat | Tile | Take | Compress | Extract | Diag
    )
}

/// The functions computed in NumPy's order of complex numbers (`hasten_runtime::sort`), and the
/// whole-array reductions of complex arrays (`reduction` refuses the rest).
pub(crate) fn ordered_or_reduced(f: NumpyFn) -> bool {
    use Reduction::*;
    matches!(f, NumpyFn::Sort | NumpyFn::SortInPlace | NumpyFn::Argsort | NumpyFn::Unique | NumpyFn::Ptp)
        || matches!(f, NumpyFn::Reduce(Sum | Mean | Prod | Max | Min | Nanmax | Nanmin | Nansum | Nanmean | Argmax | Argmin))
}

pub(crate) fn numpy_refusal(span: Span) -> Diagnostic {
    Diagnostic::unsupported("NumPy functions and scalars of complex numbers are not supported yet (Python's complex and cmath are)", span)
}

/// The type of `l op r` where an operand is an array and the operation computes in complex128
/// (a complex128 array, or an array with a Python complex; `complex64::plan_dtype` has
/// taken the complex64 ones); `None` when it does not.
pub(crate) fn elementwise_binary(op: BinOp, l: &Type, r: &Type, span: Span) -> R<Option<Type>> {
    let ndim = match crate::rules::array_operands(l, r) {
        Some(ndim) if [l, r].iter().any(|t| is_complex_array(t) || t.is_c128()) => ndim,
        _ => return Ok(None),
    };
    match op {
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Pow => Ok(Some(Type::array(Dtype::C128, ndim))),
        _ => Err(Diagnostic::typing(format!("unsupported operand types for {}: {l} and {r} (NumPy has no such loop for complex numbers)", op.symbol()), span)),
    }
}

/// The type of `l == r`, `l < r`... where an operand is an array and the comparison is in
/// complex (NumPy orders complex numbers lexicographically); `None` when it is not.
pub(crate) fn elementwise_compare(op: CmpOp, l: &Type, r: &Type, span: Span) -> R<Option<Type>> {
    let ndim = match crate::rules::array_operands(l, r) {
        Some(ndim) if [l, r].iter().any(|t| is_complex_array(t) || t.is_c128()) => ndim,
        _ => return Ok(None),
    };
    match op {
        // NumPy orders complex numbers lexicographically (`CLT`...).
        CmpOp::Eq | CmpOp::NotEq | CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE => Ok(Some(Type::array(Dtype::Bool, ndim))),
        _ => Err(Diagnostic::unsupported(format!("the comparison {} of complex arrays is not supported yet", order_symbol(op)), span)),
    }
}

/// `a.real`, `a.imag`, `a.conjugate()` (and `np.real/imag/conj/conjugate`) of an array: views of
/// a complex128 array's parts (writable where the array is), a new array for the conjugate; of a
/// real array `.real` is the array itself, `.imag` read-only zeros, the conjugate a copy.
fn array_part(f: CmathFn, a: ArrayType, span: Span) -> R<Type> {
    let view = |dtype| Type::Array(ArrayType { dtype, layout: Layout::A, ..a });
    match f {
        CmathFn::Real | CmathFn::Imag if a.dtype.is_complex() => Ok(view(a.dtype.part())),
        CmathFn::Real => Ok(Type::Array(a)),
        // NumPy: zeros that cannot be written, and a copy.
        CmathFn::Imag => Ok(Type::Array(ArrayType { dtype: a.dtype, ndim: a.ndim, layout: Layout::C, readonly: true })),
        // np.conj computes booleans in int8 where `a.conjugate()` gives `a` back.
        CmathFn::Conjugate if a.dtype == Dtype::Bool => Err(Diagnostic::unsupported("the conjugate of a boolean array is not supported", span)),
        CmathFn::Conjugate => Ok(Type::array(a.dtype, a.ndim)),
        _ => Err(Diagnostic::unsupported(format!("{}() of an array is not supported (cmath takes numbers)", f.name()), span)),
    }
}

/// The result dtype of the ufuncs hasten computes in complex128 (an operand is a complex128 array
/// or a Python complex; `complex_ok` in `numpy.rs` lets only those reach here): NumPy's complex
/// loops, each giving complex128 except `absolute` (float64) and the predicates (bool).
pub(crate) fn ufunc_dtype(u: Ufunc) -> Result<Dtype, String> {
    use Ufunc::*;
    match u {
        Abs => Ok(Dtype::F64),
        Isnan | Isinf | Isfinite | Isclose | Equal | NotEqual | Less | LessEqual | Greater | GreaterEqual | LogicalAnd | LogicalOr | LogicalXor
        | LogicalNot => Ok(Dtype::Bool),
        Exp | Exp2 | Expm1 | Log1p | Rint | Log | Log10 | Log2 | Sqrt | Sin | Cos | Tan | Sinh | Cosh | Tanh | Arcsin | Arccos | Arctan | Arcsinh | Arccosh | Arctanh | Square | Reciprocal
        | Negative | Positive | Sign | Power | Add | Subtract | Multiply | Divide | Where | Maximum | Minimum | Fmax | Fmin | Round | Clip => Ok(Dtype::C128),
        _ => Err(format!("np.{} of complex numbers is not supported yet", crate::ufunc_rules::ufunc_name(u))),
    }
}

/// A ufunc of complex operands hasten does not compute: NumPy's TypeError where NumPy has no
/// complex loop, an UnsupportedError naming it where NumPy has one.
pub(crate) fn ufunc_refusal(u: Ufunc, span: Span) -> Diagnostic {
    use Ufunc::*;
    let name = crate::ufunc_rules::ufunc_name(u);
    match u {
        Where | Isclose | Isposinf | Isneginf => {
            Diagnostic::unsupported(format!("np.{name} of complex numbers is not supported yet"), span)
        }
        _ => Diagnostic::typing(crate::ufunc_rules::not_supported(u), span),
    }
}

/// NEP 50 for a ufunc's operands: a Python complex with a float32 array or scalar computes in
/// complex64, which hasten's ufuncs do not take in that form yet (the operators do).
pub(crate) fn refuse_ufunc_complex64(types: &[Type], span: Span) -> R<()> {
    let single = |t: &Type| matches!(t, Type::Scalar(Dtype::F32)) || matches!(t, Type::Array(a) if a.dtype == Dtype::F32);
    if types.contains(&Type::Complex) && types.iter().any(single) {
        return Err(Diagnostic::unsupported("ufuncs of float32 with a Python complex (complex64 in NumPy) are not supported yet", span));
    }
    Ok(())
}

/// `np.sum`/`np.mean`/`np.prod` (and the methods) of a complex128 array: over the whole array,
/// of one that is a single line in memory (1-d, C- or Fortran-contiguous, or checked at run time:
/// NotImplementedError where NumPy would walk several lines), a Python complex.
pub(crate) fn reduction(r: Reduction, a: ArrayType, args: &[Expr]) -> R<Type> {
    // NumPy sums an n-d element-wise result in its memory order, which follows the operands'
    // layouts (Fortran operands give a Fortran result).
    let computed = matches!(args[0].kind, ExprKind::Binary(..) | ExprKind::Unary(..) | ExprKind::Call(Callee::Numpy(_), ..));
    // An element-wise expression is reduced as NumPy's temporary of it (code generation's
    // `elementwise_as_numpy`); the results of other functions, as arrays.
    let elementwise = args[0].is_elementwise();
    match args.get(1).map(|x| &x.kind) {
        None | Some(ExprKind::Const(Const::None)) => {}
        // One axis: a line per output element (`complex_axis_sum` in code generation).
        // (NumPy's complex64 products along an axis take its fused or its plain loop by a rule
        // not yet followed.)
        Some(ExprKind::Const(Const::Int(k)))
            if matches!(r, Reduction::Sum | Reduction::Mean | Reduction::Prod | Reduction::Max | Reduction::Min | Reduction::Nanmax | Reduction::Nanmin)
                && (a.dtype == Dtype::C128 || (a.dtype == Dtype::C64 && r != Reduction::Prod))
                && !(a.ndim > 1 && computed && !elementwise) =>
        {
            let nd = a.ndim as i64;
            if *k >= nd || *k < -nd {
                return err(format!("axis {k} is out of bounds for array of dimension {nd}"), args[1].span);
            }
            return Ok(if a.ndim == 1 { a.dtype.item() } else { Type::array(a.dtype, a.ndim - 1) });
        }
        Some(_) if a.dtype == Dtype::C64 => return Err(Diagnostic::unsupported("this reduction of complex64 arrays along an axis is not supported yet (one axis of sums, means and extremes is)", args[1].span)),
        Some(_) => return Err(Diagnostic::unsupported("this axis= in reductions of complex128 arrays is not supported yet (one axis of sums, means, products and extremes of arrays is)", args[1].span)),
    }
    if a.ndim > 1 && computed && !elementwise {
        return Err(Diagnostic::unsupported("sums of n-d complex128 arrays computed by this function are not supported yet (sum a copy)", args[0].span));
    }
    match r {
        Reduction::Sum | Reduction::Mean | Reduction::Prod | Reduction::Max | Reduction::Min | Reduction::Nanmax | Reduction::Nanmin | Reduction::Nansum
        | Reduction::Nanmean => Ok(a.dtype.item()),
        // The index is into the C-ordered flattening, which is memory order only for C layouts.
        Reduction::Argmax | Reduction::Argmin if a.ndim > 1 && a.layout != Layout::C => {
            Err(Diagnostic::unsupported("np.argmax/np.argmin of a complex n-d array that is not C-contiguous is not supported yet (take it of a copy)", args[0].span))
        }
        Reduction::Argmax | Reduction::Argmin => Ok(Type::Scalar(Dtype::I64)),
        _ => Err(Diagnostic::unsupported("this reduction of complex128 arrays is not supported yet", args[0].span)),
    }
}

/// The symbol of an ordering comparison, for CPython's message refusing it.
pub(crate) fn order_symbol(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Lt => "<",
        CmpOp::LtE => "<=",
        CmpOp::Gt => ">",
        CmpOp::GtE => ">=",
        _ => "in/is",
    }
}

impl FnCx<'_, '_, '_> {
    /// `np.vdot(a, b)` is `np.dot(np.conj(ravel(a)), ravel(b))` (the front end's): the conjugate
    /// of a real array is the array itself, taken without the copy (and for booleans, whose
    /// conjugate NumPy computes in int8).
    pub(crate) fn real_conjugate_operand(&mut self, f: NumpyFn, operands: &mut [Expr]) -> R<()> {
        let x = &mut operands[0];
        let ExprKind::Call(hasten_ir::hir::Callee::Cmath(CmathFn::Conjugate), args, _) = &mut x.kind else { return Ok(()) };
        if !matches!(self.expr(&mut args[0])?, Type::Array(a) if !a.dtype.is_complex()) {
            return Ok(());
        }
        *x = args.remove(0);
        // `np.vdot` (`np.matmul` of the raveled operands, `hasten_front::linalg`) of vectors takes
        // them as they are, strides included, as NumPy's does: a ravel's copy would change which
        // of NumPy's summation orders applies.
        if f == NumpyFn::Matmul {
            for x in operands.iter_mut() {
                if let ExprKind::Call(hasten_ir::hir::Callee::Numpy(NumpyFn::Ravel), args, _) = &mut x.kind {
                    if matches!(self.expr(&mut args[0])?, Type::Array(a) if a.ndim == 1) {
                        *x = args.remove(0);
                    }
                }
            }
        }
        Ok(())
    }

    /// `np.conj(x)`: the conjugate of `x`, a Python number made the NumPy scalar NumPy's ufunc
    /// takes first (a bool an int8).
    pub(crate) fn numpy_conjugate(&mut self, args: &mut [Expr], span: Span) -> R<Type> {
        if let [x] = args {
            let t = self.expr(x)?;
            if matches!(t, Type::Bool | Type::Int | Type::Float | Type::Complex) {
                let d = if t == Type::Bool { Dtype::I8 } else { t.value_dtype() };
                let sp = x.span;
                let value = std::mem::replace(x, Expr::new(ExprKind::Const(Const::None), sp));
                *x = Expr::new(ExprKind::Call(hasten_ir::hir::Callee::ScalarCtor(d), vec![value], Vec::new()), sp);
                self.expr(x)?;
            }
        }
        self.cmath_call(CmathFn::Conjugate, args, span)
    }

    pub(crate) fn cmath_call(&mut self, f: CmathFn, args: &mut [Expr], span: Span) -> R<Type> {
        let types = match self.arg_types(args)? {
            Ok(types) => types,
            Err(pending) => return Ok(pending),
        };
        if let [Type::Array(a)] = types.as_slice() {
            if !(f == CmathFn::Conjugate && a.ndim == 0) {
                return array_part(f, *a, span);
            }
        }
        // The conjugate of a 0-d array is a ufunc's: a scalar, the conjugate of its element.
        let types = match types.as_slice() {
            [Type::Array(_)] => vec![self.element_of_0d(&mut args[0])?],
            _ => types,
        };
        let arity = |lo: usize, hi: usize| -> R<()> {
            if (lo..=hi).contains(&types.len()) {
                Ok(())
            } else {
                err(format!("{}() takes {} argument(s) ({} given)", f.name(), if lo == hi { lo.to_string() } else { format!("{lo} to {hi}") }, types.len()), span)
            }
        };
        let check = |ok: fn(&Type) -> bool, what: &str| -> R<()> {
            for (t, a) in types.iter().zip(args.iter()) {
                if matches!(t, Type::Array(_)) {
                    return Err(Diagnostic::unsupported(format!("{}() of an array is not supported (complex arrays are not supported yet)", f.name()), a.span));
                }
                if !ok(t) {
                    return err(format!("{}() argument must be {what}, not {t}", f.name()), a.span);
                }
            }
            Ok(())
        };
        Ok(match f {
            CmathFn::Complex => {
                arity(0, 2)?;
                check(complex_like, "a number")?;
                Type::Complex
            }
            CmathFn::Real | CmathFn::Imag | CmathFn::Conjugate => {
                arity(1, 1)?;
                check(complex_like, "a number")?;
                match (&types[0], f) {
                    (Type::Complex, CmathFn::Conjugate) => Type::Complex,
                    (Type::Complex, _) => Type::Float,
                    (Type::Scalar(d), CmathFn::Conjugate) if d.is_complex() => Type::Scalar(*d),
                    (Type::Scalar(d), _) if d.is_complex() => Type::Scalar(d.part()),
                    // Python's bool has the parts and conjugate of the int it is.
                    (Type::Bool, _) => Type::Int,
                    (t, _) => t.clone(),
                }
            }
            CmathFn::Log => {
                arity(1, 2)?;
                check(complex_like, "a number")?;
                Type::Complex
            }
            CmathFn::Rect => {
                arity(2, 2)?;
                check(real_like, "a real number")?;
                Type::Complex
            }
            CmathFn::Phase => {
                arity(1, 1)?;
                check(complex_like, "a number")?;
                Type::Float
            }
            CmathFn::Polar => {
                arity(1, 1)?;
                check(complex_like, "a number")?;
                Type::tuple(vec![Type::Float, Type::Float])
            }
            CmathFn::Isnan | CmathFn::Isinf | CmathFn::Isfinite => {
                arity(1, 1)?;
                check(complex_like, "a number")?;
                Type::Bool
            }
            _ => {
                arity(1, 1)?;
                check(complex_like, "a number")?;
                Type::Complex
            }
        })
    }
}

impl FnCx<'_, '_, '_> {
    /// A sum, mean or product (or running total) with a complex `dtype=` (or of a complex array with
    /// `dtype=` its own dtype): NumPy casts the elements, then reduces them as it reduces complex
    /// arrays. The operand becomes `astype` of it, made one line (`ravel`) for a whole-array
    /// reduction of a C-contiguous array, whose memory order NumPy's iterator walks. A converting
    /// sum or mean keeps its dtype argument, which tells code generation to add in NumPy's buffers'
    /// pieces; the others lose it. A bool `dtype=` of complex elements takes their truth, `z != 0`.
    /// Returns the `dtype=` left to apply.
    pub(crate) fn complex_dtype_operand(&mut self, f: NumpyFn, args: &mut [Expr], types: &mut [Type], explicit: Option<Dtype>) -> R<Option<Dtype>> {
        let (Some(d), Some(Type::Array(a))) = (explicit, types.first()) else { return Ok(explicit) };
        let a = *a;
        let reduced = matches!(f, NumpyFn::Reduce(Reduction::Sum | Reduction::Mean | Reduction::Prod));
        if !(d.is_complex() || a.dtype.is_complex()) || !(reduced || matches!(f, NumpyFn::Cumsum | NumpyFn::Cumprod)) {
            return Ok(explicit);
        }
        let none = |e: &Expr| Expr { ty: Type::None, ..Expr::new(ExprKind::Const(Const::None), e.span) };
        if a.dtype == d {
            // No cast: NumPy reduces the array itself.
            args[2] = none(&args[2]);
            return Ok(None);
        }
        let span = args[0].span;
        if d == Dtype::Bool {
            // A complex element's truth: a nonzero part.
            let placeholder = none(&args[0]);
            let z = std::mem::replace(&mut args[0], placeholder);
            args[0] = Expr::new(ExprKind::Compare(Box::new(z), vec![(CmpOp::NotEq, Expr::new(ExprKind::Const(Const::Int(0)), span))]), span);
            types[0] = self.expr(&mut args[0])?;
            return Ok(explicit);
        }
        if !d.is_complex() {
            return Err(Diagnostic::unsupported(format!("a sum or product of complex numbers with dtype={d} (NumPy drops the imaginary parts, with a ComplexWarning) is not supported"), args[2].span));
        }
        let whole = matches!(args.get(1).map(|x| &x.kind), None | Some(ExprKind::Const(Const::None)));
        if reduced && a.ndim > 1 && !(whole && a.layout == Layout::C) {
            return Err(Diagnostic::unsupported("a complex dtype= converting the elements of a sum, mean or product along an axis, or of an n-d array that is not C-contiguous, is not supported yet", args[2].span));
        }
        let placeholder = none(&args[0]);
        let operand = std::mem::replace(&mut args[0], placeholder);
        let dtype = Expr::new(ExprKind::Dtype(d), span);
        let mut converted = Expr::new(ExprKind::Call(hasten_ir::hir::Callee::Numpy(NumpyFn::Astype), vec![operand, dtype], Vec::new()), span);
        if reduced && a.ndim > 1 {
            converted = Expr::new(ExprKind::Call(hasten_ir::hir::Callee::Numpy(NumpyFn::Ravel), vec![converted], Vec::new()), span);
        }
        args[0] = converted;
        types[0] = self.expr(&mut args[0])?;
        args[2] = match f {
            NumpyFn::Reduce(Reduction::Sum | Reduction::Mean) => buffered_marker(d, args[2].span),
            _ => none(&args[2]),
        };
        Ok(None)
    }
}

/// The dtype argument a sum of converted elements keeps: a dtype typed as a dtype value, which no
/// written `dtype=` is (`dtype_arg` types those `None`), so that typing it again leaves it alone
/// and code generation knows the sum is buffered.
pub(crate) fn buffered_marker(d: Dtype, span: Span) -> Expr {
    Expr { ty: Type::DtypeOf(d), ..Expr::new(ExprKind::Dtype(d), span) }
}

/// Whether a dtype argument is `buffered_marker`'s.
pub(crate) fn is_buffered_marker(e: &Expr) -> bool {
    matches!((&e.kind, &e.ty), (ExprKind::Dtype(_), Type::DtypeOf(_)))
}
