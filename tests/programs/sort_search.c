/* qsort and bsearch on ints, doubles, strings and structs (small arrays that
 * glibc sorts in place and large ones it merge-sorts in a malloc'ed buffer),
 * checked against the sortedness property, plus lsearch/lfind. */
#define _GNU_SOURCE
#include <search.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rng_state = 12345;
static uint32_t rng(void) {
  rng_state = rng_state * 1103515245u + 12345u;
  return rng_state >> 1;
}

static int cmp_int(const void* a, const void* b) {
  int x = *(const int*)a, y = *(const int*)b;
  return (x > y) - (x < y);
}
static int cmp_int_desc(const void* a, const void* b) { return cmp_int(b, a); }
static int cmp_double(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}
static int cmp_str(const void* a, const void* b) {
  return strcmp(*(const char* const*)a, *(const char* const*)b);
}

struct record {
  char name[12];
  int key;
  double weight;
  short tag;
};
static int cmp_record(const void* a, const void* b) {
  const struct record* x = a;
  const struct record* y = b;
  if (x->key != y->key) return (x->key > y->key) - (x->key < y->key);
  return strcmp(x->name, y->name);
}

static uint32_t hash_ints(const int* v, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; ++i) h = (h ^ (uint32_t)v[i]) * 16777619u;
  return h;
}

static void ints(size_t n) {
  int* v = malloc(n * sizeof *v);
  for (size_t i = 0; i < n; ++i) v[i] = (int)(rng() % 100000) - 50000;
  qsort(v, n, sizeof *v, cmp_int);
  size_t unsorted = 0;
  for (size_t i = 1; i < n; ++i) unsorted += v[i - 1] > v[i];
  printf("ints n=%zu: unsorted pairs %zu, min %d, max %d, hash %08x\n", n, unsorted,
         n ? v[0] : 0, n ? v[n - 1] : 0, hash_ints(v, n));
  size_t found = 0, absent = 0;
  for (int key = -50000; key < 50000; key += 97) {
    int* hit = bsearch(&key, v, n, sizeof *v, cmp_int);
    if (hit) {
      ++found;
      if (*hit != key) printf("bsearch returned a wrong element\n");
    } else {
      ++absent;
    }
  }
  printf("  bsearch: %zu found, %zu absent\n", found, absent);
  qsort(v, n, sizeof *v, cmp_int_desc);
  printf("  descending: first %d last %d hash %08x\n", n ? v[0] : 0, n ? v[n - 1] : 0,
         hash_ints(v, n));
  free(v);
}

static void doubles(void) {
  enum { N = 500 };
  double v[N];
  for (int i = 0; i < N; ++i) v[i] = (double)(int)(rng() % 20001 - 10000) / 7.0;
  qsort(v, N, sizeof *v, cmp_double);
  int unsorted = 0;
  for (int i = 1; i < N; ++i) unsorted += v[i - 1] > v[i];
  printf("doubles: unsorted %d, v[0]=%.6f v[250]=%.6f v[499]=%.6f\n", unsorted, v[0], v[250],
         v[N - 1]);
}

static void strings(void) {
  static const char* const words[] = {
      "pear",   "apple", "fig",    "banana", "cherry", "apple2", "date",   "elderberry",
      "grape",  "kiwi",  "lemon",  "mango",  "nectarine", "orange", "papaya", "quince",
      "raspberry", "strawberry", "tangerine", "ugli", "vanilla", "watermelon", "xigua",
      "yam", "zucchini", "Apple", "", "a", "aa", "ab"};
  enum { N = sizeof words / sizeof *words };
  const char* v[N];
  memcpy(v, words, sizeof v);
  qsort(v, N, sizeof *v, cmp_str);
  for (int i = 0; i < N; ++i) printf("%s%s", i ? "," : "strings: ", v[i]);
  putchar('\n');
  const char* key = "mango";
  const char** hit = bsearch(&key, v, N, sizeof *v, cmp_str);
  printf("bsearch mango at %td\n", hit ? hit - v : (ptrdiff_t)-1);
  key = "missing";
  hit = bsearch(&key, v, N, sizeof *v, cmp_str);
  printf("bsearch missing: %s\n", hit ? "found" : "absent");
}

static void records(void) {
  enum { N = 3000 };
  struct record* r = malloc(N * sizeof *r);
  for (int i = 0; i < N; ++i) {
    snprintf(r[i].name, sizeof r[i].name, "r%05u", rng() % 100000);
    r[i].key = (int)(rng() % 50);
    r[i].weight = i * 0.25;
    r[i].tag = (short)i;
  }
  qsort(r, N, sizeof *r, cmp_record);
  int unsorted = 0;
  for (int i = 1; i < N; ++i) unsorted += cmp_record(&r[i - 1], &r[i]) > 0;
  printf("records: unsorted %d; first %s/%d/%g/%d; last %s/%d/%g/%d\n", unsorted, r[0].name,
         r[0].key, r[0].weight, r[0].tag, r[N - 1].name, r[N - 1].key, r[N - 1].weight,
         r[N - 1].tag);
  struct record probe = r[1234];
  struct record* hit = bsearch(&probe, r, N, sizeof *r, cmp_record);
  printf("bsearch record: %s\n", hit && cmp_record(hit, &probe) == 0 ? "found" : "not found");
  free(r);
}

static void linear(void) {
  int table[16] = {5, 3, 9};
  size_t n = 3;
  int key = 7;
  lsearch(&key, table, &n, sizeof *table, cmp_int);
  key = 3;
  int* hit = lfind(&key, table, &n, sizeof *table, cmp_int);
  printf("lsearch/lfind: n=%zu, 3 at %td\n", n, hit ? hit - table : (ptrdiff_t)-1);
}

/* glibc's own generators are deterministic for a given seed. */
static void generators(void) {
  srand(1);
  unsigned h = 0;
  for (int i = 0; i < 1000; ++i) h = h * 31 + (unsigned)rand();
  printf("rand after srand(1): first %d, hash %08x\n", (srand(1), rand()), h);
  srandom(42);
  long r = 0;
  for (int i = 0; i < 100; ++i) r ^= random() << (i % 7);
  printf("random: %ld\n", r);
  srand48(7);
  double d = 0;
  for (int i = 0; i < 100; ++i) d += drand48();
  printf("drand48 sum %.15f lrand48 %ld mrand48 %ld\n", d, lrand48(), mrand48());
  unsigned short xsubi[3] = {1, 2, 3};
  printf("erand48 %.15f nrand48 %ld\n", erand48(xsubi), nrand48(xsubi));
  struct random_data rd;
  char state[64];
  memset(&rd, 0, sizeof rd);
  initstate_r(99, state, sizeof state, &rd);
  int32_t out = 0;
  random_r(&rd, &out);
  printf("random_r %d\n", out);
}

int main(void) {
  generators();
  ints(0);
  ints(1);
  ints(7);
  ints(64);
  ints(1000);
  ints(12000);
  doubles();
  strings();
  records();
  linear();
  return 0;
}
