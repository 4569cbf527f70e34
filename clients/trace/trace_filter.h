// Which syscalls to trace: strace's -e trace=... expressions, resolved
// against the server's syscall table.
#pragma once

#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "clients/trace/syscall_table.h"

namespace lstar::trace {

class TraceFilter {
 public:
  // Everything.
  TraceFilter() = default;

  // "trace=open,close", "open" (trace= is implied), "trace=%file",
  // "trace=!write", "trace=548", "trace=all". Several expressions narrow
  // the set in turn, as repeated -e trace= do in strace (the last wins).
  static std::variant<TraceFilter, std::string> parse(std::span<const std::string> expressions,
                                                      const SyscallTable& table);

  bool traces(uint64_t nr) const { return everything_ || numbers_.contains(nr); }
  bool traces_everything() const { return everything_; }
  // The traced numbers (when not everything).
  std::vector<uint64_t> numbers() const { return {numbers_.begin(), numbers_.end()}; }

 private:
  bool everything_ = true;
  std::set<uint64_t> numbers_;
};

}  // namespace lstar::trace
