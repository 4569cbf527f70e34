// The `lstar serve` the load generator measures: one it starts on a free
// loopback port (and stops again), or one already running at a given
// address. Its resident memory comes from /proc/PID/status when the pid is
// known.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace lstar::bench {

class ServerUnderTest {
 public:
  // Starts `LSTAR serve --listen 127.0.0.1:PORT [EXTRA_ARGS] PROGRAM`;
  // returns once the port accepts connections. Throws std::runtime_error
  // (with the server's log) when it does not start within 10 s.
  static ServerUnderTest start(const std::string& lstar, const std::string& program,
                               const std::vector<std::string>& extra_args = {});
  // A server someone else runs; `pid` (0: unknown) enables the RSS figures.
  static ServerUnderTest existing(std::string address, pid_t pid);

  ServerUnderTest(ServerUnderTest&& other) noexcept;
  ServerUnderTest& operator=(ServerUnderTest&&) = delete;
  ServerUnderTest(const ServerUnderTest&) = delete;
  ~ServerUnderTest();

  const std::string& address() const { return address_; }
  // VmRSS in KiB; nullopt when the pid is unknown or the process is gone.
  std::optional<long> rss_kib() const;
  // False once the server has ended (as far as can be told: a server
  // someone else runs counts as alive unless its given pid is gone).
  bool running();
  // The last lines of the server's log (a server this object started).
  std::string log_tail(size_t lines = 20) const;

 private:
  ServerUnderTest() = default;
  void stop();

  std::string address_;
  pid_t pid_ = 0;
  bool owned_ = false;
  std::string log_path_;
};

}  // namespace lstar::bench
