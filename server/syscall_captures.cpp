#include "server/syscall_captures.h"

#include <algorithm>
#include <cstring>

namespace lstar::server {
namespace {

using Rule = protocol::StreamCaptureRule;
using Phase = kernel::SyscallObservation::Phase;

// Strings are read in pieces: most paths are short, and a NUL ends them.
constexpr size_t kStringChunk = 256;
constexpr size_t kIovecSize = 16;  // struct iovec { void* iov_base; size_t iov_len; }
constexpr uint64_t kMaxIovecs = 1024;
// A field's text besides its bytes: ",m", up to 16 address digits, '='.
constexpr size_t kFieldHeader = 20;

class CaptureWriter {
 public:
  CaptureWriter(std::string& record, const kernel::Machine& machine, size_t budget)
      : record_(record), machine_(machine), budget_(budget) {}

  // How many bytes one more field may carry; 0: no room for a field at all.
  size_t room() const { return budget_ > kFieldHeader ? (budget_ - kFieldHeader) / 2 : 0; }

  // Copies up to `length` bytes at `address` (fewer where memory ends) and
  // returns them. Nothing asked, nothing sent: an empty capture would read
  // as "unreadable".
  std::vector<uint8_t> copy(uint64_t address, uint64_t length) {
    if (length == 0 || room() == 0) return {};
    std::vector<uint8_t> bytes(std::min<uint64_t>(length, room()));
    bytes.resize(machine_.read_memory(address, bytes));
    emit(address, bytes);
    return bytes;
  }

  // The bytes up to and including the first NUL, at most `limit`.
  void copy_string(uint64_t address, uint64_t limit) {
    if (limit == 0 || room() == 0) return;
    std::vector<uint8_t> bytes;
    const uint64_t wanted = std::min<uint64_t>(limit, room());
    while (bytes.size() < wanted) {
      const size_t chunk = std::min<uint64_t>(kStringChunk, wanted - bytes.size());
      const size_t old = bytes.size();
      bytes.resize(old + chunk);
      const size_t got = machine_.read_memory(address + old, std::span(bytes).subspan(old));
      bytes.resize(old + got);
      const auto nul = std::find(bytes.begin() + static_cast<std::ptrdiff_t>(old), bytes.end(), 0);
      if (nul != bytes.end()) {
        bytes.erase(nul + 1, bytes.end());
        break;
      }
      if (got < chunk) break;  // unreadable from here on
    }
    emit(address, bytes);
  }

 private:
  void emit(uint64_t address, const std::vector<uint8_t>& bytes) {
    const size_t before = record_.size();
    protocol::append_capture_field(record_, address, bytes);
    budget_ -= std::min(budget_, record_.size() - before);
  }

  std::string& record_;
  const kernel::Machine& machine_;
  size_t budget_;
};

uint64_t load_u64(const std::vector<uint8_t>& bytes, size_t offset) {
  uint64_t value = 0;
  std::memcpy(&value, bytes.data() + offset, sizeof value);
  return value;
}

// The array, then each element's buffer; at the return only the bytes the
// syscall transferred (its result), spread over the elements in order.
void copy_iovec(CaptureWriter& writer, const Rule& rule, const kernel::SyscallObservation& o,
                uint64_t address) {
  const uint64_t count = std::min(o.args[rule.length_arg], kMaxIovecs);
  const std::vector<uint8_t> array = writer.copy(address, count * kIovecSize);
  uint64_t transferred = ~uint64_t{0};
  if (o.phase == Phase::kReturn) transferred = o.result > 0 ? static_cast<uint64_t>(o.result) : 0;
  for (size_t at = 0; at + kIovecSize <= array.size(); at += kIovecSize) {
    const uint64_t base = load_u64(array, at);
    const uint64_t data = std::min(load_u64(array, at + 8), transferred);
    transferred -= data;
    if (base != 0 && data != 0) writer.copy(base, std::min(data, rule.limit));
  }
}

void apply(CaptureWriter& writer, const Rule& rule, const kernel::SyscallObservation& o) {
  const uint64_t address = o.args[rule.arg];
  if (address == 0) return;  // NULL: nothing to copy
  switch (rule.kind) {
    case Rule::Kind::kString:
      writer.copy_string(address, rule.limit);
      return;
    case Rule::Kind::kLengthArgument:
      writer.copy(address, std::min(o.args[rule.length_arg], rule.limit));
      return;
    case Rule::Kind::kResultLength:
      if (o.result > 0) writer.copy(address, std::min(static_cast<uint64_t>(o.result), rule.limit));
      return;
    case Rule::Kind::kFixed:
      writer.copy(address, rule.limit);
      return;
    case Rule::Kind::kIovec:
      copy_iovec(writer, rule, o, address);
      return;
  }
}

}  // namespace

void append_captures(std::string& record, const std::vector<protocol::StreamCaptureRule>& rules,
                     const kernel::SyscallObservation& observation, const kernel::Machine& machine,
                     size_t budget) {
  const Rule::When when =
      observation.phase == Phase::kEntry ? Rule::When::kEntry : Rule::When::kReturn;
  CaptureWriter writer(record, machine, budget);
  for (const Rule& rule : rules) {
    if (rule.when == when) apply(writer, rule, observation);
  }
}

}  // namespace lstar::server
