// The sixteen x86 condition codes, shared by jcc, setcc and cmovcc.
#pragma once

#include <Zydis/Zydis.h>

#include "cpu/lazy_flags.h"

namespace lstar::cpu {

struct ConditionMnemonics {
  Cond cond;
  ZydisMnemonic jcc, setcc, cmovcc;
};

inline constexpr ConditionMnemonics kConditions[] = {
    {Cond::kO, ZYDIS_MNEMONIC_JO, ZYDIS_MNEMONIC_SETO, ZYDIS_MNEMONIC_CMOVO},
    {Cond::kNO, ZYDIS_MNEMONIC_JNO, ZYDIS_MNEMONIC_SETNO, ZYDIS_MNEMONIC_CMOVNO},
    {Cond::kB, ZYDIS_MNEMONIC_JB, ZYDIS_MNEMONIC_SETB, ZYDIS_MNEMONIC_CMOVB},
    {Cond::kAE, ZYDIS_MNEMONIC_JNB, ZYDIS_MNEMONIC_SETNB, ZYDIS_MNEMONIC_CMOVNB},
    {Cond::kE, ZYDIS_MNEMONIC_JZ, ZYDIS_MNEMONIC_SETZ, ZYDIS_MNEMONIC_CMOVZ},
    {Cond::kNE, ZYDIS_MNEMONIC_JNZ, ZYDIS_MNEMONIC_SETNZ, ZYDIS_MNEMONIC_CMOVNZ},
    {Cond::kBE, ZYDIS_MNEMONIC_JBE, ZYDIS_MNEMONIC_SETBE, ZYDIS_MNEMONIC_CMOVBE},
    {Cond::kA, ZYDIS_MNEMONIC_JNBE, ZYDIS_MNEMONIC_SETNBE, ZYDIS_MNEMONIC_CMOVNBE},
    {Cond::kS, ZYDIS_MNEMONIC_JS, ZYDIS_MNEMONIC_SETS, ZYDIS_MNEMONIC_CMOVS},
    {Cond::kNS, ZYDIS_MNEMONIC_JNS, ZYDIS_MNEMONIC_SETNS, ZYDIS_MNEMONIC_CMOVNS},
    {Cond::kP, ZYDIS_MNEMONIC_JP, ZYDIS_MNEMONIC_SETP, ZYDIS_MNEMONIC_CMOVP},
    {Cond::kNP, ZYDIS_MNEMONIC_JNP, ZYDIS_MNEMONIC_SETNP, ZYDIS_MNEMONIC_CMOVNP},
    {Cond::kL, ZYDIS_MNEMONIC_JL, ZYDIS_MNEMONIC_SETL, ZYDIS_MNEMONIC_CMOVL},
    {Cond::kGE, ZYDIS_MNEMONIC_JNL, ZYDIS_MNEMONIC_SETNL, ZYDIS_MNEMONIC_CMOVNL},
    {Cond::kLE, ZYDIS_MNEMONIC_JLE, ZYDIS_MNEMONIC_SETLE, ZYDIS_MNEMONIC_CMOVLE},
    {Cond::kG, ZYDIS_MNEMONIC_JNLE, ZYDIS_MNEMONIC_SETNLE, ZYDIS_MNEMONIC_CMOVNLE},
};

// Instantiates `Fn<Cond>` for every condition and stores it under the
// mnemonic chosen by `pick`.
template <template <Cond> class Fn, typename Table, typename Pick>
void register_conditional(Table& table, Pick pick) {
  [&]<size_t... I>(std::index_sequence<I...>) {
    ((table[pick(kConditions[I])] = &Fn<kConditions[I].cond>::exec), ...);
  }
  (std::make_index_sequence<16>{});
}

}  // namespace lstar::cpu
