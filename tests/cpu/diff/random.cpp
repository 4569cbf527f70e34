#include "tests/cpu/diff/random.h"

#include <cstring>
#include <iterator>

namespace lstar::difftest {
namespace {

uint64_t rotl(uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

uint64_t splitmix(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

constexpr uint64_t kBoundaries[] = {
    0,
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
    0x7fffffffffffffffull,
    0x8000000000000000ull,
    ~0ull,
};

struct Parts {
  uint64_t sign, exp, frac;
};

// An IEEE binary format described by its exponent and fraction widths.
struct Format {
  unsigned exp_bits;
  unsigned frac_bits;
  uint64_t bias() const { return (uint64_t{1} << (exp_bits - 1)) - 1; }
  uint64_t max_exp() const { return (uint64_t{1} << exp_bits) - 1; }
  uint64_t frac_mask() const { return (uint64_t{1} << frac_bits) - 1; }
  uint64_t pack(const Parts& p) const {
    return (p.sign << (exp_bits + frac_bits)) | (p.exp << frac_bits) | (p.frac & frac_mask());
  }
};

// Keeps the fraction bits that an exponent e leaves above the binary
// point, plus `extra` more (extra=1: multiples of 1/2).
uint64_t integral_fraction(const Format& f, uint64_t frac, uint64_t e, unsigned extra) {
  const uint64_t above = e - f.bias() + extra;
  if (above >= f.frac_bits) return frac;
  return frac & ~((uint64_t{1} << (f.frac_bits - above)) - 1);
}

// Special and ordinary values of a binary format; the quiet bit is the top
// fraction bit.
Parts ieee_parts(Rng& r, const Format& f) {
  const uint64_t sign = r.below(2);
  const uint64_t frac = r.next() & f.frac_mask();
  const uint64_t quiet = uint64_t{1} << (f.frac_bits - 1);
  switch (r.below(16)) {
    case 0:
      return {sign, 0, 0};  // zero
    case 1:
      return {sign, f.max_exp(), 0};  // infinity
    case 2:
      return {sign, f.max_exp(), quiet | frac};  // QNaN
    case 3:
      return {sign, f.max_exp(), (frac & ~quiet) | 1};  // SNaN
    case 4:
      return {sign, 0, frac | 1};  // denormal
    case 5:
      return {sign, 1 + r.below(3), frac};  // tiny normal
    case 6:
      return {sign, f.max_exp() - 1 - r.below(3), frac};  // huge
    case 7:
      return {sign, r.below(f.max_exp() + 1), frac};  // anything
    case 8:  // integral: small, or near the int32/int64 limits
    case 9: {
      const uint64_t e = f.bias() + (r.chance(50) ? r.below(12) : 28 + r.below(38));
      return {sign, e, integral_fraction(f, frac, e, 0)};
    }
    case 10: {  // multiples of 1/2: rounding ties
      const uint64_t e = f.bias() + r.below(8);
      return {sign, e, integral_fraction(f, frac, e, 1)};
    }
    default:  // moderate magnitudes, where arithmetic is interesting
      return {sign, f.bias() - 20 + r.below(41), frac};
  }
}

}  // namespace

Rng::Rng(uint64_t seed) {
  for (auto& s : s_) s = splitmix(seed);
}

uint64_t Rng::next() {
  const uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

uint64_t Rng::integer() {
  const uint64_t k = below(20);
  if (k < 8) return next();
  if (k < 11) return below(256);
  if (k < 13) return ~below(256);
  const uint64_t b = kBoundaries[below(std::size(kBoundaries))] + below(3) - 1;
  if (k < 17) return b;
  // A narrow boundary under random upper bits: narrow operations must
  // ignore (and preserve) what is above them.
  const unsigned bits = 8u << below(3);
  const uint64_t m = (uint64_t{1} << bits) - 1;
  return (next() & ~m) | (b & m);
}

uint32_t Rng::float32() {
  constexpr Format f{8, 23};
  return static_cast<uint32_t>(f.pack(ieee_parts(*this, f)));
}

uint64_t Rng::float64() {
  constexpr Format f{11, 52};
  return f.pack(ieee_parts(*this, f));
}

// The 80-bit format has an explicit integer bit J; encodings with a wrong J
// (unnormals, pseudo-denormals) are rare but valid inputs.
void Rng::float80(uint8_t out[10]) {
  const Parts p = ieee_parts(*this, Format{15, 63});
  uint64_t significand = p.frac | (p.exp == 0 ? 0 : uint64_t{1} << 63);
  if (chance(2)) significand ^= uint64_t{1} << 63;  // unnormal / pseudo-denormal
  const uint16_t se = static_cast<uint16_t>((p.sign << 15) | p.exp);
  std::memcpy(out, &significand, 8);
  std::memcpy(out + 8, &se, 2);
}

uint64_t hash_string(const char* s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (; *s; ++s) h = (h ^ static_cast<unsigned char>(*s)) * 0x100000001b3ull;
  return h;
}

}  // namespace lstar::difftest
