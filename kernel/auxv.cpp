#include "kernel/auxv.h"

#include <bit>
#include <cstring>

namespace lstar::kernel {

std::string_view auxv_type_name(uint64_t type) {
  switch (type) {
    case kAtNull:
      return "AT_NULL";
    case kAtIgnore:
      return "AT_IGNORE";
    case kAtExecfd:
      return "AT_EXECFD";
    case kAtPhdr:
      return "AT_PHDR";
    case kAtPhent:
      return "AT_PHENT";
    case kAtPhnum:
      return "AT_PHNUM";
    case kAtPagesz:
      return "AT_PAGESZ";
    case kAtBase:
      return "AT_BASE";
    case kAtFlags:
      return "AT_FLAGS";
    case kAtEntry:
      return "AT_ENTRY";
    case kAtNotelf:
      return "AT_NOTELF";
    case kAtUid:
      return "AT_UID";
    case kAtEuid:
      return "AT_EUID";
    case kAtGid:
      return "AT_GID";
    case kAtEgid:
      return "AT_EGID";
    case kAtPlatform:
      return "AT_PLATFORM";
    case kAtHwcap:
      return "AT_HWCAP";
    case kAtClktck:
      return "AT_CLKTCK";
    case kAtSecure:
      return "AT_SECURE";
    case kAtBasePlatform:
      return "AT_BASE_PLATFORM";
    case kAtRandom:
      return "AT_RANDOM";
    case kAtHwcap2:
      return "AT_HWCAP2";
    case kAtRseqFeatureSize:
      return "AT_RSEQ_FEATURE_SIZE";
    case kAtRseqAlign:
      return "AT_RSEQ_ALIGN";
    case kAtExecfn:
      return "AT_EXECFN";
    case kAtSysinfoEhdr:
      return "AT_SYSINFO_EHDR";
    case kAtMinsigstksz:
      return "AT_MINSIGSTKSZ";
    default:
      return {};
  }
}

std::vector<uint8_t> serialize_auxv(std::span<const AuxvEntry> entries) {
  static_assert(std::endian::native == std::endian::little, "guest memory is little-endian");
  std::vector<uint8_t> bytes(entries.size() * 16);
  for (size_t i = 0; i < entries.size(); ++i) {
    std::memcpy(&bytes[i * 16], &entries[i].type, 8);
    std::memcpy(&bytes[i * 16 + 8], &entries[i].value, 8);
  }
  return bytes;
}

}  // namespace lstar::kernel
