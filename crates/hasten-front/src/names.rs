//! Name resolution: what a name or an attribute refers to. A name is a local if the function assigns
//! it anywhere, else a module global (folded into a constant or a callee when the function is first
//! compiled), else a builtin. Attributes are those of the `math` and `numpy` modules and of arrays.

use crate::entity::{Callable, Entity};
use crate::lowerer::Lowerer;
use crate::numpy::numpy_attr;
use crate::linalg::linalg_attr;
use crate::random::random_attr;
use crate::bind::Kwargs;
use crate::Result;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Dtype, FuncRef, GlobalValue, Span};
use ruff_python_ast as ast;


/// The builtin exception classes `raise` and `except` accept, by name (the runtime knows their
/// hierarchy: `hasten_runtime::handlers`).
const BUILTIN_EXCEPTIONS: &[&str] = &[
    "BaseException",
    "KeyboardInterrupt",
    "Exception",
    "ArithmeticError",
    "FloatingPointError",
    "MemoryError",
    "NameError",
    "RecursionError",
    "UnboundLocalError",
    "AssertionError",
    "AttributeError",
    "IndexError",
    "KeyError",
    "LookupError",
    "NotImplementedError",
    "OverflowError",
    "RuntimeError",
    "StopIteration",
    "TypeError",
    "ValueError",
    "ZeroDivisionError",
];

/// The other names of Python's `builtins` module: using one is a missing feature, not a user's
/// undefined name.
const PYTHON_BUILTINS: &[&str] = &[
    "ascii", "bin", "breakpoint", "bytearray", "bytes", "callable", "chr", "classmethod",
    "compile", "delattr", "dir", "eval", "exec", "filter", "format", "frozenset",
    "getattr", "globals", "hasattr", "hex", "id", "input", "isinstance", "issubclass",
    "locals", "map", "memoryview", "object", "oct", "open", "ord", "print", "property",
    "repr", "setattr", "slice", "staticmethod", "str", "super",
    "type", "vars", "BaseException", "MemoryError", "NameError",
    "AttributeError", "ImportError", "OSError", "UnboundLocalError",
];

impl Lowerer<'_> {
    /// A bare name: a local, then a module global, then a builtin, like Python's own lookup (a
    /// global shadows the builtin of the same name).
    pub(crate) fn name(&mut self, name: &str, sp: Span) -> Result<Entity> {
        if let Some(&id) = self.by_name.get(name) {
            return Self::value(ExprKind::Local(id), sp);
        }
        if self.caught_id(name).is_some() {
            return Err(Diagnostic::unsupported(
                format!("using the caught exception '{name}' this way is not supported; compiled code takes `str({name})`, `{name}.args` and `raise {name}`"),
                sp,
            ));
        }
        if let Some(f) = self.inner_fns.get(name) {
            return Ok(Entity::Callable(Callable::Inner(name.to_string(), f.id, f.captures.clone())));
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
            "complex" => return Ok(Entity::Callable(Callable::Callee(Callee::Cmath(hasten_ir::complex::CmathFn::Complex)))),
            "bool" => Builtin::Bool,
            "round" => Builtin::Round,
            "len" => Builtin::Len,
            "divmod" => Builtin::Divmod,
            "slice" => Builtin::Slice,
            "hash" => Builtin::Hash,
            "list" => Builtin::List,
            "zip" => Builtin::Zip,
            "enumerate" => Builtin::Enumerate,
            "dict" => Builtin::Dict,
            "set" => Builtin::Set,
            "sorted" => Builtin::Sorted,
            "any" => Builtin::Any,
            "all" => Builtin::All,
            "str" => Builtin::Str,
            "repr" => Builtin::Repr,
            "format" => Builtin::Format,
            "ord" => Builtin::Ord,
            "chr" => Builtin::Chr,
            "print" => Builtin::Print,
            "tuple" => Builtin::Tuple,
            "reversed" => Builtin::Reversed,
            "iter" => Builtin::Iter,
            "next" => Builtin::Next,
            "range" => return Ok(Entity::Callable(Callable::Range)),
            "Ellipsis" => return Ok(Entity::Value(Expr::new(ExprKind::Const(Const::Ellipsis), sp))),
            // `bin`, `hex`, `oct`: the library's (`library/numbers.py`).
            "bin" | "hex" | "oct" => {
                let f = crate::library::attr(&format!("_{name}")).expect("the library defines them");
                return Ok(Entity::Callable(Callable::Library(f)));
            }
            // The range operations `ranges.rs` writes.
            n if n.starts_with("__hasten_range_") => {
                let f = crate::library::attr(&n["__hasten".len()..]).expect("ranges.rs names library functions");
                return Ok(Entity::Callable(Callable::Library(f)));
            }
            // `pow(x, y)` is `x ** y`, as `operator.pow` is.
            "pow" => return Ok(Entity::Value(Expr::new(ExprKind::Function(FuncRef::Builtin("operator.pow".into())), sp))),
            n if BUILTIN_EXCEPTIONS.contains(&n) => return Ok(Entity::Callable(Callable::Exception(ExcClass { name: n.into(), ancestry: Vec::new() }))),
            n if PYTHON_BUILTINS.contains(&n) => {
                return Err(Diagnostic::unsupported(format!("the builtin '{name}' is not supported in compiled code yet"), sp))
            }
            _ => {
                return Err(Diagnostic::typing(format!("name '{name}' is not defined"), sp)
                    .note("hasten reads module globals when the function is first compiled"))
            }
        };
        Ok(Entity::Callable(Callable::Callee(Callee::Builtin(builtin))))
    }

    /// `m.a` or `m.a.b` of a module global `m` whose member the embedder described as a global of
    /// its own (`"typed.List"`: `_program._module_members`).
    pub(crate) fn module_member(&self, a: &ast::ExprAttribute, sp: Span) -> Result<Option<Entity>> {
        let Some((name, g)) = self.dotted_global(a) else { return Ok(None) };
        global_entity(g, &name, sp).map(Some)
    }

    /// The dotted name of `m.a` or `m.a.b` of a module global `m`, and the global it names.
    pub(crate) fn dotted_global(&self, a: &ast::ExprAttribute) -> Option<(String, &GlobalValue)> {
        let mut dotted = vec![a.attr.id.as_str()];
        let mut base = a.value.as_ref();
        while let ast::Expr::Attribute(inner) = base {
            dotted.push(inner.attr.id.as_str());
            base = inner.value.as_ref();
        }
        let ast::Expr::Name(root) = base else { return None };
        let root = root.id.as_str();
        if self.by_name.contains_key(root) || self.inner_fns.contains_key(root) || self.caught_id(root).is_some() {
            return None;
        }
        dotted.push(root);
        dotted.reverse();
        let name = dotted.join(".");
        let g = self.src.globals.get(&name)?;
        Some((name, g))
    }

    /// `getattr(x, "name")` with a constant name: the attribute `x.name`, or `None` for another
    /// call. A name known only at run time is refused (attributes are resolved at compile time,
    /// and a value's are checked after this); a default makes it `attribute_test`'s.
    pub(crate) fn getattr_form(&self, c: &ast::ExprCall, sp: Span) -> Result<Option<ast::ExprAttribute>> {
        if !self.is_builtin_call(c, "getattr") {
            return Ok(None);
        }
        match (&c.arguments.args[..], &c.arguments.keywords[..]) {
            ([x, ast::Expr::StringLiteral(s)], []) => Ok(Some(attribute_of(x, s, c))),
            ([_, ast::Expr::StringLiteral(_), _], []) => Ok(None),
            ([_, _] | [_, _, _], []) => Err(Diagnostic::unsupported("getattr() of a name known only at run time is not supported (compiled code resolves attributes at compile time)", sp)),
            _ => Err(Diagnostic::typing("getattr expected 2 or 3 arguments", sp)),
        }
    }

    fn is_builtin_call(&self, c: &ast::ExprCall, name: &str) -> bool {
        matches!(c.func.as_ref(), ast::Expr::Name(f) if f.id.as_str() == name && self.is_builtin_name(name))
    }

    /// `hasattr(x, "name")` and `getattr(x, "name", default)` with a constant name, as CPython
    /// decides them for `x`'s class (the embedder lists the classes and globals that have each
    /// attribute the code names, `hasattr:name`): for a global, here; for a value, by the type
    /// checker from its type (`TypeTestKind::HasAttr`), which also drops the arm of `getattr`
    /// that the answer rules out. `None` for another call.
    pub(crate) fn attribute_test(&mut self, c: &ast::ExprCall, sp: Span) -> Result<Option<Entity>> {
        let getattr = self.is_builtin_call(c, "getattr");
        if !getattr && !self.is_builtin_call(c, "hasattr") {
            return Ok(None);
        }
        let (x, s, default) = match (&c.arguments.args[..], &c.arguments.keywords[..]) {
            ([x, ast::Expr::StringLiteral(s)], []) if !getattr => (x, s, None),
            ([x, ast::Expr::StringLiteral(s), d], []) if getattr => (x, s, Some(d)),
            ([_, _], []) if !getattr => return Err(Diagnostic::unsupported("hasattr() of a name known only at run time is not supported (compiled code resolves attributes at compile time)", sp)),
            _ if !getattr => return Err(Diagnostic::typing("hasattr expected 2 arguments", sp)),
            _ => return Ok(None),
        };
        let owners: Vec<String> = match self.src.globals.get(&format!("hasattr:{}", s.value.to_str())) {
            Some(GlobalValue::Tuple(items)) => items.iter().filter_map(|g| if let GlobalValue::Str(k) = g { Some(k.clone()) } else { None }).collect(),
            _ => Vec::new(),
        };
        let global = match x {
            ast::Expr::Name(n) if !self.by_name.contains_key(n.id.as_str()) && self.src.globals.contains_key(n.id.as_str()) => Some(n.id.as_str()),
            _ => None,
        };
        let test = match global {
            Some(name) => {
                let has = owners.iter().any(|k| k.strip_prefix("global:") == Some(name));
                match default {
                    Some(_) if has => return self.attribute(&attribute_of(x, s, c), sp).map(Some),
                    Some(d) => return self.expr(d).map(|v| Some(Entity::Value(v))),
                    None => Expr::new(ExprKind::Decided(has), sp),
                }
            }
            None => {
                let classes = owners.iter().filter_map(|k| owner_class(k)).collect();
                let value = self.expr(x)?;
                Expr::new(ExprKind::TypeTest(Box::new(value), classes, TypeTestKind::HasAttr(s.value.to_str().to_string())), sp)
            }
        };
        let Some(d) = default else { return Self::value(test.kind, sp).map(Some) };
        // The attribute a value lacks is refused only if the type checker keeps its arm.
        let found = match self.attribute(&attribute_of(x, s, c), sp) {
            Ok(Entity::Value(v)) => v,
            _ => Expr::new(ExprKind::Call(Callee::Builtin(Builtin::Field), vec![self.expr(x)?, Expr::new(ExprKind::Const(Const::Str(s.value.to_str().to_string())), sp)], Vec::new()), sp),
        };
        let default = self.expr(d)?;
        Self::value(ExprKind::IfExp(Box::new(test), Box::new(found), Box::new(default)), sp).map(Some)
    }

    /// `x.attr`: a member of the `math` or `numpy` module, or one of the array attributes. Array
    /// methods are calls, resolved by `call`.
    pub(crate) fn attribute(&mut self, a: &ast::ExprAttribute, sp: Span) -> Result<Entity> {
        let attr = a.attr.id.as_str();
        if let Some(id) = self.args_of_caught(a) {
            return Self::value(ExprKind::CaughtArgs(id), sp);
        }
        if let Some(info) = self.info_attr(a, sp)? {
            return Ok(info);
        }
        if let Some(overloaded) = self.overloaded_attr(a, sp)? {
            return Ok(overloaded);
        }
        if let Some(flag) = self.flags_attr(a, sp)? {
            return Ok(flag);
        }
        if let Some(member) = self.module_member(a, sp)? {
            return Ok(member);
        }
        if let Some(l) = self.unbound_str_method(a) {
            return self.lambda(&l);
        }
        match self.entity(&a.value)? {
            Entity::MathModule => math_attr(attr, sp),
            Entity::NumpyModule => numpy_attr(attr, sp),
            Entity::RandomModule => random_attr(attr, sp),
            Entity::OperatorModule => operator_attr(attr, sp),
            Entity::LinalgModule => linalg_attr(attr, sp),
            Entity::CmathModule => crate::complex::cmath_attr(attr, sp),
            Entity::LibraryModule(m) => crate::library::module_attr(m, attr, sp),
            Entity::Value(base) => {
                let base = match crate::complex::part_attr(attr, base, sp) {
                    Ok(call) => return Ok(Entity::Value(call)),
                    Err(base) => base,
                };
                let attr = match attr {
                    "shape" => Attr::Shape,
                    "T" => Attr::T,
                    "ndim" => Attr::Ndim,
                    "size" => Attr::Size,
                    "itemsize" => Attr::Itemsize,
                    "nbytes" => Attr::Nbytes,
                    "strides" => Attr::Strides,
                    "dtype" => Attr::Dtype,
                    // Read in C order as the flattened array (`a.flat[i]` and stores: `arrayattrs.rs`).
                    "flat" => return Self::value(ExprKind::Call(Callee::Numpy(NumpyFn::Ravel), vec![base], Vec::new()), sp),
                    "flags" => return Err(Diagnostic::unsupported("a.flags is supported as a.flags.<name> (c_contiguous, f_contiguous, contiguous, writeable, aligned) yet", sp)),
                    // A named tuple's field, or nothing the type checker knows.
                    _ => {
                        let name = Expr::new(ExprKind::Const(Const::Str(attr.to_string())), sp);
                        return Self::value(ExprKind::Call(Callee::Builtin(Builtin::Field), vec![base, name], Vec::new()), sp);
                    }
                };
                Self::value(ExprKind::Attr(Box::new(base), attr), sp)
            }
            Entity::Callable(_) => Err(Diagnostic::unsupported(format!("attribute '.{attr}' of a function"), sp)),
        }
    }
}

/// What the module global `name` refers to, from the value the embedder captured for it.
fn global_entity(g: &GlobalValue, name: &str, sp: Span) -> Result<Entity> {
    let value = |kind| Ok(Entity::Value(Expr::new(kind, sp)));
    match g {
        GlobalValue::Int(_)
        | GlobalValue::Float(_)
        | GlobalValue::Bool(_)
        | GlobalValue::None
        | GlobalValue::Ellipsis
        | GlobalValue::Str(_)
        | GlobalValue::Tuple(_)
        | GlobalValue::NamedInstance(..)
        | GlobalValue::NumpyScalar(..)
        | GlobalValue::Slice(_)
        | GlobalValue::Array(_) => {
            if let Some(what) = not_constant(g) {
                return Err(Diagnostic::unsupported(format!("global '{name}' holds {what}, which compiled code cannot use as a constant"), sp));
            }
            value(global_const_expr(g, sp).kind)
        }
        GlobalValue::MathModule => Ok(Entity::MathModule),
        GlobalValue::OperatorModule => Ok(Entity::OperatorModule),
        GlobalValue::StdlibModule(m) => crate::library::stdlib_module(m, sp),
        GlobalValue::StdlibFn(m, f) => crate::library::module_attr(m, f, sp),
        GlobalValue::BuiltinFn(f) => match f.strip_prefix("operator.") {
            Some(attr) if OPERATOR_LIBRARY.contains(&attr) => operator_attr(attr, sp),
            _ => value(ExprKind::Function(FuncRef::Builtin(f.clone()))),
        },
        GlobalValue::NumpyModule => Ok(Entity::NumpyModule),
        GlobalValue::MathFn(f) => math_attr(f, sp),
        GlobalValue::Complex(re, im) => Ok(Entity::Value(crate::complex::complex_const(*re, *im, sp))),
        GlobalValue::CmathModule => Ok(Entity::CmathModule),
        GlobalValue::CmathFn(f) => crate::complex::cmath_attr(f, sp),
        GlobalValue::NumpyFn(f) => numpy_attr(f, sp),
        GlobalValue::NumpyRandomModule => Ok(Entity::RandomModule),
        GlobalValue::RandomFn(f) => random_attr(f, sp),
        GlobalValue::NumpyLinalgModule => Ok(Entity::LinalgModule),
        GlobalValue::LinalgFn(f) => linalg_attr(f, sp),
        GlobalValue::Dtype(d) => Ok(Entity::Callable(Callable::Callee(Callee::ScalarCtor(*d)))),
        GlobalValue::Function(id) => Ok(Entity::Callable(Callable::Callee(Callee::Function(*id)))),
        GlobalValue::Prange => Ok(Entity::Callable(Callable::Prange)),
        GlobalValue::Exception(e) => Ok(Entity::Callable(Callable::Exception(ExcClass { name: e.clone(), ancestry: Vec::new() }))),
        GlobalValue::UserException(key, ancestry) => {
            Ok(Entity::Callable(Callable::Exception(ExcClass { name: key.clone(), ancestry: ancestry.clone() })))
        }
        GlobalValue::PyFunction(f) => Err(Diagnostic::typing(
            format!("'{name}' is the plain Python function {f}(), which compiled code cannot call"),
            sp,
        )
        .note(format!("decorate {f}() with @njit (from hasten import njit) so that compiled code can call it"))),
        GlobalValue::TypedClass(dict) => {
            Ok(Entity::Callable(Callable::Callee(Callee::Builtin(if *dict { Builtin::TypedDict } else { Builtin::TypedList }))))
        }
        GlobalValue::ItemType(_) | GlobalValue::TypesModule(_) => Err(Diagnostic::unsupported(
            format!("'{name}' is a type object: compiled code takes type objects only as the item types of List.empty_list() and Dict.empty()"),
            sp,
        )),
        GlobalValue::Overload { key, numpy } => crate::overloads::overload_entity(key, numpy.as_deref(), sp),
        GlobalValue::NamedTuple { class, defaults } => Ok(Entity::Callable(Callable::NamedTuple(class.clone(), defaults.clone()))),
        GlobalValue::Opaque(ty) => Err(Diagnostic::unsupported(
            format!("global '{name}' has type '{ty}', which compiled code cannot use"),
            sp,
        )),
    }
}

/// What a constant global holds that is no constant of compiled code (a tuple's item of another
/// kind, a slice's part that is not an int or None), by its type.
fn not_constant(g: &GlobalValue) -> Option<String> {
    match g {
        GlobalValue::Int(_) | GlobalValue::Float(_) | GlobalValue::Bool(_) | GlobalValue::None | GlobalValue::Ellipsis | GlobalValue::Str(_) | GlobalValue::Complex(..) | GlobalValue::Array(_) => None,
        GlobalValue::Tuple(items) | GlobalValue::NamedInstance(_, items) => items.iter().find_map(not_constant),
        GlobalValue::NumpyScalar(_, v) => not_constant(v),
        GlobalValue::Slice(parts) => parts.iter().find_map(|p| match p {
            GlobalValue::Int(_) | GlobalValue::Bool(_) | GlobalValue::None => None,
            GlobalValue::Opaque(ty) => Some(format!("a slice of {ty}")),
            _ => Some("a slice of values other than ints and None".to_string()),
        }),
        GlobalValue::Opaque(ty) => Some(format!("a value of type '{ty}'")),
        _ => Some("a module, function or class".to_string()),
    }
}

/// A constant global as a literal: a tuple global becomes a tuple of constants.
pub(crate) fn global_const_expr(g: &GlobalValue, sp: Span) -> Expr {
    let kind = match g {
        GlobalValue::Int(v) => ExprKind::Const(Const::Int(*v)),
        GlobalValue::Float(v) => ExprKind::Const(Const::Float(*v)),
        GlobalValue::Bool(v) => ExprKind::Const(Const::Bool(*v)),
        GlobalValue::Str(s) => ExprKind::Const(Const::Str(s.clone())),
        GlobalValue::Ellipsis => ExprKind::Const(Const::Ellipsis),
        GlobalValue::Tuple(items) => ExprKind::Tuple(items.iter().map(|i| global_const_expr(i, sp)).collect()),
        GlobalValue::NumpyScalar(d, v) => ExprKind::Call(Callee::ScalarCtor(*d), vec![global_const_expr(v, sp)], Vec::new()),
        GlobalValue::Slice(parts) => ExprKind::Call(Callee::Builtin(Builtin::Slice), parts.iter().map(|p| global_const_expr(p, sp)).collect(), Vec::new()),
        GlobalValue::NamedInstance(class, items) => {
            ExprKind::Call(Callee::NamedTuple(class.clone(), Vec::new()), items.iter().map(|i| global_const_expr(i, sp)).collect(), Vec::new())
        }
        GlobalValue::Array(a) => ExprKind::Frozen(Box::new(a.clone())),
        GlobalValue::Complex(re, im) => return crate::complex::complex_const(*re, *im, sp),
        _ => ExprKind::Const(Const::None),
    };
    Expr::new(kind, sp)
}

/// The functions of the `operator` module compiled code takes, as function values (the type
/// checker turns a call of one into its operation).
const OPERATORS: &[&str] = &[
    "add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "and_", "or_", "xor", "lshift", "rshift", "lt", "le",
    "gt", "ge", "eq", "ne", "neg", "pos", "invert", "inv", "not_", "abs", "getitem",
];

/// The functions of the `operator` module that are the library's (`library/operators.py`): they
/// are called, not held as values.
const OPERATOR_LIBRARY: &[&str] = &[
    "iadd", "isub", "imul", "itruediv", "ifloordiv", "imod", "ipow", "iand", "ior", "ixor", "ilshift", "irshift", "contains",
    "matmul", "truth", "concat",
];

/// `operator.attr`: a function value, or a library function.
fn operator_attr(attr: &str, sp: Span) -> Result<Entity> {
    if OPERATORS.contains(&attr) {
        Ok(Entity::Value(Expr::new(ExprKind::Function(FuncRef::Builtin(format!("operator.{attr}"))), sp)))
    } else if OPERATOR_LIBRARY.contains(&attr) {
        let f = crate::library::attr(&format!("_{attr}")).expect("library/operators.py defines them");
        Ok(Entity::Callable(Callable::Library(f)))
    } else {
        Err(Diagnostic::unsupported(format!("operator.{attr} is not supported"), sp))
    }
}

/// `math.attr`, also reached by `from math import attr`: constants fold to floats, functions are callees.
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

/// The arguments of a `math` call bound to positions: `isclose`'s keyword-only tolerances with
/// their defaults, `perm(n)`/`perm(n, None)` as `factorial(n)`; the other functions take no
/// keywords.
pub(crate) fn math_args(f: MathFn, mut args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<(MathFn, Vec<Expr>)> {
    let float = |v: f64| Expr::new(ExprKind::Const(Const::Float(v)), sp);
    match f {
        MathFn::Isclose => {
            if args.len() != 2 {
                return Err(Diagnostic::typing(format!("isclose() takes exactly 2 positional arguments ({} given)", args.len()), sp));
            }
            let mut tols = [float(1e-9), float(0.0)];
            for (name, value) in kwargs {
                match name.as_str() {
                    "rel_tol" => tols[0] = value,
                    "abs_tol" => tols[1] = value,
                    _ => return Err(Diagnostic::typing(format!("isclose() got an unexpected keyword argument '{name}'"), value.span)),
                }
            }
            args.extend(tols);
            Ok((f, args))
        }
        _ if !kwargs.is_empty() => Err(Diagnostic::typing(format!("math.{}() takes no keyword arguments", f.name()), kwargs[0].1.span)),
        MathFn::Perm if args.len() == 1 || (args.len() == 2 && matches!(args[1].kind, ExprKind::Const(Const::None))) => {
            args.truncate(1);
            Ok((MathFn::Factorial, args))
        }
        _ => Ok((f, args)),
    }
}

/// `x.name` for `getattr(x, "name", ...)`, spanning the call.
fn attribute_of(x: &ast::Expr, s: &ast::ExprStringLiteral, c: &ast::ExprCall) -> ast::ExprAttribute {
    ast::ExprAttribute {
        node_index: Default::default(),
        range: ruff_text_size::Ranged::range(c),
        value: Box::new(x.clone()),
        attr: ast::Identifier::new(s.value.to_str(), s.range),
        ctx: ast::ExprContext::Load,
    }
}

/// The class an owner key of the embedder's `hasattr:` lists names (`"int"`, `"ndarray"`,
/// `"np.float64"`); `None` for a global's key.
fn owner_class(key: &str) -> Option<PyClass> {
    Some(match key {
        "bool" => PyClass::Bool,
        "int" => PyClass::Int,
        "float" => PyClass::Float,
        "complex" => PyClass::Complex,
        "str" => PyClass::Str,
        "tuple" => PyClass::Tuple,
        "list" => PyClass::List,
        "dict" => PyClass::Dict,
        "set" => PyClass::Set,
        "ndarray" => PyClass::Ndarray,
        _ => PyClass::Scalar(Dtype::from_name(key.strip_prefix("np.")?)?),
    })
}
