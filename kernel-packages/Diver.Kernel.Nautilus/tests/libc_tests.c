/* The kernel's C library, tested inside the kernel: `dotnet test` in this project (docs/testing.md). */
#include <diver/test.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

DIVER_TEST(snprintf_formats_integers_and_strings)
{
    char buffer[64];
    int n = snprintf(buffer, sizeof buffer, "%d|%5s|%-3u|%x|%lld", -42, "ab", 7u, 255u, -9000000000LL);
    DIVER_ASSERT_STR_EQ(buffer, "-42|   ab|7  |ff|-9000000000");
    DIVER_ASSERT_EQ(n, (int)strlen(buffer));
}

DIVER_TEST(snprintf_truncates_and_counts_what_it_would_write)
{
    char buffer[4];
    DIVER_ASSERT_EQ(snprintf(buffer, sizeof buffer, "%s", "kernel"), 6);
    DIVER_ASSERT_STR_EQ(buffer, "ker");
}

DIVER_TEST(snprintf_formats_floats)
{
    char buffer[32];
    /* No exact ties (2.5): this libc rounds them away from zero, glibc to even. */
    snprintf(buffer, sizeof buffer, "%.2f %.0f %.3f", 1.25, 2.75, -0.0626);
    DIVER_ASSERT_STR_EQ(buffer, "1.25 3 -0.063");
}

DIVER_TEST(strtol_reads_bases_and_stops_at_junk)
{
    char *end;
    DIVER_ASSERT_EQ(strtol("  -0x1f!", &end, 16), -31);
    DIVER_ASSERT_EQ(*end, '!');
    DIVER_ASSERT_EQ(strtol("777", NULL, 8), 511);
    DIVER_ASSERT_EQ(strtoull("18446744073709551615", NULL, 10) == 18446744073709551615ULL, 1);
}

DIVER_TEST(strtod_reads_decimals_and_exponents)
{
    DIVER_ASSERT_NEAR(strtod("3.25e2", NULL), 325.0, 1e-9);
    DIVER_ASSERT_NEAR(atof("-0.125"), -0.125, 1e-12);
}

DIVER_TEST(malloc_realloc_keep_contents)
{
    char *p = malloc(16);
    DIVER_ASSERT(p != NULL);
    strcpy(p, "diver");
    p = realloc(p, 4096);
    DIVER_ASSERT(p != NULL);
    DIVER_ASSERT_STR_EQ(p, "diver");
    free(p);
    int *zeros = calloc(100, sizeof *zeros);
    DIVER_ASSERT(zeros != NULL);
    for (int i = 0; i < 100; i++)
        DIVER_ASSERT_EQ(zeros[i], 0);
    free(zeros);
}

static int by_value(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

DIVER_TEST(qsort_sorts)
{
    int v[] = {5, -1, 3, 3, 0, 9, 2};
    qsort(v, 7, sizeof v[0], by_value);
    for (int i = 1; i < 7; i++)
        DIVER_ASSERT_LE(v[i - 1], v[i]);
}
