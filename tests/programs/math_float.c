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

int main(void) {
  double_functions();
  float_functions();
  long_double_functions();
  arithmetic();
  rounding_modes();
  printf("%.17g %.17g %.17g %.17g\n", sqrt(2.0), pow(2.0, 0.5), exp(1.0), log(10.0));
  printf("%.10f %.10f %.10f\n", sin(1e6), cos(1e-6), atan2(1.0, -1.0));
  return 0;
}
