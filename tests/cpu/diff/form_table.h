// Building form lists from encodings.
#pragma once

#include <utility>
#include <vector>

#include "tests/cpu/diff/encoding.h"
#include "tests/cpu/diff/form.h"

namespace lstar::difftest {

class FormTable {
 public:
  explicit FormTable(std::vector<Form>& out) : out_(out) {}
  // Appends a form with the traits of `f` and the encoding of `i`.
  Form& add(const enc::Insn& i, Form f = {}) {
    f.bytes = enc::assemble(i);
    out_.push_back(std::move(f));
    return out_.back();
  }
  // The same, with the last byte (an immediate's most significant byte, so
  // its sign too) randomised per case.
  Form& add_random_imm(const enc::Insn& i, Form f = {}) {
    return random_last_imm(add(i, std::move(f)));
  }

 private:
  std::vector<Form>& out_;
};

// The operand-size variant of an instruction: 66 for 16-bit, REX.W for
// 64-bit; 8-bit forms use the opcode below the others (see sized()).
inline enc::Insn with_width(enc::Insn i, unsigned w) {
  i.w = w == 8;
  enc::Bytes p = enc::size_prefix(w);
  p.insert(p.end(), i.prefix.begin(), i.prefix.end());
  i.prefix = p;
  return i;
}

inline uint8_t sized(uint8_t op8, unsigned w) {
  return static_cast<uint8_t>(w == 1 ? op8 : op8 + 1);
}

}  // namespace lstar::difftest
