// kmalloc's checks: each object ends at a page end before an unmapped
// guard page, kfree unmaps, freed addresses are never handed out again,
// and the heap knows what it handed out to tell double and invalid frees.
#include "kernel/kmalloc_heap.h"

#include <gtest/gtest.h>

namespace lstar::kernel {
namespace {

TEST(KmallocHeap, AnObjectEndsRightBeforeAnUnmappedGuardPage) {
  cpu::AddressSpace memory;
  KmallocHeap heap;
  const uint64_t p = heap.allocate(memory, 40, {}, -1);
  ASSERT_NE(p, 0u);
  EXPECT_TRUE(heap.in_region(p));
  EXPECT_EQ((p + 40) % cpu::kPageSize, 0u);
  EXPECT_TRUE(memory.permissions(p));
  EXPECT_FALSE(memory.permissions(p + 40)) << "the guard page must be unmapped";
  EXPECT_FALSE(*memory.permissions(p) & cpu::perm::kUser);
}

TEST(KmallocHeap, SizesRoundUpToEightBytesAndLargeObjectsSpanPages) {
  cpu::AddressSpace memory;
  KmallocHeap heap;
  const uint64_t small = heap.allocate(memory, 10, {}, -1);
  EXPECT_EQ((small + 16) % cpu::kPageSize, 0u);
  const uint64_t big = heap.allocate(memory, 3 * cpu::kPageSize + 8, {}, -1);
  EXPECT_TRUE(memory.permissions(big));
  EXPECT_TRUE(memory.permissions(big + 3 * cpu::kPageSize));
  EXPECT_FALSE(memory.permissions(big + 3 * cpu::kPageSize + 8));
}

TEST(KmallocHeap, FreedObjectsAreUnmappedAndTheirAddressesNeverReused) {
  cpu::AddressSpace memory;
  KmallocHeap heap;
  const uint64_t p = heap.allocate(memory, 64, {}, -1);
  EXPECT_EQ(heap.free(memory, p, {}), KmallocHeap::FreeResult::kFreed);
  EXPECT_FALSE(memory.permissions(p));
  const uint64_t q = heap.allocate(memory, 64, {}, -1);
  EXPECT_NE(cpu::page_floor(q), cpu::page_floor(p));
  const KmallocObject* freed = heap.find_near(p + 8);
  ASSERT_NE(freed, nullptr);
  EXPECT_TRUE(freed->freed);
  EXPECT_EQ(heap.find_live(p), nullptr);
}

TEST(KmallocHeap, DoubleAndInvalidFreesAreTold) {
  cpu::AddressSpace memory;
  KmallocHeap heap;
  const uint64_t p = heap.allocate(memory, 64, {}, -1);
  EXPECT_EQ(heap.free(memory, p + 8, {}), KmallocHeap::FreeResult::kInvalidFree);
  EXPECT_EQ(heap.free(memory, p, {}), KmallocHeap::FreeResult::kFreed);
  EXPECT_EQ(heap.free(memory, p, {}), KmallocHeap::FreeResult::kDoubleFree);
  EXPECT_EQ(heap.free(memory, 0xffffffff81000000, {}), KmallocHeap::FreeResult::kInvalidFree);
  EXPECT_EQ(heap.free(memory, 0, {}), KmallocHeap::FreeResult::kIgnored);
  EXPECT_EQ(heap.free(memory, kZeroSizePtr, {}), KmallocHeap::FreeResult::kIgnored);
}

TEST(KmallocHeap, ZeroSizeGivesZeroSizePtrAndTooLargeGivesNull) {
  cpu::AddressSpace memory;
  KmallocHeap heap;
  EXPECT_EQ(heap.allocate(memory, 0, {}, -1), kZeroSizePtr);
  EXPECT_EQ(heap.allocate(memory, kKmallocMaxSize + 1, {}, -1), 0u);
  EXPECT_NE(heap.allocate(memory, kKmallocMaxSize, {}, -1), 0u);
}

TEST(KmallocHeap, TheMemoryLimitMakesKmallocReturnNull) {
  cpu::AddressSpace memory;
  memory.set_page_limit(4);
  KmallocHeap heap;
  EXPECT_NE(heap.allocate(memory, 3 * cpu::kPageSize, {}, -1), 0u);
  EXPECT_EQ(heap.allocate(memory, 2 * cpu::kPageSize, {}, -1), 0u);
}

TEST(KmallocHeap, LiveObjectsAreListedWithTheirAllocationStacks) {
  cpu::AddressSpace memory;
  KmallocHeap heap;
  const uint64_t a = heap.allocate(memory, 8, {0xffffffffa0000010, 0xffffffff81000020}, 439);
  const uint64_t b = heap.allocate(memory, 8, {}, 440);
  heap.free(memory, b, {});
  const auto live = heap.live_objects();
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0]->address, a);
  EXPECT_EQ(live[0]->alloc_syscall, 439);
  EXPECT_EQ(live[0]->alloc_stack.size(), 2u);
}

TEST(KmallocHeap, AKmallocKfreeLoopKeepsABoundedNumberOfRecords) {
  cpu::AddressSpace memory;
  KmallocHeap heap;
  const uint64_t first = heap.allocate(memory, 8, {}, -1);
  heap.free(memory, first, {});
  for (size_t i = 0; i < kKmallocFreedRecords + 10; ++i)
    heap.free(memory, heap.allocate(memory, 8, {}, -1), {});
  // The oldest record is forgotten: its second kfree is a foreign pointer
  // now, still reported (as invalid), never a crash.
  EXPECT_EQ(heap.find_near(first), nullptr);
  EXPECT_EQ(heap.free(memory, first, {}), KmallocHeap::FreeResult::kInvalidFree);
  EXPECT_EQ(memory.mapped_pages(), 0u);
}

}  // namespace
}  // namespace lstar::kernel
