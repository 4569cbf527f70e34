// Driving stock gdb in batch mode against a server, the way a student or an
// autograder does.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace lstar::e2e {

struct GdbOptions {
  // The guest executable gdb loads as its local file (symbols, `break
  // compute_checksum`); empty: none, as in the command line.
  std::string local_file;
  std::chrono::seconds timeout{60};
  // `target extended-remote` (run, kill, remote put ...) instead of
  // `target remote`.
  bool extended_remote = false;
};

// Runs
//   gdb -nx -batch [LOCAL_FILE] -ex 'set confirm off'
//       -ex 'target [extended-]remote 127.0.0.1:PORT' -ex COMMAND...
// and returns everything it printed (stdout and stderr). gdb carries on
// after a failing command, so one session can check an error and then that
// the connection still works. A timeout or a gdb crash is reported as a test
// failure (the output so far is still returned).
std::string run_gdb(int port, const std::vector<std::string>& commands,
                    const GdbOptions& options = {});

// A command that prints a marker line, to cut gdb's output into sections:
// mark("entry") is `echo @@entry\n`.
std::string mark(const std::string& name);

// The text after mark(from) up to mark(to) (or the end when `to` is empty);
// empty when `from` was never printed.
std::string section(const std::string& output, const std::string& from, const std::string& to = "");

// Whether gdb's `info registers` output has a line `NAME  HEX  NATURAL`,
// e.g. has_register(out, "orig_rax", "0x224", "548").
bool has_register(const std::string& output, const std::string& name, const std::string& hex,
                  const std::string& natural);

// Whether `text` matches the ECMAScript regular expression `pattern` anywhere.
bool contains_regex(const std::string& text, const std::string& pattern);

}  // namespace lstar::e2e
