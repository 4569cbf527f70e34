// lstar-trace: strace for programs under an RSP server. See trace_usage().
#include <signal.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <thread>

#include "clients/client.h"
#include "clients/client_error.h"
#include "clients/trace/server_launcher.h"
#include "clients/trace/trace_options.h"
#include "clients/trace/trace_writer.h"
#include "clients/trace/tracer.h"

namespace {

using lstar::trace::TraceOptions;

constexpr int kExitUsage = 2;
constexpr int kExitFailure = 1;

// Ctrl-C and SIGTERM stop the tracer cleanly (interrupt, then detach or
// kill); a second one ends lstar-trace at once (and the lstar serve it
// started). The signals are blocked from the start, before any thread
// exists, so that only sigwait() ever receives them: a thread that left
// them unblocked would take them with their default action instead.
class SignalWatcher {
 public:
  SignalWatcher() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  }

  void watch(lstar::trace::Tracer& tracer, pid_t server) {
    std::thread([set = set_, &tracer, server] {
      int signo = 0;
      sigwait(&set, &signo);
      tracer.stop();
      sigwait(&set, &signo);
      if (server > 0) kill(server, SIGTERM);
      std::_Exit(128 + signo);
    }).detach();
  }

 private:
  sigset_t set_;
};

void print_stats(const lstar::client::Client& client, const lstar::trace::TraceResult& result) {
  const double syscalls = result.syscalls ? static_cast<double>(result.syscalls) : 1.0;
  std::fprintf(stderr,
               "lstar-trace: %s mode, %llu syscalls, %llu packets sent (%.2f per syscall), "
               "%llu round trips (%.2f per syscall)\n",
               result.streamed ? "fast (lstar-syscall-stream)" : "standard (QCatchSyscalls)",
               static_cast<unsigned long long>(result.syscalls),
               static_cast<unsigned long long>(client.packets_sent()),
               static_cast<double>(client.packets_sent()) / syscalls,
               static_cast<unsigned long long>(client.round_trips()),
               static_cast<double>(client.round_trips()) / syscalls);
  if (client.mislabelled_syscall_stops() > 0)
    std::fprintf(stderr, "lstar-trace: corrected %llu mislabelled entry/return stops\n",
                 static_cast<unsigned long long>(client.mislabelled_syscall_stops()));
}

int trace(const TraceOptions& options) {
  SignalWatcher watcher;
  std::unique_ptr<lstar::trace::ServerLauncher> server;
  std::string address = options.attach_address;
  if (!options.program.empty()) {
    server = std::make_unique<lstar::trace::ServerLauncher>(
        lstar::trace::find_lstar_server(options.server_path), options.program);
    address = server->address();
  }
  std::FILE* out = stderr;
  if (!options.output_path.empty()) {
    out = std::fopen(options.output_path.c_str(), "w");
    if (out == nullptr) {
      std::perror(("lstar-trace: " + options.output_path).c_str());
      return kExitFailure;
    }
  }
  lstar::client::ClientOptions client_options;
  client_options.fetch_syscall_registers = false;
  client_options.offer_syscall_stream = options.mode != lstar::trace::TraceMode::kStandard;
  auto client = lstar::client::Client::connect(address, client_options);
  // The program's own output (lstar forwards it as console packets).
  client.on_console_output([](std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  });
  lstar::trace::TraceWriter writer(out, options.timestamps, options.durations);
  lstar::trace::Tracer tracer(client, options, writer);
  watcher.watch(tracer, server ? server->pid() : -1);
  const lstar::trace::TraceResult result = tracer.run();
  // As strace says when Ctrl-C ends tracing a process it attached to.
  if (result.detached_pid)
    std::fprintf(stderr, "lstar-trace: Process %ld detached\n", *result.detached_pid);
  if (options.stats) print_stats(client, result);
  if (out != stderr) std::fclose(out);
  return result.exit_status;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  auto parsed = lstar::trace::parse_trace_options(args);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    std::cerr << "lstar-trace: " << *error << "\n" << lstar::trace::trace_usage();
    return kExitUsage;
  }
  const TraceOptions& options = std::get<TraceOptions>(parsed);
  if (options.help) {
    std::cout << lstar::trace::trace_usage();
    return 0;
  }
  if (options.version) {
    std::cout << "lstar-trace " << LSTAR_VERSION << "\n";
    return 0;
  }
  try {
    return trace(options);
  } catch (const std::exception& e) {
    std::cerr << "lstar-trace: " << e.what() << "\n";
    return kExitFailure;
  }
}
