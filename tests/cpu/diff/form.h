// One instruction form under differential test: its encoding plus what the
// random state generator and the comparison need to know about it.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cpu/decoded_instruction.h"
#include "tests/cpu/diff/machine_image.h"
#include "tests/cpu/diff/random.h"

namespace lstar::difftest {

// What XMM lanes and x87 registers are filled with.
enum class Values : uint8_t { kInteger, kFloat32, kFloat64, kX87 };

struct Form;

// Adjusts a random case so that it is meaningful for the form (e.g. a
// non-zero divisor most of the time, a shift count in range, string
// registers pointing at the scratch page). Gets the decoded instruction.
using Fixup = void (*)(Case& c, const cpu::DecodedInsn& insn, Rng& rng);

// Status flags (RFLAGS bits) the SDM leaves undefined, given the input.
using FlagMask = uint64_t (*)(const Case& c, const cpu::DecodedInsn& insn);

struct Form {
  std::vector<uint8_t> bytes = {};
  Values values = Values::kInteger;
  uint64_t undefined_flags = 0;
  FlagMask dynamic_undefined_flags = nullptr;
  uint16_t undefined_fsw = 0;  // x87 status bits the SDM leaves undefined
  Fixup fixup = nullptr;
  int random_imm8_offset = -1;              // when >= 0, this byte is randomised per case
  uint8_t x87_reads = 0;                    // st(0)..st(n-1) are usually valid
  uint8_t x87_pushes = 0;                   // this many free registers above TOP usually
  bool random_direction = false;            // DF random (string instructions)
  bool misalign_sometimes = true;           // place some memory operands unaligned
  Values memory_values = Values::kInteger;  // what the memory operand holds
  // Byte ranges [first, last) relative to the memory operand that the
  // hardware writes with values lstar does not model (x87 instruction
  // pointers in fnstenv/fxsave images, reserved areas).
  std::vector<std::pair<uint16_t, uint16_t>> ignored_memory = {};
  std::string name = {};  // filled from the disassembly
};

// Marks the form's last byte (an imm8) as randomised per case.
inline Form& random_last_imm(Form& f) {
  f.random_imm8_offset = static_cast<int>(f.bytes.size()) - 1;
  return f;
}

}  // namespace lstar::difftest
