#include "kernel/kernel_log.h"

#include <string>

#include <gtest/gtest.h>

namespace lstar::kernel {
namespace {

using Lines = std::vector<std::string>;

TEST(KernelLog, FormatsLikeDmesg) {
  uint64_t now_ns = 42'000;
  KernelLog log(16, [&] { return now_ns; });
  log.printk(std::string(kKernAlert) + "Hello World, i'm sys_hello with arg: 42\n");
  now_ns = 12'345'678'901'234;
  log.printk(LogLevel::kInfo, "later");
  now_ns = 123'456'000'000'000;
  log.printk(LogLevel::kInfo, "much later");
  EXPECT_EQ(log.lines(), (Lines{"[    0.000042] Hello World, i'm sys_hello with arg: 42",
                                "[12345.678901] later", "[123456.000000] much later"}));
}

TEST(KernelLog, ReadsLevelPrefixes) {
  KernelLog log;
  log.printk(std::string(kKernAlert) + "alert\n");
  log.printk("no prefix\n");
  log.printk(std::string(kKernDebug) + "debug\n");
  log.printk(std::string(kKernDefault) + "default\n");
  log.printk("\001xnot a prefix\n");
  ASSERT_EQ(log.records().size(), 5u);
  EXPECT_EQ(log.records()[0].level, LogLevel::kAlert);
  EXPECT_EQ(log.records()[0].text, "alert");
  EXPECT_EQ(log.records()[1].level, kDefaultLogLevel);
  EXPECT_EQ(log.records()[2].level, LogLevel::kDebug);
  EXPECT_EQ(log.records()[3].level, kDefaultLogLevel);
  EXPECT_EQ(log.records()[4].text, "\001xnot a prefix");
}

TEST(KernelLog, ContinuesOpenLinesWithKernCont) {
  KernelLog log;
  log.printk(std::string(kKernInfo) + "value:");
  log.printk(std::string(kKernCont) + " 1");
  log.printk(std::string(kKernCont) + ", 2\n");
  log.printk(std::string(kKernCont) + "new line after a newline\n");
  log.printk(std::string(kKernNotice) + "open");
  log.printk("not continued\n");
  EXPECT_EQ(log.lines(),
            (Lines{"[    0.000000] value: 1, 2", "[    0.000000] new line after a newline",
                   "[    0.000000] open", "[    0.000000] not continued"}));
  EXPECT_EQ(log.records()[0].level, LogLevel::kInfo);
}

TEST(KernelLog, SplitsMultiLineMessages) {
  KernelLog log;
  log.printk(LogLevel::kWarning, "one\ntwo\n\nfour\n");
  EXPECT_EQ(log.lines(), (Lines{"[    0.000000] one", "[    0.000000] two", "[    0.000000] ",
                                "[    0.000000] four"}));
  log.printk("");
  EXPECT_EQ(log.records().size(), 4u);
}

TEST(KernelLog, DropsTheOldestWhenFull) {
  KernelLog log(3);
  for (int i = 0; i < 5; ++i) log.printk(LogLevel::kInfo, "message {}", i);
  EXPECT_EQ(log.lines(), (Lines{"[    0.000000] message 2", "[    0.000000] message 3",
                                "[    0.000000] message 4"}));
  EXPECT_EQ(log.dropped(), 2u);
  log.clear();
  EXPECT_TRUE(log.lines().empty());
  EXPECT_EQ(log.dropped(), 0u);
}

TEST(KernelLog, CutsOverlongLines) {
  KernelLog log;
  log.printk(LogLevel::kInfo, std::string(5000, 'x'));
  log.printk(std::string(kKernCont) + std::string(5000, 'y'));
  ASSERT_EQ(log.records().size(), 1u);
  EXPECT_EQ(log.records()[0].text, std::string(KernelLog::kMaxLineLength, 'x'));
}

TEST(KernelLog, FormatsArguments) {
  KernelLog log;
  log.printk(LogLevel::kNotice, "{}: Your int is {}", "my_test_call", 7);
  EXPECT_EQ(log.lines(), (Lines{"[    0.000000] my_test_call: Your int is 7"}));
}

}  // namespace
}  // namespace lstar::kernel
