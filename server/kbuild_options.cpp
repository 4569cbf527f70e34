#include "server/kbuild_options.h"

#include <algorithm>

namespace lstar::server {

std::optional<std::string> parse_kbuild(const std::vector<std::string>& args, KbuildOptions& out) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (a == "--") {
      out.extra_flags.assign(args.begin() + static_cast<long>(i) + 1, args.end());
      break;
    }
    if (a == "-o") {
      auto v = value();
      if (!v || v->empty()) return "-o needs a file name";
      out.output = *v;
    } else if (a == "-O") {
      auto v = value();
      if (!v || v->empty()) return "-O needs a level (0, 1, 2, 3, s, g)";
      out.level = *v;
    } else if (a.size() > 2 && a.compare(0, 2, "-O") == 0) {
      out.level = a.substr(2);  // -O2, as gcc spells it
    } else if (a == "-v") {
      out.verbose = true;
    } else if (!a.empty() && a[0] == '-') {
      return "unknown option '" + a + "' (gcc flags go after --)";
    } else {
      out.sources.push_back(a);
    }
  }
  static const std::vector<std::string> kLevels = {"0", "1", "2", "3", "s", "g", "fast", "z"};
  if (std::find(kLevels.begin(), kLevels.end(), out.level) == kLevels.end())
    return "unknown optimisation level '" + out.level + "' (0, 1, 2, 3, s, g)";
  if (out.sources.empty()) return "no source file";
  return std::nullopt;
}

std::string kbuild_help() {
  return "lstar kbuild: compile kernel C (a syscall, a module) for lstar's kernel with\n"
         "the host gcc, into one relocatable object for --kernel-object or insmod.\n\n"
         "usage: lstar kbuild [-o OUT.o] [-O LEVEL] [-v] SOURCE.c... [-- GCC FLAGS]\n\n"
         "  -o OUT.o     the object (default: the first source with .o); its name\n"
         "               without .o is KBUILD_MODNAME\n"
         "  -O LEVEL     gcc's optimisation level (default 0, for stepping in gdb)\n"
         "  -v           also say where the kernel headers come from\n"
         "  -- FLAGS     passed to gcc after lstar's own (e.g. -- -DDEBUG -Wextra)\n\n"
         "One source is compiled with -c; several are compiled and linked into one\n"
         "object (-r). The headers (<linux/syscalls.h>, ...) are lstar's, from\n"
         "$LSTAR_KERNEL_INCLUDE if set, else installed next to lstar. The gcc command\n"
         "is printed first; lstar kbuild exits with gcc's status.\n";
}

std::string kbuild_default_output(const std::string& source) {
  const size_t slash = source.rfind('/');
  const size_t name_start = slash == std::string::npos ? 0 : slash + 1;
  const size_t dot = source.rfind('.');
  if (dot == std::string::npos || dot <= name_start) return source + ".o";
  return source.substr(0, dot) + ".o";
}

std::string kbuild_module_name(const std::string& output) {
  const size_t slash = output.rfind('/');
  std::string name = slash == std::string::npos ? output : output.substr(slash + 1);
  if (name.size() > 2 && name.compare(name.size() - 2, 2, ".o") == 0) name.resize(name.size() - 2);
  for (char& c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!ok) c = '_';
  }
  return name;
}

std::vector<std::string> kbuild_gcc_command(const KbuildOptions& options, const std::string& gcc,
                                            const std::string& gcc_include,
                                            const std::string& lstar_include) {
  const std::string output =
      options.output.empty() ? kbuild_default_output(options.sources.front()) : options.output;
  // Kernel code as Linux builds it for x86-64: no libc headers, no SSE
  // (the kernel does not save the user's vector registers), no red zone
  // (an interrupt may push below rsp), absolute addresses in the top 2 GiB
  // (-mcmodel=kernel, so no PIC), no stack protector or CET markers the
  // modelled kernel does not set up, no jump tables (as Linux builds with
  // retpolines: a switch stays code in .text, which gdb steps through),
  // frame pointers for the oops backtrace.
  std::vector<std::string> argv = {
      gcc,
      "-std=gnu11",
      "-g",
      "-O" + options.level,
      "-nostdinc",
      "-isystem",
      gcc_include,
      "-I" + lstar_include,
      "-D__KERNEL__",
      "-DKBUILD_MODNAME=\"" + kbuild_module_name(output) + "\"",
      "-ffreestanding",
      "-fno-pic",
      "-fno-pie",
      "-mcmodel=kernel",
      "-mno-red-zone",
      "-mgeneral-regs-only",
      "-fno-stack-protector",
      "-fcf-protection=none",
      "-fno-asynchronous-unwind-tables",
      "-fno-common",
      "-fno-omit-frame-pointer",
      "-fno-strict-aliasing",
      "-fno-jump-tables",
      "-Wall",
  };
  if (options.sources.size() == 1) {
    argv.push_back("-c");
  } else {
    argv.push_back("-r");
    argv.push_back("-nostdlib");
  }
  argv.insert(argv.end(), options.extra_flags.begin(), options.extra_flags.end());
  argv.push_back("-o");
  argv.push_back(output);
  argv.insert(argv.end(), options.sources.begin(), options.sources.end());
  return argv;
}

std::string shell_quoted(const std::vector<std::string>& argv) {
  std::string out;
  for (const std::string& a : argv) {
    if (!out.empty()) out += ' ';
    const bool plain = !a.empty() && std::all_of(a.begin(), a.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             std::string_view("-_=./,:+@%").find(c) != std::string_view::npos;
    });
    if (plain) {
      out += a;
      continue;
    }
    out += '\'';
    for (char c : a) {
      if (c == '\'')
        out += "'\\''";
      else
        out += c;
    }
    out += '\'';
  }
  return out;
}

}  // namespace lstar::server
