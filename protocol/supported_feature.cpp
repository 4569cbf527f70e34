#include "protocol/supported_feature.h"

namespace lstar::protocol {

SupportedFeature SupportedFeature::supported(std::string name) {
  return SupportedFeature{.name = std::move(name), .support = Support::kSupported, .value = {}};
}

SupportedFeature SupportedFeature::with_value(std::string name, std::string value) {
  return SupportedFeature{
      .name = std::move(name), .support = Support::kValue, .value = std::move(value)};
}

std::optional<SupportedFeature> parse_supported_feature(std::string_view text) {
  using Support = SupportedFeature::Support;
  size_t equals = text.find('=');
  if (equals != std::string_view::npos) {
    if (equals == 0) return std::nullopt;
    return SupportedFeature::with_value(std::string(text.substr(0, equals)),
                                        std::string(text.substr(equals + 1)));
  }
  if (text.size() < 2) return std::nullopt;
  std::optional<Support> support;
  switch (text.back()) {
    case '+':
      support = Support::kSupported;
      break;
    case '-':
      support = Support::kUnsupported;
      break;
    case '?':
      support = Support::kQuery;
      break;
    default:
      return std::nullopt;
  }
  text.remove_suffix(1);
  return SupportedFeature{.name = std::string(text), .support = *support, .value = {}};
}

std::string format_supported_feature(const SupportedFeature& feature) {
  switch (feature.support) {
    case SupportedFeature::Support::kSupported:
      return feature.name + "+";
    case SupportedFeature::Support::kUnsupported:
      return feature.name + "-";
    case SupportedFeature::Support::kQuery:
      return feature.name + "?";
    case SupportedFeature::Support::kValue:
      return feature.name + "=" + feature.value;
  }
  return feature.name;
}

}  // namespace lstar::protocol
