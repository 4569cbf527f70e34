// Executes differential cases in lstar's Cpu, with the code and scratch
// pages mapped at the same addresses as in the native child.
#pragma once

#include <array>

#include "cpu/address_space.h"
#include "cpu/cpu.h"
#include "tests/cpu/diff/machine_image.h"

namespace lstar::difftest {

class LstarRunner {
 public:
  LstarRunner();
  Outcome run(const Case& c);
  // The exception of the last faulting run, for failure reports.
  const std::string& last_fault_detail() const { return last_detail_; }

 private:
  void place_code(const Case& c);

  cpu::AddressSpace memory_;
  cpu::Cpu cpu_;
  std::array<uint8_t, kMaxCodeBytes> code_{};
  uint8_t code_len_ = 0;
  bool code_placed_ = false;
  std::string last_detail_;
};

// The signal Linux delivers for an exception.
int signal_for(cpu::Exception e);

}  // namespace lstar::difftest
