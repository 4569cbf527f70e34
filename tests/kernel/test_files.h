// Paths of the programs the kernel tests load, and a file reader.
#pragma once

#include <cstdint>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace lstar::kernel::testing {

inline std::string tiny_program() {
  return std::string(LSTAR_GUEST_DIR) + "/ktest_tiny";
}
inline std::string static_program() {
  return std::string(LSTAR_GUEST_DIR) + "/ktest_hello_static";
}
inline std::string static_pie_program() {
  return std::string(LSTAR_KERNEL_TEST_PROGRAM_DIR) + "/hello_static_pie";
}
inline std::string dynamic_program() {
  return std::string(LSTAR_KERNEL_TEST_PROGRAM_DIR) + "/hello_dynamic";
}

inline std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace lstar::kernel::testing
