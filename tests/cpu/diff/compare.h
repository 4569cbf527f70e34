// Compares a native outcome with lstar's under a form's masks of undefined
// results, and renders failures with everything needed to reproduce them.
#pragma once

#include <string>

#include "cpu/decoded_instruction.h"
#include "tests/cpu/diff/form.h"

namespace lstar::difftest {

// Empty when the outcomes agree; otherwise a description of each mismatch.
std::string compare_outcomes(const Form& form, const cpu::DecodedInsn& insn, const Case& c,
                             const Outcome& native, const Outcome& lstar);

// The input state, for failure reports.
std::string describe_case(const Form& form, const cpu::DecodedInsn& insn, const Case& c);

}  // namespace lstar::difftest
