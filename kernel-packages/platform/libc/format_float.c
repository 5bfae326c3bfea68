/* format_float.c - %f %e %g for doubles.
 *
 * A simple digit generator, not an exact (Ryu/Grisu) one: it rounds by
 * adding half a unit in the last place and peels digits off with
 * multiplications, so the last of ~16 significant digits can differ from
 * glibc. That is fine for printing results; exact round-tripping is a
 * non-goal of this libc. */
#include "format.h"
#include <stdint.h>
#include <string.h>

#define MAX_PREC 100
#define DEFAULT_PREC 6

static double pow10_neg(int n)
{
    double p = 1.0;

    while (n-- > 0)
        p /= 10.0;
    return p;
}

static int special(char *buf, double x, char conv)
{
    int upper = conv == 'F' || conv == 'E' || conv == 'G';

    if (__builtin_isnan(x))
        return memcpy(buf, upper ? "NAN" : "nan", 3), 3;
    if (__builtin_isinf(x))
        return memcpy(buf, upper ? "INF" : "inf", 3), 3;
    return 0;
}

/* Integer part digits of x (x >= 0); returns count written at buf. */
static int integer_digits(char *buf, double x)
{
    char tmp[320], *end = tmp + sizeof(tmp), *p = end;
    int n;

    if (x < 1.8e19) {
        uint64_t u = (uint64_t)x;
        do
            *--p = '0' + u % 10;
        while (u /= 10);
    } else {
        double scale = 1.0;
        while (scale * 10.0 <= x)
            scale *= 10.0;
        for (p = tmp; scale >= 1.0; scale /= 10.0) {
            int d = (int)(x / scale);
            d = d < 0 ? 0 : d > 9 ? 9 : d;
            *p++ = '0' + d;
            x -= d * scale;
        }
        n = p - tmp;
        memcpy(buf, tmp, n);
        return n;
    }
    n = end - p;
    memcpy(buf, p, n);
    return n;
}

static int fraction_digits(char *buf, double frac, int prec)
{
    int i;

    for (i = 0; i < prec; i++) {
        int d;
        frac *= 10.0;
        d = (int)frac;
        d = d < 0 ? 0 : d > 9 ? 9 : d;
        buf[i] = '0' + d;
        frac -= d;
    }
    return prec;
}

static int fixed(char *buf, double x, int prec, int alt)
{
    int n;
    double ip;

    x += 0.5 * pow10_neg(prec);
    n = integer_digits(buf, x);
    ip = x < 1.8e19 ? (double)(uint64_t)x : x;
    if (prec > 0 || alt)
        buf[n++] = '.';
    n += fraction_digits(buf + n, x < 1.8e19 ? x - ip : 0.0, prec);
    return n;
}

/* x = m * 10^e with 1 <= m < 10, rounded to prec fraction digits. */
static double normalize(double x, int prec, int *exp)
{
    int e = 0;

    if (x != 0.0) {
        while (x >= 1e16) x /= 1e16, e += 16;
        while (x >= 10.0) x /= 10.0, e++;
        while (x < 1e-16) x *= 1e16, e -= 16;
        while (x < 1.0) x *= 10.0, e--;
        x += 0.5 * pow10_neg(prec);
        if (x >= 10.0)
            x /= 10.0, e++;
    }
    *exp = e;
    return x;
}

static int exponent(char *buf, int e, char conv)
{
    int n = 0;

    buf[n++] = (conv == 'E' || conv == 'G') ? 'E' : 'e';
    buf[n++] = e < 0 ? '-' : '+';
    e = e < 0 ? -e : e;
    if (e >= 100)
        buf[n++] = '0' + e / 100;
    buf[n++] = '0' + e / 10 % 10;
    buf[n++] = '0' + e % 10;
    return n;
}

static int scientific(char *buf, double x, int prec, int alt, char conv)
{
    int e, n = 0, d;
    double m = normalize(x, prec, &e);

    d = (int)m;
    buf[n++] = '0' + (d > 9 ? 9 : d);
    if (prec > 0 || alt)
        buf[n++] = '.';
    n += fraction_digits(buf + n, m - d, prec);
    return n + exponent(buf + n, e, conv);
}

/* %g: drop trailing zeros of the fraction (and a bare '.'). */
static int trim_zeros(char *buf, int n)
{
    char *dot = memchr(buf, '.', n);
    char *e = memchr(buf, 'e', n);
    int tail;

    if (!e)
        e = memchr(buf, 'E', n);
    if (!dot)
        return n;
    tail = e ? (int)(buf + n - e) : 0;
    {
        char *end = e ? e : buf + n;
        char *p = end;
        while (p > dot + 1 && p[-1] == '0')
            p--;
        if (p == dot + 1)
            p = dot;
        memmove(p, end, tail);
        return (int)(p - buf) + tail;
    }
}

static int general(char *buf, double x, int prec, int alt, char conv)
{
    int e, n;

    if (prec == 0)
        prec = 1;
    normalize(x, prec - 1, &e);
    if (e < -4 || e >= prec)
        n = scientific(buf, x, prec - 1, alt, conv == 'G' ? 'E' : 'e');
    else
        n = fixed(buf, x, prec - 1 - e, alt);
    return alt ? n : trim_zeros(buf, n);
}

int format_float(char *buf, size_t cap, double x, char conv, int prec, int alt)
{
    int n = special(buf, x, conv);

    (void)cap; /* callers pass >= 352 bytes: 309 integer digits + '.' + MAX_PREC - slack */
    if (n)
        return n;
    if (prec < 0)
        prec = DEFAULT_PREC;
    if (prec > MAX_PREC / 3)
        prec = MAX_PREC / 3; /* keeps the worst case (1e308, %f) in the buffer */
    switch (conv) {
    case 'e': case 'E': return scientific(buf, x, prec, alt, conv);
    case 'g': case 'G': return general(buf, x, prec, alt, conv);
    default: return fixed(buf, x, prec, alt);
    }
}
