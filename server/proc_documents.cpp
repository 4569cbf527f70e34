#include "server/proc_documents.h"

#include <fmt/format.h>

#include <charconv>

namespace lstar::server {
namespace {

// show_map_vma() pads the fixed part of a line to this width before the name.
constexpr size_t kNameColumn = 73;

// "PID" or "self" for our process: the remainder after it, else nullopt.
std::optional<std::string_view> strip_process(std::string_view path, int pid) {
  constexpr std::string_view kProc = "/proc/";
  if (path.substr(0, kProc.size()) != kProc) return std::nullopt;
  path.remove_prefix(kProc.size());
  const size_t slash = path.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view who = path.substr(0, slash);
  int number = 0;
  const auto [end, error] = std::from_chars(who.data(), who.data() + who.size(), number);
  const bool is_pid = error == std::errc{} && end == who.data() + who.size() && number == pid;
  if (who != "self" && !is_pid) return std::nullopt;
  return path.substr(slash + 1);
}

}  // namespace

std::optional<ProcFile> parse_proc_path(std::string_view path, int pid) {
  std::optional<std::string_view> rest = strip_process(path, pid);
  if (!rest) return std::nullopt;
  // One thread: /proc/PID/task/PID/... is the same as /proc/PID/...
  const std::string task_prefix = fmt::format("task/{}/", pid);
  if (rest->substr(0, task_prefix.size()) == task_prefix) rest->remove_prefix(task_prefix.size());
  if (*rest == "maps") return ProcFile::kMaps;
  if (*rest == "cmdline") return ProcFile::kCmdline;
  if (*rest == "exe") return ProcFile::kExe;
  if (*rest == "cwd") return ProcFile::kCwd;
  return std::nullopt;
}

std::string proc_maps_document(std::span<const kernel::MemoryMapping> mappings) {
  std::string out;
  for (const kernel::MemoryMapping& m : mappings) {
    std::string line =
        fmt::format("{:08x}-{:08x} {}{}{}p 00000000 00:00 0", m.start, m.end,
                    m.readable ? 'r' : '-', m.writable ? 'w' : '-', m.executable ? 'x' : '-');
    if (!m.name.empty()) {
      if (line.size() < kNameColumn) line.append(kNameColumn - line.size(), ' ');
      line += m.name;
    }
    out += line + '\n';
  }
  return out;
}

std::string proc_cmdline_document(std::span<const std::string> argv) {
  std::string out;
  for (const std::string& arg : argv) {
    out += arg;
    out += '\0';
  }
  return out;
}

}  // namespace lstar::server
