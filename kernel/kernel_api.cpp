#include "kernel/kernel_api.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

#include "kernel/errno.h"
#include "kernel/kernel.h"
#include "kernel/kernel_printf.h"
#include "kernel/oops.h"
#include "kernel/uaccess.h"

namespace lstar::kernel {
namespace {

using cpu::Cpu;

// The longest string (format or %s argument) a native reads; Linux's
// printk cuts a record at 1024 bytes anyway.
constexpr size_t kMaxString = 4096;

uint64_t arg(Cpu& c, int index) {
  static constexpr std::array<int, 6> kRegisters = {cpu::kRdi, cpu::kRsi, cpu::kRdx,
                                                    cpu::kRcx, cpu::kR8,  cpu::kR9};
  return c.state().gpr[kRegisters[index]];
}

// printk(fmt, ...)'s variadic arguments: the argument registers after the
// fixed ones, then the caller's stack above the return address.
class RegisterArguments final : public PrintfArguments {
 public:
  RegisterArguments(Cpu& cpu, int first) : cpu_(cpu), next_(first) {}
  uint64_t next() override {
    const int index = next_++;
    if (index < 6) return arg(cpu_, index);
    uint64_t value = 0;
    const uint64_t slot = cpu_.state().gpr[cpu::kRsp] + 8 + 8 * static_cast<uint64_t>(index - 6);
    cpu_.memory().read_debug(slot, &value, 8);
    return value;
  }

 private:
  Cpu& cpu_;
  int next_;
};

[[noreturn]] void kernel_page_fault(uint64_t address, bool write, bool present) {
  throw cpu::GuestFault{cpu::Exception::kPageFault, address, write, false, present, {}};
}

// Faults, as the access itself would, unless [address, address + n) is
// kernel memory the access may touch (user memory is SMAP's).
void check_kernel_range(Cpu& c, uint64_t address, uint64_t n, bool write) {
  if (n == 0) return;
  if (address + (n - 1) < address) kernel_page_fault(0, write, false);
  for (uint64_t page = cpu::page_floor(address); page <= address + (n - 1);
       page += cpu::kPageSize) {
    const uint64_t at = std::max(page, address);
    const auto perms = c.memory().permissions(page);
    if (!perms) kernel_page_fault(at, write, false);
    if ((*perms & cpu::perm::kUser) || (write && !(*perms & cpu::perm::kWrite)))
      kernel_page_fault(at, write, true);
    if (page + cpu::kPageSize < page) break;
  }
}

// A NUL-terminated string in kernel memory; faults like a load would if
// the string runs into memory kernel code may not read.
std::string read_kernel_string(Cpu& c, uint64_t address) {
  std::string out;
  for (size_t i = 0; i < kMaxString; ++i) {
    check_kernel_range(c, address + i, 1, false);
    char ch = 0;
    c.memory().read_debug(address + i, &ch, 1);
    if (ch == '\0') break;
    out.push_back(ch);
  }
  return out;
}

void write_kernel(Cpu& c, uint64_t address, const void* data, uint64_t n) {
  check_kernel_range(c, address, n, true);
  c.memory().write_debug(address, data, n);
}

std::vector<uint8_t> read_kernel(Cpu& c, uint64_t address, uint64_t n) {
  check_kernel_range(c, address, n, false);
  std::vector<uint8_t> bytes(n);
  c.memory().read_debug(address, bytes.data(), n);
  return bytes;
}

// The longest text a guest's format may produce here: printk keeps 1024
// bytes of a record anyway, and sprintf into a buffer larger than this is a
// runaway format.
constexpr size_t kMaxFormatted = size_t{1} << 20;

FormattedText format(Kernel& k, Cpu& c, uint64_t format_address, size_t limit,
                     PrintfArguments& args) {
  const std::string fmt_text = read_kernel_string(c, format_address);
  const PrintfStringReader reader = [&c](uint64_t address,
                                         size_t max) -> std::optional<std::string> {
    std::string out;
    for (size_t i = 0; i < std::min(max, kMaxString); ++i) {
      const auto perms = c.memory().permissions(address + i);
      if (!perms || (*perms & cpu::perm::kUser)) return std::nullopt;
      char ch = 0;
      c.memory().read_debug(address + i, &ch, 1);
      if (ch == '\0') break;
      out.push_back(ch);
    }
    return out;
  };
  const PrintfSymbolizer symbolizer = [&k](uint64_t address, bool with_offset) {
    auto name = k.code().name_of(address);
    return name ? name->text(with_offset) : std::string();
  };
  return kernel_vsnprintf(fmt_text, std::min(limit, kMaxFormatted), args, reader, symbolizer);
}

VaListArguments va_list_at(Cpu& c, uint64_t va_list) {
  VaListArguments::Memory memory;
  memory.read64 = [&c](uint64_t address) {
    uint64_t value = 0;
    c.memory().read_debug(address, &value, 8);
    return value;
  };
  memory.read32 = [&c](uint64_t address) {
    uint32_t value = 0;
    c.memory().read_debug(address, &value, 4);
    return value;
  };
  memory.write64 = [&c](uint64_t address, uint64_t value) {
    c.memory().write_debug(address, &value, 8);
  };
  memory.write32 = [&c](uint64_t address, uint32_t value) {
    c.memory().write_debug(address, &value, 4);
  };
  return VaListArguments(va_list, std::move(memory));
}

// vsnprintf's contract: at most size - 1 bytes and a NUL; returns the
// would-be length (scnprintf: the bytes written).
uint64_t print_to_buffer(Kernel& k, Cpu& c, uint64_t buffer, uint64_t size, uint64_t format_address,
                         PrintfArguments& args, bool count_written) {
  const FormattedText out =
      format(k, c, format_address, size == 0 ? 0 : static_cast<size_t>(size - 1), args);
  if (size == 0) return count_written ? 0 : out.length;
  check_kernel_range(c, buffer, out.text.size() + 1, true);
  c.memory().write_debug(buffer, out.text.data(), out.text.size());
  const char nul = '\0';
  c.memory().write_debug(buffer + out.text.size(), &nul, 1);
  return count_written ? out.text.size() : out.length;
}

uint64_t log_formatted(Kernel& k, Cpu& c, uint64_t format_address, PrintfArguments& args) {
  const FormattedText out = format(k, c, format_address, KernelLog::kMaxLineLength, args);
  k.log().printk(std::string_view(out.text));
  return out.length;
}

std::vector<uint64_t> caller_stack(Kernel& k, Cpu& c) {
  return kernel_backtrace(k, c.state(), true);
}

uint64_t kmalloc(Kernel& k, Cpu& c, uint64_t size) {
  if (k.injection().on_call("kmalloc")) return 0;  // monitor inject kmalloc:...: NULL
  const uint64_t address =
      k.heap().allocate(k.memory(), size, caller_stack(k, c), k.current_syscall());
  if (address == 0 && size > kKmallocMaxSize) {
    k.log().printk(LogLevel::kWarning,
                   "lstar: kmalloc({}) fails: more than KMALLOC_MAX_SIZE ({} bytes)", size,
                   kKmallocMaxSize);
  }
  return address;
}

uint64_t api_copy_from_user(Kernel& k, Cpu& c) {
  const uint64_t to = arg(c, 0), from = arg(c, 1), n = arg(c, 2);
  check_kernel_range(c, to, n, true);
  // An injected fault copies nothing (and zero-fills, as a failed copy does).
  const bool injected = k.injection().on_call("copy_from_user").has_value();
  std::array<uint8_t, cpu::kPageSize> chunk;
  for (uint64_t done = 0; done < n;) {
    const uint64_t len = std::min<uint64_t>(n - done, chunk.size());
    const size_t missed = access_ok(from, n) && !injected
                              ? kernel::copy_from_user(k.memory(), chunk.data(), from + done, len)
                              : len;
    if (missed)
      std::fill(chunk.begin() + static_cast<long>(len - missed),
                chunk.begin() + static_cast<long>(len), 0);
    k.memory().write_debug(to + done, chunk.data(), len);
    if (missed) {
      // Linux zeroes what it could not copy, so no stale kernel data leaks.
      for (uint64_t z = done + len; z < n; z += chunk.size()) {
        chunk.fill(0);
        k.memory().write_debug(to + z, chunk.data(), std::min<uint64_t>(n - z, chunk.size()));
      }
      return n - done - (len - missed);
    }
    done += len;
  }
  return 0;
}

uint64_t api_copy_to_user(Kernel& k, Cpu& c) {
  const uint64_t to = arg(c, 0), from = arg(c, 1), n = arg(c, 2);
  check_kernel_range(c, from, n, false);
  if (k.injection().on_call("copy_to_user")) return n;
  if (!access_ok(to, n)) return n;
  std::array<uint8_t, cpu::kPageSize> chunk;
  for (uint64_t done = 0; done < n;) {
    const uint64_t len = std::min<uint64_t>(n - done, chunk.size());
    k.memory().read_debug(from + done, chunk.data(), len);
    const size_t missed = kernel::copy_to_user(k.memory(), to + done, chunk.data(), len);
    if (missed) return n - done - (len - missed);
    done += len;
  }
  return 0;
}

uint64_t api_strncpy_from_user(Kernel& k, Cpu& c) {
  const uint64_t dst = arg(c, 0), src = arg(c, 1);
  const long count = static_cast<long>(arg(c, 2));
  if (count <= 0) return 0;
  const long length = kernel::strnlen_user(k.memory(), src, count);  // with the NUL
  if (length == 0) return static_cast<uint64_t>(-long{kEFAULT});
  const long copy = std::min(length, count);
  // The destination first: a kernel buffer bounds what the host allocates.
  check_kernel_range(c, dst, static_cast<uint64_t>(copy), true);
  std::vector<char> bytes(static_cast<size_t>(copy));
  const long result = kernel::strncpy_from_user(k.memory(), bytes.data(), src, copy);
  if (result < 0) return static_cast<uint64_t>(result);
  write_kernel(c, dst, bytes.data(), static_cast<uint64_t>(copy));
  return static_cast<uint64_t>(length <= count ? length - 1 : count);
}

uint64_t api_kfree(Kernel& k, Cpu& c) {
  const uint64_t address = arg(c, 0);
  std::vector<uint64_t> stack = caller_stack(k, c);
  switch (k.heap().free(k.memory(), address, stack)) {
    case KmallocHeap::FreeResult::kDoubleFree:
      report_bad_free(k, BadFree::kDoubleFree, address, stack);
      break;
    case KmallocHeap::FreeResult::kInvalidFree:
      report_bad_free(k, BadFree::kInvalidFree, address, stack);
      break;
    default:
      break;
  }
  return 0;
}

uint64_t api_kmemdup(Kernel& k, Cpu& c, uint64_t source, uint64_t n) {
  const std::vector<uint8_t> bytes = read_kernel(c, source, n);
  const uint64_t copy = kmalloc(k, c, n);
  if (copy && copy != kZeroSizePtr) k.memory().write_debug(copy, bytes.data(), n);
  return copy;
}

uint64_t api_dump_stack(Kernel& k, Cpu& c) {
  k.log().printk(LogLevel::kWarning, "CPU: 0 PID: {} Comm: {} 5.6.0-lstar #1", k.process().pid,
                 k.comm());
  for (const std::string& line : call_trace_lines(k, caller_stack(k, c)))
    k.log().printk(LogLevel::kWarning, std::string_view(line));
  return 0;
}

// WARN_ON's report (linux/bug.h): Linux's "WARNING: ... at FILE:LINE" with
// the caller's name, registers and call trace; the caller carries on.
uint64_t api_warn(Kernel& k, Cpu& c) {
  const std::string file = read_kernel_string(c, arg(c, 0));
  const auto line = static_cast<int>(arg(c, 1));
  const std::vector<uint64_t> stack = caller_stack(k, c);
  auto caller = stack.empty() ? std::nullopt : k.code().name_of(stack.front());
  k.log().printk(LogLevel::kWarning, "WARNING: CPU: 0 PID: {} at {}:{} {}", k.process().pid, file,
                 line, caller ? caller->text() : "?");
  k.log().printk(LogLevel::kWarning, "CPU: 0 PID: {} Comm: {} 5.6.0-lstar #1", k.process().pid,
                 k.comm());
  if (caller) k.log().printk(LogLevel::kWarning, "RIP: 0010:{}", caller->text());
  for (const std::string& line_text : call_trace_lines(k, stack))
    k.log().printk(LogLevel::kWarning, std::string_view(line_text));
  k.log().printk(LogLevel::kWarning, "---[ end trace 0000000000000000 ]---");
  return 0;
}

struct ApiFunction {
  const char* name;
  uint64_t (*fn)(Kernel&, Cpu&);
};

const ApiFunction kApi[] = {
    {"printk",
     [](Kernel& k, Cpu& c) -> uint64_t {
       RegisterArguments args(c, 1);
       return log_formatted(k, c, arg(c, 0), args);
     }},
    {"vprintk",
     [](Kernel& k, Cpu& c) -> uint64_t {
       VaListArguments args = va_list_at(c, arg(c, 1));
       return log_formatted(k, c, arg(c, 0), args);
     }},
    {"snprintf",
     [](Kernel& k, Cpu& c) -> uint64_t {
       RegisterArguments args(c, 3);
       return print_to_buffer(k, c, arg(c, 0), arg(c, 1), arg(c, 2), args, false);
     }},
    {"vsnprintf",
     [](Kernel& k, Cpu& c) -> uint64_t {
       VaListArguments args = va_list_at(c, arg(c, 3));
       return print_to_buffer(k, c, arg(c, 0), arg(c, 1), arg(c, 2), args, false);
     }},
    {"scnprintf",
     [](Kernel& k, Cpu& c) -> uint64_t {
       RegisterArguments args(c, 3);
       return print_to_buffer(k, c, arg(c, 0), arg(c, 1), arg(c, 2), args, true);
     }},
    {"sprintf",
     [](Kernel& k, Cpu& c) -> uint64_t {
       RegisterArguments args(c, 2);
       return print_to_buffer(k, c, arg(c, 0), kMaxFormatted + 1, arg(c, 1), args, false);
     }},
    {"copy_from_user", api_copy_from_user},
    {"copy_to_user", api_copy_to_user},
    {"clear_user",
     [](Kernel& k, Cpu& c) -> uint64_t {
       if (!access_ok(arg(c, 0), arg(c, 1))) return arg(c, 1);
       return kernel::clear_user(k.memory(), arg(c, 0), arg(c, 1));
     }},
    {"strncpy_from_user", api_strncpy_from_user},
    {"strnlen_user",
     [](Kernel& k, Cpu& c) -> uint64_t {
       return static_cast<uint64_t>(
           kernel::strnlen_user(k.memory(), arg(c, 0), static_cast<long>(arg(c, 1))));
     }},
    {"__kmalloc", [](Kernel& k, Cpu& c) -> uint64_t { return kmalloc(k, c, arg(c, 0)); }},
    {"kfree", api_kfree},
    {"kstrdup",
     [](Kernel& k, Cpu& c) -> uint64_t {
       if (arg(c, 0) == 0) return 0;
       const std::string text = read_kernel_string(c, arg(c, 0));
       return api_kmemdup(k, c, arg(c, 0), text.size() + 1);
     }},
    {"kmemdup",
     [](Kernel& k, Cpu& c) -> uint64_t { return api_kmemdup(k, c, arg(c, 0), arg(c, 1)); }},
    {"dump_stack", api_dump_stack},
    {"__warn", api_warn},
};

}  // namespace

void register_kernel_api(Kernel& kernel) {
  for (const ApiFunction& f : kApi) {
    const uint64_t address = kernel.symbol(f.name);
    if (!address) continue;  // boot() checks the image has them all
    auto* fn = f.fn;
    kernel.cpu().register_native(address, [&kernel, fn](Cpu& c) { return fn(kernel, c); });
  }
}

std::vector<std::string> kernel_api_names() {
  std::vector<std::string> names;
  for (const ApiFunction& f : kApi) names.emplace_back(f.name);
  return names;
}

}  // namespace lstar::kernel
