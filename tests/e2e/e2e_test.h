// The fixture every end-to-end test uses: one lstar server per test, gdb
// sessions against it, and the server's output attached to any failure.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gdb.h"
#include "server_process.h"

namespace lstar::e2e {

class E2ETest : public ::testing::Test {
 protected:
  // Starts `lstar serve` on a free port with build/guests/GUEST (empty: the
  // server's built-in demo, no program argument at all), extra flags, and
  // the arguments the served program runs with.
  ServerProcess& start_server(const std::string& guest = "",
                              std::vector<std::string> server_flags = {},
                              const std::vector<std::string>& guest_arguments = {}) {
    std::vector<std::string> program;
    if (!guest.empty()) program.push_back(guest_path(guest));
    program.insert(program.end(), guest_arguments.begin(), guest_arguments.end());
    server_ = std::make_unique<ServerProcess>(program, std::move(server_flags));
    return *server_;
  }

  // A gdb batch session against the server; with `guest` set, gdb also
  // loads build/guests/GUEST as its local file (symbols).
  std::string gdb(const std::vector<std::string>& commands, const std::string& guest = "") {
    GdbOptions options;
    if (!guest.empty()) options.local_file = guest_path(guest);
    return gdb_with(commands, options);
  }

  // The same over `target extended-remote` (run, kill, remote put ...).
  std::string gdb_extended(const std::vector<std::string>& commands,
                           const std::string& guest = "") {
    GdbOptions options;
    if (!guest.empty()) options.local_file = guest_path(guest);
    options.extended_remote = true;
    return gdb_with(commands, options);
  }

  std::string gdb_with(const std::vector<std::string>& commands, const GdbOptions& options) {
    std::string output = run_gdb(server_->port(), commands, options);
    transcript_ += "---- gdb session ----\n" + output;
    return output;
  }

  // Checks that the guest printed `line`.
  //
  // Which channel is asserted: gdb's output first, where the line appears
  // when the server forwards guest stdout to gdb as console output (`O`
  // packets); otherwise the server's own stdout, for a server that prints
  // guest output locally (the server is stopped first so that everything it
  // printed has reached the log). The channel that carried the line is
  // recorded as the test property "guest_output_channel".
  void expect_guest_printed(const std::string& gdb_output, const std::string& line) {
    if (gdb_output.find(line) != std::string::npos) {
      RecordProperty("guest_output_channel", "gdb (O packets)");
      return;
    }
    if (server_->output().find(line) == std::string::npos) {
      server_->stop();
      server_stopped_by_test_ = true;
    }
    if (server_->output().find(line) != std::string::npos) {
      RecordProperty("guest_output_channel", "server stdout");
      return;
    }
    ADD_FAILURE() << "the guest's line \"" << line
                  << "\" is neither in gdb's output nor in the server's";
  }

  // Checks that the server's resident memory is, or comes back within 5 s
  // to, at most `tolerance_kib` above `baseline_kib`. Under
  // AddressSanitizer, whose allocator keeps freed memory in quarantine, the
  // figure says nothing about lstar: the check is left to the optimised
  // build and recorded as the test property "server_memory".
  void expect_server_memory_near(long baseline_kib, long tolerance_kib, const std::string& when) {
#if defined(__SANITIZE_ADDRESS__)
    RecordProperty("server_memory", "not checked under AddressSanitizer (quarantine)");
    (void)baseline_kib, (void)tolerance_kib, (void)when;
#else
    long now = server_->rss_kib();
    for (int i = 0; i < 50 && now - baseline_kib >= tolerance_kib; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      now = server_->rss_kib();
    }
    EXPECT_LT(now - baseline_kib, tolerance_kib)
        << "server RSS " << baseline_kib << " KiB before, " << now << " KiB " << when;
#endif
  }

  void TearDown() override {
    if (!server_) return;
    // A session ending (gdb quits, kills or detaches) must leave the server
    // serving, as a lab server shared by a class must.
    if (!server_stopped_by_test_) {
      EXPECT_TRUE(server_->running()) << "lstar serve ended: " << server_->exit_description();
    }
    if (HasFailure()) {
      std::cerr << "==== lstar serve output (" << server_->address() << ") ====\n"
                << server_->output() << "\n==== debugger sessions ====\n"
                << transcript_ << "==== end ====\n";
    }
  }

  // Stops the server on purpose (SIGTERM, SIGKILL after `grace`): the
  // tear-down then does not expect it to be running.
  void stop_server(std::chrono::milliseconds grace = std::chrono::milliseconds(2000)) {
    server_->stop(grace);
    server_stopped_by_test_ = true;
  }

  std::unique_ptr<ServerProcess> server_;
  // Every debugger session's output, shown when a test fails.
  std::string transcript_;

 private:
  bool server_stopped_by_test_ = false;
};

}  // namespace lstar::e2e
