#include "kernel/initial_stack.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "kernel/errno.h"

namespace lstar::kernel {
namespace {

constexpr uint64_t kStackAlignment = 16;  // the SysV ABI's, and Linux's STACK_ROUND

uint64_t align_down(uint64_t value, uint64_t alignment) {
  return value & ~(alignment - 1);
}

// splitmix64: a tiny, well-mixed generator; the bytes only need to be
// reproducible from the seed, not secret.
uint64_t next_random(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

std::array<uint8_t, 16> random_bytes(uint64_t seed) {
  std::array<uint8_t, 16> bytes;
  const uint64_t words[2] = {next_random(seed), next_random(seed)};
  std::memcpy(bytes.data(), words, bytes.size());
  return bytes;
}

// Linux's bound on argument strings (fs/exec.c): a quarter of the stack
// limit, capped at 3/4 of _STK_LIM (6 MiB), but never below ARG_MAX (32 pages).
uint64_t argument_space_limit(uint64_t stack_size) {
  return std::max<uint64_t>(std::min<uint64_t>(stack_size / 4, uint64_t{6} << 20), kMaxArgStrlen);
}

std::optional<InitialStackError> check_string(std::string_view what, size_t index,
                                              const std::string& s) {
  if (s.size() + 1 <= kMaxArgStrlen) return std::nullopt;
  return InitialStackError{
      kE2BIG, fmt::format("argument list too long: {}[{}] is {} bytes, the limit is {} (E2BIG)",
                          what, index, s.size() + 1, kMaxArgStrlen)};
}

std::optional<InitialStackError> check_arguments(const InitialStackParams& params,
                                                 const std::string& execfn) {
  uint64_t bytes = execfn.size() + 1;
  for (size_t i = 0; i < params.argv.size(); ++i) {
    if (auto error = check_string("argv", i, params.argv[i])) return error;
    bytes += params.argv[i].size() + 1;
  }
  for (size_t i = 0; i < params.envp.size(); ++i) {
    if (auto error = check_string("envp", i, params.envp[i])) return error;
    bytes += params.envp[i].size() + 1;
  }
  bytes += (params.argv.size() + params.envp.size()) * sizeof(uint64_t);
  const uint64_t limit = argument_space_limit(params.stack_size);
  if (bytes <= limit) return std::nullopt;
  return InitialStackError{
      kE2BIG, fmt::format("argument list too long: argv and envp need {} bytes, the limit is {} "
                          "(E2BIG)",
                          bytes, limit)};
}

// Where everything goes, computed before anything is written.
struct Layout {
  uint64_t execfn = 0;
  std::vector<uint64_t> argv, envp;  // string addresses
  uint64_t platform = 0, random = 0;
  uint64_t rsp = 0;
};

// Strings go downwards from 8 bytes below the top: AT_EXECFN first, then
// envp and argv, each list last string first, so they read in order upwards.
Layout place_strings(const InitialStackParams& params, const std::string& execfn) {
  Layout layout;
  uint64_t p = params.stack_top - sizeof(uint64_t);
  layout.execfn = p -= execfn.size() + 1;
  layout.envp.resize(params.envp.size());
  for (size_t i = params.envp.size(); i-- > 0;) layout.envp[i] = p -= params.envp[i].size() + 1;
  layout.argv.resize(params.argv.size());
  for (size_t i = params.argv.size(); i-- > 0;) layout.argv[i] = p -= params.argv[i].size() + 1;
  p = align_down(p, kStackAlignment);
  layout.platform = p -= params.platform.size() + 1;
  layout.random = p -= 16;
  return layout;
}

std::vector<AuxvEntry> make_auxv(const LoadedImage& image, const InitialStackParams& params,
                                 const Layout& layout) {
  // Linux's order (create_elf_tables, with ARCH_DLINFO first), without
  // AT_SYSINFO_EHDR: there is no vDSO, so glibc makes real syscalls.
  std::vector<AuxvEntry> auxv = {
      {kAtMinsigstksz, params.minsigstksz},
      {kAtHwcap, params.hwcap},
      {kAtHwcap2, params.hwcap2},
      {kAtPagesz, cpu::kPageSize},
      {kAtClktck, params.clock_ticks},
      {kAtPhdr, image.phdr_addr},
      {kAtPhent, image.phent},
      {kAtPhnum, image.phnum},
      {kAtBase, 0},  // no interpreter
      {kAtFlags, 0},
      {kAtEntry, image.entry},
      {kAtUid, params.uid},
      {kAtEuid, params.euid},
      {kAtGid, params.gid},
      {kAtEgid, params.egid},
      {kAtSecure, 0},
      {kAtRandom, layout.random},
      {kAtExecfn, layout.execfn},
      {kAtPlatform, layout.platform},
  };
  auxv.insert(auxv.end(), params.extra_auxv.begin(), params.extra_auxv.end());
  auxv.push_back({kAtNull, 0});
  return auxv;
}

// argc, argv[], NULL, envp[], NULL sit below the auxv; rsp is rounded down
// to 16 bytes (Linux's STACK_ROUND), leaving any slack between auxv and the
// random bytes.
uint64_t place_vectors(const Layout& layout, size_t auxv_entries) {
  const uint64_t auxv_bytes = auxv_entries * 2 * sizeof(uint64_t);
  const uint64_t items = (layout.argv.size() + 1) + (layout.envp.size() + 1) + 1;
  return align_down(layout.random - auxv_bytes - items * sizeof(uint64_t), kStackAlignment);
}

// An upper bound on what place_strings and place_vectors use, so that a
// small stack is checked before any address is computed (and cannot wrap).
uint64_t stack_bytes_needed(const InitialStackParams& params, const std::string& execfn,
                            size_t auxv_entries) {
  uint64_t bytes = sizeof(uint64_t) + execfn.size() + 1 + params.platform.size() + 1 + 16;
  for (const std::string& s : params.argv) bytes += s.size() + 1;
  for (const std::string& s : params.envp) bytes += s.size() + 1;
  bytes += (params.argv.size() + params.envp.size() + 3) * sizeof(uint64_t);
  bytes += auxv_entries * 2 * sizeof(uint64_t);
  return bytes + 2 * kStackAlignment;  // the two alignments
}

class StackWriter {
 public:
  explicit StackWriter(cpu::AddressSpace& as) : as_(as) {}

  void string(uint64_t addr, std::string_view s) {
    as_.write_debug(addr, s.data(), s.size());
    as_.write_debug(addr + s.size(), "", 1);
  }
  void bytes(uint64_t addr, const void* data, size_t size) { as_.write_debug(addr, data, size); }
  // Returns the address after the word.
  uint64_t word(uint64_t addr, uint64_t value) {
    as_.write_debug(addr, &value, sizeof(value));
    return addr + sizeof(value);
  }

 private:
  cpu::AddressSpace& as_;
};

void write_stack(cpu::AddressSpace& as, const InitialStackParams& params, const std::string& execfn,
                 const Layout& layout, InitialStack& stack) {
  StackWriter w(as);
  w.string(layout.execfn, execfn);
  for (size_t i = 0; i < params.envp.size(); ++i) w.string(layout.envp[i], params.envp[i]);
  for (size_t i = 0; i < params.argv.size(); ++i) w.string(layout.argv[i], params.argv[i]);
  w.string(layout.platform, params.platform);
  w.bytes(layout.random, stack.random_bytes.data(), stack.random_bytes.size());

  uint64_t at = w.word(layout.rsp, params.argv.size());
  stack.argv_addr = at;
  for (uint64_t addr : layout.argv) at = w.word(at, addr);
  at = w.word(at, 0);
  stack.envp_addr = at;
  for (uint64_t addr : layout.envp) at = w.word(at, addr);
  at = w.word(at, 0);
  stack.auxv_addr = at;
  w.bytes(at, stack.auxv_bytes.data(), stack.auxv_bytes.size());
}

}  // namespace

InitialStackResult build_initial_stack(cpu::AddressSpace& as, const LoadedImage& image,
                                       const InitialStackParams& params) {
  const std::string execfn =
      !params.execfn.empty() || params.argv.empty() ? params.execfn : params.argv[0];
  if (params.stack_top > kTaskSizeMax || params.stack_top % cpu::kPageSize != 0 ||
      params.stack_size % cpu::kPageSize != 0 || params.stack_size > params.stack_top)
    return InitialStackError{kEINVAL, "stack top and size must be page-aligned user addresses"};
  if (auto error = check_arguments(params, execfn)) return *error;

  Layout layout = place_strings(params, execfn);
  InitialStack stack;
  stack.stack_top = params.stack_top;
  stack.stack_low = params.stack_top - params.stack_size;
  stack.auxv = make_auxv(image, params, layout);
  stack.auxv_bytes = serialize_auxv(stack.auxv);
  if (stack_bytes_needed(params, execfn, stack.auxv.size()) + cpu::kPageSize > params.stack_size)
    return InitialStackError{kE2BIG, "argument list too long for the stack (E2BIG)"};
  layout.rsp = place_vectors(layout, stack.auxv.size());
  if (!as.is_range_free(stack.stack_low, params.stack_size))
    return InitialStackError{kENOMEM, fmt::format("the stack range [0x{:x}, 0x{:x}) is in use",
                                                  stack.stack_low, stack.stack_top)};

  as.map(stack.stack_low, params.stack_size,
         cpu::perm::kRead | cpu::perm::kWrite | cpu::perm::kUser);
  stack.random_bytes = random_bytes(params.random_seed);
  stack.rsp = layout.rsp;
  stack.execfn_addr = layout.execfn;
  stack.platform_addr = layout.platform;
  stack.random_addr = layout.random;
  write_stack(as, params, execfn, layout, stack);
  return stack;
}

}  // namespace lstar::kernel
