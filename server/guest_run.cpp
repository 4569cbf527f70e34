#include "server/guest_run.h"

#include <utility>

namespace lstar::server {

using kernel::StopEvent;

GuestRun::GuestRun(kernel::Machine& machine, kernel::ResumeMode mode, abi::LinuxSignal signal)
    : machine_(&machine), mode_(mode), signal_(signal) {}

GuestRun GuestRun::range_step(kernel::Machine& machine, uint64_t start, uint64_t end,
                              abi::LinuxSignal signal, const BreakpointTable& breakpoints) {
  GuestRun run(machine, kernel::ResumeMode::kStep, signal);
  run.breakpoints_ = &breakpoints;
  run.range_start_ = start;
  run.range_end_ = end;
  return run;
}

StopEvent GuestRun::next_slice() {
  return breakpoints_ ? range_step_slice() : continue_slice();
}

// A step is never paused by the machine, so only a continue comes back here.
StopEvent GuestRun::continue_slice() {
  return machine_->resume_for(mode_, std::exchange(signal_, abi::LinuxSignal::kNone),
                              kSliceInstructions);
}

StopEvent GuestRun::range_step_slice() {
  for (int i = 0; i < kStepsPerSlice; ++i) {
    StopEvent event = machine_->resume(kernel::ResumeMode::kStep,
                                       std::exchange(signal_, abi::LinuxSignal::kNone));
    if (event.kind != StopEvent::Kind::kStepped) return event;
    const uint64_t pc = machine_->registers().rip;
    if (pc < range_start_ || pc >= range_end_) return event;
    if (breakpoints_->has_breakpoint(pc)) {
      event.kind = StopEvent::Kind::kBreakpoint;
      event.address = pc;
      return event;
    }
  }
  return StopEvent{StopEvent::Kind::kPaused};
}

}  // namespace lstar::server
