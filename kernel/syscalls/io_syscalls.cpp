// File descriptor I/O. The guest's stdout and stderr are the only host
// output; everything else stays inside the simulator.
#include <vector>

#include "kernel/errno.h"
#include "kernel/kernel.h"
#include "kernel/uaccess.h"

namespace lstar::kernel {
namespace {

// Bounds one write so a guest cannot make the host buffer gigabytes at once.
constexpr uint64_t kMaxWriteChunk = 1u << 20;

int64_t sys_write(Kernel& k, const SyscallArgs& a) {
  const int fd = static_cast<int>(a[0]);
  const uint64_t buf = a[1];
  const uint64_t count = std::min<uint64_t>(a[2], kMaxWriteChunk);
  if (fd != 1 && fd != 2) return -kEBADF;
  if (!access_ok(buf, count)) return -kEFAULT;
  std::string data(count, '\0');
  const size_t missing = copy_from_user(k.memory(), data.data(), buf, count);
  if (missing == count && count > 0) return -kEFAULT;
  data.resize(count - missing);
  k.write_output(fd, data);
  return static_cast<int64_t>(data.size());
}

}  // namespace

void register_io_syscalls(SyscallRegistry& r) { r["__x64_sys_write"] = sys_write; }

}  // namespace lstar::kernel
