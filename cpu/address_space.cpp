#include "cpu/address_space.h"

#include <algorithm>
#include <vector>

#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

namespace lstar::cpu {
namespace {

alignas(4096) const std::byte kZeroPage[kPageSize] = {};

bool permits(uint8_t perms, bool write, Privilege priv) {
  if (priv == Privilege::kUser && !(perms & perm::kUser)) return false;
  // SMAP, always on: kernel code reaches user memory only through the
  // uaccess functions (natives that use the debug path), never by a plain
  // load or store, so a student dereferencing a __user pointer faults.
  if (priv == Privilege::kKernel && (perms & perm::kUser)) return false;
  if (write) return perms & perm::kWrite;
  return perms & (perm::kRead | perm::kWrite | perm::kExec);
}

// A page's backing is one 4 KiB allocation among many, and glibc keeps freed
// ones in its arenas: after a machine that used a lot of memory ends, the
// process would stay at its high-water mark (a lab server at the size of its
// worst memory bomb). Large releases are handed back to the host; small ones
// are not worth malloc_trim, which walks every arena.
constexpr uint64_t kReleaseThresholdPages = (16ull << 20) / kPageSize;

// The last byte of a non-empty range, or nullopt when the range runs past
// the top of the 64-bit address space. Loops over pages use it instead of
// `addr + len`, which is 0 for a range ending exactly at the top.
std::optional<uint64_t> last_byte(uint64_t addr, uint64_t len) {
  const uint64_t last = addr + (len - 1);
  if (last < addr) return std::nullopt;
  return last;
}

// How many of `len` bytes from `addr` lie below 2^64: a debugger or loader
// transfer stops at the top instead of wrapping to page 0.
uint64_t clamp_to_top(uint64_t addr, uint64_t len) {
  const uint64_t room = 0 - addr;  // 2^64 - addr, or 0 meaning 2^64 when addr == 0
  return (addr == 0 || len <= room) ? len : room;
}

// Calls fn(page_number) for each page that [addr, addr + len) touches, in
// ascending order, stopping at the top of the address space; fn returns
// false to stop early. Returns false if fn did.
template <typename Fn>
bool for_each_page_number(uint64_t addr, uint64_t len, Fn&& fn) {
  len = clamp_to_top(addr, len);
  if (len == 0) return true;
  const uint64_t last = (addr + (len - 1)) >> 12;
  for (uint64_t number = addr >> 12;; ++number) {
    if (!fn(number)) return false;
    if (number == last) return true;
  }
}

}  // namespace

void AddressSpace::note_freed(uint64_t pages) {
  freed_since_release_ += pages;
  if (freed_since_release_ < kReleaseThresholdPages) return;
  freed_since_release_ = 0;
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

AddressSpace::AddressSpace() {
  flush_tlb();
}

AddressSpace::~AddressSpace() {
  const uint64_t freed = backed_pages_;
  const uint64_t before = pages_.size();
  pages_.clear();
  note_mapped_change(before);
  note_freed(freed);
}

void AddressSpace::note_mapped_change(uint64_t before) {
  if (!shared_budget_) return;
  const uint64_t after = pages_.size();
  if (after > before) shared_budget_->add(after - before);
  if (after < before) shared_budget_->remove(before - after);
}

void AddressSpace::map(uint64_t addr, uint64_t len, uint8_t perms) {
  const uint64_t before = pages_.size();
  for_each_page_number(addr, len, [&](uint64_t number) {
    pages_[number].perms = perms;
    flush_tlb_page(number);
    return true;
  });
  note_mapped_change(before);
}

void AddressSpace::unmap(uint64_t addr, uint64_t len) {
  const uint64_t before = pages_.size();
  uint64_t freed = 0;
  for_each_page_number(addr, len, [&](uint64_t number) {
    auto it = pages_.find(number);
    if (it == pages_.end()) return true;
    if (it->second.data) ++freed;
    if (it->second.has_code) notify_code_write(number, it->second);
    pages_.erase(it);
    flush_tlb_page(number);
    return true;
  });
  backed_pages_ -= freed;
  note_mapped_change(before);
  note_freed(freed);
}

void AddressSpace::protect(uint64_t addr, uint64_t len, uint8_t perms) {
  for_each_page_number(addr, len, [&](uint64_t number) {
    auto it = pages_.find(number);
    if (it == pages_.end()) return true;
    it->second.perms = perms;
    if (it->second.has_code) notify_code_write(number, it->second);
    flush_tlb_page(number);
    return true;
  });
}

void AddressSpace::clear() {
  std::vector<uint64_t> code_pages;
  for (auto& [number, page] : pages_)
    if (page.has_code) code_pages.push_back(number);
  for (uint64_t number : code_pages) notify_code_write(number, pages_[number]);
  const uint64_t freed = backed_pages_;
  const uint64_t before = pages_.size();
  pages_.clear();
  note_mapped_change(before);
  backed_pages_ = 0;
  note_freed(freed);
  watch_hit_.reset();
  flush_tlb();
}

std::optional<uint8_t> AddressSpace::permissions(uint64_t addr) const {
  auto it = pages_.find(addr >> 12);
  if (it == pages_.end()) return std::nullopt;
  return it->second.perms;
}

bool AddressSpace::is_range_free(uint64_t addr, uint64_t len) const {
  return for_each_page_number(addr, len, [&](uint64_t number) { return !pages_.contains(number); });
}

void AddressSpace::for_each_page(const std::function<void(uint64_t, uint8_t)>& fn) const {
  std::vector<std::pair<uint64_t, uint8_t>> sorted;
  sorted.reserve(pages_.size());
  for (const auto& [number, page] : pages_) sorted.emplace_back(number << 12, page.perms);
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [a, p] : sorted) fn(a, p);
}

AddressSpace::Page& AddressSpace::page_for_access(uint64_t addr, bool write, Privilege priv) {
  auto it = pages_.find(addr >> 12);
  if (it == pages_.end()) {
    throw GuestFault{Exception::kPageFault, addr, write, false, false, {}};
  }
  if (!permits(it->second.perms, write, priv)) {
    throw GuestFault{Exception::kPageFault, addr, write, false, true, {}};
  }
  return it->second;
}

std::byte* AddressSpace::backing_for_write(uint64_t page_number, Page& page, uint64_t fault_addr) {
  if (!page.data) {
    if (page_limit_ != 0 && backed_pages_ >= page_limit_) {
      throw GuestFault{Exception::kPageFault, fault_addr, true, false, true, "memory limit"};
    }
    page.data = std::make_unique<std::byte[]>(kPageSize);  // value-initialised: zeros
    ++backed_pages_;
    flush_tlb_page(page_number);  // read TLB may point at the zero page
  }
  return page.data.get();
}

void AddressSpace::check_linear_range(uint64_t addr, size_t len, bool write) const {
  if (len == 0) return;
  const std::optional<uint64_t> last = last_byte(addr, len);
  if (!is_canonical(addr) || (last && !is_canonical(*last))) {
    throw GuestFault{Exception::kGeneralProtection, 0, write, false, false,
                     "non-canonical address"};
  }
  if (!last) {
    // Runs past 2^64: the top page is the kernel's and page 0 is never
    // mapped for the kernel's sake, so x86 faults on the first of them.
    throw GuestFault{Exception::kPageFault, addr, write, false, pages_.contains(addr >> 12), {}};
  }
}

void AddressSpace::load_slow(uint64_t addr, void* out, size_t len, Privilege priv) {
  check_linear_range(addr, len, false);
  const uint64_t start = addr;
  const size_t total = len;
  auto* dst = static_cast<std::byte*>(out);
  while (len > 0) {
    Page& page = page_for_access(addr, false, priv);
    const uint64_t off = addr & kPageMask;
    const size_t chunk = std::min<uint64_t>(len, kPageSize - off);
    const std::byte* src = page.data ? page.data.get() : kZeroPage;
    std::memcpy(dst, src + off, chunk);
    if (!page_watched(addr >> 12)) {
      TlbEntry& e = read_tlb_[int(priv)][tlb_index(addr)];
      e.tag = addr >> 12;
      e.host = const_cast<std::byte*>(src);  // never written through the read TLB
    }
    addr += chunk;
    dst += chunk;
    len -= chunk;
  }
  if (!watches_.empty()) [[unlikely]]
    check_watches(start, total, false);
}

void AddressSpace::store_slow(uint64_t addr, const void* in, size_t len, Privilege priv) {
  check_linear_range(addr, len, true);
  // Check every page first so a faulting store writes nothing.
  if (!check_range(addr, len, true, priv)) {
    for_each_page_number(addr, len, [&](uint64_t number) {
      page_for_access(std::max(number << 12, addr), true, priv);  // throws at the first bad page
      return true;
    });
  }
  const uint64_t start = addr;
  const size_t total = len;
  const auto* src = static_cast<const std::byte*>(in);
  while (len > 0) {
    const uint64_t number = addr >> 12;
    Page& page = pages_.find(number)->second;
    std::byte* data = backing_for_write(number, page, addr);
    const uint64_t off = addr & kPageMask;
    const size_t chunk = std::min<uint64_t>(len, kPageSize - off);
    if (page.has_code) notify_code_write(number, page);
    std::memcpy(data + off, src, chunk);
    if (!page.has_code && !page_watched(number)) {
      TlbEntry& e = write_tlb_[int(priv)][tlb_index(addr)];
      e.tag = number;
      e.host = data;
    }
    addr += chunk;
    src += chunk;
    len -= chunk;
  }
  if (!watches_.empty()) [[unlikely]]
    check_watches(start, total, true);
}

size_t AddressSpace::fetch_code(uint64_t addr, uint8_t* out, size_t len, Privilege priv) {
  len = clamp_to_top(addr, len);
  size_t done = 0;
  while (done < len) {
    auto it = pages_.find(addr >> 12);
    if (it == pages_.end()) break;
    const Page& page = it->second;
    if (!(page.perms & perm::kExec)) break;
    if (priv == Privilege::kUser && !(page.perms & perm::kUser)) break;
    const uint64_t off = addr & kPageMask;
    const size_t chunk = std::min<uint64_t>(len - done, kPageSize - off);
    const std::byte* src = page.data ? page.data.get() : kZeroPage;
    std::memcpy(out + done, src + off, chunk);
    done += chunk;
    addr += chunk;
  }
  return done;
}

bool AddressSpace::check_range(uint64_t addr, uint64_t len, bool write, Privilege priv) const {
  if (len == 0) return true;
  const std::optional<uint64_t> last = last_byte(addr, len);
  if (!last || !is_canonical(addr) || !is_canonical(*last)) return false;
  return for_each_page_number(addr, len, [&](uint64_t number) {
    auto it = pages_.find(number);
    return it != pages_.end() && permits(it->second.perms, write, priv);
  });
}

size_t AddressSpace::read_debug(uint64_t addr, void* out, size_t len) const {
  len = clamp_to_top(addr, len);
  auto* dst = static_cast<std::byte*>(out);
  size_t done = 0;
  while (done < len) {
    auto it = pages_.find(addr >> 12);
    if (it == pages_.end()) break;
    const uint64_t off = addr & kPageMask;
    const size_t chunk = std::min<uint64_t>(len - done, kPageSize - off);
    const std::byte* src = it->second.data ? it->second.data.get() : kZeroPage;
    std::memcpy(dst + done, src + off, chunk);
    done += chunk;
    addr += chunk;
  }
  return done;
}

size_t AddressSpace::write_debug(uint64_t addr, const void* in, size_t len) {
  len = clamp_to_top(addr, len);
  const auto* src = static_cast<const std::byte*>(in);
  size_t done = 0;
  while (done < len) {
    const uint64_t number = addr >> 12;
    auto it = pages_.find(number);
    if (it == pages_.end()) break;
    Page& page = it->second;
    if (!page.data) {
      page.data = std::make_unique<std::byte[]>(kPageSize);
      ++backed_pages_;
      flush_tlb_page(number);
    }
    if (page.has_code) notify_code_write(number, page);
    const uint64_t off = addr & kPageMask;
    const size_t chunk = std::min<uint64_t>(len - done, kPageSize - off);
    std::memcpy(page.data.get() + off, src + done, chunk);
    done += chunk;
    addr += chunk;
  }
  return done;
}

void AddressSpace::mark_code_page(uint64_t addr) {
  auto it = pages_.find(addr >> 12);
  if (it == pages_.end() || it->second.has_code) return;
  it->second.has_code = true;
  flush_tlb_page(addr >> 12);  // writes must now take the slow path
}

void AddressSpace::notify_code_write(uint64_t page_number, Page& page) {
  page.has_code = false;
  if (code_write_listener_) code_write_listener_(page_number << 12);
}

bool AddressSpace::add_watch(uint64_t addr, uint64_t len, WatchKind kind) {
  if (len == 0 || !last_byte(addr, len)) return false;
  watches_.push_back(Watch{addr, len, kind});
  flush_tlb();  // the watched pages may be cached; drop them all, it is cheap
  return true;
}

bool AddressSpace::remove_watch(uint64_t addr, uint64_t len, WatchKind kind) {
  for (auto it = watches_.begin(); it != watches_.end(); ++it) {
    if (it->addr == addr && it->len == len && it->kind == kind) {
      watches_.erase(it);
      if (watches_.empty()) watch_hit_.reset();
      return true;
    }
  }
  return false;
}

void AddressSpace::clear_watches() {
  watches_.clear();
  watch_hit_.reset();
}

bool AddressSpace::page_watched(uint64_t page_number) const {
  for (const Watch& w : watches_) {
    if (page_number >= (w.addr >> 12) && page_number <= ((w.addr + w.len - 1) >> 12)) return true;
  }
  return false;
}

void AddressSpace::check_watches(uint64_t addr, size_t len, bool write) {
  if (watch_hit_ || len == 0) return;  // the first hit of an instruction is the one reported
  const uint8_t access = static_cast<uint8_t>(write ? WatchKind::kWrite : WatchKind::kRead);
  for (const Watch& w : watches_) {
    if (!(static_cast<uint8_t>(w.kind) & access)) continue;
    // Compared by last bytes: a range may end exactly at 2^64.
    if (addr <= w.addr + (w.len - 1) && w.addr <= addr + (len - 1)) {
      watch_hit_ = WatchHit{std::max(addr, w.addr), w.addr, w.kind};
      return;
    }
  }
}

void AddressSpace::flush_tlb_page(uint64_t page_number) {
  const size_t i = page_number & (kTlbSize - 1);
  for (int p = 0; p < 2; ++p) {
    if (read_tlb_[p][i].tag == page_number) read_tlb_[p][i] = TlbEntry{};
    if (write_tlb_[p][i].tag == page_number) write_tlb_[p][i] = TlbEntry{};
  }
}

void AddressSpace::flush_tlb() {
  for (int p = 0; p < 2; ++p) {
    read_tlb_[p].fill(TlbEntry{});
    write_tlb_[p].fill(TlbEntry{});
  }
}

}  // namespace lstar::cpu
