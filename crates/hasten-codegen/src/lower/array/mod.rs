//! Arrays: element addressing and bounds checks, views and slices, allocation of new arrays.

use super::*;

mod alloc;
mod fancy;
mod index;
mod view;

