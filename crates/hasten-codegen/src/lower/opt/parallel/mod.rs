//! `prange` under `parallel=True`: the outlining of the body into a worker that runs on the thread
//! pool. The race rules that decide what the body shares are the type checker's
//! (`hasten_typeck::parallel`), recorded on the loop as its `ParallelRegion`.

use super::*;

pub(in crate::lower) mod outline;
