/* Integer arithmetic of every width: __int128 multiply, divide, modulo,
 * shifts, comparisons and decimal/hex printing; 8/16/32/64-bit signed and
 * unsigned division and remainder, widening multiplies, overflow builtins,
 * bit counts and scans, byte swaps, rotates, saturating conversions. The
 * values come from a fixed generator; results go into printed hashes and
 * a few printed samples. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef __int128 i128;
typedef unsigned __int128 u128;

static uint64_t rng_state = 0x123456789abcdefULL;
static uint64_t rng(void) {
  /* splitmix64 */
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* Values with interesting magnitudes: small, near powers of two, extremes. */
static uint64_t interesting(void) {
  uint64_t r = rng();
  switch (r & 7) {
    case 0: return r >> 60;
    case 1: return (uint64_t)1 << (r >> 58);
    case 2: return ((uint64_t)1 << (r >> 58)) - 1;
    case 3: return ~(r >> 3 & 0xff);
    case 4: return r >> (r & 63);
    default: return rng();
  }
}

static uint64_t hash = 14695981039346656037ULL;
static void mix(uint64_t v) {
  for (int i = 0; i < 8; ++i) {
    hash ^= (v >> (8 * i)) & 0xff;
    hash *= 1099511628211ULL;
  }
}
static void mix128(u128 v) {
  mix((uint64_t)v);
  mix((uint64_t)(v >> 64));
}

static char* u128_str(u128 v, char* buf) {
  char tmp[48];
  int n = 0;
  do {
    tmp[n++] = (char)('0' + (int)(v % 10));
    v /= 10;
  } while (v);
  for (int i = 0; i < n; ++i) buf[i] = tmp[n - 1 - i];
  buf[n] = '\0';
  return buf;
}
static char* i128_str(i128 v, char* buf) {
  if (v < 0) {
    buf[0] = '-';
    u128_str(-(u128)v, buf + 1);
    return buf;
  }
  return u128_str((u128)v, buf);
}
static void print_hex128(const char* label, u128 v) {
  printf("%s0x%016llx%016llx\n", label, (unsigned long long)(v >> 64), (unsigned long long)v);
}

static void int128(void) {
  char a[48], b[48], c[48], d[48];
  u128 max = ~(u128)0;
  i128 smax = (i128)(max >> 1), smin = -smax - 1;
  printf("u128 max %s\n", u128_str(max, a));
  printf("i128 max %s min %s\n", i128_str(smax, a), i128_str(smin, b));
  print_hex128("i128 min hex ", (u128)smin);
  u128 f = 1;
  for (int i = 1; i <= 34; ++i) f *= (u128)i;
  printf("34! = %s\n", u128_str(f, a));
  i128 x = (i128)-123456789012345678LL * 1000000000000LL;
  i128 y = 987654321;
  printf("%s / %s = %s rem %s\n", i128_str(x, a), i128_str(y, b), i128_str(x / y, c),
         i128_str(x % y, d));
  for (int i = 0; i < 1200; ++i) {
    u128 p = ((u128)interesting() << 64) | interesting();
    u128 q = ((u128)(rng() & 1 ? interesting() : 0) << 64) | interesting();
    if (q == 0) q = 3;
    mix128(p * q);
    mix128(p / q);
    mix128(p % q);
    mix128((u128)((i128)p / (i128)q));
    mix128((u128)((i128)p % (i128)q));
    unsigned s = (unsigned)(rng() & 127);
    mix128(p << s);
    mix128(p >> s);
    mix128((u128)((i128)p >> s));
    mix((uint64_t)(p < q) | (uint64_t)((i128)p < (i128)q) << 1 | (uint64_t)(p == q) << 2);
    mix128(p + q);
    mix128(p - q);
    mix128(-p);
  }
  printf("int128 hash %016llx\n", (unsigned long long)hash);
}

static void widths(void) {
  hash = 14695981039346656037ULL;
  for (int i = 0; i < 2000; ++i) {
    uint64_t u = interesting(), v = interesting();
    if (v == 0) v = 7;
    int64_t s = (int64_t)u, t = (int64_t)v;
    if (t == -1) t = -2; /* INT64_MIN / -1 traps */
    mix(u / v);
    mix(u % v);
    mix((uint64_t)(s / t));
    mix((uint64_t)(s % t));
    uint32_t u32 = (uint32_t)u, v32 = (uint32_t)v ? (uint32_t)v : 5;
    int32_t s32 = (int32_t)u32, t32 = (int32_t)v32 == -1 ? 9 : (int32_t)v32;
    mix(u32 / v32);
    mix(u32 % v32);
    mix((uint64_t)(int64_t)(s32 / t32));
    mix((uint64_t)(int64_t)(s32 % t32));
    uint16_t u16 = (uint16_t)u, v16 = (uint16_t)v ? (uint16_t)v : 3;
    int16_t s16 = (int16_t)u16, t16 = (int16_t)v16;
    mix((uint16_t)(u16 / v16));
    mix((uint16_t)(u16 % v16));
    mix((uint64_t)(int64_t)(int16_t)(s16 / t16));
    mix((uint64_t)(int64_t)(int16_t)(s16 % t16));
    uint8_t u8 = (uint8_t)u, v8 = (uint8_t)v ? (uint8_t)v : 2;
    int8_t s8 = (int8_t)u8, t8 = (int8_t)v8;
    mix((uint8_t)(u8 / v8));
    mix((uint8_t)(u8 % v8));
    mix((uint64_t)(int64_t)(int8_t)(s8 / t8));
    mix((uint64_t)(int64_t)(int8_t)(s8 % t8));
    /* Widening multiplies: the high halves. */
    mix((uint64_t)(((u128)u * v) >> 64));
    mix((uint64_t)(((i128)s * t) >> 64));
    mix((uint64_t)(((uint64_t)u32 * v32) >> 32));
    mix((uint64_t)(((int64_t)s32 * t32) >> 32));
    mix((uint64_t)(int64_t)(s16 * t16));
    mix((uint64_t)(int64_t)(s8 * t8));
    /* Shifts and rotates of every width and count. */
    unsigned c = (unsigned)(v & 63);
    mix(u << c);
    mix(u >> c);
    mix((uint64_t)(s >> c));
    mix((u << c) | (u >> ((64 - c) & 63)));
    mix((uint64_t)(u32 << (c & 31)) | (uint64_t)(u32 >> ((32 - (c & 31)) & 31)));
    mix((uint64_t)(int64_t)(s32 >> (c & 31)));
    mix((uint16_t)((u16 << (c & 15)) | (u16 >> ((16 - (c & 15)) & 15))));
    mix((uint8_t)((u8 >> (c & 7)) | (u8 << ((8 - (c & 7)) & 7))));
    /* Overflow builtins. */
    int64_t r64;
    int32_t r32;
    uint64_t ru;
    mix((uint64_t)__builtin_add_overflow(s, t, &r64) | (uint64_t)r64 << 1);
    mix((uint64_t)__builtin_sub_overflow(s, t, &r64) | (uint64_t)r64 << 1);
    mix((uint64_t)__builtin_mul_overflow(s, t, &r64) | (uint64_t)r64 << 1);
    mix((uint64_t)__builtin_mul_overflow(s32, t32, &r32) | (uint64_t)(uint32_t)r32 << 1);
    mix((uint64_t)__builtin_mul_overflow(u, v, &ru) ^ ru);
    mix((uint64_t)__builtin_add_overflow(u, v, &ru) ^ ru);
    /* Bit counts, scans, byte swaps. */
    mix((uint64_t)__builtin_popcountll(u));
    mix((uint64_t)__builtin_parityll(u));
    mix(u ? (uint64_t)__builtin_clzll(u) : 99);
    mix(u ? (uint64_t)__builtin_ctzll(u) : 99);
    mix(u32 ? (uint64_t)__builtin_clz(u32) : 99);
    mix((uint64_t)__builtin_ffsll((long long)u));
    mix(__builtin_bswap64(u));
    mix(__builtin_bswap32(u32));
    mix(__builtin_bswap16(u16));
    /* Comparisons feeding setcc and cmov. */
    mix((uint64_t)((u < v) + 2 * (s < t) + 4 * (u32 <= v32) + 8 * (s16 > t16) + 16 * (u8 >= v8)));
    mix(s < t ? u : v);
    mix((uint64_t)(s32 > t32 ? s32 : t32));
    /* Conversions. */
    mix((uint64_t)(int64_t)(double)s);
    mix((uint64_t)(double)u);
    mix((uint64_t)(int64_t)(float)s32);
    mix((uint64_t)(uint32_t)(float)u32);
  }
  printf("width hash %016llx\n", (unsigned long long)hash);
  volatile int64_t m = INT64_MIN;
  volatile int32_t m32 = INT32_MIN;
  printf("INT64_MIN / 1 = %lld, %% 3 = %lld; INT32_MIN / 2 = %d\n", (long long)(m / 1),
         (long long)(m % 3), m32 / 2);
  printf("-7 / 2 = %d, -7 %% 2 = %d, 7 / -2 = %d, 7 %% -2 = %d\n", -7 / 2, -7 % 2, 7 / -2, 7 % -2);
  volatile unsigned char uc = 200;
  volatile signed char sc = -100;
  printf("promotions: %d %d %u %d\n", uc + sc, uc * sc, (unsigned)(sc) >> 28, (int32_t)((uint32_t)uc << 24) >> 24);
}

struct bits {
  unsigned a : 3;
  signed b : 5;
  unsigned c : 12;
  unsigned long long d : 40;
  int e : 1;
};

static void bitfields(void) {
  struct bits x;
  memset(&x, 0, sizeof x);
  uint64_t h = 0;
  for (int i = 0; i < 500; ++i) {
    uint64_t r = rng();
    x.a = (unsigned)r;
    x.b = (int)(r >> 3);
    x.c = (unsigned)(r >> 8);
    x.d = r >> 20;
    x.e = (int)(r >> 63);
    x.a += x.c;
    x.b -= 3;
    h = h * 31 + x.a + (uint64_t)(int64_t)x.b * 7 + x.c * 11 + x.d * 13 + (uint64_t)(int64_t)x.e;
  }
  printf("bitfields: sizeof %zu hash %016llx\n", sizeof x, (unsigned long long)h);
}

int main(void) {
  int128();
  widths();
  bitfields();
  return 0;
}
