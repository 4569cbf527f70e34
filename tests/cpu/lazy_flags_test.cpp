// Lazy flags against a straightforward eager computation of the six status
// flags, exhaustively for 8-bit operands and at the boundaries of the
// wider ones.
#include "cpu/lazy_flags.h"

#include <gtest/gtest.h>

#include <cstdint>

#include "cpu/cpu_state.h"
#include "cpu/int128.h"

namespace lstar::cpu {
namespace {

using namespace rflags;

uint64_t mask_of(unsigned w) {
  return w == 8 ? ~0ull : (1ull << (8 * w)) - 1;
}
uint64_t sign_of(unsigned w) {
  return 1ull << (8 * w - 1);
}

uint64_t result_flags(uint64_t r, unsigned w) {
  uint64_t f = 0;
  if ((r & mask_of(w)) == 0) f |= kZF;
  if (r & sign_of(w)) f |= kSF;
  if (__builtin_parity(static_cast<unsigned>(r & 0xff)) == 0) f |= kPF;
  return f;
}

// a + b + carry (or a - b - borrow) evaluated with a wide intermediate.
uint64_t eager_add(uint64_t a, uint64_t b, bool carry, unsigned w, bool subtract) {
  const uint64_t m = mask_of(w);
  a &= m;
  b &= m;
  const uint128 wide =
      subtract ? static_cast<uint128>(a) - b - carry : static_cast<uint128>(a) + b + carry;
  const uint64_t r = static_cast<uint64_t>(wide) & m;
  uint64_t f = result_flags(r, w);
  if (subtract ? (a < static_cast<uint128>(b) + carry) : (wide >> (8 * w)) != 0) f |= kCF;
  if (((a ^ b ^ r) & 0x10) != 0) f |= kAF;
  const bool sa = a & sign_of(w), sb = b & sign_of(w), sr = r & sign_of(w);
  if (subtract ? (sa != sb && sr != sa) : (sa == sb && sr != sa)) f |= kOF;
  return f;
}

TEST(LazyFlags, ExhaustiveEightBitAddSubAdcSbb) {
  for (unsigned a = 0; a < 256; ++a) {
    for (unsigned b = 0; b < 256; ++b) {
      for (bool carry : {false, true}) {
        LazyFlags f;
        f.set_with_carry(FlagOp::kAdc, a, b, carry, (a + b + carry) & 0xff, 1);
        ASSERT_EQ(f.materialize(), eager_add(a, b, carry, 1, false))
            << a << "+" << b << "+" << carry;
        f.set_with_carry(FlagOp::kSbb, a, b, carry, (a - b - carry) & 0xff, 1);
        ASSERT_EQ(f.materialize(), eager_add(a, b, carry, 1, true))
            << a << "-" << b << "-" << carry;
      }
      LazyFlags f;
      f.set(FlagOp::kAdd, a, b, (a + b) & 0xff, 1);
      ASSERT_EQ(f.materialize(), eager_add(a, b, false, 1, false));
      f.set(FlagOp::kSub, a, b, (a - b) & 0xff, 1);
      ASSERT_EQ(f.materialize(), eager_add(a, b, false, 1, true));
    }
  }
}

TEST(LazyFlags, WideBoundaries) {
  const uint64_t values[] = {0,
                             1,
                             2,
                             0x7f,
                             0x80,
                             0xff,
                             0x7fff,
                             0x8000,
                             0xffff,
                             0x7fffffff,
                             0x80000000,
                             0xffffffff,
                             0x7fffffffffffffff,
                             0x8000000000000000,
                             0xffffffffffffffff,
                             0x123456789abcdef0};
  for (unsigned w : {2u, 4u, 8u}) {
    for (uint64_t a : values) {
      for (uint64_t b : values) {
        const uint64_t m = mask_of(w);
        LazyFlags f;
        f.set(FlagOp::kAdd, a & m, b & m, (a + b) & m, static_cast<uint8_t>(w));
        EXPECT_EQ(f.materialize(), eager_add(a, b, false, w, false)) << w << ": " << a << "+" << b;
        f.set(FlagOp::kSub, a & m, b & m, (a - b) & m, static_cast<uint8_t>(w));
        EXPECT_EQ(f.materialize(), eager_add(a, b, false, w, true)) << w << ": " << a << "-" << b;
      }
    }
  }
}

TEST(LazyFlags, LogicClearsCarryAndOverflow) {
  LazyFlags f;
  f.set_all(kCF | kOF);
  f.set(FlagOp::kLogic, 0, 0, 0x80, 1);
  EXPECT_FALSE(f.cf());
  EXPECT_FALSE(f.of());
  EXPECT_TRUE(f.sf());
  EXPECT_FALSE(f.zf());
  EXPECT_FALSE(f.pf());  // 0x80 has one bit set
}

TEST(LazyFlags, IncAndDecPreserveCarry) {
  for (bool carry : {false, true}) {
    LazyFlags f;
    f.set_all(carry ? kCF : 0);
    f.set_preserving_cf(FlagOp::kInc, 0x7fffffff, 0x80000000, 4);
    EXPECT_EQ(f.cf(), carry);
    EXPECT_TRUE(f.of());
    EXPECT_TRUE(f.sf());
    f.set_preserving_cf(FlagOp::kDec, 0x80000000, 0x7fffffff, 4);
    EXPECT_EQ(f.cf(), carry);
    EXPECT_TRUE(f.of());
    EXPECT_FALSE(f.sf());
    f.set_preserving_cf(FlagOp::kInc, 0xff, 0, 1);
    EXPECT_EQ(f.cf(), carry);
    EXPECT_TRUE(f.zf());
    EXPECT_TRUE(f.af());
  }
}

TEST(LazyFlags, Neg) {
  LazyFlags f;
  f.set(FlagOp::kNeg, 0, 0, 0, 8);
  EXPECT_FALSE(f.cf());
  EXPECT_TRUE(f.zf());
  f.set(FlagOp::kNeg, 0, 0x80, 0x80, 1);
  EXPECT_TRUE(f.cf());
  EXPECT_TRUE(f.of());
  f.set(FlagOp::kNeg, 0, 1, 0xffff, 2);
  EXPECT_TRUE(f.cf());
  EXPECT_FALSE(f.of());
  EXPECT_TRUE(f.sf());
}

// Every condition agrees with its definition over all flag combinations.
TEST(LazyFlags, ConditionsFollowTheirDefinitions) {
  for (uint64_t bits = 0; bits < 64; ++bits) {
    const uint64_t all[] = {kCF, kPF, kAF, kZF, kSF, kOF};
    uint64_t flags = 0;
    for (unsigned k = 0; k < 6; ++k) {
      if (bits & (1u << k)) flags |= all[k];
    }
    LazyFlags f;
    f.set_all(flags);
    ASSERT_EQ(f.materialize(), flags);
    const bool cf = flags & kCF, zf = flags & kZF, sf = flags & kSF, of = flags & kOF,
               pf = flags & kPF;
    const bool expected[16] = {
        of, !of, cf, !cf, zf,       !zf,      cf || zf,       !cf && !zf,
        sf, !sf, pf, !pf, sf != of, sf == of, zf || sf != of, !zf && sf == of};
    for (unsigned c = 0; c < 16; ++c) {
      EXPECT_EQ(f.test(static_cast<Cond>(c)), expected[c])
          << "condition " << c << " flags " << flags;
    }
  }
}

TEST(LazyFlags, RflagsRoundTripThroughCpuState) {
  CpuState s;
  s.write_rflags(kCF | kZF | kDF | kOF | kIF);
  EXPECT_EQ(s.read_rflags(), kCF | kZF | kDF | kOF | kIF | kFixed1);
  s.flags.set(FlagOp::kSub, 1, 2, 0xff, 1);
  EXPECT_EQ(s.read_rflags() & kStatus, kCF | kSF | kAF | kPF);
  EXPECT_TRUE(s.read_rflags() & kDF);
}

}  // namespace
}  // namespace lstar::cpu
