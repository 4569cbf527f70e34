// Differential tests: every instruction form runs on the host CPU and in
// lstar from the same random states; all registers, the defined flags, x87
// and SSE state and the scratch memory must agree.
//
// LSTAR_DIFF_CASES=N sets the number of cases per form (default 2500, 250
// under AddressSanitizer); LSTAR_DIFF_SEED=S changes the random states.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "cpu/decoder.h"
#include "tests/cpu/diff/case_builder.h"
#include "tests/cpu/diff/compare.h"
#include "tests/cpu/diff/forms.h"
#include "tests/cpu/diff/lstar_runner.h"
#include "tests/cpu/diff/native_runner.h"

namespace lstar::difftest {
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

// Test names from the disassembly: "add_rcx_rdx", "paddd_xmm1_mem".
std::string name_from_disassembly(const Form& f) {
  std::string text = cpu::Decoder::disassemble(f.bytes.data(), f.bytes.size(), kCodeAddr);
  const auto bracket = text.find('[');
  if (bracket != std::string::npos) {
    const auto close = text.find(']', bracket);
    text.replace(bracket, close == std::string::npos ? std::string::npos : close - bracket + 1,
                 "mem");
  }
  std::string name;
  for (char ch : text) {
    const bool ok = std::isalnum(static_cast<unsigned char>(ch));
    if (ok)
      name += ch;
    else if (!name.empty() && name.back() != '_')
      name += '_';
  }
  while (!name.empty() && name.back() == '_') name.pop_back();
  return name;
}

std::vector<Form> named(std::vector<Form> forms) {
  static std::map<std::string, int> used;
  for (Form& f : forms) {
    std::string base = name_from_disassembly(f);
    const int n = used[base]++;
    f.name = n == 0 ? base : base + "_v" + std::to_string(n + 1);
  }
  return forms;
}

// One host child serves every form of the process.
NativeRunner& native_runner() {
  static NativeRunner runner;
  return runner;
}

uint64_t case_seed(const Form& form, uint64_t base, unsigned index) {
  return hash_string(form.name.c_str()) ^ (base * 0x9e3779b97f4a7c15ull) ^ (uint64_t{index} << 32);
}

}  // namespace

// Parameters print as their names, not as bytes.
void PrintTo(const Form& form, std::ostream* os) {
  *os << form.name;
}

namespace {

class Differential : public ::testing::TestWithParam<Form> {};

TEST_P(Differential, MatchesHardware) {
  const Form& form = GetParam();
  CaseBuilder builder(form);
  ASSERT_TRUE(builder.decodes()) << "form bytes do not decode as one instruction";
  LstarRunner lstar;
  const unsigned total = static_cast<unsigned>(env_number("LSTAR_DIFF_CASES", kDefaultCases));
  const uint64_t seed = env_number("LSTAR_DIFF_SEED", 1);
  std::vector<Case> cases;
  std::vector<cpu::DecodedInsn> insns;
  std::vector<Outcome> native(NativeRunner::kMaxBatch);
  unsigned failures = 0;
  for (unsigned first = 0; first < total; first += NativeRunner::kMaxBatch) {
    const unsigned count = std::min<unsigned>(NativeRunner::kMaxBatch, total - first);
    cases.clear();
    insns.clear();
    for (unsigned k = 0; k < count; ++k) {
      Rng rng(case_seed(form, seed, first + k));
      cases.push_back(builder.build(rng));
      insns.push_back(builder.insn());
    }
    ASSERT_TRUE(native_runner().run(cases, native)) << "the native child died or hung";
    for (unsigned k = 0; k < count; ++k) {
      const Outcome mine = lstar.run(cases[k]);
      const std::string diff = compare_outcomes(form, insns[k], cases[k], native[k], mine);
      if (diff.empty()) continue;
      if (++failures <= kReportedFailures) {
        ADD_FAILURE() << "case " << first + k << " (LSTAR_DIFF_SEED=" << seed << ")\n"
                      << describe_case(form, insns[k], cases[k]) << "differences:\n"
                      << diff
                      << (lstar.last_fault_detail().empty()
                              ? ""
                              : "lstar fault: " + lstar.last_fault_detail() + "\n");
      }
    }
  }
  EXPECT_EQ(failures, 0u) << failures << " of " << total << " cases differ";
}

std::string param_name(const ::testing::TestParamInfo<Form>& info) {
  return info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Integer, Differential, ::testing::ValuesIn(named(integer_forms())),
                         param_name);
INSTANTIATE_TEST_SUITE_P(Sse, Differential, ::testing::ValuesIn(named(sse_forms())), param_name);
INSTANTIATE_TEST_SUITE_P(Control, Differential, ::testing::ValuesIn(named(control_forms())),
                         param_name);
INSTANTIATE_TEST_SUITE_P(X87, Differential, ::testing::ValuesIn(named(x87_forms())), param_name);

}  // namespace
}  // namespace lstar::difftest
