// The relocatable-object loader: what gcc emits for -mcmodel=kernel code
// is placed, mapped supervisor-only with the right permissions, resolved
// and relocated so that the bytes in guest memory point where they must.
#include "kernel/kernel_object.h"

#include <gtest/gtest.h>

#include <cstring>
#include <map>

#include "kernel/elf_file.h"
#include "test_files.h"

namespace lstar::kernel {
namespace {

constexpr uint64_t kBase = 0xffffffffa0000000;
constexpr uint64_t kKernelFunction = 0xffffffff81001230;
constexpr uint64_t kKernelVariable = 0xffffffff81004560;

std::vector<uint8_t> object(const std::string& name) {
  return testing::read_file(std::string(LSTAR_KERNEL_TEST_PROGRAM_DIR) + "/" + name + ".o");
}

std::optional<uint64_t> kernel_symbols(std::string_view name) {
  if (name == "kernel_function") return kKernelFunction;
  if (name == "kernel_variable") return kKernelVariable;
  return std::nullopt;
}

uint64_t read64(const cpu::AddressSpace& memory, uint64_t address) {
  uint64_t value = 0;
  EXPECT_EQ(memory.read_debug(address, &value, 8), 8u);
  return value;
}

LinkedKernelObject link_linkme(cpu::AddressSpace& memory) {
  auto linked = link_kernel_object(object("linkme"), "linkme", kBase, memory, kernel_symbols);
  if (auto* error = std::get_if<KernelObjectError>(&linked)) {
    ADD_FAILURE() << error->message;
    return {};
  }
  return std::get<LinkedKernelObject>(linked);
}

TEST(KernelObject, AbsoluteRelocationsHoldTheResolvedAddresses) {
  cpu::AddressSpace memory;
  const LinkedKernelObject linked = link_linkme(memory);
  const auto pointer = linked.address_of("pointer_to_kernel_variable");
  ASSERT_TRUE(pointer);
  EXPECT_EQ(read64(memory, *pointer), kKernelVariable);
  const auto message_pointer = linked.address_of("pointer_to_message");
  ASSERT_TRUE(message_pointer);
  char text[7] = {};
  memory.read_debug(read64(memory, *message_pointer), text, 6);
  EXPECT_STREQ(text, "linked");
}

TEST(KernelObject, CallsReachTheKernelFunctionThroughPcRelativeDisplacements) {
  cpu::AddressSpace memory;
  const LinkedKernelObject linked = link_linkme(memory);
  const auto function = linked.address_of("exported_function");
  ASSERT_TRUE(function);
  // Find the call (e8 rel32) in the function and check where it lands.
  std::vector<uint8_t> code(64);
  memory.read_debug(*function, code.data(), code.size());
  bool found = false;
  for (size_t i = 0; i + 5 <= code.size() && !found; ++i) {
    if (code[i] != 0xe8) continue;
    int32_t displacement = 0;
    std::memcpy(&displacement, &code[i + 1], 4);
    found = *function + i + 5 + static_cast<int64_t>(displacement) == kKernelFunction;
  }
  EXPECT_TRUE(found) << "no call to kernel_function at its address";
}

TEST(KernelObject, SectionsAreSupervisorOnlyWithTextExecutableAndRodataReadOnly) {
  cpu::AddressSpace memory;
  const LinkedKernelObject linked = link_linkme(memory);
  std::map<std::string, uint8_t> perms;
  for (const KernelObjectSection& s : linked.sections)
    perms[s.name] = *memory.permissions(s.address);
  ASSERT_TRUE(perms.contains(".text"));
  EXPECT_EQ(perms[".text"], cpu::perm::kRead | cpu::perm::kExec);
  EXPECT_EQ(perms[".data"], cpu::perm::kRead | cpu::perm::kWrite);
  EXPECT_EQ(perms[".bss"], cpu::perm::kRead | cpu::perm::kWrite);
  for (const auto& [name, p] : perms) EXPECT_FALSE(p & cpu::perm::kUser) << name;
  EXPECT_GE(linked.start, kBase);
  EXPECT_EQ(linked.start % cpu::kPageSize, 0u);
}

TEST(KernelObject, ExportsAndModinfoAreRead) {
  cpu::AddressSpace memory;
  const LinkedKernelObject linked = link_linkme(memory);
  EXPECT_TRUE(linked.exports.contains("exported_function"));
  EXPECT_EQ(linked.modinfo.at("license"), "GPL");
}

TEST(KernelObject, AnUndefinedWeakSymbolIsZeroNotAnError) {
  cpu::AddressSpace memory;
  const LinkedKernelObject linked = link_linkme(memory);
  EXPECT_TRUE(linked.address_of("has_optional"));
}

TEST(KernelObject, AnAddressInAFunctionIsNamedWithItsOffset) {
  cpu::AddressSpace memory;
  const LinkedKernelObject linked = link_linkme(memory);
  const uint64_t function = *linked.address_of("exported_function");
  const KernelObjectSymbol* symbol = linked.containing(function + 3);
  ASSERT_NE(symbol, nullptr);
  EXPECT_EQ(symbol->name, "exported_function");
  EXPECT_TRUE(symbol->function);
  EXPECT_GT(symbol->size, 3u);
}

TEST(KernelObject, UnknownSymbolsFailTheLoadLikeLinuxAndMapNothing) {
  cpu::AddressSpace memory;
  auto linked = link_kernel_object(object("unknown"), "mymod", kBase, memory, kernel_symbols);
  auto* error = std::get_if<KernelObjectError>(&linked);
  ASSERT_NE(error, nullptr);
  ASSERT_EQ(error->dmesg.size(), 1u);
  EXPECT_EQ(error->dmesg[0], "mymod: Unknown symbol no_such_kernel_function (err -2)");
  EXPECT_EQ(error->unknown_symbols, std::vector<std::string>{"no_such_kernel_function"});
  EXPECT_EQ(memory.mapped_pages(), 0u);
}

TEST(KernelObject, AnExecutableIsRefusedAsNotRelocatable) {
  cpu::AddressSpace memory;
  auto linked = link_kernel_object(testing::read_file(testing::tiny_program()), "tiny", kBase,
                                   memory, kernel_symbols);
  auto* error = std::get_if<KernelObjectError>(&linked);
  ASSERT_NE(error, nullptr);
  EXPECT_NE(error->message.find("not a relocatable object"), std::string::npos) << error->message;
}

TEST(KernelObject, TruncatedObjectsAreRefusedAtEveryLength) {
  const std::vector<uint8_t> whole = object("linkme");
  for (size_t length = 0; length < whole.size(); length += 7) {
    cpu::AddressSpace memory;
    std::vector<uint8_t> cut(whole.begin(), whole.begin() + static_cast<long>(length));
    auto linked = link_kernel_object(cut, "cut", kBase, memory, kernel_symbols);
    EXPECT_TRUE(std::holds_alternative<KernelObjectError>(linked)) << "length " << length;
  }
}

// A section size no file could back (a hostile .bss) must not wrap the
// layout around the top of the address space.
TEST(KernelObject, ASectionSizeThatWouldWrapIsRefusedAndMapsNothing) {
  std::vector<uint8_t> file = object("linkme");
  Elf64_Ehdr header;
  std::memcpy(&header, file.data(), sizeof header);
  bool patched = false;
  for (uint16_t i = 0; i < header.e_shnum; ++i) {
    Elf64_Shdr section;
    const size_t at = header.e_shoff + i * sizeof(Elf64_Shdr);
    std::memcpy(&section, file.data() + at, sizeof section);
    if (section.sh_type != SHT_NOBITS || !(section.sh_flags & SHF_ALLOC)) continue;
    section.sh_size = ~uint64_t{0};
    std::memcpy(file.data() + at, &section, sizeof section);
    patched = true;
  }
  ASSERT_TRUE(patched) << "linkme.o has a .bss";
  cpu::AddressSpace memory;
  auto linked = link_kernel_object(file, "huge", kBase, memory, kernel_symbols);
  auto* error = std::get_if<KernelObjectError>(&linked);
  ASSERT_NE(error, nullptr);
  EXPECT_NE(error->message.find("need more than 64 MiB"), std::string::npos) << error->message;
  EXPECT_EQ(memory.mapped_pages(), 0u);
}

TEST(KernelObject, ModuleNamesComeFromFileNamesAsLinuxMakesThem) {
  EXPECT_EQ(kernel_object_name("memcpy.o"), "memcpy");
  EXPECT_EQ(kernel_object_name("dir/my-mod.ko"), "my_mod");
  EXPECT_EQ(kernel_object_name("syscallModule.o"), "syscallModule");
}

}  // namespace
}  // namespace lstar::kernel
