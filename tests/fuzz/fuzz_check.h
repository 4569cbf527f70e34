// A property a fuzz target asserts: when it does not hold, the input is a
// finding. abort() makes libFuzzer save the input as a crash and stop.
#pragma once

#include <cstdio>
#include <cstdlib>

#define LSTAR_FUZZ_CHECK(condition)                                                           \
  do {                                                                                        \
    if (!(condition)) {                                                                       \
      std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                           \
    }                                                                                         \
  } while (false)
