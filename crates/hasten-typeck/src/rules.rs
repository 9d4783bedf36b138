//! Typing rules for operators, shared by the type checker and code generation so that both agree on
//! the type an operation computes in.
//!
//! Python scalars follow Python (bool < int < float). Once a NumPy scalar takes part, NEP 50 applies:
//! Python scalars are "weak" and adopt the NumPy dtype when their kind allows it.

use hasten_ir::hir::{BinOp, BinaryPlan, Reduction, Ufunc};
use hasten_ir::{ArrayType, Diagnostic, Dtype, Span, Type};

fn py_rank(t: &Type) -> Option<u8> {
    match t {
        Type::Bool => Some(0),
        Type::Int => Some(1),
        Type::Float => Some(2),
        Type::Complex => Some(3),
        _ => None,
    }
}

/// NEP 50 promotion when at least one operand is a NumPy scalar.
pub fn numpy_promote(l: &Type, r: &Type) -> Option<Dtype> {
    let weak = |d: Dtype, py: &Type| match py {
        Type::Bool => Some(d),
        Type::Int => Some(if d == Dtype::Bool { Dtype::I64 } else { d }),
        Type::Float => Some(if d.is_float() || d.is_complex() { d } else { Dtype::F64 }),
        // A Python complex keeps a complex dtype and widens float32 to complex64.
        Type::Complex => Some(match d {
            d if d.is_complex() => d,
            Dtype::F32 => Dtype::C64,
            _ => Dtype::C128,
        }),
        _ => None,
    };
    match (l, r) {
        (Type::Scalar(a), Type::Scalar(b)) => Some(Dtype::promote(*a, *b)),
        (Type::Scalar(d), py) | (py, Type::Scalar(d)) => weak(*d, py),
        _ => None,
    }
}

/// The type both operands are converted to before an arithmetic or comparison operation.
pub fn common(l: &Type, r: &Type) -> Option<Type> {
    if let (Some(a), Some(b)) = (py_rank(l), py_rank(r)) {
        return Some(match a.max(b) {
            0 => Type::Bool,
            1 => Type::Int,
            2 => Type::Float,
            _ => Type::Complex,
        });
    }
    numpy_promote(l, r).map(Dtype::item)
}


/// `common` for `l op r` in this order: a Python complex before an np.float64 (a subclass of
/// float, which `complex.__mul__`... take) computes as Python's complex; the other way round, and
/// with other NumPy scalars, NumPy's reflected operator does (NEP 50).
pub fn common_ordered(l: &Type, r: &Type) -> Option<Type> {
    if *l == Type::Complex && *r == Type::Scalar(Dtype::F64) {
        return Some(Type::Complex);
    }
    common(l, r)
}

/// `exponent_negative_const` tells whether the right operand of `**` is a negative integer
/// constant, which makes Python's `int ** int` a float.
pub fn binary(op: BinOp, l: &Type, r: &Type, exponent_negative_const: bool) -> Result<BinaryPlan, String> {
    let fail = || Err(format!("unsupported operand types for {}: {l} and {r}", op.symbol()));
    let Some(c) = common_ordered(l, r) else { return fail() };
    let plan = |operands: Type, result: Type| Ok(BinaryPlan { operands, result });
    match (&c, op) {
        (Type::Scalar(d), BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Pow) if d.is_complex() => plan(c.clone(), c.clone()),
        (Type::Scalar(d), _) if d.is_complex() => fail(),
        (Type::Scalar(d), _) => {
            let d = *d;
            match op {
                BinOp::Div => {
                    let rd = if d.is_float() { d } else { Dtype::F64 };
                    plan(Type::Scalar(rd), Type::Scalar(rd))
                }
                BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor if d == Dtype::Bool => plan(c.clone(), c.clone()),
                // NumPy shifts booleans as int8.
                BinOp::LShift | BinOp::RShift if d == Dtype::Bool => plan(Type::Scalar(Dtype::I8), Type::Scalar(Dtype::I8)),
                BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor | BinOp::LShift | BinOp::RShift => {
                    if d.is_int() {
                        plan(c.clone(), c.clone())
                    } else {
                        fail()
                    }
                }
                // NumPy: `+` and `*` on booleans are `or` and `and`; `//`, `%` and `**` compute in int8.
                BinOp::Add | BinOp::Mul if d == Dtype::Bool => plan(c.clone(), c.clone()),
                BinOp::FloorDiv | BinOp::Mod | BinOp::Pow if d == Dtype::Bool => {
                    plan(Type::Scalar(Dtype::I8), Type::Scalar(Dtype::I8))
                }
                _ if d == Dtype::Bool => Err(format!(
                    "numpy boolean {} is not supported; use the bitwise_xor, the `^` operator, or the logical_xor function instead",
                    op.symbol()
                )),
                _ => plan(c.clone(), c.clone()),
            }
        }
        (Type::Complex, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Pow) => plan(Type::Complex, Type::Complex),
        (Type::Complex, _) => fail(),
        (Type::Float, BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor | BinOp::LShift | BinOp::RShift) => fail(),
        (Type::Bool, BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor) => plan(Type::Bool, Type::Bool),
        (_, BinOp::Div) => plan(Type::Float, Type::Float),
        (Type::Bool | Type::Int, BinOp::Pow) if exponent_negative_const => plan(Type::Float, Type::Float),
        (Type::Bool | Type::Int, _) => plan(Type::Int, Type::Int),
        (Type::Float, _) => plan(Type::Float, Type::Float),
        _ => fail(),
    }
}

/// The number of dimensions of an element-wise operation on `l` and `r` when at least one is an
/// array and the other an array or a number; `None` otherwise.
pub fn array_operands(l: &Type, r: &Type) -> Option<u8> {
    let ndim = |t: &Type| match t {
        Type::Array(a) => Some(Some(a.ndim)),
        t if t.is_numeric_scalar() || t.is_c128() => Some(None),
        _ => None,
    };
    match (ndim(l)?, ndim(r)?) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or(0).max(b.unwrap_or(0))),
    }
}

/// The result dtype of a whole-array reduction over elements of dtype `d`.
pub fn reduction_dtype(r: Reduction, d: Dtype) -> Dtype {
    use Dtype::*;
    match r {
        Reduction::Sum | Reduction::Prod | Reduction::Nansum => match d {
            Bool | I8 | I16 | I32 => I64,
            U8 | U16 | U32 => U64,
            d => d,
        },
        Reduction::Min | Reduction::Max | Reduction::Nanmin | Reduction::Nanmax => d,
        Reduction::Mean | Reduction::Nanmean => {
            if d == F32 {
                F32
            } else {
                F64
            }
        }
        Reduction::Argmin | Reduction::Argmax | Reduction::Nanargmin | Reduction::Nanargmax | Reduction::CountNonzero => I64,
        Reduction::Any | Reduction::All => Bool,
    }
}

/// The result dtype of a ufunc on operands with these element types (NumPy's type resolution).
pub fn ufunc_dtype(u: Ufunc, elems: &[Type]) -> Result<Dtype, String> {
    use Dtype::*;
    if elems.contains(&Type::Scalar(Dtype::C64)) {
        return crate::complex::ufunc_dtype(u).map(|d| if d == Dtype::C128 { Dtype::C64 } else if d == Dtype::F64 { Dtype::F32 } else { d });
    }
    if elems.iter().any(Type::is_c128) {
        return crate::complex::ufunc_dtype(u);
    }
    if let Some(d) = crate::ufunc_rules::more_ufunc_dtype(u, elems) {
        return d;
    }
    let d0 = elems[0].value_dtype();
    Ok(match u {
        Ufunc::Sqrt | Ufunc::Exp | Ufunc::Log | Ufunc::Sin | Ufunc::Cos => crate::ufunc_rules::float_loop(u, &elems[0])?,
        Ufunc::Abs => d0,
        Ufunc::Square => {
            if d0 == Bool {
                I8
            } else {
                d0
            }
        }
        Ufunc::Negative => {
            if d0 == Bool {
                return Err("the numpy negative operator on a boolean is not supported; use ~ or logical_not".into());
            }
            d0
        }
        Ufunc::Isnan => Bool,
        Ufunc::Minimum | Ufunc::Maximum => {
            common(&elems[0], &elems[1]).ok_or_else(|| format!("cannot combine {} and {}", elems[0], elems[1]))?.value_dtype()
        }
        Ufunc::Clip => common(&elems[0], &elems[1])
            .and_then(|t| common(&t, &elems[2]))
            .ok_or_else(|| format!("cannot combine {}, {} and {}", elems[0], elems[1], elems[2]))?
            .value_dtype(),
        Ufunc::Where => common(&elems[1], &elems[2]).ok_or_else(|| format!("cannot combine {} and {}", elems[1], elems[2]))?.value_dtype(),
        _ => ufunc_operator(u, elems)?.expect("arithmetic ufuncs are operators").result.value_dtype(),
    })
}

/// Unifies the types a variable takes in different places (numba's rule: int and float give float).
pub fn unify(a: &Type, b: &Type) -> Option<Type> {
    match (a, b) {
        (Type::Unknown | Type::Never, x) | (x, Type::Unknown | Type::Never) => Some(x.clone()),
        _ if a == b => Some(a.clone()),
        (Type::Scalar(d), py) | (py, Type::Scalar(d)) if py_rank(py).is_some() => {
            let keeps = match py {
                Type::Float => d.is_float() || d.is_complex(),
                Type::Int => *d != Dtype::Bool,
                Type::Complex => false,
                _ => true,
            };
            Some(if keeps { *d } else { Dtype::promote(*d, py.value_dtype()) }.item())
        }
        (Type::Scalar(x), Type::Scalar(y)) => Some(Dtype::promote(*x, *y).item()),
        // A dict of lists whose items are not known yet takes the item type found later
        // (`d.setdefault(k, []).append(x)`).
        (Type::Dict(xk, xv), Type::Dict(yk, yv)) if xk == yk && matches!((&**xv, &**yv), (Type::List(_), Type::List(_))) => {
            Some(Type::Dict(xk.clone(), Box::new(unify(xv, yv)?)))
        }
        // A list's items keep one type: only a list whose item type is not known yet unifies.
        (Type::Set(x), Type::Set(y)) | (Type::Dict(x, _), Type::Dict(y, _)) => match (&**x, &**y) {
            (Type::Unknown, _) => Some(b.clone()),
            (_, Type::Unknown) => Some(a.clone()),
            _ => None,
        },
        (Type::List(x), Type::List(y)) => match (&**x, &**y) {
            (Type::Unknown, _) => Some(b.clone()),
            (_, Type::Unknown) => Some(a.clone()),
            // So do the items of a list of lists (`adj = [[] for _ in range(n)]`, `adj[u].append(v)`).
            (Type::List(_), Type::List(_)) => Some(Type::List(Box::new(unify(x, y)?))),
            _ => None,
        },
        (Type::Tuple(xs), Type::Tuple(ys)) if xs.len() == ys.len() && xs.class == ys.class => {
            let items = xs.iter().zip(ys).map(|(x, y)| unify(x, y)).collect::<Option<_>>()?;
            Some(Type::Tuple(hasten_ir::TupleType { items, class: xs.class.clone() }))
        }
        (Type::Array(x), Type::Array(y)) if x.dtype == y.dtype && x.ndim == y.ndim => {
            let mut t = *x;
            if x.layout != y.layout {
                t.layout = hasten_ir::Layout::A;
            }
            t.readonly |= y.readonly;
            Some(Type::Array(t))
        }
        _ => common(a, b).filter(|_| py_rank(a).is_some() && py_rank(b).is_some()),
    }
}


/// NumPy's rule for `a op= value` on an array: the operation's result must cast back to the array's
/// dtype under `same_kind` casting (no float into an int array, no signed into unsigned). Gives the
/// plan of the operation on one element.
pub(crate) fn in_place_check(op: BinOp, a: &ArrayType, value: &Type, negative: bool, span: Span) -> Result<BinaryPlan, Diagnostic> {
    if !(value.is_numeric_scalar() || matches!(value, Type::Array(_))) {
        return Err(Diagnostic::typing(format!("unsupported operand types for {}=: {} and {value}", op.symbol(), Type::Array(*a)), span));
    }
    if let Type::Array(v) = value {
        if v.ndim > a.ndim {
            return Err(Diagnostic::unsupported(format!("updating a {}-d array with a {}-d one is not supported", a.ndim, v.ndim), span));
        }
    }
    let plan = binary(op, &Type::Scalar(a.dtype), &value.element(), negative).map_err(|m| Diagnostic::typing(m, span))?;
    let from = plan.result.value_dtype();
    if same_kind_rank(from) > same_kind_rank(a.dtype) {
        return Err(Diagnostic::typing(
            format!("Cannot cast ufunc '{}' output from dtype('{from}') to dtype('{}') with casting rule 'same_kind'", ufunc_name(op), a.dtype),
            span,
        ));
    }
    Ok(plan)
}

/// `same_kind` casting allows casts to the same or a later kind: bool, unsigned, signed, float.
pub(crate) fn same_kind_rank(d: Dtype) -> u8 {
    match d {
        Dtype::Bool => 0,
        d if d.is_unsigned() => 1,
        d if d.is_signed() => 2,
        d if d.is_complex() => 4,
        _ => 3,
    }
}

fn ufunc_name(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "add",
        BinOp::Sub => "subtract",
        BinOp::Mul => "multiply",
        BinOp::Div => "divide",
        BinOp::FloorDiv => "floor_divide",
        BinOp::Mod => "remainder",
        BinOp::Pow => "power",
        BinOp::BitAnd => "bitwise_and",
        BinOp::BitOr => "bitwise_or",
        BinOp::BitXor => "bitwise_xor",
        BinOp::LShift => "left_shift",
        BinOp::RShift => "right_shift",
    }
}

/// The plan of the operator a ufunc applies (`np.add`, `np.power`, …) on its operands' element
/// types, `None` for a ufunc that is no operator. Python numbers stand for the NumPy scalars they
/// become when both operands are Python numbers (`np.add(1, 2)` is int64 arithmetic).
pub fn ufunc_operator(u: Ufunc, elems: &[Type]) -> Result<Option<BinaryPlan>, String> {
    if u.comparison().is_some() {
        let operands = crate::ufunc_rules::operands_common(elems)?;
        return Ok(Some(BinaryPlan { operands, result: Type::Scalar(Dtype::Bool) }));
    }
    let Some(op) = u.operator() else { return Ok(None) };
    if elems.iter().any(Type::is_c128) {
        // NumPy's complex128 loop: both operands cast to complex first.
        return binary(op, &Type::Complex, &Type::Complex, false).map(Some);
    }
    let both_python = elems.iter().all(|t| !matches!(t, Type::Scalar(_)));
    let numpy = |t: &Type| if both_python { Type::Scalar(t.value_dtype()) } else { t.clone() };
    binary(op, &numpy(&elems[0]), &numpy(&elems[1]), false).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_scalars_follow_python() {
        assert_eq!(binary(BinOp::Div, &Type::Int, &Type::Int, false).unwrap().result, Type::Float);
        assert_eq!(binary(BinOp::Add, &Type::Bool, &Type::Bool, false).unwrap().result, Type::Int);
        assert_eq!(binary(BinOp::BitOr, &Type::Bool, &Type::Bool, false).unwrap().result, Type::Bool);
        assert_eq!(binary(BinOp::Pow, &Type::Int, &Type::Int, true).unwrap().result, Type::Float);
        assert!(binary(BinOp::BitAnd, &Type::Float, &Type::Int, false).is_err());
    }

    #[test]
    fn numpy_scalars_follow_nep50() {
        let f32 = Type::Scalar(Dtype::F32);
        assert_eq!(binary(BinOp::Add, &f32, &Type::Float, false).unwrap().result, f32);
        let i8 = Type::Scalar(Dtype::I8);
        assert_eq!(binary(BinOp::Mul, &i8, &Type::Int, false).unwrap().result, i8);
        assert_eq!(binary(BinOp::Div, &i8, &Type::Int, false).unwrap().result, Type::Scalar(Dtype::F64));
        assert_eq!(binary(BinOp::Add, &i8, &Type::Float, false).unwrap().result, Type::Scalar(Dtype::F64));
    }

    #[test]
    fn complex_beside_numpy_scalars_follows_nep50_and_python_order() {
        let c128 = Type::Scalar(Dtype::C128);
        assert_eq!(common(&Type::Complex, &Type::Scalar(Dtype::I8)), Some(c128.clone()));
        assert_eq!(common(&Type::Complex, &Type::Scalar(Dtype::F32)), Some(Type::Scalar(Dtype::C64)));
        // `complex.__mul__` takes an np.float64 (a float subclass) before NumPy can.
        assert_eq!(common_ordered(&Type::Complex, &Type::Scalar(Dtype::F64)), Some(Type::Complex));
        assert_eq!(common_ordered(&Type::Scalar(Dtype::F64), &Type::Complex), Some(c128.clone()));
        assert_eq!(binary(BinOp::Div, &c128, &Type::Float, false).unwrap().result, c128);
        assert!(binary(BinOp::FloorDiv, &c128, &Type::Float, false).is_err());
        assert_eq!(unify(&Type::Complex, &c128), Some(c128));
    }

    #[test]
    fn unification_widens_int_to_float_and_rejects_arrays_with_scalars() {
        assert_eq!(unify(&Type::Int, &Type::Float), Some(Type::Float));
        assert_eq!(unify(&Type::Bool, &Type::Int), Some(Type::Int));
        assert_eq!(unify(&Type::Int, &Type::array(Dtype::F64, 1)), None);
        assert_eq!(unify(&Type::Float, &Type::Scalar(Dtype::F32)), Some(Type::Scalar(Dtype::F32)));
        assert_eq!(unify(&Type::None, &Type::Int), None);
    }
}
