// Helpers for tests that take ELF files apart or build small ones.
#pragma once

#include <elf.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace lstar::kernel::testing {

inline Elf64_Ehdr elf_header(const std::vector<uint8_t>& file) {
  Elf64_Ehdr h;
  std::memcpy(&h, file.data(), sizeof h);
  return h;
}

inline void set_elf_header(std::vector<uint8_t>& file, const Elf64_Ehdr& h) {
  std::memcpy(file.data(), &h, sizeof h);
}

inline std::vector<Elf64_Phdr> program_headers(const std::vector<uint8_t>& file) {
  const Elf64_Ehdr h = elf_header(file);
  std::vector<Elf64_Phdr> out(h.e_phnum);
  std::memcpy(out.data(), file.data() + h.e_phoff, out.size() * sizeof(Elf64_Phdr));
  return out;
}

inline void set_program_header(std::vector<uint8_t>& file, size_t index, const Elf64_Phdr& ph) {
  std::memcpy(file.data() + elf_header(file).e_phoff + index * sizeof ph, &ph, sizeof ph);
}

inline size_t first_load_index(const std::vector<uint8_t>& file) {
  const auto phdrs = program_headers(file);
  for (size_t i = 0; i < phdrs.size(); ++i)
    if (phdrs[i].p_type == PT_LOAD) return i;
  return phdrs.size();
}

// A minimal ET_EXEC file: header, program headers, then `size` bytes of
// payload where byte i holds (i * 7) & 0xff so copies can be checked.
inline std::vector<uint8_t> make_elf(const std::vector<Elf64_Phdr>& phdrs, uint64_t entry,
                                     size_t size) {
  std::vector<uint8_t> file(size);
  for (size_t i = 0; i < size; ++i) file[i] = static_cast<uint8_t>(i * 7);
  Elf64_Ehdr h{};
  std::memcpy(h.e_ident, ELFMAG, SELFMAG);
  h.e_ident[EI_CLASS] = ELFCLASS64;
  h.e_ident[EI_DATA] = ELFDATA2LSB;
  h.e_ident[EI_VERSION] = EV_CURRENT;
  h.e_type = ET_EXEC;
  h.e_machine = EM_X86_64;
  h.e_version = EV_CURRENT;
  h.e_entry = entry;
  h.e_phoff = sizeof(Elf64_Ehdr);
  h.e_ehsize = sizeof(Elf64_Ehdr);
  h.e_phentsize = sizeof(Elf64_Phdr);
  h.e_phnum = static_cast<uint16_t>(phdrs.size());
  set_elf_header(file, h);
  for (size_t i = 0; i < phdrs.size(); ++i) set_program_header(file, i, phdrs[i]);
  return file;
}

inline Elf64_Phdr load_segment(uint64_t vaddr, uint64_t offset, uint64_t filesz, uint64_t memsz,
                               uint32_t flags) {
  Elf64_Phdr ph{};
  ph.p_type = PT_LOAD;
  ph.p_flags = flags;
  ph.p_offset = offset;
  ph.p_vaddr = ph.p_paddr = vaddr;
  ph.p_filesz = filesz;
  ph.p_memsz = memsz;
  ph.p_align = 0x1000;
  return ph;
}

}  // namespace lstar::kernel::testing
