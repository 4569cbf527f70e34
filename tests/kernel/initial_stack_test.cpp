#include "kernel/initial_stack.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kernel/errno.h"
#include "test_files.h"

namespace lstar::kernel {
namespace {

using cpu::AddressSpace;
namespace perm = cpu::perm;

uint64_t read_u64(const AddressSpace& as, uint64_t addr) {
  uint64_t value = 0;
  EXPECT_EQ(as.read_debug(addr, &value, sizeof value), sizeof value);
  return value;
}

std::string read_string(const AddressSpace& as, uint64_t addr) {
  std::string s;
  char c;
  while (as.read_debug(addr++, &c, 1) == 1 && c != '\0') s.push_back(c);
  return s;
}

// A process image as the loader would report it, without loading anything.
LoadedImage fake_image() {
  LoadedImage image;
  image.entry = 0x401bc0;
  image.phdr_addr = 0x400040;
  image.phent = 56;
  image.phnum = 10;
  return image;
}

InitialStackParams lab_params() {
  InitialStackParams params;
  params.argv = {"/lab/hello", "two words", ""};
  params.envp = {"HOME=/home/student", "LANG=C"};
  params.random_seed = 42;
  return params;
}

struct StackView {
  uint64_t argc = 0;
  std::vector<std::string> argv, envp;
  std::vector<AuxvEntry> auxv;
};

// Reads the stack back the way _start does.
StackView read_back(const AddressSpace& as, uint64_t rsp) {
  StackView view;
  view.argc = read_u64(as, rsp);
  uint64_t at = rsp + 8;
  for (uint64_t i = 0; i < view.argc; ++i, at += 8)
    view.argv.push_back(read_string(as, read_u64(as, at)));
  EXPECT_EQ(read_u64(as, at), 0u) << "argv is NULL-terminated";
  at += 8;
  for (uint64_t p; (p = read_u64(as, at)) != 0; at += 8) view.envp.push_back(read_string(as, p));
  at += 8;
  for (;; at += 16) {
    view.auxv.push_back({read_u64(as, at), read_u64(as, at + 8)});
    if (view.auxv.back().type == kAtNull) break;
  }
  return view;
}

uint64_t auxv_value(const std::vector<AuxvEntry>& auxv, uint64_t type) {
  for (const AuxvEntry& e : auxv)
    if (e.type == type) return e.value;
  ADD_FAILURE() << "no " << auxv_type_name(type);
  return 0;
}

InitialStack build_ok(AddressSpace& as, const InitialStackParams& params) {
  InitialStackResult result = build_initial_stack(as, fake_image(), params);
  if (auto* error = std::get_if<InitialStackError>(&result)) {
    ADD_FAILURE() << error->message;
    return {};
  }
  return std::get<InitialStack>(std::move(result));
}

TEST(InitialStack, ArgvEnvpAndAuxvReadBack) {
  AddressSpace as;
  const InitialStack stack = build_ok(as, lab_params());
  EXPECT_EQ(stack.rsp % 16, 0u);
  const StackView view = read_back(as, stack.rsp);
  EXPECT_EQ(view.argc, 3u);
  EXPECT_EQ(view.argv, (std::vector<std::string>{"/lab/hello", "two words", ""}));
  EXPECT_EQ(view.envp, (std::vector<std::string>{"HOME=/home/student", "LANG=C"}));
  EXPECT_EQ(view.auxv, stack.auxv);
  EXPECT_EQ(stack.argv_addr, stack.rsp + 8);
  EXPECT_EQ(stack.envp_addr, stack.argv_addr + 4 * 8);
  EXPECT_EQ(stack.auxv_addr, stack.envp_addr + 3 * 8);
}

TEST(InitialStack, AuxvHasLinuxsEntriesInLinuxsOrder) {
  AddressSpace as;
  const InitialStack stack = build_ok(as, lab_params());
  std::vector<uint64_t> types;
  for (const AuxvEntry& e : stack.auxv) types.push_back(e.type);
  EXPECT_EQ(types,
            (std::vector<uint64_t>{kAtMinsigstksz, kAtHwcap,  kAtHwcap2, kAtPagesz,   kAtClktck,
                                   kAtPhdr,        kAtPhent,  kAtPhnum,  kAtBase,     kAtFlags,
                                   kAtEntry,       kAtUid,    kAtEuid,   kAtGid,      kAtEgid,
                                   kAtSecure,      kAtRandom, kAtExecfn, kAtPlatform, kAtNull}));
  const auto& auxv = stack.auxv;
  EXPECT_EQ(auxv_value(auxv, kAtPhdr), 0x400040u);
  EXPECT_EQ(auxv_value(auxv, kAtPhent), 56u);
  EXPECT_EQ(auxv_value(auxv, kAtPhnum), 10u);
  EXPECT_EQ(auxv_value(auxv, kAtEntry), 0x401bc0u);
  EXPECT_EQ(auxv_value(auxv, kAtPagesz), 4096u);
  EXPECT_EQ(auxv_value(auxv, kAtBase), 0u);
  EXPECT_EQ(auxv_value(auxv, kAtUid), 1000u);
  EXPECT_EQ(auxv_value(auxv, kAtEgid), 1000u);
  EXPECT_EQ(auxv_value(auxv, kAtSecure), 0u);
  EXPECT_EQ(auxv_value(auxv, kAtHwcap), 0x178bfbffu);
  EXPECT_EQ(auxv_value(auxv, kAtClktck), 100u);
  EXPECT_EQ(read_string(as, auxv_value(auxv, kAtPlatform)), "x86_64");
  EXPECT_EQ(read_string(as, auxv_value(auxv, kAtExecfn)), "/lab/hello");
  std::array<uint8_t, 16> random;
  as.read_debug(auxv_value(auxv, kAtRandom), random.data(), random.size());
  EXPECT_EQ(random, stack.random_bytes);
  EXPECT_EQ(auxv_value(auxv, kAtRandom), stack.random_addr);
}

TEST(InitialStack, AuxvBytesAreWhatProcAuxvHolds) {
  AddressSpace as;
  const InitialStack stack = build_ok(as, lab_params());
  ASSERT_EQ(stack.auxv_bytes.size(), stack.auxv.size() * 16);
  std::vector<uint8_t> memory(stack.auxv_bytes.size());
  as.read_debug(stack.auxv_addr, memory.data(), memory.size());
  EXPECT_EQ(memory, stack.auxv_bytes);
}

TEST(InitialStack, StringsSitAtTheTopInLinuxsOrder) {
  AddressSpace as;
  InitialStackParams params = lab_params();
  params.execfn = "/lab/bin/hello";
  const InitialStack stack = build_ok(as, params);
  // 8 zero bytes at the very top, the exec path below them.
  EXPECT_EQ(read_u64(as, kStackTop - 8), 0u);
  EXPECT_EQ(stack.execfn_addr, kStackTop - 8 - params.execfn.size() - 1);
  EXPECT_EQ(read_string(as, stack.execfn_addr), "/lab/bin/hello");
  // argv strings, then envp strings, contiguous and ascending.
  uint64_t at = read_u64(as, stack.argv_addr);
  for (const std::string& s : params.argv) {
    EXPECT_EQ(read_string(as, at), s);
    at += s.size() + 1;
  }
  for (const std::string& s : params.envp) {
    EXPECT_EQ(read_string(as, at), s);
    at += s.size() + 1;
  }
  EXPECT_EQ(at, stack.execfn_addr);
  // The platform string and random bytes go below the 16-aligned strings.
  const uint64_t aligned = read_u64(as, stack.argv_addr) & ~uint64_t{15};
  EXPECT_EQ(stack.platform_addr, aligned - 7);
  EXPECT_EQ(stack.random_addr, stack.platform_addr - 16);
  EXPECT_LE(stack.auxv_addr + stack.auxv_bytes.size(), stack.random_addr);
  EXPECT_GE(stack.auxv_addr + stack.auxv_bytes.size() + 16, stack.random_addr);
}

TEST(InitialStack, StackIsAUserReadWriteMapping) {
  AddressSpace as;
  const InitialStack stack = build_ok(as, lab_params());
  EXPECT_EQ(stack.stack_top, kStackTop);
  EXPECT_EQ(stack.stack_low, kStackTop - (8u << 20));
  const uint8_t rw_user = perm::kRead | perm::kWrite | perm::kUser;
  EXPECT_EQ(as.permissions(stack.stack_low), rw_user);
  EXPECT_EQ(as.permissions(kStackTop - 1), rw_user);
  EXPECT_EQ(as.permissions(kStackTop), std::nullopt);
  EXPECT_EQ(as.permissions(stack.stack_low - 1), std::nullopt);
}

TEST(InitialStack, RandomBytesFollowTheSeed) {
  AddressSpace a, b, c;
  InitialStackParams params = lab_params();
  const InitialStack first = build_ok(a, params);
  const InitialStack again = build_ok(b, params);
  params.random_seed = 43;
  const InitialStack other = build_ok(c, params);
  EXPECT_EQ(first.random_bytes, again.random_bytes);
  EXPECT_NE(first.random_bytes, other.random_bytes);
  EXPECT_NE(first.random_bytes, (std::array<uint8_t, 16>{}));
}

TEST(InitialStack, EmptyArgvAndExtraAuxv) {
  AddressSpace as;
  InitialStackParams params;
  params.extra_auxv = {{kAtRseqFeatureSize, 28}, {kAtRseqAlign, 32}};
  const InitialStack stack = build_ok(as, params);
  const StackView view = read_back(as, stack.rsp);
  EXPECT_EQ(view.argc, 0u);
  EXPECT_TRUE(view.envp.empty());
  EXPECT_EQ(read_string(as, auxv_value(view.auxv, kAtExecfn)), "");
  ASSERT_GE(view.auxv.size(), 3u);
  EXPECT_EQ(view.auxv[view.auxv.size() - 3], (AuxvEntry{kAtRseqFeatureSize, 28}));
  EXPECT_EQ(view.auxv[view.auxv.size() - 2], (AuxvEntry{kAtRseqAlign, 32}));
  EXPECT_EQ(stack.rsp % 16, 0u);
}

TEST(InitialStack, TooLongArgumentsAreE2big) {
  InitialStackParams params = lab_params();
  params.argv.push_back(std::string(kMaxArgStrlen, 'x'));  // with its NUL, one byte too many
  AddressSpace as;
  InitialStackResult result = build_initial_stack(as, fake_image(), params);
  ASSERT_TRUE(std::holds_alternative<InitialStackError>(result));
  EXPECT_EQ(std::get<InitialStackError>(result).error, kE2BIG);
  EXPECT_NE(std::get<InitialStackError>(result).message.find("argv[3]"), std::string::npos);
  EXPECT_EQ(as.mapped_pages(), 0u);

  params = lab_params();
  params.envp.assign(40, std::string(100'000, 'e'));  // 4 MB > 8 MiB / 4
  result = build_initial_stack(as, fake_image(), params);
  ASSERT_TRUE(std::holds_alternative<InitialStackError>(result));
  EXPECT_EQ(std::get<InitialStackError>(result).error, kE2BIG);
  EXPECT_EQ(as.mapped_pages(), 0u);

  params.envp.assign(19, std::string(100'000, 'e'));  // 1.9 MB fits
  EXPECT_TRUE(std::holds_alternative<InitialStack>(build_initial_stack(as, fake_image(), params)));
}

TEST(InitialStack, SmallStacksAndBadParameters) {
  InitialStackParams params = lab_params();
  params.stack_size = 4 * cpu::kPageSize;
  params.argv.push_back(std::string(20'000, 'x'));  // within the 128 KiB minimum, not the stack
  AddressSpace as;
  InitialStackResult result = build_initial_stack(as, fake_image(), params);
  ASSERT_TRUE(std::holds_alternative<InitialStackError>(result));
  EXPECT_EQ(std::get<InitialStackError>(result).error, kE2BIG);

  params = lab_params();
  params.stack_top = kStackTop + cpu::kPageSize;
  result = build_initial_stack(as, fake_image(), params);
  ASSERT_TRUE(std::holds_alternative<InitialStackError>(result));
  EXPECT_EQ(std::get<InitialStackError>(result).error, kEINVAL);

  params = lab_params();
  as.map(kStackTop - cpu::kPageSize, cpu::kPageSize, perm::kRead);
  result = build_initial_stack(as, fake_image(), params);
  ASSERT_TRUE(std::holds_alternative<InitialStackError>(result));
  EXPECT_EQ(std::get<InitialStackError>(result).error, kENOMEM);
}

// The loader and the stack together, as exec does them.
TEST(InitialStack, ForALoadedProgram) {
  const auto file = testing::read_file(testing::static_program());
  AddressSpace as;
  ElfLoadResult loaded = load_elf(file, as);
  ASSERT_TRUE(std::holds_alternative<LoadedImage>(loaded)) << std::get<std::string>(loaded);
  const LoadedImage& image = std::get<LoadedImage>(loaded);
  InitialStackParams params;
  params.argv = {"hello"};
  InitialStackResult result = build_initial_stack(as, image, params);
  ASSERT_TRUE(std::holds_alternative<InitialStack>(result));
  const StackView view = read_back(as, std::get<InitialStack>(result).rsp);
  EXPECT_EQ(view.argv, std::vector<std::string>{"hello"});
  EXPECT_EQ(auxv_value(view.auxv, kAtEntry), image.entry);
  EXPECT_EQ(auxv_value(view.auxv, kAtPhdr), 0x400040u);
  EXPECT_EQ(auxv_value(view.auxv, kAtPhnum), image.phnum);
  // AT_PHDR points at the program headers in the loaded image: the first is PT_PHDR or PT_LOAD.
  uint32_t first_type = 0;
  as.read_debug(image.phdr_addr, &first_type, sizeof first_type);
  EXPECT_TRUE(first_type == 1 || first_type == 6) << first_type;
}

}  // namespace
}  // namespace lstar::kernel
