// A booted kernel with a freshly exec'd process (ktest_tiny, never run), on
// which tests call syscall handlers the way sys_call_table does: by entry
// point name, with the six argument registers. User scratch memory comes
// from the kernel's own mmap.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>

#include "cpu/cpu.h"
#include "kernel/errno.h"
#include "kernel/kernel.h"
#include "tests/kernel/test_files.h"

namespace lstar::kernel::testing {

inline constexpr uint64_t kProtRw = 3;
inline constexpr uint64_t kMapPrivateAnon = 0x22;
inline constexpr uint64_t kKernelAddress = 0xffffffff81000000;

class SyscallTest : public ::testing::Test {
 public:  // public so that a test can drive a second machine alongside
  explicit SyscallTest(uint64_t memory_limit_bytes = uint64_t{256} << 20)
      : cpu_(memory_), kernel_(cpu_, SyscallTable::builtin(), [this](int fd, std::string_view d) {
          output_[static_cast<size_t>(fd)] += d;
        }) {
    memory_.set_page_limit(memory_limit_bytes / cpu::kPageSize);
    EXPECT_FALSE(kernel_.boot().has_value());
    const auto elf = read_file(tiny_program());
    EXPECT_FALSE(kernel_.exec(elf, {"/bin/tiny"}, {}).has_value());
    scratch_ = static_cast<uint64_t>(
        call("__x64_sys_mmap", {0, kScratchSize, kProtRw, kMapPrivateAnon, ~uint64_t{0}, 0}));
  }

  int64_t call(std::string_view entry_point, std::initializer_list<uint64_t> args) {
    SyscallArgs a;
    size_t i = 0;
    for (uint64_t v : args) a.value[i++] = v;
    return syscall_registry().at(entry_point)(kernel_, a);
  }

  void put(uint64_t addr, const void* data, size_t n) { memory_.write_debug(addr, data, n); }
  void put_string(uint64_t addr, std::string_view s) {
    put(addr, s.data(), s.size());
    const char nul = 0;
    put(addr + s.size(), &nul, 1);
  }
  template <typename T>
  T get(uint64_t addr) {
    T value{};
    memory_.read_debug(addr, &value, sizeof value);
    return value;
  }
  std::string get_bytes(uint64_t addr, size_t n) {
    std::string s(n, '\0');
    s.resize(memory_.read_debug(addr, s.data(), n));
    return s;
  }
  std::string get_string(uint64_t addr) {
    std::string s;
    char c;
    while (memory_.read_debug(addr++, &c, 1) == 1 && c) s += c;
    return s;
  }
  // A second page-aligned scratch location, distinct from `scratch_`.
  uint64_t scratch(uint64_t offset) const { return scratch_ + offset; }

  static constexpr uint64_t kScratchSize = 64 * 1024;
  cpu::AddressSpace memory_;
  cpu::Cpu cpu_;
  std::array<std::string, 3> output_;
  Kernel kernel_;
  uint64_t scratch_ = 0;
};

// Another machine in the same test, e.g. to compare runs.
class SecondMachine : public SyscallTest {
  void TestBody() override {}
};

}  // namespace lstar::kernel::testing
