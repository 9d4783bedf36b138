//! Calls: of builtins, `math` functions, NumPy functions and array methods, and other jitted
//! functions. Keyword arguments of builtins and NumPy functions are bound to positions here, so that
//! later stages only see positional arguments; those of jitted functions are left to the type
//! checker, which knows their parameters. `sum/min/max` over a `range` become a `RangeReduce`.

use crate::comprehensions::Collect;
use crate::lowerer::Lowerer;
use crate::bind::{bind, Kwargs};
use crate::entity::{Callable, Entity};
use crate::numpy::{numpy_call, numpy_method};
use crate::random::{random_call, random_dims_call};
use crate::{spanned, Result};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span};
use ruff_python_ast as ast;


impl Lowerer<'_> {
    /// `f(...)` or `a.method(...)`: resolves what is called, then lowers and binds the arguments.
    pub(crate) fn call(&mut self, c: &ast::ExprCall, sp: Span) -> Result<Entity> {
        if let Some(k) = c.arguments.args.iter().position(|a| self.map_as_generator(a).is_some()) {
            let mut taken = c.clone();
            taken.arguments.args[k] = self.map_as_generator(&c.arguments.args[k]).expect("checked above");
            return self.call(&taken, sp);
        }
        if let Some(eager) = self.eager_generator_arg(c) {
            return self.call(&eager, sp);
        }
        if let Some(method) = self.unbound_str_method_call(c) {
            return self.call(&method, sp);
        }
        if let Some(attr) = self.getattr_form(c, sp)? {
            return self.attribute(&attr, sp);
        }
        if let Some(test) = self.attribute_test(c, sp)? {
            return Ok(test);
        }
        if let ast::Expr::Attribute(a) = c.func.as_ref() {
            if let (ast::Expr::StringLiteral(s), "format") = (a.value.as_ref(), a.attr.id.as_str()) {
                return Ok(Entity::Value(self.str_format(s.value.to_str(), c, sp)?));
            }
        }
        if matches!(c.func.as_ref(), ast::Expr::Name(n) if n.id.as_str() == "pow" && self.is_builtin_name("pow")) && c.arguments.args.len() == 3 {
            let (args, kwargs) = self.call_args(c, None)?;
            if let Some((name, v)) = kwargs.first() {
                return Err(Diagnostic::typing(format!("unexpected keyword argument '{name}'"), v.span));
            }
            return Self::value(ExprKind::Call(Callee::Builtin(Builtin::PowMod), args, Vec::new()), sp);
        }
        if matches!(c.func.as_ref(), ast::Expr::Name(n) if n.id.as_str() == "isinstance" && self.is_builtin_name("isinstance")) {
            return self.isinstance(c, sp);
        }
        if let Some(id) = self.str_of_caught(c) {
            return Self::value(ExprKind::CaughtStr(id), sp);
        }
        if let ast::Expr::Attribute(a) = c.func.as_ref() {
            if let (ast::Expr::Name(_) | ast::Expr::Attribute(_), Some("empty_list" | "empty")) = (a.value.as_ref(), Some(a.attr.id.as_str())) {
                if let Ok(Entity::Callable(Callable::Callee(Callee::Builtin(b @ (Builtin::TypedList | Builtin::TypedDict))))) = self.entity(&a.value) {
                    return Ok(Entity::Value(self.typed_container_call(b, Some(a.attr.id.as_str()), c, sp)?));
                }
            }
            if a.attr.id.as_str() == "fromkeys" && matches!(a.value.as_ref(), ast::Expr::Name(n) if n.id.as_str() == "dict" && self.is_builtin_name("dict")) {
                return Ok(Entity::Value(self.dict_fromkeys(c, sp)?));
            }
        }
        // A method call's receiver is lowered once: lowering it twice made chained calls
        // (`a.sum().sum()…`) cost twice as much per link.
        let method = match c.func.as_ref() {
            // `m.f(...)` of an overloaded function `f` of module `m`, resolved as `m.f` below.
            ast::Expr::Attribute(a) if self.overloaded_attr(a, sp)?.is_some() => None,
            // `typed.List()`, `mylib.helper(x)`: a member of a module global, resolved below.
            ast::Expr::Attribute(a) if self.dotted_global(a).is_some() => None,
            ast::Expr::Attribute(a) => match self.entity(&a.value)? {
                Entity::MathModule | Entity::NumpyModule | Entity::RandomModule | Entity::OperatorModule | Entity::LinalgModule | Entity::CmathModule | Entity::LibraryModule(_) => None,
                Entity::Value(recv) => Some((a, recv)),
                Entity::Callable(Callable::Callee(Callee::Numpy(NumpyFn::Ufunc(u)))) if matches!(a.attr.id.as_str(), "reduce" | "accumulate" | "reduceat" | "outer" | "at") => {
                    return self.ufunc_method(u, a.attr.id.as_str(), c, sp);
                }
                _ => {
                    let what = format!("calling an attribute of a function (`.{}(...)`) is not supported in compiled code", a.attr.id.as_str());
                    return Err(Diagnostic::unsupported(what, spanned(c.func.as_ref())));
                }
            },
            _ => None,
        };
        match method {
            Some((a, recv)) => self.method_call(a, recv, c, sp),
            None => match self.entity(c.func.as_ref())? {
                Entity::Callable(callable) => self.callable_call(callable, None, c, sp),
                // A function value (a parameter, `operator.add`): the type checker resolves it.
                Entity::Value(f) => {
                    let (args, kwargs) = self.call_args(c, None)?;
                    Self::value(ExprKind::CallValue(Box::new(f), args, kwargs), sp)
                }
                _ => Err(Diagnostic::typing("a module is not callable", spanned(c.func.as_ref()))),
            },
        }
    }

    /// `recv.name(...)` of a value `recv`: which callable the method is, and the receiver it takes
    /// as its first argument; the methods that are other expressions are lowered here.
    fn method_call(&mut self, a: &ast::ExprAttribute, recv: Expr, c: &ast::ExprCall, sp: Span) -> Result<Entity> {
        let (callable, receiver) = match a.attr.id.as_str() {
            // The methods only strings have; `count` and `index` are list methods until typed.
            name if StrMethod::from_name(name).is_some() && ListMethod::from_name(name).is_none() => {
                (Callable::Callee(Callee::StrMethod(StrMethod::from_name(name).expect("checked above"))), recv)
            }
            // `index` with a start (and stop) bound: the library's search.
            "index" if c.arguments.args.len() > 1 => (Callable::Library("_index_between"), recv),
            // The list methods that arrays lack; the type checker checks the receiver is a list.
            name if ListMethod::from_name(name).is_some() => {
                let m = ListMethod::from_name(name).expect("checked above");
                if let Some(args) = self.iterable_method_args(m, &recv, &a.value, c)? {
                    return Self::value(ExprKind::Call(Callee::ListMethod(m), args, Vec::new()), sp);
                }
                (Callable::Callee(Callee::ListMethod(m)), recv)
            }
            // The methods of `np.random.Generator`; the type checker checks the receiver is one.
            name if GenMethod::from_name(name).is_some() => {
                (Callable::Callee(Callee::Generator(GenMethod::from_name(name).expect("checked above"))), recv)
            }
            name if GenMethod::is_unsupported_name(name) => {
                return Err(Diagnostic::unsupported(format!("the method .{name}() (of np.random.Generator) is not supported yet"), spanned(c.func.as_ref())));
            }
            // `l.sort(key=..., reverse=...)`: keywords NumPy's `a.sort()` lacks make it a list's.
            "sort" if c.arguments.keywords.iter().any(|k| k.arg.as_ref().is_some_and(|n| matches!(n.id.as_str(), "key" | "reverse"))) => {
                return self.list_sort(recv, &a.value, c, sp);
            }
            "conjugate" | "conj" => (Callable::Callee(Callee::Cmath(hasten_ir::complex::CmathFn::Conjugate)), recv),
            name if self.overloaded_method(name, sp).is_some() => (Callable::Callee(self.overloaded_method(name, sp).expect("checked above")), recv),
            // `a.item(i)` (a flat position) and `a.item(i, j)` (an element), as Python numbers.
            "item" if !c.arguments.args.is_empty() && c.arguments.keywords.is_empty() => {
                let (mut index, _) = self.call_args(c, None)?;
                if index.len() == 1 {
                    return self.library_call(crate::library::attr("_item_flat").expect("the library defines it"), vec![recv, index.remove(0)], Vec::new(), sp);
                }
                let element = Expr::new(ExprKind::Index(Box::new(recv), index), sp);
                return Self::value(ExprKind::Call(Callee::Numpy(NumpyFn::Item), vec![element], Vec::new()), sp);
            }
            name if crate::library::method(name).is_some() => (Callable::Library(crate::library::method(name).expect("checked above")), recv),
            // `a.sum()` and friends are the NumPy functions with the receiver as first argument.
            name => {
                let f = numpy_method(name, spanned(c.func.as_ref()))?;
                (Callable::Callee(Callee::Numpy(f)), Expr::new(ExprKind::Attr(Box::new(recv), Attr::Receiver), spanned(c.func.as_ref())))
            }
        };
        self.callable_call(callable, Some(receiver), c, sp)
    }

    /// `callable(...)`, with `receiver` first for a method: binds the arguments, then lowers the
    /// callables that are no callee of the IR.
    fn callable_call(&mut self, callable: Callable, receiver: Option<Expr>, c: &ast::ExprCall, sp: Span) -> Result<Entity> {
        if let Some(e) = self.builtin_form(&callable, c, sp)? {
            return Ok(e);
        }
        let zip = matches!(callable, Callable::Callee(Callee::Builtin(Builtin::Zip | Builtin::Enumerate)));
        let numpy = matches!(callable, Callable::Callee(Callee::Numpy(_)) | Callable::Rewrite(_) | Callable::Library(_) | Callable::RandomDims(_) | Callable::RandomIntegers);
        let (mut args, kwargs) = self.call_args_with(c, receiver, zip, numpy)?;
        if let Some(k) = args.iter().position(crate::starred::is_starred).filter(|_| crate::starred::binds_here(&callable, &args, &kwargs)) {
            return self.starred_call(callable, args, kwargs, k, sp);
        }
        if let (Callable::Callee(Callee::Builtin(Builtin::Sum | Builtin::Min | Builtin::Max | Builtin::Sorted)), [x]) = (&callable, &c.arguments.args[..]) {
            if let Some(keys) = self.keys_if_dict(x)? {
                args[0] = keys;
            }
        }
        self.bound_call(callable, args, kwargs, sp)
    }

    /// The call of `callable` on lowered arguments.
    pub(crate) fn bound_call(&mut self, callable: Callable, mut args: Vec<Expr>, mut kwargs: Kwargs, sp: Span) -> Result<Entity> {
        if matches!(callable, Callable::Callee(Callee::Builtin(Builtin::Sum))) {
            if let Some(folded) = self.sum_of_tuple(&mut args, &mut kwargs, sp)? {
                return Ok(Entity::Value(folded));
            }
        }
        if let Some(name) = crate::library::library_form(&callable, &mut args, &kwargs, sp) {
            return self.library_call(crate::library::attr(name).expect("the library defines it"), args, kwargs, sp);
        }
        let callee = match callable {
            Callable::Callee(callee) => callee,
            Callable::Range | Callable::Prange => {
                return Err(Diagnostic::unsupported(
                    "a range object as a value (returned, passed to a function, put in a container) is not supported yet; compiled code takes a range in loops, comprehensions and reductions, in a local variable, and through len(), indexing, slicing, `in`, index(), count() and its start/stop/step",
                    sp,
                ))
            }
            Callable::RandomDims(f) => return Ok(Entity::Value(random_dims_call(f, args, kwargs, sp)?)),
            Callable::RandomIntegers => return Ok(Entity::Value(crate::random::random_integers_call(args, kwargs, sp)?)),
            Callable::Exception(_) => {
                return Err(Diagnostic::unsupported("exceptions can only be created in a raise statement", sp))
            }
            Callable::Allclose => return Ok(Entity::Value(crate::numpy::allclose_call(args, kwargs, sp)?)),
            Callable::Inner(_, id, captures) => return self.inner_call(id, &captures, args, kwargs, sp),
            Callable::Product(p) => return Ok(Entity::Value(crate::linalg::product_call(p, args, kwargs, sp)?)),
            Callable::Rewrite(r) => return Ok(Entity::Value(crate::numpy_shapes::rewrite_call(r, args, kwargs, sp)?)),
            Callable::Library(name) => return self.library_call(name, args, kwargs, sp),
            Callable::NamedTuple(class, defaults) => return Ok(Entity::Value(crate::named::construct(class, &defaults, args, kwargs, sp)?)),
            Callable::Info(float) => {
                let name = if float { "finfo" } else { "iinfo" };
                return Err(Diagnostic::unsupported(format!("np.{name}(...) is supported only for its attributes (np.{name}(dtype).max)"), sp));
            }
        };
        // `np.conjugate(x, out)`, `np.divmod(x1, x2, out1, out2)`: the ufunc's results stored into
        // the outputs, which it returns.
        let outputs = |n: usize| args.len() > n || kwargs.iter().any(|(n, _)| n == "out");
        if callee == Callee::Cmath(hasten_ir::complex::CmathFn::NpConjugate) && outputs(1) {
            return self.library_call("_conjugate_out", args, kwargs, sp);
        }
        if callee == Callee::Numpy(NumpyFn::Divmod) && outputs(2) {
            return self.library_call("_divmod_out", args, kwargs, sp);
        }
        let numpy = matches!(callee, Callee::Numpy(_));
        let called = Self::callee_call(callee, args, kwargs, sp)?;
        match called {
            Entity::Value(e) if numpy => Ok(Entity::Value(self.run_time_axis(e, sp)?)),
            other => Ok(other),
        }
    }

    /// `callee(...)` of lowered arguments: its keywords bound to positions and its defaults filled
    /// in, so that later stages see positional arguments only (a jitted function's are the type
    /// checker's).
    fn callee_call(callee: Callee, args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<Entity> {
        match callee {
            Callee::Function(_) | Callee::Overload(_) => Self::value(ExprKind::Call(callee, args, kwargs), sp),
            Callee::Numpy(f) => Ok(Entity::Value(numpy_call(f, args, kwargs, sp)?)),
            Callee::Random(f) => Ok(Entity::Value(random_call(f, args, kwargs, sp)?)),
            Callee::Generator(m) => Ok(Entity::Value(crate::generator::generator_call(m, args, kwargs, sp)?)),
            Callee::Linalg(f) => Ok(Entity::Value(crate::linalg::linalg_call(f, args, kwargs, sp)?)),
            Callee::Builtin(Builtin::Round) => {
                let args = bind(args, kwargs, &["number", "ndigits"], 1, sp)?;
                Self::value(ExprKind::Call(callee, args, Vec::new()), sp)
            }
            // `int(x, base=16)`: the one keyword `int` takes (its first parameter is positional-only).
            Callee::Builtin(Builtin::Int) if kwargs.iter().all(|(n, _)| n == "base") && !kwargs.is_empty() && args.len() == 1 => {
                let args = bind(args, kwargs, &["x", "base"], 2, sp)?;
                Self::value(ExprKind::Call(callee, args, Vec::new()), sp)
            }
            Callee::Builtin(Builtin::Sorted) => {
                // `sorted(iterable, /, *, key=None, reverse=False)`
                let [iterable] = <[Expr; 1]>::try_from(args).map_err(|_| Diagnostic::typing("sorted expected 1 argument", sp))?;
                let mut reverse = Expr::new(ExprKind::Const(Const::Bool(false)), sp);
                for (name, value) in kwargs {
                    match name.as_str() {
                        "key" if matches!(value.kind, ExprKind::Const(Const::None)) => {}
                        "key" => return Err(Diagnostic::unsupported("sorted() with a key function is not supported yet", value.span)),
                        "reverse" => reverse = value,
                        _ => return Err(Diagnostic::typing(format!("sort() got an unexpected keyword argument '{name}'"), value.span)),
                    }
                }
                Self::value(ExprKind::Call(callee, vec![iterable, reverse], Vec::new()), sp)
            }
            Callee::Math(MathFn::Log) if args.len() == 2 && kwargs.is_empty() => {
                // `math.log(x, base)` is CPython's `log(x) / log(base)`.
                let mut args = args.into_iter();
                let log = |e: Expr| Expr::new(ExprKind::Call(Callee::Math(MathFn::Log), vec![e], Vec::new()), sp);
                let (x, base) = (log(args.next().expect("two")), log(args.next().expect("two")));
                Self::value(ExprKind::Binary(BinOp::Div, Box::new(x), Box::new(base)), sp)
            }
            Callee::Math(f) => {
                let (f, args) = crate::names::math_args(f, args, kwargs, sp)?;
                Self::value(ExprKind::Call(Callee::Math(f), args, Vec::new()), sp)
            }
            Callee::StrMethod(m) => Self::value(ExprKind::Call(callee, crate::strings::str_method_args(m, args, kwargs, sp)?, Vec::new()), sp),
            Callee::Builtin(Builtin::Print) => Self::value(ExprKind::Call(callee, crate::strings::print_args(args, kwargs, sp)?, Vec::new()), sp),
            Callee::Builtin(Builtin::Enumerate) => {
                let mut args = bind(args, kwargs, &["iterable", "start"], 1, sp)?;
                if args.len() == 1 {
                    args.push(Expr::new(ExprKind::Const(Const::Int(0)), sp));
                }
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

    /// `s.join(g)`, `l.extend(g)`, `sorted(g)` and `set(g)` of a generator expression `g`: the call
    /// of the list (or set) comprehension of `g`, since each consumes every item before doing
    /// anything else (CPython's `join` and `extend` make a sequence of them first); of `reversed(x)`
    /// or `range(...)`, the call of `list(...)` of it. None for any other call.
    fn eager_generator_arg(&mut self, c: &ast::ExprCall) -> Option<ast::ExprCall> {
        let first = c.arguments.args.first()?;
        // `sum(g, start)` too: the library's fold (`_sum_start`) takes the list of the items.
        let summed = |n: &ast::ExprName| n.id.as_str() == "sum" && (c.arguments.args.len() == 2 || c.arguments.find_keyword("start").is_some());
        let consumer = match c.func.as_ref() {
            ast::Expr::Attribute(a) => matches!(a.attr.id.as_str(), "join" | "extend"),
            ast::Expr::Name(n) => (matches!(n.id.as_str(), "sorted" | "set") || summed(n)) && self.is_builtin_name(n.id.as_str()),
            _ => false,
        };
        // `s.join(reversed(x))`, `sorted(range(n), key=f)`: of `list(...)` of the argument, which
        // the loop forms of `reversed` and `range` give.
        if let ast::Expr::Call(_) = first {
            if consumer && self.lazy_iterable(first) && self.is_builtin_name("list") {
                let mut eager = c.clone();
                eager.arguments.args[0] = crate::sequences::list_call(first);
                return Some(eager);
            }
        }
        // `sum(d.values(), start)`: of the list of the view's items.
        let viewed = (is_dict_view(first) && matches!(c.func.as_ref(), ast::Expr::Name(n) if summed(n))).then(|| items_of(first));
        let ast::Expr::Generator(g) = viewed.as_ref().unwrap_or(first) else { return None };
        let set = match c.func.as_ref() {
            ast::Expr::Attribute(a) if matches!(a.attr.id.as_str(), "join" | "extend") => false,
            ast::Expr::Name(n) if (matches!(n.id.as_str(), "sorted" | "set") || summed(n)) && self.is_builtin_name(n.id.as_str()) => n.id.as_str() == "set",
            _ => return None,
        };
        let (elt, generators) = (g.elt.clone(), g.generators.clone());
        let comp = if set {
            ast::Expr::SetComp(ast::ExprSetComp { node_index: Default::default(), range: g.range, elt, generators })
        } else {
            ast::Expr::ListComp(ast::ExprListComp { node_index: Default::default(), range: g.range, elt, generators })
        };
        let mut eager = c.clone();
        eager.arguments.args[0] = comp;
        Some(eager)
    }

    /// `sorted(xs, key=f, reverse=r)` with a key function, or None without one: the call gets `xs`,
    /// `r` and the list `[f(x) for x in xs]`, the keys computed once each before the sort as
    /// CPython computes them.
    fn sorted_by_key(&mut self, c: &ast::ExprCall, sp: Span) -> Result<Option<Entity>> {
        let has_key = |k: &ast::Keyword| k.arg.as_ref().is_some_and(|a| a.id.as_str() == "key") && !matches!(k.value, ast::Expr::NoneLiteral(_));
        if !c.arguments.keywords.iter().any(has_key) {
            return Ok(None);
        }
        let [iterable] = &c.arguments.args[..] else { return Err(Diagnostic::typing("sorted expected 1 argument", sp)) };
        if !self.rereadable(iterable) && !is_dict_view(iterable) {
            return self.keyed_call_of_value(c).map(|e| Some(Entity::Value(e)));
        }
        // `sorted(d.items(), key=f)`: of the list of the view's items.
        let xs = if is_dict_view(iterable) {
            self.view_items(iterable)?
        } else {
            match self.keys_if_dict(iterable)? {
                Some(keys) => keys,
                None => self.expr(iterable)?,
            }
        };
        let args = self.sort_args(xs, iterable, c)?;
        Self::value(ExprKind::Call(Callee::Builtin(Builtin::Sorted), args, Vec::new()), sp).map(Some)
    }

    /// `l.sort(key=f, reverse=r)`, `recv` being `l` lowered from `l_ast`.
    fn list_sort(&mut self, recv: Expr, l_ast: &ast::Expr, c: &ast::ExprCall, sp: Span) -> Result<Entity> {
        if let Some(a) = c.arguments.args.first() {
            return Err(Diagnostic::typing("sort() takes no positional arguments", spanned(a)));
        }
        let args = self.sort_args(recv, l_ast, c)?;
        Self::value(ExprKind::Call(Callee::ListMethod(ListMethod::Sort), args, Vec::new()), sp)
    }

    /// The arguments of a sort of the list `xs` (lowered from `xs_ast`) with the keywords of `c`:
    /// `xs`, `reverse`, then with a key function `f` the list `[f(x) for x in xs]`. `xs` is read
    /// again for the keys, so it must be a variable (or `range(...)` of variables and constants).
    fn sort_args(&mut self, xs: Expr, xs_ast: &ast::Expr, c: &ast::ExprCall) -> Result<Vec<Expr>> {
        let mut reverse = Expr::new(ExprKind::Const(Const::Bool(false)), xs.span);
        let mut key = None;
        for k in c.arguments.keywords.iter() {
            match k.arg.as_ref().map(|a| a.id.as_str()) {
                Some("key") if matches!(k.value, ast::Expr::NoneLiteral(_)) => {}
                Some("key") => key = Some(&k.value),
                Some("reverse") => reverse = self.expr(&k.value)?,
                Some(name) => return Err(Diagnostic::typing(format!("sort() got an unexpected keyword argument '{name}'"), spanned(k))),
                None => return Err(Diagnostic::unsupported("**kwargs in calls are not supported", spanned(k))),
            }
        }
        let mut args = vec![xs, reverse];
        if let Some(key) = key {
            args.push(self.key_list(xs_ast, key, "sorting with a key function")?);
        }
        Ok(args)
    }

    /// The list `[key(x) for x in xs]` of the keys of the items of `xs_ast`, which is read again
    /// for them, so it must be a variable (or `range(...)` of variables and constants); `what`
    /// names the use in the refusal.
    pub(crate) fn key_list(&mut self, xs_ast: &ast::Expr, key: &ast::Expr, what: &str) -> Result<Expr> {
        if !self.rereadable(xs_ast) {
            return Err(Diagnostic::unsupported(format!("{what} a list that is not a variable is not supported yet; assign it to a variable first"), spanned(xs_ast)));
        }
        // The list comprehension, which walks any iterable, dicts and their views included.
        let ast::Expr::Generator(g) = keys_of(xs_ast, key) else { unreachable!("keys_of makes a generator") };
        self.comprehension_call(Collect::List, &g.generators, &g.elt, None, g.range)
    }

    /// The list of the items of the dict view `view` (`d.keys()`, `values()`, `items()`): the
    /// list comprehension over it, which walks dict entries.
    pub(crate) fn view_items(&mut self, view: &ast::Expr) -> Result<Expr> {
        let range = ruff_text_size::Ranged::range(view);
        let name = |ctx| ast::Expr::Name(ast::ExprName { node_index: Default::default(), range, id: ast::name::Name::new("<item>"), ctx });
        let comp = ast::Comprehension { range, node_index: Default::default(), target: name(ast::ExprContext::Store), iter: view.clone(), ifs: Vec::new(), is_async: false };
        self.comprehension_call(Collect::List, &[comp], &name(ast::ExprContext::Load), None, range)
    }

    /// `map(f, a, b)` (the builtin) as the generator `(f(x0, x1) for x0, x1 in zip(a, b))`, and
    /// `filter(f, a)` as `(x for x in a if f(x))` (`if x` for `filter(None, a)`), which every
    /// consumer of an iterable takes (`list`, `sum`, `sorted`, `"".join`, a `for` loop...).
    pub(crate) fn map_as_generator(&self, e: &ast::Expr) -> Option<ast::Expr> {
        let ast::Expr::Call(m) = e else { return None };
        let builtin = |name: &str| self.is_builtin_name(name);
        let called = |f: &str| matches!(m.func.as_ref(), ast::Expr::Name(n) if n.id.as_str() == f) && builtin(f);
        let plain = m.arguments.keywords.is_empty() && !m.arguments.args.iter().any(|a| matches!(a, ast::Expr::Starred(_)));
        let range = ruff_text_size::Ranged::range(m);
        let name = |id: &str, ctx| ast::Expr::Name(ast::ExprName { node_index: Default::default(), range, id: ast::name::Name::new(id), ctx });
        if called("filter") && plain && m.arguments.args.len() == 2 {
            let [f, xs] = &m.arguments.args[..] else { unreachable!("two arguments") };
            let test = match f {
                ast::Expr::NoneLiteral(_) => name("<filter>", ast::ExprContext::Load),
                f => ast::Expr::Call(ast::ExprCall {
                    node_index: Default::default(),
                    range_start: range.start(),
                    func: Box::new(f.clone()),
                    arguments: ast::Arguments { node_index: Default::default(), range, args: Box::new([name("<filter>", ast::ExprContext::Load)]), keywords: Default::default() },
                }),
            };
            let comp = ast::Comprehension { range, node_index: Default::default(), target: name("<filter>", ast::ExprContext::Store), iter: xs.clone(), ifs: vec![test], is_async: false };
            let elt = Box::new(name("<filter>", ast::ExprContext::Load));
            return Some(ast::Expr::Generator(ast::ExprGenerator { node_index: Default::default(), range, elt, generators: vec![comp], parenthesized: true }));
        }
        if !called("map") || !plain || m.arguments.args.len() < 2 {
            return None;
        }
        let its = &m.arguments.args[1..];
        let names: Vec<String> = (0..its.len()).map(|k| format!("<map{k}>")).collect();
        let args: Box<[ast::Expr]> = names.iter().map(|n| name(n, ast::ExprContext::Load)).collect();
        let elt = ast::Expr::Call(ast::ExprCall {
            node_index: Default::default(),
            range_start: range.start(),
            func: Box::new(m.arguments.args[0].clone()),
            arguments: ast::Arguments { node_index: Default::default(), range, args, keywords: Default::default() },
        });
        let (target, iter) = match its {
            [one] => (name(&names[0], ast::ExprContext::Store), one.clone()),
            _ if !builtin("zip") => return None,
            _ => {
                let elts = names.iter().map(|n| name(n, ast::ExprContext::Store)).collect();
                let target = ast::Expr::Tuple(ast::ExprTuple { node_index: Default::default(), range, elts, ctx: ast::ExprContext::Store, parenthesized: false });
                let zip = ast::Expr::Call(ast::ExprCall {
                    node_index: Default::default(),
                    range_start: range.start(),
                    func: Box::new(name("zip", ast::ExprContext::Load)),
                    arguments: ast::Arguments { node_index: Default::default(), range, args: its.into(), keywords: Default::default() },
                });
                (target, zip)
            }
        };
        let comp = ast::Comprehension { range, node_index: Default::default(), target, iter, ifs: Vec::new(), is_async: false };
        Some(ast::Expr::Generator(ast::ExprGenerator { node_index: Default::default(), range, elt: Box::new(elt), generators: vec![comp], parenthesized: true }))
    }

    /// Whether evaluating `e` twice gives the same value with no effect: a variable, a number,
    /// `range(...)`, `len(...)` or `list(...)` of such, or `d.keys()`/`values()`/`items()` of a
    /// variable.
    pub(crate) fn rereadable(&self, e: &ast::Expr) -> bool {
        match e {
            ast::Expr::Name(_) | ast::Expr::NumberLiteral(_) => true,
            ast::Expr::UnaryOp(u) => self.rereadable(&u.operand),
            ast::Expr::Call(c) if !c.arguments.keywords.is_empty() => false,
            ast::Expr::Call(c) => match c.func.as_ref() {
                ast::Expr::Name(n) => {
                    matches!(n.id.as_str(), "range" | "list" | "len") && self.is_builtin_name(n.id.as_str()) && c.arguments.args.iter().all(|a| self.rereadable(a))
                }
                ast::Expr::Attribute(a) => {
                    matches!(a.attr.id.as_str(), "keys" | "values" | "items") && matches!(a.value.as_ref(), ast::Expr::Name(_)) && c.arguments.args.is_empty()
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// Lowers the arguments of a call: the receiver of a method call first, then the positional
    /// arguments, then the keyword arguments by name.
    pub(crate) fn call_args(&mut self, c: &ast::ExprCall, receiver: Option<Expr>) -> Result<(Vec<Expr>, Kwargs)> {
        self.call_args_with(c, receiver, false, false)
    }

    /// The arguments of a call; with `ranges` (`zip(...)`/`enumerate(...)`), a `range(...)` among
    /// them walks its bounds, as `iter(range(...))` does.
    fn call_args_with(&mut self, c: &ast::ExprCall, receiver: Option<Expr>, ranges: bool, numpy: bool) -> Result<(Vec<Expr>, Kwargs)> {
        let mut args: Vec<Expr> = receiver.into_iter().collect();
        for a in c.arguments.args.iter() {
            if let ast::Expr::Starred(s) = a {
                let t = self.expr(&s.value)?;
                args.push(Expr::new(ExprKind::Call(Callee::Builtin(Builtin::Starred), vec![t], Vec::new()), spanned(s)));
                continue;
            }
            if let Some(d) = self.python_type_dtype(a).filter(|_| numpy) {
                args.push(d);
                continue;
            }
            if let (true, ast::Expr::Call(r)) = (ranges, a) {
                if let Some(it) = self.range_iter(r, spanned(a))? {
                    args.push(it);
                    continue;
                }
            }
            args.push(self.argument(a)?);
        }
        let mut kwargs = Vec::new();
        for k in c.arguments.keywords.iter() {
            let Some(name) = &k.arg else {
                return Err(Diagnostic::unsupported("**kwargs in calls are not supported", spanned(k)));
            };
            let value = match self.python_type_dtype(&k.value).filter(|_| numpy) {
                Some(d) => d,
                None => self.argument(&k.value)?,
            };
            kwargs.push((name.id.as_str().to_string(), value));
        }
        Ok((args, kwargs))
    }

    /// `float`, `int`, `bool` or `complex` (the builtins) as an argument of a NumPy function, where
    /// they mean NumPy's dtypes float64, int64, bool and complex128; None for anything else.
    fn python_type_dtype(&mut self, a: &ast::Expr) -> Option<Expr> {
        let ast::Expr::Name(_) = a else { return None };
        let d = match self.entity(a).ok()? {
            Entity::Callable(Callable::Callee(Callee::Builtin(Builtin::Float))) => hasten_ir::Dtype::F64,
            Entity::Callable(Callable::Callee(Callee::Builtin(Builtin::Int))) => hasten_ir::Dtype::I64,
            Entity::Callable(Callable::Callee(Callee::Builtin(Builtin::Bool))) => hasten_ir::Dtype::Bool,
            Entity::Callable(Callable::Callee(Callee::Cmath(hasten_ir::complex::CmathFn::Complex))) => hasten_ir::Dtype::C128,
            _ => return None,
        };
        Some(Expr::new(ExprKind::Dtype(d), spanned(a)))
    }

    /// `range(...)` (no keywords) as the iterator over its bounds (`IterRange`); None for any other call.
    fn range_iter(&mut self, r: &ast::ExprCall, sp: Span) -> Result<Option<Expr>> {
        if !matches!(self.entity(&r.func), Ok(Entity::Callable(Callable::Range))) || !r.arguments.keywords.is_empty() {
            return Ok(None);
        }
        let bounds = r.arguments.args.iter().map(|a| self.expr(a)).collect::<Result<Vec<_>>>()?;
        let (start, stop, step) = range_bounds(&bounds, sp)?;
        Ok(Some(Expr::new(ExprKind::Call(Callee::Builtin(Builtin::IterRange), vec![start, stop, step], Vec::new()), sp)))
    }

    /// `list(x)` and `set(x)` of an iterable that is not `range(...)` nor a generator, and
    /// `dict(zip(...))`/`dict(enumerate(...))`: the comprehensions `[v for v in x]`, `{v for v in x}`
    /// and `{k: v for k, v in x}`, which iterate `x` as CPython's constructors do.
    fn collection_of(&mut self, callable: &Callable, c: &ast::ExprCall) -> Result<Option<Expr>> {
        // `sum/min/max/sorted(d.values())` (`keys`, `items`): of the list of the view's items.
        if let (Callable::Callee(Callee::Builtin(op @ (Builtin::Sum | Builtin::Min | Builtin::Max | Builtin::Sorted))), [arg @ ast::Expr::Call(_)]) = (callable, &c.arguments.args[..]) {
            if is_dict_view(arg) {
                let sp = crate::span(ruff_text_size::Ranged::range(c));
                let mut args = Vec::new();
                match (op, &c.arguments.keywords[..]) {
                    (_, []) => {}
                    (Builtin::Sorted, [k]) if k.arg.as_ref().is_some_and(|n| n.id.as_str() == "reverse") => args.push(self.expr(&k.value)?),
                    _ => return Ok(None),
                }
                if *op == Builtin::Sorted && args.is_empty() {
                    args.push(Expr::new(ExprKind::Const(Const::Bool(false)), sp));
                }
                args.insert(0, self.view_items(arg)?);
                return Ok(Some(Expr::new(ExprKind::Call(Callee::Builtin(*op), args, Vec::new()), sp)));
            }
        }
        // `list()` is the empty literal, typed from its later use as `[]` is.
        if let (Callable::Callee(Callee::Builtin(Builtin::List)), [], []) = (callable, &c.arguments.args[..], &c.arguments.keywords[..]) {
            return Ok(Some(Expr::new(ExprKind::List(Vec::new()), spanned(c))));
        }
        let (Callable::Callee(Callee::Builtin(op @ (Builtin::List | Builtin::Set | Builtin::Dict))), [arg], []) =
            (callable, &c.arguments.args[..], &c.arguments.keywords[..])
        else {
            return Ok(None);
        };
        let range = ruff_text_size::Ranged::range(arg);
        let name = |id: &str, ctx| ast::Expr::Name(ast::ExprName { node_index: Default::default(), range, id: ast::name::Name::new(id), ctx });
        let comp = |target| ast::Comprehension { range, node_index: Default::default(), target, iter: arg.clone(), ifs: Vec::new(), is_async: false };
        let item = || name("<item>", ast::ExprContext::Load);
        match (op, arg) {
            (_, ast::Expr::Generator(_) | ast::Expr::Starred(_)) => Ok(None),
            (Builtin::List, ast::Expr::Call(call)) if matches!(self.entity(&call.func), Ok(Entity::Callable(Callable::Range | Callable::Prange))) => Ok(None),
            (Builtin::List | Builtin::Set, _) => {
                let collect = if *op == Builtin::List { Collect::List } else { Collect::Set };
                Ok(Some(self.comprehension_call(collect, &[comp(name("<item>", ast::ExprContext::Store))], &item(), None, ruff_text_size::Ranged::range(c))?))
            }
            (Builtin::Dict, ast::Expr::Call(call)) if matches!(call.func.as_ref(), ast::Expr::Name(n) if matches!(n.id.as_str(), "zip" | "enumerate")) => {
                let pair = ast::Expr::Tuple(ast::ExprTuple {
                    node_index: Default::default(),
                    range,
                    elts: vec![name("<key>", ast::ExprContext::Store), name("<value>", ast::ExprContext::Store)],
                    ctx: ast::ExprContext::Store,
                    parenthesized: false,
                });
                let value = name("<value>", ast::ExprContext::Load);
                Ok(Some(self.comprehension_call(Collect::Dict, &[comp(pair)], &name("<key>", ast::ExprContext::Load), Some(&value), ruff_text_size::Ranged::range(c))?))
            }
            _ => Ok(None),
        }
    }

    /// The builtins whose calls the front end writes itself (containers from iterables,
    /// reductions of generators, `sorted`/`min`/`max` with keywords, `iter(range(...))`), or None.
    fn builtin_form(&mut self, callable: &Callable, c: &ast::ExprCall, sp: Span) -> Result<Option<Entity>> {
        if let Callable::Callee(Callee::Builtin(b @ (Builtin::TypedList | Builtin::TypedDict))) = callable {
            return Ok(Some(Entity::Value(self.typed_container_call(*b, None, c, sp)?)));
        }
        if let Callable::Callee(Callee::Builtin(Builtin::Tuple)) = callable {
            return Ok(Some(Entity::Value(self.tuple_call(c, sp)?)));
        }
        if let Some(e) = self.collection_of(callable, c)? {
            return Ok(Some(Entity::Value(e)));
        }
        if let Callable::Callee(Callee::Math(f @ (MathFn::Fsum | MathFn::Prod | MathFn::Dist))) = callable {
            return Ok(Some(Entity::Value(self.math_of_iterables(*f, c, sp)?)));
        }
        if let Callable::Callee(Callee::Builtin(Builtin::Dict)) = callable {
            if let Some(e) = self.dict_call(c, sp)? {
                return Ok(Some(Entity::Value(e)));
            }
        }
        if let (Callable::Callee(Callee::Builtin(op @ (Builtin::Sum | Builtin::Min | Builtin::Max | Builtin::List | Builtin::Any | Builtin::All))), [ast::Expr::Generator(g)]) =
            (callable, &c.arguments.args[..])
        {
            // `sum/min/max` of one `for` over an array or a list reduce in place (`RangeReduce`);
            // over a dict view they reduce the list of the items.
            let nested = g.generators.len() > 1
                || (matches!(op, Builtin::Any | Builtin::All | Builtin::List) && !self.iterates_range(&g.generators[0]))
                || is_dict_view(&g.generators[0].iter)
                || self.calls_jitted(&g.generators[0].iter);
            if nested && c.arguments.keywords.is_empty() {
                return self.nested_generator(*op, g, sp).map(Some);
            }
        }
        if let (Callable::Callee(Callee::Builtin(op @ (Builtin::Sum | Builtin::Min | Builtin::Max | Builtin::List))), [arg]) =
            (callable, &c.arguments.args[..])
        {
            // `sum(g(n))` of a jitted function's call (a generator's, inlined into the loop that
            // collects its items): the generator `sum(x for x in g(n))`.
            if c.arguments.keywords.is_empty() && self.calls_jitted(arg) {
                let ast::Expr::Generator(g) = items_of(arg) else { unreachable!("items_of makes a generator") };
                return self.nested_generator(*op, &g, sp).map(Some);
            }
            if c.arguments.keywords.is_empty() {
                if let Some(r) = self.range_reduce(*op, arg)? {
                    return Self::value(ExprKind::RangeReduce(Box::new(r)), sp).map(Some);
                }
                // `max(zip(a, b))`, `sum(enumerate(a))`: of the generator of their items.
                if *op != Builtin::List && self.iteration_call(arg) {
                    let r = self.range_reduce(*op, &items_of(arg))?.expect("a generator");
                    return Self::value(ExprKind::RangeReduce(Box::new(r)), sp).map(Some);
                }
            }
        }
        // `all([])`, `any(())`, `sum([])`: of no items, whatever their type would be.
        if let (Callable::Callee(Callee::Builtin(op @ (Builtin::Any | Builtin::All | Builtin::Sum))), [arg], []) = (callable, &c.arguments.args[..], &c.arguments.keywords[..]) {
            let empty = match arg {
                ast::Expr::List(l) => l.elts.is_empty(),
                ast::Expr::Tuple(t) => t.elts.is_empty(),
                _ => false,
            };
            if empty {
                let value = match op {
                    Builtin::Sum => Const::Int(0),
                    _ => Const::Bool(*op == Builtin::All),
                };
                return Self::value(ExprKind::Const(value), sp).map(Some);
            }
        }
        if let Callable::Callee(Callee::Builtin(op @ (Builtin::Any | Builtin::All))) = callable {
            let ([arg], []) = (&c.arguments.args[..], &c.arguments.keywords[..]) else {
                return Err(Diagnostic::typing(format!("{}() takes exactly one argument", if *op == Builtin::Any { "any" } else { "all" }), sp));
            };
            let generator = match arg {
                ast::Expr::Generator(_) => arg.clone(),
                _ => items_of(arg),
            };
            let r = self.range_reduce(*op, &generator)?.expect("a generator");
            let reduce = Expr::new(ExprKind::RangeReduce(Box::new(r)), sp);
            return Ok(Some(Entity::Value(self.any_all_of_container(*op, arg, reduce)?)));
        }
        if let (Callable::Callee(Callee::Builtin(Builtin::Sorted)), [arg, ..]) = (callable, &c.arguments.args[..]) {
            // `sorted(g(n))` of a generator's call, `sorted(zip(a, b))`: sorted of the list of its items.
            if self.calls_jitted(arg) || self.iteration_call(arg) {
                return self.call(&listed(c), sp).map(Some);
            }
        }
        if let Callable::Callee(Callee::Builtin(Builtin::Sorted)) = callable {
            if let Some(e) = self.sorted_by_key(c, sp)? {
                return Ok(Some(e));
            }
        }
        if let Callable::Callee(Callee::Builtin(op @ (Builtin::Min | Builtin::Max))) = callable {
            if !c.arguments.keywords.is_empty() {
                return Ok(Some(Entity::Value(self.min_max_keywords(*op, c, sp)?)));
            }
        }
        // `iter(range(...))`: the range is no value of its own, so the iterator takes its bounds.
        if let (Callable::Callee(Callee::Builtin(Builtin::Iter)), [ast::Expr::Call(r)], []) = (callable, &c.arguments.args[..], &c.arguments.keywords[..]) {
            if let Some(it) = self.range_iter(r, sp)? {
                return Ok(Some(Entity::Value(it)));
            }
        }
        Ok(None)
    }

    /// Whether `e` is a call of a jitted function (its items, if it is a generator, come from
    /// the loop it is inlined into).
    fn calls_jitted(&mut self, e: &ast::Expr) -> bool {
        match e {
            ast::Expr::Call(c) if matches!(*c.func, ast::Expr::Name(_)) => matches!(self.entity(&c.func), Ok(Entity::Callable(Callable::Callee(Callee::Function(_))))),
            _ => false,
        }
    }

    /// Whether `e` calls `zip`, `enumerate` or `reversed`, whose items only a loop takes.
    pub(crate) fn iteration_call(&mut self, e: &ast::Expr) -> bool {
        let ast::Expr::Call(c) = e else { return false };
        matches!(self.entity(&c.func), Ok(Entity::Callable(Callable::Callee(Callee::Builtin(Builtin::Zip | Builtin::Enumerate | Builtin::Reversed)))))
    }

    /// Whether a comprehension's loop is over `range(...)`, which the one-loop `RangeReduce`
    /// counts without an iterable; other loops (arrays, lists, dicts, sets, strings, `zip`) run
    /// in the comprehension's function.
    pub(crate) fn iterates_range(&mut self, g: &ast::Comprehension) -> bool {
        self.reversed_range(&g.iter).is_some() || matches!(&g.iter, ast::Expr::Call(call) if self.is_range_call(call))
    }

    /// `op(generator)` of a generator with several `for`s, or of one `for` over an iterable
    /// (any/all/list): `any`/`all` run the loop nest to the
    /// deciding item; `sum`/`min`/`max` reduce the list of its items (CPython's exceptions, the
    /// items all computed first); `list` is that list.
    fn nested_generator(&mut self, op: Builtin, g: &ast::ExprGenerator, sp: Span) -> Result<Entity> {
        let collect = match op {
            Builtin::Any => Collect::Any,
            Builtin::All => Collect::All,
            _ => Collect::List,
        };
        let items = self.comprehension_call(collect, &g.generators, &g.elt, None, g.range)?;
        if matches!(op, Builtin::Any | Builtin::All | Builtin::List) {
            return Ok(Entity::Value(items));
        }
        Self::value(ExprKind::Call(Callee::Builtin(op), vec![items], Vec::new()), sp)
    }

    /// An argument: a name or a lambda may be a closure (`function_arg`).
    fn argument(&mut self, a: &ast::Expr) -> Result<Expr> {
        match a {
            ast::Expr::Name(_) | ast::Expr::Lambda(_) => self.function_arg(a),
            _ => self.expr(a),
        }
    }

    /// `[elt for x in iterable if ...]`: the comprehension collects into a list, as `list(...)` of
    /// the same generator would.
    pub(crate) fn list_comprehension(&mut self, lc: &ast::ExprListComp) -> Result<RangeReduce> {
        if lc.generators.len() != 1 {
            return Err(Diagnostic::unsupported("list comprehensions with more than one for are not supported yet", spanned(lc)));
        }
        let generator = ast::Expr::Generator(ast::ExprGenerator {
            node_index: Default::default(),
            range: lc.range,
            elt: lc.elt.clone(),
            generators: lc.generators.clone(),
            parenthesized: false,
        });
        Ok(self.range_reduce(Builtin::List, &generator)?.expect("a generator"))
    }

    /// `sum/min/max/list(elt for x in iterable if ...)` and `sum/min/max/list(range(...))`, or None
    /// for any other single argument. The iterable (a `range` call, or an array, list, `zip` or
    /// `enumerate`) is evaluated in the enclosing scope; the target's names are locals of the
    /// generator's own, shadowing any of the function's.
    pub(crate) fn range_reduce(&mut self, op: Builtin, arg: &ast::Expr) -> Result<Option<RangeReduce>> {
        let (target, iter, ifs, elt): (Option<&ast::Expr>, &ast::Expr, &[ast::Expr], Option<&ast::Expr>) = match arg {
            ast::Expr::Generator(g) => {
                let [comp] = g.generators.as_slice() else {
                    return Err(Diagnostic::unsupported("generator expressions with more than one for are not supported", spanned(arg)));
                };
                if comp.is_async {
                    return Err(Diagnostic::unsupported("async generator expressions are not supported", spanned(arg)));
                }
                (Some(&comp.target), &comp.iter, &comp.ifs, Some(&g.elt))
            }
            ast::Expr::Call(_) => (None, arg, &[], None),
            _ => return Ok(None),
        };
        let reversed = self.reversed_range(iter);
        let range_call = match iter {
            _ if reversed.is_some() => reversed,
            ast::Expr::Call(call) if self.is_range_call(call) => Some(call),
            _ => None,
        };
        let sp = spanned(iter);
        let int = |v| Expr::new(ExprKind::Const(Const::Int(v)), sp);
        let (start, stop, step, source) = match (range_call, target) {
            (Some(call), _) => {
                let args = call.arguments.args.iter().map(|a| self.expr(a)).collect::<Result<Vec<_>>>()?;
                let (start, stop, step) = range_bounds(&args, spanned(call))?;
                let (start, stop, step) = if reversed.is_some() { crate::sequences::reverse_bounds(start, stop, step, spanned(iter))? } else { (start, stop, step) };
                (start, stop, step, None)
            }
            (None, None) => return Ok(None),
            // A dict is walked as the list of its keys (for a local, decided once its type is known).
            (None, Some(_)) => {
                let source = match self.keys_if_dict(iter)? {
                    Some(keys) => keys,
                    None => self.expr(iter)?,
                };
                (int(0), int(0), int(1), Some(source))
            }
        };
        let mut names = Vec::new();
        match target {
            Some(ast::Expr::Name(n)) => names.push(n.id.as_str().to_string()),
            Some(t) if source.is_some() => target_names(t, &mut names)?,
            Some(t) => return Err(Diagnostic::unsupported("the target of a generator expression over range() must be a name", spanned(t))),
            None => names.push(String::new()),
        }
        // The counter, then one fresh local per target name, each shadowing the function's.
        let var = self.locals.len() as LocalId;
        let counter = if source.is_some() { "<genexpr index>".to_string() } else { format!("<genexpr {}>", names[0]) };
        self.locals.push(Local { name: counter, ty: hasten_ir::Type::Unknown, maybe_unbound: false, declared: false });
        let mut shadowed = Vec::new();
        for name in &names {
            let id = if source.is_some() {
                self.locals.push(Local { name: format!("<genexpr {name}>"), ty: hasten_ir::Type::Unknown, maybe_unbound: false, declared: false });
                self.locals.len() as LocalId - 1
            } else {
                var
            };
            shadowed.push((name.clone(), self.by_name.insert(name.clone(), id)));
        }
        // Lower the body with the names shadowed, then restore the outer bindings even on error.
        let body = (|| -> Result<(Option<Target>, Vec<Expr>, Expr)> {
            let target = match (&source, target) {
                (Some(_), Some(t)) => Some(self.target(t)?),
                _ => None,
            };
            let conds = ifs.iter().map(|c| self.expr(c)).collect::<Result<Vec<_>>>()?;
            let elt = match elt {
                Some(e) => self.expr(e)?,
                // `sum(range(...))` reduces the loop variable itself.
                None => Expr::new(ExprKind::Local(var), sp),
            };
            Ok((target, conds, elt))
        })();
        for (name, old) in shadowed.into_iter().rev() {
            match old {
                Some(old) => self.by_name.insert(name, old),
                None => self.by_name.remove(&name),
            };
        }
        let (target, conds, elt) = body?;
        let iter = source.zip(target).map(|(e, t)| Box::new((t, e)));
        Ok(Some(RangeReduce { op, var, start, stop, step, iter, conds, elt }))
    }
}

/// The call `c` with its first argument `x` as the list `[item for item in x]`.
pub(crate) fn listed(c: &ast::ExprCall) -> ast::ExprCall {
    let ast::Expr::Generator(g) = items_of(&c.arguments.args[0]) else { unreachable!("items_of makes a generator") };
    let items = ast::Expr::ListComp(ast::ExprListComp { node_index: Default::default(), range: g.range, elt: g.elt, generators: g.generators });
    let mut listed = c.clone();
    listed.arguments.args = std::iter::once(items).chain(c.arguments.args[1..].iter().cloned()).collect();
    listed
}

/// `(item for item in iterable)`, with a name no Python code can write: `any(x)` and `all(x)`
/// reduce the items of an iterable as they would those of a generator.
fn items_of(iterable: &ast::Expr) -> ast::Expr {
    let range = ruff_text_size::Ranged::range(iterable);
    let name = || {
        ast::Expr::Name(ast::ExprName {
            node_index: Default::default(),
            range,
            id: ast::name::Name::new("<item>"),
            ctx: ast::ExprContext::Load,
        })
    };
    ast::Expr::Generator(ast::ExprGenerator {
        node_index: Default::default(),
        range,
        elt: Box::new(name()),
        generators: vec![ast::Comprehension {
            range,
            node_index: Default::default(),
            target: name(),
            iter: iterable.clone(),
            ifs: Vec::new(),
            is_async: false,
        }],
        parenthesized: false,
    })
}

/// `(key(<item>) for <item> in iterable)`, the keys `sorted(iterable, key=key)` orders by.
fn keys_of(iterable: &ast::Expr, key: &ast::Expr) -> ast::Expr {
    let ast::Expr::Generator(mut g) = items_of(iterable) else { unreachable!("items_of makes a generator") };
    let range = ruff_text_size::Ranged::range(key);
    let item = g.elt.clone();
    let call = ast::Expr::Call(ast::ExprCall {
        node_index: Default::default(),
        range_start: range.start(),
        func: Box::new(key.clone()),
        arguments: ast::Arguments { node_index: Default::default(), range, args: Box::new([*g.elt]), keywords: Default::default() },
    });
    g.elt = Box::new(match own_get(iterable, key) {
        // `max(d, key=d.get)`: every item is a key of the dict `d`, so `d.get(k)` is `d[k]`, never
        // None: `d[k] if isinstance(d, dict) else d.get(k)`, the test decided when compiling.
        Some(d) => {
            let load = |id: &str| ast::Expr::Name(ast::ExprName { node_index: Default::default(), range, id: ast::name::Name::new(id), ctx: ast::ExprContext::Load });
            let is_dict = ast::Expr::Call(ast::ExprCall {
                node_index: Default::default(),
                range_start: range.start(),
                func: Box::new(load("isinstance")),
                arguments: ast::Arguments { node_index: Default::default(), range, args: Box::new([d.clone(), load("dict")]), keywords: Default::default() },
            });
            let indexed = ast::Expr::Subscript(ast::ExprSubscript { node_index: Default::default(), range, value: Box::new(d.clone()), slice: item, ctx: ast::ExprContext::Load });
            ast::Expr::If(ast::ExprIf { node_index: Default::default(), range, test: Box::new(is_dict), body: Box::new(indexed), orelse: Box::new(call) })
        }
        None => call,
    });
    ast::Expr::Generator(g)
}

/// The dict `d` when `key` is `d.get` and `iterable` is `d` or `d.keys()`.
fn own_get<'a>(iterable: &ast::Expr, key: &'a ast::Expr) -> Option<&'a ast::Expr> {
    let ast::Expr::Attribute(get) = key else { return None };
    let ast::Expr::Name(d) = get.value.as_ref() else { return None };
    let dict = match iterable {
        ast::Expr::Call(keys) if keys.arguments.is_empty() => match keys.func.as_ref() {
            ast::Expr::Attribute(a) if a.attr.id.as_str() == "keys" => a.value.as_ref(),
            _ => return None,
        },
        x => x,
    };
    (get.attr.id.as_str() == "get" && matches!(dict, ast::Expr::Name(n) if n.id == d.id)).then_some(get.value.as_ref())
}

/// The names a generator's target binds (a name, or tuples of names).
pub(crate) fn target_names(t: &ast::Expr, out: &mut Vec<String>) -> Result<()> {
    match t {
        ast::Expr::Name(n) => out.push(n.id.as_str().to_string()),
        ast::Expr::Tuple(ast::ExprTuple { elts, .. }) | ast::Expr::List(ast::ExprList { elts, .. }) => {
            for e in elts {
                target_names(e, out)?;
            }
        }
        t => return Err(Diagnostic::unsupported("the target of a generator expression must be names", spanned(t))),
    }
    Ok(())
}

/// The `(start, stop, step)` of `range(stop)`, `range(start, stop)` or `range(start, stop, step)`.
pub(crate) fn range_bounds(args: &[Expr], sp: Span) -> Result<(Expr, Expr, Expr)> {
    let int = |v| Expr::new(ExprKind::Const(Const::Int(v)), sp);
    Ok(match args.len() {
        1 => (int(0), args[0].clone(), int(1)),
        2 => (args[0].clone(), args[1].clone(), int(1)),
        3 => (args[0].clone(), args[1].clone(), args[2].clone()),
        n => return Err(Diagnostic::typing(format!("range expected 1 to 3 arguments, got {n}"), sp)),
    })
}


/// `x.keys()`, `x.values()` or `x.items()`: a dict's view (the type checker checks `x`).
pub(crate) fn is_dict_view(e: &ast::Expr) -> bool {
    matches!(e, ast::Expr::Call(view) if view.arguments.is_empty() && matches!(view.func.as_ref(), ast::Expr::Attribute(a) if matches!(a.attr.id.as_str(), "keys" | "values" | "items")))
}
