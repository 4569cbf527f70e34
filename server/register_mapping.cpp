#include "server/register_mapping.h"

#include <cstring>

#include "protocol/register_layout.h"

namespace lstar::server {
namespace {

namespace rn = protocol::amd64_regnum;
using kernel::UserRegisters;

// Where a register lives in UserRegisters: a pointer to its storage and the
// number of bytes gdb transfers (wider fields are truncated/zero-extended).
struct Slot {
  void* data = nullptr;
  size_t size = 0;
};

Slot slot_of(UserRegisters& r, uint32_t regnum) {
  static constexpr uint64_t UserRegisters::*kGprs[] = {
      &UserRegisters::rax, &UserRegisters::rbx, &UserRegisters::rcx, &UserRegisters::rdx,
      &UserRegisters::rsi, &UserRegisters::rdi, &UserRegisters::rbp, &UserRegisters::rsp,
      &UserRegisters::r8,  &UserRegisters::r9,  &UserRegisters::r10, &UserRegisters::r11,
      &UserRegisters::r12, &UserRegisters::r13, &UserRegisters::r14, &UserRegisters::r15,
      &UserRegisters::rip};
  static constexpr uint64_t UserRegisters::*kSegments[] = {
      &UserRegisters::eflags, &UserRegisters::cs, &UserRegisters::ss, &UserRegisters::ds,
      &UserRegisters::es,     &UserRegisters::fs, &UserRegisters::gs};
  static constexpr uint32_t UserRegisters::*kFpuControl[] = {
      &UserRegisters::fctrl, &UserRegisters::fstat, &UserRegisters::ftag,  &UserRegisters::fiseg,
      &UserRegisters::fioff, &UserRegisters::foseg, &UserRegisters::fooff, &UserRegisters::fop};
  if (regnum <= rn::kRip) return {&(r.*kGprs[regnum]), 8};
  if (regnum <= rn::kGs) return {&(r.*kSegments[regnum - rn::kEflags]), 4};
  if (regnum <= rn::kSt7) return {r.st[regnum - rn::kSt0].data(), 10};
  if (regnum <= rn::kFop) return {&(r.*kFpuControl[regnum - rn::kFctrl]), 4};
  if (regnum <= rn::kXmm15) return {r.xmm[regnum - rn::kXmm0].data(), 16};
  if (regnum == rn::kMxcsr) return {&r.mxcsr, 4};
  if (regnum == rn::kOrigRax) return {&r.orig_rax, 8};
  if (regnum == rn::kFsBase) return {&r.fs_base, 8};
  if (regnum == rn::kGsBase) return {&r.gs_base, 8};
  return {};
}

}  // namespace

std::vector<uint8_t> register_value(const UserRegisters& regs, uint32_t regnum) {
  UserRegisters copy = regs;
  const Slot s = slot_of(copy, regnum);
  if (!s.data) return {};
  std::vector<uint8_t> out(s.size);
  std::memcpy(out.data(), s.data, s.size);  // little-endian host = target order
  return out;
}

std::vector<std::vector<uint8_t>> all_register_values(const UserRegisters& regs) {
  std::vector<std::vector<uint8_t>> values;
  for (uint32_t n = 0; n < protocol::kAmd64RegisterCount; ++n)
    values.push_back(register_value(regs, n));
  return values;
}

bool set_register_value(UserRegisters& regs, uint32_t regnum, std::span<const uint8_t> value) {
  const Slot s = slot_of(regs, regnum);
  if (!s.data || value.size() != s.size) return false;
  std::memcpy(s.data, value.data(), s.size);
  return true;
}

bool set_all_register_values(UserRegisters& regs, std::span<const uint8_t> blob) {
  if (blob.size() < protocol::kAmd64GPacketSize) return false;
  size_t offset = 0;
  for (uint32_t n = 0; n < protocol::kAmd64RegisterCount; ++n) {
    UserRegisters probe;
    const size_t size = slot_of(probe, n).size;
    if (offset + size > blob.size()) return false;
    set_register_value(regs, n, blob.subspan(offset, size));
    offset += size;
  }
  return true;
}

}  // namespace lstar::server
