// The one user process a Machine runs: what Linux keeps in task_struct and
// mm_struct that lstar needs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "abi/signals.h"
#include "kernel/file_table.h"
#include "kernel/memory_map.h"
#include "kernel/random_source.h"
#include "kernel/resource_limits.h"
#include "kernel/signal_state.h"

namespace lstar::kernel {

// The one user a guest runs as (getuid(), a signal's sender).
inline constexpr uint32_t kStudentUid = 1000;

struct Process {
  int pid = 1000;
  int ppid = 999;
  std::string exe_path;
  std::vector<std::string> argv;
  std::vector<uint8_t> auxv;  // raw auxv for qXfer:auxv
  uint64_t entry = 0;
  uint64_t brk_start = 0;
  uint64_t brk = 0;
  uint64_t mmap_top = 0;     // mmap_base: top-down placements search below it
  uint64_t tid_address = 0;  // set_tid_address
  uint64_t robust_list = 0;  // set_robust_list
  uint32_t umask = 022;
  std::string cwd = "/";  // an absolute path in the guest's namespace (vfs.h)
  bool futex_deadlock_logged = false;
  MemoryMap mm;
  FileTable files;
  SignalState signals;
  ResourceLimits limits = default_resource_limits();
  RandomSource random;  // getrandom, /dev/urandom
  bool exited = false;
  int exit_code = 0;
  abi::LinuxSignal killed_by_signal = abi::LinuxSignal::kNone;
};

}  // namespace lstar::kernel
