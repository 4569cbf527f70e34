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
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
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
      // A POSIX rule under a name no zoneinfo file has: glibc parses it and
      // reads no file (natively, /etc/localtime would be read without TZ).
      "TZ=ABC-3:30DEF,M3.5.0,M10.5.0/3",
      "GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX,-AVX2,-FMA,-FMA4,-AVX512F,-AVX512VL,-AVX512BW,"
      "-AVX512DQ,-SSSE3,-SSE4_1,-SSE4_2,-POPCNT,-BMI1,-BMI2,-LZCNT,-MOVBE,-ERMS,-FSRM,-F16C",
  };
  return env;
}

struct Case {
  std::string name;    // the test name: program[_variant]_level
  std::string binary;  // file name in LSTAR_GUEST_DIR
  std::vector<std::string> args;
  std::string stdin_text;  // fed to both runs; empty: /dev/null
  // Run lstar with the guest environment as its own environment and no
  // --clear-env (the default: the host environment passes through), and
  // the variables only lstar should see (sanitizer options, a marker)
  // removed with -U.
  bool inherit_env = false;
  bool sandbox = false;  // lstar run --sandbox: files in an in-memory working directory
};

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

// The input of stdin_filter: counted pairs, short and long lines, then a
// raw part with every byte value.
std::string filter_input() {
  std::string text = "5\n 12 0.5\n-7 1e3\n 2147483648 -0.25\n16 3.75\n99 2.5e-3\n";
  text += "first line\n";
  text += std::string(150, 'L') + "\n";  // longer than the program's fgets buffer
  text += "third\n";
  text += "the quick brown fox\n  jumps over\t the lazy dog  \n\n";
  for (int i = 0; i < 40; ++i) text += "line " + std::to_string(i * i) + " of text\n";
  text += "no newline at the end of this one, then the raw part\n--raw--\n";
  for (int i = 0; i < 20000; ++i) text += static_cast<char>((i * 7 + i / 256) & 0xff);
  return text;
}

// Programs that run more than once, with different arguments.
const std::map<std::string, std::vector<std::pair<std::string, std::vector<std::string>>>>&
variants() {
  static const std::map<std::string, std::vector<std::pair<std::string, std::vector<std::string>>>>
      v = {
          // Fatal signals: SIGSEGV (NULL, read-only page, code, stack
          // overflow), SIGILL, SIGFPE, and signals the program sends itself.
          {"faults",
           {{"null", {"null"}},
            {"minus1", {"minus1"}},
            {"minus8", {"minus8"}},
            {"minus16", {"minus16"}},
            {"noncanonical", {"noncanonical"}},
            {"readonly", {"readonly"}},
            {"text", {"text"}},
            {"ud2", {"ud2"}},
            {"div0", {"div0"}},
            {"divmin", {"divmin"}},
            {"sigterm", {"sigterm"}},
            {"sigkill", {"sigkill"}},
            {"stack", {"stack"}}}},
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

Case make_case(std::string name, std::string binary, std::vector<std::string> args = {}) {
  Case c;
  c.name = std::move(name);
  c.binary = std::move(binary);
  c.args = std::move(args);
  return c;
}

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  for (const std::string& level : split(LSTAR_DIFF_LEVELS)) {
    for (const std::string& program : split(LSTAR_DIFF_PROGRAMS)) {
      const std::string binary = "diff_" + program + "_" + level;
      auto it = variants().find(program);
      if (it == variants().end()) {
        cases.push_back(make_case(program + "_" + level, binary));
        if (program == "stdin_filter") cases.back().stdin_text = filter_input();
        // Files: natively in the test's directory, under lstar in its own.
        if (program == "file_ops") cases.back().sandbox = true;
        continue;
      }
      for (const auto& [variant, args] : it->second) {
        std::string name = program + (variant.empty() ? "" : "_" + variant) + "_" + level;
        cases.push_back(make_case(name, binary, args));
      }
    }
    // The environment passed through from lstar's own (no --clear-env).
    cases.push_back(
        make_case("env_args_inherited_" + level, "diff_env_args_" + level, {"inherited", "0"}));
    cases.back().inherit_env = true;
  }
  const std::string pie = LSTAR_DIFF_PIE_PROGRAM;
  cases.push_back(make_case(pie + "_O2_pie", "diff_" + pie + "_O2_pie"));
  return cases;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Variables of the test process that lstar itself may need (sanitizer
// settings) but the guest must not see, in the inherit_env cases.
std::vector<std::string> host_only_variables() {
  std::vector<std::string> out;
  for (const std::string& kv : current_environment()) {
    const std::string name = kv.substr(0, kv.find('='));
    if (name.ends_with("SAN_OPTIONS") || name.rfind("LSTAR_", 0) == 0) out.push_back(kv);
  }
  out.push_back("LSTAR_TEST_REMOVED=this must not reach the guest");
  return out;
}

// `lstar run` and its environment for a case.
struct LstarCommand {
  std::vector<std::string> argv;
  std::vector<std::string> env;
};

LstarCommand lstar_command(const Case& c, const std::string& program, bool dmesg) {
  LstarCommand cmd;
  cmd.argv = {LSTAR_BINARY, "run"};
  if (dmesg) cmd.argv.push_back("--dmesg");
  if (c.sandbox) cmd.argv.push_back("--sandbox");
  if (c.inherit_env) {
    cmd.env = guest_environment();
    for (const std::string& kv : host_only_variables()) {
      cmd.env.push_back(kv);
      cmd.argv.push_back("-U");
      cmd.argv.push_back(kv.substr(0, kv.find('=')));
    }
  } else {
    cmd.env = current_environment();
    cmd.argv.push_back("--clear-env");
    for (const std::string& kv : guest_environment()) {
      cmd.argv.push_back("-E");
      cmd.argv.push_back(kv);
    }
  }
  cmd.argv.push_back("--");
  cmd.argv.push_back(program);
  cmd.argv.insert(cmd.argv.end(), c.args.begin(), c.args.end());
  return cmd;
}

std::string describe_status(const Captured& c) {
  if (c.timed_out) return "timed out";
  if (c.term_signal) return "killed by signal " + std::to_string(c.term_signal);
  return "exit status " + std::to_string(c.status);
}

// The last lines of the kernel log from a second run with --dmesg (what
// follows the guest's own stderr).
std::string dmesg_tail(const LstarCommand& cmd, const std::string& stdin_path,
                       const std::string& guest_stderr) {
  const Captured again = run_capture(cmd.argv, cmd.env, 100s, stdin_path);
  std::string log = again.err;
  if (log.compare(0, guest_stderr.size(), guest_stderr) == 0) log.erase(0, guest_stderr.size());
  size_t pos = log.size();
  for (int lines = 0; lines < 41 && pos != std::string::npos && pos > 0; ++lines)
    pos = log.rfind('\n', pos - 1);
  if (pos != std::string::npos && pos > 0) log = "...\n" + log.substr(pos + 1);
  return log;
}

// A file holding `text` for the life of the object ("" and no file for
// empty text: the runs then read /dev/null).
class StdinFile {
 public:
  explicit StdinFile(const std::string& text) {
    if (text.empty()) return;
    const char* tmpdir = std::getenv("TMPDIR");
    std::string pattern = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/lstar-stdin-XXXXXX";
    const int fd = mkstemp(pattern.data());
    if (fd < 0) throw std::runtime_error("cannot create " + pattern);
    path_ = pattern;
    const bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    close(fd);
    if (!ok) throw std::runtime_error("cannot write " + path_);
  }
  ~StdinFile() {
    if (!path_.empty()) unlink(path_.c_str());
  }
  StdinFile(const StdinFile&) = delete;
  StdinFile& operator=(const StdinFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// One test per case, registered under its plain name (Differential.NAME),
// so that ctest lists "Differential.printf_conv_O2" and -R selects it.
class Differential : public ::testing::Test {
 public:
  explicit Differential(Case c) : c_(std::move(c)) {}
  void TestBody() override;

 private:
  Case c_;
};

void Differential::TestBody() {
  const Case& c = c_;
  const std::string program = std::string(LSTAR_GUEST_DIR) + "/" + c.binary;
  const StdinFile input(c.stdin_text);

  std::vector<std::string> native_argv = {program};
  native_argv.insert(native_argv.end(), c.args.begin(), c.args.end());
  const Captured native = run_capture(native_argv, guest_environment(), 30s, input.path());
  ASSERT_FALSE(native.timed_out) << program << " timed out natively";
  ASSERT_NE(native.status, 127) << program << " could not run natively: " << native.err;
  std::string expected_err = native.err;
  if (native.term_signal) expected_err += std::string(strsignal(native.term_signal)) + "\n";

  const LstarCommand cmd = lstar_command(c, program, false);
  const auto started = std::chrono::steady_clock::now();
  const Captured sim = run_capture(cmd.argv, cmd.env, 100s, input.path());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  RecordProperty("lstar_seconds", std::to_string(seconds));

  const std::string out_diff = first_difference(native.out, sim.out);
  const std::string err_diff = first_difference(expected_err, sim.err);
  EXPECT_FALSE(sim.timed_out) << "lstar run timed out after " << seconds << " s";
  EXPECT_EQ(sim.status, native.status)
      << "native: " << describe_status(native) << ", lstar: " << describe_status(sim);
  EXPECT_TRUE(out_diff.empty()) << "stdout differs: " << out_diff;
  EXPECT_TRUE(err_diff.empty()) << "stderr differs: " << err_diff;
  if (::testing::Test::HasFailure()) {
    const LstarCommand with_dmesg = lstar_command(c, program, true);
    std::string reproduce;
    if (c.inherit_env) {
      reproduce += "env -i";
      for (const std::string& kv : with_dmesg.env) reproduce += " " + shell_quote(kv);
      reproduce += " ";
    }
    for (const std::string& a : with_dmesg.argv) reproduce += shell_quote(a) + " ";
    if (!input.path().empty())
      reproduce += "< FILE (the text of filter_input() in programs_test.cpp)";
    ADD_FAILURE() << "reproduce with:\n  " << reproduce << "\nkernel log (--dmesg):\n"
                  << dmesg_tail(with_dmesg, input.path(), sim.err);
  }
}

const bool registered = [] {
  for (const Case& c : all_cases()) {
    ::testing::RegisterTest("Differential", c.name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                            [c]() -> ::testing::Test* { return new Differential(c); });
  }
  return true;
}();

}  // namespace
}  // namespace lstar::programs
