#include "server/run_target.h"

#include <fmt/format.h>

#include "server/log_text.h"

namespace lstar::server {

std::variant<std::shared_ptr<const ProgramImage>, std::string> resolve_run_target(
    const std::vector<std::string>& arguments, const std::shared_ptr<const ProgramImage>& served,
    const UploadSandbox& sandbox) {
  const std::string filename = arguments.empty() ? std::string() : arguments.front();
  const std::vector<std::string> args =
      arguments.size() > 1 ? std::vector<std::string>(arguments.begin() + 1, arguments.end())
                           : std::vector<std::string>{};
  auto program = std::make_shared<ProgramImage>();
  if (const std::optional<std::string> name = sandbox.normalize(filename)) {
    if (SandboxFilePtr upload = sandbox.find(*name)) {
      program->path = *name;
      program->bytes = upload->bytes;  // a copy: the upload may change or go
      program->args = args;
      return std::shared_ptr<const ProgramImage>(std::move(program));
    }
  }
  if (served && (filename.empty() || filename == served->path)) {
    if (filename.empty() && args.empty()) return served;
    *program = *served;
    program->args = args;
    return std::shared_ptr<const ProgramImage>(std::move(program));
  }
  if (!served && filename.empty()) return std::string("no program to run: upload one first");
  return fmt::format(
      "'{}' is neither lstar serve's program nor a file uploaded on this "
      "connection (remote put)",
      escape_c(filename));
}

}  // namespace lstar::server
