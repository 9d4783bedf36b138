//! The classes `isinstance(x, C)`, `type(x) is C` and `hasattr(x, "name")` ask about (`TypeTest`,
//! decided by the type checker from the value's type).

use crate::types::Dtype;

/// What a `TypeTest` asks of its value's class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeTestKind {
    /// `isinstance`: the class or a subclass of it.
    Instance,
    /// `type(x) is C`: the class itself.
    Exact,
    /// `hasattr(x, "name")`: the class itself, one of those the embedder found to have the
    /// attribute, or a named tuple's class with the field; a value of a type hasten cannot name
    /// a class for is refused.
    HasAttr(String),
}

/// The classes `isinstance` and `type(x) is` compare with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PyClass {
    Bool,
    Int,
    Float,
    Tuple,
    List,
    Dict,
    Set,
    Str,
    Complex,
    Ndarray,
    /// `np.generic`, `np.number`, `np.integer`, `np.signedinteger`, `np.unsignedinteger`,
    /// `np.inexact`, `np.floating`, `np.complexfloating`: NumPy's abstract scalar classes.
    Generic,
    Number,
    Integer,
    SignedInteger,
    UnsignedInteger,
    Inexact,
    Floating,
    ComplexFloating,
    /// A concrete NumPy scalar class (`np.float64`, `np.bool_`).
    Scalar(Dtype),
    /// A `collections.namedtuple` class.
    Named(std::sync::Arc<crate::tuples::NamedClass>),
}
