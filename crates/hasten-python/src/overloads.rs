//! Overloaded calls (`hasten.extending.overload`) resolved before compiling: the type checker names
//! the first call the program does not resolve yet (`hasten_compiler::missing_overload`), the
//! typing functions in Python choose an implementation for its argument types
//! (`hasten._overload.resolve`, holding the GIL), and the implementation joins the program as a
//! jitted function; repeated until every overloaded call the program reaches is resolved.

use crate::dispatcher::Dispatcher;
use crate::program::program_from_py;
use hasten_ir::{FuncId, GlobalValue, Program, Type};
use pyo3::exceptions::PyRecursionError;
use pyo3::prelude::*;
use std::sync::Arc;

/// More resolutions than any program needs: an implementation that calls the overloaded function
/// with ever longer tuples never settles.
const LIMIT: usize = 1000;

pub(crate) fn resolve_overloads(
    slf: Borrowed<'_, '_, Dispatcher>,
    state: &mut Option<Arc<Program>>,
    mut program: Arc<Program>,
    types: &[Type],
) -> PyResult<Arc<Program>> {
    if !program.functions.iter().any(|f| f.globals.values().any(|g| matches!(g, GlobalValue::Overload { .. }))) {
        return Ok(program);
    }
    let py = slf.py();
    for _ in 0..LIMIT {
        let Some(call) = py.detach(|| hasten_compiler::missing_overload(&program, 0, types)) else {
            return Ok(program);
        };
        let texts: Vec<String> = call.args.iter().map(|t| t.to_string()).collect();
        let resolve = py.import("hasten._overload")?.getattr("resolve")?;
        let resolved = resolve.call1((slf.to_owned(), &call.key, texts, call.kwargs.clone()))?;
        let (id, message, added): (Option<FuncId>, String, Bound<'_, PyAny>) = resolved.extract()?;
        let mut extended = (*program).clone();
        extended.functions.extend(program_from_py(&added)?.functions);
        extended.overloads.insert(call, id.ok_or(message));
        program = Arc::new(extended);
        *state = Some(program.clone());
    }
    Err(PyRecursionError::new_err(format!("hasten: overloaded calls did not settle after {LIMIT} resolutions")))
}
