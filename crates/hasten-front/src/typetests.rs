//! `isinstance(x, C)` and `type(x) is C` (`==`, `is not`, `!=`) with constant classes: lowered
//! to `TypeTest`, which the type checker decides from `x`'s type.

use crate::entity::{Callable, Entity};
use crate::lowerer::Lowerer;
use crate::{spanned, Result};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, GlobalValue, Span};
use ruff_python_ast as ast;

impl Lowerer<'_> {
    /// `isinstance(value, classes)`.
    pub(crate) fn isinstance(&mut self, c: &ast::ExprCall, sp: Span) -> Result<Entity> {
        let ([value, classes], []) = (&c.arguments.args[..], &c.arguments.keywords[..]) else {
            return Err(Diagnostic::typing("isinstance expected 2 positional arguments", sp));
        };
        let value = self.expr(value)?;
        let classes = self.classes(classes)?;
        Self::value(ExprKind::TypeTest(Box::new(value), classes, TypeTestKind::Instance), sp)
    }

    /// `type(x) is C` and its variants, or None where `c` is not such a comparison.
    pub(crate) fn type_comparison(&mut self, c: &ast::ExprCompare, sp: Span) -> Result<Option<Entity>> {
        let ([op], [right], ast::Expr::Call(call)) = (&c.ops[..], &c.comparators[..], c.left.as_ref()) else {
            return Ok(None);
        };
        let is_type = matches!(call.func.as_ref(), ast::Expr::Name(n) if n.id.as_str() == "type" && self.is_builtin_name("type"));
        if !is_type {
            return Ok(None);
        }
        let negate = match op {
            ast::CmpOp::Is | ast::CmpOp::Eq => false,
            ast::CmpOp::IsNot | ast::CmpOp::NotEq => true,
            _ => return Err(Diagnostic::unsupported("type(x) can only be compared with a class by is, is not, == or !=", sp)),
        };
        let ([value], []) = (&call.arguments.args[..], &call.arguments.keywords[..]) else {
            return Err(Diagnostic::typing("type() takes 1 argument here", spanned(call)));
        };
        let value = self.expr(value)?;
        let class = match self.classes(right)?.as_slice() {
            [class] => class.clone(),
            _ => return Err(Diagnostic::unsupported("type(x) must be compared with a single class", spanned(right))),
        };
        let test = Expr::new(ExprKind::TypeTest(Box::new(value), vec![class], TypeTestKind::Exact), sp);
        Ok(Some(if negate { Entity::Value(Expr::new(ExprKind::Unary(UnaryOp::Not, Box::new(test)), sp)) } else { Entity::Value(test) }))
    }

    /// Whether `name` means the builtin of that name here (no local or global hides it).
    pub(crate) fn is_builtin_name(&self, name: &str) -> bool {
        !self.by_name.contains_key(name) && !self.inner_fns.contains_key(name) && !self.src.globals.contains_key(name)
    }

    /// A class or a tuple of classes, known at compile time.
    fn classes(&mut self, e: &ast::Expr) -> Result<Vec<PyClass>> {
        let sp = spanned(e);
        let unknown = || Diagnostic::unsupported("isinstance and type(x) comparisons need a class known at compile time (int, float, bool, complex, str, tuple, list, dict, set, np.ndarray, a NumPy scalar class)", sp);
        match e {
            ast::Expr::Tuple(t) => {
                let mut out = Vec::new();
                for x in t.elts.iter() {
                    out.extend(self.classes(x)?);
                }
                Ok(out)
            }
            ast::Expr::Name(n) if self.is_builtin_name(n.id.as_str()) => {
                let class = match n.id.as_str() {
                    "bool" => PyClass::Bool,
                    "int" => PyClass::Int,
                    "float" => PyClass::Float,
                    "tuple" => PyClass::Tuple,
                    "list" => PyClass::List,
                    "dict" => PyClass::Dict,
                    "set" => PyClass::Set,
                    "str" => PyClass::Str,
                    "complex" => PyClass::Complex,
                    _ => return Err(unknown()),
                };
                Ok(vec![class])
            }
            ast::Expr::Name(n) => match self.src.globals.get(n.id.as_str()) {
                Some(GlobalValue::Dtype(d)) => Ok(vec![PyClass::Scalar(*d)]),
                Some(GlobalValue::NamedTuple { class, .. }) => Ok(vec![PyClass::Named(class.clone())]),
                Some(GlobalValue::Tuple(_)) => Err(Diagnostic::unsupported("a tuple of classes must be written out in the call", sp)),
                _ => Err(unknown()),
            },
            ast::Expr::Attribute(a) if matches!(self.entity(&a.value)?, Entity::NumpyModule) => {
                let class = match a.attr.id.as_str() {
                    "ndarray" => PyClass::Ndarray,
                    "generic" => PyClass::Generic,
                    "number" => PyClass::Number,
                    "integer" => PyClass::Integer,
                    "signedinteger" => PyClass::SignedInteger,
                    "unsignedinteger" => PyClass::UnsignedInteger,
                    "inexact" => PyClass::Inexact,
                    "floating" => PyClass::Floating,
                    "complexfloating" => PyClass::ComplexFloating,
                    _ => match self.entity(e)? {
                        Entity::Callable(Callable::Callee(Callee::ScalarCtor(d))) => PyClass::Scalar(d),
                        _ => return Err(unknown()),
                    },
                };
                Ok(vec![class])
            }
            _ => Err(unknown()),
        }
    }
}
