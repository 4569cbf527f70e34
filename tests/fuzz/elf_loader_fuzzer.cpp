// The ELF loader and symbol reader on arbitrary files, as `remote put` +
// `run` lets any student hand one to the server.
//
// Properties: no crash; a rejected file leaves the address space empty; an
// accepted one has every segment mapped at or above mmap_min_addr, inside
// [image_start, brk_start), with its file bytes inside the file.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <variant>

#include "cpu/address_space.h"
#include "kernel/elf_loader.h"
#include "kernel/elf_symbols.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

constexpr uint64_t kImageLimit = uint64_t{16} << 20;  // keeps one run cheap

void check_loaded(const lstar::kernel::LoadedImage& image, const lstar::cpu::AddressSpace& memory,
                  const lstar::kernel::ElfLoadOptions& options, size_t file_size) {
  LSTAR_FUZZ_CHECK(image.image_start >= options.min_address);
  LSTAR_FUZZ_CHECK(image.brk_start % lstar::cpu::kPageSize == 0);
  for (const lstar::kernel::LoadedSegment& segment : image.segments) {
    LSTAR_FUZZ_CHECK(segment.filesz <= segment.memsz);
    LSTAR_FUZZ_CHECK(segment.file_offset <= file_size &&
                     segment.filesz <= file_size - segment.file_offset);
    if (segment.memsz == 0) continue;
    const uint64_t last = segment.vaddr + (segment.memsz - 1);
    LSTAR_FUZZ_CHECK(last >= segment.vaddr);  // no wrap past 2^64
    LSTAR_FUZZ_CHECK(segment.vaddr >= image.image_start && last < image.brk_start);
    LSTAR_FUZZ_CHECK(memory.permissions(segment.vaddr).has_value());
    LSTAR_FUZZ_CHECK(memory.permissions(last).has_value());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> file(data, size);
  lstar::cpu::AddressSpace memory;
  memory.set_page_limit(2 * kImageLimit / lstar::cpu::kPageSize);
  lstar::kernel::ElfLoadOptions options;
  options.max_image_bytes = kImageLimit;
  const lstar::kernel::ElfLoadResult result = lstar::kernel::load_elf(file, memory, options);
  if (const auto* image = std::get_if<lstar::kernel::LoadedImage>(&result)) {
    check_loaded(*image, memory, options, size);
  } else {
    LSTAR_FUZZ_CHECK(memory.mapped_pages() == 0);
  }

  const auto symbols = lstar::kernel::ElfSymbolTable::read(file, options.pie_base);
  if (const auto* table = std::get_if<lstar::kernel::ElfSymbolTable>(&symbols)) {
    for (const lstar::kernel::ElfSymbol& symbol : table->symbols()) {
      LSTAR_FUZZ_CHECK(table->find(symbol.name) != nullptr);
      (void)table->containing(symbol.address);
    }
  }
  return 0;
}
