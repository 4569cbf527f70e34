// Turns a Machine's stop event into the RSP stop reply gdb and lldb expect:
// T05swbreak:;06:...;07:...;10:...;thread:p3e8.3e8;core:0; and friends.
#pragma once

#include <string>

#include "kernel/machine.h"
#include "kernel/user_registers.h"

namespace lstar::server {

struct StopReplyOptions {
  bool multiprocess = false;               // the client speaks pPID.TID thread ids
  bool swbreak = false;                    // the client asked for swbreak stop reasons
  bool hwbreak = false;                    // ... and hwbreak
  bool hardware_breakpoint_at_pc = false;  // the stop is at an hbreak only
};

// `regs` are the registers at the stop (for the expedited ones); `pid` is
// the process's (and its single thread's) id.
std::string build_stop_reply(const kernel::StopEvent& event, const kernel::UserRegisters& regs,
                             int pid, const StopReplyOptions& options);

}  // namespace lstar::server
