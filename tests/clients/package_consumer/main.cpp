// Uses lstar::client from an installed package: names a signal and fails
// to connect to a port nobody listens on, with the library's own error type.
#include <clients/lstar_client.h>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  if (lstar::client::linux_signal_name(11) != "SIGSEGV") return 3;
  try {
    lstar::client::Client::connect(argv[1]);
  } catch (const lstar::client::ConnectError& e) {
    std::printf("consumer: ConnectError as expected: %s\n", e.what());
    return 0;
  }
  return 4;
}
