// Where things live in a process's address space, as on Linux x86-64 with
// 4-level paging and address randomisation off (what gdb shows by default).
#pragma once

#include <cstdint>

namespace lstar::kernel {

// The end of the user half: 2^47 less one guard page (Linux's TASK_SIZE_MAX).
// Nothing at or above it is user memory.
inline constexpr uint64_t kTaskSizeMax = 0x7ffffffff000;

// The top of the initial stack (Linux's STACK_TOP is TASK_SIZE_MAX).
inline constexpr uint64_t kStackTop = kTaskSizeMax;

// Where ET_DYN programs are loaded: Linux's ELF_ET_DYN_BASE (2/3 of the user
// half), page-aligned.
inline constexpr uint64_t kPieBase = 0x555555554000;

// Linux's default vm.mmap_min_addr: page zero and its neighbours stay unmapped
// so that NULL dereferences fault.
inline constexpr uint64_t kMmapMinAddr = 0x10000;

}  // namespace lstar::kernel
