/* string.h against simple reference implementations, over every source and
 * destination alignment in a 64-byte window and lengths around the 16, 32
 * and 64-byte steps of glibc's SSE2 routines, including strings that end
 * just before an inaccessible page (the routines read in aligned 16-byte
 * blocks and must never cross into it). Prints one line per function with
 * the number of cases and mismatches. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>
#include <wchar.h>

static const size_t kLens[] = {0,  1,  2,  3,  7,  8,  9,  15, 16, 17,  31,  32,  33,
                               47, 48, 63, 64, 65, 95, 127, 128, 129, 200, 255, 256, 511};
enum { kNumLens = sizeof kLens / sizeof *kLens };
enum { kAligns = 17 };  /* offsets 0..16: every position within a 16-byte vector */

static unsigned char src_buf[1200 + 128];
static unsigned char dst_buf[1200 + 128];
static unsigned char ref_buf[1200 + 128];

struct tally {
  const char* name;
  unsigned cases, bad;
};

static void report(const struct tally* t) {
  printf("%-10s %6u cases %u mismatches\n", t->name, t->cases, t->bad);
}

static void note(struct tally* t, int ok, size_t sa, size_t da, size_t len) {
  ++t->cases;
  if (!ok) {
    if (t->bad < 5) printf("  %s mismatch: src align %zu dst align %zu len %zu\n", t->name, sa, da, len);
    ++t->bad;
  }
}

/* Non-zero bytes that differ per position and per run. */
static void fill_text(unsigned char* p, size_t n, unsigned seed) {
  for (size_t i = 0; i < n; ++i) p[i] = (unsigned char)(1 + (i * 7 + seed * 13) % 251);
}

static size_t ref_strlen(const char* s) {
  size_t n = 0;
  while (s[n]) ++n;
  return n;
}
static int sign(int x) { return (x > 0) - (x < 0); }
static int ref_memcmp(const unsigned char* a, const unsigned char* b, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}
static int ref_strncmp(const unsigned char* a, const unsigned char* b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    if (!a[i]) return 0;
  }
  return 0;
}

static char toupper_ascii(char c) { return c >= 'a' && c <= 'z' ? (char)(c - 32) : c; }

static void test_mem(void) {
  struct tally cpy = {"memcpy", 0, 0}, mov = {"memmove", 0, 0}, set = {"memset", 0, 0},
               cmp = {"memcmp", 0, 0}, chr = {"memchr", 0, 0}, rchr = {"memrchr", 0, 0};
  for (size_t sa = 0; sa < kAligns; ++sa) {
    for (size_t da = 0; da < kAligns; da += (sa % 8 == 0 ? 1 : 5)) {
      for (int li = 0; li < kNumLens; ++li) {
        size_t len = kLens[li];
        fill_text(src_buf, sa + len + 16, (unsigned)(sa + li));
        memset(dst_buf, 0xee, da + len + 16);
        void* r = memcpy(dst_buf + da, src_buf + sa, len);
        int ok = r == dst_buf + da && memcmp(dst_buf + da, src_buf + sa, len) == 0 &&
                 (da == 0 || dst_buf[da - 1] == 0xee) && dst_buf[da + len] == 0xee;
        ok = ok && ref_memcmp(dst_buf + da, src_buf + sa, len) == 0;
        note(&cpy, ok, sa, da, len);

        memset(dst_buf, 0x5a, da + len + 16);
        r = memset(dst_buf + da, (int)(0x100 + sa), len);
        ok = r == dst_buf + da && (da == 0 || dst_buf[da - 1] == 0x5a) && dst_buf[da + len] == 0x5a;
        for (size_t i = 0; i < len; ++i) ok = ok && dst_buf[da + i] == (unsigned char)sa;
        note(&set, ok, sa, da, len);

        /* memcmp: equal, then one byte changed at each interesting spot. */
        memcpy(dst_buf + da, src_buf + sa, len);
        ok = memcmp(dst_buf + da, src_buf + sa, len) == 0;
        if (len) {
          size_t spots[3] = {0, len / 2, len - 1};
          for (int s = 0; s < 3; ++s) {
            dst_buf[da + spots[s]] ^= (unsigned char)(0x80 >> s);
            ok = ok && sign(memcmp(dst_buf + da, src_buf + sa, len)) ==
                           ref_memcmp(dst_buf + da, src_buf + sa, len);
            ok = ok && sign(memcmp(src_buf + sa, dst_buf + da, len)) ==
                           ref_memcmp(src_buf + sa, dst_buf + da, len);
            dst_buf[da + spots[s]] ^= (unsigned char)(0x80 >> s);
          }
        }
        note(&cmp, ok, sa, da, len);

        /* memchr/memrchr: a unique byte placed at da % len. */
        if (da == 0 || da == 5) {
          unsigned char* base = src_buf + sa;
          size_t pos = len ? (sa * 3 + da) % len : 0;
          for (size_t i = 0; i < len; ++i) base[i] = (unsigned char)(1 + i % 200);
          if (len) base[pos] = 0xfe;
          base[len] = 0xfe;  /* just past the end: must not be found */
          unsigned char* hit = memchr(base, 0xfe, len);
          note(&chr, hit == (len ? base + pos : NULL), sa, da, len);
          hit = memrchr(base, 0xfe, len);
          note(&rchr, hit == (len ? base + pos : NULL), sa, da, len);
        }
      }
    }
  }
  /* memmove with every overlap direction and distance. */
  for (size_t off = 0; off < 40; ++off) {
    for (int li = 0; li < kNumLens; ++li) {
      size_t len = kLens[li];
      for (int dir = 0; dir < 2; ++dir) {
        size_t from = dir ? 64 + off : 64, to = dir ? 64 : 64 + off;
        size_t span = 64 + off + len + 16;
        fill_text(dst_buf, span, (unsigned)(off + li));
        memcpy(ref_buf, dst_buf, span);
        for (size_t i = 0; i < len; ++i) {
          size_t k = to < from ? i : len - 1 - i;
          ref_buf[to + k] = ref_buf[from + k];
        }
        void* r = memmove(dst_buf + to, dst_buf + from, len);
        note(&mov, r == dst_buf + to && memcmp(dst_buf, ref_buf, span) == 0, from, to,
             len);
      }
    }
  }
  report(&cpy);
  report(&mov);
  report(&set);
  report(&cmp);
  report(&chr);
  report(&rchr);
}

static void test_str(void) {
  struct tally len_t = {"strlen", 0, 0}, nlen = {"strnlen", 0, 0}, cpy = {"strcpy", 0, 0},
               ncpy = {"strncpy", 0, 0}, cat = {"strcat", 0, 0}, cmp = {"strcmp", 0, 0},
               ncmp = {"strncmp", 0, 0}, chr = {"strchr", 0, 0}, rchr = {"strrchr", 0, 0},
               stp = {"stpcpy", 0, 0}, nul = {"strchrnul", 0, 0};
  for (size_t sa = 0; sa < kAligns; ++sa) {
    for (int li = 0; li < kNumLens; ++li) {
      size_t len = kLens[li];
      char* s = (char*)src_buf + sa;
      fill_text(src_buf, sa + len + 16, (unsigned)(sa * 5 + li));
      s[len] = '\0';
      note(&len_t, strlen(s) == len && ref_strlen(s) == len, sa, 0, len);
      note(&nlen, strnlen(s, len / 2) == len / 2 && strnlen(s, len + 10) == len, sa, 0, len);

      size_t da = (sa * 7) % kAligns;
      char* d = (char*)dst_buf + da;
      memset(dst_buf, 0x77, sizeof dst_buf);
      char* r = strcpy(d, s);
      note(&cpy, r == d && memcmp(d, s, len + 1) == 0 && d[len + 1] == 0x77, sa, da, len);
      memset(dst_buf, 0x77, sizeof dst_buf);
      r = stpcpy(d, s);
      note(&stp, r == d + len && memcmp(d, s, len + 1) == 0, sa, da, len);
      memset(dst_buf, 0x77, sizeof dst_buf);
      size_t n = len + 5;
      r = strncpy(d, s, n);
      int ok = r == d && memcmp(d, s, len) == 0 && d[n] == 0x77;
      for (size_t i = len; i < n; ++i) ok = ok && d[i] == 0;
      r = strncpy(d, s, len / 2);
      ok = ok && memcmp(d, s, len / 2) == 0;
      note(&ncpy, ok, sa, da, len);

      memset(dst_buf, 0x77, sizeof dst_buf);
      strcpy(d, "prefix-");
      r = strcat(d, s);
      note(&cat, r == d && strncmp(d, "prefix-", 7) == 0 && memcmp(d + 7, s, len + 1) == 0, sa, da,
           len);

      /* strcmp/strncmp against a copy at another alignment, then a copy
       * that differs at one position (higher and lower, incl. bytes >= 0x80). */
      strcpy(d, s);
      ok = strcmp(d, s) == 0 && strncmp(d, s, len + 3) == 0;
      if (len) {
        size_t spots[3] = {0, len / 2, len - 1};
        for (int k = 0; k < 3; ++k) {
          unsigned char saved = (unsigned char)d[spots[k]];
          d[spots[k]] = (char)(k == 1 ? 0xf0 : 0x01);
          ok = ok && sign(strcmp(d, s)) == ref_strncmp((unsigned char*)d, (unsigned char*)s, len + 1);
          ok = ok && sign(strcmp(s, d)) == ref_strncmp((unsigned char*)s, (unsigned char*)d, len + 1);
          note(&ncmp, sign(strncmp(d, s, spots[k])) == 0 &&
                          sign(strncmp(d, s, spots[k] + 1)) ==
                              ref_strncmp((unsigned char*)d, (unsigned char*)s, spots[k] + 1),
               sa, da, len);
          d[spots[k]] = (char)saved;
        }
        /* A shorter string is smaller. */
        d[len - 1] = '\0';
        ok = ok && strcmp(d, s) < 0 && strcmp(s, d) > 0;
      }
      note(&cmp, ok, sa, da, len);

      /* strchr/strrchr/strchrnul: '#' at two positions, and the terminator. */
      for (size_t i = 0; i < len; ++i) s[i] = (char)('a' + i % 26);
      size_t first = len ? (sa + li) % len : 0, last = len ? len - 1 - (sa % (len - first)) : 0;
      if (len) {
        s[first] = '#';
        s[last] = '#';
      }
      char* hit = strchr(s, '#');
      ok = hit == (len ? s + first : NULL) && strchr(s, '\0') == s + len && strchr(s, '@') == NULL;
      note(&chr, ok, sa, 0, len);
      hit = strrchr(s, '#');
      ok = hit == (len ? s + last : NULL) && strrchr(s, '\0') == s + len;
      note(&rchr, ok, sa, 0, len);
      note(&nul, strchrnul(s, '@') == s + len && strchrnul(s, '#') == (len ? s + first : s + len),
           sa, 0, len);
    }
  }
  report(&len_t);
  report(&nlen);
  report(&cpy);
  report(&stp);
  report(&ncpy);
  report(&cat);
  report(&cmp);
  report(&ncmp);
  report(&chr);
  report(&rchr);
  report(&nul);
}

/* Strings and buffers that end exactly at the end of a readable page whose
 * successor is PROT_NONE. */
static void test_page_end(void) {
  long page = sysconf(_SC_PAGESIZE);
  unsigned char* map = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map == MAP_FAILED) {
    perror("mmap");
    return;
  }
  if (mprotect(map + page, (size_t)page, PROT_NONE) != 0) perror("mprotect");
  unsigned char* end = map + page;
  unsigned count = 0, bad = 0;
  char copy[300];
  for (size_t len = 0; len < 260; ++len) {
    char* s = (char*)end - len - 1;
    for (size_t i = 0; i < len; ++i) s[i] = (char)('A' + (i % 26));
    s[len] = '\0';
    bad += strlen(s) != len;
    bad += strnlen(s, len + 100) != len;
    bad += strchr(s, '#') != NULL;
    bad += strrchr(s, 'A') != (len ? s + (len - 1) / 26 * 26 : NULL);
    bad += strcmp(s, s) != 0;
    strcpy(copy, s);
    bad += strcmp(copy, s) != 0;
    bad += memchr(s, '#', len + 1) != NULL;
    bad += memcmp(copy, s, len + 1) != 0;
    bad += strstr(s, "XYZ#") != NULL;
    bad += strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != len;
    bad += strcasecmp(s, copy) != 0;
    /* A buffer without terminator that ends at the page end. */
    unsigned char* b = end - len;
    memset(b, 'q', len);
    bad += memchr(b, 'z', len) != NULL;
    bad += memrchr(b, 'z', len) != NULL;
    count += 13;
  }
  printf("page end   %6u cases %u mismatches\n", count, bad);
  munmap(map, (size_t)page * 2);
}

static void test_misc(void) {
  /* strstr, including needles longer than 16 bytes and near misses. */
  static const char hay[] =
      "the quick brown fox jumps over the lazy dog; aaaaaaaaaaaaaaaaaaaaab aabaabaabaabaaab "
      "needle-in-a-haystack-with-a-long-needle-somewhere";
  static const char* const needles[] = {"",     "the",  "dog",  "fox jumps", "cat",
                                        "aaab", "aaaaaaaaaaaaaaaaaaab", "aabaabaaab",
                                        "needle-in-a-haystack-with-a-long-needle-somewhere",
                                        "somewhere!", "e"};
  for (size_t i = 0; i < sizeof needles / sizeof *needles; ++i) {
    const char* hit = strstr(hay, needles[i]);
    printf("strstr \"%s\": %td\n", needles[i], hit ? hit - hay : (ptrdiff_t)-1);
  }
  printf("strcasestr: %td\n", strcasestr(hay, "LAZY DOG") - hay);
  printf("memmem: %td\n", (char*)memmem(hay, sizeof hay, "aab aab", 7) - hay);

  char text[] = "  alpha, beta;;gamma  ,delta ;epsilon";
  int n = 0;
  for (char* tok = strtok(text, " ,;"); tok; tok = strtok(NULL, " ,;"))
    printf("strtok %d: [%s]\n", n++, tok);
  char text2[] = "k1=v1&k2=v2&&k3";
  char* save = NULL;
  for (char* tok = strtok_r(text2, "&", &save); tok; tok = strtok_r(NULL, "&", &save))
    printf("strtok_r: [%s]\n", tok);
  char text3[] = "a:b::c";
  char* cursor = text3;
  char* field;
  while ((field = strsep(&cursor, ":")) != NULL) printf("strsep: [%s]\n", field);

  char* dup = strdup("duplicated string");
  char* ndup = strndup("abcdefgh", 3);
  printf("strdup: %s, strndup: %s\n", dup, ndup);
  free(dup);
  free(ndup);
  printf("strspn %zu strcspn %zu strpbrk %s\n", strspn("123abc", "0123456789"),
         strcspn("hello world", " "), strpbrk("hello world", "ow"));
  printf("strcasecmp %d %d %d strncasecmp %d\n", sign(strcasecmp("HeLLo", "hello")),
         sign(strcasecmp("abc", "ABD")), sign(strcasecmp("b", "A")),
         sign(strncasecmp("HELLOx", "helloy", 5)));
  printf("strverscmp %d %d\n", sign(strverscmp("file9", "file10")),
         sign(strverscmp("a.2", "a.10")));
  char dst[32];
  memset(dst, 'x', sizeof dst);
  printf("memccpy: %td\n", (char*)memccpy(dst, "copy until ; here", ';', sizeof dst) - dst);
  void* mp = mempcpy(dst, "mempcpy", 7);
  printf("mempcpy: %td\n", (char*)mp - dst);
  printf("ffs %d %d %d\n", ffs(0), ffs(0x80), ffs(-1));
  printf("bzero/bcmp: ");
  bzero(dst, 8);
  printf("%d %d\n", bcmp(dst, "\0\0\0\0\0\0\0\0", 8) == 0, bcmp("abc", "abd", 3) != 0);
  char sig[64];
  printf("strsignal: %s | %s\n", strsignal(11), strsignal(6));
  snprintf(sig, sizeof sig, "%s", strerror(2));
  printf("strerror(2) %s\n", sig);
}

/* Case-insensitive and bounded functions over alignments and lengths, and
 * the wide-character versions (glibc has SSE2 wcslen, wcschr, wcsrchr,
 * wcscmp, wmemset ...). */
static void test_more(void) {
  struct tally casecmp = {"strcasecmp", 0, 0}, ncat = {"strncat", 0, 0},
               stpn = {"stpncpy", 0, 0}, wlen = {"wcslen", 0, 0}, wchr = {"wcschr", 0, 0},
               wcmp = {"wcscmp", 0, 0}, wcpy = {"wcscpy", 0, 0}, wset = {"wmemset", 0, 0},
               wmchr = {"wmemchr", 0, 0}, spn = {"strspn", 0, 0};
  static wchar_t wsrc[600], wdst[600];
  for (size_t sa = 0; sa < 17; ++sa) {
    for (int li = 0; li < kNumLens; ++li) {
      size_t len = kLens[li];
      char* s = (char*)src_buf + sa;
      char* d = (char*)dst_buf + (sa * 5) % 17;
      for (size_t i = 0; i < len; ++i) s[i] = (char)('a' + (i * 3 + sa) % 26);
      s[len] = '\0';
      for (size_t i = 0; i <= len; ++i) d[i] = (char)(i % 2 ? toupper_ascii(s[i]) : s[i]);
      int ok = strcasecmp(s, d) == 0 && strncasecmp(s, d, len + 4) == 0;
      if (len) {
        d[len - 1] = '~'; /* after every letter in either case */
        ok = ok && strcasecmp(s, d) < 0 && strcasecmp(d, s) > 0 &&
             strncasecmp(s, d, len - 1) == 0 && strncasecmp(s, d, len) < 0;
      }
      note(&casecmp, ok, sa, 0, len);

      strcpy(d, "head:");
      char* r = strncat(d, s, len / 2);
      ok = r == d && strlen(d) == 5 + len / 2 && strncmp(d + 5, s, len / 2) == 0;
      note(&ncat, ok, sa, 0, len);

      memset(dst_buf, 0x66, sizeof dst_buf);
      r = stpncpy(d, s, len + 3);
      ok = r == d + len && memcmp(d, s, len) == 0 && d[len] == 0 && d[len + 2] == 0 &&
           d[len + 3] == 0x66;
      r = stpncpy(d, s, len / 2);
      ok = ok && r == d + len / 2;
      note(&stpn, ok, sa, 0, len);

      note(&spn, strspn(s, "abcdefghijklmnopqrstuvwxyz") == len &&
                     strcspn(s, "#!") == len && strpbrk(s, "#!") == NULL,
           sa, 0, len);

      if (len > 511) continue;
      wchar_t* ws = wsrc + sa % 4;
      wchar_t* wd = wdst + (sa * 3) % 4;
      for (size_t i = 0; i < len; ++i) ws[i] = (wchar_t)(0x61 + (i * 7 + sa) % 0x3000);
      ws[len] = 0;
      note(&wlen, wcslen(ws) == len && wcsnlen(ws, len / 2) == len / 2, sa, 0, len);
      if (len) ws[len / 3] = 0x10ffff;
      ok = wcschr(ws, 0x10ffff) == (len ? ws + len / 3 : NULL) && wcschr(ws, 0) == ws + len &&
           wcsrchr(ws, 0x10ffff) == (len ? ws + len / 3 : NULL);
      note(&wchr, ok, sa, 0, len);
      wchar_t* wr = wcscpy(wd, ws);
      note(&wcpy, wr == wd && wmemcmp(wd, ws, len + 1) == 0, sa, 0, len);
      ok = wcscmp(wd, ws) == 0;
      if (len) {
        wd[len - 1] = (wchar_t)0x7fffffff;
        ok = ok && wcscmp(wd, ws) > 0 && wcscmp(ws, wd) < 0 && wcsncmp(wd, ws, len - 1) == 0;
      }
      note(&wcmp, ok, sa, 0, len);
      wr = wmemset(wd, (wchar_t)(0x1234 + sa), len);
      ok = wr == wd;
      for (size_t i = 0; i < len; ++i) ok = ok && wd[i] == (wchar_t)(0x1234 + sa);
      note(&wset, ok, sa, 0, len);
      note(&wmchr, wmemchr(ws, 0x10ffff, len) == (len ? ws + len / 3 : NULL), sa, 0, len);
    }
  }
  report(&casecmp);
  report(&ncat);
  report(&stpn);
  report(&spn);
  report(&wlen);
  report(&wchr);
  report(&wcpy);
  report(&wcmp);
  report(&wset);
  report(&wmchr);
}

/* Copies of several MiB: above glibc's non-temporal threshold, where
 * memcpy and memmove switch to streaming stores and prefetches. */
static void test_large(void) {
  const size_t size = 3u << 20;
  unsigned char* a = malloc(size + 64);
  unsigned char* b = malloc(size + 64);
  for (size_t i = 0; i < size + 64; i += 8) {
    uint64_t v = i * 0x9e3779b97f4a7c15ULL;
    memcpy(a + i, &v, 8);
  }
  unsigned bad = 0;
  memcpy(b + 3, a + 1, size);
  bad += memcmp(b + 3, a + 1, size) != 0;
  memmove(a + 5, a + 1, size); /* overlapping, forward */
  bad += memcmp(a + 5, b + 3, size) != 0;
  memmove(a + 2, a + 5, size); /* overlapping, backward */
  bad += memcmp(a + 2, b + 3, size) != 0;
  memset(b, 0x3c, size);
  bad += memchr(b, 0x3d, size) != NULL;
  b[size - 1] = 0;
  bad += strlen((char*)b) != size - 1;
  b[size / 2] = 0x3d;
  bad += memchr(b, 0x3d, size) != b + size / 2;
  printf("large      %6u cases %u mismatches\n", 6u, bad);
  free(a);
  free(b);
}

int main(void) {
  test_mem();
  test_str();
  test_page_end();
  test_misc();
  test_more();
  test_large();
  return 0;
}
