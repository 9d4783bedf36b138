//! Joining arrays: `np.concatenate`, `np.stack`, `np.vstack`, `np.hstack`, `np.column_stack` of a
//! tuple of arrays. `layout` is NumPy's rule for where each input's unit axes go and along which
//! axis the inputs are put side by side; code generation reads the same layout from the types.

use crate::calls::Operands;
use crate::function::{err, R};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Dtype, Type};

/// How the inputs of a join are put together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinLayout {
    /// The result's number of axes.
    pub ndim: u8,
    /// The axis the inputs are concatenated along.
    pub axis: usize,
    /// Per input, the result's axes at which a unit axis is inserted (ascending).
    pub inserts: Vec<Vec<usize>>,
    /// `np.stack`: every input must have the same shape (NumPy's own message).
    pub stack: bool,
}

/// NumPy's layout of a join of arrays with these numbers of axes; `axis` is the constant axis
/// argument of `np.concatenate`/`np.stack`, if given. Errors are NumPy's messages.
pub fn layout(f: NumpyFn, ndims: &[u8], axis: Option<i64>) -> Result<JoinLayout, String> {
    let verb = if f == NumpyFn::Stack { "stack" } else { "concatenate" };
    let Some(&first) = ndims.first() else { return Err(format!("need at least one array to {verb}")) };
    // Each input's unit axes, and its number of axes after them.
    let expand = |nd: u8| -> Vec<usize> {
        match (f, nd) {
            (NumpyFn::Vstack, 0) | (NumpyFn::ColumnStack, 0) => vec![0, 1],
            (NumpyFn::Vstack, 1) | (NumpyFn::Hstack, 0) => vec![0],
            (NumpyFn::ColumnStack, 1) => vec![1],
            _ => Vec::new(),
        }
    };
    let inserts: Vec<Vec<usize>> = ndims.iter().map(|&nd| expand(nd)).collect();
    let expanded: Vec<u8> = ndims.iter().zip(&inserts).map(|(nd, ins)| nd + ins.len() as u8).collect();
    if let Some(k) = expanded.iter().position(|&nd| nd != expanded[0]) {
        if f == NumpyFn::Stack {
            return Err("all input arrays must have the same shape".into());
        }
        return Err(format!(
            "all the input arrays must have same number of dimensions, but the array at index 0 has {} dimension(s) and the array at index {k} has {} dimension(s)",
            expanded[0], expanded[k]
        ));
    }
    let nd = expanded[0];
    if nd == 0 && f != NumpyFn::Stack {
        return Err("zero-dimensional arrays cannot be concatenated".into());
    }
    let out_nd = if f == NumpyFn::Stack { first + 1 } else { nd };
    let axis = match f {
        NumpyFn::Vstack => 0,
        NumpyFn::Hstack => (nd > 1) as i64,
        NumpyFn::ColumnStack => 1,
        _ => axis.unwrap_or(0),
    };
    if axis >= out_nd as i64 || axis < -(out_nd as i64) {
        return Err(format!("axis {axis} is out of bounds for array of dimension {out_nd}"));
    }
    let axis = if axis < 0 { axis + out_nd as i64 } else { axis } as usize;
    let inserts = if f == NumpyFn::Stack { vec![vec![axis]; ndims.len()] } else { inserts };
    Ok(JoinLayout { ndim: out_nd, axis, inserts, stack: f == NumpyFn::Stack })
}

/// The type of a join: a C-contiguous array of the inputs' promoted dtype.
pub(crate) fn join(f: NumpyFn, ops: &Operands) -> R<Type> {
    let items = match &ops.types[0] {
        Type::Tuple(items) => items.to_vec(),
        // A list of arrays: its items share one type, so one of them stands for all in the layout.
        Type::List(item) if matches!(**item, Type::Array(_)) => vec![(**item).clone()],
        _ => return Err(Diagnostic::unsupported("joining arrays needs a tuple or a list of arrays", ops.args[0].span)),
    };
    let mut ndims = Vec::new();
    let mut dtype: Option<Dtype> = None;
    for t in items.iter() {
        let Type::Array(a) = t else {
            return Err(Diagnostic::unsupported(format!("joining arrays needs a tuple of arrays, not one holding {t}"), ops.args[0].span));
        };
        ndims.push(a.ndim);
        dtype = Some(dtype.map_or(a.dtype, |d| Dtype::promote(d, a.dtype)));
    }
    let axis = match ops.args.get(1).map(|e| &e.kind) {
        None => None,
        Some(ExprKind::Const(Const::Int(k))) => Some(*k),
        Some(ExprKind::Const(Const::None)) => {
            return Err(Diagnostic::unsupported("axis=None (joining flattened arrays) is not supported yet", ops.args[1].span))
        }
        Some(_) => return Err(Diagnostic::unsupported("axis= must be an integer constant", ops.args[1].span)),
    };
    match layout(f, &ndims, axis) {
        Ok(l) => Ok(Type::array(dtype.expect("at least one input"), l.ndim)),
        Err(m) => err(m, ops.args.get(1).map_or(ops.args[0].span, |e| e.span)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_follow_numpy() {
        let l = layout(NumpyFn::Vstack, &[1, 2], None).unwrap();
        assert_eq!((l.ndim, l.axis, l.inserts), (2, 0, vec![vec![0], vec![]]));
        let l = layout(NumpyFn::ColumnStack, &[1, 2], None).unwrap();
        assert_eq!((l.ndim, l.axis, l.inserts), (2, 1, vec![vec![1], vec![]]));
        assert_eq!(layout(NumpyFn::Hstack, &[1, 1], None).unwrap().axis, 0);
        assert_eq!(layout(NumpyFn::Hstack, &[2, 2], None).unwrap().axis, 1);
        let l = layout(NumpyFn::Stack, &[2, 2], Some(-1)).unwrap();
        assert_eq!((l.ndim, l.axis, l.inserts), (3, 2, vec![vec![2], vec![2]]));
        assert!(layout(NumpyFn::Concatenate, &[2, 1], None).unwrap_err().starts_with("all the input arrays must have same number"));
        assert_eq!(layout(NumpyFn::Concatenate, &[1], Some(1)).unwrap_err(), "axis 1 is out of bounds for array of dimension 1");
        assert_eq!(layout(NumpyFn::Stack, &[], None).unwrap_err(), "need at least one array to stack");
    }
}
