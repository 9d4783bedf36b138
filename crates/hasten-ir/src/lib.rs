//! The shared vocabulary of the hasten compiler: value types, the typed tree IR (HIR) that every stage
//! reads or writes, the description of a program handed in by the embedder, and diagnostics.
//!
//! Invariants every stage relies on:
//! - `hir::Expr::ty` is `Type::Unknown` when the front end produces it and a concrete value type once the
//!   type checker has accepted the function; code generation never sees `Unknown`.
//! - Spans are byte offsets into the function's own (dedented) source text; `SourceMap` turns them into
//!   file:line:column of the original file.

pub mod classes;
pub mod complex;
pub mod diag;
pub mod generator;
pub mod hir;
pub mod iterators;
pub mod linalg;
pub mod mathfn;
pub mod numpy;
pub mod program;
pub mod random;
pub mod strings;
pub mod tuples;
pub mod types;
mod type_parse;

pub use diag::{Diagnostic, ErrorKind, SourceMap, Span};
pub use program::{FrozenArray, FuncId, FunctionSource, GlobalValue, Options, OverloadCall, Program};
pub use tuples::{NamedClass, TupleType};
pub use types::{ArrayType, Dtype, FuncRef, Layout, Type};
