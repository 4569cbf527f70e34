#include "cpu/lazy_flags.h"

#include "cpu/cpu_state.h"

namespace lstar::cpu {

bool LazyFlags::cf() const {
  const uint64_t m = mask();
  const uint64_t a = a_ & m;
  const uint64_t b = b_ & m;
  switch (op_) {
    case FlagOp::kKnown:
      return known_ & rflags::kCF;
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
  }
  return false;
}

bool LazyFlags::zf() const {
  if (op_ == FlagOp::kKnown) return known_ & rflags::kZF;
  return (res_ & mask()) == 0;
}

bool LazyFlags::sf() const {
  if (op_ == FlagOp::kKnown) return known_ & rflags::kSF;
  return res_ & sign_bit();
}

bool LazyFlags::of() const {
  const uint64_t s = sign_bit();
  switch (op_) {
    case FlagOp::kKnown:
      return known_ & rflags::kOF;
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
  }
  return false;
}

bool LazyFlags::pf() const {
  if (op_ == FlagOp::kKnown) return known_ & rflags::kPF;
  return (__builtin_popcount(static_cast<unsigned>(res_ & 0xff)) & 1) == 0;
}

bool LazyFlags::af() const {
  switch (op_) {
    case FlagOp::kKnown:
      return known_ & rflags::kAF;
    case FlagOp::kLogic:
      return false;
    default:
      return ((a_ ^ b_ ^ res_) & 0x10) != 0;
  }
}

uint64_t LazyFlags::materialize() const {
  if (op_ == FlagOp::kKnown) return known_ & rflags::kStatus;
  uint64_t f = 0;
  if (cf()) f |= rflags::kCF;
  if (pf()) f |= rflags::kPF;
  if (af()) f |= rflags::kAF;
  if (zf()) f |= rflags::kZF;
  if (sf()) f |= rflags::kSF;
  if (of()) f |= rflags::kOF;
  return f;
}

bool LazyFlags::test(Cond cc) const {
  switch (cc) {
    case Cond::kO: return of();
    case Cond::kNO: return !of();
    case Cond::kB: return cf();
    case Cond::kAE: return !cf();
    case Cond::kE: return zf();
    case Cond::kNE: return !zf();
    case Cond::kBE: return cf() || zf();
    case Cond::kA: return !cf() && !zf();
    case Cond::kS: return sf();
    case Cond::kNS: return !sf();
    case Cond::kP: return pf();
    case Cond::kNP: return !pf();
    case Cond::kL: return sf() != of();
    case Cond::kGE: return sf() == of();
    case Cond::kLE: return zf() || sf() != of();
    case Cond::kG: return !zf() && sf() == of();
  }
  return false;
}

}  // namespace lstar::cpu
