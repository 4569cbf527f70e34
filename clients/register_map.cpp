#include "clients/register_map.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "clients/client_error.h"
#include "clients/xml_tags.h"
#include "protocol/register_layout.h"

namespace lstar::client {
namespace {

// <xi:include> chains deeper than this are a loop, not a description.
constexpr int kMaxIncludeDepth = 8;

std::optional<uint32_t> parse_decimal(std::optional<std::string_view> text) {
  if (!text) return std::nullopt;
  uint32_t value = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || ptr != text->data() + text->size()) return std::nullopt;
  return value;
}

std::string trim(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const size_t last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

struct DescriptionReader {
  const RegisterMap::AnnexReader& read;
  std::vector<RegisterInfo> registers;
  std::string architecture;
  uint32_t next_regnum = 0;

  void parse(std::string_view document, int depth) {
    if (depth > kMaxIncludeDepth) throw ProtocolError("target.xml: <xi:include> nested too deep");
    for (const XmlTag& tag : scan_xml_tags(document)) {
      if (tag.name == "architecture") {
        architecture = trim(tag.text);
      } else if (tag.name == "xi:include") {
        if (auto href = tag.attr("href")) parse(read(*href), depth + 1);
      } else if (tag.name == "reg") {
        add_register(tag);
      }
    }
  }

  void add_register(const XmlTag& tag) {
    auto name = tag.attr("name");
    auto bitsize = parse_decimal(tag.attr("bitsize"));
    if (!name || !bitsize || *bitsize % 8 != 0)
      throw ProtocolError("target.xml: a <reg> without a usable name or bitsize");
    const uint32_t regnum = parse_decimal(tag.attr("regnum")).value_or(next_regnum);
    next_regnum = regnum + 1;
    registers.push_back(RegisterInfo{.name = std::string(*name),
                                     .regnum = regnum,
                                     .bitsize = *bitsize,
                                     .type = std::string(tag.attr("type").value_or("int"))});
  }
};

}  // namespace

RegisterMap RegisterMap::from_target_xml(std::string_view document, const AnnexReader& read) {
  DescriptionReader reader{read, {}, {}, 0};
  reader.parse(document, 0);
  RegisterMap map;
  map.architecture_ = reader.architecture;
  for (RegisterInfo& info : reader.registers) map.add(std::move(info));
  map.finish();
  return map;
}

RegisterMap RegisterMap::amd64_linux() {
  RegisterMap map;
  map.architecture_ = "i386:x86-64";
  for (const protocol::RegisterDescription& d : protocol::amd64_registers()) {
    map.add(RegisterInfo{.name = std::string(d.name),
                         .regnum = d.regnum,
                         .bitsize = d.bitsize,
                         .type = std::string(d.type)});
  }
  map.finish();
  return map;
}

void RegisterMap::add(RegisterInfo info) {
  registers_.push_back(std::move(info));
}

// The 'g' packet holds every register in regnum order, back to back.
void RegisterMap::finish() {
  std::stable_sort(
      registers_.begin(), registers_.end(),
      [](const RegisterInfo& a, const RegisterInfo& b) { return a.regnum < b.regnum; });
  size_t offset = 0;
  for (RegisterInfo& info : registers_) {
    info.g_offset = offset;
    offset += info.size_bytes();
  }
  g_packet_size_ = offset;
}

const RegisterInfo* RegisterMap::find(std::string_view name) const {
  for (const RegisterInfo& info : registers_) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

const RegisterInfo* RegisterMap::find(uint32_t regnum) const {
  for (const RegisterInfo& info : registers_) {
    if (info.regnum == regnum) return &info;
  }
  return nullptr;
}

const RegisterInfo& RegisterMap::at(std::string_view name) const {
  if (const RegisterInfo* info = find(name)) return *info;
  throw std::out_of_range("no register named '" + std::string(name) +
                          "' in the target description");
}

RegisterSnapshot::RegisterSnapshot(const RegisterMap* map, std::vector<uint8_t> bytes,
                                   std::vector<bool> available)
    : map_(map), bytes_(std::move(bytes)), available_(std::move(available)) {}

bool RegisterSnapshot::covers(const RegisterInfo& info) const {
  if (info.g_offset + info.size_bytes() > bytes_.size()) return false;
  for (size_t i = 0; i < info.size_bytes(); ++i) {
    if (!available_[info.g_offset + i]) return false;
  }
  return true;
}

std::optional<uint64_t> RegisterSnapshot::try_get(std::string_view name) const {
  if (map_ == nullptr) return std::nullopt;
  const RegisterInfo* info = map_->find(name);
  if (info == nullptr || !covers(*info)) return std::nullopt;
  uint64_t value = 0;
  const size_t n = std::min<size_t>(info->size_bytes(), 8);
  for (size_t i = 0; i < n; ++i) value |= uint64_t{bytes_[info->g_offset + i]} << (8 * i);
  return value;
}

uint64_t RegisterSnapshot::get(std::string_view name) const {
  if (map_ == nullptr) throw Error("no registers were read");
  map_->at(name);  // throws std::out_of_range for a name the target lacks
  if (auto value = try_get(name)) return *value;
  throw Error("register '" + std::string(name) + "' is unavailable at this stop");
}

std::vector<uint8_t> RegisterSnapshot::bytes(std::string_view name) const {
  if (map_ == nullptr) throw Error("no registers were read");
  const RegisterInfo& info = map_->at(name);
  if (!covers(info)) throw Error("register '" + std::string(name) + "' is unavailable");
  const auto first = bytes_.begin() + static_cast<std::ptrdiff_t>(info.g_offset);
  return {first, first + static_cast<std::ptrdiff_t>(info.size_bytes())};
}

void RegisterSnapshot::set(std::string_view name, uint64_t value) {
  if (map_ == nullptr) throw Error("no registers were read");
  const RegisterInfo& info = map_->at(name);
  if (info.g_offset + info.size_bytes() > bytes_.size())
    throw Error("register '" + std::string(name) + "' is not in the register packet");
  for (size_t i = 0; i < info.size_bytes(); ++i) {
    bytes_[info.g_offset + i] = i < 8 ? static_cast<uint8_t>(value >> (8 * i)) : 0;
    available_[info.g_offset + i] = true;
  }
}

}  // namespace lstar::client
