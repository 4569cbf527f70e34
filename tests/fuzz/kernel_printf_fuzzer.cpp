// The kernel's printf (kernel/kernel_printf) on arbitrary formats and
// arguments, as a student's printk could pass them: no crash, memory bounded
// by the limit whatever widths the format asks for, and the bounded output
// is the start of the unbounded one with the same would-be length.
//
// Input: limit (1 byte), 16 arguments (u64 each, near a guest string or
// anything), a guest string (up to 64 bytes, NUL-ended), then the format.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kernel/kernel_printf.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

using lstar::kernel::FormattedText;
using lstar::kernel::PrintfArguments;

constexpr uint64_t kStringAddress = 0x40'1000;

// Replays the same argument values from the start for each formatting pass.
class ReplayedArguments : public PrintfArguments {
 public:
  explicit ReplayedArguments(const std::array<uint64_t, 16>& values) : values_(values) {}
  // Past the call's arguments the formatter reads whatever the next stack
  // slot holds, as in Linux; here that is 0.
  uint64_t next() override { return used_ < values_.size() ? values_[used_++] : 0; }

 private:
  const std::array<uint64_t, 16>& values_;
  size_t used_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  lstar::fuzz::FuzzInput input(data, size);
  const size_t limit = input.byte();
  std::array<uint64_t, 16> values{};
  for (auto& value : values) value = input.edgy_value(kStringAddress);
  const auto string_bytes = input.take(input.byte() % 64);
  const std::string guest_string(reinterpret_cast<const char*>(string_bytes.data()),
                                 string_bytes.size());
  const std::string_view format = input.rest_as_text();

  const lstar::kernel::PrintfStringReader read_string =
      [&](uint64_t address, size_t max) -> std::optional<std::string> {
    LSTAR_FUZZ_CHECK(max <= lstar::kernel::kPrintfStringMax);
    if (address < kStringAddress || address > kStringAddress + guest_string.size()) {
      return std::nullopt;
    }
    std::string text = guest_string.substr(address - kStringAddress, max);
    return text.substr(0, text.find('\0'));
  };
  const lstar::kernel::PrintfSymbolizer symbolize = [](uint64_t address, bool with_offset) {
    if (address % 3 == 0) return std::string();
    return std::string(with_offset ? "sym+0x1/0x10" : "sym");
  };

  ReplayedArguments bounded_args(values);
  const FormattedText bounded =
      lstar::kernel::kernel_vsnprintf(format, limit, bounded_args, read_string, symbolize);
  LSTAR_FUZZ_CHECK(bounded.text.size() <= limit);
  LSTAR_FUZZ_CHECK(bounded.text.size() == std::min(limit, bounded.length));

  // The unbounded formatter only where its output is small: a format of a
  // few "%8388607d" is gigabytes, which is why guests get the bounded one.
  if (bounded.length <= 1 << 16) {
    ReplayedArguments all_args(values);
    const std::string all =
        lstar::kernel::kernel_vsprintf(format, all_args, read_string, symbolize);
    LSTAR_FUZZ_CHECK(all.size() == bounded.length);
    LSTAR_FUZZ_CHECK(all.compare(0, bounded.text.size(), bounded.text) == 0);
  }

  const lstar::kernel::PrintkPrefix prefix = lstar::kernel::parse_printk_prefix(format);
  LSTAR_FUZZ_CHECK(prefix.level >= 0 && prefix.level <= 7);
  LSTAR_FUZZ_CHECK(format.ends_with(prefix.text));
  return 0;
}
