// 128-bit integers for wide multiply/divide. __extension__ keeps -Wpedantic
// quiet about the GCC/Clang built-in type.
#pragma once

namespace lstar::cpu {
__extension__ typedef __int128 int128;
__extension__ typedef unsigned __int128 uint128;
}  // namespace lstar::cpu
