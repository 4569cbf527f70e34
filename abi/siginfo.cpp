#include "abi/siginfo.h"

#include <cstring>

namespace lstar::abi {
namespace {

template <typename T>
void put(std::array<uint8_t, kSigInfoSize>& out, size_t offset, T value) {
  std::memcpy(out.data() + offset, &value, sizeof value);
}

}  // namespace

std::array<uint8_t, kSigInfoSize> encode_siginfo(const SigInfo& info) {
  std::array<uint8_t, kSigInfoSize> out{};
  put<int32_t>(out, 0, number(info.signo));
  put<int32_t>(out, 4, 0);  // si_errno
  put<int32_t>(out, 8, info.code);
  if (info.from_sender) {
    put<int32_t>(out, 16, info.pid);
    put<uint32_t>(out, 20, info.uid);
  } else {
    put<uint64_t>(out, 16, info.addr);
  }
  return out;
}

}  // namespace lstar::abi
