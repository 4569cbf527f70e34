#include "load_run.h"

#include <fmt/format.h>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace lstar::bench {
namespace {

using Sessions = std::vector<std::unique_ptr<LoadSession>>;

// Time for the server's memory figure to settle after a change.
constexpr auto kSettle = std::chrono::milliseconds(300);
// How often the server's RSS is sampled during a phase.
constexpr auto kRssSample = std::chrono::milliseconds(100);

std::optional<long> max_rss(std::optional<long> a, std::optional<long> b) {
  if (!a) return b;
  if (!b) return a;
  return std::max(*a, *b);
}

// `what` names the sessions in errors ("session", "spinner").
Sessions open_sessions(const ServerUnderTest& server, size_t count, const RunPlan& plan,
                       const std::string& what, std::vector<std::string>& errors) {
  Sessions sessions;
  for (size_t i = 0; i < count; ++i) {
    try {
      sessions.push_back(std::make_unique<LoadSession>(server.address(), plan.timeouts));
    } catch (const std::exception& e) {
      errors.push_back(fmt::format("{} {} could not connect: {}", what, i, e.what()));
    }
  }
  return sessions;
}

// Runs every session from stop to stop for `plan.phase`, one thread each,
// while this thread samples the server's memory. `at_deadline` runs once
// the phase is over (a session may still wait for its last stop).
PhaseResult measure_phase(
    ServerUnderTest& server, Sessions& sessions, const RunPlan& plan,
    const std::function<void()>& at_deadline = [] {}) {
  PhaseResult result;
  result.sessions = sessions.size();
  std::vector<std::vector<double>> latencies(sessions.size());
  std::vector<size_t> stops(sessions.size());
  std::atomic<size_t> finished = 0;
  const auto start = Clock::now();
  const auto until = start + plan.phase;
  std::vector<std::thread> threads;
  for (size_t i = 0; i < sessions.size(); ++i) {
    threads.emplace_back([&, i] {
      stops[i] = sessions[i]->run_until(until, latencies[i]);
      ++finished;
    });
  }
  bool deadline_passed = false;
  while (finished < sessions.size()) {
    if (!deadline_passed && Clock::now() >= until) {
      deadline_passed = true;
      at_deadline();
    }
    result.peak_rss_kib = max_rss(result.peak_rss_kib, server.rss_kib());
    std::this_thread::sleep_for(kRssSample);
  }
  for (std::thread& t : threads) t.join();
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (size_t i = 0; i < sessions.size(); ++i) {
    result.stops += stops[i];
    result.latencies_us.insert(result.latencies_us.end(), latencies[i].begin(), latencies[i].end());
    if (sessions[i]->failed())
      result.errors.push_back(fmt::format("session {}: {}", i, sessions[i]->error()));
  }
  return result;
}

// Sessions whose guests loop without syscalls, each on its own thread,
// until stop() interrupts them.
class Spinners {
 public:
  Spinners(const ServerUnderTest& server, const RunPlan& plan, std::vector<std::string>& errors)
      : sessions_(open_sessions(server, plan.spinners, plan, "spinner", errors)) {
    for (auto& session : sessions_) threads_.emplace_back([&session] { session->spin(); });
  }
  ~Spinners() { stop(); }
  Spinners(const Spinners&) = delete;
  Spinners& operator=(const Spinners&) = delete;

  // Interrupts every loop (without waiting for them to stop).
  void interrupt() {
    for (auto& session : sessions_) session->interrupt();
  }
  void stop() {
    interrupt();
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  void collect_errors(std::vector<std::string>& errors) const {
    for (size_t i = 0; i < sessions_.size(); ++i) {
      if (sessions_[i]->failed())
        errors.push_back(fmt::format("spinner {}: {}", i, sessions_[i]->error()));
    }
  }

 private:
  Sessions sessions_;
  std::vector<std::thread> threads_;
};

}  // namespace

RunResult run_load(ServerUnderTest& server, const RunPlan& plan) {
  RunResult result;
  result.requested = plan.sessions;
  result.spinners = plan.spinners;
  std::this_thread::sleep_for(kSettle);
  result.baseline_rss_kib = server.rss_kib();
  Sessions sessions = open_sessions(server, plan.sessions, plan, "session", result.errors);
  std::this_thread::sleep_for(kSettle);
  result.idle_rss_kib = server.rss_kib();
  result.active = measure_phase(server, sessions, plan);
  if (plan.spinners > 0) {
    Spinners spinners(server, plan, result.errors);
    // Let the loops take the workers before measuring.
    std::this_thread::sleep_for(kSettle);
    // Interrupting the loops at the deadline frees what they hold, so a
    // session starved by them gets its stop and the phase can end.
    result.with_spinners =
        measure_phase(server, sessions, plan, [&spinners] { spinners.interrupt(); });
    spinners.stop();
    spinners.collect_errors(result.errors);
  }
  for (const auto& session : sessions) result.held += session->failed() ? 0 : 1;
  return result;
}

}  // namespace lstar::bench
