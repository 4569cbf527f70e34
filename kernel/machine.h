// A Machine is one simulated computer running one Linux process: a CPU, an
// address space and the modelled kernel. It is driven by resume() calls and
// reports stop events; it knows nothing of sockets or RSP.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "abi/siginfo.h"
#include "abi/signals.h"
#include "cpu/shared_page_budget.h"
#include "kernel/mount.h"
#include "kernel/syscall_observer.h"
#include "kernel/user_registers.h"

namespace lstar::kernel {

// What a data watchpoint watches for.
enum class WatchpointKind { kWrite, kRead, kAccess };

struct StopEvent {
  enum class Kind {
    kBreakpoint,     // stopped before executing the instruction at `address`
    kWatchpoint,     // an instruction accessed watched data at `address`; RIP is past it
    kStepped,        // a single step completed
    kSyscallEntry,   // `syscall_nr` is about to run (registers: rax=-ENOSYS, orig_rax=nr)
    kSyscallReturn,  // `syscall_nr` returned (rax = result)
    kSignal,         // the guest received `signal` (fault at `address`)
    kExited,         // exit_group(`exit_code`)
    kKilled,         // terminated by `signal`
    kInterrupted,    // interrupt() or the instruction budget
    kNoProcess,      // nothing loaded
    kPaused,         // the run's instruction budget ran out; resume() carries on
    kHeld,           // the syscall observer asked to hold the guest; resume() carries on
  };
  Kind kind = Kind::kNoProcess;
  int syscall_nr = 0;
  abi::LinuxSignal signal = abi::LinuxSignal::kNone;
  int exit_code = 0;
  uint64_t address = 0;
  WatchpointKind watch_kind = WatchpointKind::kWrite;  // for kWatchpoint
  abi::SigInfo siginfo = {};  // for kSignal and kInterrupted: what $_siginfo shows
};

// One line of /proc/PID/maps: a user mapping of the process.
struct MemoryMapping {
  uint64_t start = 0;  // page-aligned
  uint64_t end = 0;    // exclusive
  bool readable = false;
  bool writable = false;
  bool executable = false;
  std::string name;  // the program's path, "[heap]", "[stack]", or empty
};

enum class ResumeMode { kContinue, kStep };

// A cap on the memory several machines map together (a lab server's total),
// counted in guest pages; the server makes one and hands it to each.
using SharedMemoryBudget = cpu::SharedPageBudget;
inline constexpr uint64_t kGuestPageSize = 4096;

// The kernel's half of the address space (canonical addresses with bit 47
// set): the image, modules, kmalloc memory. What a debugger may not touch
// while the kernel is invisible.
inline constexpr bool is_kernel_half(uint64_t address) {
  return address >= 0xffff800000000000;
}

// A student's kernel object file (`lstar kbuild` output): its file name
// ("mymod.o") and its bytes.
struct KernelObjectFile {
  std::string name;
  std::vector<uint8_t> bytes;
};

struct MachineConfig {
  // Path of a syscall_64.tbl to use instead of the built-in one.
  std::string syscall_table_path;
  // Receives everything the guest writes to fd 1 and 2.
  std::function<void(int fd, std::string_view data)> output;
  uint64_t memory_limit_bytes = 1ull << 30;
  // Supplies what the guest reads from fd 0: fills `buffer` with up to its
  // size in bytes and returns how many (0 at end of input). Unset: fd 0 is
  // always at end of file. Last, so positional initialisers stay valid.
  std::function<size_t(std::span<uint8_t> buffer)> input = {};
  // A cap on the memory that this machine and others map together (a lab
  // server's total); null: only memory_limit_bytes applies.
  std::shared_ptr<SharedMemoryBudget> shared_memory_budget = {};
  // Which of fd 0, 1, 2 are terminals (isatty() true; glibc then
  // line-buffers stdout). None by default: like a pipe.
  std::array<bool, 3> stdio_terminal = {};
  // How many bytes of fd 1 and 2 output the host takes now without piling
  // them up (a lab server's client that reads slowly). A write larger than
  // that is short, as on a full pty, and the run is held (kHeld) right
  // after the syscall until the host resumes it. Unset: no bound (lstar
  // run, whose writes block in the host's own write).
  std::function<size_t()> output_room = {};
  // Kernel-visible debugging from the start (set_kernel_visible()).
  bool kernel_visible = false;
  // Student objects linked into the kernel at every boot (obj-y; `lstar
  // run --kernel-object`): a syscall table row may name their functions,
  // and their module_init runs at boot.
  std::vector<KernelObjectFile> kernel_objects = {};
  // Module files `monitor insmod FILE` can load (`--module FILE`).
  std::vector<KernelObjectFile> module_files = {};
  // No line on the program's stderr when it calls a syscall lstar lacks
  // (dmesg still has it).
  bool quiet_enosys = false;
  // The file systems the guest sees besides lstar's synthetic /dev, /proc
  // and /sys (none: only those), and the directory the program starts in.
  std::vector<Mount> mounts = {};
  std::string cwd = "/";
};

class Machine {
 public:
  // Returns null (and sets *error) when the configuration is unusable, e.g.
  // a syscall table file that does not parse.
  static std::unique_ptr<Machine> create(MachineConfig config, std::string* error = nullptr);
  virtual ~Machine() = default;

  // Loads a static ELF executable as a new process (replacing any old one).
  // Returns an error message on failure.
  virtual std::optional<std::string> load(std::span<const uint8_t> elf,
                                          const std::vector<std::string>& argv,
                                          const std::vector<std::string>& envp) = 0;
  virtual bool has_process() const = 0;
  virtual int pid() const = 0;

  // Runs until a stop event. Thread-safe interrupt() ends a run early.
  virtual StopEvent resume(ResumeMode mode,
                           abi::LinuxSignal signal_to_deliver = abi::LinuxSignal::kNone) = 0;
  // The same, for a host that shares threads among machines: after about
  // `budget` instructions without a stop it returns kPaused, and a later
  // resume_for(kContinue, 0, ...) carries on exactly where the run left off
  // (the guest cannot tell; a breakpoint at that spot still stops it). A
  // pause is no stop: last_stop() still reports the one before. A step is
  // never paused.
  virtual StopEvent resume_for(ResumeMode mode, abi::LinuxSignal signal_to_deliver,
                               uint64_t budget) = 0;
  // Ends a paused run as a stop by `signal` that the host imposes (SIGXCPU
  // at an instruction limit): last_stop() reports it, and the debugger may
  // deliver it or not on the next resume, as with any signal stop.
  virtual StopEvent stop_paused_run(abi::LinuxSignal signal) = 0;
  virtual void interrupt() = 0;
  // Drops an interrupt() that reached the machine after its run had already
  // stopped for another reason, so that it does not end the next run at
  // once. Call only while no run is in progress.
  virtual void cancel_interrupt() = 0;
  // A Ctrl-C that reached the machine while it was stopped: the next resume
  // stops at once with SIGINT, before any instruction, as a SIGINT queued to
  // a ptrace-stopped process does under gdbserver. A signal that resume
  // delivers and that kills still kills first.
  virtual void queue_interrupt() = 0;
  virtual StopEvent last_stop() const = 0;
  virtual void kill() = 0;

  // Debugger view of the user thread (pt_regs while inside a syscall,
  // unless the kernel is visible).
  virtual UserRegisters registers() const = 0;
  virtual void set_registers(const UserRegisters& regs) = 0;
  virtual size_t read_memory(uint64_t addr, std::span<uint8_t> out) const = 0;
  virtual size_t write_memory(uint64_t addr, std::span<const uint8_t> in) = 0;

  // false, inserting nothing, where gdbserver could not place an int3: an
  // address the process has not mapped, or kernel code while the kernel is
  // invisible (it would never stop there).
  virtual bool insert_breakpoint(uint64_t addr) = 0;
  virtual void remove_breakpoint(uint64_t addr) = 0;
  // The kernel-visible mode (`monitor kernel-debug on`): a step executes
  // one instruction at any privilege (stepi on `syscall` lands at
  // entry_SYSCALL_64), breakpoints may sit in kernel code, and while the CPU
  // runs kernel code registers() shows its real state (cs = 0x10, the
  // kernel stack), not the user's pt_regs. Off (the default) is what
  // ptrace shows on Linux: the kernel is invisible.
  virtual void set_kernel_visible(bool visible) = 0;
  virtual bool kernel_visible() const = 0;
  // Data watchpoints on [addr, addr+len), reported after the accessing
  // instruction as x86 debug registers do. They survive load(). insert
  // returns false for a range it refuses (empty, wrapping, too long).
  virtual bool insert_watchpoint(uint64_t addr, uint64_t len, WatchpointKind kind) = 0;
  virtual void remove_watchpoint(uint64_t addr, uint64_t len, WatchpointKind kind) = 0;
  // Signals acted on without a signal-delivery stop (gdb's QPassSignals).
  virtual void set_pass_signals(std::set<abi::LinuxSignal> signals) = 0;
  // nullopt: catch none; empty set: catch all; otherwise these numbers.
  virtual void catch_syscalls(std::optional<std::set<int>> numbers) = 0;
  // Sees the syscall phases no catchpoint stops at (syscall_observer.h);
  // an empty function removes it. It survives load().
  virtual void observe_syscalls(SyscallObserver observer) = 0;

  // The student's code in the kernel, as files a debugger can load for
  // symbols: "/lstar/modules/NAME.o" and its bytes (sections at their
  // linked addresses). Empty without a process.
  struct SymbolFile {
    std::string path;
    std::shared_ptr<const std::vector<uint8_t>> bytes;
  };
  virtual std::vector<SymbolFile> kernel_symbol_files() const = 0;

  // Makes a module file available to `monitor insmod` (a file the
  // debugger uploaded with `remote put`); replaces one of the same name.
  virtual void provide_module_file(KernelObjectFile file) = 0;

  // Kernel facilities for monitor commands.
  virtual std::vector<std::string> dmesg() const = 0;
  virtual std::string monitor(const std::string& command) = 0;
  virtual uint64_t instructions_retired() const = 0;
  // Syscalls the current process has made.
  virtual uint64_t syscalls_made() const = 0;
  // Guest memory: bytes the process has mapped (what the memory limit
  // counts) and bytes actually backed by host memory (touched pages).
  virtual uint64_t memory_mapped_bytes() const = 0;
  virtual uint64_t memory_backed_bytes() const = 0;
  // Raw auxv of the process (for qXfer:auxv:read) and its executable path.
  virtual std::vector<uint8_t> auxv() const = 0;
  virtual std::string exe_path() const = 0;
  // The process's argv (for /proc/PID/cmdline) and its user mappings in
  // address order (for /proc/PID/maps); empty without a process.
  virtual std::vector<std::string> argv() const = 0;
  virtual std::vector<MemoryMapping> memory_mappings() const = 0;
};

}  // namespace lstar::kernel
