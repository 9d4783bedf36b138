//! Stacks of matrices (operands of more than two dimensions), as NumPy's gufuncs loop over them:
//! compiled code describes the stack axes after the operands' words (word 19: their number `L`,
//! then per operand its lengths and strides along them, right-aligned, a missing axis of length
//! 1), the stacks broadcast here (their lengths written back after those of the second operand,
//! for compiled code to read), and the op runs once per member, in C order, with the operands
//! moved to that member; `Outs` gathers each item of the members' results into one array. An
//! empty stack runs the op once on identity matrices of the members' shape, which checks the
//! operands as NumPy does and gives the results' shapes, writing nothing.

use super::matrix::{dtype_size, Outs};
use super::{Call, Fail, Res};

pub(crate) struct Stack {
    shape: Vec<usize>,
    strides: Vec<Vec<isize>>,
    /// NumPy's message when the stacks do not broadcast.
    clash: Option<String>,
}

impl Stack {
    /// Reads and broadcasts the stacks of `operands` operands, writing the result's lengths back.
    ///
    /// # Safety
    /// `words` must hold the stack description after its 19 words, with room for the lengths.
    pub(crate) unsafe fn read(words: *mut i64, operands: usize) -> Stack {
        let rank = *words.add(19) as usize;
        let at = |k: usize| *words.add(20 + k);
        let lens: Vec<Vec<usize>> = (0..operands).map(|o| (0..rank).map(|i| at(2 * rank * o + i) as usize).collect()).collect();
        let mut strides: Vec<Vec<isize>> = (0..operands).map(|o| (0..rank).map(|i| at(2 * rank * o + rank + i) as isize).collect()).collect();
        let mut shape = vec![1usize; rank];
        let mut clash = false;
        for i in 0..rank {
            for o in 0..operands {
                match (shape[i], lens[o][i]) {
                    (_, 1) => strides[o][i] = 0,
                    (1, n) => shape[i] = n,
                    (m, n) => clash |= m != n,
                }
            }
            *words.add(20 + 4 * rank + i) = shape[i] as i64;
        }
        let clash = clash.then(|| message(words, &lens));
        Stack { shape, strides, clash }
    }

    pub(crate) fn rank(&self) -> usize {
        self.shape.len()
    }

    pub(crate) fn members(&self) -> usize {
        self.shape.iter().product()
    }
}

/// NumPy's error for stacks that do not broadcast (`solve`'s two operands): each operand's shape
/// and its core axes remapped, and the result's core shape.
unsafe fn message(words: *const i64, lens: &[Vec<usize>]) -> String {
    let list = |d: &[String]| d.join(",");
    let mut parts = Vec::new();
    let mut cores = Vec::new();
    for (o, len) in lens.iter().enumerate() {
        let w = words.add(7 * o);
        let ndim = *w.add(2) as usize;
        let core: Vec<i64> = if ndim >= 2 { vec![*w.add(3), *w.add(4)] } else { vec![*w.add(3)] };
        let own: Vec<String> = len[len.len() - ndim.saturating_sub(2)..].iter().map(|n| n.to_string()).collect();
        let original: Vec<String> = own.iter().cloned().chain(core.iter().map(|n| n.to_string())).collect();
        let remapped: Vec<String> = own.iter().cloned().chain(core.iter().map(|_| "newaxis".to_string())).collect();
        parts.push(format!("({})->({})", list(&original), list(&remapped)));
        cores.push(core);
    }
    let mut requested = vec![cores[0][0].to_string()];
    if let Some(c) = cores.get(1).filter(|c| c.len() == 2) {
        requested.push(c[1].to_string());
    }
    let requested = if requested.len() == 1 { format!("({},)", requested[0]) } else { format!("({})", list(&requested)) };
    format!("operands could not be broadcast together with remapped shapes [original->remapped]: {}  and requested shape {requested}", parts.join(" "))
}

/// Runs `run` on each member of the stack; stacks that do not broadcast raise NumPy's error
/// after the checks of the operands' matrices, as NumPy orders them.
pub(crate) fn each(stack: &Stack, call: &Call, out: &mut Outs, mut run: impl FnMut(&Call, &mut Outs) -> Res<()>) -> Res<()> {
    let mut words = [0i64; 20];
    // SAFETY: the 19 words of every call.
    unsafe { std::ptr::copy_nonoverlapping(call.words, words.as_mut_ptr(), 19) };
    if let Some(m) = &stack.clash {
        let _units: Vec<Vec<u64>> = (0..stack.strides.len()).map(|o| unit(&mut words[7 * o..7 * o + 7])).collect();
        out.member(0);
        run(&Call::new(words.as_ptr()), out)?;
        return Err(Fail::Value(m.clone()));
    }
    if stack.members() == 0 {
        let _units: Vec<Vec<u64>> = (0..stack.strides.len()).map(|o| unit(&mut words[7 * o..7 * o + 7])).collect();
        out.member(0);
        return run(&Call::new(words.as_ptr()), out);
    }
    let base: Vec<i64> = (0..stack.strides.len()).map(|o| words[7 * o]).collect();
    let mut index = vec![0usize; stack.rank()];
    for t in 0..stack.members() {
        for (o, strides) in stack.strides.iter().enumerate() {
            let offset: isize = index.iter().zip(strides).map(|(i, s)| *i as isize * s).sum();
            words[7 * o] = base[o] + offset as i64;
        }
        out.member(t);
        run(&Call::new(words.as_ptr()), out)?;
        for axis in (0..stack.rank()).rev() {
            index[axis] += 1;
            if index[axis] < stack.shape[axis] {
                break;
            }
            index[axis] = 0;
        }
    }
    Ok(())
}

/// Points the operand `w` at an identity matrix of its shape and dtype (elements 8 bytes apart),
/// returned to be kept alive.
fn unit(w: &mut [i64]) -> Vec<u64> {
    let (rows, cols) = (w[3] as usize, if w[2] >= 2 { w[4] as usize } else { 1 });
    let one = match w[1] {
        9 => 1.0f32.to_bits() as u64,
        10 => 1.0f64.to_bits(),
        _ => 1,
    };
    debug_assert!(dtype_size(w[1]) <= 8);
    let mut buf = vec![0u64; (rows * cols).max(1)];
    for i in 0..rows.min(cols) {
        buf[i * cols + i] = one;
    }
    w[0] = buf.as_ptr() as i64;
    w[5] = 8 * cols as i64;
    w[6] = 8;
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of `solve(a, b)` for a `(2, 3, 3)` float64 `a` and a `(s, 3, 1)` `b`.
    fn solve_words(s: i64) -> Vec<i64> {
        let mut w = vec![0i64; 25];
        w[..7].copy_from_slice(&[0, 10, 3, 3, 3, 24, 8]);
        w[7..14].copy_from_slice(&[0, 10, 3, 3, 1, 8, 8]);
        w[19] = 1;
        w[20..24].copy_from_slice(&[2, 72, s, 24]);
        w
    }

    #[test]
    fn stacks_broadcast_and_write_their_lengths_back() {
        let mut w = solve_words(1);
        // SAFETY: the words of a one-axis stack of two operands.
        let stack = unsafe { Stack::read(w.as_mut_ptr(), 2) };
        assert_eq!((stack.members(), stack.clash.is_none(), w[24]), (2, true, 2));
        assert_eq!(stack.strides, vec![vec![72], vec![0]]);
    }

    #[test]
    fn stacks_that_do_not_broadcast_give_numpys_message() {
        let mut w = solve_words(3);
        // SAFETY: as above.
        let stack = unsafe { Stack::read(w.as_mut_ptr(), 2) };
        assert_eq!(
            stack.clash.as_deref(),
            Some("operands could not be broadcast together with remapped shapes [original->remapped]: (2,3,3)->(2,newaxis,newaxis) (3,3,1)->(3,newaxis,newaxis)  and requested shape (3,1)")
        );
    }
}
