#include "clients/trace/captured_memory.h"

#include <algorithm>

namespace lstar::trace {

void CapturedMemory::add(const std::vector<client::MemoryCapture>& captures) {
  captures_.insert(captures_.end(), captures.begin(), captures.end());
}

std::vector<uint8_t> CapturedMemory::read(uint64_t address, size_t length) {
  // Later captures (taken at the return) win over earlier ones.
  for (auto it = captures_.rbegin(); it != captures_.rend(); ++it) {
    const uint64_t start = it->address;
    const uint64_t end = start + it->bytes.size();
    if (address < start || address >= end) continue;
    const size_t offset = address - start;
    const size_t n = std::min<uint64_t>(length, end - address);
    const auto first = it->bytes.begin() + static_cast<std::ptrdiff_t>(offset);
    return {first, first + static_cast<std::ptrdiff_t>(n)};
  }
  return {};
}

std::vector<uint8_t> CapturedMemory::read_string(uint64_t address, size_t max_length) {
  std::vector<uint8_t> bytes = read(address, max_length);
  auto nul = std::find(bytes.begin(), bytes.end(), uint8_t{0});
  if (nul != bytes.end()) bytes.erase(nul + 1, bytes.end());
  return bytes;
}

}  // namespace lstar::trace
