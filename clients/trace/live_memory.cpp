#include "clients/trace/live_memory.h"

#include <algorithm>

#include "clients/client_error.h"

namespace lstar::trace {
namespace {

// Most strings are short: ask for a little first rather than a whole page
// of hex, and grow only if no NUL came.
constexpr size_t kFirstStringChunk = 64;

}  // namespace

std::vector<uint8_t> LiveMemory::read(uint64_t address, size_t length) {
  if (length == 0) return {};
  try {
    return client_.read_memory_prefix(address, length);
  } catch (const client::TargetError&) {
    return {};
  }
}

std::vector<uint8_t> LiveMemory::read_string(uint64_t address, size_t max_length) {
  std::vector<uint8_t> out;
  size_t chunk = kFirstStringChunk;
  while (out.size() < max_length) {
    const size_t want = std::min(chunk, max_length - out.size());
    std::vector<uint8_t> bytes = read(address + out.size(), want);
    auto nul = std::find(bytes.begin(), bytes.end(), uint8_t{0});
    if (nul != bytes.end()) {
      out.insert(out.end(), bytes.begin(), nul + 1);
      return out;
    }
    out.insert(out.end(), bytes.begin(), bytes.end());
    if (bytes.size() < want) return out;
    chunk *= 8;
  }
  return out;
}

}  // namespace lstar::trace
