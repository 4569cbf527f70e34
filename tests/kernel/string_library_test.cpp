// The kernel's string library (kernel/image/lib/string.c), built for the
// host under lstar_ names: what student kernel code gets for memcpy,
// strscpy... In lstar it runs as guest code; its C is the same.
#include <gtest/gtest.h>

#include <sys/types.h>

#include <array>
#include <cstddef>
#include <cstring>
#include <string>

extern "C" {
void* lstar_memcpy(void* dst, const void* src, size_t n);
void* lstar_memmove(void* dst, const void* src, size_t n);
void* lstar_memset(void* s, int c, size_t n);
int lstar_memcmp(const void* a, const void* b, size_t n);
size_t lstar_strlen(const char* s);
size_t lstar_strnlen(const char* s, size_t max);
int lstar_strcmp(const char* a, const char* b);
int lstar_strncmp(const char* a, const char* b, size_t n);
char* lstar_strcpy(char* dst, const char* src);
char* lstar_strncpy(char* dst, const char* src, size_t n);
ssize_t lstar_strscpy(char* dst, const char* src, size_t size);
char* lstar_strcat(char* dst, const char* src);
char* lstar_strncat(char* dst, const char* src, size_t n);
char* lstar_strchr(const char* s, int c);
char* lstar_strrchr(const char* s, int c);
char* lstar_strstr(const char* haystack, const char* needle);
}

namespace {

constexpr ssize_t kE2BIG = 7;

// Bytes 0, 1, 2... so a misplaced byte shows.
std::array<unsigned char, 64> counting() {
  std::array<unsigned char, 64> a{};
  for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<unsigned char>(i + 1);
  return a;
}

TEST(KernelStringLibrary, MemcpyCopiesAlignedAndUnalignedRanges) {
  const auto src = counting();
  for (size_t src_off : {0u, 1u, 8u}) {
    for (size_t dst_off : {0u, 3u, 8u}) {
      for (size_t n : {0u, 1u, 7u, 8u, 9u, 40u}) {
        alignas(8) std::array<unsigned char, 64> dst{};
        EXPECT_EQ(lstar_memcpy(dst.data() + dst_off, src.data() + src_off, n),
                  dst.data() + dst_off);
        for (size_t i = 0; i < dst.size(); ++i) {
          const bool inside = i >= dst_off && i < dst_off + n;
          EXPECT_EQ(dst[i], inside ? src[src_off + i - dst_off] : 0)
              << "src+" << src_off << " dst+" << dst_off << " n=" << n << " byte " << i;
        }
      }
    }
  }
}

TEST(KernelStringLibrary, MemmoveHandlesOverlapInBothDirections) {
  auto up = counting();
  lstar_memmove(up.data() + 3, up.data(), 20);  // destination above the source
  for (size_t i = 0; i < 20; ++i) EXPECT_EQ(up[3 + i], i + 1) << i;
  auto down = counting();
  lstar_memmove(down.data(), down.data() + 3, 20);  // below
  for (size_t i = 0; i < 20; ++i) EXPECT_EQ(down[i], i + 4) << i;
}

TEST(KernelStringLibrary, MemsetFillsExactlyNBytes) {
  alignas(8) std::array<unsigned char, 40> buf{};
  EXPECT_EQ(lstar_memset(buf.data() + 8, 0x1ab, 21), buf.data() + 8);  // only the low byte
  for (size_t i = 0; i < buf.size(); ++i) EXPECT_EQ(buf[i], i >= 8 && i < 29 ? 0xab : 0) << i;
}

TEST(KernelStringLibrary, MemcmpComparesAsUnsignedBytes) {
  EXPECT_EQ(lstar_memcmp("abc", "abd", 2), 0);
  EXPECT_LT(lstar_memcmp("abc", "abd", 3), 0);
  EXPECT_GT(lstar_memcmp("\x80", "\x01", 1), 0);  // 0x80 > 0x01 unsigned
}

TEST(KernelStringLibrary, LengthsAndComparisons) {
  EXPECT_EQ(lstar_strlen(""), 0u);
  EXPECT_EQ(lstar_strlen("hello"), 5u);
  EXPECT_EQ(lstar_strnlen("hello", 3), 3u);
  EXPECT_EQ(lstar_strnlen("hello", 10), 5u);
  EXPECT_EQ(lstar_strcmp("abc", "abc"), 0);
  EXPECT_EQ(lstar_strcmp("abc", "abd"), -1);
  EXPECT_EQ(lstar_strcmp("abc", "ab"), 1);
  EXPECT_EQ(lstar_strcmp("\xff", "a"), 1);
  EXPECT_EQ(lstar_strncmp("abcx", "abcy", 3), 0);
  EXPECT_EQ(lstar_strncmp("abcx", "abcy", 4), -1);
  EXPECT_EQ(lstar_strncmp("a", "a", 100), 0);
}

TEST(KernelStringLibrary, StrcpyStrcatAndStrncat) {
  char buf[32] = "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz";
  EXPECT_EQ(lstar_strcpy(buf, "Hello"), buf);
  EXPECT_STREQ(buf, "Hello");
  EXPECT_EQ(lstar_strcat(buf, ", "), buf);
  EXPECT_EQ(lstar_strncat(buf, "World!!!", 6), buf);
  EXPECT_STREQ(buf, "Hello, World!");
}

TEST(KernelStringLibrary, StrncpyPadsAndMayLeaveNoTerminator) {
  char buf[8];
  std::memset(buf, 'z', sizeof buf);
  lstar_strncpy(buf, "ab", 6);
  EXPECT_EQ(std::string(buf, 8), std::string("ab\0\0\0\0zz", 8));
  lstar_strncpy(buf, "abcdefghij", 4);
  EXPECT_EQ(std::string(buf, 8), std::string("abcd\0\0zz", 8));
}

TEST(KernelStringLibrary, StrscpyAlwaysTerminatesAndReportsTruncation) {
  char buf[6];
  EXPECT_EQ(lstar_strscpy(buf, "abc", sizeof buf), 3);
  EXPECT_STREQ(buf, "abc");
  EXPECT_EQ(lstar_strscpy(buf, "abcde", sizeof buf), 5);
  EXPECT_EQ(lstar_strscpy(buf, "abcdef", sizeof buf), -kE2BIG);
  EXPECT_STREQ(buf, "abcde");
  EXPECT_EQ(lstar_strscpy(buf, "x", 0), -kE2BIG);
  EXPECT_STREQ(buf, "abcde");  // size 0: nothing written
}

TEST(KernelStringLibrary, Searches) {
  const char* s = "caesar cipher";
  EXPECT_EQ(lstar_strchr(s, 'e'), s + 2);
  EXPECT_EQ(lstar_strchr(s, 'z'), nullptr);
  EXPECT_EQ(lstar_strchr(s, '\0'), s + 13);
  EXPECT_EQ(lstar_strrchr(s, 'e'), s + 11);
  EXPECT_EQ(lstar_strrchr(s, 'z'), nullptr);
  EXPECT_EQ(lstar_strstr(s, "ci"), s + 7);
  EXPECT_EQ(lstar_strstr(s, "sar c"), s + 3);
  EXPECT_EQ(lstar_strstr(s, "cipherz"), nullptr);
  EXPECT_EQ(lstar_strstr(s, ""), s);
}

}  // namespace
