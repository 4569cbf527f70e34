// strace -c: calls, errors and time per syscall, printed as strace's table.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace lstar::trace {

class SyscallSummary {
 public:
  void record(uint64_t nr, const std::string& name, bool failed, uint64_t duration_ns);
  // The table, header and total line included, exactly in strace's layout.
  std::string render() const;
  uint64_t calls() const;

 private:
  struct Row {
    std::string name;
    uint64_t calls = 0;
    uint64_t errors = 0;
    uint64_t ns = 0;
  };
  std::map<uint64_t, Row> rows_;  // by syscall number
};

}  // namespace lstar::trace
