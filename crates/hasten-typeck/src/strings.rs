//! Typing strings: `+`, `*`, `%`, indexing and slicing, methods, and the builtins that make or
//! read strings (`str`, `repr`, `format`, `ord`, `chr`, `int(s)`, `float(s)`, `print`).

use crate::function::{err, FnCx, R};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span, Type};

/// The values `str()`, `repr()`, `format()`, f-string fields and `print` take.
pub(crate) fn formattable(t: &Type) -> bool {
    matches!(t, Type::Int | Type::Float | Type::Bool | Type::Str)
}

/// The values `print` prints: numbers, strings, and containers and arrays of them (boxed).
pub(crate) fn printable(t: &Type) -> bool {
    match t {
        Type::None | Type::Ellipsis | Type::Int | Type::Float | Type::Complex | Type::Bool | Type::Str | Type::Scalar(_) | Type::Array(_) | Type::DtypeOf(_) => true,
        Type::Tuple(items) => items.iter().all(printable),
        Type::List(item) | Type::Set(item) => printable(item),
        Type::Dict(k, v) => printable(k) && printable(v),
        _ => false,
    }
}

/// The conversion characters of a constant `%` format, one per value it takes (`*` for a width or
/// precision given as a value); None for a format with mapping keys (`%(name)s`) or that does not parse.
fn percent_conversions(fmt: &str) -> Option<Vec<char>> {
    let mut out = Vec::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            continue;
        }
        if chars.peek() == Some(&'(') {
            return None;
        }
        while chars.peek().is_some_and(|c| "#0- +".contains(*c)) {
            chars.next();
        }
        for part in 0..2 {
            if part == 1 && chars.peek() != Some(&'.') {
                break;
            }
            if part == 1 {
                chars.next();
            }
            if chars.peek() == Some(&'*') {
                chars.next();
                out.push('*');
            }
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
        }
        while chars.peek().is_some_and(|c| "hlL".contains(*c)) {
            chars.next();
        }
        match chars.next()? {
            '%' => {}
            conv => out.push(conv),
        }
    }
    Some(out)
}

impl FnCx<'_, '_, '_> {
    /// `fmt % values` with NumPy scalars among the values: each becomes the Python number of the
    /// same value where the conversion prints them alike (`%d`, `%.3f`, ... of any; `%s` of a
    /// NumPy int, bool or float64, whose `str` is the Python number's), so the formatting is
    /// CPython's. `%r` and `%s` of a float32 keep NumPy's own text: refused by `str_binary`.
    pub(crate) fn percent_numpy_scalars(&mut self, fmt: &Expr, values: &mut Expr) -> R<()> {
        let ExprKind::Const(Const::Str(text)) = &fmt.kind else { return Ok(()) };
        let Some(convs) = percent_conversions(text) else { return Ok(()) };
        let items: Vec<&mut Expr> = match &mut values.kind {
            ExprKind::Tuple(items) => items.iter_mut().collect(),
            _ if matches!(values.ty, Type::Tuple(_)) => return Ok(()),
            _ => vec![values],
        };
        let mut changed = false;
        for (item, conv) in items.into_iter().zip(convs) {
            let Type::Scalar(d) = item.ty else { continue };
            let to = match (conv, d) {
                // CPython's `*` takes Python ints only ("* wants int" for NumPy's).
                ('r' | 'a' | '*', _) | ('s', hasten_ir::Dtype::F32) => continue,
                (_, d) if d.is_complex() => continue,
                (_, hasten_ir::Dtype::Bool) => Builtin::Bool,
                (_, d) if d.is_float() => Builtin::Float,
                _ => Builtin::Int,
            };
            let span = item.span;
            let x = std::mem::replace(item, Expr::new(ExprKind::Const(Const::None), span));
            *item = Expr::new(ExprKind::Call(Callee::Builtin(to), vec![x], Vec::new()), span);
            self.expr(item)?;
            changed = true;
        }
        if changed {
            self.expr(values)?;
        }
        Ok(())
    }

    /// `a + b` of strings, `s * n` and `n * s`, `fmt % values`.
    pub(crate) fn str_binary(&mut self, op: BinOp, l: &Type, r: &Type, span: Span) -> R<Type> {
        match (op, l, r) {
            (BinOp::Add, Type::Str, Type::Str) => Ok(Type::Str),
            (BinOp::Mul, Type::Str, n) | (BinOp::Mul, n, Type::Str) if n.is_intlike() => Ok(Type::Str),
            (BinOp::Mod, Type::Str, v) => {
                let items = match v {
                    Type::Tuple(items) => items.to_vec(),
                    v => vec![v.clone()],
                };
                if let Some(bad) = items.iter().find(|t| !formattable(t)) {
                    return Err(Diagnostic::unsupported(format!("%-formatting of {bad} is not supported yet"), span));
                }
                Ok(Type::Str)
            }
            _ => err(format!("unsupported operand type(s) for {}: '{l}' and '{r}'", op.symbol()), span),
        }
    }

    /// `s[i]` and `s[a:b:c]`: a string.
    pub(crate) fn str_index(&mut self, indices: &mut [Expr], span: Span) -> R<Type> {
        let [i] = indices else {
            return err("string indices must be integers, not 'tuple'", span);
        };
        if matches!(i.kind, ExprKind::Slice(..)) {
            self.slice_bounds(i)?;
            return Ok(Type::Str);
        }
        match self.expr(i)? {
            t if t.is_intlike() || matches!(t, Type::Unknown | Type::Never) => Ok(Type::Str),
            t => err(format!("string indices must be integers, not '{t}'"), i.span),
        }
    }

    /// A string method; `args[0]` is the string.
    pub(crate) fn str_method(&mut self, m: StrMethod, args: &mut [Expr], span: Span) -> R<Type> {
        let mut types = match self.arg_types(args)? {
            Ok(types) => types,
            Err(pending) => return Ok(pending),
        };
        if types[0] != Type::Str {
            return err(format!("{} is a method of strings, not of {}", m.name(), types[0]), span);
        }
        if m == StrMethod::Join && matches!(types[1], Type::Str | Type::Tuple(_)) {
            // `sep.join(x)` of a string or a tuple: of the list of its items.
            let at = args[1].span;
            let x = std::mem::replace(&mut args[1], Expr::new(ExprKind::Const(Const::None), at));
            args[1] = Expr::new(ExprKind::Call(Callee::Builtin(Builtin::List), vec![x], Vec::new()), at);
            types[1] = self.expr(&mut args[1])?;
        }
        let want = |k: usize, ok: bool, what: &str| -> R<()> {
            if ok {
                Ok(())
            } else {
                err(format!("str.{}() argument {k} must be {what}, not {}", m.name(), types[k]), args[k].span)
            }
        };
        let int_or_none = |t: &Type| t.is_intlike() || *t == Type::None;
        match m {
            StrMethod::Startswith | StrMethod::Endswith | StrMethod::Find | StrMethod::Rfind | StrMethod::Index | StrMethod::Rindex | StrMethod::Count => {
                let prefixes = matches!(m, StrMethod::Startswith | StrMethod::Endswith) && matches!(&types[1], Type::Tuple(items) if items.iter().all(|t| *t == Type::Str));
                if !matches!(types[1], Type::Str) && !prefixes {
                    return Err(Diagnostic::unsupported(format!("str.{}() of {} is not supported (a string is)", m.name(), types[1]), args[1].span));
                }
                for k in 2..types.len() {
                    want(k, int_or_none(&types[k]), "an int or None")?;
                }
            }
            StrMethod::Replace => {
                want(1, types[1] == Type::Str, "str")?;
                want(2, types[2] == Type::Str, "str")?;
                if types.len() > 3 {
                    want(3, types[3].is_intlike(), "an int")?;
                }
            }
            StrMethod::Split | StrMethod::Rsplit => {
                want(1, matches!(types[1], Type::Str | Type::None), "str or None")?;
                want(2, types[2].is_intlike(), "an int")?;
            }
            StrMethod::Join => match &types[1] {
                Type::List(item) if **item == Type::Str => {}
                Type::List(item) if item.is_numeric_scalar() || **item == Type::None => {
                    return err(format!("sequence item 0: expected str instance, {item} found"), args[1].span);
                }
                t => return Err(Diagnostic::unsupported(format!("str.join() of {t} is not supported yet (a list of strings is)"), args[1].span)),
            },
            StrMethod::Strip | StrMethod::Lstrip | StrMethod::Rstrip => {
                if types.len() > 1 {
                    want(1, matches!(types[1], Type::Str | Type::None), "str or None")?;
                }
            }
            StrMethod::Zfill => want(1, types[1].is_intlike(), "an int")?,
            StrMethod::Partition | StrMethod::Rpartition => want(1, types[1] == Type::Str, "str")?,
            StrMethod::Splitlines if types.len() > 1 => want(1, types[1].is_intlike(), "an int or a bool")?,
            StrMethod::Center | StrMethod::Ljust | StrMethod::Rjust => {
                want(1, types[1].is_intlike(), "an int")?;
                if types.len() > 2 {
                    want(2, types[2] == Type::Str, "str")?;
                }
            }
            _ => {}
        }
        Ok(match m {
            StrMethod::Startswith | StrMethod::Endswith => Type::Bool,
            m if m.is_predicate() => Type::Bool,
            StrMethod::Find | StrMethod::Rfind | StrMethod::Index | StrMethod::Rindex | StrMethod::Count => Type::Int,
            StrMethod::Split | StrMethod::Rsplit | StrMethod::Splitlines => Type::List(Box::new(Type::Str)),
            StrMethod::Partition | StrMethod::Rpartition => Type::tuple(vec![Type::Str; 3]),
            _ => Type::Str,
        })
    }

    /// `str`, `repr`, `format`, `ord`, `chr`, `print`.
    pub(crate) fn str_builtin(&mut self, b: Builtin, args: &mut [Expr], types: &[Type], span: Span) -> R<Type> {
        let n = types.len();
        let one = |what: &str| -> R<()> {
            if n == 1 {
                Ok(())
            } else {
                err(format!("{what}() takes exactly one argument ({n} given)"), span)
            }
        };
        let value_ok = |k: usize| -> R<()> {
            // A complex value's text is its repr; format specs for it are not supported yet.
            let plain = !matches!(args.get(1).map(|a| &a.kind), Some(ExprKind::Const(Const::Str(s))) if !s.is_empty());
            // Containers, arrays and None: CPython's own text of the boxed value (no spec).
            if formattable(&types[k]) || (k == 0 && plain && (types[k].is_c128() || printable(&types[k]))) {
                Ok(())
            } else {
                Err(Diagnostic::unsupported(format!("converting {} to a string is not supported yet", types[k]), args[k].span))
            }
        };
        Ok(match b {
            Builtin::Str if n == 0 => Type::Str,
            Builtin::Str | Builtin::Repr => {
                one(if b == Builtin::Str { "str" } else { "repr" })?;
                value_ok(0)?;
                Type::Str
            }
            Builtin::Format => {
                if !(1..=2).contains(&n) {
                    return err(format!("format expected at most 2 arguments, got {n}"), span);
                }
                value_ok(0)?;
                if n == 2 && !matches!(args[1].kind, ExprKind::Const(Const::Str(_))) {
                    return Err(Diagnostic::unsupported("format() with a spec computed at run time is not supported yet", args[1].span));
                }
                Type::Str
            }
            Builtin::Ord => {
                one("ord")?;
                if types[0] != Type::Str {
                    return err(format!("ord() expected string of length 1, but {} found", types[0]), args[0].span);
                }
                Type::Int
            }
            Builtin::Chr => {
                one("chr")?;
                if !types[0].is_intlike() {
                    return err(format!("'{}' object cannot be interpreted as an integer", types[0]), args[0].span);
                }
                Type::Str
            }
            Builtin::Print => {
                let values = n - 3;
                for k in 0..values {
                    if !printable(&types[k]) {
                        return Err(Diagnostic::unsupported(format!("print() of {} is not supported yet", types[k]), args[k].span));
                    }
                }
                for k in [values, values + 1] {
                    if types[k] != Type::Str {
                        return err(format!("{} must be None or a string, not {}", if k == values { "sep" } else { "end" }, types[k]), args[k].span);
                    }
                }
                self.truthy(&types[values + 2], args[values + 2].span)?;
                Type::None
            }
            _ => unreachable!("not a string builtin"),
        })
    }
}
