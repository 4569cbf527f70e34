// The auxiliary vector: what the kernel tells a new process about itself and
// the machine (include/uapi/linux/auxvec.h), as type/value pairs after envp.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace lstar::kernel {

inline constexpr uint64_t kAtNull = 0;
inline constexpr uint64_t kAtIgnore = 1;
inline constexpr uint64_t kAtExecfd = 2;
inline constexpr uint64_t kAtPhdr = 3;
inline constexpr uint64_t kAtPhent = 4;
inline constexpr uint64_t kAtPhnum = 5;
inline constexpr uint64_t kAtPagesz = 6;
inline constexpr uint64_t kAtBase = 7;
inline constexpr uint64_t kAtFlags = 8;
inline constexpr uint64_t kAtEntry = 9;
inline constexpr uint64_t kAtNotelf = 10;
inline constexpr uint64_t kAtUid = 11;
inline constexpr uint64_t kAtEuid = 12;
inline constexpr uint64_t kAtGid = 13;
inline constexpr uint64_t kAtEgid = 14;
inline constexpr uint64_t kAtPlatform = 15;
inline constexpr uint64_t kAtHwcap = 16;
inline constexpr uint64_t kAtClktck = 17;
inline constexpr uint64_t kAtSecure = 23;
inline constexpr uint64_t kAtBasePlatform = 24;
inline constexpr uint64_t kAtRandom = 25;
inline constexpr uint64_t kAtHwcap2 = 26;
inline constexpr uint64_t kAtRseqFeatureSize = 27;
inline constexpr uint64_t kAtRseqAlign = 28;
inline constexpr uint64_t kAtExecfn = 31;
inline constexpr uint64_t kAtSysinfoEhdr = 33;
inline constexpr uint64_t kAtMinsigstksz = 51;

struct AuxvEntry {
  uint64_t type = kAtNull;
  uint64_t value = 0;
  friend bool operator==(const AuxvEntry&, const AuxvEntry&) = default;
};

// "AT_PHDR" for 3; empty for unknown types.
std::string_view auxv_type_name(uint64_t type);

// The bytes of /proc/PID/auxv (what gdb reads with qXfer:auxv:read):
// little-endian 64-bit type/value pairs, AT_NULL included.
std::vector<uint8_t> serialize_auxv(std::span<const AuxvEntry> entries);

}  // namespace lstar::kernel
