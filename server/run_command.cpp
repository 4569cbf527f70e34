// `lstar run`: run a program to completion, like qemu-x86_64.
#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "kernel/host_directory.h"
#include "kernel/memory_file_system.h"
#include "kernel/signals.h"
#include "server/command_line.h"
#include "server/commands.h"
#include "server/kernel_object_files.h"
#include "server/program_file.h"

extern char** environ;

namespace lstar::server {
namespace {

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n <= 0) return;
    data.remove_prefix(static_cast<size_t>(n));
  }
}

// The host environment, adjusted by -E/-U/--clear-env, as qemu-x86_64 does.
std::vector<std::string> guest_environment(const RunOptions& o) {
  std::vector<std::string> env;
  if (!o.clear_env)
    for (char** e = environ; *e; ++e) env.emplace_back(*e);
  auto remove = [&env](const std::string& name) {
    std::erase_if(env, [&](const std::string& kv) {
      return kv.compare(0, name.size() + 1, name + "=") == 0;
    });
  };
  for (const std::string& name : o.unset_env) remove(name);
  for (const std::string& kv : o.set_env) {
    remove(kv.substr(0, kv.find('=')));
    env.push_back(kv);
  }
  return env;
}

int finish(const kernel::StopEvent& event, kernel::Machine& machine, bool dmesg) {
  if (dmesg)
    for (const std::string& line : machine.dmesg()) std::cerr << line << "\n";
  if (event.kind == kernel::StopEvent::Kind::kExited) return event.exit_code;
  std::cerr << abi::signal_description(event.signal) << "\n";
  return 128 + abi::number(event.signal);
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      std::cout << run_help();
      return 0;
    }
    if (a == "--") break;
  }
  RunOptions options;
  if (auto error = parse_run(args, options)) {
    std::cerr << "lstar run: " << *error << "\n" << usage();
    return 2;
  }
  ProgramImage program;
  if (auto error = read_program_file(options.program, program)) {
    std::cerr << "lstar run: " << *error << "\n";
    return 127;
  }
  kernel::MachineConfig config;
  config.syscall_table_path = options.syscall_table;
  config.quiet_enosys = options.quiet_enosys;
  auto objects = read_kernel_object_files(options.kernel_objects);
  if (auto* read_error = std::get_if<std::string>(&objects)) {
    std::cerr << "lstar run: " << *read_error << "\n";
    return 1;
  }
  config.kernel_objects = std::move(std::get<std::vector<kernel::KernelObjectFile>>(objects));
  // --module FILE.o: a module object from the host; --module NAME: built-in.
  for (const std::string& module : options.modules) {
    if (module.find('.') == std::string::npos) continue;
    auto files = read_kernel_object_files({module});
    if (auto* read_error = std::get_if<std::string>(&files)) {
      std::cerr << "lstar run: " << *read_error << "\n";
      return 1;
    }
    for (auto& file : std::get<std::vector<kernel::KernelObjectFile>>(files))
      config.module_files.push_back(std::move(file));
  }
  if (options.sandbox) {
    // Like a lab session's uploads: the working directory is the program's
    // own and nothing of the host's files is visible.
    config.mounts.push_back({"/home/student", std::make_shared<kernel::MemoryFileSystem>()});
    config.cwd = "/home/student";
  } else {
    // As with qemu-x86_64: the user runs their own program on their own
    // machine, so it sees the host's files (lstar's /dev, /proc and /sys
    // stay in front) and starts in lstar's working directory. Confinement
    // is the same as for a lab's mounts; here the root is the host's.
    std::string error;
    auto host = kernel::HostDirectory::open("/", false, 1, &error);
    if (!host) {
      std::cerr << "lstar run: " << error << "\n";
      return 1;
    }
    config.mounts.push_back({"/", std::move(host)});
    std::error_code ec;
    const std::filesystem::path cwd = std::filesystem::current_path(ec);
    config.cwd = ec ? std::string("/") : cwd.string();
  }
  config.output = [](int fd, std::string_view data) { write_all(fd, data); };
  // The guest's fd 0 is lstar's own stdin, as with qemu-x86_64: the one host
  // read made on the guest's behalf, mirroring the writes of fd 1 and 2.
  config.input = [](std::span<uint8_t> buffer) -> size_t {
    const ssize_t n = ::read(0, buffer.data(), buffer.size());
    return n > 0 ? static_cast<size_t>(n) : 0;
  };
  // The guest's streams are terminals where lstar's are, as they would be
  // for the program run natively (so its stdout buffers the same way).
  for (int fd = 0; fd < 3; ++fd) config.stdio_terminal[static_cast<size_t>(fd)] = ::isatty(fd) != 0;
  std::string error;
  auto machine = kernel::Machine::create(std::move(config), &error);
  if (!machine) {
    std::cerr << "lstar run: " << error << "\n";
    return 1;
  }
  std::vector<std::string> argv{options.program};
  argv.insert(argv.end(), options.args.begin(), options.args.end());
  if (auto load_error = machine->load(program.bytes, argv, guest_environment(options))) {
    std::cerr << "lstar run: " << options.program << ": " << *load_error << "\n";
    return 126;
  }
  for (const std::string& spec : options.injections) {
    const std::string out = machine->monitor("inject " + spec);
    if (!out.starts_with("inject: ")) {
      std::cerr << out;
      return 2;
    }
  }
  for (const std::string& module : options.modules) {
    const size_t slash = module.rfind('/');
    const std::string out = machine->monitor(
        "insmod " + (slash == std::string::npos ? module : module.substr(slash + 1)));
    if (out.find("ERROR") != std::string::npos) {
      std::cerr << "lstar run: " << out;
      if (options.dmesg) std::cerr << machine->monitor("dmesg");
      return 1;
    }
  }
  const auto started = std::chrono::steady_clock::now();
  kernel::StopEvent event = machine->resume(kernel::ResumeMode::kContinue);
  for (;;) {
    using Kind = kernel::StopEvent::Kind;
    if (event.kind == Kind::kExited || event.kind == Kind::kKilled) break;
    // No debugger: a signal stop delivers the signal (its handler runs, or
    // its default action is taken).
    const abi::LinuxSignal signal =
        event.kind == Kind::kSignal ? event.signal : abi::LinuxSignal::kNone;
    event = machine->resume(kernel::ResumeMode::kContinue, signal);
  }
  if (options.stats) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const uint64_t n = machine->instructions_retired();
    std::cerr << fmt::format("lstar: {} instructions in {:.3f} s, {:.1f} guest MIPS\n", n, seconds,
                             seconds > 0 ? n / seconds / 1e6 : 0.0);
  }
  return finish(event, *machine, options.dmesg);
}

}  // namespace lstar::server
