#include "kernel/image/kernel_image_bytes.h"

extern "C" const uint8_t lstar_kernel_image_start[];
extern "C" const uint8_t lstar_kernel_image_end[];

namespace lstar::kernel {

std::span<const uint8_t> kernel_image_bytes() {
  return {lstar_kernel_image_start, lstar_kernel_image_end};
}

}  // namespace lstar::kernel
