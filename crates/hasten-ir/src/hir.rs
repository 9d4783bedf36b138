//! The tree IR. The front end resolves every name (locals by id, globals folded to constants or to
//! callees), rejects syntax hasten does not compile, and desugars the rest to this small set of nodes.
//! The type checker fills in `Expr::ty`; optimisation passes and code generation read the typed tree.

use crate::diag::{Diagnostic, Span};
use crate::program::FuncId;
use crate::types::{Dtype, Type};
pub use crate::classes::{PyClass, TypeTestKind};
pub use crate::generator::GenMethod;
pub use crate::linalg::LinalgFn;
pub use crate::numpy::{NumpyFn, PyRand, Reduction, Ufunc, MAX_DIFF_ORDER};
pub use crate::random::RandomFn;
pub use crate::strings::StrMethod;

pub type LocalId = u32;

/// How the hidden parameters of an inner function, through which it receives the enclosing
/// variables it reads, are named: `<captured x>` (no Python keyword argument can be spelt so).
pub const CAPTURED_PREFIX: &str = "<captured ";

/// The hidden parameter that tells an inner function whether its captured variable `name` was
/// bound where the function was called or made (`ExprKind::Bound`): `<captured name>?`.
pub fn bound_param(name: &str) -> String {
    format!("{CAPTURED_PREFIX}{name}>?")
}

#[derive(Clone, Debug)]
pub struct Function {
    pub id: FuncId,
    pub name: String,
    /// The first `params.len()` locals are the parameters, in order.
    pub params: Vec<Param>,
    pub locals: Vec<Local>,
    pub body: Vec<Stmt>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    /// The default value, folded to a constant; or why it cannot be, raised only by a call that
    /// leaves the argument out (calls from Python fill in defaults themselves).
    pub default: Option<Result<Const, Diagnostic>>,
    /// A parameter after `*` in the `def`: bound by keyword only.
    pub keyword_only: bool,
    /// `*name`: the tuple of the positional arguments after the others.
    pub varargs: bool,
}

#[derive(Clone, Debug)]
pub struct Local {
    pub name: String,
    pub ty: Type,
    /// Set by the type checker when some read may happen before any assignment; code generation then
    /// tracks definedness and raises UnboundLocalError as CPython does.
    pub maybe_unbound: bool,
    /// Its type was declared (`locals=`): `ty` starts as the declaration and values assigned are
    /// converted to it rather than widening it.
    pub declared: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    /// `...` in an index; the type checker spreads it into full slices and it goes no further.
    Ellipsis,
}

#[derive(Clone, Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum StmtKind {
    /// `t1 = t2 = value`
    Assign { targets: Vec<Target>, value: Expr },
    /// `target op= value`; for array elements the element is read and written once. The type
    /// checker fills in `plan`: how `target op value` computes (per element for array targets).
    AugAssign { target: Target, op: BinOp, value: Expr, plan: Option<BinaryPlan> },
    Expr(Expr),
    If { cond: Expr, then: Vec<Stmt>, orelse: Vec<Stmt> },
    While { cond: Expr, body: Vec<Stmt>, orelse: Vec<Stmt> },
    /// `for var in range(start, stop, step)` (also `prange`); `step` is never zero at run time
    /// (checked, ValueError as CPython). For a `prange` in a function compiled with
    /// `parallel=True`, the type checker's race rules fill in `region`.
    ForRange {
        var: LocalId,
        start: Expr,
        stop: Expr,
        step: Expr,
        parallel: bool,
        region: Option<Box<ParallelRegion>>,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    /// `for target in iterable` over a 1-D array's elements or an n-D array's first axis.
    ForIter { target: Target, iter: Expr, body: Vec<Stmt>, orelse: Vec<Stmt> },
    Break,
    Continue,
    Return(Option<Expr>),
    Pass,
    Assert { test: Expr, msg: Option<Const> },
    /// `raise Exc` / `raise Exc(arg, ...)`: `Exc` a builtin exception class or one defined at module
    /// level (see `ExcClass`); the arguments are numbers, bools or constant strings, the exception's
    /// `args` as CPython would hold them.
    Raise { exc: ExcClass, args: Vec<RaiseArg> },
    /// `raise` alone (`None`: the exception being handled, as CPython's bare `raise`) or `raise e`
    /// of the name an `except ... as e` clause bound (that handler's id).
    Reraise(Option<u32>),
    /// `try`/`except`/`else`/`finally`. Handlers are tried in order; an exception none of them
    /// matches (or one raised in a handler or in `else`) goes on after `finalbody` has run.
    Try { body: Vec<Stmt>, handlers: Vec<Handler>, orelse: Vec<Stmt>, finalbody: Vec<Stmt> },
}

/// An exception class as compiled code knows it: the name the binding raises it by (a builtin's
/// name, or the key under which a module-level class was registered), and its ancestry up to
/// `BaseException` for `except` to match against (empty for builtins: the runtime knows theirs).
#[derive(Clone, Debug, PartialEq)]
pub struct ExcClass {
    pub name: String,
    pub ancestry: Vec<String>,
}

/// An argument of a raised exception: a constant string or a value (a number or a bool).
#[derive(Clone, Debug)]
pub enum RaiseArg {
    Str(String),
    Value(Expr),
}

/// One `except` clause: the classes it catches (empty: a bare `except`, which catches everything),
/// an id naming the exception it binds for `raise e`, and its body.
#[derive(Clone, Debug)]
pub struct Handler {
    pub classes: Vec<ExcClass>,
    pub id: u32,
    pub body: Vec<Stmt>,
    pub span: Span,
}

impl StmtKind {
    /// The statement lists nested in this statement, in source order.
    pub fn blocks(&self) -> Vec<&[Stmt]> {
        match self {
            StmtKind::If { then: a, orelse: b, .. }
            | StmtKind::While { body: a, orelse: b, .. }
            | StmtKind::ForRange { body: a, orelse: b, .. }
            | StmtKind::ForIter { body: a, orelse: b, .. } => vec![a, b],
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                let mut out: Vec<&[Stmt]> = vec![body];
                out.extend(handlers.iter().map(|h| h.body.as_slice()));
                out.push(orelse);
                out.push(finalbody);
                out
            }
            _ => Vec::new(),
        }
    }

    /// Mutable `blocks`.
    pub fn blocks_mut(&mut self) -> Vec<&mut Vec<Stmt>> {
        match self {
            StmtKind::If { then: a, orelse: b, .. }
            | StmtKind::While { body: a, orelse: b, .. }
            | StmtKind::ForRange { body: a, orelse: b, .. }
            | StmtKind::ForIter { body: a, orelse: b, .. } => vec![a, b],
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                let mut out = vec![body];
                out.extend(handlers.iter_mut().map(|h| &mut h.body));
                out.push(orelse);
                out.push(finalbody);
                out
            }
            _ => Vec::new(),
        }
    }
}

/// What a `prange` loop shares with the code around it, as the race rules decided: the locals from
/// outside that its body reads (in id order; min/max reductions read their start too) and the
/// locals it reduces.
#[derive(Clone, Debug, PartialEq)]
pub struct ParallelRegion {
    pub captured: Vec<LocalId>,
    pub reductions: Vec<ParallelReduction>,
}

/// One reduction variable of a `prange` loop: how the chunks' partial values combine, and for
/// `+`/`*` the plan of that operator on the variable's type.
#[derive(Clone, Debug, PartialEq)]
pub struct ParallelReduction {
    pub local: LocalId,
    pub op: ReduceOp,
    pub plan: Option<BinaryPlan>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReduceOp {
    Add,
    Mul,
    Min,
    Max,
}

/// Calls `f` with every expression the statements contain at their top level (values, conditions,
/// range bounds, the base and indices of assignment targets), in nested blocks too; `f` sees each
/// expression whole and descends with `Expr::for_each_child` if it needs to.
pub fn for_each_expr<'e>(stmts: &'e [Stmt], f: &mut impl FnMut(&'e Expr)) {
    fn target<'e>(t: &'e Target, f: &mut impl FnMut(&'e Expr)) {
        match t {
            Target::Local(..) => {}
            Target::Index { base, indices, .. } => {
                f(base);
                indices.iter().for_each(&mut *f);
            }
            Target::Tuple(items, _) => items.iter().for_each(|i| target(i, f)),
        }
    }
    for s in stmts {
        match &s.kind {
            StmtKind::Assign { targets, value } => {
                targets.iter().for_each(|t| target(t, f));
                f(value);
            }
            StmtKind::AugAssign { target: t, value, .. } => {
                target(t, f);
                f(value);
            }
            StmtKind::Expr(e) | StmtKind::Return(Some(e)) | StmtKind::Assert { test: e, .. } => f(e),
            StmtKind::If { cond, then: a, orelse: b } | StmtKind::While { cond, body: a, orelse: b } => {
                f(cond);
                for_each_expr(a, f);
                for_each_expr(b, f);
            }
            StmtKind::ForRange { start, stop, step, body, orelse, .. } => {
                f(start);
                f(stop);
                f(step);
                for_each_expr(body, f);
                for_each_expr(orelse, f);
            }
            StmtKind::ForIter { target: t, iter, body, orelse } => {
                target(t, f);
                f(iter);
                for_each_expr(body, f);
                for_each_expr(orelse, f);
            }
            StmtKind::Raise { args, .. } => args.iter().for_each(|a| {
                if let RaiseArg::Value(e) = a {
                    f(e)
                }
            }),
            StmtKind::Try { .. } => s.kind.blocks().into_iter().for_each(|b| for_each_expr(b, f)),
            StmtKind::Return(None) | StmtKind::Break | StmtKind::Continue | StmtKind::Pass | StmtKind::Reraise(_) => {}
        }
    }
}

/// Appends every local the statements assign, once per assignment site (loop variables included).
pub fn assigned_locals(stmts: &[Stmt], out: &mut Vec<LocalId>) {
    for s in stmts {
        match &s.kind {
            StmtKind::Assign { targets, .. } => targets.iter().for_each(|t| t.for_each_local(&mut |id| out.push(id))),
            StmtKind::AugAssign { target, .. } => target.for_each_local(&mut |id| out.push(id)),
            StmtKind::If { then: a, orelse: b, .. } | StmtKind::While { body: a, orelse: b, .. } => {
                assigned_locals(a, out);
                assigned_locals(b, out);
            }
            StmtKind::ForRange { var, body, orelse, .. } => {
                out.push(*var);
                assigned_locals(body, out);
                assigned_locals(orelse, out);
            }
            StmtKind::ForIter { target, body, orelse, .. } => {
                target.for_each_local(&mut |id| out.push(id));
                assigned_locals(body, out);
                assigned_locals(orelse, out);
            }
            StmtKind::Try { .. } => s.kind.blocks().into_iter().for_each(|b| assigned_locals(b, out)),
            _ => {}
        }
    }
}

#[derive(Clone, Debug)]
pub enum Target {
    Local(LocalId, Span),
    /// `base[indices]`; each index is an integer expression.
    Index { base: Expr, indices: Vec<Expr>, span: Span },
    Tuple(Vec<Target>, Span),
}

impl Target {
    pub fn span(&self) -> Span {
        match self {
            Target::Local(_, s) | Target::Index { span: s, .. } | Target::Tuple(_, s) => *s,
        }
    }

    /// Calls `f` with every local the target assigns.
    pub fn for_each_local(&self, f: &mut impl FnMut(LocalId)) {
        match self {
            Target::Local(id, _) => f(*id),
            Target::Index { .. } => {}
            Target::Tuple(items, _) => items.iter().for_each(|t| t.for_each_local(f)),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
    /// Filled in by the type checker.
    pub ty: Type,
    /// How the operation computes, where the type checker had a choice to make; code generation
    /// reads it instead of re-deriving it (see `Plan`).
    pub plan: Plan,
}

/// How a binary operation computes, decided by the type checker: both operands are converted to
/// `operands`, and the result has type `result` (per element for element-wise array operations).
#[derive(Clone, Debug, PartialEq)]
pub struct BinaryPlan {
    pub operands: Type,
    pub result: Type,
}

/// The typing decision recorded on an expression node. Which nodes carry which plan is checked
/// once, by the type checker's verifier, so code generation can rely on it.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Plan {
    /// Nothing to decide beyond `Expr::ty`, or not type-checked yet.
    #[default]
    None,
    /// `Binary` expressions (scalar or element-wise), `divmod(a, b)` (its `//`; `%` computes in the
    /// same types), and `sum(... for ...)` over a range (the accumulator's `+`).
    Binary(BinaryPlan),
    /// `Compare`: the type the two operands of each link are compared in, in order.
    Compare(Vec<Type>),
    /// NumPy ufunc calls: the dtype the ufunc computes its result in, and for the ufuncs that
    /// apply an operator (`np.add`, …) the plan of that operator on the operands' element types;
    /// for comparison ufuncs (`np.less`) a plan whose operands' type is the comparison type.
    Ufunc(Dtype, Option<BinaryPlan>),
}

/// The direct subexpressions of an expression kind, in evaluation order, each passed to `$f`: the
/// body of `Expr::for_each_child` (`iter`, `&`) and of `for_each_child_mut` (`iter_mut`, `&mut`).
macro_rules! each_child {
    ($kind:expr, $f:ident, $iter:ident, $($r:tt)+) => {
        match $kind {
            ExprKind::Const(_) | ExprKind::Local(_) | ExprKind::Dtype(_) | ExprKind::Function(_) | ExprKind::Frozen(_) | ExprKind::Decided(_) | ExprKind::CaughtStr(_) | ExprKind::CaughtArgs(_) | ExprKind::Bound(_) => {}
            ExprKind::MakeClosure(_, x) | ExprKind::Captures(x) | ExprKind::TypeTest(x, ..) => $f(x),
            ExprKind::CallValue(callee, args, kwargs) => {
                $f(callee);
                args.$iter().for_each(&mut $f);
                kwargs.$iter().for_each(|(_, v)| $f(v));
            }
            ExprKind::Tuple(items) | ExprKind::List(items) | ExprKind::Dict(items) | ExprKind::Set(items) | ExprKind::Logical(_, items) => items.$iter().for_each($f),
            ExprKind::Binary(_, l, r) => {
                $f(l);
                $f(r);
            }
            ExprKind::Unary(_, x) | ExprKind::Attr(x, _) => $f(x),
            ExprKind::Compare(first, rest) => {
                $f(first);
                rest.$iter().for_each(|(_, r)| $f(r));
            }
            ExprKind::IfExp(c, a, b) => {
                $f(c);
                $f(a);
                $f(b);
            }
            ExprKind::Index(base, indices) => {
                $f(base);
                indices.$iter().for_each($f);
            }
            ExprKind::Call(_, args, kwargs) => {
                args.$iter().for_each(&mut $f);
                kwargs.$iter().for_each(|(_, v)| $f(v));
            }
            ExprKind::Slice(start, stop, step) => [start, stop, step].into_iter().flatten().for_each(|b| $f(b)),
            ExprKind::RangeReduce(r) => {
                $f($($r)+ r.start);
                $f($($r)+ r.stop);
                $f($($r)+ r.step);
                if let Some(src) = $($r)+ r.iter {
                    $f($($r)+ src.1);
                }
                r.conds.$iter().for_each(&mut $f);
                $f($($r)+ r.elt);
            }
        }
    };
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span, ty: Type::Unknown, plan: Plan::None }
    }

    /// Whether this is an interior node of a fused element-wise tree: an operator whose result is
    /// an array, computed element by element from its operands (the type checker types its
    /// layout, code generation fuses it into one loop nest).
    pub fn is_elementwise(&self) -> bool {
        matches!(self.ty, Type::Array(_))
            && match &self.kind {
                ExprKind::Binary(..) | ExprKind::Unary(..) => true,
                ExprKind::Compare(_, rest) => rest.len() == 1,
                ExprKind::Call(Callee::Numpy(NumpyFn::Ufunc(_) | NumpyFn::Astype), ..) => true,
                // A complex copy moves whole elements; fused loops hold one value each.
                ExprKind::Call(Callee::Numpy(NumpyFn::Copy), ..) => !matches!(self.ty, Type::Array(a) if a.dtype.is_complex()),
                _ => false,
            }
    }

    /// The recorded plan of a binary operation (see `Plan::Binary`).
    pub fn binary_plan(&self) -> &BinaryPlan {
        match &self.plan {
            Plan::Binary(p) | Plan::Ufunc(_, Some(p)) => p,
            p => panic!("no binary plan recorded on {:?}: {p:?}", self.kind),
        }
    }

    /// The recorded types of a comparison's links (see `Plan::Compare`).
    pub fn compare_plan(&self) -> &[Type] {
        match &self.plan {
            Plan::Compare(types) => types,
            p => panic!("no comparison plan recorded on {:?}: {p:?}", self.kind),
        }
    }

    /// The recorded dtype and operator plan of a ufunc call (see `Plan::Ufunc`).
    pub fn ufunc_plan(&self) -> (Dtype, Option<&BinaryPlan>) {
        match &self.plan {
            Plan::Ufunc(d, op) => (*d, op.as_ref()),
            p => panic!("no ufunc plan recorded on {:?}: {p:?}", self.kind),
        }
    }

    /// Calls `f` with each direct subexpression, in evaluation order.
    pub fn for_each_child<'e>(&'e self, mut f: impl FnMut(&'e Expr)) {
        each_child!(&self.kind, f, iter, &)
    }

    /// `for_each_child` with each child mutable.
    pub fn for_each_child_mut(&mut self, mut f: impl FnMut(&mut Expr)) {
        each_child!(&mut self.kind, f, iter_mut, &mut)
    }
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Const(Const),
    Local(LocalId),
    Tuple(Vec<Expr>),
    /// `[a, b, c]`: a new list of the items, in order.
    List(Vec<Expr>),
    /// `{k0: v0, k1: v1}`: a new dict; keys and values alternate, in evaluation order.
    Dict(Vec<Expr>),
    /// `{a, b, c}`: a new set.
    Set(Vec<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    /// `a < b <= c`: each operand evaluated once, short-circuiting.
    Compare(Box<Expr>, Vec<(CmpOp, Expr)>),
    /// `and` / `or` with Python's value semantics (returns an operand, not a bool).
    Logical(LogicalOp, Vec<Expr>),
    IfExp(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `base[i]`, `base[i, j]` on arrays; `base[k]` with a constant `k` on tuples.
    Index(Box<Expr>, Vec<Expr>),
    Attr(Box<Expr>, Attr),
    /// Positional arguments, then keyword arguments. The front end binds keywords of builtins itself;
    /// the type checker binds those of jitted functions (it knows the callee's parameters), leaving
    /// `kwargs` empty.
    Call(Callee, Vec<Expr>, Vec<(String, Expr)>),
    /// A dtype object used as a value (only legal as a `dtype=` argument).
    Dtype(Dtype),
    /// `start:stop:step` inside the index list of an array; it has no value of its own.
    Slice(Option<Box<Expr>>, Option<Box<Expr>>, Option<Box<Expr>>),
    /// `sum(elt for var in range(start, stop, step) if cond ...)`, and `min`/`max` likewise: a loop
    /// that materialises nothing. `var` is a local of its own (comprehension scope).
    RangeReduce(Box<RangeReduce>),
    /// `isinstance(value, classes)`, `type(value) is class`, or `hasattr(value, "name")` (the
    /// classes that have the attribute): decided by the type checker from `value`'s type, which
    /// replaces the node by the constant.
    TypeTest(Box<Expr>, Vec<PyClass>, TypeTestKind),
    /// The truth of a `TypeTest` as the type checker decided it: a constant `bool` that, unlike a
    /// literal, prunes the branch it rules out (see `hasten_typeck`'s `typetests.rs`).
    Decided(bool),
    /// `str(e)` of the exception the `except ... as e` clause with this handler id holds: a new
    /// string, CPython's `str` of it.
    CaughtStr(u32),
    /// `e.args` of the exception that clause holds: a tuple whose types the type checker takes
    /// from the `raise` statements of the `try` body that the clause catches.
    CaughtArgs(u32),
    /// A global or captured NumPy array frozen at compile time (read-only).
    Frozen(Box<crate::program::FrozenArray>),
    /// A jitted or builtin function used as a value (it has no slots).
    Function(crate::types::FuncRef),
    /// An inner `def`/`lambda` used as a value: the function and the tuple of the values it
    /// captures, read where the value is made (its layout is that tuple's).
    MakeClosure(FuncId, Box<Expr>),
    /// The tuple of values a closure value captured (the same slots as the closure).
    Captures(Box<Expr>),
    /// Whether the local is bound at this point, passed beside a captured variable so that the
    /// inner function raises CPython's NameError where it reads the variable, not where it is
    /// called. Typed `bool` where the local may be unbound, else `None` (nothing is passed).
    Bound(LocalId),
    /// A call of a value (`f(x)` where `f` is a parameter or local). The type checker replaces it
    /// with the call or operation the function value denotes; code generation never sees it.
    CallValue(Box<Expr>, Vec<Expr>, Vec<(String, Expr)>),
}

/// Whether `base[indices]` is advanced indexing of an array (one index is an array of ints or of
/// bools, the others ints and slices), by the types the checker gave the indices.
pub fn is_fancy_index(indices: &[Expr]) -> bool {
    fancy_position(indices).is_some()
}

/// The keyword the type checker gives `np.transpose` where it moves mixed advanced indices' axes
/// first (`a[i, :, j]`), a tuple of the array's axes they stood at, which code generation's
/// messages name.
pub const ADVANCED_AXES: &str = "advanced_axes";

/// Which index of `base[indices]` is the (one) index array.
pub fn fancy_position(indices: &[Expr]) -> Option<usize> {
    indices.iter().position(|i| matches!(i.ty, Type::Array(_)))
}

#[derive(Clone, Debug)]
pub struct RangeReduce {
    pub op: Builtin,
    pub var: LocalId,
    pub start: Expr,
    pub stop: Expr,
    pub step: Expr,
    /// A generator over an iterable (an array, a list, `zip`, `enumerate`) rather than a range:
    /// the target (of locals of the generator's own) and the iterable, evaluated in the enclosing
    /// scope. `var` then counts the items and the range is `0..0`.
    pub iter: Option<Box<(Target, Expr)>>,
    pub conds: Vec<Expr>,
    pub elt: Expr,
}

impl RangeReduce {
    /// Calls `f` with each local the generator binds: its counter and its target's locals.
    pub fn for_each_bound(&self, mut f: impl FnMut(LocalId)) {
        f(self.var);
        if let Some(src) = &self.iter {
            src.0.for_each_local(&mut f);
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attr {
    Shape,
    Ndim,
    Size,
    /// `.itemsize`, `.nbytes` and `.strides` (in bytes, as NumPy's).
    Itemsize,
    Nbytes,
    Strides,
    Dtype,
    /// `.T`: the view with the axes reversed.
    T,
    /// The receiver of a NumPy method call (`x` in `x.max()`), which must be an array or a NumPy
    /// scalar: the type checker checks it and replaces the node by the receiver itself.
    Receiver,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Callee {
    /// A jitted function, before type checking.
    Function(FuncId),
    /// A jitted function specialised for its argument types: an index into the typed program's
    /// specialisations. The type checker replaces every `Function` with this. The arguments are
    /// in the parameters' order; where keywords reordered them, the second field lists the
    /// argument indices in the order the source evaluates them (empty: in order).
    Spec(usize, Vec<usize>),
    Builtin(Builtin),
    Math(MathFn),
    /// A NumPy array constructor; the `dtype=` keyword, if any, is the last argument.
    Numpy(NumpyFn),
    /// `np.float32(x)` and friends.
    ScalarCtor(Dtype),
    /// A method of lists; the list is the first argument.
    ListMethod(ListMethod),
    /// A function of `np.random` (`crate::random`).
    Random(RandomFn),
    /// A function of `np.linalg` (`crate::linalg`).
    Linalg(LinalgFn),
    /// A method of an `np.random.Generator` (`crate::generator`); the generator is the first argument.
    Generator(GenMethod),
    /// A method of strings; the string is the first argument. (`count` and `index`, which lists
    /// have too, arrive as `ListMethod`s and the type checker makes them string methods.)
    StrMethod(StrMethod),
    /// `complex(...)`, a `cmath` function, or `.real`/`.imag`/`.conjugate()` (`crate::complex`).
    Cmath(crate::complex::CmathFn),
    /// A function with `hasten.extending.overload` implementations, by its key in
    /// `Program::overloads`; the type checker replaces it with the implementation's `Spec`.
    Overload(String),
    /// A `collections.namedtuple` class: its call makes an instance of the class from its
    /// arguments, one per field (keywords and defaults bound by the front end). The arguments
    /// are in the order they are evaluated (the source's); field `k` takes argument `order[k]`
    /// (an empty order: the arguments are the fields in order).
    NamedTuple(std::sync::Arc<crate::tuples::NamedClass>, Vec<usize>),
}

/// The methods of lists and dicts, named before the receiver's type is known (the type checker
/// checks it): `l.append(x)`, `l.pop()`/`l.pop(i)`, `l.insert(i, x)`, `l.clear()`,
/// `l.extend(other)`; `d.get(k, default)`, `d.pop(k[, default])`, `d.setdefault(k, v)`,
/// `d.clear()`, and `d.keys()`/`d.values()`/`d.items()` as iterables of loops; `s.add(x)`,
/// `s.discard(x)`, `s.remove(x)`, `s.clear()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListMethod {
    Append,
    Pop,
    Insert,
    Clear,
    Extend,
    Get,
    Setdefault,
    Keys,
    Values,
    Items,
    Add,
    Discard,
    Remove,
    /// `del x[k]`.
    Delete,
    Reverse,
    Count,
    Index,
    /// Of sets and dicts.
    Union,
    Intersection,
    Difference,
    SymmetricDifference,
    Issubset,
    Issuperset,
    Isdisjoint,
    Update,
    IntersectionUpdate,
    DifferenceUpdate,
    SymmetricDifferenceUpdate,
    Popitem,
    /// `x.copy()` of a set or dict: the front end reads `copy` as NumPy's, the type checker
    /// turns it into this one for those receivers.
    Copy,
    /// `l.sort(key=, reverse=)` of a list: the front end makes it when `key=` or `reverse=` is
    /// given, the type checker from NumPy's `a.sort()` of a list receiver.
    Sort,
}

impl ListMethod {
    pub fn from_name(name: &str) -> Option<ListMethod> {
        Some(match name {
            "append" => ListMethod::Append,
            "pop" => ListMethod::Pop,
            "insert" => ListMethod::Insert,
            "clear" => ListMethod::Clear,
            "extend" => ListMethod::Extend,
            "get" => ListMethod::Get,
            "setdefault" => ListMethod::Setdefault,
            "keys" => ListMethod::Keys,
            "values" => ListMethod::Values,
            "items" => ListMethod::Items,
            "add" => ListMethod::Add,
            "discard" => ListMethod::Discard,
            "remove" => ListMethod::Remove,
            "reverse" => ListMethod::Reverse,
            "count" => ListMethod::Count,
            "index" => ListMethod::Index,
            "union" => ListMethod::Union,
            "intersection" => ListMethod::Intersection,
            "difference" => ListMethod::Difference,
            "symmetric_difference" => ListMethod::SymmetricDifference,
            "issubset" => ListMethod::Issubset,
            "issuperset" => ListMethod::Issuperset,
            "isdisjoint" => ListMethod::Isdisjoint,
            "update" => ListMethod::Update,
            "intersection_update" => ListMethod::IntersectionUpdate,
            "difference_update" => ListMethod::DifferenceUpdate,
            "symmetric_difference_update" => ListMethod::SymmetricDifferenceUpdate,
            "popitem" => ListMethod::Popitem,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            ListMethod::Append => "append",
            ListMethod::Pop => "pop",
            ListMethod::Insert => "insert",
            ListMethod::Clear => "clear",
            ListMethod::Extend => "extend",
            ListMethod::Get => "get",
            ListMethod::Setdefault => "setdefault",
            ListMethod::Keys => "keys",
            ListMethod::Values => "values",
            ListMethod::Items => "items",
            ListMethod::Add => "add",
            ListMethod::Discard => "discard",
            ListMethod::Remove => "remove",
            ListMethod::Delete => "__delitem__",
            ListMethod::Reverse => "reverse",
            ListMethod::Count => "count",
            ListMethod::Index => "index",
            ListMethod::Union => "union",
            ListMethod::Intersection => "intersection",
            ListMethod::Difference => "difference",
            ListMethod::SymmetricDifference => "symmetric_difference",
            ListMethod::Issubset => "issubset",
            ListMethod::Issuperset => "issuperset",
            ListMethod::Isdisjoint => "isdisjoint",
            ListMethod::Update => "update",
            ListMethod::IntersectionUpdate => "intersection_update",
            ListMethod::DifferenceUpdate => "difference_update",
            ListMethod::SymmetricDifferenceUpdate => "symmetric_difference_update",
            ListMethod::Popitem => "popitem",
            ListMethod::Copy => "copy",
            ListMethod::Sort => "sort",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    /// `yield value`, a statement of a generator function: compiled code runs a generator inlined
    /// into the `for` loop that iterates its call (`hasten_typeck`'s `generators.rs`), which
    /// replaces each of these by the loop's body; anywhere else the type checker refuses it.
    Yield,
    /// `yield value` in the driver of a generator called from Python (`hasten_typeck`'s
    /// `yields.rs` `driver`): hands the value to Python and suspends the driver until Python asks
    /// for the next one.
    YieldOut,
    /// The value of an optional local (`Type::Optional`) where CPython rejects `None` (an
    /// arithmetic operand, an ordering): made by the type checker, it raises the TypeError its
    /// second argument (a constant string) gives when the local holds `None`.
    Unwrap,
    /// `*t` among the arguments of a call: the type checker replaces it with the items of the
    /// tuple `t` (whose length its type knows); anything else is refused there.
    Starred,
    /// `slice(start, stop, step)`: the type checker gives it its three arguments (None for a
    /// missing one), each an integer or None; a `Type::Slice` value.
    Slice,
    /// Part `k` (the constant second argument: 0 start, 1 stop, 2 step) of a slice value whose
    /// type says it is an int: made by the type checker for `s.start` and for a slice value used
    /// as an index, which becomes the slice of its parts.
    SlicePart,
    /// `x.name` of a value, for a name that is no attribute of arrays or numbers: the field of a
    /// named tuple, the second argument being the name as a constant string. The type checker
    /// makes it an index of the tuple, or refuses it.
    Field,
    Abs,
    Min,
    Max,
    Sum,
    Int,
    Float,
    Bool,
    Round,
    Len,
    Divmod,
    /// `hash(x)` of numbers, strings and tuples of them, as CPython computes it.
    Hash,
    /// `pow(base, exp, mod)` of ints (two arguments are `base ** exp`).
    PowMod,
    /// `list(...)`: so far only of a range, `list(range(n))`, and as the collecting operation of
    /// a comprehension over a range, `[elt for x in range(...) if ...]` (a `RangeReduce`).
    List,
    /// `zip(a, b, ...)`: only as the iterable of a `for` loop, whose item type is its type.
    Zip,
    /// `enumerate(seq, start)` (the front end supplies `start`): only as the iterable of a `for`
    /// loop, whose item type is its type.
    Enumerate,
    /// `dict()`: a new empty dict.
    Dict,
    /// `set()`: a new empty set.
    Set,
    /// `sorted(l, reverse)` of a list of numbers (the front end supplies `reverse`).
    Sorted,
    /// `any(...)` and `all(...)`: always a `RangeReduce` (of the items themselves for an iterable
    /// that is not a generator), stopping at the first item that decides.
    Any,
    All,
    /// `str(x)`, `repr(x)`, `format(x, spec)` (the spec a constant string; f-string fields
    /// become these), `ord(s)`, `chr(i)`.
    Str,
    Repr,
    Format,
    Ord,
    Chr,
    /// `print(*values, sep, end, flush)`: the front end appends `sep`, `end` and `flush` (their
    /// defaults if not given) after the values.
    Print,
    /// `hasten.typed.List()` and `List.empty_list(t)` (`Dict()`, `Dict.empty(k, v)`): a new empty
    /// list (dict) marked typed, which Python receives as a `hasten.typed` container. The
    /// arguments, if any, are constants of the item (key and value) types, never evaluated.
    TypedList,
    TypedDict,
    /// `tuple(x)`: of a tuple it is that tuple; of a tuple's items as a list (`list(t)`) the type
    /// checker makes it the list of them. Any other iterable's length is only known at run time,
    /// and a tuple's length is part of its type: refused by the type checker, naming why.
    Tuple,
    /// `reversed(x)`: only as the iterable of a `for` loop (comprehensions and `list(...)` are
    /// such loops). The type checker makes it `x[::-1]` for arrays and strings; over a list (a
    /// tuple's items as one) or a dict (or a dict's view) it stays a call that code generation
    /// walks backwards.
    Reversed,
    /// `iter(x)`: an iterator (`Type::Iter`) over `x`; the type checker types a `zip`,
    /// `enumerate` or `reversed` argument as a loop's iterable. `iter(range(a, b, c))` is
    /// `IterRange` of the three bounds.
    Iter,
    IterRange,
    /// `next(it)` (StopIteration when exhausted) and `next(it, default)`.
    Next,
}

pub use crate::mathfn::MathFn;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    BitAnd,
    BitOr,
    BitXor,
    LShift,
    RShift,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Pos,
    Invert,
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    /// `x in l` / `x not in l` over a list of integers or bools.
    In,
    NotIn,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogicalOp {
    And,
    Or,
}

/// The positions `t[start:stop:step]` takes from a tuple of `n` items when the bounds are integer
/// constants or absent (Python's slice rules), or None when one is not a constant.
pub fn constant_slice(index: &Expr, n: usize) -> Option<Vec<usize>> {
    let ExprKind::Slice(start, stop, step) = &index.kind else { return None };
    let value = |b: &Option<Box<Expr>>| -> Option<Option<i64>> {
        match b.as_deref().map(|e| &e.kind) {
            None | Some(ExprKind::Const(Const::None)) => Some(None),
            Some(ExprKind::Const(Const::Int(v))) => Some(Some(*v)),
            _ => None,
        }
    };
    let (start, stop, step) = (value(start)?, value(stop)?, value(step)?.unwrap_or(1));
    if step == 0 {
        return None;
    }
    let n = n as i64;
    // As `slice.indices(n)`: negative bounds count from the end, then clamp.
    let clamp = |v: i64, lo: i64, hi: i64| v.clamp(lo, hi);
    let bound = |b: Option<i64>, default: i64, lo: i64, hi: i64| match b {
        None => default,
        Some(v) if v < 0 => clamp(v + n, lo, hi),
        Some(v) => clamp(v, lo, hi),
    };
    let positions: Vec<usize> = if step > 0 {
        let (a, b) = (bound(start, 0, 0, n), bound(stop, n, 0, n));
        (a..b).step_by(step as usize).map(|k| k as usize).collect()
    } else {
        let (a, b) = (bound(start, n - 1, -1, n - 1), bound(stop, -1, -1, n - 1));
        let mut v = Vec::new();
        let mut k = a;
        while k > b {
            v.push(k as usize);
            k += step;
        }
        v
    };
    Some(positions)
}

/// Whether the index `e` is `None` (`np.newaxis`): a new axis, not a position. (A slice is typed
/// None too; it is not one.)
pub fn is_new_axis(e: &Expr) -> bool {
    e.ty == Type::None && !matches!(e.kind, ExprKind::Slice(..))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> Expr {
        let bound = |v: Option<i64>| v.map(|v| Box::new(Expr::new(ExprKind::Const(Const::Int(v)), Span::default())));
        Expr::new(ExprKind::Slice(bound(start), bound(stop), bound(step)), Span::default())
    }

    #[test]
    fn constant_slices_follow_python() {
        // list(range(5))[a:b:c] in CPython.
        assert_eq!(constant_slice(&slice(None, None, Some(-1)), 5), Some(vec![4, 3, 2, 1, 0]));
        assert_eq!(constant_slice(&slice(Some(1), Some(-1), None), 5), Some(vec![1, 2, 3]));
        assert_eq!(constant_slice(&slice(Some(-2), None, None), 5), Some(vec![3, 4]));
        assert_eq!(constant_slice(&slice(None, None, Some(2)), 5), Some(vec![0, 2, 4]));
        assert_eq!(constant_slice(&slice(Some(7), None, None), 5), Some(vec![]));
        assert_eq!(constant_slice(&slice(None, Some(-10), None), 5), Some(vec![]));
        assert_eq!(constant_slice(&slice(Some(10), Some(-10), Some(-3)), 5), Some(vec![4, 1]));
        assert_eq!(constant_slice(&slice(None, None, Some(0)), 5), None);
    }
}
