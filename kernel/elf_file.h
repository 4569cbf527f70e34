// A bounds-checked read-only view of an ELF64 little-endian x86-64 file.
//
// Every header is copied out of the byte span (never cast in place), and
// every offset and size is checked against the span before use, so a
// truncated or hostile file yields an error message, never a bad read.
// Internal to the ELF loader and symbol reader: it exposes <elf.h> types.
#pragma once

#include <elf.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lstar::kernel {

class ElfFile {
 public:
  using ParseResult = std::variant<ElfFile, std::string>;

  // Checks the identification bytes, the machine and the program header
  // table's bounds; reads the program headers.
  static ParseResult parse(std::span<const uint8_t> bytes);

  const Elf64_Ehdr& header() const { return header_; }
  const std::vector<Elf64_Phdr>& program_headers() const { return program_headers_; }
  size_t size() const { return bytes_.size(); }

  // Reads and checks the section header table (only symbol lookup needs it;
  // loading does not, as on Linux).
  std::variant<std::vector<Elf64_Shdr>, std::string> section_headers() const;

  // [offset, offset + size) of the file, or nullopt when it is not all there.
  std::optional<std::span<const uint8_t>> bytes(uint64_t offset, uint64_t size) const;

  // The NUL-terminated string at `offset` within `table`, or nullopt.
  static std::optional<std::string_view> string_at(std::span<const uint8_t> table, uint64_t offset);

 private:
  explicit ElfFile(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  std::span<const uint8_t> bytes_;
  Elf64_Ehdr header_{};
  std::vector<Elf64_Phdr> program_headers_;
};

// "PT_LOAD", "PT_TLS", ... or "type 0x6474e553" for other types.
std::string program_header_type_name(uint32_t type);

}  // namespace lstar::kernel
