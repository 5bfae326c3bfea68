/* cmdline.c - boot command line -> argc/argv.
 *
 * Rules (shell-like, no expansion): blanks separate words; "..." groups a
 * word that may hold blanks; a backslash makes the next character literal
 * (inside or outside quotes). The launcher puts the app name first, so
 * argv[0] is the app's name. */
#include <platform/cmdline.h>
#include <platform/kmem.h>
#include <platform/panic.h>
#include <string.h>

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Copies one word starting at *src into dst (unquoted, unescaped);
 * advances *src past it and returns the end of the written word. */
static char *take_word(const char **src, char *dst)
{
    const char *s = *src;
    int quoted = 0;

    for (; *s && (quoted || !is_blank(*s)); s++) {
        if (*s == '\\' && s[1])
            *dst++ = *++s;
        else if (*s == '"')
            quoted = !quoted;
        else
            *dst++ = *s;
    }
    *src = s;
    *dst++ = '\0';
    return dst;
}

static const char *skip_blanks(const char *s)
{
    while (is_blank(*s))
        s++;
    return s;
}

/* One pass counting words, so argv is allocated exactly once. */
static int count_words(const char *s, char *scratch)
{
    int n = 0;

    for (s = skip_blanks(s); *s; s = skip_blanks(s)) {
        take_word(&s, scratch);
        n++;
    }
    return n;
}

char **cmdline_to_argv(const char *cmdline, int *argc)
{
    size_t len = strlen(cmdline);
    char *strings = kmem_alloc(len + 1); /* argv is kept for the whole run */
    char **argv;
    char *out;
    int n, i;

    if (!strings)
        panic("cmdline: out of memory");
    n = count_words(cmdline, strings);
    argv = kmem_alloc((n + 1) * sizeof(char *));
    if (!argv)
        panic("cmdline: out of memory");
    out = strings;
    cmdline = skip_blanks(cmdline);
    for (i = 0; i < n; i++) {
        argv[i] = out;
        out = take_word(&cmdline, out);
        cmdline = skip_blanks(cmdline);
    }
    argv[n] = 0;
    *argc = n;
    return argv;
}
