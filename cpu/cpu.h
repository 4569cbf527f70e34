// The x86-64 execution engine: decode (cached), execute, stop.
//
// The CPU knows nothing of Linux. It offers mechanisms: native calls (guest
// addresses that run host functions), breakpoints, an interrupt flag, and
// exceptions reported to the caller. Policies live in kernel/.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "cpu/address_space.h"
#include "cpu/cpu_state.h"
#include "cpu/guest_fault.h"

namespace lstar::cpu {

class Cpu;
class DecodeCache;

// A host function reached by executing a guest address. It receives the
// SysV argument registers through the Cpu, returns a value for RAX, and then
// the CPU returns to the caller as `ret` would.
using NativeFunction = std::function<uint64_t(Cpu&)>;

enum class ExitReason : uint8_t {
  kBudgetExhausted,  // ran max_instructions
  kBreakpoint,       // about to execute an instruction at a breakpoint
  kFault,            // an exception; `fault` says which, RIP points at the instruction
  kStopRequested,    // request_stop() was called (by a native, hlt, or sysret)
  kInterrupted,      // interrupt() was called
  kHalted,           // hlt
  kWatchpoint,       // a watched access completed; `watch` says which, RIP is past it
};

struct RunResult {
  ExitReason reason = ExitReason::kBudgetExhausted;
  std::optional<GuestFault> fault;
  std::optional<WatchHit> watch;
  uint64_t instructions = 0;
};

class Cpu {
 public:
  explicit Cpu(AddressSpace& memory);
  ~Cpu();
  Cpu(const Cpu&) = delete;
  Cpu& operator=(const Cpu&) = delete;

  CpuState& state() { return state_; }
  const CpuState& state() const { return state_; }
  AddressSpace& memory() { return memory_; }
  Privilege privilege() const { return state_.cpl == 3 ? Privilege::kUser : Privilege::kKernel; }

  // Executes until an exit reason occurs or `max_instructions` retire. A
  // breakpoint at the starting RIP does not stop the run (so that continuing
  // from a breakpoint makes progress).
  RunResult run(uint64_t max_instructions);
  // Executes exactly one instruction (a native call counts as one).
  RunResult step() { return run(1); }

  void register_native(uint64_t address, NativeFunction fn);
  bool is_native(uint64_t address) const { return natives_.count(address) != 0; }
  // Called by a native function: stop once it has returned.
  void request_stop() { stop_requested_ = true; }
  // When set, returning to CPL 3 (sysret) ends the run: lets a debugger step
  // over a whole syscall while the kernel stays invisible.
  void set_stop_on_user_return(bool on) { stop_on_user_return_ = on; }
  // When set, a watchpoint hit by a CPL-0 access ends the run right after
  // the accessing instruction, as debug registers do for a kernel debugger;
  // when clear, it waits for the return to CPL 3.
  void set_kernel_watch_hits(bool on) { kernel_watch_hits_ = on; }
  bool stop_on_user_return() const { return stop_on_user_return_; }
  // Thread-safe: stops the current run at the next block boundary.
  void interrupt() { interrupt_requested_.store(true, std::memory_order_relaxed); }
  // Drops an interrupt that came too late to end a run.
  void cancel_interrupt() { interrupt_requested_.store(false, std::memory_order_relaxed); }

  void insert_breakpoint(uint64_t address) { breakpoints_.insert(address); }
  void remove_breakpoint(uint64_t address) { breakpoints_.erase(address); }
  void clear_breakpoints() { breakpoints_.clear(); }
  bool has_breakpoint(uint64_t address) const { return breakpoints_.count(address) != 0; }

  uint64_t instructions_retired() const { return retired_; }
  // Drops every decoded instruction (after the address space is replaced).
  void flush_decode_cache();

  // Used by instruction handlers.
  template <typename T>
  T load(uint64_t addr) {
    return memory_.load<T>(addr, privilege());
  }
  template <typename T>
  void store(uint64_t addr, T value) {
    memory_.store<T>(addr, value, privilege());
  }
  void push64(uint64_t value);
  uint64_t pop64();
  // Set by handlers that change control flow in ways the block chain must not
  // follow (e.g. writes to code, CPL changes).
  void end_block() { block_ended_ = true; }
  uint64_t call_native(uint64_t address);

 private:
  friend class Executor;
  // After an instruction, while watchpoints exist: reports a pending hit.
  bool watch_triggered(RunResult& result);
  CpuState state_;
  AddressSpace& memory_;
  std::unique_ptr<DecodeCache> cache_;
  std::unordered_map<uint64_t, NativeFunction> natives_;
  std::unordered_set<uint64_t> breakpoints_;
  std::atomic<bool> interrupt_requested_{false};
  bool stop_requested_ = false;
  bool stop_on_user_return_ = false;
  bool kernel_watch_hits_ = false;
  bool block_ended_ = false;
  uint64_t retired_ = 0;
};

}  // namespace lstar::cpu
