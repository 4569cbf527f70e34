// Runs the random cases of one form on the host and in lstar and collects
// the mismatches.
#pragma once

#include <string>
#include <vector>

#include "tests/cpu/diff/form.h"
#include "tests/cpu/diff/native_runner.h"

namespace lstar::difftest {

struct FormResult {
  bool decodes = true;
  bool native_died = false;
  unsigned cases = 0;
  unsigned failures = 0;
  std::vector<std::string> reports;  // the first few mismatches, in detail
};

// Case k's state derives from (form name, seed, k) alone, so a reported case
// can be regenerated.
FormResult run_form(const Form& form, NativeRunner& native, unsigned cases, uint64_t seed,
                    unsigned max_reports);

}  // namespace lstar::difftest
