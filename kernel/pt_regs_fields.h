// Where each user register sits in struct pt_regs, in UserRegisters terms:
// how the debugger's view (ptrace's) and the signal frame read and write
// the registers entry_SYSCALL_64 saved.
#pragma once

#include "kernel/image/kernel_layout.h"
#include "kernel/user_registers.h"

namespace lstar::kernel {

struct PtRegsField {
  uint64_t UserRegisters::*field;
  int offset;
};

inline constexpr PtRegsField kPtRegsFields[] = {
    {&UserRegisters::r15, PT_R15},       {&UserRegisters::r14, PT_R14},
    {&UserRegisters::r13, PT_R13},       {&UserRegisters::r12, PT_R12},
    {&UserRegisters::rbp, PT_RBP},       {&UserRegisters::rbx, PT_RBX},
    {&UserRegisters::r11, PT_R11},       {&UserRegisters::r10, PT_R10},
    {&UserRegisters::r9, PT_R9},         {&UserRegisters::r8, PT_R8},
    {&UserRegisters::rax, PT_RAX},       {&UserRegisters::rcx, PT_RCX},
    {&UserRegisters::rdx, PT_RDX},       {&UserRegisters::rsi, PT_RSI},
    {&UserRegisters::rdi, PT_RDI},       {&UserRegisters::orig_rax, PT_ORIG_RAX},
    {&UserRegisters::rip, PT_RIP},       {&UserRegisters::cs, PT_CS},
    {&UserRegisters::eflags, PT_EFLAGS}, {&UserRegisters::rsp, PT_RSP},
    {&UserRegisters::ss, PT_SS},
};

}  // namespace lstar::kernel
