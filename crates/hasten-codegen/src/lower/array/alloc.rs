//! New arrays: allocation through the runtime, contiguous strides, fills and strided copies.

use super::*;

/// NumPy's ValueError for an array whose byte count an intp cannot hold.
pub(in crate::lower) const TOO_BIG: &str = "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.";

/// 2**63, the first float beyond an int64.
pub(in crate::lower) const TWO_63: f64 = 9_223_372_036_854_775_808.0;

/// NumPy's limit on the number of axes of an array.
const MAX_NDIM: usize = 64;

impl<'a, 'f> Lower<'a, 'f> {
    /// Copies every element of a strided source of `shape` to a strided destination.
    pub(in crate::lower) fn copy_strided(&mut self, d: Dtype, shape: &[Value], src: Value, src_strides: &[Value], dst: Value, dst_strides: &[Value]) -> R<()> {
        let operands = vec![(src, src_strides.to_vec()), (dst, dst_strides.to_vec())];
        self.walk(shape, operands, &mut |cx, at| {
            let v = cx.load_item(at[0], d);
            cx.store_parts(at[1], &v);
            Ok(())
        })
    }

    /// Loops over `shape` in C order with strided operands `(base, strides)`, calling `f` with the
    /// address of each operand's element.
    pub(in crate::lower) fn walk(&mut self, shape: &[Value], operands: Vec<(Value, Vals)>, f: &mut dyn FnMut(&mut Self, &[Value]) -> R<()>) -> R<()> {
        let Some((&n, rest)) = shape.split_first() else {
            let addrs: Vals = operands.iter().map(|(base, _)| *base).collect();
            return f(self, &addrs);
        };
        self.counted_loop(n, |cx, i| {
            let inner = operands
                .iter()
                .map(|(base, strides)| {
                    let off = cx.b.ins().imul(i, strides[0]);
                    (cx.b.ins().iadd(*base, off), strides[1..].to_vec())
                })
                .collect();
            cx.walk(rest, inner, f)
        })
    }


    /// A new buffer for an array of `shape` (checked: at most NumPy's 64 axes, no negative
    /// dimension, none of 2**62 or more, no size overflow); returns its data pointer, its owner
    /// handle and the element count. The buffer is a temporary of the current scope (see `refs`).
    pub(in crate::lower) fn allocate(&mut self, shape: &[Value], dtype: Dtype, zeroed: bool, span: Span) -> (Value, Value, Value) {
        let too_big = TOO_BIG;
        if shape.len() > MAX_NDIM {
            let always = self.iconst(types::I8, 1);
            let msg = format!("maximum supported dimension for an ndarray is currently {MAX_NDIM}, found {}", shape.len());
            self.fail_if(always, "ValueError", &msg, span);
        }
        let mut count = self.iconst(types::I64, 1);
        for n in shape {
            let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, *n, 0);
            self.fail_if(neg, "ValueError", "negative dimensions are not allowed", span);
            // Dimensions stay below 2**62, which `ranges` relies on (see `ranges::SHAPE`).
            let huge = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, *n, ranges::MAX_DIM);
            self.fail_if(huge, "ValueError", too_big, span);
            let (c, of) = self.b.ins().smul_overflow(count, *n);
            self.fail_if(of, "ValueError", too_big, span);
            count = c;
        }
        let size = self.iconst(types::I64, dtype.itemsize() as i64);
        let (nbytes, of) = self.b.ins().smul_overflow(count, size);
        self.fail_if(of, "ValueError", too_big, span);
        let zeroed = self.iconst(types::I32, zeroed as i64);
        let alloc = self.helper(Helper::Alloc);
        let handle = self.call(alloc, &[nbytes, zeroed])[0];
        let failed = self.b.ins().icmp_imm_s(IntCC::Equal, handle, 0);
        let shape = shape.to_vec();
        self.fail_if_with(failed, |cx| {
            let buf = cx.pack(&shape);
            let ndim = cx.iconst(types::I64, shape.len() as i64);
            let itemsize = cx.iconst(types::I64, dtype.itemsize() as i64);
            let (dp, dl) = cx.str_consts(dtype.name());
            let f = cx.helper(Helper::RaiseAlloc);
            cx.call(f, &[buf, ndim, itemsize, dp, dl]);
            cx.leave_to_error_exit();
        });
        let data = self.b.ins().load(types::I64, MemFlagsData::trusted(), handle, 0);
        let owner = self.b.ins().bor_imm_u(handle, 1);
        self.temps.push(owner);
        self.fresh.insert(owner);
        (data, owner, count)
    }

    /// The values of a fresh C-contiguous array: data, owner, shape, then strides.
    pub(in crate::lower) fn contiguous_vals(&mut self, data: Value, owner: Value, shape: Vals, itemsize: i64) -> Vals {
        let strides = self.c_strides(&shape, itemsize);
        ArrayVals { data, owner, shape, strides }.into_vals()
    }

    pub(in crate::lower) fn c_strides(&mut self, shape: &[Value], itemsize: i64) -> Vals {
        let mut strides = vec![self.iconst(types::I64, itemsize); shape.len()];
        for k in (0..shape.len().saturating_sub(1)).rev() {
            strides[k] = self.b.ins().imul(strides[k + 1], shape[k + 1]);
        }
        strides
    }

    /// Contiguous strides that keep the axis order of `src_strides` (NumPy's `order='K'`, which the
    /// `*_like` constructors use): an axis is inner to another when its stride is smaller in magnitude,
    /// ties keeping the later axis inner.
    pub(in crate::lower) fn k_order_strides(&mut self, shape: &[Value], src_strides: &[Value], itemsize: i64) -> Vals {
        let mags: Vals = src_strides.iter().map(|s| self.b.ins().iabs(*s)).collect();
        let one = self.iconst(types::I64, 1);
        (0..shape.len())
            .map(|k| {
                let mut acc = self.iconst(types::I64, itemsize);
                for j in (0..shape.len()).filter(|j| *j != k) {
                    let tie_order = if j > k { IntCC::UnsignedLessThanOrEqual } else { IntCC::UnsignedLessThan };
                    let inner = self.b.ins().icmp(tie_order, mags[j], mags[k]);
                    let factor = self.b.ins().select(inner, shape[j], one);
                    acc = self.b.ins().imul(acc, factor);
                }
                acc
            })
            .collect()
    }

    /// Stores `value` into each of the `count` elements of a contiguous buffer.
    /// Sets `count` elements of dtype `d` at `data` to `value` (of that dtype), through the runtime.
    /// Sets `count` complex elements from `data` on to `re + im*j` (parts of the element's width).
    pub(in crate::lower) fn fill_complex(&mut self, data: Value, count: Value, re: Value, im: Value) -> R<()> {
        let itemsize = 2 * self.b.func.dfg.value_type(re).bytes() as i64;
        self.counted_loop(count, |cx, i| {
            let off = cx.b.ins().imul_imm_s(i, itemsize);
            let addr = cx.b.ins().iadd(data, off);
            cx.store_parts(addr, &[re, im]);
            Ok(())
        })
    }

    pub(in crate::lower) fn fill(&mut self, data: Value, count: Value, d: Dtype, value: Value) -> R<()> {
        let bits = match self.b.func.dfg.value_type(value) {
            types::F64 => self.b.ins().bitcast(types::I64, MemFlagsData::new(), value),
            types::F32 => {
                let b = self.b.ins().bitcast(types::I32, MemFlagsData::new(), value);
                self.b.ins().uextend(types::I64, b)
            }
            types::I64 => value,
            _ => self.b.ins().uextend(types::I64, value),
        };
        let itemsize = self.iconst(types::I64, d.itemsize() as i64);
        let fill = self.helper(Helper::Fill);
        self.call(fill, &[data, count, itemsize, bits]);
        Ok(())
    }
}
