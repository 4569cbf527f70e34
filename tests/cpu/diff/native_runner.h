// Executes differential cases on the host CPU in a forked child process, so
// that faulting or misbehaving instructions cannot harm the test process.
//
// The child maps the code and scratch pages at the fixed guest addresses and
// runs batches of cases placed in shared memory; faults are caught by signal
// handlers on an alternate stack and reported per case. A child that dies or
// hangs is replaced.
#pragma once

#include <sys/types.h>

#include <span>

#include "tests/cpu/diff/machine_image.h"

namespace lstar::difftest {

class NativeRunner {
 public:
  static constexpr size_t kMaxBatch = 128;

  NativeRunner();
  ~NativeRunner();
  NativeRunner(const NativeRunner&) = delete;
  NativeRunner& operator=(const NativeRunner&) = delete;

  // Runs cases.size() (<= kMaxBatch) cases. Returns false when the child
  // died or hung; the outcomes are then unusable.
  bool run(std::span<const Case> cases, std::span<Outcome> outcomes);

  struct Shared;  // the batch in shared memory

 private:
  void spawn();
  void stop();

  Shared* shared_ = nullptr;
  pid_t child_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
};

}  // namespace lstar::difftest
