// The packets lldb sends that gdb does not and that lstar answers:
// qWatchpointSupportInfo, qMemoryRegionInfo and qGetWorkingDir. lldb reads
// registers from target.xml.
//
// qHostInfo and qProcessInfo get the empty reply on purpose, as from
// gdbserver: when they describe a Linux host, lldb 14 attaches through its
// POSIX dynamic loader, which puts a breakpoint on the entry point, takes
// the process's stop there (it has not run yet) for a hit of it and
// resumes, so the program runs away before the user's first command.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kernel/machine.h"

namespace lstar::server {

// The reply to `payload`, or nullopt when it is no lldb query lstar knows
// (the caller then gives the empty "unsupported" reply).
std::optional<std::string> answer_lldb_query(std::string_view payload,
                                             const kernel::Machine& machine);

}  // namespace lstar::server
