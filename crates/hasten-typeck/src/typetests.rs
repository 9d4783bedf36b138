//! What is decided from types alone: `isinstance(x, C)`, `type(x) is C` and `hasattr(x, "n")`
//! (`TypeTest`), and the truth of `x is None` for a typed `x`. A condition known this way prunes
//! the branch it rules out before that branch is typed, so `if b is None: ... else: a + b`
//! compiles for either type of `b` (an optional argument resolved per call type), as a branch on
//! a constant would run.

use crate::function::{FnCx, R};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, TupleType, Type};

impl FnCx<'_, '_, '_> {
    /// Decides a `TypeTest` and replaces it by the constant.
    pub(crate) fn type_test(&mut self, e: &mut Expr) -> R<Type> {
        let ExprKind::TypeTest(value, classes, kind) = &mut e.kind else { unreachable!("a type test") };
        let t = self.expr(value)?;
        if matches!(t, Type::Unknown | Type::Never) {
            return Ok(t);
        }
        if !crate::functions::pure(value) {
            return Err(Diagnostic::unsupported("isinstance(), type() and hasattr() of an expression with side effects are not supported; assign it to a variable first", value.span));
        }
        let truth = match (&*kind, &t) {
            // A named tuple's class adds its fields and methods to tuple's attributes.
            (TypeTestKind::HasAttr(name), Type::Tuple(TupleType { class: Some(class), .. })) => {
                classes.contains(&PyClass::Tuple) || class.field(name).is_some() || NAMED_TUPLE_ATTRIBUTES.contains(&name.as_str())
            }
            (TypeTestKind::HasAttr(_), _) if !has_class(&t) => {
                return Err(Diagnostic::unsupported(format!("hasattr() and getattr() with a default of a {t} value are not supported yet"), value.span));
            }
            _ => {
                let exact = *kind != TypeTestKind::Instance;
                classes.iter().any(|c| is_instance(&t, c.clone(), exact))
            }
        };
        e.kind = ExprKind::Decided(truth);
        Ok(Type::Bool)
    }

    /// Types `if`'s branches, only the live one when the condition is known: the other is
    /// emptied.
    pub(crate) fn branches(&mut self, cond: &Expr, then: &mut Vec<Stmt>, orelse: &mut Vec<Stmt>) -> R<()> {
        match static_truth(cond) {
            Some(true) => {
                orelse.clear();
                self.block(then)
            }
            Some(false) => {
                then.clear();
                self.block(orelse)
            }
            None => self.none_args_branches(then, orelse),
        }
    }
}

/// The truth of a typed condition where types alone decide it. A literal `True`/`False` is not
/// such a condition: what it rules out is still typed, as before type tests existed.
pub(crate) fn static_truth(e: &Expr) -> Option<bool> {
    match &e.kind {
        ExprKind::Decided(b) => Some(*b),
        ExprKind::Compare(l, rest) => match rest.as_slice() {
            [(op @ (CmpOp::Is | CmpOp::IsNot), r)] if ![&l.ty, &r.ty].iter().any(|t| matches!(t, Type::Unknown | Type::Never | Type::Optional(_))) => {
                let same = (l.ty == Type::None) == (r.ty == Type::None);
                Some(same == (*op == CmpOp::Is))
            }
            [(op @ (CmpOp::Eq | CmpOp::NotEq), Expr { kind: ExprKind::Const(Const::Str(b)), .. })] => match &l.kind {
                // A library function's constant string argument (`op == "add"`).
                ExprKind::Const(Const::Str(a)) => Some((a == b) == (*op == CmpOp::Eq)),
                _ => None,
            },
            [(op, r)] => static_int_compare(l, *op, r),
            _ => None,
        },
        ExprKind::Unary(UnaryOp::Not, x) => static_truth(x).map(|b| !b),
        ExprKind::Logical(op, values) => {
            let stop = *op == LogicalOp::Or;
            let truths: Vec<Option<bool>> = values.iter().map(static_truth).collect();
            if truths.contains(&Some(stop)) {
                Some(stop)
            } else if truths.iter().all(|t| *t == Some(!stop)) {
                Some(!stop)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// `j OP k` where each is an int or bool constant, the `ndim` of an array or the length of a tuple: the number of axes
/// is in the type, so code may branch on it and type only the live branch (the front end's
/// library functions do, and on their constant arguments).
fn static_int_compare(l: &Expr, op: CmpOp, r: &Expr) -> Option<bool> {
    let constant = |e: &Expr| match &e.kind {
        ExprKind::Const(Const::Int(k)) => Some(*k),
        ExprKind::Const(Const::Bool(b)) => Some(i64::from(*b)),
        ExprKind::Attr(a, Attr::Ndim) => match &a.ty {
            Type::Array(t) => Some(i64::from(t.ndim)),
            _ => None,
        },
        ExprKind::Call(Callee::Builtin(Builtin::Len), args, _) => match args.as_slice() {
            [Expr { ty: Type::Tuple(items), .. }] => Some(items.len() as i64),
            _ => None,
        },
        _ => None,
    };
    let (n, k) = (constant(l)?, constant(r)?);
    match op {
        CmpOp::Eq => Some(n == k),
        CmpOp::NotEq => Some(n != k),
        CmpOp::Lt => Some(n < k),
        CmpOp::LtE => Some(n <= k),
        CmpOp::Gt => Some(n > k),
        CmpOp::GtE => Some(n >= k),
        _ => None,
    }
}

/// Whether evaluating a condition `static_truth` decides has no effect, so it may be dropped.
pub(crate) fn pure_condition(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Const(_) | ExprKind::Decided(_) => true,
        ExprKind::Compare(l, rest) => pure_operand(l) && rest.iter().all(|(_, r)| pure_operand(r)),
        ExprKind::Unary(UnaryOp::Not, x) => pure_condition(x),
        ExprKind::Logical(_, values) => values.iter().all(pure_condition),
        _ => false,
    }
}

/// An operand without effects: `functions::pure`, or the number of axes of one.
fn pure_operand(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Attr(x, Attr::Ndim) => crate::functions::pure(x),
        ExprKind::Call(Callee::Builtin(Builtin::Len), args, _) if matches!(args.as_slice(), [Expr { ty: Type::Tuple(_), .. }]) => {
            crate::functions::pure(&args[0])
        }
        _ => crate::functions::pure(e),
    }
}

/// What `collections.namedtuple` adds to every class it makes, besides the fields.
const NAMED_TUPLE_ATTRIBUTES: &[&str] = &["_fields", "_field_defaults", "_asdict", "_replace", "_make"];

/// Whether `t`'s values are of one of the classes whose attributes the embedder lists for
/// `hasattr`.
fn has_class(t: &Type) -> bool {
    matches!(t, Type::Bool | Type::Int | Type::Float | Type::Complex | Type::Str | Type::Tuple(_) | Type::List(_) | Type::Dict(..) | Type::Set(_) | Type::Array(_) | Type::Scalar(_))
}

/// `isinstance(x, class)` (or with `exact`, `type(x) is class`) for a value of type `t`.
fn is_instance(t: &Type, class: PyClass, exact: bool) -> bool {
    use hasten_ir::Dtype;
    let sub = !exact;
    match (t, class) {
        (Type::Bool, PyClass::Bool) | (Type::Int, PyClass::Int) | (Type::Float, PyClass::Float) => true,
        // bool subclasses int, np.float64 subclasses float.
        (Type::Bool, PyClass::Int) => sub,
        (Type::Scalar(Dtype::F64), PyClass::Float) => sub,
        (Type::Str, PyClass::Str) | (Type::Complex, PyClass::Complex) => true,
        (Type::Scalar(Dtype::C128), PyClass::Complex) => sub,
        (Type::Scalar(d), PyClass::Scalar(c)) => d == &c,
        (Type::Scalar(_), PyClass::Generic) => sub,
        (Type::Scalar(d), PyClass::Number) => sub && *d != Dtype::Bool,
        (Type::Scalar(d), PyClass::Integer) => sub && d.is_int(),
        (Type::Scalar(d), PyClass::SignedInteger) => sub && d.is_signed(),
        (Type::Scalar(d), PyClass::UnsignedInteger) => sub && d.is_unsigned(),
        (Type::Scalar(d), PyClass::Floating) => sub && d.is_float(),
        (Type::Scalar(d), PyClass::ComplexFloating) => sub && d.is_complex(),
        (Type::Scalar(d), PyClass::Inexact) => sub && (d.is_float() || d.is_complex()),
        (Type::Array(_), PyClass::Ndarray) => true,
        // A named tuple's class subclasses tuple.
        (Type::Tuple(t), PyClass::Tuple) => sub || t.class.is_none(),
        (Type::Tuple(t), PyClass::Named(c)) => t.class.as_ref() == Some(&c),
        (Type::List(_), PyClass::List) | (Type::Dict(..), PyClass::Dict) | (Type::Set(_), PyClass::Set) => true,
        _ => false,
    }
}
