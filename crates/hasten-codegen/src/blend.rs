//! Tier 1's float `select`s without branches. Cranelift's x64 backend lowers a scalar float
//! `select` to a conditional jump around a move (it has no `cmov` for XMM registers), which costs a
//! misprediction on every other element where the condition follows the data (`if x > t: s += x`
//! once if-converted, `x if x > t else t - x`). This pass rewrites each such `select` before
//! Cranelift compiles the function:
//! - on a float comparison, into that comparison on splatted 128-bit vectors and a lane blend
//!   (`cmppd` + `pblendvb`), the first lane taken back;
//! - on any other condition, into an integer `select` (a `cmov`) of the operands' bits.
//!
//! Selects Cranelift already lowers to one `minsd`/`maxsd` (`a < b ? a : b` and `b < a ? a : b`)
//! are left as they are. Tier 2 translates the IR before this pass: LLVM makes its own choice.

use cranelift_codegen::cursor::{Cursor, FuncCursor};
use cranelift_codegen::ir::condcodes::FloatCC;
use cranelift_codegen::ir::{self, types, InstBuilder, InstructionData, MemFlagsData, Opcode, Type, Value, ValueDef};

/// Rewrites the scalar float selects of `func` (see the module's comment).
pub(crate) fn float_selects(func: &mut ir::Function) {
    let mut pos = FuncCursor::new(func);
    while pos.next_block().is_some() {
        while let Some(inst) = pos.next_inst() {
            if pos.func.dfg.insts[inst].opcode() != Opcode::Select {
                continue;
            }
            let [c, x, y] = *pos.func.dfg.inst_args(inst) else { continue };
            let ty = pos.func.dfg.value_type(x);
            let Some((lanes, mask)) = vector_of(ty) else { continue };
            match float_compare(&pos.func.dfg, c) {
                Some((FloatCC::LessThan, a, b)) if (a, b) == (x, y) || (a, b) == (y, x) => {}
                Some((cc, a, b)) if pos.func.dfg.value_type(a) == ty && blendable(cc) => {
                    let (va, vb) = (pos.ins().splat(lanes, a), pos.ins().splat(lanes, b));
                    let m = pos.ins().fcmp(cc, va, vb);
                    debug_assert_eq!(pos.func.dfg.value_type(m), mask);
                    let m = pos.ins().bitcast(lanes, MemFlagsData::new(), m);
                    let (vx, vy) = (pos.ins().splat(lanes, x), pos.ins().splat(lanes, y));
                    let r = pos.ins().bitselect(m, vx, vy);
                    pos.func.replace(inst).extractlane(r, 0);
                }
                _ => {
                    let int = ty.as_int();
                    let flags = MemFlagsData::new();
                    let (ix, iy) = (pos.ins().bitcast(int, flags, x), pos.ins().bitcast(int, flags, y));
                    let r = pos.ins().select(c, ix, iy);
                    pos.func.replace(inst).bitcast(ty, flags, r);
                }
            }
        }
    }
}

/// The 128-bit vector type of a scalar float type and its comparison's mask type.
fn vector_of(ty: Type) -> Option<(Type, Type)> {
    match ty {
        types::F64 => Some((types::F64X2, types::I64X2)),
        types::F32 => Some((types::F32X4, types::I32X4)),
        _ => None,
    }
}

/// The float comparison that defines `c`, if one does.
fn float_compare(dfg: &ir::DataFlowGraph, c: Value) -> Option<(FloatCC, Value, Value)> {
    let ValueDef::Result(def, _) = dfg.value_def(c) else { return None };
    match dfg.insts[def] {
        InstructionData::FloatCompare { opcode: Opcode::Fcmp, cond, args: [a, b] } => Some((cond, a, b)),
        _ => None,
    }
}

/// The conditions x64 compares vectors on with one `cmpp*` (after swapping operands).
fn blendable(cc: FloatCC) -> bool {
    matches!(
        cc,
        FloatCC::Equal
            | FloatCC::NotEqual
            | FloatCC::LessThan
            | FloatCC::LessThanOrEqual
            | FloatCC::GreaterThan
            | FloatCC::GreaterThanOrEqual
            | FloatCC::Ordered
            | FloatCC::Unordered
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use cranelift_codegen::ir::{AbiParam, Function, Signature, UserFuncName};
    use cranelift_codegen::isa::CallConv;
    use cranelift_codegen::settings;
    use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

    /// A function `(a, b, x, y) -> select(cond(a, b), x, y)` of f64s, its condition made by `cond`.
    fn selecting(cond: impl Fn(&mut FunctionBuilder, Value, Value) -> Value, x_is_a: bool) -> Function {
        let mut sig = Signature::new(CallConv::SystemV);
        sig.params.extend([AbiParam::new(types::F64); 4]);
        sig.returns.push(AbiParam::new(types::F64));
        let mut func = Function::with_name_signature(UserFuncName::default(), sig);
        let mut fctx = FunctionBuilderContext::new();
        let mut b = FunctionBuilder::new(&mut func, &mut fctx);
        let block = b.create_block();
        b.append_block_params_for_function_params(block);
        b.switch_to_block(block);
        let p = b.block_params(block).to_vec();
        let c = cond(&mut b, p[0], p[1]);
        let (x, y) = if x_is_a { (p[0], p[1]) } else { (p[2], p[3]) };
        let r = b.ins().select(c, x, y);
        b.ins().return_(&[r]);
        b.seal_all_blocks();
        let isa = cranelift_native::builder().expect("host isa").finish(settings::Flags::new(settings::builder())).expect("flags");
        b.finalize(isa.frontend_config());
        func
    }

    fn opcodes(func: &Function) -> Vec<Opcode> {
        let block = func.layout.entry_block().expect("one block");
        func.layout.block_insts(block).map(|i| func.dfg.insts[i].opcode()).collect()
    }

    #[test]
    fn a_comparison_becomes_a_lane_blend() {
        let mut f = selecting(|b, a, c| b.ins().fcmp(FloatCC::GreaterThan, a, c), false);
        float_selects(&mut f);
        let ops = opcodes(&f);
        assert!(ops.contains(&Opcode::Bitselect) && ops.contains(&Opcode::Extractlane), "{ops:?}");
        assert!(!ops.contains(&Opcode::Select), "{ops:?}");
    }

    #[test]
    fn min_and_max_forms_are_left_to_cranelift() {
        for (cc, x_is_a) in [(FloatCC::LessThan, true)] {
            let mut f = selecting(|b, a, c| b.ins().fcmp(cc, a, c), x_is_a);
            float_selects(&mut f);
            assert!(opcodes(&f).contains(&Opcode::Select));
        }
        let mut f = selecting(|b, a, c| b.ins().fcmp(FloatCC::LessThan, c, a), true);
        float_selects(&mut f);
        assert!(opcodes(&f).contains(&Opcode::Select), "b < a ? a : b is maxsd");
    }

    #[test]
    fn another_condition_selects_the_bits() {
        let mut f = selecting(
            |b, a, c| {
                let p = b.ins().fcmp(FloatCC::LessThan, a, c);
                let q = b.ins().fcmp(FloatCC::Equal, a, a);
                b.ins().band(p, q)
            },
            false,
        );
        float_selects(&mut f);
        let ops = opcodes(&f);
        assert!(ops.contains(&Opcode::Select) && ops.contains(&Opcode::Bitcast), "{ops:?}");
        let sel = f.layout.block_insts(f.layout.entry_block().unwrap()).find(|i| f.dfg.insts[*i].opcode() == Opcode::Select).unwrap();
        assert_eq!(f.dfg.ctrl_typevar(sel), types::I64);
    }
}
