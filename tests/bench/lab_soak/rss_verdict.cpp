#include "rss_verdict.h"

#include <algorithm>

namespace lstar::bench {
namespace {

double slope_per_minute(const std::vector<RssSample>& samples) {
  if (samples.size() < 2) return 0;
  double mean_t = 0;
  double mean_k = 0;
  for (const RssSample& s : samples) {
    mean_t += s.seconds;
    mean_k += static_cast<double>(s.kib);
  }
  mean_t /= static_cast<double>(samples.size());
  mean_k /= static_cast<double>(samples.size());
  double covariance = 0;
  double variance = 0;
  for (const RssSample& s : samples) {
    covariance += (s.seconds - mean_t) * (static_cast<double>(s.kib) - mean_k);
    variance += (s.seconds - mean_t) * (s.seconds - mean_t);
  }
  return variance > 0 ? covariance / variance * 60.0 : 0;
}

}  // namespace

RssVerdict judge_rss(const std::vector<RssSample>& samples, double run_seconds,
                     const RssBound& bound) {
  RssVerdict v;
  if (samples.empty()) return v;
  const double warmup_end = run_seconds * bound.warmup_fraction;
  std::vector<RssSample> after;
  v.min_kib = v.max_kib = samples.front().kib;
  for (const RssSample& s : samples) {
    v.min_kib = std::min(v.min_kib, s.kib);
    v.max_kib = std::max(v.max_kib, s.kib);
    if (s.seconds < warmup_end)
      v.reference_kib = std::max(v.reference_kib, s.kib);
    else
      after.push_back(s);
  }
  v.final_kib = samples.back().kib;
  if (v.reference_kib == 0) v.reference_kib = samples.front().kib;
  v.allowance_kib = std::max(
      bound.allowance_mib * 1024,
      static_cast<long>(static_cast<double>(v.reference_kib) * bound.allowance_percent / 100.0));
  for (const RssSample& s : after)
    v.peak_after_warmup_kib = std::max(v.peak_after_warmup_kib, s.kib);
  v.slope_kib_per_minute = slope_per_minute(after);
  v.grew = v.peak_after_warmup_kib > v.reference_kib + v.allowance_kib;
  return v;
}

}  // namespace lstar::bench
