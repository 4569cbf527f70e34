#include "kernel/kmalloc_heap.h"

namespace lstar::kernel {

// Fresh pages are zero, so kzalloc and kmalloc give the same bytes here.
uint64_t KmallocHeap::allocate(cpu::AddressSpace& memory, uint64_t size,
                               std::vector<uint64_t> stack, int syscall) {
  if (size == 0) return kZeroSizePtr;
  if (size > kKmallocMaxSize) return 0;
  const uint64_t rounded = (size + 7) & ~uint64_t{7};  // kmalloc's minimum alignment
  const uint64_t pages = cpu::page_ceil(rounded) / cpu::kPageSize;
  if (next_ + (pages + 1) * cpu::kPageSize > kKmallocBase + kKmallocRegionSize) return 0;
  if (!memory.shared_budget_fits(pages)) return 0;
  const uint64_t limit = memory.page_limit();
  if (limit && memory.mapped_pages() + pages > limit) return 0;
  Slot slot;
  slot.first_page = next_;
  slot.pages = pages;
  memory.map(slot.first_page, pages * cpu::kPageSize, cpu::perm::kRead | cpu::perm::kWrite);
  slot.object.address = slot.first_page + pages * cpu::kPageSize - rounded;
  slot.object.size = size;
  slot.object.alloc_stack = std::move(stack);
  slot.object.alloc_syscall = syscall;
  next_ += (pages + 1) * cpu::kPageSize;  // the guard page stays unmapped
  const uint64_t address = slot.object.address;
  slots_[slot.first_page] = slot;
  return address;
}

KmallocHeap::FreeResult KmallocHeap::free(cpu::AddressSpace& memory, uint64_t address,
                                          std::vector<uint64_t> stack) {
  if (address == 0 || address == kZeroSizePtr) return FreeResult::kIgnored;
  Slot* slot = slot_of(address);
  if (!slot || slot->object.address != address) return FreeResult::kInvalidFree;
  if (slot->object.freed) return FreeResult::kDoubleFree;
  memory.unmap(slot->first_page, slot->pages * cpu::kPageSize);
  slot->object.freed = true;
  slot->object.free_stack = std::move(stack);
  freed_.push_back(slot->first_page);
  if (freed_.size() > kKmallocFreedRecords) {
    slots_.erase(freed_.front());  // its addresses stay unmapped and unused
    freed_.pop_front();
  }
  return FreeResult::kFreed;
}

KmallocHeap::Slot* KmallocHeap::slot_of(uint64_t address) {
  auto it = slots_.upper_bound(address);
  if (it == slots_.begin()) return nullptr;
  --it;
  return &it->second;
}

KmallocObject* KmallocHeap::object_at(uint64_t address) {
  Slot* slot = slot_of(address);
  return slot && slot->object.address == address ? &slot->object : nullptr;
}

const KmallocObject* KmallocHeap::find_near(uint64_t address) const {
  auto it = slots_.upper_bound(address);
  if (it == slots_.begin()) return nullptr;
  --it;
  const Slot& slot = it->second;
  // Its pages and the guard page after them.
  if (address < slot.first_page + (slot.pages + 1) * cpu::kPageSize) return &slot.object;
  return nullptr;
}

const KmallocObject* KmallocHeap::find_live(uint64_t address) const {
  const KmallocObject* object = find_near(address);
  if (!object || object->freed) return nullptr;
  if (address < object->address || address >= object->address + object->size) return nullptr;
  return object;
}

std::vector<const KmallocObject*> KmallocHeap::live_objects() const {
  std::vector<const KmallocObject*> out;
  for (const auto& [page, slot] : slots_)
    if (!slot.object.freed) out.push_back(&slot.object);
  return out;
}

}  // namespace lstar::kernel
