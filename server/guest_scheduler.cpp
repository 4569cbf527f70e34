#include "server/guest_scheduler.h"

#include <algorithm>
#include <thread>

namespace lstar::server {

struct GuestScheduler::Run {
  std::function<kernel::StopEvent()> slice;
  std::function<void(kernel::StopEvent)> done;
  asio::any_io_executor done_executor;
};

namespace {

unsigned worker_count(unsigned requested) {
  return requested != 0 ? requested : std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

GuestScheduler::GuestScheduler(unsigned workers)
    : workers_(worker_count(workers)), pool_(workers_) {}

GuestScheduler::~GuestScheduler() {
  shutdown();
}

void GuestScheduler::run(std::function<kernel::StopEvent()> slice,
                         std::function<void(kernel::StopEvent)> done,
                         asio::any_io_executor done_executor) {
  active_.fetch_add(1, std::memory_order_relaxed);
  schedule(std::make_shared<Run>(Run{std::move(slice), std::move(done), std::move(done_executor)}));
}

// asio::thread_pool's queue is first in, first out: a re-posted run waits
// behind every run queued meanwhile.
void GuestScheduler::schedule(std::shared_ptr<Run> run) {
  asio::post(pool_, [this, run = std::move(run)]() mutable {
    if (stopping_.load(std::memory_order_relaxed)) {
      active_.fetch_sub(1, std::memory_order_relaxed);
      return;
    }
    const kernel::StopEvent event = run->slice();
    if (event.kind == kernel::StopEvent::Kind::kPaused) {
      schedule(std::move(run));
      return;
    }
    active_.fetch_sub(1, std::memory_order_relaxed);
    asio::post(run->done_executor, [done = std::move(run->done), event] { done(event); });
  });
}

void GuestScheduler::shutdown() {
  stopping_.store(true, std::memory_order_relaxed);
  pool_.join();
}

}  // namespace lstar::server
