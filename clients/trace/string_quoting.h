// strace's quoting of guest strings: "Hello\n", "\1\377", "\x74\x61..." with
// -x/-xx, and the "..." that marks a string cut at -s.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace lstar::trace {

// strace's -x (1) and -xx (2) levels.
enum class HexLevel { kNone = 0, kNonPrintable = 1, kAll = 2 };

struct QuoteStyle {
  HexLevel hex = HexLevel::kNone;
  // Print every byte as \xNN whatever the level (getrandom's buffer).
  bool force_hex = false;
  // Stop at the first NUL, which is not printed.
  bool nul_terminated = false;
};

struct QuotedString {
  std::string text;           // with the surrounding quotes
  bool ended_at_nul = false;  // nul_terminated and a NUL was found
};

// Quotes `bytes` exactly as strace's string_quote() does.
QuotedString quote_string(std::span<const uint8_t> bytes, const QuoteStyle& style);

}  // namespace lstar::trace
