// kmalloc for student kernel code, checked as KASAN and KFENCE check it.
//
// Every object gets pages of its own, placed so that it ends where its last
// page ends, followed by an unmapped guard page: a write one byte past the
// end faults at once, inside the instruction that did it. kfree unmaps the
// pages and never hands their addresses out again, so a use after free
// faults too, and the heap remembers who allocated and who freed each object
// to say so. Addresses come from Linux's direct-map region, so student code
// sees familiar kernel pointers (0xffff888...).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cpu/address_space.h"

namespace lstar::kernel {

inline constexpr uint64_t kKmallocBase = 0xffff888000000000;
inline constexpr uint64_t kKmallocRegionSize = 1ull << 40;
// How many freed objects the heap remembers (for use-after-free and
// double-free reports); older records are forgotten, as KASAN's quarantine
// recycles, so a kmalloc/kfree loop cannot grow the host's memory.
inline constexpr size_t kKmallocFreedRecords = 1u << 16;
// Linux's KMALLOC_MAX_SIZE with 4 KiB pages and the buddy allocator's limit.
inline constexpr uint64_t kKmallocMaxSize = 4ull << 20;
// kmalloc(0) returns ZERO_SIZE_PTR: not NULL, but faults when used.
inline constexpr uint64_t kZeroSizePtr = 16;

struct KmallocObject {
  uint64_t address = 0;
  uint64_t size = 0;
  std::vector<uint64_t> alloc_stack;  // return addresses, innermost first
  int alloc_syscall = -1;
  bool freed = false;
  std::vector<uint64_t> free_stack;
  bool leak_reported = false;
};

class KmallocHeap {
 public:
  // The address of a new object, or 0 when memory is exhausted or the size
  // is beyond kKmallocMaxSize.
  uint64_t allocate(cpu::AddressSpace& memory, uint64_t size, std::vector<uint64_t> stack,
                    int syscall);

  enum class FreeResult { kFreed, kIgnored, kDoubleFree, kInvalidFree };
  FreeResult free(cpu::AddressSpace& memory, uint64_t address, std::vector<uint64_t> stack);

  // The object whose pages or guard page hold `address`, live or freed.
  const KmallocObject* find_near(uint64_t address) const;
  const KmallocObject* find_live(uint64_t address) const;
  std::vector<const KmallocObject*> live_objects() const;
  KmallocObject* object_at(uint64_t address);
  bool in_region(uint64_t address) const {
    return address >= kKmallocBase && address - kKmallocBase < kKmallocRegionSize;
  }

 private:
  struct Slot {
    uint64_t first_page = 0;
    uint64_t pages = 0;  // mapped pages; a guard page follows
    KmallocObject object;
  };
  Slot* slot_of(uint64_t address);

  std::map<uint64_t, Slot> slots_;  // by first page
  std::deque<uint64_t> freed_;      // first pages of freed slots, oldest first
  uint64_t next_ = kKmallocBase;
};

}  // namespace lstar::kernel
