// Decides whether a catch-syscall stop is an entry or a return.
//
// The stop reply says "syscall_entry" or "syscall_return", but that label
// cannot be trusted everywhere: gdbserver 13 labels the first stop after
// QCatchSyscalls "syscall_return" although the syscall has not run yet (see
// the reference transcripts). Stops alternate entry, return, entry, ... per
// thread, except that a syscall may never return (exit_group, execve, a
// catch list changed in between). So the tracker keeps, per thread, the
// syscall in progress: a stop for that number is its return; any other stop
// is a new entry.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lstar::client {

class SyscallPhaseTracker {
 public:
  enum class Phase { kEntry, kReturn };

  // `server_said` is the server's label; it only feeds mislabelled().
  Phase classify(const std::string& thread, uint64_t nr, Phase server_said);
  // Forget every syscall in progress (the catch list changed, the process exited).
  void reset() { in_progress_.clear(); }
  // Forget syscalls in progress whose numbers are no longer caught: their
  // return stop will not come.
  void retain(const std::vector<uint64_t>& caught);
  // How many stops the server labelled differently from the tracker.
  uint64_t mislabelled() const { return mislabelled_; }

 private:
  std::map<std::string, uint64_t> in_progress_;
  uint64_t mislabelled_ = 0;
};

}  // namespace lstar::client
