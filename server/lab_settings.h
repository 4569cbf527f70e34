// The lab server's settings: listen address, limits and logging, from the
// defaults, a config file (`--config FILE`) and the command line, in that
// order of precedence (a later source overrides an earlier one).
//
// Every setting has one name, used as `--NAME VALUE` (or `--NAME=VALUE`) on
// the command line and as `NAME = VALUE` in the config file.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lstar::server {

struct LabSettings {
  std::string host = "127.0.0.1";
  uint16_t port = 1234;
  size_t max_sessions = 64;
  size_t max_sessions_per_address = 16;
  uint64_t memory_limit_mib = 1024;  // guest memory per session
  uint64_t memory_total_mib = 0;     // all sessions together; 0: 3/4 of the host's RAM
  uint64_t max_instructions = 0;     // per continue; 0: unlimited
  uint64_t max_upload_bytes = 64ull << 20;
  size_t max_upload_files = 32;
  std::chrono::seconds idle_timeout{1800};  // 0: never
  size_t max_packet_bytes = 16384;
  std::chrono::seconds reconnect_grace{60};  // 0: no reconnecting
  unsigned workers = 0;                      // 0: one per hardware thread
  std::string log_file;                      // empty: stderr
  // The instructor's secret: `monitor admin SECRET` unlocks the instructor
  // commands (monitor sessions, session kill, broadcast). Empty: none.
  std::string admin_token;
};

// One `NAME = VALUE` assignment and where it came from ("--max-sessions",
// "lab.conf:3"), for error messages.
struct Setting {
  std::string name;
  std::string value;
  std::string origin;
};

// Whether NAME is a setting (without the leading "--").
bool is_setting_name(std::string_view name);
// Every setting name, in the order `lstar serve --help` lists them.
const std::vector<std::string_view>& setting_names();

// Applies one setting; an error message names its origin.
std::optional<std::string> apply_setting(LabSettings& settings, const Setting& setting);

// The settings of a config file's text: `NAME = VALUE` lines, `#` starts a
// comment, blank lines are ignored. An error message is "FILE:LINE: ...".
std::variant<std::vector<Setting>, std::string> parse_config_text(std::string_view text,
                                                                  const std::string& file_name);
std::variant<std::vector<Setting>, std::string> read_config_file(const std::string& path);

// Defaults, then the config file (if `config_file` is not empty), then the
// command line's settings.
// memory_total_mib as it applies: the setting, or 3/4 of the host's RAM.
uint64_t effective_memory_total_mib(const LabSettings& settings);

std::variant<LabSettings, std::string> resolve_settings(const std::string& config_file,
                                                        const std::vector<Setting>& command_line);

// The limits as one line for the log ("max-sessions=64 ...").
std::string describe_limits(const LabSettings& settings);

}  // namespace lstar::server
