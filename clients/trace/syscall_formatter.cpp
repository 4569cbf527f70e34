#include "clients/trace/syscall_formatter.h"

#include <fmt/format.h>

#include "abi/errno.h"
#include "clients/trace/argument_formatter.h"
#include "clients/trace/linux_constants.h"
#include "clients/trace/symbolic.h"

namespace lstar::trace {
namespace {

constexpr uint64_t kFcntlGetFd = 1;
constexpr uint64_t kFcntlGetFl = 3;

std::string fcntl_result(const SyscallCall& call, int64_t result) {
  namespace lc = linux_constants;
  const uint64_t value = static_cast<uint64_t>(result);
  if (call.args[1] == kFcntlGetFl) {
    std::string flags = format_enum(value & 3, lc::open_access_modes(), "O_???");
    if (value & ~uint64_t{3})
      flags += "|" + format_flags(value & ~uint64_t{3}, lc::open_flags(), "0", "O_???");
    return fmt::format("{} (flags {})", hex(value), flags);
  }
  if (call.args[1] == kFcntlGetFd) {
    return fmt::format("{} (flags {})", hex(value),
                       format_flags(value, lc::fd_flags(), "0", "FD_???"));
  }
  return std::to_string(result);
}

}  // namespace

std::string format_call(const SyscallCall& call, MemoryView& memory, const FormatOptions& options) {
  return call.name + "(" + format_arguments(call, memory, options) + ")";
}

std::string format_error(int64_t result) {
  const int64_t code = -result;
  const int error = code > 0 && code <= abi::kMaxErrno ? static_cast<int>(code) : 0;
  if (const std::string_view name = abi::errno_name(error); !name.empty()) {
    // The kernel-internal restart codes never reach the program: strace
    // shows them with "?" instead of -1.
    const char* shown = code >= abi::kERESTARTSYS ? "?" : "-1";
    return fmt::format("{} {} ({})", shown, name, abi::errno_message(error));
  }
  return fmt::format("-1 E{} (Unknown error {})", code, code);
}

std::string format_result(const SyscallCall& call) {
  const Ret kind = call.signature ? call.signature->ret : Ret::kDecimal;
  if (!call.result) return "?";
  const int64_t result = *call.result;
  if (is_error_result(result)) return format_error(result);
  switch (kind) {
    case Ret::kHex:
      return hex(static_cast<uint64_t>(result));
    case Ret::kFcntl:
      return fcntl_result(call, result);
    case Ret::kOctal:
      return fmt::format("{:#03o}", result);
    case Ret::kNone:
    case Ret::kDecimal:
      break;
  }
  return std::to_string(result);
}

}  // namespace lstar::trace
