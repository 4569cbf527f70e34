#include "clients/trace/string_quoting.h"

namespace lstar::trace {
namespace {

bool is_printable(uint8_t c) {
  return c >= ' ' && c <= 0x7e;
}

// Only \t \n \v \f \r among the control characters keep -x in text mode.
bool forces_hex_at_level_one(uint8_t c) {
  return c > 0x7e || (c < ' ' && static_cast<unsigned>(c - 9) >= 5);
}

bool use_hex(std::span<const uint8_t> bytes, const QuoteStyle& style) {
  if (style.force_hex || style.hex == HexLevel::kAll) return true;
  if (style.hex == HexLevel::kNone) return false;
  for (uint8_t c : bytes) {
    if (style.nul_terminated && c == 0) break;
    if (forces_hex_at_level_one(c)) return true;
  }
  return false;
}

// strace prints the shortest octal escape unless a digit follows, which
// would otherwise be read as part of it: "\1" but "\0011".
void append_octal(std::string& out, uint8_t c, bool digit_follows) {
  out += '\\';
  if (digit_follows) {
    out += static_cast<char>('0' + (c >> 6));
    out += static_cast<char>('0' + ((c >> 3) & 7));
  } else if ((c >> 3) != 0) {
    if ((c >> 6) != 0) out += static_cast<char>('0' + (c >> 6));
    out += static_cast<char>('0' + ((c >> 3) & 7));
  }
  out += static_cast<char>('0' + (c & 7));
}

// The letter of C's escape for `c` ('n' for '\n'), or 0 if it has none.
char escape_letter(uint8_t c) {
  switch (c) {
    case '"':
      return '"';
    case '\\':
      return '\\';
    case '\f':
      return 'f';
    case '\n':
      return 'n';
    case '\r':
      return 'r';
    case '\t':
      return 't';
    case '\v':
      return 'v';
    default:
      return 0;
  }
}

void append_text_byte(std::string& out, std::span<const uint8_t> bytes, size_t i) {
  const uint8_t c = bytes[i];
  if (const char letter = escape_letter(c)) {
    out.push_back('\\');
    out.push_back(letter);
  } else if (is_printable(c)) {
    out.push_back(static_cast<char>(c));
  } else {
    const bool digit_follows = i + 1 < bytes.size() && bytes[i + 1] >= '0' && bytes[i + 1] <= '7';
    append_octal(out, c, digit_follows);
  }
}

void append_hex_byte(std::string& out, uint8_t c) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out.push_back('\\');
  out.push_back('x');
  out.push_back(kDigits[c >> 4]);
  out.push_back(kDigits[c & 15]);
}

}  // namespace

QuotedString quote_string(std::span<const uint8_t> bytes, const QuoteStyle& style) {
  QuotedString result;
  const bool hex = use_hex(bytes, style);
  result.text.push_back('"');
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (style.nul_terminated && bytes[i] == 0) {
      result.ended_at_nul = true;
      break;
    }
    if (hex) {
      append_hex_byte(result.text, bytes[i]);
    } else {
      append_text_byte(result.text, bytes, i);
    }
  }
  result.text.push_back('"');
  return result;
}

}  // namespace lstar::trace
