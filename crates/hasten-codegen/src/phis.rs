//! Removes the block parameters that merely carry a value through loops.
//!
//! The lowering seals every block at the end, so cranelift-frontend passes each variable that a loop
//! body reads through a parameter of every loop header and merge block on the way. A parameter that
//! only ever receives one value besides itself and other such copies is that value. Cranelift's own
//! pass keeps the copies of a value that is itself a parameter (an outer loop's counter, passed through
//! an inner loop's header), and its code motion then treats what depends on them as defined inside the
//! inner loop: `i * stride` is recomputed in every inner iteration, and the copies raise register
//! pressure until values spill. Resolving copies to a fixpoint frees both.

use cranelift_codegen::ir::{BlockArg, BlockCall, Function, Value};
use std::collections::HashMap;

pub(crate) fn remove_copies(func: &mut Function) {
    // Every value each parameter receives, or None if some edge passes it a non-value argument.
    let mut incoming: HashMap<Value, Option<Vec<Value>>> = HashMap::new();
    let blocks: Vec<_> = func.layout.blocks().collect();
    for &block in &blocks {
        for inst in func.layout.block_insts(block) {
            for dest in func.dfg.insts[inst].branch_destination(&func.dfg.jump_tables, &func.dfg.exception_tables) {
                let target = dest.block(&func.dfg.value_lists);
                let params = func.dfg.block_params(target);
                for (p, a) in params.iter().zip(dest.args(&func.dfg.value_lists)) {
                    let entry = incoming.entry(*p).or_insert_with(|| Some(Vec::new()));
                    match (a, entry.as_mut()) {
                        (BlockArg::Value(v), Some(list)) => list.push(func.dfg.resolve_aliases(v)),
                        _ => *entry = None,
                    }
                }
            }
        }
    }
    let mut same: HashMap<Value, Value> = HashMap::new();
    let resolve = |same: &HashMap<Value, Value>, mut v: Value| {
        while let Some(&w) = same.get(&v) {
            v = w;
        }
        v
    };
    loop {
        let mut changed = false;
        for (&p, actuals) in &incoming {
            let Some(actuals) = actuals else { continue };
            if same.contains_key(&p) {
                continue;
            }
            let mut only = None;
            let mut many = false;
            for &a in actuals {
                let a = resolve(&same, a);
                if a == p || only == Some(a) {
                    continue;
                }
                many |= only.is_some();
                only = Some(a);
            }
            if let (false, Some(v)) = (many, only) {
                same.insert(p, v);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    if same.is_empty() {
        return;
    }
    for &block in &blocks {
        let insts: Vec<_> = func.layout.block_insts(block).collect();
        for inst in insts {
            let dfg = &mut func.dfg;
            for dest in dfg.insts[inst].branch_destination_mut(&mut dfg.jump_tables, &mut dfg.exception_tables) {
                let target = dest.block(&dfg.value_lists);
                let params = dfg.blocks[target].params(&dfg.value_lists);
                if !params.iter().any(|p| same.contains_key(p)) {
                    continue;
                }
                let kept: Vec<BlockArg> = params
                    .iter()
                    .zip(dest.args(&dfg.value_lists))
                    .filter(|(p, _)| !same.contains_key(p))
                    .map(|(_, a)| a)
                    .collect();
                *dest = BlockCall::new(target, kept, &mut dfg.value_lists);
            }
        }
    }
    for &block in &blocks {
        let params: Vec<Value> = func.dfg.block_params(block).to_vec();
        for p in params.into_iter().rev() {
            if same.contains_key(&p) {
                func.dfg.remove_block_param(p);
            }
        }
    }
    for &p in same.keys() {
        let v = resolve(&same, p);
        func.dfg.change_to_alias(p, v);
    }
}
