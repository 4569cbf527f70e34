// The symbol table of an ELF file: name -> address, and address -> name.
//
// Used for the kernel image (so gdb and traces can name kernel addresses)
// and by tests that need the address of a function in a guest program.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lstar::kernel {

struct ElfSymbol {
  enum class Type : uint8_t { kNone, kObject, kFunction, kTls, kOther };
  enum class Binding : uint8_t { kLocal, kGlobal, kWeak, kOther };

  std::string name;
  uint64_t address = 0;  // st_value plus the load bias (absolute symbols are not moved)
  uint64_t size = 0;
  Type type = Type::kNone;
  Binding binding = Binding::kLocal;
};

class ElfSymbolTable {
 public:
  using ReadResult = std::variant<ElfSymbolTable, std::string>;

  // Reads .symtab (or .dynsym when the file is stripped). `load_bias` is
  // added to every symbol that belongs to a section, as for a loaded PIE.
  // A file without symbols gives an empty table; a malformed one an error.
  static ReadResult read(std::span<const uint8_t> file, uint64_t load_bias = 0);

  // The address of a defined symbol; global definitions win over local ones.
  std::optional<uint64_t> address_of(std::string_view name) const;
  const ElfSymbol* find(std::string_view name) const;

  // The function or object whose [address, address + size) contains `addr`.
  const ElfSymbol* containing(uint64_t addr) const;

  const std::vector<ElfSymbol>& symbols() const { return symbols_; }
  size_t size() const { return symbols_.size(); }
  bool empty() const { return symbols_.empty(); }

 private:
  void add(ElfSymbol symbol);
  void index();

  std::vector<ElfSymbol> symbols_;
  std::map<std::string, size_t, std::less<>> by_name_;
  std::vector<size_t> by_address_;  // indices of sized symbols, sorted by address
};

}  // namespace lstar::kernel
