#include "kernel/modules.h"

#include <algorithm>

#include "kernel/kernel.h"

namespace lstar::kernel {
namespace {

// The seed's syscallModule.c: my_test_call logs and echoes its argument.
long my_test_call(Kernel& kernel, int test) {
  kernel.log().printk(LogLevel::kNotice, "my_test_call: Your int is {}", test);
  return test;
}

}  // namespace

std::string Modules::insmod(Kernel& kernel, const std::string& name) {
  if (name != "test_call")
    return "insmod: ERROR: could not insert module " + name + ": No such module";
  if (std::find(loaded_.begin(), loaded_.end(), name) != loaded_.end()) {
    return "insmod: ERROR: could not insert module " + name + ": File exists";
  }
  stub_test_call_ = my_test_call;  // hello_init
  loaded_.push_back(name);
  kernel.log().printk(LogLevel::kInfo, "test_call: module loaded");
  return "";
}

std::string Modules::rmmod(Kernel& kernel, const std::string& name) {
  auto it = std::find(loaded_.begin(), loaded_.end(), name);
  if (it == loaded_.end()) return "rmmod: ERROR: Module " + name + " is not currently loaded";
  stub_test_call_ = nullptr;  // hello_exit
  loaded_.erase(it);
  kernel.log().printk(LogLevel::kInfo, "test_call: module unloaded");
  return "";
}

}  // namespace lstar::kernel
