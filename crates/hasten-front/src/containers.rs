//! Dict and set constructors and methods that take any iterable, as CPython's do: `dict(pairs)`,
//! `dict(d)`, `dict(k=v)`, `dict.fromkeys(it, v)`, `d.update(pairs)`, `d.update(k=v)`, the set
//! methods of any iterable (`s.union([1, 2])`, `s.issubset(range(9))`...), and `sorted/min/max/
//! sum/any/all` of a dict (its keys).
//!
//! An argument that is not already of the receiver's kind becomes the comprehension CPython's
//! conversion amounts to (`{k: v for k, v in pairs}`, `{x for x in it}`, `[k for k in d]`). A local
//! variable, whose kind only the type checker knows, becomes `x if isinstance(x, dict) else {...}`,
//! a choice the type checker decides from `x`'s type and prunes (`typetests.rs`), so a dict or set
//! argument is still used as it is.

use crate::bind::Kwargs;
use crate::comprehensions::Collect;
use crate::entity::{Callable, Entity};
use crate::lowerer::Lowerer;
use crate::{spanned, Result};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span};
use ruff_python_ast as ast;
use ruff_text_size::{Ranged, TextRange};

impl Lowerer<'_> {
    /// `dict(x)`, `dict(k=v, ...)` and `dict(x, k=v)`, or None for the forms `calls.rs` handles
    /// (`dict()`, `dict(zip(...))`, `dict(enumerate(...))`).
    pub(crate) fn dict_call(&mut self, c: &ast::ExprCall, sp: Span) -> Result<Option<Expr>> {
        let keywords = &c.arguments.keywords[..];
        match &c.arguments.args[..] {
            [] if keywords.is_empty() => Ok(None),
            [] => Ok(Some(self.keyword_dict(keywords, sp)?)),
            [ast::Expr::Starred(_)] => Ok(None),
            [x] if keywords.is_empty() => Ok(Some(self.as_dict(x, true)?)),
            [_] => {
                // `dict(x, k=v)`: `dict(x)` updated with the keywords.
                let mut copy = c.clone();
                copy.arguments.keywords = Default::default();
                let whole = crate::sequences::updated(ast::Expr::Call(copy), Vec::new(), c.arguments.keywords.to_vec(), c.range());
                self.expr(&whole).map(Some)
            }
            args => Err(Diagnostic::typing(format!("dict expected at most 1 argument, got {}", args.len()), sp)),
        }
    }

    /// `dict.fromkeys(iterable, value=None)`: `{k: value for k in iterable}`. CPython stores the one
    /// value under every key, so the value must be one whose evaluation per key changes nothing: a
    /// constant or a variable.
    pub(crate) fn dict_fromkeys(&mut self, c: &ast::ExprCall, sp: Span) -> Result<Expr> {
        if let Some(k) = c.arguments.keywords.first() {
            return Err(Diagnostic::typing("dict.fromkeys() takes no keyword arguments", spanned(k)));
        }
        let none = ast::Expr::NoneLiteral(ast::ExprNoneLiteral { node_index: Default::default(), range: c.range() });
        let (iterable, value) = match &c.arguments.args[..] {
            [it] => (it, &none),
            [it, v] => (it, v),
            args => return Err(Diagnostic::typing(format!("fromkeys expected 1 to 2 arguments, got {}", args.len()), sp)),
        };
        if !evaluates_alike(value) {
            return Err(Diagnostic::unsupported(
                "dict.fromkeys() with a value that is not a constant or a variable is not supported yet; assign it to a variable first",
                spanned(value),
            ));
        }
        let item = || name("<item>", ast::ExprContext::Load, iterable.range());
        let comp = for_in(name("<item>", ast::ExprContext::Store, iterable.range()), iterable);
        self.comprehension_call(Collect::Dict, &[comp], &item(), Some(value), c.range())
    }

    /// The arguments of `recv.update(...)` and of the set methods of other sets, `recv` lowered
    /// from `recv_ast`: each iterable as the receiver's kind, keyword arguments of `update` as one
    /// dict. None where the arguments stay as they are.
    pub(crate) fn iterable_method_args(&mut self, m: ListMethod, recv: &Expr, recv_ast: &ast::Expr, c: &ast::ExprCall) -> Result<Option<Vec<Expr>>> {
        use ListMethod::*;
        let set_only = matches!(
            m,
            Union | Intersection | Difference | SymmetricDifference | IntersectionUpdate | DifferenceUpdate | SymmetricDifferenceUpdate | Issubset | Issuperset | Isdisjoint
        );
        if !set_only && m != Update || c.arguments.args.iter().any(|a| matches!(a, ast::Expr::Starred(_))) {
            return Ok(None);
        }
        let keywords = &c.arguments.keywords[..];
        if set_only && !keywords.is_empty() || keywords.iter().any(|k| k.arg.is_none()) {
            return Ok(None);
        }
        let mut args = vec![recv.clone()];
        for x in c.arguments.args.iter() {
            let arg = match (m, self.local_name(recv_ast)) {
                (Update, Some(_)) if could_be_pairs(x) => {
                    // `update` is a dict's and a set's: the receiver's type decides which.
                    let dict = self.as_dict(x, false)?;
                    let set = self.as_set(x)?;
                    let test = self.type_test(recv_ast, PyClass::Dict)?;
                    Expr::new(ExprKind::IfExp(Box::new(test), Box::new(dict), Box::new(set)), spanned(x))
                }
                (Update, None) => return Ok(None),
                _ => self.as_set(x)?,
            };
            args.push(arg);
        }
        if !keywords.is_empty() {
            if !c.arguments.args.is_empty() {
                return Err(Diagnostic::unsupported("d.update() of an iterable and keyword arguments together is not supported yet; call it twice", spanned(c)));
            }
            args.push(self.keyword_dict(keywords, spanned(c))?);
        }
        Ok(Some(args))
    }

    /// The single argument `x` of `sorted/min/max/sum(x)` where `x` is a local variable:
    /// `[k for k in x] if isinstance(x, dict) else x`, a dict's keys as CPython iterates them (a
    /// dict literal's keys at once).
    pub(crate) fn keys_if_dict(&mut self, x: &ast::Expr) -> Result<Option<Expr>> {
        if matches!(x, ast::Expr::Dict(_) | ast::Expr::DictComp(_)) {
            return self.collect_items(Collect::List, x).map(Some);
        }
        if self.local_name(x).is_none() {
            return Ok(None);
        }
        let keys = self.collect_items(Collect::List, x)?;
        let test = self.type_test(x, PyClass::Dict)?;
        let plain = self.expr(x)?;
        Ok(Some(Expr::new(ExprKind::IfExp(Box::new(test), Box::new(keys), Box::new(plain)), spanned(x))))
    }

    /// `any(x)`/`all(x)` (`reduce`, the reduction of `x`'s items) of a local variable `x`, which
    /// for a dict or a set run as the loop of a generator expression.
    pub(crate) fn any_all_of_container(&mut self, op: Builtin, x: &ast::Expr, reduce: Expr) -> Result<Expr> {
        if self.local_name(x).is_none() {
            return Ok(reduce);
        }
        let collect = if op == Builtin::Any { Collect::Any } else { Collect::All };
        let looped = self.collect_items(collect, x)?;
        let value = self.expr(x)?;
        let test = Expr::new(ExprKind::TypeTest(Box::new(value), vec![PyClass::Dict, PyClass::Set], TypeTestKind::Instance), spanned(x));
        Ok(Expr::new(ExprKind::IfExp(Box::new(test), Box::new(looped), Box::new(reduce)), spanned(x)))
    }

    /// `x` as a dict, as `dict(x)` makes it: a dict literal or comprehension as it is (`copy`: a
    /// copy of a dict variable, which `dict(d)` makes and `d.update(x)` needs not), the pairs of
    /// any other iterable.
    fn as_dict(&mut self, x: &ast::Expr, copy: bool) -> Result<Expr> {
        match x {
            ast::Expr::Dict(_) | ast::Expr::DictComp(_) => self.expr(x),
            _ if self.local_name(x).is_some() => {
                let test = self.type_test(x, PyClass::Dict)?;
                let mut same = self.expr(x)?;
                if copy {
                    same = Expr::new(ExprKind::Call(Callee::ListMethod(ListMethod::Copy), vec![same], Vec::new()), spanned(x));
                }
                let pairs = self.collect_items(Collect::Dict, x)?;
                Ok(Expr::new(ExprKind::IfExp(Box::new(test), Box::new(same), Box::new(pairs)), spanned(x)))
            }
            // What a function call, an item or `d.copy()` gives may be a dict or pairs: named
            // first, it is a variable above.
            _ if self.computes_container(x) => {
                let range = x.range();
                let name = |id: &str| ast::Expr::Name(ast::ExprName { node_index: Default::default(), range, id: ast::name::Name::new(id), ctx: ast::ExprContext::Load });
                let dict = ast::Expr::Call(ast::ExprCall {
                    node_index: Default::default(),
                    range_start: range.start(),
                    func: Box::new(name("dict")),
                    arguments: ast::Arguments { range, node_index: Default::default(), args: Box::new([name("<m>")]), keywords: Default::default() },
                });
                self.expr(&crate::sequences::lambda_call("<m>", dict, x.clone(), range))
            }
            _ => self.collect_items(Collect::Dict, x),
        }
    }

    /// Whether `x` is a call of a jitted or inner function, `d.copy()` or an item `c[k]`: a value
    /// that may be a dict.
    fn computes_container(&mut self, x: &ast::Expr) -> bool {
        match x {
            ast::Expr::Subscript(_) => true,
            ast::Expr::Call(c) => match c.func.as_ref() {
                ast::Expr::Attribute(a) => a.attr.id.as_str() == "copy" && c.arguments.args.is_empty(),
                f @ ast::Expr::Name(_) => matches!(self.entity(f), Ok(Entity::Callable(Callable::Callee(Callee::Function(_)) | Callable::Inner(..)))),
                _ => false,
            },
            _ => false,
        }
    }

    /// `x` as a set, as `set(x)` makes it: a set literal or comprehension as it is, a set variable
    /// as it is, the items of any other iterable.
    fn as_set(&mut self, x: &ast::Expr) -> Result<Expr> {
        match x {
            ast::Expr::Set(_) | ast::Expr::SetComp(_) => self.expr(x),
            _ if self.local_name(x).is_some() => {
                let test = self.type_test(x, PyClass::Set)?;
                let same = self.expr(x)?;
                let items = self.collect_items(Collect::Set, x)?;
                Ok(Expr::new(ExprKind::IfExp(Box::new(test), Box::new(same), Box::new(items)), spanned(x)))
            }
            _ => self.collect_items(Collect::Set, x),
        }
    }

    /// The comprehension collecting the items of `x` (for a dict, its `(key, value)` pairs): a
    /// generator's own loops, or one loop over `x`.
    fn collect_items(&mut self, collect: Collect, x: &ast::Expr) -> Result<Expr> {
        let range = x.range();
        if let ast::Expr::Generator(g) = x {
            if collect != Collect::Dict {
                return self.comprehension_call(collect, &g.generators, &g.elt, None, range);
            }
            let ast::Expr::Tuple(t) = g.elt.as_ref() else {
                return Err(Diagnostic::unsupported("dict() of a generator whose items are not written as (key, value) is not supported yet", spanned(g.elt.as_ref())));
            };
            let [k, v] = &t.elts[..] else {
                return Err(Diagnostic::typing(format!("dictionary update sequence element #0 has length {}; 2 is required", t.elts.len()), spanned(t)));
            };
            return self.comprehension_call(collect, &g.generators, k, Some(v), range);
        }
        if let Some(literal) = tuple_as_literal(collect, x) {
            return self.expr(&literal);
        }
        if collect != Collect::Dict {
            let comp = for_in(name("<item>", ast::ExprContext::Store, range), x);
            return self.comprehension_call(collect, &[comp], &name("<item>", ast::ExprContext::Load, range), None, range);
        }
        let pair = ast::Expr::Tuple(ast::ExprTuple {
            node_index: Default::default(),
            range,
            elts: vec![name("<key>", ast::ExprContext::Store, range), name("<value>", ast::ExprContext::Store, range)],
            ctx: ast::ExprContext::Store,
            parenthesized: false,
        });
        let value = name("<value>", ast::ExprContext::Load, range);
        self.comprehension_call(Collect::Dict, &[for_in(pair, x)], &name("<key>", ast::ExprContext::Load, range), Some(&value), range)
    }

    /// `{"k": v, ...}` of the keyword arguments `k=v`.
    fn keyword_dict(&mut self, keywords: &[ast::Keyword], sp: Span) -> Result<Expr> {
        let mut items = Vec::new();
        for k in keywords {
            let Some(key) = &k.arg else {
                return Err(Diagnostic::unsupported("**kwargs in calls are not supported", spanned(k)));
            };
            items.push(Expr::new(ExprKind::Const(Const::Str(key.id.as_str().to_string())), spanned(key)));
            items.push(self.expr(&k.value)?);
        }
        Ok(Expr::new(ExprKind::Dict(items), sp))
    }

    /// `isinstance(x, class)` of a local variable `x`.
    fn type_test(&mut self, x: &ast::Expr, class: PyClass) -> Result<Expr> {
        let value = self.expr(x)?;
        Ok(Expr::new(ExprKind::TypeTest(Box::new(value), vec![class], TypeTestKind::Instance), spanned(x)))
    }

    /// The name of `x` if it is a local variable of this function.
    fn local_name<'x>(&self, x: &'x ast::Expr) -> Option<&'x str> {
        match x {
            ast::Expr::Name(n) if self.by_name.contains_key(n.id.as_str()) => Some(n.id.as_str()),
            _ => None,
        }
    }
}

/// Whether evaluating `e` once per key gives what evaluating it once gives: a constant (or a tuple
/// of them) or a variable.
fn evaluates_alike(e: &ast::Expr) -> bool {
    match e {
        ast::Expr::Name(_) | ast::Expr::NumberLiteral(_) | ast::Expr::BooleanLiteral(_) | ast::Expr::StringLiteral(_) | ast::Expr::NoneLiteral(_) => true,
        ast::Expr::UnaryOp(u) => matches!(u.operand.as_ref(), ast::Expr::NumberLiteral(_)),
        ast::Expr::Tuple(t) => t.elts.iter().all(evaluates_alike),
        _ => false,
    }
}

/// Whether `x` may be an iterable of `(key, value)` pairs as far as its syntax tells: not a range,
/// a set, a string, nor a generator of anything but pairs.
fn could_be_pairs(x: &ast::Expr) -> bool {
    match x {
        ast::Expr::Call(c) => !matches!(c.func.as_ref(), ast::Expr::Name(n) if n.id.as_str() == "range"),
        ast::Expr::Generator(g) => matches!(g.elt.as_ref(), ast::Expr::Tuple(t) if t.elts.len() == 2),
        ast::Expr::Set(_) | ast::Expr::SetComp(_) | ast::Expr::StringLiteral(_) | ast::Expr::FString(_) => false,
        _ => true,
    }
}

/// A tuple literal of items (of `(key, value)` pairs) as the set (dict) literal of them, since
/// compiled code iterates only tuples of one item type: CPython evaluates every item before it
/// stores one, as the literal does.
fn tuple_as_literal(collect: Collect, x: &ast::Expr) -> Option<ast::Expr> {
    let ast::Expr::Tuple(t) = x else { return None };
    if t.elts.is_empty() {
        return None;
    }
    let (node_index, range) = (Default::default(), t.range);
    match collect {
        Collect::Set => Some(ast::Expr::Set(ast::ExprSet { node_index, range, elts: t.elts.clone() })),
        Collect::Dict => {
            let items = t.elts.iter().map(|e| match e {
                ast::Expr::Tuple(p) if p.elts.len() == 2 => Some(ast::DictItem { key: Some(p.elts[0].clone()), value: p.elts[1].clone() }),
                _ => None,
            });
            Some(ast::Expr::Dict(ast::ExprDict { node_index, range, items: items.collect::<Option<Vec<_>>>()? }))
        }
        _ => None,
    }
}

fn name(id: &str, ctx: ast::ExprContext, range: TextRange) -> ast::Expr {
    ast::Expr::Name(ast::ExprName { node_index: Default::default(), range, id: ast::name::Name::new(id), ctx })
}

/// `for target in iterable` as a comprehension's loop.
fn for_in(target: ast::Expr, iterable: &ast::Expr) -> ast::Comprehension {
    ast::Comprehension { range: iterable.range(), node_index: Default::default(), target, iter: iterable.clone(), ifs: Vec::new(), is_async: false }
}

impl Lowerer<'_> {
    /// `sum(t, start)` of a local or a tuple display: the builtin call, whose additions the type
    /// checker writes out one item after another (CPython's, each with its operands' types) where
    /// `t` is a tuple, and the library's fold `_sum_start` otherwise (a local holding a list). The
    /// library's loop over a tuple whose items differ in type would carry its total in one local of
    /// one type.
    pub(crate) fn sum_of_tuple(&mut self, args: &mut Vec<Expr>, kwargs: &mut Kwargs, sp: Span) -> Result<Option<Expr>> {
        if let Some(k) = kwargs.iter().position(|(n, _)| n == "start") {
            if args.len() != 1 || kwargs.len() != 1 {
                return Ok(None);
            }
            args.push(kwargs.remove(k).1);
        }
        if args.len() != 2 || !kwargs.is_empty() {
            return Ok(None);
        }
        let builtin = Expr::new(ExprKind::Call(Callee::Builtin(Builtin::Sum), args.clone(), Vec::new()), sp);
        // A local may come as the choice of its keys where it is a dict (`keys_if_dict`).
        let local = match &args[0].kind {
            ExprKind::IfExp(_, _, plain) => plain.as_ref(),
            _ => &args[0],
        };
        Ok(match local.kind {
            ExprKind::Tuple(_) => Some(builtin),
            ExprKind::Local(_) => {
                let test = Expr::new(ExprKind::TypeTest(Box::new(local.clone()), vec![PyClass::Tuple], TypeTestKind::Instance), sp);
                let name = crate::library::attr("_sum_start").expect("the library defines it");
                let Entity::Value(library) = self.library_call(name, args.clone(), Vec::new(), sp)? else { unreachable!("a library call is a value") };
                Some(Expr::new(ExprKind::IfExp(Box::new(test), Box::new(builtin), Box::new(library)), sp))
            }
            _ => None,
        })
    }
}
