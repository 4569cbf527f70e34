#include "kernel/elf_loader.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "elf_test_util.h"
#include "kernel/elf_symbols.h"
#include "test_files.h"

namespace lstar::kernel {
namespace {

using cpu::AddressSpace;
using cpu::kPageSize;
using cpu::page_ceil;
using cpu::page_floor;
namespace perm = cpu::perm;
using namespace lstar::kernel::testing;

LoadedImage load_ok(const std::vector<uint8_t>& file, AddressSpace& as,
                    const ElfLoadOptions& options = {}) {
  ElfLoadResult result = load_elf(file, as, options);
  if (auto* error = std::get_if<std::string>(&result)) {
    ADD_FAILURE() << *error;
    return {};
  }
  return std::get<LoadedImage>(std::move(result));
}

// Loads into a fresh address space, expects failure, and checks that nothing
// was mapped on the way.
std::string load_error(const std::vector<uint8_t>& file, const ElfLoadOptions& options = {}) {
  AddressSpace as;
  ElfLoadResult result = load_elf(file, as, options);
  EXPECT_EQ(as.mapped_pages(), 0u);
  if (auto* error = std::get_if<std::string>(&result)) return *error;
  ADD_FAILURE() << "the load was expected to fail";
  return {};
}

uint64_t symbol(const std::vector<uint8_t>& file, const char* name, uint64_t bias = 0) {
  auto table = ElfSymbolTable::read(file, bias);
  EXPECT_TRUE(std::holds_alternative<ElfSymbolTable>(table));
  auto address = std::get<ElfSymbolTable>(table).address_of(name);
  EXPECT_TRUE(address.has_value()) << name;
  return address.value_or(0);
}

std::vector<uint8_t> read_memory(const AddressSpace& as, uint64_t addr, size_t len) {
  std::vector<uint8_t> out(len);
  out.resize(as.read_debug(addr, out.data(), len));
  return out;
}

uint8_t expected_perms(uint32_t p_flags) {
  return perm::kUser | (p_flags & PF_R ? perm::kRead : 0) | (p_flags & PF_W ? perm::kWrite : 0) |
         (p_flags & PF_X ? perm::kExec : 0);
}

// Every PT_LOAD: mapped with its permissions, its file bytes in memory, its
// bss zero; the program headers readable at AT_PHDR.
void expect_segments_loaded(const std::vector<uint8_t>& file, const AddressSpace& as,
                            const LoadedImage& image) {
  uint64_t highest_end = 0;
  size_t loads = 0;
  for (const Elf64_Phdr& ph : program_headers(file)) {
    if (ph.p_type != PT_LOAD) continue;
    ++loads;
    const uint64_t start = ph.p_vaddr + image.load_bias;
    highest_end = std::max(highest_end, start + ph.p_memsz);
    for (uint64_t page = page_floor(start); page < start + ph.p_memsz; page += kPageSize)
      EXPECT_EQ(as.permissions(page), expected_perms(ph.p_flags)) << std::hex << page;
    const std::vector<uint8_t> expected(file.begin() + ph.p_offset,
                                        file.begin() + ph.p_offset + ph.p_filesz);
    EXPECT_EQ(read_memory(as, start, ph.p_filesz), expected);
    const std::vector<uint8_t> bss = read_memory(as, start + ph.p_filesz, ph.p_memsz - ph.p_filesz);
    EXPECT_EQ(bss, std::vector<uint8_t>(ph.p_memsz - ph.p_filesz, 0));
  }
  EXPECT_EQ(image.segments.size(), loads);
  EXPECT_EQ(image.brk_start, page_ceil(highest_end));
  const Elf64_Ehdr h = elf_header(file);
  EXPECT_EQ(image.phnum, h.e_phnum);
  EXPECT_EQ(image.phent, sizeof(Elf64_Phdr));
  const std::vector<uint8_t> phdrs(file.begin() + h.e_phoff,
                                   file.begin() + h.e_phoff + h.e_phnum * sizeof(Elf64_Phdr));
  EXPECT_EQ(read_memory(as, image.phdr_addr, phdrs.size()), phdrs);
}

TEST(ElfLoader, LoadsANostdlibProgram) {
  const auto file = read_file(tiny_program());
  AddressSpace as;
  const LoadedImage image = load_ok(file, as);
  EXPECT_FALSE(image.is_pie);
  EXPECT_EQ(image.load_bias, 0u);
  EXPECT_EQ(image.entry, elf_header(file).e_entry);
  EXPECT_EQ(image.entry, symbol(file, "_start"));
  EXPECT_EQ(as.permissions(image.entry), uint8_t(perm::kRead | perm::kExec | perm::kUser));
  expect_segments_loaded(file, as, image);

  const uint64_t data = symbol(file, "tiny_data");
  EXPECT_EQ(as.permissions(data), uint8_t(perm::kRead | perm::kWrite | perm::kUser));
  int64_t values[4];
  as.read_debug(data, values, sizeof values);
  EXPECT_EQ(values[2], 3);
  const uint64_t bss = symbol(file, "tiny_bss");
  EXPECT_EQ(read_memory(as, bss, 8192), std::vector<uint8_t>(8192, 0));
  EXPECT_FALSE(image.tls.has_value());
}

TEST(ElfLoader, LoadsAGlibcStaticProgram) {
  const auto file = read_file(static_program());
  AddressSpace as;
  const LoadedImage image = load_ok(file, as);
  EXPECT_FALSE(image.is_pie);
  EXPECT_EQ(image.entry, symbol(file, "_start"));
  EXPECT_EQ(image.image_start, 0x400000u);
  EXPECT_EQ(image.phdr_addr, 0x400040u);
  EXPECT_EQ(image.segments.size(), 4u);  // R, RX, R, RW
  ASSERT_TRUE(image.tls.has_value());
  EXPECT_GT(image.tls->memsz, 0u);
  EXPECT_TRUE(image.relro.has_value());
  EXPECT_FALSE(image.executable_stack);
  expect_segments_loaded(file, as, image);
}

TEST(ElfLoader, LoadsAStaticPieAtThePieBase) {
  const auto file = read_file(static_pie_program());
  ASSERT_EQ(elf_header(file).e_type, ET_DYN);
  AddressSpace as;
  const LoadedImage image = load_ok(file, as);
  EXPECT_TRUE(image.is_pie);
  EXPECT_EQ(image.load_bias, 0x555555554000u);
  EXPECT_EQ(image.image_start, 0x555555554000u);
  EXPECT_EQ(image.entry, elf_header(file).e_entry + image.load_bias);
  EXPECT_EQ(image.entry, symbol(file, "_start", image.load_bias));
  EXPECT_EQ(image.phdr_addr, 0x555555554040u);
  ASSERT_TRUE(image.tls.has_value());
  EXPECT_GE(image.tls->vaddr, image.load_bias);
  expect_segments_loaded(file, as, image);

  AddressSpace elsewhere;
  ElfLoadOptions options;
  options.pie_base = 0x7f0000000000;
  EXPECT_EQ(load_ok(file, elsewhere, options).load_bias, 0x7f0000000000u);
}

TEST(ElfLoader, RejectsDynamicallyLinkedPrograms) {
  const std::string error = load_error(read_file(dynamic_program()));
  EXPECT_NE(error.find("dynamically linked"), std::string::npos) << error;
  EXPECT_NE(error.find("/lib64/ld-linux-x86-64.so.2"), std::string::npos) << error;
  EXPECT_NE(error.find("-static"), std::string::npos) << error;
}

TEST(ElfLoader, RefusesToLoadOverExistingMappings) {
  const auto file = read_file(tiny_program());
  AddressSpace as;
  load_ok(file, as);
  const uint64_t pages = as.mapped_pages();
  ElfLoadResult again = load_elf(file, as);
  ASSERT_TRUE(std::holds_alternative<std::string>(again));
  EXPECT_NE(std::get<std::string>(again).find("already mapped"), std::string::npos);
  EXPECT_EQ(as.mapped_pages(), pages);
}

// `static char big[900 << 20]`: the bss is mapped memory, so it must fit
// the memory limit and the total shared with other machines, or the load
// fails with nothing mapped.
TEST(ElfLoader, AnImageLargerThanTheMemoryLimitsIsRefused) {
  constexpr uint64_t kBig = uint64_t{900} << 20;
  const auto file =
      make_elf({load_segment(0x400000, 0, 0x1000, kBig, PF_R | PF_W | PF_X)}, 0x400100, 0x1000);
  AddressSpace limited;
  limited.set_page_limit((uint64_t{16} << 20) / kPageSize);
  ElfLoadResult result = load_elf(file, limited);
  ASSERT_TRUE(std::holds_alternative<std::string>(result));
  const std::string& error = std::get<std::string>(result);
  EXPECT_NE(error.find("needs 900 MiB"), std::string::npos) << error;
  EXPECT_NE(error.find("16 MiB memory limit"), std::string::npos) << error;
  EXPECT_EQ(limited.mapped_pages(), 0u);

  AddressSpace shared;
  auto total = std::make_shared<cpu::SharedPageBudget>((uint64_t{64} << 20) / kPageSize);
  shared.set_shared_budget(total);
  result = load_elf(file, shared);
  ASSERT_TRUE(std::holds_alternative<std::string>(result));
  EXPECT_NE(std::get<std::string>(result).find("memory total"), std::string::npos)
      << std::get<std::string>(result);
  EXPECT_EQ(total->used_pages(), 0u);

  AddressSpace roomy;  // within the limits it loads (and costs nothing until touched)
  roomy.set_page_limit((uint64_t{1} << 30) / kPageSize);
  EXPECT_TRUE(std::holds_alternative<LoadedImage>(load_elf(file, roomy)));
}

// Two segments sharing a page, as older linkers lay them out.
TEST(ElfLoader, SharedPagesKeepBothSegmentsPermissions) {
  const auto file = make_elf({load_segment(0x400000, 0, 0x800, 0x800, PF_R | PF_X),
                              load_segment(0x400800, 0x800, 0x100, 0x1000, PF_R | PF_W)},
                             0x400100, 0x1000);
  AddressSpace as;
  const LoadedImage image = load_ok(file, as);
  EXPECT_EQ(as.permissions(0x400000),
            uint8_t(perm::kRead | perm::kWrite | perm::kExec | perm::kUser));
  EXPECT_EQ(as.permissions(0x401000), uint8_t(perm::kRead | perm::kWrite | perm::kUser));
  EXPECT_EQ(read_memory(as, 0x400000, 0x900),
            std::vector<uint8_t>(file.begin(), file.begin() + 0x900));
  EXPECT_EQ(read_memory(as, 0x400900, 0xf00), std::vector<uint8_t>(0xf00, 0));
  EXPECT_EQ(image.brk_start, 0x402000u);
}

class ElfRejection : public ::testing::Test {
 protected:
  ElfRejection() : file(read_file(tiny_program())), header(elf_header(file)) {}

  Elf64_Phdr first_load() const { return program_headers(file)[first_load_index(file)]; }
  void set_first_load(const Elf64_Phdr& ph) {
    set_program_header(file, first_load_index(file), ph);
  }
  std::string error_with_header() {
    set_elf_header(file, header);
    return load_error(file);
  }

  std::vector<uint8_t> file;
  Elf64_Ehdr header;
};

#define EXPECT_CONTAINS(haystack, needle)                   \
  do {                                                      \
    const std::string h_ = (haystack);                      \
    EXPECT_NE(h_.find(needle), std::string::npos)           \
        << "\"" << h_ << "\" lacks \"" << (needle) << "\""; \
  } while (0)

TEST_F(ElfRejection, NotElf) {
  EXPECT_EQ(load_error({}), "not an ELF file (too short)");
  EXPECT_EQ(load_error(std::vector<uint8_t>(100, 'x')), "not an ELF file (bad magic number)");
  EXPECT_EQ(load_error(std::vector<uint8_t>(file.begin(), file.begin() + 40)),
            "truncated ELF file (shorter than its header)");
}

TEST_F(ElfRejection, WrongClassEndiannessOrMachine) {
  header.e_ident[EI_CLASS] = ELFCLASS32;
  EXPECT_CONTAINS(error_with_header(), "32-bit ELF file");
  header = elf_header(read_file(tiny_program()));
  header.e_ident[EI_DATA] = ELFDATA2MSB;
  EXPECT_CONTAINS(error_with_header(), "not little-endian");
  header.e_ident[EI_DATA] = ELFDATA2LSB;
  header.e_machine = EM_AARCH64;
  EXPECT_CONTAINS(error_with_header(), "ELF file is for AArch64, not x86-64");
  header.e_machine = EM_X86_64;
  header.e_version = 7;
  EXPECT_CONTAINS(error_with_header(), "unsupported ELF version");
}

TEST_F(ElfRejection, WrongType) {
  header.e_type = ET_REL;
  EXPECT_CONTAINS(error_with_header(), "relocatable object");
  header.e_type = ET_CORE;
  EXPECT_CONTAINS(error_with_header(), "core dump");
  header.e_type = 0x1234;
  EXPECT_CONTAINS(error_with_header(), "unsupported ELF type");
}

TEST_F(ElfRejection, BadProgramHeaderTable) {
  header.e_phentsize = 32;
  EXPECT_CONTAINS(error_with_header(), "program header size 32");
  header.e_phentsize = sizeof(Elf64_Phdr);
  header.e_phoff = file.size() - 10;
  EXPECT_CONTAINS(error_with_header(), "truncated ELF file: program headers");
  header.e_phoff = ~uint64_t{0} - 8;  // offset + size wraps
  EXPECT_CONTAINS(error_with_header(), "truncated ELF file: program headers");
  header.e_phoff = sizeof(Elf64_Ehdr);
  header.e_phnum = 0;
  EXPECT_CONTAINS(error_with_header(), "no program headers");
  header.e_phnum = 0xffff;
  EXPECT_CONTAINS(error_with_header(), "too many ELF program headers");
}

TEST_F(ElfRejection, NoLoadableSegment) {
  auto phdrs = program_headers(file);
  for (size_t i = 0; i < phdrs.size(); ++i) {
    if (phdrs[i].p_type == PT_LOAD) phdrs[i].p_type = PT_NULL;
    set_program_header(file, i, phdrs[i]);
  }
  EXPECT_CONTAINS(load_error(file), "no loadable segment");
}

TEST_F(ElfRejection, SegmentSizes) {
  Elf64_Phdr ph = first_load();
  ph.p_filesz = ph.p_memsz + 1;
  set_first_load(ph);
  EXPECT_CONTAINS(load_error(file), "is larger than p_memsz");

  ph = first_load();
  ph.p_filesz = ph.p_memsz = file.size() + 0x1000;
  set_first_load(ph);
  EXPECT_CONTAINS(load_error(file), "past the end of the file");

  ph = first_load();
  ph.p_offset = ~uint64_t{0} - 4;
  ph.p_filesz = 16;
  set_first_load(ph);
  EXPECT_CONTAINS(load_error(file), "past the end of the file");
}

TEST_F(ElfRejection, SegmentPlacement) {
  const Elf64_Phdr original = first_load();
  Elf64_Phdr ph = original;
  ph.p_memsz = uint64_t{1} << 40;
  set_first_load(ph);
  EXPECT_CONTAINS(load_error(file), "MiB allowed for a program image");

  ph = original;
  ph.p_vaddr = 0x7ffffffff000 + (original.p_vaddr & 0xfff);
  set_first_load(ph);
  EXPECT_CONTAINS(load_error(file), "outside user memory");

  ph = original;
  ph.p_vaddr = ~uint64_t{0} - 0x10;
  set_first_load(ph);
  EXPECT_CONTAINS(load_error(file), "overflows");

  ph = original;
  ph.p_vaddr = original.p_vaddr & 0xfff;  // page zero
  set_first_load(ph);
  EXPECT_CONTAINS(load_error(file), "outside user memory");

  ph = original;
  ph.p_vaddr = original.p_vaddr + 8;
  set_first_load(ph);
  EXPECT_CONTAINS(load_error(file), "differ within a page");

  ph = original;
  ph.p_align = 0x1800;
  set_first_load(ph);
  EXPECT_CONTAINS(load_error(file), "not a power of two");
}

TEST_F(ElfRejection, EntryOutsideCode) {
  header.e_entry = 0;
  EXPECT_CONTAINS(error_with_header(), "entry point 0x0 is not in an executable segment");
  header.e_entry = first_load().p_vaddr;  // the first segment is the read-only headers
  EXPECT_CONTAINS(error_with_header(), "is not in an executable segment");
}

TEST_F(ElfRejection, TlsHeader) {
  auto phdrs = program_headers(file);
  Elf64_Phdr tls{};
  tls.p_type = PT_TLS;
  tls.p_filesz = 16;
  tls.p_memsz = 8;
  set_program_header(file, phdrs.size() - 1, tls);  // replaces the last header
  EXPECT_CONTAINS(load_error(file), "(PT_TLS): p_filesz 0x10 is larger than p_memsz 0x8");
}

// Every prefix of a real program either loads or is refused with a message.
TEST(ElfLoaderRobustness, TruncatedFilesNeverCrash) {
  const auto file = read_file(tiny_program());
  for (size_t len = 0; len <= file.size(); len += (len < 1024 ? 1 : 97)) {
    const std::vector<uint8_t> prefix(file.begin(), file.begin() + len);
    AddressSpace as;
    ElfLoadResult result = load_elf(prefix, as);
    if (std::holds_alternative<std::string>(result)) {
      EXPECT_EQ(as.mapped_pages(), 0u) << len;
    }
    (void)ElfSymbolTable::read(prefix);
  }
}

void fuzz(const std::vector<uint8_t>& original, size_t region, int iterations, uint64_t seed) {
  std::mt19937_64 rng(seed);
  int loaded = 0;
  for (int i = 0; i < iterations; ++i) {
    std::vector<uint8_t> file = original;
    const int flips = 1 + static_cast<int>(rng() % 8);
    for (int f = 0; f < flips; ++f) {
      // Mostly the headers, sometimes anywhere (the section headers too).
      const size_t limit = rng() % 4 == 0 ? file.size() : std::min(region, file.size());
      file[rng() % limit] ^= static_cast<uint8_t>(1u << (rng() % 8));
    }
    AddressSpace as;
    ElfLoadResult result = load_elf(file, as);
    if (auto* image = std::get_if<LoadedImage>(&result)) {
      ++loaded;
      const auto entry_perms = as.permissions(image->entry);
      ASSERT_TRUE(entry_perms.has_value()) << "iteration " << i;
      EXPECT_TRUE(*entry_perms & perm::kExec) << "iteration " << i;
    } else {
      EXPECT_EQ(as.mapped_pages(), 0u) << "iteration " << i;
    }
    (void)ElfSymbolTable::read(file);
  }
  // Both paths must have been exercised for the test to mean anything.
  EXPECT_GT(loaded, iterations / 20);
  EXPECT_LT(loaded, iterations - iterations / 20);
}

TEST(ElfLoaderRobustness, FuzzedTinyProgramsNeverCrash) {
  const auto file = read_file(tiny_program());
  const Elf64_Ehdr h = elf_header(file);
  fuzz(file, h.e_phoff + h.e_phnum * sizeof(Elf64_Phdr), 3000, 1);
}

TEST(ElfLoaderRobustness, FuzzedGlibcProgramsNeverCrash) {
  const auto file = read_file(static_program());
  const Elf64_Ehdr h = elf_header(file);
  fuzz(file, h.e_phoff + h.e_phnum * sizeof(Elf64_Phdr), 150, 2);
}

}  // namespace
}  // namespace lstar::kernel
