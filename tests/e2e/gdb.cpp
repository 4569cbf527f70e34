#include "gdb.h"

#include <gtest/gtest.h>

#include <regex>

#include "subprocess.h"

namespace lstar::e2e {
namespace {

std::string escape_regex(const std::string& text) {
  static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
  return std::regex_replace(text, special, R"(\$&)");
}

}  // namespace

std::string run_gdb(int port, const std::vector<std::string>& commands, const GdbOptions& options) {
  std::vector<std::string> argv = {LSTAR_GDB, "-nx", "-batch",
                                   // No network lookups for debug info.
                                   "-iex", "set debuginfod enabled off"};
  if (!options.local_file.empty()) argv.push_back(options.local_file);
  for (const std::string& command :
       {std::string("set confirm off"), std::string("set width 0"),
        std::string(options.extended_remote ? "target extended-remote" : "target remote") +
            " 127.0.0.1:" + std::to_string(port)}) {
    argv.push_back("-ex");
    argv.push_back(command);
  }
  for (const std::string& command : commands) {
    argv.push_back("-ex");
    argv.push_back(command);
  }

  ProcessResult result =
      run_process(argv, std::chrono::duration_cast<std::chrono::milliseconds>(options.timeout));
  if (result.timed_out)
    ADD_FAILURE() << "gdb did not finish within " << options.timeout.count()
                  << " s; output so far:\n"
                  << result.output;
  else if (result.term_signal != 0)
    ADD_FAILURE() << "gdb died of signal " << result.term_signal << "; output:\n" << result.output;
  else if (result.exit_code == 127 && result.output.find("lstar-e2e: cannot execute") == 0)
    ADD_FAILURE() << "gdb could not be started (install it: bash scripts/install-deps.sh): "
                  << result.output;
  return result.output;
}

std::string mark(const std::string& name) {
  return "echo @@" + name + "\\n";
}

std::string section(const std::string& output, const std::string& from, const std::string& to) {
  const std::string start_marker = "@@" + from + "\n";
  size_t start = output.find(start_marker);
  if (start == std::string::npos) return "";
  start += start_marker.size();
  if (to.empty()) return output.substr(start);
  size_t end = output.find("@@" + to + "\n", start);
  return output.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

bool has_register(const std::string& output, const std::string& name, const std::string& hex,
                  const std::string& natural) {
  // gdb pads the columns with spaces; a line starts with the register name.
  return contains_regex(output, "(^|\\n)" + escape_regex(name) + "\\s+" + escape_regex(hex) +
                                    "\\s+" + escape_regex(natural) + "\\s*(\\n|$)");
}

bool contains_regex(const std::string& text, const std::string& pattern) {
  return std::regex_search(text, std::regex(pattern));
}

}  // namespace lstar::e2e
