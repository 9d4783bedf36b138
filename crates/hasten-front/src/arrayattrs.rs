//! The array attributes that are library calls (`library/strides.py`): `a.flags.<name>`, and
//! `a.flat` read (`for x in a.flat`, `a.flat[i]`) and written (`a.flat[i] = v`).

use crate::entity::Entity;
use crate::lowerer::Lowerer;
use crate::Result;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span};
use ruff_python_ast as ast;

/// The base `a` of `a.<attr>`, if `e` is that attribute.
fn attr_base<'e>(e: &'e ast::Expr, attr: &str) -> Option<&'e ast::Expr> {
    match e {
        ast::Expr::Attribute(a) if a.attr.id.as_str() == attr => Some(&a.value),
        _ => None,
    }
}

/// Whether `a` is `x.flat[...] = value`.
pub(crate) fn is_flat_store(a: &ast::StmtAssign) -> bool {
    matches!(a.targets.as_slice(), [ast::Expr::Subscript(s)] if attr_base(&s.value, "flat").is_some())
}

impl Lowerer<'_> {
    /// `a.flags.<name>` (numba's subset), or None when `a` is no such attribute.
    pub(crate) fn flags_attr(&mut self, a: &ast::ExprAttribute, sp: Span) -> Result<Option<Entity>> {
        let Some(base) = attr_base(&a.value, "flags") else { return Ok(None) };
        let helper = match a.attr.id.as_str() {
            "c_contiguous" | "contiguous" => "_c_contiguous",
            "f_contiguous" => "_f_contiguous",
            "writeable" => "_writeable",
            "aligned" => "_aligned",
            other => return Err(Diagnostic::unsupported(format!("a.flags.{other} is not supported yet (c_contiguous, f_contiguous, contiguous, writeable and aligned are)"), sp)),
        };
        let base = self.expr(base)?;
        if helper == "_writeable" {
            return Ok(Some(Entity::Value(Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::Writeable), vec![base], Vec::new()), sp))));
        }
        let name = crate::library::attr(helper).expect("the library defines the flags");
        self.library_call(name, vec![base], Vec::new(), sp).map(Some)
    }

    /// `a.flat[index]` read: an element in C order (`library/strides.py`), or a copy of the slice
    /// of the flattened array. None when `s` is no such subscript.
    pub(crate) fn flat_index(&mut self, s: &ast::ExprSubscript, sp: Span) -> Result<Option<Entity>> {
        let Some(base) = attr_base(&s.value, "flat") else { return Ok(None) };
        let base = self.expr(base)?;
        if let ast::Expr::Slice(_) = s.slice.as_ref() {
            let flat = Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::Ravel), vec![base], Vec::new()), sp);
            let part = Expr::new(ExprKind::Index(Box::new(flat), self.indices(&s.slice)?), sp);
            return Ok(Some(Entity::Value(Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::Copy), vec![part], Vec::new()), sp))));
        }
        let index = self.flat_position(&s.slice, sp)?;
        let name = crate::library::attr("_flat_get").expect("the library defines it");
        self.library_call(name, vec![base, index], Vec::new(), sp).map(Some)
    }

    /// `a.flat[index] = value`: a statement calling the library's `_flat_set`.
    pub(crate) fn flat_store(&mut self, a: &ast::StmtAssign, sp: Span) -> Result<StmtKind> {
        let [ast::Expr::Subscript(s)] = a.targets.as_slice() else { unreachable!("is_flat_store") };
        let base = attr_base(&s.value, "flat").expect("is_flat_store");
        let value = self.expr(&a.value)?;
        let base = self.expr(base)?;
        let index = self.flat_position(&s.slice, sp)?;
        let name = crate::library::attr("_flat_set").expect("the library defines it");
        match self.library_call(name, vec![base, index, value], Vec::new(), sp)? {
            Entity::Value(call) => Ok(StmtKind::Expr(call)),
            _ => unreachable!("a library call is a value"),
        }
    }

    /// The one integer index of `a.flat[...]`.
    fn flat_position(&mut self, index: &ast::Expr, sp: Span) -> Result<Expr> {
        match index {
            ast::Expr::Slice(_) | ast::Expr::Tuple(_) | ast::Expr::EllipsisLiteral(_) => {
                Err(Diagnostic::unsupported("a.flat[...] is supported with one integer index (and a slice to read) yet", sp))
            }
            i => self.expr(i),
        }
    }
}

/// `a.flat[...] op= value` and other stores through `a.flat` than `a.flat[i] = value`.
pub(crate) fn refuse_flat_target(s: &ast::ExprSubscript, sp: Span) -> Result<()> {
    match attr_base(&s.value, "flat") {
        Some(_) => Err(Diagnostic::unsupported("only `a.flat[i] = value` stores through a.flat yet; write `a.flat[i] = a.flat[i] + v`", sp)),
        None => Ok(()),
    }
}
