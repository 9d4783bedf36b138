//! Slice objects as values (`s = slice(1, n, 2)`, a slice passed in, `idx = (slice(None), j)`):
//! `Type::Slice` says which parts are ints, so a None part is known at compile time as it is
//! in a slice written in an index. A slice value used as an index becomes the slice of its
//! parts (`a[s]` is `a[s.start:s.stop:s.step]`), which every indexing already takes.

use crate::function::{err, FnCx, R};
use hasten_ir::hir::{Builtin, Callee, Const, Expr, ExprKind};
use hasten_ir::{Diagnostic, Span, Type};

/// Part `k` of the slice value `s`.
fn part(s: &Expr, k: usize) -> Expr {
    let at = Expr::new(ExprKind::Const(Const::Int(k as i64)), s.span);
    Expr::new(ExprKind::Call(Callee::Builtin(Builtin::SlicePart), vec![s.clone(), at], Vec::new()), s.span)
}

impl FnCx<'_, '_, '_> {
    /// `slice(stop)`, `slice(start, stop)`, `slice(start, stop, step)`: the arguments made the
    /// three parts, each an integer or None.
    pub(crate) fn slice_value(&mut self, args: &mut Vec<Expr>, span: Span) -> R<Type> {
        if !self.expand_starred(args)? {
            return Ok(Type::Unknown);
        }
        let none = || Expr::new(ExprKind::Const(Const::None), span);
        match args.len() {
            1 => {
                args.insert(0, none());
                args.push(none());
            }
            2 => args.push(none()),
            3 => {}
            0 => return err("slice expected at least 1 argument, got 0", span),
            n => return err(format!("slice expected at most 3 arguments, got {n}"), span),
        }
        let mut parts = [false; 3];
        for (k, a) in args.iter_mut().enumerate() {
            match self.expr(a)? {
                Type::None => {}
                t if t.is_intlike() => parts[k] = true,
                Type::Unknown | Type::Never => return Ok(Type::Unknown),
                t => return Err(Diagnostic::unsupported(format!("a slice of {t} is not supported (compiled code takes slices of integers and None)"), a.span)),
            }
        }
        Ok(Type::Slice(parts))
    }

    /// `s.start`, `s.stop`, `s.step` of a slice value: its int part, or None.
    pub(crate) fn slice_attribute(&mut self, e: &mut Expr, parts: [bool; 3], name: &str) -> R<Type> {
        let ExprKind::Call(_, args, _) = &mut e.kind else { unreachable!("a Field is a call") };
        let Some(k) = ["start", "stop", "step"].iter().position(|n| *n == name) else {
            return err(format!("'slice' object has no attribute '{name}'"), e.span);
        };
        e.kind = if parts[k] { part(&args[0], k).kind } else { ExprKind::Const(Const::None) };
        self.expr_inner(e)
    }

    /// Each index that is a slice value made the slice of its parts (read from it again, so it
    /// must be a variable or an item of one), and each `...` value the written `...`.
    pub(crate) fn slice_values_as_slices(&mut self, indices: &mut [Expr]) -> R<()> {
        for i in indices.iter_mut() {
            if matches!(i.kind, ExprKind::Slice(..) | ExprKind::Const(Const::Ellipsis)) {
                continue;
            }
            let t = self.expr(i)?;
            if t == Type::Ellipsis && crate::functions::pure(i) {
                *i = Expr::new(ExprKind::Const(Const::Ellipsis), i.span);
                continue;
            }
            let Type::Slice(parts) = t else { continue };
            // `a[slice(1, n)]`: the call's arguments are the slice's bounds.
            if let ExprKind::Call(Callee::Builtin(Builtin::Slice), args, _) = &mut i.kind {
                let [start, stop, step] = [0, 1, 2].map(|k| parts[k].then(|| Box::new(std::mem::replace(&mut args[k], Expr::new(ExprKind::Const(Const::None), i.span)))));
                *i = Expr::new(ExprKind::Slice(start, stop, step), i.span);
                continue;
            }
            if !crate::functions::pure(i) {
                return Err(Diagnostic::unsupported("a slice computed in an index is not supported yet; assign it to a variable first", i.span));
            }
            let [start, stop, step] = [0, 1, 2].map(|k| parts[k].then(|| Box::new(part(i, k))));
            *i = Expr::new(ExprKind::Slice(start, stop, step), i.span);
        }
        Ok(())
    }
}
