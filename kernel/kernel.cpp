#include "kernel/kernel.h"

#include <fmt/format.h>

#include "abi/syscall_names.h"
#include "cpu/cpuid_model.h"
#include "kernel/elf_loader.h"
#include "kernel/errno.h"
#include "kernel/image/kernel_image.h"
#include "kernel/image/kernel_image_bytes.h"
#include "kernel/image/kernel_layout.h"
#include "kernel/initial_stack.h"
#include "kernel/kernel_api.h"
#include "kernel/oops.h"
#include "kernel/signal_delivery.h"
#include "kernel/vfs.h"

namespace lstar::kernel {
namespace {

constexpr uint64_t kEferSce = 1u << 0, kEferLme = 1u << 8, kEferLma = 1u << 10;
// Linux's syscall_init(): TF DF IF IOPL AC NT are cleared on entry.
constexpr uint64_t kSyscallMask = 0x47700;
constexpr uint8_t kUd2[2] = {0x0f, 0x0b};
// mmap placements grow down from here, below the stack.
constexpr uint64_t kMmapTop = 0x7ffff7fff000;

}  // namespace

Kernel::Kernel(cpu::Cpu& cpu, SyscallTable table, OutputSink output)
    : cpu_(cpu), table_(std::move(table)), output_(std::move(output)) {
  log_.set_clock([this] { return now_ns(); });
}

std::optional<std::string> Kernel::boot(const std::vector<KernelObjectFile>& builtin_objects) {
  if (auto error = map_kernel_image()) return error;
  for (const KernelObjectFile& object : builtin_objects) {
    if (auto error = code_->link_builtin(object.bytes, kernel_object_name(object.name), memory())) {
      for (const std::string& line : error->dmesg) log_.printk(LogLevel::kErr, "{}", line);
      // Built in, it is the kernel's link that fails, as ld would say it.
      if (!error->unknown_symbols.empty()) {
        return fmt::format(
            "kernel object {}: undefined reference to {} (not a kernel function "
            "lstar provides: docs/kernel-api.md)",
            object.name, fmt::join(error->unknown_symbols, ", "));
      }
      return "kernel object " + object.name + ": " + error->message;
    }
    log_.printk(LogLevel::kInfo, "lstar: linked {} into the kernel", object.name);
  }
  memory().map(KERNEL_NATIVE_AREA, KERNEL_NATIVE_AREA_SIZE, cpu::perm::kRead | cpu::perm::kExec);
  for (uint64_t a = KERNEL_NATIVE_AREA; a < KERNEL_NATIVE_AREA + KERNEL_NATIVE_AREA_SIZE; a += 2)
    memory().write_debug(a, kUd2, sizeof kUd2);
  next_native_ = KERNEL_NATIVE_AREA;
  for (const char* guard : {"kernel_stack_guard", "kernel_call_stack_guard"})
    memory().unmap(symbol(guard), cpu::kPageSize);
  register_entry_natives();
  register_kernel_api(*this);
  bind_syscall_table();

  cpu::CpuState& s = cpu_.state();
  s.msr.efer = kEferSce | kEferLme | kEferLma;
  s.msr.star = (uint64_t{__USER32_CS} << 48) | (uint64_t{__KERNEL_CS} << 32);
  s.msr.lstar = symbol("entry_SYSCALL_64");
  s.msr.fmask = kSyscallMask;
  s.msr.kernel_gs_base = symbol("percpu_area");
  kernel_stack_top_ = symbol("kernel_stack_top");
  log_.printk(LogLevel::kInfo, "Linux version 5.6.0-lstar (lstar modelled kernel) #1 SMP");
  log_.printk(LogLevel::kInfo, "syscall table: {} entries, highest {}", table_.size(),
              table_.max_number());
  return std::nullopt;
}

std::optional<std::string> Kernel::map_kernel_image() {
  auto image = kernel::map_kernel_image(kernel_image_bytes(), memory());
  if (auto* error = std::get_if<std::string>(&image)) return *error;
  symbols_ = std::move(std::get<KernelImage>(image).symbols);
  std::vector<std::string> required = kernel_api_names();
  for (const char* name :
       {"entry_SYSCALL_64", "do_syscall_64", "sys_call_table", "nr_syscalls", "percpu_area",
        "kernel_stack_top", "syscall_trace_enter", "syscall_exit_to_user_mode",
        "__x64_sys_ni_syscall", "syscall_return_via_sysret", "kernel_call_return",
        "kernel_call_stack_top", "kernel_stack_guard", "kernel_call_stack_guard"})
    required.emplace_back(name);
  for (const std::string& name : required) {
    if (!symbols_.count(name)) return fmt::format("kernel image lacks {}", name);
  }
  auto table = ElfSymbolTable::read(kernel_image_bytes());
  if (auto* error = std::get_if<std::string>(&table)) return "kernel image: " + *error;
  code_.emplace(std::move(std::get<ElfSymbolTable>(table)));
  return std::nullopt;
}

uint64_t Kernel::symbol(std::string_view name) const {
  auto it = symbols_.find(name);
  return it == symbols_.end() ? 0 : it->second;
}

std::string Kernel::symbol_for(uint64_t address) const {
  if (auto it = native_names_.find(address); it != native_names_.end()) return it->second;
  if (code_ && code_->student_object_at(address)) {
    auto name = code_->name_of(address);
    if (name && name->offset == 0) return name->text(false);
  }
  for (const auto& [name, value] : symbols_)
    if (value == address) return name;
  return "";
}

uint64_t Kernel::allocate_native(const std::string& name, cpu::NativeFunction fn) {
  const uint64_t address = next_native_;
  next_native_ += KERNEL_NATIVE_SLOT;
  cpu_.register_native(address, std::move(fn));
  native_names_[address] = name;
  return address;
}

SyscallArgs Kernel::read_args(uint64_t regs) const {
  SyscallArgs args;
  constexpr int kOffsets[6] = {PT_RDI, PT_RSI, PT_RDX, PT_R10, PT_R8, PT_R9};
  for (int i = 0; i < 6; ++i)
    cpu_.memory().read_debug(regs + kOffsets[i], &args.value[i], sizeof(uint64_t));
  return args;
}

void Kernel::register_entry_natives() {
  cpu_.register_native(symbol("kernel_call_return"), [this](cpu::Cpu& c) {
    kernel_call_returned_ = true;
    c.request_stop();
    return c.state().gpr[cpu::kRax];
  });
  cpu_.register_native(symbol("syscall_trace_enter"),
                       [this](cpu::Cpu& c) { return on_syscall_enter(c.state().gpr[cpu::kRdi]); });
  cpu_.register_native(symbol("syscall_exit_to_user_mode"), [this](cpu::Cpu& c) {
    on_syscall_exit(c.state().gpr[cpu::kRdi]);
    return uint64_t{0};
  });
  cpu_.register_native(symbol("__x64_sys_ni_syscall"), [this](cpu::Cpu&) {
    report_unimplemented(current_syscall_);
    return static_cast<uint64_t>(-int64_t{kENOSYS});
  });
}

// Nothing fails silently: the first call of a syscall Linux has and lstar
// lacks says so in dmesg and on the program's stderr (unless quiet).
// Numbers Linux does not know get -ENOSYS without a word, as on Linux.
void Kernel::report_unimplemented(int nr) {
  std::string name;
  if (const SyscallEntry* row = table_.find(nr)) name = row->name;
  for (const abi::SyscallName& known : abi::default_syscall_names())
    if (name.empty() && known.number == static_cast<uint64_t>(nr)) name = known.name;
  if (name.empty() || !unimplemented_logged_.insert(nr).second) return;
  log_.printk(LogLevel::kWarning, "lstar: syscall {} ({}) is not implemented (-ENOSYS)", nr, name);
  if (!quiet_enosys_) {
    write_output(2, fmt::format("lstar: syscall {} ({}) is not implemented; see "
                                "docs/process-model.md\n",
                                nr, name));
  }
}

// Fills sys_call_table in guest memory. A row's entry point resolves, in
// order, to the student's built-in code (so their __x64_sys_hello replaces
// lstar's), to a C++ handler through a native thunk, or to a function in
// the kernel image; rows with none get sys_ni_syscall (-ENOSYS).
void Kernel::bind_syscall_table() {
  const uint64_t table_addr = symbol("sys_call_table");
  const uint64_t ni = symbol("__x64_sys_ni_syscall");
  const int slots = std::min(table_.max_number() + 1, SYS_CALL_TABLE_SLOTS);
  for (int nr = 0; nr < slots; ++nr) memory().write_debug(table_addr + 8 * nr, &ni, 8);
  const SyscallRegistry& registry = syscall_registry();
  for (const SyscallEntry& entry : table_) {
    if (entry.x32_only() || entry.number >= SYS_CALL_TABLE_SLOTS) continue;
    uint64_t handler = 0;
    if (auto student = student_entry_point(entry.entry_point)) {
      handler = *student;
      implementations_[entry.number] =
          "student (" + code_->name_of(handler).value_or(KernelAddressName{}).module + ")";
    } else if (auto impl = registry.find(entry.entry_point); impl != registry.end()) {
      const SyscallImpl fn = impl->second;
      handler = allocate_native(entry.entry_point, [this, fn](cpu::Cpu& c) {
        return static_cast<uint64_t>(fn(*this, read_args(c.state().gpr[cpu::kRdi])));
      });
      implementations_[entry.number] = "lstar (C++)";
    } else if (entry.implemented() && code_->resolve(entry.entry_point, false)) {
      handler = *code_->resolve(entry.entry_point, false);
      implementations_[entry.number] = "lstar (kernel image)";
    } else {
      implementations_[entry.number] = entry.implemented() ? "none: -ENOSYS" : "";
      continue;
    }
    memory().write_debug(table_addr + 8 * static_cast<uint64_t>(entry.number), &handler, 8);
  }
  table_slots_ = static_cast<uint64_t>(slots);
  memory().write_debug(symbol("nr_syscalls"), &table_slots_, 8);
}

// "__x64_sys_rot13" names the student's function of that name; the seeds'
// older style "sys_hello" names their __x64_sys_hello too.
std::optional<uint64_t> Kernel::student_entry_point(const std::string& entry_point) const {
  if (entry_point.empty()) return std::nullopt;
  if (auto address = code_->student_symbol(entry_point)) return address;
  if (entry_point.starts_with("sys_")) return code_->student_symbol("__x64_" + entry_point);
  return std::nullopt;
}

std::string Kernel::implementation_of(int number) const {
  auto it = implementations_.find(number);
  return it == implementations_.end() ? "" : it->second;
}

std::string Kernel::comm() const {
  std::string name = process_.exe_path;
  if (size_t slash = name.rfind('/'); slash != std::string::npos) name.erase(0, slash + 1);
  return name.substr(0, 15);
}

bool Kernel::catching(int nr) const {
  return catch_ && (catch_->empty() || catch_->count(nr));
}

uint64_t Kernel::on_syscall_enter(uint64_t regs) {
  uint64_t nr = 0;
  memory().read_debug(regs + PT_ORIG_RAX, &nr, 8);
  current_syscall_ = static_cast<int>(nr);
  at_syscall_exit_ = false;
  syscall_entry_ns_ = now_ns();
  ++syscall_counts_[current_syscall_];
  ++syscalls_total_;
  const uint64_t skip = inject_into_syscall(current_syscall_);
  if (catching(current_syscall_)) {
    pending_ = StopEvent{StopEvent::Kind::kSyscallEntry, current_syscall_};
    cpu_.request_stop();
  } else if (observer_) {
    observe(SyscallObservation::Phase::kEntry, current_syscall_, regs);
  }
  return skip;
}

// strace's -e inject: the call is not run; its result is set at exit.
uint64_t Kernel::inject_into_syscall(int nr) {
  if (injection_.empty()) return 0;
  const SyscallEntry* row = table_.find(nr);
  if (!row) return 0;
  const auto fault = injection_.on_call(row->name);
  if (!fault) return 0;
  // strace's signal=: sent by the kernel, as the injected call happens.
  if (fault->signal != abi::LinuxSignal::kNone)
    send_signal(*this, abi::SigInfo{fault->signal, abi::kSiKernel});
  if (!fault->result) return 0;
  injected_result_ = fault->result;
  log_.printk(LogLevel::kInfo, "lstar: injected {} into {} ({})", *fault->result, row->name, nr);
  return 1;
}

void Kernel::on_syscall_exit(uint64_t regs) {
  uint64_t nr = 0;
  memory().read_debug(regs + PT_ORIG_RAX, &nr, 8);
  if (injected_result_) {
    memory().write_debug(regs + PT_RAX, &*injected_result_, 8);
    injected_result_.reset();
  }
  // Beyond sys_call_table no handler ran, not even sys_ni_syscall.
  if (nr >= table_slots_ && nr < static_cast<uint64_t>(SyscallTable::kMaxNumber))
    report_unimplemented(static_cast<int>(nr));
  // exit_process or kill_process already asked for the stop.
  if (process_.exited || process_.killed_by_signal != abi::LinuxSignal::kNone) return;
  at_syscall_exit_ = true;
  fire_expired_timer(*this);
  if (process_.killed_by_signal != abi::LinuxSignal::kNone) return;
  if (catching(static_cast<int>(nr))) {
    pending_ = StopEvent{StopEvent::Kind::kSyscallReturn, static_cast<int>(nr)};
    cpu_.request_stop();
  } else if (observer_) {
    observe(SyscallObservation::Phase::kReturn, static_cast<int>(nr), regs);
  }
  // A signal the syscall raised stops now, unless a stop above came first:
  // then the Machine reports it when the debugger resumes from that one.
  if (!pending_ && reported_signal_) {
    pending_ = take_signal_report();
    cpu_.request_stop();
  }
  // With no stop, handlers' frames are built now; after a stop, when the
  // debugger resumes (it may change the return value first).
  if (!pending_) run_queued_handlers(*this);
}

std::optional<StopEvent> Kernel::take_signal_report() {
  if (!reported_signal_) return std::nullopt;
  StopEvent e{StopEvent::Kind::kSignal, current_syscall_};
  e.siginfo = *std::exchange(reported_signal_, std::nullopt);
  e.signal = e.siginfo.signo;
  return e;
}

// The observer sees what a stop would show, without the stop; when it asks
// for a pause, the run ends after this native call as a catchpoint's would.
void Kernel::observe(SyscallObservation::Phase phase, int nr, uint64_t regs) {
  SyscallObservation o;
  o.phase = phase;
  o.nr = nr;
  o.args = read_args(regs).value;
  if (phase == SyscallObservation::Phase::kReturn)
    memory().read_debug(regs + PT_RAX, &o.result, sizeof o.result);
  o.instructions = cpu_.instructions_retired();
  if (!observer_(o)) {
    pending_ = StopEvent{StopEvent::Kind::kHeld, nr};
    cpu_.request_stop();
  }
}

size_t Kernel::accept_output(size_t wanted) {
  if (!output_room_) return wanted;
  const size_t room = output_room_();
  if (room >= wanted) return wanted;
  // A full pty blocks the writer; here the syscall returns short and the
  // guest waits outside it (glibc's stdio and lab_write retry the rest).
  if (!pending_) {
    pending_ = StopEvent{StopEvent::Kind::kHeld, current_syscall_};
    cpu_.request_stop();
  }
  return std::max<size_t>(room, 1);
}

void Kernel::exit_process(int code) {
  report_leaks(*this);
  process_.exited = true;
  process_.exit_code = code & 0xff;
  pending_ = StopEvent{StopEvent::Kind::kExited, current_syscall_, abi::LinuxSignal::kNone,
                       process_.exit_code};
  cpu_.request_stop();
}

void Kernel::kill_process(abi::LinuxSignal signal) {
  report_leaks(*this);
  process_.killed_by_signal = signal;
  pending_ = StopEvent{StopEvent::Kind::kKilled, current_syscall_, signal};
  cpu_.request_stop();
}

std::optional<StopEvent> Kernel::take_pending_event() {
  auto event = pending_;
  pending_.reset();
  return event;
}

}  // namespace lstar::kernel

namespace lstar::kernel {

std::optional<std::string> Kernel::exec(std::span<const uint8_t> elf,
                                        const std::vector<std::string>& argv,
                                        const std::vector<std::string>& envp) {
  auto loaded = load_elf(elf, memory());
  if (auto* error = std::get_if<std::string>(&loaded)) return *error;
  const LoadedImage& image = std::get<LoadedImage>(loaded);

  InitialStackParams params;
  params.argv = argv.empty() ? std::vector<std::string>{"a.out"} : argv;
  params.envp = envp;
  params.execfn = params.argv.front();
  params.random_seed = 0x6c73746172;    // "lstar": deterministic AT_RANDOM
  params.hwcap = cpu::cpuid(1, 0).edx;  // AT_HWCAP is CPUID.1:EDX on x86
  auto stack = build_initial_stack(memory(), image, params);
  if (auto* error = std::get_if<InitialStackError>(&stack)) return error->message;
  const InitialStack& st = std::get<InitialStack>(stack);

  process_.exe_path = params.execfn;
  process_.argv = params.argv;
  process_.auxv = st.auxv_bytes;
  process_.entry = image.entry;
  process_.brk_start = process_.brk = image.brk_start;
  process_.mmap_top = kMmapTop;
  process_.mm.adopt(memory(), st.stack_low, st.stack_top, vfs_exe_path(*this));
  process_.files.install_stdio(stdio_terminal_);
  // getrandom() draws from a stream of its own, as reproducible as AT_RANDOM.
  process_.random = RandomSource(params.random_seed ^ 0x67657472616e64);

  // The register state Linux's start_thread() leaves for a new program.
  cpu::CpuState& s = cpu_.state();
  s.gpr.fill(0);
  s.gpr[cpu::kRsp] = st.rsp;
  s.rip = image.entry;
  s.write_rflags(0x202);
  s.segment = {0, __USER_CS, __USER_DS, 0, 0, 0};
  s.cpl = 3;
  s.fs_base = s.gs_base = 0;
  boot_offset_ns_ = 1'500'000'000;
  log_.printk(LogLevel::kInfo, "lstar: exec {} (pid {}), entry {:#x}", process_.exe_path,
              process_.pid, image.entry);
  return std::nullopt;
}

}  // namespace lstar::kernel
