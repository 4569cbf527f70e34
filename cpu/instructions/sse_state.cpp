// MXCSR access and the fxsave/fxrstor state images.
#include <array>

#include "cpu/fpu_image.h"
#include "cpu/handler_table.h"
#include "cpu/host_mxcsr.h"
#include "cpu/xmm_access.h"

namespace lstar::cpu {
namespace {

// Only the architectural part of the image is written; bytes 416..511 are
// reserved or available to software and left alone.
constexpr unsigned kFxsaveWritten = 416;

void check_mxcsr(const DecodedInsn& i, uint32_t value) {
  if (value & ~mxcsr::kSupported) raise_general_protection(i, "reserved MXCSR bits");
}

void exec_ldmxcsr(Cpu& cpu, const DecodedInsn& i) {
  const uint32_t v = cpu.load<uint32_t>(effective_address(cpu.state(), i.op[0]));
  check_mxcsr(i, v);
  cpu.state().mxcsr = v;
}

void exec_stmxcsr(Cpu& cpu, const DecodedInsn& i) {
  cpu.store<uint32_t>(effective_address(cpu.state(), i.op[0]), cpu.state().mxcsr);
}

void exec_fxsave(Cpu& cpu, const DecodedInsn& i) {
  const uint64_t addr = effective_address(cpu.state(), i.op[0]);
  check_alignment(i, addr, Align::kSixteen);
  std::array<uint8_t, kFxsaveSize> image{};
  fxsave_store(cpu.state(), image.data());
  cpu.memory().store_bytes(addr, image.data(), kFxsaveWritten, cpu.privilege());
}

void exec_fxrstor(Cpu& cpu, const DecodedInsn& i) {
  const uint64_t addr = effective_address(cpu.state(), i.op[0]);
  check_alignment(i, addr, Align::kSixteen);
  std::array<uint8_t, kFxsaveSize> image{};
  cpu.memory().load_bytes(addr, image.data(), kFxsaveSize, cpu.privilege());
  uint32_t new_mxcsr;
  std::memcpy(&new_mxcsr, image.data() + 24, 4);
  check_mxcsr(i, new_mxcsr);
  fxsave_load(cpu.state(), image.data());
}

}  // namespace

void register_sse_state(HandlerTable& t) {
  t[ZYDIS_MNEMONIC_LDMXCSR] = exec_ldmxcsr;
  t[ZYDIS_MNEMONIC_STMXCSR] = exec_stmxcsr;
  t[ZYDIS_MNEMONIC_FXSAVE] = exec_fxsave;
  t[ZYDIS_MNEMONIC_FXSAVE64] = exec_fxsave;
  t[ZYDIS_MNEMONIC_FXRSTOR] = exec_fxrstor;
  t[ZYDIS_MNEMONIC_FXRSTOR64] = exec_fxrstor;
}

}  // namespace lstar::cpu
