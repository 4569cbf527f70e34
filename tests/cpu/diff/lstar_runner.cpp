#include "tests/cpu/diff/lstar_runner.h"

#include <signal.h>

namespace lstar::difftest {

int signal_for(cpu::Exception e) {
  switch (e) {
    case cpu::Exception::kDivideError:
    case cpu::Exception::kSimdFloatingPoint:
      return SIGFPE;
    case cpu::Exception::kBreakpoint:
      return SIGTRAP;
    case cpu::Exception::kInvalidOpcode:
      return SIGILL;
    case cpu::Exception::kGeneralProtection:
    case cpu::Exception::kPageFault:
      return SIGSEGV;
  }
  return -1;
}

LstarRunner::LstarRunner() : cpu_(memory_) {
  memory_.map(kCodeAddr, cpu::kPageSize, cpu::perm::kRead | cpu::perm::kExec | cpu::perm::kUser);
  memory_.map(kScratchAddr, kScratchSize, cpu::perm::kRead | cpu::perm::kWrite | cpu::perm::kUser);
}

// Rewriting the code page goes through write_debug, which invalidates the
// decoded blocks of that page: the same path self-modifying code takes.
void LstarRunner::place_code(const Case& c) {
  if (code_placed_ && code_len_ == c.code_len && code_ == c.code) return;
  std::array<uint8_t, 32> bytes;
  bytes.fill(0xf4);  // hlt: never reached, runs stop after one instruction
  std::copy(c.code.begin(), c.code.begin() + c.code_len, bytes.begin());
  memory_.write_debug(kCodeAddr, bytes.data(), bytes.size());
  code_ = c.code;
  code_len_ = c.code_len;
  code_placed_ = true;
}

Outcome LstarRunner::run(const Case& c) {
  place_code(c);
  memory_.write_debug(kScratchAddr, c.memory.data(), kScratchSize);
  cpu::CpuState& s = cpu_.state();
  s = cpu::CpuState{};
  load_image(c.in, s);
  s.rip = kCodeAddr;
  s.cpl = 3;
  const cpu::RunResult r = cpu_.step();
  Outcome o;
  last_detail_.clear();
  if (r.reason == cpu::ExitReason::kFault) {
    o.signal = signal_for(r.fault->exception);
    last_detail_ = r.fault->detail;
  }
  o.out = store_image(s);
  if (o.signal == 0 && s.rip == kBranchTarget) {
    o.out.taken = 1;
  } else if (o.signal == 0 && s.rip != kCodeAddr + c.code_len) {
    o.signal = -1;  // continued somewhere else
  }
  memory_.read_debug(kScratchAddr, o.memory.data(), kScratchSize);
  return o;
}

}  // namespace lstar::difftest
