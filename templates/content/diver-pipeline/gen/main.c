#include <stdio.h>
#include <stdlib.h>

/* Stage 'gen': writes the numbers 1..N (argv[1], default 1000) to numbers.txt, one a line.
   In SplitVM the file lands in the stage's SplitVMRoot on the host, where 'sum' reads it. */
int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
    FILE *out = fopen("/numbers.txt", "w");
    if (!out) {
        printf("gen: cannot write /numbers.txt (run in SplitVM mode)\n");
        return 1;
    }
    for (long i = 1; i <= n; i++)
        fprintf(out, "%ld\n", i);
    fclose(out);
    printf("gen: wrote %ld numbers\n", n);
    return 0;
}
