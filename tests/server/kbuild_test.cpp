// `lstar kbuild`, run as a student runs it: the seeds' kernel code (from
// tests/kernel/seeds/, extracted verbatim from the seed documents) builds
// with lstar's headers and gives the symbols Linux would give; gcc's errors
// come through; several sources make one object; the headers' macros
// compile.
//
// The one change to the seeds: seed 001's test_call.c has a printk string
// that the slide wrapped onto two lines (a string literal cannot span
// lines, so the slide's text does not compile anywhere); the extracted copy
// joins that line with one space.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "kernel/elf_file.h"
#include "kernel/elf_symbols.h"
#include "run_capture.h"

namespace lstar::server {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using namespace std::string_literals;
using kernel::ElfSymbol;
using programs::Captured;

const std::string kSeeds = std::string(LSTAR_SOURCE_DIR) + "/tests/kernel/seeds/";

// A fresh directory per test, removed afterwards.
class Kbuild : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("lstar-kbuild-" + std::to_string(getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name)) << text;
    return path(name);
  }

  static Captured kbuild(const std::vector<std::string>& args,
                         std::vector<std::string> env = programs::current_environment()) {
    std::vector<std::string> argv = {LSTAR_BINARY, "kbuild"};
    argv.insert(argv.end(), args.begin(), args.end());
    return programs::run_capture(argv, env, 60s);
  }

  fs::path dir_;
};

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

kernel::ElfSymbolTable symbols_of(const std::string& object) {
  auto result = kernel::ElfSymbolTable::read(read_bytes(object));
  if (auto* error = std::get_if<std::string>(&result)) {
    ADD_FAILURE() << object << ": " << *error;
    return {};
  }
  return std::get<kernel::ElfSymbolTable>(std::move(result));
}

// The contents of the section called `name`, or nullopt.
std::optional<std::string> section_of(const std::string& object, const std::string& name) {
  const std::vector<uint8_t> bytes = read_bytes(object);
  auto parsed = kernel::ElfFile::parse(bytes);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    ADD_FAILURE() << object << ": " << *error;
    return std::nullopt;
  }
  const auto& elf = std::get<kernel::ElfFile>(parsed);
  auto headers = elf.section_headers();
  if (auto* error = std::get_if<std::string>(&headers)) {
    ADD_FAILURE() << object << ": " << *error;
    return std::nullopt;
  }
  const auto& sections = std::get<std::vector<Elf64_Shdr>>(headers);
  const uint16_t names_index = elf.header().e_shstrndx;
  if (names_index >= sections.size()) return std::nullopt;
  const auto names = elf.bytes(sections[names_index].sh_offset, sections[names_index].sh_size);
  if (!names) return std::nullopt;
  for (const Elf64_Shdr& section : sections) {
    if (kernel::ElfFile::string_at(*names, section.sh_name) != name) continue;
    const auto data = elf.bytes(section.sh_offset, section.sh_size);
    if (!data) return std::nullopt;
    return std::string(data->begin(), data->end());
  }
  return std::nullopt;
}

// The symbols the object uses but does not define (nm, from binutils).
std::string undefined_symbols(const std::string& object) {
  return programs::run_capture(
             {"/usr/bin/env", "nm", "--undefined-only", "--format=just-symbols", object},
             programs::current_environment(), 30s)
      .out;
}

void expect_function(const kernel::ElfSymbolTable& table, const std::string& name,
                     ElfSymbol::Binding binding) {
  const ElfSymbol* symbol = table.find(name);
  ASSERT_NE(symbol, nullptr) << name << " is not defined";
  EXPECT_EQ(symbol->type, ElfSymbol::Type::kFunction) << name;
  EXPECT_EQ(symbol->binding, binding) << name;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(Kbuild, HelloSeedDefinesLinuxsThreeSyscallFunctions) {
  const Captured got = kbuild({"-o", path("hello.o"), kSeeds + "hello.c"});
  ASSERT_EQ(got.status, 0) << got.err;
  const auto table = symbols_of(path("hello.o"));
  expect_function(table, "__x64_sys_hello", ElfSymbol::Binding::kGlobal);
  expect_function(table, "__se_sys_hello", ElfSymbol::Binding::kLocal);
  expect_function(table, "__do_sys_hello", ElfSymbol::Binding::kLocal);
  EXPECT_EQ(undefined_symbols(path("hello.o")), "printk\n");
}

TEST_F(Kbuild, MemcpySeedCallsTheKernelApiProvidedByLstar) {
  const Captured got = kbuild({"-o", path("memcpy.o"), kSeeds + "memcpy.c"});
  ASSERT_EQ(got.status, 0) << got.err;
  const auto table = symbols_of(path("memcpy.o"));
  expect_function(table, "__x64_sys_memcpy", ElfSymbol::Binding::kGlobal);
  expect_function(table, "__do_sys_memcpy", ElfSymbol::Binding::kLocal);
  // kmalloc is always inlined (the heap's allocation site is the caller).
  EXPECT_EQ(table.find("kmalloc"), nullptr);
  EXPECT_EQ(undefined_symbols(path("memcpy.o")),
            "__kmalloc\ncopy_from_user\ncopy_to_user\nkfree\n");
}

TEST_F(Kbuild, TestCallSeedExportsItsStubInKsymtabStrings) {
  const Captured got = kbuild({"-o", path("test_call.o"), kSeeds + "test_call.c"});
  ASSERT_EQ(got.status, 0) << got.err;
  const auto table = symbols_of(path("test_call.o"));
  expect_function(table, "__x64_sys_test_call", ElfSymbol::Binding::kGlobal);
  const ElfSymbol* stub = table.find("STUB_test_call");
  ASSERT_NE(stub, nullptr);
  EXPECT_EQ(stub->type, ElfSymbol::Type::kObject);
  EXPECT_EQ(stub->binding, ElfSymbol::Binding::kGlobal);
  EXPECT_EQ(section_of(path("test_call.o"), "__ksymtab_strings"), "STUB_test_call\0"s);
}

TEST_F(Kbuild, SyscallModuleSeedNamesItsInitAndExitFunctions) {
  const Captured got = kbuild({"-o", path("syscallModule.o"), kSeeds + "syscallModule.c"});
  ASSERT_EQ(got.status, 0) << got.err;
  const auto table = symbols_of(path("syscallModule.o"));
  expect_function(table, "init_module", ElfSymbol::Binding::kGlobal);
  expect_function(table, "cleanup_module", ElfSymbol::Binding::kGlobal);
  // Aliases: the same code as the seed's static functions.
  EXPECT_EQ(table.address_of("init_module"), table.address_of("hello_init"));
  EXPECT_EQ(table.address_of("cleanup_module"), table.address_of("hello_exit"));
  EXPECT_EQ(section_of(path("syscallModule.o"), ".modinfo"), "license=GPL\0"s);
  // The stub it sets is the built-in kernel's (test_call.c's export).
  EXPECT_EQ(undefined_symbols(path("syscallModule.o")), "STUB_test_call\nprintk\n");
}

TEST_F(Kbuild, PrintsTheGccCommandAndWritesTheSourceNameWithDotO) {
  const std::string source = write("rot13.c",
                                   "#include <linux/syscalls.h>\n"
                                   "SYSCALL_DEFINE0(rot13) { return 13; }\n");
  const Captured got = kbuild({source});
  ASSERT_EQ(got.status, 0) << got.err;
  EXPECT_TRUE(fs::exists(path("rot13.o")));
  EXPECT_EQ(got.err.rfind("lstar kbuild: gcc ", 0), 0u) << got.err;
  for (const char* flag :
       {" -std=gnu11 ", " -g ", " -O0 ", " -nostdinc ", " -ffreestanding ", " -mcmodel=kernel ",
        " -mno-red-zone ", " -mgeneral-regs-only ", " -fno-pic ", " -fno-stack-protector ",
        " -D__KERNEL__ ", " '-DKBUILD_MODNAME=\"rot13\"' ", " -c "})
    EXPECT_TRUE(contains(got.err, flag)) << flag << " missing from: " << got.err;
  expect_function(symbols_of(path("rot13.o")), "__x64_sys_rot13", ElfSymbol::Binding::kGlobal);
}

TEST_F(Kbuild, CompileErrorFailsWithGccsOwnMessage) {
  const std::string source = write("broken.c",
                                   "#include <linux/kernel.h>\n"
                                   "int broken(void) { return undeclared_thing; }\n");
  const Captured got = kbuild({source});
  EXPECT_NE(got.status, 0);
  EXPECT_TRUE(contains(got.err, "broken.c:2:")) << got.err;
  EXPECT_TRUE(contains(got.err, "error: 'undeclared_thing' undeclared") ||
              contains(got.err, "error: \xe2\x80\x98undeclared_thing\xe2\x80\x99 undeclared"))
      << got.err;
  EXPECT_TRUE(contains(got.err, "lstar kbuild: gcc failed\n")) << got.err;
  EXPECT_FALSE(fs::exists(path("broken.o")));
}

// Seed 001's wrapper and module as one object, optimised, into a path with
// a space (gcc is run without a shell).
TEST_F(Kbuild, SeveralSourcesMakeOneRelocatableObject) {
  fs::create_directories(path("my dir"));
  const std::string out = path("my dir/test-call.o");
  const Captured got =
      kbuild({"-O", "2", "-o", out, kSeeds + "test_call.c", kSeeds + "syscallModule.c"});
  ASSERT_EQ(got.status, 0) << got.err;
  EXPECT_TRUE(contains(got.err, " -O2 ")) << got.err;
  EXPECT_TRUE(contains(got.err, " -r -nostdlib ")) << got.err;
  EXPECT_TRUE(contains(got.err, "'-DKBUILD_MODNAME=\"test_call\"'")) << got.err;
  const std::vector<uint8_t> bytes = read_bytes(out);
  ASSERT_GE(bytes.size(), sizeof(Elf64_Ehdr));
  Elf64_Ehdr header;
  std::memcpy(&header, bytes.data(), sizeof header);
  EXPECT_EQ(header.e_type, ET_REL);
  const auto table = symbols_of(out);
  for (const char* name : {"__x64_sys_test_call", "init_module", "cleanup_module", "my_test_call"})
    expect_function(table, name, ElfSymbol::Binding::kGlobal);
  // The module's reference to the stub is now resolved inside the object.
  EXPECT_EQ(undefined_symbols(out), "printk\n");
}

// The macros that are more than declarations, with warnings as errors.
TEST_F(Kbuild, HeaderMacrosCompileCleanly) {
  const std::string source = write("api.c", R"(#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#include <linux/ctype.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

MODULE_LICENSE("GPL");
MODULE_AUTHOR("a student");
MODULE_DESCRIPTION("every macro once");
MODULE_VERSION("1.0");

static const char modname[] __attribute__((section(".modname"), used)) = KBUILD_MODNAME;

int shared_counter;
EXPORT_SYMBOL_GPL(shared_counter);

SYSCALL_DEFINE6(six, int __user *, in, long __user *, out, unsigned int, a, char, b, u64, c,
                const char __user *, name) {
  int value;
  char buf[16];
  static const int table[] = {1, 2, 3};
  int *array = kcalloc(ARRAY_SIZE(table), sizeof(*array), GFP_KERNEL);
  char *copy = kzalloc(8, GFP_ATOMIC);
  long *longs = kmalloc_array(4, sizeof(long), GFP_KERNEL);
  if (!access_ok(in, sizeof(*in))) return -EFAULT;
  if (get_user(value, in)) return -EFAULT;
  if (put_user((long)value + a, out)) return -EFAULT;
  if (strncpy_from_user(buf, name, sizeof(buf)) < 0) return -EFAULT;
  pr_info("%s %d %u %c %llu %s\n", __FUNCTION__, value, a, toupper(b), c, buf);
  pr_debug("not printed without DEBUG: %d\n", value);
  pr_cont("%d\n", min(value, 3) + max_t(int, a, 2) + clamp(value, 0, 9));
  kfree(array);
  kfree(copy);
  kfree(longs);
  return isalpha(b) + isdigit(b) + strlen(buf) + (strcmp(buf, "x") == 0);
}

SYSCALL_DEFINE0(zero) { return -ENOSYS; }

static int __init api_init(void) { return 0; }
static void __exit api_exit(void) {}
module_init(api_init);
module_exit(api_exit);
)");
  const Captured got =
      kbuild({"-o", path("my-api.o"), source, "--", "-Wextra", "-Werror", "-Wno-sign-compare"});
  ASSERT_EQ(got.status, 0) << got.err;
  const auto table = symbols_of(path("my-api.o"));
  expect_function(table, "__x64_sys_six", ElfSymbol::Binding::kGlobal);
  expect_function(table, "__x64_sys_zero", ElfSymbol::Binding::kGlobal);
  EXPECT_EQ(section_of(path("my-api.o"), ".modname"), "my_api\0"s);
  EXPECT_EQ(section_of(path("my-api.o"), "__ksymtab_strings"), "shared_counter\0"s);
  EXPECT_EQ(section_of(path("my-api.o"), ".modinfo"),
            "license=GPL\0author=a student\0description=every macro once\0version=1.0\0"s);
}

TEST_F(Kbuild, MinOfDifferentTypesWarnsAsInLinux) {
  const std::string source = write("types.c",
                                   "#include <linux/kernel.h>\n"
                                   "long f(int a, long b) { return min(a, b); }\n");
  const Captured got = kbuild({source, "--", "-Werror"});
  EXPECT_NE(got.status, 0);
  EXPECT_TRUE(contains(got.err, "comparison of distinct pointer types")) << got.err;
}

TEST_F(Kbuild, GetUserAndPutUserEvaluateToAnInt) {
  // Compile-time only: the macros' shape. Their run-time behaviour needs the
  // kernel (copy_from_user), which the end-to-end tests exercise.
  const std::string source = write("get.c", R"(#include <linux/uaccess.h>
_Static_assert(TASK_SIZE_MAX == 0x7ffffffff000UL, "Linux's TASK_SIZE_MAX");
int probe(const char __user *in, char *out, void **pointer, long __user *slot) {
  int value;
  _Static_assert(__builtin_types_compatible_p(__typeof__(get_user(value, (const int *)0)), int),
                 "get_user evaluates to int");
  _Static_assert(__builtin_types_compatible_p(__typeof__(put_user(1, (long *)0)), int),
                 "put_user evaluates to int");
  return get_user(*out, in) + get_user(*pointer, (void *const __user *)slot) + put_user(2, slot);
}
)");
  const Captured got = kbuild({source, "--", "-Werror"});
  EXPECT_EQ(got.status, 0) << got.err;
}

// asm/ptrace.h is what students see; kernel/image/kernel_layout.h is what
// entry_64.S pushes. Every offset must agree.
TEST_F(Kbuild, PtRegsHasTheKernelImagesLayout) {
  const std::string source = write("regs.c", R"(#include <asm/ptrace.h>
#include <linux/stddef.h>
#include "kernel/image/kernel_layout.h"
_Static_assert(offsetof(struct pt_regs, r15) == 0, "r15");
_Static_assert(offsetof(struct pt_regs, ax) == PT_RAX, "ax");
_Static_assert(offsetof(struct pt_regs, orig_ax) == PT_ORIG_RAX, "orig_ax");
_Static_assert(offsetof(struct pt_regs, ip) == PT_RIP, "ip");
_Static_assert(offsetof(struct pt_regs, sp) == PT_RSP, "sp");
_Static_assert(sizeof(struct pt_regs) == PT_REGS_SIZE, "size");
)");
  const Captured got = kbuild({source, "--", std::string("-I") + LSTAR_SOURCE_DIR});
  EXPECT_EQ(got.status, 0) << got.err;
}

TEST_F(Kbuild, ExtraFlagsAfterDoubleDashReachGcc) {
  const std::string source =
      write("flag.c", "#ifndef FROM_THE_COMMAND_LINE\n#error no flag\n#endif\n");
  EXPECT_NE(kbuild({source}).status, 0);
  const Captured got = kbuild({source, "--", "-DFROM_THE_COMMAND_LINE"});
  EXPECT_EQ(got.status, 0) << got.err;
}

TEST_F(Kbuild, HeadersComeFromLstarKernelIncludeWhenSet) {
  fs::create_directories(path("inc/linux"));
  write("inc/linux/kernel.h", "#error headers from LSTAR_KERNEL_INCLUDE\n");
  const std::string source = write("a.c", "#include <linux/kernel.h>\n");
  std::vector<std::string> env = programs::current_environment();
  env.push_back("LSTAR_KERNEL_INCLUDE=" + path("inc"));
  const Captured got = kbuild({source}, env);
  EXPECT_NE(got.status, 0);
  EXPECT_TRUE(contains(got.err, "headers from LSTAR_KERNEL_INCLUDE")) << got.err;
}

// An installed lstar (PREFIX/bin/lstar) uses PREFIX/share/lstar/include.
TEST_F(Kbuild, InstalledLstarUsesTheHeadersInstalledBesideIt) {
  fs::create_directories(path("prefix/bin"));
  fs::create_directories(path("prefix/share/lstar/include/linux"));
  fs::copy_file(LSTAR_BINARY, path("prefix/bin/lstar"));
  fs::permissions(path("prefix/bin/lstar"), fs::perms::owner_all);
  write("prefix/share/lstar/include/linux/kernel.h", "#error the installed headers\n");
  const std::string source = write("a.c", "#include <linux/kernel.h>\n");
  std::vector<std::string> env;
  for (const std::string& kv : programs::current_environment())
    if (kv.rfind("LSTAR_KERNEL_INCLUDE=", 0) != 0) env.push_back(kv);
  const Captured got =
      programs::run_capture({path("prefix/bin/lstar"), "kbuild", "-v", source}, env, 60s);
  EXPECT_NE(got.status, 0);
  EXPECT_TRUE(contains(got.err, "installed next to lstar")) << got.err;
  EXPECT_TRUE(contains(got.err, "the installed headers")) << got.err;
}

TEST_F(Kbuild, UsageErrorsExitWithTwo) {
  EXPECT_EQ(kbuild({}).status, 2);
  const Captured unknown = kbuild({"--frobnicate", "a.c"});
  EXPECT_EQ(unknown.status, 2);
  EXPECT_TRUE(contains(unknown.err, "--frobnicate")) << unknown.err;
  EXPECT_EQ(kbuild({"-O", "9", "a.c"}).status, 2);
  const Captured help = kbuild({"--help"});
  EXPECT_EQ(help.status, 0);
  EXPECT_TRUE(contains(help.out, "lstar kbuild [-o OUT.o]")) << help.out;
}

}  // namespace
}  // namespace lstar::server
