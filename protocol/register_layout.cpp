#include "protocol/register_layout.h"

#include <algorithm>
#include <array>

namespace lstar::protocol {
namespace {

struct RegisterSpec {
  std::string_view name;
  uint32_t bitsize;
  std::string_view type;
  std::string_view group;
  std::string_view generic;
  RegisterFeature feature;
};

constexpr RegisterSpec core(std::string_view name, uint32_t bitsize, std::string_view type,
                            std::string_view generic = {}) {
  return {name, bitsize, type, {}, generic, RegisterFeature::kCore};
}
constexpr RegisterSpec x87_control(std::string_view name) {
  return {name, 32, "int", "float", {}, RegisterFeature::kCore};
}
constexpr RegisterSpec xmm(std::string_view name) {
  return {name, 128, "vec128", {}, {}, RegisterFeature::kSse};
}

// In regnum order; the order is also the 'g' packet order.
constexpr std::array<RegisterSpec, kAmd64RegisterCount> kSpecs = {{
    core("rax", 64, "int64"),
    core("rbx", 64, "int64"),
    core("rcx", 64, "int64", "arg4"),
    core("rdx", 64, "int64", "arg3"),
    core("rsi", 64, "int64", "arg2"),
    core("rdi", 64, "int64", "arg1"),
    core("rbp", 64, "data_ptr", "fp"),
    core("rsp", 64, "data_ptr", "sp"),
    core("r8", 64, "int64", "arg5"),
    core("r9", 64, "int64", "arg6"),
    core("r10", 64, "int64"),
    core("r11", 64, "int64"),
    core("r12", 64, "int64"),
    core("r13", 64, "int64"),
    core("r14", 64, "int64"),
    core("r15", 64, "int64"),
    core("rip", 64, "code_ptr", "pc"),
    core("eflags", 32, "i386_eflags", "flags"),
    core("cs", 32, "int32"),
    core("ss", 32, "int32"),
    core("ds", 32, "int32"),
    core("es", 32, "int32"),
    core("fs", 32, "int32"),
    core("gs", 32, "int32"),
    core("st0", 80, "i387_ext"),
    core("st1", 80, "i387_ext"),
    core("st2", 80, "i387_ext"),
    core("st3", 80, "i387_ext"),
    core("st4", 80, "i387_ext"),
    core("st5", 80, "i387_ext"),
    core("st6", 80, "i387_ext"),
    core("st7", 80, "i387_ext"),
    x87_control("fctrl"),
    x87_control("fstat"),
    x87_control("ftag"),
    x87_control("fiseg"),
    x87_control("fioff"),
    x87_control("foseg"),
    x87_control("fooff"),
    x87_control("fop"),
    xmm("xmm0"),
    xmm("xmm1"),
    xmm("xmm2"),
    xmm("xmm3"),
    xmm("xmm4"),
    xmm("xmm5"),
    xmm("xmm6"),
    xmm("xmm7"),
    xmm("xmm8"),
    xmm("xmm9"),
    xmm("xmm10"),
    xmm("xmm11"),
    xmm("xmm12"),
    xmm("xmm13"),
    xmm("xmm14"),
    xmm("xmm15"),
    {"mxcsr", 32, "i386_mxcsr", "vector", {}, RegisterFeature::kSse},
    {"orig_rax", 64, "int", {}, {}, RegisterFeature::kLinux},
    {"fs_base", 64, "int", {}, {}, RegisterFeature::kSegments},
    {"gs_base", 64, "int", {}, {}, RegisterFeature::kSegments},
}};

constexpr std::array<RegisterDescription, kAmd64RegisterCount> lay_out(
    const std::array<RegisterSpec, kAmd64RegisterCount>& specs) {
  std::array<RegisterDescription, kAmd64RegisterCount> layout{};
  uint32_t offset = 0;
  for (uint32_t regnum = 0; regnum < specs.size(); ++regnum) {
    const RegisterSpec& spec = specs[regnum];
    layout[regnum] = RegisterDescription{.name = spec.name,
                                         .regnum = regnum,
                                         .bitsize = spec.bitsize,
                                         .g_offset = offset,
                                         .type = spec.type,
                                         .group = spec.group,
                                         .generic = spec.generic,
                                         .feature = spec.feature};
    offset += spec.bitsize / 8;
  }
  return layout;
}

constexpr std::array<RegisterDescription, kAmd64RegisterCount> kLayout = lay_out(kSpecs);

static_assert(kLayout[amd64_regnum::kRip].name == "rip");
static_assert(kLayout[amd64_regnum::kXmm0].name == "xmm0");
static_assert(kLayout[amd64_regnum::kGsBase].name == "gs_base");
static_assert(kLayout.back().g_offset + kLayout.back().size_bytes() == kAmd64GPacketSize);

}  // namespace

std::string_view feature_name(RegisterFeature feature) {
  switch (feature) {
    case RegisterFeature::kCore:
      return "org.gnu.gdb.i386.core";
    case RegisterFeature::kSse:
      return "org.gnu.gdb.i386.sse";
    case RegisterFeature::kLinux:
      return "org.gnu.gdb.i386.linux";
    case RegisterFeature::kSegments:
      return "org.gnu.gdb.i386.segments";
  }
  return {};
}

std::span<const RegisterDescription> amd64_registers() {
  return kLayout;
}

std::optional<RegisterDescription> find_amd64_register(uint32_t regnum) {
  if (regnum >= kLayout.size()) return std::nullopt;
  return kLayout[regnum];
}

std::optional<RegisterDescription> find_amd64_register(std::string_view name) {
  auto found = std::find_if(kLayout.begin(), kLayout.end(),
                            [name](const RegisterDescription& r) { return r.name == name; });
  if (found == kLayout.end()) return std::nullopt;
  return *found;
}

}  // namespace lstar::protocol
