#include "kernel/kernel_printf.h"

#include <algorithm>
#include <array>
#include <utility>

namespace lstar::kernel {
namespace {

// Collects output up to a limit and counts all of it, as vsnprintf counts
// the characters it could not store.
class Output {
 public:
  explicit Output(size_t limit) : limit_(limit) {}

  void put(std::string_view text) {
    if (text_.size() < limit_) text_.append(text.substr(0, limit_ - text_.size()));
    length_ += text.size();
  }
  void put(char c) { put(std::string_view(&c, 1)); }
  void fill(size_t count, char c) {
    if (text_.size() < limit_) text_.append(std::min(count, limit_ - text_.size()), c);
    length_ += count;
  }

  FormattedText finish() && { return FormattedText{std::move(text_), length_}; }

 private:
  size_t limit_;
  std::string text_;
  size_t length_ = 0;
};

// One conversion's flags, field width and precision; -1 is "not given".
struct Spec {
  bool left = false;      // '-'
  bool plus = false;      // '+'
  bool space = false;     // ' '
  bool special = false;   // '#'
  bool zero_pad = false;  // '0'
  int width = -1;
  int precision = -1;
};

// The length modifiers, by the size they give an integer on x86-64: hh, h,
// none, and everything 64-bit (l ll L z Z t j).
enum class Length { kChar, kShort, kInt, kLong };

// Linux's check_pointer_msg: NULL, the first page and ERR_PTR values
// (the last 4095 addresses) are never dereferenced.
constexpr uint64_t kPageSize = 4096;
constexpr uint64_t kMaxErrno = 4095;
// Linux prints an error string with at most this many characters unless a
// precision says otherwise (2 * sizeof(void *), error_string()).
constexpr int kErrorStringPrecision = 16;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

size_t padding(int width, size_t used) {
  return width > 0 && static_cast<size_t>(width) > used ? static_cast<size_t>(width) - used : 0;
}

// Linux's number(): unlike ISO C, a '0' flag pads even when a precision is
// given, a zero value always prints at least one digit, and '#' puts "0x"
// before a zero too (but "0" before a zero in octal would be a second zero,
// so it is left out).
void put_number(Output& out, uint64_t value, bool is_signed, int base, bool upper, Spec spec) {
  if (spec.left) spec.zero_pad = false;
  std::string_view sign;
  uint64_t magnitude = value;
  if (is_signed) {
    if (static_cast<int64_t>(value) < 0) {
      sign = "-";
      magnitude = 0 - value;  // unsigned negation: exact for INT64_MIN too
    } else if (spec.plus) {
      sign = "+";
    } else if (spec.space) {
      sign = " ";
    }
  }
  std::string_view prefix;
  if (spec.special && base == 16) {
    prefix = upper ? "0X" : "0x";
  } else if (spec.special && base == 8 && value != 0) {
    prefix = "0";
  }

  const char* digit_chars = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::array<char, 24> buffer{};  // 22 octal digits for 2^64 - 1
  size_t first = buffer.size();
  do {
    buffer[--first] = digit_chars[magnitude % static_cast<uint64_t>(base)];
    magnitude /= static_cast<uint64_t>(base);
  } while (magnitude != 0);
  const std::string_view digits(buffer.data() + first, buffer.size() - first);
  const size_t count = digits.size();

  const size_t precision_zeros = padding(spec.precision, count);
  const size_t pad = padding(spec.width, sign.size() + prefix.size() + precision_zeros + count);
  if (!spec.left && !spec.zero_pad) out.fill(pad, ' ');
  out.put(sign);
  out.put(prefix);
  if (spec.zero_pad) out.fill(pad, '0');
  out.fill(precision_zeros, '0');
  out.put(digits);
  if (spec.left) out.fill(pad, ' ');
}

// Linux's string_nocheck() + widen_string(): the precision bounds the bytes
// taken, the width pads with spaces (a '0' flag does not apply to strings).
void put_string(Output& out, std::string_view text, const Spec& spec) {
  text = text.substr(0, text.find('\0'));
  if (spec.precision >= 0) text = text.substr(0, static_cast<size_t>(spec.precision));
  const size_t pad = padding(spec.width, text.size());
  if (!spec.left) out.fill(pad, ' ');
  out.put(text);
  if (spec.left) out.fill(pad, ' ');
}

void put_error_string(Output& out, std::string_view message, Spec spec) {
  if (spec.precision < 0) spec.precision = kErrorStringPrecision;
  put_string(out, message, spec);
}

void put_guest_string(Output& out, uint64_t address, const Spec& spec,
                      const PrintfStringReader& read_string) {
  if (address == 0) return put_error_string(out, "(null)", spec);
  if (address < kPageSize || address > ~uint64_t{0} - kMaxErrno) {
    return put_error_string(out, "(efault)", spec);
  }
  const size_t max = spec.precision >= 0 ? static_cast<size_t>(spec.precision) : kPrintfStringMax;
  std::optional<std::string> text;
  if (read_string) text = read_string(address, max);
  if (!text) return put_error_string(out, "(efault)", spec);
  put_string(out, *text, spec);
}

// Linux's pointer_string(): lowercase hex, and without a width 16 digits
// zero-padded. lstar does not hash %p as Linux does (there is no kernel
// layout to hide in a simulator, and students want the address), so %p,
// %px and %pK all print the raw value.
void put_pointer(Output& out, uint64_t address, Spec spec) {
  if (spec.width < 0) {
    spec.width = 16;
    spec.zero_pad = true;
  }
  put_number(out, address, false, 16, false, spec);
}

// %pS / %ps / %pB. Without a name Linux prints special_hex_number():
// "0x" and 16 digits, whatever the width.
void put_symbol(Output& out, uint64_t address, bool with_offset, const Spec& spec,
                const PrintfSymbolizer& symbolize) {
  std::string name = symbolize ? symbolize(address, with_offset) : std::string();
  if (!name.empty()) return put_string(out, name, spec);
  Spec hex;
  hex.special = true;
  hex.zero_pad = true;
  hex.width = 18;
  put_number(out, address, false, 16, false, hex);
}

// Records a flag character in `spec`; false when `c` is not a flag.
bool set_flag(Spec& spec, char c) {
  switch (c) {
    case '-':
      spec.left = true;
      return true;
    case '+':
      spec.plus = true;
      return true;
    case ' ':
      spec.space = true;
      return true;
    case '#':
      spec.special = true;
      return true;
    case '0':
      spec.zero_pad = true;
      return true;
    default:
      return false;
  }
}

// Width and precision digits in the format, saturating at `max` (Linux
// stores them in bitfields; lstar clamps instead of wrapping).
int parse_count(std::string_view format, size_t& pos, int max) {
  int value = 0;
  while (pos < format.size() && is_digit(format[pos])) {
    value = std::min(max, value * 10 + (format[pos] - '0'));
    ++pos;
  }
  return value;
}

// Converts the raw 64-bit argument to the conversion's type as va_arg and
// the cast in Linux's vsnprintf do, then widens it back to 64 bits.
uint64_t narrow(uint64_t raw, Length length, bool is_signed) {
  switch (length) {
    case Length::kChar:
      return is_signed ? static_cast<uint64_t>(static_cast<int8_t>(raw))
                       : static_cast<uint64_t>(static_cast<uint8_t>(raw));
    case Length::kShort:
      return is_signed ? static_cast<uint64_t>(static_cast<int16_t>(raw))
                       : static_cast<uint64_t>(static_cast<uint16_t>(raw));
    case Length::kInt:
      return is_signed ? static_cast<uint64_t>(static_cast<int32_t>(raw))
                       : static_cast<uint64_t>(static_cast<uint32_t>(raw));
    case Length::kLong:
      return raw;
  }
  return raw;
}

class Formatter {
 public:
  Formatter(Output& out, PrintfArguments& args, const PrintfStringReader& read_string,
            const PrintfSymbolizer& symbolize)
      : out_(out), args_(args), read_string_(read_string), symbolize_(symbolize) {}

  void run(std::string_view format) {
    // Linux's vsnprintf stops at the format's NUL.
    format = format.substr(0, format.find('\0'));
    size_t pos = 0;
    while (pos < format.size()) {
      const size_t percent = format.find('%', pos);
      if (percent == std::string_view::npos) {
        out_.put(format.substr(pos));
        return;
      }
      out_.put(format.substr(pos, percent - pos));
      pos = directive(format, percent);
    }
  }

 private:
  // Formats the directive that starts at format[percent] == '%' and returns
  // the position after it.
  size_t directive(std::string_view format, size_t percent) {
    Spec spec;
    size_t pos = percent + 1;
    while (pos < format.size() && set_flag(spec, format[pos])) ++pos;

    if (pos < format.size() && format[pos] == '*') {
      ++pos;
      const int64_t width = static_cast<int32_t>(args_.next());
      if (width < 0) spec.left = true;
      spec.width =
          static_cast<int>(std::min<int64_t>(width < 0 ? -width : width, kPrintfFieldWidthMax));
    } else if (pos < format.size() && is_digit(format[pos])) {
      spec.width = parse_count(format, pos, kPrintfFieldWidthMax);
    }

    // As in Linux, a '.' with no digits after it leaves the precision
    // unset (ISO C reads it as 0), and a negative '*' precision is 0 (ISO C
    // reads it as unset).
    if (pos < format.size() && format[pos] == '.') {
      ++pos;
      if (pos < format.size() && format[pos] == '*') {
        ++pos;
        const int32_t precision = static_cast<int32_t>(args_.next());
        spec.precision = std::clamp(precision, 0, kPrintfPrecisionMax);
      } else if (pos < format.size() && is_digit(format[pos])) {
        spec.precision = parse_count(format, pos, kPrintfPrecisionMax);
      }
    }

    Length length = Length::kInt;
    if (pos < format.size()) {
      switch (format[pos]) {
        case 'h':
          ++pos;
          length = Length::kShort;
          if (pos < format.size() && format[pos] == 'h') {
            ++pos;
            length = Length::kChar;
          }
          break;
        case 'l':
          ++pos;
          length = Length::kLong;
          if (pos < format.size() && format[pos] == 'l') ++pos;
          break;
        case 'L':
        case 'z':
        case 'Z':
        case 't':
        case 'j':
          ++pos;
          length = Length::kLong;
          break;
        default:
          break;
      }
    }

    if (pos >= format.size()) return literal(format, percent, format.size());
    const char conversion = format[pos];
    switch (conversion) {
      case 'd':
      case 'i':
        put_number(out_, narrow(args_.next(), length, true), true, 10, false, spec);
        break;
      case 'u':
        put_number(out_, narrow(args_.next(), length, false), false, 10, false, spec);
        break;
      case 'x':
      case 'X':
        put_number(out_, narrow(args_.next(), length, false), false, 16, conversion == 'X', spec);
        break;
      case 'o':
        put_number(out_, narrow(args_.next(), length, false), false, 8, false, spec);
        break;
      case 'c':
        put_char(static_cast<char>(static_cast<uint8_t>(args_.next())), spec);
        break;
      case 's':
        put_guest_string(out_, args_.next(), spec, read_string_);
        break;
      case 'p':
        return pointer(format, pos + 1, spec);
      case '%':
        out_.put('%');
        break;
      case 'n':
        // Linux refuses %n (it would let a format write memory); its
        // argument is still consumed so the ones after it stay in place.
        args_.next();
        break;
      default:
        // Linux stops formatting at an unknown conversion (with a WARN);
        // lstar prints it as written so the student sees it in the log. No
        // argument is taken: %f and friends pass theirs in XMM registers,
        // which printf here never reads.
        return literal(format, percent, pos + 1);
    }
    return pos + 1;
  }

  size_t literal(std::string_view format, size_t begin, size_t end) {
    out_.put(format.substr(begin, end - begin));
    return end;
  }

  // Linux pads %c with spaces only, whatever the flags.
  void put_char(char c, const Spec& spec) {
    const size_t pad = padding(spec.width, 1);
    if (!spec.left) out_.fill(pad, ' ');
    out_.put(c);
    if (spec.left) out_.fill(pad, ' ');
  }

  // %p and its extensions. As in Linux, every letter and digit after the
  // 'p' belongs to the extension ("%pfoo" is %p with extension "foo").
  // Extensions lstar does not implement print the pointer as %p does:
  // %pa (phys_addr_t by reference), %pM, %pI4 and the like.
  size_t pointer(std::string_view format, size_t pos, const Spec& spec) {
    const size_t begin = pos;
    while (pos < format.size() && is_alnum(format[pos])) ++pos;
    const char extension = pos > begin ? format[begin] : '\0';
    const uint64_t address = args_.next();
    switch (extension) {
      case 'S':
      case 'F':  // %pF / %pf: the old, identical spellings of %pS / %ps
      case 'B':  // for backtraces; lstar's symbolizer has no tail-call adjustment
        put_symbol(out_, address, true, spec, symbolize_);
        break;
      case 's':
      case 'f':
        put_symbol(out_, address, false, spec, symbolize_);
        break;
      default:
        put_pointer(out_, address, spec);
        break;
    }
    return pos;
  }

  Output& out_;
  PrintfArguments& args_;
  const PrintfStringReader& read_string_;
  const PrintfSymbolizer& symbolize_;
};

}  // namespace

FormattedText kernel_vsnprintf(std::string_view format, size_t limit, PrintfArguments& args,
                               const PrintfStringReader& read_string,
                               const PrintfSymbolizer& symbolize) {
  Output out(limit);
  Formatter(out, args, read_string, symbolize).run(format);
  return std::move(out).finish();
}

std::string kernel_vsprintf(std::string_view format, PrintfArguments& args,
                            const PrintfStringReader& read_string,
                            const PrintfSymbolizer& symbolize) {
  return kernel_vsnprintf(format, std::string::npos, args, read_string, symbolize).text;
}

PrintkPrefix parse_printk_prefix(std::string_view formatted) {
  PrintkPrefix prefix{kPrintkDefaultLevel, false, formatted};
  bool level_given = false;
  while (prefix.text.size() >= 2 && prefix.text[0] == '\001') {
    const char kind = prefix.text[1];
    if (kind >= '0' && kind <= '7') {
      if (!level_given) prefix.level = kind - '0';
      level_given = true;
    } else if (kind == 'c') {
      prefix.cont = true;
    } else if (kind != 'd') {
      break;
    }
    prefix.text.remove_prefix(2);
  }
  return prefix;
}

VaListArguments::VaListArguments(uint64_t va_list_address, Memory memory)
    : va_list_(va_list_address), memory_(std::move(memory)) {}

uint64_t VaListArguments::next() {
  const uint32_t gp_offset = memory_.read32(va_list_ + kGpOffset);
  if (gp_offset < kGpRegistersSize) {
    const uint64_t value = memory_.read64(memory_.read64(va_list_ + kRegSaveArea) + gp_offset);
    memory_.write32(va_list_ + kGpOffset, gp_offset + 8);
    return value;
  }
  const uint64_t overflow = memory_.read64(va_list_ + kOverflowArgArea);
  const uint64_t value = memory_.read64(overflow);
  memory_.write64(va_list_ + kOverflowArgArea, overflow + 8);
  return value;
}

}  // namespace lstar::kernel
