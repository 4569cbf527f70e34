// Parsing of `lstar serve ...` and `lstar run ...` command lines.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/lab_settings.h"

namespace lstar::server {

struct ServeOptions {
  std::string program;  // empty: the built-in demo
  std::vector<std::string> args;
  std::string syscall_table;
  std::string config_file;                  // --config FILE
  std::vector<Setting> settings;            // --listen, --max-sessions ... (lab_settings.h)
  bool kernel_debug = false;                // --kernel-debug: sessions start kernel-visible
  std::vector<std::string> kernel_objects;  // --kernel-object FILE: linked in at boot
  std::vector<std::string> module_files;    // --module FILE: loadable with monitor insmod
  bool quiet_enosys = false;                // --quiet-enosys
  std::string stdin_file;                   // --stdin FILE ("-": lstar serve's own stdin)
  std::vector<std::string> mounts;          // --mount HOSTDIR:GUESTDIR[:ro|:rw]
};

struct RunOptions {
  std::string program;
  std::vector<std::string> args;
  bool dmesg = false;
  bool stats = false;                       // print instructions executed and guest MIPS
  std::vector<std::string> modules;         // --module NAME|FILE: insmod before the run
  std::vector<std::string> kernel_objects;  // --kernel-object FILE: linked in at boot
  bool quiet_enosys = false;                // --quiet-enosys
  std::vector<std::string> injections;      // --inject SPEC (strace's -e inject=SPEC)
  std::string syscall_table;
  std::vector<std::string> set_env;    // NAME=VALUE
  std::vector<std::string> unset_env;  // NAME
  bool clear_env = false;
  bool sandbox = false;  // --sandbox: an empty, in-memory working directory
};

// Each returns an error message, or nullopt after filling `out`.
std::optional<std::string> parse_serve(const std::vector<std::string>& args, ServeOptions& out);
std::optional<std::string> parse_run(const std::vector<std::string>& args, RunOptions& out);

std::string usage();
std::string serve_help();
std::string run_help();

}  // namespace lstar::server
