// MemoryMap: VMA bookkeeping kept in step with the address space's pages.
#include "kernel/memory_map.h"

#include <gtest/gtest.h>

namespace lstar::kernel {
namespace {

constexpr uint64_t P = cpu::kPageSize;
constexpr uint32_t kRw = kProtRead | kProtWrite;

class MemoryMapTest : public ::testing::Test {
 protected:
  void map(uint64_t start, uint64_t pages, uint32_t prot = kRw, std::string name = "") {
    mm.map(as, Vma{start, start + pages * P, prot, false, std::move(name)});
  }
  MemoryMap mm;
  cpu::AddressSpace as;
};

TEST_F(MemoryMapTest, MapCreatesUserPagesWithThePermissions) {
  map(0x10000, 2, kProtRead);
  EXPECT_EQ(as.permissions(0x10000), cpu::perm::kUser | cpu::perm::kRead);
  EXPECT_EQ(as.permissions(0x11000), cpu::perm::kUser | cpu::perm::kRead);
  EXPECT_FALSE(as.permissions(0x12000).has_value());
  ASSERT_NE(mm.find(0x11fff), nullptr);
  EXPECT_EQ(mm.find(0x11fff)->start, 0x10000u);
  EXPECT_EQ(mm.find(0x12000), nullptr);
}

TEST_F(MemoryMapTest, AdjacentEqualMappingsMerge) {
  map(0x10000, 1);
  map(0x11000, 1);
  map(0x13000, 1);
  ASSERT_EQ(mm.vmas().size(), 2u);
  EXPECT_EQ(mm.vmas()[0].end, 0x12000u);
  map(0x12000, 1);
  ASSERT_EQ(mm.vmas().size(), 1u);
  EXPECT_EQ(mm.vmas()[0].size(), 4 * P);
}

TEST_F(MemoryMapTest, DifferentNamesOrProtectionsDoNotMerge) {
  map(0x10000, 1, kRw, "[heap]");
  map(0x11000, 1, kRw);
  map(0x12000, 1, kProtRead);
  EXPECT_EQ(mm.vmas().size(), 3u);
}

TEST_F(MemoryMapTest, UnmapSplitsAndReleasesPages) {
  map(0x10000, 4);
  const uint8_t byte = 7;
  as.write_debug(0x11000, &byte, 1);
  const uint64_t backed = as.backed_pages();
  mm.unmap(as, 0x11000, 0x13000);
  ASSERT_EQ(mm.vmas().size(), 2u);
  EXPECT_EQ(mm.vmas()[0].end, 0x11000u);
  EXPECT_EQ(mm.vmas()[1].start, 0x13000u);
  EXPECT_FALSE(as.permissions(0x11000).has_value());
  EXPECT_EQ(as.backed_pages(), backed - 1);
}

TEST_F(MemoryMapTest, UnmapOfAHugeRangeCostsOnlyWhatIsMapped) {
  map(0x10000, 1);
  map(0x7ff000000000, 1);
  mm.unmap(as, 0, 0x7ffffffff000);  // would be 2^35 page lookups page by page
  EXPECT_TRUE(mm.vmas().empty());
  EXPECT_EQ(as.mapped_pages(), 0u);
}

TEST_F(MemoryMapTest, ProtectSplitsThenMergesBack) {
  map(0x10000, 3);
  mm.protect(as, 0x11000, 0x12000, kProtRead);
  ASSERT_EQ(mm.vmas().size(), 3u);
  EXPECT_EQ(as.permissions(0x11000), cpu::perm::kUser | cpu::perm::kRead);
  EXPECT_EQ(as.permissions(0x12000), page_permissions(kRw));
  mm.protect(as, 0x11000, 0x12000, kRw);
  EXPECT_EQ(mm.vmas().size(), 1u);
}

TEST_F(MemoryMapTest, ProtNoneKeepsThePageMappedButInaccessible) {
  map(0x10000, 1, kProtNone);
  EXPECT_TRUE(as.permissions(0x10000).has_value());
  EXPECT_FALSE(as.check_range(0x10000, 1, false, cpu::Privilege::kUser));
}

TEST_F(MemoryMapTest, ZeroDropsContentsButKeepsTheMapping) {
  map(0x10000, 2);
  const uint8_t byte = 0x5a;
  as.write_debug(0x10010, &byte, 1);
  mm.zero(as, 0x10000, 0x11000);
  uint8_t read = 1;
  as.read_debug(0x10010, &read, 1);
  EXPECT_EQ(read, 0);
  EXPECT_EQ(as.permissions(0x10000), page_permissions(kRw));
  EXPECT_EQ(mm.vmas().size(), 1u);
}

TEST_F(MemoryMapTest, QueriesCountOverlaps) {
  map(0x10000, 2);
  map(0x20000, 2);
  EXPECT_EQ(mm.mapped_bytes(0x11000, 0x21000), 2 * P);
  EXPECT_TRUE(mm.is_free(0x12000, 0x20000));
  EXPECT_FALSE(mm.is_free(0x12000, 0x20001));
  EXPECT_TRUE(mm.is_fully_mapped(0x10000, 0x12000));
  EXPECT_FALSE(mm.is_fully_mapped(0x10000, 0x13000));
}

TEST_F(MemoryMapTest, GapSearchTopDownAndBottomUp) {
  map(0x10000, 1);
  map(0x14000, 1);
  map(0x18000, 1);
  // Free: [0x11000,0x14000) 3 pages, [0x15000,0x18000) 3 pages, above 0x19000.
  EXPECT_EQ(mm.find_gap_top_down(3 * P, 0x10000, 0x18000), 0x15000u);
  EXPECT_EQ(mm.find_gap_top_down(3 * P, 0x10000, 0x17000), 0x11000u);
  EXPECT_EQ(mm.find_gap_top_down(4 * P, 0x10000, 0x18000), std::nullopt);
  EXPECT_EQ(mm.find_gap_bottom_up(2 * P, 0x10000, 0x20000), 0x11000u);
  EXPECT_EQ(mm.find_gap_bottom_up(4 * P, 0x10000, 0x20000), 0x19000u);
  EXPECT_EQ(mm.find_gap_top_down(P, 0x19000, 0x1a000), 0x19000u);
}

TEST_F(MemoryMapTest, AdoptRecordsLoaderPagesAndNamesTheStack) {
  as.map(0x400000, 2 * P, cpu::perm::kUser | cpu::perm::kRead | cpu::perm::kExec);
  as.map(0x402000, P, cpu::perm::kUser | cpu::perm::kRead | cpu::perm::kWrite);
  as.map(0x7ff000, 2 * P, cpu::perm::kUser | cpu::perm::kRead | cpu::perm::kWrite);
  as.map(0xffffffff81000000, P, cpu::perm::kRead);  // kernel: not a user mapping
  mm.adopt(as, 0x7ff000, 0x801000, "/bin/prog");
  const auto v = mm.vmas();
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0].prot, kProtRead | kProtExec);
  EXPECT_EQ(v[0].name, "/bin/prog");
  EXPECT_EQ(v[1].prot, kRw);
  EXPECT_EQ(v[2].name, "[stack]");
  EXPECT_EQ(v[2].size(), 2 * P);
}

}  // namespace
}  // namespace lstar::kernel
