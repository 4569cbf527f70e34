// The lab syscalls from the seeds: hello (548), memcpy (439), caesar (440)
// and test_call (335), with the user-pointer discipline the seeds teach.
#include <string>
#include <vector>

#include "kernel/errno.h"
#include "kernel/kernel.h"
#include "kernel/uaccess.h"

namespace lstar::kernel {
namespace {

// SYSCALL_DEFINE1(hello, unsigned long, i)
int64_t sys_hello(Kernel& k, const SyscallArgs& a) {
  k.log().printk(LogLevel::kAlert, "Hello World, i'm sys_hello with arg: {}",
                 static_cast<long>(a[0]));
  return 0;
}

// SYSCALL_DEFINE3(memcpy, void __user *, src, void __user *, dst, unsigned long, len)
// Copies through a kernel buffer, as the seed does with kmalloc; the buffer
// is released on every path (the seed's version leaks it on -EFAULT).
int64_t sys_memcpy(Kernel& k, const SyscallArgs& a) {
  const uint64_t src = a[0], dst = a[1], len = a[2];
  if (len > kLabMemcpyMax) return -kEINVAL;
  if (!access_ok(src, len) || !access_ok(dst, len)) return -kEFAULT;
  std::vector<uint8_t> buf(len);  // kmalloc(len, GFP_KERNEL)
  if (copy_from_user(k.memory(), buf.data(), src, len) != 0) return -kEFAULT;
  if (copy_to_user(k.memory(), dst, buf.data(), len) != 0) return -kEFAULT;
  return 0;
}

char rotate_letter(char c, unsigned rot) {
  if (c >= 'a' && c <= 'z') return static_cast<char>('a' + (c - 'a' + rot) % 26);
  if (c >= 'A' && c <= 'Z') return static_cast<char>('A' + (c - 'A' + rot) % 26);
  return c;
}

// SYSCALL_DEFINE4(caesar, const char __user *, in, char __user *, out,
//                 unsigned int, op, unsigned int, rot)
int64_t sys_caesar(Kernel& k, const SyscallArgs& a) {
  const uint64_t in = a[0], out = a[1];
  const auto op = static_cast<unsigned>(a[2]);
  const auto rot = static_cast<unsigned>(a[3]) % 26;
  if (op != kCaesarEncrypt && op != kCaesarDecrypt) return -kEINVAL;
  std::string buf(kLabCaesarMax, '\0');
  const long len = strncpy_from_user(k.memory(), buf.data(), in, kLabCaesarMax);
  if (len < 0) return len;
  if (len == kLabCaesarMax) return -kEINVAL;  // no NUL within the limit
  buf.resize(static_cast<size_t>(len));
  const unsigned shift = op == kCaesarEncrypt ? rot : (26 - rot) % 26;
  for (char& c : buf) c = rotate_letter(c, shift);
  if (copy_to_user(k.memory(), out, buf.c_str(), buf.size() + 1) != 0) return -kEFAULT;
  return len;
}

// SYSCALL_DEFINE1(test_call, int, test_int): the wrapper calls through the
// STUB_test_call pointer that the test_call module fills in.
int64_t sys_test_call(Kernel& k, const SyscallArgs& a) {
  const int test_int = static_cast<int>(a[0]);
  k.log().printk(LogLevel::kNotice,
                 "Inside SYSCALL_DEFINE1 block. __do_sys_test_call: Your int is {}", test_int);
  if (!k.modules().test_call_stub()) return -kENOSYS;
  return k.modules().test_call_stub()(k, test_int);
}

}  // namespace

void register_lab_syscalls(SyscallRegistry& r) {
  r["__x64_sys_hello"] = sys_hello;
  r["__x64_sys_memcpy"] = sys_memcpy;
  r["__x64_sys_caesar"] = sys_caesar;
  r["__x64_sys_test_call"] = sys_test_call;
}

}  // namespace lstar::kernel
