#include "kernel/image/kernel_image.h"

#include "kernel/elf_file.h"
#include "kernel/elf_symbols.h"

namespace lstar::kernel {
namespace {

uint8_t perms_of(uint32_t p_flags) {
  uint8_t perms = 0;  // no perm::kUser: the kernel half is supervisor-only
  if (p_flags & PF_R) perms |= cpu::perm::kRead;
  if (p_flags & PF_W) perms |= cpu::perm::kWrite;
  if (p_flags & PF_X) perms |= cpu::perm::kExec;
  return perms;
}

std::optional<std::string> map_segments(const ElfFile& file, cpu::AddressSpace& memory) {
  for (const Elf64_Phdr& ph : file.program_headers()) {
    if (ph.p_type != PT_LOAD) continue;
    memory.map(ph.p_vaddr, ph.p_memsz, perms_of(ph.p_flags));
    auto bytes = file.bytes(ph.p_offset, ph.p_filesz);
    if (!bytes) return "kernel image: segment outside the file";
    memory.write_debug(ph.p_vaddr, bytes->data(), bytes->size());
  }
  return std::nullopt;
}

std::map<std::string, uint64_t, std::less<>> read_symbols(std::span<const uint8_t> elf) {
  std::map<std::string, uint64_t, std::less<>> symbols;
  auto table = ElfSymbolTable::read(elf);
  if (auto* t = std::get_if<ElfSymbolTable>(&table)) {
    for (const ElfSymbol& sym : t->symbols()) symbols[sym.name] = sym.address;
  }
  return symbols;
}

}  // namespace

std::variant<KernelImage, std::string> map_kernel_image(std::span<const uint8_t> elf,
                                                        cpu::AddressSpace& memory) {
  auto parsed = ElfFile::parse(elf);
  if (auto* error = std::get_if<std::string>(&parsed)) return "kernel image: " + *error;
  const ElfFile& file = std::get<ElfFile>(parsed);
  if (auto error = map_segments(file, memory)) return *error;
  KernelImage image;
  image.entry = file.header().e_entry;
  image.symbols = read_symbols(elf);
  return image;
}

}  // namespace lstar::kernel
