//! NumPy's type resolution for the ufuncs that are neither Python operators nor the first few
//! (`sqrt`, `minimum`, `where`, …, in `rules::ufunc_dtype`): the dtype each computes its result in,
//! or NumPy's error for operand types it has no loop for.

use crate::rules::{binary, common};
use hasten_ir::hir::{BinOp, BinaryPlan, Ufunc};
use hasten_ir::{Dtype, Type};

/// The float dtype NumPy's loops of a float function (`sin`, `hypot`) pick for operands whose common
/// type is `t`: float32 stays, int16 and uint16 compute in float32, the 8-bit types and bool in
/// float16 (which hasten refuses), everything else in float64.
pub fn float_loop(u: Ufunc, t: &Type) -> Result<Dtype, String> {
    float_loop_of(&ufunc_name(u), t)
}

/// `float_loop` of the ufunc named `name`.
pub fn float_loop_of(name: &str, t: &Type) -> Result<Dtype, String> {
    Ok(match t {
        Type::Scalar(Dtype::F32) => Dtype::F32,
        Type::Bool | Type::Scalar(Dtype::I8 | Dtype::U8 | Dtype::Bool) => {
            return Err(format!("np.{name} of {} {FLOAT16}", t.value_dtype()));
        }
        Type::Scalar(Dtype::I16 | Dtype::U16) => Dtype::F32,
        _ => Dtype::F64,
    })
}

/// The end of the message of a loop NumPy runs in float16, a dtype hasten lacks.
const FLOAT16: &str = "gives float16, which hasten does not support yet";

/// The diagnostic of a message of these rules: NumPy's TypeError as a `TypingError`, a float16
/// loop as the missing feature it is.
pub(crate) fn diagnostic(m: String, span: hasten_ir::Span) -> hasten_ir::Diagnostic {
    if m.ends_with(FLOAT16) {
        hasten_ir::Diagnostic::unsupported(m, span)
    } else {
        hasten_ir::Diagnostic::typing(m, span)
    }
}

/// NumPy's name of a ufunc (`LogicalAnd` is `logical_and`), for messages.
pub fn ufunc_name(u: Ufunc) -> String {
    let mut name = String::new();
    for (k, c) in format!("{u:?}").chars().enumerate() {
        if c.is_ascii_uppercase() && k > 0 {
            name.push('_');
        }
        name.push(c.to_ascii_lowercase());
    }
    match name.as_str() {
        "abs" => "absolute".into(),
        _ => name,
    }
}

fn no_loop(u: Ufunc, d: Dtype) -> String {
    let class = match d {
        Dtype::Bool => "Bool",
        Dtype::F32 => "Float32",
        Dtype::F64 => "Float64",
        d if d.is_signed() => return format!("ufunc '{}' did not contain a loop with signature matching types <class 'numpy.dtypes.Int{}DType'> -> None", ufunc_name(u), d.itemsize() * 8),
        d => return format!("ufunc '{}' did not contain a loop with signature matching types <class 'numpy.dtypes.UInt{}DType'> -> None", ufunc_name(u), d.itemsize() * 8),
    };
    format!("ufunc '{}' did not contain a loop with signature matching types <class 'numpy.dtypes.{class}DType'> -> None", ufunc_name(u))
}

pub(crate) fn not_supported(u: Ufunc) -> String {
    format!(
        "ufunc '{}' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''",
        ufunc_name(u)
    )
}

/// The common type of two operands (Python numbers weak under NEP 50; two Python numbers as the
/// NumPy scalars they become).
pub fn operands_common(elems: &[Type]) -> Result<Type, String> {
    let both_python = elems.iter().all(|t| !matches!(t, Type::Scalar(_)));
    let numpy = |t: &Type| if both_python { Type::Scalar(t.value_dtype()) } else { t.clone() };
    common(&numpy(&elems[0]), &numpy(&elems[1])).ok_or_else(|| format!("cannot combine {} and {}", elems[0], elems[1]))
}

/// The result dtype of one of this file's ufuncs; `None` for the others.
pub fn more_ufunc_dtype(u: Ufunc, elems: &[Type]) -> Option<Result<Dtype, String>> {
    use Ufunc::*;
    let d0 = elems[0].value_dtype();
    Some(match u {
        Tan | Arcsin | Arccos | Arctan | Sinh | Cosh | Tanh | Arcsinh | Arccosh | Arctanh | Log2 | Log10 | Log1p | Expm1 | Exp2 | Cbrt | Fabs | Deg2rad | Rad2deg => {
            float_loop(u, &elems[0])
        }
        Rint if d0.is_float() => Ok(d0),
        Rint => float_loop(u, &elems[0]),
        // NumPy 2 keeps integers (and bools) as they are.
        Floor | Ceil | Trunc => Ok(d0),
        Reciprocal if d0 == Dtype::Bool => Ok(Dtype::I8),
        Reciprocal => Ok(d0),
        Sign | Positive if d0 == Dtype::Bool => Err(no_loop(u, d0)),
        Sign | Positive => Ok(d0),
        Invert if d0.is_float() => Err(not_supported(u)),
        Invert => Ok(d0),
        Isinf | Isfinite | Signbit | Isposinf | Isneginf | LogicalNot | LogicalAnd | LogicalOr | LogicalXor => Ok(Dtype::Bool),
        Greater | GreaterEqual | Less | LessEqual | Equal | NotEqual => operands_common(elems).map(|_| Dtype::Bool),
        Arctan2 | Hypot | Copysign | Heaviside => operands_common(elems).and_then(|t| float_loop(u, &t)),
        Fmod => operands_common(elems).map(|t| match t.value_dtype() {
            Dtype::Bool => Dtype::I8,
            d => d,
        }),
        Fmin | Fmax => operands_common(elems).map(|t| t.value_dtype()),
        Isclose => isclose_types(elems).map(|_| Dtype::Bool),
        Round if d0 == Dtype::Bool => Err(no_loop(u, d0)),
        Round if !elems[1].is_intlike() => Err(format!("decimals must be an integer, not {}", elems[1])),
        Round => Ok(d0),
        Logaddexp | Logaddexp2 | Nextafter => operands_common(elems).and_then(|t| float_loop(u, &t)),
        Spacing => float_loop(u, &elems[0]),
        // NumPy's loops take a C int or long exponent: a float one has no loop.
        Ldexp if !elems[1].is_intlike() || elems[1].value_dtype() == Dtype::U64 => Err(not_supported(u)),
        Ldexp => float_loop(u, &elems[0]),
        // Integer loops only (bools have none).
        Gcd | Lcm => operands_common(elems).and_then(|t| match t.value_dtype() {
            d if d.is_int() => Ok(d),
            _ => Err(not_supported(u)),
        }),
        _ => return None,
    })
}

/// The types of NumPy's `isclose(x, y, rtol, atol)`, which computes
/// `less_equal(abs(x - y), atol + rtol * abs(y)) & isfinite(y) | (x == y)` after making `y` a float
/// (a float32 stays, any other dtype becomes float64, a Python number a Python float).
pub struct IscloseTypes {
    pub y: Type,
    pub sub: BinaryPlan,
    pub mul: BinaryPlan,
    pub add: BinaryPlan,
    /// The type `less_equal` compares in.
    pub le: Type,
    /// The type `x == y` compares in.
    pub eq: Type,
}

pub fn isclose_types(elems: &[Type]) -> Result<IscloseTypes, String> {
    let (x, rtol, atol) = (&elems[0], &elems[2], &elems[3]);
    let y = match &elems[1] {
        Type::Scalar(Dtype::F32) => Type::Scalar(Dtype::F32),
        Type::Scalar(_) => Type::Scalar(Dtype::F64),
        _ => Type::Float,
    };
    let sub = binary(BinOp::Sub, x, &y, false)?;
    let mul = binary(BinOp::Mul, rtol, &y, false)?;
    let add = binary(BinOp::Add, atol, &mul.result, false)?;
    let le = operands_common(&[sub.result.clone(), add.result.clone()])?;
    let eq = common(x, &y).ok_or_else(|| format!("cannot compare {x} with {y}"))?;
    Ok(IscloseTypes { y, sub, mul, add, le, eq })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_functions_follow_numpys_loops() {
        let i16 = Type::Scalar(Dtype::I16);
        assert_eq!(more_ufunc_dtype(Ufunc::Tan, &[i16]), Some(Ok(Dtype::F32)));
        assert_eq!(more_ufunc_dtype(Ufunc::Arctan2, &[Type::Scalar(Dtype::I16), Type::Int]), Some(Ok(Dtype::F32)));
        assert_eq!(more_ufunc_dtype(Ufunc::Hypot, &[Type::Int, Type::Int]), Some(Ok(Dtype::F64)));
        assert!(more_ufunc_dtype(Ufunc::Cbrt, &[Type::Scalar(Dtype::U8)]).unwrap().is_err());
        assert_eq!(more_ufunc_dtype(Ufunc::Fmod, &[Type::Scalar(Dtype::Bool), Type::Scalar(Dtype::Bool)]), Some(Ok(Dtype::I8)));
        assert_eq!(more_ufunc_dtype(Ufunc::Floor, &[Type::Scalar(Dtype::U16)]), Some(Ok(Dtype::U16)));
        assert_eq!(more_ufunc_dtype(Ufunc::Add, &[Type::Int, Type::Int]), None);
    }

    #[test]
    fn names_are_numpys() {
        assert_eq!(ufunc_name(Ufunc::LogicalAnd), "logical_and");
        assert_eq!(ufunc_name(Ufunc::Deg2rad), "deg2rad");
        assert_eq!(ufunc_name(Ufunc::Arctan2), "arctan2");
        assert_eq!(ufunc_name(Ufunc::Abs), "absolute");
    }
}
