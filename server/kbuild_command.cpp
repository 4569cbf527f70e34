// `lstar kbuild`: runs the host gcc with kernel flags and lstar's kernel
// headers (server/kbuild_options.h builds the command line).
#include <limits.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "server/command_line.h"
#include "server/commands.h"
#include "server/kbuild_options.h"

extern char** environ;

namespace lstar::server {
namespace {

// The host compiler: kbuild's flags are gcc's, whatever CC says.
constexpr const char* kGcc = "gcc";

struct SpawnResult {
  int status = 127;    // exit status, 128 + N for signal N, 127 if not started
  std::string error;   // why it could not be started
  std::string output;  // its stdout, when captured
};

// Runs argv (searched in PATH, no shell, so names with spaces stay whole)
// and waits. With `capture` its stdout is collected instead of inherited;
// its stderr is always ours, so gcc's diagnostics reach the user as gcc
// wrote them.
SpawnResult spawn_and_wait(const std::vector<std::string>& argv, bool capture) {
  SpawnResult result;
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  int out_pipe[2] = {-1, -1};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (capture) {
    if (pipe(out_pipe) != 0) {
      posix_spawn_file_actions_destroy(&actions);
      result.error = std::string("pipe: ") + std::strerror(errno);
      return result;
    }
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
    posix_spawn_file_actions_addclose(&actions, out_pipe[1]);
  }
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (capture) close(out_pipe[1]);
  if (rc != 0) {
    if (capture) close(out_pipe[0]);
    result.error = std::strerror(rc);
    return result;
  }
  if (capture) {
    std::array<char, 4096> buffer;
    for (;;) {
      const ssize_t n = read(out_pipe[0], buffer.data(), buffer.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      result.output.append(buffer.data(), static_cast<size_t>(n));
    }
    close(out_pipe[0]);
  }
  int wait_status = 0;
  while (waitpid(pid, &wait_status, 0) < 0) {
    if (errno != EINTR) {
      result.error = std::string("waitpid: ") + std::strerror(errno);
      return result;
    }
  }
  if (WIFEXITED(wait_status)) result.status = WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) result.status = 128 + WTERMSIG(wait_status);
  return result;
}

bool is_directory(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string executable_directory() {
  std::array<char, PATH_MAX> path{};
  const ssize_t n = readlink("/proc/self/exe", path.data(), path.size() - 1);
  if (n <= 0) return "";
  std::string exe(path.data(), static_cast<size_t>(n));
  const size_t slash = exe.rfind('/');
  return slash == std::string::npos ? "" : exe.substr(0, slash);
}

struct HeaderDirectory {
  std::string path;
  std::string origin;  // for -v
};

// $LSTAR_KERNEL_INCLUDE; else the installed copy (PREFIX/bin/lstar ->
// PREFIX/share/lstar/include); else the source tree this lstar was built
// from, so a build directory works without installing.
HeaderDirectory kernel_header_directory() {
  if (const char* env = std::getenv("LSTAR_KERNEL_INCLUDE"); env && *env)
    return {env, "$LSTAR_KERNEL_INCLUDE"};
  const std::string exe_dir = executable_directory();
  if (!exe_dir.empty()) {
    const std::string installed = exe_dir + "/../share/lstar/include";
    if (is_directory(installed)) return {installed, "installed next to lstar"};
  }
  return {LSTAR_SOURCE_KERNEL_INCLUDE, "lstar's source tree"};
}

}  // namespace

int kbuild_command(const std::vector<std::string>& args) {
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      std::cout << kbuild_help();
      return 0;
    }
    if (a == "--") break;
  }
  KbuildOptions options;
  if (auto error = parse_kbuild(args, options)) {
    std::cerr << "lstar kbuild: " << *error << "\n" << usage();
    return 2;
  }
  const HeaderDirectory headers = kernel_header_directory();
  if (!is_directory(headers.path)) {
    std::cerr << "lstar kbuild: no kernel headers at " << headers.path << " (" << headers.origin
              << ")\n";
    return 2;
  }
  // gcc's own freestanding headers (stdarg.h, stddef.h), the only system
  // headers -nostdinc leaves reachable.
  SpawnResult probe = spawn_and_wait({kGcc, "-print-file-name=include"}, true);
  while (!probe.output.empty() && (probe.output.back() == '\n' || probe.output.back() == '\r'))
    probe.output.pop_back();
  if (probe.status != 0 || probe.output.empty()) {
    std::cerr << "lstar kbuild: cannot run " << kGcc
              << (probe.error.empty() ? "" : ": " + probe.error)
              << " (kbuild needs the host gcc; scripts/install-deps.sh installs it)\n";
    return 127;
  }
  if (options.verbose)
    std::cerr << "lstar kbuild: kernel headers: " << headers.path << " (" << headers.origin
              << ")\n";
  const std::vector<std::string> command =
      kbuild_gcc_command(options, kGcc, probe.output, headers.path);
  std::cerr << "lstar kbuild: " << shell_quoted(command) << "\n";
  const SpawnResult gcc = spawn_and_wait(command, false);
  if (!gcc.error.empty()) {
    std::cerr << "lstar kbuild: cannot run " << kGcc << ": " << gcc.error << "\n";
    return 127;
  }
  if (gcc.status != 0) std::cerr << "lstar kbuild: gcc failed\n";
  return gcc.status;
}

}  // namespace lstar::server
