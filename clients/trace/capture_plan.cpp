#include "clients/trace/capture_plan.h"

#include "clients/trace/struct_formatters.h"

namespace lstar::trace {
namespace {

using client::CaptureRule;
using When = CaptureRule::When;
using Kind = CaptureRule::Kind;

constexpr uint32_t kPathCapture = 4096;  // PATH_MAX, NUL included

CaptureRule rule(When when, size_t arg, Kind kind, size_t limit, size_t length_arg = 0) {
  return CaptureRule{when, static_cast<uint8_t>(arg), kind, static_cast<uint32_t>(limit),
                     static_cast<uint8_t>(length_arg)};
}

CaptureRule fixed(When when, size_t arg, size_t size) {
  return rule(when, arg, Kind::kFixed, size);
}

void add_rules(Arg kind, size_t i, size_t max, std::vector<CaptureRule>& out) {
  switch (kind) {
    case Arg::kPath:
      out.push_back(rule(When::kEntry, i, Kind::kString, kPathCapture));
      break;
    case Arg::kString:
      out.push_back(rule(When::kEntry, i, Kind::kString, max + 1));
      break;
    case Arg::kInBuf:
      out.push_back(rule(When::kEntry, i, Kind::kLengthArgument, max, i + 1));
      break;
    case Arg::kOutBuf:
    case Arg::kOutHexBuf:
      out.push_back(rule(When::kReturn, i, Kind::kResultLength, max));
      break;
    case Arg::kOutString:
      out.push_back(rule(When::kReturn, i, Kind::kString, kPathCapture));
      break;
    case Arg::kTimespecIn:
    case Arg::kFutexTimeout:
      out.push_back(fixed(When::kEntry, i, kTimespecSize));
      break;
    case Arg::kTimespecOut:
      out.push_back(fixed(When::kReturn, i, kTimespecSize));
      break;
    case Arg::kUtsnameOut:
      out.push_back(fixed(When::kReturn, i, kUtsnameSize));
      break;
    case Arg::kStatOut:
      out.push_back(fixed(When::kReturn, i, kStatSize));
      break;
    case Arg::kRlimitIn:
      out.push_back(fixed(When::kEntry, i, kRlimitSize));
      break;
    case Arg::kRlimitOut:
      out.push_back(fixed(When::kReturn, i, kRlimitSize));
      break;
    case Arg::kSigactionIn:
      out.push_back(fixed(When::kEntry, i, kSigactionSize));
      break;
    case Arg::kSigactionOut:
      out.push_back(fixed(When::kReturn, i, kSigactionSize));
      break;
    case Arg::kSigsetIn:
      out.push_back(fixed(When::kEntry, i, kSigsetSize));
      break;
    case Arg::kSigsetOut:
      out.push_back(fixed(When::kReturn, i, kSigsetSize));
      break;
    case Arg::kIovecIn:
      out.push_back(rule(When::kEntry, i, Kind::kIovec, max, i + 1));
      break;
    case Arg::kIovecOut:
      out.push_back(rule(When::kReturn, i, Kind::kIovec, max, i + 1));
      break;
    case Arg::kIoctlArg:
      // TCSETS reads a termios, TCGETS fills one: copy it both times.
      out.push_back(fixed(When::kEntry, i, kTermiosSize));
      out.push_back(fixed(When::kReturn, i, kTermiosSize));
      break;
    default:
      break;  // numbers and flags travel in the record itself
  }
}

}  // namespace

std::vector<CaptureRule> capture_rules(const SyscallSignature& signature,
                                       const FormatOptions& options) {
  std::vector<CaptureRule> rules;
  for (size_t i = 0; i < signature.nargs; ++i)
    add_rules(signature.args[i], i, options.max_string, rules);
  return rules;
}

client::SyscallStreamRequest stream_request(const SyscallTable& table, const TraceFilter& filter,
                                            const FormatOptions& options) {
  client::SyscallStreamRequest request;
  request.all_syscalls = filter.traces_everything();
  const std::vector<uint64_t> numbers = request.all_syscalls ? table.numbers() : filter.numbers();
  if (!request.all_syscalls) request.numbers = numbers;
  for (uint64_t nr : numbers) {
    auto name = table.name(nr);
    const SyscallSignature* signature = name ? find_signature(*name) : nullptr;
    if (signature == nullptr) continue;
    std::vector<CaptureRule> rules = capture_rules(*signature, options);
    if (!rules.empty()) request.captures[nr] = std::move(rules);
  }
  return request;
}

}  // namespace lstar::trace
