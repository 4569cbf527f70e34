// The user mappings of a process, as Linux keeps them in mm_struct's VMAs:
// which ranges are mapped, with what protection, and for what (heap, stack,
// the program's image, anonymous memory).
//
// The VMAs are the kernel's view; the AddressSpace holds the pages. Every
// mutation here updates both, so that syscalls never walk the page table
// over ranges the guest chose (a munmap of the whole user half costs the
// mapped pages, not 2^35 lookups).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cpu/address_space.h"

namespace lstar::kernel {

// PROT_* (include/uapi/asm-generic/mman-common.h).
inline constexpr uint32_t kProtNone = 0;
inline constexpr uint32_t kProtRead = 1;
inline constexpr uint32_t kProtWrite = 2;
inline constexpr uint32_t kProtExec = 4;

struct Vma {
  uint64_t start = 0;  // page-aligned
  uint64_t end = 0;    // page-aligned, exclusive
  uint32_t prot = kProtNone;
  bool shared = false;
  std::string name;  // "[heap]", "[stack]", the program's path, or empty (anonymous)

  uint64_t size() const { return end - start; }
  // Neighbours with equal attributes merge into one VMA, as Linux's
  // vma_merge() does for anonymous memory.
  bool mergeable_with(const Vma& other) const {
    return prot == other.prot && shared == other.shared && name == other.name;
  }
};

// The page permissions (cpu::perm) that a protection gives user code.
uint8_t page_permissions(uint32_t prot);

// The most pages the process's address space may hold: the Machine's
// memory limit or, with none set, a bound on what a guest can make the
// host allocate for page bookkeeping (4 GiB worth).
uint64_t commit_limit_pages(const cpu::AddressSpace& as);

class MemoryMap {
 public:
  // Records the user pages already in `as` (the program image and the
  // stack the loader mapped) as VMAs: runs of pages with equal permissions.
  void adopt(const cpu::AddressSpace& as, uint64_t stack_low, uint64_t stack_top,
             const std::string& image_name);

  // The VMA containing `addr`, if any.
  const Vma* find(uint64_t addr) const;
  bool is_free(uint64_t start, uint64_t end) const;
  bool is_fully_mapped(uint64_t start, uint64_t end) const;
  // Bytes of [start, end) that some VMA covers.
  uint64_t mapped_bytes(uint64_t start, uint64_t end) const;
  // The highest (lowest) free range of `len` bytes within [low, high).
  std::optional<uint64_t> find_gap_top_down(uint64_t len, uint64_t low, uint64_t high) const;
  std::optional<uint64_t> find_gap_bottom_up(uint64_t len, uint64_t low, uint64_t high) const;

  // Maps fresh zero pages for `vma`; its range must be free.
  void map(cpu::AddressSpace& as, const Vma& vma);
  // Removes whatever is mapped in [start, end); holes are fine.
  void unmap(cpu::AddressSpace& as, uint64_t start, uint64_t end);
  // Changes the protection of [start, end), which must be fully mapped.
  void protect(cpu::AddressSpace& as, uint64_t start, uint64_t end, uint32_t prot);
  // Replaces the pages of [start, end) that are mapped by fresh zero pages,
  // keeping the VMAs (MADV_DONTNEED on private anonymous memory).
  void zero(cpu::AddressSpace& as, uint64_t start, uint64_t end);

  std::vector<Vma> vmas() const;

 private:
  // Splits the VMA containing `addr` (if any) so that one starts at `addr`.
  void split_at(uint64_t addr);
  // Merges the VMAs around [start, end) with equal neighbours.
  void merge_around(uint64_t start, uint64_t end);
  void insert(const Vma& vma);

  std::map<uint64_t, Vma> vmas_;  // keyed by start
};

}  // namespace lstar::kernel
