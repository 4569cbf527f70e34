// Lazily evaluated arithmetic status flags (CF PF AF ZF SF OF).
//
// Most instructions set flags that nothing reads. Instead of computing six
// flags per instruction we record the operation and its operands and derive
// a flag only when a jcc/setcc/cmov/pushf (or the debugger) asks for it.
#pragma once

#include <cstdint>

namespace lstar::cpu {

enum class FlagOp : uint8_t {
  kKnown,  // `known` holds materialised status flags
  kAdd,    // res = a + b
  kAdc,    // res = a + b + carry_in
  kSub,    // res = a - b
  kSbb,    // res = a - b - carry_in
  kLogic,  // and/or/xor/test: CF=OF=0
  kInc,    // CF preserved in `known`
  kDec,    // CF preserved in `known`
  kNeg,    // res = -b (a = 0)
  kShl,    // res = a << b, b = count (1..63, already masked)
  kShr,    // res = a >> b
  kSar,    // res = a >> b, arithmetic
};

enum class Cond : uint8_t {
  kO,
  kNO,
  kB,
  kAE,
  kE,
  kNE,
  kBE,
  kA,
  kS,
  kNS,
  kP,
  kNP,
  kL,
  kGE,
  kLE,
  kG,
};

class LazyFlags {
 public:
  // Records an arithmetic result of `width_bytes` (1, 2, 4, 8).
  void set(FlagOp op, uint64_t a, uint64_t b, uint64_t res, uint8_t width_bytes) {
    op_ = op;
    a_ = a;
    b_ = b;
    res_ = res;
    width_ = width_bytes;
  }
  // adc/sbb: the carry that went in is needed to derive CF and OF.
  void set_with_carry(FlagOp op, uint64_t a, uint64_t b, bool carry_in, uint64_t res,
                      uint8_t width_bytes) {
    set(op, a, b, res, width_bytes);
    known_ = carry_in ? 1 : 0;
  }
  // Inc/Dec keep the old carry flag.
  void set_preserving_cf(FlagOp op, uint64_t a, uint64_t res, uint8_t width_bytes) {
    known_ = materialize() & 1u;
    set(op, a, 1, res, width_bytes);
  }
  void set_all(uint64_t status_flags) {
    op_ = FlagOp::kKnown;
    known_ = status_flags;
  }
  // Defined inline (below) because jcc/setcc/cmov templates on a constant
  // condition then compile to a few instructions.
  uint64_t materialize() const;
  bool cf() const;
  bool zf() const { return op_ == FlagOp::kKnown ? (known_ & kZF) != 0 : (res_ & mask()) == 0; }
  bool sf() const { return op_ == FlagOp::kKnown ? (known_ & kSF) != 0 : (res_ & sign_bit()) != 0; }
  bool of() const;
  bool pf() const {
    if (op_ == FlagOp::kKnown) return known_ & kPF;
    return (__builtin_popcount(static_cast<unsigned>(res_ & 0xff)) & 1) == 0;
  }
  bool af() const;
  bool test(Cond cc) const;

 private:
  // RFLAGS bit positions (cpu_state.h names them for everyone else).
  static constexpr uint64_t kCF = 1u << 0, kPF = 1u << 2, kAF = 1u << 4, kZF = 1u << 6,
                            kSF = 1u << 7, kOF = 1u << 11;
  static constexpr uint64_t kStatusFlags = kCF | kPF | kAF | kZF | kSF | kOF;
  unsigned bits() const { return width_ * 8u; }
  uint64_t sign_bit() const { return uint64_t{1} << (width_ * 8 - 1); }
  uint64_t mask() const { return width_ == 8 ? ~uint64_t{0} : (uint64_t{1} << (width_ * 8)) - 1; }

  FlagOp op_ = FlagOp::kKnown;
  uint8_t width_ = 8;
  uint64_t a_ = 0;
  uint64_t b_ = 0;
  uint64_t res_ = 0;
  uint64_t known_ = 0;  // status flags for kKnown; carry-in for adc/sbb/inc/dec
};

inline bool LazyFlags::cf() const {
  const uint64_t m = mask();
  const uint64_t a = a_ & m;
  const uint64_t b = b_ & m;
  switch (op_) {
    case FlagOp::kKnown:
      return known_ & kCF;
    case FlagOp::kAdd:
      return (res_ & m) < a;
    case FlagOp::kAdc:
      return known_ ? (res_ & m) <= a : (res_ & m) < a;
    case FlagOp::kSub:
      return a < b;
    case FlagOp::kSbb:
      return known_ ? a <= b : a < b;
    case FlagOp::kLogic:
      return false;
    case FlagOp::kInc:
    case FlagOp::kDec:
      return known_ & 1u;
    case FlagOp::kNeg:
      return b != 0;
    // The last bit shifted out; counts past the width shift out zeros (or
    // copies of the sign for sar).
    case FlagOp::kShl:
      return b_ <= bits() && ((a >> (bits() - b_)) & 1);
    case FlagOp::kShr:
      return b_ <= bits() && ((a >> (b_ - 1)) & 1);
    case FlagOp::kSar: {
      const int64_t sa = static_cast<int64_t>(a << (64 - bits())) >> (64 - bits());
      return (sa >> (b_ - 1 > 63 ? 63 : b_ - 1)) & 1;
    }
  }
  return false;
}

inline bool LazyFlags::of() const {
  const uint64_t s = sign_bit();
  switch (op_) {
    case FlagOp::kKnown:
      return known_ & kOF;
    case FlagOp::kAdd:
    case FlagOp::kAdc:
      return ((a_ ^ res_) & (b_ ^ res_) & s) != 0;
    case FlagOp::kSub:
    case FlagOp::kSbb:
      return ((a_ ^ b_) & (a_ ^ res_) & s) != 0;
    case FlagOp::kLogic:
      return false;
    case FlagOp::kInc:
      return (res_ & mask()) == s;
    case FlagOp::kDec:
      return (res_ & mask()) == s - 1;
    case FlagOp::kNeg:
      return (b_ & mask()) == s;
    // Defined for a count of 1 only; lstar gives the count-1 rule for all.
    case FlagOp::kShl:
      return ((res_ & s) != 0) != cf();
    case FlagOp::kShr:
      return (a_ & s) != 0;
    case FlagOp::kSar:
      return false;
  }
  return false;
}

inline bool LazyFlags::af() const {
  switch (op_) {
    case FlagOp::kKnown:
      return known_ & kAF;
    case FlagOp::kLogic:
    case FlagOp::kShl:
    case FlagOp::kShr:
    case FlagOp::kSar:
      return false;
    default:
      return ((a_ ^ b_ ^ res_) & 0x10) != 0;
  }
}

inline uint64_t LazyFlags::materialize() const {
  if (op_ == FlagOp::kKnown) return known_ & kStatusFlags;
  uint64_t f = 0;
  if (cf()) f |= kCF;
  if (pf()) f |= kPF;
  if (af()) f |= kAF;
  if (zf()) f |= kZF;
  if (sf()) f |= kSF;
  if (of()) f |= kOF;
  return f;
}

inline bool LazyFlags::test(Cond cc) const {
  switch (cc) {
    case Cond::kO:
      return of();
    case Cond::kNO:
      return !of();
    case Cond::kB:
      return cf();
    case Cond::kAE:
      return !cf();
    case Cond::kE:
      return zf();
    case Cond::kNE:
      return !zf();
    case Cond::kBE:
      return cf() || zf();
    case Cond::kA:
      return !cf() && !zf();
    case Cond::kS:
      return sf();
    case Cond::kNS:
      return !sf();
    case Cond::kP:
      return pf();
    case Cond::kNP:
      return !pf();
    case Cond::kL:
      return sf() != of();
    case Cond::kGE:
      return sf() == of();
    case Cond::kLE:
      return zf() || sf() != of();
    case Cond::kG:
      return !zf() && sf() == of();
  }
  return false;
}

}  // namespace lstar::cpu
