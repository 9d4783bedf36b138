//! `prange` under `parallel=True`: the race rules that a loop body must satisfy, and the outlining
//! of the body into a worker that runs on the thread pool.

use super::*;

pub(in crate::lower) mod outline;
pub(in crate::lower) mod races;
