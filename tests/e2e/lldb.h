// Driving stock lldb in batch mode against a server, as gdb.h does for gdb.
#pragma once

#include <string>
#include <vector>

namespace lstar::e2e {

// The lldb executable found at configure time; empty when there is none
// (scripts/install-deps.sh installs it when it can).
std::string lldb_executable();

// Runs
//   lldb --no-lldbinit -b [LOCAL_FILE] -o 'gdb-remote 127.0.0.1:PORT' -o COMMAND...
// and returns everything it printed. lldb's batch mode stops at the first
// failing command. A timeout or a crash is a test failure.
std::string run_lldb(int port, const std::vector<std::string>& commands,
                     const std::string& local_file = "");

}  // namespace lstar::e2e
