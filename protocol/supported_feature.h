// One entry of a qSupported exchange, in either direction:
// "name+", "name-", "name?" or "name=value".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lstar::protocol {

struct SupportedFeature {
  enum class Support { kSupported, kUnsupported, kQuery, kValue };

  std::string name;
  Support support = Support::kSupported;
  std::string value;  // only for kValue

  static SupportedFeature supported(std::string name);
  static SupportedFeature with_value(std::string name, std::string value);

  bool operator==(const SupportedFeature&) const = default;
};

std::optional<SupportedFeature> parse_supported_feature(std::string_view text);
std::string format_supported_feature(const SupportedFeature& feature);

}  // namespace lstar::protocol
