// Command lines of the lab benchmarks (lab_load, lab_soak): `--flag value`
// pairs, each handed to a callback that throws std::invalid_argument on a
// flag it does not know.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>

namespace lstar::bench {

inline void for_each_flag(
    int argc, char** argv,
    const std::function<void(const std::string& flag, const std::string& value)>& handle) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
    handle(flag, argv[++i]);
  }
}

}  // namespace lstar::bench
