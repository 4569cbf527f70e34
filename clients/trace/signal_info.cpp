#include "clients/trace/signal_info.h"

#include <fmt/format.h>

#include "clients/signals.h"
#include "clients/trace/memory_arguments.h"
#include "clients/trace/struct_formatters.h"

namespace lstar::trace {
namespace {

constexpr size_t kSiginfoSize = 128;
constexpr int32_t kSiUser = 0;
constexpr int32_t kSiKernel = 0x80;
constexpr int32_t kSiQueue = -1;
constexpr int32_t kSiTkill = -6;

std::string generic_code(int32_t code) {
  switch (code) {
    case kSiUser:
      return "SI_USER";
    case kSiKernel:
      return "SI_KERNEL";
    case kSiQueue:
      return "SI_QUEUE";
    case -2:
      return "SI_TIMER";
    case -3:
      return "SI_MESGQ";
    case -4:
      return "SI_ASYNCIO";
    case -5:
      return "SI_SIGIO";
    case kSiTkill:
      return "SI_TKILL";
    default:
      return std::to_string(code);
  }
}

// The signal-specific si_code names of faults.
std::string fault_code(int signo, int32_t code) {
  static const char* const kSegv[] = {"SEGV_MAPERR", "SEGV_ACCERR", "SEGV_BNDERR", "SEGV_PKUERR"};
  static const char* const kIll[] = {"ILL_ILLOPC", "ILL_ILLOPN", "ILL_ILLADR", "ILL_ILLTRP",
                                     "ILL_PRVOPC", "ILL_PRVREG", "ILL_COPROC", "ILL_BADSTK"};
  static const char* const kFpe[] = {"FPE_INTDIV", "FPE_INTOVF", "FPE_FLTDIV", "FPE_FLTOVF",
                                     "FPE_FLTUND", "FPE_FLTRES", "FPE_FLTINV", "FPE_FLTSUB"};
  static const char* const kBus[] = {"BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR"};
  static const char* const kTrap[] = {"TRAP_BRKPT", "TRAP_TRACE"};
  auto pick = [code](std::span<const char* const> names) -> std::string {
    if (code >= 1 && static_cast<size_t>(code) <= names.size()) return names[code - 1];
    return generic_code(code);
  };
  switch (signo) {
    case 11:
      return pick(kSegv);
    case 4:
      return pick(kIll);
    case 8:
      return pick(kFpe);
    case 7:
      return pick(kBus);
    case 5:
      return pick(kTrap);
    default:
      return generic_code(code);
  }
}

bool is_fault(int signo) {
  return signo == 11 || signo == 4 || signo == 8 || signo == 7 || signo == 5;
}

}  // namespace

std::string format_siginfo(int signo, std::span<const uint8_t> b) {
  const std::string name = client::linux_signal_name(signo);
  if (b.size() < kSiginfoSize) return fmt::format("{{si_signo={}, ...}}", name);
  const int32_t code = static_cast<int32_t>(load_u32(b, 8));
  std::string out = fmt::format("{{si_signo={}, si_code=", name);
  if (code == kSiUser || code == kSiTkill || code == kSiQueue) {
    out += generic_code(code);
    return out + fmt::format(", si_pid={}, si_uid={}}}", static_cast<int32_t>(load_u32(b, 16)),
                             load_u32(b, 20));
  }
  if (is_fault(signo) && (code > 0 || code == kSiKernel)) {
    out += code == kSiKernel ? generic_code(code) : fault_code(signo, code);
    return out + ", si_addr=" + format_pointer(load_u64(b, 16)) + "}";
  }
  return out + generic_code(code) + "}";
}

}  // namespace lstar::trace
