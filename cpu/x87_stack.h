// The x87 register stack as instructions see it: st(i) addressing relative
// to TOP, tags, stack faults, and the status word.
#pragma once

#include <cstdint>
#include <cstring>

#include "cpu/cpu_state.h"

namespace lstar::cpu {

namespace fsw {
inline constexpr uint16_t kIE = 1u << 0;
inline constexpr uint16_t kDE = 1u << 1;
inline constexpr uint16_t kZE = 1u << 2;
inline constexpr uint16_t kOE = 1u << 3;
inline constexpr uint16_t kUE = 1u << 4;
inline constexpr uint16_t kPE = 1u << 5;
inline constexpr uint16_t kSF = 1u << 6;
inline constexpr uint16_t kES = 1u << 7;
inline constexpr uint16_t kC0 = 1u << 8;
inline constexpr uint16_t kC1 = 1u << 9;
inline constexpr uint16_t kC2 = 1u << 10;
inline constexpr uint16_t kTopShift = 11;
inline constexpr uint16_t kTop = 7u << kTopShift;
inline constexpr uint16_t kC3 = 1u << 14;
inline constexpr uint16_t kBusy = 1u << 15;
inline constexpr uint16_t kExceptions = 0x3f;
inline constexpr uint16_t kConditions = kC0 | kC1 | kC2 | kC3;
}  // namespace fsw

namespace fcw {
inline constexpr uint16_t kMasks = 0x3f;
inline constexpr uint16_t kRoundingShift = 10;
inline constexpr uint16_t kDefault = 0x037f;
// Bits 13-15 are reserved (read as 0) and bit 6 reads as 1, whatever is
// loaded.
inline constexpr uint16_t normalise(uint16_t v) {
  return static_cast<uint16_t>((v & 0x1f3f) | 0x40);
}
}  // namespace fcw

inline constexpr uint16_t kTagEmpty = 3;

// The "real indefinite" QNaN that masked invalid operations produce.
inline long double x87_indefinite() {
  const unsigned char bytes[10] = {0, 0, 0, 0, 0, 0, 0, 0xc0, 0xff, 0xff};
  long double v = 0;
  std::memcpy(&v, bytes, sizeof bytes);
  return v;
}

// The 80-bit image of a register (the host long double's first 10 bytes).
inline void x87_to_bytes(long double v, void* out) {
  std::memcpy(out, &v, 10);
}
inline long double x87_from_bytes(const void* in) {
  long double v = 0;  // zeroes the 6 padding bytes as well
  std::memcpy(&v, in, 10);
  return v;
}

class X87Stack {
 public:
  explicit X87Stack(X87State& s) : s_(s) {}

  unsigned physical(unsigned i) const { return (s_.top + i) & 7; }
  bool is_empty(unsigned i) const { return ((s_.tag >> (2 * physical(i))) & 3) == kTagEmpty; }
  long double st(unsigned i) const { return s_.regs[physical(i)]; }

  // Writes st(i) and tags it valid.
  void set(unsigned i, long double v) {
    const unsigned p = physical(i);
    s_.regs[p] = v;
    s_.tag = static_cast<uint16_t>(s_.tag & ~(3u << (2 * p)));
  }
  void free(unsigned i) {
    s_.tag = static_cast<uint16_t>(s_.tag | (kTagEmpty << (2 * physical(i))));
  }

  // A push overflows when st(7), the register it would claim, is in use.
  bool can_push() const { return is_empty(7); }
  void push(long double v) {
    s_.top = (s_.top - 1) & 7;
    set(0, v);
  }
  // The masked response to stack overflow: #IS with C1=1, and the
  // indefinite value pushed in place of the result.
  void push_overflow() {
    stack_fault(true);
    push(x87_indefinite());
  }
  void pop() {
    free(0);
    s_.top = (s_.top + 1) & 7;
  }

  // Signals a stack fault: IE and SF, with C1 telling overflow from underflow.
  void stack_fault(bool overflow) {
    raise(fsw::kIE | fsw::kSF);
    set_c1(overflow);
  }
  // Signals underflow if any of st(a), st(b) is empty; returns whether it did.
  bool underflow(unsigned a, unsigned b = 0) {
    if (!is_empty(a) && !is_empty(b)) return false;
    stack_fault(false);
    return true;
  }

  void raise(uint16_t flags) {
    s_.status = static_cast<uint16_t>(s_.status | (flags & (fsw::kExceptions | fsw::kSF)));
    update_summary();
  }
  void set_conditions(uint16_t which, uint16_t values) {
    s_.status = static_cast<uint16_t>((s_.status & ~which) | (values & which));
  }
  void set_c1(bool v) { set_conditions(fsw::kC1, v ? fsw::kC1 : 0); }
  // ES (and B, its legacy alias) summarise unmasked pending exceptions.
  void update_summary() {
    const bool pending = (s_.status & ~s_.control & fsw::kExceptions) != 0;
    s_.status = static_cast<uint16_t>(s_.status & ~(fsw::kES | fsw::kBusy));
    if (pending) s_.status |= fsw::kES | fsw::kBusy;
  }

  X87State& state() { return s_; }

 private:
  X87State& s_;
};

// The architectural status word: `status` with TOP merged in.
inline uint16_t x87_status_word(const X87State& s) {
  return static_cast<uint16_t>((s.status & ~fsw::kTop) | (s.top << fsw::kTopShift));
}
inline void x87_set_status_word(X87State& s, uint16_t w) {
  s.top = static_cast<uint8_t>((w & fsw::kTop) >> fsw::kTopShift);
  s.status = static_cast<uint16_t>(w & ~fsw::kTop);
}

}  // namespace lstar::cpu
