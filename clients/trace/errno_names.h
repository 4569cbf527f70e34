// Linux errno names and messages, for "= -1 ENOENT (No such file or directory)".
#pragma once

#include <cstdint>
#include <string_view>

namespace lstar::trace {

struct ErrnoName {
  int64_t code;
  std::string_view name;
  std::string_view message;
};

// nullptr for a number Linux does not define.
const ErrnoName* find_errno(int64_t code);

}  // namespace lstar::trace
