//! Iterators made by `iter(x)` (`Type::Iter`): what one walks, the item it gives, and the values
//! its block keeps. An iterator is a reference-counted runtime block (`hasten_runtime::iter`) whose
//! words are a position, then the values of `IterOf::state`: compiled code reads and advances the
//! position in place, so an iterator passed to a callee, or walked by a `for` loop after `next`,
//! goes on from where it was.

use crate::types::{ArrayType, Layout, Type};
use std::fmt;

/// What an iterator walks.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum IterOf {
    /// `range(start, stop, step)`: kept as its start, step and length.
    Range,
    /// An array (its items, or views of its first axis), a list, a string, a dict (its keys) or a
    /// set: the value itself.
    Seq(Type),
    /// `d.values()` (false) or `d.items()` (true) of a dict of this type.
    DictView(Type, bool),
    /// `zip(...)` of arrays, lists and ranges.
    Zip(Vec<IterOf>),
    /// `enumerate(x, start)`.
    Enumerate(Box<IterOf>),
    /// `reversed(l)` of a list of this type.
    Reversed(Type),
}

impl IterOf {
    /// The type of one item.
    pub fn item(&self) -> Type {
        match self {
            IterOf::Range => Type::Int,
            IterOf::Seq(Type::Array(a)) if a.ndim == 1 => a.dtype.item(),
            IterOf::Seq(Type::Array(a)) => {
                let layout = if a.layout == Layout::C { Layout::C } else { Layout::A };
                Type::Array(ArrayType { ndim: a.ndim - 1, layout, ..*a })
            }
            IterOf::Seq(Type::List(t)) | IterOf::Reversed(Type::List(t)) => (**t).clone(),
            IterOf::Seq(Type::Dict(k, _)) | IterOf::Seq(Type::Set(k)) => (**k).clone(),
            IterOf::DictView(Type::Dict(_, v), false) => (**v).clone(),
            IterOf::DictView(Type::Dict(k, v), true) => Type::tuple(vec![(**k).clone(), (**v).clone()]),
            IterOf::Seq(t) => t.clone(),
            IterOf::Zip(items) => Type::Tuple(items.iter().map(IterOf::item).collect()),
            IterOf::Enumerate(of) => Type::tuple(vec![Type::Int, of.item()]),
            IterOf::DictView(..) | IterOf::Reversed(_) => Type::Unknown,
        }
    }

    /// The values the iterator's block keeps after its position, as one tuple type: a range's
    /// start, step and length; the walked value; a string's byte offset after it; a dict's or
    /// set's length when the walk began (CPython's "changed size" check); a reversed list's
    /// length at the start; an `enumerate`'s start before its iterable's values.
    pub fn state(&self) -> Type {
        let mut out = Vec::new();
        self.state_items(&mut out);
        Type::tuple(out)
    }

    fn state_items(&self, out: &mut Vec<Type>) {
        match self {
            IterOf::Range => out.extend([Type::Int, Type::Int, Type::Int]),
            IterOf::Seq(t @ (Type::Str | Type::Dict(..) | Type::Set(_))) | IterOf::DictView(t, _) | IterOf::Reversed(t) => {
                out.extend([t.clone(), Type::Int])
            }
            IterOf::Seq(t) => out.push(t.clone()),
            IterOf::Zip(items) => items.iter().for_each(|i| i.state_items(out)),
            IterOf::Enumerate(of) => {
                out.push(Type::Int);
                of.state_items(out);
            }
        }
    }
}

impl fmt::Display for IterOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IterOf::Range => f.write_str("range"),
            IterOf::Seq(t) => write!(f, "{t}"),
            IterOf::DictView(t, items) => write!(f, "{t}.{}()", if *items { "items" } else { "values" }),
            IterOf::Zip(items) => {
                f.write_str("zip(")?;
                for (i, t) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                f.write_str(")")
            }
            IterOf::Enumerate(of) => write!(f, "enumerate({of})"),
            IterOf::Reversed(t) => write!(f, "reversed({t})"),
        }
    }
}
