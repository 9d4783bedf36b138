//! `tuple(...)` and `reversed(range(...))`, whose meaning the front end can settle from syntax.
//!
//! A tuple's length is part of its type, so `tuple(x)` compiles only where the length is known
//! at compile time: no argument, a literal whose items can be read off (`tuple([a, b])`,
//! `tuple("ab")`), a `range` of constant bounds, or a value the type checker finds to be a tuple
//! already. A generator's length is known only when it runs: refused here, naming why.
//!
//! `reversed(range(a, b, c))` with a constant step is the `range` of the same items backwards,
//! so it is a counted loop like any other `range`.
//!
//! `a, *b, c = x` is a block: `x` into a hidden local, CPython's ValueError when it has fewer
//! items than the plain targets, then each target from it by position, the starred one the list
//! of the items between (`[v for v in x[1:-1]]`, of any iterable the comprehension walks). A
//! starred `for` target unpacks a hidden loop variable so.
//!
//! Forms that need a value twice or in steps are rewritten in Python's own terms, the value named
//! by a lambda called at once (`lambda_call`): `min(xs, key=f)` of an `xs` that is no variable,
//! `{**a, k: v}` (a copy updated run by run), `dict(x, k=v)`; `[*a, x]` is `list(a) + [x]`.

use crate::calls::range_bounds;
use crate::entity::{Callable, Entity};
use crate::lowerer::Lowerer;
use crate::{spanned, Result};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span};
use ruff_python_ast as ast;

/// At most this many items make a tuple of a constant `range`.
const MAX_RANGE_ITEMS: i64 = 64;

impl Lowerer<'_> {
    /// `tuple()`, `tuple(x)`: a tuple literal where the items are known, else the call the type
    /// checker decides (a tuple stays itself; anything else is refused there).
    pub(crate) fn tuple_call(&mut self, c: &ast::ExprCall, sp: Span) -> Result<Expr> {
        if let Some(k) = c.arguments.keywords.first() {
            return Err(Diagnostic::typing("tuple() takes no keyword arguments", spanned(k)));
        }
        let x = match &c.arguments.args[..] {
            [] => return Ok(Expr::new(ExprKind::Tuple(Vec::new()), sp)),
            [x] => x,
            args => return Err(Diagnostic::typing(format!("tuple expected at most 1 argument, got {}", args.len()), sp)),
        };
        if let Some(inner) = self.reversed_range(x) {
            return self.tuple_of_range(inner, true, sp);
        }
        match x {
            ast::Expr::List(l) if !l.elts.iter().any(|e| matches!(e, ast::Expr::Starred(_))) => {
                let items = l.elts.iter().map(|e| self.expr(e)).collect::<Result<Vec<_>>>()?;
                Ok(Expr::new(ExprKind::Tuple(items), sp))
            }
            ast::Expr::StringLiteral(s) => {
                let items = s.value.to_str().chars().map(|ch| Expr::new(ExprKind::Const(Const::Str(ch.to_string())), sp)).collect();
                Ok(Expr::new(ExprKind::Tuple(items), sp))
            }
            ast::Expr::Generator(_) | ast::Expr::ListComp(_) | ast::Expr::SetComp(_) | ast::Expr::DictComp(_) | ast::Expr::Starred(_) => Err(Diagnostic::unsupported(
                "tuple() of a generator or comprehension is not supported: a tuple's length is part of its type, and this one's is known only at run time; use list(...) instead",
                spanned(x),
            )),
            ast::Expr::Call(call) if self.is_range_call(call) => self.tuple_of_range(call, false, sp),
            _ => {
                let arg = self.expr(x)?;
                Ok(Expr::new(ExprKind::Call(Callee::Builtin(Builtin::Tuple), vec![arg], Vec::new()), sp))
            }
        }
    }

    /// `tuple(range(...))` of constant bounds: the tuple of its ints (`reversed`: backwards).
    fn tuple_of_range(&mut self, call: &ast::ExprCall, reversed: bool, sp: Span) -> Result<Expr> {
        let args = call.arguments.args.iter().map(|a| self.expr(a)).collect::<Result<Vec<_>>>()?;
        let (start, stop, step) = range_bounds(&args, spanned(call))?;
        let constant = |e: &Expr| match e.kind {
            ExprKind::Const(Const::Int(v)) => Some(v),
            _ => None,
        };
        let refuse = || {
            Diagnostic::unsupported(
                format!("tuple() of a range is supported for constant bounds of at most {MAX_RANGE_ITEMS} items: a tuple's length is part of its type; use list(range(...)) instead"),
                spanned(call),
            )
        };
        let (Some(a), Some(b), Some(c)) = (constant(&start), constant(&stop), constant(&step)) else { return Err(refuse()) };
        if c == 0 {
            return Err(Diagnostic::typing("range() arg 3 must not be zero", spanned(call)));
        }
        let n = if c > 0 { (b as i128 - a as i128 + c as i128 - 1).div_euclid(c as i128) } else { (a as i128 - b as i128 - c as i128 - 1).div_euclid(-c as i128) }.max(0);
        if n > MAX_RANGE_ITEMS as i128 {
            return Err(refuse());
        }
        let mut items: Vec<Expr> = (0..n as i64).map(|k| Expr::new(ExprKind::Const(Const::Int(a + k * c)), sp)).collect();
        if reversed {
            items.reverse();
        }
        Ok(Expr::new(ExprKind::Tuple(items), sp))
    }

    /// Whether `call` calls `range` (or `prange`), under whatever name resolves to it.
    pub(crate) fn is_range_call(&mut self, call: &ast::ExprCall) -> bool {
        matches!(self.entity(&call.func), Ok(Entity::Callable(Callable::Range | Callable::Prange)))
    }

    /// The `range(...)` call inside `reversed(range(...))`, or None for any other expression.
    pub(crate) fn reversed_range<'x>(&mut self, e: &'x ast::Expr) -> Option<&'x ast::ExprCall> {
        let ast::Expr::Call(outer) = e else { return None };
        let (true, [ast::Expr::Call(inner)]) = (outer.arguments.keywords.is_empty(), &outer.arguments.args[..]) else { return None };
        let is_reversed = matches!(self.entity(&outer.func), Ok(Entity::Callable(Callable::Callee(Callee::Builtin(Builtin::Reversed)))));
        (is_reversed && self.is_range_call(inner)).then_some(inner)
    }
}

/// The bounds of the `range` that yields the items of `range(start, stop, step)` backwards, as
/// `reversed` does. The first item of the reversed range is the last of the original,
/// `start + (stop - start - 1) // step * step` for a positive step (a smaller value than
/// `start - step` when the range is empty, so the reversed range is empty too); a step of 1 or -1
/// needs no division. A step known only at run time chooses the `1` by its sign.
pub(crate) fn reverse_bounds(start: Expr, stop: Expr, step: Expr, sp: Span) -> Result<(Expr, Expr, Expr)> {
    // The bounds are read more than once or in another order: only expressions without effects.
    if let Some(e) = [&start, &stop, &step].into_iter().find(|e| !pure(e)) {
        return Err(Diagnostic::unsupported("reversed(range(...)) of a bound that calls a function (other than len) is not supported yet; assign it to a variable first", e.span));
    }
    let int = |v: i64| Expr::new(ExprKind::Const(Const::Int(v)), sp);
    let bin = |op, l: Expr, r: Expr| Expr::new(ExprKind::Binary(op, Box::new(l), Box::new(r)), sp);
    let ExprKind::Const(Const::Int(c)) = step.kind else {
        // A step of 0 divides by 1 and stays 0, which the loop refuses as range() does.
        let is = |op, v| Expr::new(ExprKind::Compare(Box::new(step.clone()), vec![(op, int(v))]), sp);
        let choose = |c, a, b| Expr::new(ExprKind::IfExp(Box::new(c), Box::new(a), Box::new(b)), sp);
        let one = choose(is(CmpOp::Gt, 0), int(1), int(-1));
        let divisor = choose(is(CmpOp::Eq, 0), int(1), step.clone());
        let steps = bin(BinOp::FloorDiv, bin(BinOp::Sub, bin(BinOp::Sub, stop, start.clone()), one), divisor);
        let first = bin(BinOp::Add, start.clone(), bin(BinOp::Mul, steps, step.clone()));
        let back = Expr::new(ExprKind::Unary(UnaryOp::Neg, Box::new(step.clone())), sp);
        return Ok((first, bin(BinOp::Sub, start, step), back));
    };
    if c == 0 {
        return Err(Diagnostic::typing("range() arg 3 must not be zero", step.span));
    }
    Ok(match c {
        1 => (bin(BinOp::Sub, stop, int(1)), bin(BinOp::Sub, start, int(1)), int(-1)),
        -1 => (bin(BinOp::Add, stop, int(1)), bin(BinOp::Add, start, int(1)), int(1)),
        c => {
            // first = start + (stop - start - 1) // c * c for c > 0; with d = -c > 0,
            // first = start - (start - stop - 1) // d * d.
            let (d, toward) = if c > 0 { (c, BinOp::Add) } else { (-c, BinOp::Sub) };
            let span = if c > 0 { bin(BinOp::Sub, stop.clone(), start.clone()) } else { bin(BinOp::Sub, start.clone(), stop.clone()) };
            let steps = bin(BinOp::FloorDiv, bin(BinOp::Sub, span, int(1)), int(d));
            let first = bin(toward, start.clone(), bin(BinOp::Mul, steps, int(d)));
            let back = if c > 0 { BinOp::Sub } else { BinOp::Add };
            (first, bin(back, start, int(d)), int(-c))
        }
    })
}

/// Whether evaluating `e` twice, or later than written, gives the same value and effects:
/// constants, locals, their attributes and items, `len(...)` and operators of such.
fn pure(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Const(_) | ExprKind::Local(_) => true,
        ExprKind::Binary(_, l, r) => pure(l) && pure(r),
        ExprKind::Unary(_, x) | ExprKind::Attr(x, _) => pure(x),
        ExprKind::Index(x, ix) => pure(x) && ix.iter().all(pure),
        ExprKind::Call(Callee::Builtin(Builtin::Len), args, kw) => kw.is_empty() && args.iter().all(pure),
        _ => false,
    }
}

/// The targets of `t1, *t2, t3 = x` (one target, a tuple or list holding one starred name).
pub(crate) fn starred_targets(a: &ast::StmtAssign) -> Option<&[ast::Expr]> {
    let [ast::Expr::Tuple(ast::ExprTuple { elts, .. }) | ast::Expr::List(ast::ExprList { elts, .. })] = a.targets.as_slice() else { return None };
    elts.iter().any(|e| matches!(e, ast::Expr::Starred(_))).then_some(&elts[..])
}

impl Lowerer<'_> {
    /// `a, *b, c = x` (see the module's comment), as an `if True:` block of its statements.
    pub(crate) fn starred_assign(&mut self, a: &ast::StmtAssign, sp: Span) -> Result<StmtKind> {
        let elts = starred_targets(a).expect("checked by the caller");
        let star = elts.iter().position(|e| matches!(e, ast::Expr::Starred(_))).expect("a starred target");
        let (before, after) = (star as i64, (elts.len() - star - 1) as i64);
        let range = ruff_text_size::Ranged::range(a.value.as_ref());
        let hidden = format!("$star{}", self.locals.len());
        let tmp = self.local(&hidden);
        let read = || Expr::new(ExprKind::Local(tmp), sp);
        let int = |v: i64| Expr::new(ExprKind::Const(Const::Int(v)), sp);
        let value = self.range_as_list(&a.value);
        let mut body = vec![Stmt { kind: StmtKind::Assign { targets: vec![Target::Local(tmp, sp)], value: self.expr(&value)? }, span: sp }];
        // CPython's message names the count it found.
        let len = Expr::new(ExprKind::Call(Callee::Builtin(Builtin::Len), vec![read()], Vec::new()), sp);
        let text = |s: String| Expr::new(ExprKind::Const(Const::Str(s)), sp);
        let got = Expr::new(ExprKind::Call(Callee::Builtin(Builtin::Str), vec![len.clone()], Vec::new()), sp);
        let head = text(format!("not enough values to unpack (expected at least {}, got ", before + after));
        let message = Expr::new(ExprKind::Binary(BinOp::Add, Box::new(head), Box::new(got)), sp);
        let message = Expr::new(ExprKind::Binary(BinOp::Add, Box::new(message), Box::new(text(")".into()))), sp);
        let short = Expr::new(ExprKind::Compare(Box::new(len), vec![(CmpOp::Lt, int(before + after))]), sp);
        let class = ExcClass { name: "ValueError".into(), ancestry: Vec::new() };
        let raise = Stmt { kind: StmtKind::Raise { exc: class, args: vec![RaiseArg::Value(message)] }, span: sp };
        body.push(Stmt { kind: StmtKind::If { cond: short, then: vec![raise], orelse: Vec::new() }, span: sp });
        for (k, e) in elts.iter().enumerate() {
            let value = match e {
                ast::Expr::Starred(s) => {
                    let middle = self.middle_items(&hidden, before, after, range)?;
                    body.push(Stmt { kind: StmtKind::Assign { targets: vec![self.target(&s.value)?], value: middle }, span: sp });
                    continue;
                }
                _ if (k as i64) < before => int(k as i64),
                _ => int(k as i64 - elts.len() as i64),
            };
            let item = Expr::new(ExprKind::Index(Box::new(read()), vec![value]), sp);
            body.push(Stmt { kind: StmtKind::Assign { targets: vec![self.target(e)?], value: item }, span: sp });
        }
        Ok(StmtKind::If { cond: Expr::new(ExprKind::Const(Const::Bool(true)), sp), then: body, orelse: Vec::new() })
    }

    /// `range(...)`, which is no value, as the list of its items, `[i for i in range(...)]`; any
    /// other expression as it is.
    pub(crate) fn range_as_list(&mut self, x: &ast::Expr) -> ast::Expr {
        let ast::Expr::Call(r) = x else { return x.clone() };
        if !self.is_range_call(r) {
            return x.clone();
        }
        let range = ruff_text_size::Ranged::range(x);
        let name = |ctx| ast::Expr::Name(ast::ExprName { node_index: Default::default(), range, id: ast::name::Name::new("<item>"), ctx });
        let comp = ast::Comprehension { range, node_index: Default::default(), target: name(ast::ExprContext::Store), iter: x.clone(), ifs: Vec::new(), is_async: false };
        ast::Expr::ListComp(ast::ExprListComp { node_index: Default::default(), range, elt: Box::new(name(ast::ExprContext::Load)), generators: vec![comp] })
    }

    /// `for a, *b in rows:` as `for <row> in rows: a, *b = <row>` and the body.
    pub(crate) fn starred_for(&mut self, f: &ast::StmtFor) -> Result<StmtKind> {
        let range = ruff_text_size::Ranged::range(f.target.as_ref());
        let hidden = format!("$for{}", self.locals.len());
        self.local(&hidden);
        let name = |ctx| ast::Expr::Name(ast::ExprName { node_index: Default::default(), range, id: ast::name::Name::new(&hidden), ctx });
        let unpack = ast::Stmt::Assign(ast::StmtAssign { node_index: Default::default(), range, targets: vec![(*f.target).clone()], value: Box::new(name(ast::ExprContext::Load)) });
        let mut plain = f.clone();
        plain.target = Box::new(name(ast::ExprContext::Store));
        plain.body.insert(0, unpack);
        self.for_stmt(&plain)
    }

    /// `[v for v in x[before:-after]]` of the hidden local `x`.
    fn middle_items(&mut self, hidden: &str, before: i64, after: i64, range: ruff_text_size::TextRange) -> Result<Expr> {
        let name = |id: &str, ctx| ast::Expr::Name(ast::ExprName { node_index: Default::default(), range, id: ast::name::Name::new(id), ctx });
        let number = |v: i64| {
            let literal = ast::Expr::NumberLiteral(ast::ExprNumberLiteral { node_index: Default::default(), range, value: ast::Number::Int(ast::Int::from(v.unsigned_abs())) });
            Box::new(match v < 0 {
                true => ast::Expr::UnaryOp(ast::ExprUnaryOp { node_index: Default::default(), range, op: ast::UnaryOp::USub, operand: Box::new(literal) }),
                false => literal,
            })
        };
        let slice = ast::Expr::Slice(ast::ExprSlice { node_index: Default::default(), range, lower: Some(number(before)), upper: (after > 0).then(|| number(-after)), step: None });
        let iter = ast::Expr::Subscript(ast::ExprSubscript { node_index: Default::default(), range, value: Box::new(name(hidden, ast::ExprContext::Load)), slice: Box::new(slice), ctx: ast::ExprContext::Load });
        let item = "$item";
        let comp = ast::Comprehension { range, node_index: Default::default(), target: name(item, ast::ExprContext::Store), iter, ifs: Vec::new(), is_async: false };
        self.comprehension_call(crate::comprehensions::Collect::List, &[comp], &name(item, ast::ExprContext::Load), None, range)
    }

    /// `min(xs, key=f, default=d)` and `max(...)` with either keyword: the call with `xs` (a
    /// generator made the list comprehension of its items) and the keywords `key` (the list of
    /// the keys, `[f(x) for x in xs]`) and `default`, which the type checker and code generation
    /// read by name.
    pub(crate) fn min_max_keywords(&mut self, op: Builtin, c: &ast::ExprCall, sp: Span) -> Result<Expr> {
        let name = if op == Builtin::Min { "min" } else { "max" };
        let keyed = c.arguments.keywords.iter().any(|k| k.arg.as_ref().is_some_and(|a| a.id.as_str() == "key") && !matches!(k.value, ast::Expr::NoneLiteral(_)));
        if let [x] = &c.arguments.args[..] {
            if self.iteration_call(x) {
                return self.min_max_keywords(op, &crate::calls::listed(c), sp);
            }
        }
        if let ([x], true) = (&c.arguments.args[..], keyed) {
            if !self.rereadable(x) && !crate::calls::is_dict_view(x) {
                return self.keyed_call_of_value(c);
            }
        }
        let (mut key, mut default) = (None, None);
        for k in c.arguments.keywords.iter() {
            match k.arg.as_ref().map(|a| a.id.as_str()) {
                Some("key") if matches!(k.value, ast::Expr::NoneLiteral(_)) => {}
                Some("key") => key = Some(&k.value),
                Some("default") => default = Some(self.expr(&k.value)?),
                Some(other) => return Err(Diagnostic::typing(format!("'{other}' is an invalid keyword argument for {name}()"), spanned(k))),
                None => return Err(Diagnostic::unsupported("**kwargs in calls are not supported", spanned(k))),
            }
        }
        let xs_ast = match &c.arguments.args[..] {
            [x] => x,
            [] => return Err(Diagnostic::typing(format!("{name} expected at least 1 argument, got 0"), sp)),
            _ if default.is_some() => return Err(Diagnostic::typing(format!("Cannot specify a default for {name}() with multiple positional arguments"), sp)),
            _ => return Err(Diagnostic::unsupported(format!("{name}() of several arguments with a key function is not supported yet; pass them as one list"), sp)),
        };
        let xs = match xs_ast {
            ast::Expr::Generator(g) => self.comprehension_call(crate::comprehensions::Collect::List, &g.generators, &g.elt, None, g.range)?,
            ast::Expr::Call(call) if self.is_range_call(call) => Expr::new(ExprKind::RangeReduce(Box::new(self.range_reduce(Builtin::List, xs_ast)?.expect("a range"))), sp),
            x if crate::calls::is_dict_view(x) => self.view_items(x)?,
            x => match self.keys_if_dict(x)? {
                Some(keys) => keys,
                None => self.expr(x)?,
            },
        };
        let mut kwargs = Vec::new();
        if let Some(f) = key {
            kwargs.push(("key".to_string(), self.key_list(xs_ast, f, &format!("{name}() with a key function of"))?));
        }
        if let Some(d) = default {
            kwargs.push(("default".to_string(), d));
        }
        Ok(Expr::new(ExprKind::Call(Callee::Builtin(op), vec![xs], kwargs), sp))
    }

    /// `f(xs, key=k, ...)` whose `xs` is no variable (a key function needs the items twice: for
    /// them and for their keys) as `(lambda <items>: f(<items>, key=k, ...))(xs)`: `xs` evaluated
    /// once, before the key function is called, as in CPython; a generator as the list of its items.
    pub(crate) fn keyed_call_of_value(&mut self, c: &ast::ExprCall) -> Result<Expr> {
        let xs = &c.arguments.args[0];
        let range = ruff_text_size::Ranged::range(xs);
        let items = ast::Expr::Name(ast::ExprName { node_index: Default::default(), range, id: ast::name::Name::new("<items>"), ctx: ast::ExprContext::Load });
        let mut inner = c.clone();
        let mut args = inner.arguments.args.to_vec();
        args[0] = items;
        inner.arguments.args = args.into_boxed_slice();
        let value = match xs {
            ast::Expr::Generator(g) => ast::Expr::ListComp(ast::ExprListComp { node_index: Default::default(), range: g.range, elt: g.elt.clone(), generators: g.generators.clone() }),
            x => self.range_as_list(x),
        };
        self.expr(&lambda_call("<items>", ast::Expr::Call(inner), value, ruff_text_size::Ranged::range(c)))
    }

    /// `{**a, k: v, **b}`: `dict(a)` (or the literal of the keys before the first `**`), then
    /// each later run updating it in turn (`(lambda <d>: (<d>.update(run), <d>)[1])(...)`), so the
    /// items are evaluated left to right and later keys win, as in CPython.
    pub(crate) fn dict_display_unpacked(&mut self, d: &ast::ExprDict) -> Result<Expr> {
        let range = d.range;
        let name = |id: &str, ctx| ast::Expr::Name(ast::ExprName { node_index: Default::default(), range, id: ast::name::Name::new(id), ctx });
        let call = |func: ast::Expr, args: Vec<ast::Expr>| {
            ast::Expr::Call(ast::ExprCall {
                node_index: Default::default(),
                range_start: range.start(),
                func: Box::new(func),
                arguments: ast::Arguments { range, node_index: Default::default(), args: args.into_boxed_slice(), keywords: Default::default() },
            })
        };
        let mut runs: Vec<ast::Expr> = Vec::new();
        let mut literal: Vec<ast::DictItem> = Vec::new();
        for item in &d.items {
            match &item.key {
                Some(_) => literal.push(item.clone()),
                None => {
                    if !literal.is_empty() {
                        runs.push(ast::Expr::Dict(ast::ExprDict { node_index: Default::default(), range, items: std::mem::take(&mut literal) }));
                    }
                    runs.push(item.value.clone());
                }
            }
        }
        if !literal.is_empty() {
            runs.push(ast::Expr::Dict(ast::ExprDict { node_index: Default::default(), range, items: literal }));
        }
        let mut runs = runs.into_iter();
        let first = runs.next().expect("a `**` item");
        // The copy of a mapping named first: `dict(x)` reads a variable as a dict.
        let mut acc = match first {
            d @ ast::Expr::Dict(_) => d,
            x => lambda_call("<d>", call(name("dict", ast::ExprContext::Load), vec![name("<d>", ast::ExprContext::Load)]), x, range),
        };
        for run in runs {
            acc = updated(acc, vec![run], Vec::new(), range);
        }
        self.expr(&acc)
    }

    /// `[*a, x, y, *b]`: `list(a) + [x, y] + list(b)`, each part evaluated in order.
    pub(crate) fn list_display_unpacked(&mut self, l: &ast::ExprList) -> Result<Expr> {
        self.display_unpacked(&l.elts, "list", l.range)
    }

    /// `(a, *t, b)`: `(a,) + tuple(t) + (b,)`. The starred items must be tuples, whose length is
    /// in their type (`tuple()` refuses anything else by name).
    pub(crate) fn tuple_display_unpacked(&mut self, t: &ast::ExprTuple) -> Result<Expr> {
        self.display_unpacked(&t.elts, "tuple", t.range)
    }

    /// A list or tuple display with starred items: the concatenation of its runs of plain items
    /// and of `list(x)`/`tuple(x)` of each starred `x`, as CPython builds it.
    fn display_unpacked(&mut self, elts: &[ast::Expr], kind: &str, range: ruff_text_size::TextRange) -> Result<Expr> {
        let mut parts: Vec<ast::Expr> = Vec::new();
        let mut run: Vec<ast::Expr> = Vec::new();
        let display = |elts: Vec<ast::Expr>| match kind {
            "list" => ast::Expr::List(ast::ExprList { node_index: Default::default(), range, elts, ctx: ast::ExprContext::Load }),
            _ => ast::Expr::Tuple(ast::ExprTuple { node_index: Default::default(), range, elts, ctx: ast::ExprContext::Load, parenthesized: true }),
        };
        for e in elts {
            match e {
                ast::Expr::Starred(s) => {
                    if !run.is_empty() {
                        parts.push(display(std::mem::take(&mut run)));
                    }
                    let func = ast::Expr::Name(ast::ExprName { node_index: Default::default(), range, id: ast::name::Name::new(kind), ctx: ast::ExprContext::Load });
                    let arguments = ast::Arguments { range, node_index: Default::default(), args: Box::new([(*s.value).clone()]), keywords: Default::default() };
                    parts.push(ast::Expr::Call(ast::ExprCall { node_index: Default::default(), range_start: range.start(), func: Box::new(func), arguments }));
                }
                e => run.push(e.clone()),
            }
        }
        if !run.is_empty() {
            parts.push(display(run));
        }
        let joined = parts
            .into_iter()
            .reduce(|a, b| ast::Expr::BinOp(ast::ExprBinOp { node_index: Default::default(), range, left: Box::new(a), op: ast::Operator::Add, right: Box::new(b) }))
            .expect("a starred item");
        self.expr(&joined)
    }
}

/// `(lambda <d>: (<d>.update(args, **keywords), <d>)[1])(dict)`: the dict `dict` evaluates to,
/// updated.
pub(crate) fn updated(dict: ast::Expr, args: Vec<ast::Expr>, keywords: Vec<ast::Keyword>, range: ruff_text_size::TextRange) -> ast::Expr {
    let d = || ast::Expr::Name(ast::ExprName { node_index: Default::default(), range, id: ast::name::Name::new("<d>"), ctx: ast::ExprContext::Load });
    let update = ast::Expr::Attribute(ast::ExprAttribute { node_index: Default::default(), range, value: Box::new(d()), attr: ast::Identifier::new("update", range), ctx: ast::ExprContext::Load });
    let arguments = ast::Arguments { range, node_index: Default::default(), args: args.into_boxed_slice(), keywords: keywords.into_iter().collect() };
    let call = ast::Expr::Call(ast::ExprCall { node_index: Default::default(), range_start: range.start(), func: Box::new(update), arguments });
    let pair = ast::Expr::Tuple(ast::ExprTuple { node_index: Default::default(), range, elts: vec![call, d()], ctx: ast::ExprContext::Load, parenthesized: true });
    let one = ast::Expr::NumberLiteral(ast::ExprNumberLiteral { node_index: Default::default(), range, value: ast::Number::Int(ast::Int::from(1u32)) });
    let body = ast::Expr::Subscript(ast::ExprSubscript { node_index: Default::default(), range, value: Box::new(pair), slice: Box::new(one), ctx: ast::ExprContext::Load });
    lambda_call("<d>", body, dict, range)
}

/// `(lambda <param>: body)(arg)`: `arg` evaluated once and named, for a body that reads it twice.
pub(crate) fn lambda_call(param: &str, body: ast::Expr, arg: ast::Expr, range: ruff_text_size::TextRange) -> ast::Expr {
    let parameter = ast::Parameter { range, node_index: Default::default(), name: ast::Identifier::new(param, range), annotation: None };
    let parameters = ast::Parameters {
        range,
        node_index: Default::default(),
        posonlyargs: Default::default(),
        args: [ast::ParameterWithDefault { range, node_index: Default::default(), parameter, default: None }].into_iter().collect(),
        vararg: None,
        kwonlyargs: Default::default(),
        kwarg: None,
    };
    let lambda = ast::Expr::Lambda(ast::ExprLambda { node_index: Default::default(), range, parameters: Some(Box::new(parameters)), body: Box::new(body) });
    let arguments = ast::Arguments { range, node_index: Default::default(), args: Box::new([arg]), keywords: Default::default() };
    ast::Expr::Call(ast::ExprCall { node_index: Default::default(), range_start: range.start(), func: Box::new(lambda), arguments })
}

/// The call `list(x)`.
pub(crate) fn list_call(x: &ast::Expr) -> ast::Expr {
    let range = ruff_text_size::Ranged::range(x);
    let list = ast::Expr::Name(ast::ExprName { node_index: Default::default(), range, id: ast::name::Name::new("list"), ctx: ast::ExprContext::Load });
    ast::Expr::Call(ast::ExprCall {
        node_index: Default::default(),
        range_start: range.start(),
        func: Box::new(list),
        arguments: ast::Arguments { node_index: Default::default(), range, args: Box::new([x.clone()]), keywords: Default::default() },
    })
}
