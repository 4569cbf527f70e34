// The lab syscalls' semantics, called the way sys_call_table calls them,
// against a booted kernel and user pages set up by hand.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "cpu/cpu.h"
#include "kernel/errno.h"
#include "kernel/kernel.h"

namespace lstar::kernel {
namespace {

constexpr uint64_t kUserData = 0x10000000;  // RW user pages
constexpr uint64_t kUserRo = 0x20000000;    // read-only user page
constexpr uint64_t kUnmapped = 0x30000000;
constexpr uint64_t kKernelAddr = 0xffffffff81000000;

class LabSyscalls : public ::testing::Test {
 protected:
  LabSyscalls() : cpu_(memory_), kernel_(cpu_, SyscallTable::builtin(), {}) {
    EXPECT_FALSE(kernel_.boot().has_value());
    memory_.map(kUserData, 4 * cpu::kPageSize,
                cpu::perm::kRead | cpu::perm::kWrite | cpu::perm::kUser);
    memory_.map(kUserRo, cpu::kPageSize, cpu::perm::kRead | cpu::perm::kUser);
  }

  int64_t call(const char* entry_point, std::initializer_list<uint64_t> args) {
    SyscallArgs a;
    size_t i = 0;
    for (uint64_t v : args) a.value[i++] = v;
    return syscall_registry().at(entry_point)(kernel_, a);
  }
  void put(uint64_t addr, const void* data, size_t n) { memory_.write_debug(addr, data, n); }
  std::string get_string(uint64_t addr) {
    std::string s;
    char c;
    while (memory_.read_debug(addr++, &c, 1) == 1 && c) s += c;
    return s;
  }
  std::string last_log_line() { return kernel_.log().lines().back(); }

  cpu::AddressSpace memory_;
  cpu::Cpu cpu_;
  Kernel kernel_;
};

TEST_F(LabSyscalls, HelloLogsItsArgumentAndReturnsZero) {
  EXPECT_EQ(call("__x64_sys_hello", {42}), 0);
  EXPECT_NE(last_log_line().find("Hello World, i'm sys_hello with arg: 42"), std::string::npos);
}

TEST_F(LabSyscalls, HelloPrintsTheArgumentAsSignedLong) {
  EXPECT_EQ(call("__x64_sys_hello", {static_cast<uint64_t>(-5)}), 0);
  EXPECT_NE(last_log_line().find("with arg: -5"), std::string::npos);
}

TEST_F(LabSyscalls, MemcpyCopiesBetweenUserBuffers) {
  const int a[10] = {1, 2, 3, 777, '5', 'a', 0x0800, -15500, 42, 1337};
  put(kUserData, a, sizeof a);
  EXPECT_EQ(call("__x64_sys_memcpy", {kUserData, kUserData + 0x1000, sizeof a}), 0);
  int b[10];
  memory_.read_debug(kUserData + 0x1000, b, sizeof b);
  EXPECT_EQ(std::memcmp(a, b, sizeof a), 0);
}

TEST_F(LabSyscalls, MemcpyFromUnmappedSourceIsEfault) {
  EXPECT_EQ(call("__x64_sys_memcpy", {kUnmapped, kUserData, 16}), -kEFAULT);
}

TEST_F(LabSyscalls, MemcpyToReadOnlyPageIsEfault) {
  EXPECT_EQ(call("__x64_sys_memcpy", {kUserData, kUserRo, 16}), -kEFAULT);
}

TEST_F(LabSyscalls, MemcpyNeverTouchesKernelAddresses) {
  EXPECT_EQ(call("__x64_sys_memcpy", {kKernelAddr, kUserData, 16}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_memcpy", {kUserData, kKernelAddr, 16}), -kEFAULT);
}

TEST_F(LabSyscalls, MemcpyAcrossTheEndOfAMappingIsEfault) {
  EXPECT_EQ(call("__x64_sys_memcpy", {kUserData + 4 * cpu::kPageSize - 8, kUserData, 16}),
            -kEFAULT);
}

TEST_F(LabSyscalls, MemcpyLongerThanTheDocumentedMaximumIsEinval) {
  EXPECT_EQ(call("__x64_sys_memcpy", {kUserData, kUserData + 8, kLabMemcpyMax + 1}), -kEINVAL);
}

TEST_F(LabSyscalls, MemcpyOfZeroBytesSucceeds) {
  EXPECT_EQ(call("__x64_sys_memcpy", {kUnmapped, kUnmapped, 0}), 0);
}

TEST_F(LabSyscalls, CaesarEncryptsAndDecryptsLettersOnly) {
  const char text[] = "Hello, World!";
  put(kUserData, text, sizeof text);
  EXPECT_EQ(call("__x64_sys_caesar", {kUserData, kUserData + 0x100, kCaesarEncrypt, 3}), 13);
  EXPECT_EQ(get_string(kUserData + 0x100), "Khoor, Zruog!");
  EXPECT_EQ(call("__x64_sys_caesar", {kUserData + 0x100, kUserData + 0x200, kCaesarDecrypt, 3}),
            13);
  EXPECT_EQ(get_string(kUserData + 0x200), "Hello, World!");
}

TEST_F(LabSyscalls, CaesarRotationIsModuloTwentySix) {
  const char text[] = "xyz";
  put(kUserData, text, sizeof text);
  EXPECT_EQ(call("__x64_sys_caesar", {kUserData, kUserData + 0x100, kCaesarEncrypt, 29}), 3);
  EXPECT_EQ(get_string(kUserData + 0x100), "abc");
}

TEST_F(LabSyscalls, CaesarRejectsAnUnknownOperation) {
  const char text[] = "abc";
  put(kUserData, text, sizeof text);
  EXPECT_EQ(call("__x64_sys_caesar", {kUserData, kUserData + 0x100, 2, 3}), -kEINVAL);
}

TEST_F(LabSyscalls, CaesarWithBadPointersIsEfault) {
  const char text[] = "abc";
  put(kUserData, text, sizeof text);
  EXPECT_EQ(call("__x64_sys_caesar", {kUnmapped, kUserData, 0, 3}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_caesar", {kUserData, kUserRo, 0, 3}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_caesar", {kUserData, kKernelAddr, 0, 3}), -kEFAULT);
}

TEST_F(LabSyscalls, TestCallIsEnosysUntilTheModuleIsLoaded) {
  EXPECT_EQ(call("__x64_sys_test_call", {7}), -kENOSYS);
  EXPECT_EQ(kernel_.modules().insmod(kernel_, "test_call"), "");
  EXPECT_EQ(call("__x64_sys_test_call", {7}), 7);
  EXPECT_NE(last_log_line().find("my_test_call: Your int is 7"), std::string::npos);
  EXPECT_EQ(kernel_.modules().rmmod(kernel_, "test_call"), "");
  EXPECT_EQ(call("__x64_sys_test_call", {7}), -kENOSYS);
}

TEST_F(LabSyscalls, InsmodOfAnUnknownModuleFails) {
  EXPECT_NE(kernel_.modules().insmod(kernel_, "nope"), "");
  EXPECT_NE(kernel_.modules().rmmod(kernel_, "test_call"), "");
}

}  // namespace
}  // namespace lstar::kernel
