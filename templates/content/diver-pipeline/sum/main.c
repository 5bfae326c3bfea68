#include <stdio.h>
#include <stdlib.h>

/* Stage 'sum': adds up the numbers 'gen' wrote to numbers.txt and prints the total. */
int main(void)
{
    FILE *in = fopen("/numbers.txt", "r");
    if (!in) {
        printf("sum: cannot read /numbers.txt (does 'gen' run first?)\n");
        return 1;
    }
    char line[64];
    long long total = 0, count = 0;
    while (fgets(line, sizeof line, in)) {
        total += strtoll(line, NULL, 10);
        count++;
    }
    fclose(in);
    printf("sum: %lld numbers add up to %lld\n", count, total);
    return 0;
}
