//! Overloaded calls (`hasten.extending.overload`) through the driver: the first unresolved call is
//! reported with its argument types, a resolution makes it an ordinary jitted call, a refusal is a
//! TypingError at the call.

use hasten_compiler::{compile, missing_overload};
use hasten_ir::{ErrorKind, FunctionSource, GlobalValue, OverloadCall, Program, Type};
use std::collections::HashMap;

fn function(source: &str, globals: &[(&str, GlobalValue)]) -> FunctionSource {
    FunctionSource {
        name: "f".into(),
        filename: "test.py".into(),
        source: source.into(),
        first_line: 1,
        indent: 0,
        globals: globals.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
        options: Default::default(),
    }
}

fn overloaded() -> GlobalValue {
    GlobalValue::Overload { key: "mod.twice".into(), numpy: None }
}

fn caller() -> Program {
    let src = "def f(x, y):\n    return twice(x) + twice(y, k=3)\n";
    Program { functions: vec![function(src, &[("twice", overloaded())])], overloads: HashMap::new() }
}

#[test]
fn calls_are_resolved_one_signature_at_a_time() {
    let mut p = caller();
    let first = missing_overload(&p, 0, &[Type::Float, Type::Int]).expect("twice(x) is unresolved");
    assert_eq!(first, OverloadCall { key: "mod.twice".into(), args: vec![Type::Float], kwargs: vec![] });
    // The implementation the embedder chose, added to the program (a lambda's source).
    p.functions.push(function("lambda x, k=2: x * k", &[]));
    p.overloads.insert(first, Ok(1));
    let second = missing_overload(&p, 0, &[Type::Float, Type::Int]).expect("twice(y, k=3) is unresolved");
    assert_eq!(second, OverloadCall { key: "mod.twice".into(), args: vec![Type::Int, Type::Int], kwargs: vec!["k".into()] });
    p.overloads.insert(second, Ok(1));
    assert_eq!(missing_overload(&p, 0, &[Type::Float, Type::Int]), None);
    let compiled = compile(&p, 0, &[Type::Float, Type::Int]).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(compiled.ret_type, Type::Float);
    let args = [1.5f64.to_bits(), 7u64];
    let mut ret = [0u64];
    assert_eq!(unsafe { (compiled.entry())(args.as_ptr(), ret.as_mut_ptr()) }, 0);
    assert_eq!(f64::from_bits(ret[0]), 1.5 * 2.0 + 21.0);
}

#[test]
fn a_refusal_is_a_typing_error_at_the_call() {
    let mut p = caller();
    let call = missing_overload(&p, 0, &[Type::Str, Type::Int]).expect("unresolved");
    p.overloads.insert(call, Err("No implementation of function twice() found for signature twice(unicode_type)".into()));
    assert_eq!(missing_overload(&p, 0, &[Type::Str, Type::Int]), None);
    let d = compile(&p, 0, &[Type::Str, Type::Int]).err().expect("refused");
    assert_eq!(d.kind, ErrorKind::Typing);
    assert!(d.to_string().contains("twice(unicode_type)") && d.to_string().contains("twice(x)"), "{d}");
}

#[test]
fn programs_without_overloads_have_nothing_missing() {
    let p = Program { functions: vec![function("def f(x):\n    return x + 1\n", &[])], overloads: HashMap::new() };
    assert_eq!(missing_overload(&p, 0, &[Type::Int]), None);
}
