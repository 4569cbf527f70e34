// Whether the server's memory stayed flat during a soak: the samples of
// its RSS after the warm-up against the highest one during it.
#pragma once

#include <vector>

namespace lstar::bench {

struct RssSample {
  double seconds = 0;  // since the soak started
  long kib = 0;        // VmRSS
};

struct RssBound {
  // The first part of the run, in which caches, pools and the allocator's
  // arenas fill up: its highest sample is the reference.
  double warmup_fraction = 0.2;
  // Growth allowed over the reference: the larger of the two.
  long allowance_mib = 16;
  double allowance_percent = 10;
};

struct RssVerdict {
  long reference_kib = 0;  // highest sample during the warm-up
  long allowance_kib = 0;
  long min_kib = 0;  // over the whole run
  long max_kib = 0;
  long final_kib = 0;  // last sample
  long peak_after_warmup_kib = 0;
  // Least-squares slope of the samples after the warm-up, KiB per minute:
  // a leak shows as a steady positive slope.
  double slope_kib_per_minute = 0;
  bool grew = false;  // some sample after the warm-up exceeded reference + allowance
};

// `samples` in time order; `run_seconds` is the soak's planned length.
RssVerdict judge_rss(const std::vector<RssSample>& samples, double run_seconds,
                     const RssBound& bound);

}  // namespace lstar::bench
