// `lstar kbuild`'s command line and the gcc command built from it, without
// running gcc (kbuild_test.cpp runs it).
#include "server/kbuild_options.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace lstar::server {
namespace {

KbuildOptions parse_ok(const std::vector<std::string>& args) {
  KbuildOptions options;
  const auto error = parse_kbuild(args, options);
  EXPECT_FALSE(error.has_value()) << *error;
  return options;
}

std::string parse_error(const std::vector<std::string>& args) {
  KbuildOptions options;
  return parse_kbuild(args, options).value_or("");
}

TEST(KbuildOptions, ParsesOutputLevelVerboseSourcesAndExtraFlags) {
  const KbuildOptions o =
      parse_ok({"-v", "-o", "out.o", "a.c", "-O", "2", "b.c", "--", "-DX", "b"});
  EXPECT_EQ(o.output, "out.o");
  EXPECT_EQ(o.level, "2");
  EXPECT_TRUE(o.verbose);
  EXPECT_EQ(o.sources, (std::vector<std::string>{"a.c", "b.c"}));
  EXPECT_EQ(o.extra_flags, (std::vector<std::string>{"-DX", "b"}));
  EXPECT_EQ(parse_ok({"-Os", "a.c"}).level, "s");
  EXPECT_EQ(parse_ok({"a.c"}).level, "0");
}

TEST(KbuildOptions, RejectsWhatGccWouldMisread) {
  EXPECT_NE(parse_error({}), "");
  EXPECT_NE(parse_error({"-o"}), "");
  EXPECT_NE(parse_error({"-O", "a.c"}), "");  // "a.c" is no level
  EXPECT_NE(parse_error({"-O7", "a.c"}), "");
  EXPECT_NE(parse_error({"-DX", "a.c"}).find("after --"), std::string::npos);
}

TEST(KbuildOptions, DefaultOutputReplacesTheSuffixOfTheFileName) {
  EXPECT_EQ(kbuild_default_output("hello.c"), "hello.o");
  EXPECT_EQ(kbuild_default_output("lab/v1.2/memcpy.c"), "lab/v1.2/memcpy.o");
  EXPECT_EQ(kbuild_default_output("lab.d/Makefile"), "lab.d/Makefile.o");
}

TEST(KbuildOptions, ModuleNameIsAnIdentifier) {
  EXPECT_EQ(kbuild_module_name("dir/my-mod.o"), "my_mod");
  EXPECT_EQ(kbuild_module_name("a \"b\".o"), "a__b_");
  EXPECT_EQ(kbuild_module_name("plain"), "plain");
}

TEST(KbuildOptions, OneSourceIsCompiledSeveralAreLinkedRelocatably) {
  const auto one = kbuild_gcc_command(parse_ok({"x.c", "--", "-O3"}), "gcc", "/gi", "/li");
  EXPECT_EQ(one.front(), "gcc");
  EXPECT_NE(std::find(one.begin(), one.end(), "-c"), one.end());
  EXPECT_NE(std::find(one.begin(), one.end(), "-DKBUILD_MODNAME=\"x\""), one.end());
  EXPECT_NE(std::find(one.begin(), one.end(), "-I/li"), one.end());
  // Extra flags come after lstar's, so they win (-O3 over -O0).
  EXPECT_GT(std::find(one.begin(), one.end(), "-O3"), std::find(one.begin(), one.end(), "-O0"));
  EXPECT_EQ(std::vector<std::string>(one.end() - 3, one.end()),
            (std::vector<std::string>{"-o", "x.o", "x.c"}));
  const auto two = kbuild_gcc_command(parse_ok({"-o", "m.o", "a.c", "b.c"}), "gcc", "/gi", "/li");
  EXPECT_EQ(std::find(two.begin(), two.end(), "-c"), two.end());
  EXPECT_NE(std::find(two.begin(), two.end(), "-r"), two.end());
  EXPECT_NE(std::find(two.begin(), two.end(), "-nostdlib"), two.end());
}

TEST(KbuildOptions, ShellQuotingKeepsArgumentsWhole) {
  EXPECT_EQ(shell_quoted({"gcc", "-c", "-o", "my mod.o", "-DN=\"x\"", "it's.c"}),
            "gcc -c -o 'my mod.o' '-DN=\"x\"' 'it'\\''s.c'");
}

}  // namespace
}  // namespace lstar::server
