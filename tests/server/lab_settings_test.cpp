// The lab server's settings: config file syntax, command line options, and
// which source wins.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "server/command_line.h"
#include "server/lab_settings.h"

namespace lstar::server {
namespace {

std::vector<Setting> parsed(const std::string& text) {
  auto result = parse_config_text(text, "lab.conf");
  EXPECT_TRUE(std::holds_alternative<std::vector<Setting>>(result))
      << std::get<std::string>(result);
  return std::holds_alternative<std::vector<Setting>>(result)
             ? std::get<std::vector<Setting>>(result)
             : std::vector<Setting>{};
}

std::string error_of(const std::string& text) {
  auto result = parse_config_text(text, "lab.conf");
  return std::holds_alternative<std::string>(result) ? std::get<std::string>(result) : "";
}

TEST(LabSettings, DefaultsAreTheDocumentedOnes) {
  const LabSettings s;
  EXPECT_EQ(s.max_sessions, 64u);
  EXPECT_EQ(s.max_sessions_per_address, 16u);
  EXPECT_EQ(s.memory_limit_mib, 1024u);
  EXPECT_EQ(s.max_instructions, 0u);
  EXPECT_EQ(s.idle_timeout.count(), 1800);
  EXPECT_EQ(s.max_packet_bytes, 16384u);
  EXPECT_EQ(s.reconnect_grace.count(), 60);
  EXPECT_EQ(s.workers, 0u);
}

TEST(LabSettings, ConfigLinesCommentsAndBlanks) {
  const auto settings = parsed(
      "# a lab\n"
      "\n"
      "max-sessions = 40\n"
      "  idle-timeout=600   # ten minutes\r\n"
      "log = /var/log/lstar.log\n");
  ASSERT_EQ(settings.size(), 3u);
  EXPECT_EQ(settings[0].name, "max-sessions");
  EXPECT_EQ(settings[0].value, "40");
  EXPECT_EQ(settings[0].origin, "lab.conf:3");
  EXPECT_EQ(settings[1].name, "idle-timeout");
  EXPECT_EQ(settings[1].value, "600");
  EXPECT_EQ(settings[2].value, "/var/log/lstar.log");
}

TEST(LabSettings, ConfigErrorsNameTheLine) {
  EXPECT_EQ(error_of("max-sessions = 4\nbogus = 1\n"), "lab.conf:2: unknown setting 'bogus'");
  EXPECT_EQ(error_of("\nmax-sessions 4\n"),
            "lab.conf:2: expected NAME = VALUE, got 'max-sessions 4'");
  LabSettings s;
  EXPECT_EQ(apply_setting(s, {"max-sessions", "0", "lab.conf:1"}),
            "lab.conf:1: 0 is out of range (1 to 1000000)");
  EXPECT_EQ(apply_setting(s, {"memory-limit", "1.5", "--memory-limit"}),
            "--memory-limit: '1.5' is not a whole number");
  EXPECT_EQ(apply_setting(s, {"listen", "nowhere", "--listen"}),
            "--listen: expected ADDR:PORT, e.g. 127.0.0.1:1234 or [::1]:1234");
}

TEST(LabSettings, ListenTakesIpv6InBracketsHostNamesAndPortAloneAsLoopback) {
  LabSettings s;
  EXPECT_EQ(apply_setting(s, {"listen", "[::1]:1234", "--listen"}), std::nullopt);
  EXPECT_EQ(s.host, "::1");
  EXPECT_EQ(s.port, 1234);
  EXPECT_EQ(apply_setting(s, {"listen", "localhost:4321", "--listen"}), std::nullopt);
  EXPECT_EQ(s.host, "localhost");
  EXPECT_EQ(apply_setting(s, {"listen", ":2345", "--listen"}), std::nullopt);
  EXPECT_EQ(s.host, "127.0.0.1");
  EXPECT_EQ(s.port, 2345);
  EXPECT_EQ(apply_setting(s, {"listen", "::1:1234", "--listen"}),
            "--listen: write an IPv6 address in brackets: [::1]:1234");
}

TEST(LabSettings, EveryOptionOfTheCommandLine) {
  ServeOptions options;
  const std::vector<std::string> args = {"--listen",
                                         "0.0.0.0:4000",
                                         "--max-sessions",
                                         "10",
                                         "--max-sessions-per-address=3",
                                         "--memory-limit",
                                         "256",
                                         "--max-instructions",
                                         "1000000",
                                         "--max-upload-bytes",
                                         "5000",
                                         "--max-upload-files",
                                         "4",
                                         "--idle-timeout",
                                         "90",
                                         "--max-packet-bytes",
                                         "8192",
                                         "--reconnect-grace",
                                         "30",
                                         "--workers",
                                         "3",
                                         "--log",
                                         "/tmp/x.log",
                                         "prog",
                                         "--arg"};
  ASSERT_FALSE(parse_serve(args, options).has_value());
  EXPECT_EQ(options.program, "prog");
  EXPECT_EQ(options.args, std::vector<std::string>{"--arg"});
  auto resolved = resolve_settings("", options.settings);
  ASSERT_TRUE(std::holds_alternative<LabSettings>(resolved)) << std::get<std::string>(resolved);
  const LabSettings& s = std::get<LabSettings>(resolved);
  EXPECT_EQ(s.host, "0.0.0.0");
  EXPECT_EQ(s.port, 4000);
  EXPECT_EQ(s.max_sessions, 10u);
  EXPECT_EQ(s.max_sessions_per_address, 3u);
  EXPECT_EQ(s.memory_limit_mib, 256u);
  EXPECT_EQ(s.max_instructions, 1000000u);
  EXPECT_EQ(s.max_upload_bytes, 5000u);
  EXPECT_EQ(s.max_upload_files, 4u);
  EXPECT_EQ(s.idle_timeout.count(), 90);
  EXPECT_EQ(s.max_packet_bytes, 8192u);
  EXPECT_EQ(s.reconnect_grace.count(), 30);
  EXPECT_EQ(s.workers, 3u);
  EXPECT_EQ(s.log_file, "/tmp/x.log");
}

TEST(LabSettings, CommandLineOverridesTheConfigFile) {
  const std::string path = ::testing::TempDir() + "lab_settings_test.conf";
  std::ofstream(path) << "max-sessions = 5\nidle-timeout = 77\n";
  ServeOptions options;
  ASSERT_FALSE(parse_serve({"--config", path, "--max-sessions", "9"}, options).has_value());
  EXPECT_EQ(options.config_file, path);
  auto resolved = resolve_settings(options.config_file, options.settings);
  std::remove(path.c_str());
  ASSERT_TRUE(std::holds_alternative<LabSettings>(resolved)) << std::get<std::string>(resolved);
  EXPECT_EQ(std::get<LabSettings>(resolved).max_sessions, 9u);
  EXPECT_EQ(std::get<LabSettings>(resolved).idle_timeout.count(), 77);
}

TEST(LabSettings, UnknownOptionsAndMissingFilesAreErrors) {
  ServeOptions options;
  EXPECT_EQ(parse_serve({"--max-session", "3"}, options), "unknown option '--max-session'");
  EXPECT_EQ(parse_serve({"--workers"}, options), "--workers needs a value");
  auto resolved = resolve_settings("/nonexistent/lab.conf", {});
  ASSERT_TRUE(std::holds_alternative<std::string>(resolved));
  EXPECT_EQ(std::get<std::string>(resolved), "/nonexistent/lab.conf: cannot read the config file");
}

}  // namespace
}  // namespace lstar::server
