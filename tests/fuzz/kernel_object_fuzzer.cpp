// The kernel-object loader on arbitrary files, as `remote put` + `monitor
// insmod` lets any student hand one to a lab server.
//
// Properties: no crash, no unbounded host allocation; a rejected object
// leaves the address space empty; an accepted one maps only inside its
// extent [start, end), which is at most kMaxKernelObjectBytes, and every
// section it reports lies inside that extent.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <variant>

#include "cpu/address_space.h"
#include "kernel/kernel_object.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

constexpr uint64_t kBase = 0xffffffffa0000000;

// Names starting with 'k' are "kernel symbols"; the rest are unknown.
std::optional<uint64_t> resolve(std::string_view name) {
  if (!name.empty() && name[0] == 'k') return 0xffffffff81000000 + name.size() * 16;
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  lstar::cpu::AddressSpace memory;
  memory.set_page_limit(lstar::kernel::kMaxKernelObjectBytes / lstar::cpu::kPageSize);
  const auto linked = lstar::kernel::link_kernel_object(std::span<const uint8_t>(data, size),
                                                        "fuzz", kBase, memory, resolve);
  const auto* object = std::get_if<lstar::kernel::LinkedKernelObject>(&linked);
  if (!object) {
    LSTAR_FUZZ_CHECK(memory.mapped_pages() == 0);
    return 0;
  }
  LSTAR_FUZZ_CHECK(object->start == kBase);
  LSTAR_FUZZ_CHECK(object->end >= object->start);
  LSTAR_FUZZ_CHECK(object->end - object->start <= lstar::kernel::kMaxKernelObjectBytes);
  LSTAR_FUZZ_CHECK(memory.mapped_pages() * lstar::cpu::kPageSize <= object->end - object->start);
  memory.for_each_page([&](uint64_t page, uint8_t perms) {
    LSTAR_FUZZ_CHECK(page >= object->start && page < object->end);
    LSTAR_FUZZ_CHECK(!(perms & lstar::cpu::perm::kUser));
  });
  for (const lstar::kernel::KernelObjectSection& s : object->sections) {
    LSTAR_FUZZ_CHECK(s.address >= object->start && s.size <= object->end - s.address);
  }
  for (const lstar::kernel::KernelObjectSymbol& s : object->symbols)
    (void)object->containing(s.address);
  return 0;
}
