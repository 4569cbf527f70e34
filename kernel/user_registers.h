// The registers a debugger sees for the user thread, as Linux's ptrace
// presents them (user_regs_struct plus the FPU/SSE state).
#pragma once

#include <array>
#include <cstdint>

namespace lstar::kernel {

struct UserRegisters {
  uint64_t rax = 0, rbx = 0, rcx = 0, rdx = 0, rsi = 0, rdi = 0, rbp = 0, rsp = 0;
  uint64_t r8 = 0, r9 = 0, r10 = 0, r11 = 0, r12 = 0, r13 = 0, r14 = 0, r15 = 0;
  uint64_t rip = 0;
  uint64_t eflags = 0;
  uint64_t cs = 0, ss = 0, ds = 0, es = 0, fs = 0, gs = 0;
  uint64_t orig_rax = 0;
  uint64_t fs_base = 0, gs_base = 0;
  // x87: st0..st7 as 10-byte extended values (st(i), not physical order).
  std::array<std::array<uint8_t, 10>, 8> st{};
  uint32_t fctrl = 0x37f, fstat = 0, ftag = 0xffff, fiseg = 0, fioff = 0, foseg = 0, fooff = 0,
           fop = 0;
  std::array<std::array<uint8_t, 16>, 16> xmm{};
  uint32_t mxcsr = 0x1f80;
};

}  // namespace lstar::kernel
