// The soak's memory verdict (rss_verdict.h): what counts as flat and what
// as growth, on made-up RSS curves of a 100-second run (warm-up: 20 s).
#include "rss_verdict.h"

#include <gtest/gtest.h>

namespace lstar::bench {
namespace {

constexpr double kRun = 100;
constexpr long kMiB = 1024;

// One sample a second; `kib_at(second)` gives its value.
template <typename F>
std::vector<RssSample> curve(F kib_at) {
  std::vector<RssSample> samples;
  for (int s = 1; s <= static_cast<int>(kRun); ++s) samples.push_back({double(s), kib_at(s)});
  return samples;
}

TEST(RssVerdict, ChurnAroundAFlatLevelPasses) {
  const RssVerdict v = judge_rss(curve([](int s) { return 40 * kMiB + (s % 7) * kMiB; }), kRun, {});
  EXPECT_FALSE(v.grew);
  EXPECT_EQ(v.reference_kib, 46 * kMiB);
  EXPECT_EQ(v.allowance_kib, 16 * kMiB);  // 16 MiB is more than 10 % of 46
  EXPECT_EQ(v.min_kib, 40 * kMiB);
  EXPECT_EQ(v.max_kib, 46 * kMiB);
}

TEST(RssVerdict, ASteadyLeakPastTheAllowanceFails) {
  // 40 MiB, then 300 KiB more every second: 64 MiB over the run.
  const RssVerdict v = judge_rss(curve([](int s) { return 40 * kMiB + s * 300L; }), kRun, {});
  EXPECT_TRUE(v.grew);
  EXPECT_NEAR(v.slope_kib_per_minute, 300.0 * 60, 1);
  EXPECT_EQ(v.final_kib, 40 * kMiB + 100 * 300L);
}

TEST(RssVerdict, GrowthWithinTheAllowancePasses) {
  // +10 MiB after the warm-up: under 16 MiB.
  const RssVerdict v =
      judge_rss(curve([](int s) { return s < 50 ? 40 * kMiB : 50 * kMiB; }), kRun, {});
  EXPECT_FALSE(v.grew);
  EXPECT_EQ(v.peak_after_warmup_kib, 50 * kMiB);
}

TEST(RssVerdict, TheAllowanceIsTheLargerOfMibAndPercent) {
  // Reference 400 MiB: 10 % is 40 MiB, so +30 MiB passes and +50 MiB fails.
  const RssVerdict small =
      judge_rss(curve([](int s) { return s < 50 ? 400 * kMiB : 430 * kMiB; }), kRun, {});
  EXPECT_EQ(small.allowance_kib, 40 * kMiB);
  EXPECT_FALSE(small.grew);
  const RssVerdict large =
      judge_rss(curve([](int s) { return s < 50 ? 400 * kMiB : 450 * kMiB; }), kRun, {});
  EXPECT_TRUE(large.grew);
}

TEST(RssVerdict, APeakDuringTheWarmUpIsTheReference) {
  // The pools fill to 80 MiB early on, then settle at 45: no growth.
  const RssVerdict v =
      judge_rss(curve([](int s) { return s == 10 ? 80 * kMiB : 45 * kMiB; }), kRun, {});
  EXPECT_EQ(v.reference_kib, 80 * kMiB);
  EXPECT_FALSE(v.grew);
}

}  // namespace
}  // namespace lstar::bench
