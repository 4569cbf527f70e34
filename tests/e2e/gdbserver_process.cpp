#include "gdbserver_process.h"

#include <chrono>
#include <stdexcept>
#include <thread>

#include "server_process.h"

namespace lstar::e2e {

GdbserverProcess::GdbserverProcess(const std::string& program,
                                   const std::vector<std::string>& args) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    port_ = pick_free_port();
    std::vector<std::string> argv = {"gdbserver", "--once", "127.0.0.1:" + std::to_string(port_),
                                     program};
    argv.insert(argv.end(), args.begin(), args.end());
    process_ = std::make_unique<BackgroundProcess>(argv);
    for (int i = 0; i < 100 && process_->running(); ++i) {
      if (process_->output().find("Listening on port") != std::string::npos) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  throw std::runtime_error("gdbserver did not start: " + process_->output());
}

void GdbserverProcess::wait_for_exit() {
  for (int i = 0; i < 100 && process_->running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

}  // namespace lstar::e2e
