// brk, mmap, munmap, mprotect, mremap and madvise, called as
// sys_call_table calls them, with Linux's errnos for hostile arguments.
#include "kernel/memory_layout.h"
#include "tests/kernel/syscall_fixture.h"

namespace lstar::kernel {
namespace {

using testing::kMapPrivateAnon;
using testing::kProtRw;
constexpr uint64_t P = cpu::kPageSize;
constexpr uint64_t kNoFd = ~uint64_t{0};
constexpr uint64_t kMapShared = 0x01, kMapFixed = 0x10, kMapAnon = 0x20, kMap32Bit = 0x40;
constexpr uint64_t kMapFixedNoReplace = 0x100000;
// A hint far from other mappings: nothing adjacent merges with it.
constexpr uint64_t kIsolated = 0x300000000;

class MemorySyscalls : public testing::SyscallTest {
 protected:
  int64_t mmap(uint64_t addr, uint64_t len, uint64_t prot = kProtRw,
               uint64_t flags = kMapPrivateAnon, uint64_t fd = kNoFd, uint64_t off = 0) {
    return call("__x64_sys_mmap", {addr, len, prot, flags, fd, off});
  }
  int64_t brk(uint64_t addr) { return call("__x64_sys_brk", {addr}); }
  bool user_writable(uint64_t addr) {
    return memory_.check_range(addr, 1, true, cpu::Privilege::kUser);
  }
  bool user_readable(uint64_t addr) {
    return memory_.check_range(addr, 1, false, cpu::Privilege::kUser);
  }
};

TEST_F(MemorySyscalls, BrkZeroReturnsTheCurrentBreak) {
  const int64_t start = brk(0);
  EXPECT_GT(start, 0);
  EXPECT_EQ(start % static_cast<int64_t>(P), 0);  // the page after the program's bss
  EXPECT_EQ(brk(0), start);
}

TEST_F(MemorySyscalls, BrkGrowsWithZeroedWritablePagesAndShrinks) {
  const auto start = static_cast<uint64_t>(brk(0));
  EXPECT_EQ(brk(start + 3 * P + 10), static_cast<int64_t>(start + 3 * P + 10));
  EXPECT_TRUE(user_writable(start + 3 * P + 9));
  EXPECT_TRUE(user_writable(start + 3 * P + P - 1));  // the whole last page
  EXPECT_EQ(get<uint64_t>(start + P), 0u);
  put(start + 2 * P, "x", 1);
  EXPECT_EQ(brk(start + P), static_cast<int64_t>(start + P));
  EXPECT_FALSE(user_readable(start + 2 * P));
  // Growing again gives fresh zero pages, not the old contents.
  EXPECT_EQ(brk(start + 3 * P), static_cast<int64_t>(start + 3 * P));
  EXPECT_EQ(get<char>(start + 2 * P), 0);
}

TEST_F(MemorySyscalls, BrkFailureReturnsTheOldBreak) {
  const auto start = static_cast<uint64_t>(brk(0));
  EXPECT_EQ(brk(start - P), static_cast<int64_t>(start));  // below the heap start
  EXPECT_EQ(brk(0xffff800000000000), static_cast<int64_t>(start));
  EXPECT_EQ(brk(~uint64_t{0}), static_cast<int64_t>(start));
  // Into an existing mapping (keeping the guard page free).
  ASSERT_EQ(mmap(start + 4 * P, P, kProtRw, kMapPrivateAnon | kMapFixed), int64_t(start + 4 * P));
  EXPECT_EQ(brk(start + 4 * P), static_cast<int64_t>(start));
  EXPECT_EQ(brk(start + 3 * P), static_cast<int64_t>(start + 3 * P));
}

TEST_F(MemorySyscalls, MmapAnonymousIsZeroedReadWriteAndTopDown) {
  const int64_t a = mmap(0, 3 * P);
  const int64_t b = mmap(0, P);
  ASSERT_GT(a, 0);
  EXPECT_EQ(a % static_cast<int64_t>(P), 0);
  EXPECT_EQ(b, a - static_cast<int64_t>(P));  // the next one goes below
  EXPECT_TRUE(user_writable(static_cast<uint64_t>(a) + 3 * P - 1));
  EXPECT_EQ(get<uint64_t>(static_cast<uint64_t>(a) + P), 0u);
  EXPECT_LT(static_cast<uint64_t>(a), kernel_.process().mmap_top);
}

TEST_F(MemorySyscalls, MmapLengthIsRoundedToPages) {
  const auto a = static_cast<uint64_t>(mmap(kIsolated, 1));
  EXPECT_TRUE(user_writable(a + P - 1));
  EXPECT_FALSE(user_readable(a + P));
}

TEST_F(MemorySyscalls, MmapHintIsUsedWhenFreeAndIgnoredWhenNot) {
  EXPECT_EQ(mmap(0x200000000, P), 0x200000000);
  EXPECT_EQ(mmap(0x300000123, P), int64_t{kIsolated});  // rounded down
  const int64_t c = mmap(0x200000000, P);               // taken: placed elsewhere
  EXPECT_NE(c, 0x200000000);
  EXPECT_GT(c, 0);
  EXPECT_EQ(mmap(0x1000, P) >= static_cast<int64_t>(kMmapMinAddr), true);
}

TEST_F(MemorySyscalls, MmapFixedReplacesAndNoReplaceRefuses) {
  const auto a = static_cast<uint64_t>(mmap(0, 2 * P));
  put(a, "old", 3);
  EXPECT_EQ(mmap(a, P, kProtRw, kMapPrivateAnon | kMapFixed), static_cast<int64_t>(a));
  EXPECT_EQ(get<char>(a), 0);  // fresh pages
  EXPECT_EQ(mmap(a + P, P, kProtRw, kMapPrivateAnon | kMapFixedNoReplace), -kEEXIST);
  EXPECT_EQ(mmap(0x500000000, P, kProtRw, kMapPrivateAnon | kMapFixedNoReplace), 0x500000000);
}

TEST_F(MemorySyscalls, MmapRejectsBadArguments) {
  EXPECT_EQ(mmap(0, 0), -kEINVAL);
  EXPECT_EQ(mmap(0, P, kProtRw, kMapAnon), -kEINVAL);  // neither shared nor private
  EXPECT_EQ(mmap(0, P, kProtRw, kMapPrivateAnon, kNoFd, 123), -kEINVAL);  // unaligned offset
  EXPECT_EQ(mmap(0x10001, P, kProtRw, kMapPrivateAnon | kMapFixed), -kEINVAL);
  EXPECT_EQ(mmap(0x1000, P, kProtRw, kMapPrivateAnon | kMapFixed), -kEPERM);  // mmap_min_addr
  EXPECT_EQ(mmap(0x7ffffffff000, P, kProtRw, kMapPrivateAnon | kMapFixed), -kENOMEM);
  EXPECT_EQ(mmap(0, ~uint64_t{0}), -kENOMEM);
  EXPECT_EQ(mmap(0, uint64_t{1} << 62), -kENOMEM);
  EXPECT_EQ(mmap(0, P, kProtRw, 0x02, 99), -kEBADF);  // file mapping of a closed fd
  EXPECT_EQ(mmap(0, P, kProtRw, 0x02, 1), -kEACCES);  // stdout is write-only
}

TEST_F(MemorySyscalls, MmapOfSyntheticFilesIsEnodevExceptDevZero) {
  put_string(scratch_, "/dev/null");
  const auto null_fd =
      static_cast<uint64_t>(call("__x64_sys_openat", {uint64_t(-100), scratch_, 2, 0}));
  EXPECT_EQ(mmap(0, P, kProtRw, 0x02, null_fd), -kENODEV);
  put_string(scratch_, "/dev/zero");
  const auto zero_fd =
      static_cast<uint64_t>(call("__x64_sys_openat", {uint64_t(-100), scratch_, 2, 0}));
  const int64_t a = mmap(0, P, kProtRw, 0x02, zero_fd);
  ASSERT_GT(a, 0);
  EXPECT_TRUE(user_writable(static_cast<uint64_t>(a)));
}

TEST_F(MemorySyscalls, Map32BitLandsInTheSecondGigabyte) {
  const int64_t a = mmap(0, P, kProtRw, kMapPrivateAnon | kMap32Bit);
  EXPECT_GE(a, 0x40000000);
  EXPECT_LT(a, 0x80000000);
}

TEST_F(MemorySyscalls, SharedAnonymousMappingsWork) {
  const int64_t a = mmap(0, P, kProtRw, kMapShared | kMapAnon);
  ASSERT_GT(a, 0);
  EXPECT_TRUE(user_writable(static_cast<uint64_t>(a)));
}

TEST_F(MemorySyscalls, MunmapRemovesPagesAndToleratesHoles) {
  const auto a = static_cast<uint64_t>(mmap(0, 4 * P));
  EXPECT_EQ(call("__x64_sys_munmap", {a + P, 2 * P}), 0);
  EXPECT_TRUE(user_readable(a));
  EXPECT_FALSE(user_readable(a + P));
  EXPECT_FALSE(user_readable(a + 2 * P));
  EXPECT_TRUE(user_readable(a + 3 * P));
  EXPECT_EQ(call("__x64_sys_munmap", {a, 4 * P}), 0);  // holes are fine
  EXPECT_FALSE(user_readable(a + 3 * P));
}

TEST_F(MemorySyscalls, MunmapRejectsBadRanges) {
  EXPECT_EQ(call("__x64_sys_munmap", {0x10001, P}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_munmap", {0x10000, 0}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_munmap", {0x7ffffffff000, 2 * P}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_munmap", {0x10000, ~uint64_t{0}}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_munmap", {testing::kKernelAddress, P}), -kEINVAL);
  // The whole user half: legal, and it costs only the mapped pages.
  EXPECT_EQ(call("__x64_sys_munmap", {0, kTaskSizeMax}), 0);
  EXPECT_EQ(call("__x64_sys_brk", {0}), static_cast<int64_t>(kernel_.process().brk));
}

TEST_F(MemorySyscalls, MprotectChangesPermissions) {
  const auto a = static_cast<uint64_t>(mmap(0, 3 * P));
  EXPECT_EQ(call("__x64_sys_mprotect", {a + P, P, 1}), 0);  // PROT_READ
  EXPECT_FALSE(user_writable(a + P));
  EXPECT_TRUE(user_readable(a + P));
  EXPECT_TRUE(user_writable(a));
  EXPECT_EQ(call("__x64_sys_mprotect", {a, 3 * P, 0}), 0);  // PROT_NONE
  EXPECT_FALSE(user_readable(a + 2 * P));
  EXPECT_EQ(call("__x64_sys_mprotect", {a, P, 5}), 0);  // PROT_READ | PROT_EXEC
  EXPECT_EQ(memory_.permissions(a), cpu::perm::kUser | cpu::perm::kRead | cpu::perm::kExec);
}

TEST_F(MemorySyscalls, MprotectErrors) {
  const auto a = static_cast<uint64_t>(mmap(kIsolated, 2 * P));
  EXPECT_EQ(call("__x64_sys_mprotect", {a + 1, P, 1}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_mprotect", {a, P, 0x40}), -kEINVAL);   // unknown bit
  EXPECT_EQ(call("__x64_sys_mprotect", {a, 3 * P, 1}), -kENOMEM);  // runs past the mapping
  EXPECT_EQ(call("__x64_sys_mprotect", {0x600000000, P, 1}), -kENOMEM);
  EXPECT_EQ(call("__x64_sys_mprotect", {a, ~uint64_t{0}, 1}), -kENOMEM);
  EXPECT_EQ(call("__x64_sys_mprotect", {a, 0, 1}), 0);
  EXPECT_EQ(call("__x64_sys_mprotect", {a, P, 0x01000001}), -kEINVAL);  // GROWSDOWN: not a stack
  EXPECT_TRUE(user_writable(a));                                        // nothing changed
}

TEST_F(MemorySyscalls, MremapGrowsInPlaceWhenItCanAndMovesWhenAllowed) {
  const auto a = static_cast<uint64_t>(mmap(0x200000000, 2 * P));
  put(a, "keep", 4);
  EXPECT_EQ(call("__x64_sys_mremap", {a, 2 * P, 4 * P, 0, 0}), static_cast<int64_t>(a));
  EXPECT_TRUE(user_writable(a + 4 * P - 1));
  ASSERT_EQ(mmap(a + 4 * P, P, kProtRw, kMapPrivateAnon | kMapFixed), int64_t(a + 4 * P));
  EXPECT_EQ(call("__x64_sys_mremap", {a, 4 * P, 8 * P, 0, 0}), -kENOMEM);   // blocked, may not move
  const int64_t moved = call("__x64_sys_mremap", {a, 4 * P, 8 * P, 1, 0});  // MREMAP_MAYMOVE
  ASSERT_GT(moved, 0);
  EXPECT_NE(static_cast<uint64_t>(moved), a);
  EXPECT_EQ(get_bytes(static_cast<uint64_t>(moved), 4), "keep");
  EXPECT_FALSE(user_readable(a));
  EXPECT_TRUE(user_writable(static_cast<uint64_t>(moved) + 8 * P - 1));
}

TEST_F(MemorySyscalls, MremapShrinksAndMovesToAFixedAddress) {
  const auto a = static_cast<uint64_t>(mmap(0, 4 * P));
  put(a + P, "data", 4);
  EXPECT_EQ(call("__x64_sys_mremap", {a, 4 * P, 2 * P, 0, 0}), static_cast<int64_t>(a));
  EXPECT_FALSE(user_readable(a + 2 * P));
  const uint64_t to = 0x400000000;
  EXPECT_EQ(call("__x64_sys_mremap", {a, 2 * P, 2 * P, 3, to}), static_cast<int64_t>(to));
  EXPECT_EQ(get_bytes(to + P, 4), "data");
  EXPECT_FALSE(user_readable(a));
}

TEST_F(MemorySyscalls, MremapErrors) {
  const auto a = static_cast<uint64_t>(mmap(kIsolated, 2 * P));
  EXPECT_EQ(call("__x64_sys_mremap", {a, P, 2 * P, 4, 0}), -kEINVAL);  // unknown flag
  EXPECT_EQ(call("__x64_sys_mremap", {a, P, 2 * P, 2, 0}), -kEINVAL);  // FIXED without MAYMOVE
  EXPECT_EQ(call("__x64_sys_mremap", {a + 1, P, 2 * P, 1, 0}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_mremap", {a, P, 0, 1, 0}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_mremap", {a, 3 * P, 4 * P, 1, 0}), -kEFAULT);  // beyond the mapping
  EXPECT_EQ(call("__x64_sys_mremap", {0x600000000, P, 2 * P, 1, 0}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_mremap", {a, P, ~uint64_t{0}, 1, 0}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_mremap", {a, P, P, 3, a}), -kEINVAL);  // overlapping move
}

TEST_F(MemorySyscalls, MadviseDontneedZeroesAnonymousMemory) {
  const auto a = static_cast<uint64_t>(mmap(0, 2 * P));
  put(a, "secret", 6);
  put(a + P, "other", 5);
  EXPECT_EQ(call("__x64_sys_madvise", {a, P, 4}), 0);  // MADV_DONTNEED
  EXPECT_EQ(get<char>(a), 0);
  EXPECT_EQ(get_bytes(a + P, 5), "other");
  EXPECT_TRUE(user_writable(a));
}

TEST_F(MemorySyscalls, MadviseChecks) {
  const auto a = static_cast<uint64_t>(mmap(kIsolated, 2 * P));
  EXPECT_EQ(call("__x64_sys_madvise", {a, P, 0}), 0);  // MADV_NORMAL
  EXPECT_EQ(call("__x64_sys_madvise", {a + 1, P, 0}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_madvise", {a, P, 999}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_madvise", {a, 3 * P, 3}), -kENOMEM);  // a hole
  EXPECT_EQ(call("__x64_sys_madvise", {a, ~uint64_t{0}, 0}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_madvise", {a, 0, 0}), 0);
}

class MemoryLimit : public testing::SyscallTest {
 protected:
  MemoryLimit() : SyscallTest(uint64_t{32} << 20) {}
};

TEST_F(MemoryLimit, MappingsBeyondTheLimitAreEnomem) {
  EXPECT_EQ(call("__x64_sys_mmap", {0, uint64_t{64} << 20, kProtRw, kMapPrivateAnon, kNoFd, 0}),
            -kENOMEM);
  // Small ones still fit, until the limit is reached.
  int64_t last = 0;
  int count = 0;
  while ((last = call("__x64_sys_mmap",
                      {0, uint64_t{1} << 20, kProtRw, kMapPrivateAnon, kNoFd, 0})) > 0)
    ++count;
  EXPECT_EQ(last, -kENOMEM);
  EXPECT_GT(count, 10);
  EXPECT_LT(count, 32);
  EXPECT_LE(memory_.mapped_pages(), memory_.page_limit());
}

TEST_F(MemoryLimit, BrkBeyondTheLimitReturnsTheOldBreak) {
  const int64_t start = call("__x64_sys_brk", {0});
  EXPECT_EQ(call("__x64_sys_brk", {static_cast<uint64_t>(start) + (uint64_t{64} << 20)}), start);
  EXPECT_EQ(call("__x64_sys_mremap", {scratch_, kScratchSize, uint64_t{64} << 20, 1, 0}), -kENOMEM);
}

}  // namespace
}  // namespace lstar::kernel
