#include "clients/server_features.h"

#include <algorithm>

#include "protocol/hex.h"
#include "protocol/supported_feature.h"

namespace lstar::client {
namespace {

// gdb's own assumption for servers that do not send PacketSize.
constexpr size_t kDefaultPacketSize = 400;
// A hostile PacketSize must not make us build huge requests.
constexpr size_t kMaxPacketSize = 1 << 20;

}  // namespace

ServerFeatures ServerFeatures::parse(std::string_view reply) {
  using Support = protocol::SupportedFeature::Support;
  ServerFeatures features;
  size_t start = 0;
  while (start < reply.size()) {
    size_t end = reply.find(';', start);
    if (end == std::string_view::npos) end = reply.size();
    auto feature = protocol::parse_supported_feature(reply.substr(start, end - start));
    if (feature && (feature->support == Support::kSupported || feature->support == Support::kValue))
      features.supported_[feature->name] = feature->value;
    start = end + 1;
  }
  return features;
}

bool ServerFeatures::supports(std::string_view name) const {
  return supported_.find(name) != supported_.end();
}

std::optional<std::string> ServerFeatures::value(std::string_view name) const {
  auto it = supported_.find(name);
  if (it == supported_.end()) return std::nullopt;
  return it->second;
}

size_t ServerFeatures::packet_size() const {
  auto text = value("PacketSize");
  auto size = text ? protocol::parse_hex_u64(*text) : std::nullopt;
  if (!size || *size < 64) return kDefaultPacketSize;
  return std::min<size_t>(*size, kMaxPacketSize);
}

}  // namespace lstar::client
