//! The flattened value of an array, by name: lowering reads and builds arrays through `ArrayVals`
//! rather than indexing their slots, whose order `hasten_ir::types::array_slots` states.

use cranelift_codegen::ir::Value;
use hasten_ir::types::array_slots;

/// An array value's machine values: its data pointer, its owner, and one dimension and one byte
/// stride per axis.
#[derive(Clone, Debug)]
pub(crate) struct ArrayVals {
    pub data: Value,
    pub owner: Value,
    pub shape: Vec<Value>,
    pub strides: Vec<Value>,
}

impl ArrayVals {
    /// Splits the flattened value of an array (its number of axes follows from the length).
    pub fn from_vals(vals: &[Value]) -> Self {
        let nd = array_slots::ndim(vals.len());
        ArrayVals {
            data: vals[array_slots::DATA],
            owner: vals[array_slots::OWNER],
            shape: vals[array_slots::shape(nd)].to_vec(),
            strides: vals[array_slots::strides(nd)].to_vec(),
        }
    }

    /// The flattened value, slot by slot. Panics unless there is one stride per axis.
    pub fn into_vals(self) -> Vec<Value> {
        let nd = self.ndim();
        let mut vals = vec![self.data; array_slots::count(nd)];
        vals[array_slots::OWNER] = self.owner;
        vals[array_slots::shape(nd)].copy_from_slice(&self.shape);
        vals[array_slots::strides(nd)].copy_from_slice(&self.strides);
        vals
    }

    pub fn ndim(&self) -> usize {
        self.shape.len()
    }
}

#[cfg(test)]
mod tests {
    use super::ArrayVals;
    use cranelift_codegen::entity::EntityRef;
    use cranelift_codegen::ir::Value;

    #[test]
    fn a_2d_array_round_trips_through_its_slots() {
        let vals: Vec<Value> = (0..6).map(Value::new).collect();
        let arr = ArrayVals::from_vals(&vals);
        assert_eq!((arr.data, arr.owner, arr.ndim()), (vals[0], vals[1], 2));
        assert_eq!((&arr.shape[..], &arr.strides[..]), (&vals[2..4], &vals[4..6]));
        assert_eq!(arr.into_vals(), vals);
    }
}
