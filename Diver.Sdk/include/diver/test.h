/*
 * diver/test.h - tests that run inside the kernel, for `dotnet test` (docs/testing.md).
 *
 *   #include <diver/test.h>
 *   DIVER_TEST(adds_small_numbers) { DIVER_ASSERT_EQ(add(1, 2), 3); }
 *
 * Each DIVER_TEST is recorded in a table (the linker section "diver_tests", kept by "retain"
 * since ld.lld collects sections only reached through __start_/__stop_); the runner that
 * Diver.Sdk compiles into a test net walks it. An assertion that fails reports the test as
 * failed and returns from the test function, so assert in the test body (or test the result of
 * a helper there). Nothing here needs more from the kernel than the Diver kernel contract
 * guarantees: stdio output and main's argv and return value.
 */
#ifndef DIVER_TEST_H
#define DIVER_TEST_H

#ifdef __cplusplus
extern "C" {
#endif

struct diver_test {
    const char *name;
    const char *file;
    int line;
    void (*run)(void);
};

/* Reports (not aborts): the runner prints one result line; the macros return from the test. */
void diver_test_fail_(const char *file, int line, const char *message);
void diver_test_fail_eq_(const char *file, int line, const char *expression_a, const char *expression_b,
                         long long a, long long b, const char *op);
void diver_test_fail_str_(const char *file, int line, const char *expression_a, const char *expression_b,
                          const char *a, const char *b);
void diver_test_fail_near_(const char *file, int line, const char *expression_a, const char *expression_b,
                           double a, double b, double tolerance);
void diver_test_skip_(const char *file, int line, const char *why);
int diver_test_str_equal_(const char *a, const char *b);

/* Optional hooks: define them once in a test net to run code around every test. */
void diver_test_setup(void) __attribute__((weak));
void diver_test_teardown(void) __attribute__((weak));
#define DIVER_SETUP() void diver_test_setup(void)
#define DIVER_TEARDOWN() void diver_test_teardown(void)

#define DIVER_TEST(name)                                                                       \
    static void diver_test_body_##name(void);                                                  \
    __attribute__((used, retain, section("diver_tests"), aligned(8)))                            \
    static const struct diver_test diver_test_entry_##name = {#name, __FILE__, __LINE__,      \
                                                              diver_test_body_##name};         \
    static void diver_test_body_##name(void)

/* Fails with "Assert failed: COND". */
#define DIVER_ASSERT(cond)                                                                     \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            diver_test_fail_(__FILE__, __LINE__, "Assert failed: " #cond);                     \
            return;                                                                            \
        }                                                                                      \
    } while (0)

/* Integers. Fails with "Assert.Equal failed: A == B; A is 3, B is 4". */
#define DIVER_ASSERT_EQ(a, b) DIVER_ASSERT_CMP_(a, b, ==)
#define DIVER_ASSERT_NE(a, b) DIVER_ASSERT_CMP_(a, b, !=)
#define DIVER_ASSERT_LT(a, b) DIVER_ASSERT_CMP_(a, b, <)
#define DIVER_ASSERT_LE(a, b) DIVER_ASSERT_CMP_(a, b, <=)
#define DIVER_ASSERT_GT(a, b) DIVER_ASSERT_CMP_(a, b, >)
#define DIVER_ASSERT_GE(a, b) DIVER_ASSERT_CMP_(a, b, >=)
#define DIVER_ASSERT_CMP_(a, b, op)                                                            \
    do {                                                                                       \
        long long diver_a_ = (long long)(a), diver_b_ = (long long)(b);                        \
        if (!(diver_a_ op diver_b_)) {                                                         \
            diver_test_fail_eq_(__FILE__, __LINE__, #a, #b, diver_a_, diver_b_, #op);          \
            return;                                                                            \
        }                                                                                      \
    } while (0)

/* NUL-terminated strings (NULL allowed). Fails with: A == B; A is "x", B is "y". */
#define DIVER_ASSERT_STR_EQ(a, b)                                                              \
    do {                                                                                       \
        const char *diver_a_ = (a), *diver_b_ = (b);                                           \
        if (!diver_test_str_equal_(diver_a_, diver_b_)) {                                      \
            diver_test_fail_str_(__FILE__, __LINE__, #a, #b, diver_a_, diver_b_);              \
            return;                                                                            \
        }                                                                                      \
    } while (0)

/* Floating point: |A - B| <= TOLERANCE. Fails with both values and the tolerance (6 decimals). */
#define DIVER_ASSERT_NEAR(a, b, tolerance)                                                     \
    do {                                                                                       \
        double diver_a_ = (double)(a), diver_b_ = (double)(b), diver_t_ = (double)(tolerance); \
        double diver_d_ = diver_a_ > diver_b_ ? diver_a_ - diver_b_ : diver_b_ - diver_a_;     \
        if (!(diver_d_ <= diver_t_)) {                                                         \
            diver_test_fail_near_(__FILE__, __LINE__, #a, #b, diver_a_, diver_b_, diver_t_);   \
            return;                                                                            \
        }                                                                                      \
    } while (0)

/* Fails unconditionally with MESSAGE. */
#define DIVER_FAIL(message)                                                                    \
    do {                                                                                       \
        diver_test_fail_(__FILE__, __LINE__, (message));                                       \
        return;                                                                                \
    } while (0)

/* Ends the test as skipped, with the reason shown beside it. */
#define DIVER_SKIP(why)                                                                        \
    do {                                                                                       \
        diver_test_skip_(__FILE__, __LINE__, (why));                                           \
        return;                                                                                \
    } while (0)

#ifdef __cplusplus
}
#endif
#endif
