/* qsort.c - heapsort: O(n log n) in the worst case, no recursion and no
 * extra memory, which suits a kernel stack better than quicksort. */
#include <stdlib.h>

typedef int (*cmp_fn)(const void *, const void *);

static void swap_bytes(char *a, char *b, size_t size)
{
    while (size--) {
        char t = *a;
        *a++ = *b;
        *b++ = t;
    }
}

/* Restore the max-heap property below node i in a heap of n elements. */
static void sift_down(char *base, size_t i, size_t n, size_t size, cmp_fn cmp)
{
    for (;;) {
        size_t child = 2 * i + 1, big = i;
        if (child < n && cmp(base + child * size, base + big * size) > 0)
            big = child;
        if (child + 1 < n && cmp(base + (child + 1) * size, base + big * size) > 0)
            big = child + 1;
        if (big == i)
            return;
        swap_bytes(base + i * size, base + big * size, size);
        i = big;
    }
}

void qsort(void *base, size_t n, size_t size, cmp_fn cmp)
{
    char *b = base;
    size_t i;

    if (n < 2 || size == 0)
        return;
    for (i = n / 2; i-- > 0;)
        sift_down(b, i, n, size, cmp);
    for (i = n - 1; i > 0; i--) {
        swap_bytes(b, b + i * size, size);
        sift_down(b, 0, i, size, cmp);
    }
}
