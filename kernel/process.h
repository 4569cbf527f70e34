// The one user process a Machine runs: what Linux keeps in task_struct and
// mm_struct that lstar needs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lstar::kernel {

struct Process {
  int pid = 1000;
  int ppid = 999;
  std::string exe_path;
  std::vector<std::string> argv;
  std::vector<uint8_t> auxv;  // raw auxv for qXfer:auxv
  uint64_t entry = 0;
  uint64_t brk_start = 0;
  uint64_t brk = 0;
  uint64_t mmap_top = 0;        // next top-down mmap placement
  uint64_t fs_base = 0;
  uint64_t tid_address = 0;     // set_tid_address
  bool exited = false;
  int exit_code = 0;
  int killed_by_signal = 0;
};

}  // namespace lstar::kernel
