// Loads a static x86-64 ELF executable into an address space, as Linux's
// binfmt_elf does for a program without an interpreter.
//
// Accepted: ET_EXEC (gcc -static) and ET_DYN without PT_INTERP (gcc
// -static-pie, loaded at `pie_base`). Rejected with a message: anything
// else, including dynamically linked programs. The whole file is validated
// before anything is mapped, so a rejected file leaves the address space
// as it was.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "cpu/address_space.h"
#include "kernel/memory_layout.h"

namespace lstar::kernel {

// The PT_TLS template: glibc copies it into each thread's TLS block.
struct TlsInfo {
  uint64_t vaddr = 0;  // after the load bias
  uint64_t filesz = 0;
  uint64_t memsz = 0;
  uint64_t align = 0;
};

struct LoadedSegment {
  uint64_t vaddr = 0;  // after the load bias; not page-aligned
  uint64_t memsz = 0;
  uint64_t filesz = 0;
  uint64_t file_offset = 0;
  uint8_t perms = 0;  // cpu::perm bits, including kUser
};

struct LoadedImage {
  uint64_t entry = 0;        // AT_ENTRY: where the process starts
  uint64_t phdr_addr = 0;    // AT_PHDR: the program headers in guest memory
  uint64_t phent = 0;        // AT_PHENT
  uint64_t phnum = 0;        // AT_PHNUM
  uint64_t load_bias = 0;    // 0 for ET_EXEC, the PIE base for ET_DYN
  uint64_t brk_start = 0;    // page-aligned end of the highest segment: the heap starts here
  uint64_t image_start = 0;  // lowest mapped address (page-aligned)
  bool is_pie = false;
  bool executable_stack = false;  // PT_GNU_STACK asked for PF_X
  std::optional<TlsInfo> tls;
  std::optional<std::pair<uint64_t, uint64_t>> relro;  // [start, end) after the bias
  std::vector<LoadedSegment> segments;
};

struct ElfLoadOptions {
  // Where ET_DYN programs go: Linux's ELF_ET_DYN_BASE on x86-64 without
  // address randomisation, where gdb shows PIE programs.
  uint64_t pie_base = kPieBase;
  // Bound on the memory the segments span, so a header claiming terabytes
  // is refused instead of exhausting the host.
  uint64_t max_image_bytes = uint64_t{1} << 30;
  // Linux's vm.mmap_min_addr: nothing may be mapped below it.
  uint64_t min_address = kMmapMinAddr;
};

using ElfLoadResult = std::variant<LoadedImage, std::string>;

// Validates `file`, maps its PT_LOAD segments into `as` with permissions from
// p_flags (+ user), copies their bytes and zeroes their bss. The segments'
// pages must not be mapped yet.
ElfLoadResult load_elf(std::span<const uint8_t> file, cpu::AddressSpace& as,
                       const ElfLoadOptions& options = {});

}  // namespace lstar::kernel
