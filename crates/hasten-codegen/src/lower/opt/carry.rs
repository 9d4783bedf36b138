//! Values carried from one iteration of an innermost `range` loop to the next in a register
//! instead of through memory: dynamic programming writes `d[i, j] = f(d[i, j - 1], ...)`, and the
//! next iteration reads back the element just stored. That read becomes the stored value itself
//! (after the first iteration, which reads memory), so the loop's chain of dependences no longer
//! waits for a store to reach the following load.
//!
//! The body must be straight-line code whose only store is one top-level `x[lead.., v + c] = value`
//! (or one such store in each branch of an `if`/`else` or `elif` chain: longest common subsequence)
//! of a value of the element's own type (so that the element read back is that value, unconverted),
//! with `x` an array local the loop does not rebind, `lead` unchanged by the loop and nothing else that
//! could write memory (no calls but pure builtins and `math`). Then the element `x[lead.., v + c - 1]`
//! an iteration reads before the store is the one the previous iteration stored: the same index
//! value, so the same element, whatever wrapping a negative index does.

use super::vectorize::{invariant, offset_from, same};
use super::*;
use hasten_ir::hir::*;

/// A loop's carried element: the stores that write it (one runs in each iteration) and the reads
/// of it the next iteration makes before its own store.
pub(crate) struct Carry<'e> {
    pub stores: Vec<&'e Stmt>,
    pub reads: Vec<&'e Expr>,
}

/// The carry of `for var in range(.., .., step): body`, if the body has one.
pub(crate) fn analyze<'e>(var: LocalId, step: &Expr, body: &'e [Stmt]) -> Option<Carry<'e>> {
    if !matches!(step.kind, ExprKind::Const(Const::Int(1))) {
        return None;
    }
    let mut assigned = Vec::new();
    assigned_locals(body, &mut assigned);
    if assigned.contains(&var) {
        return None;
    }
    // The stores: one statement of the body, or one in each branch of an `if`/`else` (chains of
    // `elif`s too), so that exactly one runs in each iteration.
    let mut stores = Vec::new();
    site(body, &mut |_| {}, &mut |s| stores.push(s))?;
    let (base, indices, _) = store_of(stores.first()?)?;
    let (ExprKind::Local(x), Type::Array(xt)) = (&base.kind, &base.ty) else { return None };
    // The loop does not rebind `x` (swapped buffers are rebound around it): it holds one array.
    // One machine value an element: numbers and bools, not complex ones (two parts).
    if assigned.contains(x) || xt.readonly || xt.dtype.is_complex() || indices.len() != xt.ndim as usize {
        return None;
    }
    let (last, lead) = indices.split_last()?;
    let c = offset_from(last, var)?;
    let varying: Vec<LocalId> = std::iter::once(var).chain(assigned.iter().copied()).collect();
    if lead.iter().any(|i| !invariant(i, &varying) || !i.ty.is_intlike()) {
        return None;
    }
    for st in &stores {
        let (b, idx, value) = store_of(st)?;
        let same_type = value.ty == xt.dtype.item() || (value.ty == Type::Float && xt.dtype == Dtype::F64) || (value.ty == Type::Int && xt.dtype == Dtype::I64);
        if !same(b, base) || idx.len() != indices.len() || !idx.iter().zip(indices.iter()).all(|(p, q)| same(p, q)) || !same_type {
            return None;
        }
    }
    let mut reads = Vec::new();
    let wanted = |e: &Expr| match &e.kind {
        ExprKind::Index(b, idx) if matches!(b.kind, ExprKind::Local(y) if y == *x) && idx.len() == indices.len() => {
            let (l, ld) = idx.split_last().expect("as many indices as the store");
            offset_from(l, var) == Some(c - 1) && ld.iter().zip(lead).all(|(p, q)| same(p, q))
        }
        _ => false,
    };
    site(body, &mut |e| collect(e, &wanted, &mut reads), &mut |_| {})?;
    (!reads.is_empty()).then(|| Carry { stores, reads })
}

/// Whether `s` is an assignment of a pure value to a local (or `pass`).
fn straight(s: &Stmt) -> bool {
    match &s.kind {
        StmtKind::Assign { targets, value } => matches!(targets.as_slice(), [Target::Local(..)]) && pure(value),
        StmtKind::Pass => true,
        _ => false,
    }
}

/// `base[indices] = value` of pure parts.
fn store_of(s: &Stmt) -> Option<(&Expr, &[Expr], &Expr)> {
    match &s.kind {
        StmtKind::Assign { targets, value } => match targets.as_slice() {
            [Target::Index { base, indices, .. }] if pure(value) && indices.iter().all(pure) => Some((base, indices, value)),
            _ => None,
        },
        _ => None,
    }
}

/// Walks the one store site of `stmts`, whose other statements are `straight`: a store, or an
/// `if`/`else` with a site in each branch. `read` sees every value evaluated before the store runs
/// (the statements before the site, the conditions, the store's value), `store` each store. None
/// when `stmts` have no such site.
fn site<'e>(stmts: &'e [Stmt], read: &mut dyn FnMut(&'e Expr), store: &mut dyn FnMut(&'e Stmt)) -> Option<()> {
    let mut found = None;
    for (k, s) in stmts.iter().enumerate() {
        if !straight(s) && found.replace(k).is_some() {
            return None;
        }
    }
    let at = found?;
    for s in &stmts[..at] {
        if let StmtKind::Assign { value, .. } = &s.kind {
            read(value);
        }
    }
    let s = &stmts[at];
    match &s.kind {
        StmtKind::If { cond, then, orelse } if pure(cond) => {
            read(cond);
            site(then, read, store)?;
            site(orelse, read, store)
        }
        _ => {
            let (_, _, value) = store_of(s)?;
            read(value);
            store(s);
            Some(())
        }
    }
}

/// Whether evaluating `e` cannot write memory: arithmetic, comparisons, element reads, and calls
/// of `min`, `max`, `abs` and `math` functions of those.
fn pure(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Const(_) | ExprKind::Local(_) => true,
        ExprKind::Binary(_, l, r) => pure(l) && pure(r),
        ExprKind::Unary(_, x) => pure(x),
        ExprKind::Compare(l, rest) => pure(l) && rest.iter().all(|(_, r)| pure(r)),
        ExprKind::Logical(_, parts) => parts.iter().all(pure),
        ExprKind::IfExp(c, a, b) => pure(c) && pure(a) && pure(b),
        ExprKind::Index(b, idx) => matches!(b.ty, Type::Array(_)) && e.ty.is_numeric_scalar() && pure(b) && idx.iter().all(|i| i.ty.is_intlike() && pure(i)),
        ExprKind::Call(Callee::Builtin(Builtin::Min | Builtin::Max | Builtin::Abs), args, kw) => kw.is_empty() && args.iter().all(|a| a.ty.is_numeric_scalar() && pure(a)),
        ExprKind::Call(Callee::Math(_), args, kw) => kw.is_empty() && args.iter().all(pure),
        _ => false,
    }
}

/// The subexpressions of `e` that `wanted` accepts, outermost first.
fn collect<'e>(e: &'e Expr, wanted: &dyn Fn(&Expr) -> bool, out: &mut Vec<&'e Expr>) {
    if wanted(e) {
        out.push(e);
        return;
    }
    match &e.kind {
        ExprKind::Binary(_, l, r) => {
            collect(l, wanted, out);
            collect(r, wanted, out);
        }
        ExprKind::Unary(_, x) => collect(x, wanted, out),
        ExprKind::Compare(l, rest) => {
            collect(l, wanted, out);
            rest.iter().for_each(|(_, r)| collect(r, wanted, out));
        }
        ExprKind::Logical(_, parts) => parts.iter().for_each(|p| collect(p, wanted, out)),
        ExprKind::IfExp(c, a, b) => [c, a, b].into_iter().for_each(|x| collect(x, wanted, out)),
        ExprKind::Call(_, args, _) => args.iter().for_each(|a| collect(a, wanted, out)),
        _ => {}
    }
}

/// The registers of a carry while its loop is emitted: whether an iteration has stored yet, and
/// the value it stored.
#[derive(Clone, Copy)]
pub(crate) struct Carried {
    pub stored: Variable,
    pub value: Variable,
}

impl<'a, 'f> Lower<'a, 'f> {
    /// Declares the registers of `carry` before its loop (nothing stored yet) and remembers its
    /// store and reads for the emission of the body.
    pub(in crate::lower) fn open_carry(&mut self, carry: &Carry) {
        let ty = scalar_clif(&carry.reads[0].ty);
        let (stored, value) = (self.temp_var(types::I8), self.temp_var(ty));
        let (no, zero) = (self.b.ins().iconst(types::I8, 0), self.zero_of(ty));
        self.b.def_var(stored, no);
        self.b.def_var(value, zero);
        let c = Carried { stored, value };
        self.carry_stores = carry.stores.iter().map(|s| (*s as *const Stmt, c)).collect();
        for r in &carry.reads {
            self.carry_reads.insert(*r as *const Expr, c);
        }
        self.remark(|_| "carried: the element the previous iteration stored is read from a register".into());
    }

    /// Forgets the carry after its loop.
    pub(in crate::lower) fn close_carry(&mut self, carry: &Carry) {
        self.carry_stores.clear();
        for r in &carry.reads {
            self.carry_reads.remove(&(*r as *const Expr));
        }
    }

    /// A carried read `e`: the stored value once an iteration has stored, else the element read
    /// from memory.
    pub(in crate::lower) fn carried_read(&mut self, e: &Expr, c: Carried) -> R<Vals> {
        let ty = scalar_clif(&e.ty);
        let (from_register, from_memory, join) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.append_block_param(join, ty);
        let stored = self.b.use_var(c.stored);
        self.b.ins().brif(stored, from_register, &[], from_memory, &[]);
        self.b.switch_to_block(from_register);
        let v = self.b.use_var(c.value);
        self.b.ins().jump(join, &[v.into()]);
        self.b.switch_to_block(from_memory);
        self.carry_reads.remove(&(e as *const Expr));
        let loaded = self.expr(e);
        self.carry_reads.insert(e as *const Expr, c);
        let loaded = loaded?[0];
        self.b.ins().jump(join, &[loaded.into()]);
        self.b.switch_to_block(join);
        Ok(vec![self.b.block_params(join)[0]])
    }

    /// After the carry's store of `vals`: they are the value the next iteration reads.
    pub(in crate::lower) fn carry_stored(&mut self, vals: &Vals, c: Carried) {
        self.b.def_var(c.value, vals[0]);
        let yes = self.b.ins().iconst(types::I8, 1);
        self.b.def_var(c.stored, yes);
    }

    fn zero_of(&mut self, ty: ir::Type) -> Value {
        if ty == types::F64 {
            self.b.ins().f64const(0.0)
        } else if ty == types::F32 {
            self.b.ins().f32const(0.0)
        } else {
            self.b.ins().iconst(ty, 0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hasten_typeck::testing::*;

    fn reads(src: &str, args: &[Type], k: usize) -> Option<usize> {
        let f = typed(src, args);
        let l = range_loop(nth_loop(&f, k));
        analyze(l.var, l.step, l.body).map(|c| c.reads.len())
    }

    #[test]
    fn stores_read_back_by_the_next_iteration_are_carried() {
        let dp = "def f(d):\n    for i in range(1, d.shape[0]):\n        for j in range(1, d.shape[1]):\n            d[i, j] = min(d[i - 1, j], d[i, j - 1]) + d[i, j - 1]\n";
        assert_eq!(reads(dp, &[f64_2d()], 1), Some(2));
        let ahead = "def f(x):\n    for j in range(x.shape[0] - 1):\n        t = x[j] * 2.0\n        x[j + 1] = t + x[j]\n";
        assert_eq!(reads(ahead, &[f64_1d()], 0), Some(2));
        let both = "def f(x, c):\n    for j in range(1, x.shape[0]):\n        if x[j - 1] > c:\n            x[j] = x[j - 1] - c\n        else:\n            t = x[j - 1] + c\n            x[j] = t\n";
        assert_eq!(reads(both, &[f64_1d(), Type::Float], 0), Some(3), "the condition's read and each branch's");
        let chain = "def f(x, c):\n    for j in range(1, x.shape[0]):\n        if c > 1.0:\n            x[j] = c\n        elif x[j - 1] > c:\n            x[j] = x[j - 1]\n        else:\n            x[j] = x[j - 1] + c\n";
        assert_eq!(reads(chain, &[f64_1d(), Type::Float], 0), Some(3), "an elif chain");
        let swapped = "def f(x, y):\n    for i in range(3):\n        for j in range(1, x.shape[0]):\n            x[j] = x[j - 1] + y[j]\n        x, y = y, x\n";
        assert_eq!(reads(swapped, &[f64_1d(), f64_1d()], 1), Some(1), "buffers swapped around the loop");
    }

    #[test]
    fn other_stores_calls_steps_and_conversions_are_left_alone() {
        let two = "def f(x, y):\n    for j in range(1, x.shape[0]):\n        x[j] = x[j - 1] + 1.0\n        y[j] = 0.0\n";
        assert_eq!(reads(two, &[f64_1d(), f64_1d()], 0), None);
        let call = "def f(x):\n    for j in range(1, x.shape[0]):\n        x[j] = x[j - 1] + x.sum()\n";
        assert_eq!(reads(call, &[f64_1d()], 0), None);
        let step = "def f(x):\n    for j in range(1, x.shape[0], 2):\n        x[j] = x[j - 1] + 1.0\n";
        assert_eq!(reads(step, &[f64_1d()], 0), None);
        let converted = "def f(x):\n    for j in range(1, x.shape[0]):\n        x[j] = 1\n        t = x[j - 1]\n";
        assert_eq!(reads(converted, &[f64_1d()], 0), None, "an int stored into float64 elements");
        let rebound = "def f(x, y):\n    for j in range(1, x.shape[0]):\n        x[j] = x[j - 1] + 1.0\n        x = y\n";
        assert_eq!(reads(rebound, &[f64_1d(), f64_1d()], 0), None, "rebound in the loop");
        let complex = Type::Array(hasten_ir::ArrayType { dtype: Dtype::C128, ndim: 1, layout: hasten_ir::Layout::C, readonly: false });
        let parts = "def f(x):\n    for j in range(1, x.shape[0]):\n        x[j] = x[j - 1] * 0.5\n";
        assert_eq!(reads(parts, &[complex], 0), None, "complex elements are two values");
        let branch = "def f(x):\n    for j in range(1, x.shape[0]):\n        if j > 2:\n            x[j] = x[j - 1] + 1.0\n";
        assert_eq!(reads(branch, &[f64_1d()], 0), None);
    }
}
