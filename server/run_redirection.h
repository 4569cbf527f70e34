// The shell redirections in a vRun's arguments. gdb's `run ARGS < FILE`
// (startup-with-shell on, gdb's default) sends the words of the command
// line as they are, "<" and "FILE" among them (or "<FILE"), for
// gdbserver's shell to act on; lstar starts no shell, so it takes the
// input redirection out itself. Output redirections and pipes would need
// a shell: they are refused, not passed to the program as arguments.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace lstar::server {

struct RunRedirection {
  std::vector<std::string> arguments;  // [filename, arg1, ...] without the redirection
  std::optional<std::string> input;    // the file after "<"
};

// `arguments` as vRun carries them: [filename, arg1, ...]. Returns the
// split or a message saying why the command line cannot be run.
std::variant<RunRedirection, std::string> split_run_redirection(
    const std::vector<std::string>& arguments);

}  // namespace lstar::server
