// A paged guest address space with per-page permissions and a software TLB.
//
// Pages are 4 KiB. Backing memory is allocated on the first write, so large
// mappings cost nothing until touched; reads of untouched pages see a shared
// zero page. Pages that hold decoded code are tracked so that writes to them
// invalidate the decoded-instruction cache.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cpu/guest_fault.h"
#include "cpu/shared_page_budget.h"

namespace lstar::cpu {

inline constexpr uint64_t kPageSize = 4096;
inline constexpr uint64_t kPageMask = kPageSize - 1;

inline constexpr uint64_t page_floor(uint64_t a) {
  return a & ~kPageMask;
}
inline constexpr uint64_t page_ceil(uint64_t a) {
  return (a + kPageMask) & ~kPageMask;
}
// 48-bit linear addresses: bits 63..47 all equal. Others raise #GP.
inline constexpr bool is_canonical(uint64_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(a << 16) >> 16) == a;
}

namespace perm {
inline constexpr uint8_t kRead = 1;
inline constexpr uint8_t kWrite = 2;
inline constexpr uint8_t kExec = 4;
inline constexpr uint8_t kUser = 8;  // accessible at CPL 3
}  // namespace perm

enum class Privilege : uint8_t { kKernel = 0, kUser = 1 };

// Data watchpoints, as x86 debug registers offer them (plus read-only, which
// x86 lacks). The values are bit masks: kAccess = kWrite | kRead.
enum class WatchKind : uint8_t { kWrite = 1, kRead = 2, kAccess = 3 };

// The first watched access of an instruction: which watchpoint, and the
// first watched byte the access touched.
struct WatchHit {
  uint64_t address = 0;
  uint64_t watch_address = 0;
  WatchKind kind = WatchKind::kWrite;
};

class AddressSpace {
 public:
  AddressSpace();
  // Returns large amounts of freed page backing to the host.
  ~AddressSpace();
  AddressSpace(const AddressSpace&) = delete;
  AddressSpace& operator=(const AddressSpace&) = delete;

  // Page-granular mapping management. `addr` and `len` are rounded outward.
  void map(uint64_t addr, uint64_t len, uint8_t perms);
  void unmap(uint64_t addr, uint64_t len);
  void protect(uint64_t addr, uint64_t len, uint8_t perms);
  void clear();
  std::optional<uint8_t> permissions(uint64_t addr) const;
  bool is_range_free(uint64_t addr, uint64_t len) const;
  // Calls fn(page_addr, perms) for every mapped page in ascending order.
  void for_each_page(const std::function<void(uint64_t, uint8_t)>& fn) const;

  // Limits the number of pages that may be backed (0 = unlimited). Writes
  // that would allocate beyond the limit raise a page fault.
  void set_page_limit(uint64_t pages) { page_limit_ = pages; }
  uint64_t page_limit() const { return page_limit_; }
  uint64_t backed_pages() const { return backed_pages_; }
  uint64_t mapped_pages() const { return pages_.size(); }

  // Counts this space's mapped pages into a budget shared with other
  // spaces (null: none). Set it while nothing is mapped.
  void set_shared_budget(std::shared_ptr<SharedPageBudget> budget) {
    shared_budget_ = std::move(budget);
  }
  // Whether `pages` more mapped pages fit the shared budget (true without one).
  bool shared_budget_fits(uint64_t pages) const {
    return !shared_budget_ || shared_budget_->fits(pages);
  }

  // Checked accesses as the CPU performs them; throw GuestFault (#PF).
  template <typename T>
  T load(uint64_t addr, Privilege priv) {
    const uint64_t off = addr & kPageMask;
    if (off <= kPageSize - sizeof(T)) [[likely]] {
      const TlbEntry& e = read_tlb_[int(priv)][tlb_index(addr)];
      if (e.tag == (addr >> 12)) [[likely]] {
        T v;
        std::memcpy(&v, e.host + off, sizeof(T));
        return v;
      }
    }
    T v;
    load_slow(addr, &v, sizeof(T), priv);
    return v;
  }
  template <typename T>
  void store(uint64_t addr, T value, Privilege priv) {
    const uint64_t off = addr & kPageMask;
    if (off <= kPageSize - sizeof(T)) [[likely]] {
      const TlbEntry& e = write_tlb_[int(priv)][tlb_index(addr)];
      if (e.tag == (addr >> 12)) [[likely]] {
        std::memcpy(e.host + off, &value, sizeof(T));
        return;
      }
    }
    store_slow(addr, &value, sizeof(T), priv);
  }
  void load_bytes(uint64_t addr, void* out, size_t len, Privilege priv) {
    load_slow(addr, out, len, priv);
  }
  void store_bytes(uint64_t addr, const void* in, size_t len, Privilege priv) {
    store_slow(addr, in, len, priv);
  }

  // Instruction fetch for the decoder: copies up to `len` bytes of executable
  // memory; returns how many were fetchable (stops at the first bad page).
  size_t fetch_code(uint64_t addr, uint8_t* out, size_t len, Privilege priv);

  // Checks that [addr, addr+len) is accessible without touching it.
  bool check_range(uint64_t addr, uint64_t len, bool write, Privilege priv) const;

  // Debugger and loader access: ignores permissions but not mappings (like
  // ptrace PEEK/POKE). Returns the number of bytes transferred.
  size_t read_debug(uint64_t addr, void* out, size_t len) const;
  size_t write_debug(uint64_t addr, const void* in, size_t len);

  // Watchpoints: accesses to pages that hold a watched byte never enter the
  // TLB, so they take the slow path, which checks the ranges and records the
  // first hit; every other access keeps its fast path. Watchpoints survive
  // clear() (a debugger keeps them across a re-run). Returns false for an
  // empty or wrapping range.
  bool add_watch(uint64_t addr, uint64_t len, WatchKind kind);
  // Removes one watchpoint equal to (addr, len, kind); false if none.
  bool remove_watch(uint64_t addr, uint64_t len, WatchKind kind);
  void clear_watches();
  bool has_watches() const { return !watches_.empty(); }
  size_t watch_count() const { return watches_.size(); }
  bool watch_hit_pending() const { return watch_hit_.has_value(); }
  std::optional<WatchHit> take_watch_hit() { return std::exchange(watch_hit_, std::nullopt); }

  // Code-page tracking for the decoded-instruction cache.
  void mark_code_page(uint64_t addr);
  void set_code_write_listener(std::function<void(uint64_t page)> fn) {
    code_write_listener_ = std::move(fn);
  }

 private:
  struct Page {
    std::unique_ptr<std::byte[]> data;  // null until first write
    uint8_t perms = 0;
    bool has_code = false;
  };
  struct Watch {
    uint64_t addr = 0;
    uint64_t len = 0;
    WatchKind kind = WatchKind::kWrite;
  };
  struct TlbEntry {
    uint64_t tag = ~uint64_t{0};  // page number
    std::byte* host = nullptr;
  };
  static constexpr size_t kTlbSize = 256;
  static size_t tlb_index(uint64_t addr) { return (addr >> 12) & (kTlbSize - 1); }

  // Faults what x86 refuses before any page is looked at: a non-canonical
  // byte (#GP) or a range that runs past the top of the address space.
  void check_linear_range(uint64_t addr, size_t len, bool write) const;
  void load_slow(uint64_t addr, void* out, size_t len, Privilege priv);
  void store_slow(uint64_t addr, const void* in, size_t len, Privilege priv);
  Page& page_for_access(uint64_t addr, bool write, Privilege priv);
  std::byte* backing_for_write(uint64_t page_number, Page& page, uint64_t fault_addr);
  void flush_tlb_page(uint64_t page_number);
  void flush_tlb();
  void notify_code_write(uint64_t page_number, Page& page);
  bool page_watched(uint64_t page_number) const;
  // Counts freed page backing; hands it back to the host once there is a lot.
  void note_freed(uint64_t pages);
  // Keeps the shared budget in step with pages_.size().
  void note_mapped_change(uint64_t before);
  void check_watches(uint64_t addr, size_t len, bool write);

  std::unordered_map<uint64_t, Page> pages_;  // key: page number
  std::array<std::array<TlbEntry, kTlbSize>, 2> read_tlb_;
  std::array<std::array<TlbEntry, kTlbSize>, 2> write_tlb_;
  std::function<void(uint64_t)> code_write_listener_;
  uint64_t page_limit_ = 0;
  std::shared_ptr<SharedPageBudget> shared_budget_;
  uint64_t backed_pages_ = 0;
  uint64_t freed_since_release_ = 0;
  std::vector<Watch> watches_;
  std::optional<WatchHit> watch_hit_;
};

}  // namespace lstar::cpu
