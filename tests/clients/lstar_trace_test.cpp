// lstar-trace end to end: the real binary against real `lstar serve`
// processes, its output checked line by line.
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "test_support.h"

namespace lstar::clients_test {
namespace {

class LstarTraceTest : public ::testing::Test {
 protected:
  // lstar-trace OPTIONS... HOST:PORT against a server for `program`.
  ProcessResult trace_attached(const std::vector<std::string>& options,
                               const std::vector<std::string>& program = {}) {
    server_ = std::make_unique<LstarServer>(program);
    std::vector<std::string> argv = {trace_binary()};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.push_back(server_->address());
    return run_process(argv);
  }

  // lstar-trace OPTIONS... --server lstar -- GUEST
  ProcessResult trace_started(const std::vector<std::string>& options, const std::string& guest,
                              const std::vector<std::string>& guest_args = {}) {
    std::vector<std::string> argv = {trace_binary(), "--server", lstar_binary()};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.push_back("--");
    argv.push_back(guest_path(guest));
    argv.insert(argv.end(), guest_args.begin(), guest_args.end());
    return run_process(argv);
  }

  static void expect_line(const ProcessResult& r, const std::string& line) {
    const auto lines = split_lines(r.err);
    EXPECT_NE(std::find(lines.begin(), lines.end(), line), lines.end())
        << "missing line: " << line << "\n---- trace ----\n"
        << r.err;
  }

  static void expect_match(const ProcessResult& r, const std::string& pattern) {
    EXPECT_TRUE(std::regex_search(r.err, std::regex(pattern)))
        << "no line matches: " << pattern << "\n---- trace ----\n"
        << r.err;
  }

  std::unique_ptr<LstarServer> server_;
};

TEST_F(LstarTraceTest, DemoInStraceFormat) {
  const ProcessResult r = trace_attached({});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  expect_line(r, "hello(42)                               = 0");
  expect_match(r, "\nmemcpy\\(0x[0-9a-f]+, 0x[0-9a-f]+, 40\\) += 0\n");
  expect_match(r, "\ncaesar\\(\"Hello, World!\", 0x[0-9a-f]+, 0, 3\\) = 13\n");
  expect_match(r, "\ncaesar\\(\"Khoor, Zruog!\", 0x[0-9a-f]+, 1, 3\\) = 13\n");
  expect_line(r, "write(1, \"hello(42)\", 9)                = 9");
  expect_line(r, "exit_group(0)                           = ?");
  expect_line(r, "+++ exited with 0 +++");
  // The program's own output goes to stdout.
  EXPECT_NE(r.out.find("caesar decrypt returned 13: Hello, World!"), std::string::npos) << r.out;
}

TEST_F(LstarTraceTest, TraceFilterByNameAndNumber) {
  const ProcessResult r = trace_attached({"-e", "trace=hello,439"});
  EXPECT_EQ(r.exit_code, 0);
  const auto lines = split_lines(r.err);
  ASSERT_EQ(lines.size(), 3u) << r.err;
  EXPECT_EQ(lines[0], "hello(42)                               = 0");
  EXPECT_TRUE(lines[1].starts_with("memcpy(")) << lines[1];
  EXPECT_EQ(lines[2], "+++ exited with 0 +++");
}

TEST_F(LstarTraceTest, DecodesErrorsStringsAndTheLabSyscalls) {
  const ProcessResult r = trace_started({}, "clients_trace_workout");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  expect_line(r,
              "openat(AT_FDCWD, \"/nope\", O_RDONLY)     = -1 ENOENT (No such file or directory)");
  expect_line(r, "write(1, \"0123456789abcdefghijklmnopqrstuv\"..., 37) = 37");
  expect_line(r, "write(1, \"tab\\there \\\"quoted\\\" back\\\\slash \\1\\377\\n\", 32) = 32");
  expect_line(r, "close(-1)                               = -1 EBADF (Bad file descriptor)");
  expect_line(r, "hello(7)                                = 0");
  expect_line(r, "memcpy(0x10, 0x10, 8)                   = -1 EFAULT (Bad address)");
  expect_line(r, "exit_group(3)                           = ?");
  expect_line(r, "+++ exited with 3 +++");
  expect_match(r, "\ngetppid\\(\\) += [0-9]+\n");
  expect_match(r, "\nlseek\\(1, 0, SEEK_CUR\\) += ");
}

TEST_F(LstarTraceTest, StringOptions) {
  const ProcessResult r = trace_started({"-s", "64", "-e", "trace=write"}, "clients_trace_workout");
  expect_line(r, "write(1, \"0123456789abcdefghijklmnopqrstuvwxyz\\n\", 37) = 37");
  const ProcessResult s = trace_started({"-s", "5", "-e", "trace=write"}, "clients_trace_workout");
  expect_line(s, "write(1, \"tab\\th\"..., 32)               = 32");
  const ProcessResult x = trace_started({"-x", "-e", "trace=write"}, "clients_trace_workout");
  expect_line(x, "write(1, \"0123456789abcdefghijklmnopqrstuv\"..., 37) = 37");
  expect_match(x, "write\\(1, \"\\\\x74\\\\x61\\\\x62\\\\x09");
  const ProcessResult xx = trace_started({"-xx", "-e", "trace=openat"}, "clients_trace_workout");
  expect_line(xx,
              "openat(AT_FDCWD, \"\\x2f\\x6e\\x6f\\x70\\x65\", O_RDONLY) = -1 ENOENT (No such file "
              "or directory)");
}

TEST_F(LstarTraceTest, VirtualTimeIsReproducible) {
  const ProcessResult first = trace_attached({"-tt", "-T", "-e", "trace=hello,memcpy"});
  const ProcessResult second = trace_attached({"-tt", "-T", "-e", "trace=hello,memcpy"});
  EXPECT_EQ(first.err, second.err);
  expect_match(first, "^00:00:01\\.[0-9]{6} hello\\(42\\) += 0 <0\\.[0-9]{6}>\n");
}

TEST_F(LstarTraceTest, SummaryTable) {
  const ProcessResult r = trace_attached({"-c"});
  EXPECT_EQ(r.exit_code, 0);
  expect_line(r, "% time     seconds  usecs/call     calls    errors syscall");
  expect_match(r, "\n *[0-9.]+ +[0-9.]+ +[0-9]+ +28 +write\n");
  expect_match(r, "\n *[0-9.]+ +[0-9.]+ +[0-9]+ +2 +caesar\n");
  expect_match(r, "\n100\\.00 +[0-9.]+ +[0-9]+ +33 +total\n");
  EXPECT_EQ(r.err.find("exited"), std::string::npos);
}

TEST_F(LstarTraceTest, OutputFile) {
  const std::string path = ::testing::TempDir() + "lstar_trace_output.txt";
  const ProcessResult r = trace_attached({"-o", path, "-e", "trace=hello"});
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(read_file(path),
            "hello(42)                               = 0\n+++ exited with 0 +++\n");
  std::filesystem::remove(path);
}

TEST_F(LstarTraceTest, FatalSignal) {
  const ProcessResult r = trace_started({}, "nostdlib_segv");
  EXPECT_EQ(r.exit_code, 128 + 11);
  expect_match(r, "\n--- SIGSEGV \\{si_signo=SIGSEGV[,}].* ---\n");
  expect_line(r, "+++ killed by SIGSEGV +++");
}

// Signals whose Linux and gdb numbers differ: killed by SIGUSR1 is exit
// status 138 and "+++ killed by SIGUSR1 +++", as strace says (lstar once
// said SIGBUS and 135).
TEST_F(LstarTraceTest, DeathBySignalsWhoseGdbNumberDiffers) {
  const std::vector<std::pair<std::string, std::pair<std::string, int>>> cases = {
      {"usr1", {"SIGUSR1", 10}}, {"usr2", {"SIGUSR2", 12}}, {"bus", {"SIGBUS", 7}}};
  for (const auto& [mode, expected] : cases) {
    const ProcessResult r = trace_started({"-e", "trace=kill"}, "signal_death", {mode});
    EXPECT_EQ(r.exit_code, 128 + expected.second) << mode;
    expect_line(r, "+++ killed by " + expected.first + " +++");
  }
}

// As strace's tracee does, the program reads lstar-trace's own stdin: its
// output is the native run's on the same input, and the trace shows the
// reads.
TEST_F(LstarTraceTest, TheProgramReadsLstarTracesStdin) {
  const std::string input =
      ::testing::TempDir() + "lstar_trace_stdin_" + std::to_string(::getpid()) + ".txt";
  std::ofstream(input) << "one\ntwo\nthree\n";
  const ProcessResult native =
      run_process({guest_path("input_reader")}, std::chrono::seconds(20), input);
  ASSERT_EQ(native.exit_code, 0) << native.err;
  ASSERT_NE(native.out.find("stdin lines: 3"), std::string::npos) << native.out;
  std::vector<std::string> argv = {trace_binary(),
                                   "--server",
                                   lstar_binary(),
                                   "-e",
                                   "trace=read",
                                   "--",
                                   guest_path("input_reader")};
  const ProcessResult traced = run_process(argv, std::chrono::seconds(20), input);
  EXPECT_EQ(traced.exit_code, 0) << traced.err;
  EXPECT_EQ(traced.out, native.out) << traced.err;
  expect_match(traced, R"(read\(0, "one\\ntwo\\nthree\\n", \d+\)\s+= 14)");
  std::remove(input.c_str());
}

TEST_F(LstarTraceTest, UsageErrors) {
  EXPECT_EQ(run_process({trace_binary()}).exit_code, 2);
  EXPECT_EQ(run_process({trace_binary(), "--help"}).exit_code, 0);
  const ProcessResult bad = trace_attached({"-e", "trace=nosuchcall"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("invalid system call 'nosuchcall'"), std::string::npos) << bad.err;
  const ProcessResult missing =
      run_process({trace_binary(), "--server", lstar_binary(), "--", "/nonexistent/prog"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("lstar serve did not start"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace lstar::clients_test

namespace lstar::clients_test {
namespace {

// SIGTERM (or Ctrl-C) while tracing a program that would run for minutes:
// lstar-trace interrupts it, detaches, stops the lstar serve it started
// and exits with 128 + SIGINT, in both modes.
class TraceSignalTest : public ::testing::TestWithParam<std::string> {};

TEST_P(TraceSignalTest, SigtermStopsTracingAndTheServerItStarted) {
  // One file per mode and process: ctest runs the two modes at once.
  const std::string output = ::testing::TempDir() + "lstar_trace_sigterm" + GetParam() + "." +
                             std::to_string(getpid()) + ".txt";
  const std::string script = trace_binary() + " " + GetParam() + " -o " + output + " --server " +
                             lstar_binary() + " -- " + guest_path("clients_getppid_loop") +
                             " 1000000000 & p=$!\n"
                             "for i in $(seq 100); do [ -s " +
                             output +
                             " ] && break; sleep 0.1; done\n"
                             "c=$(cat /proc/$p/task/$p/children)\n"
                             "kill -TERM $p; wait $p; echo \"rc=$? server=$c\"\n"
                             "sleep 0.2; kill -0 $c 2>/dev/null && echo leaked\n"
                             "true\n";
  const ProcessResult r = run_process({"/bin/sh", "-c", script}, std::chrono::seconds(50));
  const std::string trace = read_file(output);
  std::filesystem::remove(output);
  EXPECT_FALSE(r.timed_out);
  EXPECT_NE(r.out.find("rc=130 server="), std::string::npos) << r.out << r.err;
  EXPECT_NE(r.err.find("lstar-trace: Process 1000 detached\n"), std::string::npos) << r.err;
  // Records that arrived before the stop are printed whole, never cut off.
  ASSERT_FALSE(trace.empty());
  EXPECT_TRUE(trace.ends_with("= 999\n"))
      << trace.substr(trace.size() - std::min<size_t>(trace.size(), 200));
  EXPECT_EQ(r.out.find("server=\n"), std::string::npos) << "no server child: " << r.out;
  EXPECT_EQ(r.out.find("leaked"), std::string::npos) << r.out;
}

INSTANTIATE_TEST_SUITE_P(BothModes, TraceSignalTest, ::testing::Values("--stream", "--no-stream"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           return param.param == "--stream" ? "Fast" : "Standard";
                         });

}  // namespace
}  // namespace lstar::clients_test
