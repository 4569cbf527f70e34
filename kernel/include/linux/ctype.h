/* Character classes and case conversion, for ASCII (Linux's table also
 * classifies the Latin-1 characters 0xa0-0xff; lstar's functions treat
 * every byte above 0x7f as no class at all). */
#ifndef _LINUX_CTYPE_H
#define _LINUX_CTYPE_H

static inline int isdigit(int c) {
  return c >= '0' && c <= '9';
}
static inline int isupper(int c) {
  return c >= 'A' && c <= 'Z';
}
static inline int islower(int c) {
  return c >= 'a' && c <= 'z';
}
static inline int isalpha(int c) {
  return isupper(c) || islower(c);
}
static inline int isalnum(int c) {
  return isalpha(c) || isdigit(c);
}
static inline int isxdigit(int c) {
  return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
/* space, \t, \n, \v, \f, \r */
static inline int isspace(int c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}
static inline int iscntrl(int c) {
  return (c >= 0 && c < 0x20) || c == 0x7f;
}
static inline int isprint(int c) {
  return c >= 0x20 && c < 0x7f;
}
static inline int isgraph(int c) {
  return c > 0x20 && c < 0x7f;
}
static inline int ispunct(int c) {
  return isgraph(c) && !isalnum(c);
}
static inline int isascii(int c) {
  return c >= 0 && c <= 0x7f;
}

/* As Linux, they take and return unsigned char: only letters change. */
static inline unsigned char toupper(unsigned char c) {
  return islower(c) ? (unsigned char)(c - 'a' + 'A') : c;
}
static inline unsigned char tolower(unsigned char c) {
  return isupper(c) ? (unsigned char)(c - 'A' + 'a') : c;
}

#endif
