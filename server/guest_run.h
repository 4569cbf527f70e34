// One resumption of a guest (continue, step, or a vCont range step) cut
// into time slices, so that a worker thread can run a slice of one guest,
// then a slice of another (guest_scheduler.h).
//
// next_slice() runs about kSliceInstructions (a millisecond or two of guest
// work) and returns kPaused while the resumption goes on; the guest cannot
// tell a sliced run from an uninterrupted one.
#pragma once

#include <cstdint>

#include "kernel/machine.h"
#include "server/breakpoint_table.h"

namespace lstar::server {

class GuestRun {
 public:
  // Instructions per slice: ~1-2 ms at lstar's 50-150 guest MIPS.
  static constexpr uint64_t kSliceInstructions = 1u << 17;
  // Single steps per slice of a range step (each is a separate run).
  static constexpr int kStepsPerSlice = 4096;

  // `continue` or `step`, delivering `signal` first (kNone: none).
  GuestRun(kernel::Machine& machine, kernel::ResumeMode mode, abi::LinuxSignal signal);
  // vCont;rSTART,END: single steps while the pc stays in [start, end); a
  // breakpoint inside the range stops it. `breakpoints` is read on the
  // worker thread (the session leaves it alone while the guest runs).
  static GuestRun range_step(kernel::Machine& machine, uint64_t start, uint64_t end,
                             abi::LinuxSignal signal, const BreakpointTable& breakpoints);

  kernel::StopEvent next_slice();

 private:
  kernel::StopEvent continue_slice();
  kernel::StopEvent range_step_slice();

  kernel::Machine* machine_;
  kernel::ResumeMode mode_;
  abi::LinuxSignal signal_;                       // delivered by the first slice only
  const BreakpointTable* breakpoints_ = nullptr;  // set for a range step
  uint64_t range_start_ = 0;
  uint64_t range_end_ = 0;
};

}  // namespace lstar::server
