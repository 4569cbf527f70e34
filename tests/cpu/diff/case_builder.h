// Builds random cases for one form: random registers, flags, vectors, x87
// stack and scratch memory; memory operands placed inside the scratch page;
// then the form's fixup.
#pragma once

#include "cpu/decoded_instruction.h"
#include "cpu/decoder.h"
#include "tests/cpu/diff/form.h"

namespace lstar::difftest {

class CaseBuilder {
 public:
  explicit CaseBuilder(const Form& form);
  // Returns a new case; insn() then describes its instruction.
  Case build(Rng& rng);
  const cpu::DecodedInsn& insn() const { return insn_; }
  // Whether the form's bytes decode at all (checked once by the test).
  bool decodes() const { return decodes_; }

 private:
  void decode(const Case& c);
  void randomise_registers(Case& c, Rng& rng) const;
  void randomise_vectors(Case& c, Rng& rng) const;
  void randomise_x87(Case& c, Rng& rng) const;
  void place_memory_operands(Case& c, Rng& rng) const;

  const Form& form_;
  cpu::Decoder decoder_;
  cpu::DecodedInsn insn_;
  bool decodes_ = false;
};

// Reading and writing an operand of a case (register or scratch memory),
// for fixups and flag masks.
uint64_t operand_address(const Case& c, const cpu::Operand& op);
uint64_t read_case_operand(const Case& c, const cpu::Operand& op);
void write_case_operand(Case& c, const cpu::Operand& op, uint64_t value);
// Writes `len` bytes at guest address `addr` inside the scratch page.
void write_scratch(Case& c, uint64_t addr, const void* data, size_t len);

}  // namespace lstar::difftest
