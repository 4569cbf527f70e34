#include "clients/trace/stop_clock.h"

#include <charconv>
#include <chrono>

#include "clients/client_error.h"

namespace lstar::trace {
namespace {

// lstar starts the program 1.5 s after "boot" (see docs/architecture.md).
constexpr uint64_t kProgramStartNs = 1'500'000'000;

Timestamp wall_now() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return {Timestamp::Clock::kWall,
          static_cast<uint64_t>(
              std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count())};
}

}  // namespace

std::optional<uint64_t> parse_instruction_count(std::string_view text) {
  constexpr std::string_view kKey = "instructions:";
  const size_t at = text.find(kKey);
  if (at == std::string_view::npos) return std::nullopt;
  size_t start = at + kKey.size();
  while (start < text.size() && text[start] == ' ') ++start;
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data() + start, text.data() + text.size(), value);
  if (ec != std::errc() || ptr == text.data() + start) return std::nullopt;
  return value;
}

Timestamp virtual_time(uint64_t instructions) {
  return {Timestamp::Clock::kVirtual, kProgramStartNs + instructions};
}

StopClock StopClock::detect(client::Client& client) {
  try {
    if (parse_instruction_count(client.monitor("stats"))) return StopClock(Source::kMonitorStats);
  } catch (const client::TargetError&) {
  } catch (const client::UnsupportedError&) {
  }
  return StopClock(Source::kWall);
}

std::optional<Timestamp> StopClock::at(client::Client& client,
                                       const client::StopEvent& event) const {
  if (source_ == Source::kNone) return std::nullopt;
  if (event.virtual_time_ns) return last_ = virtual_time(*event.virtual_time_ns);
  if (source_ == Source::kWall) return wall_now();
  try {
    if (auto count = parse_instruction_count(client.monitor("stats")))
      return last_ = virtual_time(*count);
  } catch (const client::Error&) {
    // The session may refuse once the process is gone: keep the last time.
  }
  return last_;
}

}  // namespace lstar::trace
