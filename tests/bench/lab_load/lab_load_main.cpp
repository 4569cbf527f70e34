// lab_load: a load generator for the lab server (`ninja -C build bench-lab`).
//
// For each session count N it starts a fresh `lstar serve LOAD_GUEST` (or
// uses --connect ADDR:PORT), opens N concurrent RSP sessions with
// lstar_client, each continuing its own getppid loop under `catch syscall`,
// and prints one Markdown table row per phase: sessions held, stops per
// second in total, p50/p99 stop latency (from sending `vCont;c` to receiving
// the stop reply), the server's RSS and RSS per session; then the same while
// M more sessions spin in endless loops. It exits 1 if any session failed.
//
// A benchmark, not a test: it asserts nothing about speed.
#include <fmt/format.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "flag_pairs.h"
#include "load_run.h"

namespace {

using lstar::bench::RunPlan;
using lstar::bench::ServerUnderTest;

struct Options {
  std::string lstar;
  std::string guest;
  std::vector<size_t> sessions{1, 16, 64};
  RunPlan plan;
  std::string connect;  // an existing server instead of starting one
  pid_t server_pid = 0;
};

const char kUsage[] =
    "usage: lab_load --lstar LSTAR --guest LOAD_GUEST [--sessions 1,16,64] [--spinners 4]\n"
    "                [--seconds 5] [--connect HOST:PORT [--server-pid PID]]\n"
    "  --connect: measure a server that is already running lstar serve LOAD_GUEST;\n"
    "             its memory figures need --server-pid.\n";

std::vector<size_t> parse_list(const std::string& text) {
  std::vector<size_t> values;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) values.push_back(std::stoul(item));
  return values;
}

// nullopt (after printing why) on bad usage.
std::optional<Options> parse_options(int argc, char** argv) {
  Options o;
  try {
    lstar::bench::for_each_flag(
        argc, argv, [&o](const std::string& flag, const std::string& value) {
          if (flag == "--lstar")
            o.lstar = value;
          else if (flag == "--guest")
            o.guest = value;
          else if (flag == "--sessions")
            o.sessions = parse_list(value);
          else if (flag == "--spinners")
            o.plan.spinners = std::stoul(value);
          else if (flag == "--seconds")
            o.plan.phase = std::chrono::milliseconds(std::stoul(value) * 1000);
          else if (flag == "--connect")
            o.connect = value;
          else if (flag == "--server-pid")
            o.server_pid = static_cast<pid_t>(std::stol(value));
          else
            throw std::invalid_argument("unknown option " + flag);
        });
    if (o.connect.empty() && (o.lstar.empty() || o.guest.empty()))
      throw std::invalid_argument("--lstar and --guest are needed unless --connect is given");
  } catch (const std::exception& e) {
    std::cerr << "lab_load: " << e.what() << "\n" << kUsage;
    return std::nullopt;
  }
  return o;
}

ServerUnderTest server_for(const Options& o) {
  if (!o.connect.empty()) return ServerUnderTest::existing(o.connect, o.server_pid);
  return ServerUnderTest::start(o.lstar, o.guest);
}

// Measures one N; false if a session failed or the server died.
bool measure(const Options& o, size_t sessions) {
  ServerUnderTest server = server_for(o);
  RunPlan plan = o.plan;
  plan.sessions = sessions;
  lstar::bench::RunResult result = lstar::bench::run_load(server, plan);
  lstar::bench::print_rows(result);
  lstar::bench::print_errors(result);
  bool ok = result.errors.empty() && result.active.errors.empty() &&
            result.with_spinners.errors.empty() && result.held == sessions;
  if (!server.running()) {
    std::cerr << fmt::format("lab_load: N={}: the server ended; its log:\n{}", sessions,
                             server.log_tail());
    ok = false;
  }
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  const std::optional<Options> options = parse_options(argc, argv);
  if (!options) return 2;
  std::cout << fmt::format("lab_load: {} s per phase, {} spinning sessions in the second phase\n\n",
                           options->plan.phase.count() / 1000, options->plan.spinners);
  lstar::bench::print_table_header();
  bool ok = true;
  for (size_t n : options->sessions) {
    try {
      ok = measure(*options, n) && ok;
    } catch (const std::exception& e) {
      std::cerr << fmt::format("lab_load: N={}: {}\n", n, e.what());
      ok = false;
    }
  }
  if (!ok) std::cerr << "lab_load: FAILED (see the errors above)\n";
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
