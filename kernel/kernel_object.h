// Links a relocatable object (what `gcc -c` or `lstar kbuild` makes from a
// student's kernel C) into the kernel half of an address space, as Linux's
// module loader does: allocated sections are placed and mapped
// supervisor-only (text read+execute, rodata read-only, data and bss
// read+write), undefined symbols are resolved against the running kernel,
// and the RELA relocations gcc emits for -mcmodel=kernel code are applied.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cpu/address_space.h"

namespace lstar::kernel {

struct KernelObjectSection {
  std::string name;  // ".text", ".rodata.str1.1", ...
  uint64_t address = 0;
  uint64_t size = 0;
};

struct KernelObjectSymbol {
  std::string name;
  uint64_t address = 0;
  uint64_t size = 0;
  bool function = false;
  bool global = false;  // global or weak: visible to the rest of the kernel
};

struct LinkedKernelObject {
  std::string name;  // "memcpy" for memcpy.o, as Linux names modules
  uint64_t start = 0;
  uint64_t end = 0;                            // page-aligned extent of everything mapped
  std::vector<KernelObjectSection> sections;   // allocated sections, placed
  std::vector<KernelObjectSymbol> symbols;     // defined symbols
  std::set<std::string, std::less<>> exports;  // EXPORT_SYMBOL names (__ksymtab_strings)
  std::map<std::string, std::string, std::less<>> modinfo;  // MODULE_LICENSE etc.
  // Read+write ranges (data, bss): where pointers to kmalloc'd memory can
  // be kept, for the leak scan.
  std::vector<std::pair<uint64_t, uint64_t>> writable;
  // The object file with each placed section's sh_addr set to where it
  // was linked: a debugger that loads it (a relocatable file with placed
  // sections) finds every symbol and line at its address, nothing typed.
  std::shared_ptr<const std::vector<uint8_t>> symbol_file;

  std::optional<uint64_t> address_of(std::string_view symbol) const;
  // A defined function or object that contains `address`.
  const KernelObjectSymbol* containing(uint64_t address) const;
  bool contains(uint64_t address) const { return address >= start && address < end; }
  // The gdb command that loads this object's symbols at its addresses.
  std::string add_symbol_file_command(std::string_view file) const;
};

// What a symbol the object uses but does not define resolves to (nullopt:
// unknown to the kernel).
using KernelSymbolResolver = std::function<std::optional<uint64_t>(std::string_view name)>;

struct KernelObjectError {
  std::string message;  // one line for the user, as insmod prints it
  std::vector<std::string> dmesg =
      {};  // lines for the kernel log ("mymod: Unknown symbol foo (err -2)")
  std::vector<std::string> unknown_symbols = {};
};

// The most an object may map (text, data and bss together): a student's
// module is kilobytes; a hostile one's .bss must not claim the host.
inline constexpr uint64_t kMaxKernelObjectBytes = 64ull << 20;

// Places the object at `load_address` (page-aligned) and maps it, within
// [load_address, load_address + kMaxKernelObjectBytes) and the address
// space's page limits. Nothing stays mapped when it fails.
std::variant<LinkedKernelObject, KernelObjectError> link_kernel_object(
    std::span<const uint8_t> elf, std::string name, uint64_t load_address,
    cpu::AddressSpace& memory, const KernelSymbolResolver& resolve);

// "memcpy" from "memcpy.o", "dir/mymod.ko" gives "mymod"; '-' becomes '_'.
std::string kernel_object_name(std::string_view path);

}  // namespace lstar::kernel
