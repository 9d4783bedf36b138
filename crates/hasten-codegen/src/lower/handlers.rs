//! `try`/`except`/`else`/`finally`, `raise` with arguments and re-raising.
//!
//! A `try` costs nothing where nothing is raised: while its body is lowered, `error_exit` sends
//! failures to the `try`'s dispatch block instead of the function's error exit. The dispatch asks
//! the runtime (`hasten_runtime::handlers`) whether the pending exception matches each `except`
//! clause in turn; the matching clause takes it onto the runtime's stack of handled exceptions,
//! and every way out of the clause truncates that stack again. `finally` is lowered on each way
//! out: after the body, on each `break`/`continue`/`return` that leaves it (`leave_tries`), and on
//! the failure path, where it parks the exception, runs, and re-raises it.
//!
//! A check that raises a builtin class the innermost `try` catches, in a clause that never looks
//! at the exception (no `as e`, no bare `raise`, no call that could re-raise it), jumps straight
//! to a copy of that clause's body: no runtime call, so nothing a loop keeps in registers has to
//! survive one, and the loop around such a `try` costs what it costs without it.
//!
//! Once a module has a `try`, a failure must release what its path holds, since a caller may catch
//! it and go on: the temporaries listed since the innermost `try` began (a cold block per failing
//! site that has any), and the owned locals of every body the failure leaves (an inlined callee's;
//! the function's own at its error exit). These blocks are emitted at the end of the function
//! (`Deferred`); none of it touches the path where nothing fails.

use super::*;

/// An open `try` construct: where failures inside it go, and what leaving it by `break`,
/// `continue` or `return` must do.
pub(super) struct TryCx {
    /// Where failures go, made at the first one: the dispatch of `except` clauses, the failure path
    /// of `finally`, or the release of a handled exception.
    target: Option<Block>,
    /// The temporaries listed before the construct began, which a caught failure keeps.
    mark: usize,
    /// How many inlined bodies enclose the construct (`outer_owned.len()` where it began).
    body: usize,
    /// The depth on the runtime's stack of the exception a handler (or a `finally` entered by a
    /// failure) holds: leaving the construct forgets it.
    depth: Option<Value>,
    /// The `finally` body leaving the construct runs.
    finally: Option<Vec<Stmt>>,
    /// The handler's id, for `raise e`.
    handler: Option<u32>,
    /// The construct's `except` clauses, in order, for raise sites that know their class.
    clauses: Vec<Clause>,
    /// The clauses raise sites jump to directly, and the block each copy of its body starts at.
    direct: Vec<(usize, Block)>,
}

/// What a raise site of a known class asks of an `except` clause.
pub(super) struct Clause {
    /// The classes it catches; none for a bare `except`.
    classes: Vec<ExcClass>,
    /// Whether its body never looks at the exception it handles.
    silent: bool,
}

/// Whether a clause's body never observes its exception: no `e.args` or `str(e)`, no `raise`
/// without a class, and no call of a jitted function (whose bare `raise` would re-raise it).
fn observes_nothing(body: &[Stmt]) -> bool {
    fn stmts(list: &[Stmt]) -> bool {
        list.iter().all(|s| !matches!(s.kind, StmtKind::Reraise(_)) && s.kind.blocks().into_iter().all(stmts))
    }
    fn expr(e: &Expr, ok: &mut bool) {
        if let ExprKind::CaughtStr(_) | ExprKind::CaughtArgs(_) | ExprKind::CallValue(..) | ExprKind::Call(Callee::Spec(..) | Callee::Overload(_), ..) = e.kind {
            *ok = false;
        }
        e.for_each_child(|c| expr(c, ok));
    }
    let mut ok = stmts(body);
    for_each_expr(body, &mut |e| expr(e, &mut ok));
    ok
}

/// A cold block of a failure path, emitted at the end of the function: it releases `temps` and the
/// locals in `vars`, forgets the handled exceptions from `unwind` on, and jumps to `then`.
pub(super) struct Deferred {
    block: Block,
    temps: Vec<Value>,
    vars: Vec<Variable>,
    unwind: Option<Value>,
    then: Block,
}

impl<'a, 'f> Lower<'a, 'f> {
    fn try_cx(&self) -> TryCx {
        TryCx {
            target: None,
            mark: self.temps.len(),
            body: self.outer_owned.len(),
            depth: None,
            finally: None,
            handler: None,
            clauses: Vec::new(),
            direct: Vec::new(),
        }
    }

    /// Where a failure at this point goes once a module handles errors: through a block releasing
    /// the temporaries the innermost `try` does not keep, then the locals of the inlined bodies
    /// inside it, to its target (or to the function's error exit, which releases the rest).
    pub(super) fn handled_error_exit(&mut self) -> Block {
        let (target, mark, body) = match self.tries.len() {
            0 => (self.function_error_exit(), 0, 0),
            n => {
                let target = match self.tries[n - 1].target {
                    Some(t) => t,
                    None => {
                        let t = self.cold_block();
                        self.tries[n - 1].target = Some(t);
                        t
                    }
                };
                (target, self.tries[n - 1].mark, self.tries[n - 1].body)
            }
        };
        self.released_to(target, mark, body)
    }

    /// The block a raise of the builtin class `exc` can jump to instead of raising: the start of
    /// a copy of the clause of the innermost `try` that catches it, when that clause never looks
    /// at the exception (see the module's comment). None where the raise must happen.
    pub(super) fn direct_handler(&mut self, exc: &str) -> Option<Block> {
        if self.error_target.is_some() || !self.info.handles_errors {
            return None;
        }
        let raised = ExcClass { name: exc.to_string(), ancestry: Vec::new() };
        let cx = self.tries.last()?;
        let k = cx.clauses.iter().position(|c| hasten_typeck::catches(&c.classes, &raised))?;
        if !cx.clauses[k].silent {
            return None;
        }
        let (mark, body) = (cx.mark, cx.body);
        let entry = match cx.direct.iter().find(|d| d.0 == k) {
            Some(d) => d.1,
            None => {
                let b = self.cold_block();
                self.tries.last_mut().expect("found above").direct.push((k, b));
                b
            }
        };
        Some(self.released_to(entry, mark, body))
    }

    /// A block that releases the temporaries listed since `mark` and the owned locals of the bodies
    /// deeper than `body`, then goes to `target`.
    fn released_to(&mut self, target: Block, mark: usize, body: usize) -> Block {
        let next = self.unwinder(target, body);
        let temps = self.temps[mark..].to_vec();
        if temps.is_empty() {
            return next;
        }
        let block = self.cold_block();
        self.deferred.push(Deferred { block, temps, vars: Vec::new(), unwind: None, then: next });
        block
    }

    fn cold_block(&mut self) -> Block {
        let block = self.b.create_block();
        self.b.set_cold_block(block);
        block
    }

    /// A block releasing the owned locals of the bodies deeper than `body` (this one and the
    /// inlined callers above `body`), then going to `target`; one per body and target.
    fn unwinder(&mut self, target: Block, body: usize) -> Block {
        let depth = self.outer_owned.len();
        if depth == body {
            return target;
        }
        if let Some(b) = self.unwinders.get(&(target, self.body_serial)) {
            return *b;
        }
        let mut vars = self.owned_vars();
        vars.extend(self.outer_owned[body + 1..].iter().flatten().copied());
        let block = self.cold_block();
        self.deferred.push(Deferred { block, temps: Vec::new(), vars, unwind: None, then: target });
        self.unwinders.insert((target, self.body_serial), block);
        block
    }

    /// The variables of this body's owned locals.
    pub(super) fn owned_vars(&self) -> Vec<Variable> {
        self.locals.iter().filter(|l| l.owned).flat_map(|l| l.owner_vars()).collect()
    }

    /// Emits the deferred blocks of failure paths.
    pub(super) fn emit_deferred(&mut self) {
        for d in std::mem::take(&mut self.deferred) {
            self.b.switch_to_block(d.block);
            for owner in d.temps {
                self.decref(owner);
            }
            for var in d.vars {
                let owner = self.b.use_var(var);
                self.decref(owner);
            }
            if let Some(depth) = d.unwind {
                self.unwind_handled(depth);
            }
            self.b.ins().jump(d.then, &[]);
        }
    }

    fn unwind_handled(&mut self, depth: Value) {
        let f = self.helper(Helper::ExcUnwind);
        self.call(f, &[depth]);
    }

    /// Closes a construct holding a handled exception at `depth`: failures inside it forget that
    /// exception and go on outward.
    fn close_holding(&mut self, cx: TryCx, depth: Value) {
        if let Some(block) = cx.target {
            let then = self.error_exit();
            self.deferred.push(Deferred { block, temps: Vec::new(), vars: Vec::new(), unwind: Some(depth), then });
        }
    }

    /// `try` with its clauses.
    pub(super) fn try_stmt(&mut self, body: &[Stmt], handlers: &[Handler], orelse: &[Stmt], finalbody: &[Stmt]) -> R<()> {
        if finalbody.is_empty() {
            return self.try_except(body, handlers, orelse);
        }
        self.tries.push(TryCx { finally: Some(finalbody.to_vec()), ..self.try_cx() });
        let result = self.try_except(body, handlers, orelse);
        let cx = self.tries.pop().expect("pushed above");
        result?;
        if self.reachable {
            self.block(finalbody)?;
        }
        let after = self.b.create_block();
        let fell = self.jump(after);
        if let Some(failed) = cx.target {
            // A failure: park the exception, run `finally`, raise it again.
            self.enter(failed, true);
            let f = self.helper(Helper::ExcSave);
            let depth = self.call(f, &[])[0];
            self.tries.push(TryCx { depth: Some(depth), ..self.try_cx() });
            let result = self.block(finalbody);
            let inner = self.tries.pop().expect("pushed above");
            result?;
            if self.reachable {
                let f = self.helper(Helper::ExcReraise);
                let zero = self.iconst(types::I64, 0);
                self.call(f, &[depth, zero, zero]);
                self.unwind_handled(depth);
                self.leave_to_error_exit();
                self.reachable = false;
            }
            self.close_holding(inner, depth);
        }
        self.enter(after, fell);
        Ok(())
    }

    /// `try` with `except` clauses (if any) and `else`.
    fn try_except(&mut self, body: &[Stmt], handlers: &[Handler], orelse: &[Stmt]) -> R<()> {
        if handlers.is_empty() {
            self.block(body)?;
            return self.block(orelse);
        }
        let clauses = handlers.iter().map(|h| Clause { classes: h.classes.clone(), silent: observes_nothing(&h.body) }).collect();
        self.tries.push(TryCx { clauses, ..self.try_cx() });
        let result = self.block(body);
        let cx = self.tries.pop().expect("pushed above");
        result?;
        self.block(orelse)?;
        let after = self.b.create_block();
        let mut reached = self.jump(after);
        if let Some(dispatch) = cx.target {
            debug_assert_eq!(self.temps.len(), cx.mark, "a statement ended with temporaries listed");
            self.enter(dispatch, true);
            for h in handlers {
                reached |= self.handler(h, after)?;
                if !self.reachable {
                    break;
                }
            }
            if self.reachable {
                // No clause matched: the exception goes on.
                self.leave_to_error_exit();
                self.reachable = false;
            }
        }
        for (k, entry) in cx.direct {
            self.enter(entry, true);
            self.block(&handlers[k].body)?;
            reached |= self.jump(after);
        }
        self.enter(after, reached);
        Ok(())
    }

    /// One `except` clause at the dispatch: runs it if it matches, leaving the no-match path
    /// current (unreachable after a bare `except`). Says whether the clause falls through to `after`.
    fn handler(&mut self, h: &Handler, after: Block) -> R<bool> {
        let next = if h.classes.is_empty() {
            None
        } else {
            let names: Vec<&str> = h.classes.iter().map(|c| c.name.as_str()).collect();
            let (p, l) = self.str_consts(&names.join("\n"));
            let f = self.helper(Helper::ExcMatches);
            let matched = self.call(f, &[p, l])[0];
            let (yes, no) = (self.cold_block(), self.cold_block());
            self.b.ins().brif(matched, yes, &[], no, &[]);
            self.b.switch_to_block(yes);
            Some(no)
        };
        let f = self.helper(Helper::ExcCatch);
        let depth = self.call(f, &[])[0];
        self.tries.push(TryCx { depth: Some(depth), handler: Some(h.id), ..self.try_cx() });
        let result = self.block(&h.body);
        let cx = self.tries.pop().expect("pushed above");
        result?;
        let mut fell = false;
        if self.reachable {
            self.unwind_handled(depth);
            fell = self.jump(after);
        }
        self.close_holding(cx, depth);
        match next {
            Some(no) => self.enter(no, true),
            None => self.reachable = false,
        }
        Ok(fell)
    }

    /// `str(e)` of the exception handler `id` holds: a new string, a temporary.
    pub(super) fn caught_str(&mut self, id: u32) -> Value {
        let t = self.tries.iter().rev().find(|t| t.handler == Some(id)).expect("str(e) inside its handler");
        let depth = t.depth.expect("a handler holds its exception");
        let f = self.helper(Helper::ExcStr);
        let handle = self.call(f, &[depth])[0];
        self.tracked_str(handle)
    }

    /// `e.args` of the exception handler `id` holds, as the tuple `ty` the type checker gave it: the
    /// runtime checks the exception's arguments against it and writes one word per item.
    pub(super) fn caught_args(&mut self, id: u32, ty: &Type, span: Span) -> Vec<Value> {
        let t = self.tries.iter().rev().find(|t| t.handler == Some(id)).expect("e.args inside its handler");
        let depth = t.depth.expect("a handler holds its exception");
        let Type::Tuple(items) = ty else { unreachable!("e.args is a tuple") };
        let kinds: String = items
            .iter()
            .map(|t| match t {
                Type::Int => 'i',
                Type::Float => 'f',
                Type::Bool => 'b',
                Type::Str => 's',
                Type::None => 'n',
                other => unreachable!("an exception argument of type {other}"),
            })
            .collect();
        let out = self.stack_slot(8 * items.len() as u32);
        let (kp, kl) = self.str_consts(&kinds);
        let (lp, ll) = self.location(span);
        let f = self.helper(Helper::ExcArgs);
        let status = self.call(f, &[depth, kp, kl, out, lp, ll])[0];
        self.check_status(status);
        let flags = MemFlagsData::trusted();
        // A None item has no slots: its word is not read.
        items
            .iter()
            .enumerate()
            .filter(|(_, t)| **t != Type::None)
            .map(|(k, t)| {
                let off = 8 * k as i32;
                match t {
                    Type::Float => self.b.ins().load(types::F64, flags, out, off),
                    Type::Bool => self.b.ins().load(types::I8, flags, out, off),
                    Type::Str => {
                        let handle = self.b.ins().load(types::I64, flags, out, off);
                        self.tracked_str(handle)
                    }
                    _ => self.b.ins().load(types::I64, flags, out, off),
                }
            })
            .collect()
    }

    /// `raise e` (the exception handler `id` holds) or a bare `raise` (`None`: the innermost
    /// exception being handled on this thread, found at run time; RuntimeError if none).
    pub(super) fn reraise_stmt(&mut self, handler: Option<u32>, span: Span) {
        let depth = match handler.and_then(|id| self.tries.iter().rev().find(|t| t.handler == Some(id))) {
            Some(t) => t.depth.expect("a handler holds its exception"),
            None => self.iconst(types::I64, -1),
        };
        let (lp, ll) = self.location(span);
        let f = self.helper(Helper::ExcReraise);
        self.call(f, &[depth, lp, ll]);
        self.leave_to_error_exit();
        self.reachable = false;
    }

    /// `raise E(args...)` with values computed at run time, or of a class defined at module level.
    pub(super) fn raise_stmt(&mut self, exc: &ExcClass, args: &[RaiseArg], span: Span) -> R<()> {
        if let ([] | [RaiseArg::Str(_)], true) = (args, exc.ancestry.is_empty()) {
            let msg = args.first().map(|a| match a {
                RaiseArg::Str(s) => s.clone(),
                RaiseArg::Value(_) => unreachable!("matched a string"),
            });
            self.emit_raise(&exc.name, msg.as_deref(), span);
            self.reachable = false;
            return Ok(());
        }
        let mut words: Vec<[Value; 3]> = Vec::new();
        for a in args {
            let zero = self.iconst(types::I64, 0);
            words.push(match a {
                RaiseArg::Str(s) => {
                    let tag = self.iconst(types::I64, 3);
                    let (p, l) = self.str_consts(s);
                    [tag, p, l]
                }
                RaiseArg::Value(e) if e.ty == Type::None => {
                    self.expr(e)?;
                    [self.iconst(types::I64, 4), zero, zero]
                }
                RaiseArg::Value(e) if e.ty == Type::Str => {
                    // The string's bytes, copied by the runtime before anything releases it.
                    let s = self.expr(e)?[0];
                    let (p, l) = self.str_bytes(s);
                    [self.iconst(types::I64, 3), p, l]
                }
                RaiseArg::Value(e) => {
                    let v = self.expr(e)?[0];
                    let (tag, bits) = match e.ty {
                        Type::Float => (1, self.b.ins().bitcast(types::I64, MemFlagsData::new(), v)),
                        Type::Bool => (2, self.b.ins().uextend(types::I64, v)),
                        _ => (0, v),
                    };
                    [self.iconst(types::I64, tag), bits, zero]
                }
            });
        }
        let buf = self.stack_slot(24 * words.len() as u32);
        for (k, w) in words.iter().enumerate() {
            for (j, v) in w.iter().enumerate() {
                self.b.ins().store(MemFlagsData::trusted(), *v, buf, (24 * k + 8 * j) as i32);
            }
        }
        let (ep, el) = self.str_consts(&exc.name);
        let (ap, al) = self.str_consts(&exc.ancestry.join("\n"));
        let n = self.iconst(types::I64, words.len() as i64);
        let (lp, ll) = self.location(span);
        let f = self.helper(Helper::RaiseArgs);
        self.call(f, &[ep, el, ap, al, buf, n, lp, ll]);
        self.leave_to_error_exit();
        self.reachable = false;
        Ok(())
    }

    /// Leaves the `try` constructs above the first `keep`, innermost first, as `break`,
    /// `continue` or `return` does: forgets the exceptions they hold and runs their `finally`
    /// bodies (each with the constructs inside it closed). Stops if a `finally` never ends.
    pub(super) fn leave_tries(&mut self, keep: usize) -> R<()> {
        let mut left = Vec::new();
        let mut result = Ok(());
        while self.tries.len() > keep && self.reachable {
            let cx = self.tries.pop().expect("counted");
            if let Some(depth) = cx.depth {
                self.unwind_handled(depth);
            }
            if let Some(f) = &cx.finally {
                result = self.block(f);
            }
            left.push(cx);
            if result.is_err() {
                break;
            }
        }
        self.tries.extend(left.into_iter().rev());
        result
    }

    /// How many open `try` constructs belong to enclosing bodies: `return` leaves the others.
    pub(super) fn tries_outside_body(&self) -> usize {
        let body = self.outer_owned.len();
        self.tries.iter().take_while(|t| t.body < body).count()
    }

    /// Whether leaving the constructs above `keep` runs any `finally`.
    pub(super) fn leaves_finally(&self, keep: usize) -> bool {
        self.tries[keep..].iter().any(|t| t.finally.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hasten_typeck::testing::*;

    /// Whether each clause of the first `try` in `body` (a function of `a` and `i`) is silent.
    fn silent(body: &str) -> Vec<bool> {
        let src = format!("def f(a, i):\n    r = 0\n{body}\n    return r");
        let f = typed(&src, &[f64_1d(), Type::Int]);
        let StmtKind::Try { handlers, .. } = &f
            .body
            .iter()
            .find(|s| matches!(s.kind, StmtKind::Try { .. }))
            .expect("a try")
            .kind
        else {
            unreachable!()
        };
        handlers.iter().map(|h| observes_nothing(&h.body)).collect()
    }

    #[test]
    fn clauses_that_only_compute_are_silent() {
        let body = "    try:\n        r = int(a[i])\n    except IndexError:\n        r = -1\n    except (KeyError, ValueError):\n        pass\n    except:\n        for k in range(3):\n            r += k";
        assert_eq!(silent(body), [true, true, true]);
    }

    #[test]
    fn clauses_that_look_at_the_exception_are_not() {
        let body = "    try:\n        r = int(a[i])\n    except IndexError as e:\n        r = len(str(e))\n    except ValueError as e:\n        r = len(e.args)\n    except KeyError:\n        raise\n    except:\n        if i > 0:\n            raise\n";
        assert_eq!(silent(body), [false, false, false, false]);
    }
}
