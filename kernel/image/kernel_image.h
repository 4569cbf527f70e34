// Maps the embedded kernel image into the kernel half of an address space
// (supervisor-only pages) and exposes its symbols.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "cpu/address_space.h"

namespace lstar::kernel {

struct KernelImage {
  uint64_t entry = 0;
  std::map<std::string, uint64_t, std::less<>> symbols;
};

std::variant<KernelImage, std::string> map_kernel_image(std::span<const uint8_t> elf,
                                                        cpu::AddressSpace& memory);

}  // namespace lstar::kernel
