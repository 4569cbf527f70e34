// The syscall layer through the real path: a booted Machine running the
// demo program executes `syscall` instructions whose number, six arguments
// and other registers come from the input, one after another on the same
// process (so an open can feed a read, an mmap a munmap).
//
// Arguments are small numbers, values just below 2^64, addresses in or
// near a scratch mapping filled from the input, or anything. Properties:
// no host crash or hang; a syscall that returns to the next instruction
// leaves a number in rax, and a negative one is a named Linux errno
// (-ERESTART* and other kernel-internal codes must never reach the user).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "kernel/errno.h"
#include "kernel/machine.h"
#include "kernel/user_registers.h"
#include "server/demo_program.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

using lstar::kernel::Machine;
using lstar::kernel::ResumeMode;
using lstar::kernel::StopEvent;
using lstar::kernel::UserRegisters;

constexpr uint64_t kScratchSize = 64 * 1024;
constexpr int kMaxSyscalls = 8;
constexpr uint8_t kSyscallInsn[] = {0x0f, 0x05};

// Syscalls that legitimately do not come back to the next instruction.
bool changes_control_flow(uint64_t nr) {
  return nr == 15       // rt_sigreturn: restores a frame from the (fuzzed) stack
         || nr == 59    // execve
         || nr == 322   // execveat
         || nr == 60    // exit
         || nr == 231;  // exit_group
}

// Executes one `syscall` at `at` with `regs` and returns the stop.
StopEvent run_syscall(Machine& machine, uint64_t at, UserRegisters regs) {
  regs.rip = at;
  machine.set_registers(regs);
  machine.write_memory(at, kSyscallInsn);
  return machine.resume(ResumeMode::kStep);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  lstar::fuzz::FuzzInput input(data, size);
  lstar::kernel::MachineConfig config;
  config.output = [](int, std::string_view) {};
  config.memory_limit_bytes = uint64_t{64} << 20;
  std::unique_ptr<Machine> machine = Machine::create(config);
  LSTAR_FUZZ_CHECK(machine != nullptr);
  const std::span<const uint8_t> demo = lstar::server::demo_program_bytes();
  LSTAR_FUZZ_CHECK(!machine->load(demo, {"/lab/demo"}, {"PATH=/bin"}).has_value());
  const uint64_t at = machine->registers().rip;

  // Scratch memory for pointer arguments, through the same path.
  UserRegisters regs = machine->registers();
  regs.rax = 9;  // mmap(NULL, kScratchSize, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS)
  regs.rdi = 0;
  regs.rsi = kScratchSize;
  regs.rdx = 3;
  regs.r10 = 0x22;
  regs.r8 = ~uint64_t{0};
  regs.r9 = 0;
  LSTAR_FUZZ_CHECK(run_syscall(*machine, at, regs).kind == StopEvent::Kind::kStepped);
  const uint64_t scratch = machine->registers().rax;
  LSTAR_FUZZ_CHECK(scratch % 4096 == 0 && scratch != 0);
  const std::span<const uint8_t> contents = input.take(input.byte() * 16);
  machine->write_memory(scratch, contents);
  const uint64_t anchor = scratch + input.u16() % kScratchSize;

  for (int i = 0; i < kMaxSyscalls && !input.empty(); ++i) {
    regs = machine->registers();
    const uint8_t nr_kind = input.byte();
    regs.rax = nr_kind < 240 ? input.u16() % 512 : input.edgy_value(0);
    for (uint64_t* arg : {&regs.rdi, &regs.rsi, &regs.rdx, &regs.r10, &regs.r8, &regs.r9}) {
      *arg = input.edgy_value(anchor);
    }
    if (input.byte() & 1) regs.rsp = input.edgy_value(anchor);
    const uint64_t nr = regs.rax;
    const StopEvent stop = run_syscall(*machine, at, regs);
    if (stop.kind == StopEvent::Kind::kExited || stop.kind == StopEvent::Kind::kKilled) break;
    if (stop.kind != StopEvent::Kind::kStepped) {
      // A signal stop at the syscall's exit (kill(getpid())): the CPU is
      // still in the kernel. One more step finishes the syscall (dropping
      // the signal, as gdb's `signal 0`), so the next one starts from user
      // mode.
      const StopEvent out = machine->resume(ResumeMode::kStep);
      if (out.kind == StopEvent::Kind::kExited || out.kind == StopEvent::Kind::kKilled) break;
      continue;
    }
    const UserRegisters after = machine->registers();
    if (changes_control_flow(nr)) continue;
    LSTAR_FUZZ_CHECK(after.rip == at + sizeof kSyscallInsn);
    const auto result = static_cast<int64_t>(after.rax);
    if (result < 0 && result >= -lstar::kernel::kMaxErrno) {
      if (lstar::kernel::errno_name(static_cast<int>(-result)).empty()) {
        std::fprintf(stderr, "syscall %llu returned %lld\n", static_cast<unsigned long long>(nr),
                     static_cast<long long>(result));
        LSTAR_FUZZ_CHECK(!"a syscall returned an errno Linux does not have");
      }
    }
  }
  return 0;
}
