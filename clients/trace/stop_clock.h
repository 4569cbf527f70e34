// The time of each syscall stop, for -T, -t/-tt/-ttt and -c.
//
// lstar has a virtual clock (each guest instruction is one nanosecond,
// the program starts 1.5 s after boot), so its timings are exact and the
// same on every run: fast-mode records carry it, and in standard mode
// `monitor stats` tells the instruction count at a stop. Other servers
// (gdbserver) get the host's wall clock, as strace uses.
#pragma once

#include <optional>

#include "clients/client.h"
#include "clients/trace/timestamp.h"

namespace lstar::trace {

class StopClock {
 public:
  // No clock at all: nothing asked for times, so no stop pays for them.
  StopClock() = default;
  // Probes the server once (`monitor stats`) to pick the clock.
  static StopClock detect(client::Client& client);

  bool enabled() const { return source_ != Source::kNone; }
  // The time of `event` (which must be the current stop, or streamed).
  std::optional<Timestamp> at(client::Client& client, const client::StopEvent& event) const;

 private:
  enum class Source { kNone, kMonitorStats, kWall };
  explicit StopClock(Source source) : source_(source) {}

  Source source_ = Source::kNone;
  mutable std::optional<Timestamp> last_;  // for stops that cannot tell the time
};

// "instructions: 1234" in lstar's `monitor stats` output.
std::optional<uint64_t> parse_instruction_count(std::string_view monitor_stats);

// Virtual time of a stop after `instructions` retired instructions.
Timestamp virtual_time(uint64_t instructions);

}  // namespace lstar::trace
