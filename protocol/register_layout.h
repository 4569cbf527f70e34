// The amd64 GNU/Linux register set as gdb numbers it (the same numbering as
// gdbserver's target description, without AVX/AVX-512), and where each
// register sits in the 'g' packet.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace lstar::protocol {

// Register numbers used by p/P, expedited stop-reply registers and target.xml.
namespace amd64_regnum {
// Grouped as the hardware groups them.
// clang-format off
enum : uint32_t {
  kRax, kRbx, kRcx, kRdx, kRsi, kRdi, kRbp, kRsp,
  kR8, kR9, kR10, kR11, kR12, kR13, kR14, kR15,
  kRip, kEflags,
  kCs, kSs, kDs, kEs, kFs, kGs,
  kSt0, kSt1, kSt2, kSt3, kSt4, kSt5, kSt6, kSt7,
  kFctrl, kFstat, kFtag, kFiseg, kFioff, kFoseg, kFooff, kFop,
  kXmm0, kXmm1, kXmm2, kXmm3, kXmm4, kXmm5, kXmm6, kXmm7,
  kXmm8, kXmm9, kXmm10, kXmm11, kXmm12, kXmm13, kXmm14, kXmm15,
  kMxcsr,
  kOrigRax,
  kFsBase, kGsBase,
  kCount,
};
// clang-format on
}  // namespace amd64_regnum

enum class RegisterFeature : uint8_t { kCore, kSse, kLinux, kSegments };

// "org.gnu.gdb.i386.core" and friends.
std::string_view feature_name(RegisterFeature feature);

struct RegisterDescription {
  std::string_view name;
  uint32_t regnum = 0;
  uint32_t bitsize = 0;
  uint32_t g_offset = 0;     // byte offset in the 'g' packet data
  std::string_view type;     // target.xml type
  std::string_view group;    // target.xml group; empty for the default
  std::string_view generic;  // lldb's role ("pc", "sp", "arg1", ...); may be empty
  RegisterFeature feature = RegisterFeature::kCore;

  constexpr uint32_t size_bytes() const { return bitsize / 8; }
};

inline constexpr uint32_t kAmd64RegisterCount = amd64_regnum::kCount;
// The 'g' packet carries every register in regnum order: 560 bytes.
inline constexpr uint32_t kAmd64GPacketSize = 560;

// Indexed by regnum.
std::span<const RegisterDescription> amd64_registers();
std::optional<RegisterDescription> find_amd64_register(uint32_t regnum);
std::optional<RegisterDescription> find_amd64_register(std::string_view name);

}  // namespace lstar::protocol
