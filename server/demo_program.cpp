#include "server/demo_program.h"

extern "C" const uint8_t lstar_demo_program_start[];
extern "C" const uint8_t lstar_demo_program_end[];

namespace lstar::server {

std::span<const uint8_t> demo_program_bytes() {
  return {lstar_demo_program_start, lstar_demo_program_end};
}

}  // namespace lstar::server
