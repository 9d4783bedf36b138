//! Complex numbers in the front end: imaginary literals, the `cmath` module's names, and the
//! attributes and method of complex values, all as `Callee::Cmath` calls.

use crate::entity::{Callable, Entity};
use crate::Result;
use hasten_ir::complex::CmathFn;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span};

fn float(v: f64, sp: Span) -> Expr {
    Expr::new(ExprKind::Const(Const::Float(v)), sp)
}

/// `complex(re, im)` of two float constants: what the literal `3j` (`re` 0.0) and `cmath.infj` are.
pub(crate) fn complex_const(re: f64, im: f64, sp: Span) -> Expr {
    Expr::new(ExprKind::Call(Callee::Cmath(CmathFn::Complex), vec![float(re, sp), float(im, sp)], Vec::new()), sp)
}

/// `cmath.attr`, also reached by `from cmath import attr`.
pub(crate) fn cmath_attr(attr: &str, sp: Span) -> Result<Entity> {
    let value = |e| Ok(Entity::Value(e));
    match attr {
        "pi" => value(float(std::f64::consts::PI, sp)),
        "e" => value(float(std::f64::consts::E, sp)),
        "tau" => value(float(std::f64::consts::TAU, sp)),
        "inf" => value(float(f64::INFINITY, sp)),
        "nan" => value(float(f64::NAN, sp)),
        "infj" => value(complex_const(0.0, f64::INFINITY, sp)),
        "nanj" => value(complex_const(0.0, f64::NAN, sp)),
        _ => match CmathFn::from_name(attr) {
            Some(f) => Ok(Entity::Callable(Callable::Callee(Callee::Cmath(f)))),
            None => Err(Diagnostic::unsupported(format!("cmath.{attr} is not supported"), sp)),
        },
    }
}

/// `x.real` / `x.imag`: a call with the value as its argument; other attributes hand `base` back.
pub(crate) fn part_attr(attr: &str, base: Expr, sp: Span) -> std::result::Result<Expr, Expr> {
    let f = match attr {
        "real" => CmathFn::Real,
        "imag" => CmathFn::Imag,
        _ => return Err(base),
    };
    Ok(Expr::new(ExprKind::Call(Callee::Cmath(f), vec![base], Vec::new()), sp))
}
