#include <diver/test.h>
#include <string.h>

/* Replace these with tests of your code. Each DIVER_TEST is one test in dotnet test's results. */

static int add(int a, int b) { return a + b; }

DIVER_TEST(adds_small_numbers)
{
    DIVER_ASSERT_EQ(add(2, 3), 5);
    DIVER_ASSERT(add(-1, 1) == 0);
}

DIVER_TEST(compares_strings)
{
    DIVER_ASSERT_STR_EQ("kernel", "kernel");
    DIVER_ASSERT_EQ(strlen("net"), 3);
}

DIVER_TEST(needs_two_cpus)
{
    DIVER_SKIP("an example of a skipped test: remove it");
}
