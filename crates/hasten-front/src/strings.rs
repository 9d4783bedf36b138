//! Strings in the front end: f-strings become `format()` calls joined by `+` (so later stages
//! see only builtins and concatenation), and the arguments of string methods and of `print` are
//! bound to positions with their defaults.

use crate::bind::{bind, Kwargs};
use crate::lowerer::Lowerer;
use crate::{spanned, Result};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span};
use ruff_python_ast as ast;

fn text(s: &str, sp: Span) -> Expr {
    Expr::new(ExprKind::Const(Const::Str(s.to_string())), sp)
}

fn call(b: Builtin, args: Vec<Expr>, sp: Span) -> Expr {
    Expr::new(ExprKind::Call(Callee::Builtin(b), args, Vec::new()), sp)
}

impl Lowerer<'_> {
    /// `f"a{x!r:>8}b"` → `"a" + format(repr(x), ">8") + "b"`; `{x}` is `format(x, "")`, which is
    /// `str(x)` for every type hasten formats.
    pub(crate) fn fstring(&mut self, f: &ast::ExprFString, sp: Span) -> Result<Expr> {
        let mut parts: Vec<Expr> = Vec::new();
        let mut literal = String::new();
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(l) => literal.push_str(&l.value),
                ast::FStringPart::FString(fs) => {
                    for el in &fs.elements {
                        match el {
                            ast::InterpolatedStringElement::Literal(l) => literal.push_str(&l.value),
                            ast::InterpolatedStringElement::Interpolation(i) => {
                                if !literal.is_empty() {
                                    parts.push(text(&std::mem::take(&mut literal), sp));
                                }
                                parts.push(self.field(i)?);
                            }
                        }
                    }
                }
            }
        }
        if !literal.is_empty() || parts.is_empty() {
            parts.push(text(&literal, sp));
        }
        let mut it = parts.into_iter();
        let first = it.next().expect("at least one part");
        Ok(it.fold(first, |acc, p| Expr::new(ExprKind::Binary(BinOp::Add, Box::new(acc), Box::new(p)), sp)))
    }

    /// One `{value!conversion:spec}` field.
    fn field(&mut self, i: &ast::InterpolatedElement) -> Result<Expr> {
        let sp = spanned(i);
        // `{x=}`: the field's source text, then the value, by `repr` unless a conversion or a
        // format spec is given.
        if let Some(debug) = &i.debug_text {
            let conversion = match (i.conversion, &i.format_spec) {
                (ast::ConversionFlag::None, None) => ast::ConversionFlag::Repr,
                (c, _) => c,
            };
            let value = self.field_value(i, conversion)?;
            return Ok(Expr::new(ExprKind::Binary(BinOp::Add, Box::new(text(debug.as_str(), sp)), Box::new(value)), sp));
        }
        self.field_value(i, i.conversion)
    }

    fn field_value(&mut self, i: &ast::InterpolatedElement, conversion: ast::ConversionFlag) -> Result<Expr> {
        let sp = spanned(i);
        // `{e}` / `{e!s}` of a caught exception is `str(e)` (an exception formats as its str).
        let caught = match i.expression.as_ref() {
            ast::Expr::Name(n) if i.format_spec.is_none() && matches!(conversion, ast::ConversionFlag::None | ast::ConversionFlag::Str) => self.caught_id(n.id.as_str()),
            _ => None,
        };
        if let Some(id) = caught {
            return Ok(Expr::new(ExprKind::CaughtStr(id), sp));
        }
        let v = self.expr(&i.expression)?;
        let v = match conversion {
            ast::ConversionFlag::None => v,
            ast::ConversionFlag::Str => call(Builtin::Str, vec![v], sp),
            ast::ConversionFlag::Repr => call(Builtin::Repr, vec![v], sp),
            ast::ConversionFlag::Ascii => return Err(Diagnostic::unsupported("the !a conversion is not supported yet", sp)),
        };
        let mut spec = String::new();
        if let Some(s) = &i.format_spec {
            for el in &s.elements {
                match el {
                    ast::InterpolatedStringElement::Literal(l) => spec.push_str(&l.value),
                    ast::InterpolatedStringElement::Interpolation(n) => {
                        return Err(Diagnostic::unsupported("nested fields in a format spec are not supported yet", spanned(n)))
                    }
                }
            }
        }
        Ok(call(Builtin::Format, vec![v, text(&spec, sp)], sp))
    }
}

/// The arguments of a string method after the receiver, bound and completed with defaults.
pub(crate) fn str_method_args(m: StrMethod, mut args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<Vec<Expr>> {
    let name = m.name();
    // `s.split(maxsplit=1)`: `sep` takes its default, None, before the keyword that follows it.
    if matches!(m, StrMethod::Split | StrMethod::Rsplit) && args.len() == 1 && kwargs.iter().any(|(k, _)| k == "maxsplit") && !kwargs.iter().any(|(k, _)| k == "sep") {
        args.push(Expr::new(ExprKind::Const(Const::None), sp));
    }
    let (params, required): (&[&str], usize) = match m {
        StrMethod::Split | StrMethod::Rsplit => (&["self", "sep", "maxsplit"], 1),
        StrMethod::Splitlines => (&["self", "keepends"], 1),
        _ if !kwargs.is_empty() => {
            return Err(Diagnostic::typing(format!("str.{name}() takes no keyword arguments"), kwargs[0].1.span));
        }
        StrMethod::Startswith | StrMethod::Endswith | StrMethod::Find | StrMethod::Rfind | StrMethod::Index | StrMethod::Rindex | StrMethod::Count => {
            (&["self", "sub", "start", "end"], 2)
        }
        StrMethod::Replace => (&["self", "old", "new", "count"], 3),
        StrMethod::Join => (&["self", "iterable"], 2),
        StrMethod::Strip | StrMethod::Lstrip | StrMethod::Rstrip => (&["self", "chars"], 1),
        StrMethod::Zfill => (&["self", "width"], 2),
        StrMethod::Center | StrMethod::Ljust | StrMethod::Rjust => (&["self", "width", "fillchar"], 2),
        StrMethod::Partition | StrMethod::Rpartition => (&["self", "sep"], 2),
        m if m.is_predicate() || m.is_case_change() => (&["self"], 1),
        _ => unreachable!("every method is bound above"),
    };
    if args.len() > params.len() {
        return Err(Diagnostic::typing(format!("str.{name}() takes at most {} arguments ({} given)", params.len() - 1, args.len() - 1), sp));
    }
    let mut args = bind(args, kwargs, params, required, sp)
        .map_err(|_| Diagnostic::typing(format!("str.{name}() is missing a required argument"), sp))?;
    if matches!(m, StrMethod::Split | StrMethod::Rsplit) {
        if args.len() < 2 {
            args.push(Expr::new(ExprKind::Const(Const::None), sp));
        }
        if args.len() < 3 {
            args.push(Expr::new(ExprKind::Const(Const::Int(-1)), sp));
        }
    }
    Ok(args)
}

/// `print(*values, sep=' ', end='\n', file=None, flush=False)`: the values, then `sep`, `end`
/// (`None` meaning the default) and `flush`.
pub(crate) fn print_args(mut args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<Vec<Expr>> {
    let (mut sep, mut end, mut flush) = (text(" ", sp), text("\n", sp), Expr::new(ExprKind::Const(Const::Bool(false)), sp));
    for (name, value) in kwargs {
        let is_none = matches!(value.kind, ExprKind::Const(Const::None));
        match name.as_str() {
            "sep" if is_none => {}
            "sep" => sep = value,
            "end" if is_none => {}
            "end" => end = value,
            "flush" => flush = value,
            "file" if is_none => {}
            "file" => return Err(Diagnostic::unsupported("print(file=...) is not supported yet: compiled code prints to sys.stdout", value.span)),
            _ => return Err(Diagnostic::typing(format!("'{name}' is an invalid keyword argument for print()"), value.span)),
        }
    }
    args.extend([sep, end, flush]);
    Ok(args)
}

/// One piece of a `str.format` template: literal text, or a field (which argument, its
/// conversion, its spec).
enum Piece {
    Text(String),
    Field { arg: FieldRef, conversion: Option<char>, spec: String },
}

enum FieldRef {
    Auto,
    Index(usize),
    Name(String),
}

/// Parses a `str.format` template as CPython does (`{{`/`}}` escapes; fields `{}`, `{0}`,
/// `{name}`, with `!r`/`!s` and a spec). Field attributes and indices (`{0.x}`, `{0[1]}`) and
/// nested fields in specs are refused by name.
fn template(t: &str) -> std::result::Result<Vec<Piece>, (bool, String)> {
    let (mut out, mut lit) = (Vec::new(), String::new());
    let mut cs = t.chars().peekable();
    while let Some(c) = cs.next() {
        match c {
            '{' if cs.peek() == Some(&'{') => {
                cs.next();
                lit.push('{');
            }
            '}' if cs.peek() == Some(&'}') => {
                cs.next();
                lit.push('}');
            }
            '}' => return Err((false, "Single '}' encountered in format string".into())),
            '{' => {
                let mut body = String::new();
                loop {
                    match cs.next() {
                        Some('}') => break,
                        Some('{') => return Err((true, "nested fields in a format spec are not supported yet".into())),
                        Some(c) => body.push(c),
                        None => return Err((false, "expected '}' before end of string".into())),
                    }
                }
                if !lit.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut lit)));
                }
                let (head, spec) = body.split_once(':').map_or((body.as_str(), ""), |(h, s)| (h, s));
                let (name, conversion) = match head.split_once('!') {
                    Some((n, "r")) => (n, Some('r')),
                    Some((n, "s")) => (n, Some('s')),
                    Some((_, c)) => return Err((c == "a", format!("the !{c} conversion is not supported yet"))),
                    None => (head, None),
                };
                if name.contains(['.', '[']) {
                    return Err((true, "attribute and index lookups in format fields are not supported yet".into()));
                }
                let arg = match name {
                    "" => FieldRef::Auto,
                    n if n.bytes().all(|b| b.is_ascii_digit()) => FieldRef::Index(n.parse().map_err(|_| (true, "field number too large".to_string()))?),
                    n => FieldRef::Name(n.to_string()),
                };
                out.push(Piece::Field { arg, conversion, spec: spec.to_string() });
            }
            c => lit.push(c),
        }
    }
    if !lit.is_empty() {
        out.push(Piece::Text(lit));
    }
    Ok(out)
}

impl Lowerer<'_> {
    /// `"template".format(args...)` of a string literal: the concatenation an f-string would be.
    /// CPython evaluates every argument once, first; a field built per argument keeps that when
    /// each argument is used once, in order, or is a name or a constant (then any order, any
    /// number of times); other cases are refused by name.
    pub(crate) fn str_format(&mut self, tmpl: &str, c: &ast::ExprCall, sp: Span) -> Result<Expr> {
        let pieces = template(tmpl).map_err(|(unsupported, m)| if unsupported { Diagnostic::unsupported(m, sp) } else { Diagnostic::typing(m, sp) })?;
        // How many positional arguments the fields read.
        let wanted = pieces.iter().fold((0, 0), |(auto, top), p| match p {
            Piece::Field { arg: FieldRef::Auto, .. } => (auto + 1, top),
            Piece::Field { arg: FieldRef::Index(k), .. } => (auto, top.max(k + 1)),
            _ => (auto, top),
        });
        let wanted = wanted.0.max(wanted.1);
        let mut args = Vec::new();
        let last = c.arguments.args.len().saturating_sub(1);
        for (j, a) in c.arguments.args.iter().enumerate() {
            if let ast::Expr::Starred(s) = a {
                // `fmt.format(*t)` of a variable, last: the items the fields read, `t[k]`.
                let (ast::Expr::Name(_), true) = (s.value.as_ref(), j == last) else {
                    return Err(Diagnostic::unsupported("*args in format() is supported for a variable, as the last positional argument", spanned(s)));
                };
                let t = self.expr(&s.value)?;
                for k in 0..wanted.saturating_sub(j) {
                    let at = Expr::new(ExprKind::Const(Const::Int(k as i64)), t.span);
                    args.push(Expr::new(ExprKind::Index(Box::new(t.clone()), vec![at]), t.span));
                }
                continue;
            }
            args.push(self.expr(a)?);
        }
        let mut named = Vec::new();
        for k in c.arguments.keywords.iter() {
            let Some(name) = &k.arg else { return Err(Diagnostic::unsupported("**kwargs in calls are not supported", spanned(k))) };
            named.push((name.id.as_str().to_string(), self.expr(&k.value)?));
        }
        let simple = |e: &Expr| match &e.kind {
            ExprKind::Local(_) | ExprKind::Const(_) => true,
            // An item of `*t`.
            ExprKind::Index(t, at) => matches!(t.kind, ExprKind::Local(_)) && matches!(at.as_slice(), [Expr { kind: ExprKind::Const(_), .. }]),
            _ => false,
        };
        // Which argument each field takes: positional ones by number, keywords after them.
        let (mut next, mut manual, mut used) = (0usize, false, Vec::new());
        for p in &pieces {
            let Piece::Field { arg, .. } = p else { continue };
            let k = match arg {
                FieldRef::Auto if manual => return Err(Diagnostic::typing("cannot switch from manual field specification to automatic field numbering", sp)),
                FieldRef::Auto => {
                    next += 1;
                    next - 1
                }
                FieldRef::Index(_) if next > 0 => return Err(Diagnostic::typing("cannot switch from automatic field numbering to manual field specification", sp)),
                FieldRef::Index(k) => {
                    manual = true;
                    *k
                }
                FieldRef::Name(n) => match named.iter().position(|(m, _)| m == n) {
                    Some(j) => args.len() + j,
                    None => return Err(Diagnostic::typing(format!("KeyError: '{n}' (no such keyword argument of format())"), sp)),
                },
            };
            if k >= args.len() + named.len() {
                return Err(Diagnostic::typing(format!("Replacement index {k} out of range for positional args tuple"), sp));
            }
            used.push(k);
        }
        let all: Vec<Expr> = args.into_iter().chain(named.into_iter().map(|(_, e)| e)).collect();
        let in_order = used.windows(2).all(|w| w[0] < w[1]);
        for (k, e) in all.iter().enumerate() {
            let uses = used.iter().filter(|u| **u == k).count();
            if !simple(e) && (uses != 1 || !in_order) {
                return Err(Diagnostic::unsupported("str.format() whose arguments are expressions used out of order, more than once, or not at all is not supported yet; assign them to variables first", e.span));
            }
        }
        let mut parts = Vec::new();
        let mut fields = used.into_iter();
        for p in pieces {
            parts.push(match p {
                Piece::Text(t) => text(&t, sp),
                Piece::Field { conversion, spec, .. } => {
                    let v = all[fields.next().expect("one argument per field")].clone();
                    let v = match conversion {
                        Some('r') => call(Builtin::Repr, vec![v], sp),
                        Some(_) => call(Builtin::Str, vec![v], sp),
                        None => v,
                    };
                    call(Builtin::Format, vec![v, text(&spec, sp)], sp)
                }
            });
        }
        if parts.is_empty() {
            parts.push(text("", sp));
        }
        let mut it = parts.into_iter();
        let first = it.next().expect("at least one part");
        Ok(it.fold(first, |acc, p| Expr::new(ExprKind::Binary(BinOp::Add, Box::new(acc), Box::new(p)), sp)))
    }
}

impl Lowerer<'_> {
    /// Whether `a` is `str.<method>` of the builtin `str` and a method strings have.
    fn is_str_method(&self, a: &ast::ExprAttribute) -> bool {
        let name = a.attr.id.as_str();
        let method = StrMethod::from_name(name).is_some() || matches!(name, "count" | "index");
        matches!(a.value.as_ref(), ast::Expr::Name(n) if n.id.as_str() == "str") && self.is_builtin_name("str") && method
    }

    /// `str.lower(s, ...)` as `s.lower(...)`, or None for another call.
    pub(crate) fn unbound_str_method_call(&self, c: &ast::ExprCall) -> Option<ast::ExprCall> {
        let ast::Expr::Attribute(a) = c.func.as_ref() else { return None };
        let (receiver, rest) = c.arguments.args.split_first()?;
        if !self.is_str_method(a) || receiver.is_starred_expr() {
            return None;
        }
        let func = ast::Expr::Attribute(ast::ExprAttribute { value: Box::new(receiver.clone()), ..a.clone() });
        let arguments = ast::Arguments { args: rest.into(), ..c.arguments.clone() };
        Some(ast::ExprCall { func: Box::new(func), arguments, ..c.clone() })
    }

    /// `str.lower` as a value (`sorted(words, key=str.lower)`, `map(str.strip, lines)`): the
    /// lambda `lambda s: s.lower()`, or None for another attribute.
    pub(crate) fn unbound_str_method(&self, a: &ast::ExprAttribute) -> Option<ast::ExprLambda> {
        if !self.is_str_method(a) {
            return None;
        }
        let range = a.range;
        let name = |ctx| ast::Expr::Name(ast::ExprName { node_index: Default::default(), range, id: ast::name::Name::new("<s>"), ctx });
        let parameter = ast::Parameter { range, node_index: Default::default(), name: ast::Identifier::new("<s>", range), annotation: None };
        let args = std::iter::once(ast::ParameterWithDefault { range, node_index: Default::default(), parameter, default: None }).collect();
        let parameters = ast::Parameters { range, node_index: Default::default(), posonlyargs: Default::default(), args, vararg: None, kwonlyargs: Default::default(), kwarg: None };
        let method = ast::Expr::Attribute(ast::ExprAttribute { value: Box::new(name(ast::ExprContext::Load)), ..a.clone() });
        let arguments = ast::Arguments { range, node_index: Default::default(), args: Box::new([]), keywords: Default::default() };
        let body = ast::Expr::Call(ast::ExprCall { node_index: Default::default(), range_start: range.start(), func: Box::new(method), arguments });
        Some(ast::ExprLambda { node_index: Default::default(), range, parameters: Some(Box::new(parameters)), body: Box::new(body) })
    }
}
