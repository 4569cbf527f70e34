// One debugger connection's RSP conversation with its own Machine.
//
// Bytes come in through on_bytes(); replies go out through the transport.
// Guest execution runs through SessionTransport::run_guest so the I/O side
// stays responsive (a Ctrl-C byte interrupts a running guest).
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernel/machine.h"
#include "protocol/packet_decoder.h"
#include "protocol/request.h"
#include "server/session_transport.h"

namespace lstar::server {

struct ProgramImage {
  std::string path;  // as the guest sees it (argv[0], AT_EXECFN)
  std::vector<uint8_t> bytes;
  std::vector<std::string> args;  // argv[1..]
};

struct SessionConfig {
  std::shared_ptr<const ProgramImage> program;
  std::vector<std::string> envp;
  std::string syscall_table_path;
  size_t max_packet_size = 16 * 1024;
  uint64_t memory_limit_bytes = 1ull << 30;
};

class GdbSession {
 public:
  GdbSession(SessionConfig config, SessionTransport& transport);
  ~GdbSession();
  GdbSession(const GdbSession&) = delete;
  GdbSession& operator=(const GdbSession&) = delete;

  // Loads the program. Returns an error message on failure.
  std::optional<std::string> start();
  void on_bytes(std::string_view data);
  // The connection is gone: stop a running guest so its worker finishes.
  void on_disconnect();
  bool running() const { return running_; }
  int pid() const;

 private:
  void on_event(const protocol::DecoderEvent& event);
  void on_packet(const std::string& payload);
  void reply(const std::string& payload);
  std::optional<std::string> handle(const protocol::Request& request);

  std::string stop_reply_for(const kernel::StopEvent& event);
  void resume(kernel::ResumeMode mode, int signal);
  void finish_resume(kernel::StopEvent event);

  std::string read_memory(const protocol::ReadMemory& r);
  std::string write_memory(uint64_t address, const std::vector<uint8_t>& bytes);
  std::string breakpoint(protocol::BreakpointType type, uint64_t address, bool insert);
  std::string xfer(const protocol::XferRead& r);
  std::string monitor(const std::string& command);
  std::string supported(const protocol::QuerySupported& q);

  SessionConfig config_;
  SessionTransport& transport_;
  std::unique_ptr<kernel::Machine> machine_;
  protocol::PacketDecoder decoder_;
  bool no_ack_ = false;
  bool swbreak_feature_ = false;
  bool multiprocess_ = false;
  bool running_ = false;
  bool closing_ = false;
  std::string last_sent_;
  std::deque<std::string> queued_;  // packets that arrived while the guest ran
};

}  // namespace lstar::server
