// The modelled Linux kernel: boots the CPU into a Linux-like state, maps the
// kernel image (entry_SYSCALL_64, do_syscall_64, sys_call_table), binds the
// table's entry points to C++ handlers through native thunks, loads the
// user program, and reports syscall events for catchpoints.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cpu/cpu.h"
#include "kernel/fault_injection.h"
#include "kernel/kernel_code.h"
#include "kernel/kernel_log.h"
#include "kernel/kmalloc_heap.h"
#include "kernel/machine.h"
#include "kernel/modules.h"
#include "kernel/mount.h"
#include "kernel/process.h"
#include "kernel/syscall_observer.h"
#include "kernel/syscall_table.h"
#include "kernel/syscalls/syscall_registry.h"

namespace lstar::kernel {

// Documented limits of the lab syscalls.
inline constexpr uint64_t kLabMemcpyMax = 1u << 20;  // memcpy: larger len gives -EINVAL
inline constexpr long kLabCaesarMax = 4096;          // caesar: longest string incl. NUL
inline constexpr unsigned kCaesarEncrypt = 0;
inline constexpr unsigned kCaesarDecrypt = 1;

using OutputSink = std::function<void(int fd, std::string_view data)>;

using InputSource = std::function<size_t(std::span<uint8_t> buffer)>;

class Kernel {
 public:
  Kernel(cpu::Cpu& cpu, SyscallTable table, OutputSink output);

  // Maps the kernel image, links the student's built-in objects (their
  // definitions win over lstar's), and sets up MSRs, sys_call_table and
  // natives.
  std::optional<std::string> boot(const std::vector<KernelObjectFile>& builtin_objects = {});
  // Loads a static ELF as the (new) user process.
  std::optional<std::string> exec(std::span<const uint8_t> elf,
                                  const std::vector<std::string>& argv,
                                  const std::vector<std::string>& envp);

  cpu::Cpu& cpu() { return cpu_; }
  const cpu::Cpu& cpu() const { return cpu_; }
  cpu::AddressSpace& memory() { return cpu_.memory(); }
  KernelLog& log() { return log_; }
  const KernelLog& log() const { return log_; }
  Process& process() { return process_; }
  const Process& process() const { return process_; }
  Modules& modules() { return modules_; }
  // The code in the kernel half and its symbols (image, student objects).
  KernelCode& code() { return *code_; }
  const KernelCode& code() const { return *code_; }
  KmallocHeap& heap() { return heap_; }
  const KmallocHeap& heap() const { return heap_; }
  // The task's name as Linux's comm: the program's base name, 15 bytes.
  std::string comm() const;
  int next_oops_number() { return ++oops_count_; }
  // Faults to inject (monitor inject); counts start again with each process.
  FaultInjection& injection() { return injection_; }
  void set_injection(FaultInjection injection) {
    injection_ = std::move(injection);
    injection_.reset_counts();
  }
  // Whether a call_kernel_function() call has just returned (once).
  bool take_kernel_call_return() { return std::exchange(kernel_call_returned_, false); }
  // Virtual time the current syscall has run, for the soft-lockup watchdog.
  uint64_t syscall_running_ns() const { return in_syscall() ? now_ns() - syscall_entry_ns_ : 0; }
  // Where each syscall row's handler comes from, for `monitor syscalls`.
  std::string implementation_of(int number) const;
  const Modules& modules() const { return modules_; }
  const SyscallTable& table() const { return table_; }
  void write_output(int fd, std::string_view data) {
    if (output_) output_(fd, data);
  }
  // How much of `wanted` bytes of output to accept now (MachineConfig::
  // output_room): all of it while there is room; otherwise what fits, at
  // least one byte, and the run is held after the current syscall.
  size_t accept_output(size_t wanted);
  void set_output_room(std::function<size_t()> room) { output_room_ = std::move(room); }
  // The guest's standard input (MachineConfig::input); none: end of file.
  void set_input(InputSource input) { input_ = std::move(input); }
  // Which of fd 0, 1, 2 the next exec() makes terminals (MachineConfig).
  void set_stdio_terminal(const std::array<bool, 3>& terminal) { stdio_terminal_ = terminal; }
  // The file systems the guest's namespace mounts, and the working
  // directory the program starts in (MachineConfig).
  void set_mounts(std::vector<Mount> mounts, std::string cwd) {
    mounts_ = std::move(mounts);
    process_.cwd = std::move(cwd);
  }
  const std::vector<Mount>& mounts() const { return mounts_; }
  size_t read_input(std::span<uint8_t> buffer) {
    return input_ ? std::min(input_(buffer), buffer.size()) : 0;
  }

  // Syscall catchpoints: nullopt = none, empty = all.
  void set_catch(std::optional<std::set<int>> numbers) { catch_ = std::move(numbers); }
  // Syscall phases that are not caught go to the observer, if any.
  void set_observer(SyscallObserver observer) { observer_ = std::move(observer); }
  // The event a native requested a stop for, if any.
  std::optional<StopEvent> take_pending_event();
  // Called by exit/exit_group handlers.
  void exit_process(int code);
  // Ends the process as a fatal signal does (abort(), kill(getpid(), sig)):
  // the Machine reports StopEvent{kKilled, signal}.
  void kill_process(abi::LinuxSignal signal);

  // Signal-delivery stops, as ptrace gives a tracer: a signal the process
  // is about to take is first reported as StopEvent{kSignal} when the
  // current syscall returns (after its return catchpoint, if any); the
  // debugger then resumes with it (the action is taken) or without it
  // (discarded). Signals in the pass set (gdb's QPassSignals) and SIGKILL
  // are acted on at once.
  void set_pass_signals(std::set<abi::LinuxSignal> signals) { pass_signals_ = std::move(signals); }
  bool passes(abi::LinuxSignal signal) const {
    return signal == abi::LinuxSignal::kSigKill || pass_signals_.contains(signal);
  }
  // `info` is what $_siginfo shows (si_code SI_USER for kill(), SI_TKILL
  // for tkill()/tgkill(), SI_KERNEL for a timer).
  void report_signal(const abi::SigInfo& info) { reported_signal_ = info; }
  bool signal_report_queued() const { return reported_signal_.has_value(); }
  // Whether the current syscall has finished and is on its way back to
  // user mode (where handler frames are built: signal_delivery.h).
  bool at_syscall_exit() const { return at_syscall_exit_; }
  // The queued report as a stop, for a resume that follows a stop which
  // came first (a return catchpoint or a hold).
  std::optional<StopEvent> take_signal_report();

  // While a syscall is in progress the user's registers are in pt_regs.
  bool in_syscall() const { return current_syscall_ >= 0; }
  int current_syscall() const { return current_syscall_; }
  uint64_t pt_regs_address() const { return kernel_stack_top_ - 168; }
  // An image symbol's address (0 when there is none).
  uint64_t symbol(std::string_view name) const;
  std::string symbol_for(uint64_t address) const;

  // Virtual time: the user program starts 1.5 s after boot (as on a real
  // machine), then one nanosecond per retired instruction.
  uint64_t now_ns() const { return boot_offset_ns_ + cpu_.instructions_retired(); }
  // pause() and sigsuspend() with a timer armed: nothing else runs, so
  // virtual time jumps to the timer's deadline.
  void advance_time(uint64_t ns) {
    boot_offset_ns_ += ns;
    syscall_entry_ns_ += ns;  // a wait is no lockup
  }
  const std::map<int, uint64_t>& syscall_counts() const { return syscall_counts_; }
  uint64_t syscalls_total() const { return syscalls_total_; }
  // The first call of each syscall lstar lacks is reported in dmesg and,
  // unless quiet (`--quiet-enosys`), on the program's stderr.
  void report_unimplemented(int nr);
  void set_quiet_enosys(bool quiet) { quiet_enosys_ = quiet; }

 private:
  std::optional<std::string> map_kernel_image();
  void bind_syscall_table();
  void register_entry_natives();
  uint64_t allocate_native(const std::string& name, cpu::NativeFunction fn);
  std::optional<uint64_t> student_entry_point(const std::string& entry_point) const;
  SyscallArgs read_args(uint64_t regs) const;
  bool catching(int nr) const;
  // Non-zero: do_syscall_64 skips the handler (an injected fault).
  uint64_t on_syscall_enter(uint64_t regs);
  uint64_t inject_into_syscall(int nr);
  void on_syscall_exit(uint64_t regs);
  void observe(SyscallObservation::Phase phase, int nr, uint64_t regs);

  cpu::Cpu& cpu_;
  SyscallTable table_;
  OutputSink output_;
  std::function<size_t()> output_room_;
  InputSource input_;
  std::vector<Mount> mounts_;
  std::array<bool, 3> stdio_terminal_{};
  KernelLog log_;
  Process process_;
  Modules modules_;
  std::map<std::string, uint64_t, std::less<>> symbols_;
  std::map<uint64_t, std::string> native_names_;
  std::optional<KernelCode> code_;
  KmallocHeap heap_;
  std::map<int, std::string> implementations_;  // by syscall number
  int oops_count_ = 0;
  FaultInjection injection_;
  std::optional<int64_t> injected_result_;  // set at entry, written to pt_regs at exit
  bool kernel_call_returned_ = false;
  uint64_t syscall_entry_ns_ = 0;
  uint64_t next_native_ = 0;
  uint64_t kernel_stack_top_ = 0;
  std::optional<std::set<int>> catch_;
  SyscallObserver observer_;
  std::optional<StopEvent> pending_;
  std::set<abi::LinuxSignal> pass_signals_;
  std::optional<abi::SigInfo> reported_signal_;
  int current_syscall_ = -1;
  bool at_syscall_exit_ = false;
  uint64_t boot_offset_ns_ = 0;
  std::map<int, uint64_t> syscall_counts_;
  uint64_t syscalls_total_ = 0;
  std::set<int> unimplemented_logged_;
  bool quiet_enosys_ = false;
  uint64_t table_slots_ = 0;  // sys_call_table's size (nr_syscalls)
};

}  // namespace lstar::kernel
