// The students' kernel headers (kernel/include) state facts lstar also
// keeps elsewhere; these tests keep the copies equal.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "abi/errno.h"

namespace {

std::string read_text(const std::string& relative) {
  std::ifstream in(std::string(LSTAR_SOURCE_DIR) + "/" + relative);
  EXPECT_TRUE(in) << relative;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every `#define ENAME NUMBER` of linux/errno.h is Linux's number as lstar's
// abi/ table has it, and every errno of that table up to 133 is in the header.
TEST(KernelHeaders, ErrnoConstantsAreLinuxsNumbers) {
  const std::string text = read_text("kernel/include/linux/errno.h");
  const std::regex define(R"(#define (E[A-Z0-9_]+) (\d+))");
  std::vector<int> numbers;
  for (std::sregex_iterator it(text.begin(), text.end(), define), end; it != end; ++it) {
    const std::string name = (*it)[1];
    const int number = std::stoi((*it)[2]);
    // abi/ names the kernel-internal codes only up to 516 (those a tracer
    // can see); the header also has the later ones of include/linux/errno.h.
    if (number <= 516)
      EXPECT_EQ(lstar::abi::errno_from_name(name), number) << name;
    else
      EXPECT_LE(number, 530) << name;
    numbers.push_back(number);
  }
  for (int n = 1; n <= 133; ++n) {
    if (lstar::abi::errno_name(n).empty()) continue;  // 41 and 58 are unused
    EXPECT_NE(std::find(numbers.begin(), numbers.end(), n), numbers.end())
        << lstar::abi::errno_name(n) << " (" << n << ") missing";
  }
  EXPECT_NE(std::find(numbers.begin(), numbers.end(), 512), numbers.end()) << "ERESTARTSYS";
}

std::vector<std::string> pt_regs_fields(const std::string& header) {
  const std::string text = read_text(header);
  const size_t start = text.find("struct pt_regs {");
  const size_t end = text.find("};", start);
  EXPECT_NE(start, std::string::npos) << header;
  const std::string body = text.substr(start, end - start);
  const std::regex field(R"(unsigned long (\w+);)");
  std::vector<std::string> fields;
  for (std::sregex_iterator it(body.begin(), body.end(), field), e; it != e; ++it)
    fields.push_back((*it)[1]);
  return fields;
}

// Linux's names in Linux's order. The kernel image uses this definition and
// checks it against kernel_layout.h's offsets when it is built.
TEST(KernelHeaders, PtRegsFieldsAreLinuxs) {
  const std::vector<std::string> expected = {"r15", "r14",     "r13", "r12", "bp",    "bx", "r11",
                                             "r10", "r9",      "r8",  "ax",  "cx",    "dx", "si",
                                             "di",  "orig_ax", "ip",  "cs",  "flags", "sp", "ss"};
  EXPECT_EQ(pt_regs_fields("kernel/include/asm/ptrace.h"), expected);
}

}  // namespace
