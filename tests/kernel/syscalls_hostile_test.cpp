// Every registered syscall handler against hostile arguments: huge
// lengths, wrapping ranges, kernel and unaligned pointers, negative fds.
// Nothing may crash the host or allocate without bound, and every result
// is a Linux return value (an errno within [-4095, -1] or a value).
#include <algorithm>
#include <random>
#include <vector>

#include "kernel/memory_layout.h"
#include "tests/kernel/syscall_fixture.h"

namespace lstar::kernel {
namespace {

class HostileArguments : public testing::SyscallTest {
 protected:
  uint64_t pick(std::mt19937_64& rng) {
    const uint64_t interesting[] = {0,
                                    1,
                                    3,
                                    8,
                                    24,
                                    4095,
                                    4096,
                                    ~uint64_t{0},
                                    uint64_t{1} << 63,
                                    0x7fffffff,
                                    0x80000000,
                                    0xffffffff,
                                    static_cast<uint64_t>(-100),
                                    kTaskSizeMax - 1,
                                    kTaskSizeMax,
                                    testing::kKernelAddress,
                                    scratch_,
                                    scratch_ + 1,
                                    scratch_ + kScratchSize - 1,
                                    scratch_ + kScratchSize,
                                    uint64_t{1} << 40};
    return rng() % 4 == 0 ? rng() : interesting[rng() % std::size(interesting)];
  }
};

TEST_F(HostileArguments, EveryHandlerReturnsALinuxValue) {
  std::mt19937_64 rng(42);
  std::vector<std::string_view> names;
  for (const auto& [name, impl] : syscall_registry()) {
    // Ending the process is the point of these; they are tested elsewhere.
    if (name == "__x64_sys_exit" || name == "__x64_sys_exit_group") continue;
    names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  EXPECT_GT(names.size(), 90u);
  for (int round = 0; round < 2000; ++round) {
    for (std::string_view name : names) {
      const int64_t r =
          call(name, {pick(rng), pick(rng), pick(rng), pick(rng), pick(rng), pick(rng)});
      // mremap(addr, n, n, 0) returns any page-aligned addr unchecked, as
      // Linux does; everything else returns a user address, a count or an errno.
      if (r < 0 && name != "__x64_sys_mremap") {
        EXPECT_GE(r, -kMaxErrno) << name;
      }
    }
  }
  EXPECT_LE(memory_.mapped_pages(), memory_.page_limit());
}

}  // namespace
}  // namespace lstar::kernel
