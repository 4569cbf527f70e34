#include "tests/cpu/diff/compare.h"

#include <fmt/format.h>

#include <cstring>

#include "cpu/decoder.h"
#include "tests/cpu/diff/case_builder.h"

namespace lstar::difftest {
namespace {

constexpr const char* kGprNames[] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                     "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};

template <typename T>
T get(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

std::string hex_bytes(const uint8_t* p, size_t n) {
  std::string s;
  for (size_t k = 0; k < n; ++k)
    s += fmt::format("{:02x}", p[n - 1 - k]);  // most significant first
  return s;
}

uint64_t undefined_flags(const Form& form, const cpu::DecodedInsn& insn, const Case& c) {
  uint64_t m = form.undefined_flags;
  if (form.dynamic_undefined_flags) m |= form.dynamic_undefined_flags(c, insn);
  return m;
}

void compare_gprs(const Outcome& n, const Outcome& l, std::string& out) {
  for (unsigned r = 0; r < 16; ++r) {
    if (n.out.gpr[r] != l.out.gpr[r]) {
      out += fmt::format("  {}: native {:016x} lstar {:016x}\n", kGprNames[r], n.out.gpr[r],
                         l.out.gpr[r]);
    }
  }
}

void compare_x87(const Form& form, const Outcome& n, const Outcome& l, std::string& out) {
  const uint8_t* a = n.out.fxsave.data();
  const uint8_t* b = l.out.fxsave.data();
  if (get<uint16_t>(a + fx::kFcw) != get<uint16_t>(b + fx::kFcw)) {
    out += fmt::format("  fcw: native {:04x} lstar {:04x}\n", get<uint16_t>(a + fx::kFcw),
                       get<uint16_t>(b + fx::kFcw));
  }
  const uint16_t fsw_mask = static_cast<uint16_t>(~form.undefined_fsw);
  if ((get<uint16_t>(a + fx::kFsw) ^ get<uint16_t>(b + fx::kFsw)) & fsw_mask) {
    out +=
        fmt::format("  fsw: native {:04x} lstar {:04x} (ignoring {:04x})\n",
                    get<uint16_t>(a + fx::kFsw), get<uint16_t>(b + fx::kFsw), form.undefined_fsw);
  }
  if (a[fx::kFtw] != b[fx::kFtw]) {
    out += fmt::format("  ftw: native {:02x} lstar {:02x}\n", a[fx::kFtw], b[fx::kFtw]);
  }
  const unsigned top = (get<uint16_t>(a + fx::kFsw) >> 11) & 7;
  for (unsigned i = 0; i < 8; ++i) {
    if (!(a[fx::kFtw] & (1u << ((top + i) & 7)))) continue;  // empty: contents undefined
    const uint8_t* ra = a + fx::kSt + 16 * i;
    const uint8_t* rb = b + fx::kSt + 16 * i;
    if (std::memcmp(ra, rb, 10) != 0) {
      out += fmt::format("  st({}): native {} lstar {}\n", i, hex_bytes(ra, 10), hex_bytes(rb, 10));
    }
  }
}

void compare_sse(const Outcome& n, const Outcome& l, std::string& out) {
  const uint8_t* a = n.out.fxsave.data();
  const uint8_t* b = l.out.fxsave.data();
  if (get<uint32_t>(a + fx::kMxcsr) != get<uint32_t>(b + fx::kMxcsr)) {
    out += fmt::format("  mxcsr: native {:08x} lstar {:08x}\n", get<uint32_t>(a + fx::kMxcsr),
                       get<uint32_t>(b + fx::kMxcsr));
  }
  for (unsigned r = 0; r < 16; ++r) {
    const uint8_t* xa = a + fx::kXmm + 16 * r;
    const uint8_t* xb = b + fx::kXmm + 16 * r;
    if (std::memcmp(xa, xb, 16) != 0) {
      out += fmt::format("  xmm{}: native {} lstar {}\n", r, hex_bytes(xa, 16), hex_bytes(xb, 16));
    }
  }
}

bool ignored(const Form& form, const cpu::DecodedInsn& insn, const Case& c, uint64_t addr) {
  if (form.ignored_memory.empty()) return false;
  const uint64_t base = operand_address(c, insn.op[0]);
  for (const auto& [first, last] : form.ignored_memory) {
    if (addr >= base + first && addr < base + last) return true;
  }
  return false;
}

void compare_memory(const Form& form, const cpu::DecodedInsn& insn, const Case& c, const Outcome& n,
                    const Outcome& l, std::string& out) {
  unsigned reported = 0;
  for (size_t k = 0; k < kScratchSize; ++k) {
    if (n.memory[k] == l.memory[k] || ignored(form, insn, c, kScratchAddr + k)) continue;
    if (reported++ < 8) {
      out += fmt::format("  memory {:x}: native {:02x} lstar {:02x} (was {:02x})\n",
                         kScratchAddr + k, n.memory[k], l.memory[k], c.memory[k]);
    }
  }
  if (reported > 8) out += fmt::format("  ... {} differing bytes in all\n", reported);
}

}  // namespace

std::string compare_outcomes(const Form& form, const cpu::DecodedInsn& insn, const Case& c,
                             const Outcome& native, const Outcome& lstar) {
  std::string out;
  if (native.signal != lstar.signal) {
    return fmt::format(
        "  fault: native signal {} (rip {:x}, address {:x}) lstar {} (-1: lstar "
        "did not continue at the next instruction)\n",
        native.signal, native.fault_rip, native.fault_addr, lstar.signal);
  }
  if (native.signal != 0) return out;  // both faulted alike
  if (native.out.taken != lstar.out.taken) {
    out += fmt::format("  branch: native {} lstar {}\n", native.out.taken ? "taken" : "not taken",
                       lstar.out.taken ? "taken" : "not taken");
  }
  compare_gprs(native, lstar, out);
  const uint64_t flag_mask = ~undefined_flags(form, insn, c);
  if ((native.out.rflags ^ lstar.out.rflags) & flag_mask) {
    out += fmt::format("  rflags: native {:08x} lstar {:08x} (ignoring {:03x})\n",
                       native.out.rflags, lstar.out.rflags, ~flag_mask & 0xfff);
  }
  compare_sse(native, lstar, out);
  compare_x87(form, native, lstar, out);
  compare_memory(form, insn, c, native, lstar, out);
  return out;
}

std::string describe_case(const Form& form, const cpu::DecodedInsn& insn, const Case& c) {
  std::string s = fmt::format("instruction {} [{}]\n",
                              cpu::Decoder::disassemble(c.code.data(), c.code_len, kCodeAddr),
                              hex_bytes(c.code.data(), c.code_len));
  for (unsigned r = 0; r < 16; ++r) {
    s += fmt::format("  {:>3}={:016x}{}", kGprNames[r], c.in.gpr[r], r % 4 == 3 ? "\n" : " ");
  }
  s += fmt::format("  rflags={:08x}\n", c.in.rflags);
  const uint8_t* f = c.in.fxsave.data();
  s += fmt::format("  mxcsr={:08x} fcw={:04x} fsw={:04x} ftw={:02x}\n",
                   get<uint32_t>(f + fx::kMxcsr), get<uint16_t>(f + fx::kFcw),
                   get<uint16_t>(f + fx::kFsw), f[fx::kFtw]);
  if (form.values == Values::kX87) {
    for (unsigned i = 0; i < 8; ++i)
      s += fmt::format("  st({})={}\n", i, hex_bytes(f + fx::kSt + 16 * i, 10));
  }
  for (unsigned k = 0; k < insn.operand_count; ++k) {
    const cpu::Operand& op = insn.op[k];
    if (op.kind == cpu::OperandKind::kXmm) {
      s += fmt::format("  xmm{}={}\n", op.reg, hex_bytes(f + fx::kXmm + 16 * op.reg, 16));
    }
    if (op.kind == cpu::OperandKind::kMem) {
      const uint64_t a = operand_address(c, op);
      if (a >= kScratchAddr && a + 16 <= kScratchAddr + kScratchSize) {
        s += fmt::format("  [{:x}]={}\n", a, hex_bytes(c.memory.data() + (a - kScratchAddr), 16));
      }
    }
  }
  return s;
}

}  // namespace lstar::difftest
