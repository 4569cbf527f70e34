#include "tests/cpu/diff/form_runner.h"

#include <fmt/format.h>

#include <algorithm>

#include "tests/cpu/diff/case_builder.h"
#include "tests/cpu/diff/compare.h"
#include "tests/cpu/diff/lstar_runner.h"

namespace lstar::difftest {
namespace {

uint64_t case_seed(const Form& form, uint64_t base, unsigned index) {
  return hash_string(form.name.c_str()) ^ (base * 0x9e3779b97f4a7c15ull) ^ (uint64_t{index} << 32);
}

}  // namespace

FormResult run_form(const Form& form, NativeRunner& native, unsigned cases, uint64_t seed,
                    unsigned max_reports) {
  FormResult result;
  CaseBuilder builder(form);
  if (!builder.decodes()) {
    result.decodes = false;
    return result;
  }
  LstarRunner lstar;
  std::vector<Case> batch;
  std::vector<cpu::DecodedInsn> insns;
  std::vector<Outcome> outcomes(NativeRunner::kMaxBatch);
  for (unsigned first = 0; first < cases; first += NativeRunner::kMaxBatch) {
    const unsigned count = std::min<unsigned>(NativeRunner::kMaxBatch, cases - first);
    batch.clear();
    insns.clear();
    for (unsigned k = 0; k < count; ++k) {
      Rng rng(case_seed(form, seed, first + k));
      batch.push_back(builder.build(rng));
      insns.push_back(builder.insn());
    }
    if (!native.run(batch, outcomes)) {
      result.native_died = true;
      return result;
    }
    for (unsigned k = 0; k < count; ++k) {
      ++result.cases;
      const Outcome mine = lstar.run(batch[k]);
      const std::string diff = compare_outcomes(form, insns[k], batch[k], outcomes[k], mine);
      if (diff.empty()) continue;
      if (++result.failures > max_reports) continue;
      const std::string& fault = lstar.last_fault_detail();
      result.reports.push_back(fmt::format("{}: case {} (LSTAR_DIFF_SEED={})\n{}differences:\n{}{}",
                                           form.name, first + k, seed,
                                           describe_case(form, insns[k], batch[k]), diff,
                                           fault.empty() ? "" : "lstar fault: " + fault + "\n"));
    }
  }
  return result;
}

}  // namespace lstar::difftest
