//! `np.random.*`: calls into the per-thread `RandomState` of `hasten_runtime::random`. A
//! distribution passes its parameters in a three-word stack slot; with `size=` the runtime first
//! checks them (so a bad parameter is reported before a bad size, as NumPy does), then fills a
//! fresh C-ordered array; a scalar draw writes one word to a stack slot. `np.random.random()` has
//! its own entry, cheap enough for a draw per loop iteration.

use super::*;
use hasten_runtime::random::Draw;

/// The runtime's code for a distribution.
fn draw_of(f: RandomFn) -> Draw {
    match f {
        RandomFn::RandomSample => Draw::RandomSample,
        RandomFn::StandardNormal => Draw::StandardNormal,
        RandomFn::Normal => Draw::Normal,
        RandomFn::Uniform => Draw::Uniform,
        RandomFn::Randint => Draw::Randint,
        RandomFn::Exponential => Draw::Exponential,
        RandomFn::StandardExponential => Draw::StandardExponential,
        RandomFn::StandardGamma => Draw::StandardGamma,
        RandomFn::Gamma => Draw::Gamma,
        RandomFn::Beta => Draw::Beta,
        RandomFn::Chisquare => Draw::Chisquare,
        RandomFn::F => Draw::F,
        RandomFn::StandardT => Draw::StandardT,
        RandomFn::Poisson => Draw::Poisson,
        RandomFn::Binomial => Draw::Binomial,
        RandomFn::Geometric => Draw::Geometric,
        RandomFn::Lognormal => Draw::Lognormal,
        RandomFn::Logistic => Draw::Logistic,
        RandomFn::Laplace => Draw::Laplace,
        RandomFn::Gumbel => Draw::Gumbel,
        RandomFn::Weibull => Draw::Weibull,
        RandomFn::Pareto => Draw::Pareto,
        RandomFn::Power => Draw::Power,
        RandomFn::Rayleigh => Draw::Rayleigh,
        RandomFn::Triangular => Draw::Triangular,
        RandomFn::StandardCauchy => Draw::StandardCauchy,
        RandomFn::Vonmises => Draw::Vonmises,
        RandomFn::Wald => Draw::Wald,
        RandomFn::Zipf => Draw::Zipf,
        RandomFn::Hypergeometric => Draw::Hypergeometric,
        RandomFn::NegativeBinomial => Draw::NegativeBinomial,
        RandomFn::Logseries => Draw::Logseries,
        RandomFn::NoncentralChisquare => Draw::NoncentralChisquare,
        RandomFn::Seed | RandomFn::Shuffle | RandomFn::Permutation | RandomFn::Choice | RandomFn::Multinomial | RandomFn::Dirichlet | RandomFn::DefaultRng => {
            unreachable!("not a distribution")
        }
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    pub(in crate::lower) fn random_call(&mut self, f: RandomFn, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        match f {
            RandomFn::Seed => self.random_seed(&args[0], span),
            RandomFn::DefaultRng => self.default_rng(&args[0], span),
            RandomFn::Shuffle => self.random_shuffle(None, &args[0], span),
            RandomFn::Permutation => self.random_permutation(None, &args[0], ty, span),
            RandomFn::Choice => self.random_choice(None, args, ty, span),
            RandomFn::Multinomial | RandomFn::Dirichlet => self.random_vector(None, f == RandomFn::Multinomial, args, ty, span),
            RandomFn::RandomSample if !matches!(ty, Type::Array(_)) => {
                self.expr(&args[0])?;
                let sample = self.helper(Helper::RandomSample);
                Ok(vec![self.call(sample, &[])[0]])
            }
            f => self.random_draw(f, args, ty, span),
        }
    }

    /// The values of a `size` argument (an int or a tuple of ints) as dimensions.
    pub(super) fn size_dims(&mut self, size: &Expr) -> R<Vals> {
        let vals = self.expr(size)?;
        Ok(match &size.ty {
            Type::Tuple(items) => {
                let items = items.clone();
                vals.iter().zip(&items).map(|(v, t)| self.i64_value(*v, t)).collect()
            }
            t => vec![self.i64_value(vals[0], &t.clone())],
        })
    }

    fn random_draw(&mut self, f: RandomFn, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let nparams = f.params().len();
        let ints = f.int_params();
        let words = self.stack_slot(24);
        for (k, a) in args[..nparams].iter().enumerate() {
            let v = self.expr(a)?[0];
            let w = if ints[k] { self.i64_value(v, &a.ty) } else { self.f64_value(v, &a.ty) };
            self.b.ins().store(MemFlagsData::trusted(), w, words, 8 * k as i32);
        }
        let kind = self.iconst(types::I64, draw_of(f) as i64);
        let draw = self.helper(Helper::RandomDraw);
        let Type::Array(at) = ty else {
            self.expr(&args[nparams])?;
            let out = self.stack_slot(8);
            let one = self.iconst(types::I64, 1);
            let (lp, ll) = self.location(span);
            let status = self.call(draw, &[kind, words, out, one, lp, ll])[0];
            self.check_status(status);
            let clif = if f.int_values() { types::I64 } else { types::F64 };
            return Ok(vec![self.b.ins().load(clif, MemFlagsData::trusted(), out, 0)]);
        };
        let shape = self.size_dims(&args[nparams])?;
        let zero = self.iconst(types::I64, 0);
        let (lp, ll) = self.location(span);
        let status = self.call(draw, &[kind, words, zero, zero, lp, ll])[0];
        self.check_status(status);
        let (data, owner, count) = self.allocate(&shape, at.dtype, false, span);
        let status = self.call(draw, &[kind, words, data, count, lp, ll])[0];
        self.check_status(status);
        Ok(self.contiguous_vals(data, owner, shape, 8))
    }

    /// The primitives of Python's `random` module (`hasten_runtime::random::pyrandom`).
    pub(in crate::lower) fn py_random(&mut self, r: PyRand, args: &[Expr]) -> R<Vals> {
        let vals: Vec<Vals> = args.iter().map(|a| self.expr(a)).collect::<R<_>>()?;
        Ok(match r {
            PyRand::Random => {
                let f = self.helper(Helper::PyRandomRandom);
                vec![self.call(f, &[])[0]]
            }
            PyRand::Bits => {
                let f = self.helper(Helper::PyRandomBits);
                vec![self.call(f, &[])[0]]
            }
            PyRand::Seed => {
                let (value, entropy) = match &args[0].ty {
                    Type::None => (self.iconst(types::I64, 0), self.iconst(types::I64, 1)),
                    t => (self.i64_value(vals[0][0], &t.clone()), self.iconst(types::I64, 0)),
                };
                let f = self.helper(Helper::PyRandomSeed);
                self.call(f, &[value, entropy]);
                Vec::new()
            }
            PyRand::Gauss => {
                let mu = self.f64_value(vals[0][0], &args[0].ty);
                let sigma = self.f64_value(vals[1][0], &args[1].ty);
                let f = self.helper(Helper::PyRandomGauss);
                vec![self.call(f, &[mu, sigma])[0]]
            }
        })
    }

    fn random_seed(&mut self, seed: &Expr, span: Span) -> R<Vals> {
        let v = self.expr(seed)?;
        let (value, entropy) = match &seed.ty {
            Type::None => (self.iconst(types::I64, 0), self.iconst(types::I64, 1)),
            t => (self.i64_value(v[0], &t.clone()), self.iconst(types::I64, 0)),
        };
        let (lp, ll) = self.location(span);
        let f = self.helper(Helper::RandomSeed);
        let status = self.call(f, &[value, entropy, lp, ll])[0];
        self.check_status(status);
        Ok(Vec::new())
    }

    /// `np.random.default_rng(seed)`: the owner of a new generator block, a temporary.
    fn default_rng(&mut self, seed: &Expr, span: Span) -> R<Vals> {
        let v = self.expr(seed)?;
        let (value, seeded) = match &seed.ty {
            Type::None => (self.iconst(types::I64, 0), self.iconst(types::I64, 0)),
            t => (self.i64_value(v[0], &t.clone()), self.iconst(types::I64, 1)),
        };
        let (lp, ll) = self.location(span);
        let f = self.helper(Helper::GenDefaultRng);
        let block = self.call(f, &[value, seeded, lp, ll])[0];
        let failed = self.b.ins().icmp_imm_s(IntCC::Equal, block, 0);
        self.check_status(failed);
        let owner = self.b.ins().bor_imm_u(block, 1);
        self.temps.push(owner);
        Ok(vec![owner])
    }

    /// The `bitgen_t` address of a generator value: itself when it is one passed in (untagged),
    /// the data of its block when compiled code made it.
    pub(super) fn bitgen_of(&mut self, generator: Value) -> Value {
        let (owned, done) = (self.b.create_block(), self.b.create_block());
        let address = self.b.append_block_param(done, types::I64);
        let tagged = self.b.ins().band_imm_u(generator, 1);
        self.b.ins().brif(tagged, owned, &[], done, &[generator.into()]);
        self.b.switch_to_block(owned);
        let block = self.b.ins().iadd_imm_s(generator, -1);
        let data = self.b.ins().load(types::I64, MemFlagsData::trusted(), block, 0);
        self.b.ins().jump(done, &[data.into()]);
        self.b.switch_to_block(done);
        address
    }

    /// Hands an array's shape and strides to the runtime in a stack slot: (shape ptr, strides ptr).
    fn dims_slot(&mut self, shape: &[Value], strides: &[Value]) -> (Value, Value) {
        let slot = self.stack_slot(16 * shape.len() as u32);
        for (k, v) in shape.iter().chain(strides).enumerate() {
            self.b.ins().store(MemFlagsData::trusted(), *v, slot, 8 * k as i32);
        }
        let strides_at = self.b.ins().iadd_imm_s(slot, 8 * shape.len() as i64);
        (slot, strides_at)
    }

    /// Shuffles the first axis with the thread's `RandomState`, or with the generator `bitgen`.
    fn shuffle_vals(&mut self, bitgen: Option<Value>, data: Value, shape: &[Value], strides: &[Value], itemsize: i64) {
        let (sp, stp) = self.dims_slot(shape, strides);
        let ndim = self.iconst(types::I64, shape.len() as i64);
        let size = self.iconst(types::I64, itemsize);
        match bitgen {
            Some(bitgen) => {
                let f = self.helper(Helper::GenShuffle);
                self.call(f, &[bitgen, data, ndim, sp, stp, size]);
            }
            None => {
                let f = self.helper(Helper::RandomShuffle);
                self.call(f, &[data, ndim, sp, stp, size]);
            }
        }
    }

    pub(super) fn random_shuffle(&mut self, bitgen: Option<Value>, x: &Expr, span: Span) -> R<Vals> {
        let Type::Array(at) = x.ty else { unreachable!("the type checker admits arrays only") };
        let a = self.array_operand(x)?;
        if at.readonly {
            self.emit_raise("ValueError", Some("array is read-only"), span);
            let dead = self.b.create_block();
            self.b.switch_to_block(dead);
            return Ok(Vec::new());
        }
        self.shuffle_vals(bitgen, a.data, &a.shape, &a.strides, at.dtype.itemsize() as i64);
        Ok(Vec::new())
    }

    /// `permutation(n)`: `arange(n)` shuffled (by the thread's state or the generator `bitgen`) (empty for a negative `n`, as `np.arange`);
    /// `permutation(a)`: a C-ordered copy of `a` shuffled along its first axis.
    pub(super) fn random_permutation(&mut self, bitgen: Option<Value>, x: &Expr, ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(at) = ty else { unreachable!("permutation gives an array") };
        let itemsize = at.dtype.itemsize() as i64;
        let (data, owner, shape, strides) = match &x.ty {
            Type::Array(_) => {
                let a = self.array_operand(x)?;
                let (data, owner, _) = self.allocate(&a.shape, at.dtype, false, span);
                let strides = self.c_strides(&a.shape, itemsize);
                self.copy_strided(at.dtype, &a.shape, a.data, &a.strides, data, &strides)?;
                (data, owner, a.shape, strides)
            }
            t => {
                let v = self.expr(x)?[0];
                let n = self.i64_value(v, &t.clone());
                let zero = self.iconst(types::I64, 0);
                let n = self.b.ins().smax(n, zero);
                let (data, owner, _) = self.allocate(&[n], Dtype::I64, false, span);
                self.counted_loop(n, |cx, i| {
                    let off = cx.b.ins().imul_imm_s(i, 8);
                    let addr = cx.b.ins().iadd(data, off);
                    cx.b.ins().store(MemFlagsData::trusted(), i, addr, 0);
                    Ok(())
                })?;
                let stride = self.iconst(types::I64, 8);
                (data, owner, vec![n], vec![stride])
            }
        };
        self.shuffle_vals(bitgen, data, &shape, &strides, itemsize);
        Ok(ArrayVals { data, owner, shape, strides }.into_vals())
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// `choice(a, size, replace, p)`: the arguments in ten words for the runtime, which checks
    /// them as NumPy does (phase 0) before the result is allocated, then draws (phase 1), from
    /// the thread's `RandomState` or from the generator `bitgen` (`Generator.choice`).
    pub(super) fn random_choice(&mut self, bitgen: Option<Value>, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let zero = self.iconst(types::I64, 0);
        let (pop, a_data, a_stride, itemsize, a_ndim) = match &args[0].ty {
            Type::Array(at) => {
                let a = self.array_operand(&args[0])?;
                let size = self.iconst(types::I64, at.dtype.itemsize() as i64);
                (a.shape[0], a.data, a.strides[0], size, at.ndim)
            }
            t => {
                let v = self.expr(&args[0])?[0];
                let eight = self.iconst(types::I64, 8);
                (self.i64_value(v, &t.clone()), zero, zero, eight, 1)
            }
        };
        let (shape, scalar) = match &args[1].ty {
            Type::None => {
                self.expr(&args[1])?;
                (Vec::new(), self.iconst(types::I64, 1))
            }
            _ => (self.size_dims(&args[1])?, zero),
        };
        let replace = self.expr(&args[2])?;
        let replace = self.truth(&replace, &args[2].ty);
        let mut replace = self.b.ins().uextend(types::I64, replace);
        let (p_data, p_len, p_stride) = match &args[3].ty {
            Type::Array(_) => {
                let p = self.array_operand(&args[3])?;
                (p.data, p.shape[0], p.strides[0])
            }
            _ => {
                self.expr(&args[3])?;
                (zero, zero, zero)
            }
        };
        // A Generator's `shuffle` rides in bit 1 of the same word.
        if let Some(shuffle) = args.get(4) {
            let v = self.expr(shuffle)?;
            let v = self.truth(&v, &shuffle.ty);
            let v = self.b.ins().uextend(types::I64, v);
            let v = self.b.ins().ishl_imm_u(v, 1);
            replace = self.b.ins().bor(replace, v);
        }
        if a_ndim != 1 {
            self.emit_raise("ValueError", Some("a must be 1-dimensional"), span);
            let dead = self.b.create_block();
            self.b.switch_to_block(dead);
        }
        let mut n = self.iconst(types::I64, 1);
        for d in &shape {
            n = self.b.ins().imul(n, *d);
        }
        let words = self.stack_slot(80);
        for (k, v) in [pop, a_data, a_stride, itemsize, n, scalar, replace, p_data, p_len, p_stride].into_iter().enumerate() {
            self.b.ins().store(MemFlagsData::trusted(), v, words, 8 * k as i32);
        }
        let (lp, ll) = self.location(span);
        let (choice, prefix) = match bitgen {
            Some(bitgen) => (self.helper(Helper::GenChoice), vec![bitgen]),
            None => (self.helper(Helper::RandomChoice), vec![]),
        };
        let with = |rest: &[Value]| {
            let mut all = prefix.clone();
            all.extend_from_slice(rest);
            all
        };
        let status = self.call(choice, &with(&[words, zero, zero, lp, ll]))[0];
        self.check_status(status);
        let one = self.iconst(types::I64, 1);
        match ty {
            Type::Array(at) => {
                let (data, owner, _) = self.allocate(&shape, at.dtype, false, span);
                self.call(choice, &with(&[words, data, one, lp, ll]));
                Ok(self.contiguous_vals(data, owner, shape, at.dtype.itemsize() as i64))
            }
            t => {
                let out = self.stack_slot(8);
                self.call(choice, &with(&[words, out, one, lp, ll]));
                Ok(vec![self.b.ins().load(scalar_clif(t), MemFlagsData::trusted(), out, 0)])
            }
        }
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    /// `multinomial(n, pvals, size)` / `dirichlet(alpha, size)` of the thread's `RandomState` or
    /// of the generator `bitgen`: the runtime checks the call as NumPy does (null `out`), then
    /// fills a fresh array of shape `size + (len(pvals),)`.
    pub(super) fn random_vector(&mut self, bitgen: Option<Value>, multinomial: bool, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let Type::Array(at) = ty else { unreachable!("multinomial and dirichlet give arrays") };
        let zero = self.iconst(types::I64, 0);
        let (n, args) = if multinomial {
            let v = self.expr(&args[0])?[0];
            (self.i64_value(v, &args[0].ty), &args[1..])
        } else {
            (zero, args)
        };
        let p = self.array_operand(&args[0])?;
        let mut shape = match &args[1].ty {
            Type::None => {
                self.expr(&args[1])?;
                Vec::new()
            }
            _ => self.size_dims(&args[1])?,
        };
        let mut rows = self.iconst(types::I64, 1);
        let mut bad_size = zero;
        for d in &shape {
            rows = self.b.ins().imul(rows, *d);
            let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, *d, 0);
            let negative = self.b.ins().uextend(types::I64, negative);
            bad_size = self.b.ins().bor(bad_size, negative);
        }
        let words = self.stack_slot(48);
        for (k, v) in [n, p.data, p.shape[0], p.strides[0], rows, bad_size].into_iter().enumerate() {
            self.b.ins().store(MemFlagsData::trusted(), v, words, 8 * k as i32);
        }
        let dirichlet = self.iconst(types::I64, !multinomial as i64);
        let (lp, ll) = self.location(span);
        let (vector, lead) = match bitgen {
            Some(b) => (self.helper(Helper::GenVector), vec![b]),
            None => (self.helper(Helper::RandomVector), Vec::new()),
        };
        let with = |rest: &[Value]| lead.iter().chain(rest).copied().collect::<Vec<_>>();
        let status = self.call(vector, &with(&[dirichlet, words, zero, lp, ll]))[0];
        self.check_status(status);
        shape.push(p.shape[0]);
        let (data, owner, _) = self.allocate(&shape, at.dtype, false, span);
        self.call(vector, &with(&[dirichlet, words, data, lp, ll]));
        Ok(self.contiguous_vals(data, owner, shape, 8))
    }
}
