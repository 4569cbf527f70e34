// The CPU on random code bytes from a random register state: whatever the
// bytes, execution ends in a budget, a stop or a guest fault, never in a
// host crash, an uncaught exception or undefined behaviour.
//
// The layout is made for address-arithmetic edge cases: besides an ordinary
// code page and a stack page, page 0 and the last page below 2^64 may be
// mapped (user or supervisor), the code may sit at either of them or run
// off the end of a page, and every register may be small, just below 2^64,
// next to the stack or anything. A push with rsp = 4 or a store at -1 then
// takes an access across the top of the address space (the store_slow bug).
//
// Input: a layout byte, then per GPR a kind byte and its value bytes, then
// flags, segment bases, MSRs, XMM registers, and the rest is code.
#include <cstddef>
#include <cstdint>
#include <span>

#include "cpu/address_space.h"
#include "cpu/cpu.h"
#include "cpu/cpu_state.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

using lstar::cpu::kPageSize;
namespace perm = lstar::cpu::perm;

constexpr uint64_t kCodePage = 0x400000;
constexpr uint64_t kStackPage = 0x7ffffffde000;
constexpr uint64_t kTopPage = ~uint64_t{0} - (kPageSize - 1);
constexpr uint64_t kBudget = 512;  // covers kMaxCode bytes; decoding dominates a run
constexpr size_t kMaxCode = 256;

// Where the code goes: the middle of the code page, the start of page 0,
// the start of the top page, its last bytes (fetch runs into 2^64), or the
// end of the code page (fetch runs into an unmapped page).
uint64_t code_address(uint8_t layout, size_t code_size) {
  switch ((layout >> 5) % 5) {
    case 0:
      return kCodePage + 0x100;
    case 1:
      return 0;
    case 2:
      return kTopPage;
    case 3:
      return ~uint64_t{0} - (code_size > 0 ? code_size - 1 : 0);
    default:
      return kCodePage + kPageSize - (code_size > 0 ? code_size : 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  lstar::fuzz::FuzzInput input(data, size);
  const uint8_t layout = input.byte();

  lstar::cpu::AddressSpace memory;
  memory.set_page_limit(64);
  const uint8_t rwx = perm::kRead | perm::kWrite | perm::kExec;
  memory.map(kCodePage, kPageSize, rwx | perm::kUser);
  memory.map(kStackPage, kPageSize, perm::kRead | perm::kWrite | perm::kUser);
  const uint8_t edge_perms = rwx | ((layout & 2) ? perm::kUser : 0);
  if (layout & 1) memory.map(0, kPageSize, edge_perms);
  if (layout & 4) memory.map(kTopPage, kPageSize, edge_perms);

  lstar::cpu::Cpu cpu(memory);
  lstar::cpu::CpuState& state = cpu.state();
  const uint64_t anchor = kStackPage + kPageSize / 2;
  for (uint64_t& reg : state.gpr) reg = input.edgy_value(anchor);
  state.cpl = (layout & 8) ? 0 : 3;
  state.write_rflags(input.u32());
  state.fs_base = input.edgy_value(anchor);
  state.gs_base = input.edgy_value(anchor);
  state.msr.lstar = kCodePage + 0x100;
  state.msr.star = input.u64();
  state.msr.fmask = input.u32();
  state.msr.kernel_gs_base = input.edgy_value(anchor);
  state.mxcsr = 0x1f80 | (input.u16() & 0x7f);  // exception masks and flags only
  for (lstar::cpu::Xmm& xmm : state.xmm) {
    if (input.byte() & 1) continue;
    xmm.lo = input.u64();
    xmm.hi = input.u64();
  }

  const std::span<const uint8_t> code = input.take(kMaxCode);
  const uint64_t rip = code_address(layout, code.size());
  if (!memory.permissions(rip)) memory.map(rip, kPageSize, edge_perms);
  memory.write_debug(rip, code.data(), code.size());
  state.rip = rip;

  const lstar::cpu::RunResult result = cpu.run(kBudget);
  LSTAR_FUZZ_CHECK(result.instructions <= kBudget);
  LSTAR_FUZZ_CHECK((result.reason == lstar::cpu::ExitReason::kFault) == result.fault.has_value());
  return 0;
}
