// One debugger connection's RSP conversation with its own Machine.
//
// Bytes come in through on_bytes(); replies go out through the transport.
// Guest execution runs through SessionTransport::run_guest so the I/O side
// stays responsive (a Ctrl-C byte interrupts a running guest).
//
// The session dispatches; the pieces live in their own files: stop replies
// (stop_reply_builder), Z/z bookkeeping (breakpoint_table), Host I/O
// (vfile_service over upload_sandbox), what vRun starts (run_target) and
// lldb's extra queries (lldb_queries).
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernel/machine.h"
#include "protocol/packet_decoder.h"
#include "protocol/request.h"
#include "server/breakpoint_table.h"
#include "server/guest_input.h"
#include "server/program_image.h"
#include "server/session_transport.h"
#include "server/syscall_stream_service.h"
#include "server/upload_sandbox.h"
#include "server/vfile_service.h"

namespace lstar::server {

struct SessionConfig {
  std::shared_ptr<const ProgramImage> program;
  std::vector<std::string> envp;
  std::string syscall_table_path;
  size_t max_packet_size = 16 * 1024;
  uint64_t memory_limit_bytes = 1ull << 30;
  // Shared with the other sessions of a lab server (null: no total cap).
  std::shared_ptr<kernel::SharedMemoryBudget> shared_memory_budget;
  SandboxLimits sandbox;
  // Shared with every session (`--mount HOSTDIR:GUESTDIR[:ro]`).
  std::vector<kernel::Mount> mounts;
  bool kernel_visible = false;  // monitor kernel-debug on from the start
  // The student's kernel code: linked in at boot, and loadable with insmod.
  std::vector<kernel::KernelObjectFile> kernel_objects;
  std::vector<kernel::KernelObjectFile> module_files;
  bool quiet_enosys = false;
  // What the program reads from fd 0 when its run names no input (`run <
  // FILE`): `lstar serve --stdin FILE`'s bytes, or lstar serve's own stdin
  // (`--stdin -`); neither: end of file at once.
  std::shared_ptr<const std::vector<uint8_t>> stdin_bytes;
  bool stdin_from_host = false;
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
  // A new connection takes over this session (lab server reconnect): the
  // machine, breakpoints and uploads stay; what the new client negotiated
  // in its handshake (with `handshake`, the session it started with)
  // replaces the old connection's protocol state.
  void on_reconnect(const GdbSession& handshake);
  bool running() const { return running_; }
  // The guest is held until the client reads its output: it waits for the
  // user, as a stopped one does.
  bool held() const { return held_; }
  int pid() const;
  kernel::Machine& machine() { return *machine_; }
  const kernel::Machine& machine() const { return *machine_; }
  uint64_t packets_received() const { return packets_received_; }

 private:
  void handle_pending_events();
  void on_event(const protocol::DecoderEvent& event);
  void on_packet(const std::string& payload);
  void reply(const std::string& payload);
  std::optional<std::string> handle(const protocol::Request& request);
  std::optional<std::string> handle_registers(const protocol::Request& request);
  std::optional<std::string> handle_execution(const protocol::Request& request);
  std::optional<std::string> handle_process(const protocol::Request& request);
  std::optional<std::string> handle_threads(const protocol::Request& request);

  std::string stop_reply_for(const kernel::StopEvent& event);
  // `signal` is gdb's number, as the packet carried it.
  void resume(kernel::ResumeMode mode, abi::GdbSignal signal, std::optional<uint64_t> address = {});
  void range_step(uint64_t start, uint64_t end, abi::GdbSignal signal);
  // Runs `work` (guest execution, one time slice per call) on the
  // transport's workers; its stop event becomes the reply. When the syscall
  // stream holds the guest (kHeld), `work` is called again once the
  // client has drained the stream.
  void run_guest(std::function<kernel::StopEvent()> work);
  void launch(std::function<kernel::StopEvent()> work);
  void finish_resume(kernel::StopEvent event);
  std::optional<std::string> vcont(const protocol::VCont& request);

  std::string read_memory(const protocol::ReadMemory& r);
  std::string write_memory(uint64_t address, const std::vector<uint8_t>& bytes);
  std::string breakpoint(protocol::BreakpointType type, uint64_t address, uint64_t kind,
                         bool insert);
  // gdb takes a refused breakpoint in a symbol file it loaded with
  // add-symbol-file for an unloaded library and disables it without a
  // word; the student is told why at the next resume instead.
  void send_notices();
  std::string xfer(const protocol::XferRead& r);
  std::string monitor(const std::string& command);
  std::string machine_or_host_monitor(const std::string& command);
  std::string supported(const protocol::QuerySupported& q);
  std::string catch_syscalls(const protocol::CatchSyscalls& c);
  std::string pass_signals(const protocol::PassSignals& p);

  // Extended mode (target extended-remote): run, kill and run again.
  std::string run(const std::vector<std::string>& arguments);
  std::string run_failed(const std::string& message);
  // `input`: the file the run's `< FILE` named (relative to the working
  // directory); none: the configured stdin. Returns why it cannot start.
  std::optional<std::string> load(std::shared_ptr<const ProgramImage> program,
                                  std::optional<std::string> input = {});
  std::optional<std::string> kill(const protocol::Kill& k);
  std::optional<std::string> detach();
  VFileView vfile_view() const;
  void offer_uploaded_module(const std::string& command);

 public:
  // A line for the user's console, sent when the program next runs (gdb
  // shows `O` packets only then): the session's token at connect, an
  // instructor's broadcast.
  // At most kMaxNotices wait; older ones are dropped.
  void add_notice(std::string line) {
    if (notices_.size() >= kMaxNotices) notices_.erase(notices_.begin());
    notices_.push_back(std::move(line));
  }
  static constexpr size_t kMaxNotices = 32;

 private:
  std::string kernel_libraries_document() const;
  std::vector<std::string> notices_;

  SessionConfig config_;
  SessionTransport& transport_;
  std::unique_ptr<kernel::Machine> machine_;
  std::shared_ptr<const ProgramImage> running_program_;  // what the process was started from
  std::optional<std::string> running_input_;             // and its `< FILE`
  std::vector<kernel::Mount> mounts_;                    // the guest's, for `< FILE`
  GuestInput input_;                                     // fd 0 of the running process
  protocol::PacketDecoder decoder_;
  BreakpointTable breakpoints_;
  std::vector<uint64_t> refused_kernel_breakpoints_;
  UploadSandbox sandbox_;
  VFileService vfile_;
  SyscallStreamService stream_;
  std::function<kernel::StopEvent()> current_run_;
  bool no_ack_ = false;
  bool swbreak_feature_ = false;
  bool hwbreak_feature_ = false;
  bool multiprocess_ = false;
  bool extended_ = false;
  bool client_interrupted_ = false;  // a 0x03 came while the guest ran
  bool running_ = false;
  bool held_ = false;  // running_, and waiting for the client to read
  bool closing_ = false;
  uint64_t packets_received_ = 0;
  std::string last_sent_;
  bool last_resent_ = false;  // a NAK had last_sent_ sent again
  // Decoded but not handled yet: the client has not read enough replies.
  std::deque<protocol::DecoderEvent> pending_events_;
  bool events_wait_for_drain_ = false;
  std::deque<std::string> queued_;  // packets that arrived while the guest ran
};

}  // namespace lstar::server
