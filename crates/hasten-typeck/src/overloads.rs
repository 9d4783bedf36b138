//! Calls of overloaded functions (`Callee::Overload`): the embedder chose an implementation for
//! the argument types (numba's `@overload`: typing functions in Python), which is called as an
//! ordinary jitted callee. A choice not made yet stops the check (`Checker::missing`); the driver
//! asks the embedder and checks again.

use crate::function::{err, FnCx, R};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, OverloadCall, Span, Type};

impl FnCx<'_, '_, '_> {
    pub(crate) fn overload_call(&mut self, callee: &mut Callee, key: &str, args: &mut Vec<Expr>, kwargs: &mut Vec<(String, Expr)>, span: Span) -> R<Type> {
        let mut types = match self.arg_types(args)? {
            Ok(types) => types,
            Err(pending) => return Ok(pending),
        };
        for (_, value) in kwargs.iter_mut() {
            let t = self.expr(value)?;
            if matches!(t, Type::Unknown | Type::Never) {
                return Ok(t);
            }
            types.push(t);
        }
        let call = OverloadCall { key: key.to_string(), args: types, kwargs: kwargs.iter().map(|(k, _)| k.clone()).collect() };
        match self.checker.overloads.get(&call) {
            Some(Ok(id)) => {
                *callee = Callee::Function(*id);
                self.call(callee, args, kwargs, span)
            }
            Some(Err(message)) => err(message.clone(), span),
            None => {
                self.checker.missing = Some(call);
                Err(Diagnostic { span: Some(span), ..Diagnostic::internal("an overloaded call reached the type checker unresolved") })
            }
        }
    }
}
