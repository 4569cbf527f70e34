// lstar-trace's command line, in strace's spelling where strace has one.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "clients/trace/format_options.h"

namespace lstar::trace {

enum class TraceMode {
  kAuto,      // fast mode when the server offers it, standard stops otherwise
  kStandard,  // --no-stream: QCatchSyscalls stops only
  kStream,    // --stream: fail unless the server offers fast mode
};

struct TraceOptions {
  std::string attach_address;            // HOST:PORT
  std::vector<std::string> program;      // after "--": PROGRAM ARGS...
  std::string server_path;               // --server PATH_TO_lstar
  std::string output_path;               // -o FILE
  std::vector<std::string> expressions;  // -e EXPR
  FormatOptions format;                  // -s, -x/-xx, -v
  bool summary = false;                  // -c
  bool durations = false;                // -T
  int timestamps = 0;                    // -t (1), -tt (2), -ttt (3)
  int quiet = 0;                         // -q (1), -qq (2)
  TraceMode mode = TraceMode::kAuto;
  bool stats = false;  // --stats: protocol figures on stderr at the end
  bool help = false;
  bool version = false;
};

// The options, or a message for a bad command line.
std::variant<TraceOptions, std::string> parse_trace_options(std::span<const std::string> args);

std::string trace_usage();

}  // namespace lstar::trace
