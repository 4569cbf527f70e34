#include "clients/client_impl.h"

#include <fmt/format.h>

#include <algorithm>

#include "clients/client_error.h"
#include "clients/reply_kinds.h"
#include "clients/signals.h"
#include "protocol/hex.h"

namespace lstar::client {
namespace {

constexpr uint64_t kPageSize = 4096;

}  // namespace

size_t Client::Impl::memory_chunk() const {
  // Two hex digits per byte must fit in a packet.
  return std::min<size_t>(features_.packet_size() / 2 - 16, 0x1000);
}

// One 'm' request; fewer bytes than asked when the server stopped early.
std::optional<std::vector<uint8_t>> Client::Impl::read_chunk(uint64_t address, size_t length) {
  const std::string reply = request(fmt::format("m{:x},{:x}", address, length));
  if (is_error_reply(reply)) return std::nullopt;
  auto bytes = protocol::decode_hex(reply);
  if (!bytes || bytes->size() > length) throw_for_reply(reply, "reading memory");
  return bytes;
}

std::vector<uint8_t> Client::Impl::read_memory_prefix(uint64_t address, size_t length) {
  require_process();
  std::vector<uint8_t> out;
  while (out.size() < length) {
    // Chunks never cross a page, so an unmapped page ends the read exactly there.
    const uint64_t at = address + out.size();
    const size_t to_page_end = kPageSize - (at % kPageSize);
    const size_t want = std::min({length - out.size(), memory_chunk(), to_page_end});
    auto bytes = read_chunk(at, want);
    if (!bytes || bytes->empty()) break;
    out.insert(out.end(), bytes->begin(), bytes->end());
    if (bytes->size() < want) break;
  }
  return out;
}

std::string Client::Impl::read_c_string(uint64_t address, size_t max_length) {
  require_process();
  std::string out;
  while (out.size() < max_length) {
    const uint64_t at = address + out.size();
    const size_t want = std::min({max_length - out.size(), memory_chunk(),
                                  static_cast<size_t>(kPageSize - (at % kPageSize))});
    auto bytes = read_chunk(at, want);
    if (!bytes || bytes->empty()) {
      if (out.empty()) throw TargetError(fmt::format("cannot read memory at {:#x}", at), 14);
      break;
    }
    for (uint8_t b : *bytes) {
      if (b == 0) return out;
      out += static_cast<char>(b);
    }
    if (bytes->size() < want) break;
  }
  return out;
}

void Client::Impl::write_memory(uint64_t address, std::span<const uint8_t> bytes) {
  require_process();
  size_t done = 0;
  do {
    const size_t n = std::min(bytes.size() - done, memory_chunk());
    request_ok(fmt::format("M{:x},{:x}:{}", address + done, n,
                           protocol::encode_hex(bytes.subspan(done, n))),
               fmt::format("writing memory at {:#x}", address + done));
    done += n;
  } while (done < bytes.size());
  registers_.reset();  // a write may hit the register file of a kernel stack
}

}  // namespace lstar::client
