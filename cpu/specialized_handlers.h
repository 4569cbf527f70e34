// Faster handlers for the most frequent operand forms (register and
// immediate operands of the integer ALU, mov, shifts by a constant).
//
// The generic handlers switch on operand kinds and widths at run time. The
// decoder asks here once per instruction for a handler with those fixed at
// compile time; anything not covered keeps its generic handler, so the two
// must agree exactly (the CPU differential tests exercise both paths).
#pragma once

#include "cpu/decoded_instruction.h"

namespace lstar::cpu {

// A specialised handler for `insn` (already decoded with its generic
// handler), or nullptr when the form has none.
Handler specialized_handler(const DecodedInsn& insn);

}  // namespace lstar::cpu
