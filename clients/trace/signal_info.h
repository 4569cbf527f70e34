// "--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} ---"
// from the siginfo_t a server offers (qXfer:siginfo:read).
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace lstar::trace {

// The braces part from a raw x86-64 siginfo_t (128 bytes). With no bytes
// (the server has no siginfo) only the number is known: "{si_signo=SIGSEGV, ...}".
std::string format_siginfo(int signo, std::span<const uint8_t> siginfo);

}  // namespace lstar::trace
