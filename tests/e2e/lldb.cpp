#include "lldb.h"

#include <gtest/gtest.h>

#include <chrono>

#include "subprocess.h"

namespace lstar::e2e {

std::string lldb_executable() {
  return LSTAR_LLDB;
}

std::string run_lldb(int port, const std::vector<std::string>& commands,
                     const std::string& local_file) {
  std::vector<std::string> argv = {lldb_executable(), "--no-lldbinit", "-b"};
  if (!local_file.empty()) argv.push_back(local_file);
  argv.insert(argv.end(), {"-o", "gdb-remote 127.0.0.1:" + std::to_string(port)});
  for (const std::string& command : commands) argv.insert(argv.end(), {"-o", command});
  ProcessResult result = run_process(argv, std::chrono::seconds(60));
  if (result.timed_out)
    ADD_FAILURE() << "lldb did not finish within 60 s; output so far:\n" << result.output;
  else if (result.term_signal != 0)
    ADD_FAILURE() << "lldb died of signal " << result.term_signal << "; output:\n" << result.output;
  return result.output;
}

}  // namespace lstar::e2e
