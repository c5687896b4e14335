//! Superinstructions: a peephole pass over a lowered function that fuses
//! the commonest short sequences of [`Op`]s into one, so that the loop
//! dispatches once and reads the frame slot in place instead of cloning its
//! value onto the operand stack:
//!
//! - `Slot(s); GetKey(k)` (`s.mode`) becomes `SlotGetKey`;
//! - `Slot(s); Number(n); Binary(op)` (`c === 0x20`, `i + 1`) becomes
//!   `SlotNumberBinary`;
//! - `Slot(s); Constant(c); Binary(op)` (`mode === 'ws'`) becomes
//!   `SlotConstantBinary`.
//!
//! A sequence is fused only if no jump lands inside it; jump targets are
//! renumbered.

use super::code::Op;

/// The jump target of `op`, if it is a jump.
fn target(op: &Op) -> Option<u32> {
    match *op {
        Op::Jump(t)
        | Op::JumpIfFalse(t)
        | Op::JumpIfFalsyKeep(t)
        | Op::JumpIfTruthyKeep(t)
        | Op::JumpIfNotNullishKeep(t) => Some(t),
        _ => None,
    }
}

/// `op` with its jump target replaced by `t`.
fn retarget(op: Op, t: u32) -> Op {
    match op {
        Op::Jump(_) => Op::Jump(t),
        Op::JumpIfFalse(_) => Op::JumpIfFalse(t),
        Op::JumpIfFalsyKeep(_) => Op::JumpIfFalsyKeep(t),
        Op::JumpIfTruthyKeep(_) => Op::JumpIfTruthyKeep(t),
        Op::JumpIfNotNullishKeep(_) => Op::JumpIfNotNullishKeep(t),
        other => other,
    }
}

/// The fused op of the sequence starting at `ops[0]` and how many ops it replaces.
fn fusion(ops: &[Op]) -> Option<(Op, usize)> {
    match ops {
        [Op::Slot(slot), Op::GetKey(key), ..] => Some((
            Op::SlotGetKey {
                slot: *slot,
                key: *key,
            },
            2,
        )),
        [Op::Slot(slot), Op::Number(n), Op::Binary(op), ..] => Some((
            Op::SlotNumberBinary {
                slot: *slot,
                op: *op,
                n: *n,
            },
            3,
        )),
        [Op::Slot(slot), Op::Constant(constant), Op::Binary(op), ..] => Some((
            Op::SlotConstantBinary {
                slot: *slot,
                op: *op,
                constant: *constant,
            },
            3,
        )),
        _ => None,
    }
}

/// `ops` with the sequences above fused and the jumps renumbered.
pub(crate) fn fuse(ops: Vec<Op>) -> Vec<Op> {
    let mut is_target = vec![false; ops.len() + 1];
    for t in ops.iter().filter_map(target) {
        if let Some(flag) = is_target.get_mut(t as usize) {
            *flag = true;
        }
    }
    // new_index[i]: where old op i (or, for i = len, the end) lands.
    let mut new_index = vec![0u32; ops.len() + 1];
    let mut out = Vec::with_capacity(ops.len());
    let mut i = 0;
    while i < ops.len() {
        let at = u32::try_from(out.len()).unwrap_or(u32::MAX);
        let fused = fusion(&ops[i..]).filter(|&(_, n)| !is_target[i + 1..i + n].contains(&true));
        let n = match fused {
            Some((op, n)) => {
                out.push(op);
                n
            }
            None => {
                out.push(ops[i]);
                1
            }
        };
        for slot in &mut new_index[i..i + n] {
            *slot = at;
        }
        i += n;
    }
    new_index[ops.len()] = u32::try_from(out.len()).unwrap_or(u32::MAX);
    for op in &mut out {
        if let Some(t) = target(op) {
            let moved = new_index.get(t as usize).copied().unwrap_or(t);
            *op = retarget(*op, moved);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::BinaryOp;

    #[test]
    fn fuses_and_renumbers_jumps() {
        let ops = vec![
            Op::Slot(0),
            Op::Number(1.0),
            Op::Binary(BinaryOp::Add),
            Op::JumpIfFalse(6),
            Op::Slot(1),
            Op::GetKey(2),
            Op::Return,
        ];
        let fused = fuse(ops);
        assert_eq!(
            fused,
            vec![
                Op::SlotNumberBinary {
                    slot: 0,
                    op: BinaryOp::Add,
                    n: 1.0
                },
                Op::JumpIfFalse(3),
                Op::SlotGetKey { slot: 1, key: 2 },
                Op::Return,
            ]
        );
    }

    #[test]
    fn leaves_sequences_a_jump_lands_in() {
        let ops = vec![Op::Jump(2), Op::Slot(0), Op::GetKey(1), Op::Return];
        assert_eq!(fuse(ops.clone()), ops);
    }
}
