#include "kernel/kernel_call.h"

#include <algorithm>

#include "kernel/image/kernel_layout.h"
#include "kernel/kernel.h"
#include "kernel/oops.h"

namespace lstar::kernel {
namespace {

constexpr uint64_t kSlice = 1u << 20;

void enter_kernel_mode(Kernel& k, uint64_t function, uint64_t argument) {
  cpu::CpuState& s = k.cpu().state();
  s.cpl = 0;
  s.segment[cpu::kCs] = __KERNEL_CS;
  s.segment[cpu::kSs] = __KERNEL_DS;
  s.gs_base = k.symbol("percpu_area");
  s.write_rflags(0x2);
  s.gpr[cpu::kRsp] = k.symbol("kernel_call_stack_top");
  // The function returns to kernel_call_return; that native's own return
  // pops the word above (never used: the run stops there).
  k.cpu().push64(0);
  k.cpu().push64(k.symbol("kernel_call_return"));
  s.gpr[cpu::kRdi] = argument;
  s.rip = function;
}

}  // namespace

KernelCallResult call_kernel_function(Kernel& k, uint64_t function, uint64_t argument,
                                      uint64_t instruction_limit) {
  cpu::Cpu& cpu = k.cpu();
  const cpu::CpuState saved = cpu.state();
  const uint64_t start = cpu.instructions_retired();
  enter_kernel_mode(k, function, argument);
  KernelCallResult result;
  for (;;) {
    const uint64_t used = cpu.instructions_retired() - start;
    if (used >= instruction_limit) {
      report_soft_lockup(k, cpu.state(), used);
      result.failure = "the watchdog stopped it (soft lockup; see dmesg)";
      break;
    }
    const cpu::RunResult r = cpu.run(std::min(kSlice, instruction_limit - used));
    if (r.reason == cpu::ExitReason::kStopRequested) {
      k.take_pending_event();  // nothing a syscall would stop for happens here
      if (k.take_kernel_call_return()) {
        result.returned = true;
        result.value = cpu.state().gpr[cpu::kRax];
        break;
      }
    } else if (r.reason == cpu::ExitReason::kBreakpoint) {
      // No debugger stop can happen inside a monitor command: go past it.
      cpu.step();
    } else if (r.reason == cpu::ExitReason::kFault || r.reason == cpu::ExitReason::kHalted) {
      report_oops(k, *r.fault, cpu.state());
      result.failure = "Segmentation fault (it oopsed; see dmesg)";
      break;
    } else if (r.reason == cpu::ExitReason::kInterrupted) {
      report_soft_lockup(k, cpu.state(), cpu.instructions_retired() - start);
      result.failure = "interrupted";
      break;
    }
  }
  cpu.state() = saved;
  return result;
}

}  // namespace lstar::kernel
