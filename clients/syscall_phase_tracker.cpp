#include "clients/syscall_phase_tracker.h"

#include <algorithm>

namespace lstar::client {

SyscallPhaseTracker::Phase SyscallPhaseTracker::classify(const std::string& thread, uint64_t nr,
                                                         Phase server_said) {
  Phase phase = Phase::kEntry;
  auto it = in_progress_.find(thread);
  if (it != in_progress_.end() && it->second == nr) {
    phase = Phase::kReturn;
    in_progress_.erase(it);
  } else {
    in_progress_[thread] = nr;
  }
  if (phase != server_said) ++mislabelled_;
  return phase;
}

void SyscallPhaseTracker::retain(const std::vector<uint64_t>& caught) {
  std::erase_if(in_progress_, [&caught](const auto& entry) {
    return std::find(caught.begin(), caught.end(), entry.second) == caught.end();
  });
}

}  // namespace lstar::client
