//! Expressions: the dispatch from `ExprKind` to the room that lowers it, locals (with
//! UnboundLocalError), tuples, attributes and unary operators.

use super::*;

impl<'a, 'f> Lower<'a, 'f> {
    pub(super) fn read_local(&mut self, id: LocalId, span: Span) -> Vals {
        if let Some(d) = self.locals[id as usize].defined {
            let flag = self.b.use_var(d);
            let unbound = self.b.ins().icmp_imm_s(IntCC::Equal, flag, 0);
            let name = &self.locals[id as usize].name;
            // A parameter that may be unbound is a captured variable (a free variable).
            let free = (id as usize) < self.func.params.len();
            let (kind, msg) = if self.in_generator || free {
                ("NameError", format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"))
            } else {
                ("UnboundLocalError", format!("cannot access local variable '{name}' where it is not associated with a value"))
            };
            self.fail_if(unbound, kind, &msg, span);
        }
        let vars = self.locals[id as usize].vars.clone();
        vars.into_iter().map(|v| self.b.use_var(v)).collect()
    }

    /// What an inner function's hidden parameter receives: a captured variable's value, read
    /// without a check (its `ExprKind::Bound` flag travels beside it, and the inner function checks
    /// where it reads the variable), or whether it is bound.
    pub(super) fn captured_arg(&mut self, a: &Expr) -> R<Vals> {
        match a.kind {
            ExprKind::Local(id) => {
                let vars = self.locals[id as usize].vars.clone();
                Ok(vars.into_iter().map(|v| self.b.use_var(v)).collect())
            }
            ExprKind::Bound(_) if a.ty == Type::None => Ok(Vec::new()),
            ExprKind::Bound(id) => Ok(vec![match self.locals[id as usize].defined {
                Some(d) => self.b.use_var(d),
                None => self.iconst(types::I8, 1),
            }]),
            _ => {
                let outer = std::mem::replace(&mut self.in_generator, true);
                let v = self.expr(a);
                self.in_generator = outer;
                v
            }
        }
    }

    /// An integer operand widened to i64 (indices, range bounds, shapes).
    pub(super) fn int_operand(&mut self, e: &Expr) -> R<Value> {
        let v = self.expr(e)?;
        Ok(self.i64_value(v[0], &e.ty))
    }

    pub(super) fn i64_value(&mut self, v: Value, ty: &Type) -> Value {
        let cl = scalar_clif(ty);
        if cl == types::I64 {
            v
        } else if is_signed_num(ty) {
            self.b.ins().sextend(types::I64, v)
        } else {
            self.b.ins().uextend(types::I64, v)
        }
    }

    pub(super) fn expr(&mut self, e: &Expr) -> R<Vals> {
        if let Some(v) = self.invariants.get(&(e as *const Expr)) {
            return Ok(v.clone());
        }
        if let Some(c) = self.carry_reads.get(&(e as *const Expr)).copied() {
            return self.carried_read(e, c);
        }
        if e.ty.has_refs() {
            self.compute(e)
        } else {
            // A value that holds no reference: the temporaries behind it die with the expression.
            self.scoped_pinning(|cx| cx.compute(e), |v| v.clone())
        }
    }

    pub(super) fn compute(&mut self, e: &Expr) -> R<Vals> {
        let span = e.span;
        Ok(match &e.kind {
            ExprKind::Const(c) => match c {
                Const::None | Const::Ellipsis => Vec::new(),
                Const::Bool(b) => vec![self.iconst(types::I8, *b as i64)],
                Const::Int(v) => vec![self.iconst(types::I64, *v)],
                Const::Float(v) => vec![self.b.ins().f64const(*v)],
                Const::Str(s) => vec![self.str_const(s)],
            },
            ExprKind::Local(id) => self.read_local(*id, span),
            ExprKind::Tuple(items) => {
                let mut vals = Vec::new();
                for i in items {
                    vals.extend(self.expr(i)?);
                }
                vals
            }
            ExprKind::List(items) => self.list_literal(items, &e.ty, span)?,
            ExprKind::Dict(items) => self.dict_literal(items, &e.ty)?,
            ExprKind::Set(items) => self.set_literal(items, &e.ty)?,
            ExprKind::Binary(op, l, r) if matches!(e.ty, Type::List(_)) => vec![self.list_binary(*op, l, r)?],
            ExprKind::Binary(op, l, r) if matches!(e.ty, Type::Set(_)) => vec![self.set_binary(*op, l, r)?],
            ExprKind::Binary(op, l, r) if e.ty == Type::Str => vec![self.str_binary(*op, l, r, span)?],
            ExprKind::Binary(op, l, r) if matches!(e.ty, Type::Tuple(_)) => self.tuple_binary(*op, l, r, &e.ty)?,
            _ if numpy::is_fused_root(e) => self.elementwise(e)?,
            ExprKind::Binary(op, l, r) if e.binary_plan().operands.is_complex_number() => {
                let a = self.expr(l)?;
                let b = self.expr(r)?;
                self.planned_complex_binary(*op, &a, &l.ty, &b, &r.ty, &e.binary_plan().operands, span)
            }
            ExprKind::Unary(op @ (UnaryOp::Neg | UnaryOp::Pos), x) if matches!(x.ty, Type::Complex | Type::Scalar(Dtype::C64 | Dtype::C128)) => {
                let v = self.expr(x)?;
                if *op == UnaryOp::Neg { vec![self.b.ins().fneg(v[0]), self.b.ins().fneg(v[1])] } else { v }
            }
            ExprKind::Binary(op @ (BinOp::Add | BinOp::Sub | BinOp::Mul), l, r)
                if e.ty == Type::Int
                    && (ranges::unchecked_interval(e, &self.facts).is_some_and(ranges::fits_i64) || self.spans.get(&(e as *const Expr)) == Some(&true)) =>
            {
                // The operands' ranges, or the span its loop tested (`opt::spans`), prove the result
                // fits in 64 bits: no overflow check.
                vec![self.unchecked_int_binary(*op, l, r)?]
            }
            ExprKind::Binary(op, l, r) => {
                let a = self.expr(l)?;
                let b = self.expr(r)?;
                vec![self.binary(*op, a[0], &l.ty, b[0], &r.ty, e.binary_plan(), span)?.0]
            }
            ExprKind::Unary(op, x) => {
                let v = self.expr(x)?;
                vec![self.unary(*op, v, &x.ty, span)]
            }
            ExprKind::Compare(first, rest) => vec![self.compare(first, rest, e.compare_plan())?],
            ExprKind::Logical(op, values) => self.logical(*op, values, &e.ty)?,
            ExprKind::IfExp(c, a, b) if select::cheap_arms(a, b) => self.select_expr(c, a, b, &e.ty)?,
            ExprKind::IfExp(c, a, b) => self.branched_if_exp(c, a, b, &e.ty)?,
            ExprKind::Index(base, indices) if matches!(base.ty, Type::List(_)) => self.list_get(base, &indices[0], span)?,
            ExprKind::Index(base, indices) if base.ty == Type::Str => self.str_get(base, &indices[0], span)?,
            ExprKind::Index(base, indices) if is_fancy_index(indices) => self.fancy_get(base, indices, span)?,
            ExprKind::Index(base, indices) if matches!(base.ty, Type::Dict(..)) => self.dict_get(base, &indices[0], span)?,
            ExprKind::Index(base, indices) => self.tuple_or_array_get(base, indices, &e.ty, span)?,
            ExprKind::Attr(base, attr) => self.array_attr(base, *attr)?,
            ExprKind::Call(Callee::Builtin(b @ (Builtin::Min | Builtin::Max)), args, by) if !by.is_empty() => self.list_extreme_by(*b, &args[0], by, span)?,
            ExprKind::Call(callee, args, _) => self.call_expr(callee, args, &e.ty, &e.plan, span)?,
            ExprKind::Dtype(_) | ExprKind::Function(_) => Vec::new(),
            ExprKind::Decided(b) => vec![self.iconst(types::I8, *b as i64)],
            ExprKind::CaughtStr(id) => vec![self.caught_str(*id)],
            ExprKind::CaughtArgs(id) => self.caught_args(*id, &e.ty, span),
            // The embedder keeps the frozen copy alive: its owner is never counted, as an argument's.
            ExprKind::Frozen(a) => [a.data as i64, a.owner as i64]
                .into_iter()
                .chain(a.shape.iter().copied())
                .chain(a.strides.iter().copied())
                .map(|v| self.iconst(types::I64, v))
                .collect(),
            // A closure is laid out as the tuple of what it captured.
            ExprKind::MakeClosure(_, x) => match &x.kind {
                ExprKind::Tuple(items) => {
                    let mut vals = Vec::new();
                    for i in items {
                        vals.extend(self.captured_arg(i)?);
                    }
                    vals
                }
                _ => self.captured_arg(x)?,
            },
            ExprKind::Bound(_) => self.captured_arg(e)?,
            ExprKind::Captures(x) => self.expr(x)?,
            ExprKind::CallValue(..) | ExprKind::TypeTest(..) => unreachable!("the type checker resolves calls of values and type tests"),
            ExprKind::Slice(..) => unreachable!("slices are lowered by `view`"),
            ExprKind::RangeReduce(r) if r.op == Builtin::List => vec![self.range_list(r, &e.ty, span)?],
            ExprKind::RangeReduce(r) => vec![self.range_reduce(r, &e.ty, &e.plan, span)?],
        })
    }

    /// `t + u`, `t * k`: the items' values, in order (the type checker made the type).
    fn tuple_binary(&mut self, op: BinOp, l: &Expr, r: &Expr, ty: &Type) -> R<Vals> {
        let (a, b) = (self.expr(l)?, self.expr(r)?);
        Ok(match (op, &l.ty, &r.ty) {
            (BinOp::Add, ..) => a.into_iter().chain(b).collect(),
            (_, Type::Tuple(_), _) => a.repeat(ty.slot_count() / l.ty.slot_count().max(1)),
            _ => b.repeat(ty.slot_count() / r.ty.slot_count().max(1)),
        })
    }

    /// `l + r`, `l - r`, `l * r` of ints whose result is known to fit in 64 bits: the bare instruction.
    fn unchecked_int_binary(&mut self, op: BinOp, l: &Expr, r: &Expr) -> R<Value> {
        let a = self.expr(l)?;
        let b = self.expr(r)?;
        let a = self.convert(a[0], &l.ty, &Type::Int);
        let b = self.convert(b[0], &r.ty, &Type::Int);
        Ok(match op {
            BinOp::Add => self.b.ins().iadd(a, b),
            BinOp::Sub => self.b.ins().isub(a, b),
            _ => self.b.ins().imul(a, b),
        })
    }

    /// `a if c else b` whose arms are too costly to evaluate both: a branch to each, merged.
    fn branched_if_exp(&mut self, c: &Expr, a: &Expr, b: &Expr, ty: &Type) -> R<Vals> {
        let cond = self.condition(c)?;
        let slots = slots_of(ty);
        let vars: Vec<Variable> = slots.iter().map(|s| self.temp_var(clif_type(*s))).collect();
        let (tb, eb, merge) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.ins().brif(cond, tb, &[], eb, &[]);
        for (block, branch) in [(tb, a), (eb, b)] {
            self.b.switch_to_block(block);
            // Each arm hands the merge a reference of its own, whatever it borrowed.
            let v = self.scoped(|cx| {
                let v = cx.expr(branch)?;
                let v = cx.coerce(v, &branch.ty, ty);
                cx.take_over(&v, ty);
                Ok(v)
            })?;
            for (var, x) in vars.iter().zip(v) {
                self.b.def_var(*var, x);
            }
            self.b.ins().jump(merge, &[]);
        }
        self.b.switch_to_block(merge);
        let v: Vals = vars.iter().map(|v| self.b.use_var(*v)).collect();
        self.track(&v, ty);
        Ok(v)
    }

    /// `x[...]` of a tuple (its items' slots), or of an array: a view, or one element.
    fn tuple_or_array_get(&mut self, base: &Expr, indices: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        Ok(if let Type::Tuple(items) = &base.ty {
            let vals = self.expr(base)?;
            let at = |k: usize| -> usize { items[..k].iter().map(|t| t.slot_count()).sum() };
            if let Some(positions) = constant_slice(&indices[0], items.len()) {
                return Ok(positions.into_iter().flat_map(|k| vals[at(k)..at(k) + items[k].slot_count()].to_vec()).collect());
            }
            let ExprKind::Const(Const::Int(k)) = indices[0].kind else { return self.tuple_item_at(&vals, items, &indices[0], span) };
            let k = if k < 0 { k + items.len() as i64 } else { k } as usize;
            let start: usize = items[..k].iter().map(|t| t.slot_count()).sum();
            vals[start..start + items[k].slot_count()].to_vec()
        } else if matches!(ty, Type::Array(_)) {
            self.view(base, indices)?
        } else {
            let (addr, at) = self.element_address(base, indices)?;
            self.load_item(addr, at.dtype)
        })
    }

    /// `a.shape`, `a.T` and the other attributes of an array, from its slots.
    fn array_attr(&mut self, base: &Expr, attr: Attr) -> R<Vals> {
        if let Type::Scalar(d) | Type::DtypeOf(d) = base.ty {
            // Known from the type: a NumPy scalar's as a 0-d array's, a dtype's item size.
            self.expr(base)?;
            return Ok(match attr {
                Attr::Ndim => vec![self.iconst(types::I64, 0)],
                Attr::Size => vec![self.iconst(types::I64, 1)],
                Attr::Itemsize | Attr::Nbytes => vec![self.iconst(types::I64, d.itemsize() as i64)],
                _ => Vec::new(),
            });
        }
        let v = ArrayVals::from_vals(&self.expr(base)?);
        let Type::Array(at) = base.ty else { unreachable!("attributes of arrays only") };
        let nd = at.ndim as usize;
        Ok(match attr {
            Attr::Shape => v.shape,
            Attr::Ndim => vec![self.iconst(types::I64, nd as i64)],
            Attr::Size | Attr::Nbytes => {
                let unit = if attr == Attr::Nbytes { at.dtype.itemsize() as i64 } else { 1 };
                let mut n = self.iconst(types::I64, unit);
                for k in 0..nd {
                    n = self.b.ins().imul(n, v.shape[k]);
                }
                vec![n]
            }
            Attr::Itemsize => vec![self.iconst(types::I64, at.dtype.itemsize() as i64)],
            Attr::Strides => v.strides,
            // A dtype value has no slots: its dtype is in its type.
            Attr::Dtype => Vec::new(),
            Attr::Receiver => unreachable!("the type checker replaces receivers by themselves"),
            Attr::T => {
                let mut t = v;
                t.shape.reverse();
                t.strides.reverse();
                t.into_vals()
            }
        })
    }

    pub(super) fn unary(&mut self, op: UnaryOp, v: Vals, ty: &Type, span: Span) -> Value {
        let x = v[0];
        match op {
            UnaryOp::Not => {
                let t = self.truth(&v, ty);
                self.b.ins().bxor_imm_u(t, 1)
            }
            UnaryOp::Pos => self.convert(x, ty, &if *ty == Type::Bool { Type::Int } else { ty.clone() }),
            UnaryOp::Neg => match ty {
                Type::Bool | Type::Int => {
                    let x = self.convert(x, ty, &Type::Int);
                    let zero = self.iconst(types::I64, 0);
                    let (r, of) = self.checked(BinOp::Sub, zero, x);
                    self.fail_if(of, "OverflowError", OVERFLOW, span);
                    r
                }
                t if t.is_floatlike() => self.b.ins().fneg(x),
                _ => self.b.ins().ineg(x),
            },
            UnaryOp::Invert => match ty {
                Type::Bool => {
                    let x = self.convert(x, ty, &Type::Int);
                    self.b.ins().bnot(x)
                }
                Type::Scalar(Dtype::Bool) => self.b.ins().bxor_imm_u(x, 1),
                _ => self.b.ins().bnot(x),
            },
        }
    }
}

impl Lower<'_, '_> {
    /// `t[i]` of a tuple of items of one type with `i` known at run time: Python's negative
    /// positions and IndexError, then the item chosen by a chain of selects over its slots.
    fn tuple_item_at(&mut self, vals: &[Value], items: &[Type], index: &Expr, span: Span) -> R<Vals> {
        let i = self.int_operand(index)?;
        let n = items.len() as i64;
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
        let wrapped = self.b.ins().iadd_imm_s(i, n);
        let k = self.b.ins().select(negative, wrapped, i);
        let outside = self.b.ins().icmp_imm_u(IntCC::UnsignedGreaterThanOrEqual, k, n);
        self.fail_if(outside, "IndexError", "tuple index out of range", span);
        let width = items[0].slot_count();
        let mut out: Vals = vals[..width].to_vec();
        for j in 1..items.len() {
            let here = self.b.ins().icmp_imm_s(IntCC::Equal, k, j as i64);
            for (s, slot) in out.iter_mut().enumerate() {
                *slot = self.b.ins().select(here, vals[j * width + s], *slot);
            }
        }
        Ok(out)
    }
}
