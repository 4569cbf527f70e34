// The whole-program differential suite: every program in tests/programs/,
// at every optimisation level, run natively and under `lstar run` with the
// same argv and the same explicit environment. stdout, stderr and the exit
// status must be byte-identical.
//
// What "the same" means for a fatal signal: natively the process dies with
// signal N and the shell prints the signal's name; `lstar run` exits with
// 128 + N and prints that line itself (as documented in `lstar run --help`).
// So a native death by signal N is expected as status 128 + N with
// strsignal(N) appended to stderr.
//
// The guest environment pins glibc's ifunc choices on the native side to
// what lstar's CPU offers (an SSE2/SSE3 qemu64-like CPU, see
// cpu/cpuid_model.cpp): on a host with FMA/AVX2, glibc's libm picks the
// __exp_fma, __sin_fma ... variants, whose results differ from the SSE2
// ones in the last bit for some inputs, and that would be a difference of
// the host, not of lstar. GLIBC_TUNABLES masks those features natively; it
// changes nothing under lstar, which does not offer them anyway.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "run_capture.h"

namespace lstar::programs {
namespace {

using namespace std::chrono_literals;

const std::vector<std::string>& guest_environment() {
  static const std::vector<std::string> env = {
      "HOME=/home/lstar-test",
      "PATH=/usr/local/bin:/usr/bin:/bin",
      "LANG=C",
      "LSTAR_TEST_GREETING=hello, world = 42 \xc3\xa9t\xc3\xa9",
      "LSTAR_TEST_EMPTY=",
      "GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX,-AVX2,-FMA,-FMA4,-AVX512F,-AVX512VL,-AVX512BW,"
      "-AVX512DQ,-SSSE3,-SSE4_1,-SSE4_2,-POPCNT,-BMI1,-BMI2,-LZCNT,-MOVBE,-ERMS,-FSRM,-F16C",
  };
  return env;
}

struct Case {
  std::string name;     // the test name: program[_variant]_level
  std::string binary;   // file name in LSTAR_GUEST_DIR
  std::vector<std::string> args;
};

// What gtest prints for a case (test listings, failures).
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

// Programs that run more than once, with different arguments.
const std::map<std::string, std::vector<std::pair<std::string, std::vector<std::string>>>>&
variants() {
  static const std::map<std::string, std::vector<std::pair<std::string, std::vector<std::string>>>>
      v = {
          // Exit statuses: return 3 from main, exit(42), abort() (SIGABRT,
          // 134), _exit(5) without handlers, and falling off main.
          {"jumps_ctors",
           {{"return", {"return"}},
            {"exit", {"exit"}},
            {"abort", {"abort"}},
            {"_exit", {"_exit"}},
            {"fallthrough", {}}}},
          // Arguments with spaces, an empty one, and the exit status in the last.
          {"env_args", {{"", {"first", "second arg with spaces", "", "--flag=value", "7"}}}},
      };
  return v;
}

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  for (const std::string& level : split(LSTAR_DIFF_LEVELS)) {
    for (const std::string& program : split(LSTAR_DIFF_PROGRAMS)) {
      const std::string binary = "diff_" + program + "_" + level;
      auto it = variants().find(program);
      if (it == variants().end()) {
        cases.push_back({program + "_" + level, binary, {}});
        continue;
      }
      for (const auto& [variant, args] : it->second) {
        std::string name = program + (variant.empty() ? "" : "_" + variant) + "_" + level;
        cases.push_back({name, binary, args});
      }
    }
  }
  cases.push_back({std::string(LSTAR_DIFF_PIE_PROGRAM) + "_O2_pie",
                   "diff_" + std::string(LSTAR_DIFF_PIE_PROGRAM) + "_O2_pie",
                   {}});
  return cases;
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.name;
  for (char& c : name)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::vector<std::string> lstar_argv(const std::string& program,
                                    const std::vector<std::string>& args, bool dmesg) {
  std::vector<std::string> argv = {LSTAR_BINARY, "run"};
  if (dmesg) argv.push_back("--dmesg");
  argv.push_back("--clear-env");
  for (const std::string& kv : guest_environment()) {
    argv.push_back("-E");
    argv.push_back(kv);
  }
  argv.push_back("--");
  argv.push_back(program);
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

std::string describe_status(const Captured& c) {
  if (c.timed_out) return "timed out";
  if (c.term_signal) return "killed by signal " + std::to_string(c.term_signal);
  return "exit status " + std::to_string(c.status);
}

// The kernel log and lstar's own messages from a second run with --dmesg:
// what follows the guest's stderr.
std::string dmesg_tail(const std::string& program, const std::vector<std::string>& args,
                       const std::string& guest_stderr) {
  Captured again = run_capture(lstar_argv(program, args, true), current_environment(), 100s);
  std::string log = again.err;
  if (log.compare(0, guest_stderr.size(), guest_stderr) == 0) log.erase(0, guest_stderr.size());
  // The interesting lines are the last ones; keep at most 40.
  size_t pos = log.size();
  for (int lines = 0; lines < 41 && pos != std::string::npos && pos > 0; ++lines)
    pos = log.rfind('\n', pos - 1);
  if (pos != std::string::npos && pos > 0) log = "...\n" + log.substr(pos + 1);
  return log;
}

class Program : public ::testing::TestWithParam<Case> {};

TEST_P(Program, MatchesNative) {
  const Case& c = GetParam();
  const std::string program = std::string(LSTAR_GUEST_DIR) + "/" + c.binary;

  std::vector<std::string> native_argv = {program};
  native_argv.insert(native_argv.end(), c.args.begin(), c.args.end());
  const Captured native = run_capture(native_argv, guest_environment(), 30s);
  ASSERT_FALSE(native.timed_out) << program << " timed out natively";
  ASSERT_NE(native.status, 127) << program << " could not run natively: " << native.err;
  std::string expected_err = native.err;
  if (native.term_signal) expected_err += std::string(strsignal(native.term_signal)) + "\n";

  const auto started = std::chrono::steady_clock::now();
  const Captured sim = run_capture(lstar_argv(program, c.args, false), current_environment(), 100s);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  RecordProperty("lstar_seconds", std::to_string(seconds));

  std::string reproduce = "lstar run --dmesg --clear-env";
  for (const std::string& kv : guest_environment()) reproduce += " -E " + shell_quote(kv);
  reproduce += " -- " + program;
  for (const std::string& a : c.args) reproduce += " " + shell_quote(a);

  const std::string out_diff = first_difference(native.out, sim.out);
  const std::string err_diff = first_difference(expected_err, sim.err);
  const bool same = !sim.timed_out && sim.status == native.status && out_diff.empty() &&
                    err_diff.empty();
  EXPECT_FALSE(sim.timed_out) << "lstar run timed out after " << seconds << " s";
  EXPECT_EQ(sim.status, native.status)
      << "native: " << describe_status(native) << ", lstar: " << describe_status(sim);
  EXPECT_TRUE(out_diff.empty()) << "stdout differs: " << out_diff;
  EXPECT_TRUE(err_diff.empty()) << "stderr differs: " << err_diff;
  if (!same) {
    ADD_FAILURE() << "reproduce with:\n  " << reproduce << "\nkernel log (--dmesg):\n"
                  << dmesg_tail(program, c.args, sim.err);
  }
}

INSTANTIATE_TEST_SUITE_P(Differential, Program, ::testing::ValuesIn(all_cases()), case_name);

}  // namespace
}  // namespace lstar::programs
