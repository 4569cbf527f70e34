// lstar-trace's main loop: resumes the target, turns each syscall stop (or
// streamed record) into a line, and ends with the program.
#pragma once

#include <atomic>
#include <map>
#include <optional>
#include <string>

#include "clients/client.h"
#include "clients/trace/stop_clock.h"
#include "clients/trace/syscall_call.h"
#include "clients/trace/syscall_summary.h"
#include "clients/trace/syscall_table.h"
#include "clients/trace/trace_filter.h"
#include "clients/trace/trace_options.h"
#include "clients/trace/trace_writer.h"

namespace lstar::trace {

struct TraceResult {
  int exit_status = 0;    // what lstar-trace should exit with (the program's status)
  uint64_t syscalls = 0;  // syscalls printed or counted
  bool streamed = false;  // fast mode was used
  // stop() ended the trace and lstar-trace detached from this process
  // (0: the server did not name it).
  std::optional<long> detached_pid;
};

class Tracer {
 public:
  // `client` must have been created with fetch_syscall_registers = false:
  // the tracer reads registers only when it needs them.
  Tracer(client::Client& client, const TraceOptions& options, TraceWriter& writer);

  // Traces until the program exits, is killed, or stop() is called.
  TraceResult run();
  // From another thread (a signal handler thread): stop tracing and detach.
  void stop();

 private:
  struct Pending {
    SyscallCall call;
    bool args_known = false;
    std::optional<std::string> text;  // formatted at entry (syscalls that may not return)
    std::vector<client::MemoryCapture> captures;
    std::optional<Timestamp> at;
  };

  void set_up();
  SyscallTable load_table();
  bool start_stream();
  bool handle(const client::StopEvent& event, TraceResult& result);
  void on_entry(const client::StopEvent& event, const client::SyscallEntry& entry);
  void on_return(const client::StopEvent& event, const client::SyscallReturn& ret);
  client::RegisterSnapshot registers_at_return(const Pending& pending);
  client::StopEvent next_event();
  client::StopEvent event_after_stop_request();
  void on_signal(const client::StopEvent& event, int signo);
  void finish(const client::StopEvent& event, const std::string& message);
  void emit(Pending& pending, const std::optional<Timestamp>& end);
  SyscallCall make_call(uint64_t nr) const;
  std::string entry_text(Pending& pending, const client::StopEvent& event);

  client::Client& client_;
  const TraceOptions& options_;
  TraceWriter& writer_;
  SyscallTable table_;
  TraceFilter filter_;
  StopClock clock_;
  SyscallSummary summary_;
  std::map<std::string, Pending> pending_;  // by thread
  std::optional<int> signal_to_deliver_;
  // The next event, when a pipelined register read already resumed the target.
  std::optional<client::StopEvent> next_event_;
  std::atomic<bool> stop_requested_ = false;
  std::atomic<bool> resuming_ = false;  // the target runs: an interrupt reaches it
  std::atomic<bool> interrupt_sent_ = false;
  bool streaming_ = false;
  uint64_t syscalls_ = 0;
};

}  // namespace lstar::trace
