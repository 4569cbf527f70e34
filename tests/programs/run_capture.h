// Running a program to completion with stdout and stderr captured
// separately (the differential suite compares each stream on its own), an
// explicit environment, stdin from /dev/null, and a timeout.
//
// tests/e2e/subprocess.h captures the two streams interleaved, which is
// what a user sees in a terminal; this suite needs them apart, so it has
// its own small runner on the same principles (own process group, killed
// on timeout, dies with the test process).
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace lstar::programs {

struct Captured {
  std::string out;      // everything written to fd 1
  std::string err;      // everything written to fd 2
  int status = -1;      // exit code, or 128 + N when signal N ended it
  int term_signal = 0;  // N when a signal ended it, else 0
  bool timed_out = false;
};

// Runs argv[0] (a path, not searched in PATH) with exactly `env` as its
// environment and stdin from `stdin_path` ("" for /dev/null). A program
// that cannot be started gives status 127 and the reason in `err`.
Captured run_capture(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                     std::chrono::milliseconds timeout, const std::string& stdin_path = "");

// The environment of this (test) process, for running lstar itself.
std::vector<std::string> current_environment();

// "" when the texts are equal; otherwise a readable description of the
// first difference: line and column, the line before it, the differing
// line of each (escaped), and both sizes.
std::string first_difference(const std::string& expected, const std::string& actual,
                             const std::string& expected_label = "native",
                             const std::string& actual_label = "lstar");

}  // namespace lstar::programs
