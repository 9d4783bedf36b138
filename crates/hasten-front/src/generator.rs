//! Methods of an `np.random.Generator` in the front end: each call's arguments bound to NumPy's
//! parameters, defaults filled in, in the order of its HIR call (see `hasten_ir::generator`).
//! The options compiled code does not take (`dtype=` other than the default, `out=`,
//! `method='inv'`, `axis=` other than 0) are refused by name here.

use crate::bind::Kwargs;
use crate::Result;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Dtype, Span};

fn constant(c: Const, sp: Span) -> Expr {
    Expr::new(ExprKind::Const(c), sp)
}

fn is_none(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Const(Const::None))
}

/// `rng.method(...)` with `args[0]` the generator.
pub(crate) fn generator_call(m: GenMethod, mut args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<Expr> {
    let rng = args.remove(0);
    let none = || Some(constant(Const::None, sp));
    let (names, defaults): (Vec<&str>, Vec<Option<Expr>>) = match m {
        GenMethod::Random | GenMethod::StandardNormal => (vec!["size", "dtype", "out"], vec![none(), none(), none()]),
        GenMethod::StandardExponential => (vec!["size", "dtype", "method", "out"], vec![none(), none(), none(), none()]),
        GenMethod::StandardGamma => (vec!["shape", "size", "dtype", "out"], vec![None, none(), none(), none()]),
        GenMethod::Integers => (
            vec!["low", "high", "size", "dtype", "endpoint"],
            vec![None, none(), none(), none(), Some(constant(Const::Bool(false), sp))],
        ),
        GenMethod::Multinomial => (vec!["n", "pvals", "size"], vec![None, None, none()]),
        GenMethod::Dirichlet => (vec!["alpha", "size"], vec![None, none()]),
        GenMethod::Shuffle | GenMethod::Permutation => (vec!["x", "axis"], vec![None, Some(constant(Const::Int(0), sp))]),
        GenMethod::Choice => (
            vec!["a", "size", "replace", "p", "axis", "shuffle"],
            vec![
                None,
                none(),
                Some(constant(Const::Bool(true), sp)),
                none(),
                Some(constant(Const::Int(0), sp)),
                Some(constant(Const::Bool(true), sp)),
            ],
        ),
        m => {
            let params = m.params();
            let names = params.iter().map(|(n, _)| *n).chain(["size"]).collect();
            let defaults = params.iter().map(|(_, d)| d.map(|d| constant(Const::Float(d), sp))).chain([none()]).collect();
            (names, defaults)
        }
    };
    let mut slots = bind_all(m, args, kwargs, &names, sp)?;
    for (slot, d) in slots.iter_mut().zip(defaults) {
        if slot.is_none() {
            *slot = d;
        }
    }
    if let Some(k) = slots.iter().position(Option::is_none) {
        return Err(Diagnostic::typing(format!("Generator.{}() missing required argument '{}'", m.name(), names[k]), sp));
    }
    let mut slots: Vec<Expr> = slots.into_iter().flatten().collect();
    match m {
        GenMethod::Random | GenMethod::StandardNormal | GenMethod::StandardExponential | GenMethod::StandardGamma => {
            let out = slots.pop().expect("out");
            if !is_none(&out) {
                return Err(Diagnostic::unsupported(format!("Generator.{}'s out= is not supported yet", m.name()), out.span));
            }
            if m == GenMethod::StandardExponential {
                let method = slots.pop().expect("method");
                if !is_none(&method) && !matches!(&method.kind, ExprKind::Const(Const::Str(s)) if s == "zig") {
                    return Err(Diagnostic::unsupported("Generator.standard_exponential's method= other than 'zig' is not supported yet", method.span));
                }
            }
            let dtype = slots.pop().expect("dtype");
            only_dtype(m, &dtype, Dtype::F64, "float64")?;
        }
        GenMethod::Integers => {
            let endpoint = slots.pop().expect("endpoint");
            let dtype = slots.pop().expect("dtype");
            only_dtype(m, &dtype, Dtype::I64, "int64")?;
            if is_none(&slots[1]) {
                let zero = constant(Const::Int(0), slots[1].span);
                let low = std::mem::replace(&mut slots[0], zero);
                slots[1] = low;
            }
            slots.push(endpoint);
        }
        GenMethod::Choice => {
            // [a, size, replace, p, shuffle]: `shuffle` orders the draws without replacement.
            let shuffle = slots.pop().expect("shuffle");
            let axis = slots.pop().expect("axis");
            if !matches!(axis.kind, ExprKind::Const(Const::Int(0))) {
                return Err(Diagnostic::unsupported("Generator.choice's axis= other than 0 is not supported yet", axis.span));
            }
            slots.push(shuffle);
        }
        GenMethod::Shuffle | GenMethod::Permutation => {
            let axis = slots.pop().expect("axis");
            if !matches!(axis.kind, ExprKind::Const(Const::Int(0))) {
                return Err(Diagnostic::unsupported(format!("Generator.{}'s axis= other than 0 is not supported yet", m.name()), axis.span));
            }
        }
        _ => {}
    }
    slots.insert(0, rng);
    Ok(Expr::new(ExprKind::Call(Callee::Generator(m), slots, Vec::new()), sp))
}

/// `dtype=`: absent or the default; other dtypes draw differently and are not compiled.
fn only_dtype(m: GenMethod, dtype: &Expr, default: Dtype, name: &str) -> Result<()> {
    match &dtype.kind {
        ExprKind::Const(Const::None) => Ok(()),
        ExprKind::Dtype(d) if *d == default => Ok(()),
        _ => Err(Diagnostic::unsupported(format!("Generator.{}'s dtype= other than {name} is not supported yet", m.name()), dtype.span)),
    }
}

/// Positional and keyword arguments in the slots of `names`, with Python's errors.
fn bind_all(m: GenMethod, args: Vec<Expr>, kwargs: Kwargs, names: &[&str], sp: Span) -> Result<Vec<Option<Expr>>> {
    if args.len() > names.len() {
        return Err(Diagnostic::typing(format!("Generator.{}() takes at most {} arguments ({} given)", m.name(), names.len(), args.len()), sp));
    }
    let mut slots: Vec<Option<Expr>> = args.into_iter().map(Some).collect();
    slots.resize(names.len(), None);
    for (name, value) in kwargs {
        let Some(k) = names.iter().position(|n| *n == name) else {
            return Err(Diagnostic::typing(format!("Generator.{}() got an unexpected keyword argument '{name}'", m.name()), value.span));
        };
        if slots[k].is_some() {
            return Err(Diagnostic::typing(format!("argument '{name}' given twice"), value.span));
        }
        slots[k] = Some(value);
    }
    Ok(slots)
}
