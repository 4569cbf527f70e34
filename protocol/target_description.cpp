#include "protocol/target_description.h"

#include <fmt/format.h>

#include <array>
#include <span>
#include <string_view>

#include "protocol/register_layout.h"

namespace lstar::protocol {
namespace {

struct FlagBit {
  std::string_view name;
  uint32_t bit;
};

// EFLAGS bit 1 is reserved (always set); gdb names it "".
constexpr std::array<FlagBit, 17> kEflagsBits = {{
    {"CF", 0},
    {"", 1},
    {"PF", 2},
    {"AF", 4},
    {"ZF", 6},
    {"SF", 7},
    {"TF", 8},
    {"IF", 9},
    {"DF", 10},
    {"OF", 11},
    {"NT", 14},
    {"RF", 16},
    {"VM", 17},
    {"AC", 18},
    {"VIF", 19},
    {"VIP", 20},
    {"ID", 21},
}};

constexpr std::array<FlagBit, 14> kMxcsrBits = {{
    {"IE", 0},
    {"DE", 1},
    {"ZE", 2},
    {"OE", 3},
    {"UE", 4},
    {"PE", 5},
    {"DAZ", 6},
    {"IM", 7},
    {"DM", 8},
    {"ZM", 9},
    {"OM", 10},
    {"UM", 11},
    {"PM", 12},
    {"FZ", 15},
}};

// The views of an xmm register that gdb offers ("p $xmm0.v4_float").
constexpr std::string_view kVec128Types =
    "    <vector id=\"v8bf16\" type=\"bfloat16\" count=\"8\"/>\n"
    "    <vector id=\"v8h\" type=\"ieee_half\" count=\"8\"/>\n"
    "    <vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n"
    "    <vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n"
    "    <vector id=\"v16i8\" type=\"int8\" count=\"16\"/>\n"
    "    <vector id=\"v8i16\" type=\"int16\" count=\"8\"/>\n"
    "    <vector id=\"v4i32\" type=\"int32\" count=\"4\"/>\n"
    "    <vector id=\"v2i64\" type=\"int64\" count=\"2\"/>\n"
    "    <union id=\"vec128\">\n"
    "      <field name=\"v8_bfloat16\" type=\"v8bf16\"/>\n"
    "      <field name=\"v8_half\" type=\"v8h\"/>\n"
    "      <field name=\"v4_float\" type=\"v4f\"/>\n"
    "      <field name=\"v2_double\" type=\"v2d\"/>\n"
    "      <field name=\"v16_int8\" type=\"v16i8\"/>\n"
    "      <field name=\"v8_int16\" type=\"v8i16\"/>\n"
    "      <field name=\"v4_int32\" type=\"v4i32\"/>\n"
    "      <field name=\"v2_int64\" type=\"v2i64\"/>\n"
    "      <field name=\"uint128\" type=\"uint128\"/>\n"
    "    </union>\n";

std::string flags_type(std::string_view id, std::span<const FlagBit> bits) {
  std::string xml = fmt::format("    <flags id=\"{}\" size=\"4\">\n", id);
  for (const FlagBit& flag : bits) {
    xml += fmt::format("      <field name=\"{}\" start=\"{}\" end=\"{}\" type=\"bool\"/>\n",
                       flag.name, flag.bit, flag.bit);
  }
  return xml + "    </flags>\n";
}

// The type definitions a feature's registers refer to.
std::string feature_types(RegisterFeature feature) {
  switch (feature) {
    case RegisterFeature::kCore:
      return flags_type("i386_eflags", kEflagsBits);
    case RegisterFeature::kSse:
      return std::string(kVec128Types) + flags_type("i386_mxcsr", kMxcsrBits);
    case RegisterFeature::kLinux:
    case RegisterFeature::kSegments:
      return {};
  }
  return {};
}

std::string register_element(const RegisterDescription& reg) {
  std::string xml = fmt::format("    <reg name=\"{}\" bitsize=\"{}\" type=\"{}\" regnum=\"{}\"",
                                reg.name, reg.bitsize, reg.type, reg.regnum);
  if (!reg.group.empty()) xml += fmt::format(" group=\"{}\"", reg.group);
  if (!reg.generic.empty()) xml += fmt::format(" generic=\"{}\"", reg.generic);
  return xml + "/>\n";
}

std::string feature_element(RegisterFeature feature) {
  std::string xml = fmt::format("  <feature name=\"{}\">\n", feature_name(feature));
  xml += feature_types(feature);
  for (const RegisterDescription& reg : amd64_registers()) {
    if (reg.feature == feature) xml += register_element(reg);
  }
  return xml + "  </feature>\n";
}

std::string build_target_xml() {
  std::string xml =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
      "<target>\n"
      "  <architecture>i386:x86-64</architecture>\n"
      "  <osabi>GNU/Linux</osabi>\n";
  for (RegisterFeature feature : {RegisterFeature::kCore, RegisterFeature::kSse,
                                  RegisterFeature::kLinux, RegisterFeature::kSegments}) {
    xml += feature_element(feature);
  }
  return xml + "</target>\n";
}

}  // namespace

const std::string& amd64_linux_target_xml() {
  static const std::string xml = build_target_xml();
  return xml;
}

}  // namespace lstar::protocol
