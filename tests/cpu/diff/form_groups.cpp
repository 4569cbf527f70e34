#include "tests/cpu/diff/form_groups.h"

#include <Zydis/Zydis.h>

#include <cctype>
#include <map>

#include "cpu/decoder.h"

namespace lstar::difftest {
namespace {

// "add rcx, rdx" -> "add_rcx_rdx"; memory operands become "mem".
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
    if (std::isalnum(static_cast<unsigned char>(ch))) {
      name += ch;
    } else if (!name.empty() && name.back() != '_') {
      name += '_';
    }
  }
  while (!name.empty() && name.back() == '_') name.pop_back();
  return name;
}

std::string mnemonic_of(const Form& f) {
  ZydisDecoder decoder;
  ZydisDecoderInit(&decoder, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64);
  ZydisDecodedInstruction insn;
  if (!ZYAN_SUCCESS(ZydisDecoderDecodeInstruction(&decoder, nullptr, f.bytes.data(), f.bytes.size(),
                                                  &insn))) {
    return "undecodable";
  }
  return ZydisMnemonicGetString(insn.mnemonic);
}

}  // namespace

std::vector<FormGroup> group_by_mnemonic(std::vector<Form> forms) {
  std::vector<FormGroup> groups;
  std::map<std::string, size_t> index;
  std::map<std::string, int> used;
  for (Form& f : forms) {
    const std::string base = name_from_disassembly(f);
    const int n = used[base]++;
    f.name = n == 0 ? base : base + "_v" + std::to_string(n + 1);
    const std::string mnemonic = mnemonic_of(f);
    auto [it, added] = index.emplace(mnemonic, groups.size());
    if (added) groups.push_back({mnemonic, {}});
    groups[it->second].forms.push_back(std::move(f));
  }
  return groups;
}

}  // namespace lstar::difftest
