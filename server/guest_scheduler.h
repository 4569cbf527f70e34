// Guest execution for every session: a fixed pool of worker threads shared
// round-robin.
//
// A run is a series of time slices (guest_run.h). After a slice that did
// not stop the guest the run goes to the back of the pool's queue, so N
// busy guests share the workers fairly and a guest that stops (breakpoint,
// catchpoint, Ctrl-C) waits for at most one round of everybody's slices. A
// stopped guest has no run and costs nothing. Network I/O never runs here.
#pragma once

#include <asio.hpp>

#include <atomic>
#include <cstdint>
#include <functional>

#include "kernel/machine.h"

namespace lstar::server {

class GuestScheduler {
 public:
  // `workers` threads (0: one per hardware thread).
  explicit GuestScheduler(unsigned workers);
  ~GuestScheduler();
  GuestScheduler(const GuestScheduler&) = delete;
  GuestScheduler& operator=(const GuestScheduler&) = delete;

  unsigned workers() const { return workers_; }
  // Runs currently queued or executing.
  unsigned active_runs() const { return active_.load(std::memory_order_relaxed); }

  // Calls `slice` on a worker, again and again at the back of the queue
  // while it returns kPaused; then posts done(stop) to `done_executor`.
  void run(std::function<kernel::StopEvent()> slice, std::function<void(kernel::StopEvent)> done,
           asio::any_io_executor done_executor);

  // Abandons every run at its next slice (their `done` is never called) and
  // joins the workers.
  void shutdown();

 private:
  struct Run;
  void schedule(std::shared_ptr<Run> run);

  unsigned workers_;
  asio::thread_pool pool_;
  std::atomic<bool> stopping_{false};
  std::atomic<unsigned> active_{0};
};

}  // namespace lstar::server
