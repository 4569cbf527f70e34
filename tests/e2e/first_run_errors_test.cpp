// The first run and its errors (issue 15, item 6): every error names what
// it is about and what to do.
#include <fstream>

#include "e2e_test.h"
#include "subprocess.h"

namespace lstar::e2e {
namespace {

using namespace std::chrono_literals;

TEST(FirstRun, VersionIsPrinted) {
  const ProcessResult r = run_process({lstar_binary(), "--version"}, 10s);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(contains_regex(r.output, R"(^lstar \d+\.\d+\.\d+\n$)")) << r.output;
}

TEST(FirstRun, AnAddressInUseIsNamedWithThePortToTry) {
  ServerProcess first({}, {});
  const std::string address = "127.0.0.1:" + std::to_string(first.port());
  const ProcessResult r = run_process({lstar_binary(), "serve", "--listen", address}, 10s);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("cannot listen on " + address + ": Address already in use"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("try --listen 127.0.0.1:" + std::to_string(first.port() + 1)),
            std::string::npos)
      << r.output;
}

TEST(FirstRun, ADirectoryOrAScriptGivenAsTheProgramIsSaidToBeOne) {
  const std::string dir = ::testing::TempDir();
  const ProcessResult on_dir = run_process({lstar_binary(), "run", dir}, 10s);
  EXPECT_NE(on_dir.output.find("is a directory, not a program"), std::string::npos)
      << on_dir.output;
  const std::string script = dir + "lstar_first_run_script.sh";
  std::ofstream(script) << "#!/bin/sh\necho hi\n";
  const ProcessResult on_script = run_process({lstar_binary(), "run", script}, 10s);
  EXPECT_NE(on_script.output.find("is a script (#!/bin/sh), not an x86-64 ELF executable"),
            std::string::npos)
      << on_script.output;
  const ProcessResult served = run_process({lstar_binary(), "serve", script}, 10s);
  EXPECT_NE(served.output.find("is a script"), std::string::npos) << served.output;
}

TEST(FirstRun, ListenAcceptsAHostNameAndIpv6) {
  for (const std::string host : {"localhost", "[::1]"}) {
    const int port = pick_free_port();
    BackgroundProcess server(
        {lstar_binary(), "serve", "--listen", host + ":" + std::to_string(port)});
    bool up = false;
    for (int i = 0; i < 100 && !up; ++i) {
      std::this_thread::sleep_for(50ms);
      up = server.output().find("lstar: serving") != std::string::npos;
    }
    EXPECT_TRUE(up) << host << ": " << server.output();
    if (host == "[::1]") {
      EXPECT_NE(server.output().find("on [::1]:" + std::to_string(port)), std::string::npos)
          << server.output();
    }
  }
}

}  // namespace
}  // namespace lstar::e2e
