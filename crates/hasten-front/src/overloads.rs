//! Calls of functions with `hasten.extending.overload` implementations: a global bound to one, or
//! an attribute of a module global (`np.f`, `sc.xlogy`), which the embedder describes as the global
//! named `"m.f"` (no Python name holds a dot), or a method registered by `overload_method`
//! (described as the global `".name"`). The type checker picks the implementation.

use crate::entity::{Callable, Entity};
use crate::lowerer::Lowerer;
use crate::numpy::{numpy_attr, numpy_method};
use crate::Result;
use hasten_ir::hir::Callee;
use hasten_ir::{GlobalValue, Span};
use ruff_python_ast as ast;

/// The callee an overloaded global names. Of a NumPy function hasten implements itself, hasten's
/// implementation wins (numba tries its own templates before users' too); overloads serve the
/// NumPy functions hasten lacks.
pub(crate) fn overload_entity(key: &str, numpy: Option<&str>, sp: Span) -> Result<Entity> {
    if let Some(own) = numpy.and_then(|name| numpy_attr(name, sp).ok()) {
        return Ok(own);
    }
    Ok(Entity::Callable(Callable::Callee(Callee::Overload(key.to_string()))))
}

impl Lowerer<'_> {
    /// `m.f` where `m` is a module global and the embedder described `"m.f"` as overloaded.
    pub(crate) fn overloaded_attr(&self, a: &ast::ExprAttribute, sp: Span) -> Result<Option<Entity>> {
        let ast::Expr::Name(base) = a.value.as_ref() else { return Ok(None) };
        let base = base.id.as_str();
        if self.by_name.contains_key(base) || self.inner_fns.contains_key(base) || self.caught_id(base).is_some() {
            return Ok(None);
        }
        match self.src.globals.get(&format!("{base}.{}", a.attr.id)) {
            Some(GlobalValue::Overload { key, numpy }) => overload_entity(key, numpy.as_deref(), sp).map(Some),
            _ => Ok(None),
        }
    }

    /// `x.name(...)` of a method registered with `overload_method` that hasten's own methods lack:
    /// its callee, which takes the receiver first.
    pub(crate) fn overloaded_method(&self, name: &str, sp: Span) -> Option<Callee> {
        match self.src.globals.get(&format!(".{name}")) {
            Some(GlobalValue::Overload { key, .. }) if numpy_method(name, sp).is_err() && crate::library::method(name).is_none() => {
                Some(Callee::Overload(key.clone()))
            }
            _ => None,
        }
    }
}
