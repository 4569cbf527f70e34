// The memory a syscall stream record carries: applies a client's capture
// rules (docs/protocol-extensions.md) to one syscall phase, reading guest
// memory the way an 'm' packet does, and appends the `m` fields.
#pragma once

#include <string>
#include <vector>

#include "kernel/machine.h"
#include "protocol/syscall_stream.h"

namespace lstar::server {

// Appends ",mADDR=HEX" fields for the `rules` of `observation`'s phase,
// at most `budget` characters of them: a record must fit in one packet, so
// a capture past the budget is cut short (a client reads a short capture
// as "the rest was unreadable"), and once not even a field's header fits,
// the remaining captures are left out.
void append_captures(std::string& record, const std::vector<protocol::StreamCaptureRule>& rules,
                     const kernel::SyscallObservation& observation, const kernel::Machine& machine,
                     size_t budget);

}  // namespace lstar::server
