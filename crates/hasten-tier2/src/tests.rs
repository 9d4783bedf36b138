//! The translation of hand-built Cranelift functions, checked on the LLVM text it gives (the
//! Python tests compile and run whole modules through llvmlite).

use crate::translate;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, AbiParam, Function, InstBuilder, MemFlagsData, Signature, UserFuncName};
use cranelift_codegen::isa::{CallConv, TargetFrontendConfig};
use target_lexicon::PointerWidth;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use hasten_codegen::clif::{ClifFunction, ClifModule};
use std::collections::HashMap;

fn module_of(build: impl FnOnce(&mut FunctionBuilder)) -> ClifModule {
    let mut sig = Signature::new(CallConv::SystemV);
    sig.params.push(AbiParam::new(types::I64));
    sig.params.push(AbiParam::new(types::I64));
    sig.returns.push(AbiParam::new(types::I64));
    let mut func = Function::with_name_signature(UserFuncName::user(0, 0), sig);
    let mut fctx = FunctionBuilderContext::new();
    {
        let mut b = FunctionBuilder::new(&mut func, &mut fctx);
        build(&mut b);
        b.seal_all_blocks();
        b.finalize(TargetFrontendConfig { default_call_conv: CallConv::SystemV, pointer_width: PointerWidth::U64, page_size_align_log2: 12 });
    }
    ClifModule { functions: vec![ClifFunction { id: 0, func, fastmath: false }], imports: HashMap::new(), data: Vec::new(), data_id: 0, entry: 0 }
}

#[test]
fn shifts_take_their_amount_modulo_the_width() {
    let m = module_of(|b| {
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let (x, n) = (b.block_params(entry)[0], b.block_params(entry)[1]);
        let y = b.ins().ishl(x, n);
        b.ins().return_(&[y]);
    });
    let text = translate(&m).expect("translates");
    assert!(text.contains("define i32 @hasten_entry") || text.contains("define i64 @hasten_entry"), "{text}");
    assert!(text.contains("and i64 %v1, 63"), "{text}");
    assert!(text.contains("shl i64 %v0, %t"), "{text}");
}

#[test]
fn a_conditional_branch_into_a_block_with_parameters_goes_through_an_edge_block() {
    let m = module_of(|b| {
        let entry = b.create_block();
        let join = b.create_block();
        b.append_block_param(join, types::I64);
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let (x, n) = (b.block_params(entry)[0], b.block_params(entry)[1]);
        let c = b.ins().icmp(IntCC::SignedLessThan, x, n);
        b.ins().brif(c, join, &[x.into()], join, &[n.into()]);
        b.switch_to_block(join);
        let v = b.block_params(join)[0];
        let loaded = b.ins().load(types::I64, MemFlagsData::new(), v, 8);
        b.ins().return_(&[loaded]);
    });
    let text = translate(&m).expect("translates");
    // Both edges of the `brif` reach the same block: each needs a predecessor of its own.
    let phi = text.lines().find(|l| l.contains("= phi i64") && !l.contains("%entry")).expect("the join's phi");
    let edges: Vec<&str> = phi.split("%e").skip(1).map(|rest| &rest[..1]).collect();
    assert!(edges.len() == 2 && edges.iter().all(|d| d.chars().all(|c| c.is_ascii_digit())), "{text}");
    assert!(text.contains("icmp slt i64 %v"), "{text}");
    assert!(text.contains("getelementptr i8, ptr %t") && text.contains("i64 8"), "{text}");
}

#[test]
fn an_instruction_without_a_translation_is_named() {
    let m = module_of(|b| {
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let x = b.block_params(entry)[0];
        let f = b.ins().fcvt_from_sint(types::F64, x);
        let y = b.ins().fcvt_to_sint(types::I64, f);
        b.ins().return_(&[y]);
    });
    let err = translate(&m).expect_err("trapping conversions have no translation");
    assert!(err.contains("fcvt_to_sint"), "{err}");
}

#[test]
fn addresses_step_from_the_row_they_are_sums_of() {
    // `(data + i * 8) - 8 + j << 3`, as the lowering writes `a[i, j - 1]`: one `inttoptr` of
    // `data`, then a `getelementptr` per index, innermost first.
    let m = module_of(|b| {
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let (data, j) = (b.block_params(entry)[0], b.block_params(entry)[1]);
        let eight = b.ins().iconst(types::I64, 8);
        let row_off = b.ins().imul(j, eight);
        let row = b.ins().iadd(data, row_off);
        let minus = b.ins().iconst(types::I64, -8);
        let shifted = b.ins().iadd(row, minus);
        let three = b.ins().iconst(types::I64, 3);
        let col = b.ins().ishl(j, three);
        let addr = b.ins().iadd(shifted, col);
        let loaded = b.ins().load(types::I64, MemFlagsData::new(), addr, 0);
        b.ins().return_(&[loaded]);
    });
    let text = translate(&m).expect("translates");
    let inttoptr: Vec<&str> = text.lines().filter(|l| l.contains("inttoptr")).collect();
    assert_eq!(inttoptr.len(), 1, "{text}");
    assert!(inttoptr[0].contains("i64 %v0 to ptr"), "the row is the data pointer: {text}");
    assert_eq!(text.matches("getelementptr i8, ptr %t").count(), 3, "{text}");
    let steps: Vec<&str> = text.lines().filter(|l| l.contains("getelementptr")).map(|l| l.rsplit("i64 ").next().unwrap_or("")).collect();
    assert_eq!(steps, ["%v3", "-8", "%v8"], "the row's index, the constant, the column's index: {text}");
}

#[test]
fn a_branch_into_a_cold_block_carries_weights_that_say_so() {
    let m = module_of(|b| {
        let entry = b.create_block();
        let (cold, hot) = (b.create_block(), b.create_block());
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let (x, n) = (b.block_params(entry)[0], b.block_params(entry)[1]);
        let c = b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, x, n);
        b.set_cold_block(cold);
        b.ins().brif(c, cold, &[], hot, &[]);
        b.switch_to_block(cold);
        let one = b.ins().iconst(types::I64, 1);
        b.ins().return_(&[one]);
        b.switch_to_block(hot);
        b.ins().return_(&[x]);
    });
    let text = translate(&m).expect("translates");
    let branch = text.lines().find(|l| l.contains("br i1")).expect("the branch");
    assert!(branch.ends_with(", !prof !0"), "the taken side is cold: {text}");
    assert!(text.contains("!0 = !{!\"branch_weights\", i32 1, i32 2000}"), "{text}");
}
