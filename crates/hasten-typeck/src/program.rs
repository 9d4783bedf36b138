//! The whole-program fixpoint: specialisations are created on demand as calls are typed, then all
//! are re-inferred until no return type moves, and a strict pass rejects what is still unknown.

use crate::{Error, Front, Spec, TypedProgram};
use hasten_ir::hir::Function;
use hasten_ir::{Diagnostic, FuncId, OverloadCall, Type};
use std::collections::HashMap;

pub(crate) struct Checker<'a, 'b> {
    front: &'a mut Front<'b>,
    /// The embedder's choices for overloaded calls (`crate::overloads`).
    pub(crate) overloads: &'a crate::Overloads,
    /// The overloaded call that stopped the check because the embedder has not resolved it yet.
    pub(crate) missing: Option<OverloadCall>,
    /// Every inference pass starts again from the untyped HIR (generators already inlined).
    untyped: HashMap<FuncId, Function>,
    /// The functions whose generator loops are being inlined (a generator iterating itself, or
    /// another that iterates it, is left a call, which the type checker refuses).
    inlining: Vec<FuncId>,
    pub(crate) specs: Vec<Spec>,
    index: HashMap<(FuncId, Vec<Type>), usize>,
}

impl<'a, 'b> Checker<'a, 'b> {
    pub(crate) fn new(front: &'a mut Front<'b>, overloads: &'a crate::Overloads) -> Self {
        Checker { front, overloads, missing: None, untyped: HashMap::new(), inlining: Vec::new(), specs: Vec::new(), index: HashMap::new() }
    }

    /// The typed program, or the error with the overloaded call left unresolved, if that stopped it.
    pub(crate) fn check(mut self, root: FuncId, args: &[Type]) -> Result<TypedProgram, (Error, Option<OverloadCall>)> {
        match self.check_all(root, args) {
            Ok((root, yields)) => Ok(TypedProgram { specs: self.specs, root, yields }),
            Err(e) => Err((e, self.missing.take())),
        }
    }

    /// The root specialisation, and for a generator function its values' type.
    fn check_all(&mut self, func: FuncId, args: &[Type]) -> Result<(usize, Option<Type>), Error> {
        // A generator called from Python compiles as its driver (`crate::yields::driver`).
        let mut driver = None;
        if crate::yields::is_generator(self.untyped(func)?) {
            crate::yields::generator_args(&self.untyped[&func], args).map_err(|d| (func, d))?;
            let (d, v) = crate::yields::driver(&self.untyped[&func]).map_err(|d| (func, d))?;
            self.untyped.insert(func, d);
            driver = Some(v);
        }
        let root = self.infer_all(func, args)?;
        let yields = match driver {
            Some(v) => Some(crate::yields::yielded_type(&self.specs[root].hir, v).map_err(|d| (func, d))?),
            None => None,
        };
        Ok((root, yields))
    }

    fn infer_all(&mut self, root: FuncId, args: &[Type]) -> Result<usize, Error> {
        let root = self.specialize(root, args.to_vec())?;
        // Re-infer until return types settle: a caller may have seen a callee's return type while it was
        // still being inferred.
        for _ in 0..32 {
            let before: Vec<Type> = self.specs.iter().map(|s| s.ret.clone()).collect();
            for i in 0..self.specs.len() {
                self.infer(i, false)?;
            }
            if self.specs.iter().map(|s| &s.ret).eq(before.iter()) {
                break;
            }
        }
        for i in 0..self.specs.len() {
            self.infer(i, true)?;
            let spec = &self.specs[i];
            if spec.ret == Type::Never {
                return Err((
                    spec.func,
                    Diagnostic::typing(
                        format!("cannot infer the return type of '{}': every return is a recursive call", spec.hir.name),
                        spec.hir.span,
                    ),
                ));
            }
        }
        Ok(root)
    }

    pub(crate) fn untyped(&mut self, id: FuncId) -> Result<&Function, Error> {
        if !self.untyped.contains_key(&id) {
            let mut f = (self.front)(id).map_err(|d| (id, d))?;
            self.inline_generators(id, &mut f)?;
            self.untyped.insert(id, f);
        }
        Ok(&self.untyped[&id])
    }

    /// Inlines the generator functions that `f`'s `for` loops iterate (`crate::yields`).
    fn inline_generators(&mut self, id: FuncId, f: &mut Function) -> Result<(), Error> {
        let mut called = Vec::new();
        crate::yields::iterated_calls(&f.body, &mut called);
        let mut generators = HashMap::new();
        self.inlining.push(id);
        for g in called {
            if self.inlining.contains(&g) || generators.contains_key(&g) {
                continue;
            }
            match self.untyped(g) {
                Ok(callee) if crate::yields::is_generator(callee) => {
                    generators.insert(g, callee.clone());
                }
                Ok(_) => {}
                Err(e) => {
                    self.inlining.pop();
                    return Err(e);
                }
            }
        }
        self.inlining.pop();
        crate::yields::inline(f, &generators).map_err(|d| (id, d))
    }

    /// Registered before it is inferred, so that a recursive call finds it (with return type `Never`).
    pub(crate) fn specialize(&mut self, func: FuncId, args: Vec<Type>) -> Result<usize, Error> {
        if let Some(&i) = self.index.get(&(func, args.clone())) {
            return Ok(i);
        }
        let hir = self.untyped(func)?.clone();
        if hir.params.len() != args.len() {
            return Err((
                func,
                Diagnostic::typing(
                    format!("'{}' takes {} arguments but {} were given", hir.name, hir.params.len(), args.len()),
                    hir.span,
                ),
            ));
        }
        let i = self.specs.len();
        self.specs.push(Spec { func, args: args.clone(), ret: Type::Never, hir });
        self.index.insert((func, args), i);
        self.infer(i, false)?;
        Ok(i)
    }
}
