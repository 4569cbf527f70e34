#include "load_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>

namespace lstar::bench {
namespace {

std::string mib(std::optional<long> kib) {
  return kib ? fmt::format("{:.1f}", static_cast<double>(*kib) / 1024.0) : "-";
}

// (rss - baseline) / sessions, in KiB.
std::string per_session(std::optional<long> rss, std::optional<long> baseline, size_t sessions) {
  if (!rss || !baseline || sessions == 0) return "-";
  return fmt::format("{:.0f}",
                     static_cast<double>(*rss - *baseline) / static_cast<double>(sessions));
}

// `extra`: sessions besides the N measured ones (the spinners).
void print_phase(const RunResult& run, PhaseResult& phase, const std::string& what,
                 size_t extra = 0) {
  const double rate = phase.seconds > 0 ? static_cast<double>(phase.stops) / phase.seconds : 0;
  const double p50 = percentile(phase.latencies_us, 0.50);
  const double p99 = percentile(phase.latencies_us, 0.99);
  std::cout << fmt::format(
      "| {} | {} | {} | {} | {:.0f} | {:.0f} | {:.0f} | {} | {} | {} |\n", run.requested, run.held,
      what, phase.errors.size(), rate, p50, p99, mib(run.baseline_rss_kib), mib(phase.peak_rss_kib),
      per_session(phase.peak_rss_kib, run.baseline_rss_kib, run.requested + extra));
  std::cout.flush();
}

}  // namespace

double percentile(std::vector<double>& values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<size_t>(std::ceil(fraction * static_cast<double>(values.size())));
  return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

void print_table_header() {
  std::cout << "| N | held | phase | failed | stops/s | p50 µs | p99 µs | RSS base MiB | RSS MiB "
               "| KiB/session |\n"
               "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
}

void print_rows(RunResult& result) {
  std::cout << fmt::format(
      "| {} | {} | idle | - | - | - | - | {} | {} | {} |\n", result.requested, result.held,
      mib(result.baseline_rss_kib), mib(result.idle_rss_kib),
      per_session(result.idle_rss_kib, result.baseline_rss_kib, result.requested));
  print_phase(result, result.active, "catch syscall");
  if (result.spinners > 0)
    print_phase(result, result.with_spinners,
                fmt::format("catch syscall, {} spinning", result.spinners), result.spinners);
}

void print_errors(const RunResult& result) {
  for (const std::string& error : result.errors)
    std::cerr << fmt::format("lab_load: N={}: {}\n", result.requested, error);
  for (const PhaseResult* phase : {&result.active, &result.with_spinners}) {
    for (const std::string& error : phase->errors)
      std::cerr << fmt::format("lab_load: N={}: {}\n", result.requested, error);
  }
}

}  // namespace lstar::bench
