//! Typing Python builtins (`abs`, `min`, `round`, `len`, ...). `sum` and one-argument `min`/`max`
//! exist only over a generator (`RangeReduce`).

use crate::calls::Operands;
use crate::function::{err, FnCx, R};
use crate::rules;
use hasten_ir::hir::{BinOp, Builtin, Expr};
use hasten_ir::{Diagnostic, Span, Type};

impl Operands<'_> {
    fn arity(&self, n: usize, span: Span) -> R<()> {
        if self.types.len() == n {
            Ok(())
        } else {
            err(format!("expected {n} argument(s), got {}", self.types.len()), span)
        }
    }
}

impl FnCx<'_, '_, '_> {
    pub(crate) fn builtin(&mut self, b: Builtin, args: &mut [Expr], span: Span) -> R<Type> {
        let types = match self.arg_types(args)? {
            Ok(types) => types,
            Err(pending) => return Ok(pending),
        };
        if let ([Type::List(item)], Builtin::Sum | Builtin::Min | Builtin::Max) = (types.as_slice(), b) {
            return self.list_reduction(b, item, span);
        }
        if matches!(b, Builtin::Str | Builtin::Repr | Builtin::Format | Builtin::Ord | Builtin::Chr | Builtin::Print) {
            return self.str_builtin(b, args, &types, span);
        }
        if let ([Type::Str], Builtin::Int | Builtin::Float) = (types.as_slice(), b) {
            return Ok(if b == Builtin::Int { Type::Int } else { Type::Float });
        }
        let ops = Operands { args, types: &types };
        Ok(match b {
            Builtin::Abs if types == [Type::Complex] => Type::Float,
            Builtin::Abs => {
                ops.arity(1, span)?;
                ops.numeric(0)?;
                match &types[0] {
                    Type::Bool => Type::Int,
                    t => t.clone(),
                }
            }
            Builtin::Sum => {
                return Err(Diagnostic::unsupported(
                    "sum() is supported over range() or a generator expression over range(); use np.sum for arrays",
                    span,
                ))
            }
            Builtin::Min | Builtin::Max => min_max(&ops, span)?,
            Builtin::List => {
                return Err(Diagnostic::unsupported(
                    "list() is supported of range() or of a generator expression over range() yet",
                    span,
                ))
            }
            Builtin::Dict if types.is_empty() => {
                if self.strict {
                    return Err(Diagnostic::typing("cannot infer the key and value types of this empty dict", span)
                        .note("assign it to a variable and store into it (`d[k] = v`), so that the types are known"));
                }
                Type::Dict(Box::new(Type::Unknown), Box::new(Type::Unknown))
            }
            Builtin::Dict => return Err(Diagnostic::unsupported("dict() of arguments is not supported yet; use a literal", span)),
            Builtin::Set if types.is_empty() => {
                if self.strict {
                    return Err(crate::sets::empty_set_error(span));
                }
                Type::Set(Box::new(Type::Unknown))
            }
            Builtin::Set => return Err(Diagnostic::unsupported("set() of an iterable is not supported yet; use a literal or add()", span)),
            Builtin::Any | Builtin::All => unreachable!("the front end makes any() and all() a RangeReduce"),
            Builtin::Str | Builtin::Repr | Builtin::Format | Builtin::Ord | Builtin::Chr | Builtin::Print => unreachable!("typed above"),
            Builtin::Sorted => {
                if !types[1].is_intlike() {
                    return err(format!("reverse must be a bool or an int, not {}", types[1]), args[1].span);
                }
                match (&types[0], types.get(2)) {
                    // With a key function: the list of the keys, which are numbers, comes third.
                    (Type::List(_), Some(Type::List(key))) if key.is_numeric_scalar() => types[0].clone(),
                    (Type::List(_), Some(t)) => {
                        let key = match t {
                            Type::List(k) => k.to_string(),
                            t => t.to_string(),
                        };
                        return Err(Diagnostic::unsupported(format!("sorted() with a key function returning {key} is not supported yet (number keys are)"), args[2].span));
                    }
                    (Type::List(item), None) if item.is_numeric_scalar() => types[0].clone(),
                    (t, _) => return Err(Diagnostic::unsupported(format!("sorted() of {t} is not supported yet (lists of numbers are, and lists of anything with a key function)"), span)),
                }
            }
            Builtin::Zip | Builtin::Enumerate => {
                let name = if b == Builtin::Zip { "zip" } else { "enumerate" };
                return Err(Diagnostic::unsupported(format!("{name}() is supported only as the iterable of a for loop yet"), span));
            }
            Builtin::Int => {
                ops.arity(1, span)?;
                ops.numeric(0)?;
                Type::Int
            }
            Builtin::Float => {
                ops.arity(1, span)?;
                ops.numeric(0)?;
                Type::Float
            }
            Builtin::Bool => {
                ops.arity(1, span)?;
                self.truthy(&types[0], span)?;
                Type::Bool
            }
            Builtin::Round => round(&ops, span)?,
            Builtin::Len => {
                ops.arity(1, span)?;
                match &types[0] {
                    Type::Array(a) if a.ndim > 0 => Type::Int,
                    Type::Array(_) => return err("len() of unsized object", span),
                    Type::Tuple(_) | Type::List(_) | Type::Dict(..) | Type::Set(_) | Type::Str => Type::Int,
                    t => return err(format!("object of type {t} has no len()"), span),
                }
            }
            Builtin::Divmod => {
                ops.arity(2, span)?;
                ops.numeric(0)?;
                ops.numeric(1)?;
                let q = rules::binary(BinOp::FloorDiv, &types[0], &types[1], false).or_else(|m| err(m, span))?;
                Type::Tuple(vec![q.result.clone(), q.result])
            }
        })
    }
}

fn min_max(ops: &Operands, span: Span) -> R<Type> {
    if ops.types.len() < 2 {
        return Err(Diagnostic::unsupported(
            "min()/max() of one argument is supported for a generator expression over range(); use np.min for arrays",
            span,
        ));
    }
    let mut ty = Type::Never;
    for (i, t) in ops.types.iter().enumerate() {
        ops.numeric(i)?;
        ty = rules::unify(&ty, t).expect("numeric scalars unify");
    }
    Ok(ty)
}

fn round(ops: &Operands, span: Span) -> R<Type> {
    ops.numeric(0)?;
    Ok(match ops.types.len() {
        1 => Type::Int,
        2 => {
            if !ops.types[1].is_intlike() {
                return err("ndigits must be an integer", ops.args[1].span);
            }
            match &ops.types[0] {
                Type::Float => Type::Float,
                Type::Scalar(d) if d.is_float() => Type::Float,
                _ => Type::Int,
            }
        }
        _ => return err("round() takes 1 or 2 arguments", span),
    })
}
