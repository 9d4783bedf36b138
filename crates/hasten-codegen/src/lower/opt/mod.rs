//! The loop optimisations: each module holds one pass's analysis of the typed tree and its emission.

use super::*;

pub(super) mod carry;
pub(super) mod closed_form;
pub(super) mod induction;
pub(super) mod int_sums;
pub(super) mod invariants;
pub(super) mod lengths;
pub(super) mod parallel;
pub(super) mod popcount;
pub(super) mod select;
pub(super) mod spans;
pub(super) mod unroll;
pub(super) mod unswitch;
pub(super) mod vectorize;
