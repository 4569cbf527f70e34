// `lstar serve`: the GDB remote protocol server (the lab server).
#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iostream>

#include "server/command_line.h"
#include "server/commands.h"
#include "server/demo_program.h"
#include "server/event_log.h"
#include "server/guest_scheduler.h"
#include "server/host_mounts.h"
#include "server/kernel_object_files.h"
#include "server/program_file.h"
#include "server/session_registry.h"
#include "server/tcp_server.h"

namespace lstar::server {
namespace {

// After the last session ended at shutdown: time for the closing sockets to
// flush their last replies.
constexpr auto kShutdownFlush = std::chrono::milliseconds(200);

// The environment a served program starts with: a small, fixed one, so no
// server-side variables leak into students' programs.
std::vector<std::string> served_environment() {
  return {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/home/student", "USER=student", "LANG=C.UTF-8",
          "TERM=dumb"};
}

std::optional<std::string> check_program_loads(const SessionConfig& config,
                                               const LabSettings& settings) {
  std::string error;
  kernel::MachineConfig machine_config;
  machine_config.syscall_table_path = config.syscall_table_path;
  machine_config.kernel_objects = config.kernel_objects;
  machine_config.memory_limit_bytes = settings.memory_limit_mib << 20;
  auto machine = kernel::Machine::create(std::move(machine_config), &error);
  if (!machine) return error;
  return machine->load(config.program->bytes, {config.program->path}, config.envp);
}

std::variant<std::shared_ptr<ProgramImage>, std::string> served_program(
    const ServeOptions& options) {
  auto program = std::make_shared<ProgramImage>();
  if (options.program.empty()) {
    const auto demo = demo_program_bytes();
    program->bytes.assign(demo.begin(), demo.end());
    program->path = "/lab/demo";
  } else if (auto error = read_program_file(options.program, *program)) {
    return *error;
  }
  program->args = options.args;
  return program;
}

// The running server: its parts, its signals and its shutdown.
class LabServer {
 public:
  LabServer(const ServeOptions& options, LabSettings settings, SessionConfig base, EventLog& log)
      : options_(options),
        log_(log),
        scheduler_(settings.workers),
        registry_(io_, scheduler_, log, std::move(base), settings),
        server_(io_, listen_endpoint(io_, settings.host, settings.port), registry_),
        signals_(io_, SIGINT, SIGTERM, SIGHUP),
        flush_timer_(io_) {}

  void run(const std::string& program_path) {
    wait_for_signal();
    const auto ep = server_.local_endpoint();
    const std::string host = ep.address().to_string();
    const std::string address = ep.address().is_v6() ? fmt::format("[{}]:{}", host, ep.port())
                                                     : fmt::format("{}:{}", host, ep.port());
    std::cerr << fmt::format("lstar: serving {} on {}\n", program_path, address);
    log_.server_event(fmt::format("start: serving {} on {}, {} workers, {}", program_path, address,
                                  scheduler_.workers(), describe_limits(registry_.settings())));
    io_.run();
    // Runs still on the workers end at their next slice; then the stop
    // reports they posted are delivered (to sessions that have ended).
    scheduler_.shutdown();
    io_.restart();
    io_.poll();
    log_.server_event("shutdown complete");
  }

 private:
  void wait_for_signal() {
    signals_.async_wait([this](const asio::error_code& ec, int signal) {
      if (ec) return;
      if (signal == SIGHUP) {
        reload();
        wait_for_signal();
        return;
      }
      shut_down(signal == SIGTERM ? "SIGTERM" : "SIGINT");
    });
  }

  // SIGHUP: the config file again (the command line still overrides it).
  void reload() {
    if (auto error = log_.reopen()) log_.server_event("reload: " + *error);
    auto settings = resolve_settings(options_.config_file, options_.settings);
    if (auto* error = std::get_if<std::string>(&settings)) {
      log_.server_event("reload failed, limits unchanged: " + *error);
      return;
    }
    LabSettings next = std::get<LabSettings>(std::move(settings));
    const LabSettings& now = registry_.settings();
    std::string note;
    if (next.host != now.host || next.port != now.port || next.workers != now.workers ||
        next.log_file != now.log_file)
      note = " (listen, workers and log take effect at the next start)";
    registry_.apply(std::move(next));
    log_.server_event(fmt::format("reload{}: {}{}",
                                  options_.config_file.empty() ? " (no config file)" : "",
                                  describe_limits(registry_.settings()), note));
  }

  void shut_down(const char* why) {
    log_.server_event(fmt::format("shutdown ({}): closing {} sessions", why, registry_.size()));
    server_.stop();
    signals_.cancel();
    registry_.shutdown([this] {
      flush_timer_.expires_after(kShutdownFlush);
      flush_timer_.async_wait([this](asio::error_code) { io_.stop(); });
    });
  }

  const ServeOptions& options_;
  EventLog& log_;
  // One I/O thread: sessions and the registry are touched only there.
  asio::io_context io_{1};
  GuestScheduler scheduler_;
  SessionRegistry registry_;
  TcpServer server_;
  asio::signal_set signals_;
  asio::steady_timer flush_timer_;
};

}  // namespace

int serve_command(const std::vector<std::string>& args) {
  ServeOptions options;
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      std::cout << serve_help();
      return 0;
    }
  }
  if (auto error = parse_serve(args, options)) {
    std::cerr << "lstar serve: " << *error << "\n" << usage();
    return 2;
  }
  auto resolved = resolve_settings(options.config_file, options.settings);
  if (auto* error = std::get_if<std::string>(&resolved)) {
    std::cerr << "lstar serve: " << *error << "\n";
    return 2;
  }
  const LabSettings settings = std::get<LabSettings>(std::move(resolved));
  auto program = served_program(options);
  if (auto* error = std::get_if<std::string>(&program)) {
    std::cerr << "lstar serve: " << *error << "\n";
    return 1;
  }
  SessionConfig base;
  base.program = std::get<std::shared_ptr<ProgramImage>>(program);
  base.envp = served_environment();
  base.syscall_table_path = options.syscall_table;
  base.kernel_visible = options.kernel_debug;
  base.quiet_enosys = options.quiet_enosys;
  for (auto [paths, files] : {std::pair{&options.kernel_objects, &base.kernel_objects},
                              std::pair{&options.module_files, &base.module_files}}) {
    auto read = read_kernel_object_files(*paths);
    if (auto* error = std::get_if<std::string>(&read)) {
      std::cerr << "lstar serve: " << *error << "\n";
      return 1;
    }
    *files = std::move(std::get<std::vector<kernel::KernelObjectFile>>(read));
  }
  uint64_t dev_minor = 50;  // each mount its own st_dev, as on Linux
  for (const std::string& text : options.mounts) {
    auto spec = parse_mount_spec(text);
    if (auto* error = std::get_if<std::string>(&spec)) {
      std::cerr << "lstar serve: " << *error << "\n";
      return 2;
    }
    auto mount = open_mount(std::get<MountSpec>(spec), dev_minor++);
    if (auto* error = std::get_if<std::string>(&mount)) {
      std::cerr << "lstar serve: " << *error << "\n";
      return 1;
    }
    base.mounts.push_back(std::get<kernel::Mount>(std::move(mount)));
  }
  if (options.stdin_file == "-") {
    base.stdin_from_host = true;
  } else if (!options.stdin_file.empty()) {
    std::ifstream in(options.stdin_file, std::ios::binary);
    if (!in.is_open()) {
      std::cerr << "lstar serve: --stdin " << options.stdin_file << ": " << std::strerror(errno)
                << "\n";
      return 1;
    }
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    base.stdin_bytes = std::make_shared<const std::vector<uint8_t>>(std::move(bytes));
  }
  if (auto error = check_program_loads(base, settings)) {
    std::cerr << "lstar serve: " << base.program->path << ": " << *error << "\n";
    return 1;
  }
  EventLog log(settings.log_file);
  if (auto error = log.reopen()) {
    std::cerr << "lstar serve: " << *error << "\n";
    return 1;
  }
  std::signal(SIGPIPE, SIG_IGN);
  try {
    LabServer server(options, settings, base, log);
    server.run(base.program->path);
  } catch (const std::exception& e) {
    std::cerr << "lstar serve: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace lstar::server
