//! numba's typed containers made in compiled code: `List()`, `List(iterable)` (filled by a
//! comprehension's loop, `comprehensions.rs`), `List.empty_list(t)`, `Dict()`, `Dict.empty(key_type=k, value_type=v)` (with `List`/`Dict`
//! from `hasten.typed`, types from `hasten.types` or numba's). Each is a `Builtin::TypedList`/
//! `TypedDict` call whose arguments are expressions of the named item types (constants, or for
//! arrays an `np.empty` call), which the type checker reads the types from and code generation
//! never evaluates.

use crate::lowerer::Lowerer;
use crate::{spanned, Result};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Dtype, GlobalValue, Span, Type};
use ruff_python_ast as ast;

impl Lowerer<'_> {
    /// `List(...)`/`Dict(...)` (`method` None) or `List.empty_list(...)`/`Dict.empty(...)`.
    pub(crate) fn typed_container_call(&mut self, b: Builtin, method: Option<&str>, c: &ast::ExprCall, sp: Span) -> Result<Expr> {
        let (class, list) = if b == Builtin::TypedList { ("List", true) } else { ("Dict", false) };
        let (args, keywords) = (&c.arguments.args[..], &c.arguments.keywords[..]);
        let witnesses = match (method, list) {
            (None, _) if keywords.is_empty() && args.is_empty() => Vec::new(),
            (None, true) if keywords.is_empty() && args.len() == 1 => {
                let empty = ast::Expr::Call(ast::ExprCall { arguments: ast::Arguments { node_index: Default::default(), range: c.arguments.range, args: Box::new([]), keywords: Default::default() }, ..c.clone() });
                return self.typed_list_of(empty, &args[0], ruff_text_size::Ranged::range(c));
            }
            (None, _) => {
                return Err(Diagnostic::unsupported(format!("{class}() of arguments is not supported in compiled code yet; make an empty one and add the items"), sp))
            }
            (Some("empty_list"), true) => {
                let [t] = bound(args, keywords, &["item_type"], "List.empty_list", sp)?;
                vec![self.item_witness(t)?]
            }
            (Some("empty"), false) => {
                let [k, v] = bound(args, keywords, &["key_type", "value_type"], "Dict.empty", sp)?;
                vec![self.item_witness(k)?, self.item_witness(v)?]
            }
            (Some(m), _) => return Err(Diagnostic::unsupported(format!("{class}.{m}() is not supported in compiled code"), sp)),
        };
        Ok(Expr::new(ExprKind::Call(Callee::Builtin(b), witnesses, Vec::new()), sp))
    }

    /// The item type a type object names: `types.float64`, `types.unicode_type`, a global bound
    /// to one, and arrays of a scalar type (`types.float64[:]`, `types.int64[:, ::1]`).
    fn item_type_of(&self, t: &ast::Expr) -> Option<Type> {
        match t {
            ast::Expr::Name(n) if !self.by_name.contains_key(n.id.as_str()) => match self.src.globals.get(n.id.as_str()) {
                Some(GlobalValue::ItemType(t)) => Some(t.clone()),
                _ => None,
            },
            ast::Expr::Attribute(a) => {
                let module = match a.value.as_ref() {
                    ast::Expr::Name(m) => self.src.globals.get(m.id.as_str()),
                    ast::Expr::Attribute(m) => self.dotted_global(m).map(|(_, g)| g),
                    _ => None,
                };
                match module {
                    Some(GlobalValue::TypesModule(named)) => named.iter().find(|(n, _)| n == a.attr.id.as_str()).map(|(_, t)| t.clone()),
                    _ => None,
                }
            }
            ast::Expr::Subscript(s) => {
                let slices: Vec<&ast::Expr> = match s.slice.as_ref() {
                    ast::Expr::Tuple(t) => t.elts.iter().collect(),
                    one => vec![one],
                };
                let ndim = slices.len();
                if !slices.iter().all(|e| matches!(e, ast::Expr::Slice(_))) || ndim > 32 {
                    return None;
                }
                let dtype = match self.item_type_of(&s.value)? {
                    Type::Int => Dtype::I64,
                    Type::Float => Dtype::F64,
                    Type::Bool => Dtype::Bool,
                    Type::Scalar(d) => d,
                    _ => return None,
                };
                Some(Type::Array(hasten_ir::ArrayType { dtype, ndim: ndim as u8, layout: hasten_ir::Layout::A, readonly: false }))
            }
            _ => None,
        }
    }

    /// An expression of the item type the type object `t` names (`typed_container` in the type
    /// checker reads its type; code generation never evaluates it).
    fn item_witness(&mut self, t: &ast::Expr) -> Result<Expr> {
        let sp = spanned(t);
        let int = |v| Expr::new(ExprKind::Const(Const::Int(v)), sp);
        match self.item_type_of(t) {
            Some(Type::Int) => Ok(int(0)),
            Some(Type::Float) => Ok(Expr::new(ExprKind::Const(Const::Float(0.0)), sp)),
            Some(Type::Bool) => Ok(Expr::new(ExprKind::Const(Const::Bool(false)), sp)),
            Some(Type::Str) => Ok(Expr::new(ExprKind::Const(Const::Str(String::new())), sp)),
            Some(Type::Scalar(d)) if d != Dtype::Bool => Ok(Expr::new(ExprKind::Call(Callee::ScalarCtor(d), vec![int(0)], Vec::new()), sp)),
            Some(Type::Array(a)) => {
                // `np.empty((0, ...), dtype)`: an array of the dtype and dimensions.
                let shape = Expr::new(ExprKind::Tuple((0..a.ndim).map(|_| int(0)).collect()), sp);
                let dtype = Expr::new(ExprKind::Dtype(a.dtype), sp);
                Ok(Expr::new(ExprKind::Call(Callee::Numpy(hasten_ir::numpy::NumpyFn::Empty), vec![shape, dtype], Vec::new()), sp))
            }
            Some(t) => Err(Diagnostic::unsupported(format!("typed containers of {t} are not supported in compiled code (numbers, bools, strings and arrays are)"), sp)),
            None => Err(Diagnostic::unsupported("the item type must be a type object known at compile time (hasten.types.float64, types.unicode_type, types.float64[:], ...)", sp)),
        }
    }
}

/// The arguments of `what(names...)`, positional or by keyword, all required.
fn bound<'a, const N: usize>(args: &'a [ast::Expr], keywords: &'a [ast::Keyword], names: &[&str; N], what: &str, sp: Span) -> Result<[&'a ast::Expr; N]> {
    let mut out: [Option<&ast::Expr>; N] = [None; N];
    for (slot, a) in out.iter_mut().zip(args) {
        *slot = Some(a);
    }
    if args.len() > N {
        return Err(Diagnostic::typing(format!("{what}() takes {N} arguments, {} given", args.len()), sp));
    }
    for k in keywords {
        let name = k.arg.as_ref().map(|a| a.id.as_str()).unwrap_or("**");
        match names.iter().position(|n| *n == name) {
            Some(i) if out[i].is_none() => out[i] = Some(&k.value),
            Some(_) => return Err(Diagnostic::typing(format!("{what}() got multiple values for argument '{name}'"), spanned(k))),
            None if name == "allocated" || name == "n_keys" => {}
            None => return Err(Diagnostic::typing(format!("{what}() got an unexpected keyword argument '{name}'"), spanned(k))),
        }
    }
    let missing = names.iter().zip(&out).find(|(_, a)| a.is_none()).map(|(n, _)| *n);
    if let Some(n) = missing {
        return Err(Diagnostic::typing(format!("{what}() missing required argument '{n}'"), sp));
    }
    Ok(out.map(|a| a.expect("checked above")))
}
