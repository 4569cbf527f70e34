// The soak's counts: operations done and failed per kind, with how long
// each took, shared by every student thread.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "soak_operations.h"

namespace lstar::bench {

struct OpFigures {
  uint64_t done = 0;           // succeeded
  uint64_t failed = 0;         // sessions lost
  std::vector<double> millis;  // one per successful operation
};

class SoakTally {
 public:
  // Errors kept for the report; later ones are only counted.
  static constexpr size_t kErrorsKept = 20;

  void succeeded(SoakOp op, std::chrono::steady_clock::duration took);
  void failed(SoakOp op, size_t student, const std::string& error);

  std::array<OpFigures, kSoakOpCount> figures() const;
  uint64_t done() const;
  uint64_t failures() const;
  std::vector<std::string> errors() const;

 private:
  mutable std::mutex mutex_;
  std::array<OpFigures, kSoakOpCount> figures_;
  std::vector<std::string> errors_;
};

}  // namespace lstar::bench
