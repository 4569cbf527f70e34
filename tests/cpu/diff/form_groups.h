// Names forms after their disassembly and groups them by mnemonic: one test
// per mnemonic keeps the number of test processes reasonable while failures
// still name the exact form.
#pragma once

#include <string>
#include <vector>

#include "tests/cpu/diff/form.h"

namespace lstar::difftest {

struct FormGroup {
  std::string name;  // the mnemonic, e.g. "paddd"
  std::vector<Form> forms;
};

std::vector<FormGroup> group_by_mnemonic(std::vector<Form> forms);

}  // namespace lstar::difftest
