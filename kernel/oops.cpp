#include "kernel/oops.h"

#include <fmt/format.h>

#include <set>

#include "kernel/kernel.h"
#include "kernel/kmalloc_heap.h"
#include "kernel/memory_layout.h"

namespace lstar::kernel {
namespace {

constexpr int kMaxFrames = 24;
constexpr const char* kRule = "==================================================================";

uint64_t read_u64(const Kernel& k, uint64_t address, bool* ok) {
  uint64_t value = 0;
  *ok = const_cast<Kernel&>(k).memory().read_debug(address, &value, 8) == 8;
  return value;
}

std::string named(const Kernel& k, uint64_t address) {
  auto name = k.code().name_of(address);
  return name ? name->text() : fmt::format("0x{:x}", address);
}

std::string task(const Kernel& k) {
  return fmt::format("{}/{}", k.comm(), k.process().pid);
}

void log(Kernel& k, LogLevel level, const std::string& line) {
  k.log().printk(level, std::string_view(line));
}

// Linux's page-fault error code: P=1 (protection), W=2, U=4, I=0x10.
uint64_t error_code(const cpu::GuestFault& f) {
  return (f.present ? 1 : 0) | (f.write ? 2 : 0) | (f.fetch ? 0x10 : 0);
}

// Linux's words: "read access", "write access", "instruction fetch".
std::string access_text(const cpu::GuestFault& f) {
  if (f.fetch) return "instruction fetch";
  return f.write ? "write access" : "read access";
}

// Linux's "Code:" line: 42 bytes before RIP and 22 from it, <> marking RIP.
std::string code_line(Kernel& k, uint64_t rip) {
  std::string out = "Code:";
  for (uint64_t a = rip - 42; a != rip + 22; ++a) {
    uint8_t byte = 0;
    if (k.memory().read_debug(a, &byte, 1) != 1) {
      out += a == rip ? " <?\?>" : " ??";
      continue;
    }
    out += a == rip ? fmt::format(" <{:02x}>", byte) : fmt::format(" {:02x}", byte);
  }
  return out;
}

std::vector<std::string> register_lines(const cpu::CpuState& s) {
  using namespace cpu;
  const auto& g = s.gpr;
  return {
      fmt::format("RSP: {:04x}:{:016x} EFLAGS: {:08x}", s.segment[kSs], g[kRsp], s.read_rflags()),
      fmt::format("RAX: {:016x} RBX: {:016x} RCX: {:016x}", g[kRax], g[kRbx], g[kRcx]),
      fmt::format("RDX: {:016x} RSI: {:016x} RDI: {:016x}", g[kRdx], g[kRsi], g[kRdi]),
      fmt::format("RBP: {:016x} R08: {:016x} R09: {:016x}", g[kRbp], g[kR8], g[kR9]),
      fmt::format("R10: {:016x} R11: {:016x} R12: {:016x}", g[kR10], g[kR11], g[kR12]),
      fmt::format("R13: {:016x} R14: {:016x} R15: {:016x}", g[kR13], g[kR14], g[kR15]),
      fmt::format("FS:  {:016x}(0000) GS:{:016x}(0000) knlGS:{:016x}", s.fs_base, s.gs_base,
                  s.msr.kernel_gs_base),
  };
}

std::string modules_linked_in(const Kernel& k) {
  std::string out = "Modules linked in:";
  for (const LinkedKernelObject& m : k.code().modules()) out += " " + m.name + "(O)";
  return out;
}

std::string taint(const Kernel& k) {
  const bool student = !k.code().modules().empty() || !k.code().builtins().empty();
  return student ? "Tainted: G           O     " : "Not tainted";
}

void log_stack(Kernel& k, const std::vector<uint64_t>& stack) {
  for (uint64_t frame : stack) log(k, LogLevel::kErr, " " + named(k, frame));
}

// KASAN's report for a fault at `address` next to or inside a kmalloc object.
void report_heap_fault(Kernel& k, const KmallocObject& object, const cpu::GuestFault& fault,
                       uint64_t rip) {
  const uint64_t end = object.address + object.size;
  const bool freed = object.freed;
  const char* bug = freed ? "use-after-free" : "slab-out-of-bounds";
  log(k, LogLevel::kErr, kRule);
  log(k, LogLevel::kErr, fmt::format("BUG: KASAN: {} in {}", bug, named(k, rip)));
  log(k, LogLevel::kErr,
      fmt::format("{} at addr {:016x} by task {}", fault.write ? "Write" : "Read", fault.address,
                  task(k)));
  log(k, LogLevel::kErr, "");
  log(k, LogLevel::kErr, fmt::format("Allocated by task {}:", k.process().pid));
  log_stack(k, object.alloc_stack);
  if (freed) {
    log(k, LogLevel::kErr, "");
    log(k, LogLevel::kErr, fmt::format("Freed by task {}:", k.process().pid));
    log_stack(k, object.free_stack);
  }
  log(k, LogLevel::kErr, "");
  log(k, LogLevel::kErr,
      fmt::format("The buggy address belongs to the object at {:016x}", object.address));
  std::string where;
  if (fault.address >= end) {
    where = fmt::format("{} bytes to the right of", fault.address - end);
  } else if (fault.address < object.address) {
    where = fmt::format("{} bytes to the left of", object.address - fault.address);
  } else {
    where = fmt::format("{} bytes inside of", fault.address - object.address);
  }
  log(k, LogLevel::kErr, fmt::format("The buggy address is located {}", where));
  log(k, LogLevel::kErr,
      fmt::format(" {}-byte region [{:016x}, {:016x}){}", object.size, object.address, end,
                  freed ? " (freed)" : ""));
  log(k, LogLevel::kErr, kRule);
}

bool hits_stack_guard(const Kernel& k, const cpu::GuestFault& fault) {
  for (const char* guard : {"kernel_stack_guard", "kernel_call_stack_guard"}) {
    const uint64_t start = k.symbol(guard);
    if (fault.address >= start && fault.address - start < cpu::kPageSize) return true;
  }
  return false;
}

// lstar's own explanation after the oops, in words a student can act on.
std::string hint(const Kernel& k, const cpu::GuestFault& fault, const KmallocObject* heap) {
  if (fault.exception == cpu::Exception::kPageFault && hits_stack_guard(k, fault)) {
    return "lstar: the 16 KiB kernel stack overflowed: unbounded recursion, or a large array "
           "on the stack (kmalloc it instead)";
  }
  if (fault.exception == cpu::Exception::kPageFault) {
    if (heap) {
      return heap->freed ? "lstar: the object was kfree()d before this access (use after free)"
                         : "lstar: the access is past the end of a kmalloc()ed object";
    }
    if (fault.address < kTaskSizeMax && fault.address >= 4096 && fault.present) {
      return fmt::format(
          "lstar: {:#x} is user memory: kernel code must not dereference a __user pointer; "
          "use copy_from_user()/copy_to_user() (SMAP stopped this access)",
          fault.address);
    }
    if (fault.address < 4096) return "lstar: a NULL pointer (plus a small offset) was dereferenced";
  }
  if (fault.exception == cpu::Exception::kGeneralProtection)
    return "lstar: a non-canonical address: the pointer is garbage (uninitialised or corrupted?)";
  return "";
}

std::string headline(const cpu::GuestFault& fault, int count) {
  switch (fault.exception) {
    case cpu::Exception::kPageFault:
      return "";
    case cpu::Exception::kGeneralProtection:
      return fmt::format("general protection fault: 0000 [#{}] SMP", count);
    case cpu::Exception::kInvalidOpcode:
      return fmt::format("invalid opcode: 0000 [#{}] SMP", count);
    case cpu::Exception::kDivideError:
      return fmt::format("divide error: 0000 [#{}] SMP", count);
    case cpu::Exception::kBreakpoint:
      return fmt::format("int3: 0000 [#{}] SMP", count);
    case cpu::Exception::kSimdFloatingPoint:
      return fmt::format("simd exception: 0000 [#{}] SMP", count);
  }
  return "";
}

}  // namespace

std::vector<uint64_t> kernel_backtrace(const Kernel& k, const cpu::CpuState& state,
                                       bool at_native) {
  std::vector<uint64_t> frames;
  bool ok = true;
  if (at_native) {
    const uint64_t ret = read_u64(k, state.gpr[cpu::kRsp], &ok);
    if (ok && k.code().name_of(ret)) frames.push_back(ret);
  }
  uint64_t rbp = state.gpr[cpu::kRbp];
  // A leaf function built with -O2 (the string library) keeps no frame:
  // its return address is still on top of the stack. Taken when it follows
  // a call instruction, as Linux's unwinder would guess it.
  if (!at_native) {
    const uint64_t top = read_u64(k, state.gpr[cpu::kRsp], &ok);
    const uint64_t caller_frame = read_u64(k, rbp + 8, &ok);
    uint8_t call = 0;
    if (top != caller_frame && k.code().name_of(top) &&
        const_cast<Kernel&>(k).memory().read_debug(top - 5, &call, 1) == 1 && call == 0xe8)
      frames.push_back(top);
  }
  while (frames.size() < kMaxFrames && rbp > kTaskSizeMax) {
    const uint64_t ret = read_u64(k, rbp + 8, &ok);
    if (!ok || !k.code().name_of(ret)) break;
    frames.push_back(ret);
    const uint64_t next = read_u64(k, rbp, &ok);
    if (!ok || next <= rbp) break;  // frames grow upwards; anything else is a loop
    rbp = next;
  }
  // entry_SYSCALL_64 keeps no frame pointer: do_syscall_64's caller is it.
  if (!frames.empty() && k.code().name_of(frames.back())->symbol == "do_syscall_64") {
    const uint64_t after_call = k.symbol("syscall_return_via_sysret");
    if (after_call) frames.push_back(after_call);
  }
  return frames;
}

std::vector<std::string> call_trace_lines(const Kernel& k, const std::vector<uint64_t>& frames) {
  std::vector<std::string> out{"Call Trace:", " <TASK>"};
  for (uint64_t frame : frames) out.push_back(" " + named(k, frame));
  out.push_back(" </TASK>");
  return out;
}

void report_oops(Kernel& k, const cpu::GuestFault& fault, const cpu::CpuState& state) {
  const int count = k.next_oops_number();
  const KmallocObject* heap = nullptr;
  if (fault.exception == cpu::Exception::kPageFault && k.heap().in_region(fault.address))
    heap = k.heap().find_near(fault.address);
  if (heap) report_heap_fault(k, *heap, fault, state.rip);
  const bool guard_hit =
      fault.exception == cpu::Exception::kPageFault && hits_stack_guard(k, fault);
  if (guard_hit) {
    log(k, LogLevel::kEmerg,
        fmt::format("BUG: stack guard page was hit at {:016x}", fault.address));
    log(k, LogLevel::kWarning,
        fmt::format("kernel stack overflow (page fault): {:04x} [#{}] SMP", error_code(fault),
                    count));
  } else if (fault.exception == cpu::Exception::kPageFault) {
    log(k, LogLevel::kAlert,
        fault.address < 4096
            ? fmt::format("BUG: kernel NULL pointer dereference, address: {:016x}", fault.address)
            : fmt::format("BUG: unable to handle page fault for address: {:016x}", fault.address));
    log(k, LogLevel::kAlert, fmt::format("#PF: supervisor {} in kernel mode", access_text(fault)));
    log(k, LogLevel::kAlert,
        fmt::format("#PF: error_code({:#06x}) - {}", error_code(fault),
                    fault.present ? "permissions violation" : "not-present page"));
    log(k, LogLevel::kWarning, fmt::format("Oops: {:04x} [#{}] SMP", error_code(fault), count));
  } else {
    log(k, LogLevel::kWarning, headline(fault, count));
  }
  log(k, LogLevel::kWarning,
      fmt::format("CPU: 0 PID: {} Comm: {} {} 5.6.0-lstar #1", k.process().pid, k.comm(),
                  taint(k)));
  log(k, LogLevel::kWarning, "Hardware name: lstar modelled x86-64 machine");
  log(k, LogLevel::kWarning, fmt::format("RIP: 0010:{}", named(k, state.rip)));
  log(k, LogLevel::kWarning, code_line(k, state.rip));
  for (const std::string& line : register_lines(state)) log(k, LogLevel::kWarning, line);
  if (fault.exception == cpu::Exception::kPageFault)
    log(k, LogLevel::kWarning, fmt::format("CR2: {:016x}", fault.address));
  const bool at_native = k.cpu().is_native(state.rip);
  for (const std::string& line : call_trace_lines(k, kernel_backtrace(k, state, at_native)))
    log(k, LogLevel::kWarning, line);
  log(k, LogLevel::kWarning, modules_linked_in(k));
  log(k, LogLevel::kWarning, "---[ end trace 0000000000000000 ]---");
  if (std::string h = hint(k, fault, heap); !h.empty()) log(k, LogLevel::kWarning, h);
}

void report_bad_free(Kernel& k, BadFree kind, uint64_t address,
                     const std::vector<uint64_t>& stack) {
  const uint64_t where = stack.empty() ? 0 : stack.front();
  log(k, LogLevel::kErr, kRule);
  log(k, LogLevel::kErr,
      fmt::format("BUG: KASAN: {} in {}",
                  kind == BadFree::kDoubleFree ? "double-free" : "invalid-free", named(k, where)));
  log(k, LogLevel::kErr, fmt::format("Free of addr {:016x} by task {}", address, task(k)));
  log_stack(k, stack);
  if (const KmallocObject* object = k.heap().find_near(address);
      object && kind == BadFree::kDoubleFree) {
    log(k, LogLevel::kErr, "");
    log(k, LogLevel::kErr, fmt::format("Allocated by task {}:", k.process().pid));
    log_stack(k, object->alloc_stack);
    log(k, LogLevel::kErr, "");
    log(k, LogLevel::kErr, fmt::format("Freed by task {}:", k.process().pid));
    log_stack(k, object->free_stack);
  }
  log(k, LogLevel::kErr, kRule);
  log(k, LogLevel::kWarning,
      kind == BadFree::kDoubleFree
          ? "lstar: this object was already kfree()d; the second kfree() was ignored"
          : "lstar: kfree() of a pointer kmalloc() did not return; it was ignored");
}

int report_leaks(Kernel& k) {
  std::vector<const KmallocObject*> live = k.heap().live_objects();
  // Anything a student global or another live object points into is still
  // referenced (kmemleak scans data, bss and the heap the same way).
  std::set<uint64_t> referenced;
  auto scan = [&](uint64_t start, uint64_t size) {
    for (uint64_t a = (start + 7) & ~uint64_t{7}; a + 8 <= start + size; a += 8) {
      uint64_t value = 0;
      if (k.memory().read_debug(a, &value, 8) != 8) continue;
      if (const KmallocObject* o = k.heap().find_live(value)) referenced.insert(o->address);
    }
  };
  for (const auto& [start, size] : k.code().writable_ranges()) scan(start, size);
  for (const KmallocObject* o : live) scan(o->address, o->size);
  int leaks = 0;
  for (const KmallocObject* o : live) {
    if (referenced.contains(o->address) || o->leak_reported) continue;
    k.heap().object_at(o->address)->leak_reported = true;
    ++leaks;
    log(k, LogLevel::kErr,
        fmt::format("unreferenced object 0x{:016x} (size {}):", o->address, o->size));
    log(k, LogLevel::kErr, fmt::format("  comm \"{}\", pid {}", k.comm(), k.process().pid));
    log(k, LogLevel::kErr, "  backtrace:");
    for (uint64_t frame : o->alloc_stack) log(k, LogLevel::kErr, "    " + named(k, frame));
  }
  if (leaks) {
    log(k, LogLevel::kErr,
        fmt::format("kmemleak: {} new suspected memory leaks (see /sys/kernel/debug/kmemleak)",
                    leaks));
  }
  return leaks;
}

void report_soft_lockup(Kernel& k, const cpu::CpuState& state, uint64_t kernel_ns) {
  log(k, LogLevel::kEmerg,
      fmt::format("watchdog: BUG: soft lockup - CPU#0 stuck for {:.2g}s! [{}:{}]",
                  static_cast<double>(kernel_ns) / 1e9, k.comm(), k.process().pid));
  log(k, LogLevel::kWarning, modules_linked_in(k));
  log(k, LogLevel::kWarning,
      fmt::format("CPU: 0 PID: {} Comm: {} {} 5.6.0-lstar #1", k.process().pid, k.comm(),
                  taint(k)));
  log(k, LogLevel::kWarning, fmt::format("RIP: 0010:{}", named(k, state.rip)));
  for (const std::string& line : register_lines(state)) log(k, LogLevel::kWarning, line);
  for (const std::string& line :
       call_trace_lines(k, kernel_backtrace(k, state, k.cpu().is_native(state.rip))))
    log(k, LogLevel::kWarning, line);
}

}  // namespace lstar::kernel
