// `lstar serve`: the GDB remote protocol server.
#include <fmt/format.h>

#include <csignal>
#include <iostream>
#include <thread>

#include "server/command_line.h"
#include "server/commands.h"
#include "server/demo_program.h"
#include "server/program_file.h"
#include "server/tcp_server.h"

namespace lstar::server {
namespace {

// The environment a served program starts with: a small, fixed one, so no
// server-side variables leak into students' programs.
std::vector<std::string> served_environment() {
  return {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/home/student", "USER=student", "LANG=C.UTF-8",
          "TERM=dumb"};
}

std::optional<std::string> check_program_loads(const SessionConfig& config) {
  std::string error;
  kernel::MachineConfig machine_config;
  machine_config.syscall_table_path = config.syscall_table_path;
  machine_config.memory_limit_bytes = config.memory_limit_bytes;
  auto machine = kernel::Machine::create(std::move(machine_config), &error);
  if (!machine) return error;
  return machine->load(config.program->bytes, {config.program->path}, config.envp);
}

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
  auto program = std::make_shared<ProgramImage>();
  if (options.program.empty()) {
    const auto demo = demo_program_bytes();
    program->bytes.assign(demo.begin(), demo.end());
    program->path = "/lab/demo";
  } else if (auto error = read_program_file(options.program, *program)) {
    std::cerr << "lstar serve: " << *error << "\n";
    return 1;
  }
  program->args = options.args;

  ServerOptions server_options;
  server_options.session.program = program;
  server_options.session.envp = served_environment();
  server_options.session.syscall_table_path = options.syscall_table;
  if (auto error = check_program_loads(server_options.session)) {
    std::cerr << "lstar serve: " << program->path << ": " << *error << "\n";
    return 1;
  }
  try {
    asio::io_context io;
    server_options.listen =
        asio::ip::tcp::endpoint(asio::ip::make_address(options.host), options.port);
    asio::thread_pool workers(std::max(2u, std::thread::hardware_concurrency()));
    TcpServer server(io, workers, server_options);
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const asio::error_code&, int) {
      std::cerr << "lstar: shutting down\n";
      server.stop();
      io.stop();
    });
    std::signal(SIGPIPE, SIG_IGN);
    const auto ep = server.local_endpoint();
    std::cerr << fmt::format("lstar: serving {} on {}:{}\n", program->path,
                             ep.address().to_string(), ep.port());
    io.run();
    workers.stop();
    workers.join();
  } catch (const std::exception& e) {
    std::cerr << "lstar serve: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace lstar::server
