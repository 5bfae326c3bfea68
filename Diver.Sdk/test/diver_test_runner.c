/*
 * The in-guest test runner Diver.Sdk compiles into every test net (docs/testing.md). It walks
 * the DIVER_TEST table and reports on the console in lines the host reads (Diver.Cli/Test):
 *
 *   @@diver-test:list  <TAB> index <TAB> name <TAB> line <TAB> file     (argv: --list)
 *   @@diver-test:start <TAB> index                                      (argv: --run RANGES, or nothing: all)
 *   @@diver-test:fail  <TAB> index <TAB> line <TAB> file <TAB> message
 *   @@diver-test:skip  <TAB> index <TAB> reason
 *   @@diver-test:end   <TAB> index
 *   @@diver-test:done
 *
 * RANGES is "0-4,7,9-12" (indexes into the table). The host times tests from when these lines
 * arrive, so the guest needs no clock; a test that panics, faults or hangs never prints "end",
 * and the host boots the net again to run the tests after it. Only stdio output and main's
 * argv and return value are used: what every Diver kernel provides (docs/kernel-contract.md).
 */
#include <diver/test.h>
#include <stdio.h>

#define MARK "@@diver-test:"

/* Bounds of the table; the linker defines them for a section whose name is a C identifier. */
extern const struct diver_test __start_diver_tests[] __attribute__((weak));
extern const struct diver_test __stop_diver_tests[] __attribute__((weak));

static int current = -1;
static int current_failed;
static int any_failed;

static void out(const char *s) { fputs(s, stdout); }

/* Free text on one protocol line: tabs and line breaks would split the line's fields. */
static void out_field(const char *s)
{
    char buffer[128];
    int n = 0;
    for (; s && *s; s++) {
        buffer[n++] = (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s;
        if (n == (int)sizeof buffer - 1) {
            buffer[n] = 0;
            out(buffer);
            n = 0;
        }
    }
    buffer[n] = 0;
    out(buffer);
}

static void out_int(long long v)
{
    char digits[24];
    int n = sizeof digits - 1;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    digits[n] = 0;
    do {
        digits[--n] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        digits[--n] = '-';
    out(digits + n);
}

/* Six decimals, rounded; enough to show why a tolerance was missed without needing printf's %f. */
static void out_double(double v)
{
    if (v != v) {
        out("nan");
        return;
    }
    if (v < 0) {
        out("-");
        v = -v;
    }
    if (v > 9.2e18) {
        out(v - v != 0 ? "inf" : "huge");
        return;
    }
    unsigned long long whole = (unsigned long long)v;
    unsigned long long micro = (unsigned long long)((v - (double)whole) * 1e6 + 0.5);
    if (micro >= 1000000) {
        whole++;
        micro -= 1000000;
    }
    out_int((long long)whole);
    out(".");
    char frac[7];
    for (int i = 5; i >= 0; i--) {
        frac[i] = (char)('0' + micro % 10);
        micro /= 10;
    }
    frac[6] = 0;
    out(frac);
}

/* Starts a protocol line on a fresh line, whatever the test printed last. */
static void begin(const char *kind)
{
    out("\n" MARK);
    out(kind);
}

static void fail_begin(const char *file, int line)
{
    current_failed = any_failed = 1;
    begin("fail\t");
    out_int(current);
    out("\t");
    out_int(line);
    out("\t");
    out_field(file);
    out("\t");
}

static void fail_end(void)
{
    out("\n");
    fflush(stdout);
}

void diver_test_fail_(const char *file, int line, const char *message)
{
    fail_begin(file, line);
    out_field(message);
    fail_end();
}

void diver_test_fail_eq_(const char *file, int line, const char *expression_a, const char *expression_b,
                         long long a, long long b, const char *op)
{
    fail_begin(file, line);
    out("Assert failed: ");
    out_field(expression_a);
    out(" ");
    out(op);
    out(" ");
    out_field(expression_b);
    out("; ");
    out_field(expression_a);
    out(" is ");
    out_int(a);
    out(", ");
    out_field(expression_b);
    out(" is ");
    out_int(b);
    fail_end();
}

static void out_quoted(const char *s)
{
    if (!s) {
        out("NULL");
        return;
    }
    out("\"");
    out_field(s);
    out("\"");
}

void diver_test_fail_str_(const char *file, int line, const char *expression_a, const char *expression_b,
                          const char *a, const char *b)
{
    fail_begin(file, line);
    out("Assert failed: ");
    out_field(expression_a);
    out(" == ");
    out_field(expression_b);
    out("; ");
    out_field(expression_a);
    out(" is ");
    out_quoted(a);
    out(", ");
    out_field(expression_b);
    out(" is ");
    out_quoted(b);
    fail_end();
}

void diver_test_fail_near_(const char *file, int line, const char *expression_a, const char *expression_b,
                           double a, double b, double tolerance)
{
    fail_begin(file, line);
    out("Assert failed: ");
    out_field(expression_a);
    out(" near ");
    out_field(expression_b);
    out("; ");
    out_field(expression_a);
    out(" is ");
    out_double(a);
    out(", ");
    out_field(expression_b);
    out(" is ");
    out_double(b);
    out(", tolerance ");
    out_double(tolerance);
    fail_end();
}

void diver_test_skip_(const char *file, int line, const char *why)
{
    (void)file;
    (void)line;
    begin("skip\t");
    out_int(current);
    out("\t");
    out_field(why);
    out("\n");
    fflush(stdout);
}

int diver_test_str_equal_(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static int count(void) { return (int)(__stop_diver_tests - __start_diver_tests); }

static void run_one(int index)
{
    const struct diver_test *test = &__start_diver_tests[index];
    current = index;
    current_failed = 0;
    begin("start\t");
    out_int(index);
    out("\n");
    fflush(stdout);
    if (diver_test_setup)
        diver_test_setup();
    test->run();
    if (diver_test_teardown)
        diver_test_teardown();
    begin("end\t");
    out_int(index);
    out("\n");
    fflush(stdout);
}

static int parse_int(const char **s)
{
    int v = 0;
    while (**s >= '0' && **s <= '9')
        v = v * 10 + (*(*s)++ - '0');
    return v;
}

/* "0-4,7": runs each index in order; indexes past the table are ignored. */
static void run_ranges(const char *ranges)
{
    const char *s = ranges;
    while (*s) {
        int from = parse_int(&s), to = from;
        if (*s == '-') {
            s++;
            to = parse_int(&s);
        }
        for (int i = from; i <= to && i < count(); i++)
            run_one(i);
        if (*s != ',')
            break;
        s++;
    }
}

static void list(void)
{
    for (int i = 0; i < count(); i++) {
        begin("list\t");
        out_int(i);
        out("\t");
        out_field(__start_diver_tests[i].name);
        out("\t");
        out_int(__start_diver_tests[i].line);
        out("\t");
        out_field(__start_diver_tests[i].file);
        out("\n");
    }
}

static int same(const char *a, const char *b) { return diver_test_str_equal_(a, b); }

int main(int argc, char **argv)
{
    if (argc > 1 && same(argv[1], "--list")) {
        list();
    } else if (argc > 2 && same(argv[1], "--run")) {
        run_ranges(argv[2]);
    } else {
        for (int i = 0; i < count(); i++)
            run_one(i);
    }
    begin("done\n");
    fflush(stdout);
    /* Run by hand (dotnet run), the exit code still says whether every test passed. */
    return any_failed;
}
