#include "kernel/elf_file.h"

#include <cstring>

#include <fmt/format.h>

namespace lstar::kernel {
namespace {

// Linux refuses more program headers than fit in 64 KiB (binfmt_elf.c).
constexpr uint64_t kMaxProgramHeaderBytes = 65536;

template <typename T>
T read_struct(std::span<const uint8_t> bytes) {
  T value;
  std::memcpy(&value, bytes.data(), sizeof(T));
  return value;
}

std::string machine_name(uint16_t machine) {
  switch (machine) {
    case EM_386:
      return "i386";
    case EM_ARM:
      return "32-bit ARM";
    case EM_AARCH64:
      return "AArch64";
    case EM_RISCV:
      return "RISC-V";
    case EM_PPC64:
      return "PowerPC64";
    case EM_S390:
      return "s390";
    case EM_MIPS:
      return "MIPS";
    default:
      return fmt::format("machine {}", machine);
  }
}

std::optional<std::string> check_ident(const Elf64_Ehdr& h) {
  if (std::memcmp(h.e_ident, ELFMAG, SELFMAG) != 0) return "not an ELF file (bad magic number)";
  if (h.e_ident[EI_CLASS] != ELFCLASS64)
    return h.e_ident[EI_CLASS] == ELFCLASS32
               ? "32-bit ELF file; lstar runs 64-bit x86-64 programs"
               : fmt::format("invalid ELF class {}", h.e_ident[EI_CLASS]);
  if (h.e_ident[EI_DATA] != ELFDATA2LSB) return "ELF file is not little-endian";
  if (h.e_ident[EI_VERSION] != EV_CURRENT || h.e_version != EV_CURRENT)
    return "unsupported ELF version";
  if (h.e_machine != EM_X86_64)
    return fmt::format("ELF file is for {}, not x86-64", machine_name(h.e_machine));
  return std::nullopt;
}

}  // namespace

ElfFile::ParseResult ElfFile::parse(std::span<const uint8_t> bytes) {
  ElfFile file(bytes);
  if (bytes.size() < sizeof(Elf64_Ehdr))
    return bytes.size() >= SELFMAG && std::memcmp(bytes.data(), ELFMAG, SELFMAG) == 0
               ? std::string("truncated ELF file (shorter than its header)")
               : std::string("not an ELF file (too short)");
  file.header_ = read_struct<Elf64_Ehdr>(bytes);
  if (auto error = check_ident(file.header_)) return *error;
  const Elf64_Ehdr& h = file.header_;
  if (h.e_phnum == 0) return file;
  if (h.e_phentsize != sizeof(Elf64_Phdr))
    return fmt::format("invalid ELF program header size {} (expected {})", h.e_phentsize,
                       sizeof(Elf64_Phdr));
  const uint64_t table_size = uint64_t{h.e_phnum} * sizeof(Elf64_Phdr);
  if (table_size > kMaxProgramHeaderBytes)
    return fmt::format("too many ELF program headers ({})", h.e_phnum);
  const auto table = file.bytes(h.e_phoff, table_size);
  if (!table)
    return fmt::format("truncated ELF file: program headers at 0x{:x} (+0x{:x}) are past its end",
                       h.e_phoff, table_size);
  for (uint16_t i = 0; i < h.e_phnum; ++i)
    file.program_headers_.push_back(
        read_struct<Elf64_Phdr>(table->subspan(i * sizeof(Elf64_Phdr), sizeof(Elf64_Phdr))));
  return file;
}

std::variant<std::vector<Elf64_Shdr>, std::string> ElfFile::section_headers() const {
  const Elf64_Ehdr& h = header_;
  std::vector<Elf64_Shdr> sections;
  if (h.e_shnum == 0) return sections;
  if (h.e_shentsize != sizeof(Elf64_Shdr))
    return fmt::format("invalid ELF section header size {}", h.e_shentsize);
  const uint64_t table_size = uint64_t{h.e_shnum} * sizeof(Elf64_Shdr);
  const auto table = bytes(h.e_shoff, table_size);
  if (!table)
    return fmt::format("truncated ELF file: section headers at 0x{:x} (+0x{:x}) are past its end",
                       h.e_shoff, table_size);
  for (uint16_t i = 0; i < h.e_shnum; ++i)
    sections.push_back(
        read_struct<Elf64_Shdr>(table->subspan(i * sizeof(Elf64_Shdr), sizeof(Elf64_Shdr))));
  return sections;
}

std::optional<std::span<const uint8_t>> ElfFile::bytes(uint64_t offset, uint64_t size) const {
  if (offset > bytes_.size() || size > bytes_.size() - offset) return std::nullopt;
  return bytes_.subspan(offset, size);
}

std::optional<std::string_view> ElfFile::string_at(std::span<const uint8_t> table,
                                                   uint64_t offset) {
  if (offset >= table.size()) return std::nullopt;
  const auto* start = reinterpret_cast<const char*>(table.data()) + offset;
  const void* nul = std::memchr(start, '\0', table.size() - offset);
  if (!nul) return std::nullopt;
  return std::string_view(start, static_cast<const char*>(nul) - start);
}

std::string program_header_type_name(uint32_t type) {
  switch (type) {
    case PT_NULL:
      return "PT_NULL";
    case PT_LOAD:
      return "PT_LOAD";
    case PT_DYNAMIC:
      return "PT_DYNAMIC";
    case PT_INTERP:
      return "PT_INTERP";
    case PT_NOTE:
      return "PT_NOTE";
    case PT_PHDR:
      return "PT_PHDR";
    case PT_TLS:
      return "PT_TLS";
    case PT_GNU_EH_FRAME:
      return "PT_GNU_EH_FRAME";
    case PT_GNU_STACK:
      return "PT_GNU_STACK";
    case PT_GNU_RELRO:
      return "PT_GNU_RELRO";
    default:
      return fmt::format("type 0x{:x}", type);
  }
}

}  // namespace lstar::kernel
