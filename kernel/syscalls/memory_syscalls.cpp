// Memory management: brk, mmap, munmap, mprotect, mremap and madvise, with
// Linux 5.6's argument checks and errnos (mm/mmap.c, mm/mprotect.c,
// mm/mremap.c, mm/madvise.c).
//
// The Machine's memory limit is enforced when memory is mapped, as strict
// overcommit accounting does: a mapping that would take the process past
// the limit fails with ENOMEM (brk returns the old break), so the guest
// never reaches a state where touching mapped memory finds no page.
// Unlike Linux's accounting, PROT_NONE reservations count too: every mapped
// page costs the host bookkeeping, whatever its protection.
#include <algorithm>
#include <array>
#include <vector>

#include "kernel/errno.h"
#include "kernel/kernel.h"
#include "kernel/memory_layout.h"

namespace lstar::kernel {
namespace {

using cpu::kPageMask;
using cpu::kPageSize;

constexpr uint64_t kMapShared = 0x01;
constexpr uint64_t kMapPrivate = 0x02;
constexpr uint64_t kMapType = 0x0f;
constexpr uint64_t kMapFixed = 0x10;
constexpr uint64_t kMapAnonymous = 0x20;
constexpr uint64_t kMap32Bit = 0x40;
constexpr uint64_t kMapHugeTlb = 0x40000;
constexpr uint64_t kMapFixedNoReplace = 0x100000;

constexpr uint64_t kProtSem = 0x8;
constexpr uint64_t kProtGrowsDown = 0x01000000;
constexpr uint64_t kProtGrowsUp = 0x02000000;

constexpr uint64_t kMremapMayMove = 1;
constexpr uint64_t kMremapFixed = 2;

// MAP_32BIT places mappings in the second gigabyte (arch/x86 find_start_end).
constexpr uint64_t kMap32BitLow = 0x40000000;
constexpr uint64_t kMap32BitHigh = 0x80000000;
// Where bottom-up placement starts when top-down finds nothing
// (TASK_UNMAPPED_BASE).
constexpr uint64_t kLegacyMmapBase = cpu::page_floor(kTaskSizeMax / 3);

// Whether `bytes` more of mapped memory fit under the memory limit, and
// under the total that this machine shares with others (a lab server's).
bool may_commit(Kernel& k, uint64_t bytes) {
  const cpu::AddressSpace& as = k.memory();
  const uint64_t limit = commit_limit_pages(as);
  const uint64_t pages = bytes / kPageSize;
  return pages <= limit && as.mapped_pages() <= limit - pages && as.shared_budget_fits(pages);
}

// PAGE_ALIGN without wrapping: 0 when `len` has no page-aligned successor.
uint64_t page_align(uint64_t len) {
  return len > ~kPageMask ? 0 : cpu::page_ceil(len);
}

bool in_user_range(uint64_t start, uint64_t len) {
  return start <= kTaskSizeMax && len <= kTaskSizeMax - start;
}

// ---- brk ------------------------------------------------------------------

// SYSCALL_DEFINE1(brk): the new break, or the old one when it cannot move.
int64_t sys_brk(Kernel& k, const SyscallArgs& a) {
  Process& p = k.process();
  const uint64_t brk = a[0];
  const auto unchanged = static_cast<int64_t>(p.brk);
  if (brk < p.brk_start || brk > kTaskSizeMax) return unchanged;
  if (brk - p.brk_start > p.limits[kRlimitData].cur) return unchanged;
  const uint64_t new_end = cpu::page_ceil(brk);
  const uint64_t old_end = cpu::page_ceil(p.brk);
  if (new_end < old_end) p.mm.unmap(k.memory(), new_end, old_end);
  if (new_end > old_end) {
    // Like Linux, keep a guard page between the heap and the next mapping.
    const uint64_t guard_end = std::min(new_end + kPageSize, kTaskSizeMax);
    if (!p.mm.is_free(old_end, guard_end) || !may_commit(k, new_end - old_end)) return unchanged;
    p.mm.map(k.memory(), Vma{old_end, new_end, kProtRead | kProtWrite, false, "[heap]"});
  }
  p.brk = brk;
  return static_cast<int64_t>(brk);
}

// ---- mmap -----------------------------------------------------------------

struct MmapRequest {
  uint64_t addr, len, prot, flags, fd, offset;
};

// Where a non-fixed mapping goes: the hint if that range is free, else the
// highest gap below mmap_base, else the lowest above TASK_UNMAPPED_BASE
// (arch_get_unmapped_area_topdown).
int64_t choose_address(Kernel& k, uint64_t hint, uint64_t len, uint64_t flags) {
  const MemoryMap& mm = k.process().mm;
  if (flags & kMap32Bit) {
    auto at = mm.find_gap_bottom_up(len, kMap32BitLow, kMap32BitHigh);
    return at ? static_cast<int64_t>(*at) : -kENOMEM;
  }
  hint &= ~kPageMask;
  if (hint != 0 && in_user_range(hint, len) && mm.is_free(hint, hint + len))
    return static_cast<int64_t>(hint);
  if (auto at = mm.find_gap_top_down(len, kMmapMinAddr, k.process().mmap_top))
    return static_cast<int64_t>(*at);
  if (auto at = mm.find_gap_bottom_up(len, kLegacyMmapBase, kTaskSizeMax))
    return static_cast<int64_t>(*at);
  return -kENOMEM;
}

// What get_unmapped_area() checks for MAP_FIXED.
int64_t check_fixed(Kernel& k, const MmapRequest& r) {
  if (r.addr & kPageMask) return -kEINVAL;
  if (!in_user_range(r.addr, r.len)) return -kENOMEM;
  if (r.addr < kMmapMinAddr) return -kEPERM;  // security_mmap_addr
  if ((r.flags & kMapFixedNoReplace) && !k.process().mm.is_free(r.addr, r.addr + r.len))
    return -kEEXIST;
  return 0;
}

// The file checks of do_mmap(): /dev/zero (anonymous memory) and regular
// files can be mapped; the other synthetic files lack an mmap method. A
// file's bytes are copied in at map time, so a writable MAP_SHARED mapping,
// whose stores would have to reach the file, is refused (ENODEV).
int64_t check_file(Kernel& k, const MmapRequest& r) {
  std::shared_ptr<OpenFile> file = k.process().files.get(static_cast<int64_t>(r.fd));
  if (!file) return -kEBADF;
  const uint64_t type = r.flags & kMapType;
  if (type != kMapShared && type != kMapPrivate && type != 3) return -kEINVAL;
  if (!file->readable()) return -kEACCES;
  if (type != kMapPrivate && (r.prot & kProtWrite) && !file->writable()) return -kEACCES;
  const FileStat st = file->stat();
  if ((st.mode & 0170000) == kSIfReg && file->syncable()) {
    if (type != kMapPrivate && (r.prot & kProtWrite)) return -kENODEV;
    return 0;
  }
  if (st.mode != (kSIfChr | 0666) || st.rdev != make_dev(1, 5)) return -kENODEV;
  return 0;
}

// Copies the file's bytes from `offset` into a new mapping (the part past
// the end of the file stays zero, as the tail of a file's last page reads).
void fill_from_file(Kernel& k, const MmapRequest& r) {
  std::shared_ptr<OpenFile> file = k.process().files.get(static_cast<int64_t>(r.fd));
  if (!file || (file->stat().mode & 0170000) != kSIfReg) return;
  std::vector<uint8_t> chunk(64 * 1024);
  for (uint64_t done = 0; done < r.len;) {
    std::span<uint8_t> buf(chunk.data(), std::min<uint64_t>(chunk.size(), r.len - done));
    const int64_t got = file->pread(k, buf, static_cast<int64_t>(r.offset + done));
    if (got <= 0) return;
    k.memory().write_debug(r.addr + done, chunk.data(), static_cast<size_t>(got));
    done += static_cast<uint64_t>(got);
  }
}

int64_t do_mmap(Kernel& k, MmapRequest r) {
  if (r.offset & kPageMask) return -kEINVAL;
  if (!(r.flags & kMapAnonymous)) {
    if (int64_t e = check_file(k, r)) return e;
  } else if (r.flags & kMapHugeTlb) {
    return -kENOMEM;  // no huge pages are reserved, as by default on Linux
  } else if ((r.flags & kMapType) != kMapShared && (r.flags & kMapType) != kMapPrivate) {
    return -kEINVAL;
  }
  if (r.len == 0) return -kEINVAL;
  r.len = page_align(r.len);
  if (r.len == 0 || r.len > kTaskSizeMax) return -kENOMEM;
  if (r.flags & kMapFixedNoReplace) r.flags |= kMapFixed;
  Process& p = k.process();
  if (r.flags & kMapFixed) {
    if (int64_t e = check_fixed(k, r)) return e;
  } else {
    if (r.addr != 0 && r.addr < kMmapMinAddr) r.addr = kMmapMinAddr;  // round_hint_to_min
    const int64_t at = choose_address(k, r.addr, r.len, r.flags);
    if (at < 0) return at;
    r.addr = static_cast<uint64_t>(at);
  }
  if (!may_commit(k, r.len - p.mm.mapped_bytes(r.addr, r.addr + r.len))) return -kENOMEM;
  p.mm.unmap(k.memory(), r.addr, r.addr + r.len);
  const bool shared = (r.flags & kMapType) != kMapPrivate;
  const auto prot = static_cast<uint32_t>(r.prot & (kProtRead | kProtWrite | kProtExec));
  p.mm.map(k.memory(), Vma{r.addr, r.addr + r.len, prot, shared, ""});
  if (!(r.flags & kMapAnonymous)) fill_from_file(k, r);
  return static_cast<int64_t>(r.addr);
}

int64_t sys_mmap(Kernel& k, const SyscallArgs& a) {
  return do_mmap(k, MmapRequest{a[0], a[1], a[2], a[3], a[4], a[5]});
}

// ---- munmap, mprotect -------------------------------------------------------

int64_t sys_munmap(Kernel& k, const SyscallArgs& a) {
  const uint64_t start = a[0], len = a[1];
  if ((start & kPageMask) || !in_user_range(start, len)) return -kEINVAL;
  const uint64_t aligned = page_align(len);
  if (aligned == 0 || !in_user_range(start, aligned)) return -kEINVAL;
  k.process().mm.unmap(k.memory(), start, start + aligned);
  return 0;
}

int64_t sys_mprotect(Kernel& k, const SyscallArgs& a) {
  uint64_t start = a[0];
  const uint64_t len = a[1];
  const uint64_t grows = a[2] & (kProtGrowsDown | kProtGrowsUp);
  const uint64_t prot = a[2] & ~grows;
  if (grows == (kProtGrowsDown | kProtGrowsUp)) return -kEINVAL;
  if (start & kPageMask) return -kEINVAL;
  if (len == 0) return 0;
  const uint64_t aligned = page_align(len);
  if (aligned == 0 || start + aligned <= start) return -kENOMEM;
  if (prot & ~(kProtRead | kProtWrite | kProtExec | kProtSem)) return -kEINVAL;
  MemoryMap& mm = k.process().mm;
  const uint64_t end = start + aligned;
  if (grows) {
    // Only the stack grows (down); PROT_GROWSDOWN extends the change to its start.
    const Vma* vma = mm.find(start);
    if (!vma) return -kENOMEM;
    if ((grows & kProtGrowsUp) || vma->name != "[stack]") return -kEINVAL;
    start = vma->start;
  }
  if (!mm.is_fully_mapped(start, end)) return -kENOMEM;
  mm.protect(k.memory(), start, end, static_cast<uint32_t>(prot & ~kProtSem));
  return 0;
}

// ---- mremap -----------------------------------------------------------------

// Copies the bytes of [from, from + len) to fresh pages at `to`. Pages that
// read as zero are skipped: the destination already reads as zero, and
// untouched memory stays unbacked.
void copy_pages(cpu::AddressSpace& as, uint64_t from, uint64_t to, uint64_t len) {
  std::array<uint8_t, kPageSize> page;
  static constexpr std::array<uint8_t, kPageSize> kZeros{};
  for (uint64_t off = 0; off < len; off += kPageSize) {
    if (as.read_debug(from + off, page.data(), kPageSize) != kPageSize) continue;
    if (page == kZeros) continue;
    as.write_debug(to + off, page.data(), kPageSize);
  }
}

// move_vma(): the old range's attributes and bytes move to [to, to + new_len).
int64_t move_mapping(Kernel& k, uint64_t addr, uint64_t old_len, uint64_t new_len, uint64_t to) {
  MemoryMap& mm = k.process().mm;
  Vma moved = *mm.find(addr);
  moved.start = to;
  moved.end = to + new_len;
  mm.unmap(k.memory(), to, to + new_len);
  mm.map(k.memory(), moved);
  copy_pages(k.memory(), addr, to, std::min(old_len, new_len));
  mm.unmap(k.memory(), addr, addr + old_len);
  return static_cast<int64_t>(to);
}

// vma_to_resize(): the old range must lie within one mapping.
int64_t check_resizable(Kernel& k, uint64_t addr, uint64_t old_len, uint64_t new_len) {
  const Vma* vma = k.process().mm.find(addr);
  if (!vma || old_len > vma->end - addr) return -kEFAULT;
  const uint64_t growth = new_len > old_len ? new_len - old_len : 0;
  return may_commit(k, growth) ? 0 : -kENOMEM;
}

int64_t mremap_to(Kernel& k, uint64_t addr, uint64_t old_len, uint64_t new_len, uint64_t to) {
  if ((to & kPageMask) || !in_user_range(to, new_len)) return -kEINVAL;
  if (addr + old_len > to && to + new_len > addr) return -kEINVAL;  // overlap
  if (to < kMmapMinAddr) return -kEPERM;
  MemoryMap& mm = k.process().mm;
  if (int64_t e = check_resizable(k, addr, std::min(old_len, new_len), new_len)) return e;
  mm.unmap(k.memory(), to, to + new_len);
  if (old_len > new_len) {
    mm.unmap(k.memory(), addr + new_len, addr + old_len);
    old_len = new_len;
  }
  return move_mapping(k, addr, old_len, new_len, to);
}

int64_t sys_mremap(Kernel& k, const SyscallArgs& a) {
  const uint64_t addr = a[0], flags = a[3], new_addr = a[4];
  if (flags & ~(kMremapMayMove | kMremapFixed)) return -kEINVAL;
  if ((flags & kMremapFixed) && !(flags & kMremapMayMove)) return -kEINVAL;
  if (addr & kPageMask) return -kEINVAL;
  const uint64_t old_len = page_align(a[1]), new_len = page_align(a[2]);
  // old_len 0 duplicates a shared mapping on Linux; lstar cannot share
  // pages, so it is refused as it is for private mappings.
  if (new_len == 0 || old_len == 0) return -kEINVAL;
  if (flags & kMremapFixed) return mremap_to(k, addr, old_len, new_len, new_addr);
  MemoryMap& mm = k.process().mm;
  if (old_len >= new_len) {  // always allowed: it just unmaps the tail
    if (old_len != new_len && !in_user_range(addr, old_len)) return -kEINVAL;
    mm.unmap(k.memory(), addr + new_len, addr + old_len);
    return static_cast<int64_t>(addr);
  }
  if (int64_t e = check_resizable(k, addr, old_len, new_len)) return e;
  const Vma vma = *mm.find(addr);
  if (old_len == vma.end - addr && in_user_range(addr, new_len) &&
      mm.is_free(addr + old_len, addr + new_len)) {
    mm.map(k.memory(), Vma{addr + old_len, addr + new_len, vma.prot, vma.shared, vma.name});
    return static_cast<int64_t>(addr);
  }
  if (!(flags & kMremapMayMove)) return -kENOMEM;
  const int64_t to = choose_address(k, 0, new_len, 0);
  if (to < 0) return to;
  return move_mapping(k, addr, old_len, new_len, static_cast<uint64_t>(to));
}

// ---- madvise ------------------------------------------------------------------

constexpr int kMadvDontNeed = 4;
constexpr int kMadvRemove = 9;

bool known_advice(uint64_t advice) {
  return advice <= 4 || (advice >= 8 && advice <= 21) || advice == 100 || advice == 101;
}

// Anonymous memory (not the program's image, whose private pages would fall
// back to the file's bytes on Linux).
bool anonymous(const Vma& v) {
  return v.name.empty() || v.name == "[heap]" || v.name == "[stack]";
}

void drop_pages(Kernel& k, uint64_t start, uint64_t end) {
  MemoryMap& mm = k.process().mm;
  for (const Vma& v : mm.vmas()) {
    const uint64_t lo = std::max(start, v.start), hi = std::min(end, v.end);
    if (lo < hi && anonymous(v) && !v.shared) mm.zero(k.memory(), lo, hi);
  }
}

int64_t sys_madvise(Kernel& k, const SyscallArgs& a) {
  const uint64_t start = a[0], len_in = a[1], advice = a[2];
  if (start & kPageMask) return -kEINVAL;
  if (!known_advice(advice)) return -kEINVAL;
  if (advice >= 100) return -kEPERM;  // MADV_HWPOISON, MADV_SOFT_OFFLINE: CAP_SYS_ADMIN
  const uint64_t len = page_align(len_in);
  if (len_in != 0 && len == 0) return -kEINVAL;
  if (start + len < start) return -kEINVAL;
  if (len == 0) return 0;
  const uint64_t end = start + len;
  MemoryMap& mm = k.process().mm;
  if (advice == kMadvRemove) return mm.is_fully_mapped(start, end) ? -kEINVAL : -kENOMEM;
  if (advice == kMadvDontNeed) drop_pages(k, start, end);
  return mm.is_fully_mapped(start, end) ? 0 : -kENOMEM;
}

}  // namespace

void register_memory_syscalls(SyscallRegistry& r) {
  r["__x64_sys_brk"] = sys_brk;
  r["__x64_sys_mmap"] = sys_mmap;
  r["__x64_sys_munmap"] = sys_munmap;
  r["__x64_sys_mprotect"] = sys_mprotect;
  r["__x64_sys_mremap"] = sys_mremap;
  r["__x64_sys_madvise"] = sys_madvise;
}

}  // namespace lstar::kernel
