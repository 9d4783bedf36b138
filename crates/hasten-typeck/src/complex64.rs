//! complex64 (`Dtype::C64`): its elements and scalars are `Type::Scalar(Dtype::C64)`, two `f32`
//! slots. hasten computes with it only where code generation does as NumPy does; `gate` checks
//! the typed tree once and refuses, naming complex64, every other node that touches one.
//!
//! NEP 50 with complex64: a Python `complex` is weak (complex64 stays complex64, and float32 with
//! it is complex64); an `np.complex128` is strong (complex128).

use hasten_ir::complex::CmathFn;
use hasten_ir::hir::{BinOp, BinaryPlan, Builtin, Callee, CmpOp, Expr, ExprKind, NumpyFn, Stmt, StmtKind, Target, UnaryOp, Ufunc};
use hasten_ir::{ArrayType, Diagnostic, Dtype, Layout, Span, Type};

/// Whether `t` holds complex64 values.
pub(crate) fn holds_c64(t: &Type) -> bool {
    match t {
        Type::Scalar(Dtype::C64) => true,
        Type::Array(a) => a.dtype == Dtype::C64,
        Type::Tuple(items) => items.iter().any(holds_c64),
        Type::List(t) | Type::Set(t) | Type::Optional(t) => holds_c64(t),
        Type::Dict(k, v) => holds_c64(k) || holds_c64(v),
        _ => false,
    }
}

/// `plan_dtype` of `local op= value` on a scalar local. A Python complex local updated with a
/// complex64 or float32 value is refused: it would hold a Python complex and an np.complex64.
pub(crate) fn aug_dtype(cur: &Type, value: &Type, span: Span) -> Result<Option<Dtype>, Diagnostic> {
    if *cur == Type::Complex && plan_dtype(cur, value).is_some() {
        return Err(Diagnostic::unsupported("`z op= x` with a Python complex local z and a complex64 or float32 x is not supported yet (z would become an np.complex64)", span));
    }
    Ok(plan_dtype(cur, value))
}

/// The plan of `a op= value` on a complex64 array or view `a`, computed in complex64 as NumPy's
/// `np.add(a, value, out=a)`...; `None` when neither side is complex64. The rest is refused: an
/// update NumPy computes in complex128 (and casts back), and products of a strided target or
/// value with an array value, whose loop NumPy picks by strides (its iterator turns axes that
/// step backwards in every operand around; hasten copies a value array where NumPy may not). A
/// product with a number is always NumPy's fused loop.
pub(crate) fn in_place(op: BinOp, a: &ArrayType, value: &Type, span: Span) -> Result<Option<BinaryPlan>, Diagnostic> {
    if a.dtype != Dtype::C64 && !holds_c64(value) {
        return Ok(None);
    }
    let target = Type::Array(*a);
    let d = plan_dtype(&target, value);
    if a.dtype != Dtype::C64 || d != Some(Dtype::C64) {
        return refuse("in-place arithmetic (computed in complex128, or into a real array)", span).map(|_| None);
    }
    if !matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div) {
        return binary_type(op, Dtype::C64, &target, value, span).and_then(|_| refuse(format!("`{}=`", op.symbol()), span)).map(|_| None);
    }
    if op == BinOp::Mul && matches!(value, Type::Array(_)) && (a.layout == Layout::A || matches!(value, Type::Array(v) if v.layout == Layout::A)) {
        return refuse("`*=` of a strided view or with a strided array", span).map(|_| None);
    }
    if matches!(value, Type::Array(v) if v.ndim > a.ndim) {
        return Err(Diagnostic::unsupported(format!("updating a {}-d array with a {}-d one is not supported", a.ndim, value.element()), span));
    }
    let c = Type::Scalar(Dtype::C64);
    Ok(Some(BinaryPlan { operands: c.clone(), result: c }))
}

/// The dtype NumPy computes `l op r` in when an operand is complex64, or a float32 operand meets
/// a Python complex (NEP 50); `None` when neither is the case.
pub(crate) fn plan_dtype(l: &Type, r: &Type) -> Option<Dtype> {
    let single = |t: &Type| matches!(t.element(), Type::Scalar(Dtype::C64 | Dtype::F32));
    let c64 = |t: &Type| t.element() == Type::Scalar(Dtype::C64);
    match (l, r) {
        (Type::Complex, t) | (t, Type::Complex) => return single(t).then_some(Dtype::C64),
        _ if !(c64(l) || c64(r)) => return None,
        _ => {}
    }
    let strong = |t: &Type| match t {
        Type::Array(a) => Some(a.dtype),
        Type::Scalar(d) => Some(*d),
        _ => None,
    };
    Some(match (strong(l), strong(r)) {
        (Some(a), Some(b)) => Dtype::promote(a, b),
        // Python's bool, int and float are weak beside complex64.
        _ => Dtype::C64,
    })
}

/// The type of `l op r` computed in the complex dtype `d` (`plan_dtype`): NumPy's `+ - * /`
/// and `**`; its TypeError for the others.
pub(crate) fn binary_type(op: BinOp, d: Dtype, l: &Type, r: &Type, span: Span) -> Result<Type, Diagnostic> {
    if !matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Pow) {
        return Err(Diagnostic::typing(format!("unsupported operand types for {}: {l} and {r} (NumPy has no such loop for complex numbers)", op.symbol()), span));
    }
    Ok(match crate::rules::array_operands(l, r) {
        // NumPy computes a 0-d array in its array loop, not its scalar arithmetic.
        Some(0) => return Err(Diagnostic::unsupported("arithmetic of 0-d complex64 arrays is not supported yet", span)),
        Some(ndim) => {
            let strided = |t: &Type| matches!(t, Type::Array(a) if a.layout == hasten_ir::Layout::A);
            if op == BinOp::Mul && d == Dtype::C64 && ndim > 1 && (strided(l) || strided(r)) {
                // NumPy's choice between its two product loops follows its iterator's axis order
                // for n-d operands with negative strides, which hasten does not reproduce yet.
                return Err(Diagnostic::unsupported("products of n-d complex64 arrays that are not C- or Fortran-contiguous are not supported yet (multiply copies)", span));
            }
            Type::array(d, ndim)
        }
        None => d.item(),
    })
}

fn refuse(what: impl std::fmt::Display, span: Span) -> Result<(), Diagnostic> {
    Err(Diagnostic::unsupported(format!("{what} of complex64 values is not supported yet"), span))
}

/// Refuses every node of the typed statements that touches complex64 where code generation does
/// not compute it (see the module comment).
pub(crate) fn gate(stmts: &[Stmt]) -> Result<(), Diagnostic> {
    for s in stmts {
        match &s.kind {
            StmtKind::If { cond, .. } | StmtKind::While { cond, .. } | StmtKind::Assert { test: cond, .. } if holds_c64(&cond.ty) => {
                return refuse("the truth", cond.span);
            }
            // Typing planned the updates it computes in complex64 (`aug_dtype`, `in_place`).
            StmtKind::AugAssign { target, value, plan, .. } if (holds_c64(&value.ty) || target_c64(target)) && !updates_in_c64(target, plan.as_ref()) => {
                return refuse("in-place arithmetic", s.span);
            }
            _ => {}
        }
    }
    let mut found = Ok(());
    hasten_ir::hir::for_each_expr(stmts, &mut |e| {
        if found.is_ok() {
            found = expr(e);
        }
    });
    found?;
    for s in stmts {
        for block in s.kind.blocks() {
            gate(block)?;
        }
    }
    Ok(())
}

/// Whether an update of `target` planned in complex64 is one code generation computes: of a
/// local, or of a view (a slice or fewer indices than axes; not an element, not through an index
/// array).
fn updates_in_c64(target: &Target, plan: Option<&BinaryPlan>) -> bool {
    if plan.is_none_or(|p| p.operands != Type::Scalar(Dtype::C64)) {
        return false;
    }
    match target {
        Target::Local(..) => true,
        Target::Index { base, indices, .. } => {
            let Type::Array(a) = base.ty else { return false };
            let view = indices.len() < a.ndim as usize || indices.iter().any(|i| matches!(i.kind, ExprKind::Slice(..)));
            view && !indices.iter().any(|i| matches!(i.ty, Type::Array(_)))
        }
        Target::Tuple(..) => false,
    }
}

fn target_c64(t: &Target) -> bool {
    match t {
        // Array locals are updated in place (`a += b`), which is refused for complex64.
        Target::Local(..) => false,
        Target::Index { base, .. } => holds_c64(&base.ty),
        Target::Tuple(items, _) => items.iter().any(target_c64),
    }
}

fn expr(e: &Expr) -> Result<(), Diagnostic> {
    let mut found = Ok(());
    e.for_each_child(|c| {
        if found.is_ok() {
            found = expr(c);
        }
    });
    found?;
    let mut touches = holds_c64(&e.ty);
    e.for_each_child(|c| touches |= holds_c64(&c.ty));
    if !touches || allowed(e) {
        return Ok(());
    }
    let what = match &e.kind {
        ExprKind::Binary(op, ..) => format!("`{}`", op.symbol()),
        ExprKind::Compare(..) => "this comparison".to_string(),
        ExprKind::Call(Callee::Numpy(f), ..) => format!("np.{f:?}").to_lowercase(),
        ExprKind::Call(Callee::Builtin(b), ..) => format!("{b:?}()").to_lowercase(),
        ExprKind::Call(Callee::Cmath(f), ..) => format!("{}()", f.name()),
        ExprKind::Call(Callee::ScalarCtor(d), ..) => format!("np.{d}()"),
        _ => "this operation".to_string(),
    };
    refuse(what, e.span)
}

/// The nodes code generation computes with complex64 operands or results.
fn allowed(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Const(_) | ExprKind::Local(_) | ExprKind::Tuple(_) | ExprKind::Dtype(_) | ExprKind::Decided(_) => true,
        ExprKind::Bound(_) | ExprKind::Captures(_) | ExprKind::MakeClosure(..) | ExprKind::TypeTest(..) => true,
        ExprKind::IfExp(cond, ..) => !holds_c64(&cond.ty),
        ExprKind::Attr(..) => true,
        // Elements and basic views: no array of indices.
        ExprKind::Index(_, idx) => !idx.iter().any(|i| matches!(i.ty, Type::Array(_))),
        ExprKind::Binary(op, ..) => matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Pow),
        ExprKind::Unary(op, _) => matches!(op, UnaryOp::Neg | UnaryOp::Pos),
        ExprKind::Compare(_, rest) => matches!(rest.as_slice(), [(CmpOp::Eq | CmpOp::NotEq | CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE | CmpOp::Is | CmpOp::IsNot, _)]),
        ExprKind::Call(callee, args, _) => match callee {
            Callee::Spec(..) | Callee::NamedTuple(..) => true,
            Callee::ScalarCtor(d) => d.is_complex(),
            Callee::Cmath(f) => matches!(f, CmathFn::Complex | CmathFn::Real | CmathFn::Imag | CmathFn::Conjugate),
            // `min`/`max` of complex64 scalars alone: NumPy's scalar order (`builtins.rs min_max`).
            Callee::Builtin(Builtin::Min | Builtin::Max) => args.len() > 1 && args.iter().all(|a| a.ty == Type::Scalar(Dtype::C64)),
            Callee::Builtin(b) => matches!(b, Builtin::Abs | Builtin::Len | Builtin::Enumerate | Builtin::Zip) && !args.iter().any(|a| matches!(a.ty, Type::List(_))),
            Callee::Numpy(f) => numpy_allowed(*f),
            _ => false,
        },
        _ => false,
    }
}

/// Refuses, while typing the call, a NumPy function of complex64 operands or with
/// `dtype=np.complex64` that `gate` would refuse (before its result type meets others).
pub(crate) fn refuse_numpy(f: NumpyFn, types: &[Type], explicit: Option<Dtype>, span: Span) -> Result<(), Diagnostic> {
    if (types.iter().any(holds_c64) || explicit == Some(Dtype::C64)) && !numpy_allowed(f) {
        let name = match f {
            NumpyFn::Ufunc(u) => crate::ufunc_rules::ufunc_name(u),
            NumpyFn::UfuncOut(u) => format!("{} with out=", crate::ufunc_rules::ufunc_name(u)),
            f => format!("{f:?}").to_lowercase(),
        };
        return refuse(format!("np.{name}"), span);
    }
    Ok(())
}

impl crate::function::FnCx<'_, '_, '_> {
    /// `np.add(a, b)` ... `np.divide`, `np.negative`, `np.positive` of complex64 operands, one an
    /// array, without `out`: the operator itself (`a + b` is NumPy's `np.add(a, b)`), which code
    /// generation computes as NumPy's complex64 loops do. Whether `e` was made so.
    pub(crate) fn c64_ufunc_as_operator(&mut self, e: &mut Expr) -> Result<bool, Diagnostic> {
        let ExprKind::Call(Callee::Numpy(NumpyFn::Ufunc(u)), args, kwargs) = &mut e.kind else { return Ok(false) };
        let unary = match u {
            Ufunc::Negative => Some(UnaryOp::Neg),
            Ufunc::Positive => Some(UnaryOp::Pos),
            _ => None,
        };
        let binary = matches!(u, Ufunc::Add | Ufunc::Subtract | Ufunc::Multiply | Ufunc::Divide);
        let arity = if unary.is_some() { 1 } else { 2 };
        if !(binary || unary.is_some()) || args.len() != arity || !kwargs.is_empty() {
            return Ok(false);
        }
        // With an array operand: of NumPy scalars alone the ufunc and the operator round
        // products differently (its array loop, its scalar arithmetic).
        let (mut c64, mut array) = (false, false);
        for a in args.iter_mut() {
            let t = self.expr(a)?;
            c64 |= holds_c64(&t);
            array |= matches!(t, Type::Array(_));
        }
        if !(c64 && array) {
            return Ok(false);
        }
        let mut args = std::mem::take(args).into_iter();
        let x = Box::new(args.next().expect("an operand"));
        e.kind = match unary {
            Some(op) => ExprKind::Unary(op, x),
            None => ExprKind::Binary(u.operator().expect("arithmetic ufuncs are operators"), x, Box::new(args.next().expect("two operands"))),
        };
        Ok(true)
    }
}

fn numpy_allowed(f: NumpyFn) -> bool {
    use NumpyFn::{Ascontiguousarray, Astype, Copy, DataAddress, Empty, EmptyLike, Full, FullLike, Ones, OnesLike, Ravel, Reshape, Transpose, Writeable, Zeros, ZerosLike};
    match f {
        Empty | Zeros | Ones | EmptyLike | ZerosLike | OnesLike | Full | FullLike | Copy | Astype | NumpyFn::Eye | NumpyFn::Identity => true,
        Transpose | Ravel | Reshape | Ascontiguousarray | DataAddress | Writeable => true,
        f if crate::complex::moves_elements(f) || crate::complex::ordered_or_reduced(f) => true,
        NumpyFn::Fill | NumpyFn::Restride | NumpyFn::Var | NumpyFn::Std | NumpyFn::Nanvar | NumpyFn::Nanstd | NumpyFn::Searchsorted | NumpyFn::Cumsum | NumpyFn::Diff => true,
        // Values taken as complex128, as NumPy converts them.
        NumpyFn::Interp => true,
        // `np.add(a, b, out=c)`: the result moved into `out`. NumPy picks its product and quotient
        // loops by the strides of `out` too, which hasten does not follow.
        NumpyFn::UfuncOut(u) => matches!(u, Ufunc::Add | Ufunc::Subtract | Ufunc::Negative | Ufunc::Positive) || (!matches!(u, Ufunc::Multiply | Ufunc::Divide) && numpy_allowed(NumpyFn::Ufunc(u))),
        NumpyFn::Ufunc(u) => matches!(
            u,
            Ufunc::Equal | Ufunc::NotEqual | Ufunc::Less | Ufunc::LessEqual | Ufunc::Greater | Ufunc::GreaterEqual | Ufunc::LogicalAnd | Ufunc::LogicalOr
                | Ufunc::LogicalXor | Ufunc::LogicalNot | Ufunc::Where | Ufunc::Maximum | Ufunc::Minimum | Ufunc::Fmax | Ufunc::Fmin
                | Ufunc::Abs | Ufunc::Isnan | Ufunc::Isinf | Ufunc::Isfinite | Ufunc::Exp | Ufunc::Log | Ufunc::Sqrt | Ufunc::Sin | Ufunc::Cos | Ufunc::Tan
                | Ufunc::Sinh | Ufunc::Cosh | Ufunc::Tanh | Ufunc::Arcsin | Ufunc::Arccos | Ufunc::Arctan | Ufunc::Arcsinh | Ufunc::Arccosh | Ufunc::Arctanh
                | Ufunc::Reciprocal | Ufunc::Square | Ufunc::Log10 | Ufunc::Log2 | Ufunc::Sign | Ufunc::Exp2 | Ufunc::Expm1 | Ufunc::Log1p | Ufunc::Rint
                | Ufunc::Power
        ),
        _ => false,
    }
}
