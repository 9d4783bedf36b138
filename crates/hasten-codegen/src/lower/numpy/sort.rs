//! `np.sort`, `np.argsort` and `a.sort()`: each line along the axis is sorted by the runtime
//! (`hasten_runtime::sort`, a stable sort in NumPy's order); `axis=None` sorts the flattened array.

use super::cumulative::const_axis;
use super::*;

/// The dtype's code for the runtime's sorts: its index in `Dtype::ALL`.
pub(super) fn dtype_code(d: Dtype) -> i64 {
    Dtype::ALL.iter().position(|x| *x == d).expect("every dtype is listed") as i64
}

impl<'a, 'f> Lower<'a, 'f> {
    pub(in crate::lower) fn sort(&mut self, f: NumpyFn, args: &[Expr], span: Span) -> R<Vals> {
        let Type::Array(sat) = args[0].ty else { unreachable!("sorts take arrays") };
        let (d, nd) = (sat.dtype, sat.ndim as usize);
        let axis = const_axis(args, 1, nd, nd.checked_sub(1));
        let src = self.array_operand(&args[0])?;
        let code = self.iconst(types::I64, dtype_code(d));
        let itemsize = d.itemsize() as i64;
        match (f, axis) {
            (NumpyFn::SortInPlace, Some(along)) => {
                if sat.readonly {
                    // NumPy's own message for this, not the one of stores.
                    self.emit_raise("ValueError", Some("sort array is read-only"), span);
                    let dead = self.b.create_block();
                    self.b.switch_to_block(dead);
                } else {
                    self.sort_lines(&src, along, code)?;
                }
                Ok(Vec::new())
            }
            (NumpyFn::Sort, _) => {
                let (data, owner, count) = self.allocate(&src.shape, d, false, span);
                let strides = self.c_strides(&src.shape, itemsize);
                self.copy_strided(d, &src.shape, src.data, &src.strides, data, &strides)?;
                let Some(along) = axis else {
                    let stride = self.iconst(types::I64, itemsize);
                    let sort = self.helper(Helper::Sort);
                    self.call(sort, &[data, count, stride, code]);
                    return Ok(self.contiguous_vals(data, owner, vec![count], itemsize));
                };
                let copy = ArrayVals { data, owner, shape: src.shape, strides };
                self.sort_lines(&copy, along, code)?;
                Ok(copy.into_vals())
            }
            (NumpyFn::Argsort, None) => {
                // The flattened array in C order, then one line.
                let (flat, _, count) = self.allocate(&src.shape, d, false, span);
                let strides = self.c_strides(&src.shape, itemsize);
                self.copy_strided(d, &src.shape, src.data, &src.strides, flat, &strides)?;
                let (out, owner, _) = self.allocate(&[count], Dtype::I64, false, span);
                let (stride, eight) = (self.iconst(types::I64, itemsize), self.iconst(types::I64, 8));
                let argsort = self.helper(Helper::Argsort);
                self.call(argsort, &[flat, count, stride, code, out, eight]);
                Ok(self.contiguous_vals(out, owner, vec![count], 8))
            }
            (NumpyFn::Argsort, Some(along)) => {
                let (out, owner, _) = self.allocate(&src.shape, Dtype::I64, false, span);
                let out_strides = self.c_strides(&src.shape, 8);
                let outer: Vec<usize> = (0..nd).filter(|k| *k != along).collect();
                let pick = |v: &[Value]| outer.iter().map(|k| v[*k]).collect::<Vals>();
                let (n, ss, os) = (src.shape[along], src.strides[along], out_strides[along]);
                let argsort = self.helper(Helper::Argsort);
                self.for_each_line(&pick(&src.shape), &pick(&src.strides), &pick(&out_strides), src.data, out, &mut |cx, s, o| {
                    cx.call(argsort, &[s, n, ss, code, o, os]);
                    Ok(())
                })?;
                Ok(self.contiguous_vals(out, owner, src.shape, 8))
            }
            _ => unreachable!("the type checker refuses a.sort(axis=None)"),
        }
    }

    /// Sorts every line of `a` along `along` in place.
    fn sort_lines(&mut self, a: &ArrayVals, along: usize, code: Value) -> R<()> {
        let outer: Vec<usize> = (0..a.shape.len()).filter(|k| *k != along).collect();
        let shape: Vals = outer.iter().map(|k| a.shape[*k]).collect();
        let strides: Vals = outer.iter().map(|k| a.strides[*k]).collect();
        let (n, stride) = (a.shape[along], a.strides[along]);
        let sort = self.helper(Helper::Sort);
        self.for_each_line(&shape, &strides, &strides, a.data, a.data, &mut |cx, line, _| {
            cx.call(sort, &[line, n, stride, code]);
            Ok(())
        })
    }
}
