// lab_soak: a bounded soak of the lab server (`scripts/soak.sh`, `ninja soak`).
//
// It starts one `lstar serve LOAD_GUEST` and runs N simulated students
// against it for D seconds. Each student loops over operations picked at
// random (seeded, so a seed reproduces every student's mix): catch syscall
// and continue to the exit, a chatty guest, an endless loop stopped by
// Ctrl-C, a connection dropped mid-run and re-attached with its token, a
// vFile upload run with vRun. Every operation checks what it got (the
// number of stops, the bytes of output, the stop reason, the attach).
//
// It samples the server's RSS every second and fails (exit 1) when any
// operation failed (a lost session), when the server died, or when the RSS
// after the warm-up grew past the reference by more than the allowance
// (rss_verdict.h). One summary line per report interval, a table at the end.
#include <fmt/format.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "../lab_load/flag_pairs.h"
#include "../lab_load/load_report.h"
#include "../lab_load/server_under_test.h"
#include "rss_verdict.h"
#include "soak_operations.h"
#include "soak_tally.h"

namespace {

using lstar::bench::RssSample;
using lstar::bench::ServerUnderTest;
using lstar::bench::SoakOp;
using lstar::bench::SoakTally;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string lstar;
  std::string guest;
  size_t sessions = 64;
  long seconds = 1800;
  uint64_t seed = 0;
  bool seed_given = false;
  long report_every = 60;
  std::vector<std::string> server_args;  // extra `lstar serve` options
  lstar::bench::RssBound bound;
};

const char kUsage[] =
    "usage: lab_soak --lstar LSTAR --guest LOAD_GUEST [--sessions 64] [--seconds 1800]\n"
    "                [--seed S] [--report-every 60] [--warmup-percent 20]\n"
    "                [--rss-allowance-mib 16] [--rss-allowance-percent 10]\n"
    "                [--server-arg ARG]...   (an extra `lstar serve` option, e.g. --workers)\n";

std::optional<Options> parse_options(int argc, char** argv) {
  Options o;
  try {
    lstar::bench::for_each_flag(argc, argv,
                                [&o](const std::string& flag, const std::string& value) {
                                  if (flag == "--server-arg")
                                    o.server_args.push_back(value);
                                  else if (flag == "--lstar")
                                    o.lstar = value;
                                  else if (flag == "--guest")
                                    o.guest = value;
                                  else if (flag == "--sessions")
                                    o.sessions = std::stoul(value);
                                  else if (flag == "--seconds")
                                    o.seconds = std::stol(value);
                                  else if (flag == "--seed") {
                                    o.seed = std::stoull(value);
                                    o.seed_given = true;
                                  } else if (flag == "--report-every")
                                    o.report_every = std::max(1L, std::stol(value));
                                  else if (flag == "--warmup-percent")
                                    o.bound.warmup_fraction = std::stod(value) / 100.0;
                                  else if (flag == "--rss-allowance-mib")
                                    o.bound.allowance_mib = std::stol(value);
                                  else if (flag == "--rss-allowance-percent")
                                    o.bound.allowance_percent = std::stod(value);
                                  else
                                    throw std::invalid_argument("unknown option " + flag);
                                });
    if (o.lstar.empty() || o.guest.empty())
      throw std::invalid_argument("--lstar and --guest are needed");
    if (o.sessions == 0 || o.seconds <= 0)
      throw std::invalid_argument("--sessions and --seconds must be positive");
  } catch (const std::exception& e) {
    std::cerr << "lab_soak: " << e.what() << "\n" << kUsage;
    return std::nullopt;
  }
  if (!o.seed_given) o.seed = std::random_device{}();
  return o;
}

std::string mib(long kib) {
  return fmt::format("{:.1f}", static_cast<double>(kib) / 1024.0);
}

std::string clock_text(double seconds) {
  const long s = static_cast<long>(seconds);
  return fmt::format("{:02}:{:02}", s / 60, s % 60);
}

// One student: operations picked from its own seeded generator until
// `until` (or `stop`), each recorded in `tally`.
void student(size_t index, const Options& o, const lstar::bench::SoakTarget& target,
             Clock::time_point until, const std::atomic<bool>& stop, SoakTally& tally) {
  std::seed_seq seq{o.seed, static_cast<uint64_t>(index)};
  std::mt19937_64 rng(seq);
  std::discrete_distribution<size_t> pick(lstar::bench::kSoakOpWeights.begin(),
                                          lstar::bench::kSoakOpWeights.end());
  while (!stop && Clock::now() < until) {
    const auto op = static_cast<SoakOp>(pick(rng));
    const auto began = Clock::now();
    try {
      lstar::bench::run_soak_op(op, target, rng);
      tally.succeeded(op, Clock::now() - began);
    } catch (const std::exception& e) {
      tally.failed(op, index, e.what());
    }
  }
}

// `before_kib` and `after_kib`: the server's RSS before the first student
// came and after the last one left.
void print_report(const SoakTally& tally, const std::vector<RssSample>& samples,
                  const lstar::bench::RssVerdict& v, long before_kib, long after_kib,
                  double seconds) {
  std::cout << "\n| operation | done | failed | p50 ms | p99 ms |\n"
               "| --- | ---: | ---: | ---: | ---: |\n";
  auto figures = tally.figures();
  uint64_t done = 0;
  uint64_t failed = 0;
  for (size_t i = 0; i < figures.size(); ++i) {
    auto& f = figures[i];
    done += f.done;
    failed += f.failed;
    std::cout << fmt::format("| {} | {} | {} | {:.0f} | {:.0f} |\n",
                             lstar::bench::op_name(static_cast<SoakOp>(i)), f.done, f.failed,
                             lstar::bench::percentile(f.millis, 0.5),
                             lstar::bench::percentile(f.millis, 0.99));
  }
  std::cout << fmt::format("| all ({:.1f} ops/s) | {} | {} | | |\n\n",
                           static_cast<double>(done) / seconds, done, failed);
  std::cout << fmt::format(
      "RSS MiB: min {} max {} final {}; warm-up reference {} + allowance {}; peak after "
      "warm-up {}; slope after warm-up {:+.0f} KiB/min; before the first student {}, after the "
      "last one left {}\n",
      mib(v.min_kib), mib(v.max_kib), mib(v.final_kib), mib(v.reference_kib), mib(v.allowance_kib),
      mib(v.peak_after_warmup_kib), v.slope_kib_per_minute, mib(before_kib), mib(after_kib));
  std::string curve;
  for (int tenth = 1; tenth <= 10; ++tenth) {
    const double at = seconds * tenth / 10.0;
    long kib = 0;
    for (const RssSample& s : samples) {
      if (s.seconds <= at) kib = s.kib;
    }
    curve += " " + (kib > 0 ? mib(kib) : std::string("-"));
  }
  std::cout << "RSS MiB at each tenth of the run:" << curve << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  const std::optional<Options> parsed = parse_options(argc, argv);
  if (!parsed) return 2;
  const Options& o = *parsed;
  lstar::bench::SoakTarget target;
  {
    std::ifstream image(o.guest, std::ios::binary);
    target.guest_image.assign(std::istreambuf_iterator<char>(image), {});
    if (target.guest_image.empty()) {
      std::cerr << "lab_soak: cannot read " << o.guest << "\n";
      return 2;
    }
  }
  target.options.connect_timeout = std::chrono::seconds(10);
  target.options.reply_timeout = std::chrono::seconds(30);
  target.options.resume_timeout = std::chrono::seconds(120);
  target.options.fetch_syscall_registers = false;
  target.options.offer_syscall_stream = false;

  std::cout << fmt::format("lab_soak: seed {} (rerun with --seed {}), {} students, {} s\n", o.seed,
                           o.seed, o.sessions, o.seconds);
  std::optional<ServerUnderTest> server;
  try {
    server.emplace(ServerUnderTest::start(o.lstar, o.guest, o.server_args));
  } catch (const std::exception& e) {
    std::cerr << "lab_soak: " << e.what() << "\n";
    return 1;
  }
  target.address = server->address();

  const long before = server->rss_kib().value_or(0);
  SoakTally tally;
  std::atomic<bool> stop = false;
  const auto start = Clock::now();
  const auto until = start + std::chrono::seconds(o.seconds);
  std::vector<std::thread> students;
  for (size_t i = 0; i < o.sessions; ++i)
    students.emplace_back(student, i, std::cref(o), std::cref(target), until, std::cref(stop),
                          std::ref(tally));

  std::vector<RssSample> samples;
  bool server_died = false;
  uint64_t done_at_last_report = 0;
  auto next_report = start + std::chrono::seconds(o.report_every);
  for (auto next_sample = start + std::chrono::seconds(1); Clock::now() < until;
       next_sample += std::chrono::seconds(1)) {
    std::this_thread::sleep_until(next_sample);
    const double at = std::chrono::duration<double>(Clock::now() - start).count();
    if (!server->running()) {
      std::cerr << fmt::format("lab_soak: {}: the server ended; its log:\n{}", clock_text(at),
                               server->log_tail());
      server_died = true;
      stop = true;
      break;
    }
    if (const std::optional<long> kib = server->rss_kib()) samples.push_back({at, *kib});
    if (Clock::now() >= next_report) {
      next_report += std::chrono::seconds(o.report_every);
      const uint64_t done = tally.done();
      std::cout << fmt::format("lab_soak: {} ops {} (+{}) failed {} RSS {} MiB\n", clock_text(at),
                               done, done - done_at_last_report, tally.failures(),
                               samples.empty() ? "-" : mib(samples.back().kib));
      std::cout.flush();
      done_at_last_report = done;
    }
  }
  for (std::thread& t : students) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  // Time for the last disconnects to be processed and memory returned.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const long idle_after = server->rss_kib().value_or(0);
  if (!server_died && !server->running()) server_died = true;

  const lstar::bench::RssVerdict verdict =
      lstar::bench::judge_rss(samples, static_cast<double>(o.seconds), o.bound);
  print_report(tally, samples, verdict, before, idle_after, seconds);
  for (const std::string& error : tally.errors()) std::cerr << "lab_soak: " << error << "\n";

  bool ok = true;
  if (tally.failures() > 0) {
    std::cerr << fmt::format("lab_soak: FAILED: {} sessions lost\n", tally.failures());
    ok = false;
  }
  if (server_died) {
    std::cerr << "lab_soak: FAILED: the server died\n";
    ok = false;
  }
  if (verdict.grew) {
    std::cerr << fmt::format("lab_soak: FAILED: RSS grew to {} MiB, over {} + {} MiB\n",
                             mib(verdict.peak_after_warmup_kib), mib(verdict.reference_kib),
                             mib(verdict.allowance_kib));
    ok = false;
  }
  if (ok) std::cout << fmt::format("lab_soak: PASSED (seed {})\n", o.seed);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
