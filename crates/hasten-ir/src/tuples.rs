//! The type of a tuple: its items, and for a `collections.namedtuple` instance its class.
//!
//! A named tuple is a tuple in every respect compiled code computes with (layout, indexing,
//! unpacking, comparison, hashing); the class only adds attribute access by field name and makes
//! results go back to Python as instances of it. So `TupleType` derefs to its items, and every
//! operation that makes a new tuple (slicing, `+`, a display) makes a plain one.

use crate::types::Type;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

/// A `collections.namedtuple` class, by the names that find it again in any process (the disk
/// cache keeps types as text): its module, its qualified name and its fields.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NamedClass {
    pub module: String,
    pub qualname: String,
    pub fields: Vec<String>,
}

impl NamedClass {
    /// The class's name as Python prints it (`Point`).
    pub fn name(&self) -> &str {
        self.qualname.rsplit('.').next().unwrap_or(&self.qualname)
    }

    /// The position of the field `name`.
    pub fn field(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f == name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct TupleType {
    pub items: Vec<Type>,
    /// The class of a named tuple; `None` for a plain tuple.
    pub class: Option<Arc<NamedClass>>,
}

impl TupleType {
    /// A tuple of the same class whose items are `f` of these.
    pub fn map(&self, f: impl FnMut(&Type) -> Type) -> Type {
        Type::Tuple(TupleType { items: self.items.iter().map(f).collect(), class: self.class.clone() })
    }
}

impl From<Vec<Type>> for TupleType {
    fn from(items: Vec<Type>) -> TupleType {
        TupleType { items, class: None }
    }
}

impl Deref for TupleType {
    type Target = Vec<Type>;

    fn deref(&self) -> &Vec<Type> {
        &self.items
    }
}

impl DerefMut for TupleType {
    fn deref_mut(&mut self) -> &mut Vec<Type> {
        &mut self.items
    }
}

impl<'a> IntoIterator for &'a TupleType {
    type Item = &'a Type;
    type IntoIter = std::slice::Iter<'a, Type>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl IntoIterator for TupleType {
    type Item = Type;
    type IntoIter = std::vec::IntoIter<Type>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl FromIterator<Type> for TupleType {
    fn from_iter<I: IntoIterator<Item = Type>>(iter: I) -> TupleType {
        TupleType { items: iter.into_iter().collect(), class: None }
    }
}
