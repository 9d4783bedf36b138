//! `np.array(x)` of a nest: lists, tuples and arrays of numbers at any depth (`[[1, 2], [3, 4]]`,
//! a list of `(x, y)` tuples, a tuple of arrays). NumPy first discovers the shape, then fills a new
//! C-ordered array; so does this, in two walks over the nest. The first records each level's
//! length as the first item of that level shows it and the shallowest level where another item
//! differs (NumPy's ValueError names the levels before it); the second converts each number as
//! NumPy stores it and copies arrays whole. And the way back, `a.tolist()`.

use super::*;
use crate::abi::ArrayVals;

/// What the first walk keeps: each level's length (-1 until an item of that level is seen) and
/// the number of levels all items agree on.
struct Dims {
    len: Vec<Variable>,
    common: Variable,
}

impl<'a, 'f> Lower<'a, 'f> {
    /// `np.array(v)` of the nest `v` of type `ty` into a new array of type `out`.
    pub(in crate::lower) fn array_from_nest(&mut self, v: &[Value], ty: &Type, out: &ArrayType, span: Span) -> R<Vals> {
        let rank = out.ndim as usize;
        let unset = self.iconst(types::I64, -1);
        let len: Vec<Variable> = (0..rank).map(|_| self.temp_var(types::I64)).collect();
        len.iter().for_each(|&d| self.b.def_var(d, unset));
        let common = self.temp_var(types::I64);
        let all = self.iconst(types::I64, rank as i64);
        self.b.def_var(common, all);
        let dims = Dims { len, common };
        self.nest_dims(v, ty, 0, &dims)?;
        let shape: Vals = dims.len.iter().map(|&d| self.b.use_var(d)).collect();
        let agreed = self.b.use_var(dims.common);
        let short = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, agreed, rank as i64);
        let rest = shape[1..].to_vec();
        self.fail_if_with(short, |cx| {
            let words = if rest.is_empty() { cx.iconst(types::I64, 0) } else { cx.pack(&rest) };
            let depth = cx.b.ins().iadd_imm_s(agreed, -1);
            let (lp, ll) = cx.location(span);
            let h = cx.helper(Helper::RaiseInhomogeneous);
            cx.call(h, &[shape[0], depth, words, lp, ll]);
            cx.leave_to_error_exit();
        });
        // A level no item reached lies under empty lists only: NumPy's array then has fewer axes
        // than the nest's type.
        for &d in &shape[1..] {
            let unknown = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, d, 0);
            self.fail_if(unknown, "ValueError", "np.array of empty lists nested in a list is not supported (NumPy gives an array of fewer dimensions than the nest's type has)", span);
        }
        let itemsize = out.dtype.itemsize() as i64;
        let (data, owner, _) = self.allocate(&shape, out.dtype, false, span);
        let strides = self.c_strides(&shape, itemsize);
        let pos = self.temp_var(types::I64);
        let zero = self.iconst(types::I64, 0);
        self.b.def_var(pos, zero);
        self.nest_fill(v, ty, 0, &Fill { data, pos, strides: &strides, dtype: out.dtype, span })?;
        Ok(self.contiguous_vals(data, owner, shape, itemsize))
    }

    /// The first walk: the lengths of the levels from `depth` down.
    fn nest_dims(&mut self, v: &[Value], ty: &Type, depth: usize, dims: &Dims) -> R<()> {
        match ty {
            Type::Array(_) => {
                let a = ArrayVals::from_vals(v);
                for (k, &n) in a.shape.iter().enumerate() {
                    self.record_len(depth + k, n, dims);
                }
                Ok(())
            }
            Type::Tuple(items) => {
                let n = self.iconst(types::I64, items.len() as i64);
                self.record_len(depth, n, dims);
                let mut at = 0;
                for item in items {
                    let k = item.slot_count();
                    self.nest_dims(&v[at..at + k], item, depth + 1, dims)?;
                    at += k;
                }
                Ok(())
            }
            Type::List(item) => {
                let n = self.list_len(v[0]);
                self.record_len(depth, n, dims);
                if **item == Type::Unknown {
                    return Ok(());
                }
                let list = v[0];
                self.counted_loop(n, |cx, i| {
                    cx.scoped(|cx| {
                        let it = cx.list_item(list, i, item);
                        cx.nest_dims(&it, item, depth + 1, dims)
                    })
                })
            }
            _ => Ok(()),
        }
    }

    /// Level `depth` has an item of length `n`: the first such item sets the level's length, and
    /// one that differs leaves only the levels above it agreed.
    fn record_len(&mut self, depth: usize, n: Value, dims: &Dims) {
        let cur = self.b.use_var(dims.len[depth]);
        let unset = self.b.ins().icmp_imm_s(IntCC::Equal, cur, -1);
        let len = self.b.ins().select(unset, n, cur);
        self.b.def_var(dims.len[depth], len);
        let differ = self.b.ins().icmp(IntCC::NotEqual, cur, n);
        let set = self.b.ins().icmp_imm_s(IntCC::NotEqual, cur, -1);
        let differs = self.b.ins().band(differ, set);
        let agreed = self.b.use_var(dims.common);
        let here = self.iconst(types::I64, depth as i64);
        let least = self.b.ins().smin(agreed, here);
        let agreed = self.b.ins().select(differs, least, agreed);
        self.b.def_var(dims.common, agreed);
    }

    /// The second walk: the numbers of the nest in C order, from position `pos` of the result.
    fn nest_fill(&mut self, v: &[Value], ty: &Type, depth: usize, to: &Fill) -> R<()> {
        let itemsize = to.dtype.itemsize() as i64;
        match ty {
            Type::Array(a) => {
                let src = ArrayVals::from_vals(v);
                let pos = self.b.use_var(to.pos);
                let offset = self.b.ins().imul_imm_s(pos, itemsize);
                let place = self.b.ins().iadd(to.data, offset);
                self.copy_cast(&src.shape, src.data, &src.strides, a.dtype, place, &to.strides[depth..], to.dtype)?;
                let one = self.iconst(types::I64, 1);
                let size = src.shape.iter().fold(one, |p, &n| self.b.ins().imul(p, n));
                let next = self.b.ins().iadd(pos, size);
                self.b.def_var(to.pos, next);
                Ok(())
            }
            Type::Tuple(items) => {
                let mut at = 0;
                for item in items {
                    let k = item.slot_count();
                    self.nest_fill(&v[at..at + k], item, depth + 1, to)?;
                    at += k;
                }
                Ok(())
            }
            Type::List(item) if **item == Type::Unknown => Ok(()),
            Type::List(item) => {
                let list = v[0];
                let n = self.list_len(list);
                self.counted_loop(n, |cx, i| {
                    cx.scoped(|cx| {
                        let it = cx.list_item(list, i, item);
                        cx.nest_fill(&it, item, depth + 1, to)
                    })
                })
            }
            t => {
                let pos = self.b.use_var(to.pos);
                let offset = self.b.ins().imul_imm_s(pos, itemsize);
                let place = self.b.ins().iadd(to.data, offset);
                if to.dtype.is_complex() {
                    let (re, im) = self.parts_of(v, t, to.dtype);
                    self.store_parts(place, &[re, im]);
                } else {
                    let x = self.stored_value(v[0], t, to.dtype, to.span);
                    self.b.ins().store(MemFlagsData::trusted(), x, place, 0);
                }
                let next = self.b.ins().iadd_imm_s(pos, 1);
                self.b.def_var(to.pos, next);
                Ok(())
            }
        }
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// `a.tolist()` (of type `ty`): a list per axis, built row by row, of Python numbers.
    pub(in crate::lower) fn tolist(&mut self, a: &Expr, ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(at) = a.ty else { unreachable!("tolist of an array") };
        let src = ArrayVals::from_vals(&self.expr(a)?);
        self.tolist_axis(&src, at.dtype, 0, src.data, ty, span)
    }

    /// `list(a)` of a 1-D array (`vals`, of `dtype`; of type `ty`): its elements as NumPy scalars.
    pub(in crate::lower) fn list_of_elements(&mut self, vals: &[Value], dtype: Dtype, ty: &Type, span: Span) -> R<Vals> {
        let src = ArrayVals::from_vals(vals);
        self.tolist_axis(&src, dtype, 0, src.data, ty, span)
    }

    /// The lists of the axes from `axis` on, of the elements from `at` on (`ty`: their type,
    /// Python numbers or NumPy scalars).
    fn tolist_axis(&mut self, src: &ArrayVals, dtype: Dtype, axis: usize, at: Value, ty: &Type, span: Span) -> R<Vals> {
        let Type::List(item) = ty else {
            if dtype == Dtype::C128 {
                return Ok(self.load_item(at, dtype));
            }
            let x = self.load_elem(at, dtype);
            return Ok(vec![if matches!(ty, Type::Scalar(_)) { x } else { self.python_number(x, dtype, span) }]);
        };
        let n = src.shape[axis];
        let list = self.new_list(item, n);
        let stride = src.strides[axis];
        self.counted_loop(n, |cx, i| {
            cx.scoped(|cx| {
                let offset = cx.b.ins().imul(i, stride);
                let place = cx.b.ins().iadd(at, offset);
                let v = cx.tolist_axis(src, dtype, axis + 1, place, item, span)?;
                cx.push_item(list, &v, item, span);
                Ok(())
            })
        })?;
        Ok(vec![list])
    }

    /// The Python number `item()` gives for the element `x` of dtype `d`: a uint64 above the
    /// int64 range is hasten's OverflowError (its ints are 64-bit; CPython's would grow).
    fn python_number(&mut self, x: Value, d: Dtype, span: Span) -> Value {
        let to = match d {
            Dtype::Bool => Type::Bool,
            d if d.is_float() => Type::Float,
            _ => Type::Int,
        };
        if d == Dtype::U64 {
            let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, 0);
            self.fail_if(negative, "OverflowError", "integer overflow: the result does not fit in 64 bits (hasten ints are 64-bit)", span);
            return x;
        }
        self.convert(x, &Type::Scalar(d), &to)
    }
}

/// Where the second walk writes: the result's data and strides, the next position in it (an
/// element count), its dtype, and the call's place for errors.
struct Fill<'s> {
    data: Value,
    pos: Variable,
    strides: &'s [Value],
    dtype: Dtype,
    span: Span,
}
