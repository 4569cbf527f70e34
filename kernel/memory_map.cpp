#include "kernel/memory_map.h"

#include <algorithm>
#include <iterator>

namespace lstar::kernel {
namespace {

using cpu::kPageSize;

uint32_t prot_from_permissions(uint8_t perms) {
  uint32_t prot = kProtNone;
  if (perms & cpu::perm::kRead) prot |= kProtRead;
  if (perms & cpu::perm::kWrite) prot |= kProtWrite;
  if (perms & cpu::perm::kExec) prot |= kProtExec;
  return prot;
}

// The part of a free range [gap_low, gap_high) usable for `len` bytes within
// [low, high): the highest (top_down) or lowest start, if the range fits.
std::optional<uint64_t> fit(uint64_t gap_low, uint64_t gap_high, uint64_t len, uint64_t low,
                            uint64_t high, bool top_down) {
  gap_low = std::max(gap_low, low);
  gap_high = std::min(gap_high, high);
  if (gap_high <= gap_low || gap_high - gap_low < len) return std::nullopt;
  return top_down ? gap_high - len : gap_low;
}

}  // namespace

uint8_t page_permissions(uint32_t prot) {
  uint8_t perms = cpu::perm::kUser;
  if (prot & kProtRead) perms |= cpu::perm::kRead;
  if (prot & kProtWrite) perms |= cpu::perm::kWrite;
  if (prot & kProtExec) perms |= cpu::perm::kExec;
  return perms;
}

uint64_t commit_limit_pages(const cpu::AddressSpace& as) {
  constexpr uint64_t kFallbackPages = (uint64_t{4} << 30) / kPageSize;
  return as.page_limit() != 0 ? as.page_limit() : kFallbackPages;
}

void MemoryMap::adopt(const cpu::AddressSpace& as, uint64_t stack_low, uint64_t stack_top,
                      const std::string& image_name) {
  std::optional<Vma> run;
  auto flush = [&] {
    if (run) insert(*run);
    run.reset();
  };
  as.for_each_page([&](uint64_t page, uint8_t perms) {
    if (!(perms & cpu::perm::kUser)) return;
    const uint32_t prot = prot_from_permissions(perms);
    const bool in_stack = page >= stack_low && page < stack_top;
    const std::string name = in_stack ? "[stack]" : image_name;
    if (run && run->end == page && run->prot == prot && run->name == name) {
      run->end += kPageSize;
      return;
    }
    flush();
    run = Vma{page, page + kPageSize, prot, false, name};
  });
  flush();
}

const Vma* MemoryMap::find(uint64_t addr) const {
  auto it = vmas_.upper_bound(addr);
  if (it == vmas_.begin()) return nullptr;
  --it;
  return addr < it->second.end ? &it->second : nullptr;
}

bool MemoryMap::is_free(uint64_t start, uint64_t end) const {
  return mapped_bytes(start, end) == 0;
}

bool MemoryMap::is_fully_mapped(uint64_t start, uint64_t end) const {
  return mapped_bytes(start, end) == end - start;
}

uint64_t MemoryMap::mapped_bytes(uint64_t start, uint64_t end) const {
  uint64_t total = 0;
  auto it = vmas_.upper_bound(start);
  if (it != vmas_.begin()) --it;
  for (; it != vmas_.end() && it->first < end; ++it) {
    const uint64_t lo = std::max(start, it->second.start);
    const uint64_t hi = std::min(end, it->second.end);
    if (hi > lo) total += hi - lo;
  }
  return total;
}

std::optional<uint64_t> MemoryMap::find_gap_top_down(uint64_t len, uint64_t low,
                                                     uint64_t high) const {
  uint64_t top = high;
  for (auto it = vmas_.lower_bound(high); it != vmas_.begin();) {
    --it;
    if (auto at = fit(it->second.end, top, len, low, high, true)) return at;
    top = std::min(top, it->second.start);
    if (top <= low) return std::nullopt;
  }
  return fit(low, top, len, low, high, true);
}

std::optional<uint64_t> MemoryMap::find_gap_bottom_up(uint64_t len, uint64_t low,
                                                      uint64_t high) const {
  uint64_t bottom = low;
  auto it = vmas_.upper_bound(low);
  if (it != vmas_.begin()) --it;
  for (; it != vmas_.end() && it->first < high; ++it) {
    if (auto at = fit(bottom, it->second.start, len, low, high, false)) return at;
    bottom = std::max(bottom, it->second.end);
  }
  return fit(bottom, high, len, low, high, false);
}

void MemoryMap::map(cpu::AddressSpace& as, const Vma& vma) {
  as.map(vma.start, vma.size(), page_permissions(vma.prot));
  insert(vma);
  merge_around(vma.start, vma.end);
}

void MemoryMap::unmap(cpu::AddressSpace& as, uint64_t start, uint64_t end) {
  split_at(start);
  split_at(end);
  auto it = vmas_.lower_bound(start);
  while (it != vmas_.end() && it->first < end) {
    as.unmap(it->second.start, it->second.size());
    it = vmas_.erase(it);
  }
}

void MemoryMap::protect(cpu::AddressSpace& as, uint64_t start, uint64_t end, uint32_t prot) {
  split_at(start);
  split_at(end);
  for (auto it = vmas_.lower_bound(start); it != vmas_.end() && it->first < end; ++it) {
    it->second.prot = prot;
    as.protect(it->second.start, it->second.size(), page_permissions(prot));
  }
  merge_around(start, end);
}

void MemoryMap::zero(cpu::AddressSpace& as, uint64_t start, uint64_t end) {
  auto it = vmas_.upper_bound(start);
  if (it != vmas_.begin()) --it;
  for (; it != vmas_.end() && it->first < end; ++it) {
    const uint64_t lo = std::max(start, it->second.start);
    const uint64_t hi = std::min(end, it->second.end);
    if (hi <= lo) continue;
    as.unmap(lo, hi - lo);  // drops the backing: the pages read as zero again
    as.map(lo, hi - lo, page_permissions(it->second.prot));
  }
}

std::vector<Vma> MemoryMap::vmas() const {
  std::vector<Vma> out;
  out.reserve(vmas_.size());
  for (const auto& [start, vma] : vmas_) out.push_back(vma);
  return out;
}

void MemoryMap::split_at(uint64_t addr) {
  auto it = vmas_.upper_bound(addr);
  if (it == vmas_.begin()) return;
  --it;
  Vma& vma = it->second;
  if (addr <= vma.start || addr >= vma.end) return;
  Vma upper = vma;
  upper.start = addr;
  vma.end = addr;
  vmas_.emplace(addr, upper);
}

void MemoryMap::merge_around(uint64_t start, uint64_t end) {
  auto it = vmas_.lower_bound(start);
  if (it != vmas_.begin()) --it;
  while (it != vmas_.end() && it->first <= end) {
    auto next = std::next(it);
    if (next == vmas_.end()) return;
    if (it->second.end == next->first && it->second.mergeable_with(next->second)) {
      it->second.end = next->second.end;
      vmas_.erase(next);
      continue;
    }
    it = next;
  }
}

void MemoryMap::insert(const Vma& vma) {
  vmas_[vma.start] = vma;
}

}  // namespace lstar::kernel
