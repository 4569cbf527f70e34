// The System V initial process stack, laid out as Linux's exec does it
// (fs/exec.c copy_strings, fs/binfmt_elf.c create_elf_tables):
//
//   stack_top - 8          8 zero bytes
//   below that             AT_EXECFN string, envp strings, argv strings
//   16-byte aligned below  AT_PLATFORM string ("x86_64"), then 16 AT_RANDOM bytes
//   ...                    padding
//   auxv                   type/value pairs, AT_NULL last
//   envp[]                 pointers, then NULL
//   argv[]                 pointers, then NULL
//   rsp (16-aligned) ->    argc
//
// The random bytes come from a seed, so a run is reproducible.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "cpu/address_space.h"
#include "kernel/auxv.h"
#include "kernel/elf_loader.h"
#include "kernel/memory_layout.h"

namespace lstar::kernel {

struct InitialStackParams {
  std::vector<std::string> argv;
  std::vector<std::string> envp;
  // AT_EXECFN: the path the program was started from; argv[0] when empty.
  std::string execfn;
  uint64_t random_seed = 0;  // source of the AT_RANDOM bytes

  uint64_t stack_top = kStackTop;
  uint64_t stack_size = uint64_t{8} << 20;  // RLIMIT_STACK's usual 8 MiB

  uint64_t uid = 1000, euid = 1000, gid = 1000, egid = 1000;
  // CPUID.1:EDX of the modelled CPU (Linux's ELF_HWCAP on x86).
  uint64_t hwcap = 0x178bfbff;
  uint64_t hwcap2 = 0;
  uint64_t clock_ticks = 100;  // AT_CLKTCK: USER_HZ
  // AT_MINSIGSTKSZ as Linux computes it for a CPU without XSAVE: the 64-bit
  // rt_sigframe (440) + 512 bytes of FXSAVE state + 112 of legacy FPU state +
  // alignment slack (2 * 63), rounded up to 64.
  uint64_t minsigstksz = 1216;
  std::string platform = "x86_64";
  // Appended before AT_NULL, e.g. AT_SYSINFO_EHDR once there is a vDSO.
  std::vector<AuxvEntry> extra_auxv;
};

struct InitialStack {
  uint64_t rsp = 0;  // points at argc
  uint64_t stack_low = 0, stack_top = 0;
  uint64_t argv_addr = 0, envp_addr = 0, auxv_addr = 0;  // the arrays on the stack
  uint64_t execfn_addr = 0, platform_addr = 0, random_addr = 0;
  std::array<uint8_t, 16> random_bytes{};
  std::vector<AuxvEntry> auxv;      // as written, AT_NULL included
  std::vector<uint8_t> auxv_bytes;  // the same, as /proc/PID/auxv holds it
};

struct InitialStackError {
  int error = 0;  // a Linux errno: E2BIG for oversized arguments, ENOMEM for no room
  std::string message;
};

using InitialStackResult = std::variant<InitialStack, InitialStackError>;

// Linux's limits on exec arguments: one string may be at most 32 pages
// (MAX_ARG_STRLEN), and all strings plus their pointers at most a quarter of
// the stack (but at least 32 pages, at most 6 MiB).
inline constexpr uint64_t kMaxArgStrlen = 32 * cpu::kPageSize;

// Maps [stack_top - stack_size, stack_top) read/write for the user and
// writes the initial stack for `image` into it.
InitialStackResult build_initial_stack(cpu::AddressSpace& as, const LoadedImage& image,
                                       const InitialStackParams& params);

}  // namespace lstar::kernel
