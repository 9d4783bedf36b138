//! `np.finfo(dtype).attr` and `np.iinfo(dtype).attr`: the machine limits of a dtype named in the
//! call, folded to constants (NumPy scalars of the float dtype for finfo's floats, Python ints for
//! the rest, as NumPy gives them). The info objects themselves are not values in compiled code.

use crate::entity::{Callable, Entity};
use crate::lowerer::Lowerer;
use crate::{spanned, Result};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Dtype, Span};
use ruff_python_ast as ast;

impl Lowerer<'_> {
    /// `info.attr` where `info` is `np.finfo(...)`/`np.iinfo(...)`, or None for any other base.
    pub(crate) fn info_attr(&mut self, a: &ast::ExprAttribute, sp: Span) -> Result<Option<Entity>> {
        let ast::Expr::Call(c) = a.value.as_ref() else { return Ok(None) };
        let Ok(Entity::Callable(Callable::Info(float))) = self.entity(&c.func) else { return Ok(None) };
        let name = if float { "finfo" } else { "iinfo" };
        let ([arg], []) = (&c.arguments.args[..], &c.arguments.keywords[..]) else {
            return Err(Diagnostic::typing(format!("np.{name}() takes one argument, a dtype"), spanned(c)));
        };
        let d = match self.entity(arg)? {
            Entity::Callable(Callable::Callee(Callee::ScalarCtor(d))) => d,
            Entity::Callable(Callable::Callee(Callee::Builtin(Builtin::Float))) => Dtype::F64,
            Entity::Callable(Callable::Callee(Callee::Builtin(Builtin::Int))) => Dtype::I64,
            Entity::Value(Expr { kind: ExprKind::Const(Const::Str(s)), .. }) if Dtype::from_name(&s).is_some() => Dtype::from_name(&s).expect("checked"),
            _ => return Err(Diagnostic::unsupported(format!("np.{name}() is supported on a dtype named in the call (np.float32, 'int8')"), spanned(arg))),
        };
        let attr = a.attr.id.as_str();
        let value = if float { finfo(d, attr, sp)? } else { iinfo(d, attr, sp)? };
        Ok(Some(Entity::Value(value)))
    }
}

fn int(k: i64, sp: Span) -> Expr {
    Expr::new(ExprKind::Const(Const::Int(k)), sp)
}

fn finfo(d: Dtype, attr: &str, sp: Span) -> Result<Expr> {
    let single = match d {
        Dtype::F32 => true,
        Dtype::F64 => false,
        _ => return Err(Diagnostic::typing(format!("data type <class 'numpy.{d}'> not inexact"), sp)),
    };
    let pick = |s: f64, dbl: f64| if single { s } else { dbl };
    let x = match attr {
        "bits" => return Ok(int(if single { 32 } else { 64 }, sp)),
        "precision" => return Ok(int(if single { 6 } else { 15 }, sp)),
        "nmant" => return Ok(int(if single { 23 } else { 52 }, sp)),
        "nexp" | "iexp" => return Ok(int(if single { 8 } else { 11 }, sp)),
        "maxexp" => return Ok(int(if single { 128 } else { 1024 }, sp)),
        "minexp" => return Ok(int(if single { -126 } else { -1022 }, sp)),
        "machep" => return Ok(int(if single { -23 } else { -52 }, sp)),
        "negep" => return Ok(int(if single { -24 } else { -53 }, sp)),
        "eps" => pick(f64::from(f32::EPSILON), f64::EPSILON),
        "epsneg" => pick(f64::from(f32::EPSILON) / 2.0, f64::EPSILON / 2.0),
        "max" => pick(f64::from(f32::MAX), f64::MAX),
        "min" => pick(f64::from(f32::MIN), f64::MIN),
        "tiny" | "smallest_normal" => pick(f64::from(f32::MIN_POSITIVE), f64::MIN_POSITIVE),
        "smallest_subnormal" => pick(f64::from(f32::from_bits(1)), f64::from_bits(1)),
        "resolution" => pick(f64::from(1e-6f32), 1e-15),
        _ => return Err(Diagnostic::unsupported(format!("np.finfo(...).{attr} is not supported"), sp)),
    };
    let c = Expr::new(ExprKind::Const(Const::Float(x)), sp);
    Ok(Expr::new(ExprKind::Call(Callee::ScalarCtor(d), vec![c], Vec::new()), sp))
}

fn iinfo(d: Dtype, attr: &str, sp: Span) -> Result<Expr> {
    if !d.is_int() {
        return Err(Diagnostic::typing(format!("Invalid integer data type '{}'.", if d == Dtype::Bool { "b" } else { "f" }), sp));
    }
    let bits = (d.itemsize() * 8) as u32;
    Ok(match attr {
        "bits" => int(i64::from(bits), sp),
        "min" if d.is_signed() => int(i64::MIN >> (64 - bits), sp),
        "min" => int(0, sp),
        "max" if d.is_signed() => int(i64::MAX >> (64 - bits), sp),
        "max" if bits < 64 => int((1i64 << bits) - 1, sp),
        "max" => return Err(Diagnostic::unsupported("np.iinfo(np.uint64).max does not fit in a 64-bit int constant", sp)),
        _ => return Err(Diagnostic::unsupported(format!("np.iinfo(...).{attr} is not supported"), sp)),
    })
}
