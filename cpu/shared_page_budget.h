// A limit on the pages that several address spaces map in total: a lab
// server's guests share the host's memory, so one cap bounds all sessions
// together, next to each session's own limit.
//
// Address spaces count their mapped pages into the budget as they map and
// unmap; the kernel asks fits() before it maps (strict overcommit, as for
// the per-session limit). Check and map are two steps, so guests mapping
// at the same moment on different threads can pass the limit by one
// mapping each: the cap is exact to within that.
#pragma once

#include <atomic>
#include <cstdint>

namespace lstar::cpu {

class SharedPageBudget {
 public:
  explicit SharedPageBudget(uint64_t limit_pages) : limit_pages_(limit_pages) {}

  bool fits(uint64_t pages) const {
    const uint64_t used = used_pages();
    const uint64_t limit = limit_pages();
    return pages <= limit && used <= limit - pages;
  }
  void add(uint64_t pages) { used_.fetch_add(pages, std::memory_order_relaxed); }
  void remove(uint64_t pages) { used_.fetch_sub(pages, std::memory_order_relaxed); }

  uint64_t used_pages() const { return used_.load(std::memory_order_relaxed); }
  uint64_t limit_pages() const { return limit_pages_.load(std::memory_order_relaxed); }
  // A new limit applies to mappings made from now on; nothing is unmapped.
  void set_limit_pages(uint64_t pages) { limit_pages_.store(pages, std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> used_{0};
  std::atomic<uint64_t> limit_pages_;
};

}  // namespace lstar::cpu
