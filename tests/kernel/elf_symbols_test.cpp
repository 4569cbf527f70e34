#include "kernel/elf_symbols.h"

#include <gtest/gtest.h>

#include "elf_test_util.h"
#include "test_files.h"

namespace lstar::kernel {
namespace {

using namespace lstar::kernel::testing;

ElfSymbolTable read_ok(const std::vector<uint8_t>& file, uint64_t bias = 0) {
  auto result = ElfSymbolTable::read(file, bias);
  if (auto* error = std::get_if<std::string>(&result)) {
    ADD_FAILURE() << *error;
    return {};
  }
  return std::get<ElfSymbolTable>(std::move(result));
}

TEST(ElfSymbols, NamesAndAddressesOfAStaticProgram) {
  const auto file = read_file(static_program());
  const ElfSymbolTable table = read_ok(file);
  EXPECT_GT(table.size(), 1000u);  // glibc brings many
  EXPECT_EQ(table.address_of("_start"), elf_header(file).e_entry);
  const ElfSymbol* main_fn = table.find("main");
  ASSERT_NE(main_fn, nullptr);
  EXPECT_EQ(main_fn->type, ElfSymbol::Type::kFunction);
  EXPECT_EQ(main_fn->binding, ElfSymbol::Binding::kGlobal);
  EXPECT_GT(main_fn->size, 0u);
  EXPECT_EQ(table.containing(main_fn->address + 1), main_fn);
  EXPECT_EQ(table.address_of("no_such_symbol_anywhere"), std::nullopt);
  EXPECT_TRUE(table.address_of("printf").has_value());
}

TEST(ElfSymbols, AppliesTheLoadBias) {
  const auto file = read_file(static_pie_program());
  const ElfSymbolTable plain = read_ok(file);
  const ElfSymbolTable moved = read_ok(file, 0x555555554000);
  ASSERT_TRUE(plain.address_of("main").has_value());
  EXPECT_EQ(*moved.address_of("main"), *plain.address_of("main") + 0x555555554000);
}

TEST(ElfSymbols, ContainingFindsNothingOutsideSymbols) {
  const ElfSymbolTable table = read_ok(read_file(tiny_program()));
  const ElfSymbol* bss = table.find("tiny_bss");
  ASSERT_NE(bss, nullptr);
  EXPECT_EQ(bss->type, ElfSymbol::Type::kObject);
  EXPECT_EQ(table.containing(bss->address + 8191), bss);
  EXPECT_EQ(table.containing(0x10), nullptr);
}

TEST(ElfSymbols, FileWithoutSectionsHasNoSymbols) {
  const auto file =
      make_elf({load_segment(0x400000, 0, 0x100, 0x100, PF_R | PF_X)}, 0x400080, 0x100);
  EXPECT_TRUE(read_ok(file).empty());
}

TEST(ElfSymbols, RejectsBrokenSectionHeaders) {
  auto file = read_file(tiny_program());
  Elf64_Ehdr h = elf_header(file);
  h.e_shoff = file.size() - 8;
  set_elf_header(file, h);
  auto result = ElfSymbolTable::read(file);
  ASSERT_TRUE(std::holds_alternative<std::string>(result));
  EXPECT_NE(std::get<std::string>(result).find("section headers"), std::string::npos);
}

}  // namespace
}  // namespace lstar::kernel
