// mod_math.c — the builtin `math` module.
//
// Mirrors CPython 3.11's mathmodule: the same special-value handling, the
// same error texts ("math domain error", "math range error"), its own
// Lanczos gamma/lgamma, Shewchuk's exact fsum and the accurate vector norm
// used by hypot/dist, so that results agree bit for bit. fsum and prod
// are helpers (helper.h): they advance their iterable, call a user
// __float__ and multiply user objects through requests the driver
// performs, never through a nested C call.
#include "containers.h"
#include "err.h"
#include "func.h"
#include "helper.h"
#include "module.h"
#include "num.h"
#include "ops.h"
#include "str.h"
#include "type.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <string.h>

// Text of the OverflowError raised when an int result leaves int64 (the
// documented difference from CPython's arbitrary-precision int).
#define INT_OVERFLOW_MSG "integer overflow (prickle ints are 64-bit)"

static const double PI = 3.141592653589793238462643383279502884197;
static const double LOGPI = 1.144729885849400174143427351353058711647;

// ---- argument helpers ----------------------------------------------------------

// Convert [v] to a double with CPython's PyFloat_AsDouble rules.
static inline bool arg_double(Value v, double *out) {
    if (val_is_small(v)) return *out = (double)val_small(v), true;
    if (v->type == &FloatType) return *out = float_value(v), true;
    return obj_to_double(v, out);
}

// Convert [v] to an int64 with __index__ (TypeError otherwise).
static inline bool arg_int(Value v, int64_t *out) {
    if (val_is_small(v)) return *out = val_small(v), true;
    return obj_to_int64(v, out);
}

static inline int npos_of(int nargs, Tuple *kw) {
    return nargs - (kw ? (int)kw->len : 0);
}

// METH_O-style check: "math.f() takes exactly one argument (n given)".
static bool check1(const char *name, int nargs, Tuple *kw) {
    if (kw && kw->len) {
        err_format(&TypeErrorType, "math.%s() takes no keyword arguments", name);
        return false;
    }
    if (nargs != 1) {
        err_format(&TypeErrorType, "math.%s() takes exactly one argument (%d given)", name, nargs);
        return false;
    }
    return true;
}

// Fast-call check for a fixed count: "f expected 2 arguments, got n".
static bool check_n(const char *name, int nargs, Tuple *kw, int n) {
    if (kw && kw->len) {
        err_format(&TypeErrorType, "math.%s() takes no keyword arguments", name);
        return false;
    }
    if (nargs != n) {
        err_format(&TypeErrorType, "%s expected %d arguments, got %d", name, n, nargs);
        return false;
    }
    return true;
}

// Fast-call check for a variable count with no keywords.
static bool check_nokw(const char *name, Tuple *kw) {
    if (kw && kw->len) {
        err_format(&TypeErrorType, "math.%s() takes no keyword arguments", name);
        return false;
    }
    return true;
}

static Value domain_error(void) {
    return err_format(&ValueErrorType, "math domain error");
}
static Value range_error(void) {
    return err_format(&OverflowErrorType, "math range error");
}

// CPython's is_error(): raise for errno [e] and result [r]; returns true when
// an exception was raised (underflow with |r| < 1.5 is not an error).
static bool is_error(int e, double r) {
    if (e == EDOM) {
        domain_error();
        return true;
    }
    if (e == ERANGE) {
        if (fabs(r) < 1.5) return false;
        range_error();
        return true;
    }
    err_format(&ValueErrorType, "%s", strerror(e));
    return true;
}

// An int Value for the integral double [d] (floor/ceil/trunc results).
static Value int_from_integral_double(double d) {
    if (isnan(d)) return err_format(&ValueErrorType, "cannot convert float NaN to integer");
    if (isinf(d)) return err_format(&OverflowErrorType, "cannot convert float infinity to integer");
    if (d < -9223372036854775808.0 || d >= 9223372036854775808.0)
        return err_format(&OverflowErrorType, INT_OVERFLOW_MSG);
    return int_from_i64((int64_t)d);
}

// ---- one-argument float functions ------------------------------------------------

// Errors reported by the m_* functions below (CPython sets errno; we use
// our own variable so that libm's spurious errno settings do not leak in).
static int m_errno;

static double m_sinpi(double x) {
    double y = fmod(fabs(x), 2.0), r;
    int n = (int)round(2.0 * y);
    switch (n) {
    case 0: r = sin(PI * y); break;
    case 1: r = cos(PI * (y - 0.5)); break;
    case 2: r = sin(PI * (1.0 - y)); break; // keeps +0.0 at y == 1
    case 3: r = -cos(PI * (y - 1.5)); break;
    default: r = sin(PI * (y - 2.0)); break;
    }
    return copysign(1.0, x) * r;
}

// Lanczos approximation (g = 6.024680040776729583740234375, N = 13),
// the coefficients published with Boost's lanczos13m53.
#define LANCZOS_N 13
static const double lanczos_g = 6.024680040776729583740234375;
static const double lanczos_g_minus_half = 5.524680040776729583740234375;
static const double lanczos_num_coeffs[LANCZOS_N] = {
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408};
static const double lanczos_den_coeffs[LANCZOS_N] = {
    0.0,       39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0, 13339535.0,
    2637558.0, 357423.0,   32670.0,     1925.0,      66.0,        1.0};

// Γ(n) for n = 1..23, exact in double.
#define NGAMMA_INTEGRAL 23
static const double gamma_integral[NGAMMA_INTEGRAL] = {
    1.0,
    1.0,
    2.0,
    6.0,
    24.0,
    120.0,
    720.0,
    5040.0,
    40320.0,
    362880.0,
    3628800.0,
    39916800.0,
    479001600.0,
    6227020800.0,
    87178291200.0,
    1307674368000.0,
    20922789888000.0,
    355687428096000.0,
    6402373705728000.0,
    121645100408832000.0,
    2432902008176640000.0,
    51090942171709440000.0,
    1124000727777607680000.0,
};

static double lanczos_sum(double x) {
    double num = 0.0, den = 0.0;
    // For large x, evaluate as a rational function in 1/x (avoids overflow).
    if (x < 5.0) {
        for (int i = LANCZOS_N; --i >= 0;) {
            num = num * x + lanczos_num_coeffs[i];
            den = den * x + lanczos_den_coeffs[i];
        }
    } else {
        for (int i = 0; i < LANCZOS_N; i++) {
            num = num / x + lanczos_num_coeffs[i];
            den = den / x + lanczos_den_coeffs[i];
        }
    }
    return num / den;
}

static double m_tgamma(double x) {
    if (!isfinite(x)) {
        if (isnan(x) || x > 0.0) return x;
        m_errno = EDOM;
        return NAN;
    }
    if (x == 0.0) {
        m_errno = EDOM;
        return copysign(HUGE_VAL, x);
    }
    if (x == floor(x)) {
        if (x < 0.0) {
            m_errno = EDOM;
            return NAN;
        }
        if (x <= NGAMMA_INTEGRAL) return gamma_integral[(int)x - 1];
    }
    double absx = fabs(x);
    if (absx < 1e-20) {
        double r = 1.0 / x;
        if (isinf(r)) m_errno = ERANGE;
        return r;
    }
    if (absx > 200.0) {
        if (x < 0.0) return 0.0 / m_sinpi(x);
        m_errno = ERANGE;
        return HUGE_VAL;
    }
    double y = absx + lanczos_g_minus_half, z, r;
    // The rounding error of y, computed exactly.
    if (absx > lanczos_g_minus_half) {
        volatile double q = y - absx;
        z = q - lanczos_g_minus_half;
    } else {
        volatile double q = y - lanczos_g_minus_half;
        z = q - absx;
    }
    z = z * lanczos_g / y;
    if (x < 0.0) {
        r = -PI / m_sinpi(absx) / absx * exp(y) / lanczos_sum(absx);
        r -= z * r;
        if (absx < 140.0) {
            r /= pow(y, absx - 0.5);
        } else {
            double sqrtpow = pow(y, absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
    } else {
        r = lanczos_sum(absx) / exp(y);
        r += z * r;
        if (absx < 140.0) {
            r *= pow(y, absx - 0.5);
        } else {
            double sqrtpow = pow(y, absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
    }
    if (isinf(r)) m_errno = ERANGE;
    return r;
}

static double m_lgamma(double x) {
    if (!isfinite(x)) return isnan(x) ? x : HUGE_VAL;
    if (x == floor(x) && x <= 2.0) {
        if (x <= 0.0) {
            m_errno = EDOM;
            return HUGE_VAL;
        }
        return 0.0;
    }
    double absx = fabs(x);
    if (absx < 1e-20) return -log(absx);
    double r = log(lanczos_sum(absx)) - lanczos_g;
    r += (absx - 0.5) * (log(absx + lanczos_g - 0.5) - 1);
    if (x < 0.0) r = LOGPI - log(fabs(m_sinpi(absx))) - log(absx) - r;
    if (isinf(r)) m_errno = ERANGE;
    return r;
}

static double m_log(double x) {
    if (isfinite(x)) {
        if (x > 0.0) return log(x);
        m_errno = EDOM;
        return x == 0.0 ? -HUGE_VAL : NAN;
    }
    if (isnan(x) || x > 0.0) return x;
    m_errno = EDOM;
    return NAN;
}

static double m_log2(double x) {
    if (!isfinite(x)) {
        if (isnan(x) || x > 0.0) return x;
        m_errno = EDOM;
        return NAN;
    }
    if (x > 0.0) return log2(x);
    m_errno = EDOM;
    return x == 0.0 ? -HUGE_VAL : NAN;
}

static double m_log10(double x) {
    if (isfinite(x)) {
        if (x > 0.0) return log10(x);
        m_errno = EDOM;
        return x == 0.0 ? -HUGE_VAL : NAN;
    }
    if (isnan(x) || x > 0.0) return x;
    m_errno = EDOM;
    return NAN;
}

static double m_log1p(double x) {
    // log1p(-0.0) must be -0.0 (some libms get it wrong).
    if (x == 0.0) return x;
    return log1p(x);
}

// CPython's math_1: libm function with the nan/inf result checks.
static Value math_1(Value arg, double (*fn)(double), bool can_overflow) {
    double x;
    if (!arg_double(arg, &x)) return VAL_NULL;
    errno = 0;
    double r = fn(x);
    if (isnan(r) && !isnan(x)) return domain_error();
    if (isinf(r) && isfinite(x)) return can_overflow ? range_error() : domain_error();
    if (isfinite(r) && errno && is_error(errno, r)) return VAL_NULL;
    return float_new(r);
}

// CPython's math_1a: the function reports errors through m_errno.
static Value math_1a(Value arg, double (*fn)(double)) {
    double x;
    if (!arg_double(arg, &x)) return VAL_NULL;
    m_errno = 0;
    double r = fn(x);
    if (m_errno && is_error(m_errno, r)) return VAL_NULL;
    return float_new(r);
}

#define FUNC1(pyname, cfn, ovf)                                                                    \
    static Value math_##pyname(Value *args, int nargs, Tuple *kw) {                                \
        if (!check1(#pyname, nargs, kw)) return VAL_NULL;                                          \
        return math_1(args[0], cfn, ovf);                                                          \
    }
#define FUNC1A(pyname, cfn)                                                                        \
    static Value math_##pyname(Value *args, int nargs, Tuple *kw) {                                \
        if (!check1(#pyname, nargs, kw)) return VAL_NULL;                                          \
        return math_1a(args[0], cfn);                                                              \
    }

FUNC1(acos, acos, false)
FUNC1(acosh, acosh, false)
FUNC1(asin, asin, false)
FUNC1(asinh, asinh, false)
FUNC1(atan, atan, false)
FUNC1(atanh, atanh, false)
FUNC1(cbrt, cbrt, false)
FUNC1(cos, cos, false)
FUNC1(cosh, cosh, true)
FUNC1(erf, erf, false)
FUNC1(erfc, erfc, false)
FUNC1(exp, exp, true)
FUNC1(exp2, exp2, true)
FUNC1(expm1, expm1, true)
FUNC1(fabs, fabs, false)
FUNC1A(gamma, m_tgamma)
FUNC1A(lgamma, m_lgamma)
FUNC1(log1p, m_log1p, false)
FUNC1(sin, sin, false)
FUNC1(sinh, sinh, true)
FUNC1(sqrt, sqrt, false)
FUNC1(tan, tan, false)
FUNC1(tanh, tanh, false)

// log2/log10 via math_1 with the m_ wrappers (errors come out as nan/inf).
static double m_log2_1(double x) {
    return m_log2(x);
}
static double m_log10_1(double x) {
    return m_log10(x);
}

static Value math_log2(Value *args, int nargs, Tuple *kw) {
    if (!check1("log2", nargs, kw)) return VAL_NULL;
    return math_1(args[0], m_log2_1, false);
}

static Value math_log10(Value *args, int nargs, Tuple *kw) {
    if (!check1("log10", nargs, kw)) return VAL_NULL;
    return math_1(args[0], m_log10_1, false);
}

// log of one argument; ints <= 0 are a domain error before conversion.
static Value loghelper(Value arg) {
    if (val_is_int(arg) && int_value(arg) <= 0) return domain_error();
    return math_1(arg, m_log, false);
}

static Value math_log(Value *args, int nargs, Tuple *kw) {
    if (kw && kw->len) return err_format(&TypeErrorType, "log() takes no keyword arguments");
    if (nargs < 1 || nargs > 2)
        return err_format(&TypeErrorType, "math.log requires 1 to 2 arguments");
    Value num = loghelper(args[0]);
    if (!num || nargs == 1) return num;
    Value den = loghelper(args[1]);
    if (!den) return VAL_NULL;
    double d = float_value(den);
    if (d == 0.0) return err_format(&ZeroDivisionErrorType, "float division by zero");
    return float_new(float_value(num) / d);
}

// ---- two-argument float functions --------------------------------------------------

static double m_atan2(double y, double x) {
    if (isnan(x) || isnan(y)) return NAN;
    if (isinf(y)) {
        if (isinf(x)) return copysign(copysign(1., x) == 1. ? 0.25 * PI : 0.75 * PI, y);
        return copysign(0.5 * PI, y);
    }
    if (isinf(x) || y == 0.) return copysign(copysign(1., x) == 1. ? 0. : PI, y);
    return atan2(y, x);
}

static double m_remainder(double x, double y) {
    if (isfinite(x) && isfinite(y)) {
        if (y == 0.0) return NAN;
        return remainder(x, y);
    }
    if (isnan(x)) return x;
    if (isnan(y)) return y;
    if (isinf(x)) return NAN;
    return x; // y is infinite, x finite
}

// CPython's math_2.
static Value math_2(Value *args, double (*fn)(double, double)) {
    double x, y;
    if (!arg_double(args[0], &x) || !arg_double(args[1], &y)) return VAL_NULL;
    double r = fn(x, y);
    int e = 0;
    if (isnan(r)) {
        if (!isnan(x) && !isnan(y)) e = EDOM;
    } else if (isinf(r)) {
        if (isfinite(x) && isfinite(y)) e = ERANGE;
    }
    if (e && is_error(e, r)) return VAL_NULL;
    return float_new(r);
}

static Value math_atan2(Value *args, int nargs, Tuple *kw) {
    if (!check_n("atan2", nargs, kw, 2)) return VAL_NULL;
    return math_2(args, m_atan2);
}

static Value math_copysign(Value *args, int nargs, Tuple *kw) {
    if (!check_n("copysign", nargs, kw, 2)) return VAL_NULL;
    return math_2(args, copysign);
}

static Value math_remainder(Value *args, int nargs, Tuple *kw) {
    if (!check_n("remainder", nargs, kw, 2)) return VAL_NULL;
    return math_2(args, m_remainder);
}

static Value math_fmod(Value *args, int nargs, Tuple *kw) {
    if (!check_n("fmod", nargs, kw, 2)) return VAL_NULL;
    double x, y;
    if (!arg_double(args[0], &x) || !arg_double(args[1], &y)) return VAL_NULL;
    if (isinf(y) && isfinite(x)) return float_new(x);
    double r = fmod(x, y);
    if (isnan(r) && !isnan(x) && !isnan(y)) return domain_error();
    return float_new(r);
}

static Value math_pow(Value *args, int nargs, Tuple *kw) {
    if (!check_n("pow", nargs, kw, 2)) return VAL_NULL;
    double x, y, r;
    if (!arg_double(args[0], &x) || !arg_double(args[1], &y)) return VAL_NULL;
    int e = 0;
    if (!isfinite(x) || !isfinite(y)) {
        if (isnan(x))
            r = y == 0. ? 1. : x;
        else if (isnan(y))
            r = x == 1. ? 1. : y;
        else if (isinf(x)) {
            bool odd_y = isfinite(y) && fmod(fabs(y), 2.0) == 1.0;
            if (y > 0.)
                r = odd_y ? x : fabs(x);
            else if (y == 0.)
                r = 1.;
            else
                r = odd_y ? copysign(0., x) : 0.;
        } else { // y infinite
            if (fabs(x) == 1.0)
                r = 1.;
            else if (y > 0. && fabs(x) > 1.0)
                r = y;
            else if (y < 0. && fabs(x) < 1.0)
                r = -y;
            else
                r = 0.;
        }
    } else {
        r = pow(x, y);
        if (!isfinite(r)) {
            if (isnan(r))
                e = EDOM;
            else
                e = x == 0. ? EDOM : ERANGE;
        }
    }
    if (e && is_error(e, r)) return VAL_NULL;
    return float_new(r);
}

static Value math_ldexp(Value *args, int nargs, Tuple *kw) {
    if (!check_n("ldexp", nargs, kw, 2)) return VAL_NULL;
    double x, r;
    if (!arg_double(args[0], &x)) return VAL_NULL;
    Value ev = args[1];
    if (!val_is_int(ev))
        return err_format(&TypeErrorType, "Expected an int as second argument to ldexp.");
    int64_t exp_ = int_value(ev);
    int e = 0;
    if (x == 0. || !isfinite(x)) {
        r = x;
    } else if (exp_ > INT32_MAX) {
        r = copysign(HUGE_VAL, x);
        e = ERANGE;
    } else if (exp_ < INT32_MIN) {
        r = copysign(0., x);
    } else {
        r = ldexp(x, (int)exp_);
        if (isinf(r)) e = ERANGE;
    }
    if (e && is_error(e, r)) return VAL_NULL;
    return float_new(r);
}

static Value math_nextafter(Value *args, int nargs, Tuple *kw) {
    if (!check_n("nextafter", nargs, kw, 2)) return VAL_NULL;
    double x, y;
    if (!arg_double(args[0], &x) || !arg_double(args[1], &y)) return VAL_NULL;
    return float_new(nextafter(x, y));
}

static Value math_ulp(Value *args, int nargs, Tuple *kw) {
    if (!check1("ulp", nargs, kw)) return VAL_NULL;
    double x;
    if (!arg_double(args[0], &x)) return VAL_NULL;
    if (isnan(x)) return float_new(x);
    x = fabs(x);
    if (isinf(x)) return float_new(x);
    double x2 = nextafter(x, INFINITY);
    if (isinf(x2)) {
        x2 = nextafter(x, -INFINITY);
        return float_new(x - x2);
    }
    return float_new(x2 - x);
}

// ---- float -> float helpers and predicates ------------------------------------------

static Value math_degrees(Value *args, int nargs, Tuple *kw) {
    if (!check1("degrees", nargs, kw)) return VAL_NULL;
    double x;
    if (!arg_double(args[0], &x)) return VAL_NULL;
    return float_new(x * (180.0 / PI));
}

static Value math_radians(Value *args, int nargs, Tuple *kw) {
    if (!check1("radians", nargs, kw)) return VAL_NULL;
    double x;
    if (!arg_double(args[0], &x)) return VAL_NULL;
    return float_new(x * (PI / 180.0));
}

static Value math_isnan(Value *args, int nargs, Tuple *kw) {
    double x;
    if (!check1("isnan", nargs, kw) || !arg_double(args[0], &x)) return VAL_NULL;
    return val_bool(isnan(x));
}

static Value math_isinf(Value *args, int nargs, Tuple *kw) {
    double x;
    if (!check1("isinf", nargs, kw) || !arg_double(args[0], &x)) return VAL_NULL;
    return val_bool(isinf(x));
}

static Value math_isfinite(Value *args, int nargs, Tuple *kw) {
    double x;
    if (!check1("isfinite", nargs, kw) || !arg_double(args[0], &x)) return VAL_NULL;
    return val_bool(isfinite(x));
}

// Match keyword [kwnames] entries against [names]; store into [slots]
// (positional arguments already placed). Raises CPython's messages.
static bool parse_kwargs(const char *fname, Value *args, int npos, Tuple *kw,
                         const char *const *names, int nnames, Value *slots) {
    for (int k = 0; kw && k < kw->len; k++) {
        Str *n = (Str *)kw->items[k];
        int i = 0;
        while (i < nnames && !str_eq_cstr(n, names[i])) i++;
        if (i == nnames) {
            err_format(&TypeErrorType, "'%S' is an invalid keyword argument for %s()", n, fname);
            return false;
        }
        if (slots[i]) {
            err_format(&TypeErrorType, "argument for %s() given by name ('%s') and position (%d)",
                       fname, names[i], i + 1);
            return false;
        }
        slots[i] = args[npos + k];
    }
    return true;
}

// isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)
static Value math_isclose(Value *args, int nargs, Tuple *kw) {
    static const char *const names[] = {"a", "b", "rel_tol", "abs_tol"};
    int npos = npos_of(nargs, kw);
    if (nargs > 4)
        return err_format(&TypeErrorType, "isclose() takes at most 4 arguments (%d given)", nargs);
    if (npos > 2)
        return err_format(&TypeErrorType,
                          "isclose() takes exactly 2 positional arguments (%d given)", npos);
    Value slots[4] = {VAL_NULL, VAL_NULL, VAL_NULL, VAL_NULL};
    for (int i = 0; i < npos; i++) slots[i] = args[i];
    if (!parse_kwargs("isclose", args, npos, kw, names, 4, slots)) return VAL_NULL;
    for (int i = 0; i < 2; i++)
        if (!slots[i])
            return err_format(&TypeErrorType, "isclose() missing required argument '%s' (pos %d)",
                              names[i], i + 1);
    double a, b, rel_tol = 1e-09, abs_tol = 0.0;
    if (!arg_double(slots[0], &a) || !arg_double(slots[1], &b)) return VAL_NULL;
    if (slots[2] && !arg_double(slots[2], &rel_tol)) return VAL_NULL;
    if (slots[3] && !arg_double(slots[3], &abs_tol)) return VAL_NULL;
    if (rel_tol < 0.0 || abs_tol < 0.0)
        return err_format(&ValueErrorType, "tolerances must be non-negative");
    if (a == b) return VAL_TRUE;
    if (isinf(a) || isinf(b)) return VAL_FALSE;
    double diff = fabs(b - a);
    return val_bool((diff <= fabs(rel_tol * b)) || (diff <= fabs(rel_tol * a)) ||
                    (diff <= abs_tol));
}

static Value math_modf(Value *args, int nargs, Tuple *kw) {
    double x, ip;
    if (!check1("modf", nargs, kw) || !arg_double(args[0], &x)) return VAL_NULL;
    if (isinf(x)) return (Value)tuple_pack(2, float_new(copysign(0., x)), float_new(x));
    double fp = modf(x, &ip);
    return (Value)tuple_pack(2, float_new(fp), float_new(ip));
}

static Value math_frexp(Value *args, int nargs, Tuple *kw) {
    double x;
    if (!check1("frexp", nargs, kw) || !arg_double(args[0], &x)) return VAL_NULL;
    int e = 0;
    double m = x;
    if (!isnan(x) && !isinf(x)) m = frexp(x, &e);
    return (Value)tuple_pack(2, float_new(m), int_from_i64(e));
}

// ---- floor, ceil, trunc ----------------------------------------------------------------

// Call the user method [name] of [v] if its class defines it; *out is
// VAL_NULL when there is no such method.
static bool call_user_method(Value v, const char *name, Value *out) {
    *out = VAL_NULL;
    Type *t = val_type(v);
    if (!(t->flags & TF_HEAPTYPE)) return true;
    Value m = type_lookup(t, str_intern_cstr(name));
    if (!m) return true;
    *out = obj_call(m, &v, 1, NULL);
    return *out != VAL_NULL;
}

static Value rounding(const char *name, const char *dunder, Value *args, int nargs, Tuple *kw,
                      double (*fn)(double)) {
    if (!check1(name, nargs, kw)) return VAL_NULL;
    Value v = args[0];
    if (val_is_small(v)) return v;
    if (v->type == &FloatType) return int_from_integral_double(fn(float_value(v)));
    if (val_is_int(v)) return int_from_i64(int_value(v));
    Value r;
    if (!call_user_method(v, dunder, &r)) return VAL_NULL;
    if (r) return r;
    double x;
    if (!obj_to_double(v, &x)) return VAL_NULL;
    return int_from_integral_double(fn(x));
}

static Value math_floor(Value *args, int nargs, Tuple *kw) {
    return rounding("floor", "__floor__", args, nargs, kw, floor);
}

static Value math_ceil(Value *args, int nargs, Tuple *kw) {
    return rounding("ceil", "__ceil__", args, nargs, kw, ceil);
}

static Value math_trunc(Value *args, int nargs, Tuple *kw) {
    if (!check1("trunc", nargs, kw)) return VAL_NULL;
    Value v = args[0];
    if (val_is_small(v)) return v;
    if (v->type == &FloatType) return int_from_integral_double(trunc(float_value(v)));
    if (val_is_int(v)) return int_from_i64(int_value(v));
    Value r;
    if (!call_user_method(v, "__trunc__", &r)) return VAL_NULL;
    if (r) return r;
    return err_format(&TypeErrorType, "type %s doesn't define __trunc__ method", obj_type_name(v));
}

// ---- integer functions ------------------------------------------------------------------

static Value int_overflow(void) {
    return err_format(&OverflowErrorType, INT_OVERFLOW_MSG);
}

static Value math_factorial(Value *args, int nargs, Tuple *kw) {
    int64_t n;
    if (!check1("factorial", nargs, kw) || !arg_int(args[0], &n)) return VAL_NULL;
    if (n < 0) return err_format(&ValueErrorType, "factorial() not defined for negative values");
    if (n > 20) return int_overflow();
    int64_t r = 1;
    for (int64_t i = 2; i <= n; i++) r *= i;
    return int_from_i64(r);
}

static uint64_t ugcd(uint64_t a, uint64_t b) {
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static inline uint64_t uabs(int64_t x) {
    return x < 0 ? 0 - (uint64_t)x : (uint64_t)x;
}

static Value from_u64(uint64_t u) {
    if (u > (uint64_t)INT64_MAX) return int_overflow();
    return int_from_i64((int64_t)u);
}

static Value math_gcd(Value *args, int nargs, Tuple *kw) {
    if (!check_nokw("gcd", kw)) return VAL_NULL;
    uint64_t g = 0;
    for (int i = 0; i < nargs; i++) {
        int64_t x;
        if (!arg_int(args[i], &x)) return VAL_NULL;
        g = ugcd(g, uabs(x));
    }
    return from_u64(g);
}

static Value math_lcm(Value *args, int nargs, Tuple *kw) {
    if (!check_nokw("lcm", kw)) return VAL_NULL;
    uint64_t l = 1;
    bool zero = false;
    for (int i = 0; i < nargs; i++) {
        int64_t x;
        if (!arg_int(args[i], &x)) return VAL_NULL;
        if (zero) continue; // keep validating the arguments
        uint64_t a = uabs(x);
        if (a == 0) {
            zero = true;
            continue;
        }
        uint64_t q = a / ugcd(l, a), r;
        if (__builtin_mul_overflow(l, q, &r) || r > (uint64_t)INT64_MAX) return int_overflow();
        l = r;
    }
    return zero ? int_from_i64(0) : from_u64(l);
}

static Value math_isqrt(Value *args, int nargs, Tuple *kw) {
    int64_t n;
    if (!check1("isqrt", nargs, kw) || !arg_int(args[0], &n)) return VAL_NULL;
    if (n < 0) return err_format(&ValueErrorType, "isqrt() argument must be nonnegative");
    uint64_t r = (uint64_t)sqrt((double)n);
    // Correct the double estimate to the exact floor square root.
    while (r > 0 && (r > 3037000499u || r * r > (uint64_t)n)) r--;
    while ((r + 1) <= 3037000499u && (r + 1) * (r + 1) <= (uint64_t)n) r++;
    return int_from_i64((int64_t)r);
}

static Value math_comb(Value *args, int nargs, Tuple *kw) {
    if (!check_n("comb", nargs, kw, 2)) return VAL_NULL;
    int64_t n, k;
    if (!arg_int(args[0], &n) || !arg_int(args[1], &k)) return VAL_NULL;
    if (n < 0) return err_format(&ValueErrorType, "n must be a non-negative integer");
    if (k < 0) return err_format(&ValueErrorType, "k must be a non-negative integer");
    if (k > n) return int_from_i64(0);
    if (k > n - k) k = n - k;
    // r_i = C(n-k+i, i): each step is exact and r_i <= C(n, k).
    __int128 r = 1;
    for (int64_t i = 1; i <= k; i++) {
        r = r * (n - k + i) / i;
        if (r > INT64_MAX) return int_overflow();
    }
    return int_from_i64((int64_t)r);
}

static Value math_perm(Value *args, int nargs, Tuple *kw) {
    if (!check_nokw("perm", kw)) return VAL_NULL;
    if (nargs < 1)
        return err_format(&TypeErrorType, "perm expected at least 1 argument, got %d", nargs);
    if (nargs > 2)
        return err_format(&TypeErrorType, "perm expected at most 2 arguments, got %d", nargs);
    int64_t n, k;
    if (!arg_int(args[0], &n)) return VAL_NULL;
    if (nargs == 1 || args[1] == VAL_NONE) {
        if (n < 0) return err_format(&ValueErrorType, "n must be a non-negative integer");
        k = n;
    } else {
        if (!arg_int(args[1], &k)) return VAL_NULL;
        if (n < 0) return err_format(&ValueErrorType, "n must be a non-negative integer");
        if (k < 0) return err_format(&ValueErrorType, "k must be a non-negative integer");
    }
    if (k > n) return int_from_i64(0);
    int64_t r = 1;
    for (int64_t i = 0; i < k; i++)
        if (__builtin_mul_overflow(r, n - i, &r)) return int_overflow();
    return int_from_i64(r);
}

// ---- vector norm (hypot, dist) ---------------------------------------------------------

typedef struct {
    double hi, lo;
} DoubleLength;

// Exact sum of [a] and [b] when |a| >= |b|.
static inline DoubleLength dl_fast_sum(double a, double b) {
    double x = a + b;
    double z = x - a;
    double y = b - z;
    return (DoubleLength){x, y};
}

// Exact product of [x] and [y].
static inline DoubleLength dl_mul(double x, double y) {
    double z = x * y;
    double zz = fma(x, y, -z);
    return (DoubleLength){z, zz};
}

// Accurate Euclidean norm of vec[0..n) whose largest magnitude is [max]:
// scale to avoid over/underflow, sum the squares with exact partial sums,
// then apply one Newton correction to the square root.
static double vector_norm(int64_t n, double *vec, double max, bool found_nan) {
    if (isinf(max)) return max;
    if (found_nan) return NAN;
    if (max == 0.0 || n <= 1) return max;
    int max_e;
    frexp(max, &max_e);
    if (max_e < -1023) {
        // ldexp(1.0, -max_e) would overflow: rescale subnormals first.
        for (int64_t i = 0; i < n; i++) vec[i] /= DBL_MIN;
        return DBL_MIN * vector_norm(n, vec, max / DBL_MIN, found_nan);
    }
    double scale = ldexp(1.0, -max_e);
    double csum = 1.0, frac1 = 0.0, frac2 = 0.0;
    DoubleLength pr, sm;
    for (int64_t i = 0; i < n; i++) {
        double x = vec[i] * scale; // lossless scaling
        pr = dl_mul(x, x);         // lossless squaring
        sm = dl_fast_sum(csum, pr.hi);
        csum = sm.hi;
        frac1 += pr.lo;
        frac2 += sm.lo;
    }
    double h = sqrt(csum - 1.0 + (frac1 + frac2));
    pr = dl_mul(-h, h);
    sm = dl_fast_sum(csum, pr.hi);
    csum = sm.hi;
    frac1 += pr.lo;
    frac2 += sm.lo;
    double x = csum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h); // differential correction
    return h / scale;
}

static Value math_hypot(Value *args, int nargs, Tuple *kw) {
    if (!check_nokw("hypot", kw)) return VAL_NULL;
    double small[16];
    double *vec = nargs <= 16 ? small : gc_alloc_atomic(sizeof(double) * (size_t)nargs);
    double max = 0.0;
    bool found_nan = false;
    for (int i = 0; i < nargs; i++) {
        double x;
        if (!arg_double(args[i], &x)) return VAL_NULL;
        x = fabs(x);
        vec[i] = x;
        found_nan |= isnan(x);
        if (x > max) max = x;
    }
    return float_new(vector_norm(nargs, vec, max, found_nan));
}

// The items of [v] as a list or tuple (iterating other iterables).
static bool as_sequence(Value v, Value **items, int64_t *len) {
    if (val_is(v, &TupleType)) {
        *items = ((Tuple *)v)->items;
        *len = ((Tuple *)v)->len;
        return true;
    }
    if (val_is(v, &ListType)) {
        *items = ((List *)v)->items;
        *len = ((List *)v)->len;
        return true;
    }
    Value it = obj_iter(v);
    if (!it) return false;
    List *l = list_new(0);
    for (;;) {
        Value x = obj_next(it);
        if (!x) return false;
        if (x == ITER_DONE) break;
        list_append(l, x);
    }
    *items = l->items;
    *len = l->len;
    return true;
}

static Value math_dist(Value *args, int nargs, Tuple *kw) {
    if (!check_n("dist", nargs, kw, 2)) return VAL_NULL;
    Value *p, *q;
    int64_t m, n;
    if (!as_sequence(args[0], &p, &m) || !as_sequence(args[1], &q, &n)) return VAL_NULL;
    if (m != n)
        return err_format(&ValueErrorType, "both points must have the same number of dimensions");
    double small[16];
    double *vec = n <= 16 ? small : gc_alloc_atomic(sizeof(double) * (size_t)n);
    double max = 0.0;
    bool found_nan = false;
    for (int64_t i = 0; i < n; i++) {
        double px, qx;
        if (!arg_double(p[i], &px) || !arg_double(q[i], &qx)) return VAL_NULL;
        double x = fabs(px - qx);
        vec[i] = x;
        found_nan |= isnan(x);
        if (x > max) max = x;
    }
    return float_new(vector_norm(n, vec, max, found_nan));
}

// ---- fsum (helper) ----------------------------------------------------------------------

// Shewchuk's running sum: non-overlapping partials in increasing magnitude,
// plus the sums of special values (infinities and nans) seen so far.
typedef struct {
    double *p;
    int64_t n, cap;
    double special_sum, inf_sum;
    double small[32];
} MSum;

static void msum_init(MSum *m) {
    m->p = m->small;
    m->n = 0;
    m->cap = 32;
    m->special_sum = m->inf_sum = 0.0;
}

// Add [x] to the running sum; false + OverflowError on intermediate overflow.
static bool msum_add(MSum *m, double x) {
    double xsave = x;
    int64_t i = 0;
    for (int64_t j = 0; j < m->n; j++) {
        double y = m->p[j];
        if (fabs(x) < fabs(y)) {
            double t = x;
            x = y;
            y = t;
        }
        double hi = x + y;
        double yr = hi - x;
        double lo = y - yr;
        if (lo != 0.0) m->p[i++] = lo;
        x = hi;
    }
    m->n = i;
    if (x != 0.0) {
        if (!isfinite(x)) {
            // From an inf/nan summand, or from intermediate overflow.
            if (isfinite(xsave)) {
                err_format(&OverflowErrorType, "intermediate overflow in fsum");
                return false;
            }
            if (isinf(xsave)) m->inf_sum += xsave;
            m->special_sum += xsave;
            m->n = 0;
        } else {
            if (m->n >= m->cap) {
                int64_t cap = m->cap * 2;
                double *np = gc_alloc_atomic(sizeof(double) * (size_t)cap);
                memcpy(np, m->p, sizeof(double) * (size_t)m->n);
                m->p = np;
                m->cap = cap;
            }
            m->p[m->n++] = x;
        }
    }
    return true;
}

// The correctly rounded total.
static Value msum_result(MSum *m) {
    if (m->special_sum != 0.0) {
        if (isnan(m->inf_sum)) return err_format(&ValueErrorType, "-inf + inf in fsum");
        return float_new(m->special_sum);
    }
    double hi = 0.0, lo = 0.0;
    int64_t n = m->n;
    double *p = m->p;
    if (n > 0) {
        hi = p[--n];
        // Sum from the top, stopping when the sum becomes inexact.
        while (n > 0) {
            double x = hi;
            double y = p[--n];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) break;
        }
        // Make half-even rounding work across multiple partials.
        if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
            double y = lo * 2.0;
            double x = hi + y;
            double yr = x - hi;
            if (y == yr) hi = x;
        }
    }
    return float_new(hi);
}

// The helper keeps the state as Values: the partials as a list of floats.
// item: the user object whose __float__ is running (got_float).
enum { FS_ITER = 2, FS_PARTIALS, FS_SPECIAL, FS_INF, FS_ITEM, FS_NFIELDS };
enum { FS_ENTRY, FS_GOT_ITER, FS_GOT_ITEM, FS_GOT_FLOAT };

// False (SystemError) if the partials are not all floats.
static bool msum_load(MSum *m, Helper *h) {
    msum_init(m);
    List *l = (List *)h->fields[FS_PARTIALS];
    if (l->len > m->cap) {
        m->cap = l->len * 2;
        m->p = gc_alloc_atomic(sizeof(double) * (size_t)m->cap);
    }
    for (int64_t i = 0; i < l->len; i++) {
        if (!val_is(l->items[i], &FloatType)) {
            err_format(&SystemErrorType, "math.fsum: a partial sum is not a float");
            return false;
        }
        m->p[i] = float_value(l->items[i]);
    }
    m->n = l->len;
    m->special_sum = float_value(h->fields[FS_SPECIAL]);
    m->inf_sum = float_value(h->fields[FS_INF]);
    return true;
}

static void msum_store(MSum *m, Helper *h) {
    List *l = (List *)h->fields[FS_PARTIALS];
    l->len = 0;
    for (int64_t i = 0; i < m->n; i++) list_append(l, float_new(m->p[i]));
    h->fields[FS_SPECIAL] = float_new(m->special_sum);
    h->fields[FS_INF] = float_new(m->inf_sum);
}

// Start iterating [v]: for a user class, request a call of builtins.iter
// resuming at [label_got] (returns HS_CALL); otherwise store iter(v) in
// h->fields[field] and request its first item at [label_item].
static HelperStatus start_iter(Helper *h, Value v, int field, int label_got, int label_item) {
    Value iter_fn = VAL_NULL;
    if (val_type(v)->flags & TF_HEAPTYPE) iter_fn = builtin_lookup("builtins.iter");
    if (iter_fn) return helper_call(h, label_got, iter_fn, tuple_pack(1, v), NULL);
    Value it = obj_iter(v);
    if (!it) return HS_RAISE;
    h->fields[field] = it;
    return helper_next(h, label_item, it);
}

// True if any of [items] is an instance of a user class (whose special
// methods may be Python code: the fast paths do not apply).
static bool any_user(const Value *items, int64_t n) {
    for (int64_t i = 0; i < n; i++)
        if (obj_is_user(items[i])) return true;
    return false;
}

static bool no_kwargs(Helper *h) {
    Value kw = h->fields[HF_KWARGS];
    return kw == VAL_NONE || ((Dict *)kw)->used == 0;
}

static HelperStatus fsum_step(Helper *h, Value in, Value *out) {
    MSum m;
    switch (h->label) {
    case FS_ENTRY: {
        Tuple *a = (Tuple *)h->fields[HF_ARGS];
        if (!no_kwargs(h)) {
            err_format(&TypeErrorType, "math.fsum() takes no keyword arguments");
            return HS_RAISE;
        }
        if (a->len != 1) {
            err_format(&TypeErrorType, "math.fsum() takes exactly one argument (%d given)",
                       (int)a->len);
            return HS_RAISE;
        }
        Value v = a->items[0];
        if ((val_is(v, &ListType) && !any_user(((List *)v)->items, ((List *)v)->len)) ||
            (val_is(v, &TupleType) && !any_user(((Tuple *)v)->items, ((Tuple *)v)->len))) {
            // Fast path: no callbacks can happen.
            Value *items = val_is(v, &ListType) ? ((List *)v)->items : ((Tuple *)v)->items;
            msum_init(&m);
            for (int64_t i = 0;; i++) {
                int64_t len = val_is(v, &ListType) ? ((List *)v)->len : ((Tuple *)v)->len;
                if (i >= len) break;
                if (val_is(v, &ListType)) items = ((List *)v)->items;
                double x;
                if (!arg_double(items[i], &x) || !msum_add(&m, x)) return HS_RAISE;
            }
            *out = msum_result(&m);
            return *out ? HS_RETURN : HS_RAISE;
        }
        h->fields[FS_PARTIALS] = (Value)list_new(0);
        h->fields[FS_SPECIAL] = float_new(0.0);
        h->fields[FS_INF] = float_new(0.0);
        return start_iter(h, v, FS_ITER, FS_GOT_ITER, FS_GOT_ITEM);
    }
    case FS_GOT_ITER:
        if (!in) return HS_RAISE;
        h->fields[FS_ITER] = in;
        return helper_next(h, FS_GOT_ITEM, in);
    case FS_GOT_ITEM: {
        if (!in) return HS_RAISE;
        if (!msum_load(&m, h)) return HS_RAISE;
        if (in == ITER_DONE) {
            *out = msum_result(&m);
            return *out ? HS_RETURN : HS_RAISE;
        }
        if (obj_is_user(in) && val_type(in)->dunders[DUNDER_FLOAT]) {
            // A user __float__ runs as a call the driver performs.
            h->fields[FS_ITEM] = in;
            return helper_call(h, FS_GOT_FLOAT, val_type(in)->dunders[DUNDER_FLOAT],
                               tuple_pack(1, in), NULL);
        }
        double x;
        if (!arg_double(in, &x) || !msum_add(&m, x)) return HS_RAISE;
        msum_store(&m, h);
        return helper_next(h, FS_GOT_ITEM, h->fields[FS_ITER]);
    }
    case FS_GOT_FLOAT: {
        if (!in) return HS_RAISE;
        if (!val_is(in, &FloatType)) {
            err_format(&TypeErrorType, "%s.__float__ returned non-float (type %s)",
                       obj_type_name(h->fields[FS_ITEM]), obj_type_name(in));
            return HS_RAISE;
        }
        h->fields[FS_ITEM] = VAL_NONE;
        if (!msum_load(&m, h) || !msum_add(&m, float_value(in))) return HS_RAISE;
        msum_store(&m, h);
        return helper_next(h, FS_GOT_ITEM, h->fields[FS_ITER]);
    }
    }
    err_format(&SystemErrorType, "math.fsum: bad resume label %d", (int)h->label);
    return HS_RAISE;
}

// After the entry the running sum exists: partials (floats) and two floats.
static bool fsum_validate(Helper *h) {
    if (h->label == FS_ENTRY) return true;
    for (int f = FS_PARTIALS; f <= FS_INF; f++)
        if (h->fields[f] == VAL_NONE) return helper_field_error(h, f, "unset after the entry");
    List *l = (List *)h->fields[FS_PARTIALS];
    for (int64_t i = 0; i < l->len; i++)
        if (!val_is(l->items[i], &FloatType))
            return helper_field_error(h, FS_PARTIALS, "expected a list of floats");
    return true;
}
HELPER_CHECKED(fsum_def, "math.fsum", fsum_step, fsum_validate,
               "args:t kwargs:W iter:v partials:L special_sum:F inf_sum:F item:v", "entry",
               "got_iter", "got_item", "got_float")

// ---- prod (helper) ----------------------------------------------------------------------

enum { PR_ITER = 2, PR_ACC, PR_NFIELDS };
enum { PR_ENTRY, PR_GOT_ITER, PR_GOT_ITEM, PR_GOT_PRODUCT };

// acc * x with a fast path for ints and floats.
static Value mul(Value acc, Value x) {
    if (val_is_small(acc) && val_is_small(x)) {
        int64_t r;
        if (!__builtin_mul_overflow(val_small(acc), val_small(x), &r)) return int_from_i64(r);
    }
    if (val_is(acc, &FloatType) && val_is(x, &FloatType))
        return float_new(float_value(acc) * float_value(x));
    return obj_binop(BINOP_MUL, acc, x);
}

static HelperStatus prod_step(Helper *h, Value in, Value *out) {
    switch (h->label) {
    case PR_ENTRY: {
        Tuple *a = (Tuple *)h->fields[HF_ARGS];
        Value start = val_from_small(1);
        int64_t nkw = 0;
        if (!no_kwargs(h)) {
            Dict *kw = (Dict *)h->fields[HF_KWARGS];
            nkw = kw->used;
            if (a->len + nkw > 2) {
                err_format(&TypeErrorType, "prod() takes at most 2 arguments (%d given)",
                           (int)(a->len + nkw));
                return HS_RAISE;
            }
            int64_t pos = 0;
            Value k, v;
            while (dict_next(kw, &pos, &k, &v)) {
                if (!val_is(k, &StrType) || !str_eq_cstr((Str *)k, "start")) {
                    err_format(&TypeErrorType, "%R is an invalid keyword argument for prod()", k);
                    return HS_RAISE;
                }
                start = v;
            }
        }
        if (a->len + nkw > 2) {
            err_format(&TypeErrorType, "prod() takes at most 2 arguments (%d given)",
                       (int)(a->len + nkw));
            return HS_RAISE;
        }
        if (a->len != 1) {
            err_format(&TypeErrorType, "prod() takes exactly 1 positional argument (%d given)",
                       (int)a->len);
            return HS_RAISE;
        }
        Value v = a->items[0];
        // Fast paths for builtin numbers (a user __mul__ needs the driver).
        bool fast = !obj_is_user(start) &&
                    (val_is(v, &RangeType) ||
                     (val_is(v, &ListType) && !any_user(((List *)v)->items, ((List *)v)->len)) ||
                     (val_is(v, &TupleType) && !any_user(((Tuple *)v)->items, ((Tuple *)v)->len)));
        if (fast) {
            Value acc = start;
            if (val_is(v, &RangeType)) {
                Range *r = (Range *)v;
                for (int64_t i = 0; i < r->len; i++) {
                    acc = mul(acc, int_from_i64(r->start + i * r->step));
                    if (!acc) return HS_RAISE;
                }
                *out = acc;
                return HS_RETURN;
            }
            for (int64_t i = 0;; i++) {
                int64_t len = val_is(v, &ListType) ? ((List *)v)->len : ((Tuple *)v)->len;
                if (i >= len) break;
                Value x = val_is(v, &ListType) ? ((List *)v)->items[i] : ((Tuple *)v)->items[i];
                acc = mul(acc, x);
                if (!acc) return HS_RAISE;
            }
            *out = acc;
            return HS_RETURN;
        }
        h->fields[PR_ACC] = start;
        return start_iter(h, v, PR_ITER, PR_GOT_ITER, PR_GOT_ITEM);
    }
    case PR_GOT_ITER:
        if (!in) return HS_RAISE;
        h->fields[PR_ITER] = in;
        return helper_next(h, PR_GOT_ITEM, in);
    case PR_GOT_ITEM: {
        if (!in) return HS_RAISE;
        if (in == ITER_DONE) {
            *out = h->fields[PR_ACC];
            return HS_RETURN;
        }
        Value acc = h->fields[PR_ACC], rec;
        if (obj_is_user(acc) || obj_is_user(in)) {
            // A user __mul__/__rmul__: the product is a record the driver runs.
            acc = obj_start_binop(BINOP_MUL, acc, in, &rec);
            if (rec) return helper_sub(h, PR_GOT_PRODUCT, rec);
        } else {
            acc = mul(acc, in);
        }
        if (!acc) return HS_RAISE;
        h->fields[PR_ACC] = acc;
        return helper_next(h, PR_GOT_ITEM, h->fields[PR_ITER]);
    }
    case PR_GOT_PRODUCT:
        if (!in) return HS_RAISE;
        h->fields[PR_ACC] = in;
        return helper_next(h, PR_GOT_ITEM, h->fields[PR_ITER]);
    }
    err_format(&SystemErrorType, "math.prod: bad resume label %d", (int)h->label);
    return HS_RAISE;
}

HELPER(prod_def, "math.prod", prod_step, "args:t kwargs:W iter:v acc:v", "entry", "got_iter",
       "got_item", "got_product")

// ---- the module ---------------------------------------------------------------------------

static const MethodDef math_funcs[] = {
    {"acos", math_acos, 0, NULL},
    {"acosh", math_acosh, 0, NULL},
    {"asin", math_asin, 0, NULL},
    {"asinh", math_asinh, 0, NULL},
    {"atan", math_atan, 0, NULL},
    {"atan2", math_atan2, 0, NULL},
    {"atanh", math_atanh, 0, NULL},
    {"cbrt", math_cbrt, 0, NULL},
    {"ceil", math_ceil, 0, NULL},
    {"comb", math_comb, 0, NULL},
    {"copysign", math_copysign, 0, NULL},
    {"cos", math_cos, 0, NULL},
    {"cosh", math_cosh, 0, NULL},
    {"degrees", math_degrees, 0, NULL},
    {"dist", math_dist, 0, NULL},
    {"erf", math_erf, 0, NULL},
    {"erfc", math_erfc, 0, NULL},
    {"exp", math_exp, 0, NULL},
    {"exp2", math_exp2, 0, NULL},
    {"expm1", math_expm1, 0, NULL},
    {"fabs", math_fabs, 0, NULL},
    {"factorial", math_factorial, 0, NULL},
    {"floor", math_floor, 0, NULL},
    {"fmod", math_fmod, 0, NULL},
    {"frexp", math_frexp, 0, NULL},
    {"fsum", NULL, 0, &fsum_def},
    {"gamma", math_gamma, 0, NULL},
    {"gcd", math_gcd, 0, NULL},
    {"hypot", math_hypot, 0, NULL},
    {"isclose", math_isclose, 0, NULL},
    {"isfinite", math_isfinite, 0, NULL},
    {"isinf", math_isinf, 0, NULL},
    {"isnan", math_isnan, 0, NULL},
    {"isqrt", math_isqrt, 0, NULL},
    {"lcm", math_lcm, 0, NULL},
    {"ldexp", math_ldexp, 0, NULL},
    {"lgamma", math_lgamma, 0, NULL},
    {"log", math_log, 0, NULL},
    {"log10", math_log10, 0, NULL},
    {"log1p", math_log1p, 0, NULL},
    {"log2", math_log2, 0, NULL},
    {"modf", math_modf, 0, NULL},
    {"nextafter", math_nextafter, 0, NULL},
    {"perm", math_perm, 0, NULL},
    {"pow", math_pow, 0, NULL},
    {"prod", NULL, 0, &prod_def},
    {"radians", math_radians, 0, NULL},
    {"remainder", math_remainder, 0, NULL},
    {"sin", math_sin, 0, NULL},
    {"sinh", math_sinh, 0, NULL},
    {"sqrt", math_sqrt, 0, NULL},
    {"tan", math_tan, 0, NULL},
    {"tanh", math_tanh, 0, NULL},
    {"trunc", math_trunc, 0, NULL},
    {"ulp", math_ulp, 0, NULL},
    {NULL, NULL, 0, NULL},
};

void mod_math_init(void) {
    helper_register(&fsum_def);
    helper_register(&prod_def);
    helper_expect_nfields(&fsum_def, FS_NFIELDS);
    helper_expect_nfields(&prod_def, PR_NFIELDS);
    Module *m = module_add_builtin("math", math_funcs);
    module_set(m, "pi", float_new(PI));
    module_set(m, "e", float_new(2.718281828459045235360287471352662498));
    module_set(m, "tau", float_new(6.283185307179586476925286766559005768));
    module_set(m, "inf", float_new(INFINITY));
    module_set(m, "nan", float_new(NAN));
}
