// The kernel image ELF embedded at build time.
#pragma once

#include <cstdint>
#include <span>

namespace lstar::kernel {

std::span<const uint8_t> kernel_image_bytes();

}  // namespace lstar::kernel
