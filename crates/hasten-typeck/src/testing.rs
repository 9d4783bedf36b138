//! Test support for the analyses of the typed tree: Python functions given as source strings, run
//! through the real front end and type checker.
//!
//! Every function sees `math`, `np` and `prange` as globals, and the other functions of the same
//! program under their own names, so that one can call another (a jitted call).

use hasten_ir::hir::{Expr, ExprKind, Function, LocalId, Stmt, StmtKind};
use hasten_ir::{Dtype, FunctionSource, GlobalValue, Options, Type};
use crate::TypedProgram;
use std::collections::HashMap;

/// The name after `def` in a function's source.
fn def_name(source: &str) -> &str {
    let rest = &source[source.find("def ").expect("a def") + 4..];
    rest[..rest.find('(').expect("a parameter list")].trim()
}

/// Type checks the program of `sources` for the first function's `args`.
pub fn typed_program(sources: &[&str], args: &[Type]) -> TypedProgram {
    let mut globals: HashMap<String, GlobalValue> = HashMap::from([
        ("math".into(), GlobalValue::MathModule),
        ("np".into(), GlobalValue::NumpyModule),
        ("prange".into(), GlobalValue::Prange),
    ]);
    for (id, s) in sources.iter().enumerate() {
        globals.insert(def_name(s).into(), GlobalValue::Function(id));
    }
    let functions: Vec<FunctionSource> = sources
        .iter()
        .map(|s| FunctionSource {
            name: def_name(s).into(),
            filename: "test.py".into(),
            source: s.to_string(),
            first_line: 1,
            indent: 0,
            globals: globals.clone(),
            options: Options { parallel: true, ..Options::default() },
        })
        .collect();
    let mut lowering = hasten_front::Front::new(&functions);
    let mut front = |id| lowering.lower(id);
    crate::check_program(&mut front, 0, args).unwrap_or_else(|(_, d)| panic!("{d}\n{}", sources[0]))
}

/// The typed tree of the function in `source`, specialised for `args`.
pub fn typed(source: &str, args: &[Type]) -> Function {
    typed_calling(&[source], args)
}

/// The typed tree of the first function of `sources`, which may call the others.
pub fn typed_calling(sources: &[&str], args: &[Type]) -> Function {
    let mut p = typed_program(sources, args);
    p.specs.swap_remove(p.root).hir
}

/// A 1-D C-ordered float64 array, the usual argument.
pub fn f64_1d() -> Type {
    Type::array(Dtype::F64, 1)
}

pub fn f64_2d() -> Type {
    Type::array(Dtype::F64, 2)
}

/// Every loop statement of `stmts` (`for` and `while`), outermost first, in source order.
pub fn loops(stmts: &[Stmt]) -> Vec<&Stmt> {
    fn walk<'s>(stmts: &'s [Stmt], out: &mut Vec<&'s Stmt>) {
        for s in stmts {
            match &s.kind {
                StmtKind::ForRange { body, orelse, .. } | StmtKind::ForIter { body, orelse, .. } | StmtKind::While { body, orelse, .. } => {
                    out.push(s);
                    walk(body, out);
                    walk(orelse, out);
                }
                StmtKind::If { .. } | StmtKind::Try { .. } => s.kind.blocks().into_iter().for_each(|b| walk(b, out)),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(stmts, &mut out);
    out
}

/// The `k`-th loop of `f` (see `loops`).
pub fn nth_loop(f: &Function, k: usize) -> &Stmt {
    loops(&f.body).get(k).copied().unwrap_or_else(|| panic!("no loop {k} in `{}`", f.name))
}

/// The id of the local named `name`.
pub fn local(f: &Function, name: &str) -> LocalId {
    f.locals.iter().position(|l| l.name == name).unwrap_or_else(|| panic!("no local `{name}` in `{}`", f.name)) as LocalId
}

/// The source text a span of `source` covers.
pub fn text(source: &str, span: hasten_ir::Span) -> &str {
    &source[span.start as usize..span.end as usize]
}

/// The parts of a `for var in range(start, stop, step): body` statement.
pub struct RangeLoop<'s> {
    pub var: LocalId,
    pub start: &'s Expr,
    pub stop: &'s Expr,
    pub step: &'s Expr,
    pub body: &'s [Stmt],
}

pub fn range_loop(s: &Stmt) -> RangeLoop<'_> {
    let StmtKind::ForRange { var, start, stop, step, body, .. } = &s.kind else { panic!("not a range loop: {s:?}") };
    RangeLoop { var: *var, start, stop, step, body }
}

/// The expressions `f` returns: the items of a returned tuple, or the one returned value.
pub fn returned(f: &Function) -> Vec<&Expr> {
    let Some(StmtKind::Return(Some(e))) = f.body.last().map(|s| &s.kind) else { panic!("`{}` does not end in `return value`", f.name) };
    match &e.kind {
        ExprKind::Tuple(items) => items.iter().collect(),
        _ => vec![e],
    }
}
