//! Python's range objects as values (`r = range(n)`, `len(r)`, `r[i]`, `r[a:b]`, `x in r`,
//! `r.index(x)`, `r.start`): a rewrite of the function's syntax tree before it is lowered.
//!
//! A local whose every assignment is a range (a `range(...)` call, or a slice of a range) becomes
//! three locals, `r.start`, `r.stop` and `r.step` (names no Python code can write). Every other
//! read of `r` becomes `range(r.start, r.stop, r.step)`, which the consumers of a range call (for
//! loops, `list`, `sum`, `zip`, `reversed`...) already take. The operations of a range are calls
//! of the library's `_range_*` functions (`library/ranges.py`) on its bounds, the tuple
//! `(r.start, r.stop, r.step)`; a `range(...)` call written in place (`len(range(a, b, c))`) has
//! the bounds `_range_bounds(a, b, c)`, which checks them as `range()` does.

use ruff_python_ast::visitor::transformer::{self, Transformer};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, ExprContext};
use ruff_text_size::{Ranged, TextRange};
use std::collections::HashSet;

/// Rewrites the range variables of the functions in `body` (see the module's comment).
pub(crate) fn rewrite(body: &mut [ast::Stmt]) {
    let mut stores = Stores::default();
    body.iter().for_each(|s| stores.visit_stmt(s));
    if stores.other.contains("range") || stores.assigns.iter().any(|(t, _)| t == "range") {
        return;
    }
    let mut names: HashSet<String> = stores.assigns.iter().map(|(t, _)| t.clone()).filter(|t| !stores.other.contains(t)).collect();
    // A slice of a name is a range only if that name is one.
    while let Some(t) = stores.assigns.iter().find(|(t, base)| names.contains(t) && base.as_ref().is_some_and(|b| !names.contains(b))).map(|(t, _)| t.clone()) {
        names.remove(&t);
    }
    let r = Rewrite { names };
    body.iter_mut().for_each(|s| r.visit_stmt(s));
}

/// The names assigned a range (with the name a slice is taken of) and the names stored otherwise.
#[derive(Default)]
struct Stores {
    assigns: Vec<(String, Option<String>)>,
    other: HashSet<String>,
}

impl<'a> Visitor<'a> for Stores {
    fn visit_stmt(&mut self, s: &'a ast::Stmt) {
        match s {
            ast::Stmt::Assign(a) => {
                if let ([ast::Expr::Name(n)], Some(base)) = (&a.targets[..], range_value(&a.value)) {
                    self.assigns.push((n.id.to_string(), base));
                    self.visit_expr(&a.value);
                    return;
                }
            }
            ast::Stmt::Global(ast::StmtGlobal { names, .. }) | ast::Stmt::Nonlocal(ast::StmtNonlocal { names, .. }) => {
                self.other.extend(names.iter().map(|n| n.id.to_string()));
            }
            ast::Stmt::FunctionDef(f) => {
                self.other.insert(f.name.id.to_string());
            }
            ast::Stmt::Import(ast::StmtImport { names, .. }) | ast::Stmt::ImportFrom(ast::StmtImportFrom { names, .. }) => {
                self.other.extend(names.iter().map(|a| a.asname.as_ref().unwrap_or(&a.name).id.to_string()));
            }
            _ => {}
        }
        visitor::walk_stmt(self, s);
    }

    fn visit_expr(&mut self, e: &'a ast::Expr) {
        if let ast::Expr::Name(n) = e {
            if !matches!(n.ctx, ExprContext::Load) {
                self.other.insert(n.id.to_string());
            }
        }
        visitor::walk_expr(self, e);
    }

    fn visit_parameter(&mut self, p: &'a ast::Parameter) {
        self.other.insert(p.name.id.to_string());
        visitor::walk_parameter(self, p);
    }

    fn visit_except_handler(&mut self, h: &'a ast::ExceptHandler) {
        let ast::ExceptHandler::ExceptHandler(h2) = h;
        if let Some(n) = &h2.name {
            self.other.insert(n.id.to_string());
        }
        visitor::walk_except_handler(self, h);
    }
}

/// Whether `e` is a range an assignment may give a range variable: `Some(None)` for a `range(...)`
/// call or a slice of one, `Some(Some(name))` for a slice of a name.
fn range_value(e: &ast::Expr) -> Option<Option<String>> {
    match e {
        ast::Expr::Call(c) => range_args(c).map(|_| None),
        ast::Expr::Subscript(s) if matches!(*s.slice, ast::Expr::Slice(_)) => match &*s.value {
            ast::Expr::Name(n) => Some(Some(n.id.to_string())),
            ast::Expr::Call(c) => range_args(c).map(|_| None),
            _ => None,
        },
        _ => None,
    }
}

/// The arguments of a call of `range` as Python writes it (one to three positional ones).
fn range_args(c: &ast::ExprCall) -> Option<&[ast::Expr]> {
    let is_range = matches!(&*c.func, ast::Expr::Name(n) if n.id.as_str() == "range");
    let plain = c.arguments.keywords.is_empty() && (1..=3).contains(&c.arguments.args.len()) && !c.arguments.args.iter().any(|a| a.is_starred_expr());
    (is_range && plain).then_some(&c.arguments.args[..])
}

struct Rewrite {
    names: HashSet<String>,
}

const BOUNDS: [&str; 3] = ["start", "stop", "step"];

impl Rewrite {
    /// The bounds tuple of `e` if it is a range: a range variable or a `range(...)` call.
    fn bounds(&self, e: &ast::Expr) -> Option<ast::Expr> {
        match e {
            ast::Expr::Name(n) if self.names.contains(n.id.as_str()) => {
                let items = BOUNDS.iter().map(|b| name(&format!("{}.{b}", n.id), n.range, ExprContext::Load)).collect();
                Some(ast::Expr::Tuple(ast::ExprTuple { node_index: Default::default(), range: n.range, elts: items, ctx: ExprContext::Load, parenthesized: true }))
            }
            ast::Expr::Call(c) => range_args(c).map(|args| call("_range_bounds", args.to_vec(), c.range())),
            ast::Expr::Subscript(s) => {
                let ast::Expr::Slice(sl) = &*s.slice else { return None };
                let bounds = self.bounds(&s.value)?;
                let part = |p: &Option<Box<ast::Expr>>| p.as_deref().cloned().unwrap_or_else(|| ast::Expr::NoneLiteral(ast::ExprNoneLiteral { node_index: Default::default(), range: sl.range }));
                Some(call("_range_slice", vec![bounds, part(&sl.lower), part(&sl.upper), part(&sl.step)], s.range))
            }
            _ => None,
        }
    }

    /// `e` where only its truth is read (an `if` or `while` test, an operand of `and`/`or` or
    /// `not` there): a range is true when it is not empty.
    fn truth(&self, e: &mut ast::Expr) {
        match e {
            ast::Expr::BoolOp(b) => b.values.iter_mut().for_each(|v| self.truth(v)),
            ast::Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => self.truth(&mut u.operand),
            _ => {
                if let Some(bounds) = self.bounds(e) {
                    let at = e.range();
                    *e = length_compare(bounds, ast::CmpOp::NotEq, at);
                }
            }
        }
    }

    /// `e` written with the library's range operations, if it is one of them.
    fn operation(&self, e: &ast::Expr) -> Option<ast::Expr> {
        let at = e.range();
        match e {
            ast::Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => Some(length_compare(self.bounds(&u.operand)?, ast::CmpOp::Eq, at)),
            ast::Expr::Call(c) if c.arguments.keywords.is_empty() => match (&*c.func, &c.arguments.args[..]) {
                (ast::Expr::Name(f), [x]) if f.id.as_str() == "len" => Some(call("_range_len", vec![self.bounds(x)?], at)),
                (ast::Expr::Name(f), [x]) if f.id.as_str() == "bool" => Some(length_compare(self.bounds(x)?, ast::CmpOp::NotEq, at)),
                (ast::Expr::Attribute(a), [x]) if matches!(a.attr.id.as_str(), "index" | "count") => {
                    let op = if a.attr.id.as_str() == "index" { "_range_index" } else { "_range_count" };
                    Some(call(op, vec![self.bounds(&a.value)?, x.clone()], at))
                }
                _ => None,
            },
            ast::Expr::Subscript(s) if !matches!(*s.slice, ast::Expr::Slice(_)) => Some(call("_range_item", vec![self.bounds(&s.value)?, (*s.slice).clone()], at)),
            ast::Expr::Compare(c) if c.ops.len() == 1 && matches!(c.ops[0], ast::CmpOp::In | ast::CmpOp::NotIn) => {
                let found = call("_range_contains", vec![self.bounds(&c.comparators[0])?, (*c.left).clone()], at);
                if c.ops[0] == ast::CmpOp::In {
                    return Some(found);
                }
                Some(ast::Expr::UnaryOp(ast::ExprUnaryOp { node_index: Default::default(), range: at, op: ast::UnaryOp::Not, operand: Box::new(found) }))
            }
            ast::Expr::Attribute(a) if matches!(a.ctx, ExprContext::Load) => {
                let k = BOUNDS.iter().position(|b| *b == a.attr.id.as_str())?;
                match self.bounds(&a.value)? {
                    ast::Expr::Tuple(mut t) => Some(t.elts.swap_remove(k)),
                    bounds => Some(ast::Expr::Subscript(ast::ExprSubscript { node_index: Default::default(), range: at, value: Box::new(bounds), slice: Box::new(int(k as u8, at)), ctx: ExprContext::Load })),
                }
            }
            _ => None,
        }
    }
}

impl Transformer for Rewrite {
    fn visit_stmt(&self, s: &mut ast::Stmt) {
        if let ast::Stmt::Assign(a) = s {
            if let [ast::Expr::Name(n)] = &a.targets[..] {
                if self.names.contains(n.id.as_str()) {
                    let targets = BOUNDS.iter().map(|b| name(&format!("{}.{b}", n.id), n.range, ExprContext::Store)).collect();
                    a.targets[0] = ast::Expr::Tuple(ast::ExprTuple { node_index: Default::default(), range: n.range, elts: targets, ctx: ExprContext::Store, parenthesized: false });
                    *a.value = self.bounds(&a.value).expect("range_value took a range");
                    transformer::walk_expr(self, &mut a.value);
                    return;
                }
            }
        }
        match s {
            ast::Stmt::If(i) => {
                self.truth(&mut i.test);
                i.elif_else_clauses.iter_mut().filter_map(|c| c.test.as_mut()).for_each(|t| self.truth(t));
            }
            ast::Stmt::While(w) => self.truth(&mut w.test),
            ast::Stmt::Assert(a) => self.truth(&mut a.test),
            _ => {}
        }
        transformer::walk_stmt(self, s);
    }

    fn visit_expr(&self, e: &mut ast::Expr) {
        match e {
            ast::Expr::If(i) => self.truth(&mut i.test),
            ast::Expr::ListComp(ast::ExprListComp { generators, .. })
            | ast::Expr::SetComp(ast::ExprSetComp { generators, .. })
            | ast::Expr::DictComp(ast::ExprDictComp { generators, .. })
            | ast::Expr::Generator(ast::ExprGenerator { generators, .. }) => {
                generators.iter_mut().flat_map(|g| g.ifs.iter_mut()).for_each(|t| self.truth(t));
            }
            _ => {}
        }
        if let Some(new) = self.operation(e) {
            *e = new;
            transformer::walk_expr(self, e);
            return;
        }
        if let ast::Expr::Name(n) = e {
            if matches!(n.ctx, ExprContext::Load) && self.names.contains(n.id.as_str()) {
                let args = BOUNDS.iter().map(|b| name(&format!("{}.{b}", n.id), n.range, ExprContext::Load)).collect();
                *e = call_of("range", args, n.range);
                return;
            }
        }
        // A slice of a range used as a range (`for i in r[::2]`): the range of the slice's
        // bounds, each read from the library's tuple of them.
        if let (ast::Expr::Subscript(s), Some(bounds)) = (&*e, self.bounds(e)) {
            let at = s.range;
            let args = (0..3u8).map(|k| ast::Expr::Subscript(ast::ExprSubscript { node_index: Default::default(), range: at, value: Box::new(bounds.clone()), slice: Box::new(int(k, at)), ctx: ExprContext::Load })).collect();
            *e = call_of("range", args, at);
        }
        transformer::walk_expr(self, e);
    }
}

/// `_range_len(bounds) op 0`.
fn length_compare(bounds: ast::Expr, op: ast::CmpOp, range: TextRange) -> ast::Expr {
    let len = call("_range_len", vec![bounds], range);
    ast::Expr::Compare(ast::ExprCompare { node_index: Default::default(), range, left: Box::new(len), ops: Box::new([op]), comparators: Box::new([int(0, range)]) })
}

fn int(k: u8, range: TextRange) -> ast::Expr {
    ast::Expr::NumberLiteral(ast::ExprNumberLiteral { node_index: Default::default(), range, value: ast::Number::Int(ast::Int::from(k)) })
}

fn name(id: &str, range: TextRange, ctx: ExprContext) -> ast::Expr {
    ast::Expr::Name(ast::ExprName { node_index: Default::default(), range, id: id.into(), ctx })
}

/// A call of the library function `f`, by the name `names.rs` gives it.
fn call(f: &str, args: Vec<ast::Expr>, range: TextRange) -> ast::Expr {
    call_of(&format!("__hasten{f}"), args, range)
}

fn call_of(f: &str, args: Vec<ast::Expr>, range: TextRange) -> ast::Expr {
    let arguments = ast::Arguments { range, node_index: Default::default(), args: args.into_boxed_slice(), keywords: Default::default() };
    ast::Expr::Call(ast::ExprCall { node_index: Default::default(), range_start: range.start(), func: Box::new(name(f, range, ExprContext::Load)), arguments })
}
