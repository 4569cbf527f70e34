#include "kernel/monitor_commands.h"

#include <fmt/format.h>

#include <sstream>

#include "kernel/kernel.h"

namespace lstar::kernel {
namespace {

std::string help_text() {
  return "lstar monitor commands:\n"
         "  monitor help              this text\n"
         "  monitor dmesg             the kernel log (printk output)\n"
         "  monitor syscalls          the syscall table: number, name, handler\n"
         "  monitor lsmod             loaded modules and built-in student objects, with the\n"
         "                            gdb command that loads each one's symbols\n"
         "  monitor insmod FILE.o     load a module you built with `lstar kbuild` (upload it\n"
         "                            first: remote put mymod.o mymod.o)\n"
         "  monitor rmmod NAME        run its module_exit and unload it\n"
         "  monitor insmod test_call  load the built-in test_call module (rmmod test_call)\n"
         "  monitor stats             instructions executed and syscalls by number\n"
         "  monitor kernel-debug on   make the kernel visible: stepi on `syscall` enters\n"
         "                            entry_SYSCALL_64, breakpoints in kernel code fire\n"
         "  monitor kernel-debug off  the kernel is invisible again, as under ptrace\n"
         "  monitor msr               the syscall MSRs: EFER, STAR, LSTAR, FMASK, GS bases\n"
         "  monitor inject SPEC       strace's -e inject: make calls fail, e.g. "
         "read:error=EINTR:when=3,\n"
         "                            kmalloc:when=2 or copy_from_user:error=EFAULT (list; "
         "clear)\n";
}

std::string dmesg_text(const Kernel& k) {
  std::string out;
  for (const std::string& line : k.log().lines()) out += line + "\n";
  return out;
}

std::string syscalls_text(Kernel& k) {
  std::string out =
      fmt::format("{:>4}  {:<24} {:<44} {}\n", "nr", "name", "handler", "implementation");
  const uint64_t table = k.symbol("sys_call_table");
  for (const SyscallEntry& e : k.table()) {
    if (e.x32_only()) continue;
    uint64_t handler = 0;
    k.memory().read_debug(table + 8 * static_cast<uint64_t>(e.number), &handler, 8);
    const std::string name = k.symbol_for(handler);
    out += fmt::format("{:>4}  {:<24} {:<44} {}\n", e.number, e.name,
                       fmt::format("{:#x} <{}>", handler, name.empty() ? "?" : name),
                       k.implementation_of(e.number));
  }
  return out;
}

std::string lsmod_text(const Kernel& k) {
  std::string out = "Module                  Size  Used by\n";
  for (const std::string& m : k.modules().loaded()) out += fmt::format("{:<22} 16384  0\n", m);
  return out;
}

std::string stats_text(const Kernel& k) {
  std::string out = fmt::format("instructions: {}\nsyscalls: {}\n", k.cpu().instructions_retired(),
                                k.syscalls_total());
  for (const auto& [nr, count] : k.syscall_counts()) {
    const SyscallEntry* e = k.table().find(nr);
    out += fmt::format("  {:>4} {:<20} {}\n", nr, e ? e->name : "?", count);
  }
  return out;
}

}  // namespace

std::string run_monitor_command(Kernel& k, const std::string& command) {
  std::istringstream in(command);
  std::string verb, arg;
  in >> verb >> arg;
  if (verb.empty() || verb == "help") return help_text();
  if (verb == "dmesg") return dmesg_text(k);
  if (verb == "syscalls") return syscalls_text(k);
  if (verb == "lsmod") return lsmod_text(k);
  if (verb == "stats") return stats_text(k);
  if (verb == "insmod" || verb == "rmmod") {
    if (arg.empty()) return fmt::format("usage: monitor {} MODULE\n", verb);
    const std::string error =
        verb == "insmod" ? k.modules().insmod(k, arg) : k.modules().rmmod(k, arg);
    return error.empty() ? "" : error + "\n";
  }
  return fmt::format("lstar: unknown monitor command '{}'; try 'monitor help'\n", verb);
}

}  // namespace lstar::kernel
