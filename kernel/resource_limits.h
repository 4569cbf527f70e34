// A process's resource limits (getrlimit/setrlimit/prlimit64), with the
// values an unprivileged user gets on a Debian 12 machine.
#pragma once

#include <array>
#include <cstdint>

#include "kernel/file_table.h"

namespace lstar::kernel {

inline constexpr uint64_t kRlimInfinity = ~uint64_t{0};

// RLIMIT_* (include/uapi/asm-generic/resource.h).
inline constexpr int kRlimitCpu = 0;
inline constexpr int kRlimitFsize = 1;
inline constexpr int kRlimitData = 2;
inline constexpr int kRlimitStack = 3;
inline constexpr int kRlimitCore = 4;
inline constexpr int kRlimitRss = 5;
inline constexpr int kRlimitNproc = 6;
inline constexpr int kRlimitNofile = 7;
inline constexpr int kRlimitMemlock = 8;
inline constexpr int kRlimitAs = 9;
inline constexpr int kRlimitLocks = 10;
inline constexpr int kRlimitSigpending = 11;
inline constexpr int kRlimitMsgqueue = 12;
inline constexpr int kRlimitNice = 13;
inline constexpr int kRlimitRtprio = 14;
inline constexpr int kRlimitRttime = 15;
inline constexpr int kRlimitCount = 16;

struct Rlimit {
  uint64_t cur = kRlimInfinity;
  uint64_t max = kRlimInfinity;
};

using ResourceLimits = std::array<Rlimit, kRlimitCount>;

inline ResourceLimits default_resource_limits() {
  ResourceLimits l{};
  l[kRlimitStack] = {uint64_t{8} << 20, kRlimInfinity};
  l[kRlimitCore] = {0, kRlimInfinity};
  l[kRlimitNproc] = {31412, 31412};
  // The hard limit is lstar's descriptor bound, not Debian's 1048576: it
  // caps the host memory descriptor slots can take.
  l[kRlimitNofile] = {1024, kMaxFileDescriptors};
  l[kRlimitMemlock] = {uint64_t{8} << 20, uint64_t{8} << 20};
  l[kRlimitSigpending] = {31412, 31412};
  l[kRlimitMsgqueue] = {819200, 819200};
  l[kRlimitNice] = {0, 0};
  l[kRlimitRtprio] = {0, 0};
  return l;
}

}  // namespace lstar::kernel
