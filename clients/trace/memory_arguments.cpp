#include "clients/trace/memory_arguments.h"

#include <fmt/format.h>

#include "clients/trace/argument_formatter.h"
#include "clients/trace/struct_formatters.h"
#include "clients/trace/symbolic.h"

namespace lstar::trace {
namespace {

// Arrays longer than this are not worth a line (strace uses its own limit).
constexpr size_t kMaxArrayElements = 1024;

std::vector<uint64_t> read_pointer_array(uint64_t address, MemoryView& memory, size_t max,
                                         bool& readable) {
  std::vector<uint64_t> pointers;
  readable = true;
  for (size_t i = 0; i < max; ++i) {
    std::vector<uint8_t> bytes = memory.read(address + 8 * i, 8);
    if (bytes.size() < 8) {
      readable = false;
      break;
    }
    const uint64_t p = load_u64(bytes, 0);
    if (p == 0) break;
    pointers.push_back(p);
  }
  return pointers;
}

}  // namespace

std::string format_pointer(uint64_t address) {
  return address == 0 ? "NULL" : fmt::format("{:#x}", address);
}

std::string format_c_string(uint64_t address, size_t max, MemoryView& memory,
                            const FormatOptions& options) {
  if (address == 0) return "NULL";
  // One byte more than shown: a string of exactly `max` characters is whole.
  std::vector<uint8_t> bytes = memory.read_string(address, max + 1);
  if (bytes.empty()) return format_pointer(address);
  const bool complete = bytes.back() == 0;
  if (bytes.size() > max) bytes.resize(max);
  QuoteStyle style{.hex = options.hex, .nul_terminated = true};
  return quote_string(bytes, style).text + (complete ? "" : "...");
}

std::string format_buffer(uint64_t address, uint64_t length, MemoryView& memory,
                          const FormatOptions& options, bool force_hex) {
  if (address == 0) return "NULL";
  const size_t shown = static_cast<size_t>(std::min<uint64_t>(length, options.max_string));
  std::vector<uint8_t> bytes = memory.read(address, shown);
  if (bytes.size() < shown) return format_pointer(address);
  QuoteStyle style{.hex = options.hex, .force_hex = force_hex};
  return quote_string(bytes, style).text + (length > options.max_string ? "..." : "");
}

std::string format_sigset_at(uint64_t address, MemoryView& memory) {
  return format_struct(address, kSigsetSize, memory,
                       [](std::span<const uint8_t> b) { return format_sigset(load_u64(b, 0)); });
}

std::string format_iovec(uint64_t address, uint64_t count, uint64_t data_limit, MemoryView& memory,
                         const FormatOptions& options) {
  if (count > kMaxArrayElements) return format_pointer(address);
  std::vector<uint8_t> array = memory.read(address, count * kIovecSize);
  if (array.size() < count * kIovecSize) return format_pointer(address);
  std::string out = "[";
  for (uint64_t i = 0; i < count; ++i) {
    if (i > 0) out += ", ";
    if (i >= options.max_string) {
      out += "...";
      break;
    }
    const uint64_t base = load_u64(array, i * kIovecSize);
    const uint64_t len = load_u64(array, i * kIovecSize + 8);
    const uint64_t data = std::min(len, data_limit);
    data_limit -= data;
    out +=
        fmt::format("{{iov_base={}, iov_len={}}}", format_buffer(base, data, memory, options), len);
  }
  return out + "]";
}

std::string format_string_array(uint64_t address, MemoryView& memory,
                                const FormatOptions& options) {
  if (address == 0) return "NULL";
  bool readable = true;
  const std::vector<uint64_t> strings =
      read_pointer_array(address, memory, kMaxArrayElements, readable);
  if (strings.empty() && !readable) return format_pointer(address);
  std::string out = "[";
  for (size_t i = 0; i < strings.size(); ++i) {
    if (i > 0) out += ", ";
    if (i >= options.max_string) {
      out += "...";
      break;
    }
    out += format_c_string(strings[i], options.max_string, memory, options);
  }
  return out + "]";
}

std::string format_environment(uint64_t address, MemoryView& memory, const FormatOptions& options) {
  if (options.verbose) return format_string_array(address, memory, options);
  if (address == 0) return "NULL";
  bool readable = true;
  const size_t count = read_pointer_array(address, memory, kMaxArrayElements, readable).size();
  if (!readable && count == 0) return format_pointer(address);
  return fmt::format("{:#x} /* {} var{} */", address, count, count == 1 ? "" : "s");
}

}  // namespace lstar::trace
