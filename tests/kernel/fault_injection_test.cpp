// strace's -e inject= syntax and when= semantics, as the kernel applies them.
#include "kernel/fault_injection.h"

#include <gtest/gtest.h>

#include <vector>

namespace lstar::kernel {
namespace {

std::variant<InjectionRule, std::string> parse(std::string_view spec) {
  return parse_injection(
      spec,
      [](int nr) -> std::optional<std::string> {
        if (nr == 0) return "read";
        if (nr == 1) return "write";
        return std::nullopt;
      },
      [](std::string_view name) { return name == "read" || name == "write" || name == "openat"; });
}

InjectionRule rule(std::string_view spec) {
  auto parsed = parse(spec);
  if (auto* error = std::get_if<std::string>(&parsed)) ADD_FAILURE() << spec << ": " << *error;
  return std::get_if<InjectionRule>(&parsed) ? std::get<InjectionRule>(parsed) : InjectionRule{};
}

std::vector<uint64_t> firing(std::string_view spec, uint64_t calls) {
  FaultInjection injection;
  injection.add(rule(spec));
  std::vector<uint64_t> fired;
  for (uint64_t n = 1; n <= calls; ++n)
    if (injection.on_call("read")) fired.push_back(n);
  return fired;
}

TEST(FaultInjection, WhenSelectsInvocationsAsStraceDoes) {
  EXPECT_EQ(firing("read:error=EINTR", 4), (std::vector<uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(firing("read:error=EINTR:when=3", 6), (std::vector<uint64_t>{3}));
  EXPECT_EQ(firing("read:error=EINTR:when=3+", 6), (std::vector<uint64_t>{3, 4, 5, 6}));
  EXPECT_EQ(firing("read:error=EINTR:when=2+2", 7), (std::vector<uint64_t>{2, 4, 6}));
  EXPECT_EQ(firing("read:error=EINTR:when=2..4", 7), (std::vector<uint64_t>{2, 3, 4}));
  EXPECT_EQ(firing("read:error=EINTR:when=1..7+3", 9), (std::vector<uint64_t>{1, 4, 7}));
}

TEST(FaultInjection, ErrorsAreNegatedErrnosAndRetvalsAreTakenAsGiven) {
  FaultInjection injection;
  injection.add(rule("read:error=EAGAIN"));
  injection.add(rule("write:retval=3"));
  EXPECT_EQ(injection.on_call("read")->result, -11);
  EXPECT_EQ(injection.on_call("write")->result, 3);
  EXPECT_FALSE(injection.on_call("openat"));
}

TEST(FaultInjection, NumbersNameSyscallsAndKernelFunctionsNeedNoError) {
  EXPECT_TRUE(rule("0,1:error=5").targets.contains("write"));
  EXPECT_TRUE(rule("kmalloc:when=2").targets.contains("kmalloc"));
  EXPECT_TRUE(rule("copy_from_user").targets.contains("copy_from_user"));
  EXPECT_EQ(rule("read:signal=SIGUSR1").signal, abi::LinuxSignal::kSigUsr1);
  EXPECT_EQ(rule("read:signal=USR2:error=1").signal, abi::LinuxSignal::kSigUsr2);
}

TEST(FaultInjection, BadSpecsSayWhatIsWrong) {
  const auto error = [](std::string_view spec) {
    auto parsed = parse(spec);
    return std::holds_alternative<std::string>(parsed) ? std::get<std::string>(parsed) : "";
  };
  EXPECT_NE(error("nosuch:error=EINTR").find("neither a syscall"), std::string::npos);
  EXPECT_NE(error("read").find("say what to inject"), std::string::npos);
  EXPECT_NE(error("read:error=EBOGUS").find("bad error"), std::string::npos);
  EXPECT_NE(error("read:error=EINTR:retval=1").find("exclude"), std::string::npos);
  EXPECT_NE(error("read:error=EINTR:when=0").find("bad when"), std::string::npos);
  EXPECT_NE(error("read:error=EINTR:when=5..2").find("bad when"), std::string::npos);
  EXPECT_NE(error("read:error=EINTR:colour=red").find("unknown inject option"), std::string::npos);
  EXPECT_NE(error("99:error=1").find("unknown syscall number 99"), std::string::npos);
  EXPECT_NE(error(":error=1").find("empty name"), std::string::npos);
}

TEST(FaultInjection, RulesAreBoundedSoSyscallsStayCheap) {
  FaultInjection injection;
  for (size_t i = 0; i < FaultInjection::kMaxRules; ++i)
    EXPECT_TRUE(injection.add(rule("read:error=EINTR")));
  EXPECT_FALSE(injection.add(rule("read:error=EINTR")));
  EXPECT_EQ(injection.rules().size(), FaultInjection::kMaxRules);
}

}  // namespace
}  // namespace lstar::kernel
