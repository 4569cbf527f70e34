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
};

enum class Cond : uint8_t {
  kO, kNO, kB, kAE, kE, kNE, kBE, kA, kS, kNS, kP, kNP, kL, kGE, kLE, kG,
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
  uint64_t materialize() const;
  bool cf() const;
  bool zf() const;
  bool sf() const;
  bool of() const;
  bool pf() const;
  bool af() const;
  bool test(Cond cc) const;

 private:
  uint64_t sign_bit() const { return uint64_t{1} << (width_ * 8 - 1); }
  uint64_t mask() const { return width_ == 8 ? ~uint64_t{0} : (uint64_t{1} << (width_ * 8)) - 1; }

  FlagOp op_ = FlagOp::kKnown;
  uint8_t width_ = 8;
  uint64_t a_ = 0;
  uint64_t b_ = 0;
  uint64_t res_ = 0;
  uint64_t known_ = 0;  // status flags for kKnown; carry-in for adc/sbb/inc/dec
};

}  // namespace lstar::cpu
