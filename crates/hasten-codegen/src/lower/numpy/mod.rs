//! NumPy functions inside compiled code, one family per file: creation, shapes and views, linear
//! algebra, ufuncs, the fused loop nests of element-wise expressions and reductions, cumulative
//! functions and sorting.

use super::*;

mod complex_reduce;
mod complex_ufunc;
mod convolve;
mod create;
mod cumulative;
mod diagonal;
mod fused;
mod fused_simd;
pub(in crate::lower) use fused_simd::RowSource;
mod generator;
mod histogram;
mod iter_order;
mod bincount;
mod join;
mod lapack;
mod search;
mod select;
mod linalg;
mod membership;
mod minmax;
mod nest;
mod order_stats;
mod random;
mod reduce;
mod restride;
mod shape;
mod stats;
mod tiling;
mod triangle;
mod two_outputs;
mod views;
mod sort;
mod ufunc;
mod ufunc_math;
mod scalar;

pub(in crate::lower) use fused::BroadcastForm;
use reduce::Reducer;

/// Whether `e` is computed by a fused loop writing a new array.
pub(in crate::lower) fn is_fused_root(e: &Expr) -> bool {
    e.is_elementwise() || is_arange(e)
}

/// `np.arange(...)`, which a fused loop computes from the index instead of reading memory.
fn is_arange(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Call(Callee::Numpy(NumpyFn::Arange), ..))
}

/// What the innermost level of a fused loop does with each element: store it into the result
/// (`fused.rs`), or fold it into a reduction (`reduce.rs`).
enum Sink {
    Store { cursor: Variable, itemsize: i64 },
    Reduce(Reducer),
}

impl<'a, 'f> Lower<'a, 'f> {
    /// A call of a NumPy function: the one place that sends each `NumpyFn` to its family's file.
    pub(in crate::lower) fn numpy_call(&mut self, f: NumpyFn, args: &[Expr], ty: &Type, plan: &Plan, span: Span) -> R<Vals> {
        match f {
            f @ (NumpyFn::Full | NumpyFn::FullLike) => self.full_array(f, args, ty),
            NumpyFn::Reduce(r) => self.reduction_call(r, args, ty, span),
            f @ (NumpyFn::Cumsum | NumpyFn::Cumprod) => self.cumulative(f, args, ty, span),
            NumpyFn::Diff => self.diff(args, ty, span),
            NumpyFn::Roll => self.roll(args, ty, span),
            NumpyFn::FromList => self.array_from_list(&args[0], ty, span),
            f @ (NumpyFn::Var | NumpyFn::Std | NumpyFn::Nanvar | NumpyFn::Nanstd) => self.variance(f, args, ty, span),
            f @ (NumpyFn::Sort | NumpyFn::Argsort | NumpyFn::SortInPlace) => self.sort(f, args, span),
            NumpyFn::UfuncOut(_) => self.ufunc_into_out(args, span),
            f @ (NumpyFn::Frexp | NumpyFn::Modf | NumpyFn::Divmod) => self.two_outputs(f, args, ty, plan, span),
            // The type checker lets a complex64 scalar take the predicates, `absolute`, the
            // extrema and the C library's functions.
            NumpyFn::Ufunc(u) if args.iter().any(|a| a.ty == Type::Scalar(Dtype::C64)) && !ty.is_c128() => {
                let mut vals = Vec::new();
                for a in args {
                    vals.push((self.expr(a)?, a.ty.clone()));
                }
                if *ty == Type::Scalar(Dtype::C64) && squares_a_scalar(u, &args[0]) {
                    return Ok(self.c64_scalar_binary(BinOp::Mul, &vals[0].0, &vals[0].1, &vals[0].0, &vals[0].1));
                }
                if *ty == Type::Scalar(Dtype::C64) {
                    return Ok(self.c64_ufunc_vals(u, &vals));
                }
                Ok(vec![self.complex_predicate(u, &vals)])
            }
            NumpyFn::Ufunc(u) if args.iter().any(|a| a.ty.is_c128()) || ty.is_c128() => {
                let mut vals = Vec::new();
                for a in args {
                    vals.push((self.expr(a)?, a.ty.clone()));
                }
                if squares_a_scalar(u, &args[0]) {
                    let (re, im) = self.complex_parts(&vals[0].0, &vals[0].1);
                    return Ok(self.complex_binary(BinOp::Mul, &[re, im], &Type::Complex, &[re, im], &Type::Complex, span));
                }
                if ty.is_c128() {
                    return Ok(self.complex_ufunc_vals(u, &vals));
                }
                if u == Ufunc::Isclose {
                    let rest: Vec<(Value, Type)> = vals[2..].iter().map(|(v, t)| (v[0], t.clone())).collect();
                    return Ok(vec![self.complex_isclose((&vals[0].0, &vals[0].1), (&vals[1].0, &vals[1].1), &rest, Some(span))]);
                }
                Ok(vec![self.complex_predicate(u, &vals)])
            }
            NumpyFn::Ufunc(u) => {
                let mut vals = Vec::new();
                for a in args {
                    let v = self.expr(a)?;
                    vals.push((v[0], a.ty.clone()));
                }
                let Plan::Ufunc(_, op) = plan else { unreachable!("the verifier checks ufunc plans") };
                // All operands are scalars here: a scalar exponent (or decimals).
                let exponent = matches!(u, Ufunc::Power | Ufunc::Round).then(|| &args[1]);
                Ok(vec![self.ufunc_value(u, &vals, ty, op.as_ref(), exponent, span)?])
            }
            NumpyFn::Copy => self.copy_array(&args[0], span),
            NumpyFn::Astype | NumpyFn::Arange => unreachable!("conversions and aranges are fused loops"),
            NumpyFn::Pad => self.pad(args, ty),
            NumpyFn::Eye | NumpyFn::Identity => self.eye(args, ty, span),
            NumpyFn::Searchsorted => self.searchsorted(args, ty, span),
            NumpyFn::Bincount => self.bincount(args, span),
            f @ (NumpyFn::Trace | NumpyFn::Diag) => self.diagonal(f, args, ty, span),
            f @ (NumpyFn::Concatenate | NumpyFn::Stack | NumpyFn::Vstack | NumpyFn::Hstack | NumpyFn::ColumnStack) => self.join(f, args, ty, span),
            f @ (NumpyFn::Dot | NumpyFn::Matmul | NumpyFn::Inner) => self.dot(f, args, ty, span),
            NumpyFn::Unique => self.unique(args, span),
            f @ (NumpyFn::Nonzero | NumpyFn::Flatnonzero | NumpyFn::Argwhere) => self.nonzero(f, args, span),
            NumpyFn::Take => self.take(args, ty, span),
            NumpyFn::Compress | NumpyFn::Extract => self.compress(args, span),
            f @ (NumpyFn::Median | NumpyFn::Nanmedian | NumpyFn::Percentile | NumpyFn::Quantile) => self.order_statistic(f, args, ty, span),
            NumpyFn::Ptp => self.ptp(args, ty, span),
            NumpyFn::Item => self.item(args, ty, span),
            NumpyFn::Tolist => self.tolist(&args[0], ty, span),
            NumpyFn::Restride => self.restride(args, ty),
            NumpyFn::DataAddress => self.data_address(args),
            NumpyFn::Writeable => {
                let Type::Array(at) = args[0].ty else { unreachable!("_writeable of an array") };
                Ok(vec![self.iconst(types::I8, i64::from(!at.readonly))])
            }
            NumpyFn::Fill => self.fill_call(args, span),
            NumpyFn::StoreCast => {
                let (addr, at) = self.element_address(&args[0], &args[1..2])?;
                let v = self.expr(&args[2])?;
                if self.check_writeable(at, span) {
                    let value = self.convert(v[0], &args[2].ty, &Type::Scalar(at.dtype));
                    self.store_parts(addr, &[value]);
                }
                Ok(Vec::new())
            }
            NumpyFn::PyRandom(r) => self.py_random(r, args),
            NumpyFn::Average => self.average(args, ty, span),
            NumpyFn::Histogram => self.histogram(args, span),
            NumpyFn::Digitize => self.digitize(args, span),
            NumpyFn::Interp => self.interp(args, span),
            NumpyFn::Linspace => self.linspace(args, ty, span),
            f @ (NumpyFn::Ascontiguousarray | NumpyFn::Ravel | NumpyFn::Reshape) => self.contiguous(f, args, span),
            NumpyFn::Transpose if args.len() == 2 => self.axis_view(NumpyFn::Transpose, args, span),
            f @ (NumpyFn::Flipud | NumpyFn::Fliplr | NumpyFn::Transpose) => self.flipped(f, &args[0]),
            f @ (NumpyFn::Flip | NumpyFn::Swapaxes | NumpyFn::Moveaxis | NumpyFn::ExpandDims | NumpyFn::Squeeze | NumpyFn::Atleast(_)) => self.axis_view(f, args, span),
            NumpyFn::Tri => self.tri(args, ty, span),
            f @ (NumpyFn::Tril | NumpyFn::Triu) => self.triangle(f, args, ty, span),
            NumpyFn::Vander => self.vander(args, ty, span),
            NumpyFn::Repeat => self.repeat(args, ty, span),
            NumpyFn::Tile => self.tile(args, ty, span),
            NumpyFn::Meshgrid => self.meshgrid(args, ty, span),
            NumpyFn::Isin => self.isin(args, plan, span),
            NumpyFn::ArrayEqual => self.array_equal(args, plan),
            f @ (NumpyFn::Convolve | NumpyFn::Correlate) => self.sliding_product(f, args, ty, span),
            NumpyFn::Trapezoid => self.trapezoid(args, ty, span),
            NumpyFn::Kron => self.kron(args, ty, plan, span),
            f => self.new_array(f, args, ty),
        }
    }
}

/// Whether `np.square(x)` squares a NumPy scalar, which NumPy does in its scalar loop, rounding
/// each product; a 0-d array's element (an index without indices) takes its SIMD loop, whose
/// products are fused multiply-adds.
fn squares_a_scalar(u: Ufunc, x: &Expr) -> bool {
    u == Ufunc::Square && !matches!(&x.kind, ExprKind::Index(_, indices) if indices.is_empty())
}
