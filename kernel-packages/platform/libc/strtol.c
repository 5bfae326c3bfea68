/* strtol.c - string to integer conversions, all built on one unsigned
 * parser that reports overflow; the signed variants clamp per C. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

static int digit_value(int c)
{
    if (isdigit(c))
        return c - '0';
    if (isalpha(c))
        return tolower(c) - 'a' + 10;
    return 99;
}

/* Skips blanks, sign and base prefix; returns the first digit. */
static const char *parse_prefix(const char *s, int *base, int *neg)
{
    while (isspace((unsigned char)*s))
        s++;
    *neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    if ((*base == 0 || *base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
        digit_value((unsigned char)s[2]) < 16)
        return *base = 16, s + 2;
    if (*base == 0)
        *base = s[0] == '0' ? 8 : 10;
    return s;
}

/* Magnitude of the number at s; *over set when it exceeds 64 bits. */
static unsigned long long parse(const char *s, char **end, int base, int *neg, int *over)
{
    const char *p = parse_prefix(s, &base, neg);
    const char *start = p;
    unsigned long long v = 0;
    int d;

    *over = 0;
    for (; (d = digit_value((unsigned char)*p)) < base; p++) {
        if (__builtin_mul_overflow(v, (unsigned)base, &v) || __builtin_add_overflow(v, d, &v))
            *over = 1;
    }
    if (end)
        *end = (char *)(p == start ? s : p);
    return *over ? ULLONG_MAX : v;
}

unsigned long long strtoull(const char *s, char **end, int base)
{
    int neg, over;
    unsigned long long v = parse(s, end, base, &neg, &over);

    if (over) {
        errno = ERANGE;
        return ULLONG_MAX;
    }
    return neg ? -v : v;
}

unsigned long strtoul(const char *s, char **end, int base) { return strtoull(s, end, base); }

long long strtoll(const char *s, char **end, int base)
{
    int neg, over;
    unsigned long long v = parse(s, end, base, &neg, &over);

    if (!neg && (over || v > (unsigned long long)LLONG_MAX)) {
        errno = ERANGE;
        return LLONG_MAX;
    }
    if (neg && (over || v > (unsigned long long)LLONG_MAX + 1)) {
        errno = ERANGE;
        return LLONG_MIN;
    }
    return neg ? (long long)(0 - v) : (long long)v;
}

long strtol(const char *s, char **end, int base) { return strtoll(s, end, base); }
int atoi(const char *s) { return (int)strtol(s, 0, 10); }
long atol(const char *s) { return strtol(s, 0, 10); }
long long atoll(const char *s) { return strtoll(s, 0, 10); }
