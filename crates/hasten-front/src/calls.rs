//! Calls: of builtins, `math` functions, NumPy functions and array methods, and other jitted
//! functions. Keyword arguments of builtins and NumPy functions are bound to positions here, so that
//! later stages only see positional arguments; those of jitted functions are left to the type
//! checker, which knows their parameters. `sum/min/max` over a `range` become a `RangeReduce`.

use crate::lowerer::Lowerer;
use crate::bind::{bind, Kwargs};
use crate::entity::{Callable, Entity};
use crate::numpy::{numpy_call, numpy_method};
use crate::random::{random_call, random_dims_call};
use crate::{spanned, Result};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span};
use ruff_python_ast as ast;


impl Lowerer<'_> {
    /// `f(...)` or `a.method(...)`: resolves what is called, then lowers and binds the arguments.
    pub(crate) fn call(&mut self, c: &ast::ExprCall, sp: Span) -> Result<Entity> {
        // `a.sum()` and friends are the NumPy functions with the receiver as first argument.
        let mut receiver = None;
        // A method call's receiver is lowered once: lowering it twice made chained calls
        // (`a.sum().sum()…`) cost twice as much per link.
        let method = match c.func.as_ref() {
            ast::Expr::Attribute(a) => match self.entity(&a.value)? {
                Entity::MathModule | Entity::NumpyModule | Entity::RandomModule => None,
                Entity::Value(recv) => Some((a, recv)),
                _ => return Err(Diagnostic::unsupported("attributes of functions are not supported", spanned(c.func.as_ref()))),
            },
            _ => None,
        };
        let callable = match (c.func.as_ref(), method) {
            // The list methods that arrays lack; the type checker checks the receiver is a list.
            (_, Some((a, recv))) if ListMethod::from_name(a.attr.id.as_str()).is_some() => {
                receiver = Some(recv);
                Callable::Callee(Callee::ListMethod(ListMethod::from_name(a.attr.id.as_str()).expect("checked above")))
            }
            (_, Some((a, recv))) => {
                let f = numpy_method(a.attr.id.as_str(), spanned(c.func.as_ref()))?;
                receiver = Some(recv);
                Callable::Callee(Callee::Numpy(f))
            }
            (func, None) => match self.entity(func)? {
                Entity::Callable(callable) => callable,
                Entity::Value(_) => return Err(Diagnostic::typing("this value is not callable", spanned(func))),
                _ => return Err(Diagnostic::typing("a module is not callable", spanned(func))),
            },
        };
        if let (Callable::Callee(Callee::Builtin(op @ (Builtin::Sum | Builtin::Min | Builtin::Max | Builtin::List))), [arg]) =
            (&callable, &c.arguments.args[..])
        {
            if c.arguments.keywords.is_empty() {
                if let Some(r) = self.range_reduce(*op, arg)? {
                    return Self::value(ExprKind::RangeReduce(Box::new(r)), sp);
                }
            }
        }
        let (args, kwargs) = self.call_args(c, receiver)?;
        let callee = match callable {
            Callable::Callee(callee) => callee,
            Callable::Range | Callable::Prange => {
                return Err(Diagnostic::unsupported("range() is only supported as the iterable of a for loop", sp))
            }
            Callable::RandomDims(f) => return Ok(Entity::Value(random_dims_call(f, args, kwargs, sp)?)),
            Callable::Exception(_) => {
                return Err(Diagnostic::unsupported("exceptions can only be created in a raise statement", sp))
            }
        };
        match callee {
            Callee::Function(_) => Self::value(ExprKind::Call(callee, args, kwargs), sp),
            Callee::Numpy(f) => Ok(Entity::Value(numpy_call(f, args, kwargs, sp)?)),
            Callee::Random(f) => Ok(Entity::Value(random_call(f, args, kwargs, sp)?)),
            Callee::Builtin(Builtin::Round) => {
                let args = bind(args, kwargs, &["number", "ndigits"], 1, sp)?;
                Self::value(ExprKind::Call(callee, args, Vec::new()), sp)
            }
            _ => {
                if let Some((name, value)) = kwargs.first() {
                    return Err(Diagnostic::typing(format!("unexpected keyword argument '{name}'"), value.span));
                }
                Self::value(ExprKind::Call(callee, args, Vec::new()), sp)
            }
        }
    }

    /// Lowers the arguments of a call: the receiver of a method call first, then the positional
    /// arguments, then the keyword arguments by name.
    fn call_args(&mut self, c: &ast::ExprCall, receiver: Option<Expr>) -> Result<(Vec<Expr>, Kwargs)> {
        let mut args: Vec<Expr> = receiver.into_iter().collect();
        for a in c.arguments.args.iter() {
            if let ast::Expr::Starred(s) = a {
                return Err(Diagnostic::unsupported("*args in calls are not supported", spanned(s)));
            }
            args.push(self.expr(a)?);
        }
        let mut kwargs = Vec::new();
        for k in c.arguments.keywords.iter() {
            let Some(name) = &k.arg else {
                return Err(Diagnostic::unsupported("**kwargs in calls are not supported", spanned(k)));
            };
            kwargs.push((name.id.as_str().to_string(), self.expr(&k.value)?));
        }
        Ok((args, kwargs))
    }

    /// `[elt for x in range(...) if ...]`: the comprehension collects into a list, as `list(...)` of
    /// the same generator would.
    pub(crate) fn list_comprehension(&mut self, lc: &ast::ExprListComp) -> Result<RangeReduce> {
        let [comp] = lc.generators.as_slice() else {
            return Err(Diagnostic::unsupported("list comprehensions with more than one for are not supported yet", spanned(lc)));
        };
        let over_range = match &comp.iter {
            ast::Expr::Call(call) => matches!(self.entity(&call.func)?, Entity::Callable(Callable::Range | Callable::Prange)),
            _ => false,
        };
        if !over_range {
            return Err(Diagnostic::unsupported("list comprehensions are only supported over range() yet", spanned(&comp.iter)));
        }
        let generator = ast::Expr::Generator(ast::ExprGenerator {
            node_index: Default::default(),
            range: lc.range,
            elt: lc.elt.clone(),
            generators: vec![comp.clone()],
            parenthesized: false,
        });
        Ok(self.range_reduce(Builtin::List, &generator)?.expect("a generator over a range"))
    }

    /// `sum/min/max/list(elt for x in range(...) if ...)` and `sum/min/max/list(range(...))`, or None
    /// for any other single argument.
    fn range_reduce(&mut self, op: Builtin, arg: &ast::Expr) -> Result<Option<RangeReduce>> {
        let (target, iter, ifs, elt): (Option<&ast::Expr>, &ast::Expr, &[ast::Expr], Option<&ast::Expr>) = match arg {
            ast::Expr::Generator(g) => {
                let [comp] = g.generators.as_slice() else {
                    return Err(Diagnostic::unsupported("generator expressions with more than one for are not supported", spanned(arg)));
                };
                (Some(&comp.target), &comp.iter, &comp.ifs, Some(&g.elt))
            }
            ast::Expr::Call(_) => (None, arg, &[], None),
            _ => return Ok(None),
        };
        let ast::Expr::Call(call) = iter else {
            return Err(Diagnostic::unsupported("generator expressions are only supported over range()", spanned(iter)));
        };
        if !matches!(self.entity(&call.func)?, Entity::Callable(Callable::Range | Callable::Prange)) {
            return match target {
                None => Ok(None),
                Some(_) => Err(Diagnostic::unsupported("generator expressions are only supported over range()", spanned(iter))),
            };
        }
        let args = call.arguments.args.iter().map(|a| self.expr(a)).collect::<Result<Vec<_>>>()?;
        let sp = spanned(call);
        let (start, stop, step) = range_bounds(&args, sp)?;
        // The loop variable lives in the generator's own scope: a fresh local shadows the name.
        let name = match target {
            Some(ast::Expr::Name(n)) => n.id.as_str().to_string(),
            Some(t) => return Err(Diagnostic::unsupported("the target of a generator expression must be a name", spanned(t))),
            None => String::new(),
        };
        let var = self.locals.len() as LocalId;
        self.locals.push(Local { name: format!("<genexpr {name}>"), ty: hasten_ir::Type::Unknown, maybe_unbound: false });
        let shadowed = self.by_name.insert(name.clone(), var);
        // Lower the body with the name shadowed, then restore the outer binding even on error.
        let body = (|| -> Result<(Vec<Expr>, Expr)> {
            let conds = ifs.iter().map(|c| self.expr(c)).collect::<Result<Vec<_>>>()?;
            let elt = match elt {
                Some(e) => self.expr(e)?,
                // `sum(range(...))` reduces the loop variable itself.
                None => Expr::new(ExprKind::Local(var), sp),
            };
            Ok((conds, elt))
        })();
        match shadowed {
            Some(old) => self.by_name.insert(name, old),
            None => self.by_name.remove(&name),
        };
        let (conds, elt) = body?;
        Ok(Some(RangeReduce { op, var, start, stop, step, conds, elt }))
    }
}

/// The `(start, stop, step)` of `range(stop)`, `range(start, stop)` or `range(start, stop, step)`.
pub(crate) fn range_bounds(args: &[Expr], sp: Span) -> Result<(Expr, Expr, Expr)> {
    let int = |v| Expr::new(ExprKind::Const(Const::Int(v)), sp);
    Ok(match args.len() {
        1 => (int(0), args[0].clone(), int(1)),
        2 => (args[0].clone(), args[1].clone(), int(1)),
        3 => (args[0].clone(), args[1].clone(), args[2].clone()),
        n => return Err(Diagnostic::typing(format!("range expected 1 to 3 arguments, got {n}"), sp)),
    })
}

