#include "cpu/cpuid_model.h"

namespace lstar::cpu {

CpuidResult cpuid(uint32_t leaf, uint32_t /*subleaf*/) {
  // "AuthenticAMD" as ebx, edx, ecx.
  constexpr uint32_t kAuth = 0x68747541, kEnti = 0x69746e65, kCamd = 0x444d4163;
  switch (leaf) {
    case 0x0:
      return {0xd, kAuth, kCamd, kEnti};
    case 0x1:
      return {0x60fb1, 0x800, 0x80002001, 0x078bfbfd};
    case 0x80000000:
      return {0x8000000a, kAuth, kCamd, kEnti};
    case 0x80000001:
      return {0x60fb1, 0, 0x5, 0x2193fbfd};
    case 0x80000005:
      return {0x01ff01ff, 0x01ff01ff, 0x40020140, 0x40020140};
    case 0x80000006:
      return {0, 0x42004200, 0x02008140, 0x00808140};
    case 0x80000008:
      return {0x3028, 0, 0, 0};
    default:
      return {0, 0, 0, 0};  // leaves 7, 0xd and the rest: nothing advertised
  }
}

}  // namespace lstar::cpu
