// The CPU lstar claims to be: a plain SSE2 x86-64 (QEMU's qemu64 model, AMD
// vendor), so glibc's ifunc resolvers choose the *_sse2 routines lstar
// implements and never the AVX ones.
#pragma once

#include <cstdint>

namespace lstar::cpu {

struct CpuidResult {
  uint32_t eax, ebx, ecx, edx;
};

CpuidResult cpuid(uint32_t leaf, uint32_t subleaf);

}  // namespace lstar::cpu
