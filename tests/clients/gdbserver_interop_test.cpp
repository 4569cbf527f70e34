// lstar-trace speaks only standard RSP, so it traces a native program under
// stock gdbserver too; its lines must match strace's for the same program.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>

#include "test_support.h"

namespace lstar::clients_test {
namespace {

// Values that legitimately differ between the two runs: addresses (ASLR,
// environment size), process ids, random bytes.
const std::set<std::string> kNondeterministic = {"getrandom", "set_tid_address", "getpid",
                                                 "getppid",   "gettid",          "execve"};

// strace -f -o prefixes each line with the pid, which also shifts the
// column of " = "; both are dropped before comparing.
std::string normalize(const std::string& line) {
  static const std::regex kPid("^[0-9]+ +");
  static const std::regex kAddress("0x[0-9a-f]{5,}");
  static const std::regex kPadding("\\) +(= [^=]*)$");
  std::string out = std::regex_replace(line, kPid, "");
  out = std::regex_replace(out, kAddress, "0xADDR");
  return std::regex_replace(out, kPadding, ") $1");
}

std::string syscall_name(const std::string& line) {
  static const std::regex kCall("^(?:[0-9]+ +)?([a-z_0-9]+)\\(");
  std::smatch match;
  return std::regex_search(line, match, kCall) ? std::string(match[1]) : std::string();
}

// The syscall lines of a trace, normalized, for the syscalls in `names`.
std::vector<std::string> syscall_lines(const std::string& trace,
                                       const std::set<std::string>& names) {
  std::vector<std::string> out;
  for (const std::string& line : split_lines(trace)) {
    if (names.contains(syscall_name(line))) out.push_back(normalize(line));
  }
  return out;
}

std::set<std::string> names_in(const std::string& trace) {
  std::set<std::string> names;
  for (const std::string& line : split_lines(trace)) {
    const std::string name = syscall_name(line);
    if (!name.empty() && !kNondeterministic.contains(name)) names.insert(name);
  }
  return names;
}

TEST(GdbserverInterop, SameSyscallLinesAsStrace) {
  if (gdbserver_binary().empty() || strace_binary().empty())
    GTEST_SKIP() << "needs gdbserver and strace (scripts/install-deps.sh installs both)";
  const std::string program = guest_path("clients_interop_program");

  const std::string strace_out = ::testing::TempDir() + "interop_strace.txt";
  const ProcessResult native = run_process(
      {"/bin/sh", "-c",
       strace_binary() + " -f -qq -o " + strace_out + " " + program + " >/dev/null 2>/dev/null"});
  const std::string strace_trace = read_file(strace_out);
  std::filesystem::remove(strace_out);
  if (strace_trace.find("execve(") == std::string::npos)
    GTEST_SKIP() << "strace cannot trace here (ptrace not permitted?): " << native.err;

  std::unique_ptr<Gdbserver> gdbserver;
  try {
    gdbserver = std::make_unique<Gdbserver>(std::vector<std::string>{program});
  } catch (const std::runtime_error& e) {
    GTEST_SKIP() << "gdbserver cannot debug here: " << e.what();
  }
  const ProcessResult traced = run_process({trace_binary(), gdbserver->address()});
  EXPECT_EQ(traced.exit_code, 7) << traced.err;

  std::set<std::string> common;
  const std::set<std::string> ours = names_in(traced.err);
  for (const std::string& name : names_in(strace_trace)) {
    if (ours.contains(name)) common.insert(name);
  }
  // At least the program's own syscalls, beyond glibc's start-up.
  for (const char* name : {"openat", "read", "lseek", "close", "mmap", "mprotect", "munmap",
                           "uname", "write", "access", "exit_group", "brk", "arch_prctl"})
    EXPECT_TRUE(common.contains(name)) << name << " missing from one of the traces\n"
                                       << "---- lstar-trace ----\n"
                                       << traced.err << "---- strace ----\n"
                                       << strace_trace;
  EXPECT_EQ(syscall_lines(traced.err, common), syscall_lines(strace_trace, common))
      << "---- lstar-trace ----\n"
      << traced.err << "---- strace ----\n"
      << strace_trace;
}

}  // namespace
}  // namespace lstar::clients_test
