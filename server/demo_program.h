// The built-in demo guest (tests/guests/demo.c), embedded at build time.
#pragma once

#include <cstdint>
#include <span>

namespace lstar::server {

std::span<const uint8_t> demo_program_bytes();

}  // namespace lstar::server
