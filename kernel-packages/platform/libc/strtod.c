/* strtod.c - decimal string to double (digits, optional fraction and
 * exponent, inf/nan). Accumulates in a double, so the last bit can differ
 * from a correctly rounded parser; hexadecimal floats are not supported. */
#include <ctype.h>
#include <stdlib.h>

static double scale10(double x, int e)
{
    double p = 10.0;
    int neg = e < 0;
    unsigned n = neg ? -e : e;

    for (; n; n >>= 1, p *= p)
        if (n & 1)
            x = neg ? x / p : x * p;
    return x;
}

static int match_word(const char *s, const char *w)
{
    int n = 0;

    for (; w[n]; n++)
        if (tolower((unsigned char)s[n]) != w[n])
            return 0;
    return n;
}

static const char *parse_exponent(const char *p, int *exp)
{
    const char *q = p + 1;
    int neg = 0, e = 0;

    if (*q == '+' || *q == '-')
        neg = *q++ == '-';
    if (!isdigit((unsigned char)*q))
        return p; /* "1e" alone: the 'e' is not part of the number */
    while (isdigit((unsigned char)*q))
        e = e < 100000 ? e * 10 + (*q++ - '0') : (q++, e);
    *exp += neg ? -e : e;
    return q;
}

double strtod(const char *s, char **end)
{
    const char *p = s;
    double v = 0.0;
    int neg = 0, exp = 0, digits = 0, n;

    while (isspace((unsigned char)*p))
        p++;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    if ((n = match_word(p, "infinity")) || (n = match_word(p, "inf"))) {
        v = __builtin_inf();
        p += n;
    } else if ((n = match_word(p, "nan"))) {
        v = __builtin_nan("");
        p += n;
    } else {
        for (; isdigit((unsigned char)*p); p++, digits++)
            v = v * 10.0 + (*p - '0');
        if (*p == '.')
            for (p++; isdigit((unsigned char)*p); p++, digits++, exp--)
                v = v * 10.0 + (*p - '0');
        if (!digits)
            p = s;
        else if (*p == 'e' || *p == 'E')
            p = parse_exponent(p, &exp);
        v = scale10(v, exp);
    }
    if (end)
        *end = (char *)p;
    return neg ? -v : v;
}

double atof(const char *s) { return strtod(s, 0); }
