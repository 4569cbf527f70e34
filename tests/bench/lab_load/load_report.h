// The load generator's figures and how they are printed: one Markdown table
// row per measuring phase, ready for docs/performance.md.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace lstar::bench {

// One measuring phase: N sessions continuing from stop to stop.
struct PhaseResult {
  size_t sessions = 0;  // sessions that took part
  size_t stops = 0;
  double seconds = 0;
  std::vector<double> latencies_us;  // one per stop
  std::optional<long> peak_rss_kib;  // the server's, sampled during the phase
  std::vector<std::string> errors;   // sessions that failed, with the reason
};

// Everything measured for one session count N.
struct RunResult {
  size_t requested = 0;
  size_t held = 0;  // sessions connected and still working at the end
  size_t spinners = 0;
  std::optional<long> baseline_rss_kib;  // no session
  std::optional<long> idle_rss_kib;      // N sessions connected, all stopped
  PhaseResult active;                    // N sessions under catch syscall
  PhaseResult with_spinners;             // the same while `spinners` guests loop
  std::vector<std::string> errors;       // connections and spinners that failed
};

// The value below which `fraction` of `values` lie (nearest rank); 0 when
// there are none. Sorts `values`.
double percentile(std::vector<double>& values, double fraction);

void print_table_header();
void print_rows(RunResult& result);
// Every session error of the run, to stderr.
void print_errors(const RunResult& result);

}  // namespace lstar::bench
