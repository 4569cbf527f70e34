// CPU-bound benchmark guest: CRC32, a sieve of Eratosthenes and a Caesar
// pass over a few MiB, in freestanding integer C so it runs natively,
// under qemu-x86_64 and under lstar alike.
#include "lab.h"

#define BUFFER_SIZE (4u << 20)
#define SIEVE_SIZE (2u << 20)

static unsigned char buffer[BUFFER_SIZE];
static unsigned char composite[SIEVE_SIZE];

static unsigned crc32(const unsigned char* p, unsigned long n) {
  unsigned crc = 0xffffffffu;
  for (unsigned long i = 0; i < n; ++i) {
    crc ^= p[i];
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

static unsigned long sieve(void) {
  unsigned long primes = 0;
  for (unsigned long i = 2; i < SIEVE_SIZE; ++i) {
    if (composite[i]) continue;
    ++primes;
    for (unsigned long j = i * 2; j < SIEVE_SIZE; j += i) composite[j] = 1;
  }
  return primes;
}

static void caesar(unsigned char* p, unsigned long n, unsigned rot) {
  for (unsigned long i = 0; i < n; ++i) {
    const unsigned char c = p[i];
    if (c >= 'a' && c <= 'z') p[i] = (unsigned char)('a' + (c - 'a' + rot) % 26);
    else if (c >= 'A' && c <= 'Z') p[i] = (unsigned char)('A' + (c - 'A' + rot) % 26);
  }
}

int lab_main(long* sp) {
  (void)sp;
  unsigned seed = 12345;
  for (unsigned long i = 0; i < BUFFER_SIZE; ++i) {
    seed = seed * 1103515245u + 12345u;
    buffer[i] = (unsigned char)(' ' + (seed >> 16) % 95);
  }
  caesar(buffer, BUFFER_SIZE, 3);
  const unsigned crc = crc32(buffer, BUFFER_SIZE);
  const unsigned long primes = sieve();
  lab_print("crc32 ");
  lab_print_hex(crc);
  lab_print(" primes ");
  lab_print_long((long)primes);
  lab_print("\n");
  return 0;
}
