#include "server/command_line.h"

#include <fmt/format.h>

namespace lstar::server {
namespace {

// Returns the option's value, advancing `i`; or nullopt if it is missing.
std::optional<std::string> value_of(const std::vector<std::string>& args, size_t& i) {
  if (i + 1 >= args.size()) return std::nullopt;
  return args[++i];
}

}  // namespace

std::string usage() {
  return "usage: lstar serve [--listen ADDR:PORT] [--config FILE] [--table FILE] [--kernel-debug]\n"
         "                   [--kernel-object FILE.o ...] [--module FILE.o ...] [--quiet-enosys]\n"
         "                   [--stdin FILE|-] [--mount HOSTDIR:GUESTDIR[:ro|:rw] ...]\n"
         "                   [--LIMIT N ...]\n"
         "                   [PROGRAM [ARGS...]]\n"
         "       lstar run [--sandbox] [--dmesg] [--stats] [--kernel-object FILE.o]\n"
         "                 [--module NAME|FILE.o]\n"
         "                 [--table FILE] [--quiet-enosys] [-E VAR=VALUE] [-U VAR] [--] PROGRAM "
         "[ARGS...]\n"
         "       lstar kbuild [-o OUT.o] [-O LEVEL] [-v] SOURCE.c... [-- GCC FLAGS]\n"
         "       lstar --help | --version | serve --help | run --help | kbuild --help\n";
}

std::string serve_help() {
  return "lstar serve: run a static x86-64 Linux program on lstar's modelled kernel and\n"
         "serve the GDB remote protocol for it: every connection gets its own machine.\n\n"
         "  --listen ADDR:PORT              where to listen (default 127.0.0.1:1234)\n"
         "  --config FILE                   read settings from FILE (NAME = VALUE lines,\n"
         "                                  # comments); the command line overrides it,\n"
         "                                  SIGHUP re-reads it\n"
         "  --table FILE                    use FILE instead of the built-in syscall_64.tbl\n"
         "  --kernel-debug                  start every session kernel-visible (monitor\n"
         "                                  kernel-debug on): stepi enters the kernel\n"
         "  --kernel-object FILE.o          link a student object (lstar kbuild) into every\n"
         "                                  session's kernel; table rows may name its\n"
         "                                  __x64_sys_* functions (repeatable)\n"
         "  --module FILE.o                 a module `monitor insmod FILE.o` can load\n"
         "                                  (repeatable; uploads work too: remote put)\n"
         "  --quiet-enosys                  no line on the program's stderr when it calls a\n"
         "                                  syscall lstar does not implement (dmesg has it)\n"
         "  --stdin FILE                    what every session's program reads on fd 0 (read\n"
         "                                  once at startup); `-`: lstar serve's own stdin,\n"
         "                                  read as the program reads. Default: end of file.\n"
         "                                  gdb's `run ARGS < FILE` names one per run\n"
         "  --mount HOSTDIR:GUESTDIR[:ro|:rw]  every session's program sees HOSTDIR at\n"
         "                                  GUESTDIR (read-only unless :rw); nothing\n"
         "                                  leads out of it (repeatable)\n"
         "  --max-sessions N                sessions at once (default 64)\n"
         "  --max-sessions-per-address N    sessions per client address (default 16)\n"
         "  --memory-limit MIB              guest memory per session (default 1024)\n"
         "  --memory-total MIB              guest memory of all sessions together\n"
         "                                  (default: 3/4 of the host's RAM)\n"
         "  --max-instructions N            per continue, then SIGXCPU; 0 = unlimited (default)\n"
         "  --max-upload-bytes N            uploaded bytes per session (default 67108864)\n"
         "  --max-upload-files N            uploaded files per session (default 32)\n"
         "  --idle-timeout SECONDS          close a session idle this long (default 1800)\n"
         "  --max-packet-bytes N            largest RSP packet (default 16384)\n"
         "  --reconnect-grace SECONDS       keep a dropped session this long (default 60)\n"
         "  --workers N                     guest worker threads (default: hardware threads)\n"
         "  --log FILE                      event log (default: stderr)\n"
         "  --admin-token SECRET            the instructor's secret (16+ characters; better in\n"
         "                                  --config): `monitor admin SECRET` unlocks monitor\n"
         "                                  sessions, session kill ID, broadcast TEXT\n"
         "  PROGRAM [ARGS...]               the program each connection runs (default: the\n"
         "                                  built-in demo that calls hello, memcpy and caesar)\n\n"
         "Then: gdb -ex 'target remote :1234' -ex 'catch syscall 548' -ex continue\n"
         "docs/lab-server.md describes running it for a class.\n";
}

std::string run_help() {
  return "lstar run: run a static x86-64 Linux program on lstar's modelled kernel, as\n"
         "qemu-x86_64 would: it sees the host's files and starts in the current\n"
         "directory. The exit status is the guest's (128+N for signal N).\n\n"
         "  --dmesg          print the kernel log to stderr when the guest ends\n"
         "  --stats          print instructions executed and guest MIPS to stderr\n"
         "  --sandbox        none of the host's files: the program's working directory\n"
         "                   is an empty in-memory one (/home/student), as under\n"
         "                   lstar serve\n"
         "  --kernel-object FILE.o  link a student object (lstar kbuild) into the kernel;\n"
         "                   table rows may name its __x64_sys_* functions (repeatable)\n"
         "  --module NAME    load a module first: the built-in test_call, or a module\n"
         "                   object FILE.o (repeatable)\n"
         "  --table FILE     use FILE instead of the built-in syscall_64.tbl\n"
         "  -E VAR=VALUE     set an environment variable for the guest\n"
         "  -U VAR           remove an environment variable for the guest\n"
         "  --clear-env      start the guest with an empty environment\n"
         "  --quiet-enosys   no line on stderr when the guest calls a syscall lstar does\n"
         "                   not implement (--dmesg still shows it)\n"
         "  --inject SPEC    make calls fail, in strace's -e inject= syntax:\n"
         "                   SET:error=ERRNO|retval=N[:signal=SIG][:when=FIRST[..LAST][+[STEP]]];\n"
         "                   SET may name kmalloc, copy_from_user, copy_to_user too\n";
}

std::optional<std::string> parse_serve(const std::vector<std::string>& args, ServeOptions& out) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      if (i + 1 < args.size()) {
        out.program = args[i + 1];
        out.args.assign(args.begin() + static_cast<long>(i) + 2, args.end());
      }
      return std::nullopt;
    }
    if (a.empty() || a[0] != '-') {
      out.program = a;
      out.args.assign(args.begin() + static_cast<long>(i) + 1, args.end());
      return std::nullopt;
    }
    if (a == "--kernel-debug") {
      out.kernel_debug = true;
      continue;
    }
    if (a == "--quiet-enosys") {
      out.quiet_enosys = true;
      continue;
    }
    // --NAME VALUE or --NAME=VALUE
    const auto equals = a.find('=');
    const std::string name = a.substr(0, equals);
    const bool known =
        name == "--table" || name == "--config" || name == "--kernel-object" ||
        name == "--module" || name == "--stdin" || name == "--mount" ||
        (name.size() > 2 && name.starts_with("--") && is_setting_name(name.substr(2)));
    if (!known) return fmt::format("unknown option '{}'", a);
    std::optional<std::string> value;
    if (equals != std::string::npos) value = a.substr(equals + 1);
    if (!value) value = value_of(args, i);
    if (!value) return fmt::format("{} needs a value", name);
    if (name == "--table") {
      out.syscall_table = *value;
    } else if (name == "--kernel-object") {
      out.kernel_objects.push_back(*value);
    } else if (name == "--module") {
      out.module_files.push_back(*value);
    } else if (name == "--mount") {
      out.mounts.push_back(*value);
    } else if (name == "--stdin") {
      out.stdin_file = *value;
    } else if (name == "--config") {
      out.config_file = *value;
    } else {
      out.settings.push_back(Setting{name.substr(2), *value, name});
    }
  }
  return std::nullopt;
}

std::optional<std::string> parse_run(const std::vector<std::string>& args, RunOptions& out) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--dmesg") {
      out.dmesg = true;
    } else if (a == "--stats") {
      out.stats = true;
    } else if (a == "--sandbox") {
      out.sandbox = true;
    } else if (a == "--clear-env") {
      out.clear_env = true;
    } else if (a == "--quiet-enosys") {
      out.quiet_enosys = true;
    } else if (a == "--module" || a == "--table" || a == "-E" || a == "-U" ||
               a == "--kernel-object" || a == "--inject") {
      auto v = value_of(args, i);
      if (!v) return fmt::format("{} needs a value", a);
      if (a == "--module") out.modules.push_back(*v);
      if (a == "--kernel-object") out.kernel_objects.push_back(*v);
      if (a == "--inject") out.injections.push_back(*v);
      if (a == "--table") out.syscall_table = *v;
      if (a == "-E") out.set_env.push_back(*v);
      if (a == "-U") out.unset_env.push_back(*v);
    } else if (a == "--" || a.empty() || a[0] != '-') {
      const size_t first = a == "--" ? i + 1 : i;
      if (first >= args.size()) return "no PROGRAM given";
      out.program = args[first];
      out.args.assign(args.begin() + static_cast<long>(first) + 1, args.end());
      return std::nullopt;
    } else {
      return fmt::format("unknown option '{}'", a);
    }
  }
  return "no PROGRAM given";
}

}  // namespace lstar::server
