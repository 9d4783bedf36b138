//! Front end: Python source of one function → untyped HIR.
//!
//! Parses with ruff's parser, decides which names are locals (Python's rule: assigned anywhere in the
//! body), folds module globals into constants or callees, binds keyword arguments of builtins, and
//! rejects everything hasten does not compile with an `UnsupportedError` pointing at the construct.

use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Dtype, FuncId, FunctionSource, GlobalValue, Span};
use ruff_python_ast as ast;
use ruff_text_size::Ranged;
use std::collections::HashMap;

type Result<T> = std::result::Result<T, Diagnostic>;

pub fn lower(src: &FunctionSource, id: FuncId) -> Result<Function> {
    let parsed = ruff_python_parser::parse_module(&src.source).map_err(|e| {
        let r = e.location;
        Diagnostic::unsupported(format!("syntax error: {}", e.error), span(r))
    })?;
    let module = parsed.into_syntax();
    let def = module
        .body
        .iter()
        .find_map(|s| match s {
            ast::Stmt::FunctionDef(f) => Some(f),
            _ => None,
        })
        .ok_or_else(|| Diagnostic::unsupported("no function definition found in source", Span::new(0, 0)))?;
    Lowerer::new(src, id).function(def)
}

fn span(r: ruff_text_size::TextRange) -> Span {
    Span::new(r.start().to_u32(), r.end().to_u32())
}

fn spanned(node: &impl Ranged) -> Span {
    span(node.range())
}

/// What a name or attribute refers to when it is not a runtime value.
#[derive(Clone, Debug)]
enum Entity {
    Value(Expr),
    MathModule,
    NumpyModule,
    Callable(Callable),
}

#[derive(Clone, Debug)]
enum Callable {
    Callee(Callee),
    Range,
    Prange,
    Exception(String),
}

const BUILTIN_EXCEPTIONS: &[&str] = &[
    "Exception",
    "ArithmeticError",
    "AssertionError",
    "IndexError",
    "KeyError",
    "LookupError",
    "NotImplementedError",
    "OverflowError",
    "RuntimeError",
    "TypeError",
    "ValueError",
    "ZeroDivisionError",
];

struct Lowerer<'a> {
    src: &'a FunctionSource,
    id: FuncId,
    locals: Vec<Local>,
    by_name: HashMap<String, LocalId>,
}

impl<'a> Lowerer<'a> {
    fn new(src: &'a FunctionSource, id: FuncId) -> Self {
        Lowerer { src, id, locals: Vec::new(), by_name: HashMap::new() }
    }

    fn local(&mut self, name: &str) -> LocalId {
        if let Some(&id) = self.by_name.get(name) {
            return id;
        }
        let id = self.locals.len() as LocalId;
        self.locals.push(Local { name: name.to_string(), ty: hasten_ir::Type::Unknown, maybe_unbound: false });
        self.by_name.insert(name.to_string(), id);
        id
    }

    fn function(mut self, def: &ast::StmtFunctionDef) -> Result<Function> {
        let p = &def.parameters;
        if let Some(v) = &p.vararg {
            return Err(Diagnostic::unsupported("*args parameters are not supported", spanned(v.as_ref())));
        }
        if let Some(v) = &p.kwarg {
            return Err(Diagnostic::unsupported("**kwargs parameters are not supported", spanned(v.as_ref())));
        }
        if let Some(k) = p.kwonlyargs.first() {
            return Err(Diagnostic::unsupported("keyword-only parameters are not supported", spanned(k)));
        }
        let mut params = Vec::new();
        for pw in p.posonlyargs.iter().chain(p.args.iter()) {
            let name = pw.parameter.name.id.as_str().to_string();
            self.local(&name);
            let default = match &pw.default {
                Some(d) => Some(self.constant(d)?),
                None => None,
            };
            params.push(Param { name, default });
        }
        collect_assigned(&def.body, &mut |name| {
            self.local(name);
        })?;
        let mut body = Vec::new();
        for (i, stmt) in def.body.iter().enumerate() {
            let is_docstring = i == 0
                && matches!(stmt, ast::Stmt::Expr(e) if matches!(*e.value, ast::Expr::StringLiteral(_)));
            if !is_docstring {
                body.push(self.stmt(stmt)?);
            }
        }
        Ok(Function {
            id: self.id,
            name: def.name.id.as_str().to_string(),
            params,
            locals: self.locals,
            body,
            span: span(def.range),
        })
    }

    fn block(&mut self, stmts: &[ast::Stmt]) -> Result<Vec<Stmt>> {
        stmts.iter().map(|s| self.stmt(s)).collect()
    }

    fn stmt(&mut self, stmt: &ast::Stmt) -> Result<Stmt> {
        let sp = spanned(stmt);
        let kind = match stmt {
            ast::Stmt::Assign(a) => {
                let value = self.expr(&a.value)?;
                let targets = a.targets.iter().map(|t| self.target(t)).collect::<Result<_>>()?;
                StmtKind::Assign { targets, value }
            }
            ast::Stmt::AnnAssign(a) => match &a.value {
                Some(v) => StmtKind::Assign { targets: vec![self.target(&a.target)?], value: self.expr(v)? },
                None => StmtKind::Pass,
            },
            ast::Stmt::AugAssign(a) => {
                let target = self.target(&a.target)?;
                if let Target::Tuple(_, s) = target {
                    return Err(Diagnostic::unsupported("augmented assignment to a tuple", s));
                }
                StmtKind::AugAssign { target, op: binop(a.op, sp)?, value: self.expr(&a.value)? }
            }
            ast::Stmt::Expr(e) => StmtKind::Expr(self.expr(&e.value)?),
            ast::Stmt::If(s) => {
                let cond = self.expr(&s.test)?;
                let then = self.block(&s.body)?;
                let mut orelse = Vec::new();
                for clause in s.elif_else_clauses.iter().rev() {
                    let body = self.block(&clause.body)?;
                    orelse = match &clause.test {
                        None => body,
                        Some(t) => vec![Stmt {
                            kind: StmtKind::If { cond: self.expr(t)?, then: body, orelse },
                            span: spanned(clause),
                        }],
                    };
                }
                StmtKind::If { cond, then, orelse }
            }
            ast::Stmt::While(w) => StmtKind::While {
                cond: self.expr(&w.test)?,
                body: self.block(&w.body)?,
                orelse: self.block(&w.orelse)?,
            },
            ast::Stmt::For(f) => self.for_stmt(f)?,
            ast::Stmt::Break(_) => StmtKind::Break,
            ast::Stmt::Continue(_) => StmtKind::Continue,
            ast::Stmt::Pass(_) => StmtKind::Pass,
            ast::Stmt::Return(r) => StmtKind::Return(match &r.value {
                Some(v) => Some(self.expr(v)?),
                None => None,
            }),
            ast::Stmt::Assert(a) => StmtKind::Assert {
                test: self.expr(&a.test)?,
                msg: match &a.msg {
                    Some(m) => Some(self.constant(m)?),
                    None => None,
                },
            },
            ast::Stmt::Raise(r) => self.raise(r, sp)?,
            other => {
                let what = match other {
                    ast::Stmt::FunctionDef(_) => "nested function definitions",
                    ast::Stmt::ClassDef(_) => "class definitions",
                    ast::Stmt::Delete(_) => "the del statement",
                    ast::Stmt::With(_) => "the with statement",
                    ast::Stmt::Match(_) => "the match statement",
                    ast::Stmt::Try(_) => "try/except",
                    ast::Stmt::Import(_) | ast::Stmt::ImportFrom(_) => "import inside a compiled function",
                    ast::Stmt::Global(_) => "the global statement",
                    ast::Stmt::Nonlocal(_) => "the nonlocal statement",
                    _ => "this statement",
                };
                return Err(Diagnostic::unsupported(format!("{what} is not supported"), sp));
            }
        };
        Ok(Stmt { kind, span: sp })
    }

    fn for_stmt(&mut self, f: &ast::StmtFor) -> Result<StmtKind> {
        if f.is_async {
            return Err(Diagnostic::unsupported("async for is not supported", spanned(f)));
        }
        if let ast::Expr::Call(call) = f.iter.as_ref() {
            if let Entity::Callable(c @ (Callable::Range | Callable::Prange)) = self.entity(&call.func)? {
                if let Some(k) = call.arguments.keywords.first() {
                    return Err(Diagnostic::typing("range() takes no keyword arguments", spanned(k)));
                }
                let args = call.arguments.args.iter().map(|a| self.expr(a)).collect::<Result<Vec<_>>>()?;
                let sp = spanned(call);
                let int = |v| Expr::new(ExprKind::Const(Const::Int(v)), sp);
                let (start, stop, step) = match args.len() {
                    1 => (int(0), args[0].clone(), int(1)),
                    2 => (args[0].clone(), args[1].clone(), int(1)),
                    3 => (args[0].clone(), args[1].clone(), args[2].clone()),
                    n => return Err(Diagnostic::typing(format!("range expected 1 to 3 arguments, got {n}"), sp)),
                };
                let var = match f.target.as_ref() {
                    ast::Expr::Name(n) => self.local(n.id.as_str()),
                    t => {
                        return Err(Diagnostic::typing(
                            "the target of a loop over range() must be a single name",
                            spanned(t),
                        ))
                    }
                };
                return Ok(StmtKind::ForRange {
                    var,
                    start,
                    stop,
                    step,
                    parallel: matches!(c, Callable::Prange),
                    body: self.block(&f.body)?,
                    orelse: self.block(&f.orelse)?,
                });
            }
        }
        Ok(StmtKind::ForIter {
            target: self.target(&f.target)?,
            iter: self.expr(&f.iter)?,
            body: self.block(&f.body)?,
            orelse: self.block(&f.orelse)?,
        })
    }

    /// `sum/min/max(elt for x in range(...) if ...)` and `sum/min/max(range(...))`, or None for any
    /// other single argument.
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
        let int = |v| Expr::new(ExprKind::Const(Const::Int(v)), sp);
        let (start, stop, step) = match <[Expr; 1]>::try_from(args.clone()) {
            Ok([stop]) => (int(0), stop, int(1)),
            Err(_) => match args.len() {
                2 => (args[0].clone(), args[1].clone(), int(1)),
                3 => (args[0].clone(), args[1].clone(), args[2].clone()),
                n => return Err(Diagnostic::typing(format!("range expected 1 to 3 arguments, got {n}"), sp)),
            },
        };
        // The loop variable lives in the generator's own scope: a fresh local shadows the name.
        let name = match target {
            Some(ast::Expr::Name(n)) => n.id.as_str().to_string(),
            Some(t) => return Err(Diagnostic::unsupported("the target of a generator expression must be a name", spanned(t))),
            None => String::new(),
        };
        let var = self.locals.len() as LocalId;
        self.locals.push(Local { name: format!("<genexpr {name}>"), ty: hasten_ir::Type::Unknown, maybe_unbound: false });
        let shadowed = self.by_name.insert(name.clone(), var);
        let body = (|| -> Result<(Vec<Expr>, Expr)> {
            let conds = ifs.iter().map(|c| self.expr(c)).collect::<Result<Vec<_>>>()?;
            let elt = match elt {
                Some(e) => self.expr(e)?,
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

    fn raise(&mut self, r: &ast::StmtRaise, sp: Span) -> Result<StmtKind> {
        let Some(exc) = &r.exc else {
            return Err(Diagnostic::unsupported("bare raise is not supported", sp));
        };
        if let Some(c) = &r.cause {
            return Err(Diagnostic::unsupported("raise ... from ... is not supported", spanned(c.as_ref())));
        }
        let (func, args): (&ast::Expr, &[ast::Expr]) = match exc.as_ref() {
            ast::Expr::Call(c) => {
                if let Some(k) = c.arguments.keywords.first() {
                    return Err(Diagnostic::unsupported("keyword arguments to an exception", spanned(k)));
                }
                (&c.func, &c.arguments.args)
            }
            e => (e, &[]),
        };
        let Entity::Callable(Callable::Exception(name)) = self.entity(func)? else {
            return Err(Diagnostic::unsupported(
                "only builtin exception classes can be raised",
                spanned(func),
            ));
        };
        let msg = match args {
            [] => None,
            [a] => Some(self.constant(a)?),
            [_, extra, ..] => {
                return Err(Diagnostic::unsupported("exceptions with more than one argument", spanned(extra)))
            }
        };
        Ok(StmtKind::Raise { exc: name, msg })
    }

    fn target(&mut self, e: &ast::Expr) -> Result<Target> {
        let sp = spanned(e);
        match e {
            ast::Expr::Name(n) => Ok(Target::Local(self.local(n.id.as_str()), sp)),
            ast::Expr::Subscript(s) => {
                let base = self.expr(&s.value)?;
                let indices = self.indices(&s.slice)?;
                Ok(Target::Index { base, indices, span: sp })
            }
            ast::Expr::Tuple(t) => {
                Ok(Target::Tuple(t.elts.iter().map(|x| self.target(x)).collect::<Result<_>>()?, sp))
            }
            ast::Expr::List(l) => {
                Ok(Target::Tuple(l.elts.iter().map(|x| self.target(x)).collect::<Result<_>>()?, sp))
            }
            ast::Expr::Starred(_) => Err(Diagnostic::unsupported("starred assignment targets", sp)),
            ast::Expr::Attribute(_) => Err(Diagnostic::unsupported("assignment to an attribute", sp)),
            _ => Err(Diagnostic::typing("cannot assign to this expression", sp)),
        }
    }

    fn indices(&mut self, slice: &ast::Expr) -> Result<Vec<Expr>> {
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
                ast::Expr::EllipsisLiteral(_) => {
                    Err(Diagnostic::unsupported("indexing with ... is not supported yet", spanned(i)))
                }
                _ => self.expr(i),
            })
            .collect()
    }

    /// A compile-time constant: literals, negated numbers, and names bound to constant globals.
    fn constant(&mut self, e: &ast::Expr) -> Result<Const> {
        let value = self.expr(e)?;
        fold(&value).ok_or_else(|| Diagnostic::unsupported("expected a constant here", spanned(e)))
    }

    fn expr(&mut self, e: &ast::Expr) -> Result<Expr> {
        match self.entity(e)? {
            Entity::Value(v) => Ok(v),
            Entity::MathModule | Entity::NumpyModule => {
                Err(Diagnostic::unsupported("a module cannot be used as a value", spanned(e)))
            }
            Entity::Callable(Callable::Callee(Callee::ScalarCtor(d))) => {
                Ok(Expr::new(ExprKind::Dtype(d), spanned(e)))
            }
            Entity::Callable(_) => {
                Err(Diagnostic::unsupported("functions cannot be used as values", spanned(e)))
            }
        }
    }

    fn value(kind: ExprKind, sp: Span) -> Result<Entity> {
        Ok(Entity::Value(Expr::new(kind, sp)))
    }

    fn entity(&mut self, e: &ast::Expr) -> Result<Entity> {
        let sp = spanned(e);
        match e {
            ast::Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => match i.as_i64() {
                    Some(v) => Self::value(ExprKind::Const(Const::Int(v)), sp),
                    None => Err(Diagnostic::unsupported("integer literal does not fit in 64 bits", sp)),
                },
                ast::Number::Float(f) => Self::value(ExprKind::Const(Const::Float(*f)), sp),
                ast::Number::Complex { .. } => Err(Diagnostic::unsupported("complex numbers are not supported", sp)),
            },
            ast::Expr::BooleanLiteral(b) => Self::value(ExprKind::Const(Const::Bool(b.value)), sp),
            ast::Expr::NoneLiteral(_) => Self::value(ExprKind::Const(Const::None), sp),
            ast::Expr::StringLiteral(s) => Self::value(ExprKind::Const(Const::Str(s.value.to_str().to_string())), sp),
            ast::Expr::Name(n) => self.name(n.id.as_str(), sp),
            ast::Expr::Attribute(a) => self.attribute(a, sp),
            ast::Expr::BinOp(b) if b.op == ast::Operator::MatMult => {
                let args = vec![self.expr(&b.left)?, self.expr(&b.right)?];
                Self::value(ExprKind::Call(Callee::Numpy(NumpyFn::Dot), args, Vec::new()), sp)
            }
            ast::Expr::BinOp(b) => {
                let op = binop(b.op, sp)?;
                Self::value(ExprKind::Binary(op, Box::new(self.expr(&b.left)?), Box::new(self.expr(&b.right)?)), sp)
            }
            ast::Expr::UnaryOp(u) => {
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
            ast::Expr::BoolOp(b) => {
                let op = match b.op {
                    ast::BoolOp::And => LogicalOp::And,
                    ast::BoolOp::Or => LogicalOp::Or,
                };
                let values = b.values.iter().map(|v| self.expr(v)).collect::<Result<_>>()?;
                Self::value(ExprKind::Logical(op, values), sp)
            }
            ast::Expr::Compare(c) => {
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
                        ast::CmpOp::In | ast::CmpOp::NotIn => {
                            return Err(Diagnostic::unsupported("the in operator is not supported", sp))
                        }
                    };
                    rest.push((op, self.expr(right)?));
                }
                Self::value(ExprKind::Compare(Box::new(left), rest), sp)
            }
            ast::Expr::If(i) => Self::value(
                ExprKind::IfExp(
                    Box::new(self.expr(&i.test)?),
                    Box::new(self.expr(&i.body)?),
                    Box::new(self.expr(&i.orelse)?),
                ),
                sp,
            ),
            ast::Expr::Tuple(t) => {
                let items = t.elts.iter().map(|x| self.expr(x)).collect::<Result<_>>()?;
                Self::value(ExprKind::Tuple(items), sp)
            }
            ast::Expr::Subscript(s) => {
                let base = self.expr(&s.value)?;
                let indices = self.indices(&s.slice)?;
                Self::value(ExprKind::Index(Box::new(base), indices), sp)
            }
            ast::Expr::Call(c) => self.call(c, sp),
            other => {
                let what = match other {
                    ast::Expr::List(_) => "list literals",
                    ast::Expr::ListComp(_) => "list comprehensions",
                    ast::Expr::Dict(_) | ast::Expr::DictComp(_) => "dictionaries",
                    ast::Expr::Set(_) | ast::Expr::SetComp(_) => "sets",
                    ast::Expr::Generator(_) => "generator expressions",
                    ast::Expr::Lambda(_) => "lambda",
                    ast::Expr::FString(_) => "f-strings",
                    ast::Expr::Named(_) => "the walrus operator",
                    ast::Expr::Yield(_) | ast::Expr::YieldFrom(_) => "generators",
                    ast::Expr::Await(_) => "await",
                    ast::Expr::Starred(_) => "starred expressions",
                    ast::Expr::Slice(_) => "slices",
                    ast::Expr::BytesLiteral(_) => "bytes",
                    _ => "this expression",
                };
                Err(Diagnostic::unsupported(format!("{what} are not supported"), sp))
            }
        }
    }

    fn name(&mut self, name: &str, sp: Span) -> Result<Entity> {
        if let Some(&id) = self.by_name.get(name) {
            return Self::value(ExprKind::Local(id), sp);
        }
        if let Some(g) = self.src.globals.get(name) {
            return global_entity(g, name, sp);
        }
        let builtin = match name {
            "abs" => Builtin::Abs,
            "min" => Builtin::Min,
            "max" => Builtin::Max,
            "sum" => Builtin::Sum,
            "int" => Builtin::Int,
            "float" => Builtin::Float,
            "bool" => Builtin::Bool,
            "round" => Builtin::Round,
            "len" => Builtin::Len,
            "divmod" => Builtin::Divmod,
            "range" => return Ok(Entity::Callable(Callable::Range)),
            n if BUILTIN_EXCEPTIONS.contains(&n) => return Ok(Entity::Callable(Callable::Exception(n.into()))),
            _ => {
                return Err(Diagnostic::typing(format!("name '{name}' is not defined"), sp)
                    .note("hasten reads module globals when the function is first compiled"))
            }
        };
        Ok(Entity::Callable(Callable::Callee(Callee::Builtin(builtin))))
    }

    fn attribute(&mut self, a: &ast::ExprAttribute, sp: Span) -> Result<Entity> {
        let attr = a.attr.id.as_str();
        match self.entity(&a.value)? {
            Entity::MathModule => math_attr(attr, sp),
            Entity::NumpyModule => numpy_attr(attr, sp),
            Entity::Value(base) => {
                let attr = match attr {
                    "shape" => Attr::Shape,
                    "T" => Attr::T,
                    "ndim" => Attr::Ndim,
                    "size" => Attr::Size,
                    "dtype" => Attr::Dtype,
                    _ => {
                        return Err(Diagnostic::unsupported(format!("attribute '.{attr}' is not supported"), sp))
                    }
                };
                Self::value(ExprKind::Attr(Box::new(base), attr), sp)
            }
            Entity::Callable(_) => Err(Diagnostic::unsupported(format!("attribute '.{attr}' of a function"), sp)),
        }
    }

    fn call(&mut self, c: &ast::ExprCall, sp: Span) -> Result<Entity> {
        // `a.sum()` and friends are the NumPy functions with the receiver as first argument.
        let mut receiver = None;
        let callable = match c.func.as_ref() {
            ast::Expr::Attribute(a) if !matches!(self.entity(&a.value)?, Entity::MathModule | Entity::NumpyModule) => {
                let Entity::Value(recv) = self.entity(&a.value)? else {
                    return Err(Diagnostic::unsupported("attributes of functions are not supported", spanned(c.func.as_ref())));
                };
                let name = a.attr.id.as_str();
                let f = match name {
                    "copy" => NumpyFn::Copy,
                    "reshape" => NumpyFn::Reshape,
                    "ravel" => NumpyFn::Ravel,
        "dot" | "matmul" => NumpyFn::Dot,
                    _ => match reduction(name) {
                        Some(r) => NumpyFn::Reduce(r),
                        None => {
                            return Err(Diagnostic::unsupported(format!("the method .{name}() is not supported yet"), spanned(c.func.as_ref())))
                        }
                    },
                };
                receiver = Some(recv);
                Callable::Callee(Callee::Numpy(f))
            }
            func => match self.entity(func)? {
                Entity::Callable(callable) => callable,
                Entity::Value(_) => return Err(Diagnostic::typing("this value is not callable", spanned(func))),
                _ => return Err(Diagnostic::typing("a module is not callable", spanned(func))),
            },
        };
        if let (Callable::Callee(Callee::Builtin(op @ (Builtin::Sum | Builtin::Min | Builtin::Max))), [arg]) =
            (&callable, &c.arguments.args[..])
        {
            if c.arguments.keywords.is_empty() {
                if let Some(r) = self.range_reduce(*op, arg)? {
                    return Self::value(ExprKind::RangeReduce(Box::new(r)), sp);
                }
            }
        }
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
        let callee = match callable {
            Callable::Callee(callee) => callee,
            Callable::Range | Callable::Prange => {
                return Err(Diagnostic::unsupported("range() is only supported as the iterable of a for loop", sp))
            }
            Callable::Exception(_) => {
                return Err(Diagnostic::unsupported("exceptions can only be created in a raise statement", sp))
            }
        };
        match callee {
            Callee::Function(_) => Self::value(ExprKind::Call(callee, args, kwargs), sp),
            Callee::Numpy(f) => {
                let (params, required): (&[&str], usize) = match f {
                    NumpyFn::Empty | NumpyFn::Zeros | NumpyFn::Ones => (&["shape", "dtype"], 1),
                    NumpyFn::EmptyLike | NumpyFn::ZerosLike | NumpyFn::OnesLike => (&["prototype", "dtype"], 1),
                    NumpyFn::Full => (&["shape", "fill_value", "dtype"], 2),
                    NumpyFn::FullLike => (&["a", "fill_value", "dtype"], 2),
                    NumpyFn::Arange => (&[], 0),
                    NumpyFn::Copy | NumpyFn::Flipud | NumpyFn::Fliplr | NumpyFn::Transpose | NumpyFn::Ascontiguousarray | NumpyFn::Ravel => (&["a"], 1),
                    NumpyFn::Reshape => (&["a", "newshape"], 2),
                    NumpyFn::Dot => (&["a", "b"], 2),
                    NumpyFn::Linspace => (&[], 0),
                    NumpyFn::Pad => (&[], 0),
                    NumpyFn::Reduce(_) => (&["a", "axis"], 1),
                    // `out=` comes after the operands: one more parameter, optional.
                    NumpyFn::Ufunc(u) => (
                        match u.arity() {
                            1 => &["x", "out"][..],
                            2 => &["x1", "x2", "out"][..],
                            _ => &["condition", "x", "y"][..],
                        },
                        u.arity(),
                    ),
                };
                let out_ok = matches!(f, NumpyFn::Ufunc(_));
                if let Some((name, value)) = kwargs.iter().find(|(n, _)| (n == "out" && !out_ok) || (n == "axis" && !matches!(f, NumpyFn::Reduce(_)))) {
                    return Err(Diagnostic::unsupported(format!("the {name}= argument is not supported yet"), value.span));
                }
                let mut args = args;
                let args = if f == NumpyFn::Pad {
                    pad_args(args, kwargs, sp)?
                } else if f == NumpyFn::Linspace {
                    linspace_args(args, kwargs, sp)?
                } else if f == NumpyFn::Reshape && args.len() > 2 {
                    // `a.reshape(2, 3)` is `a.reshape((2, 3))`.
                    let dims = args.split_off(1);
                    let sp2 = dims[0].span;
                    args.push(Expr::new(ExprKind::Tuple(dims), sp2));
                    bind(args, kwargs, params, required, sp)?
                } else if f == NumpyFn::Arange {
                    // Positional bounds (1 to 3 of them), then an optional dtype.
                    let mut args = args;
                    for (name, value) in kwargs {
                        if name != "dtype" {
                            return Err(Diagnostic::typing(format!("unexpected keyword argument '{name}'"), value.span));
                        }
                        args.push(value);
                    }
                    if !(1..=4).contains(&args.len()) {
                        return Err(Diagnostic::typing("arange takes 1 to 3 bounds and a dtype", sp));
                    }
                    arange_args(args, sp)
                } else {
                    bind(args, kwargs, params, required, sp)?
                };

                Self::value(ExprKind::Call(callee, args, Vec::new()), sp)
            }
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
}

/// `np.pad` arguments as `[array, pad_width, constant_values]`: only NumPy's default mode,
/// `'constant'`, is compiled.
fn pad_args(mut args: Vec<Expr>, kwargs: Vec<(String, Expr)>, sp: Span) -> Result<Vec<Expr>> {
    let mut mode = (args.len() == 3).then(|| args.pop()).flatten();
    let mut value = None;
    for (name, v) in kwargs {
        match name.as_str() {
            "mode" => mode = Some(v),
            "constant_values" => value = Some(v),
            _ => return Err(Diagnostic::typing(format!("unexpected keyword argument '{name}'"), v.span)),
        }
    }
    if args.len() != 2 {
        return Err(Diagnostic::typing("np.pad takes an array and pad_width", sp));
    }
    if let Some(m) = mode {
        if !matches!(&m.kind, ExprKind::Const(Const::Str(s)) if s == "constant") {
            return Err(Diagnostic::unsupported("np.pad is supported with mode='constant' only", m.span));
        }
    }
    args.push(value.unwrap_or_else(|| Expr::new(ExprKind::Const(Const::Int(0)), sp)));
    Ok(args)
}

/// `np.linspace` arguments as `[start, stop, num, endpoint]` plus the dtype if given.
fn linspace_args(mut args: Vec<Expr>, kwargs: Vec<(String, Expr)>, sp: Span) -> Result<Vec<Expr>> {
    let mut slots: Vec<Option<Expr>> = vec![None; 5];
    if args.len() > 5 {
        return Err(Diagnostic::typing("np.linspace takes at most 5 positional arguments here", sp));
    }
    for (k, a) in args.drain(..).enumerate() {
        slots[k] = Some(a);
    }
    for (name, v) in kwargs {
        let k = match name.as_str() {
            "start" => 0,
            "stop" => 1,
            "num" => 2,
            "endpoint" => 3,
            "dtype" => 4,
            _ => return Err(Diagnostic::unsupported(format!("np.linspace's {name}= is not supported"), v.span)),
        };
        slots[k] = Some(v);
    }
    let (Some(start), Some(stop)) = (slots[0].take(), slots[1].take()) else {
        return Err(Diagnostic::typing("np.linspace needs start and stop", sp));
    };
    let num = slots[2].take().unwrap_or_else(|| Expr::new(ExprKind::Const(Const::Int(50)), sp));
    let endpoint = slots[3].take().unwrap_or_else(|| Expr::new(ExprKind::Const(Const::Bool(true)), sp));
    let mut out = vec![start, stop, num, endpoint];
    out.extend(slots[4].take());
    Ok(out)
}

/// `np.arange` arguments as `[start, stop, step]` plus the dtype if given: `arange(n)` is
/// `arange(0, n, 1)`. A dtype passed positionally or by keyword is always last.
fn arange_args(mut args: Vec<Expr>, sp: Span) -> Vec<Expr> {
    let dtype = match args.last() {
        Some(e) if matches!(e.kind, ExprKind::Dtype(_)) => args.pop(),
        _ => None,
    };
    let int = |v| Expr::new(ExprKind::Const(Const::Int(v)), sp);
    let mut out = match args.len() {
        1 => vec![int(0), args.remove(0), int(1)],
        2 => {
            args.push(int(1));
            args
        }
        _ => args,
    };
    out.extend(dtype);
    out
}

/// Binds keyword arguments of a builtin to positions; at least `required` must be given.
fn bind(mut args: Vec<Expr>, kwargs: Vec<(String, Expr)>, params: &[&str], required: usize, sp: Span) -> Result<Vec<Expr>> {
    if args.len() > params.len() {
        return Err(Diagnostic::typing(
            format!("expected at most {} arguments, got {}", params.len(), args.len()),
            sp,
        ));
    }
    let mut slots: Vec<Option<Expr>> = args.drain(..).map(Some).collect();
    slots.resize(params.len(), None);
    for (name, value) in kwargs {
        let Some(i) = params.iter().position(|p| *p == name) else {
            return Err(Diagnostic::typing(format!("unexpected keyword argument '{name}'"), value.span));
        };
        if slots[i].is_some() {
            return Err(Diagnostic::typing(format!("argument '{name}' given twice"), value.span));
        }
        slots[i] = Some(value);
    }
    while slots.last().is_some_and(|s| s.is_none()) {
        slots.pop();
    }
    if slots.len() < required || slots.iter().any(|s| s.is_none()) {
        return Err(Diagnostic::typing("missing required argument", sp));
    }
    Ok(slots.into_iter().flatten().collect())
}

fn global_entity(g: &GlobalValue, name: &str, sp: Span) -> Result<Entity> {
    let value = |kind| Ok(Entity::Value(Expr::new(kind, sp)));
    match g {
        GlobalValue::Int(_) | GlobalValue::Float(_) | GlobalValue::Bool(_) | GlobalValue::None | GlobalValue::Str(_) | GlobalValue::Tuple(_) => {
            value(global_const_expr(g, sp).kind)
        }
        GlobalValue::MathModule => Ok(Entity::MathModule),
        GlobalValue::NumpyModule => Ok(Entity::NumpyModule),
        GlobalValue::MathFn(f) => math_attr(f, sp),
        GlobalValue::NumpyFn(f) => numpy_attr(f, sp),
        GlobalValue::Dtype(d) => Ok(Entity::Callable(Callable::Callee(Callee::ScalarCtor(*d)))),
        GlobalValue::Function(id) => Ok(Entity::Callable(Callable::Callee(Callee::Function(*id)))),
        GlobalValue::Prange => Ok(Entity::Callable(Callable::Prange)),
        GlobalValue::Exception(e) => Ok(Entity::Callable(Callable::Exception(e.clone()))),
        GlobalValue::Opaque(ty) => Err(Diagnostic::unsupported(
            format!("global '{name}' has type '{ty}', which compiled code cannot use"),
            sp,
        )),
    }
}

fn global_const_expr(g: &GlobalValue, sp: Span) -> Expr {
    let kind = match g {
        GlobalValue::Int(v) => ExprKind::Const(Const::Int(*v)),
        GlobalValue::Float(v) => ExprKind::Const(Const::Float(*v)),
        GlobalValue::Bool(v) => ExprKind::Const(Const::Bool(*v)),
        GlobalValue::Str(s) => ExprKind::Const(Const::Str(s.clone())),
        GlobalValue::Tuple(items) => ExprKind::Tuple(items.iter().map(|i| global_const_expr(i, sp)).collect()),
        _ => ExprKind::Const(Const::None),
    };
    Expr::new(kind, sp)
}

fn math_attr(attr: &str, sp: Span) -> Result<Entity> {
    let constant = match attr {
        "pi" => Some(std::f64::consts::PI),
        "e" => Some(std::f64::consts::E),
        "tau" => Some(std::f64::consts::TAU),
        "inf" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(c) = constant {
        return Ok(Entity::Value(Expr::new(ExprKind::Const(Const::Float(c)), sp)));
    }
    match MathFn::from_name(attr) {
        Some(f) => Ok(Entity::Callable(Callable::Callee(Callee::Math(f)))),
        None => Err(Diagnostic::unsupported(format!("math.{attr} is not supported"), sp)),
    }
}

fn numpy_attr(attr: &str, sp: Span) -> Result<Entity> {
    let constant = match attr {
        "pi" => Some(std::f64::consts::PI),
        "e" => Some(std::f64::consts::E),
        "inf" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(c) = constant {
        return Ok(Entity::Value(Expr::new(ExprKind::Const(Const::Float(c)), sp)));
    }
    let f = match attr {
        "empty" => NumpyFn::Empty,
        "zeros" => NumpyFn::Zeros,
        "ones" => NumpyFn::Ones,
        "empty_like" => NumpyFn::EmptyLike,
        "zeros_like" => NumpyFn::ZerosLike,
        "ones_like" => NumpyFn::OnesLike,
        "full" => NumpyFn::Full,
        "full_like" => NumpyFn::FullLike,
        "arange" => NumpyFn::Arange,
        "pad" => NumpyFn::Pad,
        "flipud" => NumpyFn::Flipud,
        "fliplr" => NumpyFn::Fliplr,
        "transpose" => NumpyFn::Transpose,
        "linspace" => NumpyFn::Linspace,
        "ascontiguousarray" => NumpyFn::Ascontiguousarray,
        "reshape" => NumpyFn::Reshape,
        "ravel" => NumpyFn::Ravel,
        "dot" | "matmul" => NumpyFn::Dot,
        "prange" => return Ok(Entity::Callable(Callable::Prange)),
        other => match reduction(other).map(NumpyFn::Reduce).or_else(|| ufunc(other).map(NumpyFn::Ufunc)) {
            Some(f) => f,
            None => {
                if let Some(d) = Dtype::from_name(attr) {
                    return Ok(Entity::Callable(Callable::Callee(Callee::ScalarCtor(d))));
                }
                return Err(Diagnostic::unsupported(format!("np.{attr} is not supported yet"), sp));
            }
        },
    };
    Ok(Entity::Callable(Callable::Callee(Callee::Numpy(f))))
}

fn reduction(name: &str) -> Option<Reduction> {
    Some(match name {
        "sum" => Reduction::Sum,
        "prod" => Reduction::Prod,
        "min" | "amin" => Reduction::Min,
        "max" | "amax" => Reduction::Max,
        "mean" => Reduction::Mean,
        "argmin" => Reduction::Argmin,
        "argmax" => Reduction::Argmax,
        "any" => Reduction::Any,
        "all" => Reduction::All,
        _ => return None,
    })
}

fn ufunc(name: &str) -> Option<Ufunc> {
    Some(match name {
        "sqrt" => Ufunc::Sqrt,
        "exp" => Ufunc::Exp,
        "log" => Ufunc::Log,
        "sin" => Ufunc::Sin,
        "cos" => Ufunc::Cos,
        "abs" | "absolute" => Ufunc::Abs,
        "square" => Ufunc::Square,
        "negative" => Ufunc::Negative,
        "isnan" => Ufunc::Isnan,
        "add" => Ufunc::Add,
        "subtract" => Ufunc::Subtract,
        "multiply" => Ufunc::Multiply,
        "divide" | "true_divide" => Ufunc::Divide,
        "power" => Ufunc::Power,
        "minimum" => Ufunc::Minimum,
        "maximum" => Ufunc::Maximum,
        "where" => Ufunc::Where,
        _ => return None,
    })
}

fn binop(op: ast::Operator, sp: Span) -> Result<BinOp> {
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

/// Folds literal constants (after the front end's own folding of negation).
pub fn fold(e: &Expr) -> Option<Const> {
    match &e.kind {
        ExprKind::Const(c) => Some(c.clone()),
        _ => None,
    }
}

/// Calls `f` with every name the body binds (assignment, augmented assignment, loop targets).
fn collect_assigned(stmts: &[ast::Stmt], f: &mut impl FnMut(&str)) -> Result<()> {
    fn targets(e: &ast::Expr, f: &mut impl FnMut(&str)) {
        match e {
            ast::Expr::Name(n) => f(n.id.as_str()),
            ast::Expr::Tuple(t) => t.elts.iter().for_each(|x| targets(x, f)),
            ast::Expr::List(l) => l.elts.iter().for_each(|x| targets(x, f)),
            _ => {}
        }
    }
    for s in stmts {
        match s {
            ast::Stmt::Assign(a) => a.targets.iter().for_each(|t| targets(t, f)),
            ast::Stmt::AnnAssign(a) => targets(&a.target, f),
            ast::Stmt::AugAssign(a) => targets(&a.target, f),
            ast::Stmt::For(l) => {
                targets(&l.target, f);
                collect_assigned(&l.body, f)?;
                collect_assigned(&l.orelse, f)?;
            }
            ast::Stmt::While(w) => {
                collect_assigned(&w.body, f)?;
                collect_assigned(&w.orelse, f)?;
            }
            ast::Stmt::If(i) => {
                collect_assigned(&i.body, f)?;
                for c in &i.elif_else_clauses {
                    collect_assigned(&c.body, f)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(code: &str) -> FunctionSource {
        FunctionSource {
            name: "f".into(),
            filename: "t.py".into(),
            source: code.into(),
            first_line: 1,
            indent: 0,
            globals: HashMap::from([("math".into(), GlobalValue::MathModule), ("np".into(), GlobalValue::NumpyModule)]),
            options: Default::default(),
        }
    }

    #[test]
    fn locals_are_names_assigned_anywhere() {
        let f = lower(&src("def f(a, b=2):\n    for i in range(a):\n        x = i\n    return x\n"), 0).unwrap();
        let names: Vec<_> = f.locals.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "i", "x"]);
        assert_eq!(f.params[1].default, Some(Const::Int(2)));
        assert!(matches!(f.body[0].kind, StmtKind::ForRange { .. }));
    }

    #[test]
    fn negative_literals_fold_to_constants() {
        let f = lower(&src("def f(x):\n    return x ** -2\n"), 0).unwrap();
        let StmtKind::Return(Some(e)) = &f.body[0].kind else { panic!() };
        let ExprKind::Binary(BinOp::Pow, _, rhs) = &e.kind else { panic!() };
        assert!(matches!(rhs.kind, ExprKind::Const(Const::Int(-2))));
    }

    #[test]
    fn math_constants_and_functions_resolve() {
        let f = lower(&src("def f(x):\n    return math.sqrt(x) + math.pi\n"), 0).unwrap();
        let StmtKind::Return(Some(e)) = &f.body[0].kind else { panic!() };
        let ExprKind::Binary(_, l, r) = &e.kind else { panic!() };
        assert!(matches!(l.kind, ExprKind::Call(Callee::Math(MathFn::Sqrt), _, _)));
        assert!(matches!(r.kind, ExprKind::Const(Const::Float(_))));
    }

    #[test]
    fn unsupported_constructs_point_at_themselves() {
        let code = "def f(x):\n    y = [i for i in range(x)]\n    return y\n";
        let err = lower(&src(code), 0).unwrap_err();
        assert!(err.message.contains("list comprehensions"));
        let s = err.span.unwrap();
        assert_eq!(&code[s.start as usize..s.end as usize], "[i for i in range(x)]");
    }

    #[test]
    fn numpy_keywords_bind_to_positions() {
        let f = lower(&src("def f(n):\n    return np.zeros(dtype=np.int32, shape=n)\n"), 0).unwrap();
        let StmtKind::Return(Some(e)) = &f.body[0].kind else { panic!() };
        let ExprKind::Call(Callee::Numpy(NumpyFn::Zeros), args, _) = &e.kind else { panic!() };
        assert!(matches!(args[1].kind, ExprKind::Dtype(Dtype::I32)));
    }

    #[test]
    fn unknown_names_are_typing_errors() {
        let err = lower(&src("def f(x):\n    return foo(x)\n"), 0).unwrap_err();
        assert!(err.message.contains("'foo' is not defined"));
    }
}
