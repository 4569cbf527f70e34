#include "kernel/fault_injection.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "abi/errno.h"

namespace lstar::kernel {
namespace {

template <typename T>
std::optional<T> number(std::string_view text) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (;;) {
    const size_t at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

// FIRST[..LAST][+[STEP]]
std::optional<std::string> parse_when(std::string_view expr, InjectionRule& rule) {
  const std::string bad = fmt::format("bad when={} (FIRST[..LAST][+[STEP]])", expr);
  rule.step = 0;
  if (const size_t plus = expr.find('+'); plus != std::string_view::npos) {
    const std::string_view step = expr.substr(plus + 1);
    auto value = step.empty() ? std::optional<uint64_t>(1) : number<uint64_t>(step);
    if (!value || *value == 0) return bad;
    rule.step = *value;
    expr = expr.substr(0, plus);
  }
  const size_t dots = expr.find("..");
  auto first = number<uint64_t>(expr.substr(0, dots));
  if (!first || *first == 0) return bad;
  rule.first = *first;
  if (dots != std::string_view::npos) {
    auto last = number<uint64_t>(expr.substr(dots + 2));
    if (!last || *last < *first) return bad;
    rule.last = *last;
    if (rule.step == 0) rule.step = 1;
  } else if (rule.step == 0) {
    rule.last = *first;
  }
  return std::nullopt;
}

std::optional<std::string> parse_targets(
    std::string_view set, InjectionRule& rule,
    const std::function<std::optional<std::string>(int)>& syscall_name,
    const std::function<bool(std::string_view)>& is_syscall) {
  for (std::string_view item : split(set, ',')) {
    if (item.empty()) return std::string("an empty name in the syscall set");
    if (auto nr = number<int>(item)) {
      auto name = syscall_name(*nr);
      if (!name) return fmt::format("unknown syscall number {}", *nr);
      rule.targets.insert(*name);
    } else if (is_syscall(item) || is_injectable_kernel_function(item)) {
      rule.targets.emplace(item);
    } else {
      return fmt::format(
          "'{}' is neither a syscall nor one of kmalloc, copy_from_user, "
          "copy_to_user",
          item);
    }
  }
  return std::nullopt;
}

}  // namespace

bool InjectionRule::fires_on(uint64_t count) const {
  if (count < first || count > last) return false;
  return step == 0 ? count == first : (count - first) % step == 0;
}

bool is_injectable_kernel_function(std::string_view name) {
  return name == "kmalloc" || name == "copy_from_user" || name == "copy_to_user";
}

std::variant<InjectionRule, std::string> parse_injection(
    std::string_view spec, const std::function<std::optional<std::string>(int)>& syscall_name,
    const std::function<bool(std::string_view)>& is_syscall) {
  InjectionRule rule;
  rule.text = std::string(spec);
  const std::vector<std::string_view> parts = split(spec, ':');
  if (auto error = parse_targets(parts[0], rule, syscall_name, is_syscall)) return *error;
  for (size_t i = 1; i < parts.size(); ++i) {
    const std::string_view part = parts[i];
    const size_t eq = part.find('=');
    const std::string_view key = part.substr(0, eq);
    const std::string_view value = eq == std::string_view::npos ? "" : part.substr(eq + 1);
    if (key == "error") {
      auto named = abi::errno_from_name(value);
      auto numbered = number<int>(value);
      const std::optional<int> error = named ? named : numbered;
      if (!error || *error <= 0 || *error > 4095) return fmt::format("bad error={}", value);
      rule.error = *error;
    } else if (key == "retval") {
      auto n = number<int64_t>(value);
      if (!n) return fmt::format("bad retval={}", value);
      rule.retval = *n;
    } else if (key == "signal") {
      std::optional<abi::LinuxSignal> signal;
      for (int n = 1; n <= abi::number(abi::LinuxSignal::kSigRtMax) && !signal; ++n) {
        const auto s = static_cast<abi::LinuxSignal>(n);
        const std::string name = abi::signal_name(s);
        if (value == name || (name.starts_with("SIG") && value == name.substr(3))) signal = s;
      }
      if (auto n = number<int>(value); n && abi::is_linux_signal(*n))
        signal = static_cast<abi::LinuxSignal>(*n);
      if (!signal) return fmt::format("bad signal={}", value);
      rule.signal = *signal;
    } else if (key == "when") {
      if (auto error = parse_when(value, rule)) return *error;
    } else {
      return fmt::format("unknown inject option '{}' (error=, retval=, signal=, when=)", key);
    }
  }
  if (rule.error && rule.retval) return std::string("error= and retval= exclude each other");
  // A kernel function fails its own way (kmalloc: NULL; the copies: nothing
  // copied), so it needs no error=; a syscall does.
  const bool only_kernel_functions =
      std::all_of(rule.targets.begin(), rule.targets.end(),
                  [](const std::string& t) { return is_injectable_kernel_function(t); });
  if (!rule.error && !rule.retval && rule.signal == abi::LinuxSignal::kNone) {
    if (!only_kernel_functions)
      return std::string("say what to inject: error=, retval= or signal=");
    rule.error = 1;  // any: the kernel functions ignore the value
  }
  return rule;
}

std::optional<InjectedFault> FaultInjection::on_call(std::string_view target) {
  const InjectionRule* rule = nullptr;
  for (const InjectionRule& r : rules_) {
    if (r.targets.contains(target)) {
      rule = &r;
      break;
    }
  }
  if (!rule) return std::nullopt;
  auto it = counts_.find(target);
  if (it == counts_.end()) it = counts_.emplace(std::string(target), 0).first;
  const uint64_t count = ++it->second;
  if (!rule->fires_on(count)) return std::nullopt;
  InjectedFault fault;
  if (rule->error) fault.result = -int64_t{*rule->error};
  if (rule->retval) fault.result = *rule->retval;
  fault.signal = rule->signal;
  return fault;
}

}  // namespace lstar::kernel
