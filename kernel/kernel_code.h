// All the code in one machine's kernel half and the names it answers to:
// the built-in image (entry_64.S, do_syscall_64, the string library and
// the kernel API's native functions), the student's objects linked in at
// boot (`--kernel-object`, Linux's obj-y) and modules loaded with insmod
// (obj-m). Resolves a symbol as Linux's linkers do and names an address
// as an oops or %pS names it ("__do_sys_memcpy+0x2d/0x90 [memcpy]").
#pragma once

#include <cstdint>
#include <list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cpu/address_space.h"
#include "kernel/elf_symbols.h"
#include "kernel/kernel_object.h"

namespace lstar::kernel {

// Student objects and modules are placed here, as Linux's module area.
inline constexpr uint64_t kModuleAreaBase = 0xffffffffa0000000;
inline constexpr uint64_t kModuleAreaEnd = 0xffffffffff000000;

struct KernelAddressName {
  std::string symbol;  // "__do_sys_memcpy"
  uint64_t offset = 0;
  uint64_t size = 0;
  std::string module;  // "memcpy" for module and built-in student code, "" for the image

  // "__do_sys_memcpy+0x2d/0x90 [memcpy]", or "__do_sys_memcpy" without the offset.
  std::string text(bool with_offset = true) const;
};

class KernelCode {
 public:
  explicit KernelCode(ElfSymbolTable image_symbols) : image_(std::move(image_symbols)) {}

  // Links a student object at boot (built-in, obj-y): its globals become
  // kernel symbols, and a row of the syscall table may name them.
  std::optional<KernelObjectError> link_builtin(std::span<const uint8_t> elf,
                                                const std::string& name, cpu::AddressSpace& memory);
  // Links a module (obj-m); its undefined symbols resolve only against
  // what the kernel exports. The module is "coming" until commit_module().
  std::variant<const LinkedKernelObject*, KernelObjectError> link_module(
      std::span<const uint8_t> elf, const std::string& name, cpu::AddressSpace& memory);
  void unlink_module(const std::string& name, cpu::AddressSpace& memory);
  const LinkedKernelObject* module(std::string_view name) const;
  const std::list<LinkedKernelObject>& modules() const { return modules_; }
  const std::list<LinkedKernelObject>& builtins() const { return builtins_; }

  // A symbol as kernel code sees it: the image, then built-in student
  // objects, then exported symbols of modules. `exported_only` is the
  // module loader's view (EXPORT_SYMBOL'd names, and the image's).
  std::optional<uint64_t> resolve(std::string_view name, bool exported_only) const;
  // A student definition of `name`, if any (built-in objects only).
  std::optional<uint64_t> student_symbol(std::string_view name) const;

  std::optional<KernelAddressName> name_of(uint64_t address) const;
  // Whether `address` is in the student's code or data (a built-in object or module).
  const LinkedKernelObject* student_object_at(uint64_t address) const;
  // Read+write ranges of all student objects (for the leak scan).
  std::vector<std::pair<uint64_t, uint64_t>> writable_ranges() const;

 private:
  bool has_room() const;
  // Links into `into` at the next free address; modules see exports only.
  std::variant<LinkedKernelObject*, KernelObjectError> link(std::list<LinkedKernelObject>& into,
                                                            std::span<const uint8_t> elf,
                                                            const std::string& name,
                                                            cpu::AddressSpace& memory,
                                                            bool exported_only);

  ElfSymbolTable image_;
  std::list<LinkedKernelObject> builtins_;  // stable addresses for returned pointers
  std::list<LinkedKernelObject> modules_;
  uint64_t next_ = kModuleAreaBase;
};

}  // namespace lstar::kernel
