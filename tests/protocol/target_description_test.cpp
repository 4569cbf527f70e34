#include "protocol/target_description.h"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <vector>

#include "protocol/register_layout.h"

namespace lstar::protocol {
namespace {

const std::string& xml() {
  return amd64_linux_target_xml();
}

// Element names in document order: "target" for <target>, "/target" for
// </target>; self-closing elements, <?xml?> and <!DOCTYPE> are skipped.
std::vector<std::string> open_and_close_tags(const std::string& text) {
  std::vector<std::string> tags;
  std::regex tag(R"(<(/?)([A-Za-z_][\w.-]*)[^>]*?(/?)>)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), tag); it != std::sregex_iterator();
       ++it) {
    if ((*it)[3] == "/") continue;
    tags.push_back((*it)[1].str() + (*it)[2].str());
  }
  return tags;
}

// name -> attributes of every <reg .../> element.
std::map<std::string, std::map<std::string, std::string>> reg_elements() {
  std::map<std::string, std::map<std::string, std::string>> regs;
  std::regex reg(R"(<reg ([^>]*)/>)");
  std::regex attribute(R"re((\w+)="([^"]*)")re");
  for (auto it = std::sregex_iterator(xml().begin(), xml().end(), reg);
       it != std::sregex_iterator(); ++it) {
    std::map<std::string, std::string> attributes;
    std::string body = (*it)[1];
    for (auto a = std::sregex_iterator(body.begin(), body.end(), attribute);
         a != std::sregex_iterator(); ++a) {
      attributes[(*a)[1]] = (*a)[2];
    }
    regs[attributes["name"]] = attributes;
  }
  return regs;
}

TEST(TargetDescription, DeclaresAmd64GnuLinux) {
  EXPECT_TRUE(
      xml().starts_with("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">"));
  EXPECT_NE(xml().find("<architecture>i386:x86-64</architecture>"), std::string::npos);
  EXPECT_NE(xml().find("<osabi>GNU/Linux</osabi>"), std::string::npos);
}

TEST(TargetDescription, ElementsNestProperly) {
  std::vector<std::string> stack;
  for (const std::string& tag : open_and_close_tags(xml())) {
    if (tag.starts_with('/')) {
      ASSERT_FALSE(stack.empty()) << "unmatched " << tag;
      EXPECT_EQ("/" + stack.back(), tag);
      stack.pop_back();
    } else {
      stack.push_back(tag);
    }
  }
  EXPECT_TRUE(stack.empty());
  EXPECT_TRUE(xml().ends_with("</target>\n"));
}

TEST(TargetDescription, HasTheFourFeaturesInGdbserverOrder) {
  size_t core = xml().find("<feature name=\"org.gnu.gdb.i386.core\">");
  size_t sse = xml().find("<feature name=\"org.gnu.gdb.i386.sse\">");
  size_t linux_feature = xml().find("<feature name=\"org.gnu.gdb.i386.linux\">");
  size_t segments = xml().find("<feature name=\"org.gnu.gdb.i386.segments\">");
  ASSERT_NE(segments, std::string::npos);
  EXPECT_LT(core, sse);
  EXPECT_LT(sse, linux_feature);
  EXPECT_LT(linux_feature, segments);
}

TEST(TargetDescription, ListsEveryRegisterWithAUniqueRegnumFrom0To59) {
  auto regs = reg_elements();
  ASSERT_EQ(regs.size(), 60u);
  std::set<int> regnums;
  for (const RegisterDescription& reg : amd64_registers()) {
    auto found = regs.find(std::string(reg.name));
    ASSERT_NE(found, regs.end()) << reg.name;
    regnums.insert(std::stoi(found->second.at("regnum")));
    EXPECT_EQ(found->second.at("regnum"), std::to_string(reg.regnum)) << reg.name;
    EXPECT_EQ(found->second.at("bitsize"), std::to_string(reg.bitsize)) << reg.name;
  }
  EXPECT_EQ(regnums.size(), 60u);
  EXPECT_EQ(*regnums.begin(), 0);
  EXPECT_EQ(*regnums.rbegin(), 59);
}

TEST(TargetDescription, RegisterLinesMatchGdbserver) {
  // Lines taken from gdbserver 13's description (before lldb's "generic").
  for (std::string_view line : {
           "<reg name=\"rax\" bitsize=\"64\" type=\"int64\" regnum=\"0\"",
           "<reg name=\"rbp\" bitsize=\"64\" type=\"data_ptr\" regnum=\"6\"",
           "<reg name=\"rip\" bitsize=\"64\" type=\"code_ptr\" regnum=\"16\"",
           "<reg name=\"eflags\" bitsize=\"32\" type=\"i386_eflags\" regnum=\"17\"",
           "<reg name=\"cs\" bitsize=\"32\" type=\"int32\" regnum=\"18\"/>",
           "<reg name=\"st0\" bitsize=\"80\" type=\"i387_ext\" regnum=\"24\"/>",
           "<reg name=\"fctrl\" bitsize=\"32\" type=\"int\" regnum=\"32\" group=\"float\"/>",
           "<reg name=\"fop\" bitsize=\"32\" type=\"int\" regnum=\"39\" group=\"float\"/>",
           "<reg name=\"xmm0\" bitsize=\"128\" type=\"vec128\" regnum=\"40\"/>",
           "<reg name=\"xmm15\" bitsize=\"128\" type=\"vec128\" regnum=\"55\"/>",
           "<reg name=\"mxcsr\" bitsize=\"32\" type=\"i386_mxcsr\" regnum=\"56\" "
           "group=\"vector\"/>",
           "<reg name=\"orig_rax\" bitsize=\"64\" type=\"int\" regnum=\"57\"/>",
           "<reg name=\"fs_base\" bitsize=\"64\" type=\"int\" regnum=\"58\"/>",
           "<reg name=\"gs_base\" bitsize=\"64\" type=\"int\" regnum=\"59\"/>",
       }) {
    EXPECT_NE(xml().find(line), std::string::npos) << line;
  }
}

TEST(TargetDescription, DefinesEveryNonBuiltinTypeItUses) {
  const std::set<std::string> builtin = {"int",      "int32",    "int64",
                                         "data_ptr", "code_ptr", "i387_ext"};
  for (const auto& [name, attributes] : reg_elements()) {
    const std::string& type = attributes.at("type");
    if (builtin.contains(type)) continue;
    EXPECT_NE(xml().find("id=\"" + type + "\""), std::string::npos) << name << ": " << type;
  }
}

TEST(TargetDescription, DefinesEflagsAndMxcsrFlags) {
  EXPECT_NE(xml().find("<flags id=\"i386_eflags\" size=\"4\">"), std::string::npos);
  EXPECT_NE(xml().find("<field name=\"ZF\" start=\"6\" end=\"6\" type=\"bool\"/>"),
            std::string::npos);
  EXPECT_NE(xml().find("<field name=\"ID\" start=\"21\" end=\"21\" type=\"bool\"/>"),
            std::string::npos);
  EXPECT_NE(xml().find("<flags id=\"i386_mxcsr\" size=\"4\">"), std::string::npos);
  EXPECT_NE(xml().find("<field name=\"FZ\" start=\"15\" end=\"15\" type=\"bool\"/>"),
            std::string::npos);
  EXPECT_NE(xml().find("<union id=\"vec128\">"), std::string::npos);
}

TEST(TargetDescription, OmitsAvxAndAvx512) {
  EXPECT_EQ(xml().find("avx"), std::string::npos);
  EXPECT_EQ(xml().find("ymm"), std::string::npos);
  EXPECT_EQ(xml().find("zmm"), std::string::npos);
}

TEST(TargetDescription, GivesLldbGenericRoles) {
  auto regs = reg_elements();
  EXPECT_EQ(regs["rip"]["generic"], "pc");
  EXPECT_EQ(regs["rsp"]["generic"], "sp");
  EXPECT_EQ(regs["rbp"]["generic"], "fp");
  EXPECT_EQ(regs["eflags"]["generic"], "flags");
}

TEST(TargetDescription, IsComputedOnce) {
  EXPECT_EQ(&amd64_linux_target_xml(), &xml());
}

}  // namespace
}  // namespace lstar::protocol
