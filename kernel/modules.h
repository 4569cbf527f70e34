// Loadable kernel modules. lstar ships the seed's `test_call` module built
// in; insmod/rmmod fill and clear the STUB_test_call pointer as the seed's
// module_init/module_exit do.
#pragma once

#include <string>
#include <vector>

namespace lstar::kernel {

class Kernel;

class Modules {
 public:
  using TestCallStub = long (*)(Kernel& kernel, int test);

  // Returns an error message in the style of insmod/rmmod, or "" on success.
  std::string insmod(Kernel& kernel, const std::string& name);
  std::string rmmod(Kernel& kernel, const std::string& name);
  std::vector<std::string> loaded() const { return loaded_; }
  static std::vector<std::string> available() { return {"test_call"}; }

  TestCallStub test_call_stub() const { return stub_test_call_; }

 private:
  std::vector<std::string> loaded_;
  TestCallStub stub_test_call_ = nullptr;  // long (*STUB_test_call)(int)
};

}  // namespace lstar::kernel
