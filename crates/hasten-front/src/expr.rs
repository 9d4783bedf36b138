//! Expressions. `entity` lowers any expression to what it denotes (a value, a module, something
//! callable); `expr` is the common case that insists on a value. Literals, operators, comparisons,
//! conditional expressions, tuples and subscripts are lowered here; names, attributes and calls in
//! `names.rs` and `calls.rs`.

use crate::fold;
use crate::comprehensions::Collect;
use crate::lowerer::Lowerer;
use crate::entity::{Callable, Entity};
use crate::{spanned, Result};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, FuncRef, Span};
use ruff_python_ast as ast;

impl Lowerer<'_> {
    /// Lowers `e` to a value. A dtype such as `np.float32` is a value too (`ExprKind::Dtype`), so that
    /// it can be passed as `dtype=`; modules and other callables are not.
    pub(crate) fn expr(&mut self, e: &ast::Expr) -> Result<Expr> {
        let entity = self.entity(e)?;
        self.entity_value(entity, e)
    }

    /// What `e`, which denotes `entity`, is as a value. Jitted functions and the builtins `abs`,
    /// `min`, `max` are function values; an inner function only where it captures nothing (with
    /// captures it is a value only as a call's argument: `function_arg`).
    pub(crate) fn entity_value(&mut self, entity: Entity, e: &ast::Expr) -> Result<Expr> {
        let sp = spanned(e);
        let function = |f| Ok(Expr::new(ExprKind::Function(f), sp));
        match entity {
            Entity::Value(v) => Ok(v),
            Entity::MathModule | Entity::NumpyModule | Entity::RandomModule | Entity::OperatorModule | Entity::LinalgModule | Entity::CmathModule | Entity::LibraryModule(_) => {
                Err(Diagnostic::unsupported("a module cannot be used as a value", sp))
            }
            Entity::Callable(Callable::Callee(Callee::ScalarCtor(d))) => Ok(Expr::new(ExprKind::Dtype(d), sp)),
            Entity::Callable(Callable::Callee(Callee::Function(id))) => function(FuncRef::Jitted(id)),
            Entity::Callable(Callable::Callee(Callee::Builtin(b @ (Builtin::Abs | Builtin::Min | Builtin::Max)))) => {
                let name = match b {
                    Builtin::Abs => "abs",
                    Builtin::Min => "min",
                    _ => "max",
                };
                function(FuncRef::Builtin(name.to_string()))
            }
            Entity::Callable(Callable::Inner(_, id, captures)) if captures.is_empty() => self.closure_value(id, &captures, sp),
            Entity::Callable(Callable::Inner(name, _, captures)) => Err(Diagnostic::unsupported(
                format!(
                    "the inner function '{name}' reads the enclosing variable{} {}, so it can only be called or passed directly as an argument here, not stored",
                    if captures.len() == 1 { "" } else { "s" },
                    captures.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(", ")
                ),
                sp,
            )
            .note("CPython's closures read those variables when called (late binding); a stored closure would keep their values from when it was stored")),
            Entity::Callable(Callable::NamedTuple(class, _)) => {
                Err(Diagnostic::unsupported(format!("the namedtuple class '{}' as a value is not supported yet (compiled code calls it and tests isinstance with it)", class.name()), sp))
            }
            Entity::Callable(_) => Err(Diagnostic::unsupported("this function cannot be used as a value", sp)),
        }
    }

    /// A compile-time constant: literals, negated numbers, and names bound to constant globals.
    pub(crate) fn constant(&mut self, e: &ast::Expr) -> Result<Const> {
        let value = self.expr(e)?;
        fold(&value).ok_or_else(|| Diagnostic::unsupported("expected a constant here", spanned(e)))
    }

    pub(crate) fn value(kind: ExprKind, sp: Span) -> Result<Entity> {
        Ok(Entity::Value(Expr::new(kind, sp)))
    }

    /// Lowers `e` to what it denotes: a value, or (for names, attributes and calls) possibly a module
    /// or a callable, which only a call or an attribute access can use.
    pub(crate) fn entity(&mut self, e: &ast::Expr) -> Result<Entity> {
        let sp = spanned(e);
        match e {
            ast::Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => match i.as_i64() {
                    Some(v) => Self::value(ExprKind::Const(Const::Int(v)), sp),
                    None => Err(Diagnostic::unsupported("integer literal does not fit in 64 bits", sp)),
                },
                ast::Number::Float(f) => Self::value(ExprKind::Const(Const::Float(*f)), sp),
                ast::Number::Complex { real, imag } => Ok(Entity::Value(crate::complex::complex_const(*real, *imag, sp))),
            },
            ast::Expr::BooleanLiteral(b) => Self::value(ExprKind::Const(Const::Bool(b.value)), sp),
            ast::Expr::NoneLiteral(_) => Self::value(ExprKind::Const(Const::None), sp),
            ast::Expr::EllipsisLiteral(_) => Self::value(ExprKind::Const(Const::Ellipsis), sp),
            ast::Expr::StringLiteral(s) => Self::value(ExprKind::Const(Const::Str(s.value.to_str().to_string())), sp),
            ast::Expr::FString(f) => Self::value(self.fstring(f, sp)?.kind, sp),
            ast::Expr::Name(n) => self.name(n.id.as_str(), sp),
            ast::Expr::Lambda(l) => self.lambda(l),
            ast::Expr::Attribute(a) => self.attribute(a, sp),
            // `a @ b` is `np.dot(a, b)`.
            ast::Expr::BinOp(b) if b.op == ast::Operator::MatMult => {
                let args = vec![self.expr(&b.left)?, self.expr(&b.right)?];
                Self::value(ExprKind::Call(Callee::Numpy(NumpyFn::Matmul), args, Vec::new()), sp)
            }
            ast::Expr::BinOp(b) => {
                let op = binop(b.op, sp)?;
                Self::value(ExprKind::Binary(op, Box::new(self.expr(&b.left)?), Box::new(self.expr(&b.right)?)), sp)
            }
            ast::Expr::UnaryOp(u) => self.unary(u, sp),
            ast::Expr::BoolOp(b) => {
                let op = match b.op {
                    ast::BoolOp::And => LogicalOp::And,
                    ast::BoolOp::Or => LogicalOp::Or,
                };
                let values = b.values.iter().map(|v| self.expr(v)).collect::<Result<_>>()?;
                Self::value(ExprKind::Logical(op, values), sp)
            }
            ast::Expr::Compare(c) => self.compare(c, sp),
            ast::Expr::If(i) => {
                let test = self.expr(&i.test)?;
                // A test decided here (`hasattr(np, "name")`) leaves the other arm unlowered,
                // as `if_stmt` does.
                if let ExprKind::Decided(live) = test.kind {
                    return self.expr(if live { &i.body } else { &i.orelse }).map(Entity::Value);
                }
                Self::value(ExprKind::IfExp(Box::new(test), Box::new(self.expr(&i.body)?), Box::new(self.expr(&i.orelse)?)), sp)
            }
            ast::Expr::Tuple(t) if t.elts.iter().any(|x| x.is_starred_expr()) => Ok(Entity::Value(self.tuple_display_unpacked(t)?)),
            ast::Expr::Tuple(t) => {
                let items = t.elts.iter().map(|x| self.expr(x)).collect::<Result<_>>()?;
                Self::value(ExprKind::Tuple(items), sp)
            }
            ast::Expr::ListComp(lc) if lc.generators.len() == 1 && self.iterates_range(&lc.generators[0]) => {
                let r = self.list_comprehension(lc)?;
                Self::value(ExprKind::RangeReduce(Box::new(r)), sp)
            }
            ast::Expr::ListComp(lc) => Ok(Entity::Value(self.comprehension_call(Collect::List, &lc.generators, &lc.elt, None, lc.range)?)),
            ast::Expr::SetComp(c) => Ok(Entity::Value(self.comprehension_call(Collect::Set, &c.generators, &c.elt, None, c.range)?)),
            ast::Expr::DictComp(c) => {
                let key = c.key.as_deref().expect("a dict comprehension has a key");
                Ok(Entity::Value(self.comprehension_call(Collect::Dict, &c.generators, key, Some(&c.value), c.range)?))
            }
            ast::Expr::List(l) if l.elts.iter().any(|x| x.is_starred_expr()) => Ok(Entity::Value(self.list_display_unpacked(l)?)),
            ast::Expr::List(l) => {
                let items = l.elts.iter().map(|x| self.expr(x)).collect::<Result<_>>()?;
                Self::value(ExprKind::List(items), sp)
            }
            ast::Expr::Dict(d) if d.items.iter().any(|item| item.key.is_none()) => Ok(Entity::Value(self.dict_display_unpacked(d)?)),
            ast::Expr::Dict(d) => {
                let mut items = Vec::with_capacity(2 * d.items.len());
                for item in &d.items {
                    let key = item.key.as_ref().expect("`**` items go to dict_display_unpacked");
                    items.push(self.expr(key)?);
                    items.push(self.expr(&item.value)?);
                }
                Self::value(ExprKind::Dict(items), sp)
            }
            ast::Expr::Set(set) => {
                let items = set.elts.iter().map(|x| self.expr(x)).collect::<Result<_>>()?;
                Self::value(ExprKind::Set(items), sp)
            }
            ast::Expr::Subscript(s) => {
                if let Some(e) = self.flat_index(s, sp)? {
                    return Ok(e);
                }
                let base = self.expr(&s.value)?;
                let indices = self.indices(&s.slice)?;
                Self::value(ExprKind::Index(Box::new(base), indices), sp)
            }
            ast::Expr::Call(c) => self.call(c, sp),
            ast::Expr::Named(_) => Err(Diagnostic::unsupported(
                "assignment expressions (:=) are not supported here; compiled code takes one where it is the first thing its statement evaluates (`if (m := f(x)) is not None:`, `while (v := a[i]) > 0:`)",
                sp,
            )),
            other => {
                let what = unsupported_expr(other);
                Err(Diagnostic::unsupported(format!("{what} are not supported"), sp))
            }
        }
    }

    fn unary(&mut self, u: &ast::ExprUnaryOp, sp: Span) -> Result<Entity> {
        let op = match u.op {
            ast::UnaryOp::Invert => UnaryOp::Invert,
            ast::UnaryOp::Not => UnaryOp::Not,
            ast::UnaryOp::UAdd => UnaryOp::Pos,
            ast::UnaryOp::USub => UnaryOp::Neg,
        };
        let operand = self.expr(&u.operand)?;
        // Fold `-5` so that constant exponents and `-(2**63)` literals are seen as constants.
        if op == UnaryOp::Neg {
            if let ExprKind::Const(c) = &operand.kind {
                match c {
                    Const::Int(v) if *v != i64::MIN => return Self::value(ExprKind::Const(Const::Int(-v)), sp),
                    Const::Float(v) => return Self::value(ExprKind::Const(Const::Float(-v)), sp),
                    _ => {}
                }
            }
        }
        Self::value(ExprKind::Unary(op, Box::new(operand)), sp)
    }

    /// A comparison chain `a < b <= c` as the first operand and each (operator, operand) pair after it.
    fn compare(&mut self, c: &ast::ExprCompare, sp: Span) -> Result<Entity> {
        if let Some(test) = self.type_comparison(c, sp)? {
            return Ok(test);
        }
        let left = self.expr(&c.left)?;
        let mut rest = Vec::new();
        for (op, right) in c.ops.iter().zip(c.comparators.iter()) {
            let op = match op {
                ast::CmpOp::Eq => CmpOp::Eq,
                ast::CmpOp::NotEq => CmpOp::NotEq,
                ast::CmpOp::Lt => CmpOp::Lt,
                ast::CmpOp::LtE => CmpOp::LtE,
                ast::CmpOp::Gt => CmpOp::Gt,
                ast::CmpOp::GtE => CmpOp::GtE,
                ast::CmpOp::Is => CmpOp::Is,
                ast::CmpOp::IsNot => CmpOp::IsNot,
                ast::CmpOp::In => CmpOp::In,
                ast::CmpOp::NotIn => CmpOp::NotIn,
            };
            rest.push((op, self.expr(right)?));
        }
        Self::value(ExprKind::Compare(Box::new(left), rest), sp)
    }

    /// The indices of `a[...]`, one per subscripted axis: `a[i, j]` has two, `a[...]` none. A slice
    /// `lo:hi:step` becomes an `ExprKind::Slice` with its bounds lowered.
    pub(crate) fn indices(&mut self, slice: &ast::Expr) -> Result<Vec<Expr>> {
        let items: Vec<&ast::Expr> = match slice {
            ast::Expr::Tuple(t) => t.elts.iter().collect(),
            // `a[...]` is the whole array: no index at all.
            ast::Expr::EllipsisLiteral(_) => return Ok(Vec::new()),
            e => vec![e],
        };
        items
            .into_iter()
            .map(|i| match i {
                ast::Expr::Slice(sl) => {
                    let mut bound = |b: &Option<Box<ast::Expr>>| -> Result<Option<Box<Expr>>> {
                        Ok(match b {
                            Some(e) => Some(Box::new(self.expr(e)?)),
                            None => None,
                        })
                    };
                    let kind = ExprKind::Slice(bound(&sl.lower)?, bound(&sl.upper)?, bound(&sl.step)?);
                    Ok(Expr::new(kind, spanned(i)))
                }
                ast::Expr::EllipsisLiteral(_) => Ok(Expr::new(ExprKind::Const(Const::Ellipsis), spanned(i))),
                _ => self.expr(i),
            })
            .collect()
    }
}

/// The HIR operator of a binary or augmented-assignment operator. `@` is lowered as `np.dot` by
/// `entity` before it gets here, so reaching it means `@=`.
pub(crate) fn binop(op: ast::Operator, sp: Span) -> Result<BinOp> {
    Ok(match op {
        ast::Operator::Add => BinOp::Add,
        ast::Operator::Sub => BinOp::Sub,
        ast::Operator::Mult => BinOp::Mul,
        ast::Operator::Div => BinOp::Div,
        ast::Operator::FloorDiv => BinOp::FloorDiv,
        ast::Operator::Mod => BinOp::Mod,
        ast::Operator::Pow => BinOp::Pow,
        ast::Operator::BitAnd => BinOp::BitAnd,
        ast::Operator::BitOr => BinOp::BitOr,
        ast::Operator::BitXor => BinOp::BitXor,
        ast::Operator::LShift => BinOp::LShift,
        ast::Operator::RShift => BinOp::RShift,
        ast::Operator::MatMult => return Err(Diagnostic::unsupported("the @= operator is not supported", sp)),
    })
}

/// What to call an expression hasten does not compile, in "... are not supported".
fn unsupported_expr(e: &ast::Expr) -> &'static str {
    match e {
        ast::Expr::Generator(_) => "generator expressions held as values (compiled code takes one as the argument of a call, and as the iterable of a for loop when it has one `for` and no lambda or comprehension inside)",
        ast::Expr::Lambda(_) => "lambda",
        ast::Expr::Yield(_) => "yield as an expression (its value is what `send()` passes; `yield x` as a statement is supported)",
        ast::Expr::YieldFrom(_) => "yield from (loop over the iterable and `yield` each item)",
        ast::Expr::Await(_) => "await",
        ast::Expr::Starred(_) => "starred expressions",
        ast::Expr::Slice(_) => "slices",
        ast::Expr::BytesLiteral(_) => "bytes",
        _ => "this expression",
    }
}
