//! Exception messages that code generation raises inline and that helpers outside this crate raise
//! too, kept in one place so that both say the same.

/// The OverflowError of a Python int operation whose result leaves 64 bits.
pub const OVERFLOW: &str = "integer overflow: the result does not fit in 64 bits (hasten ints are 64-bit)";
