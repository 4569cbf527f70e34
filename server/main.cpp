// lstar: a syscall lab in a box. See README.md.
#include <iostream>
#include <string>
#include <vector>

#include "server/command_line.h"
#include "server/commands.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << lstar::server::usage();
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version" || args[0] == "version") {
    std::cout << "lstar " << LSTAR_VERSION << "\n";
    return 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "serve") return lstar::server::serve_command(args);
  if (command == "run") return lstar::server::run_command(args);
  if (command == "kbuild") return lstar::server::kbuild_command(args);
  std::cerr << "lstar: unknown command '" << command << "'\n" << lstar::server::usage();
  return 2;
}
