/* format.c - printf-style formatting: %d %i %u %o %x %X %c %s %p %% %n-less,
 * length modifiers hh h l ll z j t L, flags "-+ 0#", width and precision
 * (also via '*'), and %f %e %g via format_float.c. */
#include "format.h"
#include <stdint.h>
#include <string.h>

struct spec {
    int minus, plus, space, zero, alt;
    int width, prec; /* prec < 0: none given */
    char len;        /* 'H' hh, 'h', 'l', 'L' ll/j/z/t, 'D' long double */
    char conv;
};

static void emit(struct sink *s, const char *p, size_t n)
{
    s->put(s, p, n);
    s->count += n;
}

static void emit_repeat(struct sink *s, char c, int n)
{
    char block[16];

    memset(block, c, sizeof(block));
    for (; n > 0; n -= 16)
        emit(s, block, n < 16 ? n : 16);
}

/* Lays out [spaces][prefix][zeros][body][spaces] per width and flags. */
static void emit_field(struct sink *s, const struct spec *sp, const char *prefix,
                       const char *body, int len, int zeros)
{
    int plen = strlen(prefix);
    int pad = sp->width - plen - zeros - len;

    if (pad > 0 && sp->zero && !sp->minus) {
        zeros += pad;
        pad = 0;
    }
    if (!sp->minus)
        emit_repeat(s, ' ', pad);
    emit(s, prefix, plen);
    emit_repeat(s, '0', zeros);
    emit(s, body, len);
    if (sp->minus)
        emit_repeat(s, ' ', pad);
}

static const char *parse_flags(const char *f, struct spec *sp)
{
    for (;; f++) {
        switch (*f) {
        case '-': sp->minus = 1; break;
        case '+': sp->plus = 1; break;
        case ' ': sp->space = 1; break;
        case '0': sp->zero = 1; break;
        case '#': sp->alt = 1; break;
        default: return f;
        }
    }
}

static const char *parse_number(const char *f, int *out, va_list *ap)
{
    int n = 0;

    if (*f == '*') {
        *out = va_arg(*ap, int);
        return f + 1;
    }
    while (*f >= '0' && *f <= '9')
        n = n * 10 + (*f++ - '0');
    *out = n;
    return f;
}

static const char *parse_length(const char *f, struct spec *sp)
{
    sp->len = 0;
    if (f[0] == 'h' && f[1] == 'h')
        return sp->len = 'H', f + 2;
    if (f[0] == 'l' && f[1] == 'l')
        return sp->len = 'L', f + 2;
    if (*f == 'h' || *f == 'l')
        return sp->len = *f, f + 1;
    if (*f == 'z' || *f == 'j' || *f == 't')
        return sp->len = 'L', f + 1;
    if (*f == 'L')
        return sp->len = 'D', f + 1;
    return f;
}

/* Parses "%[flags][width][.prec][len]conv" (f points past the '%'). */
static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
    memset(sp, 0, sizeof(*sp));
    f = parse_flags(f, sp);
    f = parse_number(f, &sp->width, ap);
    if (sp->width < 0) {
        sp->minus = 1;
        sp->width = -sp->width;
    }
    sp->prec = -1;
    if (*f == '.') {
        f = parse_number(f + 1, &sp->prec, ap);
        if (sp->prec < 0)
            sp->prec = -1;
    }
    f = parse_length(f, sp);
    sp->conv = *f;
    return *f ? f + 1 : f;
}

static int64_t fetch_signed(const struct spec *sp, va_list *ap)
{
    switch (sp->len) {
    case 'H': return (signed char)va_arg(*ap, int);
    case 'h': return (short)va_arg(*ap, int);
    case 'l': return va_arg(*ap, long);
    case 'L': return va_arg(*ap, long long);
    default: return va_arg(*ap, int);
    }
}

static uint64_t fetch_unsigned(const struct spec *sp, va_list *ap)
{
    switch (sp->len) {
    case 'H': return (unsigned char)va_arg(*ap, unsigned);
    case 'h': return (unsigned short)va_arg(*ap, unsigned);
    case 'l': return va_arg(*ap, unsigned long);
    case 'L': return va_arg(*ap, unsigned long long);
    default: return va_arg(*ap, unsigned);
    }
}

/* Digits of v in base, written backwards ending at end; returns start. */
static char *utoa(uint64_t v, unsigned base, int upper, char *end)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";

    do {
        *--end = digits[v % base];
        v /= base;
    } while (v);
    return end;
}

static void format_integer(struct sink *s, struct spec *sp, va_list *ap)
{
    char buf[24], *end = buf + sizeof(buf), *p;
    const char *prefix = "";
    unsigned base = 10;
    uint64_t v;
    int len, zeros;

    if (sp->conv == 'd' || sp->conv == 'i') {
        int64_t sv = fetch_signed(sp, ap);
        v = sv < 0 ? -(uint64_t)sv : (uint64_t)sv;
        prefix = sv < 0 ? "-" : sp->plus ? "+" : sp->space ? " " : "";
    } else if (sp->conv == 'p') {
        v = (uintptr_t)va_arg(*ap, void *);
        base = 16;
        prefix = "0x";
    } else {
        v = fetch_unsigned(sp, ap);
        base = sp->conv == 'u' ? 10 : sp->conv == 'o' ? 8 : 16;
        if (sp->alt && v && base == 16)
            prefix = sp->conv == 'X' ? "0X" : "0x";
    }
    p = (v == 0 && sp->prec == 0) ? end : utoa(v, base, sp->conv == 'X', end);
    len = end - p;
    if (sp->alt && base == 8 && (len == 0 || *p != '0'))
        *--p = '0', len++;
    zeros = sp->prec > len ? sp->prec - len : 0;
    if (sp->prec >= 0)
        sp->zero = 0; /* C: a precision disables the 0 flag for integers */
    emit_field(s, sp, prefix, p, len, zeros);
}

static void format_string(struct sink *s, struct spec *sp, va_list *ap)
{
    const char *str = va_arg(*ap, const char *);
    int len;

    if (!str)
        str = "(null)";
    len = sp->prec >= 0 ? (int)strnlen(str, sp->prec) : (int)strlen(str);
    sp->zero = 0;
    emit_field(s, sp, "", str, len, 0);
}

static void format_char(struct sink *s, struct spec *sp, va_list *ap)
{
    char c = (char)va_arg(*ap, int);

    sp->zero = 0;
    emit_field(s, sp, "", &c, 1, 0);
}

static void format_double(struct sink *s, struct spec *sp, va_list *ap)
{
    char buf[352];
    double x = sp->len == 'D' ? (double)va_arg(*ap, long double) : va_arg(*ap, double);
    int neg = __builtin_signbit(x);
    const char *prefix = neg ? "-" : sp->plus ? "+" : sp->space ? " " : "";
    int len = format_float(buf, sizeof(buf), neg ? -x : x, sp->conv, sp->prec, sp->alt);

    if (__builtin_isnan(x) || __builtin_isinf(x))
        sp->zero = 0;
    emit_field(s, sp, prefix, buf, len, 0);
}

static void format_one(struct sink *s, struct spec *sp, va_list *ap)
{
    switch (sp->conv) {
    case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p':
        format_integer(s, sp, ap);
        break;
    case 's': format_string(s, sp, ap); break;
    case 'c': format_char(s, sp, ap); break;
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
        format_double(s, sp, ap);
        break;
    case '%': emit(s, "%", 1); break;
    default: /* unknown conversion: print it as written */
        emit(s, "%", 1);
        if (sp->conv)
            emit(s, &sp->conv, 1);
    }
}

int format(struct sink *s, const char *fmt, va_list ap)
{
    va_list args;
    struct spec sp;

    va_copy(args, ap);
    while (*fmt) {
        const char *pct = strchr(fmt, '%');
        size_t run = pct ? (size_t)(pct - fmt) : strlen(fmt);
        emit(s, fmt, run);
        if (!pct)
            break;
        fmt = parse_spec(pct + 1, &sp, &args);
        format_one(s, &sp, &args);
    }
    va_end(args);
    return (int)s->count;
}
