//! The typed-tree verifier: the invariants that code generation relies on, stated and checked in
//! one place. The driver runs it after type checking in debug builds (and so in every `cargo test`)
//! and when `HASTEN_VERIFY` is set (the pytest suite sets it); a failure is a bug in the type
//! checker, reported with the function and the offending node.

use crate::TypedProgram;
use hasten_ir::hir::*;
use hasten_ir::{Span, Type};

/// Checks every specialisation of `program`; the error names the first broken invariant.
pub fn verify(program: &TypedProgram) -> Result<(), String> {
    for (i, spec) in program.specs.iter().enumerate() {
        let cx = Verifier { program, f: &spec.hir };
        cx.function().map_err(|e| format!("typed tree of '{}' (specialisation {i}): {e}", spec.hir.name))?;
    }
    Ok(())
}

struct Verifier<'a> {
    program: &'a TypedProgram,
    f: &'a Function,
}

type V = Result<(), String>;

fn check(ok: bool, what: impl FnOnce() -> String) -> V {
    if ok {
        Ok(())
    } else {
        Err(what())
    }
}

impl Verifier<'_> {
    fn function(&self) -> V {
        for l in &self.f.locals {
            check(!matches!(l.ty, Type::Unknown), || format!("local '{}' has no type", l.name))?;
        }
        self.stmts(&self.f.body)
    }

    fn stmts(&self, stmts: &[Stmt]) -> V {
        for s in stmts {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&self, s: &Stmt) -> V {
        match &s.kind {
            StmtKind::Assign { targets, value } => {
                targets.iter().try_for_each(|t| self.target(t))?;
                self.expr(value)
            }
            StmtKind::AugAssign { target, value, plan, .. } => {
                check(plan.is_some(), || format!("augmented assignment at {:?} has no plan", s.span))?;
                self.target(target)?;
                self.expr(value)
            }
            StmtKind::Expr(e) | StmtKind::Return(Some(e)) => self.expr(e),
            StmtKind::Assert { test, .. } => self.expr(test),
            StmtKind::If { cond, then: a, orelse: b } | StmtKind::While { cond, body: a, orelse: b } => {
                self.expr(cond)?;
                self.stmts(a)?;
                self.stmts(b)
            }
            StmtKind::ForRange { var, start, stop, step, region, body, orelse, .. } => {
                self.local(*var)?;
                for r in region.iter().flat_map(|r| &r.reductions) {
                    self.local(r.local)?;
                    let planned = r.plan.is_some() == matches!(r.op, ReduceOp::Add | ReduceOp::Mul);
                    check(planned, || format!("reduction of local {} at {:?} has plan {:?}", r.local, s.span, r.plan))?;
                }
                for bound in [start, stop, step] {
                    self.int(bound)?;
                }
                self.stmts(body)?;
                self.stmts(orelse)
            }
            StmtKind::ForIter { target, iter, body, orelse } => {
                self.target(target)?;
                self.expr(iter)?;
                check(iterable(iter), || format!("for loop at {:?} iterates over {}", s.span, iter.ty))?;
                self.stmts(body)?;
                self.stmts(orelse)
            }
            StmtKind::Raise { args, .. } => args.iter().try_for_each(|a| match a {
                RaiseArg::Value(e) => {
                    check(matches!(e.ty, Type::Bool | Type::Int | Type::Float | Type::Str | Type::None), || format!("exception argument at {:?} has type {}", e.span, e.ty))?;
                    self.expr(e)
                }
                RaiseArg::Str(_) => Ok(()),
            }),
            StmtKind::Try { .. } => s.kind.blocks().into_iter().try_for_each(|b| self.stmts(b)),
            StmtKind::Return(None) | StmtKind::Break | StmtKind::Continue | StmtKind::Pass | StmtKind::Reraise(_) => Ok(()),
        }
    }

    fn target(&self, t: &Target) -> V {
        match t {
            Target::Local(id, _) => self.local(*id),
            Target::Index { base, indices, .. } if matches!(base.ty, Type::Dict(..)) => {
                self.expr(base)?;
                check(indices.len() == 1, || format!("dict store at {:?} has {} keys", t.span(), indices.len()))?;
                self.expr(&indices[0])
            }
            Target::Index { base, indices, .. } => {
                self.expr(base)?;
                self.indices(indices)
            }
            Target::Tuple(items, _) => items.iter().try_for_each(|t| self.target(t)),
        }
    }

    fn local(&self, id: LocalId) -> V {
        check((id as usize) < self.f.locals.len(), || format!("local {id} does not exist"))
    }

    /// An expression whose value code generation reads as an int (range bounds, indices).
    fn int(&self, e: &Expr) -> V {
        self.expr(e)?;
        check(e.ty.is_intlike(), || format!("{:?} at {:?} should be an int, is {}", e.kind, e.span, e.ty))
    }

    fn indices(&self, indices: &[Expr]) -> V {
        let arrays = indices.iter().filter(|j| matches!(j.ty, Type::Array(_))).count();
        indices.iter().try_for_each(|i| match (&i.kind, &i.ty) {
            // A bound may be None at run time (`a[i:n]` with `n = None`).
            (ExprKind::Slice(start, stop, step), _) => [start, stop, step].into_iter().flatten().try_for_each(|b| {
                self.expr(b)?;
                check(b.ty.is_intlike() || b.ty == Type::None, || format!("slice bound at {:?} is {}", b.span, b.ty))
            }),
            (_, Type::Array(it)) => {
                self.expr(i)?;
                // Several index arrays are integer arrays and the only indices (`a[rows, cols]`).
                let several = arrays == indices.len() && it.dtype.is_int();
                check(arrays == 1 && (it.dtype.is_int() || it.dtype == hasten_ir::Dtype::Bool) || several, || format!("index array at {:?} is {}", i.span, i.ty))
            }
            _ if is_new_axis(i) => self.expr(i),
            _ => self.int(i),
        })
    }

    fn expr(&self, e: &Expr) -> V {
        let valueless = matches!(e.kind, ExprKind::Slice(..) | ExprKind::Dtype(_));
        check(valueless || !matches!(e.ty, Type::Unknown), || format!("{:?} at {:?} has no type", e.kind, e.span))?;
        check(!matches!(e.ty, Type::Optional(_)) || crate::optional::may_be_optional(e), || format!("{:?} at {:?} is optional", e.kind, e.span))?;
        self.plan(e)?;
        match &e.kind {
            ExprKind::Local(id) => self.local(*id)?,
            ExprKind::Index(base, indices) if matches!(base.ty, Type::Array(_)) => {
                self.expr(base)?;
                return self.indices(indices);
            }
            ExprKind::Call(Callee::Function(_), ..) => return Err(format!("call at {:?} was not specialised", e.span)),
            ExprKind::CallValue(..) | ExprKind::TypeTest(..) => return Err(format!("{:?} at {:?} was not resolved", e.kind, e.span)),
            ExprKind::Function(f) => check(e.ty == Type::Func(Box::new(f.clone())), || format!("function value at {:?} has type {}", e.span, e.ty))?,
            ExprKind::MakeClosure(id, captures) => {
                let expected = match &captures.ty {
                    Type::Tuple(types) => Type::Func(Box::new(hasten_ir::FuncRef::Closure(*id, types.items.clone()))),
                    t => t.clone(),
                };
                check(e.ty == expected, || format!("closure at {:?} has type {}", e.span, e.ty))?
            }
            ExprKind::Call(Callee::Spec(i, _), ..) => {
                check(*i < self.program.specs.len(), || format!("call at {:?} to a missing specialisation {i}", e.span))?
            }
            ExprKind::RangeReduce(r) => {
                self.local(r.var)?;
                if let Some(src) = &r.iter {
                    self.target(&src.0)?;
                    check(iterable(&src.1), || format!("generator at {:?} iterates over {}", e.span, src.1.ty))?;
                }
            }
            ExprKind::Call(Callee::Random(f), args, _) => random_call(*f, args, &e.ty, e.span)?,
            ExprKind::Call(Callee::Generator(m), args, _) => generator_call(*m, args, e.span)?,
            ExprKind::Call(Callee::Linalg(f), args, _) => linalg_call(*f, args, e.span)?,
            // String methods read their receiver as a string; `format` reads its spec as a constant.
            ExprKind::Call(Callee::StrMethod(m), args, _) => {
                check(args.first().is_some_and(|a| a.ty == Type::Str), || format!("str.{}() at {:?} has no string receiver", m.name(), e.span))?
            }
            ExprKind::Call(Callee::Builtin(Builtin::Format), args, _) => check(
                args.len() == 1 || matches!(args[1].kind, ExprKind::Const(Const::Str(_))),
                || format!("format() at {:?} has a spec that is not a constant", e.span),
            )?,
            _ => {}
        }
        let mut result = Ok(());
        e.for_each_child(|c| {
            if result.is_ok() {
                result = self.expr(c);
            }
        });
        result
    }

    /// The plan each kind of node must carry (see `Plan`).
    fn plan(&self, e: &Expr) -> V {
        let missing = || format!("{:?} at {:?} carries plan {:?}", e.kind, e.span, e.plan);
        match &e.kind {
            ExprKind::Binary(..) | ExprKind::Call(Callee::Builtin(Builtin::Divmod) | Callee::Math(MathFn::Prod), ..) => {
                check(matches!(e.plan, Plan::Binary(_)), missing)
            }
            ExprKind::RangeReduce(r) if r.op == Builtin::Sum => check(matches!(e.plan, Plan::Binary(_)), missing),
            ExprKind::Compare(_, rest) => {
                check(matches!(&e.plan, Plan::Compare(types) if types.len() == rest.len()), missing)
            }
            ExprKind::Call(Callee::Numpy(NumpyFn::Isin | NumpyFn::ArrayEqual), ..) => check(matches!(&e.plan, Plan::Compare(types) if types.len() == 1), missing),
            ExprKind::Call(Callee::Numpy(NumpyFn::Kron), ..) => check(matches!(e.plan, Plan::Binary(_)), missing),
            ExprKind::Call(Callee::Numpy(NumpyFn::Divmod), ..) => check(matches!(&e.plan, Plan::Ufunc(_, Some(_))), missing),
            ExprKind::Call(Callee::Numpy(NumpyFn::Ufunc(u)), ..) => {
                let planned = u.is_planned();
                check(matches!(&e.plan, Plan::Ufunc(_, op) if op.is_some() == planned), missing)
            }
            _ => Ok(()),
        }
    }
}

/// A `np.random` call as code generation reads it: a distribution has its parameters (the int
/// ones typed as ints) then `size`, and gives a Python scalar without a size and an array with one.
fn random_call(f: RandomFn, args: &[Expr], ty: &Type, span: Span) -> V {
    let bad = || format!("np.random.{} call at {span:?} is malformed", f.name());
    if !f.is_distribution() {
        let n = match f {
            RandomFn::Choice => 4,
            RandomFn::Multinomial => 3,
            RandomFn::Dirichlet => 2,
            _ => 1,
        };
        return check(args.len() == n, bad);
    }
    let n = f.params().len();
    check(args.len() == n + 1, bad)?;
    let ints = f.int_params();
    check(args[..n].iter().enumerate().all(|(k, a)| !ints[k] || a.ty.is_intlike()), bad)?;
    let scalar = if f.int_values() { Type::Int } else { Type::Float };
    check(if args[n].ty == Type::None { *ty == scalar } else { matches!(ty, Type::Array(_)) }, bad)
}

/// A Generator method call: the generator, then the method's parameters (`hasten_ir::generator`).
fn generator_call(m: GenMethod, args: &[Expr], span: Span) -> V {
    let n = match m {
        GenMethod::Shuffle | GenMethod::Permutation => 1,
        GenMethod::Integers => 4,
        GenMethod::Choice => 5,
        GenMethod::Multinomial => 3,
        GenMethod::Dirichlet => 2,
        m => m.params().len() + 1,
    };
    let ints = m.int_params();
    let ints_typed = args.iter().skip(1).take(m.params().len()).enumerate().all(|(k, a)| !ints[k] || a.ty.is_intlike());
    check(args.len() == n + 1 && args[0].ty == Type::Generator && ints_typed, || format!("Generator.{} call at {span:?} is malformed", m.name()))
}

/// A `np.linalg` call as code generation reads it: its array operands, then its run-time
/// parameters (see `hasten_ir::linalg`), and for `norm` the type checker's choice of norm.
fn linalg_call(f: LinalgFn, args: &[Expr], span: Span) -> V {
    let bad = || format!("np.linalg.{} call at {span:?} is malformed", f.name());
    let params = match f {
        LinalgFn::Lstsq | LinalgFn::Pinv { .. } | LinalgFn::MatrixRank { .. } | LinalgFn::MatrixPower => 1,
        _ => 0,
    };
    check(args.len() == f.arrays() + params, bad)?;
    check(args[..f.arrays()].iter().all(|a| matches!(a.ty, Type::Array(_))), bad)?;
    check(!matches!(f, LinalgFn::Norm(n) if n.plan == hasten_ir::linalg::NormPlan::Undecided), bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{f64_1d, typed_program};

    const KERNEL: &str = "def f(a, n):\n    s = 0\n    t = 0.0\n    for i in range(n):\n        s += i // 3\n        t += a[i] ** 2 if 0 < a[i] <= 1.5 else -a[i]\n    q, r = divmod(s, 7)\n    b = np.sqrt(a) + a * 2\n    b[0] -= 1.0\n    return q + r + t + sum(k * k for k in range(n)) + b.sum()";

    #[test]
    fn the_type_checker_records_every_plan_codegen_reads() {
        let program = typed_program(&[KERNEL], &[f64_1d(), Type::Int]);
        assert_eq!(verify(&program), Ok(()));
    }

    #[test]
    fn a_missing_plan_is_reported_with_its_node() {
        let mut program = typed_program(&[KERNEL], &[f64_1d(), Type::Int]);
        let StmtKind::ForRange { body, .. } = &mut program.specs[0].hir.body[2].kind else { panic!("the loop") };
        let StmtKind::AugAssign { plan, .. } = &mut body[0].kind else { panic!("s += ...") };
        *plan = None;
        let err = verify(&program).expect_err("the plan was removed");
        assert!(err.contains("augmented assignment") && err.contains("has no plan"), "{err}");
    }

    #[test]
    fn an_unspecialised_call_is_reported() {
        let mut program = typed_program(&["def f(x):\n    return g(x)", "def g(x):\n    return x + 1"], &[Type::Int]);
        let StmtKind::Return(Some(e)) = &mut program.specs[0].hir.body[0].kind else { panic!("return g(x)") };
        let ExprKind::Call(callee, ..) = &mut e.kind else { panic!("a call") };
        *callee = Callee::Function(1);
        assert!(verify(&program).expect_err("a call left unspecialised").contains("was not specialised"));
    }
}

/// An array, a list, or a `zip`/`enumerate` of iterables whose type is the tuple of one item.
fn iterable(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Call(Callee::Builtin(b @ (Builtin::Zip | Builtin::Enumerate)), args, _) => {
            let n = if *b == Builtin::Enumerate { 1 } else { args.len() };
            let start_ok = *b == Builtin::Zip || (args.len() == 2 && args[1].ty.is_intlike());
            matches!(e.ty, Type::Tuple(_)) && n > 0 && start_ok && args[..n].iter().all(iterable)
        }
        ExprKind::Call(Callee::ListMethod(ListMethod::Keys | ListMethod::Values | ListMethod::Items), args, _) => {
            matches!(args.as_slice(), [d] if matches!(d.ty, Type::Dict(..)))
        }
        _ => matches!(e.ty, Type::Array(_) | Type::List(_) | Type::Dict(..) | Type::Set(_) | Type::Str | Type::Iter(_)),
    }
}
