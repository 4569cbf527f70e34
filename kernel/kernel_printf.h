// The kernel's printf: the formatter behind printk, vprintk, snprintf,
// vsnprintf, sprintf and scnprintf called by students' kernel C.
//
// It follows Linux's lib/vsprintf.c as Documentation/core-api/
// printk-formats.rst describes it, not ISO C: the two differ in corners
// (a '0' flag still pads when a precision is given, "%.0d" of 0 prints "0",
// "%#x" of 0 prints "0x0", a negative '*' precision means 0). It knows
// nothing of the CPU: arguments, guest strings and symbol names come in
// through the interfaces below, so the caller decides how guest memory is
// read and what a fault there means.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace lstar::kernel {

// Where the variadic arguments come from: one 64-bit integer-class argument
// per call, in order (the x86-64 SysV convention passes every integer and
// pointer argument as 8 bytes; the formatter truncates to the conversion's
// type, so the upper bits of an int argument do not matter).
class PrintfArguments {
 public:
  virtual ~PrintfArguments() = default;
  virtual uint64_t next() = 0;
};

// Reads guest memory for %s: up to `max` bytes of the string at `address`,
// stopping at a NUL; nullopt when it cannot be read (printed "(efault)").
using PrintfStringReader = std::function<std::optional<std::string>(uint64_t address, size_t max)>;

// Names a kernel text address for %pS / %ps / %pB: "__do_sys_hello+0x1d/0x60"
// with the offset, "__do_sys_hello" without; empty when the address is in no
// known symbol (the formatter then prints the address as 0x + 16 digits).
using PrintfSymbolizer = std::function<std::string(uint64_t address, bool with_offset)>;

// Linux's bounds on a field width and a precision (FIELD_WIDTH_MAX and
// PRECISION_MAX in lib/vsprintf.c); larger values are clamped to them.
inline constexpr int kPrintfFieldWidthMax = (1 << 23) - 1;
inline constexpr int kPrintfPrecisionMax = (1 << 15) - 1;
// The most bytes %s reads from guest memory when no precision bounds it.
// Linux has no such bound; here one printk with many %s of runaway pointers
// must not cost a shared server more than this each (a longer string is
// printed, and counted, as its first 64 KiB).
inline constexpr size_t kPrintfStringMax = size_t{1} << 16;

// Formats `format` with no bound on the output. Only for formats and
// arguments lstar trusts: a guest's "%8388607d" repeated is gigabytes; guest
// callers use kernel_vsnprintf.
std::string kernel_vsprintf(std::string_view format, PrintfArguments& args,
                            const PrintfStringReader& read_string,
                            const PrintfSymbolizer& symbolize = {});

// What vsnprintf produces: at most `limit` bytes of output, and the length
// the whole output would have had (vsnprintf's return value; scnprintf
// returns text.size() instead).
struct FormattedText {
  std::string text;
  size_t length = 0;
};

// Formats `format`, keeping at most `limit` bytes but counting all of them,
// so memory is bounded by `limit` whatever the guest's format asks for.
// (The caller passes size - 1 for a buffer of `size` bytes, keeping room for
// the NUL that vsnprintf writes.)
FormattedText kernel_vsnprintf(std::string_view format, size_t limit, PrintfArguments& args,
                               const PrintfStringReader& read_string,
                               const PrintfSymbolizer& symbolize = {});

// printk's level prefix: KERN_SOH ("\001") followed by '0'..'7' or 'c'
// (KERN_CONT); several prefixes may follow each other and the first level
// wins, as in Linux's printk_parse_prefix. "\001d" (KERN_DEFAULT in older kernels,
// which KernelLog accepts too) leaves the level at the default.
struct PrintkPrefix {
  int level;              // 0..7; 4 (KERN_WARNING, Linux's default_message_loglevel) when absent
  bool cont;              // KERN_CONT was among the prefixes
  std::string_view text;  // what follows the prefixes
};
inline constexpr int kPrintkDefaultLevel = 4;
PrintkPrefix parse_printk_prefix(std::string_view formatted);

// Arguments from a va_list in guest memory. On x86-64 SysV a va_list is
// struct { uint32 gp_offset; uint32 fp_offset; uint64 overflow_arg_area;
// uint64 reg_save_area; }. next() does what va_arg(ap, long) does: while
// gp_offset < 48 it reads reg_save_area + gp_offset and adds 8 to gp_offset,
// then it reads overflow_arg_area and adds 8 to it, writing the updated
// field back to guest memory each time, so a va_list the guest passes on
// (or reuses after va_copy) sees what was consumed.
class VaListArguments : public PrintfArguments {
 public:
  // Guest memory accesses; they may throw to report a fault, and the
  // exception leaves next() as it came.
  struct Memory {
    std::function<uint64_t(uint64_t address)> read64;
    std::function<uint32_t(uint64_t address)> read32;
    std::function<void(uint64_t address, uint64_t value)> write64;
    std::function<void(uint64_t address, uint32_t value)> write32;
  };

  // Offsets of the fields in the va_list structure.
  static constexpr uint64_t kGpOffset = 0;
  static constexpr uint64_t kFpOffset = 4;
  static constexpr uint64_t kOverflowArgArea = 8;
  static constexpr uint64_t kRegSaveArea = 16;
  // Six general registers of 8 bytes each are saved (rdi, rsi, rdx, rcx,
  // r8, r9); gp_offset reaches 48 when they are used up.
  static constexpr uint32_t kGpRegistersSize = 48;

  VaListArguments(uint64_t va_list_address, Memory memory);
  uint64_t next() override;

 private:
  uint64_t va_list_;
  Memory memory_;
};

}  // namespace lstar::kernel
