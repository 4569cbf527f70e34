#include "cpu/handler_table.h"

#include "cpu/cpu.h"

namespace lstar::cpu {

const HandlerTable& handler_table() {
  static const HandlerTable table = [] {
    HandlerTable t{};
    register_data_transfer(t);
    register_arithmetic(t);
    register_logic(t);
    register_shift_rotate(t);
    register_control_flow(t);
    register_sse_move(t);
    register_sse_integer(t);
    register_sse_shift(t);
    register_sse_shuffle(t);
    register_sse_float(t);
    register_sse_compare(t);
    register_sse_convert(t);
    register_sse_state(t);
    register_x87_load_store(t);
    register_x87_arith(t);
    register_x87_compare(t);
    register_x87_transcendental(t);
    register_x87_control(t);
    register_string_ops(t);  // after SSE: movsd/cmpsd dispatch between both
    register_system(t);
    return t;
  }();
  return table;
}

void exec_unimplemented(Cpu&, const DecodedInsn& insn) {
  throw GuestFault{Exception::kInvalidOpcode,
                   insn.address,
                   false,
                   false,
                   false,
                   std::string("unimplemented instruction ") +
                       ZydisMnemonicGetString(static_cast<ZydisMnemonic>(insn.mnemonic))};
}

void exec_invalid_opcode(Cpu&, const DecodedInsn& insn) {
  throw GuestFault{Exception::kInvalidOpcode, insn.address, false, false, false, "invalid opcode"};
}

}  // namespace lstar::cpu
