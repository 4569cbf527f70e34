// The instruction forms under differential test, by class.
#pragma once

#include <vector>

#include "tests/cpu/diff/form.h"

namespace lstar::difftest {

std::vector<Form> integer_forms();
std::vector<Form> sse_forms();
std::vector<Form> x87_forms();
std::vector<Form> control_forms();

}  // namespace lstar::difftest
