#include "cpu/fpu_image.h"

#include <cstring>

#include "cpu/x87_stack.h"

namespace lstar::cpu {
namespace {

constexpr uint16_t kTagValid = 0, kTagZero = 1, kTagSpecial = 2;

void put16(uint8_t* p, uint16_t v) {
  std::memcpy(p, &v, 2);
}
void put32(uint8_t* p, uint32_t v) {
  std::memcpy(p, &v, 4);
}
uint16_t get16(const uint8_t* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return v;
}
uint32_t get32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// The tag the hardware derives from a register's contents.
uint16_t classify(long double v) {
  uint8_t b[10];
  x87_to_bytes(v, b);
  uint64_t significand;
  std::memcpy(&significand, b, 8);
  const unsigned exponent = (b[8] | (b[9] << 8)) & 0x7fff;
  if (exponent == 0x7fff) return kTagSpecial;
  if (exponent == 0) return significand == 0 ? kTagZero : kTagSpecial;
  return (significand >> 63) ? kTagValid : kTagSpecial;  // unnormals are special
}

bool physical_empty(const X87State& s, unsigned p) {
  return ((s.tag >> (2 * p)) & 3) == kTagEmpty;
}

// Keeps only the empty/non-empty distinction, which is all lstar tracks.
uint16_t normalise_tag(uint16_t full) {
  uint16_t t = 0;
  for (unsigned p = 0; p < 8; ++p) {
    if (((full >> (2 * p)) & 3) == kTagEmpty) t = static_cast<uint16_t>(t | (kTagEmpty << (2 * p)));
  }
  return t;
}

}  // namespace

uint16_t x87_full_tag(const X87State& s) {
  uint16_t t = 0;
  for (unsigned p = 0; p < 8; ++p) {
    const uint16_t tag = physical_empty(s, p) ? kTagEmpty : classify(s.regs[p]);
    t = static_cast<uint16_t>(t | (tag << (2 * p)));
  }
  return t;
}

uint8_t x87_abridged_tag(const X87State& s) {
  uint8_t t = 0;
  for (unsigned p = 0; p < 8; ++p) {
    if (!physical_empty(s, p)) t = static_cast<uint8_t>(t | (1u << p));
  }
  return t;
}

// Instruction and data pointers are not tracked; they read as zero.
void x87_store_env(const X87State& s, uint8_t* out) {
  std::memset(out, 0, kX87EnvSize);
  put32(out + 0, 0xffff0000u | s.control);
  put32(out + 4, 0xffff0000u | x87_status_word(s));
  put32(out + 8, 0xffff0000u | x87_full_tag(s));
  put16(out + 26, 0xffff);
}

void x87_load_env(X87State& s, const uint8_t* in) {
  s.control = fcw::normalise(get16(in + 0));
  x87_set_status_word(s, get16(in + 4));
  s.tag = normalise_tag(get16(in + 8));
  s.last_ip = get32(in + 12);
  s.last_opcode = get16(in + 18) & 0x7ff;
  s.last_dp = get32(in + 20);
}

void x87_store_save(const X87State& s, uint8_t* out) {
  x87_store_env(s, out);
  for (unsigned i = 0; i < 8; ++i)
    x87_to_bytes(s.regs[(s.top + i) & 7], out + kX87EnvSize + 10 * i);
}

void x87_load_save(X87State& s, const uint8_t* in) {
  x87_load_env(s, in);
  for (unsigned i = 0; i < 8; ++i)
    s.regs[(s.top + i) & 7] = x87_from_bytes(in + kX87EnvSize + 10 * i);
}

void fxsave_store(const CpuState& s, uint8_t* out) {
  std::memset(out, 0, 416);
  put16(out + 0, s.x87.control);
  put16(out + 2, x87_status_word(s.x87));
  out[4] = x87_abridged_tag(s.x87);
  put32(out + 24, s.mxcsr);
  put32(out + 28, 0xffff);  // MXCSR_MASK
  for (unsigned i = 0; i < 8; ++i) x87_to_bytes(s.x87.regs[(s.x87.top + i) & 7], out + 32 + 16 * i);
  std::memcpy(out + 160, s.xmm.data(), 16 * 16);
}

void fxsave_load(CpuState& s, const uint8_t* in) {
  X87State& x = s.x87;
  x.control = fcw::normalise(get16(in + 0));
  x87_set_status_word(x, get16(in + 2));
  x.tag = 0;
  for (unsigned p = 0; p < 8; ++p) {
    if (!(in[4] & (1u << p))) x.tag = static_cast<uint16_t>(x.tag | (kTagEmpty << (2 * p)));
  }
  x.last_opcode = get16(in + 6) & 0x7ff;
  s.mxcsr = get32(in + 24);
  for (unsigned i = 0; i < 8; ++i) x.regs[(x.top + i) & 7] = x87_from_bytes(in + 32 + 16 * i);
  std::memcpy(s.xmm.data(), in + 160, 16 * 16);
}

}  // namespace lstar::cpu
