/* Ordinary C that compilers turn into varied code: loops that -O3
 * vectorises with SSE2 (integer and floating point, 8/16/32/64-bit lanes,
 * min/max, shifts, conversions, reductions), variadic functions with
 * floating point arguments, structs passed and returned by value, deep
 * recursion, switch jump tables, function pointers, VLAs and alloca,
 * computed goto, a hash table, a linked list, CRC32, a sieve, a caesar
 * pass and a small matrix multiply. */
#define _GNU_SOURCE
#include <alloca.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rng_state = 2463534242u;
static uint32_t rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state;
}

static uint64_t fnv(const void* p, size_t n) {
  const unsigned char* b = p;
  uint64_t h = 14695981039346656037ULL;
  for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ULL;
  return h;
}

enum { N = 1024 };
static int8_t i8a[N], i8b[N], i8c[N];
static uint8_t u8a[N], u8b[N], u8c[N];
static int16_t i16a[N], i16b[N], i16c[N];
static uint16_t u16c[N];
static int32_t i32a[N], i32b[N], i32c[N];
static uint32_t u32a[N], u32c[N];
static int64_t i64a[N], i64b[N], i64c[N];
static float fa[N], fb[N], fc[N];
static double da[N], db[N], dc[N];

static void vector_loops(void) {
  for (int i = 0; i < N; ++i) {
    uint32_t r = rng();
    i8a[i] = (int8_t)r;
    i8b[i] = (int8_t)(r >> 8);
    u8a[i] = (uint8_t)(r >> 16);
    u8b[i] = (uint8_t)(r >> 24);
    i16a[i] = (int16_t)r;
    i16b[i] = (int16_t)(r >> 16);
    i32a[i] = (int32_t)rng();
    i32b[i] = (int32_t)(rng() | 1);
    u32a[i] = rng();
    i64a[i] = (int64_t)((uint64_t)rng() << 32 | rng());
    i64b[i] = (int64_t)rng() - (1 << 30);
    fa[i] = (float)(int32_t)rng() / 65536.0f;
    fb[i] = (float)(rng() % 1000) / 7.0f + 0.5f;
    da[i] = (double)(int32_t)rng() / 1024.0;
    db[i] = (double)(rng() % 100000) / 3.0 + 1.0;
  }
  for (int i = 0; i < N; ++i) {
    i8c[i] = (int8_t)(i8a[i] + i8b[i]);
    u8c[i] = u8a[i] > u8b[i] ? u8a[i] : u8b[i];
    i16c[i] = (int16_t)(i16a[i] * i16b[i]);
    u16c[i] = (uint16_t)((uint16_t)i16a[i] >> 3);
    i32c[i] = i32a[i] * 3 + (i32b[i] >> 2) - (i32a[i] < i32b[i] ? i32a[i] : i32b[i]);
    u32c[i] = (u32a[i] << 5) ^ (u32a[i] >> 7) ^ (uint32_t)i32b[i];
    i64c[i] = i64a[i] + i64b[i] * 5 - (i64a[i] >> 9);
    fc[i] = fa[i] * fb[i] - fa[i] / fb[i];
    dc[i] = da[i] * db[i] + da[i] / db[i] - (double)i32a[i];
  }
  /* Averages, absolute differences, saturating-looking clamps. */
  for (int i = 0; i < N; ++i) {
    u8c[i] = (uint8_t)((u8a[i] + u8b[i] + 1) >> 1);
    int d = i8a[i] - i8b[i];
    i8c[i] = (int8_t)(d < 0 ? -d : d) > 100 ? 100 : (int8_t)(d < 0 ? -d : d);
    int s = i16a[i] + i16b[i];
    i16c[i] = (int16_t)(s > 32767 ? 32767 : s < -32768 ? -32768 : s);
  }
  int64_t isum = 0;
  uint32_t xr = 0;
  int32_t imax = INT32_MIN, imin = INT32_MAX;
  float fsum = 0;
  double dsum = 0;
  for (int i = 0; i < N; ++i) {
    isum += i32c[i];
    xr ^= u32c[i];
    imax = i32a[i] > imax ? i32a[i] : imax;
    imin = i32a[i] < imin ? i32a[i] : imin;
    fsum += fc[i];
    dsum += dc[i];
  }
  int32_t dot = 0;
  for (int i = 0; i < N; ++i) dot += (int32_t)i16a[i] * i16b[i];
  int64_t conv = 0;
  for (int i = 0; i < N; ++i) {
    conv += (int32_t)fa[i] + (int64_t)da[i];
    fc[i] = (float)i32a[i];
    dc[i] = (double)i32b[i] * 0.5;
  }
  printf("vectors: i8 %016llx u8 %016llx i16 %016llx u16 %016llx i32 %016llx u32 %016llx i64 %016llx\n",
         (unsigned long long)fnv(i8c, sizeof i8c), (unsigned long long)fnv(u8c, sizeof u8c),
         (unsigned long long)fnv(i16c, sizeof i16c), (unsigned long long)fnv(u16c, sizeof u16c),
         (unsigned long long)fnv(i32c, sizeof i32c), (unsigned long long)fnv(u32c, sizeof u32c),
         (unsigned long long)fnv(i64c, sizeof i64c));
  printf("floats: f %016llx d %016llx\n", (unsigned long long)fnv(fc, sizeof fc),
         (unsigned long long)fnv(dc, sizeof dc));
  printf("reductions: sum %lld xor %08x max %d min %d fsum %a dsum %a dot %d conv %lld\n",
         (long long)isum, xr, imax, imin, (double)fsum, dsum, dot, (long long)conv);
}

/* Variadic functions: integers and doubles mixed, more than fit in
 * registers, and va_copy. */
static double vsum(int count, ...) {
  va_list ap, copy;
  va_start(ap, count);
  va_copy(copy, ap);
  double total = 0;
  for (int i = 0; i < count; ++i) {
    if (i % 3 == 2)
      total += va_arg(ap, double);
    else
      total += (double)va_arg(ap, long);
  }
  long first = va_arg(copy, long);
  va_end(copy);
  va_end(ap);
  return total + (double)first / 1000.0;
}

static int my_printf(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char buf[256];
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  printf("my_printf(%d): %s", n, buf);
  return n;
}

struct vec3 {
  double x, y, z;
};
struct small {
  int a;
  char b;
  short c;
};
struct mixed {
  float f;
  int i;
  double d;
};
static struct vec3 cross(struct vec3 a, struct vec3 b) {
  struct vec3 r = {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
  return r;
}
static struct small bump(struct small s) {
  s.a += 1;
  s.b = (char)(s.b + 2);
  s.c = (short)(s.c * 3);
  return s;
}
static struct mixed blend(struct mixed m, float k) {
  m.f *= k;
  m.i += (int)k;
  m.d /= k;
  return m;
}

static int ackermann(int m, int n) {
  if (m == 0) return n + 1;
  if (n == 0) return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}
static uint64_t fib(int n) { return n < 2 ? (uint64_t)n : fib(n - 1) + fib(n - 2); }

static const char* classify(int c) {
  switch (c) {
    case 0: return "zero";
    case 1: return "one";
    case 2: return "two";
    case 3: return "three";
    case 4: return "four";
    case 5: return "five";
    case 6: return "six";
    case 7: return "seven";
    case 8: return "eight";
    case 10: return "ten";
    case 11: return "eleven";
    case 13: return "thirteen";
    default: return "other";
  }
}

static int op_add(int a, int b) { return a + b; }
static int op_sub(int a, int b) { return a - b; }
static int op_mul(int a, int b) { return a * b; }
static int op_div(int a, int b) { return b ? a / b : 0; }

static int run_bytecode(const unsigned char* code) {
  static void* labels[] = {&&op_push, &&op_addl, &&op_mull, &&op_dup, &&op_halt};
  int stack[32];
  int sp = 0;
  const unsigned char* pc = code;
#define NEXT goto* labels[*pc++]
  NEXT;
op_push:
  stack[sp++] = *pc++;
  NEXT;
op_addl:
  --sp;
  stack[sp - 1] += stack[sp];
  NEXT;
op_mull:
  --sp;
  stack[sp - 1] *= stack[sp];
  NEXT;
op_dup:
  stack[sp] = stack[sp - 1];
  ++sp;
  NEXT;
op_halt:
  return stack[sp - 1];
#undef NEXT
}

struct node {
  struct node* next;
  int value;
  char name[20];
};

static void data_structures(void) {
  /* Linked list: build, reverse, sum, free. */
  struct node* head = NULL;
  for (int i = 0; i < 500; ++i) {
    struct node* n = malloc(sizeof *n);
    n->value = (int)(rng() % 1000);
    snprintf(n->name, sizeof n->name, "node-%d", i);
    n->next = head;
    head = n;
  }
  struct node* rev = NULL;
  while (head) {
    struct node* next = head->next;
    head->next = rev;
    rev = head;
    head = next;
  }
  long sum = 0;
  int count = 0;
  const char* first_name = rev->name;
  printf("list: first %s", first_name);
  while (rev) {
    sum += rev->value * (count % 7);
    ++count;
    struct node* next = rev->next;
    free(rev);
    rev = next;
  }
  printf(", %d nodes, weighted sum %ld\n", count, sum);

  /* Open-addressing hash table of strings. */
  enum { SLOTS = 2048 };
  static char keys[SLOTS][16];
  static int values[SLOTS];
  int inserted = 0, probes = 0;
  for (int i = 0; i < 1500; ++i) {
    char key[16];
    snprintf(key, sizeof key, "k%u", rng() % 3000);
    uint32_t h = (uint32_t)fnv(key, strlen(key)) & (SLOTS - 1);
    while (keys[h][0] && strcmp(keys[h], key) != 0) {
      h = (h + 1) & (SLOTS - 1);
      ++probes;
    }
    if (!keys[h][0]) {
      strcpy(keys[h], key);
      ++inserted;
    }
    values[h] += i;
  }
  long vsum_ = 0;
  for (int i = 0; i < SLOTS; ++i) vsum_ += (long)values[i] * (i + 1);
  printf("hash table: %d distinct keys, %d probes, checksum %ld\n", inserted, probes, vsum_);
}

static void algorithms(void) {
  /* CRC32 (bitwise table build, bytewise update). */
  uint32_t table[256];
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  static unsigned char data[65536];
  for (size_t i = 0; i < sizeof data; ++i) data[i] = (unsigned char)(i * 31 + (i >> 7));
  uint32_t crc = 0xffffffffu;
  for (size_t i = 0; i < sizeof data; ++i) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  printf("crc32 %08x\n", crc ^ 0xffffffffu);

  /* Sieve of Eratosthenes. */
  enum { LIMIT = 200000 };
  static char composite[LIMIT + 1];
  int primes = 0, last = 0;
  for (int i = 2; i <= LIMIT; ++i) {
    if (composite[i]) continue;
    ++primes;
    last = i;
    for (long j = (long)i * i; j <= LIMIT; j += i) composite[j] = 1;
  }
  printf("sieve: %d primes up to %d, largest %d\n", primes, LIMIT, last);

  /* Caesar over a buffer. */
  char text[] = "The Quick Brown Fox Jumps Over The Lazy Dog, 0123456789!";
  for (size_t i = 0; text[i]; ++i) {
    char c = text[i];
    if (c >= 'a' && c <= 'z') text[i] = (char)('a' + (c - 'a' + 13) % 26);
    else if (c >= 'A' && c <= 'Z') text[i] = (char)('A' + (c - 'A' + 13) % 26);
  }
  printf("rot13: %s\n", text);

  /* Matrix multiply, int and double. */
  enum { M = 24 };
  static int ia[M][M], ib[M][M], ic[M][M];
  static double xa[M][M], xb[M][M], xc[M][M];
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < M; ++j) {
      ia[i][j] = (i * 7 + j * 3) % 11 - 5;
      ib[i][j] = (i * 5 + j * 13) % 17 - 8;
      xa[i][j] = (i - j) / 3.0;
      xb[i][j] = (i + j) / 5.0;
    }
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < M; ++j) {
      int s = 0;
      double t = 0;
      for (int k = 0; k < M; ++k) {
        s += ia[i][k] * ib[k][j];
        t += xa[i][k] * xb[k][j];
      }
      ic[i][j] = s;
      xc[i][j] = t;
    }
  printf("matmul: int %016llx double %016llx trace %a\n", (unsigned long long)fnv(ic, sizeof ic),
         (unsigned long long)fnv(xc, sizeof xc), xc[0][0] + xc[M / 2][M / 2] + xc[M - 1][M - 1]);
}

static int vla_sum(int n) {
  int v[n];
  for (int i = 0; i < n; ++i) v[i] = i * i;
  int* extra = alloca((size_t)n * sizeof *extra);
  for (int i = 0; i < n; ++i) extra[i] = v[n - 1 - i] - i;
  int s = 0;
  for (int i = 0; i < n; ++i) s += extra[i] ^ v[i];
  return s;
}

/* A large .bss and a large stack frame, as student programs have them:
 * 16 MiB of zero-initialised globals (only some pages touched) and 2 MiB of
 * locals (every page touched, from the top down). */
static unsigned char big_bss[16 << 20];

__attribute__((noinline)) static unsigned big_stack(unsigned seed) {
  volatile unsigned char frame[2 << 20];
  for (long i = (long)sizeof frame - 1; i >= 0; i -= 4096) frame[i] = (unsigned char)(i ^ seed);
  unsigned sum = 0;
  for (size_t i = 0; i < sizeof frame; i += 4096) sum = sum * 3 + frame[i + 4095];
  return sum;
}

static void big_memory(void) {
  unsigned zeros = 0;
  for (size_t i = 0; i < sizeof big_bss; i += 65536) zeros += big_bss[i] == 0;
  for (size_t i = 0; i < sizeof big_bss; i += 1 << 20) big_bss[i + 7] = (unsigned char)(i >> 20);
  unsigned sum = 0;
  for (size_t i = 0; i < sizeof big_bss; i += 1 << 20) sum += big_bss[i + 7];
  printf("big bss: %u zero samples, sum %u; big stack: %u\n", zeros, sum, big_stack(7));
}

/* Thread-local storage (fs-relative in a static executable): initialised
 * and zeroed TLS variables, an array, and their addresses. */
static __thread int tls_counter = 41;
static __thread long tls_zero;
static __thread char tls_name[24] = "thread-local";
static __thread double tls_array[8] = {1.5, 2.5};

static void tls(void) {
  for (int i = 0; i < 10; ++i) {
    ++tls_counter;
    tls_zero += i;
    tls_array[i % 8] *= 2;
  }
  int* p = &tls_counter;
  *p += 100;
  tls_name[0] = 'T';
  printf("tls: %d %ld %s %.1f %.1f %.1f\n", tls_counter, tls_zero, tls_name, tls_array[0],
         tls_array[1], tls_array[7]);
}

/* Atomic builtins of every width: lock xadd, lock cmpxchg, xchg, and lock
 * and/or/xor/bts when the old value is (not) used. */
static void atomics(void) {
  static volatile uint8_t a8 = 250;
  static volatile uint16_t a16 = 65000;
  static volatile uint32_t a32 = 7;
  static volatile uint64_t a64 = 1ULL << 40;
  uint64_t h = 0;
  for (int i = 0; i < 50; ++i) {
    h = h * 31 + __atomic_fetch_add(&a8, (uint8_t)3, __ATOMIC_SEQ_CST);
    h = h * 31 + __atomic_fetch_sub(&a16, (uint16_t)7, __ATOMIC_SEQ_CST);
    h = h * 31 + __atomic_add_fetch(&a32, (uint32_t)i, __ATOMIC_SEQ_CST);
    h = h * 31 + __atomic_fetch_xor(&a64, 0x5555ULL << i % 8, __ATOMIC_SEQ_CST);
    __atomic_fetch_or(&a32, 1u << (i % 32), __ATOMIC_RELAXED);
    __atomic_fetch_and(&a64, ~(1ULL << (i % 64)), __ATOMIC_RELAXED);
    h = h * 31 + (uint64_t)((__atomic_fetch_or(&a64, 1ULL << (i % 64), __ATOMIC_SEQ_CST) >> (i % 64)) & 1);
    h = h * 31 + (uint64_t)((__atomic_fetch_and(&a32, ~(1u << (i % 32)), __ATOMIC_SEQ_CST) >> (i % 32)) & 1);
    uint32_t expected = a32;
    h = h * 31 + (uint64_t)__atomic_compare_exchange_n(&a32, &expected, expected * 3 + 1, 0,
                                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    uint64_t wrong = 12345;
    h = h * 31 + (uint64_t)__atomic_compare_exchange_n(&a64, &wrong, 0, 0, __ATOMIC_SEQ_CST,
                                                        __ATOMIC_SEQ_CST) + wrong;
    h = h * 31 + __atomic_exchange_n(&a16, (uint16_t)(i * 1000), __ATOMIC_SEQ_CST);
    h = h * 31 + (uint64_t)__sync_bool_compare_and_swap(&a8, a8, (uint8_t)(i * 5));
    h = h * 31 + __sync_val_compare_and_swap(&a64, 0, 1);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
  }
  printf("atomics: %u %u %u %llu hash %016llx\n", a8, a16, a32, (unsigned long long)a64,
         (unsigned long long)h);
}

/* Switches that gcc turns into bit tests (bt with a mask) and ranges. */
static int is_vowel(int c) {
  switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u':
    case 'A': case 'E': case 'I': case 'O': case 'U':
      return 1;
    default:
      return 0;
  }
}
static int bit_tests(void) {
  const char* text = "Programs Are Ordinary C, Under Every Optimisation Level";
  int vowels = 0, selected = 0;
  for (const char* p = text; *p; ++p) {
    vowels += is_vowel(*p);
    unsigned c = (unsigned char)*p & 63;
    uint64_t mask = 0x8a51f00c3ULL;
    selected += (int)((mask >> c) & 1);
  }
  printf("bit tests: %d vowels, %d selected\n", vowels, selected);
  return vowels;
}

int main(void) {
  big_memory();
  tls();
  atomics();
  bit_tests();
  vector_loops();
  printf("vsum %.6f\n", vsum(10, 1L, 2L, 0.5, 3L, 4L, 1.25, 5L, 6L, 2.125, 1000L));
  my_printf("%s %d %.3f %c %lu %e\n", "varargs", -5, 2.71828, 'q', 1UL << 40, 6.02e23);
  struct vec3 a = {1, 2, 3}, b = {-4, 5, 0.5};
  struct vec3 c = cross(a, b);
  printf("cross %.3f %.3f %.3f\n", c.x, c.y, c.z);
  struct small s = bump((struct small){10, 'a', 7});
  printf("small %d %c %d\n", s.a, s.b, s.c);
  struct mixed m = blend((struct mixed){1.5f, 3, 10.0}, 4.0f);
  printf("mixed %.3f %d %.4f\n", (double)m.f, m.i, m.d);
  printf("ackermann(2, 3) = %d, ackermann(3, 5) = %d\n", ackermann(2, 3), ackermann(3, 5));
  printf("fib(24) = %llu\n", (unsigned long long)fib(24));
  for (int i = 0; i < 15; ++i) printf("%s%s", i ? " " : "switch: ", classify(i));
  putchar('\n');
  int (*ops[])(int, int) = {op_add, op_sub, op_mul, op_div};
  int acc = 7;
  for (int i = 0; i < 20; ++i) acc = ops[i % 4](acc, i + 3) % 100000 + 17;
  printf("function pointers: %d\n", acc);
  static const unsigned char program[] = {0, 6, 3, 2, 0, 7, 1, 0, 5, 2, 4};
  printf("bytecode: %d\n", run_bytecode(program));
  printf("vla: %d %d\n", vla_sum(10), vla_sum(300));
  data_structures();
  algorithms();
  return 0;
}
