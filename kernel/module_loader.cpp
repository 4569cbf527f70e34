#include "kernel/module_loader.h"

#include <fmt/format.h>

#include "abi/errno.h"
#include "kernel/kernel.h"
#include "kernel/kernel_call.h"

namespace lstar::kernel {
namespace {

std::string insert_error(const std::string& file, const std::string& why) {
  return fmt::format("insmod: ERROR: could not insert module {}: {}", file, why);
}

void note_taint(Kernel& k, const LinkedKernelObject& m) {
  k.log().printk(LogLevel::kWarning, "{}: loading out-of-tree module taints kernel.", m.name);
  if (!m.modinfo.contains("license"))
    k.log().printk(LogLevel::kWarning, "{}: module license 'unspecified' taints kernel.", m.name);
}

}  // namespace

std::string insmod_object(Kernel& k, const KernelObjectFile& file) {
  const std::string name = kernel_object_name(file.name);
  if (k.code().module(name)) return insert_error(file.name, "File exists");
  auto linked = k.code().link_module(file.bytes, name, k.memory());
  if (auto* error = std::get_if<KernelObjectError>(&linked)) {
    for (const std::string& line : error->dmesg) k.log().printk(LogLevel::kWarning, "{}", line);
    return insert_error(file.name, error->message);
  }
  const LinkedKernelObject& module = *std::get<const LinkedKernelObject*>(linked);
  note_taint(k, module);
  if (auto init = module.address_of("init_module")) {
    const KernelCallResult r = call_kernel_function(k, *init, 0);
    const int status = static_cast<int>(r.value);
    if (!r.returned || status != 0) {
      k.code().unlink_module(name, k.memory());
      if (!r.returned) return insert_error(file.name, "module_init " + r.failure);
      if (status > 0) {
        k.log().printk(LogLevel::kWarning,
                       "{}: module_init returned {}: it must return 0 or a negative errno", name,
                       status);
        return insert_error(file.name, fmt::format("module_init returned {}", status));
      }
      return insert_error(file.name, abi::errno_message(status));
    }
  }
  return "";
}

std::string rmmod_object(Kernel& k, const std::string& name) {
  const LinkedKernelObject* module = k.code().module(name);
  if (!module) return fmt::format("rmmod: ERROR: Module {} is not currently loaded", name);
  const auto exit = module->address_of("cleanup_module");
  if (!exit && module->address_of("init_module")) {
    // Linux refuses too: a module with an init but no exit cannot be unloaded.
    return fmt::format("rmmod: ERROR: could not remove module {}: Device or resource busy", name);
  }
  if (exit) {
    const KernelCallResult r = call_kernel_function(k, *exit, 0);
    if (!r.returned)
      return fmt::format("rmmod: ERROR: could not remove module {}: module_exit {}", name,
                         r.failure);
  }
  k.code().unlink_module(name, k.memory());
  return "";
}

void run_builtin_initcalls(Kernel& k) {
  for (const LinkedKernelObject& object : k.code().builtins()) {
    const auto init = object.address_of("init_module");
    if (!init) continue;
    const KernelCallResult r = call_kernel_function(k, *init, 0);
    if (!r.returned) {
      k.log().printk(LogLevel::kErr, "initcall init_module [{}] failed: {}", object.name,
                     r.failure);
    } else if (static_cast<int>(r.value) != 0) {
      k.log().printk(LogLevel::kWarning, "initcall init_module [{}] returned {}", object.name,
                     static_cast<int>(r.value));
    }
  }
}

}  // namespace lstar::kernel
