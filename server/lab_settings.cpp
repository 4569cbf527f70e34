#include "server/lab_settings.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <functional>
#include <sstream>

#include <unistd.h>

namespace lstar::server {
namespace {

// Bounds that keep a setting meaningful: a packet must hold a `g` reply
// (about 1.2 KB of hex), a guest needs room for its stack and image.
constexpr uint64_t kMinPacketBytes = 2048;
constexpr uint64_t kMaxPacketBytes = 1u << 20;
constexpr uint64_t kMinMemoryMib = 4;
constexpr uint64_t kMaxMemoryMib = 64 * 1024;
constexpr uint64_t kMaxMemoryTotalMib = 64 * 1024 * 1024;
constexpr uint64_t kMaxWorkers = 256;

std::optional<uint64_t> parse_number(std::string_view text) {
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// Parses VALUE as a whole number in [min, max] into `out`.
template <typename T>
std::optional<std::string> number_into(T& out, const Setting& s, uint64_t min, uint64_t max) {
  const auto value = parse_number(s.value);
  if (!value) return fmt::format("{}: '{}' is not a whole number", s.origin, s.value);
  if (*value < min || *value > max)
    return fmt::format("{}: {} is out of range ({} to {})", s.origin, *value, min, max);
  out = static_cast<T>(*value);
  return std::nullopt;
}

std::optional<std::string> seconds_into(std::chrono::seconds& out, const Setting& s) {
  uint64_t value = 0;
  if (auto error = number_into(value, s, 0, 365ull * 24 * 3600)) return error;
  out = std::chrono::seconds(value);
  return std::nullopt;
}

// ADDR:PORT, where ADDR is an IPv4 address, [an IPv6 address] or a host
// name; `:PORT` alone is loopback (listening on every interface must be
// asked for: 0.0.0.0:PORT or [::]:PORT).
std::optional<std::string> listen_into(LabSettings& out, const Setting& s) {
  const auto colon = s.value.rfind(':');
  if (colon == std::string::npos)
    return fmt::format("{}: expected ADDR:PORT, e.g. 127.0.0.1:1234 or [::1]:1234", s.origin);
  const auto port = parse_number(std::string_view(s.value).substr(colon + 1));
  if (!port || *port > 65535)
    return fmt::format("{}: bad port '{}'", s.origin, s.value.substr(colon + 1));
  std::string host = s.value.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host.find(':') != std::string::npos && s.value.front() != '[')
    return fmt::format("{}: write an IPv6 address in brackets: [{}]:{}", s.origin, host, *port);
  out.host = host.empty() ? "127.0.0.1" : host;
  out.port = static_cast<uint16_t>(*port);
  return std::nullopt;
}

using Applier = std::function<std::optional<std::string>(LabSettings&, const Setting&)>;

struct SettingKind {
  std::string_view name;
  Applier apply;
};

const std::vector<SettingKind>& kinds() {
  constexpr uint64_t kMany = 1'000'000;
  constexpr uint64_t kAny = ~uint64_t{0};
  static const std::vector<SettingKind> table = {
      {"listen", listen_into},
      {"max-sessions",
       [](LabSettings& o, const Setting& s) { return number_into(o.max_sessions, s, 1, kMany); }},
      {"max-sessions-per-address",
       [](LabSettings& o, const Setting& s) {
         return number_into(o.max_sessions_per_address, s, 1, kMany);
       }},
      {"memory-limit",
       [](LabSettings& o, const Setting& s) {
         return number_into(o.memory_limit_mib, s, kMinMemoryMib, kMaxMemoryMib);
       }},
      {"memory-total",
       [](LabSettings& o, const Setting& s) {
         return number_into(o.memory_total_mib, s, 0, kMaxMemoryTotalMib);
       }},
      {"max-instructions",
       [](LabSettings& o, const Setting& s) {
         return number_into(o.max_instructions, s, 0, kAny);
       }},
      {"max-upload-bytes",
       [](LabSettings& o, const Setting& s) {
         return number_into(o.max_upload_bytes, s, 0, kAny);
       }},
      {"max-upload-files",
       [](LabSettings& o, const Setting& s) {
         return number_into(o.max_upload_files, s, 0, kMany);
       }},
      {"idle-timeout",
       [](LabSettings& o, const Setting& s) { return seconds_into(o.idle_timeout, s); }},
      {"max-packet-bytes",
       [](LabSettings& o, const Setting& s) {
         return number_into(o.max_packet_bytes, s, kMinPacketBytes, kMaxPacketBytes);
       }},
      {"reconnect-grace",
       [](LabSettings& o, const Setting& s) { return seconds_into(o.reconnect_grace, s); }},
      {"workers",
       [](LabSettings& o, const Setting& s) { return number_into(o.workers, s, 1, kMaxWorkers); }},
      {"admin-token",
       [](LabSettings& o, const Setting& s) -> std::optional<std::string> {
         if (s.value.size() < 16)
           return fmt::format("{}: use at least 16 characters (e.g. openssl rand -hex 16)",
                              s.origin);
         o.admin_token = s.value;
         return std::nullopt;
       }},
      {"log",
       [](LabSettings& o, const Setting& s) -> std::optional<std::string> {
         if (s.value.empty()) return fmt::format("{}: needs a file name", s.origin);
         o.log_file = s.value;
         return std::nullopt;
       }},
  };
  return table;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

}  // namespace

bool is_setting_name(std::string_view name) {
  const auto& table = kinds();
  return std::any_of(table.begin(), table.end(),
                     [&](const SettingKind& k) { return k.name == name; });
}

const std::vector<std::string_view>& setting_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const SettingKind& k : kinds()) out.push_back(k.name);
    return out;
  }();
  return names;
}

std::optional<std::string> apply_setting(LabSettings& settings, const Setting& setting) {
  for (const SettingKind& k : kinds()) {
    if (k.name == setting.name) return k.apply(settings, setting);
  }
  return fmt::format("{}: unknown setting '{}'", setting.origin, setting.name);
}

std::variant<std::vector<Setting>, std::string> parse_config_text(std::string_view text,
                                                                  const std::string& file_name) {
  std::vector<Setting> out;
  size_t line_number = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++line_number;
    line = trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    const std::string origin = fmt::format("{}:{}", file_name, line_number);
    const auto equals = line.find('=');
    if (equals == std::string_view::npos)
      return fmt::format("{}: expected NAME = VALUE, got '{}'", origin, line);
    Setting s{std::string(trim(line.substr(0, equals))), std::string(trim(line.substr(equals + 1))),
              origin};
    if (!is_setting_name(s.name)) return fmt::format("{}: unknown setting '{}'", origin, s.name);
    out.push_back(std::move(s));
  }
  return out;
}

std::variant<std::vector<Setting>, std::string> read_config_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return fmt::format("{}: cannot read the config file", path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config_text(text.str(), path);
}

std::variant<LabSettings, std::string> resolve_settings(const std::string& config_file,
                                                        const std::vector<Setting>& command_line) {
  std::vector<Setting> all;
  if (!config_file.empty()) {
    auto file = read_config_file(config_file);
    if (auto* error = std::get_if<std::string>(&file)) return *error;
    all = std::get<std::vector<Setting>>(std::move(file));
  }
  all.insert(all.end(), command_line.begin(), command_line.end());
  LabSettings settings;
  for (const Setting& s : all) {
    if (auto error = apply_setting(settings, s)) return *error;
  }
  return settings;
}

uint64_t effective_memory_total_mib(const LabSettings& settings) {
  if (settings.memory_total_mib != 0) return settings.memory_total_mib;
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return kMaxMemoryTotalMib;
  const uint64_t ram_mib = (static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_size)) >> 20;
  return std::max<uint64_t>(ram_mib / 4 * 3, 1);
}

std::string describe_limits(const LabSettings& s) {
  return fmt::format(
      "max-sessions={} max-sessions-per-address={} memory-limit={} memory-total={} "
      "max-instructions={} max-upload-bytes={} max-upload-files={} idle-timeout={} "
      "max-packet-bytes={} reconnect-grace={}",
      s.max_sessions, s.max_sessions_per_address, s.memory_limit_mib, effective_memory_total_mib(s),
      s.max_instructions, s.max_upload_bytes, s.max_upload_files, s.idle_timeout.count(),
      s.max_packet_bytes, s.reconnect_grace.count());
}

}  // namespace lstar::server
