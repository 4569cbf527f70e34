// Nothing a client sends and nothing a guest does reaches the host's files:
// vFile paths with "..", absolute host paths, /proc tricks, readlink, setfs
// to other pids and uploads named like host files; and the guest's own
// open/openat of host paths. Where something opens, its content is compared
// with the host's real file: the client or guest must never see it.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "e2e_test.h"
#include "rsp_session.h"

namespace lstar::e2e {
namespace {

using HostFiles = E2ETest;

// The first `limit` bytes of a host file; nullopt when the test cannot read it.
std::optional<std::string> host_file_prefix(const std::string& path, size_t limit = 4096) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string content(limit, '\0');
  in.read(content.data(), static_cast<std::streamsize>(limit));
  content.resize(static_cast<size_t>(in.gcount()));
  return content;
}

// Fails when `seen` (what a client or guest read under `path`) is the host's
// content of that path.
void expect_not_host_content(const std::string& path, const std::string& seen) {
  const std::optional<std::string> host = host_file_prefix(path);
  if (!host || host->empty() || seen.empty()) return;
  EXPECT_NE(host->substr(0, seen.size()), seen.substr(0, host->size()))
      << path << ": the host file's content was visible";
}

// A host file with unguessable content, removed at the end of the test.
class SecretFile {
 public:
  SecretFile() : path_(::testing::TempDir() + "lstar_secret_" + std::to_string(getpid())) {
    std::random_device random;
    content_ = "secret " + std::to_string(random()) + std::to_string(random()) + "\n";
    std::ofstream(path_) << content_;
  }
  ~SecretFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }
  const std::string& content() const { return content_; }

 private:
  std::string path_;
  std::string content_;
};

TEST_F(HostFiles, VFileOpenOfHostPathsFindsNothing) {
  start_server();
  SecretFile secret;
  const std::string server_pid = std::to_string(server_->pid());
  RspSession session(server_->port());
  for (const std::string& path :
       {std::string("../../etc/passwd"), std::string("/etc/passwd"), std::string("/etc/shadow"),
        std::string("//etc//passwd"), std::string("/lab/../etc/passwd"),
        std::string("../../../../../../../../etc/passwd"), std::string("/proc/self/environ"),
        std::string("/proc/self/root/etc/passwd"), "/proc/" + server_pid + "/environ",
        "/proc/" + server_pid + "/root/etc/passwd", std::string("/proc/1/root/etc/passwd"),
        std::string("/proc/1000/root/etc/passwd"), std::string("/proc/1000/environ"),
        std::string("/dev/mem"), secret.path(), lstar_binary()}) {
    const int64_t fd = session.vfile_open(path, kFioReadOnly);
    EXPECT_EQ(fd, -kFioENOENT) << path;
    if (fd >= 0) expect_not_host_content(path, session.vfile_read_all(fd).value_or(""));
  }
}

// vFile:setfs names the process whose file system later requests use; a
// connection has one namespace whatever pid it names.
TEST_F(HostFiles, SetfsToOtherPidsChangesNothing) {
  start_server();
  RspSession session(server_->port());
  for (const std::string& pid : {std::string("1"), std::to_string(server_->pid()),
                                 std::to_string(getpid()), std::string("3e8"), std::string("0")}) {
    session.ask("vFile:setfs:" + pid);
    EXPECT_EQ(session.vfile_open("/etc/passwd", kFioReadOnly), -kFioENOENT) << "setfs " << pid;
    EXPECT_EQ(session.vfile_open("/proc/self/environ", kFioReadOnly), -kFioENOENT)
        << "setfs " << pid;
  }
  // The served program is still there, and it is the guest's, not a host file.
  const std::optional<std::string> demo = session.vfile_slurp("/lab/demo");
  ASSERT_TRUE(demo.has_value());
  EXPECT_EQ(demo->substr(0, 4),
            "\x7f"
            "ELF");
}

// readlink shows the guest's view (/proc/PID/exe is the guest path), never
// a host path, and there is no symlink packet to plant a link.
TEST_F(HostFiles, ReadlinkAndSymlinksDoNotLeadToTheHost) {
  start_server();
  RspSession session(server_->port());
  const auto readlink = [&](const std::string& path) {
    return parse_vfile_reply(session.ask("vFile:readlink:" + hex_text(path)));
  };
  const std::optional<VFileReply> exe = readlink("/proc/1000/exe");
  ASSERT_TRUE(exe.has_value());
  EXPECT_EQ(exe->data, "/lab/demo");
  const std::optional<VFileReply> server_exe =
      readlink("/proc/" + std::to_string(server_->pid()) + "/exe");
  ASSERT_TRUE(server_exe.has_value());
  EXPECT_EQ(server_exe->result, -1);
  EXPECT_EQ(server_exe->data.find(lstar_binary()), std::string::npos);
  for (const char* path : {"/proc/self/root", "/proc/1000/root", "/etc/passwd"}) {
    const std::optional<VFileReply> link = readlink(path);
    ASSERT_TRUE(link.has_value()) << path;
    EXPECT_EQ(link->result, -1) << path << " -> " << link->data;
  }
  // Not part of the protocol: unknown (empty reply) or refused, and no link.
  const std::string symlink =
      session.ask("vFile:symlink:" + hex_text("/etc/passwd") + "," + hex_text("link"));
  EXPECT_TRUE(symlink.empty() || symlink.rfind("F-1", 0) == 0) << symlink;
  EXPECT_EQ(session.vfile_open("link", kFioReadOnly), -kFioENOENT);
}

// A client may upload files under host-looking names; they live in the
// connection's sandbox, and the host path is neither created nor changed.
TEST_F(HostFiles, UploadsNamedLikeHostFilesStayInTheSandbox) {
  start_server();
  const std::string fresh = ::testing::TempDir() + "lstar_upload_probe_" + std::to_string(getpid());
  std::filesystem::remove(fresh);
  const std::optional<std::string> passwd_before = host_file_prefix("/etc/passwd", 1 << 20);
  RspSession session(server_->port());
  ASSERT_TRUE(session.vfile_write_file(fresh, "sandboxed\n"));
  ASSERT_TRUE(session.vfile_write_file("/etc/passwd", "evil::0:0::/:/bin/sh\n"));
  EXPECT_FALSE(std::filesystem::exists(fresh)) << "an upload created a host file";
  EXPECT_EQ(host_file_prefix("/etc/passwd", 1 << 20), passwd_before);
  EXPECT_EQ(session.vfile_slurp(fresh), "sandboxed\n");
  EXPECT_EQ(session.vfile_slurp("/etc/passwd"), "evil::0:0::/:/bin/sh\n");
  std::filesystem::remove(fresh);
}

// One line of host_probe's output: "PATH: errno N" or "PATH: read N bytes: HEX".
struct ProbeLine {
  std::string path;
  bool opened = false;
  std::string bytes;
};

std::vector<ProbeLine> parse_probe_output(const std::string& output) {
  std::vector<ProbeLine> lines;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    const size_t read = line.find(": read ");
    const size_t error = line.find(": errno ");
    if (read != std::string::npos) {
      ProbeLine probe{line.substr(0, read), true, ""};
      const std::string hex = line.substr(line.find("bytes: ") + 7);
      for (size_t i = 0; i + 1 < hex.size(); i += 2)
        probe.bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
      lines.push_back(probe);
    } else if (error != std::string::npos) {
      lines.push_back({line.substr(0, error), false, ""});
    }
  }
  return lines;
}

TEST_F(HostFiles, GuestOpenOfHostPathsNeverSeesHostContent) {
  SecretFile secret;
  const std::string created = "/tmp/lstar-host-probe-created";
  const std::string link = "/tmp/lstar-probe-link";
  std::filesystem::remove(created);
  std::filesystem::remove(link);
  const std::string test_environ = "/proc/" + std::to_string(getpid()) + "/environ";
  server_ = std::make_unique<ServerProcess>(std::vector<std::string>{
      guest_path("host_probe"), secret.path(), test_environ, lstar_binary()});
  RspSession session(server_->port());
  const std::optional<std::string> end = session.continue_to_exit(std::chrono::seconds(60));
  ASSERT_TRUE(end.has_value()) << "the probe did not finish; it printed:\n" << session.console();
  EXPECT_EQ(*end, "W00");
  const std::string& output = session.console();
  ASSERT_NE(output.find("probe done"), std::string::npos) << output;
  const std::vector<ProbeLine> lines = parse_probe_output(output);
  EXPECT_GE(lines.size(), 20u) << output;
  for (const ProbeLine& line : lines) {
    if (line.opened) expect_not_host_content(line.path, line.bytes);
  }
  for (const std::string& path :
       {std::string("/etc/passwd"), std::string("/etc/shadow"), secret.path(), test_environ,
        lstar_binary(), std::string("openat(/, etc/passwd)")}) {
    const auto it = std::find_if(lines.begin(), lines.end(),
                                 [&](const ProbeLine& l) { return l.path == path; });
    ASSERT_NE(it, lines.end()) << path << " missing from:\n" << output;
    EXPECT_FALSE(it->opened) << path << " opened in the guest";
  }
  EXPECT_NE(output.find("create " + created + ": refused"), std::string::npos) << output;
  EXPECT_NE(output.find("symlink: refused"), std::string::npos) << output;
  EXPECT_FALSE(std::filesystem::exists(created));
  EXPECT_FALSE(std::filesystem::is_symlink(link));
}

}  // namespace
}  // namespace lstar::e2e
