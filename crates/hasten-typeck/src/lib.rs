//! Type inference: specialises each reachable function for the argument types it is called with and
//! fills in the type of every expression and local.
//!
//! Each local has one type for the whole function, the unification of everything assigned to it; the
//! body is re-walked until those types stop changing. Calls specialise the callee on demand; a call to
//! a specialisation still being inferred (recursion) has type `Never` until its return type is known,
//! and the whole program is re-inferred until every return type is stable.

pub mod parallel;
pub mod rules;
pub mod ufunc_rules;

mod array_likes;
mod axes;
mod builtins;
mod complex64;
mod caught;
mod calls;
mod complex;
pub mod compare;
mod dicts;
mod expr;
mod fancy;
mod function;
mod functions;
mod generator;
mod iterate;
mod iterators;
mod layouts;
pub mod joining;
mod linalg;
mod lists;
mod named;
mod numpy;
mod optional;
mod overloads;
mod program;
mod random;
mod restride;
mod sets;
mod slices;
pub mod shapes;
mod typetests;
mod stats;
mod strings;
mod tuples;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
mod unbound;
mod unpack;
mod unroll;
mod verify;
mod yields;

pub use caught::catches;
pub use verify::verify;

use hasten_ir::hir::{Const, Expr, ExprKind, Function, Stmt, StmtKind};
use hasten_ir::{Diagnostic, FuncId, Type};

/// One function specialised for one tuple of argument types.
pub struct Spec {
    pub func: FuncId,
    pub args: Vec<Type>,
    pub ret: Type,
    /// The function with every type filled in.
    pub hir: Function,
}

/// `root` indexes the specialisation called from Python.
pub struct TypedProgram {
    pub specs: Vec<Spec>,
    pub root: usize,
    /// For a generator function, the type of its values: the root is then its driver.
    pub yields: Option<Type>,
}

type Error = (FuncId, Diagnostic);
/// Lowers a function to untyped HIR; called once per reachable function.
type Front<'a> = dyn FnMut(FuncId) -> Result<Function, Diagnostic> + 'a;

/// The embedder's resolutions of overloaded calls (`hasten_ir::Program::overloads`).
pub type Overloads = std::collections::HashMap<hasten_ir::OverloadCall, Result<FuncId, String>>;

pub fn check_program(front: &mut Front, root: FuncId, args: &[Type]) -> Result<TypedProgram, Error> {
    check_program_with(front, &Overloads::new(), root, args).map_err(|(e, _)| e)
}

/// `check_program` with overloaded calls resolved by `overloads`; a call it lacks stops the check
/// and comes back with the error, for the embedder to resolve before checking again.
pub fn check_program_with(
    front: &mut Front,
    overloads: &Overloads,
    root: FuncId,
    args: &[Type],
) -> Result<TypedProgram, (Error, Option<hasten_ir::OverloadCall>)> {
    program::Checker::new(front, overloads).check(root, args)
}

/// `n ** -2` on ints gives a float in Python; the typing rules need to know.
pub fn is_negative_int_const(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Const(Const::Int(v)) if v < 0)
}

/// Whether control can never fall off the end of the block.
pub fn always_exits(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        StmtKind::Return(_) | StmtKind::Raise { .. } | StmtKind::Reraise(_) => true,
        StmtKind::If { then, orelse, .. } => always_exits(then) && always_exits(orelse),
        StmtKind::Try { body, handlers, orelse, finalbody } => {
            always_exits(finalbody)
                || ((always_exits(body) || always_exits(orelse)) && handlers.iter().all(|h| always_exits(&h.body)))
        }
        StmtKind::While { cond, body, .. } => {
            matches!(cond.kind, ExprKind::Const(Const::Bool(true))) && !contains_break(body)
        }
        _ => false,
    })
}

/// Nested loops are not searched: their `break` leaves only them.
fn contains_break(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        StmtKind::Break => true,
        StmtKind::If { .. } | StmtKind::Try { .. } => s.kind.blocks().into_iter().any(contains_break),
        _ => false,
    })
}
