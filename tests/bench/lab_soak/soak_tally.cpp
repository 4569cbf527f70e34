#include "soak_tally.h"

#include <fmt/format.h>

namespace lstar::bench {

void SoakTally::succeeded(SoakOp op, std::chrono::steady_clock::duration took) {
  const std::lock_guard lock(mutex_);
  OpFigures& f = figures_[static_cast<size_t>(op)];
  ++f.done;
  f.millis.push_back(std::chrono::duration<double, std::milli>(took).count());
}

void SoakTally::failed(SoakOp op, size_t student, const std::string& error) {
  const std::lock_guard lock(mutex_);
  ++figures_[static_cast<size_t>(op)].failed;
  if (errors_.size() < kErrorsKept)
    errors_.push_back(fmt::format("student {}: {}: {}", student, op_name(op), error));
}

std::array<OpFigures, kSoakOpCount> SoakTally::figures() const {
  const std::lock_guard lock(mutex_);
  return figures_;
}

uint64_t SoakTally::done() const {
  const std::lock_guard lock(mutex_);
  uint64_t total = 0;
  for (const OpFigures& f : figures_) total += f.done;
  return total;
}

uint64_t SoakTally::failures() const {
  const std::lock_guard lock(mutex_);
  uint64_t total = 0;
  for (const OpFigures& f : figures_) total += f.failed;
  return total;
}

std::vector<std::string> SoakTally::errors() const {
  const std::lock_guard lock(mutex_);
  return errors_;
}

}  // namespace lstar::bench
