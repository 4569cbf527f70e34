// The measurement for one session count N against one server: connect N
// sessions, measure the server's memory idle, run them under catch syscall
// for a while, then again while M more sessions spin in endless loops.
#pragma once

#include <chrono>
#include <cstddef>

#include "load_report.h"
#include "load_session.h"
#include "server_under_test.h"

namespace lstar::bench {

struct RunPlan {
  size_t sessions = 1;
  size_t spinners = 4;
  std::chrono::milliseconds phase{5000};
  SessionTimeouts timeouts;
};

RunResult run_load(ServerUnderTest& server, const RunPlan& plan);

}  // namespace lstar::bench
