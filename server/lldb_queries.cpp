#include "server/lldb_queries.h"

#include <fmt/format.h>

#include "protocol/hex.h"

namespace lstar::server {
namespace {

constexpr std::string_view kTriple = "x86_64-pc-linux-gnu";

// Fields lldb needs to pick the x86-64 Linux ABI and plugins.
std::string target_fields() {
  return fmt::format("triple:{};ostype:linux;vendor:pc;endian:little;ptrsize:8;",
                     protocol::encode_hex_text(kTriple));
}

std::string host_info() {
  // x86 reports data watchpoints after the access; lldb must not step again.
  return target_fields() +
         "watchpoint_exceptions_received:after;hostname:" + protocol::encode_hex_text("lstar") +
         ";";
}

std::string process_info(const kernel::Machine& machine) {
  if (!machine.has_process()) return "E03";
  return fmt::format(
             "pid:{:x};parent-pid:1;real-uid:3e8;real-gid:3e8;effective-uid:3e8;"
             "effective-gid:3e8;",
             machine.pid()) +
         target_fields();
}

}  // namespace

std::optional<std::string> answer_lldb_query(std::string_view payload,
                                             const kernel::Machine& machine) {
  if (payload == "qHostInfo") return host_info();
  if (payload == "qProcessInfo") return process_info(machine);
  // lldb asks how many watchpoints it may set; lstar has no fixed number.
  if (payload == "qWatchpointSupportInfo" || payload == "qWatchpointSupportInfo:")
    return std::string("num:256;");
  // lldb's own error strings and thread suffixes are optional extras.
  if (payload == "QEnableErrorStrings") return std::string("OK");
  if (payload == "qGetWorkingDir") return protocol::encode_hex_text("/");
  return std::nullopt;
}

}  // namespace lstar::server
