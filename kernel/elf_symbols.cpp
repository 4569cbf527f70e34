#include "kernel/elf_symbols.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "kernel/elf_file.h"

namespace lstar::kernel {
namespace {

ElfSymbol::Type symbol_type(uint8_t info) {
  switch (ELF64_ST_TYPE(info)) {
    case STT_NOTYPE:
      return ElfSymbol::Type::kNone;
    case STT_OBJECT:
      return ElfSymbol::Type::kObject;
    case STT_FUNC:
      return ElfSymbol::Type::kFunction;
    case STT_TLS:
      return ElfSymbol::Type::kTls;
    default:
      return ElfSymbol::Type::kOther;
  }
}

ElfSymbol::Binding symbol_binding(uint8_t info) {
  switch (ELF64_ST_BIND(info)) {
    case STB_LOCAL:
      return ElfSymbol::Binding::kLocal;
    case STB_GLOBAL:
      return ElfSymbol::Binding::kGlobal;
    case STB_WEAK:
      return ElfSymbol::Binding::kWeak;
    default:
      return ElfSymbol::Binding::kOther;
  }
}

// Section and file symbols name no code or data; undefined ones have no address.
bool is_useful(const Elf64_Sym& sym) {
  const uint8_t type = ELF64_ST_TYPE(sym.st_info);
  return sym.st_shndx != SHN_UNDEF && type != STT_SECTION && type != STT_FILE;
}

const Elf64_Shdr* find_symbol_section(const std::vector<Elf64_Shdr>& sections) {
  for (const Elf64_Shdr& s : sections)
    if (s.sh_type == SHT_SYMTAB) return &s;
  for (const Elf64_Shdr& s : sections)
    if (s.sh_type == SHT_DYNSYM) return &s;
  return nullptr;
}

struct SymbolSections {
  std::span<const uint8_t> symbols;
  std::span<const uint8_t> strings;
};

std::variant<SymbolSections, std::string> locate(const ElfFile& file,
                                                 const std::vector<Elf64_Shdr>& sections,
                                                 const Elf64_Shdr& symtab) {
  if (symtab.sh_entsize != sizeof(Elf64_Sym))
    return fmt::format("symbol table entry size {} (expected {})", symtab.sh_entsize,
                       sizeof(Elf64_Sym));
  if (symtab.sh_link >= sections.size() || sections[symtab.sh_link].sh_type != SHT_STRTAB)
    return fmt::format("symbol table links to section {}, which is not a string table",
                       symtab.sh_link);
  const Elf64_Shdr& strtab = sections[symtab.sh_link];
  const auto symbols = file.bytes(symtab.sh_offset, symtab.sh_size);
  const auto strings = file.bytes(strtab.sh_offset, strtab.sh_size);
  if (!symbols || !strings)
    return std::string("symbol or string table is past the end of the file");
  return SymbolSections{*symbols, *strings};
}

}  // namespace

ElfSymbolTable::ReadResult ElfSymbolTable::read(std::span<const uint8_t> bytes,
                                                uint64_t load_bias) {
  ElfFile::ParseResult parsed = ElfFile::parse(bytes);
  if (auto* error = std::get_if<std::string>(&parsed)) return *error;
  const ElfFile& file = std::get<ElfFile>(parsed);
  auto sections = file.section_headers();
  if (auto* error = std::get_if<std::string>(&sections)) return *error;
  const auto& headers = std::get<std::vector<Elf64_Shdr>>(sections);

  ElfSymbolTable table;
  const Elf64_Shdr* symtab = find_symbol_section(headers);
  if (!symtab) return table;
  auto located = locate(file, headers, *symtab);
  if (auto* error = std::get_if<std::string>(&located)) return "invalid ELF: " + *error;
  const SymbolSections& where = std::get<SymbolSections>(located);

  const size_t count = where.symbols.size() / sizeof(Elf64_Sym);
  for (size_t i = 1; i < count; ++i) {  // entry 0 is the reserved null symbol
    Elf64_Sym sym;
    std::memcpy(&sym, where.symbols.data() + i * sizeof(Elf64_Sym), sizeof(sym));
    if (!is_useful(sym)) continue;
    const auto name = ElfFile::string_at(where.strings, sym.st_name);
    if (!name) return fmt::format("invalid ELF: symbol {} has a name outside its string table", i);
    if (name->empty()) continue;
    const uint64_t address = sym.st_shndx == SHN_ABS ? sym.st_value : sym.st_value + load_bias;
    table.add(ElfSymbol{std::string(*name), address, sym.st_size, symbol_type(sym.st_info),
                        symbol_binding(sym.st_info)});
  }
  table.index();
  return table;
}

void ElfSymbolTable::add(ElfSymbol symbol) {
  symbols_.push_back(std::move(symbol));
}

void ElfSymbolTable::index() {
  for (size_t i = 0; i < symbols_.size(); ++i) {
    auto [it, inserted] = by_name_.emplace(symbols_[i].name, i);
    // A global definition names the symbol the program links against.
    if (!inserted && symbols_[it->second].binding == ElfSymbol::Binding::kLocal &&
        symbols_[i].binding != ElfSymbol::Binding::kLocal)
      it->second = i;
    if (symbols_[i].size > 0 && symbols_[i].type != ElfSymbol::Type::kTls) by_address_.push_back(i);
  }
  std::stable_sort(by_address_.begin(), by_address_.end(), [this](size_t a, size_t b) {
    return symbols_[a].address < symbols_[b].address;
  });
}

const ElfSymbol* ElfSymbolTable::find(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &symbols_[it->second];
}

std::optional<uint64_t> ElfSymbolTable::address_of(std::string_view name) const {
  const ElfSymbol* symbol = find(name);
  return symbol ? std::optional(symbol->address) : std::nullopt;
}

const ElfSymbol* ElfSymbolTable::containing(uint64_t addr) const {
  auto it = std::upper_bound(by_address_.begin(), by_address_.end(), addr,
                             [this](uint64_t a, size_t i) { return a < symbols_[i].address; });
  // Symbols can nest (an alias inside a larger object), so look back until
  // one covers the address.
  while (it != by_address_.begin()) {
    const ElfSymbol& symbol = symbols_[*--it];
    if (addr - symbol.address < symbol.size) return &symbol;
  }
  return nullptr;
}

}  // namespace lstar::kernel
