// AddressSpace: permissions, faults, lazy backing, the page limit, and the
// software TLB staying correct across protect/unmap/remap.
#include "cpu/address_space.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace lstar::cpu {
namespace {

constexpr uint64_t kBase = 0x10000000;
constexpr uint8_t kRw = perm::kRead | perm::kWrite | perm::kUser;
constexpr uint8_t kRo = perm::kRead | perm::kUser;
constexpr Privilege kUser = Privilege::kUser;

// Runs fn, which must throw a page fault; returns it.
template <typename Fn>
GuestFault page_fault(Fn fn) {
  try {
    fn();
  } catch (const GuestFault& f) {
    EXPECT_EQ(f.exception, Exception::kPageFault);
    return f;
  }
  ADD_FAILURE() << "no fault";
  return {};
}

TEST(AddressSpace, UnmappedAccessFaultsAsNotPresent) {
  AddressSpace as;
  const GuestFault f = page_fault([&] { as.load<uint32_t>(kBase + 4, kUser); });
  EXPECT_EQ(f.address, kBase + 4);
  EXPECT_FALSE(f.present);
  EXPECT_FALSE(f.write);
  const GuestFault w = page_fault([&] { as.store<uint8_t>(kBase, 1, kUser); });
  EXPECT_TRUE(w.write);
}

TEST(AddressSpace, PermissionsAreEnforced) {
  AddressSpace as;
  as.map(kBase, kPageSize, kRo);
  EXPECT_EQ(as.load<uint64_t>(kBase, kUser), 0u);
  const GuestFault f = page_fault([&] { as.store<uint64_t>(kBase, 1, kUser); });
  EXPECT_TRUE(f.present);
  EXPECT_TRUE(f.write);
  // Kernel-only pages are invisible to user accesses but not to the kernel.
  as.map(kBase + kPageSize, kPageSize, perm::kRead | perm::kWrite);
  page_fault([&] { as.load<uint8_t>(kBase + kPageSize, kUser); });
  as.store<uint8_t>(kBase + kPageSize, 7, Privilege::kKernel);
  EXPECT_EQ(as.load<uint8_t>(kBase + kPageSize, Privilege::kKernel), 7);
}

TEST(AddressSpace, BackingIsAllocatedOnFirstWrite) {
  AddressSpace as;
  as.map(kBase, 1ull << 30, kRw);  // 1 GiB costs nothing until touched
  EXPECT_EQ(as.mapped_pages(), (1ull << 30) / kPageSize);
  EXPECT_EQ(as.backed_pages(), 0u);
  EXPECT_EQ(as.load<uint64_t>(kBase + 12345 * 8, kUser), 0u);
  EXPECT_EQ(as.backed_pages(), 0u);
  as.store<uint32_t>(kBase + 5 * kPageSize + 16, 0xdeadbeef, kUser);
  EXPECT_EQ(as.backed_pages(), 1u);
  EXPECT_EQ(as.load<uint32_t>(kBase + 5 * kPageSize + 16, kUser), 0xdeadbeefu);
  as.unmap(kBase, 1ull << 30);
  EXPECT_EQ(as.backed_pages(), 0u);
}

TEST(AddressSpace, ZeroPageReadThenWriteSeesTheWrite) {
  AddressSpace as;
  as.map(kBase, kPageSize, kRw);
  EXPECT_EQ(as.load<uint64_t>(kBase, kUser), 0u);  // read TLB -> shared zero page
  as.store<uint64_t>(kBase, 42, kUser);
  EXPECT_EQ(as.load<uint64_t>(kBase, kUser), 42u);
}

// Spaces sharing a budget count their mapped pages into it: remapping a
// mapped page counts once; unmap, clear and destruction give pages back.
TEST(AddressSpace, SharedBudgetCountsMappedPagesOfEverySpace) {
  auto budget = std::make_shared<SharedPageBudget>(10);
  auto a = std::make_unique<AddressSpace>();
  AddressSpace b;
  a->set_shared_budget(budget);
  b.set_shared_budget(budget);
  a->map(kBase, 4 * kPageSize, kRw);
  a->map(kBase, 2 * kPageSize, kRo);
  b.map(kBase, 3 * kPageSize, kRw);
  EXPECT_EQ(budget->used_pages(), 7u);
  EXPECT_TRUE(a->shared_budget_fits(3));
  EXPECT_FALSE(b.shared_budget_fits(4));
  a->unmap(kBase + kPageSize, 2 * kPageSize);
  EXPECT_EQ(budget->used_pages(), 5u);
  b.clear();
  EXPECT_EQ(budget->used_pages(), 2u);
  a.reset();
  EXPECT_EQ(budget->used_pages(), 0u);
  budget->set_limit_pages(0);
  EXPECT_FALSE(b.shared_budget_fits(1));
  EXPECT_TRUE(b.shared_budget_fits(0));
}

TEST(AddressSpace, PageLimitFaultsBeyondTheLimit) {
  AddressSpace as;
  as.map(kBase, 4 * kPageSize, kRw);
  as.set_page_limit(2);
  as.store<uint8_t>(kBase, 1, kUser);
  as.store<uint8_t>(kBase + kPageSize, 1, kUser);
  const GuestFault f = page_fault([&] { as.store<uint8_t>(kBase + 2 * kPageSize, 1, kUser); });
  EXPECT_EQ(f.detail, "memory limit");
  as.store<uint8_t>(kBase + 1, 2, kUser);  // already backed pages still work
  EXPECT_EQ(as.backed_pages(), 2u);
}

TEST(AddressSpace, TlbFollowsProtect) {
  AddressSpace as;
  as.map(kBase, kPageSize, kRw);
  as.store<uint32_t>(kBase, 5, kUser);             // fills the write TLB
  EXPECT_EQ(as.load<uint32_t>(kBase, kUser), 5u);  // and the read TLB
  as.protect(kBase, kPageSize, kRo);
  page_fault([&] { as.store<uint32_t>(kBase, 6, kUser); });
  EXPECT_EQ(as.load<uint32_t>(kBase, kUser), 5u);
  as.protect(kBase, kPageSize, perm::kUser);  // no access at all
  page_fault([&] { as.load<uint32_t>(kBase, kUser); });
  as.protect(kBase, kPageSize, kRw);
  as.store<uint32_t>(kBase, 6, kUser);
  EXPECT_EQ(as.load<uint32_t>(kBase, kUser), 6u);
}

TEST(AddressSpace, TlbFollowsUnmapAndRemap) {
  AddressSpace as;
  as.map(kBase, kPageSize, kRw);
  as.store<uint64_t>(kBase, 0x1234, kUser);
  EXPECT_EQ(as.load<uint64_t>(kBase, kUser), 0x1234u);
  as.unmap(kBase, kPageSize);
  page_fault([&] { as.load<uint64_t>(kBase, kUser); });
  page_fault([&] { as.store<uint64_t>(kBase, 1, kUser); });
  as.map(kBase, kPageSize, kRw);  // a fresh page: zeros, not the old data
  EXPECT_EQ(as.load<uint64_t>(kBase, kUser), 0u);
}

TEST(AddressSpace, TlbAliasingPagesDoNotMix) {
  AddressSpace as;
  // 256 TLB slots: these two pages share a slot.
  const uint64_t a = kBase;
  const uint64_t b = kBase + 256 * kPageSize;
  as.map(a, kPageSize, kRw);
  as.map(b, kPageSize, kRw);
  as.store<uint32_t>(a, 1, kUser);
  as.store<uint32_t>(b, 2, kUser);
  EXPECT_EQ(as.load<uint32_t>(a, kUser), 1u);
  EXPECT_EQ(as.load<uint32_t>(b, kUser), 2u);
  EXPECT_EQ(as.load<uint32_t>(a, kUser), 1u);
}

TEST(AddressSpace, AccessesCrossingPages) {
  AddressSpace as;
  as.map(kBase, 2 * kPageSize, kRw);
  const uint64_t at = kBase + kPageSize - 3;
  as.store<uint64_t>(at, 0x0807060504030201ull, kUser);
  EXPECT_EQ(as.load<uint64_t>(at, kUser), 0x0807060504030201ull);
  EXPECT_EQ(as.load<uint8_t>(kBase + kPageSize, kUser), 4);
}

TEST(AddressSpace, FaultingStoreAcrossPagesWritesNothing) {
  AddressSpace as;
  as.map(kBase, kPageSize, kRw);
  as.map(kBase + kPageSize, kPageSize, kRo);
  const uint64_t at = kBase + kPageSize - 4;
  const GuestFault f = page_fault([&] { as.store<uint64_t>(at, ~0ull, kUser); });
  EXPECT_EQ(f.address, kBase + kPageSize);
  EXPECT_EQ(as.load<uint32_t>(at, kUser), 0u);
}

TEST(AddressSpace, DebugAccessIgnoresPermissionsButNotMappings) {
  AddressSpace as;
  as.map(kBase, kPageSize, perm::kRead);  // kernel read-only
  const uint32_t v = 0xfeedface;
  EXPECT_EQ(as.write_debug(kBase + 8, &v, 4), 4u);
  uint32_t out = 0;
  EXPECT_EQ(as.read_debug(kBase + 8, &out, 4), 4u);
  EXPECT_EQ(out, v);
  std::array<uint8_t, 16> buf{};
  EXPECT_EQ(as.read_debug(kBase + kPageSize - 8, buf.data(), buf.size()), 8u);
}

TEST(AddressSpace, QueriesAndCodeFetch) {
  AddressSpace as;
  as.map(kBase + kPageSize, kPageSize, perm::kRead | perm::kExec | perm::kUser);
  as.map(kBase, kPageSize, kRw);
  EXPECT_TRUE(as.is_range_free(kBase + 2 * kPageSize, kPageSize));
  EXPECT_FALSE(as.is_range_free(kBase, 1));
  EXPECT_EQ(as.permissions(kBase), kRw);
  EXPECT_FALSE(as.permissions(kBase - 1).has_value());
  std::vector<uint64_t> pages;
  as.for_each_page([&](uint64_t a, uint8_t) { pages.push_back(a); });
  EXPECT_EQ(pages, (std::vector<uint64_t>{kBase, kBase + kPageSize}));
  uint8_t code[8];
  EXPECT_EQ(as.fetch_code(kBase + kPageSize, code, 8, kUser), 8u);
  EXPECT_EQ(as.fetch_code(kBase + 2 * kPageSize - 4, code, 8, kUser), 4u);  // stops at the hole
  EXPECT_EQ(as.fetch_code(kBase, code, 8, kUser), 0u);                      // not executable
  EXPECT_TRUE(as.check_range(kBase, kPageSize, true, kUser));
  EXPECT_FALSE(as.check_range(kBase, kPageSize + 1, true, kUser));
  EXPECT_TRUE(as.check_range(kBase, 2 * kPageSize, false, kUser));
}

}  // namespace
}  // namespace lstar::cpu
