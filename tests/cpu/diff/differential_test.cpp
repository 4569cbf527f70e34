// Differential tests: every instruction form runs on the host CPU and in
// lstar from the same random states; all registers, the defined flags, x87
// and SSE state and the scratch memory must agree. One test per mnemonic
// covers all of its forms.
//
// LSTAR_DIFF_CASES=N sets the number of cases per form (default 2500, 250
// under AddressSanitizer); LSTAR_DIFF_SEED=S changes the random states.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ostream>
#include <string>

#include "tests/cpu/diff/form_groups.h"
#include "tests/cpu/diff/form_runner.h"
#include "tests/cpu/diff/forms.h"
#include "tests/cpu/diff/native_runner.h"

namespace lstar::difftest {

// Parameters print as their names, not as bytes.
void PrintTo(const FormGroup& group, std::ostream* os) {
  *os << group.name;
}

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr unsigned kDefaultCases = 250;
#else
constexpr unsigned kDefaultCases = 2500;
#endif
constexpr unsigned kReportedFailures = 3;

uint64_t env_number(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 0) : fallback;
}

// One host child serves every form of the process.
NativeRunner& native_runner() {
  static NativeRunner runner;
  return runner;
}

class Differential : public ::testing::TestWithParam<FormGroup> {};

TEST_P(Differential, MatchesHardware) {
  const unsigned cases = static_cast<unsigned>(env_number("LSTAR_DIFF_CASES", kDefaultCases));
  const uint64_t seed = env_number("LSTAR_DIFF_SEED", 1);
  for (const Form& form : GetParam().forms) {
    const FormResult r = run_form(form, native_runner(), cases, seed, kReportedFailures);
    EXPECT_TRUE(r.decodes) << form.name << ": the bytes do not decode as one instruction";
    EXPECT_FALSE(r.native_died) << form.name << ": the native child died or hung";
    for (const std::string& report : r.reports) ADD_FAILURE() << report;
    EXPECT_EQ(r.failures, 0u) << form.name << ": " << r.failures << " of " << r.cases
                              << " cases differ";
  }
}

std::string param_name(const ::testing::TestParamInfo<FormGroup>& info) {
  return info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Integer, Differential,
                         ::testing::ValuesIn(group_by_mnemonic(integer_forms())), param_name);
INSTANTIATE_TEST_SUITE_P(Control, Differential,
                         ::testing::ValuesIn(group_by_mnemonic(control_forms())), param_name);
INSTANTIATE_TEST_SUITE_P(Sse, Differential, ::testing::ValuesIn(group_by_mnemonic(sse_forms())),
                         param_name);
INSTANTIATE_TEST_SUITE_P(X87, Differential, ::testing::ValuesIn(group_by_mnemonic(x87_forms())),
                         param_name);

}  // namespace
}  // namespace lstar::difftest
