// `lstar kbuild`'s command line and the gcc command it turns into, as pure
// functions (no files, no processes: server/kbuild_command.cpp runs it).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lstar::server {

struct KbuildOptions {
  std::string output;       // -o; empty: the first source with its suffix replaced by .o
  std::string level = "0";  // -O LEVEL: gcc's -O<LEVEL>
  bool verbose = false;     // -v: also say where the headers come from
  std::vector<std::string> sources;
  std::vector<std::string> extra_flags;  // after --, passed to gcc last
};

// Returns an error message, or nullopt after filling `out`.
std::optional<std::string> parse_kbuild(const std::vector<std::string>& args, KbuildOptions& out);

std::string kbuild_help();

// "dir/hello.o" for "dir/hello.c" (any suffix after the last dot of the
// file name is replaced; a name without one gets ".o" appended).
std::string kbuild_default_output(const std::string& source);

// KBUILD_MODNAME for an output file: its base name without ".o", with every
// character that cannot be in a C identifier made '_' (Linux turns '-' into
// '_' the same way), so the name is always a valid string literal.
std::string kbuild_module_name(const std::string& output);

// The gcc command line, argv[0] = `gcc`: kernel flags, the headers in
// `lstar_include` and gcc's own freestanding headers in `gcc_include`, then
// -c (one source) or -r -nostdlib (several, one relocatable object).
std::vector<std::string> kbuild_gcc_command(const KbuildOptions& options, const std::string& gcc,
                                            const std::string& gcc_include,
                                            const std::string& lstar_include);

// The command as a shell would need it typed: arguments with spaces, quotes
// or other special characters in single quotes.
std::string shell_quoted(const std::vector<std::string>& argv);

}  // namespace lstar::server
