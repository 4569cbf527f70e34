// The target's registers as its target description (target.xml) names them:
// name -> regnum, size, and where the register sits in the 'g' packet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lstar::client {

struct RegisterInfo {
  std::string name;
  uint32_t regnum = 0;
  uint32_t bitsize = 0;
  size_t g_offset = 0;  // byte offset in the 'g' packet data
  std::string type;     // "int64", "code_ptr", "vec128", ...

  size_t size_bytes() const { return bitsize / 8; }
};

class RegisterMap {
 public:
  // Fetches an annex of qXfer:features:read ("target.xml", "64bit-core.xml").
  using AnnexReader = std::function<std::string(std::string_view annex)>;

  // Parses target.xml, following <xi:include href="..."/> through `read`.
  // Registers without a regnum attribute take the previous one plus one, as
  // gdb numbers them; the 'g' packet holds them in regnum order.
  static RegisterMap from_target_xml(std::string_view document, const AnnexReader& read);
  // amd64 GNU/Linux as lstar and gdbserver number it (core, sse, orig_rax,
  // fs_base, gs_base), for servers without qXfer:features:read.
  static RegisterMap amd64_linux();

  const RegisterInfo* find(std::string_view name) const;
  const RegisterInfo* find(uint32_t regnum) const;
  // Like find(), but throws std::out_of_range naming the register.
  const RegisterInfo& at(std::string_view name) const;

  std::span<const RegisterInfo> registers() const { return registers_; }
  // The size of a complete 'g' packet, in bytes.
  size_t g_packet_size() const { return g_packet_size_; }
  // <architecture> of the description, e.g. "i386:x86-64"; empty if absent.
  const std::string& architecture() const { return architecture_; }

 private:
  void add(RegisterInfo info);
  void finish();

  std::vector<RegisterInfo> registers_;  // sorted by regnum
  size_t g_packet_size_ = 0;
  std::string architecture_;
};

// A copy of all registers at one stop (from a 'g' packet).
class RegisterSnapshot {
 public:
  RegisterSnapshot() = default;
  // `available[i]` is false for bytes the server sent as "xx" (unavailable).
  RegisterSnapshot(const RegisterMap* map, std::vector<uint8_t> bytes, std::vector<bool> available);

  // The register's value, little-endian, zero-extended to 64 bits (wider
  // registers give their low 64 bits). Throws std::out_of_range for an
  // unknown name and lstar::client::Error for an unavailable register.
  uint64_t get(std::string_view name) const;
  std::optional<uint64_t> try_get(std::string_view name) const;
  // The raw bytes of the register, in target byte order.
  std::vector<uint8_t> bytes(std::string_view name) const;
  void set(std::string_view name, uint64_t value);
  const std::vector<uint8_t>& raw() const { return bytes_; }
  bool empty() const { return map_ == nullptr; }

 private:
  bool covers(const RegisterInfo& info) const;

  const RegisterMap* map_ = nullptr;
  std::vector<uint8_t> bytes_;
  std::vector<bool> available_;
};

}  // namespace lstar::client
