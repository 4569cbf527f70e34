// Runs one instruction on the host CPU from a MachineImage and captures the
// resulting state (see native_trampoline.cpp).
#pragma once

#include <cstdint>

#include "tests/cpu/diff/machine_image.h"

extern "C" {
// Loads `in` into every register (fxrstor, popfq, GPRs incl. rsp), jumps to
// `code`, and returns once the code jumps to lstar_diff_native_capture,
// having stored the state there into `out`.
void lstar_diff_native_run(const lstar::difftest::MachineImage* in,
                           lstar::difftest::MachineImage* out, const void* code);
// The capture entry points; the instruction is followed by `jmp [capture]`
// and kBranchTarget holds `jmp [capture_taken]`.
void lstar_diff_native_capture();
void lstar_diff_native_capture_taken();
}
