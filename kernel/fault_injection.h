// Deterministic fault injection, in strace's `-e inject=` syntax and
// semantics: SET[:error=ERRNO|:retval=N][:signal=SIG][:when=EXPR], where SET
// is syscall names or numbers (comma-separated) and EXPR is
// FIRST[..LAST][+[STEP]] over each syscall's invocation count (1-based;
// default: every call). An injected syscall is not run: it returns -ERRNO
// or N, as strace makes it. lstar adds kernel functions student code calls
// to the set: `kmalloc` (returns NULL), `copy_from_user` and
// `copy_to_user` (copy nothing), so a grader can drive a student's error
// paths (`monitor inject kmalloc:when=2`).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "abi/signals.h"

namespace lstar::kernel {

// What an injection does to one call.
struct InjectedFault {
  std::optional<int64_t> result;  // -errno or retval; none: the call runs (signal only)
  abi::LinuxSignal signal = abi::LinuxSignal::kNone;
};

struct InjectionRule {
  std::set<std::string, std::less<>> targets;  // syscall names, or kernel function names
  std::optional<int> error;                    // positive errno
  std::optional<int64_t> retval;
  abi::LinuxSignal signal = abi::LinuxSignal::kNone;
  uint64_t first = 1;
  uint64_t last = ~uint64_t{0};
  uint64_t step = 1;  // 0: only `first`
  std::string text;   // as given, for listing

  bool fires_on(uint64_t count) const;
};

// The kernel functions an injection may name besides syscalls.
bool is_injectable_kernel_function(std::string_view name);

// Parses one spec. `syscall_name` turns a number into its name (nullopt:
// unknown number); `is_syscall` says whether a name is a syscall.
std::variant<InjectionRule, std::string> parse_injection(
    std::string_view spec, const std::function<std::optional<std::string>(int)>& syscall_name,
    const std::function<bool(std::string_view)>& is_syscall);

// The rules of a machine and, per process, how often each target was called.
class FaultInjection {
 public:
  // More rules than a grader needs would only slow every syscall down.
  static constexpr size_t kMaxRules = 64;
  // False (nothing added) when kMaxRules are there already.
  bool add(InjectionRule rule) {
    if (rules_.size() >= kMaxRules) return false;
    rules_.push_back(std::move(rule));
    return true;
  }
  void clear() { rules_.clear(); }
  void reset_counts() { counts_.clear(); }
  bool empty() const { return rules_.empty(); }
  const std::vector<InjectionRule>& rules() const { return rules_; }

  // Counts a call of `target` and returns the fault to inject, if any (the
  // first rule that names it decides, as in strace).
  std::optional<InjectedFault> on_call(std::string_view target);

 private:
  std::vector<InjectionRule> rules_;
  std::map<std::string, uint64_t, std::less<>> counts_;
};

}  // namespace lstar::kernel
