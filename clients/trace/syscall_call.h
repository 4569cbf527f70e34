// One syscall as the tracer saw it: number, name, arguments and, once it
// returned, the result. The decoders and the summary work on this.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "clients/stop_event.h"
#include "clients/trace/syscall_signature.h"

namespace lstar::trace {

// Linux returns -4095..-1 for errors; anything else is a result.
constexpr bool is_error_result(int64_t result) {
  return result < 0 && result >= -4095;
}

struct SyscallCall {
  uint64_t nr = 0;
  std::string name;                             // "openat", or "syscall_0x224" when unknown
  const SyscallSignature* signature = nullptr;  // nullptr: print six hex arguments
  client::SyscallArgs args{};
  std::optional<int64_t> result;  // nullopt: it has not returned (exit_group: "= ?")

  bool succeeded() const { return result && !is_error_result(*result); }
};

}  // namespace lstar::trace
