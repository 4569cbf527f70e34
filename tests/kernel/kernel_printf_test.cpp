#include "kernel/kernel_printf.h"

#include <climits>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lstar::kernel {
namespace {

// The arguments of a call, as the registers and stack slots would hold them.
class ArgumentList : public PrintfArguments {
 public:
  ArgumentList(std::initializer_list<uint64_t> values) : values_(values) {}
  uint64_t next() override {
    if (used_ >= values_.size()) {
      ADD_FAILURE() << "the formatter took more arguments than the call has";
      return 0;
    }
    return values_[used_++];
  }
  size_t used() const { return used_; }

 private:
  std::vector<uint64_t> values_;
  size_t used_ = 0;
};

// Guest strings at made-up addresses; anything else is unreadable.
struct FakeStrings {
  std::map<uint64_t, std::string> strings;
  std::vector<size_t> requested_max;

  PrintfStringReader reader() {
    return [this](uint64_t address, size_t max) -> std::optional<std::string> {
      requested_max.push_back(max);
      auto it = strings.find(address);
      if (it == strings.end()) return std::nullopt;
      return it->second.substr(0, max);
    };
  }
};

std::string format(std::string_view fmt, std::initializer_list<uint64_t> values,
                   const PrintfSymbolizer& symbolize = {}) {
  FakeStrings strings;
  ArgumentList args(values);
  std::string text = kernel_vsprintf(fmt, args, strings.reader(), symbolize);
  EXPECT_EQ(args.used(), values.size()) << "format \"" << fmt << "\" left arguments unused";
  return text;
}

uint64_t as_arg(int64_t value) {
  return static_cast<uint64_t>(value);
}

// ---------------------------------------------------------------------------
// Integer conversions against the host's glibc snprintf.

struct LengthCase {
  const char* ours;
  const char* host;  // glibc spelling of the same size ("L" and "Z" are GNU only)
  int bits;          // 8, 16, 32 or 64
};

// Whether `value`, truncated to the conversion's size, is zero.
bool is_zero_at(uint64_t value, int bits) {
  return bits == 64 ? value == 0 : (value & ((uint64_t{1} << bits) - 1)) == 0;
}

// The corners where Linux's vsnprintf and ISO C disagree; the tests below
// pin Linux's answer for each.
bool linux_differs_from_c(const std::string& flags, const std::string& precision, char conversion,
                          uint64_t value, int bits) {
  const bool zero_flag = flags.find('0') != std::string::npos;
  const bool left = flags.find('-') != std::string::npos;
  const bool hash = flags.find('#') != std::string::npos;
  if (!precision.empty() && zero_flag && !left) return true;      // '0' still pads
  if (precision == ".0" && is_zero_at(value, bits)) return true;  // "0", not ""
  if (hash && (conversion == 'x' || conversion == 'X') && is_zero_at(value, bits)) return true;
  if (hash && conversion == 'o' && !precision.empty()) return true;  // "0" before the zeros
  return false;
}

std::string host_snprintf(const std::string& fmt, uint64_t value, int bits) {
  std::vector<char> buffer(256);
  int n = bits == 64 ? std::snprintf(buffer.data(), buffer.size(), fmt.c_str(),
                                     static_cast<long long>(value))
                     : std::snprintf(buffer.data(), buffer.size(), fmt.c_str(),
                                     static_cast<int>(static_cast<uint32_t>(value)));
  EXPECT_GE(n, 0);
  return std::string(buffer.data(), static_cast<size_t>(n));
}

TEST(KernelPrintf, IntegerConversionsMatchHostSnprintfWhereLinuxAgreesWithC) {
  const std::vector<std::string> flag_sets = {"",   "-",  "+",  " ",  "#",  "0",
                                              "-0", "+0", " 0", "#0", "-#", "+ "};
  const std::vector<std::string> widths = {"", "1", "6", "24"};
  const std::vector<std::string> precisions = {"", ".0", ".1", ".5", ".21"};
  const std::vector<LengthCase> lengths = {
      {"hh", "hh", 8}, {"h", "h", 16}, {"", "", 32},   {"l", "l", 64}, {"ll", "ll", 64},
      {"L", "ll", 64}, {"z", "z", 64}, {"Z", "z", 64}, {"t", "t", 64}, {"j", "j", 64}};
  const std::string conversions = "diuxXo";
  const std::vector<uint64_t> values = {
      0,
      1,
      as_arg(-1),
      42,
      as_arg(-42),
      127,
      128,
      255,
      0x7fff,
      0x8000,
      0xffff,
      static_cast<uint64_t>(INT_MAX),
      as_arg(INT_MIN),
      UINT32_MAX,
      0x1'0000'0001,
      static_cast<uint64_t>(LLONG_MAX),
      as_arg(LLONG_MIN),
      UINT64_MAX,
      0x1234'5678'9abc'def0,
  };

  size_t compared = 0;
  size_t mismatches = 0;
  for (const auto& flags : flag_sets) {
    for (const auto& width : widths) {
      for (const auto& precision : precisions) {
        for (const auto& length : lengths) {
          for (char conversion : conversions) {
            const std::string ours =
                "[%" + flags + width + precision + length.ours + conversion + "]";
            const std::string host =
                "[%" + flags + width + precision + length.host + conversion + "]";
            for (uint64_t value : values) {
              if (linux_differs_from_c(flags, precision, conversion, value, length.bits)) continue;
              ++compared;
              const std::string expected = host_snprintf(host, value, length.bits);
              // The raw 64-bit register value goes in: the formatter must
              // ignore the bits above the conversion's size itself.
              const std::string actual = format(ours, {value});
              if (actual != expected && ++mismatches <= 20) {
                ADD_FAILURE() << ours << " of 0x" << std::hex << value << ": got \"" << actual
                              << "\", host snprintf \"" << expected << "\"";
              }
            }
          }
        }
      }
    }
  }
  EXPECT_EQ(mismatches, 0u);
  // Most combinations are compared; the skipped corners are pinned below.
  EXPECT_GT(compared, 150'000u);
}

TEST(KernelPrintf, StringsWithWidthAndPrecisionMatchHostSnprintf) {
  const std::vector<std::string> strings = {"", "a", "hello", "hello, world"};
  size_t compared = 0;
  for (const std::string flags : {"", "-"}) {
    for (const std::string width : {"", "3", "12"}) {
      for (const std::string precision : {"", ".0", ".2", ".20"}) {
        for (const auto& text : strings) {
          const std::string fmt = "<%" + flags + width + precision + "s>";
          std::vector<char> buffer(64);
          const int n = std::snprintf(buffer.data(), buffer.size(), fmt.c_str(), text.c_str());
          ASSERT_GE(n, 0);
          FakeStrings guest;
          guest.strings[0x40'1000] = text;
          ArgumentList args{0x40'1000};
          EXPECT_EQ(kernel_vsprintf(fmt, args, guest.reader()),
                    std::string(buffer.data(), static_cast<size_t>(n)))
              << fmt << " of \"" << text << "\"";
          ++compared;
        }
      }
    }
  }
  EXPECT_EQ(compared, 96u);
}

// ---------------------------------------------------------------------------
// Where Linux is not ISO C.

TEST(KernelPrintf, ZeroFlagStillPadsWhenAPrecisionIsGiven) {
  EXPECT_EQ(format("%08.3d", {5}), "00000005");  // C: "     005"
  EXPECT_EQ(format("%08.3d", {as_arg(-5)}), "-0000005");
  EXPECT_EQ(format("%-08.3d|", {5}), "005     |");  // '-' beats '0' as in C
}

TEST(KernelPrintf, ZeroPrecisionStillPrintsTheDigitOfZero) {
  EXPECT_EQ(format("[%.0d]", {0}), "[0]");  // C: "[]"
  EXPECT_EQ(format("[%.0x]", {0}), "[0]");
  EXPECT_EQ(format("[%5.0u]", {0}), "[    0]");
}

TEST(KernelPrintf, HashFlagPutsZeroXBeforeZeroInHexButNoExtraZeroInOctal) {
  EXPECT_EQ(format("%#x", {0}), "0x0");  // C: "0"
  EXPECT_EQ(format("%#X", {255}), "0XFF");
  EXPECT_EQ(format("%#o", {0}), "0");
  EXPECT_EQ(format("%#o", {8}), "010");
  EXPECT_EQ(format("%#.3o", {8}), "0010");  // C: "010"
  EXPECT_EQ(format("%#08x", {0x1f}), "0x00001f");
}

TEST(KernelPrintf, NegativeStarPrecisionMeansZero) {
  FakeStrings guest;
  guest.strings[0x40'1000] = "abc";
  ArgumentList args{as_arg(-1), 0x40'1000, as_arg(-1), 7};
  EXPECT_EQ(kernel_vsprintf("[%.*s][%.*d]", args, guest.reader()), "[][7]");  // C: "[abc][7]"
}

// ---------------------------------------------------------------------------
// Width and precision from the arguments, lengths, other conversions.

TEST(KernelPrintf, StarWidthTakesAnIntArgumentAndNegativeMeansLeftAligned) {
  EXPECT_EQ(format("[%*d]", {5, 42}), "[   42]");
  EXPECT_EQ(format("[%*d]", {as_arg(-5), 42}), "[42   ]");
  // Only the low 32 bits are the int: the rest of the register is noise.
  EXPECT_EQ(format("[%*d]", {0xdead'beef'0000'0004, 7}), "[   7]");
  EXPECT_EQ(format("[%-*.*x]", {6, 3, 0xa}), "[00a   ]");
}

TEST(KernelPrintf, LengthModifiersTruncateTheArgumentToTheirType) {
  EXPECT_EQ(format("%hhd", {0x1ff}), "-1");
  EXPECT_EQ(format("%hhu", {as_arg(-1)}), "255");
  EXPECT_EQ(format("%hd", {0x1'8000}), "-32768");
  EXPECT_EQ(format("%d", {0x1'0000'0005}), "5");
  EXPECT_EQ(format("%u", {as_arg(-1)}), "4294967295");
  EXPECT_EQ(format("%ld", {as_arg(LLONG_MIN)}), "-9223372036854775808");
  EXPECT_EQ(format("%Lu %zd %Zu %td %jx", {UINT64_MAX, as_arg(-2), 3, as_arg(-4), UINT64_MAX}),
            "18446744073709551615 -2 3 -4 ffffffffffffffff");
}

TEST(KernelPrintf, CharConversionPrintsTheLowByteAndPadsWithSpacesOnly) {
  EXPECT_EQ(format("%c%c", {'h', 0x100 + 'i'}), "hi");
  EXPECT_EQ(format("[%3c][%-3c][%03c]", {'a', 'b', 'c'}), "[  a][b  ][  c]");
}

TEST(KernelPrintf, PercentPercentPrintsOnePercentAndTakesNoArgument) {
  EXPECT_EQ(format("100%% %d%%", {5}), "100% 5%");
}

TEST(KernelPrintf, UnknownConversionsArePrintedAsWrittenAndTakeNoArgument) {
  EXPECT_EQ(format("%q %d", {1}), "%q 1");
  EXPECT_EQ(format("pi=%5.2f %d", {2}), "pi=%5.2f 2");
  EXPECT_EQ(format("end %", {}), "end %");
  EXPECT_EQ(format("end %-5l", {}), "end %-5l");
}

TEST(KernelPrintf, PercentNWritesNothingButConsumesItsArgument) {
  EXPECT_EQ(format("a%nb%d", {0x40'1000, 7}), "ab7");
}

TEST(KernelPrintf, FormatEndsAtItsFirstNul) {
  EXPECT_EQ(format(std::string_view("ab\0%d", 5), {}), "ab");
}

// ---------------------------------------------------------------------------
// %s and guest memory.

TEST(KernelPrintf, NullStringPrintsNullThroughWidthAndPrecision) {
  EXPECT_EQ(format("%s", {0}), "(null)");
  EXPECT_EQ(format("[%8s]", {0}), "[  (null)]");
  EXPECT_EQ(format("[%.3s]", {0}), "[(nu]");
}

TEST(KernelPrintf, UnreadableStringPrintsEfault) {
  FakeStrings guest;  // holds nothing: every read fails
  ArgumentList args{0x7fff'0000'1000};
  EXPECT_EQ(kernel_vsprintf("%s!", args, guest.reader()), "(efault)!");
  EXPECT_EQ(guest.requested_max.size(), 1u);
}

TEST(KernelPrintf, FirstPageAndErrPtrStringsPrintEfaultWithoutReadingMemory) {
  FakeStrings guest;
  guest.strings[0x10] = "never read";
  ArgumentList args{0x10, as_arg(-14)};
  EXPECT_EQ(kernel_vsprintf("%s %s", args, guest.reader()), "(efault) (efault)");
  EXPECT_TRUE(guest.requested_max.empty());
}

TEST(KernelPrintf, StringWithoutReaderPrintsEfault) {
  ArgumentList args{0x40'1000};
  EXPECT_EQ(kernel_vsprintf("%s", args, PrintfStringReader{}), "(efault)");
}

TEST(KernelPrintf, PrecisionBoundsTheBytesReadFromGuestMemory) {
  FakeStrings guest;
  guest.strings[0x40'1000] = "abcdefgh";
  ArgumentList args{0x40'1000, 0x40'1000};
  EXPECT_EQ(kernel_vsprintf("%.3s|%s", args, guest.reader()), "abc|abcdefgh");
  ASSERT_EQ(guest.requested_max.size(), 2u);
  EXPECT_EQ(guest.requested_max[0], 3u);
  EXPECT_EQ(guest.requested_max[1], kPrintfStringMax);
}

// ---------------------------------------------------------------------------
// %p and its extensions.

TEST(KernelPrintf, PlainPointerPrintsTheRawAddressAsSixteenHexDigits) {
  EXPECT_EQ(format("%p", {0xffff'ffff'8100'0000}), "ffffffff81000000");
  EXPECT_EQ(format("%px %pK", {0x1234, 0x1234}), "0000000000001234 0000000000001234");
  EXPECT_EQ(format("[%8p]", {0x1234}), "[    1234]");
  EXPECT_EQ(format("%pa", {0x1234}), "0000000000001234");
}

TEST(KernelPrintf, PointerExtensionSwallowsEveryLetterAndDigitAfterP) {
  EXPECT_EQ(format("%pfoo1.", {0x10}, [](uint64_t, bool) { return std::string("sym"); }), "sym.");
  EXPECT_EQ(format("%pM, %pI4 end", {0x10, 0x20}), "0000000000000010, 0000000000000020 end");
}

TEST(KernelPrintf, SymbolPointersUseTheSymbolizer) {
  std::vector<std::pair<uint64_t, bool>> asked;
  PrintfSymbolizer symbolize = [&](uint64_t address, bool with_offset) -> std::string {
    asked.emplace_back(address, with_offset);
    if (address != 0xffff'ffff'8100'101d) return "";
    return with_offset ? "__do_sys_hello+0x1d/0x60" : "__do_sys_hello";
  };
  const uint64_t hello = 0xffff'ffff'8100'101d;
  EXPECT_EQ(format("%pS|%ps|%pB|%pSR|[%-16ps]", {hello, hello, hello, hello, hello}, symbolize),
            "__do_sys_hello+0x1d/0x60|__do_sys_hello|__do_sys_hello+0x1d/0x60|"
            "__do_sys_hello+0x1d/0x60|[__do_sys_hello  ]");
  ASSERT_EQ(asked.size(), 5u);
  EXPECT_TRUE(asked[0].second);
  EXPECT_FALSE(asked[1].second);
  EXPECT_TRUE(asked[2].second);
}

TEST(KernelPrintf, UnknownSymbolPrintsTheAddressWithZeroX) {
  PrintfSymbolizer nothing = [](uint64_t, bool) { return std::string(); };
  EXPECT_EQ(format("%pS", {0x4010a0}, nothing), "0x00000000004010a0");
  EXPECT_EQ(format("%ps", {0xffff'ffff'c000'0000}), "0xffffffffc0000000");  // no symbolizer
}

// ---------------------------------------------------------------------------
// Bounded output.

TEST(KernelPrintf, VsnprintfKeepsAtMostTheLimitButCountsEverything) {
  FakeStrings guest;
  ArgumentList args{12345};
  const FormattedText out = kernel_vsnprintf("hello %d world", 8, args, guest.reader());
  EXPECT_EQ(out.text, "hello 12");
  EXPECT_EQ(out.length, 17u);
}

TEST(KernelPrintf, HugeWidthsAreClampedAndCostNoMemoryBeyondTheLimit) {
  FakeStrings guest;
  ArgumentList args{1, 2, INT_MAX, 3};
  const FormattedText out = kernel_vsnprintf("%99999999999d%8388607d%*d", 16, args, guest.reader());
  EXPECT_EQ(out.text, std::string(15, ' ') + " ");
  EXPECT_EQ(out.length, 3u * static_cast<size_t>(kPrintfFieldWidthMax));
}

// ---------------------------------------------------------------------------
// printk's level prefix.

TEST(KernelPrintf, PrintkPrefixGivesTheLevelAndTheTextAfterIt) {
  const PrintkPrefix prefix = parse_printk_prefix("\0016hello\n");
  EXPECT_EQ(prefix.level, 6);
  EXPECT_FALSE(prefix.cont);
  EXPECT_EQ(prefix.text, "hello\n");
}

TEST(KernelPrintf, PrintkWithoutPrefixIsAtKernWarning) {
  const PrintkPrefix prefix = parse_printk_prefix("plain\n");
  EXPECT_EQ(prefix.level, 4);
  EXPECT_FALSE(prefix.cont);
  EXPECT_EQ(prefix.text, "plain\n");
}

TEST(KernelPrintf, PrintkKernContIsReportedAndCombinesWithALevel) {
  const PrintkPrefix cont = parse_printk_prefix("\001c more");
  EXPECT_TRUE(cont.cont);
  EXPECT_EQ(cont.level, 4);
  EXPECT_EQ(cont.text, " more");
  const PrintkPrefix both = parse_printk_prefix("\001c\0013x");
  EXPECT_TRUE(both.cont);
  EXPECT_EQ(both.level, 3);
  EXPECT_EQ(both.text, "x");
}

TEST(KernelPrintf, PrintkFirstLevelWinsAndUnknownPrefixIsText) {
  EXPECT_EQ(parse_printk_prefix("\0012\0017x").level, 2);
  EXPECT_EQ(parse_printk_prefix("\0012\0017x").text, "x");
  EXPECT_EQ(parse_printk_prefix("\001d\0011x").level, 1);
  const PrintkPrefix unknown = parse_printk_prefix("\001xtext");
  EXPECT_EQ(unknown.level, 4);
  EXPECT_EQ(unknown.text, "\001xtext");
  EXPECT_EQ(parse_printk_prefix("\001").text, "\001");
}

// ---------------------------------------------------------------------------
// va_list in guest memory.

// Guest memory as a map of bytes; unwritten bytes read as zero.
struct FakeMemory {
  std::map<uint64_t, uint8_t> bytes;

  uint64_t read(uint64_t address, int size) const {
    uint64_t value = 0;
    for (int i = size - 1; i >= 0; --i) {
      auto it = bytes.find(address + static_cast<uint64_t>(i));
      value = (value << 8) | (it == bytes.end() ? 0 : it->second);
    }
    return value;
  }
  void write(uint64_t address, uint64_t value, int size) {
    for (int i = 0; i < size; ++i)
      bytes[address + static_cast<uint64_t>(i)] = (value >> (8 * i)) & 0xff;
  }
  VaListArguments::Memory access() {
    return {
        [this](uint64_t a) { return read(a, 8); },
        [this](uint64_t a) { return static_cast<uint32_t>(read(a, 4)); },
        [this](uint64_t a, uint64_t v) { write(a, v, 8); },
        [this](uint64_t a, uint32_t v) { write(a, v, 4); },
    };
  }
};

TEST(KernelPrintfVaList, ReadsTheRegisterSaveAreaThenTheOverflowAreaAndWritesTheFieldsBack) {
  constexpr uint64_t kVaList = 0x7000;
  constexpr uint64_t kRegSave = 0x8000;
  constexpr uint64_t kOverflow = 0x9000;
  FakeMemory memory;
  // printk(fmt, ...): fmt used rdi, so va_start leaves gp_offset at 8.
  memory.write(kVaList + 0, 8, 4);
  memory.write(kVaList + 4, 48, 4);
  memory.write(kVaList + 8, kOverflow, 8);
  memory.write(kVaList + 16, kRegSave, 8);
  for (uint64_t i = 1; i <= 5; ++i) memory.write(kRegSave + 8 * i, 100 + i, 8);  // rsi..r9
  memory.write(kOverflow, 200, 8);
  memory.write(kOverflow + 8, 201, 8);

  VaListArguments args(kVaList, memory.access());
  std::vector<uint64_t> taken;
  for (int i = 0; i < 7; ++i) taken.push_back(args.next());
  EXPECT_EQ(taken, (std::vector<uint64_t>{101, 102, 103, 104, 105, 200, 201}));
  EXPECT_EQ(memory.read(kVaList + 0, 4), 48u);             // gp_offset used up
  EXPECT_EQ(memory.read(kVaList + 4, 4), 48u);             // fp_offset untouched
  EXPECT_EQ(memory.read(kVaList + 8, 8), kOverflow + 16);  // past the two stack slots
  EXPECT_EQ(memory.read(kVaList + 16, 8), kRegSave);       // reg_save_area untouched
}

TEST(KernelPrintfVaList, ASecondReaderOfTheSameVaListContinuesWhereTheFirstStopped) {
  constexpr uint64_t kVaList = 0x7000;
  FakeMemory memory;
  memory.write(kVaList + 0, 32, 4);  // two registers left
  memory.write(kVaList + 8, 0x9000, 8);
  memory.write(kVaList + 16, 0x8000, 8);
  memory.write(0x8000 + 32, 1, 8);
  memory.write(0x8000 + 40, 2, 8);
  memory.write(0x9000, 3, 8);
  VaListArguments first(kVaList, memory.access());
  EXPECT_EQ(first.next(), 1u);
  VaListArguments second(kVaList, memory.access());
  EXPECT_EQ(second.next(), 2u);
  EXPECT_EQ(second.next(), 3u);
}

TEST(KernelPrintfVaList, FormatsFromAVaListInGuestMemory) {
  FakeMemory memory;
  memory.write(0x7000 + 0, 8, 4);
  memory.write(0x7000 + 8, 0x9000, 8);
  memory.write(0x7000 + 16, 0x8000, 8);
  memory.write(0x8000 + 8, 548, 8);
  memory.write(0x8000 + 16, as_arg(-14), 8);
  VaListArguments args(0x7000, memory.access());
  FakeStrings guest;
  EXPECT_EQ(kernel_vsprintf("nr %d returned %ld", args, guest.reader()), "nr 548 returned -14");
}

// The host is x86-64 SysV too, so a va_list the host compiler built has the
// layout VaListArguments reads; after it, va_arg must continue where it left.
static_assert(sizeof(va_list) == 24, "the tests run on an x86-64 SysV host");

VaListArguments::Memory host_memory() {
  return {
      [](uint64_t a) {
        uint64_t v;
        std::memcpy(&v, reinterpret_cast<const void*>(a), 8);
        return v;
      },
      [](uint64_t a) {
        uint32_t v;
        std::memcpy(&v, reinterpret_cast<const void*>(a), 4);
        return v;
      },
      [](uint64_t a, uint64_t v) { std::memcpy(reinterpret_cast<void*>(a), &v, 8); },
      [](uint64_t a, uint32_t v) { std::memcpy(reinterpret_cast<void*>(a), &v, 4); },
  };
}

std::vector<uint64_t> take_then_va_arg(int taken, int total, ...) {
  va_list ap;
  va_start(ap, total);
  std::vector<uint64_t> values;
  VaListArguments args(reinterpret_cast<uint64_t>(&ap[0]), host_memory());
  for (int i = 0; i < taken; ++i) values.push_back(args.next());
  for (int i = taken; i < total; ++i) values.push_back(va_arg(ap, unsigned long));
  va_end(ap);
  return values;
}

TEST(KernelPrintfVaList, ReadsAHostCompilersVaListAndLeavesItWhereVaArgContinues) {
  // Two named int arguments use rdi and rsi: four registers, then the stack.
  const std::vector<uint64_t> expected = {11, 12, 13, 14, 15, 16, 17, 18};
  for (int taken = 0; taken <= 8; ++taken) {
    EXPECT_EQ(take_then_va_arg(taken, 8, 11ul, 12ul, 13ul, 14ul, 15ul, 16ul, 17ul, 18ul), expected)
        << "after " << taken << " taken by VaListArguments";
  }
}

}  // namespace
}  // namespace lstar::kernel
