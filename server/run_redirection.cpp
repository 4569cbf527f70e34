#include "server/run_redirection.h"

#include <fmt/format.h>

#include "server/log_text.h"

namespace lstar::server {
namespace {

// Words a shell would take as an output redirection or a pipe.
bool needs_a_shell(const std::string& word) {
  if (word.empty()) return false;
  if (word[0] == '>' || word[0] == '|') return true;
  // 2>err, 2>&1, &>out
  const size_t digits = word.find_first_not_of("0123456789&");
  return digits != std::string::npos && digits > 0 && word[digits] == '>';
}

}  // namespace

std::variant<RunRedirection, std::string> split_run_redirection(
    const std::vector<std::string>& arguments) {
  RunRedirection out;
  for (size_t i = 0; i < arguments.size(); ++i) {
    const std::string& word = arguments[i];
    if (i == 0) {  // the program's name is never a redirection
      out.arguments.push_back(word);
      continue;
    }
    if (word.starts_with("<") && !word.starts_with("<<")) {
      std::string file = word.substr(1);
      if (file.empty()) {
        if (i + 1 >= arguments.size()) return std::string("'<' without a file to read");
        file = arguments[++i];
      }
      if (out.input) return std::string("more than one '<' input redirection");
      out.input = std::move(file);
      continue;
    }
    if (word.starts_with("<<") || needs_a_shell(word))
      return fmt::format(
          "'{}': lstar starts no shell; only input redirection (run ARGS < FILE) is supported",
          escape_c(word));
    out.arguments.push_back(word);
  }
  return out;
}

}  // namespace lstar::server
