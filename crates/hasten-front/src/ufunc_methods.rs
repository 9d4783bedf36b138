//! `np.add.reduce(a, axis)` and `np.maximum.accumulate(a)`: the methods of NumPy's ufuncs that
//! numba users write. `reduce` of a ufunc with a reduction of its own is that reduction along
//! `axis` (0 unless given, as the method's default is); `accumulate` of `add` and `multiply` is
//! `np.cumsum`/`np.cumprod` along axis 0 (the same dtypes: small ints widen), of the others the
//! library's loop (`library/ufuncs.py`) in the ufunc's own result dtype; `outer` is the ufunc of
//! the first operand, given unit axes, and the second, broadcast; `at` is the library's loop over
//! the indices.

use crate::entity::Entity;
use crate::lowerer::Lowerer;
use crate::numpy::numpy_call;
use crate::Result;
use hasten_ir::hir::*;
use hasten_ir::numpy::{NumpyFn, Reduction, Ufunc};
use hasten_ir::{Diagnostic, Span};
use ruff_python_ast as ast;

/// The ufuncs whose methods compile, by NumPy's names, with the reduction `reduce` is.
/// (`accumulate` of the first two is `np.cumsum`/`np.cumprod`.) Not `fmax`/`fmin`: NumPy's
/// accumulate loops break their signed-zero ties unlike its `np.fmax` of two values.
const METHODS: &[(&str, Ufunc, Option<Reduction>)] = &[
    ("add", Ufunc::Add, Some(Reduction::Sum)),
    ("multiply", Ufunc::Multiply, Some(Reduction::Prod)),
    ("maximum", Ufunc::Maximum, Some(Reduction::Max)),
    ("minimum", Ufunc::Minimum, Some(Reduction::Min)),
    ("logical_and", Ufunc::LogicalAnd, Some(Reduction::All)),
    ("logical_or", Ufunc::LogicalOr, Some(Reduction::Any)),
    ("subtract", Ufunc::Subtract, None),
    ("logical_xor", Ufunc::LogicalXor, None),
    ("bitwise_and", Ufunc::BitwiseAnd, None),
    ("bitwise_or", Ufunc::BitwiseOr, None),
    ("bitwise_xor", Ufunc::BitwiseXor, None),
];

impl Lowerer<'_> {
    /// `np.<u>.<method>(...)` for the ufunc `u`.
    pub(crate) fn ufunc_method(&mut self, u: Ufunc, method: &str, c: &ast::ExprCall, sp: Span) -> Result<Entity> {
        let Some(&(name, _, reduction)) = METHODS.iter().find(|(_, v, _)| *v == u) else {
            return Err(Diagnostic::unsupported(format!("the .{method}() method of this ufunc is not supported yet"), sp));
        };
        let (args, mut kwargs) = self.call_args(c, None)?;
        match (method, reduction) {
            ("reduce", Some(r)) => {
                if args.len() < 2 && !kwargs.iter().any(|(n, _)| n == "axis") {
                    kwargs.push(("axis".into(), Expr::new(ExprKind::Const(Const::Int(0)), sp)));
                }
                Ok(Entity::Value(numpy_call(NumpyFn::Reduce(r), args, kwargs, sp)?))
            }
            ("accumulate", _) if matches!(u, Ufunc::Add | Ufunc::Multiply) => {
                if args.len() < 2 && !kwargs.iter().any(|(n, _)| n == "axis") {
                    kwargs.push(("axis".into(), Expr::new(ExprKind::Const(Const::Int(0)), sp)));
                }
                let f = if u == Ufunc::Add { NumpyFn::Cumsum } else { NumpyFn::Cumprod };
                Ok(Entity::Value(numpy_call(f, args, kwargs, sp)?))
            }
            ("accumulate" | "outer" | "at", _) => {
                let mut args = args;
                if args.is_empty() {
                    return Err(Diagnostic::typing(format!("{name}.{method}() missing required argument 'array'"), sp));
                }
                args.insert(1, Expr::new(ExprKind::Const(Const::Str(name.into())), sp));
                let f = crate::library::attr(&format!("_ufunc_{method}")).expect("the library defines it");
                self.library_call(f, args, kwargs, sp)
            }
            _ => Err(Diagnostic::unsupported(format!("np.{name}.{method} is not supported yet"), sp)),
        }
    }
}
