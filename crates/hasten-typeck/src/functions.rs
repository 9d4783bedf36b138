//! Functions as values: jitted functions, builtins and `operator` functions, and closures (inner
//! `def`s and lambdas). Which function a value is belongs to its type (`FuncRef`), so a call of a
//! value is resolved here, at compile time, into the call or operation it denotes; code generation
//! never sees `CallValue`. Only a closure has run-time slots: the values it captured.

use crate::function::{err, FnCx, R};
use hasten_ir::hir::*;
use hasten_ir::complex::CmathFn;
use hasten_ir::{Diagnostic, FuncRef, Span, Type};

impl FnCx<'_, '_, '_> {
    pub(crate) fn make_closure(&mut self, id: hasten_ir::FuncId, captures: &mut Expr) -> R<Type> {
        match self.expr(captures)? {
            Type::Tuple(types) => Ok(Type::Func(Box::new(FuncRef::Closure(id, types.items)))),
            t => Ok(t),
        }
    }

    pub(crate) fn captures(&mut self, closure: &mut Expr, span: Span) -> R<Type> {
        match self.expr(closure)? {
            Type::Func(f) => Ok(f.captures()),
            t @ (Type::Unknown | Type::Never) => Ok(t),
            t => err(format!("{t} is not a closure"), span),
        }
    }

    /// `f(args)` where `f` is a value: replaces the node by the call the value's type names, then
    /// types that.
    pub(crate) fn call_value(&mut self, e: &mut Expr) -> R<Type> {
        let span = e.span;
        let ExprKind::CallValue(callee, args, kwargs) = &mut e.kind else { unreachable!("a call of a value") };
        let f = match self.expr(callee)? {
            Type::Func(f) => *f,
            // `t(x)` of a NumPy scalar class passed in: the conversion `np.float32(x)`.
            Type::ScalarClass(d) if kwargs.is_empty() => {
                e.kind = ExprKind::Call(Callee::ScalarCtor(d), std::mem::take(args), Vec::new());
                return self.expr_inner(e);
            }
            t @ (Type::Unknown | Type::Never) => {
                // The arguments are typed all the same, so that their locals settle.
                for a in args.iter_mut().chain(kwargs.iter_mut().map(|(_, v)| v)) {
                    self.expr(a)?;
                }
                return Ok(t);
            }
            t => return err(format!("'{t}' object is not callable"), callee.span),
        };
        if !pure(callee) {
            // The callee's value is a compile-time constant (and a closure's captures are read
            // from it once per capture): an expression with effects would lose them.
            return Err(Diagnostic::unsupported(
                "calling a function value computed by an expression with side effects is not supported; assign it to a variable first",
                callee.span,
            ));
        }
        let callee = std::mem::replace(&mut **callee, Expr::new(ExprKind::Const(Const::None), span));
        let (mut args, mut kwargs) = (std::mem::take(args), std::mem::take(kwargs));
        e.kind = match f {
            FuncRef::Jitted(id) => ExprKind::Call(Callee::Function(id), args, kwargs),
            FuncRef::Closure(id, types) => {
                let params = self.checker.untyped(id).map_err(|(id, d)| d.in_function(id))?.params.clone();
                let hidden = params.iter().filter(|p| p.name.starts_with(CAPTURED_PREFIX));
                for (i, p) in hidden.enumerate() {
                    debug_assert!(i < types.len(), "one capture per hidden parameter");
                    let all = Expr::new(ExprKind::Captures(Box::new(callee.clone())), callee.span);
                    let index = Expr::new(ExprKind::Const(Const::Int(i as i64)), callee.span);
                    kwargs.push((p.name.clone(), Expr::new(ExprKind::Index(Box::new(all), vec![index]), callee.span)));
                }
                ExprKind::Call(Callee::Function(id), args, kwargs)
            }
            FuncRef::Builtin(name) => {
                if let Some((kw, v)) = kwargs.first() {
                    return err(format!("{name}() takes no keyword arguments here ('{kw}')"), v.span);
                }
                builtin_call(&name, &mut args, span)?
            }
            FuncRef::Object(_) => unreachable!("the binding resolves function arguments before compiling"),
        };
        self.expr_inner(e)
    }
}

impl FnCx<'_, '_, '_> {
    /// A value that is one function or another depending on run-time data: refused by name (a
    /// function value is a compile-time constant of its type).
    pub(crate) fn no_function_choice(&mut self, a: &Type, b: &Type, span: Span) -> R<()> {
        if let (Type::Func(x), Type::Func(y)) = (a, b) {
            if x != y {
                let (x, y) = (self.function_name(x), self.function_name(y));
                return Err(Diagnostic::unsupported(
                    format!("choosing between the functions {x} and {y} at run time is not supported; each function value must be known at compile time"),
                    span,
                ));
            }
        }
        Ok(())
    }

    /// How a function value is named in messages: its Python name.
    pub(crate) fn function_name(&mut self, f: &FuncRef) -> String {
        match f {
            FuncRef::Jitted(id) | FuncRef::Closure(id, _) => match self.checker.untyped(*id) {
                Ok(func) => format!("{}()", func.name),
                Err(_) => format!("#{id}"),
            },
            FuncRef::Builtin(name) => format!("{name}()"),
            FuncRef::Object(_) => "a function argument".to_string(),
        }
    }
}

/// Whether evaluating `e` has no effect besides its value: such a callee may be dropped or read
/// again.
pub(crate) fn pure(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Local(_) | ExprKind::Function(_) | ExprKind::Const(_) => true,
        ExprKind::Index(base, indices) => pure(base) && indices.iter().all(|i| matches!(i.kind, ExprKind::Const(_))),
        ExprKind::MakeClosure(_, x) | ExprKind::Captures(x) => pure(x),
        ExprKind::Tuple(items) => items.iter().all(pure),
        ExprKind::IfExp(c, a, b) => pure(c) && pure(a) && pure(b),
        // An imaginary literal (`1j`) is `complex(0.0, 1.0)`.
        ExprKind::Call(Callee::Cmath(CmathFn::Complex), args, kwargs) => kwargs.is_empty() && args.iter().all(|a| matches!(a.kind, ExprKind::Const(_))),
        _ => false,
    }
}

/// What calling the builtin or `operator` function `name` on `args` is, as a node.
fn builtin_call(name: &str, args: &mut Vec<Expr>, span: Span) -> R<ExprKind> {
    let binary = match name {
        "operator.add" => Some(BinOp::Add),
        "operator.sub" => Some(BinOp::Sub),
        "operator.mul" => Some(BinOp::Mul),
        "operator.truediv" => Some(BinOp::Div),
        "operator.floordiv" => Some(BinOp::FloorDiv),
        "operator.mod" => Some(BinOp::Mod),
        "operator.pow" => Some(BinOp::Pow),
        "operator.and_" => Some(BinOp::BitAnd),
        "operator.or_" => Some(BinOp::BitOr),
        "operator.xor" => Some(BinOp::BitXor),
        "operator.lshift" => Some(BinOp::LShift),
        "operator.rshift" => Some(BinOp::RShift),
        _ => None,
    };
    let compare = match name {
        "operator.lt" => Some(CmpOp::Lt),
        "operator.le" => Some(CmpOp::LtE),
        "operator.gt" => Some(CmpOp::Gt),
        "operator.ge" => Some(CmpOp::GtE),
        "operator.eq" => Some(CmpOp::Eq),
        "operator.ne" => Some(CmpOp::NotEq),
        _ => None,
    };
    let unary = match name {
        "operator.neg" => Some(UnaryOp::Neg),
        "operator.pos" => Some(UnaryOp::Pos),
        "operator.invert" | "operator.inv" => Some(UnaryOp::Invert),
        "operator.not_" => Some(UnaryOp::Not),
        _ => None,
    };
    let arity = |n: usize| -> R<()> {
        if args.len() == n {
            Ok(())
        } else {
            err(format!("{name}() expected {n} argument{}, got {}", if n == 1 { "" } else { "s" }, args.len()), span)
        }
    };
    if let Some(op) = binary {
        arity(2)?;
        let r = args.pop().expect("two");
        let l = args.pop().expect("two");
        return Ok(ExprKind::Binary(op, Box::new(l), Box::new(r)));
    }
    if let Some(op) = compare {
        arity(2)?;
        let r = args.pop().expect("two");
        let l = args.pop().expect("two");
        return Ok(ExprKind::Compare(Box::new(l), vec![(op, r)]));
    }
    if let Some(op) = unary {
        arity(1)?;
        return Ok(ExprKind::Unary(op, Box::new(args.pop().expect("one"))));
    }
    let args = std::mem::take(args);
    Ok(match name {
        "operator.getitem" => {
            let [base, index] = <[Expr; 2]>::try_from(args).map_err(|a| Diagnostic::typing(format!("getitem expected 2 arguments, got {}", a.len()), span))?;
            ExprKind::Index(Box::new(base), vec![index])
        }
        "abs" | "operator.abs" => ExprKind::Call(Callee::Builtin(Builtin::Abs), args, Vec::new()),
        "min" => ExprKind::Call(Callee::Builtin(Builtin::Min), args, Vec::new()),
        "max" => ExprKind::Call(Callee::Builtin(Builtin::Max), args, Vec::new()),
        _ => return Err(Diagnostic::unsupported(format!("calling {name} as a function value is not supported"), span)),
    })
}

/// A function a value of type `t` holds, if any: such values cannot leave compiled code.
pub(crate) fn held_function(t: &Type) -> Option<FuncRef> {
    match t {
        Type::Func(f) => Some((**f).clone()),
        Type::Tuple(items) => items.iter().find_map(held_function),
        Type::List(x) | Type::Set(x) => held_function(x),
        Type::Dict(k, v) => held_function(k).or_else(|| held_function(v)),
        _ => None,
    }
}
