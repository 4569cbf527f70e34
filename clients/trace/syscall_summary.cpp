#include "clients/trace/syscall_summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace lstar::trace {
namespace {

constexpr const char* kRule =
    "------ ----------- ----------- --------- --------- ----------------\n";

// strace's "%9.u": a blank column for zero errors.
std::string errors_column(uint64_t errors) {
  return errors == 0 ? std::string(9, ' ') : fmt::format("{:>9}", errors);
}

std::string row_line(double percent, uint64_t ns, uint64_t calls, uint64_t errors,
                     const std::string& name) {
  const uint64_t usecs_per_call = calls == 0 ? 0 : ns / 1000 / calls;
  return fmt::format("{:6.2f} {:11.6f} {:11} {:9} {} {}\n", percent, static_cast<double>(ns) / 1e9,
                     usecs_per_call, calls, errors_column(errors), name);
}

}  // namespace

void SyscallSummary::record(uint64_t nr, const std::string& name, bool failed,
                            uint64_t duration_ns) {
  Row& row = rows_[nr];
  row.name = name;
  ++row.calls;
  if (failed) ++row.errors;
  row.ns += duration_ns;
}

uint64_t SyscallSummary::calls() const {
  uint64_t total = 0;
  for (const auto& [nr, row] : rows_) total += row.calls;
  return total;
}

std::string SyscallSummary::render() const {
  // Most time first; equal times in syscall number order, as strace shows them.
  std::vector<const Row*> rows;
  for (const auto& [nr, row] : rows_) rows.push_back(&row);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row* a, const Row* b) { return a->ns > b->ns; });
  uint64_t total_ns = 0, total_calls = 0, total_errors = 0;
  for (const Row* row : rows) {
    total_ns += row->ns;
    total_calls += row->calls;
    total_errors += row->errors;
  }
  std::string out = "% time     seconds  usecs/call     calls    errors syscall\n";
  out += kRule;
  for (const Row* row : rows) {
    const double percent =
        total_ns == 0 ? 0.0 : 100.0 * static_cast<double>(row->ns) / static_cast<double>(total_ns);
    out += row_line(percent, row->ns, row->calls, row->errors, row->name);
  }
  out += kRule;
  out += row_line(100.0, total_ns, total_calls, total_errors, "total");
  return out;
}

}  // namespace lstar::trace
