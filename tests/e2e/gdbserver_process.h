// Stock gdbserver debugging a program as a real Linux process: the
// reference that lstar's answers are compared with.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "subprocess.h"

namespace lstar::e2e {

// `gdbserver --once 127.0.0.1:PORT PROGRAM ARGS...` until the object goes
// away. It is ready when it says it listens: a probing connection would be
// the one connection --once serves.
class GdbserverProcess {
 public:
  explicit GdbserverProcess(const std::string& program, const std::vector<std::string>& args = {});
  int port() const { return port_; }
  // gdbserver's own lines and, interleaved, the program's output.
  std::string output() const { return process_->output(); }
  void wait_for_exit();

 private:
  int port_ = 0;
  std::unique_ptr<BackgroundProcess> process_;
};

}  // namespace lstar::e2e
