#include "lab_server.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <thread>

namespace lstar::e2e {
namespace {

using Clock = std::chrono::steady_clock;

std::string hex_encode(const std::string& text) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::string hex_decode(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

}  // namespace

ServerProcess& LabServerTest::start_lab(const std::string& guest,
                                        const std::vector<std::string>& flags) {
  std::vector<std::string> program;
  if (!guest.empty()) program.push_back(guest_path(guest));
  server_ = std::make_unique<ServerProcess>(program, flags);
  wait_for_output(R"(lstar\[s1 [0-9.:]+\] disconnect)");
  return *server_;
}

std::string LabServerTest::wait_for_output(const std::string& pattern,
                                           std::chrono::seconds timeout) {
  const auto deadline = Clock::now() + timeout;
  std::string output = server_->output();
  while (!contains_regex(output, pattern) && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    output = server_->output();
  }
  return output;
}

size_t LabServerTest::count_in_output(const std::string& pattern) {
  const std::string output = server_->output();
  const std::regex re(pattern);
  return static_cast<size_t>(std::distance(std::sregex_iterator(output.begin(), output.end(), re),
                                           std::sregex_iterator()));
}

TempFile::TempFile(const std::string& text) {
  const char* dir = std::getenv("TMPDIR");
  std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/lstar-lab-XXXXXX";
  const int fd = mkstemp(pattern.data());
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  path_ = pattern;
  write(text);
}

TempFile::~TempFile() {
  std::remove(path_.c_str());
}

void TempFile::write(const std::string& text) const {
  std::ofstream(path_, std::ios::trunc) << text;
}

std::optional<std::string> next_reply(RawConnection& connection,
                                      std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    std::optional<std::string> packet = connection.read_packet(left);
    if (!packet || packet->empty() || packet->front() != 'O' || *packet == "OK") return packet;
  }
  return std::nullopt;
}

std::optional<std::string> raw_monitor(RawConnection& connection, const std::string& command) {
  if (!connection.send(rsp_frame("qRcmd," + hex_encode(command)))) return std::nullopt;
  std::string output;
  for (;;) {
    std::optional<std::string> packet = connection.read_packet(std::chrono::seconds(30));
    if (!packet) return std::nullopt;
    if (*packet == "OK") return output;
    if (packet->empty() || packet->front() != 'O') return std::nullopt;
    output += hex_decode(packet->substr(1));
  }
}

std::string token_in(const std::string& session_output) {
  std::smatch match;
  if (std::regex_search(session_output, match, std::regex("token: ([0-9a-f]+)"))) return match[1];
  return "";
}

}  // namespace lstar::e2e
