// What the soak driver expects of its guest (tests/bench/lab_load_guest.c,
// whose enum these mirror): the modes it is run in and what each does.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lstar::bench::soak_guest {

inline constexpr uint64_t kGetppid = 110;
// `count`: this many getppid calls, so twice as many stops under catch
// syscall, then exit 0.
inline constexpr int kCountCalls = 200;
inline constexpr int kCountStops = 2 * kCountCalls;
// `chat`: this many bytes on stdout, then exit 0.
inline constexpr size_t kChatBytes = 2000 * 64;

}  // namespace lstar::bench::soak_guest
