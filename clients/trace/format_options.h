// strace's output options that change how arguments look.
#pragma once

#include <cstddef>

#include "clients/trace/string_quoting.h"

namespace lstar::trace {

struct FormatOptions {
  size_t max_string = 32;          // -s STRSIZE
  HexLevel hex = HexLevel::kNone;  // -x, -xx
  bool verbose = false;            // -v: structures in full
};

}  // namespace lstar::trace
