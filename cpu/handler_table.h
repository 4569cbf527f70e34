// Maps Zydis mnemonics to instruction handlers. Each instruction class file
// (cpu/instructions/*.cpp) registers the mnemonics it implements.
#pragma once

#include <Zydis/Zydis.h>

#include <array>

#include "cpu/decoded_instruction.h"

namespace lstar::cpu {

using HandlerTable = std::array<Handler, ZYDIS_MNEMONIC_MAX_VALUE + 1>;

const HandlerTable& handler_table();

// One registration function per instruction class.
void register_data_transfer(HandlerTable& table);
void register_arithmetic(HandlerTable& table);
void register_logic(HandlerTable& table);
void register_shift_rotate(HandlerTable& table);
void register_control_flow(HandlerTable& table);
void register_string_ops(HandlerTable& table);
void register_system(HandlerTable& table);
void register_sse_move(HandlerTable& table);
void register_sse_integer(HandlerTable& table);
void register_sse_shift(HandlerTable& table);
void register_sse_shuffle(HandlerTable& table);
void register_sse_float(HandlerTable& table);
void register_sse_compare(HandlerTable& table);
void register_sse_convert(HandlerTable& table);
void register_sse_state(HandlerTable& table);
void register_x87_load_store(HandlerTable& table);
void register_x87_arith(HandlerTable& table);
void register_x87_compare(HandlerTable& table);
void register_x87_transcendental(HandlerTable& table);
void register_x87_control(HandlerTable& table);

// Raises #UD for bytes that decode to something lstar does not implement.
void exec_unimplemented(Cpu& cpu, const DecodedInsn& insn);
void exec_invalid_opcode(Cpu& cpu, const DecodedInsn& insn);

}  // namespace lstar::cpu
