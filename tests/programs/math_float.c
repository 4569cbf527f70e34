/* libm and floating point: sqrt pow fmod floor ceil exp log sin cos tan
 * atan2 round trunc and friends in float, double and long double; basic
 * arithmetic and conversions in all three types; rounding modes; special
 * values. Every result is printed exactly (%a) and in decimal. */
#define _GNU_SOURCE
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const double inputs[] = {0.0,  -0.0, 0.5,   1.0,    -1.0,   2.0,    3.0,       0.1,
                                 -2.5, 10.0, 1e-10, 123.456, -7.75, 1e10,  M_PI / 4,  100.5,
                                 1e300, 5e-324, INFINITY, -INFINITY, NAN, 0.7853981633974483,
                                 -1e-5, 710.0, -745.2, 22.0};
enum { kInputs = sizeof inputs / sizeof *inputs };

static void unary(const char* name, double (*fn)(double)) {
  printf("%-6s", name);
  for (int i = 0; i < kInputs; ++i) printf(" %a", fn(inputs[i]));
  putchar('\n');
}

static void unaryf(const char* name, float (*fn)(float)) {
  printf("%-7s", name);
  for (int i = 0; i < kInputs; ++i) printf(" %a", (double)fn((float)inputs[i]));
  putchar('\n');
}

static void unaryl(const char* name, long double (*fn)(long double)) {
  printf("%-7s", name);
  for (int i = 0; i < kInputs; ++i) printf(" %La", fn((long double)inputs[i]));
  putchar('\n');
}

static void binary(const char* name, double (*fn)(double, double)) {
  static const double second[] = {2.0, -0.5, 3.0, 0.0, 1e-3, -7.0, 0.3333, INFINITY};
  printf("%-6s", name);
  for (int i = 0; i < kInputs; ++i)
    for (int j = 0; j < 8; ++j) printf(" %a", fn(inputs[i], second[j]));
  putchar('\n');
}

/* Function pointers to libm, so the calls are real calls at every -O. */
static double d_sqrt(double x) { return sqrt(x); }

static void double_functions(void) {
  unary("sqrt", d_sqrt);
  unary("floor", floor);
  unary("ceil", ceil);
  unary("round", round);
  unary("trunc", trunc);
  unary("rint", rint);
  unary("nearby", nearbyint);
  unary("fabs", fabs);
  unary("exp", exp);
  unary("exp2", exp2);
  unary("expm1", expm1);
  unary("log", log);
  unary("log2", log2);
  unary("log10", log10);
  unary("log1p", log1p);
  unary("sin", sin);
  unary("cos", cos);
  unary("tan", tan);
  unary("asin", asin);
  unary("acos", acos);
  unary("atan", atan);
  unary("sinh", sinh);
  unary("cosh", cosh);
  unary("tanh", tanh);
  unary("cbrt", cbrt);
  unary("erf", erf);
  unary("lgamma", lgamma);
  unary("tgamma", tgamma);
  binary("pow", pow);
  binary("fmod", fmod);
  binary("atan2", atan2);
  binary("hypot", hypot);
  binary("remain", remainder);
  binary("fmin", fmin);
  binary("fmax", fmax);
  binary("copysg", copysign);
  binary("nextaf", nextafter);
  int e;
  double m = frexp(1234.5, &e);
  double ip;
  double fp = modf(-3.75, &ip);
  printf("frexp %a %d ldexp %a modf %a %a ilogb %d logb %a scalbn %a\n", m, e, ldexp(0.75, 11), ip,
         fp, ilogb(1000.0), logb(1000.0), scalbn(1.5, -1030));
  printf("lround %ld llround %lld lrint %ld fma %a\n", lround(-2.5), llround(1e15 + 0.5),
         lrint(2.5), fma(0.1, 10.0, -1.0));
  printf("isnan %d isinf %d isfinite %d signbit %d fpclassify %d %d %d %d %d\n", isnan(NAN),
         isinf(-INFINITY), isfinite(1e308), signbit(-0.0), fpclassify(0.0), fpclassify(5e-324),
         fpclassify(1.0), fpclassify(INFINITY), fpclassify(NAN));
  double s, c;
  sincos(1.0, &s, &c);
  printf("sincos(1) %a %a\n", s, c);
}

static void float_functions(void) {
  unaryf("sqrtf", sqrtf);
  unaryf("floorf", floorf);
  unaryf("roundf", roundf);
  unaryf("expf", expf);
  unaryf("logf", logf);
  unaryf("sinf", sinf);
  unaryf("cosf", cosf);
  unaryf("tanf", tanf);
  unaryf("atanf", atanf);
  printf("powf %a fmodf %a atan2f %a hypotf %a\n", (double)powf(2.5f, 3.3f),
         (double)fmodf(10.5f, 3.2f), (double)atan2f(-1.0f, -2.0f), (double)hypotf(3.0f, 4.0f));
}

static void long_double_functions(void) {
  unaryl("sqrtl", sqrtl);
  unaryl("floorl", floorl);
  unaryl("ceill", ceill);
  unaryl("roundl", roundl);
  unaryl("truncl", truncl);
  unaryl("fabsl", fabsl);
  unaryl("expl", expl);
  unaryl("logl", logl);
  unaryl("sinl", sinl);
  unaryl("cosl", cosl);
  unaryl("atanl", atanl);
  printf("powl %La fmodl %La atan2l %La\n", powl(2.5L, 3.3L), fmodl(10.5L, 3.2L),
         atan2l(-1.0L, -2.0L));
}

/* Arithmetic in the three types, including conversions to and from
 * integers; the loops are long enough for -O3 to vectorise the float and
 * double ones. */
static void arithmetic(void) {
  enum { N = 256 };
  static float fa[N], fb[N], fc[N];
  static double da[N], db[N], dc[N];
  static long double la[N];
  for (int i = 0; i < N; ++i) {
    fa[i] = (float)i * 0.37f - 20.0f;
    fb[i] = 1.0f / (float)(i + 1);
    da[i] = (double)i * 1.1 - 100.0;
    db[i] = sqrt((double)i + 0.5);
    la[i] = (long double)i / 3.0L;
  }
  for (int i = 0; i < N; ++i) {
    fc[i] = fa[i] * fb[i] + fa[i] / (fb[i] + 1.0f) - fb[i];
    dc[i] = da[i] * db[i] - da[i] / (db[i] + 2.0) + db[i] * db[i];
  }
  float fsum = 0;
  double dsum = 0;
  long double lsum = 0;
  for (int i = 0; i < N; ++i) {
    fsum += fc[i];
    dsum += dc[i];
    lsum += la[i] * la[i] - la[i] / 7.0L;
  }
  printf("sums: float %a double %a long double %La\n", (double)fsum, dsum, lsum);
  double dmin = dc[0], dmax = dc[0];
  float fmin_ = fc[0], fmax_ = fc[0];
  for (int i = 1; i < N; ++i) {
    dmin = dc[i] < dmin ? dc[i] : dmin;
    dmax = dc[i] > dmax ? dc[i] : dmax;
    fmin_ = fc[i] < fmin_ ? fc[i] : fmin_;
    fmax_ = fc[i] > fmax_ ? fc[i] : fmax_;
  }
  printf("min/max: %a %a %a %a\n", dmin, dmax, (double)fmin_, (double)fmax_);
  long long conv = 0;
  unsigned long long uconv = 0;
  for (int i = 0; i < N; ++i) {
    conv += (long long)dc[i] + (int)fc[i] + (long long)(la[i] * 1000);
    uconv += (unsigned long long)(fabs(dc[i]) * 1e6) + (unsigned)(fabsf(fc[i]) * 100.0f);
  }
  printf("conversions: %lld %llu\n", conv, uconv);
  volatile double big = 1e19, neg = -3.99, huge = 1e30;
  volatile float fbig = 3e9f;
  volatile long double lbig = 1.8e19L;
  printf("to unsigned: %llu %u %llu; truncation %d %lld; out of range %lld\n",
         (unsigned long long)big, (unsigned)fbig, (unsigned long long)lbig, (int)neg,
         (long long)(double)neg, (long long)huge);
  volatile uint64_t u64 = 0xfedcba9876543210ULL;
  volatile int64_t i64 = -0x123456789abcdefLL;
  printf("from integers: %a %a %a %a %La %La\n", (double)u64, (double)i64, (double)(float)u64,
         (double)(float)i64, (long double)u64, (long double)i64);
  volatile double third = 1.0 / 3.0;
  volatile float fthird = (float)third;
  volatile long double lthird = 1.0L / 3.0L;
  printf("narrowing: %a %a %a %La\n", (double)fthird, (double)(float)lthird, (double)lthird,
         (long double)third);
  volatile double z = 0.0;
  printf("specials: %a %a %a %d %d %d\n", 1.0 / z, -1.0 / z, z / z == z / z ? 1.0 : 0.0, NAN == NAN,
         NAN < 1.0, isless(NAN, 1.0));
  volatile double tiny = DBL_MIN;
  printf("subnormal: %a %a %a\n", tiny / 3.0, tiny * 0.5 * 0.5, (double)((float)tiny));
  volatile long double ltiny = LDBL_MIN;
  printf("long double subnormal: %La %La\n", ltiny / 3.0L, ltiny * LDBL_EPSILON);
}

static void rounding_modes(void) {
  static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
  static const char* const names[] = {"nearest", "upward", "downward", "towardzero"};
  for (int m = 0; m < 4; ++m) {
    fesetround(modes[m]);
    volatile double a = 1.0, b = 3.0, c = -2.5;
    volatile float fa = 1.0f, fb = 3.0f;
    volatile long double la = 1.0L, lb = 3.0L;
    printf("%-10s %a %a %a %a %a %La %ld %ld\n", names[m], a / b, -a / b, rint(c), nearbyint(2.5),
           (double)(fa / fb), la / lb, lrint(c), lrint(-c));
  }
  fesetround(FE_TONEAREST);
  feclearexcept(FE_ALL_EXCEPT);
  volatile double x = 1.0, zero = 0.0;
  volatile double r = x / zero;
  (void)r;
  printf("FE_DIVBYZERO raised: %d\n", fetestexcept(FE_DIVBYZERO) != 0);
  feclearexcept(FE_ALL_EXCEPT);
  r = sqrt(-x);
  printf("FE_INVALID after sqrt(-1): %d\n", fetestexcept(FE_INVALID) != 0);
  feclearexcept(FE_ALL_EXCEPT);
  r = 1e308 * 10.0 * x;
  printf("FE_OVERFLOW: %d FE_INEXACT: %d\n", fetestexcept(FE_OVERFLOW) != 0,
         fetestexcept(FE_INEXACT) != 0);
}

/* Every comparison operator on every pair of special and ordinary values, in
 * the three types: unordered operands (NaN) must make <, <=, >, >= and ==
 * false and != true; the compiler turns these into ucomis/comis or
 * fucomi and flag tests (including PF), setcc and cmov. */
static void comparisons(void) {
  static const double vals[] = {NAN, -INFINITY, -1.0, -0.0, 0.0, 5e-324, 1.0, INFINITY};
  enum { V = sizeof vals / sizeof *vals };
  char line[V * V + 1];
  for (int op = 0; op < 10; ++op) {
    for (int type = 0; type < 3; ++type) {
      int k = 0;
      for (int i = 0; i < V; ++i) {
        for (int j = 0; j < V; ++j) {
          volatile double a = vals[i], b = vals[j];
          volatile float fa = (float)a, fb = (float)b;
          volatile long double la = a, lb = b;
          int r = 0;
          switch (op * 3 + type) {
            case 0: r = a < b; break;
            case 1: r = fa < fb; break;
            case 2: r = la < lb; break;
            case 3: r = a <= b; break;
            case 4: r = fa <= fb; break;
            case 5: r = la <= lb; break;
            case 6: r = a > b; break;
            case 7: r = fa > fb; break;
            case 8: r = la > lb; break;
            case 9: r = a >= b; break;
            case 10: r = fa >= fb; break;
            case 11: r = la >= lb; break;
            case 12: r = a == b; break;
            case 13: r = fa == fb; break;
            case 14: r = la == lb; break;
            case 15: r = a != b; break;
            case 16: r = fa != fb; break;
            case 17: r = la != lb; break;
            case 18: r = isless(a, b) + 2 * isunordered(a, b); break;
            case 19: r = isless(fa, fb) + 2 * isunordered(fa, fb); break;
            case 20: r = isless(la, lb) + 2 * isunordered(la, lb); break;
            case 21: r = islessgreater(a, b) + 2 * isgreaterequal(a, b); break;
            case 22: r = islessgreater(fa, fb) + 2 * isgreaterequal(fa, fb); break;
            case 23: r = islessgreater(la, lb) + 2 * isgreaterequal(la, lb); break;
            case 24: r = (a < b ? 1 : 0) + (a > b ? 2 : 0); break; /* cmov-friendly */
            case 25: r = (fa < fb ? 1 : 0) + (fa > fb ? 2 : 0); break;
            case 26: r = (la < lb ? 1 : 0) + (la > lb ? 2 : 0); break;
            case 27: r = signbit(fmin(a, b)) + 2 * (fmax(a, b) == b); break;
            case 28: r = signbit(fminf(fa, fb)) + 2 * (fmaxf(fa, fb) == fb); break;
            default: r = signbit(fminl(la, lb)) + 2 * (fmaxl(la, lb) == lb); break;
          }
          line[k++] = (char)('0' + r);
        }
      }
      line[k] = '\0';
      printf("cmp %d/%d %s\n", op, type, line);
    }
  }
  /* Branches on comparisons, the way loops use them. */
  int count = 0;
  for (int i = 0; i < V; ++i)
    for (int j = 0; j < V; ++j) {
      if (vals[i] < vals[j]) count += 1;
      if (!(vals[i] >= vals[j])) count += 10;
      if (vals[i] != vals[i]) count += 100;
    }
  printf("branch count %d\n", count);
}

/* Many inputs per function, the bits of each result folded into a hash: a
 * wrong last bit anywhere changes the printed value. */
static uint64_t fold(uint64_t h, double d) {
  uint64_t u;
  memcpy(&u, &d, sizeof u);
  return (h ^ u) * 0x100000001b3ULL;
}
static uint64_t foldl(uint64_t h, long double d) {
  unsigned char b[16] = {0};
  memcpy(b, &d, 10);
  uint64_t lo, hi;
  memcpy(&lo, b, 8);
  memcpy(&hi, b + 8, 8);
  return ((h ^ lo) * 0x100000001b3ULL ^ (hi & 0xffff)) * 0x100000001b3ULL;
}

static void sweeps(void) {
  static double (*const d1[])(double) = {sqrt, exp, log, sin, cos, tan, atan, asin, cbrt, expm1,
                                         log1p, log2, exp2, sinh, tanh, erf, floor, rint};
  static const char* const d1_names[] = {"sqrt", "exp",   "log",   "sin",  "cos",  "tan",
                                         "atan", "asin",  "cbrt",  "expm1", "log1p", "log2",
                                         "exp2", "sinh",  "tanh",  "erf",  "floor", "rint"};
  static float (*const f1[])(float) = {sqrtf, expf, logf, sinf, cosf, tanf, atanf, exp2f, log2f};
  static const char* const f1_names[] = {"sqrtf", "expf", "logf", "sinf", "cosf",
                                         "tanf",  "atanf", "exp2f", "log2f"};
  static long double (*const l1[])(long double) = {
      sqrtl, expl, logl, sinl, cosl, tanl, atanl, asinl, acosl, log2l, log10l, exp2l,
      expm1l, log1pl, sinhl, coshl, tanhl, cbrtl, rintl, nearbyintl, floorl, ceill, significandl};
  static const char* const l1_names[] = {
      "sqrtl",  "expl",  "logl",  "sinl",   "cosl",  "tanl",  "atanl",  "asinl",
      "acosl",  "log2l", "log10l", "exp2l", "expm1l", "log1pl", "sinhl", "coshl",
      "tanhl",  "cbrtl", "rintl", "nearbyintl", "floorl", "ceill", "significandl"};
  uint64_t state = 0x853c49e6748fea9bULL;
  enum { K = 300 };
  double x[K];
  for (int i = 0; i < K; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    int64_t r = (int64_t)(state >> 11);
    /* Mostly moderate magnitudes, some tiny, some huge, both signs. */
    double scale = (i % 10 == 0) ? 1e-300 : (i % 10 == 1) ? 1e300 : (i % 3 == 0) ? 1.0 : 30.0;
    x[i] = (double)(r - (1LL << 52)) / (double)(1LL << 52) * scale;
  }
  for (size_t f = 0; f < sizeof d1 / sizeof *d1; ++f) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (int i = 0; i < K; ++i) h = fold(h, d1[f](x[i]));
    printf("sweep %-12s %016llx\n", d1_names[f], (unsigned long long)h);
  }
  for (size_t f = 0; f < sizeof f1 / sizeof *f1; ++f) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (int i = 0; i < K; ++i) h = fold(h, (double)f1[f]((float)x[i]));
    printf("sweep %-12s %016llx\n", f1_names[f], (unsigned long long)h);
  }
  for (size_t f = 0; f < sizeof l1 / sizeof *l1; ++f) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (int i = 0; i < K; ++i) h = foldl(h, l1[f]((long double)x[i] * 1.0000000000000000001L));
    printf("sweep %-12s %016llx\n", l1_names[f], (unsigned long long)h);
  }
  uint64_t hp = 0xcbf29ce484222325ULL, hl = hp, hf = hp, hm = hp;
  for (int i = 0; i + 1 < K; ++i) {
    hp = fold(hp, pow(fabs(x[i]), x[i + 1] / 16.0));
    hp = fold(hp, atan2(x[i], x[i + 1]));
    hp = fold(hp, fmod(x[i], x[i + 1]));
    hp = fold(hp, hypot(x[i], x[i + 1]));
    hp = fold(hp, remainder(x[i], x[i + 1]));
    hf = fold(hf, (double)powf(fabsf((float)x[i]), (float)x[i + 1] / 16.0f));
    hf = fold(hf, (double)atan2f((float)x[i], (float)x[i + 1]));
    hl = foldl(hl, powl(fabsl((long double)x[i]), (long double)x[i + 1] / 16.0L));
    hl = foldl(hl, atan2l(x[i], x[i + 1]));
    hl = foldl(hl, fmodl(x[i], x[i + 1]));
    hl = foldl(hl, remainderl(x[i], x[i + 1]));
    hl = foldl(hl, hypotl(x[i], x[i + 1]));
    hl = foldl(hl, scalbnl(x[i], (int)(x[i + 1]) % 100));
    hm = fold(hm, (double)lrint(x[i]) + (double)llrintl(x[i]) + (double)lroundl(x[i] * 0.5L));
    int e;
    hm = foldl(hm, frexpl(x[i], &e) + e);
    hm = foldl(hm, ldexpl(x[i], e % 50) + ilogbl(x[i] + 1.0L) + logbl(x[i] - 3.0L));
    hm = foldl(hm, fmal(x[i], x[i + 1], -1.0L) + nextafterl(x[i], 0.0L));
  }
  printf("sweep binary   %016llx float %016llx long double %016llx misc %016llx\n",
         (unsigned long long)hp, (unsigned long long)hf, (unsigned long long)hl,
         (unsigned long long)hm);
}

int main(void) {
  comparisons();
  sweeps();
  double_functions();
  float_functions();
  long_double_functions();
  arithmetic();
  rounding_modes();
  printf("%.17g %.17g %.17g %.17g\n", sqrt(2.0), pow(2.0, 0.5), exp(1.0), log(10.0));
  printf("%.10f %.10f %.10f\n", sin(1e6), cos(1e-6), atan2(1.0, -1.0));
  return 0;
}
