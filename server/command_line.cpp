#include "server/command_line.h"

#include <fmt/format.h>

#include <charconv>

namespace lstar::server {
namespace {

std::optional<std::string> parse_listen(const std::string& text, ServeOptions& out) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return "--listen expects ADDR:PORT, e.g. 127.0.0.1:1234";
  const std::string port = text.substr(colon + 1);
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || ptr != port.data() + port.size() || value > 65535)
    return fmt::format("--listen: bad port '{}'", port);
  out.host = colon == 0 ? "0.0.0.0" : text.substr(0, colon);
  out.port = static_cast<uint16_t>(value);
  return std::nullopt;
}

// Returns the option's value, advancing `i`; or nullopt if it is missing.
std::optional<std::string> value_of(const std::vector<std::string>& args, size_t& i) {
  if (i + 1 >= args.size()) return std::nullopt;
  return args[++i];
}

}  // namespace

std::string usage() {
  return "usage: lstar serve [--listen ADDR:PORT] [--table FILE] [PROGRAM [ARGS...]]\n"
         "       lstar run [--dmesg] [--stats] [--module NAME] [--table FILE] [-E VAR=VALUE] [-U "
         "VAR]\n"
         "                 [--] PROGRAM [ARGS...]\n"
         "       lstar --help | serve --help | run --help\n";
}

std::string serve_help() {
  return "lstar serve: run a static x86-64 Linux program on lstar's modelled kernel and\n"
         "serve the GDB remote protocol for it.\n\n"
         "  --listen ADDR:PORT  where to listen (default 127.0.0.1:1234)\n"
         "  --table FILE        use FILE instead of the built-in syscall_64.tbl\n"
         "  PROGRAM [ARGS...]   the program each connection runs (default: the\n"
         "                      built-in demo that calls hello, memcpy and caesar)\n\n"
         "Then: gdb -ex 'target remote :1234' -ex 'catch syscall 548' -ex continue\n";
}

std::string run_help() {
  return "lstar run: run a static x86-64 Linux program on lstar's modelled kernel, as\n"
         "qemu-x86_64 would. The exit status is the guest's (128+N for signal N).\n\n"
         "  --dmesg          print the kernel log to stderr when the guest ends\n"
         "  --stats          print instructions executed and guest MIPS to stderr\n"
         "  --module NAME    load a built-in module first (test_call)\n"
         "  --table FILE     use FILE instead of the built-in syscall_64.tbl\n"
         "  -E VAR=VALUE     set an environment variable for the guest\n"
         "  -U VAR           remove an environment variable for the guest\n"
         "  --clear-env      start the guest with an empty environment\n";
}

std::optional<std::string> parse_serve(const std::vector<std::string>& args, ServeOptions& out) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--listen") {
      auto v = value_of(args, i);
      if (!v) return "--listen needs ADDR:PORT";
      if (auto error = parse_listen(*v, out)) return error;
    } else if (a == "--table") {
      auto v = value_of(args, i);
      if (!v) return "--table needs a file";
      out.syscall_table = *v;
    } else if (a == "--") {
      if (i + 1 < args.size()) {
        out.program = args[i + 1];
        out.args.assign(args.begin() + static_cast<long>(i) + 2, args.end());
      }
      return std::nullopt;
    } else if (!a.empty() && a[0] == '-') {
      return fmt::format("unknown option '{}'", a);
    } else {
      out.program = a;
      out.args.assign(args.begin() + static_cast<long>(i) + 1, args.end());
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<std::string> parse_run(const std::vector<std::string>& args, RunOptions& out) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--dmesg") {
      out.dmesg = true;
    } else if (a == "--stats") {
      out.stats = true;
    } else if (a == "--clear-env") {
      out.clear_env = true;
    } else if (a == "--module" || a == "--table" || a == "-E" || a == "-U") {
      auto v = value_of(args, i);
      if (!v) return fmt::format("{} needs a value", a);
      if (a == "--module") out.modules.push_back(*v);
      if (a == "--table") out.syscall_table = *v;
      if (a == "-E") out.set_env.push_back(*v);
      if (a == "-U") out.unset_env.push_back(*v);
    } else if (a == "--" || a.empty() || a[0] != '-') {
      const size_t first = a == "--" ? i + 1 : i;
      if (first >= args.size()) return "no PROGRAM given";
      out.program = args[first];
      out.args.assign(args.begin() + static_cast<long>(first) + 1, args.end());
      return std::nullopt;
    } else {
      return fmt::format("unknown option '{}'", a);
    }
  }
  return "no PROGRAM given";
}

}  // namespace lstar::server
