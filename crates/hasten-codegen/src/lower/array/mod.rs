//! Arrays: element addressing and bounds checks, views and slices, allocation of new arrays.

use super::*;

mod alloc;
pub(in crate::lower) use alloc::{TOO_BIG, TWO_63};
mod fancy;
mod index;
mod view;

