//! Methods of an `np.random.Generator` passed in: calls into `hasten_runtime::random::generator`
//! with the generator's `bitgen_t` address (its one slot). As for `np.random.*`, a draw with
//! `size=` first checks its parameters (n = 0) so that a bad parameter is reported before a bad
//! size, then fills a fresh C-ordered array; `rng.random()` has its own entry.

use super::*;
use hasten_runtime::random::GenDraw;

fn draw_of(m: GenMethod) -> GenDraw {
    match m {
        GenMethod::Random => GenDraw::Random,
        GenMethod::StandardNormal => GenDraw::StandardNormal,
        GenMethod::Normal => GenDraw::Normal,
        GenMethod::Uniform => GenDraw::Uniform,
        GenMethod::Exponential => GenDraw::Exponential,
        GenMethod::StandardExponential => GenDraw::StandardExponential,
        GenMethod::StandardGamma => GenDraw::StandardGamma,
        GenMethod::Gamma => GenDraw::Gamma,
        GenMethod::Beta => GenDraw::Beta,
        GenMethod::Chisquare => GenDraw::Chisquare,
        GenMethod::F => GenDraw::F,
        GenMethod::NoncentralChisquare => GenDraw::NoncentralChisquare,
        GenMethod::NoncentralF => GenDraw::NoncentralF,
        GenMethod::StandardT => GenDraw::StandardT,
        GenMethod::StandardCauchy => GenDraw::StandardCauchy,
        GenMethod::Lognormal => GenDraw::Lognormal,
        GenMethod::Laplace => GenDraw::Laplace,
        GenMethod::Logistic => GenDraw::Logistic,
        GenMethod::Gumbel => GenDraw::Gumbel,
        GenMethod::Pareto => GenDraw::Pareto,
        GenMethod::Weibull => GenDraw::Weibull,
        GenMethod::Power => GenDraw::Power,
        GenMethod::Rayleigh => GenDraw::Rayleigh,
        GenMethod::Triangular => GenDraw::Triangular,
        GenMethod::Wald => GenDraw::Wald,
        GenMethod::Poisson => GenDraw::Poisson,
        GenMethod::NegativeBinomial => GenDraw::NegativeBinomial,
        GenMethod::Geometric => GenDraw::Geometric,
        GenMethod::Zipf => GenDraw::Zipf,
        GenMethod::Logseries => GenDraw::Logseries,
        GenMethod::Vonmises => GenDraw::Vonmises,
        GenMethod::Binomial => GenDraw::Binomial,
        GenMethod::Hypergeometric => GenDraw::Hypergeometric,
        GenMethod::Integers | GenMethod::Shuffle | GenMethod::Permutation | GenMethod::Choice | GenMethod::Multinomial | GenMethod::Dirichlet => {
            unreachable!("not a distribution")
        }
    }
}

impl<'a, 'f> Lower<'a, 'f> {
    pub(in crate::lower) fn generator_call(&mut self, m: GenMethod, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let generator = self.expr(&args[0])?[0];
        let bitgen = self.bitgen_of(generator);
        match m {
            GenMethod::Shuffle => self.random_shuffle(Some(bitgen), &args[1], span),
            GenMethod::Permutation => self.random_permutation(Some(bitgen), &args[1], ty, span),
            GenMethod::Integers => self.gen_integers(bitgen, &args[1..], ty, span),
            GenMethod::Choice => self.random_choice(Some(bitgen), &args[1..], ty, span),
            GenMethod::Multinomial | GenMethod::Dirichlet => self.random_vector(Some(bitgen), m == GenMethod::Multinomial, &args[1..], ty, span),
            GenMethod::Random if !matches!(ty, Type::Array(_)) => {
                self.expr(&args[1])?;
                let random = self.helper(Helper::GenRandom);
                Ok(vec![self.call(random, &[bitgen])[0]])
            }
            m => self.gen_draw(bitgen, m, &args[1..], ty, span),
        }
    }

    fn gen_draw(&mut self, bitgen: Value, m: GenMethod, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let nparams = m.params().len();
        let ints = m.int_params();
        let words = self.stack_slot(24);
        for (k, a) in args[..nparams].iter().enumerate() {
            let v = self.expr(a)?[0];
            let w = if ints[k] { self.i64_value(v, &a.ty) } else { self.f64_value(v, &a.ty) };
            self.b.ins().store(MemFlagsData::trusted(), w, words, 8 * k as i32);
        }
        let kind = self.iconst(types::I64, draw_of(m) as i64);
        let draw = self.helper(Helper::GenDraw);
        let (lp, ll) = self.location(span);
        if !matches!(ty, Type::Array(_)) {
            self.expr(&args[nparams])?;
            let out = self.stack_slot(8);
            let one = self.iconst(types::I64, 1);
            let status = self.call(draw, &[bitgen, kind, words, out, one, lp, ll])[0];
            self.check_status(status);
            let clif = if m.int_values() { types::I64 } else { types::F64 };
            return Ok(vec![self.b.ins().load(clif, MemFlagsData::trusted(), out, 0)]);
        }
        let shape = self.size_dims(&args[nparams])?;
        let zero = self.iconst(types::I64, 0);
        let status = self.call(draw, &[bitgen, kind, words, zero, zero, lp, ll])[0];
        self.check_status(status);
        let dtype = if m.int_values() { Dtype::I64 } else { Dtype::F64 };
        let (data, owner, count) = self.allocate(&shape, dtype, false, span);
        let status = self.call(draw, &[bitgen, kind, words, data, count, lp, ll])[0];
        self.check_status(status);
        Ok(self.contiguous_vals(data, owner, shape, 8))
    }

    /// `integers(low, high, size, endpoint)`: the bounds are checked (unless no value is asked
    /// for, as NumPy skips them then) before the result is allocated.
    fn gen_integers(&mut self, bitgen: Value, args: &[Expr], ty: &Type, span: Span) -> R<Vals> {
        let mut bounds = Vec::new();
        for a in &args[..2] {
            let v = self.expr(a)?[0];
            bounds.push(self.i64_value(v, &a.ty));
        }
        let (shape, count) = match ty {
            Type::Array(_) => {
                let shape = self.size_dims(&args[2])?;
                let mut n = self.iconst(types::I64, 1);
                for d in &shape {
                    n = self.b.ins().imul(n, *d);
                }
                (Some(shape), n)
            }
            _ => {
                self.expr(&args[2])?;
                (None, self.iconst(types::I64, 1))
            }
        };
        let endpoint = self.expr(&args[3])?;
        let endpoint = self.truth(&endpoint, &args[3].ty);
        let endpoint = self.b.ins().uextend(types::I64, endpoint);
        let words = self.stack_slot(32);
        for (k, v) in [bounds[0], bounds[1], endpoint, count].into_iter().enumerate() {
            self.b.ins().store(MemFlagsData::trusted(), v, words, 8 * k as i32);
        }
        let integers = self.helper(Helper::GenIntegers);
        let (lp, ll) = self.location(span);
        let zero = self.iconst(types::I64, 0);
        let status = self.call(integers, &[bitgen, words, zero, zero, lp, ll])[0];
        self.check_status(status);
        match shape {
            Some(shape) => {
                let (data, owner, n) = self.allocate(&shape, Dtype::I64, false, span);
                let status = self.call(integers, &[bitgen, words, data, n, lp, ll])[0];
                self.check_status(status);
                Ok(self.contiguous_vals(data, owner, shape, 8))
            }
            None => {
                let out = self.stack_slot(8);
                let one = self.iconst(types::I64, 1);
                let status = self.call(integers, &[bitgen, words, out, one, lp, ll])[0];
                self.check_status(status);
                Ok(vec![self.b.ins().load(types::I64, MemFlagsData::trusted(), out, 0)])
            }
        }
    }
}
