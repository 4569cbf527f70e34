#include "kernel/machine.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <map>
#include <sstream>
#include <utility>

#include "cpu/cpu.h"
#include "kernel/image/kernel_layout.h"
#include "kernel/kernel.h"
#include "kernel/memory_layout.h"
#include "kernel/module_loader.h"
#include "kernel/monitor_commands.h"
#include "kernel/oops.h"
#include "kernel/pt_regs_fields.h"
#include "kernel/signal_delivery.h"
#include "kernel/signals.h"

namespace lstar::kernel {

static_assert(kGuestPageSize == cpu::kPageSize);
namespace {

// Instructions per run slice: bounds how long a resume() goes without
// checking for interrupts from another thread.
constexpr uint64_t kRunSlice = 1u << 20;
// resume()'s budget: run until a stop.
constexpr uint64_t kUnlimited = ~uint64_t{0};

// The longest range one watchpoint may cover. Watched pages bypass the TLB,
// so this bounds how much memory a watchpoint can slow down.
constexpr uint64_t kMaxWatchLength = 1u << 20;

cpu::WatchKind to_cpu(WatchpointKind kind) {
  switch (kind) {
    case WatchpointKind::kWrite:
      return cpu::WatchKind::kWrite;
    case WatchpointKind::kRead:
      return cpu::WatchKind::kRead;
    case WatchpointKind::kAccess:
      return cpu::WatchKind::kAccess;
  }
  return cpu::WatchKind::kAccess;
}

WatchpointKind from_cpu(cpu::WatchKind kind) {
  switch (kind) {
    case cpu::WatchKind::kWrite:
      return WatchpointKind::kWrite;
    case cpu::WatchKind::kRead:
      return WatchpointKind::kRead;
    case cpu::WatchKind::kAccess:
      return WatchpointKind::kAccess;
  }
  return WatchpointKind::kAccess;
}

class MachineImpl final : public Machine {
 public:
  MachineImpl(MachineConfig config, SyscallTable table)
      : config_(std::move(config)), table_(std::move(table)), cpu_(memory_) {
    memory_.set_page_limit(config_.memory_limit_bytes / cpu::kPageSize);
    memory_.set_shared_budget(config_.shared_memory_budget);
    set_kernel_visible(config_.kernel_visible);
    for (KernelObjectFile& file : config_.module_files) provide_module_file(std::move(file));
    config_.module_files.clear();
  }

  std::optional<std::string> load(std::span<const uint8_t> elf,
                                  const std::vector<std::string>& argv,
                                  const std::vector<std::string>& envp) override {
    // Modules are the machine's, not the process's: what the user loaded
    // with `monitor insmod` is loaded again into the kernel the new
    // process boots (Linux keeps modules across processes).
    // A load that fails leaves no kernel, so the list is kept here.
    if (kernel_) modules_ = kernel_->modules().loaded();
    kernel_.reset();
    memory_.clear();
    cpu_.flush_decode_cache();
    cpu_.state() = cpu::CpuState{};
    kernel_ = std::make_unique<Kernel>(cpu_, table_, config_.output);
    kernel_->set_input(config_.input);
    kernel_->set_mounts(config_.mounts, config_.cwd);
    kernel_->set_output_room(config_.output_room);
    kernel_->set_stdio_terminal(config_.stdio_terminal);
    kernel_->set_quiet_enosys(config_.quiet_enosys);
    kernel_->set_injection(injection_);
    std::optional<std::string> error = kernel_->boot(config_.kernel_objects);
    if (!error) {
      run_builtin_initcalls(*kernel_);
      for (const std::string& name : modules_) kernel_->modules().insmod(*kernel_, name);
      reload_object_modules();
    }
    if (!error) error = kernel_->exec(elf, argv, envp);
    if (error) {
      kernel_.reset();
      memory_.clear();
      last_ = StopEvent{};
      return error;
    }
    kernel_->set_catch(catch_);
    kernel_->set_observer(observer_);
    kernel_->set_pass_signals(pass_signals_);
    killed_ = false;
    oops_death_.reset();
    fault_trap_.reset();
    interrupt_queued_ = false;
    user_orig_rax_ = ~uint64_t{0};
    last_ = StopEvent{StopEvent::Kind::kStepped};
    last_.signal = LinuxSignal::kSigTrap;
    return std::nullopt;
  }

  bool has_process() const override { return kernel_ && !kernel_->process().exited && !killed_; }
  int pid() const override { return kernel_ ? kernel_->process().pid : 0; }

  StopEvent resume(ResumeMode mode, LinuxSignal signal) override {
    return resume_for(mode, signal, kUnlimited);
  }

  StopEvent resume_for(ResumeMode mode, LinuxSignal signal, uint64_t budget) override {
    if (!kernel_) return last_ = StopEvent{};
    if (!has_process()) return last_;
    // After an oops the task dies, whatever the debugger delivers (Linux's
    // make_task_dead): the stop showed where; there is no going on.
    if (oops_death_) return last_ = kill_with(*oops_death_);
    // Resuming with a signal delivers it (signal_delivery.h); a handler's
    // frame is built at once in user mode, at the syscall's exit otherwise.
    const std::optional<TrapInfo> trap = std::exchange(fault_trap_, std::nullopt);
    if (signal != LinuxSignal::kNone) {
      const bool forced = trap && signal == last_.signal;
      switch (act_on_signal(*kernel_, delivered_siginfo(signal), forced ? &*trap : nullptr)) {
        case SignalOutcome::kFatal:
          return last_ = kill_with(signal);
        case SignalOutcome::kHandled:
          // As PTRACE_SINGLESTEP with a signal: the step ends at the
          // handler's first instruction.
          if (mode == ResumeMode::kStep && !in_kernel()) return last_ = stepped();
          break;
        case SignalOutcome::kIgnored:
          break;
      }
    }
    deliver_pending(*kernel_);
    if (auto event = kernel_->take_pending_event()) return last_ = exited_or(*event);
    // A signal the last syscall raised, reported after the stop that came
    // first (its return catchpoint, a hold).
    if (auto report = kernel_->take_signal_report()) return last_ = *report;
    run_queued_handlers(*kernel_);
    if (std::exchange(interrupt_queued_, false)) return last_ = interrupted();
    const StopEvent event = mode == ResumeMode::kStep ? step() : run_until_stop(budget);
    // A pause is no stop: the debugger still sees the one before.
    if (event.kind != StopEvent::Kind::kPaused && event.kind != StopEvent::Kind::kHeld)
      last_ = event;
    return event;
  }

  StopEvent stop_paused_run(LinuxSignal signal) override {
    if (!has_process()) return last_;
    watchdog_check();
    StopEvent e{StopEvent::Kind::kSignal};
    e.signal = signal;
    e.address = registers().rip;
    e.siginfo = abi::SigInfo{signal, abi::kSiKernel};
    return last_ = e;
  }

  void interrupt() override { cpu_.interrupt(); }
  void cancel_interrupt() override { cpu_.cancel_interrupt(); }
  void queue_interrupt() override { interrupt_queued_ = has_process(); }
  StopEvent last_stop() const override { return last_; }

  void kill() override {
    interrupt_queued_ = false;
    if (has_process()) last_ = kill_with(LinuxSignal::kSigKill);
  }

  UserRegisters registers() const override {
    const cpu::CpuState& s = cpu_.state();
    UserRegisters r;
    if (shows_user_view()) {
      read_pt_regs(r);
      r.gs_base = s.msr.kernel_gs_base;  // swapgs put the user's GS base there
    } else {
      read_cpu_gprs(r);
      r.gs_base = s.gs_base;
    }
    r.fs_base = s.fs_base;
    read_fpu(r);
    return r;
  }

  void set_registers(const UserRegisters& r) override {
    cpu::CpuState& s = cpu_.state();
    if (shows_user_view()) {
      write_pt_regs(r);
      s.msr.kernel_gs_base = r.gs_base;
    } else {
      write_cpu_gprs(r);
      s.gs_base = r.gs_base;
    }
    s.fs_base = r.fs_base;
    write_fpu(r);
  }

  size_t read_memory(uint64_t addr, std::span<uint8_t> out) const override {
    return memory_.read_debug(addr, out.data(), out.size());
  }
  size_t write_memory(uint64_t addr, std::span<const uint8_t> in) override {
    return memory_.write_debug(addr, in.data(), in.size());
  }

  bool insert_breakpoint(uint64_t addr) override {
    if (has_process()) {
      uint8_t byte = 0;
      if (memory_.read_debug(addr, &byte, 1) != 1) return false;
      if (is_kernel_half(addr) && !kernel_visible_) return false;
    }
    cpu_.insert_breakpoint(addr);
    return true;
  }
  void remove_breakpoint(uint64_t addr) override { cpu_.remove_breakpoint(addr); }

  void set_kernel_visible(bool visible) override {
    kernel_visible_ = visible;
    cpu_.set_kernel_watch_hits(visible);
  }
  bool kernel_visible() const override { return kernel_visible_; }

  bool insert_watchpoint(uint64_t addr, uint64_t len, WatchpointKind kind) override {
    if (len == 0 || len > kMaxWatchLength) return false;
    return memory_.add_watch(addr, len, to_cpu(kind));
  }
  void remove_watchpoint(uint64_t addr, uint64_t len, WatchpointKind kind) override {
    memory_.remove_watch(addr, len, to_cpu(kind));
  }

  void catch_syscalls(std::optional<std::set<int>> numbers) override {
    catch_ = std::move(numbers);
    if (kernel_) kernel_->set_catch(catch_);
  }

  void set_pass_signals(std::set<LinuxSignal> signals) override {
    pass_signals_ = std::move(signals);
    if (kernel_) kernel_->set_pass_signals(pass_signals_);
  }

  void observe_syscalls(SyscallObserver observer) override {
    observer_ = std::move(observer);
    if (kernel_) kernel_->set_observer(observer_);
  }

  std::vector<std::string> dmesg() const override {
    return kernel_ ? kernel_->log().lines() : std::vector<std::string>{};
  }

  std::vector<SymbolFile> kernel_symbol_files() const override {
    std::vector<SymbolFile> files;
    if (!has_process()) return files;
    for (const auto* list : {&kernel_->code().builtins(), &kernel_->code().modules()})
      for (const LinkedKernelObject& o : *list)
        files.push_back({"/lstar/modules/" + o.name + ".o", o.symbol_file});
    return files;
  }

  void provide_module_file(KernelObjectFile file) override {
    std::string name = file.name;
    module_files_[name] = std::move(file);
  }

  std::string monitor(const std::string& command) override {
    if (auto out = module_command(command)) return *out;
    if (command == "inject" || command.starts_with("inject ")) return inject_command(command);
    if (command == "kernel-debug" || command.starts_with("kernel-debug "))
      return kernel_debug_command(command.substr(std::min<size_t>(command.size(), 13)));
    if (command == "msr") return msr_text();
    if (!kernel_) return "lstar: no process is loaded\n";
    return run_monitor_command(*kernel_, command);
  }

  uint64_t instructions_retired() const override { return cpu_.instructions_retired(); }
  uint64_t syscalls_made() const override { return kernel_ ? kernel_->syscalls_total() : 0; }
  uint64_t memory_mapped_bytes() const override { return memory_.mapped_pages() * cpu::kPageSize; }
  uint64_t memory_backed_bytes() const override { return memory_.backed_pages() * cpu::kPageSize; }
  std::vector<uint8_t> auxv() const override {
    return kernel_ ? kernel_->process().auxv : std::vector<uint8_t>{};
  }
  std::string exe_path() const override { return kernel_ ? kernel_->process().exe_path : ""; }
  std::vector<std::string> argv() const override {
    return has_process() ? kernel_->process().argv : std::vector<std::string>{};
  }

  std::vector<MemoryMapping> memory_mappings() const override {
    std::vector<MemoryMapping> out;
    if (!has_process()) return out;
    for (const Vma& v : kernel_->process().mm.vmas()) {
      out.push_back(MemoryMapping{v.start, v.end, (v.prot & kProtRead) != 0,
                                  (v.prot & kProtWrite) != 0, (v.prot & kProtExec) != 0, v.name});
    }
    return out;
  }

 private:
  bool in_kernel() const { return cpu_.state().cpl == 0; }
  // Inside a syscall the CPU runs kernel code; unless the kernel is
  // visible, the user's registers are the ones entry_SYSCALL_64 saved in
  // pt_regs, as ptrace shows them on Linux.
  bool shows_user_view() const { return in_kernel() && !kernel_visible_; }

  // The syscall MSRs seed 000 and 004 talk about, with the symbols they
  // point at (rdmsr on a real machine needs a kernel module).
  std::string msr_text() const {
    const cpu::CpuState& s = cpu_.state();
    auto named = [this](uint64_t value) {
      const std::string symbol = kernel_ ? kernel_->symbol_for(value) : "";
      return symbol.empty() ? fmt::format("{:#018x}", value)
                            : fmt::format("{:#018x} <{}>", value, symbol);
    };
    std::string out;
    out += fmt::format("IA32_EFER           (0xc0000080) {:#018x}  SCE={}\n", s.msr.efer,
                       s.msr.efer & 1);
    out += fmt::format(
        "IA32_STAR           (0xc0000081) {:#018x}  kernel CS {:#x}, user CS base {:#x}\n",
        s.msr.star, (s.msr.star >> 32) & 0xffff, (s.msr.star >> 48) & 0xffff);
    out += fmt::format("IA32_LSTAR          (0xc0000082) {}\n", named(s.msr.lstar));
    out += fmt::format("IA32_FMASK          (0xc0000084) {:#018x}\n", s.msr.fmask);
    out += fmt::format("IA32_FS_BASE        (0xc0000100) {:#018x}\n", s.fs_base);
    out += fmt::format("IA32_GS_BASE        (0xc0000101) {:#018x}\n", s.gs_base);
    out += fmt::format("IA32_KERNEL_GS_BASE (0xc0000102) {:#018x}\n", s.msr.kernel_gs_base);
    return out;
  }

  std::string kernel_debug_command(std::string_view argument) {
    if (argument == "on") set_kernel_visible(true);
    if (argument == "off") set_kernel_visible(false);
    if (!argument.empty() && argument != "on" && argument != "off")
      return "lstar: usage: monitor kernel-debug [on|off]\n";
    if (!kernel_visible_) {
      return "kernel-debug: off. The kernel is invisible, as under ptrace: stepi over `syscall`\n"
             "completes it, and breakpoints in kernel code are refused.\n";
    }
    return "kernel-debug: on. stepi on `syscall` enters entry_SYSCALL_64; breakpoints in kernel\n"
           "code fire; in the kernel, registers are the CPU's own (cs = 0x10).\n"
           "Kernel symbols: `sharedlibrary` loads them now (the server lists the kernel image as\n"
           "a library while the kernel is visible; with lstar serve --kernel-debug gdb loads it\n"
           "when it connects), or add-symbol-file target:/lstar/vmlinux\n";
  }

  // Runs up to `budget` instructions (kUnlimited: until a stop). A
  // breakpoint at the starting RIP stops the run before its instruction,
  // whether the run resumes from a stop there (gdb removes the breakpoint
  // first when it means to step over it, and a `jump` onto it must stop, as
  // with gdbserver's int3) or carries on after a pause.
  StopEvent run_until_stop(uint64_t budget = kUnlimited) {
    for (;;) {
      if (budget == 0) return StopEvent{StopEvent::Kind::kPaused};
      // A slice ends at the interval timer's deadline, so SIGALRM comes
      // at the instruction it is due.
      const uint64_t slice =
          std::max<uint64_t>(1, std::min({budget, kRunSlice, instructions_until_timer(*kernel_)}));
      const cpu::RunResult r = cpu_.run(slice);
      if (budget != kUnlimited) budget -= std::min(budget, r.instructions);
      if (auto event = interpret(r)) return *event;
      if (auto event = timer_signal()) return *event;
    }
  }

  // SIGALRM between two user instructions: a handler's frame is built on
  // the CPU's registers at once.
  std::optional<StopEvent> timer_signal() {
    if (in_kernel() || instructions_until_timer(*kernel_) != 0) return std::nullopt;
    fire_expired_timer(*kernel_);
    if (auto event = kernel_->take_pending_event()) return exited_or(*event);
    return kernel_->take_signal_report();
  }

  // What the handler's siginfo says: the stop's own when the debugger
  // delivers the signal it stopped with; otherwise one the debugger sends
  // (SI_USER).
  abi::SigInfo delivered_siginfo(LinuxSignal signal) const {
    if ((last_.kind == StopEvent::Kind::kSignal || last_.kind == StopEvent::Kind::kInterrupted) &&
        last_.signal == signal)
      return last_.siginfo;
    return abi::SigInfo{signal, abi::kSiUser, 0, 0, 0, true};
  }

  StopEvent breakpoint_stop() const {
    StopEvent e{StopEvent::Kind::kBreakpoint};
    e.signal = LinuxSignal::kSigTrap;
    e.address = cpu_.state().rip;
    return e;
  }

  // Executes one user instruction. A `syscall` instruction completes as one
  // step (the kernel is invisible) unless a catchpoint stops inside it.
  // With the kernel visible, one instruction at any privilege.
  StopEvent step() {
    const bool one_instruction = kernel_visible_ || !in_kernel();
    if (one_instruction) {
      if (auto event = step_one_instruction()) return *event;
      // The kernel is invisible: a `syscall` just stepped into it runs on
      // until it returns to user mode.
      if (kernel_visible_ || !in_kernel()) return stepped();
    }
    cpu_.set_stop_on_user_return(true);
    StopEvent event = run_until_stop();
    cpu_.set_stop_on_user_return(false);
    return event;
  }

  // Executes one instruction; the stop it caused (a fault, a catchpoint in
  // a native call), if any.
  std::optional<StopEvent> step_one_instruction() {
    const uint64_t before = cpu_.instructions_retired();
    const cpu::RunResult r = cpu_.step();
    if (r.reason != cpu::ExitReason::kBudgetExhausted || cpu_.instructions_retired() == before)
      return interpret(r);
    return std::nullopt;
  }

  static StopEvent interrupted() {
    StopEvent e{StopEvent::Kind::kInterrupted};
    e.signal = LinuxSignal::kSigInt;
    // As gdbserver's kill(SIGINT): sent by a user process.
    e.siginfo = abi::SigInfo{LinuxSignal::kSigInt, abi::kSiUser, 0, 0, 0, true};
    return e;
  }

  StopEvent stepped() const {
    StopEvent e{StopEvent::Kind::kStepped};
    e.signal = LinuxSignal::kSigTrap;
    return e;
  }

  std::optional<StopEvent> interpret(const cpu::RunResult& r) {
    switch (r.reason) {
      case cpu::ExitReason::kBudgetExhausted:
        return std::nullopt;
      case cpu::ExitReason::kStopRequested:
        if (auto event = kernel_->take_pending_event()) return exited_or(*event);
        if (cpu_.stop_on_user_return() && !in_kernel()) return stepped();
        return std::nullopt;
      case cpu::ExitReason::kBreakpoint:
        return breakpoint_stop();
      case cpu::ExitReason::kWatchpoint: {
        StopEvent e{StopEvent::Kind::kWatchpoint};
        e.signal = LinuxSignal::kSigTrap;
        e.address = r.watch->address;
        e.watch_kind = from_cpu(r.watch->kind);
        return e;
      }
      case cpu::ExitReason::kInterrupted:
        watchdog_check();
        return interrupted();
      case cpu::ExitReason::kHalted:
      case cpu::ExitReason::kFault:
        return signal_for(*r.fault);
    }
    return std::nullopt;
  }

  StopEvent exited_or(const StopEvent& event) {
    if (event.kind == StopEvent::Kind::kExited) {
      kernel_->log().printk(LogLevel::kInfo, "lstar: process {} exited with status {}",
                            kernel_->process().pid, event.exit_code);
    }
    if (event.kind == StopEvent::Kind::kKilled) {  // Kernel::kill_process
      killed_ = true;
      kernel_->log().printk(LogLevel::kInfo, "lstar: process {} killed by {}",
                            kernel_->process().pid, abi::signal_name(event.signal));
    }
    return event;
  }

  StopEvent signal_for(const cpu::GuestFault& fault) {
    if (in_kernel()) return oops(fault);
    FaultReport report = describe_fault(fault, cpu_.state(), kernel_->process());
    kernel_->log().printk(LogLevel::kInfo, "{}", report.log_line);
    if (fault.exception == cpu::Exception::kBreakpoint) cpu_.state().rip = fault.address + 1;
    fault_trap_ = report.trap;
    StopEvent e{StopEvent::Kind::kSignal};
    e.signal = report.signal;
    e.address = report.address;
    e.siginfo = abi::SigInfo{report.signal, report.code, report.address};
    return e;
  }

  // A fault in kernel code: the oops goes to dmesg and the debugger sees a
  // SIGSEGV stop where it happened (in the kernel when it is visible, at the
  // syscall otherwise); resuming ends the task as Linux's oops does: SIGKILL
  // after a page fault, SIGSEGV after the other exceptions.
  StopEvent oops(const cpu::GuestFault& fault) {
    report_oops(*kernel_, fault, cpu_.state());
    oops_death_ = fault.exception == cpu::Exception::kPageFault ? LinuxSignal::kSigKill
                                                                : LinuxSignal::kSigSegv;
    StopEvent e{StopEvent::Kind::kSignal};
    e.signal = LinuxSignal::kSigSegv;
    e.address = fault.address;
    e.siginfo = abi::SigInfo{LinuxSignal::kSigSegv, abi::kSiKernel, fault.address};
    return e;
  }

  // The kernel's watchdog, when a run is cut short while kernel code runs:
  // the student's (a loop in their syscall) or any that ran for a second.
  void watchdog_check() {
    if (!kernel_ || !in_kernel()) return;
    const uint64_t ns = kernel_->syscall_running_ns();
    if (kernel_->code().student_object_at(cpu_.state().rip) || ns >= 1'000'000'000)
      report_soft_lockup(*kernel_, cpu_.state(), ns);
  }

  // `monitor inject [SPEC|clear]`: strace's -e inject for this machine; it
  // applies to the current process (counting from its first call) and to
  // every process run after it.
  std::string inject_command(const std::string& command) {
    std::string spec = command.substr(std::min<size_t>(command.size(), 7));
    spec.erase(0, spec.find_first_not_of(' '));
    spec.erase(spec.find_last_not_of(' ') + 1);
    if (spec == "clear") {
      injection_.clear();
      if (kernel_) kernel_->injection().clear();
      return "inject: cleared\n";
    }
    if (spec.empty()) {
      std::string out =
          injection_.empty() ? "inject: none (monitor inject SET:error=E[:when=N])\n" : "";
      for (const InjectionRule& rule : injection_.rules()) out += "inject " + rule.text + "\n";
      return out;
    }
    auto parsed = parse_injection(
        spec,
        [this](int nr) -> std::optional<std::string> {
          const SyscallEntry* row = table_.find(nr);
          return row ? std::optional<std::string>(row->name) : std::nullopt;
        },
        [this](std::string_view name) { return table_.find(name) != nullptr; });
    if (auto* error = std::get_if<std::string>(&parsed)) return "lstar: inject: " + *error + "\n";
    if (!injection_.add(std::get<InjectionRule>(parsed)))
      return fmt::format("lstar: inject: at most {} rules (monitor inject clear)\n",
                         FaultInjection::kMaxRules);
    if (kernel_) kernel_->injection().add(std::get<InjectionRule>(parsed));
    return "inject: " + spec + "\n";
  }

  // insmod, rmmod and lsmod of module objects (the built-in test_call
  // module is the kernel's monitor command's).
  std::optional<std::string> module_command(const std::string& command) {
    std::istringstream in(command);
    std::string verb, argument;
    in >> verb >> argument;
    if (verb == "lsmod" && kernel_) return run_monitor_command(*kernel_, command) + lsmod_objects();
    if (argument.empty() || argument == "test_call") return std::nullopt;
    if (verb == "insmod") return insmod(argument);
    if (verb == "rmmod") return rmmod(argument);
    return std::nullopt;
  }

  const KernelObjectFile* module_file(const std::string& argument) const {
    if (auto it = module_files_.find(argument); it != module_files_.end()) return &it->second;
    for (const auto& [key, file] : module_files_)
      if (kernel_object_name(key) == kernel_object_name(argument)) return &file;
    return nullptr;
  }

  std::string insmod(const std::string& argument) {
    const KernelObjectFile* file = module_file(argument);
    if (!file) {
      return fmt::format(
          "insmod: ERROR: could not load module {}: No such file (upload it first: remote put "
          "{} {})\n",
          argument, argument, argument);
    }
    const std::string name = kernel_object_name(file->name);
    if (!kernel_) {
      if (std::find(object_modules_.begin(), object_modules_.end(), file->name) ==
          object_modules_.end())
        object_modules_.push_back(file->name);
      return fmt::format("insmod: {} is loaded when the program starts (no kernel runs yet)\n",
                         name);
    }
    const std::string error = insmod_object(*kernel_, *file);
    if (!error.empty()) return error + "\n";
    object_modules_.push_back(file->name);
    const LinkedKernelObject* m = kernel_->code().module(name);
    return fmt::format("insmod: {} loaded at {:#x}; its symbols in gdb:\n  {}\n", name, m->start,
                       m->add_symbol_file_command(file->name));
  }

  std::string rmmod(const std::string& argument) {
    const std::string name = kernel_object_name(argument);
    auto queued = std::find_if(object_modules_.begin(), object_modules_.end(),
                               [&](const std::string& f) { return kernel_object_name(f) == name; });
    if (!kernel_) {
      if (queued == object_modules_.end())
        return fmt::format("rmmod: ERROR: Module {} is not currently loaded\n", name);
      object_modules_.erase(queued);
      return "";
    }
    const std::string error = rmmod_object(*kernel_, name);
    if (!error.empty()) return error + "\n";
    if (queued != object_modules_.end()) object_modules_.erase(queued);
    return "";
  }

  std::string lsmod_objects() const {
    std::string out;
    for (const LinkedKernelObject& m : kernel_->code().modules()) {
      out += fmt::format("{:<22} {:>5}  0\n", m.name, m.end - m.start);
    }
    for (const LinkedKernelObject& o : kernel_->code().builtins())
      out += fmt::format("{:<22} {:>5}  built-in\n", o.name, o.end - o.start);
    // What gdb needs to show student code at source level (Linux's
    // /sys/module/NAME/sections, as a command).
    for (const auto* list : {&kernel_->code().modules(), &kernel_->code().builtins()})
      for (const LinkedKernelObject& o : *list)
        out += "  " + o.add_symbol_file_command(o.name + ".o") + "\n";
    return out;
  }

  // Modules loaded before a new program started are loaded again into the
  // kernel it boots; one that no longer loads is dropped, with the reason
  // in dmesg.
  void reload_object_modules() {
    std::vector<std::string> kept;
    for (const std::string& key : object_modules_) {
      const KernelObjectFile* file = module_file(key);
      if (!file) continue;
      const std::string error = insmod_object(*kernel_, *file);
      if (error.empty()) {
        kept.push_back(key);
      } else {
        kernel_->log().printk(LogLevel::kErr, "{}", error);
      }
    }
    object_modules_ = std::move(kept);
  }

  StopEvent kill_with(LinuxSignal signal) {
    report_leaks(*kernel_);
    killed_ = true;
    kernel_->process().killed_by_signal = signal;
    kernel_->log().printk(LogLevel::kInfo, "lstar: process {} killed by {}", kernel_->process().pid,
                          abi::signal_name(signal));
    StopEvent e{StopEvent::Kind::kKilled};
    e.signal = signal;
    return e;
  }

  void read_cpu_gprs(UserRegisters& r) const {
    const cpu::CpuState& s = cpu_.state();
    using namespace cpu;
    r.rax = s.gpr[kRax];
    r.rbx = s.gpr[kRbx];
    r.rcx = s.gpr[kRcx];
    r.rdx = s.gpr[kRdx];
    r.rsi = s.gpr[kRsi];
    r.rdi = s.gpr[kRdi];
    r.rbp = s.gpr[kRbp];
    r.rsp = s.gpr[kRsp];
    r.r8 = s.gpr[kR8];
    r.r9 = s.gpr[kR9];
    r.r10 = s.gpr[kR10];
    r.r11 = s.gpr[kR11];
    r.r12 = s.gpr[kR12];
    r.r13 = s.gpr[kR13];
    r.r14 = s.gpr[kR14];
    r.r15 = s.gpr[kR15];
    r.rip = s.rip;
    r.eflags = s.read_rflags();
    r.cs = s.segment[kCs];
    r.ss = s.segment[kSs];
    r.ds = s.segment[kDs];
    r.es = s.segment[kEs];
    r.fs = s.segment[kFs];
    r.gs = s.segment[kGs];
    r.orig_rax = user_orig_rax_;
  }

  void write_cpu_gprs(const UserRegisters& r) {
    cpu::CpuState& s = cpu_.state();
    using namespace cpu;
    s.gpr[kRax] = r.rax;
    s.gpr[kRbx] = r.rbx;
    s.gpr[kRcx] = r.rcx;
    s.gpr[kRdx] = r.rdx;
    s.gpr[kRsi] = r.rsi;
    s.gpr[kRdi] = r.rdi;
    s.gpr[kRbp] = r.rbp;
    s.gpr[kRsp] = r.rsp;
    s.gpr[kR8] = r.r8;
    s.gpr[kR9] = r.r9;
    s.gpr[kR10] = r.r10;
    s.gpr[kR11] = r.r11;
    s.gpr[kR12] = r.r12;
    s.gpr[kR13] = r.r13;
    s.gpr[kR14] = r.r14;
    s.gpr[kR15] = r.r15;
    if (s.rip != r.rip) s.rip = r.rip;
    // Like ptrace, only the user-changeable flags can be set.
    constexpr uint64_t kUserFlags = 0x244dd5;
    s.write_rflags((s.read_rflags() & ~kUserFlags) | (r.eflags & kUserFlags));
    user_orig_rax_ = r.orig_rax;
  }

  void read_pt_regs(UserRegisters& r) const {
    const uint64_t base = kernel_->pt_regs_address();
    for (const PtRegsField& f : kPtRegsFields)
      memory_.read_debug(base + f.offset, &(r.*f.field), 8);
    r.ds = r.es = r.fs = r.gs = 0;
  }

  void write_pt_regs(const UserRegisters& r) {
    const uint64_t base = kernel_->pt_regs_address();
    UserRegisters current;
    read_pt_regs(current);
    UserRegisters next = r;
    next.cs = current.cs;  // segment selectors are not the debugger's to change
    next.ss = current.ss;
    constexpr uint64_t kUserFlags = 0x244dd5;
    next.eflags = (current.eflags & ~kUserFlags) | (r.eflags & kUserFlags);
    for (const PtRegsField& f : kPtRegsFields)
      memory_.write_debug(base + f.offset, &(next.*f.field), 8);
  }

  void read_fpu(UserRegisters& r) const {
    const cpu::CpuState& s = cpu_.state();
    const cpu::X87State& x = s.x87;
    for (int i = 0; i < 8; ++i) std::memcpy(r.st[i].data(), &x.regs[(x.top + i) & 7], 10);
    r.fctrl = x.control;
    r.fstat = (x.status & ~0x3800u) | (uint32_t{x.top} << 11);
    r.ftag = x.tag;
    r.fop = x.last_opcode;
    r.fioff = static_cast<uint32_t>(x.last_ip);
    r.fooff = static_cast<uint32_t>(x.last_dp);
    for (int i = 0; i < 16; ++i) {
      std::memcpy(r.xmm[i].data(), &s.xmm[i].lo, 8);
      std::memcpy(r.xmm[i].data() + 8, &s.xmm[i].hi, 8);
    }
    r.mxcsr = s.mxcsr;
  }

  void write_fpu(const UserRegisters& r) {
    cpu::CpuState& s = cpu_.state();
    cpu::X87State& x = s.x87;
    x.top = static_cast<uint8_t>((r.fstat >> 11) & 7);
    for (int i = 0; i < 8; ++i) {
      long double v = 0;
      std::memcpy(&v, r.st[i].data(), 10);
      x.regs[(x.top + i) & 7] = v;
    }
    x.control = static_cast<uint16_t>(r.fctrl);
    x.status = static_cast<uint16_t>(r.fstat & ~0x3800u);
    x.tag = static_cast<uint16_t>(r.ftag);
    for (int i = 0; i < 16; ++i) {
      std::memcpy(&s.xmm[i].lo, r.xmm[i].data(), 8);
      std::memcpy(&s.xmm[i].hi, r.xmm[i].data() + 8, 8);
    }
    s.mxcsr = r.mxcsr & 0xffff;
  }

  MachineConfig config_;
  SyscallTable table_;
  cpu::AddressSpace memory_;
  cpu::Cpu cpu_;
  std::unique_ptr<Kernel> kernel_;
  std::vector<std::string> modules_;  // loaded when the last process started
  std::optional<std::set<int>> catch_;
  std::set<LinuxSignal> pass_signals_;
  SyscallObserver observer_;
  StopEvent last_;
  uint64_t user_orig_rax_ = ~uint64_t{0};
  bool interrupt_queued_ = false;  // queue_interrupt(): the next resume stops with SIGINT
  bool killed_ = false;
  bool kernel_visible_ = false;
  std::optional<LinuxSignal> oops_death_;  // set by an oops: how the task dies on resume
  FaultInjection injection_;               // monitor inject: rules, for every boot
  std::optional<TrapInfo> fault_trap_;     // the last stop was this user-mode fault
  std::map<std::string, KernelObjectFile> module_files_;  // what insmod can load, by file name
  std::vector<std::string> object_modules_;               // module files loaded, in order
};

}  // namespace

std::unique_ptr<Machine> Machine::create(MachineConfig config, std::string* error) {
  if (config.syscall_table_path.empty()) {
    return std::make_unique<MachineImpl>(std::move(config), SyscallTable::builtin());
  }
  auto parsed = SyscallTable::load_file(config.syscall_table_path);
  if (auto* message = std::get_if<std::string>(&parsed)) {
    if (error) *error = *message;
    return nullptr;
  }
  return std::make_unique<MachineImpl>(std::move(config),
                                       std::move(std::get<SyscallTable>(parsed)));
}

}  // namespace lstar::kernel
