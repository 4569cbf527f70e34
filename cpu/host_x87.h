// x87 arithmetic runs on the host FPU (host long double is the same 80-bit
// format) under the guest's control word, so precision control, rounding
// control, NaN selection and exception flags are exactly the hardware's.
//
// Each host instruction is wrapped in one asm statement together with
// loading the guest control word (exceptions masked), clearing the host
// flags, and storing the status word right after the instruction: nothing
// the compiler emits can slip in between and disturb C1 or the flags.
#pragma once

#include <cstdint>

#include "cpu/cpu.h"
#include "cpu/x87_stack.h"

namespace lstar::cpu {

struct HostX87Env {
  explicit HostX87Env(uint16_t guest_control)
      : cw(static_cast<uint16_t>(guest_control | fcw::kMasks)) {}
  uint16_t cw;         // the guest's control word with exceptions masked
  uint16_t saved = 0;  // the host's control word while the guest's is loaded
  uint16_t sw = 0;     // the host status word after the instruction
};

// Wrap an instruction: LSTAR_X87_BEGIN "insn" LSTAR_X87_END, with
// LSTAR_X87_OUT(env) among the outputs and LSTAR_X87_IN(env) among inputs.
#define LSTAR_X87_BEGIN "fnstcw %[saved]\n\tfldcw %[cw]\n\tfnclex\n\t"
#define LSTAR_X87_END "\n\tfnstsw %[sw]\n\tfldcw %[saved]"
#define LSTAR_X87_OUT(env) [saved] "+m"((env).saved), [sw] "=m"((env).sw)
#define LSTAR_X87_IN(env) [cw] "m"((env).cw)

// Records the host's exception flags and the condition codes in `conditions`
// in the guest status word.
inline void commit_x87(X87Stack& x, const HostX87Env& env, uint16_t conditions) {
  x.set_conditions(conditions, env.sw);
  x.raise(env.sw & fsw::kExceptions);
}

}  // namespace lstar::cpu
