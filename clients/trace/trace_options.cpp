#include "clients/trace/trace_options.h"

#include <charconv>

namespace lstar::trace {
namespace {

using Result = std::variant<TraceOptions, std::string>;

std::optional<size_t> parse_size(std::string_view text) {
  size_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// The value of option `-X`: the rest of this argument ("-s64") or the next
// one. Either way the option letters of this argument end here (`pos`).
std::optional<std::string> option_value(std::span<const std::string> args, size_t& i, size_t& pos) {
  const std::string arg = args[i];
  const size_t at = pos;
  pos = std::string::npos - 1;  // the caller's loop over this argument's letters stops
  if (at + 1 < arg.size()) return arg.substr(at + 1);
  if (i + 1 >= args.size()) return std::nullopt;
  return args[++i];
}

// One short option character; an error message or nothing.
std::optional<std::string> apply_short(char c, std::span<const std::string> args, size_t& i,
                                       size_t& pos, TraceOptions& o) {
  switch (c) {
    case 'c':
      o.summary = true;
      return std::nullopt;
    case 'T':
      o.durations = true;
      return std::nullopt;
    case 't':
      ++o.timestamps;
      return std::nullopt;
    case 'v':
      o.format.verbose = true;
      return std::nullopt;
    case 'q':
      ++o.quiet;
      return std::nullopt;
    case 'f':
      return std::nullopt;  // one thread per machine: nothing to follow
    case 'h':
      o.help = true;
      return std::nullopt;
    case 'V':
      o.version = true;
      return std::nullopt;
    case 'x':
      o.format.hex = o.format.hex == HexLevel::kNone ? HexLevel::kNonPrintable : HexLevel::kAll;
      return std::nullopt;
    default:
      break;
  }
  if (c != 's' && c != 'o' && c != 'e') return std::string("unknown option -") + c;
  auto value = option_value(args, i, pos);
  if (!value) return std::string("option -") + c + " needs a value";
  if (c == 'o') o.output_path = *value;
  if (c == 'e') o.expressions.push_back(*value);
  if (c == 's') {
    auto size = parse_size(*value);
    if (!size) return "-s needs a number, got '" + *value + "'";
    o.format.max_string = *size;
  }
  return std::nullopt;
}

std::optional<std::string> apply_long(std::span<const std::string> args, size_t& i,
                                      TraceOptions& o) {
  const std::string& arg = args[i];
  if (arg == "--no-stream")
    o.mode = TraceMode::kStandard;
  else if (arg == "--stream")
    o.mode = TraceMode::kStream;
  else if (arg == "--stats")
    o.stats = true;
  else if (arg == "--help")
    o.help = true;
  else if (arg == "--version")
    o.version = true;
  else if (arg == "--server") {
    if (i + 1 >= args.size()) return "--server needs the path of the lstar executable";
    o.server_path = args[++i];
  } else if (arg.starts_with("--server=")) {
    o.server_path = arg.substr(9);
  } else {
    return "unknown option " + arg;
  }
  return std::nullopt;
}

std::optional<std::string> check(const TraceOptions& o) {
  if (o.help || o.version) return std::nullopt;
  if (o.attach_address.empty() && o.program.empty())
    return "say what to trace: HOST:PORT, or -- PROGRAM [ARGS...]";
  if (!o.attach_address.empty() && !o.program.empty())
    return "give either HOST:PORT or -- PROGRAM, not both";
  if (!o.attach_address.empty() && o.attach_address.find(':') == std::string::npos)
    return "expected HOST:PORT, got '" + o.attach_address + "'";
  return std::nullopt;
}

}  // namespace

std::variant<TraceOptions, std::string> parse_trace_options(std::span<const std::string> args) {
  TraceOptions o;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      o.program.assign(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      if (o.program.empty()) return "-- needs a PROGRAM";
      break;
    }
    if (arg.starts_with("--")) {
      if (auto error = apply_long(args, i, o)) return *error;
    } else if (arg.size() > 1 && arg[0] == '-') {
      for (size_t pos = 1; pos < args[i].size(); ++pos) {
        if (auto error = apply_short(args[i][pos], args, i, pos, o)) return *error;
      }
    } else if (o.attach_address.empty()) {
      o.attach_address = arg;
    } else {
      return "unexpected argument '" + arg + "' (a program to start goes after --)";
    }
  }
  if (auto error = check(o)) return *error;
  return o;
}

std::string trace_usage() {
  return "usage: lstar-trace [OPTIONS] HOST:PORT\n"
         "       lstar-trace [OPTIONS] [--server PATH] -- PROGRAM [ARGS...]\n"
         "\n"
         "Prints the syscalls of a program running under an RSP server (lstar serve,\n"
         "gdbserver, ...) the way strace does. With -- it starts `lstar serve` for\n"
         "PROGRAM itself.\n"
         "\n"
         "  -e inject=SET:error=ERRNO|retval=N[:signal=SIG][:when=FIRST[..LAST][+[STEP]]]\n"
         "                 make these syscalls fail without running them, as strace does\n"
         "                 (and kmalloc, copy_from_user, copy_to_user in student kernel code)\n"
         "  -e trace=SET   trace only these syscalls: names, numbers, %file, %desc,\n"
         "                 %memory, %process, %signal, %clock, %creds, %lab, all;\n"
         "                 a leading ! traces all but the set\n"
         "  -o FILE        write the trace to FILE instead of stderr\n"
         "  -s STRSIZE     print at most STRSIZE characters of strings (default 32)\n"
         "  -x, -xx        non-printable strings (-x) or all strings (-xx) in hex\n"
         "  -v             print structures in full\n"
         "  -c             count calls, errors and time per syscall; print a summary\n"
         "  -T             time spent in each syscall\n"
         "  -t, -tt, -ttt  prefix each line with the time (lstar: virtual time)\n"
         "  -q, -qq        quieter (-qq: no exit status lines)\n"
         "  --server PATH  the lstar executable to start (default: next to lstar-trace)\n"
         "  --no-stream    use standard catch-syscall stops even if the server streams\n"
         "  --stream       insist on lstar's fast mode (lstar-syscall-stream)\n"
         "  --stats        print protocol figures (packets per syscall) at the end\n";
}

}  // namespace lstar::trace
