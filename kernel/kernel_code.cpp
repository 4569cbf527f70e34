#include "kernel/kernel_code.h"

#include <fmt/format.h>

namespace lstar::kernel {
namespace {

std::optional<KernelAddressName> name_in(const LinkedKernelObject& object, uint64_t address) {
  const KernelObjectSymbol* symbol = object.containing(address);
  if (!symbol) return std::nullopt;
  return KernelAddressName{symbol->name, address - symbol->address, symbol->size, object.name};
}

}  // namespace

std::string KernelAddressName::text(bool with_offset) const {
  std::string out = symbol;
  if (with_offset) out += fmt::format("+{:#x}/{:#x}", offset, size);
  if (!module.empty()) out += fmt::format(" [{}]", module);
  return out;
}

bool KernelCode::has_room() const {
  return next_ + kMaxKernelObjectBytes <= kModuleAreaEnd;
}

std::variant<LinkedKernelObject*, KernelObjectError> KernelCode::link(
    std::list<LinkedKernelObject>& into, std::span<const uint8_t> elf, const std::string& name,
    cpu::AddressSpace& memory, bool exported_only) {
  if (!has_room()) return KernelObjectError{name + ": no room in the module area"};
  auto linked = link_kernel_object(elf, name, next_, memory, [&](std::string_view symbol) {
    return resolve(symbol, exported_only);
  });
  if (auto* error = std::get_if<KernelObjectError>(&linked)) return *error;
  into.push_back(std::move(std::get<LinkedKernelObject>(linked)));
  next_ = into.back().end + cpu::kPageSize;  // an unmapped page between objects
  return &into.back();
}

std::optional<KernelObjectError> KernelCode::link_builtin(std::span<const uint8_t> elf,
                                                          const std::string& name,
                                                          cpu::AddressSpace& memory) {
  auto linked = link(builtins_, elf, name, memory, false);
  if (auto* error = std::get_if<KernelObjectError>(&linked)) return *error;
  return std::nullopt;
}

std::variant<const LinkedKernelObject*, KernelObjectError> KernelCode::link_module(
    std::span<const uint8_t> elf, const std::string& name, cpu::AddressSpace& memory) {
  if (module(name))
    return KernelObjectError{fmt::format("could not insert module {}: File exists", name)};
  auto linked = link(modules_, elf, name, memory, true);
  if (auto* error = std::get_if<KernelObjectError>(&linked)) return *error;
  return std::get<LinkedKernelObject*>(linked);
}

void KernelCode::unlink_module(const std::string& name, cpu::AddressSpace& memory) {
  for (auto it = modules_.begin(); it != modules_.end(); ++it) {
    if (it->name != name) continue;
    if (it->end > it->start) memory.unmap(it->start, it->end - it->start);
    modules_.erase(it);
    return;
  }
}

const LinkedKernelObject* KernelCode::module(std::string_view name) const {
  for (const LinkedKernelObject& m : modules_)
    if (m.name == name) return &m;
  return nullptr;
}

std::optional<uint64_t> KernelCode::student_symbol(std::string_view name) const {
  for (const LinkedKernelObject& o : builtins_)
    if (auto address = o.address_of(name)) return address;
  return std::nullopt;
}

std::optional<uint64_t> KernelCode::resolve(std::string_view name, bool exported_only) const {
  // The student's definition wins over lstar's own (an overridden
  // __x64_sys_hello, or their own STUB_test_call).
  for (const LinkedKernelObject& o : builtins_) {
    if (exported_only && !o.exports.contains(name)) continue;
    if (auto address = o.address_of(name)) return address;
  }
  for (const LinkedKernelObject& m : modules_) {
    if (!m.exports.contains(name)) continue;
    if (auto address = m.address_of(name)) return address;
  }
  const ElfSymbol* symbol = image_.find(name);
  if (symbol && symbol->binding != ElfSymbol::Binding::kLocal) return symbol->address;
  return std::nullopt;
}

const LinkedKernelObject* KernelCode::student_object_at(uint64_t address) const {
  for (const auto* list : {&builtins_, &modules_})
    for (const LinkedKernelObject& o : *list)
      if (o.contains(address)) return &o;
  return nullptr;
}

std::optional<KernelAddressName> KernelCode::name_of(uint64_t address) const {
  if (const LinkedKernelObject* o = student_object_at(address)) return name_in(*o, address);
  const ElfSymbol* symbol = image_.containing(address);
  if (!symbol) return std::nullopt;
  return KernelAddressName{symbol->name, address - symbol->address, symbol->size, ""};
}

std::vector<std::pair<uint64_t, uint64_t>> KernelCode::writable_ranges() const {
  std::vector<std::pair<uint64_t, uint64_t>> out;
  for (const auto* list : {&builtins_, &modules_})
    for (const LinkedKernelObject& o : *list)
      out.insert(out.end(), o.writable.begin(), o.writable.end());
  return out;
}

}  // namespace lstar::kernel
