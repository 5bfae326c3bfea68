/* assert.h - a failed assert prints
 *   Assertion failed: expr, file F, line L, function fn
 * and panics (QEMU exit status 255). Define NDEBUG to compile it out.
 * Deliberately no include guard: NDEBUG may change between inclusions. */
#undef assert

#ifdef __cplusplus
extern "C"
#endif
__attribute__((noreturn)) void __assert_fail(const char *expr, const char *file,
                                             unsigned line, const char *func);

#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) ((e) ? (void)0 : __assert_fail(#e, __FILE__, __LINE__, __func__))
#endif

#if !defined(__cplusplus) && !defined(static_assert)
#define static_assert _Static_assert
#endif
