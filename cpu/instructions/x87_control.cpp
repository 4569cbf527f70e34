// x87 control: status and control word access, environment and full state
// save/restore, initialisation, and the wait instruction.
#include <array>
#include <cstdint>

#include "cpu/fpu_image.h"
#include "cpu/handler_table.h"
#include "cpu/operand_access.h"
#include "cpu/x87_stack.h"

namespace lstar::cpu {
namespace {

void exec_fnstsw(Cpu& cpu, const DecodedInsn& i) {
  write_operand(cpu, i.op[0], x87_status_word(cpu.state().x87));
}

void exec_fnstcw(Cpu& cpu, const DecodedInsn& i) {
  write_operand(cpu, i.op[0], cpu.state().x87.control);
}

// Unmasking a pending exception makes it pending-unmasked (ES), and the
// reverse; lstar never delivers x87 exceptions, it only keeps ES right.
void exec_fldcw(Cpu& cpu, const DecodedInsn& i) {
  X87State& s = cpu.state().x87;
  s.control = fcw::normalise(static_cast<uint16_t>(read_operand(cpu, i.op[0])));
  X87Stack(s).update_summary();
}

void reset(X87State& s) {
  s = X87State{};
  s.control = fcw::kDefault;
  s.status = 0;
  s.tag = 0xffff;
  s.top = 0;
}

void exec_fninit(Cpu& cpu, const DecodedInsn&) {
  reset(cpu.state().x87);
}

void exec_fnclex(Cpu& cpu, const DecodedInsn&) {
  X87State& s = cpu.state().x87;
  s.status =
      static_cast<uint16_t>(s.status & ~(fsw::kExceptions | fsw::kSF | fsw::kES | fsw::kBusy));
}

// fnstenv then masks every exception, as the hardware does.
void exec_fnstenv(Cpu& cpu, const DecodedInsn& i) {
  X87State& s = cpu.state().x87;
  std::array<uint8_t, kX87EnvSize> image{};
  x87_store_env(s, image.data());
  cpu.memory().store_bytes(effective_address(cpu.state(), i.op[0]), image.data(), image.size(),
                           cpu.privilege());
  s.control |= fcw::kMasks;
  X87Stack(s).update_summary();
}

void exec_fldenv(Cpu& cpu, const DecodedInsn& i) {
  std::array<uint8_t, kX87EnvSize> image{};
  cpu.memory().load_bytes(effective_address(cpu.state(), i.op[0]), image.data(), image.size(),
                          cpu.privilege());
  x87_load_env(cpu.state().x87, image.data());
}

// fnsave reinitialises the FPU after storing it.
void exec_fnsave(Cpu& cpu, const DecodedInsn& i) {
  std::array<uint8_t, kX87SaveSize> image{};
  x87_store_save(cpu.state().x87, image.data());
  cpu.memory().store_bytes(effective_address(cpu.state(), i.op[0]), image.data(), image.size(),
                           cpu.privilege());
  reset(cpu.state().x87);
}

void exec_frstor(Cpu& cpu, const DecodedInsn& i) {
  std::array<uint8_t, kX87SaveSize> image{};
  cpu.memory().load_bytes(effective_address(cpu.state(), i.op[0]), image.data(), image.size(),
                          cpu.privilege());
  x87_load_save(cpu.state().x87, image.data());
}

// Pending unmasked exceptions would be delivered here (#MF); lstar keeps
// x87 exceptions masked in effect, so waiting has nothing to do.
void exec_nothing(Cpu&, const DecodedInsn&) {}

}  // namespace

void register_x87_control(HandlerTable& t) {
  t[ZYDIS_MNEMONIC_FNSTSW] = exec_fnstsw;
  t[ZYDIS_MNEMONIC_FNSTCW] = exec_fnstcw;
  t[ZYDIS_MNEMONIC_FLDCW] = exec_fldcw;
  t[ZYDIS_MNEMONIC_FNINIT] = exec_fninit;
  t[ZYDIS_MNEMONIC_FNCLEX] = exec_fnclex;
  t[ZYDIS_MNEMONIC_FNSTENV] = exec_fnstenv;
  t[ZYDIS_MNEMONIC_FLDENV] = exec_fldenv;
  t[ZYDIS_MNEMONIC_FNSAVE] = exec_fnsave;
  t[ZYDIS_MNEMONIC_FRSTOR] = exec_frstor;
  t[ZYDIS_MNEMONIC_FWAIT] = exec_nothing;
  t[ZYDIS_MNEMONIC_FNOP] = exec_nothing;
}

}  // namespace lstar::cpu
