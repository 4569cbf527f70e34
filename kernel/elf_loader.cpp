#include "kernel/elf_loader.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "kernel/elf_file.h"
#include "kernel/memory_map.h"

namespace lstar::kernel {
namespace {

using cpu::kPageMask;
using cpu::kPageSize;
using cpu::page_ceil;
using cpu::page_floor;

using Error = std::optional<std::string>;

uint64_t mib_ceil(uint64_t bytes) {
  return (bytes + (uint64_t{1} << 20) - 1) >> 20;
}

bool is_power_of_two(uint64_t x) {
  return x != 0 && (x & (x - 1)) == 0;
}

uint8_t perms_from_flags(uint32_t p_flags) {
  uint8_t perms = cpu::perm::kUser;
  if (p_flags & PF_R) perms |= cpu::perm::kRead;
  if (p_flags & PF_W) perms |= cpu::perm::kWrite;
  if (p_flags & PF_X) perms |= cpu::perm::kExec;
  return perms;
}

std::string segment_label(size_t index, const Elf64_Phdr& ph) {
  return fmt::format("program header {} ({})", index, program_header_type_name(ph.p_type));
}

// The interpreter path, for the error message; only if it is plain text.
std::string interpreter_name(const ElfFile& file, const Elf64_Phdr& ph) {
  const auto bytes = file.bytes(ph.p_offset, std::min<uint64_t>(ph.p_filesz, 256));
  if (!bytes) return "an interpreter";
  const auto name = ElfFile::string_at(*bytes, 0);
  if (!name || name->empty() ||
      !std::all_of(name->begin(), name->end(), [](char c) { return std::isprint(uint8_t(c)); }))
    return "an interpreter";
  return std::string(*name);
}

Error check_type(const ElfFile& file) {
  switch (file.header().e_type) {
    case ET_EXEC:
    case ET_DYN:
      break;
    case ET_REL:
      return "ELF file is a relocatable object (.o), not an executable: link it first";
    case ET_CORE:
      return "ELF file is a core dump, not an executable";
    default:
      return fmt::format("unsupported ELF type {}", file.header().e_type);
  }
  for (const Elf64_Phdr& ph : file.program_headers()) {
    if (ph.p_type == PT_INTERP)
      return fmt::format(
          "dynamically linked executable (it asks for the interpreter {}); lstar runs static "
          "programs: build with gcc -static or -static-pie",
          interpreter_name(file, ph));
  }
  if (file.program_headers().empty()) return "ELF file has no program headers";
  return std::nullopt;
}

Error check_load(const ElfFile& file, size_t index, const Elf64_Phdr& ph) {
  const std::string label = segment_label(index, ph);
  if (ph.p_filesz > ph.p_memsz)
    return fmt::format("{}: p_filesz 0x{:x} is larger than p_memsz 0x{:x}", label, ph.p_filesz,
                       ph.p_memsz);
  if (!file.bytes(ph.p_offset, ph.p_filesz))
    return fmt::format(
        "{}: its 0x{:x} bytes at offset 0x{:x} are past the end of the file "
        "(0x{:x} bytes): truncated?",
        label, ph.p_filesz, ph.p_offset, file.size());
  if (ph.p_vaddr + ph.p_memsz < ph.p_vaddr)
    return fmt::format("{}: p_vaddr 0x{:x} + p_memsz 0x{:x} overflows", label, ph.p_vaddr,
                       ph.p_memsz);
  if (ph.p_align > 1 && !is_power_of_two(ph.p_align))
    return fmt::format("{}: p_align 0x{:x} is not a power of two", label, ph.p_align);
  // The segment is mapped page by page from the file, so the address and
  // the file offset must sit at the same place within a page.
  if ((ph.p_vaddr & kPageMask) != (ph.p_offset & kPageMask))
    return fmt::format("{}: p_vaddr 0x{:x} and p_offset 0x{:x} differ within a page", label,
                       ph.p_vaddr, ph.p_offset);
  return std::nullopt;
}

Error check_tls(size_t index, const Elf64_Phdr& ph) {
  const std::string label = segment_label(index, ph);
  if (ph.p_filesz > ph.p_memsz)
    return fmt::format("{}: p_filesz 0x{:x} is larger than p_memsz 0x{:x}", label, ph.p_filesz,
                       ph.p_memsz);
  if (ph.p_align > 1 && !is_power_of_two(ph.p_align))
    return fmt::format("{}: p_align 0x{:x} is not a power of two", label, ph.p_align);
  if (ph.p_vaddr + ph.p_memsz < ph.p_vaddr)
    return fmt::format("{}: p_vaddr + p_memsz overflows", label);
  return std::nullopt;
}

Error check_program_headers(const ElfFile& file) {
  bool any_load = false;
  const auto& headers = file.program_headers();
  for (size_t i = 0; i < headers.size(); ++i) {
    const Elf64_Phdr& ph = headers[i];
    Error error;
    if (ph.p_type == PT_LOAD) {
      error = check_load(file, i, ph);
      any_load |= ph.p_memsz > 0;
    } else if (ph.p_type == PT_TLS) {
      error = check_tls(i, ph);
    }
    if (error) return error;
  }
  if (!any_load) return "ELF file has no loadable segment";
  return std::nullopt;
}

// ET_EXEC runs where it was linked. ET_DYN moves so that its lowest segment
// lands at the PIE base, as Linux computes load_bias.
uint64_t load_bias(const ElfFile& file, const ElfLoadOptions& options) {
  if (file.header().e_type != ET_DYN) return 0;
  uint64_t lowest = ~uint64_t{0};
  for (const Elf64_Phdr& ph : file.program_headers())
    if (ph.p_type == PT_LOAD && ph.p_memsz > 0) lowest = std::min(lowest, ph.p_vaddr);
  // Wraps as Linux's unsigned arithmetic does; check_placement bounds the result.
  return page_floor(options.pie_base) - page_floor(lowest);
}

std::vector<LoadedSegment> plan_segments(const ElfFile& file, uint64_t bias) {
  std::vector<LoadedSegment> segments;
  for (const Elf64_Phdr& ph : file.program_headers()) {
    if (ph.p_type != PT_LOAD || ph.p_memsz == 0) continue;
    segments.push_back(LoadedSegment{ph.p_vaddr + bias, ph.p_memsz, ph.p_filesz, ph.p_offset,
                                     perms_from_flags(ph.p_flags)});
  }
  return segments;
}

// The image (its PT_LOAD segments, bss included) is mapped memory like any
// other: it counts against the memory limit and against the total the
// machine shares with others, as brk and mmap do. Otherwise a program with
// a huge bss would map it whatever the limits say.
Error check_memory_limits(uint64_t image_bytes, const cpu::AddressSpace& as) {
  const uint64_t pages = image_bytes / kPageSize;
  const uint64_t limit = commit_limit_pages(as);
  if (pages > limit || as.mapped_pages() > limit - pages)
    return fmt::format(
        "the program image needs {} MiB of memory (its segments, bss included), more than the "
        "{} MiB memory limit",
        mib_ceil(image_bytes), mib_ceil(limit * kPageSize));
  if (!as.shared_budget_fits(pages))
    return fmt::format(
        "the program image needs {} MiB of memory (its segments, bss included), more than is "
        "left of the memory total shared with other sessions",
        mib_ceil(image_bytes));
  return std::nullopt;
}

Error check_placement(const std::vector<LoadedSegment>& segments, const cpu::AddressSpace& as,
                      const ElfLoadOptions& options) {
  uint64_t total = 0;
  for (const LoadedSegment& s : segments) {
    const uint64_t end = s.vaddr + s.memsz;
    if (end < s.vaddr || end > kTaskSizeMax || page_floor(s.vaddr) < options.min_address)
      return fmt::format("segment at 0x{:x} (+0x{:x}) lies outside user memory [0x{:x}, 0x{:x})",
                         s.vaddr, s.memsz, options.min_address, kTaskSizeMax);
    const uint64_t span = page_ceil(end) - page_floor(s.vaddr);
    total += span;
    if (total > options.max_image_bytes)
      return fmt::format("segments need more than the {} MiB allowed for a program image",
                         options.max_image_bytes >> 20);
    if (!as.is_range_free(page_floor(s.vaddr), span))
      return fmt::format("segment at 0x{:x} overlaps memory that is already mapped", s.vaddr);
  }
  return check_memory_limits(total, as);
}

bool contains(const LoadedSegment& s, uint64_t addr) {
  return addr >= s.vaddr && addr - s.vaddr < s.memsz;
}

Error check_entry(const std::vector<LoadedSegment>& segments, uint64_t entry) {
  for (const LoadedSegment& s : segments)
    if (contains(s, entry) && (s.perms & cpu::perm::kExec)) return std::nullopt;
  const bool library = entry == 0 || segments.empty() || entry == segments.front().vaddr;
  return fmt::format("entry point 0x{:x} is not in an executable segment{}", entry,
                     library ? " (no entry point: a shared library, not a program)" : "");
}

// AT_PHDR: PT_PHDR when present, else the loaded segment whose file bytes
// include the program header table (Linux's rule since 5.18; 5.6 assumed the
// first segment).
uint64_t phdr_address(const ElfFile& file, const std::vector<LoadedSegment>& segments,
                      uint64_t bias) {
  for (const Elf64_Phdr& ph : file.program_headers())
    if (ph.p_type == PT_PHDR) return ph.p_vaddr + bias;
  const uint64_t phoff = file.header().e_phoff;
  for (const LoadedSegment& s : segments)
    if (phoff >= s.file_offset && phoff - s.file_offset < s.filesz)
      return s.vaddr + (phoff - s.file_offset);
  return segments.front().vaddr - segments.front().file_offset + phoff;
}

// Maps one segment. A page shared with an earlier segment keeps both
// segments' permissions, so neither loses access to its own bytes.
void map_segment(cpu::AddressSpace& as, const ElfFile& file, const LoadedSegment& s) {
  const uint64_t first = page_floor(s.vaddr);
  const uint64_t last = page_floor(s.vaddr + s.memsz - 1);
  const std::optional<uint8_t> first_before = as.permissions(first);
  const std::optional<uint8_t> last_before = as.permissions(last);
  as.map(first, last + kPageSize - first, s.perms);
  if (first_before) as.protect(first, kPageSize, s.perms | *first_before);
  if (last_before) as.protect(last, kPageSize, s.perms | *last_before);

  // Like a file mapping, the first page also holds the file bytes before
  // p_vaddr (for the first segment: the ELF header and program headers).
  const uint64_t lead = s.vaddr - first;
  const auto bytes = file.bytes(s.file_offset - lead, lead + s.filesz);
  as.write_debug(first, bytes->data(), bytes->size());

  // bss: fresh pages read as zero; only the page the file bytes end in may
  // hold other data, so clear the bss part of it.
  const uint64_t bss = s.vaddr + s.filesz;
  const uint64_t bss_end = std::min(s.vaddr + s.memsz, page_ceil(bss));
  static constexpr std::array<uint8_t, kPageSize> kZeros{};
  if (bss_end > bss) as.write_debug(bss, kZeros.data(), bss_end - bss);
}

std::optional<TlsInfo> tls_info(const ElfFile& file, uint64_t bias) {
  for (const Elf64_Phdr& ph : file.program_headers())
    if (ph.p_type == PT_TLS) return TlsInfo{ph.p_vaddr + bias, ph.p_filesz, ph.p_memsz, ph.p_align};
  return std::nullopt;
}

void describe_other_headers(const ElfFile& file, LoadedImage& image) {
  for (const Elf64_Phdr& ph : file.program_headers()) {
    if (ph.p_type == PT_GNU_STACK) image.executable_stack = (ph.p_flags & PF_X) != 0;
    if (ph.p_type == PT_GNU_RELRO)
      image.relro =
          std::pair{ph.p_vaddr + image.load_bias, ph.p_vaddr + image.load_bias + ph.p_memsz};
  }
  image.tls = tls_info(file, image.load_bias);
}

}  // namespace

ElfLoadResult load_elf(std::span<const uint8_t> bytes, cpu::AddressSpace& as,
                       const ElfLoadOptions& options) {
  ElfFile::ParseResult parsed = ElfFile::parse(bytes);
  if (auto* error = std::get_if<std::string>(&parsed)) return *error;
  const ElfFile& file = std::get<ElfFile>(parsed);
  if (Error e = check_type(file)) return *e;
  if (Error e = check_program_headers(file)) return *e;

  LoadedImage image;
  image.load_bias = load_bias(file, options);
  image.is_pie = file.header().e_type == ET_DYN;
  image.segments = plan_segments(file, image.load_bias);
  image.entry = file.header().e_entry + image.load_bias;
  if (Error e = check_placement(image.segments, as, options)) return *e;
  if (Error e = check_entry(image.segments, image.entry)) return *e;

  image.phdr_addr = phdr_address(file, image.segments, image.load_bias);
  image.phent = sizeof(Elf64_Phdr);
  image.phnum = file.header().e_phnum;
  image.image_start = ~uint64_t{0};
  for (const LoadedSegment& s : image.segments) {
    map_segment(as, file, s);
    image.image_start = std::min(image.image_start, page_floor(s.vaddr));
    image.brk_start = std::max(image.brk_start, page_ceil(s.vaddr + s.memsz));
  }
  describe_other_headers(file, image);
  return image;
}

}  // namespace lstar::kernel
