// What Linux prints when kernel code goes wrong, in Linux's own shape, so
// that what a student learns here reads the same on a real machine: the
// oops for a fault in kernel mode (with KASAN's report first when the
// address is in or next to a kmalloc object), the call trace that
// dump_stack() prints, KASAN's double-free and invalid-free reports,
// kmemleak's unreferenced objects, and the watchdog's soft lockup line.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cpu/cpu_state.h"
#include "cpu/guest_fault.h"

namespace lstar::kernel {

class Kernel;
struct KmallocObject;

// Return addresses of the kernel frames that led to `state`, innermost
// first, by following the frame-pointer chain (kernel C is built with frame
// pointers). `at_native`: the CPU is at a native function's address, whose
// return address is still on top of the stack.
std::vector<uint64_t> kernel_backtrace(const Kernel& kernel, const cpu::CpuState& state,
                                       bool at_native);

// " <TASK>", one line per frame, " </TASK>".
std::vector<std::string> call_trace_lines(const Kernel& kernel,
                                          const std::vector<uint64_t>& frames);

// Logs the oops for `fault`, raised by kernel code at `state`.
void report_oops(Kernel& kernel, const cpu::GuestFault& fault, const cpu::CpuState& state);

enum class BadFree { kDoubleFree, kInvalidFree };
void report_bad_free(Kernel& kernel, BadFree kind, uint64_t address,
                     const std::vector<uint64_t>& stack);

// kmemleak: the objects still allocated at `exit` that no student data and
// no other live object points to. Logs each once; returns how many.
int report_leaks(Kernel& kernel);

// The watchdog, when a run is interrupted (Ctrl-C, an instruction limit)
// while kernel code has been running for `kernel_ns` of virtual time.
void report_soft_lockup(Kernel& kernel, const cpu::CpuState& state, uint64_t kernel_ns);

}  // namespace lstar::kernel
