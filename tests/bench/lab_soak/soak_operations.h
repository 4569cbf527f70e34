// What one simulated student does in the soak (lab_soak): each operation
// opens its own connection(s) to the lab server, does one thing a student
// does, checks that the server answered as it must, and disconnects.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <random>
#include <string>
#include <string_view>

#include <clients/lstar_client.h>

namespace lstar::bench {

enum class SoakOp : size_t {
  run_to_exit,     // catch syscall getppid, continue from stop to stop to the exit
  chatty,          // a guest that prints 125 KiB, continued to its exit
  interrupt_spin,  // an endless loop, Ctrl-C at a random moment, then vKill
  reattach,        // stop mid-run, drop the connection, `monitor session attach TOKEN`
  upload_and_run,  // vFile upload of the guest, vRun of the upload, run to the exit
  count,
};
inline constexpr size_t kSoakOpCount = static_cast<size_t>(SoakOp::count);

std::string_view op_name(SoakOp op);

// How often each operation is picked, relative to the others.
inline constexpr std::array<unsigned, kSoakOpCount> kSoakOpWeights{3, 2, 2, 2, 1};

struct SoakTarget {
  std::string address;
  lstar::client::ClientOptions options;
  std::string guest_image;  // the guest's ELF file, uploaded by upload_and_run
};

// Thrown when the server did not do what a session relies on: the
// operation's session is lost.
struct SoakFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Runs `op` from connect to disconnect; its random choices (where to stop,
// when to press Ctrl-C) come from `rng`. Throws SoakFailure or
// lstar::client::Error.
void run_soak_op(SoakOp op, const SoakTarget& target, std::mt19937_64& rng);

}  // namespace lstar::bench
