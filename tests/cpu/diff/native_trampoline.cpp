// The bridge between C++ and an instruction under test. The instruction runs
// with every register holding guest values, so the return path can rely on
// nothing but RIP-relative addressing until the host state is restored.
#include "tests/cpu/diff/native_trampoline.h"

// Offsets: gpr[i] at 8*i, rflags at 128, taken at 136, fxsave image at 144.
asm(R"(
  .intel_syntax noprefix
  .text
  .globl lstar_diff_native_run
  .type lstar_diff_native_run, @function
lstar_diff_native_run:
  push rbx
  push rbp
  push r12
  push r13
  push r14
  push r15
  mov [rip + lstar_diff_host_rsp], rsp
  mov [rip + lstar_diff_out], rsi
  mov [rip + lstar_diff_code], rdx
  fxrstor64 [rdi + 144]
  push qword ptr [rdi + 128]
  popfq
  mov rax, [rdi + 0]
  mov rcx, [rdi + 8]
  mov rdx, [rdi + 16]
  mov rbx, [rdi + 24]
  mov rbp, [rdi + 40]
  mov rsi, [rdi + 48]
  mov r8, [rdi + 64]
  mov r9, [rdi + 72]
  mov r10, [rdi + 80]
  mov r11, [rdi + 88]
  mov r12, [rdi + 96]
  mov r13, [rdi + 104]
  mov r14, [rdi + 112]
  mov r15, [rdi + 120]
  mov rsp, [rdi + 32]
  mov rdi, [rdi + 56]
  jmp qword ptr [rip + lstar_diff_code]

  .globl lstar_diff_native_capture_taken
  .type lstar_diff_native_capture_taken, @function
lstar_diff_native_capture_taken:
  mov qword ptr [rip + lstar_diff_taken], 1
  jmp lstar_diff_native_capture

  .globl lstar_diff_native_capture
  .type lstar_diff_native_capture, @function
lstar_diff_native_capture:
  mov [rip + lstar_diff_saved_rax], rax
  mov rax, [rip + lstar_diff_out]
  mov [rax + 8], rcx
  mov [rax + 16], rdx
  mov [rax + 24], rbx
  mov [rax + 32], rsp
  mov [rax + 40], rbp
  mov [rax + 48], rsi
  mov [rax + 56], rdi
  mov [rax + 64], r8
  mov [rax + 72], r9
  mov [rax + 80], r10
  mov [rax + 88], r11
  mov [rax + 96], r12
  mov [rax + 104], r13
  mov [rax + 112], r14
  mov [rax + 120], r15
  mov rcx, [rip + lstar_diff_saved_rax]
  mov [rax + 0], rcx
  mov rcx, [rip + lstar_diff_taken]
  mov [rax + 136], rcx
  mov qword ptr [rip + lstar_diff_taken], 0
  mov rsp, [rip + lstar_diff_host_rsp]
  pushfq
  pop qword ptr [rax + 128]
  fxsave64 [rax + 144]
  fninit
  ldmxcsr [rip + lstar_diff_default_mxcsr]
  cld
  pop r15
  pop r14
  pop r13
  pop r12
  pop rbp
  pop rbx
  ret

  .data
  .balign 8
lstar_diff_host_rsp: .quad 0
lstar_diff_out: .quad 0
lstar_diff_code: .quad 0
lstar_diff_saved_rax: .quad 0
lstar_diff_taken: .quad 0
lstar_diff_default_mxcsr: .long 0x1f80
  .text
  .att_syntax prefix
)");
