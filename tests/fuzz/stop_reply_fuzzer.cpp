// lstar-trace's stop-reply parser (clients/stop_reply_parser) on arbitrary
// payloads, as a hostile or broken server could send them: no crash, and
// what it accepts is consistent (a register value is whole bytes, a
// syscall stop is a stop, the thread's process parses or is absent).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "clients/stop_event.h"
#include "clients/stop_reply_parser.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view payload(reinterpret_cast<const char*>(data), size);
  const std::optional<lstar::client::ParsedStop> stop = lstar::client::parse_stop_reply(payload);
  if (!stop) return 0;
  LSTAR_FUZZ_CHECK(!payload.empty());
  if (stop->syscall_entry || stop->syscall_return || stop->software_breakpoint ||
      stop->hardware_breakpoint || stop->watch || !stop->registers.empty()) {
    LSTAR_FUZZ_CHECK(stop->kind == lstar::client::ParsedStop::Kind::kStopped);
  }
  for (const auto& reg : stop->registers) LSTAR_FUZZ_CHECK(reg.value.size() * 2 <= payload.size());
  (void)lstar::client::process_of_thread(stop->thread);
  (void)lstar::client::process_of_thread(stop->process);
  return 0;
}
